// Acceptance-style cases derived only from /work/shared/reference/regulations.md (the "reference").
// Every case names the reference line it comes from as `ref L<n>`. Values are worked by hand from the
// reference text, never read from the pack files. Where the reference is unsure or conflicting, the
// cases use amounts that give the same answer under every reading (or leave the point out).
//
// Units (ref L16–17): 1 oz = 28.3495 g unless the rule states grams; California states 28.5 g;
// New Jersey and Nevada guidance states 28.35 g. Rounding (ref L262): each tax line half-up to the
// cent on the whole transaction.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.ts';
import type { EvaluateRequest, RequestLine } from '../request-schema.ts';
import type { EvaluateResponse, ViolationCode } from '../response-schema.ts';
import { line, medical, novAt, request } from '../testing/fixtures.ts';

type Extra = Partial<EvaluateRequest>;
const DAY = '2025-11-15';

const codes = (r: EvaluateResponse): ViolationCode[] => r.violations.map((v) => v.code);
const has = (r: EvaluateResponse, code: ViolationCode) => codes(r).includes(code);
const overLimit = (r: EvaluateResponse) => has(r, 'PURCHASE_LIMIT');
const taxMap = (r: EvaluateResponse) => Object.fromEntries(r.taxes.map((t) => [t.code, t.amountCents]));

const au = (j: string, lines: RequestLine[], extra: Extra = {}) => evaluate(request(j, lines, extra));
const med = (j: string, lines: RequestLine[], extra: Extra = {}) => evaluate(request(j, lines, { customer: medical(j), ...extra }));
const adult = (j: string, birthDate: string, idJurisdiction = j) => ({ kind: 'adult_use' as const, birthDate, idJurisdiction });
const patient = (j: string, birthDate: string) => ({ ...medical(j), birthDate });

// ---- line builders (a line of `qty` units; weights and THC are per unit) -----------------------
const flower = (mg: number, thcPercent = 20) => line({ sku: 'FLOWER', category: 'flower', netWeightMg: mg, thcMg: 1, thcPercent });
const conc = (mg: number, thcMg = 1, quantity = 1) => line({ sku: 'CONC', category: 'concentrate', quantity, netWeightMg: mg, thcMg, thcPercent: 70 });
const vape = (mg: number, thcMg = 1, quantity = 1) => line({ sku: 'VAPE', category: 'vape', quantity, netWeightMg: mg, thcMg, thcPercent: 80 });
const edible = (thcMg: number, quantity = 1, netWeightMg = 10000) =>
  line({ sku: `ED-${thcMg}`, category: 'edible', quantity, netWeightMg, thcMg, thcMgPerServing: Math.min(10, thcMg) });
/** `total` mg THC of edibles as 100 mg packages plus one smaller package (package caps stay clean). */
const edibles = (total: number): RequestLine[] => {
  const out: RequestLine[] = [];
  if (total >= 100) out.push(edible(100, Math.floor(total / 100)));
  if (total % 100) out.push(edible(total % 100));
  return out;
};
const topical = (thcMg: number, netWeightMg = 50000) => line({ sku: 'TOP', category: 'topical', netWeightMg, thcMg });
const beverage = (netWeightMg: number, thcMg = 5) => line({ sku: 'BEV', category: 'beverage', netWeightMg, thcMg, thcMgPerServing: 5 });
const seeds = (n: number) => line({ sku: 'SEED', category: 'seed', quantity: n, netWeightMg: 20, thcMg: 0 });
const plants = (n: number) => line({ sku: 'PLANT', category: 'plant', quantity: n, netWeightMg: 1000, thcMg: 0 });
const history = (at: string, lines: RequestLine[]) => ({ at, lines });

// ---- the tax basket ------------------------------------------------------------------------------
// flower $40.00 (22% THC) + 2 × edible $20.00 + vape $45.00 (80% THC) = cannabis $125.00; accessory $15.00.
const T_FLOWER = line({ sku: 'T-FL', category: 'flower', unitPriceCents: 4000, netWeightMg: 3500, thcMg: 770, thcPercent: 22 });
const T_EDIBLE = line({ sku: 'T-ED', category: 'edible', quantity: 2, unitPriceCents: 2000, netWeightMg: 40000, thcMg: 10, thcMgPerServing: 10 });
const T_VAPE = line({ sku: 'T-VP', category: 'vape', unitPriceCents: 4500, netWeightMg: 500, thcMg: 400, thcPercent: 80 });
const T_ACCESSORY = line({ sku: 'T-AC', category: 'accessory', unitPriceCents: 1500 });
const CANNABIS_BASKET = [T_FLOWER, T_EDIBLE, T_VAPE];
const BASKET = [...CANNABIS_BASKET, T_ACCESSORY];
const hundred = (category: RequestLine['category'] = 'flower', extra: Partial<RequestLine> = {}) =>
  line({ sku: 'HUNDRED', category, unitPriceCents: 10000, netWeightMg: 3500, thcMg: 10, thcPercent: 20, ...extra });

/** Birth date N years before DAY (birthday today) and one day short of it. */
const turnsToday = (n: number) => `${2025 - n}-11-15`;
const oneDayShort = (n: number) => `${2025 - n}-11-16`;

/** Minimum-age boundary on 2025-11-15 store-local: birthday exactly N years ago passes, a day short fails. */
function ageBoundary(j: string, kind: 'adult_use' | 'medical', years: number) {
  const cart = [flower(1000)];
  const customer = (birthDate: string) => (kind === 'medical' ? patient(j, birthDate) : adult(j, birthDate));
  expect(has(evaluate(request(j, cart, { customer: customer(turnsToday(years)) })), 'UNDERAGE')).toBe(false);
  expect(has(evaluate(request(j, cart, { customer: customer(oneDayShort(years)) })), 'UNDERAGE')).toBe(true);
}

/** At the limit passes; one more unit (1 mg / 1 mg THC / 1 item) fails. */
function boundary(at: () => EvaluateResponse, over: () => EvaluateResponse) {
  const a = at();
  expect(a.violations.filter((v) => v.code === 'PURCHASE_LIMIT')).toEqual([]);
  const o = over();
  expect(overLimit(o)).toBe(true);
  expect(o.allowed).toBe(false);
}

// =================================================================================================
describe('US-CA California', () => {
  // ref L41: adult-use 21+, medical 18+ with a physician recommendation
  it('age: adult-use 21, medical 18', () => {
    ageBoundary('US-CA', 'adult_use', 21);
    ageBoundary('US-CA', 'medical', 18);
  });

  // ref L64: 28.5 g non-concentrated per customer per day (grams stated)
  it('adult-use 28.5 g non-concentrated: 28,500 mg passes, 28,501 mg fails', () =>
    boundary(() => au('US-CA', [flower(28500)]), () => au('US-CA', [flower(28501)])));

  // ref L64: 8 g concentrate; separate limits (no equivalency)
  it('adult-use 8 g concentrate: 8,000 mg passes, 8,001 mg fails; the two limits are separate', () => {
    boundary(() => au('US-CA', [conc(8000)]), () => au('US-CA', [conc(8001)]));
    boundary(() => au('US-CA', [flower(28500), conc(8000)]), () => au('US-CA', [flower(28500), conc(8000), conc(1)]));
  });

  // ref L64: "per customer per day" — earlier purchases today count
  it('the day window counts purchases earlier the same store-local day', () => {
    const h = [history('2025-11-15T09:00:00-08:00', [flower(20000)])];
    boundary(() => au('US-CA', [flower(8500)], { history: h }), () => au('US-CA', [flower(8501)], { history: h }));
    expect(overLimit(au('US-CA', [flower(28500)], { history: [history('2025-11-14T21:00:00-08:00', [flower(28500)])] }))).toBe(false);
  });

  // ref L87: medical 8 oz dried flower per day (rule in ounces: 8 × 28.3495 g = 226,796 mg; 8 × 28.5 g
  // would be 228,000 mg, so the "over" case is taken above both readings) + 12 immature plants
  it('medical: 8 oz flower and 12 immature plants a day; adult-use could not buy 100 g', () => {
    expect(overLimit(med('US-CA', [flower(226796)]))).toBe(false);
    expect(overLimit(med('US-CA', [flower(228001)]))).toBe(true);
    boundary(() => med('US-CA', [plants(12)]), () => med('US-CA', [plants(13)]));
    expect(overLimit(med('US-CA', [flower(100000)]))).toBe(false);
    expect(overLimit(au('US-CA', [flower(100000)]))).toBe(true);
  });

  // ref L174: sell and deliver only 6:00 am–10:00 pm Pacific
  it.each([
    ['05:59:59', true],
    ['06:00:00', false],
    ['21:59:59', false],
    ['22:00:00', true],
  ])('hours: sale at %s outside hours = %s', (time, outside) => {
    expect(has(au('US-CA', [flower(1000)], { at: novAt('US-CA', time) }), 'OUTSIDE_SALE_HOURS')).toBe(outside);
  });

  // ref L152: delivery allowed for adult-use and medical; received only during §15403 hours
  it('delivery: allowed for both kinds, only handed over 6 am–10 pm', () => {
    expect(codes(au('US-CA', [flower(1000)], { channel: 'delivery' }))).toEqual([]);
    expect(codes(med('US-CA', [flower(1000)], { channel: 'delivery' }))).toEqual([]);
    const late = au('US-CA', [flower(1000)], { channel: 'delivery', delivery: { deliverAt: '2025-11-15T22:30:00-08:00' } });
    expect(codes(late)).toEqual(['OUTSIDE_SALE_HOURS']);
  });

  // ref L152: any physical address in CA; not publicly owned/leased land, K-12 schools, day care or youth centers
  it('delivery: not to public land, a school, a day care or a youth center', () => {
    const to = (addressType: NonNullable<EvaluateRequest['delivery']>['addressType']) => ({ channel: 'delivery' as const, delivery: { addressType } });
    for (const place of ['public_land', 'school', 'day_care', 'youth_center'] as const) {
      expect(codes(au('US-CA', [flower(1000)], to(place)))).toEqual(['DELIVERY_NOT_ALLOWED']);
      expect(codes(med('US-CA', [flower(1000)], to(place)))).toEqual(['DELIVERY_NOT_ALLOWED']);
    }
    for (const place of ['residence', 'hotel', 'business'] as const) expect(codes(au('US-CA', [flower(1000)], to(place)))).toEqual([]);
  });

  // ref L235: edibles ≤10 mg/serving, ≤100 mg/package (medicinal too); non-edibles ≤1,000 mg AU, ~2,000 mg medicinal
  it('product caps: edibles 100 mg a package / 10 mg a serving; non-edibles 1,000 mg adult-use', () => {
    expect(has(au('US-CA', [edible(100)]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    expect(has(au('US-CA', [edible(101)]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
    expect(has(med('US-CA', [edible(101)]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
    expect(has(au('US-CA', [line({ category: 'edible', netWeightMg: 10000, thcMg: 100, thcMgPerServing: 11 })]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
    expect(has(au('US-CA', [topical(1000)]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    expect(has(au('US-CA', [topical(1001)]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
    expect(has(med('US-CA', [topical(1500)]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
  });

  // ref L108, L129: excise 15% of gross receipts; sales tax 7.25% + district on a base that includes the excise
  it('tax basket, 2025-11-15 (15%), district 1%: excise $18.75, sales 8.25% × $158.75 = $13.10', () => {
    const r = au('US-CA', BASKET, { store: { localSalesTaxRate: 0.01 } });
    expect(taxMap(r)).toEqual({ CA_EXCISE: 1875, CA_SALES: 1310 }); // 1875; 0.0825 × 15875 = 1309.69
    expect(r.totalCents).toBe(14000 + 1875 + 1310);
  });

  // ref L108: excise applies to medical; sales tax exempt only with county MMIC, not a recommendation alone
  it('medical: excise still due; MMIC holder pays sales tax only on the accessory; a recommendation alone does not qualify', () => {
    const mmic = med('US-CA', BASKET, { store: { localSalesTaxRate: 0.01 } });
    expect(taxMap(mmic)).toEqual({ CA_EXCISE: 1875, CA_SALES: 124 }); // 0.0825 × 1500 = 123.75
    const rec = evaluate(request('US-CA', BASKET, { customer: medical('US-CA', { kind: 'recommendation' }), store: { localSalesTaxRate: 0.01 } }));
    expect(taxMap(rec)).toEqual({ CA_EXCISE: 1875, CA_SALES: 1310 });
  });

  // ref L108: a passed-through city cannabis tax is part of the excise gross receipts
  it('a passed-through local cannabis tax joins the excise base: $100 + 3% → excise 15% × $103 = $15.45', () => {
    const r = au('US-CA', [hundred()], { store: { localCannabisTaxRate: 0.03 } });
    expect(taxMap(r)).toMatchObject({ CA_LOCAL_CANNABIS: 300, CA_EXCISE: 1545 });
  });

  // ref L25–26, L108: 15% → 19% for 2025-07-01..2025-09-30 → 15% from 2025-10-01 to 2028-06-30
  it.each([
    ['2025-06-30T12:00:00-07:00', 1500, 834], // sales 7.25% × 11500 = 833.75
    ['2025-07-01T12:00:00-07:00', 1900, 863], // 7.25% × 11900 = 862.75
    ['2025-09-30T12:00:00-07:00', 1900, 863],
    ['2025-10-01T12:00:00-07:00', 1500, 834],
    ['2028-06-30T12:00:00-07:00', 1500, 834],
  ])('excise on $100 flower at %s: %i¢, sales %i¢', (at, excise, sales) => {
    expect(taxMap(au('US-CA', [hundred()], { at }))).toEqual({ CA_EXCISE: excise, CA_SALES: sales });
  });

  // ref L25–26: the 19% window ends with 2025-09-30 Pacific; 15% from 00:00 Pacific on 2025-10-01
  it.each([
    ['2025-10-01T06:59:59Z', 1900, 863], // 23:59:59 PDT on 30 September
    ['2025-10-01T07:00:00Z', 1500, 834], // 00:00 PDT on 1 October
  ])('excise on $100 flower at %s (store-local date decides): %i¢, sales %i¢', (at, excise, sales) => {
    expect(taxMap(au('US-CA', [hundred()], { at }))).toEqual({ CA_EXCISE: excise, CA_SALES: sales });
  });

  // ref L108: excise base = selling price after discounts; sales base includes the excise
  it('a $20 discount on $100 flower: excise 15% × $80 = $12.00; sales 7.25% × $92 = $6.67', () => {
    const r = au('US-CA', [hundred('flower', { discountCents: 2000 })]);
    expect(taxMap(r)).toEqual({ CA_EXCISE: 1200, CA_SALES: 667 }); // 0.0725 × 9200 = 667
    expect(r.totalCents).toBe(8000 + 1200 + 667);
  });

  // ref L64: per customer per day, on the 25-hour day DST ends (2025-11-02): 00:30 PDT is today, 23:30 PDT the day before is not
  it('the day window on the day daylight time ends', () => {
    const at = '2025-11-02T21:00:00-08:00';
    const early = [history('2025-11-02T00:30:00-07:00', [flower(20000)])];
    boundary(() => au('US-CA', [flower(8500)], { at, history: early }), () => au('US-CA', [flower(8501)], { at, history: early }));
    expect(overLimit(au('US-CA', [flower(28500)], { at, history: [history('2025-11-01T23:30:00-07:00', [flower(28500)])] }))).toBe(false);
  });

  // ref L64: 28.5 g of non-concentrated cannabis — pre-rolls are non-concentrated; vapes are concentrate
  it('pre-rolls count toward the 28.5 g, vapes toward the 8 g', () => {
    const preRoll = (mg: number) => line({ sku: 'PR', category: 'pre_roll', netWeightMg: mg, thcMg: 1, thcPercent: 20 });
    boundary(() => au('US-CA', [flower(28000), preRoll(500)]), () => au('US-CA', [flower(28000), preRoll(501)]));
    boundary(() => au('US-CA', [vape(1000, 1, 8)]), () => au('US-CA', [vape(1000, 1, 8), vape(1)]));
  });

  // ref L235: non-edible products ≤1,000 mg THC a package (adult-use) — a vape cartridge is a non-edible product
  it('a vape with 1,000 mg THC passes, 1,001 mg is refused (adult-use)', () => {
    expect(has(au('US-CA', [vape(1000, 1000)]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    expect(has(au('US-CA', [vape(1000, 1001)]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
  });

  // ref L174: 6:00 am–10:00 pm Pacific, daylight time included (DST starts 2025-03-09, ends 2025-11-02)
  it.each([
    ['2025-03-09T12:59:59Z', true], // 05:59:59 PDT on the first day of daylight time
    ['2025-03-09T13:00:00Z', false], // 06:00 PDT
    ['2025-07-16T04:59:59Z', false], // 21:59:59 PDT on 15 July
    ['2025-07-16T05:00:00Z', true], // 22:00 PDT
    ['2025-11-02T13:59:59Z', true], // 05:59:59 PST on the first day of standard time
    ['2025-11-02T14:00:00Z', false], // 06:00 PST
  ])('hours across DST: %s outside = %s', (at, outside) => {
    expect(has(au('US-CA', [flower(1000)], { at }), 'OUTSIDE_SALE_HOURS')).toBe(outside);
  });

  // ref L152: the customer receives deliveries only during §15403 hours (6am–10pm)
  it('delivery handed over at 05:59 is refused, at 06:00 and 21:59 allowed', () => {
    const deliverAt = (t: string) => codes(au('US-CA', [flower(1000)], { channel: 'delivery', delivery: { deliverAt: `2025-11-15T${t}-08:00` } }));
    expect(deliverAt('05:59:00')).toEqual(['OUTSIDE_SALE_HOURS']);
    expect(deliverAt('06:00:00')).toEqual([]);
    expect(deliverAt('21:59:00')).toEqual([]);
  });
});

// =================================================================================================
describe('US-CO Colorado', () => {
  // ref L42: 21+; medical 18+
  it('age: adult-use 21, medical 18', () => {
    ageBoundary('US-CO', 'adult_use', 21);
    ageBoundary('US-CO', 'medical', 18);
  });

  // ref L65: equivalency flower/28 + conc/8 + mg/800 ≤ 1 (concentrate and THC boundaries are exact)
  it('adult-use 8 g concentrate = 1 oz: 8,000 mg passes, 8,001 mg fails', () => boundary(() => au('US-CO', [conc(8000)]), () => au('US-CO', [conc(8001)])));
  it('adult-use 800 mg THC = 1 oz: 800 mg passes, 801 mg fails', () => boundary(() => au('US-CO', edibles(800)), () => au('US-CO', edibles(801))));
  it('equivalency is summed: 4 g concentrate + 400 mg THC passes, +1 mg THC fails', () =>
    boundary(() => au('US-CO', [conc(4000), ...edibles(400)]), () => au('US-CO', [conc(4000), ...edibles(401)])));
  // ref L65 "1 oz" with the formula's 28 g: 28 g passes under both, 28.35 g fails under both
  it('adult-use flower: 28 g passes, 28.35 g fails', () => boundary(() => au('US-CO', [flower(28000)]), () => au('US-CO', [flower(28350)])));
  // ref L65: non-psychoactive topicals excluded
  it('topicals do not count', () => expect(overLimit(au('US-CO', [conc(8000), topical(500)]))).toBe(false));
  // ref L65: same limit for non-residents
  it('non-residents get the same limit', () => expect(overLimit(au('US-CO', [conc(8000)], { customer: adult('US-CO', '1980-01-01', 'US-TX') }))).toBe(false));
  // ref L65: enforced per customer per day
  it('purchases earlier today count', () => {
    const h = [history('2025-11-15T10:00:00-07:00', [conc(4000)])];
    boundary(() => au('US-CO', [conc(4000)], { history: h }), () => au('US-CO', [conc(4001)], { history: h }));
  });

  // ref L88: medical concentrate 8 g/day (21+), 2 g/day (18–20); no adult-use equivalency for patients
  it('medical concentrate: 8 g a day at 21+, 2 g a day at 18–20', () => {
    boundary(() => med('US-CO', [conc(8000)]), () => med('US-CO', [conc(8001)]));
    const young = { customer: patient('US-CO', '2006-01-01') };
    boundary(() => med('US-CO', [conc(2000)], young), () => med('US-CO', [conc(2001)], young));
    expect(overLimit(med('US-CO', [conc(8000), flower(20000)]))).toBe(false);
    expect(overLimit(au('US-CO', [conc(8000), flower(20000)]))).toBe(true);
  });

  // ref L42, L218: Colorado registry cards only
  it('medical cards: Colorado only', () => {
    expect(codes(med('US-CO', [flower(1000)]))).toEqual([]);
    expect(codes(evaluate(request('US-CO', [flower(1000)], { customer: medical('US-CO', { jurisdiction: 'US-MI' }) })))).toEqual(['MEDICAL_CARD_INVALID']);
  });

  // ref L175: no sales midnight–8:00 am
  it.each([
    ['07:59:00', true],
    ['08:00:00', false],
    ['23:59:00', false],
  ])('hours: %s outside = %s', (time, outside) => expect(has(au('US-CO', [flower(1000)], { at: novAt('US-CO', time) }), 'OUTSIDE_SALE_HOURS')).toBe(outside));

  // ref L153: delivery for medical and retail (permits since 2020 / 2021)
  it('delivery allowed for both kinds in 2025', () => {
    expect(codes(au('US-CO', [flower(1000)], { channel: 'delivery' }))).toEqual([]);
    expect(codes(med('US-CO', [flower(1000)], { channel: 'delivery' }))).toEqual([]);
  });

  // ref L236: edible package ≤100 mg THC
  it('edible packages above 100 mg THC are refused (adult-use)', () => {
    expect(has(au('US-CO', [edible(100)]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    expect(has(au('US-CO', [edible(101)]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
  });

  // ref L109, L130: 15% retail marijuana sales tax, no 2.9% on retail marijuana; accessory pays 2.9%;
  // medical pays 2.9% + local sales tax and no 15%
  it('tax basket: adult-use 15% × $125 = $18.75 + 2.9% × $15 = $0.44; medical 4.9% × $140 = $6.86', () => {
    expect(taxMap(au('US-CO', BASKET))).toEqual({ CO_RETAIL_MJ_SALES: 1875, CO_SALES: 44 }); // 43.5 → 44
    const m = med('US-CO', BASKET, { store: { localSalesTaxRate: 0.02 } });
    expect(m.taxCents).toBe(686);
    expect(m.taxes.every((t) => t.code !== 'CO_RETAIL_MJ_SALES')).toBe(true);
  });

  // ref L65: 8 g concentrate = 1 oz (vapes are concentrate); 800 mg THC = 1 oz for edibles and other products
  it('vapes count as concentrate: 8 g passes, +1 mg fails', () => boundary(() => au('US-CO', [vape(1000, 1, 8)]), () => au('US-CO', [vape(1000, 1, 8), vape(1)])));
  it('tinctures count by THC: 800 mg passes, 801 mg fails', () => {
    const tincture = (thcMg: number) => line({ sku: 'TINC', category: 'tincture', netWeightMg: 30000, thcMg });
    boundary(() => au('US-CO', [tincture(800)]), () => au('US-CO', [tincture(801)]));
  });
  // ref L65: per customer per day — yesterday's purchase does not count today
  it('a purchase yesterday does not count', () =>
    expect(overLimit(au('US-CO', [conc(8000)], { history: [history('2025-11-14T20:00:00-07:00', [conc(8000)])] }))).toBe(false));

  // ref L88: 8 g/day from age 21, 2 g/day at 18–20 — on the 21st birthday the 8 g applies, the day before the 2 g
  it('medical concentrate at the 21st birthday: 8 g; one day short: 2 g', () => {
    const turns21 = { customer: patient('US-CO', turnsToday(21)) };
    boundary(() => med('US-CO', [conc(1000, 700, 8)], turns21), () => med('US-CO', [conc(1000, 700, 8), conc(1)], turns21));
    const almost21 = { customer: patient('US-CO', oneDayShort(21)) };
    boundary(() => med('US-CO', [conc(2000)], almost21), () => med('US-CO', [conc(2001)], almost21));
  });
  // ref L88: the 2 g/day (18–20) limit applies since 2022-01-01
  it('medical concentrate 2 g/day for an 18–20-year-old on 2022-01-01', () => {
    const x = { at: '2022-01-01T12:00:00-07:00', customer: patient('US-CO', '2002-06-01') };
    boundary(() => med('US-CO', [conc(2000)], x), () => med('US-CO', [conc(2001)], x));
  });

  // ref L175: no sales midnight–8:00 am
  it.each([
    ['2025-11-15T23:59:59-07:00', false],
    ['2025-11-16T00:00:00-07:00', true],
    ['2025-07-15T07:59:59-06:00', true], // daylight time
    ['2025-07-15T08:00:00-06:00', false],
  ])('hours: %s outside = %s', (at, outside) => expect(has(au('US-CO', [flower(1000)], { at }), 'OUTSIDE_SALE_HOURS')).toBe(outside));

  // ref L153: delivery permits since 2020 (medical) and 2021 (retail)
  it('delivery: not for medical in 2019, not for adult-use in 2020, both in 2021', () => {
    const deliver = (at: string, customer?: EvaluateRequest['customer']) => codes(au('US-CO', [flower(1000)], { channel: 'delivery', at, ...(customer && { customer }) }));
    expect(deliver('2019-06-15T12:00:00-06:00', medical('US-CO'))).toEqual(['DELIVERY_NOT_ALLOWED']);
    expect(deliver('2020-06-15T12:00:00-06:00')).toEqual(['DELIVERY_NOT_ALLOWED']);
    expect(deliver('2021-06-15T12:00:00-06:00')).toEqual([]);
    expect(deliver('2021-06-15T12:00:00-06:00', medical('US-CO'))).toEqual([]);
  });
});

// =================================================================================================
describe('US-WA Washington', () => {
  // ref L43: 21+; patients 18+ implied
  it('age: adult-use 21, medical 18', () => {
    ageBoundary('US-WA', 'adult_use', 21);
    ageBoundary('US-WA', 'medical', 18);
  });

  // ref L66: independent limits per transaction: 1 oz useable (28,349.5 mg), 7 g concentrate, 16 oz solid (453,592 mg)
  it('adult-use 1 oz useable: 28,349 mg passes, 28,350 mg fails', () => boundary(() => au('US-WA', [flower(28349)]), () => au('US-WA', [flower(28350)])));
  it('adult-use 7 g concentrate: 7 × 1 g passes, +1 mg fails', () =>
    boundary(() => au('US-WA', [conc(1000, 700, 7)]), () => au('US-WA', [conc(1000, 700, 7), conc(1)])));
  it('adult-use 16 oz solid infused: 453,592 mg passes, 453,593 mg fails', () =>
    boundary(() => au('US-WA', [edible(100, 1, 453592)]), () => au('US-WA', [edible(100, 1, 453593)])));
  it('capsules are infused product in solid form: 11 packs of 10 capsules are within 16 oz', () =>
    boundary(() => au('US-WA', [line({ category: 'capsule', quantity: 11, netWeightMg: 5000, thcMg: 100 }), edible(100, 1, 453592 - 55000)]), () =>
      au('US-WA', [line({ category: 'capsule', quantity: 11, netWeightMg: 5000, thcMg: 100 }), edible(100, 1, 453593 - 55000)])));
  it('"any combination": 1 oz flower AND 7 g concentrate AND 16 oz solid in one transaction', () =>
    expect(overLimit(au('US-WA', [flower(28349), conc(1000, 700, 7), edible(100, 1, 453592)]))).toBe(false));
  it('per transaction: an earlier purchase today does not count', () =>
    expect(overLimit(au('US-WA', [flower(28349)], { history: [history('2025-11-15T09:00:00-08:00', [flower(28349)])] }))).toBe(false));

  // ref L89: medical 3 oz useable (85,048.5 mg), 48 oz solid (1,360,776 mg), 21 g concentrate
  it('medical: 3 oz useable, 21 g concentrate, 48 oz solid', () => {
    boundary(() => med('US-WA', [flower(85048)]), () => med('US-WA', [flower(85049)]));
    boundary(() => med('US-WA', [conc(1000, 700, 21)]), () => med('US-WA', [conc(1000, 700, 21), conc(1)]));
    boundary(() => med('US-WA', [edible(100, 1, 1360776)]), () => med('US-WA', [edible(100, 1, 1360777)]));
    expect(overLimit(au('US-WA', [flower(85048)]))).toBe(true);
  });

  // ref L237: serving ≤10 mg, package ≤100 mg, concentrate unit ≤1 g
  it('product caps: edible 100 mg a package, 10 mg a serving; concentrate 1 g a unit', () => {
    expect(has(au('US-WA', [edible(100)]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    expect(has(au('US-WA', [edible(101)]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
    expect(has(au('US-WA', [conc(1000)]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    expect(has(au('US-WA', [conc(1001)]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
  });

  // ref L176: 8:00 am–12:00 midnight
  it.each([
    ['2025-11-15T07:59:00-08:00', true],
    ['2025-11-15T08:00:00-08:00', false],
    ['2025-11-15T23:59:00-08:00', false],
    ['2025-11-16T00:00:00-08:00', true],
  ])('hours: %s outside = %s', (at, outside) => expect(has(au('US-WA', [flower(1000)], { at }), 'OUTSIDE_SALE_HOURS')).toBe(outside));

  // ref L154: no retail delivery
  it('delivery is refused', () => expect(codes(au('US-WA', [flower(1000)], { channel: 'delivery' }))).toEqual(['DELIVERY_NOT_ALLOWED']));

  // ref L110, L131: 37% excise contained in the shelf price; 6.5% sales tax on the pre-excise price
  it('shelf $137.00 flower + $15.00 accessory: excise $37.00 inside, sales 6.5% × $115.00 = $7.48', () => {
    const r = au('US-WA', [hundred('flower', { unitPriceCents: 13700 }), T_ACCESSORY]);
    expect(r.taxes).toMatchObject([
      { code: 'WA_EXCISE', baseCents: 10000, amountCents: 3700, includedInPrice: true },
      { code: 'WA_SALES', baseCents: 11500, amountCents: 748, includedInPrice: false }, // 747.5 → 748
    ]);
    expect(r.totalCents).toBe(13700 + 1500 + 748);
  });

  // ref L29, L110: patients (card, endorsed store, DOH-compliant) pay no sales tax on cannabis, and
  // no excise from 2024-06-06
  it('patients: no excise from 2024-06-06, excise but no sales tax before', () => {
    const cart = [hundred('flower', { unitPriceCents: 13700 }), T_ACCESSORY];
    const after = med('US-WA', cart, { at: '2024-06-06T12:00:00-07:00' });
    expect(taxMap(after)).toEqual({ WA_SALES: 98 }); // accessory only: 97.5 → 98
    expect(after.totalCents).toBe(10000 + 1500 + 98);
    const before = med('US-WA', cart, { at: '2024-06-05T12:00:00-07:00' });
    expect(taxMap(before)).toEqual({ WA_EXCISE: 3700, WA_SALES: 98 });
    expect(before.totalCents).toBe(13700 + 1500 + 98);
  });

  it('patients at a store without the medical endorsement, or on non-DOH-compliant products, pay in full', () => {
    const cart = [hundred('flower', { unitPriceCents: 13700 })];
    expect(taxMap(med('US-WA', cart, { store: { medicalEndorsement: false } }))).toEqual({ WA_EXCISE: 3700, WA_SALES: 650 });
    expect(taxMap(med('US-WA', [hundred('flower', { unitPriceCents: 13700, dohCompliant: false })]))).toEqual({ WA_EXCISE: 3700, WA_SALES: 650 });
  });

  // ref L66: 200 mg THC of liquid in units of ≤4 mg, besides the 72 oz of other liquid. 50 cans of
  // 12 fl oz are far over 72 oz, so they pass only if ≤4 mg units stay out of the volume limit.
  it('adult-use 200 mg THC in ≤4 mg liquid units: 50 × 4 mg passes, 51 fails; 2,000 g of 5 mg liquid beside it passes', () => {
    const lowDose = (quantity: number) => line({ sku: 'BEV-4', category: 'beverage', quantity, netWeightMg: 354882, thcMg: 4, thcMgPerServing: 4 });
    boundary(() => au('US-WA', [lowDose(50)]), () => au('US-WA', [lowDose(51)]));
    expect(overLimit(au('US-WA', [lowDose(50), beverage(2000000)]))).toBe(false);
  });

  // ref L29, L110: the patient excise exemption sunsets 2029-06-30
  it('patients: no excise on 2029-06-30, excise again on 2029-07-01', () => {
    const cart = [hundred('flower', { unitPriceCents: 13700 }), T_ACCESSORY];
    const customer = medical('US-WA', { expiresOn: '2030-01-01' });
    expect(taxMap(evaluate(request('US-WA', cart, { customer, at: '2029-06-30T12:00:00-07:00' })))).toEqual({ WA_SALES: 98 });
    expect(taxMap(evaluate(request('US-WA', cart, { customer, at: '2029-07-01T12:00:00-07:00' })))).toEqual({ WA_EXCISE: 3700, WA_SALES: 98 });
  });

  // ref L110: state + local retail sales tax on the pre-excise selling price
  it('local sales tax rides on the state 6.5%: 9.1% × $100 = $9.10 on a $137.00 shelf price', () =>
    expect(taxMap(au('US-WA', [hundred('flower', { unitPriceCents: 13700 })], { store: { localSalesTaxRate: 0.026 } }))).toEqual({ WA_EXCISE: 3700, WA_SALES: 910 }));

  // ref L237: serving ≤10 mg Δ9; concentrate unit ≤1 g (not limited to adult-use)
  it('product caps: an 11 mg serving is refused; a patient cannot buy a 1.001 g concentrate unit either', () => {
    expect(has(au('US-WA', [line({ category: 'edible', netWeightMg: 10000, thcMg: 100, thcMgPerServing: 11 })]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
    expect(has(med('US-WA', [conc(1000)]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    expect(has(med('US-WA', [conc(1001)]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
  });

  // ref L66: 7 g concentrate *for inhalation* — vape cartridges count
  it('adult-use vapes count toward the 7 g', () => boundary(() => au('US-WA', [vape(1000, 1, 7)]), () => au('US-WA', [vape(1000, 1, 7), vape(1)])));

  // ref L110: the shelf price contains the excise; a discount lowers the shelf price, and sales tax is on the pre-excise price
  it('a $13.70 discount on a $137.00 shelf price: $123.30 contains $33.30 excise; sales 6.5% × $90.00 = $5.85', () => {
    const r = au('US-WA', [hundred('flower', { unitPriceCents: 13700, discountCents: 1370 })]);
    expect(r.taxes).toMatchObject([
      { code: 'WA_EXCISE', baseCents: 9000, amountCents: 3330, includedInPrice: true },
      { code: 'WA_SALES', baseCents: 9000, amountCents: 585, includedInPrice: false },
    ]);
    expect(r.totalCents).toBe(12330 + 585);
  });

  // ref L154: no delivery (medical "No")
  it('medical delivery is refused', () => expect(codes(med('US-WA', [flower(1000)], { channel: 'delivery' }))).toEqual(['DELIVERY_NOT_ALLOWED']));

  // ref L89: medical limits are per transaction
  it('medical: per transaction, an earlier purchase today does not count', () =>
    expect(overLimit(med('US-WA', [flower(85048)], { history: [history('2025-11-15T09:00:00-08:00', [flower(85048)])] }))).toBe(false));
});

// =================================================================================================
describe('US-OR Oregon', () => {
  // ref L44: 21+; OMMP cardholders 18–21 may buy
  it('age: adult-use 21, medical 18', () => {
    ageBoundary('US-OR', 'adult_use', 21);
    ageBoundary('US-OR', 'medical', 18);
  });

  // ref L67: flower 1 oz (old) vs 2 oz (2026 guide); extracts 5 g vs 10 g — only amounts that agree under both
  it('adult-use flower and extracts: amounts within both readings pass, above both fail', () => {
    expect(overLimit(au('US-OR', [flower(28349), conc(5000)]))).toBe(false);
    expect(overLimit(au('US-OR', [flower(56700)]))).toBe(true);
    expect(overLimit(au('US-OR', [conc(10001)]))).toBe(true);
  });
  // ref L67: 16 oz solid; 4 immature plants; 10 seeds; "at any one time or within one day"
  it('adult-use 16 oz solid, 4 immature plants, 10 seeds', () => {
    boundary(() => au('US-OR', [edible(100, 1, 453592)]), () => au('US-OR', [edible(100, 1, 453593)]));
    boundary(() => au('US-OR', [plants(4)]), () => au('US-OR', [plants(5)]));
    boundary(() => au('US-OR', [seeds(10)]), () => au('US-OR', [seeds(11)]));
    const h = [history('2025-11-15T09:00:00-08:00', [seeds(6)])];
    boundary(() => au('US-OR', [seeds(4)], { history: h }), () => au('US-OR', [seeds(5)], { history: h }));
  });

  // ref L177: 7:00 am–10:00 pm
  it.each([
    ['06:59:00', true],
    ['07:00:00', false],
    ['21:59:00', false],
    ['22:00:00', true],
  ])('hours: %s outside = %s', (time, outside) => expect(has(au('US-OR', [flower(1000)], { at: novAt('US-OR', time) }), 'OUTSIDE_SALE_HOURS')).toBe(outside));

  // ref L155: residences only; bona fide order before 8:00 pm the day delivery is requested
  it('delivery: residence only; same-day orders before 8 pm', () => {
    const deliver = (delivery: EvaluateRequest['delivery'], at = '2025-11-15T14:00:00-08:00') => codes(au('US-OR', [flower(1000)], { channel: 'delivery', at, delivery }));
    expect(deliver({ addressType: 'residence' })).toEqual([]);
    expect(deliver({ addressType: 'hotel' })).toEqual(['DELIVERY_NOT_ALLOWED']);
    expect(deliver({ addressType: 'business' })).toEqual(['DELIVERY_NOT_ALLOWED']);
    const order = (orderedAt: string) => ({ orderedAt, deliverAt: '2025-11-15T21:30:00-08:00', addressType: 'residence' as const });
    expect(deliver(order('2025-11-15T19:59:00-08:00'), '2025-11-15T19:59:00-08:00')).toEqual([]);
    expect(deliver(order('2025-11-15T20:00:00-08:00'), '2025-11-15T20:00:00-08:00')).toEqual(['DELIVERY_NOT_ALLOWED']);
  });

  // ref L155: not dorms
  it('delivery: a dormitory is not a residence (adult-use and medical)', () => {
    expect(codes(au('US-OR', [flower(1000)], { channel: 'delivery', delivery: { addressType: 'dormitory' } }))).toEqual(['DELIVERY_NOT_ALLOWED']);
    expect(codes(med('US-OR', [flower(1000)], { channel: 'delivery', delivery: { addressType: 'dormitory' } }))).toEqual(['DELIVERY_NOT_ALLOWED']);
  });

  // ref L111, L132: 17% state + up to 3% local on the retail price; no sales tax; cardholders exempt before 2028-01-01
  it('tax basket: 17% × $125 = $21.25 + local 3% = $3.75; accessory untaxed; patients exempt until 2027-12-31', () => {
    const r = au('US-OR', BASKET, { store: { localCannabisTaxRate: 0.03 } });
    expect(taxMap(r)).toEqual({ OR_MARIJUANA_STATE: 2125, OR_MARIJUANA_LOCAL: 375 });
    expect(r.totalCents).toBe(16500);
    expect(med('US-OR', BASKET, { store: { localCannabisTaxRate: 0.03 } }).taxCents).toBe(0);
    const later = evaluate(request('US-OR', BASKET, { customer: medical('US-OR', { expiresOn: '2029-01-01' }), at: '2028-01-01T12:00:00-08:00', store: { localCannabisTaxRate: 0.03 } }));
    expect(taxMap(later)).toEqual({ OR_MARIJUANA_STATE: 2125, OR_MARIJUANA_LOCAL: 375 });
  });

  // ref L111: the exemption applies to sales before 2028-01-01 — the last day is 2027-12-31
  it('patients are still exempt on 2027-12-31', () => {
    const r = evaluate(request('US-OR', BASKET, { customer: medical('US-OR', { expiresOn: '2029-01-01' }), at: '2027-12-31T12:00:00-08:00', store: { localCannabisTaxRate: 0.03 } }));
    expect(r.taxCents).toBe(0);
  });

  // ref L155: the 8:00 pm cut-off is for delivery the same day; an order after 8 pm can go out the next day
  it('delivery: ordered at 21:00, delivered the next morning is allowed', () => {
    const delivery = { orderedAt: '2025-11-15T21:00:00-08:00', deliverAt: '2025-11-16T10:00:00-08:00', addressType: 'residence' as const };
    expect(codes(au('US-OR', [flower(1000)], { channel: 'delivery', at: '2025-11-15T21:00:00-08:00', delivery }))).toEqual([]);
  });

  // ref L155: residences only — for patients too
  it('delivery: a hotel is refused for patients as well', () =>
    expect(codes(med('US-OR', [flower(1000)], { channel: 'delivery', delivery: { addressType: 'hotel' } }))).toEqual(['DELIVERY_NOT_ALLOWED']));

  // ref L177: 7:00 am–10:00 pm local time, daylight time included
  it.each([
    ['2025-07-15T06:59:59-07:00', true],
    ['2025-07-15T07:00:00-07:00', false],
    ['2025-07-15T21:59:59-07:00', false],
    ['2025-07-15T22:00:00-07:00', true],
  ])('hours in daylight time: %s outside = %s', (at, outside) => expect(has(au('US-OR', [flower(1000)], { at }), 'OUTSIDE_SALE_HOURS')).toBe(outside));
});

// =================================================================================================
describe('US-MI Michigan', () => {
  // ref L45: 21+
  it('age: adult-use 21', () => ageBoundary('US-MI', 'adult_use', 21));

  // ref L68: 2.5 oz (70,873.75 mg) or equivalent per transaction; ≤15 g of it concentrate, counted at its weight;
  // 16 oz solid = 1 oz
  it('adult-use 2.5 oz: 70,873 mg passes, 70,874 mg fails', () => boundary(() => au('US-MI', [flower(70873)]), () => au('US-MI', [flower(70874)])));
  it('adult-use 15 g concentrate inside the 2.5 oz', () => {
    boundary(() => au('US-MI', [conc(1000, 700, 15)]), () => au('US-MI', [conc(1000, 700, 15), conc(1)]));
    boundary(() => au('US-MI', [flower(55873), conc(1000, 700, 15)]), () => au('US-MI', [flower(55874), conc(1000, 700, 15)]));
  });
  it('16 oz of solid infused product = 1 oz: 40 oz solid (1,133,980 mg) passes, +1 mg fails', () =>
    boundary(() => au('US-MI', [edible(100, 1, 1133980)]), () => au('US-MI', [edible(100, 1, 1133981)])));
  it('adult-use is per transaction: an earlier purchase today does not count', () =>
    expect(overLimit(au('US-MI', [flower(70873)], { history: [history('2025-11-15T09:00:00-05:00', [flower(70873)])] }))).toBe(false));

  // ref L91: medical 2.5 oz a day; 10 oz a month (283,495 mg); purchases all inside November and the last 30 days
  it('medical: 2.5 oz a day, counted across the day; 10 oz a month', () => {
    const today = [history('2025-11-15T09:00:00-05:00', [flower(60000)])];
    boundary(() => med('US-MI', [flower(10873)], { history: today }), () => med('US-MI', [flower(10874)], { history: today }));
    expect(overLimit(au('US-MI', [flower(10874)], { history: today }))).toBe(false);
    const month = ['02', '05', '08', '11'].map((d) => history(`2025-11-${d}T12:00:00-05:00`, [flower(70873)]));
    boundary(() => med('US-MI', [flower(3)], { history: month }), () => med('US-MI', [flower(4)], { history: month }));
  });

  // ref L45: out-of-state medical cards accepted
  it('out-of-state medical cards are accepted', () =>
    expect(codes(evaluate(request('US-MI', [flower(1000)], { customer: medical('US-MI', { jurisdiction: 'US-OH' }) })))).toEqual([]));

  // ref L156: delivery to a residence (adult-use and medical)
  it('delivery to a residence is allowed', () => {
    expect(codes(au('US-MI', [flower(1000)], { channel: 'delivery', delivery: { addressType: 'residence' } }))).toEqual([]);
    expect(codes(med('US-MI', [flower(1000)], { channel: 'delivery', delivery: { addressType: 'residence' } }))).toEqual([]);
  });

  // ref L156: adult-use also to a designated consumption establishment given at order; medical to the patient's residence
  it('delivery to a consumption establishment: adult-use only', () => {
    const toLounge = { channel: 'delivery' as const, delivery: { addressType: 'consumption_establishment' as const } };
    expect(codes(au('US-MI', [flower(1000)], toLounge))).toEqual([]);
    expect(codes(med('US-MI', [flower(1000)], toLounge))).toEqual(['DELIVERY_NOT_ALLOWED']);
    expect(codes(au('US-MI', [flower(1000)], { channel: 'delivery', delivery: { addressType: 'hotel' } }))).toEqual(['DELIVERY_NOT_ALLOWED']);
  });

  // ref L239: excise items may not be bundled with non-excise items
  it('no cannabis + accessory bundle', () => {
    const r = au('US-MI', [{ ...flower(1000), bundleId: 'B' }, { ...T_ACCESSORY, bundleId: 'B' }]);
    expect(codes(r)).toEqual(['PRODUCT_NOT_PERMITTED']);
  });

  // ref L112: $100 → $10.00 excise + 6% × $110 = $6.60 (R 205.141 example)
  it('worked example: $100 → $10.00 excise + $6.60 sales tax', () => {
    const r = au('US-MI', [hundred()]);
    expect(taxMap(r)).toEqual({ MI_EXCISE: 1000, MI_SALES: 660 });
    expect(r.totalCents).toBe(11660);
  });
  // ref L112, L133: basket: excise 10% × $125 = $12.50; sales 6% × ($140 + $12.50) = $9.15; medical 6% × $140
  it('tax basket: $12.50 + $9.15; medical (no excise) $8.40', () => {
    expect(taxMap(au('US-MI', BASKET))).toEqual({ MI_EXCISE: 1250, MI_SALES: 915 });
    expect(taxMap(med('US-MI', BASKET))).toEqual({ MI_SALES: 840 });
  });

  // ref L91: 2.5 oz per day — yesterday's purchase counts toward the month, not toward today
  it('medical: a full 2.5 oz yesterday still allows 2.5 oz today', () =>
    expect(overLimit(med('US-MI', [flower(70873)], { history: [history('2025-11-14T12:00:00-05:00', [flower(70873)])] }))).toBe(false));

  // ref L239: excise items may not be bundled with *non-excise* items — two cannabis items may share a price
  it('a cannabis + cannabis bundle is allowed', () =>
    expect(has(au('US-MI', [{ ...flower(1000), bundleId: 'B' }, { ...conc(500), bundleId: 'B' }]), 'PRODUCT_NOT_PERMITTED')).toBe(false));
});

// =================================================================================================
describe('US-IL Illinois', () => {
  // ref L46: 21+
  it('age: adult-use 21', () => ageBoundary('US-IL', 'adult_use', 21));

  // ref L69: residents 30 g / 5 g / 500 mg THC, independent; non-residents half (by ID state)
  it('residents: 30 g flower, 5 g concentrate, 500 mg THC infused', () => {
    boundary(() => au('US-IL', [flower(30000)]), () => au('US-IL', [flower(30001)]));
    boundary(() => au('US-IL', [conc(1000, 700, 5)]), () => au('US-IL', [conc(1000, 700, 5), conc(1)]));
    boundary(() => au('US-IL', edibles(500)), () => au('US-IL', edibles(501)));
    expect(overLimit(au('US-IL', [flower(30000), conc(1000, 700, 5), ...edibles(500)]))).toBe(false);
  });
  it('non-residents (out-of-state ID): 15 g, 2.5 g, 250 mg', () => {
    const x = { customer: adult('US-IL', '1980-01-01', 'US-WI') };
    boundary(() => au('US-IL', [flower(15000)], x), () => au('US-IL', [flower(15001)], x));
    boundary(() => au('US-IL', [conc(2500)], x), () => au('US-IL', [conc(2501)], x));
    boundary(() => au('US-IL', edibles(250), x), () => au('US-IL', edibles(251), x));
  });

  // ref L92: medical 2.5 oz per 14-day period; a purchase 13 days back counts, 20 days back does not
  it('medical 2.5 oz per 14 days', () => {
    boundary(() => med('US-IL', [flower(70873)]), () => med('US-IL', [flower(70874)]));
    const d13 = [history('2025-11-02T12:00:00-06:00', [flower(60000)])];
    boundary(() => med('US-IL', [flower(10873)], { history: d13 }), () => med('US-IL', [flower(10874)], { history: d13 }));
    expect(overLimit(med('US-IL', [flower(70873)], { history: [history('2025-10-26T12:00:00-05:00', [flower(60000)])] }))).toBe(false);
    expect(overLimit(au('US-IL', [flower(70873)]))).toBe(true);
  });

  // ref L46: out-of-state medical patients not allowed
  it('out-of-state medical cards are refused', () =>
    expect(codes(evaluate(request('US-IL', [flower(1000)], { customer: medical('US-IL', { jurisdiction: 'US-MO' }) })))).toEqual(['MEDICAL_CARD_INVALID']));

  // ref L179: 6:00 am–10:00 pm
  it.each([
    ['05:59:00', true],
    ['06:00:00', false],
    ['21:59:00', false],
    ['22:00:00', true],
  ])('hours: %s outside = %s', (time, outside) => expect(has(au('US-IL', [flower(1000)], { at: novAt('US-IL', time) }), 'OUTSIDE_SALE_HOURS')).toBe(outside));

  // ref L157: no delivery
  it('delivery is refused for both kinds', () => {
    expect(codes(au('US-IL', [flower(1000)], { channel: 'delivery' }))).toEqual(['DELIVERY_NOT_ALLOWED']);
    expect(codes(med('US-IL', [flower(1000)], { channel: 'delivery' }))).toEqual(['DELIVERY_NOT_ALLOWED']);
  });

  // ref L238: no bundling of cannabis items with each other or other items
  it('no bundles', () => expect(codes(au('US-IL', [{ ...flower(1000), bundleId: 'B' }, { ...conc(500), bundleId: 'B' }]))).toEqual(['PRODUCT_NOT_PERMITTED']));

  // ref L113: 10% (non-infused, adjusted THC ≤35%), 25% (>35%), 20% (infused); adjusted = Δ9 + 0.877 × THCA;
  // vapes and infused pre-rolls are non-infused
  it.each([
    ['flower 35%', { category: 'flower', thcPercent: 35 }, { IL_EXCISE_10: 1000 }],
    ['flower 35.1%', { category: 'flower', thcPercent: 35.1 }, { IL_EXCISE_25: 2500 }],
    ['flower 1% Δ9 + 38% THCA = 34.326%', { category: 'flower', thcPercent: 1, thcaPercent: 38 }, { IL_EXCISE_10: 1000 }],
    ['flower 2% Δ9 + 38% THCA = 35.326%', { category: 'flower', thcPercent: 2, thcaPercent: 38 }, { IL_EXCISE_25: 2500 }],
    ['vape 85%', { category: 'vape', thcPercent: 85 }, { IL_EXCISE_25: 2500 }],
    ['vape 30%', { category: 'vape', thcPercent: 30 }, { IL_EXCISE_10: 1000 }],
    ['infused pre-roll 30%', { category: 'infused_pre_roll', thcPercent: 30 }, { IL_EXCISE_10: 1000 }],
    ['infused pre-roll 40%', { category: 'infused_pre_roll', thcPercent: 40 }, { IL_EXCISE_25: 2500 }],
    ['edible', { category: 'edible' }, { IL_EXCISE_20: 2000 }],
    ['tincture', { category: 'tincture' }, { IL_EXCISE_20: 2000 }],
  ] as const)('excise on a $100 %s', (_name, patch, expected) => {
    const r = au('US-IL', [hundred(patch.category, { thcaPercent: undefined, ...patch })]);
    expect(taxMap(r)).toMatchObject(expected);
  });

  // ref L113: 86 IAC 423.115 example — a $135 basket of non-infused ≤35% items pays 10% = $13.50
  it('86 IAC 423.115: $135 of non-infused ≤35% items → $13.50', () => {
    const r = au('US-IL', [
      line({ category: 'flower', unitPriceCents: 5000, netWeightMg: 3500, thcMg: 1, thcPercent: 25 }),
      line({ category: 'pre_roll', unitPriceCents: 3500, netWeightMg: 1000, thcMg: 1, thcPercent: 20 }),
      line({ category: 'concentrate', unitPriceCents: 5000, netWeightMg: 1000, thcMg: 1, thcPercent: 35 }),
    ]);
    expect(taxMap(r).IL_EXCISE_10).toBe(1350);
  });

  // ref L113, L134: basket excise 10% × $40 + 25% × $45 + 20% × $40; ROT 6.25% and municipal cannabis ROT 3%
  // on the selling price (excise not in the base); medical: 1% ROT on cannabis, no excise, no cannabis ROT
  it('tax basket: excise $4.00 + $11.25 + $8.00; ROT 6.25% × $140 = $8.75; cannabis ROT 3% × $125 = $3.75', () => {
    const r = au('US-IL', BASKET, { store: { localCannabisTaxRate: 0.03 } });
    expect(taxMap(r)).toEqual({ IL_EXCISE_10: 400, IL_EXCISE_25: 1125, IL_EXCISE_20: 800, IL_CANNABIS_ROT: 375, IL_ROT: 875 });
    expect(r.totalCents).toBe(14000 + 400 + 1125 + 800 + 375 + 875);
    const m = med('US-IL', BASKET, { store: { localCannabisTaxRate: 0.03 } });
    expect(taxMap(m)).toEqual({ IL_ROT_MEDICAL: 125, IL_ROT: 94 }); // 1% × 12500; 6.25% × 1500 = 93.75
  });

  // ref L69: vapes are concentrate (5 g resident, 2.5 g non-resident)
  it('vapes count toward the concentrate limit', () => {
    boundary(() => au('US-IL', [vape(1000, 1, 5)]), () => au('US-IL', [vape(1000, 1, 5), vape(1)]));
    const x = { customer: adult('US-IL', '1980-01-01', 'US-IN') };
    boundary(() => au('US-IL', [vape(1000, 1, 2), vape(500)], x), () => au('US-IL', [vape(1000, 1, 2), vape(501)], x));
  });

  // ref L92: 14-day period — a purchase 14 days back (2025-11-01) is outside it
  it('medical: a purchase 14 days back no longer counts', () =>
    expect(overLimit(med('US-IL', [flower(70873)], { history: [history('2025-11-01T12:00:00-05:00', [flower(60000)])] }))).toBe(false));
});

// =================================================================================================
describe('US-MA Massachusetts', () => {
  // ref L47: 21+
  it('age: adult-use 21', () => ageBoundary('US-MA', 'adult_use', 21));

  // ref L70: 1 oz (28,349.5 mg) per customer per day; 500 mg active THC in edibles = 1 oz; topicals unlimited.
  // (Concentrate by THC vs by weight and "combined" vs "or" are open — ref L254 — so only single categories here.)
  it('adult-use 1 oz flower: 28,349 mg passes, 28,350 mg fails', () => boundary(() => au('US-MA', [flower(28349)]), () => au('US-MA', [flower(28350)])));
  it('adult-use 500 mg THC in edibles: 500 passes, 501 fails', () => boundary(() => au('US-MA', edibles(500)), () => au('US-MA', edibles(501))));
  it('topicals are unlimited', () => expect(overLimit(au('US-MA', [topical(5000), topical(5000)]))).toBe(false));
  it('a 1 g concentrate with 800 mg THC passes under either reading', () => expect(overLimit(au('US-MA', [conc(1000, 800)]))).toBe(false));

  // ref L93: medical 60-day supply (presumptively 10 oz) — a patient may buy 2 oz in a day; adult-use may not
  it('medical supply exceeds the adult-use ounce', () => {
    expect(overLimit(med('US-MA', [flower(56699)]))).toBe(false);
    expect(overLimit(au('US-MA', [flower(56699)]))).toBe(true);
  });

  // ref L47: other-jurisdiction certifications accepted
  it('out-of-state certifications are accepted', () =>
    expect(codes(evaluate(request('US-MA', [flower(1000)], { customer: medical('US-MA', { jurisdiction: 'US-NH' }) })))).toEqual([]));

  // ref L158: delivery (adult-use and medical), to a customer pre-verified before the order
  it('delivery to a residence is allowed for a pre-verified customer', () => {
    const toHome = { channel: 'delivery', delivery: { addressType: 'residence' } } as const;
    expect(codes(au('US-MA', [flower(1000)], { ...toHome, customer: { ...adult('US-MA', '1980-01-01'), deliveryPreVerified: true } }))).toEqual([]);
    expect(codes(med('US-MA', [flower(1000)], { ...toHome, customer: { ...medical('US-MA'), deliveryPreVerified: true } }))).toEqual([]);
  });

  // ref L158, L221: consumers must be pre-verified before the first delivery order
  it('delivery to a customer not pre-verified is refused, adult-use and medical', () => {
    const toHome = { channel: 'delivery', delivery: { addressType: 'residence' } } as const;
    expect(codes(au('US-MA', [flower(1000)], toHome))).toEqual(['DELIVERY_PRE_VERIFICATION_REQUIRED']);
    expect(codes(med('US-MA', [flower(1000)], { ...toHome, customer: { ...medical('US-MA'), deliveryPreVerified: false } }))).toEqual(['DELIVERY_PRE_VERIFICATION_REQUIRED']);
    expect(codes(au('US-MA', [flower(1000)], { customer: { ...adult('US-MA', '1980-01-01'), deliveryPreVerified: false } }))).toEqual([]);
  });

  // ref L114, L135: 10.75% + 6.25% + local 3%, all on the total sales price; medical exempt from all three
  it('tax basket: 10.75% × $125 = $13.44; 6.25% × $140 = $8.75; 3% × $125 = $3.75; medical pays only on the accessory', () => {
    const r = au('US-MA', BASKET, { store: { localCannabisTaxRate: 0.03 } });
    expect(taxMap(r)).toEqual({ MA_EXCISE: 1344, MA_SALES: 875, MA_LOCAL: 375 }); // 1343.75 → 1344
    expect(r.totalCents).toBe(14000 + 1344 + 875 + 375);
    expect(taxMap(med('US-MA', BASKET, { store: { localCannabisTaxRate: 0.03 } }))).toEqual({ MA_SALES: 94 }); // 93.75
  });

  // ref L70: per customer per day — purchases earlier today count, yesterday's do not
  it('adult-use day window: 300 mg THC earlier today leaves 200 mg; yesterday does not count', () => {
    const h = [history('2025-11-15T09:00:00-05:00', edibles(300))];
    boundary(() => au('US-MA', edibles(200), { history: h }), () => au('US-MA', edibles(201), { history: h }));
    expect(overLimit(au('US-MA', edibles(500), { history: [history('2025-11-14T20:00:00-05:00', edibles(500))] }))).toBe(false);
  });

  // ref L93: presumptive 10 oz (283,495 mg) per rolling 60 days
  it('medical 10 oz per 60 days: 59 days back counts, 60 days back does not', () => {
    boundary(() => med('US-MA', [flower(283495)]), () => med('US-MA', [flower(283496)]));
    const d59 = [history('2025-09-17T12:00:00-04:00', [flower(200000)])];
    boundary(() => med('US-MA', [flower(83495)], { history: d59 }), () => med('US-MA', [flower(83496)], { history: d59 }));
    expect(overLimit(med('US-MA', [flower(283495)], { history: [history('2025-09-16T12:00:00-04:00', [flower(200000)])] }))).toBe(false);
  });
});

// =================================================================================================
describe('US-NV Nevada (1 oz = 28.35 g per Nevada guidance, ref L16)', () => {
  // ref L48: 21+
  it('age: adult-use 21', () => ageBoundary('US-NV', 'adult_use', 21));

  // ref L30, L71: 2.5 oz usable (70,875 mg) / ¼ oz concentrate (7,087.5 mg) per transaction since 2024-01-01
  it('adult-use 2.5 oz usable: 70,875 mg passes, 70,876 mg fails', () => boundary(() => au('US-NV', [flower(70875)]), () => au('US-NV', [flower(70876)])));
  it('adult-use ¼ oz concentrate: 7,087 mg passes, 7,088 mg fails', () =>
    boundary(() => au('US-NV', [conc(1000, 700, 7), conc(87)]), () => au('US-NV', [conc(1000, 700, 7), conc(88)])));
  it('per transaction: an earlier purchase today does not count', () =>
    expect(overLimit(au('US-NV', [flower(70875)], { history: [history('2025-11-15T09:00:00-08:00', [flower(70875)])] }))).toBe(false));

  // ref L30, L71: before SB 277, 1 oz (28,350 mg) / ⅛ oz concentrate (3,543.75 mg)
  it('before 2024-01-01: 1 oz usable and ⅛ oz concentrate', () => {
    const x = { at: '2023-12-31T12:00:00-08:00' };
    boundary(() => au('US-NV', [flower(28350)], x), () => au('US-NV', [flower(28351)], x));
    boundary(() => au('US-NV', [conc(1000, 700, 3), conc(543)], x), () => au('US-NV', [conc(1000, 700, 3), conc(544)], x));
    expect(overLimit(au('US-NV', [flower(28351)], { at: '2024-01-01T12:00:00-08:00' }))).toBe(false);
  });

  // ref L240: package ≤1 oz usable; edibles ≤100 mg/package, servings ≤10 mg; tinctures ≤800 mg; topicals ≤6% and ≤800 mg
  it('product caps', () => {
    const refused = (l: RequestLine) => has(au('US-NV', [l]), 'PRODUCT_NOT_PERMITTED');
    expect(refused(flower(28350))).toBe(false);
    expect(refused(flower(28351))).toBe(true);
    expect(refused(edible(100))).toBe(false);
    expect(refused(edible(101))).toBe(true);
    expect(refused(line({ category: 'tincture', netWeightMg: 30000, thcMg: 800 }))).toBe(false);
    expect(refused(line({ category: 'tincture', netWeightMg: 30000, thcMg: 801 }))).toBe(true);
    expect(refused(line({ category: 'topical', netWeightMg: 50000, thcMg: 800, thcPercent: 6 }))).toBe(false);
    expect(refused(line({ category: 'topical', netWeightMg: 50000, thcMg: 801, thcPercent: 6 }))).toBe(true);
    expect(refused(line({ category: 'topical', netWeightMg: 50000, thcMg: 500, thcPercent: 6.1 }))).toBe(true);
  });

  // ref L48: visiting out-of-state patients accepted
  it('out-of-state medical cards are accepted', () =>
    expect(codes(evaluate(request('US-NV', [flower(1000)], { customer: medical('US-NV', { jurisdiction: 'US-CA' }) })))).toEqual([]));

  // ref L159: delivery yes (adult-use and medical)
  it('delivery is allowed', () => {
    expect(codes(au('US-NV', [flower(1000)], { channel: 'delivery' }))).toEqual([]);
    expect(codes(med('US-NV', [flower(1000)], { channel: 'delivery' }))).toEqual([]);
  });

  // ref L115, L136: 10% excise; sales 6.85% + local on the price excluding the excise; card holders exempt
  // from the 10% whether buying medical or adult-use
  it('tax basket (local 1.525%): excise $12.50; sales 8.375% × $140 = $11.73; card holders pay no excise', () => {
    const store = { localSalesTaxRate: 0.01525 };
    const r = au('US-NV', BASKET, { store });
    expect(taxMap(r)).toEqual({ NV_EXCISE: 1250, NV_SALES: 1173 }); // 1172.5 → 1173
    expect(taxMap(med('US-NV', BASKET, { store }))).toEqual({ NV_SALES: 1173 });
    expect(taxMap(au('US-NV', BASKET, { store, customer: { ...medical('US-NV'), kind: 'adult_use' } }))).toEqual({ NV_SALES: 1173 });
  });
  it('an expired card is not a card: the excise is due', () => {
    const customer = { ...medical('US-NV', { expiresOn: '2025-11-14' }), kind: 'adult_use' as const };
    expect(taxMap(au('US-NV', BASKET, { store: { localSalesTaxRate: 0.01525 }, customer }))).toEqual({ NV_EXCISE: 1250, NV_SALES: 1173 });
  });

  // ref L30, L71: ¼ oz concentrate from the first day of SB 277
  it('on 2024-01-01: ¼ oz concentrate (7,087 mg passes, 7,088 mg fails)', () => {
    const x = { at: '2024-01-01T12:00:00-08:00' };
    boundary(() => au('US-NV', [conc(1000, 700, 7), conc(87)], x), () => au('US-NV', [conc(1000, 700, 7), conc(88)], x));
  });

  // ref L240: servings labelled ≤10 mg; capsules ≤100 mg each, ≤800 mg a package
  it('product caps: edible servings and capsules', () => {
    const refused = (l: RequestLine) => has(au('US-NV', [l]), 'PRODUCT_NOT_PERMITTED');
    expect(refused(line({ category: 'edible', netWeightMg: 10000, thcMg: 100, thcMgPerServing: 11 }))).toBe(true);
    const capsules = (thcMg: number, thcMgPerServing: number) => line({ category: 'capsule', netWeightMg: 5000, thcMg, thcMgPerServing });
    expect(refused(capsules(800, 100))).toBe(false);
    expect(refused(capsules(801, 100))).toBe(true);
    expect(refused(capsules(800, 101))).toBe(true);
  });
});

// =================================================================================================
describe('US-AZ Arizona', () => {
  // ref L49: 21+
  it('age: adult-use 21', () => ageBoundary('US-AZ', 'adult_use', 21));

  // ref L72: 1 oz total (28,349.5 mg) per transaction, of which ≤5 g concentrate (its weight counts in the ounce)
  it('adult-use 1 oz total: 28,349 mg passes, 28,350 mg fails', () => boundary(() => au('US-AZ', [flower(28349)]), () => au('US-AZ', [flower(28350)])));
  it('adult-use 5 g concentrate sub-cap', () => boundary(() => au('US-AZ', [conc(1000, 700, 5)]), () => au('US-AZ', [conc(1000, 700, 5), conc(1)])));
  it('concentrate weight counts in the ounce', () =>
    boundary(() => au('US-AZ', [flower(23349), conc(1000, 700, 5)]), () => au('US-AZ', [flower(23350), conc(1000, 700, 5)])));

  // ref L95: medical 2.5 oz per 14 calendar days
  it('medical 2.5 oz per 14 days', () => {
    boundary(() => med('US-AZ', [flower(70873)]), () => med('US-AZ', [flower(70874)]));
    const d10 = [history('2025-11-05T12:00:00-07:00', [flower(60000)])];
    boundary(() => med('US-AZ', [flower(10873)], { history: d10 }), () => med('US-AZ', [flower(10874)], { history: d10 }));
  });

  // ref L49, L225: visiting patients cannot buy
  it('out-of-state medical cards are refused', () =>
    expect(codes(evaluate(request('US-AZ', [flower(1000)], { customer: medical('US-AZ', { jurisdiction: 'US-CA' }) })))).toEqual(['MEDICAL_CARD_INVALID']));

  // ref L241: AU edibles ≤10 mg/serving, ≤100 mg/package; medical edibles up to 1,000 mg
  it('edible caps: 100 mg adult-use, 1,000 mg medical', () => {
    expect(has(au('US-AZ', [edible(100)]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    expect(has(au('US-AZ', [edible(101)]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
    expect(has(med('US-AZ', [edible(1000)]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    expect(has(med('US-AZ', [edible(1001)]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
  });

  // ref L239: excise items may not be bundled with non-excise items
  it('no cannabis + accessory bundle', () =>
    expect(codes(au('US-AZ', [{ ...flower(1000), bundleId: 'B' }, { ...T_ACCESSORY, bundleId: 'B' }]))).toEqual(['PRODUCT_NOT_PERMITTED']));

  // ref L116, L137: MET 16% adult-use only; TPT 5.6% + county/city on everything, MET excluded from its base
  it('tax basket (county+city 2.5%): MET $20.00; TPT 8.1% × $140 = $11.34; patients pay TPT only', () => {
    const store = { localSalesTaxRate: 0.025 };
    expect(taxMap(au('US-AZ', BASKET, { store }))).toEqual({ AZ_MET: 2000, AZ_TPT: 1134 });
    expect(taxMap(med('US-AZ', BASKET, { store }))).toEqual({ AZ_TPT: 1134 });
  });

  // ref L116: no other local cannabis taxes allowed (ARS 36-2864)
  it('a local cannabis rate adds no tax line', () =>
    expect(taxMap(au('US-AZ', BASKET, { store: { localSalesTaxRate: 0.025, localCannabisTaxRate: 0.03 } }))).toEqual({ AZ_MET: 2000, AZ_TPT: 1134 }));

  // ref L95: rolling 14 calendar days — 13 days back counts, 14 days back does not
  it('medical 14-day window edges', () => {
    const d13 = [history('2025-11-02T12:00:00-07:00', [flower(60000)])];
    boundary(() => med('US-AZ', [flower(10873)], { history: d13 }), () => med('US-AZ', [flower(10874)], { history: d13 }));
    expect(overLimit(med('US-AZ', [flower(70873)], { history: [history('2025-11-01T12:00:00-07:00', [flower(60000)])] }))).toBe(false);
  });

  // ref L241: adult-use edibles ≤10 mg a serving
  it('an 11 mg serving is refused for adult-use', () =>
    expect(has(au('US-AZ', [line({ category: 'edible', netWeightMg: 10000, thcMg: 100, thcMgPerServing: 11 })]), 'PRODUCT_NOT_PERMITTED')).toBe(true));
});

// =================================================================================================
describe('US-NY New York', () => {
  // ref L50: 21+
  it('age: adult-use 21', () => ageBoundary('US-NY', 'adult_use', 21));

  // ref L73: 3 oz (85,048.5 mg) and 24 g concentrated, independent
  it('adult-use 3 oz: 85,048 mg passes, 85,049 mg fails', () => boundary(() => au('US-NY', [flower(85048)]), () => au('US-NY', [flower(85049)])));
  it('adult-use 24 g concentrated cannabis', () => boundary(() => au('US-NY', [conc(1000, 700, 24)]), () => au('US-NY', [conc(1000, 700, 24), conc(1)])));
  it('independent: the full 3 oz AND the full 24 g', () => expect(overLimit(au('US-NY', [flower(85048), conc(1000, 700, 24)]))).toBe(false));

  // ref L183: not 12:00 am–8:00 am (unless the municipality allows)
  it.each([
    ['07:59:00', true],
    ['08:00:00', false],
    ['23:59:00', false],
  ])('hours: %s outside = %s', (time, outside) => expect(has(au('US-NY', [flower(1000)], { at: novAt('US-NY', time) }), 'OUTSIDE_SALE_HOURS')).toBe(outside));

  // ref L161: adult-use delivery yes
  it('adult-use delivery is allowed', () => expect(codes(au('US-NY', [flower(1000)], { channel: 'delivery' }))).toEqual([]));

  // ref L28, L117, L138: 9% state + 4% local on the amount charged; no sales tax on cannabis; no per-mg THC tax
  // at the register since 2024-06-01; medical tax may not be added as a separate charge
  it('tax on $125 of cannabis: $11.25 + $5.00; medical: no tax line', () => {
    const r = au('US-NY', CANNABIS_BASKET);
    expect(taxMap(r)).toEqual({ NY_CANNABIS_STATE: 1125, NY_CANNABIS_LOCAL: 500 });
    expect(r.totalCents).toBe(12500 + 1625);
    expect(med('US-NY', CANNABIS_BASKET).taxes).toEqual([]);
    expect(taxMap(au('US-NY', CANNABIS_BASKET, { at: '2024-05-31T12:00:00-04:00' }))).toEqual({ NY_CANNABIS_STATE: 1125, NY_CANNABIS_LOCAL: 500 });
  });

  // ref L73: 24 g concentrated cannabis — vapes included
  it('vapes count toward the 24 g', () => boundary(() => au('US-NY', [vape(1000, 1, 24)]), () => au('US-NY', [vape(1000, 1, 24), vape(1)])));

  // ref L183: no sales from 12:00 am — midnight itself is closed
  it('hours: 00:00 is outside', () => expect(has(au('US-NY', [flower(1000)], { at: '2025-11-16T00:00:00-05:00' }), 'OUTSIDE_SALE_HOURS')).toBe(true));

  // ref L161: deliveries only during posted hours (never 12 am–8 am)
  it('delivery handed over at 07:59 is refused, at 08:00 allowed', () => {
    const deliverAt = (t: string) => codes(au('US-NY', [flower(1000)], { channel: 'delivery', delivery: { deliverAt: `2025-11-15T${t}-05:00` } }));
    expect(deliverAt('07:59:00')).toEqual(['OUTSIDE_SALE_HOURS']);
    expect(deliverAt('08:00:00')).toEqual([]);
  });

  // ref L50: certified patients with a NYS registry ID
  it('a medical card from another state is refused', () =>
    expect(codes(evaluate(request('US-NY', [flower(1000)], { customer: medical('US-NY', { jurisdiction: 'US-NJ' }) })))).toEqual(['MEDICAL_CARD_INVALID']));
});

// =================================================================================================
describe('US-NJ New Jersey (1 oz = 28.35 g, ref L16, L74)', () => {
  // ref L51: 21+
  it('age: adult-use 21', () => ageBoundary('US-NJ', 'adult_use', 21));

  // ref L74: 1 oz (28.35 g) / 5 g concentrate / 1,000 mg THC ingestible, combined as an equivalency, per transaction
  it('adult-use 1 oz flower: 28,350 mg passes, 28,351 mg fails', () => boundary(() => au('US-NJ', [flower(28350)]), () => au('US-NJ', [flower(28351)])));
  it('adult-use 5 g concentrate', () => boundary(() => au('US-NJ', [conc(1000, 700, 5)]), () => au('US-NJ', [conc(1000, 700, 5), conc(1)])));
  it('adult-use 1,000 mg THC ingestible (10 × 100 mg)', () => boundary(() => au('US-NJ', edibles(1000)), () => au('US-NJ', edibles(1001))));
  it('combined: ½ oz flower + 2 g concentrate is allowed; ½ oz + 2.5 g is the whole ounce', () => {
    expect(overLimit(au('US-NJ', [flower(14175), conc(1000, 700, 2)]))).toBe(false);
    boundary(() => au('US-NJ', [flower(14175), conc(1000, 700, 2), conc(500)]), () => au('US-NJ', [flower(14176), conc(1000, 700, 2), conc(500)]));
  });

  // ref L97: medical 3 oz (85,050 mg) per 30 days
  it('medical 3 oz per 30 days', () => {
    boundary(() => med('US-NJ', [flower(85050)]), () => med('US-NJ', [flower(85051)]));
    const d20 = [history('2025-10-26T12:00:00-04:00', [flower(80000)])];
    boundary(() => med('US-NJ', [flower(5050)], { history: d20 }), () => med('US-NJ', [flower(5051)], { history: d20 }));
  });

  // ref L51: out-of-state patients only with a (6-month) New Jersey card
  it('a home-state card is not a New Jersey card', () =>
    expect(codes(evaluate(request('US-NJ', [flower(1000)], { customer: medical('US-NJ', { jurisdiction: 'US-PA' }) })))).toEqual(['MEDICAL_CARD_INVALID']));

  // ref L243: ingestibles in 100 mg packages
  it('ingestible packages above 100 mg are refused', () => {
    expect(has(au('US-NJ', [edible(100)]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    expect(has(au('US-NJ', [edible(101)]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
  });

  // ref L162: delivery yes
  it('delivery is allowed for both kinds', () => {
    expect(codes(au('US-NJ', [flower(1000)], { channel: 'delivery' }))).toEqual([]);
    expect(codes(med('US-NJ', [flower(1000)], { channel: 'delivery' }))).toEqual([]);
  });

  // ref L118, L139: 6.625% sales tax; medical 0% since 2022-07-01; municipal tax up to 2% of retail receipts
  // (its interplay with the sales-tax base is not confirmed, ref L257, so the sales tax is not asserted with it)
  it('tax basket: 6.625% × $140 = $9.28; medical pays only on the accessory; municipal 2% × $125 = $2.50', () => {
    expect(taxMap(au('US-NJ', BASKET))).toEqual({ NJ_SALES: 928 }); // 927.5 → 928
    expect(taxMap(med('US-NJ', BASKET))).toEqual({ NJ_SALES: 99 }); // 99.375
    expect(taxMap(au('US-NJ', BASKET, { store: { localCannabisTaxRate: 0.02 } })).NJ_MUNICIPAL).toBe(250);
  });

  // ref L74: per transaction — an earlier purchase today does not count
  it('adult-use per transaction: a full ounce earlier today does not count', () =>
    expect(overLimit(au('US-NJ', [flower(28350)], { history: [history('2025-11-15T09:00:00-05:00', [flower(28350)])] }))).toBe(false));

  // ref L97: 30 days — 29 days back counts, 30 days back does not
  it('medical 30-day window edges', () => {
    const d29 = [history('2025-10-17T12:00:00-04:00', [flower(80000)])];
    boundary(() => med('US-NJ', [flower(5050)], { history: d29 }), () => med('US-NJ', [flower(5051)], { history: d29 }));
    expect(overLimit(med('US-NJ', [flower(85050)], { history: [history('2025-10-16T12:00:00-04:00', [flower(80000)])] }))).toBe(false);
  });
});

// =================================================================================================
describe('US-MD Maryland', () => {
  // ref L52: 21+
  it('age: adult-use 21', () => ageBoundary('US-MD', 'adult_use', 21));

  // ref L75: 1.5 oz (42,524.25 mg) / 12 g concentrated / 750 mg THC; combination unclear (ref L255) — single categories only
  it('adult-use 1.5 oz flower: 42,524 mg passes, 42,525 mg fails', () => boundary(() => au('US-MD', [flower(42524)]), () => au('US-MD', [flower(42525)])));
  it('adult-use 12 g concentrate (12 × 1 g packages)', () => boundary(() => au('US-MD', [conc(1000, 700, 12)]), () => au('US-MD', [conc(1000, 700, 12), conc(1)])));
  it('adult-use 750 mg THC in products', () => boundary(() => au('US-MD', edibles(750)), () => au('US-MD', edibles(751))));

  // ref L98: medical 120 g usable AND 36 g THC in infused products per rolling 30 days
  it('medical 120 g and 36 g THC per 30 days, independently', () => {
    boundary(() => med('US-MD', [flower(120000)]), () => med('US-MD', [flower(120001)]));
    boundary(() => med('US-MD', edibles(36000)), () => med('US-MD', edibles(36001)));
    expect(overLimit(med('US-MD', [flower(120000), ...edibles(36000)]))).toBe(false);
    const d29 = [history('2025-10-17T12:00:00-04:00', [flower(100000)])];
    boundary(() => med('US-MD', [flower(20000)], { history: d29 }), () => med('US-MD', [flower(20001)], { history: d29 }));
    expect(overLimit(med('US-MD', [flower(120000)], { history: [history('2025-10-15T12:00:00-04:00', [flower(100000)])] }))).toBe(false);
  });

  // ref L242: adult-use concentrates ≤1 g; edibles/tinctures/capsules ≤10 mg/serving, ≤100 mg/package; vape
  // devices allowed; higher-potency items reserved for patients
  it('adult-use product caps; patients may buy the higher-potency items', () => {
    expect(has(au('US-MD', [conc(1000)]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    expect(has(au('US-MD', [conc(1001)]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
    expect(has(au('US-MD', [vape(2000)]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    expect(has(au('US-MD', [edible(101)]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
    expect(has(au('US-MD', [line({ category: 'tincture', netWeightMg: 30000, thcMg: 100, thcMgPerServing: 11 })]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
    expect(has(med('US-MD', [conc(2000), edible(500)]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
  });

  // ref L163: adult-use delivery; medical to a private residence
  it('delivery: adult-use allowed; medical to a residence', () => {
    expect(codes(au('US-MD', [flower(1000)], { channel: 'delivery' }))).toEqual([]);
    expect(codes(med('US-MD', [flower(1000)], { channel: 'delivery', delivery: { addressType: 'residence' } }))).toEqual([]);
  });

  // ref L163: medical to a private residence or inpatient facility
  it('medical delivery to an inpatient facility is allowed, to a hotel it is not', () => {
    expect(codes(med('US-MD', [flower(1000)], { channel: 'delivery', delivery: { addressType: 'inpatient_facility' } }))).toEqual([]);
    expect(codes(med('US-MD', [flower(1000)], { channel: 'delivery', delivery: { addressType: 'hotel' } }))).toEqual(['DELIVERY_NOT_ALLOWED']);
  });

  // ref L27, L119, L140: cannabis sales and use tax 9% → 12% from 2025-07-01, replacing the 6% general sales tax
  // for cannabis; medical exempt
  it('cannabis tax 9% through 2025-06-30, 12% from 2025-07-01; medical exempt', () => {
    expect(taxMap(au('US-MD', [hundred()], { at: '2025-06-30T12:00:00-04:00' }))).toEqual({ MD_CANNABIS: 900 });
    expect(taxMap(au('US-MD', [hundred()], { at: '2025-07-01T12:00:00-04:00' }))).toEqual({ MD_CANNABIS: 1200 });
    expect(taxMap(au('US-MD', CANNABIS_BASKET))).toEqual({ MD_CANNABIS: 1500 });
    expect(med('US-MD', CANNABIS_BASKET).taxes).toEqual([]);
  });
  // ref L119: the cannabis tax replaces the 6% general sales tax *for cannabis*; a non-cannabis item keeps it
  it('an accessory pays the 6% general sales tax (adult-use and medical)', () => {
    expect(taxMap(au('US-MD', BASKET))).toEqual({ MD_CANNABIS: 1500, MD_SALES: 90 });
    expect(taxMap(med('US-MD', BASKET))).toEqual({ MD_SALES: 90 });
  });

  // ref L27, L119: 12% from 2025-07-01, Eastern time
  it.each([
    ['2025-07-01T03:59:59Z', 900], // 23:59:59 EDT on 30 June
    ['2025-07-01T04:00:00Z', 1200], // 00:00 EDT on 1 July
  ])('cannabis tax on $100 at %s: %i¢', (at, cents) => expect(taxMap(au('US-MD', [hundred()], { at }))).toEqual({ MD_CANNABIS: cents }));

  // ref L98: rolling 30 days — a purchase 30 days back (2025-10-16) is outside it
  it('medical: a purchase 30 days back no longer counts', () =>
    expect(overLimit(med('US-MD', [flower(120000)], { history: [history('2025-10-16T12:00:00-04:00', [flower(100000)])] }))).toBe(false));

  // ref L52: patients need an MCA-issued ID number
  it('a medical card from another state is refused', () =>
    expect(codes(evaluate(request('US-MD', [flower(1000)], { customer: medical('US-MD', { jurisdiction: 'US-DE' }) })))).toEqual(['MEDICAL_CARD_INVALID']));

  // ref L242: infused pre-rolls are exempt from the 1 g concentrate cap; capsules ≤10 mg/serving, ≤100 mg/package
  it('adult-use: a 1.5 g infused pre-roll is allowed; capsules above 100 mg a package or 10 mg a serving are not', () => {
    expect(has(au('US-MD', [line({ category: 'infused_pre_roll', netWeightMg: 1500, thcMg: 300, thcPercent: 40 })]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    const capsules = (thcMg: number, thcMgPerServing: number) => line({ category: 'capsule', netWeightMg: 5000, thcMg, thcMgPerServing });
    expect(has(au('US-MD', [capsules(100, 10)]), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    expect(has(au('US-MD', [capsules(101, 10)]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
    expect(has(au('US-MD', [capsules(100, 11)]), 'PRODUCT_NOT_PERMITTED')).toBe(true);
  });
});

// =================================================================================================
describe('US-MO Missouri', () => {
  // ref L53: 21+; medical 18+ with card
  it('age: adult-use 21, medical 18', () => {
    ageBoundary('US-MO', 'adult_use', 21);
    ageBoundary('US-MO', 'medical', 18);
  });

  // ref L76: 3 oz (85,048.5 mg) dried or equivalent per transaction; 1 oz = 8 g concentrate = 800 mg THC, summed
  it('adult-use 3 oz flower: 85,048 mg passes, 85,049 mg fails', () => boundary(() => au('US-MO', [flower(85048)]), () => au('US-MO', [flower(85049)])));
  it('adult-use 24 g concentrate = 3 oz', () => boundary(() => au('US-MO', [conc(1000, 700, 24)]), () => au('US-MO', [conc(1000, 700, 24), conc(1)])));
  it('adult-use 2,400 mg THC infused = 3 oz', () => boundary(() => au('US-MO', edibles(2400)), () => au('US-MO', edibles(2401))));
  it('summed: 1 oz flower + 8 g concentrate + 800 mg THC', () =>
    boundary(() => au('US-MO', [flower(28349), conc(1000, 700, 8), ...edibles(800)]), () => au('US-MO', [flower(28349), conc(1000, 700, 8), ...edibles(801)])));

  // ref L99: medical 6 oz (170,097 mg) per 30 days
  it('medical 6 oz per 30 days', () => {
    boundary(() => med('US-MO', [flower(170097)]), () => med('US-MO', [flower(170098)]));
    expect(overLimit(au('US-MO', [flower(170097)]))).toBe(true);
  });

  // ref L53: out-of-state cards accepted
  it('out-of-state cards are accepted', () =>
    expect(codes(evaluate(request('US-MO', [flower(1000)], { customer: medical('US-MO', { jurisdiction: 'US-KS' }) })))).toEqual([]));

  // ref L164: delivery yes
  it('delivery is allowed', () => expect(codes(au('US-MO', [flower(1000)], { channel: 'delivery' }))).toEqual([]));

  // ref L120, L141: 6% adult-use / 4% medical marijuana tax; state sales tax 4.225% also collected. The order of
  // the taxes is not confirmed (ref L257), so the sales tax is asserted only on a non-cannabis item.
  it('marijuana tax 6% × $125 = $7.50 (medical 4% = $5.00); sales tax 4.225% on a $15 accessory = $0.63', () => {
    expect(taxMap(au('US-MO', CANNABIS_BASKET)).MO_MARIJUANA).toBe(750);
    expect(taxMap(med('US-MO', CANNABIS_BASKET)).MO_MARIJUANA_MEDICAL).toBe(500);
    expect(taxMap(au('US-MO', [T_ACCESSORY]))).toEqual({ MO_SALES: 63 }); // 63.375
  });

  // ref L120: local marijuana tax up to 3% on the retail sale
  it('local marijuana tax 3% × $125 = $3.75', () =>
    expect(taxMap(au('US-MO', CANNABIS_BASKET, { store: { localCannabisTaxRate: 0.03 } })).MO_LOCAL_MARIJUANA).toBe(375));

  // ref L76: per transaction — an earlier purchase today does not count
  it('adult-use per transaction: 3 oz earlier today does not count', () =>
    expect(overLimit(au('US-MO', [flower(85048)], { history: [history('2025-11-15T09:00:00-06:00', [flower(85048)])] }))).toBe(false));

  // ref L99: 30 days — 29 days back counts, 30 days back does not
  it('medical 30-day window edges', () => {
    const d29 = [history('2025-10-17T12:00:00-05:00', [flower(150000)])];
    boundary(() => med('US-MO', [flower(20097)], { history: d29 }), () => med('US-MO', [flower(20098)], { history: d29 }));
    expect(overLimit(med('US-MO', [flower(170097)], { history: [history('2025-10-16T12:00:00-05:00', [flower(150000)])] }))).toBe(false);
  });

  // ref L164: medical delivery yes
  it('medical delivery is allowed', () => expect(codes(med('US-MO', [flower(1000)], { channel: 'delivery' }))).toEqual([]));
});

// =================================================================================================
describe('US-OH Ohio', () => {
  // ref L54: 21+
  it('age: adult-use 21', () => ageBoundary('US-OH', 'adult_use', 21));

  // ref L31, L77: from 2025-06-04, 2.5 oz (70,873.75 mg) flower and 15,000 mg THC non-flower per day
  it('adult-use 2.5 oz flower a day', () => boundary(() => au('US-OH', [flower(70873)]), () => au('US-OH', [flower(70874)])));
  it('adult-use 15,000 mg THC in non-flower products a day', () =>
    boundary(() => au('US-OH', [vape(1000, 750, 20)]), () => au('US-OH', [vape(1000, 750, 20), vape(500, 1)])));
  it('the day window counts earlier purchases today', () => {
    const h = [history('2025-11-15T09:00:00-05:00', [flower(60000)])];
    boundary(() => au('US-OH', [flower(10873)], { history: h }), () => au('US-OH', [flower(10874)], { history: h }));
  });
  // ref L31: before 2025-06-04 the daily limit was 1 oz flower
  it('before 2025-06-04: 1 oz flower a day', () => {
    const x = { at: '2025-06-03T12:00:00-04:00' };
    boundary(() => au('US-OH', [flower(28349)], x), () => au('US-OH', [flower(28350)], x));
  });

  // ref L100: 90-day supply: 8 oz tier I (≤23%), 5.3 oz tier II (23–35%), 9.9 g THC edibles/oils, 26.55 g THC
  // topicals, 53.1 g THC vape oil; aggregated across forms; rolling 90 days
  it('medical 90-day supply, per form', () => {
    boundary(() => med('US-OH', [flower(226796, 23)]), () => med('US-OH', [flower(226797, 23)]));
    boundary(() => med('US-OH', [flower(150252, 23.5)]), () => med('US-OH', [flower(150253, 23.5)]));
    boundary(() => med('US-OH', edibles(9900)), () => med('US-OH', edibles(9901)));
    boundary(() => med('US-OH', [topical(26550)]), () => med('US-OH', [topical(26551)]));
    boundary(() => med('US-OH', [vape(1000, 531, 100)]), () => med('US-OH', [vape(1000, 531, 100), vape(500, 1)]));
  });
  it('medical forms are aggregated: half the tier I flower + half the edible THC is the whole supply', () =>
    boundary(() => med('US-OH', [flower(113398, 20), ...edibles(4950)]), () => med('US-OH', [flower(113398, 20), ...edibles(4951)])));
  it('the 90-day window counts a purchase 60 days back', () => {
    const h = [history('2025-09-16T12:00:00-04:00', [flower(200000, 20)])];
    boundary(() => med('US-OH', [flower(26796, 20)], { history: h }), () => med('US-OH', [flower(26797, 20)], { history: h }));
  });

  // ref L32, L244: SB 56 (~2026-03): flower ≤35% THC, extracts ≤70% THC
  it('SB 56 potency caps apply from spring 2026, not before', () => {
    const strong = [flower(3500, 36), line({ category: 'concentrate', netWeightMg: 1000, thcMg: 710, thcPercent: 71 })];
    expect(has(au('US-OH', strong), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    const r = au('US-OH', strong, { at: '2026-06-01T12:00:00-04:00' });
    expect(r.violations.filter((v) => v.code === 'PRODUCT_NOT_PERMITTED').flatMap((v) => v.lines).sort()).toEqual([0, 1]);
    expect(has(au('US-OH', [flower(3500, 35), line({ category: 'concentrate', netWeightMg: 1000, thcMg: 700, thcPercent: 70 })], { at: '2026-06-01T12:00:00-04:00' }), 'PRODUCT_NOT_PERMITTED')).toBe(false);
  });

  // ref L121: $100 → $10 excise + 7.5% × $100 = $7.50 (sales tax not on the excise); medical: sales tax only
  it('worked example: $100 → $10.00 excise + $7.50 sales tax (5.75% + 1.75% county)', () => {
    const r = au('US-OH', [hundred()], { store: { localSalesTaxRate: 0.0175 } });
    expect(taxMap(r)).toEqual({ OH_EXCISE: 1000, OH_SALES: 750 });
    expect(r.totalCents).toBe(11750);
  });
  it('tax basket: excise 10% × $125 = $12.50; sales 5.75% × $140 = $8.05; medical $8.05 only', () => {
    expect(taxMap(au('US-OH', BASKET))).toEqual({ OH_EXCISE: 1250, OH_SALES: 805 });
    expect(taxMap(med('US-OH', BASKET))).toEqual({ OH_SALES: 805 });
  });

  // ref L31: 2.5 oz from the day of the change, 2025-06-04
  it('on 2025-06-04: 2.5 oz flower', () => {
    const x = { at: '2025-06-04T12:00:00-04:00' };
    boundary(() => au('US-OH', [flower(70873)], x), () => au('US-OH', [flower(70874)], x));
  });

  // ref L100: rolling 90 days — 89 days back counts, 90 days back does not
  it('medical 90-day window edges', () => {
    const d89 = [history('2025-08-18T12:00:00-04:00', [flower(200000, 20)])];
    boundary(() => med('US-OH', [flower(26796, 20)], { history: d89 }), () => med('US-OH', [flower(26797, 20)], { history: d89 }));
    expect(overLimit(med('US-OH', [flower(226796, 20)], { history: [history('2025-08-17T12:00:00-04:00', [flower(200000, 20)])] }))).toBe(false);
  });
});

// =================================================================================================
describe('CA-ON Ontario', () => {
  // ref L55: 19+; no storefront medical (medical customers are adults at the counter)
  it('age: 19, for everyone', () => {
    ageBoundary('CA-ON', 'adult_use', 19);
    const r = evaluate(request('CA-ON', [flower(1000)], { customer: patient('CA-ON', oneDayShort(19)) }));
    expect(has(r, 'UNDERAGE')).toBe(true);
  });

  // ref L78: 30 g dried or equivalent per purchase; 0.25 g concentrate = 15 g edible = 70 g liquid = 1 seed = 1 g dried
  it('30 g dried: 30,000 mg passes, 30,001 mg fails', () => boundary(() => au('CA-ON', [flower(30000)]), () => au('CA-ON', [flower(30001)])));
  it('7.5 g concentrate = 30 g dried', () => boundary(() => au('CA-ON', [conc(1000, 700, 7), conc(500)]), () => au('CA-ON', [conc(1000, 700, 7), conc(501)])));
  it('450 g edible = 30 g dried', () =>
    boundary(() => au('CA-ON', [line({ category: 'edible', netWeightMg: 450000, thcMg: 10 })]), () => au('CA-ON', [line({ category: 'edible', netWeightMg: 450001, thcMg: 10 })])));
  it('2,100 g liquid = 30 g dried', () => boundary(() => au('CA-ON', [beverage(2100000)]), () => au('CA-ON', [beverage(2100001)])));
  it('30 seeds = 30 g dried', () => boundary(() => au('CA-ON', [seeds(30)]), () => au('CA-ON', [seeds(31)])));
  // ref L78: a tincture is a liquid (70 g = 1 g dried), capsules a solid (15 g = 1 g dried), not concentrates
  it('a 30 g tincture counts as a liquid, not as 120 g of concentrate', () =>
    boundary(() => au('CA-ON', [flower(29500), line({ category: 'tincture', netWeightMg: 35000, thcMg: 300 })]), () => au('CA-ON', [flower(29500), line({ category: 'tincture', netWeightMg: 35001, thcMg: 300 })])));
  it('15 g of capsules count as 1 g dried', () =>
    boundary(() => au('CA-ON', [flower(29000), line({ category: 'capsule', netWeightMg: 15000, thcMg: 100 })]), () => au('CA-ON', [flower(29000), line({ category: 'capsule', netWeightMg: 15001, thcMg: 100 })])));
  it('summed: 15 g dried + 3.75 g concentrate', () => boundary(() => au('CA-ON', [flower(15000), conc(3750)]), () => au('CA-ON', [flower(15000), conc(3751)])));
  it('a medical customer is served under the adult-use limit', () => expect(overLimit(med('CA-ON', [flower(30001)]))).toBe(true));

  // ref L187: 9:00 am–11:00 pm
  it.each([
    ['08:59:00', true],
    ['09:00:00', false],
    ['22:59:00', false],
    ['23:00:00', true],
  ])('hours: %s outside = %s', (time, outside) => expect(has(au('CA-ON', [flower(1000)], { at: novAt('CA-ON', time) }), 'OUTSIDE_SALE_HOURS')).toBe(outside));

  // ref L122, L143: HST 13% at retail; excise duty embedded in the price, not a register line
  it('tax basket: HST 13% × $140 = $18.20, nothing else', () => {
    const r = au('CA-ON', BASKET);
    expect(taxMap(r)).toEqual({ ON_HST: 1820 });
    expect(r.totalCents).toBe(15820);
  });

  // ref L78: per purchase ("at one time")
  it('per purchase: an earlier purchase today does not count', () =>
    expect(overLimit(au('CA-ON', [flower(30000)], { history: [history('2025-11-15T10:00:00-05:00', [flower(30000)])] }))).toBe(false));

  // ref L187: 9:00 am–11:00 pm, daylight time included
  it.each([
    ['2025-07-15T08:59:59-04:00', true],
    ['2025-07-15T09:00:00-04:00', false],
    ['2025-07-15T22:59:59-04:00', false],
    ['2025-07-15T23:00:00-04:00', true],
  ])('hours in daylight time: %s outside = %s', (at, outside) => expect(has(au('CA-ON', [flower(1000)], { at }), 'OUTSIDE_SALE_HOURS')).toBe(outside));
});

describe('every jurisdiction answers the reference dates in its own timezone', () => {
  it.each(['US-CA', 'US-CO', 'US-WA', 'US-OR', 'US-MI', 'US-IL', 'US-MA', 'US-NV', 'US-AZ', 'US-NY', 'US-NJ', 'US-MD', 'US-MO', 'US-OH', 'CA-ON'])('%s', (j) => {
    expect(au(j, [flower(1000)]).context.localDate).toBe(DAY);
  });
});
