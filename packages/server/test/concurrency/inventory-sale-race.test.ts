// PostgreSQL only: inventory operations that take stock out of customers' reach (a hold, a
// quarantine, a recall, a failed lab result, a write-off, a move to the vault) racing POS sales
// and online cart completions of the same package, all through the HTTP API of one server with a
// 20-connection pool. The ledger invariants of random interleavings are proven elsewhere
// (inventory-ledger.property.test.ts); this file proves the *sellability* promise: once such an
// operation has answered, no sale of that stock commits, refusals are stable 409s, holds behave
// as documented, and counters equal the ledger.
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { expectLedgerBalanced } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

interface Outcome {
  kind: 'pos' | 'cart';
  status: number;
  code?: string;
}

const REFUSALS = ['PACKAGE_NOT_SELLABLE', 'INSUFFICIENT_STOCK'];

describe('stock that must not be sold is never sold while inventory operations race sales (PostgreSQL)', () => {
  let server: TestServer;
  let cookie: string;
  // A connection of its own, outside the server's pool: it reads what has committed the moment an
  // operation answers, without queueing behind the racing requests.
  let observer: pg.Client;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    cookie = await server.login('manager');
    observer = new pg.Client({ connectionString: server.testDb.url! });
    await observer.connect();
  });
  afterAll(async () => {
    await observer?.end();
    await server?.close();
  });

  const post = (url: string, body: unknown) => server.request({ method: 'POST', url, cookie, body });
  const outcome = (kind: Outcome['kind'], r: LightMyRequestResponse): Outcome => ({
    kind,
    status: r.statusCode,
    code: r.statusCode >= 400 ? r.json().error?.code : undefined,
  });

  const posSale = async (fx: CheckoutFixture, quantity = 1): Promise<Outcome> =>
    outcome(
      'pos',
      await post(`/v1/stores/${fx.storeId}/pos-sales`, {
        id: uuidv7(),
        customer: { kind: 'adult_use', birthDate: '1980-01-01' },
        lines: [{ skuId: fx.skuId, quantity }],
        tenders: [{ kind: 'cash', tenderedCents: 1_000_000 }],
      }),
    );

  /** Carts of distinct customers, each holding one unit of the fixture's SKU, ready to complete. */
  const heldCarts = async (fx: CheckoutFixture, count: number): Promise<string[]> => {
    const buyers = await customers(db(), server.organizationId, count);
    return Promise.all(
      buyers.map(async (customerId) => {
        const cart = await post('/v1/carts', { storeId: fx.storeId, customerId, channel: 'pickup' });
        expect(cart.statusCode, cart.body).toBe(201);
        const id = cart.json().id as string;
        const added = await post(`/v1/carts/${id}/lines`, { skuId: fx.skuId, quantity: 1 });
        expect(added.statusCode, added.body).toBe(200);
        const fulfilled = await server.request({ method: 'PUT', url: `/v1/carts/${id}/fulfillment`, cookie, body: { pickup: { name: 'Racer', phone: '+15105550100' } } });
        expect(fulfilled.statusCode, fulfilled.body).toBe(200);
        return id;
      }),
    );
  };
  const completeCart = async (cartId: string): Promise<Outcome> => outcome('cart', await post(`/v1/carts/${cartId}/complete`, { tenders: [{ kind: 'simulator' }] }));

  /** Sale movements of the package that have committed, read on the observer connection. */
  const committedSales = async (packageId: string): Promise<number[]> =>
    (await observer.query<{ id: string }>(`select id from inventory_movement where package_id = $1 and kind = 'sale' order by id`, [packageId])).rows.map((r) => Number(r.id));

  const expectStableRefusals = (outcomes: Outcome[]) => {
    for (const o of outcomes) {
      if (o.status === 201) continue;
      expect({ ...o, status: o.status }).toMatchObject({ status: 409 });
      expect(REFUSALS).toContain(o.code);
    }
  };

  /** Orders written for the SKU so far, and their units. */
  const skuOrders = async (skuId: string) =>
    (
      await sql<{ n: number; units: number }>`
        select count(distinct o.id)::int as n, coalesce(sum(l.quantity), 0)::int as units
          from sales_order o join sales_order_line l on l.order_id = o.id where l.sku_id = ${skuId}`.execute(db())
    ).rows[0];

  /** Orders written for the SKU (since `before`) and the units the ledger says were sold from the package: the same. */
  const expectOrdersMatchLedger = async (fx: CheckoutFixture, created: number, before = { n: 0, units: 0 }) => {
    const orders = await skuOrders(fx.skuId);
    const sold = await sql<{ units: number }>`
      select coalesce(-sum(on_hand_delta), 0)::int as units from inventory_movement where package_id = ${fx.packageId} and kind = 'sale'`.execute(db());
    expect({ n: orders.n - before.n, units: orders.units - before.units }).toEqual({ n: created, units: created });
    expect(sold.rows[0].units).toBe(created);
  };

  /** On hand and reserved of the package over all its locations, from the counters and from the ledger. */
  const packageStock = async (packageId: string) => {
    const r = await sql<{ on_hand: number; reserved: number; l_on: number; l_res: number }>`
      select (select coalesce(sum(on_hand), 0) from inventory_stock where package_id = ${packageId})::int as on_hand,
             (select coalesce(sum(reserved), 0) from inventory_stock where package_id = ${packageId})::int as reserved,
             (select coalesce(sum(on_hand_delta), 0) from inventory_movement where package_id = ${packageId})::int as l_on,
             (select coalesce(sum(reserved_delta), 0) from inventory_movement where package_id = ${packageId})::int as l_res`.execute(db());
    const row = r.rows[0];
    return { onHand: row.on_hand, reserved: row.reserved, ledgerOnHand: row.l_on, ledgerReserved: row.l_res };
  };

  type StopSale = 'on_hold' | 'quarantined' | 'recalled' | 'lab_failed' | 'location_unsellable';
  const stopSale = async (fx: CheckoutFixture, change: StopSale, batchId: string | null): Promise<LightMyRequestResponse> => {
    if (change === 'location_unsellable') return server.request({ method: 'PATCH', url: `/v1/stores/${fx.storeId}/locations/${fx.locationId}`, cookie, body: { sellable: false } });
    if (change === 'recalled') return post('/v1/inventory/recalls', { packageLabel: fx.packageLabel, reason: 'race test recall' });
    if (change === 'lab_failed') {
      return post(`/v1/inventory/batches/${batchId}/lab-results`, {
        labName: 'Race Labs',
        testedOn: new Date().toISOString().slice(0, 10),
        cannabinoids: [],
        contaminants: [{ panel: 'microbials', status: 'fail' }],
      });
    }
    return post(`/v1/inventory/packages/${fx.packageLabel}/status`, { status: change, reason: `race test ${change}` });
  };

  const skuFor: Record<StopSale, string> = { on_hold: 'HH-BD-35', quarantined: 'HH-GDP-35', recalled: 'RR-SD-35', lab_failed: 'RR-WC-35', location_unsellable: 'HH-BD-7' };

  it.each<StopSale>(['on_hold', 'quarantined', 'recalled', 'lab_failed', 'location_unsellable'])(
    '%s while 20 POS sales and 20 cart completions race it: no sale of it commits after the change answers',
    async (change) => {
      // Now and then every sale gets in before the change commits: that round turned nobody away
      // and proves nothing about refusals, so the race runs again on a fresh package (at most 3
      // rounds). Every round checks every invariant.
      let created = 40;
      for (let round = 0; round < 3 && created === 40; round++) created = await raceOnce(change);
      expect(created, 'some sales were turned away by the change in at least one of 3 rounds').toBeLessThan(40);
    },
  );

  /** One race of 40 sales against the change; answers how many sales were created. */
  async function raceOnce(change: StopSale): Promise<number> {
    let fx = await stockedSku(db(), server.organizationId, { quantity: 100, code: skuFor[change] });
    const ordersBefore = await skuOrders(fx.skuId); // an earlier round's orders of the SKU
    let batchId: string | null = null;
    if (change === 'lab_failed') {
      // A batch of its own, so the failed result touches only this package.
      const batch = await post('/v1/inventory/batches', { code: `RACE-${uuidv7().slice(-12)}`, producerLicense: 'CCL20-0000123' });
      expect(batch.statusCode, batch.body).toBe(201);
      batchId = batch.json().id;
      await sql`update inventory_package set batch_id = ${batchId} where id = ${fx.packageId}`.execute(db());
    }
    if (change === 'location_unsellable') {
      // A sellable shelf of its own, so switching it off touches only this package.
      const shelf = await post(`/v1/stores/${fx.storeId}/locations`, { code: `race_${uuidv7().slice(-12).replace(/-/g, '')}`, name: 'Race shelf', kind: 'display', sellable: true });
      expect(shelf.statusCode, shelf.body).toBe(201);
      const moved = await post(`/v1/stores/${fx.storeId}/packages/${fx.packageLabel}/move`, { fromLocationCode: 'sales_floor', toLocationCode: shelf.json().code, quantity: 100 });
      expect(moved.statusCode, moved.body).toBe(200);
      fx = { ...fx, locationId: shelf.json().id };
    }
    const carts = await heldCarts(fx, 20);
    expect(await packageStock(fx.packageId)).toMatchObject({ onHand: 100, reserved: 20 });

    // Half the sales start; when the first answers, the change goes out while the rest of that
    // half is in flight, and the other half starts right behind it.
    const job = (i: number) => (i % 2 === 0 ? posSale(fx) : completeCart(carts[(i - 1) / 2]));
    let firstAnswer!: () => void;
    const firstAnswered = new Promise<void>((resolve) => (firstAnswer = resolve));
    const firstHalf = Array.from({ length: 20 }, (_, i) => job(i).finally(() => firstAnswer()));
    const secondHalf = firstAnswered.then(() => {
      const changed = stopSale(fx, change, batchId).then(async (response) => ({
        response,
        // Everything that committed before the change answered; nothing may be added after this.
        salesAtAnswer: await committedSales(fx.packageId),
      }));
      return { changed, jobs: Array.from({ length: 20 }, (_, i) => job(20 + i)) };
    });
    const { changed, jobs } = await secondHalf;
    const [outcomes, { response, salesAtAnswer }] = await Promise.all([Promise.all([...firstHalf, ...jobs]), changed]);

    expect([200, 201], response.body).toContain(response.statusCode);
    const salesAfter = await committedSales(fx.packageId);
    expect(salesAfter.filter((id) => !salesAtAnswer.includes(id)), 'sale movements committed after the stop-sale answered').toEqual([]);
    if (change === 'recalled') {
      // The recall's own trace names every buyer of the package: a sale committing after it would be missed.
      expect(response.json().trace.sales.map((s: { movementId: number }) => Number(s.movementId)).sort((a: number, b: number) => a - b)).toEqual(salesAfter);
    }

    expectStableRefusals(outcomes);
    const created = outcomes.filter((o) => o.status === 201).length;
    const refusedCarts = outcomes.filter((o) => o.kind === 'cart' && o.status !== 201).length;
    // The race really happened: some sales got in before the change (and, in some round, some were turned away).
    expect(created).toBeGreaterThan(0);
    await expectOrdersMatchLedger(fx, created, ordersBefore);
    // A hold taken before the change cannot be converted; it stays held (and counted) until
    // released or expired by the sweeper, as docs/inventory.md says.
    expect(await packageStock(fx.packageId)).toEqual({ onHand: 100 - created, reserved: refusedCarts, ledgerOnHand: 100 - created, ledgerReserved: refusedCarts });
    const held = await sql<{ n: number }>`
      select count(distinct r.id)::int as n from inventory_reservation r join inventory_reservation_line l on l.reservation_id = r.id
       where l.package_id = ${fx.packageId} and r.status = 'held'`.execute(db());
    expect(held.rows[0].n).toBe(refusedCarts);

    // And from now on every sale of it is refused, on both channels.
    const stillHeld = carts.filter((_, n) => outcomes[2 * n + 1].status !== 201);
    const late = await Promise.all([posSale(fx), ...stillHeld.slice(0, 2).map(completeCart)]);
    for (const o of late) expect(o.status === 201 ? o : 'refused').toBe('refused');
    expectStableRefusals(late);
    expect(await committedSales(fx.packageId)).toEqual(salesAfter);
    await expectLedgerBalanced(db());
    return created;
  }

  it('negative adjustments racing sales for the last units: held units stay sold-able only to their carts, no overdraw, each adjustment all or nothing', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 12, code: 'HH-HRQ-35' });
    const carts = await heldCarts(fx, 4); // 4 of the 12 units held; 8 free
    const adjust = async (delta: number, kind: 'adjust' | 'theft_loss') => {
      const r = await post(`/v1/stores/${fx.storeId}/packages/${fx.packageLabel}/adjust`, { locationCode: 'sales_floor', delta, kind, reasonCode: kind === 'adjust' ? 'damaged' : 'theft' });
      return { delta, kind, status: r.statusCode, code: r.statusCode >= 400 ? r.json().error?.code : undefined };
    };
    const sales = [...Array.from({ length: 14 }, () => posSale(fx)), ...carts.map(completeCart)];
    const adjustments = [adjust(-5, 'adjust'), adjust(-3, 'theft_loss'), adjust(-4, 'adjust')];
    const [outcomes, adjusted] = await Promise.all([Promise.all(sales), Promise.all(adjustments)]);

    expectStableRefusals(outcomes);
    // Held units are the carts': neither POS sales nor write-offs may take them.
    expect(outcomes.filter((o) => o.kind === 'cart').map((o) => o.status)).toEqual([201, 201, 201, 201]);
    for (const a of adjusted) {
      expect(a.status === 200 || (a.status === 409 && a.code === 'INSUFFICIENT_STOCK'), JSON.stringify(a)).toBe(true);
    }
    // Each adjustment is booked whole or not at all.
    const booked = await sql<{ kind: string; on_hand_delta: string }>`
      select kind, on_hand_delta from inventory_movement where package_id = ${fx.packageId} and kind in ('adjust', 'theft_loss') order by id`.execute(db());
    const applied = adjusted.filter((a) => a.status === 200);
    expect(booked.rows.map((r) => `${r.kind}:${r.on_hand_delta}`).sort()).toEqual(applied.map((a) => `${a.kind}:${a.delta}`).sort());

    const created = outcomes.filter((o) => o.status === 201).length;
    const writtenOff = -applied.reduce((s, a) => s + a.delta, 0);
    expect(created - 4 + writtenOff).toBeLessThanOrEqual(8);
    await expectOrdersMatchLedger(fx, created);
    const stock = await ledgerMatches(db(), fx.packageId);
    expect(stock).toEqual({ onHand: 12 - created - writtenOff, reserved: 0, ledgerOnHand: 12 - created - writtenOff, ledgerReserved: 0 });
    expect(stock.onHand).toBeGreaterThanOrEqual(0);
    await expectLedgerBalanced(db());
  });

  it('moves between the sales floor and the vault racing sales: nothing is sold from the vault, no unit is sold twice or lost', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 10, code: 'HH-LCG-35' });
    const move = async (from: string, to: string, quantity: number) => {
      const r = await post(`/v1/stores/${fx.storeId}/packages/${fx.packageLabel}/move`, { fromLocationCode: from, toLocationCode: to, quantity });
      return { from, to, quantity, status: r.statusCode, code: r.statusCode >= 400 ? r.json().error?.code : undefined };
    };
    // 3 more units of the same package wait in the (unsellable) vault.
    const seeded = await move('sales_floor', 'vault', 3);
    expect(seeded.status).toBe(200);
    const carts = await heldCarts(fx, 2); // floor: 7 on hand, 2 held
    const vault = await db().selectFrom('inventory_location').select('id').where('store_id', '=', fx.storeId).where('code', '=', 'vault').executeTakeFirstOrThrow();

    const sales = [...Array.from({ length: 16 }, () => posSale(fx)), ...carts.map(completeCart)];
    const moves = [move('sales_floor', 'vault', 4), move('vault', 'sales_floor', 2), move('sales_floor', 'vault', 2)];
    const [outcomes, moved] = await Promise.all([Promise.all(sales), Promise.all(moves)]);

    expectStableRefusals(outcomes);
    expect(outcomes.filter((o) => o.kind === 'cart').map((o) => o.status)).toEqual([201, 201]);
    for (const m of moved) expect(m.status === 200 || (m.status === 409 && m.code === 'INSUFFICIENT_STOCK'), JSON.stringify(m)).toBe(true);
    const fromVault = await sql<{ n: number }>`
      select count(*)::int as n from inventory_movement where package_id = ${fx.packageId} and location_id = ${vault.id} and kind in ('sale', 'reserve')`.execute(db());
    expect(fromVault.rows[0].n).toBe(0);

    const created = outcomes.filter((o) => o.status === 201).length;
    await expectOrdersMatchLedger(fx, created);
    const netToVault = 3 + moved.filter((m) => m.status === 200).reduce((s, m) => s + (m.to === 'vault' ? m.quantity : -m.quantity), 0);
    const rows = await db().selectFrom('inventory_stock').select(['location_id', 'on_hand', 'reserved']).where('package_id', '=', fx.packageId).execute();
    const inVault = Number(rows.find((r) => r.location_id === vault.id)?.on_hand ?? 0);
    const onFloor = Number(rows.find((r) => r.location_id === fx.locationId)?.on_hand ?? 0);
    expect(inVault).toBe(netToVault);
    expect(onFloor + inVault + created).toBe(10); // every unit is on a shelf or sold, once
    expect(rows.every((r) => Number(r.reserved) === 0)).toBe(true);

    // What is left on the floor can be sold, what is in the vault cannot.
    const tooMuch = await posSale(fx, onFloor + 1);
    expect(tooMuch).toMatchObject({ status: 409, code: 'INSUFFICIENT_STOCK' });
    await expectLedgerBalanced(db());
  });
});
