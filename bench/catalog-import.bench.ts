// `verdant import products` at scale: a generated POS export of 12,000 SKUs priced at 3 stores,
// imported into an empty catalog, then re-imported unchanged (the idempotent path), then with
// 5 % of prices changed. Target: first import ≤ 20 s.
// Run: npx tsx bench/catalog-import.bench.ts [--skus 12000] [--db postgres,pglite]
import { readFileSync, writeFileSync } from 'node:fs';
import { importProducts } from '../packages/server/src/modules/catalog/product-import';
import { catalogBenchDb } from './lib/catalog-fixture';
import { emit, printTable, type Measure } from './lib/report';
import type { BenchDatabase } from './lib/bench-server';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const skus = Number(arg('skus', '12000'));
const databases = arg('db', 'postgres,pglite').split(',') as BenchDatabase[];

const measures: Measure[] = [];
for (const database of databases) {
  const bench = await catalogBenchDb(database, skus, 'verdant_bench_catalog_import');
  try {
    const run = async (label: string) => {
      const started = process.hrtime.bigint();
      const summary = await importProducts(bench.runner, { organizationId: bench.organizationId, file: bench.csv });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const m: Measure = {
        bench: `catalog.import.${label}`,
        database,
        rows: summary.rows,
        stores: 3,
        seconds: Number(seconds.toFixed(2)),
        rowsPerSecond: Math.round(summary.rows / seconds),
        skusCreated: summary.skus.created,
        skusUpdated: summary.skus.updated,
        pricesChanged: summary.prices.changed,
        queuedForReview: summary.queuedForReview,
        rejected: summary.rejected,
      };
      emit(m);
      measures.push(m);
    };
    await run('first');
    await run('again_unchanged');
    // 5 % of the rows get a new price at the first store.
    const lines = readFileSync(bench.csv, 'utf8').split('\n');
    for (let i = 1; i < lines.length; i += 20) lines[i] = lines[i].replace(/,(\d+)\.(\d\d),/, (_, a: string, b: string) => `,${Number(a) + 1}.${b},`);
    writeFileSync(bench.csv, lines.join('\n'));
    await run('again_5pct_prices');
  } finally {
    await bench.close();
  }
}
printTable(`Catalog import: ${skus} SKUs x 3 stores (target: first import <= 20 s)`, measures);
