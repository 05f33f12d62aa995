// Loyalty on every channel: a completed sale with a customer earns points (POS and online alike),
// points redeemed at checkout are a discount before tax, returns reverse points in proportion,
// voids and cancellations reverse everything (and give coupon uses back). The demo organization's
// program: 1 point per dollar (accessories excluded), 100 points = $5 off, at most half an order.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redeemCoupons } from '../../src/modules/promotions';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

interface OrderLine {
  grossCents: number;
  discountCents: number;
  totalCents: number;
}

describe('checkout: loyalty points on every channel', () => {
  let server: TestServer;
  let manager: string;
  let fx: CheckoutFixture;
  let buyers: string[];

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 60 });
    buyers = await customers(server.platform.database.db, server.organizationId, 8);
    // Points are spent in $5 blocks, at most half of the order: two units must allow one block.
    expect(fx.priceCents * 2).toBeGreaterThanOrEqual(1_000);
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const post = (url: string, body: unknown) => server.request({ method: 'POST', url, cookie: manager, body });
  const account = async (customerId: string) => (await server.request({ method: 'GET', url: `/v1/loyalty/accounts/${customerId}`, cookie: manager })).json();
  const give = async (customerId: string, points: number) => {
    const r = await post(`/v1/loyalty/accounts/${customerId}/adjustments`, { points, reason: 'Test balance' });
    expect(r.statusCode, r.body).toBe(200);
  };
  /** The demo program's earn: one point per whole dollar paid after discounts. */
  const pointsFor = (lines: OrderLine[]) => Math.floor(lines.reduce((s, l) => s + l.grossCents - l.discountCents, 0) / 100);
  const posSale = (customerId: string | null, quantity: number, extra: Record<string, unknown> = {}) =>
    post(`/v1/stores/${fx.storeId}/pos-sales`, {
      id: uuidv7(),
      ...(customerId ? { customerId } : { customer: { kind: 'adult_use', birthDate: '1980-01-01' } }),
      lines: [{ skuId: fx.skuId, quantity }],
      tenders: [{ kind: 'simulator' }],
      ...extra,
    });
  async function cart(customerId: string, quantity: number) {
    const created = await post('/v1/carts', { storeId: fx.storeId, customerId, channel: 'pickup' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect((await post(`/v1/carts/${id}/lines`, { skuId: fx.skuId, quantity })).statusCode).toBe(200);
    const picked = await server.request({ method: 'PUT', url: `/v1/carts/${id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Test Buyer', phone: '+15105550199' } } });
    expect(picked.statusCode, picked.body).toBe(200);
    return picked.json();
  }

  it('earns points for a POS sale and an online order alike, inside the sale', async () => {
    const pos = await posSale(buyers[0], 2);
    expect(pos.statusCode, pos.body).toBe(201);
    const posOrder = pos.json().order;
    const posPoints = pointsFor(posOrder.lines);
    expect(posPoints).toBeGreaterThan(0);
    expect(await account(buyers[0])).toMatchObject({ balancePoints: posPoints, lifetimePoints: posPoints });

    const c = await cart(buyers[1], 2);
    const online = await post(`/v1/carts/${c.id}/complete`, { tenders: [{ kind: 'simulator' }] });
    expect(online.statusCode, online.body).toBe(201);
    const onlineOrder = online.json().order;
    expect(await account(buyers[1])).toMatchObject({ balancePoints: pointsFor(onlineOrder.lines) });

    const earns = await db().selectFrom('loyalty_entry').select(['order_id', 'points']).where('kind', '=', 'earn').where('order_id', 'in', [posOrder.id, onlineOrder.id]).execute();
    expect(earns).toHaveLength(2);

    // A walk-in earns nothing and cannot redeem.
    const anon = await posSale(null, 1);
    expect(anon.statusCode, anon.body).toBe(201);
    expect(await db().selectFrom('loyalty_entry').select('id').where('order_id', '=', anon.json().order.id).execute()).toHaveLength(0);
    const anonRedeem = await posSale(null, 1, { loyaltyPoints: 100 });
    expect(anonRedeem.statusCode).toBe(422);
    expect(anonRedeem.json().error.code).toBe('LOYALTY_CUSTOMER_REQUIRED');
  });

  it('redeemed points lower the total (before tax), the balance, and show as a discount on the receipt', async () => {
    const customerId = buyers[2];
    await give(customerId, 1_000);
    const plain = await posSale(customerId, 2);
    expect(plain.statusCode, plain.body).toBe(201);
    const base = plain.json().order;
    const earnedBase = pointsFor(base.lines);

    // 250 points → two whole blocks: 200 points, $10 off (half of the order caps it at most).
    const blocks = Math.min(2, Math.floor((fx.priceCents * 2) / 2 / 500));
    const discount = blocks * 500;
    // The register's quote says what the points will do before the sale.
    const quote = await post(`/v1/stores/${fx.storeId}/pos-quotes`, { customerId, lines: [{ skuId: fx.skuId, quantity: 2 }], loyaltyPoints: 250 });
    expect(quote.statusCode, quote.body).toBe(200);
    expect(quote.json().loyalty).toMatchObject({ pointsOffered: 250, pointsRedeemed: blocks * 100, discountCents: discount });
    const saleId = uuidv7();
    const redeemed = await posSale(customerId, 2, { id: saleId, loyaltyPoints: 250 });
    expect(redeemed.statusCode, redeemed.body).toBe(201);
    const order = redeemed.json().order;
    expect(order.discountCents).toBe(base.discountCents + discount);
    expect(order.lines.reduce((s: number, l: OrderLine) => s + l.discountCents, 0)).toBe(order.discountCents);
    expect(order.totalCents).toBeLessThan(base.totalCents);
    expect(order.taxCents).toBeLessThanOrEqual(base.taxCents);
    const earned = pointsFor(order.lines);
    expect(earned).toBe(earnedBase - discount / 100);
    expect(await account(customerId)).toMatchObject({ balancePoints: 1_000 + earnedBase - blocks * 100 + earned });
    const entry = await db().selectFrom('loyalty_entry').select(['points', 'discount_cents']).where('order_id', '=', order.id).where('kind', '=', 'redeem').executeTakeFirstOrThrow();
    expect(entry).toEqual({ points: -blocks * 100, discount_cents: discount });
    // The answer says what the sale spent and earned; a resubmission answers the same from the ledger.
    expect(redeemed.json().loyalty).toEqual({ pointsRedeemed: blocks * 100, discountCents: discount, pointsEarned: earned });
    const again = await posSale(customerId, 2, { id: saleId, loyaltyPoints: 250 });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().loyalty).toEqual(redeemed.json().loyalty);
    expect((await posSale(null, 1)).json().loyalty).toBeNull();

    const receipt = await server.request({ method: 'GET', url: `/v1/orders/${order.id}/receipt?format=html`, cookie: manager });
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).toContain('Discount');
    // The points are named with what they paid, and the points earned are printed.
    expect(receipt.body).toContain(`Loyalty points (${blocks * 100} pts)`);
    expect(receipt.body).toContain('Points earned');
    expect(receipt.body).toContain(`>${earned}<`);

    // More points than the customer holds: refused before payment, nothing written.
    const id = uuidv7();
    const tooMany = await post(`/v1/stores/${fx.storeId}/pos-sales`, { id, customerId: buyers[3], lines: [{ skuId: fx.skuId, quantity: 2 }], tenders: [{ kind: 'simulator' }], loyaltyPoints: 100 });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().error.code).toBe('LOYALTY_INSUFFICIENT_POINTS');
    expect(await db().selectFrom('sales_order').select('id').where('id', '=', id).execute()).toHaveLength(0);
    // Fewer than one block: nothing could be redeemed, so the sale is refused rather than silently full price.
    const tooFew = await posSale(customerId, 2, { loyaltyPoints: 50 });
    expect(tooFew.statusCode).toBe(422);
    expect(tooFew.json().error.code).toBe('LOYALTY_REDEMPTION_NOT_POSSIBLE');
  });

  it('an online cart redeems points at completion; cancelling the order gives everything back', async () => {
    const customerId = buyers[4];
    await give(customerId, 500);
    const c = await cart(customerId, 2);
    const done = await post(`/v1/carts/${c.id}/complete`, { tenders: [{ kind: 'simulator' }], loyaltyPoints: 100 });
    expect(done.statusCode, done.body).toBe(201);
    const order = done.json().order;
    expect(order.discountCents).toBe(500);
    expect(done.json().loyalty).toEqual({ pointsRedeemed: 100, discountCents: 500, pointsEarned: pointsFor(order.lines) });
    expect(order.totalCents).toBeLessThan(c.totals.totalCents);
    expect(await account(customerId)).toMatchObject({ balancePoints: 500 - 100 + pointsFor(order.lines) });

    const cancelled = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/transitions`, cookie: manager, body: { to: 'cancelled', reason: 'customer called' } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await account(customerId)).toMatchObject({ balancePoints: 500, lifetimePoints: 0 });
  });

  it('a partial return reverses points in proportion; returning the rest reverses the remainder', async () => {
    const customerId = buyers[5];
    await give(customerId, 1_000);
    const sale = await posSale(customerId, 2, { loyaltyPoints: 200 });
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json().order;
    const redeemedPoints = -(await db().selectFrom('loyalty_entry').select('points').where('order_id', '=', order.id).where('kind', '=', 'redeem').executeTakeFirstOrThrow()).points;
    const earned = pointsFor(order.lines);
    expect(await account(customerId)).toMatchObject({ balancePoints: 1_000 - redeemedPoints + earned });

    const first = await post(`/v1/orders/${order.id}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'One was enough' });
    expect(first.statusCode, first.body).toBe(201);
    const cents = first.json().refundCents - first.json().taxRefundCents;
    const of = order.lines.reduce((s: number, l: OrderLine) => s + l.totalCents, 0);
    expect(first.json().loyalty).toEqual({
      pointsReturned: Math.floor((redeemedPoints * cents) / of),
      pointsClawedBack: Math.floor((earned * cents) / of),
      shortfall: 0,
    });
    // The return's receipt prints them, as the sale's prints the points spent and earned.
    const printed = await server.request({ method: 'GET', url: `/v1/orders/${order.id}/returns/${first.json().returnId}/receipt?format=escpos`, cookie: manager });
    expect(printed.statusCode, printed.body).toBe(200);
    const text = printed.rawPayload.toString('latin1');
    expect(/Points earned\s+(-?\d+)/.exec(text)?.[1]).toBe(String(-first.json().loyalty.pointsClawedBack));
    expect(/Points redeemed\s+(-?\d+)/.exec(text)?.[1]).toBe(String(-first.json().loyalty.pointsReturned));

    const rest = await post(`/v1/orders/${order.id}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'The other one too' });
    expect(rest.statusCode, rest.body).toBe(201);
    expect(await account(customerId)).toMatchObject({ balancePoints: 1_000, lifetimePoints: 0 });
  });

  it('a void reverses all points and gives the coupon uses back', async () => {
    const customerId = buyers[6];
    await give(customerId, 1_000);
    const sale = await posSale(customerId, 2, { loyaltyPoints: 100 });
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json().order;
    // A coupon counted on this order, as the promotions hook does at completion.
    const code = await db().selectFrom('promotion_code').select('promotion_id').where('organization_id', '=', server.organizationId).where('code_key', '=', 'WELCOME10').executeTakeFirstOrThrow();
    const welcome = await db().selectFrom('promotion').select(['id', 'uses']).where('id', '=', code.promotion_id).executeTakeFirstOrThrow();
    await inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) =>
      redeemCoupons(uow, {
        organizationId: server.organizationId,
        storeId: fx.storeId,
        orderId: order.id,
        customerId,
        applied: [{ promotionId: welcome.id, name: 'Welcome', receiptLabel: 'WELCOME10', code: 'WELCOME10', amountCents: 100, scope: 'order', loyalty: false, cappedByGuard: false, lineIds: [], allocations: [] }],
      }),
    );
    expect((await db().selectFrom('promotion').select('uses').where('id', '=', welcome.id).executeTakeFirstOrThrow()).uses).toBe(welcome.uses + 1);

    const voided = await post(`/v1/orders/${order.id}/void`, { reason: 'Rang up the wrong customer' });
    expect(voided.statusCode, voided.body).toBe(201);
    expect(voided.json().loyalty).toMatchObject({ pointsReturned: 100, pointsClawedBack: pointsFor(order.lines), shortfall: 0 });
    expect(await account(customerId)).toMatchObject({ balancePoints: 1_000, lifetimePoints: 0 });
    expect((await db().selectFrom('promotion').select('uses').where('id', '=', welcome.id).executeTakeFirstOrThrow()).uses).toBe(welcome.uses);
    expect((await db().selectFrom('promotion_redemption').select('status').where('order_id', '=', order.id).executeTakeFirstOrThrow()).status).toBe('released');
  });
  it('where points may not pay for cannabis, a partial return gives back the points that paid for what comes back, not a share of the cents', async () => {
    // The program keeps points off cannabis (as Massachusetts requires): the points sit on the accessory alone.
    const program = (await server.request({ method: 'GET', url: '/v1/loyalty/program', cookie: manager })).json().program;
    const owner = await server.login('owner');
    const put = await server.request({ method: 'PUT', url: '/v1/loyalty/program', cookie: owner, body: { program: { ...program, redemption: { ...program.redemption, allowOnCannabis: false, maxPercentOfOrder: 100 } } } });
    expect(put.statusCode, put.body).toBe(200);
    const battery = await stockedSku(db(), server.organizationId, { code: 'VS-BATT-510', quantity: 5 });
    const customerId = buyers[7];
    await give(customerId, 1_000);
    const sale = await post(`/v1/stores/${fx.storeId}/pos-sales`, {
      id: uuidv7(),
      customerId,
      lines: [{ skuId: fx.skuId, quantity: 1 }, { skuId: battery.skuId, quantity: 1 }],
      tenders: [{ kind: 'simulator' }],
      loyaltyPoints: 500,
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json().order;
    const redeemed = -(await db().selectFrom('loyalty_entry').select('points').where('order_id', '=', order.id).where('kind', '=', 'redeem').executeTakeFirstOrThrow()).points;
    expect(redeemed).toBeGreaterThan(0);
    const flowerLine = order.lines.find((l: OrderLine & { skuId: string }) => l.skuId === fx.skuId);
    const batteryLine = order.lines.find((l: OrderLine & { skuId: string }) => l.skuId === battery.skuId);
    // The flower comes back: the points paid for the battery, none come back.
    const flowerBack = await post(`/v1/orders/${order.id}/returns`, { lines: [{ lineNo: flowerLine.lineNo, quantity: 1, restock: 'sellable' }], reason: 'Changed their mind' });
    expect(flowerBack.statusCode, flowerBack.body).toBe(201);
    expect(flowerBack.json().loyalty.pointsReturned).toBe(0);
    // The battery comes back: every point that paid for it does.
    const batteryBack = await post(`/v1/orders/${order.id}/returns`, { lines: [{ lineNo: batteryLine.lineNo, quantity: 1, restock: 'sellable' }], reason: 'Did not fit' });
    expect(batteryBack.statusCode, batteryBack.body).toBe(201);
    expect(batteryBack.json().loyalty.pointsReturned).toBe(redeemed);
    const restored = await server.request({ method: 'PUT', url: '/v1/loyalty/program', cookie: owner, body: { program } });
    expect(restored.statusCode, restored.body).toBe(200);
  });
});
