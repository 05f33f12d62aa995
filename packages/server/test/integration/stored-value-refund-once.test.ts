// A refund to a gift card or to store credit is credited once per idempotency key, even when the
// try that credited never got its answer back (the process died after the commit, or recording the
// refund failed): the retry, with the same key, answers the first credit's ledger entry instead of
// writing a second one, and two tries at once credit once. Gift cards and store credit are ledgers
// in Verdant's own database, so the key is kept on the ledger entry (migration 0160) and its unique
// index decides. Both projects run this file; on PostgreSQL the tries at once really race.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeTenders, paymentsOf, recordPayments, refundPayment } from '../../src/modules/payments';
import type { PaymentProvider, ProviderContext, Tender } from '../../src/modules/payments/payment-provider';
import type { RequestContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { permissionsOf } from '../../src/modules/staff/permissions';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('refunds to gift cards and store credit are made once per idempotency key', () => {
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
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 10 });
    buyers = await customers(server.platform.database.db, server.organizationId, 4);
    context = {
      actor: { type: 'staff', id: null, organizationId: server.organizationId, role: 'manager', permissions: permissionsOf('manager'), storeIds: [] },
      requestId: 'test',
    };
  });
  afterAll(() => server?.close());
  const db = () => server.platform.database.db;

  const issueCard = async (amountCents: number) => {
    const response = await server.request({ method: 'POST', url: '/v1/gift-cards', cookie: manager, body: { amountCents } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; code: string };
  };
  /** $100.00 of store credit for the customer (a goodwill adjustment); its account's id. */
  const giveStoreCredit = async (customerId: string) => {
    const id = uuidv7();
    await db().insertInto('stored_value_account').values({ id, organization_id: server.organizationId, kind: 'store_credit', code_hash: null, code_last4: null, customer_id: customerId, balance_cents: 10_000 } as never).execute();
    await db().insertInto('stored_value_entry').values({ account_id: id, amount_cents: 10_000, reason: 'adjust', reference: 'test goodwill' }).execute();
    return id;
  };
  /** A payment of `amountCents` taken from the tender, recorded on an order of its own. */
  const paidWith = async (tender: Tender, amountCents: number, customerId: string | null = null) => {
    const orderId = uuidv7();
    const authorizations = await authorizeTenders(server.platform, context, { organizationId: server.organizationId, storeId: fx.storeId, customerId, reference: orderId, amountDueCents: amountCents, tenders: [tender] });
    const [payment] = await inTransaction(server.platform.tx, context, (uow) => recordPayments(uow, { organizationId: server.organizationId, storeId: fx.storeId, orderId, authorizations }));
    const row = await db().selectFrom('payment').select(['authorization_ref', 'details']).where('id', '=', payment.id).executeTakeFirstOrThrow();
    return { id: payment.id, orderId, ref: { authorizationRef: row.authorization_ref, details: row.details as Record<string, unknown> } };
  };
  const providerContext = (reference: string): ProviderContext => ({ runner: server.platform.tx, request: context, organizationId: server.organizationId, storeId: fx.storeId, reference, cashRoundingCents: 1 });
  /** An account's balance and its refund entries (cents, oldest first). */
  const ledger = async (accountId: string) => ({
    balance: Number((await db().selectFrom('stored_value_account').select('balance_cents').where('id', '=', accountId).executeTakeFirstOrThrow()).balance_cents),
    refunds: (await db().selectFrom('stored_value_entry').select('amount_cents').where('account_id', '=', accountId).where('reason', '=', 'refund').orderBy('id').execute()).map((e) => Number(e.amount_cents)),
  });
  /** Runs `body` with the tender's provider answering its first `lose` refunds with an error after they committed. */
  async function losingAnswers<T>(kind: 'gift_card' | 'store_credit', lose: number, body: (made: string[]) => Promise<T>): Promise<T> {
    // The platform's own providers, swapped for the one tender while the body runs.
    const providers = paymentsOf(server.platform).providers as Map<string, PaymentProvider>;
    const real = providers.get(kind) as PaymentProvider;
    const made: string[] = [];
    providers.set(kind, {
      ...real,
      async refund(...args: Parameters<PaymentProvider['refund']>) {
        const refund = await real.refund(...args);
        made.push(refund.refundRef);
        if (made.length <= lose) throw new Error('connection lost after the credit committed');
        return refund;
      },
    });
    try {
      return await body(made);
    } finally {
      providers.set(kind, real);
    }
  }

  it('a gift card refund whose answer was lost is answered on the retry with the first credit: one ledger entry, credited once, recorded once', async () => {
    const card = await issueCard(5000);
    const payment = await paidWith({ kind: 'gift_card', giftCardCode: card.code }, 3000);
    expect(await ledger(card.id)).toEqual({ balance: 2000, refunds: [] });
    const refund = { organizationId: server.organizationId, paymentId: payment.id, amountCents: 3000, reason: 'cancelled', idempotencyKey: `order-refund:${payment.orderId}:${payment.id}` };
    await losingAnswers('gift_card', 1, async (made) => {
      await expect(refundPayment(server.platform, context, refund)).rejects.toThrow('connection lost after the credit committed');
      // Credited, not recorded: the payment's claim was released, as for any failure.
      expect(await ledger(card.id)).toEqual({ balance: 5000, refunds: [3000] });
      expect(Number((await db().selectFrom('payment').select('refunded_cents').where('id', '=', payment.id).executeTakeFirstOrThrow()).refunded_cents)).toBe(0);
      const retried = await refundPayment(server.platform, context, refund);
      expect(await ledger(card.id)).toEqual({ balance: 5000, refunds: [3000] });
      expect(retried.refundRef).toBe(made[0]);
      expect(made).toEqual([made[0], made[0]]);
    });
    expect((await db().selectFrom('payment_refund').select('amount_cents').where('payment_id', '=', payment.id).execute()).map((r) => Number(r.amount_cents))).toEqual([3000]);
    expect(await db().selectFrom('payment').select(['status', 'refunded_cents']).where('id', '=', payment.id).executeTakeFirstOrThrow()).toEqual({ status: 'refunded', refunded_cents: 3000 });
    expect(await db().selectFrom('audit_log').select('id').where('action', '=', 'gift_card.refunded').where('entity_id', '=', card.id).execute()).toHaveLength(1);
  });

  it('a gift card refund asked again under its key answers the first credit; another amount or another card under the key is 409 IDEMPOTENCY_KEY_REUSED, nothing credited', async () => {
    const gift = paymentsOf(server.platform).providers.get('gift_card') as PaymentProvider;
    const card = await issueCard(5000);
    const payment = await paidWith({ kind: 'gift_card', giftCardCode: card.code }, 4000);
    const key = `return:${uuidv7()}:${payment.id}`;
    const first = await gift.refund(providerContext(payment.orderId), payment.ref, 1500, key);
    const again = await gift.refund(providerContext(payment.orderId), payment.ref, 1500, key);
    expect(await ledger(card.id)).toEqual({ balance: 2500, refunds: [1500] });
    expect(again.refundRef).toBe(first.refundRef);

    await expect(gift.refund(providerContext(payment.orderId), payment.ref, 1600, key)).rejects.toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    const other = await issueCard(1000);
    const otherPayment = await paidWith({ kind: 'gift_card', giftCardCode: other.code }, 1000);
    await expect(gift.refund(providerContext(otherPayment.orderId), otherPayment.ref, 1500, key)).rejects.toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await ledger(card.id)).toEqual({ balance: 2500, refunds: [1500] });
    expect(await ledger(other.id)).toEqual({ balance: 0, refunds: [] });
  });

  it('a gift card refund tried three times at once under one key credits once, and every try answers the same entry', async () => {
    const gift = paymentsOf(server.platform).providers.get('gift_card') as PaymentProvider;
    const card = await issueCard(5000);
    const payment = await paidWith({ kind: 'gift_card', giftCardCode: card.code }, 4000);
    const key = `return:${uuidv7()}:${payment.id}`;
    const atOnce = await Promise.all([1, 2, 3].map(() => gift.refund(providerContext(payment.orderId), payment.ref, 1000, key)));
    expect(await ledger(card.id)).toEqual({ balance: 2000, refunds: [1000] });
    expect(new Set(atOnce.map((r) => r.refundRef)).size).toBe(1);
  });

  it('a store-credit refund asked again under its key answers the first credit; another amount under the key is 409 IDEMPOTENCY_KEY_REUSED', async () => {
    const credit = paymentsOf(server.platform).providers.get('store_credit') as PaymentProvider;
    const accountId = await giveStoreCredit(buyers[0]);
    const payment = await paidWith({ kind: 'store_credit', customerId: buyers[0] }, 6000, buyers[0]);
    expect(await ledger(accountId)).toEqual({ balance: 4000, refunds: [] });
    const key = `order-refund:${payment.orderId}:${payment.id}`;
    const first = await credit.refund(providerContext(payment.orderId), payment.ref, 6000, key);
    const again = await credit.refund(providerContext(payment.orderId), payment.ref, 6000, key);
    expect(await ledger(accountId)).toEqual({ balance: 10_000, refunds: [6000] });
    expect(again.refundRef).toBe(first.refundRef);
    await expect(credit.refund(providerContext(payment.orderId), payment.ref, 5999, key)).rejects.toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await ledger(accountId)).toEqual({ balance: 10_000, refunds: [6000] });
  });

  it('a store-credit refund tried three times at once under one key credits once', async () => {
    const credit = paymentsOf(server.platform).providers.get('store_credit') as PaymentProvider;
    const accountId = await giveStoreCredit(buyers[3]);
    const payment = await paidWith({ kind: 'store_credit', customerId: buyers[3] }, 6000, buyers[3]);
    const key = `return:${uuidv7()}:${payment.id}`;
    const atOnce = await Promise.all([1, 2, 3].map(() => credit.refund(providerContext(payment.orderId), payment.ref, 500, key)));
    expect(await ledger(accountId)).toEqual({ balance: 4500, refunds: [500] });
    expect(new Set(atOnce.map((r) => r.refundRef)).size).toBe(1);
  });

  // A return's refundTo store_credit: claim, credit and record commit together, so a lost answer is
  // a retry of a refund whose claim on the payment is already there.
  it('a refund to store credit that committed but lost its answer is answered on the retry: credited, claimed and recorded once; another amount under the key is 409', async () => {
    const accountId = await giveStoreCredit(buyers[1]);
    const payment = await paidWith({ kind: 'simulator' }, 5000, buyers[1]);
    const refund = { organizationId: server.organizationId, paymentId: payment.id, amountCents: 5000, reason: 'return: changed mind', idempotencyKey: `return:${uuidv7()}:${payment.id}`, toStoreCredit: { customerId: buyers[1] } };
    const first = await refundPayment(server.platform, context, refund);
    // The retry of the whole amount: the first try's own claim left nothing, and it is still answered.
    const retried = await refundPayment(server.platform, context, refund);
    expect(await ledger(accountId)).toEqual({ balance: 15_000, refunds: [5000] });
    expect(retried).toEqual(first);
    expect(await db().selectFrom('payment').select('refunded_cents').where('id', '=', payment.id).executeTakeFirstOrThrow()).toEqual({ refunded_cents: 5000 });
    expect(await db().selectFrom('payment_refund').select('id').where('payment_id', '=', payment.id).execute()).toEqual([{ id: first.refundId }]);
    await expect(refundPayment(server.platform, context, { ...refund, amountCents: 4000 })).rejects.toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await ledger(accountId)).toEqual({ balance: 15_000, refunds: [5000] });
  });

  it('a refund to store credit tried three times at once under one key credits, claims and records once', async () => {
    const accountId = await giveStoreCredit(buyers[2]);
    const payment = await paidWith({ kind: 'simulator' }, 5000, buyers[2]);
    const refund = { organizationId: server.organizationId, paymentId: payment.id, amountCents: 1000, reason: 'return: changed mind', idempotencyKey: `return:${uuidv7()}:${payment.id}`, toStoreCredit: { customerId: buyers[2] } };
    const answers = await Promise.all([1, 2, 3].map(() => refundPayment(server.platform, context, refund)));
    expect(await ledger(accountId)).toEqual({ balance: 11_000, refunds: [1000] });
    expect(new Set(answers.map((a) => a.refundId)).size).toBe(1);
    expect(await db().selectFrom('payment').select('refunded_cents').where('id', '=', payment.id).executeTakeFirstOrThrow()).toEqual({ refunded_cents: 1000 });
    expect(await db().selectFrom('payment_refund').select('id').where('payment_id', '=', payment.id).execute()).toHaveLength(1);
  });

  it('a return of a gift card sale whose refund lost its answer is retried by the outbox with its key and credits the card once', async () => {
    const card = await issueCard(10_000);
    const sale = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie: budtender,
      body: { id: uuidv7(), customerId: buyers[2], lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'gift_card', giftCardCode: card.code }] },
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json().order as { id: string; totalCents: number };
    const paid = (await ledger(card.id)).balance;
    const settled = await losingAnswers('gift_card', 1, async (made) => {
      const returned = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/returns`, cookie: manager, body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'changed mind' } });
      expect(returned.statusCode, returned.body).toBe(201);
      expect(returned.json().refund).toMatchObject({ status: 'owed', lastError: 'connection lost after the credit committed' });
      expect(made).toHaveLength(1);
      let refund: { status: string } | undefined;
      for (const deadline = Date.now() + 15_000; Date.now() < deadline && refund?.status !== 'refunded'; await server.platform.deliveries.wake()) {
        const returns = (await server.request({ method: 'GET', url: `/v1/orders/${order.id}`, cookie: budtender })).json().returns as Array<{ returnId: string; refund: { status: string } }>;
        refund = returns.find((r) => r.returnId === returned.json().returnId)?.refund;
      }
      return { refund, made, refundCents: returned.json().refundCents as number };
    });
    expect(settled.refund).toMatchObject({ status: 'refunded' });
    expect(await ledger(card.id)).toEqual({ balance: paid + settled.refundCents, refunds: [settled.refundCents] });
    // The outbox's retry was answered with the lost try's entry.
    expect(settled.made.length).toBeGreaterThanOrEqual(2);
    expect(new Set(settled.made).size).toBe(1);
    const payment = await db().selectFrom('payment').select(['id', 'refunded_cents']).where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect(Number(payment.refunded_cents)).toBe(settled.refundCents);
    expect(await db().selectFrom('payment_refund').select('id').where('payment_id', '=', payment.id).execute()).toHaveLength(1);
  });
});
