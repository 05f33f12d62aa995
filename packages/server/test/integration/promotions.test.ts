import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { AppliedPromotion } from '@verdant/rules/promotions';
import { complianceGuardFor, loadActivePromotions, redeemCoupons, releaseCoupons } from '../../src/modules/promotions';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { customers } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('promotions: CRUD, coupons, preview, compliance guard', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let storeId: string;
  let flowerSkuId: string;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    const stores = (await server.request({ method: 'GET', url: '/v1/stores', cookie: manager })).json().stores;
    storeId = stores.find((s: { jurisdiction: string }) => s.jurisdiction === 'US-CA').id;
    flowerSkuId = (await server.platform.database.db.selectFrom('sku').select('id').where('code', '=', 'HH-BD-35').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => server?.close());

  const create = (body: unknown, cookie = manager) => server.request({ method: 'POST', url: '/v1/promotions', cookie, body });
  const couponPromotion = (code: string, extra: Record<string, unknown> = {}) => ({
    name: `Coupon ${code}`,
    codes: [code],
    action: { type: 'fixed_off_order', amountCents: 500 },
    ...extra,
  });
  const applied = (promotionId: string, code: string): AppliedPromotion => ({
    promotionId,
    name: 'x',
    receiptLabel: 'x',
    code,
    amountCents: 500,
    scope: 'order',
    loyalty: false,
    cappedByGuard: false,
    lineIds: ['1'],
    allocations: [{ lineId: '1', amountCents: 500 }],
  });
  const redeem = (promotionId: string, code: string, customerId?: string, orderId = uuidv7()) =>
    inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) =>
      redeemCoupons(uow, { organizationId: server.organizationId, storeId, orderId, applied: [applied(promotionId, code)], customerId }),
    );

  it('validates promotions with the engine schema and answers with field paths', async () => {
    const bad = await create({ name: 'Bad', action: { type: 'percent_off_items', percent: 150, filter: {} } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect(bad.json().error.details.map((d: { path: unknown[] }) => d.path)).toContainEqual(['body', 'action', 'percent']);

    const dates = await create({ name: 'Backwards', startsAt: '2026-05-01T00:00:00Z', endsAt: '2026-04-01T00:00:00Z', action: { type: 'fixed_off_order', amountCents: 100 } });
    expect(dates.statusCode).toBe(400);
    expect(dates.json().error.details[0].path).toEqual(['body', 'endsAt']);

    const unknownField = await create({ name: 'Extra', action: { type: 'fixed_off_order', amountCents: 100 }, colour: 'green' });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error.details[0].path).toEqual(['body', 'colour']);

    const condition = await create({ name: 'Bad condition', conditions: [{ type: 'time_window', start: '25:00', end: '02:00' }], action: { type: 'fixed_off_order', amountCents: 100 } });
    expect(condition.json().error.details[0].path).toEqual(['body', 'conditions', 0, 'start']);

    const dupCodes = await create(couponPromotion('twice', { codes: ['TWICE', 'twice '] }));
    expect(dupCodes.statusCode).toBe(400);
    expect(dupCodes.json().error.details[0].path).toEqual(['body', 'codes', 1]);

    expect((await create(couponPromotion('NOPE'), budtender)).statusCode).toBe(403);
  });

  it('creates, lists, replaces (with a version guard) and archives; codes are unique per organization, case-insensitively', async () => {
    const created = await create(couponPromotion('Spring5', { maxUses: 100, storeId }));
    expect(created.statusCode).toBe(201);
    const promo = created.json();
    expect(promo).toMatchObject({ storeId, maxUses: 100, uses: 0, version: 1, promotion: { id: promo.id, codes: ['Spring5'], priority: 100, stacking: 'stackable' } });

    const clash = await create(couponPromotion('  SPRING5 '));
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe('COUPON_CODE_TAKEN');

    const byCode = (await server.request({ method: 'GET', url: '/v1/promotions?code=spring5', cookie: manager })).json();
    expect(byCode.items.map((p: { id: string }) => p.id)).toEqual([promo.id]);

    const replaced = await server.request({
      method: 'PUT',
      url: `/v1/promotions/${promo.id}`,
      cookie: manager,
      body: { ...couponPromotion('SPRING6'), ifVersion: 1, storeId, maxUses: 100 },
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ version: 2, promotion: { codes: ['SPRING6'] } });
    const stale = await server.request({ method: 'PUT', url: `/v1/promotions/${promo.id}`, cookie: manager, body: { ...couponPromotion('SPRING7'), ifVersion: 1 } });
    expect(stale.json().error.code).toBe('VERSION_MISMATCH');
    // The old code is free again.
    expect((await create(couponPromotion('spring5'))).statusCode).toBe(201);

    const archived = await server.request({ method: 'DELETE', url: `/v1/promotions/${promo.id}?reason=ended`, cookie: manager });
    expect(archived.json().archived).toBe(true);
    expect((await create(couponPromotion('Spring6'))).statusCode).toBe(201);
    const list = (await server.request({ method: 'GET', url: '/v1/promotions', cookie: manager })).json();
    expect(list.items.some((p: { id: string }) => p.id === promo.id)).toBe(false);

    const audit = await server.platform.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', promo.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['promotion.created', 'promotion.updated', 'promotion.archived']);
  });

  it('previews lines with automatic promotions and coupons through the engine', async () => {
    const auto = await create({ name: '10% off flower', priority: 10, action: { type: 'percent_off_items', percent: 10, filter: { categories: ['flower'] } } });
    expect(auto.statusCode).toBe(201);
    await create(couponPromotion('TAKE3', { action: { type: 'fixed_off_order', amountCents: 300 }, priority: 20 }));
    const preview = await server.request({
      method: 'POST',
      url: `/v1/stores/${storeId}/promotions/preview`,
      cookie: budtender,
      body: { lines: [{ skuId: flowerSkuId, quantity: 2 }], couponCodes: ['take3', 'NOSUCHCODE'] },
    });
    expect(preview.statusCode).toBe(200);
    const result = preview.json();
    // 2 × $45.00 = 9000; 10% = 900; then $3 off the order = 300.
    expect(result.totals).toEqual({ subtotalCents: 9000, discountCents: 1200, totalCents: 7800 });
    expect(result.applied.map((a: { code?: string }) => a.code ?? null)).toEqual([null, 'take3']);
    expect(result.rejected).toContainEqual(expect.objectContaining({ reason: 'COUPON_UNKNOWN', code: 'NOSUCHCODE' }));
    const bad = await server.request({ method: 'POST', url: `/v1/stores/${storeId}/promotions/preview`, cookie: budtender, body: { lines: [{ skuId: flowerSkuId, quantity: 0 }] } });
    expect(bad.json().error.details[0].path).toEqual(['body', 'lines', 0, 'quantity']);
    await server.request({ method: 'DELETE', url: `/v1/promotions/${auto.json().id}`, cookie: manager });
  });

  it('counts coupon uses at redemption: the global limit and the per-customer limit hold, release gives uses back', async () => {
    const promo = (await create(couponPromotion('THREE', { maxUses: 3, maxUsesPerCustomer: 2 }))).json();
    const [alice, bob] = await customers(server.platform.database.db, server.organizationId, 2);
    await redeem(promo.id, 'THREE', alice);
    const orderTwo = uuidv7();
    await redeem(promo.id, 'three', alice, orderTwo);
    await expect(redeem(promo.id, 'THREE', alice)).rejects.toMatchObject({ statusCode: 409, code: 'COUPON_CUSTOMER_LIMIT_REACHED' });
    await expect(redeem(promo.id, 'THREE')).rejects.toMatchObject({ statusCode: 422, code: 'COUPON_CUSTOMER_REQUIRED' });
    await redeem(promo.id, 'THREE', bob);
    await expect(redeem(promo.id, 'THREE', bob)).rejects.toMatchObject({ statusCode: 409, code: 'COUPON_LIMIT_REACHED' });

    // Exhausted: the engine sees it switched off, so a preview does not promise it.
    const loaded = await loadActivePromotions(server.platform.database.db, { organizationId: server.organizationId, storeId, at: new Date() });
    expect(loaded.find((p) => p.id === promo.id)?.active).toBe(false);

    // A voided order gives its use back, once.
    await inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) => releaseCoupons(uow, { orderId: orderTwo, storeId }));
    await inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) => releaseCoupons(uow, { orderId: orderTwo, storeId }));
    const row = await server.platform.database.db.selectFrom('promotion').select('uses').where('id', '=', promo.id).executeTakeFirstOrThrow();
    expect(row.uses).toBe(2);
    await redeem(promo.id, 'THREE', alice);
    await expect(redeem(promo.id, 'THREE', bob)).rejects.toMatchObject({ code: 'COUPON_LIMIT_REACHED' });

    // The same order redeemed twice in one transaction counts once.
    const unlimited = (await create(couponPromotion('AGAIN'))).json();
    const order = uuidv7();
    await inTransaction(server.platform.tx, systemContext(server.organizationId), async (uow) => {
      await redeemCoupons(uow, { organizationId: server.organizationId, storeId, orderId: order, applied: [applied(unlimited.id, 'AGAIN')] });
      await redeemCoupons(uow, { organizationId: server.organizationId, storeId, orderId: order, applied: [applied(unlimited.id, 'AGAIN')] });
    });
    expect((await server.platform.database.db.selectFrom('promotion').select('uses').where('id', '=', unlimited.id).executeTakeFirstOrThrow()).uses).toBe(1);
  });

  it('random promotion bodies never cause a 5xx', async () => {
    const action = fc.oneof(
      fc.record({ type: fc.constantFrom('percent_off_items', 'fixed_off_order', 'bundle_price', 'buy_x_get_y', 'tiered', 'nope'), percent: fc.oneof(fc.double(), fc.integer()), amountCents: fc.integer(), filter: fc.anything() }, { requiredKeys: ['type'] }),
      fc.anything(),
    );
    const body = fc.record(
      { name: fc.oneof(fc.string(), fc.constant('')), codes: fc.oneof(fc.array(fc.string({ maxLength: 70 })), fc.anything()), action, priority: fc.anything(), maxUses: fc.oneof(fc.integer(), fc.constant(null)), startsAt: fc.oneof(fc.string(), fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString()))) },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(body, fc.anything()), async (b) => {
        const response = await create(b);
        expect(response.statusCode, response.body).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });

  it('derives the compliance guard from pack data and the sourced promotion rules', () => {
    expect(complianceGuardFor('US-IL')).toEqual({ forbidCannabisBundles: true });
    expect(complianceGuardFor('US-MA')).toEqual({ forbidLoyaltyCannabisDiscounts: true });
    expect(complianceGuardFor('US-CA')).toEqual({});
    expect(complianceGuardFor('US-MA', '2017-01-01')).toEqual({});
  });
});
