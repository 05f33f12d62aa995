// Selling gift cards at the register app (packages/web/register, gift-cards.js) in Chromium against
// a real server: a budtender sells a new card for cash (the first answer lost on the way back, so
// the same sale is sent again), the code the server made up is shown once with the change due
// after the store's cash rounding, the balance and the receipt; refusals (an unknown card, cash
// short of the amount) are shown and change nothing; value is added to the card on the card
// terminal; the drawer closes even. The database must show what the screen said: the card's
// balance and ledger, the payments, the drawer's counters.
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openRegisterAsManager } from '../support/browser';
import { startTestServer, type TestServer } from '../support/test-server';

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;
const FLOAT_DOLLARS = 100;

describe('register app: selling gift cards (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  let manager: string;
  let storeId: string;
  let budtenderId: string;
  let sessionId: string;
  const saleIds: string[] = [];

  const db = () => server.platform.database.db;
  const error = () => page.locator('#error');
  const drawer = async () => (await server.request({ method: 'GET', url: `/v1/register-sessions/${sessionId}`, cookie: manager })).json();
  /** What a gift card sale writes: a refusal leaves every count and the drawer as they were. */
  const footprint = async () => ({
    counts: await Promise.all(
      ['gift_card_sale', 'payment', 'stored_value_account', 'stored_value_entry', 'register_session_event', 'audit_log'].map(
        async (table) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db())).rows[0].n),
      ),
    ),
    drawer: await drawer(),
    balances: await db().selectFrom('stored_value_account').select(['id', 'balance_cents']).orderBy('id').execute(),
  });
  const giftCardScreen = async () => {
    await page.click('#show-gift-card');
    await page.locator('#gift-card-sale').waitFor();
  };

  beforeAll(async () => {
    server = await startTestServer();
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    manager = await server.login('manager');
    storeId = (await db().selectFrom('store').select('id').where('organization_id', '=', server.organizationId).where('name', 'like', '%Oakland%').executeTakeFirstOrThrow()).id;
    budtenderId = (await db().selectFrom('staff_user').select('id').where('email', '=', 'budtender@demo.verdant.test').executeTakeFirstOrThrow()).id;
    // The store rounds cash to 5¢.
    const rounding = await server.request({ method: 'PUT', url: `/v1/stores/${storeId}/payment-settings`, cookie: manager, body: { cashRoundingCents: 5 } });
    expect(rounding.statusCode, rounding.body).toBe(200);
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/gift-card-sales')) saleIds.push(JSON.parse(request.postData() ?? '{}').id);
    });
    await openRegisterAsManager(page, url, storeId, FLOAT_DOLLARS);
    sessionId = (await db().selectFrom('register_session').select('id').where('store_id', '=', storeId).where('status', '=', 'open').executeTakeFirstOrThrow()).id;
    await page.selectOption('#pin-user', budtenderId);
    await page.fill('#pin', '1234');
    await page.click('#pin-form button[type=submit]');
    await page.waitForFunction(() => document.getElementById('who')?.textContent === 'Bea Budtender');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  let code: string;
  let accountId: string;

  it('sells a new card for cash: a lost answer is sent again, the code is shown once, with the change and the balance', async () => {
    await giftCardScreen();
    // $25.03 on the card: cash due rounds to $25.05, so $30.00 gets $4.95 back.
    await page.fill('#gift-sale-amount', '25.03');
    await page.fill('#gift-sale-tendered', '30');

    // The first answer is lost on the way back: the server sold, the register heard nothing.
    const answers: number[] = [];
    await page.route(
      '**/gift-card-sales',
      async (route) => {
        answers.push((await route.fetch()).status());
        await route.abort('failed');
      },
      { times: 1 },
    );
    await page.click('#gift-sale-submit');
    await expect.poll(() => page.locator('#gift-sale-pending').isVisible()).toBe(true);
    expect(await error().isVisible()).toBe(true);
    expect(await page.locator('#gift-sale-amount').isDisabled()).toBe(true); // the sale is sent again as it was
    const [again] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/gift-card-sales')), page.click('#gift-sale-submit')]);
    answers.push(again.status());
    expect(answers).toEqual([201, 200]); // sold once; the second answer is the stored sale
    await page.locator('#gift-sale-done').waitFor();
    expect(saleIds).toHaveLength(2);
    expect(saleIds[1]).toBe(saleIds[0]);
    expect(saleIds[0][14]).toBe('7'); // a UUIDv7, made by the browser

    // The code the server made up, shown once (the same budtender's retry still shows it).
    const shown = (await page.locator('#gift-sale-code-shown').textContent())!;
    const match = /Card code ((?:\d{4} ){3}\d{4})/.exec(shown);
    expect(match, shown).not.toBeNull();
    code = match![1].replace(/ /g, '');
    expect(await page.locator('#gift-sale-title').textContent()).toBe(`New gift card ••••${code.slice(-4)} sold · $25.03`);
    expect(await page.locator('#gift-sale-balance').textContent()).toBe('Balance now $25.03');
    expect(await page.locator('#gift-sale-change').textContent()).toBe('Cash $30.00 · Change due $4.95');
    expect(await page.locator('#gift-sale-receipt').getAttribute('src')).toBe(`/v1/gift-card-sales/${saleIds[0]}/receipt`);
    await expect.poll(() => page.frameLocator('#gift-sale-receipt').locator('body').textContent()).toContain('GIFT CARD RECEIPT');
    expect(await page.frameLocator('#gift-sale-receipt').locator('body').textContent()).toContain(`Balance on ****${code.slice(-4)}`);

    // The database: one sale, one card with its balance on its ledger, one cash payment, the drawer.
    const sales = await db().selectFrom('gift_card_sale').selectAll().execute();
    expect(sales).toHaveLength(1);
    expect(sales[0]).toMatchObject({ id: saleIds[0], kind: 'issue', register_session_id: sessionId, sold_by: budtenderId, code_last4: code.slice(-4) });
    accountId = sales[0].account_id;
    const account = await db().selectFrom('stored_value_account').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
    expect(Number(account.balance_cents)).toBe(2503);
    expect((await db().selectFrom('stored_value_entry').select(['amount_cents', 'reason']).where('account_id', '=', accountId).execute()).map((e) => [Number(e.amount_cents), e.reason])).toEqual([[2503, 'issue']]);
    const payments = await db().selectFrom('payment').selectAll().where('gift_card_sale_id', '=', saleIds[0]).execute();
    expect(payments.map((p) => [p.provider, p.order_id, Number(p.amount_cents), Number(p.tendered_cents), Number(p.change_cents)])).toEqual([['cash', null, 2503, 3000, 495]]);
    expect(await drawer()).toMatchObject({ cashSalesCents: 0, saleCount: 0, giftCardSaleCount: 1, giftCardSalesCents: 2503, giftCardCashCents: 2505, expectedCents: FLOAT_DOLLARS * 100 + 2505 });

    // Done: back to the sale, and the code is gone from the page.
    await page.click('#gift-sale-next');
    await page.locator('#sale').waitFor();
    expect(await page.locator('#gift-sale-code-shown').textContent()).toBe('');
  });

  it('refusals — an unknown card to load, cash short of the amount — are shown with their reason and change nothing', async () => {
    const before = await footprint();
    await giftCardScreen();
    await page.locator('#gift-card-sale input[name=kind][value=load]').check();
    await page.fill('#gift-sale-code', '6000 9999 9999 9999');
    await page.click('#gift-sale-check');
    await expect.poll(() => error().textContent()).toContain('NOT_FOUND');
    await page.fill('#gift-sale-amount', '10');
    await page.click('#gift-sale-submit');
    await expect.poll(() => error().textContent()).toContain('GIFT_CARD_UNKNOWN');
    expect(await page.locator('#gift-sale-done').isHidden()).toBe(true);

    await page.fill('#gift-sale-code', code);
    await page.fill('#gift-sale-tendered', '5');
    await page.click('#gift-sale-submit');
    await expect.poll(() => error().textContent()).toContain('TENDER_SHORT');
    expect(await page.locator('#gift-sale-pending').isHidden()).toBe(true); // answered: nothing to send again
    expect(await footprint()).toEqual(before);
  });

  it('adds value to the card on the card terminal: the balance is the server’s, the drawer does not move', async () => {
    const before = await drawer();
    await page.click('#gift-sale-check');
    await expect.poll(() => page.locator('#gift-sale-card').textContent()).toBe(`Card ••••${code.slice(-4)} holds $25.03`);
    await page.locator('#gift-card-sale input[name=pay][value=terminal]').check();
    await page.fill('#gift-sale-reference', 'TERM-3001');
    await page.fill('#gift-sale-last4', '4242');
    await page.click('#gift-sale-submit');
    await page.locator('#gift-sale-done').waitFor();
    expect(await page.locator('#gift-sale-title').textContent()).toBe(`$10.00 added to gift card ••••${code.slice(-4)}`);
    expect(await page.locator('#gift-sale-balance').textContent()).toBe('Balance now $35.03');
    expect(await page.locator('#gift-sale-change').textContent()).toBe('Card terminal $10.00 · approval TERM-3001 · card ••••4242');
    expect(await page.locator('#gift-sale-code-shown').isHidden()).toBe(true);

    const account = await db().selectFrom('stored_value_account').select('balance_cents').where('id', '=', accountId).executeTakeFirstOrThrow();
    expect(Number(account.balance_cents)).toBe(3503);
    const load = await db().selectFrom('gift_card_sale').selectAll().where('id', '=', saleIds.at(-1)!).executeTakeFirstOrThrow();
    expect(load).toMatchObject({ kind: 'load', account_id: accountId, cash_in_cents: 0 });
    const payments = await db().selectFrom('payment').selectAll().where('gift_card_sale_id', '=', load.id).execute();
    expect(payments.map((p) => [p.provider, p.authorization_ref, Number(p.amount_cents), p.details])).toEqual([['terminal', 'TERM-3001', 1000, { cardLast4: '4242' }]]);
    const after = await drawer();
    expect(after.expectedCents).toBe(before.expectedCents);
    expect(after).toMatchObject({ giftCardSaleCount: 2, giftCardSalesCents: 3503, giftCardCashCents: 2505 });
    await page.click('#gift-sale-next');
    await page.locator('#sale').waitFor();
  });

  it('the drawer closes even: the gift card cash is expected, and shown apart from sales', async () => {
    const expected = (await drawer()).expectedCents;
    expect(expected).toBe(FLOAT_DOLLARS * 100 + 2505);
    await page.click('#end-turn');
    await expect.poll(() => page.locator('#who').textContent()).toBe('Marcus Manager');
    await page.click('#show-close');
    await page.fill('#counted', String(expected / 100));
    await page.click('#close-form button[type=submit]');
    await page.locator('#closed').waitFor();
    expect(await page.locator('#gift-card-cash').textContent()).toBe(money(2505));
    expect(await page.locator('#cash-sales').textContent()).toBe('$0.00');
    expect(await page.locator('#expected').textContent()).toBe(money(expected));
    expect(await page.locator('#over-short').textContent()).toBe('$0.00');
    const closed = await db().selectFrom('register_session').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect([closed.status, Number(closed.expected_cents), Number(closed.over_short_cents)]).toEqual(['closed', expected, 0]);
  });
});
