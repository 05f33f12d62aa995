// Invariants that must hold for any cart and any set of valid promotions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPromotions } from './apply-promotions.ts';
import type { ApplyPromotionsInput, ApplyPromotionsResult, ComplianceGuard, PromotionLine } from './engine-types.ts';
import { promotionSchema, type ActionInput, type ConditionInput, type ItemFilter, type PromotionInput } from './promotion-schema.ts';

const CATS = ['flower', 'edible', 'pre_roll', 'accessory'];

const lineArb = fc.record({
  sku: fc.constantFrom('S1', 'S2', 'S3'),
  category: fc.constantFrom(...CATS),
  brand: fc.constantFrom('Kiva', 'Stiiizy', undefined),
  quantity: fc.integer({ min: 1, max: 6 }),
  unitPriceCents: fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.constantFrom(0, 1, 3, 999, 1999)),
  isCannabis: fc.boolean(),
});

const linesArb = fc.array(lineArb, { minLength: 0, maxLength: 7 }).map((ls) =>
  ls.map((l, i): PromotionLine => ({ lineId: `L${i}`, sku: l.sku, category: l.category, ...(l.brand ? { brand: l.brand } : {}), quantity: l.quantity, unitPriceCents: l.unitPriceCents, isCannabis: l.isCannabis })),
);

const filterArb: fc.Arbitrary<ItemFilter> = fc.oneof(
  fc.constant({}),
  fc.record({ categories: fc.subarray(CATS, { minLength: 1 }) }),
  fc.record({ cannabis: fc.boolean() }),
  fc.record({ skus: fc.subarray(['S1', 'S2', 'S3'], { minLength: 1 }), brands: fc.subarray(['Kiva', 'Stiiizy'], { minLength: 1 }) }),
);
const percentArb = fc.integer({ min: 1, max: 10_000 }).map((bp) => bp / 100);
const centsArb = fc.integer({ min: 0, max: 30_000 });

const actionArb: fc.Arbitrary<ActionInput> = fc.oneof(
  fc.record({ type: fc.constant('percent_off_items' as const), percent: percentArb, filter: filterArb }),
  fc.record({ type: fc.constant('fixed_off_items' as const), amountCents: centsArb, per: fc.constantFrom('unit' as const, 'line' as const), filter: filterArb }),
  fc.record({ type: fc.constant('percent_off_order' as const), percent: percentArb, filter: filterArb }),
  fc.record({ type: fc.constant('fixed_off_order' as const), amountCents: centsArb, filter: filterArb }),
  fc.record({ type: fc.constant('bundle_price' as const), quantity: fc.integer({ min: 2, max: 4 }), priceCents: centsArb, filter: filterArb, maxApplications: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }) }),
  fc.record({
    type: fc.constant('buy_x_get_y' as const),
    buy: fc.record({ filter: filterArb, quantity: fc.integer({ min: 1, max: 3 }) }),
    get: fc.record({ filter: fc.option(filterArb, { nil: undefined }), quantity: fc.integer({ min: 1, max: 2 }), percent: percentArb }),
  }),
  fc.record({
    type: fc.constant('tiered' as const),
    basis: fc.constantFrom('subtotal' as const, 'quantity' as const),
    filter: filterArb,
    tiers: fc.array(fc.oneof(fc.record({ min: fc.integer({ min: 1, max: 20_000 }), percent: percentArb }), fc.record({ min: fc.integer({ min: 1, max: 20 }), amountCents: centsArb })), { minLength: 1, maxLength: 3 }),
  }),
);

const conditionArb: fc.Arbitrary<ConditionInput> = fc.oneof(
  fc.record({ type: fc.constant('min_subtotal' as const), cents: centsArb }).map((c): ConditionInput => c),
  fc.record({ type: fc.constant('items' as const), filter: filterArb, minQuantity: fc.integer({ min: 1, max: 4 }) }).map((c): ConditionInput => c),
  fc.record({ type: fc.constant('channel' as const), channels: fc.constant<('in_store' | 'pickup' | 'delivery')[]>(['in_store']) }).map((c): ConditionInput => c),
);

const promotionsArb = fc
  .array(
    fc.record({
      action: actionArb,
      priority: fc.integer({ min: 0, max: 5 }),
      stacking: fc.constantFrom('stackable' as const, 'exclusive' as const),
      loyalty: fc.boolean(),
      conditions: fc.array(conditionArb, { maxLength: 2 }),
      maxDiscountCents: fc.option(centsArb, { nil: undefined }),
      coupon: fc.boolean(),
    }),
    { maxLength: 5 },
  )
  .map((ps) =>
    ps.map(({ coupon, ...p }, i): PromotionInput => ({ id: `P${i}`, name: `P${i}`, ...p, codes: coupon ? [`CODE${i}`] : [] })),
  );

const guardArb: fc.Arbitrary<ComplianceGuard | undefined> = fc.option(
  fc.record(
    {
      forbidFreeCannabis: fc.boolean(),
      forbidCannabisDiscounts: fc.boolean(),
      forbidLoyaltyCannabisDiscounts: fc.boolean(),
      forbidCannabisBundles: fc.boolean(),
      forbidMixedCannabisBundles: fc.boolean(),
      minimumPriceCents: fc.integer({ min: 0, max: 200 }),
      onViolation: fc.constantFrom('reject' as const, 'cap' as const),
    },
    { requiredKeys: ['onViolation'] },
  ),
  { nil: undefined },
);

const inputArb: fc.Arbitrary<ApplyPromotionsInput> = fc.record({
  at: fc.constant('2025-11-14T12:00:00-08:00'),
  timezone: fc.constant('America/Los_Angeles'),
  channel: fc.constantFrom('in_store' as const, 'pickup' as const, 'delivery' as const),
  lines: linesArb,
  promotions: promotionsArb,
  couponCodes: fc.subarray(['CODE0', 'code1', 'CODE2', 'CODE3', 'CODE4', 'BOGUS']),
  guard: guardArb,
});

function byLine(r: ApplyPromotionsResult) {
  const lines = Object.fromEntries(r.lines.map((l) => [l.lineId, l]));
  const applied = r.applied.map((a) => ({ ...a, allocations: [...a.allocations].sort((x, y) => (x.lineId < y.lineId ? -1 : 1)), lineIds: [...a.lineIds].sort() }));
  return { lines, applied, rejected: r.rejected, totals: r.totals, orderDiscountCents: r.orderDiscountCents };
}

describe('promotion engine invariants', () => {
  it('generated promotions are valid stored promotions', () => {
    fc.assert(
      fc.property(promotionsArb, (ps) => {
        for (const p of ps) expect(promotionSchema.safeParse(p).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('discounts are never negative, never exceed a line or the subtotal, and always add up', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = applyPromotions(input);
        const lineSum = r.lines.reduce((s, l) => s + l.discountCents, 0);
        const appliedSum = r.applied.reduce((s, a) => s + a.amountCents, 0);
        expect(r.totals.discountCents).toBeGreaterThanOrEqual(0);
        expect(r.totals.discountCents).toBeLessThanOrEqual(r.totals.subtotalCents);
        expect(lineSum).toBe(r.totals.discountCents);
        expect(appliedSum).toBe(r.totals.discountCents);
        expect(r.totals.totalCents).toBe(r.totals.subtotalCents - r.totals.discountCents);
        for (const l of r.lines) {
          expect(l.discountCents).toBeGreaterThanOrEqual(0);
          expect(l.discountCents).toBeLessThanOrEqual(l.grossCents);
          expect(Number.isInteger(l.discountCents)).toBe(true);
        }
        for (const a of r.applied) {
          expect(a.amountCents).toBeGreaterThan(0);
          expect(a.allocations.reduce((s, x) => s + x.amountCents, 0)).toBe(a.amountCents);
          if (a.code === undefined) expect(input.promotions.find((p) => p.id === a.promotionId)?.codes ?? []).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('results do not depend on the order of the lines', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), (input, seed) => {
        const shuffled = [...input.lines];
        let s = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) % 2147483648;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(byLine(applyPromotions({ ...input, lines: shuffled }))).toEqual(byLine(applyPromotions(input)));
      }),
      { numRuns: 300 },
    );
  });

  it('the guard holds: cannabis units keep the floor, forbidden discounts stay off cannabis', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = applyPromotions(input);
        const g = input.guard;
        if (!g) return;
        const floor = g.minimumPriceCents ?? (g.forbidFreeCannabis ? 1 : 0);
        for (const l of r.lines) {
          const src = input.lines.find((x) => x.lineId === l.lineId)!;
          if (!src.isCannabis || l.discountCents === 0) continue;
          expect(g.forbidCannabisDiscounts).not.toBe(true);
          expect(l.netCents).toBeGreaterThanOrEqual(Math.min(src.unitPriceCents, floor) * src.quantity);
          for (const d of l.discounts) {
            const a = r.applied.find((x) => x.promotionId === d.promotionId)!;
            if (g.forbidLoyaltyCannabisDiscounts) expect(a.loyalty).toBe(false);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
