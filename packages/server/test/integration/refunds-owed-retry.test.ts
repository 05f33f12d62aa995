// A refund owed whose outbox delivery gave up (dead-lettered) is sent again by a manager from the
// refunds owed: POST /v1/refunds-owed/:kind/:id/retry (docs/orders-and-checkout.md, "The list of
// refunds owed"). The card simulator refuses every refund until the delivery is dead; the list says
// so; refusals (no permission, another store, unknown, bad input) change nothing; the action
// re-queues the delivery through the events module's resend, the simulator now accepts, and the
// refund is made once. A refund the outbox still tries is refused with its next try; one made is
// refused as made; an Idempotency-Key replays the first answer.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_SHOW_REFUNDS } from '../../src/modules/delivery/delivery.refunds';
import { NO_SHOW_REFUNDS as NO_SHOW_REFUNDS_SUBSCRIBER } from '../../src/modules/orders/order-refunds';
import { paymentsOf } from '../../src/modules/payments/payments.service';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

interface RefundRow {
  id: string;
  kind: 'order' | 'return';
  status: 'owed' | 'refunded';
  attempts: number;
  lastError: string | null;
  deadLettered: boolean;
  nextTryAt: string | null;
  refundedAt: string | null;
}

describe('refunds owed: a manager sends a dead-lettered refund again', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let fx: CheckoutFixture;
  let buyers: string[];

  beforeAll(async () => {
    // Two outbox tries before a delivery is dead-lettered (eight in production): the request's try and two more.
    server = await startTestServer({ dispatcher: { maxAttempts: 2 } });
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
    buyers = await customers(server.platform.database.db, server.organizationId, 3);
  });
  afterAll(async () => {
    paymentsOf(server.platform)?.simulator.configure({ failRefundNext: 0 });
    await server?.close();
  });
  const db = () => server.platform.database.db;
  const simulator = () => paymentsOf(server.platform).simulator;

  async function cancelledOrder(customerId: string) {
    const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: fx.storeId, customerId, channel: 'pickup' } })).json();
    await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie: manager, body: { skuId: fx.skuId, quantity: 1 } });
    await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat', phone: '+15105550100' } } });
    const done = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });
    expect(done.statusCode, done.body).toBe(201);
    const orderId = done.json().order.id as string;
    const cancelled = await server.request({ method: 'POST', url: `/v1/orders/${orderId}/transitions`, cookie: budtender, body: { to: 'cancelled', reason: 'customer called it off' } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    return orderId;
  }

  /** The refund's row of GET /v1/refunds-owed at the fixture's store. */
  async function listed(kind: 'order' | 'return', id: string): Promise<RefundRow | undefined> {
    const list = await server.request({ method: 'GET', url: `/v1/refunds-owed?storeId=${fx.storeId}&limit=200`, cookie: manager });
    expect(list.statusCode, list.body).toBe(200);
    return (list.json().refunds as RefundRow[]).find((r) => r.kind === kind && r.id === id);
  }

  /** Reads the refund's row until it reaches a state, working the outbox meanwhile. */
  async function listedOnceIt(kind: 'order' | 'return', id: string, reached: (row: RefundRow) => boolean): Promise<RefundRow> {
    let row: RefundRow | undefined;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await server.platform.deliveries.wake()) {
      row = await listed(kind, id);
      if (row && reached(row)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return row!;
  }

  const retry = (kind: string, id: string, cookie = manager, headers: Record<string, string> = {}) =>
    server.request({ method: 'POST', url: `/v1/refunds-owed/${kind}/${id}/retry`, cookie, headers });

  /** The simulator's refunds of the order's card payment. */
  async function madeFor(orderId: string) {
    const payment = await db().selectFrom('payment').select(['authorization_ref', 'amount_cents', 'refunded_cents']).where('order_id', '=', orderId).executeTakeFirstOrThrow();
    return { payment, made: simulator().refunds.filter((r) => r.authorizationRef === payment.authorization_ref) };
  }

  /** The outbox deliveries that retry an ended order's refund, and the audit rows of sending them again. */
  async function footprint(orderId: string) {
    const deliveries = await db()
      .selectFrom('outbox_delivery as d')
      .innerJoin('outbox_event as e', 'e.id', 'd.event_id')
      .select(['d.id', 'd.status', 'd.attempts', 'd.next_attempt_at'])
      .where('d.subscriber', '=', 'orders.refunds-owed')
      .where(sql<boolean>`e.payload->>'orderId' = ${orderId}`)
      .orderBy('d.id')
      .execute();
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'entity_type', 'entity_id', 'store_id', 'before', 'after'])
      .where('action', 'in', ['orders.refund.retried', 'events.dead_letter.retried'])
      .where((eb) => eb.or([eb('entity_id', '=', orderId), eb('entity_id', 'in', deliveries.map((d) => String(d.id)))]))
      .orderBy('id')
      .execute();
    return { deliveries, audit };
  }

  /** A manager limited to another store of the organization. */
  async function managerElsewhere() {
    const stores = (await server.request({ method: 'GET', url: '/v1/stores', cookie: manager })).json().stores as Array<{ id: string }>;
    const otherStoreId = stores.find((s) => s.id !== fx.storeId)!.id;
    const email = `retry-${uuidv7()}@demo.verdant.test`;
    const created = await server.request({ method: 'POST', url: '/v1/staff', cookie: manager, body: { email, name: 'Elsewhere', role: 'manager', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [otherStoreId] } });
    expect(created.statusCode, created.body).toBe(201);
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
    return `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
  }

  it('the list says a refund is dead-lettered; refusals change nothing; sent again it is made once; a replay answers the first 202; made, it is 409 REFUND_ALREADY_MADE', async () => {
    simulator().configure({ failRefundNext: Number.MAX_SAFE_INTEGER, refundFailure: 'declined' });
    let orderId: string;
    try {
      orderId = await cancelledOrder(buyers[0]);
      const dead = await listedOnceIt('order', orderId, (r) => r.deadLettered);
      expect(dead).toMatchObject({ status: 'owed', deadLettered: true, nextTryAt: null, lastError: 'simulated processor error on refund', refundedAt: null });
      // The request's try and at least one of the outbox's (a delivery that found the request's try
      // still holding its claim gave up that turn without a try of its own).
      expect(dead.attempts).toBeGreaterThanOrEqual(2);
      expect((await madeFor(orderId)).made).toEqual([]);

      const before = await footprint(orderId);
      expect(before.deliveries.map((d) => d.status)).toEqual(['dead']);
      expect(before.audit).toEqual([]);
      // Refused, each changing nothing: no permission, another store, no such refund, bad input.
      const forbidden = await retry('order', orderId, budtender);
      expect([forbidden.statusCode, forbidden.json().error.code]).toEqual([403, 'FORBIDDEN']);
      const elsewhere = await retry('order', orderId, await managerElsewhere());
      expect([elsewhere.statusCode, elsewhere.json().error.code]).toEqual([403, 'STORE_NOT_ALLOWED']);
      for (const [kind, id] of [
        ['order', uuidv7()],
        ['return', uuidv7()],
        ['return', orderId], // an ended order's refund is not a return's
      ]) {
        const unknown = await retry(kind, id);
        expect([unknown.statusCode, unknown.json().error.code], `${kind} ${id}`).toEqual([404, 'NOT_FOUND']);
      }
      const badKind = await retry('payment', orderId);
      expect(badKind.statusCode).toBe(400);
      expect(badKind.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: ['params', 'kind'] })] });
      const badId = await retry('order', 'not-an-id');
      expect(badId.statusCode).toBe(400);
      expect(badId.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: ['params', 'id'] })] });
      const badKey = await retry('order', orderId, manager, { 'idempotency-key': 'with spaces' });
      expect([badKey.statusCode, badKey.json().error.code]).toEqual([400, 'INVALID_IDEMPOTENCY_KEY']);
      expect(await footprint(orderId)).toEqual(before);
    } finally {
      // The processor is back.
      simulator().configure({ failRefundNext: 0 });
    }

    const key = `retry-${uuidv7()}`;
    const sent = await retry('order', orderId, manager, { 'idempotency-key': key });
    expect(sent.statusCode, sent.body).toBe(202);
    expect(sent.json()).toMatchObject({ id: orderId, kind: 'order', orderId, returnId: null, storeId: fx.storeId, status: 'owed', deadLettered: false, lastError: 'simulated processor error on refund' });
    expect(Date.parse(sent.json().nextTryAt)).toBeLessThanOrEqual(Date.now());
    // Who sent which refund again, when: the refund's row, and the resend's own row on the delivery.
    const staff = await db().selectFrom('staff_user').select('id').where('email', '=', 'manager@demo.verdant.test').executeTakeFirstOrThrow();
    const { audit } = await footprint(orderId);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'events.dead_letter.retried', actor_id: staff.id, entity_type: 'outbox_delivery', store_id: fx.storeId }),
      expect.objectContaining({
        action: 'orders.refund.retried',
        actor_id: staff.id,
        entity_type: 'order_refund',
        entity_id: orderId,
        store_id: fx.storeId,
        before: expect.objectContaining({ deadLettered: true, lastError: 'simulated processor error on refund' }),
        after: { outboxDeliveryIds: [Number(audit[0].entity_id)] },
      }),
    ]);

    // The answer lost, the manager's screen sends it again with its key: the stored answer, nothing sent again.
    const replayed = await retry('order', orderId, manager, { 'idempotency-key': key });
    expect([replayed.statusCode, replayed.headers['idempotent-replayed']]).toEqual([202, 'true']);
    expect(replayed.json()).toEqual(sent.json());
    expect((await footprint(orderId)).audit).toHaveLength(2);

    // The outbox tries it now: refunded, once.
    expect(await listedOnceIt('order', orderId, (r) => r.status === 'refunded')).toMatchObject({ status: 'refunded', deadLettered: false, nextTryAt: null, lastError: null });
    const { payment, made } = await madeFor(orderId);
    expect(made).toEqual([expect.objectContaining({ amountCents: Number(payment.amount_cents) })]);
    expect(Number(payment.refunded_cents)).toBe(Number(payment.amount_cents));
    expect((await footprint(orderId)).deliveries.map((d) => d.status)).toEqual(['done']);

    const again = await retry('order', orderId);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'REFUND_ALREADY_MADE', details: { kind: 'order', id: orderId, refundedAt: expect.any(String) } });
    // The key still answers what it did.
    expect((await retry('order', orderId, manager, { 'idempotency-key': key })).json()).toEqual(sent.json());
    expect((await madeFor(orderId)).made).toHaveLength(1);
    expect((await footprint(orderId)).audit).toHaveLength(2);
  });

  /** A one-unit register sale to the buyer, paid with the simulator, and its return: the refund is owed after the first try. */
  async function soldAndReturnedOwed(buyer: string): Promise<{ orderId: string; returnId: string }> {
    const sale = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie: budtender, body: { id: uuidv7(), customerId: buyer, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'simulator' }] } });
    expect(sale.statusCode, sale.body).toBe(201);
    const orderId = sale.json().order.id as string;
    const returned = await server.request({ method: 'POST', url: `/v1/orders/${orderId}/returns`, cookie: manager, body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'changed mind' } });
    expect(returned.statusCode, returned.body).toBe(201);
    expect(returned.json().refund).toMatchObject({ status: 'owed', attempts: 1 });
    return { orderId, returnId: returned.json().returnId as string };
  }

  it('a return’s refund the outbox still tries is 409 REFUND_ALREADY_RETRYING with its next try, listed not dead-lettered', async () => {
    // No delivery worker: the return's delivery waits, due, as it would between two tries.
    await server.platform.deliveries.stop();
    simulator().configure({ failRefundNext: Number.MAX_SAFE_INTEGER, refundFailure: 'declined' });
    let orderId: string;
    let returnId: string;
    try {
      ({ orderId, returnId } = await soldAndReturnedOwed(buyers[1]));

      // Once the event is published its delivery is pending.
      let delivery: { status: string; next_attempt_at: Date } | undefined;
      for (const deadline = Date.now() + 10_000; !delivery && Date.now() < deadline; await server.platform.sequencer.wake()) {
        delivery = await db()
          .selectFrom('outbox_delivery as d')
          .innerJoin('outbox_event as e', 'e.id', 'd.event_id')
          .select(['d.status', 'd.next_attempt_at'])
          .where('d.subscriber', '=', 'orders.refunds-owed')
          .where(sql<boolean>`e.payload->>'returnId' = ${returnId}`)
          .executeTakeFirst();
      }
      expect(delivery?.status).toBe('pending');
      const nextTryAt = new Date(delivery!.next_attempt_at).toISOString();
      expect(await listed('return', returnId)).toMatchObject({ status: 'owed', deadLettered: false, nextTryAt });

      const refused = await retry('return', returnId, manager, { 'idempotency-key': `retry-${uuidv7()}` });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'REFUND_ALREADY_RETRYING', details: { kind: 'return', id: returnId, nextTryAt } });
      expect(await db().selectFrom('audit_log').select('id').where('action', '=', 'orders.refund.retried').where('entity_id', '=', returnId).execute()).toEqual([]);
    } finally {
      simulator().configure({ failRefundNext: 0 });
      server.platform.deliveries.start();
    }
    // The outbox makes it by itself; then it is made.
    expect(await listedOnceIt('return', returnId, (r) => r.status === 'refunded')).toMatchObject({ status: 'refunded', deadLettered: false });
    expect((await madeFor(orderId)).made).toHaveLength(1);
    const made = await retry('return', returnId);
    expect([made.statusCode, made.json().error.code]).toEqual([409, 'REFUND_ALREADY_MADE']);
  });

  it('a refund whose event the outbox has not published yet is due when the event was written: listed so, and 409 REFUND_ALREADY_RETRYING with that time', async () => {
    // No sequencer: the return's orders.order.returned stays unnumbered, so no delivery exists yet.
    await server.platform.sequencer.stop();
    simulator().configure({ failRefundNext: Number.MAX_SAFE_INTEGER, refundFailure: 'declined' });
    let orderId: string;
    let returnId: string;
    try {
      ({ orderId, returnId } = await soldAndReturnedOwed(buyers[2]));

      const event = await db()
        .selectFrom('outbox_event as e')
        .leftJoin('outbox_delivery as d', 'd.event_id', 'e.id')
        .select(['e.created_at', 'e.published_seq', 'd.id as delivery_id'])
        .where('e.type', '=', 'orders.order.returned')
        .where(sql<boolean>`e.payload->>'returnId' = ${returnId}`)
        .executeTakeFirstOrThrow();
      expect([event.published_seq, event.delivery_id]).toEqual([null, null]);
      const nextTryAt = new Date(event.created_at).toISOString();
      expect(await listed('return', returnId)).toMatchObject({ status: 'owed', deadLettered: false, nextTryAt });

      const refused = await retry('return', returnId, manager, { 'idempotency-key': `retry-${uuidv7()}` });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'REFUND_ALREADY_RETRYING', details: { kind: 'return', id: returnId, nextTryAt } });
      expect(refused.json().error.message).toContain('due now');
      expect(await db().selectFrom('audit_log').select('id').where('action', '=', 'orders.refund.retried').where('entity_id', '=', returnId).execute()).toEqual([]);
    } finally {
      simulator().configure({ failRefundNext: 0 });
      server.platform.sequencer.start();
    }
    // Published, the outbox makes it by itself.
    await server.platform.sequencer.wake();
    expect(await listedOnceIt('return', returnId, (r) => r.status === 'refunded')).toMatchObject({ status: 'refunded', deadLettered: false, nextTryAt: null });
    expect((await madeFor(orderId)).made).toHaveLength(1);
  });

  it('names the delivery module’s no-show refund subscriber as that module does, and documents the route', async () => {
    expect(NO_SHOW_REFUNDS_SUBSCRIBER).toBe(NO_SHOW_REFUNDS);
    const doc = (await server.request({ method: 'GET', url: '/openapi.json' })).json();
    const operation = doc.paths['/v1/refunds-owed/{kind}/{id}/retry'].post;
    expect(operation.description).toContain('REFUND_ALREADY_RETRYING');
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['202', '403', '404', '409']));
    expect(doc.components.schemas.RefundOwed.properties).toMatchObject({ deadLettered: { type: 'boolean' } });
  });
});
