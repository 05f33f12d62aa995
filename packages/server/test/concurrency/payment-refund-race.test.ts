// PostgreSQL only: tries at one refund's idempotency key racing each other (the request's try and
// the outbox's retry after a claim ran out, or two processes' retries). The payment's claim is
// keyed (payment_refund, migration 0163), so however the tries interleave the payment counts the
// refund once, one row records it, and the processor refunds once; a try that fails while another
// succeeds does not take the refund off the payment. Every call goes through one server with a
// 20-connection pool, so the transactions really interleave.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentsOf, refundPayment } from '../../src/modules/payments';
import { permissionsOf } from '../../src/modules/staff/permissions';
import type { RequestContext } from '../../src/platform/context';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('tries at one refund key racing (PostgreSQL)', () => {
  let server: TestServer;
  let cookie: string;
  let fx: CheckoutFixture;
  let context: RequestContext;

  beforeAll(async () => {
    server = await startTestServer();
    cookie = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 10 });
    context = {
      actor: { type: 'staff', id: null, organizationId: server.organizationId, role: 'manager', permissions: permissionsOf('manager'), storeIds: [] },
      requestId: 'payment-refund-race',
    };
  });
  afterAll(() => server?.close());
  const db = () => server.platform.database.db;
  const simulator = () => paymentsOf(server.platform).simulator;

  /** A card sale of one unit for a walk-in: its payment. */
  const cardPayment = async () => {
    const sale = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie,
      body: { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'simulator' }] },
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const payment = await db().selectFrom('payment').select(['id', 'amount_cents', 'authorization_ref']).where('order_id', '=', sale.json().order.id).executeTakeFirstOrThrow();
    return { id: payment.id, amountCents: Number(payment.amount_cents), authorizationRef: payment.authorization_ref };
  };
  const state = async (payment: { id: string; authorizationRef: string }) => ({
    refundedCents: Number((await db().selectFrom('payment').select('refunded_cents').where('id', '=', payment.id).executeTakeFirstOrThrow()).refunded_cents),
    recorded: (await db().selectFrom('payment_refund').select(['amount_cents', 'refund_ref']).where('payment_id', '=', payment.id).execute()).map((r) => ({ amountCents: Number(r.amount_cents), refundRef: r.refund_ref })),
    processor: simulator()
      .refunds.filter((r) => r.authorizationRef === payment.authorizationRef)
      .map((r) => r.amountCents),
  });

  it('6 tries at once of one full refund under one key: one claim, one processor refund, one row; every try answers it', async () => {
    const payment = await cardPayment();
    const refund = { organizationId: server.organizationId, paymentId: payment.id, amountCents: payment.amountCents, reason: 'race', idempotencyKey: `return:${uuidv7()}:${payment.id}` };
    simulator().configure({ latencyMs: 30 });
    let answers;
    try {
      answers = await Promise.all(Array.from({ length: 6 }, () => refundPayment(server.platform, context, refund)));
    } finally {
      simulator().configure({ latencyMs: 0 });
    }
    expect(new Set(answers.map((a) => a.refundId)).size).toBe(1);
    expect(new Set(answers.map((a) => a.refundRef)).size).toBe(1);
    expect(await state(payment)).toEqual({ refundedCents: payment.amountCents, recorded: [{ amountCents: payment.amountCents, refundRef: answers[0].refundRef }], processor: [payment.amountCents] });
  });

  it('4 tries at once under one key whose first processor call is declined: the refund made by the others stays counted, once', async () => {
    const payment = await cardPayment();
    const part = Math.floor(payment.amountCents / 2);
    const refund = { organizationId: server.organizationId, paymentId: payment.id, amountCents: part, reason: 'race', idempotencyKey: `return:${uuidv7()}:${payment.id}` };
    simulator().configure({ latencyMs: 30, failRefundNext: 1, refundFailure: 'declined' });
    let settled;
    try {
      settled = await Promise.allSettled(Array.from({ length: 4 }, () => refundPayment(server.platform, context, refund)));
    } finally {
      simulator().configure({ latencyMs: 0, failRefundNext: 0 });
    }
    const made = settled.filter((s) => s.status === 'fulfilled').map((s) => (s as PromiseFulfilledResult<{ refundRef: string }>).value.refundRef);
    expect(made.length).toBeGreaterThanOrEqual(1);
    expect(new Set(made).size).toBe(1);
    for (const s of settled) if (s.status === 'rejected') expect(String(s.reason)).toContain('simulated processor error on refund');
    expect(await state(payment)).toEqual({ refundedCents: part, recorded: [{ amountCents: part, refundRef: made[0] }], processor: [part] });
  });
});
