// PostgreSQL only: customer balances under racing registers. A gift card, a customer's store credit
// and their loyalty points are each spent by many sales at once; a balance must never go below
// zero, never pay for more sales than it holds, never lose or double a load or a refund, and must
// always equal the sum of its ledger entries. Every request goes through one server with a
// 20-connection pool, so the transactions really interleave.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditStoreCredit, refundPayment } from '../../src/modules/payments';
import { permissionsOf } from '../../src/modules/staff/permissions';
import type { RequestContext } from '../../src/platform/context';
import { inTransaction, type Db } from '../../src/platform/unit-of-work';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const WALK_IN = { kind: 'adult_use', birthDate: '1980-01-01' } as const;

type Outcome = { status: number; code: string | undefined; orderId: string | undefined; totalCents: number | undefined };

describe('balance races (PostgreSQL)', () => {
  let server: TestServer;
  let cookie: string;
  let context: RequestContext;

  beforeAll(async () => {
    server = await startTestServer();
    cookie = await server.login('manager');
    context = {
      actor: { type: 'staff', id: null, organizationId: server.organizationId, role: 'manager', permissions: permissionsOf('manager'), storeIds: [] },
      requestId: 'balances-race',
    };
  });
  afterAll(() => server?.close());

  const db = (): Db => server.platform.database.db;

  const issueCard = async (amountCents: number) => {
    const r = await server.request({ method: 'POST', url: '/v1/gift-cards', cookie, body: { amountCents } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { id: string; code: string; balanceCents: number };
  };

  const posSale = async (fx: CheckoutFixture, body: Record<string, unknown>): Promise<Outcome> => {
    const r = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie,
      body: { id: uuidv7(), lines: [{ skuId: fx.skuId, quantity: 1 }], ...body },
    });
    const json = r.json();
    return { status: r.statusCode, code: json.error?.code, orderId: json.order?.id, totalCents: json.order?.totalCents };
  };

  /** The total of one unit of the fixture's SKU for a walk-in, learnt from a real sale paid by the simulator. */
  const unitSaleTotal = async (fx: CheckoutFixture) => {
    const probe = await posSale(fx, { customer: WALK_IN, tenders: [{ kind: 'simulator' }] });
    expect(probe.status).toBe(201);
    return probe.totalCents as number;
  };

  /** The stored balance, the sum of its ledger entries, and the entries by reason. */
  const account = async (accountId: string) => {
    const row = await sql<{ balance: string; ledger: string; entries: Record<string, number> | null }>`
      select a.balance_cents as balance,
             (select coalesce(sum(amount_cents), 0) from stored_value_entry e where e.account_id = a.id) as ledger,
             (select jsonb_object_agg(reason, n) from (select reason, count(*)::int as n from stored_value_entry e where e.account_id = a.id group by reason) r) as entries
        from stored_value_account a where a.id = ${accountId}`.execute(db());
    const r = row.rows[0];
    return { balance: Number(r.balance), ledger: Number(r.ledger), entries: r.entries ?? {} };
  };

  /** Payments drawn on the account, with whether their order exists. */
  const paymentsOn = async (accountId: string) => {
    const rows = await sql<{ order_id: string | null; amount_cents: string; refunded_cents: string; has_order: boolean }>`
      select p.order_id, p.amount_cents, p.refunded_cents, exists (select 1 from sales_order o where o.id = p.order_id) as has_order
        from payment p where p.details ->> 'accountId' = ${accountId}`.execute(db());
    return rows.rows.map((r) => ({ orderId: r.order_id, amountCents: Number(r.amount_cents), refundedCents: Number(r.refunded_cents), hasOrder: r.has_order }));
  };

  const codesOf = (results: Outcome[]) => results.map((r) => (r.status === 201 ? 'created' : `${r.status} ${r.code}`)).sort();

  it('10 sales at once on a gift card holding exactly 3: 3 orders, 7 × 422 INSUFFICIENT_BALANCE, the card at its remainder', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 20, code: 'HH-BD-35' });
    const total = await unitSaleTotal(fx);
    const remainder = 123;
    expect(remainder).toBeLessThan(total);
    const card = await issueCard(3 * total + remainder);

    const results = await Promise.all(
      Array.from({ length: 10 }, () => posSale(fx, { customer: WALK_IN, tenders: [{ kind: 'gift_card', giftCardCode: card.code }] })),
    );

    expect(codesOf(results)).toEqual([...Array(3).fill('created'), ...Array(7).fill('422 INSUFFICIENT_BALANCE')].sort());
    const sold = results.filter((r) => r.status === 201);
    expect(sold.map((r) => r.totalCents)).toEqual([total, total, total]);

    const after = await account(card.id);
    expect(after.balance).toBe(remainder);
    expect(after.ledger).toBe(remainder);
    // A refused debit writes nothing: no redeem-then-void pairs, just the 3 that paid.
    expect(after.entries).toEqual({ issue: 1, redeem: 3 });
    const payments = await paymentsOn(card.id);
    expect(payments.every((p) => p.hasOrder)).toBe(true);
    expect(payments.map((p) => p.orderId).sort()).toEqual(sold.map((r) => r.orderId).sort());
    expect(payments.every((p) => p.amountCents === total)).toBe(true);
    expect((await server.request({ method: 'POST', url: '/v1/gift-cards/balance', cookie, body: { code: card.code } })).json().balanceCents).toBe(remainder);
    // 1 probe sale + 3 gift-card sales left the package; the refused ones left nothing reserved.
    expect(await ledgerMatches(db(), fx.packageId)).toEqual({ onHand: 16, reserved: 0, ledgerOnHand: 16, ledgerReserved: 0 });
  });

  it("10 sales at once on one customer's store credit holding exactly 3: 3 orders, the rest refused, the credit at its remainder", async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 20, code: 'HH-GDP-35' });
    const total = await unitSaleTotal(fx);
    const [buyer] = await customers(db(), server.organizationId, 1);
    const remainder = 77;
    const credited = await inTransaction(server.platform.tx, context, (uow) =>
      creditStoreCredit(uow, { organizationId: server.organizationId, customerId: buyer, amountCents: 3 * total + remainder, reference: 'test goodwill' }),
    );

    const results = await Promise.all(
      Array.from({ length: 10 }, () => posSale(fx, { customerId: buyer, tenders: [{ kind: 'store_credit', customerId: buyer }] })),
    );

    expect(codesOf(results)).toEqual([...Array(3).fill('created'), ...Array(7).fill('422 INSUFFICIENT_BALANCE')].sort());
    const sold = results.filter((r) => r.status === 201);
    const after = await account(credited.id);
    expect(after.balance).toBe(remainder);
    expect(after.ledger).toBe(remainder);
    expect(after.entries).toEqual({ refund: 1, redeem: 3 });
    const payments = await paymentsOn(credited.id);
    expect(payments.every((p) => p.hasOrder)).toBe(true);
    expect(payments.map((p) => p.orderId).sort()).toEqual(sold.map((r) => r.orderId).sort());
    expect((await server.request({ method: 'GET', url: `/v1/store-credit/${buyer}`, cookie })).json().balanceCents).toBe(remainder);
    expect(await ledgerMatches(db(), fx.packageId)).toEqual({ onHand: 16, reserved: 0, ledgerOnHand: 16, ledgerReserved: 0 });
  });

  it('8 sales at once each redeeming 100 points from a customer holding 200: exactly 2 redeem, the rest are refused whole', async () => {
    // The demo program: 100 points = $5 off, 1 point per dollar paid. One $50 unit earns at most 45
    // points, so two sales earn < 100 and no third redemption can ever be covered. The route
    // documents a refusal (409 LOYALTY_INSUFFICIENT_POINTS) that rolls the whole sale back, so the
    // refused sales must leave no order, no points moved and no money taken from the gift card.
    const fx = await stockedSku(db(), server.organizationId, { quantity: 20, code: 'RR-SD-35' });
    const [buyer] = await customers(db(), server.organizationId, 1);
    const give = await server.request({ method: 'POST', url: `/v1/loyalty/accounts/${buyer}/adjustments`, cookie, body: { points: 200, reason: 'Race test balance' } });
    expect(give.statusCode, give.body).toBe(200);
    const card = await issueCard(100_000);

    const results = await Promise.all(
      Array.from({ length: 8 }, () => posSale(fx, { customerId: buyer, loyaltyPoints: 100, tenders: [{ kind: 'gift_card', giftCardCode: card.code }] })),
    );

    expect(codesOf(results)).toEqual([...Array(2).fill('created'), ...Array(6).fill('409 LOYALTY_INSUFFICIENT_POINTS')].sort());
    const sold = results.filter((r) => r.status === 201);
    const entries = await db().selectFrom('loyalty_entry').select(['kind', 'points', 'order_id']).where('customer_id', '=', buyer).execute();
    const redeems = entries.filter((e) => e.kind === 'redeem');
    const earns = entries.filter((e) => e.kind === 'earn');
    expect(redeems.map((e) => e.points)).toEqual([-100, -100]);
    expect(redeems.map((e) => e.order_id).sort()).toEqual(sold.map((r) => r.orderId).sort());
    expect(earns.map((e) => e.order_id).sort()).toEqual(sold.map((r) => r.orderId).sort());
    const acct = await db().selectFrom('loyalty_account').select(['balance_points', 'lifetime_points']).where('customer_id', '=', buyer).executeTakeFirstOrThrow();
    const ledger = entries.reduce((s, e) => s + e.points, 0);
    expect(acct.balance_points).toBe(ledger);
    expect(acct.balance_points).toBe(200 - 200 + earns.reduce((s, e) => s + e.points, 0));
    expect(acct.balance_points).toBeGreaterThanOrEqual(0);
    expect(acct.balance_points).toBeLessThan(100);
    // Every refused sale gave its gift-card money back; the card paid exactly the 2 orders.
    const after = await account(card.id);
    const paid = sold.reduce((s, r) => s + (r.totalCents as number), 0);
    expect(after.balance).toBe(100_000 - paid);
    expect(after.ledger).toBe(after.balance);
    expect((await paymentsOn(card.id)).every((p) => p.hasOrder)).toBe(true);
    expect(await ledgerMatches(db(), fx.packageId)).toEqual({ onHand: 18, reserved: 0, ledgerOnHand: 18, ledgerReserved: 0 });
  });

  it('redemptions racing staff deductions of the same points: exactly 2 debits of 100 in all, the balance equals its ledger', async () => {
    // Sales of one customer already queue on the customer's limit lock; staff adjustments do not,
    // so here only the conditional counter update stands between the points and a double spend.
    // A $12 pre-roll earns at most 7 points a sale: whatever succeeds, 200 + earned < 300.
    const fx = await stockedSku(db(), server.organizationId, { quantity: 20, code: 'HH-BD-PR1' });
    const [buyer] = await customers(db(), server.organizationId, 1);
    const give = await server.request({ method: 'POST', url: `/v1/loyalty/accounts/${buyer}/adjustments`, cookie, body: { points: 200, reason: 'Race test balance' } });
    expect(give.statusCode, give.body).toBe(200);
    const card = await issueCard(100_000);

    const sales = Array.from({ length: 6 }, () => posSale(fx, { customerId: buyer, loyaltyPoints: 100, tenders: [{ kind: 'gift_card', giftCardCode: card.code }] }));
    const deductions = Array.from({ length: 6 }, async () => {
      const r = await server.request({ method: 'POST', url: `/v1/loyalty/accounts/${buyer}/adjustments`, cookie, body: { points: -100, reason: 'Race test deduction' } });
      return { status: r.statusCode, code: r.json().error?.code as string | undefined };
    });
    const [sold, deducted] = await Promise.all([Promise.all(sales), Promise.all(deductions)]);

    for (const r of [...sold, ...deducted]) expect(r.status === 201 || r.status === 200 || (r.status === 409 && r.code === 'LOYALTY_INSUFFICIENT_POINTS'), JSON.stringify(r)).toBe(true);
    const debits = sold.filter((r) => r.status === 201).length + deducted.filter((r) => r.status === 200).length;
    expect(debits).toBe(2);
    const entries = await db().selectFrom('loyalty_entry').select(['kind', 'points']).where('customer_id', '=', buyer).execute();
    expect(entries.filter((e) => e.points === -100)).toHaveLength(2);
    const acct = await db().selectFrom('loyalty_account').select('balance_points').where('customer_id', '=', buyer).executeTakeFirstOrThrow();
    expect(acct.balance_points).toBe(entries.reduce((s, e) => s + e.points, 0));
    expect(acct.balance_points).toBeGreaterThanOrEqual(0);
    expect(acct.balance_points).toBeLessThan(100);
    const after = await account(card.id);
    expect(after.balance).toBe(100_000 - sold.filter((r) => r.status === 201).reduce((s, r) => s + (r.totalCents as number), 0));
    expect(after.ledger).toBe(after.balance);
  });

  it('10 loads of $10 at once, racing sales on the same card: no load is lost, the balance equals its ledger', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 20, code: 'HH-HRQ-35' });
    const total = await unitSaleTotal(fx);
    const initial = 2 * total;
    const card = await issueCard(initial);
    const loads = Array.from({ length: 10 }, () => server.request({ method: 'POST', url: '/v1/gift-cards/load', cookie, body: { code: card.code, amountCents: 1_000 } }));
    const sales = Array.from({ length: 4 }, () => posSale(fx, { customer: WALK_IN, tenders: [{ kind: 'gift_card', giftCardCode: card.code }] }));
    const [loaded, sold] = await Promise.all([Promise.all(loads), Promise.all(sales)]);

    expect(loaded.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    // Whatever order they ran in, each sale either paid in full or was refused cleanly.
    for (const s of sold) expect(s.status === 201 || (s.status === 422 && s.code === 'INSUFFICIENT_BALANCE'), JSON.stringify(s)).toBe(true);
    const paid = sold.filter((s) => s.status === 201).length;
    expect(paid).toBeGreaterThanOrEqual(2);
    const after = await account(card.id);
    expect(after.balance).toBe(initial + 10 * 1_000 - paid * total);
    expect(after.ledger).toBe(after.balance);
    expect(after.entries).toEqual({ issue: 1, load: 10, redeem: paid });
  });

  it('the same gift card code issued 5 times at once: one card, the others 409 GIFT_CARD_EXISTS (never a 500)', async () => {
    const code = `7${String(Date.now()).slice(-15).padStart(15, '0')}`;
    const results = await Promise.all(Array.from({ length: 5 }, () => server.request({ method: 'POST', url: '/v1/gift-cards', cookie, body: { amountCents: 5_000, code } })));
    const codes = results.map((r) => (r.statusCode === 201 ? 'created' : `${r.statusCode} ${r.json().error?.code}`)).sort();
    expect(codes).toEqual(['409 GIFT_CARD_EXISTS', '409 GIFT_CARD_EXISTS', '409 GIFT_CARD_EXISTS', '409 GIFT_CARD_EXISTS', 'created']);
    const cards = await sql<{ id: string; balance_cents: string }>`select id, balance_cents from stored_value_account where code_hash = encode(sha256(${code}::bytea), 'hex')`.execute(db());
    expect(cards.rows).toHaveLength(1);
    expect(Number(cards.rows[0].balance_cents)).toBe(5_000);
  });

  it('6 refunds at once of a gift-card payment that allows 3: the card is credited exactly what was recorded', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 10, code: 'RR-WC-35' });
    const total = await unitSaleTotal(fx);
    const card = await issueCard(total);
    const sale = await posSale(fx, { customer: WALK_IN, tenders: [{ kind: 'gift_card', giftCardCode: card.code }] });
    expect(sale.status).toBe(201);
    const [payment] = await paymentsOn(card.id);
    const part = Math.floor(total / 3);
    const paymentId = (await db().selectFrom('payment').select('id').where('order_id', '=', sale.orderId as string).executeTakeFirstOrThrow()).id;

    const settled = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => refundPayment(server.platform, context, { organizationId: server.organizationId, paymentId, amountCents: part, reason: 'race', idempotencyKey: `race:${paymentId}:${i}` })),
    );

    const refused = settled.filter((s) => s.status === 'rejected').map((s) => (s as PromiseRejectedResult).reason);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(3);
    for (const e of refused) expect(['REFUND_CONFLICT', 'REFUND_EXCEEDS_PAYMENT']).toContain(e.code);
    const [refundedPayment] = await paymentsOn(card.id);
    expect(payment.amountCents).toBe(total);
    expect(refundedPayment.refundedCents).toBe(3 * part);
    const recorded = await sql<{ cents: string }>`select coalesce(sum(amount_cents), 0) as cents from payment_refund where payment_id = ${paymentId}`.execute(db());
    expect(Number(recorded.rows[0].cents)).toBe(3 * part);
    const after = await account(card.id);
    expect(after.balance).toBe(3 * part);
    expect(after.ledger).toBe(after.balance);
  });

  it("6 refunds at once of a payment to the customer's store credit, 3 allowed: the credit holds exactly what was recorded", async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 10, code: 'RR-SD-PR1' });
    const [buyer] = await customers(db(), server.organizationId, 1);
    const sale = await posSale(fx, { customerId: buyer, tenders: [{ kind: 'simulator' }] });
    expect(sale.status).toBe(201);
    const paymentId = (await db().selectFrom('payment').select('id').where('order_id', '=', sale.orderId as string).executeTakeFirstOrThrow()).id;
    const part = Math.floor((sale.totalCents as number) / 3);

    const settled = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        refundPayment(server.platform, context, { organizationId: server.organizationId, paymentId, amountCents: part, reason: 'race', idempotencyKey: `race:${paymentId}:${i}`, toStoreCredit: { customerId: buyer } }),
      ),
    );

    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(3);
    for (const s of settled) if (s.status === 'rejected') expect(['REFUND_CONFLICT', 'REFUND_EXCEEDS_PAYMENT']).toContain(s.reason.code);
    const credit = await db().selectFrom('stored_value_account').select('id').where('kind', '=', 'store_credit').where('customer_id', '=', buyer).executeTakeFirstOrThrow();
    const after = await account(credit.id);
    expect(after.balance).toBe(3 * part);
    expect(after.ledger).toBe(after.balance);
    expect(after.entries).toEqual({ refund: 3 });
  });
});
