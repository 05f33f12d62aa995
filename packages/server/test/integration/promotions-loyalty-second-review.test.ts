// Regression tests from a second review of promotions, coupons and loyalty: each case failed on the
// code of the day. The demo program: 1 point per dollar (accessories excluded), 100 points = $5
// off, at most half an order, at least 100 points at a time.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { openAroundTheClock } from '../support/open-hours';
import { startTestServer, type TestServer } from '../support/test-server';
import { stockedStore } from './customers.fixtures';

describe('promotions and loyalty, second review', () => {
  let server: TestServer;
  let manager: string;
  let fx: CheckoutFixture;
  let buyers: string[];

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 40 });
    buyers = await customers(server.platform.database.db, server.organizationId, 3);
  });
  afterAll(() => server?.close());

  const post = (url: string, body: unknown, cookie = manager) => server.request({ method: 'POST', url, cookie, body });
  const archive = (id: string) => server.request({ method: 'DELETE', url: `/v1/promotions/${id}`, cookie: manager });
  const walkIn = { customer: { kind: 'adult_use', birthDate: '1980-01-01' } };
  const posSale = (who: { customerId: string } | typeof walkIn, quantity: number, extra: Record<string, unknown> = {}) =>
    post(`/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), ...who, lines: [{ skuId: fx.skuId, quantity }], tenders: [{ kind: 'simulator' }], ...extra });

  describe('the preview and the customer', () => {
    it('staff who may not read customers cannot learn a customer’s facts through the preview (403 at body.customerId)', async () => {
      const created = await post('/v1/promotions', { storeId: fx.storeId, name: 'First visit $2', conditions: [{ type: 'first_purchase' }], action: { type: 'fixed_off_order', amountCents: 200 } });
      expect(created.statusCode, created.body).toBe(201);
      try {
        const inventory = await server.login('inventory');
        const r = await post(`/v1/stores/${fx.storeId}/promotions/preview`, { customerId: buyers[0], lines: [{ skuId: fx.skuId, quantity: 1 }] }, inventory);
        expect(r.statusCode, r.body).toBe(403);
        expect(r.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'customers:read', path: ['body', 'customerId'] } });
        // Without a customer the preview is theirs, as before.
        expect((await post(`/v1/stores/${fx.storeId}/promotions/preview`, { lines: [{ skuId: fx.skuId, quantity: 1 }] }, inventory)).statusCode).toBe(200);
      } finally {
        await archive(created.json().id);
      }
    });
  });

  describe('the preview refuses at a path', () => {
    it('a basket of more units than the engine takes is 400 CART_TOO_LARGE at body.lines', async () => {
      const lines = Array.from({ length: 6 }, () => ({ skuId: fx.skuId, quantity: 10_000 }));
      const r = await post(`/v1/stores/${fx.storeId}/promotions/preview`, { lines });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'CART_TOO_LARGE', details: { path: ['body', 'lines'] } });
      // A register quote names its lines too, not its coupon codes.
      const quote = await post(`/v1/stores/${fx.storeId}/pos-quotes`, { customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: Array.from({ length: 51 }, () => ({ skuId: fx.skuId, quantity: 1_000 })) });
      expect(quote.json().error, quote.body).toMatchObject({ code: 'CART_TOO_LARGE', details: { path: ['body', 'lines'] } });
    });
  });

  describe('dates', () => {
    it('a start on a day the calendar does not have (30 February, year 0) is 400 at its path, not a 500', async () => {
      for (const [field, value] of [['startsAt', '2025-02-30T00:00:00Z'], ['endsAt', '0000-01-01T00:00:00Z']] as const) {
        const r = await post('/v1/promotions', { storeId: fx.storeId, name: 'Bad date', [field]: value, action: { type: 'fixed_off_order', amountCents: 100 } });
        expect(r.statusCode, r.body).toBe(400);
        expect(r.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: ['body', field] }] });
      }
    });
  });

  describe('a jurisdiction that forbids mixed bundles', () => {
    it('Michigan: a bundle saved before the organization had a Michigan store does not mix cannabis with a battery there', async () => {
      // Saved while every store of the organization may bundle anything: taken.
      const created = await post('/v1/promotions', { name: 'Any two for $50', action: { type: 'bundle_price', filter: {}, quantity: 2, priceCents: 5000 } });
      expect(created.statusCode, created.body).toBe(201);
      try {
        const detroit = await stockedStore(server, manager, { jurisdiction: 'US-MI', timezone: 'America/Detroit', name: 'Second Review Detroit', quantity: 5 });
        await openAroundTheClock(server.platform, [detroit.storeId]);
        await sql`insert into sku_price (organization_id, store_id, sku_id, price_cents)
                  select organization_id, ${detroit.storeId}, id, 2000 from sku where organization_id = ${server.organizationId} and code = 'VS-BATT-510'`.execute(server.platform.database.db);
        const battery = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 2, code: 'VS-BATT-510', storeName: 'Second Review Detroit' });
        const lines = [
          { skuId: detroit.skuId, quantity: 1 },
          { skuId: battery.skuId, quantity: 1 },
        ];
        const preview = await post(`/v1/stores/${detroit.storeId}/promotions/preview`, { lines });
        expect(preview.statusCode, preview.body).toBe(200);
        expect(preview.json().rejected).toContainEqual(expect.objectContaining({ promotionId: created.json().id, reason: 'COMPLIANCE_GUARD' }));
        expect(preview.json().guard.rules.map((r: { id: string }) => r.id)).toContain('us-mi.bundle.no-mixed');
        const sale = await post(`/v1/stores/${detroit.storeId}/pos-sales`, { id: uuidv7(), ...walkIn, lines, tenders: [{ kind: 'simulator' }] });
        expect(sale.statusCode, sale.body).toBe(201);
        expect(sale.json().order.lines.map((l: { discountCents: number }) => l.discountCents)).toEqual([0, 0]);
        // Two eighths are a bundle of cannabis only: allowed there.
        const eighths = await post(`/v1/stores/${detroit.storeId}/promotions/preview`, { lines: [{ skuId: detroit.skuId, quantity: 2 }] });
        expect(eighths.json().totals.discountCents).toBe(4000);
      } finally {
        await archive(created.json().id);
      }
    });
  });

  describe('automatic promotions with usage limits', () => {
    it('an automatic deal that has used up its uses stops applying; the sale goes through at full price', async () => {
      const created = await post('/v1/promotions', { storeId: fx.storeId, name: 'First shopper $1', maxUses: 1, action: { type: 'fixed_off_order', amountCents: 100 } });
      expect(created.statusCode, created.body).toBe(201);
      try {
        const first = await posSale(walkIn, 1);
        expect(first.statusCode, first.body).toBe(201);
        expect(first.json().order.discountCents).toBe(100);
        const second = await posSale(walkIn, 1);
        expect(second.statusCode, second.body).toBe(201);
        expect(second.json().order.discountCents).toBe(0);
      } finally {
        await archive(created.json().id);
      }
    });

    it('a limit per customer needs a coupon code: an automatic one refused every walk-in it matched (422)', async () => {
      const automatic = { storeId: fx.storeId, name: 'Twice each $1', maxUsesPerCustomer: 2, action: { type: 'fixed_off_order', amountCents: 100 } };
      const refused = await post('/v1/promotions', automatic);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: ['body', 'maxUsesPerCustomer'] }] });
      // A walk-in buys as before: nothing was saved that could refuse the sale.
      const sale = await posSale(walkIn, 1);
      expect(sale.statusCode, sale.body).toBe(201);
      expect(sale.json().order.discountCents).toBe(0);
      // With a code it is a coupon, and the limit holds; taking the codes off again is refused too.
      const coupon = await post('/v1/promotions', { ...automatic, codes: ['TWICEEACH'] });
      expect(coupon.statusCode, coupon.body).toBe(201);
      try {
        const replaced = await server.request({ method: 'PUT', url: `/v1/promotions/${coupon.json().id}`, cookie: manager, body: { ...automatic, codes: [] } });
        expect(replaced.statusCode, replaced.body).toBe(400);
        expect(replaced.json().error.details).toEqual([expect.objectContaining({ path: ['body', 'maxUsesPerCustomer'] })]);
      } finally {
        await archive(coupon.json().id);
      }
    });
  });
});
