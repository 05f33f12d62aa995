// Promotions and the stores a manager works at. A promotion is one store's or every store's; a
// manager limited to Denver makes, changes and archives Denver's only (one for every store would
// discount Oakland's sales), and reads Denver's and every store's, not Oakland's. Refusals are 403
// STORE_NOT_ALLOWED and change nothing. The archived filter reads "false" as false.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { startTestServer, type TestServer } from '../support/test-server';

describe('promotions are changed only by staff of their store', () => {
  let server: TestServer;
  let owner: string;
  let denverManager: string;
  let oakland: string;
  let denver: string;
  const db = () => server.platform.database.db;
  const send = (cookie: string, method: string, url: string, body?: object) => server.request({ method, url, cookie, body });
  const promotion = (name: string, storeId?: string | null) => ({ name, action: { type: 'fixed_off_order', amountCents: 100 }, ...(storeId !== undefined && { storeId }) });
  const rowOf = (id: string) => db().selectFrom('promotion').select(['name', 'store_id', 'version', 'archived_at', 'definition']).where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    server = await startTestServer({ workers: false });
    owner = await server.login('owner');
    const stores = await db().selectFrom('store').select(['id', 'name']).execute();
    oakland = stores.find((s) => s.name.includes('Oakland'))!.id;
    denver = stores.find((s) => s.name.includes('Denver'))!.id;
    const email = `denver-manager-${uuidv7()}@demo.verdant.test`;
    const created = await send(owner, 'POST', '/v1/staff', { email, name: 'Denver Manager', role: 'manager', storeIds: [denver], password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD });
    expect(created.statusCode, created.body).toBe(201);
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
    denverManager = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
  });
  afterAll(() => server?.close());

  it('another store’s promotion cannot be changed, archived or read; none is made for every store', async () => {
    const oaklandDeal = await send(owner, 'POST', '/v1/promotions', promotion('Oakland only', oakland));
    const everywhere = await send(owner, 'POST', '/v1/promotions', promotion('Every store'));
    expect([oaklandDeal.statusCode, everywhere.statusCode]).toEqual([201, 201]);
    const id = oaklandDeal.json().id as string;
    const before = await rowOf(id);

    const replaced = await send(denverManager, 'PUT', `/v1/promotions/${id}`, { name: 'Half off', action: { type: 'percent_off_order', percent: 50 } });
    expect([replaced.statusCode, replaced.json().error.code]).toEqual([403, 'STORE_NOT_ALLOWED']);
    const moved = await send(denverManager, 'PUT', `/v1/promotions/${id}`, { ...promotion('Moved', denver) });
    expect([moved.statusCode, moved.json().error.code]).toEqual([403, 'STORE_NOT_ALLOWED']);
    const archived = await send(denverManager, 'DELETE', `/v1/promotions/${id}?reason=mine`);
    expect([archived.statusCode, archived.json().error.code]).toEqual([403, 'STORE_NOT_ALLOWED']);
    const read = await send(denverManager, 'GET', `/v1/promotions/${id}`);
    expect([read.statusCode, read.json().error.code]).toEqual([403, 'STORE_NOT_ALLOWED']);
    expect(await rowOf(id)).toEqual(before);

    // Every store's promotion: readable (it applies at Denver too), not theirs to change.
    expect((await send(denverManager, 'GET', `/v1/promotions/${everywhere.json().id}`)).statusCode).toBe(200);
    const widened = await send(denverManager, 'PUT', `/v1/promotions/${everywhere.json().id}`, promotion('Every store, changed'));
    expect([widened.statusCode, widened.json().error.code]).toEqual([403, 'STORE_NOT_ALLOWED']);

    const forAll = await send(denverManager, 'POST', '/v1/promotions', promotion('For all'));
    expect([forAll.statusCode, forAll.json().error.code, forAll.json().error.details.path]).toEqual([403, 'STORE_NOT_ALLOWED', ['body', 'storeId']]);
    const forOakland = await send(denverManager, 'POST', '/v1/promotions', promotion('For Oakland', oakland));
    expect(forOakland.statusCode).toBe(403);
    expect(await db().selectFrom('promotion').select('id').where('name', 'in', ['For all', 'For Oakland']).execute()).toEqual([]);

    // Denver's own: made, changed, archived.
    const mine = await send(denverManager, 'POST', '/v1/promotions', promotion('Denver deal', denver));
    expect(mine.statusCode, mine.body).toBe(201);
    expect((await send(denverManager, 'PUT', `/v1/promotions/${mine.json().id}`, promotion('Denver deal, changed', denver))).statusCode).toBe(200);
    const moveAway = await send(denverManager, 'PUT', `/v1/promotions/${mine.json().id}`, promotion('Denver deal to all', null));
    expect([moveAway.statusCode, moveAway.json().error.details.path]).toEqual([403, ['body', 'storeId']]);

    const listed = (await send(denverManager, 'GET', '/v1/promotions')).json().items.map((p: { id: string }) => p.id);
    expect(listed).toContain(mine.json().id);
    expect(listed).toContain(everywhere.json().id);
    expect(listed).not.toContain(id);
    expect((await send(denverManager, 'GET', `/v1/promotions?storeId=${oakland}`)).statusCode).toBe(403);
    expect((await send(denverManager, 'DELETE', `/v1/promotions/${mine.json().id}`)).statusCode).toBe(200);
  });

  it('includeArchived=false leaves archived promotions out; a value other than true or false is 400 at its path', async () => {
    const deal = await send(owner, 'POST', '/v1/promotions', promotion('Archived soon', oakland));
    expect((await send(owner, 'DELETE', `/v1/promotions/${deal.json().id}`)).statusCode).toBe(200);
    const ids = async (query: string) => (await send(owner, 'GET', `/v1/promotions${query}`)).json().items.map((p: { id: string }) => p.id);
    expect(await ids('?includeArchived=false')).not.toContain(deal.json().id);
    expect(await ids('')).not.toContain(deal.json().id);
    expect(await ids('?includeArchived=true')).toContain(deal.json().id);
    const bad = await send(owner, 'GET', '/v1/promotions?includeArchived=yes');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toEqual(['querystring', 'includeArchived']);
  });
});
