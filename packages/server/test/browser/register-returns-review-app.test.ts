// The register's returns screen (packages/web/register/returns.js) in Chromium against a real
// server, as a manager works it at the counter: a return or a void shows its own receipt, an
// answer lost on the way back is sent again without refunding twice, the cash handed back is the
// cash the server booked (after the store's rounding), and a refusal marks the field it names.
import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openRegisterAsManager } from '../support/browser';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const money = (cents: number) => `${cents < 0 ? '−' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;
/** A return refunds through the payment providers after its commit: on a busy machine that takes a while. */
const eventually = { timeout: 10_000 };
const printed = (cents: number) => `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;

describe('register app: returns and voids review (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  let manager: string;
  let flower: CheckoutFixture;
  let other: CheckoutFixture;
  let buyers: string[];
  let sessionId: string;

  const db = () => server.platform.database.db;
  const error = () => page.locator('#error');
  const returnLine = (lineNo: number) => page.locator(`.return-line[data-line-no="${lineNo}"]`);
  const returnsOf = (orderId: string) => db().selectFrom('sales_return').selectAll().where('order_id', '=', orderId).orderBy('created_at').execute();
  const refundsOf = async (orderId: string) =>
    db()
      .selectFrom('payment_refund')
      .innerJoin('payment', 'payment.id', 'payment_refund.payment_id')
      .select('payment_refund.amount_cents')
      .where('payment.order_id', '=', orderId)
      .execute();

  /** A cash sale rung up through the API on this register's drawer (which then holds its cash): the order as the server answered it. */
  async function sell(lines: Array<{ skuId: string; quantity: number; override?: { discountCents: number; reason: string } }>, customerId: string) {
    const sale = await server.request({ method: 'POST', url: `/v1/stores/${flower.storeId}/pos-sales`, cookie: manager, body: { id: uuidv7(), registerSessionId: sessionId, customerId, lines, tenders: [{ kind: 'cash', tenderedCents: 100_000 }] } });
    expect(sale.statusCode, sale.body).toBe(201);
    return sale.json().order as { id: string; number: string; totalCents: number; lines: Array<{ lineNo: number; skuId: string; title: string }> };
  }
  /** Looks the order up on the returns screen by the number printed on its receipt. */
  async function lookUp(order: { number: string }) {
    if (await page.locator('#returns').isHidden()) await page.click('#show-returns');
    await page.fill('#lookup-order', `#${order.number}`);
    await page.click('#order-lookup button[type=submit]');
    await expect.poll(() => page.locator('#return-number').textContent()).toBe(String(order.number));
  }
  /** The result of the return or void just made, once it is on screen (a looked-up order hides the last one). */
  async function resultTitle(): Promise<string> {
    return (await page.locator('#return-result').isVisible()) ? ((await page.locator('#return-result-title').textContent()) ?? '') : '';
  }
  /** The text of the receipt shown in the returns screen's frame, once it has loaded. */
  async function receiptShown(): Promise<string> {
    const frame = page.frameLocator('#return-receipt');
    await frame.locator('body').waitFor();
    return (await frame.locator('body').textContent()) ?? '';
  }

  beforeAll(async () => {
    server = await startTestServer();
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    manager = await server.login('manager');
    flower = await stockedSku(db(), server.organizationId, { quantity: 40 });
    other = await stockedSku(db(), server.organizationId, { code: 'HH-GDP-35', quantity: 20 });
    buyers = await customers(db(), server.organizationId, 3);
    browser = await launchChromium();
    page = await browser.newPage();
    await openRegisterAsManager(page, url, flower.storeId, 300);
    sessionId = (await db().selectFrom('register_session').select('id').where('store_id', '=', flower.storeId).where('status', '=', 'open').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a return shows its own receipt (RETURN RECEIPT, the order’s number, negative amounts); a void shows its VOID RECEIPT', async () => {
    const sale = await sell([{ skuId: flower.skuId, quantity: 2 }], buyers[0]);
    await lookUp(sale);
    await returnLine(sale.lines[0].lineNo).locator('input').fill('1');
    await page.fill('#return-reason', 'Customer changed their mind');
    await page.click('#make-return');
    await expect.poll(resultTitle, eventually).toContain('Returned:');
    const [booked] = await returnsOf(sale.id);
    expect(await page.locator('#return-receipt').getAttribute('src')).toBe(`/v1/orders/${sale.id}/returns/${booked.id}/receipt`);
    const receipt = await receiptShown();
    expect(receipt).toContain('RETURN RECEIPT');
    expect(receipt).toContain(`Return of order #${sale.number}`);
    expect(receipt).toContain(printed(-Number(booked.refund_cents)));
    expect(receipt).not.toContain('SALES RECEIPT');

    // The rest of the sale, voided: its own receipt replaces the return's.
    await page.fill('#return-reason', 'Rang up by mistake');
    await page.click('#void-sale');
    await expect.poll(resultTitle, eventually).toContain('Voided:');
    const voided = (await returnsOf(sale.id)).find((r) => r.kind === 'void')!;
    await expect.poll(() => page.locator('#return-receipt').getAttribute('src')).toBe(`/v1/orders/${sale.id}/returns/${voided.id}/receipt`);
    await expect.poll(receiptShown).toContain('VOID RECEIPT');
    const voidReceipt = await receiptShown();
    expect(voidReceipt).toContain(`Voids order #${sale.number}`);
    expect(voidReceipt).toContain(printed(-Number(voided.refund_cents)));

    // Another order looked up: the last receipt does not stay on screen with it.
    const next = await sell([{ skuId: flower.skuId, quantity: 1 }], buyers[0]);
    await lookUp(next);
    expect(await page.locator('#return-receipt').isVisible()).toBe(false);
  });

  it('a return or a void whose answer was lost is sent again as it was: booked and refunded once, and its result shown', async () => {
    const sale = await sell([{ skuId: flower.skuId, quantity: 3 }], buyers[1]);
    await lookUp(sale);
    const answers: number[] = [];
    await page.route(
      '**/v1/orders/*/returns',
      async (route) => {
        answers.push((await route.fetch()).status());
        await route.abort('failed');
      },
      { times: 1 },
    );
    await returnLine(sale.lines[0].lineNo).locator('input').fill('1');
    await page.fill('#return-reason', 'Wrong strain');
    await page.click('#make-return');
    await expect.poll(() => error().isVisible()).toBe(true);
    expect(answers).toEqual([201]); // the server booked it; the register heard nothing
    const noted = await page.evaluate(() => document.getElementById('return-pending')?.textContent ?? null);
    // Pressed again: the same return, answered from what the server booked.
    const [again] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/returns') && r.request().method() === 'POST'), page.click('#make-return')]);
    expect(again.status()).toBe(201);
    await expect.poll(resultTitle, eventually).toContain('Returned:');
    const returns = await returnsOf(sale.id);
    expect(returns).toHaveLength(1);
    expect((await refundsOf(sale.id)).map((r) => Number(r.amount_cents))).toEqual([Number(returns[0].refund_cents)]);
    expect(again.headers()['idempotent-replayed']).toBe('true');
    expect(noted).toBe('The last return got no answer: Return these items sends the same return again.');
    expect(await page.locator('#return-pending').isVisible()).toBe(false);
    await expect.poll(() => returnLine(sale.lines[0].lineNo).textContent()).toContain('1 returned already');

    // The void of what is left, its answer lost too: sent again, the stored void is shown, not a refusal.
    await page.route(
      '**/v1/orders/*/void',
      async (route) => {
        await route.fetch();
        await route.abort('failed');
      },
      { times: 1 },
    );
    await page.fill('#return-reason', 'Rang up on the wrong day');
    await page.click('#void-sale');
    await expect.poll(() => error().isVisible()).toBe(true);
    await page.click('#void-sale');
    await expect.poll(resultTitle, eventually).toContain('Voided:');
    expect(await error().isHidden()).toBe(true);
    expect((await returnsOf(sale.id)).map((r) => r.kind)).toEqual(['return', 'void']);
    expect((await refundsOf(sale.id)).reduce((s, r) => s + Number(r.amount_cents), 0)).toBe(sale.totalCents);
  });

  it('the cash handed back for a partial return is the cash the server booked after the store’s rounding', async () => {
    const rounding = await server.request({ method: 'PUT', url: `/v1/stores/${flower.storeId}/payment-settings`, cookie: manager, body: { cashRoundingCents: 5 } });
    expect(rounding.statusCode, rounding.body).toBe(200);
    try {
      const sale = await sell([{ skuId: flower.skuId, quantity: 2, override: { discountCents: 333, reason: 'goodwill' } }], buyers[2]);
      await lookUp(sale);
      await returnLine(sale.lines[0].lineNo).locator('input').fill('1');
      await page.fill('#return-reason', 'Opened, unused');
      await page.click('#make-return');
      await expect.poll(resultTitle, eventually).toContain('Returned:');
      const [booked] = await returnsOf(sale.id);
      const [part] = booked.refunds as Array<{ amountCents: number; cashOutCents: number; destination: string }>;
      expect(part.cashOutCents).not.toBe(part.amountCents); // the store's rounding moved it
      expect(await page.locator('.refund-cash').textContent()).toBe(`Pay ${money(part.cashOutCents)} out of this drawer`);
      expect(await page.locator('.refund').allTextContents()).toEqual([`${money(part.cashOutCents)} back to cash`]);
    } finally {
      await server.request({ method: 'PUT', url: `/v1/stores/${flower.storeId}/payment-settings`, cookie: manager, body: { cashRoundingCents: 1 } });
    }
  });

  it('an order of another store typed by its ID is not opened here: its goods would go back on that store’s shelf', async () => {
    const elsewhere = await stockedSku(db(), server.organizationId, { storeName: 'San Francisco', quantity: 5 });
    const sale = await server.request({
      method: 'POST',
      url: `/v1/stores/${elsewhere.storeId}/pos-sales`,
      cookie: manager,
      body: { id: uuidv7(), customerId: buyers[0], lines: [{ skuId: elsewhere.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json().order as { id: string; number: string };
    const here = await sell([{ skuId: flower.skuId, quantity: 1 }], buyers[0]);
    await lookUp(here);
    // The order ID printed on that store's receipt.
    await page.fill('#lookup-order', order.id);
    await page.click('#order-lookup button[type=submit]');
    await expect.poll(() => error().textContent()).toContain(`Order #${order.number} was sold at another store`);
    expect(await page.locator('#return-number').textContent()).toBe(String(here.number));
  });

  it('a refusal marks the field it names: the item returned beyond what was sold, the missing reason', async () => {
    const sale = await sell(
      [
        { skuId: flower.skuId, quantity: 2 },
        { skuId: other.skuId, quantity: 1 },
      ],
      buyers[2],
    );
    await lookUp(sale);
    const [first, second] = sale.lines;
    await returnLine(first.lineNo).locator('input').fill('1');
    await returnLine(second.lineNo).locator('input').fill('2');
    await page.fill('#return-reason', 'Two came back');
    await page.click('#make-return');
    await expect.poll(() => error().textContent()).toContain('RETURN_EXCEEDS_SALE');
    // The line the server named (the second sent), by the name on screen, not the first.
    expect(await error().textContent()).toContain(second.title);
    expect(await returnLine(second.lineNo).locator('input').getAttribute('aria-invalid')).toBe('true');
    expect(await returnLine(first.lineNo).locator('input').getAttribute('aria-invalid')).toBeNull();
    expect(await returnsOf(sale.id)).toHaveLength(0);

    await returnLine(second.lineNo).locator('input').fill('1');
    await page.fill('#return-reason', '');
    await page.click('#make-return');
    await expect.poll(() => error().textContent()).toContain('VALIDATION_FAILED');
    expect(await page.locator('#return-reason').getAttribute('aria-invalid')).toBe('true');
    expect(await returnLine(second.lineNo).locator('input').getAttribute('aria-invalid')).toBeNull();
    expect(await returnsOf(sale.id)).toHaveLength(0);

    // Given a reason, it goes through and the marks are gone.
    await page.fill('#return-reason', 'Both came back unopened');
    await page.click('#make-return');
    await expect.poll(resultTitle, eventually).toContain('Returned:');
    expect(await page.locator('#return-reason').getAttribute('aria-invalid')).toBeNull();
    expect(await returnsOf(sale.id)).toHaveLength(1);
  });
});
