import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import {
  toBrandView,
  toPriceView,
  toProductView,
  toSkuView,
  type BrandView,
  type PriceView,
  type ProductView,
  type SkuView,
} from './catalog.model';

// Reads shared by the catalog's services. They take a Kysely instance that may be the pool or a
// transaction, so a write can read its own rows back before commit.
type Reader = Kysely<DB>;

export async function loadBrands(db: Reader, organizationId: string): Promise<BrandView[]> {
  const rows = await db.selectFrom('brand').selectAll().where('organization_id', '=', organizationId).orderBy('name').execute();
  return rows.map(toBrandView);
}

export async function loadPrices(db: Reader, skuIds: string[]): Promise<Map<string, PriceView[]>> {
  const bySku = new Map<string, PriceView[]>();
  if (skuIds.length === 0) return bySku;
  const rows = await db.selectFrom('sku_price').selectAll().where('sku_id', 'in', skuIds).orderBy('store_id').execute();
  for (const row of rows) {
    const list = bySku.get(row.sku_id) ?? [];
    list.push(toPriceView(row));
    bySku.set(row.sku_id, list);
  }
  return bySku;
}

export async function loadSkus(db: Reader, organizationId: string, where: { productIds?: string[]; skuIds?: string[] }): Promise<SkuView[]> {
  let query = db.selectFrom('sku').selectAll().where('organization_id', '=', organizationId);
  if (where.productIds) {
    if (where.productIds.length === 0) return [];
    query = query.where('product_id', 'in', where.productIds);
  }
  if (where.skuIds) {
    if (where.skuIds.length === 0) return [];
    query = query.where('id', 'in', where.skuIds);
  }
  const rows = await query.orderBy('product_id').orderBy('code').execute();
  const prices = await loadPrices(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toSkuView(row, prices.get(row.id) ?? []));
}

/** Products with their SKUs and prices, in the order of `ids`. */
export async function loadProducts(db: Reader, organizationId: string, ids: string[]): Promise<ProductView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('product')
    .select([
      'id',
      'brand_id',
      'brand_name',
      'title',
      'slug',
      'description',
      'category',
      'strain_type',
      'strain_name',
      'effects',
      'terpenes',
      'images',
      'seo_title',
      'seo_description',
      'status',
      'created_at',
      'updated_at',
    ])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', ids)
    .execute();
  const skus = await loadSkus(db, organizationId, { productIds: ids });
  const byProduct = new Map<string, SkuView[]>();
  for (const sku of skus) {
    const list = byProduct.get(sku.productId) ?? [];
    list.push(sku);
    byProduct.set(sku.productId, list);
  }
  const byId = new Map(rows.map((row) => [row.id, toProductView(row, byProduct.get(row.id) ?? [])]));
  return ids.map((id) => byId.get(id)).filter((p): p is ProductView => Boolean(p));
}

/** Ids of the organization's stores among `storeIds`. */
export async function storesOf(db: Reader, organizationId: string, storeIds: string[]): Promise<Map<string, { jurisdiction: string }>> {
  if (storeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('store')
    .select(['id', 'jurisdiction'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(storeIds)])
    .execute();
  return new Map(rows.map((row) => [row.id, { jurisdiction: row.jurisdiction }]));
}
