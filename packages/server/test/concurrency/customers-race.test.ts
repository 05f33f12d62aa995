// PostgreSQL only: a customer's record changes while sales to that customer are in flight. The
// sale's limit re-check runs under the customer's lock inside its transaction; a change to who
// the customer is (card expired, no longer a patient) must be serialised against it, so that no
// sale commits after the change answered on the customer as they were before it.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

type Outcome = { kind: 'pos' | 'cart'; status: number; code?: string };

describe('customer changes racing sales (PostgreSQL)', () => {
  let server: TestServer;
  let cookie: string;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    cookie = await server.login('manager');
  });
  afterAll(() => server.close());

  /** A California patient with a valid registry card (medical limits, no sales tax). */
  const patient = async (card: string) => {
    const [id] = await customers(db(), server.organizationId, 1);
    const put = await server.request({ method: 'PUT', url: `/v1/customers/${id}/medical`, cookie, body: { cardNumber: card, cardJurisdiction: 'US-CA', cardExpiresOn: '2035-12-31' } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().kind).toBe('medical');
    return id;
  };

  const posSale = async (fx: CheckoutFixture, customerId: string, quantity: number): Promise<Outcome> => {
    const r = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie,
      body: { id: uuidv7(), customerId, lines: [{ skuId: fx.skuId, quantity }], tenders: [{ kind: 'cash', tenderedCents: 10_000_000 }] },
    });
    return { kind: 'pos', status: r.statusCode, code: r.statusCode >= 400 ? r.json().error?.code : undefined };
  };

  /** Carts held before the race (add-to-cart runs the checks on the customer as they are now). */
  const heldCarts = async (fx: CheckoutFixture, customerId: string, quantity: number, count: number) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const cart = await server.request({ method: 'POST', url: '/v1/carts', cookie, body: { storeId: fx.storeId, customerId, channel: 'pickup' } });
      expect(cart.statusCode, cart.body).toBe(201);
      const added = await server.request({ method: 'POST', url: `/v1/carts/${cart.json().id}/lines`, cookie, body: { skuId: fx.skuId, quantity } });
      expect(added.statusCode, added.body).toBe(200);
      await server.request({ method: 'PUT', url: `/v1/carts/${cart.json().id}/fulfillment`, cookie, body: { pickup: { name: 'Patient', phone: '+15105550100' } } });
      ids.push(cart.json().id);
    }
    return ids;
  };

  const completeCart = async (cartId: string): Promise<Outcome> => {
    const r = await server.request({ method: 'POST', url: `/v1/carts/${cartId}/complete`, cookie, body: { tenders: [{ kind: 'simulator' }] } });
    return { kind: 'cart', status: r.statusCode, code: r.statusCode >= 400 ? r.json().error?.code : undefined };
  };

  const committedOrders = async (customerId: string) =>
    (await sql<{ id: string }>`select id from sales_order where customer_id = ${customerId} order by id`.execute(db())).rows.map((r) => r.id);

  /**
   * 10 POS sales and 10 cart completions for one customer; when the first answers, `change` goes
   * out while the rest are queued on the customer's lock. Returns the outcomes, the change's
   * answer, and the orders that had committed when it answered.
   */
  const race = async (fx: CheckoutFixture, customerId: string, quantity: number, change: () => ReturnType<TestServer['request']>) => {
    const carts = await heldCarts(fx, customerId, quantity, 10);
    const job = (i: number) => (i % 2 === 0 ? posSale(fx, customerId, quantity) : completeCart(carts[(i - 1) / 2]));
    let firstAnswer!: () => void;
    const firstAnswered = new Promise<void>((resolve) => (firstAnswer = resolve));
    const firstHalf = Array.from({ length: 10 }, (_, i) => job(i).finally(() => firstAnswer()));
    const { changed, jobs } = await firstAnswered.then(() => ({
      changed: change().then(async (response) => ({ response, ordersAtAnswer: await committedOrders(customerId) })),
      jobs: Array.from({ length: 10 }, (_, i) => job(10 + i)),
    }));
    const [outcomes, { response, ordersAtAnswer }] = await Promise.all([Promise.all([...firstHalf, ...jobs]), changed]);
    return { outcomes, response, ordersAtAnswer };
  };

  /** Refusals are the documented ones, never a 500 or a deadlock. */
  const expectStableRefusals = (outcomes: Outcome[], allowed: string[]) => {
    for (const o of outcomes) if (o.status !== 201) expect(allowed, JSON.stringify(o)).toContain(`${o.status} ${o.code}`);
  };

  it('a card renewed as expired while 20 medical sales race it: no sale commits on the old card after the change answers', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 100, code: 'HH-GDP-35' });
    const customerId = await patient('MMIC-RACE-0001');
    const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

    const { outcomes, response, ordersAtAnswer } = await race(fx, customerId, 1, () =>
      server.request({ method: 'PUT', url: `/v1/customers/${customerId}/medical`, cookie, body: { cardNumber: 'MMIC-RACE-0001', cardJurisdiction: 'US-CA', cardExpiresOn: yesterday } }),
    );
    expect(response.statusCode, response.body).toBe(200);
    const ordersAfter = await committedOrders(customerId);
    expect(ordersAfter.filter((id) => !ordersAtAnswer.includes(id)), 'orders committed after the card expired').toEqual([]);

    expectStableRefusals(outcomes, ['422 COMPLIANCE_BLOCKED']);
    const created = outcomes.filter((o) => o.status === 201).length;
    expect(created, 'the race really happened').toBeGreaterThan(0);
    expect(created).toBeLessThan(20);
    expect(ordersAfter).toHaveLength(created);
    // Every refusal after the change names the card, and stock and usage match the orders exactly.
    const usage = await sql<{ units: number }>`select coalesce(sum(quantity), 0)::int as units from purchase_usage_line where customer_id = ${customerId}`.execute(db());
    expect(usage.rows[0].units).toBe(created);
    expect(await ledgerMatches(db(), fx.packageId)).toMatchObject({ onHand: 100 - created, ledgerOnHand: 100 - created });
    const late = await posSale(fx, customerId, 1);
    expect(late).toMatchObject({ status: 422, code: 'COMPLIANCE_BLOCKED' });
  });

  it('a patient turned adult-use while 20 sales over the adult-use limit race it: none commits after the change answers', async () => {
    // 9 × 3.5 g = 31.5 g a sale: within California's medical 8 oz a day (7 such sales fit), over
    // the 28.5 g adult-use limit on its own. After the change every one of them must be refused.
    const fx = await stockedSku(db(), server.organizationId, { quantity: 200, code: 'HH-BD-35' });
    const customerId = await patient('MMIC-RACE-0002');

    const { outcomes, response, ordersAtAnswer } = await race(fx, customerId, 9, () =>
      server.request({ method: 'PATCH', url: `/v1/customers/${customerId}`, cookie, body: { kind: 'adult_use' } }),
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().kind).toBe('adult_use');
    const ordersAfter = await committedOrders(customerId);
    expect(ordersAfter.filter((id) => !ordersAtAnswer.includes(id)), 'orders committed after the customer became adult-use').toEqual([]);

    expectStableRefusals(outcomes, ['422 COMPLIANCE_BLOCKED']);
    const created = outcomes.filter((o) => o.status === 201).length;
    expect(created, 'the race really happened').toBeGreaterThan(0);
    expect(created).toBeLessThanOrEqual(7);
    expect(ordersAfter).toHaveLength(created);
    // Every order was sold and counted as medical, under the medical limit, exactly once.
    const kinds = await sql<{ kind: string; n: number }>`select customer->>'kind' as kind, count(*)::int as n from sales_order where customer_id = ${customerId} group by 1`.execute(db());
    expect(kinds.rows).toEqual([{ kind: 'medical', n: created }]);
    const usage = await sql<{ grams: number; orders: number }>`
      select coalesce(sum(quantity * net_weight_mg), 0)::float / 1000 as grams, count(distinct order_id)::int as orders
        from purchase_usage_line where customer_id = ${customerId}`.execute(db());
    expect(usage.rows[0]).toEqual({ grams: 31.5 * created, orders: created });
    expect(await ledgerMatches(db(), fx.packageId)).toMatchObject({ onHand: 200 - 9 * created, ledgerOnHand: 200 - 9 * created });
    expect(await posSale(fx, customerId, 9)).toMatchObject({ status: 422, code: 'COMPLIANCE_BLOCKED' });
  });
});
