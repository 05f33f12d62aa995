// Defects found by a second review of the inventory module, each kept as a regression test.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStores, expectLedgerBalanced, inventoryUnchangedBy, newLabel, receivePackages, stockOf } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('inventory second review', () => {
  let server: TestServer;
  let owner: string;
  let stores: { oakland: string; denver: string; berkeley: string };
  const db = () => server.platform.database.db;

  const call = (method: string, url: string, body?: unknown, requestId = uuidv7()) =>
    server.request({ method, url, cookie: owner, body, headers: { 'x-request-id': requestId } });

  /** Sends a request that must change nothing: no audit row and no inventory event follow it. */
  const unchangedBy = (send: (requestId: string) => Promise<LightMyRequestResponse>) => inventoryUnchangedBy(db(), send);

  const onHand = async (label: string) => (await stockOf(db(), label)).map((r) => ({ code: r.code, onHand: Number(r.on_hand) }));

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    stores = await demoStores(server);
  });
  afterAll(() => server?.close());

  it('a count naming one package at one location twice is refused, instead of keeping the last and dropping the other', async () => {
    const skuId = randomUUID();
    const label = newLabel();
    await receivePackages(server, owner, stores.oakland, [{ label, skuId, quantity: 10, locationCode: 'sales_floor' }]);
    const count = (await call('POST', `/v1/stores/${stores.oakland}/counts`, { kind: 'cycle', locationCode: 'sales_floor', skuIds: [skuId] })).json().id;
    const path = `/v1/stores/${stores.oakland}/counts/${count}`;
    // Two bins of the same shelf, 5 and 3: keeping the 3 alone would write 7 off at approval.
    const refused = await unchangedBy((requestId) =>
      call('POST', `${path}/lines`, { lines: [{ packageLabel: label, locationCode: 'sales_floor', countedQuantity: 5 }, { packageLabel: label, locationCode: 'sales_floor', countedQuantity: 3 }] }, requestId),
    );
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'DUPLICATE_LINE', details: { path: ['body', 'lines', 1, 'packageLabel'] } });
    expect((await call('GET', path)).json().lines).toEqual([expect.objectContaining({ packageLabel: label, countedQuantity: null })]);
    // Counted once, with what is there: the count goes through.
    expect((await call('POST', `${path}/lines`, { lines: [{ packageLabel: label, locationCode: 'sales_floor', countedQuantity: 8 }] })).statusCode).toBe(200);
    expect((await call('POST', `${path}/submit`)).json().lines).toEqual([expect.objectContaining({ unit: 'each', expectedQuantity: 10, countedQuantity: 8, variance: -2 })]);
    expect((await call('POST', `${path}/decision`, { decision: 'approve' })).statusCode).toBe(200);
    expect(await onHand(label)).toEqual([{ code: 'sales_floor', onHand: 8 }]);
    await expectLedgerBalanced(db());
  });

  it('inventory alerts about a SKU sold by weight give its quantities in grams, not milligrams without a unit', async () => {
    const product = await call('POST', '/v1/catalog/products', {
      title: 'Review Bulk Flower',
      category: 'flower',
      status: 'active',
      skus: [{ code: `BULK-${randomUUID().slice(0, 6).toUpperCase()}`, sizeLabel: '1g', unit: 'weight', netWeightMg: 1000 }],
    });
    expect(product.statusCode, product.body).toBe(201);
    const skuId = product.json().skus[0].id;
    const message = async (kind: 'low_stock' | 'receiving_discrepancy' | 'transfer_discrepancy', storeId: string) =>
      (await db().selectFrom('inventory_alert').select('message').where('kind', '=', kind).where('sku_id', '=', skuId).where('store_id', '=', storeId).executeTakeFirstOrThrow()).message;

    // A manifest of 3.5 g counted 3.4 g: short by 0.1 g.
    const label = newLabel();
    const entered = await call('POST', `/v1/stores/${stores.oakland}/manifests`, {
      number: `M-${randomUUID().slice(0, 8)}`,
      items: [{ packageLabel: label, skuId, unit: 'mg', expectedQuantity: 3500, batch: { code: `B-${randomUUID().slice(0, 6)}`, producerLicense: 'CCL20-0000123' } }],
    });
    expect(entered.statusCode, entered.body).toBe(201);
    const received = await call('POST', `/v1/stores/${stores.oakland}/manifests/${entered.json().id}/receive`, { items: [{ packageLabel: label, countedQuantity: 3400, decision: 'accept', locationCode: 'sales_floor' }] });
    expect(received.statusCode, received.body).toBe(200);
    expect(await message('receiving_discrepancy', stores.oakland)).toBe(`Manifest ${entered.json().number}, package ${label}: short by 0.1 g (expected 3.5 g, counted 3.4 g).`);

    // A reorder point of 5 g, 28 g to order: 3.4 g is low.
    expect((await call('PUT', `/v1/stores/${stores.oakland}/reorder-points/${skuId}`, { reorderAt: 5000, reorderQuantity: 28000 })).statusCode).toBe(200);
    expect(await message('low_stock', stores.oakland)).toBe('Available 3.4 g is at or below the reorder point 5 g; reorder 28 g.');

    // 1.5 g shipped to Berkeley, 1.25 g arrived.
    const shipped = await call('POST', '/v1/inventory/transfers', { fromStoreId: stores.oakland, toStoreId: stores.berkeley, items: [{ packageLabel: label, quantity: 1500, fromLocationCode: 'sales_floor' }] });
    expect(shipped.statusCode, shipped.body).toBe(201);
    const arrived = await call('POST', `/v1/inventory/transfers/${shipped.json().id}/receive`, { items: [{ packageLabel: label, receivedQuantity: 1250 }] });
    expect(arrived.statusCode, arrived.body).toBe(200);
    expect(await message('transfer_discrepancy', stores.berkeley)).toBe(`Transfer ${shipped.json().id}: package ${label} arrived 0.25 g short.`);
    await expectLedgerBalanced(db());
  });

  it('a batch refused as another producer’s, or as entered already, names the field of the body it came from', async () => {
    const code = `B-${randomUUID().slice(0, 6)}`;
    const batch = await call('POST', '/v1/inventory/batches', { code, producerLicense: 'CCL20-0000123' });
    expect(batch.statusCode, batch.body).toBe(201);
    const again = await unchangedBy((requestId) => call('POST', '/v1/inventory/batches', { code, producerLicense: 'CCL20-0000123' }, requestId));
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'BATCH_EXISTS', details: { path: ['body', 'code'] } });
    const otherProducer = await unchangedBy((requestId) => call('POST', '/v1/inventory/batches', { code, producerLicense: 'CCL20-0000999' }, requestId));
    expect(otherProducer.statusCode, otherProducer.body).toBe(409);
    expect(otherProducer.json().error).toMatchObject({ code: 'BATCH_PRODUCER_MISMATCH', details: { path: ['body', 'producerLicense'] } });

    // In a manifest, at the line that names it: the back office marks the field of that line.
    const number = `M-${randomUUID().slice(0, 8)}`;
    const item = (producerLicense: string) => ({ packageLabel: newLabel(), skuId: randomUUID(), unit: 'each', expectedQuantity: 5, batch: { code, producerLicense } });
    const refused = await unchangedBy((requestId) => call('POST', `/v1/stores/${stores.oakland}/manifests`, { number, items: [item('CCL20-0000123'), item('CCL20-0000999')] }, requestId));
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'BATCH_PRODUCER_MISMATCH', details: { path: ['body', 'items', 1, 'batch', 'producerLicense'] } });
    expect(await db().selectFrom('inventory_manifest').select('id').where('number', '=', number).execute()).toEqual([]);
  });

  it('totals over packages counted in units and by weight keep each unit apart: a count’s variances, a transfer’s quantities, a recall’s stock and sales', async () => {
    const [eachSku, weightSku] = [randomUUID(), randomUUID()];
    const [jars, bulk] = [newLabel(), newLabel()];
    const producerLicense = `CCL20-${randomUUID().slice(0, 7).toUpperCase()}`;
    await receivePackages(server, owner, stores.oakland, [
      { label: jars, skuId: eachSku, quantity: 10, locationCode: 'vault', producerLicense },
      { label: bulk, skuId: weightSku, unit: 'mg', quantity: 28_000, locationCode: 'vault', producerLicense },
    ]);

    // Counted: two jars more, half a gram short. Added together they read "+2" and "−500".
    const count = (await call('POST', `/v1/stores/${stores.oakland}/counts`, { kind: 'cycle', locationCode: 'vault', skuIds: [eachSku, weightSku] })).json().id;
    const lines = [
      { packageLabel: jars, locationCode: 'vault', countedQuantity: 12 },
      { packageLabel: bulk, locationCode: 'vault', countedQuantity: 27_500 },
    ];
    expect((await call('POST', `/v1/stores/${stores.oakland}/counts/${count}/lines`, { lines })).statusCode).toBe(200);
    const submitted = await call('POST', `/v1/stores/${stores.oakland}/counts/${count}/submit`);
    const variances = { over: { each: 2, mg: 0 }, short: { each: 0, mg: 500 } };
    expect(submitted.json().summary).toMatchObject({ withVariance: 2, ...variances });
    const listed = (await call('GET', `/v1/stores/${stores.oakland}/counts?status=submitted&limit=100`)).json().counts.find((c: { id: string }) => c.id === count);
    expect(listed.summary).toMatchObject({ withVariance: 2, ...variances });
    expect((await call('POST', `/v1/stores/${stores.oakland}/counts/${count}/decision`, { decision: 'reject', note: 'recount tomorrow' })).statusCode).toBe(200);

    // Shipped to Berkeley: 4 jars and 3.5 g, not "3504".
    const shipped = await call('POST', '/v1/inventory/transfers', { fromStoreId: stores.oakland, toStoreId: stores.berkeley, items: [{ packageLabel: jars, quantity: 4 }, { packageLabel: bulk, quantity: 3_500 }] });
    expect(shipped.statusCode, shipped.body).toBe(201);
    const transferOf = async () => (await call('GET', `/v1/stores/${stores.oakland}/transfers?direction=outgoing&limit=100`)).json().transfers.find((t: { id: string }) => t.id === shipped.json().id);
    expect(await transferOf()).toMatchObject({ lines: 2, shipped: { each: 4, mg: 3_500 }, received: null });
    const received = await call('POST', `/v1/inventory/transfers/${shipped.json().id}/receive`, { items: [{ packageLabel: jars, locationCode: 'vault' }, { packageLabel: bulk, receivedQuantity: 3_000 }] });
    expect(received.statusCode, received.body).toBe(200);
    expect(await transferOf()).toMatchObject({ shipped: { each: 4, mg: 3_500 }, received: { each: 4, mg: 3_000 } });

    // The recall's trace: what is on hand at both stores, per unit.
    const trace = (await call('GET', `/v1/inventory/recalls/trace?producerLicense=${producerLicense}`)).json();
    expect(trace.totals).toMatchObject({ packages: 2, onHand: { each: 10, mg: 27_500 }, sold: { each: 0, mg: 0 } });
  });
});
