// PostgreSQL only: the catalog changes (a store price, a SKU's status, a promotion) while cart
// completions and POS sales are between their payment authorization and their transaction.
//
// The simulator holds every authorization of a wave until the catalog change has committed, so
// the change lands exactly in the window the checkout design leaves open (pre-check and pricing
// on the pool, authorization, then the transaction). What must hold for every sale:
//   - the payments of an order add up to its total (what the customer is charged is what the
//     order records), its lines carry one price, and its discount is its promotion redemptions;
//   - a sale whose transaction starts after the change committed is priced on the changed
//     catalog: if that moves its total it is refused (409 TOTAL_CHANGED), an archived or unpriced
//     SKU is not sold (422) — never a 500;
//   - every authorization that did not become an order's payment is voided, and no order's
//     payment is voided.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentsOf } from '../../src/modules/payments';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const WAVE = 20; // cart completions and as many POS sales per wave

type Outcome = { kind: 'cart' | 'pos'; key: string; status: number; code?: string; totalCents?: number };

describe('catalog changes during in-flight checkouts (PostgreSQL)', () => {
  let server: TestServer;
  let cookie: string;
  let simulator: ReturnType<typeof paymentsOf>['simulator'];

  beforeAll(async () => {
    server = await startTestServer();
    cookie = await server.login('manager');
    simulator = paymentsOf(server.platform).simulator;
    // A remote processor's latency on every call (authorize and void).
    simulator.configure({ latencyMs: 100 });
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;

  /** Carts of fresh customers, each holding `quantity` of the SKU, ready to complete. */
  async function readyCarts(fx: CheckoutFixture, count: number, couponCodes: string[] = []): Promise<string[]> {
    const buyers = await customers(db(), server.organizationId, count);
    return Promise.all(
      buyers.map(async (customerId) => {
        const cart = await server.request({ method: 'POST', url: '/v1/carts', cookie, body: { storeId: fx.storeId, customerId, channel: 'pickup' } });
        expect(cart.statusCode, cart.body).toBe(201);
        const id = cart.json().id as string;
        const added = await server.request({ method: 'POST', url: `/v1/carts/${id}/lines`, cookie, body: { skuId: fx.skuId, quantity: 1 } });
        expect(added.statusCode, added.body).toBe(200);
        const fulfilled = await server.request({ method: 'PUT', url: `/v1/carts/${id}/fulfillment`, cookie, body: { pickup: { name: 'Racer', phone: '+15105550100' } } });
        expect(fulfilled.statusCode, fulfilled.body).toBe(200);
        if (couponCodes.length > 0) {
          const coupons = await server.request({ method: 'PUT', url: `/v1/carts/${id}/coupons`, cookie, body: { codes: couponCodes } });
          expect(coupons.statusCode, coupons.body).toBe(200);
        }
        return id;
      }),
    );
  }

  const outcome = (kind: Outcome['kind'], key: string, r: { statusCode: number; json(): any }): Outcome => ({
    kind,
    key,
    status: r.statusCode,
    ...(r.statusCode >= 400 ? { code: r.json().error?.code } : { totalCents: r.json().order.totalCents }),
  });

  /**
   * One wave: WAVE cart completions and WAVE POS sales of the SKU. Every authorization is taken,
   * then held until `change` has committed; then all go on to their transaction.
   */
  async function wave(fx: CheckoutFixture, change: () => Promise<void>, options: { couponCodes?: string[] } = {}) {
    const couponCodes = options.couponCodes ?? [];
    const cartIds = await readyCarts(fx, WAVE, couponCodes);
    const saleIds = Array.from({ length: WAVE }, () => uuidv7());
    const before = new Set(simulator.authorized.keys());

    const expected = cartIds.length + saleIds.length;
    let arrived = 0;
    let allIn!: () => void;
    let release!: () => void;
    const inFlight = new Promise<void>((resolve) => (allIn = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const authorize = simulator.authorize;
    simulator.authorize = async (...args: Parameters<typeof authorize>) => {
      const authorization = await authorize.apply(simulator, args);
      if (++arrived === expected) allIn();
      await gate;
      return authorization;
    };
    let results: Outcome[];
    try {
      const all = Promise.all([
        ...cartIds.map(async (id) =>
          outcome('cart', id, await server.request({ method: 'POST', url: `/v1/carts/${id}/complete`, cookie, body: { tenders: [{ kind: 'simulator' }] } })),
        ),
        ...saleIds.map(async (id) =>
          outcome(
            'pos',
            id,
            await server.request({
              method: 'POST',
              url: `/v1/stores/${fx.storeId}/pos-sales`,
              cookie,
              body: { id, customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'simulator' }], couponCodes },
            }),
          ),
        ),
      ]);
      // Every sale passed its pre-check and holds an authorization (or some already failed: the
      // assertion below says which).
      await Promise.race([inFlight, all]);
      expect(arrived, 'every sale reached its payment authorization before the change').toBe(expected);
      await change();
      release();
      results = await all;
    } finally {
      simulator.authorize = authorize;
      release();
    }
    const money = await checkMoney(cartIds, saleIds, before);
    return { results, ...money };
  }

  /** The money invariants for the orders of a wave; answers the orders with their lines. */
  async function checkMoney(cartIds: string[], saleIds: string[], authorizedBefore: Set<string>) {
    const orders = await sql<{ id: string; cart_id: string | null; total_cents: string; discount_cents: string; subtotal_cents: string; paid: string; payments: string[] }>`
      select o.id, o.cart_id, o.total_cents, o.discount_cents, o.subtotal_cents,
             coalesce((select sum(p.amount_cents) from payment p where p.order_id = o.id), 0) as paid,
             coalesce((select array_agg(p.authorization_ref) from payment p where p.order_id = o.id), '{}') as payments
        from sales_order o
       where o.cart_id = any(${cartIds}::uuid[]) or o.id = any(${saleIds}::uuid[])`.execute(db());
    const lines = await sql<{ order_id: string; unit_price_cents: number; gross_cents: string; discount_cents: string }>`
      select l.order_id, l.unit_price_cents, l.gross_cents, l.discount_cents from sales_order_line l
       where l.order_id = any(${orders.rows.map((o) => o.id)}::uuid[])`.execute(db());
    const redemptions = await sql<{ order_id: string; promotion_id: string; amount_cents: string; counted: boolean }>`
      select order_id, promotion_id, amount_cents, counted from promotion_redemption
       where order_id = any(${orders.rows.map((o) => o.id)}::uuid[])`.execute(db());

    const paidRefs = new Set<string>();
    for (const order of orders.rows) {
      // What the customer is charged is what the order records.
      expect(Number(order.paid), `payments of order ${order.id}`).toBe(Number(order.total_cents));
      const own = lines.rows.filter((l) => l.order_id === order.id);
      expect(own.length).toBeGreaterThan(0);
      expect(own.reduce((s, l) => s + Number(l.gross_cents), 0)).toBe(Number(order.subtotal_cents));
      expect(own.reduce((s, l) => s + Number(l.discount_cents), 0), `line discounts of order ${order.id}`).toBe(Number(order.discount_cents));
      // The order's discount is exactly what its promotion redemptions record.
      const redeemed = redemptions.rows.filter((r) => r.order_id === order.id).reduce((s, r) => s + Number(r.amount_cents), 0);
      expect(redeemed, `redemptions of order ${order.id}`).toBe(Number(order.discount_cents));
      for (const ref of order.payments) paidRefs.add(ref);
    }
    const fresh = [...simulator.authorized.keys()].filter((ref) => !authorizedBefore.has(ref));
    expect(fresh.length).toBe(cartIds.length + saleIds.length);
    for (const ref of fresh) {
      if (paidRefs.has(ref)) expect(simulator.voided.has(ref), `payment ${ref} of an order was voided`).toBe(false);
      else expect(simulator.voided.has(ref), `authorization ${ref} without an order was not voided`).toBe(true);
    }
    return { orders: orders.rows, lines: lines.rows, redemptions: redemptions.rows };
  }

  const setPrice = async (fx: CheckoutFixture, priceCents: number) => {
    const r = await server.request({ method: 'PUT', url: `/v1/catalog/skus/${fx.skuId}/prices/${fx.storeId}`, cookie, body: { priceCents } });
    expect(r.statusCode, r.body).toBe(200);
  };

  const codes = (results: Outcome[]) => [...new Set(results.map((r) => (r.status === 201 ? '201' : `${r.status} ${r.code}`)))].sort();

  it('a store price raised, then lowered, under 40 in-flight sales each: no sale is charged or recorded at a price it was not', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 200, code: 'HH-BD-35' });
    const old = fx.priceCents;
    const raised = old + 500;

    for (const to of [raised, old]) {
      const { results, orders, lines } = await wave(fx, () => setPrice(fx, to));
      expect(results.filter((r) => r.status >= 500)).toEqual([]);
      // Every sale reached its transaction after the change committed: none may be written at
      // the price it was authorized at, since that is no longer the catalog's price.
      expect(codes(results)).toEqual(['409 TOTAL_CHANGED']);
      expect(orders).toHaveLength(0);
      expect(lines.every((l) => l.unit_price_cents === to)).toBe(true);
    }

    // Retried on the settled price, they sell at it.
    const settled = await wave(fx, async () => undefined);
    expect(codes(settled.results)).toEqual(['201']);
    expect(settled.orders).toHaveLength(2 * WAVE);
    expect(new Set(settled.lines.map((l) => l.unit_price_cents))).toEqual(new Set([old]));
    // The refused carts stay open with their holds (their customers can complete again).
    const stock = await ledgerMatches(db(), fx.packageId);
    expect(stock).toEqual({ onHand: 200 - 2 * WAVE, reserved: 2 * WAVE, ledgerOnHand: 200 - 2 * WAVE, ledgerReserved: 2 * WAVE });
  }, 40_000);

  it('a SKU archived, or its store price removed, mid-flight is not sold once the change committed', async () => {
    const archived = await stockedSku(db(), server.organizationId, { quantity: 100, code: 'RR-WC-35' });
    const first = await wave(archived, async () => {
      const r = await server.request({ method: 'PATCH', url: `/v1/catalog/skus/${archived.skuId}`, cookie, body: { status: 'archived' } });
      expect(r.statusCode, r.body).toBe(200);
    });
    expect(first.results.filter((r) => r.status >= 500)).toEqual([]);
    expect(codes(first.results)).toEqual(['422 SKU_NOT_SELLABLE']);
    expect(first.orders).toHaveLength(0);
    // Nothing left the shelf; the refused carts still hold their units until they expire or are released.
    const afterArchive = await ledgerMatches(db(), archived.packageId);
    expect(afterArchive.onHand).toBe(100);
    expect(afterArchive.ledgerOnHand).toBe(100);

    const unpriced = await stockedSku(db(), server.organizationId, { quantity: 100, code: 'HH-GDP-35' });
    const second = await wave(unpriced, async () => {
      const r = await server.request({ method: 'DELETE', url: `/v1/catalog/skus/${unpriced.skuId}/prices/${unpriced.storeId}`, cookie });
      expect(r.statusCode, r.body).toBe(204);
    });
    expect(second.results.filter((r) => r.status >= 500)).toEqual([]);
    expect(codes(second.results)).toEqual(['422 SKU_NOT_PRICED']);
    expect(second.orders).toHaveLength(0);
    expect((await ledgerMatches(db(), unpriced.packageId)).onHand).toBe(100);
  }, 40_000);

  it('a promotion edited or a coupon archived mid-flight: discounts, redemptions, coupon uses and charges agree', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 200, code: 'HH-HRQ-35' });
    const percentBody = (percent: number) => ({
      storeId: fx.storeId,
      name: `${percent}% off`,
      receiptLabel: `DEAL ${percent}%`,
      action: { type: 'percent_off_items', percent, filter: { skus: [fx.skuCode] } },
    });
    const created = await server.request({ method: 'POST', url: '/v1/promotions', cookie, body: percentBody(10) });
    expect(created.statusCode, created.body).toBe(201);
    const percentId = created.json().id as string;
    const coupon = await server.request({
      method: 'POST',
      url: '/v1/promotions',
      cookie,
      body: { storeId: fx.storeId, name: 'Race five', codes: ['RACE5'], maxUses: 1000, action: { type: 'fixed_off_order', amountCents: 500 } },
    });
    expect(coupon.statusCode, coupon.body).toBe(201);
    const couponId = coupon.json().id as string;
    const uses = async () => (await db().selectFrom('promotion').select('uses').where('id', '=', couponId).executeTakeFirstOrThrow()).uses;
    const couponOrders = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from promotion_redemption where promotion_id = ${couponId} and counted and status = 'redeemed'`.execute(db())).rows[0].n;

    // A wave with both applied and nothing changing: the baseline all succeed.
    const steady = await wave(fx, async () => undefined, { couponCodes: ['RACE5'] });
    expect(codes(steady.results)).toEqual(['201']);
    const tenPercent = Math.round(fx.priceCents * 0.1);
    for (const order of steady.orders) expect(Number(order.discount_cents)).toBe(tenPercent + 500);
    expect(await uses()).toBe(2 * WAVE);

    // 10% → 20% while the wave is in flight.
    const edited = await wave(
      fx,
      async () => {
        const r = await server.request({ method: 'PUT', url: `/v1/promotions/${percentId}`, cookie, body: percentBody(20) });
        expect(r.statusCode, r.body).toBe(200);
      },
      { couponCodes: ['RACE5'] },
    );
    expect(edited.results.filter((r) => r.status >= 500)).toEqual([]);
    expect(codes(edited.results)).toEqual(['409 TOTAL_CHANGED']);
    expect(edited.orders).toHaveLength(0);
    expect(await uses()).toBe(2 * WAVE);

    // The coupon archived while the wave is in flight.
    const archived = await wave(
      fx,
      async () => {
        const r = await server.request({ method: 'DELETE', url: `/v1/promotions/${couponId}`, cookie });
        expect(r.statusCode, r.body).toBe(200);
      },
      { couponCodes: ['RACE5'] },
    );
    expect(archived.results.filter((r) => r.status >= 500)).toEqual([]);
    expect(codes(archived.results)).toEqual(['409 TOTAL_CHANGED']);
    expect(archived.orders).toHaveLength(0);

    // Coupon uses counted = orders that carry it.
    expect(await uses()).toBe(await couponOrders());
    expect(await uses()).toBe(2 * WAVE);

    // Sales after the changes get the edited promotion and no coupon.
    const after = await wave(fx, async () => undefined, { couponCodes: ['RACE5'] });
    expect(codes(after.results)).toEqual(['201']);
    for (const order of after.orders) expect(Number(order.discount_cents)).toBe(Math.round(fx.priceCents * 0.2));
    expect(await uses()).toBe(await couponOrders());
  }, 40_000);
});
