// PostgreSQL only: two or more first orders of one customer completing at once must not all get a
// first-purchase discount. Each sale is priced (first purchase: yes) before its payment; under the
// customer's limit lock, taken by the sale's claim, the first-purchase fact is read again and the
// sale priced again: the sale that takes the lock first gets the discount, the others find its
// order and are refused with 409 TOTAL_CHANGED (reason customer_changed), nothing written.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerLimitsLockKey } from '../../src/modules/customers';
import { invalidatePromotionCache } from '../../src/modules/promotions';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('first-purchase promotions under concurrent completions (PostgreSQL)', () => {
  let server: TestServer;
  let manager: string;
  let fx: CheckoutFixture;
  let promotionId: string;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 100 });
    const created = await server.request({
      method: 'POST',
      url: '/v1/promotions',
      cookie: manager,
      body: { storeId: fx.storeId, name: 'First visit $4 off', receiptLabel: 'FIRST', conditions: [{ type: 'first_purchase' }], action: { type: 'fixed_off_order', amountCents: 400 } },
    });
    expect(created.statusCode, created.body).toBe(201);
    promotionId = created.json().id;
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const answer = (r: { statusCode: number; json: () => { error?: { code: string; details?: { reason?: string } } } }) =>
    r.statusCode === 201 ? 'ok' : `${r.statusCode} ${r.json().error?.code} ${r.json().error?.details?.reason ?? ''}`.trim();
  const posSale = (customerId: string, id = uuidv7()) =>
    server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie: manager,
      body: { id, customerId, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'simulator' }] },
    });
  async function cart(customerId: string): Promise<string> {
    const created = await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: fx.storeId, customerId, channel: 'pickup' } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect((await server.request({ method: 'POST', url: `/v1/carts/${id}/lines`, cookie: manager, body: { skuId: fx.skuId, quantity: 1 } })).statusCode).toBe(200);
    const view = await server.request({ method: 'PUT', url: `/v1/carts/${id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Racer', phone: '+15105550100' } } });
    expect(view.statusCode, view.body).toBe(200);
    // The cart is priced as a first purchase: no order yet.
    expect(view.json().promotions.applied.map((a: { promotionId: string }) => a.promotionId)).toContain(promotionId);
    return id;
  }
  const completeCart = (cartId: string) => server.request({ method: 'POST', url: `/v1/carts/${cartId}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });

  /** Everything the customer's sales wrote: orders (with their discounts), payments, redemptions. */
  async function written(customerId: string) {
    const orders = await db().selectFrom('sales_order').select(['id', 'discount_cents', 'status']).where('customer_id', '=', customerId).execute();
    const ids = orders.map((o) => o.id);
    const payments = ids.length ? await sql<{ n: number }>`select count(*)::int as n from payment where order_id = any(${ids}::uuid[])`.execute(db()) : { rows: [{ n: 0 }] };
    const redemptions = await sql<{ n: number }>`select count(*)::int as n from promotion_redemption where promotion_id = ${promotionId} and customer_id = ${customerId}`.execute(db());
    return { orders, payments: payments.rows[0].n, redemptions: redemptions.rows[0].n };
  }

  it('held at the lock: every sale priced as a first purchase, one completes with it, the others are 409 customer_changed with nothing written', async () => {
    const [buyer] = await customers(db(), server.organizationId, 1);
    const carts = [await cart(buyer), await cart(buyer)];
    const key = customerLimitsLockKey(buyer);
    // Sales waiting for the customer's lock (an advisory lock on a bigint: classid and objid are its halves).
    const waiting = async () =>
      (
        await sql<{ n: number }>`select count(*)::int as n from pg_locks
                                  where locktype = 'advisory' and not granted and objsubid = 1
                                    and ((classid::bigint << 32) | objid::bigint) = hashtextextended(${key}, 0)`.execute(db())
      ).rows[0].n;

    // Another of the customer's sales holds their lock (as one past its claim would): every sale
    // below is priced on the pool before its payment (first purchase: yes), then waits at its
    // claim for the lock.
    let racing!: Promise<Awaited<ReturnType<typeof posSale>>[]>;
    await db()
      .transaction()
      .execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
        racing = Promise.all([posSale(buyer), posSale(buyer), posSale(buyer), posSale(buyer), ...carts.map(completeCart)]);
        for (let i = 0; i < 400 && (await waiting()) < 6; i++) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(await waiting()).toBe(6);
        // The promotions are read again meanwhile (as when the cache's entry expires during a long
        // payment): the same definitions, so what changed is still the customer.
        invalidatePromotionCache(server.organizationId);
      });
    // Released at that commit: the six proceed one at a time.
    const results = await racing;
    const answers = results.map(answer);
    expect(answers.filter((a) => a === 'ok')).toHaveLength(1);
    expect(answers.filter((a) => a === '409 TOTAL_CHANGED customer_changed')).toHaveLength(5);
    const winner = results.find((r) => r.statusCode === 201)!.json();
    expect(winner.order.discountCents).toBe(400);
    expect(winner.promotions.applied.map((a: { promotionId: string }) => a.promotionId)).toContain(promotionId);

    const rows = await written(buyer);
    expect(rows.orders).toHaveLength(1);
    expect(rows.orders[0].id).toBe(winner.order.id);
    expect(rows.payments).toBe(1);
    expect(rows.redemptions).toBe(1);
    // The refused carts stay open, their holds in place; the stock moved for one sale only.
    const open = await db().selectFrom('sales_cart').select(['id', 'status']).where('id', 'in', carts).execute();
    expect(open.filter((c) => c.status === 'open')).toHaveLength(winner.order.cartId ? 1 : 2);
    const stock = await ledgerMatches(db(), fx.packageId);
    expect(stock.onHand).toBe(stock.ledgerOnHand);
    expect(stock.reserved).toBe(stock.ledgerReserved);

    // Tried again, a refused sale is priced as what it now is: no discount.
    const again = await posSale(buyer);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().order.discountCents).toBe(0);
  }, 60_000);

  it('free for all: seven first sales of one customer at once, exactly one with the discount', async () => {
    const [buyer] = await customers(db(), server.organizationId, 1);
    const carts = [await cart(buyer), await cart(buyer)];
    const results = await Promise.all([...Array.from({ length: 5 }, () => posSale(buyer)), ...carts.map(completeCart)]);
    const answers = results.map(answer);
    // A sale priced after the first committed is priced without the discount and goes through;
    // one priced before it is refused under the lock.
    expect(answers.every((a) => a === 'ok' || a === '409 TOTAL_CHANGED customer_changed'), answers.join(', ')).toBe(true);
    const ok = results.filter((r) => r.statusCode === 201).map((r) => r.json());
    expect(ok.filter((o) => o.order.discountCents === 400)).toHaveLength(1);
    expect(ok.filter((o) => o.order.discountCents !== 400).every((o) => o.order.discountCents === 0)).toBe(true);
    const rows = await written(buyer);
    expect(rows.orders).toHaveLength(ok.length);
    expect(rows.orders.filter((o) => Number(o.discount_cents) === 400)).toHaveLength(1);
    expect(rows.redemptions).toBe(1);
    expect(rows.payments).toBe(ok.length);
  }, 60_000);
});
