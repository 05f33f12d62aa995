// A return or void goes to the state against the sale's receipt, so it waits for the sale's report.
// Two ways that report can be missing when the return comes: the sale was completed before the
// store reported to the state (it never will be filed: the return fails at once for a person,
// with the reason), or the sale's event reached state reporting after the return's (the outbox
// retries each delivery on its own): the return waits, and the sale's report wakes it when it is
// filed, instead of it being looked at again minutes later. Real sales and returns through the
// API at the Oakland store, filed over HTTP to the Metrc simulator.
import { DEMO_LICENSES } from '@verdant/metrc';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceabilityOf } from '../../src/modules/traceability';
import { TRACE_SUBSCRIBER } from '../../src/modules/traceability';
import { DEMO_ORGANIZATION_ID } from '../../src/seed/demo-seed';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { openAroundTheClock } from '../support/open-hours';
import { connectCaStore, reportOf, startTraceHarness, waitUntil, type TraceHarness } from './traceability-harness';

describe('traceability: a return whose sale report is missing', () => {
  let h: TraceHarness;
  let manager: string;
  let fx: CheckoutFixture;

  beforeAll(async () => {
    h = await startTraceHarness();
    manager = await h.login('manager');
    await openAroundTheClock(h.platform, [h.caStoreId]);
    fx = await stockedSku(h.platform.database.db, DEMO_ORGANIZATION_ID, { quantity: 20, storeName: 'Oakland' });
    h.sim.control.addPackage({ license: DEMO_LICENSES.caRetail, label: fx.packageLabel, itemName: 'Blue Dream 3.5g', quantity: 20 });
  });
  afterAll(() => h?.close());

  const db = () => h.platform.database.db;
  const worker = () => traceabilityOf(h.platform).worker;

  async function sell(quantity: number): Promise<string> {
    const sold = await h.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie: manager,
      body: { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
    });
    expect(sold.statusCode, sold.body).toBe(201);
    return sold.json().order.id;
  }
  async function giveBack(orderId: string): Promise<string> {
    const returned = await h.request({
      method: 'POST',
      url: `/v1/orders/${orderId}/returns`,
      cookie: manager,
      body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'customer changed their mind', refundTo: 'original' },
    });
    expect(returned.statusCode, returned.body).toBe(201);
    return returned.json().returnId;
  }
  /** The delivery of the sale's completion event to state reporting. */
  const saleDelivery = (orderId: string) =>
    sql<{ id: number; status: string }>`
      select d.id, d.status from outbox_delivery d join outbox_event e on e.id = d.event_id
       where e.aggregate_id = ${orderId} and e.type = 'orders.order.completed' and d.subscriber = ${TRACE_SUBSCRIBER}`
      .execute(db())
      .then((r) => r.rows[0]);

  it('a sale completed before the store reported is never filed: its return fails at once, saying so', async () => {
    const orderId = await sell(2);
    await waitUntil(async () => (await saleDelivery(orderId))?.status === 'done', 20_000, 'the sale event to reach state reporting');
    expect(await reportOf(h.platform, `sale:${orderId}`)).toBeUndefined();

    await connectCaStore(h);
    worker().options.maxAttempts = 1;
    try {
      const returnId = await giveBack(orderId);
      await waitUntil(async () => (await reportOf(h.platform, `return:${returnId}`))?.status === 'failed', 20_000, 'the return to fail');
      const failed = (await reportOf(h.platform, `return:${returnId}`))!;
      expect(failed.last_error).toMatch(/completed before this store reported to the state/);
      expect(failed.last_error_kind).toBe('configuration');
      expect(h.sim.control.receipts({ license: DEMO_LICENSES.caRetail, externalReceiptNumber: orderId })).toEqual([]);
    } finally {
      worker().options.maxAttempts = 8;
    }
  });

  it('a sale whose report comes after its return’s: the return waits for it and is woken when it is filed', async () => {
    // The sale is taken while the sender is stopped, and its report taken back as if its event's
    // delivery had failed once and were due again later.
    await worker().stop();
    const orderId = await sell(3);
    await waitUntil(async () => (await reportOf(h.platform, `sale:${orderId}`)) !== undefined, 20_000, 'the sale report');
    await db().deleteFrom('trace_report').where('dedupe_key', '=', `sale:${orderId}`).execute();
    const delivery = (await saleDelivery(orderId))!;
    await db().updateTable('outbox_delivery').set({ status: 'pending', next_attempt_at: new Date(Date.now() + 3_600_000) }).where('id', '=', delivery.id).execute();
    worker().start();

    const returnId = await giveBack(orderId);
    const returnRow = () => reportOf(h.platform, `return:${returnId}`);
    await waitUntil(async () => (await returnRow())?.last_error === 'Waiting for the sale report to be filed first.', 20_000, 'the return to wait');
    const waiting = (await returnRow())!;
    expect(waiting).toMatchObject({ status: 'queued', attempts: 0 });
    expect(new Date(waiting.next_attempt_at).getTime() - Date.now()).toBeGreaterThan(60_000);

    // The sale's event is delivered again: its report is filed, and the return right after it.
    await db().updateTable('outbox_delivery').set({ next_attempt_at: new Date() }).where('id', '=', delivery.id).execute();
    await waitUntil(async () => (await returnRow())?.status === 'sent', 20_000, 'the return after the sale');
    expect((await reportOf(h.platform, `sale:${orderId}`))?.status).toBe('sent');
    const [receipt] = h.sim.control.receipts({ license: DEMO_LICENSES.caRetail, externalReceiptNumber: orderId });
    expect(receipt.Transactions.map((t) => [t.PackageLabel, t.QuantitySold])).toEqual([[fx.packageLabel, 2]]);
  });
});
