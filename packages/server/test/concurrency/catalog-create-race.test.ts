// PostgreSQL only: two writers naming the same thing in the catalog at once. SKU codes, product
// slugs and brand names are unique per organization and checked before they are inserted; two
// requests that both pass the check must not both insert: the second answers 409 with its field
// (or, for a slug the server picks, takes the next one), never 500. Imports take turns with the
// API on the same names, and two imports bringing one new brand share it.
//
// A connection of the test holds a table lock that lets the catalog's reads through and stops
// its inserts, so both writers have read before either writes: the window is open every time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProducts } from '../../src/modules/catalog/product-import';
import { waitUntilBlocked } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

const OAK = 'C10-0000001-LIC';

describe('catalog names claimed by two writers at once (PostgreSQL)', () => {
  let server: TestServer;
  let owner: string;
  let dir: string;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    dir = mkdtempSync(join(tmpdir(), 'verdant-catalog-race-'));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Holds `lock table <table> in exclusive mode` (reads pass, writes wait) and starts the writers
   * one by one, each once the ones before it wait; then lets them all go and answers what they
   * answered, in order.
   */
  async function withInsertsHeld<T>(table: 'brand' | 'product' | 'sku', writers: (() => Promise<T>)[]): Promise<T[]> {
    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`lock table ${table} in exclusive mode`);
      const running: Promise<T>[] = [];
      const settled: unknown[] = [];
      for (const writer of writers) {
        const answer = writer();
        answer.then((value) => settled.push(value), (error: unknown) => settled.push(error));
        running.push(answer);
        // A writer that answered without waiting never reached its insert: say what it answered.
        expect(await waitUntilBlocked(holder, running.length), `a writer answered before it waited: ${JSON.stringify(settled, (_k, v) => (v && typeof v === 'object' && 'body' in v ? { statusCode: v.statusCode, body: v.body } : v))}`).toBe(true);
      }
      await holder.query('commit');
      return await Promise.all(running);
    } finally {
      await holder.end();
    }
  }

  /** An import's summary, or the message it failed with. */
  const runImport = (file: string) =>
    importProducts(server.platform.tx, { organizationId: server.organizationId, file }).then(
      (summary) => ({ summary, error: null as string | null }),
      (error: Error) => ({ summary: null, error: error.message }),
    );

  const post = (url: string, body: unknown) => server.request({ method: 'POST', url, cookie: owner, body });
  const flower = (title: string, code: string, extra: Record<string, unknown> = {}) => ({
    title,
    category: 'flower',
    ...extra,
    skus: [{ code, sizeLabel: '1g', netWeightMg: 1000 }],
  });

  it('two brands of one name: 201 and 409 BRAND_NAME_TAKEN at body.name, one brand stored', async () => {
    const answers = await withInsertsHeld('brand', [() => post('/v1/catalog/brands', { name: 'Same' }), () => post('/v1/catalog/brands', { name: 'same' })]);
    expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([201, 409]);
    const refused = answers.find((a) => a.statusCode === 409)!.json();
    expect(refused.error).toMatchObject({ code: 'BRAND_NAME_TAKEN', details: [{ path: ['body', 'name'] }] });
    const stored = await db().selectFrom('brand').select('id').where('organization_id', '=', server.organizationId).where('slug', '=', 'same').execute();
    expect(stored).toHaveLength(1);
  });

  it('two products with one SKU code: 201 and 409 SKU_CODE_TAKEN at the SKU’s code, nothing of the second stored', async () => {
    const answers = await withInsertsHeld('sku', [
      () => post('/v1/catalog/products', flower('Race One Kush', 'RACE-CODE')),
      () => post('/v1/catalog/products', flower('Race Two Kush', 'RACE-CODE')),
    ]);
    expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([201, 409]);
    expect(answers.find((a) => a.statusCode === 409)!.json().error).toMatchObject({
      code: 'SKU_CODE_TAKEN',
      details: [{ path: ['body', 'skus', 0, 'code'] }],
    });
    const products = await db().selectFrom('product').select('title').where('title', 'like', 'Race % Kush').execute();
    expect(products).toHaveLength(1);
  });

  it('two products of one title without a slug: both 201, the second on the next slug', async () => {
    const answers = await withInsertsHeld('product', [
      () => post('/v1/catalog/products', flower('Twin Title', 'TWIN-1')),
      () => post('/v1/catalog/products', flower('Twin Title', 'TWIN-2')),
    ]);
    expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join('\n')).toEqual([201, 201]);
    expect(answers.map((a) => a.json().slug).sort()).toEqual(['twin-title', 'twin-title-2']);
  });

  it('five rounds of two parallel requests each: never a 500', async () => {
    for (let round = 0; round < 5; round++) {
      const code = await Promise.all([
        post('/v1/catalog/products', flower(`Round ${round} A`, `ROUND-${round}`)),
        post('/v1/catalog/products', flower(`Round ${round} B`, `ROUND-${round}`)),
      ]);
      expect(code.map((a) => a.statusCode).sort(), code.map((a) => a.body).join('\n')).toEqual([201, 409]);
      const slug = await Promise.all([
        post('/v1/catalog/products', flower(`Round Title ${round}`, `ROUND-T-${round}-A`)),
        post('/v1/catalog/products', flower(`Round Title ${round}`, `ROUND-T-${round}-B`)),
      ]);
      expect(slug.map((a) => a.statusCode), slug.map((a) => a.body).join('\n')).toEqual([201, 201]);
      const brand = await Promise.all([post('/v1/catalog/brands', { name: `Round Brand ${round}` }), post('/v1/catalog/brands', { name: `Round Brand ${round}` })]);
      expect(brand.map((a) => a.statusCode).sort(), brand.map((a) => a.body).join('\n')).toEqual([201, 409]);
    }
  });

  it('two imports bringing the same new brand both import, onto one brand', async () => {
    const files = ['A', 'B'].map((side) => {
      const file = join(dir, `brand-${side}.csv`);
      writeFileSync(file, [`sku,product,brand,category,size,net_weight_g,price_${OAK}`, `NB-${side},Night Bloom ${side},Nova Botanica,flower,1g,1,10.00`, ''].join('\n'));
      return file;
    });
    const results = await withInsertsHeld('brand', files.map((file) => () => runImport(file)));
    expect(results.map((r) => r.error)).toEqual([null, null]);
    expect(results.map((r) => r.summary!.skus.created)).toEqual([1, 1]);
    expect(results.map((r) => r.summary!.brandsCreated).sort()).toEqual([0, 1]);
    const brands = await db().selectFrom('brand').select('id').where('organization_id', '=', server.organizationId).where('name', '=', 'Nova Botanica').execute();
    expect(brands).toHaveLength(1);
    const products = await db().selectFrom('product').select(['brand_id', 'brand_name']).where('title', 'like', 'Night Bloom _').execute();
    expect(products).toEqual([
      { brand_id: brands[0].id, brand_name: 'Nova Botanica' },
      { brand_id: brands[0].id, brand_name: 'Nova Botanica' },
    ]);
  });

  it('an import and the API adding one SKU code at once: the import writes it, the API answers 409', async () => {
    const file = join(dir, 'vs-api.csv');
    writeFileSync(file, [`sku,product,category,size,net_weight_g,price_${OAK}`, 'VS-API,Import Side Haze,flower,1g,1,10.00', ''].join('\n'));
    const [imported, created] = await withInsertsHeld<unknown>('sku', [
      () => runImport(file),
      () => post('/v1/catalog/products', flower('Api Side Haze', 'VS-API')),
    ]);
    const answer = created as Awaited<ReturnType<typeof post>>;
    const { summary, error } = imported as Awaited<ReturnType<typeof runImport>>;
    expect(error).toBeNull();
    expect(summary!.skus.created).toBe(1);
    expect(answer.statusCode, answer.body).toBe(409);
    expect(answer.json().error).toMatchObject({ code: 'SKU_CODE_TAKEN', details: [{ path: ['body', 'skus', 0, 'code'] }] });
  });
});
