// PostgreSQL only: two records of one person are merged while register sales (and online carts)
// of both are in flight. The merge takes both customers' limit locks, as checkout does, so every
// sale either commits before it (checked on its own record, then moved with the rest) or after
// it (checked on the merged history of the record kept; the duplicate's are refused
// CUSTOMER_MERGED). At the end every order and usage row is on the record kept, and no sale that
// committed after the merge took the person past the limit across the two records.
import { sql } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { customerLimitsLockKey } from '../../src/modules/customers';
import { refundPayment } from '../../src/modules/payments';
import { systemContext } from '../../src/platform/context';
import { blockedBackends, waitUntil, waitUntilBlocked } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

type Outcome = { to: 'kept' | 'duplicate'; kind: 'pos' | 'cart'; status: number; code?: string };

/** California's adult-use 28.5 g a day, in 3.5 g units. */
const LIMIT_UNITS = 8;

describe('a customer merge racing sales of both records (PostgreSQL)', () => {
  let server: TestServer;
  let cookie: string;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    cookie = await server.login('manager');
  });
  afterAll(() => server.close());

  const posSale = async (fx: CheckoutFixture, customerId: string, to: Outcome['to']): Promise<Outcome> => {
    const r = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie,
      body: { id: uuidv7(), customerId, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 10_000_000 }] },
    });
    return { to, kind: 'pos', status: r.statusCode, code: r.statusCode >= 400 ? r.json().error?.code : undefined };
  };

  const heldCart = async (fx: CheckoutFixture, customerId: string) => {
    const cart = await server.request({ method: 'POST', url: '/v1/carts', cookie, body: { storeId: fx.storeId, customerId, channel: 'pickup' } });
    expect(cart.statusCode, cart.body).toBe(201);
    const added = await server.request({ method: 'POST', url: `/v1/carts/${cart.json().id}/lines`, cookie, body: { skuId: fx.skuId, quantity: 1 } });
    expect(added.statusCode, added.body).toBe(200);
    await server.request({ method: 'PUT', url: `/v1/carts/${cart.json().id}/fulfillment`, cookie, body: { pickup: { name: 'Buyer', phone: '+15105550100' } } });
    return cart.json().id as string;
  };

  const completeCart = async (cartId: string): Promise<Outcome> => {
    const r = await server.request({ method: 'POST', url: `/v1/carts/${cartId}/complete`, cookie, body: { tenders: [{ kind: 'simulator' }] } });
    return { to: 'duplicate', kind: 'cart', status: r.statusCode, code: r.statusCode >= 400 ? r.json().error?.code : undefined };
  };

  const merge = (keptId: string, duplicateId: string) =>
    server.request({ method: 'POST', url: `/v1/customers/${keptId}/merge`, cookie, body: { duplicateCustomerId: duplicateId, reason: 'Same person, ID checked' } });

  const usageLines = async (customerId: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from purchase_usage_line where customer_id = ${customerId}`.execute(db())).rows[0].n;

  // The merge goes out with the first sales, or once the first sale answered (the sales queued on
  // the limit locks by then run before it).
  it.each([
    ['with the first sales', 0],
    ['with the first sales, again', 0],
    ['once the first sale answered', 1],
  ])('20 register sales to the two records, 4 carts of the duplicate and the merge %s', async (_, mergeAfter) => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 100, code: 'HH-GDP-35' });
    // Each round sells from its own package only (an earlier round's is put aside).
    await sql`update inventory_package set status = 'on_hold', status_reason = 'earlier round' where sku_id = ${fx.skuId} and id <> ${fx.packageId}`.execute(db());
    const [kept, duplicate] = await customers(db(), server.organizationId, 2);
    // The duplicate bought 6 units (21 g) earlier today: across the two records 2 more fit.
    for (let i = 0; i < 6; i++) expect((await posSale(fx, duplicate, 'duplicate')).status).toBe(201);
    const carts = await Promise.all(Array.from({ length: 4 }, () => heldCart(fx, duplicate)));

    const jobs = (half: number) =>
      Array.from({ length: 12 }, (_, i) => {
        if (i % 6 === 5) return completeCart(carts[half * 2 + (i === 5 ? 0 : 1)]);
        return posSale(fx, i % 2 === 0 ? kept : duplicate, i % 2 === 0 ? 'kept' : 'duplicate');
      });
    let firstAnswer!: () => void;
    const firstAnswered = new Promise<void>((resolve) => (firstAnswer = resolve));
    const firstHalf = jobs(0).map((job) => job.finally(() => firstAnswer()));
    const { merged, secondHalf } = await (mergeAfter ? firstAnswered : Promise.resolve()).then(() => ({ merged: merge(kept, duplicate), secondHalf: jobs(1) }));
    const [outcomes, answer] = await Promise.all([Promise.all([...firstHalf, ...secondHalf]), merged]);
    expect(answer.statusCode, answer.body).toBe(200);

    // Only documented answers, never a 5xx or a deadlock; the duplicate's register sales after
    // the merge are refused as merged (its carts moved to the record kept and may complete there).
    for (const o of outcomes) {
      if (o.status === 201) continue;
      expect(['422 COMPLIANCE_BLOCKED', '409 CUSTOMER_MERGED'], JSON.stringify(o)).toContain(`${o.status} ${o.code}`);
      if (o.code === 'CUSTOMER_MERGED') expect(o.to).toBe('duplicate');
    }
    const created = outcomes.filter((o) => o.status === 201).length;
    expect(created, 'some sale went through').toBeGreaterThan(0);

    // Everything is on the record kept.
    for (const table of ['sales_order', 'sales_cart', 'purchase_usage_line', 'compliance_event'] as const) {
      const left = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where customer_id = ${duplicate}`.execute(db());
      expect(left.rows[0].n, table).toBe(0);
    }
    const total = await usageLines(kept);
    expect(total).toBe(6 + created);
    const orders = await sql<{ n: number }>`select count(*)::int as n from sales_order where customer_id = ${kept}`.execute(db());
    expect(orders.rows[0].n).toBe(6 + created);

    // What each record held when the merge took both locks (its audit row): each within its own
    // limit then; any sale after it was checked on both records' purchases, so if one committed,
    // the person is within the limit across the two.
    const audit = await db().selectFrom('audit_log').select('before').where('action', '=', 'customer.merged').where('entity_id', '=', kept).executeTakeFirstOrThrow();
    const history = (audit.before as { history: { keptPurchaseUsageLines: number; duplicatePurchaseUsageLines: number } }).history;
    expect(history.keptPurchaseUsageLines).toBeLessThanOrEqual(LIMIT_UNITS);
    expect(history.duplicatePurchaseUsageLines).toBeLessThanOrEqual(LIMIT_UNITS);
    const afterMerge = total - history.keptPurchaseUsageLines - history.duplicatePurchaseUsageLines;
    expect(afterMerge).toBeGreaterThanOrEqual(0);
    if (afterMerge > 0) expect(total, 'sales after the merge exceeded the limit across the two records').toBeLessThanOrEqual(LIMIT_UNITS);
    // The duplicate's register sales that went through all committed before the merge.
    const duplicatePos = outcomes.filter((o) => o.to === 'duplicate' && o.kind === 'pos' && o.status === 201).length;
    expect(6 + duplicatePos).toBeLessThanOrEqual(history.duplicatePurchaseUsageLines);

    const stock = await ledgerMatches(db(), fx.packageId);
    expect(stock).toMatchObject({ onHand: 100 - 6 - created, ledgerOnHand: 100 - 6 - created });
    expect([stock.reserved, stock.ledgerReserved]).toEqual([stock.ledgerReserved, stock.reserved]);
    // Afterwards: the duplicate is refused, the record kept is judged on everything.
    expect(await posSale(fx, duplicate, 'duplicate')).toMatchObject({ status: 409, code: 'CUSTOMER_MERGED' });
    const late = await posSale(fx, kept, 'kept');
    expect(late.status === 201 ? total + 1 : late.code, JSON.stringify(late)).toBe(total + 1 <= LIMIT_UNITS ? total + 1 : 'COMPLIANCE_BLOCKED');
  });

  it('two merges of the same pair in opposite directions, with sales of both: one wins, the other is refused, nothing deadlocks', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 60, code: 'HH-BD-35' });
    const [a, b] = await customers(db(), server.organizationId, 2);
    const [[ab, ba], sales] = await Promise.all([
      Promise.all([merge(a, b), merge(b, a)]),
      Promise.all(Array.from({ length: 10 }, (_, i) => posSale(fx, i % 2 ? a : b, 'kept'))),
    ]);
    const answers = [ab, ba].map((r) => `${r.statusCode} ${r.statusCode === 200 ? '' : r.json().error.code}`.trim()).sort();
    expect(answers).toEqual(['200', '409 CUSTOMER_MERGED']);
    const [winner, loser] = ab.statusCode === 200 ? [a, b] : [b, a];
    for (const s of sales) if (s.status !== 201) expect(['422 COMPLIANCE_BLOCKED', '409 CUSTOMER_MERGED']).toContain(`${s.status} ${s.code}`);
    expect(await usageLines(loser)).toBe(0);
    expect(await usageLines(winner)).toBe(sales.filter((s) => s.status === 201).length);
  });

  it('points adjusted and money refunded to store credit while the merge runs: nothing lands on the merged record, no 500, every balance the sum of its ledger', async () => {
    const organizationId = server.organizationId;
    const fx = await stockedSku(db(), organizationId, { quantity: 200 });
    const system = systemContext(organizationId);
    const adjust = (customerId: string, points: number) =>
      server.request({ method: 'POST', url: `/v1/loyalty/accounts/${customerId}/adjustments`, cookie, body: { points, reason: 'goodwill' } });
    const loyalty = async (customerId: string) => {
      const account = await db().selectFrom('loyalty_account').select('balance_points').where('customer_id', '=', customerId).executeTakeFirst();
      const entries = (await sql<{ n: number }>`select coalesce(sum(points), 0)::int as n from loyalty_entry where customer_id = ${customerId}`.execute(db())).rows[0].n;
      return { balance: account ? Number(account.balance_points) : null, entries };
    };
    const credit = async (customerId: string) => {
      const rows = await sql<{ balance: number; entries: number }>`
        select a.balance_cents::int as balance, coalesce((select sum(e.amount_cents) from stored_value_entry e where e.account_id = a.id), 0)::int as entries
          from stored_value_account a where a.kind = 'store_credit' and a.customer_id = ${customerId}`.execute(db());
      return rows.rows;
    };
    for (let round = 0; round < 30; round++) {
      const [kept, duplicate] = await customers(db(), organizationId, 2);
      expect((await adjust(duplicate, 50)).statusCode).toBe(200);
      for (const customerId of [kept, duplicate]) {
        const id = uuidv7();
        await db().insertInto('stored_value_account').values({ id, organization_id: organizationId, kind: 'store_credit', code_hash: null, code_last4: null, customer_id: customerId, balance_cents: 1000 } as never).execute();
        await db().insertInto('stored_value_entry').values({ account_id: id, amount_cents: 1000, reason: 'adjust', reference: 'test goodwill' }).execute();
      }
      const sale = await posSale(fx, duplicate, 'duplicate');
      expect(sale.status).toBe(201);
      const payment = await db().selectFrom('payment as p').innerJoin('sales_order as o', 'o.id', 'p.order_id').select('p.id').where('o.customer_id', '=', duplicate).executeTakeFirstOrThrow();

      const merged = merge(kept, duplicate);
      await new Promise((resolve) => setTimeout(resolve, round % 6));
      const [mergeAnswer, keptAdjusted, duplicateAdjusted, refund] = await Promise.all([
        merged,
        adjust(kept, 10),
        adjust(duplicate, 25),
        refundPayment(server.platform, system, { organizationId, paymentId: payment.id, amountCents: 500, reason: 'return', idempotencyKey: `return:${payment.id}`, toStoreCredit: { customerId: duplicate } }).then(
          () => 'refunded',
          (error: Error) => `refund failed: ${error.message}`,
        ),
      ]);
      expect(mergeAnswer.statusCode, mergeAnswer.body).toBe(200);
      expect(keptAdjusted.statusCode, keptAdjusted.body).toBe(200);
      expect([200, 409]).toContain(duplicateAdjusted.statusCode);
      if (duplicateAdjusted.statusCode === 409) expect(duplicateAdjusted.json().error.code).toBe('CUSTOMER_MERGED');
      expect(refund).toBe('refunded');

      // Nothing of value is left on the merged record; every balance is its ledger's sum.
      const keptPoints = await loyalty(kept);
      expect(keptPoints.balance).toBe(keptPoints.entries);
      const duplicatePoints = await loyalty(duplicate);
      expect(duplicatePoints.balance ?? 0).toBe(0);
      for (const account of await credit(duplicate)) expect(account).toEqual({ balance: 0, entries: 0 });
      expect(await credit(kept)).toEqual([{ balance: 2500, entries: 2500 }]);
    }
  });

  it('a merge and a cancellation or return of one of the duplicate’s orders: one after the other, or the merge 409 MERGE_BUSY, never a deadlock', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 40 });
    const outcome = (r: { statusCode: number; json(): { error?: { code?: string } } }) => (r.statusCode < 300 ? String(r.statusCode) : `${r.statusCode} ${r.json().error?.code}`);
    for (const change of ['cancel', 'return'] as const) {
      for (const first of ['merge', change] as const) {
        const [kept, duplicate] = await customers(db(), server.organizationId, 2);
        let orderId: string;
        if (change === 'cancel') {
          const placed = await server.request({ method: 'POST', url: `/v1/carts/${await heldCart(fx, duplicate)}/complete`, cookie, body: { tenders: [{ kind: 'simulator' }] } });
          expect(placed.statusCode, placed.body).toBe(201);
          orderId = placed.json().order.id;
        } else {
          const sold = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie, body: { id: uuidv7(), customerId: duplicate, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'simulator' }] } });
          expect(sold.statusCode, sold.body).toBe(201);
          orderId = sold.json().order.id;
        }
        const changing = () =>
          change === 'cancel'
            ? server.request({ method: 'POST', url: `/v1/orders/${orderId}/transitions`, cookie, body: { to: 'cancelled', reason: 'changed their mind' } })
            : server.request({ method: 'POST', url: `/v1/orders/${orderId}/returns`, cookie, body: { reason: 'wrong item', lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }] } });
        const holder = new pg.Client({ connectionString: server.testDb.url! });
        await holder.connect();
        try {
          // Hold what the first one waits on after its first locks: the merge, the customer rows
          // (after its limit locks); the cancellation or return, the customer's limit lock (after the order row).
          await holder.query('begin');
          if (first === 'merge') await holder.query('select 1 from customer where id = any($1::uuid[]) for update', [[kept, duplicate]]);
          else await holder.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [customerLimitsLockKey(duplicate)]);
          const firstRequest = first === 'merge' ? merge(kept, duplicate) : changing();
          await waitUntilBlocked(holder, 1);
          const secondRequest = first === 'merge' ? changing() : merge(kept, duplicate);
          await waitUntil(async () => (await blockedBackends(holder)) >= 2, 2_000);
          await holder.query('commit');
          const [a, b] = await Promise.all([firstRequest, secondRequest]);
          const [merged, changed] = (first === 'merge' ? [a, b] : [b, a]).map(outcome);
          expect(changed, `${change}, ${first} first`).toBe(change === 'cancel' ? '200' : '201');
          expect(['200', '409 MERGE_BUSY'], `${change}, ${first} first`).toContain(merged);
        } finally {
          await holder.end();
        }
      }
    }
  });
});
