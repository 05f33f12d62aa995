import { sql, type RawBuilder } from 'kysely';
import { AppError, notFound } from '../../platform/errors';
import type { Db } from '../../platform/unit-of-work';
import { toProductView, type Category } from '../catalog';

// Storefront search: full-text over the search document (GIN index), facets with counts, and the
// store's prices and stock, in ONE statement over the `storefront_item` read model (one row per
// sellable store x SKU, kept right by triggers at commit: migration 0012), so the catalog is read
// once (one snapshot, one round trip; PGlite serves one statement at a time anyway).
//
// Facets are "disjunctive": the counts of one facet apply every filter except that facet's own,
// so choosing "flower" still shows how many vapes there are. Within a facet values are OR-ed
// (category=flower,vape), across facets AND-ed. A product matches when one of its SKUs passes
// every SKU-level filter (price, THC, stock); the result lists those SKUs.

export const THC_BUCKETS = [
  { key: '0-15', min: 0, max: 15 },
  { key: '15-20', min: 15, max: 20 },
  { key: '20-25', min: 20, max: 25 },
  { key: '25-30', min: 25, max: 30 },
  { key: '30+', min: 30, max: null },
] as const;

export const PRICE_BUCKETS = [
  { key: 'under-20', min: 0, max: 2000 },
  { key: '20-40', min: 2000, max: 4000 },
  { key: '40-60', min: 4000, max: 6000 },
  { key: '60-100', min: 6000, max: 10000 },
  { key: '100+', min: 10000, max: null },
] as const;

export const SEARCH_SORTS = ['relevance', 'name', 'price_asc', 'price_desc', 'thc_desc'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export interface SearchQuery {
  q?: string;
  category?: Category[];
  strainType?: string[];
  /** Brand slugs. */
  brand?: string[];
  effects?: string[];
  thcMin?: number;
  thcMax?: number;
  priceMin?: number;
  priceMax?: number;
  inStock?: boolean;
  sort?: SearchSort;
  limit: number;
  cursor?: string;
}

export interface SearchSku {
  id: string;
  code: string;
  sizeLabel: string;
  unit: string;
  netWeightMg: number | null;
  thcMg: number | null;
  thcPercent: number | null;
  cbdMg: number | null;
  cbdPercent: number | null;
  medicalOnly: boolean;
  priceCents: number;
  currency: string;
  tiers: { minQuantity: number; unitPriceCents: number }[];
  inStock: boolean;
}

export interface SearchProduct {
  id: string;
  title: string;
  slug: string;
  brand: { name: string; slug: string } | null;
  category: Category;
  strainType: string | null;
  strainName: string | null;
  effects: string[];
  images: { url: string; alt?: string }[];
  seoDescription: string;
  minPriceCents: number;
  maxThcPercent: number | null;
  rank: number | null;
  skus: SearchSku[];
}

export interface FacetCount {
  value: string;
  label?: string;
  count: number;
}
export interface RangeFacet {
  min: number | null;
  max: number | null;
  buckets: { key: string; min: number; max: number | null; count: number }[];
}

export interface SearchResult {
  store: { id: string; name: string };
  total: number;
  products: SearchProduct[];
  nextCursor: string | null;
  facets: {
    category: FacetCount[];
    strainType: FacetCount[];
    brand: FacetCount[];
    effects: FacetCount[];
    thcPercent: RangeFacet;
    price: RangeFacet;
    inStock: { count: number; total: number };
  };
}

/**
 * The words of a shopper's query as a prefix tsquery ("blue dre" → blue:* & dre:*), so results
 * appear while typing. Only letters and digits reach to_tsquery, so no input can make it fail.
 */
export function toPrefixQuery(q: string | undefined): string | null {
  if (!q) return null;
  const words = q
    .normalize('NFKC')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return words
    .slice(0, 8)
    .map((w) => `${w.slice(0, 40)}:*`)
    .join(' & ');
}

export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.o <= 100_000) return parsed.o;
  } catch {
    // fall through
  }
  throw new AppError(400, 'INVALID_CURSOR', 'This cursor was not issued by this API.', [{ path: ['querystring', 'cursor'], message: 'invalid cursor' }]);
}

// ---- availability ---------------------------------------------------------------------------

// The product page reads the inventory module's `sku_store_availability` directly (one product;
// search itself reads storefront_item.in_stock_until). A catalog without the inventory module
// (or before its migration) has no stock to show: every SKU counts as out of stock. Found once,
// it is there for good; not found, look again after a while.
const availabilityCache = new WeakMap<Db, { exists: boolean; checkedAt: number }>();

async function availabilityViewExists(db: Db): Promise<boolean> {
  const cached = availabilityCache.get(db);
  if (cached && (cached.exists || Date.now() - cached.checkedAt < 10_000)) return cached.exists;
  const row = await sql<{ found: boolean }>`select to_regclass('sku_store_availability') is not null as found`.execute(db);
  const exists = Boolean(row.rows[0]?.found);
  availabilityCache.set(db, { exists, checkedAt: Date.now() });
  return exists;
}

// ---- the statement --------------------------------------------------------------------------

const TRUE = sql<boolean>`true`;

type Filters = {
  category: RawBuilder<boolean>;
  strainType: RawBuilder<boolean>;
  brand: RawBuilder<boolean>;
  effects: RawBuilder<boolean>;
  thc: RawBuilder<boolean>;
  price: RawBuilder<boolean>;
  stock: RawBuilder<boolean>;
};
type FilterName = keyof Filters;

function allBut(filters: Filters, ...except: FilterName[]): RawBuilder<boolean> {
  const parts = (Object.keys(filters) as FilterName[]).filter((name) => !except.includes(name)).map((name) => filters[name]);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

function bucketCase(column: string, buckets: readonly { key: string; min: number; max: number | null }[]) {
  const whens = buckets.map((b) =>
    b.max === null ? sql`when ${sql.ref(column)} >= ${b.min} then ${b.key}` : sql`when ${sql.ref(column)} < ${b.max} then ${b.key}`,
  );
  return sql`case ${sql.join(whens, sql` `)} end`;
}

function orderBy(sort: SearchSort) {
  switch (sort) {
    case 'relevance':
      return sql`rank desc nulls last, title, product_id`;
    case 'price_asc':
      return sql`min_price, title, product_id`;
    case 'price_desc':
      return sql`min_price desc, title, product_id`;
    case 'thc_desc':
      return sql`max_thc desc nulls last, title, product_id`;
    default:
      return sql`title, product_id`;
  }
}

type Row = {
  items: SearchProduct[] | null;
  facets: Record<string, { value: string | null; label: string | null; count: number }[]> | null;
  stats: Record<string, number | null>;
};

type StoreRow = { id: string; name: string; brands: { id: string; slug: string; name: string }[] | null };

export async function searchStoreProducts(db: Db, storeId: string, query: SearchQuery): Promise<SearchResult> {
  const offset = decodeCursor(query.cursor);
  // The store and its organization's brands in one round trip. Brands are few: slugs are
  // resolved to ids here so the statement filters and groups on uuids.
  const storeRow = await sql<StoreRow>`
    select s.id, s.name,
           (select json_agg(json_build_object('id', b.id, 'slug', b.slug, 'name', b.name)) from brand b
             where b.organization_id = s.organization_id) as brands
      from store s where s.id = ${storeId}::uuid`.execute(db);
  const store = storeRow.rows[0];
  if (!store) throw notFound('Store', storeId);
  const tsquery = toPrefixQuery(query.q);
  const sort: SearchSort = query.sort ?? (tsquery ? 'relevance' : 'name');

  const brands = store.brands ?? [];
  const brandById = new Map(brands.map((b) => [b.id, b]));
  const brandIds = query.brand?.length ? brands.filter((b) => query.brand!.includes(b.slug)).map((b) => b.id) : null;

  const filters: Filters = {
    category: query.category?.length ? sql<boolean>`category = any(${query.category}::text[])` : TRUE,
    strainType: query.strainType?.length ? sql<boolean>`strain_type = any(${query.strainType}::text[])` : TRUE,
    brand: brandIds ? sql<boolean>`brand_id = any(${brandIds}::uuid[])` : TRUE,
    effects: query.effects?.length ? sql<boolean>`effects && ${query.effects}::text[]` : TRUE,
    thc:
      query.thcMin !== undefined || query.thcMax !== undefined
        ? sql<boolean>`(thc_percent >= ${query.thcMin ?? 0} and thc_percent <= ${query.thcMax ?? 100})`
        : TRUE,
    price:
      query.priceMin !== undefined || query.priceMax !== undefined
        ? sql<boolean>`(price_cents >= ${query.priceMin ?? 0} and price_cents <= ${query.priceMax ?? 2_147_483_647})`
        : TRUE,
    stock: query.inStock === true ? sql<boolean>`in_stock` : query.inStock === false ? sql<boolean>`not in_stock` : TRUE,
  };
  const skuLevel = sql<boolean>`(${filters.thc} and ${filters.price} and ${filters.stock})`;
  const productLevelBut = (except: FilterName | null) =>
    sql<boolean>`(${sql.join(
      (['category', 'strainType', 'brand', 'effects'] as FilterName[]).filter((f) => f !== except).map((f) => filters[f]),
      sql` and `,
    )})`;

  const tsq = tsquery ? sql`to_tsquery('english', ${tsquery})` : null;

  const productFacet = (name: FilterName, column: string) => sql`
    select ${name}::text as facet, ${sql.ref(column)}::text as value, count(*)::int as count
    from products_sku_matched where ${productLevelBut(name)} and ${sql.ref(column)} is not null
    group by ${sql.ref(column)}`;

  // base: the store's storefront_item rows (one per sellable SKU, maintained with the catalog
  // and stock: migration 0012) whose search document matches the words. products_sku_matched:
  // products with a SKU passing the SKU-level filters (price, THC, stock), one row each, for the
  // product-level facets. matched: SKUs passing every filter.
  const skuFiltered = filters.thc !== TRUE || filters.price !== TRUE || filters.stock !== TRUE;
  const statement = skuFiltered ? sql<Row>`
    with base as materialized (
      select i.sku_id, i.product_id, i.title, i.category, i.strain_type, i.brand_id, i.effects,
             i.thc_percent, i.price_cents, coalesce(i.in_stock_until >= current_date, false) as in_stock,
             ${tsq ? sql`ts_rank(i.search_vector, ${tsq})` : sql`null::real`} as rank
      from storefront_item i
      where i.store_id = ${storeId}::uuid
        ${tsq ? sql`and i.search_vector @@ ${tsq}` : sql``}
    ),
    matched as materialized (select sku_id, product_id, title, thc_percent, price_cents, in_stock, rank from base where ${allBut(filters)}),
    products_sku_matched as materialized (
      -- Product attributes are the same on each of its rows: min() just picks them, hashing on the id.
      select product_id, min(category) as category, min(strain_type) as strain_type, min(brand_id::text)::uuid as brand_id,
             min(effects) as effects
      from base where ${skuLevel} group by product_id
    ),
    grouped as (
      select m.product_id, min(m.title) as title, max(m.rank) as rank, min(m.price_cents) as min_price, max(m.thc_percent) as max_thc
      from matched m group by m.product_id
    ),
    page as (
      select g.* from grouped g
      order by ${orderBy(sort)}
      limit ${query.limit} offset ${offset}
    ),
    page_numbered as (select page.*, row_number() over (order by ${orderBy(sort)}) as position from page),
    page_skus as (${pageSkus(sql.raw('matched'), storeId)}),
    facet_rows as (
      ${productFacet('category', 'category')}
      union all ${productFacet('strainType', 'strain_type')}
      union all ${productFacet('brand', 'brand_id')}
      union all
      select 'effects', e, count(*)::int from products_sku_matched, unnest(effects) as e
      where ${productLevelBut('effects')} group by e
      union all
      -- Distinct products per bucket as a two-level hash aggregate: count(distinct) would sort.
      select 'thcPercent', bucket, count(*)::int from (
        select product_id, ${bucketCase('thc_percent', THC_BUCKETS)} as bucket from base
        where ${allBut(filters, 'thc')} and thc_percent is not null group by 1, 2) t group by bucket
      union all
      select 'price', bucket, count(*)::int from (
        select product_id, ${bucketCase('price_cents', PRICE_BUCKETS)} as bucket from base
        where ${allBut(filters, 'price')} group by 1, 2) t group by bucket
      union all
      select 'inStock', case when in_stock then 'true' else 'false' end, count(*)::int from (
        select product_id, bool_or(in_stock) as in_stock from base where ${allBut(filters, 'stock')} group by product_id) t
      group by in_stock
    )
    select
      (select json_object_agg(facet, values) from (
         select facet, json_agg(json_build_object('value', value, 'count', count) order by count desc, value) as values
         from facet_rows group by facet) f) as facets,
      (select json_build_object(
        'total', (select count(*) from grouped),
        'thcMin', min(thc_percent) filter (where ${allBut(filters, 'thc')}),
        'thcMax', max(thc_percent) filter (where ${allBut(filters, 'thc')}),
        'priceMin', min(price_cents) filter (where ${allBut(filters, 'price')}),
        'priceMax', max(price_cents) filter (where ${allBut(filters, 'price')})
      ) from base) as stats,
      (select json_agg(item order by position) from (
        select pn.position, json_build_object(
          'id', p.id, 'title', p.title, 'slug', p.slug, 'brandId', p.brand_id,
          'category', p.category, 'strainType', p.strain_type, 'strainName', p.strain_name, 'effects', p.effects,
          'images', p.images, 'description', p.description, 'seoDescription', p.seo_description,
          'minPriceCents', pn.min_price, 'maxThcPercent', pn.max_thc, 'rank', pn.rank, 'skus', ps.skus
        ) as item
        from page_numbered pn join product p on p.id = pn.product_id join page_skus ps on ps.product_id = pn.product_id
      ) items) as items` : browseStatement(storeId, tsq, filters, productLevelBut, sort, query.limit, offset);
  const result = await statement.execute(db);

  const row = result.rows[0];
  const facets = row.facets ?? {};
  const stats = row.stats;
  const list = (name: string): FacetCount[] =>
    (facets[name] ?? []).filter((f) => f.value !== null).map((f) => ({ value: f.value as string, count: Number(f.count) }));
  const buckets = (name: string, defs: readonly { key: string; min: number; max: number | null }[]) => {
    const counts = new Map(list(name).map((f) => [f.value, f.count]));
    return defs.map((d) => ({ key: d.key, min: d.min, max: d.max, count: counts.get(d.key) ?? 0 }));
  };
  const brandFacet = list('brand').flatMap((b) => {
    const brand = brandById.get(b.value);
    return brand ? [{ value: brand.slug, label: brand.name, count: b.count }] : [];
  });
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const items = (row.items ?? []) as unknown as (Omit<SearchProduct, 'brand'> & { brandId: string | null; description: string; seoDescription: string | null })[];
  const total = Number(stats.total ?? 0);
  return {
    store: { id: store.id, name: store.name },
    total,
    nextCursor: offset + items.length < total && items.length === query.limit ? encodeCursor(offset + items.length) : null,
    products: items.map((item) => ({
      id: item.id,
      title: item.title,
      slug: item.slug,
      brand: item.brandId && brandById.has(item.brandId) ? { name: brandById.get(item.brandId)!.name, slug: brandById.get(item.brandId)!.slug } : null,
      category: item.category,
      strainType: item.strainType,
      strainName: item.strainName,
      effects: item.effects,
      images: item.images,
      seoDescription: item.seoDescription ?? shortText(item.description, item.title),
      minPriceCents: Number(item.minPriceCents),
      maxThcPercent: num(item.maxThcPercent),
      rank: num(item.rank),
      skus: (item.skus ?? []).map((s) => ({
        ...s,
        netWeightMg: num(s.netWeightMg),
        thcMg: num(s.thcMg),
        thcPercent: num(s.thcPercent),
        cbdMg: num(s.cbdMg),
        cbdPercent: num(s.cbdPercent),
      })),
    })),
    facets: {
      category: list('category'),
      strainType: list('strainType'),
      brand: brandFacet,
      effects: list('effects'),
      thcPercent: { min: num(stats.thcMin), max: num(stats.thcMax), buckets: buckets('thcPercent', THC_BUCKETS) },
      price: { min: num(stats.priceMin), max: num(stats.priceMax), buckets: buckets('price', PRICE_BUCKETS) },
      inStock: {
        count: list('inStock').find((f) => f.value === 'true')?.count ?? 0,
        total: list('inStock').reduce((n, f) => n + f.count, 0),
      },
    },
  };
}

const bit = (column: string, buckets: readonly { key: string; min: number; max: number | null }[]) => {
  const whens = buckets.map((b, n) =>
    b.max === null ? sql`when ${sql.ref(column)} >= ${b.min} then ${sql.lit(1 << n)}` : sql`when ${sql.ref(column)} < ${b.max} then ${sql.lit(1 << n)}`,
  );
  return sql`case ${sql.join(whens, sql` `)} end`;
};

/**
 * Without SKU-level filters (price, THC, stock) every SKU of a matching product is listed, so the
 * store's rows are aggregated to products once (with bitmasks of the THC and price buckets their
 * SKUs fall in, and whether any is in stock) and every facet, range and the page come from those
 * product rows in single passes. Browse, words, category, brand, strain and effects take this path.
 */
function browseStatement(
  storeId: string,
  tsq: RawBuilder<unknown> | null,
  filters: Filters,
  productLevelBut: (except: FilterName | null) => RawBuilder<boolean>,
  sort: SearchSort,
  limit: number,
  offset: number,
) {
  const productFacet = (name: FilterName, column: string) => sql`
    select ${name}::text as facet, ${sql.ref(column)}::text as value, count(*)::int as count
    from prod where ${productLevelBut(name)} and ${sql.ref(column)} is not null
    group by ${sql.ref(column)}`;
  const bucketCounts = (prefix: string, column: string, buckets: readonly { key: string }[]) =>
    buckets.map((b, n) => sql`count(*) filter (where ${sql.ref(column)} & ${sql.lit(1 << n)} <> 0)::int as ${sql.ref(`${prefix}${n}`)}`);
  const bucketValues = (facet: string, prefix: string, buckets: readonly { key: string }[]) =>
    buckets.map((b, n) => sql`(${facet}::text, ${b.key}::text, c.${sql.ref(`${prefix}${n}`)})`);
  return sql<Row>`
    with base as materialized (
      select i.sku_id, i.product_id, i.title, i.category, i.strain_type, i.brand_id, i.effects,
             i.thc_percent, i.price_cents, coalesce(i.in_stock_until >= current_date, false) as in_stock,
             ${tsq ? sql`ts_rank(i.search_vector, ${tsq})` : sql`null::real`} as rank
      from storefront_item i
      where i.store_id = ${storeId}::uuid
        ${tsq ? sql`and i.search_vector @@ ${tsq}` : sql``}
    ),
    prod as materialized (
      -- Product attributes are the same on each of its rows: min() just picks them, hashing on the id.
      select product_id, min(title) as title, min(category) as category, min(strain_type) as strain_type,
             min(brand_id::text)::uuid as brand_id, min(effects) as effects, max(rank) as rank,
             min(price_cents) as min_price, max(price_cents) as max_price,
             min(thc_percent) as min_thc, max(thc_percent) as max_thc, bool_or(in_stock) as in_stock,
             coalesce(bit_or(${bit('thc_percent', THC_BUCKETS)}), 0) as thc_bits,
             bit_or(${bit('price_cents', PRICE_BUCKETS)}) as price_bits
      from base group by product_id
    ),
    grouped as (select product_id, title, rank, min_price, max_thc from prod where ${productLevelBut(null)}),
    page as (select g.* from grouped g order by ${orderBy(sort)} limit ${limit} offset ${offset}),
    page_numbered as (select page.*, row_number() over (order by ${orderBy(sort)}) as position from page),
    page_skus as (${pageSkus(sql.raw('base'), storeId)}),
    counts as (
      select count(*)::int as total,
             ${sql.join([...bucketCounts('t', 'thc_bits', THC_BUCKETS), ...bucketCounts('p', 'price_bits', PRICE_BUCKETS)], sql`, `)},
             count(*) filter (where in_stock)::int as stocked,
             min(min_thc) as thc_min, max(max_thc) as thc_max, min(min_price) as price_min, max(max_price) as price_max
      from prod where ${productLevelBut(null)}
    ),
    facet_rows as (
      ${productFacet('category', 'category')}
      union all ${productFacet('strainType', 'strain_type')}
      union all ${productFacet('brand', 'brand_id')}
      union all
      select 'effects', e, count(*)::int from prod, unnest(effects) as e
      where ${productLevelBut('effects')} group by e
      union all
      select v.facet, v.value, v.count from counts c cross join lateral (values
        ${sql.join([...bucketValues('thcPercent', 't', THC_BUCKETS), ...bucketValues('price', 'p', PRICE_BUCKETS)], sql`, `)},
        ('inStock', 'true', c.stocked), ('inStock', 'false', c.total - c.stocked)) as v(facet, value, count)
      where v.count > 0
    )
    select
      (select json_object_agg(facet, values) from (
         select facet, json_agg(json_build_object('value', value, 'count', count) order by count desc, value) as values
         from facet_rows group by facet) f) as facets,
      (select json_build_object('total', total, 'thcMin', thc_min, 'thcMax', thc_max, 'priceMin', price_min, 'priceMax', price_max)
         from counts) as stats,
      (select json_agg(item order by position) from (
        select pn.position, json_build_object(
          'id', p.id, 'title', p.title, 'slug', p.slug, 'brandId', p.brand_id,
          'category', p.category, 'strainType', p.strain_type, 'strainName', p.strain_name, 'effects', p.effects,
          'images', p.images, 'description', p.description, 'seoDescription', p.seo_description,
          'minPriceCents', pn.min_price, 'maxThcPercent', pn.max_thc, 'rank', pn.rank, 'skus', ps.skus
        ) as item
        from page_numbered pn join product p on p.id = pn.product_id join page_skus ps on ps.product_id = pn.product_id
      ) items) as items`;
}

function shortText(text: string, fallback: string): string {
  const clean = (text ?? '').replace(/\s+/g, ' ').trim();
  if (!clean) return fallback;
  return clean.length <= 160 ? clean : `${clean.slice(0, 157).replace(/\s+\S*$/, '')}…`;
}

/** One product page: the product, its SKUs priced at the store, and its SEO fields. */
export async function getStoreProduct(db: Db, storeId: string, slug: string) {
  const store = await db.selectFrom('store').select(['id', 'organization_id', 'jurisdiction']).where('id', '=', storeId).executeTakeFirst();
  if (!store) throw notFound('Store', storeId);
  const product = await db
    .selectFrom('product')
    .leftJoin('brand', 'brand.id', 'product.brand_id')
    .selectAll('product')
    .select(['brand.slug as brand_slug'])
    .where('product.organization_id', '=', store.organization_id)
    .where('product.slug', '=', slug)
    .where('product.status', '=', 'active')
    .executeTakeFirst();
  if (!product) throw notFound('Product', slug);
  const hasAvailability = await availabilityViewExists(db);
  const skus = await sql<{
    id: string;
    code: string;
    size_label: string;
    unit: string;
    net_weight_mg: number | null;
    thc_mg: string | null;
    thc_percent: string | null;
    cbd_mg: string | null;
    cbd_percent: string | null;
    medical_only: boolean;
    price_cents: number;
    currency: string;
    tiers: { minQuantity: number; unitPriceCents: number }[];
    in_stock: boolean;
  }>`
    select s.id, s.code, s.size_label, s.unit, s.net_weight_mg, s.thc_mg, s.thc_percent, s.cbd_mg, s.cbd_percent,
           s.medical_only, pr.price_cents, pr.currency, pr.tiers,
           ${hasAvailability ? sql`coalesce((select a.available_quantity from sku_store_availability a where a.store_id = ${storeId}::uuid and a.sku_id = s.id), 0) > 0` : sql`false`} as in_stock
    from sku s join sku_price pr on pr.sku_id = s.id and pr.store_id = ${storeId}::uuid
    where s.product_id = ${product.id}::uuid and s.status = 'active' and s.review_status = 'confirmed'
      and not (s.restricted_jurisdictions @> array[${store.jurisdiction}::text])
    order by pr.price_cents, s.code`.execute(db);
  if (skus.rows.length === 0) throw notFound('Product', slug);
  const num = (v: string | number | null) => (v === null ? null : Number(v));
  const view = toProductView(product);
  return {
    id: product.id,
    title: product.title,
    slug: product.slug,
    brand: product.brand_name && product.brand_slug ? { name: product.brand_name, slug: product.brand_slug } : null,
    category: product.category as Category,
    strainType: product.strain_type,
    strainName: product.strain_name,
    effects: product.effects,
    images: view.images,
    terpenes: view.terpenes,
    description: product.description,
    seoDescription: view.seo.description,
    seo: view.seo,
    minPriceCents: Math.min(...skus.rows.map((s) => s.price_cents)),
    maxThcPercent: skus.rows.reduce<number | null>((max, s) => (s.thc_percent === null ? max : Math.max(max ?? 0, Number(s.thc_percent))), null),
    rank: null,
    skus: skus.rows.map((s) => ({
      id: s.id,
      code: s.code,
      sizeLabel: s.size_label,
      unit: s.unit,
      netWeightMg: s.net_weight_mg,
      thcMg: num(s.thc_mg),
      thcPercent: num(s.thc_percent),
      cbdMg: num(s.cbd_mg),
      cbdPercent: num(s.cbd_percent),
      medicalOnly: s.medical_only,
      priceCents: s.price_cents,
      currency: s.currency,
      tiers: s.tiers ?? [],
      inStock: s.in_stock,
    })),
  };
}

/** The SKUs (with the store's prices) of the products on the page, from a CTE of matching SKU rows. */
function pageSkus(matches: RawBuilder<unknown>, storeId: string) {
  return sql`
      select m.product_id, json_agg(json_build_object(
          'id', s.id, 'code', s.code, 'sizeLabel', s.size_label, 'unit', s.unit, 'netWeightMg', s.net_weight_mg,
          'thcMg', s.thc_mg, 'thcPercent', s.thc_percent, 'cbdMg', s.cbd_mg, 'cbdPercent', s.cbd_percent,
          'medicalOnly', s.medical_only, 'priceCents', pr.price_cents, 'currency', pr.currency, 'tiers', pr.tiers,
          'inStock', m.in_stock) order by pr.price_cents, s.code) as skus
      from page_numbered pn
      join ${matches} m on m.product_id = pn.product_id
      join sku s on s.id = m.sku_id
      join sku_price pr on pr.sku_id = s.id and pr.store_id = ${storeId}::uuid
      group by m.product_id`;
}
