// Cash at the register under the store's cash rounding (25¢ here; the demo rounds to 1¢). A cash
// payment keeps its share of the order, the customer hands over the rounded amount due (or more),
// and the drawer keeps exactly that: rounded down as well as up, at the counter, at a pickup's
// hand-over and for a gift card. Refunds give back what the drawer kept (a part rounded with the
// same unit), cash is one tender per sale, and the sales report still reconciles.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundCash } from '../../src/modules/payments';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const UNIT = 25;
const FLOAT = 20_000;
const walkIn = { kind: 'adult_use', birthDate: '1980-01-01' } as const;

type Session = { cashSalesCents: number; changeOutCents: number; cashRefundsCents: number; giftCardCashCents: number; saleCount: number; expectedCents: number };
type Payment = { id: string; provider: string; amount_cents: number; tendered_cents: number | null; change_cents: number; refunded_cents: number; details: unknown };

describe('cash rounding at the register', () => {
  let server: TestServer;
  let manager: string;
  let flower: CheckoutFixture; // HH-BD-35: 3 units are 16651¢ at Oakland, rounded down to 16650¢
  let purple: CheckoutFixture; // HH-GDP-35: 3 units are 15541¢, rounded up to 15550¢
  let battery: CheckoutFixture; // VS-BATT-510: 2 units are 4290¢, rounded up to 4300¢
  let buyers: string[];

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    flower = await stockedSku(db(), server.organizationId, { quantity: 100 });
    purple = await stockedSku(db(), server.organizationId, { code: 'HH-GDP-35', quantity: 100 });
    battery = await stockedSku(db(), server.organizationId, { code: 'VS-BATT-510', quantity: 100 });
    buyers = await customers(db(), server.organizationId, 6);
    const settings = await call('PUT', `/v1/stores/${flower.storeId}/payment-settings`, { cashRoundingCents: UNIT });
    expect(settings.statusCode, settings.body).toBe(200);
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const call = (method: string, url: string, body?: unknown) => server.request({ method, url, cookie: manager, ...(body !== undefined ? { body } : {}) });
  const post = (url: string, body: unknown) => call('POST', url, body);
  const session = async (id: string): Promise<Session> => (await call('GET', `/v1/register-sessions/${id}`)).json();
  const paymentsOf = (orderId: string): Promise<Payment[]> => db().selectFrom('payment').selectAll().where('order_id', '=', orderId).orderBy('created_at').execute() as never;

  async function openDrawer(floatCents = FLOAT): Promise<string> {
    const register = await post(`/v1/stores/${flower.storeId}/registers`, { name: `Till ${uuidv7().slice(-6)}` });
    expect(register.statusCode, register.body).toBe(201);
    const opened = await post(`/v1/registers/${register.json().id}/sessions`, { float: { totalCents: floatCents } });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json().id;
  }

  async function quote(fx: CheckoutFixture, quantity: number): Promise<number> {
    const quoted = await post(`/v1/stores/${fx.storeId}/pos-quotes`, { customer: walkIn, lines: [{ skuId: fx.skuId, quantity }] });
    expect(quoted.statusCode, quoted.body).toBe(200);
    return quoted.json().totals.totalCents;
  }

  const posSale = (body: Record<string, unknown>) => post(`/v1/stores/${flower.storeId}/pos-sales`, { id: uuidv7(), customer: walkIn, ...body });

  /** A pickup order of `quantity` units for a customer, placed and paid in cash (at a drawer when named), then picked and ready. */
  async function readyPickup(fx: CheckoutFixture, customerId: string, quantity: number, registerSessionId?: string) {
    const cart = (await post('/v1/carts', { storeId: fx.storeId, customerId, channel: 'pickup' })).json();
    expect((await post(`/v1/carts/${cart.id}/lines`, { skuId: fx.skuId, quantity })).statusCode).toBe(200);
    expect((await call('PUT', `/v1/carts/${cart.id}/fulfillment`, { pickup: { name: 'Pat', phone: '+15105550100' } })).statusCode).toBe(200);
    const placed = await post(`/v1/carts/${cart.id}/complete`, { tenders: [{ kind: 'cash' }], ...(registerSessionId ? { registerSessionId } : {}) });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json().order as { id: string; totalCents: number };
    expect((await post(`/v1/orders/${order.id}/transitions`, { to: 'accepted' })).statusCode).toBe(200);
    expect((await post(`/v1/orders/${order.id}/picks`, { lineNo: 0, packageLabel: fx.packageLabel })).statusCode).toBe(200);
    for (const to of ['packed', 'ready']) expect((await post(`/v1/orders/${order.id}/transitions`, { to })).statusCode).toBe(200);
    return order;
  }

  it('a register sale whose total rounds down: 201, the customer pays the rounded amount and the drawer keeps it', async () => {
    const total = await quote(flower, 3);
    const due = roundCash(total, UNIT);
    expect({ total, due }).toEqual({ total: 16651, due: 16650 });
    const drawer = await openDrawer();

    const short = await posSale({ registerSessionId: drawer, lines: [{ skuId: flower.skuId, quantity: 3 }], tenders: [{ kind: 'cash', tenderedCents: due - 1 }] });
    expect(short.statusCode, short.body).toBe(422);
    expect(short.json().error.code).toBe('TENDER_SHORT');
    expect(await session(drawer)).toMatchObject({ cashSalesCents: 0, saleCount: 0, expectedCents: FLOAT });

    const handedOver = [due, undefined, 20_000];
    for (const tenderedCents of handedOver) {
      const sale = await posSale({ registerSessionId: drawer, lines: [{ skuId: flower.skuId, quantity: 3 }], tenders: [{ kind: 'cash', ...(tenderedCents ? { tenderedCents } : {}) }] });
      expect(sale.statusCode, sale.body).toBe(201);
      const order = sale.json().order;
      expect(order.totalCents).toBe(total);
      const [payment] = await paymentsOf(order.id);
      expect(payment).toMatchObject({
        provider: 'cash',
        amount_cents: total,
        tendered_cents: tenderedCents ?? due,
        change_cents: (tenderedCents ?? due) - due,
        details: { roundedDueCents: due, roundingCents: due - total },
      });
    }
    expect(await session(drawer)).toMatchObject({ saleCount: 3, cashSalesCents: due + due + 20_000, changeOutCents: 20_000 - due, expectedCents: FLOAT + 3 * due });
  });

  it('a pickup paid in cash is handed over into a drawer that keeps the rounded amount (up, or down: placing that one answered 500), not the unrounded one', async () => {
    const drawer = await openDrawer();
    let kept = 0;
    for (const [fx, buyer] of [
      [purple, buyers[0]],
      [flower, buyers[1]],
    ] as const) {
      const order = await readyPickup(fx, buyer, 3);
      const due = roundCash(order.totalCents, UNIT);
      expect(due).not.toBe(order.totalCents);
      const handed = await post(`/v1/orders/${order.id}/transitions`, { to: 'completed', registerSessionId: drawer });
      expect(handed.statusCode, handed.body).toBe(200);
      kept += due;
      expect(await session(drawer)).toMatchObject({ cashSalesCents: kept, changeOutCents: 0, expectedCents: FLOAT + kept });
    }
    expect(kept).toBe(15550 + 16650);
  });

  it('a pickup paid in cash at one drawer and handed over at another: its cash is counted once, in the first', async () => {
    const paidAt = await openDrawer();
    const handedAt = await openDrawer();
    const order = await readyPickup(purple, buyers[2], 3, paidAt);
    const due = roundCash(order.totalCents, UNIT);
    expect(await session(paidAt)).toMatchObject({ cashSalesCents: due, saleCount: 1, expectedCents: FLOAT + due });
    const handed = await post(`/v1/orders/${order.id}/transitions`, { to: 'completed', registerSessionId: handedAt });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(await session(handedAt)).toMatchObject({ cashSalesCents: 0, saleCount: 0, expectedCents: FLOAT });
    expect(await session(paidAt)).toMatchObject({ cashSalesCents: due, saleCount: 1, expectedCents: FLOAT + due });
  });

  it('a gift card sold for cash that rounds down: 201, the card holds the amount asked for, the drawer the rounded cash', async () => {
    const drawer = await openDrawer();
    const sold = await post(`/v1/register-sessions/${drawer}/gift-card-sales`, { id: uuidv7(), kind: 'issue', amountCents: 2510, tenders: [{ kind: 'cash' }] });
    expect(sold.statusCode, sold.body).toBe(201);
    expect(sold.json()).toMatchObject({ amountCents: 2510, changeDueCents: 0, giftCard: { balanceCents: 2510 }, payments: [{ provider: 'cash', amountCents: 2510, tenderedCents: 2500, changeCents: 0 }] });
    expect(await session(drawer)).toMatchObject({ giftCardCashCents: 2500, expectedCents: FLOAT + 2500 });
  });

  it('a void gives back exactly what the drawer kept, rounded up or down', async () => {
    const drawer = await openDrawer();
    for (const [fx, quantity, expected] of [
      [battery, 2, { total: 4290, due: 4300 }],
      [flower, 3, { total: 16651, due: 16650 }],
    ] as const) {
      const sale = await posSale({ registerSessionId: drawer, lines: [{ skuId: fx.skuId, quantity }], tenders: [{ kind: 'cash' }] });
      expect(sale.statusCode, sale.body).toBe(201);
      const order = sale.json().order;
      expect({ total: order.totalCents, due: roundCash(order.totalCents, UNIT) }).toEqual(expected);
      expect((await session(drawer)).expectedCents).toBe(FLOAT + expected.due);

      const voided = await post(`/v1/orders/${order.id}/void`, { reason: 'Rang the wrong item', registerSessionId: drawer });
      expect(voided.statusCode, voided.body).toBe(201);
      const answer = voided.json();
      // The order and the return record the order's cents; the drawer pays back the cash it kept.
      expect(answer).toMatchObject({ refundCents: expected.total, cashRefundCents: expected.due });
      expect(answer.refunds).toEqual([expect.objectContaining({ amountCents: expected.total, cashOutCents: expected.due, destination: 'cash' })]);
      expect(await session(drawer)).toMatchObject({ expectedCents: FLOAT });
      const [payment] = await paymentsOf(order.id);
      expect(payment).toMatchObject({ refunded_cents: expected.total, status: 'refunded' });
    }
    const events = await db().selectFrom('register_session_event').select(['kind', 'amount_cents']).where('session_id', '=', drawer).where('kind', '=', 'cash_refund').orderBy('created_at').execute();
    expect(events.map((e) => Number(e.amount_cents))).toEqual([4300, 16650]);
  });

  it('partial cash returns are rounded half-up with the store’s unit and add up to what the drawer kept', async () => {
    const drawer = await openDrawer();
    const sale = await posSale({ registerSessionId: drawer, lines: [{ skuId: battery.skuId, quantity: 3 }], tenders: [{ kind: 'cash' }] });
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json().order;
    const kept = roundCash(order.totalCents, UNIT);
    expect({ total: order.totalCents, kept }).toEqual({ total: 6435, kept: 6425 });

    const answers = [];
    for (let i = 0; i < 3; i++) {
      const returned = await post(`/v1/orders/${order.id}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: `Return ${i}`, refundTo: 'original', registerSessionId: drawer });
      expect(returned.statusCode, returned.body).toBe(201);
      answers.push(returned.json() as { refundCents: number; cashRefundCents: number });
    }
    // 2145¢ a unit: the first is 2150¢ in cash (2145 rounded), the second brings the running
    // total to 4300¢ (4290 rounded), the last gives back the rest of the 6425¢ kept.
    expect(answers.map((a) => a.refundCents)).toEqual([2145, 2145, 2145]);
    expect(answers.map((a) => a.cashRefundCents)).toEqual([2150, 2150, 2125]);
    for (const a of answers) expect(a.cashRefundCents % UNIT).toBe(0);
    expect(await session(drawer)).toMatchObject({ cashRefundsCents: kept, expectedCents: FLOAT });
    const [payment] = await paymentsOf(order.id);
    expect(payment).toMatchObject({ amount_cents: 6435, refunded_cents: 6435, status: 'refunded' });
  });

  it('cash is one tender per sale: a second cash tender is 400 CASH_TENDER_REPEATED at its kind, and nothing is written', async () => {
    const drawer = await openDrawer();
    const id = uuidv7();
    const split = await posSale({
      id,
      registerSessionId: drawer,
      lines: [{ skuId: battery.skuId, quantity: 2 }],
      tenders: [{ kind: 'cash', amountCents: 12 }, { kind: 'cash', amountCents: 12 }, { kind: 'cash', amountCents: 12 }, { kind: 'cash', amountCents: 12 }, { kind: 'cash' }],
    });
    expect(split.statusCode, split.body).toBe(400);
    expect(split.json().error).toMatchObject({ code: 'CASH_TENDER_REPEATED', details: { path: ['body', 'tenders', 1, 'kind'] } });
    expect(await db().selectFrom('sales_order').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    expect(await session(drawer)).toMatchObject({ cashSalesCents: 0, saleCount: 0, expectedCents: FLOAT });

    const card = uuidv7();
    const giftCard = await post(`/v1/register-sessions/${drawer}/gift-card-sales`, { id: card, kind: 'issue', amountCents: 2500, tenders: [{ kind: 'cash', amountCents: 1000 }, { kind: 'cash' }] });
    expect(giftCard.statusCode, giftCard.body).toBe(400);
    expect(giftCard.json().error).toMatchObject({ code: 'CASH_TENDER_REPEATED', details: { path: ['body', 'tenders', 1, 'kind'] } });
    expect(await db().selectFrom('gift_card_sale').select('id').where('id', '=', card).executeTakeFirst()).toBeUndefined();
    expect(await session(drawer)).toMatchObject({ giftCardCashCents: 0, expectedCents: FLOAT });

    // Cash once, beside another tender, is fine.
    const mixed = await posSale({ registerSessionId: drawer, lines: [{ skuId: battery.skuId, quantity: 2 }], tenders: [{ kind: 'terminal', amountCents: 1000, terminalReference: `CR-${uuidv7().slice(-8)}` }, { kind: 'cash' }] });
    expect(mixed.statusCode, mixed.body).toBe(201);
    expect(await session(drawer)).toMatchObject({ cashSalesCents: roundCash(4290 - 1000, UNIT), expectedCents: FLOAT + roundCash(3290, UNIT) });
  });

  it('the database still holds every tender to what was due: a card to its amount, cash to its rounded due', async () => {
    const attempt = async (row: Record<string, unknown>) => {
      try {
        await db().transaction().execute(async (trx) => {
          await trx
            .insertInto('payment')
            .values({ id: uuidv7(), organization_id: server.organizationId, store_id: flower.storeId, order_id: null, provider: 'terminal', status: 'captured', authorization_ref: uuidv7(), details: '{}', ...row } as never)
            .execute();
          throw new Error('rolled back');
        });
      } catch (error) {
        return (error as { constraint?: string; message: string }).constraint ?? (error as Error).message;
      }
    };
    const rounding = (cents: number) => JSON.stringify({ roundedDueCents: 16651 + cents, roundingCents: cents });
    expect(await attempt({ amount_cents: 1000, tendered_cents: 999 })).toBe('payment_tendered_covers_due');
    expect(await attempt({ amount_cents: 1000, tendered_cents: 1000 })).toBe('rolled back');
    expect(await attempt({ provider: 'cash', amount_cents: 16651, tendered_cents: 16650, change_cents: 0, details: rounding(-1) })).toBe('rolled back');
    expect(await attempt({ provider: 'cash', amount_cents: 16651, tendered_cents: 16650, change_cents: 0, details: '{}' })).toBe('payment_tendered_covers_due');
    expect(await attempt({ provider: 'cash', amount_cents: 16651, tendered_cents: 16640, change_cents: 0, details: rounding(-11) })).toBe('rolled back');
    expect(await attempt({ provider: 'cash', amount_cents: 16651, tendered_cents: 16600, change_cents: 0, details: rounding(-51) })).toBe('payment_tendered_covers_due');
    expect(await attempt({ provider: 'cash', amount_cents: 16651, tendered_cents: 20000, change_cents: 3350, details: rounding(-1) })).toBe('rolled back');
    expect(await attempt({ provider: 'cash', amount_cents: 16651, tendered_cents: 20000, change_cents: 3360, details: rounding(-1) })).toBe('payment_tendered_covers_due');
  });

  it('the sales report reconciles: its tenders add up to the sales, and its cash rounding to what the drawers kept over them', async () => {
    const store = await db().selectFrom('store').select('timezone').where('id', '=', flower.storeId).executeTakeFirstOrThrow();
    const dayAt = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: store.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
    // Yesterday and today at the store: every sale of this file, even when the store's midnight
    // fell while the file ran (today alone then left out the sales before it).
    const [yesterday, today] = [dayAt(new Date(Date.now() - 86_400_000)), dayAt(new Date())];
    const report = await call('GET', `/v1/stores/${flower.storeId}/reports/sales?from=${yesterday}&to=${today}`);
    expect(report.statusCode, report.body).toBe(200);
    const totals = report.json().totals as { totalCents: number; cashRoundingCents: number; tenders: Array<{ method: string; amountCents: number }> };
    const paid = await sql<{ total: string; rounding: string; kept_over: string }>`
      select sum(p.amount_cents) as total,
             sum(coalesce((p.details->>'roundingCents')::bigint, 0)) filter (where p.provider = 'cash') as rounding,
             sum(p.tendered_cents - p.change_cents - p.amount_cents) filter (where p.provider = 'cash') as kept_over
        from payment p join sales_order o on o.id = p.order_id
       where o.store_id = ${flower.storeId} and o.completed_at is not null`.execute(db());
    const row = paid.rows[0];
    // What cash refunds handed back over or under the cents refunded (each part's cashOutCents).
    const refunded = await sql<{ rounding: string | null }>`
      select sum((e->>'amountCents')::bigint - (e->>'cashOutCents')::bigint) as rounding
        from sales_return r join sales_order o on o.id = r.order_id, jsonb_array_elements(r.refunds) e
       where o.store_id = ${flower.storeId} and e ? 'cashOutCents' and e ? 'refundId'`.execute(db());
    const refundRounding = Number(refunded.rows[0].rounding ?? 0);
    expect(totals.tenders.reduce((s, t) => s + t.amountCents, 0)).toBe(totals.totalCents);
    expect(totals.totalCents).toBe(Number(row.total));
    expect(totals.cashRoundingCents).toBe(Number(row.rounding) + refundRounding);
    expect(totals.cashRoundingCents).toBe(Number(row.kept_over) + refundRounding);
    expect(totals.cashRoundingCents).not.toBe(0);
  });
});
