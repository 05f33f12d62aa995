import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
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
  it('0111 labels the prices an Ontario store had in USD as CAD, its pack’s currency, and leaves other stores’ prices alone', async () => {
    const db = testDb.database.db;
    const organization = uuidv7();
    const [toronto, oakland, product, sku] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    await db.insertInto('organization').values({ id: organization, name: 'Migration probe' }).execute();
    await db
      .insertInto('store')
      .values([
        { id: toronto, organization_id: organization, name: 'Toronto', license_number: `ON-${toronto}`, jurisdiction: 'CA-ON', timezone: 'America/Toronto' },
        { id: oakland, organization_id: organization, name: 'Oakland', license_number: `CA-${oakland}`, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' },
      ])
      .execute();
    await sql`insert into product (id, organization_id, title, slug, category) values (${product}, ${organization}, 'Probe', ${`probe-${product}`}, 'accessory')`.execute(db);
    await sql`insert into sku (id, organization_id, product_id, code, unit) values (${sku}, ${organization}, ${product}, ${`P-${sku}`}, 'each')`.execute(db);
    // As written before prices took their store's currency: the column's default at both.
    await sql`insert into sku_price (organization_id, store_id, sku_id, price_cents) values (${organization}, ${toronto}, ${sku}, 1500), (${organization}, ${oakland}, ${sku}, 1200)`.execute(db);
    await sql.raw(readFileSync(join(realDir, '0111_ontario_prices_in_cad.sql'), 'utf8')).execute(db);
    const prices = await db.selectFrom('sku_price').select(['store_id', 'price_cents', 'currency']).where('sku_id', '=', sku).execute();
    expect(Object.fromEntries(prices.map((p) => [p.store_id, [p.price_cents, p.currency]]))).toEqual({ [toronto]: [1500, 'CAD'], [oakland]: [1200, 'USD'] });
  });
});
