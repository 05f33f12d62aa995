import { sql } from 'kysely';
import type { Db } from '../../platform/unit-of-work';
import { decimal, otherThc, type Category, type OtherThcMgPerServing, type SkuAttribute } from './catalog.model';

/** What the compliance rules judge a SKU on when deciding whether a store may list it. */
export interface ListingSku {
  storeId: string;
  skuId: string;
  category: Category;
  netWeightMg: number | null;
  thcMg: number | null;
  thcMgPerServing: number | null;
  /** THC compounds other than Δ9 per serving (null = not stated): Washington's cap takes an over-cap item off adult-use menus. */
  otherThcMgPerServing: OtherThcMgPerServing | null;
  thcPercent: number | null;
  /** THCA % apart from thcPercent: a potency cap compares adjusted THC (Δ9 + 0.877 × THCA). */
  thcaPercent: number | null;
  infused: boolean;
  /** For registered patients only: marked medical-only, or not allowed for adult use (as checkout reads it). */
  medicalOnly: boolean;
  attributes: SkuAttribute[];
}

/**
 * The SKUs each store could list: active, not rejected, with a price in force at the store (its
 * own, or the organization-wide one in its currency, as checkout reads it: sku_price_in_force,
 * migration 0155). Narrowed to some products or SKUs when given (an empty list narrows to nothing).
 */
export async function listingSkus(
  db: Db,
  storeIds: readonly string[],
  narrow: { productIds?: readonly string[]; skuIds?: readonly string[] } = {},
): Promise<ListingSku[]> {
  if (storeIds.length === 0) return [];
  const rows = await sql<{
    store_id: string;
    sku_id: string;
    category: string;
    net_weight_mg: number | null;
    thc_mg: string | null;
    thc_mg_per_serving: string | null;
    other_thc_mg_per_serving: unknown;
    thc_percent: string | null;
    thca_percent: string | null;
    infused: boolean;
    medical_only: boolean;
    attributes: string[];
  }>`
    select pp.store_id, s.id as sku_id, p.category, s.net_weight_mg, s.thc_mg, s.thc_mg_per_serving, s.other_thc_mg_per_serving, s.thc_percent, s.thca_percent,
           s.infused, s.medical_only or not s.adult_use_allowed as medical_only, s.attributes
      from storefront_priced_pairs(${[...storeIds]}::uuid[], ${narrow.skuIds ? sql`${[...narrow.skuIds]}::uuid[]` : sql`null`}) pp
      join store st on st.id = pp.store_id
      join sku s on s.id = pp.sku_id and s.organization_id = st.organization_id
      join product p on p.id = s.product_id
      cross join lateral sku_price_in_force(pp.store_id, pp.sku_id) pr
     where pr.price_cents is not null
       and s.status = 'active' and p.status = 'active' and s.review_status <> 'rejected'
       ${narrow.productIds ? sql`and s.product_id = any(${[...narrow.productIds]}::uuid[])` : sql``}
       ${narrow.skuIds ? sql`and s.id = any(${[...narrow.skuIds]}::uuid[])` : sql``}`.execute(db);
  return rows.rows.map((r) => ({
    storeId: r.store_id,
    skuId: r.sku_id,
    category: r.category as Category,
    netWeightMg: r.net_weight_mg,
    thcMg: decimal(r.thc_mg),
    thcMgPerServing: decimal(r.thc_mg_per_serving),
    otherThcMgPerServing: otherThc(r.other_thc_mg_per_serving),
    thcPercent: decimal(r.thc_percent),
    thcaPercent: decimal(r.thca_percent),
    infused: r.infused,
    medicalOnly: r.medical_only,
    attributes: r.attributes as SkuAttribute[],
  }));
}
