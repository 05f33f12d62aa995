// PostgreSQL only: delivery runs under racing requests. Every change to a run locks the run's row
// first, so loads onto one vehicle are judged one after another: when the vehicle has room for one
// more order, exactly one of many racing loads gets on. An order raced onto several vehicles rides
// exactly one of them, a stop raced delivered and undelivered ends once, and one driver's runs
// raced out leave one at a time. A vehicle's correction or retirement and its departure or a new
// run on it are decided one after the other, and two renames to one name are decided by the
// unique index. Losers get a stable 4xx, never a 500.
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { addVehicle, DOOR_SIGNATURE, readyDeliveryOrder } from '../support/delivery-fixtures';
import { waitUntilBlocked } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

describe('delivery run races (PostgreSQL)', () => {
  let server: TestServer;
  let manager: string;
  let driver: string;
  let fx: CheckoutFixture;
  let buyers: string[];
  let nextBuyer = 0;
  let nextVehicle = 0;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    driver = await server.login('driver');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 100 });
    // $1,500 a unit: with $3,000 of goods declared without an order, a California vehicle
    // ($5,000 on board, 4 CCR §15418) has room for exactly one more order.
    await sql`update sku_price set price_cents = 150000 where sku_id = ${fx.skuId} and store_id = ${fx.storeId}`.execute(server.platform.database.db);
    buyers = await customers(server.platform.database.db, server.organizationId, 24);
  });
  afterAll(() => server.close());

  const db = () => server.platform.database.db;
  const outcome = (r: LightMyRequestResponse) => (r.statusCode < 300 ? String(r.statusCode) : `${r.statusCode} ${r.json().error?.code}`);
  const order = () => readyDeliveryOrder(server, manager, fx, buyers[nextBuyer++], 1);
  const run = async (unorderedValueCents = 0) => {
    const vehicleId = await addVehicle(server, manager, fx.storeId, `Race van ${++nextVehicle}`);
    const created = await server.request({ method: 'POST', url: '/v1/delivery-runs', cookie: driver, body: { storeId: fx.storeId, vehicleId, unorderedValueCents } });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id as string;
  };
  const load = (runId: string, orderId: string) => server.request({ method: 'POST', url: `/v1/delivery-runs/${runId}/stops`, cookie: driver, body: { orderId } });

  it('racing loads onto a vehicle with room for one more order: exactly one gets on', async () => {
    const runId = await run(300_000);
    const orders = [];
    for (let i = 0; i < 6; i++) orders.push(await order());
    expect(orders[0].subtotalCents).toBe(150_000);
    const results = (await Promise.all(orders.map((o) => load(runId, o.id)))).map(outcome).sort();
    expect(results).toEqual(['201', ...Array(5).fill('422 DELIVERY_VEHICLE_LIMIT')]);
    const stops = await db().selectFrom('delivery_stop').select('order_id').where('run_id', '=', runId).execute();
    expect(stops).toHaveLength(1);
  });

  it('one order raced onto six vehicles rides one of them', async () => {
    const runs = [];
    for (let i = 0; i < 6; i++) runs.push(await run());
    const o = await order();
    const results = (await Promise.all(runs.map((r) => load(r, o.id)))).map(outcome).sort();
    expect(results).toEqual(['201', ...Array(5).fill('409 ORDER_ALREADY_LOADED')]);
    const onBoard = await db().selectFrom('delivery_stop').select('run_id').where('order_id', '=', o.id).where('status', '=', 'loaded').execute();
    expect(onBoard).toHaveLength(1);
  });

  it('a stop raced delivered and undelivered ends once, and a no-show refunds once', async () => {
    for (let round = 0; round < 3; round++) {
      const runId = await run();
      const o = await order();
      expect((await load(runId, o.id)).statusCode).toBe(201);
      expect((await server.request({ method: 'POST', url: `/v1/delivery-runs/${runId}/depart`, cookie: driver, body: {} })).statusCode).toBe(200);
      const end = (how: 'delivered' | 'undelivered') =>
        server.request({ method: 'POST', url: `/v1/delivery-runs/${runId}/stops/${o.id}/${how}`, cookie: driver, body: how === 'delivered' ? { signature: DOOR_SIGNATURE } : { reason: 'nobody home' } });
      const results = (await Promise.all([end('delivered'), end('undelivered'), end('delivered'), end('undelivered')])).map(outcome);
      expect(results.filter((r) => r === '200')).toHaveLength(1);
      expect(results.filter((r) => r !== '200').every((r) => r === '409 STOP_ENDED' || r === '409 INVALID_TRANSITION')).toBe(true);
      const stop = await db().selectFrom('delivery_stop').select('status').where('run_id', '=', runId).executeTakeFirstOrThrow();
      const row = await db().selectFrom('sales_order').select('status').where('id', '=', o.id).executeTakeFirstOrThrow();
      expect(row.status).toBe(stop.status === 'delivered' ? 'completed' : 'no_show');
      const payment = await db().selectFrom('payment').select(['amount_cents', 'refunded_cents']).where('order_id', '=', o.id).executeTakeFirstOrThrow();
      expect(Number(payment.refunded_cents)).toBe(stop.status === 'delivered' ? 0 : Number(payment.amount_cents));
      // Back, so the driver can take the next round's vehicle out.
      expect((await server.request({ method: 'POST', url: `/v1/delivery-runs/${runId}/return`, cookie: driver, body: {} })).statusCode).toBe(200);
    }
  });

  it('one driver’s runs raced out: one vehicle leaves, the others are 409 DRIVER_OUT and stay loading', async () => {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const runId = await run();
      expect((await load(runId, (await order()).id)).statusCode).toBe(201);
      runs.push(runId);
    }
    const depart = (runId: string) => server.request({ method: 'POST', url: `/v1/delivery-runs/${runId}/depart`, cookie: driver, body: {} });
    const results = (await Promise.all(runs.map(depart))).map(outcome).sort();
    expect(results).toEqual(['200', '409 DRIVER_OUT', '409 DRIVER_OUT']);
    const out = await db().selectFrom('delivery_run').select('id').where('id', 'in', runs).where('status', '=', 'out').execute();
    expect(out).toHaveLength(1);
  });
  // ---- a vehicle corrected or retired while a run takes it ----------------------------------

  const patchVehicle = (vehicleId: string, body: unknown) => server.request({ method: 'PATCH', url: `/v1/stores/${fx.storeId}/delivery-vehicles/${vehicleId}`, cookie: manager, body });

  /** A connection of the test's own holds the vehicle's row as a correction in flight would. */
  async function holdingVehicle<T>(vehicleId: string, change: string, racing: () => Promise<T>): Promise<T> {
    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`update delivery_vehicle set ${change} where id = $1`, [vehicleId]);
      const pending = racing();
      expect(await waitUntilBlocked(holder, 1)).toBe(true);
      await holder.query('commit');
      return await pending;
    } finally {
      await holder.end();
    }
  }

  it('two vehicles renamed to one name at once: one is renamed, the other is 409 VEHICLE_NAME_TAKEN', async () => {
    const a = await addVehicle(server, manager, fx.storeId, `Race van ${++nextVehicle}`);
    const b = await addVehicle(server, manager, fx.storeId, `Race van ${++nextVehicle}`);
    const results = (await Promise.all([a, b].map((id) => patchVehicle(id, { name: 'Race van renamed' })))).map(outcome).sort();
    expect(results).toEqual(['200', '409 VEHICLE_NAME_TAKEN']);
    const named = await db().selectFrom('delivery_vehicle').select('id').where('store_id', '=', fx.storeId).where('name', '=', 'Race van renamed').execute();
    expect(named).toHaveLength(1);
  });

  it('a plate corrected while the vehicle departs: the departure waits for it and leaves with the plate as corrected', async () => {
    const vehicleId = await addVehicle(server, manager, fx.storeId, `Race van ${++nextVehicle}`);
    const created = await server.request({ method: 'POST', url: '/v1/delivery-runs', cookie: manager, body: { storeId: fx.storeId, vehicleId } });
    expect(created.statusCode, created.body).toBe(201);
    const runId = created.json().id as string;
    const o = await order();
    expect((await server.request({ method: 'POST', url: `/v1/delivery-runs/${runId}/stops`, cookie: manager, body: { orderId: o.id } })).statusCode).toBe(201);
    const departed = await holdingVehicle(vehicleId, `license_plate = '7RACE77'`, () => server.request({ method: 'POST', url: `/v1/delivery-runs/${runId}/depart`, cookie: manager, body: {} }));
    expect(departed.statusCode, departed.body).toBe(200);
    expect(departed.json().vehicle.licensePlate).toBe('7RACE77');
    const event = await db().selectFrom('outbox_event').select('payload').where('type', '=', 'delivery.stop.departed').where('payload', '@>', JSON.stringify({ runId }) as never).executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ vehicle: { licensePlate: '7RACE77' } });
    // Out now: a correction is refused.
    expect(outcome(await patchVehicle(vehicleId, { licensePlate: '7LATE77' }))).toBe('409 VEHICLE_OUT');
  });

  it('a run started on a vehicle being retired: it waits, and is refused as 409 VEHICLE_RETIRED', async () => {
    const vehicleId = await addVehicle(server, manager, fx.storeId, `Race van ${++nextVehicle}`);
    const started = await holdingVehicle(vehicleId, 'active = false', () => server.request({ method: 'POST', url: '/v1/delivery-runs', cookie: manager, body: { storeId: fx.storeId, vehicleId } }));
    expect(outcome(started)).toBe('409 VEHICLE_RETIRED');
    expect(await db().selectFrom('delivery_run').select('id').where('vehicle_id', '=', vehicleId).execute()).toHaveLength(0);
  });
});
