// Reservation throughput: N clients each holding 1 unit at a time through reserve() inside a
// UnitOfWork (lock candidates, conditional UPDATE + ledger row, reservation rows, outbox event,
// audit row), at 1, 8 and 32 clients, on one hot SKU (every client on the same package row) and
// spread over 64 SKUs. PostgreSQL from BENCH_DATABASE_URL (own database, dropped after) and PGlite.
// Run: npx tsx bench/inventory-reserve.bench.ts [--seconds 3] [--db postgres,pglite] [--clients 1,8,32]
import { randomUUID } from 'node:crypto';
import { reserve } from '../packages/server/src/modules/inventory';
import { permissions } from '../packages/server/src/modules/staff/permissions';
import { inTransaction } from '../packages/server/src/platform/unit-of-work';
import type { BenchDatabase } from './lib/bench-server';
import { emit, percentile, printTable, type Measure } from './lib/report';
import { inventoryBenchPlatform } from './inventory-support';
import { stockPackage } from '../packages/server/test/support/inventory-actors';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const seconds = Number(arg('seconds', '3'));
const databases = arg('db', 'postgres,pglite').split(',') as BenchDatabase[];
const clientCounts = arg('clients', '1,8,32').split(',').map(Number);

const measures: Measure[] = [];
for (const database of databases) {
  const bench = await inventoryBenchPlatform(database, 'verdant_bench_inventory_reserve');
  try {
    const storeId = bench.storeIds[0];
    const context = {
      actor: { type: 'staff' as const, id: 'bench', organizationId: bench.organizationId, permissions: new Set<string>(permissions), storeIds: [] },
      requestId: null,
    };
    const skus = Array.from({ length: 64 }, () => randomUUID());
    for (const [i, skuId] of skus.entries()) {
      await stockPackage(bench.platform, context, { storeId, label: `1A4BENCH${String(i).padStart(16, '0')}`, skuId, quantity: 1_000_000_000 });
    }
    for (const shape of ['hot', 'spread'] as const) {
      for (const clients of clientCounts) {
        const latencies: number[] = [];
        let errors = 0;
        const deadline = performance.now() + seconds * 1000;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: clients }, async (_, c) => {
            let n = 0;
            while (performance.now() < deadline) {
              const skuId = shape === 'hot' ? skus[0] : skus[(c * 7 + n++) % skus.length];
              const t0 = performance.now();
              try {
                await inTransaction(bench.platform.tx, context, (uow) => reserve(uow, { storeId, lines: [{ skuId, quantity: 1 }], ttlSeconds: 900, reference: `bench-${c}` }));
                latencies.push(performance.now() - t0);
              } catch {
                errors++;
              }
            }
          }),
        );
        const elapsed = (performance.now() - started) / 1000;
        latencies.sort((a, b) => a - b);
        const m: Measure = {
          bench: 'inventory.reserve',
          database,
          shape,
          concurrency: clients,
          reservations: latencies.length,
          errors,
          perSecond: Math.round(latencies.length / elapsed),
          p50Ms: Number(percentile(latencies, 50).toFixed(2)),
          p99Ms: Number(percentile(latencies, 99).toFixed(2)),
        };
        emit(m);
        measures.push(m);
      }
    }
  } finally {
    await bench.close();
  }
}
printTable(`Inventory reservations: ${seconds} s per row (hot = one package row for every client)`, measures);
