// PostgreSQL only: the order lifecycle (pickup) under racing requests. Every order is paid on two
// cards (the simulator, with a processor's latency on refunds), so a cancel's refund has two parts.
// Whatever the interleaving: the transitions recorded form one chain from placed, one per change
// of state; a cancel puts the stock back, credits the limit usage and refunds each payment exactly
// once; a hand-over and a cancel never both happen; a line never holds more picked packages than
// units. The losers of a race get a stable 409, never a 500.
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { paymentsOf } from '../../src/modules/payments';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('order lifecycle races (PostgreSQL)', () => {
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    server = await startTestServer();
    cookie = await server.login('manager');
  });
  afterAll(() => server.close());
  afterEach(() => {
    simulator().configure({ latencyMs: 0 });
    vi.restoreAllMocks();
  });

  const db = () => server.platform.database.db;
  const simulator = () => paymentsOf(server.platform).simulator;
  const outcome = (r: LightMyRequestResponse) => (r.statusCode === 200 ? '200' : `${r.statusCode} ${r.json().error?.code}`);
  const move = (orderId: string, to: string, headers?: Record<string, string>) =>
    server.request({
      method: 'POST',
      url: `/v1/orders/${orderId}/transitions`,
      cookie,
      body: { to, ...(to === 'cancelled' || to === 'no_show' ? { reason: 'customer called' } : {}) },
      ...(headers ? { headers } : {}),
    });
  const scan = (orderId: string, packageLabel: string, lineNo = 0) => server.request({ method: 'POST', url: `/v1/orders/${orderId}/picks`, cookie, body: { lineNo, packageLabel } });

  /** A placed pickup order of `quantity` units, paid on two cards (about half each). */
  async function placedOrder(fx: CheckoutFixture, customerId: string, quantity: number) {
    const cart = await server.request({ method: 'POST', url: '/v1/carts', cookie, body: { storeId: fx.storeId, customerId, channel: 'pickup' } });
    expect(cart.statusCode, cart.body).toBe(201);
    const id = cart.json().id as string;
    const added = await server.request({ method: 'POST', url: `/v1/carts/${id}/lines`, cookie, body: { skuId: fx.skuId, quantity } });
    expect(added.statusCode, added.body).toBe(200);
    const half = Math.floor(added.json().totals.totalCents / 2);
    await server.request({ method: 'PUT', url: `/v1/carts/${id}/fulfillment`, cookie, body: { pickup: { name: 'Racer', phone: '+15105550100' } } });
    const done = await server.request({
      method: 'POST',
      url: `/v1/carts/${id}/complete`,
      cookie,
      body: { tenders: [{ kind: 'simulator', amountCents: half, cardLast4: '1111' }, { kind: 'simulator', cardLast4: '2222' }] },
    });
    expect(done.statusCode, done.body).toBe(201);
    const order = done.json().order as { id: string; totalCents: number; lines: Array<{ quantity: number; picks: Array<{ packageLabel: string }> }> };
    const payments = await db().selectFrom('payment').select('id').where('order_id', '=', order.id).execute();
    expect(payments).toHaveLength(2);
    return order;
  }

  /** A placed order moved (sequentially) to ready, every package of its lines scanned. */
  async function readyOrder(fx: CheckoutFixture, customerId: string, quantity: number) {
    const order = await placedOrder(fx, customerId, quantity);
    expect(outcome(await move(order.id, 'accepted'))).toBe('200');
    for (const [lineNo, line] of order.lines.entries()) {
      for (const pick of line.picks) expect(outcome(await scan(order.id, pick.packageLabel, lineNo))).toBe('200');
    }
    expect(outcome(await move(order.id, 'packed'))).toBe('200');
    expect(outcome(await move(order.id, 'ready'))).toBe('200');
    return order;
  }

  /** The order's history must be one unbroken chain from placed (null → placed → … ), and its end the order's status. */
  async function history(orderId: string) {
    const rows = await db().selectFrom('sales_order_transition').select(['from_status', 'to_status']).where('order_id', '=', orderId).orderBy('id').execute();
    const status = (await db().selectFrom('sales_order').select('status').where('id', '=', orderId).executeTakeFirstOrThrow()).status;
    expect(rows[0]).toEqual({ from_status: null, to_status: 'placed' });
    for (let i = 1; i < rows.length; i++) expect(rows[i].from_status, `transition ${i} starts where ${i - 1} ended`).toBe(rows[i - 1].to_status);
    expect(rows[rows.length - 1].to_status).toBe(status);
    return { status, moves: rows.slice(1).map((r) => r.to_status) };
  }

  /** What the order's payments gave back: per payment, what was refunded and how many refund rows record it. */
  async function money(orderId: string) {
    const rows = await sql<{ id: string; paid: number; refunded: number; recorded: number; refund_rows: number }>`
      select p.id, p.amount_cents::int as paid, p.refunded_cents::int as refunded,
             coalesce(sum(r.amount_cents), 0)::int as recorded, count(r.id)::int as refund_rows
        from payment p left join payment_refund r on r.payment_id = p.id
       where p.order_id = ${orderId} group by p.id order by p.id`.execute(db());
    return rows.rows;
  }

  async function usage(orderId: string) {
    const rows = await sql<{ quantity: number; credited: number }>`
      select sum(quantity)::int as quantity, sum(credited_quantity)::int as credited from purchase_usage_line where order_id = ${orderId}`.execute(db());
    return rows.rows[0];
  }

  async function events(orderId: string, type: string) {
    return (await db().selectFrom('outbox_event').select('id').where('type', '=', type).where('aggregate_id', '=', orderId).execute()).length;
  }

  /** Stock movements that put this order's units back on the shelf. */
  async function returnedUnits(orderId: string) {
    const rows = await sql<{ units: number; n: number }>`
      select coalesce(sum(on_hand_delta), 0)::int as units, count(*)::int as n from inventory_movement
       where reference_type = 'order' and reference_id = ${orderId} and kind = 'return'`.execute(db());
    return rows.rows[0];
  }

  /** Everything a cancel must have undone, exactly once. */
  async function expectCancelledOnce(order: { id: string; totalCents: number }, fx: CheckoutFixture, stockBefore: number, quantity: number) {
    const stock = await ledgerMatches(db(), fx.packageId);
    expect(stock).toEqual({ onHand: stockBefore + quantity, reserved: 0, ledgerOnHand: stockBefore + quantity, ledgerReserved: 0 });
    expect(await returnedUnits(order.id)).toMatchObject({ units: quantity });
    expect(await usage(order.id)).toEqual({ quantity, credited: quantity });
    const paid = await money(order.id);
    expect(paid.reduce((s, p) => s + p.paid, 0)).toBe(order.totalCents);
    for (const p of paid) expect(p).toMatchObject({ refunded: p.paid, recorded: p.paid, refund_rows: 1 });
    expect(await events(order.id, 'orders.order.cancelled')).toBe(1);
    expect(await events(order.id, 'orders.order.completed')).toBe(0);
  }

  /** The refund path logs 'refund failed: needs follow-up' for money it could not move: none may appear. */
  function refundFailures() {
    const spy = vi.spyOn(server.platform.logger, 'error');
    return () => spy.mock.calls.filter((c) => c.some((a) => typeof a === 'string' && a.includes('refund')));
  }

  it('5 cancels and 5 forward moves of a placed order at once: one chain of transitions, cancelled once, undone once', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 20, code: 'HH-BD-35' });
    const [buyer] = await customers(db(), server.organizationId, 1);
    const order = await placedOrder(fx, buyer, 2);
    const stockBefore = (await ledgerMatches(db(), fx.packageId)).onHand;
    simulator().configure({ latencyMs: 100 });
    const failures = refundFailures();

    const forward = ['accepted', 'accepted', 'packed', 'packed', 'ready'];
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => move(order.id, i % 2 === 0 ? 'cancelled' : forward[(i - 1) / 2])));
    const outcomes = results.map(outcome);
    for (const o of outcomes) expect(['200', '409 INVALID_TRANSITION']).toContain(o);
    const cancels = results.filter((_, i) => i % 2 === 0);
    expect(cancels.filter((r) => r.statusCode === 200)).toHaveLength(1);

    const { status, moves } = await history(order.id);
    expect(status).toBe('cancelled');
    // One transition row per request that changed the state, and nothing after the cancel.
    expect(moves).toHaveLength(outcomes.filter((o) => o === '200').length);
    expect(moves.filter((m) => m === 'cancelled')).toHaveLength(1);
    await expectCancelledOnce(order, fx, stockBefore, 2);
    expect(failures()).toEqual([]);
  });

  it('the same move sent 5 times at once: one transition, the others 409 INVALID_TRANSITION', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 20, code: 'HH-GDP-35' });
    const [buyer] = await customers(db(), server.organizationId, 1);
    const order = await placedOrder(fx, buyer, 1);
    const stockBefore = (await ledgerMatches(db(), fx.packageId)).onHand;

    const accepts = await Promise.all(Array.from({ length: 5 }, () => move(order.id, 'accepted')));
    expect(accepts.map(outcome).sort()).toEqual(['200', '409 INVALID_TRANSITION', '409 INVALID_TRANSITION', '409 INVALID_TRANSITION', '409 INVALID_TRANSITION']);
    for (const r of accepts.filter((x) => x.statusCode === 409)) expect(r.json().error.details).toMatchObject({ from: 'accepted', to: 'accepted' });
    expect((await history(order.id)).moves).toEqual(['accepted']);

    simulator().configure({ latencyMs: 100 });
    const failures = refundFailures();
    const cancels = await Promise.all(Array.from({ length: 5 }, () => move(order.id, 'cancelled')));
    expect(cancels.map(outcome).sort()).toEqual(['200', '409 INVALID_TRANSITION', '409 INVALID_TRANSITION', '409 INVALID_TRANSITION', '409 INVALID_TRANSITION']);
    expect((await history(order.id)).moves).toEqual(['accepted', 'cancelled']);
    await expectCancelledOnce(order, fx, stockBefore, 1);
    expect(failures()).toEqual([]);
  });

  it('the same cancel sent 5 times at once with one Idempotency-Key: one cancel, each payment refunded once, no refund reported failed', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 20, code: 'HH-GDP-14' });
    const [buyer] = await customers(db(), server.organizationId, 1);
    const order = await placedOrder(fx, buyer, 1);
    const stockBefore = (await ledgerMatches(db(), fx.packageId)).onHand;
    simulator().configure({ latencyMs: 100 });
    const failures = refundFailures();

    const key = `cancel-${order.id}`;
    const results = await Promise.all(Array.from({ length: 5 }, () => move(order.id, 'cancelled', { 'idempotency-key': key })));
    expect(results.map(outcome)).toEqual(['200', '200', '200', '200', '200']);
    expect(results.filter((r) => r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    for (const r of results) expect(r.json()).toMatchObject({ id: order.id, status: 'cancelled' });
    expect((await history(order.id)).moves).toEqual(['cancelled']);
    await expectCancelledOnce(order, fx, stockBefore, 1);
    // A replay answers the first request's cancel; it must not reach for the same payments again
    // (each such attempt is refused by the payment's claim and logged as a refund needing follow-up).
    expect(failures()).toEqual([]);
  });

  it('hand-over racing cancel at the counter: completed or cancelled, never both', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 40, code: 'HH-BD-7' });
    const buyers = await customers(db(), server.organizationId, 4);
    for (const [round, buyer] of buyers.entries()) {
      const order = await readyOrder(fx, buyer, 1);
      const stockBefore = (await ledgerMatches(db(), fx.packageId)).onHand;
      simulator().configure({ latencyMs: 50 });
      // Alternate who is sent first, so both outcomes happen across the rounds (which one wins a
      // round is the scheduler's choice; the checks hold either way).
      const jobs = Array.from({ length: 8 }, (_, i) => ((i + round) % 2 === 0 ? 'completed' : 'cancelled'));
      const results = await Promise.all(jobs.map((to) => move(order.id, to)));
      simulator().configure({ latencyMs: 0 });
      const outcomes = results.map(outcome);
      expect(outcomes.sort()).toEqual(['200', ...Array.from({ length: 7 }, () => '409 INVALID_TRANSITION')]);

      const { status, moves } = await history(order.id);
      expect(moves).toEqual(['accepted', 'packed', 'ready', status]);
      const row = await db().selectFrom('sales_order').select(['completed_at', 'id_verification_id']).where('id', '=', order.id).executeTakeFirstOrThrow();
      if (status === 'completed') {
        expect(row.completed_at).not.toBeNull();
        expect(row.id_verification_id).not.toBeNull();
        expect(await events(order.id, 'orders.order.completed')).toBe(1);
        expect(await events(order.id, 'orders.order.cancelled')).toBe(0);
        for (const p of await money(order.id)) expect(p).toMatchObject({ refunded: 0, recorded: 0, refund_rows: 0 });
        expect(await returnedUnits(order.id)).toEqual({ units: 0, n: 0 });
        expect(await usage(order.id)).toEqual({ quantity: 1, credited: 0 });
        expect((await ledgerMatches(db(), fx.packageId)).onHand).toBe(stockBefore);
      } else {
        expect(status).toBe('cancelled');
        expect(row.completed_at).toBeNull();
        await expectCancelledOnce(order, fx, stockBefore, 1);
      }
    }
  });

  it('more package scans than units for one line, at once: each package is picked once, never more labels than units', async () => {
    // A line of 2 units drawn from two packages of one unit each, and a line of 3 from one package.
    const first = await stockedSku(db(), server.organizationId, { quantity: 1, code: 'HH-HRQ-35' });
    const second = await stockedSku(db(), server.organizationId, { quantity: 1, code: 'HH-HRQ-35' });
    const [buyer, other] = await customers(db(), server.organizationId, 2);
    const split = await placedOrder(second, buyer, 2);
    expect(split.lines[0].picks.map((p) => p.packageLabel).sort()).toEqual([first.packageLabel, second.packageLabel].sort());
    const single = await placedOrder(await stockedSku(db(), server.organizationId, { quantity: 10, code: 'HH-LCG-35' }), other, 3);
    expect(single.lines[0].picks).toHaveLength(1);
    const singleLabel = single.lines[0].picks[0].packageLabel;

    const jobs = [
      ...Array.from({ length: 6 }, (_, i) => scan(split.id, i % 2 === 0 ? first.packageLabel : second.packageLabel)),
      ...Array.from({ length: 6 }, () => scan(single.id, singleLabel)),
      // A wrong package among them is refused and records nothing.
      scan(split.id, singleLabel),
      // Moving the order on while it is being scanned is fine (packed is still a picking state).
      move(split.id, 'accepted'),
    ];
    const results = await Promise.all(jobs);
    expect(results.slice(0, 12).map(outcome)).toEqual(Array.from({ length: 12 }, () => '200'));
    expect(outcome(results[12])).toBe('409 PACKAGE_MISMATCH');
    expect(outcome(results[13])).toBe('200');

    const picked = async (orderId: string) =>
      (await db().selectFrom('sales_order_line').select(['quantity', 'picked_labels']).where('order_id', '=', orderId).executeTakeFirstOrThrow()) as { quantity: number; picked_labels: string[] };
    const splitLine = await picked(split.id);
    expect([...splitLine.picked_labels].sort()).toEqual([first.packageLabel, second.packageLabel].sort());
    const singleLine = await picked(single.id);
    expect(singleLine.picked_labels).toEqual([singleLabel]);
    for (const line of [splitLine, singleLine]) expect(line.picked_labels.length).toBeLessThanOrEqual(Number(line.quantity));

    // Fully picked, so the hand-over is allowed after packing.
    for (const to of ['packed', 'ready', 'completed']) expect(outcome(await move(split.id, to))).toBe('200');
  });
});
