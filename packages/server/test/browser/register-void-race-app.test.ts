// The register's returns screen (packages/web/register/returns.js) in Chromium against a real
// server on PostgreSQL, when two registers undo one sale at once: a return booked at another
// register while this one's void waits for the sale makes the void a 409 ORDER_CHANGED that
// voids nothing. The screen says so in words and reads the sale again, so the manager sees what
// the return left and voids that, knowingly.
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openRegisterAsManager } from '../support/browser';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { waitUntilBlocked } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

describe('register app: a void overtaken by another register’s return (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let manager: string;
  let flower: CheckoutFixture;
  let buyer: string;
  let sessionId: string;

  const db = () => server.platform.database.db;
  const returnLine = (lineNo: number) => page.locator(`.return-line[data-line-no="${lineNo}"]`);
  const returnsOf = (orderId: string) => db().selectFrom('sales_return').select(['kind', 'refund_cents']).where('order_id', '=', orderId).orderBy('created_at').execute();
  const orderRow = (orderId: string) => db().selectFrom('sales_order').select(['status', 'refunded_cents']).where('id', '=', orderId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    server = await startTestServer();
    const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    manager = await server.login('manager');
    flower = await stockedSku(db(), server.organizationId, { quantity: 20 });
    [buyer] = await customers(db(), server.organizationId, 1);
    browser = await launchChromium();
    page = await browser.newPage();
    await openRegisterAsManager(page, url, flower.storeId, 300);
    sessionId = (await db().selectFrom('register_session').select('id').where('store_id', '=', flower.storeId).where('status', '=', 'open').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a void that a return from another register overtook is refused in words, voids nothing, and the sale is read again; what is left is then voided', async () => {
    const sold = await server.request({
      method: 'POST',
      url: `/v1/stores/${flower.storeId}/pos-sales`,
      cookie: manager,
      body: { id: uuidv7(), registerSessionId: sessionId, customerId: buyer, lines: [{ skuId: flower.skuId, quantity: 3 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
    });
    expect(sold.statusCode, sold.body).toBe(201);
    const sale = sold.json().order as { id: string; number: string; lines: Array<{ lineNo: number }> };
    const lineNo = sale.lines[0].lineNo;

    await page.click('#show-returns');
    await page.fill('#lookup-order', `#${sale.number}`);
    await page.click('#order-lookup button[type=submit]');
    await expect.poll(() => page.locator('#return-number').textContent()).toBe(String(sale.number));
    expect(await returnLine(lineNo).textContent()).not.toContain('returned already');
    await page.fill('#return-reason', 'Rang up on the wrong customer');

    // The sale's row held: another register's return of one unit queues first, this register's
    // void (which has read the sale as the screen shows it) second; let go, the return commits first.
    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    let returned;
    let voided;
    try {
      await holder.query('begin');
      await holder.query('select 1 from sales_order where id = $1 for update', [sale.id]);
      const otherRegister = server.request({
        method: 'POST',
        url: `/v1/orders/${sale.id}/returns`,
        cookie: manager,
        body: { lines: [{ lineNo, quantity: 1, restock: 'sellable' }], reason: 'Brought one back at the other counter' },
      });
      await waitUntilBlocked(holder, 1);
      const voidAnswer = page.waitForResponse((r) => r.url().endsWith(`/v1/orders/${sale.id}/void`) && r.request().method() === 'POST');
      await page.click('#void-sale');
      await waitUntilBlocked(holder, 2);
      await holder.query('commit');
      returned = await otherRegister;
      voided = await voidAnswer;
    } finally {
      await holder.end();
    }
    expect(returned.statusCode, returned.body).toBe(201);
    expect(voided.status()).toBe(409);
    expect((await voided.json()).error).toMatchObject({ code: 'ORDER_CHANGED', details: { path: ['params', 'id'] } });

    // Said in words, with the code; the sale read again shows what the return took.
    await expect.poll(() => page.locator('#error').textContent()).toBe(
      'Another register returned items of this sale meanwhile, so nothing was voided. The sale is shown as it is now: void what is left, or return it. (ORDER_CHANGED)',
    );
    await expect.poll(() => returnLine(lineNo).textContent()).toContain('1 returned already');
    expect(await page.locator('#return-summary').textContent()).toContain('refunded so far');
    expect(await page.locator('#return-status').textContent()).toBe('completed');
    expect(await page.locator('#return-reason').inputValue()).toBe('Rang up on the wrong customer');
    expect(await page.locator('#return-pending').isHidden()).toBe(true);
    // Nothing voided: the one return, the sale still completed.
    expect((await returnsOf(sale.id)).map((r) => r.kind)).toEqual(['return']);
    expect((await orderRow(sale.id)).status).toBe('completed');

    // Looked at again, what is left is voided from the same screen.
    const [again] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/v1/orders/${sale.id}/void`) && r.request().method() === 'POST'), page.click('#void-sale')]);
    expect(again.status()).toBe(201);
    await expect.poll(() => page.locator('#return-result-title').textContent()).toContain('Voided:');
    expect(await page.locator('#error').isHidden()).toBe(true);
    const undone = await returnsOf(sale.id);
    expect(undone.map((r) => r.kind)).toEqual(['return', 'void']);
    expect((await orderRow(sale.id)).status).toBe('voided');
    const voidLines = (await again.json()).lines as Array<{ lineNo: number; quantity: number }>;
    expect(voidLines).toEqual([expect.objectContaining({ lineNo, quantity: 2 })]);
  });
});
