// The driver app shows what the state has heard of each stop. In a Metrc state with sales
// deliveries, each order is filed as a sales delivery when the vehicle leaves, and its Metrc id is
// the manifest the driver may be asked to show; a vehicle Metrc could never take a delivery on (no
// plate on file) is refused at departure, and the app shows the refusal. A real browser against a
// real server that files over real HTTP with the Metrc simulator.
import { DEMO_LICENSES } from '@verdant/metrc';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANIZATION_ID, DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { launchChromium } from '../support/browser';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { addVehicle, bringBackRun, readyDeliveryOrder } from '../support/delivery-fixtures';
import { openAroundTheClock } from '../support/open-hours';
import type { TestServer } from '../support/test-server';
import { connectCaStore, reportOf, startTraceHarness, waitUntil, type TraceHarness } from '../integration/traceability-harness';

describe('driver app: each stop’s state filing (Chromium, Metrc simulator)', () => {
  let h: TraceHarness;
  let browser: Browser;
  let page: Page;
  let url: string;
  let fx: CheckoutFixture;
  let manager: string;

  beforeAll(async () => {
    h = await startTraceHarness();
    url = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const owner = await h.login('owner');
    manager = await h.login('manager');
    const db = h.platform.database.db;
    await openAroundTheClock(h.platform, [h.caStoreId]);
    await connectCaStore(h, { deliveryPhone: '+1-510-555-0100' });
    fx = await stockedSku(db, DEMO_ORGANIZATION_ID, { quantity: 10, storeName: 'Oakland' });
    h.sim.control.addPackage({ license: DEMO_LICENSES.caRetail, label: fx.packageLabel, itemName: 'Blue Dream 3.5g', quantity: 10 });
    const driverId = (await db.selectFrom('staff_user').select('id').where('email', '=', 'driver@demo.verdant.test').executeTakeFirstOrThrow()).id;
    const credentials = await h.request({ method: 'PUT', url: `/v1/staff/${driverId}/state-credentials`, cookie: owner, body: { employeeId: 'CA-EMP-0042', driversLicenseNumber: 'D7654321' } });
    expect(credentials.statusCode, credentials.body).toBe(200);
    browser = await launchChromium();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  /** Signs the driver in, starts a run on `vehicle`, loads the order and leaves. */
  async function departWith(vehicle: string, order: { id: string; number: string }) {
    await loadAndDepart(vehicle, order);
    await expect.poll(() => page.locator('#run-title').textContent()).toContain('out');
    return (await h.platform.database.db.selectFrom('delivery_run').select('id').where('store_id', '=', fx.storeId).orderBy('created_at', 'desc').executeTakeFirstOrThrow()).id;
  }

  /** Signs the driver in, starts a run on `vehicle`, loads the order and presses Depart. */
  async function loadAndDepart(vehicle: string, order: { id: string; number: string }) {
    await page.goto(`${url}/app/driver/`);
    if (await page.locator('#sign-in').isVisible()) {
      await page.fill('input[name=email]', 'driver@demo.verdant.test');
      await page.fill('input[name=password]', DEMO_PASSWORD);
      await page.click('#sign-in-form button[type=submit]');
    }
    await page.locator('#runs').waitFor();
    await page.selectOption('#store', fx.storeId);
    await expect.poll(() => page.locator('#vehicle option').allTextContents()).toContain(vehicle);
    await page.selectOption('#vehicle', { label: vehicle });
    await page.click('#new-run button[type=submit]');
    await page.locator('#run').waitFor();
    await page.locator('.ready-order', { hasText: `Order ${order.number} ` }).getByRole('button', { name: 'Load' }).click();
    await page.locator(`.stop[data-order-id="${order.id}"]`).waitFor();
    await page.click('#depart');
  }

  /** The run opened again from the list, as a driver coming back to the app would. */
  async function reopen(vehicle: string) {
    await page.reload();
    await page.locator('#runs').waitFor();
    await page.selectOption('#store', fx.storeId);
    await page.getByRole('button', { name: new RegExp(`^${vehicle} · out`) }).click();
    await page.locator('#run').waitFor();
  }

  it('a stop filed as a sales delivery shows its Metrc id; a vehicle Metrc cannot take is refused at departure and the app says why', async () => {
    const [first, second, third] = await customers(h.platform.database.db, DEMO_ORGANIZATION_ID, 3);
    const filed = await readyDeliveryOrder(h as unknown as TestServer, manager, fx, first, 1);
    await addVehicle(h as unknown as TestServer, manager, fx.storeId, 'Plated van');
    const runId = await departWith('Plated van', filed);
    const key = `delivery:${filed.id}:${runId}`;
    await waitUntil(async () => (await reportOf(h.platform, key))?.status === 'sent', 20_000, key);
    const report = (await reportOf(h.platform, key))!;
    expect(report.external_id).toBeTruthy();
    await reopen('Plated van');
    await expect.poll(() => page.locator(`.stop[data-order-id="${filed.id}"] .filing`).textContent()).toBe(`State delivery manifest ${report.external_id}`);
    // Back at the store before the driver takes another van (one vehicle out at a time).
    await bringBackRun(h as unknown as TestServer, manager, runId);

    // A van with no plate on file: Metrc could never take its deliveries, so it may not leave;
    // the app shows the server's refusal and the order stays on the run, ready.
    const stuck = await readyDeliveryOrder(h as unknown as TestServer, manager, fx, second, 1);
    const created = await h.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/delivery-vehicles`, cookie: manager, body: { name: 'Unplated van', make: 'Ford', model: 'Transit' } });
    expect(created.statusCode, created.body).toBe(201);
    await loadAndDepart('Unplated van', stuck);
    await expect.poll(() => page.locator('#error').isVisible()).toBe(true);
    const text = await page.locator('#error').textContent();
    expect(text).toContain('licensePlate of vehicle Unplated van');
    expect(text).toContain('(STATE_FILING_INCOMPLETE)');
    expect(await page.locator('#run-title').textContent()).not.toContain('out');
    await expect.poll(async () => (await h.platform.database.db.selectFrom('sales_order').select('status').where('id', '=', stuck.id).executeTakeFirstOrThrow()).status).toBe('ready');
    expect(await reportOf(h.platform, `sale:${stuck.id}`)).toBeUndefined();
    expect(await h.platform.database.db.selectFrom('trace_report').select('id').where('order_id', '=', stuck.id).execute()).toHaveLength(0);

    // The demo's van has its plate on file: it leaves, and its trip is filed.
    const demo = await readyDeliveryOrder(h as unknown as TestServer, manager, fx, third, 1);
    const demoRun = await departWith('Demo van', demo);
    await waitUntil(async () => (await reportOf(h.platform, `delivery:${demo.id}:${demoRun}`))?.status === 'sent', 20_000, 'the demo van’s delivery');
  });
});
