// Staff, audit, events and webhooks, reviewed a second time: erasing a customer is its own
// permission; a webhook's signing secret is kept nowhere but its subscription (not in the answer
// an Idempotency-Key keeps, so a retry does not show it again); an API key says when it was last
// used; and the audit log does not show staff limited to some stores what the routes they are
// refused (webhooks, API keys) would.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { requestHash } from '../../src/platform/idempotency';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { startTestServer, type TestServer } from '../support/test-server';

describe('staff, audit, events and webhooks: second review', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  let budtender: string;
  let auditor: string;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    auditor = await server.login('auditor');
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const send = (cookie: string | null, method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
    server.request({ method, url, body, headers, ...(cookie ? { cookie } : {}) });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  async function apiKey(scopes: string[]): Promise<{ id: string; key: string }> {
    const made = await send(owner, 'POST', '/v1/api-keys', { name: `review-${uuidv7()}`, scopes, currentPassword: DEMO_PASSWORD });
    expect(made.statusCode, made.body).toBe(201);
    return made.json();
  }

  /** A manager limited to the Denver store, signed in; their cookie. */
  async function denverManager(): Promise<string> {
    const stores = (await send(owner, 'GET', '/v1/stores')).json().stores as Array<{ id: string; name: string }>;
    const denver = stores.find((s) => /Denver/.test(s.name))!;
    const email = `denver-${uuidv7()}@demo.verdant.test`;
    const hired = await send(owner, 'POST', '/v1/staff', { email, name: 'Denver Manager', role: 'manager', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [denver.id] });
    expect(hired.statusCode, hired.body).toBe(201);
    const login = await send(null, 'POST', '/v1/auth/login', { email, password: DEMO_PASSWORD });
    expect(login.statusCode).toBe(200);
    return `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
  }

  describe('erasing a customer’s personal data needs customers:erase', () => {
    it('owners and managers hold it; budtenders, inventory managers, drivers and auditors do not', async () => {
      const held = async (role: 'owner' | 'manager' | 'budtender' | 'inventory' | 'driver' | 'auditor') =>
        ((await send(await server.login(role), 'GET', '/v1/auth/me')).json().permissions as string[]).includes('customers:erase');
      expect(await held('owner')).toBe(true);
      expect(await held('manager')).toBe(true);
      for (const role of ['budtender', 'inventory', 'driver', 'auditor'] as const) expect(await held(role)).toBe(false);
    });

    it('a budtender, an auditor and an API key that may merge customers but not erase them get 403 FORBIDDEN, and nothing changes', async () => {
      const created = await send(manager, 'POST', '/v1/customers', { firstName: 'Noor', lastName: 'Keepme', birthDate: '1983-04-05', email: `noor-${uuidv7()}@example.test`, phone: '+1 510 555 0133' });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      const merger = await apiKey(['customers:read', 'customers:write', 'customers:merge']);
      const footprint = async () => ({
        customer: (await sql<{ t: string }>`select c::text as t from customer c where c.id = ${id}`.execute(db())).rows,
        audit: await db().selectFrom('audit_log').select('id').where('entity_id', '=', id).orderBy('id').execute(),
        events: await db().selectFrom('outbox_event').select('event_id').where('aggregate_id', '=', id).orderBy('event_id').execute(),
      });
      const before = await footprint();
      for (const [who, cookie, headers] of [
        ['budtender', budtender, undefined],
        ['auditor', auditor, undefined],
        ['merge-only key', null, bearer(merger.key)],
      ] as const) {
        const refused = await send(cookie, 'POST', `/v1/customers/${id}/anonymize`, { reason: 'asked in person' }, headers);
        expect(refused.statusCode, `${who}: ${refused.body}`).toBe(403);
        expect(refused.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'customers:erase' } });
      }
      expect(await footprint()).toEqual(before);
      expect((await send(manager, 'GET', `/v1/customers/${id}`)).json()).toMatchObject({ firstName: 'Noor', anonymizedAt: null });

      // The permission itself, and nothing else, lets a key erase.
      const eraser = await apiKey(['customers:erase']);
      const erased = await send(null, 'POST', `/v1/customers/${id}/anonymize`, { reason: 'asked by e-mail, identity confirmed' }, bearer(eraser.key));
      expect(erased.statusCode, erased.body).toBe(200);
      expect(erased.json()).toMatchObject({ anonymized: true, customer: { id, firstName: 'Erased', email: null } });
    });
  });

  describe('a webhook’s signing secret is shown once and kept only on its subscription', () => {
    // The answer an Idempotency-Key keeps held the generated secret in plain text, and a retry with
    // the key showed it again (to anyone sending it as that person, for as long as keys are kept).
    it('creating one with an Idempotency-Key keeps no secret in the stored answer; the retry names the subscription made, to rotate, and makes no other', async () => {
      const idempotencyKey = uuidv7();
      const body = { url: `https://hooks.example.test/${uuidv7()}`, eventTypes: ['orders.*'] };
      const created = await send(owner, 'POST', '/v1/webhooks', body, { 'idempotency-key': idempotencyKey });
      expect(created.statusCode, created.body).toBe(201);
      const { id, secret } = created.json() as { id: string; secret: string };
      expect(secret.length).toBeGreaterThanOrEqual(24);
      const stored = await db().selectFrom('idempotency_key').select('response_body').where('key', '=', idempotencyKey).executeTakeFirstOrThrow();
      expect(JSON.stringify(stored.response_body)).not.toContain(secret);

      const retried = await send(owner, 'POST', '/v1/webhooks', body, { 'idempotency-key': idempotencyKey });
      expect(retried.body).not.toContain(secret);
      expect(retried.statusCode, retried.body).toBe(409);
      expect(retried.json().error).toMatchObject({ code: 'WEBHOOK_SECRET_SHOWN_ONCE', details: { webhookId: id } });
      expect(await db().selectFrom('webhook_subscription').select('id').where('url', '=', body.url).execute()).toEqual([{ id }]);
    });

    it('a secret the caller brings is not hashed into the stored Idempotency-Key row; its retry answers the subscription made', async () => {
      const idempotencyKey = uuidv7();
      const secret = `own-secret-${uuidv7()}`;
      const body = { url: `https://hooks.example.test/${uuidv7()}`, eventTypes: ['orders.*'], secret };
      const created = await send(owner, 'POST', '/v1/webhooks', body, { 'idempotency-key': idempotencyKey });
      expect(created.statusCode, created.body).toBe(201);
      const stored = await db().selectFrom('idempotency_key').select('request_hash').where('key', '=', idempotencyKey).executeTakeFirstOrThrow();
      expect(stored.request_hash).toBe(requestHash({ params: {}, body: { ...body, secret: '<set>' } }));
      const retried = await send(owner, 'POST', '/v1/webhooks', body, { 'idempotency-key': idempotencyKey });
      expect(retried.statusCode, retried.body).toBe(201);
      expect(retried.json()).toMatchObject({ id: created.json().id });
      expect(retried.body).not.toContain(secret);
    });

    it('a rotation sent again with its Idempotency-Key does not show the new secret again, and rotates nothing more', async () => {
      const created = await send(owner, 'POST', '/v1/webhooks', { url: `https://hooks.example.test/${uuidv7()}`, eventTypes: ['*'] });
      const { id } = created.json() as { id: string };
      const idempotencyKey = uuidv7();
      const rotated = await send(owner, 'POST', `/v1/webhooks/${id}/rotate-secret`, { overlapSeconds: 60 }, { 'idempotency-key': idempotencyKey });
      expect(rotated.statusCode, rotated.body).toBe(200);
      const { secret } = rotated.json() as { secret: string };
      const stored = await db().selectFrom('idempotency_key').select('response_body').where('key', '=', idempotencyKey).executeTakeFirstOrThrow();
      expect(JSON.stringify(stored.response_body)).not.toContain(secret);
      const row = () => db().selectFrom('webhook_subscription').select(['secret', 'previous_secret', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();
      const after = await row();
      expect(after.secret).toBe(secret);

      const retried = await send(owner, 'POST', `/v1/webhooks/${id}/rotate-secret`, { overlapSeconds: 60 }, { 'idempotency-key': idempotencyKey });
      expect(retried.body).not.toContain(secret);
      expect(retried.statusCode, retried.body).toBe(409);
      expect(retried.json().error).toMatchObject({ code: 'WEBHOOK_SECRET_SHOWN_ONCE', details: { webhookId: id } });
      expect(await row()).toEqual(after);
    });

    it('a secret the caller brought is never echoed, so a retry with the key answers the subscription as a replay', async () => {
      const idempotencyKey = uuidv7();
      const body = { url: `https://hooks.example.test/${uuidv7()}`, eventTypes: ['*'], secret: `brought-${uuidv7()}` };
      const created = await send(owner, 'POST', '/v1/webhooks', body, { 'idempotency-key': idempotencyKey });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().secret).toBeUndefined();
      const retried = await send(owner, 'POST', '/v1/webhooks', body, { 'idempotency-key': idempotencyKey });
      expect(retried.statusCode, retried.body).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBe('true');
      expect(retried.json()).toEqual(created.json());
      expect(retried.body).not.toContain(body.secret);
    });
  });

  describe('an API key says when it was last used', () => {
    // lastUsedAt was answered by GET /v1/api-keys (and shown by the office as "never") but never
    // written: an owner deciding which keys are still in use before revoking saw every key unused.
    it('a request with the key records when; a revoked key’s refused request does not', async () => {
      const { id, key } = await apiKey(['stores:read']);
      const listed = async () => ((await send(owner, 'GET', '/v1/api-keys')).json().apiKeys as Array<{ id: string; lastUsedAt: string | null }>).find((k) => k.id === id)!;
      expect((await listed()).lastUsedAt).toBeNull();
      const before = Date.now();
      expect((await send(null, 'GET', '/v1/stores', undefined, bearer(key))).statusCode).toBe(200);
      const used = (await listed()).lastUsedAt;
      expect(used).not.toBeNull();
      expect(Date.parse(used!)).toBeGreaterThanOrEqual(before - 1000);

      // Written at most once a minute per key, not on every request.
      await sql`update api_key set last_used_at = now() - interval '30 seconds' where id = ${id}`.execute(db());
      const recent = (await listed()).lastUsedAt;
      expect((await send(null, 'GET', '/v1/stores', undefined, bearer(key))).statusCode).toBe(200);
      expect((await listed()).lastUsedAt).toBe(recent);

      await sql`update api_key set last_used_at = now() - interval '2 minutes' where id = ${id}`.execute(db());
      const revoked = await send(owner, 'DELETE', `/v1/api-keys/${id}`);
      expect(revoked.statusCode).toBe(200);
      const atRevocation = (await listed()).lastUsedAt;
      expect((await send(null, 'GET', '/v1/stores', undefined, bearer(key))).statusCode).toBe(401);
      expect((await listed()).lastUsedAt).toBe(atRevocation);
    });
  });

  describe('a session ends when it is signed out, whatever Idempotency-Key the request carries', () => {
    // The key is scoped to the person, not the session: signing out a second session (another
    // device or register) with a key used for the first answered the first one's 204 as a replay
    // and left the second signed in.
    it('signing out a second session with the key of the first is refused as a reused key, not answered the first one’s 204 with the second still signed in', async () => {
      const signIn = async () => {
        const login = await send(null, 'POST', '/v1/auth/login', { email: 'manager@demo.verdant.test', password: DEMO_PASSWORD });
        expect(login.statusCode).toBe(200);
        return `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
      };
      const [first, second] = [await signIn(), await signIn()];
      const key = { 'idempotency-key': uuidv7() };
      expect((await send(first, 'POST', '/v1/auth/logout', undefined, key)).statusCode).toBe(204);
      expect((await send(first, 'GET', '/v1/auth/me')).statusCode).toBe(401);

      // The client learns this session was not signed out by that request.
      const again = await send(second, 'POST', '/v1/auth/logout', undefined, key);
      expect(again.statusCode, again.body).toBe(409);
      expect(again.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect((await send(second, 'GET', '/v1/auth/me')).statusCode).toBe(200);
      expect((await send(second, 'POST', '/v1/auth/logout', undefined, { 'idempotency-key': uuidv7() })).statusCode).toBe(204);
      expect((await send(second, 'GET', '/v1/auth/me')).statusCode).toBe(401);
    });

    it('ending one’s PIN turn on a second register with the key used on the first is refused as a reused key, not answered 204 with the turn still open', async () => {
      const stores = (await send(owner, 'GET', '/v1/stores')).json().stores as Array<{ id: string; name: string }>;
      const oakland = stores.find((s) => /Oakland/.test(s.name))!;
      const budtenderId = ((await send(budtender, 'GET', '/v1/auth/me')).json() as { id: string }).id;
      const register = async () => {
        const login = await send(null, 'POST', '/v1/auth/login', { email: 'manager@demo.verdant.test', password: DEMO_PASSWORD, storeId: oakland.id });
        const cookie = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
        const switched = await send(cookie, 'POST', '/v1/auth/pin', { userId: budtenderId, pin: '1234' });
        expect(switched.statusCode, switched.body).toBe(200);
        return cookie;
      };
      const [one, two] = [await register(), await register()];
      const actingOn = async (cookie: string) => ((await send(cookie, 'GET', '/v1/auth/me')).json() as { id: string }).id;
      const key = { 'idempotency-key': uuidv7() };
      expect((await send(one, 'DELETE', '/v1/auth/pin', undefined, key)).statusCode).toBe(204);
      expect(await actingOn(one)).not.toBe(budtenderId);

      const again = await send(two, 'DELETE', '/v1/auth/pin', undefined, key);
      expect(again.statusCode, again.body).toBe(409);
      expect(again.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await actingOn(two)).toBe(budtenderId);
      expect((await send(two, 'DELETE', '/v1/auth/pin', undefined, { 'idempotency-key': uuidv7() })).statusCode).toBe(204);
      expect(await actingOn(two)).not.toBe(budtenderId);
    });
  });

  describe('the audit log shows staff limited to some stores only what they may read elsewhere', () => {
    // Webhooks and API keys are for staff of every store (their routes answer others 403
    // STORE_NOT_ALLOWED), but their audit rows (no store) were shown to a manager of one store:
    // the subscription's URL (often itself a credential), its events, the keys' names and scopes.
    it('a manager of one store does not see the rows of webhooks or API keys; a manager of every store and an auditor do', async () => {
      const hookUrl = `https://hooks.example.test/services/T0/B0/${uuidv7()}`;
      const hook = await send(owner, 'POST', '/v1/webhooks', { url: hookUrl, eventTypes: ['*'] });
      expect(hook.statusCode).toBe(201);
      const key = await apiKey(['stores:read']);
      const denver = await denverManager();
      expect((await send(denver, 'GET', '/v1/webhooks')).statusCode).toBe(403);
      expect((await send(denver, 'GET', '/v1/api-keys')).statusCode).toBe(403);

      const read = async (cookie: string, query: string) => {
        const response = await send(cookie, 'GET', `/v1/audit?${query}`);
        expect(response.statusCode, response.body).toBe(200);
        return response.json().entries as Array<{ action: string; entityId: string | null; after: unknown }>;
      };
      for (const query of [`entityType=webhook_subscription&entityId=${hook.json().id}`, `entityType=api_key&entityId=${key.id}`, 'limit=1000']) {
        const seen = await read(denver, query);
        expect(seen.filter((e) => e.entityId === hook.json().id || e.entityId === key.id)).toEqual([]);
        expect(JSON.stringify(seen)).not.toContain(hookUrl);
      }
      // The organization's other rows without a store are still theirs to read (a customer added).
      const customer = await send(owner, 'POST', '/v1/customers', { firstName: 'Ola', lastName: 'Visible', birthDate: '1980-01-01' });
      expect((await read(denver, `entityType=customer&entityId=${customer.json().id}`)).map((e) => e.action)).toContain('customer.created');

      for (const cookie of [manager, auditor]) {
        expect((await read(cookie, `entityType=webhook_subscription&entityId=${hook.json().id}`)).map((e) => e.action)).toEqual(['webhooks.subscription.created']);
        expect((await read(cookie, `entityType=api_key&entityId=${key.id}`)).map((e) => e.action)).toEqual(['api_key.created']);
      }
    });
  });
});
