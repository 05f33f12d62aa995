// Review of the catalog and the organization's stores: what a POS export, a person's change and a
// store's details may not do. An import that changes a product's category answers for every SKU
// of the product, as PATCH does; a price cell is read as the file means it or refused; a license
// number is one store's, whatever its letter case; the errors file is safe to open in a spreadsheet;
// a SKU not allowed for adult use is not sold to adult-use customers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProducts } from '../../src/modules/catalog/product-import';
import { stockedSku } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const OAK = 'C10-0000001-LIC';

type ErrorRow = { line: string; code: string; field: string; error: string; message: string };

describe('catalog and stores review', () => {
  let server: TestServer;
  let owner: string;
  let oakland: string;
  let dir: string;
  let fileNo = 0;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer({ workers: false });
    owner = await server.login('owner');
    const stores = (await server.request({ method: 'GET', url: '/v1/stores', cookie: owner })).json().stores;
    oakland = stores.find((s: { licenseNumber: string }) => s.licenseNumber === OAK).id;
    dir = mkdtempSync(join(tmpdir(), 'verdant-catalog-review-'));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (method: string, url: string, body?: unknown, cookie = owner) => server.request({ method, url, cookie, body });

  async function importLines(lines: string[]) {
    const file = join(dir, `products-${++fileNo}.csv`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const summary = await importProducts(server.platform.tx, { organizationId: server.organizationId, file });
    const text = summary.errorsFile ? readFileSync(summary.errorsFile, 'utf8') : '';
    const errors: ErrorRow[] = text ? parse(text, { columns: true }) : [];
    return { summary, errors, text };
  }

  const createProduct = async (body: Record<string, unknown>) => {
    const created = await send('POST', '/v1/catalog/products', body);
    expect(created.statusCode, created.body).toBe(201);
    return created.json() as { id: string; slug: string; category: string; skus: { id: string; code: string; thcMg: number | null }[] };
  };

  const priceAtOakland = async (code: string) =>
    (
      await db()
        .selectFrom('sku_price')
        .innerJoin('sku', 'sku.id', 'sku_price.sku_id')
        .select('sku_price.price_cents')
        .where('sku.organization_id', '=', server.organizationId)
        .where('sku.code', '=', code)
        .where('sku_price.store_id', '=', oakland)
        .executeTakeFirst()
    )?.price_cents;

  it('an import that changes a product’s category refuses the row when another SKU of the product lacks what the new category counts', async () => {
    const product = await createProduct({
      title: 'Review Farms Category Kush',
      category: 'flower',
      skus: [
        { code: 'RV-CAT-1', sizeLabel: '3.5g', netWeightMg: 3500, prices: [{ storeId: oakland, priceCents: 3000 }] },
        { code: 'RV-CAT-2', sizeLabel: '7g', netWeightMg: 7000, prices: [{ storeId: oakland, priceCents: 5500 }] },
      ],
    });
    // PATCH refuses this very change: RV-CAT-2 states no THC, which an edible's limits count.
    const patched = await send('PATCH', `/v1/catalog/products/${product.id}`, { category: 'edible' });
    expect(patched.statusCode, patched.body).toBe(400);
    expect(patched.json().error.code).toBe('CANNABIS_CONTENT_REQUIRED');

    const { summary, errors } = await importLines([`sku,title,category,thc_mg,price_${OAK}`, `RV-CAT-1,Review Farms Category Kush,edible,100,30.00`]);
    expect(errors.map((e) => [e.code, e.error, e.field])).toEqual([['RV-CAT-1', 'CANNABIS_CONTENT_REQUIRED', 'category']]);
    expect(errors[0].message).toContain('RV-CAT-2');
    expect(summary.accepted).toBe(0);
    const after = (await send('GET', `/v1/catalog/products/${product.id}`)).json();
    expect(after.category).toBe('flower');
    expect(after.skus.map((s: { code: string; thcMg: number | null }) => [s.code, s.thcMg])).toEqual([
      ['RV-CAT-1', null],
      ['RV-CAT-2', null],
    ]);
  });

  it('a price cell with a comma that is not a thousands separator is refused, not read as a hundred times the price', async () => {
    const { summary, errors } = await importLines([
      `sku,title,category,net_weight_g,price_${OAK}`,
      `RV-PRICE-1,Review Farms Comma Haze,flower,3.5,"45,00"`,
      `RV-PRICE-2,Review Farms Comma Haze,flower,7,"1,2,3"`,
      `RV-PRICE-3,Review Farms Comma Haze,flower,14,"1,045.50"`,
      `RV-PRICE-4,Review Farms Comma Haze,flower,28,"$1,000"`,
    ]);
    expect(errors.map((e) => [e.code, e.error])).toEqual([
      ['RV-PRICE-1', 'INVALID_PRICE'],
      ['RV-PRICE-2', 'INVALID_PRICE'],
    ]);
    expect(summary.accepted).toBe(2);
    expect(await priceAtOakland('RV-PRICE-1')).toBeUndefined();
    expect(await priceAtOakland('RV-PRICE-2')).toBeUndefined();
    expect(await priceAtOakland('RV-PRICE-3')).toBe(104550);
    expect(await priceAtOakland('RV-PRICE-4')).toBe(100000);
  });

  it('a price is in its store’s currency: another is refused, and one sent without, or imported, is the store’s (CAD in Ontario)', async () => {
    const toronto = await send('POST', '/v1/stores', { name: 'Currency Test Toronto', licenseNumber: `ON-${uuidv7().slice(-8)}`, jurisdiction: 'CA-ON', timezone: 'America/Toronto' });
    expect(toronto.statusCode, toronto.body).toBe(201);
    const torontoId = toronto.json().id as string;
    const product = await createProduct({ title: 'Review Farms Loonie Haze', category: 'accessory', skus: [{ code: 'RV-CUR-1', sizeLabel: 'each' }] });
    const skuId = product.skus[0].id;
    const currencyOf = async (storeId: string) => (await db().selectFrom('sku_price').select('currency').where('sku_id', '=', skuId).where('store_id', '=', storeId).executeTakeFirst())?.currency;

    // Euros at a California store: checkout would charge the cents as dollars.
    const euros = await send('PUT', `/v1/catalog/skus/${skuId}/prices/${oakland}`, { priceCents: 1500, currency: 'EUR' });
    expect(euros.statusCode, euros.body).toBe(422);
    expect(euros.json().error).toMatchObject({ code: 'CURRENCY_MISMATCH', details: [{ path: ['body', 'currency'] }] });
    const several = await send('PUT', `/v1/catalog/skus/${skuId}/prices`, { prices: [{ storeId: oakland, priceCents: 1500 }, { storeId: torontoId, priceCents: 1900, currency: 'USD' }] });
    expect(several.statusCode, several.body).toBe(422);
    expect(several.json().error).toMatchObject({ code: 'CURRENCY_MISMATCH', details: [{ path: ['body', 'prices', 1, 'currency'] }] });
    expect(await currencyOf(oakland)).toBeUndefined();

    const set = await send('PUT', `/v1/catalog/skus/${skuId}/prices`, { prices: [{ storeId: oakland, priceCents: 1500 }, { storeId: torontoId, priceCents: 1900 }] });
    expect(set.statusCode, set.body).toBe(200);
    expect([await currencyOf(oakland), await currencyOf(torontoId)]).toEqual(['USD', 'CAD']);
    const added = await send('POST', `/v1/catalog/products/${product.id}/skus`, { code: 'RV-CUR-2', sizeLabel: 'pair', prices: [{ storeId: torontoId, priceCents: 2900, currency: 'CAD' }] });
    expect(added.statusCode, added.body).toBe(201);

    // A POS export's price column for the Toronto store: in Canadian dollars too.
    const license = toronto.json().licenseNumber as string;
    const { summary } = await importLines([`sku,title,category,price_${license}`, `RV-CUR-3,Review Farms Loonie Haze,accessory,12.00`]);
    expect(summary.accepted).toBe(1);
    const imported = await db().selectFrom('sku_price as p').innerJoin('sku as s', 's.id', 'p.sku_id').select(['p.currency', 'p.price_cents']).where('s.code', '=', 'RV-CUR-3').execute();
    expect(imported).toEqual([{ currency: 'CAD', price_cents: 1200 }]);
  });

  it('a license number another store uses in another letter case is refused (409 LICENSE_TAKEN), so an import’s price column names one store', async () => {
    const before = await db().selectFrom('store').select('id').execute();
    const opened = await send('POST', '/v1/stores', { name: 'Lower Case Oakland', licenseNumber: OAK.toLowerCase(), jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' });
    expect(opened.statusCode, opened.body).toBe(409);
    expect(opened.json().error).toMatchObject({ code: 'LICENSE_TAKEN', details: { path: ['body', 'licenseNumber'] } });
    expect(await db().selectFrom('store').select('id').execute()).toHaveLength(before.length);

    const other = await send('POST', '/v1/stores', { name: 'Case Test Berkeley', licenseNumber: `C10-${uuidv7().slice(-8)}-LIC`, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' });
    expect(other.statusCode, other.body).toBe(201);
    const changed = await send('PATCH', `/v1/stores/${other.json().id}`, { licenseNumber: ` ${OAK.toLowerCase()} ` });
    expect(changed.statusCode, changed.body).toBe(409);
    expect(changed.json().error).toMatchObject({ code: 'LICENSE_TAKEN', details: { path: ['body', 'licenseNumber'] } });
    expect((await send('GET', `/v1/stores/${other.json().id}`)).json().licenseNumber).toBe(other.json().licenseNumber);
  });

  it('a SKU not allowed for adult use is refused to an adult-use customer at the register, as a medical-only one is', async () => {
    await createProduct({
      title: 'Review Farms Patient Reserve',
      category: 'flower',
      skus: [{ code: 'RV-AU-OFF', sizeLabel: '3.5g', netWeightMg: 3500, adultUseAllowed: false, prices: [{ storeId: oakland, priceCents: 4000 }] }],
    });
    const fx = await stockedSku(db(), server.organizationId, { code: 'RV-AU-OFF', quantity: 5 });
    const budtender = await server.login('budtender');
    const orders = async () => (await db().selectFrom('sales_order').select('id').where('store_id', '=', oakland).execute()).length;
    const before = await orders();
    const sale = await server.request({
      method: 'POST',
      url: `/v1/stores/${oakland}/pos-sales`,
      cookie: budtender,
      body: { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
    });
    expect(sale.statusCode, sale.body).toBe(422);
    expect(sale.json().error.details.violations).toMatchObject([{ code: 'PRODUCT_NOT_PERMITTED', rule: 'line.medical-only', lines: [0] }]);
    expect(await orders()).toBe(before);

    // A medical-only SKU made not medical-only is open to adult use again, as the import reads it.
    const marked = await send('PATCH', `/v1/catalog/skus/${fx.skuId}`, { medicalOnly: true });
    expect(marked.json().skus[0]).toMatchObject({ medicalOnly: true, adultUseAllowed: false });
    const opened = await send('PATCH', `/v1/catalog/skus/${fx.skuId}`, { medicalOnly: false });
    expect(opened.json().skus[0]).toMatchObject({ medicalOnly: false, adultUseAllowed: true });
    const sold = await server.request({
      method: 'POST',
      url: `/v1/stores/${oakland}/pos-sales`,
      cookie: budtender,
      body: { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
    });
    expect(sold.statusCode, sold.body).toBe(201);
  });

  it('a SKU whose guessed category or size nobody has checked is not sold until a person accepts it', async () => {
    await createProduct({
      title: 'Review Farms Mystery Roll',
      category: 'pre_roll',
      skus: [{ code: 'RV-GUESS-1', sizeLabel: '1g', netWeightMg: 1000, thcMg: 200, prices: [{ storeId: oakland, priceCents: 1200 }] }],
    });
    const fx = await stockedSku(db(), server.organizationId, { code: 'RV-GUESS-1', quantity: 5 });
    await db().updateTable('sku').set({ review_status: 'needs_review' }).where('id', '=', fx.skuId).execute();
    const budtender = await server.login('budtender');
    const sell = () =>
      server.request({
        method: 'POST',
        url: `/v1/stores/${oakland}/pos-sales`,
        cookie: budtender,
        body: { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
      });
    const refused = await sell();
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'SKU_NEEDS_REVIEW', details: { path: ['body', 'lines', 0, 'skuId'], skuId: fx.skuId } });
    await db().updateTable('sku').set({ review_status: 'confirmed' }).where('id', '=', fx.skuId).execute();
    const sold = await sell();
    expect(sold.statusCode, sold.body).toBe(201);
  });

  it('the errors file does not hand a spreadsheet a formula from the file’s cells', async () => {
    const { errors, text } = await importLines([`sku,title,category,net_weight_g,price_${OAK}`, `"=HYPERLINK(""http://example.test"",""x"")",Review Farms Formula,flower,3.5,-5`]);
    expect(errors).toHaveLength(1);
    expect(errors[0].error).toBe('NEGATIVE_PRICE');
    for (const row of parse(text) as string[][]) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
