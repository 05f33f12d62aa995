import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const PASSWORD = 'a-long-shopper-password';

/** An Etc/GMT zone where it is `hour`:xx now. */
function zoneAt(hour: number): { zone: string; offset: number } {
  let offset = hour - new Date().getUTCHours();
  if (offset < -12) offset += 24;
  if (offset > 14) offset -= 24;
  return { zone: offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`, offset };
}
/** Noon, store time, `days` from today (store time). */
function noon(offset: number, days: number): string {
  const local = new Date(Date.now() + offset * 3_600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days, 12 - offset, 0, 0)).toISOString();
}

describe('zz review: Oregon same-day cut-off and the delivery time', () => {
  let server: TestServer;
  let fx: CheckoutFixture;
  let owner: string;
  let cookie: string;
  beforeAll(async () => {
    server = await startTestServer();
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
    owner = await server.login('owner');
    const email = `or-${Date.now()}@example.test`;
    const up = await server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers`, body: { email, password: PASSWORD, firstName: 'O', lastName: 'R', birthDate: '1990-01-01' } });
    cookie = String(up.headers['set-cookie']).split(';')[0];
  });
  afterAll(() => server?.close());

  const moveStore = async (zone: string) => {
    const moved = await server.request({ method: 'PATCH', url: `/v1/stores/${fx.storeId}`, cookie: owner, body: { jurisdiction: 'US-OR', timezone: zone } });
    expect(moved.statusCode, moved.body).toBe(200);
    await new Promise((r) => setTimeout(r, 5200)); // past the store cache
  };
  const delivery = (deliverAt?: string) => ({ delivery: { name: 'O R', phone: '+15035550100', address: { line1: '1 Main St', city: 'Portland', region: 'OR', postalCode: '97201' }, addressType: 'residence', ...(deliverAt ? { deliverAt } : {}) } });
  const newCart = async () => (await server.request({ method: 'POST', url: '/v1/shop/carts', cookie, body: { storeId: fx.storeId, channel: 'delivery' } })).json().id as string;

  it('after 8 pm a shopper can still fill a cart for delivery tomorrow', async () => {
    const { zone, offset } = zoneAt(20);
    await moveStore(zone);
    const id = await newCart();
    expect((await server.request({ method: 'PUT', url: `/v1/shop/carts/${id}/fulfillment`, cookie, body: delivery(noon(offset, 1)) })).statusCode).toBe(200);
    const lines = await server.request({ method: 'PUT', url: `/v1/shop/carts/${id}/lines`, cookie, body: { lines: [{ skuId: fx.skuId, quantity: 1 }] } });
    console.log('tomorrow lines', lines.statusCode, lines.body.slice(0, 200));
    expect(lines.statusCode).toBe(200);
  });

  it('a delivery time in the past does not get an order past the same-day cut-off', async () => {
    const before = zoneAt(19);
    await moveStore(before.zone);
    const control = await newCart();
    const past = await newCart();
    for (const id of [control, past]) {
      const lines = await server.request({ method: 'PUT', url: `/v1/shop/carts/${id}/lines`, cookie, body: { lines: [{ skuId: fx.skuId, quantity: 1 }] } });
      expect(lines.statusCode, lines.body).toBe(200);
    }
    expect((await server.request({ method: 'PUT', url: `/v1/shop/carts/${control}/fulfillment`, cookie, body: delivery() })).statusCode).toBe(200);
    expect((await server.request({ method: 'PUT', url: `/v1/shop/carts/${past}/fulfillment`, cookie, body: delivery(noon(before.offset, -1)) })).statusCode).toBe(200);
    // The clock passes 8 pm at the store.
    await moveStore(zoneAt(20).zone);
    const sameDay = await server.request({ method: 'POST', url: `/v1/shop/carts/${control}/complete`, cookie, body: {} });
    console.log('control', sameDay.statusCode, sameDay.body.slice(0, 160));
    expect(sameDay.statusCode).toBe(422);
    const yesterday = await server.request({ method: 'POST', url: `/v1/shop/carts/${past}/complete`, cookie, body: {} });
    console.log('past', yesterday.statusCode, yesterday.body.slice(0, 300));
    expect(yesterday.statusCode).toBe(422);
  });
});
