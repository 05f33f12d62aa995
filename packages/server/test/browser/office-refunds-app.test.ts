// The back office's Refunds tab (packages/web/office/refunds.js) in a real browser against a real
// server: two returns of card (simulator) sales at one store, one refunded at once and one whose
// refund the processor keeps refusing, so it stays owed. A manager opens the tab at that store and
// sees the owed one — order number, amount, outstanding, tries and last error as the database's
// `return_refund` and `sales_return` rows hold them — and, switched to "Refunded", the other with
// when it was refunded. A budtender (no `orders:refund`) is not offered the tab. Once the outbox gave
// up on the owed one (dead-lettered) and the processor is back, the manager's "Try again" sends it
// again: the answer is shown, the row says the server tries it now and has no button any more, the
// audit log names the manager, and the refund is made once.
import type { Page } from 'playwright-core';
import { sql } from 'kysely';
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
    // Nor what the manager had open: no refund, no button.
    expect(await page.locator('#refunds-list tr').count()).toBe(0);
    expect(office.pageErrors).toEqual([]);
  });

  it('a manager sends a dead-lettered refund again with "Try again": the answer is shown, the row refreshed, the refund made once', async () => {
    // The outbox gives up on the owed one after its last try (the simulator still refuses every refund).
    const delivery = () =>
      db()
        .selectFrom('outbox_delivery as d')
        .innerJoin('outbox_event as e', 'e.id', 'd.event_id')
        .select(['d.id', 'd.status'])
        .where('d.subscriber', '=', 'orders.refunds-owed')
        .where(sql<boolean>`e.payload->>'returnId' = ${owed.returnId}`)
        .executeTakeFirst();
    await expect.poll(async () => (await server.platform.deliveries.wake(), (await delivery())?.status), { timeout: 30_000 }).toBe('dead');
    const triesBefore = (await stored(owed.returnId)).attempts;

    await office.signInAs('manager@demo.verdant.test');
    await page.locator('#store').selectOption(fx.storeId);
    await page.click('#tab-refunds');
    await expect.poll(() => refundRow(owed.returnId).getAttribute('data-dead-lettered')).toBe('true');
    expect((await cells(owed.returnId))[9]).toBe('Tries ended');
    const button = refundRow(owed.returnId).locator('button.refund-retry');
    expect(await button.textContent()).toBe('Try again');

    // The processor is back; the manager sends it again.
    simulator().configure({ failRefundNext: 0 });
    const path = `/v1/refunds-owed/return/${owed.returnId}/retry`;
    const answer = await office.answerTo(() => button.click(), path);
    expect(answer.status()).toBe(202);
    expect(answer.request().headers()['idempotency-key']).toBeTruthy();
    await expect.poll(() => office.result('refunds-panel').isVisible()).toBe(true);
    expect(await office.result('refunds-panel').textContent()).toContain(`order ${(await stored(owed.returnId)).number} is sent again`);
    expect(await office.refusal('refunds-panel').isHidden()).toBe(true);
    // The row as the server answered: no longer dead-lettered, tried now, no button.
    expect(await refundRow(owed.returnId).getAttribute('data-dead-lettered')).toBe('false');
    expect((await cells(owed.returnId))[9]).not.toBe('Tries ended');
    expect(await refundRow(owed.returnId).locator('button.refund-retry').count()).toBe(0);

    const manager = await db().selectFrom('staff_user').select('id').where('email', '=', 'manager@demo.verdant.test').executeTakeFirstOrThrow();
    const audit = await db().selectFrom('audit_log').select(['actor_id', 'entity_type']).where('action', '=', 'orders.refund.retried').where('entity_id', '=', owed.returnId).execute();
    expect(audit).toEqual([{ actor_id: manager.id, entity_type: 'return_refund' }]);

    // The outbox makes it: refunded once; the refreshed list no longer has it owed.
    await expect.poll(async () => (await server.platform.deliveries.wake(), (await stored(owed.returnId)).status), { timeout: 30_000 }).toBe('refunded');
    expect((await stored(owed.returnId)).attempts).toBeGreaterThan(triesBefore);
    const payment = await db().selectFrom('payment').select('authorization_ref').where('order_id', '=', owed.orderId).executeTakeFirstOrThrow();
    expect(simulator().refunds.filter((r) => r.authorizationRef === payment.authorization_ref)).toHaveLength(1);
    await page.click('#refresh');
    await expect.poll(() => refundRow(owed.returnId).count()).toBe(0);
    expect(office.pageErrors).toEqual([]);
  });
});
