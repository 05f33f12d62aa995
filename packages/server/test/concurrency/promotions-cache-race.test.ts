// PostgreSQL only: the per-process cache of a store's promotions (what checkout prices with, in
// its pre-check and again in its transaction) against a promotion change that commits while a
// read of it is in flight.
//
// The read is held deterministically: its query runs on PostgreSQL (so its snapshot predates the
// change's commit), and a Kysely plugin holds the rows before they reach the cache until the change
// has committed and invalidated the cache. A read that finishes after the invalidation must not put
// what it read back into the cache: the next sale is priced on the promotions as they are now, not
// as they were up to the cache's TTL ago.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidatePromotionCache, promotionsForSale } from '../../src/modules/promotions';
import { archivePromotion } from '../../src/modules/promotions/promotions.service';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { counted, heldReads } from '../support/db-probes';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('promotion cache vs. a promotion change committed during a read (PostgreSQL)', () => {
  let server: TestServer;
  let manager: string;
  let fx: CheckoutFixture;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const scope = () => ({ organizationId: server.organizationId, storeId: fx.storeId });
  const posSale = () =>
    server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie: manager,
      body: { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'simulator' }] },
    });

  /** Starts promotionsForSale on a held connection and waits until its query has run. */
  async function startHeldRead() {
    const gate = heldReads(db());
    const read = promotionsForSale(gate.db, scope());
    await Promise.race([
      gate.queried,
      read.then(() => {
        throw new Error('the read did not query the database (the cache was warm)');
      }),
    ]);
    return { read, release: gate.release };
  }

  it('a promotion created while a read is in flight is applied by the next sale (the stale read is not cached)', async () => {
    invalidatePromotionCache(server.organizationId); // a cold cache: the read below goes to the database
    const { read, release } = await startHeldRead();

    // The change commits (and invalidates this process's cache) while the read holds its rows.
    const created = await server.request({
      method: 'POST',
      url: '/v1/promotions',
      cookie: manager,
      body: { storeId: fx.storeId, name: '$2.50 off every order', receiptLabel: 'RACE250', action: { type: 'fixed_off_order', amountCents: 250 } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const promotionId = created.json().id as string;
    // Its published event invalidates the cache once more (for other processes): handled here
    // before the read goes on, so that it cannot arrive late and empty the cache the last check reads.
    await server.platform.sequencer.wake();
    await server.platform.feed.wake();
    try {
      release();
      const stale = await read;
      // The interleaving happened: the read's snapshot predates the change.
      expect(stale.promotions.map((p) => p.id)).not.toContain(promotionId);

      // The next pricing (pre-check and in-transaction re-pricing) sees the new promotion.
      const fresh = await promotionsForSale(db(), scope());
      expect(fresh.promotions.map((p) => p.id)).toContain(promotionId);
      const sale = await posSale();
      expect(sale.statusCode, sale.body).toBe(201);
      expect(sale.json().order.discountCents).toBe(250);

      // The hot path stays cheap: a read that raced nothing is cached (no statement for the next one).
      const again = counted(db());
      const cached = await promotionsForSale(again.db, scope());
      expect(cached.promotions.map((p) => p.id)).toContain(promotionId);
      expect(again.statements).toBe(0);
    } finally {
      expect((await server.request({ method: 'DELETE', url: `/v1/promotions/${promotionId}`, cookie: manager })).statusCode).toBeLessThan(300);
    }
  });

  it('a promotion archived while a read that began inside the archive transaction is in flight is not applied by the next sale', async () => {
    const created = await server.request({
      method: 'POST',
      url: '/v1/promotions',
      cookie: manager,
      body: { storeId: fx.storeId, name: '$1 off every order', receiptLabel: 'RACE100', action: { type: 'fixed_off_order', amountCents: 100 } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const promotionId = created.json().id as string;
    const before = await posSale();
    expect(before.statusCode, before.body).toBe(201);
    expect(before.json().order.discountCents).toBe(100);

    // The read starts after the archive's in-transaction invalidation and before its commit (so it
    // reads the promotion as still live); it finishes after the commit's invalidation.
    let held!: Awaited<ReturnType<typeof startHeldRead>>;
    await inTransaction(server.platform.tx, systemContext(server.organizationId), async (uow) => {
      await archivePromotion(uow, server.organizationId, promotionId, 'cache race test');
      held = await startHeldRead();
    });
    held.release();
    const stale = await held.read;
    expect(stale.promotions.map((p) => p.id)).toContain(promotionId);

    const fresh = await promotionsForSale(db(), scope());
    expect(fresh.promotions.map((p) => p.id)).not.toContain(promotionId);
    const sale = await posSale();
    expect(sale.statusCode, sale.body).toBe(201);
    expect(sale.json().order.discountCents).toBe(0);
  });
});
