// Staff limited to some stores act only there (docs/decisions.md §6): what is another store's
// (a failed state report, a price, a dead letter, an alert, a driver of that store) is 403
// STORE_NOT_ALLOWED, and what applies to every store (webhooks, API keys, the loyalty program,
// alert rules, state item mappings) is for staff of every store. Each refusal changes nothing;
// staff of every store still can. "DM" is a manager limited to Denver.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { customers, stockedSku } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

type Reply = { statusCode: number; body: string; json(): { error?: { code?: string; details?: { path?: unknown } } } & Record<string, any> };

describe('store-limited staff: other stores’ things and settings of every store', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  let dm: string;
  let dmId: string;
  let oakland: string;
  let denver: string;

  const db = () => server.platform.database.db;
  const send = (cookie: string, method: string, url: string, body?: unknown) => server.request({ method, url, cookie, body });
  const refusal = (r: Reply) => [r.statusCode, r.json().error?.code];
  const notAllowed = [403, 'STORE_NOT_ALLOWED'];

  async function newStaff(role: string, storeIds: string[]): Promise<{ id: string; cookie: string }> {
    const email = `scope-${role}-${uuidv7()}@demo.verdant.test`;
    const created = await send(owner, 'POST', '/v1/staff', { email, name: `Scope ${role}`, role, password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds });
    expect(created.statusCode, created.body).toBe(201);
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
    expect(login.statusCode, login.body).toBe(200);
    return { id: created.json().id, cookie: `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}` };
  }

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    manager = await server.login('manager');
    const stores = await db().selectFrom('store').select(['id', 'name']).execute();
    oakland = stores.find((s) => s.name.includes('Oakland'))!.id;
    denver = stores.find((s) => s.name.includes('Denver'))!.id;
    ({ id: dmId, cookie: dm } = await newStaff('manager', [denver]));
  });
  afterAll(() => server?.close());

  it('webhooks: every route is for staff of every store; the owner’s subscription is left as it was', async () => {
    const created = await send(owner, 'POST', '/v1/webhooks', { url: 'https://example.com/owner-hook', eventTypes: ['orders.*'], active: false });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const snapshot = () => db().selectFrom('webhook_subscription').selectAll().orderBy('id').execute();
    const before = await snapshot();
    const someDelivery = uuidv7();
    for (const [method, url, body] of [
      ['GET', '/v1/webhooks'],
      ['POST', '/v1/webhooks', { url: 'https://example.com/dm-hook', eventTypes: ['orders.*'] }],
      ['GET', `/v1/webhooks/${id}`],
      ['PATCH', `/v1/webhooks/${id}`, { url: 'https://example.com/dm-hook' }],
      ['DELETE', `/v1/webhooks/${id}`],
      ['POST', `/v1/webhooks/${id}/rotate-secret`, {}],
      ['GET', `/v1/webhooks/${id}/deliveries`],
      ['GET', `/v1/webhooks/${id}/deliveries/${someDelivery}`],
      ['POST', `/v1/webhooks/${id}/deliveries/${someDelivery}/redeliver`],
    ] as Array<[string, string, unknown?]>) {
      const r = await send(dm, method, url, body);
      expect(refusal(r), `${method} ${url}`).toEqual(notAllowed);
    }
    expect(await snapshot()).toEqual(before);
    // Staff of every store still manage them.
    expect((await send(manager, 'GET', '/v1/webhooks')).json().webhooks.map((w: { id: string }) => w.id)).toContain(id);
    expect((await send(manager, 'PATCH', `/v1/webhooks/${id}`, { description: 'checked' })).statusCode).toBe(200);
    expect((await send(owner, 'DELETE', `/v1/webhooks/${id}`)).statusCode).toBe(204);
  });

  it('state reporting: another store’s failed report is neither resent nor resolved; the caller’s own is', async () => {
    const failedReport = async (storeId: string) => {
      const id = uuidv7();
      const orderId = uuidv7();
      await db()
        .insertInto('trace_report')
        .values({ id, organization_id: server.organizationId, store_id: storeId, kind: 'sale', dedupe_key: `sale:${orderId}`, event_id: uuidv7(), order_id: orderId, payload: JSON.stringify({ orderId }), occurred_at: new Date(Date.now() - 3_600_000), status: 'failed', attempts: 8 })
        .execute();
      return id;
    };
    const report = (id: string) => db().selectFrom('trace_report').select(['status', 'attempts', 'resolution_note', 'resolved_by']).where('id', '=', id).executeTakeFirstOrThrow();
    const theirs = await failedReport(oakland);
    const before = await report(theirs);
    expect(refusal(await send(dm, 'POST', `/v1/traceability/reports/${theirs}/resend`))).toEqual(notAllowed);
    expect(refusal(await send(dm, 'POST', `/v1/traceability/reports/${theirs}/resolve`, { note: 'Entered in Metrc by hand' }))).toEqual(notAllowed);
    expect(await report(theirs)).toEqual(before);
    expect(await db().selectFrom('audit_log').select('id').where('entity_id', '=', theirs).execute()).toEqual([]);

    const mine = await failedReport(denver);
    expect((await send(dm, 'POST', `/v1/traceability/reports/${mine}/resolve`, { note: 'Entered in Metrc by hand' })).statusCode).toBe(200);
    expect((await send(manager, 'POST', `/v1/traceability/reports/${theirs}/resolve`, { note: 'Entered in Metrc by hand' })).statusCode).toBe(200);
    expect((await report(theirs)).status).toBe('resolved');
  });

  it('prices: a store-limited caller sets, removes and creates prices only at their stores, refused at the field', async () => {
    const sku = await db().selectFrom('sku').select(['id', 'product_id']).where('organization_id', '=', server.organizationId).where('code', '=', 'HH-BD-35').executeTakeFirstOrThrow();
    const prices = () => db().selectFrom('sku_price').select(['store_id', 'sku_id', 'price_cents', 'tiers']).where('organization_id', '=', server.organizationId).orderBy('store_id').orderBy('sku_id').execute();
    const productCount = async () => Number((await db().selectFrom('product').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await prices();
    const products = await productCount();
    const inventory = await newStaff('inventory_manager', [denver]);
    const path = (r: Reply) => r.json().error?.details?.path;

    for (const cookie of [dm, inventory.cookie]) {
      const one = await send(cookie, 'PUT', `/v1/catalog/skus/${sku.id}/prices/${oakland}`, { priceCents: 1 });
      expect(refusal(one)).toEqual(notAllowed);
      expect(path(one)).toEqual(['params', 'storeId']);
    }
    const several = await send(dm, 'PUT', `/v1/catalog/skus/${sku.id}/prices`, { prices: [{ storeId: denver, priceCents: 2 }, { storeId: oakland, priceCents: 1 }] });
    expect(refusal(several)).toEqual(notAllowed);
    expect(path(several)).toEqual(['body', 'prices', 1, 'storeId']);
    const removed = await send(dm, 'DELETE', `/v1/catalog/skus/${sku.id}/prices/${oakland}`);
    expect(refusal(removed)).toEqual(notAllowed);
    expect(path(removed)).toEqual(['params', 'storeId']);
    const product = await send(dm, 'POST', '/v1/catalog/products', {
      title: `Scope Test ${uuidv7()}`,
      brandId: null,
      category: 'accessory',
      skus: [{ code: `SCOPE-${uuidv7().slice(-8)}`, sizeLabel: 'each', prices: [{ storeId: denver, priceCents: 500 }, { storeId: oakland, priceCents: 500 }] }],
    });
    expect(refusal(product)).toEqual(notAllowed);
    expect(path(product)).toEqual(['body', 'skus', 0, 'prices', 1, 'storeId']);
    const added = await send(dm, 'POST', `/v1/catalog/products/${sku.product_id}/skus`, { code: `SCOPE-${uuidv7().slice(-8)}`, sizeLabel: '3.5g', netWeightMg: 3500, prices: [{ storeId: oakland, priceCents: 500 }] });
    expect(refusal(added)).toEqual(notAllowed);
    expect(path(added)).toEqual(['body', 'prices', 0, 'storeId']);
    expect(await prices()).toEqual(before);
    expect(await productCount()).toBe(products);

    // Their own store's price, and any store's for staff of every store.
    expect((await send(dm, 'PUT', `/v1/catalog/skus/${sku.id}/prices/${denver}`, { priceCents: before.find((p) => p.store_id === denver && p.sku_id === sku.id)!.price_cents })).statusCode).toBe(200);
    expect((await send(manager, 'PUT', `/v1/catalog/skus/${sku.id}/prices/${oakland}`, { priceCents: before.find((p) => p.store_id === oakland && p.sku_id === sku.id)!.price_cents })).statusCode).toBe(200);

    // The catalog itself is every store's: changing or archiving a brand, product or SKU is for staff of every store.
    const brand = await db().selectFrom('product').select('brand_id').where('id', '=', sku.product_id).executeTakeFirstOrThrow();
    const catalogRows = async () => ({
      product: await db().selectFrom('product').selectAll().where('id', '=', sku.product_id).executeTakeFirstOrThrow(),
      sku: await db().selectFrom('sku').selectAll().where('id', '=', sku.id).executeTakeFirstOrThrow(),
    });
    const unchanged = await catalogRows();
    for (const [method, url, body] of [
      ['PATCH', `/v1/catalog/skus/${sku.id}`, { status: 'archived' }],
      ['PATCH', `/v1/catalog/products/${sku.product_id}`, { title: 'Renamed by Denver' }],
      ['DELETE', `/v1/catalog/products/${sku.product_id}`, undefined],
      ...(brand.brand_id ? [['PATCH', `/v1/catalog/brands/${brand.brand_id}`, { name: 'Renamed by Denver' }], ['DELETE', `/v1/catalog/brands/${brand.brand_id}`, undefined]] : []),
    ] as Array<[string, string, object | undefined]>) {
      for (const cookie of [dm, inventory.cookie]) expect(refusal(await send(cookie, method, url, body)), `${method} ${url}`).toEqual(notAllowed);
    }
    expect(await catalogRows()).toEqual(unchanged);
  });

  it('dead letters: the list shows the caller’s stores and those without a store; another store’s is not retried', async () => {
    const deadLetter = async (storeId: string | null) => {
      const aggregateId = uuidv7();
      await inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) =>
        uow.emit({ type: 'test.scope.dead', aggregateType: 'test', aggregateId, storeId, payload: { note: 'scope' } }),
      );
      const event = await db().selectFrom('outbox_event').select('id').where('aggregate_id', '=', aggregateId).executeTakeFirstOrThrow();
      const row = await db()
        .insertInto('outbox_delivery')
        .values({ event_id: event.id, subscriber: 'test.store-scope', status: 'dead', attempts: 5, next_attempt_at: new Date(), locked_until: null, last_error: 'receiver is down' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, aggregateId };
    };
    const theirs = await deadLetter(oakland);
    const mine = await deadLetter(denver);
    const nobodys = await deadLetter(null);
    const listed = (cookie: string) =>
      send(cookie, 'GET', '/v1/events/dead-letters?subscriber=test.store-scope').then((r) => (r.json().deadLetters as Array<{ id: number; event: { storeId: string | null } }>).map((d) => d.id));
    expect(await listed(dm)).toEqual([mine.id, nobodys.id]);
    expect(await listed(owner)).toEqual([theirs.id, mine.id, nobodys.id]);

    expect(refusal(await send(dm, 'POST', `/v1/events/dead-letters/${theirs.id}/retry`))).toEqual(notAllowed);
    expect(await db().selectFrom('outbox_delivery').select(['status', 'attempts']).where('id', '=', theirs.id).executeTakeFirstOrThrow()).toEqual({ status: 'dead', attempts: 5 });
    expect((await send(dm, 'POST', `/v1/events/dead-letters/${mine.id}/retry`)).statusCode).toBe(202);
    expect((await send(owner, 'POST', `/v1/events/dead-letters/${theirs.id}/retry`)).statusCode).toBe(202);
  });

  it('drivers’ state identifiers: set only for people the caller may change, read only for people of their stores', async () => {
    const oaklandDriver = await newStaff('driver', [oakland]);
    const denverDriver = await newStaff('driver', [denver]);
    const ownerId = (await db().selectFrom('staff_user').select('id').where('email', '=', 'owner@demo.verdant.test').executeTakeFirstOrThrow()).id;
    const credentials = { employeeId: 'EMP-1', driversLicenseNumber: 'D1234567' };
    for (const id of [oaklandDriver.id, ownerId]) expect((await send(owner, 'PUT', `/v1/staff/${id}/state-credentials`, credentials)).statusCode).toBe(200);
    const snapshot = () => db().selectFrom('trace_driver').selectAll().orderBy('staff_id').execute();
    const before = await snapshot();

    const rewrite = { employeeId: 'EMP-DM', driversLicenseNumber: 'X0000000' };
    expect(refusal(await send(dm, 'PUT', `/v1/staff/${oaklandDriver.id}/state-credentials`, rewrite))).toEqual(notAllowed);
    // The owner's role holds permissions a manager lacks: the rank rule of PATCH /v1/staff/:id.
    expect(refusal(await send(dm, 'PUT', `/v1/staff/${ownerId}/state-credentials`, rewrite))).toEqual([403, 'FORBIDDEN']);
    expect(refusal(await send(dm, 'GET', `/v1/staff/${oaklandDriver.id}/state-credentials`))).toEqual(notAllowed);
    expect(refusal(await send(dm, 'GET', `/v1/staff/${ownerId}/state-credentials`))).toEqual(notAllowed);
    expect(await snapshot()).toEqual(before);

    expect((await send(dm, 'PUT', `/v1/staff/${denverDriver.id}/state-credentials`, rewrite)).statusCode).toBe(200);
    expect((await send(dm, 'GET', `/v1/staff/${denverDriver.id}/state-credentials`)).json()).toMatchObject({ employeeId: 'EMP-DM' });
    expect((await send(manager, 'PUT', `/v1/staff/${oaklandDriver.id}/state-credentials`, rewrite)).statusCode).toBe(200);
    expect((await send(manager, 'GET', `/v1/staff/${oaklandDriver.id}/state-credentials`)).json()).toMatchObject({ employeeId: 'EMP-DM' });
  });

  it('the loyalty program, alert rules and state item mappings are for staff of every store', async () => {
    const program = (await send(manager, 'GET', '/v1/loyalty/program')).json();
    const programRow = () => db().selectFrom('loyalty_program').selectAll().where('organization_id', '=', server.organizationId).execute();
    const programBefore = await programRow();
    const rules = () => db().selectFrom('alert_rule').selectAll().where('key', '=', 'test.scope').execute();
    const mappings = () => db().selectFrom('trace_item_mapping').selectAll().where('state_item_name', '=', 'Scope Test Flower 3.5g').execute();
    const sku = await db().selectFrom('sku').select('id').where('organization_id', '=', server.organizationId).where('code', '=', 'HH-BD-35').executeTakeFirstOrThrow();
    const rule = { ruleType: 'event', eventPattern: 'test.scope.*', kind: 'test', severity: 'warning', titleTemplate: 'Scope test', dedupeTemplate: 'scope' };
    const mapping = { mappings: [{ stateItemName: 'Scope Test Flower 3.5g', skuId: sku.id, unit: 'each' }] };

    expect(refusal(await send(dm, 'PUT', '/v1/loyalty/program', { program: program.program, active: program.active }))).toEqual(notAllowed);
    expect(refusal(await send(dm, 'PUT', '/v1/alerts/rules/test.scope', rule))).toEqual(notAllowed);
    expect(refusal(await send(dm, 'PUT', '/v1/traceability/item-mappings', mapping))).toEqual(notAllowed);
    expect(await programRow()).toEqual(programBefore);
    expect(await rules()).toEqual([]);
    expect(await mappings()).toEqual([]);

    expect((await send(manager, 'PUT', '/v1/loyalty/program', { program: program.program, active: program.active })).statusCode).toBe(200);
    expect((await send(manager, 'PUT', '/v1/alerts/rules/test.scope', rule)).statusCode).toBe(200);
    expect((await send(manager, 'PUT', '/v1/traceability/item-mappings', mapping)).statusCode).toBe(200);
    expect(await rules()).toHaveLength(1);
    expect(await mappings()).toHaveLength(1);
  });

  it('API keys: an owner limited to some stores neither makes, lists nor revokes keys (a key acts in every store)', async () => {
    const limitedOwner = await newStaff('owner', [denver]);
    const made = await send(owner, 'POST', '/v1/api-keys', { name: 'Owner’s integration', scopes: ['catalog:read'], currentPassword: DEMO_PASSWORD });
    expect(made.statusCode, made.body).toBe(201);
    const keys = () => db().selectFrom('api_key').select(['id', 'revoked_at']).orderBy('id').execute();
    const before = await keys();
    const failures = () => db().selectFrom('staff_user').select('failed_logins').where('id', '=', limitedOwner.id).executeTakeFirstOrThrow();
    const failedBefore = await failures();

    expect(refusal(await send(limitedOwner.cookie, 'POST', '/v1/api-keys', { name: 'Escape hatch', scopes: ['catalog:read'], currentPassword: DEMO_PASSWORD }))).toEqual(notAllowed);
    // Refused before the password is checked: a wrong one is not counted.
    expect(refusal(await send(limitedOwner.cookie, 'POST', '/v1/api-keys', { name: 'Escape hatch', scopes: ['catalog:read'], currentPassword: 'not-my-password' }))).toEqual(notAllowed);
    expect(refusal(await send(limitedOwner.cookie, 'GET', '/v1/api-keys'))).toEqual(notAllowed);
    expect(refusal(await send(limitedOwner.cookie, 'DELETE', `/v1/api-keys/${made.json().id}`))).toEqual(notAllowed);
    expect(await keys()).toEqual(before);
    expect(await failures()).toEqual(failedBefore);

    expect((await send(owner, 'GET', '/v1/api-keys')).json().apiKeys.map((k: { id: string }) => k.id)).toContain(made.json().id);
    expect((await send(owner, 'DELETE', `/v1/api-keys/${made.json().id}`)).statusCode).toBe(200);
  });

  it('migration 0088 revokes the keys store-limited staff made before they could not, audited; other keys act as before', async () => {
    // A key made by a Denver-only owner before keys needed staff of every store, and one made by the owner.
    const limitedOwner = await newStaff('owner', [denver]);
    await db().updateTable('staff_user').set({ store_ids: [] }).where('id', '=', limitedOwner.id).execute();
    const theirs = await send(limitedOwner.cookie, 'POST', '/v1/api-keys', { name: 'Made while limited', scopes: ['catalog:read'], currentPassword: DEMO_PASSWORD });
    expect(theirs.statusCode, theirs.body).toBe(201);
    await db().updateTable('staff_user').set({ store_ids: [denver] }).where('id', '=', limitedOwner.id).execute();
    const ours = await send(owner, 'POST', '/v1/api-keys', { name: 'Made by staff of every store', scopes: ['catalog:read'], currentPassword: DEMO_PASSWORD });
    expect(ours.statusCode, ours.body).toBe(201);
    const withKey = (key: string) => server.request({ method: 'GET', url: '/v1/catalog/products?limit=1', headers: { authorization: `Bearer ${key}` } });
    expect((await withKey(theirs.json().key)).statusCode).toBe(200);

    await sql.raw(readFileSync(new URL('../../src/db/migrations/0088_revoke_keys_of_store_limited_staff.sql', import.meta.url), 'utf8')).execute(db());
    expect((await withKey(theirs.json().key)).statusCode).toBe(401);
    expect((await withKey(ours.json().key)).statusCode).toBe(200);
    const listed = (await send(owner, 'GET', '/v1/api-keys')).json().apiKeys as Array<{ id: string; revokedAt: string | null }>;
    expect(listed.find((k) => k.id === theirs.json().id)!.revokedAt).not.toBeNull();
    expect(listed.find((k) => k.id === ours.json().id)!.revokedAt).toBeNull();
    const audit = (await send(owner, 'GET', `/v1/audit?entityType=api_key&entityId=${theirs.json().id}`)).json().entries as Array<{ action: string; actorType: string; reason: string }>;
    expect(audit.map((a) => [a.action, a.actorType])).toEqual([
      ['api_key.revoked', 'system'],
      ['api_key.created', 'staff'],
    ]);
    expect(audit[0].reason).toMatch(/acts in every store/);
  });

  it('alerts: another store’s alert is 403, not 404, and so is naming another store in the list or the event stream', async () => {
    const alert = async (storeId: string | null) => {
      const id = uuidv7();
      await db()
        .insertInto('alert')
        .values({ id, organization_id: server.organizationId, store_id: storeId, rule_key: 'test.scope', kind: 'scope_test', severity: 'warning', title: 'Scope test', details: JSON.stringify({}), source_event_id: null, source_event_type: null, dedupe_key: `scope:${id}`, acknowledged_at: null, acknowledged_by: null, resolved_at: null, resolved_by: null, emailed_at: null })
        .execute();
      return id;
    };
    const theirs = await alert(oakland);
    const mine = await alert(denver);
    const everyones = await alert(null);
    const status = (id: string) => db().selectFrom('alert').select(['status', 'acknowledged_at', 'resolved_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const before = await status(theirs);

    expect(refusal(await send(dm, 'GET', `/v1/alerts/${theirs}`))).toEqual(notAllowed);
    expect(refusal(await send(dm, 'POST', `/v1/alerts/${theirs}/acknowledge`, {}))).toEqual(notAllowed);
    expect(refusal(await send(dm, 'POST', `/v1/alerts/${theirs}/resolve`, {}))).toEqual(notAllowed);
    expect(await status(theirs)).toEqual(before);
    expect((await send(dm, 'GET', `/v1/alerts/${uuidv7()}`)).statusCode).toBe(404);
    expect(refusal(await send(dm, 'GET', `/v1/alerts?storeId=${oakland}`))).toEqual(notAllowed);
    const listed = (await send(dm, 'GET', '/v1/alerts?kind=scope_test')).json().alerts.map((a: { id: string }) => a.id);
    expect(listed.sort()).toEqual([mine, everyones].sort());
    expect((await send(dm, 'GET', `/v1/alerts?storeId=${denver}&kind=scope_test`)).json().alerts.map((a: { id: string }) => a.id)).toEqual([mine]);
    expect((await send(dm, 'GET', `/v1/alerts/${everyones}`)).statusCode).toBe(200);
    expect((await send(dm, 'POST', `/v1/alerts/${mine}/acknowledge`, {})).statusCode).toBe(200);
    expect((await send(manager, 'POST', `/v1/alerts/${theirs}/resolve`, {})).statusCode).toBe(200);

    expect(refusal(await send(dm, 'GET', `/v1/events/stream?storeId=${oakland}`))).toEqual(notAllowed);
  });

  it('the staff list: a store-limited caller sees staff of every store and of a store of theirs, not other stores’ own', async () => {
    const oaklandOnly = await newStaff('budtender', [oakland]);
    const denverOnly = await newStaff('budtender', [denver]);
    const both = await newStaff('budtender', [oakland, denver]);
    const ids = async (cookie: string) => ((await send(cookie, 'GET', '/v1/staff')).json().staff as Array<{ id: string }>).map((s) => s.id);
    const seen = await ids(dm);
    expect(seen).toEqual(expect.arrayContaining([dmId, denverOnly.id, both.id]));
    expect(seen).not.toContain(oaklandOnly.id);
    const ownerId = (await db().selectFrom('staff_user').select('id').where('email', '=', 'owner@demo.verdant.test').executeTakeFirstOrThrow()).id;
    expect(seen).toContain(ownerId);
    expect(await ids(manager)).toEqual(expect.arrayContaining([oaklandOnly.id, denverOnly.id, both.id, dmId]));

    // The PIN pad of a register signed in without a store follows the same rule.
    for (const person of [oaklandOnly, denverOnly]) expect((await send(owner, 'PATCH', `/v1/staff/${person.id}`, { pin: '2468', currentPassword: DEMO_PASSWORD })).statusCode).toBe(200);
    const pinPad = ((await send(dm, 'GET', '/v1/auth/pin/staff')).json().staff as Array<{ id: string }>).map((p) => p.id);
    expect(pinPad).toContain(denverOnly.id);
    expect(pinPad).not.toContain(oaklandOnly.id);
  });

  it('a void’s loyalty reversal is the order’s store’s: its audit row and points events name the store', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 5 });
    expect(fx.storeId).toBe(oakland);
    const [customerId] = await customers(db(), server.organizationId, 1);
    const sale = await send(manager, 'POST', `/v1/stores/${oakland}/pos-sales`, { id: uuidv7(), customerId, lines: [{ skuId: fx.skuId, quantity: 2 }], tenders: [{ kind: 'simulator' }] });
    expect(sale.statusCode, sale.body).toBe(201);
    const orderId = sale.json().order.id as string;
    const voided = await send(manager, 'POST', `/v1/orders/${orderId}/void`, { reason: 'Rang up the wrong customer' });
    expect(voided.statusCode, voided.body).toBe(201);
    expect(voided.json().loyalty.pointsClawedBack).toBeGreaterThan(0);

    const audit = await db().selectFrom('audit_log').select('store_id').where('action', '=', 'loyalty.order.reversed').where('entity_id', '=', orderId).execute();
    expect(audit).toEqual([{ store_id: oakland }]);
    const events = await sql<{ store_id: string | null }>`
      select store_id from outbox_event where type = 'loyalty.points.changed' and payload->>'orderId' = ${orderId} and payload->>'kind' = 'reverse'`.execute(db());
    expect(events.rows.length).toBeGreaterThan(0);
    expect(new Set(events.rows.map((r) => r.store_id))).toEqual(new Set([oakland]));
    // So a manager limited to Denver does not read the Oakland order's id in the audit log.
    expect((await send(dm, 'GET', `/v1/audit?entityId=${orderId}`)).json().entries).toEqual([]);
    expect((await send(manager, 'GET', `/v1/audit?entityId=${orderId}`)).json().entries.length).toBeGreaterThan(0);
  });

  it('the audit rows of a sale (a coupon counted, a gift card spent) are its store’s: staff of other stores do not read them', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 5 });
    const [buyer] = await customers(db(), server.organizationId, 1);
    const code = `AUDIT${uuidv7().slice(-6).toUpperCase()}`;
    const coupon = await send(owner, 'POST', '/v1/promotions', { storeId: oakland, name: 'Audit scope', codes: [code], maxUses: 10, action: { type: 'fixed_off_order', amountCents: 100 } });
    expect(coupon.statusCode, coupon.body).toBe(201);
    const card = await send(owner, 'POST', '/v1/gift-cards', { amountCents: 500 });
    expect(card.statusCode, card.body).toBe(201);
    const sale = await send(owner, 'POST', `/v1/stores/${oakland}/pos-sales`, {
      id: uuidv7(),
      customerId: buyer,
      lines: [{ skuId: fx.skuId, quantity: 1 }],
      couponCodes: [code],
      tenders: [{ kind: 'gift_card', giftCardCode: card.json().code, amountCents: 300 }, { kind: 'cash', tenderedCents: 100_000 }],
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const orderId = sale.json().order.id as string;
    const rows = await db().selectFrom('audit_log').select(['action', 'store_id']).where((eb) => eb.or([eb('entity_id', '=', orderId), sql<boolean>`after->>'reference' = ${orderId}`])).execute();
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['promotion.redeemed', 'gift_card.redeemed']));
    expect(rows.every((r) => r.store_id === oakland), JSON.stringify(rows)).toBe(true);
    const seen = (await send(dm, 'GET', '/v1/audit?limit=500')).json();
    const theirs = JSON.stringify(seen);
    expect(theirs).not.toContain(orderId);
  });
});
