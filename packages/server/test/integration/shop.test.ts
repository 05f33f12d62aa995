// The online store's API: shoppers sign up and sign in at a storefront and shop for themselves —
// the same carts, holds, limit meter and completion as staff use, but only their own, and nothing
// of the staff API.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';
import { paymentsOf } from '../../src/modules/payments/payments.service';

const PASSWORD = 'a-long-shopper-password';

describe('online store (shoppers)', () => {
  let server: TestServer;
  let fx: CheckoutFixture;
  let seq = 0;

  beforeAll(async () => {
    server = await startTestServer({ env: { LOGIN_MAX_FAILURES: '3' } });
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const cookieOf = (response: { headers: Record<string, unknown> }) => String((response.headers['set-cookie'] as string[] | string)).split(';')[0];

  /** A new shopper account (born 1990 unless told), signed in: their cookie and customer id. */
  async function signUp(birthDate = '1990-04-02'): Promise<{ cookie: string; customerId: string; email: string }> {
    const email = `shopper${++seq}-${Date.now()}@example.test`;
    const response = await server.request({
      method: 'POST',
      url: `/v1/public/stores/${fx.storeId}/shoppers`,
      body: { email, password: PASSWORD, firstName: 'Sam', lastName: 'Shopper', birthDate, phone: '+1 510 555 0100' },
    });
    expect(response.statusCode, response.body).toBe(201);
    return { cookie: cookieOf(response), customerId: response.json().customer.id, email };
  }

  const shop = (cookie: string, method: string, url: string, body?: unknown) => server.request({ method, url, cookie, body });

  it('signs up, signs in and out; a taken e-mail, bad input and wrong passwords are refused with stable codes', async () => {
    const { cookie, customerId, email } = await signUp();
    const me = await shop(cookie, 'GET', '/v1/shop/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().customer).toMatchObject({ id: customerId, email, firstName: 'Sam', kind: 'adult_use' });

    const taken = await server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers`, body: { email: email.toUpperCase(), password: PASSWORD, firstName: 'A', lastName: 'B', birthDate: '1990-01-01' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('EMAIL_TAKEN');

    const customersBefore = Number((await sql<{ n: string }>`select count(*) as n from customer`.execute(db())).rows[0].n);
    const bad = await server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers`, body: { email: 'x@example.test', password: 'short', firstName: 'A', lastName: 'B', birthDate: '1990-02-30' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string[] }) => d.path.join('.'))).toEqual(expect.arrayContaining(['body.password', 'body.birthDate']));
    const unknownStore = await server.request({ method: 'POST', url: '/v1/public/stores/01900000-0000-7000-8000-00000000abcd/shoppers', body: { email: 'y@example.test', password: PASSWORD, firstName: 'A', lastName: 'B', birthDate: '1990-01-01' } });
    expect(unknownStore.statusCode).toBe(404);
    expect(Number((await sql<{ n: string }>`select count(*) as n from customer`.execute(db())).rows[0].n)).toBe(customersBefore);

    const signIn = (password: string) => server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers/sign-in`, body: { email, password } });
    const good = await signIn(PASSWORD);
    expect(good.statusCode).toBe(200);
    const second = cookieOf(good);
    expect((await shop(second, 'POST', '/v1/shop/sign-out')).statusCode).toBe(204);
    expect((await shop(second, 'GET', '/v1/shop/me')).statusCode).toBe(401);
    expect((await shop(cookie, 'GET', '/v1/shop/me')).statusCode).toBe(200); // the other session holds

    expect((await signIn('wrong-password-1')).json().error.code).toBe('INVALID_CREDENTIALS');
    expect((await signIn('wrong-password-2')).json().error.code).toBe('INVALID_CREDENTIALS');
    const locked = await signIn('wrong-password-3');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    expect((await signIn(PASSWORD)).statusCode).toBe(429); // locked even with the right password
    // Without a mail server there is no reset link to send: said plainly, for every address alike.
    const reset = await server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers/password-reset`, body: { email } });
    expect(reset.statusCode).toBe(503);
    expect(reset.json().error.code).toBe('MAIL_NOT_CONFIGURED');
    const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', customerId).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['shop.account.created', 'shop.sign_in.succeeded', 'shop.sign_in.failed']));
  });

  it('five sign-ups racing with one e-mail make one account and one customer record', async () => {
    const email = `race-${Date.now()}@example.test`;
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers`, body: { email, password: PASSWORD, firstName: `Racer${i}`, lastName: 'Shopper', birthDate: '1990-01-01' } }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(answers.filter((a) => a.statusCode === 409).every((a) => a.json().error.code === 'EMAIL_TAKEN')).toBe(true);
    const records = await db().selectFrom('customer').select('id').where('email', '=', email).execute();
    expect(records).toHaveLength(1);
  });

  it('a shopper fills a cart with the live limit meter, is refused over the limit with nothing held, and places a pickup order paid at pickup', async () => {
    const { cookie, customerId } = await signUp();
    const cart = await shop(cookie, 'POST', '/v1/shop/carts', { storeId: fx.storeId, channel: 'pickup' });
    expect(cart.statusCode, cart.body).toBe(201);
    expect(cart.json().customerId).toBe(customerId);
    const cartId = cart.json().id as string;

    // Nine 3.5 g packs of flower are 31.5 g, over California's 28.5 g: refused, nothing held.
    const over = await shop(cookie, 'PUT', `/v1/shop/carts/${cartId}/lines`, { lines: [{ skuId: fx.skuId, quantity: 9 }] });
    expect(over.statusCode).toBe(422);
    expect(over.json().error.code).toBe('COMPLIANCE_BLOCKED');
    expect((await ledgerMatches(db(), fx.packageId)).reserved).toBe(0);

    const held = await shop(cookie, 'PUT', `/v1/shop/carts/${cartId}/lines`, { lines: [{ skuId: fx.skuId, quantity: 2 }] });
    expect(held.statusCode, held.body).toBe(200);
    const flower = held.json().limits.find((l: { used: number }) => l.used > 0);
    expect(flower).toMatchObject({ used: 7000, remaining: 21500 });
    expect(held.json().hold).not.toBeNull();
    expect((await ledgerMatches(db(), fx.packageId)).reserved).toBe(2);

    // A shopper cannot choose the package: that is the store's pick.
    const label = await shop(cookie, 'PUT', `/v1/shop/carts/${cartId}/lines`, { lines: [{ skuId: fx.skuId, quantity: 1, packageLabel: fx.packageLabel }] });
    expect(label.statusCode).toBe(400);

    expect((await shop(cookie, 'POST', `/v1/shop/carts/${cartId}/complete`, {})).json().error.code).toBe('FULFILLMENT_REQUIRED');
    expect((await shop(cookie, 'PUT', `/v1/shop/carts/${cartId}/fulfillment`, { pickup: { name: 'Sam Shopper', phone: '+15105550100' } })).statusCode).toBe(200);
    const placed = await shop(cookie, 'POST', `/v1/shop/carts/${cartId}/complete`, {});
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json().order;
    expect(order).toMatchObject({ channel: 'pickup', status: 'placed', customer: { id: customerId } });
    expect(placed.json().payments.map((p: { provider: string }) => p.provider)).toEqual(['cash']);
    const again = await shop(cookie, 'POST', `/v1/shop/carts/${cartId}/complete`, {});
    expect(again.statusCode).toBe(200);
    expect(again.json().order.id).toBe(order.id);

    const mine = await shop(cookie, 'GET', '/v1/shop/orders');
    expect(mine.json().orders.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect((await shop(cookie, 'GET', `/v1/shop/orders/${order.id}`)).json().lines).toHaveLength(1);
    const queue = await server.request({ method: 'GET', url: `/v1/stores/${fx.storeId}/pick-queue`, cookie: await server.login('budtender') });
    expect(queue.json().orders.map((o: { id: string }) => o.id)).toContain(order.id);
    const ledger = await ledgerMatches(db(), fx.packageId);
    expect([ledger.onHand, ledger.reserved]).toEqual([ledger.ledgerOnHand, ledger.ledgerReserved]);
  });

  it('a shopper calls an order off: stock back, limit credited, once; not someone else’s, not after it ended', async () => {
    const { cookie, customerId } = await signUp();
    const other = await signUp();
    const placeOrder = async (quantity: number) => {
      const cartId = (await shop(cookie, 'POST', '/v1/shop/carts', { storeId: fx.storeId, channel: 'pickup' })).json().id;
      expect((await shop(cookie, 'PUT', `/v1/shop/carts/${cartId}/lines`, { lines: [{ skuId: fx.skuId, quantity }] })).statusCode).toBe(200);
      await shop(cookie, 'PUT', `/v1/shop/carts/${cartId}/fulfillment`, { pickup: { name: 'Sam', phone: '+15105550100' } });
      const placed = await shop(cookie, 'POST', `/v1/shop/carts/${cartId}/complete`, {});
      expect(placed.statusCode, placed.body).toBe(201);
      return placed.json().order as { id: string };
    };
    const before = await ledgerMatches(db(), fx.packageId);
    const order = await placeOrder(8);
    expect((await ledgerMatches(db(), fx.packageId)).onHand).toBe(before.onHand - 8);

    const notMine = await shop(other.cookie, 'POST', `/v1/shop/orders/${order.id}/cancel`, {});
    expect(notMine.statusCode).toBe(404);
    const cancelled = await shop(cookie, 'POST', `/v1/shop/orders/${order.id}/cancel`, { reason: 'changed my mind' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', statusReason: 'changed my mind' });
    const after = await ledgerMatches(db(), fx.packageId);
    expect(after.onHand).toBe(before.onHand);
    expect([after.onHand, after.reserved]).toEqual([after.ledgerOnHand, after.ledgerReserved]);
    const again = await shop(cookie, 'POST', `/v1/shop/orders/${order.id}/cancel`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ORDER_NOT_CANCELLABLE');
    // To be paid at pickup in cash that was never collected: the payment is voided, nothing refunded.
    const payments = await db().selectFrom('payment').select(['status', 'amount_cents', 'refunded_cents']).where('order_id', '=', order.id).execute();
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ status: 'voided' });
    expect(Number(payments[0].refunded_cents)).toBe(0);
    expect(await db().selectFrom('payment_refund').select('id').where('payment_id', '=', (await db().selectFrom('payment').select('id').where('order_id', '=', order.id).executeTakeFirstOrThrow()).id).execute()).toHaveLength(0);
    // The cancelled 28 g no longer count: another 8 packs fit under the day's 28.5 g.
    await placeOrder(8);
    const transitions = await db().selectFrom('sales_order_transition').select(['to_status', 'actor_type', 'actor_id']).where('order_id', '=', order.id).execute();
    expect(transitions.find((t) => t.to_status === 'cancelled')).toMatchObject({ actor_type: 'customer', actor_id: customerId });
  });

  it('the shopper’s order and order list show the refund a cancelled order owes, owed while refused and refunded once the outbox retries it', async () => {
    const { cookie, customerId } = await signUp();
    const staff = await server.login('manager');
    // Paid by card at the counter's terminal on the shopper's account (the shop itself takes cash at pickup).
    const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie: staff, body: { storeId: fx.storeId, customerId, channel: 'pickup' } })).json();
    await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie: staff, body: { skuId: fx.skuId, quantity: 1 } });
    await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: staff, body: { pickup: { name: 'Sam', phone: '+15105550100' } } });
    const done = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: staff, body: { tenders: [{ kind: 'simulator' }] } });
    expect(done.statusCode, done.body).toBe(201);
    const orderId = done.json().order.id as string;
    expect((await shop(cookie, 'GET', `/v1/shop/orders/${orderId}`)).json().refund).toBeNull();
    const simulator = paymentsOf(server.platform).simulator;
    simulator.configure({ failRefundNext: 1, refundFailure: 'declined' });
    try {
      const cancelled = await shop(cookie, 'POST', `/v1/shop/orders/${orderId}/cancel`, {});
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json().refund).toMatchObject({ status: 'owed', attempts: 1, lastError: 'simulated processor error on refund' });
    } finally {
      simulator.configure({ failRefundNext: 0 });
    }
    expect((await shop(cookie, 'GET', `/v1/shop/orders/${orderId}`)).json().refund).toMatchObject({ status: 'owed', refundedAt: null });
    let listed: { refund: { status: string } | null } | undefined;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await server.platform.deliveries.wake()) {
      listed = (await shop(cookie, 'GET', '/v1/shop/orders')).json().orders.find((o: { id: string }) => o.id === orderId);
      if (listed?.refund?.status === 'refunded') break;
    }
    expect(listed?.refund).toMatchObject({ status: 'refunded', lastError: null, refundedAt: expect.any(String) });
    expect((await shop(cookie, 'GET', `/v1/shop/orders/${orderId}`)).json().refund).toMatchObject({ status: 'refunded' });
    expect(simulator.refunds.filter((r) => r.amountCents === done.json().order.totalCents).length).toBeGreaterThanOrEqual(1);
  });

  it('a browser signed in to the back office too (or with an ended staff session) shops as the shopper; staff routes stay the staff member’s', async () => {
    const { cookie, customerId } = await signUp();
    const owner = await server.login('owner');
    const both = `${cookie}; ${owner}`;
    const me = await shop(both, 'GET', '/v1/shop/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().customer.id).toBe(customerId);
    expect((await shop(`${cookie}; verdant_session=ended-or-unknown`, 'GET', '/v1/shop/me')).statusCode).toBe(200);
    const staff = await shop(both, 'GET', '/v1/auth/me');
    expect(staff.statusCode).toBe(200);
    expect(staff.json().type).toBe('staff');
  });

  it('an under-age shopper can sign up but cannot put anything in a cart', async () => {
    const nineteen = `${new Date().getUTCFullYear() - 19}-01-01`;
    const { cookie } = await signUp(nineteen);
    const cartId = (await shop(cookie, 'POST', '/v1/shop/carts', { storeId: fx.storeId, channel: 'pickup' })).json().id;
    const refused = await shop(cookie, 'PUT', `/v1/shop/carts/${cartId}/lines`, { lines: [{ skuId: fx.skuId, quantity: 1 }] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('COMPLIANCE_BLOCKED');
    expect(JSON.stringify(refused.json().error.details)).toMatch(/AGE/);
  });

  it('a shopper sees only their own carts and orders, and nothing of the staff API; staff cannot shop as a shopper', async () => {
    const alice = await signUp();
    const bob = await signUp();
    const cartId = (await shop(alice.cookie, 'POST', '/v1/shop/carts', { storeId: fx.storeId, channel: 'pickup' })).json().id;
    await shop(alice.cookie, 'PUT', `/v1/shop/carts/${cartId}/lines`, { lines: [{ skuId: fx.skuId, quantity: 1 }] });
    for (const [method, url, body] of [
      ['GET', `/v1/shop/carts/${cartId}`],
      ['PUT', `/v1/shop/carts/${cartId}/lines`, { lines: [{ skuId: fx.skuId, quantity: 3 }] }],
      ['DELETE', `/v1/shop/carts/${cartId}`],
      ['POST', `/v1/shop/carts/${cartId}/complete`, {}],
    ] as const) {
      const response = await shop(bob.cookie, method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    expect((await shop(alice.cookie, 'GET', `/v1/shop/carts/${cartId}`)).json().lines[0].quantity).toBe(1);

    for (const [method, url] of [
      ['GET', `/v1/carts/${cartId}`],
      ['GET', '/v1/customers?q=Sam'],
      ['GET', `/v1/stores/${fx.storeId}/pick-queue`],
      ['POST', '/v1/carts'],
      ['GET', '/v1/auth/me'],
    ] as const) {
      const response = await shop(alice.cookie, method, url, method === 'POST' ? {} : undefined);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    }
    const owner = await server.login('owner');
    const staffTry = await server.request({ method: 'POST', url: '/v1/shop/carts', cookie: owner, body: { storeId: fx.storeId, channel: 'pickup' } });
    expect(staffTry.statusCode).toBe(403);
    const grant = await server.request({ method: 'POST', url: '/v1/api-keys', cookie: owner, body: { name: 'shop', scopes: ['shop:self'], currentPassword: 'verdant-demo' } });
    expect(grant.statusCode).toBe(403);
  });
});
