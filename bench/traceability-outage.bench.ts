// Metrc outage soak: sales keep completing while Metrc answers 503 for `--minutes`; afterwards the
// queue drains. Checks every receipt exists once at the simulator with its original SalesDateTime
// and that package quantities match, and reports the drain rate (target >= 100 receipts/s).
// Run: npx tsx bench/traceability-outage.bench.ts [--minutes 10] [--sales 500] [--db pglite,postgres] [--sim process|in-process]
import { DEMO_LICENSES, formatFacilityDateTime } from '../packages/metrc/src/index';
import { queueStats } from '../packages/server/src/modules/traceability';
import { DEMO_ORGANIZATION_ID } from '../packages/server/src/seed/demo-seed';
import { emit, percentile, printTable, type Measure } from './lib/report';
import type { BenchDatabase } from './lib/bench-server';
import { addSimPackages, arg, sleep, startTraceBench, writeSales } from './traceability-support';

const minutes = Number(arg('minutes', '10'));
const total = Number(arg('sales', '500'));
const kinds = arg('db', 'pglite').split(',') as BenchDatabase[];
const measures: Measure[] = [];

for (const kind of kinds) {
  const bench = await startTraceBench(kind, process.env.TRACE_CONCURRENCY ? { TRACE_CONCURRENCY: process.env.TRACE_CONCURRENCY } : {});
  try {
    const { platform, sim, caStoreId } = bench;
    const labels = await addSimPackages(sim, 10, 10_000);
    const outageMs = Math.round(minutes * 60_000);
    const outageStart = Date.now();
    await sim.outage(outageMs);
    // Sales spread over the outage window, in small register-sized transactions.
    const perTick = Math.max(1, Math.ceil(total / Math.max(1, outageMs / 200)));
    const sales: Array<{ completedAt: Date; label: string; quantity: number; orderId?: string }> = [];
    const writeLatencies: number[] = [];
    while (sales.length < total) {
      const tick: Array<{ completedAt: Date; label: string; quantity: number; orderId?: string }> = Array.from({ length: Math.min(perTick, total - sales.length) }, (_, i) => ({ completedAt: new Date(), label: labels[(sales.length + i) % labels.length], quantity: 1 + ((sales.length + i) % 3) }));
      const t0 = performance.now();
      const ids = await writeSales(platform, caStoreId, tick, tick.length);
      writeLatencies.push(performance.now() - t0);
      ids.forEach((id, i) => (tick[i].orderId = id));
      sales.push(...tick);
      const target = outageStart + (sales.length / total) * outageMs * 0.9;
      if (target > Date.now()) await sleep(target - Date.now());
    }
    const wait = outageStart + outageMs - Date.now();
    const [during] = await queueStats(platform.database.db, DEMO_ORGANIZATION_ID, caStoreId);
    if (wait > 0) await sleep(wait);
    const recovered = Date.now();
    const ids = new Set(sales.map((s) => s.orderId!));
    const idList = [...ids];
    // Watch the drain in the database (cheap), not by listing receipts at the simulator.
    const deadline = Date.now() + Math.max(120_000, total * 100);
    const sentCount = async () =>
      Number((await platform.database.db.selectFrom('trace_report').select((eb) => eb.fn.countAll<number>().as('n')).where('order_id', 'in', idList).where('status', '=', 'sent').executeTakeFirstOrThrow()).n);
    while ((await sentCount()) < total && Date.now() < deadline) await sleep(50);
    const span = await platform.database.db
      .selectFrom('trace_report')
      .select((eb) => [eb.fn.min<Date>('sent_at').as('first'), eb.fn.max<Date>('sent_at').as('last')])
      .where('order_id', 'in', idList)
      .executeTakeFirstOrThrow();
    const firstReceiptAt = span.first ? new Date(span.first).getTime() : 0;
    const done = span.last ? new Date(span.last).getTime() : Date.now();
    const receipts = (await sim.receipts({ license: DEMO_LICENSES.caRetail })).filter((r) => ids.has(r.ExternalReceiptNumber!));
    const byOrder = new Map<string, number>();
    for (const r of receipts) byOrder.set(r.ExternalReceiptNumber!, (byOrder.get(r.ExternalReceiptNumber!) ?? 0) + 1);
    const duplicates = [...byOrder.values()].filter((n) => n > 1).length;
    const wrongTime = sales.filter((s) => receipts.find((r) => r.ExternalReceiptNumber === s.orderId)?.SalesDateTime !== formatFacilityDateTime(s.completedAt, 'America/Los_Angeles')).length;
    let quantityOk = true;
    for (const label of labels) {
      if ((await sim.quantity(label)) !== 10_000 - sales.filter((s) => s.label === label).reduce((n, s) => n + s.quantity, 0)) quantityOk = false;
    }
    const drainSeconds = (done - (firstReceiptAt || done)) / 1000;
    writeLatencies.sort((a, b) => a - b);
    const m: Measure = {
      bench: 'traceability.outage',
      database: kind,
      outageSeconds: outageMs / 1000,
      sales: total,
      receipts: receipts.length,
      duplicates,
      wrongSalesDateTime: wrongTime,
      quantitiesMatch: quantityOk,
      queuedAtEndOfOutage: during?.queued ?? 0,
      oldestAgeSecondsAtEnd: during?.oldestAgeSeconds ?? 0,
      saleWriteP95Ms: Math.round(percentile(writeLatencies, 95) * 10) / 10,
      firstReceiptAfterRecoveryMs: firstReceiptAt ? firstReceiptAt - recovered : -1,
      drainSeconds,
      drainReceiptsPerSecond: drainSeconds > 0 ? Math.round(receipts.length / drainSeconds) : receipts.length,
    };
    emit(m);
    measures.push(m);
    if (receipts.length !== total || duplicates > 0 || wrongTime > 0 || !quantityOk) process.exitCode = 1;
  } finally {
    await bench.close();
  }
}
printTable('Metrc outage: sales during the outage, then the drain', measures);
