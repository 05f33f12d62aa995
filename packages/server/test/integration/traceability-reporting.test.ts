import { DEMO_LICENSES, DEMO_PACKAGES, DEMO_USER_KEY, DEMO_VENDOR_KEY, formatFacilityDateTime } from '@verdant/metrc';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesBlocked, traceabilityOf } from '../../src/modules/traceability';
import { DEMO_ORGANIZATION_ID } from '../../src/seed/demo-seed';
import {
  addSimPackages,
  connectCaStore,
  reportOf,
  startTraceHarness,
  waitUntil,
  writeEvent,
  writeSales,
  type TraceHarness,
} from './traceability-harness';

const TZ = 'America/Los_Angeles';

describe('traceability: reporting sales to Metrc through the outbox', () => {
  let h: TraceHarness;
  let owner: string;

  beforeAll(async () => {
    h = await startTraceHarness();
    owner = await h.login('owner');
    await connectCaStore(h);
  });
  afterAll(() => h?.close());

  const receiptsFor = (orderId: string) => h.sim.control.receipts({ license: DEMO_LICENSES.caRetail, externalReceiptNumber: orderId });

  it('never returns or stores the API keys in clear, and validates the settings', async () => {
    const view = await h.request({ method: 'GET', url: `/v1/stores/${h.caStoreId}/traceability`, cookie: owner });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ engine: 'metrc', credentialsSet: true, credentialsHint: `…${DEMO_USER_KEY.slice(-4)}`, policy: { jurisdiction: 'US-CA', blockSalesWhenDown: false } });
    expect(view.body).not.toContain(DEMO_USER_KEY);
    expect(view.body).not.toContain(DEMO_VENDOR_KEY);
    const row = await h.platform.database.db.selectFrom('trace_store_config').selectAll().where('store_id', '=', h.caStoreId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(DEMO_USER_KEY);
    const audit = await h.platform.database.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'traceability.settings.changed').execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(DEMO_USER_KEY);
    // Budtenders may not read it; Massachusetts-style real-time states refuse batched mode.
    const budtender = await h.login('budtender');
    expect((await h.request({ method: 'GET', url: `/v1/stores/${h.caStoreId}/traceability`, cookie: budtender })).statusCode).toBe(403);
    const bad = await h.request({ method: 'PUT', url: `/v1/stores/${h.caStoreId}/traceability`, cookie: owner, body: { engine: 'metrc', credentials: { ubi: 'x', username: 'y', password: 'z' } } });
    expect(bad.statusCode).toBe(400);
  });

  it('keys entered for one state system do not follow a switch to another; an unreachable state answers 502, not 500', async () => {
    const db = h.platform.database.db;
    const other = await db.selectFrom('store').select('id').where('id', '!=', h.caStoreId).where('organization_id', '=', DEMO_ORGANIZATION_ID).executeTakeFirstOrThrow();
    const put = (body: object) => h.request({ method: 'PUT', url: `/v1/stores/${other.id}/traceability`, cookie: owner, body });
    const pull = () => h.request({ method: 'POST', url: `/v1/stores/${other.id}/traceability/pull`, cookie: owner });
    expect((await put({ engine: 'biotrack', licenseNumber: 'L-1', baseUrl: 'http://127.0.0.1:9', credentials: { ubi: '123456789', username: 'u', password: 'p4ss' } })).statusCode).toBe(200);
    // Metrc without new keys: the BioTrack ones are dropped, so the store has none (it used to
    // build a Metrc client from BioTrack keys and answer 500).
    const switched = await put({ engine: 'metrc', licenseNumber: 'L-1', baseUrl: 'http://127.0.0.1:9' });
    expect(switched.statusCode, switched.body).toBe(200);
    expect(switched.json()).toMatchObject({ engine: 'metrc', credentialsSet: false, credentialsHint: null });
    const unconfigured = await pull();
    expect(unconfigured.statusCode, unconfigured.body).toBe(409);
    expect(unconfigured.json().error.code).toBe('TRACE_NOT_CONFIGURED');
    // Keys whose last characters are outside the BMP: the hint keeps whole characters.
    const keyed = await put({ engine: 'metrc', licenseNumber: 'L-1', baseUrl: 'http://127.0.0.1:9', credentials: { vendorKey: 'vendor', userKey: 'user-𐀀𐀁𐀂𐀃' } });
    expect(keyed.statusCode, keyed.body).toBe(200);
    expect(keyed.json().credentialsHint).toBe('…𐀀𐀁𐀂𐀃');
    // Nothing listens on port 9: the state system cannot be reached.
    const unreachable = await pull();
    expect(unreachable.statusCode, unreachable.body).toBe(502);
    expect(unreachable.json().error).toMatchObject({ code: 'STATE_SYSTEM_ERROR', details: { kind: 'network' } });
    expect((await put({ engine: 'none' })).statusCode).toBe(200);
  });

  it('files a sale once with its original time, even when Metrc commits and drops the answer', async () => {
    const [label] = addSimPackages(h.sim, 1, 900, 50);
    h.sim.control.loseResponses(1, { method: 'POST', path: '/sales/v2/receipts' });
    const completedAt = new Date(Date.now() - 3 * 60_000);
    const [orderId] = await writeSales(h.platform, [{ storeId: h.caStoreId, completedAt, lines: [{ packageLabel: label, quantity: 2 }] }]);
    await waitUntil(async () => (await reportOf(h.platform, `sale:${orderId}`))?.status === 'sent', 20_000, 'the sale report');
    const receipts = receiptsFor(orderId);
    expect(receipts).toHaveLength(1);
    expect(receipts[0].SalesDateTime).toBe(formatFacilityDateTime(completedAt, TZ));
    expect(h.sim.control.quantity(label)).toBe(48);
    const report = await reportOf(h.platform, `sale:${orderId}`);
    // The lost answer was settled inside the same try: reportSaleOnce looked the order id up.
    expect(report).toMatchObject({ attempts: 1, already_reported: true, external_id: String(receipts[0].Id) });
    const calls = h.sim.control.requests().filter((r) => r.path.startsWith('/sales/v2/receipts'));
    expect(calls.some((r) => r.status === 'lost')).toBe(true);
    // A second delivery of the same event files nothing new.
    await writeSales(h.platform, [{ storeId: h.caStoreId, orderId, completedAt, lines: [{ packageLabel: label, quantity: 2 }] }]);
    await h.platform.sequencer.wake();
    await h.platform.deliveries.wake();
    await traceabilityOf(h.platform).worker.wake();
    expect(receiptsFor(orderId)).toHaveLength(1);
    expect(await h.platform.database.db.selectFrom('trace_report').select('id').where('order_id', '=', orderId).execute()).toHaveLength(1);
  });

  it('voids restore the package at the state; returns rewrite the receipt to what the customer kept', async () => {
    const [label] = addSimPackages(h.sim, 1, 901, 100);
    const [voided, returned] = await writeSales(h.platform, [
      { storeId: h.caStoreId, completedAt: new Date(), lines: [{ packageLabel: label, quantity: 3 }] },
      { storeId: h.caStoreId, completedAt: new Date(), lines: [{ packageLabel: label, quantity: 4 }, { packageLabel: DEMO_PACKAGES.ca.flower, quantity: 3.5, unit: 'g' }] },
    ]);
    await waitUntil(async () => (await reportOf(h.platform, `sale:${returned}`))?.status === 'sent' && (await reportOf(h.platform, `sale:${voided}`))?.status === 'sent');
    expect(h.sim.control.quantity(label)).toBe(93);
    const flowerBefore = h.sim.control.quantity(DEMO_PACKAGES.ca.flower)!;

    await writeEvent(h.platform, 'orders.order.voided', h.caStoreId, voided, { orderId: voided, storeId: h.caStoreId, licenseNumber: DEMO_LICENSES.caRetail, voidedAt: new Date().toISOString(), reason: 'rang up twice' });
    await waitUntil(async () => (await reportOf(h.platform, `void:${voided}`))?.status === 'sent', 20_000, 'the void');
    expect(receiptsFor(voided)[0].ArchivedDate).not.toBeNull();
    expect(h.sim.control.quantity(label)).toBe(96);

    const returnId = uuidv7();
    await writeEvent(h.platform, 'orders.order.returned', h.caStoreId, returned, {
      orderId: returned, returnId, storeId: h.caStoreId, licenseNumber: DEMO_LICENSES.caRetail, timezone: TZ, returnedAt: new Date().toISOString(),
      lines: [{ packageLabel: label, quantity: 1, unit: 'each', totalCents: 1500, restock: 'sellable' }, { packageLabel: DEMO_PACKAGES.ca.flower, quantity: 3.5, unit: 'g', totalCents: 5250, restock: 'sellable' }],
    });
    await waitUntil(async () => (await reportOf(h.platform, `return:${returnId}`))?.status === 'sent', 20_000, 'the return');
    const receipt = receiptsFor(returned)[0];
    expect(receipt.ArchivedDate).toBeNull();
    expect(receipt.Transactions.map((t) => [t.PackageLabel, t.QuantitySold])).toEqual([[label, 3]]);
    expect(h.sim.control.quantity(label)).toBe(97);
    expect(h.sim.control.quantity(DEMO_PACKAGES.ca.flower)).toBeCloseTo(flowerBefore + 3.5, 3);
  });

  it('wrong licence, HTML 500 pages and time-outs end in the failed list with a readable reason; resend works once the fault clears', async () => {
    const worker = traceabilityOf(h.platform).worker;
    worker.options.maxAttempts = 3;
    // The refusals of parts 1 and 2, and the resend of part 3, must be the state's answers, not a
    // time-out: the harness's 700 ms can run out on a loaded machine before the 403, the 500 page
    // or the lookup's answer comes back. The store's client is built with the timeout in force
    // when it is connected.
    const { TRACE_TIMEOUT_MS } = h.platform.config;
    const { settleMs } = worker.options;
    h.platform.config.TRACE_TIMEOUT_MS = 10_000;
    try {
      const [label] = addSimPackages(h.sim, 1, 902, 100);
      const failed = async (orderId: string) => {
        await waitUntil(async () => (await reportOf(h.platform, `sale:${orderId}`))?.status === 'failed', 20_000, `sale ${orderId} to fail`);
        const list = await h.request({ method: 'GET', url: `/v1/traceability/reports?status=failed&orderId=${orderId}`, cookie: owner });
        expect(list.statusCode).toBe(200);
        return list.json().reports[0] as { id: string; attempts: number; reason: string; reasonKind: string };
      };
      const resend = async (id: string, orderId: string) => {
        const response = await h.request({ method: 'POST', url: `/v1/traceability/reports/${id}/resend`, cookie: owner });
        expect(response.statusCode).toBe(202);
        await waitUntil(async () => (await reportOf(h.platform, `sale:${orderId}`))?.status === 'sent', 20_000, `sale ${orderId} after resend`);
        expect(receiptsFor(orderId)).toHaveLength(1);
      };

      // 1. A licence the user key may not touch: 403, not retryable, named plainly.
      await connectCaStore(h, { licenseNumber: DEMO_LICENSES.foreign });
      const [wrongLicence] = await writeSales(h.platform, [{ storeId: h.caStoreId, completedAt: new Date(), lines: [{ packageLabel: label, quantity: 1 }] }]);
      const f1 = await failed(wrongLicence);
      expect(f1).toMatchObject({ attempts: 3, reasonKind: 'forbidden' });
      expect(f1.reason).toMatch(/refused access \(403\)/);
      const failedEvent = await h.platform.database.db.selectFrom('outbox_event').select('payload').where('type', '=', 'traceability.report.failed').where('aggregate_id', '=', f1.id).executeTakeFirst();
      expect(failedEvent?.payload).toMatchObject({ orderId: wrongLicence, reasonKind: 'forbidden' });
      await connectCaStore(h);
      await resend(f1.id, wrongLicence);

      // 2. IIS-style HTML error pages.
      h.sim.control.htmlErrors(50, 500, { path: '/sales/v2/receipts' });
      const [html] = await writeSales(h.platform, [{ storeId: h.caStoreId, completedAt: new Date(), lines: [{ packageLabel: label, quantity: 1 }] }]);
      const f2 = await failed(html);
      expect(f2.reasonKind).toBe('server');
      expect(f2.reason).toMatch(/server error \(500\)/);
      expect(f2.reason).not.toMatch(/<html|<body/i);
      h.sim.control.clearFaults();
      await resend(f2.id, html);

      // 3. Time-outs (the slow POST still commits at the state: the resend must find it, not post again).
      // Every call in this part is slowed, so none has to beat the short timeout; the answers come
      // more than twice the timeout late, so each call times out however late its timer fires. The
      // worker waits twice the timeout after a POST that got no answer, as traceWorkerOptions sets
      // it. Three tries of a POST or lookups that each wait out the timeout (seven calls, with the
      // client's lookup retries) took some 7 s at the harness's 700 ms.
      h.platform.config.TRACE_TIMEOUT_MS = 300;
      worker.options.settleMs = 600;
      await connectCaStore(h);
      h.sim.control.slow(700, { count: 50, path: '/sales/v2/receipts' });
      const [slow] = await writeSales(h.platform, [{ storeId: h.caStoreId, completedAt: new Date(), lines: [{ packageLabel: label, quantity: 1 }] }]);
      const f3 = await failed(slow);
      expect(f3.reasonKind).toBe('timeout');
      expect(f3.reason).toMatch(/did not answer in time/);
      h.sim.control.clearFaults();
      // The resend must find the receipt the slow POST left at the state: wait until it is there
      // (it was a fixed 1.6 s), then resend with a timeout a loaded machine cannot run out.
      await waitUntil(() => receiptsFor(slow).length === 1, 20_000, 'the slow POST to reach the state');
      h.platform.config.TRACE_TIMEOUT_MS = 10_000;
      await connectCaStore(h);
      await resend(f3.id, slow);
      expect(h.sim.control.quantity(label)).toBe(97);

      // Resolve needs a failed report and a note; it is audited.
      const notFailed = await h.request({ method: 'POST', url: `/v1/traceability/reports/${f3.id}/resolve`, cookie: owner, body: { note: 'entered by hand' } });
      expect(notFailed.statusCode).toBe(409);
      const auditor = await h.login('auditor');
      expect((await h.request({ method: 'POST', url: `/v1/traceability/reports/${f3.id}/resend`, cookie: auditor })).statusCode).toBe(403);
      const audited = await h.platform.database.db.selectFrom('audit_log').select('action').where('action', '=', 'traceability.report.resent').execute();
      expect(audited.length).toBe(3);
    } finally {
      h.platform.config.TRACE_TIMEOUT_MS = TRACE_TIMEOUT_MS;
      worker.options.maxAttempts = 8;
      worker.options.settleMs = settleMs;
      h.sim.control.clearFaults();
      await connectCaStore(h);
    }
  });

  it('a void waiting on a failed sale sleeps instead of being looked at every second, and wakes when the sale is resent', async () => {
    const worker = traceabilityOf(h.platform).worker;
    worker.options.maxAttempts = 2;
    try {
      const [label] = addSimPackages(h.sim, 1, 903, 100);
      await connectCaStore(h, { licenseNumber: DEMO_LICENSES.foreign });
      const [orderId] = await writeSales(h.platform, [{ storeId: h.caStoreId, completedAt: new Date(), lines: [{ packageLabel: label, quantity: 2 }] }]);
      await waitUntil(async () => (await reportOf(h.platform, `sale:${orderId}`))?.status === 'failed', 20_000, 'the sale to fail');
      await connectCaStore(h);

      await writeEvent(h.platform, 'orders.order.voided', h.caStoreId, orderId, { orderId, storeId: h.caStoreId, licenseNumber: DEMO_LICENSES.caRetail, voidedAt: new Date().toISOString(), reason: 'rang up twice' });
      const voidRow = () =>
        h.platform.database.db.selectFrom('trace_report').select(['id', 'status', 'attempts', 'last_error', 'next_attempt_at']).where('dedupe_key', '=', `void:${orderId}`).executeTakeFirst();
      await waitUntil(async () => /sale report failed/.test((await voidRow())?.last_error ?? ''), 20_000, 'the void to wait');
      const waiting = (await voidRow())!;
      expect(waiting).toMatchObject({ status: 'queued', attempts: 0 });
      // Minutes away, not a second: nothing but a person's resend or resolve can move the sale.
      expect(new Date(waiting.next_attempt_at).getTime() - Date.now()).toBeGreaterThan(60_000);

      const sale = await reportOf(h.platform, `sale:${orderId}`);
      const resent = await h.request({ method: 'POST', url: `/v1/traceability/reports/${sale!.id}/resend`, cookie: owner });
      expect(resent.statusCode).toBe(202);
      // Woken by the resend: filed right after the sale, not minutes later.
      await waitUntil(async () => (await voidRow())?.status === 'sent', 20_000, 'the void after the resend');
      expect(receiptsFor(orderId)[0].ArchivedDate).not.toBeNull();
      expect(h.sim.control.quantity(label)).toBe(100);
    } finally {
      worker.options.maxAttempts = 8;
      await connectCaStore(h);
    }
  });

  it('keeps selling through a Metrc outage; after recovery all 500 receipts exist once, with their original times and quantities', async () => {
    const labels = addSimPackages(h.sim, 5, 1000, 1000);
    // The outage ends once the worker has felt it (below), not after a fixed time: it was 3 s, most
    // of it spent with the circuit open and nothing more to show.
    const outage = h.sim.control.outage(60_000);
    const start = Date.now();
    const sales = Array.from({ length: 500 }, (_, i) => ({
      storeId: h.caStoreId,
      completedAt: new Date(start - (500 - i) * 1000),
      lines: [{ packageLabel: labels[i % 5], quantity: 1 + (i % 3) }],
    }));
    const orderIds = await writeSales(h.platform, sales);
    // Sales are never blocked in California while Metrc is down.
    expect(await salesBlocked(h.platform.database.db, h.platform.config, DEMO_ORGANIZATION_ID, h.caStoreId)).toEqual({ blocked: false, reason: null });
    const owner2 = owner;
    await waitUntil(async () => {
      const q = await h.request({ method: 'GET', url: `/v1/traceability/queue?storeId=${h.caStoreId}`, cookie: owner2 });
      return (q.json().stores[0]?.queued ?? 0) > 0;
    }, 10_000, 'reports to queue');
    const duringOutage = (await h.request({ method: 'GET', url: `/v1/traceability/queue?storeId=${h.caStoreId}`, cookie: owner })).json().stores[0];
    expect(duringOutage.oldestAgeSeconds).toBeGreaterThan(0);
    // Down long enough for the store's circuit to open and for its probes to fail too.
    await waitUntil(async () => {
      const q = await h.request({ method: 'GET', url: `/v1/traceability/queue?storeId=${h.caStoreId}`, cookie: owner2 });
      return q.json().stores[0]?.circuit === 'open';
    }, 20_000, 'the circuit to open');
    const openedAt = h.sim.control.requests().at(-1)?.seq ?? 0;
    const refusedSince = () => h.sim.control.requests().filter((r) => r.seq > openedAt && r.status === 503 && r.path.startsWith('/sales/v2/receipts')).length;
    await waitUntil(() => refusedSince() >= 3, 20_000, 'probes to fail');
    expect(await salesBlocked(h.platform.database.db, h.platform.config, DEMO_ORGANIZATION_ID, h.caStoreId)).toEqual({ blocked: false, reason: null });
    h.sim.control.faultPlan.remove(outage.id);

    await waitUntil(async () => h.sim.control.receipts({ license: DEMO_LICENSES.caRetail }).filter((r) => orderIds.includes(r.ExternalReceiptNumber!)).length === 500, 45_000, '500 receipts');
    await waitUntil(async () => {
      const rows = await h.platform.database.db.selectFrom('trace_report').select('status').where('order_id', 'in', orderIds).where('status', '=', 'sent').execute();
      return rows.length === 500;
    }, 10_000, 'reports marked sent');
    const receipts = h.sim.control.receipts({ license: DEMO_LICENSES.caRetail }).filter((r) => orderIds.includes(r.ExternalReceiptNumber!));
    expect(new Set(receipts.map((r) => r.ExternalReceiptNumber)).size).toBe(500);
    const byOrder = new Map(receipts.map((r) => [r.ExternalReceiptNumber!, r]));
    sales.forEach((s, i) => expect(byOrder.get(orderIds[i])!.SalesDateTime).toBe(formatFacilityDateTime(s.completedAt, TZ)));
    for (const [k, label] of labels.entries()) {
      const sold = sales.filter((_, i) => i % 5 === k).reduce((sum, s) => sum + s.lines[0].quantity, 0);
      expect(h.sim.control.quantity(label)).toBe(1000 - sold);
    }
    const after = (await h.request({ method: 'GET', url: `/v1/traceability/queue?storeId=${h.caStoreId}`, cookie: owner })).json().stores[0];
    expect(after).toMatchObject({ queued: 0, circuit: 'closed' });
  }, 90_000);

  it('never writes a key to the log', () => {
    const text = h.logs.join('');
    expect(text).toContain('state report attempt failed');
    expect(text).not.toContain(DEMO_USER_KEY);
    expect(text).not.toContain(DEMO_VENDOR_KEY);
    expect(text).not.toContain(Buffer.from(`${DEMO_VENDOR_KEY}:${DEMO_USER_KEY}`).toString('base64'));
  });
});
