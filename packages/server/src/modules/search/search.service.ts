import { sql, type RawBuilder } from 'kysely';
import { AppError, notFound } from '../../platform/errors';
import { ReadThroughCache } from '../../platform/read-through-cache';
import { unstorableTextAt } from '../../platform/storable-text';
import type { Db } from '../../platform/unit-of-work';
import { toProductView, type Category } from '../catalog';
import { storeNotOpen } from '../organizations/organizations.service';

// Storefront search: full-text over the products' search documents (GIN index), facets with
// counts, and the store's prices and stock, in ONE statement over the storefront read model
// (one snapshot, one round trip; PGlite serves one statement at a time anyway):
// `storefront_product` (one row per product a store shows, with its attributes and the roll-up
// of its SKUs at the store: migration 0060) and `storefront_item` (one narrow row per sellable
// store x SKU: the price in force as checkout charges it, with its currency and tiers, THC, stock;
// migrations 0012 and 0155), both kept right by triggers at commit and, for a price set ahead, by
// the price-start pass (price-starts.ts).
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
  /** Only registered patients may buy it at this store: marked medical-only, or the store's pack refuses it to adult use. */
  patientsOnly: boolean;
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
 * Text as the search document holds it (catalog_search_fold, migration 0143): compatibility forms
 * unified and accents taken off, so "pina" and "piña" are one word on both sides.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

/**
 * The words of a shopper's query as a prefix tsquery ("blue dre" → blue:* & dre:*), so results
 * appear while typing. Only letters and digits reach to_tsquery, so no input can make it fail.
 */
export function toPrefixQuery(q: string | undefined): string | null {
  if (!q) return null;
  const words = foldForSearch(q)
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return words
    .slice(0, 8)
    .map((w) => `${w.slice(0, 40)}:*`)
    .join(' & ');
}

/**
 * The shopper's words (toPrefixQuery's) as a tsquery. The word a shopper is still typing is read
 * as a prefix both of the document's English stems and of its words as written ('simple'
 * configuration, migration 0115): a stem alone would miss a word typed part way past it ("wedd"
 * on the way to "Wedding", whose stem is "wed"), and English drops stop words, so a word being
 * typed that spells one ("we", "s", "up") would match nothing at all. Only when it stands alone:
 * the "s" of "mother's" is no word being typed. Earlier, finished words are matched on their stems
 * ("the blue dreams" finds "Blue Dream").
 */
function prefixTsquery(q: string, prefixQuery: string): RawBuilder<unknown> {
  const words = prefixQuery.split(' & ');
  const typing = words[words.length - 1];
  const lastTyped = (foldForSearch(q).toLowerCase().trim().split(/\s+/).pop() ?? '').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  const english = sql`to_tsquery('english', ${typing})`;
  const last =
    /^[\p{L}\p{N}]+$/u.test(lastTyped) && `${lastTyped.slice(0, 40)}:*` === typing
      ? sql`(case when numnode(${english}) > 0 then ${english} || to_tsquery('simple', ${typing}) else to_tsquery('simple', ${typing}) end)`
      : english;
  return words.length === 1 ? last : sql`(to_tsquery('english', ${words.slice(0, -1).join(' & ')}) && ${last})`;
}

/**
 * Where the next page starts: after the last product shown, by the sort's own key (its value —
 * min price, max THC or rank —, title, id), so a product that joins or leaves the menu between two
 * pages makes the shopper neither skip nor see again another one, as counting from the start
 * would. `{ o }` is the offset a cursor held before (a shopper's next page across an upgrade).
 */
export type CursorPosition = { offset: number; after: null } | { offset: 0; after: { value: number | null; title: string; id: string } };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(sort: SearchSort, last: { value: number | null; title: string; id: string }): string {
  return Buffer.from(JSON.stringify({ s: sort, v: last.value, t: last.title, i: last.id })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, sort: SearchSort): CursorPosition {
  if (!cursor) return { offset: 0, after: null };
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown; s?: unknown; v?: unknown; t?: unknown; i?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.o <= 100_000) return { offset: parsed.o, after: null };
    // The value goes into SQL as the sort's column type: an integer of cents, or a real (THC, rank),
    // which refuses what it cannot hold (1e300, 1e-50) with an error rather than rounding.
    const value = parsed.v;
    const valueFits =
      sort === 'price_asc' || sort === 'price_desc'
        ? typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2_147_483_647
        : value === null || (typeof value === 'number' && (value === 0 || (Math.abs(value) > 1e-37 && Math.abs(value) < 1e38)));
    if (
      parsed.s === sort &&
      valueFits &&
      typeof parsed.t === 'string' &&
      parsed.t.length <= 1_000 &&
      unstorableTextAt(parsed.t) === null &&
      typeof parsed.i === 'string' &&
      UUID.test(parsed.i)
    ) {
      return { offset: 0, after: { value: value as number | null, title: parsed.t, id: parsed.i } };
    }
  } catch {
    // fall through
  }
  throw new AppError(400, 'INVALID_CURSOR', 'This cursor was not issued by this API for this sort.', [{ path: ['querystring', 'cursor'], message: 'invalid cursor' }]);
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
type Bucket = { key: string; min: number; max: number | null };

const PRODUCT_FILTERS: FilterName[] = ['category', 'strainType', 'brand', 'effects'];

/** The bit of the bucket a value falls in (bit n = buckets[n]); storefront_thc_bit/_price_bit (migration 0060) agree. */
function bit(column: string, buckets: readonly Bucket[]) {
  const whens = buckets.map((b, n) =>
    b.max === null ? sql`when ${sql.ref(column)} >= ${sql.lit(b.min)} then ${sql.lit(1 << n)}` : sql`when ${sql.ref(column)} < ${sql.lit(b.max)} then ${sql.lit(1 << n)}`,
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

/**
 * The products after the cursor's in `orderBy(sort)`'s order: a greater sort value (a smaller
 * one for the descending sorts; THC and rank put nulls last), or the same one and then (title, id).
 */
function afterCursor(sort: SearchSort, after: { value: number | null; title: string; id: string }) {
  const tie = sql<boolean>`(title, product_id) > (${after.title}::text, ${after.id}::uuid)`;
  const descNullsLast = (column: string) => {
    if (after.value === null) return sql<boolean>`(${sql.ref(column)} is null and ${tie})`;
    const value = sql`${after.value}::real`;
    return sql<boolean>`(${sql.ref(column)} < ${value} or ${sql.ref(column)} is null or (${sql.ref(column)} = ${value} and ${tie}))`;
  };
  switch (sort) {
    // A product on the menu always has a min price (never null).
    case 'price_asc':
      return sql<boolean>`(min_price > ${after.value}::integer or (min_price = ${after.value}::integer and ${tie}))`;
    case 'price_desc':
      return sql<boolean>`(min_price < ${after.value}::integer or (min_price = ${after.value}::integer and ${tie}))`;
    case 'thc_desc':
      return descNullsLast('max_thc');
    case 'relevance':
      return descNullsLast('rank');
    default:
      return tie;
  }
}

type Row = {
  items: SearchProduct[] | null;
  more: boolean;
  facets: Record<string, { value: string | null; label: string | null; count: number }[]> | null;
  stats: Record<string, number | null>;
};

type StoreRow = { id: string; name: string; status: string; today: string; brands: { id: string; slug: string; name: string }[] | null };

export async function searchStoreProducts(db: Db, storeId: string, query: SearchQuery): Promise<SearchResult> {
  const tsquery = toPrefixQuery(query.q);
  const sort: SearchSort = query.sort ?? (tsquery ? 'relevance' : 'name');
  const position = decodeCursor(query.cursor, sort);
  // The store and its organization's brands in one round trip. Brands are few: slugs are
  // resolved to ids here so the statement filters and groups on uuids.
  const storeRow = await sql<StoreRow>`
    select s.id, s.name, s.status, (now() at time zone s.timezone)::date::text as today,
           (select json_agg(json_build_object('id', b.id, 'slug', b.slug, 'name', b.name)) from brand b
             where b.organization_id = s.organization_id) as brands
      from store s where s.id = ${storeId}::uuid`.execute(db);
  const store = storeRow.rows[0];
  if (!store) throw notFound('Store', storeId);
  if (store.status !== 'open') throw storeNotOpen(store.status, ['params', 'storeId']);
  // Today at the store (its time zone, not UTC's: a package sells through its expiry date there).
  const today = sql`${store.today}::date`;

  const brands = store.brands ?? [];
  const brandById = new Map(brands.map((b) => [b.id, b]));
  const brandIds = query.brand?.length ? brands.filter((b) => query.brand!.includes(b.slug)).map((b) => b.id) : null;

  // SKU-level filters read storefront_item's `thc` (a real copy of numeric(5,2) thc_percent):
  // rounding the bounds to the hundredths the column holds keeps `thc_percent >= thcMin` exact.
  const filters: Filters = {
    category: query.category?.length ? sql<boolean>`category = any(${query.category}::text[])` : TRUE,
    strainType: query.strainType?.length ? sql<boolean>`strain_type = any(${query.strainType}::text[])` : TRUE,
    brand: brandIds ? sql<boolean>`brand_id = any(${brandIds}::uuid[])` : TRUE,
    effects: query.effects?.length ? sql<boolean>`effects && ${query.effects}::text[]` : TRUE,
    thc:
      query.thcMin !== undefined || query.thcMax !== undefined
        ? sql<boolean>`(thc >= (ceil(${query.thcMin ?? 0}::numeric * 100) / 100)::real
                        and thc <= (floor(${query.thcMax ?? 100}::numeric * 100) / 100)::real)`
        : TRUE,
    price:
      query.priceMin !== undefined || query.priceMax !== undefined
        ? sql<boolean>`(price_cents >= ${query.priceMin ?? 0} and price_cents <= ${query.priceMax ?? 2_147_483_647})`
        : TRUE,
    stock:
      query.inStock === true
        ? sql<boolean>`in_stock_until >= ${today}`
        : query.inStock === false
          ? sql<boolean>`(in_stock_until is null or in_stock_until < ${today})`
          : TRUE,
  };
  const tsq = tsquery ? prefixTsquery(query.q!, tsquery) : null;
  const mode = filters.thc === TRUE && filters.price === TRUE ? (filters.stock === TRUE ? 'product' : query.inStock ? 'stock' : 'sku') : 'sku';
  const result = await searchStatement(storeId, today, tsq, filters, mode, sort, query.limit, position).execute(db);

  const row = result.rows[0];
  const facets = row.facets ?? {};
  const stats = row.stats;
  const list = (name: string): FacetCount[] =>
    (facets[name] ?? []).filter((f) => f.value !== null).map((f) => ({ value: f.value as string, count: Number(f.count) }));
  const buckets = (name: string, defs: readonly Bucket[]) => {
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
  // The statement reads one product past the page: there is a next page exactly when it found one.
  const last = items.length > 0 ? items[items.length - 1] : null;
  const sortValue = (item: NonNullable<typeof last>) =>
    sort === 'price_asc' || sort === 'price_desc' ? Number(item.minPriceCents) : sort === 'thc_desc' ? num(item.maxThcPercent) : sort === 'relevance' ? num(item.rank) : null;
  return {
    store: { id: store.id, name: store.name },
    total,
    nextCursor: row.more && last ? encodeCursor(sort, { value: sortValue(last), title: last.title, id: last.id }) : null,
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

/**
 * The one statement: `prod`, one row per product of the store matching the words, carrying its
 * product-level attributes and what the facets need from its SKUs; then facets, ranges and the
 * page from `prod` in single passes, and the page's SKUs from storefront_item by (store, product).
 *
 * - `passing`: one of its SKUs passes every SKU-level filter (the product matches them);
 * - `min_price`, `max_thc`: over those SKUs (sort and display);
 * - `thc_bits` / `price_bits`: the buckets of its SKUs passing the other SKU-level filters, so
 *   each bucket facet ignores its own filter; `thc_lo..price_hi`: the ranges, likewise;
 * - `in_tp` / `stocked`: it has SKUs passing the THC and price filters / one of them is in stock
 *   (the in-stock facet ignores the stock filter);
 * - `match_<filter>`: whether it passes each active product-level filter, evaluated once (and
 *   as plain booleans they give the planner row estimates that keep the facets on hash
 *   aggregates rather than sorts of text and arrays).
 *
 * `prod` comes from one of three paths (`mode`):
 * - product: no SKU-level filter (browse, words, category, brand, strain, effects — the common
 *   shapes): every SKU passes, so `prod` is storefront_product as stored;
 * - stock: "in stock" is the only SKU-level filter: storefront_product's stored roll-up over the
 *   SKUs in stock (stocked_*), for the products whose window holds today; the others (a package's
 *   expiry passed since their last roll-up) go through the SKU pass below;
 * - sku: a price or THC filter (or "not in stock"): one narrow pass over the store's
 *   storefront_item index (product, price, THC, stock: no text) computes those columns per product
 *   with integer and boolean aggregates, joined to storefront_product.
 */
/** Only registered patients may buy SKU `s` at the store: the catalog's mark, or the store's pack (migration 0072). */
// For patients only: a SKU not allowed for adult use is, as checkout sells it (catalog's checkout read).
const medicalOnlySql = sql<boolean>`(s.medical_only or not s.adult_use_allowed)`;
const patientsOnlySql = (storeId: string) => sql<boolean>`(${medicalOnlySql} or exists (select 1 from storefront_patients_only po where po.store_id = ${storeId}::uuid and po.sku_id = s.id))`;

function searchStatement(
  storeId: string,
  today: RawBuilder<unknown>,
  tsq: RawBuilder<unknown> | null,
  filters: Filters,
  mode: 'product' | 'stock' | 'sku',
  sort: SearchSort,
  limit: number,
  position: CursorPosition,
) {
  const { thc: T, price: P, stock: S } = filters;
  // The active product-level filters are evaluated once per product, into `prod` (match_*
  // columns); each facet pass then applies all of them but its own.
  const active = PRODUCT_FILTERS.filter((name) => filters[name] !== TRUE);
  const matchColumns = active.map((name) => sql`, ${filters[name]} as ${sql.ref(`match_${name}`)}`);
  const passing = mode === 'product' ? TRUE : sql<boolean>`passing`;
  const inTp = mode === 'sku' ? sql<boolean>`in_tp` : TRUE;
  const productLevelBut = (except: FilterName | null) => {
    const parts = active.filter((name) => name !== except).map((name) => sql<boolean>`${sql.ref(`match_${name}`)}`);
    return parts.length ? sql<boolean>`(${sql.join(parts, sql` and `)})` : TRUE;
  };
  const all = productLevelBut(null);
  // Products whose search document (product.search_vector, GIN) matches the words.
  const words = tsq
    ? sql`words as materialized (select id as product_id, ts_rank(search_vector, ${tsq}) as rank from product where search_vector @@ ${tsq}),`
    : sql``;
  const rank = tsq ? sql`w.rank` : sql`null::real as rank`;
  const joinWords = (alias: string) => (tsq ? sql`join words w on w.product_id = ${sql.ref(`${alias}.product_id`)}` : sql``);
  /** Per product of the store (or of the `only` ones), what the facets need from its SKUs. */
  const skuPass = (only: RawBuilder<unknown> | null) => sql`
        select product_id,
               count(*) filter (where ${T} and ${P} and ${S}) > 0 as passing,
               min(price_cents) filter (where ${T} and ${P} and ${S}) as min_price,
               max(thc) filter (where ${T} and ${P} and ${S}) as max_thc,
               coalesce(bit_or(${bit('thc', THC_BUCKETS)}) filter (where ${P} and ${S}), 0) as thc_bits,
               coalesce(bit_or(${bit('price_cents', PRICE_BUCKETS)}) filter (where ${T} and ${S}), 0) as price_bits,
               min(thc) filter (where ${P} and ${S}) as thc_lo, max(thc) filter (where ${P} and ${S}) as thc_hi,
               min(price_cents) filter (where ${T} and ${S}) as price_lo, max(price_cents) filter (where ${T} and ${S}) as price_hi,
               count(*) filter (where ${T} and ${P}) > 0 as in_tp,
               count(*) filter (where ${T} and ${P} and in_stock_until >= ${today}) > 0 as stocked
        from storefront_item
        where store_id = ${storeId}::uuid ${only ? sql`and product_id in (${only})` : sql``}
        group by product_id`;
  // The stored in-stock roll-up is the in-stock set of today when today is in its window.
  const stockedValid = sql`(${today} > sp.stocked_after and ${today} <= sp.stocked_until)`;
  const stocked = (stored: string, computed: string) => sql`case when ${stockedValid} then sp.${sql.ref(stored)} else f.${sql.ref(computed)} end`;
  const prod =
    mode === 'sku'
      ? sql`
      select f.*, sp.title, sp.category, sp.strain_type, sp.brand_id, sp.effects, ${rank} ${sql.join(matchColumns, sql``)}
      from (${skuPass(tsq ? sql`select product_id from words` : null)}) f
      join storefront_product sp on sp.store_id = ${storeId}::uuid and sp.product_id = f.product_id
      ${joinWords('f')}
      where f.passing or f.in_tp or f.thc_bits <> 0 or f.price_bits <> 0`
      : mode === 'stock'
        ? sql`
      select sp.product_id, sp.title, sp.category, sp.strain_type, sp.brand_id, sp.effects, ${rank},
             coalesce(sp.in_stock_until >= ${today}, false) as passing,
             ${stocked('stocked_min_price_cents', 'min_price')} as min_price, ${stocked('stocked_max_thc', 'max_thc')} as max_thc,
             ${stocked('stocked_thc_bits', 'thc_bits')} as thc_bits, ${stocked('stocked_price_bits', 'price_bits')} as price_bits,
             ${stocked('stocked_min_thc', 'thc_lo')} as thc_lo, ${stocked('stocked_max_thc', 'thc_hi')} as thc_hi,
             ${stocked('stocked_min_price_cents', 'price_lo')} as price_lo, ${stocked('stocked_max_price_cents', 'price_hi')} as price_hi,
             true as in_tp, coalesce(sp.in_stock_until >= ${today}, false) as stocked
             ${sql.join(matchColumns, sql``)}
      from storefront_product sp
      ${joinWords('sp')}
      left join (${skuPass(sql`select sp.product_id from storefront_product sp where sp.store_id = ${storeId}::uuid and not ${stockedValid}`)}) f
        on f.product_id = sp.product_id
      where sp.store_id = ${storeId}::uuid`
        : sql`
      select sp.product_id, sp.title, sp.category, sp.strain_type, sp.brand_id, sp.effects, ${rank},
             sp.min_price_cents as min_price, sp.max_thc, sp.thc_bits, sp.price_bits,
             sp.min_thc as thc_lo, sp.max_thc as thc_hi, sp.min_price_cents as price_lo, sp.max_price_cents as price_hi,
             coalesce(sp.in_stock_until >= ${today}, false) as stocked
             ${sql.join(matchColumns, sql``)}
      from storefront_product sp
      ${joinWords('sp')}
      where sp.store_id = ${storeId}::uuid`;

  const valueFacet = (name: FilterName, column: string) => sql`
    select ${name}::text as facet, ${sql.ref(column)}::text as value, count(*)::int as count
    from prod where ${passing} and ${productLevelBut(name)} and ${sql.ref(column)} is not null
    group by ${sql.ref(column)}`;
  const bucketCounts = (prefix: string, column: string, buckets: readonly Bucket[]) =>
    buckets.map((_, n) => sql`count(*) filter (where ${sql.ref(column)} & ${sql.lit(1 << n)} <> 0)::int as ${sql.ref(`${prefix}${n}`)}`);
  const bucketValues = (facet: string, prefix: string, buckets: readonly Bucket[]) =>
    buckets.map((b, n) => sql`(${sql.lit(facet)}, ${sql.lit(b.key)}, c.${sql.ref(`${prefix}${n}`)})`);

  return sql<Row>`
    with ${words}
    prod as materialized (${prod}),
    grouped as (select product_id, title, rank, min_price, max_thc from prod where ${passing} and ${all}),
    page as (select g.* from grouped g ${position.after ? sql`where ${afterCursor(sort, position.after)}` : sql``}
             order by ${orderBy(sort)} limit ${limit + 1} offset ${position.offset}),
    page_numbered as (select * from (select page.*, row_number() over (order by ${orderBy(sort)}) as position from page) numbered
                      where position <= ${limit}),
    page_skus as (
      select pn.product_id, json_agg(json_build_object(
          'id', s.id, 'code', s.code, 'sizeLabel', s.size_label, 'unit', s.unit, 'netWeightMg', s.net_weight_mg,
          'thcMg', s.thc_mg, 'thcPercent', s.thc_percent, 'cbdMg', s.cbd_mg, 'cbdPercent', s.cbd_percent,
          'medicalOnly', ${medicalOnlySql},
          'patientsOnly', ${patientsOnlySql(storeId)},
          'priceCents', m.price_cents, 'currency', m.currency, 'tiers', m.tiers,
          'inStock', m.in_stock) order by m.price_cents, s.code) as skus
      from page_numbered pn
      cross join lateral (
        select sku_id, price_cents, currency, tiers, coalesce(in_stock_until >= ${today}, false) as in_stock from storefront_item
        where store_id = ${storeId}::uuid and product_id = pn.product_id and ${T} and ${P} and ${S}) m
      join sku s on s.id = m.sku_id
      group by pn.product_id
    ),
    counts as (
      select count(*) filter (where ${passing})::int as total,
             ${sql.join([...bucketCounts('t', 'thc_bits', THC_BUCKETS), ...bucketCounts('p', 'price_bits', PRICE_BUCKETS)], sql`, `)},
             count(*) filter (where ${inTp} and stocked)::int as stocked,
             count(*) filter (where ${inTp} and not stocked)::int as unstocked,
             min(thc_lo) as thc_min, max(thc_hi) as thc_max, min(price_lo) as price_min, max(price_hi) as price_max
      from prod where ${all}
    ),
    facet_rows as (
      ${valueFacet('category', 'category')}
      union all ${valueFacet('strainType', 'strain_type')}
      union all ${valueFacet('brand', 'brand_id')}
      union all
      -- Products share few distinct effect lists: count the lists, then their values.
      select 'effects', e, sum(n)::int from (
        select effects, count(*) as n from prod where ${passing} and ${productLevelBut('effects')} group by effects
      ) lists, unnest(effects) as e group by e
      union all
      select v.facet, v.value, v.count from counts c cross join lateral (values
        ${sql.join([...bucketValues('thcPercent', 't', THC_BUCKETS), ...bucketValues('price', 'p', PRICE_BUCKETS)], sql`, `)},
        ('inStock', 'true', c.stocked), ('inStock', 'false', c.unstocked)) as v(facet, value, count)
      where v.count > 0
    )
    select
      (select json_object_agg(facet, values) from (
         select facet, json_agg(json_build_object('value', value, 'count', count) order by count desc, value) as values
         from facet_rows group by facet) f) as facets,
      (select json_build_object('total', total, 'thcMin', thc_min, 'thcMax', thc_max, 'priceMin', price_min, 'priceMax', price_max)
         from counts) as stats,
      (select count(*) > ${limit} from page) as more,
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

/**
 * One product page: the product, its SKUs priced at the store, and its SEO fields. Read from the
 * sources (one product), so the price is the one in force now (sku_price_in_force, migration 0155),
 * a price set ahead included from its instant.
 */
export async function getStoreProduct(db: Db, storeId: string, slug: string) {
  const store = await db.selectFrom('store').select(['id', 'organization_id', 'jurisdiction', 'status']).where('id', '=', storeId).executeTakeFirst();
  if (!store) throw notFound('Store', storeId);
  if (store.status !== 'open') throw storeNotOpen(store.status, ['params', 'storeId']);
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
    patients_only: boolean;
    price_cents: number;
    currency: string;
    tiers: { minQuantity: number; unitPriceCents: number }[];
    in_stock: boolean;
  }>`
    select s.id, s.code, s.size_label, s.unit, s.net_weight_mg, s.thc_mg, s.thc_percent, s.cbd_mg, s.cbd_percent,
           ${medicalOnlySql} as medical_only, pr.price_cents, pr.currency, pr.tiers,
           ${patientsOnlySql(storeId)} as patients_only,
           ${hasAvailability ? sql`coalesce((select a.available_quantity from sku_store_availability a where a.store_id = ${storeId}::uuid and a.sku_id = s.id), 0) > 0` : sql`false`} as in_stock
    from sku s cross join lateral sku_price_in_force(${storeId}::uuid, s.id) pr
    where s.product_id = ${product.id}::uuid and s.status = 'active' and s.review_status = 'confirmed' and pr.price_cents is not null
      and not (s.restricted_jurisdictions @> array[${store.jurisdiction}::text])
      and not exists (select 1 from storefront_pack_refusal r where r.store_id = ${storeId}::uuid and r.sku_id = s.id)
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
      patientsOnly: s.patients_only,
      priceCents: s.price_cents,
      currency: s.currency,
      tiers: s.tiers ?? [],
      inStock: s.in_stock,
    })),
  };
}

/** How long a store's online menu (the SKU ids it lists) is reused by live availability streams. */
export const ONLINE_MENU_CACHE_MS = 5_000;
const onlineMenus = new ReadThroughCache<ReadonlySet<string>>({ ttlMs: ONLINE_MENU_CACHE_MS, maxEntries: 10_000 });

/**
 * The SKU ids the store's online menu lists (what the public product search shows), read once per
 * ONLINE_MENU_CACHE_MS per process however many menus are open (`fresh`: read now, as a stream
 * being opened does): the public availability stream sends nothing about any other SKU.
 */
export function onlineMenuSkuIds(db: Db, storeId: string, options: { fresh?: boolean } = {}): Promise<ReadonlySet<string>> {
  if (options.fresh) onlineMenus.invalidate(storeId); // a stream being opened reads the menu as it is now
  return onlineMenus.get(storeId, async () => {
    const { rows } = await sql<{ sku_id: string }>`select sku_id from storefront_item where store_id = ${storeId}`.execute(db);
    return new Set(rows.map((r) => r.sku_id));
  });
}
