// Third independent pass over /work/shared/reference/regulations.md (the "reference"): boundary cases
// the two earlier case files leave out. The reference was read first and the list of points written
// from it alone; only then were the earlier case files read, to drop duplicates. The focus is on
// effective-date transitions to the second, medical vs adult-use differences, mixed baskets where
// equivalencies add up across categories, calendar-month and rolling windows, tax rounding, hours at
// the edges and the states without delivery or state hours.
//
// Every case cites the reference line it rests on (`ref L<n>`). Where the reference marks a point
// unsure or conflicting, the case follows the reading recorded in packages/rules/README.md
// ("Decisions on conflicts and unsure readings") and says so (`README`).
//
// Units (ref L16): 1 oz = 28,349.5 mg unless the rule states grams (CA 28.5 g; NJ and NV 28.35 g).
// Fluid ounces are counted at 1 g/ml (README, US-WA and US-MI). Tax arithmetic: each tax line over the
// whole transaction, rounded half-up to the cent once (ref L262).
//
// The sale instant is 2025-11-15 14:00 store-local unless a case says otherwise.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.ts';
import { RulesError } from '../errors.ts';
import type { EvaluateRequest, RequestLine } from '../request-schema.ts';
import type { EvaluateResponse } from '../response-schema.ts';
import { CASE_DAY, daysBefore, localInstant } from '../testing/fixtures.ts';

// ---- helpers --------------------------------------------------------------------------------

const TODAY = CASE_DAY;
const at = localInstant;

type Customer = EvaluateRequest['customer'];

const adult = (j: string, birthDate = '1980-01-01'): Customer => ({ kind: 'adult_use', birthDate, idJurisdiction: j });

function patient(j: string, birthDate = '1980-01-01', card: Partial<NonNullable<Customer['medicalCard']>> = {}): Customer {
  return { kind: 'medical', birthDate, idJurisdiction: j, medicalCard: { number: 'CARD-3', jurisdiction: j, expiresOn: '2030-12-31', ...card } };
}

function sale(j: string, lines: RequestLine[], extra: Partial<EvaluateRequest> = {}): EvaluateResponse {
  return evaluate({ jurisdiction: j, at: at(j), channel: 'in_store', customer: adult(j), ...extra, lines });
}

const bought = (j: string, date: string, lines: RequestLine[], time = '12:00:00') => ({ at: at(j, date, time), lines });

let skuSeq = 0;
const sku = (p: string) => `${p}-${++skuSeq}`;

/** One line of flower of `mg` net weight. */
const flower = (mg: number, thcPercent = 20, priceCents = 1000): RequestLine => ({
  sku: sku('FL'),
  category: 'flower',
  quantity: 1,
  unitPriceCents: priceCents,
  netWeightMg: mg,
  thcMg: Math.round(mg * thcPercent) / 100,
  thcPercent,
});

/** One line of concentrate of `mg` net weight with `thcMg` THC in it (default 80%). */
const conc = (mg: number, thcMg = (mg * 8) / 10, category: 'concentrate' | 'vape' = 'concentrate'): RequestLine => ({
  sku: sku('CO'),
  category,
  quantity: 1,
  unitPriceCents: 3000,
  netWeightMg: mg,
  thcMg,
  thcPercent: Math.min(100, (thcMg / mg) * 100),
});

/** `total` mg THC of edibles as 100 mg packages (10 mg servings) plus one smaller package. */
function edibles(total: number, netWeightMg = 50000): RequestLine[] {
  const out: RequestLine[] = [];
  const packs = Math.floor(total / 100);
  const rest = total - packs * 100;
  if (packs > 0) out.push({ sku: sku('ED'), category: 'edible', quantity: packs, unitPriceCents: 2000, netWeightMg, thcMg: 100, thcMgPerServing: 10 });
  if (rest > 0) out.push({ sku: sku('ED'), category: 'edible', quantity: 1, unitPriceCents: 2000, netWeightMg, thcMg: rest, thcMgPerServing: Math.min(10, rest) });
  return out;
}

const one = (partial: Partial<RequestLine> & Pick<RequestLine, 'category'>): RequestLine => ({ sku: sku('ONE'), quantity: 1, unitPriceCents: 1000, ...partial });

/** A $100.00 flower (3.5 g, 20%). */
const hundredFlower = (priceCents = 10000) => one({ category: 'flower', unitPriceCents: priceCents, netWeightMg: 3500, thcMg: 700, thcPercent: 20 });

function allowed(r: EvaluateResponse): void {
  expect(r.violations.map((v) => `${v.code} ${v.rule}: ${v.message}`)).toEqual([]);
  expect(r.allowed).toBe(true);
}

function refused(r: EvaluateResponse, code: string): void {
  expect(r.allowed).toBe(false);
  expect(r.violations.map((v) => v.code)).toContain(code);
}

const withinLimits = (r: EvaluateResponse) => expect(r.violations.filter((v) => v.code === 'PURCHASE_LIMIT').map((v) => v.message)).toEqual([]);
const overLimit = (r: EvaluateResponse) => refused(r, 'PURCHASE_LIMIT');
const notPermitted = (r: EvaluateResponse) => refused(r, 'PRODUCT_NOT_PERMITTED');
const hasCode = (r: EvaluateResponse, code: string) => r.violations.some((v) => v.code === code);

/** Sum of the tax lines charged at `rate`. */
const taxAt = (r: EvaluateResponse, rate: number) => r.taxes.filter((t) => Math.abs(t.rate - rate) < 1e-9).reduce((s, t) => s + t.amountCents, 0);

/** Tax and total of the transaction, in cents. */
const money = (r: EvaluateResponse) => ({ tax: r.taxCents, total: r.totalCents });

function errorOf(fn: () => unknown): RulesError {
  try {
    fn();
  } catch (e) {
    return e as RulesError;
  }
  throw new Error('expected a RulesError');
}

// ---- California -----------------------------------------------------------------------------

describe('US-CA (third pass)', () => {
  const J = 'US-CA';

  it('excise 15% → 19% at 00:00 Pacific on 2025-07-01: $100 at 06-30 23:59:59 → $15.00 + 7.25% × $115 = $8.34; at 07-01 00:00:00 → $19.00 + 7.25% × $119 = $8.6275 → $8.63 (ref L25, L108)', () => {
    const before = sale(J, [hundredFlower()], { at: at(J, '2025-06-30', '23:59:59') });
    expect(taxAt(before, 0.15)).toBe(1500);
    expect(money(before)).toEqual({ tax: 2334, total: 12334 });
    const after = sale(J, [hundredFlower()], { at: at(J, '2025-07-01', '00:00:00') });
    expect(taxAt(after, 0.19)).toBe(1900);
    expect(money(after)).toEqual({ tax: 2763, total: 12763 });
  });

  it('AB 564 returns the excise to 15% at 00:00 on 2025-10-01: 09-30 23:59:59 → $19.00; 10-01 00:00:00 → $15.00 (ref L25, L26)', () => {
    expect(taxAt(sale(J, [hundredFlower()], { at: at(J, '2025-09-30', '23:59:59') }), 0.19)).toBe(1900);
    const r = sale(J, [hundredFlower()], { at: at(J, '2025-10-01', '00:00:00') });
    expect(taxAt(r, 0.15)).toBe(1500);
    expect(taxAt(r, 0.19)).toBe(0);
  });

  it('the 15% runs to 2028-06-30; no excise rate is known after it, so no pack answers 2028-07-01 (ref L26; README US-CA)', () => {
    expect(taxAt(sale(J, [hundredFlower()], { at: at(J, '2028-06-30', '21:00:00') }), 0.15)).toBe(1500);
    expect(errorOf(() => sale(J, [hundredFlower()], { at: at(J, '2028-07-01', '09:00:00') })).code).toBe('NO_PACK_IN_EFFECT');
  });

  it('the retailer collects the excise from 2023-01-01: $100 on 2023-01-01 → $15.00 excise line (ref L108)', () => {
    const r = sale(J, [hundredFlower()], { at: at(J, '2023-01-01', '10:00:00') });
    expect(taxAt(r, 0.15)).toBe(1500);
  });

  it('medical with MMIC in the 19% quarter: excise 19% × $100 = $19.00, no sales tax (ref L25, L108)', () => {
    const r = sale(J, [hundredFlower()], { at: at(J, '2025-08-15'), customer: patient(J) });
    allowed(r);
    expect(money(r)).toEqual({ tax: 1900, total: 11900 });
  });

  it('the MMIC is valid through its expiry day: expiring today → sales-tax exempt ($15.00 only); expired yesterday → card invalid (ref L108)', () => {
    const today = sale(J, [hundredFlower()], { customer: patient(J, '1980-01-01', { expiresOn: TODAY }) });
    allowed(today);
    expect(money(today)).toEqual({ tax: 1500, total: 11500 });
    refused(sale(J, [hundredFlower()], { customer: patient(J, '1980-01-01', { expiresOn: daysBefore(1) }) }), 'MEDICAL_CARD_INVALID');
  });

  it('edibles count toward the 8 g concentrate, 1 mg THC = 1 mg (README): 7,000 mg concentrate + 10 × 100 mg edibles = 8,000 passes; + a 1 mg edible fails (ref L64, L252)', () => {
    withinLimits(sale(J, [conc(7000), ...edibles(1000)]));
    overLimit(sale(J, [conc(7000), ...edibles(1001)]));
  });

  it('beverages, tinctures, capsules and topicals all count by THC: 4,000 mg concentrate + 1,000 mg each of four = 8,000 passes; + 1 mg beverage fails (ref L64; README)', () => {
    const cart = (extraBev: number) => [
      conc(4000),
      one({ category: 'beverage', quantity: 10, netWeightMg: 355000, thcMg: 100, thcMgPerServing: 10 }),
      ...(extraBev ? [one({ category: 'beverage', netWeightMg: 355000, thcMg: extraBev, thcMgPerServing: extraBev })] : []),
      one({ category: 'tincture', netWeightMg: 30000, thcMg: 1000, thcMgPerServing: 10 }),
      one({ category: 'capsule', netWeightMg: 20000, thcMg: 1000, thcMgPerServing: 10 }),
      one({ category: 'topical', netWeightMg: 50000, thcMg: 1000 }),
    ];
    withinLimits(sale(J, cart(0)));
    overLimit(sale(J, cart(1)));
  });

  it('infused pre-rolls count toward the concentrate by THC, not toward the 28.5 g: 28,500 mg flower + 7,700 mg concentrate + 1 g infused pre-roll of 300 mg THC passes; 301 mg fails (ref L64)', () => {
    const ipr = (thcMg: number) => one({ category: 'infused_pre_roll', netWeightMg: 1000, thcMg, thcPercent: thcMg / 10 });
    withinLimits(sale(J, [flower(28500), conc(7700), ipr(300)]));
    overLimit(sale(J, [flower(28500), conc(7700), ipr(301)]));
  });

  it('adult-use and medical limits cannot be stacked: 28.5 g bought earlier today counts against the patient’s 8 oz: 28,500 + 197,500 = 226,000 passes; 28,500 + 199,501 = 228,001 fails under either ounce (ref L64, L87)', () => {
    const history = [bought(J, TODAY, [flower(28500)], '09:00:00')];
    withinLimits(sale(J, [flower(197500)], { customer: patient(J), history }));
    overLimit(sale(J, [flower(199501)], { customer: patient(J), history }));
  });

  it('medicinal non-edible packages up to 2,000 mg (README): a 2,000 mg tincture sells to a patient, 2,001 mg is refused (ref L235)', () => {
    const tincture = (thcMg: number) => one({ category: 'tincture', netWeightMg: 60000, thcMg, thcMgPerServing: 10 });
    allowed(sale(J, [tincture(2000)], { customer: patient(J) }));
    notPermitted(sale(J, [tincture(2001)], { customer: patient(J) }));
  });

  it('a passed-through local cannabis tax joins the excise base, and the sales base is price + excise (README): $100 + 3% = $3.00; excise 15% × $103 = $15.45; 7.25% × $115.45 = $8.370 → $8.37 (ref L108)', () => {
    const r = sale(J, [hundredFlower()], { store: { localCannabisTaxRate: 0.03 } });
    expect(taxAt(r, 0.03)).toBe(300);
    expect(taxAt(r, 0.15)).toBe(1545);
    expect(taxAt(r, 0.0725)).toBe(837);
    expect(money(r)).toEqual({ tax: 2682, total: 12682 });
  });

  it('an accessory alone pays sales tax only, half-up: 7.25% × $10.00 = $0.725 → $0.73, no excise (ref L108, L262)', () => {
    const r = sale(J, [one({ category: 'accessory', unitPriceCents: 1000 })]);
    expect(taxAt(r, 0.15)).toBe(0);
    expect(money(r)).toEqual({ tax: 73, total: 1073 });
  });

  it('delivery value cap $5,000 (README, §15418 over $10,000): a $5,000.00 order delivers; $5,000.01 is refused (ref L152, L251)', () => {
    const d = { channel: 'delivery' as const, delivery: { addressType: 'residence' as const } };
    allowed(sale(J, [hundredFlower(500000)], d));
    refused(sale(J, [hundredFlower(500001)], d), 'DELIVERY_NOT_ALLOWED');
  });

  it('delivery goes to any physical address other than the excluded places: a business address is accepted (ref L152)', () => {
    allowed(sale(J, [flower(3500)], { channel: 'delivery', delivery: { addressType: 'business' } }));
  });
});

// ---- Colorado -------------------------------------------------------------------------------

describe('US-CO (third pass)', () => {
  const J = 'US-CO';

  it('adult-use: 15% + local sales tax + local special marijuana tax, no 2.9%: $100 with local 4% and 3% → $15.00 + $4.00 + $3.00 (ref L109, L130)', () => {
    const r = sale(J, [hundredFlower()], { store: { localSalesTaxRate: 0.04, localCannabisTaxRate: 0.03 } });
    expect(taxAt(r, 0.15)).toBe(1500);
    expect(taxAt(r, 0.029)).toBe(0);
    expect(money(r)).toEqual({ tax: 2200, total: 12200 });
  });

  it('four categories at ¼ each sum to the ounce: 7 g flower + 2 g concentrate + 200 mg edible + 200 mg tincture passes; tincture 201 mg fails (ref L65)', () => {
    const tincture = (thcMg: number) => one({ category: 'tincture', netWeightMg: 30000, thcMg, thcMgPerServing: 10 });
    withinLimits(sale(J, [flower(7000), conc(2000), ...edibles(200), tincture(200)]));
    overLimit(sale(J, [flower(7000), conc(2000), ...edibles(200), tincture(201)]));
  });

  it('infused pre-rolls count by THC (README): 6 g concentrate (¾) + infused pre-roll of 200 mg THC (¼) passes; 201 mg fails (ref L65)', () => {
    const ipr = (thcMg: number) => one({ category: 'infused_pre_roll', netWeightMg: 1000, thcMg, thcPercent: thcMg / 10 });
    withinLimits(sale(J, [conc(6000), ipr(200)]));
    overLimit(sale(J, [conc(6000), ipr(201)]));
  });

  it('medical flower 2 oz a day (unsure, README): 56,000 mg passes and 56,700 mg fails under 28 g or 28.3495 g ounces (ref L88, L259)', () => {
    withinLimits(sale(J, [flower(56000)], { customer: patient(J) }));
    overLimit(sale(J, [flower(56700)], { customer: patient(J) }));
  });

  it('medical flower and concentrate are separate daily amounts: 56,000 mg flower + 8 g concentrate pass together (ref L88)', () => {
    withinLimits(sale(J, [flower(56000), conc(8000)], { customer: patient(J) }));
  });

  it('a patient aged 18–20: vape oil is concentrate under the 2 g a day: 2 × 1 g vapes pass, + 1 mg fails (ref L88)', () => {
    const young = patient(J, '2005-06-01');
    withinLimits(sale(J, [conc(1000, 800, 'vape'), conc(1000, 800, 'vape')], { customer: young }));
    overLimit(sale(J, [conc(1000, 800, 'vape'), conc(1001, 800, 'vape')], { customer: young }));
  });

  it('medical day window: 42,000 mg earlier today + 14,000 mg = 56,000 passes; + 14,700 mg = 56,700 fails (2 oz is 56,000 mg under 28 g, 56,699 under 28.3495 g) (ref L88)', () => {
    const history = [bought(J, TODAY, [flower(42000)], '09:00:00')];
    withinLimits(sale(J, [flower(14000)], { customer: patient(J), history }));
    overLimit(sale(J, [flower(14700)], { customer: patient(J), history }));
  });
});

// ---- Washington -----------------------------------------------------------------------------

describe('US-WA (third pass)', () => {
  const J = 'US-WA';

  it('medical 216 oz liquid: 6,100,000 mg passes (< 6,123,492 weight-oz and < 6,387,882 fl oz at 1 g/ml); 6,400,000 mg fails under both (ref L89)', () => {
    const bottles = (n: number, mg: number) => one({ category: 'beverage', quantity: n, netWeightMg: mg, thcMg: 50, thcMgPerServing: 5 });
    withinLimits(sale(J, [bottles(61, 100000)], { customer: patient(J) }));
    overLimit(sale(J, [bottles(64, 100000)], { customer: patient(J) }));
  });

  it('patients are not held to the adult-use 10 mg serving / 100 mg package caps (README): a 200 mg package of 20 mg servings sells to a patient, not to an adult (ref L237)', () => {
    const big = one({ category: 'edible', netWeightMg: 50000, thcMg: 200, thcMgPerServing: 20 });
    allowed(sale(J, [big], { customer: patient(J) }));
    notPermitted(sale(J, [big]));
  });

  it('the patient exemptions do not reach accessories: $10.00 accessory → 6.5% = $0.65 for a patient too (ref L110, L131)', () => {
    const r = sale(J, [one({ category: 'accessory', unitPriceCents: 1000 })], { customer: patient(J) });
    expect(money(r)).toEqual({ tax: 65, total: 1065 });
  });

  it('the patient excise exemption starts at 00:00 on 2024-06-06: $137.00 shelf at 06-05 23:59:59 → pays $137.00 (excise $37.00 inside, no sales tax); at 06-06 00:00:00 → pays $100.00 (ref L29, L110)', () => {
    const shelf = () => [one({ category: 'flower', unitPriceCents: 13700, netWeightMg: 3500, thcMg: 700, thcPercent: 20 })];
    const before = sale(J, shelf(), { customer: patient(J), at: at(J, '2024-06-05', '23:59:59') });
    expect(before.totalCents).toBe(13700);
    expect(taxAt(before, 0.37)).toBe(3700);
    expect(taxAt(before, 0.065)).toBe(0);
    const after = sale(J, shelf(), { customer: patient(J), at: at(J, '2024-06-06', '00:00:00') });
    expect(after.totalCents).toBe(10000);
    expect(after.taxCents).toBe(0);
  });

  it('the patient exemptions need a recognition card: a patient with only a practitioner’s authorization (kind "recommendation") pays the 37% inside the $137.00 and 6.5% × $100 = $6.50 (ref L29, L110)', () => {
    const shelf = [one({ category: 'flower', unitPriceCents: 13700, netWeightMg: 3500, thcMg: 700, thcPercent: 20 })];
    const r = sale(J, shelf, { customer: patient(J, '1980-01-01', { kind: 'recommendation' }) });
    expect(taxAt(r, 0.37)).toBe(3700);
    expect(taxAt(r, 0.065)).toBe(650);
    expect(r.totalCents).toBe(14350);
    const card = sale(J, shelf, { customer: patient(J) });
    expect(card.totalCents).toBe(10000);
  });

  it('no delivery, but a pickup order is an ordinary in-store sale: pickup allowed (ref L154)', () => {
    allowed(sale(J, [flower(3500)], { channel: 'pickup' }));
  });
});

// ---- Oregon ---------------------------------------------------------------------------------

describe('US-OR (third pass)', () => {
  const J = 'US-OR';
  const EIGHT_OZ = 226796; // 8 × 28,349.5

  it('medical 8 oz usable a day (unsure, README): 226,796 mg passes, 226,797 mg fails (ref L90)', () => {
    withinLimits(sale(J, [flower(EIGHT_OZ)], { customer: patient(J) }));
    overLimit(sale(J, [flower(EIGHT_OZ + 1)], { customer: patient(J) }));
  });

  it('medical 32 oz a calendar month (README): 8 oz on each of Nov 1–3 + 8 oz today = 907,184 mg passes, 8 oz bought on Oct 31 not counted (ref L90)', () => {
    const history = ['2025-10-31', '2025-11-01', '2025-11-02', '2025-11-03'].map((d) => bought(J, d, [flower(EIGHT_OZ)]));
    withinLimits(sale(J, [flower(EIGHT_OZ)], { customer: patient(J), history }));
  });

  it('medical 32 oz a calendar month: 8 oz on each of Nov 1–4 uses it up; 1 mg more today fails (ref L90)', () => {
    const history = ['2025-11-01', '2025-11-02', '2025-11-03', '2025-11-04'].map((d) => bought(J, d, [flower(EIGHT_OZ)]));
    overLimit(sale(J, [flower(1)], { customer: patient(J), history }));
  });

  it('delivery handed over only 7:00 am–10:00 pm: 21:59:59 allowed, 22:00:00 and 06:59:59 refused (ref L155, L177)', () => {
    const deliver = (date: string, time: string, orderedDate: string, orderedTime: string) =>
      sale(J, [flower(3500)], {
        channel: 'delivery',
        at: at(J, orderedDate, orderedTime),
        delivery: { addressType: 'residence', orderedAt: at(J, orderedDate, orderedTime), deliverAt: at(J, date, time) },
      });
    allowed(deliver(TODAY, '21:59:59', TODAY, '19:00:00'));
    refused(deliver(TODAY, '22:00:00', TODAY, '19:00:00'), 'OUTSIDE_SALE_HOURS');
    refused(deliver('2025-11-16', '06:59:59', TODAY, '19:00:00'), 'OUTSIDE_SALE_HOURS');
  });

  it('the exemption is for registry cardholders: a physician letter alone (kind "recommendation") pays 17% + 3% on $100 = $20.00; a registry card pays $0 (ref L111)', () => {
    const letter = sale(J, [hundredFlower()], { customer: patient(J, '1980-01-01', { kind: 'recommendation' }), store: { localCannabisTaxRate: 0.03 } });
    expect(money(letter)).toEqual({ tax: 2000, total: 12000 });
    const card = sale(J, [hundredFlower()], { customer: patient(J), store: { localCannabisTaxRate: 0.03 } });
    expect(money(card)).toEqual({ tax: 0, total: 10000 });
  });

  it('17% + local 3% half-up: $1.50 → 25.5¢ → 26¢ and 4.5¢ → 5¢ (ref L111, L262)', () => {
    const r = sale(J, [one({ category: 'flower', unitPriceCents: 150, netWeightMg: 1000, thcMg: 200, thcPercent: 20 })], { store: { localCannabisTaxRate: 0.03 } });
    expect(taxAt(r, 0.17)).toBe(26);
    expect(taxAt(r, 0.03)).toBe(5);
    expect(money(r)).toEqual({ tax: 31, total: 181 });
  });
});

// ---- Michigan -------------------------------------------------------------------------------

describe('US-MI (third pass)', () => {
  const J = 'US-MI';
  const LIQUID_OZ = 1064646; // 36 fl oz at 1 g/ml (README) = 1 oz usable

  it('36 fl oz liquid = 1 oz: 2.5 × 1,064,646 = 2,661,615 mg of beverages passes; 2,661,616 mg fails (ref L68)', () => {
    const bev = (mg: number) => one({ category: 'beverage', netWeightMg: mg, thcMg: 100, thcMgPerServing: 10 });
    withinLimits(sale(J, [bev(2 * LIQUID_OZ), bev(2661615 - 2 * LIQUID_OZ)]));
    overLimit(sale(J, [bev(2 * LIQUID_OZ), bev(2661616 - 2 * LIQUID_OZ)]));
  });

  it('every form sums to 2.5 oz: 8 oz solid (14,174.75) + 18 fl oz liquid (14,174.75) + 15 g concentrate + 27,524 mg flower = 70,873.5 ≤ 70,873.75 passes; 27,525 mg flower fails (ref L68)', () => {
    const cart = (flowerMg: number) => [
      one({ category: 'edible', quantity: 4, netWeightMg: 56699, thcMg: 100, thcMgPerServing: 10 }),
      one({ category: 'beverage', netWeightMg: LIQUID_OZ / 2, thcMg: 100, thcMgPerServing: 10 }),
      conc(15000),
      flower(flowerMg),
    ];
    withinLimits(sale(J, cart(27524)));
    overLimit(sale(J, cart(27525)));
  });

  it('medical 10 oz a calendar month (README): 4 × 70,873 mg on Oct 28–31 is last month, so 2.5 oz today passes (ref L91)', () => {
    const history = ['2025-10-28', '2025-10-29', '2025-10-30', '2025-10-31'].map((d) => bought(J, d, [flower(70873)]));
    withinLimits(sale(J, [flower(70873)], { customer: patient(J), history }));
  });

  it('medical 10 oz a calendar month: 4 × 70,873 mg on Nov 1–4 = 283,492; 3 mg today = 283,495 passes, 4 mg fails (ref L91)', () => {
    const history = ['2025-11-01', '2025-11-02', '2025-11-03', '2025-11-04'].map((d) => bought(J, d, [flower(70873)]));
    withinLimits(sale(J, [flower(3)], { customer: patient(J), history }));
    overLimit(sale(J, [flower(4)], { customer: patient(J), history }));
  });

  it('an out-of-state patient buys as a patient: 6% sales tax, no excise: $100 → $6.00 (ref L45, L112)', () => {
    const r = sale(J, [hundredFlower()], { customer: patient(J, '1980-01-01', { jurisdiction: 'US-OH' }) });
    allowed(r);
    expect(taxAt(r, 0.1)).toBe(0);
    expect(money(r)).toEqual({ tax: 600, total: 10600 });
  });

  it('sales tax on price + excise, half-up: $12.50 → excise $1.25; 6% × $13.75 = $0.825 → $0.83 (ref L112, L262)', () => {
    const r = sale(J, [hundredFlower(1250)]);
    expect(taxAt(r, 0.1)).toBe(125);
    expect(taxAt(r, 0.06)).toBe(83);
  });
});

// ---- Illinois -------------------------------------------------------------------------------

describe('US-IL (third pass)', () => {
  const J = 'US-IL';

  it('adjusted THC exactly at 35%: 8.69% Δ9 + 0.877 × 30% THCA = 35.00% → 10% ($1.00 on $10); 8.70% → 35.01% → 25% ($2.50) (ref L113)', () => {
    const fl = (thcPercent: number) => sale(J, [one({ category: 'flower', unitPriceCents: 1000, netWeightMg: 3500, thcMg: 700, thcPercent, thcaPercent: 30 })]);
    expect(taxAt(fl(8.69), 0.1)).toBe(100);
    expect(taxAt(fl(8.69), 0.25)).toBe(0);
    expect(taxAt(fl(8.7), 0.25)).toBe(250);
  });

  it('infused products pay 20% whatever their form: beverage, capsule and topical $10 each → $2.00 each = $6.00 (ref L113)', () => {
    const r = sale(J, [
      one({ category: 'beverage', netWeightMg: 355000, thcMg: 10, thcMgPerServing: 10 }),
      one({ category: 'capsule', netWeightMg: 5000, thcMg: 50, thcMgPerServing: 5 }),
      one({ category: 'topical', netWeightMg: 50000, thcMg: 50 }),
    ]);
    expect(taxAt(r, 0.2)).toBe(600);
    expect(taxAt(r, 0.1) + taxAt(r, 0.25)).toBe(0);
  });

  it('concentrate above 35% is non-infused at 25%: $40 of 80% concentrate → $10.00 (ref L113)', () => {
    const r = sale(J, [{ ...conc(1000), unitPriceCents: 4000 }]);
    expect(taxAt(r, 0.25)).toBe(1000);
  });

  it('medical: only the 1% state ROT, even where the store has local sales and cannabis rates: $100 → $1.00 (ref L113, L134; README)', () => {
    const r = sale(J, [hundredFlower()], { customer: patient(J), store: { localSalesTaxRate: 0.0175, localCannabisTaxRate: 0.03 } });
    allowed(r);
    expect(money(r)).toEqual({ tax: 100, total: 10100 });
  });

  it('medical patient buying an accessory: not a qualifying product, 6.25% × $10.00 = $0.625 → $0.63 (ref L134, L262)', () => {
    const r = sale(J, [one({ category: 'accessory', unitPriceCents: 1000 })], { customer: patient(J) });
    expect(money(r)).toEqual({ tax: 63, total: 1063 });
  });

  it('medical 2.5 oz per 14 days counts concentrate weight with flower (README): 50 g flower 13 days ago + 20,873 mg concentrate passes; 20,874 mg fails (ref L92)', () => {
    const history = [bought(J, daysBefore(13), [flower(50000)])];
    withinLimits(sale(J, [conc(20873)], { customer: patient(J), history }));
    overLimit(sale(J, [conc(20874)], { customer: patient(J), history }));
  });

  it('non-residents: half limits per category, each at its own edge: 15 g + 2.5 g + 250 mg pass together; 2,501 mg concentrate fails (ref L69, L220)', () => {
    const visitor: Customer = { kind: 'adult_use', birthDate: '1980-01-01', idJurisdiction: 'US-WI' };
    withinLimits(sale(J, [flower(15000), conc(2500), ...edibles(250)], { customer: visitor }));
    overLimit(sale(J, [flower(15000), conc(2501), ...edibles(250)], { customer: visitor }));
  });
});

// ---- Massachusetts --------------------------------------------------------------------------

describe('US-MA (third pass)', () => {
  const J = 'US-MA';

  it('concentrate counts by active THC (README): 10 g of 50% concentrate = 5,000 mg THC passes; 5,001 mg THC fails (ref L70, L254)', () => {
    withinLimits(sale(J, [conc(10000, 5000)]));
    overLimit(sale(J, [conc(10000, 5001)]));
  });

  it('tinctures count as concentrate: ½ oz flower (14,174 mg) + tincture of 2,500 mg THC passes; 14,175 mg flower fails (ref L70)', () => {
    const tincture = one({ category: 'tincture', netWeightMg: 30000, thcMg: 2500, thcMgPerServing: 10 });
    withinLimits(sale(J, [flower(14174), tincture]));
    overLimit(sale(J, [flower(14175), tincture]));
  });

  it('four forms at ¼ each: 7,087 mg flower + 125 mg edibles + 1,250 mg THC concentrate + 1,250 mg THC tincture passes; 7,088 mg flower fails (¼ oz = 7,087.375) (ref L70)', () => {
    const cart = (mg: number) => [
      flower(mg),
      ...edibles(125),
      conc(2500, 1250),
      one({ category: 'tincture', netWeightMg: 30000, thcMg: 1250, thcMgPerServing: 10 }),
    ];
    withinLimits(sale(J, cart(7087)));
    overLimit(sale(J, cart(7088)));
  });

  it('medical 10 oz per 60 days uses the same equivalency (README): 50,000 mg THC in concentrate = 10 oz passes; 50,001 mg fails (ref L93)', () => {
    withinLimits(sale(J, [conc(100000, 50000)], { customer: patient(J) }));
    overLimit(sale(J, [conc(100000, 50001)], { customer: patient(J) }));
  });

  it('medical sales are exempt with a registration card: a certification letter alone (kind "recommendation") pays 10.75% + 6.25% on $100 = $17.00 (ref L114)', () => {
    const letter = sale(J, [hundredFlower()], { customer: patient(J, '1980-01-01', { kind: 'recommendation' }) });
    expect(money(letter)).toEqual({ tax: 1700, total: 11700 });
    expect(money(sale(J, [hundredFlower()], { customer: patient(J) }))).toEqual({ tax: 0, total: 10000 });
  });

  it('local option 3% is on the sales price too: $10.00 → 10.75% $1.075 → $1.08; 6.25% $0.625 → $0.63; 3% $0.30 = $2.01 (ref L114, L262)', () => {
    const r = sale(J, [hundredFlower(1000)], { store: { localCannabisTaxRate: 0.03 } });
    expect(taxAt(r, 0.1075)).toBe(108);
    expect(taxAt(r, 0.0625)).toBe(63);
    expect(taxAt(r, 0.03)).toBe(30);
    expect(money(r)).toEqual({ tax: 201, total: 1201 });
  });
});

// ---- Nevada ---------------------------------------------------------------------------------

describe('US-NV (third pass; 1 oz = 28.35 g, ref L16)', () => {
  const J = 'US-NV';

  it('SB 277 at 00:00 on 2024-01-01: 28,351 mg refused at 2023-12-31 23:59:59; 70,875 mg allowed at 2024-01-01 00:00:00 (ref L30)', () => {
    overLimit(sale(J, [flower(28351)], { at: at(J, '2023-12-31', '23:59:59') }));
    withinLimits(sale(J, [flower(28350), flower(28350), flower(14175)], { at: at(J, '2024-01-01', '00:00:00') }));
  });

  it('before 2024: products ≤3,543 mg THC (pre-2024 guide): 3,543 mg of edible THC passes on 2023-06-01, 3,544 mg fails (ref L71)', () => {
    const when = { at: at(J, '2023-06-01') };
    withinLimits(sale(J, edibles(3543), when));
    overLimit(sale(J, edibles(3544), when));
  });

  it('flower and concentrate share one equivalency (README): 35,437 mg flower + 3,543 mg concentrate (½ + ½) passes; 35,437 + 3,544 fails (ref L71, L258)', () => {
    withinLimits(sale(J, [flower(28350), flower(7087), conc(3543)]));
    overLimit(sale(J, [flower(28350), flower(7087), conc(3544)]));
  });

  it('product THC counts toward the ¼ oz as concentrate, mg for mg (README): 7,087 mg THC of edibles passes; 7,088 mg fails (ref L71)', () => {
    withinLimits(sale(J, edibles(7087)));
    overLimit(sale(J, edibles(7088)));
  });

  it('medical 2.5 oz per 14 days (unsure, README): 56,700 mg 13 days ago + 14,175 mg = 70,875 passes; 14,176 fails; the same 56,700 mg 14 days ago does not count (ref L94)', () => {
    const inside = [bought(J, daysBefore(13), [flower(28350), flower(28350)])];
    withinLimits(sale(J, [flower(14175)], { customer: patient(J), history: inside }));
    overLimit(sale(J, [flower(14176)], { customer: patient(J), history: inside }));
    const outside = [bought(J, daysBefore(14), [flower(28350), flower(28350)])];
    withinLimits(sale(J, [flower(28350), flower(28350), flower(14175)], { customer: patient(J), history: outside }));
  });

  it('the 10% exemption is for medical card holders: a physician letter alone (kind "recommendation") pays $10.00 + 6.85% on $100 (ref L115)', () => {
    const letter = sale(J, [hundredFlower()], { customer: patient(J, '1980-01-01', { kind: 'recommendation' }) });
    expect(money(letter)).toEqual({ tax: 1685, total: 11685 });
  });

  it('⅛ oz concentrate package cap (unsure, README): a 3,543 mg concentrate passes, 3,544 mg is refused (ref L240)', () => {
    allowed(sale(J, [conc(3543)]));
    notPermitted(sale(J, [conc(3544)]));
  });
});

// ---- Arizona --------------------------------------------------------------------------------

describe('US-AZ (third pass)', () => {
  const J = 'US-AZ';

  it('edible THC counts inside the 5 g concentrate sub-cap (README): 4,000 mg concentrate + 10 × 100 mg edibles passes; + 1 mg edible fails (ref L72)', () => {
    withinLimits(sale(J, [conc(4000), ...edibles(1000)]));
    overLimit(sale(J, [conc(4000), ...edibles(1001)]));
  });

  it('medical concentrate sub-cap 12.5 g (unsure, README): 12,500 mg passes, 12,501 mg fails (ref L95)', () => {
    withinLimits(sale(J, [conc(12500)], { customer: patient(J) }));
    overLimit(sale(J, [conc(12501)], { customer: patient(J) }));
  });

  it('medical 2.5 oz includes the concentrate weight: 58,373 mg flower + 12,500 mg concentrate = 70,873 passes; 58,374 fails (ref L95)', () => {
    withinLimits(sale(J, [flower(58373), conc(12500)], { customer: patient(J) }));
    overLimit(sale(J, [flower(58374), conc(12500)], { customer: patient(J) }));
  });

  it('MET and TPT half-up: $12.50 → MET 16% = $2.00; TPT 5.6% = $0.70; $3.13 → MET $0.5008 → $0.50, TPT $0.17528 → $0.18 (ref L116, L262)', () => {
    expect(money(sale(J, [hundredFlower(1250)]))).toEqual({ tax: 270, total: 1520 });
    const r = sale(J, [hundredFlower(313)]);
    expect(taxAt(r, 0.16)).toBe(50);
    expect(taxAt(r, 0.056)).toBe(18);
  });
});

// ---- New York -------------------------------------------------------------------------------

describe('US-NY (third pass)', () => {
  const J = 'US-NY';

  it('edibles count by THC toward the 24 g (README): 23 g concentrate + 10 × 100 mg edibles passes; + 1 mg edible fails (ref L73)', () => {
    withinLimits(sale(J, [conc(23000), ...edibles(1000)]));
    overLimit(sale(J, [conc(23000), ...edibles(1001)]));
  });

  it('9% + 4% half-up on the amount charged: $0.50 → 4.5¢ → 5¢ and 2¢ (ref L117, L262)', () => {
    const r = sale(J, [hundredFlower(50)]);
    expect(taxAt(r, 0.09)).toBe(5);
    expect(taxAt(r, 0.04)).toBe(2);
  });

  it('a medical patient pays no tax line on the 9% + 4% even with a store local rate (ref L117)', () => {
    const r = sale(J, [hundredFlower()], { customer: patient(J), store: { localCannabisTaxRate: 0.04 } });
    expect(r.taxes.filter((t) => t.amountCents > 0)).toEqual([]);
  });
});

// ---- New Jersey -----------------------------------------------------------------------------

describe('US-NJ (third pass; 1 oz = 28.35 g, ref L16)', () => {
  const J = 'US-NJ';

  it('three forms combined: 5,670 mg flower (0.2) + 1 g concentrate (0.2) + 600 mg ingestible (0.6) = 1 passes; + 1 mg ingestible fails (ref L74)', () => {
    withinLimits(sale(J, [flower(5670), conc(1000), ...edibles(600)]));
    overLimit(sale(J, [flower(5670), conc(1000), ...edibles(601)]));
  });

  it('a tincture is an ingestible (it counts in the 1,000 mg ingestible), so it comes in 100 mg packages too: 100 mg sells, 101 mg is refused (ref L74, L243)', () => {
    const tincture = (thcMg: number) => one({ category: 'tincture', netWeightMg: 30000, thcMg, thcMgPerServing: 10 });
    allowed(sale(J, [tincture(100)]));
    notPermitted(sale(J, [tincture(101)]));
  });

  it('tinctures count in the 1,000 mg ingestible: 900 mg edibles + 100 mg tincture passes; + 1 mg more edible fails (ref L74)', () => {
    const tincture = one({ category: 'tincture', netWeightMg: 30000, thcMg: 100, thcMgPerServing: 10 });
    withinLimits(sale(J, [...edibles(900), tincture]));
    overLimit(sale(J, [...edibles(901), tincture]));
  });

  it('medical: no sales tax and no municipal tax (README): $100 with a 2% municipal rate → $0.00 (ref L118)', () => {
    const r = sale(J, [hundredFlower()], { customer: patient(J), store: { localCannabisTaxRate: 0.02 } });
    allowed(r);
    expect(money(r)).toEqual({ tax: 0, total: 10000 });
  });

  it('the municipal tax is on cannabis only: flower $100 + accessory $15 → 2% × $100 = $2.00; 6.625% × $115 = $7.61875 → $7.62 (ref L118; README)', () => {
    const r = sale(J, [hundredFlower(), one({ category: 'accessory', unitPriceCents: 1500 })], { store: { localCannabisTaxRate: 0.02 } });
    expect(taxAt(r, 0.02)).toBe(200);
    expect(taxAt(r, 0.06625)).toBe(762);
  });

  it('medical 3 oz per 30 days with history: 56,700 mg 29 days ago: 28,348 mg more passes (3 oz = 85,048.5 or 85,050), 28,351 mg fails under either ounce (ref L97)', () => {
    const history = [bought(J, daysBefore(29), [flower(28350), flower(28350)])];
    withinLimits(sale(J, [flower(28348)], { customer: patient(J), history }));
    overLimit(sale(J, [flower(28351)], { customer: patient(J), history }));
  });
});

// ---- Maryland -------------------------------------------------------------------------------

describe('US-MD (third pass)', () => {
  const J = 'US-MD';

  it('one equivalency (unsure, README): ⅓ each: 14,174 mg flower + 4 g concentrate + 250 mg THC passes; 14,175 mg flower fails (⅓ of 1.5 oz = 14,174.75) (ref L75, L255)', () => {
    const cart = (mg: number) => [flower(mg), conc(1000), conc(1000), conc(1000), conc(1000), ...edibles(250)];
    withinLimits(sale(J, cart(14174)));
    overLimit(sale(J, cart(14175)));
  });

  it('9% → 12% at 00:00 on 2025-07-01: $33.33 at 06-30 23:59:59 → $2.9997 → $3.00; at 07-01 00:00:00 → $3.9996 → $4.00 (ref L27, L119)', () => {
    const before = sale(J, [hundredFlower(3333)], { at: at(J, '2025-06-30', '23:59:59') });
    expect(money(before)).toEqual({ tax: 300, total: 3633 });
    const after = sale(J, [hundredFlower(3333)], { at: at(J, '2025-07-01', '00:00:00') });
    expect(money(after)).toEqual({ tax: 400, total: 3733 });
  });

  it('medical exempt from the 12% too: $100 on 2025-11-15 → $0.00 (ref L119)', () => {
    expect(money(sale(J, [hundredFlower()], { customer: patient(J) }))).toEqual({ tax: 0, total: 10000 });
  });

  it('medical 36 g THC infused per 30 days with history: 30 g 29 days ago + 6,000 mg passes; 6,001 mg fails (ref L98)', () => {
    const history = [bought(J, daysBefore(29), edibles(30000))];
    withinLimits(sale(J, edibles(6000), { customer: patient(J), history }));
    overLimit(sale(J, edibles(6001), { customer: patient(J), history }));
  });
});

// ---- Missouri -------------------------------------------------------------------------------

describe('US-MO (third pass)', () => {
  const J = 'US-MO';

  it('adult-use rounding, both on the price (README): $33.33 → 6% $1.9998 → $2.00; 4.225% $1.4082 → $1.41 (ref L120, L141)', () => {
    const r = sale(J, [hundredFlower(3333)]);
    expect(taxAt(r, 0.06)).toBe(200);
    expect(taxAt(r, 0.04225)).toBe(141);
    expect(money(r)).toEqual({ tax: 341, total: 3674 });
  });

  it('medical rounding: $33.33 → 4% $1.3332 → $1.33; 4.225% → $1.41 (ref L120)', () => {
    const r = sale(J, [hundredFlower(3333)], { customer: patient(J) });
    expect(taxAt(r, 0.04)).toBe(133);
    expect(taxAt(r, 0.06)).toBe(0);
    expect(money(r)).toEqual({ tax: 274, total: 3607 });
  });

  it('medical 6 oz or equivalent with 800 mg THC = 1 oz: 4,800 mg THC of edibles passes; 4,801 mg fails (ref L76, L99)', () => {
    withinLimits(sale(J, edibles(4800), { customer: patient(J) }));
    overLimit(sale(J, edibles(4801), { customer: patient(J) }));
  });

  it('adult-use three forms summed to 3 oz: 1.5 oz flower (42,524 mg) + 8 g concentrate + 400 mg THC = 2.99998 oz passes; 42,525 mg fails (ref L76)', () => {
    withinLimits(sale(J, [flower(42524), conc(8000), ...edibles(400)]));
    overLimit(sale(J, [flower(42525), conc(8000), ...edibles(400)]));
  });
});

// ---- Ohio -----------------------------------------------------------------------------------

describe('US-OH (third pass)', () => {
  const J = 'US-OH';

  it('adult-use flower and non-flower tracked separately (README): 2.5 oz flower + 14,000 mg vape THC + 1,000 mg edibles pass together; 1 mg more edible fails (ref L31, L77, L261)', () => {
    const vapes = Array.from({ length: 14 }, () => conc(1000, 1000, 'vape'));
    withinLimits(sale(J, [flower(70873), ...vapes, ...edibles(1000)]));
    overLimit(sale(J, [flower(70873), ...vapes, ...edibles(1001)]));
  });

  it('2.5 oz from 00:00 on 2025-06-04: 28,350 mg refused at 06-03 23:59:59 (1 oz), 70,873 mg allowed at 06-04 00:00:00 (ref L31)', () => {
    overLimit(sale(J, [flower(28350)], { at: at(J, '2025-06-03', '23:59:59') }));
    withinLimits(sale(J, [flower(70873)], { at: at(J, '2025-06-04', '00:00:00') }));
  });

  it('pre-rolls are flower under the 2.5 oz: 67,373 mg flower + 3.5 g pre-roll = 70,873 passes; 3,501 mg fails (ref L77)', () => {
    const pr = (mg: number) => one({ category: 'pre_roll', netWeightMg: mg, thcMg: mg / 5, thcPercent: 20 });
    withinLimits(sale(J, [flower(67373), pr(3500)]));
    overLimit(sale(J, [flower(67373), pr(3501)]));
  });

  it('medical forms aggregate: ½ tier II flower (75,126 of 150,252.35 mg) + ½ vape oil (26,550 of 53,100 mg THC) passes; 75,127 mg fails (ref L100)', () => {
    const vapes = (total: number) => [conc(30000, total - 20000, 'vape'), conc(20000, 20000, 'vape')];
    withinLimits(sale(J, [flower(75126, 30), ...vapes(26550)], { customer: patient(J) }));
    overLimit(sale(J, [flower(75127, 30), ...vapes(26550)], { customer: patient(J) }));
  });

  it('SB 56 potency caps from 2026-03-19 (README): 36% flower sells on 2026-03-18, refused on 2026-03-19 (ref L32, L244)', () => {
    const strong = () => [flower(3500, 36)];
    expect(hasCode(sale(J, strong(), { at: at(J, '2026-03-18') }), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    notPermitted(sale(J, strong(), { at: at(J, '2026-03-19') }));
  });

  it('SB 56 edges: flower at exactly 35% and concentrate at exactly 70% sell; a vape at 70.01% is an extract above 70% (ref L32, L244)', () => {
    const when = { at: at(J, '2026-06-01') };
    allowed(sale(J, [flower(3500, 35)], when));
    allowed(sale(J, [{ ...conc(1000, 700), thcPercent: 70 }], when));
    notPermitted(sale(J, [{ ...conc(1000, 700.1, 'vape'), thcPercent: 70.01 }], when));
  });

  it('medical pays sales tax with the county rate, no excise, half-up: $33.33 → 5.75% $1.916 → $1.92; county 1.75% $0.583 → $0.58 (ref L121, L142)', () => {
    const r = sale(J, [hundredFlower(3333)], { customer: patient(J), store: { localSalesTaxRate: 0.0175 } });
    expect(taxAt(r, 0.1)).toBe(0);
    expect(money(r)).toEqual({ tax: 250, total: 3583 });
  });
});

// ---- Ontario --------------------------------------------------------------------------------

describe('CA-ON (third pass)', () => {
  const J = 'CA-ON';

  it('edibles ≤10 mg THC a package (README reading of the federal cap): 10 mg sells, 10.01 mg is refused (ref L245)', () => {
    allowed(sale(J, [one({ category: 'edible', netWeightMg: 10000, thcMg: 10, thcMgPerServing: 10 })]));
    notPermitted(sale(J, [one({ category: 'edible', netWeightMg: 10000, thcMg: 10.01, thcMgPerServing: 10.01 })]));
  });

  it('liquid, seeds and dried summed: 10 g dried + 700 g beverage (10 g) + 10 seeds (10 g) = 30 g passes; 1 mg more beverage fails (ref L78)', () => {
    const seeds = one({ category: 'seed', quantity: 10, netWeightMg: 20, thcMg: 0 });
    const bev = (mg: number) => one({ category: 'beverage', netWeightMg: mg, thcMg: 5, thcMgPerServing: 5 });
    withinLimits(sale(J, [flower(10000), bev(700000), seeds]));
    overLimit(sale(J, [flower(10000), bev(700001), seeds]));
  });

  it('HST half-up: $0.50 → 13% = 6.5¢ → 7¢ (ref L122, L143, L262)', () => {
    expect(money(sale(J, [hundredFlower(50)]))).toEqual({ tax: 7, total: 57 });
  });
});

// ---- across jurisdictions -------------------------------------------------------------------

describe('across jurisdictions (third pass)', () => {
  it.each(['US-MI', 'US-MA', 'US-NV', 'US-AZ', 'US-NJ', 'US-MD', 'US-MO', 'US-OH'])(
    '%s has no confirmed state hours: a 03:00 sale is not refused for hours (ref L260; README)',
    (j) => {
      expect(hasCode(sale(j, [flower(1000)], { at: at(j, TODAY, '03:00:00') }), 'OUTSIDE_SALE_HOURS')).toBe(false);
    },
  );

  it.each(['US-WA', 'US-IL', 'US-AZ', 'US-OH', 'CA-ON'])('%s: no storefront delivery for adult-use customers (ref L154, L157, L160, L165, L166; README)', (j) => {
    refused(sale(j, [flower(1000)], { channel: 'delivery', delivery: { addressType: 'residence' } }), 'DELIVERY_NOT_ALLOWED');
  });

  it.each(['US-WA', 'US-IL', 'US-AZ', 'US-OH'])('%s: no delivery for medical patients either (ref L154, L157, L160, L165; README)', (j) => {
    refused(sale(j, [flower(1000)], { channel: 'delivery', customer: patient(j), delivery: { addressType: 'residence' } }), 'DELIVERY_NOT_ALLOWED');
  });
});

// ---- who is a patient: a registry card, or (California, Massachusetts) a practitioner's word ----

describe('medical programs: the card a patient must hold', () => {
  const REGISTERED: Array<[string, number]> = [
    ['US-CO', 42], ['US-WA', 43], ['US-OR', 44], ['US-MI', 45], ['US-IL', 46], ['US-NV', 48], ['US-AZ', 49],
    ['US-NY', 50], ['US-NJ', 51], ['US-MD', 52], ['US-MO', 53], ['US-OH', 54],
  ];
  for (const [j, line] of REGISTERED) {
    it(`${j}: registered patients buy as patients; a practitioner's recommendation alone is no medical card (MEDICAL_CARD_INVALID) (ref L${line})`, () => {
      allowed(sale(j, [flower(1000)], { customer: patient(j) }));
      refused(sale(j, [flower(1000)], { customer: patient(j, '1980-01-01', { kind: 'recommendation' }) }), 'MEDICAL_CARD_INVALID');
    });
  }

  it('US-CA: a patient 18+ with a valid physician recommendation buys under the medical 8 oz (ref L41, L87)', () => {
    const r = sale('US-CA', [flower(100_000)], { customer: patient('US-CA', '2000-01-01', { kind: 'recommendation' }) });
    allowed(r);
  });

  it('US-MA: registered patients, and certifications accepted: a certification-only patient buys as a patient (ref L47)', () => {
    allowed(sale('US-MA', [flower(100_000)], { customer: patient('US-MA', '1980-01-01', { kind: 'recommendation' }) }));
  });
});
