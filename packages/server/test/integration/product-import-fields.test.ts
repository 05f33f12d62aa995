// `verdant import products` on a catalog that people also edit through the API: what a file does
// not say is left as stored (a POS export that knows nothing of compliance flags must not sell a
// medical-only SKU to adults), what it says empty is cleared, values past the API's bounds are
// refused rows rather than a failed import, an archived product gets no new SKU, and the errors
// file's line numbers are the file's even after a cell with a Windows line break.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProducts, ImportFileError } from '../../src/modules/catalog/product-import';
import { getSkusForCheckout } from '../../src/modules/catalog';
import { startTestServer, type TestServer } from '../support/test-server';
import { createStore } from './customers.fixtures';

const OAK = 'C10-0000001-LIC';

type ErrorRow = { line: string; code: string; field: string; error: string; message: string };

describe('product import: absent and empty columns, bounds, archived products, line numbers', () => {
  let server: TestServer;
  let owner: string;
  let oakland: string;
  let dir: string;
  let fileNo = 0;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    const stores = (await server.request({ method: 'GET', url: '/v1/stores', cookie: owner })).json().stores;
    oakland = stores.find((s: { name: string }) => s.name.includes('Oakland')).id;
    dir = mkdtempSync(join(tmpdir(), 'verdant-import-fields-'));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes the lines (joined with `eol`) to a new file and imports it. */
  async function importLines(lines: string[], options: { chunkSize?: number; eol?: string } = {}) {
    const file = join(dir, `products-${++fileNo}.csv`);
    writeFileSync(file, `${lines.join(options.eol ?? '\n')}${options.eol ?? '\n'}`);
    const summary = await importProducts(server.platform.tx, { organizationId: server.organizationId, file, chunkSize: options.chunkSize });
    const errors: ErrorRow[] = summary.errorsFile ? parse(readFileSync(summary.errorsFile, 'utf8'), { columns: true }) : [];
    return { summary, errors };
  }

  const createProduct = async (body: Record<string, unknown>) => {
    const created = await server.request({ method: 'POST', url: '/v1/catalog/products', cookie: owner, body });
    expect(created.statusCode, created.body).toBe(201);
    return created.json() as { id: string; slug: string; skus: { id: string; code: string }[] };
  };

  const skuRow = (code: string) =>
    db()
      .selectFrom('sku')
      .innerJoin('product', 'product.id', 'sku.product_id')
      .select([
        'sku.product_id',
        'sku.register_name',
        'sku.barcode',
        'sku.size_label',
        'sku.unit',
        'sku.net_weight_mg',
        'sku.thc_percent',
        'sku.cbd_percent',
        'sku.medical_only',
        'sku.adult_use_allowed',
        'sku.restricted_jurisdictions',
        'sku.attributes',
        'product.title',
        'product.strain_type',
        'product.strain_name',
        'product.description',
        'product.effects',
      ])
      .where('sku.organization_id', '=', server.organizationId)
      .where('sku.code', '=', code)
      .executeTakeFirst();

  const priceOf = async (code: string) =>
    (
      await db()
        .selectFrom('sku_price')
        .innerJoin('sku', 'sku.id', 'sku_price.sku_id')
        .select('sku_price.price_cents')
        .where('sku.code', '=', code)
        .where('sku_price.store_id', '=', oakland)
        .executeTakeFirst()
    )?.price_cents;

  it('a column the file does not have leaves every stored SKU and product fact as it was; new SKUs get the defaults', async () => {
    const created = await createProduct({
      title: 'Zeta Farms Patient Kush',
      category: 'flower',
      strainType: 'indica',
      strainName: 'Patient Kush',
      description: 'Dense indica buds for patients.',
      effects: ['sleepy'],
      skus: [
        {
          code: 'X1',
          registerName: 'FLWR ZETA PK 3.5G IND',
          barcode: '0850009999991',
          sizeLabel: '3.5g',
          unit: 'weight',
          netWeightMg: 3500,
          thcPercent: 31.5,
          cbdPercent: 0.4,
          medicalOnly: true,
          restrictedJurisdictions: ['US-CO'],
          attributes: ['perishable'],
          prices: [{ storeId: oakland, priceCents: 4500 }],
        },
      ],
    });

    const { summary, errors } = await importLines([
      `sku,register_name,product,category,strain,size,net_weight_g,price_${OAK}`,
      'X1,FLWR ZETA PK 3.5G IND,Zeta Farms Patient Kush,flower,indica,3.5g,3.5,42.00',
      'X2,FLWR ZETA PK 7G IND,Zeta Farms Patient Kush,flower,indica,7g,7,80.00',
    ]);
    expect(errors).toEqual([]);
    expect(summary).toMatchObject({ rows: 2, accepted: 2, rejected: 0, skus: { created: 1 }, products: { created: 0 } });

    expect(await skuRow('X1')).toMatchObject({
      product_id: created.id,
      barcode: '0850009999991',
      unit: 'weight',
      net_weight_mg: 3500,
      medical_only: true,
      adult_use_allowed: false,
      restricted_jurisdictions: ['US-CO'],
      attributes: ['perishable'],
      strain_name: 'Patient Kush',
      description: 'Dense indica buds for patients.',
      effects: ['sleepy'],
    });
    const x1 = (await skuRow('X1'))!;
    expect(Number(x1.thc_percent)).toBe(31.5);
    expect(Number(x1.cbd_percent)).toBe(0.4);
    expect(await priceOf('X1')).toBe(4200);
    // The SKU is still not sold in Colorado, and still only to patients, as checkout reads it.
    const view = (await server.request({ method: 'GET', url: `/v1/catalog/skus/${created.skus[0].id}`, cookie: owner })).json();
    expect(view).toMatchObject({ medicalOnly: true, adultUseAllowed: false, restrictedJurisdictions: ['US-CO'], barcode: '0850009999991', thcPercent: 31.5 });

    // A new SKU of the same file: the documented defaults.
    expect(await skuRow('X2')).toMatchObject({
      product_id: created.id,
      barcode: null,
      unit: 'each',
      net_weight_mg: 7000,
      thc_percent: null,
      medical_only: false,
      adult_use_allowed: true,
      restricted_jurisdictions: [],
      attributes: [],
    });

    // The same file again writes nothing.
    const again = await importLines([
      `sku,register_name,product,category,strain,size,net_weight_g,price_${OAK}`,
      'X1,FLWR ZETA PK 3.5G IND,Zeta Farms Patient Kush,flower,indica,3.5g,3.5,42.00',
      'X2,FLWR ZETA PK 7G IND,Zeta Farms Patient Kush,flower,indica,7g,7,80.00',
    ]);
    expect(again.summary.skus).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(again.summary.products).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });

  it('a file of codes, titles and prices only updates the prices of stored SKUs (category, brand and weight as stored)', async () => {
    const brand = await server.request({ method: 'POST', url: '/v1/catalog/brands', cookie: owner, body: { name: 'Quill Gardens' } });
    expect(brand.statusCode, brand.body).toBe(201);
    const created = await createProduct({
      title: 'Blue Heron',
      brandId: brand.json().id,
      category: 'flower',
      strainType: 'sativa',
      skus: [{ code: 'QG-BH-35', sizeLabel: '3.5g', netWeightMg: 3500, prices: [{ storeId: oakland, priceCents: 3900 }] }],
    });
    const { summary, errors } = await importLines([`sku,product,price_${OAK}`, 'QG-BH-35,Blue Heron,41.00']);
    expect(errors).toEqual([]);
    expect(summary).toMatchObject({ accepted: 1, skus: { updated: 0, unchanged: 1 }, products: { created: 0, unchanged: 1 }, prices: { changed: 1 } });
    expect(await skuRow('QG-BH-35')).toMatchObject({ product_id: created.id, net_weight_mg: 3500, size_label: '3.5g', strain_type: 'sativa', title: 'Blue Heron' });
    expect(await priceOf('QG-BH-35')).toBe(4100);
  });

  it('a price at its stored value over a started price set ahead is a change: the store’s price is back in force', async () => {
    const created = await createProduct({
      title: 'Back Heron',
      category: 'flower',
      skus: [{ code: 'QG-BACK-35', sizeLabel: '3.5g', netWeightMg: 3500, prices: [{ storeId: oakland, priceCents: 3900 }] }],
    });
    const sku = created.skus[0].id;
    await sql`insert into sku_price_schedule (organization_id, sku_id, store_id, price_cents, currency, tiers, effective_from)
              values (${server.organizationId}::uuid, ${sku}::uuid, ${oakland}::uuid, 3500, 'USD', '[]'::jsonb, clock_timestamp())`.execute(db());
    const charged = async () => (await getSkusForCheckout(db(), server.organizationId, oakland, [sku]))[0].price?.priceCents;
    expect(await charged()).toBe(3500);
    const { summary, errors } = await importLines([`sku,product,price_${OAK}`, 'QG-BACK-35,Back Heron,39.00']);
    expect(errors).toEqual([]);
    expect(summary.prices).toMatchObject({ changed: 1, unchanged: 0 });
    expect(await charged()).toBe(3900);
    // Imported again: the row is in force, nothing changes.
    expect((await importLines([`sku,product,price_${OAK}`, 'QG-BACK-35,Back Heron,39.00'])).summary.prices).toMatchObject({ changed: 0, unchanged: 1 });
  });

  it('an empty cell in a column the file has clears what may be cleared', async () => {
    await createProduct({
      title: 'Cleared Cookies',
      category: 'flower',
      strainName: 'Cookies',
      description: 'Was described.',
      effects: ['happy'],
      skus: [
        {
          code: 'CLR-1',
          registerName: 'FLWR CLEAR 1G',
          barcode: '0850001111111',
          sizeLabel: '1g',
          netWeightMg: 1000,
          thcPercent: 20,
          cbdPercent: 1,
          medicalOnly: true,
          restrictedJurisdictions: ['US-CO', 'US-NJ'],
          attributes: ['perishable'],
          prices: [{ storeId: oakland, priceCents: 1500 }],
        },
      ],
    });
    const { errors } = await importLines([
      `sku,register_name,product,category,net_weight_g,barcode,thc_percent,cbd_percent,medical_only,restricted_jurisdictions,attributes,strain_name,description,effects,price_${OAK}`,
      'CLR-1,,Cleared Cookies,flower,1,,,,,,,,,,15.00',
    ]);
    expect(errors).toEqual([]);
    expect(await skuRow('CLR-1')).toMatchObject({
      register_name: null,
      barcode: null,
      thc_percent: null,
      cbd_percent: null,
      medical_only: false,
      adult_use_allowed: true,
      restricted_jurisdictions: [],
      attributes: [],
      strain_name: null,
      description: '',
      effects: [],
    });

    // A required fact cannot be cleared: the row is refused and nothing of it is written.
    const refused = await importLines([`sku,product,category,net_weight_g,price_${OAK}`, 'CLR-1,Cleared Cookies,flower,,19.00']);
    expect(refused.errors).toMatchObject([{ line: '2', code: 'CLR-1', error: 'CANNABIS_CONTENT_REQUIRED' }]);
    expect(await skuRow('CLR-1')).toMatchObject({ net_weight_mg: 1000 });
    expect(await priceOf('CLR-1')).toBe(1500);
  });

  it('THCA % and DOH compliance: a file without the columns keeps them, a cell sets them, an empty cell clears them (no THCA, not DOH-compliant), a bad cell refuses the row', async () => {
    const created = await createProduct({
      title: 'Facts Flower',
      category: 'flower',
      skus: [{ code: 'FACT-1', sizeLabel: '3.5g', netWeightMg: 3500, thcPercent: 30, thcaPercent: 8, dohCompliant: true, prices: [{ storeId: oakland, priceCents: 4000 }] }],
    });
    const facts = async (code: string) => {
      const row = await db().selectFrom('sku').select(['thca_percent', 'doh_compliant']).where('organization_id', '=', server.organizationId).where('code', '=', code).executeTakeFirstOrThrow();
      return { thcaPercent: row.thca_percent === null ? null : Number(row.thca_percent), dohCompliant: row.doh_compliant };
    };

    // A POS export that knows nothing of either keeps what a person set.
    const kept = await importLines([`sku,product,category,net_weight_g,thc_percent,price_${OAK}`, 'FACT-1,Facts Flower,flower,3.5,30,41.00']);
    expect(kept.errors).toEqual([]);
    expect(await facts('FACT-1')).toEqual({ thcaPercent: 8, dohCompliant: true });

    // Cells set them (header aliases as a spreadsheet writes them); a new SKU without them has none.
    const set = await importLines([
      `sku,product,category,net_weight_g,THCA %,DOH Compliant,price_${OAK}`,
      'FACT-1,Facts Flower,flower,3.5,9.5,no,41.00',
      'FACT-2,Facts Flower,flower,7,12,yes,75.00',
      'FACT-3,Facts Flower,flower,1,,,12.00',
    ]);
    expect(set.errors).toEqual([]);
    expect(await facts('FACT-1')).toEqual({ thcaPercent: 9.5, dohCompliant: false });
    expect(await facts('FACT-2')).toEqual({ thcaPercent: 12, dohCompliant: true });
    expect(await facts('FACT-3')).toEqual({ thcaPercent: null, dohCompliant: false });
    const view = (await server.request({ method: 'GET', url: `/v1/catalog/products/${created.id}`, cookie: owner })).json();
    expect(view.skus.find((s: { code: string }) => s.code === 'FACT-2')).toMatchObject({ thcaPercent: 12, dohCompliant: true });

    // Empty cells clear: no THCA stated, and not certified.
    const cleared = await importLines([`sku,product,category,net_weight_g,thca_percent,doh_compliant,price_${OAK}`, 'FACT-2,Facts Flower,flower,7,,,75.00']);
    expect(cleared.errors).toEqual([]);
    expect(await facts('FACT-2')).toEqual({ thcaPercent: null, dohCompliant: false });

    // A bad cell refuses its row; nothing of it is written.
    const refused = await importLines([
      `sku,product,category,net_weight_g,thca_percent,doh_compliant,price_${OAK}`,
      'FACT-1,Facts Flower,flower,3.5,101,yes,50.00',
      'FACT-3,Facts Flower,flower,1,5,maybe,15.00',
    ]);
    expect(refused.errors.map((e) => [e.line, e.code, e.field, e.error])).toEqual([
      ['2', 'FACT-1', 'thcaPercent', 'INVALID_THC'],
      ['3', 'FACT-3', 'dohCompliant', 'INVALID_FLAG'],
    ]);
    expect(await facts('FACT-1')).toEqual({ thcaPercent: 9.5, dohCompliant: false });
    expect(await facts('FACT-3')).toEqual({ thcaPercent: null, dohCompliant: false });
    expect(await priceOf('FACT-1')).toBe(4100);
  });

  it('other THC per serving: a file without the column keeps it, a cell sets it (none: {}), an empty cell clears it, a bad cell refuses the row', async () => {
    await createProduct({
      title: 'Other THC Gummies',
      category: 'edible',
      skus: [{ code: 'OTC-1', thcMg: 100, thcMgPerServing: 10, otherThcMgPerServing: { thcp: 0.2 }, prices: [{ storeId: oakland, priceCents: 2000 }] }],
    });
    const otherThc = async (code: string) =>
      (await db().selectFrom('sku').select('other_thc_mg_per_serving').where('organization_id', '=', server.organizationId).where('code', '=', code).executeTakeFirstOrThrow())
        .other_thc_mg_per_serving;
    const header = `sku,product,category,thc_mg,other_thc_mg_per_serving,price_${OAK}`;

    const kept = await importLines([`sku,product,category,thc_mg,price_${OAK}`, 'OTC-1,Other THC Gummies,edible,100,21.00']);
    expect(kept.errors).toEqual([]);
    expect(await otherThc('OTC-1')).toEqual({ thcp: 0.2 });

    const lines = [header, 'OTC-1,Other THC Gummies,edible,100,"thcp=0.1; delta8_thc=0.4",21.00', 'OTC-2,Other THC Gummies,edible,200,none,35.00', 'OTC-3,Other THC Gummies,edible,50,,12.00'];
    const set = await importLines(lines);
    expect(set.errors).toEqual([]);
    expect(set.summary.skus).toMatchObject({ created: 2, updated: 1 });
    expect(await otherThc('OTC-1')).toEqual({ delta8_thc: 0.4, thcp: 0.1 });
    expect(await otherThc('OTC-2')).toEqual({});
    expect(await otherThc('OTC-3')).toBeNull();
    const sku = await db().selectFrom('sku').select('id').where('code', '=', 'OTC-1').executeTakeFirstOrThrow();
    const view = (await server.request({ method: 'GET', url: `/v1/catalog/skus/${sku.id}`, cookie: owner })).json();
    expect(view.otherThcMgPerServing).toEqual({ delta8_thc: 0.4, thcp: 0.1 });
    // The same file again writes nothing, whatever order the database keeps the compounds in.
    expect((await importLines(lines)).summary.skus).toMatchObject({ created: 0, updated: 0, unchanged: 3 });

    // A bad cell refuses its row at the column, and nothing of the row is written.
    const refused = await importLines([header, 'OTC-1,Other THC Gummies,edible,100,delta9_thc=1,99.00', 'OTC-2,Other THC Gummies,edible,200,thcp=0.0001,99.00', 'OTC-4,Other THC Gummies,edible,10,thcp=20000,9.00']);
    expect(refused.errors.map((e) => [e.line, e.code, e.field, e.error])).toEqual([
      ['2', 'OTC-1', 'otherThcMgPerServing', 'UNKNOWN_THC_COMPOUND'],
      ['3', 'OTC-2', 'otherThcMgPerServing', 'INVALID_THC'],
      ['4', 'OTC-4', 'otherThcMgPerServing', 'INVALID_THC'],
    ]);
    expect(await otherThc('OTC-1')).toEqual({ delta8_thc: 0.4, thcp: 0.1 });
    expect(await priceOf('OTC-1')).toBe(2100);
    expect(await db().selectFrom('sku').select('id').where('code', '=', 'OTC-4').execute()).toEqual([]);

    // An empty cell clears, as for the other lab figures: not stated.
    expect((await importLines([header, 'OTC-1,Other THC Gummies,edible,100,,21.00'])).errors).toEqual([]);
    expect(await otherThc('OTC-1')).toBeNull();
  });

  it('prices set ahead (price_effective_from) and organization-wide (price_*) go to the price schedule; a passed start refuses the row', async () => {
    await createProduct({ title: 'Scheduled Sour', category: 'flower', skus: [{ code: 'SCH-1', sizeLabel: '1g', netWeightMg: 1000, prices: [{ storeId: oakland, priceCents: 3000 }] }] });
    const start = new Date(Date.now() + 7 * 86_400_000);
    start.setUTCMilliseconds(0);
    const friday = start.toISOString().replace('.000Z', '-08:00');
    const entries = async (code: string) =>
      db()
        .selectFrom('sku_price_schedule')
        .innerJoin('sku', 'sku.id', 'sku_price_schedule.sku_id')
        .select(['sku_price_schedule.store_id', 'sku_price_schedule.price_cents', 'sku_price_schedule.effective_from', 'sku_price_schedule.currency'])
        .where('sku.code', '=', code)
        .orderBy('sku_price_schedule.effective_from')
        .execute();
    const inForce = async (code: string) =>
      (await sql<{ price_cents: number | null }>`select (sku_price_in_force(${oakland}::uuid, s.id)).price_cents from sku s where s.code = ${code}`.execute(db())).rows[0]?.price_cents;
    const header = `sku,product,category,net_weight_g,price_${OAK},price_*,price_effective_from`;
    const lines = [
      header,
      /* 2 */ `SCH-1,Scheduled Sour,flower,1,32.00,,${friday}`,
      /* 3 */ 'SCH-2,Scheduled Sour,flower,2,,55.00,',
      /* 4 */ `SCH-3,Scheduled Sour,flower,3.5,,90.00,${friday}`,
    ];
    const { summary, errors } = await importLines([...lines, /* 5 */ 'SCH-4,Scheduled Sour,flower,7,10.00,,2020-01-01T00:00:00Z', /* 6 */ 'SCH-5,Scheduled Sour,flower,7,10.00,,2031-03-07T00:00:00']);
    expect(errors.map((e) => [e.line, e.code, e.field, e.error])).toEqual([
      ['5', 'SCH-4', 'priceEffectiveFrom', 'PRICE_START_PASSED'],
      ['6', 'SCH-5', 'priceEffectiveFrom', 'INVALID_EFFECTIVE_FROM'],
    ]);
    expect(await db().selectFrom('sku').select('id').where('code', 'in', ['SCH-4', 'SCH-5']).execute()).toEqual([]);
    expect(summary.prices).toMatchObject({ changed: 1, scheduled: 2 });
    // The store's price set ahead waits in the schedule, after the one set when the product was
    // created (in the price history too); the price in force now is still $30.
    expect(await entries('SCH-1')).toEqual([
      expect.objectContaining({ store_id: oakland, price_cents: 3000, currency: 'USD' }),
      { store_id: oakland, price_cents: 3200, effective_from: new Date(friday), currency: 'USD' },
    ]);
    expect(await priceOf('SCH-1')).toBe(3000);
    expect(await inForce('SCH-1')).toBe(3000);
    // Organization-wide now: in force at every store without its own price; ahead: not yet.
    expect(await entries('SCH-2')).toMatchObject([{ store_id: null, price_cents: 5500 }]);
    expect(await priceOf('SCH-2')).toBeUndefined();
    expect(await inForce('SCH-2')).toBe(5500);
    expect(await entries('SCH-3')).toEqual([{ store_id: null, price_cents: 9000, effective_from: new Date(friday), currency: 'USD' }]);
    expect(await inForce('SCH-3')).toBeNull();
    // Audited as the API audits them: one entry set ahead each, the organization's price now as a change.
    const skuIds = await db().selectFrom('sku').select(['id', 'code']).where('code', 'like', 'SCH-%').execute();
    const codeOf = new Map(skuIds.map((row) => [row.id, row.code]));
    const audits = (
      await db()
        .selectFrom('audit_log')
        .select(['entity_id', 'action'])
        .where('entity_id', 'in', [...codeOf.keys()])
        .where('action', 'like', 'catalog.price.%')
        .where('actor_type', '=', 'system') // the import's, not the product's creation
        .execute()
    )
      .map((row) => ({ code: codeOf.get(row.entity_id!), action: row.action }))
      .sort((a, b) => a.code!.localeCompare(b.code!));
    expect(audits).toEqual([
      { code: 'SCH-1', action: 'catalog.price.scheduled' },
      { code: 'SCH-2', action: 'catalog.price.changed' },
      { code: 'SCH-3', action: 'catalog.price.scheduled' },
    ]);

    // The same file again writes nothing: no new entries, no events.
    const events = async () => Number((await db().selectFrom('outbox_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await events();
    const again = await importLines(lines);
    expect(again.errors).toEqual([]);
    expect(again.summary.prices).toMatchObject({ changed: 0, scheduled: 0, unchanged: 3 });
    expect(await entries('SCH-1')).toHaveLength(2);
    expect(await entries('SCH-2')).toHaveLength(1);
    expect(await events()).toBe(before);
  });

  it('quantity tiers (tiers_<LICENSE>, tiers_*) set a price’s tiers now and ahead; an empty cell clears them, a file without the column keeps them; a bad cell refuses the row', async () => {
    await createProduct({
      title: 'Tiered Haze',
      category: 'flower',
      skus: [{ code: 'TIER-1', sizeLabel: '1g', netWeightMg: 1000, prices: [{ storeId: oakland, priceCents: 3000, tiers: [{ minQuantity: 3, unitPriceCents: 2800 }] }] }],
    });
    const storePrice = (code: string) =>
      db()
        .selectFrom('sku_price')
        .innerJoin('sku', 'sku.id', 'sku_price.sku_id')
        .select(['sku_price.price_cents', 'sku_price.tiers'])
        .where('sku.code', '=', code)
        .where('sku_price.store_id', '=', oakland)
        .executeTakeFirst();
    const entries = (code: string) =>
      db()
        .selectFrom('sku_price_schedule')
        .innerJoin('sku', 'sku.id', 'sku_price_schedule.sku_id')
        .select(['sku_price_schedule.store_id', 'sku_price_schedule.price_cents', 'sku_price_schedule.tiers', 'sku_price_schedule.effective_from'])
        .where('sku.code', '=', code)
        .orderBy('sku_price_schedule.effective_from')
        .execute();
    const start = new Date(Date.now() + 7 * 86_400_000);
    start.setUTCMilliseconds(0);
    const friday = start.toISOString();

    // No tiers column: the stored price keeps its tiers, as any column a file does not have.
    const plain = await importLines([`sku,product,category,net_weight_g,price_${OAK}`, 'TIER-1,Tiered Haze,flower,1,31.00']);
    expect(plain.errors).toEqual([]);
    expect(await storePrice('TIER-1')).toEqual({ price_cents: 3100, tiers: [{ minQuantity: 3, unitPriceCents: 2800 }] });
    // A store price the import sets now is in the price history, as one set through the API is, with the tiers its row kept.
    expect(await entries('TIER-1')).toEqual([
      expect.objectContaining({ store_id: oakland, price_cents: 3000, tiers: [{ minQuantity: 3, unitPriceCents: 2800 }] }),
      expect.objectContaining({ store_id: oakland, price_cents: 3100, tiers: [{ minQuantity: 3, unitPriceCents: 2800 }] }),
    ]);

    const tiersHeader = `tiers_${OAK}`;
    const header = `sku,product,category,net_weight_g,price_${OAK},${tiersHeader},price_*,tiers_*,price_effective_from`;
    const good = [
      /* 2 */ 'TIER-1,Tiered Haze,flower,1,31.00,3=29.00; 7=27.50,,,',
      /* 3 */ 'TIER-2,Tiered Haze,flower,2,,,20.00,5=18,',
      /* 4 */ `TIER-3,Tiered Haze,flower,3.5,40.00,2=$35.00,,,${friday}`,
    ];
    const bad = [
      /* 5 */ 'TIER-4,Tiered Haze,flower,7,40.00,3=45.00,,,',
      /* 6 */ 'TIER-5,Tiered Haze,flower,7,40.00,three=10,,,',
      /* 7 */ 'TIER-6,Tiered Haze,flower,7,,3=10,12.00,,',
      /* 8 */ 'TIER-7,Tiered Haze,flower,7,40.00,7=30; 3=35,,,',
      /* 9 */ 'TIER-8,Tiered Haze,flower,7,,,12.00,1=10,',
      /* 10 */ 'TIER-9,Tiered Haze,flower,7,40.00,"3=45,00",,,',
    ];
    const { summary, errors } = await importLines([header, ...good, ...bad]);
    expect(errors.map((e) => [e.line, e.code, e.field, e.error])).toEqual([
      ['5', 'TIER-4', tiersHeader, 'INVALID_TIERS'],
      ['6', 'TIER-5', tiersHeader, 'INVALID_TIERS'],
      ['7', 'TIER-6', tiersHeader, 'TIERS_WITHOUT_PRICE'],
      ['8', 'TIER-7', tiersHeader, 'INVALID_TIERS'],
      ['9', 'TIER-8', 'organizationPriceTiers', 'INVALID_TIERS'],
      ['10', 'TIER-9', tiersHeader, 'INVALID_TIERS'],
    ]);
    expect(errors[0].message).toContain('at most 4000');
    // Nothing of a refused row is written.
    expect(await db().selectFrom('sku').select('code').where('code', 'in', ['TIER-4', 'TIER-5', 'TIER-6', 'TIER-7', 'TIER-8', 'TIER-9']).execute()).toEqual([]);
    expect(summary.prices).toMatchObject({ changed: 2, scheduled: 1 });
    expect(await storePrice('TIER-1')).toEqual({
      price_cents: 3100,
      tiers: [
        { minQuantity: 3, unitPriceCents: 2900 },
        { minQuantity: 7, unitPriceCents: 2750 },
      ],
    });
    expect(await entries('TIER-2')).toMatchObject([{ store_id: null, price_cents: 2000, tiers: [{ minQuantity: 5, unitPriceCents: 1800 }] }]);
    expect(await entries('TIER-3')).toEqual([{ store_id: oakland, price_cents: 4000, tiers: [{ minQuantity: 2, unitPriceCents: 3500 }], effective_from: new Date(friday) }]);
    // Checkout charges the tiers it reads through the price in force.
    const tiered = await sql<{ tiers: unknown }>`select (sku_price_in_force(${oakland}::uuid, s.id)).tiers from sku s where s.code = 'TIER-2'`.execute(db());
    expect(tiered.rows[0].tiers).toEqual([{ minQuantity: 5, unitPriceCents: 1800 }]);

    // The same rows again write nothing.
    const again = await importLines([header, ...good]);
    expect(again.errors).toEqual([]);
    expect(again.summary.prices).toMatchObject({ changed: 0, scheduled: 0, unchanged: 3 });
    expect(await entries('TIER-2')).toHaveLength(1);

    // A bad cell on a stored SKU's row leaves its price as it was; an empty cell clears the tiers.
    const refused = await importLines([header, 'TIER-1,Tiered Haze,flower,1,50.00,1=40,,,']);
    expect(refused.errors.map((e) => [e.code, e.field, e.error])).toEqual([['TIER-1', tiersHeader, 'INVALID_TIERS']]);
    expect((await storePrice('TIER-1'))?.price_cents).toBe(3100);
    const cleared = await importLines([header, 'TIER-1,Tiered Haze,flower,1,31.00,,,,']);
    expect(cleared.errors).toEqual([]);
    expect(cleared.summary.prices).toMatchObject({ changed: 1 });
    expect(await storePrice('TIER-1')).toEqual({ price_cents: 3100, tiers: [] });

    // A tiers column needs its price column.
    const file = join(dir, `products-${++fileNo}.csv`);
    writeFileSync(file, `sku,product,category,net_weight_g,price_*,${tiersHeader}\nTIER-1,Tiered Haze,flower,1,31.00,3=29\n`);
    await expect(importProducts(server.platform.tx, { organizationId: server.organizationId, file })).rejects.toThrow(/no column for: add price_/);
  });

  it('values past the API’s bounds are refused rows, in every chunk, and the rows before them stay imported', async () => {
    const long = (n: number) => 'x'.repeat(n);
    const { summary, errors } = await importLines(
      [
        `sku,register_name,product,brand,category,size,net_weight_g,thc_mg,pack_count,price_${OAK}`,
        /* 2 */ 'BIG-1,FLWR BIG OK 1G,Bounded Flower,,flower,1g,1,,,10.00',
        /* 3 */ 'BIG-2,FLWR BIG HUGE,Huge Flower,,flower,,3500000,,,10.00',
        /* 4 */ 'BIG-3,EDIBLE BIG,Huge Gummies,,edible,,,99999999,,10.00',
        /* 5 */ `BIG-4,FLWR BIG BRAND 1G,Long Brand Flower,${long(201)},flower,1g,1,,,10.00`,
        /* 6 */ `BIG-5,FLWR BIG SIZE 1G,Long Size Flower,,flower,${long(101)},1,,,10.00`,
        /* 7 */ 'BIG-6,FLWR BIG 9999999G,,,,,,,,10.00',
        /* 8 */ 'BIG-7,PREROLL BIG 1G,Many Prerolls,,pre_roll,1g,1,,20000,10.00',
        /* 9 */ `BIG-8,${long(301)},Long Register Name,,flower,1g,1,,,10.00`,
        /* 10 */ 'BIG-9,FLWR BIG OK 2G,Bounded Flower,,flower,2g,2,,,10.00',
        /* 11 */ 'BIG-10,FLWR BIG PRICE 1G,Dear Flower,,flower,1g,1,,,"1,000,000.01"',
      ],
      { chunkSize: 1 },
    );
    const byLine = (line: number) => errors.filter((e) => e.line === String(line)).map((e) => e.error);
    expect(byLine(3)).toEqual(['INVALID_NET_WEIGHT']);
    expect(byLine(4)).toEqual(['INVALID_THC']);
    expect(byLine(5)).toEqual(['INVALID_BRAND']);
    expect(byLine(6)).toEqual(['INVALID_SIZE']);
    expect(byLine(7)).toEqual(['INVALID_NET_WEIGHT']);
    expect(byLine(8)).toEqual(['INVALID_PACK_COUNT']);
    expect(byLine(9)).toEqual(['INVALID_REGISTER_NAME']);
    expect(byLine(11)).toEqual(['INVALID_PRICE']); // past the API's $1,000,000.00
    expect(errors.find((e) => e.line === '7')).toMatchObject({ code: 'BIG-6', field: 'netWeight' });
    expect(summary).toMatchObject({ rows: 10, accepted: 2, rejected: 8 });
    const codes = (await db().selectFrom('sku').select('code').where('code', 'like', 'BIG-%').orderBy('code').execute()).map((r) => r.code);
    expect(codes).toEqual(['BIG-1', 'BIG-9']);
    expect(await db().selectFrom('brand').select('id').where('name', '=', long(201)).execute()).toEqual([]);
  });

  it('the API answers a register name read past the bounds with 400 at the field, and writes nothing', async () => {
    const before = await db().selectFrom('sku').select('id').where('code', '=', 'G1').execute();
    const giant = await server.request({
      method: 'POST',
      url: '/v1/catalog/products',
      cookie: owner,
      body: { title: 'Giant', category: 'flower', skus: [{ code: 'G1', registerName: 'FLWR BIG 9999999G' }] },
    });
    expect(giant.statusCode, giant.body).toBe(400);
    expect(giant.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: ['body', 'skus', 0, 'netWeightMg'] }] });
    expect(before).toEqual([]);
    expect(await db().selectFrom('sku').select('id').where('code', '=', 'G1').execute()).toEqual([]);
    expect(await db().selectFrom('product').select('id').where('title', '=', 'Giant').execute()).toEqual([]);

    const product = await createProduct({ title: 'Giant Edibles', category: 'edible', skus: [{ code: 'G2', thcMg: 100 }] });
    const added = await server.request({
      method: 'POST',
      url: `/v1/catalog/products/${product.id}/skus`,
      cookie: owner,
      body: { code: 'G3', registerName: 'EDIBLE GIANT 99999999MG' },
    });
    expect(added.statusCode, added.body).toBe(400);
    expect(added.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: ['body', 'thcMg'] }] });
  });

  it('a new SKU for an archived product is refused (PRODUCT_ARCHIVED); the product’s own SKUs are still updated', async () => {
    const created = await createProduct({
      title: 'Retired Haze',
      category: 'flower',
      skus: [{ code: 'RH-35', sizeLabel: '3.5g', netWeightMg: 3500, prices: [{ storeId: oakland, priceCents: 3000 }] }],
    });
    const archived = await server.request({ method: 'DELETE', url: `/v1/catalog/products/${created.id}`, cookie: owner });
    expect(archived.statusCode, archived.body).toBe(200);

    const { summary, errors } = await importLines([
      `sku,product,category,size,net_weight_g,price_${OAK}`,
      'RH-35,Retired Haze,flower,3.5g,3.5,31.00',
      'RH-7,Retired Haze,flower,7g,7,55.00',
    ]);
    expect(errors).toMatchObject([{ line: '3', code: 'RH-7', field: 'title', error: 'PRODUCT_ARCHIVED' }]);
    expect(summary).toMatchObject({ rows: 2, accepted: 1, rejected: 1, skus: { created: 0 } });
    expect(await db().selectFrom('sku').select('id').where('code', '=', 'RH-7').execute()).toEqual([]);
    expect(await priceOf('RH-35')).toBe(3100);
    const product = await db().selectFrom('product').select(['status']).where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(product.status).toBe('archived');
  });

  it('line numbers stay the file’s after a quoted cell with a Windows line break', async () => {
    const { errors } = await importLines(
      [
        `sku,product,category,size,net_weight_g,description,price_${OAK}`,
        /* 2-3 */ 'CRLF-1,Two Line Flower,flower,1g,1,"First line\r\nsecond line",10.00',
        /* 4 */ 'CRLF-2,Two Line Flower,flower,2g,2,,-1.00',
        /* 5-7 */ 'CRLF-3,Three Line Flower,flower,1g,1,"a\r\nb\r\nc",10.00',
        /* 8 */ 'CRLF-4,Three Line Flower,spaceship,1g,1,,10.00',
      ],
      { eol: '\r\n' },
    );
    expect(errors.map((e) => [e.line, e.code, e.error])).toEqual([
      ['4', 'CRLF-2', 'NEGATIVE_PRICE'],
      ['8', 'CRLF-4', 'UNKNOWN_CATEGORY'],
    ]);
    expect(await skuRow('CRLF-1')).toMatchObject({ description: 'First line\r\nsecond line' });
  });

  // Last: it opens a store pricing in CAD, after which a file's organization-wide prices state their currency.
  it('the organization’s price in a chosen currency (organization_price_currency): in force at the stores of that currency; a bad cell refuses the row', async () => {
    const toronto = await createStore(server, owner, 'CA-ON', 'America/Toronto', 'Import Test Toronto');
    const header = 'sku,product,category,net_weight_g,price_*,organization_price_currency';
    // Without the column, a file with organization-wide prices cannot say which currency: refused whole.
    const file = join(dir, `products-${++fileNo}.csv`);
    writeFileSync(file, 'sku,product,category,net_weight_g,price_*\nCUR-1,Loonie Kush,flower,1,25.00\n');
    const whole = await importProducts(server.platform.tx, { organizationId: server.organizationId, file }).catch((error: unknown) => error);
    expect(whole).toBeInstanceOf(ImportFileError);
    expect((whole as Error).message).toContain('organization_price_currency');

    const good = [/* 2 */ 'CUR-1,Loonie Kush,flower,1,25.00,CAD', /* 3 */ 'CUR-2,Loonie Kush,flower,2,20.00,usd', /* 4 */ 'CUR-3,Loonie Kush,flower,3.5,30.00,CAD'];
    const { summary, errors } = await importLines([
      header,
      ...good,
      /* 5 */ 'CUR-4,Loonie Kush,flower,7,20.00,EUR',
      /* 6 */ 'CUR-5,Loonie Kush,flower,7,20.00,dollars',
      /* 7 */ 'CUR-6,Loonie Kush,flower,7,20.00,',
    ]);
    expect(errors.map((e) => [e.line, e.code, e.field, e.error])).toEqual([
      ['5', 'CUR-4', 'organizationPriceCurrency', 'CURRENCY_MISMATCH'],
      ['6', 'CUR-5', 'organizationPriceCurrency', 'INVALID_CURRENCY'],
      ['7', 'CUR-6', 'organizationPriceCurrency', 'CURRENCY_REQUIRED'],
    ]);
    expect(await db().selectFrom('sku').select('code').where('code', 'in', ['CUR-4', 'CUR-5', 'CUR-6']).execute()).toEqual([]);
    expect(summary.prices).toMatchObject({ changed: 3 });
    const inForce = async (storeId: string, code: string) =>
      (await sql<{ price_cents: number | null; currency: string | null }>`select (f).price_cents, (f).currency from (select sku_price_in_force(${storeId}::uuid, s.id) f from sku s where s.code = ${code}) x`.execute(db())).rows[0];
    expect(await inForce(toronto.id, 'CUR-1')).toEqual({ price_cents: 2500, currency: 'CAD' });
    expect(await inForce(oakland, 'CUR-1')).toEqual({ price_cents: null, currency: null });
    expect(await inForce(oakland, 'CUR-2')).toEqual({ price_cents: 2000, currency: 'USD' });
    expect(await inForce(toronto.id, 'CUR-2')).toEqual({ price_cents: null, currency: null });

    // The same rows again write nothing; the same price in the other currency is a new entry, in force beside the first.
    const again = await importLines([header, ...good]);
    expect(again.errors).toEqual([]);
    expect(again.summary.prices).toMatchObject({ changed: 0, unchanged: 3 });
    const other = await importLines([header, 'CUR-3,Loonie Kush,flower,3.5,22.00,USD']);
    expect(other.summary.prices).toMatchObject({ changed: 1 });
    expect(await inForce(toronto.id, 'CUR-3')).toEqual({ price_cents: 3000, currency: 'CAD' });
    expect(await inForce(oakland, 'CUR-3')).toEqual({ price_cents: 2200, currency: 'USD' });
  });
});
