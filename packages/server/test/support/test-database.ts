import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database';
import { ReadThroughCache } from '../../src/platform/read-through-cache';
import { adminUrl, copyDir, withDatabase } from './global-setup';

export const testDbKind = (process.env.VERDANT_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';

export interface TestDatabase {
  database: Database;
  /** postgres:// URL of this test's database (PostgreSQL only), for child processes. */
  url: string | null;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file; `seeded`: with the demo organization already in
 * it (a copy of the seeded template, see global-setup).
 */
export async function createTestDatabase(options: { poolMax?: number; seeded?: boolean } = {}): Promise<TestDatabase> {
  // Test files share a worker (isolate: false): nothing another file's database put in the
  // process's caches may answer for this one (the demo organization's id is the same in both).
  ReadThroughCache.forgetAll();
  const name = `verdant_t${process.pid}_${randomBytes(4).toString('hex')}`;
  if (testDbKind === 'postgres') {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`create database "${name}" template "${inject(options.seeded ? 'pgSeededTemplate' : 'pgTemplate')}"`);
      // The tests judge Verdant, not the disk: a commit need not wait for its WAL to be flushed.
      // Every connection to this database (the server's pool, the race tests' child processes)
      // commits without waiting, which took most of a PostgreSQL file's time on a slow disk.
      // Nothing is lost when a server process is killed (PostgreSQL keeps running); only a crash
      // of PostgreSQL itself could lose the last commits, and no test crashes it. Production keeps
      // PostgreSQL's default (synchronous_commit = on), and so does the bench.
      await admin.query(`alter database "${name}" set synchronous_commit = off`);
    } finally {
      await admin.end();
    }
    const url = withDatabase(adminUrl, name);
    const database = await openDatabase({ url, poolMax: options.poolMax ?? 20 });
    return {
      database,
      url,
      async drop() {
        await database.close().catch(() => undefined);
        const admin2 = new pg.Client({ connectionString: adminUrl });
        await admin2.connect();
        await admin2.query(`drop database if exists "${name}" with (force)`).catch(() => undefined);
        await admin2.end();
      },
    };
  }
  const dir = join(tmpdir(), name);
  copyDir(inject(options.seeded ? 'pgliteSeededTemplateDir' : 'pgliteTemplateDir'), dir);
  const database = await openDatabase({ dataDir: dir });
  return {
    database,
    url: null,
    async drop() {
      await database.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
