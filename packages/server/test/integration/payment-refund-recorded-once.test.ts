// A refund is recorded on its payment once per idempotency key, even when the try that moved the
// money never recorded it (its recording failed, or the process died before it committed) or
// recorded it and lost its answer. The retry, with the same key, finishes the first try's claim
// (or answers its recorded refund) instead of claiming the payment's cents a second time: a
// partial refund is counted once, so what remains can still be returned, and a full one is not
// refused as REFUND_EXCEEDS_PAYMENT for ever. Migration 0163 keys the claim (payment_refund).
// Both projects run this file; on PostgreSQL the tries at once really race.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentsOf, refundPayment } from '../../src/modules/payments';
import { permissionsOf } from '../../src/modules/staff/permissions';
import type { RequestContext } from '../../src/platform/context';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

type Owed = { status: string; attempts: number; lastError: string | null; refundedAt: string | null };

describe('a refund is recorded on its payment once per idempotency key', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let fx: CheckoutFixture;
  let buyers: string[];
  let context: RequestContext;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 40 });
    buyers = await customers(server.platform.database.db, server.organizationId, 3);
    context = {
      actor: { type: 'staff', id: null, organizationId: server.organizationId, role: 'manager', permissions: permissionsOf('manager'), storeIds: [] },
      requestId: 'test',
    };
    // The database refuses, while `lost_recording` holds a row, what a try writes once the money
    // has moved: the refund's answer on the payment, or the refund made on the return. Raised
    // after the processor (or the ledger) refunded, as a crash or a dropped connection would.
    await sql`create table lost_recording (what text primary key)`.execute(db());
    await sql`create function lose_recording() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from lost_recording where what = tg_table_name) then
          raise exception 'connection lost before % was written', tg_table_name;
        end if;
        return new;
      end $$`.execute(db());
    await sql`create trigger lose_payment_refund before insert or update on payment_refund
      for each row when (new.refund_ref is not null) execute function lose_recording()`.execute(db());
    await sql`create trigger lose_sales_return before update on sales_return
      for each row when (position('refundId' in new.refunds::text) > 0) execute function lose_recording()`.execute(db());
  });
  afterAll(() => server?.close());
  const db = () => server.platform.database.db;
  const simulator = () => paymentsOf(server.platform).simulator;

  /** Runs `body` with the table's writes after the money moved failing. */
  async function losing<T>(table: 'payment_refund' | 'sales_return', body: () => Promise<T>): Promise<T> {
    await sql`insert into lost_recording (what) values (${table})`.execute(db());
    try {
      return await body();
    } finally {
      await sql`delete from lost_recording where what = ${table}`.execute(db());
    }
  }

  const sale = async (customerId: string, quantity: number, tender: Record<string, unknown> = { kind: 'simulator' }) => {
    const response = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie: budtender, body: { id: uuidv7(), customerId, lines: [{ skuId: fx.skuId, quantity }], tenders: [tender] } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().order as { id: string; totalCents: number };
  };
  const returnUnits = async (orderId: string, quantity: number) => {
    const response = await server.request({ method: 'POST', url: `/v1/orders/${orderId}/returns`, cookie: manager, body: { lines: [{ lineNo: 0, quantity, restock: 'sellable' }], reason: 'changed mind' } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { returnId: string; refundCents: number; refund: Owed };
  };
  /** A return's refund owed as the order shows it, once it reaches `status` (the outbox worked meanwhile) or after 15 s. */
  async function returnRefund(orderId: string, returnId: string, status: string): Promise<Owed> {
    let refund: Owed | undefined;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await server.platform.deliveries.wake()) {
      const returns = (await server.request({ method: 'GET', url: `/v1/orders/${orderId}`, cookie: budtender })).json().returns as Array<{ returnId: string; refund: Owed }>;
      refund = returns.find((r) => r.returnId === returnId)?.refund;
      if (refund?.status === status) break;
    }
    return refund!;
  }
  /** The order's card payment, what is recorded on it and what the processor refunded for it. */
  const money = async (orderId: string) => {
    const payment = await db().selectFrom('payment').select(['id', 'status', 'amount_cents', 'refunded_cents', 'authorization_ref']).where('order_id', '=', orderId).executeTakeFirstOrThrow();
    const recorded = await db().selectFrom('payment_refund').select(['id', 'amount_cents', 'refund_ref']).where('payment_id', '=', payment.id).orderBy('created_at').execute();
    return {
      payment: { id: payment.id, status: payment.status, amountCents: Number(payment.amount_cents), refundedCents: Number(payment.refunded_cents) },
      recorded: recorded.map((r) => ({ id: r.id, amountCents: Number(r.amount_cents), refundRef: r.refund_ref })),
      processor: simulator()
        .refunds.filter((r) => r.authorizationRef === payment.authorization_ref)
        .map((r) => r.amountCents),
    };
  };
  const refundIdOn = async (returnId: string) =>
    ((await db().selectFrom('sales_return').select('refunds').where('id', '=', returnId).executeTakeFirstOrThrow()).refunds as Array<{ refundId?: string }>)[0].refundId;

  it('a partial return refunded by card whose recording was lost after the processor refunded is retried: counted once on the payment, refunded once, and the rest can still be returned', async () => {
    const order = await sale(buyers[0], 2);
    const first = await losing('payment_refund', () => returnUnits(order.id, 1));
    expect(first.refund).toMatchObject({ status: 'owed', lastError: expect.stringContaining('connection lost') });
    // The processor refunded; the payment holds the try's claim, unanswered.
    expect((await money(order.id)).processor).toEqual([first.refundCents]);

    expect(await returnRefund(order.id, first.returnId, 'refunded')).toMatchObject({ status: 'refunded', lastError: null });
    const retried = await money(order.id);
    expect(retried.payment).toMatchObject({ status: 'partially_refunded', refundedCents: first.refundCents });
    expect(retried.processor).toEqual([first.refundCents]);
    expect(retried.recorded).toEqual([{ id: await refundIdOn(first.returnId), amountCents: first.refundCents, refundRef: expect.stringMatching(/^sim_refund_/) }]);

    // The second unit: what is left of the payment, not refused as exceeding it.
    const second = await returnUnits(order.id, 1);
    expect(second.refund).toMatchObject({ status: 'refunded', lastError: null });
    const after = await money(order.id);
    expect(first.refundCents + second.refundCents).toBe(order.totalCents);
    expect(after.payment).toMatchObject({ status: 'refunded', refundedCents: order.totalCents });
    expect(after.processor).toEqual([first.refundCents, second.refundCents]);
    expect(after.recorded.map((r) => r.amountCents)).toEqual([first.refundCents, second.refundCents]);
  });

  it('a full return whose recording was lost is retried into a refund, not refused as REFUND_EXCEEDS_PAYMENT', async () => {
    const order = await sale(buyers[1], 2);
    const returned = await losing('payment_refund', () => returnUnits(order.id, 2));
    expect(returned.refundCents).toBe(order.totalCents);
    expect(returned.refund).toMatchObject({ status: 'owed' });

    expect(await returnRefund(order.id, returned.returnId, 'refunded')).toMatchObject({ status: 'refunded', lastError: null });
    const { payment, recorded, processor } = await money(order.id);
    expect(payment).toMatchObject({ status: 'refunded', refundedCents: order.totalCents });
    expect(processor).toEqual([order.totalCents]);
    expect(recorded).toEqual([{ id: await refundIdOn(returned.returnId), amountCents: order.totalCents, refundRef: expect.stringMatching(/^sim_refund_/) }]);
  });

  it('a return whose refund was recorded but whose answer never reached the return is answered on the retry with that refund: no second claim, no second processor call', async () => {
    const order = await sale(buyers[2], 2);
    const calls = simulator().refunds.length;
    const returned = await losing('sales_return', () => returnUnits(order.id, 1));
    expect(returned.refund).toMatchObject({ status: 'owed', lastError: expect.stringContaining('connection lost') });
    const lost = await money(order.id);
    expect(lost.recorded).toEqual([{ id: expect.any(String), amountCents: returned.refundCents, refundRef: expect.any(String) }]);

    expect(await returnRefund(order.id, returned.returnId, 'refunded')).toMatchObject({ status: 'refunded', lastError: null });
    const after = await money(order.id);
    expect(after.payment.refundedCents).toBe(returned.refundCents);
    expect(after.recorded).toEqual(lost.recorded);
    expect(await refundIdOn(returned.returnId)).toBe(lost.recorded[0].id);
    expect(simulator().refunds.length).toBe(calls + 1);
  });

  it('a gift card return whose recording was lost after the card was credited is counted once on the payment and credits the card once', async () => {
    const issued = await server.request({ method: 'POST', url: '/v1/gift-cards', cookie: manager, body: { amountCents: 100_000 } });
    expect(issued.statusCode, issued.body).toBe(201);
    const card = issued.json() as { id: string; code: string };
    const order = await sale(buyers[0], 2, { kind: 'gift_card', giftCardCode: card.code });
    const returned = await losing('payment_refund', () => returnUnits(order.id, 1));
    expect(returned.refund).toMatchObject({ status: 'owed' });

    expect(await returnRefund(order.id, returned.returnId, 'refunded')).toMatchObject({ status: 'refunded', lastError: null });
    const { payment } = await money(order.id);
    expect(payment.refundedCents).toBe(returned.refundCents);
    const credits = await db().selectFrom('stored_value_entry').select('amount_cents').where('account_id', '=', card.id).where('reason', '=', 'refund').execute();
    expect(credits.map((c) => Number(c.amount_cents))).toEqual([returned.refundCents]);
    expect(await returnUnits(order.id, 1)).toMatchObject({ refund: { status: 'refunded' } });
    expect((await money(order.id)).payment).toMatchObject({ status: 'refunded', refundedCents: order.totalCents });
  });

  it('three retries at once of a refund whose recording was lost record it once and refund once, and each answers the same refund', async () => {
    const order = await sale(buyers[1], 3);
    const returned = await losing('payment_refund', () => returnUnits(order.id, 1));
    const { payment } = await money(order.id);
    simulator().configure({ latencyMs: 50 });
    let answers;
    try {
      const retry = { organizationId: server.organizationId, paymentId: payment.id, amountCents: returned.refundCents, reason: 'return: changed mind', idempotencyKey: `return:${returned.returnId}:${payment.id}` };
      answers = await Promise.all([1, 2, 3].map(() => refundPayment(server.platform, context, retry)));
    } finally {
      simulator().configure({ latencyMs: 0 });
    }
    const after = await money(order.id);
    expect(new Set(answers.map((a) => a.refundId))).toEqual(new Set([after.recorded[0]?.id]));
    expect(after.payment).toMatchObject({ status: 'partially_refunded', refundedCents: returned.refundCents });
    expect(after.processor).toEqual([returned.refundCents]);
    expect(after.recorded).toEqual([{ id: answers[0].refundId, amountCents: returned.refundCents, refundRef: answers[0].refundRef }]);
    // The same key for another amount is another refund: refused, nothing claimed.
    await expect(
      refundPayment(server.platform, context, { organizationId: server.organizationId, paymentId: payment.id, amountCents: returned.refundCents - 1, reason: 'x', idempotencyKey: `return:${returned.returnId}:${payment.id}` }),
    ).rejects.toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await money(order.id)).payment.refundedCents).toBe(returned.refundCents);
  });

  it('a cancelled order whose refund recording was lost after the processor refunded is retried and recorded once, under its key', async () => {
    const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: fx.storeId, customerId: buyers[2], channel: 'pickup' } })).json();
    await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie: manager, body: { skuId: fx.skuId, quantity: 1 } });
    await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat', phone: '+15105550100' } } });
    const done = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });
    expect(done.statusCode, done.body).toBe(201);
    const order = done.json().order as { id: string; totalCents: number };
    const cancelled = await losing('payment_refund', () =>
      server.request({ method: 'POST', url: `/v1/orders/${order.id}/transitions`, cookie: budtender, body: { to: 'cancelled', reason: 'customer called' } }),
    );
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().refund).toMatchObject({ status: 'owed' });

    let refund: Owed | undefined;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline && refund?.status !== 'refunded'; await server.platform.deliveries.wake()) {
      refund = (await server.request({ method: 'GET', url: `/v1/orders/${order.id}`, cookie: budtender })).json().refund;
    }
    expect(refund).toMatchObject({ status: 'refunded', lastError: null });
    const { payment, recorded, processor } = await money(order.id);
    expect(payment).toMatchObject({ status: 'refunded', refundedCents: order.totalCents });
    expect(processor).toEqual([order.totalCents]);
    expect(recorded).toEqual([{ id: expect.any(String), amountCents: order.totalCents, refundRef: expect.stringMatching(/^sim_refund_/) }]);
  });
});
