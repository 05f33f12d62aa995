// SKU attributes (perishable, contains_alcohol) from the catalog to the compliance engine: New
// Jersey sells no perishable edibles, Illinois no alcohol products except tinctures of at most
// 100 ml (regulations.md §9). The register sale runs in New Jersey: its pack has no sale hours, so
// the real clock the register uses never closes the store mid-test. Illinois closes at 22:00, so
// its cart checks look only at the product rule's violation, whatever else the hour adds.
import { sql } from 'kysely';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProducts } from '../../src/modules/catalog/product-import';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';
import { createPricedProduct, createStore } from './customers.fixtures';

const OAK = 'C10-0000001-LIC';
type Violation = { code: string; rule: string; lines: number[] };

describe('product attributes: catalog to compliance', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  let budtender: string;
  let nj: { id: string };
  let il: { id: string };
  let buyer: string;
  const db = () => server.platform.database.db;

  /** A new store whose sales floor exists (the store-created event makes it). */
  async function storeWithFloor(jurisdiction: string, timezone: string, name: string) {
    const store = await createStore(server, owner, jurisdiction, timezone, name);
    for (let i = 0; i < 100; i++) {
      const floor = await db().selectFrom('inventory_location').select('id').where('store_id', '=', store.id).where('code', '=', 'sales_floor').executeTakeFirst();
      if (floor) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return store;
  }

  /** One product with one SKU priced at `storeId`, stocked there; answers the SKU as the API shows it. */
  async function product(storeId: string, storeName: string, title: string, category: string, sku: Record<string, unknown>): Promise<CheckoutFixture & { view: Record<string, unknown> }> {
    const created = await createPricedProduct(server, owner, storeId, title, category, sku);
    const fixture = await stockedSku(db(), server.organizationId, { code: sku.code as string, quantity: 10, storeName });
    return { ...fixture, view: created.skus[0] };
  }

  const posSale = (fx: CheckoutFixture) =>
    server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie: budtender,
      body: { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
    });

  /** Adds one unit to a new cart; answers the PRODUCT_NOT_PERMITTED violations (refused or not) and the cart as stored. */
  async function addToCart(storeId: string, skuId: string) {
    const cart = await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId, customerId: buyer, channel: 'pickup' } });
    expect(cart.statusCode, cart.body).toBe(201);
    const added = await server.request({ method: 'POST', url: `/v1/carts/${cart.json().id}/lines`, cookie: manager, body: { skuId, quantity: 1 } });
    const violations: Violation[] = added.statusCode === 200 ? added.json().violations : (added.json().error.details?.violations ?? []);
    const stored = await db().selectFrom('sales_cart').select(['lines', 'reservation_id']).where('id', '=', cart.json().id).executeTakeFirstOrThrow();
    return { status: added.statusCode, refusals: violations.filter((v) => v.code === 'PRODUCT_NOT_PERMITTED'), stored, body: added.body };
  }

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    nj = await storeWithFloor('US-NJ', 'America/New_York', 'Attributes Test Newark');
    il = await storeWithFloor('US-IL', 'America/Chicago', 'Attributes Test Peoria');
    [buyer] = await customers(db(), server.organizationId, 1);
  });
  afterAll(() => server?.close());

  it('a SKU is created with attributes, shows them, and a change replaces them', async () => {
    const fx = await product(nj.id, 'Attributes Test Newark', 'Attributes Test Brownie', 'edible', { code: 'ATTR-BROWNIE', thcMg: 10, attributes: ['contains_alcohol', 'perishable'] });
    // Stored once each, in the catalog's order.
    expect(fx.view.attributes).toEqual(['perishable', 'contains_alcohol']);
    expect((await server.request({ method: 'GET', url: `/v1/catalog/skus/${fx.skuId}`, cookie: budtender })).json().attributes).toEqual(['perishable', 'contains_alcohol']);
    const changed = await server.request({ method: 'PATCH', url: `/v1/catalog/skus/${fx.skuId}`, cookie: owner, body: { attributes: ['perishable'] } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await db().selectFrom('sku').select('attributes').where('id', '=', fx.skuId).executeTakeFirstOrThrow()).attributes).toEqual(['perishable']);
    // A SKU that says nothing has none.
    const plain = await product(nj.id, 'Attributes Test Newark', 'Attributes Test Gummy', 'edible', { code: 'ATTR-GUMMY', thcMg: 10 });
    expect(plain.view.attributes).toEqual([]);
  });

  it('New Jersey: the register refuses a perishable edible with PRODUCT_NOT_PERMITTED and writes nothing; without the attribute it sells', async () => {
    const cookie = await product(nj.id, 'Attributes Test Newark', 'Attributes Test Cookie', 'edible', { code: 'ATTR-COOKIE', thcMg: 10, thcMgPerServing: 10, attributes: ['perishable'] });
    const orders = async () => (await sql<{ n: number }>`select count(*)::int as n from sales_order where store_id = ${nj.id}`.execute(db())).rows[0].n;
    const usage = async () => (await sql<{ n: number }>`select count(*)::int as n from purchase_usage_line where store_id = ${nj.id}`.execute(db())).rows[0].n;
    const before = { orders: await orders(), usage: await usage(), stock: await ledgerMatches(db(), cookie.packageId) };

    const refused = await posSale(cookie);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.code).toBe('COMPLIANCE_BLOCKED');
    expect(refused.json().error.details.violations).toMatchObject([{ code: 'PRODUCT_NOT_PERMITTED', rule: 'us-nj.product.perishable-edible', lines: [0], confidence: 'likely' }]);
    expect({ orders: await orders(), usage: await usage(), stock: await ledgerMatches(db(), cookie.packageId) }).toEqual(before);

    // Add-to-cart refuses it too, before any hold.
    const cart = await addToCart(nj.id, cookie.skuId);
    expect(cart.status, cart.body).toBe(422);
    expect(cart.refusals).toMatchObject([{ rule: 'us-nj.product.perishable-edible', lines: [0] }]);
    expect(cart.stored).toMatchObject({ lines: [], reservation_id: null });
    expect((await ledgerMatches(db(), cookie.packageId)).reserved).toBe(0);

    // The attribute is what refused it: cleared, the same SKU sells.
    const cleared = await server.request({ method: 'PATCH', url: `/v1/catalog/skus/${cookie.skuId}`, cookie: owner, body: { attributes: [] } });
    expect(cleared.statusCode, cleared.body).toBe(200);
    const sold = await posSale(cookie);
    expect(sold.statusCode, sold.body).toBe(201);
    expect(await orders()).toBe(before.orders + 1);
  });

  it('Illinois: an alcohol beverage and a 101 ml alcohol tincture are refused at add-to-cart; a 100 ml one is not', async () => {
    const store = 'Attributes Test Peoria';
    const seltzer = await product(il.id, store, 'Attributes Test Spiked Seltzer', 'beverage', { code: 'ATTR-SELTZER', thcMg: 5, netWeightMg: 355_000, attributes: ['contains_alcohol'] });
    const ml100 = await product(il.id, store, 'Attributes Test Tincture 100 ml', 'tincture', { code: 'ATTR-TINC-100', thcMg: 100, netWeightMg: 100_000, attributes: ['contains_alcohol'] });
    const ml101 = await product(il.id, store, 'Attributes Test Tincture 101 ml', 'tincture', { code: 'ATTR-TINC-101', thcMg: 100, netWeightMg: 101_000, attributes: ['contains_alcohol'] });

    for (const refusedSku of [seltzer, ml101]) {
      const cart = await addToCart(il.id, refusedSku.skuId);
      expect(cart.status, cart.body).toBe(422);
      expect(cart.refusals).toMatchObject([{ rule: 'us-il.product.alcohol', lines: [0], confidence: 'sure' }]);
      expect(cart.stored).toMatchObject({ lines: [], reservation_id: null });
      expect((await ledgerMatches(db(), refusedSku.packageId)).reserved).toBe(0);
    }
    expect((await addToCart(il.id, ml100.skuId)).refusals).toEqual([]);
  });

  it('an unknown or repeated attribute is 400 with the field path, and nothing is written', async () => {
    const count = async () => Number((await db().selectFrom('sku').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const base = { title: 'Attributes Test Bad', category: 'edible' };
    const sku = { code: 'ATTR-BAD', thcMg: 10 };
    for (const [attributes, path] of [
      [['perishable', 'frozen'], ['body', 'skus', 0, 'attributes', 1]],
      [['perishable', 'perishable'], ['body', 'skus', 0, 'attributes', 1]],
      ['perishable', ['body', 'skus', 0, 'attributes']],
    ] as const) {
      const response = await server.request({ method: 'POST', url: '/v1/catalog/products', cookie: owner, body: { ...base, skus: [{ ...sku, attributes }] } });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(response.json().error.details.map((d: { path: unknown }) => d.path)).toContainEqual(path);
    }
    expect(await count()).toBe(before);

    const gummy = await db().selectFrom('sku').select(['id', 'attributes']).where('code', '=', 'ATTR-GUMMY').executeTakeFirstOrThrow();
    const patch = await server.request({ method: 'PATCH', url: `/v1/catalog/skus/${gummy.id}`, cookie: owner, body: { attributes: ['alcohol'] } });
    expect(patch.statusCode, patch.body).toBe(400);
    expect(patch.json().error.details.map((d: { path: unknown }) => d.path)).toContainEqual(['body', 'attributes', 0]);
    expect((await db().selectFrom('sku').select('attributes').where('id', '=', gummy.id).executeTakeFirstOrThrow()).attributes).toEqual(gummy.attributes);

    // The column refuses values the API would never write.
    await expect(sql`update sku set attributes = array['frozen'] where id = ${gummy.id}`.execute(db())).rejects.toThrow(/sku_attributes_known/);
  });

  it('the product import reads an attributes column; an unknown value rejects the row, and a file without the column keeps stored attributes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdant-attributes-'));
    try {
      const file = join(dir, 'products.csv');
      const run = async (csv: string) => {
        writeFileSync(file, `${csv}\n`);
        const summary = await importProducts(server.platform.tx, { organizationId: server.organizationId, file });
        const errors = summary.rejected ? (parse(readFileSync(`${file}.errors.csv`, 'utf8'), { columns: true }) as { code: string; field: string; error: string }[]) : [];
        return { summary, errors };
      };
      const stored = async (code: string) => (await db().selectFrom('sku').select('attributes').where('code', '=', code).executeTakeFirst())?.attributes;

      const first = await run(
        [
          `sku,product,category,thc_mg,net_weight_mg,attributes,price_${OAK}`,
          `ATTR-IMP-1,Attributes Import Tincture,tincture,100,30000,contains_alcohol,30.00`,
          `ATTR-IMP-2,Attributes Import Cookie,edible,10,,Perishable | contains_alcohol,8.00`,
          `ATTR-IMP-3,Attributes Import Gummy,edible,10,,,8.00`,
          `ATTR-IMP-4,Attributes Import Frozen,edible,10,,perishable|frozen,8.00`,
        ].join('\n'),
      );
      expect(first.errors).toMatchObject([{ code: 'ATTR-IMP-4', field: 'attributes', error: 'UNKNOWN_ATTRIBUTE' }]);
      expect(await stored('ATTR-IMP-1')).toEqual(['contains_alcohol']);
      expect(await stored('ATTR-IMP-2')).toEqual(['perishable', 'contains_alcohol']);
      expect(await stored('ATTR-IMP-3')).toEqual([]);
      expect(await stored('ATTR-IMP-4')).toBeUndefined();

      // A POS export without the column does not clear what the catalog knows.
      const again = await run([`sku,product,category,thc_mg,net_weight_mg,price_${OAK}`, `ATTR-IMP-1,Attributes Import Tincture,tincture,100,30000,30.00`].join('\n'));
      expect(again.summary.skus).toMatchObject({ updated: 0, unchanged: 1 });
      expect(await stored('ATTR-IMP-1')).toEqual(['contains_alcohol']);
      // An empty cell in the column does.
      await run([`sku,product,category,thc_mg,net_weight_mg,attributes,price_${OAK}`, `ATTR-IMP-1,Attributes Import Tincture,tincture,100,30000,,30.00`].join('\n'));
      expect(await stored('ATTR-IMP-1')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
