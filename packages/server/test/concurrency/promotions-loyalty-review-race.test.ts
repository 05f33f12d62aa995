// PostgreSQL only: races found by a review of promotions and loyalty, each of which answered a 500
// (a deadlock) on the code of the day.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

describe('promotions and loyalty review races (PostgreSQL)', () => {
  let server: TestServer;
  let manager: string;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
  });
  afterAll(() => server.close());

  const db = () => server.platform.database.db;
  const send = (method: 'POST' | 'PUT', url: string, body: unknown) => server.request({ method, url, cookie: manager, body });
  const coupon = (name: string, codes: string[]) => ({ name, codes, action: { type: 'fixed_off_order', amountCents: 100 } });
  /** Every code of the organization's promotions belongs to exactly one live promotion whose definition lists it. */
  async function codesConsistent(keys: string[]) {
    const rows = (
      await sql<{ code_key: string; n: number; listed: boolean }>`
        select c.code_key, count(*)::int as n,
               bool_and(exists (select 1 from jsonb_array_elements_text(p.definition->'codes') d where upper(trim(d)) = c.code_key)) as listed
          from promotion_code c join promotion p on p.id = c.promotion_id and p.archived_at is null
         where c.organization_id = ${server.organizationId} and c.code_key = any(${keys}::text[])
         group by c.code_key`.execute(db())
    ).rows;
    for (const r of rows) expect(r, r.code_key).toMatchObject({ n: 1, listed: true });
  }

  it('two promotions swapping their codes at once: no deadlock, and each code stays with one promotion', async () => {
    const ids: Array<[string, string]> = [];
    for (let i = 0; i < 4; i++) {
      const a = await send('POST', '/v1/promotions', coupon(`Swap ${i} a`, [`SWAPA${i}`]));
      const b = await send('POST', '/v1/promotions', coupon(`Swap ${i} b`, [`SWAPB${i}`]));
      expect(a.statusCode, a.body).toBe(201);
      expect(b.statusCode, b.body).toBe(201);
      ids.push([a.json().id, b.json().id]);
    }
    const answers = await Promise.all(
      ids.flatMap(([a, b], i) => [
        send('PUT', `/v1/promotions/${a}`, coupon(`Swap ${i} a`, [`SWAPA${i}`, `SWAPB${i}`])),
        send('PUT', `/v1/promotions/${b}`, coupon(`Swap ${i} b`, [`SWAPB${i}`, `SWAPA${i}`])),
      ]),
    );
    for (const a of answers) {
      expect(a.statusCode, a.body).toBeLessThan(500);
      if (a.statusCode !== 200) expect(a.json().error.code).toBe('COUPON_CODE_TAKEN');
    }
    await codesConsistent(ids.flatMap((_, i) => [`SWAPA${i}`, `SWAPB${i}`]));
  });
});
