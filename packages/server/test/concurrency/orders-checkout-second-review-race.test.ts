// PostgreSQL only, second review of orders and checkout: a void and a return of the same sale sent
// at once (two registers), and a shopper's two tabs starting a cart at once. The void read the sale
// before the return committed and then failed on units no longer there (422 naming body.lines, a
// field a void does not have); now the one that comes second is a clear 409 and writes nothing.
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { waitUntilBlocked } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

describe('orders and checkout second review races (PostgreSQL)', () => {
  let server: TestServer;
  let manager: string;
  let owner: string;
  let fx: CheckoutFixture;
  let buyer: string;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    [manager, owner] = await Promise.all([server.login('manager'), server.login('owner')]);
    fx = await stockedSku(db(), server.organizationId, { quantity: 60 });
    [buyer] = await customers(db(), server.organizationId, 1);
  });
  afterAll(() => server?.close());

  const post = (url: string, body: unknown, cookie = manager) => server.request({ method: 'POST', url, cookie, body });

  async function sale(quantity = 2) {
    const sold = await post(`/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customerId: buyer, lines: [{ skuId: fx.skuId, quantity }], tenders: [{ kind: 'simulator' }] });
    expect(sold.statusCode, sold.body).toBe(201);
    return sold.json().order as { id: string; totalCents: number };
  }
  const returnsOf = (orderId: string) => db().selectFrom('sales_return').select(['kind', 'refund_cents']).where('order_id', '=', orderId).orderBy('created_at').execute();
  const orderOf = (orderId: string) => db().selectFrom('sales_order').select(['status', 'refunded_cents']).where('id', '=', orderId).executeTakeFirstOrThrow();

  /** Holds the order's row while `first` and then `second` queue behind it, then lets them go in that order. */
  async function inTurn<A, B>(orderId: string, first: () => Promise<A>, second: () => Promise<B>): Promise<[A, B]> {
    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from sales_order where id = $1 for update', [orderId]);
      const a = first();
      await waitUntilBlocked(holder, 1);
      const b = second();
      await waitUntilBlocked(holder, 2);
      await holder.query('commit');
      return [await a, await b];
    } finally {
      await holder.end();
    }
  }

  it('a return that commits while a void of the same sale waits: the void is 409 ORDER_CHANGED at params.id and writes nothing', async () => {
    const order = await sale(2);
    const [returned, voided] = await inTurn(
      order.id,
      () => post(`/v1/orders/${order.id}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'one back' }),
      () => post(`/v1/orders/${order.id}/void`, { reason: 'rang up wrong' }, owner),
    );
    expect(returned.statusCode, returned.body).toBe(201);
    expect(voided.statusCode, voided.body).toBe(409);
    expect(voided.json().error).toMatchObject({ code: 'ORDER_CHANGED', details: { path: ['params', 'id'] } });
    expect((await returnsOf(order.id)).map((r) => r.kind)).toEqual(['return']);
    expect(await orderOf(order.id)).toMatchObject({ status: 'completed' });
    expect(Number((await orderOf(order.id)).refunded_cents)).toBe(returned.json().refundCents);
    // Looked at again, what is left is voided.
    const again = await post(`/v1/orders/${order.id}/void`, { reason: 'rang up wrong' }, owner);
    expect(again.statusCode, again.body).toBe(201);
    expect(Number((await orderOf(order.id)).refunded_cents)).toBe(order.totalCents);
  });

  it('a void that commits while a return of the same sale waits: the return is 409 INVALID_TRANSITION and writes nothing', async () => {
    const order = await sale(2);
    const [voided, returned] = await inTurn(
      order.id,
      () => post(`/v1/orders/${order.id}/void`, { reason: 'rang up wrong' }, owner),
      () => post(`/v1/orders/${order.id}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'one back' }),
    );
    expect(voided.statusCode, voided.body).toBe(201);
    expect(returned.statusCode, returned.body).toBe(409);
    expect(returned.json().error.code).toBe('INVALID_TRANSITION');
    expect((await returnsOf(order.id)).map((r) => r.kind)).toEqual(['void']);
    expect(await orderOf(order.id)).toMatchObject({ status: 'voided' });
    expect(Number((await orderOf(order.id)).refunded_cents)).toBe(order.totalCents);
  });

  it('a void and a whole return of the same sale sent at once, five times: one of each pair is 201, the other a 409, never more refunded than paid', async () => {
    for (let i = 0; i < 5; i++) {
      const order = await sale(1);
      const answers = await Promise.all([
        post(`/v1/orders/${order.id}/void`, { reason: 'rang up wrong' }, owner),
        post(`/v1/orders/${order.id}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'all back' }),
      ]);
      const codes = answers.map((a) => (a.statusCode === 201 ? '201' : `${a.statusCode} ${a.json().error.code}`)).sort();
      expect(codes.filter((c) => c === '201'), JSON.stringify(codes)).toHaveLength(1);
      expect(codes.filter((c) => c !== '201').every((c) => c.startsWith('409 ')), JSON.stringify(codes)).toBe(true);
      expect(await returnsOf(order.id)).toHaveLength(1);
      expect(Number((await orderOf(order.id)).refunded_cents)).toBe(order.totalCents);
    }
  });

  it('a shopper’s two tabs starting a cart at once get the one cart', async () => {
    const signUp = await server.request({
      method: 'POST',
      url: `/v1/public/stores/${fx.storeId}/shoppers`,
      body: { email: `race-tabs-${Date.now()}@example.test`, password: 'correct horse battery', firstName: 'Race', lastName: 'Tabs', birthDate: '1985-03-03' },
    });
    expect(signUp.statusCode, signUp.body).toBe(201);
    const shopper = String(signUp.headers['set-cookie'] as string[] | string).split(';')[0];
    const started = await Promise.all(Array.from({ length: 4 }, () => post('/v1/shop/carts', { storeId: fx.storeId, channel: 'pickup' }, shopper)));
    expect(started.map((s) => s.statusCode)).toEqual([201, 201, 201, 201]);
    expect(new Set(started.map((s) => s.json().id)).size).toBe(1);
    const open = await db().selectFrom('sales_cart').select('id').where('customer_id', '=', signUp.json().customer.id).where('status', '=', 'open').execute();
    expect(open).toHaveLength(1);
  });
});
