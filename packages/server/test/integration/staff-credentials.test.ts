// Who may act at a register, beyond deactivation (staff-deactivation.test.ts): a PIN switch only
// lets in staff who work at the register's store, and a budtender's turn ends (the register locks)
// when the credentials they switched in with change: a new password, a new or removed PIN, or
// stores that no longer include the register's. A person changing their own credentials on the
// session they are using keeps it. Ending a turn ends the caller's own turn only.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { startTestServer, type TestServer } from '../support/test-server';

describe('register turns follow the acting budtender’s stores and credentials', () => {
  let server: TestServer;
  let manager: string;
  let oakland: string;
  let denver: string;
  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    const stores = await server.platform.database.db.selectFrom('store').select(['id', 'name']).execute();
    oakland = stores.find((s) => s.name.includes('Oakland'))!.id;
    denver = stores.find((s) => s.name.includes('Denver'))!.id;
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;

  async function newStaff(pin: string, options: { role?: string; storeIds?: string[] } = {}): Promise<{ id: string; email: string }> {
    const email = `staff-${uuidv7()}@demo.verdant.test`;
    const created = await server.request({
      method: 'POST',
      url: '/v1/staff',
      cookie: manager,
      body: { email, name: 'Staff', role: options.role ?? 'budtender', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, pin, ...(options.storeIds && { storeIds: options.storeIds }) },
    });
    expect(created.statusCode, created.body).toBe(201);
    return { id: created.json().id, email };
  }

  async function signIn(email: string, storeId?: string, password = DEMO_PASSWORD): Promise<string> {
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password, ...(storeId && { storeId }) } });
    expect(login.statusCode, login.body).toBe(200);
    return `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
  }

  const register = (storeId?: string) => signIn('manager@demo.verdant.test', storeId);
  const pinSwitch = (cookie: string, userId: string, pin: string, requestId = uuidv7()) =>
    server.request({ method: 'POST', url: '/v1/auth/pin', cookie, body: { userId, pin }, headers: { 'x-request-id': requestId } });
  const me = (cookie: string) => server.request({ method: 'GET', url: '/v1/auth/me', cookie });
  const patch = (cookie: string, id: string, body: object, requestId = uuidv7()) =>
    server.request({ method: 'PATCH', url: `/v1/staff/${id}`, cookie, body, headers: { 'x-request-id': requestId } });
  const auditOf = (requestId: string) =>
    db().selectFrom('audit_log').select(['action', 'entity_id', 'store_id', 'actor_id', 'before', 'after']).where('request_id', '=', requestId).orderBy('id').execute();
  const failedLogins = async (id: string) => (await db().selectFrom('staff_user').select('failed_logins').where('id', '=', id).executeTakeFirstOrThrow()).failed_logins;

  describe('a PIN switch checks the register’s store', () => {
    it('refuses staff limited to other stores with 403 STORE_NOT_ALLOWED, audited, and the register keeps its acting person', async () => {
      const denverOnly = await newStaff('3141', { storeIds: [denver] });
      const till = await register(oakland);
      const requestId = uuidv7();
      const refused = await pinSwitch(till, denverOnly.id, '3141', requestId);
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().error.code).toBe('STORE_NOT_ALLOWED');
      expect((await me(till)).json()).toMatchObject({ role: 'manager', pinRequired: false });

      const rows = await auditOf(requestId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: 'auth.pin.failed', entity_id: denverOnly.id, store_id: oakland });
      expect(rows[0].after).toMatchObject({ reason: 'store_not_allowed' });
      // The PIN was right: this is not a guess, so it does not count towards the lockout.
      expect(await failedLogins(denverOnly.id)).toBe(0);
    });

    it('a wrong PIN is still INVALID_PIN and counted: the store answer is only given to someone who knows the PIN', async () => {
      const denverOnly = await newStaff('2718', { storeIds: [denver] });
      const till = await register(oakland);
      const wrong = await pinSwitch(till, denverOnly.id, '0000');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error.code).toBe('INVALID_PIN');
      expect(await failedLogins(denverOnly.id)).toBe(1);
    });

    it('lets them in at their own store, staff of every store anywhere, and a register signed in without a store', async () => {
      const denverOnly = await newStaff('1618', { storeIds: [denver] });
      const both = await newStaff('1414', { storeIds: [oakland, denver] });
      const anyStore = await newStaff('1732');
      const denverTill = await register(denver);
      expect((await pinSwitch(denverTill, denverOnly.id, '1618')).statusCode).toBe(200);
      expect((await me(denverTill)).json()).toMatchObject({ id: denverOnly.id });
      const oaklandTill = await register(oakland);
      expect((await pinSwitch(oaklandTill, both.id, '1414')).statusCode).toBe(200);
      expect((await pinSwitch(oaklandTill, anyStore.id, '1732')).statusCode).toBe(200);
      // A sign-in without a store names no store to check; store-bound routes still check the
      // acting person's stores.
      const noStore = await register();
      expect((await pinSwitch(noStore, denverOnly.id, '1618')).statusCode).toBe(200);
      const elsewhere = await server.request({ method: 'GET', url: `/v1/stores/${oakland}/registers`, cookie: noStore });
      expect(elsewhere.statusCode).toBe(403);
      expect(elsewhere.json().error.code).toBe('STORE_NOT_ALLOWED');
    });

    it('a locked register is not unlocked by staff of another store', async () => {
      const leaving = await newStaff('4040');
      const denverOnly = await newStaff('5050', { storeIds: [denver] });
      const till = await register(oakland);
      expect((await pinSwitch(till, leaving.id, '4040')).statusCode).toBe(200);
      expect((await patch(manager, leaving.id, { active: false })).statusCode).toBe(200);
      expect((await pinSwitch(till, denverOnly.id, '5050')).statusCode).toBe(403);
      expect((await me(till)).json()).toMatchObject({ id: null, pinRequired: true });
    });

    it('taking the register’s store away from the acting budtender locks the register; other stores’ registers stay', async () => {
      const moving = await newStaff('6060', { storeIds: [oakland, denver] });
      const oaklandTill = await register(oakland);
      const denverTill = await register(denver);
      expect((await pinSwitch(oaklandTill, moving.id, '6060')).statusCode).toBe(200);
      expect((await pinSwitch(denverTill, moving.id, '6060')).statusCode).toBe(200);
      const requestId = uuidv7();
      expect((await patch(manager, moving.id, { storeIds: [denver], currentPassword: DEMO_PASSWORD }, requestId)).statusCode).toBe(200);
      expect((await me(oaklandTill)).json()).toMatchObject({ id: null, pinRequired: true });
      expect((await me(denverTill)).json()).toMatchObject({ id: moving.id, pinRequired: false });
      const rows = await auditOf(requestId);
      expect(rows.map((r) => r.action)).toEqual(['staff.updated', 'auth.pin.revoked']);
      expect(rows[1]).toMatchObject({ entity_id: moving.id, store_id: oakland });
      expect(rows[1].after).toMatchObject({ activeUserId: null, locked: true, reason: 'stores_changed' });
      // Every store again (empty list) locks nothing.
      expect((await patch(manager, moving.id, { storeIds: [], currentPassword: DEMO_PASSWORD })).statusCode).toBe(200);
      expect((await me(denverTill)).json()).toMatchObject({ id: moving.id, pinRequired: false });
    });
  });

  it('migration 0067 locks registers someone already acts on outside their stores, and nothing else', async () => {
    const outside = await newStaff('1001');
    const inside = await newStaff('1002', { storeIds: [oakland] });
    const outsideTill = await register(oakland);
    const insideTill = await register(oakland);
    const noStoreTill = await register();
    expect((await pinSwitch(outsideTill, outside.id, '1001')).statusCode).toBe(200);
    expect((await pinSwitch(insideTill, inside.id, '1002')).statusCode).toBe(200);
    expect((await pinSwitch(noStoreTill, outside.id, '1001')).statusCode).toBe(200);
    // As a store change made before this release left it: acting at a store no longer theirs.
    await db().updateTable('staff_user').set({ store_ids: [denver] }).where('id', '=', outside.id).execute();
    const migration = readFileSync(new URL('../../src/db/migrations/0067_lock_registers_outside_staff_stores.sql', import.meta.url), 'utf8');
    await sql.raw(migration).execute(db());
    expect((await me(outsideTill)).json()).toMatchObject({ id: null, pinRequired: true });
    expect((await me(insideTill)).json()).toMatchObject({ id: inside.id, pinRequired: false });
    expect((await me(noStoreTill)).json()).toMatchObject({ id: outside.id, pinRequired: false });
  });

  describe('a credential change ends the person’s turn on every register', () => {
    const changes: Array<{ name: string; body: object; reason: string; oldPinWorks: boolean; newPin?: string }> = [
      // Setting a credential needs the caller's own password (staff-step-up.test.ts); removing a PIN does not.
      { name: 'a new password', body: { password: 'a-brand-new-password', currentPassword: DEMO_PASSWORD }, reason: 'password_changed', oldPinWorks: true },
      { name: 'a new PIN', body: { pin: '86420', currentPassword: DEMO_PASSWORD }, reason: 'pin_changed', oldPinWorks: false, newPin: '86420' },
      { name: 'a removed PIN', body: { pin: null }, reason: 'pin_changed', oldPinWorks: false },
    ];
    for (const change of changes) {
      it(`${change.name} locks the registers they act on, in the same transaction, audited`, async () => {
        const budtender = await newStaff('7777');
        const next = await newStaff('8888');
        const till = await register(oakland);
        const bystander = await register(oakland);
        const ownSession = await signIn(budtender.email);
        expect((await pinSwitch(till, budtender.id, '7777')).statusCode).toBe(200);
        expect((await pinSwitch(bystander, next.id, '8888')).statusCode).toBe(200);

        const requestId = uuidv7();
        const answer = await patch(manager, budtender.id, change.body, requestId);
        expect(answer.statusCode, answer.body).toBe(200);

        // Whoever stands at the till no longer acts as them: the register is locked, not handed to its owner.
        expect((await me(till)).json()).toMatchObject({ id: null, pinRequired: true });
        const refused = await server.request({ method: 'GET', url: `/v1/stores/${oakland}/registers`, cookie: till });
        expect(refused.json().error.code).toBe('PIN_REQUIRED');
        expect((await server.request({ method: 'DELETE', url: '/v1/auth/pin', cookie: till })).statusCode).toBe(409);
        // A register where someone else acts is left alone.
        expect((await me(bystander)).json()).toMatchObject({ id: next.id, pinRequired: false });
        // A new password signs them out everywhere (as before); a PIN change leaves their own sign-ins.
        expect((await me(ownSession)).statusCode).toBe('password' in change.body ? 401 : 200);

        const rows = await auditOf(requestId);
        expect(rows.map((r) => r.action)).toEqual(['staff.updated', 'auth.pin.revoked']);
        expect(rows[1]).toMatchObject({ entity_id: budtender.id, store_id: oakland, before: { activeUserId: budtender.id } });
        expect(rows[1].after).toMatchObject({ activeUserId: null, locked: true, reason: change.reason });

        const oldPin = await pinSwitch(till, budtender.id, '7777');
        expect(oldPin.statusCode).toBe(change.oldPinWorks ? 200 : 401);
        if (change.newPin) expect((await pinSwitch(till, budtender.id, change.newPin)).statusCode).toBe(200);
        expect((await pinSwitch(till, next.id, '8888')).statusCode).toBe(200);
        expect((await me(till)).json()).toMatchObject({ id: next.id, pinRequired: false });
      });
    }

    it('changing only the name (or the role, which applies at once) leaves the turn alone', async () => {
      const budtender = await newStaff('9191');
      const till = await register(oakland);
      expect((await pinSwitch(till, budtender.id, '9191')).statusCode).toBe(200);
      expect((await patch(manager, budtender.id, { name: 'Renamed' })).statusCode).toBe(200);
      expect((await patch(manager, budtender.id, { storeIds: [oakland], currentPassword: DEMO_PASSWORD })).statusCode).toBe(200);
      expect((await me(till)).json()).toMatchObject({ id: budtender.id, pinRequired: false });
      expect((await patch(manager, budtender.id, { role: 'inventory_manager', currentPassword: DEMO_PASSWORD })).statusCode).toBe(200);
      expect((await me(till)).json()).toMatchObject({ id: budtender.id, role: 'inventory_manager', pinRequired: false });
    });
  });

  describe('changing your own credentials on the session you are using', () => {
    it('a new password keeps the session it was changed on and ends every other', async () => {
      const self = await newStaff('1212', { role: 'manager' });
      const here = await signIn(self.email, oakland);
      const otherSignIn = await signIn(self.email);
      const ownersTill = await register(oakland);
      expect((await pinSwitch(ownersTill, self.id, '1212')).statusCode).toBe(200);

      const requestId = uuidv7();
      const answer = await patch(here, self.id, { password: 'my-own-new-password', currentPassword: DEMO_PASSWORD }, requestId);
      expect(answer.statusCode, answer.body).toBe(200);
      expect((await me(here)).json()).toMatchObject({ id: self.id, pinRequired: false });
      expect((await me(otherSignIn)).statusCode).toBe(401);
      expect((await me(ownersTill)).json()).toMatchObject({ id: null, pinRequired: true });
      expect((await auditOf(requestId)).map((r) => r.action)).toEqual(['staff.updated', 'auth.pin.revoked']);
      await signIn(self.email, undefined, 'my-own-new-password');
    });

    it('a new PIN while acting on someone else’s register keeps that turn and ends the others', async () => {
      const self = await newStaff('3434', { role: 'manager' });
      const here = await register(oakland);
      const elsewhere = await register(oakland);
      expect((await pinSwitch(here, self.id, '3434')).statusCode).toBe(200);
      expect((await pinSwitch(elsewhere, self.id, '3434')).statusCode).toBe(200);
      const answer = await patch(here, self.id, { pin: '5656', currentPassword: DEMO_PASSWORD });
      expect(answer.statusCode, answer.body).toBe(200);
      expect((await me(here)).json()).toMatchObject({ id: self.id, pinRequired: false });
      expect((await me(elsewhere)).json()).toMatchObject({ id: null, pinRequired: true });
      // Their password sign-in is untouched by a PIN change.
      await signIn(self.email);
    });

    it('keeps only the register the change was made on, not the others where they act', async () => {
      const self = await newStaff('7878', { role: 'manager' });
      const first = await register(oakland);
      const second = await register(oakland);
      expect((await pinSwitch(first, self.id, '7878')).statusCode).toBe(200);
      expect((await pinSwitch(second, self.id, '7878')).statusCode).toBe(200);
      // From the first register, acting as themselves: only that register keeps them.
      expect((await patch(first, self.id, { password: 'another-new-password', currentPassword: DEMO_PASSWORD })).statusCode).toBe(200);
      expect((await me(first)).json()).toMatchObject({ id: self.id });
      expect((await me(second)).json()).toMatchObject({ id: null, pinRequired: true });
    });
  });

  describe('DELETE /v1/auth/pin', () => {
    it('ends the caller’s own turn and says whose it was', async () => {
      const budtender = await newStaff('2323');
      const till = await register(oakland);
      expect((await pinSwitch(till, budtender.id, '2323')).statusCode).toBe(200);
      const requestId = uuidv7();
      const ended = await server.request({ method: 'DELETE', url: '/v1/auth/pin', cookie: till, headers: { 'x-request-id': requestId } });
      expect(ended.statusCode, ended.body).toBe(204);
      expect((await me(till)).json()).toMatchObject({ role: 'manager', pinRequired: false });
      const rows = await auditOf(requestId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: 'auth.pin.ended', actor_id: budtender.id, store_id: oakland, before: { activeUserId: budtender.id } });
      // With nobody switched in, ending the turn changes nothing and still answers 204.
      expect((await server.request({ method: 'DELETE', url: '/v1/auth/pin', cookie: till })).statusCode).toBe(204);
      expect((await me(till)).json()).toMatchObject({ role: 'manager', pinRequired: false });
    });
  });
});
