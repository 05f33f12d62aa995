// The online store (packages/web/store) open in two tabs of one shopper, in Chromium against a real
// server. A shopper has one open cart per store and channel: a tab still on a cart the other tab
// placed follows the server's CART_CLOSED to the shopper's open cart, or names the order and starts
// afresh, and a tab that shows no cart adds to the open cart the other one started, keeping its items.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const PASSWORD = 'a-long-shopper-password';

describe('online store app in two tabs of one shopper (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let url: string;
  let fx: CheckoutFixture;
  let seq = 0;

  beforeAll(async () => {
    server = await startTestServer();
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 40 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const db = () => server.platform.database.db;

  /** A tab of the store in `context` (tabs of one context share the session cookie and the remembered cart). */
  async function openTab(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${url}/app/store/?store=${fx.storeId}`);
    await page.locator(`.sku[data-sku-id="${fx.skuId}"]`).waitFor();
    return page;
  }

  /** Opens an account from the tab's form: the shopper's e-mail and customer id. */
  async function signUp(page: Page): Promise<{ email: string; customerId: string }> {
    const email = `tabs-${++seq}-${Date.now()}@example.test`;
    await page.getByRole('button', { name: 'Sign in' }).click();
    const form = page.locator('#sign-up-form');
    await form.locator('input[name=email]').fill(email);
    await form.locator('input[name=password]').fill(PASSWORD);
    await form.locator('input[name=firstName]').fill('Casey');
    await form.locator('input[name=lastName]').fill('Shopper');
    await form.locator('input[name=birthDate]').fill('1987-05-09');
    await form.getByRole('button', { name: 'Open account' }).click();
    await expect.poll(() => page.locator('#who').textContent()).toBe('Casey Shopper');
    const customer = await db().selectFrom('customer').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    return { email, customerId: customer.id };
  }

  const line = (page: Page) => page.locator(`.cart-line[data-sku-id="${fx.skuId}"]`);
  const quantityIn = (page: Page) => line(page).locator('.quantity').textContent();
  const addToCart = (page: Page) => page.locator(`.sku[data-sku-id="${fx.skuId}"]`).getByRole('button', { name: 'Add to cart' }).click();
  const oneMore = (page: Page) => line(page).getByRole('button', { name: /^One more/ }).click();

  /** Places the pickup order from the tab's form: the order's number, as the tab says it. */
  async function placeOrder(page: Page): Promise<string> {
    await page.fill('#checkout input[name=name]', 'Casey Shopper');
    await page.fill('#checkout input[name=phone]', '+1 510 555 0188');
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/^Order \d+ is placed/);
    return /^Order (\d+)/.exec((await page.locator('#notice').textContent())!)![1];
  }

  const cartsOf = (customerId: string) =>
    db()
      .selectFrom('sales_cart')
      .select(['id', 'status', 'order_id'])
      .where('customer_id', '=', customerId)
      .orderBy('created_at')
      .execute();
  const cartLines = async (cartId: string) => {
    const cart = await db().selectFrom('sales_cart').select('lines').where('id', '=', cartId).executeTakeFirstOrThrow();
    return (cart.lines as Array<{ skuId: string; quantity: number }>).map((l) => ({ sku_id: l.skuId, quantity: l.quantity }));
  };
  const ordered = async (customerId: string) =>
    (
      await db()
        .selectFrom('sales_order')
        .innerJoin('sales_order_line', 'sales_order_line.order_id', 'sales_order.id')
        .select(['sales_order.number', 'sales_order_line.quantity'])
        .where('sales_order.customer_id', '=', customerId)
        .orderBy('sales_order.number')
        .execute()
    ).map((o) => ({ number: String(o.number), quantity: Number(o.quantity) }));

  it('a tab still on a cart the other tab ordered switches to the shopper’s open cart, or names the order and starts afresh; its click changes nothing', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const first = await openTab(context);
    const { customerId } = await signUp(first);
    await addToCart(first);
    await expect.poll(() => quantityIn(first)).toBe('1');
    // The second tab finds the same cart.
    const second = await openTab(context);
    await expect.poll(() => quantityIn(second)).toBe('1');
    const [x] = await cartsOf(customerId);

    // The first tab orders it and starts another cart.
    const n = await placeOrder(first);
    await addToCart(first);
    await expect.poll(() => quantityIn(first)).toBe('1');
    const y = (await cartsOf(customerId)).find((c) => c.status === 'open')!;
    expect(y.id).not.toBe(x.id);

    // The second tab, one more on the ordered cart: told where it went, and shown the open cart as it is.
    await oneMore(second);
    await expect.poll(() => second.locator('#notice').textContent()).toBe(`This cart was ordered in another tab or window: order ${n}. Here is the cart you have open now.`);
    expect(await second.locator('#error').isHidden()).toBe(true);
    await expect.poll(() => quantityIn(second)).toBe('1');
    expect(await cartLines(y.id)).toEqual([{ sku_id: fx.skuId, quantity: 1 }]);
    expect(await ordered(customerId)).toEqual([{ number: n, quantity: 1 }]);
    expect(await second.evaluate((key) => localStorage.getItem(key), `verdant.cart.${fx.storeId}.${customerId}`)).toBe(y.id);
    // And it shops on there.
    await oneMore(second);
    await expect.poll(() => quantityIn(second)).toBe('2');
    expect(await cartLines(y.id)).toEqual([{ sku_id: fx.skuId, quantity: 2 }]);

    // Now the second tab orders; the first, still on that cart, has no open cart to go to.
    const m = await placeOrder(second);
    await oneMore(first);
    await expect.poll(() => first.locator('#notice').textContent()).toBe(`This cart was ordered in another tab or window: order ${m}. Your cart here starts afresh.`);
    expect(await first.locator('#error').isHidden()).toBe(true);
    await expect.poll(() => first.locator('#cart-empty').isVisible()).toBe(true);
    expect((await cartsOf(customerId)).map((c) => c.status)).toEqual(['completed', 'completed']);
    expect(await ordered(customerId)).toEqual([
      { number: n, quantity: 1 },
      { number: m, quantity: 2 },
    ]);
    await context.close();
  });

  /** Another browser window (its own cookies, no remembered cart), signed in to the shopper's account. */
  async function anotherWindow(email: string) {
    const there = await browser.newContext({ locale: 'en-US' });
    const second = await openTab(there);
    await second.getByRole('button', { name: 'Sign in' }).click();
    await second.locator('#sign-in-form input[name=email]').fill(email);
    await second.locator('#sign-in-form input[name=password]').fill(PASSWORD);
    await second.locator('#sign-in-form').getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => second.locator('#who').textContent()).toBe('Casey Shopper');
    return { there, second };
  }

  it('a tab that shows no cart adds to the open cart the shopper started elsewhere, keeping its items', async () => {
    const here = await browser.newContext({ locale: 'en-US' });
    const first = await openTab(here);
    const { email, customerId } = await signUp(first);
    await addToCart(first);
    await expect.poll(() => quantityIn(first)).toBe('1');

    // Another window, signed in to the same account: it remembers no cart.
    const { there, second } = await anotherWindow(email);
    expect(await second.locator('#cart-empty').isVisible()).toBe(true);

    await addToCart(second);
    await expect.poll(() => quantityIn(second)).toBe('2');
    const carts = await cartsOf(customerId);
    expect(carts.map((c) => c.status)).toEqual(['open']);
    expect(await cartLines(carts[0].id)).toEqual([{ sku_id: fx.skuId, quantity: 2 }]);
    expect(await second.locator('#error').isHidden()).toBe(true);
    await here.close();
    await there.close();
  });

  it('a tab moving a cart another window moved already shows where the items went; a cart moved to delivery joins the delivery cart there', async () => {
    const here = await browser.newContext({ locale: 'en-US' });
    const first = await openTab(here);
    const { email, customerId } = await signUp(first);
    await addToCart(first);
    await expect.poll(() => quantityIn(first)).toBe('1');
    const { there, second } = await anotherWindow(email);
    await addToCart(second);
    await expect.poll(() => quantityIn(second)).toBe('2');
    const openCart = async () => {
      const open = (await cartsOf(customerId)).filter((c) => c.status === 'open');
      expect(open).toHaveLength(1);
      return { id: open[0].id, lines: await cartLines(open[0].id) };
    };

    // The second window moves the two units to delivery; the first, still showing one on the old
    // cart, chooses delivery too: it is shown the delivery cart with the two, and moves nothing again.
    await second.getByLabel('Delivery').check();
    await expect.poll(() => second.locator('#address').isVisible()).toBe(true);
    await expect.poll(async () => (await openCart()).lines).toEqual([{ sku_id: fx.skuId, quantity: 2 }]);
    const delivery = (await openCart()).id;
    expect(await quantityIn(first)).toBe('1');
    await first.getByLabel('Delivery').check();
    await expect.poll(() => first.locator('#notice').textContent()).toBe('This cart was closed in another tab or window. Here is the cart you have open now.');
    await expect.poll(() => quantityIn(first)).toBe('2');
    expect(await first.locator('#error').isHidden()).toBe(true);
    expect(await openCart()).toEqual({ id: delivery, lines: [{ sku_id: fx.skuId, quantity: 2 }] });

    // Back to pickup in the second window; the first, on the delivery cart given up, starts a new one with one unit.
    await second.getByLabel('Pickup at the store').check();
    await expect.poll(async () => (await openCart()).id).not.toBe(delivery);
    await addToCart(first);
    await expect.poll(() => first.locator('#notice').textContent()).toBe('This cart was closed in another tab or window. Your cart here starts afresh.');
    await addToCart(first);
    await expect.poll(() => quantityIn(first)).toBe('1');
    const carts = await cartsOf(customerId);
    expect(carts.filter((c) => c.status === 'open')).toHaveLength(2);

    // The second window's two pickup units moved to delivery join the first window's delivery unit.
    await second.getByLabel('Delivery').check();
    await expect.poll(() => quantityIn(second)).toBe('3');
    // The pickup cart is given up once the items are in: then the delivery cart is the one open.
    await expect.poll(async () => (await cartsOf(customerId)).filter((c) => c.status === 'open').length).toBe(1);
    expect((await openCart()).lines).toEqual([{ sku_id: fx.skuId, quantity: 3 }]);
    expect(await second.locator('#error').isHidden()).toBe(true);
    await here.close();
    await there.close();
  });
});
