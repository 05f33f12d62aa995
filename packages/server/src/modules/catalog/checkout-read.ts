import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { storeNotOpen } from '../organizations/organizations.service';
import { decimal, otherThc, unitPriceFor, type Category, type OtherThcMgPerServing, type PriceTier, type SkuAttribute, type SkuUnit } from './catalog.model';

/**
 * What checkout needs to know about a SKU at one store, read inside its own transaction so the
 * compliance decision and the sale see the same catalog. Everything a purchase limit or a tax
 * counts is here; nothing is derived in the browser.
 */
export interface CheckoutSku {
  skuId: string;
  code: string;
  productId: string;
  /** The product's brand (promotions' `brands` filter), if it has one. */
  brandId: string | null;
  title: string;
  registerName: string | null;
  category: Category;
  unit: SkuUnit;
  sizeLabel: string;
  netWeightMg: number | null;
  packCount: number | null;
  thcMg: number | null;
  thcMgPerServing: number | null;
  /**
   * THC compounds other than Δ9 per serving, mg by compound (null = not stated): Washington caps
   * each at 0.5 mg and their sum at 1 mg. A checkout line sends it as otherThcMgPerServing.
   */
  otherThcMgPerServing: OtherThcMgPerServing | null;
  thcPercent: number | null;
  /** THCA % apart from thcPercent: packs that tax or cap by adjusted THC add 0.877 × it (Illinois). */
  thcaPercent: number | null;
  cbdMg: number | null;
  infused: boolean;
  /** Meets Washington DOH standards: the patient tax exemption applies only to such products. */
  dohCompliant: boolean;
  /** Product facts the compliance rules match on (perishable, contains_alcohol). */
  attributes: SkuAttribute[];
  flags: {
    /** For registered patients only: marked medical-only, or not allowed for adult use. */
    medicalOnly: boolean;
    adultUseAllowed: boolean;
    /** Jurisdiction codes where this SKU may not be sold. */
    restrictedJurisdictions: string[];
    /** True when the store's own jurisdiction is among them. */
    restrictedAtStore: boolean;
  };
  /** 'confirmed' unless the structure was guessed and not yet checked by a person. */
  reviewStatus: 'confirmed' | 'needs_review' | 'rejected';
  /** Both the SKU and its product are active. */
  active: boolean;
  /** Null when the store has no price for it: such a SKU cannot be sold there. */
  price: { priceCents: number; currency: string; tiers: PriceTier[] } | null;
  /** The store's status ('open', 'closed', 'retired'), read in the same statement: see assertStoreSells. */
  storeStatus: string | null;
  /** The row versions this was read from (SKU, product, price, store): see catalogUnchangedSql. */
  version: string;
}

type SkuRow = Pick<
  Selectable<DB['sku']>,
  | 'id' | 'code' | 'product_id' | 'register_name' | 'unit' | 'size_label' | 'net_weight_mg' | 'pack_count' | 'thc_mg' | 'thc_mg_per_serving' | 'other_thc_mg_per_serving'
  | 'thc_percent' | 'thca_percent' | 'cbd_mg' | 'infused' | 'doh_compliant' | 'attributes' | 'medical_only' | 'adult_use_allowed' | 'restricted_jurisdictions' | 'review_status'
> &
  Pick<Selectable<DB['product']>, 'title' | 'category' | 'brand_id'> & {
    sku_status: Selectable<DB['sku']>['status'];
    product_status: Selectable<DB['product']>['status'];
    price_cents: Selectable<DB['sku_price']>['price_cents'] | null;
    currency: Selectable<DB['sku_price']>['currency'] | null;
    tiers: Selectable<DB['sku_price']>['tiers'] | null;
    jurisdiction: Selectable<DB['store']>['jurisdiction'] | null;
    store_status: string | null;
    version: string;
  };

export type SkuSelector = { skuIds: readonly string[] } | { codes: readonly string[] };

/**
 * SKUs by id or by POS code, with the store's price, in one query. Unknown ids/codes, and SKUs of
 * another organization, are simply absent from the answer: the caller decides what that means.
 * Pass the checkout's transaction as `db`.
 */
export async function getSkusForCheckout(
  db: Kysely<DB> | Transaction<DB>,
  organizationId: string,
  storeId: string,
  selector: SkuSelector | readonly string[],
): Promise<CheckoutSku[]> {
  const by: SkuSelector = Array.isArray(selector) ? { skuIds: selector as readonly string[] } : (selector as SkuSelector);
  const keys = 'skuIds' in by ? [...by.skuIds] : [...by.codes];
  if (keys.length === 0) return [];
  // Raw SQL rather than the query builder: every checkout reads this twice (the pre-check and the
  // re-pricing in its transaction), and building the 25-column select cost more CPU than running it.
  const rows = (
    await sql<SkuRow>`
      select sku.id, sku.code, sku.product_id, product.brand_id, product.title, sku.register_name, product.category, sku.unit, sku.size_label,
             sku.net_weight_mg, sku.pack_count, sku.thc_mg, sku.thc_mg_per_serving, sku.other_thc_mg_per_serving, sku.thc_percent, sku.thca_percent,
             sku.cbd_mg, sku.infused, sku.doh_compliant, sku.attributes,
             sku.medical_only, sku.adult_use_allowed, sku.restricted_jurisdictions, sku.review_status, sku.status as sku_status,
             product.status as product_status, ${PRICE_IN_FORCE}, store.jurisdiction,
             store.status as store_status, ${ROW_VERSIONS} as version
        from sku
        join product on product.id = sku.product_id
        ${priceJoin(storeId)}
        left join store on store.id = ${storeId} and store.organization_id = ${organizationId}
       where sku.organization_id = ${organizationId}
         and ${'skuIds' in by ? sql`sku.id = any(${keys}::uuid[])` : sql`sku.code = any(${keys}::text[])`}
       order by sku.id`.execute(db)
  ).rows;
  return rows.map((row) => ({
    skuId: row.id,
    code: row.code,
    productId: row.product_id,
    brandId: row.brand_id,
    title: row.title,
    registerName: row.register_name,
    category: row.category as Category,
    unit: row.unit as SkuUnit,
    sizeLabel: row.size_label,
    netWeightMg: row.net_weight_mg,
    packCount: row.pack_count,
    thcMg: decimal(row.thc_mg),
    thcMgPerServing: decimal(row.thc_mg_per_serving),
    otherThcMgPerServing: otherThc(row.other_thc_mg_per_serving),
    thcPercent: decimal(row.thc_percent),
    thcaPercent: decimal(row.thca_percent),
    cbdMg: decimal(row.cbd_mg),
    infused: row.infused,
    dohCompliant: row.doh_compliant,
    attributes: row.attributes as SkuAttribute[],
    flags: {
      // A SKU not allowed for adult use is for patients only, however medical_only reads: the
      // compliance rules know the one mark, and a SKU sold to nobody is no SKU a person means.
      medicalOnly: row.medical_only || !row.adult_use_allowed,
      adultUseAllowed: row.adult_use_allowed,
      restrictedJurisdictions: row.restricted_jurisdictions,
      restrictedAtStore: row.jurisdiction !== null && row.restricted_jurisdictions.includes(row.jurisdiction),
    },
    reviewStatus: row.review_status as CheckoutSku['reviewStatus'],
    active: row.sku_status === 'active' && row.product_status === 'active',
    price: priceInForce(row),
    storeStatus: row.store_status,
    version: row.version,
  }));
}

/**
 * The price in force now, in the statement that reads the SKU (a completion has no statement to
 * spare): sku_price_in_force (migration 0155), the one statement of the rule the menu reads too.
 * The store's own price (its sku_price row, or a later scheduled entry that has started), else
 * the organization-wide one in the store's currency. Read through sku_price_now (0162), which
 * keeps the rule's plan: inlined, its lookups made PostgreSQL plan this statement (and the
 * completion's catalog check) afresh on every run. now() is the transaction's start, so a
 * completion prices on what is in force when it checks, not when it was quoted.
 */
const priceJoin = (storeId: string) => sql`left join lateral sku_price_now(${storeId}::uuid, sku.id) price on true`;

const PRICE_IN_FORCE = sql`price.price_cents, price.currency, price.tiers`;

function priceInForce(row: SkuRow): CheckoutSku['price'] {
  if (row.price_cents === null) return null;
  return { priceCents: row.price_cents, currency: row.currency ?? 'USD', tiers: (row.tiers ?? []) as PriceTier[] };
}

// A row's xmin changes with every update of it: equal versions mean the very rows read before.
// The schedule entries picked are named by id: a scheduled price that started after the quote
// picks another entry (or one where there was none), so the completion sees the change.
const ROW_VERSIONS = sql<string>`concat_ws(':', sku.xmin, product.xmin, price.price_row_version, price.own_entry_id, price.org_entry_id, store.xmin)`;

/**
 * True when every SKU still has the row versions it was read with (`getSkusForCheckout`): nothing
 * a sale is priced on (the SKU, its product, the store's price, the store) was changed since. For
 * a statement a caller already sends, so that re-checking its catalog costs no round trip.
 */
export function catalogUnchangedSql(organizationId: string, storeId: string, skus: ReadonlyArray<Pick<CheckoutSku, 'skuId' | 'version'>>) {
  const ids = [...new Set(skus.map((s) => s.skuId))];
  const wanted = skus.map((s) => `${s.skuId}|${s.version}`);
  return sql<boolean>`(
    select count(*) = ${ids.length}
      from sku
      join product on product.id = sku.product_id
      ${priceJoin(storeId)}
      left join store on store.id = ${storeId} and store.organization_id = ${organizationId}
     where sku.organization_id = ${organizationId}
       and sku.id = any(${ids}::uuid[])
       and sku.id::text || '|' || ${ROW_VERSIONS} = any(${wanted}::text[]))`;
}

/**
 * 409 STORE_NOT_OPEN when the store the SKUs were read for is closed or retired: it sells nothing
 * new. The status comes with the SKUs (the store row is joined anyway), so a sale checks it at no
 * extra statement; a status changed after the read changes the store's row version, so the
 * completion's catalogUnchangedSql sees it and the sale is priced (and checked) again.
 */
export function assertStoreSells(skus: ReadonlyArray<Pick<CheckoutSku, 'storeStatus'>>, path: Array<string | number>): void {
  const status = skus.find((s) => s.storeStatus !== null && s.storeStatus !== 'open')?.storeStatus;
  if (status) throw storeNotOpen(status, path);
}

/** The unit price checkout charges for `quantity` of a SKU at the store (tiers applied). */
export function checkoutUnitPrice(sku: Pick<CheckoutSku, 'price'>, quantity: number): number | null {
  return sku.price ? unitPriceFor(sku.price, quantity) : null;
}

/** The product facts the compliance engine takes on a line beyond what a sale line states itself. */
export interface SkuEngineFacts {
  thcaPercent: number | null;
  dohCompliant: boolean;
  otherThcMgPerServing: OtherThcMgPerServing | null;
}

/**
 * The engine facts of the organization's SKUs with these codes (SKU codes are unique within an
 * organization), by code; a code of no SKU is absent. Pass the caller's transaction as `db`, so a
 * sale is decided on the catalog it is priced from.
 */
export async function skuEngineFactsByCode(db: Kysely<DB> | Transaction<DB>, organizationId: string, codes: readonly string[]): Promise<Map<string, SkuEngineFacts>> {
  const facts = new Map<string, SkuEngineFacts>();
  if (codes.length === 0) return facts;
  const rows = (
    await sql<{ code: string; thca_percent: string | null; doh_compliant: boolean; other_thc_mg_per_serving: unknown }>`
      select code, thca_percent, doh_compliant, other_thc_mg_per_serving from sku where organization_id = ${organizationId} and code = any(${[...new Set(codes)]}::text[])`.execute(db)
  ).rows;
  for (const row of rows) {
    facts.set(row.code, { thcaPercent: decimal(row.thca_percent), dohCompliant: row.doh_compliant, otherThcMgPerServing: otherThc(row.other_thc_mg_per_serving) });
  }
  return facts;
}
