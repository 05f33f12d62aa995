// PostgreSQL only: a worker that stalls holding a claim must never post a report whose claim has
// changed hands, even when a manual resend in between set the row's `attempts` back to the very
// value the stalled worker's claim carried. Two report workers share one queue and one Metrc
// simulator over real HTTP; the interleaving is forced, not hoped for.
import { DEMO_LICENSES, type TraceSale, type TraceSaleRef } from '@verdant/metrc';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/platform/config';
import { traceabilityOf } from '../../src/modules/traceability';
import { EngineRegistry, type StoreEngine } from '../../src/modules/traceability/traceability.engines';
import { traceWorkerOptions } from '../../src/modules/traceability/traceability.module';
import { ReportWorker } from '../../src/modules/traceability/traceability.worker';
import { addSimPackages, connectCaStore, startTraceHarness, waitUntil, writeSales, type TraceHarness } from '../integration/traceability-harness';

const RECEIPTS = '/sales/v2/receipts';

/**
 * The state as one worker sees it: its first sale POST hangs until the test lets it go (a slow
 * state server, a paused process), so the rest of its batch waits behind it in memory.
 */
class StallingEngines extends EngineRegistry {
  stalledOn: string | undefined;
  private release!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));

  constructor(config: Config) {
    super(config);
  }

  go(): void {
    this.release();
  }

  override forStore(row: Parameters<EngineRegistry['forStore']>[0]): StoreEngine {
    const real = super.forStore(row);
    const reportSale = async (sale: TraceSale, signal?: AbortSignal): Promise<TraceSaleRef> => {
      if (this.stalledOn === undefined) {
        this.stalledOn = sale.externalReceiptNumber;
        await this.gate;
      }
      return real.engine.reportSale(sale, signal);
    };
    const engine = new Proxy(real.engine, {
      get(target, key) {
        if (key === 'reportSale') return reportSale;
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { ...real, engine };
  }
}

describe('traceability claims fenced across a manual resend (PostgreSQL)', () => {
  let h: TraceHarness;

  beforeAll(async () => {
    // Client timeout above the simulator delays used below: every call here gets its answer.
    h = await startTraceHarness({ TRACE_TIMEOUT_MS: '5000', TRACE_MAX_ATTEMPTS: '2' });
    await connectCaStore(h);
    // Only the workers of this test touch the queue.
    await traceabilityOf(h.platform).worker.stop();
  }, 30_000);

  afterAll(async () => {
    h?.sim.control.clearFaults();
    await h?.close();
  });

  const db = () => h.platform.database.db;
  const row = (orderId: string) =>
    db()
      .selectFrom('trace_report')
      .select(['id', 'status', 'attempts', 'external_id', 'needs_lookup'])
      .where('order_id', '=', orderId)
      .where('kind', '=', 'sale')
      .executeTakeFirstOrThrow();

  it('a stalled worker does not post a report that was taken over, failed, resent and claimed again to the same attempts', async () => {
    const [label] = addSimPackages(h.sim, 1, 7100, 100);
    const ids = await writeSales(
      h.platform,
      [0, 1].map((i) => ({ storeId: h.caStoreId, completedAt: new Date(Date.now() - (i + 1) * 1000), lines: [{ packageLabel: label, quantity: 1 }] })),
    );
    const queued = () => db().selectFrom('trace_report').select('id').where('order_id', 'in', ids).where('status', '=', 'queued').execute();
    await waitUntil(async () => (await queued()).length === 2, 10_000, 'two queued reports');

    // Worker A claims both reports (one lease for the batch) and works them one at a time; its
    // first state call hangs.
    const stalling = new StallingEngines(h.platform.config);
    const a = new ReportWorker(h.platform, stalling, { ...traceWorkerOptions(h.platform), leaseMs: 1_000, batchSize: 2, concurrency: 1 });
    const b = new ReportWorker(h.platform, traceabilityOf(h.platform).engines, traceWorkerOptions(h.platform));
    const aPass = a.runOnce();
    await waitUntil(() => stalling.stalledOn !== undefined, 10_000, 'worker A to reach its first state call');
    const first = stalling.stalledOn!;
    const [second] = ids.filter((id) => id !== first);
    const claimedByA = await row(second);
    expect(claimedByA).toMatchObject({ status: 'sending', attempts: 1 });
    // The first report's call stays within its lease (kept alive here); the second's runs out
    // while it waits its turn in A's memory.
    await sql`update trace_report set locked_until = clock_timestamp() + interval '1 hour'
              where order_id = ${first} and kind = 'sale'`.execute(db());
    await waitUntil(
      async () => (await sql<{ lapsed: boolean }>`select locked_until < clock_timestamp() as lapsed from trace_report where id = ${claimedByA.id}`.execute(db())).rows[0].lapsed,
      5_000,
      'the second report\'s lease to lapse',
    );

    // Worker B takes it over (a lapsed 'sending' row is looked up first); Metrc fails the lookup
    // and that was the last try: the report is failed.
    h.sim.control.failNext(2, 503, { method: 'GET', path: `${RECEIPTS}/external` });
    expect(await b.runOnce()).toBe(1);
    h.sim.control.clearFaults();
    expect(await row(second)).toMatchObject({ status: 'failed', attempts: 2 });

    // A manager resends it: fresh tries, so attempts starts again from 0.
    const owner = await h.login('owner');
    const resent = await h.request({ method: 'POST', url: `/v1/traceability/reports/${claimedByA.id}/resend`, cookie: owner });
    expect(resent.statusCode).toBe(202);
    expect(await row(second)).toMatchObject({ status: 'queued', attempts: 0 });

    // B claims it again — attempts is 1 once more, the value A's stale claim carries — and its
    // POST is on its way to Metrc (held there for 2 s) when A wakes up.
    h.sim.control.slow(2_000, { method: 'POST', path: RECEIPTS, count: 1 });
    const bPass = b.runOnce();
    await waitUntil(() => h.sim.control.faults().length === 0, 10_000, 'worker B\'s POST to reach Metrc');
    expect(await row(second)).toMatchObject({ status: 'sending', attempts: claimedByA.attempts });

    stalling.go();
    await aPass;
    await bPass;

    // A filed its first report and left the second alone: one receipt per sale at the state.
    const receipts = (orderId: string) => h.sim.control.receipts({ license: DEMO_LICENSES.caRetail, externalReceiptNumber: orderId });
    expect(receipts(first)).toHaveLength(1);
    expect(receipts(second), 'the resent sale was filed by both workers').toHaveLength(1);
    expect(a.counters.sent).toBe(1);
    expect(b.counters.sent).toBe(1);
    expect(await row(first)).toMatchObject({ status: 'sent', external_id: String(receipts(first)[0].Id) });
    expect(await row(second)).toMatchObject({ status: 'sent', attempts: 1, external_id: String(receipts(second)[0].Id), needs_lookup: false });
    const posts = h.sim.control.requests().filter((r) => r.method === 'POST' && r.path === RECEIPTS);
    expect(posts).toHaveLength(2);
  }, 30_000);
});
