// Shared set-up for the inventory benchmarks: a fresh database (PostgreSQL from
// BENCH_DATABASE_URL, or PGlite in a temporary folder), a platform on it, and an organization
// with three stores. Dropped again by close().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../packages/server/src/db/database';
import { createOrganization, createStore } from '../packages/server/src/modules/organizations/organizations.service';
import { systemContext } from '../packages/server/src/platform/context';
import { loadConfig } from '../packages/server/src/platform/config';
import { createLogger } from '../packages/server/src/platform/logger';
import { createPlatform, type Platform } from '../packages/server/src/platform/platform';
import { inTransaction } from '../packages/server/src/platform/unit-of-work';
import { freshPostgres, type BenchDatabase } from './lib/bench-server';

export const benchStoreLicenses = ['BENCH-STORE-1', 'BENCH-STORE-2', 'BENCH-STORE-3'];

export interface InventoryBench {
  platform: Platform;
  organizationId: string;
  storeIds: string[];
  close(): Promise<void>;
}

export async function inventoryBenchPlatform(kind: BenchDatabase, name: string, poolMax = 40): Promise<InventoryBench> {
  const pgdb = kind === 'postgres' ? await freshPostgres(`${name}_${process.pid}`) : null;
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'verdant-bench-inv-')) : null;
  const database = await openDatabase(pgdb ? { url: pgdb.url, poolMax } : { dataDir: dataDir! });
  const config = loadConfig({ LOG_LEVEL: 'warn', ...(pgdb ? { DATABASE_URL: pgdb.url } : { DATA_DIR: dataDir! }) });
  const platform = await createPlatform(config, { database, logger: createLogger('warn'), workers: false });
  const organizationId = '01900000-0000-7000-8000-0000000be4c1';
  const storeIds = await inTransaction(platform.tx, systemContext(organizationId), async (uow) => {
    await createOrganization(uow, { id: organizationId, name: 'Bench Dispensaries' });
    const ids: string[] = [];
    for (const [i, license] of benchStoreLicenses.entries()) {
      ids.push((await createStore(uow, organizationId, { name: `Bench store ${i + 1}`, licenseNumber: license, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' })).id);
    }
    return ids;
  });
  return {
    platform,
    organizationId,
    storeIds,
    async close() {
      await platform.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      await pgdb?.drop();
    },
  };
}
