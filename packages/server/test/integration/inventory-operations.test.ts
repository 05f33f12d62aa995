import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInventory, startInventoryWorkers } from '../../src/modules/inventory';
import { startTestServer, type TestServer } from '../support/test-server';
import { catalogSku, demoStores, expectLedgerBalanced, newLabel, receivePackages, stockOf } from '../support/inventory-fixtures';

describe('inventory: transfers, counts, reorder points, reconciliation, import', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  let inventory: string;
  let budtender: string;
  let stores: { oakland: string; denver: string; berkeley: string };
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    manager = await server.login('manager');
    inventory = await server.login('inventory');
    budtender = await server.login('budtender');
    stores = await demoStores(server);
  });
  afterAll(() => server?.close());

  it('transfers between stores: out, in transit, in; a short arrival is written off with a discrepancy', async () => {
    const skuId = randomUUID();
    const [a, b] = [newLabel(), newLabel()];
    await receivePackages(server, inventory, stores.oakland, [
      { label: a, skuId, quantity: 10, locationCode: 'vault' },
      { label: b, skuId, quantity: 10, locationCode: 'vault' },
    ]);
    const shipped = await server.request({
      method: 'POST',
      url: '/v1/inventory/transfers',
      cookie: inventory,
      body: { fromStoreId: stores.oakland, toStoreId: stores.berkeley, items: [{ packageLabel: a, quantity: 6 }, { packageLabel: b, quantity: 10 }] },
    });
    expect(shipped.statusCode, shipped.body).toBe(201);
    // Never across a state line: Oakland (California) may not ship to Denver (Colorado).
    const abroad = await server.request({
      method: 'POST',
      url: '/v1/inventory/transfers',
      cookie: inventory,
      body: { fromStoreId: stores.oakland, toStoreId: stores.denver, items: [{ packageLabel: a, quantity: 1 }] },
    });
    expect(abroad.statusCode).toBe(422);
    expect(abroad.json().error).toMatchObject({ code: 'TRANSFER_ACROSS_JURISDICTIONS', details: { path: ['body', 'toStoreId'] } });
    expect(shipped.json().status).toBe('in_transit');
    expect(await stockOf(db(), a)).toEqual([
      { code: 'in_transit', on_hand: 6, reserved: 0 },
      { code: 'vault', on_hand: 4, reserved: 0 },
    ]);
    const received = await server.request({
      method: 'POST',
      url: `/v1/inventory/transfers/${shipped.json().id}/receive`,
      cookie: inventory,
      body: { items: [{ packageLabel: a, locationCode: 'sales_floor' }, { packageLabel: b, receivedQuantity: 9 }] },
    });
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json().items.map((i: { receivedQuantity: number }) => i.receivedQuantity)).toEqual([6, 9]);
    expect(received.json()).toMatchObject({ shippedBy: expect.any(String), receivedBy: expect.any(String), status: 'received' });
    expect(received.json().items[0]).toMatchObject({ unit: 'each', fromLocationCode: 'vault', toLocationCode: 'sales_floor' });
    // Each store lists it: outgoing at Oakland, incoming at Berkeley, with the quantities summed.
    const list = async (storeId: string, query: string) => (await server.request({ method: 'GET', url: `/v1/stores/${storeId}/transfers${query}`, cookie: inventory })).json();
    const outgoing = await list(stores.oakland, '?direction=outgoing&status=received');
    expect(outgoing.transfers.find((t: { id: string }) => t.id === shipped.json().id)).toMatchObject({ direction: 'outgoing', lines: 2, shipped: { each: 16, mg: 0 }, received: { each: 15, mg: 0 } });
    expect((await list(stores.berkeley, '?direction=incoming')).transfers.map((t: { id: string }) => t.id)).toContain(shipped.json().id);
    expect((await list(stores.berkeley, '?direction=outgoing')).transfers.map((t: { id: string }) => t.id)).not.toContain(shipped.json().id);
    const badCursor = await server.request({ method: 'GET', url: `/v1/stores/${stores.berkeley}/transfers?after=${randomUUID()}`, cookie: inventory });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.details[0].path).toEqual(['querystring', 'after']);
    const aStock = await db()
      .selectFrom('inventory_stock as s')
      .innerJoin('inventory_package as p', 'p.id', 's.package_id')
      .innerJoin('inventory_location as l', 'l.id', 's.location_id')
      .select(['l.store_id', 'l.code', 's.on_hand'])
      .where('p.label', '=', a)
      .where('s.on_hand', '>', 0)
      .orderBy('l.code')
      .execute();
    expect(aStock).toEqual([
      { store_id: stores.berkeley, code: 'sales_floor', on_hand: 6 },
      { store_id: stores.oakland, code: 'vault', on_hand: 4 },
    ]);
    const alerts = (await server.request({ method: 'GET', url: '/v1/inventory/alerts?kind=transfer_discrepancy', cookie: owner })).json().alerts;
    expect(alerts[0].details).toMatchObject({ packageLabel: b, shipped: 10, received: 9 });
    const twice = await server.request({ method: 'POST', url: `/v1/inventory/transfers/${shipped.json().id}/receive`, cookie: inventory, body: {} });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('TRANSFER_NOT_IN_TRANSIT');
    await expectLedgerBalanced(db());
  });

  it('counts: the variance report waits for a manager, and approval books count corrections', async () => {
    const skuId = randomUUID();
    const [a, b, c] = [newLabel(), newLabel(), newLabel()];
    await receivePackages(server, inventory, stores.denver, [
      { label: a, skuId, quantity: 10, locationCode: 'vault' },
      { label: b, skuId, quantity: 5, locationCode: 'vault' },
      { label: c, skuId, quantity: 7, locationCode: 'vault' },
    ]);
    const started = await server.request({ method: 'POST', url: `/v1/stores/${stores.denver}/counts`, cookie: inventory, body: { kind: 'cycle', skuIds: [skuId] } });
    expect(started.statusCode, started.body).toBe(201);
    const count = started.json();
    expect(count.lines).toHaveLength(3);
    const recorded = await server.request({
      method: 'POST',
      url: `/v1/stores/${stores.denver}/counts/${count.id}/lines`,
      cookie: inventory,
      body: {
        lines: [
          { packageLabel: a, locationCode: 'vault', countedQuantity: 9 },
          { packageLabel: b, locationCode: 'vault', countedQuantity: 6 },
        ],
      },
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    const submitted = await server.request({ method: 'POST', url: `/v1/stores/${stores.denver}/counts/${count.id}/submit`, cookie: inventory });
    expect(submitted.statusCode).toBe(200);
    // Cycle count: the uncounted package is dropped, not zeroed.
    expect(submitted.json().lines.map((l: { packageLabel: string; variance: number }) => [l.packageLabel, l.variance]).sort()).toEqual([
      [a, -1],
      [b, 1],
    ].sort());
    expect(submitted.json().summary).toMatchObject({ lines: 2, withVariance: 2, over: { each: 1, mg: 0 }, short: { each: 1, mg: 0 } });
    // Nothing changed yet.
    expect(await stockOf(db(), a)).toEqual([{ code: 'vault', on_hand: 10, reserved: 0 }]);
    const byInventoryManager = await server.request({ method: 'POST', url: `/v1/stores/${stores.denver}/counts/${count.id}/decision`, cookie: inventory, body: { decision: 'approve' } });
    expect(byInventoryManager.statusCode).toBe(403);
    // A sale between submission and approval is not wiped out by the correction.
    await server.request({ method: 'POST', url: `/v1/stores/${stores.denver}/packages/${a}/move`, cookie: inventory, body: { fromLocationCode: 'vault', toLocationCode: 'sales_floor', quantity: 2 } });
    const approved = await server.request({ method: 'POST', url: `/v1/stores/${stores.denver}/counts/${count.id}/decision`, cookie: manager, body: { decision: 'approve', note: 'ok' } });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('approved');
    expect(await stockOf(db(), a)).toEqual([
      { code: 'sales_floor', on_hand: 2, reserved: 0 },
      { code: 'vault', on_hand: 7, reserved: 0 },
    ]);
    expect(await stockOf(db(), b)).toEqual([{ code: 'vault', on_hand: 6, reserved: 0 }]);
    expect(await stockOf(db(), c)).toEqual([{ code: 'vault', on_hand: 7, reserved: 0 }]);
    const kinds = await db().selectFrom('inventory_movement').select(['kind', 'on_hand_delta']).where('reference_id', '=', count.id).orderBy('id').execute();
    expect(kinds.map((k) => [k.kind, Number(k.on_hand_delta)]).sort()).toEqual([
      ['count_correction', -1],
      ['count_correction', 1],
    ]);
    const again = await server.request({ method: 'POST', url: `/v1/stores/${stores.denver}/counts/${count.id}/decision`, cookie: manager, body: { decision: 'approve' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('COUNT_STATE');
    await expectLedgerBalanced(db());
  });

  it('stock of a package a store never held is not added by an adjustment or a count: it is received or transferred', async () => {
    const skuId = randomUUID();
    const elsewhere = newLabel();
    await receivePackages(server, inventory, stores.oakland, [{ label: elsewhere, skuId, quantity: 10, locationCode: 'vault' }]);
    const movements = async () => Number((await db().selectFrom('inventory_movement').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = { stock: await stockOf(db(), elsewhere), movements: await movements() };

    const adjusted = await server.request({ method: 'POST', url: `/v1/stores/${stores.denver}/packages/${elsewhere}/adjust`, cookie: owner, body: { locationCode: 'vault', delta: 5, kind: 'adjust', reasonCode: 'found' } });
    expect(adjusted.statusCode, adjusted.body).toBe(409);
    expect(adjusted.json().error).toMatchObject({ code: 'PACKAGE_NOT_AT_STORE', details: { label: elsewhere } });
    const started = await server.request({ method: 'POST', url: `/v1/stores/${stores.denver}/counts`, cookie: inventory, body: { kind: 'full' } });
    expect(started.statusCode, started.body).toBe(201);
    const found = await server.request({ method: 'POST', url: `/v1/stores/${stores.denver}/counts/${started.json().id}/lines`, cookie: inventory, body: { lines: [{ packageLabel: elsewhere, locationCode: 'vault', countedQuantity: 3 }] } });
    expect(found.statusCode, found.body).toBe(409);
    expect(found.json().error).toMatchObject({ code: 'PACKAGE_NOT_AT_STORE', details: { path: ['body', 'lines', 0, 'packageLabel'] } });
    expect({ stock: await stockOf(db(), elsewhere), movements: await movements() }).toEqual(before);
    expect(await db().selectFrom('inventory_count_line').select('package_id').where('count_id', '=', started.json().id).where('counted_quantity', '>', 0).execute()).toHaveLength(0);
    await server.request({ method: 'POST', url: `/v1/stores/${stores.denver}/counts/${started.json().id}/decision`, cookie: manager, body: { decision: 'rejected', note: 'test count' } });

    // At the store that holds it, the same correction is fine.
    const here = await server.request({ method: 'POST', url: `/v1/stores/${stores.oakland}/packages/${elsewhere}/adjust`, cookie: owner, body: { locationCode: 'vault', delta: 1, kind: 'adjust', reasonCode: 'found' } });
    expect(here.statusCode, here.body).toBe(200);
    await expectLedgerBalanced(db());
  });

  it('raises a low-stock alert at the reorder point, and clears it when stock comes back', async () => {
    // A SKU the catalog has (a reorder point needs one), with no stock anywhere yet.
    const { skuId } = await catalogSku(server, owner);
    const label = newLabel();
    await receivePackages(server, inventory, stores.oakland, [{ label, skuId, quantity: 6 }]);
    const set = await server.request({ method: 'PUT', url: `/v1/stores/${stores.oakland}/reorder-points/${skuId}`, cookie: inventory, body: { reorderAt: 3, reorderQuantity: 24 } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ available: 6, low: false });
    await server.request({ method: 'POST', url: `/v1/stores/${stores.oakland}/sales`, cookie: budtender, body: { lines: [{ skuId, quantity: 3 }], reference: { orderId: 'low-1' } } });
    const low = (await server.request({ method: 'GET', url: `/v1/stores/${stores.oakland}/low-stock`, cookie: budtender })).json().items;
    expect(low).toContainEqual({ skuId, available: 3, reorderAt: 3, reorderQuantity: 24 });
    const open = async () =>
      (await server.request({ method: 'GET', url: `/v1/inventory/alerts?kind=low_stock&status=open&storeId=${stores.oakland}`, cookie: owner })).json().alerts.filter((a: { skuId: string }) => a.skuId === skuId);
    expect(await open()).toHaveLength(1);
    // A second sale below the point does not pile up alerts.
    await server.request({ method: 'POST', url: `/v1/stores/${stores.oakland}/sales`, cookie: budtender, body: { lines: [{ skuId, quantity: 1 }], reference: { orderId: 'low-2' } } });
    expect(await open()).toHaveLength(1);
    await server.request({ method: 'POST', url: `/v1/stores/${stores.oakland}/packages/${label}/adjust`, cookie: inventory, body: { locationCode: 'sales_floor', delta: 20, reasonCode: 'found' } });
    expect(await open()).toHaveLength(0);
    const events = await db().selectFrom('outbox_event').select('type').where('type', '=', 'inventory.alert.raised').execute();
    expect(events.length).toBeGreaterThan(0);
  });

  it('reconciliation recomputes counters from the ledger and raises an alert and an event on drift', async () => {
    const clean = await server.request({ method: 'POST', url: '/v1/inventory/reconciliations', cookie: manager });
    expect(clean.statusCode, clean.body).toBe(200);
    expect(clean.json().drifts).toEqual([]);
    expect(clean.json().checked).toBeGreaterThan(0);
    const label = newLabel();
    await receivePackages(server, inventory, stores.oakland, [{ label, skuId: randomUUID(), quantity: 8 }]);
    // Someone writes around the ledger.
    await sql`update inventory_stock set on_hand = on_hand - 1 where package_id = (select id from inventory_package where label = ${label})`.execute(db());
    const workers = startInventoryWorkers(server.platform, { sweepMs: 60_000, reconcileMs: 60_000 });
    try {
      expect(await workers.reconcile()).toBe(1);
    } finally {
      await workers.stop();
    }
    const drift = await server.request({ method: 'POST', url: '/v1/inventory/reconciliations', cookie: manager });
    expect(drift.json().drifts).toEqual([expect.objectContaining({ counterOnHand: 7, ledgerOnHand: 8, storeId: stores.oakland })]);
    const alerts = (await server.request({ method: 'GET', url: '/v1/inventory/alerts?kind=drift&status=open', cookie: owner })).json().alerts;
    expect(alerts).toHaveLength(1);
    const events = await db().selectFrom('outbox_event').select(['type', 'payload']).where('type', '=', 'inventory.drift.detected').execute();
    expect(events).toHaveLength(1);
    const ack = await server.request({ method: 'POST', url: `/v1/inventory/alerts/${alerts[0].id}/acknowledge`, cookie: inventory, body: { resolve: true } });
    expect(ack.statusCode).toBe(200);
    // Repair the counter so the rest of the file sees a balanced ledger.
    await sql`update inventory_stock set on_hand = on_hand + 1 where package_id = (select id from inventory_package where label = ${label})`.execute(db());
  });

  it('imports a POS export for several stores: bad rows reported by line and not written, re-import changes nothing', async () => {
    // Two of the demo catalog's SKUs, one sold by the unit and one by weight, named by code and id.
    const catalogSku = (unit: 'each' | 'weight') => db().selectFrom('sku').select(['id', 'code']).where('organization_id', '=', server.organizationId).where('unit', '=', unit).orderBy('code').executeTakeFirstOrThrow();
    const [each, weight] = [await catalogSku('each'), await catalogSku('weight')];
    const skuEach = each.id;
    const skuWeight = weight.id;
    const EACH_1 = each.code;
    const WEIGHT_1 = weight.code;
    const labels = Array.from({ length: 6 }, () => newLabel());
    const header = 'store_license,package_label,sku_code,sku_id,batch,producer_license,quantity,unit,location,received_date,expiry_date';
    const good = [
      `C10-0000001-LIC,${labels[0]},${EACH_1},${skuEach},IMP-B1,CCL-1,12,each,Sales Floor,2026-09-01,2027-03-01`,
      `402R-00001,${labels[1]},${EACH_1},${skuEach},IMP-B1,CCL-1,4,each,vault,2026-09-02,`,
      `402R-00001,${labels[2]},${WEIGHT_1},${skuWeight},IMP-B2,CCL-2,28.35,g,sales_floor,2026-09-03,`,
    ];
    const bad = [
      `C10-0000001-LIC,${labels[3]},${EACH_1},${skuEach},IMP-B1,CCL-1,-2,each,sales_floor,,`, // negative
      `C10-0000001-LIC,${labels[4]},${EACH_1},${skuEach},IMP-B1,CCL-1,1.5,each,sales_floor,,`, // fractional each
      `C10-0000001-LIC,${labels[5]},${EACH_1},${skuEach},IMP-B1,CCL-1,3,oz,sales_floor,,`, // unknown unit
      `C10-0000001-LIC,${labels[0]},${EACH_1},${skuEach},IMP-B1,CCL-1,3,each,sales_floor,,`, // label twice
      `NO-SUCH-LICENSE,1A406030000IMPORT0000001,${EACH_1},${skuEach},IMP-B1,CCL-1,3,each,sales_floor,,`,
      `C10-0000001-LIC,1A406030000IMPORT0000002,${EACH_1},${skuEach},IMP-B1,CCL-1,3,each,attic,,`, // unknown location
      `C10-0000001-LIC,1A406030000IMPORT0000003,NOT-A-SKU,,IMP-B1,CCL-1,3,each,sales_floor,,`, // unknown SKU code
      `C10-0000001-LIC,1A406030000IMPORT0000004,${EACH_1},${skuEach},IMP-B1,CCL-OTHER,3,each,sales_floor,,`, // batch of another producer
      `C10-0000001-LIC,1A406030000IMPORT0000005,,${randomUUID()},IMP-B1,CCL-1,3,each,sales_floor,,`, // no SKU of this organization has this id
      `C10-0000001-LIC,1A406030000IMPORT0000006,${EACH_1},${skuWeight},IMP-B1,CCL-1,3,each,sales_floor,,`, // the id is another SKU than the code
      `C10-0000001-LIC,1A406030000IMPORT0000007,,${skuWeight},IMP-B1,CCL-1,3,each,sales_floor,,`, // a weight SKU counted in units
    ];
    const csv = [header, ...good, ...bad].join('\n') + '\n';
    const errorsFile = join(tmpdir(), `inventory-import-${randomUUID()}.errors.csv`);
    const progress: number[] = [];
    const first = await importInventory(server.platform, { organizationId: server.organizationId, csv, errorsFile, chunkSize: 4, onProgress: (done) => progress.push(done) });
    expect(first).toMatchObject({ rows: 14, created: 3, updated: 0, unchanged: 0, rejected: 11 });
    expect(progress.at(-1)).toBe(14);
    expect(first.errors.map((e) => [e.line, e.field])).toEqual([
      [5, 'quantity'],
      [6, 'quantity'],
      [7, 'unit'],
      [8, 'package_label'],
      [9, 'store_license'],
      [10, 'location'],
      [11, 'sku_code'],
      [12, 'producer_license'],
      [13, 'sku_id'],
      [14, 'sku_code'],
      [15, 'unit'],
    ]);
    const written = parse(readFileSync(errorsFile, 'utf8'), { columns: true }) as Array<{ line: string; field: string; message: string }>;
    expect(written).toHaveLength(11);
    expect(written[3]).toMatchObject({ line: '8', field: 'package_label' });
    expect(written[3].message).toContain('line 2');
    rmSync(errorsFile, { force: true });
    for (const label of [labels[3], labels[4], labels[5], ...[1, 2, 3, 4, 5, 6, 7].map((n) => `1A406030000IMPORT000000${n}`)]) {
      expect(await db().selectFrom('inventory_package').select('id').where('label', '=', label).executeTakeFirst()).toBeUndefined();
    }
    expect(await stockOf(db(), labels[0])).toEqual([{ code: 'sales_floor', on_hand: 12, reserved: 0 }]);
    expect(await stockOf(db(), labels[2])).toEqual([{ code: 'sales_floor', on_hand: 28_350, reserved: 0 }]);
    const pkg = (await server.request({ method: 'GET', url: `/v1/inventory/packages/${labels[0]}`, cookie: owner })).json();
    expect(pkg).toMatchObject({ unit: 'each', batchCode: 'IMP-B1', expiresOn: '2027-03-01', receivedAt: '2026-09-01T00:00:00.000Z', source: 'import' });

    const movementsBefore = await db().selectFrom('inventory_movement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const second = await importInventory(server.platform, { organizationId: server.organizationId, csv: [header, ...good].join('\n') });
    expect(second).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 3, rejected: 0 });
    const movementsAfter = await db().selectFrom('inventory_movement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(movementsAfter.n)).toBe(Number(movementsBefore.n));

    // A changed quantity is booked as an adjustment, not a second receipt.
    const third = await importInventory(server.platform, { organizationId: server.organizationId, csv: [header, good[0].replace(',12,each,', ',10,each,')].join('\n') });
    expect(third).toMatchObject({ created: 0, updated: 1 });
    expect(await stockOf(db(), labels[0])).toEqual([{ code: 'sales_floor', on_hand: 10, reserved: 0 }]);
    // A label that exists for another SKU is refused.
    const otherEach = await db().selectFrom('sku').select(['id', 'code']).where('organization_id', '=', server.organizationId).where('unit', '=', 'each').where('id', '<>', skuEach).orderBy('code').executeTakeFirstOrThrow();
    const clash = await importInventory(server.platform, { organizationId: server.organizationId, csv: [header, good[0].replace(`${EACH_1},${skuEach}`, `${otherEach.code},${otherEach.id}`)].join('\n') });
    expect(clash.errors).toEqual([expect.objectContaining({ line: 2, field: 'package_label' })]);
    // The POS moved the package to the vault: the next export's row is the whole package there.
    const moved = await importInventory(server.platform, { organizationId: server.organizationId, csv: [header, good[0].replace(',10,each,Sales Floor,', ',10,each,vault,').replace(',12,each,Sales Floor,', ',10,each,vault,')].join('\n') });
    expect(moved).toMatchObject({ updated: 1, rejected: 0 });
    expect(await stockOf(db(), labels[0])).toEqual(expect.arrayContaining([{ code: 'vault', on_hand: 10, reserved: 0 }]));
    expect((await stockOf(db(), labels[0])).reduce((sum, s) => sum + s.on_hand, 0)).toBe(10);
    await expectLedgerBalanced(db());
  });
});
