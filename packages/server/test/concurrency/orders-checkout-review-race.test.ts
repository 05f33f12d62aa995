// PostgreSQL only: the same sale sent again while the first is still being written (a register
// whose answer was lost, a double tap) must answer the sale, whatever tender paid for it. A tender
// that can be taken only once (store credit, a gift card) failed the duplicate's own attempt to take
// it, and the duplicate answered that refusal for a sale that went through.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('orders and checkout review races (PostgreSQL)', () => {
  let server: TestServer;
  let cookie: string;
  let fx: CheckoutFixture;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    cookie = await server.login('manager');
    fx = await stockedSku(db(), server.organizationId, { quantity: 40 });
  });
  afterAll(() => server.close());

  /** A customer holding store credit of exactly one unit's sale: a sale of theirs, returned to store credit. */
  async function customerWithCredit(): Promise<{ customerId: string; creditCents: number }> {
    const [customerId] = await customers(db(), server.organizationId, 1);
    const sale = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie,
      body: { id: uuidv7(), customerId, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json().order;
    const returned = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/returns`, cookie, body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'to store credit', refundTo: 'store_credit' } });
    expect(returned.statusCode, returned.body).toBe(201);
    return { customerId, creditCents: order.totalCents };
  }

  it('the same register sale paid with store credit, sent 4 times at once: every answer is the one sale, the credit taken once', async () => {
    const { customerId, creditCents } = await customerWithCredit();
    const body = { id: uuidv7(), customerId, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'store_credit', customerId }] };
    const results = await Promise.all(Array.from({ length: 4 }, () => server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie, body })));
    expect(results.map((r) => `${r.statusCode} ${r.statusCode >= 400 ? r.json().error.code : r.json().order.id}`).sort()).toEqual(
      [200, 200, 200, 201].map((s) => `${s} ${body.id}`),
    );
    const payments = await db().selectFrom('payment').select(['amount_cents']).where('order_id', '=', body.id).execute();
    expect(payments.map((p) => Number(p.amount_cents))).toEqual([creditCents]);
  });

  it('the same cart paid with store credit, completed 4 times at once: every answer is its one order, the credit taken once', async () => {
    const { customerId, creditCents } = await customerWithCredit();
    const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie, body: { storeId: fx.storeId, customerId, channel: 'pickup' } })).json();
    expect((await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie, body: { skuId: fx.skuId, quantity: 1 } })).statusCode).toBe(200);
    expect((await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie, body: { pickup: { name: 'Twice', phone: '+15105550100' } } })).statusCode).toBe(200);
    const body = { tenders: [{ kind: 'store_credit', customerId }] };
    const results = await Promise.all(Array.from({ length: 4 }, () => server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie, body })));
    const orders = await db().selectFrom('sales_order').select('id').where('cart_id', '=', cart.id).execute();
    expect(orders).toHaveLength(1);
    expect(results.map((r) => `${r.statusCode} ${r.statusCode >= 400 ? r.json().error.code : r.json().order.id}`).sort()).toEqual(
      [200, 200, 200, 201].map((s) => `${s} ${orders[0].id}`),
    );
    const payments = await db().selectFrom('payment').select(['amount_cents']).where('order_id', '=', orders[0].id).execute();
    expect(payments.map((p) => Number(p.amount_cents))).toEqual([creditCents]);
  });
});
