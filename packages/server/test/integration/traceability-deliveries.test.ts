// Delivery orders in a Metrc state that has sales deliveries (California): each order on a vehicle
// is filed as a sales delivery when the vehicle leaves (the manifest the driver carries), completed
// at the door with what the customer took, or with everything returned when they did not; never
// also as a receipt. Over real HTTP to the simulator, with the delivery runs driven through the API.
// A state whose Metrc has no sales deliveries (Ohio) keeps filing receipts.
import { DEMO_LICENSES, DEMO_USER_KEY, DEMO_VENDOR_KEY, demoSeed, formatFacilityDateTime, type MetrcSalesDelivery } from '@verdant/metrc';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPublishedEvent } from '../../src/modules/events/event-types';
import { enqueueReport, traceabilityOf } from '../../src/modules/traceability';
import { DEMO_ORGANIZATION_ID } from '../../src/seed/demo-seed';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { addVehicle, DOOR_SIGNATURE, readyDeliveryOrder } from '../support/delivery-fixtures';
import { openAroundTheClock } from '../support/open-hours';
import type { TestServer } from '../support/test-server';
import { completedPayload, connectCaStore, reportOf, startTraceHarness, waitUntil, writeEvent, writeSales, type TraceHarness } from './traceability-harness';

const TZ = 'America/Los_Angeles';
const CA = DEMO_LICENSES.caRetail;
const OHIO = 'OH-DISP-0001';
const OHIO_LABEL = '1A4077000000000000000001';

describe('traceability: delivery orders filed as Metrc sales deliveries', () => {
  let h: TraceHarness;
  let server: TestServer;
  let owner: string;
  let manager: string;
  let driver: string;
  let driverId: string;
  let fx: CheckoutFixture;
  let buyers: string[];

  beforeAll(async () => {
    const seed = demoSeed();
    seed.facilities.push({ license: OHIO, name: 'Buckeye Dispensary', state: 'OH', licenseType: 'Dispensary', canSellToConsumers: true, canSellToPatients: true, canDeliverSalesToConsumers: true });
    seed.users[0]?.licenses.push(OHIO);
    seed.items.push({ license: OHIO, name: 'Blue Dream 3.5g', category: 'Flower (packaged eighth - each)', categoryType: 'Buds', unitOfMeasure: 'Each', unitWeightGrams: 3.5 });
    seed.packages.push({ license: OHIO, label: OHIO_LABEL, itemName: 'Blue Dream 3.5g', quantity: 20 });
    h = await startTraceHarness({}, { simulator: { seed } });
    // The delivery fixtures speak to a test server; the harness answers the same requests.
    server = h as unknown as TestServer;
    [owner, manager, driver] = [await h.login('owner'), await h.login('manager'), await h.login('driver')];
    const db = h.platform.database.db;
    await openAroundTheClock(h.platform, [h.caStoreId]);
    await connectCaStore(h, { deliveryPhone: '+1-510-555-0100' });
    fx = await stockedSku(db, DEMO_ORGANIZATION_ID, { quantity: 40, storeName: 'Oakland' });
    h.sim.control.addPackage({ license: CA, label: fx.packageLabel, itemName: 'Blue Dream 3.5g', quantity: 40 });
    buyers = await customers(db, DEMO_ORGANIZATION_ID, 10);
    driverId = (await db.selectFrom('staff_user').select('id').where('email', '=', 'driver@demo.verdant.test').executeTakeFirstOrThrow()).id;
    const credentials = await h.request({ method: 'PUT', url: `/v1/staff/${driverId}/state-credentials`, cookie: owner, body: { employeeId: 'CA-EMP-0042', driversLicenseNumber: 'D7654321' } });
    expect(credentials.statusCode, credentials.body).toBe(200);
    expect(credentials.json()).toMatchObject({ staffId: driverId, employeeId: 'CA-EMP-0042', driversLicenseHint: '…4321' });
  });
  afterAll(() => h?.close());

  const post = (url: string, body: unknown = {}, cookie = driver) => h.request({ method: 'POST', url, cookie, body });
  const sent = (key: string, what = key) => waitUntil(async () => (await reportOf(h.platform, key))?.status === 'sent', 20_000, what);
  const receiptsFor = (orderId: string) => h.sim.control.receipts({ license: CA, externalReceiptNumber: orderId });
  const simDelivery = async (key: string): Promise<MetrcSalesDelivery> => {
    const report = await reportOf(h.platform, key);
    const found = h.sim.control.salesDeliveries(CA).filter((d) => d.PlannedRoute.endsWith(`[ref ${report!.id}]`));
    expect(found, `one sales delivery for ${key}`).toHaveLength(1);
    expect(String(found[0].Id)).toBe(report!.external_id);
    return found[0];
  };
  async function departedRun(orderIds: string[], vehicleName: string) {
    const vehicleId = await addVehicle(server, manager, fx.storeId, vehicleName);
    const run = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId })).json();
    for (const orderId of orderIds) expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId })).statusCode).toBe(201);
    const departed = await post(`/v1/delivery-runs/${run.id}/depart`);
    expect(departed.statusCode, departed.body).toBe(200);
    return { runId: run.id as string, departedAt: new Date(departed.json().departedAt as string) };
  }

  it('the store files delivery orders as sales deliveries (its state has them), and says so', async () => {
    const settings = await h.request({ method: 'GET', url: `/v1/stores/${h.caStoreId}/traceability`, cookie: owner });
    expect(settings.json()).toMatchObject({ deliveryFiling: 'sales_delivery', deliveryPhone: '+1-510-555-0100' });
  });

  it('a run of two: a sales delivery each as the vehicle leaves; one handed over (accepted), one a no-show (returned); no receipt', async () => {
    const first = await readyDeliveryOrder(server, manager, fx, buyers[0], 1);
    const second = await readyDeliveryOrder(server, manager, fx, buyers[1], 2);
    const before = h.sim.control.quantity(fx.packageLabel)!;
    const { runId, departedAt } = await departedRun([first.id, second.id], 'Van M1');
    await sent(`delivery:${first.id}:${runId}`);
    await sent(`delivery:${second.id}:${runId}`);
    const [a, b] = [await simDelivery(`delivery:${first.id}:${runId}`), await simDelivery(`delivery:${second.id}:${runId}`)];
    const manifest = {
      SalesDeliveryState: 'InTransit',
      SalesCustomerType: 'Consumer',
      SalesDateTime: formatFacilityDateTime(departedAt, TZ),
      EstimatedDepartureDateTime: formatFacilityDateTime(departedAt, TZ),
      DriverName: 'Dana Driver',
      DriverEmployeeId: 'CA-EMP-0042',
      DriversLicenseNumber: 'D7654321',
      PhoneNumberForQuestions: '+1-510-555-0100',
      VehicleMake: 'Ford',
      VehicleModel: 'Transit',
      VehicleLicensePlateNumber: '8ABC123',
      RecipientName: 'Dee Livery',
      RecipientAddressStreet1: '1 Main St',
      RecipientAddressCity: 'Oakland',
      RecipientAddressState: 'CA',
      RecipientAddressPostalCode: '94607',
    };
    expect(a).toMatchObject({ ...manifest, EstimatedArrivalDateTime: formatFacilityDateTime(new Date(departedAt.getTime() + 30 * 60_000), TZ) });
    expect(b).toMatchObject({ ...manifest, EstimatedArrivalDateTime: formatFacilityDateTime(new Date(departedAt.getTime() + 60 * 60_000), TZ) });
    expect(a.PlannedRoute).toMatch(/^Stop 1 of 2, in loading order, from Green Door Oakland to 1 Main St, Oakland, CA 94607 \(order /);
    expect(a.Transactions.map((t) => [t.PackageLabel, t.QuantitySold])).toEqual([[fx.packageLabel, 1]]);
    expect(b.Transactions.map((t) => [t.PackageLabel, t.QuantitySold])).toEqual([[fx.packageLabel, 2]]);
    expect(a.TotalPrice).toBeGreaterThan(0);
    expect(h.sim.control.quantity(fx.packageLabel)).toBe(before - 3);

    // The driver's manifest shows each order's Metrc delivery id.
    const shown = (await h.request({ method: 'GET', url: `/v1/delivery-runs/${runId}`, cookie: driver })).json();
    expect(shown.stops.map((s: { stateFiling: unknown }) => s.stateFiling)).toEqual([
      { kind: 'sales_delivery', status: 'sent', externalId: String(a.Id), reason: null },
      { kind: 'sales_delivery', status: 'sent', externalId: String(b.Id), reason: null },
    ]);

    expect((await post(`/v1/delivery-runs/${runId}/stops/${first.id}/delivered`, { signature: DOOR_SIGNATURE })).statusCode).toBe(200);
    expect((await post(`/v1/delivery-runs/${runId}/stops/${second.id}/undelivered`, { reason: 'nobody home' })).statusCode).toBe(200);
    await sent(`delivery-complete:${first.id}:${runId}`);
    await sent(`delivery-complete:${second.id}:${runId}`);
    const handed = (await simDelivery(`delivery:${first.id}:${runId}`));
    expect(handed).toMatchObject({ SalesDeliveryState: 'Delivered', AcceptedPackages: [fx.packageLabel], ReturnedPackages: [], PaymentType: 'Card' });
    expect(handed.ActualArrivalDateTime).not.toBeNull();
    const noShow = await simDelivery(`delivery:${second.id}:${runId}`);
    expect(noShow).toMatchObject({
      SalesDeliveryState: 'Delivered',
      AcceptedPackages: [],
      ReturnedPackages: [{ Label: fx.packageLabel, ReturnQuantityVerified: 2, ReturnUnitOfMeasure: 'Each', ReturnReason: 'Customer Refused', ReturnReasonNote: 'Not delivered, back to the store: nobody home' }],
    });
    // The no-show's goods are back at the store in Metrc too.
    expect(h.sim.control.quantity(fx.packageLabel)).toBe(before - 1);
    // Neither order is also a receipt.
    expect(receiptsFor(first.id)).toHaveLength(0);
    expect(receiptsFor(second.id)).toHaveLength(0);
    expect(await reportOf(h.platform, `sale:${first.id}`)).toBeUndefined();
    expect((await post(`/v1/delivery-runs/${runId}/return`)).statusCode).toBe(200);
  });

  it('a Metrc outage as the vehicle leaves: it leaves anyway; the manifest is queued, retried and filed once after recovery', async () => {
    const order = await readyDeliveryOrder(server, manager, fx, buyers[2], 1);
    // Metrc down for the first three tries, however fast they come (a timed outage let a fast
    // machine spend all eight tries inside it, and the report then waited for a person).
    h.sim.control.failNext(3, 503, { method: 'POST', path: '/sales/v2/deliveries' });
    const { runId } = await departedRun([order.id], 'Van M2');
    const key = `delivery:${order.id}:${runId}`;
    await waitUntil(async () => ((await reportOf(h.platform, key))?.attempts ?? 0) >= 1 && (await reportOf(h.platform, key))?.last_error_kind === 'server', 10_000, 'a failed try during the outage');
    expect((await reportOf(h.platform, key))?.status).not.toBe('sent');
    await sent(key, 'the delivery after recovery');
    const report = await reportOf(h.platform, key);
    expect(report!.attempts).toBeGreaterThan(1);
    await simDelivery(key);
    // Handed over and back at the store (one vehicle out per driver at a time).
    const handOverAndReturn = async (o: string, r: string) => {
      expect((await post(`/v1/delivery-runs/${r}/stops/${o}/delivered`, { signature: DOOR_SIGNATURE })).statusCode).toBe(200);
      await sent(`delivery-complete:${o}:${r}`);
      expect((await simDelivery(`delivery:${o}:${r}`)).SalesDeliveryState).toBe('Delivered');
      expect(receiptsFor(o)).toHaveLength(0);
      expect((await post(`/v1/delivery-runs/${r}/return`)).statusCode).toBe(200);
    };
    await handOverAndReturn(order.id, runId);
    // A POST whose answer is lost is found again by its reference, not filed twice.
    const other = await readyDeliveryOrder(server, manager, fx, buyers[3], 1);
    h.sim.control.loseResponses(1, { method: 'POST', path: '/sales/v2/deliveries' });
    const lost = await departedRun([other.id], 'Van M3');
    await sent(`delivery:${other.id}:${lost.runId}`);
    expect((await reportOf(h.platform, `delivery:${other.id}:${lost.runId}`))?.already_reported).toBe(true);
    await simDelivery(`delivery:${other.id}:${lost.runId}`);
    await handOverAndReturn(other.id, lost.runId);
  });

  it('an order brought back to ride again: the first trip is completed as returned, the next trip is a new sales delivery; never a receipt', async () => {
    // Reconciliation finds the package in step at every turn: sold here but not filed, on a trip
    // the state holds, brought back (the state restocks it), out again, handed over.
    const inStep = async (when: string) => {
      const run = await h.request({ method: 'POST', url: `/v1/stores/${h.caStoreId}/traceability/reconcile`, cookie: owner });
      expect(run.json().status, run.body).toBe('succeeded');
      expect((run.json().differences as Array<{ packageLabel: string }>).filter((d) => d.packageLabel === fx.packageLabel), when).toEqual([]);
    };
    await inStep('before');
    const order = await readyDeliveryOrder(server, manager, fx, buyers[4], 2);
    await inStep('sold, waiting for its trip');
    const before = h.sim.control.quantity(fx.packageLabel)!;
    const trip1 = await departedRun([order.id], 'Van M4');
    await sent(`delivery:${order.id}:${trip1.runId}`);
    await inStep('out on its first trip');
    const back = await post(`/v1/delivery-runs/${trip1.runId}/stops/${order.id}/undelivered`, { reason: 'gate locked', redeliver: true });
    expect(back.statusCode, back.body).toBe(200);
    await sent(`delivery-complete:${order.id}:${trip1.runId}`);
    await inStep('brought back to ride again');
    expect(await simDelivery(`delivery:${order.id}:${trip1.runId}`)).toMatchObject({
      SalesDeliveryState: 'Delivered',
      ReturnedPackages: [{ Label: fx.packageLabel, ReturnQuantityVerified: 2, ReturnReason: 'Customer Refused', ReturnReasonNote: 'Brought back to the store to deliver later: gate locked' }],
    });
    expect(h.sim.control.quantity(fx.packageLabel)).toBe(before);
    expect((await post(`/v1/delivery-runs/${trip1.runId}/return`)).statusCode).toBe(200);

    const trip2 = await departedRun([order.id], 'Van M5');
    await sent(`delivery:${order.id}:${trip2.runId}`);
    expect((await post(`/v1/delivery-runs/${trip2.runId}/stops/${order.id}/delivered`, { signature: DOOR_SIGNATURE })).statusCode).toBe(200);
    await sent(`delivery-complete:${order.id}:${trip2.runId}`);
    expect(await simDelivery(`delivery:${order.id}:${trip2.runId}`)).toMatchObject({ SalesDeliveryState: 'Delivered', AcceptedPackages: [fx.packageLabel] });
    expect(h.sim.control.quantity(fx.packageLabel)).toBe(before - 2);
    await inStep('handed over');
    expect(receiptsFor(order.id)).toHaveLength(0);
    // Each trip's manifest names its own delivery.
    for (const trip of [trip1, trip2]) {
      const stop = (await h.request({ method: 'GET', url: `/v1/delivery-runs/${trip.runId}`, cookie: driver })).json().stops[0];
      expect(stop.stateFiling).toMatchObject({ kind: 'sales_delivery', status: 'sent', externalId: (await reportOf(h.platform, `delivery:${order.id}:${trip.runId}`))!.external_id });
    }
    expect((await post(`/v1/delivery-runs/${trip2.runId}/return`)).statusCode).toBe(200);
  });

  it('events that reach state reporting out of order still take one path: the departure, coming last, files the completion too', async () => {
    const db = h.platform.database.db;
    const order = await readyDeliveryOrder(server, manager, fx, buyers[3], 1);
    const { runId } = await departedRun([order.id], 'Van M7');
    await sent(`delivery:${order.id}:${runId}`);
    expect((await post(`/v1/delivery-runs/${runId}/stops/${order.id}/delivered`, { signature: DOOR_SIGNATURE })).statusCode).toBe(200);
    await sent(`delivery-complete:${order.id}:${runId}`);
    // As if neither had been filed, and the hand-over's events came before the departure's.
    await db.deleteFrom('trace_report').where('order_id', '=', order.id).execute();
    const events = new Map(
      (await db.selectFrom('outbox_event').selectAll().where('type', 'in', ['delivery.stop.departed', 'delivery.stop.ended', 'orders.order.completed']).where('payload', '@>', JSON.stringify({ orderId: order.id }) as never).execute())
        .map((row) => [row.type, toPublishedEvent(row)]),
    );
    expect([...events.keys()].sort()).toEqual(['delivery.stop.departed', 'delivery.stop.ended', 'orders.order.completed']);
    expect(await enqueueReport(db, events.get('delivery.stop.ended')!)).toBe(false);
    expect(await enqueueReport(db, events.get('delivery.stop.departed')!)).toBe(true);
    expect(await enqueueReport(db, events.get('orders.order.completed')!)).toBe(false);
    expect(await enqueueReport(db, events.get('delivery.stop.ended')!)).toBe(false);
    const rows = await db.selectFrom('trace_report').select(['kind', 'dedupe_key', 'payload']).where('order_id', '=', order.id).orderBy('dedupe_key').execute();
    expect(rows.map((r) => r.dedupe_key)).toEqual([`delivery-complete:${order.id}:${runId}`, `delivery:${order.id}:${runId}`]);
    expect(rows[0].payload).toMatchObject({ outcome: 'delivered', runId });
    // And the other way round: a hand-over filed first as a receipt keeps the order off the sales-delivery path.
    await db.deleteFrom('trace_report').where('order_id', '=', order.id).execute();
    expect(await enqueueReport(db, events.get('orders.order.completed')!)).toBe(true);
    expect(await enqueueReport(db, events.get('delivery.stop.departed')!)).toBe(false);
    expect(await enqueueReport(db, events.get('delivery.stop.ended')!)).toBe(false);
    expect(await db.selectFrom('trace_report').select('kind').where('order_id', '=', order.id).execute()).toEqual([{ kind: 'sale' }]);
    await sent(`sale:${order.id}`);
    expect((await post(`/v1/delivery-runs/${runId}/return`)).statusCode).toBe(200);
  });

  it('a driver the state does not know yet: the delivery fails naming what is missing, and goes through once it is on file', async () => {
    const worker = traceabilityOf(h.platform).worker;
    worker.options.maxAttempts = 2;
    try {
      const order = await readyDeliveryOrder(server, manager, fx, buyers[5], 1);
      // The manager drives this one, and has no state credentials on file.
      const vehicleId = await addVehicle(server, manager, fx.storeId, 'Van M6');
      const run = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId }, manager)).json();
      expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: order.id }, manager)).statusCode).toBe(201);
      expect((await post(`/v1/delivery-runs/${run.id}/depart`, {}, manager)).statusCode).toBe(200);
      const key = `delivery:${order.id}:${run.id}`;
      await waitUntil(async () => (await reportOf(h.platform, key))?.status === 'failed', 20_000, 'the delivery to fail');
      const failed = await reportOf(h.platform, key);
      expect(failed!.last_error).toContain("Marcus Manager's state employee id and driver's licence number");
      const manifest = (await h.request({ method: 'GET', url: `/v1/delivery-runs/${run.id}`, cookie: manager })).json();
      expect(manifest.stops[0].stateFiling).toMatchObject({ kind: 'sales_delivery', status: 'failed', externalId: null });
      expect(manifest.stops[0].stateFiling.reason).toContain('state employee id');

      // Handed over meanwhile: the completion waits for the delivery, without spending tries.
      expect((await post(`/v1/delivery-runs/${run.id}/stops/${order.id}/delivered`, { signature: DOOR_SIGNATURE }, manager)).statusCode).toBe(200);
      const managerId = (await h.platform.database.db.selectFrom('staff_user').select('id').where('email', '=', 'manager@demo.verdant.test').executeTakeFirstOrThrow()).id;
      expect((await h.request({ method: 'PUT', url: `/v1/staff/${managerId}/state-credentials`, cookie: owner, body: { employeeId: 'CA-EMP-0007', driversLicenseNumber: 'D1112223' } })).statusCode).toBe(200);
      expect((await h.request({ method: 'POST', url: `/v1/traceability/reports/${failed!.id}/resend`, cookie: owner })).statusCode).toBe(202);
      await sent(key);
      await sent(`delivery-complete:${order.id}:${run.id}`);
      expect(await simDelivery(key)).toMatchObject({ DriverName: 'Marcus Manager', DriverEmployeeId: 'CA-EMP-0007', SalesDeliveryState: 'Delivered' });
      expect(receiptsFor(order.id)).toHaveLength(0);
    } finally {
      worker.options.maxAttempts = 8;
    }
  });

  it('an order whose filed trips came back goes out again only on a run, not through the order itself; completed through the order while its trip is out, it files no receipt', async () => {
    const move = (orderId: string, to: string) => h.request({ method: 'POST', url: `/v1/orders/${orderId}/transitions`, cookie: manager, body: { to } });
    // Brought back to ride again, the run returns; the order cannot be taken out by hand (no vehicle,
    // no state delivery filing): 409, and nothing is filed for it.
    const order = await readyDeliveryOrder(server, manager, fx, buyers[6], 1);
    const trip = await departedRun([order.id], 'Van R1');
    await sent(`delivery:${order.id}:${trip.runId}`);
    expect((await post(`/v1/delivery-runs/${trip.runId}/stops/${order.id}/undelivered`, { reason: 'gate locked', redeliver: true })).statusCode).toBe(200);
    expect((await post(`/v1/delivery-runs/${trip.runId}/return`)).statusCode).toBe(200);
    await sent(`delivery-complete:${order.id}:${trip.runId}`);
    const byHand = await move(order.id, 'out_for_delivery');
    expect(byHand.statusCode, byHand.body).toBe(409);
    expect(byHand.json().error.code).toBe('DELIVERY_RUN_REQUIRED');
    await h.platform.deliveries.wake();
    expect(await reportOf(h.platform, `sale:${order.id}`)).toBeUndefined();
    expect(receiptsFor(order.id)).toHaveLength(0);

    // Completed through the order while its trip is still out: the trip is the sale (handed over
    // when the run returns), so no receipt.
    const third = await readyDeliveryOrder(server, manager, fx, buyers[8], 1);
    const out = await departedRun([third.id], 'Van R3');
    await sent(`delivery:${third.id}:${out.runId}`);
    const completed = await h.request({ method: 'POST', url: `/v1/orders/${third.id}/transitions`, cookie: manager, body: { to: 'completed', signature: DOOR_SIGNATURE } });
    expect(completed.statusCode, completed.body).toBe(200);
    expect((await post(`/v1/delivery-runs/${out.runId}/return`)).statusCode).toBe(200);
    await sent(`delivery-complete:${third.id}:${out.runId}`);
    expect((await simDelivery(`delivery:${third.id}:${out.runId}`)).AcceptedPackages).toEqual([fx.packageLabel]);
    await h.platform.deliveries.wake();
    expect(await reportOf(h.platform, `sale:${third.id}`)).toBeUndefined();
    expect(receiptsFor(third.id)).toHaveLength(0);
  });

  it('a departure Metrc could never take is refused, naming what is missing, and changes nothing; once the plate is added to the vehicle it leaves; a state written out in full is sent as its code', async () => {
    const db = h.platform.database.db;
    const order = await readyDeliveryOrder(server, manager, fx, buyers[9], 1);
    const created = await h.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/delivery-vehicles`, cookie: manager, body: { name: 'Van no plate', make: 'Ford', model: 'Transit' } });
    expect(created.statusCode, created.body).toBe(201);
    const run = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId: created.json().id })).json();
    expect((await post(`/v1/delivery-runs/${run.id}/stops`, { orderId: order.id })).statusCode).toBe(201);
    const refused = await post(`/v1/delivery-runs/${run.id}/depart`);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.code).toBe('STATE_FILING_INCOMPLETE');
    expect(refused.json().error.message).toContain('licensePlate of vehicle Van no plate');
    expect((await h.request({ method: 'GET', url: `/v1/orders/${order.id}`, cookie: manager })).json().status).toBe('ready');
    expect((await h.request({ method: 'GET', url: `/v1/delivery-runs/${run.id}`, cookie: driver })).json().status).toBe('loading');
    expect(await db.selectFrom('outbox_event').select('id').where('type', '=', 'delivery.stop.departed').where('payload', '@>', JSON.stringify({ orderId: order.id }) as never).execute()).toHaveLength(0);
    // The manager adds the plate to the vehicle (no second vehicle needed): the same run leaves, and
    // Metrc is sent the plate.
    const plated = await h.request({ method: 'PATCH', url: `/v1/stores/${fx.storeId}/delivery-vehicles/${created.json().id}`, cookie: manager, body: { licensePlate: '8PLT123' } });
    expect(plated.statusCode, plated.body).toBe(200);
    const departed = await post(`/v1/delivery-runs/${run.id}/depart`);
    expect(departed.statusCode, departed.body).toBe(200);
    await sent(`delivery:${order.id}:${run.id}`);
    expect(await simDelivery(`delivery:${order.id}:${run.id}`)).toMatchObject({ VehicleMake: 'Ford', VehicleModel: 'Transit', VehicleLicensePlateNumber: '8PLT123' });
    expect((await post(`/v1/delivery-runs/${run.id}/stops/${order.id}/delivered`, { signature: DOOR_SIGNATURE })).statusCode).toBe(200);
    expect((await post(`/v1/delivery-runs/${run.id}/return`)).statusCode).toBe(200);

    // An address whose region is no state is refused too.
    const abroad = await readyDeliveryOrder(server, manager, fx, buyers[9], 1, 'ready', { line1: '2 Elm St', city: 'Oakland', region: 'Bavaria', postalCode: '94607' });
    const vehicleId = await addVehicle(server, manager, fx.storeId, 'Van S1');
    const run2 = (await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId })).json();
    expect((await post(`/v1/delivery-runs/${run2.id}/stops`, { orderId: abroad.id })).statusCode).toBe(201);
    const noState = await post(`/v1/delivery-runs/${run2.id}/depart`);
    expect(noState.statusCode, noState.body).toBe(422);
    expect(noState.json().error).toMatchObject({ code: 'STATE_FILING_INCOMPLETE' });
    expect(noState.json().error.message).toContain(`"Bavaria" is not a US state`);
    expect((await h.request({ method: 'DELETE', url: `/v1/delivery-runs/${run2.id}/stops/${abroad.id}`, cookie: driver })).statusCode).toBe(200);
    expect((await post(`/v1/delivery-runs/${run2.id}/cancel`, { reason: 'test' })).statusCode).toBe(200);

    // "California" as the customer typed it leaves and is filed as CA.
    const spelled = await readyDeliveryOrder(server, manager, fx, buyers[9], 1, 'ready', { line1: '3 Oak St', city: 'Oakland', region: 'California', postalCode: '94607' });
    const trip = await departedRun([spelled.id], 'Van S2');
    await sent(`delivery:${spelled.id}:${trip.runId}`);
    expect(await simDelivery(`delivery:${spelled.id}:${trip.runId}`)).toMatchObject({ RecipientAddressState: 'CA', RecipientAddressStreet1: '3 Oak St' });
    expect((await post(`/v1/delivery-runs/${trip.runId}/stops/${spelled.id}/delivered`, { signature: DOOR_SIGNATURE })).statusCode).toBe(200);
    expect((await post(`/v1/delivery-runs/${trip.runId}/return`)).statusCode).toBe(200);
  });

  it('the departure event leaves out the recipient’s name and address; the sales delivery still has them, read from the order', async () => {
    const db = h.platform.database.db;
    const order = await readyDeliveryOrder(server, manager, fx, buyers[9], 1, 'ready', { line1: '77 Private Ln', line2: 'Apt 4', city: 'Oakland', region: 'CA', postalCode: '94611' });
    const { runId } = await departedRun([order.id], 'Van P1');
    const rows = await db.selectFrom('outbox_event').select('payload').where('type', '=', 'delivery.stop.departed').where('payload', '@>', JSON.stringify({ orderId: order.id }) as never).execute();
    expect(rows).toHaveLength(1);
    const text = JSON.stringify(rows[0].payload);
    for (const secret of ['Dee Livery', '77 Private Ln', 'Apt 4', '94611']) expect(text).not.toContain(secret);
    expect(rows[0].payload).toMatchObject({ deliverTo: { addressType: 'residence' } });
    await sent(`delivery:${order.id}:${runId}`);
    expect(JSON.stringify((await reportOf(h.platform, `delivery:${order.id}:${runId}`))!.payload)).not.toContain('77 Private Ln');
    expect(await simDelivery(`delivery:${order.id}:${runId}`)).toMatchObject({
      RecipientName: 'Dee Livery', RecipientAddressStreet1: '77 Private Ln', RecipientAddressStreet2: 'Apt 4', RecipientAddressCity: 'Oakland', RecipientAddressState: 'CA', RecipientAddressPostalCode: '94611',
    });
    expect((await post(`/v1/delivery-runs/${runId}/stops/${order.id}/delivered`, { signature: DOOR_SIGNATURE })).statusCode).toBe(200);
    expect((await post(`/v1/delivery-runs/${runId}/return`)).statusCode).toBe(200);
  });

  it('a walk-in sale in the same store still files a receipt; a delivery order that left before sales deliveries keeps its receipt', async () => {
    const [label] = [fx.packageLabel];
    const [walkIn] = await writeSales(h.platform, [{ storeId: h.caStoreId, completedAt: new Date(), lines: [{ packageLabel: label, quantity: 1 }] }]);
    await sent(`sale:${walkIn}`);
    expect(receiptsFor(walkIn)).toHaveLength(1);
    // Handed over with no sales delivery filed for it (it went out before this Verdant filed them).
    const earlier = uuidv7();
    await writeEvent(h.platform, 'orders.order.completed', h.caStoreId, earlier, {
      ...completedPayload({ storeId: h.caStoreId, orderId: earlier, completedAt: new Date(), lines: [{ packageLabel: label, quantity: 1 }] }),
      channel: 'delivery',
    });
    await sent(`sale:${earlier}`);
    expect(receiptsFor(earlier)).toHaveLength(1);
    expect(await h.platform.database.db.selectFrom('trace_report').select('kind').where('order_id', '=', earlier).execute()).toEqual([{ kind: 'sale' }]);
  });

  it('a store in a state whose Metrc has no sales deliveries (Ohio) files its delivery orders as receipts', async () => {
    const db = h.platform.database.db;
    const storeId = uuidv7();
    await db.insertInto('store').values({ id: storeId, organization_id: DEMO_ORGANIZATION_ID, name: 'Buckeye Columbus', license_number: OHIO, jurisdiction: 'US-OH', timezone: 'America/New_York' } as never).execute();
    const connected = await h.request({
      method: 'PUT',
      url: `/v1/stores/${storeId}/traceability`,
      cookie: owner,
      body: { engine: 'metrc', baseUrl: h.sim.url, licenseNumber: OHIO, credentials: { vendorKey: DEMO_VENDOR_KEY, userKey: DEMO_USER_KEY }, deliveryPhone: '+1-614-555-0100' },
    });
    expect(connected.statusCode, connected.body).toBe(200);
    expect(connected.json().deliveryFiling).toBe('receipt');
    const orderId = uuidv7();
    const runId = uuidv7();
    const sale = { ...completedPayload({ storeId, orderId, completedAt: new Date(), jurisdiction: 'US-OH', timezone: 'America/New_York', lines: [{ packageLabel: OHIO_LABEL, quantity: 2 }] }), channel: 'delivery', licenseNumber: OHIO };
    const { completedAt: _handOver, ...leaving } = sale;
    await writeEvent(h.platform, 'delivery.stop.departed', storeId, uuidv7(), {
      ...leaving, runId, seq: 1, stopCount: 1, departedAt: new Date().toISOString(),
      driver: { id: driverId, name: 'Dana Driver' }, vehicle: { id: uuidv7(), name: 'Van OH', make: 'Ford', model: 'Transit', licensePlate: 'OHIO123' },
      deliverTo: { name: 'Buck Eye', address: { line1: '1 High St', city: 'Columbus', region: 'OH', postalCode: '43215' } },
    });
    await writeEvent(h.platform, 'orders.order.completed', storeId, orderId, sale);
    await writeEvent(h.platform, 'delivery.stop.ended', storeId, uuidv7(), { runId, orderId, storeId, outcome: 'delivered', reason: null, endedAt: new Date().toISOString() });
    await waitUntil(async () => (await reportOf(h.platform, `sale:${orderId}`))?.status === 'sent', 20_000, 'the Ohio receipt');
    expect(h.sim.control.receipts({ license: OHIO, externalReceiptNumber: orderId })).toHaveLength(1);
    expect(h.sim.control.salesDeliveries(OHIO)).toHaveLength(0);
    expect(h.sim.control.quantity(OHIO_LABEL, OHIO)).toBe(18);
    await h.platform.deliveries.wake();
    expect(await db.selectFrom('trace_report').select('kind').where('order_id', '=', orderId).execute()).toEqual([{ kind: 'sale' }]);
  });
});
