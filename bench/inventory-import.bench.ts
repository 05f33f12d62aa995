// `verdant import inventory` at scale: a generated POS export of 12,000 SKUs at 3 stores
// (36,000 packages), imported into empty inventory, then re-imported unchanged (idempotent path).
// Run: npx tsx bench/inventory-import.bench.ts [--skus 12000] [--db postgres,pglite]
import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importInventory } from '../packages/server/src/modules/inventory';
import type { BenchDatabase } from './lib/bench-server';
import { emit, printTable, type Measure } from './lib/report';
import { sql } from 'kysely';
import { generatedSkus, generateInventoryCsv } from './generate-inventory-csv';
import { benchStoreLicenses, inventoryBenchPlatform } from './inventory-support';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const skus = Number(arg('skus', '12000'));
const databases = arg('db', 'postgres,pglite').split(',') as BenchDatabase[];
const file = join(tmpdir(), `verdant-inventory-${process.pid}.csv`);
writeFileSync(file, generateInventoryCsv({ skus, storeLicenses: benchStoreLicenses }));

const measures: Measure[] = [];
try {
  for (const database of databases) {
    const bench = await inventoryBenchPlatform(database, 'verdant_bench_inventory_import', 10);
    try {
      // The file's SKUs are the catalog's: one product for those sold by weight, one for the rest.
      const catalog = generatedSkus(skus);
      const products = { weight: '01900000-0000-7000-8000-0000000be4d1', each: '01900000-0000-7000-8000-0000000be4d2' };
      await sql`insert into product (id, organization_id, title, slug, category) values
                  (${products.weight}, ${bench.organizationId}, 'Bench flower', 'bench-flower', 'flower'),
                  (${products.each}, ${bench.organizationId}, 'Bench pre-rolls', 'bench-pre-rolls', 'pre_roll')`.execute(bench.platform.database.db);
      await sql`insert into sku (id, organization_id, product_id, code, unit, net_weight_mg)
                select t.id, ${bench.organizationId}, case when t.unit = 'weight' then ${products.weight}::uuid else ${products.each}::uuid end, t.code, t.unit, 1000
                  from unnest(${catalog.map((c) => c.id)}::uuid[], ${catalog.map((c) => c.code)}::text[], ${catalog.map((c) => c.unit)}::text[]) as t(id, code, unit)`.execute(bench.platform.database.db);
      for (const label of ['first', 'again_unchanged']) {
        const result = await importInventory(bench.platform, { organizationId: bench.organizationId, file });
        const m: Measure = {
          bench: `inventory.import.${label}`,
          database,
          rows: result.rows,
          seconds: Number(result.seconds.toFixed(2)),
          rowsPerSecond: Math.round(result.rows / result.seconds),
          created: result.created,
          updated: result.updated,
          unchanged: result.unchanged,
          rejected: result.rejected,
        };
        emit(m);
        measures.push(m);
      }
    } finally {
      await bench.close();
    }
  }
} finally {
  rmSync(file, { force: true });
}
printTable(`Inventory import: ${skus} SKUs x 3 stores`, measures);
