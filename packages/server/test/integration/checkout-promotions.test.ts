// Promotions on every channel: an online cart (view and completion) and a POS sale of the same lines
// are priced by the same engine call with the store's promotions, the codes entered and the
// jurisdiction's guard; coupons are counted in the completion transaction (limits refuse with 409
// and nothing is written), rejected codes are reported, never applied.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyStorePromotions, priceLines } from '../../src/modules/checkout/pricing';
import { getSkusForCheckout, storeContext } from '../../src/modules/orders/ports';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('checkout: promotions identical on every channel', () => {
  let server: TestServer;
  let manager: string;
  let fx: CheckoutFixture;
  let buyers: string[];

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 60 });
    buyers = await customers(server.platform.database.db, server.organizationId, 6);
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const call = (method: 'POST' | 'PUT' | 'DELETE' | 'GET', url: string, body?: unknown) => server.request({ method, url, cookie: manager, ...(body !== undefined ? { body } : {}) });
  const promotion = async (body: Record<string, unknown>) => {
    const r = await call('POST', '/v1/promotions', { storeId: fx.storeId, ...body });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const archive = async (id: string) => expect((await call('DELETE', `/v1/promotions/${id}`)).statusCode).toBeLessThan(300);
  const posSale = (customerId: string | null, quantity: number, couponCodes: string[] = [], id = uuidv7()) =>
    call('POST', `/v1/stores/${fx.storeId}/pos-sales`, {
      id,
      ...(customerId ? { customerId } : { customer: { kind: 'adult_use', birthDate: '1980-01-01' } }),
      lines: [{ skuId: fx.skuId, quantity }],
      tenders: [{ kind: 'simulator' }],
      ...(couponCodes.length ? { couponCodes } : {}),
    });
  async function cart(customerId: string, quantity: number, codes: string[]) {
    const created = await call('POST', '/v1/carts', { storeId: fx.storeId, customerId, channel: 'pickup' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect((await call('POST', `/v1/carts/${id}/lines`, { skuId: fx.skuId, quantity })).statusCode).toBe(200);
    expect((await call('PUT', `/v1/carts/${id}/fulfillment`, { pickup: { name: 'Test Buyer', phone: '+15105550199' } })).statusCode).toBe(200);
    const withCodes = await call('PUT', `/v1/carts/${id}/coupons`, { codes });
    expect(withCodes.statusCode, withCodes.body).toBe(200);
    return withCodes.json();
  }
  const onHand = async () => Number((await db().selectFrom('inventory_stock').select('on_hand').where('package_id', '=', fx.packageId).executeTakeFirstOrThrow()).on_hand);
  const uses = async (id: string) => (await db().selectFrom('promotion').select('uses').where('id', '=', id).executeTakeFirstOrThrow()).uses;

  it('a percent promotion and a coupon price an online cart and a POS sale of the same lines identically', async () => {
    const percent = await promotion({ name: '10% off this SKU', receiptLabel: 'SKU DEAL 10%', action: { type: 'percent_off_items', percent: 10, filter: { skus: [fx.skuCode] } } });
    const coupon = await promotion({ name: '$3 off', receiptLabel: 'SAVE3', codes: ['SAVE3'], action: { type: 'fixed_off_order', amountCents: 300 } });
    try {
      const view = await cart(buyers[0], 2, ['save3']);
      const gross = fx.priceCents * 2;
      const expectedDiscount = Math.round(gross * 0.1) + 300;
      expect(view.totals).toMatchObject({ subtotalCents: gross, discountCents: expectedDiscount });
      expect(view.promotions.applied.map((a: { label: string }) => a.label).sort()).toEqual(['SAVE3', 'SKU DEAL 10%']);
      // (Automatic deals whose conditions fail, e.g. the demo's Gold-tier deal, may be listed; no code is.)
      expect(view.promotions.rejected.filter((r: { code?: string }) => r.code)).toEqual([]);

      const online = await call('POST', `/v1/carts/${view.id}/complete`, { tenders: [{ kind: 'simulator' }] });
      expect(online.statusCode, online.body).toBe(201);
      const onlineOrder = online.json().order;
      expect(online.json().promotions.applied).toHaveLength(2);

      const pos = await posSale(buyers[1], 2, ['SAVE3']);
      expect(pos.statusCode, pos.body).toBe(201);
      const posOrder = pos.json().order;

      for (const order of [onlineOrder, posOrder]) {
        expect(order.subtotalCents).toBe(gross);
        expect(order.discountCents).toBe(expectedDiscount);
        expect(order.lines[0].discountCents).toBe(expectedDiscount);
        expect(order.couponCodes.map((c: string) => c.toUpperCase())).toEqual(['SAVE3']);
      }
      // Same lines, same discounts, same tax bases → same money.
      expect({ tax: posOrder.taxCents, total: posOrder.totalCents }).toEqual({ tax: onlineOrder.taxCents, total: onlineOrder.totalCents });
      expect(onlineOrder.totalCents).toBe(view.totals.totalCents);
      expect(await uses(coupon)).toBe(2);

      // The receipt states each promotion with its label (and the code).
      const receipt = await call('GET', `/v1/orders/${posOrder.id}/receipt?format=html`);
      expect(receipt.statusCode).toBe(200);
      expect(receipt.body).toContain('SKU DEAL 10%');
      expect(receipt.body).toContain('SAVE3');

      // A void gives the coupon use back.
      const voided = await call('POST', `/v1/orders/${posOrder.id}/void`, { reason: 'test void' });
      expect(voided.statusCode, voided.body).toBeLessThan(300);
      expect(await uses(coupon)).toBe(1);
    } finally {
      await archive(percent);
      await archive(coupon);
    }
    // Archiving reaches checkout at once (the cache is dropped on writes): full price again.
    const after = await posSale(buyers[2], 1);
    expect(after.statusCode, after.body).toBe(201);
    expect(after.json().order.discountCents).toBe(0);
  });

  it('an unknown code is reported, not applied, and the sale goes through', async () => {
    const view = await cart(buyers[2], 1, ['NOSUCHCODE']);
    expect(view.totals.discountCents).toBe(0);
    expect(view.promotions.rejected).toContainEqual(expect.objectContaining({ code: 'NOSUCHCODE', reason: 'COUPON_UNKNOWN' }));
    const pos = await posSale(buyers[2], 1, ['NOSUCHCODE']);
    expect(pos.statusCode, pos.body).toBe(201);
    expect(pos.json().order.discountCents).toBe(0);
    expect(pos.json().promotions.rejected).toContainEqual(expect.objectContaining({ code: 'NOSUCHCODE', reason: 'COUPON_UNKNOWN' }));
  });

  it('a per-customer limit: the second use by the same customer is 409 with nothing written; a walk-in is 422', async () => {
    const once = await promotion({ name: 'Once each', codes: ['ONCEEACH'], maxUsesPerCustomer: 1, action: { type: 'fixed_off_order', amountCents: 200 } });
    try {
      const first = await posSale(buyers[3], 1, ['ONCEEACH']);
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json().order.discountCents).toBe(200);
      const stock = await onHand();
      const id = uuidv7();
      const second = await posSale(buyers[3], 1, ['ONCEEACH'], id);
      expect(second.statusCode, second.body).toBe(409);
      expect(second.json().error.code).toBe('COUPON_CUSTOMER_LIMIT_REACHED');
      expect(await db().selectFrom('sales_order').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
      expect(await onHand()).toBe(stock);
      // The online cart of the same customer is refused the same way at completion.
      const view = await cart(buyers[3], 1, ['ONCEEACH']);
      const online = await call('POST', `/v1/carts/${view.id}/complete`, { tenders: [{ kind: 'simulator' }] });
      expect(online.statusCode, online.body).toBe(409);
      expect(online.json().error.code).toBe('COUPON_CUSTOMER_LIMIT_REACHED');
      expect((await db().selectFrom('sales_cart').select(['status', 'order_id']).where('id', '=', view.id).executeTakeFirstOrThrow())).toMatchObject({ status: 'open', order_id: null });
      // Another customer may still use it; a walk-in may not (the limit needs a customer).
      expect((await posSale(buyers[4], 1, ['ONCEEACH'])).statusCode).toBe(201);
      const walkIn = await posSale(null, 1, ['ONCEEACH']);
      expect(walkIn.statusCode, walkIn.body).toBe(422);
      expect(walkIn.json().error.code).toBe('COUPON_CUSTOMER_REQUIRED');
      expect(await uses(once)).toBe(2);
    } finally {
      await archive(once);
    }
  });

  it('a coupon past its global limit is 409 COUPON_LIMIT_REACHED, nothing written, the authorization voided', async () => {
    const one = await promotion({ name: 'Only one', codes: ['ONLYONE'], maxUses: 1, action: { type: 'fixed_off_order', amountCents: 100 } });
    try {
      expect((await posSale(buyers[5], 1, ['ONLYONE'])).statusCode).toBe(201);
      const id = uuidv7();
      const refused = await posSale(buyers[5], 1, ['ONLYONE'], id);
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().error.code).toBe('COUPON_LIMIT_REACHED');
      expect(await db().selectFrom('sales_order').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
      const payments = await sql<{ n: number }>`select count(*)::int as n from payment where order_id = ${id}`.execute(db());
      expect(payments.rows[0].n).toBe(0);
      expect(await uses(one)).toBe(1);
      // The cart view shows it as no longer available.
      const view = await cart(buyers[5], 1, ['ONLYONE']);
      expect(view.totals.discountCents).toBe(0);
      expect(view.promotions.rejected).toContainEqual(expect.objectContaining({ code: 'ONLYONE', reason: 'COUPON_INACTIVE' }));
    } finally {
      await archive(one);
    }
  });

  it("the jurisdiction's guard: a cannabis bundle priced for an Illinois store is refused (COMPLIANCE_GUARD), in California it applies", async () => {
    const bundle = await promotion({ name: '2 for 1 cent', action: { type: 'bundle_price', filter: { skus: [fx.skuCode], cannabis: true }, quantity: 2, priceCents: 1 } });
    try {
      const store = await storeContext(db(), server.organizationId, fx.storeId);
      const skus = await getSkusForCheckout(db(), server.organizationId, fx.storeId, [fx.skuId]);
      const price = async (jurisdiction: string) => {
        const { lines } = priceLines(skus, [{ skuId: fx.skuId, quantity: 2 }], { path: ['body', 'lines'] });
        const outcome = await applyStorePromotions(db(), lines, { store: { ...store, jurisdiction }, customerId: null, channel: 'in_store', couponCodes: [], at: new Date(), mode: 'sale', path: ['body'], linesPath: ['body', 'lines'] });
        return { outcome, discountCents: lines[0].discountCents };
      };
      const il = await price('US-IL');
      expect(il.discountCents).toBe(0);
      expect(il.outcome.rejected).toContainEqual(expect.objectContaining({ promotionId: bundle, reason: 'COMPLIANCE_GUARD' }));
      const ca = await price('US-CA');
      expect(ca.discountCents).toBe(fx.priceCents * 2 - 1);
      expect(ca.outcome.applied.map((a) => a.promotionId)).toEqual([bundle]);
    } finally {
      await archive(bundle);
    }
  });
});
