import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsOf } from '../../src/modules/staff/permissions';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { startTestServer, type TestServer } from '../support/test-server';

describe('staff sign-in, sessions, PINs and API keys', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_MINUTES: '15' } });
  });
  afterAll(() => server?.close());

  const login = (email: string, password: string) =>
    server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password } });

  it('signs in with an httpOnly SameSite=Strict session cookie and never stores the token', async () => {
    const response = await login('Manager@Demo.Verdant.Test', 'verdant-demo');
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'verdant_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const sessions = await server.platform.database.db.selectFrom('staff_session').select('id').execute();
    expect(sessions.some((s) => s.id === cookie?.value)).toBe(false);
    const me = await server.request({ method: 'GET', url: '/v1/auth/me', cookie: `verdant_session=${cookie?.value}` });
    expect(me.json()).toMatchObject({ type: 'staff', role: 'manager' });
  });

  it('refuses a wrong password with one code whether or not the account exists', async () => {
    const wrong = await login('owner@demo.verdant.test', 'not-the-password');
    const unknown = await login('nobody@demo.verdant.test', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('locks an account after repeated failures, even for the right password, and audits each attempt', async () => {
    for (let i = 0; i < 2; i++) expect((await login('driver@demo.verdant.test', 'wrong-password')).statusCode).toBe(401);
    const third = await login('driver@demo.verdant.test', 'wrong-password');
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('ACCOUNT_LOCKED');
    const right = await login('driver@demo.verdant.test', 'verdant-demo');
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('ACCOUNT_LOCKED');
    const failures = await server.platform.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'auth.login.failed')
      .execute();
    expect(failures.length).toBeGreaterThanOrEqual(4);
  });

  it('locks an address that is no one’s after as many failures as an account, so the answers do not tell which addresses are staff', async () => {
    const answers = async (email: string) => {
      const seen: string[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await login(email, 'wrong-password');
        seen.push(`${response.statusCode} ${response.json().error.code} ${Object.keys(response.json().error.details ?? {}).join(',')}`);
      }
      return seen;
    };
    const staffAnswers = await answers('inventory@demo.verdant.test');
    expect(staffAnswers).toEqual(['401 INVALID_CREDENTIALS ', '401 INVALID_CREDENTIALS ', '429 ACCOUNT_LOCKED lockedUntil', '429 ACCOUNT_LOCKED lockedUntil']);
    expect(await answers('Not.Staff@demo.verdant.test')).toEqual(staffAnswers);
    // Counted by the address, whatever its case, and audited as locked.
    expect((await login('not.staff@demo.verdant.test', 'wrong-password')).statusCode).toBe(429);
    const audited = await server.platform.database.db.selectFrom('audit_log').select('after').where('action', '=', 'auth.login.failed').where('entity_id', 'is', null).execute();
    expect(audited.filter((a) => (a.after as { email?: string; locked?: boolean }).email === 'not.staff@demo.verdant.test' && (a.after as { locked?: boolean }).locked)).toHaveLength(3);
  });

  it('switches the acting budtender on a signed-in register by PIN, and back', async () => {
    const register = await server.login('manager');
    const staff = (await server.request({ method: 'GET', url: '/v1/staff', cookie: register })).json().staff;
    const budtender = staff.find((s: { role: string }) => s.role === 'budtender');
    const bad = await server.request({ method: 'POST', url: '/v1/auth/pin', cookie: register, body: { userId: budtender.id, pin: '0000' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('INVALID_PIN');
    const good = await server.request({ method: 'POST', url: '/v1/auth/pin', cookie: register, body: { userId: budtender.id, pin: '1234' } });
    expect(good.statusCode).toBe(200);
    const me = (await server.request({ method: 'GET', url: '/v1/auth/me', cookie: register })).json();
    expect(me).toMatchObject({ id: budtender.id, role: 'budtender' });
    // The budtender acts now: a manager-only route is refused on the same register.
    expect((await server.request({ method: 'GET', url: '/v1/staff', cookie: register })).statusCode).toBe(403);
    expect((await server.request({ method: 'DELETE', url: '/v1/auth/pin', cookie: register })).statusCode).toBe(204);
    expect((await server.request({ method: 'GET', url: '/v1/auth/me', cookie: register })).json().role).toBe('manager');
  });

  it('ends a session on logout', async () => {
    const response = await login('auditor@demo.verdant.test', 'verdant-demo');
    const cookie = `verdant_session=${response.cookies[0].value}`;
    expect((await server.request({ method: 'POST', url: '/v1/auth/logout', cookie })).statusCode).toBe(204);
    expect((await server.request({ method: 'GET', url: '/v1/auth/me', cookie })).statusCode).toBe(401);
  });

  it('issues scoped API keys that are hashed at rest, limited to their scopes and revocable', async () => {
    const owner = await server.login('owner');
    const created = await server.request({
      method: 'POST',
      url: '/v1/api-keys',
      cookie: owner,
      body: { name: 'menu board', scopes: ['stores:read'], currentPassword: DEMO_PASSWORD },
    });
    expect(created.statusCode).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key).toMatch(/^vk_[0-9a-f]{12}_/);
    const row = await server.platform.database.db.selectFrom('api_key').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.prefix).toBe(prefix);
    // The secret is base64url and may itself contain '_': take everything after the prefix.
    const secret = key.slice(`vk_${prefix}_`.length);
    expect(secret.length).toBeGreaterThan(20);
    expect(JSON.stringify(row)).not.toContain(secret);

    const auth = { authorization: `Bearer ${key}` };
    expect((await server.request({ method: 'GET', url: '/v1/stores', headers: auth })).statusCode).toBe(200);
    expect((await server.request({ method: 'GET', url: '/v1/staff', headers: auth })).statusCode).toBe(403);
    expect((await server.request({ method: 'GET', url: '/v1/stores', headers: { authorization: `Bearer ${key}x` } })).statusCode).toBe(401);

    const beyond = await server.request({
      method: 'POST',
      url: '/v1/api-keys',
      cookie: await server.login('owner'),
      body: { name: 'bad', scopes: ['no:such-scope'], currentPassword: DEMO_PASSWORD },
    });
    expect(beyond.statusCode).toBe(400);

    expect((await server.request({ method: 'DELETE', url: `/v1/api-keys/${id}`, cookie: owner })).statusCode).toBe(200);
    expect((await server.request({ method: 'GET', url: '/v1/stores', headers: auth })).statusCode).toBe(401);
  });

  it('only an owner makes owners; a manager can add a budtender', async () => {
    const manager = await server.login('manager');
    const body = { email: 'new.owner@demo.verdant.test', name: 'New', role: 'owner', password: 'long-enough-pass', currentPassword: DEMO_PASSWORD };
    expect((await server.request({ method: 'POST', url: '/v1/staff', cookie: manager, body })).statusCode).toBe(403);
    const ok = await server.request({ method: 'POST', url: '/v1/staff', cookie: manager, body: { ...body, role: 'budtender', pin: '4321' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ role: 'budtender', hasPin: true });
  });

  it('gives the auditor every read and no write', () => {
    const auditor = permissionsOf('auditor');
    expect(auditor.has('audit:read')).toBe(true);
    // rules:evaluate answers what a pack says of a cart (the packs themselves, an evaluation) and writes nothing.
    expect(auditor.has('rules:evaluate')).toBe(true);
    expect([...auditor].every((p) => p.endsWith(':read') || p === 'session:self' || p === 'rules:evaluate')).toBe(true);
  });
});

describe('sign-in rate limit per client address', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { LOGIN_RATE_PER_MINUTE: '3' } });
  });
  afterAll(() => server?.close());

  it('answers 429 RATE_LIMITED with Retry-After once the address exceeds the rate', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email: 'x@y.z', password: 'nope' } });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        expect(response.json().error.code).toBe('RATE_LIMITED');
        expect(response.headers['retry-after']).toBeDefined();
      }
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });
});
