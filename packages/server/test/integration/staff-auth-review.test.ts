// Staff sign-in and authorization, reviewed: secrets that must not be kept where a database reader
// (or a backup) finds them, and answers whose timing must not tell an attacker which e-mail
// addresses belong to staff.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { startTestServer, type TestServer } from '../support/test-server';

describe('staff sign-in and authorization review', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  beforeAll(async () => {
    // Failures are not what these tests count: a high limit keeps the timing test's accounts unlocked.
    server = await startTestServer({ env: { LOGIN_MAX_FAILURES: '50' } });
    owner = await server.login('owner');
    manager = await server.login('manager');
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;

  async function newStaff(role: string): Promise<{ id: string; email: string }> {
    const email = `review-${uuidv7()}@demo.verdant.test`;
    const created = await server.request({ method: 'POST', url: '/v1/staff', cookie: manager, body: { email, name: 'Review', role, password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD } });
    expect(created.statusCode, created.body).toBe(201);
    return { id: created.json().id, email };
  }

  describe('an API key’s secret is shown once and kept nowhere', () => {
    it('creating a key with an Idempotency-Key keeps no secret in the stored answer, and a retry does not show it again', async () => {
      const idempotencyKey = uuidv7();
      const body = { name: `review-${uuidv7()}`, scopes: ['stores:read'], currentPassword: DEMO_PASSWORD };
      const created = await server.request({ method: 'POST', url: '/v1/api-keys', cookie: owner, body, headers: { 'idempotency-key': idempotencyKey } });
      expect(created.statusCode, created.body).toBe(201);
      const { id, key } = created.json() as { id: string; key: string };
      // `vk_<12 hex>_<secret>`: the secret is base64url, so it may hold (or start with) `_`.
      const secret = key.slice('vk_'.length + 12 + 1);
      expect(secret.length).toBeGreaterThanOrEqual(40);
      // The key works: it is the answer's to show, once.
      expect((await server.request({ method: 'GET', url: '/v1/stores', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(200);

      const stored = await db().selectFrom('idempotency_key').select(['response_body']).where('key', '=', idempotencyKey).executeTakeFirstOrThrow();
      expect(JSON.stringify(stored.response_body)).not.toContain(secret);

      // The retry of a lost answer learns which key it made (to revoke it), not its secret.
      const retried = await server.request({ method: 'POST', url: '/v1/api-keys', cookie: owner, body, headers: { 'idempotency-key': idempotencyKey } });
      expect(retried.body).not.toContain(secret);
      expect(retried.statusCode, retried.body).toBe(409);
      expect(retried.json().error).toMatchObject({ code: 'API_KEY_SHOWN_ONCE', details: { apiKeyId: id } });
      expect(await db().selectFrom('api_key').select('id').where('name', '=', body.name).execute()).toEqual([{ id }]);
    });
  });

  describe('sign-in timing does not tell which e-mail addresses are staff', () => {
    /**
     * The fastest of several attempts of each, taken in turns: load on the machine only ever adds
     * time, and taking turns spreads a busy moment over both.
     */
    async function fastestOfEach(a: () => Promise<number>, b: () => Promise<number>, times: number): Promise<[number, number]> {
      const best: [number, number] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
      for (let i = 0; i < times; i++) {
        best[0] = Math.min(best[0], await a());
        best[1] = Math.min(best[1], await b());
      }
      return best;
    }
    async function timedLogin(email: string): Promise<number> {
      const started = performance.now();
      const answer = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: 'not-the-password' } });
      const elapsed = performance.now() - started;
      expect(answer.statusCode, answer.body).toBe(401);
      expect(answer.json().error.code).toBe('INVALID_CREDENTIALS');
      return elapsed;
    }

    it('a deactivated account takes as long to refuse as an address nobody has', async () => {
      const leaver = await newStaff('budtender');
      const off = await server.request({ method: 'PATCH', url: `/v1/staff/${leaver.id}`, cookie: manager, body: { active: false } });
      expect(off.statusCode, off.body).toBe(200);
      const nobody = `nobody-${uuidv7()}@demo.verdant.test`;
      const [unknown, deactivated] = await fastestOfEach(() => timedLogin(nobody), () => timedLogin(leaver.email), 5);
      // An unknown address spends a password check on a decoy hash (tens of milliseconds); a
      // deactivated account must spend one too, or a fast 401 says the address is staff.
      expect(deactivated).toBeGreaterThan(unknown / 2);
    });
  });
});
