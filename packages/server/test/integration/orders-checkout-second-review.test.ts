// Second review of orders, checkout and payments: each test here failed on the code it was written
// against, for the reason its name gives (or proves a behaviour the review checked and kept).
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const walkIn = { kind: 'adult_use', birthDate: '1980-01-01' } as const;
const cookieOf = (response: { headers: Record<string, unknown> }) => String(response.headers['set-cookie'] as string[] | string).split(';')[0];

describe('orders and checkout, second review', () => {
  let server: TestServer;
  let manager: string;
  let owner: string;
  let budtender: string;
  let fx: CheckoutFixture;
  let buyers: string[];
  let seq = 0;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    [manager, owner, budtender] = await Promise.all([server.login('manager'), server.login('owner'), server.login('budtender')]);
    fx = await stockedSku(db(), server.organizationId, { quantity: 200 });
    buyers = await customers(db(), server.organizationId, 12);
  });
  afterAll(() => server?.close());

  const call = (method: string, url: string, body?: unknown, cookie = manager, headers?: Record<string, string>) =>
    server.request({ method, url, cookie, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  const post = (url: string, body: unknown, cookie = manager, headers?: Record<string, string>) => call('POST', url, body, cookie, headers);
  const posSale = (body: Record<string, unknown>, cookie = manager) => post(`/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), lines: [{ skuId: fx.skuId, quantity: 1 }], ...body }, cookie);
  const orderRow = (id: string) => db().selectFrom('sales_order').select(['id', 'status', 'refunded_cents']).where('id', '=', id).executeTakeFirst();

  async function openDrawer(): Promise<string> {
    const register = await post(`/v1/stores/${fx.storeId}/registers`, { name: `Till ${uuidv7().slice(-6)}` });
    expect(register.statusCode, register.body).toBe(201);
    const opened = await post(`/v1/registers/${register.json().id}/sessions`, { float: { totalCents: 20_000 } });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json().id;
  }

  async function pickupCart(customerId: string, quantity = 1, couponCodes?: string[]) {
    const cart = (await post('/v1/carts', { storeId: fx.storeId, customerId, channel: 'pickup' })).json();
    expect((await post(`/v1/carts/${cart.id}/lines`, { skuId: fx.skuId, quantity })).statusCode).toBe(200);
    expect((await call('PUT', `/v1/carts/${cart.id}/fulfillment`, { pickup: { name: 'Pat', phone: '+15105550100' } })).statusCode).toBe(200);
    if (couponCodes) expect((await call('PUT', `/v1/carts/${cart.id}/coupons`, { codes: couponCodes })).statusCode).toBe(200);
    return cart.id as string;
  }

  async function readyForHandOver(orderId: string) {
    expect((await post(`/v1/orders/${orderId}/transitions`, { to: 'accepted' })).statusCode).toBe(200);
    expect((await post(`/v1/orders/${orderId}/picks`, { lineNo: 0, packageLabel: fx.packageLabel })).statusCode).toBe(200);
    for (const to of ['packed', 'ready']) expect((await post(`/v1/orders/${orderId}/transitions`, { to })).statusCode).toBe(200);
  }

  // ---- 1. cash lands in a drawer ---------------------------------------------------------------

  it('a store that requires a drawer for cash refuses a register cash sale without registerSessionId (422 REGISTER_SESSION_REQUIRED at body.registerSessionId), writing nothing; card sales and online orders paid at the hand-over still go', async () => {
    const set = await call('PUT', `/v1/stores/${fx.storeId}/payment-settings`, { cashRoundingCents: 1, cashDrawerRequired: true });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ cashRoundingCents: 1, cashDrawerRequired: true });
    try {
      const before = await ledgerMatches(db(), fx.packageId);
      const id = uuidv7();
      const refused = await posSale({ id, customer: walkIn, tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().error).toMatchObject({ code: 'REGISTER_SESSION_REQUIRED', details: { path: ['body', 'registerSessionId'] } });
      expect(await orderRow(id)).toBeUndefined();
      expect(await db().selectFrom('payment').select('id').where('order_id', '=', id).execute()).toEqual([]);
      expect((await ledgerMatches(db(), fx.packageId)).onHand).toBe(before.onHand);

      // Cash beside a card is cash too; a card alone needs no drawer.
      const split = await posSale({ customer: walkIn, tenders: [{ kind: 'simulator', amountCents: 100 }, { kind: 'cash', tenderedCents: 100_000 }] });
      expect(split.statusCode, split.body).toBe(422);
      expect(split.json().error.code).toBe('REGISTER_SESSION_REQUIRED');
      expect((await posSale({ customer: walkIn, tenders: [{ kind: 'simulator' }] })).statusCode).toBe(201);
      const drawer = await openDrawer();
      expect((await posSale({ customer: walkIn, registerSessionId: drawer, tenders: [{ kind: 'cash', tenderedCents: 100_000 }] })).statusCode).toBe(201);

      // An online pickup is paid in cash at the hand-over: placing it needs no drawer, handing it
      // over at the counter does (the cash lands there), and the refusal changes nothing.
      const cartId = await pickupCart(buyers[0]);
      const placed = await post(`/v1/carts/${cartId}/complete`, { tenders: [{ kind: 'cash' }] });
      expect(placed.statusCode, placed.body).toBe(201);
      const orderId = placed.json().order.id as string;
      await readyForHandOver(orderId);
      const noDrawer = await post(`/v1/orders/${orderId}/transitions`, { to: 'completed' });
      expect(noDrawer.statusCode, noDrawer.body).toBe(422);
      expect(noDrawer.json().error).toMatchObject({ code: 'REGISTER_SESSION_REQUIRED', details: { path: ['body', 'registerSessionId'] } });
      expect((await orderRow(orderId))?.status).toBe('ready');
      const handed = await post(`/v1/orders/${orderId}/transitions`, { to: 'completed', registerSessionId: drawer });
      expect(handed.statusCode, handed.body).toBe(200);
      const counted = await db().selectFrom('register_session_event').select('order_id').where('session_id', '=', drawer).where('order_id', '=', orderId).execute();
      expect(counted).toHaveLength(1);
    } finally {
      const reset = await call('PUT', `/v1/stores/${fx.storeId}/payment-settings`, { cashRoundingCents: 1, cashDrawerRequired: false });
      expect(reset.statusCode, reset.body).toBe(200);
    }
    // Off (the default), a cash sale without a drawer is taken as before.
    expect((await posSale({ customer: walkIn, tenders: [{ kind: 'cash', tenderedCents: 100_000 }] })).statusCode).toBe(201);
  });

  it('the payment settings keep what a request leaves out, and an empty request is 400 at the body', async () => {
    const rounding = await call('PUT', `/v1/stores/${fx.storeId}/payment-settings`, { cashRoundingCents: 5 });
    expect(rounding.json()).toMatchObject({ cashRoundingCents: 5, cashDrawerRequired: false });
    const drawer = await call('PUT', `/v1/stores/${fx.storeId}/payment-settings`, { cashDrawerRequired: true });
    expect(drawer.json()).toMatchObject({ cashRoundingCents: 5, cashDrawerRequired: true });
    const empty = await call('PUT', `/v1/stores/${fx.storeId}/payment-settings`, {});
    expect(empty.statusCode, empty.body).toBe(400);
    expect(empty.json().error.code).toBe('VALIDATION_FAILED');
    // Read back as the register applies them; another organization's store is 404.
    expect((await call('GET', `/v1/stores/${fx.storeId}/payment-settings`)).json()).toEqual({ storeId: fx.storeId, cashRoundingCents: 5, cashDrawerRequired: true });
    expect((await call('GET', `/v1/stores/${uuidv7()}/payment-settings`)).statusCode).toBe(404);
    const back = await call('PUT', `/v1/stores/${fx.storeId}/payment-settings`, { cashRoundingCents: 1, cashDrawerRequired: false });
    expect(back.json()).toMatchObject({ cashRoundingCents: 1, cashDrawerRequired: false });
    expect((await call('GET', `/v1/stores/${fx.storeId}/payment-settings`)).json()).toEqual({ storeId: fx.storeId, cashRoundingCents: 1, cashDrawerRequired: false });
  });

  // ---- 2. a coupon's refusal names the coupon -------------------------------------------------

  it('a coupon refused at completion names where the coupon is: body.couponCodes[i] at the register, cart.couponCodes[i] for a cart', async () => {
    const created = await post('/v1/promotions', { storeId: fx.storeId, name: 'Once each review', codes: ['ONCEREVIEW'], maxUsesPerCustomer: 1, action: { type: 'fixed_off_order', amountCents: 100 } });
    expect(created.statusCode, created.body).toBe(201);
    const once = await post('/v1/promotions', { storeId: fx.storeId, name: 'Only one review', codes: ['ONLYREVIEW'], maxUses: 1, action: { type: 'fixed_off_order', amountCents: 100 } });
    expect(once.statusCode, once.body).toBe(201);
    try {
      expect((await posSale({ customerId: buyers[1], couponCodes: ['ONCEREVIEW'], tenders: [{ kind: 'simulator' }] })).statusCode).toBe(201);
      const again = await posSale({ customerId: buyers[1], couponCodes: ['NOSUCH1', 'ONCEREVIEW'], tenders: [{ kind: 'simulator' }] });
      expect(again.statusCode, again.body).toBe(409);
      expect(again.json().error).toMatchObject({ code: 'COUPON_CUSTOMER_LIMIT_REACHED', details: { path: ['body', 'couponCodes', 1] } });
      const walkInSale = await posSale({ customer: walkIn, couponCodes: ['onceReview'], tenders: [{ kind: 'simulator' }] });
      expect(walkInSale.statusCode, walkInSale.body).toBe(422);
      expect(walkInSale.json().error).toMatchObject({ code: 'COUPON_CUSTOMER_REQUIRED', details: { path: ['body', 'couponCodes', 0] } });

      const cartId = await pickupCart(buyers[1], 1, ['ONCEREVIEW']);
      const online = await post(`/v1/carts/${cartId}/complete`, { tenders: [{ kind: 'simulator' }] });
      expect(online.statusCode, online.body).toBe(409);
      expect(online.json().error).toMatchObject({ code: 'COUPON_CUSTOMER_LIMIT_REACHED', details: { path: ['cart', 'couponCodes', 0] } });

      // Used up: refused before the payment, named the same way.
      expect((await posSale({ customerId: buyers[2], couponCodes: ['ONLYREVIEW'], tenders: [{ kind: 'simulator' }] })).statusCode).toBe(201);
      const spent = await posSale({ customerId: buyers[3], couponCodes: ['ONLYREVIEW'], tenders: [{ kind: 'simulator' }] });
      expect(spent.statusCode, spent.body).toBe(409);
      expect(spent.json().error).toMatchObject({ code: 'COUPON_LIMIT_REACHED', details: { path: ['body', 'couponCodes', 0] } });
    } finally {
      await call('DELETE', `/v1/promotions/${created.json().id}`);
      await call('DELETE', `/v1/promotions/${once.json().id}`);
    }
  });

  // ---- 3. a shopper's second tab ----------------------------------------------------------------

  it('a shopper’s second tab starting a cart gets the open cart of the first (one open cart per store and channel); a tab still on a cart placed elsewhere is told where the order and the open cart are', async () => {
    const email = `tabs${++seq}-${Date.now()}@example.test`;
    const signUp = await server.request({
      method: 'POST',
      url: `/v1/public/stores/${fx.storeId}/shoppers`,
      body: { email, password: 'correct horse battery', firstName: 'Tab', lastName: 'Two', birthDate: '1985-03-03' },
    });
    expect(signUp.statusCode, signUp.body).toBe(201);
    const shopper = cookieOf(signUp);
    const customerId = signUp.json().customer.id as string;
    const shop = (method: string, url: string, body?: unknown) => call(method, url, body, shopper);

    const first = await shop('POST', '/v1/shop/carts', { storeId: fx.storeId, channel: 'pickup' });
    expect(first.statusCode, first.body).toBe(201);
    expect((await shop('PUT', `/v1/shop/carts/${first.json().id}/lines`, { lines: [{ skuId: fx.skuId, quantity: 2 }] })).statusCode).toBe(200);
    const second = await shop('POST', '/v1/shop/carts', { storeId: fx.storeId, channel: 'pickup' });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ id: first.json().id, lines: [expect.objectContaining({ quantity: 2 })] });
    const open = await db().selectFrom('sales_cart').select('id').where('customer_id', '=', customerId).where('status', '=', 'open').execute();
    expect(open).toHaveLength(1);
    // Another channel is another cart (the store app moves the items over, then gives up the old one).
    const delivery = await shop('POST', '/v1/shop/carts', { storeId: fx.storeId, channel: 'delivery' });
    expect(delivery.json().id).not.toBe(first.json().id);
    expect((await shop('DELETE', `/v1/shop/carts/${delivery.json().id}`)).statusCode).toBe(200);

    // Tab one places the order; tab two, still on that cart, is told where the order is.
    expect((await shop('PUT', `/v1/shop/carts/${first.json().id}/fulfillment`, { pickup: { name: 'Tab Two', phone: '+15105550101' } })).statusCode).toBe(200);
    const placed = await shop('POST', `/v1/shop/carts/${first.json().id}/complete`, {});
    expect(placed.statusCode, placed.body).toBe(201);
    const stale = await shop('PUT', `/v1/shop/carts/${first.json().id}/lines`, { lines: [{ skuId: fx.skuId, quantity: 3 }] });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'CART_CLOSED', details: { status: 'completed', orderId: placed.json().order.id, openCartId: null } });
    // A new cart is a new one; a tab still on the placed cart is then pointed at it.
    const next = await shop('POST', '/v1/shop/carts', { storeId: fx.storeId, channel: 'pickup' });
    expect(next.json().id).not.toBe(first.json().id);
    const pointed = await shop('POST', `/v1/shop/carts/${first.json().id}/hold`);
    expect(pointed.statusCode, pointed.body).toBe(409);
    expect(pointed.json().error.details).toMatchObject({ orderId: placed.json().order.id, openCartId: next.json().id });
  });

  // ---- 4. retries after a PIN switch ------------------------------------------------------------

  it('a register sale retried by another budtender after a PIN switch answers the stored sale (the sale id is the key)', async () => {
    const body = { id: uuidv7(), customerId: buyers[4], lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] };
    const first = await post(`/v1/stores/${fx.storeId}/pos-sales`, body, manager);
    expect(first.statusCode, first.body).toBe(201);
    const retried = await post(`/v1/stores/${fx.storeId}/pos-sales`, body, budtender);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.json().order.id).toBe(body.id);
    expect(await db().selectFrom('payment').select('id').where('order_id', '=', body.id).execute()).toHaveLength(1);
  });

  it('a return retried with its Idempotency-Key by another staff member (a PIN switch at the register) answers the stored return instead of booking and refunding a second one', async () => {
    const sale = await posSale({ customerId: buyers[5], lines: [{ skuId: fx.skuId, quantity: 2 }], tenders: [{ kind: 'simulator' }] });
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json().order;
    const key = `return-${uuidv7()}`;
    const body = { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'changed their mind' };
    const first = await post(`/v1/orders/${order.id}/returns`, body, manager, { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    const retried = await post(`/v1/orders/${order.id}/returns`, body, owner, { 'idempotency-key': key });
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.json().returnId).toBe(first.json().returnId);
    expect(await db().selectFrom('sales_return').select('id').where('order_id', '=', order.id).execute()).toHaveLength(1);
    expect(Number((await orderRow(order.id))!.refunded_cents)).toBe(first.json().refundCents);
    // The same key for another request is refused, whoever sends it.
    const other = await post(`/v1/orders/${order.id}/returns`, { ...body, reason: 'another reason' }, owner, { 'idempotency-key': key });
    expect(other.statusCode, other.body).toBe(409);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    // A void alike.
    const voidKey = `void-${uuidv7()}`;
    const voided = await post(`/v1/orders/${order.id}/void`, { reason: 'rang up wrong' }, manager, { 'idempotency-key': voidKey });
    expect(voided.statusCode, voided.body).toBe(201);
    const voidAgain = await post(`/v1/orders/${order.id}/void`, { reason: 'rang up wrong' }, owner, { 'idempotency-key': voidKey });
    expect(voidAgain.statusCode, voidAgain.body).toBe(201);
    expect(voidAgain.json().returnId).toBe(voided.json().returnId);
    expect(await db().selectFrom('sales_return').select('id').where('order_id', '=', order.id).execute()).toHaveLength(2);
  });
  // ---- 6. a void's restock choice ----------------------------------------------------------------

  it('a void puts every item it takes back where the void says, and the next void of another sale where that one says', async () => {
    const where = async () => {
      const rows = await sql<{ code: string; on_hand: number }>`
        select l.code, s.on_hand::int from inventory_stock s join inventory_location l on l.id = s.location_id where s.package_id = ${fx.packageId} order by l.code`.execute(db());
      return Object.fromEntries(rows.rows.map((r) => [r.code, r.on_hand]));
    };
    const start = await where();
    const sale = async (lines: Array<Record<string, unknown>>) => {
      const sold = await posSale({ customerId: buyers[6], lines, tenders: [{ kind: 'simulator' }] });
      expect(sold.statusCode, sold.body).toBe(201);
      return sold.json().order as { id: string };
    };
    const first = await sale([{ skuId: fx.skuId, quantity: 1 }, { skuId: fx.skuId, quantity: 2, packageLabel: fx.packageLabel }]);
    const returned = await post(`/v1/orders/${first.id}/returns`, { lines: [{ lineNo: 1, quantity: 1, restock: 'destroy' }], reason: 'opened one' });
    expect(returned.statusCode, returned.body).toBe(201);
    const voided = await post(`/v1/orders/${first.id}/void`, { reason: 'rang up wrong', restock: 'sellable' });
    expect(voided.statusCode, voided.body).toBe(201);
    expect(voided.json().lines.map((l: { lineNo: number; quantity: number; restock: string }) => [l.lineNo, l.quantity, l.restock])).toEqual([[0, 1, 'sellable'], [1, 1, 'sellable']]);
    const afterFirst = await where();
    expect(afterFirst.sales_floor).toBe(start.sales_floor - 1);
    expect(afterFirst.quarantine ?? 0).toBe((start.quarantine ?? 0) + 1);

    const second = await sale([{ skuId: fx.skuId, quantity: 2 }]);
    const quarantined = await post(`/v1/orders/${second.id}/void`, { reason: 'customer opened it', restock: 'quarantine' });
    expect(quarantined.statusCode, quarantined.body).toBe(201);
    const third = await sale([{ skuId: fx.skuId, quantity: 1 }]);
    const plain = await post(`/v1/orders/${third.id}/void`, { reason: 'rang up twice' });
    expect(plain.statusCode, plain.body).toBe(201);
    expect(plain.json().lines).toEqual([expect.objectContaining({ restock: 'sellable' })]);
    const end = await where();
    expect(end.sales_floor).toBe(afterFirst.sales_floor - 2);
    expect(end.quarantine).toBe(afterFirst.quarantine + 2);
  });

  // ---- found in the review -----------------------------------------------------------------------

  it('a completed cart sent again with its Idempotency-Key but another body is 409 IDEMPOTENCY_KEY_REUSED; the same body answers the order', async () => {
    const cartId = await pickupCart(buyers[7]);
    const key = `complete-${uuidv7()}`;
    const done = await post(`/v1/carts/${cartId}/complete`, { tenders: [{ kind: 'simulator' }] }, manager, { 'idempotency-key': key });
    expect(done.statusCode, done.body).toBe(201);
    const other = await post(`/v1/carts/${cartId}/complete`, { tenders: [{ kind: 'cash' }] }, manager, { 'idempotency-key': key });
    expect(other.statusCode, other.body).toBe(409);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const same = await post(`/v1/carts/${cartId}/complete`, { tenders: [{ kind: 'simulator' }] }, manager, { 'idempotency-key': key });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json().order.id).toBe(done.json().order.id);
    // Without a key, or retried by someone else (whose keys are their own), the cart's one order answers.
    expect((await post(`/v1/carts/${cartId}/complete`, { tenders: [{ kind: 'cash' }] }, owner, { 'idempotency-key': key })).json().order.id).toBe(done.json().order.id);
    expect(await db().selectFrom('payment').select('id').where('order_id', '=', done.json().order.id).execute()).toHaveLength(1);
  });

  it('a register sale or quote for an unknown customer, or by a caregiver not linked to the patient, names the field (body.customerId, body.caregiverId)', async () => {
    const unknown = await posSale({ customerId: uuidv7(), tenders: [{ kind: 'simulator' }] });
    expect(unknown.statusCode, unknown.body).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'NOT_FOUND', details: { path: ['body', 'customerId'] } });
    const notLinked = await posSale({ customerId: buyers[8], caregiverId: buyers[9], tenders: [{ kind: 'simulator' }] });
    expect(notLinked.statusCode, notLinked.body).toBe(422);
    expect(notLinked.json().error).toMatchObject({ code: 'CAREGIVER_NOT_LINKED', details: { path: ['body', 'caregiverId'] } });
    const quoted = await post(`/v1/stores/${fx.storeId}/pos-quotes`, { customerId: uuidv7(), lines: [{ skuId: fx.skuId, quantity: 1 }] });
    expect(quoted.statusCode, quoted.body).toBe(404);
    expect(quoted.json().error.details.path).toEqual(['body', 'customerId']);
  });

  it('changing a cart line that does not exist is 404 at params.lineNo', async () => {
    const cartId = await pickupCart(buyers[10]);
    const missing = await call('PATCH', `/v1/carts/${cartId}/lines/5`, { quantity: 1 });
    expect(missing.statusCode, missing.body).toBe(404);
    expect(missing.json().error.details.path).toEqual(['params', 'lineNo']);
    expect((await call('DELETE', `/v1/carts/${cartId}`)).statusCode).toBe(200);
  });
});
