// The register app (packages/web/register) in Chromium against a real server, beyond cash: split
// tenders (card terminal, gift card, store credit and cash with change), a price override and a
// manual discount with their reasons (on the receipt too), parked baskets, and returns and voids at
// the counter (the order found by its receipt's number or through its customer, its payments shown
// in the order a refund reaches them). Each
// capability is driven through the screen and then read back from the database (payments, the
// gift-card and store-credit ledgers, order lines, parked carts, returns, stock against its
// ledger, the drawer), and each has a refusal of the server's that must change nothing.
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openRegisterAsManager } from '../support/browser';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;
const GIFT_CARD = '6000123456789012';
const CASH_ROUNDING = 5;
const roundCash = (cents: number) => Math.floor((cents + Math.floor(CASH_ROUNDING / 2)) / CASH_ROUNDING) * CASH_ROUNDING;

describe('register app: tenders, overrides, parked baskets, returns and voids (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  let manager: string;
  let flower: CheckoutFixture; // HH-BD-35, $45.00
  let other: CheckoutFixture; // HH-GDP-35, $42.00
  let buyers: string[];
  let budtenderId: string;
  let managerId: string;
  let giftCardId: string;
  let storeCreditId: string;
  let sessionId: string;
  const saleIds: string[] = [];
  const posted: string[] = []; // the path of every POST the page sends, in order
  let splitSaleId: string; // paid with every tender: voided at the end
  let resumedSaleId: string; // sold from a parked basket: returned at the end

  const db = () => server.platform.database.db;
  const error = () => page.locator('#error');
  const line = (skuId: string) => page.locator(`.line[data-sku-id="${skuId}"]`);
  const paymentsOf = (orderId: string) => db().selectFrom('payment').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
  const ordersWithId = (id: string) => db().selectFrom('sales_order').select('id').where('id', '=', id).execute();
  const onHandAt = async (packageId: string, locationCode: string) =>
    Number(
      (
        await db()
          .selectFrom('inventory_stock')
          .innerJoin('inventory_location', 'inventory_location.id', 'inventory_stock.location_id')
          .select('inventory_stock.on_hand')
          .where('inventory_stock.package_id', '=', packageId)
          .where('inventory_location.code', '=', locationCode)
          .executeTakeFirst()
      )?.on_hand ?? 0,
    );
  /** A stored-value account's balance, and the sum of its ledger: they must agree. */
  const balance = async (accountId: string) => {
    const account = await db().selectFrom('stored_value_account').select('balance_cents').where('id', '=', accountId).executeTakeFirstOrThrow();
    const ledger = await db().selectFrom('stored_value_entry').select((eb) => eb.fn.sum<string>('amount_cents').as('sum')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
    return { balance: Number(account.balance_cents), ledger: Number(ledger.sum ?? 0) };
  };
  /** Every stock row of a package (each location) agrees with its movements. */
  const ledgerAgrees = async (packageId: string) => {
    const rows = await sql<{ on_hand: string; reserved: string; l_on: string; l_res: string }>`
      select s.on_hand, s.reserved,
             (select coalesce(sum(on_hand_delta), 0) from inventory_movement m where m.package_id = s.package_id and m.location_id = s.location_id) as l_on,
             (select coalesce(sum(reserved_delta), 0) from inventory_movement m where m.package_id = s.package_id and m.location_id = s.location_id) as l_res
        from inventory_stock s where s.package_id = ${packageId}`.execute(db());
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const r of rows.rows) expect([Number(r.on_hand), Number(r.reserved)]).toEqual([Number(r.l_on), Number(r.l_res)]);
  };
  const drawer = async () => (await server.request({ method: 'GET', url: `/v1/register-sessions/${sessionId}`, cookie: manager })).json();

  async function switchIn(staffId: string, name: string) {
    await page.selectOption('#pin-user', staffId);
    await page.fill('#pin', '1234');
    await page.click('#pin-form button[type=submit]');
    await expect.poll(() => page.locator('#who').textContent()).toBe(name);
  }
  async function endTurn() {
    await page.click('#end-turn');
    await expect.poll(() => page.locator('#who').textContent()).toBe('Marcus Manager');
  }
  async function chooseCustomer(customerId: string, name: string) {
    await page.fill('#customer-q', name.replace('Test ', ''));
    await page.click('#customer-search button[type=submit]');
    await page.locator(`.customer-result[data-customer-id="${customerId}"]`).getByRole('button', { name: 'Select' }).click();
    await expect.poll(() => page.locator('#customer').textContent()).toBe(name);
  }
  async function scan(code: string) {
    await page.fill('#scan-code', code);
    await page.press('#scan-code', 'Enter');
  }
  async function setQuantity(skuId: string, quantity: number) {
    await line(skuId).locator('input').fill(String(quantity));
    await line(skuId).locator('input').press('Tab');
    await expect.poll(() => line(skuId).locator('input').inputValue()).toBe(String(quantity));
  }
  async function addTender(summary: string, fields: Record<string, string>, submit: string) {
    const details = page.locator('details.tender', { has: page.locator('summary', { hasText: summary }) });
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    for (const [selector, value] of Object.entries(fields)) await page.fill(selector, value);
    await details.getByRole('button', { name: submit }).click();
  }
  /** Types the cash handed over and completes the sale on screen (the id sent lands in saleIds). */
  async function complete(cashDollars: string) {
    await page.fill('#tendered', cashDollars);
    await page.click('#complete');
  }
  /** How many POSTs the page has sent to paths ending so. */
  const postsTo = (suffix: string) => posted.filter((path) => path.endsWith(suffix)).length;
  const shownTotal = async () => Math.round(Number((await page.locator('#total').textContent())!.replace(/[^0-9.]/g, '')) * 100);

  beforeAll(async () => {
    server = await startTestServer();
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    manager = await server.login('manager');
    flower = await stockedSku(db(), server.organizationId, { quantity: 20 });
    other = await stockedSku(db(), server.organizationId, { code: 'HH-GDP-35', quantity: 10 });
    buyers = await customers(db(), server.organizationId, 4);
    const staff = await db().selectFrom('staff_user').select(['id', 'email']).where('email', 'in', ['budtender@demo.verdant.test', 'manager@demo.verdant.test']).execute();
    budtenderId = staff.find((s) => s.email.startsWith('budtender'))!.id;
    managerId = staff.find((s) => s.email.startsWith('manager'))!.id;

    // A $25.00 gift card, a store that rounds cash to 5¢, and $8.00 of store credit for the first buyer.
    const card = await server.request({ method: 'POST', url: '/v1/gift-cards', cookie: manager, body: { amountCents: 2500, code: GIFT_CARD } });
    expect(card.statusCode, card.body).toBe(201);
    giftCardId = card.json().id;
    const rounding = await server.request({ method: 'PUT', url: `/v1/stores/${flower.storeId}/payment-settings`, cookie: manager, body: { cashRoundingCents: CASH_ROUNDING } });
    expect(rounding.statusCode, rounding.body).toBe(200);
    storeCreditId = uuidv7();
    await db().insertInto('stored_value_account').values({ id: storeCreditId, organization_id: server.organizationId, kind: 'store_credit', code_hash: null, code_last4: null, customer_id: buyers[0], balance_cents: 800 } as never).execute();
    await db().insertInto('stored_value_entry').values({ account_id: storeCreditId, amount_cents: 800, reason: 'adjust', reference: 'test goodwill' }).execute();

    browser = await launchChromium();
    page = await browser.newPage();
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/pos-sales')) saleIds.push(JSON.parse(request.postData() ?? '{}').id);
      if (request.method() === 'POST') posted.push(new URL(request.url()).pathname);
    });

    // The manager signs the register in and opens the drawer with a $300.00 float.
    await openRegisterAsManager(page, url, flower.storeId, 300);
    sessionId = (await db().selectFrom('register_session').select('id').where('store_id', '=', flower.storeId).where('status', '=', 'open').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('tenders: a short terminal payment and an over-drawn store credit are refused with nothing taken; then terminal, gift card, store credit and cash pay one sale', async () => {
    await switchIn(budtenderId, 'Bea Budtender');
    await chooseCustomer(buyers[0], 'Test Buyer1');
    await scan(flower.packageLabel);
    await line(flower.skuId).waitFor();
    await setQuantity(flower.skuId, 2);
    await expect.poll(() => page.locator('#verdict').textContent()).toBe('Allowed');
    const total = await shownTotal();
    expect(total).toBeGreaterThan(3000);

    // A terminal payment alone, short of the total: the server's refusal, nothing sold.
    await addTender('Debit / cashless ATM', { '#terminal-amount': '10', '#terminal-reference': 'TERM-4471', '#terminal-last4': '4242' }, 'Add terminal payment');
    await expect.poll(() => page.locator('.tender-line[data-kind="terminal"]').textContent()).toContain('Card terminal $10.00 · approval TERM-4471 · card ••••4242');
    expect(await page.locator('#left-for-cash').textContent()).toContain(`left for cash ${money(total - 1000)}`);
    await page.click('#complete');
    await expect.poll(() => error().textContent()).toContain('TENDER_SHORT');
    // The terminal did charge the customer: the budtender is told what to do about it.
    expect(await error().textContent()).toContain('Nothing was sold, but the card terminal charged $10.00 (approval TERM-4471): sell with it once the sale is put right, or void it on the terminal.');
    const short = saleIds.at(-1)!;
    expect(await ordersWithId(short)).toHaveLength(0);
    expect(await paymentsOf(short)).toHaveLength(0);

    // An unknown gift card is the server's 404; the balance of a known one is the server's.
    await addTender('Gift card', { '#gift-card-code': '6000000000000000', '#gift-card-amount': '15' }, 'Add gift card');
    await expect.poll(() => error().textContent()).toContain('NOT_FOUND');
    expect(await page.locator('.tender-line[data-kind="gift_card"]').count()).toBe(0);
    // Clicked twice in a hurry: the card is one tender, asked about once.
    const balanceAsks = postsTo('/gift-cards/balance');
    await page.fill('#gift-card-code', GIFT_CARD);
    await page.fill('#gift-card-amount', '15');
    await page.locator('#gift-card-tender').getByRole('button', { name: 'Add gift card' }).dblclick();
    await expect.poll(() => page.locator('.tender-line[data-kind="gift_card"]').textContent()).toContain('Gift card $15.00 · ••••9012 · balance $25.00');
    expect(postsTo('/gift-cards/balance') - balanceAsks).toBe(1);
    expect(await page.locator('.tender-line[data-kind="gift_card"]').count()).toBe(1);

    // More store credit than the customer holds: refused when it is taken, and the gift card
    // debited just before it is credited back (the ledger shows both; the balance is unchanged).
    await addTender('Store credit', { '#store-credit-amount': '9' }, 'Add store credit');
    expect(await page.locator('#store-credit-balance').textContent()).toBe('Store credit of the customer on record: $8.00');
    await expect.poll(() => page.locator('.tender-line[data-kind="store_credit"]').textContent()).toContain('Store credit $9.00 · balance $8.00');
    await complete('100');
    await expect.poll(() => error().textContent()).toContain('INSUFFICIENT_BALANCE');
    const overdrawn = saleIds.at(-1)!;
    expect(overdrawn).not.toBe(short);
    expect(await ordersWithId(overdrawn)).toHaveLength(0);
    expect(await paymentsOf(overdrawn)).toHaveLength(0);
    expect(await balance(giftCardId)).toEqual({ balance: 2500, ledger: 2500 });
    expect(await db().selectFrom('stored_value_entry').select(['amount_cents', 'reason']).where('account_id', '=', giftCardId).where('reference', '=', overdrawn).orderBy('id').execute()).toEqual([
      { amount_cents: -1500, reason: 'redeem' },
      { amount_cents: 1500, reason: 'void' },
    ]);
    expect(await balance(storeCreditId)).toEqual({ balance: 800, ledger: 800 });
    expect(await onHandAt(flower.packageId, 'sales_floor')).toBe(20);

    // $5.00 of store credit instead: terminal $10 + gift card $15 + store credit $5 + cash for the rest.
    await page.locator('.tender-line[data-kind="store_credit"]').getByRole('button', { name: 'Remove' }).click();
    await page.fill('#store-credit-amount', '5');
    await page.locator('#store-credit-tender').getByRole('button', { name: 'Add store credit' }).click();
    await expect.poll(() => page.locator('#left-for-cash').textContent()).toContain(`left for cash ${money(total - 3000)}`);
    const before = await drawer();
    await complete('100');
    await page.locator('#done').waitFor();
    splitSaleId = saleIds.at(-1)!;
    expect(splitSaleId).not.toBe(overdrawn);

    const order = await db().selectFrom('sales_order').selectAll().where('id', '=', splitSaleId).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ status: 'completed', customer_id: buyers[0], budtender_id: budtenderId });
    expect(Number(order.total_cents)).toBe(total);
    const payments = await paymentsOf(splitSaleId);
    expect(payments.map((p) => [p.provider, Number(p.amount_cents)])).toEqual([
      ['terminal', 1000],
      ['gift_card', 1500],
      ['store_credit', 500],
      ['cash', total - 3000],
    ]);
    const [terminal, gift, credit, cash] = payments;
    expect(terminal.authorization_ref).toBe('TERM-4471');
    expect(terminal.details).toEqual({ cardLast4: '4242' });
    expect(gift.details).toMatchObject({ last4: '9012', balanceAfterCents: 1000 });
    expect(credit.details).toMatchObject({ balanceAfterCents: 300 });
    // Cash: the rest, rounded to the store's 5¢, change from $100.00 — the server's, on screen.
    const change = 10_000 - roundCash(total - 3000);
    expect([Number(cash.tendered_cents), Number(cash.change_cents)]).toEqual([10_000, change]);
    expect(await page.locator('#change-due').textContent()).toBe(`Cash $100.00 · Change due ${money(change)}`);
    const shown = await page.locator('#payments li').allTextContents();
    expect(shown).toEqual([
      'Card terminal $10.00 · approval TERM-4471 · card ••••4242',
      'Gift card ••••9012 $15.00 · $10.00 left',
      'Store credit $5.00 · $3.00 left',
      `Cash ${money(total - 3000)} · handed over $100.00 · change ${money(change)}`,
    ]);
    expect(await balance(giftCardId)).toEqual({ balance: 1000, ledger: 1000 });
    expect(await balance(storeCreditId)).toEqual({ balance: 300, ledger: 300 });
    // Only the cash went through the drawer.
    const after = await drawer();
    expect(after.cashSalesCents - before.cashSalesCents).toBe(10_000);
    expect(after.changeOutCents - before.changeOutCents).toBe(change);
    expect(await onHandAt(flower.packageId, 'sales_floor')).toBe(18);
    await ledgerAgrees(flower.packageId);
    await expect.poll(() => page.frameLocator('#receipt').locator('body').textContent()).toContain('9012');
  });

  it('a price override and a manual discount: the budtender is refused (quote and sale), the manager’s go through with their reasons', async () => {
    await page.click('#next-customer');
    await page.locator('#sale').waitFor();
    // The first buyer's store credit offered, then another customer chosen: that credit is not theirs to pay with.
    await chooseCustomer(buyers[0], 'Test Buyer1');
    await page.fill('#store-credit-amount', '1');
    await page.locator('#store-credit-tender').getByRole('button', { name: 'Add store credit' }).click();
    await expect.poll(() => page.locator('.tender-line[data-kind="store_credit"]').textContent()).toContain('Store credit $1.00 · balance $3.00');
    await chooseCustomer(buyers[1], 'Test Buyer2');
    await expect.poll(() => page.locator('#store-credit-balance').textContent()).toBe('Store credit of the customer on record: $0.00');
    expect(await page.locator('.tender-line').count()).toBe(0);
    // Two scans in quick succession, as a scanner sends them: both land, in the order scanned.
    await scan(flower.packageLabel);
    await scan(other.skuCode);
    await line(other.skuId).waitFor();
    expect(await page.locator('.line').evaluateAll((lines) => lines.map((l) => (l as HTMLElement).dataset.skuId))).toEqual([flower.skuId, other.skuId]);
    await expect.poll(() => page.locator('#subtotal').textContent()).toBe(money(flower.priceCents + other.priceCents));

    const override = async (skuId: string, kind: 'unitPriceCents' | 'discountCents', dollars: string, reason: string) => {
      await line(skuId).getByRole('button', { name: 'Price…' }).click();
      const form = line(skuId).locator('.override-form');
      await form.locator('select').selectOption(kind);
      await form.locator('input[name=amount]').fill(dollars);
      await form.locator('input[name=reason]').fill(reason);
      await form.getByRole('button', { name: 'Apply' }).click();
    };

    // The budtender may not: the server's refusal, and the line keeps its list price.
    await override(flower.skuId, 'unitPriceCents', '30', 'Display jar, damaged lid');
    await expect.poll(() => error().textContent()).toContain('FORBIDDEN');
    await expect.poll(() => page.locator('#subtotal').textContent()).toBe(money(flower.priceCents + other.priceCents));
    expect(await line(flower.skuId).locator('.override').count()).toBe(0);

    // The manager may: a unit price on one line, a discount on the other, both in the quote.
    await endTurn();
    await override(flower.skuId, 'unitPriceCents', '30', 'Display jar, damaged lid');
    await expect.poll(() => line(flower.skuId).locator('.override').textContent()).toBe('override: unit price $30.00 · “Display jar, damaged lid”');
    await override(other.skuId, 'discountCents', '5', 'Loyal customer goodwill');
    await expect.poll(() => line(other.skuId).locator('.override').textContent()).toBe('override: $5.00 off · “Loyal customer goodwill”');
    await expect.poll(() => page.locator('#subtotal').textContent()).toBe(money(3000 + other.priceCents));
    expect(await page.locator('#discount').textContent()).toBe('−$5.00');
    expect(await error().isHidden()).toBe(true);

    // The budtender takes over the basket: the quote and then the sale are refused, nothing is sold.
    await switchIn(budtenderId, 'Bea Budtender');
    await expect.poll(() => error().textContent()).toContain('FORBIDDEN');
    await complete('200');
    await expect.poll(() => saleIds.length).toBeGreaterThan(0);
    const refused = saleIds.at(-1)!;
    expect(refused).not.toBe(splitSaleId);
    await expect.poll(() => error().textContent()).toContain('FORBIDDEN');
    expect(await ordersWithId(refused)).toHaveLength(0);
    expect(await paymentsOf(refused)).toHaveLength(0);
    expect(await onHandAt(flower.packageId, 'sales_floor')).toBe(18);

    await endTurn();
    await expect.poll(() => page.locator('#verdict').textContent()).toBe('Allowed');
    const total = await shownTotal();
    await complete('200');
    await page.locator('#done').waitFor();
    const saleId = saleIds.at(-1)!;
    expect(saleId).not.toBe(refused);
    const order = await db().selectFrom('sales_order').selectAll().where('id', '=', saleId).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ status: 'completed', customer_id: buyers[1], budtender_id: managerId });
    expect([Number(order.total_cents), Number(order.discount_cents)]).toEqual([total, 500]);
    const lines = await db().selectFrom('sales_order_line').selectAll().where('order_id', '=', saleId).orderBy('line_no').execute();
    expect(lines.map((l) => [l.sku_id, Number(l.unit_price_cents), Number(l.discount_cents), l.price_override])).toEqual([
      [flower.skuId, 3000, 0, { unitPriceCents: 3000, reason: 'Display jar, damaged lid', by: managerId }],
      [other.skuId, other.priceCents, 500, { discountCents: 500, reason: 'Loyal customer goodwill', by: managerId }],
    ]);
    const audited = await db().selectFrom('audit_log').select(['actor_id', 'reason']).where('action', '=', 'orders.price.overridden').where('entity_id', '=', saleId).orderBy('id').execute();
    expect(audited).toEqual([
      { actor_id: managerId, reason: 'Display jar, damaged lid' },
      { actor_id: managerId, reason: 'Loyal customer goodwill' },
    ]);
    // The receipt gives the reason of both: the discount's and the unit price's.
    await expect.poll(() => page.frameLocator('#receipt').locator('body').textContent()).toContain('Discount: Loyal customer goodwill');
    expect(await page.frameLocator('#receipt').locator('body').textContent()).toContain('Price override: Display jar, damaged lid');
  });

  it('parked baskets: parked with the customer, one resumed elsewhere meanwhile is refused, the other comes back whole and sells', async () => {
    await page.click('#next-customer');
    await page.locator('#sale').waitFor();
    await switchIn(budtenderId, 'Bea Budtender');
    const parked = () => db().selectFrom('register_parked_cart').selectAll().orderBy('parked_at').execute();

    await chooseCustomer(buyers[2], 'Test Buyer3');
    await scan(flower.packageLabel);
    await line(flower.skuId).waitFor();
    await setQuantity(flower.skuId, 2);
    await scan(other.skuCode);
    await line(other.skuId).waitFor();
    await expect.poll(() => page.locator('#verdict').textContent()).toBe('Allowed');
    // Park pressed twice before the server answered: the basket is parked once.
    const parksSent = postsTo('/parked-carts');
    await page.dblclick('#park');
    await expect.poll(() => page.locator('.parked-cart').count()).toBe(1);
    expect(postsTo('/parked-carts') - parksSent).toBe(1);
    expect(await page.locator('#customer').textContent()).toBe('No customer yet.');
    expect(await page.locator('#basket').textContent()).toBe('The basket is empty.');
    const [first] = await parked();
    expect(first).toMatchObject({ status: 'parked', parked_by: budtenderId, label: 'Test Buyer3 · 3 items' });
    expect(first.payload).toMatchObject({
      customer: { id: buyers[2], name: 'Test Buyer3' },
      lines: [
        { skuId: flower.skuId, packageLabel: flower.packageLabel, quantity: 2 },
        { skuId: other.skuId, quantity: 1 },
      ],
    });

    await chooseCustomer(buyers[3], 'Test Buyer4');
    await scan(other.skuCode);
    await line(other.skuId).waitFor();
    await page.click('#park');
    await expect.poll(() => page.locator('.parked-cart').count()).toBe(2);
    const second = (await parked())[1];
    expect(second.label).toBe('Test Buyer4 · 1 item');

    // Another register's budtender resumes the second basket first: here it is refused and nothing changes.
    const elsewhere = await server.request({ method: 'POST', url: `/v1/registers/${second.register_id}/parked-carts/${second.id}/resume`, cookie: manager });
    expect(elsewhere.statusCode, elsewhere.body).toBe(200);
    await page.locator(`.parked-cart[data-cart-id="${second.id}"]`).getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => error().textContent()).toContain('PARKED_CART_GONE');
    await expect.poll(() => page.locator('.parked-cart').count()).toBe(1);
    expect(await page.locator('#basket').textContent()).toBe('The basket is empty.');
    expect((await parked())[1]).toMatchObject({ status: 'resumed', resumed_by: managerId });

    // The first comes back whole: customer, both lines, the package scanned; the server's verdict again.
    await page.locator(`.parked-cart[data-cart-id="${first.id}"]`).getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.locator('#customer').textContent()).toBe('Test Buyer3');
    await expect.poll(() => line(flower.skuId).locator('input').inputValue()).toBe('2');
    expect(await line(flower.skuId).textContent()).toContain(`package ${flower.packageLabel}`);
    expect(await line(other.skuId).locator('input').inputValue()).toBe('1');
    await expect.poll(() => page.locator('#verdict').textContent()).toBe('Allowed');
    await expect.poll(() => page.locator('.parked-cart').count()).toBe(0);
    expect((await parked())[0]).toMatchObject({ status: 'resumed', resumed_by: budtenderId });

    // Paid $20.00 on the terminal and the rest in cash.
    await addTender('Debit / cashless ATM', { '#terminal-amount': '20', '#terminal-reference': 'TERM-5000' }, 'Add terminal payment');
    await complete('200');
    await page.locator('#done').waitFor();
    resumedSaleId = saleIds.at(-1)!;
    const order = await db().selectFrom('sales_order').selectAll().where('id', '=', resumedSaleId).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ status: 'completed', customer_id: buyers[2] });
    expect((await paymentsOf(resumedSaleId)).map((p) => [p.provider, Number(p.amount_cents), p.details])).toEqual([
      ['terminal', 2000, { cardLast4: null }],
      ['cash', Number(order.total_cents) - 2000, expect.anything()],
    ]);
    expect(await onHandAt(flower.packageId, 'sales_floor')).toBe(15);
  });

  it('returns and voids: the budtender and a return of more than was sold are refused; items come back to the shelf and to quarantine, refunded to the tenders and to store credit; a same-day void puts every tender back', async () => {
    const order = await db().selectFrom('sales_order').selectAll().where('id', '=', resumedSaleId).executeTakeFirstOrThrow();
    const lines = await db().selectFrom('sales_order_line').selectAll().where('order_id', '=', resumedSaleId).orderBy('line_no').execute();
    const [flowerLine, otherLine] = lines;
    const returnLine = (lineNo: number) => page.locator(`.return-line[data-line-no="${lineNo}"]`);
    const returnsOf = (orderId: string) => db().selectFrom('sales_return').selectAll().where('order_id', '=', orderId).orderBy('created_at').execute();
    const numberOf = async (orderId: string) => String((await db().selectFrom('sales_order').select('number').where('id', '=', orderId).executeTakeFirstOrThrow()).number);
    /** Looks the order up by the number on its receipt, as the customer hands it over. */
    const lookUp = async (orderId: string) => {
      const number = await numberOf(orderId);
      await page.fill('#lookup-order', `#${number}`);
      await page.click('#order-lookup button[type=submit]');
      await expect.poll(() => page.locator('#return-number').textContent()).toBe(number);
    };
    const shownPayments = () => page.locator('#return-payments li').allTextContents();

    // A number no order of this store has: the screen says so and opens nothing.
    await page.click('#show-returns');
    await page.fill('#lookup-order', '999999999');
    await page.click('#order-lookup button[type=submit]');
    await expect.poll(() => error().textContent()).toContain('No order #999999999 at this store.');
    expect(await page.locator('#return-order').isHidden()).toBe(true);

    // The budtender may look the sale up by its receipt's number and see where its money came from, not take it back.
    await lookUp(resumedSaleId);
    expect(await page.locator('#return-status').textContent()).toBe('completed');
    const [terminalPaid, cashPaid] = await paymentsOf(resumedSaleId);
    const cashCents = Number(cashPaid.amount_cents);
    // In the order a refund reaches them: the cash (taken last) first.
    await expect.poll(shownPayments).toEqual([
      `Cash ${money(cashCents)} · ${money(cashCents)} refundable, back to cash · the next refund starts here`,
      'Card terminal $20.00 · ref TERM-5000 · $20.00 refundable, back to the card terminal (refund it on the terminal too)',
    ]);
    expect(await page.locator('.next-refund').getAttribute('data-payment-id')).toBe(cashPaid.id);
    expect(terminalPaid.provider).toBe('terminal');
    await returnLine(flowerLine.line_no).locator('input').fill('1');
    await page.fill('#return-reason', 'Customer changed their mind');
    await page.click('#make-return');
    await expect.poll(() => error().textContent()).toContain('FORBIDDEN');
    expect(await returnsOf(resumedSaleId)).toHaveLength(0);
    expect(await onHandAt(flower.packageId, 'sales_floor')).toBe(15);

    // The manager: three of a line of two is more than was sold.
    await endTurn();
    await returnLine(flowerLine.line_no).locator('input').fill('3');
    await page.click('#make-return');
    await expect.poll(() => error().textContent()).toContain('RETURN_EXCEEDS_SALE');
    expect(await returnsOf(resumedSaleId)).toHaveLength(0);
    expect(Number((await db().selectFrom('sales_order').select('refunded_cents').where('id', '=', resumedSaleId).executeTakeFirstOrThrow()).refunded_cents)).toBe(0);
    expect(await onHandAt(flower.packageId, 'sales_floor')).toBe(15);

    // One flower back to the shelf, the other item to be destroyed (held in quarantine), to the original tenders.
    const drawerBefore = await drawer();
    await returnLine(flowerLine.line_no).locator('input').fill('1');
    await returnLine(otherLine.line_no).locator('input').fill('1');
    await returnLine(otherLine.line_no).locator('select').selectOption('destroy');
    // Clicked twice before the server answered: one return, not two (of the two flowers sold).
    const returnsSent = postsTo('/returns');
    await page.dblclick('#make-return');
    await expect.poll(() => page.locator('#return-result-title').textContent()).toContain('Returned:');
    expect(postsTo('/returns') - returnsSent).toBe(1);
    expect(await error().isHidden()).toBe(true);
    const [first] = await returnsOf(resumedSaleId);
    expect(first).toMatchObject({ kind: 'return', refund_to: 'original', reason: 'Customer changed their mind', created_by: managerId });
    expect((first.lines as Array<{ lineNo: number; quantity: number; restock: string }>).map((l) => [l.lineNo, l.quantity, l.restock])).toEqual([
      [flowerLine.line_no, 1, 'sellable'],
      [otherLine.line_no, 1, 'destroy'],
    ]);
    const refund = Number(first.refund_cents);
    expect(await page.locator('#return-result-title').textContent()).toBe(`Returned: ${money(refund)} refunded (tax ${money(Number(first.tax_refund_cents))}) to the original tenders`);
    expect(await onHandAt(flower.packageId, 'sales_floor')).toBe(16);
    expect(await onHandAt(other.packageId, 'quarantine')).toBe(1);
    await ledgerAgrees(flower.packageId);
    await ledgerAgrees(other.packageId);
    // Refunded newest tender first: the cash, paid out of this drawer.
    const [terminal, cash] = await paymentsOf(resumedSaleId);
    expect(Number(cash.amount_cents)).toBeGreaterThanOrEqual(refund);
    expect([Number(cash.refunded_cents), Number(terminal.refunded_cents)]).toEqual([refund, 0]);
    expect((await db().selectFrom('payment_refund').select('amount_cents').where('payment_id', '=', cash.id).execute()).map((r) => Number(r.amount_cents))).toEqual([refund]);
    expect((await drawer()).cashRefundsCents - drawerBefore.cashRefundsCents).toBe(refund);
    expect(await page.locator('.refund-cash').textContent()).toBe(`Pay ${money(refund)} out of this drawer`);
    await expect.poll(() => returnLine(flowerLine.line_no).textContent()).toContain('1 returned already');
    // The payments as they are now: the next refund still starts on what is left of the cash.
    await expect.poll(shownPayments).toEqual([
      `Cash ${money(cashCents)} · refunded ${money(refund)} · ${money(cashCents - refund)} refundable, back to cash · the next refund starts here`,
      'Card terminal $20.00 · ref TERM-5000 · $20.00 refundable, back to the card terminal (refund it on the terminal too)',
    ]);

    // The other flower, to the customer's store credit.
    await returnLine(flowerLine.line_no).locator('input').fill('1');
    await page.locator('#refund-to input[value=store_credit]').check();
    await page.fill('#return-reason', 'Wrong strain, credit instead');
    await page.click('#make-return');
    await expect.poll(() => page.locator('#return-result-title').textContent()).toContain('to store credit');
    const second = (await returnsOf(resumedSaleId))[1];
    expect(second).toMatchObject({ kind: 'return', refund_to: 'store_credit' });
    const credit = await db().selectFrom('stored_value_account').select('id').where('kind', '=', 'store_credit').where('customer_id', '=', buyers[2]).executeTakeFirstOrThrow();
    expect(await balance(credit.id)).toEqual({ balance: Number(second.refund_cents), ledger: Number(second.refund_cents) });
    // What was left of the cash, then the terminal payment: both parts go to the store credit.
    const parts = second.refunds as Array<{ paymentId: string; amountCents: number; destination: string }>;
    expect(parts.map((r) => r.paymentId)).toEqual([cash.id, terminal.id]);
    expect(parts.reduce((sum, r) => sum + r.amountCents, 0)).toBe(Number(second.refund_cents));
    expect(await page.locator('.refund').allTextContents()).toEqual(parts.map((r) => `${money(r.amountCents)} back to store credit`));
    const paid = await paymentsOf(resumedSaleId);
    expect(paid.map((p) => Number(p.refunded_cents))).toEqual([parts[1].amountCents, refund + parts[0].amountCents]);
    expect(Number(paid[1].refunded_cents)).toBe(Number(paid[1].amount_cents));
    expect(await onHandAt(flower.packageId, 'sales_floor')).toBe(17);
    expect(Number((await db().selectFrom('sales_order').select('refunded_cents').where('id', '=', resumedSaleId).executeTakeFirstOrThrow()).refunded_cents)).toBe(refund + Number(second.refund_cents));
    expect(Number(order.total_cents)).toBe(refund + Number(second.refund_cents)); // every unit is back: all of it refunded
    await expect.poll(shownPayments).toEqual([
      `Cash ${money(cashCents)} · refunded ${money(cashCents)} · nothing left to refund`,
      'Card terminal $20.00 · ref TERM-5000 · refunded $20.00 · nothing left to refund',
    ]);

    // The split sale of the morning, found through its customer (no receipt at hand), and voided:
    // every tender gets its money back, the stock goes back to the shelf.
    await page.fill('#order-customer-q', 'Buyer1');
    await page.click('#order-customer-search button[type=submit]');
    await page.locator(`.order-customer[data-customer-id="${buyers[0]}"]`).getByRole('button', { name: 'Their orders' }).click();
    const splitRow = page.locator(`.order-result[data-order-id="${splitSaleId}"]`);
    await expect.poll(() => splitRow.textContent()).toContain(`Order #${await numberOf(splitSaleId)} · register sale of`);
    expect(await page.locator('.order-result').count()).toBe(1); // the sales refused this morning left no order
    await splitRow.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => page.locator('#return-number').textContent()).toBe(await numberOf(splitSaleId));
    const splitTotal = Number((await db().selectFrom('sales_order').select('total_cents').where('id', '=', splitSaleId).executeTakeFirstOrThrow()).total_cents);
    await expect.poll(shownPayments).toEqual([
      `Cash ${money(splitTotal - 3000)} · ${money(splitTotal - 3000)} refundable, back to cash · the next refund starts here`,
      'Store credit $5.00 · $5.00 refundable, back to store credit',
      'Gift card $15.00 · ••••9012 · $15.00 refundable, back to the gift card',
      'Card terminal $10.00 · ref TERM-4471 · ••••4242 · $10.00 refundable, back to the card terminal (refund it on the terminal too)',
    ]);
    await page.fill('#return-reason', 'Rang up on the wrong customer');
    await page.click('#void-sale');
    await expect.poll(() => page.locator('#return-status').textContent()).toBe('voided');
    const voided = await db().selectFrom('sales_order').selectAll().where('id', '=', splitSaleId).executeTakeFirstOrThrow();
    expect(voided).toMatchObject({ status: 'voided', status_reason: 'Rang up on the wrong customer' });
    expect(Number(voided.refunded_cents)).toBe(Number(voided.total_cents));
    const payments = await paymentsOf(splitSaleId);
    expect(payments.map((p) => [p.provider, p.status, Number(p.refunded_cents) === Number(p.amount_cents)])).toEqual([
      ['terminal', 'refunded', true],
      ['gift_card', 'refunded', true],
      ['store_credit', 'refunded', true],
      ['cash', 'refunded', true],
    ]);
    expect(await balance(giftCardId)).toEqual({ balance: 2500, ledger: 2500 });
    expect(await balance(storeCreditId)).toEqual({ balance: 800, ledger: 800 });
    expect(await onHandAt(flower.packageId, 'sales_floor')).toBe(19);
    await ledgerAgrees(flower.packageId);
    expect(await page.locator('.refund[data-destination="terminal"]').textContent()).toBe('$10.00 back to the card terminal (refund it on the terminal too)');
    await expect.poll(async () => (await shownPayments()).every((text) => text.endsWith('nothing left to refund'))).toBe(true);

    // Voided once: a second void is refused and changes nothing.
    await page.fill('#return-reason', 'Pressed twice');
    await page.click('#void-sale');
    await expect.poll(() => error().textContent()).toContain('INVALID_TRANSITION');
    expect(await returnsOf(splitSaleId)).toHaveLength(1);
    expect(await onHandAt(flower.packageId, 'sales_floor')).toBe(19);
    expect(await balance(giftCardId)).toEqual({ balance: 2500, ledger: 2500 });

    // The drawer closed: the cash paid out for the return and the void is on the count, so its lines add up to what is expected.
    const open = await drawer();
    expect(open.cashRefundsCents).toBeGreaterThan(0);
    await page.click('#leave-returns'); // back to the last sale's receipt
    await page.click('#next-customer');
    await page.locator('#sale').waitFor();
    await page.click('#show-close');
    await page.fill('#counted', (open.expectedCents / 100).toFixed(2));
    await page.click('#close-form button[type=submit]');
    await page.locator('#closed').waitFor();
    expect(await page.locator('#expected').textContent()).toBe(money(open.expectedCents));
    expect(await page.locator('#cash-refunds').textContent()).toBe(money(open.cashRefundsCents));
    expect(open.expectedCents).toBe(open.floatCents + open.cashSalesCents - open.changeOutCents - open.cashRefundsCents);
  });
});
