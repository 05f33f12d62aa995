// PostgreSQL only: two writers naming one SKU code in two letter cases at once. The register finds
// a code whatever its case, so "RACE-CASE" and "race-case" are one code: the two requests answer
// 201 and 409 at their code, never two SKUs. A connection of the test holds a lock on the sku
// table that lets the catalog's reads through and stops its inserts, so the first writer has read
// before it writes and the second is waiting behind it every time.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntilBlocked } from '../support/lock-waits';
import { refusal } from '../support/refusals';
import { startTestServer, type TestServer } from '../support/test-server';

describe('one SKU code in two letter cases, created at once (PostgreSQL)', () => {
  let server: TestServer;
  let owner: string;

  beforeAll(async () => {
    server = await startTestServer({ workers: false });
    owner = await server.login('owner');
  });
  afterAll(() => server?.close());

  it('answers 201 and 409 SKU_CODE_TAKEN at the code, and stores one SKU', async () => {
    const create = (title: string, code: string) =>
      server.request({ method: 'POST', url: '/v1/catalog/products', cookie: owner, body: { title, category: 'accessory', skus: [{ code, sizeLabel: 'each' }] } });
    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    let answers;
    try {
      await holder.query('begin');
      await holder.query('lock table sku in exclusive mode');
      const upper = create('Race Case Upper', 'RACE-CASE');
      expect(await waitUntilBlocked(holder, 1)).toBe(true);
      const lower = create('Race Case Lower', 'race-case');
      expect(await waitUntilBlocked(holder, 2)).toBe(true);
      await holder.query('commit');
      answers = await Promise.all([upper, lower]);
    } finally {
      await holder.end();
    }
    expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([201, 409]);
    expect(refusal(answers.find((a) => a.statusCode === 409)!)).toEqual({ status: 409, code: 'SKU_CODE_TAKEN', path: ['body', 'skus', 0, 'code'] });
    const stored = await server.platform.database.db.selectFrom('sku').select('code').where('organization_id', '=', server.organizationId).where((eb) => eb(eb.fn('upper', ['code']), '=', 'RACE-CASE')).execute();
    expect(stored).toHaveLength(1);
  });
});
