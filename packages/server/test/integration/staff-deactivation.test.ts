// Deactivating a staff member who is the acting budtender on someone else's register: their turn
// ends (and their PIN and own sessions stop working), but the register stays signed in, locked
// until the next budtender PINs in. It never falls back to its owner without a credential.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { startTestServer, type TestServer } from '../support/test-server';

describe('deactivating the acting budtender of a register', () => {
  let server: TestServer;
  let manager: string;
  let storeId: string;
  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    storeId = (await server.platform.database.db.selectFrom('store').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;

  async function newBudtender(pin: string): Promise<{ id: string; email: string }> {
    const email = `bud-${uuidv7()}@demo.verdant.test`;
    const created = await server.request({ method: 'POST', url: '/v1/staff', cookie: manager, body: { email, name: 'Budtender', role: 'budtender', password: DEMO_PASSWORD, pin, currentPassword: DEMO_PASSWORD } });
    expect(created.statusCode, created.body).toBe(201);
    return { id: created.json().id, email };
  }

  async function signIn(email: string): Promise<string> {
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
    expect(login.statusCode, login.body).toBe(200);
    return `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
  }

  const pinSwitch = (register: string, userId: string, pin: string) => server.request({ method: 'POST', url: '/v1/auth/pin', cookie: register, body: { userId, pin } });
  const me = (register: string) => server.request({ method: 'GET', url: '/v1/auth/me', cookie: register });
  /** A pos:sell read: what a budtender at the register does all day. */
  const registers = (register: string) => server.request({ method: 'GET', url: `/v1/stores/${storeId}/registers`, cookie: register });
  const deactivate = (id: string, requestId = uuidv7()) =>
    server.request({ method: 'PATCH', url: `/v1/staff/${id}`, cookie: manager, body: { active: false }, headers: { 'x-request-id': requestId } });

  it('locks the register instead of refusing it: the next budtender PINs in without a password sign-in', async () => {
    const leaving = await newBudtender('2468');
    const next = await newBudtender('1357');
    const leavingOwnSession = await signIn(leaving.email);
    const register = await signIn('manager@demo.verdant.test');
    expect((await pinSwitch(register, leaving.id, '2468')).statusCode).toBe(200);
    expect((await registers(register)).statusCode).toBe(200);

    const requestId = uuidv7();
    const answer = await deactivate(leaving.id, requestId);
    expect(answer.statusCode, answer.body).toBe(200);

    // The register is still signed in, but nobody acts on it: only a PIN switch (or logout) goes.
    const locked = await me(register);
    expect(locked.statusCode, locked.body).toBe(200);
    expect(locked.json()).toMatchObject({ type: 'staff', id: null, pinRequired: true, permissions: ['session:self'] });
    const refused = await registers(register);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('PIN_REQUIRED');
    // Ending "the turn" does not hand the register to its owner without a credential.
    const end = await server.request({ method: 'DELETE', url: '/v1/auth/pin', cookie: register });
    expect(end.statusCode, end.body).toBe(409);
    expect(end.json().error.code).toBe('PIN_REQUIRED');
    expect((await me(register)).json().pinRequired).toBe(true);

    // The deactivated person's PIN no longer acts, and their own sessions are gone.
    const theirPin = await pinSwitch(register, leaving.id, '2468');
    expect(theirPin.statusCode).toBe(401);
    expect(theirPin.json().error.code).toBe('INVALID_PIN');
    expect((await me(leavingOwnSession)).statusCode).toBe(401);

    // The revocation of their turn is audited, in the deactivation's transaction.
    const rows = await db().selectFrom('audit_log').select(['action', 'entity_id', 'before', 'after', 'actor_id']).where('request_id', '=', requestId).orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual(['staff.updated', 'auth.pin.revoked']);
    expect(rows[1]).toMatchObject({ entity_id: leaving.id, before: { activeUserId: leaving.id } });
    expect(rows[1].after).toMatchObject({ activeUserId: null, locked: true });

    // The next budtender takes over with their PIN alone.
    const took = await pinSwitch(register, next.id, '1357');
    expect(took.statusCode, took.body).toBe(200);
    expect((await me(register)).json()).toMatchObject({ id: next.id, role: 'budtender', pinRequired: false });
    expect((await registers(register)).statusCode).toBe(200);
    const handover = await db()
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'auth.pin.succeeded')
      .where('entity_id', '=', next.id)
      .executeTakeFirstOrThrow();
    expect(handover.before).toMatchObject({ activeUserId: null, locked: true });
    // And ending their turn now hands the register back to its owner, as always.
    expect((await server.request({ method: 'DELETE', url: '/v1/auth/pin', cookie: register })).statusCode).toBe(204);
    expect((await me(register)).json()).toMatchObject({ role: 'manager', pinRequired: false });
  });

  it('reactivating the person does not give them the register back', async () => {
    const leaving = await newBudtender('8642');
    const register = await signIn('manager@demo.verdant.test');
    expect((await pinSwitch(register, leaving.id, '8642')).statusCode).toBe(200);
    expect((await deactivate(leaving.id)).statusCode).toBe(200);
    const back = await server.request({ method: 'PATCH', url: `/v1/staff/${leaving.id}`, cookie: manager, body: { active: true, currentPassword: DEMO_PASSWORD } });
    expect(back.statusCode, back.body).toBe(200);
    expect((await me(register)).json()).toMatchObject({ id: null, pinRequired: true });
    expect((await pinSwitch(register, leaving.id, '8642')).statusCode).toBe(200);
    expect((await me(register)).json()).toMatchObject({ id: leaving.id, pinRequired: false });
  });

  it('leaves registers where the person is not acting alone, and still ends a register the person signed in', async () => {
    const leaving = await newBudtender('9753');
    const other = await newBudtender('3579');
    const elsewhere = await signIn('manager@demo.verdant.test');
    expect((await pinSwitch(elsewhere, other.id, '3579')).statusCode).toBe(200);
    const ownersRegister = await signIn('manager@demo.verdant.test');
    // A register the leaving budtender signed in themselves, with someone else acting on it.
    const theirRegister = await signIn(leaving.email);
    expect((await pinSwitch(theirRegister, other.id, '3579')).statusCode).toBe(200);

    expect((await deactivate(leaving.id)).statusCode).toBe(200);
    expect((await me(elsewhere)).json()).toMatchObject({ id: other.id, pinRequired: false });
    expect((await me(ownersRegister)).json()).toMatchObject({ role: 'manager', pinRequired: false });
    // The sign-in was theirs: that register needs a password sign-in again.
    expect((await me(theirRegister)).statusCode).toBe(401);
    expect((await pinSwitch(theirRegister, other.id, '3579')).statusCode).toBe(401);
  });

  it('a register whose owner is deactivated while locked is signed out', async () => {
    const owner = await newBudtender('1111');
    const leaving = await newBudtender('2222');
    const register = await signIn(owner.email);
    expect((await pinSwitch(register, leaving.id, '2222')).statusCode).toBe(200);
    expect((await deactivate(leaving.id)).statusCode).toBe(200);
    expect((await me(register)).json()).toMatchObject({ pinRequired: true });
    expect((await deactivate(owner.id)).statusCode).toBe(200);
    expect((await me(register)).statusCode).toBe(401);
    expect((await pinSwitch(register, leaving.id, '2222')).statusCode).toBe(401);
  });
});
