// PostgreSQL only: an API key revoked while a staff change made with it waits inside its
// transaction (authenticated before the revocation, judged after it). Requests go through the
// HTTP API of one server with a real connection pool; a connection of the test's own holds the
// lock the change queues behind.
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { blockedBackends, waitUntil, waitUntilBlocked } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

describe('staff changes racing an API key’s revocation (PostgreSQL)', () => {
  let server: TestServer;
  let owner: string;
  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;

  // Before, the change went through after the revocation had been answered: "revoked" did not mean
  // the key could do nothing more.
  it('a key revoked while its change of a staff member waits changes nothing: the change is refused 401, as any later request with the key', async () => {
    const me = (await server.request({ method: 'GET', url: '/v1/auth/me', cookie: owner })).json() as { permissions: string[] };
    const scopes = me.permissions.filter((p) => p !== 'apikeys:manage');
    const made = await server.request({ method: 'POST', url: '/v1/api-keys', cookie: owner, body: { name: `hr-${uuidv7()}`, scopes, currentPassword: DEMO_PASSWORD } });
    expect(made.statusCode, made.body).toBe(201);
    const key = made.json() as { id: string; key: string };
    const hired = await server.request({
      method: 'POST',
      url: '/v1/staff',
      cookie: owner,
      body: { email: `bud-${uuidv7()}@demo.verdant.test`, name: 'Before', role: 'budtender', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD },
    });
    expect(hired.statusCode, hired.body).toBe(201);
    const personId = hired.json().id as string;

    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    try {
      // Hold the person's row: the key's change is authenticated, then waits inside its transaction.
      await holder.query('begin');
      await holder.query('select 1 from staff_user where id = $1 for update', [personId]);
      const requestId = uuidv7();
      let answered = false;
      const changing = server
        .request({ method: 'PATCH', url: `/v1/staff/${personId}`, headers: { authorization: `Bearer ${key.key}`, 'x-request-id': requestId }, body: { name: 'After', role: 'driver' } })
        .then((r) => ((answered = true), r));
      await waitUntilBlocked(holder, 1);
      const revoked = await server.request({ method: 'DELETE', url: `/v1/api-keys/${key.id}`, cookie: owner });
      expect(revoked.statusCode, revoked.body).toBe(200);
      expect(answered).toBe(false);
      await holder.query('commit');
      const changed = await changing;
      expect([changed.statusCode, changed.json().error?.code], changed.body).toEqual([401, 'UNAUTHENTICATED']);
      expect(await db().selectFrom('staff_user').select(['name', 'role']).where('id', '=', personId).executeTakeFirstOrThrow()).toEqual({ name: 'Before', role: 'budtender' });
      expect(await db().selectFrom('audit_log').select('id').where('request_id', '=', requestId).execute()).toEqual([]);
      expect(await waitUntil(async () => (await blockedBackends(holder)) === 0)).toBe(true);
    } finally {
      await holder.end();
    }
    const later = await server.request({ method: 'PATCH', url: `/v1/staff/${personId}`, headers: { authorization: `Bearer ${key.key}` }, body: { name: 'Later' } });
    expect(later.statusCode).toBe(401);
  });
});
