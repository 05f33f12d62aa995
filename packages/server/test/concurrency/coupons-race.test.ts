// PostgreSQL only: racing redemptions. Each redemption is its own transaction through the
// module's door (redeemCoupons / redeemForOrder), as order completion calls it, on a pool where
// transactions really interleave.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppliedPromotion } from '@verdant/rules/promotions';
import { redeemForOrder } from '../../src/modules/loyalty';
import { redeemCoupons } from '../../src/modules/promotions';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { customers } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('coupon and loyalty races (PostgreSQL)', () => {
  let server: TestServer;
  let manager: string;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
  });
  afterAll(() => server.close());

  const settle = async (jobs: Array<() => Promise<unknown>>) =>
    (await Promise.allSettled(jobs.map((job) => job()))).map((r) => (r.status === 'fulfilled' ? 'ok' : ((r.reason as { code?: string }).code ?? String(r.reason))));

  it('a coupon limited to 10 uses under 100 concurrent redemptions: exactly 10 succeed', async () => {
    const created = await server.request({
      method: 'POST',
      url: '/v1/promotions',
      cookie: manager,
      body: { name: 'Ten only', codes: ['TENONLY'], maxUses: 10, action: { type: 'fixed_off_order', amountCents: 500 } },
    });
    expect(created.statusCode).toBe(201);
    const promotionId = created.json().id as string;
    const applied: AppliedPromotion = {
      promotionId,
      name: 'Ten only',
      receiptLabel: 'Ten only',
      code: 'tenonly',
      amountCents: 500,
      scope: 'order',
      loyalty: false,
      cappedByGuard: false,
      lineIds: ['1'],
      allocations: [{ lineId: '1', amountCents: 500 }],
    };
    const results = await settle(
      Array.from({ length: 100 }, () => () =>
        inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) =>
          redeemCoupons(uow, { organizationId: server.organizationId, storeId: null, orderId: uuidv7(), applied: [applied] }),
        ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(10);
    expect(results.filter((r) => r === 'COUPON_LIMIT_REACHED')).toHaveLength(90);
    const db = server.platform.database.db;
    expect((await db.selectFrom('promotion').select('uses').where('id', '=', promotionId).executeTakeFirstOrThrow()).uses).toBe(10);
    const redemptions = await sql<{ n: number }>`select count(*)::int as n from promotion_redemption where promotion_id = ${promotionId}`.execute(db);
    expect(redemptions.rows[0].n).toBe(10);
  });

  it('loyalty points cannot go negative under 50 concurrent redemptions', async () => {
    const db = server.platform.database.db;
    const program = {
      earn: { pointsPerDollar: 1 },
      redemption: { pointsPerBlock: 100, centsPerBlock: 100 },
    };
    expect((await server.request({ method: 'PUT', url: '/v1/loyalty/program', cookie: manager, body: { program } })).statusCode).toBe(200);
    const [customerId] = await customers(db, server.organizationId, 1);
    const adjusted = await server.request({ method: 'POST', url: `/v1/loyalty/accounts/${customerId}/adjustments`, cookie: manager, body: { points: 1_000, reason: 'Race test' } });
    expect(adjusted.statusCode).toBe(200);
    const results = await settle(
      Array.from({ length: 50 }, () => () =>
        inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) =>
          redeemForOrder(uow, { organizationId: server.organizationId, customerId, orderId: uuidv7(), points: 300, orderCents: 100_000, cannabisCents: 0 }),
        ),
      ),
    );
    // 1000 points buy three redemptions of 300; the rest are refused, and 100 points remain.
    expect(results.filter((r) => r === 'ok')).toHaveLength(3);
    expect(results.filter((r) => r === 'LOYALTY_INSUFFICIENT_POINTS')).toHaveLength(47);
    const account = await db.selectFrom('loyalty_account').selectAll().where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    expect(account.balance_points).toBe(100);
    const ledger = await sql<{ total: number }>`select coalesce(sum(points), 0)::int as total from loyalty_entry where customer_id = ${customerId}`.execute(db);
    expect(ledger.rows[0].total).toBe(100);
  });
});
