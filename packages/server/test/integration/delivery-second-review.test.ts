// Second and third reviews of delivery runs (2026-12-07): each test here failed on the code of the
// day and names what went wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { addVehicle, bringBackRun, DOOR_SIGNATURE, OAKLAND_ADDRESS, readyDeliveryOrder } from '../support/delivery-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('delivery runs, second review', () => {
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
    buyers = await customers(server.platform.database.db, server.organizationId, 5);
  });
  afterAll(() => server.close());
  const db = () => server.platform.database.db;
  const post = (url: string, body: unknown, cookie = driver) => server.request({ method: 'POST', url, cookie, body });
  const codeOf = (r: { statusCode: number; json(): { error?: { code: string } } }) => `${r.statusCode} ${r.json().error?.code ?? ''}`.trim();

  /** A delivery order paid with `tenders`, moved to ready; `scan: false` leaves its package unscanned. */
  async function deliveryOrder(customerId: string, tenders: unknown[], options: { scan?: boolean } = {}) {
    const cart = await post('/v1/carts', { storeId: fx.storeId, customerId, channel: 'delivery' }, manager);
    expect(cart.statusCode, cart.body).toBe(201);
    const cartId = cart.json().id as string;
    expect((await post(`/v1/carts/${cartId}/lines`, { skuId: fx.skuId, quantity: 1 }, manager)).statusCode).toBe(200);
    const details = { delivery: { name: 'Dee Livery', phone: '+15105550142', address: OAKLAND_ADDRESS, addressType: 'residence' } };
    expect((await server.request({ method: 'PUT', url: `/v1/carts/${cartId}/fulfillment`, cookie: manager, body: details })).statusCode).toBe(200);
    const done = await post(`/v1/carts/${cartId}/complete`, { tenders }, manager);
    expect(done.statusCode, done.body).toBe(201);
    const order = done.json().order as { id: string; number: string; subtotalCents: number; totalCents: number };
    const move = (to: string) => post(`/v1/orders/${order.id}/transitions`, { to }, manager);
    expect((await move('accepted')).statusCode).toBe(200);
    if (options.scan !== false) expect((await post(`/v1/orders/${order.id}/picks`, { lineNo: 0, packageLabel: fx.packageLabel }, manager)).statusCode).toBe(200);
    expect((await move('packed')).statusCode).toBe(200);
    expect((await move('ready')).statusCode).toBe(200);
    return order;
  }

  async function loadingRun(vehicleName: string): Promise<string> {
    const vehicleId = await addVehicle(server, manager, fx.storeId, vehicleName);
    const run = await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId });
    expect(run.statusCode, run.body).toBe(201);
    return run.json().id as string;
  }

  it('while loading, the manifest counts as paid ahead only the orders that are: an order paid in cash at the door is not', async () => {
    const runId = await loadingRun('Second Review Van 1');
    const cash = await deliveryOrder(buyers[0], [{ kind: 'cash' }]);
    const card = await readyDeliveryOrder(server, manager, fx, buyers[1], 1);
    expect((await post(`/v1/delivery-runs/${runId}/stops`, { orderId: cash.id })).statusCode).toBe(201);
    const loaded = await post(`/v1/delivery-runs/${runId}/stops`, { orderId: card.id });
    expect(loaded.statusCode, loaded.body).toBe(201);
    expect(loaded.json().stops.map((s: { prepaid: boolean }) => s.prepaid)).toEqual([false, true]);
    // It said every order on board was paid ahead ($90 of $90), though the cash one is collected at the door.
    expect(loaded.json().load).toMatchObject({ valueCents: cash.subtotalCents + card.subtotalCents, prepaidValueCents: card.subtotalCents, violations: [] });
    const manifest = await server.request({ method: 'GET', url: `/v1/delivery-runs/${runId}`, cookie: driver });
    expect(manifest.json().load.prepaidValueCents).toBe(card.subtotalCents);
    // Departure judges and keeps the same figure.
    const left = await post(`/v1/delivery-runs/${runId}/depart`, {});
    expect(left.statusCode, left.body).toBe(200);
    expect(left.json().load.prepaidValueCents).toBe(card.subtotalCents);
    await bringBackRun(server, driver, runId);
  });

  it('the manifest says how much cash the driver collects at the door: the order’s cash part, not its total when part was paid by card', async () => {
    const runId = await loadingRun('Second Review Van 2');
    const split = await deliveryOrder(buyers[2], [{ kind: 'simulator', amountCents: 1_000 }, { kind: 'cash' }]);
    const cash = await deliveryOrder(buyers[3], [{ kind: 'cash' }]);
    const card = await readyDeliveryOrder(server, manager, fx, buyers[0], 1);
    for (const order of [split, cash, card]) expect((await post(`/v1/delivery-runs/${runId}/stops`, { orderId: order.id })).statusCode).toBe(201);
    const manifest = (await server.request({ method: 'GET', url: `/v1/delivery-runs/${runId}`, cookie: driver })).json();
    expect(manifest.stops.map((s: { prepaid: boolean; collectCents: number }) => [s.prepaid, s.collectCents])).toEqual([
      [false, split.totalCents - 1_000],
      [false, cash.totalCents],
      [true, 0],
    ]);
  });

  it('an order whose packages were never scanned is not loaded: at the door it could not be handed over, and nothing can be scanned once it is out', async () => {
    const runId = await loadingRun('Second Review Van 3');
    const unscanned = await deliveryOrder(buyers[1], [{ kind: 'simulator' }], { scan: false });
    const refused = await post(`/v1/delivery-runs/${runId}/stops`, { orderId: unscanned.id });
    expect(codeOf(refused)).toBe('409 NOT_PICKED');
    expect(refused.json().error.details).toMatchObject({ path: ['body', 'orderId'], lines: [{ lineNo: 0, missing: [fx.packageLabel] }] });
    expect(await db().selectFrom('delivery_stop').select('id').where('order_id', '=', unscanned.id).execute()).toEqual([]);
    // Scanned at the store, it loads, leaves and is handed over.
    expect((await post(`/v1/orders/${unscanned.id}/picks`, { lineNo: 0, packageLabel: fx.packageLabel }, manager)).statusCode).toBe(200);
    expect((await post(`/v1/delivery-runs/${runId}/stops`, { orderId: unscanned.id })).statusCode).toBe(201);
    expect((await post(`/v1/delivery-runs/${runId}/depart`, {})).statusCode).toBe(200);
    const handed = await post(`/v1/delivery-runs/${runId}/stops/${unscanned.id}/delivered`, { signature: DOOR_SIGNATURE });
    expect(handed.statusCode, handed.body).toBe(200);
    await bringBackRun(server, driver, runId);
  });
  it('an order goes out for delivery only with its run: the transitions route refuses out_for_delivery and changes nothing', async () => {
    const order = await deliveryOrder(buyers[2], [{ kind: 'simulator' }]);
    const refused = await post(`/v1/orders/${order.id}/transitions`, { to: 'out_for_delivery' }, manager);
    expect(codeOf(refused)).toBe('409 DELIVERY_RUN_REQUIRED');
    expect(refused.json().error.details).toMatchObject({ path: ['body', 'to'] });
    expect((await db().selectFrom('sales_order').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status).toBe('ready');
  });

  // ---- third review ---------------------------------------------------------------------------

  /** A run of the driver on a new vehicle with one ready order of `customerId` loaded. */
  async function loadedRun(vehicleName: string, customerId: string) {
    const runId = await loadingRun(vehicleName);
    const order = await readyDeliveryOrder(server, manager, fx, customerId, 1);
    expect((await post(`/v1/delivery-runs/${runId}/stops`, { orderId: order.id })).statusCode).toBe(201);
    return { runId, order };
  }
  const runStatus = async (runId: string) => (await db().selectFrom('delivery_run').select('status').where('id', '=', runId).executeTakeFirstOrThrow()).status;

  it('bad input: the runs of a store that is not the caller’s organization’s are 404, not an empty list; a body sent to return is 400, and the run stays out; depart and return take no body at all', async () => {
    const listed = await server.request({ method: 'GET', url: `/v1/delivery-runs?storeId=${fx.skuId}`, cookie: driver });
    expect(codeOf(listed)).toBe('404 NOT_FOUND');
    // POST without a body (no content type), as a client sends an action with nothing to say.
    const bare = (url: string) => server.app.inject({ method: 'POST', url, headers: { cookie: driver } });
    // A run out with its stop ended: only the stray field stops it returning.
    const outRun = await loadedRun('Third Review Van 1', buyers[4]);
    const left = await bare(`/v1/delivery-runs/${outRun.runId}/depart`);
    expect(left.statusCode, left.body).toBe(200);
    expect((await post(`/v1/delivery-runs/${outRun.runId}/stops/${outRun.order.id}/undelivered`, { reason: 'gate locked', redeliver: true })).statusCode).toBe(200);
    const junk = await post(`/v1/delivery-runs/${outRun.runId}/return`, { force: true });
    expect(codeOf(junk)).toBe('400 VALIDATION_FAILED');
    expect(junk.json().error.details.map((d: { path: string[] }) => d.path)).toContainEqual(['body', 'force']);
    expect(await runStatus(outRun.runId)).toBe('out');
    const back = await bare(`/v1/delivery-runs/${outRun.runId}/return`);
    expect(back.statusCode, back.body).toBe(200);
    expect(await runStatus(outRun.runId)).toBe('returned');
    // A bare hand-over (the ID on file, no signature) is judged too, not refused for its missing body.
    expect(codeOf(await bare(`/v1/delivery-runs/${outRun.runId}/stops/${outRun.order.id}/delivered`))).toBe('409 RUN_STATUS');
  });
});
