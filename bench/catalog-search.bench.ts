// Storefront search latency at 12,000 SKUs (about 6,800 products, ~6,450 on each store's menu)
// priced at 3 stores, with stock at ~60 % of them: one query shape after another, sequentially,
// calling the search service the route calls (no HTTP), so the numbers are the database statement
// plus result shaping. The shapes cover both paths of the statement: product rows only
// (browse, words, category/brand/strain/effects) and the SKU-level pass (stock, THC, price).
// Target: p95 <= 30 ms on PostgreSQL. Then times the menus' pass against the packs over the catalog.
// Run: npx tsx bench/catalog-search.bench.ts [--skus 12000] [--iterations 200] [--db postgres,pglite]
import { sql } from 'kysely';
import { importProducts } from '../packages/server/src/modules/catalog/product-import';
import { refreshListingRefusals } from '../packages/server/src/modules/compliance';
import { searchStoreProducts, type SearchQuery } from '../packages/server/src/modules/search';
import { catalogBenchDb, stockSomeSkus } from './lib/catalog-fixture';
import { emit, percentile, printTable, type Measure } from './lib/report';
import type { BenchDatabase } from './lib/bench-server';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const skus = Number(arg('skus', '12000'));
const iterations = Number(arg('iterations', '200'));
const databases = arg('db', 'postgres,pglite').split(',') as BenchDatabase[];

const shapes: Record<string, Omit<SearchQuery, 'limit'>> = {
  browse_all: {},
  text_one_word: { q: 'blue' },
  text_prefix_two_words: { q: 'kush gel' },
  category_in_stock: { category: ['flower'], inStock: true },
  thc_and_price_range: { thcMin: 20, thcMax: 30, priceMin: 2000, priceMax: 6000 },
  brand_effects_strain: { brand: ['humboldt-heritage', 'summit-extracts'], effects: ['relaxed'], strainType: ['indica', 'hybrid'] },
  text_and_filters_sorted: { q: 'dream', category: ['flower', 'pre_roll'], sort: 'price_asc' },
};

const measures: Measure[] = [];
for (const database of databases) {
  const bench = await catalogBenchDb(database, skus, 'verdant_bench_catalog_search');
  try {
    const imported = await importProducts(bench.runner, { organizationId: bench.organizationId, file: bench.csv });
    await stockSomeSkus(bench);
    await sql`vacuum analyze`.execute(bench.database.db); // as autovacuum would have in a store that has been open a while
    const db = bench.database.db;
    const products = Number((await db.selectFrom('product').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const all: number[] = [];
    for (const [name, shape] of Object.entries(shapes)) {
      const latencies: number[] = [];
      let total = 0;
      for (let i = -10; i < iterations; i++) {
        const storeId = bench.storeIds[(i + 10) % bench.storeIds.length];
        const t0 = process.hrtime.bigint();
        const result = await searchStoreProducts(db, storeId, { ...shape, limit: 24 });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (i >= 0) latencies.push(ms);
        total = result.total;
      }
      latencies.sort((a, b) => a - b);
      all.push(...latencies);
      const m: Measure = {
        bench: `catalog.search.${name}`,
        database,
        skus: imported.skus.created,
        products,
        matches: total,
        iterations,
        p50Ms: Number(percentile(latencies, 50).toFixed(2)),
        p95Ms: Number(percentile(latencies, 95).toFixed(2)),
        p99Ms: Number(percentile(latencies, 99).toFixed(2)),
      };
      emit(m);
      measures.push(m);
    }
    all.sort((a, b) => a - b);
    const overall: Measure = {
      bench: 'catalog.search.all_shapes',
      database,
      skus: imported.skus.created,
      products,
      iterations: all.length,
      p50Ms: Number(percentile(all, 50).toFixed(2)),
      p95Ms: Number(percentile(all, 95).toFixed(2)),
      p99Ms: Number(percentile(all, 99).toFixed(2)),
    };
    emit(overall);
    measures.push(overall);

    // The menus' pass against the packs (modules/compliance/listing-refusals.ts) over the whole
    // catalog: the first writes the verdicts (and delists those SKUs), the second finds nothing to change.
    for (const pass of ['first_pass', 'unchanged_pass']) {
      const t0 = process.hrtime.bigint();
      const outcome = await refreshListingRefusals(db, { organizationId: bench.organizationId });
      const m: Measure = {
        bench: `catalog.listing_refusals.${pass}`,
        database,
        skus: imported.skus.created,
        stores: outcome.stores,
        delisted: outcome.delisted,
        patientsOnly: outcome.markedPatientsOnly,
        ms: Number((Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1)),
      };
      emit(m);
      measures.push(m);
    }
  } finally {
    await bench.close();
  }
}
printTable(`Storefront search at ${skus} SKUs x 3 stores, facets included (target: p95 <= 30 ms on PostgreSQL)`, measures);
