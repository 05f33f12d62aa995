// Step-up before setting a password or PIN, and before granting access (docs/decisions.md §6): the
// session alone is not proof of who is at the keyboard (a manager who PIN-switched in and walked
// away leaves their turn open), so PATCH /v1/staff/:id that sets a password or PIN, changes a role
// or stores or reactivates, POST /v1/staff and POST /v1/api-keys also carry the acting person's own
// current password. A wrong one counts, locks and is audited like a failed sign-in, and nothing changes.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsOf } from '../../src/modules/staff/permissions';
import { requestHash } from '../../src/platform/idempotency';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { startTestServer, type TestServer } from '../support/test-server';

describe('setting a password or PIN needs the acting person’s own password', () => {
  let server: TestServer;
  let manager: string;
  let oakland: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_MINUTES: '15' } });
    manager = await server.login('manager');
    const stores = await server.platform.database.db.selectFrom('store').select(['id', 'name']).execute();
    oakland = stores.find((s) => s.name.includes('Oakland'))!.id;
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;

  async function newStaff(role: string, pin: string, password = DEMO_PASSWORD): Promise<{ id: string; email: string }> {
    const email = `step-up-${uuidv7()}@demo.verdant.test`;
    const created = await server.request({ method: 'POST', url: '/v1/staff', cookie: manager, body: { email, name: 'Staff', role, password, pin, currentPassword: DEMO_PASSWORD } });
    expect(created.statusCode, created.body).toBe(201);
    return { id: created.json().id, email };
  }
  const login = (email: string, password: string, storeId?: string) =>
    server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password, ...(storeId && { storeId }) } });
  async function signIn(email: string, password = DEMO_PASSWORD, storeId?: string): Promise<string> {
    const answer = await login(email, password, storeId);
    expect(answer.statusCode, answer.body).toBe(200);
    return `verdant_session=${answer.cookies.find((c) => c.name === 'verdant_session')!.value}`;
  }
  const pinSwitch = (cookie: string, userId: string, pin: string) => server.request({ method: 'POST', url: '/v1/auth/pin', cookie, body: { userId, pin } });
  const me = (cookie: string) => server.request({ method: 'GET', url: '/v1/auth/me', cookie });
  const patch = (auth: { cookie?: string; headers?: Record<string, string> }, id: string, body: object, requestId = uuidv7()) =>
    server.request({ method: 'PATCH', url: `/v1/staff/${id}`, cookie: auth.cookie, body, headers: { 'x-request-id': requestId, ...auth.headers } });
  const credentialsOf = (id: string) =>
    db().selectFrom('staff_user').select(['password_hash', 'pin_hash', 'failed_logins', 'locked_until']).where('id', '=', id).executeTakeFirstOrThrow();
  const auditOf = (requestId: string) =>
    db().selectFrom('audit_log').select(['action', 'entity_id', 'actor_id', 'before', 'after']).where('request_id', '=', requestId).orderBy('id').execute();

  const credentialChanges = [
    { name: 'a password', body: { password: 'taken-over-password' } },
    { name: 'a PIN', body: { pin: '0451' } },
  ];

  for (const change of credentialChanges) {
    it(`setting ${change.name} without currentPassword is 403 REAUTHENTICATION_REQUIRED and changes nothing`, async () => {
      const target = await newStaff('manager', '1357');
      const before = await credentialsOf(target.id);
      const requestId = uuidv7();
      const refused = await patch({ cookie: manager }, target.id, { ...change.body, name: 'Renamed' }, requestId);
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().error).toMatchObject({
        code: 'REAUTHENTICATION_REQUIRED',
        details: [{ path: ['body', 'currentPassword'] }],
      });
      expect(await credentialsOf(target.id)).toEqual(before);
      expect(await auditOf(requestId)).toEqual([]);
      const list = (await server.request({ method: 'GET', url: '/v1/staff', cookie: manager })).json().staff;
      expect(list.find((s: { id: string }) => s.id === target.id).name).toBe('Staff');
    });
  }

  it('a wrong currentPassword is refused, counted and audited like a failed sign-in, and locks the caller out', async () => {
    const caller = await newStaff('manager', '2468');
    const callerSession = await signIn(caller.email);
    const target = await newStaff('budtender', '1122');
    const before = await credentialsOf(target.id);

    const requestId = uuidv7();
    const wrong = await patch({ cookie: callerSession }, target.id, { password: 'taken-over-password', currentPassword: 'not-my-password' }, requestId);
    expect(wrong.statusCode, wrong.body).toBe(403);
    expect(wrong.json().error).toMatchObject({ code: 'INVALID_CREDENTIALS', details: [{ path: ['body', 'currentPassword'] }] });
    expect(await credentialsOf(target.id)).toEqual(before);
    expect((await credentialsOf(caller.id)).failed_logins).toBe(1);
    const rows = await auditOf(requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'auth.reauth.failed', entity_id: caller.id, actor_id: caller.id });
    expect(rows[0].after).toMatchObject({ reason: 'bad_secret', failures: 1, locked: false });

    // Failed step-ups and failed sign-ins share one counter: it cannot be used to guess round the lockout.
    expect((await login(caller.email, 'still-not-it')).statusCode).toBe(401);
    const third = await patch({ cookie: callerSession }, target.id, { pin: '9999', currentPassword: 'nor-this-one' });
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('ACCOUNT_LOCKED');
    // Locked: the right password is refused too, at step-up and at sign-in, and nothing changed.
    const locked = await patch({ cookie: callerSession }, target.id, { pin: '9999', currentPassword: DEMO_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect((await login(caller.email, DEMO_PASSWORD)).statusCode).toBe(429);
    expect(await credentialsOf(target.id)).toEqual(before);
  });

  it('the right currentPassword sets it; the audit holds no password, and the failure count is reset', async () => {
    const caller = await newStaff('manager', '3579');
    const callerSession = await signIn(caller.email);
    const target = await newStaff('budtender', '2233');
    expect((await patch({ cookie: callerSession }, target.id, { pin: '4444', currentPassword: 'a-wrong-guess' })).statusCode).toBe(403);

    const requestId = uuidv7();
    const ok = await patch({ cookie: callerSession }, target.id, { password: 'the-new-password', pin: '4455', currentPassword: DEMO_PASSWORD }, requestId);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ id: target.id, hasPin: true });
    expect((await credentialsOf(caller.id)).failed_logins).toBe(0);
    await signIn(target.email, 'the-new-password');
    const till = await signIn('manager@demo.verdant.test', DEMO_PASSWORD, oakland);
    expect((await pinSwitch(till, target.id, '4455')).statusCode).toBe(200);

    const rows = await auditOf(requestId);
    expect(rows.map((r) => r.action)).toEqual(['staff.updated']);
    const text = JSON.stringify(rows);
    for (const secret of [DEMO_PASSWORD, 'the-new-password', '4455']) expect(text).not.toContain(secret);
    // Nor is the caller's password, or the PIN set, hashed into the stored idempotency row (a fast, unsalted hash).
    const key = uuidv7();
    const keyed = await patch({ cookie: callerSession, headers: { 'idempotency-key': key } }, target.id, { pin: '4466', currentPassword: DEMO_PASSWORD });
    expect(keyed.statusCode, keyed.body).toBe(200);
    const stored = await db().selectFrom('idempotency_key').select('request_hash').where('key', '=', key).executeTakeFirstOrThrow();
    expect(stored.request_hash).toBe(requestHash({ params: { id: target.id }, body: { pin: '<set>' } }));
  });

  it('asks for the ACTING person’s password: at an open turn, the register owner’s password does not do', async () => {
    // A budtender signs a register in; a manager PIN-switches in and walks away. Whoever is at the
    // keyboard now acts as the manager, but knows only the budtender's password.
    const budtender = await newStaff('budtender', '5151', 'budtender-own-password');
    const absent = await newStaff('manager', '6161', 'manager-own-password');
    const till = await signIn(budtender.email, 'budtender-own-password', oakland);
    expect((await pinSwitch(till, absent.id, '6161')).statusCode).toBe(200);
    expect((await me(till)).json()).toMatchObject({ id: absent.id, role: 'manager' });
    const before = await credentialsOf(absent.id);

    expect((await patch({ cookie: till }, absent.id, { password: 'taken-over-password' })).json().error.code).toBe('REAUTHENTICATION_REQUIRED');
    const withOwners = await patch({ cookie: till }, absent.id, { password: 'taken-over-password', currentPassword: 'budtender-own-password' });
    expect(withOwners.statusCode).toBe(403);
    expect(withOwners.json().error.code).toBe('INVALID_CREDENTIALS');
    // Nor anyone else's PIN (the budtender's own included).
    expect((await patch({ cookie: till }, budtender.id, { pin: '0000', currentPassword: 'budtender-own-password' })).statusCode).toBe(403);
    expect(await credentialsOf(absent.id)).toMatchObject({ password_hash: before.password_hash, pin_hash: before.pin_hash, failed_logins: 2 });
    expect((await credentialsOf(budtender.id)).failed_logins).toBe(0);
    await signIn(absent.email, 'manager-own-password');

    // The manager back at the till confirms with their own password.
    const own = await patch({ cookie: till }, absent.id, { pin: '7171', currentPassword: 'manager-own-password' });
    expect(own.statusCode, own.body).toBe(200);
    expect((await me(till)).json()).toMatchObject({ id: absent.id });
  });

  it('a budtender PIN-switched in at a manager’s register cannot set the manager’s password, even with it', async () => {
    const budtender = await newStaff('budtender', '8181');
    const till = await signIn('manager@demo.verdant.test', DEMO_PASSWORD, oakland);
    expect((await pinSwitch(till, budtender.id, '8181')).statusCode).toBe(200);
    const managerId = (await me(manager)).json().id;
    const before = await credentialsOf(managerId);
    const refused = await patch({ cookie: till }, managerId, { password: 'taken-over-password', currentPassword: DEMO_PASSWORD });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    expect(await credentialsOf(managerId)).toEqual(before);
  });

  it('removing a PIN, renaming and deactivating need no step-up (they take access away)', async () => {
    const target = await newStaff('budtender', '9191');
    const answer = await patch({ cookie: manager }, target.id, { pin: null, name: 'Renamed', active: false });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({ hasPin: false, name: 'Renamed', active: false });
  });

  it('an API key (no password to confirm with) cannot set a password or PIN, even with staff:manage', async () => {
    const owner = await server.login('owner');
    // The key holds a budtender's permissions too: only someone holding them may change a budtender.
    const scopes = ['staff:manage', ...[...permissionsOf('budtender')].filter((p) => p !== 'session:self')];
    const created = await server.request({ method: 'POST', url: '/v1/api-keys', cookie: owner, body: { name: 'HR sync', scopes, currentPassword: DEMO_PASSWORD } });
    expect(created.statusCode, created.body).toBe(201);
    const apiKey = { headers: { authorization: `Bearer ${created.json().key}` } };
    const target = await newStaff('budtender', '2121');
    const before = await credentialsOf(target.id);
    for (const body of [{ password: 'taken-over-password' }, { pin: '3232', currentPassword: DEMO_PASSWORD }]) {
      const refused = await patch(apiKey, target.id, body);
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().error.code).toBe('FORBIDDEN');
    }
    expect(await credentialsOf(target.id)).toEqual(before);
    expect((await patch(apiKey, target.id, { name: 'Synced name' })).statusCode).toBe(200);
  });

  it('the OpenAPI document describes currentPassword on every step-up route', async () => {
    const doc = (await server.request({ method: 'GET', url: '/openapi.json' })).json();
    for (const operation of [doc.paths['/v1/staff/{id}'].patch, doc.paths['/v1/staff'].post, doc.paths['/v1/api-keys'].post]) {
      const body = operation.requestBody.content['application/json'].schema;
      expect(body.properties.currentPassword.description).toContain('REAUTHENTICATION_REQUIRED');
      expect(body.required ?? []).not.toContain('currentPassword');
    }
  });

  describe('privilege grants need the step-up too', () => {
    const staffRow = (id: string) =>
      db().selectFrom('staff_user').select(['role', 'store_ids', 'active', 'failed_logins']).where('id', '=', id).executeTakeFirstOrThrow();
    const staffByEmail = (email: string) => db().selectFrom('staff_user').select('id').where('email', '=', email).execute();
    const keysNamed = (name: string) => db().selectFrom('api_key').select('id').where('name', '=', name).execute();
    const createStaff = (auth: { cookie?: string; headers?: Record<string, string> }, body: object, requestId = uuidv7()) =>
      server.request({ method: 'POST', url: '/v1/staff', cookie: auth.cookie, body, headers: { 'x-request-id': requestId, ...auth.headers } });
    const createKey = (auth: { cookie?: string; headers?: Record<string, string> }, body: object, requestId = uuidv7()) =>
      server.request({ method: 'POST', url: '/v1/api-keys', cookie: auth.cookie, body, headers: { 'x-request-id': requestId, ...auth.headers } });

    const grants = [
      { name: 'a role change', body: { role: 'manager' }, expected: { role: 'manager' } },
      { name: 'a stores change', body: { storeIds: [] as string[] }, expected: { storeIds: [] } },
      { name: 'a reactivation', body: { active: true }, expected: { active: true }, deactivateFirst: true },
    ];
    for (const grant of grants) {
      it(`${grant.name} without currentPassword is 403 REAUTHENTICATION_REQUIRED and changes nothing; with it, it applies`, async () => {
        const target = await newStaff('budtender', '1212');
        if (grant.deactivateFirst) expect((await patch({ cookie: manager }, target.id, { active: false })).statusCode).toBe(200);
        else expect((await patch({ cookie: manager }, target.id, { storeIds: [oakland], currentPassword: DEMO_PASSWORD })).statusCode).toBe(200);
        const before = await staffRow(target.id);
        const requestId = uuidv7();
        const refused = await patch({ cookie: manager }, target.id, { ...grant.body, name: 'Renamed' }, requestId);
        expect(refused.statusCode, refused.body).toBe(403);
        expect(refused.json().error).toMatchObject({ code: 'REAUTHENTICATION_REQUIRED', details: [{ path: ['body', 'currentPassword'] }] });
        expect(await staffRow(target.id)).toEqual(before);
        expect(await auditOf(requestId)).toEqual([]);
        const wrong = await patch({ cookie: manager }, target.id, { ...grant.body, currentPassword: 'not-my-password' });
        expect(wrong.statusCode).toBe(403);
        expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
        expect(await staffRow(target.id)).toEqual(before);

        const ok = await patch({ cookie: manager }, target.id, { ...grant.body, currentPassword: DEMO_PASSWORD });
        expect(ok.statusCode, ok.body).toBe(200);
        expect(ok.json()).toMatchObject(grant.expected);
      });
    }

    it('at an open manager turn, the register owner cannot make themselves manager with their own password', async () => {
      const budtender = await newStaff('budtender', '1313', 'budtender-own-password');
      const absent = await newStaff('manager', '1414', 'manager-own-password');
      const till = await signIn(budtender.email, 'budtender-own-password', oakland);
      expect((await pinSwitch(till, absent.id, '1414')).statusCode).toBe(200);
      for (const currentPassword of [undefined, 'budtender-own-password']) {
        const refused = await patch({ cookie: till }, budtender.id, { role: 'manager', storeIds: [], ...(currentPassword && { currentPassword }) });
        expect(refused.statusCode, refused.body).toBe(403);
        expect(refused.json().error.code).toBe(currentPassword ? 'INVALID_CREDENTIALS' : 'REAUTHENTICATION_REQUIRED');
      }
      expect(await staffRow(budtender.id)).toMatchObject({ role: 'budtender', failed_logins: 0 });
      expect((await staffRow(absent.id)).failed_logins).toBe(1);
      // Nor add a manager whose password they choose, nor mint an API key.
      const email = `step-up-${uuidv7()}@demo.verdant.test`;
      const added = await createStaff({ cookie: till }, { email, name: 'Sock puppet', role: 'manager', password: 'chosen-by-attacker', currentPassword: 'budtender-own-password' });
      expect(added.statusCode).toBe(403);
      expect(await staffByEmail(email)).toEqual([]);
    });

    it('adding a staff member without currentPassword is 403 and creates nothing; with it, 201, and no password is hashed into idempotency', async () => {
      const email = `step-up-${uuidv7()}@demo.verdant.test`;
      const body = { email, name: 'New manager', role: 'manager', password: 'the-new-password' };
      const requestId = uuidv7();
      const refused = await createStaff({ cookie: manager }, body, requestId);
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'REAUTHENTICATION_REQUIRED', details: [{ path: ['body', 'currentPassword'] }] });
      expect(await staffByEmail(email)).toEqual([]);
      expect(await auditOf(requestId)).toEqual([]);
      const wrong = await createStaff({ cookie: manager }, { ...body, currentPassword: 'the-new-password' });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
      expect(await staffByEmail(email)).toEqual([]);

      const key = uuidv7();
      const ok = await createStaff({ cookie: manager, headers: { 'idempotency-key': key } }, { ...body, currentPassword: DEMO_PASSWORD });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({ email, role: 'manager' });
      const stored = await db().selectFrom('idempotency_key').select('request_hash').where('key', '=', key).executeTakeFirstOrThrow();
      // Neither is the new person's password: only that one was set.
      expect(stored.request_hash).toBe(requestHash({ params: {}, body: { ...body, password: '<set>' } }));
    });

    it('creating an API key without currentPassword is 403 and creates nothing; with it, 201; an API key cannot create one', async () => {
      const owner = await server.login('owner');
      const name = `step-up-${uuidv7()}`;
      const requestId = uuidv7();
      const refused = await createKey({ cookie: owner }, { name, scopes: ['staff:manage'] }, requestId);
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'REAUTHENTICATION_REQUIRED', details: [{ path: ['body', 'currentPassword'] }] });
      expect(await keysNamed(name)).toEqual([]);
      expect(await auditOf(requestId)).toEqual([]);
      const wrong = await createKey({ cookie: owner }, { name, scopes: ['staff:manage'], currentPassword: 'not-my-password' });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
      expect(await keysNamed(name)).toEqual([]);

      const key = uuidv7();
      const ok = await createKey({ cookie: owner, headers: { 'idempotency-key': key } }, { name, scopes: ['apikeys:manage', 'stores:read'], currentPassword: DEMO_PASSWORD });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(await keysNamed(name)).toHaveLength(1);
      const stored = await db().selectFrom('idempotency_key').select('request_hash').where('key', '=', key).executeTakeFirstOrThrow();
      expect(stored.request_hash).toBe(requestHash({ params: {}, body: { name, scopes: ['apikeys:manage', 'stores:read'] } }));

      // A key, even with apikeys:manage, has no password to confirm with: it cannot mint keys.
      const byKey = await createKey({ headers: { authorization: `Bearer ${ok.json().key}` } }, { name: `${name}-child`, scopes: ['stores:read'], currentPassword: DEMO_PASSWORD });
      expect(byKey.statusCode, byKey.body).toBe(403);
      expect(byKey.json().error.code).toBe('FORBIDDEN');
      expect(await keysNamed(`${name}-child`)).toEqual([]);
    });

    it('an API key with staff:manage grants without a password, but only roles whose permissions it holds', async () => {
      const owner = await server.login('owner');
      const scopes = ['staff:manage', ...permissionsOf('budtender')].filter((p) => p !== 'session:self');
      const created = await createKey({ cookie: owner }, { name: 'HR provisioning', scopes, currentPassword: DEMO_PASSWORD });
      expect(created.statusCode, created.body).toBe(201);
      const hr = { headers: { authorization: `Bearer ${created.json().key}` } };

      const email = `step-up-${uuidv7()}@demo.verdant.test`;
      const hired = await createStaff(hr, { email, name: 'Hired', role: 'budtender', password: 'first-day-password', storeIds: [oakland] });
      expect(hired.statusCode, hired.body).toBe(201);
      const id = hired.json().id;
      expect((await patch(hr, id, { storeIds: [] })).statusCode).toBe(200);
      expect((await patch(hr, id, { active: false })).statusCode).toBe(200);
      expect((await patch(hr, id, { active: true })).statusCode).toBe(200);

      // A manager's permissions are wider than the key's: it cannot make one, new or promoted.
      const managerEmail = `step-up-${uuidv7()}@demo.verdant.test`;
      const wider = await createStaff(hr, { email: managerEmail, name: 'Wider', role: 'manager', password: 'first-day-password' });
      expect(wider.statusCode, wider.body).toBe(403);
      expect(wider.json().error.code).toBe('FORBIDDEN');
      expect(await staffByEmail(managerEmail)).toEqual([]);
      const promoted = await patch(hr, id, { role: 'manager' });
      expect(promoted.statusCode).toBe(403);
      expect((await staffRow(id)).role).toBe('budtender');
    });
  });
});
