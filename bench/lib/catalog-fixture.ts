import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase, type Database } from '../../packages/server/src/db/database';
import { migrate } from '../../packages/server/src/db/migrate';
import { createOrganization, createStore } from '../../packages/server/src/modules/organizations/organizations.service';
import { systemContext } from '../../packages/server/src/platform/context';
import { inTransaction, type TransactionRunner } from '../../packages/server/src/platform/unit-of-work';
import { generateProductsCsv } from '../generate-products-csv';
import { freshPostgres, type BenchDatabase } from './bench-server';

export const BENCH_LICENSES = ['BENCH-LIC-1', 'BENCH-LIC-2', 'BENCH-LIC-3'];

export interface CatalogBenchDb {
  database: Database;
  runner: TransactionRunner;
  organizationId: string;
  storeIds: string[];
  csv: string;
  close(): Promise<void>;
}

/** A migrated database (fresh PostgreSQL database or PGlite folder) with one organization, 3 stores and the CSV. */
export async function catalogBenchDb(kind: BenchDatabase, skus: number, name: string): Promise<CatalogBenchDb> {
  const dir = mkdtempSync(join(tmpdir(), 'verdant-catalog-bench-'));
  const pgdb = kind === 'postgres' ? await freshPostgres(name) : null;
  const database = await openDatabase(pgdb ? { url: pgdb.url, poolMax: 10 } : { dataDir: join(dir, 'pglite') });
  await migrate(database);
  const runner: TransactionRunner = { database, onCommit: () => undefined };
  const organizationId = uuidv7();
  const storeIds: string[] = [];
  await inTransaction(runner, systemContext(organizationId), async (uow) => {
    await createOrganization(uow, { id: organizationId, name: 'Bench Dispensaries' });
    for (const [i, license] of BENCH_LICENSES.entries()) {
      const store = await createStore(uow, organizationId, {
        name: `Bench Store ${i + 1}`,
        licenseNumber: license,
        jurisdiction: i === 2 ? 'US-CO' : 'US-CA',
        timezone: 'America/Los_Angeles',
      });
      storeIds.push(store.id);
    }
  });
  const csv = join(dir, 'products.csv');
  writeFileSync(csv, generateProductsCsv({ skus, licenses: BENCH_LICENSES, seed: 42 }));
  return {
    database,
    runner,
    organizationId,
    storeIds,
    csv,
    async close() {
      await database.close().catch(() => undefined);
      await pgdb?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Stock for about 60 % of the SKUs at each store, written into the inventory module's tables so
 * the storefront's join on `sku_store_availability` does real work. Bench-only shortcut.
 */
export async function stockSomeSkus(bench: CatalogBenchDb): Promise<number> {
  const db = bench.database.db;
  const exists = await sql<{ found: boolean }>`select to_regclass('inventory_stock') is not null as found`.execute(db);
  if (!exists.rows[0].found) return 0;
  let rows = 0;
  for (const storeId of bench.storeIds) {
    const location = uuidv7();
    await sql`insert into inventory_location (id, organization_id, store_id, code, name, kind, sellable)
      values (${location}, ${bench.organizationId}, ${storeId}, 'sales_floor', 'Sales floor', 'sales_floor', true)`.execute(db);
    await sql`
      with picked as (
        select s.id as sku_id, gen_random_uuid() as package_id, row_number() over () as n
        from sku s where s.organization_id = ${bench.organizationId}::uuid and random() < 0.6)
      , packages as (
        insert into inventory_package (id, organization_id, label, sku_id, unit, lab_status)
        select package_id, ${bench.organizationId}::uuid, upper(substr(md5(package_id::text), 1, 24)), sku_id, 'each', 'passed' from picked
        returning id, sku_id)
      insert into inventory_stock (package_id, location_id, store_id, organization_id, sku_id, on_hand)
      select id, ${location}::uuid, ${storeId}::uuid, ${bench.organizationId}::uuid, sku_id, 1 + floor(random() * 40)::int from packages`.execute(db);
    rows++;
  }
  await sql`analyze`.execute(db);
  return rows;
}
