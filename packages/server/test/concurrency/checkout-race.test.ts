// PostgreSQL only: racing clients against the last units. Every checkout goes through the HTTP
// API of one server with a 20-connection pool, so transactions really interleave.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('checkout races (PostgreSQL)', () => {
  let server: TestServer;
  let cookie: string;
  let fx: CheckoutFixture;

  beforeAll(async () => {
    server = await startTestServer();
    cookie = await server.login('manager');
  });
  afterAll(() => server.close());

  it('200 concurrent online and POS checkouts for the last 50 units: exactly 50 orders, 150 INSUFFICIENT_STOCK', async () => {
    const db = server.platform.database.db;
    fx = await stockedSku(db, server.organizationId, { quantity: 50 });
    const buyers = await customers(db, server.organizationId, 100);

    const online = async (customerId: string) => {
      const cart = await server.request({ method: 'POST', url: '/v1/carts', cookie, body: { storeId: fx.storeId, customerId, channel: 'pickup' } });
      if (cart.statusCode !== 201) return { status: cart.statusCode, code: cart.json().error?.code };
      const id = cart.json().id;
      const added = await server.request({ method: 'POST', url: `/v1/carts/${id}/lines`, cookie, body: { skuId: fx.skuId, quantity: 1 } });
      if (added.statusCode !== 200) return { status: added.statusCode, code: added.json().error?.code };
      await server.request({ method: 'PUT', url: `/v1/carts/${id}/fulfillment`, cookie, body: { pickup: { name: 'Racer', phone: '+15105550100' } } });
      const done = await server.request({ method: 'POST', url: `/v1/carts/${id}/complete`, cookie, body: { tenders: [{ kind: 'simulator' }] } });
      return { status: done.statusCode, code: done.statusCode >= 400 ? done.json().error?.code : undefined };
    };
    const pos = async () => {
      const done = await server.request({
        method: 'POST',
        url: `/v1/stores/${fx.storeId}/pos-sales`,
        cookie,
        body: { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
      });
      return { status: done.statusCode, code: done.statusCode >= 400 ? done.json().error?.code : undefined };
    };
    const jobs = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? online(buyers[i / 2]) : pos()));
    const results = await Promise.all(jobs);

    const ok = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 409 && r.code === 'INSUFFICIENT_STOCK');
    expect(ok).toHaveLength(50);
    expect(refused).toHaveLength(150);
    const orders = await sql<{ n: number; units: number }>`
      select count(distinct o.id)::int as n, coalesce(sum(l.quantity), 0)::int as units
        from sales_order o join sales_order_line l on l.order_id = o.id where l.sku_id = ${fx.skuId}`.execute(db);
    expect(orders.rows[0]).toEqual({ n: 50, units: 50 });
    const stock = await ledgerMatches(db, fx.packageId);
    expect(stock).toEqual({ onHand: 0, reserved: 0, ledgerOnHand: 0, ledgerReserved: 0 });
  });

  it('carts of one package completed at once: every availability event counts the sales committed before it', async () => {
    // Each completion publishes the SKU's totals after its own sale, read in the statement that
    // takes the stock. A completion that waited for another's row lock must count that sale: 30
    // conversions of one unit each from one package publish on hand 69, 68, …, 40, each once.
    const db = server.platform.database.db;
    const stocked = await stockedSku(db, server.organizationId, { quantity: 70, code: 'HH-HRQ-35' });
    const buyers = await customers(db, server.organizationId, 30);
    const carts: string[] = [];
    for (const customerId of buyers) {
      const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie, body: { storeId: stocked.storeId, customerId, channel: 'pickup' } })).json();
      await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie, body: { skuId: stocked.skuId, quantity: 1 } });
      await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie, body: { pickup: { name: 'Same shelf', phone: '+15105550100' } } });
      carts.push(cart.id);
    }
    const before = await sql<{ id: string }>`select coalesce(max(id), 0)::text as id from outbox_event`.execute(db);
    const done = await Promise.all(carts.map((id) => server.request({ method: 'POST', url: `/v1/carts/${id}/complete`, cookie, body: { tenders: [{ kind: 'simulator' }] } })));
    expect(done.map((r) => r.statusCode)).toEqual(carts.map(() => 201));
    const events = await sql<{ on_hand: number; reserved: number; available: number }>`
      select (payload->>'onHand')::int as on_hand, (payload->>'reserved')::int as reserved, (payload->>'available')::int as available
        from outbox_event where id > ${before.rows[0].id}::bigint and type = 'inventory.availability.changed' and aggregate_id = ${stocked.skuId}`.execute(db);
    expect(events.rows.map((e) => e.on_hand).sort((a, b) => b - a)).toEqual(Array.from({ length: 30 }, (_, i) => 69 - i));
    expect(events.rows.map((e) => e.on_hand - e.reserved)).toEqual(events.rows.map(() => 40)); // a conversion changes on hand, not what is available
    expect(events.rows.map((e) => e.available)).toEqual(events.rows.map(() => 40));
    expect(await ledgerMatches(db, stocked.packageId)).toEqual({ onHand: 40, reserved: 0, ledgerOnHand: 40, ledgerReserved: 0 });
  });

  it('holds and POS sales of one package at once: every availability event counts what committed before it', async () => {
    // A hold and a POS sale publish the SKU's totals read by the statement that moves the stock
    // (the rows were locked by the statement before it, so that statement's snapshot has them but
    // not its own change). 30 holds of one unit publish reserved 1…30, 30 POS sales on hand 69…40.
    const db = server.platform.database.db;
    const held = await stockedSku(db, server.organizationId, { quantity: 70, code: 'HH-LCG-35' });
    const buyers = await customers(db, server.organizationId, 30);
    const carts: string[] = [];
    for (const customerId of buyers) {
      carts.push((await server.request({ method: 'POST', url: '/v1/carts', cookie, body: { storeId: held.storeId, customerId, channel: 'pickup' } })).json().id);
    }
    const availabilityEvents = async (skuId: string, after: string) =>
      (
        await sql<{ on_hand: number; reserved: number; available: number }>`
          select (payload->>'onHand')::int as on_hand, (payload->>'reserved')::int as reserved, (payload->>'available')::int as available
            from outbox_event where id > ${after}::bigint and type = 'inventory.availability.changed' and aggregate_id = ${skuId}`.execute(db)
      ).rows;
    const lastEvent = async () => (await sql<{ id: string }>`select coalesce(max(id), 0)::text as id from outbox_event`.execute(db)).rows[0].id;

    let before = await lastEvent();
    const added = await Promise.all(carts.map((id) => server.request({ method: 'POST', url: `/v1/carts/${id}/lines`, cookie, body: { skuId: held.skuId, quantity: 1 } })));
    expect(added.map((r) => r.statusCode)).toEqual(carts.map(() => 200));
    const holds = await availabilityEvents(held.skuId, before);
    expect(holds.map((e) => e.reserved).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(holds.map((e) => e.on_hand)).toEqual(holds.map(() => 70));
    expect(holds.map((e) => e.available).sort((a, b) => b - a)).toEqual(Array.from({ length: 30 }, (_, i) => 69 - i));
    // Each cart's hold is stored with the expiry its cart shows.
    const stored = await sql<{ same: boolean }>`
      select c.hold_expires_at = r.expires_at as same from sales_cart c join inventory_reservation r on r.id = c.reservation_id
       where c.id = any(${carts}::uuid[])`.execute(db);
    expect(stored.rows.map((r) => r.same)).toEqual(carts.map(() => true));
    expect(await ledgerMatches(db, held.packageId)).toEqual({ onHand: 70, reserved: 30, ledgerOnHand: 70, ledgerReserved: 30 });

    const sold = await stockedSku(db, server.organizationId, { quantity: 70, code: 'HH-BD-7' });
    before = await lastEvent();
    const sales = await Promise.all(
      Array.from({ length: 30 }, () =>
        server.request({
          method: 'POST',
          url: `/v1/stores/${sold.storeId}/pos-sales`,
          cookie,
          body: { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: sold.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
        }),
      ),
    );
    expect(sales.map((r) => r.statusCode)).toEqual(sales.map(() => 201));
    const direct = await availabilityEvents(sold.skuId, before);
    expect(direct.map((e) => e.on_hand).sort((a, b) => b - a)).toEqual(Array.from({ length: 30 }, (_, i) => 69 - i));
    expect(direct.map((e) => e.reserved)).toEqual(direct.map(() => 0));
    expect(await ledgerMatches(db, sold.packageId)).toEqual({ onHand: 40, reserved: 0, ledgerOnHand: 40, ledgerReserved: 0 });
  });

  it('the same POS sale submitted 5 times at once makes one order and one payment', async () => {
    const db = server.platform.database.db;
    const stocked = await stockedSku(db, server.organizationId, { quantity: 10, code: 'HH-GDP-35' });
    const body = { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: stocked.skuId, quantity: 2 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] };
    const results = await Promise.all(Array.from({ length: 5 }, () => server.request({ method: 'POST', url: `/v1/stores/${stocked.storeId}/pos-sales`, cookie, body })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json().order.id))).toEqual(new Set([body.id]));
    const payments = await db.selectFrom('payment').select('id').where('order_id', '=', body.id).execute();
    expect(payments).toHaveLength(1);
    const stock = await ledgerMatches(db, stocked.packageId);
    expect(stock).toEqual({ onHand: 8, reserved: 0, ledgerOnHand: 8, ledgerReserved: 0 });
  });

  it('the same cart completed 5 times at once makes one order; the other authorizations are voided', async () => {
    const db = server.platform.database.db;
    const stocked = await stockedSku(db, server.organizationId, { quantity: 5, code: 'HH-GDP-14' });
    const [buyer] = await customers(db, server.organizationId, 1);
    const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie, body: { storeId: stocked.storeId, customerId: buyer, channel: 'pickup' } })).json();
    await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie, body: { skuId: stocked.skuId, quantity: 1 } });
    await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie, body: { pickup: { name: 'Twice', phone: '+15105550100' } } });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie, body: { tenders: [{ kind: 'simulator' }] } })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    const orders = await db.selectFrom('sales_order').select('id').where('cart_id', '=', cart.id).execute();
    expect(orders).toHaveLength(1);
    const payments = await db.selectFrom('payment').select('id').where('order_id', '=', orders[0].id).execute();
    expect(payments).toHaveLength(1);
  });

  it('one customer at many registers and carts at once: only the sales that fit the daily limit complete', async () => {
    // 3.5 g of flower per unit, 2 units per sale = 7 g; California's adult-use limit is 28.5 g a day,
    // so 4 sales fit and the other 16 must be refused, however the 20 interleave.
    const db = server.platform.database.db;
    const stocked = await stockedSku(db, server.organizationId, { quantity: 100, code: 'HH-BD-35' });
    const [buyer] = await customers(db, server.organizationId, 1);
    const carts: string[] = [];
    for (let i = 0; i < 10; i++) {
      const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie, body: { storeId: stocked.storeId, customerId: buyer, channel: 'pickup' } })).json();
      const added = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie, body: { skuId: stocked.skuId, quantity: 2 } });
      expect(added.statusCode).toBe(200);
      await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie, body: { pickup: { name: 'Many', phone: '+15105550100' } } });
      carts.push(cart.id);
    }
    const online = carts.map((id) => server.request({ method: 'POST', url: `/v1/carts/${id}/complete`, cookie, body: { tenders: [{ kind: 'simulator' }] } }));
    const pos = Array.from({ length: 10 }, () =>
      server.request({
        method: 'POST',
        url: `/v1/stores/${stocked.storeId}/pos-sales`,
        cookie,
        body: { id: uuidv7(), customerId: buyer, lines: [{ skuId: stocked.skuId, quantity: 2 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
      }),
    );
    const results = await Promise.all([...online, ...pos]);
    const codes = results.map((r) => (r.statusCode === 201 ? 'created' : `${r.statusCode} ${r.json().error?.code}`));
    expect(codes.filter((c) => c === 'created')).toHaveLength(4);
    expect(codes.filter((c) => c === '422 COMPLIANCE_BLOCKED')).toHaveLength(16);
    const usage = await sql<{ grams: number }>`
      select coalesce(sum((quantity - credited_quantity) * net_weight_mg), 0)::float / 1000 as grams
        from purchase_usage_line where customer_id = ${buyer}`.execute(db);
    expect(usage.rows[0].grams).toBe(28);
    // The refused carts keep their holds (the cart stays open); the completed ones were converted.
    const openCarts = results.slice(0, 10).filter((r) => r.statusCode !== 201).length;
    const stock = await ledgerMatches(db, stocked.packageId);
    expect(stock).toEqual({ onHand: 92, reserved: 2 * openCarts, ledgerOnHand: 92, ledgerReserved: 2 * openCarts });
  });
});
