// PostgreSQL only: a person's change to a SKU committing while an import chunk is being written.
// The chunk compares each row with what is stored and writes the SKU's columns back, the stored
// ones where the file has no column; had it read them before the person's change committed, it
// would write the old values over the change. A connection of the test holds an uncommitted brand
// of the name the file brings, so the chunk waits at its brand insert, after its reads and before
// its writes, every time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProducts } from '../../src/modules/catalog/product-import';
import { blockedBackends, waitUntil, waitUntilBlocked } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

const OAK = 'C10-0000001-LIC';

describe('an import chunk and a person changing the same SKU (PostgreSQL)', () => {
  let server: TestServer;
  let owner: string;
  let dir: string;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer({ workers: false });
    owner = await server.login('owner');
    dir = mkdtempSync(join(tmpdir(), 'verdant-catalog-review-race-'));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a weight a person sets while the chunk is between its reads and its writes is not written over with the old one', async () => {
    const stores = (await server.request({ method: 'GET', url: '/v1/stores', cookie: owner })).json().stores;
    const oakland = stores.find((s: { licenseNumber: string }) => s.licenseNumber === OAK).id;
    const created = await server.request({
      method: 'POST',
      url: '/v1/catalog/products',
      cookie: owner,
      body: { title: 'Race Farms Kept Kush', category: 'flower', skus: [{ code: 'RACE-KEEP-1', registerName: 'FLWR KEPT KUSH', sizeLabel: '3.5g', netWeightMg: 3500, prices: [{ storeId: oakland, priceCents: 3000 }] }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const skuId = created.json().skus[0].id;

    // No size or weight column: the stored ones are what the chunk writes back for RACE-KEEP-1.
    const brand = `Race Brand ${uuidv7().slice(-6)}`;
    const file = join(dir, 'race.csv');
    writeFileSync(
      file,
      [`sku,register_name,title,category,brand,price_${OAK}`, `RACE-KEEP-1,FLWR KEPT KUSH NEW NAME,Race Farms Kept Kush,flower,,30.00`, `RACE-NEW-1,FLWR NEW 1G,Race New Haze,flower,${brand},12.00`].join('\n'),
    );

    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`insert into brand (id, organization_id, name, slug) values ($1, $2, $3, $4)`, [uuidv7(), server.organizationId, brand, `held-${uuidv7()}`]);
      const imported = importProducts(server.platform.tx, { organizationId: server.organizationId, file });
      expect(await waitUntilBlocked(holder, 1)).toBe(true);

      let patchSettled = false;
      const patched = server.request({ method: 'PATCH', url: `/v1/catalog/skus/${skuId}`, cookie: owner, body: { netWeightMg: 7000, sizeLabel: '7g' } }).finally(() => {
        patchSettled = true;
      });
      // Either the change commits now (the chunk holds nothing it needs) or it waits for the chunk.
      await waitUntil(async () => patchSettled || (await blockedBackends(holder)) >= 2);
      await holder.query('rollback');
      const [summary, answer] = await Promise.all([imported, patched]);
      expect(answer.statusCode, answer.body).toBe(200);
      expect(summary.errors).toEqual([]);
    } finally {
      await holder.end();
    }

    const sku = await db().selectFrom('sku').select(['register_name', 'net_weight_mg', 'size_label']).where('id', '=', skuId).executeTakeFirstOrThrow();
    expect(sku).toEqual({ register_name: 'FLWR KEPT KUSH NEW NAME', net_weight_mg: 7000, size_label: '7g' });
  });
});
