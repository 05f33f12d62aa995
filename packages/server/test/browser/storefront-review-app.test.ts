// The online store (packages/web/store) as customers use it, in Chromium against a real server:
// double clicks and double submits that must not write twice, a sign-in form that keeps no
// password for the next person at the screen, times on the store's clock wherever the shopper is,
// a menu longer than one page, and a limit meter that follows a cancelled order.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const PASSWORD = 'a-long-shopper-password';

describe('online store app, as customers use it (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let url: string;
  let fx: CheckoutFixture;
  let seq = 0;

  beforeAll(async () => {
    // No mail server: the store takes orders without a confirmed e-mail address (SHOP_EMAIL_VERIFICATION off).
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

  /** A page of the store in a fresh context, with its requests counted until each is answered (the availability stream aside). */
  async function openStore(options: { timezoneId?: string } = {}): Promise<{ page: Page; context: BrowserContext; settled: () => Promise<void> }> {
    const context = await browser.newContext({ locale: 'en-US', ...options });
    const page = await context.newPage();
    const out = new Set<unknown>();
    page.on('request', (r) => !r.url().includes('/stream') && out.add(r));
    page.on('requestfinished', (r) => out.delete(r));
    page.on('requestfailed', (r) => out.delete(r));
    await page.goto(`${url}/app/store/?store=${fx.storeId}`);
    await page.locator(`.sku[data-sku-id="${fx.skuId}"]`).waitFor();
    return { page, context, settled: () => expect.poll(() => out.size).toBe(0) };
  }

  async function fillSignUp(page: Page, email: string): Promise<void> {
    await page.getByRole('button', { name: 'Sign in' }).click();
    const form = page.locator('#sign-up-form');
    await form.locator('input[name=email]').fill(email);
    await form.locator('input[name=password]').fill(PASSWORD);
    await form.locator('input[name=firstName]').fill('Casey');
    await form.locator('input[name=lastName]').fill('Shopper');
    await form.locator('input[name=birthDate]').fill('1987-05-09');
  }

  /** Opens an account from the page's form: the shopper's e-mail and customer id. */
  async function signUp(page: Page): Promise<{ email: string; customerId: string }> {
    const email = `review-${++seq}-${Date.now()}@example.test`;
    await fillSignUp(page, email);
    await page.locator('#sign-up-form').getByRole('button', { name: 'Open account' }).click();
    await expect.poll(() => page.locator('#who').textContent()).toBe('Casey Shopper');
    const customer = await db().selectFrom('customer').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    return { email, customerId: customer.id };
  }

  const quantityIn = (page: Page) => page.locator(`.cart-line[data-sku-id="${fx.skuId}"] .quantity`).textContent();

  it('a double click on Add to cart starts one cart and holds one unit', async () => {
    const { page, context, settled } = await openStore();
    const { customerId } = await signUp(page);
    const before = (await ledgerMatches(db(), fx.packageId)).reserved;

    await page.locator(`.sku[data-sku-id="${fx.skuId}"]`).getByRole('button', { name: 'Add to cart' }).dblclick();
    await expect.poll(() => quantityIn(page)).toBe('1');
    await settled();
    const carts = await db().selectFrom('sales_cart').select(['id', 'status']).where('customer_id', '=', customerId).execute();
    expect(carts.filter((c) => c.status === 'open')).toHaveLength(1);
    expect((await ledgerMatches(db(), fx.packageId)).reserved).toBe(before + 1);
    expect(await page.locator('#error').isHidden()).toBe(true);
    await context.close();
  });

  it('a double click on Open account opens it once, with no refusal shown', async () => {
    const { page, context, settled } = await openStore();
    const email = `double-${Date.now()}@example.test`;
    await fillSignUp(page, email);
    await page.locator('#sign-up-form').getByRole('button', { name: 'Open account' }).dblclick();
    await expect.poll(() => page.locator('#who').textContent()).toBe('Casey Shopper');
    await settled();
    expect(await page.locator('#error').isHidden(), String(await page.locator('#error').textContent())).toBe(true);
    expect(await page.locator('#notice').textContent()).toBe('Your account is open.');
    await context.close();
  });

  it('after signing in and out, the next person at the screen finds no e-mail, password or contact details filled in', async () => {
    const { page, context } = await openStore();
    const { email } = await signUp(page);
    await page.locator(`.sku[data-sku-id="${fx.skuId}"]`).getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => quantityIn(page)).toBe('1');
    const checkout = page.locator('#checkout');
    await checkout.locator('input[name=name]').fill('Casey Shopper');
    await checkout.locator('input[name=phone]').fill('+1 510 555 0177');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.locator('#who').textContent()).toBe('');
    expect(await checkout.locator('input[name=name]').inputValue()).toBe('');
    expect(await checkout.locator('input[name=phone]').inputValue()).toBe('');

    await page.getByRole('button', { name: 'Sign in' }).click();
    const signIn = page.locator('#sign-in-form');
    expect(await page.locator('#sign-up-form input[name=password]').inputValue()).toBe('');
    await signIn.locator('input[name=email]').fill(email);
    await signIn.locator('input[name=password]').fill(PASSWORD);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#who').textContent()).toBe('Casey Shopper');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.locator('#who').textContent()).toBe('');

    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await signIn.locator('input[name=password]').inputValue()).toBe('');
    expect(await signIn.locator('input[name=email]').inputValue()).toBe('');
    await context.close();
  });

  it('a session that ends during checkout asks the shopper to sign in again, and the cart is there when they do', async () => {
    const { page, context } = await openStore();
    const { email, customerId } = await signUp(page);
    await page.locator(`.sku[data-sku-id="${fx.skuId}"]`).getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => quantityIn(page)).toBe('1');
    const checkout = page.locator('#checkout');
    await checkout.locator('input[name=name]').fill('Casey Shopper');
    await checkout.locator('input[name=phone]').fill('+1 510 555 0177');
    await db().updateTable('shopper_session').set({ expires_at: new Date(Date.now() - 1000) }).where('customer_id', '=', customerId).execute();

    await checkout.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => page.locator('#error').textContent()).toContain('sign in again');
    expect(await page.locator('#error').textContent()).not.toContain('API key');
    expect(await page.locator('#sign-in-form').isVisible()).toBe(true);

    const signIn = page.locator('#sign-in-form');
    await signIn.locator('input[name=email]').fill(email);
    await signIn.locator('input[name=password]').fill(PASSWORD);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => quantityIn(page)).toBe('1');
    expect(await checkout.locator('input[name=name]').inputValue()).toBe('Casey Shopper');
    await checkout.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/Order \d+ is placed/);
    await context.close();
  });

  it('the hold and an order are timed on the store’s clock, for a shopper whose computer is set to another time zone', async () => {
    const { page, context } = await openStore({ timezoneId: 'Asia/Tokyo' });
    const { customerId } = await signUp(page);
    await page.locator(`.sku[data-sku-id="${fx.skuId}"]`).getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => page.locator('#hold').textContent()).toContain('Held for you until');

    /** Hour and minute of an instant on the Oakland store's clock (America/Los_Angeles). */
    const oakland = (at: Date) => {
      const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', hour: 'numeric', minute: '2-digit', hourCycle: 'h12' }).formatToParts(at);
      return `${parts.find((p) => p.type === 'hour')!.value}:${parts.find((p) => p.type === 'minute')!.value}`;
    };
    const cart = await db().selectFrom('sales_cart').select('hold_expires_at').where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    const hold = (await page.locator('#hold').textContent()) ?? '';
    expect(hold).toContain(`until ${oakland(new Date(cart.hold_expires_at!))}`);
    expect(hold).toMatch(/P[SD]T/);

    const form = page.locator('#checkout');
    await form.locator('input[name=name]').fill('Casey Shopper');
    await form.locator('input[name=phone]').fill('+1 510 555 0177');
    await form.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/Order \d+ is placed/);
    await page.getByRole('button', { name: 'My orders' }).click();
    const order = await db().selectFrom('sales_order').select(['id', 'placed_at']).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    const listed = page.locator(`#order-list li[data-order-id="${order.id}"]`);
    await listed.waitFor();
    expect(await listed.textContent()).toContain(oakland(new Date(order.placed_at as unknown as string)));
    expect(await listed.textContent()).toMatch(/P[SD]T/);
    await context.close();
  });

  it('a menu longer than a page shows every product, a page at a time', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    // Pages of 5, so the demo menu (some 28 products) runs to several.
    await page.route('**/v1/public/stores/*/products?*', (route) => route.continue({ url: route.request().url().replace(/([?&]limit=)\d+/, '$15') }));
    await page.goto(`${url}/app/store/?store=${fx.storeId}`);
    await expect.poll(() => page.locator('#menu-count').textContent()).toMatch(/^\d+ products$/);
    const total = Number(/^(\d+)/.exec((await page.locator('#menu-count').textContent())!)![1]);
    expect(total).toBeGreaterThan(10);
    const more = page.getByRole('button', { name: 'Show more' });
    for (let pages = 1; pages * 5 < total; pages++) {
      await more.click({ timeout: 5000 });
      await expect.poll(() => page.locator('#products > li').count()).toBe(Math.min(total, (pages + 1) * 5));
    }
    expect(await more.isHidden()).toBe(true);
    const titles = await page.locator('#products > li > strong').allTextContents();
    expect(new Set(titles).size).toBe(total);

    // A new search starts over at its first page.
    await page.locator('#search input[name=q]').fill('Blue Dream');
    await page.locator('#search').getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('#products > li').count()).toBeLessThanOrEqual(5);
    expect(await page.locator('#products > li > strong').allTextContents()).toContain('Blue Dream');
    await context.close();
  });

  it('an order the store moved on meanwhile: the refused cancellation says why, and the list shows the order as the store has it', async () => {
    const { page, context } = await openStore();
    const { customerId } = await signUp(page);
    await page.locator(`.sku[data-sku-id="${fx.skuId}"]`).getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => quantityIn(page)).toBe('1');
    const form = page.locator('#checkout');
    await form.locator('input[name=name]').fill('Casey Shopper');
    await form.locator('input[name=phone]').fill('+1 510 555 0177');
    await form.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/Order \d+ is placed/);
    await page.getByRole('button', { name: 'My orders' }).click();
    const order = await db().selectFrom('sales_order').select('id').where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    const listed = page.locator(`#order-list li[data-order-id="${order.id}"]`);
    await expect.poll(() => listed.textContent()).toContain('placed');

    const byStore = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/transitions`, cookie: await server.login('manager'), body: { to: 'cancelled', reason: 'the store closed early' } });
    expect(byStore.statusCode, byStore.body).toBe(200);
    page.once('dialog', (dialog) => void dialog.accept());
    await listed.getByRole('button', { name: 'Cancel order' }).click();
    await expect.poll(() => page.locator('#error').textContent()).toContain('ORDER_NOT_CANCELLABLE');
    await expect.poll(() => listed.textContent()).toContain('cancelled');
    expect(await listed.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    await context.close();
  });

  it('cancelling an order gives its share of the limit back on the open cart’s meter at once', async () => {
    const { page, context } = await openStore();
    await signUp(page);
    const add = page.locator(`.sku[data-sku-id="${fx.skuId}"]`).getByRole('button', { name: 'Add to cart' });
    await add.click();
    await expect.poll(() => quantityIn(page)).toBe('1');
    const more = page.locator(`.cart-line[data-sku-id="${fx.skuId}"]`).getByRole('button', { name: /One more/ });
    for (let n = 2; n <= 4; n++) {
      await more.click();
      await expect.poll(() => quantityIn(page)).toBe(String(n));
    }
    const form = page.locator('#checkout');
    await form.locator('input[name=name]').fill('Casey Shopper');
    await form.locator('input[name=phone]').fill('+1 510 555 0177');
    await form.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/Order \d+ is placed/);

    // A new cart: its meter counts the 14 g ordered today.
    await add.click();
    await expect.poll(() => page.locator('#limits').textContent()).toContain('17.5 g of 28.5 g');

    await page.getByRole('button', { name: 'My orders' }).click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('#order-list').getByRole('button', { name: 'Cancel order' }).click();
    await expect.poll(() => page.locator('#order-list').textContent()).toContain('cancelled');
    await expect.poll(() => page.locator('#limits').textContent()).toContain('3.5 g of 28.5 g');
    await context.close();
  });
  it('a closed store says so instead of a refusal, and offers no menu or basket: on a page open when it closes, and on one opened after', async () => {
    const owner = await server.login('owner');
    const setStatus = async (status: string, statusReason: string) =>
      expect((await server.request({ method: 'PATCH', url: `/v1/stores/${fx.storeId}`, cookie: owner, body: { status, statusReason } })).statusCode).toBe(200);
    const open = await browser.newContext({ locale: 'en-US' });
    const openPage = await open.newPage();
    await openPage.goto(`${url}/app/store/?store=${fx.storeId}`);
    await expect.poll(() => openPage.locator('.sku').count()).toBeGreaterThan(0);
    await setStatus('closed', 'License suspended');
    try {
      // The menu open at the closure hears it on its availability stream.
      await expect.poll(() => openPage.locator('#notice').textContent()).toBe('This store is closed for now and takes no orders. Your orders are still here.');
      expect([await openPage.locator('#menu').isHidden(), await openPage.locator('#cart').isHidden()]).toEqual([true, true]);
      await open.close();
      const context = await browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      await page.goto(`${url}/app/store/?store=${fx.storeId}`);
      await expect.poll(() => page.locator('#notice').textContent()).toBe('This store is closed for now and takes no orders. Your orders are still here.');
      expect(await page.locator('#error').isHidden()).toBe(true);
      expect([await page.locator('#menu').isHidden(), await page.locator('#cart').isHidden()]).toEqual([true, true]);
      expect(await page.locator('#store-name').textContent()).toContain('Oakland');
      await context.close();
    } finally {
      await setStatus('open', 'License restored');
    }
  });
});
