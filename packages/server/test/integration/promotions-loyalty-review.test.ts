// Regression tests from a review of promotions, coupons, loyalty and receipts: each case failed on
// the code of the day. The demo program: 1 point per dollar (accessories excluded), 100 points =
// $5 off, at most half an order.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { openAroundTheClock } from '../support/open-hours';
import { startTestServer, type TestServer } from '../support/test-server';
import { stockedStore } from './customers.fixtures';

describe('promotions and loyalty review', () => {
  let server: TestServer;
  let manager: string;
  let fx: CheckoutFixture;
  let buyers: string[];

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 40 });
    buyers = await customers(server.platform.database.db, server.organizationId, 2);
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const post = (url: string, body: unknown) => server.request({ method: 'POST', url, cookie: manager, body });
  const account = async (customerId: string) => (await server.request({ method: 'GET', url: `/v1/loyalty/accounts/${customerId}`, cookie: manager })).json();
  const adjust = async (customerId: string, points: number) => {
    const r = await post(`/v1/loyalty/accounts/${customerId}/adjustments`, { points, reason: 'Review test' });
    expect(r.statusCode, r.body).toBe(200);
  };
  const posSale = (customerId: string, quantity: number, extra: Record<string, unknown> = {}) =>
    post(`/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customerId, lines: [{ skuId: fx.skuId, quantity }], tenders: [{ kind: 'simulator' }], ...extra });
  /** The ledger's sum of points for the customer, which must always equal the balance. */
  const ledgerSum = async (customerId: string) =>
    Number((await sql<{ s: number }>`select coalesce(sum(points), 0)::int as s from loyalty_entry where customer_id = ${customerId}`.execute(db())).rows[0].s);

  describe('the preview prices as the sale does', () => {
    // Two SKUs of one price (HH-HRQ-35 and RR-MH-DW10, $35.00 at Oakland): "buy a Harlequin, get a
    // Harlequin or a Mountain Haze free". Which of two units of one price the engine discounts
    // follows the line ids, so the preview must give the engine the ids the sale gives it.
    async function skuId(code: string) {
      return (await db().selectFrom('sku').select('id').where('organization_id', '=', server.organizationId).where('code', '=', code).executeTakeFirstOrThrow()).id;
    }

    it('the preview answers what the register quote answers, whatever line ids the caller sends', async () => {
      const harlequin = await skuId('HH-HRQ-35');
      const haze = await skuId('RR-MH-DW10');
      const created = await post('/v1/promotions', {
        storeId: fx.storeId,
        name: 'Buy a Harlequin, get a Harlequin or a Haze free',
        action: { type: 'buy_x_get_y', buy: { filter: { skus: ['HH-HRQ-35'] }, quantity: 1 }, get: { filter: { skus: ['HH-HRQ-35', 'RR-MH-DW10'] }, quantity: 1 } },
      });
      expect(created.statusCode, created.body).toBe(201);
      try {
        const lines = [
          { skuId: harlequin, quantity: 1 },
          { skuId: haze, quantity: 1 },
        ];
        const quote = await post(`/v1/stores/${fx.storeId}/pos-quotes`, { customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines });
        expect(quote.statusCode, quote.body).toBe(200);
        const quoted = quote.json().totals.discountCents;
        for (const lineIds of [['a', 'b'], ['z', 'a'], ['line-10', 'line-9']]) {
          const preview = await post(`/v1/stores/${fx.storeId}/promotions/preview`, { lines: lines.map((l, i) => ({ ...l, lineId: lineIds[i] })) });
          expect(preview.statusCode, preview.body).toBe(200);
          const body = preview.json();
          expect(body.totals.discountCents, `line ids ${lineIds.join(', ')}`).toBe(quoted);
          // The answer still names the lines as the caller did.
          expect(body.lines.map((l: { lineId: string }) => l.lineId)).toEqual(lineIds);
          for (const a of body.applied) for (const al of a.allocations) expect(lineIds).toContain(al.lineId);
        }
        // Two lines of one id are still refused, at the second one's path.
        const twice = await post(`/v1/stores/${fx.storeId}/promotions/preview`, { lines: lines.map((l) => ({ ...l, lineId: 'same' })) });
        expect(twice.statusCode, twice.body).toBe(400);
        expect(twice.json().error).toMatchObject({ code: 'DUPLICATE_LINE_ID', details: { path: ['body', 'lines', 1, 'lineId'] } });
      } finally {
        await server.request({ method: 'DELETE', url: `/v1/promotions/${created.json().id}`, cookie: manager });
      }
    });
  });

  describe('coupon codes', () => {
    it('a code that grows past 64 characters when upper-cased (ß → SS) is 400 at its path, nothing written', async () => {
      const code = 'ß'.repeat(33);
      const before = Number((await sql<{ n: number }>`select count(*)::int as n from promotion`.execute(db())).rows[0].n);
      const r = await post('/v1/promotions', { name: 'Long code', codes: ['OKCODE', code], action: { type: 'fixed_off_order', amountCents: 100 } });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: ['body', 'codes', 1] }] });
      expect(Number((await sql<{ n: number }>`select count(*)::int as n from promotion`.execute(db())).rows[0].n)).toBe(before);
      // 32 of them make 64 characters: taken, and matched in any case.
      const fits = await post('/v1/promotions', { storeId: fx.storeId, name: 'Long code', codes: ['ß'.repeat(32)], action: { type: 'fixed_off_order', amountCents: 100 } });
      expect(fits.statusCode, fits.body).toBe(201);
      await server.request({ method: 'DELETE', url: `/v1/promotions/${fits.json().id}`, cookie: manager });
    });
  });

  describe('coupon uses given back', () => {
    it('a void gives back only the per-customer use its sale took: a limit added later is not reopened', async () => {
      const customerId = buyers[1];
      const definition = { storeId: fx.storeId, name: 'Reusable $1', codes: ['REVIEWONCE'], action: { type: 'fixed_off_order', amountCents: 100 } };
      const created = await post('/v1/promotions', definition);
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      try {
        // Sold while the coupon had no per-customer limit: nothing counted for the customer.
        const first = await posSale(customerId, 1, { couponCodes: ['REVIEWONCE'] });
        expect(first.statusCode, first.body).toBe(201);
        const limited = await server.request({ method: 'PUT', url: `/v1/promotions/${id}`, cookie: manager, body: { ...definition, maxUsesPerCustomer: 1 } });
        expect(limited.statusCode, limited.body).toBe(200);
        // The customer's one use under the limit.
        const second = await posSale(customerId, 1, { couponCodes: ['REVIEWONCE'] });
        expect(second.statusCode, second.body).toBe(201);
        // Voiding the first sale gives back the global use it took, not a per-customer use it never took.
        const voided = await post(`/v1/orders/${first.json().order.id}/void`, { reason: 'Rang up by mistake' });
        expect(voided.statusCode, voided.body).toBe(201);
        const usage = await db().selectFrom('promotion_customer_usage').select('uses').where('promotion_id', '=', id).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
        expect(usage.uses).toBe(1);
        expect((await db().selectFrom('promotion').select('uses').where('id', '=', id).executeTakeFirstOrThrow()).uses).toBe(1);
        const third = await posSale(customerId, 1, { couponCodes: ['REVIEWONCE'] });
        expect(third.statusCode, third.body).toBe(409);
        expect(third.json().error.code).toBe('COUPON_CUSTOMER_LIMIT_REACHED');
        // Voiding the sale that did take it gives it back.
        expect((await post(`/v1/orders/${second.json().order.id}/void`, { reason: 'Rang up by mistake' })).statusCode).toBe(201);
        expect((await posSale(customerId, 1, { couponCodes: ['REVIEWONCE'] })).statusCode).toBe(201);
      } finally {
        await server.request({ method: 'DELETE', url: `/v1/promotions/${id}`, cookie: manager });
      }
    });
  });

  describe('loyalty reversals', () => {
    it('a void gives the redeemed points back before it claws back the points earned (they were spent: no points are made up)', async () => {
      const customerId = buyers[0];
      await adjust(customerId, 100);
      const sale = await posSale(customerId, 2, { loyaltyPoints: 100 });
      expect(sale.statusCode, sale.body).toBe(201);
      const earned = sale.json().loyalty.pointsEarned as number;
      expect(sale.json().loyalty.pointsRedeemed).toBe(100);
      expect(earned).toBeGreaterThan(0);
      // The customer spends the points the sale earned (here by hand): the balance is 0.
      await adjust(customerId, -earned);
      expect((await account(customerId)).balancePoints).toBe(0);

      const voided = await post(`/v1/orders/${sale.json().order.id}/void`, { reason: 'Rang up by mistake' });
      expect(voided.statusCode, voided.body).toBe(201);
      // Without the sale the customer holds the 100 they had, less the points they spent that the
      // sale had earned: the earned points come back out of the 100 returned.
      expect(voided.json().loyalty).toMatchObject({ pointsReturned: 100, pointsClawedBack: earned, shortfall: 0 });
      const after = await account(customerId);
      expect(after.balancePoints).toBe(100 - earned);
      expect(await ledgerSum(customerId)).toBe(after.balancePoints);
    });

    it('a partial return of an item that earned nothing (an excluded accessory) takes back none of the points the kept items earned', async () => {
      const customerId = buyers[1];
      const battery = await stockedSku(db(), server.organizationId, { quantity: 2, code: 'VS-BATT-510' });
      const sale = await post(`/v1/stores/${fx.storeId}/pos-sales`, {
        id: uuidv7(),
        customerId,
        lines: [
          { skuId: fx.skuId, quantity: 1 },
          { skuId: battery.skuId, quantity: 1 },
        ],
        tenders: [{ kind: 'simulator' }],
      });
      expect(sale.statusCode, sale.body).toBe(201);
      const order = sale.json().order;
      const [flowerLine, batteryLine] = order.lines as Array<{ lineNo: number; totalCents: number }>;
      const earned = sale.json().loyalty.pointsEarned as number;
      expect(earned).toBe(Math.floor(flowerLine.totalCents / 100));
      const balance = (await account(customerId)).balancePoints;

      // The battery comes back: it earned nothing, so nothing is taken back.
      const returned = await post(`/v1/orders/${order.id}/returns`, {
        lines: [{ lineNo: batteryLine.lineNo, quantity: 1, restock: 'sellable' }],
        reason: 'Battery did not fit',
        refundTo: 'original',
      });
      expect(returned.statusCode, returned.body).toBe(201);
      expect(returned.json().loyalty).toEqual({ pointsReturned: 0, pointsClawedBack: 0, shortfall: 0 });
      expect((await account(customerId)).balancePoints).toBe(balance);
      // The flower returned later takes back what it earned.
      const rest = await post(`/v1/orders/${order.id}/returns`, {
        lines: [{ lineNo: flowerLine.lineNo, quantity: 1, restock: 'sellable' }],
        reason: 'Changed their mind',
        refundTo: 'original',
      });
      expect(rest.statusCode, rest.body).toBe(201);
      expect(rest.json().loyalty.pointsClawedBack).toBe(earned);
      expect(await ledgerSum(customerId)).toBe((await account(customerId)).balancePoints);
    });
  });

  describe('a jurisdiction that forbids loyalty discounts on cannabis', () => {
    it('Massachusetts: points pay for the accessory only, at the quote and the sale, whatever the program allows', async () => {
      // The demo program lets points pay for cannabis; Massachusetts does not (promotions' compliance guard).
      const boston = await stockedStore(server, manager, { jurisdiction: 'US-MA', timezone: 'America/New_York', name: 'Review Boston Loyalty', quantity: 5 });
      await openAroundTheClock(server.platform, [boston.storeId]);
      const customerId = buyers[0];
      await adjust(customerId, 400);
      const before = (await account(customerId)).balancePoints;
      const ma = (path: string, body: unknown) => post(`/v1/stores/${boston.storeId}/${path}`, body);

      // Only cannabis in the basket: no points can be redeemed.
      const flowerOnly = await ma('pos-quotes', { customerId, lines: [{ skuId: boston.skuId, quantity: 1 }], loyaltyPoints: 100 });
      expect(flowerOnly.statusCode, flowerOnly.body).toBe(422);
      expect(flowerOnly.json().error).toMatchObject({ code: 'LOYALTY_REDEMPTION_NOT_POSSIBLE', details: { limitedBy: 'cannabis_excluded' } });

      // With a $20 battery: at most the battery's price comes off, and only off the battery's line.
      await sql`insert into sku_price (organization_id, store_id, sku_id, price_cents)
                select organization_id, ${boston.storeId}, id, 2000 from sku where organization_id = ${server.organizationId} and code = 'VS-BATT-510'`.execute(db());
      const battery = await stockedSku(db(), server.organizationId, { quantity: 2, code: 'VS-BATT-510', storeName: 'Review Boston Loyalty' });
      const lines = [
        { skuId: boston.skuId, quantity: 1 },
        { skuId: battery.skuId, quantity: 1 },
      ];
      const quote = await ma('pos-quotes', { customerId, lines, loyaltyPoints: 400 });
      expect(quote.statusCode, quote.body).toBe(200);
      expect(quote.json().loyalty).toMatchObject({ pointsRedeemed: 400, discountCents: 2000, limitedBy: 'none' });
      const sale = await ma('pos-sales', { id: uuidv7(), customerId, lines, loyaltyPoints: 400, tenders: [{ kind: 'simulator' }] });
      expect(sale.statusCode, sale.body).toBe(201);
      const [flowerLine, batteryLine] = sale.json().order.lines as Array<{ discountCents: number; grossCents: number }>;
      expect(flowerLine.discountCents).toBe(0);
      expect(batteryLine.discountCents).toBe(batteryLine.grossCents);
      expect(sale.json().loyalty).toMatchObject({ pointsRedeemed: 400, discountCents: 2000 });
      const after = await account(customerId);
      expect(after.balancePoints).toBe(before - 400 + sale.json().loyalty.pointsEarned);
      expect(await ledgerSum(customerId)).toBe(after.balancePoints);
    });
  });
});
