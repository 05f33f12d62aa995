import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database';

export interface MigrationFile {
  version: string;
  name: string;
  checksum: string;
  sql: string;
}

export class MigrationChecksumError extends Error {
  constructor(readonly file: string) {
    super(
      `Migration ${file} was changed after it was applied to this database. ` +
        'Applied migrations are never edited: restore the file from version control and put the change in a new migration.',
    );
    this.name = 'MigrationChecksumError';
  }
}

const migrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));
const MIGRATION_LOCK = 727_001;

export function readMigrations(dir = migrationsDir): MigrationFile[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: file.slice(0, 4),
        name: file,
        checksum: createHash('sha256').update(text).digest('hex'),
        sql: text,
      };
    });
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies pending migrations, each in its own transaction, and refuses to go on if a file that
 * was applied before has changed. Safe to run from several processes at once (advisory lock).
 */
export async function migrate(database: Database, dir = migrationsDir): Promise<MigrateResult> {
  const { db } = database;
  await sql`create table if not exists schema_migration (
    version text primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`.execute(db);

  const files = readMigrations(dir);
  await verifyChecksums(database, files);

  const applied: string[] = [];
  let alreadyApplied = 0;
  for (const file of files) {
    const didApply = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
      const existing = await trx
        .selectFrom('schema_migration')
        .select('checksum')
        .where('version', '=', file.version)
        .executeTakeFirst();
      if (existing) {
        if (existing.checksum !== file.checksum) throw new MigrationChecksumError(file.name);
        return false;
      }
      await sql.raw(file.sql).execute(trx);
      await trx
        .insertInto('schema_migration')
        .values({ version: file.version, name: file.name, checksum: file.checksum })
        .execute();
      return true;
    });
    if (didApply) applied.push(file.name);
    else alreadyApplied += 1;
  }
  return { applied, alreadyApplied };
}

/** Throws MigrationChecksumError if an applied migration's file differs from what was applied. */
export async function verifyChecksums(database: Database, files = readMigrations()): Promise<void> {
  const rows = await database.db.selectFrom('schema_migration').select(['version', 'name', 'checksum']).execute();
  const byVersion = new Map(files.map((file) => [file.version, file]));
  for (const row of rows) {
    const file = byVersion.get(row.version);
    if (!file) {
      throw new Error(
        `Migration ${row.name} is applied to this database but its file is missing: this code is older than the database.`,
      );
    }
    if (file.checksum !== row.checksum) throw new MigrationChecksumError(file.name);
  }
}

export async function pendingMigrations(database: Database): Promise<string[]> {
  const rows = await database.db.selectFrom('schema_migration').select('version').execute();
  const done = new Set(rows.map((row) => row.version));
  return readMigrations()
    .filter((file) => !done.has(file.version))
    .map((file) => file.name);
}
