// When a delivery is to arrive decides the same-day rules (Oregon: an order for delivery today
// must be received before 8 pm). The time is judged from the cart's first line to its completion,
// a time already past is judged as now (it escaped the cut-off), and a time in the past or more
// than 30 days ahead is refused when it is set. The Oregon store's clock is put past 8 pm by
// giving it a fixed-offset zone where it is 20:xx or 21:xx now.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { newLabel, receivePackages } from '../support/inventory-fixtures';
import { openAroundTheClock } from '../support/open-hours';
import { startTestServer, type TestServer } from '../support/test-server';

/** A fixed-offset zone (Etc/GMT-N is UTC+N) where the local hour is now 20, or 21 near the end of an hour. */
function eveningZone(now = new Date()): { timezone: string; offsetHours: number } {
  const want = now.getUTCMinutes() < 50 ? 20 : 21;
  for (let offset = -12; offset <= 14; offset++) {
    if ((now.getUTCHours() + offset + 24) % 24 === want) return { timezone: offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`, offsetHours: offset };
  }
  throw new Error('no zone');
}

describe('delivery times and same-day cut-offs', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  let fx: CheckoutFixture;
  let portland: string;
  let buyers: string[];
  let offsetHours: number;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 5 });
    const zone = eveningZone();
    offsetHours = zone.offsetHours;
    const opened = await server.request({ method: 'POST', url: '/v1/stores', cookie: owner, body: { name: 'Portland evening', licenseNumber: `OR-${uuidv7().slice(-8)}`, jurisdiction: 'US-OR', timezone: zone.timezone } });
    expect(opened.statusCode, opened.body).toBe(201);
    portland = opened.json().id;
    await openAroundTheClock(server.platform, [portland]);
    expect((await server.request({ method: 'PUT', url: `/v1/catalog/skus/${fx.skuId}/prices/${portland}`, cookie: owner, body: { priceCents: 3000 } })).statusCode).toBe(200);
    await receivePackages(server, owner, portland, [{ label: newLabel(), skuId: fx.skuId, quantity: 10 }]);
    buyers = await customers(server.platform.database.db, server.organizationId, 3);
  });
  afterAll(() => server?.close());

  const call = (method: string, url: string, body?: unknown) => server.request({ method, url, cookie: manager, ...(body !== undefined ? { body } : {}) });
  /** Noon tomorrow at the store, as an instant. */
  const tomorrowNoon = () => {
    const local = new Date(Date.now() + offsetHours * 3_600_000 + 86_400_000);
    return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 12 - offsetHours)).toISOString();
  };
  const delivery = (deliverAt?: string) => ({
    delivery: { name: 'Pat', phone: '+15035550100', address: { line1: '1 Elm St', city: 'Portland', region: 'OR', postalCode: '97201' }, addressType: 'residence', ...(deliverAt ? { deliverAt } : {}) },
  });
  async function deliveryCart(customerId: string) {
    const cart = await call('POST', '/v1/carts', { storeId: portland, customerId, channel: 'delivery' });
    expect(cart.statusCode, cart.body).toBe(201);
    return cart.json().id as string;
  }

  it('after 8 pm an order for tomorrow is filled and placed; one for today is refused at its first line', async () => {
    const today = await deliveryCart(buyers[0]);
    expect((await call('PUT', `/v1/carts/${today}/fulfillment`, delivery())).statusCode).toBe(200);
    const refused = await call('POST', `/v1/carts/${today}/lines`, { skuId: fx.skuId, quantity: 1 });
    expect(refused.statusCode).toBe(422);
    expect(JSON.stringify(refused.json())).toContain('us-or.delivery.residence');

    const tomorrow = await deliveryCart(buyers[1]);
    expect((await call('PUT', `/v1/carts/${tomorrow}/fulfillment`, delivery(tomorrowNoon()))).statusCode).toBe(200);
    const added = await call('POST', `/v1/carts/${tomorrow}/lines`, { skuId: fx.skuId, quantity: 1 });
    expect(added.statusCode, added.body).toBe(200);
    const placed = await call('POST', `/v1/carts/${tomorrow}/complete`, { tenders: [{ kind: 'simulator' }] });
    expect(placed.statusCode, placed.body).toBe(201);
  });

  it('a time already past when the order completes is judged as now: the same-day cut-off holds', async () => {
    const cart = await deliveryCart(buyers[2]);
    expect((await call('PUT', `/v1/carts/${cart}/fulfillment`, delivery(tomorrowNoon()))).statusCode).toBe(200);
    expect((await call('POST', `/v1/carts/${cart}/lines`, { skuId: fx.skuId, quantity: 1 })).statusCode).toBe(200);
    // As if it had been set yesterday for a time that has gone by since.
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const row = await server.platform.database.db.selectFrom('sales_cart').select('fulfillment').where('id', '=', cart).executeTakeFirstOrThrow();
    const fulfillment = { ...(typeof row.fulfillment === 'string' ? JSON.parse(row.fulfillment) : row.fulfillment), deliverAt: past };
    await server.platform.database.db.updateTable('sales_cart').set({ fulfillment: JSON.stringify(fulfillment) }).where('id', '=', cart).execute();
    const completed = await call('POST', `/v1/carts/${cart}/complete`, { tenders: [{ kind: 'simulator' }] });
    expect(completed.statusCode, completed.body).toBe(422);
    expect(JSON.stringify(completed.json())).toContain('us-or.delivery.residence');
  });

  it('a delivery or pickup time in the past or more than 30 days ahead is refused at its field; the cart is unchanged', async () => {
    const cart = await deliveryCart(buyers[0]);
    const before = (await call('GET', `/v1/carts/${cart}`)).json().fulfillment;
    for (const when of [new Date(Date.now() - 86_400_000).toISOString(), '0001-01-01T00:00:00Z', new Date(Date.now() + 31 * 86_400_000).toISOString(), '9999-12-31T23:59:59-14:00']) {
      const answer = await call('PUT', `/v1/carts/${cart}/fulfillment`, delivery(when));
      expect(answer.statusCode, when).toBe(400);
      expect(answer.json().error.details.map((d: { path: unknown }) => d.path)).toContainEqual(['body', 'delivery', 'deliverAt']);
    }
    const pickup = await call('POST', '/v1/carts', { storeId: fx.storeId, customerId: buyers[1], channel: 'pickup' });
    const yesterday = await call('PUT', `/v1/carts/${pickup.json().id}/fulfillment`, { pickup: { name: 'Pat', phone: '+15105550100', pickupAt: new Date(Date.now() - 86_400_000).toISOString() } });
    expect(yesterday.statusCode).toBe(400);
    expect((await call('GET', `/v1/carts/${cart}`)).json().fulfillment).toEqual(before);
  });
});
