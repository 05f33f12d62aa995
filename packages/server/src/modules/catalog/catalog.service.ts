import { resolvePack } from '@verdant/rules';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, conflict, notFound } from '../../platform/errors';
import { assertEveryStore, assertStoreAccess } from '../../platform/http';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import {
  INFUSED_BY_DEFAULT,
  THC_COUNTED,
  WEIGHT_COUNTED,
  canonicalAttributes,
  otherThcColumn,
  slugify,
  toBrandView,
  toPriceView,
  type BrandView,
  type Category,
  type PriceView,
  type ProductView,
  type SkuView,
  type SkuContentColumns,
} from './catalog.model';
import { CatalogErrorCode, fieldError } from './catalog.errors';
import { loadBrands, loadProducts, loadSkus, storesOf } from './catalog.repository';
import type { ProductInput, ProductPatch, SkuInput, SkuPatch } from './catalog.schemas';
import { MAX_LENGTH, MAX_MILLIGRAMS, MAX_PACK_COUNT } from './import-row';
import { queueForReview } from './review.service';
import { assertStartAhead, endStartedEntries, recordStorePricesSetNow, schedulePrices } from './price-schedule.service';
import { guessStructure, type SkuStructure } from './structure-guess';

/**
 * The catalog is the organization's: a brand, product or SKU changed or archived is changed at every
 * store, so that is for staff of every store. Staff of some stores add products and set their
 * stores' prices (assertStoreAccess per price).
 */
const EVERY_STORE_CATALOG = 'change or archive a brand, product or SKU: every store sells from the one catalog';

export const CatalogEvents = {
  productCreated: 'catalog.product.created',
  productUpdated: 'catalog.product.updated',
  priceChanged: 'catalog.price.changed',
  brandCreated: 'catalog.brand.created',
  brandUpdated: 'catalog.brand.updated',
  productsImported: 'catalog.products.imported',
} as const;

type Path = (string | number)[];

/**
 * SKU codes, product slugs and brand names are unique per organization, and every writer checks
 * before it inserts. Writers of those names (and of a product's status, which an import reads
 * before adding SKUs) take this transaction-scoped lock first, before any row lock, so the check
 * and the insert are one step: two requests naming the same code answer 201 and 409, not 500,
 * and an import chunk (which takes it too) never races the API. Catalog writes are rare and
 * short; an import holds it for one chunk.
 */
export async function lockCatalogNames(trx: Db, organizationId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(727002, hashtext(${organizationId}))`.execute(trx);
}

// ---- brands -------------------------------------------------------------------------------

export async function listBrands(db: Db, organizationId: string): Promise<BrandView[]> {
  return loadBrands(db, organizationId);
}

export async function getBrand(db: Db, organizationId: string, id: string): Promise<BrandView> {
  const row = await db.selectFrom('brand').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Brand', id);
  return toBrandView(row);
}

async function assertBrandFree(uow: UnitOfWork, organizationId: string, name: string, slug: string, exceptId?: string) {
  let query = uow.trx
    .selectFrom('brand')
    .select(['id', 'name', 'slug'])
    .where('organization_id', '=', organizationId)
    .where((eb) => eb.or([eb(eb.fn('lower', ['name']), '=', name.toLowerCase()), eb('slug', '=', slug)]));
  if (exceptId) query = query.where('id', '!=', exceptId);
  const taken = await query.executeTakeFirst();
  if (!taken) return;
  if (taken.name.toLowerCase() === name.toLowerCase()) {
    throw new AppError(409, CatalogErrorCode.BRAND_NAME_TAKEN, 'Another brand already has this name.', [
      { path: ['body', 'name'], message: 'taken' },
    ]);
  }
  throw new AppError(409, CatalogErrorCode.SLUG_TAKEN, 'Another brand already has this slug.', [{ path: ['body', 'slug'], message: 'taken' }]);
}

export async function createBrand(
  uow: UnitOfWork,
  organizationId: string,
  input: { name: string; slug?: string; aliases: string[]; description: string },
): Promise<BrandView> {
  await lockCatalogNames(uow.trx, organizationId);
  // A slug nobody chose is made unique, as a product's is: names in other scripts ("大麻", "🌿")
  // and names apart only by accents ("Café", "Cafe") read as one slug, and the second brand
  // would be refused at a field its request does not have.
  const slug = input.slug ?? (await uniqueSlug(uow, organizationId, slugify(input.name), 'brand'));
  await assertBrandFree(uow, organizationId, input.name, slug);
  const row = await uow.trx
    .insertInto('brand')
    .values({
      id: uuidv7(),
      organization_id: organizationId,
      name: input.name,
      slug,
      aliases: input.aliases,
      description: input.description,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = toBrandView(row);
  await uow.audit({ action: 'catalog.brand.created', entityType: 'brand', entityId: view.id, after: view });
  await uow.emit({ type: CatalogEvents.brandCreated, aggregateType: 'brand', aggregateId: view.id, payload: { brand: view } });
  return view;
}

export async function updateBrand(
  uow: UnitOfWork,
  organizationId: string,
  id: string,
  patch: Partial<{ name: string; slug: string; aliases: string[]; description: string }>,
): Promise<BrandView> {
  assertEveryStore(uow.actor, EVERY_STORE_CATALOG);
  if (patch.name !== undefined || patch.slug !== undefined) await lockCatalogNames(uow.trx, organizationId);
  const before = await uow.trx
    .selectFrom('brand')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!before) throw notFound('Brand', id);
  if (patch.name !== undefined || patch.slug !== undefined) {
    await assertBrandFree(uow, organizationId, patch.name ?? before.name, patch.slug ?? before.slug, id);
  }
  const row = await uow.trx
    .updateTable('brand')
    .set({
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.slug !== undefined && { slug: patch.slug }),
      ...(patch.aliases !== undefined && { aliases: patch.aliases }),
      ...(patch.description !== undefined && { description: patch.description }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (patch.name !== undefined && patch.name !== before.name) {
    // The search document carries the brand name; rewriting it regenerates the document.
    await uow.trx.updateTable('product').set({ brand_name: patch.name, updated_at: sql<Date>`now()` }).where('brand_id', '=', id).execute();
  }
  const view = toBrandView(row);
  await uow.audit({ action: 'catalog.brand.updated', entityType: 'brand', entityId: id, before: toBrandView(before), after: view });
  await uow.emit({ type: CatalogEvents.brandUpdated, aggregateType: 'brand', aggregateId: id, payload: { brand: view } });
  return view;
}

export async function deleteBrand(uow: UnitOfWork, organizationId: string, id: string): Promise<void> {
  assertEveryStore(uow.actor, EVERY_STORE_CATALOG);
  // An import may be about to give a product this brand.
  await lockCatalogNames(uow.trx, organizationId);
  const before = await uow.trx
    .selectFrom('brand')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!before) throw notFound('Brand', id);
  const used = await uow.trx.selectFrom('product').select('id').where('brand_id', '=', id).limit(1).executeTakeFirst();
  if (used) throw conflict(CatalogErrorCode.BRAND_IN_USE, 'Products still carry this brand; move or archive them first.', { brandId: id });
  await uow.trx.deleteFrom('brand').where('id', '=', id).execute();
  await uow.audit({ action: 'catalog.brand.deleted', entityType: 'brand', entityId: id, before: toBrandView(before) });
}

// ---- products -----------------------------------------------------------------------------

export async function getProduct(db: Db, organizationId: string, id: string): Promise<ProductView> {
  const [product] = await loadProducts(db, organizationId, [id]);
  if (!product) throw notFound('Product', id);
  return product;
}

export interface ProductListFilter {
  q?: string;
  category?: Category;
  brandId?: string;
  status?: 'active' | 'archived';
  reviewStatus?: 'confirmed' | 'needs_review' | 'rejected';
  code?: string;
  limit: number;
  /** The last product id of the previous page. */
  after?: string;
}

/** Back-office product list, newest first (ids are time-ordered uuid v7). */
export async function listProducts(db: Db, organizationId: string, filter: ProductListFilter) {
  let query = db.selectFrom('product').select('product.id').where('product.organization_id', '=', organizationId);
  if (filter.category) query = query.where('product.category', '=', filter.category);
  if (filter.brandId) query = query.where('product.brand_id', '=', filter.brandId);
  if (filter.status) query = query.where('product.status', '=', filter.status);
  if (filter.q) {
    // Accents are taken off both sides (catalog_search_fold, migration 0143), as the menu's search
    // does: "pina" finds "Piña Colada", and "Piña" finds a register name typed without the tilde.
    const like = sql<string>`catalog_search_fold(${`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`;
    const folded = (column: string) => sql<string>`catalog_search_fold(${sql.ref(column)})`;
    query = query.where((eb) =>
      eb.or([
        eb(folded('product.title'), 'ilike', like),
        eb.exists(
          eb
            .selectFrom('sku')
            .select('sku.id')
            .whereRef('sku.product_id', '=', 'product.id')
            .where((e) => e.or([e('sku.code', 'ilike', like), e(folded('sku.register_name'), 'ilike', like), e('sku.barcode', '=', filter.q!)])),
        ),
      ]),
    );
  }
  if (filter.code) {
    const code = filter.code;
    // In any letter case, as the register looks a code up (the upper(code) index, migration 0143).
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('sku').select('sku.id').whereRef('sku.product_id', '=', 'product.id').where(sql<string>`upper(sku.code)`, '=', sql<string>`upper(${code})`)),
    );
  }
  if (filter.reviewStatus) {
    const status = filter.reviewStatus;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('sku').select('sku.id').whereRef('sku.product_id', '=', 'product.id').where('sku.review_status', '=', status)),
    );
  }
  if (filter.after) query = query.where('product.id', '<', filter.after);
  const ids = (await query.orderBy('product.id', 'desc').limit(filter.limit).execute()).map((r) => r.id);
  const products = await loadProducts(db, organizationId, ids);
  return { products, nextCursor: ids.length === filter.limit ? ids[ids.length - 1] : null };
}

async function resolveBrand(uow: UnitOfWork, organizationId: string, brandId: string | null | undefined, path: Path) {
  if (!brandId) return null;
  const brand = await uow.trx
    .selectFrom('brand')
    .select(['id', 'name'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', brandId)
    .executeTakeFirst();
  if (!brand) throw fieldError(400, CatalogErrorCode.UNKNOWN_BRAND, 'No such brand in this organization.', path);
  return brand;
}

/** `base`, or `base-2`, `base-3`… : the first slug no brand (or product) of the organization has. */
async function uniqueSlug(uow: UnitOfWork, organizationId: string, base: string, table: 'product' | 'brand' = 'product'): Promise<string> {
  const rows = await uow.trx
    .selectFrom(table)
    .select('slug')
    .where('organization_id', '=', organizationId)
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

async function assertSlugFree(uow: UnitOfWork, organizationId: string, slug: string, path: Path, exceptId?: string) {
  let query = uow.trx.selectFrom('product').select('id').where('organization_id', '=', organizationId).where('slug', '=', slug);
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw fieldError(409, CatalogErrorCode.SLUG_TAKEN, 'Another product already uses this slug.', path);
}

/**
 * SKU codes are one organization's, whatever their letter case: the register looks a scanned or
 * typed code up without regard to case, so "BD-35" and "bd-35" would be one code at the counter
 * and two SKUs in the catalog (migration 0143 indexes upper(code) for this check).
 */
async function assertCodesFree(uow: UnitOfWork, organizationId: string, codes: { code: string; path: Path }[], exceptSkuId?: string) {
  const seen = new Map<string, Path>();
  for (const { code, path } of codes) {
    if (seen.has(code.toUpperCase())) throw fieldError(409, CatalogErrorCode.DUPLICATE_SKU_CODE, `SKU code ${code} appears twice in this request.`, path);
    seen.set(code.toUpperCase(), path);
  }
  if (codes.length === 0) return;
  let query = uow.trx
    .selectFrom('sku')
    .select('code')
    .where('organization_id', '=', organizationId)
    .where(sql<boolean>`upper(code) = any(array(select upper(c) from unnest(${codes.map((c) => c.code)}::text[]) c))`);
  if (exceptSkuId) query = query.where('id', '!=', exceptSkuId);
  const taken = await query.executeTakeFirst();
  if (taken) {
    throw fieldError(409, CatalogErrorCode.SKU_CODE_TAKEN, `SKU code ${taken.code} is already used by another SKU.`, seen.get(taken.code.toUpperCase()) ?? codes[0].path);
  }
}

/** Checks that a SKU states what purchase limits count for its category. */
export function cannabisContentProblem(
  category: Category,
  sku: { unit: string; netWeightMg: number | null; thcMg: number | null; medicalOnly: boolean; adultUseAllowed: boolean },
): { code: string; field: string; message: string } | null {
  if ((WEIGHT_COUNTED.has(category) || sku.unit === 'weight') && !(sku.netWeightMg && sku.netWeightMg > 0)) {
    return {
      code: CatalogErrorCode.CANNABIS_CONTENT_REQUIRED,
      field: 'netWeightMg',
      message: `A ${category} SKU${sku.unit === 'weight' ? ' sold by weight' : ''} needs its net cannabis weight (netWeightMg) for purchase limits.`,
    };
  }
  if (THC_COUNTED.has(category) && sku.thcMg === null) {
    return { code: CatalogErrorCode.CANNABIS_CONTENT_REQUIRED, field: 'thcMg', message: `A ${category} SKU needs its THC content (thcMg) for purchase limits.` };
  }
  if (sku.medicalOnly && sku.adultUseAllowed) {
    return { code: CatalogErrorCode.INVALID_COMPLIANCE_FLAGS, field: 'adultUseAllowed', message: 'A medical-only SKU cannot also be allowed for adult use.' };
  }
  return null;
}

/**
 * A label's figures that cannot all be true are a typing error: a serving holds no more THC than
 * the package (serving caps and the limits would read different products), and THC, THCA and CBD
 * are shares of one weight, so together at most 100 % (the adjusted THC some packs tax and cap by
 * would otherwise pass 100 %).
 */
export function labFactsProblem(sku: { thcMg: number | null; thcMgPerServing?: number | null; thcPercent?: number | null; thcaPercent?: number | null; cbdPercent?: number | null }) {
  if (sku.thcMgPerServing != null && sku.thcMg != null && sku.thcMgPerServing > sku.thcMg) {
    return {
      code: 'VALIDATION_FAILED',
      field: 'thcMgPerServing',
      message: `A serving of ${sku.thcMgPerServing} mg THC is more than the ${sku.thcMg} mg the whole package holds (thcMg).`,
    };
  }
  const shares = [sku.thcPercent, sku.thcaPercent, sku.cbdPercent].map((p) => p ?? 0);
  // Hundredths, as the columns hold them, so 60.1 + 39.9 is 100, not 100.00000000000001.
  if (Math.round(shares.reduce((sum, p) => sum + p * 100, 0)) > 100_00) {
    return {
      code: 'VALIDATION_FAILED',
      field: sku.thcaPercent ? 'thcaPercent' : sku.cbdPercent ? 'cbdPercent' : 'thcPercent',
      message: `THC ${shares[0]} %, THCA ${shares[1]} % and CBD ${shares[2]} % are shares of one weight and add up to more than 100 %.`,
    };
  }
  return null;
}

/**
 * Checks a SKU's structure against the API's bounds. Values a person typed are checked by the
 * schemas; this is for values read from a register name ("FLWR BIG 9999999G" reads as 10 t),
 * which must be refused at the field rather than by the database.
 */
export function structureBoundsProblem(structure: Partial<SkuStructure>): { field: keyof SkuStructure; message: string } | null {
  const { sizeLabel, netWeightMg, packCount, thcMg, thcMgPerServing, thcPercent, cbdMg, brand } = structure;
  if (sizeLabel && sizeLabel.length > MAX_LENGTH.sizeLabel) return { field: 'sizeLabel', message: `The size label is longer than ${MAX_LENGTH.sizeLabel} characters.` };
  if (netWeightMg != null && !(netWeightMg >= 0 && netWeightMg <= MAX_MILLIGRAMS)) {
    return { field: 'netWeightMg', message: `A net weight of ${netWeightMg} mg is more than the ${MAX_MILLIGRAMS.toLocaleString('en-US')} mg (10 kg) a SKU may hold.` };
  }
  if (packCount != null && !(packCount >= 1 && packCount <= MAX_PACK_COUNT)) return { field: 'packCount', message: `A pack of ${packCount} is more than ${MAX_PACK_COUNT.toLocaleString('en-US')} units.` };
  for (const [field, mg] of [['thcMg', thcMg], ['thcMgPerServing', thcMgPerServing], ['cbdMg', cbdMg]] as const) {
    if (mg != null && !(mg >= 0 && mg <= MAX_MILLIGRAMS)) return { field, message: `${mg} mg is more than the ${MAX_MILLIGRAMS.toLocaleString('en-US')} mg a SKU may hold.` };
  }
  if (thcPercent != null && !(thcPercent >= 0 && thcPercent <= 100)) return { field: 'thcPercent', message: `${thcPercent} % is not a percentage between 0 and 100.` };
  if (brand && brand.length > MAX_LENGTH.brand) return { field: 'brand', message: `The brand name is longer than ${MAX_LENGTH.brand} characters.` };
  return null;
}

function structureOf(input: Partial<SkuInput>): Partial<SkuStructure> {
  return {
    sizeLabel: input.sizeLabel || null,
    netWeightMg: input.netWeightMg ?? null,
    packCount: input.packCount ?? null,
    thcMg: input.thcMg ?? null,
    thcMgPerServing: input.thcMgPerServing ?? null,
    thcPercent: input.thcPercent ?? null,
    cbdMg: input.cbdMg ?? null,
  };
}

interface PreparedSku {
  row: SkuContentColumns & {
    /** JSON text (migration 0158): the API writes it; the import leaves it as it is. */
    other_thc_mg_per_serving: string | null;
    id: string;
    organization_id: string;
    product_id: string;
    status: string;
  };
  guess: ReturnType<typeof guessStructure> | null;
}

/** Fills a SKU's gaps from its register name, checks its content, and returns the row to write. */
async function prepareSku(
  uow: UnitOfWork,
  organizationId: string,
  product: { id: string; category: Category },
  input: SkuInput,
  path: Path,
): Promise<PreparedSku> {
  let structure = structureOf(input);
  let guess: PreparedSku['guess'] = null;
  const missingContent = cannabisContentProblem(product.category, {
    unit: input.unit,
    netWeightMg: input.netWeightMg ?? null,
    thcMg: input.thcMg ?? null,
    medicalOnly: false,
    adultUseAllowed: false,
  });
  if (input.registerName && (missingContent || !input.sizeLabel)) {
    const brands = (await loadBrands(uow.trx, organizationId)).map((b) => ({ name: b.name, aliases: b.aliases }));
    guess = guessStructure(input.registerName, { ...structure, category: product.category }, { brands });
    structure = guess.structure;
    const outOfBounds = structureBoundsProblem(structure);
    if (outOfBounds) {
      throw fieldError(400, 'VALIDATION_FAILED', `Read from the register name "${input.registerName}": ${outOfBounds.message} Give ${outOfBounds.field} instead.`, [
        ...path,
        outOfBounds.field,
      ]);
    }
  }
  const adultUseAllowed = input.adultUseAllowed ?? !input.medicalOnly;
  const row: PreparedSku['row'] = {
    id: uuidv7(),
    organization_id: organizationId,
    product_id: product.id,
    code: input.code,
    register_name: input.registerName ?? null,
    barcode: input.barcode ?? null,
    size_label: structure.sizeLabel ?? '',
    unit: input.unit,
    net_weight_mg: structure.netWeightMg ?? null,
    pack_count: structure.packCount ?? null,
    thc_mg: structure.thcMg ?? null,
    thc_mg_per_serving: structure.thcMgPerServing ?? null,
    other_thc_mg_per_serving: otherThcColumn(input.otherThcMgPerServing),
    thc_percent: structure.thcPercent ?? null,
    thca_percent: input.thcaPercent ?? null,
    cbd_mg: structure.cbdMg ?? null,
    cbd_percent: input.cbdPercent ?? null,
    infused: input.infused ?? INFUSED_BY_DEFAULT.has(product.category),
    doh_compliant: input.dohCompliant,
    medical_only: input.medicalOnly,
    adult_use_allowed: adultUseAllowed,
    restricted_jurisdictions: input.restrictedJurisdictions,
    attributes: canonicalAttributes(input.attributes),
    review_status: guess?.needsReview ? 'needs_review' : 'confirmed',
    status: input.status,
  };
  const problem = cannabisContentProblem(product.category, {
    unit: row.unit,
    netWeightMg: row.net_weight_mg,
    thcMg: row.thc_mg,
    medicalOnly: row.medical_only,
    adultUseAllowed: row.adult_use_allowed,
  }) ?? labFactsProblem({ thcMg: row.thc_mg, thcMgPerServing: row.thc_mg_per_serving, thcPercent: row.thc_percent, thcaPercent: row.thca_percent, cbdPercent: row.cbd_percent });
  if (problem) throw fieldError(400, problem.code, problem.message, [...path, problem.field]);
  return { row, guess: guess && guess.filledFields.length > 0 ? guess : null };
}

/** A jurisdiction's currency, from its pack (USD where Verdant has no pack for it). */
export function currencyOf(jurisdiction: string): string {
  try {
    return resolvePack(jurisdiction).currency;
  } catch {
    return 'USD';
  }
}

/** Where a price's store and currency are in a request body whose price sits at `at`. */
export const pricePaths = (at: Path) => ({ storePath: [...at, 'storeId'], currencyPath: [...at, 'currency'], effectivePath: [...at, 'effectiveFrom'] });

export type PriceIn = { storeId: string; priceCents: number; currency?: string; tiers: { minQuantity: number; unitPriceCents: number }[]; effectiveFrom?: string };

/**
 * Each price names a store of the organization (else 400 UNKNOWN_STORE at its path) and, for staff
 * limited to some stores, one of theirs (else 403 STORE_NOT_ALLOWED at its path): a store sets
 * its own prices. A price is in its store's currency (its jurisdiction's): without one it is
 * taken as that, and another is 422 CURRENCY_MISMATCH, as checkout charges the cents as they are.
 * Answers the prices with their currency.
 */
export async function pricesAtStores<P extends PriceIn>(
  uow: UnitOfWork,
  organizationId: string,
  prices: { price: P; storePath: Path; currencyPath: Path }[],
): Promise<(P & { currency: string })[]> {
  const stores = await storesOf(
    uow.trx,
    organizationId,
    prices.map((p) => p.price.storeId),
  );
  // Two prices of one store in one request: one would silently replace the other.
  prices.forEach(({ price, storePath }, i) => {
    if (prices.findIndex((p) => p.price.storeId === price.storeId) < i) {
      throw fieldError(400, 'VALIDATION_FAILED', 'This store is priced twice in the request; give each store one price.', storePath);
    }
  });
  return prices.map(({ price, storePath, currencyPath }) => {
    const store = stores.get(price.storeId);
    if (!store) throw fieldError(400, CatalogErrorCode.UNKNOWN_STORE, 'No such store in this organization.', storePath);
    assertStoreAccess(uow.actor, price.storeId, storePath);
    const currency = currencyOf(store.jurisdiction);
    if (price.currency !== undefined && price.currency !== currency) {
      throw fieldError(422, CatalogErrorCode.CURRENCY_MISMATCH, `This store prices in ${currency}, not ${price.currency}.`, currencyPath);
    }
    return { ...price, currency };
  });
}

/**
 * Writes prices set now, each also as an entry of the price history, and emits
 * catalog.price.changed for each one that changed. A price written again unchanged is still an
 * entry: writing the row moves its updated_at, which puts it back in force over a started entry
 * set ahead (sku_price_in_force), so the history must say so.
 */
async function writePrices(
  uow: UnitOfWork,
  organizationId: string,
  sku: { id: string; productId: string },
  prices: { storeId: string; priceCents: number; currency: string; tiers: { minQuantity: number; unitPriceCents: number }[] }[],
) {
  for (const price of prices) {
    const before = await uow.trx
      .selectFrom('sku_price')
      .selectAll()
      .where('store_id', '=', price.storeId)
      .where('sku_id', '=', sku.id)
      .forUpdate()
      .executeTakeFirst();
    // What the store charged until now: a started entry set ahead may have been in force over the
    // row, and writing the row (its updated_at) puts the row back in force.
    const inForce = before
      ? (await sql<{ own_entry_id: string | null; price_cents: number }>`select own_entry_id, price_cents from sku_price_in_force(${price.storeId}::uuid, ${sku.id}::uuid)`.execute(uow.trx)).rows[0]
      : undefined;
    const row = await uow.trx
      .insertInto('sku_price')
      .values({
        organization_id: organizationId,
        store_id: price.storeId,
        sku_id: sku.id,
        price_cents: price.priceCents,
        currency: price.currency,
        tiers: JSON.stringify(price.tiers),
      })
      .onConflict((oc) =>
        oc.columns(['store_id', 'sku_id']).doUpdateSet({
          price_cents: price.priceCents,
          currency: price.currency,
          tiers: JSON.stringify(price.tiers),
          updated_at: sql<Date>`now()`,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = toPriceView(row);
    const previous = before ? toPriceView(before) : null;
    const unchanged =
      previous &&
      !inForce?.own_entry_id &&
      previous.priceCents === after.priceCents &&
      previous.currency === after.currency &&
      JSON.stringify(previous.tiers) === JSON.stringify(after.tiers);
    if (unchanged) continue;
    // The price customers were charged before: the started entry's where one was in force.
    const previousPriceCents = inForce?.own_entry_id ? inForce.price_cents : (previous?.priceCents ?? null);
    await uow.audit({
      action: 'catalog.price.changed',
      entityType: 'sku',
      entityId: sku.id,
      storeId: price.storeId,
      // Where a started entry set ahead was in force over the row, the price charged was the entry's.
      before: previous && inForce?.own_entry_id ? { ...previous, inForceEntryId: inForce.own_entry_id, inForcePriceCents: inForce.price_cents } : previous,
      after,
    });
    await uow.emit({
      type: CatalogEvents.priceChanged,
      aggregateType: 'sku',
      aggregateId: sku.id,
      storeId: price.storeId,
      payload: {
        skuId: sku.id,
        productId: sku.productId,
        storeId: price.storeId,
        priceCents: after.priceCents,
        previousPriceCents,
        currency: after.currency,
        tiers: after.tiers,
        // The same shape as an import's bulk event, so a subscriber reads both alike.
        changes: [{ skuId: sku.id, productId: sku.productId, priceCents: after.priceCents, previousPriceCents }],
      },
    });
  }
  await recordStorePricesSetNow(
    uow,
    prices.map((price) => ({ storeId: price.storeId, skuId: sku.id })),
  );
}

async function insertSkus(uow: UnitOfWork, organizationId: string, prepared: PreparedSku[], source: 'api' | 'import') {
  if (prepared.length === 0) return;
  await uow.trx
    .insertInto('sku')
    .values(prepared.map((p) => p.row))
    .execute();
  for (const p of prepared) {
    if (p.guess && p.row.review_status === 'needs_review') {
      await queueForReview(uow.trx, organizationId, { skuId: p.row.id, registerName: p.row.register_name ?? '', guess: p.guess, source });
    }
  }
}

export async function createProduct(uow: UnitOfWork, organizationId: string, input: ProductInput): Promise<ProductView> {
  await lockCatalogNames(uow.trx, organizationId);
  const brand = await resolveBrand(uow, organizationId, input.brandId, ['body', 'brandId']);
  await assertCodesFree(
    uow,
    organizationId,
    input.skus.map((sku, i) => ({ code: sku.code, path: ['body', 'skus', i, 'code'] })),
  );
  const skuPrices = await Promise.all(
    input.skus.map((sku, i) => pricesAtStores(uow, organizationId, sku.prices.map((price, j) => ({ price, ...pricePaths(['body', 'skus', i, 'prices', j]) })))),
  );
  let slug: string;
  if (input.slug) {
    await assertSlugFree(uow, organizationId, input.slug, ['body', 'slug']);
    slug = input.slug;
  } else {
    slug = await uniqueSlug(uow, organizationId, slugify(input.title));
  }
  const id = uuidv7();
  await uow.trx
    .insertInto('product')
    .values({
      id,
      organization_id: organizationId,
      brand_id: brand?.id ?? null,
      brand_name: brand?.name ?? null,
      title: input.title,
      slug,
      description: input.description,
      category: input.category,
      strain_type: input.strainType ?? null,
      strain_name: input.strainName ?? null,
      effects: [...new Set(input.effects)],
      terpenes: JSON.stringify(input.terpenes),
      images: JSON.stringify(input.images),
      seo_title: input.seoTitle ?? null,
      seo_description: input.seoDescription ?? null,
      status: input.status,
    })
    .execute();
  const prepared: PreparedSku[] = [];
  for (const [i, sku] of input.skus.entries()) {
    prepared.push(await prepareSku(uow, organizationId, { id, category: input.category }, sku, ['body', 'skus', i]));
  }
  await insertSkus(uow, organizationId, prepared, 'api');
  for (const [i, sku] of input.skus.entries()) {
    await writePrices(uow, organizationId, { id: prepared[i].row.id, productId: id }, skuPrices[i]);
  }
  const view = await getProductIn(uow, organizationId, id);
  await uow.audit({ action: 'catalog.product.created', entityType: 'product', entityId: id, after: view });
  await uow.emit({ type: CatalogEvents.productCreated, aggregateType: 'product', aggregateId: id, payload: { product: view } });
  return view;
}

async function getProductIn(uow: UnitOfWork, organizationId: string, id: string): Promise<ProductView> {
  const [product] = await loadProducts(uow.trx, organizationId, [id]);
  if (!product) throw notFound('Product', id);
  return product;
}

async function lockProduct(uow: UnitOfWork, organizationId: string, id: string) {
  const row = await uow.trx
    .selectFrom('product')
    .select(['id', 'category'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('Product', id);
  return { id: row.id, category: row.category as Category };
}

async function productUpdated(uow: UnitOfWork, organizationId: string, before: ProductView, action = 'catalog.product.updated') {
  const after = await getProductIn(uow, organizationId, before.id);
  await uow.audit({ action, entityType: 'product', entityId: before.id, before, after });
  await uow.emit({ type: CatalogEvents.productUpdated, aggregateType: 'product', aggregateId: before.id, payload: { product: after } });
  return after;
}

export async function updateProduct(uow: UnitOfWork, organizationId: string, id: string, patch: ProductPatch): Promise<ProductView> {
  assertEveryStore(uow.actor, EVERY_STORE_CATALOG);
  if (patch.slug !== undefined || patch.status !== undefined) await lockCatalogNames(uow.trx, organizationId);
  const locked = await lockProduct(uow, organizationId, id);
  const before = await getProductIn(uow, organizationId, id);
  const brand = patch.brandId !== undefined ? await resolveBrand(uow, organizationId, patch.brandId, ['body', 'brandId']) : undefined;
  if (patch.slug !== undefined && patch.slug !== before.slug) await assertSlugFree(uow, organizationId, patch.slug, ['body', 'slug'], id);
  if (patch.category !== undefined && patch.category !== locked.category) {
    // A new category can change what the SKUs must state (weight vs THC): check them all.
    for (const [i, sku] of before.skus.entries()) {
      const problem = cannabisContentProblem(patch.category, sku);
      if (problem) {
        throw new AppError(400, problem.code, `${problem.message} SKU ${sku.code} does not.`, [
          { path: ['body', 'category'], message: problem.message, skuId: sku.id, skuIndex: i },
        ]);
      }
    }
  }
  await uow.trx
    .updateTable('product')
    .set({
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.slug !== undefined && { slug: patch.slug }),
      ...(brand !== undefined && { brand_id: brand?.id ?? null, brand_name: brand?.name ?? null }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.category !== undefined && { category: patch.category }),
      ...(patch.strainType !== undefined && { strain_type: patch.strainType }),
      ...(patch.strainName !== undefined && { strain_name: patch.strainName }),
      ...(patch.effects !== undefined && { effects: [...new Set(patch.effects)] }),
      ...(patch.terpenes !== undefined && { terpenes: JSON.stringify(patch.terpenes) }),
      ...(patch.images !== undefined && { images: JSON.stringify(patch.images) }),
      ...(patch.seoTitle !== undefined && { seo_title: patch.seoTitle }),
      ...(patch.seoDescription !== undefined && { seo_description: patch.seoDescription }),
      ...(patch.status !== undefined && { status: patch.status }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
  return productUpdated(uow, organizationId, before);
}

export async function addSku(uow: UnitOfWork, organizationId: string, productId: string, input: SkuInput): Promise<ProductView> {
  await lockCatalogNames(uow.trx, organizationId);
  const product = await lockProduct(uow, organizationId, productId);
  const before = await getProductIn(uow, organizationId, productId);
  await assertCodesFree(uow, organizationId, [{ code: input.code, path: ['body', 'code'] }]);
  const prices = await pricesAtStores(
    uow,
    organizationId,
    input.prices.map((price, j) => ({ price, ...pricePaths(['body', 'prices', j]) })),
  );
  const prepared = await prepareSku(uow, organizationId, product, input, ['body']);
  await insertSkus(uow, organizationId, [prepared], 'api');
  await writePrices(uow, organizationId, { id: prepared.row.id, productId }, prices);
  await uow.trx.updateTable('product').set({ updated_at: sql<Date>`now()` }).where('id', '=', productId).execute();
  return productUpdated(uow, organizationId, before);
}

/**
 * What a later module checks before a SKU's unit changes, in the change's transaction: a step
 * refuses by throwing (at `path`). A SKU sold by weight is stocked in milligrams and one sold each
 * in units, so stock already received in the old unit would be read in the new one (five jars
 * taken as five milligrams). The catalog comes before inventory and calls no later module, so
 * those steps are registered here when the server is built.
 */
export type SkuUnitChangeCheck = (trx: Db, sku: { organizationId: string; skuId: string; code: string; to: 'each' | 'weight' }, path: Path) => Promise<void>;

const skuUnitChangeChecks = new Map<string, SkuUnitChangeCheck>();

/** Registers a check by name; registering a name again replaces it (one process may build several servers). */
export function checkEverySkuUnitChange(name: string, check: SkuUnitChangeCheck): void {
  skuUnitChangeChecks.set(name, check);
}

export async function assertSkuUnitChangeAllowed(trx: Db, sku: { organizationId: string; skuId: string; code: string; to: 'each' | 'weight' }, path: Path): Promise<void> {
  for (const check of skuUnitChangeChecks.values()) await check(trx, sku, path);
}

const STRUCTURE_FIELDS = ['sizeLabel', 'unit', 'netWeightMg', 'packCount', 'thcMg', 'thcMgPerServing', 'thcPercent', 'cbdMg'] as const;

export async function updateSku(uow: UnitOfWork, organizationId: string, skuId: string, patch: SkuPatch): Promise<ProductView> {
  assertEveryStore(uow.actor, EVERY_STORE_CATALOG);
  if (patch.code !== undefined) await lockCatalogNames(uow.trx, organizationId);
  const current = await uow.trx
    .selectFrom('sku')
    .select(['id', 'product_id'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', skuId)
    .executeTakeFirst();
  if (!current) throw notFound('SKU', skuId);
  const product = await lockProduct(uow, organizationId, current.product_id);
  const before = await getProductIn(uow, organizationId, product.id);
  const sku = before.skus.find((s) => s.id === skuId)!;
  if (patch.code !== undefined && patch.code !== sku.code) await assertCodesFree(uow, organizationId, [{ code: patch.code, path: ['body', 'code'] }], skuId);
  const merged = { ...sku, ...patch };
  if (patch.medicalOnly === true && patch.adultUseAllowed === undefined) merged.adultUseAllowed = false;
  // And back: a medical-only SKU made not medical-only is open to adult use (as the import reads
  // medical_only "no"), since a SKU not allowed for adult use is sold to patients only.
  if (patch.medicalOnly === false && patch.adultUseAllowed === undefined && sku.medicalOnly) merged.adultUseAllowed = true;
  const problem = cannabisContentProblem(product.category, merged) ?? labFactsProblem(merged);
  if (problem) throw fieldError(400, problem.code, problem.message, ['body', problem.field]);
  if (patch.unit !== undefined && patch.unit !== sku.unit) {
    await assertSkuUnitChangeAllowed(uow.trx, { organizationId, skuId, code: sku.code, to: patch.unit }, ['body', 'unit']);
  }
  // A person who sets the structure has reviewed it.
  const reviewed = STRUCTURE_FIELDS.some((f) => patch[f] !== undefined) && sku.reviewStatus !== 'confirmed';
  await uow.trx
    .updateTable('sku')
    .set({
      ...(patch.code !== undefined && { code: patch.code }),
      ...(patch.registerName !== undefined && { register_name: patch.registerName }),
      ...(patch.barcode !== undefined && { barcode: patch.barcode }),
      ...(patch.sizeLabel !== undefined && { size_label: patch.sizeLabel }),
      ...(patch.unit !== undefined && { unit: patch.unit }),
      ...(patch.netWeightMg !== undefined && { net_weight_mg: patch.netWeightMg }),
      ...(patch.packCount !== undefined && { pack_count: patch.packCount }),
      ...(patch.thcMg !== undefined && { thc_mg: patch.thcMg }),
      ...(patch.thcMgPerServing !== undefined && { thc_mg_per_serving: patch.thcMgPerServing }),
      ...(patch.otherThcMgPerServing !== undefined && { other_thc_mg_per_serving: otherThcColumn(patch.otherThcMgPerServing) }),
      ...(patch.thcPercent !== undefined && { thc_percent: patch.thcPercent }),
      ...(patch.thcaPercent !== undefined && { thca_percent: patch.thcaPercent }),
      ...(patch.cbdMg !== undefined && { cbd_mg: patch.cbdMg }),
      ...(patch.cbdPercent !== undefined && { cbd_percent: patch.cbdPercent }),
      ...(patch.infused !== undefined && { infused: patch.infused }),
      ...(patch.dohCompliant !== undefined && { doh_compliant: patch.dohCompliant }),
      ...(patch.medicalOnly !== undefined && { medical_only: patch.medicalOnly }),
      adult_use_allowed: merged.adultUseAllowed,
      ...(patch.restrictedJurisdictions !== undefined && { restricted_jurisdictions: patch.restrictedJurisdictions }),
      ...(patch.attributes !== undefined && { attributes: canonicalAttributes(patch.attributes) }),
      ...(patch.status !== undefined && { status: patch.status }),
      ...(reviewed && { review_status: 'confirmed' }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', skuId)
    .execute();
  if (reviewed) {
    await uow.trx
      .updateTable('catalog_review_item')
      .set({
        status: 'accepted',
        decided_by: uow.actor.id,
        decided_at: new Date(),
        decision: JSON.stringify({ via: 'sku_update', changes: patch }),
      })
      .where('sku_id', '=', skuId)
      .where('status', '=', 'pending')
      .execute();
  }
  await uow.trx.updateTable('product').set({ updated_at: sql<Date>`now()` }).where('id', '=', product.id).execute();
  return productUpdated(uow, organizationId, before);
}

/**
 * Which of these ids are SKUs of the organization: for modules that keep a SKU id and must refuse
 * one of another organization (or of nobody) before storing it.
 */
export async function ownSkuIds(db: Db, organizationId: string, skuIds: readonly string[]): Promise<Set<string>> {
  if (skuIds.length === 0) return new Set();
  const rows = await db.selectFrom('sku').select('id').where('organization_id', '=', organizationId).where('id', 'in', [...new Set(skuIds)]).execute();
  return new Set(rows.map((row) => row.id));
}

export async function getSku(db: Db, organizationId: string, skuId: string): Promise<SkuView> {
  const [sku] = await loadSkus(db, organizationId, { skuIds: [skuId] });
  if (!sku) throw notFound('SKU', skuId);
  return sku;
}

export async function setSkuPrices(
  uow: UnitOfWork,
  organizationId: string,
  skuId: string,
  prices: PriceIn[],
  paths: (index: number) => { storePath: Path; currencyPath: Path; effectivePath: Path },
): Promise<PriceView[]> {
  const sku = await uow.trx
    .selectFrom('sku')
    .select(['id', 'product_id'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', skuId)
    .executeTakeFirst();
  if (!sku) throw notFound('SKU', skuId);
  const priced = await pricesAtStores(
    uow,
    organizationId,
    prices.map((price, i) => ({ price, ...paths(i) })),
  );
  // A price with a start is set ahead: it waits in the schedule, and the store's price stays as
  // it is until then. Without one it takes effect now, as it always did.
  priced.forEach((price, i) => price.effectiveFrom !== undefined && assertStartAhead(price.effectiveFrom, paths(i).effectivePath));
  const ahead = priced.filter((price): price is typeof price & { effectiveFrom: string } => price.effectiveFrom !== undefined);
  await writePrices(uow, organizationId, { id: sku.id, productId: sku.product_id }, priced.filter((price) => price.effectiveFrom === undefined));
  await schedulePrices(uow, organizationId, { id: sku.id, productId: sku.product_id }, ahead);
  return (await loadSkus(uow.trx, organizationId, { skuIds: [skuId] }))[0].prices;
}

export async function removeSkuPrice(uow: UnitOfWork, organizationId: string, skuId: string, storeId: string): Promise<void> {
  assertStoreAccess(uow.actor, storeId, ['params', 'storeId']);
  const removed = await uow.trx
    .deleteFrom('sku_price')
    .where('organization_id', '=', organizationId)
    .where('sku_id', '=', skuId)
    .where('store_id', '=', storeId)
    .returningAll()
    .executeTakeFirst();
  // A scheduled price of the store that has started is its price too: the removal ends it (it
  // stays in the history), or it would be in force again the moment the row above is gone.
  const ended = await endStartedEntries(uow, organizationId, skuId, storeId);
  if (!removed && !ended) throw notFound('Price', `${skuId}@${storeId}`);
  const before = removed ? toPriceView(removed) : ended!;
  await uow.audit({ action: 'catalog.price.removed', entityType: 'sku', entityId: skuId, storeId, before });
  await uow.emit({
    type: CatalogEvents.priceChanged,
    aggregateType: 'sku',
    aggregateId: skuId,
    storeId,
    payload: {
      skuId,
      storeId,
      priceCents: null,
      previousPriceCents: before.priceCents,
      currency: before.currency,
      tiers: [],
      changes: [{ skuId, priceCents: null, previousPriceCents: before.priceCents }],
    },
  });
}
