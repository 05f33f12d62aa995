import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentsOf } from '../../src/modules/payments';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('checkout: online carts and register sales', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let fx: CheckoutFixture;
  let buyers: string[];

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 40 });
    buyers = await customers(server.platform.database.db, server.organizationId, 6);
  });
  afterAll(() => server.close());

  const db = () => server.platform.database.db;

  async function cartWith(customerId: string, quantity = 1) {
    const created = await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: fx.storeId, customerId, channel: 'pickup' } });
    expect(created.statusCode, created.body).toBe(201);
    const cart = created.json();
    const added = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie: manager, body: { skuId: fx.skuId, quantity } });
    expect(added.statusCode, added.body).toBe(200);
    const picked = await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Test Buyer', phone: '+15105550199' } } });
    expect(picked.statusCode, picked.body).toBe(200);
    return { cart: picked.json(), added: added.json() };
  }

  it('adds a line with the limit meter and a stock hold, then completes once however often it is called', async () => {
    const { cart, added } = await cartWith(buyers[0], 2);
    expect(added.hold).not.toBeNull();
    expect(added.limits.length).toBeGreaterThan(0);
    expect(added.lines[0].unitPriceCents).toBe(fx.priceCents);
    expect(added.totals.totalCents).toBeGreaterThanOrEqual(2 * fx.priceCents);
    expect((await ledgerMatches(db(), fx.packageId)).reserved).toBe(2);

    const first = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });
    expect(first.statusCode, first.body).toBe(201);
    const order = first.json().order;
    expect(order.status).toBe('placed');
    expect(order.totalCents).toBe(added.totals.totalCents);
    expect(order.lines[0].picks[0].packageLabel).toBe(fx.packageLabel);
    expect(order.taxes.length).toBeGreaterThan(0);

    const again = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().order.id).toBe(order.id);

    const stock = await ledgerMatches(db(), fx.packageId);
    expect(stock).toMatchObject({ onHand: 38, reserved: 0, ledgerOnHand: 38, ledgerReserved: 0 });
    const orders = await db().selectFrom('sales_order').select('id').where('cart_id', '=', cart.id).execute();
    expect(orders).toHaveLength(1);
    const payments = await db().selectFrom('payment').select('id').where('order_id', '=', order.id).execute();
    expect(payments).toHaveLength(1);
    const usage = await sql<{ n: number }>`select count(*)::int as n from purchase_usage_line where order_id = ${order.id}`.execute(db());
    expect(usage.rows[0].n).toBe(1);
  });

  it('a cart for a customer the organization does not have is 404 and leaves no cart and no audit row', async () => {
    const unknown = '01900000-0000-7000-8000-0000000000ff';
    const audits = async () => (await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'orders.cart.created'`.execute(db())).rows[0].n;
    const before = await audits();
    const r = await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: fx.storeId, customerId: unknown, channel: 'pickup' } });
    expect(r.statusCode, r.body).toBe(404);
    expect(r.json().error.code).toBe('NOT_FOUND');
    expect(await db().selectFrom('sales_cart').select('id').where('customer_id', '=', unknown).execute()).toHaveLength(0);
    expect(await audits()).toBe(before);
  });

  it('refuses an empty cart, an expired hold and a short tender, changing nothing', async () => {
    const empty = (await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: fx.storeId, customerId: buyers[1], channel: 'pickup' } })).json();
    const r1 = await server.request({ method: 'POST', url: `/v1/carts/${empty.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'cash' }] } });
    expect(r1.statusCode).toBe(422);
    expect(r1.json().error.code).toBe('CART_EMPTY');

    const before = await ledgerMatches(db(), fx.packageId);
    const { cart } = await cartWith(buyers[1], 1);
    const short = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'cash', tenderedCents: 100 }] } });
    expect(short.statusCode).toBe(422);
    expect(short.json().error.code).toBe('TENDER_SHORT');
    expect((await ledgerMatches(db(), fx.packageId)).reserved).toBe(before.reserved + 1); // hold intact

    await db().updateTable('sales_cart').set({ hold_expires_at: new Date(Date.now() - 1000) }).where('id', '=', cart.id).execute();
    const expired = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });
    expect(expired.statusCode).toBe(409);
    expect(expired.json().error.code).toBe('HOLD_EXPIRED');
    expect((await db().selectFrom('sales_cart').select(['status', 'order_id']).where('id', '=', cart.id).executeTakeFirstOrThrow()).status).toBe('open');

    // Holding again restarts the TTL; the sale then goes through.
    const held = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/hold`, cookie: manager });
    expect(held.statusCode, held.body).toBe(200);
    const done = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'cash', tenderedCents: 100_000 }] } });
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json().payments[0].changeCents).toBeGreaterThan(0);
    const stock = await ledgerMatches(db(), fx.packageId);
    expect(stock.onHand).toBe(stock.ledgerOnHand);
    expect(stock.reserved).toBe(stock.ledgerReserved);
  });

  it('a declined payment releases the hold and writes no order', async () => {
    const { cart } = await cartWith(buyers[2], 1);
    paymentsOf(server.platform).simulator.configure({ declineNext: 1 });
    const declined = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });
    expect(declined.statusCode).toBe(402);
    expect(declined.json().error.code).toBe('PAYMENT_DECLINED');
    const row = await db().selectFrom('sales_cart').select(['status', 'reservation_id', 'order_id']).where('id', '=', cart.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'open', reservation_id: null, order_id: null });
    const stock = await ledgerMatches(db(), fx.packageId);
    expect(stock.reserved).toBe(0);
  });

  it('a POS sale completes at once, is recognized when resubmitted, and refuses its id for another sale', async () => {
    const id = uuidv7();
    const body = { id, customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1, packageLabel: fx.packageLabel }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] };
    const first = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie: budtender, body });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().order.status).toBe('completed');
    const again = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie: budtender, body });
    expect(again.statusCode).toBe(200);
    expect(again.json().order.id).toBe(id);
    const other = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie: budtender, body: { ...body, lines: [{ skuId: fx.skuId, quantity: 2 }] } });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('SALE_ID_REUSED');

    const event = await db().selectFrom('outbox_event').select(['payload']).where('type', '=', 'orders.order.completed').where('aggregate_id', '=', id).executeTakeFirstOrThrow();
    const payload = event.payload as Record<string, any>;
    expect(payload).toMatchObject({ orderId: id, storeId: fx.storeId, channel: 'in_store', jurisdiction: 'US-CA', customer: { id: null, kind: 'adult_use' } });
    expect(payload.licenseNumber).toBeTruthy();
    expect(payload.lines[0]).toMatchObject({ skuId: fx.skuId, packageLabel: fx.packageLabel, quantity: 1, unit: 'each', unitPriceCents: fx.priceCents });
    expect(payload.lines[0].taxes.length).toBeGreaterThan(0);
    expect(payload.totals.totalCents).toBe(first.json().order.totalCents);
  });

  it('a price override needs pricing:override and a reason, and is audited', async () => {
    const line = { skuId: fx.skuId, quantity: 1, override: { discountCents: 500, reason: 'damaged box' } };
    const body = { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [line], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] };
    const refused = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie: budtender, body });
    expect(refused.statusCode).toBe(403);
    const ok = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie: manager, body });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().order.discountCents).toBe(500);
    const audit = await db().selectFrom('audit_log').select(['reason']).where('action', '=', 'orders.price.overridden').where('entity_id', '=', body.id).executeTakeFirstOrThrow();
    expect(audit.reason).toBe('damaged box');
  });

  it('an override’s audit row names the price it replaced: the quantity tier actually charged, not the shelf price', async () => {
    const tiered = await stockedSku(db(), server.organizationId, { code: 'RR-SD-35', quantity: 10 });
    const priced = await server.request({ method: 'PUT', url: `/v1/catalog/skus/${tiered.skuId}/prices/${tiered.storeId}`, cookie: manager, body: { priceCents: 4000, tiers: [{ minQuantity: 2, unitPriceCents: 3500 }] } });
    expect(priced.statusCode, priced.body).toBe(200);
    const body = { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: tiered.skuId, quantity: 2, override: { unitPriceCents: 3000, reason: 'match a competitor' } }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] };
    const sold = await server.request({ method: 'POST', url: `/v1/stores/${tiered.storeId}/pos-sales`, cookie: manager, body });
    expect(sold.statusCode, sold.body).toBe(201);
    const audit = await db().selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'orders.price.overridden').where('entity_id', '=', body.id).executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ lineNo: 0, unitPriceCents: 3500 });
    expect(audit.after).toMatchObject({ lineNo: 0, unitPriceCents: 3000 });
  });

  it('refuses an underage walk-in and a purchase over the limit, logging the refusal', async () => {
    const young = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie: budtender,
      body: { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '2010-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash' }] },
    });
    expect(young.statusCode).toBe(422);
    expect(young.json().error.code).toBe('COMPLIANCE_BLOCKED');
    const created = (await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: fx.storeId, customerId: buyers[3], channel: 'pickup' } })).json();
    const tooMuch = await server.request({ method: 'POST', url: `/v1/carts/${created.id}/lines`, cookie: manager, body: { skuId: fx.skuId, quantity: 10 } });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().error.code).toBe('COMPLIANCE_BLOCKED');
    expect(tooMuch.json().error.details.limits.length).toBeGreaterThan(0);
    const refusals = await sql<{ n: number }>`select count(*)::int as n from compliance_event where kind = 'refusal' and source = 'register'`.execute(db());
    expect(refusals.rows[0].n).toBeGreaterThanOrEqual(1);
  });
});
