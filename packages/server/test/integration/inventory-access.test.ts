// Staff limited to some stores see and change the inventory of those stores only, whichever way
// they reach it: by a store in the path, by a package's label, by a reservation's, transfer's,
// alert's or batch's id, or through a recall. A manager limited to Berkeley meets packages stocked
// only at Oakland, one stocked at both, and one that left Oakland entirely; each refusal is
// 403 STORE_NOT_ALLOWED and leaves the database as it was (no status, counter, ledger, audit or
// outbox row). Also here: every store-scoped GET route refuses a store outside the caller's, a
// reorder point needs a SKU the catalog has, and an adjustment's reason must fit its kind.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { catalogSku, demoStores, expectLedgerBalanced, inventoryUnchangedBy, newLabel, receivePackages, stockOf } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('inventory: staff limited to some stores', () => {
  let server: TestServer;
  let owner: string;
  /** A manager of the demo organization limited to Berkeley. */
  let berkeleyOnly: string;
  let stores: { oakland: string; denver: string; berkeley: string };
  /** Stocked at Oakland only. */
  const oak = { label: newLabel(), skuId: randomUUID() };
  /** Stocked at Berkeley only. */
  const den = { label: newLabel(), skuId: randomUUID() };
  /** Received at Oakland, 4 of 10 sent to Berkeley: both stores hold some. */
  const shared = { label: newLabel(), skuId: randomUUID() };
  /** Received at Oakland and sent to Berkeley whole: Oakland's rows are at zero. */
  const moved = { label: newLabel(), skuId: randomUUID() };
  const db = () => server.platform.database.db;

  const call = (cookie: string, method: string, url: string, body?: unknown, requestId = uuidv7()) =>
    server.request({ method, url, cookie, body, headers: { 'x-request-id': requestId } });

  async function transfer(from: string, to: string, label: string, quantity: number, receive = true): Promise<string> {
    const shipped = await call(owner, 'POST', '/v1/inventory/transfers', { fromStoreId: from, toStoreId: to, items: [{ packageLabel: label, quantity }] });
    expect(shipped.statusCode, shipped.body).toBe(201);
    if (receive) {
      const received = await call(owner, 'POST', `/v1/inventory/transfers/${shipped.json().id}/receive`, { items: [{ packageLabel: label, locationCode: 'sales_floor' }] });
      expect(received.statusCode, received.body).toBe(200);
    }
    return shipped.json().id;
  }

  /**
   * Sends a request that must change nothing: no audit row carries its request id, and no
   * inventory event was written while it ran (nothing else writes any meanwhile in this file).
   */
  const unchangedBy = (send: (requestId: string) => Promise<LightMyRequestResponse>) => inventoryUnchangedBy(db(), send);

  function expectRefused(response: { statusCode: number; body: string; json(): { error: { code: string } } }) {
    expect(response.statusCode, response.body).toBe(403);
    expect(response.json().error.code).toBe('STORE_NOT_ALLOWED');
  }

  const packageRow = (label: string) => db().selectFrom('inventory_package').select(['id', 'status', 'status_reason', 'lab_status', 'batch_id']).where('label', '=', label).executeTakeFirstOrThrow();
  const ledgerOf = async (label: string) => (await sql<{ id: string }>`select m.id from inventory_movement m join inventory_package p on p.id = m.package_id where p.label = ${label} order by m.id`.execute(db())).rows.map((r) => Number(r.id));

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    stores = await demoStores(server);
    const email = `berkeley-${uuidv7()}@demo.verdant.test`;
    const hired = await call(owner, 'POST', '/v1/staff', { email, name: 'Berkeley Manager', role: 'manager', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [stores.berkeley] });
    expect(hired.statusCode, hired.body).toBe(201);
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
    expect(login.statusCode, login.body).toBe(200);
    berkeleyOnly = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;

    await receivePackages(server, owner, stores.oakland, [{ ...oak, quantity: 10 }]);
    await receivePackages(server, owner, stores.berkeley, [{ ...den, quantity: 10 }]);
    await receivePackages(server, owner, stores.oakland, [
      { ...shared, quantity: 10, locationCode: 'vault' },
      { ...moved, quantity: 5, locationCode: 'vault' },
    ]);
    await transfer(stores.oakland, stores.berkeley, shared.label, 4);
    await transfer(stores.oakland, stores.berkeley, moved.label, 5);
  });
  afterAll(() => server?.close());

  describe('a package reached by its label', () => {
    it('another store’s package and its ledger are refused as any other store’s record is (403 STORE_NOT_ALLOWED)', async () => {
      for (const url of [`/v1/inventory/packages/${oak.label}`, `/v1/inventory/packages/${oak.label}/movements`, `/v1/inventory/packages/${oak.label}/movements?limit=1`]) {
        const refused = await call(berkeleyOnly, 'GET', url);
        expectRefused(refused);
        expect(refused.body).not.toContain(oak.skuId);
      }
      // The store-scoped way to the same data refuses the same way.
      expectRefused(await call(berkeleyOnly, 'GET', `/v1/stores/${stores.oakland}/packages`));
      // Their own store's package, and an unknown label, answer as before.
      expect((await call(berkeleyOnly, 'GET', `/v1/inventory/packages/${den.label}`)).statusCode).toBe(200);
      expect((await call(berkeleyOnly, 'GET', `/v1/inventory/packages/${den.label}/movements`)).statusCode).toBe(200);
      const unknown = await call(berkeleyOnly, 'GET', `/v1/inventory/packages/${newLabel()}`);
      expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'UNKNOWN_PACKAGE']);
    });

    it('a package at both stores shows the caller its stock and ledger rows at their stores only', async () => {
      const mine = (await call(berkeleyOnly, 'GET', `/v1/inventory/packages/${shared.label}`)).json();
      const all = (await call(owner, 'GET', `/v1/inventory/packages/${shared.label}`)).json();
      expect(new Set(all.stock.map((s: { storeId: string }) => s.storeId))).toEqual(new Set([stores.oakland, stores.berkeley]));
      expect(mine.stock).toEqual(all.stock.filter((s: { storeId: string }) => s.storeId === stores.berkeley));
      expect(mine.stock).toEqual([expect.objectContaining({ locationCode: 'sales_floor', onHand: 4 })]);

      const ledger = (await call(berkeleyOnly, 'GET', `/v1/inventory/packages/${shared.label}/movements`)).json();
      const everything = (await call(owner, 'GET', `/v1/inventory/packages/${shared.label}/movements`)).json();
      expect(ledger.movements.length).toBeGreaterThan(0);
      expect(ledger.movements).toEqual(everything.movements.filter((m: { storeId: string }) => m.storeId === stores.berkeley));
      expect(everything.movements.some((m: { storeId: string }) => m.storeId === stores.oakland)).toBe(true);
      // Paging works on the caller's rows.
      const first = (await call(berkeleyOnly, 'GET', `/v1/inventory/packages/${shared.label}/movements?limit=1`)).json();
      expect(first.movements).toEqual(ledger.movements.slice(0, 1));
      expect(first.nextAfter).toBe(ledger.movements.length > 1 ? ledger.movements[0].id : null);
    });

    it('holding another store’s package is refused like its adjustment is, and changes nothing', async () => {
      const before = await packageRow(oak.label);
      expectRefused(await unchangedBy((requestId) => call(berkeleyOnly, 'POST', `/v1/inventory/packages/${oak.label}/status`, { status: 'on_hold', reason: 'not mine' }, requestId)));
      // The reference behaviour: the store-scoped adjustment of the same package.
      expectRefused(await call(berkeleyOnly, 'POST', `/v1/stores/${stores.oakland}/packages/${oak.label}/adjust`, { locationCode: 'sales_floor', delta: -1, reasonCode: 'damaged' }));
      expect(await packageRow(oak.label)).toEqual(before);
      expect(before.status).toBe('active');
    });

    it('a package that Oakland still holds some of cannot be held from Berkeley; one that left Oakland can', async () => {
      const before = await packageRow(shared.label);
      const refused = await unchangedBy((requestId) => call(berkeleyOnly, 'POST', `/v1/inventory/packages/${shared.label}/status`, { status: 'quarantined', reason: 'smells off' }, requestId));
      expectRefused(refused);
      expect(refused.json().error.details).toEqual({ storeIds: [stores.oakland] });
      expect(await packageRow(shared.label)).toEqual(before);

      const held = await call(berkeleyOnly, 'POST', `/v1/inventory/packages/${moved.label}/status`, { status: 'on_hold', reason: 'lab recheck' });
      expect(held.statusCode, held.body).toBe(200);
      expect(held.json().status).toBe('on_hold');
      // The answer shows the caller's rows: Oakland's emptied ones are not theirs.
      expect(held.json().stock.map((s: { storeId: string }) => s.storeId)).toEqual([stores.berkeley]);
      expect((await packageRow(moved.label)).status).toBe('on_hold');
      const released = await call(berkeleyOnly, 'POST', `/v1/inventory/packages/${moved.label}/status`, { status: 'active', reason: 'lab fine' });
      expect(released.statusCode, released.body).toBe(200);
      expect((await call(berkeleyOnly, 'POST', `/v1/inventory/packages/${den.label}/status`, { status: 'active', reason: 'still fine' })).statusCode).toBe(200);
    });
  });

  it('a reservation at another store is neither read nor refreshed, released or converted', async () => {
    const held = { label: newLabel(), skuId: randomUUID() };
    await receivePackages(server, owner, stores.oakland, [{ ...held, quantity: 5 }]);
    const taken = await call(owner, 'POST', `/v1/stores/${stores.oakland}/reservations`, { lines: [{ skuId: held.skuId, quantity: 2 }], ttlSeconds: 600, reference: 'cart-oakland' });
    expect(taken.statusCode, taken.body).toBe(201);
    const id = taken.json().id;
    const row = () => db().selectFrom('inventory_reservation').select(['status', 'expires_at', 'order_id', 'ttl_seconds']).where('id', '=', id).executeTakeFirstOrThrow();
    const before = { reservation: await row(), stock: await stockOf(db(), held.label), ledger: await ledgerOf(held.label) };
    expectRefused(await call(berkeleyOnly, 'GET', `/v1/inventory/reservations/${id}`));
    for (const [step, body] of [
      ['refresh', { ttlSeconds: 3600 }],
      ['release', { reason: 'not mine' }],
      ['convert', { orderId: 'order-from-berkeley' }],
    ] as const) {
      expectRefused(await unchangedBy((requestId) => call(berkeleyOnly, 'POST', `/v1/inventory/reservations/${id}/${step}`, body, requestId)));
    }
    expect({ reservation: await row(), stock: await stockOf(db(), held.label), ledger: await ledgerOf(held.label) }).toEqual(before);
    expect(before.reservation.status).toBe('held');
    // An unknown reservation is still a 404.
    expect((await call(berkeleyOnly, 'GET', `/v1/inventory/reservations/${uuidv7()}`)).statusCode).toBe(404);
    expect((await call(owner, 'POST', `/v1/inventory/reservations/${id}/release`, {})).statusCode).toBe(200);
  });

  it('a transfer is read by either end only', async () => {
    const berkeley = await call(owner, 'POST', '/v1/stores', { name: 'Green Door Berkeley', licenseNumber: 'C10-0000777-LIC', jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' });
    expect(berkeley.statusCode, berkeley.body).toBe(201);
    const label = newLabel();
    await receivePackages(server, owner, stores.oakland, [{ label, skuId: randomUUID(), quantity: 3, locationCode: 'vault' }]);
    const elsewhere = await transfer(stores.oakland, berkeley.json().id, label, 3, false);
    expectRefused(await call(berkeleyOnly, 'GET', `/v1/inventory/transfers/${elsewhere}`));
    // Berkeley receives this one (it is in transit from Oakland to Berkeley): Berkeley may read it.
    const label2 = newLabel();
    await receivePackages(server, owner, stores.oakland, [{ label: label2, skuId: randomUUID(), quantity: 2, locationCode: 'vault' }]);
    const inbound = await transfer(stores.oakland, stores.berkeley, label2, 2, false);
    const read = await call(berkeleyOnly, 'GET', `/v1/inventory/transfers/${inbound}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ fromStoreId: stores.oakland, toStoreId: stores.berkeley, status: 'in_transit' });
  });

  it('a lab result for a batch another store holds is refused and changes nothing; the batch itself is the organization’s to read', async () => {
    const { batch_id: batchId } = await packageRow(oak.label);
    expect((await call(berkeleyOnly, 'GET', `/v1/inventory/batches/${batchId}`)).statusCode).toBe(200);
    const result = { labName: 'SC Labs', testedOn: '2025-01-10', cannabinoids: [], contaminants: [{ panel: 'microbials', status: 'fail' }] };
    expectRefused(await unchangedBy((requestId) => call(berkeleyOnly, 'POST', `/v1/inventory/batches/${batchId}/lab-results`, result, requestId)));
    expect(await db().selectFrom('inventory_lab_result').select('id').where('batch_id', '=', batchId!).execute()).toEqual([]);
    expect((await packageRow(oak.label)).lab_status).toBe('pending');
    const { batch_id: berkeleyBatch } = await packageRow(den.label);
    const recorded = await call(berkeleyOnly, 'POST', `/v1/inventory/batches/${berkeleyBatch}/lab-results`, { ...result, contaminants: [{ panel: 'microbials', status: 'pass' }] });
    expect(recorded.statusCode, recorded.body).toBe(201);
  });

  it('a recall reaching another store’s stock is refused; the trace shows the caller’s stores only', async () => {
    const trace = await call(berkeleyOnly, 'GET', `/v1/inventory/recalls/trace?packageLabel=${oak.label}`);
    expect(trace.statusCode, trace.body).toBe(200);
    expect(trace.json()).toMatchObject({ packages: [], stock: [], sales: [], totals: { packages: 0, onHand: { each: 0, mg: 0 } } });
    const both = (await call(berkeleyOnly, 'GET', `/v1/inventory/recalls/trace?packageLabel=${shared.label}`)).json();
    expect(both.stock).toEqual([expect.objectContaining({ storeId: stores.berkeley, onHand: 4 })]);
    expect((await call(owner, 'GET', `/v1/inventory/recalls/trace?packageLabel=${shared.label}`)).json().stock).toHaveLength(2);

    for (const label of [oak.label, shared.label]) {
      const before = await packageRow(label);
      expectRefused(await unchangedBy((requestId) => call(berkeleyOnly, 'POST', '/v1/inventory/recalls', { packageLabel: label, reason: 'mould' }, requestId)));
      expect(await packageRow(label)).toEqual(before);
    }
    // A package Oakland sold out of is still Oakland's: nothing holds it, but Berkeley never had it.
    const soldOut = newLabel();
    await receivePackages(server, owner, stores.oakland, [{ label: soldOut, skuId: randomUUID(), quantity: 2 }]);
    expect((await call(owner, 'POST', `/v1/stores/${stores.oakland}/packages/${soldOut}/adjust`, { locationCode: 'sales_floor', delta: -2, reasonCode: 'damaged' })).statusCode).toBe(200);
    const before = await packageRow(soldOut);
    const refused = await unchangedBy((requestId) => call(berkeleyOnly, 'POST', '/v1/inventory/recalls', { packageLabel: soldOut, reason: 'mould' }, requestId));
    expectRefused(refused);
    expect(refused.json().error.details).toEqual({ labels: [soldOut] });
    expect(await packageRow(soldOut)).toEqual(before);
    expect(await db().selectFrom('inventory_recall').select('id').execute()).toEqual([]);
    const berkeleyLabel = newLabel();
    await receivePackages(server, owner, stores.berkeley, [{ label: berkeleyLabel, skuId: randomUUID(), quantity: 1 }]);
    const recalled = await call(berkeleyOnly, 'POST', '/v1/inventory/recalls', { packageLabel: berkeleyLabel, reason: 'mould' });
    expect(recalled.statusCode, recalled.body).toBe(201);
    expect((await packageRow(berkeleyLabel)).status).toBe('recalled');
  });

  it('another store’s inventory alerts are neither listed nor acknowledged', async () => {
    // A reorder point above what Oakland has of a SKU opens a low-stock alert there.
    const sku = await catalogSku(server, owner);
    expect((await call(owner, 'PUT', `/v1/stores/${stores.oakland}/reorder-points/${sku.skuId}`, { reorderAt: 5, reorderQuantity: 10 })).statusCode).toBe(200);
    const alert = await db().selectFrom('inventory_alert').select(['id', 'status']).where('store_id', '=', stores.oakland).where('sku_id', '=', sku.skuId).executeTakeFirstOrThrow();
    expect(alert.status).toBe('open');
    expectRefused(await call(berkeleyOnly, 'GET', `/v1/inventory/alerts?storeId=${stores.oakland}`));
    const listed = await call(berkeleyOnly, 'GET', '/v1/inventory/alerts?limit=500');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().alerts.filter((a: { storeId: string | null }) => a.storeId !== null && a.storeId !== stores.berkeley)).toEqual([]);
    expect((await call(owner, 'GET', `/v1/inventory/alerts?storeId=${stores.oakland}&limit=500`)).json().alerts.map((a: { id: string }) => a.id)).toContain(alert.id);
    expectRefused(await unchangedBy((requestId) => call(berkeleyOnly, 'POST', `/v1/inventory/alerts/${alert.id}/acknowledge`, { resolve: true }, requestId)));
    expect((await db().selectFrom('inventory_alert').select('status').where('id', '=', alert.id).executeTakeFirstOrThrow()).status).toBe('open');
  });

  it('every store-scoped GET route refuses a store outside the caller’s with 403 STORE_NOT_ALLOWED', async () => {
    // The store directory (GET /v1/stores/:id) is everyone's, as GET /v1/stores lists every store.
    const directory = new Set(['/v1/stores/:id']);
    const scoped = server.routes.filter((r) => r.method === 'GET' && /^\/v1\/stores\/:(id|storeId)(\/|$)/.test(r.url) && !directory.has(r.url));
    expect(scoped.length).toBeGreaterThan(15);
    const url = (route: string, storeId: string) =>
      route
        .replace(/^\/v1\/stores\/:(id|storeId)/, `/v1/stores/${storeId}`)
        .replace(':patientLicense', 'MMJ-0001')
        .replace(/:([A-Za-z]+)/g, (_, name: string) => (name === 'label' ? oak.label : uuidv7()));
    for (const route of scoped) {
      const refused = await call(berkeleyOnly, 'GET', url(route.url, stores.oakland));
      expect([refused.statusCode, refused.json().error?.code], `GET ${route.url}: ${refused.body}`).toEqual([403, 'STORE_NOT_ALLOWED']);
      // The caller's own store passes the store check (an unknown id in the path may still be a 404).
      const own = await call(berkeleyOnly, 'GET', url(route.url, stores.berkeley));
      expect(own.statusCode, `GET ${route.url} at Berkeley: ${own.body}`).not.toBe(403);
    }
    expect(scoped.map((r) => r.url)).toEqual(
      expect.arrayContaining(['/v1/stores/:id/rule-overrides', '/v1/stores/:id/tax-settings', '/v1/stores/:storeId/manifests', '/v1/stores/:storeId/counts', '/v1/stores/:storeId/reorder-points']),
    );
  });

  it('another store’s rule overrides and local tax rates are refused (403 STORE_NOT_ALLOWED); the caller’s own are read', async () => {
    for (const what of ['rule-overrides', 'tax-settings']) {
      const refused = await call(berkeleyOnly, 'GET', `/v1/stores/${stores.oakland}/${what}`);
      expectRefused(refused);
      expect((await call(berkeleyOnly, 'GET', `/v1/stores/${stores.berkeley}/${what}`)).statusCode).toBe(200);
      expect((await call(owner, 'GET', `/v1/stores/${stores.oakland}/${what}`)).statusCode).toBe(200);
    }
  });

  it('a reorder point for a SKU the catalog does not have is 404 and stores nothing', async () => {
    const unknown = uuidv7();
    const refused = await unchangedBy((requestId) => call(berkeleyOnly, 'PUT', `/v1/stores/${stores.berkeley}/reorder-points/${unknown}`, { reorderAt: 5, reorderQuantity: 10 }, requestId));
    expect(refused.statusCode, refused.body).toBe(404);
    expect(refused.json().error).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'SKU', id: unknown, path: ['params', 'skuId'] } });
    expect(await db().selectFrom('inventory_reorder_point').select('sku_id').where('sku_id', '=', unknown).execute()).toEqual([]);
    expect(await db().selectFrom('inventory_alert').select('id').where('sku_id', '=', unknown).execute()).toEqual([]);
    const sku = await catalogSku(server, owner);
    const set = await call(berkeleyOnly, 'PUT', `/v1/stores/${stores.berkeley}/reorder-points/${sku.skuId}`, { reorderAt: 5, reorderQuantity: 10 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ skuId: sku.skuId, reorderAt: 5, reorderQuantity: 10, available: 0, low: true });
  });

  it('an adjustment’s reason must fit its kind and direction (400 at body.reasonCode), and a refused one changes nothing', async () => {
    const adjust = (kind: string, reasonCode: string, delta: number, requestId?: string) =>
      call(berkeleyOnly, 'POST', `/v1/stores/${stores.berkeley}/packages/${den.label}/adjust`, { locationCode: 'sales_floor', kind, reasonCode, delta }, requestId);
    const refusals: Array<[string, string, number]> = [
      ['theft_loss', 'found', -1],
      ['theft_loss', 'damaged', -1],
      ['theft_loss', 'data_entry_error', -1],
      ['adjust', 'theft', -1],
      ['adjust', 'found', -1],
      ['adjust', 'damaged', 1],
      ['adjust', 'moisture_loss', 2],
    ];
    const before = { stock: await stockOf(db(), den.label), ledger: await ledgerOf(den.label) };
    for (const [kind, reasonCode, delta] of refusals) {
      const refused = await unchangedBy((requestId) => adjust(kind, reasonCode, delta, requestId));
      expect(refused.statusCode, `${kind} ${reasonCode} ${delta}: ${refused.body}`).toBe(400);
      expect(refused.json().error.code).toBe('VALIDATION_FAILED');
      expect(refused.json().error.details).toEqual([expect.objectContaining({ path: ['body', 'reasonCode'] })]);
    }
    expect({ stock: await stockOf(db(), den.label), ledger: await ledgerOf(den.label) }).toEqual(before);
    for (const [kind, reasonCode, delta] of [
      ['theft_loss', 'theft', -1],
      ['theft_loss', 'other', -1],
      ['adjust', 'found', 2],
      ['adjust', 'data_entry_error', -1],
      ['adjust', 'other', 1],
    ] as const) {
      const done = await adjust(kind, reasonCode, delta);
      expect(done.statusCode, `${kind} ${reasonCode} ${delta}: ${done.body}`).toBe(200);
    }
    const booked = await sql<{ kind: string; reason_code: string; on_hand_delta: string }>`
      select m.kind, m.reason_code, m.on_hand_delta from inventory_movement m join inventory_package p on p.id = m.package_id
       where p.label = ${den.label} and m.kind in ('adjust', 'theft_loss') order by m.id`.execute(db());
    expect(booked.rows.map((r) => [r.kind, r.reason_code, Number(r.on_hand_delta)])).toEqual([
      ['theft_loss', 'theft', -1],
      ['theft_loss', 'other', -1],
      ['adjust', 'found', 2],
      ['adjust', 'data_entry_error', -1],
      ['adjust', 'other', 1],
    ]);
    await expectLedgerBalanced(db());
  });

  it('a reconciliation by the caller checks their stores only', async () => {
    const { id: packageId } = await packageRow(oak.label);
    // Someone writes around the ledger at Oakland.
    await sql`update inventory_stock set on_hand = on_hand - 1 where package_id = ${packageId}`.execute(db());
    try {
      const mine = await call(berkeleyOnly, 'POST', '/v1/inventory/reconciliations');
      expect(mine.statusCode, mine.body).toBe(200);
      expect(mine.json().drifts).toEqual([]);
      const berkeleyRows = await db().selectFrom('inventory_stock').select((eb) => eb.fn.countAll<string>().as('n')).where('store_id', '=', stores.berkeley).executeTakeFirstOrThrow();
      expect(mine.json().checked).toBe(Number(berkeleyRows.n));
      expect(await db().selectFrom('inventory_alert').select('id').where('kind', '=', 'drift').where('package_id', '=', packageId).execute()).toEqual([]);
      const all = await call(owner, 'POST', '/v1/inventory/reconciliations');
      expect(all.json().drifts).toEqual([expect.objectContaining({ packageId, storeId: stores.oakland })]);
    } finally {
      await sql`update inventory_stock set on_hand = on_hand + 1 where package_id = ${packageId}`.execute(db());
    }
  });
});
