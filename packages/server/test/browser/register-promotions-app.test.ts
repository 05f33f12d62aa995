// The register app (packages/web/register) in Chromium against a real server: coupon codes and
// loyalty points at the counter. A coupon limited to two uses is applied on the basket (its
// promotion's name and amount are the server's quote), removed, applied again, parked and resumed
// with the basket, and sold; codes the server turns down (unknown, expired, used up — once while
// on the basket, when another register sold its last use, and once when typed) are shown with the
// server's reason and change nothing. A checked-in customer's balance and tier are shown, points
// below the minimum or beyond the balance are refused, and points spent with a coupon are a
// discount of the quote and of the order. Each sale is read back from the database: the order's
// discount and totals, the promotion's redemption rows and use count, the points ledger.
import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openRegisterAsManager } from '../support/browser';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

/** Dollars as the register shows them; a discount with its minus sign (U+2212). */
const money = (cents: number) => `${cents < 0 ? '−' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;
const SPRING = 'Spring: $5 off your basket';

describe('register app: coupons and loyalty points (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  let manager: string;
  let flower: CheckoutFixture; // HH-BD-35, $45.00
  let buyers: string[];
  let budtenderId: string;
  let springId: string; // SPRING5: $5.00 off, two uses in all
  let welcomeId: string; // the demo's WELCOME10: 10% off, once per customer
  const saleIds: string[] = [];

  const db = () => server.platform.database.db;
  const error = () => page.locator('#error');
  const line = (skuId: string) => page.locator(`.line[data-sku-id="${skuId}"]`);
  const ordersWithId = (id: string) => db().selectFrom('sales_order').select('id').where('id', '=', id).execute();
  const orderOf = (id: string) => db().selectFrom('sales_order').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const linesOf = (id: string) => db().selectFrom('sales_order_line').selectAll().where('order_id', '=', id).orderBy('line_no').execute();
  const redemptionsOf = async (orderId: string) =>
    (
      await db().selectFrom('promotion_redemption').select(['promotion_id', 'customer_id', 'code', 'amount_cents', 'counted', 'status']).where('order_id', '=', orderId).orderBy('promotion_id').execute()
    ).map((r) => ({ ...r, amount_cents: Number(r.amount_cents) }));
  const springUses = async () => (await db().selectFrom('promotion').select('uses').where('id', '=', springId).executeTakeFirstOrThrow()).uses;
  const springRedemptions = async () => Number((await db().selectFrom('promotion_redemption').select((eb) => eb.fn.countAll<string>().as('n')).where('promotion_id', '=', springId).executeTakeFirstOrThrow()).n);
  const onHand = async () => Number((await db().selectFrom('inventory_stock').select('on_hand').where('package_id', '=', flower.packageId).executeTakeFirstOrThrow()).on_hand);
  const ledgerOf = async (customerId: string) =>
    (
      await db().selectFrom('loyalty_entry').select(['kind', 'points', 'balance_after', 'order_id', 'discount_cents']).where('customer_id', '=', customerId).orderBy('created_at').execute()
    ).map((e) => ({ ...e, discount_cents: e.discount_cents === null ? null : Number(e.discount_cents) }));
  const accountOf = (customerId: string) => db().selectFrom('loyalty_account').select(['balance_points', 'lifetime_points']).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
  /** The points the program (1 per dollar, Green tier ×1) earns on an order: its lines after every discount, before tax. */
  const earnedOn = async (orderId: string) => Math.floor((await linesOf(orderId)).reduce((sum, l) => sum + Number(l.gross_cents) - Number(l.discount_cents), 0) / 100);

  async function switchIn(staffId: string, name: string) {
    await page.selectOption('#pin-user', staffId);
    await page.fill('#pin', '1234');
    await page.click('#pin-form button[type=submit]');
    await expect.poll(() => page.locator('#who').textContent()).toBe(name);
  }
  async function chooseCustomer(customerId: string, name: string) {
    await page.fill('#customer-q', name.replace('Test ', ''));
    await page.click('#customer-search button[type=submit]');
    await page.locator(`.customer-result[data-customer-id="${customerId}"]`).getByRole('button', { name: 'Select' }).click();
    await expect.poll(() => page.locator('#customer').textContent()).toBe(name);
  }
  /** Two of the flower package in the basket, priced by the server (and checked, with a customer). */
  async function twoFlowers({ customer = true } = {}) {
    await page.fill('#scan-code', flower.packageLabel);
    await page.press('#scan-code', 'Enter');
    await line(flower.skuId).waitFor();
    await line(flower.skuId).locator('input').fill('2');
    await line(flower.skuId).locator('input').press('Tab');
    await expect.poll(() => page.locator('#subtotal').textContent()).toBe(money(2 * flower.priceCents));
    if (customer) await expect.poll(() => page.locator('#verdict').textContent()).toBe('Allowed');
  }
  async function applyCoupon(code: string) {
    await page.fill('#coupon-code', code);
    await page.click('#coupon-form button[type=submit]');
  }
  async function redeem(points: number) {
    await page.fill('#points', String(points));
    await page.click('#points-form button[type=submit]');
  }
  async function complete() {
    await page.fill('#tendered', '200');
    await page.click('#complete');
  }
  /** The total on screen in cents, or null while the server is quoting. */
  const shownTotal = async () => {
    const total = page.locator('#total');
    if ((await total.count()) === 0) return null;
    return Math.round(Number((await total.textContent())!.replace(/[^0-9.]/g, '')) * 100);
  };
  const shownDiscount = async () => ((await page.locator('#discount').count()) === 0 ? null : await page.locator('#discount').textContent());
  const discountLines = () => page.locator('#discounts li').allTextContents();

  beforeAll(async () => {
    server = await startTestServer();
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    manager = await server.login('manager');
    flower = await stockedSku(db(), server.organizationId, { quantity: 30 });
    buyers = await customers(db(), server.organizationId, 4);
    budtenderId = (await db().selectFrom('staff_user').select('id').where('email', '=', 'budtender@demo.verdant.test').executeTakeFirstOrThrow()).id;

    // The coupons, as the manager sets them up in the back office: one good for two uses in all,
    // and one whose dates have passed.
    const spring = await server.request({
      method: 'POST',
      url: '/v1/promotions',
      cookie: manager,
      body: { name: SPRING, receiptLabel: 'SPRING5', codes: ['SPRING5'], maxUses: 2, action: { type: 'fixed_off_order', amountCents: 500 } },
    });
    expect(spring.statusCode, spring.body).toBe(201);
    springId = spring.json().id;
    const expired = await server.request({
      method: 'POST',
      url: '/v1/promotions',
      cookie: manager,
      body: {
        name: 'Last winter: 20% off',
        codes: ['WINTER20'],
        startsAt: '2020-12-01T00:00:00Z',
        endsAt: '2021-03-01T00:00:00Z',
        action: { type: 'percent_off_order', percent: 20 },
      },
    });
    expect(expired.statusCode, expired.body).toBe(201);
    welcomeId = (await db().selectFrom('promotion_code').select('promotion_id').where('code_key', '=', 'WELCOME10').executeTakeFirstOrThrow()).promotion_id;

    browser = await launchChromium();
    page = await browser.newPage();
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/pos-sales')) saleIds.push(JSON.parse(request.postData() ?? '{}').id);
    });

    // The manager signs the register in and opens the drawer (the budtender switches in in the first test).
    await openRegisterAsManager(page, url, flower.storeId, 300);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a coupon: applied with its promotion’s name and amount (before and after the customer is chosen), removed, applied again, parked and resumed with the basket, sold: the order’s discount, its redemption row and the coupon’s use count', async () => {
    await switchIn(budtenderId, 'Bea Budtender');
    // No customer yet: the basket is priced by the promotions preview, which takes the code too.
    // Typed in lower case: the server matches codes case-insensitively, the register shows them upper case.
    await twoFlowers({ customer: false });
    expect(await shownDiscount()).toBeNull();
    await applyCoupon('spring5');
    await expect.poll(discountLines).toEqual([`${SPRING} · coupon SPRING5 ${money(-500)}`]);
    expect(await page.locator('#total').textContent()).toBe(money(2 * flower.priceCents - 500)); // before tax
    expect(await page.locator('#verdict').textContent()).toBe('Pick a customer to check limits and taxes.');

    // The customer: the register quote, with the coupon, taxes and the verdict.
    await chooseCustomer(buyers[0], 'Test Buyer1');
    await expect.poll(() => page.locator('#verdict').textContent()).toBe('Allowed');
    await expect.poll(discountLines).toEqual([`${SPRING} · coupon SPRING5 ${money(-500)}`]);
    expect(await page.locator(`.discount[data-promotion-id="${springId}"]`).count()).toBe(1);
    expect(await page.locator('.coupon[data-code="SPRING5"]').textContent()).toBe(`Coupon SPRING5 · ${SPRING} · ${money(-500)} Remove`);
    expect(await shownDiscount()).toBe(money(-500));
    const withCoupon = (await shownTotal())!;

    // Removed: the basket is quoted without it again.
    await page.locator('.coupon[data-code="SPRING5"]').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(discountLines).toEqual([]);
    await expect.poll(shownTotal).not.toBeNull();
    const withoutCoupon = (await shownTotal())!;
    expect(withoutCoupon).toBeGreaterThan(withCoupon);
    expect(await page.locator('.coupon').count()).toBe(0);
    expect(await shownDiscount()).toBeNull();

    // Applied again, and the basket parked with it: it comes back with the coupon on it.
    await applyCoupon('SPRING5');
    await expect.poll(shownTotal).toBe(withCoupon);
    await page.click('#park');
    await expect.poll(() => page.locator('.parked-cart').count()).toBe(1);
    expect(await page.locator('.coupon').count()).toBe(0);
    const parked = await db().selectFrom('register_parked_cart').select(['id', 'payload']).where('status', '=', 'parked').executeTakeFirstOrThrow();
    expect(parked.payload).toMatchObject({ customer: { id: buyers[0] }, couponCodes: ['SPRING5'], lines: [{ skuId: flower.skuId, quantity: 2 }] });
    await page.locator(`.parked-cart[data-cart-id="${parked.id}"]`).getByRole('button', { name: 'Resume' }).click();
    await expect.poll(discountLines).toEqual([`${SPRING} · coupon SPRING5 ${money(-500)}`]);
    await expect.poll(shownTotal).toBe(withCoupon);
    expect(await springUses()).toBe(0); // a quote counts nothing: the sale does

    await complete();
    await page.locator('#done').waitFor();
    const saleId = saleIds.at(-1)!;
    const order = await orderOf(saleId);
    expect(order).toMatchObject({ status: 'completed', customer_id: buyers[0], budtender_id: budtenderId });
    expect([Number(order.subtotal_cents), Number(order.discount_cents), Number(order.total_cents)]).toEqual([2 * flower.priceCents, 500, withCoupon]);
    expect((await linesOf(saleId)).reduce((sum, l) => sum + Number(l.discount_cents), 0)).toBe(500);
    expect(await redemptionsOf(saleId)).toEqual([{ promotion_id: springId, customer_id: buyers[0], code: 'SPRING5', amount_cents: 500, counted: true, status: 'redeemed' }]);
    expect(await springUses()).toBe(1);
    expect(await page.locator('#done-title').textContent()).toContain(money(withCoupon));
    // The receipt names the coupon (from the redemption row).
    await expect.poll(() => page.frameLocator('#receipt').locator('body').textContent()).toContain('SPRING5');
    // Points earned on what was paid after the coupon, as the ledger has them.
    const earned = await earnedOn(saleId);
    expect(await ledgerOf(buyers[0])).toEqual([{ kind: 'earn', points: earned, balance_after: earned, order_id: saleId, discount_cents: null }]);
    await expect.poll(() => page.locator('#points-result').textContent()).toBe(`Points earned ${earned} · none spent · balance now ${earned}`);
  });

  it('codes the server turns down — unknown, expired, used up on the basket by another register’s sale, used up when typed — are shown with its reason and change nothing', async () => {
    await page.click('#next-customer');
    await chooseCustomer(buyers[1], 'Test Buyer2');
    await twoFlowers();
    const total = (await shownTotal())!;
    const stockBefore = await onHand();
    const unchanged = async () => ({
      coupons: await page.locator('.coupon').count(),
      discounts: await discountLines(),
      discount: await shownDiscount(),
      total: await shownTotal(),
      uses: await springUses(),
      redemptions: await springRedemptions(),
      onHand: await onHand(),
    });
    const before = { coupons: 0, discounts: [], discount: null, total, uses: 1, redemptions: 1, onHand: stockBefore };

    await applyCoupon('nope-0000');
    await expect.poll(() => error().textContent()).toBe('Coupon NOPE-0000 not applied: no coupon has this code. (COUPON_UNKNOWN)');
    await expect.poll(unchanged).toEqual(before);
    await applyCoupon('winter20');
    await expect.poll(() => error().textContent()).toBe('Coupon WINTER20 not applied: the coupon has expired. (COUPON_EXPIRED)');
    await expect.poll(unchanged).toEqual(before);

    // SPRING5 applies (its second and last use) ... and another register sells that use meanwhile.
    await applyCoupon('SPRING5');
    await expect.poll(discountLines).toEqual([`${SPRING} · coupon SPRING5 ${money(-500)}`]);
    expect(await error().isHidden()).toBe(true);
    const elsewhere = await server.request({
      method: 'POST',
      url: `/v1/stores/${flower.storeId}/pos-sales`,
      cookie: manager,
      body: { id: uuidv7(), customerId: buyers[2], lines: [{ skuId: flower.skuId, quantity: 1 }], couponCodes: ['SPRING5'], tenders: [{ kind: 'cash', tenderedCents: 10_000 }] },
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    expect(await springUses()).toBe(2);
    const stock = await onHand();

    // The sale is refused whole: no order, no payment, no use, no stock moved.
    await complete();
    await expect.poll(() => error().textContent()).toContain('(COUPON_LIMIT_REACHED)');
    expect(await error().textContent()).toContain(SPRING);
    const refused = saleIds.at(-1)!;
    expect(await ordersWithId(refused)).toHaveLength(0);
    expect(await redemptionsOf(refused)).toEqual([]);
    expect(await db().selectFrom('payment').select('id').where('order_id', '=', refused).execute()).toHaveLength(0);
    expect(await springUses()).toBe(2);
    expect(await springRedemptions()).toBe(2);
    expect(await onHand()).toBe(stock);
    expect(await page.locator('#sale').isVisible()).toBe(true);

    // Taken off, and typed again: the quote refuses it now, and it is not kept.
    await page.locator('.coupon[data-code="SPRING5"]').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(shownTotal).toBe(total);
    await applyCoupon('SPRING5');
    await expect.poll(() => error().textContent()).toContain('(COUPON_LIMIT_REACHED)');
    await expect.poll(unchanged).toEqual({ ...before, uses: 2, redemptions: 2, onHand: stock });

    // The sale without it: no discount, no redemption.
    await complete();
    await page.locator('#done').waitFor();
    const saleId = saleIds.at(-1)!;
    expect(saleId).not.toBe(refused);
    const order = await orderOf(saleId);
    expect([Number(order.discount_cents), Number(order.total_cents)]).toEqual([0, total]);
    expect(await redemptionsOf(saleId)).toEqual([]);
    expect(await springUses()).toBe(2);
  });

  it('loyalty points: a checked-in customer’s balance and tier; points below the minimum and beyond the balance are refused; points spent with a coupon are a discount of the quote and the order, and the ledger has them spent and earned', async () => {
    const customerId = buyers[3];
    const adjust = await server.request({ method: 'POST', url: `/v1/loyalty/accounts/${customerId}/adjustments`, cookie: manager, body: { points: 500, reason: 'Balance carried over from the old system' } });
    expect(adjust.statusCode, adjust.body).toBe(200);
    const checkIn = await server.request({ method: 'POST', url: `/v1/stores/${flower.storeId}/queue`, cookie: manager, body: { customerId, customerName: 'Test Buyer4' } });
    expect(checkIn.statusCode, checkIn.body).toBe(201);
    const entryId = checkIn.json().id as string;
    const account = (await server.request({ method: 'GET', url: `/v1/loyalty/accounts/${customerId}`, cookie: manager })).json();
    expect(account).toMatchObject({ balancePoints: 500, lifetimePoints: 0, tier: { name: 'Green' }, nextTier: { name: 'Gold', pointsNeeded: 1000 } });

    // No customer yet, no points; the checked-in customer's balance and tier are the server's.
    await page.click('#next-customer');
    expect(await page.locator('#loyalty').isHidden()).toBe(true);
    await page.click('#refresh-queue');
    await page.locator(`.queue-entry[data-entry-id="${entryId}"]`).getByRole('button', { name: 'Serve' }).click();
    await expect.poll(() => page.locator('#customer').textContent()).toBe('Test Buyer4');
    await expect.poll(() => page.locator('#loyalty-account').textContent()).toBe('500 points to spend · tier Green · 1000 more lifetime points to Gold');
    expect(await page.locator('#loyalty-rules').textContent()).toBe('100 points = $5.00 off · at least 100 points · at most 50% of the sale · only whole blocks are spent');
    await twoFlowers();
    await applyCoupon('WELCOME10');
    await expect.poll(discountLines).toEqual([`Welcome: 10% off your first visit · coupon WELCOME10 ${money(-900)}`]);
    const total = (await shownTotal())!;
    const ledgerBefore = await ledgerOf(customerId);
    expect(ledgerBefore.map((e) => [e.kind, e.points])).toEqual([['adjust', 500]]);
    const unchanged = async () => ({ discounts: await discountLines(), discount: await shownDiscount(), total: await shownTotal(), redeemed: await page.locator('#loyalty-redeemed').textContent(), ledger: await ledgerOf(customerId) });
    const before = { discounts: [`Welcome: 10% off your first visit · coupon WELCOME10 ${money(-900)}`], discount: money(-900), total, redeemed: '', ledger: ledgerBefore };

    // Fewer than the program's minimum, then more than the balance: the server refuses, nothing is kept.
    await redeem(50);
    await expect.poll(() => error().textContent()).toContain('(LOYALTY_REDEMPTION_NOT_POSSIBLE)');
    await expect.poll(unchanged).toEqual(before);
    await redeem(600);
    await expect.poll(() => error().textContent()).toContain('(LOYALTY_INSUFFICIENT_POINTS)');
    expect(await error().textContent()).toContain('The customer has 500 points; 600 are needed.');
    await expect.poll(unchanged).toEqual(before);

    // 250 offered: the server spends whole blocks of 100, so 200 points for $10.00 off, after the coupon.
    await redeem(250);
    await expect.poll(discountLines).toEqual([`Welcome: 10% off your first visit · coupon WELCOME10 ${money(-900)}`, `Loyalty points (200) ${money(-1000)}`]);
    expect(await page.locator('#loyalty-redeemed').textContent()).toBe(`Redeeming 200 points for ${money(-1000)} (250 offered: the server spends whole blocks within the program’s limits)`);
    expect(await shownDiscount()).toBe(money(-1900));
    const withPoints = (await shownTotal())!;
    expect(withPoints).toBeLessThan(total);
    expect(await ledgerOf(customerId)).toEqual(ledgerBefore); // a quote spends nothing

    await complete();
    await page.locator('#done').waitFor();
    const saleId = saleIds.at(-1)!;
    const order = await orderOf(saleId);
    expect(order).toMatchObject({ status: 'completed', customer_id: customerId });
    expect([Number(order.subtotal_cents), Number(order.discount_cents), Number(order.total_cents)]).toEqual([2 * flower.priceCents, 1900, withPoints]);
    const lines = await linesOf(saleId);
    expect(Number(order.total_cents)).toBe(Number(order.subtotal_cents) - Number(order.discount_cents) + Number(order.tax_cents));
    expect(lines.reduce((sum, l) => sum + Number(l.discount_cents), 0)).toBe(1900);
    expect(await redemptionsOf(saleId)).toEqual([{ promotion_id: welcomeId, customer_id: customerId, code: 'WELCOME10', amount_cents: 900, counted: true, status: 'redeemed' }]);

    // The ledger: 200 spent for $10.00, then points earned on what was paid after both discounts.
    const earned = await earnedOn(saleId);
    expect(earned).toBe(Math.floor((2 * flower.priceCents - 1900) / 100));
    const ledger = await ledgerOf(customerId);
    expect(ledger.slice(1)).toEqual([
      { kind: 'redeem', points: -200, balance_after: 300, order_id: saleId, discount_cents: 1000 },
      { kind: 'earn', points: earned, balance_after: 300 + earned, order_id: saleId, discount_cents: null },
    ]);
    expect(await accountOf(customerId)).toEqual({ balance_points: 300 + earned, lifetime_points: earned });
    expect(ledger.reduce((sum, e) => sum + e.points, 0)).toBe(300 + earned);
    await expect.poll(() => page.locator('#points-result').textContent()).toBe(`Points earned ${earned} · spent 200 ($10.00 off) · balance now ${300 + earned}`);
    expect((await db().selectFrom('register_queue_entry').select('status').where('id', '=', entryId).executeTakeFirstOrThrow()).status).toBe('done');
  });
});
