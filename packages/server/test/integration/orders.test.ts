import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { hoursExcludingNow, openAroundTheClock, setStoreHours } from '../support/open-hours';
import { startTestServer, type TestServer } from '../support/test-server';
import { paymentsOf } from '../../src/modules/payments/payments.service';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';

describe('orders: lifecycle, returns, voids, receipts', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let fx: CheckoutFixture;
  let buyers: string[];

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 30 });
    buyers = await customers(server.platform.database.db, server.organizationId, 4);
  });
  afterAll(() => server.close());
  const db = () => server.platform.database.db;

  async function placedOrder(customerId: string, quantity = 1) {
    const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: fx.storeId, customerId, channel: 'pickup' } })).json();
    await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie: manager, body: { skuId: fx.skuId, quantity } });
    await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat', phone: '+15105550100' } } });
    const done = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });
    expect(done.statusCode, done.body).toBe(201);
    return done.json().order;
  }
  const move = (id: string, to: string, extra: Record<string, unknown> = {}) =>
    server.request({ method: 'POST', url: `/v1/orders/${id}/transitions`, cookie: budtender, body: { to, ...extra } });

  it('a pickup order goes through the pick queue, package scans and an ID-checked hand-over', async () => {
    const order = await placedOrder(buyers[0], 2);
    const queue = (await server.request({ method: 'GET', url: `/v1/stores/${fx.storeId}/pick-queue`, cookie: budtender })).json().orders;
    expect(queue.map((o: { id: string }) => o.id)).toContain(order.id);

    const skip = await move(order.id, 'ready');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error.code).toBe('INVALID_TRANSITION');

    expect((await move(order.id, 'accepted')).statusCode).toBe(200);
    const wrong = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/picks`, cookie: budtender, body: { lineNo: 0, packageLabel: 'WRONGLABEL0001' } });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.code).toBe('PACKAGE_MISMATCH');
    const scan = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/picks`, cookie: budtender, body: { lineNo: 0, packageLabel: fx.packageLabel } });
    expect(scan.statusCode, scan.body).toBe(200);
    expect((await move(order.id, 'packed')).statusCode).toBe(200);
    expect((await move(order.id, 'ready')).statusCode).toBe(200);
    expect(await db().selectFrom('outbox_event').select('id').where('type', '=', 'orders.order.completed').where('aggregate_id', '=', order.id).execute()).toHaveLength(0);
    const handed = await move(order.id, 'completed');
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json().idVerificationId).toBeTruthy();
    const event = await db().selectFrom('outbox_event').select('payload').where('type', '=', 'orders.order.completed').where('aggregate_id', '=', order.id).executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ orderId: order.id, channel: 'pickup', customer: { id: buyers[0], kind: 'adult_use' } });
    expect((await move(order.id, 'cancelled', { reason: 'too late' })).json().error.code).toBe('INVALID_TRANSITION');
  });

  it('the hand-over links a current ID check of this customer only: not an expired one, not someone else’s', async () => {
    const [customerId] = await customers(db(), server.organizationId, 1);
    const order = await placedOrder(customerId, 1);
    for (const to of ['accepted']) expect((await move(order.id, to)).statusCode).toBe(200);
    await server.request({ method: 'POST', url: `/v1/orders/${order.id}/picks`, cookie: budtender, body: { lineNo: 0, packageLabel: fx.packageLabel } });
    for (const to of ['packed', 'ready']) expect((await move(order.id, to)).statusCode).toBe(200);
    // The only check on file was of a document that has expired since.
    await db().updateTable('customer_id_verification').set({ expires_on: '2024-01-31' }).where('customer_id', '=', customerId).execute();
    const expired = await move(order.id, 'completed');
    expect(expired.statusCode).toBe(422);
    expect(expired.json().error).toMatchObject({ code: 'ID_EXPIRED', details: { expiresOn: '2024-01-31' } });
    const someoneElses = await db().selectFrom('customer_id_verification').select('id').where('customer_id', '=', buyers[3]).executeTakeFirstOrThrow();
    const borrowed = await move(order.id, 'completed', { idVerificationId: someoneElses.id });
    expect(borrowed.statusCode).toBe(422);
    expect(borrowed.json().error).toMatchObject({ code: 'ID_NOT_VERIFIED', details: { path: ['body', 'idVerificationId'] } });
    expect((await db().selectFrom('sales_order').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status).toBe('ready');
    // Both refusals are compliance decisions: in the log with who, where and why, though the hand-over rolled back.
    const logged = await db().selectFrom('compliance_event').selectAll().where('order_id', '=', order.id).orderBy('occurred_at').execute();
    expect(logged.map((e) => [e.id, e.kind, e.source, e.customer_id, e.channel, e.codes])).toEqual([
      [expired.json().error.details.refusalId, 'refusal', 'hand_over', customerId, 'pickup', ['ID_EXPIRED']],
      [borrowed.json().error.details.refusalId, 'refusal', 'hand_over', customerId, 'pickup', ['ID_NOT_VERIFIED']],
    ]);
    expect(logged[0]!.actor_type).toBe('staff');

    const current = await server.request({
      method: 'POST',
      url: `/v1/customers/${customerId}/id-verifications`,
      cookie: budtender,
      body: { storeId: fx.storeId, channel: 'pickup', documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2031-05-01', birthDate: '1985-06-15' },
    });
    expect(current.statusCode, current.body).toBe(201);
    const handed = await move(order.id, 'completed');
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json().idVerificationId).toBe(current.json().verification.id);
  });

  it('a pickup is handed over only within the pack’s hours; outside them it is refused, logged, and the order waits', async () => {
    const [customerId] = await customers(db(), server.organizationId, 1);
    const order = await placedOrder(customerId, 1);
    expect((await move(order.id, 'accepted')).statusCode).toBe(200);
    await server.request({ method: 'POST', url: `/v1/orders/${order.id}/picks`, cookie: budtender, body: { lineNo: 0, packageLabel: fx.packageLabel } });
    for (const to of ['packed', 'ready']) expect((await move(order.id, to)).statusCode).toBe(200);
    // The store's hours as a window that leaves out this moment (the fixture keeps test stores open).
    await setStoreHours(server.platform, [fx.storeId], hoursExcludingNow('America/Los_Angeles'));
    try {
      const late = await move(order.id, 'completed');
      expect(late.statusCode).toBe(422);
      expect(late.json().error).toMatchObject({ code: 'OUTSIDE_SALE_HOURS', details: { violations: [{ rule: 'us-ca.hours.sale' }] } });
      const logged = await db().selectFrom('compliance_event').select(['source', 'codes', 'order_id']).where('id', '=', late.json().error.details.refusalId).executeTakeFirstOrThrow();
      expect(logged).toEqual({ source: 'hand_over', codes: ['OUTSIDE_SALE_HOURS'], order_id: order.id });
      expect((await db().selectFrom('sales_order').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status).toBe('ready');
    } finally {
      await openAroundTheClock(server.platform, [fx.storeId]);
    }
    expect((await move(order.id, 'completed')).statusCode).toBe(200);
  });

  it('a line sold from two packages is handed over only when both are scanned', async () => {
    const first = await stockedSku(db(), server.organizationId, { code: 'HH-GDP-35', quantity: 1 });
    const second = await stockedSku(db(), server.organizationId, { code: 'HH-GDP-35', quantity: 1 });
    const [customerId] = await customers(db(), server.organizationId, 1);
    const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: first.storeId, customerId, channel: 'pickup' } })).json();
    expect((await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie: manager, body: { skuId: first.skuId, quantity: 2 } })).statusCode).toBe(200);
    await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat', phone: '+15105550100' } } });
    const order = (await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } })).json().order;
    expect(order.lines[0].picks.map((p: { packageLabel: string }) => p.packageLabel).sort()).toEqual([first.packageLabel, second.packageLabel].sort());
    expect((await move(order.id, 'accepted')).statusCode).toBe(200);
    const scan = (label: string) => server.request({ method: 'POST', url: `/v1/orders/${order.id}/picks`, cookie: budtender, body: { lineNo: 0, packageLabel: label } });
    expect((await scan(first.packageLabel)).statusCode).toBe(200);
    for (const to of ['packed', 'ready']) expect((await move(order.id, to)).statusCode).toBe(200);
    const half = await move(order.id, 'completed');
    expect(half.statusCode).toBe(409);
    expect(half.json().error).toMatchObject({ code: 'NOT_PICKED', details: { lines: [{ lineNo: 0, missing: [second.packageLabel] }] } });
    // The package missed while packing is scanned at the counter, and the order goes.
    expect((await scan(second.packageLabel)).statusCode).toBe(200);
    const handed = await move(order.id, 'completed');
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json().lines[0].pickedLabels.sort()).toEqual([first.packageLabel, second.packageLabel].sort());
  });

  it('a cancelled order puts the stock back, credits the limit and refunds the payment', async () => {
    const before = await ledgerMatches(db(), fx.packageId);
    const order = await placedOrder(buyers[1], 1);
    expect((await ledgerMatches(db(), fx.packageId)).onHand).toBe(before.onHand - 1);
    const cancelled = await move(order.id, 'cancelled', { reason: 'customer called' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const after = await ledgerMatches(db(), fx.packageId);
    expect(after.onHand).toBe(before.onHand);
    expect(after.onHand).toBe(after.ledgerOnHand);
    const payment = await db().selectFrom('payment').select(['refunded_cents', 'amount_cents']).where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect(payment.refunded_cents).toBe(payment.amount_cents);
    // The order says so too (reports read it), in the answer and in the row.
    expect(cancelled.json().refundedCents).toBe(order.totalCents);
    const row = await db().selectFrom('sales_order').select(['refunded_cents', 'total_cents']).where('id', '=', order.id).executeTakeFirstOrThrow();
    expect(Number(row.refunded_cents)).toBe(Number(row.total_cents));
    const usage = await sql<{ credited: number }>`select credited_quantity::int as credited from purchase_usage_line where order_id = ${order.id}`.execute(db());
    expect(usage.rows[0].credited).toBe(1);
  });

  type Owed = { status: string; attempts: number; lastError: string | null; refundedAt: string | null };
  /** Reads the order's refund owed until it reaches a state, working the outbox meanwhile. */
  async function refundOnceIt(orderId: string, reached: (refund: Owed) => boolean): Promise<Owed> {
    let refund: Owed | undefined;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await server.platform.deliveries.wake()) {
      refund = (await server.request({ method: 'GET', url: `/v1/orders/${orderId}`, cookie: budtender })).json().refund;
      if (refund && reached(refund)) break;
    }
    return refund!;
  }
  const refundsOf = async (orderId: string) => {
    const payment = await db().selectFrom('payment').select(['id', 'amount_cents', 'refunded_cents', 'authorization_ref']).where('order_id', '=', orderId).executeTakeFirstOrThrow();
    const recorded = await db().selectFrom('payment_refund').select(['amount_cents', 'refund_ref']).where('payment_id', '=', payment.id).execute();
    const made = paymentsOf(server.platform).simulator.refunds.filter((r) => r.authorizationRef === payment.authorization_ref);
    return { payment, recorded, made };
  };

  it('a cancellation whose refund was made but its answer lost owes it on the order; the outbox retries with the same key and it is refunded once', async () => {
    const order = await placedOrder(buyers[2], 1);
    const simulator = paymentsOf(server.platform).simulator;
    // The request's try and the outbox's first retry both lose the processor's answer: the first refunded.
    simulator.configure({ failRefundNext: 2, refundFailure: 'answer_lost' });
    try {
      const cancelled = await move(order.id, 'cancelled', { reason: 'customer called it off' });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json().refund).toMatchObject({ status: 'owed', lastError: expect.stringContaining('timeout'), refundedAt: null });
      expect(cancelled.json().refund.attempts).toBeGreaterThanOrEqual(1);
      // The processor refunded; nothing is recorded as refunded yet (the claim was released).
      expect((await refundsOf(order.id)).made).toHaveLength(1);
      expect(await refundOnceIt(order.id, (r) => r.status === 'refunded')).toMatchObject({ status: 'refunded', lastError: null, refundedAt: expect.any(String) });
    } finally {
      simulator.configure({ failRefundNext: 0, refundFailure: 'declined' });
    }
    const { payment, recorded, made } = await refundsOf(order.id);
    expect(Number(payment.refunded_cents)).toBe(Number(payment.amount_cents));
    expect(made).toEqual([{ authorizationRef: payment.authorization_ref, amountCents: Number(payment.amount_cents) }]);
    expect(recorded.map((r) => Number(r.amount_cents))).toEqual([Number(payment.amount_cents)]);
    const deliveries = await db()
      .selectFrom('outbox_delivery as d')
      .innerJoin('outbox_event as e', 'e.id', 'd.event_id')
      .select('d.status')
      .where('d.subscriber', '=', 'orders.refunds-owed')
      .where(sql<boolean>`e.payload->>'orderId' = ${order.id}`)
      .execute();
    expect(deliveries.map((d) => d.status)).toEqual(['done']);
  });

  it('a no-show recorded through the order whose refund is refused stays owed on the order until the outbox refunds it; an order still open owes nothing', async () => {
    const order = await placedOrder(buyers[3], 1);
    const simulator = paymentsOf(server.platform).simulator;
    // Refused twice: the request's try and the outbox's first retry.
    simulator.configure({ failRefundNext: 2, refundFailure: 'declined' });
    try {
      const noShow = await move(order.id, 'no_show', { reason: 'never came' });
      expect(noShow.statusCode, noShow.body).toBe(200);
      expect(noShow.json().refund).toMatchObject({ status: 'owed', lastError: 'simulated processor error on refund', refundedAt: null });
      expect((await refundsOf(order.id)).made).toEqual([]);
      expect(await refundOnceIt(order.id, (r) => r.status === 'refunded')).toMatchObject({ status: 'refunded', lastError: null });
    } finally {
      simulator.configure({ failRefundNext: 0 });
    }
    expect((await refundsOf(order.id)).made).toHaveLength(1);
    const open = await placedOrder(buyers[3], 1);
    expect((await server.request({ method: 'GET', url: `/v1/orders/${open.id}`, cookie: budtender })).json().refund).toBeNull();
    // The API document names it on the order.
    const doc = (await server.request({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.components.schemas.OrderWithRefund.properties.refund).toBeDefined();
  });

  it('a cancellation whose refund is refused on every try is dead-lettered after the last one, still owed, and refunded once when it is sent again', async () => {
    const order = await placedOrder(buyers[0], 1);
    const simulator = paymentsOf(server.platform).simulator;
    const owner = await server.login('owner');
    simulator.configure({ failRefundNext: Number.MAX_SAFE_INTEGER, refundFailure: 'declined' });
    let dead: Array<{ id: number; lastError: string; event: { aggregateId: string } }> = [];
    try {
      expect((await move(order.id, 'cancelled', { reason: 'out of stock at the store' })).statusCode).toBe(200);
      for (const deadline = Date.now() + 15_000; Date.now() < deadline && dead.length === 0; await server.platform.deliveries.wake()) {
        const list = (await server.request({ method: 'GET', url: '/v1/events/dead-letters?subscriber=orders.refunds-owed', cookie: owner })).json().deadLetters;
        dead = list.filter((d: { event: { aggregateId: string } }) => d.event.aggregateId === order.id);
      }
      expect(dead[0].lastError).toContain('refund still owed: simulated processor error on refund');
      expect(await refundOnceIt(order.id, () => true)).toMatchObject({ status: 'owed', lastError: 'simulated processor error on refund' });
      expect((await refundsOf(order.id)).made).toEqual([]);
    } finally {
      simulator.configure({ failRefundNext: 0 });
    }
    // Sent again once the processor is back: refunded, once.
    expect((await server.request({ method: 'POST', url: `/v1/events/dead-letters/${dead[0].id}/retry`, cookie: owner })).statusCode).toBe(202);
    expect(await refundOnceIt(order.id, (r) => r.status === 'refunded')).toMatchObject({ status: 'refunded', lastError: null });
    expect((await refundsOf(order.id)).made).toHaveLength(1);
  });

  /** Reads a return's refund owed on the order view until it reaches a state, working the outbox meanwhile. */
  async function returnRefundOnceIt(orderId: string, returnId: string, reached: (refund: Owed) => boolean): Promise<Owed> {
    let refund: Owed | undefined;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await server.platform.deliveries.wake()) {
      const returns = (await server.request({ method: 'GET', url: `/v1/orders/${orderId}`, cookie: budtender })).json().returns as Array<{ returnId: string; refund: Owed }>;
      refund = returns.find((r) => r.returnId === returnId)?.refund;
      if (refund && reached(refund)) break;
    }
    return refund!;
  }
  const simulatorSale = async (customerId: string, quantity: number) => {
    const id = uuidv7();
    const sale = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie: budtender, body: { id, customerId, lines: [{ skuId: fx.skuId, quantity }], tenders: [{ kind: 'simulator' }] } });
    expect(sale.statusCode, sale.body).toBe(201);
    return sale.json().order as { id: string; totalCents: number };
  };

  it('a return whose card refund is refused owes it on the return until the outbox refunds it, once, under the return’s key', async () => {
    const order = await simulatorSale(buyers[1], 2);
    const simulator = paymentsOf(server.platform).simulator;
    // Refused twice: the request's try and the outbox's first retry.
    simulator.configure({ failRefundNext: 2, refundFailure: 'declined' });
    let returned;
    // The outbox waits while the request answers: its retries (50 ms apart here) could otherwise
    // come between the request's own try and the answer it reads.
    await server.platform.deliveries.stop();
    try {
      try {
        returned = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/returns`, cookie: manager, body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'changed mind' } });
      } finally {
        server.platform.deliveries.start();
      }
      expect(returned.statusCode, returned.body).toBe(201);
      expect(returned.json().refund).toMatchObject({ status: 'owed', attempts: 1, lastError: 'simulated processor error on refund', refundedAt: null });
      expect(returned.json().refunds).toEqual([expect.objectContaining({ amountCents: returned.json().refundCents, error: 'simulated processor error on refund' })]);
      expect((await refundsOf(order.id)).made).toEqual([]);
      const settled = await returnRefundOnceIt(order.id, returned.json().returnId, (r) => r.status === 'refunded');
      expect(settled).toMatchObject({ status: 'refunded', lastError: null, refundedAt: expect.any(String) });
      expect(settled.attempts).toBeGreaterThanOrEqual(3);
    } finally {
      simulator.configure({ failRefundNext: 0 });
    }
    const { payment, recorded, made } = await refundsOf(order.id);
    expect(made).toEqual([{ authorizationRef: payment.authorization_ref, amountCents: returned.json().refundCents }]);
    expect(recorded.map((r) => Number(r.amount_cents))).toEqual([returned.json().refundCents]);
    expect(Number(payment.refunded_cents)).toBe(returned.json().refundCents);
    // The return records the refund made; a replay-free look at the order says so too.
    const stored = await db().selectFrom('sales_return').select('refunds').where('id', '=', returned.json().returnId).executeTakeFirstOrThrow();
    expect(stored.refunds).toEqual([expect.objectContaining({ paymentId: payment.id, refundId: expect.any(String) })]);
    expect((stored.refunds as Array<Record<string, unknown>>)[0].error).toBeUndefined();
  });

  it('a void whose refund was made but its answer lost is retried with the same key and refunded once; a cash void owes nothing to retry', async () => {
    const order = await simulatorSale(buyers[2], 1);
    const simulator = paymentsOf(server.platform).simulator;
    simulator.configure({ failRefundNext: 1, refundFailure: 'answer_lost' });
    let voided;
    await server.platform.deliveries.stop(); // as above: the answer is the request's own try
    try {
      try {
        voided = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/void`, cookie: manager, body: { reason: 'rang up twice' } });
      } finally {
        server.platform.deliveries.start();
      }
      expect(voided.statusCode, voided.body).toBe(201);
      expect(voided.json().refund).toMatchObject({ status: 'owed', lastError: expect.stringContaining('timeout') });
      expect((await refundsOf(order.id)).made).toHaveLength(1);
    } finally {
      simulator.configure({ failRefundNext: 0, refundFailure: 'declined' });
    }
    expect(await returnRefundOnceIt(order.id, voided.json().returnId, (r) => r.status === 'refunded')).toMatchObject({ status: 'refunded', lastError: null });
    const { payment, recorded, made } = await refundsOf(order.id);
    expect(made).toEqual([{ authorizationRef: payment.authorization_ref, amountCents: order.totalCents }]);
    expect(recorded.map((r) => Number(r.amount_cents))).toEqual([order.totalCents]);
    const event = await db().selectFrom('outbox_event').select('payload').where('type', '=', 'orders.order.voided').where('aggregate_id', '=', order.id).executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ returnId: voided.json().returnId });
    // Cash handed back at the register: refunded at once, nothing owed or retried.
    const cashId = uuidv7();
    await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie: budtender, body: { id: cashId, customerId: buyers[2], lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] } });
    const cashVoid = await server.request({ method: 'POST', url: `/v1/orders/${cashId}/void`, cookie: manager, body: { reason: 'rang up twice' } });
    expect(cashVoid.statusCode, cashVoid.body).toBe(201);
    expect(cashVoid.json().refund).toBeNull();
    expect(cashVoid.json().refunds).toEqual([expect.objectContaining({ refundId: expect.any(String) })]);
    const view = (await server.request({ method: 'GET', url: `/v1/orders/${cashId}`, cookie: manager })).json();
    expect(view.returns).toEqual([expect.objectContaining({ returnId: cashVoid.json().returnId, kind: 'void', refund: null })]);
  });

  it('a buy-one-get-one-half-off: returning the paid item while keeping the reward takes the reward off the refund; returning the reward later gives it back; both together refund what was paid', async () => {
    const reward = await stockedSku(db(), server.organizationId, { code: 'HH-HRQ-35', quantity: 10 });
    const created = await server.request({
      method: 'POST',
      url: '/v1/promotions',
      cookie: manager,
      body: { storeId: fx.storeId, name: 'Buy a Blue Dream, get a Harlequin half off', action: { type: 'buy_x_get_y', buy: { filter: { skus: [fx.skuCode] }, quantity: 1 }, get: { filter: { skus: ['HH-HRQ-35'] }, quantity: 1, percent: 50 } } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const addedTax = (l: { taxes: Array<{ includedInPrice: boolean; amountCents: number }> }) => l.taxes.filter((t) => !t.includedInPrice).reduce((s, t) => s + t.amountCents, 0);
    const sell = async () => {
      const id = uuidv7();
      const sale = await server.request({
        method: 'POST',
        url: `/v1/stores/${fx.storeId}/pos-sales`,
        cookie: budtender,
        body: { id, customerId: buyers[0], lines: [{ skuId: fx.skuId, quantity: 1 }, { skuId: reward.skuId, quantity: 1 }], tenders: [{ kind: 'simulator' }] },
      });
      expect(sale.statusCode, sale.body).toBe(201);
      return sale.json().order as { id: string; totalCents: number; lines: Array<{ lineNo: number; skuId: string; discountCents: number; totalCents: number; taxes: Array<{ includedInPrice: boolean; amountCents: number }> }> };
    };
    const give = (orderId: string, lineNos: number[]) =>
      server.request({ method: 'POST', url: `/v1/orders/${orderId}/returns`, cookie: manager, body: { lines: lineNos.map((lineNo) => ({ lineNo, quantity: 1, restock: 'sellable' })), reason: 'changed mind' } });
    try {
      const order = await sell();
      const paid = order.lines.find((l) => l.skuId === fx.skuId)!;
      const free = order.lines.find((l) => l.skuId === reward.skuId)!;
      expect(paid.discountCents).toBe(0);
      expect(free.discountCents).toBeGreaterThan(0);
      // The paid item back, the reward kept: the reward's discount comes off its refund, and so does its tax.
      const first = await give(order.id, [paid.lineNo]);
      expect(first.statusCode, first.body).toBe(201);
      const clawback = Math.min(free.discountCents, paid.totalCents);
      const clawbackTax = Math.round((addedTax(paid) * clawback) / paid.totalCents);
      expect(first.json()).toMatchObject({ promotionClawbackCents: clawback, taxRefundCents: addedTax(paid) - clawbackTax, refundCents: paid.totalCents - clawback + addedTax(paid) - clawbackTax });
      const receipt = await server.request({ method: 'GET', url: `/v1/orders/${order.id}/returns/${first.json().returnId}/receipt?format=html`, cookie: manager });
      expect(receipt.statusCode).toBe(200);
      expect(receipt.body).toContain('Promotion no longer applies');
      expect((await server.request({ method: 'GET', url: `/v1/orders/${order.id}`, cookie: manager })).json().returns[0]).toMatchObject({ promotionClawbackCents: clawback });
      // The reward back later: what was taken is given back, so the two returns refund exactly what was paid.
      const second = await give(order.id, [free.lineNo]);
      expect(second.statusCode, second.body).toBe(201);
      expect(second.json().promotionClawbackCents).toBe(-clawback);
      expect(first.json().refundCents + second.json().refundCents).toBe(order.totalCents);
      expect(first.json().taxRefundCents + second.json().taxRefundCents).toBe(addedTax(paid) + addedTax(free));
      // Both at once: what was paid, nothing taken. The reward alone: what it cost, the paid item still qualifies.
      const both = await sell();
      const together = await give(both.id, both.lines.map((l) => l.lineNo));
      expect(together.json()).toMatchObject({ promotionClawbackCents: 0, refundCents: both.totalCents });
      const third = await sell();
      const freeOnly = third.lines.find((l) => l.skuId === reward.skuId)!;
      const rewardOnly = await give(third.id, [freeOnly.lineNo]);
      expect(rewardOnly.json()).toMatchObject({ promotionClawbackCents: 0, refundCents: freeOnly.totalCents + addedTax(freeOnly) });
    } finally {
      await server.request({ method: 'DELETE', url: `/v1/promotions/${created.json().id}`, cookie: manager });
    }
  });

  it('records each line’s discount per promotion and its buy-X-get-Y role at the sale; a return claws back what was recorded, not the promotion as edited since', async () => {
    const reward = await stockedSku(db(), server.organizationId, { code: 'RR-WC-35', quantity: 10 });
    const [buyer, soldBefore] = await customers(db(), server.organizationId, 2);
    const promotion = (name: string, priority: number, action: Record<string, unknown>) => ({ storeId: fx.storeId, name, priority, action });
    const bogoBody = promotion('Buy a Blue Dream, get a Wedding Cake half off', 1, { type: 'buy_x_get_y', buy: { filter: { skus: [fx.skuCode] }, quantity: 1 }, get: { filter: { skus: ['RR-WC-35'] }, quantity: 1, percent: 50 } });
    const bogo = (await server.request({ method: 'POST', url: '/v1/promotions', cookie: manager, body: bogoBody })).json();
    const fifth = (await server.request({ method: 'POST', url: '/v1/promotions', cookie: manager, body: promotion('Wedding Cake 20% off', 2, { type: 'percent_off_items', percent: 20, filter: { skus: ['RR-WC-35'] } }) })).json();
    const sell = async (customerId: string) => {
      const sale = await server.request({
        method: 'POST',
        url: `/v1/stores/${fx.storeId}/pos-sales`,
        cookie: budtender,
        body: { id: uuidv7(), customerId, lines: [{ skuId: fx.skuId, quantity: 1 }, { skuId: reward.skuId, quantity: 2 }], tenders: [{ kind: 'simulator' }] },
      });
      expect(sale.statusCode, sale.body).toBe(201);
      return sale.json().order as { id: string; lines: Array<{ lineNo: number; discountCents: number; promotions: unknown }> };
    };
    const giveBack = (orderId: string) =>
      server.request({ method: 'POST', url: `/v1/orders/${orderId}/returns`, cookie: manager, body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }, { lineNo: 1, quantity: 1, restock: 'sellable' }], reason: 'changed mind' } });
    try {
      // One Wedding Cake half off (the BOGO), then 20% off what is left of both: two promotions on one line.
      const half = Math.floor(reward.priceCents / 2);
      const twenty = Math.floor(((reward.priceCents - half + reward.priceCents) * 20) / 100);
      const order = await sell(buyer);
      const expected = [
        [{ promotionId: bogo.id, discountCents: 0, role: 'qualifying', deal: { buy: 1, get: 1 } }],
        [
          { promotionId: bogo.id, discountCents: half, role: 'reward', deal: { buy: 1, get: 1 } },
          { promotionId: fifth.id, discountCents: twenty, role: 'discount' },
        ],
      ];
      expect(order.lines.map((l) => l.promotions)).toEqual(expected);
      expect(order.lines[1].discountCents).toBe(half + twenty);
      const view = (await server.request({ method: 'GET', url: `/v1/orders/${order.id}`, cookie: manager })).json();
      expect(view.lines.map((l: { promotions: unknown }) => l.promotions)).toEqual(expected);
      const doc = (await server.request({ method: 'GET', url: '/openapi.json' })).json();
      expect(doc.components.schemas.Order.properties.lines.items.properties.promotions).toBeDefined();

      // An order sold before lines recorded this: inferred from the promotion as it stands, the whole line's discount counted as the BOGO's.
      const before = await sell(soldBefore);
      await sql`update sales_order_line set promotions = null where order_id = ${before.id}`.execute(db());
      const inferred = await giveBack(before.id);
      expect(inferred.statusCode, inferred.body).toBe(201);
      expect(inferred.json().promotionClawbackCents).toBe(Math.floor((half + twenty) / 2));

      // The BOGO edited since the sale (its purchase another SKU): the return judges the sale as recorded.
      const edited = await server.request({ method: 'PUT', url: `/v1/promotions/${bogo.id}`, cookie: manager, body: { ...bogoBody, action: { ...bogoBody.action, buy: { filter: { skus: ['HH-GDP-35'] }, quantity: 1 } } } });
      expect(edited.statusCode, edited.body).toBe(200);
      // The Blue Dream and one Wedding Cake back: the one kept holds half the BOGO's discount on its line, not the 20% off.
      const returned = await giveBack(order.id);
      expect(returned.statusCode, returned.body).toBe(201);
      expect(returned.json().promotionClawbackCents).toBe(Math.floor(half / 2));
    } finally {
      for (const id of [bogo.id, fifth.id]) await server.request({ method: 'DELETE', url: `/v1/promotions/${id}`, cookie: manager });
    }
  });

  it('GET /v1/refunds-owed lists the refunds owed, with the order, store, amount, attempts and last error; a refunded one leaves ?status=owed; another store’s staff never see it', async () => {
    const simulator = paymentsOf(server.platform).simulator;
    const order = await simulatorSale(buyers[3], 2);
    simulator.configure({ failRefundNext: Number.MAX_SAFE_INTEGER, refundFailure: 'declined' });
    let returnId: string;
    try {
      const returned = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/returns`, cookie: manager, body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'changed mind' } });
      expect(returned.statusCode, returned.body).toBe(201);
      returnId = returned.json().returnId;
      const owed = await server.request({ method: 'GET', url: `/v1/refunds-owed?status=owed&storeId=${fx.storeId}`, cookie: manager });
      expect(owed.statusCode, owed.body).toBe(200);
      const row = owed.json().refunds.find((r: { returnId: string | null }) => r.returnId === returnId);
      expect(row).toMatchObject({
        kind: 'return',
        orderId: order.id,
        orderNumber: expect.any(String),
        storeId: fx.storeId,
        status: 'owed',
        amountCents: returned.json().refundCents,
        outstandingCents: returned.json().refundCents,
        lastError: 'simulated processor error on refund',
        owedSince: expect.any(String),
        refundedAt: null,
      });
      expect(row.attempts).toBeGreaterThanOrEqual(1);
      // One row a page: the cursor walks on to the next and never repeats one.
      const first = (await server.request({ method: 'GET', url: '/v1/refunds-owed?limit=1', cookie: manager })).json();
      expect(first.refunds).toHaveLength(1);
      if (first.nextAfter) {
        const next = (await server.request({ method: 'GET', url: `/v1/refunds-owed?limit=1&after=${first.nextAfter}`, cookie: manager })).json();
        expect(next.refunds[0]?.id).not.toBe(first.refunds[0].id);
      }
      expect((await server.request({ method: 'GET', url: `/v1/refunds-owed?after=${uuidv7()}`, cookie: manager })).statusCode).toBe(400);
      // Not a budtender's screen.
      expect((await server.request({ method: 'GET', url: '/v1/refunds-owed', cookie: budtender })).statusCode).toBe(403);
      // Staff limited to another store: refused this store, and their own list does not show it.
      const stores = (await server.request({ method: 'GET', url: '/v1/stores', cookie: manager })).json().stores as Array<{ id: string }>;
      const otherStoreId = stores.find((s) => s.id !== fx.storeId)!.id;
      const email = `refunds-${uuidv7()}@demo.verdant.test`;
      const created = await server.request({ method: 'POST', url: '/v1/staff', cookie: manager, body: { email, name: 'Elsewhere', role: 'manager', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [otherStoreId] } });
      expect(created.statusCode, created.body).toBe(201);
      const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
      const elsewhere = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
      const refused = await server.request({ method: 'GET', url: `/v1/refunds-owed?storeId=${fx.storeId}`, cookie: elsewhere });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('STORE_NOT_ALLOWED');
      const theirs = await server.request({ method: 'GET', url: '/v1/refunds-owed', cookie: elsewhere });
      expect(theirs.statusCode, theirs.body).toBe(200);
      expect(theirs.json().refunds.every((r: { storeId: string }) => r.storeId === otherStoreId)).toBe(true);
    } finally {
      simulator.configure({ failRefundNext: 0 });
    }
    // The outbox refunds it: no longer owed, listed as refunded.
    expect(await returnRefundOnceIt(order.id, returnId!, (r) => r.status === 'refunded')).toMatchObject({ status: 'refunded' });
    const owedNow = (await server.request({ method: 'GET', url: '/v1/refunds-owed?status=owed', cookie: manager })).json().refunds;
    expect(owedNow.some((r: { returnId: string | null }) => r.returnId === returnId)).toBe(false);
    const refunded = (await server.request({ method: 'GET', url: '/v1/refunds-owed?status=refunded', cookie: manager })).json().refunds;
    expect(refunded.find((r: { returnId: string | null }) => r.returnId === returnId)).toMatchObject({ status: 'refunded', outstandingCents: 0, lastError: null, refundedAt: expect.any(String) });
  });

  it('partial returns never exceed the sale, reverse tax per line, and need orders:refund', async () => {
    const saleId = uuidv7();
    const sale = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie: budtender,
      body: { id: saleId, customerId: buyers[2], lines: [{ skuId: fx.skuId, quantity: 3 }], tenders: [{ kind: 'simulator' }] },
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json().order;
    const forbidden = await server.request({ method: 'POST', url: `/v1/orders/${saleId}/returns`, cookie: budtender, body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'changed mind' } });
    expect(forbidden.statusCode).toBe(403);
    const stockBefore = await ledgerMatches(db(), fx.packageId);
    const first = await server.request({ method: 'POST', url: `/v1/orders/${saleId}/returns`, cookie: manager, body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'changed mind' } });
    expect(first.statusCode, first.body).toBe(201);
    const second = await server.request({ method: 'POST', url: `/v1/orders/${saleId}/returns`, cookie: manager, body: { lines: [{ lineNo: 0, quantity: 2, restock: 'quarantine' }], reason: 'opened', refundTo: 'store_credit' } });
    expect(second.statusCode, second.body).toBe(201);
    expect(first.json().refundCents + second.json().refundCents).toBe(order.totalCents);
    const addedTax = order.lines[0].taxes.filter((t: { includedInPrice: boolean }) => !t.includedInPrice).reduce((s: number, t: { amountCents: number }) => s + t.amountCents, 0);
    expect(first.json().taxRefundCents + second.json().taxRefundCents).toBe(addedTax);
    const over = await server.request({ method: 'POST', url: `/v1/orders/${saleId}/returns`, cookie: manager, body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'again' } });
    expect(over.statusCode).toBe(422);
    expect(over.json().error.code).toBe('RETURN_EXCEEDS_SALE');
    const stockAfter = await ledgerMatches(db(), fx.packageId);
    expect(stockAfter.onHand).toBe(stockBefore.onHand + 1); // one back on the floor; two in quarantine
    const events = await db().selectFrom('outbox_event').select('payload').where('type', '=', 'orders.order.returned').where('aggregate_id', '=', saleId).orderBy('id').execute();
    expect(events).toHaveLength(2);
    expect(events[1].payload).toMatchObject({ orderId: saleId, lines: [{ packageLabel: fx.packageLabel, quantity: 2, unit: 'each', restock: 'quarantine' }] });
    const credit = await server.request({ method: 'GET', url: `/v1/store-credit/${buyers[2]}`, cookie: manager });
    expect(credit.json().balanceCents).toBe(second.json().refundCents);
  });

  it('a same-day void undoes the whole sale and needs orders:void', async () => {
    const id = uuidv7();
    await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie: budtender, body: { id, customerId: buyers[3], lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] } });
    expect((await server.request({ method: 'POST', url: `/v1/orders/${id}/void`, cookie: budtender, body: { reason: 'rang up twice' } })).statusCode).toBe(403);
    const voided = await server.request({ method: 'POST', url: `/v1/orders/${id}/void`, cookie: manager, body: { reason: 'rang up twice' } });
    expect(voided.statusCode, voided.body).toBe(201);
    const order = (await server.request({ method: 'GET', url: `/v1/orders/${id}`, cookie: manager })).json();
    expect(order.status).toBe('voided');
    expect(order.refundedCents).toBe(order.totalCents);
    const event = await db().selectFrom('outbox_event').select('payload').where('type', '=', 'orders.order.voided').where('aggregate_id', '=', id).executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ orderId: id, reason: 'rang up twice' });
    expect((await server.request({ method: 'POST', url: `/v1/orders/${id}/void`, cookie: manager, body: { reason: 'again' } })).statusCode).toBe(409);
  });

  it('renders the receipt with every tax line stated separately, as HTML and ESC/POS', async () => {
    const id = uuidv7();
    const sale = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie: budtender, body: { id, customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] } });
    const order = sale.json().order;
    const html = await server.request({ method: 'GET', url: `/v1/orders/${id}/receipt?format=html`, cookie: budtender });
    expect(html.statusCode, html.body).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    for (const tax of order.taxes.filter((t: { amountCents: number }) => t.amountCents > 0)) expect(html.body).toContain(tax.label);
    expect(html.body).toContain(fx.packageLabel);
    const escpos = await server.request({ method: 'GET', url: `/v1/orders/${id}/receipt?format=escpos`, cookie: budtender });
    expect(escpos.statusCode).toBe(200);
    expect(escpos.rawPayload.length).toBeGreaterThan(100);
  });

  it('prints the reason of every manual price change on the receipt: a unit-price override and a discount', async () => {
    const id = uuidv7();
    const sale = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie: manager,
      body: {
        id,
        customerId: buyers[0],
        lines: [
          { skuId: fx.skuId, quantity: 1, override: { unitPriceCents: 3000, reason: 'Display jar, damaged lid' } },
          { skuId: fx.skuId, quantity: 1, override: { discountCents: 500, reason: 'Loyal customer goodwill' } },
        ],
        tenders: [{ kind: 'cash', tenderedCents: 100_000 }],
      },
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const html = await server.request({ method: 'GET', url: `/v1/orders/${id}/receipt?format=html`, cookie: budtender });
    expect(html.statusCode, html.body).toBe(200);
    expect(html.body).toContain('Price override: Display jar, damaged lid');
    expect(html.body).toContain('Discount: Loyal customer goodwill');
    expect(html.body).toContain('-$5.00');
    // The printer gets the same rows (ESC/POS is ASCII text between the control bytes).
    const escpos = (await server.request({ method: 'GET', url: `/v1/orders/${id}/receipt?format=escpos&width=48`, cookie: budtender })).rawPayload.toString('latin1');
    expect(escpos).toContain('Price override: Display jar, damaged lid');
    expect(escpos).toContain('Discount: Loyal customer goodwill');
  });
});
