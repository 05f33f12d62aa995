// The driver app (packages/web/driver) in a real browser against a real server: sign in as the
// demo driver, start a run on the store's van, load three ready delivery orders, leave, hand one
// over (the customer signing the delivery request receipt on the pad), end one as a no-show, bring
// one back for a later run, and return; each stop handed over opens the receipt the customer signed,
// on the run and once it is back. The database must show what the screen said.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { launchChromium, signAtTheDoor } from '../support/browser';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { DOOR_SIGNATURE, readyDeliveryOrder } from '../support/delivery-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('driver app (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  let fx: CheckoutFixture;
  let manager: string;

  beforeAll(async () => {
    server = await startTestServer();
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
    browser = await launchChromium();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const error = () => page.locator('#error');

  /** Opens a handed-over stop's receipt: the sale's, saying who signed at the door. */
  async function openHandedOverReceipt(stop: Locator, signedBy: string) {
    await stop.locator('summary', { hasText: 'Receipt as handed over' }).click();
    await expect.poll(() => stop.frameLocator('iframe.receipt').locator('body').textContent()).toMatch(new RegExp(`SALES RECEIPT[\\s\\S]*Signed by ${signedBy} at`));
  }

  it('a wrong password is shown as the server says it, and nothing else opens', async () => {
    await page.goto(`${url}/app/driver/`);
    await page.locator('#sign-in').waitFor();
    await page.fill('input[name=email]', 'driver@demo.verdant.test');
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('#sign-in-form button[type=submit]');
    await expect.poll(() => error().textContent()).toContain('INVALID_CREDENTIALS');
    expect(await page.locator('#runs').isHidden()).toBe(true);
  });

  it('a whole run: load, depart, deliver one, one to a customer whose ID is checked at the door, a no-show, bring one back for later, return', async () => {
    const [first, second, third] = await customers(server.platform.database.db, server.organizationId, 3);
    const handed = await readyDeliveryOrder(server, manager, fx, first, 1);
    const back = await readyDeliveryOrder(server, manager, fx, second, 2);
    const later = await readyDeliveryOrder(server, manager, fx, third, 1);
    // A customer with no ID on file, as an online shopper is until the door.
    const newcomer = await server.request({ method: 'POST', url: '/v1/customers', cookie: manager, body: { firstName: 'Nia', lastName: 'Newcomer', birthDate: '1990-04-01' } });
    expect(newcomer.statusCode, newcomer.body).toBe(201);
    const checkedHere = await readyDeliveryOrder(server, manager, fx, newcomer.json().id, 1);
    // One the store takes back while the van is out.
    const takenBack = await readyDeliveryOrder(server, manager, fx, first, 1);
    // And one a dispatcher marks delivered from the office while the driver's screen still shows it on board.
    const endedElsewhere = await readyDeliveryOrder(server, manager, fx, third, 1);
    const delivered: string[] = []; // `<orderId>/delivered` of every hand-over the page sends
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/delivered')) delivered.push(request.url().split('/stops/')[1]);
    });

    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('#sign-in-form button[type=submit]');
    await page.locator('#runs').waitFor();
    await page.selectOption('#store', fx.storeId);
    await expect.poll(() => page.locator('#vehicle option').allTextContents()).toContain('Demo van');
    await page.click('#new-run button[type=submit]');
    await page.locator('#run').waitFor();
    expect(await page.locator('#run-title').textContent()).toContain('loading');

    for (const order of [handed, back, later, checkedHere, takenBack, endedElsewhere]) {
      await page.locator('.ready-order', { hasText: `Order ${order.number} ` }).getByRole('button', { name: 'Load' }).click();
      await page.locator(`.stop[data-order-id="${order.id}"]`).waitFor();
    }
    expect(await page.locator('.stop').count()).toBe(6);
    await page.click('#depart');
    await expect.poll(() => page.locator('#run-title').textContent()).toContain('out');
    // The delivery inventory ledger's opening entry: every package the vehicle left with.
    await expect.poll(() => page.locator('#inventory li.for_delivery').count()).toBe(6);
    expect(await page.locator('#inventory li').first().textContent()).toContain(fx.packageLabel);

    // A stop on the way goes in the stop log; "Other" without saying what for is refused.
    await page.selectOption('#vehicle-stop-reason', 'fuel');
    await page.click('#vehicle-stop button[type=submit]');
    await expect.poll(() => page.locator('#stop-log li').allTextContents()).toEqual([expect.stringContaining('Stop: fuel')]);
    await page.selectOption('#vehicle-stop-reason', 'other');
    await page.click('#vehicle-stop button[type=submit]');
    await expect.poll(() => error().textContent()).toContain('VALIDATION_FAILED');
    expect(await page.locator('#stop-log li').count()).toBe(1);

    // California: the customer signs the delivery request receipt before the goods change hands.
    // Unsigned, the hand-over is refused and the order stays on board.
    const handedStop = page.locator(`.stop[data-order-id="${handed.id}"]`);
    await handedStop.getByRole('button', { name: 'Delivered (ID on file)' }).click();
    await expect.poll(() => error().textContent()).toContain('SIGNATURE_REQUIRED');
    delivered.length = 0;
    await signAtTheDoor(page, handedStop, 'Hana Handed');
    expect(await handedStop.frameLocator('iframe.receipt').locator('body').textContent()).toMatch(/Net wt 3\.5 g[\s\S]*TOTAL/);
    // A double tap hands the order over once, with no refusal shown after it.
    await handedStop.getByRole('button', { name: 'Delivered (ID on file)' }).dblclick();
    await expect.poll(() => page.locator(`.stop[data-order-id="${handed.id}"]`).getAttribute('class')).toContain('delivered');
    expect(delivered).toEqual([`${handed.id}/delivered`]);
    expect(await error().isHidden()).toBe(true);
    // Handed over, the stop opens the receipt the customer signed (to show them, for the stop log).
    await openHandedOverReceipt(handedStop, 'Hana Handed');

    // No ID on file: the driver checks one at the door. A document showing someone under 21 is
    // refused with the order still on board; the right one hands it over.
    const door = page.locator(`.stop[data-order-id="${checkedHere.id}"]`);
    await door.getByRole('button', { name: 'Delivered (ID on file)' }).click();
    await expect.poll(() => error().textContent()).toContain('ID_NOT_VERIFIED');
    await door.locator('summary', { hasText: 'Check ID at the door' }).click();
    expect(await door.locator('input[name=issuingJurisdiction]').inputValue()).toBe('US-CA');
    await door.locator('input[name=expiresOn]').fill('2031-01-01');
    await door.locator('input[name=birthDate]').fill('2010-04-01');
    await door.getByRole('button', { name: 'Delivered (ID checked here)' }).click();
    await expect.poll(() => error().textContent()).toContain('UNDERAGE');
    expect(await door.getAttribute('class')).not.toContain('delivered');
    await door.locator('input[name=birthDate]').fill('1990-04-01');
    await signAtTheDoor(page, door, 'Nia Newcomer');
    await door.getByRole('button', { name: 'Delivered (ID checked here)' }).click();
    await expect.poll(() => page.locator(`.stop[data-order-id="${checkedHere.id}"]`).getAttribute('class')).toContain('delivered');
    page.once('dialog', (dialog) => void dialog.accept('nobody home'));
    await page.locator(`.stop[data-order-id="${back.id}"]`).getByRole('button', { name: 'Not delivered' }).click();
    await expect.poll(() => page.locator(`.stop[data-order-id="${back.id}"]`).getAttribute('class')).toContain('undelivered');
    expect(await page.locator(`.stop[data-order-id="${back.id}"]`).textContent()).toContain('Reason: nobody home');
    // The no-show's refund went through, and says so; its goods ride back, the two handed over are gone.
    await expect.poll(() => page.locator(`.stop[data-order-id="${back.id}"] .refund`).textContent()).toBe('Refunded to the customer.');
    await expect.poll(() => page.locator('#inventory li.returning').allTextContents()).toEqual([expect.stringContaining(`order ${back.number}`)]);
    expect(await page.locator('#inventory li').count()).toBe(4);
    page.once('dialog', (dialog) => void dialog.accept('customer asked for the evening'));
    await page.locator(`.stop[data-order-id="${later.id}"]`).getByRole('button', { name: 'Bring back for later' }).click();
    await expect.poll(() => page.locator(`.stop[data-order-id="${later.id}"]`).getAttribute('class')).toContain('undelivered');

    // The stop the dispatcher ended: the driver's tap is refused, and the stop is then shown as the server has it.
    const runId = (await server.platform.database.db.selectFrom('delivery_stop').select('run_id').where('order_id', '=', endedElsewhere.id).executeTakeFirstOrThrow()).run_id;
    const dispatched = await server.request({ method: 'POST', url: `/v1/delivery-runs/${runId}/stops/${endedElsewhere.id}/delivered`, cookie: manager, body: { signature: DOOR_SIGNATURE } });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    const elsewhere = page.locator(`.stop[data-order-id="${endedElsewhere.id}"]`);
    await elsewhere.getByRole('button', { name: 'Delivered (ID on file)' }).click();
    await expect.poll(() => error().textContent()).toContain('STOP_ENDED');
    await expect.poll(() => elsewhere.getAttribute('class')).toBe('stop delivered');
    expect(await elsewhere.getByRole('button').count()).toBe(0);

    // The store took an order back through the order itself: the driver's hand-over is refused, and
    // the van can still come back (the server closes that stop to match).
    const takeBack = await server.request({ method: 'POST', url: `/v1/orders/${takenBack.id}/transitions`, cookie: manager, body: { to: 'ready' } });
    expect(takeBack.statusCode, takeBack.body).toBe(200);
    await page.locator(`.stop[data-order-id="${takenBack.id}"]`).getByRole('button', { name: 'Delivered (ID on file)' }).click();
    await expect.poll(() => error().textContent()).toContain('INVALID_TRANSITION');
    // Read again after the refusal: the stop says it was taken back, and offers nothing to do.
    const taken = page.locator(`.stop[data-order-id="${takenBack.id}"]`);
    await expect.poll(() => taken.textContent()).toContain('Taken back by the store (the order is ready)');
    expect(await taken.getByRole('button').count()).toBe(0);
    expect(await page.locator('#return').isEnabled()).toBe(true);
    await page.click('#return');
    await page.locator('#runs').waitFor();
    expect(await error().isHidden()).toBe(true);
    // Back at the store, the returned run still opens (read only), each handed-over stop with its signed receipt.
    await page.locator('#run-list').getByRole('button', { name: /Demo van · returned · 6 stops/ }).click();
    await expect.poll(() => page.locator('#run-title').textContent()).toContain('returned');
    await openHandedOverReceipt(page.locator(`.stop[data-order-id="${checkedHere.id}"]`), 'Nia Newcomer');
    // Its stop log: the stop on the way and every order stop, each with its time.
    expect(await page.locator('#stop-log li').count()).toBe(7);
    expect(await page.locator('#stop-log li.other').allTextContents()).toEqual([expect.stringContaining('Stop: fuel')]);
    expect(await page.locator(`.stop[data-order-id="${back.id}"] summary`).count()).toBe(0);
    await page.click('#back');
    await page.locator('#runs').waitFor();
    // The order brought back is offered again when the next run loads.
    await page.click('#new-run button[type=submit]');
    await page.locator('#run').waitFor();
    await page.locator('.ready-order', { hasText: `Order ${later.number} ` }).waitFor();

    const db = server.platform.database.db;
    const statusOf = async (id: string) => (await db.selectFrom('sales_order').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await statusOf(handed.id)).toBe('completed');
    // The signature drawn on the pad is kept with the order, and its receipt says who signed.
    const signed = await db.selectFrom('sales_order_signature').select(['printed_name', 'image_png_base64']).where('order_id', '=', handed.id).executeTakeFirstOrThrow();
    expect(signed.printed_name).toBe('Hana Handed');
    expect(Buffer.from(signed.image_png_base64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    const receipt = await server.request({ method: 'GET', url: `/v1/orders/${handed.id}/receipt?format=escpos`, cookie: manager });
    expect(receipt.rawPayload.toString('latin1')).toMatch(/Signed by Hana Handed at/);
    expect(await statusOf(checkedHere.id)).toBe('completed');
    const checks = await db.selectFrom('customer_id_verification').select(['id', 'verified_by']).where('customer_id', '=', newcomer.json().id).execute();
    expect(checks).toHaveLength(1);
    expect((await db.selectFrom('sales_order').select('id_verification_id').where('id', '=', checkedHere.id).executeTakeFirstOrThrow()).id_verification_id).toBe(checks[0].id);
    expect(await statusOf(back.id)).toBe('no_show');
    // Brought back: ready again at the store, still paid, and offered for loading on the next run.
    expect(await statusOf(later.id)).toBe('ready');
    const paid = await db.selectFrom('payment').select('refunded_cents').where('order_id', '=', later.id).executeTakeFirstOrThrow();
    expect(paid.refunded_cents).toBe(0);
    // Taken back by the store: ready there, its stop closed by the return.
    expect(await statusOf(takenBack.id)).toBe('ready');
    expect(await db.selectFrom('delivery_stop').select('status').where('order_id', '=', takenBack.id).execute()).toEqual([{ status: 'undelivered' }]);
    const runs = await db.selectFrom('delivery_run').select(['status', 'driver_id']).where('store_id', '=', fx.storeId).orderBy('created_at').execute();
    expect(runs.map((r) => r.status)).toEqual(['returned', 'loading']);
    const run = runs[0]!;
    const driver = await db.selectFrom('staff_user').select('id').where('email', '=', 'driver@demo.verdant.test').executeTakeFirstOrThrow();
    expect(run.driver_id).toBe(driver.id);
    expect(await db.selectFrom('delivery_vehicle_stop').select(['reason', 'recorded_by']).execute()).toEqual([{ reason: 'fuel', recorded_by: driver.id }]);
  });
});
