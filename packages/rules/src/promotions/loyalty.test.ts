import { describe, expect, it } from 'vitest';
import { allocateOrderDiscount, earnPoints, eligibleCentsForEarning, loyaltyProgramSchema, redeemPoints, tierFor, type LoyaltyProgramInput } from './loyalty.ts';

const PROGRAM: LoyaltyProgramInput = {
  earn: { pointsPerDollar: 1, rounding: 'floor', excludedCategories: ['gift_card'] },
  tiers: [
    { id: 'green', name: 'Green', minLifetimePoints: 0, multiplier: 1 },
    { id: 'gold', name: 'Gold', minLifetimePoints: 1_000, multiplier: 1.5 },
    { id: 'platinum', name: 'Platinum', minLifetimePoints: 5_000, multiplier: 2 },
  ],
  redemption: { pointsPerBlock: 100, centsPerBlock: 100, minPoints: 200, maxPercentOfOrder: 50 },
};

describe('loyalty program', () => {
  it('is a valid stored program', () => {
    expect(loyaltyProgramSchema.safeParse(PROGRAM).success).toBe(true);
    expect(loyaltyProgramSchema.safeParse({ ...PROGRAM, earn: { pointsPerDollar: 1.00001 } }).success).toBe(false);
  });

  it.each([
    [0, 'green'],
    [999, 'green'],
    [1_000, 'gold'],
    [4_999, 'gold'],
    [5_000, 'platinum'],
  ])('tierFor(%i) = %s', (points, tier) => {
    expect(tierFor(PROGRAM, points)?.id).toBe(tier);
  });

  it('no tiers, no tier', () => {
    expect(tierFor({ ...PROGRAM, tiers: [] }, 10_000)).toBeUndefined();
  });

  it.each([
    ['floor', 1999, undefined, 19],
    ['half_up', 1950, undefined, 20],
    ['half_up', 1949, undefined, 19],
    ['ceil', 1901, undefined, 20],
    ['floor', 1999, 'gold', 29], // 29.985
    ['half_up', 1999, 'gold', 30],
    ['floor', 1999, 'platinum', 39],
    ['floor', 0, 'gold', 0],
  ] as const)('earn %s on %i cents (tier %s) = %i', (rounding, eligibleCents, tier, points) => {
    expect(earnPoints({ ...PROGRAM, earn: { ...PROGRAM.earn, rounding } }, { eligibleCents, tier }).points).toBe(points);
  });

  it('uses exact arithmetic for fractional rates', () => {
    // 0.1 points per dollar on $30 is exactly 3 points, not 2.9999999.
    expect(earnPoints({ ...PROGRAM, earn: { pointsPerDollar: 0.1 } }, { eligibleCents: 3_000 }).points).toBe(3);
  });

  it('eligible cents leave out excluded categories and, if asked, cannabis', () => {
    const lines = [
      { category: 'flower', isCannabis: true, netCents: 4_000 },
      { category: 'accessory', isCannabis: false, netCents: 1_500 },
      { category: 'gift_card', isCannabis: false, netCents: 5_000 },
    ];
    expect(eligibleCentsForEarning(PROGRAM, lines)).toBe(5_500);
    expect(eligibleCentsForEarning({ ...PROGRAM, earn: { ...PROGRAM.earn, excludeCannabis: true } }, lines)).toBe(1_500);
  });

  it.each([
    ['whole blocks only', { points: 350, orderCents: 10_000 }, { pointsRedeemed: 300, discountCents: 300, limitedBy: 'none' }],
    ['below the minimum', { points: 150, orderCents: 10_000 }, { pointsRedeemed: 0, discountCents: 0, limitedBy: 'below_minimum' }],
    ['at most 50% of the order', { points: 10_000, orderCents: 4_999 }, { pointsRedeemed: 2_400, discountCents: 2_400, limitedBy: 'max_percent' }],
    ['nothing offered', { points: 0, orderCents: 4_999 }, { pointsRedeemed: 0, discountCents: 0, limitedBy: 'none' }],
    // Enough points offered, but the order takes one block only: fewer than the minimum are not spent.
    ['a cap that leaves less than the minimum', { points: 1_000, orderCents: 300 }, { pointsRedeemed: 0, discountCents: 0, limitedBy: 'max_percent' }],
    ['a cap that leaves exactly the minimum', { points: 1_000, orderCents: 400 }, { pointsRedeemed: 200, discountCents: 200, limitedBy: 'max_percent' }],
  ] as const)('redeem: %s', (_name, args, expected) => {
    expect(redeemPoints(PROGRAM, args)).toEqual(expected);
  });

  it('MA: points cannot pay for cannabis', () => {
    const ma: LoyaltyProgramInput = { ...PROGRAM, redemption: { ...PROGRAM.redemption, maxPercentOfOrder: 100, allowOnCannabis: false } };
    expect(redeemPoints(ma, { points: 5_000, orderCents: 6_000, cannabisCents: 4_000 })).toEqual({ pointsRedeemed: 2_000, discountCents: 2_000, limitedBy: 'cannabis_excluded' });
    expect(redeemPoints(ma, { points: 5_000, orderCents: 6_000, cannabisCents: 6_000 })).toEqual({ pointsRedeemed: 0, discountCents: 0, limitedBy: 'cannabis_excluded' });
  });

  it('spreads a redemption over eligible lines only', () => {
    const parts = allocateOrderDiscount(1_000, [
      { lineId: 'flower', amountCents: 4_000, eligible: false },
      { lineId: 'grinder', amountCents: 1_500 },
      { lineId: 'papers', amountCents: 500 },
    ]);
    expect(parts).toEqual([
      { lineId: 'flower', amountCents: 0 },
      { lineId: 'grinder', amountCents: 750 },
      { lineId: 'papers', amountCents: 250 },
    ]);
  });
});
