// The online store (packages/web/store) offers the pickup hand-over modes the store's pack allows
// (the store's answer, `pickupModes`) and sends the chosen one with the pickup details: at the
// demo California store (curbside and drive-through allowed, regulations.md L152) the shopper
// picks curbside and the order carries it; at the demo Colorado store (the pack says nothing)
// there is no choice, and the order is picked up inside the store. A California store that offers
// no drive-through (its own choice, pickupModesOffered) is offered none either.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';
import { openAroundTheClock } from '../support/open-hours';

const PASSWORD = 'a-long-shopper-password';

describe('online store app: how a pickup is collected (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let url: string;
  let fx: CheckoutFixture;
  let seq = 0;

  beforeAll(async () => {
    server = await startTestServer();
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
    await openAroundTheClock(server.platform, [fx.storeId]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const db = () => server.platform.database.db;

  async function signUp(page: Page): Promise<string> {
    const email = `pickup-mode-${++seq}-${Date.now()}@example.test`;
    await page.getByRole('button', { name: 'Sign in' }).click();
    const form = page.locator('#sign-up-form');
    await form.locator('input[name=email]').fill(email);
    await form.locator('input[name=password]').fill(PASSWORD);
    await form.locator('input[name=firstName]').fill('Casey');
    await form.locator('input[name=lastName]').fill('Shopper');
    await form.locator('input[name=birthDate]').fill('1987-05-09');
    await form.getByRole('button', { name: 'Open account' }).click();
    await expect.poll(() => page.locator('#who').textContent()).toBe('Casey Shopper');
    return (await db().selectFrom('customer').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  }

  it('California: the shopper chooses curbside among the modes the pack allows, and the order carries it', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${url}/app/store/?store=${fx.storeId}`);
    await page.locator(`.sku[data-sku-id="${fx.skuId}"]`).waitFor();
    const customerId = await signUp(page);
    await page.locator(`.sku[data-sku-id="${fx.skuId}"]`).getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => page.locator(`.cart-line[data-sku-id="${fx.skuId}"] .quantity`).textContent()).toBe('1');

    const modes = page.locator('#pickup-mode');
    expect(await modes.isVisible()).toBe(true);
    expect(await modes.getByRole('radio').evaluateAll((radios) => radios.filter((r) => !(r as HTMLInputElement).disabled).map((r) => (r as HTMLInputElement).value))).toEqual([
      'in_store',
      'curbside',
      'drive_through',
    ]);
    await modes.getByLabel('Curbside').check();
    const checkout = page.locator('#checkout');
    await checkout.locator('input[name=name]').fill('Casey Shopper');
    await checkout.locator('input[name=phone]').fill('+1 510 555 0177');
    await checkout.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toContain('bring it out to your car');

    const order = await db().selectFrom('sales_order').select(['fulfillment', 'channel']).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    expect(order.channel).toBe('pickup');
    expect(order.fulfillment).toMatchObject({ name: 'Casey Shopper', mode: 'curbside' });

    await context.close();
  });

  it('Colorado: the pack allows only in-store pickup, so the page offers no choice', async () => {
    const denver = await db().selectFrom('store').select('id').where('organization_id', '=', server.organizationId).where('timezone', '=', 'America/Denver').executeTakeFirstOrThrow();
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const storeAnswer = page.waitForResponse((r) => r.url().endsWith(`/v1/public/stores/${denver.id}`));
    await page.goto(`${url}/app/store/?store=${denver.id}`);
    expect((await (await storeAnswer).json()).pickupModes).toEqual(['in_store']);
    await signUp(page);
    expect(await page.locator('#pickup-mode').isHidden()).toBe(true);
    expect(await page.locator('#pickup-mode input[value=curbside]').isDisabled()).toBe(true);
    await context.close();
  });

  it('California store without a drive-through lane: the page offers in store and curbside, not the drive-through the pack allows', async () => {
    await db().updateTable('store').set({ pickup_modes_offered: ['in_store', 'curbside'] }).where('id', '=', fx.storeId).execute();
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const page = await context.newPage();
      const storeAnswer = page.waitForResponse((r) => r.url().endsWith(`/v1/public/stores/${fx.storeId}`));
      await page.goto(`${url}/app/store/?store=${fx.storeId}`);
      expect((await (await storeAnswer).json()).pickupModes).toEqual(['in_store', 'curbside']);
      await signUp(page);
      await page.locator(`.sku[data-sku-id="${fx.skuId}"]`).getByRole('button', { name: 'Add to cart' }).click();
      await expect.poll(() => page.locator(`.cart-line[data-sku-id="${fx.skuId}"] .quantity`).textContent()).toBe('1');
      const modes = page.locator('#pickup-mode');
      expect(await modes.isVisible()).toBe(true);
      expect(await modes.getByRole('radio').evaluateAll((radios) => radios.filter((r) => !(r as HTMLInputElement).disabled).map((r) => (r as HTMLInputElement).value))).toEqual(['in_store', 'curbside']);
      expect(await modes.locator('input[value=drive_through]').isDisabled()).toBe(true);
      expect(await modes.getByLabel('Drive-through', { exact: false }).isVisible()).toBe(false);
    } finally {
      await context.close();
      await db().updateTable('store').set({ pickup_modes_offered: ['in_store', 'curbside', 'drive_through'] }).where('id', '=', fx.storeId).execute();
    }
  });
});
