import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeTenders, paymentsOf, recordPayments, refundPayment, storeCreditBalance } from '../../src/modules/payments';
import { inTransaction } from '../../src/platform/unit-of-work';
import type { RequestContext } from '../../src/platform/context';
import { permissionsOf } from '../../src/modules/staff/permissions';
import { startTestServer, type TestServer } from '../support/test-server';

describe('payments', () => {
  let server: TestServer;
  let manager: string;
  let storeId: string;
  let context: RequestContext;
  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    storeId = (await server.request({ method: 'GET', url: '/v1/stores', cookie: manager })).json().stores[0].id;
    context = {
      actor: { type: 'staff', id: null, organizationId: server.organizationId, role: 'manager', permissions: permissionsOf('manager'), storeIds: [] },
      requestId: 'test',
    };
  });
  afterAll(() => server?.close());

  const issueCard = async (amountCents: number) => {
    const response = await server.request({ method: 'POST', url: '/v1/gift-cards', cookie: manager, body: { amountCents } });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; code: string; balanceCents: number; last4: string };
  };
  const balance = async (code: string) =>
    (await server.request({ method: 'POST', url: '/v1/gift-cards/balance', cookie: manager, body: { code } })).json().balanceCents;

  it('issues a gift card whose code is stored only as a hash, loads it and reads its balance', async () => {
    const card = await issueCard(5000);
    expect(card.code).toMatch(/^\d{16}$/);
    const rows = await server.platform.database.db.selectFrom('stored_value_account').selectAll().where('id', '=', card.id).execute();
    expect(JSON.stringify(rows)).not.toContain(card.code);
    const loaded = await server.request({ method: 'POST', url: '/v1/gift-cards/load', cookie: manager, body: { code: card.code, amountCents: 2500 } });
    expect(loaded.json().balanceCents).toBe(7500);
    expect(await balance(card.code)).toBe(7500);
    const unknown = await server.request({ method: 'POST', url: '/v1/gift-cards/balance', cookie: manager, body: { code: '0000000000000000' } });
    expect(unknown.statusCode).toBe(404);
  });

  it('gives change from cash with the store’s rounding rule', async () => {
    const settings = await server.request({ method: 'PUT', url: `/v1/stores/${storeId}/payment-settings`, cookie: manager, body: { cashRoundingCents: 5 } });
    expect(settings.statusCode).toBe(200);
    const [cash] = await authorizeTenders(server.platform, context, {
      organizationId: server.organizationId,
      storeId,
      customerId: null, // a walk-in: no store credit
      reference: 'order-cash',
      amountDueCents: 4763,
      tenders: [{ kind: 'cash', tenderedCents: 5000 }],
    });
    expect(cash).toMatchObject({ amountCents: 4763, changeCents: 235, details: { roundedDueCents: 4765, roundingCents: 2 } });
    await expect(
      authorizeTenders(server.platform, context, {
        organizationId: server.organizationId,
        storeId,
        customerId: null, // a walk-in: no store credit
        reference: 'order-short',
        amountDueCents: 4763,
        tenders: [{ kind: 'cash', tenderedCents: 4000 }],
      }),
    ).rejects.toMatchObject({ code: 'TENDER_SHORT', statusCode: 422 });
  });

  it('voids what was already authorized when a later tender is declined (compensation)', async () => {
    const card = await issueCard(3000);
    paymentsOf(server.platform).simulator.configure({ declineNext: 1 });
    await expect(
      authorizeTenders(server.platform, context, {
        organizationId: server.organizationId,
        storeId,
        customerId: null, // a walk-in: no store credit
        reference: 'order-split',
        amountDueCents: 8000,
        tenders: [
          { kind: 'gift_card', amountCents: 3000, giftCardCode: card.code },
          { kind: 'simulator' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'PAYMENT_DECLINED' });
    expect(await balance(card.code)).toBe(3000);
    const entries = await server.platform.database.db.selectFrom('stored_value_entry').select(['reason', 'amount_cents']).where('account_id', '=', card.id).orderBy('id').execute();
    expect(entries.map((e) => [e.reason, e.amount_cents])).toEqual([
      ['issue', 3000],
      ['redeem', -3000],
      ['void', 3000],
    ]);
  });

  it('refuses a gift card that does not hold enough, changing nothing', async () => {
    const card = await issueCard(1000);
    await expect(
      authorizeTenders(server.platform, context, {
        organizationId: server.organizationId,
        storeId,
        customerId: null, // a walk-in: no store credit
        reference: 'order-big',
        amountDueCents: 2000,
        tenders: [{ kind: 'gift_card', giftCardCode: card.code }],
      }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
    expect(await balance(card.code)).toBe(1000);
  });

  it('records split payments on an order and refunds to the original tender or to store credit', async () => {
    const card = await issueCard(2000);
    const authorizations = await authorizeTenders(server.platform, context, {
      organizationId: server.organizationId,
      storeId,
      customerId: null, // a walk-in: no store credit
      reference: 'order-refund',
      amountDueCents: 6000,
      tenders: [{ kind: 'gift_card', amountCents: 2000, giftCardCode: card.code }, { kind: 'simulator' }],
    });
    const payments = await inTransaction(server.platform.tx, context, (uow) =>
      recordPayments(uow, { organizationId: server.organizationId, storeId, orderId: '01900000-0000-7000-8000-0000000000aa', authorizations }),
    );
    expect(payments.map((p) => [p.provider, p.amountCents])).toEqual([
      ['gift_card', 2000],
      ['simulator', 4000],
    ]);
    const sim = payments[1];
    await refundPayment(server.platform, context, { organizationId: server.organizationId, paymentId: sim.id, amountCents: 1500, reason: 'return', idempotencyKey: 'return-1:sim' });
    expect(paymentsOf(server.platform).simulator.refunds).toContainEqual({ authorizationRef: sim.authorizationRef, amountCents: 1500 });
    const customerId = '01900000-0000-7000-8000-0000000000cc';
    const toCredit = await refundPayment(server.platform, context, {
      organizationId: server.organizationId,
      paymentId: sim.id,
      amountCents: 2500,
      reason: 'return',
      idempotencyKey: 'return-2:sim',
      toStoreCredit: { customerId },
    });
    expect(toCredit.destination).toBe('store_credit');
    expect(await storeCreditBalance(server.platform.database.db, server.organizationId, customerId)).toBe(2500);
    await expect(
      refundPayment(server.platform, context, { organizationId: server.organizationId, paymentId: sim.id, amountCents: 1, reason: 'again', idempotencyKey: 'return-3:sim' }),
    ).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT' });
    const row = await server.platform.database.db.selectFrom('payment').select(['status', 'refunded_cents']).where('id', '=', sim.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'refunded', refunded_cents: 4000 });
    await refundPayment(server.platform, context, { organizationId: server.organizationId, paymentId: payments[0].id, amountCents: 2000, reason: 'return', idempotencyKey: 'return-1:gift' });
    expect(await balance(card.code)).toBe(2000);
  });
  it('a refund the processor made but whose answer was lost is answered by its key on the retry: refunded once, recorded once', async () => {
    const simulator = paymentsOf(server.platform).simulator;
    const authorizations = await authorizeTenders(server.platform, context, {
      organizationId: server.organizationId,
      storeId,
      customerId: null,
      reference: 'order-lost-answer',
      amountDueCents: 3000,
      tenders: [{ kind: 'simulator' }],
    });
    const [payment] = await inTransaction(server.platform.tx, context, (uow) =>
      recordPayments(uow, { organizationId: server.organizationId, storeId, orderId: '01900000-0000-7000-8000-0000000000ab', authorizations }),
    );
    const made = () => simulator.refunds.filter((r) => r.authorizationRef === payment.authorizationRef);
    const refund = { organizationId: server.organizationId, paymentId: payment.id, amountCents: 3000, reason: 'cancelled', idempotencyKey: `order-refund:lost:${payment.id}` };
    simulator.configure({ failRefundNext: 1, refundFailure: 'answer_lost' });
    await expect(refundPayment(server.platform, context, refund)).rejects.toThrow('simulated processor timeout on refund');
    // The processor refunded; the payment's claim was released, as for any failure.
    expect(made()).toEqual([{ authorizationRef: payment.authorizationRef, amountCents: 3000 }]);
    const db = server.platform.database.db;
    expect((await db.selectFrom('payment').select('refunded_cents').where('id', '=', payment.id).executeTakeFirstOrThrow()).refunded_cents).toBe(0);
    const retried = await refundPayment(server.platform, context, refund);
    expect(made()).toHaveLength(1);
    expect(await db.selectFrom('payment_refund').select(['amount_cents', 'refund_ref']).where('payment_id', '=', payment.id).execute()).toEqual([{ amount_cents: 3000, refund_ref: retried.refundRef }]);
    expect((await db.selectFrom('payment').select(['status', 'refunded_cents']).where('id', '=', payment.id).executeTakeFirstOrThrow())).toEqual({ status: 'refunded', refunded_cents: 3000 });
    // A declined refund refunds nothing and is retried as a new one; a key names one refund only.
    simulator.configure({ failRefundNext: 1, refundFailure: 'declined' });
    await expect(simulator.refund(null, { authorizationRef: 'sim_other' }, 500, 'key-declined')).rejects.toThrow('simulated processor error on refund');
    expect(simulator.refunds.filter((r) => r.authorizationRef === 'sim_other')).toEqual([]);
    await simulator.refund(null, { authorizationRef: 'sim_other' }, 500, 'key-declined');
    await expect(simulator.refund(null, { authorizationRef: 'sim_other' }, 400, 'key-declined')).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(simulator.refunds.filter((r) => r.authorizationRef === 'sim_other')).toHaveLength(1);
    simulator.configure({ refundFailure: 'declined' });
  });
});
