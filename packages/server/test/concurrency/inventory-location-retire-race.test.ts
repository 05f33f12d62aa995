// PostgreSQL only: stock arriving in a location while a manager retires it. A retired location
// must never hold stock (nothing sells, counts or ships from it). The stock's row in that location
// may not exist yet, so the retirement cannot lock it: the arrival locks its landing row and then
// the location (FOR SHARE, checked active), the retirement its stock rows and then the location,
// so one of the two always sees the other. Either the stock arrives and the retirement is refused
// (409 LOCATION_NOT_EMPTY), or the location is retired and the arrival refused (404
// UNKNOWN_LOCATION), with nothing written.
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStores, expectLedgerBalanced, newLabel, receivePackages } from '../support/inventory-fixtures';
import { blockedBackends, waitUntil, waitUntilBlocked } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

describe('stock arriving in a location being retired (PostgreSQL)', () => {
  let server: TestServer;
  let manager: string;
  let storeId: string;
  const db = () => server.platform.database.db;
  const outcome = (r: LightMyRequestResponse) => (r.statusCode < 300 ? String(r.statusCode) : `${r.statusCode} ${r.json().error?.code}`);

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    storeId = (await demoStores(server)).oakland;
  });
  afterAll(() => server?.close());

  async function newShelf() {
    const code = `shelf_${randomUUID().slice(0, 8)}`;
    const created = await server.request({ method: 'POST', url: `/v1/stores/${storeId}/locations`, cookie: manager, body: { code, name: `Shelf ${code}`, kind: 'backstock' } });
    expect(created.statusCode, created.body).toBe(201);
    return { code, id: created.json().id as string };
  }
  const retire = (shelfId: string, store = storeId) => server.request({ method: 'PATCH', url: `/v1/stores/${store}/locations/${shelfId}`, cookie: manager, body: { active: false } });

  /** The location's state afterwards: retired holding nothing, or in use holding what arrived. */
  async function shelfState(shelfId: string) {
    const location = await db().selectFrom('inventory_location').select('active').where('id', '=', shelfId).executeTakeFirstOrThrow();
    const held = await sql<{ on_hand: string }>`select coalesce(sum(on_hand), 0) as on_hand from inventory_stock where location_id = ${shelfId}`.execute(db());
    return { active: location.active, onHand: Number(held.rows[0].on_hand) };
  }

  it('a move that read the location before it was retired does not land in it afterwards', async () => {
    const shelf = await newShelf();
    const label = newLabel();
    await receivePackages(server, manager, storeId, [{ label, skuId: randomUUID(), quantity: 10, locationCode: 'vault' }]);
    const pkg = await db().selectFrom('inventory_package').select('id').where('label', '=', label).executeTakeFirstOrThrow();

    // Hold the package's vault row, so the move stops after reading both locations (active) and
    // before its stock statements; the retirement runs while it waits.
    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`select 1 from inventory_stock s join inventory_location l on l.id = s.location_id where s.package_id = $1 and l.code = 'vault' for update of s`, [pkg.id]);
      const moving = server.request({ method: 'POST', url: `/v1/stores/${storeId}/packages/${label}/move`, cookie: manager, body: { fromLocationCode: 'vault', toLocationCode: shelf.code, quantity: 4 } });
      await waitUntilBlocked(holder, 1);
      let retired: LightMyRequestResponse | null = null;
      const retiring = retire(shelf.id).then((r) => (retired = r));
      // The retirement either finishes (the move has not locked the location) or waits for the move.
      await waitUntil(async () => retired !== null || (await blockedBackends(holder)) >= 2);
      await holder.query('commit');
      const [moved] = await Promise.all([moving, retiring]);
      const outcomes = [outcome(moved), outcome(retired!)];
      expect([['200', '409 LOCATION_NOT_EMPTY'], ['404 UNKNOWN_LOCATION', '200']]).toContainEqual(outcomes);
      expect(await shelfState(shelf.id)).toEqual(outcomes[0] === '200' ? { active: true, onHand: 4 } : { active: false, onHand: 0 });
    } finally {
      await holder.end();
    }
    await expectLedgerBalanced(db());
  });

  it('receipts, moves and retirements fired together never leave a retired location holding stock', async () => {
    const seen = new Set<string>();
    for (let round = 0; round < 10; round++) {
      const shelf = await newShelf();
      const moved = newLabel();
      await receivePackages(server, manager, storeId, [{ label: moved, skuId: randomUUID(), quantity: 10, locationCode: 'vault' }]);
      const move = () => server.request({ method: 'POST', url: `/v1/stores/${storeId}/packages/${moved}/move`, cookie: manager, body: { fromLocationCode: 'vault', toLocationCode: shelf.code, quantity: 2 } });
      const receive = () => receiveInto(shelf.code);
      const requests = round % 2 === 0 ? [() => retire(shelf.id), move, receive] : [receive, move, () => retire(shelf.id)];
      const results = await Promise.all(requests.map((send) => send()));
      const outcomes = results.map(outcome);
      for (const o of outcomes) seen.add(o);
      expect(outcomes.every((o) => ['200', '201', '409 LOCATION_NOT_EMPTY', '404 UNKNOWN_LOCATION'].includes(o)), outcomes.join(', ')).toBe(true);
      const state = await shelfState(shelf.id);
      if (!state.active) expect(state.onHand).toBe(0);
    }
    await expectLedgerBalanced(db());
  });

  it('a landing row another arrival commits while this one waits is locked before the location: no deadlock with a retirement', async () => {
    // Two packages at Oakland; one already at Berkeley's vault (moved onto the shelf while the
    // transfer waits); both shipped to Berkeley and received onto the shelf.
    const stores = await demoStores(server);
    const inventory = await server.login('inventory');
    const [first, second] = [newLabel(), newLabel()];
    await receivePackages(server, inventory, stores.oakland, [
      { label: first, skuId: randomUUID(), quantity: 10, locationCode: 'vault' },
      { label: second, skuId: randomUUID(), quantity: 10, locationCode: 'vault' },
    ]);
    const ship = async (items: Array<{ packageLabel: string; quantity: number }>) => {
      const shipped = await server.request({ method: 'POST', url: '/v1/inventory/transfers', cookie: manager, body: { fromStoreId: stores.oakland, toStoreId: stores.berkeley, items } });
      expect(shipped.statusCode, shipped.body).toBe(201);
      return shipped.json().id as string;
    };
    const earlier = await ship([{ packageLabel: second, quantity: 3 }]);
    expect((await server.request({ method: 'POST', url: `/v1/inventory/transfers/${earlier}/receive`, cookie: manager, body: {} })).statusCode).toBe(200);
    const raced = await ship([{ packageLabel: first, quantity: 2 }, { packageLabel: second, quantity: 2 }]);
    const code = `shelf_${randomUUID().slice(0, 8)}`;
    const shelf = await server.request({ method: 'POST', url: `/v1/stores/${stores.berkeley}/locations`, cookie: manager, body: { code, name: 'Shelf', kind: 'backstock' } });
    const shelfId = shelf.json().id as string;
    const packages = await db().selectFrom('inventory_package').select(['id', 'label', 'sku_id', 'organization_id']).where('label', 'in', [first, second]).execute();
    const firstPkg = packages.find((p) => p.label === first)!;
    expect(firstPkg.id < packages.find((p) => p.label === second)!.id).toBe(true);

    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    try {
      // Another arrival of the first package onto the shelf, not committed yet.
      await holder.query('begin');
      await holder.query('insert into inventory_stock (package_id, location_id, store_id, organization_id, sku_id, on_hand, reserved) values ($1, $2, $3, $4, $5, 0, 0)', [
        firstPkg.id, shelfId, stores.berkeley, firstPkg.organization_id, firstPkg.sku_id,
      ]);
      const receiving = server.request({ method: 'POST', url: `/v1/inventory/transfers/${raced}/receive`, cookie: manager, body: { items: [{ packageLabel: first, locationCode: code }, { packageLabel: second, locationCode: code }] } });
      await waitUntilBlocked(holder, 1);
      const moved = await server.request({ method: 'POST', url: `/v1/stores/${stores.berkeley}/packages/${second}/move`, cookie: manager, body: { fromLocationCode: 'vault', toLocationCode: code, quantity: 1 } });
      let retired: LightMyRequestResponse | null = null;
      const retiring = retire(shelfId, stores.berkeley).then((r) => (retired = r));
      await waitUntil(async () => retired !== null || (await blockedBackends(holder)) >= 2);
      await holder.query('rollback');
      const [received] = await Promise.all([receiving, retiring]);
      const outcomes = [outcome(moved), outcome(retired!), outcome(received)];
      expect(outcomes.some((o) => o.startsWith('500')), outcomes.join(', ')).toBe(false);
      expect(outcomes).toEqual(['200', '409 LOCATION_NOT_EMPTY', '200']);
      expect(await shelfState(shelfId)).toEqual({ active: true, onHand: 5 });
    } finally {
      await holder.end();
    }
    await expectLedgerBalanced(db());
  });

  it('goods returned from a sale go back to the vault when the location they were sold from was retired since', async () => {
    const budtender = await server.login('budtender');
    const code = `display_${randomUUID().slice(0, 8)}`;
    const display = await server.request({ method: 'POST', url: `/v1/stores/${storeId}/locations`, cookie: manager, body: { code, name: 'Display', kind: 'display', sellable: true } });
    expect(display.statusCode, display.body).toBe(201);
    const label = newLabel();
    const skuId = randomUUID();
    await receivePackages(server, manager, storeId, [{ label, skuId, quantity: 2, locationCode: code }]);
    const orderId = `retired-${randomUUID()}`;
    const sold = await server.request({ method: 'POST', url: `/v1/stores/${storeId}/sales`, cookie: budtender, body: { lines: [{ skuId, quantity: 2, packageLabel: label }], reference: { orderId } } });
    expect(sold.statusCode, sold.body).toBe(201);
    expect((await retire(display.json().id)).statusCode).toBe(200);

    const named = await server.request({ method: 'POST', url: `/v1/stores/${storeId}/returns`, cookie: manager, body: { orderId, lines: [{ packageLabel: label, quantity: 1, locationCode: code }] } });
    expect([named.statusCode, named.json().error.code]).toEqual([404, 'UNKNOWN_LOCATION']);
    const returned = await server.request({ method: 'POST', url: `/v1/stores/${storeId}/returns`, cookie: manager, body: { orderId, lines: [{ packageLabel: label, quantity: 1 }] } });
    expect(returned.statusCode, returned.body).toBe(201);
    expect(returned.json().lines).toEqual([{ packageLabel: label, locationCode: 'vault', quantity: 1 }]);
    expect(await shelfState(display.json().id)).toEqual({ active: false, onHand: 0 });
    await expectLedgerBalanced(db());
  });

  it('a return to the vault and a move into the vault of the same package at once: both go through, no deadlock', async () => {
    const budtender = await server.login('budtender');
    const newLocation = async (kind: string, sellable: boolean) => {
      const code = `${kind}_${randomUUID().slice(0, 8)}`;
      const made = await server.request({ method: 'POST', url: `/v1/stores/${storeId}/locations`, cookie: manager, body: { code, name: code, kind, sellable } });
      expect(made.statusCode, made.body).toBe(201);
      return { code, id: made.json().id as string };
    };
    const sold = await newLocation('display', true);
    const kept = await newLocation('backstock', false);
    const label = newLabel();
    const skuId = randomUUID();
    await receivePackages(server, manager, storeId, [{ label, skuId, quantity: 5, locationCode: sold.code }]);
    const orderId = `vault-${randomUUID()}`;
    expect((await server.request({ method: 'POST', url: `/v1/stores/${storeId}/sales`, cookie: budtender, body: { lines: [{ skuId, quantity: 2, packageLabel: label }], reference: { orderId } } })).statusCode).toBe(201);
    expect((await server.request({ method: 'POST', url: `/v1/stores/${storeId}/packages/${label}/move`, cookie: manager, body: { fromLocationCode: sold.code, toLocationCode: kept.code, quantity: 3 } })).statusCode).toBe(200);
    expect((await retire(sold.id)).statusCode).toBe(200);
    const pkg = await db().selectFrom('inventory_package').select('id').where('label', '=', label).executeTakeFirstOrThrow();

    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    try {
      // The return (to the vault: the display was retired) waits on the package's other row...
      await holder.query('begin');
      await holder.query('select 1 from inventory_stock where package_id = $1 and location_id = $2 for update', [pkg.id, kept.id]);
      const returning = server.request({ method: 'POST', url: `/v1/stores/${storeId}/returns`, cookie: manager, body: { orderId, lines: [{ packageLabel: label, quantity: 1 }] } });
      await waitUntilBlocked(holder, 1);
      // ...while a move of the same package lands in the vault.
      const moving = server.request({ method: 'POST', url: `/v1/stores/${storeId}/packages/${label}/move`, cookie: manager, body: { fromLocationCode: kept.code, toLocationCode: 'vault', quantity: 1 } });
      await waitUntilBlocked(holder, 2);
      await holder.query('commit');
      const outcomes = (await Promise.all([returning, moving])).map(outcome);
      expect(outcomes).toEqual(['201', '200']);
    } finally {
      await holder.end();
    }
    const vault = await sql<{ on_hand: string }>`select s.on_hand from inventory_stock s join inventory_location l on l.id = s.location_id where s.package_id = ${pkg.id} and l.code = 'vault' and l.store_id = ${storeId}`.execute(db());
    expect(Number(vault.rows[0].on_hand)).toBe(2);
    await expectLedgerBalanced(db());
  });

  /** A manifest with one new package, received into the location; answers the receive's response. */
  async function receiveInto(locationCode: string) {
    const label = newLabel();
    const created = await server.request({
      method: 'POST',
      url: `/v1/stores/${storeId}/manifests`,
      cookie: manager,
      body: {
        number: `M-${randomUUID().slice(0, 8)}`,
        supplierName: 'Test Supplier',
        supplierLicense: 'C11-0000999-LIC',
        items: [{ packageLabel: label, skuId: randomUUID(), unit: 'each', expectedQuantity: 5, batch: { code: `B-${label.slice(-8)}`, producerLicense: 'CCL20-0000123' } }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    return server.request({
      method: 'POST',
      url: `/v1/stores/${storeId}/manifests/${created.json().id}/receive`,
      cookie: manager,
      body: { items: [{ packageLabel: label, countedQuantity: 5, decision: 'accept', locationCode }] },
    });
  }
});
