// Real-time reporting latency: a sale commits (orders.order.completed through the outbox) → Metrc
// accepted its receipt (report marked sent; every receipt is then checked present at the simulator). p50/p95/max per database; target p95 <= 1 s.
// Run: npx tsx bench/traceability-realtime.bench.ts [--sales 200] [--interval-ms 50] [--db pglite,postgres] [--sim process|in-process]
import { sql } from 'kysely';
import { DEMO_LICENSES } from '../packages/metrc/src/index';
import { emit, percentile, printTable, type Measure } from './lib/report';
import type { BenchDatabase } from './lib/bench-server';
import { addSimPackages, arg, sleep, startTraceBench, writeSales } from './traceability-support';

const total = Number(arg('sales', '200'));
const intervalMs = Number(arg('interval-ms', '50'));
const kinds = arg('db', 'pglite,postgres').split(',') as BenchDatabase[];
const measures: Measure[] = [];

for (const kind of kinds) {
  const bench = await startTraceBench(kind);
  try {
    const { platform, sim, caStoreId } = bench;
    const labels = await addSimPackages(sim, 4, 100_000);
    // Warm up: connections, prepared plans, the engine cache.
    await writeSales(platform, caStoreId, [{ completedAt: new Date(), label: labels[0], quantity: 1 }]);
    await sleep(1000);

    // Writes happen at a steady rate like registers ringing up; latency is read afterwards from
    // the database (commit → Metrc accepted the receipt), so measuring does not load the system.
    const ids: string[] = [];
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      ids.push(...(await writeSales(platform, caStoreId, [{ completedAt: new Date(), label: labels[i % labels.length], quantity: 1 }])));
      const next = started + (i + 1) * intervalMs;
      if (next > performance.now()) await sleep(next - performance.now());
    }
    const deadline = Date.now() + 60_000;
    const sentCount = async () =>
      Number((await platform.database.db.selectFrom('trace_report').select((eb) => eb.fn.countAll<number>().as('n')).where('order_id', 'in', ids).where('status', '=', 'sent').executeTakeFirstOrThrow()).n);
    while ((await sentCount()) < total && Date.now() < deadline) await sleep(50);
    const rows = await sql<{ ms: number }>`
      select extract(epoch from r.sent_at - e.created_at) * 1000 as ms
      from trace_report r join outbox_event e on e.event_id = r.event_id
      where r.order_id = any(${ids}::text[]) and r.status = 'sent'`.execute(platform.database.db);
    const latencies = rows.rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
    const idSet = new Set(ids);
    const present = (await sim.receipts({ license: DEMO_LICENSES.caRetail, status: 'active' })).filter((r) => idSet.has(r.ExternalReceiptNumber ?? '')).length;
    // Where the time goes: commit → published (sequencer), published → report queued (the outbox
    // dispatcher delivering to our subscriber), queued → accepted by Metrc (our worker).
    const stages = await sql<Record<string, number>>`
      select
        percentile_cont(0.5) within group (order by extract(epoch from e.published_at - e.created_at)) * 1000 as publish_p50,
        percentile_cont(0.95) within group (order by extract(epoch from e.published_at - e.created_at)) * 1000 as publish_p95,
        percentile_cont(0.5) within group (order by extract(epoch from r.created_at - e.published_at)) * 1000 as intake_p50,
        percentile_cont(0.95) within group (order by extract(epoch from r.created_at - e.published_at)) * 1000 as intake_p95,
        percentile_cont(0.5) within group (order by extract(epoch from r.sent_at - r.created_at)) * 1000 as send_p50,
        percentile_cont(0.95) within group (order by extract(epoch from r.sent_at - r.created_at)) * 1000 as send_p95
      from trace_report r join outbox_event e on e.event_id = r.event_id`.execute(platform.database.db);
    const st = Object.fromEntries(Object.entries(stages.rows[0]).map(([k, v]) => [k, Math.round(Number(v))]));
    const m: Measure = {
      bench: 'traceability.realtime',
      database: kind,
      sales: total,
      salesPerSecond: Math.round(1000 / intervalMs),
      reported: latencies.length,
      receiptsAtMetrc: present,
      p50Ms: Math.round(percentile(latencies, 50)),
      p95Ms: Math.round(percentile(latencies, 95)),
      p99Ms: Math.round(percentile(latencies, 99)),
      maxMs: Math.round(latencies[latencies.length - 1] ?? 0),
      publishP50Ms: st.publish_p50,
      publishP95Ms: st.publish_p95,
      intakeP50Ms: st.intake_p50,
      intakeP95Ms: st.intake_p95,
      sendP50Ms: st.send_p50,
      sendP95Ms: st.send_p95,
    };
    emit(m);
    measures.push(m);
    if (latencies.length !== total || present !== total) process.exitCode = 1;
  } finally {
    await bench.close();
  }
}
printTable('Real-time reporting: sale committed → receipt at Metrc', measures);
