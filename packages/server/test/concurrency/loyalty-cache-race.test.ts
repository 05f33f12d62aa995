// PostgreSQL only: the per-process cache of an organization's loyalty program (what every sale with
// a customer earns and redeems by) against a program change that commits while a read of it is in
// flight. The technique is promotions-cache-race.test.ts's: the read's query runs on PostgreSQL (its
// snapshot predates the change's commit) and a Kysely plugin holds its rows until the change has
// committed and invalidated the cache. A read that finishes after the invalidation must not put
// what it read back into the cache: the next sale earns by the program as it is now.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeLoyaltyProgram } from '../../src/modules/loyalty';
import { putProgram } from '../../src/modules/loyalty/loyalty.service';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { counted, heldReads } from '../support/db-probes';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const program = (pointsPerDollar: number) => ({
  earn: { pointsPerDollar, excludedCategories: ['accessory'] },
  tiers: [{ id: 'green', name: 'Green', minLifetimePoints: 0, multiplier: 1 }],
  redemption: { pointsPerBlock: 100, centsPerBlock: 500, minPoints: 100, maxPercentOfOrder: 50 },
});

interface OrderLine {
  grossCents: number;
  discountCents: number;
}

describe('loyalty program cache vs. a program change committed during a read (PostgreSQL)', () => {
  let server: TestServer;
  let manager: string;
  let fx: CheckoutFixture;
  let buyers: string[];

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
    buyers = await customers(server.platform.database.db, server.organizationId, 2);
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const putOverHttp = async (body: unknown) => {
    const response = await server.request({ method: 'PUT', url: '/v1/loyalty/program', cookie: manager, body });
    expect(response.statusCode, response.body).toBe(200);
  };
  /** A POS sale to `customerId`; answers the points it earned and the amount they were earned on. */
  const posSale = async (customerId: string) => {
    const sale = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie: manager,
      body: { id: uuidv7(), customerId, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'simulator' }] },
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json().order;
    const earned = await db().selectFrom('loyalty_entry').select('points').where('order_id', '=', order.id).where('kind', '=', 'earn').executeTakeFirst();
    return { points: earned?.points ?? 0, eligibleCents: order.lines.reduce((s: number, l: OrderLine) => s + l.grossCents - l.discountCents, 0) as number };
  };

  /** Starts activeLoyaltyProgram on a held connection and waits until its query has run. */
  async function startHeldRead() {
    const gate = heldReads(db());
    const read = activeLoyaltyProgram(gate.db, server.organizationId);
    await Promise.race([
      gate.queried,
      read.then(() => {
        throw new Error('the read did not query the database (the cache was warm)');
      }),
    ]);
    return { read, release: gate.release };
  }

  it('a program changed while a read is in flight is the one the next sale earns by (the stale read is not cached)', async () => {
    await putOverHttp({ program: program(1) }); // also leaves this process's cache cold
    const { read, release } = await startHeldRead();

    // The change commits (and invalidates this process's cache) while the read holds its rows.
    await putOverHttp({ program: program(10) });
    // Its published event invalidates the cache once more (for other processes): handled here
    // before the read goes on, so that it cannot arrive late and empty the cache the last check reads.
    await server.platform.sequencer.wake();
    await server.platform.feed.wake();
    release();
    const stale = await read;
    // The interleaving happened: the read's snapshot predates the change.
    expect(stale?.earn.pointsPerDollar).toBe(1);

    // The next sale earns by the new rate.
    expect((await activeLoyaltyProgram(db(), server.organizationId))?.earn.pointsPerDollar).toBe(10);
    const sale = await posSale(buyers[0]);
    expect(sale.eligibleCents).toBeGreaterThanOrEqual(100);
    expect(sale.points).toBe(Math.floor((sale.eligibleCents * 10) / 100));

    // The hot path stays cheap: a read that raced nothing is cached (no statement for the next one).
    const again = counted(db());
    expect((await activeLoyaltyProgram(again.db, server.organizationId))?.earn.pointsPerDollar).toBe(10);
    expect(again.statements).toBe(0);
  });

  it('a program switched off while a read that began inside the change transaction is in flight earns nothing on the next sale', async () => {
    await putOverHttp({ program: program(1) });
    const before = await posSale(buyers[1]);
    expect(before.points).toBe(Math.floor(before.eligibleCents / 100));

    // The read starts after the change's in-transaction invalidation and before its commit (so it
    // reads the program as still active); it finishes after the commit's invalidation.
    let held!: Awaited<ReturnType<typeof startHeldRead>>;
    await inTransaction(server.platform.tx, systemContext(server.organizationId), async (uow) => {
      await putProgram(uow, server.organizationId, { program: program(1), active: false });
      held = await startHeldRead();
    });
    held.release();
    const stale = await held.read;
    expect(stale?.earn.pointsPerDollar).toBe(1);

    expect(await activeLoyaltyProgram(db(), server.organizationId)).toBeNull();
    const after = await posSale(buyers[1]);
    expect(after.points).toBe(0);
  });
});
