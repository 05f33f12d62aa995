import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  const search = async (storeId: string, query = '') => {
    const response = await server.request({ method: 'GET', url: `/v1/public/stores/${storeId}/products${query ? `?${query}` : ''}` });
    if (response.statusCode !== 200) throw new Error(`${response.statusCode} ${response.body}`);
    return response.json() as { total: number; products: Product[]; nextCursor: string | null; facets: Record<string, any> };
  };
  const skuId = async (code: string) =>
    (await server.platform.database.db.selectFrom('sku').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    server = await startTestServer();
    const owner = await server.login('owner');
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
    // What the inventory module says is sellable now (the demo seed may stock some SKUs itself).
    const available = await sql<{ code: string; title: string }>`
      select s.code, p.title from sku_store_availability a join sku s on s.id = a.sku_id join product p on p.id = s.product_id
      join sku_price pr on pr.sku_id = s.id and pr.store_id = a.store_id
      where a.store_id = ${oakland}::uuid and a.available_quantity > 0 and s.review_status = 'confirmed'`.execute(server.platform.database.db);
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
});
