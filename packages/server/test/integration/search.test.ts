import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSkusForCheckout, listingSkus } from '../../src/modules/catalog';
import { sellDirect } from '../../src/modules/inventory';
import { refreshStartedPrices } from '../../src/modules/search/price-starts';
import { PRICE_BUCKETS, THC_BUCKETS } from '../../src/modules/search/search.service';
import { run, staffContext, stockPackage } from '../support/inventory-actors';
import { startTestServer, type TestServer } from '../support/test-server';

type Product = {
  id: string;
  title: string;
  slug: string;
  category: string;
  strainType: string | null;
  brand: { slug: string } | null;
  effects: string[];
  skus: { code: string; priceCents: number; thcPercent: number | null; inStock: boolean }[];
};

/**
 * Puts sellable stock of a SKU at a store. Written straight into the inventory module's tables
 * (migration 0003), because this suite tests the storefront's use of `sku_store_availability`,
 * not receiving. If the inventory migration is absent, a stand-in view is created instead.
 */
async function giveStock(server: TestServer, storeId: string, skuId: string, quantity: number) {
  const db = server.platform.database.db;
  const inventory = await sql<{ found: boolean }>`select to_regclass('inventory_stock') is not null as found`.execute(db);
  if (!inventory.rows[0].found) {
    const view = await sql<{ n: number }>`select count(*)::int as n from pg_views where viewname = 'sku_store_availability'`.execute(db);
    if (view.rows[0].n === 0) {
      await sql`create table test_stock (store_id uuid, sku_id uuid, available_quantity bigint)`.execute(db);
      await sql`create view sku_store_availability as select store_id, sku_id, available_quantity from test_stock`.execute(db);
    }
    await sql`insert into test_stock values (${storeId}, ${skuId}, ${quantity})`.execute(db);
    return;
  }
  const location = await sql<{ id: string }>`
    insert into inventory_location (id, organization_id, store_id, code, name, kind, sellable)
    values (${uuidv7()}, ${server.organizationId}, ${storeId}, 'sales_floor', 'Sales floor', 'sales_floor', true)
    on conflict (store_id, code) do update set sellable = true returning id`.execute(db);
  const packageId = uuidv7();
  await sql`insert into inventory_package (id, organization_id, label, sku_id, unit, lab_status)
    values (${packageId}, ${server.organizationId}, ${`1A4${randomBytes(8).toString('hex').toUpperCase()}`}, ${skuId}, 'each', 'passed')`.execute(db);
  await sql`insert into inventory_stock (package_id, location_id, store_id, organization_id, sku_id, on_hand)
    values (${packageId}, ${location.rows[0].id}, ${storeId}, ${server.organizationId}, ${skuId}, ${quantity})`.execute(db);
}

describe('storefront search', () => {
  let server: TestServer;
  let oakland: string;
  let denver: string;
  let owner: string;
  const search = async (storeId: string, query = '') => {
    const response = await server.request({ method: 'GET', url: `/v1/public/stores/${storeId}/products${query ? `?${query}` : ''}` });
    if (response.statusCode !== 200) throw new Error(`${response.statusCode} ${response.body}`);
    return response.json() as { total: number; products: Product[]; nextCursor: string | null; facets: Record<string, any> };
  };
  const skuId = async (code: string) =>
    (await server.platform.database.db.selectFrom('sku').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    const stores = (await server.request({ method: 'GET', url: '/v1/stores', cookie: owner })).json().stores;
    oakland = stores.find((s: { name: string }) => s.name.includes('Oakland')).id;
    denver = stores.find((s: { name: string }) => s.name.includes('Denver')).id;
    for (const code of ['HH-BD-35', 'HH-GDP-35', 'C9-LR-PE1', 'SLK-MBB-100']) await giveStock(server, oakland, await skuId(code), 10);
  });
  afterAll(() => server?.close());

  it('is public and finds products by words and word prefixes, best match first', async () => {
    const result = await search(oakland, 'q=blue%20dream');
    expect(result.products[0].title).toMatch(/Blue Dream/);
    expect(result.products.map((p) => p.title)).toEqual(expect.arrayContaining(['Blue Dream', 'Blue Dream Pre-Roll']));
    for (const product of result.products) expect(product.skus.length).toBeGreaterThan(0);
    expect((await search(oakland, 'q=grandd')).products.map((p) => p.title)).toContain('Granddaddy Purple');
    expect((await search(oakland, 'q=cloud%20nine')).products.every((p) => p.brand?.slug === 'cloud-nine-extracts')).toBe(true);
    expect((await search(oakland, 'q=sleepy')).products.map((p) => p.title)).toEqual(expect.arrayContaining(['Midnight Blueberry Sleep Gummies']));
    expect((await search(oakland, 'q=blueberry')).total).toBeGreaterThan(0);
    expect((await search(oakland, `q=${encodeURIComponent("'); drop table product; --")}`)).total).toBe(0);
  });

  it('filters by category, strain type, brand, effects, THC and price, with facets that count the other choices', async () => {
    const all = await search(oakland, 'limit=100');
    const flower = await search(oakland, 'category=flower&limit=100');
    expect(flower.products.every((p) => p.category === 'flower')).toBe(true);
    const facet = (list: { value: string; count: number }[], value: string) => list.find((f) => f.value === value)?.count ?? 0;
    // Disjunctive: picking a category still shows the others' counts.
    expect(flower.facets.category.length).toBeGreaterThan(5);
    expect(facet(flower.facets.category, 'flower')).toBe(flower.total);
    for (const { value, count } of all.facets.category) expect((await search(oakland, `category=${value}`)).total).toBe(count);
    const multi = await search(oakland, 'category=flower,vape&limit=100');
    expect(multi.total).toBe(facet(all.facets.category, 'flower') + facet(all.facets.category, 'vape'));
    expect(facet(flower.facets.strainType, 'indica')).toBe((await search(oakland, 'category=flower&strainType=indica')).total);

    const brand = await search(oakland, 'brand=cloud-nine-extracts&limit=100');
    expect(brand.products.every((p) => p.brand?.slug === 'cloud-nine-extracts')).toBe(true);
    expect(all.facets.brand.find((b: { value: string }) => b.value === 'cloud-nine-extracts')).toMatchObject({ label: 'Cloud Nine Extracts', count: brand.total });

    const sleepy = await search(oakland, 'effects=sleepy&limit=100');
    expect(sleepy.total).toBeGreaterThan(0);
    expect(sleepy.products.every((p) => p.effects.includes('sleepy'))).toBe(true);

    const potent = await search(oakland, 'thcMin=25&thcMax=30&limit=100');
    expect(potent.total).toBeGreaterThan(0);
    for (const p of potent.products) for (const s of p.skus) expect(s.thcPercent).toBeGreaterThanOrEqual(25);
    const bucket = all.facets.thcPercent.buckets.find((b: { key: string }) => b.key === '25-30');
    expect(bucket.count).toBeGreaterThan(0);
    expect(all.facets.thcPercent.min).toBeLessThan(all.facets.thcPercent.max);

    const cheap = await search(oakland, 'priceMax=1500&limit=100');
    for (const p of cheap.products) for (const s of p.skus) expect(s.priceCents).toBeLessThanOrEqual(1500);
    expect(all.facets.price.buckets.find((b: { key: string }) => b.key === 'under-20').count).toBeGreaterThan(0);
    expect(cheap.total).toBeLessThan(all.total);
  });

  it('uses the store’s own prices and hides what the store may not or does not sell', async () => {
    const oak = await search(oakland, 'q=sour%20diesel');
    const den = await search(denver, 'q=sour%20diesel');
    const price = (r: typeof oak) => r.products.find((p) => p.title === 'Sour Diesel')!.skus.find((s) => s.code === 'RR-SD-35')!.priceCents;
    expect(price(oak)).toBe(5000);
    expect(price(den)).toBe(3800);
    // Restricted in US-CO and not priced in Denver.
    expect((await search(oakland, 'q=hibiscus')).total).toBe(1);
    expect((await search(denver, 'q=hibiscus')).total).toBe(0);
    expect((await search(denver, 'q=lemon%20cherry')).total).toBe(0);
  });

  it('filters and counts stock at the store from sku_store_availability', async () => {
    // What the inventory module says is sellable now (the demo seed may stock some SKUs itself),
    // less what California's pack lets nobody buy (the demo's 500 mg medical gummies: the edible
    // package cap holds for medicinal edibles too), which the menu leaves off.
    const available = await sql<{ code: string; title: string }>`
      select s.code, p.title from sku_store_availability a join sku s on s.id = a.sku_id join product p on p.id = s.product_id
      join sku_price pr on pr.sku_id = s.id and pr.store_id = a.store_id
      where a.store_id = ${oakland}::uuid and a.available_quantity > 0 and s.review_status = 'confirmed'
        and not exists (select 1 from storefront_pack_refusal r where r.store_id = a.store_id and r.sku_id = a.sku_id)`.execute(server.platform.database.db);
    const stockedCodes = new Set(available.rows.map((r) => r.code));
    const stockedTitles = [...new Set(available.rows.map((r) => r.title))].sort();
    expect(stockedTitles).toEqual(expect.arrayContaining(['Blue Dream', 'Granddaddy Purple', 'Live Resin Cart Pineapple Express', 'Midnight Blueberry Sleep Gummies']));

    const inStock = await search(oakland, 'inStock=true&limit=100');
    expect(inStock.products.map((p) => p.title).sort()).toEqual(stockedTitles);
    for (const p of inStock.products) for (const s of p.skus) expect(s.inStock).toBe(true);
    const all = await search(oakland, 'limit=100');
    expect(all.facets.inStock).toEqual({ count: stockedTitles.length, total: all.total });
    for (const p of all.products) for (const s of p.skus) expect(s.inStock, s.code).toBe(stockedCodes.has(s.code));
    const outOfStock = await search(oakland, 'inStock=false&limit=100');
    for (const p of outOfStock.products) for (const s of p.skus) expect(s.inStock).toBe(false);
  });

  it('pages with a cursor and sorts by price', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const page = await search(oakland, `limit=7&sort=price_asc${cursor ? `&cursor=${cursor}` : ''}`);
      total = page.total;
      seen.push(...page.products.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const sorted = await search(oakland, 'limit=100&sort=price_asc');
    const minPrices = sorted.products.map((p) => Math.min(...p.skus.map((s) => s.priceCents)));
    expect(minPrices).toEqual([...minPrices].sort((a, b) => a - b));
  });

  it('keeps SKUs that wait for review off the storefront', async () => {
    const db = server.platform.database.db;
    await db.updateTable('sku').set({ review_status: 'needs_review' }).where('code', '=', 'RR-WC-35').execute();
    await db.updateTable('sku').set({ review_status: 'needs_review' }).where('code', '=', 'RR-WC-7').execute();
    expect((await search(oakland, 'q=wedding%20cake')).total).toBe(0);
    await db.updateTable('sku').set({ review_status: 'confirmed' }).where('code', 'in', ['RR-WC-35', 'RR-WC-7']).execute();
    expect((await search(oakland, 'q=wedding%20cake')).total).toBe(1);
  });

  it('serves a product page with SEO fields', async () => {
    const response = await server.request({ method: 'GET', url: `/v1/public/stores/${oakland}/products/blue-dream` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ title: 'Blue Dream', seo: { canonicalSlug: 'blue-dream', title: 'Blue Dream by Humboldt Heritage' } });
    expect(response.json().seo.description.length).toBeLessThanOrEqual(161);
    expect((await server.request({ method: 'GET', url: `/v1/public/stores/${denver}/products/lemon-cherry-gelato` })).statusCode).toBe(404);
  });

  it('answers bad parameters with 400 and the field path', async () => {
    const bad = async (query: string, path: (string | number)[]) => {
      const response = await server.request({ method: 'GET', url: `/v1/public/stores/${oakland}/products?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.details.map((d: { path: unknown }) => d.path), query).toContainEqual(path);
    };
    await bad('category=pizza', ['querystring', 'category', 0]);
    await bad('strainType=ruderalis', ['querystring', 'strainType', 0]);
    await bad('priceMin=-5', ['querystring', 'priceMin']);
    await bad('thcMax=150', ['querystring', 'thcMax']);
    await bad('limit=1000', ['querystring', 'limit']);
    await bad('inStock=maybe', ['querystring', 'inStock']);
    await bad('colour=green', ['querystring', 'colour']);
    await bad('cursor=bogus', ['querystring', 'cursor']);
    const badStore = await server.request({ method: 'GET', url: '/v1/public/stores/not-a-uuid/products' });
    expect(badStore.statusCode).toBe(400);
    const noStore = await server.request({ method: 'GET', url: '/v1/public/stores/01900000-0000-7000-8000-0000000000ff/products' });
    expect(noStore.statusCode).toBe(404);
  });
  // ---- the product roll-up (storefront_product, migration 0060) -------------------------------

  type Rollup = { min_price_cents: number; max_price_cents: number; thc_bits: number; price_bits: number; in_stock: boolean };
  /** A product's storefront_product row at a store, or undefined. */
  const rollup = async (storeId: string, title: string) =>
    (
      await sql<Rollup>`
        select sp.min_price_cents, sp.max_price_cents, sp.thc_bits, sp.price_bits, coalesce(sp.in_stock_until >= current_date, false) as in_stock
        from storefront_product sp join product p on p.id = sp.product_id
        where sp.store_id = ${storeId}::uuid and p.title = ${title}`.execute(server.platform.database.db)
    ).rows[0];
  /** The bit of the bucket a value falls in, as search's CASE expressions decide it. */
  const bitOf = (value: number | null, buckets: readonly { min: number; max: number | null }[]) => {
    if (value === null) return 0;
    const n = buckets.findIndex((b) => (b.max === null ? value >= b.min : value < b.max));
    return n < 0 ? 0 : 1 << n;
  };
  /** Every storefront_product row equals what its product and its storefront_item rows say now. */
  const expectRollupInStep = async () => {
    const db = server.platform.database.db;
    const today = (await sql<{ d: string }>`select current_date::text as d`.execute(db)).rows[0].d;
    // Dates as the database prints them ('infinity' included) in an order JavaScript can compare.
    const day = (d: string) => (d === 'infinity' ? Infinity : d === '-infinity' ? -Infinity : Date.parse(d));
    const items = await sql<{ store_id: string; product_id: string; price_cents: number; thc_percent: string | null; in_stock_until: string | null }>`
      select store_id, product_id, price_cents, thc_percent, in_stock_until::text from storefront_item`.execute(db);
    const groups = new Map<string, typeof items.rows>();
    for (const i of items.rows) groups.set(`${i.store_id}/${i.product_id}`, [...(groups.get(`${i.store_id}/${i.product_id}`) ?? []), i]);
    const rollUp = (skus: typeof items.rows) => {
      const thcs = skus.map((i) => (i.thc_percent === null ? null : Number(i.thc_percent))).filter((t): t is number => t !== null);
      const prices = skus.map((i) => i.price_cents);
      return {
        min_price_cents: prices.length ? Math.min(...prices) : null,
        max_price_cents: prices.length ? Math.max(...prices) : null,
        min_thc: thcs.length ? Math.min(...thcs) : null,
        max_thc: thcs.length ? Math.max(...thcs) : null,
        thc_bits: skus.reduce((bits, i) => bits | bitOf(i.thc_percent === null ? null : Number(i.thc_percent), THC_BUCKETS), 0),
        price_bits: skus.reduce((bits, i) => bits | bitOf(i.price_cents, PRICE_BUCKETS), 0),
      };
    };
    const expected = new Map<string, Record<string, unknown>>();
    for (const [key, skus] of groups) {
      const until = skus.map((i) => i.in_stock_until).filter((d): d is string => d !== null);
      const inStock = skus.filter((i) => i.in_stock_until !== null && day(i.in_stock_until) >= day(today));
      const out = until.filter((d) => day(d) < day(today));
      const stocked = rollUp(inStock);
      expected.set(key, {
        ...rollUp(skus),
        in_stock_until: until.length ? until.reduce((a, b) => (day(b) > day(a) ? b : a)) : null,
        stocked_min_price_cents: stocked.min_price_cents,
        stocked_max_price_cents: stocked.max_price_cents,
        stocked_min_thc: stocked.min_thc,
        stocked_max_thc: stocked.max_thc,
        stocked_thc_bits: stocked.thc_bits,
        stocked_price_bits: stocked.price_bits,
        stocked_after: out.length ? out.reduce((a, b) => (day(b) > day(a) ? b : a)) : '-infinity',
        stocked_until: inStock.length ? inStock.map((i) => i.in_stock_until!).reduce((a, b) => (day(b) < day(a) ? b : a)) : 'infinity',
      });
    }
    const rows = await sql<Record<string, unknown> & { store_id: string; product_id: string; attributes_match: boolean }>`
      select sp.store_id, sp.product_id, sp.min_price_cents, sp.max_price_cents, sp.min_thc, sp.max_thc, sp.thc_bits, sp.price_bits,
             sp.in_stock_until::text as in_stock_until, sp.stocked_min_price_cents, sp.stocked_max_price_cents, sp.stocked_min_thc,
             sp.stocked_max_thc, sp.stocked_thc_bits, sp.stocked_price_bits, sp.stocked_after::text as stocked_after,
             sp.stocked_until::text as stocked_until,
             (sp.organization_id, sp.title, sp.category, sp.strain_type, sp.brand_id, sp.effects)
               is not distinct from (p.organization_id, p.title, p.category, p.strain_type, p.brand_id, p.effects) as attributes_match
      from storefront_product sp join product p on p.id = sp.product_id`.execute(db);
    const num = (v: unknown) => (v === null ? null : Number(v));
    const actual = new Map(
      rows.rows.map(({ store_id, product_id, attributes_match, ...r }) => {
        expect(attributes_match, `${store_id}/${product_id} attributes`).toBe(true);
        const thcs = { min_thc: num(r.min_thc), max_thc: num(r.max_thc), stocked_min_thc: num(r.stocked_min_thc), stocked_max_thc: num(r.stocked_max_thc) };
        return [`${store_id}/${product_id}`, { ...r, ...thcs }];
      }),
    );
    expect(actual).toEqual(expected);
  };
  const sellAll = async (storeId: string, code: string) => {
    const id = await skuId(code);
    const available = await sql<{ n: number }>`
      select coalesce(sum(available_quantity), 0)::int as n from sku_store_availability where store_id = ${storeId}::uuid and sku_id = ${id}::uuid`.execute(
      server.platform.database.db,
    );
    await run(server.platform, staffContext(server.organizationId), (uow) =>
      sellDirect(uow, { storeId, lines: [{ skuId: id, quantity: available.rows[0].n }], reference: { orderId: `search-test-${code}`, channel: 'pos' } }),
    );
  };

  it('rolls each store’s SKUs up into one row per product, with the buckets search uses', async () => {
    await expectRollupInStep();
    // The migration's bucket functions agree with THC_BUCKETS and PRICE_BUCKETS at every bound.
    const thcValues = [0, 0.01, ...THC_BUCKETS.flatMap((b) => [b.min - 0.01, b.min, b.min + 0.01]).filter((v) => v >= 0), 99.99, 100];
    const priceValues = [0, 1, ...PRICE_BUCKETS.flatMap((b) => [b.min - 1, b.min, b.min + 1]).filter((v) => v >= 0), 2_000_000];
    const bits = await sql<{ thc: number[]; price: number[] }>`
      select array(select storefront_thc_bit(v) from unnest(${thcValues}::numeric[]) with ordinality as t(v, n) order by n) as thc,
             array(select storefront_price_bit(v) from unnest(${priceValues}::int[]) with ordinality as t(v, n) order by n) as price`.execute(
      server.platform.database.db,
    );
    expect(bits.rows[0].thc).toEqual(thcValues.map((v) => bitOf(v, THC_BUCKETS)));
    expect(bits.rows[0].price).toEqual(priceValues.map((v) => bitOf(v, PRICE_BUCKETS)));
  });

  it('takes a product out of stock when a sale takes the last unit of its only in-stock SKU', async () => {
    const harlequin = () => search(oakland, 'q=harlequin&inStock=true');
    if (!(await rollup(oakland, 'Harlequin CBD Flower'))!.in_stock) {
      await stockPackage(server.platform, staffContext(server.organizationId), {
        storeId: oakland,
        label: `1A4${randomBytes(8).toString('hex').toUpperCase()}`,
        skuId: await skuId('HH-HRQ-35'),
        quantity: 1,
      });
    }
    expect((await rollup(oakland, 'Harlequin CBD Flower'))!.in_stock).toBe(true);
    expect((await harlequin()).total).toBe(1);
    const stockedBefore = (await search(oakland)).facets.inStock.count;

    await sellAll(oakland, 'HH-HRQ-35');
    expect((await rollup(oakland, 'Harlequin CBD Flower'))!.in_stock).toBe(false);
    expect((await harlequin()).total).toBe(0);
    expect((await search(oakland, 'q=harlequin')).products[0].skus[0].inStock).toBe(false);
    expect((await search(oakland)).facets.inStock.count).toBe(stockedBefore - 1);
    await expectRollupInStep();
  });

  it('updates both products when a SKU moves to another product, and drops an archived SKU from its product', async () => {
    const db = server.platform.database.db;
    const blueDream = (await db.selectFrom('product').select('id').where('title', '=', 'Blue Dream').executeTakeFirstOrThrow()).id;
    const gdp = (await db.selectFrom('product').select('id').where('title', '=', 'Granddaddy Purple').executeTakeFirstOrThrow()).id;
    expect(await rollup(oakland, 'Blue Dream')).toMatchObject({ min_price_cents: 4500, max_price_cents: 24000, price_bits: 4 | 8 | 16 });
    expect(await rollup(oakland, 'Granddaddy Purple')).toMatchObject({ min_price_cents: 4200, max_price_cents: 13000, price_bits: 4 | 8 | 16 });

    // The 28 g Blue Dream goes to Granddaddy Purple (and back).
    await db.updateTable('sku').set({ product_id: gdp }).where('code', '=', 'HH-BD-28').execute();
    expect(await rollup(oakland, 'Blue Dream')).toMatchObject({ min_price_cents: 4500, max_price_cents: 8000, price_bits: 4 | 8 });
    expect(await rollup(oakland, 'Granddaddy Purple')).toMatchObject({ min_price_cents: 4200, max_price_cents: 24000 });
    expect(await rollup(denver, 'Granddaddy Purple')).toMatchObject({ max_price_cents: 19900 });
    const moved = await search(oakland, 'q=granddaddy&sort=price_desc');
    expect(moved.products[0].skus.map((s) => s.code)).toContain('HH-BD-28');
    await expectRollupInStep();
    await db.updateTable('sku').set({ product_id: blueDream }).where('code', '=', 'HH-BD-28').execute();
    expect(await rollup(oakland, 'Blue Dream')).toMatchObject({ max_price_cents: 24000 });
    expect(await rollup(oakland, 'Granddaddy Purple')).toMatchObject({ max_price_cents: 13000 });

    // Archiving a SKU takes it out of its product's roll-up; archiving a product's only SKU removes the product.
    await db.updateTable('sku').set({ status: 'archived' }).where('code', '=', 'HH-GDP-14').execute();
    expect(await rollup(oakland, 'Granddaddy Purple')).toMatchObject({ min_price_cents: 4200, max_price_cents: 7500, price_bits: 4 | 8 });
    expect((await search(oakland, 'priceMin=10000&q=granddaddy')).products.map((p) => p.title)).not.toContain('Granddaddy Purple');
    await db.updateTable('sku').set({ status: 'archived' }).where('code', '=', 'HH-HRQ-35').execute();
    expect(await rollup(oakland, 'Harlequin CBD Flower')).toBeUndefined();
    expect((await search(oakland, 'q=harlequin')).total).toBe(0);
    await expectRollupInStep();
    await db.updateTable('sku').set({ status: 'active' }).where('code', 'in', ['HH-GDP-14', 'HH-HRQ-35']).execute();
    expect(await rollup(oakland, 'Granddaddy Purple')).toMatchObject({ max_price_cents: 13000, price_bits: 4 | 8 | 16 });
    expect((await search(oakland, 'q=harlequin')).total).toBe(1);
    await expectRollupInStep();
  });

  it('updates the min price and the price buckets when a price changes', async () => {
    const db = server.platform.database.db;
    const bulk = await skuId('RR-SD-1G');
    expect(await rollup(oakland, 'Sour Diesel')).toMatchObject({ min_price_cents: 1500, max_price_cents: 5000, price_bits: 1 | 4 });
    const underTwenty = async () => (await search(oakland, 'priceMax=1999&category=flower')).products.map((p) => p.title);
    expect(await underTwenty()).toContain('Sour Diesel');

    await db.updateTable('sku_price').set({ price_cents: 2500 }).where('sku_id', '=', bulk).where('store_id', '=', oakland).execute();
    expect(await rollup(oakland, 'Sour Diesel')).toMatchObject({ min_price_cents: 2500, max_price_cents: 5000, price_bits: 2 | 4 });
    expect(await rollup(denver, 'Sour Diesel')).toMatchObject({ min_price_cents: 1100 });
    expect(await underTwenty()).not.toContain('Sour Diesel');
    const sorted = await search(oakland, 'q=sour%20diesel&sort=price_asc&category=flower');
    expect(sorted.products.find((p) => p.title === 'Sour Diesel')).toMatchObject({ minPriceCents: 2500 });
    await expectRollupInStep();

    await db.updateTable('sku_price').set({ price_cents: 1500 }).where('sku_id', '=', bulk).where('store_id', '=', oakland).execute();
    expect(await rollup(oakland, 'Sour Diesel')).toMatchObject({ min_price_cents: 1500, price_bits: 1 | 4 });
  });

  it('follows a product’s own changes (title, effects) on its rows at every store', async () => {
    const db = server.platform.database.db;
    const title = 'Harlequin CBD Flower';
    const giggly = async (storeId: string) =>
      (await search(storeId, 'q=harlequin')).facets.effects.find((f: { value: string }) => f.value === 'giggly')?.count ?? 0;
    expect(await giggly(oakland)).toBe(0);
    await db.updateTable('product').set({ title: 'Harlequin CBD Flower Reserve', effects: ['calm', 'giggly'] }).where('title', '=', title).execute();
    expect(await giggly(oakland)).toBe(1);
    expect((await search(oakland, 'effects=giggly')).products.map((p) => p.title)).toEqual(['Harlequin CBD Flower Reserve']);
    await expectRollupInStep();
    await db.updateTable('product').set({ title, effects: ['calm', 'focused', 'pain relief'] }).where('title', '=', 'Harlequin CBD Flower Reserve').execute();
    expect(await giggly(oakland)).toBe(0);
    await expectRollupInStep();
  });

  it('answers the stock filter alone from the stored in-stock roll-up, and from the SKU rows when a day has made it stale', async () => {
    const db = server.platform.database.db;
    // priceMin=0 changes nothing but makes the statement take the general SKU-level path.
    const queries = ['inStock=true&limit=100', 'inStock=true&category=flower', 'inStock=true&q=dream&sort=price_asc', 'inStock=true&sort=thc_desc&limit=5'];
    const expectPathsAgree = async () => {
      for (const query of queries) expect(await search(oakland, query), query).toEqual(await search(oakland, `${query}&priceMin=0`));
    };
    await expectPathsAgree();
    // As if days had passed since the roll-up (a package expired): the stored values are out of their window and unused.
    await sql`update storefront_product set stocked_until = current_date - 2, stocked_thc_bits = 31, stocked_min_price_cents = 0
              where store_id = ${oakland}::uuid`.execute(db);
    await expectPathsAgree();
    // A roll-up puts them right again.
    await sql`select storefront_product_refresh(array_agg(store_id), array_agg(product_id)) from storefront_product`.execute(db);
    await expectRollupInStep();
    await expectPathsAgree();
  });

  it.runIf(process.env.VERDANT_TEST_DB === 'postgres')('keeps a product right when transactions change two of its SKUs at once', async () => {
    const db = server.platform.database.db;
    const [small, large] = [await skuId('HH-BD-35'), await skuId('HH-BD-7')];
    const setPrice = (sku: string, cents: number) =>
      db.transaction().execute((trx) => trx.updateTable('sku_price').set({ price_cents: cents }).where('sku_id', '=', sku).where('store_id', '=', oakland).execute());
    for (let round = 1; round <= 10; round++) {
      await Promise.all([setPrice(small, 4500 + round), setPrice(large, 8000 + round)]);
      expect(await rollup(oakland, 'Blue Dream')).toMatchObject({ min_price_cents: 4500 + round, max_price_cents: 24000 });
    }
    await Promise.all([setPrice(small, 4500), setPrice(large, 8000)]);
    await expectRollupInStep();
  });
  it('shows the price checkout charges: the organization’s where the store has none, the store’s own, and a price set ahead once the pass ran', async () => {
    const db = server.platform.database.db;
    const created = await server.request({
      method: 'POST',
      url: '/v1/catalog/products',
      cookie: owner,
      body: { title: 'Chainwide Lozenges', category: 'edible', skus: [{ code: 'CW-LOZ-100', sizeLabel: '10 pack', thcMg: 100, prices: [] }] },
    });
    expect(created.statusCode).toBe(201);
    const { id: sku } = created.json().skus[0];
    const slug = created.json().slug;
    const shown = async (storeId: string) => (await search(storeId, 'q=chainwide')).products[0]?.skus.find((s) => s.code === 'CW-LOZ-100') ?? null;
    const charged = async (storeId: string) => (await getSkusForCheckout(db, server.organizationId, storeId, [sku]))[0].price;
    const page = (storeId: string) => server.request({ method: 'GET', url: `/v1/public/stores/${storeId}/products/${slug}` });
    const put = (url: string, body: object) => server.request({ method: 'PUT', url: `/v1/catalog/skus/${sku}/${url}`, cookie: owner, body });
    expect(await shown(oakland)).toBeNull();
    // What the pass finds to do before prices are set now (entries set ahead by earlier tests, still in its grace).
    const passBefore = (await refreshStartedPrices(db)).pairs;

    expect((await put('organization-price', { priceCents: 2000 })).statusCode).toBe(200);
    expect(await shown(oakland)).toMatchObject({ priceCents: 2000, currency: 'USD', tiers: [] });
    expect(await shown(denver)).toMatchObject({ priceCents: 2000 });
    expect((await page(oakland)).json().skus[0]).toMatchObject({ priceCents: 2000 });
    expect((await listingSkus(db, [oakland], { skuIds: [sku] })).map((l) => l.skuId)).toEqual([sku]);

    const tiers = [{ minQuantity: 3, unitPriceCents: 1600 }];
    expect((await put(`prices/${denver}`, { priceCents: 1800, tiers })).statusCode).toBe(200);
    expect(await shown(denver)).toMatchObject({ priceCents: 1800, tiers });
    expect((await page(denver)).json().skus[0]).toMatchObject({ priceCents: 1800, tiers });
    expect(await shown(oakland)).toMatchObject({ priceCents: 2000 });
    // Prices set now are on the menus through their own writes: the pass has nothing more to do for them.
    expect((await refreshStartedPrices(db)).pairs).toBe(passBefore);

    // Set ahead, then its start moved to now as time would (no write the API makes marks anything): the pass brings it to the menus.
    expect((await put('organization-price', { priceCents: 2600, effectiveFrom: new Date(Date.now() + 3_600_000).toISOString() })).statusCode).toBe(200);
    await sql`update sku_price_schedule set effective_from = now() where sku_id = ${sku} and price_cents = 2600`.execute(db);
    expect((await charged(oakland))?.priceCents).toBe(2600);
    expect(await shown(oakland)).toMatchObject({ priceCents: 2000 });
    expect((await refreshStartedPrices(db)).pairs).toBeGreaterThanOrEqual(2);
    for (const store of [oakland, denver]) expect((await shown(store))?.priceCents).toBe((await charged(store))?.priceCents);
    expect(await shown(oakland)).toMatchObject({ priceCents: 2600 });
    expect(await shown(denver)).toMatchObject({ priceCents: 1800 });

    // Removed organization-wide: off the menu of a store without its own, as checkout no longer sells it there.
    expect((await server.request({ method: 'DELETE', url: `/v1/catalog/skus/${sku}/organization-price`, cookie: owner })).statusCode).toBe(204);
    expect(await charged(oakland)).toBeNull();
    expect(await shown(oakland)).toBeNull();
    expect(await shown(denver)).toMatchObject({ priceCents: 1800 });
    await expectRollupInStep();
  });
});
