// PostgreSQL only: three server instances (each its own pool, outbox dispatcher and report worker)
// drain one trace_report queue into one Metrc simulator over real HTTP. Whatever interleaves —
// claims, intermittent 5xx/429, answers lost after the receipt was recorded, a worker that dies
// or stalls holding a lease — every sale ends with exactly one receipt at the state, and every
// report row ends 'sent' with that receipt's id.
import { DEMO_LICENSES, DEMO_USER_KEY, DEMO_VENDOR_KEY, MetrcClient, MetrcEngine } from '@verdant/metrc';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database';
import { loadConfig } from '../../src/platform/config';
import { createLogger } from '../../src/platform/logger';
import { buildServer } from '../../src/server';
import { traceabilityOf } from '../../src/modules/traceability';
import type { ReportWorker } from '../../src/modules/traceability/traceability.worker';
import { addSimPackages, connectCaStore, startTraceHarness, TEST_TRACE_KEY, waitUntil, writeSales, type TraceHarness } from '../integration/traceability-harness';

const RECEIPTS = '/sales/v2/receipts';
const TIMEOUT_MS = 700;

describe('traceability reporting raced by several processes (PostgreSQL)', () => {
  let h: TraceHarness;
  const others: Array<Awaited<ReturnType<typeof buildServer>>> = [];
  let workers: ReportWorker[];
  let labels: string[];
  let serial = 5000;

  beforeAll(async () => {
    h = await startTraceHarness({ TRACE_CONCURRENCY: '4', TRACE_TIMEOUT_MS: String(TIMEOUT_MS), TRACE_MAX_ATTEMPTS: '30' });
    await connectCaStore(h);
    const url = await currentUrl(h);
    for (let i = 0; i < 2; i++) {
      const config = loadConfig({
        DATABASE_URL: url, LOG_LEVEL: 'silent', TRACE_CREDENTIALS_KEY: TEST_TRACE_KEY, TRACE_BACKOFF_BASE_MS: '20', TRACE_BACKOFF_MAX_MS: '200',
        TRACE_POLL_MS: '50', TRACE_CONCURRENCY: '4', TRACE_TIMEOUT_MS: String(TIMEOUT_MS), TRACE_MAX_ATTEMPTS: '30', TRACE_RECONCILE_MINUTES: '0', OUTBOX_POLL_MS: '50',
      });
      others.push(await buildServer(config, { database: await openDatabase({ url, poolMax: 5 }), logger: createLogger('silent') }));
    }
    workers = [h.platform, ...others.map((o) => o.platform)].map((p) => traceabilityOf(p).worker);
    // Small batches so the three workers really share the queue instead of one taking it all.
    for (const w of workers) w.options.batchSize = 5;
    labels = addSimPackages(h.sim, 4, 4000, 10_000);
  }, 30_000);

  afterAll(async () => {
    for (const o of others) {
      await o.platform.close().catch(() => undefined);
      await o.app.close().catch(() => undefined);
    }
    await h?.close();
  });

  const db = () => h.platform.database.db;
  const pause = (on: boolean) =>
    db().updateTable('trace_store_config').set({ paused_until: on ? new Date(Date.now() + 3_600_000) : null }).where('store_id', '=', h.caStoreId).execute();
  const rows = (ids: string[]) =>
    db().selectFrom('trace_report').select(['order_id', 'status', 'attempts', 'external_id', 'already_reported', 'last_error', 'needs_lookup', 'locked_until']).where('order_id', 'in', ids).where('kind', '=', 'sale').execute();

  /** Writes `count` sales while the store is paused, so the whole backlog is queued before anyone claims. */
  async function queuedSales(count: number): Promise<string[]> {
    await pause(true);
    const ids = await writeSales(
      h.platform,
      Array.from({ length: count }, (_, i) => ({ storeId: h.caStoreId, completedAt: new Date(Date.now() - (i + 1) * 1000), lines: [{ packageLabel: labels[i % labels.length], quantity: 1 }] })),
      10,
    );
    await waitUntil(async () => (await rows(ids)).filter((r) => r.status === 'queued').length === count, 10_000, `${count} queued reports`);
    return ids;
  }

  /** Exactly one receipt per sale at the state, and each row 'sent' with that receipt's id. */
  async function expectExactlyOnce(ids: string[]) {
    const wanted = new Set(ids);
    const receipts = h.sim.control.receipts({ license: DEMO_LICENSES.caRetail }).filter((r) => wanted.has(r.ExternalReceiptNumber!));
    const perSale = new Map<string, number[]>();
    for (const r of receipts) perSale.set(r.ExternalReceiptNumber!, [...(perSale.get(r.ExternalReceiptNumber!) ?? []), r.Id]);
    const duplicated = [...perSale.entries()].filter(([, list]) => list.length > 1);
    expect(duplicated, 'sales filed more than once').toEqual([]);
    expect(perSale.size, 'sales never filed').toBe(ids.length);
    const state = await rows(ids);
    expect(state).toHaveLength(ids.length);
    for (const row of state) {
      expect(row, `report of ${row.order_id}`).toMatchObject({ status: 'sent', external_id: String(perSale.get(row.order_id!)![0]), locked_until: null, needs_lookup: false, last_error: null });
    }
    return state;
  }

  const allSent = (ids: string[]) => async () => (await rows(ids)).every((r) => r.status === 'sent');

  it('40 sales drained by three processes at once: one receipt each, one attempt each', async () => {
    const ids = await queuedSales(40);
    // Each POST takes a moment, so batches overlap in time across the three processes.
    h.sim.control.slow(40, { method: 'POST', path: RECEIPTS, count: 40 });
    const sentBefore = workers.map((w) => w.counters.sent);
    await pause(false);
    await Promise.all(workers.map((w) => w.wake()));
    await waitUntil(allSent(ids), 20_000, '40 reports sent');
    const state = await expectExactlyOnce(ids);
    // Nothing failed, so nobody may have claimed a report another process was sending.
    expect(state.map((r) => r.attempts)).toEqual(ids.map(() => 1));
    expect(state.filter((r) => r.already_reported)).toHaveLength(0);
    const share = workers.map((w, i) => w.counters.sent - sentBefore[i]);
    expect(share.reduce((a, b) => a + b, 0)).toBe(40);
    expect(share.filter((n) => n > 0).length, `work per process ${share}`).toBeGreaterThanOrEqual(2);
    h.sim.control.clearFaults();
  }, 30_000);

  it('Metrc failing intermittently (5xx, 429, lost answers, slow commits past the timeout): still one receipt per sale, failures visible meanwhile', async () => {
    const ids = await queuedSales(40);
    const failedBefore = workers.reduce((n, w) => n + w.counters.failedAttempts, 0);
    const seenErrors = new Map<string, string>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        for (const r of await rows(ids)) if (r.status === 'queued' && r.last_error && r.attempts > 0) seenErrors.set(r.order_id!, r.last_error);
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    })();
    // A rotating menu of failures, armed one at a time while the workers drain.
    const faults: Array<() => void> = [
      () => h.sim.control.loseResponses(1, { method: 'POST', path: RECEIPTS }),
      () => h.sim.control.failNext(1, 503, { method: 'POST', path: RECEIPTS }),
      // The receipt is recorded ~300 ms after the worker gave up waiting: the ambiguous case.
      () => h.sim.control.slow(TIMEOUT_MS + 300, { method: 'POST', path: RECEIPTS, count: 1 }),
      () => h.sim.control.rateLimitBurst(1, 1, { method: 'POST', path: RECEIPTS }),
      () => h.sim.control.htmlErrors(1, 502, { method: 'POST', path: RECEIPTS }),
      () => h.sim.control.failNext(1, 503, { method: 'GET', path: `${RECEIPTS}/external` }),
    ];
    // Every POST takes a little while, so the drain lasts long enough for the faults to land.
    h.sim.control.slow(60, { method: 'POST', path: RECEIPTS, durationMs: 20_000 });
    for (const arm of faults) arm();
    await pause(false);
    await Promise.all(workers.map((w) => w.wake()));
    for (let i = 0; i < 24; i++) {
      faults[i % faults.length]();
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await waitUntil(allSent(ids), 30_000, '40 reports sent after the faults');
    watching = false;
    await watcher;
    h.sim.control.clearFaults();
    // Let any slow POST still inside the simulator land before counting.
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS + 400));
    const state = await expectExactlyOnce(ids);
    expect(workers.reduce((n, w) => n + w.counters.failedAttempts, 0) - failedBefore).toBeGreaterThan(0);
    expect(seenErrors.size, 'failed attempts were visible on the rows while they happened').toBeGreaterThan(0);
    expect(state.some((r) => r.attempts > 1)).toBe(true);
    expect(Math.max(...state.map((r) => r.attempts))).toBeLessThan(30);
    // (The warning log line is written by whichever process made the attempt; only the harness's
    // own log is captured here, so it is not asserted: the counters and rows above show them.)
  }, 45_000);

  it('a worker that dies holding a lease: its reports are taken over only after the lease lapses, still once each', async () => {
    const ids = await queuedSales(10);
    // The dead process's claim, as claim() writes it, with a 1.5 s lease ...
    await sql`update trace_report set status = 'sending', attempts = attempts + 1, claim_seq = claim_seq + 1, locked_until = clock_timestamp() + interval '1500 milliseconds'
              where order_id = any(${ids}::text[]) and kind = 'sale'`.execute(db());
    // ... and half of its POSTs reached Metrc before it died.
    const engine = new MetrcEngine({ client: new MetrcClient({ vendorKey: DEMO_VENDOR_KEY, userKey: DEMO_USER_KEY, baseUrl: h.sim.url, rateLimiter: null }), licenseNumber: DEMO_LICENSES.caRetail });
    const posted = ids.slice(0, 5);
    for (const [i, orderId] of posted.entries()) {
      await engine.reportSale({ externalReceiptNumber: orderId, salesDateTime: new Date(), timezone: 'America/Los_Angeles', customerType: 'Consumer', lines: [{ packageLabel: labels[i % labels.length], quantity: 1, unitOfMeasure: 'Each', totalAmountCents: 1500 }] });
    }
    await pause(false);
    await Promise.all(workers.map((w) => w.wake()));
    await new Promise((resolve) => setTimeout(resolve, 800));
    // Still inside the lease: nobody touched them.
    expect((await rows(ids)).every((r) => r.status === 'sending' && r.attempts === 1)).toBe(true);
    await waitUntil(allSent(ids), 15_000, 'the dead worker\'s reports taken over');
    const state = await expectExactlyOnce(ids);
    for (const r of state) {
      expect(r.attempts).toBe(2);
      // The ones the dead worker had filed were found by lookup, not posted again.
      expect(r.already_reported).toBe(posted.includes(r.order_id!));
    }
  }, 30_000);

  it('a worker that stalls past its lease mid-batch: another takes the rest over and nothing is filed twice', async () => {
    const ids = await queuedSales(12);
    const [slow, ...rest] = workers;
    const saved = { ...slow.options };
    // One worker claims all twelve with a 1 s lease and works them one at a time at ~250 ms each:
    // the lease of its later reports lapses while it still holds them in memory.
    Object.assign(slow.options, { leaseMs: 1_000, batchSize: 12, concurrency: 1 });
    h.sim.control.slow(250, { method: 'POST', path: RECEIPTS, count: 40 });
    await Promise.all(rest.map((w) => w.stop()));
    let restarted = false;
    try {
      await pause(false);
      const first = slow.runOnce();
      await waitUntil(async () => (await rows(ids)).every((r) => r.status === 'sending'), 5_000, 'the slow worker to claim the batch');
      for (const w of rest) w.start();
      restarted = true;
      await Promise.all(rest.map((w) => w.wake()));
      await first;
      await waitUntil(allSent(ids), 15_000, 'the stalled batch sent');
      await new Promise((resolve) => setTimeout(resolve, 400));
      await expectExactlyOnce(ids);
    } finally {
      Object.assign(slow.options, saved);
      h.sim.control.clearFaults();
      if (!restarted) for (const w of rest) w.start();
    }
  }, 30_000);
});

async function currentUrl(h: TraceHarness): Promise<string> {
  const row = await h.platform.database.db.selectNoFrom((eb) => [eb.fn<string>('current_database', []).as('name')]).executeTakeFirstOrThrow();
  const admin = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  admin.pathname = `/${row.name}`;
  return admin.toString();
}
