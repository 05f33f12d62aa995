// PostgreSQL only: one customer's order cancelled while another of their carts completes, with a
// loyalty program on. A completion takes the customer's limit lock, then their points account,
// then the stock; the cancellation takes the limit lock before it puts stock back and takes the
// points back, so the two are judged one after the other instead of deadlocking (a 500).
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { waitUntilBlocked } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

describe('an order cancelled while the same customer completes another (PostgreSQL)', () => {
  let server: TestServer;
  let manager: string;
  let fx: CheckoutFixture;
  let buyer: string;
  const outcome = (r: LightMyRequestResponse) => (r.statusCode < 300 ? String(r.statusCode) : `${r.statusCode} ${r.json().error?.code}`);
  const send = (method: string, url: string, body?: unknown) => server.request({ method, url, cookie: manager, body });

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 50 });
    [buyer] = await customers(server.platform.database.db, server.organizationId, 1);
    const program = await send('PUT', '/v1/loyalty/program', {
      program: { earn: { pointsPerDollar: 1 }, tiers: [{ id: 'green', name: 'Green', minLifetimePoints: 0, multiplier: 1 }], redemption: { pointsPerBlock: 100, centsPerBlock: 500, minPoints: 100, maxPercentOfOrder: 50 } },
    });
    expect(program.statusCode, program.body).toBe(200);
  });
  afterAll(() => server?.close());

  async function readyCart() {
    const made = await send('POST', '/v1/carts', { storeId: fx.storeId, customerId: buyer, channel: 'pickup' });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    expect((await send('PUT', `/v1/carts/${id}/lines`, { lines: [{ skuId: fx.skuId, quantity: 1 }] })).statusCode).toBe(200);
    expect((await send('PUT', `/v1/carts/${id}/fulfillment`, { pickup: { name: 'Pat', phone: '+15105550100' } })).statusCode).toBe(200);
    return id;
  }
  const complete = (cartId: string) => send('POST', `/v1/carts/${cartId}/complete`, { tenders: [{ kind: 'simulator' }] });

  it('both go through, one after the other', async () => {
    for (let round = 0; round < 3; round++) {
      const placed = await complete(await readyCart());
      expect(placed.statusCode, placed.body).toBe(201);
      const orderId = placed.json().order.id as string;
      const next = await readyCart();

      const holder = new pg.Client({ connectionString: server.testDb.url! });
      await holder.connect();
      try {
        // Hold the points account so the completion waits there, holding the customer's limit lock.
        await holder.query('begin');
        await holder.query('select 1 from loyalty_account where customer_id = $1 for update', [buyer]);
        const completing = complete(next);
        await waitUntilBlocked(holder, 1);
        const cancelling = send('POST', `/v1/orders/${orderId}/transitions`, { to: 'cancelled', reason: 'changed their mind' });
        await waitUntilBlocked(holder, 2);
        await holder.query('commit');
        expect((await Promise.all([completing, cancelling])).map(outcome)).toEqual(['201', '200']);
      } finally {
        await holder.end();
      }
    }
  });
});
