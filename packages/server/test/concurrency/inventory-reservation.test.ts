import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertReservationToSale, releaseReservation, reserve, sellDirect } from '../../src/modules/inventory';
import { AppError } from '../../src/platform/errors';
import { startTestServer, type TestServer } from '../support/test-server';
import { demoStores, expectLedgerBalanced, newLabel } from '../support/inventory-fixtures';
import { naiveReserveOne, run, staffContext, stockPackage } from '../support/inventory-actors';

// Racing clients on PostgreSQL (PGlite has one connection and cannot race).
describe('inventory under concurrency (PostgreSQL)', () => {
  let server: TestServer;
  let stores: { oakland: string; denver: string };
  const db = () => server.platform.database.db;
  const ctx = () => staffContext(server.organizationId);

  beforeAll(async () => {
    server = await startTestServer();
    stores = await demoStores(server);
  });
  afterAll(() => server?.close());

  const codeOf = (result: PromiseSettledResult<unknown>) =>
    result.status === 'fulfilled' ? 'ok' : result.reason instanceof AppError ? result.reason.code : String(result.reason?.code ?? result.reason);

  it('200 clients reserving 1 unit of a package holding 50: exactly 50 succeed, 150 get INSUFFICIENT_STOCK, counters equal the ledger', async () => {
    const skuId = randomUUID();
    const label = newLabel();
    await stockPackage(server.platform, ctx(), { storeId: stores.oakland, label, skuId, quantity: 50 });
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        run(server.platform, ctx(), (uow) => reserve(uow, { storeId: stores.oakland, lines: [{ skuId, quantity: 1 }], ttlSeconds: 600, reference: `cart-${i}` })),
      ),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(50);
    expect(codes.filter((c) => c === 'INSUFFICIENT_STOCK')).toHaveLength(150);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.details.lines[0]).toMatchObject({ skuId, requested: 1, available: 0 });
    const stock = await db().selectFrom('inventory_stock as s').innerJoin('inventory_package as p', 'p.id', 's.package_id').select(['s.on_hand', 's.reserved']).where('p.label', '=', label).execute();
    expect(stock).toEqual([{ on_hand: 50, reserved: 50 }]);
    const held = await db().selectFrom('inventory_reservation').select((eb) => eb.fn.countAll<number>().as('n')).where('reference', 'like', 'cart-%').where('status', '=', 'held').executeTakeFirstOrThrow();
    expect(Number(held.n)).toBe(50);
    await expectLedgerBalanced(db());
  });

  it('NEGATIVE CONTROL: a naive read-then-write tells more than 50 of 200 clients they got a unit, and the counters drift from the ledger', async () => {
    const skuId = randomUUID();
    const label = newLabel();
    const packageId = await stockPackage(server.platform, ctx(), { storeId: stores.denver, label, skuId, quantity: 50 });
    const location = await db().selectFrom('inventory_stock').select('location_id').where('package_id', '=', packageId).executeTakeFirstOrThrow();
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => naiveReserveOne(server.platform, ctx(), packageId, location.location_id)));
    const told = results.filter((r) => r.status === 'fulfilled').length;
    // Oversold: more "yes" answers than units. The same race against reserve() above gives exactly 50.
    expect(told).toBeGreaterThan(50);
    const ledger = await sql<{ reserved: number }>`select sum(reserved_delta)::bigint as reserved from inventory_movement where package_id = ${packageId}`.execute(db());
    const counter = await db().selectFrom('inventory_stock').select('reserved').where('package_id', '=', packageId).executeTakeFirstOrThrow();
    expect(Number(ledger.rows[0].reserved)).toBe(told);
    expect(Number(counter.reserved)).toBeLessThan(told); // lost updates: the counter no longer matches the ledger
    // Reconciliation sees it.
    const drifts = await sql<{ n: number }>`
      select count(*)::int as n from inventory_stock s
       where s.package_id = ${packageId}
         and s.reserved <> (select coalesce(sum(reserved_delta), 0) from inventory_movement m where m.package_id = s.package_id and m.location_id = s.location_id)`.execute(db());
    expect(drifts.rows[0].n).toBe(1);
    // Leave the database balanced for the other tests: zero the counter and book the matching release.
    await sql`update inventory_stock set reserved = 0 where package_id = ${packageId}`.execute(db());
    await sql`insert into inventory_movement (organization_id, store_id, package_id, location_id, sku_id, kind, on_hand_delta, reserved_delta, reason_code, actor_type)
              values (${server.organizationId}, ${stores.denver}, ${packageId}, ${location.location_id}, ${skuId}, 'release', 0, ${-told}, 'test_cleanup', 'system')`.execute(db());
    await expectLedgerBalanced(db());
  });

  it('carts naming two packages in opposite orders, POS sales and conversions race without deadlocks or oversell', async () => {
    const skuA = randomUUID();
    const skuB = randomUUID();
    const [la, lb] = [newLabel(), newLabel()];
    await stockPackage(server.platform, ctx(), { storeId: stores.oakland, label: la, skuId: skuA, quantity: 40 });
    await stockPackage(server.platform, ctx(), { storeId: stores.oakland, label: lb, skuId: skuB, quantity: 40 });
    const work = Array.from({ length: 120 }, (_, i) => {
      const lines = i % 2 === 0 ? [{ skuId: skuA, quantity: 1 }, { skuId: skuB, quantity: 1 }] : [{ skuId: skuB, quantity: 1, packageLabel: lb }, { skuId: skuA, quantity: 1, packageLabel: la }];
      if (i % 3 === 0) return run(server.platform, ctx(), (uow) => sellDirect(uow, { storeId: stores.oakland, lines, reference: { orderId: `pos-${i}`, channel: 'pos' } }));
      return run(server.platform, ctx(), async (uow) => {
        const held = await reserve(uow, { storeId: stores.oakland, lines, ttlSeconds: 600, reference: `mix-${i}` });
        return held;
      }).then((held) =>
        i % 3 === 1
          ? run(server.platform, ctx(), (uow) => convertReservationToSale(uow, held.id, { orderId: `web-${i}`, channel: 'online' }))
          : run(server.platform, ctx(), (uow) => releaseReservation(uow, held.id)),
      );
    });
    const results = await Promise.allSettled(work);
    const codes = results.map(codeOf);
    expect(codes.every((c) => c === 'ok' || c === 'INSUFFICIENT_STOCK')).toBe(true);
    const sold = await sql<{ label: string; sold: number }>`
      select p.label, (-sum(m.on_hand_delta))::bigint as sold from inventory_movement m join inventory_package p on p.id = m.package_id
       where p.label in (${la}, ${lb}) and m.kind = 'sale' group by p.label`.execute(db());
    for (const row of sold.rows) expect(Number(row.sold)).toBeLessThanOrEqual(40);
    const stock = await db().selectFrom('inventory_stock as s').innerJoin('inventory_package as p', 'p.id', 's.package_id').select(['p.label', 's.on_hand', 's.reserved']).where('p.label', 'in', [la, lb]).execute();
    for (const row of stock) {
      expect(Number(row.reserved)).toBe(0);
      expect(Number(row.on_hand)).toBe(40 - Number(sold.rows.find((s) => s.label === row.label)?.sold ?? 0));
    }
    await expectLedgerBalanced(db());
  });
});
