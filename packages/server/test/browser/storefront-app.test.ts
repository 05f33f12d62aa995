// The online store (packages/web/store) in a real browser against a real server: a shopper finds
// an item on the menu, opens an account, confirms their e-mail address by the link mailed to it
// (a real SMTP server), fills a cart while the server's limit meter follows, is refused over
// California's flower limit with the cart as it was, places a pickup order and calls it off. A
// shopper who has not confirmed their address is told why the order is refused. The database must
// show what the screen said.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { SmtpSink } from '../support/smtp-sink';
import { startTestServer, type TestServer } from '../support/test-server';
import { waitUntil } from '../support/webhook-receiver';

describe('online store app (Chromium)', () => {
  const smtp = new SmtpSink();
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  let fx: CheckoutFixture;

  beforeAll(async () => {
    await smtp.start();
    server = await startTestServer({ env: { SMTP_URL: smtp.url } });
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
    browser = await launchChromium();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp.stop();
  });

  const error = () => page.locator('#error');
  const sku = () => page.locator(`.sku[data-sku-id="${fx.skuId}"]`);
  const quantityInCart = () => page.locator(`.cart-line[data-sku-id="${fx.skuId}"] .quantity`).textContent();
  const confirmations = (email: string) => smtp.mails.filter((m) => m.to.includes(email) && m.raw.includes('X-Verdant-Mail-Kind: email_verification'));

  /** Follows the link in the `nth` mail asking `email` to confirm the address, as the shopper would, in `on`. */
  async function confirmFromMail(on: Page, email: string, nth = 1): Promise<void> {
    await waitUntil(() => confirmations(email).length >= nth, 10_000, 'confirmation e-mail');
    const text = confirmations(email)[nth - 1]!.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    // The mail links to PUBLIC_URL (here the default); the same page and token on this test server.
    const link = /http:\/\/localhost:\d+(\/app\/store\/\?store=[0-9a-f-]+#verify=[A-Za-z0-9_-]+)/.exec(text);
    expect(link, text).not.toBeNull();
    await on.goto(`${url}${link![1]}`);
    await expect.poll(() => on.locator('#notice').textContent()).toContain('Your e-mail address is confirmed');
    expect(on.url()).not.toContain('verify=');
    expect(await on.locator('#verify-banner').isHidden()).toBe(true);
  }

  async function signUpIn(on: Page, email: string, firstName: string, lastName: string, birthDate: string): Promise<void> {
    const form = on.locator('#sign-up-form');
    await form.locator('input[name=email]').fill(email);
    await form.locator('input[name=password]').fill('a-long-shopper-password');
    await form.locator('input[name=firstName]').fill(firstName);
    await form.locator('input[name=lastName]').fill(lastName);
    await form.locator('input[name=birthDate]').fill(birthDate);
    await form.getByRole('button', { name: 'Open account' }).click();
    await expect.poll(() => on.locator('#who').textContent()).toBe(`${firstName} ${lastName}`);
    await expect.poll(() => on.locator('#notice').textContent()).toContain(`We sent a link to ${email}`);
    expect(await on.locator('#verify-banner').textContent()).toContain(`Confirm your e-mail address to order: open the link we sent to ${email}`);
  }

  it('menu, account, cart with the limit meter, a refusal over the limit, a pickup order, and its cancellation', async () => {
    await page.goto(`${url}/app/store/?store=${fx.storeId}`);
    await expect.poll(() => page.locator('#store-name').textContent()).toContain('Oakland');
    await sku().waitFor();

    // Signed out, the cart asks for an account first.
    await sku().getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => error().textContent()).toContain('SIGN_IN_REQUIRED');
    expect(await page.locator('#account').isVisible()).toBe(true);

    const email = `browser-${Date.now()}@example.test`;
    await signUpIn(page, email, 'Robin', 'Browser', '1988-03-14');
    await confirmFromMail(page, email);

    await sku().getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(quantityInCart).toBe('1');
    await sku().getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(quantityInCart).toBe('2');
    await expect.poll(() => page.locator('#limits').textContent()).toContain('7 g of 28.5 g');

    // The line names the size: the product's 3.5g and 7g would otherwise read alike.
    expect(await page.locator(`.cart-line[data-sku-id="${fx.skuId}"]`).textContent()).toContain('× Blue Dream 3.5g ·');
    // Up to eight 3.5 g packs (28 g); the ninth would be 31.5 g, over California's 28.5 g.
    const more = page.locator(`.cart-line[data-sku-id="${fx.skuId}"]`).getByRole('button', { name: 'One more Blue Dream 3.5g' });
    for (let n = 3; n <= 8; n++) {
      await more.click();
      await expect.poll(quantityInCart).toBe(String(n));
    }
    await more.click();
    await expect.poll(() => error().textContent()).toContain('COMPLIANCE_BLOCKED');
    expect(await quantityInCart()).toBe('8');
    expect(await page.locator('#limits').textContent()).toContain('28 g of 28.5 g');
    const db = server.platform.database.db;
    expect((await ledgerMatches(db, fx.packageId)).reserved).toBe(8);

    await page.fill('#checkout input[name=name]', 'Robin Browser');
    await page.fill('#checkout input[name=phone]', '+1 510 555 0199');
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/Order \d+ is placed/);
    expect(await error().isHidden()).toBe(true);
    const number = /Order (\d+)/.exec((await page.locator('#notice').textContent()) ?? '')?.[1];

    const customer = await db.selectFrom('customer').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const order = await db.selectFrom('sales_order').select(['id', 'number', 'status', 'channel']).where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ status: 'placed', channel: 'pickup' });
    expect(String(order.number)).toBe(number);
    const lines = await db.selectFrom('sales_order_line').select(['sku_id', 'quantity']).where('order_id', '=', order.id).execute();
    expect(lines.map((l) => [l.sku_id, Number(l.quantity)])).toEqual([[fx.skuId, 8]]);
    const ledger = await ledgerMatches(db, fx.packageId);
    expect(ledger).toMatchObject({ onHand: 12, reserved: 0, ledgerOnHand: 12, ledgerReserved: 0 });

    await page.getByRole('button', { name: 'My orders' }).click();
    const listed = page.locator(`#order-list li[data-order-id="${order.id}"]`);
    await expect.poll(() => listed.textContent()).toContain(`Order ${number}`);

    // Called off from the order list: the stock is back on the shelf.
    page.once('dialog', (dialog) => void dialog.accept());
    await listed.getByRole('button', { name: 'Cancel order' }).click();
    await expect.poll(() => listed.textContent()).toContain('cancelled');
    expect(await listed.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    expect((await db.selectFrom('sales_order').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status).toBe('cancelled');
    expect(await ledgerMatches(db, fx.packageId)).toMatchObject({ onHand: 20, reserved: 0, ledgerOnHand: 20 });
  });

  it('a shopper who has not confirmed their e-mail fills a cart, is told why the order is refused, asks for the link again, and orders once confirmed', async () => {
    const visitor = await browser.newPage();
    await visitor.goto(`${url}/app/store/?store=${fx.storeId}`);
    await visitor.getByRole('button', { name: 'Sign in' }).click();
    const email = `unconfirmed-${Date.now()}@example.test`;
    await signUpIn(visitor, email, 'Uma', 'Unconfirmed', '1990-07-21');
    const db = server.platform.database.db;
    const reserved = (await ledgerMatches(db, fx.packageId)).reserved;

    // The cart and its limit meter work; nothing is held, and the page says why.
    const row = visitor.locator(`.sku[data-sku-id="${fx.skuId}"]`);
    await row.getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => visitor.locator(`.cart-line[data-sku-id="${fx.skuId}"] .quantity`).textContent()).toBe('1');
    await expect.poll(() => visitor.locator('#limits').textContent()).toContain('3.5 g of 28.5 g');
    expect(await visitor.locator('#hold').textContent()).toContain('once your e-mail address is confirmed');
    expect(await visitor.locator('#order-note').textContent()).toContain(`once your e-mail address is confirmed: open the link we sent to ${email}`);
    expect((await ledgerMatches(db, fx.packageId)).reserved).toBe(reserved);

    const form = visitor.locator('#checkout');
    await form.locator('input[name=name]').fill('Uma Unconfirmed');
    await form.locator('input[name=phone]').fill('+1 510 555 0163');
    await form.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => visitor.locator('#error').textContent()).toContain('EMAIL_NOT_VERIFIED');
    expect(await visitor.locator('#error').textContent()).toContain(`Confirm your e-mail address to order: open the link we sent to ${email}`);
    const customer = await db.selectFrom('customer').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    expect(await db.selectFrom('sales_order').select('id').where('customer_id', '=', customer.id).execute()).toEqual([]);
    expect((await ledgerMatches(db, fx.packageId)).reserved).toBe(reserved);

    // The first mail is lost somewhere: a second link, and that one is followed.
    await visitor.getByRole('button', { name: 'Send the link again' }).click();
    await expect.poll(() => visitor.locator('#notice').textContent()).toContain(`A new link is on its way to ${email}`);
    await confirmFromMail(visitor, email, 2);
    expect(await visitor.locator('#order-note').isHidden()).toBe(true);
    await expect.poll(() => visitor.locator('#hold').textContent()).toContain('Held for you until');
    expect((await ledgerMatches(db, fx.packageId)).reserved).toBe(reserved + 1);

    await form.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => visitor.locator('#notice').textContent()).toMatch(/Order \d+ is placed/);
    expect(await visitor.locator('#error').isHidden()).toBe(true);
    expect(await db.selectFrom('sales_order').select('status').where('customer_id', '=', customer.id).execute()).toEqual([{ status: 'placed' }]);
    await visitor.close();
  });

  it('an item that sells out at the register shows out of stock on an open menu, without a reload', async () => {
    const shopper = await browser.newPage(); // a visitor who has not signed in
    await shopper.goto(`${url}/app/store/?store=${fx.storeId}`);
    const row = shopper.locator(`.sku[data-sku-id="${fx.skuId}"]`);
    await row.waitFor();
    expect(await row.getByRole('button', { name: 'Add to cart' }).isEnabled()).toBe(true);
    const { onHand } = await ledgerMatches(server.platform.database.db, fx.packageId);
    const sale = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/sales`,
      cookie: await server.login('manager'),
      body: { lines: [{ skuId: fx.skuId, quantity: onHand }], reference: { orderId: 'sold-out-at-the-counter', channel: 'pos' } },
    });
    expect(sale.statusCode, sale.body).toBe(201);
    await expect.poll(() => row.locator('.stock').textContent(), { timeout: 5000 }).toBe('out of stock');
    expect(await row.getByRole('button', { name: 'Add to cart' }).isDisabled()).toBe(true);
    await shopper.close();
  });

  it('a cart moves from pickup to delivery with its items, and the order goes to the address given', async () => {
    const visitor = await browser.newPage();
    await visitor.goto(`${url}/app/store/?store=${fx.storeId}`);
    await visitor.getByRole('button', { name: 'Sign in' }).click();
    const email = `delivery-${Date.now()}@example.test`;
    await signUpIn(visitor, email, 'Dee', 'Livery', '1979-11-02');
    await confirmFromMail(visitor, email);

    const db = server.platform.database.db;
    const restocked = await stockedSku(db, server.organizationId, { quantity: 5 }); // a new package of the item sold out above
    await visitor.reload();
    const row = visitor.locator(`.sku[data-sku-id="${fx.skuId}"]`);
    await row.getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => visitor.locator(`.cart-line[data-sku-id="${fx.skuId}"] .quantity`).textContent()).toBe('1');
    const customer = await db.selectFrom('customer').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const pickupCart = await db.selectFrom('sales_cart').select('id').where('customer_id', '=', customer.id).executeTakeFirstOrThrow();

    await visitor.getByLabel('Delivery').check();
    await expect.poll(() => visitor.locator('#address').isVisible()).toBe(true);
    await expect.poll(async () => (await db.selectFrom('sales_cart').select('status').where('id', '=', pickupCart.id).executeTakeFirstOrThrow()).status).toBe('abandoned');
    expect(await visitor.locator(`.cart-line[data-sku-id="${fx.skuId}"] .quantity`).textContent()).toBe('1');
    expect((await ledgerMatches(db, restocked.packageId)).reserved).toBe(1);

    const form = visitor.locator('#checkout');
    await form.locator('input[name=name]').fill('Dee Livery');
    await form.locator('input[name=phone]').fill('+1 510 555 0142');
    await form.locator('input[name=line1]').fill('1 Lake Merritt Blvd');
    await form.locator('input[name=city]').fill('Oakland');
    await form.locator('input[name=region]').fill('CA');
    await form.locator('input[name=postalCode]').fill('94612');
    await form.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => visitor.locator('#notice').textContent()).toContain('paid on delivery');
    const order = await db.selectFrom('sales_order').select(['channel', 'status', 'fulfillment']).where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ channel: 'delivery', status: 'placed', fulfillment: { address: { line1: '1 Lake Merritt Blvd', postalCode: '94612' } } });
    await visitor.close();
  });
});
