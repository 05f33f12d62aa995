// The register app (packages/web/register) in a real browser against a real server: the manager
// signs the register in and opens the drawer, the budtender switches in with a PIN, serves the
// queue, scans a package, watches the limit meter and takes cash — with the first answer lost on
// the way back, so the same sale is sent again. Then the server's refusals (over the limit, more
// than is in stock, an under-age walk-in) and the drawer's close; last, an online pickup order
// worked from the pick queue to the hand-over. The database must show what the screen said.
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { launchChromium } from '../support/browser';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;

describe('register app (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  let fx: CheckoutFixture;
  let scarce: CheckoutFixture;
  let manager: string;
  let budtenderId: string;
  const saleIds: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    manager = await server.login('manager');
    fx = await stockedSku(db(), server.organizationId, { quantity: 20 });
    scarce = await stockedSku(db(), server.organizationId, { code: 'RR-WC-35', quantity: 1 });
    budtenderId = (await db().selectFrom('staff_user').select('id').where('email', '=', 'budtender@demo.verdant.test').executeTakeFirstOrThrow()).id;
    browser = await launchChromium();
    page = await browser.newPage();
    // The id of every sale the register sends: it names the order it becomes.
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/pos-sales')) saleIds.push(JSON.parse(request.postData() ?? '{}').id);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const db = () => server.platform.database.db;
  const error = () => page.locator('#error');
  const onHand = async (packageId: string) => Number((await db().selectFrom('inventory_stock').select('on_hand').where('package_id', '=', packageId).executeTakeFirstOrThrow()).on_hand);
  const ordersWithId = async (id: string) => db().selectFrom('sales_order').select('id').where('id', '=', id).execute();
  const paymentsOf = async (orderId: string) => db().selectFrom('payment').selectAll().where('order_id', '=', orderId).execute();
  const line = (skuId: string) => page.locator(`.line[data-sku-id="${skuId}"]`);

  async function setQuantity(skuId: string, quantity: number) {
    await line(skuId).locator('input').fill(String(quantity));
    await line(skuId).locator('input').press('Tab');
  }

  it('a wrong password is shown as the server says it, and nothing else opens', async () => {
    await page.goto(`${url}/app/register/`);
    await page.locator('#sign-in').waitFor();
    await page.fill('input[name=email]', 'manager@demo.verdant.test');
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('#sign-in-form button[type=submit]');
    await expect.poll(() => error().textContent()).toContain('INVALID_CREDENTIALS');
    expect(await page.locator('#till').isHidden()).toBe(true);
  });

  it('a whole cash sale: drawer, PIN, queue, scan, meter, a lost answer sent again, change and receipt', async () => {
    const [buyer] = await customers(db(), server.organizationId, 1);
    const checkIn = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/queue`, cookie: manager, body: { customerId: buyer, customerName: 'Test Buyer1' } });
    expect(checkIn.statusCode, checkIn.body).toBe(201);
    const entryId = checkIn.json().id as string;

    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('#sign-in-form button[type=submit]');
    await page.locator('#till').waitFor();
    await page.selectOption('#store', fx.storeId);
    await page.locator('#register-list button', { hasText: 'Register 1 · closed' }).click();
    await page.fill('#float', '200');
    await page.click('#open-session button[type=submit]');
    await page.locator('#sale').waitFor();

    await page.selectOption('#pin-user', budtenderId);
    await page.fill('#pin', '1234');
    await page.click('#pin-form button[type=submit]');
    await expect.poll(() => page.locator('#who').textContent()).toBe('Bea Budtender');

    // Serve pressed twice: the customer is taken from the queue once, with no refusal shown.
    await page.locator(`.queue-entry[data-entry-id="${entryId}"]`).getByRole('button', { name: 'Serve' }).dblclick();
    await expect.poll(() => page.locator('#customer').textContent()).toBe('Test Buyer1');
    await expect.poll(() => page.locator(`.queue-entry[data-entry-id="${entryId}"]`).textContent()).toContain('served by Bea Budtender');
    expect(await error().isHidden()).toBe(true);

    // Quotes answer slowly here, so the scan's quote arrives while the budtender types a quantity:
    // what was typed must survive the basket being drawn again, and be quoted.
    const slowQuotes = async (route: Route) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await route.continue();
    };
    await page.route('**/pos-quotes', slowQuotes);
    await page.fill('#scan-code', fx.packageLabel);
    await page.press('#scan-code', 'Enter');
    await expect.poll(() => line(fx.skuId).textContent()).toContain(`package ${fx.packageLabel}`);
    await line(fx.skuId).locator('input').fill('2');
    await expect.poll(() => page.locator('#verdict').textContent()).toBe('Allowed'); // the scan's quote, drawn while the field has focus
    await line(fx.skuId).locator('input').press('Tab');
    await expect.poll(() => page.locator('#limits').textContent()).toContain('Adult-use non-concentrated cannabis: 7 g of 28.5 g');
    await page.unroute('**/pos-quotes', slowQuotes);
    expect(await page.locator('#subtotal').textContent()).toBe(money(2 * fx.priceCents));

    // A quote answers while the budtender has selected the whole quantity to type over it: the
    // field is left as it is, so the key typed replaces the number instead of joining it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holdQuote = async (route: Route) => {
      await held;
      await route.continue();
    };
    await page.route('**/pos-quotes', holdQuote, { times: 1 });
    await setQuantity(fx.skuId, 3);
    await line(fx.skuId).locator('input').evaluate((field: HTMLInputElement) => {
      field.focus();
      field.select();
    });
    release();
    await expect.poll(() => page.locator('#subtotal').textContent()).toBe(money(3 * fx.priceCents));
    await page.keyboard.type('2');
    expect(await line(fx.skuId).locator('input').inputValue()).toBe('2');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.locator('#subtotal').textContent()).toBe(money(2 * fx.priceCents));

    // The first answer is lost on the way back: the server sold, the register heard nothing.
    const answers: number[] = [];
    await page.route(
      '**/pos-sales',
      async (route) => {
        answers.push((await route.fetch()).status());
        await route.abort('failed');
      },
      { times: 1 },
    );
    await page.fill('#tendered', '200');
    await page.click('#complete');
    await expect.poll(() => page.locator('#pending').isVisible()).toBe(true);
    expect(await error().isVisible()).toBe(true);
    const [again] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/pos-sales')), page.click('#complete')]);
    answers.push(again.status());
    expect(answers).toEqual([201, 200]); // sold once; the second answer is the stored sale
    await page.locator('#done').waitFor();

    expect(saleIds).toHaveLength(2);
    const [saleId] = saleIds;
    expect(saleIds[1]).toBe(saleId);
    expect(saleId[14]).toBe('7'); // a UUIDv7, made by the browser
    const order = await db().selectFrom('sales_order').selectAll().where('id', '=', saleId).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ status: 'completed', customer_id: buyer, budtender_id: budtenderId });
    expect(await db().selectFrom('sales_order').select('id').where('customer_id', '=', buyer).execute()).toHaveLength(1);
    expect(await page.locator('#done-title').textContent()).toBe(`Sale ${order.number} complete · ${money(Number(order.total_cents))}`);

    const payments = await paymentsOf(saleId);
    expect(payments).toHaveLength(1);
    const cash = payments[0];
    expect(cash.provider).toBe('cash');
    expect(Number(cash.tendered_cents)).toBe(20_000);
    expect(await page.locator('#change-due').textContent()).toBe(`Cash $200.00 · Change due ${money(Number(cash.change_cents))}`);
    expect(Number(cash.change_cents)).toBe(20_000 - Number(cash.amount_cents));

    expect(await onHand(fx.packageId)).toBe(18);
    const ledger = await ledgerMatches(db(), fx.packageId);
    expect(ledger.ledgerOnHand).toBe(ledger.onHand);
    const session = await server.request({ method: 'GET', url: `/v1/register-sessions/${order.register_session_id}`, cookie: manager });
    expect(session.json()).toMatchObject({ status: 'open', floatCents: 20_000, cashSalesCents: 20_000, changeOutCents: Number(cash.change_cents), saleCount: 1 });
    await expect.poll(async () => (await db().selectFrom('register_queue_entry').select('status').where('id', '=', entryId).executeTakeFirstOrThrow()).status).toBe('done');
    await expect.poll(() => page.frameLocator('#receipt').locator('body').textContent()).toContain(order.number);
  });

  it('the server refuses a basket over the limit, more than is in stock, an under-age walk-in: code shown, nothing sold', async () => {
    const [buyer] = await customers(db(), server.organizationId, 1);
    await page.click('#next-customer');
    await page.locator('#sale').waitFor();
    await page.fill('#customer-q', 'Buyer1');
    await page.click('#customer-search button[type=submit]');
    await page.locator(`.customer-result[data-customer-id="${buyer}"]`).getByRole('button', { name: 'Select' }).click();
    await expect.poll(() => page.locator('#customer').textContent()).toBe('Test Buyer1');

    await page.fill('#product-filter', fx.skuCode);
    await page.locator(`.product[data-sku-id="${fx.skuId}"]`).getByRole('button', { name: 'Add' }).click();
    await line(fx.skuId).waitFor();
    await setQuantity(fx.skuId, 9); // 31.5 g of flower in a day
    await expect.poll(() => page.locator('#verdict').textContent()).toBe('Refused: PURCHASE_LIMIT');
    await page.fill('#tendered', '1000');
    await page.click('#complete');
    await expect.poll(() => error().textContent()).toContain('COMPLIANCE_BLOCKED');
    const refused = saleIds.at(-1)!;
    expect(await ordersWithId(refused)).toHaveLength(0);
    expect(await paymentsOf(refused)).toHaveLength(0);
    expect(await onHand(fx.packageId)).toBe(18);
    const logged = await db().selectFrom('compliance_event').select(['kind', 'codes']).where('customer_id', '=', buyer).execute();
    expect(logged).toEqual([{ kind: 'refusal', codes: ['PURCHASE_LIMIT'] }]);

    await setQuantity(fx.skuId, 1);
    await page.fill('#scan-code', scarce.skuCode); // a SKU code typed in, then the same from the list
    await page.press('#scan-code', 'Enter');
    await line(scarce.skuId).waitFor();
    await page.fill('#product-filter', scarce.skuCode);
    await page.locator(`.product[data-sku-id="${scarce.skuId}"]`).getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => line(scarce.skuId).locator('input').inputValue()).toBe('2');
    await expect.poll(() => page.locator('#verdict').textContent()).toBe('Allowed');
    await page.click('#complete');
    await expect.poll(() => error().textContent()).toContain('INSUFFICIENT_STOCK');
    const short = saleIds.at(-1)!;
    expect(short).not.toBe(refused);
    expect(await ordersWithId(short)).toHaveLength(0);
    expect(await paymentsOf(short)).toHaveLength(0);
    expect(await onHand(fx.packageId)).toBe(18);
    expect(await onHand(scarce.packageId)).toBe(1);
    expect(await db().selectFrom('sales_order').select('id').where('customer_id', '=', buyer).execute()).toHaveLength(0);

    // A walk-in without a record is checked by the birth date given.
    await page.fill('#walk-in-birth', '2012-03-04');
    await page.click('#walk-in button[type=submit]');
    await expect.poll(() => page.locator('#verdict').textContent()).toContain('UNDERAGE');
    // The walk-in is nobody on record: not the customer chosen before.
    expect(await page.locator('#customer').textContent()).toBe('Walk-in · walk-in, born 2012-03-04');
    await page.click('#complete');
    await expect.poll(() => error().textContent()).toContain('COMPLIANCE_BLOCKED');
    const underage = saleIds.at(-1)!;
    expect(underage).not.toBe(short);
    expect(await ordersWithId(underage)).toHaveLength(0);
  });

  it('the drawer is closed by a manager with a count, and over/short is the server’s', async () => {
    await page.click('#show-close');
    await page.fill('#counted', '1');
    await page.click('#close-form button[type=submit]');
    await expect.poll(() => error().textContent()).toContain('FORBIDDEN'); // a budtender counts, a manager closes

    await page.click('#end-turn');
    await expect.poll(() => page.locator('#who').textContent()).toBe('Marcus Manager');
    const open = await db().selectFrom('register_session').selectAll().where('store_id', '=', fx.storeId).where('status', '=', 'open').executeTakeFirstOrThrow();
    const expected = (await server.request({ method: 'GET', url: `/v1/register-sessions/${open.id}`, cookie: manager })).json().expectedCents as number;
    await page.fill('#counted', ((expected + 100) / 100).toFixed(2)); // a dollar too many
    await page.click('#close-form button[type=submit]');
    await page.locator('#closed').waitFor();
    expect(await page.locator('#expected').textContent()).toBe(money(expected));
    expect(await page.locator('#over-short').textContent()).toBe('$1.00');
    const closed = await db().selectFrom('register_session').selectAll().where('id', '=', open.id).executeTakeFirstOrThrow();
    expect(closed).toMatchObject({ status: 'closed' });
    expect(Number(closed.counted_cents)).toBe(expected + 100);
    expect(Number(closed.over_short_cents)).toBe(100);
  });

  it('an online pickup order: picked from the queue (a wrong package refused), packed, ready, handed over once the ID is checked', async () => {
    // The shopper's side, as the online store does it: an account, a pickup cart, one item, placed.
    const signUp = await server.request({
      method: 'POST',
      url: `/v1/public/stores/${fx.storeId}/shoppers`,
      body: { email: `pickup-${Date.now()}@example.test`, password: 'a-long-shopper-password', firstName: 'Pia', lastName: 'Pickup', birthDate: '1990-04-02' },
    });
    expect(signUp.statusCode, signUp.body).toBe(201);
    const customerId = signUp.json().customer.id as string;
    const shopper = signUp.cookies.find((c) => c.name === 'verdant_shopper');
    expect(shopper).toBeDefined();
    const shop = async (method: string, path: string, body: unknown) => {
      const answer = await server.request({ method, url: path, cookie: `verdant_shopper=${shopper!.value}`, body });
      expect(answer.statusCode, answer.body).toBeLessThan(300);
      return answer.json();
    };
    const stockBefore = await onHand(fx.packageId);
    const cart = await shop('POST', '/v1/shop/carts', { storeId: fx.storeId, channel: 'pickup' });
    await shop('PUT', `/v1/shop/carts/${cart.id}/lines`, { lines: [{ skuId: fx.skuId, quantity: 1 }] });
    await shop('PUT', `/v1/shop/carts/${cart.id}/fulfillment`, { pickup: { name: 'Pia Pickup', phone: '+15105550123' } });
    const { order } = await shop('POST', `/v1/shop/carts/${cart.id}/complete`, {});
    expect(order).toMatchObject({ channel: 'pickup', status: 'placed' });
    const lineNo = order.lines[0].lineNo as number;
    const orderRow = () => db().selectFrom('sales_order').selectAll().where('id', '=', order.id).executeTakeFirstOrThrow();
    const orderLine = () => db().selectFrom('sales_order_line').selectAll().where('order_id', '=', order.id).where('line_no', '=', lineNo).executeTakeFirstOrThrow();

    // The budtender at the register: switched in with the PIN where the register is signed in.
    await page.goto(`${url}/app/register/`);
    await page.locator('#sign-in:not([hidden]), #till:not([hidden])').waitFor();
    if (await page.locator('#sign-in').isVisible()) {
      await page.fill('input[name=email]', 'budtender@demo.verdant.test');
      await page.fill('input[name=password]', DEMO_PASSWORD);
      await page.click('#sign-in-form button[type=submit]');
      await page.locator('#till').waitFor();
    } else {
      await page.selectOption('#pin-user', budtenderId);
      await page.fill('#pin', '1234');
      await page.click('#pin-form button[type=submit]');
    }
    await expect.poll(() => page.locator('#who').textContent()).toBe('Bea Budtender');
    await page.selectOption('#store', fx.storeId);
    await page.click('#show-pickups');
    await page.locator(`.pick-entry[data-order-id="${order.id}"]`).getByRole('button', { name: 'Open' }).click();
    const status = page.locator('#pick-status');
    const step = (name: string) => page.locator('#pick-actions').getByRole('button', { name, exact: true }).click();
    await expect.poll(() => status.textContent()).toBe('placed');
    await step('Accept');
    await expect.poll(() => status.textContent()).toBe('accepted');

    // Another SKU's package is refused and nothing is recorded; the package the sale took is.
    const pickLine = page.locator(`.pick-line[data-line-no="${lineNo}"]`);
    await pickLine.locator('input').fill(scarce.packageLabel);
    await pickLine.locator('input').press('Enter');
    await expect.poll(() => error().textContent()).toContain('PACKAGE_MISMATCH');
    expect((await orderLine()).picked_labels).toEqual([]);
    await pickLine.locator('input').fill(fx.packageLabel);
    await pickLine.locator('input').press('Enter');
    await expect.poll(() => pickLine.locator('.picked').textContent()).toBe(`picked ${fx.packageLabel}`);
    expect(await error().isHidden()).toBe(true);

    await step('Packed');
    await expect.poll(() => status.textContent()).toBe('packed');
    await step('Ready for pickup');
    await expect.poll(() => status.textContent()).toBe('ready');
    await step('Hand over');
    await expect.poll(() => error().textContent()).toContain('ID_NOT_VERIFIED');
    expect((await orderRow()).status).toBe('ready');

    // The ID read by hand: an expired one is refused (and logged), then the valid one is recorded.
    await page.selectOption('#id-check select[name=documentType]', 'driver_license');
    await page.fill('#id-jurisdiction', 'US-CA');
    await page.fill('#id-expires', '2021-01-31');
    await page.fill('#id-birth', '1990-04-02');
    await page.fill('#id-number', 'D1234567');
    await page.click('#id-check button[type=submit]');
    await expect.poll(() => error().textContent()).toContain('ID_EXPIRED');
    expect(await db().selectFrom('customer_id_verification').select('id').where('customer_id', '=', customerId).execute()).toHaveLength(0);
    // Both refused hand-overs are in the compliance log: first without any ID check, then the expired one.
    expect(await db().selectFrom('compliance_event').select(['kind', 'codes', 'channel']).where('customer_id', '=', customerId).orderBy('occurred_at').execute()).toEqual([
      { kind: 'refusal', codes: ['ID_NOT_VERIFIED'], channel: 'pickup' },
      { kind: 'refusal', codes: ['ID_EXPIRED'], channel: 'pickup' },
    ]);
    await page.fill('#id-expires', `${new Date().getFullYear() + 4}-06-30`);
    // Pressed twice: one ID check recorded, not two.
    await page.dblclick('#id-check button[type=submit]');
    await expect.poll(() => page.locator('#id-status').textContent()).toContain('Latest ID check: driver license from US-CA');
    expect(await error().isHidden()).toBe(true);
    expect(await page.locator('#id-status').textContent()).toContain('****4567');

    // Pressed twice: handed over once, and no refusal of a second hand-over shown after it.
    const handOvers: string[] = [];
    const countHandOver = (request: { method(): string; url(): string }) => {
      if (request.method() === 'POST' && request.url().endsWith(`/orders/${order.id}/transitions`)) handOvers.push(request.url());
    };
    page.on('request', countHandOver);
    await page.locator('#pick-actions').getByRole('button', { name: 'Hand over', exact: true }).dblclick();
    await expect.poll(() => status.textContent()).toBe('completed');
    page.off('request', countHandOver);
    expect(handOvers).toHaveLength(1);
    expect(await error().isHidden()).toBe(true);
    await expect.poll(() => page.locator(`.pick-entry[data-order-id="${order.id}"]`).count()).toBe(0);

    const verifications = await db().selectFrom('customer_id_verification').selectAll().where('customer_id', '=', customerId).execute();
    expect(verifications).toHaveLength(1);
    const [verification] = verifications;
    expect(verification).toMatchObject({ document_type: 'driver_license', issuing_jurisdiction: 'US-CA', method: 'manual', verified_by: budtenderId });
    const handedOver = await orderRow();
    expect(handedOver).toMatchObject({ status: 'completed', customer_id: customerId, id_verification_id: verification.id });
    const line = await orderLine();
    expect(line.picked_labels).toEqual([fx.packageLabel]);
    expect(line.picks).toEqual([expect.objectContaining({ packageId: fx.packageId, packageLabel: fx.packageLabel, quantity: 1 })]);
    const handOver = await db().selectFrom('sales_order_transition').select(['actor_id']).where('order_id', '=', order.id).where('to_status', '=', 'completed').execute();
    expect(handOver).toEqual([{ actor_id: budtenderId }]);
    // Sold once, when the order was placed; the ledger agrees with the counters.
    expect(await onHand(fx.packageId)).toBe(stockBefore - 1);
    const ledger = await ledgerMatches(db(), fx.packageId);
    expect([ledger.onHand, ledger.reserved]).toEqual([ledger.ledgerOnHand, ledger.ledgerReserved]);
    expect(ledger.reserved).toBe(0);
  });
});
