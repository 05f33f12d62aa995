// PostgreSQL only: a coupon limited to 10 uses under 100 concurrent POS sales (stock for all).
// The use is counted inside each sale's transaction (redeemCoupons' conditional UPDATE), so exactly
// 10 orders carry it; the other 90 are 409 COUPON_LIMIT_REACHED with nothing written for them
// (no order, no payment, no stock moved, authorization voided).
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('coupon limits under concurrent checkouts (PostgreSQL)', () => {
  let server: TestServer;
  let manager: string;
  let fx: CheckoutFixture;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 150 });
  });
  afterAll(() => server?.close());

  it('100 concurrent sales with a 10-use coupon: exactly 10 carry it, 90 are 409 with nothing written', async () => {
    const db = server.platform.database.db;
    const created = await server.request({
      method: 'POST',
      url: '/v1/promotions',
      cookie: manager,
      body: { storeId: fx.storeId, name: 'Ten lucky', codes: ['TENLUCKY'], maxUses: 10, action: { type: 'fixed_off_order', amountCents: 100 } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const promotionId = created.json().id as string;
    const ids = Array.from({ length: 100 }, () => uuidv7());
    const answers = await Promise.all(
      ids.map((id) =>
        server.request({
          method: 'POST',
          url: `/v1/stores/${fx.storeId}/pos-sales`,
          cookie: manager,
          body: {
            id,
            customer: { kind: 'adult_use', birthDate: '1980-01-01' },
            lines: [{ skuId: fx.skuId, quantity: 1 }],
            tenders: [{ kind: 'simulator' }],
            couponCodes: ['TENLUCKY'],
          },
        }),
      ),
    );
    const codes = answers.map((a) => (a.statusCode === 201 ? 'ok' : `${a.statusCode} ${a.json().error?.code}`));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(10);
    expect(codes.filter((c) => c === '409 COUPON_LIMIT_REACHED')).toHaveLength(90);
    for (const a of answers.filter((x) => x.statusCode === 201)) expect(a.json().order.discountCents).toBe(100);

    const orders = await db.selectFrom('sales_order').select('id').where('id', 'in', ids).execute();
    expect(orders).toHaveLength(10);
    const payments = await sql<{ n: number }>`select count(*)::int as n from payment where order_id = any(${ids}::uuid[])`.execute(db);
    expect(payments.rows[0].n).toBe(10);
    expect((await db.selectFrom('promotion').select('uses').where('id', '=', promotionId).executeTakeFirstOrThrow()).uses).toBe(10);
    const redemptions = await sql<{ n: number }>`select count(*)::int as n from promotion_redemption where promotion_id = ${promotionId} and order_id = any(${ids}::uuid[])`.execute(db);
    expect(redemptions.rows[0].n).toBe(10);
    const stock = await db.selectFrom('inventory_stock').select(['on_hand', 'reserved']).where('package_id', '=', fx.packageId).executeTakeFirstOrThrow();
    expect({ onHand: Number(stock.on_hand), reserved: Number(stock.reserved) }).toEqual({ onHand: 140, reserved: 0 });
  }, 120_000);
});
