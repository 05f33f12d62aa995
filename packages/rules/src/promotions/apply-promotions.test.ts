import { describe, expect, it } from 'vitest';
import { applyPromotions, PromotionInputError } from './apply-promotions.ts';
import type { ApplyPromotionsInput, ComplianceGuard, PromotionLine } from './engine-types.ts';
import { promotionSchema, type ActionInput, type ConditionInput, type PromotionInput } from './promotion-schema.ts';
import { accessory, cart, FRIDAY_NOON_LA, line, promo, TEN_OFF_ORDER } from './test-fixtures.ts';

function discountsById(input: ApplyPromotionsInput): Record<string, number> {
  return Object.fromEntries(applyPromotions(input).lines.map((l) => [l.lineId, l.discountCents]));
}

describe('conditions', () => {
  interface Case {
    name: string;
    condition: ConditionInput;
    pass: Partial<ApplyPromotionsInput>;
    fail: Partial<ApplyPromotionsInput>;
  }
  const edible = (id: string, qty = 1) => line(id, 1000, qty, { category: 'edible', brand: 'Kiva', productId: `P-${id}` });
  const cases: Case[] = [
    { name: 'minimum spend', condition: { type: 'min_subtotal', cents: 5000 }, pass: { lines: [line('a', 2500, 2)] }, fail: { lines: [line('a', 2500), line('b', 2499)] } },
    {
      name: 'minimum spend on matching lines',
      condition: { type: 'min_subtotal', cents: 2000, filter: { categories: ['edible'] } },
      pass: { lines: [edible('e', 2), line('f', 100)] },
      fail: { lines: [edible('e', 1), line('f', 9000)] },
    },
    { name: 'category with minimum quantity', condition: { type: 'items', filter: { categories: ['edible'] }, minQuantity: 3 }, pass: { lines: [edible('e', 2), edible('g', 1)] }, fail: { lines: [edible('e', 2), line('f', 100, 5)] } },
    { name: 'brand', condition: { type: 'items', filter: { brands: ['Kiva'] } }, pass: { lines: [edible('e')] }, fail: { lines: [line('f', 1000, 1, { brand: 'Other' })] } },
    { name: 'sku', condition: { type: 'items', filter: { skus: ['SKU-x'] } }, pass: { lines: [line('x', 1000)] }, fail: { lines: [line('y', 1000)] } },
    { name: 'product', condition: { type: 'items', filter: { productIds: ['P-e'] } }, pass: { lines: [edible('e')] }, fail: { lines: [edible('g')] } },
    { name: 'customer group', condition: { type: 'customer_group', groups: ['veteran', 'senior'] }, pass: { customer: { groups: ['senior'] } }, fail: { customer: { groups: ['industry'] } } },
    { name: 'loyalty tier', condition: { type: 'loyalty_tier', tiers: ['gold'] }, pass: { customer: { loyaltyTier: 'gold' } }, fail: { customer: { loyaltyTier: 'silver' } } },
    { name: 'first purchase', condition: { type: 'first_purchase' }, pass: { customer: { isFirstPurchase: true } }, fail: { customer: { isFirstPurchase: false } } },
    { name: 'channel', condition: { type: 'channel', channels: ['pickup', 'delivery'] }, pass: { channel: 'pickup' }, fail: { channel: 'in_store' } },
    // 23:30 Friday in Los Angeles is already 02:30 Saturday in New York.
    { name: 'day of week (LA)', condition: { type: 'day_of_week', days: ['fri'] }, pass: { at: '2025-11-15T07:30:00Z' }, fail: { at: '2025-11-15T08:30:00Z' } },
    { name: 'day of week (NY)', condition: { type: 'day_of_week', days: ['sat'] }, pass: { at: '2025-11-15T07:30:00Z', timezone: 'America/New_York' }, fail: { at: '2025-11-15T07:30:00Z' } },
    { name: 'happy hour', condition: { type: 'time_window', start: '16:20', end: '18:00' }, pass: { at: '2025-11-14T16:20:00-08:00' }, fail: { at: '2025-11-14T18:00:00-08:00' } },
    {
      name: 'window across midnight belongs to the day it opened',
      condition: { type: 'time_window', start: '22:00', end: '02:00', days: ['fri'] },
      pass: { at: '2025-11-15T01:30:00-08:00' }, // Saturday 01:30, Friday's window
      fail: { at: '2025-11-15T23:00:00-08:00' }, // Saturday 23:00
    },
    {
      // 2025-03-09 clocks spring forward in LA at 02:00: 10:30Z is 03:30 PDT, not 02:30 PST.
      name: 'window on a DST change day',
      condition: { type: 'time_window', start: '03:00', end: '04:00' },
      pass: { at: '2025-03-09T10:30:00Z' },
      fail: { at: '2025-03-09T09:30:00Z' },
    },
    { name: 'window in Tokyo', condition: { type: 'time_window', start: '09:00', end: '10:00', days: ['sat'] }, pass: { at: '2025-11-15T00:30:00Z', timezone: 'Asia/Tokyo' }, fail: { at: '2025-11-15T00:30:00Z' } },
  ];

  it.each(cases)('$name', ({ condition, pass, fail }) => {
    const p = promo('p', TEN_OFF_ORDER, { conditions: [condition] });
    expect(promotionSchema.safeParse(p).success).toBe(true);
    const base = cart([line('a', 10_000)], [p]);
    const ok = applyPromotions({ ...base, ...pass });
    expect(ok.applied.map((a) => a.promotionId)).toEqual(['p']);
    const no = applyPromotions({ ...base, ...fail });
    expect(no.applied).toEqual([]);
    expect(no.rejected).toEqual([{ promotionId: 'p', reason: 'CONDITION_NOT_MET', condition: condition.type }]);
  });
});

describe('actions', () => {
  interface Case {
    name: string;
    action: ActionInput;
    lines: PromotionLine[];
    expected: Record<string, number>;
  }
  const cases: Case[] = [
    { name: 'percent off matching lines, half-up once per line', action: { type: 'percent_off_items', percent: 10, filter: { categories: ['flower'] } }, lines: [line('a', 1999, 2), line('b', 1000, 1, { category: 'edible' })], expected: { a: 400, b: 0 } },
    { name: 'fixed off each unit, never below zero', action: { type: 'fixed_off_items', amountCents: 500, filter: {} }, lines: [line('a', 300, 3), line('b', 2000)], expected: { a: 900, b: 500 } },
    { name: 'fixed off each line', action: { type: 'fixed_off_items', amountCents: 500, per: 'line', filter: {} }, lines: [line('a', 300, 3), line('b', 2000)], expected: { a: 500, b: 500 } },
    { name: 'percent off order, spread by largest remainder', action: { type: 'percent_off_order', percent: 15 }, lines: [line('a', 1000), line('b', 2000), line('c', 333)], expected: { a: 150, b: 300, c: 50 } },
    { name: 'fixed off order, remainder tie goes to the first line id', action: { type: 'fixed_off_order', amountCents: 1000 }, lines: [line('c', 1000), line('b', 1000), line('a', 1000)], expected: { a: 334, b: 333, c: 333 } },
    { name: 'fixed off order capped at the order', action: { type: 'fixed_off_order', amountCents: 99_999 }, lines: [line('a', 1234), accessory('b', 766)], expected: { a: 1234, b: 766 } },
    { name: 'percent off order, non-cannabis only', action: { type: 'percent_off_order', percent: 50, filter: { cannabis: false } }, lines: [line('a', 1000), accessory('b', 801)], expected: { a: 0, b: 401 } },
    { name: 'bundle: 3 for $100 takes the priciest units', action: { type: 'bundle_price', quantity: 3, priceCents: 10_000, filter: { categories: ['flower'] } }, lines: [line('a', 4000, 2), line('b', 3500, 2)], expected: { a: 1044, b: 456 } },
    { name: 'bundle dearer than its parts gives nothing', action: { type: 'bundle_price', quantity: 2, priceCents: 5000, filter: {} }, lines: [line('a', 2000, 2)], expected: { a: 0 } },
    { name: 'bundle applied twice', action: { type: 'bundle_price', quantity: 2, priceCents: 3000, filter: {} }, lines: [line('a', 2000, 5)], expected: { a: 2000 } },
    { name: 'BOGO: cheapest units free', action: { type: 'buy_x_get_y', buy: { filter: {}, quantity: 1 }, get: { quantity: 1 } }, lines: [line('a', 1000), line('b', 800), line('c', 600), line('d', 400)], expected: { a: 0, b: 0, c: 600, d: 400 } },
    { name: 'buy 2 get 1 half off, limited to one application', action: { type: 'buy_x_get_y', buy: { filter: {}, quantity: 2 }, get: { quantity: 1, percent: 50 }, maxApplications: 1 }, lines: [line('a', 1001, 6)], expected: { a: 501 } },
    {
      name: 'buy 2 flower get a pre-roll free',
      action: { type: 'buy_x_get_y', buy: { filter: { categories: ['flower'] }, quantity: 2 }, get: { filter: { categories: ['pre_roll'] }, quantity: 1 } },
      lines: [line('f', 3000, 3), line('p', 800, 2, { category: 'pre_roll' })],
      expected: { f: 0, p: 800 },
    },
    // "Buy a Harlequin, get a Harlequin or a Haze free", both $35: the deal holds whichever was rung first.
    {
      name: 'buy one, get one of two SKUs of one price: the Haze is free with the Harlequin rung first',
      action: { type: 'buy_x_get_y', buy: { filter: { skus: ['SKU-a'] }, quantity: 1 }, get: { filter: { skus: ['SKU-a', 'SKU-b'] }, quantity: 1 } },
      lines: [line('a', 3500), line('b', 3500)],
      expected: { a: 0, b: 3500 },
    },
    {
      name: 'buy one, get one of two SKUs of one price: the Haze is free with the Haze rung first',
      action: { type: 'buy_x_get_y', buy: { filter: { skus: ['SKU-z'] }, quantity: 1 }, get: { filter: { skus: ['SKU-z', 'SKU-b'] }, quantity: 1 } },
      lines: [line('b', 3500), line('z', 3500)],
      expected: { b: 3500, z: 0 },
    },
    { name: 'tiered by spend: highest tier reached', action: { type: 'tiered', basis: 'subtotal', tiers: [{ min: 5000, percent: 5 }, { min: 10_000, percent: 10 }] }, lines: [line('a', 6000), line('b', 6000)], expected: { a: 600, b: 600 } },
    { name: 'tiered by quantity: amount off', action: { type: 'tiered', basis: 'quantity', filter: { categories: ['edible'] }, tiers: [{ min: 3, amountCents: 300 }, { min: 5, amountCents: 700 }] }, lines: [line('e', 1000, 4, { category: 'edible' }), line('f', 5000)], expected: { e: 300, f: 0 } },
    { name: 'tiered below the first tier', action: { type: 'tiered', basis: 'subtotal', tiers: [{ min: 5000, percent: 5 }] }, lines: [line('a', 4999)], expected: { a: 0 } },
  ];

  it.each(cases)('$name', ({ action, lines, expected }) => {
    const p = promo('p', action);
    expect(promotionSchema.safeParse(p).success).toBe(true);
    expect(discountsById(cart(lines, [p]))).toEqual(expected);
  });

  it('reports order-level discounts separately and totals add up', () => {
    const r = applyPromotions(cart([line('a', 1000), line('b', 2000)], [promo('o', { type: 'fixed_off_order', amountCents: 300 }), promo('l', { type: 'fixed_off_items', amountCents: 100, filter: { skus: ['SKU-a'] } }, { priority: 1 })]));
    expect(r.orderDiscountCents).toBe(300);
    expect(r.totals).toEqual({ subtotalCents: 3000, discountCents: 400, totalCents: 2600 });
    expect(r.applied.map((a) => [a.promotionId, a.scope, a.amountCents])).toEqual([
      ['l', 'line', 100],
      ['o', 'order', 300],
    ]);
    expect(r.lines.find((l) => l.lineId === 'a')?.appliedPromotionIds).toEqual(['l', 'o']);
  });

  it('names a buy-X-get-Y’s qualifying lines beside its rewards: a line paid for in part counts as both', () => {
    const bogo = promo('bogo', { type: 'buy_x_get_y', buy: { filter: { categories: ['flower'] }, quantity: 1 }, get: { filter: { categories: ['flower', 'pre_roll'] }, quantity: 1 } }, { priority: 1 });
    const tenOff = promo('ten', { type: 'percent_off_items', percent: 10, filter: { categories: ['flower'] } }, { priority: 2 });
    // The cheapest get units are the two pre-rolls, free; the flower pays for them.
    const r = applyPromotions(cart([line('f', 3000, 2), line('g', 2500, 1), line('p', 800, 2, { category: 'pre_roll' })], [bogo, tenOff]));
    const applied = Object.fromEntries(r.applied.map((a) => [a.promotionId, a]));
    expect(applied.bogo.allocations).toEqual([{ lineId: 'p', amountCents: 1600 }]);
    expect(applied.bogo.qualifyingLineIds).toEqual(['f', 'g']);
    // Only a buy-X-get-Y has qualifying lines; a second promotion on a reward line is its own allocation.
    expect(applied.ten.allocations.map((a) => a.lineId)).toEqual(['f', 'g']);
    expect(applied.ten.qualifyingLineIds).toBeUndefined();
    const same = applyPromotions(cart([line('a', 1000, 2)], [promo('b1g1', { type: 'buy_x_get_y', buy: { filter: {}, quantity: 1 }, get: { quantity: 1 } })]));
    expect(same.applied[0]).toMatchObject({ allocations: [{ lineId: 'a', amountCents: 1000 }], qualifyingLineIds: ['a'] });
  });

  it('caps a promotion at maxDiscountCents', () => {
    const r = applyPromotions(cart([line('a', 10_000), line('b', 5_000)], [promo('p', { type: 'percent_off_order', percent: 50 }, { maxDiscountCents: 3_000 })]));
    expect(r.totals.discountCents).toBe(3_000);
    expect(r.lines.map((l) => l.discountCents)).toEqual([2_000, 1_000]);
  });

  it('a promotion that has nothing left to discount is NO_DISCOUNT', () => {
    const r = applyPromotions(cart([line('a', 1000)], [promo('all', { type: 'percent_off_order', percent: 100 }, { priority: 1 }), promo('more', TEN_OFF_ORDER, { priority: 2 })]));
    expect(r.totals.totalCents).toBe(0);
    expect(r.rejected).toEqual([{ promotionId: 'more', reason: 'NO_DISCOUNT' }]);
  });
});

describe('stacking, exclusivity and priority', () => {
  const lines = [line('a', 10_000)];
  const tenPercent = (id: string, priority: number) => promo(id, TEN_OFF_ORDER, { priority });
  const fiveDollars = (id: string, priority: number) => promo(id, { type: 'fixed_off_order', amountCents: 500 }, { priority });
  const tenDollars = (id: string, priority: number) => promo(id, { type: 'fixed_off_order', amountCents: 1000 }, { priority });

  it('stackable promotions apply in priority order, each on what is left', () => {
    expect(applyPromotions(cart(lines, [fiveDollars('five', 2), tenPercent('ten', 1)])).totals.discountCents).toBe(1000 + 500);
    expect(applyPromotions(cart(lines, [fiveDollars('five', 1), tenPercent('ten', 2)])).totals.discountCents).toBe(500 + 950);
  });

  it('equal priorities fall back to the promotion id', () => {
    const r = applyPromotions(cart(lines, [fiveDollars('b', 5), tenPercent('a', 5)]));
    expect(r.applied.map((a) => a.promotionId)).toEqual(['a', 'b']);
  });

  it('the best exclusive wins and blocks everything else', () => {
    const r = applyPromotions(
      cart(lines, [tenPercent('ten', 1), promo('x20', { type: 'percent_off_order', percent: 20 }, { stacking: 'exclusive', priority: 9 }), promo('x15', { type: 'percent_off_order', percent: 15 }, { stacking: 'exclusive', priority: 1 })]),
    );
    expect(r.applied.map((a) => a.promotionId)).toEqual(['x20']);
    expect(r.totals.discountCents).toBe(2000);
    expect(r.rejected).toEqual([
      // Rejections follow priority order (ties by id).
      { promotionId: 'ten', reason: 'NOT_STACKABLE', blockedBy: 'x20' },
      { promotionId: 'x15', reason: 'NOT_STACKABLE', blockedBy: 'x20' },
    ]);
  });

  it('stackables together beat a weaker exclusive', () => {
    const r = applyPromotions(cart(lines, [tenPercent('ten', 1), fiveDollars('five', 2), promo('x12', { type: 'percent_off_order', percent: 12 }, { stacking: 'exclusive' })]));
    expect(r.applied.map((a) => a.promotionId)).toEqual(['ten', 'five']);
    expect(r.rejected).toEqual([{ promotionId: 'x12', reason: 'NOT_STACKABLE', blockedBy: 'stack' }]);
  });

  it('exclusives saving the same go to the lower priority number', () => {
    const r = applyPromotions(cart(lines, [promo('b', TEN_OFF_ORDER, { stacking: 'exclusive', priority: 2 }), promo('a', TEN_OFF_ORDER, { stacking: 'exclusive', priority: 3 })]));
    expect(r.applied.map((a) => a.promotionId)).toEqual(['b']);
  });

  it('never discounts below zero however much stacks', () => {
    const r = applyPromotions(cart([line('a', 999, 2)], [tenDollars('f1', 1), tenDollars('f2', 2), tenDollars('f3', 3), tenPercent('t', 4)]));
    expect(r.totals).toEqual({ subtotalCents: 1998, discountCents: 1998, totalCents: 0 });
    expect(r.applied.map((a) => a.amountCents)).toEqual([1000, 998]);
    expect(r.rejected.map((x) => [x.promotionId, x.reason])).toEqual([['f3', 'NO_DISCOUNT'], ['t', 'NO_DISCOUNT']]);
  });
});

describe('coupons', () => {
  const lines = [line('a', 10_000)];
  const coupon = (extra: Partial<PromotionInput> = {}) => promo('c', { type: 'fixed_off_order', amountCents: 1500 }, { codes: ['WELCOME15'], ...extra });

  it('applies when entered, case-insensitively, and reports the code as entered', () => {
    const r = applyPromotions(cart(lines, [coupon()], { couponCodes: [' welcome15 '] }));
    expect(r.applied).toMatchObject([{ promotionId: 'c', code: 'welcome15', amountCents: 1500 }]);
    expect(r.rejected).toEqual([]);
  });

  it('does nothing when not entered', () => {
    const r = applyPromotions(cart(lines, [coupon()]));
    expect(r.applied).toEqual([]);
    expect(r.rejected).toEqual([]);
  });

  it.each([
    ['COUPON_UNKNOWN', {}, ['NOPE'], { code: 'NOPE', reason: 'COUPON_UNKNOWN' }],
    ['COUPON_EXPIRED', { endsAt: '2025-11-01T00:00:00-07:00' }, ['WELCOME15'], { promotionId: 'c', code: 'WELCOME15', reason: 'COUPON_EXPIRED' }],
    ['COUPON_NOT_YET_VALID', { startsAt: '2025-12-01T00:00:00-08:00' }, ['WELCOME15'], { promotionId: 'c', code: 'WELCOME15', reason: 'COUPON_NOT_YET_VALID' }],
    ['COUPON_INACTIVE', { active: false }, ['WELCOME15'], { promotionId: 'c', code: 'WELCOME15', reason: 'COUPON_INACTIVE' }],
    ['CONDITION_NOT_MET', { conditions: [{ type: 'first_purchase' }] }, ['WELCOME15'], { promotionId: 'c', code: 'WELCOME15', reason: 'CONDITION_NOT_MET', condition: 'first_purchase' }],
  ] as const)('%s', (_reason, extra, codes, rejection) => {
    const r = applyPromotions(cart(lines, [coupon(extra as Partial<PromotionInput>)], { couponCodes: [...codes] }));
    expect(r.applied).toEqual([]);
    expect(r.rejected).toEqual([rejection]);
  });

  it('validity is [startsAt, endsAt)', () => {
    const at = FRIDAY_NOON_LA;
    expect(applyPromotions(cart(lines, [coupon({ startsAt: at })], { couponCodes: ['WELCOME15'] })).applied).toHaveLength(1);
    expect(applyPromotions(cart(lines, [coupon({ endsAt: at })], { couponCodes: ['WELCOME15'] })).rejected[0].reason).toBe('COUPON_EXPIRED');
  });

  it('an automatic promotion out of its dates is silently absent', () => {
    const r = applyPromotions(cart(lines, [promo('auto', TEN_OFF_ORDER, { endsAt: '2025-01-01T00:00:00Z' })]));
    expect(r).toMatchObject({ applied: [], rejected: [] });
  });

  it('an exclusive coupon that loses to the stack is NOT_STACKABLE', () => {
    const r = applyPromotions(cart(lines, [coupon({ stacking: 'exclusive' }), promo('auto', { type: 'percent_off_order', percent: 20 })], { couponCodes: ['WELCOME15'] }));
    expect(r.applied.map((a) => a.promotionId)).toEqual(['auto']);
    expect(r.rejected).toEqual([{ promotionId: 'c', code: 'WELCOME15', reason: 'NOT_STACKABLE', blockedBy: 'stack' }]);
  });

  it('one promotion may carry many codes; entering two of them applies it once', () => {
    const r = applyPromotions(cart(lines, [coupon({ codes: ['A1', 'B2'] })], { couponCodes: ['a1', 'b2'] }));
    expect(r.applied).toHaveLength(1);
    expect(r.rejected).toEqual([]);
  });
});

describe('compliance guard', () => {
  const bogo: ActionInput = { type: 'buy_x_get_y', buy: { filter: {}, quantity: 1 }, get: { quantity: 1 } };
  const run = (lines: PromotionLine[], promotions: PromotionInput[], guard: ComplianceGuard) => applyPromotions(cart(lines, promotions, { guard }));

  it('rejects a BOGO that gives cannabis away', () => {
    const r = run([line('a', 1000, 2)], [promo('bogo', bogo)], { forbidFreeCannabis: true });
    expect(r.applied).toEqual([]);
    expect(r.rejected).toEqual([{ promotionId: 'bogo', reason: 'COMPLIANCE_GUARD', lineIds: ['a'] }]);
  });

  it('caps it at a penny in cap mode', () => {
    const r = run([line('a', 1000, 2)], [promo('bogo', bogo)], { forbidFreeCannabis: true, onViolation: 'cap' });
    expect(r.applied).toMatchObject([{ promotionId: 'bogo', amountCents: 999, cappedByGuard: true }]);
    expect(r.lines[0].netCents).toBe(1001);
  });

  it('applies the minimum unit price of the pack', () => {
    const r = run([line('a', 1000, 2)], [promo('half', { type: 'percent_off_items', percent: 95, filter: {} })], { minimumPriceCents: 100, onViolation: 'cap' });
    expect(r.lines[0].netCents).toBe(200);
  });

  it('catches a free unit even when the whole line is only half off', () => {
    // 2 units at $10, one free: the line costs $10, but one unit left for nothing.
    const r = run([line('a', 1000, 2)], [promo('bogo', bogo)], { forbidFreeCannabis: true, minimumPriceCents: 1 });
    expect(r.rejected[0].reason).toBe('COMPLIANCE_GUARD');
  });

  it('leaves non-cannabis giveaways alone', () => {
    const r = run([accessory('lighter', 300, 2)], [promo('bogo', bogo)], { forbidFreeCannabis: true });
    expect(r.totals.discountCents).toBe(300);
  });

  it('MA: a loyalty promotion may not discount cannabis', () => {
    const lines = [line('flower', 4000), accessory('grinder', 2000)];
    const loyaltyPromo = promo('gold', { type: 'percent_off_order', percent: 10 }, { conditions: [{ type: 'loyalty_tier', tiers: ['gold'] }] });
    const guard: ComplianceGuard = { forbidLoyaltyCannabisDiscounts: true };
    const rejected = applyPromotions(cart(lines, [loyaltyPromo], { guard, customer: { loyaltyTier: 'gold' } }));
    expect(rejected.rejected).toEqual([{ promotionId: 'gold', reason: 'COMPLIANCE_GUARD', lineIds: ['flower'] }]);
    const capped = applyPromotions(cart(lines, [loyaltyPromo], { guard: { ...guard, onViolation: 'cap' }, customer: { loyaltyTier: 'gold' } }));
    expect(Object.fromEntries(capped.lines.map((l) => [l.lineId, l.discountCents]))).toEqual({ flower: 0, grinder: 200 });
    // The same promotion outside a loyalty scheme is fine.
    const plain = applyPromotions(cart(lines, [promo('plain', TEN_OFF_ORDER)], { guard }));
    expect(plain.totals.discountCents).toBe(600);
  });

  it('forbids every cannabis discount when the pack says so', () => {
    const r = run([line('a', 1000), accessory('b', 1000)], [promo('flower', { type: 'percent_off_items', percent: 10, filter: { cannabis: true } }), promo('acc', { type: 'percent_off_items', percent: 10, filter: { cannabis: false } })], { forbidCannabisDiscounts: true });
    expect(r.applied.map((a) => a.promotionId)).toEqual(['acc']);
    expect(r.rejected).toEqual([{ promotionId: 'flower', reason: 'COMPLIANCE_GUARD', lineIds: ['a'] }]);
  });

  it('IL: no cannabis bundles for one price', () => {
    const r = run([line('a', 4000, 3)], [promo('b3', { type: 'bundle_price', quantity: 3, priceCents: 10_000, filter: {} })], { forbidCannabisBundles: true });
    expect(r.rejected[0]).toMatchObject({ promotionId: 'b3', reason: 'COMPLIANCE_GUARD' });
  });

  it('MI, AZ: no bundle that mixes cannabis with other items; cannabis-only and accessory-only bundles stay', () => {
    const anyTwo = promo('two', { type: 'bundle_price', quantity: 2, priceCents: 5_000, filter: {} });
    const guard: ComplianceGuard = { forbidMixedCannabisBundles: true };
    const mixed = run([line('flower', 4500), accessory('battery', 2000)], [anyTwo], guard);
    expect(mixed.applied).toEqual([]);
    expect(mixed.rejected).toEqual([{ promotionId: 'two', reason: 'COMPLIANCE_GUARD', lineIds: ['flower'] }]);
    // Cap mode: the cannabis keeps its price, so what is left is not a bundle with cannabis.
    const capped = run([line('flower', 4500), accessory('battery', 2000)], [anyTwo], { ...guard, onViolation: 'cap' });
    expect(Object.fromEntries(capped.lines.map((l) => [l.lineId, l.discountCents]))).toEqual({ flower: 0, battery: 462 });
    expect(run([line('flower', 4500, 2)], [anyTwo], guard).totals.discountCents).toBe(4_000);
    expect(run([accessory('battery', 3000, 2)], [anyTwo], guard).totals.discountCents).toBe(1_000);
    // Other actions on a mixed basket are not bundles.
    expect(run([line('flower', 4500), accessory('battery', 2000)], [promo('ten', TEN_OFF_ORDER)], guard).totals.discountCents).toBe(650);
  });

  it('a guarded exclusive cannot win; the stack does', () => {
    const r = run([line('a', 1000, 2)], [promo('bogo', bogo, { stacking: 'exclusive' }), promo('ten', TEN_OFF_ORDER)], { forbidFreeCannabis: true });
    expect(r.applied.map((a) => a.promotionId)).toEqual(['ten']);
    expect(r.rejected).toEqual([{ promotionId: 'bogo', reason: 'COMPLIANCE_GUARD', lineIds: ['a'] }]);
  });
});

describe('input', () => {
  it('rejects duplicate line ids', () => {
    expect(() => applyPromotions(cart([line('a', 1), line('a', 2)], []))).toThrow(PromotionInputError);
  });
  it('rejects an unknown timezone', () => {
    expect(() => applyPromotions(cart([line('a', 1)], [], { timezone: 'Mars/Olympus' }))).toThrow(/timezone/);
  });
  it('rejects fractional quantities', () => {
    expect(() => applyPromotions(cart([line('a', 100, 1.5)], []))).toThrow(/quantity/);
  });
  it('an empty cart has nothing to discount', () => {
    expect(applyPromotions(cart([], [promo('p', TEN_OFF_ORDER)])).totals).toEqual({ subtotalCents: 0, discountCents: 0, totalCents: 0 });
  });
});

describe('stored dates', () => {
  // The server keeps startsAt/endsAt in timestamp columns: a date the calendar does not have was
  // read by Date.parse as another day (30 February as 2 March) and refused by the database (a 500).
  it.each(['2025-02-30T00:00:00Z', '2025-04-31T09:00:00-07:00', '2026-02-29T00:00:00Z', '0000-01-01T00:00:00Z', '2025-01-01T24:00:00Z'])('refuses %s', (startsAt) => {
    const r = promotionSchema.safeParse(promo('p', TEN_OFF_ORDER, { startsAt }));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(['startsAt']);
  });
  it.each(['2028-02-29T00:00:00Z', '2025-04-30T23:59:59.999-07:00', '0001-01-01T00:00:00Z'])('takes %s', (endsAt) => {
    expect(promotionSchema.safeParse(promo('p', TEN_OFF_ORDER, { endsAt })).success).toBe(true);
  });
});
