// PostgreSQL only: returns and voids of one sale racing each other. The sale is paid a third in
// cash and the rest on two cards (the simulator, with a processor's latency), so the refunds of
// racing returns meet on the same payments after their transactions commit, whichever payment
// they start with. Whatever the interleaving: never
// more units back than sold, never more money back than paid (per payment, at the processor, and
// out of the drawer), stock counters equal to the ledger, limit usage credited at most once per unit.
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { paymentsOf } from '../../src/modules/payments';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const SOLD = 4;
const STOCK = 40;

describe('returns and voids racing (PostgreSQL)', () => {
  let server: TestServer;
  let cookie: string;
  let fx: CheckoutFixture;
  let buyers: string[];
  let drawer: string;
  let stockNow: number;

  beforeAll(async () => {
    server = await startTestServer();
    cookie = await server.login('manager');
    const db = server.platform.database.db;
    fx = await stockedSku(db, server.organizationId, { quantity: STOCK });
    stockNow = STOCK;
    buyers = await customers(db, server.organizationId, 3);
    const register = await post(`/v1/stores/${fx.storeId}/registers`, { name: `Returns ${uuidv7().slice(-6)}` });
    expect(register.statusCode, register.body).toBe(201);
    const opened = await post(`/v1/registers/${register.json().id}/sessions`, { float: { totalCents: 1_000_000 } });
    expect(opened.statusCode, opened.body).toBe(201);
    drawer = opened.json().id;
  });
  afterAll(() => server.close());
  afterEach(() => simulator().configure({ latencyMs: 0 }));

  const simulator = () => paymentsOf(server.platform).simulator;
  const post = (url: string, body: unknown, headers?: Record<string, string>) => server.request({ method: 'POST', url, cookie, body, ...(headers ? { headers } : {}) });
  const outcome = (r: LightMyRequestResponse) => (r.statusCode === 201 ? '201' : `${r.statusCode} ${r.json().error?.code}`);

  /** A register sale of SOLD units to a known customer, paid a third cash, the rest on two cards. */
  async function splitTenderSale(customerId: string) {
    const third = Math.floor((fx.priceCents * SOLD) / 3);
    const sale = await post(`/v1/stores/${fx.storeId}/pos-sales`, {
      id: uuidv7(),
      customerId,
      lines: [{ skuId: fx.skuId, quantity: SOLD }],
      tenders: [{ kind: 'cash', amountCents: third, tenderedCents: third }, { kind: 'simulator', amountCents: third, cardLast4: '1111' }, { kind: 'simulator' }],
    });
    expect(sale.statusCode, sale.body).toBe(201);
    stockNow -= SOLD;
    const order = sale.json().order as { id: string; totalCents: number };
    const payments = await server.platform.database.db
      .selectFrom('payment')
      .select(['id', 'provider', 'amount_cents', 'authorization_ref'])
      .where('order_id', '=', order.id)
      .execute();
    expect(payments.map((p) => p.provider).sort()).toEqual(['cash', 'simulator', 'simulator']);
    expect(payments.reduce((s, p) => s + Number(p.amount_cents), 0)).toBe(order.totalCents);
    // Every refund call now takes as long as a remote processor's.
    simulator().configure({ latencyMs: 100 });
    return { order, payments };
  }

  /** The money side after the race: what each payment, the processor and the drawer gave back. */
  async function moneyBack(orderId: string, payments: Array<{ id: string; provider: string; amount_cents: number; authorization_ref: string }>, responses: LightMyRequestResponse[]) {
    const db = server.platform.database.db;
    const rows = await db.selectFrom('payment').select(['id', 'amount_cents', 'refunded_cents']).where('order_id', '=', orderId).execute();
    const recorded = await sql<{ payment_id: string; cents: number }>`
      select payment_id, sum(amount_cents)::int as cents from payment_refund where payment_id in (${sql.join(payments.map((p) => p.id))}) group by payment_id`.execute(db);
    const cards = payments.filter((p) => p.provider === 'simulator');
    const atProcessor = cards.map((card) => ({
      paid: Number(card.amount_cents),
      refunded: simulator()
        .refunds.filter((r) => r.authorizationRef === card.authorization_ref)
        .reduce((s, r) => s + r.amountCents, 0),
    }));
    const drawerRows = await sql<{ cents: number }>`
      select coalesce(sum(amount_cents), 0)::int as cents from register_session_event where session_id = ${drawer} and order_id = ${orderId} and kind = 'cash_refund'`.execute(db);
    const ok = responses.filter((r) => r.statusCode === 201).map((r) => r.json());
    return {
      payments: rows.map((r) => ({ id: r.id, paid: Number(r.amount_cents), refunded: Number(r.refunded_cents), recorded: recorded.rows.find((x) => x.payment_id === r.id)?.cents ?? 0 })),
      cashPayment: payments.find((p) => p.provider === 'cash')!.id,
      atProcessor,
      drawer: drawerRows.rows[0].cents,
      answeredRefund: ok.reduce((s, b) => s + b.refundCents, 0),
      answeredCash: ok.reduce((s, b) => s + (b.cashRefundCents ?? 0), 0),
      refundErrors: ok.flatMap((b) => b.refunds as Array<{ error?: string }>).filter((r) => r.error),
      refundsPaid: ok.flatMap((b) => b.refunds as Array<{ amountCents: number; error?: string }>).filter((r) => !r.error).reduce((s, r) => s + r.amountCents, 0),
    };
  }

  /** Counters equal the ledger on every stock row of the package (the shelf and quarantine). */
  async function stockRows() {
    const rows = await sql<{ on_hand: number; reserved: number; l_on: number; l_res: number }>`
      select s.on_hand, s.reserved,
             (select coalesce(sum(on_hand_delta), 0) from inventory_movement m where m.package_id = s.package_id and m.location_id = s.location_id)::int as l_on,
             (select coalesce(sum(reserved_delta), 0) from inventory_movement m where m.package_id = s.package_id and m.location_id = s.location_id)::int as l_res
        from inventory_stock s where s.package_id = ${fx.packageId}`.execute(server.platform.database.db);
    for (const r of rows.rows) expect({ onHand: Number(r.on_hand), reserved: Number(r.reserved) }).toEqual({ onHand: Number(r.l_on), reserved: Number(r.l_res) });
    return rows.rows.reduce((s, r) => s + Number(r.on_hand), 0);
  }

  async function orderState(orderId: string) {
    const db = server.platform.database.db;
    const order = await db.selectFrom('sales_order').select(['status', 'total_cents', 'refunded_cents']).where('id', '=', orderId).executeTakeFirstOrThrow();
    const line = await db.selectFrom('sales_order_line').select(['quantity', 'returned_quantity']).where('order_id', '=', orderId).executeTakeFirstOrThrow();
    const usage = await db.selectFrom('purchase_usage_line').select(['quantity', 'credited_quantity']).where('order_id', '=', orderId).executeTakeFirstOrThrow();
    const returns = await db.selectFrom('sales_return').select(['kind', 'lines', 'refund_cents']).where('order_id', '=', orderId).execute();
    const returnedUnits = returns.flatMap((r) => r.lines as unknown as Array<{ quantity: number }>).reduce((s, l) => s + l.quantity, 0);
    return {
      status: order.status,
      totalCents: Number(order.total_cents),
      refundedCents: Number(order.refunded_cents),
      returnedQuantity: Number(line.returned_quantity),
      credited: Number(usage.credited_quantity),
      usageQuantity: Number(usage.quantity),
      returns,
      returnedUnits,
    };
  }

  it(`10 concurrent one-unit returns of a ${SOLD}-unit line: ${SOLD} go through, the money back is exactly what was paid, once`, async () => {
    const { order, payments } = await splitTenderSale(buyers[0]);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(`/v1/orders/${order.id}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: `changed mind ${i}`, registerSessionId: drawer }),
      ),
    );
    const outcomes = results.map(outcome);
    expect(outcomes.filter((o) => o === '201')).toHaveLength(SOLD);
    expect(outcomes.filter((o) => o === '422 RETURN_EXCEEDS_SALE')).toHaveLength(10 - SOLD);

    const state = await orderState(order.id);
    expect(state).toMatchObject({ status: 'completed', returnedQuantity: SOLD, refundedCents: order.totalCents, credited: SOLD, usageQuantity: SOLD, returnedUnits: SOLD });
    expect(state.returns).toHaveLength(SOLD);

    const money = await moneyBack(order.id, payments, results);
    expect(money.refundErrors).toEqual([]);
    expect(money.answeredRefund).toBe(order.totalCents);
    expect(money.refundsPaid).toBe(order.totalCents);
    for (const p of money.payments) expect(p).toMatchObject({ refunded: p.paid, recorded: p.paid });
    // The processor gave back each card's amount, not a cent more.
    for (const card of money.atProcessor) expect(card.refunded).toBe(card.paid);
    // The drawer paid out what the cash payment refunded, and the answers said so.
    const cash = money.payments.find((p) => p.id === money.cashPayment)!;
    expect(money.drawer).toBe(cash.refunded);
    expect(money.answeredCash).toBe(cash.refunded);

    stockNow += SOLD;
    expect(await stockRows()).toBe(stockNow);
  });

  it('voids and one-unit returns of the same sale at once: voided or returned, never beyond what was sold or paid', async () => {
    const { order, payments } = await splitTenderSale(buyers[1]);
    const jobs = Array.from({ length: 9 }, (_, i) =>
      i % 3 === 1
        ? post(`/v1/orders/${order.id}/void`, { reason: `rang up twice ${i}`, registerSessionId: drawer })
        : post(`/v1/orders/${order.id}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'quarantine' }], reason: `opened ${i}`, registerSessionId: drawer }),
    );
    const results = await Promise.all(jobs);
    const outcomes = results.map(outcome);
    // A void that read the sale before a return of it committed is 409 ORDER_CHANGED (it voids
    // the sale as read, or nothing); one after a void is 409 INVALID_TRANSITION.
    for (const o of outcomes) expect(['201', '409 INVALID_TRANSITION', '409 ORDER_CHANGED', '422 RETURN_EXCEEDS_SALE']).toContain(o);
    const voids = results.filter((r, i) => i % 3 === 1 && r.statusCode === 201);
    const returns = results.filter((r, i) => i % 3 !== 1 && r.statusCode === 201);
    expect(voids.length).toBeLessThanOrEqual(1);

    const state = await orderState(order.id);
    const units = [...voids, ...returns].flatMap((r) => r.json().lines as Array<{ quantity: number }>).reduce((s, l) => s + l.quantity, 0);
    expect(units).toBe(state.returnedQuantity);
    expect(state.returnedUnits).toBe(state.returnedQuantity);
    expect(state.returnedQuantity).toBeLessThanOrEqual(SOLD);
    expect(state.credited).toBe(state.returnedQuantity);
    expect(state.returns.filter((r) => r.kind === 'void')).toHaveLength(voids.length);
    if (voids.length === 1) {
      expect(state.status).toBe('voided');
      expect(state.returnedQuantity).toBe(SOLD);
    } else {
      expect(state.status).toBe('completed');
      expect(returns.length).toBe(SOLD);
    }
    expect(state.refundedCents).toBe(order.totalCents);

    const money = await moneyBack(order.id, payments, results);
    expect(money.refundErrors).toEqual([]);
    expect(money.answeredRefund).toBe(order.totalCents);
    expect(money.refundsPaid).toBe(order.totalCents);
    for (const p of money.payments) expect(p).toMatchObject({ refunded: p.paid, recorded: p.paid });
    for (const card of money.atProcessor) expect(card.refunded).toBe(card.paid);
    const cash = money.payments.find((p) => p.id === money.cashPayment)!;
    expect(money.drawer).toBe(cash.refunded);
    expect(money.answeredCash).toBe(cash.refunded);
    const voidedEvents = await server.platform.database.db.selectFrom('outbox_event').select('id').where('type', '=', 'orders.order.voided').where('aggregate_id', '=', order.id).execute();
    expect(voidedEvents).toHaveLength(voids.length);

    stockNow += SOLD;
    expect(await stockRows()).toBe(stockNow);
  });

  it('the same return sent 5 times at once with one Idempotency-Key is one return, refunded once', async () => {
    const { order, payments } = await splitTenderSale(buyers[2]);
    const key = `return-${uuidv7()}`;
    const body = { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'changed mind', registerSessionId: drawer };
    const results = await Promise.all(Array.from({ length: 5 }, () => post(`/v1/orders/${order.id}/returns`, body, { 'idempotency-key': key })));
    expect(results.map(outcome)).toEqual(['201', '201', '201', '201', '201']);
    expect(results.filter((r) => r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    const first = results.find((r) => r.headers['idempotent-replayed'] !== 'true')!.json();
    for (const r of results) expect(r.json()).toMatchObject({ returnId: first.returnId, refundCents: first.refundCents, lines: first.lines });

    const state = await orderState(order.id);
    expect(state).toMatchObject({ status: 'completed', returnedQuantity: 1, credited: 1, refundedCents: first.refundCents });
    expect(state.returns).toHaveLength(1);
    const money = await moneyBack(order.id, payments, results.slice(0, 1));
    expect(money.payments.reduce((s, p) => s + p.refunded, 0)).toBe(first.refundCents);
    expect(money.payments.reduce((s, p) => s + p.recorded, 0)).toBe(first.refundCents);
    expect(money.drawer).toBe(first.cashRefundCents ?? 0);

    // The same key with another body is refused; a new key is a new return.
    const reused = await post(`/v1/orders/${order.id}/returns`, { ...body, reason: 'something else' }, { 'idempotency-key': key });
    expect(outcome(reused)).toBe('409 IDEMPOTENCY_KEY_REUSED');
    const next = await post(`/v1/orders/${order.id}/returns`, body, { 'idempotency-key': `${key}-2` });
    expect(outcome(next)).toBe('201');
    expect((await orderState(order.id)).returnedQuantity).toBe(2);
    stockNow += 2;
    expect(await stockRows()).toBe(stockNow);
  });
});
