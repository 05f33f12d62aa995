import { sql, type Kysely, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB } from '../../db/schema';
import { AppError, notFound } from '../../platform/errors';
import { assertEveryStore } from '../../platform/http';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { loadProducts } from './catalog.repository';
import type { Category } from './catalog.model';
import { CatalogErrorCode, fieldError } from './catalog.errors';
import type { ReviewCorrections } from './catalog.schemas';
import { assertSkuUnitChangeAllowed, cannabisContentProblem, CatalogEvents, labFactsProblem } from './catalog.service';
import type { StructureGuess } from './structure-guess';

// The review queue: SKUs whose category or size was guessed from the register name with low
// confidence. They stay off the storefront, and checkout sees `reviewStatus`, until a person
// accepts the guess (with corrections) or rejects it.

/** A decision changes the catalog every store sells from (as PATCH on a product or SKU does). */
const EVERY_STORE_REVIEW = 'decide a catalog review item: every store sells from the one catalog';

export interface ReviewItemView {
  id: string;
  skuId: string;
  skuCode: string;
  productId: string;
  registerName: string;
  suggestion: unknown;
  filledFields: string[];
  confidence: number;
  reasons: string[];
  source: string;
  status: 'pending' | 'accepted' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decision: unknown;
  createdAt: string;
}

/** Adds a pending review for a SKU, unless one is already pending. */
export async function queueForReview(
  trx: Transaction<DB> | Kysely<DB>,
  organizationId: string,
  item: { skuId: string; registerName: string; guess: StructureGuess; source: 'api' | 'import' },
): Promise<void> {
  await queueManyForReview(trx, organizationId, [item]);
}

export async function queueManyForReview(
  trx: Transaction<DB> | Kysely<DB>,
  organizationId: string,
  items: { skuId: string; registerName: string; guess: StructureGuess; source: 'api' | 'import' }[],
): Promise<number> {
  if (items.length === 0) return 0;
  const result = await sql`
    insert into catalog_review_item (id, organization_id, sku_id, register_name, suggestion, filled_fields, confidence, reasons, source)
    select v.id, ${organizationId}::uuid, v.sku_id, v.register_name, v.suggestion, v.filled_fields, v.confidence, v.reasons, v.source
    from jsonb_to_recordset(${JSON.stringify(
      items.map((item) => ({
        id: uuidv7(),
        sku_id: item.skuId,
        register_name: item.registerName,
        suggestion: { ...item.guess.result, filled: item.guess.structure },
        filled_fields: item.guess.filledFields,
        confidence: item.guess.result.confidence,
        reasons: item.guess.result.reviewReasons,
        source: item.source,
      })),
    )}::jsonb) as v(id uuid, sku_id uuid, register_name text, suggestion jsonb, filled_fields text[], confidence numeric, reasons text[], source text)
    on conflict (sku_id) where status = 'pending' do nothing`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

type ReviewRow = {
  id: string;
  sku_id: string;
  code: string;
  product_id: string;
  register_name: string;
  suggestion: unknown;
  filled_fields: string[];
  confidence: string;
  reasons: string[];
  source: string;
  status: string;
  decided_by: string | null;
  decided_at: Date | string | null;
  decision: unknown;
  created_at: Date;
};

const toView = (row: ReviewRow): ReviewItemView => ({
  id: row.id,
  skuId: row.sku_id,
  skuCode: row.code,
  productId: row.product_id,
  registerName: row.register_name,
  suggestion: row.suggestion,
  filledFields: row.filled_fields,
  confidence: Number(row.confidence),
  reasons: row.reasons,
  source: row.source,
  status: row.status as ReviewItemView['status'],
  decidedBy: row.decided_by,
  decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
  decision: row.decision,
  createdAt: new Date(row.created_at).toISOString(),
});

function selectItems(db: Kysely<DB>, organizationId: string) {
  return db
    .selectFrom('catalog_review_item as r')
    .innerJoin('sku', 'sku.id', 'r.sku_id')
    .select([
      'r.id',
      'r.sku_id',
      'sku.code',
      'sku.product_id',
      'r.register_name',
      'r.suggestion',
      'r.filled_fields',
      'r.confidence',
      'r.reasons',
      'r.source',
      'r.status',
      'r.decided_by',
      'r.decided_at',
      'r.decision',
      'r.created_at',
    ])
    .where('r.organization_id', '=', organizationId);
}

export async function listReviewItems(
  db: Db,
  organizationId: string,
  filter: { status: 'pending' | 'accepted' | 'rejected'; limit: number; after?: string },
): Promise<{ items: ReviewItemView[]; nextCursor: string | null }> {
  let query = selectItems(db, organizationId).where('r.status', '=', filter.status);
  if (filter.after) query = query.where('r.id', '>', filter.after);
  const rows = await query.orderBy('r.id').limit(filter.limit).execute();
  return { items: rows.map(toView), nextCursor: rows.length === filter.limit ? rows[rows.length - 1].id : null };
}

/**
 * Locks the item's product, then the item and its SKU. The product first, as the catalog's writes
 * do (adding or changing a SKU): a decision then sees every SKU the product has, and a SKU added
 * meanwhile is checked against the category it will have.
 */
async function lockPending(uow: UnitOfWork, organizationId: string, id: string) {
  const found = await selectItems(uow.trx, organizationId).where('r.id', '=', id).executeTakeFirst();
  if (!found) throw notFound('Review item', id);
  await uow.trx.selectFrom('product').select('id').where('id', '=', found.product_id).forUpdate().executeTakeFirst();
  const row = await selectItems(uow.trx, organizationId).where('r.id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('Review item', id);
  if (row.status !== 'pending') {
    throw new AppError(409, CatalogErrorCode.REVIEW_ALREADY_DECIDED, `This review item was already ${row.status}.`, { status: row.status });
  }
  return row;
}

export async function acceptReviewItem(
  uow: UnitOfWork,
  organizationId: string,
  id: string,
  corrections: ReviewCorrections,
): Promise<ReviewItemView> {
  assertEveryStore(uow.actor, EVERY_STORE_REVIEW);
  const item = await lockPending(uow, organizationId, id);
  const [before] = await loadProducts(uow.trx, organizationId, [item.product_id]);
  const sku = before.skus.find((s) => s.id === item.sku_id)!;
  let brand: { id: string; name: string } | null | undefined;
  if (corrections.brandId !== undefined) {
    brand = corrections.brandId
      ? await uow.trx
          .selectFrom('brand')
          .select(['id', 'name'])
          .where('organization_id', '=', organizationId)
          .where('id', '=', corrections.brandId)
          .executeTakeFirst()
      : null;
    if (brand === undefined) throw fieldError(400, CatalogErrorCode.UNKNOWN_BRAND, 'No such brand in this organization.', ['body', 'brandId']);
  }
  const category = (corrections.category ?? before.category) as Category;
  const merged = { ...sku, ...corrections };
  const problem = cannabisContentProblem(category, merged) ?? labFactsProblem(merged);
  if (problem) throw fieldError(400, problem.code, problem.message, ['body', 'corrections', problem.field]);
  if (corrections.unit !== undefined && corrections.unit !== sku.unit) {
    await assertSkuUnitChangeAllowed(uow.trx, { organizationId, skuId: sku.id, code: sku.code, to: corrections.unit }, ['body', 'corrections', 'unit']);
  }
  if (category !== before.category) {
    // The category is the product's: its other SKUs must state what the new one counts (as
    // PATCH /v1/catalog/products/:id checks).
    for (const [i, other] of before.skus.entries()) {
      if (other.id === sku.id) continue;
      const otherProblem = cannabisContentProblem(category, other);
      if (otherProblem) {
        throw new AppError(400, otherProblem.code, `${otherProblem.message} SKU ${other.code} does not.`, [
          { path: ['body', 'corrections', 'category'], message: otherProblem.message, skuId: other.id, skuIndex: i },
        ]);
      }
    }
  }

  await uow.trx
    .updateTable('product')
    .set({
      ...(corrections.category !== undefined && { category: corrections.category }),
      ...(corrections.strainType !== undefined && { strain_type: corrections.strainType }),
      ...(brand !== undefined && { brand_id: brand?.id ?? null, brand_name: brand?.name ?? null }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', item.product_id)
    .execute();
  await uow.trx
    .updateTable('sku')
    .set({
      ...(corrections.sizeLabel !== undefined && { size_label: corrections.sizeLabel }),
      ...(corrections.unit !== undefined && { unit: corrections.unit }),
      ...(corrections.netWeightMg !== undefined && { net_weight_mg: corrections.netWeightMg }),
      ...(corrections.packCount !== undefined && { pack_count: corrections.packCount }),
      ...(corrections.thcMg !== undefined && { thc_mg: corrections.thcMg }),
      ...(corrections.thcMgPerServing !== undefined && { thc_mg_per_serving: corrections.thcMgPerServing }),
      ...(corrections.thcPercent !== undefined && { thc_percent: corrections.thcPercent }),
      ...(corrections.cbdMg !== undefined && { cbd_mg: corrections.cbdMg }),
      review_status: 'confirmed',
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', item.sku_id)
    .execute();
  await uow.trx
    .updateTable('catalog_review_item')
    .set({ status: 'accepted', decided_by: uow.actor.id, decided_at: new Date(), decision: JSON.stringify({ corrections }) })
    .where('id', '=', id)
    .execute();
  const [after] = await loadProducts(uow.trx, organizationId, [item.product_id]);
  await uow.audit({
    action: 'catalog.review.accepted',
    entityType: 'sku',
    entityId: item.sku_id,
    before: { registerName: item.register_name, sku, category: before.category, strainType: before.strainType, brandId: before.brandId },
    after: {
      corrections,
      sku: after.skus.find((s) => s.id === item.sku_id),
      category: after.category,
      strainType: after.strainType,
      brandId: after.brandId,
    },
  });
  await uow.emit({ type: CatalogEvents.productUpdated, aggregateType: 'product', aggregateId: after.id, payload: { product: after } });
  return toView((await selectItems(uow.trx, organizationId).where('r.id', '=', id).executeTakeFirstOrThrow()) as ReviewRow);
}

export async function rejectReviewItem(uow: UnitOfWork, organizationId: string, id: string, reason: string | undefined): Promise<ReviewItemView> {
  assertEveryStore(uow.actor, EVERY_STORE_REVIEW);
  const item = await lockPending(uow, organizationId, id);
  await uow.trx
    .updateTable('catalog_review_item')
    .set({ status: 'rejected', decided_by: uow.actor.id, decided_at: new Date(), decision: JSON.stringify({ reason: reason ?? null }) })
    .where('id', '=', id)
    .execute();
  // The guess stays on the SKU for reference but the SKU is not sellable online until a person
  // sets its structure (PATCH /v1/catalog/skus/:id).
  await uow.trx.updateTable('sku').set({ review_status: 'rejected', updated_at: sql<Date>`now()` }).where('id', '=', item.sku_id).execute();
  await uow.audit({
    action: 'catalog.review.rejected',
    entityType: 'sku',
    entityId: item.sku_id,
    before: { registerName: item.register_name, suggestion: item.suggestion },
    reason: reason ?? null,
  });
  await uow.emit({
    type: CatalogEvents.productUpdated,
    aggregateType: 'product',
    aggregateId: item.product_id,
    payload: { productId: item.product_id, skuId: item.sku_id, reviewStatus: 'rejected' },
  });
  return toView((await selectItems(uow.trx, organizationId).where('r.id', '=', id).executeTakeFirstOrThrow()) as ReviewRow);
}
