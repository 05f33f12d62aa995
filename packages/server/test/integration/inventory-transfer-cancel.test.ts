// Cancelling a transfer that is still in transit: the sending store calls it back, each package goes
// from the sender's in-transit location back to the location it left from (the vault when that one
// was retired since), the ledger shows both movements, the transfer keeps who, when and why, with
// an audit row, an outbox event and the availability of the sender's SKUs. A transfer received, or
// already cancelled, cannot be cancelled (409 TRANSFER_NOT_IN_TRANSIT), nor received once cancelled;
// a caller without the sending store, a role that may not ship, an unknown id and a missing reason
// are refused; every refusal leaves the database as it was.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { demoStores, expectLedgerBalanced, newLabel, receivePackages, staffId } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('inventory: cancelling a transfer in transit', () => {
  let server: TestServer;
  let owner: string;
  let inventory: string;
  let auditor: string;
  /** A manager limited to Berkeley, the receiving store. */
  let berkeleyOnly: string;
  let stores: { oakland: string; denver: string; berkeley: string };
  const db = () => server.platform.database.db;

  const call = (cookie: string, method: string, url: string, body?: unknown, headers?: Record<string, string>) => server.request({ method, url, cookie, body, headers });
  const ship = async (items: Array<{ packageLabel: string; quantity: number; fromLocationCode?: string }>) => {
    const shipped = await call(inventory, 'POST', '/v1/inventory/transfers', { fromStoreId: stores.oakland, toStoreId: stores.berkeley, note: 'restock', items });
    expect(shipped.statusCode, shipped.body).toBe(201);
    return shipped.json().id as string;
  };
  const cancel = (id: string, body: unknown = { reason: 'Shipped the wrong case' }, cookie = inventory, headers?: Record<string, string>) =>
    call(cookie, 'POST', `/v1/inventory/transfers/${id}/cancel`, body, headers);

  /** On hand per `store:location` of a package (rows at zero included). */
  async function stockOf(label: string) {
    const rows = await sql<{ store_id: string; code: string; on_hand: string; reserved: string }>`
      select s.store_id, l.code, s.on_hand, s.reserved from inventory_stock s
        join inventory_location l on l.id = s.location_id join inventory_package p on p.id = s.package_id
       where p.label = ${label} order by l.code`.execute(db());
    const store = (id: string) => (id === stores.oakland ? 'oakland' : id === stores.berkeley ? 'berkeley' : id);
    return Object.fromEntries(rows.rows.map((r) => [`${store(r.store_id)}:${r.code}`, Number(r.on_hand)]));
  }

  async function movementsOf(transferId: string) {
    const rows = await sql<{ code: string; kind: string; on_hand_delta: string; reason_code: string; actor_id: string }>`
      select l.code, m.kind, m.on_hand_delta, m.reason_code, m.actor_id from inventory_movement m join inventory_location l on l.id = m.location_id
       where m.reference_type = 'transfer' and m.reference_id = ${transferId} order by m.id`.execute(db());
    return rows.rows.map((r) => [r.code, r.kind, Number(r.on_hand_delta), r.reason_code]);
  }

  /** Everything a refused request must leave as it was. */
  async function world() {
    return {
      transfers: await db().selectFrom('inventory_transfer').selectAll().orderBy('id').execute(),
      items: await db().selectFrom('inventory_transfer_item').selectAll().orderBy('transfer_id').orderBy('line_no').execute(),
      stock: await db().selectFrom('inventory_stock').select(['package_id', 'location_id', 'on_hand', 'reserved']).orderBy('package_id').orderBy('location_id').execute(),
      movements: Number((await db().selectFrom('inventory_movement').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      // Inventory's own rows: subscribers working after earlier commits (operator alerts) add theirs.
      audit: Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('entity_type', '=', 'inventory_transfer').executeTakeFirstOrThrow()).n),
      events: Number((await db().selectFrom('outbox_event').select((eb) => eb.fn.countAll().as('n')).where('type', 'like', 'inventory.%').executeTakeFirstOrThrow()).n),
    };
  }

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    inventory = await server.login('inventory');
    auditor = await server.login('auditor');
    stores = await demoStores(server);
    const email = `berkeley-${uuidv7()}@demo.verdant.test`;
    const hired = await call(owner, 'POST', '/v1/staff', { email, name: 'Berkeley Manager', role: 'manager', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [stores.berkeley] });
    expect(hired.statusCode, hired.body).toBe(201);
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
    expect(login.statusCode, login.body).toBe(200);
    berkeleyOnly = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
  });
  afterAll(() => server?.close());

  it('sends the stock back to the locations it left from, with the ledger, the transfer’s who/when/why, an audit row, an event and the availability', async () => {
    const skuId = randomUUID();
    const [a, b] = [newLabel(), newLabel()];
    await receivePackages(server, inventory, stores.oakland, [
      { label: a, skuId, quantity: 10, locationCode: 'vault' },
      { label: b, skuId, quantity: 8, locationCode: 'sales_floor' },
    ]);
    const available = async () => (await call(inventory, 'GET', `/v1/stores/${stores.oakland}/availability?skuIds=${skuId}`)).json().items[0].available;
    expect(await available()).toBe(8);
    const id = await ship([
      { packageLabel: a, quantity: 6 },
      { packageLabel: b, quantity: 5, fromLocationCode: 'sales_floor' },
    ]);
    expect(await stockOf(a)).toEqual({ 'oakland:in_transit': 6, 'oakland:vault': 4 });
    expect(await stockOf(b)).toEqual({ 'oakland:in_transit': 5, 'oakland:sales_floor': 3 });
    expect(await available()).toBe(3);

    const cancelled = await cancel(id);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const view = cancelled.json();
    const inventoryManager = await staffId(server, 'inventory');
    expect(view).toMatchObject({ id, status: 'cancelled', cancelledBy: inventoryManager, cancelReason: 'Shipped the wrong case', receivedAt: null, receivedBy: null });
    expect(Date.parse(view.cancelledAt)).toBeGreaterThanOrEqual(Date.parse(view.shippedAt));
    expect(view.items.map((i: Record<string, unknown>) => [i.packageLabel, i.quantity, i.receivedQuantity, i.fromLocationCode, i.toLocationCode, i.returnedToLocationCode])).toEqual([
      [a, 6, null, 'vault', null, 'vault'],
      [b, 5, null, 'sales_floor', null, 'sales_floor'],
    ]);

    // Back where they were; the in-transit location is empty again.
    expect(await stockOf(a)).toEqual({ 'oakland:in_transit': 0, 'oakland:vault': 10 });
    expect(await stockOf(b)).toEqual({ 'oakland:in_transit': 0, 'oakland:sales_floor': 8 });
    expect(await available()).toBe(8);
    const moves = await movementsOf(id);
    expect(moves.filter((m) => m[3] === 'transfer_cancel').sort()).toEqual(
      [
        ['in_transit', 'transfer_out', -6, 'transfer_cancel'],
        ['vault', 'transfer_in', 6, 'transfer_cancel'],
        ['in_transit', 'transfer_out', -5, 'transfer_cancel'],
        ['sales_floor', 'transfer_in', 5, 'transfer_cancel'],
      ].sort(),
    );
    expect(moves).toHaveLength(8);
    await expectLedgerBalanced(db());

    // The row, the audit entry (with the reason) and the event, in the same transaction.
    const row = await db().selectFrom('inventory_transfer').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'cancelled', cancelled_by: inventoryManager, cancel_reason: 'Shipped the wrong case', received_at: null });
    expect(row.cancelled_at).not.toBeNull();
    const audit = await db().selectFrom('audit_log').select(['store_id', 'actor_id', 'before', 'after', 'reason']).where('action', '=', 'inventory.transfer.cancelled').where('entity_id', '=', id).execute();
    expect(audit).toEqual([
      {
        store_id: stores.oakland,
        actor_id: inventoryManager,
        before: { status: 'in_transit' },
        after: { status: 'cancelled', returns: [{ packageLabel: a, quantity: 6, locationCode: 'vault' }, { packageLabel: b, quantity: 5, locationCode: 'sales_floor' }] },
        reason: 'Shipped the wrong case',
      },
    ]);
    const events = await db().selectFrom('outbox_event').select(['store_id', 'payload']).where('type', '=', 'inventory.transfer.cancelled').where('aggregate_id', '=', id).execute();
    expect(events).toEqual([{ store_id: stores.oakland, payload: { transferId: id, fromStoreId: stores.oakland, toStoreId: stores.berkeley, reason: 'Shipped the wrong case' } }]);
    const availability = await db()
      .selectFrom('outbox_event')
      .select('payload')
      .where('type', '=', 'inventory.availability.changed')
      .where('aggregate_id', '=', skuId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(availability.payload).toMatchObject({ storeId: stores.oakland, skuId, available: 8, onHand: 8 });

    // Both ends list it as cancelled; the status filter finds it.
    const listed = (await call(inventory, 'GET', `/v1/stores/${stores.oakland}/transfers?status=cancelled`)).json().transfers;
    expect(listed.map((t: { id: string }) => t.id)).toEqual([id]);
    expect(listed[0]).toMatchObject({ status: 'cancelled', direction: 'outgoing', cancelReason: 'Shipped the wrong case', received: null });
    const incoming = (await call(berkeleyOnly, 'GET', `/v1/stores/${stores.berkeley}/transfers?direction=incoming`)).json().transfers;
    expect(incoming.find((t: { id: string }) => t.id === id)).toMatchObject({ status: 'cancelled' });

    // Cancelled is final: neither received nor cancelled again, and nothing moves.
    const before = await world();
    const received = await call(inventory, 'POST', `/v1/inventory/transfers/${id}/receive`, {});
    expect(received.statusCode).toBe(409);
    expect(received.json().error).toMatchObject({ code: 'TRANSFER_NOT_IN_TRANSIT', message: 'The transfer is cancelled.' });
    const again = await cancel(id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'TRANSFER_NOT_IN_TRANSIT', details: { transferId: id, status: 'cancelled' } });
    expect(await world()).toEqual(before);
  });

  it('a received transfer cannot be cancelled: 409, and nothing changes', async () => {
    const label = newLabel();
    await receivePackages(server, inventory, stores.oakland, [{ label, skuId: randomUUID(), quantity: 4, locationCode: 'vault' }]);
    const id = await ship([{ packageLabel: label, quantity: 4 }]);
    const received = await call(inventory, 'POST', `/v1/inventory/transfers/${id}/receive`, { items: [{ packageLabel: label, receivedQuantity: 3 }] });
    expect(received.statusCode, received.body).toBe(200);
    const before = await world();
    const refused = await cancel(id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'TRANSFER_NOT_IN_TRANSIT', details: { transferId: id, status: 'received' } });
    expect(await world()).toEqual(before);
    expect(await stockOf(label)).toEqual({ 'berkeley:vault': 3, 'oakland:in_transit': 0, 'oakland:vault': 0 });
  });

  it('a package whose location was retired since goes back to the vault', async () => {
    const code = `shelf_${uuidv7().slice(-8).replace(/-/g, '')}`;
    const created = await call(owner, 'POST', `/v1/stores/${stores.oakland}/locations`, { code, name: 'Pop-up shelf', kind: 'display', sellable: true });
    expect(created.statusCode, created.body).toBe(201);
    const label = newLabel();
    await receivePackages(server, inventory, stores.oakland, [{ label, skuId: randomUUID(), quantity: 5, locationCode: code }]);
    const id = await ship([{ packageLabel: label, quantity: 5, fromLocationCode: code }]);
    // The shelf is empty now, so it may be retired while the goods are on the road.
    const retired = await call(owner, 'PATCH', `/v1/stores/${stores.oakland}/locations/${created.json().id}`, { active: false });
    expect(retired.statusCode, retired.body).toBe(200);
    const cancelled = await cancel(id);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().items[0]).toMatchObject({ fromLocationCode: code, returnedToLocationCode: 'vault' });
    expect(await stockOf(label)).toEqual({ [`oakland:${code}`]: 0, 'oakland:in_transit': 0, 'oakland:vault': 5 });
    await expectLedgerBalanced(db());
  });

  it('stock in transit moves only with its transfer: adjusting, moving, holding, counting or shipping it by hand is refused, and a full count leaves it alone', async () => {
    const label = newLabel();
    await receivePackages(server, inventory, stores.oakland, [{ label, skuId: randomUUID(), quantity: 6, locationCode: 'vault' }]);
    const id = await ship([{ packageLabel: label, quantity: 4 }]);
    const before = await world();
    const oakland = `/v1/stores/${stores.oakland}`;
    const attempts: Array<[string, string, unknown, unknown[]]> = [
      [`${oakland}/packages/${label}/adjust`, 'owner', { locationCode: 'in_transit', delta: -4, kind: 'adjust', reasonCode: 'data_entry_error' }, ['body', 'locationCode']],
      [`${oakland}/packages/${label}/move`, 'owner', { fromLocationCode: 'in_transit', toLocationCode: 'vault', quantity: 4 }, ['body', 'fromLocationCode']],
      [`${oakland}/packages/${label}/move`, 'owner', { fromLocationCode: 'vault', toLocationCode: 'in_transit', quantity: 1 }, ['body', 'toLocationCode']],
      ['/v1/inventory/transfers', 'inventory', { fromStoreId: stores.oakland, toStoreId: stores.berkeley, items: [{ packageLabel: label, quantity: 1, fromLocationCode: 'in_transit' }] }, ['body', 'items', 0, 'fromLocationCode']],
      [`${oakland}/counts`, 'owner', { kind: 'cycle', locationCode: 'in_transit' }, ['body', 'locationCode']],
    ];
    for (const [url, who, body, path] of attempts) {
      const refused = await call(who === 'owner' ? owner : inventory, 'POST', url, body);
      expect([refused.statusCode, refused.json().error.code, refused.json().error.details?.path], `${url} ${JSON.stringify(body)}`).toEqual([409, 'LOCATION_IN_TRANSIT', path]);
    }
    expect(await world()).toEqual(before);

    // A full count started now lists the vault's 2, not the 4 on the road; approving it with
    // nothing found writes off the vault only, and the transfer is still received whole.
    const count = await call(owner, 'POST', `${oakland}/counts`, { kind: 'full' });
    expect(count.statusCode, count.body).toBe(201);
    const lines = await db().selectFrom('inventory_count_line as c').innerJoin('inventory_location as l', 'l.id', 'c.location_id').select('l.code').where('c.count_id', '=', count.json().id).where('c.package_id', '=', (await db().selectFrom('inventory_package').select('id').where('label', '=', label).executeTakeFirstOrThrow()).id).execute();
    expect(lines.map((l) => l.code)).toEqual(['vault']);
    const received = await call(owner, 'POST', `/v1/inventory/transfers/${id}/receive`, {});
    expect(received.statusCode, received.body).toBe(200);
    expect(await stockOf(label)).toMatchObject({ 'oakland:in_transit': 0, 'oakland:vault': 2, 'berkeley:vault': 4 });
    await expectLedgerBalanced(db());
  });

  it('migration 0086 takes stock in transit out of counts opened before counts left it alone, and nothing else', async () => {
    const label = newLabel();
    await receivePackages(server, inventory, stores.oakland, [{ label, skuId: randomUUID(), quantity: 5, locationCode: 'vault' }]);
    const id = await ship([{ packageLabel: label, quantity: 3 }]);
    const count = await call(owner, 'POST', `/v1/stores/${stores.oakland}/counts`, { kind: 'full' });
    expect(count.statusCode, count.body).toBe(201);
    const countId = count.json().id as string;
    const pkg = await db().selectFrom('inventory_package').select('id').where('label', '=', label).executeTakeFirstOrThrow();
    const transit = await db().selectFrom('inventory_location').select('id').where('store_id', '=', stores.oakland).where('code', '=', 'in_transit').executeTakeFirstOrThrow();
    // As a count opened before this release listed it: a line for the goods on the road.
    await db().insertInto('inventory_count_line').values({ count_id: countId, package_id: pkg.id, location_id: transit.id, sku_id: (await db().selectFrom('inventory_package').select('sku_id').where('id', '=', pkg.id).executeTakeFirstOrThrow()).sku_id }).execute();
    const linesOf = async () =>
      (await db().selectFrom('inventory_count_line as c').innerJoin('inventory_location as l', 'l.id', 'c.location_id').select('l.code').where('c.count_id', '=', countId).where('c.package_id', '=', pkg.id).orderBy('l.code').execute()).map((l) => l.code);
    expect(await linesOf()).toEqual(['in_transit', 'vault']);
    const others = Number((await db().selectFrom('inventory_count_line').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    await sql.raw(readFileSync(new URL('../../src/db/migrations/0086_counts_without_in_transit_lines.sql', import.meta.url), 'utf8')).execute(db());
    expect(await linesOf()).toEqual(['vault']);
    expect(Number((await db().selectFrom('inventory_count_line').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(others - 1);
    // The count goes on as any other (rejected here: approving a full count would write off the rest of the store); the transfer is received whole.
    expect((await call(owner, 'POST', `/v1/stores/${stores.oakland}/counts/${countId}/submit`, {})).statusCode).toBe(200);
    expect((await call(owner, 'POST', `/v1/stores/${stores.oakland}/counts/${countId}/decision`, { decision: 'reject' })).statusCode).toBe(200);
    expect((await call(owner, 'POST', `/v1/inventory/transfers/${id}/receive`, {})).statusCode).toBe(200);
    expect(await stockOf(label)).toMatchObject({ 'oakland:in_transit': 0, 'berkeley:vault': 3 });
  });

  it('refuses a missing reason, a caller without the sending store, a role that may not ship and an unknown id, changing nothing; a retry with the same key is answered once', async () => {
    const label = newLabel();
    await receivePackages(server, inventory, stores.oakland, [{ label, skuId: randomUUID(), quantity: 3, locationCode: 'vault' }]);
    const id = await ship([{ packageLabel: label, quantity: 3 }]);
    const before = await world();

    for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(501) }]) {
      const invalid = await cancel(id, body);
      expect(invalid.statusCode, JSON.stringify(body)).toBe(400);
      expect(invalid.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: ['body', 'reason'] }] });
    }
    // The receiving store reads the transfer but may not call it back: the goods are the sender's.
    expect((await call(berkeleyOnly, 'GET', `/v1/inventory/transfers/${id}`)).statusCode).toBe(200);
    const notTheirs = await cancel(id, undefined, berkeleyOnly);
    expect(notTheirs.statusCode).toBe(403);
    expect(notTheirs.json().error.code).toBe('STORE_NOT_ALLOWED');
    const auditorRefused = await cancel(id, undefined, auditor);
    expect(auditorRefused.statusCode).toBe(403);
    expect(auditorRefused.json().error.code).toBe('FORBIDDEN');
    const unknown = await cancel(uuidv7());
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('NOT_FOUND');
    expect(await world()).toEqual(before);

    // A lost answer retried with its Idempotency-Key: one cancellation, the same answer.
    const key = { 'idempotency-key': `cancel-${uuidv7()}` };
    const first = await cancel(id, { reason: 'Wrong store' }, inventory, key);
    expect(first.statusCode, first.body).toBe(200);
    const retried = await cancel(id, { reason: 'Wrong store' }, inventory, key);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual(first.json());
    expect(await db().selectFrom('audit_log').select('id').where('action', '=', 'inventory.transfer.cancelled').where('entity_id', '=', id).execute()).toHaveLength(1);
    expect(await stockOf(label)).toEqual({ 'oakland:in_transit': 0, 'oakland:vault': 3 });
    await expectLedgerBalanced(db());
  });
});
