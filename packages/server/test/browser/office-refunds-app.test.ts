// The back office's Refunds tab (packages/web/office/refunds.js) in a real browser against a real
// server: two returns of card (simulator) sales at one store, one refunded at once and one whose
// refund the processor keeps refusing, so it stays owed. A manager opens the tab at that store and
// sees the owed one — order number, amount, outstanding, tries and last error as the database's
// `return_refund` and `sales_return` rows hold them — and, switched to "Refunded", the other with
// when it was refunded. A budtender (no `orders:refund`) is not offered the tab.
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentsOf } from '../../src/modules/payments/payments.service';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { openOffice, type OfficeTab } from '../support/office-page';
import { startTestServer, type TestServer } from '../support/test-server';

describe('back office refunds owed (Chromium)', () => {
  let server: TestServer;
  let page: Page;
  let office: OfficeTab;
  let fx: CheckoutFixture;
  let owed: { orderId: string; returnId: string };
  let refunded: { orderId: string; returnId: string };

  const db = () => server.platform.database.db;
  const simulator = () => paymentsOf(server.platform).simulator;

  /** A card (simulator) sale of one unit at the register, returned at once to the card. */
  async function returnedSale(customerId: string) {
    const budtender = await server.login('budtender');
    const manager = await server.login('manager');
    const sale = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie: budtender, body: { id: uuidv7(), customerId, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'simulator' }] } });
    expect(sale.statusCode, sale.body).toBe(201);
    const orderId = sale.json().order.id as string;
    const returned = await server.request({ method: 'POST', url: `/v1/orders/${orderId}/returns`, cookie: manager, body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'changed mind' } });
    expect(returned.statusCode, returned.body).toBe(201);
    return { orderId, returnId: returned.json().returnId as string };
  }

  /** What the database holds for a return's refund: its row, the return's parts and the order's number. */
  async function stored(returnId: string) {
    const refund = await db().selectFrom('return_refund').select(['status', 'reason', 'attempts', 'last_error', 'refunded_at']).where('return_id', '=', returnId).executeTakeFirstOrThrow();
    const sale = await db()
      .selectFrom('sales_return as r')
      .innerJoin('sales_order as o', 'o.id', 'r.order_id')
      .select(['r.refunds', 'o.number'])
      .where('r.id', '=', returnId)
      .executeTakeFirstOrThrow();
    const amountCents = (sale.refunds as Array<{ amountCents: number }>).reduce((sum, part) => sum + part.amountCents, 0);
    return { ...refund, amountCents, number: String(sale.number) };
  }

  beforeAll(async () => {
    server = await startTestServer();
    fx = await stockedSku(db(), server.organizationId, { quantity: 10 });
    const [first, second] = await customers(db(), server.organizationId, 2);
    refunded = await returnedSale(first);
    // Every refund refused from now on: the return's stays owed however often the outbox tries.
    simulator().configure({ failRefundNext: Number.MAX_SAFE_INTEGER, refundFailure: 'declined' });
    owed = await returnedSale(second);
    office = await openOffice(server);
    page = office.page;
  });
  afterAll(async () => {
    simulator()?.configure({ failRefundNext: 0 });
    await office?.close();
    await server?.close();
  });

  const refundRow = (returnId: string) => page.locator(`#refunds-list tbody tr[data-return-id="${returnId}"]`);
  const cells = async (returnId: string) => (await refundRow(returnId).locator('td').allTextContents()).map((t) => t.trim());

  it('a manager sees the refund still owed at the picked store with its amount, tries and error, and the refunded one on "Refunded"; a budtender has no tab', async () => {
    await office.signInAs('manager@demo.verdant.test');
    await page.locator('#store').selectOption(fx.storeId);
    await page.click('#tab-refunds');
    await expect.poll(() => refundRow(owed.returnId).count()).toBe(1);
    // Owed by default: the refunded one is not listed.
    expect(await refundRow(refunded.returnId).count()).toBe(0);
    expect(await page.locator('#refunds-status').inputValue()).toBe('owed');

    const shown = await cells(owed.returnId);
    const owedRow = await stored(owed.returnId);
    expect(owedRow).toMatchObject({ status: 'owed', last_error: 'simulated processor error on refund', refunded_at: null });
    expect(owedRow.amountCents).toBeGreaterThan(0);
    const dollars = `$${(owedRow.amountCents / 100).toFixed(2)}`;
    const [number, kind, reason, amount, outstanding, tries, lastError, , refundedAt] = shown;
    expect({ number, kind, reason, amount, outstanding, lastError, refundedAt }).toEqual({
      number: owedRow.number,
      kind: 'return or void',
      reason: owedRow.reason,
      amount: dollars,
      outstanding: dollars,
      lastError: owedRow.last_error,
      refundedAt: '—',
    });
    // The outbox keeps trying while the screen is read: the screen's count is one the row has had.
    expect(Number(tries)).toBeGreaterThanOrEqual(1);
    expect(Number(tries)).toBeLessThanOrEqual(owedRow.attempts);
    expect(await refundRow(owed.returnId).getAttribute('data-order-id')).toBe(owed.orderId);

    // Refunded: the other return, given back in full, with when.
    await page.locator('#refunds-status').selectOption('refunded');
    await expect.poll(() => refundRow(refunded.returnId).count()).toBe(1);
    expect(await refundRow(owed.returnId).count()).toBe(0);
    const done = await stored(refunded.returnId);
    expect(done).toMatchObject({ status: 'refunded', last_error: null, refunded_at: expect.any(Date) });
    const doneCells = await cells(refunded.returnId);
    expect(doneCells[0]).toBe(done.number);
    expect(doneCells[3]).toBe(`$${(done.amountCents / 100).toFixed(2)}`);
    expect(doneCells[4]).toBe('$0.00');
    expect(doneCells[6]).toBe('—');
    expect(doneCells[8]).not.toBe('—');
    expect(await page.locator('#refunds-older').isHidden()).toBe(true);

    // A budtender (no orders:refund) is not offered the tab.
    await office.signInAs('budtender@demo.verdant.test');
    expect(await page.locator('#tab-refunds').isHidden()).toBe(true);
    expect(office.pageErrors).toEqual([]);
  });
});
