// PostgreSQL only: register operations under races. Every request goes through the HTTP API of one
// server with a pooled connection, so the transactions really interleave (PGlite would serialize
// them and hide every bug this file looks for).
import { sql } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { waitUntilBlocked } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

describe('register races (PostgreSQL)', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let fx: CheckoutFixture;
  let otherStoreId: string;
  let staff: Array<{ id: string; role: string }>;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 200 });
    const stores = (await server.request({ method: 'GET', url: '/v1/stores', cookie: manager })).json().stores as Array<{ id: string }>;
    otherStoreId = stores.find((s) => s.id !== fx.storeId)!.id;
    staff = (await server.request({ method: 'GET', url: '/v1/staff', cookie: manager })).json().staff;
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const idOf = (role: string) => staff.find((s) => s.role === role)!.id;
  const post = (url: string, body?: unknown, cookie = manager) => server.request({ method: 'POST', url, cookie, body });
  const codeOf = (r: { statusCode: number; json: () => { error?: { code?: string } } }) => (r.statusCode >= 400 ? `${r.statusCode} ${r.json().error?.code}` : String(r.statusCode));
  const walkIn = { kind: 'adult_use', birthDate: '1980-01-01' } as const;

  async function newRegister(storeId = fx.storeId): Promise<string> {
    const created = await post(`/v1/stores/${storeId}/registers`, { name: `Race ${uuidv7().slice(-8)}` });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id;
  }
  async function openSession(floatCents: number): Promise<string> {
    const opened = await post(`/v1/registers/${await newRegister()}/sessions`, { float: { totalCents: floatCents } });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json().id;
  }

  it('5 concurrent opens of one register: one open session, the other four 409 REGISTER_ALREADY_OPEN', async () => {
    const registerId = await newRegister();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => post(`/v1/registers/${registerId}/sessions`, { float: { totalCents: 10_000 + i } })));
    expect(results.map(codeOf).sort()).toEqual(['201', '409 REGISTER_ALREADY_OPEN', '409 REGISTER_ALREADY_OPEN', '409 REGISTER_ALREADY_OPEN', '409 REGISTER_ALREADY_OPEN']);
    const winner = results.find((r) => r.statusCode === 201)!.json();
    const open = await db().selectFrom('register_session').select(['id', 'float_cents']).where('register_id', '=', registerId).where('status', '=', 'open').execute();
    expect(open).toEqual([{ id: winner.id, float_cents: winner.floatCents }]);
    // Only the winner left an 'open' event (the losers rolled back entirely).
    const events = await db().selectFrom('register_session_event').select('session_id').where('kind', '=', 'open').where('session_id', 'in', open.map((s) => s.id)).execute();
    expect(events).toHaveLength(1);
    const allSessions = await db().selectFrom('register_session').select('id').where('register_id', '=', registerId).execute();
    expect(allSessions).toHaveLength(1);
  });

  it('close racing 10 cash sales and 3 drops: every sale is counted in the closed drawer or refused with nothing sold; expected and over/short are exact', async () => {
    const FLOAT = 30_000;
    const COUNTED = 123_456;
    const before = (await ledgerMatches(db(), fx.packageId)).onHand;
    const observed = { counted: 0, refused: 0 };
    // Three rounds: the close fires at once, then once the 3rd and once the 7th sale has answered
    // (whatever the machine's speed), so sales land on both sides of the close.
    for (const closeAfter of [0, 3, 7]) {
      const sessionId = await openSession(FLOAT);
      const saleIds = Array.from({ length: 10 }, () => uuidv7());
      let answered = 0;
      let fireClose!: () => void;
      const closeFired = new Promise<void>((resolve) => (fireClose = resolve));
      if (closeAfter === 0) fireClose();
      const sales = saleIds.map((id, i) =>
        post(`/v1/stores/${fx.storeId}/pos-sales`, {
          id,
          customer: walkIn,
          registerSessionId: sessionId,
          lines: [{ skuId: fx.skuId, quantity: 1 }],
          tenders: [{ kind: 'cash', tenderedCents: 10_000 + i * 1_000 }],
        }).then((r) => {
          if (++answered === closeAfter) fireClose();
          return r;
        }),
      );
      const drops = [1_000, 2_000, 3_000].map((amountCents) => post(`/v1/register-sessions/${sessionId}/drops`, { amountCents, reason: 'safe run' }));
      const close = closeFired.then(() => post(`/v1/register-sessions/${sessionId}/close`, { count: { totalCents: COUNTED }, note: 'race' }));
      const [saleResults, dropResults, closed] = await Promise.all([Promise.all(sales), Promise.all(drops), close]);

      expect(closed.statusCode, closed.body).toBe(200);
      for (const r of [...saleResults, ...dropResults]) expect(['201', '200', '409 REGISTER_NOT_OPEN']).toContain(codeOf(r));

      let cashIn = 0;
      let changeOut = 0;
      let sold = 0;
      for (const [i, r] of saleResults.entries()) {
        const orderId = saleIds[i];
        const order = await db().selectFrom('sales_order').select(['id', 'register_session_id']).where('id', '=', orderId).executeTakeFirst();
        const payments = await db().selectFrom('payment').select(['tendered_cents', 'change_cents']).where('order_id', '=', orderId).execute();
        const event = await db().selectFrom('register_session_event').select(['session_id', 'amount_cents', 'change_out_cents']).where('order_id', '=', orderId).where('kind', '=', 'cash_sale').execute();
        if (r.statusCode === 201) {
          observed.counted += 1;
          sold += 1;
          expect(order?.register_session_id).toBe(sessionId);
          expect(payments).toHaveLength(1);
          expect(event).toEqual([{ session_id: sessionId, amount_cents: Number(payments[0].tendered_cents), change_out_cents: Number(payments[0].change_cents) }]);
          cashIn += Number(payments[0].tendered_cents);
          changeOut += Number(payments[0].change_cents);
        } else {
          // Refused: no order, no payment kept, no drawer event.
          observed.refused += 1;
          expect(order).toBeUndefined();
          expect(payments).toEqual([]);
          expect(event).toEqual([]);
        }
      }
      const dropped = dropResults.reduce((s, r, i) => s + (r.statusCode === 200 ? [1_000, 2_000, 3_000][i] : 0), 0);

      const s = await db().selectFrom('register_session').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
      const expected = FLOAT + cashIn - changeOut - dropped;
      expect({ status: s.status, sales: s.sale_count, cashIn: Number(s.cash_sales_cents), changeOut: Number(s.change_out_cents), drops: Number(s.drops_cents) }).toEqual({
        status: 'closed',
        sales: sold,
        cashIn,
        changeOut,
        drops: dropped,
      });
      // Frozen at close, and still equal to the live counters: nothing was counted after the close.
      expect(Number(s.expected_cents)).toBe(expected);
      expect(Number(s.over_short_cents)).toBe(COUNTED - expected);
      expect(closed.json()).toMatchObject({ expectedCents: expected, countedCents: COUNTED, overShortCents: COUNTED - expected, saleCount: sold });
      // The drawer events add up to the counters.
      const sums = await sql<{ sales: number; change: number; drops: number }>`
        select coalesce(sum(amount_cents) filter (where kind = 'cash_sale'), 0)::int as sales,
               coalesce(sum(change_out_cents) filter (where kind = 'cash_sale'), 0)::int as change,
               coalesce(sum(amount_cents) filter (where kind = 'drop'), 0)::int as drops
          from register_session_event where session_id = ${sessionId}`.execute(db());
      expect(sums.rows[0]).toEqual({ sales: cashIn, change: changeOut, drops: dropped });
    }
    // Stock moved for the counted sales only, and the ledger agrees with the counters.
    const stock = await ledgerMatches(db(), fx.packageId);
    expect(stock).toEqual({ onHand: before - observed.counted, reserved: 0, ledgerOnHand: before - observed.counted, ledgerReserved: 0 });
    expect(observed.counted + observed.refused).toBe(30);
    // The race really happened: sales landed on both sides of a close (else this test proved nothing).
    expect(observed.counted).toBeGreaterThan(0);
    expect(observed.refused).toBeGreaterThan(0);
  });

  it('close racing 10 gift card sales for cash: each card is sold and counted in the closed drawer, or refused with nothing written', async () => {
    const FLOAT = 10_000;
    const COUNTED = 50_000;
    const observed = { counted: 0, refused: 0 };
    for (const closeAfter of [0, 3, 7]) {
      const sessionId = await openSession(FLOAT);
      const saleIds = Array.from({ length: 10 }, () => uuidv7());
      let answered = 0;
      let fireClose!: () => void;
      const closeFired = new Promise<void>((resolve) => (fireClose = resolve));
      if (closeAfter === 0) fireClose();
      const sales = saleIds.map((id, i) =>
        post(`/v1/register-sessions/${sessionId}/gift-card-sales`, { id, kind: 'issue', amountCents: 2_000 + i * 100, tenders: [{ kind: 'cash', tenderedCents: 5_000 }] }, budtender).then((r) => {
          if (++answered === closeAfter) fireClose();
          return r;
        }),
      );
      const close = closeFired.then(() => post(`/v1/register-sessions/${sessionId}/close`, { count: { totalCents: COUNTED }, note: 'race' }));
      const [results, closed] = await Promise.all([Promise.all(sales), close]);
      expect(closed.statusCode, closed.body).toBe(200);

      let kept = 0;
      let value = 0;
      for (const [i, r] of results.entries()) {
        expect(['201', '409 REGISTER_NOT_OPEN']).toContain(codeOf(r));
        const sale = await db().selectFrom('gift_card_sale').selectAll().where('id', '=', saleIds[i]).executeTakeFirst();
        const payments = await db().selectFrom('payment').select(['tendered_cents', 'change_cents']).where('gift_card_sale_id', '=', saleIds[i]).execute();
        const entries = await db().selectFrom('stored_value_entry').select('amount_cents').where('reference', '=', saleIds[i]).execute();
        if (r.statusCode === 201) {
          observed.counted += 1;
          expect(sale?.register_session_id).toBe(sessionId);
          expect(payments).toHaveLength(1);
          expect(entries.map((e) => Number(e.amount_cents))).toEqual([2_000 + i * 100]);
          kept += Number(payments[0].tendered_cents) - Number(payments[0].change_cents);
          value += 2_000 + i * 100;
        } else {
          observed.refused += 1;
          expect(sale).toBeUndefined();
          expect(payments).toEqual([]);
          expect(entries).toEqual([]); // no card was issued
        }
      }
      const s = await db().selectFrom('register_session').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
      expect([s.status, s.gift_card_sale_count, Number(s.gift_card_sales_cents), Number(s.gift_card_cash_cents)]).toEqual(['closed', results.filter((r) => r.statusCode === 201).length, value, kept]);
      expect(Number(s.expected_cents)).toBe(FLOAT + kept);
      expect(Number(s.over_short_cents)).toBe(COUNTED - FLOAT - kept);
      const events = await sql<{ cash: number }>`
        select coalesce(sum(amount_cents - change_out_cents), 0)::int as cash from register_session_event where session_id = ${sessionId} and kind = 'gift_card_sale'`.execute(db());
      expect(events.rows[0].cash).toBe(kept);
    }
    expect(observed.counted + observed.refused).toBe(30);
    expect(observed.counted).toBeGreaterThan(0);
    expect(observed.refused).toBeGreaterThan(0);
  });

  it('the same parked cart resumed 5 times at once is resumed once; discard racing resume has one winner', async () => {
    const registerId = await newRegister();
    const payload = { lines: [{ skuId: fx.skuId, quantity: 2 }], note: 'getting ID from the car' };
    const parked = await post(`/v1/registers/${registerId}/parked-carts`, { label: 'Green hat', payload }, budtender);
    expect(parked.statusCode, parked.body).toBe(201);
    const resumes = await Promise.all(Array.from({ length: 5 }, () => post(`/v1/registers/${registerId}/parked-carts/${parked.json().id}/resume`, undefined, budtender)));
    expect(resumes.map(codeOf).sort()).toEqual(['200', '409 PARKED_CART_GONE', '409 PARKED_CART_GONE', '409 PARKED_CART_GONE', '409 PARKED_CART_GONE']);
    expect(resumes.find((r) => r.statusCode === 200)!.json()).toMatchObject({ status: 'resumed', payload });
    const audits = await db().selectFrom('audit_log').select('action').where('entity_id', '=', parked.json().id).where('action', '=', 'register.cart.resumed').execute();
    expect(audits).toHaveLength(1);

    for (let round = 0; round < 5; round++) {
      const cart = await post(`/v1/registers/${registerId}/parked-carts`, { label: `Round ${round}`, payload: { round } }, budtender);
      const base = `/v1/registers/${registerId}/parked-carts/${cart.json().id}`;
      const [resume, discard] = await Promise.all([post(`${base}/resume`, undefined, budtender), post(`${base}/discard`, undefined, manager)]);
      expect([resume, discard].map(codeOf).sort()).toEqual(['200', '409 PARKED_CART_GONE']);
      const row = await db().selectFrom('register_parked_cart').select('status').where('id', '=', cart.json().id).executeTakeFirstOrThrow();
      expect(row.status).toBe(resume.statusCode === 200 ? 'resumed' : 'discarded');
      if (resume.statusCode === 200) expect(resume.json().payload).toEqual({ round });
    }
  });

  it('two budtenders assigning the same queue entry at once: one assignment, the other a 409', async () => {
    const checkIn = async (name: string) => {
      const r = await post(`/v1/stores/${fx.storeId}/queue`, { customerName: name }, budtender);
      expect(r.statusCode, r.body).toBe(201);
      return `/v1/stores/${fx.storeId}/queue/${r.json().id}`;
    };
    const entryOf = async (url: string) => db().selectFrom('register_queue_entry').select(['status', 'budtender_id']).where('id', '=', url.split('/').pop()!).executeTakeFirstOrThrow();

    for (let round = 0; round < 3; round++) {
      // Each presses "serve".
      const serveUrl = await checkIn(`Serve ${round}`);
      const served = await Promise.all([
        server.request({ method: 'PATCH', url: serveUrl, cookie: budtender, body: { status: 'serving' } }),
        server.request({ method: 'PATCH', url: serveUrl, cookie: manager, body: { status: 'serving' } }),
      ]);
      expect(served.map(codeOf).sort()).toEqual(['200', '409 QUEUE_TRANSITION_NOT_ALLOWED']);
      const serveWinner = served[0].statusCode === 200 ? idOf('budtender') : idOf('manager');
      expect(await entryOf(serveUrl)).toEqual({ status: 'serving', budtender_id: serveWinner });

      // Each assigns themselves to a waiting customer.
      // The entry's row is held by another connection while both requests run, so both read the
      // entry unassigned and queue on its row: the race happens however fast the machine is.
      const assignUrl = await checkIn(`Assign ${round}`);
      const holder = new pg.Client({ connectionString: server.testDb.url! });
      await holder.connect();
      await holder.query('begin');
      await holder.query('select 1 from register_queue_entry where id = $1 for update', [assignUrl.split('/').pop()]);
      const pending = Promise.all([
        server.request({ method: 'PATCH', url: assignUrl, cookie: budtender, body: { budtenderId: idOf('budtender') } }),
        server.request({ method: 'PATCH', url: assignUrl, cookie: manager, body: { budtenderId: idOf('manager') } }),
      ]);
      // Both waiting on a lock: the first behind the holder, the second queued behind the first.
      await waitUntilBlocked(holder, 2);
      await holder.query('commit');
      await holder.end();
      const assigned = await pending;
      expect(assigned.map(codeOf).sort()).toEqual(['200', '409 QUEUE_ENTRY_CHANGED']);
      const winner = assigned[0].statusCode === 200 ? idOf('budtender') : idOf('manager');
      expect((assigned[0].statusCode === 200 ? assigned[0] : assigned[1]).json().budtenderId).toBe(winner);
      expect(await entryOf(assignUrl)).toEqual({ status: 'waiting', budtender_id: winner });
      const audits = await db().selectFrom('audit_log').select('action').where('entity_id', '=', assignUrl.split('/').pop()!).where('action', '=', 'register.queue.assigned').execute();
      expect(audits).toHaveLength(1);
    }

    // A deliberate reassignment (sequential, the caller saw the current budtender) still works.
    const url = await checkIn('Reassign');
    expect((await server.request({ method: 'PATCH', url, cookie: manager, body: { budtenderId: idOf('budtender') } })).statusCode).toBe(200);
    expect((await server.request({ method: 'PATCH', url, cookie: manager, body: { budtenderId: idOf('manager') } })).statusCode).toBe(200);
    expect((await entryOf(url)).budtender_id).toBe(idOf('manager'));
  });

  it('queue check-in refuses an orderId that is not an order of this organization and store (404 ORDER_NOT_FOUND, body.orderId)', async () => {
    const sale = await post(`/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customer: walkIn, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 50_000 }] });
    expect(sale.statusCode, sale.body).toBe(201);
    const orderId = sale.json().order.id;

    const unknown = await post(`/v1/stores/${fx.storeId}/queue`, { source: 'online_pickup', customerName: 'Ghost', orderId: uuidv7() }, budtender);
    expect(unknown.statusCode, unknown.body).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'ORDER_NOT_FOUND', details: { path: ['body', 'orderId'] } });

    // An order of another store of the same organization is not picked up here.
    const elsewhere = await post(`/v1/stores/${otherStoreId}/queue`, { source: 'online_pickup', customerName: 'Wrong store', orderId }, manager);
    expect(elsewhere.statusCode, elsewhere.body).toBe(404);
    expect(elsewhere.json().error).toMatchObject({ code: 'ORDER_NOT_FOUND', details: { path: ['body', 'orderId'] } });

    // An order of another organization (its own store) is answered exactly like one that does not exist.
    const foreignOrg = uuidv7();
    const foreignStore = uuidv7();
    const foreignOrderId = uuidv7();
    await sql`insert into organization (id, name) values (${foreignOrg}, 'Other dispensary')`.execute(db());
    await sql`insert into store (id, organization_id, name, license_number, jurisdiction, timezone)
              values (${foreignStore}, ${foreignOrg}, 'Other shop', ${`C10-${foreignStore}`}, 'US-CA', 'America/Los_Angeles')`.execute(db());
    await sql`insert into sales_order (id, organization_id, store_id, channel, status, customer, license_number, jurisdiction, timezone, subtotal_cents, total_cents)
              values (${foreignOrderId}, ${foreignOrg}, ${foreignStore}, 'pickup', 'placed', '{}'::jsonb, 'C10-x', 'US-CA', 'America/Los_Angeles', 0, 0)`.execute(db());
    const foreign = await post(`/v1/stores/${fx.storeId}/queue`, { source: 'online_pickup', customerName: 'Other org', orderId: foreignOrderId }, budtender);
    expect(foreign.statusCode, foreign.body).toBe(404);
    expect(foreign.json().error).toMatchObject({ code: 'ORDER_NOT_FOUND', details: { path: ['body', 'orderId'] } });
    expect(foreign.json().error.details).toEqual({ ...unknown.json().error.details, orderId: foreignOrderId });

    const refusedRows = await db().selectFrom('register_queue_entry').select('id').where('customer_name', 'in', ['Ghost', 'Wrong store', 'Other org']).execute();
    expect(refusedRows).toEqual([]);

    const ok = await post(`/v1/stores/${fx.storeId}/queue`, { source: 'online_pickup', customerName: 'Real pickup', orderId }, budtender);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ orderId, source: 'online_pickup', status: 'waiting' });
  });
});
