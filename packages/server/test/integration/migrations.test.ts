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

  it('0165 enters each store’s current price in the price history from when it was set, by whom the audit log says, once', async () => {
    const db = testDb.database.db;
    const organization = uuidv7();
    const [east, west, product, sku, staff] = [uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    await db.insertInto('organization').values({ id: organization, name: 'History probe' }).execute();
    await db
      .insertInto('store')
      .values([
        { id: east, organization_id: organization, name: 'East', license_number: `CA-${east}`, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' },
        { id: west, organization_id: organization, name: 'West', license_number: `CA-${west}`, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' },
      ])
      .execute();
    await sql`insert into product (id, organization_id, title, slug, category) values (${product}, ${organization}, 'Probe', ${`probe-${product}`}, 'accessory')`.execute(db);
    await sql`insert into sku (id, organization_id, product_id, code, unit) values (${sku}, ${organization}, ${product}, ${`H-${sku}`}, 'each')`.execute(db);
    // Rows as a price set now left them before 0165: no entry. East's was set by a staff member
    // (its audit row names the row's updatedAt); West's by nobody the audit log knows.
    await sql`insert into sku_price (organization_id, store_id, sku_id, price_cents, tiers, updated_at) values
      (${organization}, ${east}, ${sku}, 1500, '[{"minQuantity":2,"unitPriceCents":1400}]', '2026-03-02 10:00:00.123456+00'),
      (${organization}, ${west}, ${sku}, 1200, '[]', '2026-03-01 09:00:00+00')`.execute(db);
    await sql`insert into audit_log (organization_id, store_id, actor_type, actor_id, action, entity_type, entity_id, after) values
      (${organization}, ${east}, 'staff', ${staff}, 'catalog.price.changed', 'sku', ${sku}, ${JSON.stringify({ storeId: east, priceCents: 1500, updatedAt: '2026-03-02T10:00:00.123Z' })}::jsonb)`.execute(db);
    const entries = () =>
      db.selectFrom('sku_price_schedule').select(['store_id', 'price_cents', 'currency', 'tiers', 'effective_from', 'ended_at', 'created_by']).where('sku_id', '=', sku).orderBy('effective_from').execute();
    const file = sql.raw(readFileSync(join(realDir, '0165_price_history_of_store_prices.sql'), 'utf8'));
    await file.execute(db);
    const expected = [
      { store_id: west, price_cents: 1200, currency: 'USD', tiers: [], effective_from: new Date('2026-03-01T09:00:00Z'), ended_at: null, created_by: null },
      { store_id: east, price_cents: 1500, currency: 'USD', tiers: [{ minQuantity: 2, unitPriceCents: 1400 }], effective_from: new Date('2026-03-02T10:00:00.123Z'), ended_at: null, created_by: staff },
    ];
    expect(await entries()).toEqual(expected);
    // The price in force is still each store's row, as checkout reads it.
    const inForce = await sql<{ store_id: string; own_entry_id: string | null; price_cents: number }>`
      select s.id as store_id, f.own_entry_id, f.price_cents from store s cross join lateral sku_price_in_force(s.id, ${sku}::uuid) f where s.organization_id = ${organization} order by s.name`.execute(db);
    expect(inForce.rows).toEqual([
      { store_id: east, own_entry_id: null, price_cents: 1500 },
      { store_id: west, own_entry_id: null, price_cents: 1200 },
    ]);
    await file.execute(db);
    expect(await entries()).toEqual(expected);
  });
});
