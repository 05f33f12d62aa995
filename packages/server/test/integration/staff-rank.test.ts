// Who may add or change whom. Nobody gains through someone else what they do not hold: a manager
// cannot reset an owner's password (and then sign in as the owner), demote or deactivate an owner,
// or give a role beyond their own; a manager limited to some stores manages only staff of those
// stores and gives only those stores (none would mean every store). Each refusal writes nothing.
// Revoking an API key twice keeps the first revocation's time.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { startTestServer, type TestServer } from '../support/test-server';

describe('staff: nobody gains through someone else what they do not hold', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  let ownerId: string;
  let oakland: string;
  let denver: string;
  const db = () => server.platform.database.db;
  const send = (cookie: string, method: string, url: string, body?: object) => server.request({ method, url, cookie, body });
  const refusal = (r: { statusCode: number; json(): { error?: { code?: string; details?: unknown } } }) => [r.statusCode, r.json().error?.code];

  beforeAll(async () => {
    server = await startTestServer({ workers: false });
    owner = await server.login('owner');
    manager = await server.login('manager');
    ownerId = (await db().selectFrom('staff_user').select('id').where('email', '=', 'owner@demo.verdant.test').executeTakeFirstOrThrow()).id;
    const stores = await db().selectFrom('store').select(['id', 'name']).execute();
    oakland = stores.find((s) => s.name.includes('Oakland'))!.id;
    denver = stores.find((s) => s.name.includes('Denver'))!.id;
  });
  afterAll(() => server?.close());

  async function newStaff(by: string, body: { role: string; storeIds?: string[] }) {
    const email = `staff-${uuidv7()}@demo.verdant.test`;
    const created = await send(by, 'POST', '/v1/staff', { email, name: 'Staff', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, ...body });
    return { created, email };
  }
  async function signIn(email: string, password = DEMO_PASSWORD) {
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password } });
    return { status: login.statusCode, cookie: `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')?.value}` };
  }
  const staffRow = (id: string) => db().selectFrom('staff_user').select(['role', 'active', 'password_hash', 'pin_hash', 'store_ids', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
  const auditCount = async () => Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it('a manager cannot change an owner in any way: password, PIN, role, stores, deactivation or name', async () => {
    const before = await staffRow(ownerId);
    const audits = await auditCount();
    for (const body of [
      { password: 'taken-over-by-manager', currentPassword: DEMO_PASSWORD },
      { pin: '9876', currentPassword: DEMO_PASSWORD },
      { role: 'budtender', currentPassword: DEMO_PASSWORD },
      { storeIds: [oakland], currentPassword: DEMO_PASSWORD },
      { active: false },
      { pin: null },
      { name: 'Not the owner' },
    ]) {
      const changed = await send(manager, 'PATCH', `/v1/staff/${ownerId}`, body);
      expect(refusal(changed), JSON.stringify(body)).toEqual([403, 'FORBIDDEN']);
    }
    expect(await staffRow(ownerId)).toEqual(before);
    // Nothing audited either (a step-up writes rows only when the password is wrong; it was right).
    expect(await auditCount()).toBe(audits);
    expect((await signIn('owner@demo.verdant.test', 'taken-over-by-manager')).status).toBe(401);
    // The owner still changes the owner's own record.
    expect((await send(owner, 'PATCH', `/v1/staff/${ownerId}`, { name: 'Demo Owner' })).statusCode).toBe(200);
  });

  it('a manager gives only roles within their own permissions, and manages the roles below and beside', async () => {
    const { created: asOwner } = await newStaff(manager, { role: 'owner' });
    expect(refusal(asOwner)).toEqual([403, 'FORBIDDEN']);
    expect(asOwner.json().error.details.path).toEqual(['body', 'role']);
    const { created, email } = await newStaff(manager, { role: 'budtender' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(refusal(await send(manager, 'PATCH', `/v1/staff/${id}`, { role: 'owner', currentPassword: DEMO_PASSWORD }))).toEqual([403, 'FORBIDDEN']);
    expect((await send(manager, 'PATCH', `/v1/staff/${id}`, { role: 'inventory_manager', currentPassword: DEMO_PASSWORD })).statusCode).toBe(200);
    expect((await send(manager, 'PATCH', `/v1/staff/${id}`, { password: 'a-new-password-1', currentPassword: DEMO_PASSWORD })).statusCode).toBe(200);
    expect((await signIn(email, 'a-new-password-1')).status).toBe(200);
  });

  it('a manager limited to a store manages only staff of that store and gives only that store', async () => {
    const { created: limited, email } = await newStaff(owner, { role: 'manager', storeIds: [oakland] });
    expect(limited.statusCode, limited.body).toBe(201);
    const { cookie, status } = await signIn(email);
    expect(status).toBe(200);

    const everyStore = await newStaff(cookie, { role: 'manager' });
    expect(refusal(everyStore.created)).toEqual([403, 'STORE_NOT_ALLOWED']);
    expect(everyStore.created.json().error.details.path).toEqual(['body', 'storeIds']);
    expect(refusal((await newStaff(cookie, { role: 'budtender', storeIds: [oakland, denver] })).created)).toEqual([403, 'STORE_NOT_ALLOWED']);
    // Widening their own reach: every store, or another store.
    const selfId = limited.json().id as string;
    expect(refusal(await send(cookie, 'PATCH', `/v1/staff/${selfId}`, { storeIds: [], currentPassword: DEMO_PASSWORD }))).toEqual([403, 'STORE_NOT_ALLOWED']);
    expect(refusal(await send(cookie, 'PATCH', `/v1/staff/${selfId}`, { storeIds: [oakland, denver], currentPassword: DEMO_PASSWORD }))).toEqual([403, 'STORE_NOT_ALLOWED']);
    expect((await staffRow(selfId)).store_ids).toEqual([oakland]);

    // Staff of Denver, or of every store, are not theirs to change.
    const denverOnly = (await newStaff(owner, { role: 'budtender', storeIds: [denver] })).created.json().id as string;
    const everywhere = (await newStaff(owner, { role: 'budtender' })).created.json().id as string;
    for (const id of [denverOnly, everywhere]) {
      expect(refusal(await send(cookie, 'PATCH', `/v1/staff/${id}`, { active: false }))).toEqual([403, 'STORE_NOT_ALLOWED']);
      expect((await staffRow(id)).active).toBe(true);
    }
    // Oakland's own staff are.
    const { created: mine } = await newStaff(cookie, { role: 'budtender', storeIds: [oakland] });
    expect(mine.statusCode, mine.body).toBe(201);
    expect((await send(cookie, 'PATCH', `/v1/staff/${mine.json().id}`, { active: false })).statusCode).toBe(200);
  });

  it('an e-mail in use is refused at body.email; a key revoked twice keeps its first revocation', async () => {
    const { created } = await newStaff(owner, { role: 'budtender' });
    const again = await send(owner, 'POST', '/v1/staff', { email: created.json().email, name: 'Twin', role: 'budtender', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD });
    expect(refusal(again)).toEqual([409, 'EMAIL_TAKEN']);
    expect(again.json().error.details.path).toEqual(['body', 'email']);

    const key = await send(owner, 'POST', '/v1/api-keys', { name: 'twice', scopes: ['catalog:read'], currentPassword: DEMO_PASSWORD });
    expect(key.statusCode, key.body).toBe(201);
    const first = await send(owner, 'DELETE', `/v1/api-keys/${key.json().id}`);
    expect(first.statusCode, first.body).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await send(owner, 'DELETE', `/v1/api-keys/${key.json().id}`);
    expect(second.statusCode).toBe(200);
    expect(second.json().revokedAt).toBe(first.json().revokedAt);
    const revocations = await db().selectFrom('audit_log').select('action').where('entity_id', '=', key.json().id).where('action', '=', 'api_key.revoked').execute();
    expect(revocations).toHaveLength(1);
  });
});
