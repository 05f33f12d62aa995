// Time from a register sale to the `inventory.availability.changed` event on the SSE stream,
// through a real `verdant serve` process (HTTP sale -> commit -> outbox -> sequencer -> feed -> SSE).
// Measured from sending the sale request until the event for that sale arrives; also from the
// sale's response to the event. Target: p99 <= 100 ms.
// Run: npx tsx bench/inventory-sse.bench.ts [--sales 200] [--db pglite,postgres]
import { randomUUID } from 'node:crypto';
import { SseClient } from '../packages/server/test/support/sse-client';
import { startBenchServer, type BenchDatabase } from './lib/bench-server';
import { emit, percentile, printTable, type Measure } from './lib/report';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const sales = Number(arg('sales', '200'));
const databases = arg('db', 'pglite,postgres').split(',') as BenchDatabase[];

const measures: Measure[] = [];
for (const [d, database] of databases.entries()) {
  const server = await startBenchServer(database, 4710 + d);
  try {
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: server.cookie }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return response.json();
    };
    const stores = (await (await fetch(`${server.url}/v1/stores`, { headers: { cookie: server.cookie } })).json()).stores as Array<{ id: string }>;
    const storeId = stores[0].id;
    const skuId = randomUUID();
    const label = `1A4SSEBENCH${Date.now().toString().slice(-13)}`.slice(0, 24).padEnd(24, '0');
    const manifest = await post(`/v1/stores/${storeId}/manifests`, {
      number: `SSE-${randomUUID().slice(0, 8)}`,
      items: [{ packageLabel: label, skuId, unit: 'each', expectedQuantity: 1_000_000, batch: { code: `SSE-${label}`, producerLicense: 'BENCH' } }],
    });
    await post(`/v1/stores/${storeId}/manifests/${manifest.id}/receive`, { items: [{ packageLabel: label, countedQuantity: 1_000_000, decision: 'accept', locationCode: 'sales_floor' }] });
    const stream = new SseClient(`${server.url}/v1/events/stream?storeId=${storeId}&types=inventory.availability.changed`, { cookie: server.cookie });
    await stream.ready;
    await new Promise((r) => setTimeout(r, 300));
    const total: number[] = [];
    const afterResponse: number[] = [];
    let expected = 1_000_000;
    for (let i = 0; i < sales; i++) {
      expected -= 1;
      const want = expected;
      const seen = stream.messages.length;
      const t0 = performance.now();
      await post(`/v1/stores/${storeId}/sales`, { lines: [{ skuId, quantity: 1 }], reference: { orderId: `sse-${i}`, channel: 'pos' } });
      const t1 = performance.now();
      await stream.waitFor((messages) => messages.slice(seen).some((m) => {
        const event = JSON.parse(m.data);
        return event.payload.skuId === skuId && event.payload.available === want;
      }), 5000);
      const t2 = performance.now();
      total.push(t2 - t0);
      afterResponse.push(t2 - t1);
    }
    stream.close();
    total.sort((a, b) => a - b);
    afterResponse.sort((a, b) => a - b);
    const m: Measure = {
      bench: 'inventory.sale_to_sse',
      database,
      sales,
      p50Ms: Number(percentile(total, 50).toFixed(2)),
      p95Ms: Number(percentile(total, 95).toFixed(2)),
      p99Ms: Number(percentile(total, 99).toFixed(2)),
      maxMs: Number(total[total.length - 1].toFixed(2)),
      afterResponseP50Ms: Number(percentile(afterResponse, 50).toFixed(2)),
      afterResponseP99Ms: Number(percentile(afterResponse, 99).toFixed(2)),
      targetP99Ms: 100,
    };
    emit(m);
    measures.push(m);
  } finally {
    await server.stop();
  }
}
printTable('Sale -> inventory.availability.changed on SSE (target p99 <= 100 ms)', measures);
