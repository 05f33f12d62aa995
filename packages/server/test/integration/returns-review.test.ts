// Returns and voids as the register's returns screen uses them: what a manager is told when the
// order in front of them cannot be voided.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('returns and voids at the register: review', () => {
  let server: TestServer;
  let manager: string;
  let fx: CheckoutFixture;
  let buyers: string[];

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 10 });
    buyers = await customers(server.platform.database.db, server.organizationId, 1);
  });
  afterAll(() => server.close());

  /** An online pickup order, paid and placed, not yet handed over. */
  async function placedOrder(customerId: string) {
    const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: fx.storeId, customerId, channel: 'pickup' } })).json();
    await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie: manager, body: { skuId: fx.skuId, quantity: 1 } });
    await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat', phone: '+15105550100' } } });
    const done = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });
    expect(done.statusCode, done.body).toBe(201);
    return done.json().order as { id: string; status: string };
  }

  it('a void of an order not handed over yet is refused as not completed (409 INVALID_TRANSITION), not sent to a return that is refused too', async () => {
    const order = await placedOrder(buyers[0]);
    expect(order.status).toBe('placed');
    const voided = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/void`, cookie: manager, body: { reason: 'customer called to cancel' } });
    expect(voided.statusCode, voided.body).toBe(409);
    expect(voided.json().error).toMatchObject({ code: 'INVALID_TRANSITION', details: { status: 'placed' } });
    const db = server.platform.database.db;
    expect(await db.selectFrom('sales_return').select('id').where('order_id', '=', order.id).execute()).toHaveLength(0);
    expect((await db.selectFrom('sales_order').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status).toBe('placed');

    // Cancelled: the same, not "another day".
    const cancelled = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/transitions`, cookie: manager, body: { to: 'cancelled', reason: 'customer called' } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const again = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/void`, cookie: manager, body: { reason: 'customer called to cancel' } });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'INVALID_TRANSITION', details: { status: 'cancelled' } });
  });
});
