// POS sales rung on a register session: the drawer counts the cash, the order names the session and
// the acting budtender, a closed drawer refuses the sale, and cash refunds come out of the drawer.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { refusal } from '../support/refusals';
import { startTestServer, type TestServer } from '../support/test-server';

describe('POS sales on a register session', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let register: string;
  let fx: CheckoutFixture;
  let otherStoreId: string;
  let staff: Array<{ id: string; role: string }>;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 30 });
    const stores = (await server.request({ method: 'GET', url: '/v1/stores', cookie: manager })).json().stores as Array<{ id: string }>;
    otherStoreId = stores.find((s) => s.id !== fx.storeId)!.id;
    staff = (await server.request({ method: 'GET', url: '/v1/staff', cookie: manager })).json().staff;
    // The register is signed in by the manager; a budtender takes over with a PIN.
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email: 'manager@demo.verdant.test', password: DEMO_PASSWORD, storeId: fx.storeId } });
    expect(login.statusCode).toBe(200);
    register = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
    const pin = await server.request({ method: 'POST', url: '/v1/auth/pin', cookie: register, body: { userId: idOf('budtender'), pin: '1234' } });
    expect(pin.statusCode, pin.body).toBe(200);
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const idOf = (role: string) => staff.find((s) => s.role === role)!.id;
  const post = (url: string, body: unknown, cookie = manager) => server.request({ method: 'POST', url, cookie, body });
  const walkIn = { kind: 'adult_use', birthDate: '1980-01-01' } as const;

  async function openSession(storeId = fx.storeId, floatCents = 20_000): Promise<string> {
    const created = await post(`/v1/stores/${storeId}/registers`, { name: `Till ${uuidv7().slice(-6)}` });
    expect(created.statusCode, created.body).toBe(201);
    const opened = await post(`/v1/registers/${created.json().id}/sessions`, { float: { totalCents: floatCents } });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json().id;
  }
  const session = async (id: string) => (await server.request({ method: 'GET', url: `/v1/register-sessions/${id}`, cookie: manager })).json();

  it('a cash sale moves the drawer and the report, and the order names the session and the acting budtender', async () => {
    const sessionId = await openSession();
    const sale = await post(
      `/v1/stores/${fx.storeId}/pos-sales`,
      { id: uuidv7(), customer: walkIn, registerSessionId: sessionId, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 50_000 }] },
      register,
    );
    expect(sale.statusCode, sale.body).toBe(201);
    const { order, payments } = sale.json();
    expect(order).toMatchObject({ registerSessionId: sessionId, budtenderId: idOf('budtender'), status: 'completed' });
    const cash = payments[0];
    expect(cash.tenderedCents).toBe(50_000);
    const kept = cash.tenderedCents - cash.changeCents; // the rounded amount due
    expect(kept).toBeGreaterThanOrEqual(order.totalCents - 2);

    expect(await session(sessionId)).toMatchObject({ cashSalesCents: 50_000, changeOutCents: cash.changeCents, saleCount: 1, expectedCents: 20_000 + kept });
    const stored = await db().selectFrom('sales_order').select(['register_session_id', 'budtender_id']).where('id', '=', order.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ register_session_id: sessionId, budtender_id: idOf('budtender') });

    const report = (await server.request({ method: 'GET', url: `/v1/register-sessions/${sessionId}/report`, cookie: manager })).json();
    expect(report.events.find((e: { kind: string }) => e.kind === 'cash_sale')).toMatchObject({ orderId: order.id, actorId: idOf('budtender'), amountCents: 50_000, changeOutCents: cash.changeCents });
    expect(report.byStaff.find((s: { actorId: string }) => s.actorId === idOf('budtender'))).toMatchObject({ cashSales: 1, cashSalesCents: 50_000 });

    // Resubmitting the sale (an offline register catching up) does not count the cash twice.
    const again = await post(
      `/v1/stores/${fx.storeId}/pos-sales`,
      { id: order.id, customer: walkIn, registerSessionId: sessionId, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 50_000 }] },
      register,
    );
    expect(again.statusCode).toBe(200);
    expect((await session(sessionId)).saleCount).toBe(1);

    // A card sale on the same session is linked to it but moves no cash.
    const card = await post(
      `/v1/stores/${fx.storeId}/pos-sales`,
      { id: uuidv7(), customer: walkIn, registerSessionId: sessionId, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'simulator' }] },
      register,
    );
    expect(card.statusCode, card.body).toBe(201);
    expect(card.json().order.registerSessionId).toBe(sessionId);
    expect(await session(sessionId)).toMatchObject({ cashSalesCents: 50_000, saleCount: 1 });
  });

  it('a closed session, or one at another store, refuses the sale and nothing is written', async () => {
    const sessionId = await openSession();
    expect((await post(`/v1/register-sessions/${sessionId}/close`, { count: { totalCents: 20_000 } })).statusCode).toBe(200);
    const elsewhere = await openSession(otherStoreId);
    const before = await ledgerMatches(db(), fx.packageId);
    for (const registerSessionId of [sessionId, elsewhere]) {
      const id = uuidv7();
      const refused = await post(
        `/v1/stores/${fx.storeId}/pos-sales`,
        { id, customer: walkIn, registerSessionId, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 50_000 }] },
        register,
      );
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().error.code).toBe('REGISTER_NOT_OPEN');
      expect(await db().selectFrom('sales_order').select('id').where('id', '=', id).execute()).toHaveLength(0);
      expect(await db().selectFrom('payment').select('id').where('order_id', '=', id).execute()).toHaveLength(0);
      expect(await db().selectFrom('register_session_event').select('id').where('order_id', '=', id).execute()).toHaveLength(0);
    }
    expect(await ledgerMatches(db(), fx.packageId)).toEqual(before);
    expect(await session(sessionId)).toMatchObject({ cashSalesCents: 0, saleCount: 0 });
  });

  it('credits the acting staff member; naming another budtender needs pos:manage', async () => {
    const plain = await post(`/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customer: walkIn, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'simulator' }] }, budtender);
    expect(plain.statusCode, plain.body).toBe(201);
    expect(plain.json().order).toMatchObject({ budtenderId: idOf('budtender'), registerSessionId: null });
    const spoof = await post(
      `/v1/stores/${fx.storeId}/pos-sales`,
      { id: uuidv7(), customer: walkIn, budtenderId: idOf('manager'), lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'simulator' }] },
      budtender,
    );
    expect(spoof.statusCode).toBe(403);
    const named = await post(
      `/v1/stores/${fx.storeId}/pos-sales`,
      { id: uuidv7(), customer: walkIn, budtenderId: idOf('budtender'), lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'simulator' }] },
      manager,
    );
    expect(named.statusCode, named.body).toBe(201);
    expect(named.json().order.budtenderId).toBe(idOf('budtender'));
  });

  it('cash refunds of returns and voids come out of the named drawer, once per return', async () => {
    const saleSession = await openSession();
    const sale = await post(
      `/v1/stores/${fx.storeId}/pos-sales`,
      { id: uuidv7(), customer: walkIn, registerSessionId: saleSession, lines: [{ skuId: fx.skuId, quantity: 3 }], tenders: [{ kind: 'cash', tenderedCents: 90_000 }] },
      register,
    );
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json().order;
    const refundSession = await openSession(fx.storeId, 100_000);

    const first = await post(`/v1/orders/${order.id}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'Changed mind', registerSessionId: refundSession });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().cashRefundCents).toBe(first.json().refundCents);
    const second = await post(`/v1/orders/${order.id}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'Changed mind again', registerSessionId: refundSession });
    expect(second.statusCode, second.body).toBe(201);
    const refunded = first.json().refundCents + second.json().refundCents;
    expect(await session(refundSession)).toMatchObject({ cashRefundsCents: refunded, expectedCents: 100_000 - refunded });

    // Without a session, the refund is made but no drawer moves (paid from the cash office).
    const other = await post(
      `/v1/stores/${fx.storeId}/pos-sales`,
      { id: uuidv7(), customer: walkIn, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 50_000 }] },
      register,
    );
    expect(other.statusCode, other.body).toBe(201);
    // A void into a closed drawer is refused and changes nothing.
    expect((await post(`/v1/register-sessions/${saleSession}/close`, { count: { totalCents: 0 } })).statusCode).toBe(200);
    const refused = await post(`/v1/orders/${other.json().order.id}/void`, { reason: 'Rang the wrong item', registerSessionId: saleSession });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('REGISTER_NOT_OPEN');
    expect((await db().selectFrom('sales_order').select('status').where('id', '=', other.json().order.id).executeTakeFirstOrThrow()).status).toBe('completed');
    const voided = await post(`/v1/orders/${other.json().order.id}/void`, { reason: 'Rang the wrong item', registerSessionId: refundSession });
    expect(voided.statusCode, voided.body).toBe(201);
    expect(voided.json().cashRefundCents).toBe(voided.json().refundCents);
    expect((await session(refundSession)).cashRefundsCents).toBe(refunded + voided.json().refundCents);
  });

  it('an online order paid at pickup puts its cash into the drawer it is handed over at', async () => {
    const sessionId = await openSession();
    const [customerId] = await customers(db(), server.organizationId, 1);
    const cart = (await post('/v1/carts', { storeId: fx.storeId, customerId, channel: 'pickup' })).json();
    await post(`/v1/carts/${cart.id}/lines`, { skuId: fx.skuId, quantity: 1 });
    await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat', phone: '+15105550100' } } });
    const placed = await post(`/v1/carts/${cart.id}/complete`, { tenders: [{ kind: 'cash' }] });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json().order;
    const move = (body: Record<string, unknown>) => post(`/v1/orders/${order.id}/transitions`, body, register);
    expect((await move({ to: 'accepted', registerSessionId: sessionId })).statusCode).toBe(400); // a drawer only at the hand-over
    expect((await move({ to: 'accepted' })).statusCode).toBe(200);
    await post(`/v1/orders/${order.id}/picks`, { lineNo: 0, packageLabel: fx.packageLabel }, register);
    for (const to of ['packed', 'ready']) expect((await move({ to })).statusCode).toBe(200);
    const before = await session(sessionId);
    const closedElsewhere = await move({ to: 'completed', registerSessionId: uuidv7() });
    expect(closedElsewhere.json().error.code).toBe('REGISTER_NOT_OPEN');
    const handed = await move({ to: 'completed', registerSessionId: sessionId });
    expect(handed.statusCode, handed.body).toBe(200);
    const after = await session(sessionId);
    expect(after.cashSalesCents - before.cashSalesCents).toBe(order.totalCents);
    expect(after.expectedCents - before.expectedCents).toBe(order.totalCents);
  });

  it('a pickup order to be paid in cash and cancelled before the hand-over refunds nothing: its cash was never collected, so the payment is voided', async () => {
    const [customerId] = await customers(db(), server.organizationId, 1);
    const place = async () => {
      const cart = (await post('/v1/carts', { storeId: fx.storeId, customerId, channel: 'pickup' })).json();
      await post(`/v1/carts/${cart.id}/lines`, { skuId: fx.skuId, quantity: 1 });
      await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat', phone: '+15105550100' } } });
      const placed = await post(`/v1/carts/${cart.id}/complete`, { tenders: [{ kind: 'cash' }] });
      expect(placed.statusCode, placed.body).toBe(201);
      return placed.json().order as { id: string; totalCents: number };
    };
    for (const to of ['cancelled', 'no_show'] as const) {
      const order = await place();
      if (to === 'no_show') for (const step of ['accepted', 'packed', 'ready']) expect((await post(`/v1/orders/${order.id}/transitions`, { to: step }, register)).statusCode).toBe(200);
      const moved = await post(`/v1/orders/${order.id}/transitions`, { to, reason: 'Customer called to cancel' }, register);
      expect(moved.statusCode, moved.body).toBe(200);
      expect(await db().selectFrom('payment').select(['provider', 'status', 'refunded_cents']).where('order_id', '=', order.id).execute()).toEqual([{ provider: 'cash', status: 'voided', refunded_cents: 0 }]);
      const refunds = await db().selectFrom('payment_refund').innerJoin('payment', 'payment.id', 'payment_refund.payment_id').select('payment_refund.id').where('payment.order_id', '=', order.id).execute();
      expect(refunds).toEqual([]);
      const tenders = (await server.request({ method: 'GET', url: `/v1/orders/${order.id}/payments`, cookie: manager })).json();
      expect(tenders.payments).toMatchObject([{ kind: 'cash', status: 'voided', refundedCents: 0, refundableCents: 0 }]);
      const audit = await db().selectFrom('audit_log').select(['action']).where('entity_type', '=', 'payment').where('action', 'like', 'payment.%').where('store_id', '=', fx.storeId).orderBy('id', 'desc').limit(1).execute();
      expect(audit).toEqual([{ action: 'payment.voided' }]);
    }
  });

  it('the PIN pad lists who may switch in at the register: active staff with a PIN at its store', async () => {
    const pad = await server.request({ method: 'GET', url: '/v1/auth/pin/staff', cookie: register });
    expect(pad.statusCode, pad.body).toBe(200);
    const roles = pad.json().staff.map((s: { role: string }) => s.role).sort();
    expect(roles).toEqual(['budtender', 'manager']);
    expect(Object.keys(pad.json().staff[0]).sort()).toEqual(['id', 'name', 'role']);
    const elsewhere = await server.request({ method: 'GET', url: `/v1/auth/pin/staff?storeId=${otherStoreId}`, cookie: register });
    expect(elsewhere.json().staff.map((s: { id: string }) => s.id).sort()).toEqual(pad.json().staff.map((s: { id: string }) => s.id).sort()); // the register's own store wins
  });

  it('a quote shows what the sale will be — price, meter, verdict, total — and writes nothing', async () => {
    const [customerId] = await customers(db(), server.organizationId, 1);
    const counts = async () =>
      Promise.all(['audit_log', 'compliance_event', 'sales_order', 'inventory_movement'].map(async (table) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db())).rows[0].n)));
    const before = await counts();
    const quote = await post(`/v1/stores/${fx.storeId}/pos-quotes`, { customerId, lines: [{ skuId: fx.skuId, quantity: 2 }] }, register);
    expect(quote.statusCode, quote.body).toBe(200);
    expect(quote.json()).toMatchObject({ allowed: true, violations: [], lines: [{ skuId: fx.skuId, quantity: 2 }] });
    expect(quote.json().limits.find((l: { used: number }) => l.used > 0)).toMatchObject({ used: 7000, max: 28500, unit: 'mg' });

    const over = await post(`/v1/stores/${fx.storeId}/pos-quotes`, { customerId, lines: [{ skuId: fx.skuId, quantity: 9 }] }, register);
    expect(over.statusCode).toBe(200);
    expect(over.json().allowed).toBe(false);
    expect(over.json().violations.map((v: { code: string }) => v.code)).toContain('PURCHASE_LIMIT');
    const unknown = await post(`/v1/stores/${fx.storeId}/pos-quotes`, { customerId, lines: [{ skuId: uuidv7(), quantity: 1 }] }, register);
    expect(unknown.statusCode).toBe(404);
    const overridden = await post(`/v1/stores/${fx.storeId}/pos-quotes`, { customer: walkIn, lines: [{ skuId: fx.skuId, quantity: 1, override: { discountCents: 100, reason: 'damaged box' } }] }, budtender);
    expect(overridden.statusCode).toBe(403);
    expect(await counts()).toEqual(before);

    // The sale comes to the quoted total.
    const sale = await post(`/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customerId, lines: [{ skuId: fx.skuId, quantity: 2 }], tenders: [{ kind: 'simulator' }] }, register);
    expect(sale.statusCode, sale.body).toBe(201);
    expect(sale.json().order.totalCents).toBe(quote.json().totals.totalCents);
    expect(sale.json().order.taxCents).toBe(quote.json().totals.taxCents);
  });
  it('a sale that comes to nothing (a price overridden to 0¢) completes with no tender, or cash for nothing; a tender with an amount is 400 TENDER_EXCESS', async () => {
    const sessionId = await openSession();
    const free = [{ skuId: fx.skuId, quantity: 1, override: { unitPriceCents: 0, reason: 'replacement for a faulty cart' } }];
    const before = await session(sessionId);
    const overpaid = await post(`/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customer: walkIn, registerSessionId: sessionId, lines: free, tenders: [{ kind: 'simulator', amountCents: 100 }] }, manager);
    expect(refusal(overpaid), overpaid.body).toEqual({ status: 400, code: 'TENDER_EXCESS', path: ['body', 'tenders', 0] });

    for (const tenders of [[], [{ kind: 'cash' }]]) {
      const sale = await post(`/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customer: walkIn, registerSessionId: sessionId, lines: free, tenders }, manager);
      expect(sale.statusCode, sale.body).toBe(201);
      expect(sale.json().order).toMatchObject({ status: 'completed', totalCents: 0 });
      expect(sale.json().payments).toEqual([]);
      expect(await db().selectFrom('payment').select('id').where('order_id', '=', sale.json().order.id).execute()).toEqual([]);
      const receipt = await server.request({ method: 'GET', url: `/v1/orders/${sale.json().order.id}/receipt`, cookie: manager });
      expect(receipt.statusCode, receipt.body).toBe(200);
      // Returned, it refunds nothing and puts the item back.
      const returned = await post(`/v1/orders/${sale.json().order.id}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'Did not need it', registerSessionId: sessionId });
      expect(returned.statusCode, returned.body).toBe(201);
      expect(returned.json()).toMatchObject({ refundCents: 0, cashRefundCents: 0 });
    }
    // The drawer saw no cash.
    expect(await session(sessionId)).toMatchObject({ cashSalesCents: before.cashSalesCents, cashRefundsCents: before.cashRefundsCents, expectedCents: before.expectedCents });
    const stock = await ledgerMatches(db(), fx.packageId);
    expect([stock.onHand, stock.reserved]).toEqual([stock.ledgerOnHand, stock.ledgerReserved]);
  });
});

