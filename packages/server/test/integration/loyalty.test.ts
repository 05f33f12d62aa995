import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { earnForOrder, loyaltyAccount, redeemForOrder, reverseForOrder } from '../../src/modules/loyalty';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { customers } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const TEST_PROGRAM = {
  earn: { pointsPerDollar: 1 },
  tiers: [
    { id: 'green', name: 'Green', minLifetimePoints: 0, multiplier: 1 },
    { id: 'gold', name: 'Gold', minLifetimePoints: 500, multiplier: 1.5 },
  ],
  redemption: { pointsPerBlock: 100, centsPerBlock: 500, minPoints: 100, maxPercentOfOrder: 50 },
};

describe('loyalty: program, earn, redeem, reverse, adjustments', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let customerId: string;
  const tx = <T>(work: Parameters<typeof inTransaction<T>>[2]) => inTransaction(server.platform.tx, systemContext(server.organizationId), work);

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    [customerId] = await customers(server.platform.database.db, server.organizationId, 1);
  });
  afterAll(() => server?.close());

  it('sets the program with the engine schema (field paths on errors)', async () => {
    const bad = await server.request({ method: 'PUT', url: '/v1/loyalty/program', cookie: manager, body: { program: { ...TEST_PROGRAM, redemption: { pointsPerBlock: 0, centsPerBlock: 500 } } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toEqual(['body', 'program', 'redemption', 'pointsPerBlock']);
    expect((await server.request({ method: 'PUT', url: '/v1/loyalty/program', cookie: budtender, body: { program: TEST_PROGRAM } })).statusCode).toBe(403);
    const ok = await server.request({ method: 'PUT', url: '/v1/loyalty/program', cookie: manager, body: { program: TEST_PROGRAM } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().program.earn.rounding).toBe('floor');
  });

  it('earns by tier, redeems in blocks, reverses on return, never below zero', async () => {
    const order1 = uuidv7();
    // $400.99 at 1 point per dollar (floor) → 400 points, Green.
    expect(await tx((uow) => earnForOrder(uow, { organizationId: server.organizationId, customerId, orderId: order1, eligibleCents: 40_099 }))).toEqual({ points: 400, tier: { id: 'green', name: 'Green' } });
    // Earning again for the same order does not add points.
    expect((await tx((uow) => earnForOrder(uow, { organizationId: server.organizationId, customerId, orderId: order1, eligibleCents: 40_099 }))).points).toBe(400);
    const order2 = uuidv7();
    expect(await tx((uow) => earnForOrder(uow, { organizationId: server.organizationId, customerId, orderId: order2, eligibleCents: 20_000 }))).toEqual({ points: 200, tier: { id: 'gold', name: 'Gold' } });
    // Gold multiplies: $100 → 150.
    const order3 = uuidv7();
    expect((await tx((uow) => earnForOrder(uow, { organizationId: server.organizationId, customerId, orderId: order3, eligibleCents: 10_000 }))).points).toBe(150);
    let account = await loyaltyAccount(server.platform.database.db, { organizationId: server.organizationId, customerId });
    expect(account).toMatchObject({ balancePoints: 750, lifetimePoints: 750, tier: { id: 'gold' } });

    // Redeem 350 points on a $20 order: capped at 50% = $10 = 2 blocks = 200 points.
    const order4 = uuidv7();
    const redeemed = await tx((uow) => redeemForOrder(uow, { organizationId: server.organizationId, customerId, orderId: order4, points: 350, orderCents: 2_000, cannabisCents: 2_000 }));
    expect(redeemed).toMatchObject({ pointsRedeemed: 200, discountCents: 1_000, limitedBy: 'max_percent' });
    await expect(
      tx((uow) => redeemForOrder(uow, { organizationId: server.organizationId, customerId, orderId: uuidv7(), points: 10_000, orderCents: 1_000_000, cannabisCents: 0 })),
    ).rejects.toMatchObject({ statusCode: 409, code: 'LOYALTY_INSUFFICIENT_POINTS' });

    // Returning half of order 2 claws back 100 points; voiding order 4 gives its 200 back.
    expect(await tx((uow) => reverseForOrder(uow, { orderId: order2, portion: { cents: 10_000, ofCents: 20_000 } }))).toEqual({ pointsReturned: 0, pointsClawedBack: 100, shortfall: 0 });
    expect(await tx((uow) => reverseForOrder(uow, { orderId: order4 }))).toEqual({ pointsReturned: 200, pointsClawedBack: 0, shortfall: 0 });
    expect(await tx((uow) => reverseForOrder(uow, { orderId: order4 }))).toEqual({ pointsReturned: 0, pointsClawedBack: 0, shortfall: 0 });
    account = await loyaltyAccount(server.platform.database.db, { organizationId: server.organizationId, customerId });
    expect(account).toMatchObject({ balancePoints: 650, lifetimePoints: 650 });

    // Spend nearly everything, then void the first order: only what is left can be clawed back.
    await tx((uow) => redeemForOrder(uow, { organizationId: server.organizationId, customerId, orderId: uuidv7(), points: 600, orderCents: 100_000, cannabisCents: 0 }));
    expect(await tx((uow) => reverseForOrder(uow, { orderId: order1 }))).toEqual({ pointsReturned: 0, pointsClawedBack: 50, shortfall: 350 });
    account = await loyaltyAccount(server.platform.database.db, { organizationId: server.organizationId, customerId });
    expect(account).toMatchObject({ balancePoints: 0, lifetimePoints: 250, tier: { id: 'green' }, nextTier: { id: 'gold', pointsNeeded: 250 } });
  });

  it('a void of a sale whose points were all spent takes none back but lowers the lifetime total, with a ledger entry saying so', async () => {
    const db = server.platform.database.db;
    const [spender] = await customers(db, server.organizationId, 1);
    const sale = uuidv7();
    await tx((uow) => earnForOrder(uow, { organizationId: server.organizationId, customerId: spender, orderId: sale, eligibleCents: 30_000 }));
    await tx((uow) => redeemForOrder(uow, { organizationId: server.organizationId, customerId: spender, orderId: uuidv7(), points: 300, orderCents: 100_000, cannabisCents: 0 }));
    expect(await tx((uow) => reverseForOrder(uow, { orderId: sale, reason: 'voided' }))).toEqual({ pointsReturned: 0, pointsClawedBack: 0, shortfall: 300 });
    const account = await loyaltyAccount(db, { organizationId: server.organizationId, customerId: spender });
    expect(account).toMatchObject({ balancePoints: 0, lifetimePoints: 0 });
    // The ledger ends where the account is: its last entry is the void's, taking no points.
    const [last] = await db.selectFrom('loyalty_entry').selectAll().where('customer_id', '=', spender).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).execute();
    expect(last).toMatchObject({ kind: 'reverse', points: 0, balance_after: 0, lifetime_after: 0, order_id: sale, reason: 'voided' });
  });

  it('adjusts by hand with permission and a reason, and shows balance and history', async () => {
    const url = `/v1/loyalty/accounts/${customerId}/adjustments`;
    expect((await server.request({ method: 'POST', url, cookie: budtender, body: { points: 50, reason: 'Goodwill' } })).statusCode).toBe(403);
    const noReason = await server.request({ method: 'POST', url, cookie: manager, body: { points: 50 } });
    expect(noReason.json().error.details[0].path).toEqual(['body', 'reason']);
    const added = await server.request({ method: 'POST', url, cookie: manager, body: { points: 120, reason: 'Points from the old system' } });
    expect(added.json()).toMatchObject({ balancePoints: 120 });
    const tooMuch = await server.request({ method: 'POST', url, cookie: manager, body: { points: -500, reason: 'Correction' } });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().error.code).toBe('LOYALTY_INSUFFICIENT_POINTS');

    const view = (await server.request({ method: 'GET', url: `/v1/loyalty/accounts/${customerId}?limit=3`, cookie: budtender })).json();
    expect(view).toMatchObject({ balancePoints: 120, programActive: true });
    expect(view.history).toHaveLength(3);
    expect(view.history[0]).toMatchObject({ kind: 'adjust', points: 120, balanceAfter: 120, reason: 'Points from the old system' });
    const unknown = await server.request({ method: 'GET', url: `/v1/loyalty/accounts/${uuidv7()}`, cookie: budtender });
    expect(unknown.statusCode).toBe(404);
    const audit = await server.platform.database.db.selectFrom('audit_log').select(['action', 'reason']).where('action', '=', 'loyalty.points.adjusted').execute();
    expect(audit).toContainEqual({ action: 'loyalty.points.adjusted', reason: 'Points from the old system' });
  });
});
