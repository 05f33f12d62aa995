import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const PASSWORD = 'a-long-shopper-password';
let seq = 0;

describe('zz review: bad input on the shop', () => {
  let server: TestServer;
  let fx: CheckoutFixture;
  beforeAll(async () => {
    server = await startTestServer();
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
  });
  afterAll(() => server?.close());
  const cookieOf = (response: { headers: Record<string, unknown> }) => String((response.headers['set-cookie'] as string[] | string)).split(';')[0];
  async function signUp(birthDate = '1990-04-02') {
    const email = `zz${++seq}-${Date.now()}@example.test`;
    const r = await server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers`, body: { email, password: PASSWORD, firstName: 'Sam', lastName: 'Shopper', birthDate } });
    return r;
  }

  it('sign-up with birthDate 0000-01-01 is a 400, not a 500', async () => {
    const r = await signUp('0000-01-01');
    console.log('year0', r.statusCode, r.body);
    expect(r.statusCode).toBe(400);
  });

  it('sign-up with a future birth date', async () => {
    const r = await signUp('2999-01-01');
    console.log('future', r.statusCode, r.body.slice(0, 200));
  });

  it('search with a long astral word', async () => {
    const q = '𠀀'.repeat(25);
    const r = await server.request({ method: 'GET', url: `/v1/public/stores/${fx.storeId}/products?q=${encodeURIComponent(q)}` });
    console.log('astral', r.statusCode, r.body.slice(0, 200));
    expect(r.statusCode).toBe(200);
  });

  it('delivery cart with deliverAt year 0000 then complete', async () => {
    const s = await signUp();
    const cookie = cookieOf(s);
    const cart = await server.request({ method: 'POST', url: '/v1/shop/carts', cookie, body: { storeId: fx.storeId, channel: 'delivery' } });
    const id = cart.json().id;
    const lines = await server.request({ method: 'PUT', url: `/v1/shop/carts/${id}/lines`, cookie, body: { lines: [{ skuId: fx.skuId, quantity: 1 }] } });
    console.log('lines', lines.statusCode);
    const f = await server.request({ method: 'PUT', url: `/v1/shop/carts/${id}/fulfillment`, cookie, body: { delivery: { name: 'A', phone: '+15105550100', address: { line1: '1 Main', city: 'Oakland', region: 'CA', postalCode: '94607' }, deliverAt: '0000-01-01T00:00:00Z' } } });
    console.log('fulfil', f.statusCode, f.body.slice(0, 300));
    const c = await server.request({ method: 'POST', url: `/v1/shop/carts/${id}/complete`, cookie, body: {} });
    console.log('complete', c.statusCode, c.body.slice(0, 400));
    expect(c.statusCode).toBeLessThan(500);
  });

  it('duplicate sku lines', async () => {
    const s = await signUp();
    const cookie = cookieOf(s);
    const cart = await server.request({ method: 'POST', url: '/v1/shop/carts', cookie, body: { storeId: fx.storeId, channel: 'pickup' } });
    const id = cart.json().id;
    const lines = await server.request({ method: 'PUT', url: `/v1/shop/carts/${id}/lines`, cookie, body: { lines: [{ skuId: fx.skuId, quantity: 1 }, { skuId: fx.skuId, quantity: 2 }] } });
    console.log('dup lines', lines.statusCode, lines.body.slice(0, 300));
    await server.request({ method: 'PUT', url: `/v1/shop/carts/${id}/fulfillment`, cookie, body: { pickup: { name: 'A', phone: '+15105550100' } } });
    const c = await server.request({ method: 'POST', url: `/v1/shop/carts/${id}/complete`, cookie, body: {} });
    console.log('dup complete', c.statusCode, c.body.slice(0, 400));
    expect(c.statusCode).toBeLessThan(500);
  });

  it('stream with odd last-event-id', async () => {
    const r = await server.request({ method: 'GET', url: `/v1/public/stores/${fx.storeId}/availability?skuIds=${fx.skuId}` });
    console.log('avail', r.statusCode, r.body.slice(0, 300));
  });
});
