// PostgreSQL only: a cart changed while it is being completed. The completion prices and pays for
// the cart as it read it, then claims it; a change that commits in between (new delivery details,
// a coupon, a line) must not be lost under an order written from the old cart. The claim finds the
// cart changed: 409 CART_CHANGED, nothing sold, the payment authorization voided, the cart open
// with its change and its hold, and completing it again sells what it now says.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { waitUntilBlocked } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

describe('a cart changed during its completion (PostgreSQL)', () => {
  let server: TestServer;
  let manager: string;
  let fx: CheckoutFixture;
  let buyer: string;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 10 });
    [buyer] = await customers(server.platform.database.db, server.organizationId, 1);
  });
  afterAll(() => server?.close());

  const call = (method: string, url: string, body?: unknown) => server.request({ method, url, cookie: manager, ...(body !== undefined ? { body } : {}) });
  const address = (line1: string) => ({ delivery: { name: 'Pat', phone: '+15105550100', address: { line1, city: 'Oakland', region: 'CA', postalCode: '94607' }, addressType: 'residence' } });

  it('new delivery details committed between the completion’s pricing and its claim: 409 CART_CHANGED, nothing sold; again, it sells to the new address', async () => {
    const cart = (await call('POST', '/v1/carts', { storeId: fx.storeId, customerId: buyer, channel: 'delivery' })).json().id as string;
    expect((await call('POST', `/v1/carts/${cart}/lines`, { skuId: fx.skuId, quantity: 1 })).statusCode).toBe(200);
    expect((await call('PUT', `/v1/carts/${cart}/fulfillment`, address('1 Old Street'))).statusCode).toBe(200);
    const db = server.platform.database.db;
    const ordersBefore = await db.selectFrom('sales_order').select('id').where('customer_id', '=', buyer).execute();

    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from sales_cart where id = $1 for update', [cart]);
      // The change queues first; the completion reads the old cart, pays, and queues behind it.
      const changing = call('PUT', `/v1/carts/${cart}/fulfillment`, address('2 New Avenue'));
      await waitUntilBlocked(holder, 1);
      const completing = call('POST', `/v1/carts/${cart}/complete`, { tenders: [{ kind: 'simulator' }] });
      await waitUntilBlocked(holder, 2);
      await holder.query('commit');
      const [changed, completed] = await Promise.all([changing, completing]);
      expect(changed.statusCode, changed.body).toBe(200);
      expect(completed.statusCode, completed.body).toBe(409);
      expect(completed.json().error.code).toBe('CART_CHANGED');
    } finally {
      await holder.end();
    }
    expect(await db.selectFrom('sales_order').select('id').where('customer_id', '=', buyer).execute()).toEqual(ordersBefore);
    const open = (await call('GET', `/v1/carts/${cart}`)).json();
    expect(open).toMatchObject({ status: 'open', fulfillment: { address: { line1: '2 New Avenue' } } });

    const again = await call('POST', `/v1/carts/${cart}/complete`, { tenders: [{ kind: 'simulator' }] });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().order.fulfillment).toMatchObject({ address: { line1: '2 New Avenue' } });
  });
});
