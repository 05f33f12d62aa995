// Delivery runs: a driver loads ready delivery orders onto a store's vehicle, leaves, hands them
// over (or not) and returns. The store's pack judges the whole load (California: $5,000 on board,
// regulations.md §5, S7); a broken rule refuses the change and writes nothing unless a manager
// overrides it with a reason.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { paymentsOf } from '../../src/modules/payments/payments.service';
import { addVehicle, bringBackRun, DOOR_SIGNATURE, readyDeliveryOrder } from '../support/delivery-fixtures';
import { hoursExcludingNow, openAroundTheClock, setStoreHours } from '../support/open-hours';
import { refusal } from '../support/refusals';
import { startTestServer, type TestServer } from '../support/test-server';

describe('delivery runs', () => {
  let server: TestServer;
  let manager: string;
  let driver: string;
  let fx: CheckoutFixture;
  let buyers: string[];

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    driver = await server.login('driver');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 40 });
    buyers = await customers(server.platform.database.db, server.organizationId, 8);
  });
  afterAll(() => server.close());
  const db = () => server.platform.database.db;
  const post = (url: string, body: unknown, cookie = driver) => server.request({ method: 'POST', url, cookie, body });
  const codeOf = (r: { statusCode: number; json(): { error?: { code: string } } }) => `${r.statusCode} ${r.json().error?.code ?? ''}`.trim();

  it('vehicles: managers add them, names are unique per store, drivers may not add one', async () => {
    await addVehicle(server, manager, fx.storeId, 'Van 1');
    expect(codeOf(await post(`/v1/stores/${fx.storeId}/delivery-vehicles`, { name: 'Van 1' }, manager))).toBe('409 VEHICLE_NAME_TAKEN');
    expect((await post(`/v1/stores/${fx.storeId}/delivery-vehicles`, { name: 'Van 9' }, driver)).statusCode).toBe(403);
    const list = await server.request({ method: 'GET', url: `/v1/stores/${fx.storeId}/delivery-vehicles`, cookie: driver });
    expect(list.json().items.map((v: { name: string }) => v.name)).toContain('Van 1');
  });

  describe('correcting and retiring a vehicle', () => {
    const patch = (vehicleId: string, body: unknown, cookie = manager, storeId = fx.storeId) => server.request({ method: 'PATCH', url: `/v1/stores/${storeId}/delivery-vehicles/${vehicleId}`, cookie, body });
    const vehicleRow = (id: string) => db().selectFrom('delivery_vehicle').select(['name', 'make', 'model', 'license_plate', 'active']).where('id', '=', id).executeTakeFirstOrThrow();
    const auditsOf = (id: string) => db().selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_type', '=', 'delivery_vehicle').where('entity_id', '=', id).orderBy('id').execute();
    const listed = async (query = '') =>
      (await server.request({ method: 'GET', url: `/v1/stores/${fx.storeId}/delivery-vehicles${query}`, cookie: driver })).json().items.map((v: { id: string }) => v.id) as string[];

    it('a manager corrects the plate, clears the make with null and renames it, audited before and after; a name another vehicle in service has is 409 at body.name', async () => {
      const vehicleId = await addVehicle(server, manager, fx.storeId, 'Van E1');
      await addVehicle(server, manager, fx.storeId, 'Van E2');
      const fixed = await patch(vehicleId, { licensePlate: ' 7XYZ987 ', make: null, name: 'Van E1b' });
      expect(fixed.statusCode, fixed.body).toBe(200);
      expect(fixed.json()).toMatchObject({ id: vehicleId, name: 'Van E1b', make: null, model: 'Transit', licensePlate: '7XYZ987', active: true });
      expect(await auditsOf(vehicleId)).toMatchObject([
        { action: 'delivery.vehicle.added' },
        { action: 'delivery.vehicle.changed', before: { name: 'Van E1', make: 'Ford', licensePlate: '8ABC123' }, after: { name: 'Van E1b', make: null, licensePlate: '7XYZ987' } },
      ]);
      const before = await vehicleRow(vehicleId);
      const taken = await patch(vehicleId, { name: 'Van E2', licensePlate: '1AAA111' });
      expect(refusal(taken)).toEqual({ status: 409, code: 'VEHICLE_NAME_TAKEN', path: ['body', 'name'] });
      expect(await vehicleRow(vehicleId)).toEqual(before);
      expect(await auditsOf(vehicleId)).toHaveLength(2);
    });

    it('bad input, a vehicle of another store or organization, a budtender: refused, nothing written', async () => {
      const vehicleId = await addVehicle(server, manager, fx.storeId, 'Van E3');
      const before = await vehicleRow(vehicleId);
      const expectRefused = async (r: Awaited<ReturnType<typeof patch>>, status: number, code: string, path?: unknown[]) => {
        expect(refusal(r), r.body).toMatchObject({ status, code, ...(path ? { path } : {}) });
      };
      await expectRefused(await patch(vehicleId, { colour: 'white' }), 400, 'VALIDATION_FAILED', ['body', 'colour']);
      await expectRefused(await patch(vehicleId, { name: '  ' }), 400, 'VALIDATION_FAILED', ['body', 'name']);
      await expectRefused(await patch(vehicleId, { name: null }), 400, 'VALIDATION_FAILED', ['body', 'name']);
      await expectRefused(await patch(vehicleId, { licensePlate: 'X'.repeat(21) }), 400, 'VALIDATION_FAILED', ['body', 'licensePlate']);
      await expectRefused(await patch(vehicleId, { model: 'M'.repeat(101) }), 400, 'VALIDATION_FAILED', ['body', 'model']);
      await expectRefused(await patch(vehicleId, { make: '' }), 400, 'VALIDATION_FAILED', ['body', 'make']);
      await expectRefused(await patch(vehicleId, { active: 'no' }), 400, 'VALIDATION_FAILED', ['body', 'active']);
      await expectRefused(await patch(vehicleId, {}), 400, 'VALIDATION_FAILED');
      await expectRefused(await patch('not-a-uuid', { licensePlate: '1AAA111' }), 400, 'VALIDATION_FAILED', ['params', 'vehicleId']);
      await expectRefused(await patch(uuidv7(), { licensePlate: '1AAA111' }), 404, 'NOT_FOUND');
      await expectRefused(await patch(vehicleId, { licensePlate: '1AAA111' }, await server.login('budtender')), 403, 'FORBIDDEN');
      await expectRefused(await patch(vehicleId, { active: false }, driver), 403, 'FORBIDDEN');
      // Another store of the organization: its vehicle is not this store's, nor this one that store's.
      const otherStore = await db().selectFrom('store').select('id').where('organization_id', '=', server.organizationId).where('id', '<>', fx.storeId).executeTakeFirstOrThrow();
      const elsewhere = await addVehicle(server, manager, otherStore.id, 'Van E3');
      const elsewhereBefore = await vehicleRow(elsewhere);
      await expectRefused(await patch(elsewhere, { licensePlate: '1AAA111' }), 404, 'NOT_FOUND');
      await expectRefused(await patch(vehicleId, { licensePlate: '1AAA111' }, manager, otherStore.id), 404, 'NOT_FOUND');
      // Another organization's vehicle and store are answered as none.
      const otherOrg = uuidv7();
      const theirStore = uuidv7();
      const theirVehicle = uuidv7();
      await db().insertInto('organization').values({ id: otherOrg, name: 'Another dispensary' } as never).execute();
      await db().insertInto('store').values({ id: theirStore, organization_id: otherOrg, name: 'Their store', license_number: `C10-${theirStore}`, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' } as never).execute();
      await db().insertInto('delivery_vehicle').values({ id: theirVehicle, organization_id: otherOrg, store_id: theirStore, name: 'Their van', make: 'Ford', model: 'Transit', license_plate: '9THR999' }).execute();
      await expectRefused(await patch(theirVehicle, { licensePlate: '1AAA111' }), 404, 'NOT_FOUND');
      await expectRefused(await patch(theirVehicle, { licensePlate: '1AAA111' }, await server.login('owner'), theirStore), 404, 'NOT_FOUND');
      expect(await vehicleRow(vehicleId)).toEqual(before);
      expect(await vehicleRow(elsewhere)).toEqual(elsewhereBefore);
      expect(await vehicleRow(theirVehicle)).toMatchObject({ name: 'Their van', license_plate: '9THR999', active: true });
      expect(await auditsOf(vehicleId)).toHaveLength(1);
      expect(await auditsOf(theirVehicle)).toHaveLength(0);
    });

    it('out on a run it keeps what was sent (409 VEHICLE_OUT naming the run); loading, it may be corrected but not retired; back, it is retired: no run, off the list, its runs readable, its name free', async () => {
      const vehicleId = await addVehicle(server, manager, fx.storeId, 'Van E4');
      const run = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId })).json();
      // Loading: a correction is what the departure checks; retiring waits for the run.
      expect((await patch(vehicleId, { model: 'Transit Connect' })).statusCode).toBe(200);
      const busy = await patch(vehicleId, { active: false });
      expect(refusal(busy)).toEqual({ status: 409, code: 'VEHICLE_BUSY', path: ['body', 'active'] });
      expect(busy.json().error.details.runId).toBe(run.id);

      const order = await readyDeliveryOrder(server, manager, fx, buyers[7], 1);
      expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: order.id })).statusCode).toBe(201);
      const departed = await post(`/v1/delivery-runs/${run.id}/depart`, {});
      expect(departed.statusCode, departed.body).toBe(200);
      expect(departed.json().vehicle).toMatchObject({ model: 'Transit Connect' });
      const before = await vehicleRow(vehicleId);
      for (const body of [{ licensePlate: '7NEW777' }, { name: 'Van E4 renamed' }, { active: false }]) {
        const out = await patch(vehicleId, body);
        expect(refusal(out), out.body).toEqual({ status: 409, code: 'VEHICLE_OUT', path: ['params', 'vehicleId'] });
        expect(out.json().error.details.runId).toBe(run.id);
      }
      expect(await vehicleRow(vehicleId)).toEqual(before);
      expect((await post(`/v1/delivery-runs/${run.id}/stops/${order.id}/delivered`, { signature: DOOR_SIGNATURE })).statusCode).toBe(200);
      expect((await post(`/v1/delivery-runs/${run.id}/return`, {})).statusCode).toBe(200);

      const retired = await patch(vehicleId, { active: false });
      expect(retired.statusCode, retired.body).toBe(200);
      expect(retired.json()).toMatchObject({ id: vehicleId, active: false });
      expect((await patch(vehicleId, { active: false })).json()).toMatchObject({ active: false });
      expect((await auditsOf(vehicleId)).map((a) => a.action)).toEqual(['delivery.vehicle.added', 'delivery.vehicle.changed', 'delivery.vehicle.retired']);
      const refused = await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId });
      expect(refusal(refused)).toEqual({ status: 409, code: 'VEHICLE_RETIRED', path: ['body', 'vehicleId'] });
      expect(await listed()).not.toContain(vehicleId);
      expect(await listed('?includeRetired=true')).toContain(vehicleId);
      expect((await server.request({ method: 'GET', url: `/v1/stores/${fx.storeId}/delivery-vehicles?includeRetired=maybe`, cookie: driver })).statusCode).toBe(400);
      const past = await server.request({ method: 'GET', url: `/v1/delivery-runs/${run.id}`, cookie: driver });
      expect(past.statusCode).toBe(200);
      expect(past.json()).toMatchObject({ status: 'returned', vehicle: { id: vehicleId, active: false }, stops: [{ orderId: order.id, status: 'delivered' }] });

      // Its name is free for a new vehicle; the old one comes back only under another name.
      const again = await addVehicle(server, manager, fx.storeId, 'Van E4');
      expect(again).not.toBe(vehicleId);
      expect(refusal(await patch(vehicleId, { active: true }))).toEqual({ status: 409, code: 'VEHICLE_NAME_TAKEN', path: ['body', 'active'] });
      expect(await vehicleRow(vehicleId)).toMatchObject({ active: false });
      const back = await patch(vehicleId, { active: true, name: 'Van E4 old' });
      expect(back.statusCode, back.body).toBe(200);
      expect(back.json()).toMatchObject({ name: 'Van E4 old', active: true });
    });
  });

  it('a run: load ready orders, leave, hand one over with the ID check, bring one back as a no-show, return', async () => {
    const vehicleId = await addVehicle(server, manager, fx.storeId, 'Van 2');
    const first = await readyDeliveryOrder(server, manager, fx, buyers[0], 1);
    const second = await readyDeliveryOrder(server, manager, fx, buyers[1], 2);
    const notReady = await readyDeliveryOrder(server, manager, fx, buyers[2], 1, 'placed');

    const created = await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId });
    expect(created.statusCode, created.body).toBe(201);
    const run = created.json();
    expect(run).toMatchObject({ status: 'loading', stops: [], load: { rules: ['us-ca.delivery.vehicle-load'], violations: [] } });
    expect(codeOf(await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId }))).toBe('409 VEHICLE_BUSY');

    expect(codeOf(await post(`/v1/delivery-runs/${run.id}/depart`, {}))).toBe('409 RUN_EMPTY');
    expect(codeOf(await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: notReady.id }))).toBe('409 ORDER_NOT_READY');
    expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: first.id })).statusCode).toBe(201);
    const loaded = await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: second.id });
    expect(loaded.statusCode, loaded.body).toBe(201);
    expect(codeOf(await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: second.id }))).toBe('409 ORDER_ALREADY_LOADED');
    const manifest = loaded.json();
    expect(manifest.stops).toMatchObject([
      { seq: 1, orderId: first.id, status: 'loaded', prepaid: true, deliverTo: { addressType: 'residence' }, items: [{ quantity: 1, packageLabels: [fx.packageLabel] }] },
      { seq: 2, orderId: second.id, status: 'loaded', items: [{ quantity: 2 }] },
    ]);
    expect(manifest.load.valueCents).toBe(first.subtotalCents + second.subtotalCents);

    const departed = await post(`/v1/delivery-runs/${run.id}/depart`, {});
    expect(departed.statusCode, departed.body).toBe(200);
    expect(departed.json()).toMatchObject({ status: 'out', load: { prepaidValueCents: first.subtotalCents + second.subtotalCents, violations: [] } });
    const statusOf = async (id: string) => (await db().selectFrom('sales_order').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await statusOf(first.id)).toBe('out_for_delivery');
    expect(codeOf(await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: notReady.id }))).toBe('409 RUN_STATUS');

    const handed = await post(`/v1/delivery-runs/${run.id}/stops/${first.id}/delivered`, { signature: DOOR_SIGNATURE });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(await statusOf(first.id)).toBe('completed');
    expect(codeOf(await post(`/v1/delivery-runs/${run.id}/stops/${first.id}/delivered`, {}))).toBe('409 STOP_ENDED');
    expect(codeOf(await post(`/v1/delivery-runs/${run.id}/return`, {}))).toBe('409 STOPS_OPEN');

    const before = await ledgerMatches(db(), fx.packageId);
    const back = await post(`/v1/delivery-runs/${run.id}/stops/${second.id}/undelivered`, { reason: 'nobody home' });
    expect(back.statusCode, back.body).toBe(200);
    expect(await statusOf(second.id)).toBe('no_show');
    const after = await ledgerMatches(db(), fx.packageId);
    expect(after.onHand).toBe(before.onHand + 2);
    expect(after.onHand).toBe(after.ledgerOnHand);
    const payment = await db().selectFrom('payment').select(['amount_cents', 'refunded_cents']).where('order_id', '=', second.id).executeTakeFirstOrThrow();
    expect(payment.refunded_cents).toBe(payment.amount_cents);

    const returned = await post(`/v1/delivery-runs/${run.id}/return`, {});
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().stops.map((s: { status: string }) => s.status)).toEqual(['delivered', 'undelivered']);
    const events = await db().selectFrom('outbox_event').select(['type', 'payload']).where('aggregate_id', '=', run.id).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['delivery.run.departed', 'delivery.run.returned']);
    expect(events[1].payload).toMatchObject({ delivered: 1, undelivered: 1 });
    // The vehicle is free again.
    expect((await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId })).statusCode).toBe(201);
  });

  it('an order brought back to deliver later stays sold and paid, returns to ready and rides again on another run', async () => {
    const [vanA, vanB] = [await addVehicle(server, manager, fx.storeId, 'Van 7'), await addVehicle(server, manager, fx.storeId, 'Van 8')];
    const order = await readyDeliveryOrder(server, manager, fx, buyers[5], 1);
    const first = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId: vanA })).json();
    expect((await post(`/v1/delivery-runs/${first.id}/stops`, { orderId: order.id })).statusCode).toBe(201);
    expect((await post(`/v1/delivery-runs/${first.id}/depart`, {})).statusCode).toBe(200);
    // Not yet brought back: the order is on board and cannot be loaded elsewhere. (The other van
    // has another driver, the manager: the first driver is still out.)
    const second = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId: vanB }, manager)).json();
    expect(codeOf(await post(`/v1/delivery-runs/${second.id}/stops`, { orderId: order.id }, manager))).toBe('409 ORDER_NOT_READY');

    const stock = await ledgerMatches(db(), fx.packageId);
    const usage = async () => db().selectFrom('purchase_usage_line').select(['quantity', 'credited_quantity']).where('order_id', '=', order.id).execute();
    const usedBefore = await usage();
    expect(codeOf(await post(`/v1/delivery-runs/${first.id}/stops/${order.id}/undelivered`, { reason: 'gate locked', redeliver: 'yes' }))).toBe('400 VALIDATION_FAILED');
    const back = await post(`/v1/delivery-runs/${first.id}/stops/${order.id}/undelivered`, { reason: 'gate locked, customer asked for the evening', redeliver: true });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().stops).toMatchObject([{ orderId: order.id, status: 'undelivered', reason: 'gate locked, customer asked for the evening' }]);
    const row = await db().selectFrom('sales_order').select(['status', 'status_reason', 'refunded_cents']).where('id', '=', order.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'ready', status_reason: 'gate locked, customer asked for the evening', refunded_cents: 0 });
    // Still sold: no stock back, the limit usage kept, nothing refunded.
    expect(await ledgerMatches(db(), fx.packageId)).toEqual(stock);
    expect(await usage()).toEqual(usedBefore);
    expect(usedBefore).toEqual([{ quantity: 1, credited_quantity: 0 }]);
    const payment = await db().selectFrom('payment').select(['refunded_cents']).where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect(payment.refunded_cents).toBe(0);

    // It rides again on the other van while the first is still out, and is handed over.
    expect((await post(`/v1/delivery-runs/${second.id}/stops`, { orderId: order.id }, manager)).statusCode).toBe(201);
    expect((await post(`/v1/delivery-runs/${second.id}/depart`, {}, manager)).statusCode).toBe(200);
    const handed = await post(`/v1/delivery-runs/${second.id}/stops/${order.id}/delivered`, { signature: DOOR_SIGNATURE }, manager);
    expect(handed.statusCode, handed.body).toBe(200);
    expect((await db().selectFrom('sales_order').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status).toBe('completed');
    for (const run of [first, second]) expect((await post(`/v1/delivery-runs/${run.id}/return`, {}, manager)).statusCode).toBe(200);
    const transitions = await db().selectFrom('outbox_event').select('payload').where('type', '=', 'orders.order.status_changed').where('aggregate_id', '=', order.id).orderBy('id').execute();
    expect(transitions.map((t) => (t.payload as { to: string }).to)).toEqual(['accepted', 'packed', 'ready', 'out_for_delivery', 'ready', 'out_for_delivery', 'completed']);
  });

  it('over a vehicle rule: refused with nothing loaded; a manager may override with a reason, a driver may not', async () => {
    const vehicleId = await addVehicle(server, manager, fx.storeId, 'Van 3');
    const a = await readyDeliveryOrder(server, manager, fx, buyers[3], 1);
    // California lets at most $3,000 of goods without an order ride in the vehicle, and never without an order on board (4 CCR §15418).
    const run = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId, unorderedValueCents: 300_001 })).json();
    expect(run.load.violations).toMatchObject([
      { code: 'DELIVERY_VEHICLE_LIMIT', rule: 'us-ca.delivery.vehicle-load', overridable: true, lines: [], message: expect.stringContaining('without an order') },
      { code: 'DELIVERY_VEHICLE_LIMIT', rule: 'us-ca.delivery.vehicle-load', overridable: true, lines: [], message: expect.stringContaining('at least 1 order') },
    ]);
    const over = await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: a.id });
    expect(codeOf(over)).toBe('422 DELIVERY_VEHICLE_LIMIT');
    expect(over.json().error.details).toMatchObject({ violations: [{ rule: 'us-ca.delivery.vehicle-load' }], valueCents: 300_001 + a.subtotalCents });
    expect((await server.request({ method: 'GET', url: `/v1/delivery-runs/${run.id}`, cookie: driver })).json().stops).toHaveLength(0);

    expect(codeOf(await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: a.id, override: { reason: 'I say so' } }))).toBe('422 DELIVERY_VEHICLE_LIMIT');
    const lifted = await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: a.id, override: { reason: 'Counted twice, the stock is in the safe' } }, manager);
    expect(lifted.statusCode, lifted.body).toBe(201);
    expect(lifted.json().stops).toHaveLength(1);

    // Departure judges the load again.
    expect(codeOf(await post(`/v1/delivery-runs/${run.id}/depart`, {}))).toBe('422 DELIVERY_VEHICLE_LIMIT');
    expect((await db().selectFrom('sales_order').select('status').where('id', '=', a.id).executeTakeFirstOrThrow()).status).toBe('ready');
    const left = await post(`/v1/delivery-runs/${run.id}/depart`, { override: { reason: 'Manager approved the load' } }, manager);
    expect(left.statusCode, left.body).toBe(200);
    expect(left.json()).toMatchObject({ status: 'out', overrideReason: 'Manager approved the load', load: { unorderedValueCents: 300_001 } });
    const audit = await db().selectFrom('audit_log').select(['after', 'reason']).where('action', '=', 'delivery.run.limit_overridden').where('entity_id', '=', run.id).orderBy('id').execute();
    expect(audit.map((r) => r.reason)).toEqual(['Counted twice, the stock is in the safe', 'Manager approved the load']);
    await bringBackRun(server, driver, run.id);
  });

  it('goods are handed over only within the pack’s hours (California: 6 am–10 pm); outside them the order stays out', async () => {
    const vehicleId = await addVehicle(server, manager, fx.storeId, 'Van 6');
    const order = await readyDeliveryOrder(server, manager, fx, buyers[4], 1);
    const run = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId })).json();
    expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: order.id })).statusCode).toBe(201);
    expect((await post(`/v1/delivery-runs/${run.id}/depart`, {})).statusCode).toBe(200);
    // The store's hours as a window that leaves out this moment (the fixture keeps test stores open).
    await setStoreHours(server.platform, [fx.storeId], hoursExcludingNow('America/Los_Angeles'));
    try {
      const late = await post(`/v1/delivery-runs/${run.id}/stops/${order.id}/delivered`, {});
      expect(codeOf(late)).toBe('422 OUTSIDE_SALE_HOURS');
      expect(late.json().error.details.violations).toMatchObject([{ rule: 'us-ca.hours.sale' }]);
      expect(late.json().error.message).toContain('Hand-over at');
      // The refusal is a compliance decision: logged, though the hand-over rolled back.
      const logged = await db().selectFrom('compliance_event').selectAll().where('id', '=', late.json().error.details.refusalId).executeTakeFirstOrThrow();
      expect(logged).toMatchObject({ kind: 'refusal', source: 'delivery', order_id: order.id, customer_id: buyers[4], channel: 'delivery', codes: ['OUTSIDE_SALE_HOURS'] });
      expect((await db().selectFrom('sales_order').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status).toBe('out_for_delivery');
    } finally {
      await openAroundTheClock(server.platform, [fx.storeId]);
    }
    expect((await post(`/v1/delivery-runs/${run.id}/stops/${order.id}/delivered`, { signature: DOOR_SIGNATURE })).statusCode).toBe(200);
    expect((await post(`/v1/delivery-runs/${run.id}/return`, {})).statusCode).toBe(200);
  });

  it('a stop whose order a manager ended through the order itself is closed to match when the vehicle returns', async () => {
    const vehicleId = await addVehicle(server, manager, fx.storeId, 'Van 5');
    const order = await readyDeliveryOrder(server, manager, fx, buyers[7], 1);
    const run = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId })).json();
    expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: order.id })).statusCode).toBe(201);
    expect((await post(`/v1/delivery-runs/${run.id}/depart`, {})).statusCode).toBe(200);
    const cancelled = await post(`/v1/orders/${order.id}/transitions`, { to: 'cancelled', reason: 'customer called the store' }, manager);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(codeOf(await post(`/v1/delivery-runs/${run.id}/stops/${order.id}/delivered`, {}))).toBe('409 INVALID_TRANSITION');
    const back = await post(`/v1/delivery-runs/${run.id}/return`, {});
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().stops).toMatchObject([{ orderId: order.id, status: 'undelivered', reason: 'order cancelled outside the run' }]);
  });

  it('a run is its driver’s: another driver or a key without delivery:dispatch is refused, nothing changed; a manager dispatches', async () => {
    const vehicleId = await addVehicle(server, manager, fx.storeId, 'Van Own');
    const order = await readyDeliveryOrder(server, manager, fx, buyers[6], 1);
    const run = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId })).json();
    expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: order.id })).statusCode).toBe(201);
    expect((await post(`/v1/delivery-runs/${run.id}/depart`, {})).statusCode).toBe(200);

    const owner = await server.login('owner');
    const email = `driver-${uuidv7()}@demo.verdant.test`;
    const made = await post('/v1/staff', { email, name: 'Second Driver', role: 'driver', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [fx.storeId] }, owner);
    expect(made.statusCode, made.body).toBe(201);
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
    const other = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
    const key = await post('/v1/api-keys', { name: 'delivery integration', scopes: ['delivery:read', 'delivery:write'], currentPassword: DEMO_PASSWORD }, owner);
    expect(key.statusCode, key.body).toBe(201);
    const withKey = (url: string, body: unknown) => server.request({ method: 'POST', url, headers: { authorization: `Bearer ${key.json().key}` }, body });

    const stateOf = async () => [
      (await db().selectFrom('delivery_run').select('status').where('id', '=', run.id).executeTakeFirstOrThrow()).status,
      (await db().selectFrom('delivery_stop').select('status').where('run_id', '=', run.id).executeTakeFirstOrThrow()).status,
      (await db().selectFrom('sales_order').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status,
    ];
    const before = await stateOf();
    for (const send of [(url: string, body: unknown) => post(url, body, other), withKey]) {
      expect(codeOf(await send(`/v1/delivery-runs/${run.id}/stops/${order.id}/undelivered`, { reason: 'not home' }))).toBe('403 FORBIDDEN');
      expect(codeOf(await send(`/v1/delivery-runs/${run.id}/stops/${order.id}/delivered`, {}))).toBe('403 FORBIDDEN');
      expect(codeOf(await send(`/v1/delivery-runs/${run.id}/return`, {}))).toBe('403 FORBIDDEN');
    }
    expect(await stateOf()).toEqual(before);
    // Nor start a run for the first driver.
    const driverId = (await server.request({ method: 'GET', url: '/v1/auth/me', cookie: driver })).json().id;
    const spare = await addVehicle(server, manager, fx.storeId, 'Van Spare');
    expect(codeOf(await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId: spare, driverId }, other))).toBe('403 FORBIDDEN');
    expect(codeOf(await withKey('/v1/delivery-runs', { storeId: fx.storeId, vehicleId: spare, driverId }))).toBe('403 FORBIDDEN');

    // A manager dispatches: brings the order back for the driver.
    const back = await post(`/v1/delivery-runs/${run.id}/stops/${order.id}/undelivered`, { reason: 'driver called in: customer not home', redeliver: true }, manager);
    expect(back.statusCode, back.body).toBe(200);
    expect((await post(`/v1/delivery-runs/${run.id}/return`, {})).statusCode).toBe(200);
  });

  it('a customer with no ID on file (an online shopper): the driver records the ID checked at the door with the hand-over; a refused document leaves the order out', async () => {
    const made = await post('/v1/customers', { firstName: 'Nia', lastName: 'Newcomer', birthDate: '1990-04-01' }, manager);
    expect(made.statusCode, made.body).toBe(201);
    const customerId = made.json().id as string;
    const vehicleId = await addVehicle(server, manager, fx.storeId, 'Van Door');
    const order = await readyDeliveryOrder(server, manager, fx, customerId, 1);
    const run = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId })).json();
    expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: order.id })).statusCode).toBe(201);
    expect((await post(`/v1/delivery-runs/${run.id}/depart`, {})).statusCode).toBe(200);
    const url = `/v1/delivery-runs/${run.id}/stops/${order.id}/delivered`;
    const statusOf = async () => (await db().selectFrom('sales_order').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status;
    const checks = () => db().selectFrom('customer_id_verification').select(['id', 'store_id', 'verified_by']).where('customer_id', '=', customerId).execute();

    expect(codeOf(await post(url, {}))).toBe('422 ID_NOT_VERIFIED');
    // The document shows someone under 21: refused at the door, logged, the order stays out.
    const document = { documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2031-01-01' };
    const young = await post(url, { idCheck: { ...document, birthDate: '2010-04-01' } });
    expect(codeOf(young)).toBe('422 UNDERAGE');
    expect(await statusOf()).toBe('out_for_delivery');
    expect(await checks()).toEqual([]);
    const logged = await db().selectFrom('compliance_event').select(['codes', 'channel', 'source', 'order_id']).where('customer_id', '=', customerId).execute();
    // Logged as the door's refusal, naming the order still out (docs/delivery.md).
    expect(logged).toContainEqual({ codes: ['UNDERAGE'], channel: 'delivery', source: 'delivery', order_id: order.id });
    // Not both ways at once.
    expect(codeOf(await post(url, { idCheck: { ...document, birthDate: '1990-04-01' }, idVerificationId: uuidv7() }))).toBe('400 VALIDATION_FAILED');

    // With an Idempotency-Key: the request hash it keeps names the ID number by a keyed digest, so
    // the number cannot be found again from the table by hashing candidates.
    const key = `door-id-${uuidv7()}`;
    const handedBody = { idCheck: { ...document, birthDate: '1990-04-01', idNumber: 'D1234567' }, signature: DOOR_SIGNATURE };
    const handed = await server.request({ method: 'POST', url, cookie: driver, headers: { 'idempotency-key': key }, body: handedBody });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(await statusOf()).toBe('completed');
    const { request_hash } = await db().selectFrom('idempotency_key').select('request_hash').where('key', '=', key).executeTakeFirstOrThrow();
    const params = { runId: run.id, orderId: order.id };
    const plain = (idNumber: string) => createHash('sha256').update(JSON.stringify({ params, body: { ...handedBody, idCheck: { ...handedBody.idCheck, idNumber } } })).digest('hex');
    expect(['D1234567', 'D1234566', 'D1234568'].map(plain)).not.toContain(request_hash);
    const again = await server.request({ method: 'POST', url, cookie: driver, headers: { 'idempotency-key': key }, body: handedBody });
    expect([again.statusCode, again.headers['idempotent-replayed']]).toEqual([200, 'true']);
    const [check] = await checks();
    const driverId = (await server.request({ method: 'GET', url: '/v1/auth/me', cookie: driver })).json().id;
    expect(check).toMatchObject({ store_id: fx.storeId, verified_by: driverId });
    const linked = await db().selectFrom('sales_order').select('id_verification_id').where('id', '=', order.id).executeTakeFirstOrThrow();
    expect(linked.id_verification_id).toBe(check.id);
    expect((await post(`/v1/delivery-runs/${run.id}/return`, {})).statusCode).toBe(200);
  });

  it('bad input changes nothing: unknown run or vehicle, a pickup order, an order of another store, a cancelled run', async () => {
    const vehicleId = await addVehicle(server, manager, fx.storeId, 'Van 4');
    expect(codeOf(await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId: fx.skuId }))).toBe('422 VEHICLE_NOT_FOUND');
    expect((await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId, unorderedValueCents: -1 })).statusCode).toBe(400);
    expect((await server.request({ method: 'GET', url: `/v1/delivery-runs/${fx.skuId}`, cookie: driver })).statusCode).toBe(404);
    const run = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId })).json();

    const cart = (await post('/v1/carts', { storeId: fx.storeId, customerId: buyers[5], channel: 'pickup' }, manager)).json();
    await post(`/v1/carts/${cart.id}/lines`, { skuId: fx.skuId, quantity: 1 }, manager);
    await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat', phone: '+15105550100' } } });
    const pickup = (await post(`/v1/carts/${cart.id}/complete`, { tenders: [{ kind: 'simulator' }] }, manager)).json().order;
    expect(codeOf(await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: pickup.id }))).toBe('422 NOT_A_DELIVERY_ORDER');
    expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: fx.skuId })).statusCode).toBe(404);
    expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: 'not-a-uuid' })).statusCode).toBe(400);

    const order = await readyDeliveryOrder(server, manager, fx, buyers[6], 1);
    expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: order.id })).statusCode).toBe(201);
    expect(codeOf(await post(`/v1/delivery-runs/${run.id}/stops/${order.id}/delivered`, {}))).toBe('409 RUN_STATUS');
    const cancelled = await post(`/v1/delivery-runs/${run.id}/cancel`, { reason: 'driver went home sick' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', stops: [] });
    // Its order is ready for another vehicle.
    const other = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId })).json();
    expect((await post(`/v1/delivery-runs/${other.id}/stops`, { orderId: order.id })).statusCode).toBe(201);
    const list = await server.request({ method: 'GET', url: `/v1/delivery-runs?storeId=${fx.storeId}&status=cancelled`, cookie: driver });
    expect(list.json().items.map((r: { id: string }) => r.id)).toContain(run.id);
  });

  it('one driver is out on one vehicle at a time: a second departure is 409 DRIVER_OUT naming the run out, and nothing changes', async () => {
    const [order1, order2] = [await readyDeliveryOrder(server, manager, fx, buyers[0], 1), await readyDeliveryOrder(server, manager, fx, buyers[1], 1)];
    const runs = [];
    for (const [name, order] of [['Van Twice A', order1], ['Van Twice B', order2]] as const) {
      const run = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId: await addVehicle(server, manager, fx.storeId, name) })).json();
      expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: order.id })).statusCode).toBe(201);
      runs.push(run.id as string);
    }
    expect((await post(`/v1/delivery-runs/${runs[0]}/depart`, {})).statusCode).toBe(200);
    // Not even a manager sends the driver out twice.
    for (const cookie of [driver, manager]) {
      const twice = await post(`/v1/delivery-runs/${runs[1]}/depart`, {}, cookie);
      expect(codeOf(twice)).toBe('409 DRIVER_OUT');
      expect(twice.json().error.details).toMatchObject({ path: ['params', 'runId'], otherRunId: runs[0] });
    }
    expect((await db().selectFrom('delivery_run').select('status').where('id', '=', runs[1]).executeTakeFirstOrThrow()).status).toBe('loading');
    expect((await db().selectFrom('sales_order').select('status').where('id', '=', order2.id).executeTakeFirstOrThrow()).status).toBe('ready');
    expect(await db().selectFrom('outbox_event').select('id').where('aggregate_id', '=', runs[1]).execute()).toEqual([]);

    // Back from the first run, the driver takes the second out.
    expect((await post(`/v1/delivery-runs/${runs[0]}/stops/${order1.id}/delivered`, { signature: DOOR_SIGNATURE })).statusCode).toBe(200);
    expect((await post(`/v1/delivery-runs/${runs[0]}/return`, {})).statusCode).toBe(200);
    expect((await post(`/v1/delivery-runs/${runs[1]}/depart`, {})).statusCode).toBe(200);
    expect((await post(`/v1/delivery-runs/${runs[1]}/stops/${order2.id}/undelivered`, { reason: 'nobody home', redeliver: true })).statusCode).toBe(200);
    expect((await post(`/v1/delivery-runs/${runs[1]}/return`, {})).statusCode).toBe(200);
  });

  it('the stop log: stops on the way (fuel, rest…) are recorded with their reason and the server’s time beside the order stops; bad input and a run not out change nothing', async () => {
    const order = await readyDeliveryOrder(server, manager, fx, buyers[2], 1);
    const run = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId: await addVehicle(server, manager, fx.storeId, 'Van Log') })).json();
    const url = `/v1/delivery-runs/${run.id}/vehicle-stops`;
    const written = async () => [
      (await db().selectFrom('delivery_vehicle_stop').select('id').where('run_id', '=', run.id).execute()).length,
      (await db().selectFrom('audit_log').select('id').where('action', '=', 'delivery.run.stop_recorded').where('entity_id', '=', run.id).execute()).length,
    ];
    expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: order.id })).statusCode).toBe(201);
    // Not out yet.
    const loading = await post(url, { reason: 'fuel' });
    expect(codeOf(loading)).toBe('409 RUN_STATUS');
    expect(loading.json().error.details).toMatchObject({ status: 'loading', needed: 'out' });
    expect((await post(`/v1/delivery-runs/${run.id}/depart`, {})).statusCode).toBe(200);

    const unknown = await post(url, { reason: 'shopping' });
    expect(codeOf(unknown)).toBe('400 VALIDATION_FAILED');
    expect(unknown.json().error.details).toMatchObject([{ path: ['body', 'reason'] }]);
    const unsaid = await post(url, { reason: 'other' });
    expect(codeOf(unsaid)).toBe('400 VALIDATION_FAILED');
    expect(unsaid.json().error.details).toMatchObject([{ path: ['body', 'note'] }]);
    expect(codeOf(await post(url, { reason: 'fuel', stoppedAt: new Date().toISOString() }))).toBe('400 VALIDATION_FAILED');
    expect(await written()).toEqual([0, 0]);

    const before = Date.now();
    const fuel = await post(url, { reason: 'fuel' });
    expect(fuel.statusCode, fuel.body).toBe(201);
    const handed = await post(`/v1/delivery-runs/${run.id}/stops/${order.id}/delivered`, { signature: DOOR_SIGNATURE });
    expect(handed.statusCode, handed.body).toBe(200);
    // A manager records one for the driver too.
    expect((await post(url, { reason: 'traffic', note: 'Road closed on Broadway' }, manager)).statusCode).toBe(201);
    const log = (await server.request({ method: 'GET', url: `/v1/delivery-runs/${run.id}`, cookie: driver })).json().stopLog;
    expect(log).toMatchObject([
      { kind: 'other', reason: 'fuel', note: null, orderId: null, outcome: null },
      { kind: 'order', orderId: order.id, orderNumber: order.number, outcome: 'delivered', reason: null },
      { kind: 'other', reason: 'traffic', note: 'Road closed on Broadway' },
    ]);
    expect(Date.parse(log[0].at)).toBeGreaterThanOrEqual(before - 1000);
    expect(log.map((e: { at: string }) => e.at)).toEqual(log.map((e: { at: string }) => e.at).sort());
    expect(await written()).toEqual([2, 2]);
    const events = await db().selectFrom('outbox_event').select('payload').where('type', '=', 'delivery.run.stopped').where('aggregate_id', '=', run.id).orderBy('id').execute();
    expect(events.map((e) => e.payload)).toMatchObject([{ runId: run.id, reason: 'fuel', stoppedAt: log[0].at }, { runId: run.id, reason: 'traffic' }]);

    // Back at the store: the log stays with the run, and no more stops are recorded on it.
    const back = await post(`/v1/delivery-runs/${run.id}/return`, {});
    expect(back.json().stopLog).toHaveLength(3);
    expect(codeOf(await post(url, { reason: 'rest' }))).toBe('409 RUN_STATUS');
    expect(await written()).toEqual([2, 2]);
  });
  it('the delivery inventory ledger: after the departure and each order stop, what is left in the vehicle, per package, as it stood then', async () => {
    const [a, b, c] = await customers(db(), server.organizationId, 3);
    const orders = [await readyDeliveryOrder(server, manager, fx, a, 1), await readyDeliveryOrder(server, manager, fx, b, 2), await readyDeliveryOrder(server, manager, fx, c, 1)];
    const run = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId: await addVehicle(server, manager, fx.storeId, 'Van Ledger') })).json();
    const ledger = async (cookie = driver) => server.request({ method: 'GET', url: `/v1/delivery-runs/${run.id}/inventory-ledger`, cookie });
    for (const o of orders) expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: o.id })).statusCode).toBe(201);
    // Loading is not a stop: nothing has left the store yet.
    expect((await ledger()).json()).toEqual({ runId: run.id, entries: [], remaining: [] });

    const sku = await db()
      .selectFrom('sku')
      .innerJoin('product', 'product.id', 'sku.product_id')
      .leftJoin('brand', 'brand.id', 'product.brand_id')
      .select(['sku.net_weight_mg', 'product.category', 'brand.id as brand_id', 'brand.name as brand'])
      .where('sku.id', '=', fx.skuId)
      .executeTakeFirstOrThrow();
    const item = (o: { id: string; number: string; subtotalCents: number }, quantity: number, status = 'for_delivery') => ({
      orderId: o.id,
      orderNumber: o.number,
      lineNo: 0,
      skuCode: fx.skuCode,
      title: expect.any(String),
      category: sku.category,
      brand: sku.brand,
      packageLabel: fx.packageLabel,
      quantity,
      unit: 'each',
      retailValueCents: o.subtotalCents,
      weightMg: sku.net_weight_mg === null ? null : Number(sku.net_weight_mg) * quantity,
      status,
    });
    expect((await post(`/v1/delivery-runs/${run.id}/depart`, {})).statusCode).toBe(200);
    expect((await post(`/v1/delivery-runs/${run.id}/stops/${orders[0].id}/delivered`, { signature: DOOR_SIGNATURE })).statusCode).toBe(200);
    // A stop on the way carries nothing in or out: the stop log has it, the ledger does not.
    expect((await post(`/v1/delivery-runs/${run.id}/vehicle-stops`, { reason: 'fuel' })).statusCode).toBe(201);
    // What the ledger said stays as it was said: a later edit of the catalog rewrites nothing.
    expect(sku.brand).not.toBeNull();
    if (sku.brand_id) await db().updateTable('brand').set({ name: 'Renamed Later' }).where('id', '=', sku.brand_id).execute();
    try {
      expect((await post(`/v1/delivery-runs/${run.id}/stops/${orders[1].id}/undelivered`, { reason: 'nobody home' })).statusCode).toBe(200);
    } finally {
      if (sku.brand_id) await db().updateTable('brand').set({ name: sku.brand! }).where('id', '=', sku.brand_id).execute();
    }
    expect((await post(`/v1/delivery-runs/${run.id}/stops/${orders[2].id}/undelivered`, { reason: 'asked for tomorrow', redeliver: true })).statusCode).toBe(200);
    const read = await ledger();
    expect(read.statusCode, read.body).toBe(200);
    const { entries, remaining } = read.json();
    expect(entries.map((e: { seq: number; event: string; orderId: string | null }) => [e.seq, e.event, e.orderId])).toEqual([
      [1, 'departed', null],
      [2, 'delivered', orders[0].id],
      [3, 'undelivered', orders[1].id],
      [4, 'brought_back', orders[2].id],
    ]);
    expect(entries[0].items).toEqual([item(orders[0], 1), item(orders[1], 2), item(orders[2], 1)]);
    expect(entries[0]).toMatchObject({ valueCents: orders[0].subtotalCents + orders[1].subtotalCents + orders[2].subtotalCents });
    expect(entries[1].items).toEqual([item(orders[1], 2), item(orders[2], 1)]);
    // A no-show's goods ride back to the store: still in the vehicle, no longer for a customer.
    expect(entries[2].items).toEqual([item(orders[1], 2, 'returning'), item(orders[2], 1)]);
    expect(entries[3].items).toEqual([item(orders[1], 2, 'returning'), item(orders[2], 1, 'returning')]);
    expect(remaining).toEqual(entries[3].items);
    expect(entries.map((e: { at: string }) => e.at)).toEqual(entries.map((e: { at: string }) => e.at).sort());

    const back = await post(`/v1/delivery-runs/${run.id}/return`, {});
    expect(back.statusCode, back.body).toBe(200);
    const after = (await ledger(manager)).json();
    expect(after.entries.map((e: { event: string }) => e.event)).toEqual(['departed', 'delivered', 'undelivered', 'brought_back', 'returned']);
    expect(after.entries[4]).toMatchObject({ items: [], valueCents: 0 });
    expect(after.remaining).toEqual([]);
    expect(after.entries.slice(0, 4)).toEqual(entries);

    // The runs list's permission reads it; others, unknown runs and bad ids are refused.
    expect((await ledger(await server.login('inventory'))).statusCode).toBe(403);
    expect(codeOf(await server.request({ method: 'GET', url: `/v1/delivery-runs/${uuidv7()}/inventory-ledger`, cookie: driver }))).toBe('404 NOT_FOUND');
    const bad = await server.request({ method: 'GET', url: '/v1/delivery-runs/not-a-run/inventory-ledger', cookie: driver });
    expect(codeOf(bad)).toBe('400 VALIDATION_FAILED');
    expect(bad.json().error.details).toMatchObject([{ path: ['params', 'runId'] }]);
  });

  it('a no-show whose refund the processor refuses owes it on the stop, and the outbox retries it until it is refunded, once', async () => {
    const [buyer] = await customers(db(), server.organizationId, 1);
    const order = await readyDeliveryOrder(server, manager, fx, buyer, 1);
    const run = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId: await addVehicle(server, manager, fx.storeId, 'Van Refund') })).json();
    expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: order.id })).statusCode).toBe(201);
    expect((await post(`/v1/delivery-runs/${run.id}/depart`, {})).statusCode).toBe(200);
    const payment = await db().selectFrom('payment').select(['amount_cents', 'refunded_cents', 'authorization_ref']).where('order_id', '=', order.id).executeTakeFirstOrThrow();
    const simulator = paymentsOf(server.platform).simulator;
    type Owed = { status: string; attempts: number; lastError: string | null; refundedAt: string | null };
    // Waits for the stop's refund to reach a state, working the outbox meanwhile.
    const refundOnceIt = async (reached: (refund: Owed) => boolean): Promise<Owed> => {
      let refund: Owed | undefined;
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; await server.platform.deliveries.wake()) {
        refund = (await server.request({ method: 'GET', url: `/v1/delivery-runs/${run.id}`, cookie: driver })).json().stops[0].refund;
        if (refund && reached(refund)) break;
      }
      return refund!;
    };
    // The processor refuses every refund until told otherwise.
    simulator.configure({ failRefundNext: Number.MAX_SAFE_INTEGER, refundFailure: 'declined' });
    try {
      const noShow = await post(`/v1/delivery-runs/${run.id}/stops/${order.id}/undelivered`, { reason: 'nobody home' });
      expect(noShow.statusCode, noShow.body).toBe(200);
      expect(noShow.json().stops[0].refund).toMatchObject({ status: 'owed', refundedAt: null });
      // The first try (the request's, or the outbox's just after the commit) is refused: owed, with the reason.
      const owed = await refundOnceIt((r) => r.lastError !== null);
      expect(owed).toMatchObject({ status: 'owed', lastError: 'simulated processor error on refund', refundedAt: null });
      expect(owed.attempts).toBeGreaterThanOrEqual(1);
      expect((await db().selectFrom('sales_order').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status).toBe('no_show');
      // Nothing refunded yet (a retry in flight may hold its claim on the payment's cents, so the refunds are counted).
      expect(simulator.refunds.filter((r) => r.authorizationRef === payment.authorization_ref)).toEqual([]);
      expect(await db().selectFrom('payment_refund as r').innerJoin('payment as p', 'p.id', 'r.payment_id').select('r.id').where('p.order_id', '=', order.id).execute()).toEqual([]);
      simulator.configure({ failRefundNext: 0 });
      // The outbox subscriber's next try (backoff of at most 200 ms on the test server) refunds it.
      expect(await refundOnceIt((r) => r.status === 'refunded')).toMatchObject({ status: 'refunded', lastError: null, refundedAt: expect.any(String) });
    } finally {
      simulator.configure({ failRefundNext: 0 });
    }
    expect(Number((await db().selectFrom('payment').select('refunded_cents').where('order_id', '=', order.id).executeTakeFirstOrThrow()).refunded_cents)).toBe(Number(payment.amount_cents));
    expect(simulator.refunds.filter((r) => r.authorizationRef === payment.authorization_ref)).toHaveLength(1);
    // Done: the subscriber's delivery of the no-show is settled, nothing left to retry.
    const deliveries = await db()
      .selectFrom('outbox_delivery as d')
      .innerJoin('outbox_event as e', 'e.id', 'd.event_id')
      .select('d.status')
      .where('d.subscriber', '=', 'delivery.no-show-refunds')
      .where(sql<boolean>`e.payload->>'orderId' = ${order.id}`)
      .execute();
    expect(deliveries.map((d) => d.status)).toEqual(['done']);
    expect((await post(`/v1/delivery-runs/${run.id}/return`, {})).statusCode).toBe(200);
  });

  it('starting a run for a driver who is out on another is allowed, and the run says so (driverOut)', async () => {
    const [buyer] = await customers(db(), server.organizationId, 1);
    const order = await readyDeliveryOrder(server, manager, fx, buyer, 1);
    const first = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId: await addVehicle(server, manager, fx.storeId, 'Van Out A') })).json();
    expect(first.driverOut).toBeNull();
    expect((await post(`/v1/delivery-runs/${first.id}/stops`, { orderId: order.id })).statusCode).toBe(201);
    expect((await post(`/v1/delivery-runs/${first.id}/depart`, {})).statusCode).toBe(200);
    const second = await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId: await addVehicle(server, manager, fx.storeId, 'Van Out B') });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().driverOut).toEqual({ runId: first.id });
    expect((await server.request({ method: 'GET', url: `/v1/delivery-runs/${second.json().id}`, cookie: manager })).json().driverOut).toEqual({ runId: first.id });
    expect((await post(`/v1/delivery-runs/${first.id}/stops/${order.id}/undelivered`, { reason: 'back at the store', redeliver: true })).statusCode).toBe(200);
    expect((await post(`/v1/delivery-runs/${first.id}/return`, {})).statusCode).toBe(200);
    expect((await server.request({ method: 'GET', url: `/v1/delivery-runs/${second.json().id}`, cookie: driver })).json().driverOut).toBeNull();
    expect((await post(`/v1/delivery-runs/${second.json().id}/cancel`, { reason: 'not needed today' })).statusCode).toBe(200);
  });
});
