// Second review of reports and the audit log: each test here failed on the code it was written
// against.
// - A manager limited to one store, refused another store's report (or naming it in the audit
//   log's filter), got 403 STORE_NOT_ALLOWED without the field it was about.
// - The audit log answered a time range that ends before it starts with no entries, as if nothing
//   had happened then, instead of refusing it at `to` as the reports refuse such a period.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { startTestServer, type TestServer } from '../support/test-server';

describe('reports and the audit log: second review', () => {
  let server: TestServer;
  let owner: string;
  let oakland: string;
  let denver: string;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    const stores = await db().selectFrom('store').select(['id', 'name']).where('organization_id', '=', server.organizationId).execute();
    oakland = stores.find((s) => s.name.includes('Oakland'))!.id;
    denver = stores.find((s) => s.name.includes('Denver'))!.id;
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const get = (url: string, cookie = owner) => server.request({ method: 'GET', url, cookie });

  /** A manager of the Denver store only, signed in. */
  async function denverManager(): Promise<string> {
    const email = `denver-review-${uuidv7()}@demo.verdant.test`;
    const created = await server.request({
      method: 'POST',
      url: '/v1/staff',
      cookie: owner,
      body: { email, name: 'Denver Manager', role: 'manager', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [denver] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
    expect(login.statusCode, login.body).toBe(200);
    return `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
  }

  it('a manager of one store asking for another store’s report, or its audit rows, is refused at the field naming it', async () => {
    const manager = await denverManager();
    for (const report of ['sales', 'sales.csv', 'tax', 'tax.csv']) {
      const refused = await get(`/v1/stores/${oakland}/reports/${report}?from=2026-03-01&to=2026-03-31`, manager);
      expect(refused.statusCode, report).toBe(403);
      expect(refused.json().error, report).toMatchObject({ code: 'STORE_NOT_ALLOWED', details: { storeId: oakland, path: ['params', 'storeId'] } });
      expect((await get(`/v1/stores/${denver}/reports/${report}?from=2026-03-01&to=2026-03-31`, manager)).statusCode, report).toBe(200);
    }
    const audit = await get(`/v1/audit?storeId=${oakland}`, manager);
    expect(audit.statusCode).toBe(403);
    expect(audit.json().error).toMatchObject({ code: 'STORE_NOT_ALLOWED', details: { storeId: oakland, path: ['querystring', 'storeId'] } });
    expect((await get(`/v1/audit?storeId=${denver}`, manager)).statusCode).toBe(200);
  });

  it('the audit log refuses a time range that ends before it starts, at `to`, instead of answering that nothing happened', async () => {
    const auditor = await server.login('auditor');
    // The rows are there: the store was created by the seed.
    const all = (await get(`/v1/audit?entityType=store&entityId=${oakland}`, auditor)).json();
    expect(all.entries.length).toBeGreaterThan(0);
    const at = all.entries[0].occurredAt as string;
    const later = new Date(Date.parse(at) + 60_000).toISOString();
    for (const [from, to] of [
      [later, at],
      [at, at],
    ]) {
      const refused = await get(`/v1/audit?entityType=store&entityId=${oakland}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, auditor);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: ['querystring', 'to'] }] });
    }
    // A range around the row finds it.
    const earlier = new Date(Date.parse(at) - 60_000).toISOString();
    const found = await get(`/v1/audit?entityType=store&entityId=${oakland}&from=${encodeURIComponent(earlier)}&to=${encodeURIComponent(later)}`, auditor);
    expect(found.json().entries.map((e: { occurredAt: string }) => e.occurredAt)).toContain(at);
  });
});
