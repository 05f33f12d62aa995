// PostgreSQL only: a transfer cancelled by the sender while the receiving store takes it in. Both
// lock the transfer row before anything else, so they are judged one after the other: exactly one
// wins, the others get 409 TRANSFER_NOT_IN_TRANSIT and change nothing. The package has a second
// transfer in transit, so the sender's in-transit stock could pay for both a cancel and a receipt:
// without the row lock the stock guard alone would let both commit (the goods back home and at the
// other store, from one shipment). A cancel racing the retirement of the location the goods left
// from ends with the goods back on the shelf and the shelf in use, or the shelf retired and the
// goods in the vault: never a retired location holding stock.
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStores, expectLedgerBalanced, newLabel, receivePackages } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('transfer cancel racing receive (PostgreSQL)', () => {
  let server: TestServer;
  let manager: string;
  let inventory: string;
  let stores: { oakland: string; denver: string; berkeley: string };
  const db = () => server.platform.database.db;
  const outcome = (r: LightMyRequestResponse) => (r.statusCode < 300 ? String(r.statusCode) : `${r.statusCode} ${r.json().error?.code}`);

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    inventory = await server.login('inventory');
    stores = await demoStores(server);
  });
  afterAll(() => server?.close());

  async function onHand(label: string) {
    const rows = await sql<{ store_id: string; code: string; on_hand: string }>`
      select s.store_id, l.code, s.on_hand from inventory_stock s join inventory_location l on l.id = s.location_id
        join inventory_package p on p.id = s.package_id where p.label = ${label}`.execute(db());
    const at = (storeId: string, code: string) => Number(rows.rows.find((r) => r.store_id === storeId && r.code === code)?.on_hand ?? 0);
    return { vault: at(stores.oakland, 'vault'), inTransit: at(stores.oakland, 'in_transit'), berkeley: at(stores.berkeley, 'vault') };
  }

  it('cancels and receipts of one transfer fired at once: exactly one commits, and the stock moves once', async () => {
    const winners: string[] = [];
    for (let round = 0; round < 12; round++) {
      const label = newLabel();
      await receivePackages(server, inventory, stores.oakland, [{ label, skuId: randomUUID(), quantity: 10, locationCode: 'vault' }]);
      const ship = async () => {
        const shipped = await server.request({ method: 'POST', url: '/v1/inventory/transfers', cookie: manager, body: { fromStoreId: stores.oakland, toStoreId: stores.berkeley, items: [{ packageLabel: label, quantity: 3 }] } });
        expect(shipped.statusCode, shipped.body).toBe(201);
        return shipped.json().id as string;
      };
      const raced = await ship();
      await ship(); // the second shipment of the package: 6 in transit, enough for both to pass the stock guard
      expect(await onHand(label)).toEqual({ vault: 4, inTransit: 6, berkeley: 0 });

      const cancel = () => server.request({ method: 'POST', url: `/v1/inventory/transfers/${raced}/cancel`, cookie: manager, body: { reason: `round ${round}` } });
      const receive = () => server.request({ method: 'POST', url: `/v1/inventory/transfers/${raced}/receive`, cookie: inventory, body: {} });
      // Alternate who is sent first, so neither always has a head start.
      const requests = round % 2 === 0 ? [cancel, receive, cancel, receive, cancel, receive] : [receive, cancel, receive, cancel, receive, cancel];
      const results = await Promise.all(requests.map((send) => send()));
      const outcomes = results.map(outcome);
      expect(outcomes.filter((o) => o === '200'), outcomes.join(', ')).toHaveLength(1);
      expect(outcomes.filter((o) => o !== '200').every((o) => o === '409 TRANSFER_NOT_IN_TRANSIT'), outcomes.join(', ')).toBe(true);

      const winner = results.find((r) => r.statusCode === 200)!.json().status as 'cancelled' | 'received';
      winners.push(winner);
      const row = await db().selectFrom('inventory_transfer').select(['status', 'received_at', 'cancelled_at']).where('id', '=', raced).executeTakeFirstOrThrow();
      expect(row.status).toBe(winner);
      expect([row.received_at !== null, row.cancelled_at !== null]).toEqual([winner === 'received', winner === 'cancelled']);
      // The raced shipment moved once: back to the vault, or into Berkeley; the other stays in transit.
      expect(await onHand(label)).toEqual(winner === 'cancelled' ? { vault: 7, inTransit: 3, berkeley: 0 } : { vault: 4, inTransit: 3, berkeley: 3 });
      const audited = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', raced)
        .where('action', 'in', ['inventory.transfer.cancelled', 'inventory.transfer.received'])
        .execute();
      expect(audited.map((a) => a.action)).toEqual([`inventory.transfer.${winner}`]);
      const events = await db().selectFrom('outbox_event').select('type').where('aggregate_id', '=', raced).where('type', 'in', ['inventory.transfer.cancelled', 'inventory.transfer.received']).execute();
      expect(events.map((e) => e.type)).toEqual([`inventory.transfer.${winner}`]);
    }
    await expectLedgerBalanced(db());
    // Both outcomes are possible; which one won each round is up to the scheduler.
    expect(winners).toHaveLength(12);
  });

  it('a cancel racing the retirement of the location the goods left from: never a retired location holding stock', async () => {
    for (let round = 0; round < 8; round++) {
      const code = `race_shelf_${round}_${randomUUID().slice(0, 6)}`;
      const shelf = await server.request({ method: 'POST', url: `/v1/stores/${stores.oakland}/locations`, cookie: manager, body: { code, name: 'Race shelf', kind: 'display' } });
      expect(shelf.statusCode, shelf.body).toBe(201);
      const label = newLabel();
      await receivePackages(server, inventory, stores.oakland, [{ label, skuId: randomUUID(), quantity: 4, locationCode: code }]);
      const shipped = await server.request({ method: 'POST', url: '/v1/inventory/transfers', cookie: manager, body: { fromStoreId: stores.oakland, toStoreId: stores.berkeley, items: [{ packageLabel: label, quantity: 4, fromLocationCode: code }] } });
      expect(shipped.statusCode, shipped.body).toBe(201);
      // The shelf is empty now: retiring it is allowed, unless the goods come back first.
      const [cancelled, retired] = await Promise.all([
        server.request({ method: 'POST', url: `/v1/inventory/transfers/${shipped.json().id}/cancel`, cookie: manager, body: { reason: 'race' } }),
        server.request({ method: 'PATCH', url: `/v1/stores/${stores.oakland}/locations/${shelf.json().id}`, cookie: manager, body: { active: false } }),
      ]);
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      const back = cancelled.json().items[0].returnedToLocationCode;
      if (retired.statusCode === 200) expect(back).toBe('vault');
      else {
        expect(outcome(retired)).toBe('409 LOCATION_NOT_EMPTY');
        expect(back).toBe(code);
      }
      const location = await db().selectFrom('inventory_location').select('active').where('id', '=', shelf.json().id).executeTakeFirstOrThrow();
      const left = await sql<{ on_hand: string }>`select coalesce(sum(on_hand), 0) as on_hand from inventory_stock where location_id = ${shelf.json().id}`.execute(db());
      expect([location.active, Number(left.rows[0].on_hand)]).toEqual(location.active ? [true, 4] : [false, 0]);
    }
    await expectLedgerBalanced(db());
  });
});
