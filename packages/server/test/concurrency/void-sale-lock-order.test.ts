// PostgreSQL only: a void, a return or a cancellation racing a sale on the same drawer or coupon.
// A sale takes its rows in one order (the customer's limit lock, the drawer, points, the promotions
// it counts, the stock last); a void that took the stock first and the drawer or coupon last
// deadlocked with such a sale, and one of the two answered 500. Each race is made deterministic:
// a connection of the test holds a row the undo reaches only after the rows it shares with the
// sale, the sale queues behind the undo, and the hold is released.
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { currentActivity, waitUntil } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

const FLOAT = 50_000;
const walkIn = { kind: 'adult_use', birthDate: '1980-01-01' } as const;

describe('an undo racing a sale on the same drawer or coupon (PostgreSQL)', () => {
  let server: TestServer;
  let manager: string;
  let fx: CheckoutFixture;
  let buyer: string;
  let couponId: string;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 40 });
    [buyer] = await customers(server.platform.database.db, server.organizationId, 1);
    const coupon = await post('/v1/promotions', { name: 'Lock order', codes: ['LOCKORDER'], maxUses: 1000, action: { type: 'fixed_off_order', amountCents: 100 } });
    expect(coupon.statusCode, coupon.body).toBe(201);
    couponId = coupon.json().id;
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const post = (url: string, body: unknown) => server.request({ method: 'POST', url, cookie: manager, body });
  const posSale = (body: Record<string, unknown>) => post(`/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customer: walkIn, lines: [{ skuId: fx.skuId, quantity: 1 }], ...body });
  const outcome = (r: LightMyRequestResponse) => (r.statusCode < 300 ? r.statusCode : `${r.statusCode} ${r.json().error?.code} ${r.json().error?.message ?? ''}`);
  const couponUses = async () => (await db().selectFrom('promotion').select('uses').where('id', '=', couponId).executeTakeFirstOrThrow()).uses;

  async function openDrawer(): Promise<string> {
    const register = await post(`/v1/stores/${fx.storeId}/registers`, { name: `Till ${uuidv7().slice(-6)}` });
    expect(register.statusCode, register.body).toBe(201);
    const opened = await post(`/v1/registers/${register.json().id}/sessions`, { float: { totalCents: FLOAT } });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json().id;
  }

  /** The backend waiting on a lock `blocker` holds, if one is (the server's background work may wait on other things meanwhile). */
  async function waiterOn(holder: pg.Client, blocker: number): Promise<number | null> {
    const waiting = await currentActivity(holder, 'select pid from pg_stat_activity where datname = current_database() and $1 = any(pg_blocking_pids(pid)) limit 1', [blocker]);
    return waiting.rows[0]?.pid ?? null;
  }

  /**
   * Holds `holdSql` (a row lock the undo needs late), starts the undo, then the sale once the undo
   * waits on the hold, and once the sale waits on the undo, lets go. Both answers, in that order.
   */
  async function race(holdSql: string, holdParams: unknown[], undo: () => Promise<LightMyRequestResponse>, sale: () => Promise<LightMyRequestResponse>) {
    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    try {
      await holder.query('begin');
      const held = await holder.query(holdSql, holdParams);
      expect(held.rowCount).toBeGreaterThan(0);
      const holderPid = (await holder.query('select pg_backend_pid() as pid')).rows[0].pid as number;
      const undoing = undo();
      let undoPid: number | null = null;
      expect(await waitUntil(async () => (undoPid = await waiterOn(holder, holderPid)) !== null)).toBe(true);
      const selling = sale();
      expect(await waitUntil(async () => (await waiterOn(holder, undoPid!)) !== null)).toBe(true);
      await holder.query('commit');
      return await Promise.all([undoing, selling]);
    } finally {
      await holder.end();
    }
  }

  it('a void into a drawer while a cash sale is rung on it: both go through, and the drawer adds up', async () => {
    const drawer = await openDrawer();
    const first = await posSale({ registerSessionId: drawer, lines: [{ skuId: fx.skuId, quantity: 2 }], tenders: [{ kind: 'cash' }] });
    expect(first.statusCode, first.body).toBe(201);
    const sold = first.json().order as { id: string; totalCents: number };

    const [voided, sale] = await race(
      'select 1 from sales_order_line where order_id = $1 for update',
      [sold.id],
      () => post(`/v1/orders/${sold.id}/void`, { reason: 'Rang up twice', registerSessionId: drawer }),
      () => posSale({ registerSessionId: drawer, tenders: [{ kind: 'cash' }] }),
    );
    expect([outcome(voided), outcome(sale)]).toEqual([201, 201]);
    expect(voided.json().cashRefundCents).toBe(sold.totalCents);
    const session = (await server.request({ method: 'GET', url: `/v1/register-sessions/${drawer}`, cookie: manager })).json();
    expect(session).toMatchObject({ cashSalesCents: sold.totalCents + sale.json().order.totalCents, cashRefundsCents: sold.totalCents, expectedCents: FLOAT + sale.json().order.totalCents });
    const ledger = await ledgerMatches(db(), fx.packageId);
    expect(ledger.onHand).toBe(ledger.ledgerOnHand);
  });

  it('a void of a sale with a coupon while another sale uses the coupon: both go through, the coupon counts one use', async () => {
    const usesBefore = await couponUses();
    const first = await posSale({ lines: [{ skuId: fx.skuId, quantity: 2 }], couponCodes: ['LOCKORDER'], tenders: [{ kind: 'simulator' }] });
    expect(first.statusCode, first.body).toBe(201);
    const sold = first.json().order as { id: string; discountCents: number };
    expect(sold.discountCents).toBeGreaterThan(0);
    expect(await couponUses()).toBe(usesBefore + 1);

    const [voided, sale] = await race(
      'select 1 from sales_order_line where order_id = $1 for update',
      [sold.id],
      () => post(`/v1/orders/${sold.id}/void`, { reason: 'Rang up twice' }),
      () => posSale({ couponCodes: ['LOCKORDER'], tenders: [{ kind: 'simulator' }] }),
    );
    expect([outcome(voided), outcome(sale)]).toEqual([201, 201]);
    expect(sale.json().order.discountCents).toBeGreaterThan(0);
    expect(await couponUses()).toBe(usesBefore + 1);
  });

  it('cancelling an online order that used the coupon while a sale uses it: both go through, the coupon counts one use', async () => {
    const usesBefore = await couponUses();
    const cart = (await post('/v1/carts', { storeId: fx.storeId, customerId: buyer, channel: 'pickup' })).json();
    expect((await post(`/v1/carts/${cart.id}/lines`, { skuId: fx.skuId, quantity: 2 })).statusCode).toBe(200);
    expect((await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat', phone: '+15105550100' } } })).statusCode).toBe(200);
    expect((await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/coupons`, cookie: manager, body: { codes: ['LOCKORDER'] } })).statusCode).toBe(200);
    const placed = await post(`/v1/carts/${cart.id}/complete`, { tenders: [{ kind: 'simulator' }] });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json().order as { id: string; discountCents: number };
    expect(order.discountCents).toBeGreaterThan(0);
    expect(await couponUses()).toBe(usesBefore + 1);

    // The cancellation credits the customer's limit usage after it has given the coupon and the
    // stock back: that is the row held.
    const [cancelled, sale] = await race(
      'select 1 from purchase_usage_line where order_id = $1 for update',
      [order.id],
      () => post(`/v1/orders/${order.id}/transitions`, { to: 'cancelled', reason: 'Customer called to cancel' }),
      () => posSale({ couponCodes: ['LOCKORDER'], tenders: [{ kind: 'simulator' }] }),
    );
    expect([outcome(cancelled), outcome(sale)]).toEqual([200, 201]);
    expect(cancelled.json().status).toBe('cancelled');
    expect(await couponUses()).toBe(usesBefore + 1);
    const ledger = await ledgerMatches(db(), fx.packageId);
    expect(ledger.onHand).toBe(ledger.ledgerOnHand);
  });
});
