// Second review of the driver app (2026-12-07), in a real browser against a real server: each
// test here failed on the code of the day and names what went wrong. The browser's clock is set
// to another zone than the store's, as a driver's phone may be.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { launchChromium, signAtTheDoor } from '../support/browser';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { addVehicle, OAKLAND_ADDRESS, readyDeliveryOrder } from '../support/delivery-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const STORE_ZONE = 'America/Los_Angeles';

describe('driver app, second review (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  let fx: CheckoutFixture;
  let manager: string;
  let buyers: string[];

  beforeAll(async () => {
    server = await startTestServer();
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
    buyers = await customers(server.platform.database.db, server.organizationId, 3);
    browser = await launchChromium();
    page = await (await browser.newContext({ timezoneId: 'Asia/Tokyo' })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const post = (path: string, body: unknown) => server.request({ method: 'POST', url: path, cookie: manager, body });
  const stop = (orderId: string) => page.locator(`.stop[data-order-id="${orderId}"]`);

  /** A delivery order for `deliverAt`, paid $10 by card and the rest in cash at the door, picked, packed and ready. */
  async function splitOrderFor(customerId: string, deliverAt: string) {
    const cartId = (await post('/v1/carts', { storeId: fx.storeId, customerId, channel: 'delivery' })).json().id as string;
    expect((await post(`/v1/carts/${cartId}/lines`, { skuId: fx.skuId, quantity: 1 })).statusCode).toBe(200);
    const details = { delivery: { name: 'Sam Split', phone: '+15105550142', address: OAKLAND_ADDRESS, addressType: 'residence', deliverAt } };
    expect((await server.request({ method: 'PUT', url: `/v1/carts/${cartId}/fulfillment`, cookie: manager, body: details })).statusCode).toBe(200);
    const done = await post(`/v1/carts/${cartId}/complete`, { tenders: [{ kind: 'simulator', amountCents: 1_000 }, { kind: 'cash' }] });
    expect(done.statusCode, done.body).toBe(201);
    const order = done.json().order as { id: string; number: string; totalCents: number };
    for (const to of ['accepted', 'packed', 'ready']) {
      if (to === 'packed') expect((await post(`/v1/orders/${order.id}/picks`, { lineNo: 0, packageLabel: fx.packageLabel })).statusCode).toBe(200);
      expect((await post(`/v1/orders/${order.id}/transitions`, { to })).statusCode).toBe(200);
    }
    return order;
  }

  it('a stop shows the cash to collect and the time the customer asked for on the store’s clock; a lost answer shows the run as the server holds it, and the order is handed over once', async () => {
    const vehicle = 'Review Van';
    await addVehicle(server, manager, fx.storeId, vehicle);
    const deliverAt = new Date(Math.ceil((Date.now() + 3 * 3_600_000) / 60_000) * 60_000).toISOString();
    const split = await splitOrderFor(buyers[0], deliverAt);
    const handed = await readyDeliveryOrder(server, manager, fx, buyers[1], 1);

    await page.goto(`${url}/app/driver/`);
    await page.fill('input[name=email]', 'driver@demo.verdant.test');
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('#sign-in-form button[type=submit]');
    await page.locator('#runs').waitFor();
    await page.selectOption('#store', fx.storeId);
    await expect.poll(() => page.locator('#vehicle option').allTextContents()).toContain(vehicle);
    await page.selectOption('#vehicle', { label: vehicle });
    await page.click('#new-run button[type=submit]');
    await page.locator('#run').waitFor();
    for (const order of [split, handed]) {
      await page.locator('.ready-order', { hasText: `Order ${order.number} ` }).getByRole('button', { name: 'Load' }).click();
      await stop(order.id).waitFor();
    }

    // $10 was paid by card: the driver collects the rest in cash, not the order's total.
    const text = await stop(split.id).textContent();
    expect(text).toContain(`collect $${((split.totalCents - 1_000) / 100).toFixed(2)} in cash`);
    expect(await stop(handed.id).textContent()).toContain(' · paid');
    // The time asked for, on the store's clock (the phone's is Tokyo's).
    const storeClock = new Date(deliverAt).toLocaleString('en-US', { timeZone: STORE_ZONE, hour: 'numeric', minute: '2-digit' });
    expect(text).toContain(`Deliver at ${storeClock}`);

    // The departure goes through but its answer is lost on the way back: the screen shows the
    // vehicle out, as the server has it, not still loading with a Depart button.
    await page.route('**/depart', async (route) => {
      await route.fetch();
      await route.abort('failed');
    });
    await page.click('#depart');
    await expect.poll(() => page.locator('#run-title').textContent()).toContain('out');
    expect(await page.locator('#depart').isVisible()).toBe(false);
    await page.unroute('**/depart');

    // The same for a hand-over: the stop is shown delivered with nothing left to press, so no
    // second hand-over is sent.
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/delivered')) sent.push(request.url());
    });
    await page.route(`**/stops/${handed.id}/delivered`, async (route) => {
      await route.fetch();
      await route.abort('failed');
    });
    await signAtTheDoor(page, stop(handed.id), 'Dee Livery');
    await stop(handed.id).getByRole('button', { name: 'Delivered (ID on file)' }).click();
    await expect.poll(() => stop(handed.id).getAttribute('class')).toBe('stop delivered');
    expect(await stop(handed.id).getByRole('button').count()).toBe(0);
    expect(sent).toHaveLength(1);
    const status = await server.platform.database.db.selectFrom('sales_order').select('status').where('id', '=', handed.id).executeTakeFirstOrThrow();
    expect(status.status).toBe('completed');
  });

  it('an order on another vehicle is not offered for loading: it is shown on that vehicle, with nothing to press', async () => {
    const onOther = await readyDeliveryOrder(server, manager, fx, buyers[2], 1);
    const free = await readyDeliveryOrder(server, manager, fx, buyers[2], 1);
    // A dispatcher is loading it on another van.
    const otherVan = await addVehicle(server, manager, fx.storeId, 'Other Van');
    const other = await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId: otherVan });
    expect(other.statusCode, other.body).toBe(201);
    expect((await post(`/v1/delivery-runs/${other.json().id}/stops`, { orderId: onOther.id })).statusCode).toBe(201);

    await addVehicle(server, manager, fx.storeId, 'Review Van 2');
    await page.goto(`${url}/app/driver/`);
    await page.locator('#runs').waitFor();
    await page.selectOption('#store', fx.storeId);
    await expect.poll(() => page.locator('#vehicle option').allTextContents()).toContain('Review Van 2');
    await page.selectOption('#vehicle', { label: 'Review Van 2' });
    await page.click('#new-run button[type=submit]');
    await page.locator('#run').waitFor();
    const loadable = page.locator('.ready-order', { hasText: `Order ${free.number} ` });
    await loadable.waitFor();
    expect(await loadable.getByRole('button', { name: 'Load' }).count()).toBe(1);
    const elsewhere = page.locator('.ready-order', { hasText: `Order ${onOther.number} ` });
    expect(await elsewhere.textContent()).toContain('on Other Van');
    expect(await elsewhere.getByRole('button').count()).toBe(0);
  });
});
