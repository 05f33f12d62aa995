// Gift cards sold at the register (POST /v1/register-sessions/{sessionId}/gift-card-sales): the
// customer pays in cash or on the card terminal, the card is issued or loaded with that amount, the
// drawer's expected cash and the session report count the cash apart from sales (no order, tax,
// limits or points), a resubmitted sale answers the stored one, and every refusal changes nothing.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const FLOAT = 20_000;
const ROUNDING = 5; // the store rounds cash to 5¢

describe('gift cards sold at the register', () => {
  let server: TestServer;
  let manager: string;
  let register: string; // the register signed in by the manager, the budtender switched in with a PIN
  let fx: CheckoutFixture;
  let budtenderId: string;
  let sessionId: string;

  const db = () => server.platform.database.db;
  const post = (url: string, body: unknown, cookie = register) => server.request({ method: 'POST', url, cookie, body });
  const sell = (body: Record<string, unknown>, cookie = register, session = sessionId) => post(`/v1/register-sessions/${session}/gift-card-sales`, body, cookie);
  const session = async (id = sessionId, cookie = manager) => (await server.request({ method: 'GET', url: `/v1/register-sessions/${id}`, cookie })).json();
  const report = async (id = sessionId) => (await server.request({ method: 'GET', url: `/v1/register-sessions/${id}/report`, cookie: manager })).json();
  const balanceOf = async (code: string) => (await post('/v1/gift-cards/balance', { code }, manager)).json().balanceCents;
  /** A gift card's balance and the sum of its ledger: they must agree. */
  const ledger = async (accountId: string) => {
    const account = await db().selectFrom('stored_value_account').select('balance_cents').where('id', '=', accountId).executeTakeFirstOrThrow();
    const entries = await db().selectFrom('stored_value_entry').select(['amount_cents', 'reason', 'reference']).where('account_id', '=', accountId).orderBy('id').execute();
    return { balance: Number(account.balance_cents), sum: entries.reduce((s, e) => s + Number(e.amount_cents), 0), entries };
  };
  /** Every table a gift card sale writes, and the session's counters: a refusal leaves all as they were. */
  const footprint = async () => {
    const counts = await Promise.all(
      ['gift_card_sale', 'payment', 'stored_value_account', 'stored_value_entry', 'register_session_event', 'audit_log', 'outbox_event', 'sales_order', 'idempotency_key'].map(
        async (table) => [table, Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db())).rows[0].n)] as const,
      ),
    );
    const drawers = await db().selectFrom('register_session').selectAll().orderBy('id').execute();
    const balances = await db().selectFrom('stored_value_account').select(['id', 'balance_cents']).orderBy('id').execute();
    return { counts: Object.fromEntries(counts), drawers, balances };
  };
  async function openSession(floatCents = FLOAT): Promise<string> {
    const created = await post(`/v1/stores/${fx.storeId}/registers`, { name: `Till ${uuidv7().slice(-6)}` }, manager);
    expect(created.statusCode, created.body).toBe(201);
    const opened = await post(`/v1/registers/${created.json().id}/sessions`, { float: { totalCents: floatCents } }, manager);
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json().id;
  }

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(db(), server.organizationId, { quantity: 30 });
    const staff = (await server.request({ method: 'GET', url: '/v1/staff', cookie: manager })).json().staff as Array<{ id: string; role: string }>;
    budtenderId = staff.find((s) => s.role === 'budtender')!.id;
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email: 'manager@demo.verdant.test', password: DEMO_PASSWORD, storeId: fx.storeId } });
    register = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
    const pin = await post('/v1/auth/pin', { userId: budtenderId, pin: '1234' });
    expect(pin.statusCode, pin.body).toBe(200);
    const rounding = await server.request({ method: 'PUT', url: `/v1/stores/${fx.storeId}/payment-settings`, cookie: manager, body: { cashRoundingCents: ROUNDING } });
    expect(rounding.statusCode, rounding.body).toBe(200);
    sessionId = await openSession();
  });
  afterAll(() => server?.close());

  let issued: { saleId: string; body: Record<string, unknown>; answer: Record<string, any> };

  it('a budtender sells a new card for cash: the code is generated and shown, the drawer and the report count the cash as gift cards, not sales', async () => {
    const before = await footprint();
    const body = { id: uuidv7(), kind: 'issue', amountCents: 2500, tenders: [{ kind: 'cash', tenderedCents: 3000 }] };
    const sold = await sell(body);
    expect(sold.statusCode, sold.body).toBe(201);
    const answer = sold.json();
    expect(answer).toMatchObject({
      id: body.id,
      kind: 'issue',
      registerSessionId: sessionId,
      storeId: fx.storeId,
      amountCents: 2500,
      changeDueCents: 500,
      soldBy: budtenderId,
      payments: [{ provider: 'cash', amountCents: 2500, tenderedCents: 3000, changeCents: 500, cardLast4: null }],
    });
    const code = answer.giftCard.code as string;
    expect(code).toMatch(/^\d{16}$/);
    expect(answer.giftCard).toMatchObject({ last4: code.slice(-4), balanceCents: 2500 });
    issued = { saleId: body.id, body, answer };

    // The card holds it, on its ledger, naming the sale; the code is stored nowhere readable.
    expect(await balanceOf(code)).toBe(2500);
    expect(await ledger(answer.giftCard.id)).toEqual({ balance: 2500, sum: 2500, entries: [{ amount_cents: 2500, reason: 'issue', reference: body.id }] });
    const row = await db().selectFrom('gift_card_sale').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'issue', account_id: answer.giftCard.id, code_last4: code.slice(-4), cash_in_cents: 3000, change_out_cents: 500, sold_by: budtenderId });
    expect(row.sealed_code).toMatch(/^v1:/);
    const everything = JSON.stringify(await sql`select * from gift_card_sale, stored_value_account, audit_log, outbox_event`.execute(db()));
    expect(everything).not.toContain(code);

    // The payment is the sale's, not an order's; no order, no limit usage, no points.
    const payments = await db().selectFrom('payment').selectAll().where('gift_card_sale_id', '=', body.id).execute();
    expect(payments.map((p) => ({ provider: p.provider, order: p.order_id, amount: Number(p.amount_cents), tendered: Number(p.tendered_cents), change: Number(p.change_cents) }))).toEqual([
      { provider: 'cash', order: null, amount: 2500, tendered: 3000, change: 500 },
    ]);
    const after = await footprint();
    expect(after.counts).toMatchObject({ sales_order: before.counts.sales_order, gift_card_sale: before.counts.gift_card_sale + 1 });
    for (const table of ['purchase_usage_line', 'loyalty_entry']) {
      expect(Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where order_id = ${body.id}`.execute(db())).rows[0].n)).toBe(0);
    }

    // The drawer: the cash kept (handed over − change) is expected, as gift cards, not as sales.
    expect(await session()).toMatchObject({
      cashSalesCents: 0,
      changeOutCents: 0,
      saleCount: 0,
      giftCardSaleCount: 1,
      giftCardSalesCents: 2500,
      giftCardCashCents: 2500,
      expectedCents: FLOAT + 2500,
    });
    // The budtender counts blind, as for sales.
    expect((await session(sessionId, register)).expectedCents).toBeUndefined();
    const shown = await report();
    expect(shown.events.filter((e: { kind: string }) => e.kind === 'gift_card_sale')).toEqual([
      expect.objectContaining({ giftCardSaleId: body.id, orderId: null, amountCents: 3000, changeOutCents: 500, actorId: budtenderId }),
    ]);
    expect(shown.byStaff.find((s: { actorId: string }) => s.actorId === budtenderId)).toMatchObject({
      cashSales: 0,
      cashSalesCents: 0,
      giftCardSales: 1,
      giftCardSalesCents: 2500,
      giftCardCashCents: 2500,
    });
    expect(shown.giftCardSales).toEqual([
      { id: body.id, kind: 'issue', last4: code.slice(-4), amountCents: 2500, balanceAfterCents: 2500, cashCents: 2500, actorId: budtenderId, at: expect.any(String) },
    ]);

    // Audit row and outbox event, written with it.
    const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'gift_card.sold').where('entity_id', '=', body.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: budtenderId, store_id: fx.storeId, entity_type: 'gift_card_sale' });
    const events = await db().selectFrom('outbox_event').selectAll().where('type', '=', 'registers.gift_card.sold').where('aggregate_id', '=', body.id).execute();
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ registerSessionId: sessionId, kind: 'issue', amountCents: 2500, cashCents: 2500, last4: code.slice(-4) });
  });

  it('a resubmitted sale answers what was stored and sells nothing more; the same id with another sale is refused', async () => {
    const before = await footprint();
    const again = await sell(issued.body);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(issued.answer); // the code too: the same budtender, moments later
    // Another staff member retrying it gets the sale, not the card's code.
    const byManager = await sell(issued.body, manager);
    expect(byManager.statusCode).toBe(200);
    expect(byManager.json().giftCard.code).toBeUndefined();
    expect(byManager.json()).toEqual({ ...issued.answer, giftCard: { ...issued.answer.giftCard, code: undefined } });

    const reused = await sell({ ...issued.body, amountCents: 5000, tenders: [{ kind: 'cash', tenderedCents: 5000 }] });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error).toMatchObject({ code: 'SALE_ID_REUSED', details: { path: ['body', 'id'] } });
    expect(await footprint()).toEqual(before);
    expect(await session()).toMatchObject({ giftCardSaleCount: 1, giftCardCashCents: 2500 });
  });

  it('two copies of one sale sent at once make one card and count once', async () => {
    const body = { id: uuidv7(), kind: 'issue', code: '6000 2222 3333 4444', amountCents: 1000, tenders: [{ kind: 'cash' }] };
    const before = await session();
    const answers = await Promise.all([sell(body), sell(body), sell(body)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 201]);
    const ids = new Set(answers.map((a) => a.json().giftCard.id));
    expect(ids.size).toBe(1);
    expect(await db().selectFrom('gift_card_sale').select('id').where('id', '=', body.id).execute()).toHaveLength(1);
    expect(await ledger([...ids][0])).toMatchObject({ balance: 1000, sum: 1000 });
    const after = await session();
    expect(after.giftCardSaleCount - before.giftCardSaleCount).toBe(1);
    expect(after.giftCardCashCents - before.giftCardCashCents).toBe(1000);
  });

  it('cash is rounded by the store’s rule for the change; a scanned card is loaded on the terminal and in cash', async () => {
    // $10.03 on the card; cash due rounds to $10.05, so $20.00 gets $9.95 back and the drawer keeps $10.05.
    const before = await session();
    const body = { id: uuidv7(), kind: 'issue', code: '6000-1111-2222-3333', amountCents: 1003, tenders: [{ kind: 'cash', tenderedCents: 2000 }] };
    const sold = await sell(body);
    expect(sold.statusCode, sold.body).toBe(201);
    expect(sold.json()).toMatchObject({ changeDueCents: 995, giftCard: { last4: '3333', balanceCents: 1003 } });
    expect(sold.json().giftCard.code).toBeUndefined(); // scanned: nothing to show
    const afterIssue = await session();
    expect(afterIssue.giftCardCashCents - before.giftCardCashCents).toBe(1005);
    expect(afterIssue.expectedCents - before.expectedCents).toBe(1005);

    // Loading it: $30.00 keyed on the terminal, $20.00 in cash (exact).
    const load = { id: uuidv7(), kind: 'load', code: '6000111122223333', amountCents: 5000, tenders: [{ kind: 'terminal', amountCents: 3000, terminalReference: 'TERM-7781', cardLast4: '4242' }, { kind: 'cash' }] };
    const loaded = await sell(load);
    expect(loaded.statusCode, loaded.body).toBe(201);
    expect(loaded.json()).toMatchObject({
      kind: 'load',
      amountCents: 5000,
      changeDueCents: 0,
      giftCard: { id: sold.json().giftCard.id, last4: '3333', balanceCents: 6003 },
      payments: [
        { provider: 'terminal', amountCents: 3000, authorizationRef: 'TERM-7781', cardLast4: '4242', tenderedCents: null },
        { provider: 'cash', amountCents: 2000, tenderedCents: 2000, changeCents: 0 },
      ],
    });
    expect(await balanceOf('6000111122223333')).toBe(6003);
    expect((await ledger(sold.json().giftCard.id)).entries.map((e) => [Number(e.amount_cents), e.reason, e.reference])).toEqual([
      [1003, 'issue', body.id],
      [5000, 'load', load.id],
    ]);
    const afterLoad = await session();
    expect(afterLoad).toMatchObject({ giftCardSaleCount: afterIssue.giftCardSaleCount + 1, giftCardSalesCents: afterIssue.giftCardSalesCents + 5000 });
    expect(afterLoad.giftCardCashCents - afterIssue.giftCardCashCents).toBe(2000); // only the cash
    expect(afterLoad.expectedCents - afterIssue.expectedCents).toBe(2000);

    // Paid on the terminal alone: the drawer does not move, the report still lists the sale.
    const debit = { id: uuidv7(), kind: 'load', code: '6000111122223333', amountCents: 1500, tenders: [{ kind: 'terminal', terminalReference: 'TERM-7782' }] };
    expect((await sell(debit)).statusCode).toBe(201);
    const afterDebit = await session();
    expect(afterDebit.expectedCents).toBe(afterLoad.expectedCents);
    expect(afterDebit.giftCardSalesCents - afterLoad.giftCardSalesCents).toBe(1500);
    const listed = (await report()).giftCardSales.find((g: { id: string }) => g.id === debit.id);
    expect(listed).toMatchObject({ kind: 'load', amountCents: 1500, cashCents: 0, balanceAfterCents: 7503 });
    expect(await db().selectFrom('register_session_event').select('id').where('gift_card_sale_id', '=', debit.id).execute()).toHaveLength(0);
  });

  it('refusals — a closed session, a short tender, an unknown card, an amount out of range, the wrong tender — change nothing', async () => {
    const closedSession = await openSession(0);
    expect((await post(`/v1/register-sessions/${closedSession}/close`, { count: { totalCents: 0 } }, manager)).statusCode).toBe(200);
    const cash = [{ kind: 'cash', tenderedCents: 5000 }];
    const cases: Array<{ name: string; body: Record<string, unknown>; session?: string; status: number; code: string; path: Array<string | number> }> = [
      { name: 'closed session', session: closedSession, body: { kind: 'issue', amountCents: 2000, tenders: cash }, status: 409, code: 'REGISTER_NOT_OPEN', path: ['params', 'sessionId'] },
      { name: 'cash short of the amount', body: { kind: 'issue', amountCents: 2000, tenders: [{ kind: 'cash', tenderedCents: 1500 }] }, status: 422, code: 'TENDER_SHORT', path: ['body', 'tenders', 0, 'tenderedCents'] },
      { name: 'cash short after rounding', body: { kind: 'issue', amountCents: 1003, tenders: [{ kind: 'cash', tenderedCents: 1004 }] }, status: 422, code: 'TENDER_SHORT', path: ['body', 'tenders', 0, 'tenderedCents'] },
      { name: 'terminal short of the amount', body: { kind: 'issue', amountCents: 2000, tenders: [{ kind: 'terminal', amountCents: 1000, terminalReference: 'TERM-9001' }] }, status: 422, code: 'TENDER_SHORT', path: ['body', 'tenders'] },
      { name: 'unknown card to load', body: { kind: 'load', code: '6000999999999999', amountCents: 2000, tenders: cash }, status: 422, code: 'GIFT_CARD_UNKNOWN', path: ['body', 'code'] },
      { name: 'load without a code', body: { kind: 'load', amountCents: 2000, tenders: cash }, status: 400, code: 'VALIDATION_FAILED', path: ['body', 'code'] },
      { name: 'a code already in use', body: { kind: 'issue', code: '6000111122223333', amountCents: 2000, tenders: cash }, status: 409, code: 'GIFT_CARD_EXISTS', path: ['body', 'code'] },
      { name: 'under $1', body: { kind: 'issue', amountCents: 99, tenders: cash }, status: 400, code: 'VALIDATION_FAILED', path: ['body', 'amountCents'] },
      { name: 'over $1,000', body: { kind: 'issue', amountCents: 100_001, tenders: [{ kind: 'cash', tenderedCents: 200_000 }] }, status: 400, code: 'VALIDATION_FAILED', path: ['body', 'amountCents'] },
      { name: 'paid with a gift card', body: { kind: 'issue', amountCents: 2000, tenders: [{ kind: 'gift_card', giftCardCode: '6000111122223333' }] }, status: 400, code: 'VALIDATION_FAILED', path: ['body', 'tenders', 0, 'kind'] },
      { name: 'paid with store credit', body: { kind: 'issue', amountCents: 2000, tenders: [{ kind: 'store_credit', customerId: uuidv7() }] }, status: 400, code: 'VALIDATION_FAILED', path: ['body', 'tenders', 0, 'kind'] },
      { name: 'terminal without its reference', body: { kind: 'issue', amountCents: 2000, tenders: [{ kind: 'terminal' }] }, status: 400, code: 'VALIDATION_FAILED', path: ['body', 'tenders', 0, 'terminalReference'] },
      { name: 'a terminal reference already recorded', body: { kind: 'issue', amountCents: 2000, tenders: [{ kind: 'terminal', terminalReference: 'TERM-7781' }] }, status: 409, code: 'TERMINAL_REFERENCE_USED', path: ['body', 'tenders', 0, 'terminalReference'] },
      { name: 'one terminal reference twice', body: { kind: 'issue', amountCents: 2000, tenders: [{ kind: 'terminal', amountCents: 1000, terminalReference: 'TERM-9002' }, { kind: 'terminal', terminalReference: 'TERM-9002' }] }, status: 409, code: 'TERMINAL_REFERENCE_USED', path: ['body', 'tenders', 1, 'terminalReference'] },
      { name: 'a code of letters', body: { kind: 'issue', code: 'ABCDEFGH', amountCents: 2000, tenders: cash }, status: 400, code: 'VALIDATION_FAILED', path: ['body', 'code'] },
    ];
    const before = await footprint();
    for (const c of cases) {
      const refused = await sell({ id: uuidv7(), ...c.body }, register, c.session);
      expect(refused.statusCode, `${c.name}: ${refused.body}`).toBe(c.status);
      const error = refused.json().error;
      expect(error.code, c.name).toBe(c.code);
      const path = Array.isArray(error.details) ? error.details[0].path : error.details.path;
      expect(path, c.name).toEqual(c.path);
    }
    // A sale id that is not a UUIDv7, a session of nobody.
    const notV7 = await sell({ id: '01900000-0000-4000-8000-000000000001', kind: 'issue', amountCents: 2000, tenders: cash });
    expect(notV7.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: ['body', 'id'] }] });
    const nowhere = await sell({ id: uuidv7(), kind: 'issue', amountCents: 2000, tenders: cash }, register, uuidv7());
    expect(nowhere.statusCode).toBe(404);
    expect(await footprint()).toEqual(before);
  });

  it('needs pos:sell, which budtenders hold; roles without it are refused', async () => {
    for (const role of ['driver', 'inventory', 'auditor'] as const) {
      const refused = await sell({ id: uuidv7(), kind: 'issue', amountCents: 2000, tenders: [{ kind: 'cash' }] }, await server.login(role));
      expect(refused.statusCode, role).toBe(403);
    }
    const budtender = await server.login('budtender');
    const sold = await sell({ id: uuidv7(), kind: 'issue', amountCents: 2000, tenders: [{ kind: 'cash' }] }, budtender);
    expect(sold.statusCode, sold.body).toBe(201);
  });

  it('the cash taken for gift cards can be dropped, refunded and counted: the close comes out even', async () => {
    const drawer = await openSession(0);
    const sold = await sell({ id: uuidv7(), kind: 'issue', amountCents: 5000, tenders: [{ kind: 'cash', tenderedCents: 6000 }] }, register, drawer);
    expect(sold.statusCode, sold.body).toBe(201);
    expect(await session(drawer)).toMatchObject({ floatCents: 0, giftCardCashCents: 5000, expectedCents: 5000 });

    // A cash sale paid partly with the new card, then voided into this drawer: the card gets its
    // part back, the drawer pays out the cash part (there is enough, thanks to the gift card cash).
    const code = sold.json().giftCard.code;
    const sale = await post(`/v1/stores/${fx.storeId}/pos-sales`, {
      id: uuidv7(),
      customer: { kind: 'adult_use', birthDate: '1980-01-01' },
      registerSessionId: drawer,
      lines: [{ skuId: fx.skuId, quantity: 1 }],
      tenders: [{ kind: 'gift_card', giftCardCode: code, amountCents: 1000 }, { kind: 'cash', tenderedCents: 10_000 }],
    });
    expect(sale.statusCode, sale.body).toBe(201);
    expect(await balanceOf(code)).toBe(4000);
    const cashPayment = sale.json().payments.find((p: { provider: string }) => p.provider === 'cash');
    const keptForSale = cashPayment.tenderedCents - cashPayment.changeCents;
    expect((await session(drawer)).expectedCents).toBe(5000 + keptForSale);
    const voided = await post(`/v1/orders/${sale.json().order.id}/void`, { reason: 'Rang the wrong item', registerSessionId: drawer }, manager);
    expect(voided.statusCode, voided.body).toBe(201);
    expect(await balanceOf(code)).toBe(5000);
    const afterVoid = await session(drawer);
    expect(afterVoid.cashRefundsCents).toBe(voided.json().cashRefundCents);
    expect(afterVoid.expectedCents).toBe(5000 + keptForSale - voided.json().cashRefundCents);
    // The gift card sale is not an order: nothing about it can be returned or voided as one.
    expect((await post(`/v1/orders/${sold.json().id}/void`, { reason: 'Sold by mistake' }, manager)).statusCode).toBe(404);

    // All the cash goes to the safe (the drawer never holds less than nothing), and the close is even.
    const all = afterVoid.expectedCents;
    const drop = await post(`/v1/register-sessions/${drawer}/drops`, { amountCents: all }, manager);
    expect(drop.statusCode, drop.body).toBe(200);
    expect(drop.json().expectedCents).toBe(0);
    const tooMuch = await post(`/v1/register-sessions/${drawer}/drops`, { amountCents: 1 }, manager);
    expect(tooMuch.json().error.code).toBe('INSUFFICIENT_DRAWER_CASH');
    const closed = await post(`/v1/register-sessions/${drawer}/close`, { count: { totalCents: 0 } }, manager);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ expectedCents: 0, overShortCents: 0, giftCardCashCents: 5000, giftCardSaleCount: 1 });
  });

  it('closing the first drawer counts the gift card cash as expected', async () => {
    const now = await session();
    const closed = await post(`/v1/register-sessions/${sessionId}/close`, { count: { totalCents: now.expectedCents } }, manager);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ overShortCents: 0, expectedCents: FLOAT + now.giftCardCashCents, cashSalesCents: 0 });
    // A sale sent again after the close still answers what was stored.
    expect((await sell(issued.body)).statusCode).toBe(200);
  });

  it('prints a receipt: the card’s last four digits, the amount, the tenders and the balance, never the code', async () => {
    const code = issued.answer.giftCard.code as string;
    const html = await server.request({ method: 'GET', url: `/v1/gift-card-sales/${issued.saleId}/receipt`, cookie: register });
    expect(html.statusCode, html.body).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    for (const text of ['GIFT CARD RECEIPT', `Gift card ****${code.slice(-4)} (new card)`, '$25.00', 'Change due', '$5.00', `Balance on ****${code.slice(-4)}`, `Sale ID ${issued.saleId}`]) {
      expect(html.body).toContain(text);
    }
    expect(html.body).not.toContain(code);
    expect(html.body).not.toContain('Tax');
    const escpos = await server.request({ method: 'GET', url: `/v1/gift-card-sales/${issued.saleId}/receipt?format=escpos`, cookie: register });
    expect(escpos.statusCode).toBe(200);
    expect(escpos.rawPayload.toString('latin1')).toContain('GIFT CARD RECEIPT');
    expect((await server.request({ method: 'GET', url: `/v1/gift-card-sales/${uuidv7()}/receipt`, cookie: register })).statusCode).toBe(404);
  });
});
