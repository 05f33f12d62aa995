import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProductsCsv } from '../../../../bench/generate-products-csv';
import { importProducts, ImportFileError } from '../../src/modules/catalog/product-import';
import { startTestServer, type TestServer } from '../support/test-server';
import { testDbKind } from '../support/test-database';

const OAK = 'C10-0000001-LIC';
const DEN = '402R-00001';
const cli = fileURLToPath(new URL('../../src/cli/verdant.ts', import.meta.url));

// Line numbers in comments: the header is line 1.
const CSV = [
  `sku,register_name,product,brand,category,strain,size,net_weight_g,thc_mg,thc_percent,barcode,effects,medical_only,price_${OAK},price_${DEN}`,
  /* 2 */ `IMP-001,FLWR ACME OGK 3.5G IND,OG Kush,Acme Farms,flower,indica,3.5g,3.5,,22.5,0850000000001,relaxed;sleepy,,45.00,40.00`,
  /* 3 */ `IMP-002,FLWR ACME OGK 7G IND,OG Kush,Acme Farms,Flower,Indica,7g,7,,22.5,,relaxed,,$80.00,72`,
  /* 4 */ `IMP-003,FLWR BD 3.5G HYB,,,,,,,,,,,,42.00,`,
  /* 5 */ `IMP-004,Pr-Roll-BHerbal-1g,,,,,,,,,,,,12.00,11.00`,
  /* 6 */ `IMP-005,EDIBLE ACME GUMMIES 100MG 10PK,Acme Gummies,Acme Farms,edibles,,,,100,,,happy,yes,20.00,18.00`,
  /* 7 */ `IMP-006,SOMETHING,Mystery,Acme Farms,spaceship,,,,,,,,,10.00,`,
  /* 8 */ `IMP-007,FLWR ACME X 1G,Cheap Flower,Acme Farms,flower,,1g,1,,,,,,-5.00,`,
  /* 9 */ `IMP-008,FLWR ACME Y,No Weight,Acme Farms,flower,,,,,,,,,10.00,`,
  /* 10 */ `IMP-009,FLWR ACME Z 1G,Twice,Acme Farms,flower,,1g,1,,,,,,10.00,`,
  /* 11 */ `IMP-009,FLWR ACME Z 2G,Twice,Acme Farms,flower,,2g,2,,,,,,18.00,`,
  /* 12 */ `IMP-010,VAPE ACME 1G,Acme Cart,Acme Farms,vape,hybrid,1g,lots,,,,,,30.00,`,
  /* 13 */ `IMP-011,ZZ QQ 77,,,,,,,,,,,,5.00,`,
].join('\n');

describe('verdant import products', () => {
  let server: TestServer;
  let dir: string;
  let file: string;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'verdant-import-'));
    file = join(dir, 'products.csv');
    writeFileSync(file, `${CSV}\n`);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports good rows, writes rejected ones with line numbers to the errors file, and nothing of them to the database', async () => {
    const progress: string[] = [];
    const summary = await importProducts(server.platform.tx, {
      organizationId: server.organizationId,
      file,
      onProgress: ({ phase }) => progress.push(phase),
    });
    expect(progress).toContain('check');
    expect(progress).toContain('write');
    const errors = parse(readFileSync(`${file}.errors.csv`, 'utf8'), { columns: true }) as { line: string; code: string; field: string; error: string }[];
    const byLine = (line: number) => errors.filter((e) => e.line === String(line)).map((e) => e.error);
    expect(byLine(7)).toContain('UNKNOWN_CATEGORY');
    expect(byLine(8)).toContain('NEGATIVE_PRICE');
    expect(byLine(9)).toContain('CANNABIS_CONTENT_REQUIRED');
    expect(byLine(10)).toContain('DUPLICATE_SKU_CODE');
    expect(byLine(11)).toContain('DUPLICATE_SKU_CODE');
    expect(byLine(12)).toContain('INVALID_NET_WEIGHT');
    expect(byLine(13)).toContain('MISSING_CATEGORY');
    expect(new Set(errors.map((e) => Number(e.line)))).toEqual(new Set([7, 8, 9, 10, 11, 12, 13]));
    expect(errors.find((e) => e.line === '8')).toMatchObject({ code: 'IMP-007', field: `price_${OAK}` });
    expect(summary).toMatchObject({ rows: 12, rejected: 7, accepted: 5 });
    const codes = (await db().selectFrom('sku').select('code').where('code', 'like', 'IMP-%').orderBy('code').execute()).map((r) => r.code);
    expect(codes).toEqual(['IMP-001', 'IMP-002', 'IMP-003', 'IMP-004', 'IMP-005']);

    const ogk = await db()
      .selectFrom('sku')
      .innerJoin('product', 'product.id', 'sku.product_id')
      .select(['product.title', 'product.category', 'product.brand_name', 'product.effects', 'sku.net_weight_mg', 'sku.thc_percent', 'sku.review_status', 'sku.register_name'])
      .where('sku.code', 'in', ['IMP-001', 'IMP-002'])
      .execute();
    expect(ogk).toHaveLength(2);
    for (const row of ogk) expect(row).toMatchObject({ title: 'OG Kush', category: 'flower', brand_name: 'Acme Farms', review_status: 'confirmed' });
    expect(ogk.map((r) => r.net_weight_mg).sort()).toEqual([3500, 7000]);
    const [{ n: products }] = await db().selectFrom('sku').select((eb) => eb.fn.count<number>('product_id').distinct().as('n')).where('code', 'in', ['IMP-001', 'IMP-002']).execute();
    expect(Number(products)).toBe(1);

    // Structure read from the register name alone.
    const bd = await db().selectFrom('sku').innerJoin('product', 'product.id', 'sku.product_id').select(['product.category', 'product.strain_type', 'sku.net_weight_mg', 'sku.register_name']).where('sku.code', '=', 'IMP-003').executeTakeFirstOrThrow();
    expect(bd).toMatchObject({ category: 'flower', strain_type: 'hybrid', net_weight_mg: 3500, register_name: 'FLWR BD 3.5G HYB' });

    const gummies = await db().selectFrom('sku').selectAll().where('code', '=', 'IMP-005').executeTakeFirstOrThrow();
    expect(gummies).toMatchObject({ medical_only: true, adult_use_allowed: false, infused: true });
    expect(Number(gummies.thc_mg)).toBe(100);

    const prices = await db().selectFrom('sku_price').innerJoin('sku', 'sku.id', 'sku_price.sku_id').select(['sku.code', 'sku_price.price_cents']).where('sku.code', '=', 'IMP-002').execute();
    expect(prices.map((p) => p.price_cents).sort()).toEqual([7200, 8000]);
    expect(summary.brandsCreated).toBeGreaterThanOrEqual(1);

    // Review queue: every queued item belongs to an imported SKU that needs review.
    const queued = await db().selectFrom('catalog_review_item').innerJoin('sku', 'sku.id', 'catalog_review_item.sku_id').select(['sku.code', 'sku.review_status', 'catalog_review_item.source']).where('sku.code', 'like', 'IMP-%').execute();
    expect(queued.length).toBe(summary.queuedForReview);
    for (const q of queued) expect(q).toMatchObject({ review_status: 'needs_review', source: 'import' });
  });

  it('is idempotent: the same file again changes nothing and emits nothing', async () => {
    const events = async () => Number((await db().selectFrom('outbox_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await events();
    const summary = await importProducts(server.platform.tx, { organizationId: server.organizationId, file });
    expect(summary.products).toMatchObject({ created: 0, updated: 0 });
    expect(summary.skus).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
    expect(summary.prices.changed).toBe(0);
    expect(summary.queuedForReview).toBe(0);
    expect(await events()).toBe(before);
  });

  it('updates what changed, and never lets a guess overwrite a stored value', async () => {
    // A person corrects the size the normalizer read for IMP-004.
    await db().updateTable('sku').set({ net_weight_mg: 1100, review_status: 'confirmed' }).where('code', '=', 'IMP-004').execute();
    writeFileSync(file, `${CSV.replace(`$80.00,72`, `$79.00,72`)}\n`);
    const summary = await importProducts(server.platform.tx, { organizationId: server.organizationId, file });
    expect(summary.prices.changed).toBe(1);
    expect(summary.skus.updated).toBe(0);
    const corrected = await db().selectFrom('sku').select(['net_weight_mg', 'review_status']).where('code', '=', 'IMP-004').executeTakeFirstOrThrow();
    expect(corrected).toEqual({ net_weight_mg: 1100, review_status: 'confirmed' });
    const event = await db().selectFrom('outbox_event').select(['type', 'payload']).where('type', '=', 'catalog.price.changed').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ changes: [{ priceCents: 7900, previousPriceCents: 8000 }] });
  });

  it('refuses a file whose columns cannot be read, before writing anything', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `sku,register_name,price_NOPE-LICENSE\nX-1,FLWR 1G,10.00\n`);
    await expect(importProducts(server.platform.tx, { organizationId: server.organizationId, file: bad })).rejects.toBeInstanceOf(ImportFileError);
    writeFileSync(bad, `name,price_${OAK}\nFLWR 1G,10.00\n`);
    await expect(importProducts(server.platform.tx, { organizationId: server.organizationId, file: bad })).rejects.toThrow(/SKU code/);
  });

  it('imports a generated export of 600 SKUs for two stores, and re-imports it without changes', async () => {
    const big = join(dir, 'generated.csv');
    writeFileSync(big, generateProductsCsv({ skus: 600, licenses: [OAK, DEN], seed: 7, badRows: 4 }));
    const first = await importProducts(server.platform.tx, { organizationId: server.organizationId, file: big, chunkSize: 150 });
    expect(first.accepted + first.rejected).toBeGreaterThanOrEqual(600);
    expect(first.rejected).toBeGreaterThanOrEqual(3);
    expect(first.skus.created).toBe(first.accepted);
    const second = await importProducts(server.platform.tx, { organizationId: server.organizationId, file: big, chunkSize: 150 });
    expect(second.skus).toMatchObject({ created: 0, updated: 0, unchanged: first.accepted });
    expect(second.prices.changed).toBe(0);
  });

  it.skipIf(testDbKind !== 'postgres')('runs as `verdant import products FILE` with exit code 3 when rows were rejected', () => {
    const cliFile = join(dir, 'cli.csv');
    writeFileSync(cliFile, `${CSV.replace(/IMP-/g, 'CLI-')}\n`);
    const result = spawnSync(process.execPath, ['--import', 'tsx', cli, 'import', 'products', cliFile], {
      env: { ...process.env, DATABASE_URL: server.testDb.url!, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      // A cold start of the CLI compiles the server with tsx: on two cores shared with the rest of
      // the suite it has taken more than a minute.
      timeout: 150_000,
    });
    expect(result.stderr).not.toMatch(/Error:/);
    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(/5 of 12 rows accepted, 7 rejected/);
    expect(existsSync(`${cliFile}.errors.csv`)).toBe(true);
  }, 180_000);
});
