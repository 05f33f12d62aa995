import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertReservationToSale, releaseReservation, reserve, returnToStock, sellDirect } from '../../src/modules/inventory';
import { adjustPackage, movePackage } from '../../src/modules/inventory/inventory.packages';
import { AppError } from '../../src/platform/errors';
import { startTestServer, type TestServer } from '../support/test-server';
import { demoStores, expectLedgerBalanced, newLabel } from '../support/inventory-fixtures';
import { run, staffContext, stockPackage } from '../support/inventory-actors';

// Random interleavings of receive / sell / reserve / convert / release / return / move / adjust,
// run four at a time against PostgreSQL. Whatever the order, the counters never break their
// limits, always equal the ledger, and total stock equals what the successful operations say.

type Op =
  | { kind: 'receive'; qty: number }
  | { kind: 'sell'; qty: number }
  | { kind: 'reserve'; qty: number }
  | { kind: 'convert' }
  | { kind: 'release' }
  | { kind: 'return'; qty: number }
  | { kind: 'move'; qty: number; toVault: boolean; pick: number }
  | { kind: 'adjust'; delta: number; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('receive' as const), qty: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ kind: fc.constant('sell' as const), qty: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('reserve' as const), qty: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('convert' as const) }),
  fc.record({ kind: fc.constant('release' as const) }),
  fc.record({ kind: fc.constant('return' as const), qty: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('move' as const), qty: fc.integer({ min: 1, max: 6 }), toVault: fc.boolean(), pick: fc.nat() }),
  fc.record({ kind: fc.constant('adjust' as const), delta: fc.integer({ min: -5, max: 5 }).filter((d) => d !== 0), pick: fc.nat() }),
);

describe('inventory ledger invariants under random interleavings (PostgreSQL, fast-check)', () => {
  let server: TestServer;
  let storeId: string;
  beforeAll(async () => {
    server = await startTestServer();
    storeId = (await demoStores(server)).oakland;
  });
  afterAll(() => server?.close());

  it('keeps on_hand >= 0, reserved <= on_hand, counters = ledger, and stock = the sum of successful operations', async () => {
    const ctx = staffContext(server.organizationId);
    const db = server.platform.database.db;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 8, maxLength: 28 }), async (ops) => {
        const skuId = randomUUID();
        const labels = [newLabel()];
        await stockPackage(server.platform, ctx, { storeId, label: labels[0], skuId, quantity: 20 });
        let expectedOnHand = 20;
        const held: Array<{ id: string; qty: number }> = [];
        const sales: Array<{ orderId: string; label: string; left: number }> = [];
        const expected = (error: unknown) => error instanceof AppError && ['INSUFFICIENT_STOCK', 'RESERVATION_NOT_HELD'].includes(error.code);

        const execute = async (o: Op): Promise<void> => {
          try {
            switch (o.kind) {
              case 'receive': {
                const label = newLabel();
                await stockPackage(server.platform, ctx, { storeId, label, skuId, quantity: o.qty });
                labels.push(label);
                expectedOnHand += o.qty;
                return;
              }
              case 'sell': {
                const orderId = randomUUID();
                const sale = await run(server.platform, ctx, (uow) => sellDirect(uow, { storeId, lines: [{ skuId, quantity: o.qty }], reference: { orderId, channel: 'pos' } }));
                expectedOnHand -= o.qty;
                for (const pick of sale.lines[0].picks) sales.push({ orderId, label: pick.packageLabel, left: pick.quantity });
                return;
              }
              case 'reserve': {
                const r = await run(server.platform, ctx, (uow) => reserve(uow, { storeId, lines: [{ skuId, quantity: o.qty }], ttlSeconds: 600, reference: 'prop' }));
                held.push({ id: r.id, qty: o.qty });
                return;
              }
              case 'convert': {
                const h = held.shift();
                if (!h) return;
                const orderId = randomUUID();
                try {
                  const r = await run(server.platform, ctx, (uow) => convertReservationToSale(uow, h.id, { orderId, channel: 'online' }));
                  expectedOnHand -= h.qty;
                  for (const pick of r.lines[0].picks) sales.push({ orderId, label: pick.packageLabel, left: pick.quantity });
                } catch (error) {
                  held.push(h);
                  throw error;
                }
                return;
              }
              case 'release': {
                const h = held.shift();
                if (!h) return;
                await run(server.platform, ctx, (uow) => releaseReservation(uow, h.id));
                return;
              }
              case 'return': {
                const sale = sales.find((s) => s.left > 0);
                if (!sale) return;
                const qty = Math.min(o.qty, sale.left);
                sale.left -= qty; // claimed before the call, so two concurrent returns cannot both count it
                try {
                  await run(server.platform, ctx, (uow) => returnToStock(uow, { storeId, orderId: sale.orderId, lines: [{ packageLabel: sale.label, quantity: qty }] }));
                  expectedOnHand += qty;
                } catch (error) {
                  sale.left += qty;
                  throw error;
                }
                return;
              }
              case 'move': {
                const label = labels[o.pick % labels.length];
                const [from, to] = o.toVault ? ['sales_floor', 'vault'] : ['vault', 'sales_floor'];
                await run(server.platform, ctx, (uow) => movePackage(uow, storeId, label, { fromLocationCode: from, toLocationCode: to, quantity: o.qty }));
                return;
              }
              case 'adjust': {
                const label = labels[o.pick % labels.length];
                await run(server.platform, ctx, (uow) => adjustPackage(uow, storeId, label, { locationCode: 'sales_floor', delta: o.delta, kind: 'adjust', reasonCode: 'other' }));
                expectedOnHand += o.delta;
                return;
              }
            }
          } catch (error) {
            if (!expected(error)) throw error;
          }
        };

        for (let i = 0; i < ops.length; i += 4) await Promise.all(ops.slice(i, i + 4).map(execute));

        const rows = await db.selectFrom('inventory_stock').select(['on_hand', 'reserved']).where('sku_id', '=', skuId).execute();
        for (const row of rows) {
          expect(Number(row.on_hand)).toBeGreaterThanOrEqual(0);
          expect(Number(row.reserved)).toBeGreaterThanOrEqual(0);
          expect(Number(row.reserved)).toBeLessThanOrEqual(Number(row.on_hand));
        }
        expect(rows.reduce((s, r) => s + Number(r.on_hand), 0)).toBe(expectedOnHand);
        expect(rows.reduce((s, r) => s + Number(r.reserved), 0)).toBe(held.reduce((s, h) => s + h.qty, 0));
        await expectLedgerBalanced(db);
      }),
      { numRuns: 12 },
    );
  });
});
