import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MigrationChecksumError, pendingMigrations } from '../../src/db/migrate';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const realDir = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));

describe('migrations', () => {
  let testDb: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'verdant-migrations-'));
    cpSync(realDir, dir, { recursive: true });
  });
  afterAll(async () => {
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the template database has every migration applied, and a second run does nothing', async () => {
    expect(await pendingMigrations(testDb.database)).toEqual([]);
    const again = await migrate(testDb.database, dir);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(readdirSync(realDir).filter((f) => f.endsWith('.sql')).length);
  });

  it('applies a new migration once, in its own transaction', async () => {
    writeFileSync(join(dir, '9990_create_probe.sql'), 'create table migration_probe (id int primary key);');
    expect((await migrate(testDb.database, dir)).applied).toEqual(['9990_create_probe.sql']);
    expect((await migrate(testDb.database, dir)).applied).toEqual([]);
  });

  it('rolls back a failing migration whole', async () => {
    writeFileSync(join(dir, '9991_create_broken.sql'), 'create table broken_probe (id int); select * from no_such_table;');
    await expect(migrate(testDb.database, dir)).rejects.toThrow(/no_such_table/);
    const exists = await testDb.database.db.selectFrom('schema_migration').select('version').where('version', '=', '9991').execute();
    expect(exists).toHaveLength(0);
    rmSync(join(dir, '9991_create_broken.sql'));
  });

  it('refuses to go on, naming the file, when an applied migration was edited', async () => {
    appendFileSync(join(dir, '9990_create_probe.sql'), '\n-- an innocent-looking edit\n');
    const error = await migrate(testDb.database, dir).catch((e) => e);
    expect(error).toBeInstanceOf(MigrationChecksumError);
    expect(error.message).toContain('9990_create_probe.sql was changed after it was applied');
  });
});
