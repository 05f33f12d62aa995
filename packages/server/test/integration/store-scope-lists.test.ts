// Staff limited to some stores read only those stores' rows in the organization-wide lists (the
// audit log, the state-reporting queue, failed reports, the over-limit review); naming another
// store is 403 STORE_NOT_ALLOWED, and so is every route keyed by another store's cart or order.
// Staff of every store still see everything.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { customers, stockedSku } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('lists follow the caller’s stores', () => {
  let server: TestServer;
  let owner: string;
  let denverManager: string;
  let oakland: string;
  let denver: string;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    const stores = await db().selectFrom('store').select(['id', 'name']).execute();
    oakland = stores.find((s) => s.name.includes('Oakland'))!.id;
    denver = stores.find((s) => s.name.includes('Denver'))!.id;
    const email = `denver-manager-${uuidv7()}@demo.verdant.test`;
    const created = await server.request({ method: 'POST', url: '/v1/staff', cookie: owner, body: { email, name: 'Denver Manager', role: 'manager', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [denver] } });
    expect(created.statusCode, created.body).toBe(201);
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
    denverManager = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
    // A failed sale report in each store, as the reporting worker leaves one after its last try.
    for (const storeId of [oakland, denver]) {
      const orderId = uuidv7();
      await db()
        .insertInto('trace_report')
        .values({ id: uuidv7(), organization_id: server.organizationId, store_id: storeId, kind: 'sale', dedupe_key: `sale:${orderId}`, event_id: uuidv7(), order_id: orderId, payload: JSON.stringify({ orderId }), occurred_at: new Date(Date.now() - 3_600_000), status: 'failed', attempts: 8 })
        .execute();
    }
    // A change in each store, for the audit log.
    for (const storeId of [oakland, denver]) {
      const location = await server.request({ method: 'POST', url: `/v1/stores/${storeId}/locations`, cookie: owner, body: { code: `back_room_${uuidv7().slice(-6).toLowerCase()}`, name: 'Back room', kind: 'backstock' } });
      expect(location.statusCode, location.body).toBe(201);
    }
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const get = (cookie: string, url: string) => server.request({ method: 'GET', url, cookie });
  const storesIn = (rows: Array<{ storeId: string | null }>) => [...new Set(rows.map((r) => r.storeId))];

  it('the audit log: the caller’s stores and the organization’s own rows; another store by name is 403', async () => {
    const mine = (await get(denverManager, '/v1/audit?limit=1000')).json().entries as Array<{ storeId: string | null }>;
    expect(storesIn(mine)).not.toContain(oakland);
    expect(storesIn(mine)).toEqual(expect.arrayContaining([denver, null]));
    const all = (await get(owner, '/v1/audit?limit=1000')).json().entries as Array<{ storeId: string | null }>;
    expect(storesIn(all)).toEqual(expect.arrayContaining([oakland, denver]));
    expect((await get(denverManager, `/v1/audit?storeId=${oakland}`)).json().error.code).toBe('STORE_NOT_ALLOWED');
    expect((await get(denverManager, `/v1/audit?storeId=${denver}`)).statusCode).toBe(200);
  });

  it('the audit log: rows about a person only for people of the caller’s stores or of every store', async () => {
    const made = await server.request({ method: 'POST', url: '/v1/staff', cookie: owner, body: { email: `oakland-budtender-${uuidv7()}@demo.verdant.test`, name: 'Oakland Budtender', role: 'budtender', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [oakland] } });
    expect(made.statusCode, made.body).toBe(201);
    const oaklandPerson = made.json().id as string;
    const me = (await get(denverManager, '/v1/auth/me')).json();
    const ownerId = (await get(owner, '/v1/auth/me')).json().id as string;
    const about = (cookie: string) => get(cookie, '/v1/audit?entityType=staff_user&limit=1000').then((r) => (r.json().entries as Array<{ entityId: string | null }>).map((e) => e.entityId));
    const seenByDenver = await about(denverManager);
    expect(seenByDenver).not.toContain(oaklandPerson);
    expect(seenByDenver).toEqual(expect.arrayContaining([me.id, ownerId]));
    expect((await get(denverManager, `/v1/audit?entityId=${oaklandPerson}`)).json().entries).toEqual([]);
    expect(await about(owner)).toContain(oaklandPerson);
  });

  it('the compliance log and its CSV: another store by name is 403; the caller’s own store is fine', async () => {
    expect((await get(denverManager, `/v1/compliance/events?storeId=${oakland}`)).json().error.code).toBe('STORE_NOT_ALLOWED');
    expect((await get(denverManager, `/v1/compliance/events.csv?storeId=${oakland}`)).statusCode).toBe(403);
    expect((await get(denverManager, `/v1/compliance/events?storeId=${denver}`)).statusCode).toBe(200);
  });

  it('stores: a manager limited to Denver cannot change Oakland or open a store; nothing changes', async () => {
    const before = await db().selectFrom('store').select(['id', 'name']).orderBy('id').execute();
    const patched = await server.request({ method: 'PATCH', url: `/v1/stores/${oakland}`, cookie: denverManager, body: { name: 'Renamed from Denver' } });
    expect([patched.statusCode, patched.json().error.code]).toEqual([403, 'STORE_NOT_ALLOWED']);
    const opened = await server.request({ method: 'POST', url: '/v1/stores', cookie: denverManager, body: { name: 'Side store', licenseNumber: `SIDE-${uuidv7()}`, jurisdiction: 'US-CO', timezone: 'America/Denver' } });
    expect([opened.statusCode, opened.json().error.code]).toEqual([403, 'STORE_NOT_ALLOWED']);
    expect(await db().selectFrom('store').select(['id', 'name']).orderBy('id').execute()).toEqual(before);
  });

  it('state reporting: the queue, failed reports and the over-limit review show only the caller’s stores', async () => {
    const queue = (await get(denverManager, '/v1/traceability/queue')).json().stores as Array<{ storeId: string }>;
    expect(storesIn(queue)).toEqual([denver]);
    expect(storesIn((await get(owner, '/v1/traceability/queue')).json().stores)).toEqual(expect.arrayContaining([oakland, denver]));
    expect((await get(denverManager, `/v1/traceability/queue?storeId=${oakland}`)).statusCode).toBe(403);

    const failed = (await get(denverManager, '/v1/traceability/reports?status=failed')).json().reports as Array<{ storeId: string }>;
    expect(storesIn(failed)).toEqual([denver]);
    expect(storesIn((await get(owner, '/v1/traceability/reports?status=failed')).json().reports)).toEqual(expect.arrayContaining([oakland, denver]));
    expect((await get(denverManager, `/v1/traceability/reports?storeId=${oakland}`)).statusCode).toBe(403);

    expect((await get(denverManager, '/v1/traceability/over-limit')).json().lateSalesChecked).toBe(1);
    expect((await get(owner, '/v1/traceability/over-limit')).json().lateSalesChecked).toBe(2);
    expect((await get(denverManager, `/v1/traceability/over-limit?storeId=${oakland}`)).statusCode).toBe(403);
  });

  it('another store’s cart and order: every route keyed by their id is 403 and changes nothing', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 10 });
    expect(fx.storeId).toBe(oakland);
    const [customerId] = await customers(db(), server.organizationId, 1);
    const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie: owner, body: { storeId: oakland, customerId, channel: 'pickup' } })).json();
    expect((await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/lines`, cookie: owner, body: { lines: [{ skuId: fx.skuId, quantity: 1 }] } })).statusCode).toBe(200);
    const budtender = await server.login('budtender');
    const sale = await server.request({ method: 'POST', url: `/v1/stores/${oakland}/pos-sales`, cookie: budtender, body: { id: uuidv7(), customerId, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] } });
    expect(sale.statusCode, sale.body).toBe(201);
    const orderId = sale.json().order.id;
    const snapshot = async () => ({
      cart: await db().selectFrom('sales_cart').select(['status', 'lines', 'reservation_id', 'fulfillment']).where('id', '=', cart.id).executeTakeFirstOrThrow(),
      order: await db().selectFrom('sales_order').select(['status', 'refunded_cents']).where('id', '=', orderId).executeTakeFirstOrThrow(),
    });
    const before = await snapshot();
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/v1/carts/${cart.id}`],
      ['POST', `/v1/carts/${cart.id}/lines`, { skuId: fx.skuId, quantity: 1 }],
      ['PUT', `/v1/carts/${cart.id}/lines`, { lines: [] }],
      ['PATCH', `/v1/carts/${cart.id}/lines/0`, { quantity: 0 }],
      ['PUT', `/v1/carts/${cart.id}/fulfillment`, { pickup: { name: 'Someone', phone: '+15105550100' } }],
      ['PUT', `/v1/carts/${cart.id}/coupons`, { codes: ['WELCOME'] }],
      ['POST', `/v1/carts/${cart.id}/hold`],
      ['DELETE', `/v1/carts/${cart.id}`],
      ['POST', `/v1/carts/${cart.id}/complete`, { tenders: [{ kind: 'cash' }] }],
      ['GET', `/v1/orders/${orderId}`],
      ['GET', `/v1/orders/${orderId}/payments`],
      ['GET', `/v1/orders/${orderId}/receipt`],
      ['POST', `/v1/orders/${orderId}/picks`, { lineNo: 0, packageLabel: fx.packageLabel }],
      ['POST', `/v1/orders/${orderId}/transitions`, { to: 'voided', reason: 'not mine to void' }],
      ['POST', `/v1/orders/${orderId}/void`, { reason: 'not mine to void' }],
    ];
    for (const [method, url, body] of attempts) {
      const answer = await server.request({ method, url, cookie: denverManager, ...(body !== undefined ? { body } : {}) });
      expect([method, url, answer.statusCode, answer.json().error?.code]).toEqual([method, url, 403, 'STORE_NOT_ALLOWED']);
    }
    expect(await snapshot()).toEqual(before);
    // Staff of every store still work on it.
    expect((await server.request({ method: 'GET', url: `/v1/carts/${cart.id}`, cookie: owner })).statusCode).toBe(200);
  });
});
