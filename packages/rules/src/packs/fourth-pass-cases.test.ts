// Fourth independent pass over /work/shared/reference/regulations.md (the "reference"). The list of
// figures was written from the reference alone; the three earlier case files were then read to find
// what they cover least: realistic tax baskets worked to the cent (discounts, several taxes stacking,
// local rates, exemptions, transaction-level rounding where per-line rounding would differ), rule
// changes at store-local midnight given as UTC instants, sale-hour edges in UTC and in a store whose
// timezone is not the pack's, delivery (cut-offs, hand-over, address kinds, vehicle loads exactly at
// their caps) and equivalency arithmetic for mixed, multi-unit baskets exactly at a limit.
//
// Every case cites the reference line it rests on (`ref L<n>`). Where the reference is unsure or
// conflicting, the case follows the reading recorded in packages/rules/README.md ("Decisions on
// conflicts and unsure readings") and says so (`README`).
//
// Units (ref L16): 1 oz = 28,349.5 mg unless the rule states grams (CA 28.5 g; NJ and NV 28.35 g);
// Colorado's equivalency is written with 28 g (ref L65). Tax arithmetic (ref L262): each tax line over
// the whole transaction, rounded half-up to the cent once; a store's local sales rate rides on the
// state line as one rate (Ohio's published example, ref L121: "7.5% × $100" for 5.75% + county).
//
// Judgement calls made here (the reference leaves them open):
// - Washington's serving/package caps (L237 names no form) are read as holding for every infused
//   product taken by mouth (capsules and tinctures too, the forms L66 counts as infused); the pack
//   held only edibles and beverages to them and was changed.
// - A "change date" (listJurisdictions) is the first day a new value holds, and a tax exemption that
//   starts or ends is a change (WA 2024-06-06 / 2029-07-01, OR 2028-01-01); the engine reported the
//   last day of the old value and left exemptions out, and was changed.
// - Local hours are the store's override of the pack's window (CO "localities set narrower hours",
//   NY "unless municipality allows"); the engine does not intersect them with the state window.
//
// The sale instant is 2025-11-15 14:00 store-local unless a case says otherwise.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.ts';
import { RulesError } from '../errors.ts';
import { listJurisdictions } from '../list-jurisdictions.ts';
import { resolvePack } from '../registry.ts';
import type { EvaluateRequest, RequestLine } from '../request-schema.ts';
import type { EvaluateResponse } from '../response-schema.ts';
import { CASE_DAY, daysBefore, localInstant } from '../testing/fixtures.ts';
import { checkHandOverHours, checkVehicleLoad, type VehicleLoad, type VehicleLoadOrder } from '../vehicle.ts';

// ---- helpers --------------------------------------------------------------------------------

const TODAY = CASE_DAY;
const at = localInstant;

type Customer = EvaluateRequest['customer'];

const adult = (j: string, birthDate = '1980-01-01', idJurisdiction = j): Customer => ({ kind: 'adult_use', birthDate, idJurisdiction });

function patient(j: string, birthDate = '1980-01-01', card: Partial<NonNullable<Customer['medicalCard']>> = {}): Customer {
  return { kind: 'medical', birthDate, idJurisdiction: j, medicalCard: { number: 'CARD-4', jurisdiction: j, expiresOn: '2030-12-31', ...card } };
}

function sale(j: string, lines: RequestLine[], extra: Partial<EvaluateRequest> = {}): EvaluateResponse {
  return evaluate({ jurisdiction: j, at: at(j), channel: 'in_store', customer: adult(j), ...extra, lines });
}

const bought = (j: string, date: string, lines: RequestLine[], time = '12:00:00') => ({ at: at(j, date, time), lines });

let skuSeq = 0;
const sku = (p: string) => `${p}-${++skuSeq}`;

const one = (partial: Partial<RequestLine> & Pick<RequestLine, 'category'>): RequestLine => ({ sku: sku(partial.category.toUpperCase()), quantity: 1, unitPriceCents: 1000, ...partial });

/** Flower: `quantity` bags of `mg` each (20% THC unless said). */
const flower = (mg: number, extra: Partial<RequestLine> = {}): RequestLine =>
  one({ category: 'flower', netWeightMg: mg, thcMg: mg / 5, thcPercent: 20, ...extra });
/** Pre-rolls of `mg` each. */
const preRoll = (mg: number, extra: Partial<RequestLine> = {}): RequestLine =>
  one({ category: 'pre_roll', netWeightMg: mg, thcMg: mg / 5, thcPercent: 20, ...extra });
/** Concentrate of `mg` net weight, 80% THC unless said. */
const conc = (mg: number, extra: Partial<RequestLine> = {}): RequestLine =>
  one({ category: 'concentrate', netWeightMg: mg, thcMg: (mg * 8) / 10, thcPercent: 80, ...extra });
const vape = (mg: number, extra: Partial<RequestLine> = {}): RequestLine =>
  one({ category: 'vape', netWeightMg: mg, thcMg: (mg * 8) / 10, thcPercent: 80, ...extra });
/** Edible package of `thcMg` (10 mg servings), 50 g. */
const edible = (thcMg: number, extra: Partial<RequestLine> = {}): RequestLine =>
  one({ category: 'edible', netWeightMg: 50000, thcMg, thcMgPerServing: Math.min(10, thcMg), ...extra });
const accessory = (cents: number, extra: Partial<RequestLine> = {}): RequestLine => one({ category: 'accessory', unitPriceCents: cents, ...extra });

function allowed(r: EvaluateResponse): void {
  expect(r.violations.map((v) => `${v.code} ${v.rule}: ${v.message}`)).toEqual([]);
  expect(r.allowed).toBe(true);
}

function refused(r: EvaluateResponse, code: string): void {
  expect(r.allowed).toBe(false);
  expect(r.violations.map((v) => v.code)).toContain(code);
}

const hasCode = (r: EvaluateResponse, code: string) => r.violations.some((v) => v.code === code);
const withinLimits = (r: EvaluateResponse) => expect(r.violations.filter((v) => v.code === 'PURCHASE_LIMIT').map((v) => v.message)).toEqual([]);
const overLimit = (r: EvaluateResponse) => refused(r, 'PURCHASE_LIMIT');
const notPermitted = (r: EvaluateResponse) => refused(r, 'PRODUCT_NOT_PERMITTED');

/** Tax line amounts by code (lines that charge nothing are left out). */
const taxesOf = (r: EvaluateResponse) => Object.fromEntries(r.taxes.filter((t) => t.amountCents !== 0).map((t) => [t.code, t.amountCents]));
/** Sum of the tax lines charged at `rate`. */
const taxAt = (r: EvaluateResponse, rate: number) => r.taxes.filter((t) => Math.abs(t.rate - rate) < 1e-9).reduce((s, t) => s + t.amountCents, 0);
const money = (r: EvaluateResponse) => ({ subtotal: r.subtotalCents, tax: r.taxCents, total: r.totalCents });

/** The per-line split of every tax adds up to the transaction's tax line, and the receipt to the total. */
function linesAddUp(r: EvaluateResponse): void {
  for (const t of r.taxes) expect(t.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(t.amountCents);
  expect(r.receiptLines.reduce((s, l) => s + l.taxCents, 0)).toBe(r.taxCents);
  expect(r.receiptLines.reduce((s, l) => s + l.priceCents, 0)).toBe(r.subtotalCents);
}

function errorOf(fn: () => unknown): RulesError {
  try {
    fn();
  } catch (e) {
    return e as RulesError;
  }
  throw new Error('expected a RulesError');
}

const delivery = (deliverAt: string, extra: Partial<NonNullable<EvaluateRequest['delivery']>> = {}): Partial<EvaluateRequest> => ({
  channel: 'delivery',
  delivery: { addressType: 'residence', deliverAt, ...extra },
});

const vehicle = (j: string, date: string, load: VehicleLoad) => checkVehicleLoad(resolvePack(j), date, load).violations.map((v) => v.code);
const order = (ref: string, valueCents: number, prepaid: boolean, lines: VehicleLoadOrder['lines'] = [{ category: 'flower', quantity: 1, netWeightMg: 3500, thcMg: 700, thcPercent: 20 }]): VehicleLoadOrder => ({
  ref,
  valueCents,
  prepaid,
  lines,
});

// ---- California -----------------------------------------------------------------------------

describe('US-CA (fourth pass)', () => {
  const J = 'US-CA';
  // Flower 2 × $35.00 less $7.00, vape $45.00, edibles 3 × $18.00 less $5.40, lighter $12.99.
  const basket = () => [
    flower(3500, { quantity: 2, unitPriceCents: 3500, discountCents: 700 }),
    vape(500, { unitPriceCents: 4500 }),
    edible(100, { quantity: 3, unitPriceCents: 1800, discountCents: 540 }),
    accessory(1299),
  ];

  it('a discounted basket with a 1.25% district tax: excise 15% × $156.60 (after discounts, cannabis only) = $23.49; sales 8.5% × ($156.60 + $23.49 + $12.99) = $16.4118 → $16.41 (ref L108, L129, L262)', () => {
    const r = sale(J, basket(), { store: { localSalesTaxRate: 0.0125 } });
    allowed(r);
    expect(taxesOf(r)).toEqual({ CA_EXCISE: 2349, CA_SALES: 1641 });
    expect(money(r)).toEqual({ subtotal: 16959, tax: 3990, total: 20949 });
    linesAddUp(r);
  });

  it('three taxes stacked: local cannabis 2% × $156.60 = $3.13 joins the excise base: 15% × $159.73 = $23.9595 → $23.96; sales 8.5% × ($156.60 + $23.96 + $12.99) = $16.45 (ref L108; README)', () => {
    const r = sale(J, basket(), { store: { localSalesTaxRate: 0.0125, localCannabisTaxRate: 0.02 } });
    expect(taxesOf(r)).toEqual({ CA_LOCAL_CANNABIS: 313, CA_EXCISE: 2396, CA_SALES: 1645 });
    expect(money(r)).toEqual({ subtotal: 16959, tax: 4354, total: 21313 });
    linesAddUp(r);
  });

  it('the excise is a receipt line of its own and lands in Metrc ExciseTax per line, the sales tax in SalesTax (ref L108)', () => {
    const r = sale(J, basket(), { store: { localSalesTaxRate: 0.0125 } });
    const excise = r.receiptLines.reduce((s, l) => s + (l.metrc.ExciseTax ?? 0), 0);
    const sales = r.receiptLines.reduce((s, l) => s + (l.metrc.SalesTax ?? 0), 0);
    expect([excise, sales]).toEqual([2349, 1641]);
    expect(r.receiptLines[3].metrc.ExciseTax).toBeUndefined();
  });

  it('MMIC patient in the 19% quarter: excise 19% × $63.00 = $11.97 on the flower; the lighter alone pays 8.5% × $12.99 = $1.10 (ref L25, L108)', () => {
    const r = sale(J, [basket()[0], basket()[3]], { at: at(J, '2025-08-20'), customer: patient(J), store: { localSalesTaxRate: 0.0125 } });
    allowed(r);
    expect(taxesOf(r)).toEqual({ CA_EXCISE: 1197, CA_SALES: 110 });
  });

  it('the 19% starts at midnight Pacific, given in UTC: 2025-07-01T06:59:59Z (06-30 23:59:59 PDT) → 15%; 07:00:00Z → 19% (ref L25)', () => {
    const cart = () => [flower(3500, { unitPriceCents: 10000 })];
    expect(taxAt(sale(J, cart(), { at: '2025-07-01T06:59:59Z' }), 0.15)).toBe(1500);
    expect(taxAt(sale(J, cart(), { at: '2025-07-01T07:00:00Z' }), 0.19)).toBe(1900);
  });

  it('AB 564 back to 15% at midnight Pacific, given in UTC: 2025-10-01T06:59:59Z → 19%; 07:00:00Z → 15% (ref L26)', () => {
    const cart = () => [flower(3500, { unitPriceCents: 10000 })];
    expect(taxAt(sale(J, cart(), { at: '2025-10-01T06:59:59Z' }), 0.19)).toBe(1900);
    expect(taxAt(sale(J, cart(), { at: '2025-10-01T07:00:00Z' }), 0.15)).toBe(1500);
  });

  it('the 15% ends with 2028-06-30 Pacific: 2028-07-01T06:59:59Z still answers at 15%; 07:00:00Z has no rate, so no pack is in effect (ref L26; README)', () => {
    const cart = () => [flower(3500, { unitPriceCents: 10000 })];
    expect(taxAt(sale(J, cart(), { at: '2028-07-01T06:59:59Z' }), 0.15)).toBe(1500);
    expect(errorOf(() => sale(J, cart(), { at: '2028-07-01T07:00:00Z' })).code).toBe('NO_PACK_IN_EFFECT');
  });

  it('rounding once per transaction: three $0.50 lighters → 7.25% × $1.50 = $0.10875 → $0.11 (per line would be 3 × 4¢ = 12¢) (ref L129, L262)', () => {
    const r = sale(J, [accessory(50), accessory(50), accessory(50)]);
    expect(r.taxCents).toBe(11);
    linesAddUp(r);
  });

  it('summer hours in UTC: 2025-07-15T12:59:59Z (05:59:59 PDT) closed, 13:00:00Z open; 2025-07-16T04:59:59Z (21:59:59) open, 05:00:00Z (22:00) closed (ref L174)', () => {
    const cart = () => [flower(1000)];
    refused(sale(J, cart(), { at: '2025-07-15T12:59:59Z' }), 'OUTSIDE_SALE_HOURS');
    allowed(sale(J, cart(), { at: '2025-07-15T13:00:00Z' }));
    allowed(sale(J, cart(), { at: '2025-07-16T04:59:59Z' }));
    refused(sale(J, cart(), { at: '2025-07-16T05:00:00Z' }), 'OUTSIDE_SALE_HOURS');
  });

  it('a delivery ordered at 23:00 is handed over within hours the next morning: deliverAt 06:00:00 allowed, 05:59:59 refused (ref L152, L174)', () => {
    const ordered = at(J, TODAY, '23:00:00');
    allowed(sale(J, [flower(3500)], { at: ordered, ...delivery(at(J, '2025-11-16', '06:00:00')) }));
    refused(sale(J, [flower(3500)], { at: ordered, ...delivery(at(J, '2025-11-16', '05:59:59')) }), 'OUTSIDE_SALE_HOURS');
  });

  it('hand-over at the door in UTC (summer): 2025-07-16T04:59:59Z (21:59:59 PDT) within hours, 05:00:00Z (22:00) not (ref L152, L174)', () => {
    const pack = resolvePack(J);
    expect(checkHandOverHours(pack, 'America/Los_Angeles', Date.parse('2025-07-16T04:59:59Z'))).toBeUndefined();
    expect(checkHandOverHours(pack, 'America/Los_Angeles', Date.parse('2025-07-16T05:00:00Z'))?.code).toBe('OUTSIDE_SALE_HOURS');
  });

  it('delivery to any physical address except the listed places: a hotel and a dormitory are accepted; a youth center is not (ref L152)', () => {
    allowed(sale(J, [flower(3500)], delivery(at(J, TODAY, '15:00:00'), { addressType: 'hotel' })));
    allowed(sale(J, [flower(3500)], delivery(at(J, TODAY, '15:00:00'), { addressType: 'dormitory' })));
    refused(sale(J, [flower(3500)], delivery(at(J, TODAY, '15:00:00'), { addressType: 'youth_center' })), 'DELIVERY_NOT_ALLOWED');
  });

  it('vehicle exactly at both caps: $2,000.00 ordered + $3,000.00 without an order = $5,000.00 passes; 1¢ more of either fails (ref L152; README $5,000 over $10,000)', () => {
    expect(vehicle(J, TODAY, { orders: [order('A', 120000, true), order('B', 80000, false)], unorderedValueCents: 300000 })).toEqual([]);
    expect(vehicle(J, TODAY, { orders: [order('A', 120001, true), order('B', 80000, false)], unorderedValueCents: 300000 })).toEqual(['DELIVERY_VEHICLE_LIMIT']);
    expect(vehicle(J, TODAY, { orders: [order('A', 100000, true)], unorderedValueCents: 300001 })).toEqual(['DELIVERY_VEHICLE_LIMIT']);
  });

  it('concentrate limit with multi-unit lines and history today: 4 × 1 g vapes earlier + 3 × 1 g concentrate + 10 × 100 mg edibles = 8,000 mg passes; a 1 mg edible more fails (ref L64, L252; README 1 mg THC = 1 mg)', () => {
    const history = [bought(J, TODAY, [vape(1000, { quantity: 4 })], '10:00:00')];
    withinLimits(sale(J, [conc(1000, { quantity: 3 }), edible(100, { quantity: 10 })], { history }));
    overLimit(sale(J, [conc(1000, { quantity: 3 }), edible(100, { quantity: 10 }), edible(1)], { history }));
  });

  it('the 28.5 g and the 8 g are separate: both exactly full, from quantities, pass together (ref L64)', () => {
    withinLimits(sale(J, [flower(3500, { quantity: 8 }), preRoll(500, { quantity: 1 }), vape(1000, { quantity: 8 })]));
    overLimit(sale(J, [flower(3500, { quantity: 8 }), preRoll(501, { quantity: 1 }), vape(1000, { quantity: 8 })]));
  });

  it('the day window is the store-local day, with history given in UTC: 28.5 g bought at 2025-11-15T07:59:59Z (11-14 23:59:59 PST) does not count; at 08:00:00Z it does (ref L64)', () => {
    const day = (instant: string) => [{ at: instant, lines: [flower(28500)] }];
    withinLimits(sale(J, [flower(1000)], { history: day('2025-11-15T07:59:59Z') }));
    overLimit(sale(J, [flower(1000)], { history: day('2025-11-15T08:00:00Z') }));
  });
});

// ---- Colorado -------------------------------------------------------------------------------

describe('US-CO (fourth pass)', () => {
  const J = 'US-CO';
  // Flower $40.00 less $4.00, edibles 2 × $15.00, grinder $9.99.
  const basket = () => [flower(3500, { unitPriceCents: 4000, discountCents: 400 }), edible(100, { quantity: 2, unitPriceCents: 1500 }), accessory(999)];
  const STORE = { localSalesTaxRate: 0.045, localCannabisTaxRate: 0.05 };

  it('adult-use: 15% × $66.00 = $9.90; local special 5% = $3.30; local sales 4.5% on the marijuana = $2.97; the grinder 2.9% + 4.5% = 7.4% × $9.99 = $0.739 → $0.74 (ref L109, L130)', () => {
    const r = sale(J, basket(), { store: STORE });
    allowed(r);
    expect(taxAt(r, 0.15)).toBe(990);
    expect(taxAt(r, 0.05)).toBe(330);
    expect(taxAt(r, 0.045)).toBe(297);
    expect(taxAt(r, 0.074)).toBe(74);
    expect(money(r)).toEqual({ subtotal: 7599, tax: 1691, total: 9290 });
    linesAddUp(r);
  });

  it('medical: no 15%, no local special tax; 2.9% + local 4.5% on everything: 7.4% × $75.99 = $5.623 → $5.62 (ref L109, L130)', () => {
    const r = sale(J, basket(), { customer: patient(J), store: STORE });
    allowed(r);
    expect(taxAt(r, 0.15) + taxAt(r, 0.05)).toBe(0);
    expect(money(r)).toEqual({ subtotal: 7599, tax: 562, total: 8161 });
  });

  it('equivalency exactly at one ounce across today’s history and a multi-unit cart: 7 g flower + 1 g concentrate earlier, 7 × 1 g pre-rolls + 3 × 100 mg edibles now = ¼ + ⅛ + ¼ + ⅜ = 1 passes; a 1,001 mg pre-roll fails (ref L65)', () => {
    const history = [bought(J, TODAY, [flower(7000), conc(1000)], '09:30:00')];
    withinLimits(sale(J, [preRoll(1000, { quantity: 7 }), edible(100, { quantity: 3 })], { history }));
    overLimit(sale(J, [preRoll(1000, { quantity: 6 }), preRoll(1001), edible(100, { quantity: 3 })], { history }));
  });

  it('a full ounce bought yesterday late evening (UTC 2025-11-15T06:59:59Z = 11-14 23:59:59 MST) leaves today free; at 07:00:00Z it is today (ref L65)', () => {
    const h = (instant: string) => [{ at: instant, lines: [flower(28000)] }];
    withinLimits(sale(J, [flower(1000)], { history: h('2025-11-15T06:59:59Z') }));
    overLimit(sale(J, [flower(1000)], { history: h('2025-11-15T07:00:00Z') }));
  });

  it('hours in UTC (MST): 2025-11-15T14:59:59Z (07:59:59) closed, 15:00:00Z (08:00) open; 2025-11-16T06:59:59Z (23:59:59) open, 07:00:00Z (00:00) closed (ref L175)', () => {
    refused(sale(J, [flower(1000)], { at: '2025-11-15T14:59:59Z' }), 'OUTSIDE_SALE_HOURS');
    allowed(sale(J, [flower(1000)], { at: '2025-11-15T15:00:00Z' }));
    allowed(sale(J, [flower(1000)], { at: '2025-11-16T06:59:59Z' }));
    refused(sale(J, [flower(1000)], { at: '2025-11-16T07:00:00Z' }), 'OUTSIDE_SALE_HOURS');
  });

  it('delivery permits at their first day: medical refused on 2019-12-31, allowed 2020-01-01; retail refused 2020-12-31, allowed 2021-01-01 (ref L153)', () => {
    const d = (date: string, customer: Customer) => sale(J, [flower(3500)], { at: at(J, date), customer, ...delivery(at(J, date, '15:00:00')) });
    refused(d('2019-12-31', patient(J)), 'DELIVERY_NOT_ALLOWED');
    allowed(d('2020-01-01', patient(J)));
    refused(d('2020-12-31', adult(J)), 'DELIVERY_NOT_ALLOWED');
    allowed(d('2021-01-01', adult(J)));
  });

  it('the 2 g a day for patients 18–20 starts 2022-01-01: 5 g concentrate on 2021-12-31 is not limited, on 2022-01-01 it is (ref L88)', () => {
    const young = patient(J, '2002-06-01');
    withinLimits(sale(J, [conc(1000, { quantity: 5 })], { customer: young, at: at(J, '2021-12-31') }));
    overLimit(sale(J, [conc(1000, { quantity: 5 })], { customer: young, at: at(J, '2022-01-01') }));
  });
});

// ---- Washington -----------------------------------------------------------------------------

describe('US-WA (fourth pass)', () => {
  const J = 'US-WA';
  // Shelf prices contain the 37% excise: 2 × $27.40 flower, $13.70 edible, $5.00 lighter.
  const basket = (flowerDiscount = 0) => [
    flower(3500, { quantity: 2, unitPriceCents: 2740, discountCents: flowerDiscount }),
    edible(100, { unitPriceCents: 1370 }),
    accessory(500),
  ];

  it('shelf $68.50 of cannabis holds $18.50 excise (net $50.00); sales 6.5% + local 3.1% = 9.6% × ($50.00 + $5.00) = $5.28; customer pays $78.78 (ref L110, L131)', () => {
    const r = sale(J, basket(), { store: { localSalesTaxRate: 0.031 } });
    allowed(r);
    expect(taxesOf(r)).toEqual({ WA_EXCISE: 1850, WA_SALES: 528 });
    expect(money(r)).toEqual({ subtotal: 7350, tax: 2378, total: 7878 });
    linesAddUp(r);
  });

  it('a $5.48 discount off the flower: $49.32 shelf holds $13.32 excise; net cannabis $46.00; 9.6% × $51.00 = $4.896 → $4.90; pays $72.92 (ref L110)', () => {
    const r = sale(J, basket(548), { store: { localSalesTaxRate: 0.031 } });
    expect(taxesOf(r)).toEqual({ WA_EXCISE: 1702, WA_SALES: 490 });
    expect(r.totalCents).toBe(7292);
  });

  it('a patient with a recognition card at an endorsed store: no excise and no sales tax on cannabis, $46.00 + $5.00 + 9.6% × $5.00 = $51.48 (ref L29, L110)', () => {
    const r = sale(J, basket(548), { customer: patient(J), store: { localSalesTaxRate: 0.031 } });
    allowed(r);
    expect(r.taxCents).toBe(48);
    expect(r.totalCents).toBe(5148);
    linesAddUp(r);
  });

  it('the included excise is backed out once for the transaction: 7 × $10.00 shelf → 37/137 × $70.00 = $18.905 → $18.91 (per line 7 × $2.70 = $18.90); sales 6.5% × $51.09 = $3.32 (ref L110, L262)', () => {
    const r = sale(J, Array.from({ length: 7 }, () => flower(1000, { unitPriceCents: 1000 })));
    expect(taxesOf(r)).toEqual({ WA_EXCISE: 1891, WA_SALES: 332 });
    expect(r.totalCents).toBe(7332);
    linesAddUp(r);
  });

  it('the patient excise exemption starts 2024-06-06 Pacific, in UTC: 2024-06-06T06:59:59Z pays the excise inside $137.00; 07:00:00Z pays $100.00 (ref L29)', () => {
    const cart = () => [flower(3500, { unitPriceCents: 13700 })];
    expect(sale(J, cart(), { customer: patient(J), at: '2024-06-06T06:59:59Z' }).totalCents).toBe(13700);
    expect(sale(J, cart(), { customer: patient(J), at: '2024-06-06T07:00:00Z' }).totalCents).toBe(10000);
  });

  it('…and sunsets after 2029-06-30 Pacific: 2029-07-01T06:59:59Z pays $100.00; 07:00:00Z pays $137.00 again (ref L29)', () => {
    const cart = () => [flower(3500, { unitPriceCents: 13700 })];
    expect(sale(J, cart(), { customer: patient(J), at: '2029-07-01T06:59:59Z' }).totalCents).toBe(10000);
    expect(sale(J, cart(), { customer: patient(J), at: '2029-07-01T07:00:00Z' }).totalCents).toBe(13700);
  });

  it('package ≤100 mg and serving ≤10 mg hold for infused products taken by mouth, not only edibles: a 100 mg capsule pack sells, 101 mg is refused; a 100 mg tincture sells, 101 mg or 11 mg servings are refused (ref L237; L66 counts capsules and tinctures as infused products)', () => {
    allowed(sale(J, [one({ category: 'capsule', netWeightMg: 5000, thcMg: 100, thcMgPerServing: 10 })]));
    notPermitted(sale(J, [one({ category: 'capsule', netWeightMg: 5000, thcMg: 101, thcMgPerServing: 10 })]));
    allowed(sale(J, [one({ category: 'tincture', netWeightMg: 30000, thcMg: 100, thcMgPerServing: 10 })]));
    notPermitted(sale(J, [one({ category: 'tincture', netWeightMg: 30000, thcMg: 101, thcMgPerServing: 10 })]));
    notPermitted(sale(J, [one({ category: 'tincture', netWeightMg: 30000, thcMg: 100, thcMgPerServing: 11 })]));
  });

  it('hours in UTC (PST): 2025-11-15T15:59:59Z (07:59:59) closed, 16:00:00Z open; 2025-11-16T07:59:59Z (23:59:59) open, 08:00:00Z (midnight) closed (ref L176)', () => {
    refused(sale(J, [flower(1000)], { at: '2025-11-15T15:59:59Z' }), 'OUTSIDE_SALE_HOURS');
    allowed(sale(J, [flower(1000)], { at: '2025-11-15T16:00:00Z' }));
    allowed(sale(J, [flower(1000)], { at: '2025-11-16T07:59:59Z' }));
    refused(sale(J, [flower(1000)], { at: '2025-11-16T08:00:00Z' }), 'OUTSIDE_SALE_HOURS');
  });

  it('"any combination": all five adult-use amounts full in one transaction pass, from multi-unit lines (ref L66)', () => {
    const cart = [
      flower(3500, { quantity: 8 }),
      preRoll(349),
      vape(1000, { quantity: 7 }),
      edible(100, { quantity: 9, netWeightMg: 50000 }),
      edible(100, { netWeightMg: 3592 }),
      one({ category: 'beverage', quantity: 50, netWeightMg: 12000, thcMg: 4, thcMgPerServing: 4 }),
    ];
    withinLimits(sale(J, cart));
    overLimit(sale(J, [...cart, one({ category: 'beverage', netWeightMg: 12000, thcMg: 4, thcMgPerServing: 4 })]));
  });
});

// ---- Oregon ---------------------------------------------------------------------------------

describe('US-OR (fourth pass)', () => {
  const J = 'US-OR';
  // Flower $45.00 less $4.50, 3 × $8.00 pre-rolls, $20.00 pipe.
  const basket = () => [flower(3500, { unitPriceCents: 4500, discountCents: 450 }), preRoll(1000, { quantity: 3, unitPriceCents: 800 }), accessory(2000)];

  it('17% + 3% local on the retail price after discount, no sales tax: 17% × $64.50 = $10.965 → $10.97; 3% = $1.935 → $1.94; the pipe untaxed; pays $97.41 (ref L111, L132)', () => {
    const r = sale(J, basket(), { store: { localCannabisTaxRate: 0.03 } });
    allowed(r);
    expect(taxesOf(r)).toEqual({ OR_MARIJUANA_STATE: 1097, OR_MARIJUANA_LOCAL: 194 });
    expect(money(r)).toEqual({ subtotal: 8450, tax: 1291, total: 9741 });
    linesAddUp(r);
  });

  it('a registry cardholder pays neither tax on the same basket (ref L111)', () => {
    const r = sale(J, basket(), { customer: patient(J), store: { localCannabisTaxRate: 0.03 } });
    allowed(r);
    expect(money(r)).toEqual({ subtotal: 8450, tax: 0, total: 8450 });
  });

  it('the exemption covers sales before 2028-01-01 Pacific, in UTC: 2028-01-01T07:59:59Z exempt; 08:00:00Z pays 17% + 3% (ref L111)', () => {
    const cart = () => [flower(3500, { unitPriceCents: 10000 })];
    const store = { localCannabisTaxRate: 0.03 };
    expect(sale(J, cart(), { customer: patient(J), store, at: '2028-01-01T07:59:59Z' }).taxCents).toBe(0);
    expect(sale(J, cart(), { customer: patient(J), store, at: '2028-01-01T08:00:00Z' }).taxCents).toBe(2000);
  });

  it('same-day orders before 8:00 pm, read in UTC: ordered 2025-11-16T03:59:59Z (19:59:59 PST) for 21:00 allowed; ordered 04:00:00Z (20:00) for 21:00 refused (ref L155)', () => {
    const deliverAt = '2025-11-16T05:00:00Z';
    allowed(sale(J, [flower(3500)], { at: '2025-11-16T03:59:59Z', ...delivery(deliverAt, { orderedAt: '2025-11-16T03:59:59Z' }) }));
    refused(sale(J, [flower(3500)], { at: '2025-11-16T04:00:00Z', ...delivery(deliverAt, { orderedAt: '2025-11-16T04:00:00Z' }) }), 'DELIVERY_NOT_ALLOWED');
  });

  it('a store in Oregon’s Mountain-time corner keeps 7 am–10 pm on its own clock: store timezone America/Boise, 2025-11-16T04:59:59Z (21:59:59 MST) open, 05:00:00Z (22:00 MST, 21:00 PST) closed (ref L177 "local time")', () => {
    const store = { timezone: 'America/Boise' };
    allowed(sale(J, [flower(1000)], { store, at: '2025-11-16T04:59:59Z' }));
    refused(sale(J, [flower(1000)], { store, at: '2025-11-16T05:00:00Z' }), 'OUTSIDE_SALE_HOURS');
    refused(sale(J, [flower(1000)], { store, at: '2025-11-15T13:59:59Z' }), 'OUTSIDE_SALE_HOURS');
    allowed(sale(J, [flower(1000)], { store, at: '2025-11-15T14:00:00Z' }));
  });

  it('delivery to a residence only, for patients too: a business address is refused (ref L155)', () => {
    refused(sale(J, [flower(3500)], delivery(at(J, TODAY, '15:00:00'), { addressType: 'business', orderedAt: at(J, TODAY, '10:00:00') })), 'DELIVERY_NOT_ALLOWED');
    refused(sale(J, [flower(3500)], { customer: patient(J), ...delivery(at(J, TODAY, '15:00:00'), { addressType: 'business', orderedAt: at(J, TODAY, '10:00:00') }) }), 'DELIVERY_NOT_ALLOWED');
  });
});

// ---- Michigan -------------------------------------------------------------------------------

describe('US-MI (fourth pass)', () => {
  const J = 'US-MI';
  // Flower $50.00 less $5.00, 1 g concentrate $30.00, 2 × $12.50 gummies, $10.00 battery.
  const basket = () => [
    flower(3500, { unitPriceCents: 5000, discountCents: 500 }),
    conc(1000, { unitPriceCents: 3000 }),
    edible(100, { quantity: 2, unitPriceCents: 1250 }),
    accessory(1000),
  ];

  it('excise 10% × $100.00 (after discount) = $10.00; 6% sales tax on price + excise for all: 6% × ($110.00 + $10.00) = $7.20 (ref L112, L133)', () => {
    const r = sale(J, basket());
    allowed(r);
    expect(taxesOf(r)).toEqual({ MI_EXCISE: 1000, MI_SALES: 720 });
    expect(money(r)).toEqual({ subtotal: 11000, tax: 1720, total: 12720 });
    linesAddUp(r);
  });

  it('a patient pays 6% on the price only: $6.60 (ref L112)', () => {
    const r = sale(J, basket(), { customer: patient(J) });
    expect(money(r)).toEqual({ subtotal: 11000, tax: 660, total: 11660 });
  });

  it('age on the store-local date, in UTC: 21 on 2025-11-15 Eastern; at 2025-11-15T04:59:59Z (11-14 23:59:59 EST) underage, at 05:00:00Z allowed (ref L45)', () => {
    const customer = adult(J, '2004-11-15');
    refused(sale(J, [flower(1000)], { customer, at: '2025-11-15T04:59:59Z' }), 'UNDERAGE');
    allowed(sale(J, [flower(1000)], { customer, at: '2025-11-15T05:00:00Z' }));
  });

  it('vehicle exactly at 15 oz with the equivalents over two orders: 14 oz flower (396,893 mg) + 16 oz solid edibles (= 1 oz) pass; 1 mg more flower fails (ref L68, L156; README)', () => {
    const load = (flowerMg: number): VehicleLoad => ({
      orders: [
        order('A', 100000, true, [{ category: 'flower', quantity: 1, netWeightMg: flowerMg, thcMg: 1000, thcPercent: 20 }]),
        order('B', 50000, true, [{ category: 'edible', quantity: 8, netWeightMg: 56699, thcMg: 100 }]),
      ],
    });
    expect(vehicle(J, TODAY, load(396893))).toEqual([]);
    expect(vehicle(J, TODAY, load(396894))).toEqual(['DELIVERY_VEHICLE_LIMIT']);
  });

  it('the calendar month turns at local midnight (README): 10 oz on Dec 1–4, nothing more on Dec 31; 2.5 oz again at 2026-01-01 00:00 Eastern (ref L91)', () => {
    const history = ['2025-12-01', '2025-12-02', '2025-12-03', '2025-12-04'].map((d) => bought(J, d, [flower(70873)]));
    overLimit(sale(J, [flower(1000)], { customer: patient(J), history, at: at(J, '2025-12-31', '23:59:59') }));
    withinLimits(sale(J, [flower(70873)], { customer: patient(J), history, at: at(J, '2026-01-01', '00:00:00') }));
  });
});

// ---- Illinois -------------------------------------------------------------------------------

describe('US-IL (fourth pass)', () => {
  const J = 'US-IL';
  // Flower $40.00 less $4.00 (22%), vape $45.00 (85%), 2 × $15.00 gummies, $12.00 tray.
  const basket = () => [
    flower(3500, { unitPriceCents: 4000, discountCents: 400, thcPercent: 22 }),
    vape(500, { unitPriceCents: 4500, thcPercent: 85 }),
    edible(100, { quantity: 2, unitPriceCents: 1500 }),
    accessory(1200),
  ];
  const STORE = { localSalesTaxRate: 0.025, localCannabisTaxRate: 0.03 };

  it('three excise tiers, cannabis ROT and ROT on prices without the excise: 10% × $36 = $3.60; 25% × $45 = $11.25; 20% × $30 = $6.00; cannabis ROT 3% × $111 = $3.33; ROT 8.75% × $123 = $10.7625 → $10.76 (ref L113, L134)', () => {
    const r = sale(J, basket(), { store: STORE });
    allowed(r);
    expect(taxesOf(r)).toEqual({ IL_EXCISE_10: 360, IL_EXCISE_25: 1125, IL_EXCISE_20: 600, IL_CANNABIS_ROT: 333, IL_ROT: 1076 });
    expect(money(r)).toEqual({ subtotal: 12300, tax: 3494, total: 15794 });
    linesAddUp(r);
  });

  it('medical: no excise, no cannabis ROT; 1% × $111 = $1.11 on cannabis; the tray 8.75% × $12 = $1.05 (ref L113, L134; README)', () => {
    const r = sale(J, basket(), { customer: patient(J), store: STORE });
    allowed(r);
    expect(taxesOf(r)).toEqual({ IL_ROT_MEDICAL: 111, IL_ROT: 105 });
  });

  it('each excise tier is rounded once for the transaction: two $0.05 pre-rolls at 10% → 1¢ (not 2¢) (ref L113, L262)', () => {
    const r = sale(J, [preRoll(500, { unitPriceCents: 5 }), preRoll(500, { unitPriceCents: 5 })]);
    expect(taxAt(r, 0.1)).toBe(1);
  });

  it('hours in UTC (CST): 2025-11-15T11:59:59Z (05:59:59) closed, 12:00:00Z open; 2025-11-16T03:59:59Z (21:59:59) open, 04:00:00Z (22:00) closed (ref L179)', () => {
    refused(sale(J, [flower(1000)], { at: '2025-11-15T11:59:59Z' }), 'OUTSIDE_SALE_HOURS');
    allowed(sale(J, [flower(1000)], { at: '2025-11-15T12:00:00Z' }));
    allowed(sale(J, [flower(1000)], { at: '2025-11-16T03:59:59Z' }));
    refused(sale(J, [flower(1000)], { at: '2025-11-16T04:00:00Z' }), 'OUTSIDE_SALE_HOURS');
  });

  it('residents: each category exactly full from multi-unit lines and history today passes; one more edible mg fails only the infused limit (ref L69)', () => {
    const history = [bought(J, TODAY, [flower(3500, { quantity: 4 }), vape(500, { quantity: 4 }), edible(100, { quantity: 2 })], '09:00:00')];
    const cart = [flower(3500, { quantity: 4 }), preRoll(1000, { quantity: 2 }), conc(1000, { quantity: 3 }), edible(100, { quantity: 3 })];
    withinLimits(sale(J, cart, { history }));
    const r = sale(J, [...cart, edible(1)], { history });
    overLimit(r);
    expect(r.violations.filter((v) => v.code === 'PURCHASE_LIMIT').map((v) => v.rule)).toEqual(['us-il.limit.au-resident-infused']);
  });
});

// ---- Massachusetts --------------------------------------------------------------------------

describe('US-MA (fourth pass)', () => {
  const J = 'US-MA';
  // Flower $40.00 less $10.00, 2 × $22.00 chocolate, vape $55.00, $8.00 papers.
  const basket = () => [
    flower(3500, { unitPriceCents: 4000, discountCents: 1000 }),
    edible(100, { quantity: 2, unitPriceCents: 2200 }),
    vape(500, { unitPriceCents: 5500 }),
    accessory(800),
  ];

  it('all three on the sales price, not compounded: excise 10.75% × $129 = $13.8675 → $13.87; sales 6.25% × $137 = $8.5625 → $8.56; local 3% × $129 = $3.87 (ref L114, L135)', () => {
    const r = sale(J, basket(), { store: { localCannabisTaxRate: 0.03 } });
    allowed(r);
    expect(taxesOf(r)).toEqual({ MA_EXCISE: 1387, MA_SALES: 856, MA_LOCAL: 387 });
    expect(money(r)).toEqual({ subtotal: 13700, tax: 2630, total: 16330 });
    linesAddUp(r);
  });

  it('a registered patient pays only 6.25% on the papers: $0.50 (ref L114)', () => {
    const r = sale(J, basket(), { customer: patient(J), store: { localCannabisTaxRate: 0.03 } });
    allowed(r);
    expect(taxesOf(r)).toEqual({ MA_SALES: 50 });
  });

  it('rounding once per transaction: three $0.40 pre-rolls → 10.75% × $1.20 = $0.129 → 13¢ (per line 3 × 4¢ = 12¢) (ref L114, L262)', () => {
    const r = sale(J, [preRoll(500, { unitPriceCents: 40 }), preRoll(500, { unitPriceCents: 40 }), preRoll(500, { unitPriceCents: 40 })]);
    expect(taxAt(r, 0.1075)).toBe(13);
  });

  it('delivery goes to residences (ID checked there): a business address is refused (ref L158)', () => {
    const verified = { customer: { ...adult(J), deliveryPreVerified: true } };
    refused(sale(J, [flower(3500)], { ...verified, ...delivery(at(J, TODAY, '15:00:00'), { addressType: 'business' }) }), 'DELIVERY_NOT_ALLOWED');
    allowed(sale(J, [flower(3500)], { ...verified, ...delivery(at(J, TODAY, '15:00:00')) }));
  });

  it('delivery only to a customer pre-verified before the order: not verified, or not known to be, is refused (ref L158)', () => {
    const home = delivery(at(J, TODAY, '15:00:00'));
    refused(sale(J, [flower(3500)], home), 'DELIVERY_PRE_VERIFICATION_REQUIRED');
    refused(sale(J, [flower(3500)], { ...home, customer: { ...patient(J), deliveryPreVerified: false } }), 'DELIVERY_PRE_VERIFICATION_REQUIRED');
    allowed(sale(J, [flower(3500)], { ...home, customer: { ...patient(J), deliveryPreVerified: true } }));
  });
});

// ---- Nevada ---------------------------------------------------------------------------------

describe('US-NV (fourth pass; 1 oz = 28.35 g, ref L16)', () => {
  const J = 'US-NV';
  const basket = () => [flower(3500, { unitPriceCents: 5000, discountCents: 500 }), edible(100, { unitPriceCents: 2000 }), accessory(1000)];

  it('10% excise on the cannabis; sales 6.85% + local 1.525% on the price without the excise: $6.50 + 8.375% × $75 = $6.28125 → $6.28 (ref L115, L136)', () => {
    const r = sale(J, basket(), { store: { localSalesTaxRate: 0.01525 } });
    allowed(r);
    expect(taxesOf(r)).toEqual({ NV_EXCISE: 650, NV_SALES: 628 });
    expect(money(r)).toEqual({ subtotal: 7500, tax: 1278, total: 8778 });
    linesAddUp(r);
  });

  it('a card holder buying as adult-use: no 10%, sales tax still $6.28 (ref L115)', () => {
    const holder: Customer = { ...adult(J), medicalCard: { number: 'CARD-4', jurisdiction: 'US-CA', expiresOn: '2030-12-31' } };
    const r = sale(J, basket(), { customer: holder, store: { localSalesTaxRate: 0.01525 } });
    expect(taxesOf(r)).toEqual({ NV_SALES: 628 });
  });

  it('SB 277 at midnight Pacific, in UTC: 2024-01-01T07:59:59Z (2023-12-31 23:59:59 PST) still 1 oz: 28,351 mg refused; 08:00:00Z: 2.5 oz = 70,875 mg allowed (ref L30)', () => {
    overLimit(sale(J, [flower(28350), flower(1)], { at: '2024-01-01T07:59:59Z' }));
    withinLimits(sale(J, [flower(28350, { quantity: 2 }), flower(14175)], { at: '2024-01-01T08:00:00Z' }));
  });
});

// ---- Arizona --------------------------------------------------------------------------------

describe('US-AZ (fourth pass)', () => {
  const J = 'US-AZ';
  const basket = () => [flower(3500, { unitPriceCents: 4500 }), edible(100, { quantity: 2, unitPriceCents: 1800, discountCents: 600 }), accessory(1400)];

  it('MET 16% × $75 (after discount) = $12.00; TPT 5.6% + local 2.5% = 8.1% × $89 = $7.209 → $7.21, MET not in its base (ref L116, L137)', () => {
    const r = sale(J, basket(), { store: { localSalesTaxRate: 0.025 } });
    allowed(r);
    expect(taxesOf(r)).toEqual({ AZ_MET: 1200, AZ_TPT: 721 });
    expect(money(r)).toEqual({ subtotal: 8900, tax: 1921, total: 10821 });
    linesAddUp(r);
  });

  it('registered patient: TPT only, $7.21; a local cannabis rate adds nothing (no other local cannabis taxes) (ref L116)', () => {
    const r = sale(J, basket(), { customer: patient(J), store: { localSalesTaxRate: 0.025, localCannabisTaxRate: 0.03 } });
    expect(taxesOf(r)).toEqual({ AZ_TPT: 721 });
  });

  it('1 oz total with a multi-unit mix exactly at it: 5 × 1 g concentrate + 6 × 3.5 g flower + 2,349 mg loose flower = 28,349 mg passes; 2,350 mg fails (ref L72)', () => {
    withinLimits(sale(J, [conc(1000, { quantity: 5 }), flower(3500, { quantity: 6 }), flower(2349)]));
    overLimit(sale(J, [conc(1000, { quantity: 5 }), flower(3500, { quantity: 6 }), flower(2350)]));
  });
});

// ---- New York -------------------------------------------------------------------------------

describe('US-NY (fourth pass)', () => {
  const J = 'US-NY';
  const basket = () => [flower(3500, { unitPriceCents: 6000, discountCents: 600 }), edible(100, { unitPriceCents: 2500 }), vape(500, { unitPriceCents: 4000 }), accessory(1000)];

  it('9% + 4% on the amount charged for cannabis ($119 after discount): $10.71 + $4.76; no sales tax on adult-use cannabis (ref L117, L138)', () => {
    const r = sale(J, basket());
    allowed(r);
    expect(taxesOf(r)).toEqual({ NY_CANNABIS_STATE: 1071, NY_CANNABIS_LOCAL: 476 });
    expect(money(r)).toEqual({ subtotal: 12900, tax: 1547, total: 14447 });
    linesAddUp(r);
  });

  it('rounding once per transaction: three $0.50 pre-rolls → 9% × $1.50 = 13.5¢ → 14¢ (per line 15¢); 4% → 6¢ (ref L117, L262)', () => {
    const r = sale(J, [preRoll(500, { unitPriceCents: 50 }), preRoll(500, { unitPriceCents: 50 }), preRoll(500, { unitPriceCents: 50 })]);
    expect(taxesOf(r)).toEqual({ NY_CANNABIS_STATE: 14, NY_CANNABIS_LOCAL: 6 });
  });

  it('hours in UTC (EST): 2025-11-15T12:59:59Z (07:59:59) closed, 13:00:00Z open; 2025-11-16T04:59:59Z (23:59:59) open, 05:00:00Z (midnight) closed (ref L183)', () => {
    refused(sale(J, [flower(1000)], { at: '2025-11-15T12:59:59Z' }), 'OUTSIDE_SALE_HOURS');
    allowed(sale(J, [flower(1000)], { at: '2025-11-15T13:00:00Z' }));
    allowed(sale(J, [flower(1000)], { at: '2025-11-16T04:59:59Z' }));
    refused(sale(J, [flower(1000)], { at: '2025-11-16T05:00:00Z' }), 'OUTSIDE_SALE_HOURS');
  });

  it('delivery only during hours: ordered at 22:00, handed over 23:59:59 allowed, 00:00:00 refused (ref L161)', () => {
    const ordered = at(J, TODAY, '22:00:00');
    allowed(sale(J, [flower(3500)], { at: ordered, ...delivery(at(J, TODAY, '23:59:59')) }));
    refused(sale(J, [flower(3500)], { at: ordered, ...delivery(at(J, '2025-11-16', '00:00:00')) }), 'OUTSIDE_SALE_HOURS');
  });

  it('30% ordered and paid before leaving, from 2025-01-01: $300.00 of $1,000.00 paid passes, $299.99 fails; on 2024-12-31 there is no such rule (ref L161)', () => {
    expect(vehicle(J, '2025-01-01', { orders: [order('A', 30000, true), order('B', 70000, false)] })).toEqual([]);
    expect(vehicle(J, '2025-01-01', { orders: [order('A', 29999, true), order('B', 70001, false)] })).toEqual(['DELIVERY_VEHICLE_LIMIT']);
    expect(vehicle(J, '2024-12-31', { orders: [order('A', 29999, true), order('B', 70001, false)] })).toEqual([]);
  });
});

// ---- New Jersey -----------------------------------------------------------------------------

describe('US-NJ (fourth pass; 1 oz = 28.35 g, ref L16)', () => {
  const J = 'US-NJ';
  const basket = () => [flower(3500, { unitPriceCents: 5000 }), edible(100, { quantity: 2, unitPriceCents: 2000, discountCents: 400 }), accessory(1000)];

  it('6.625% on everything after discounts: 6.625% × $96 = $6.36; municipal 2% on the cannabis only: 2% × $86 = $1.72, separately stated (ref L118, L139)', () => {
    const r = sale(J, basket(), { store: { localCannabisTaxRate: 0.02 } });
    allowed(r);
    expect(taxesOf(r)).toEqual({ NJ_SALES: 636, NJ_MUNICIPAL: 172 });
    expect(money(r)).toEqual({ subtotal: 9600, tax: 808, total: 10408 });
    linesAddUp(r);
  });

  it('a patient: 0% on cannabis, 6.625% × $10.00 = $0.6625 → $0.66 on the accessory (ref L118; README municipal not on medical)', () => {
    const r = sale(J, basket(), { customer: patient(J), store: { localCannabisTaxRate: 0.02 } });
    expect(taxesOf(r)).toEqual({ NJ_SALES: 66 });
  });

  it('equivalency exactly at the ounce from multi-unit lines: 4 × 1 g pre-rolls + 10,175 mg flower (½ oz) + 2 × 1 g concentrate (0.4) + 100 mg edible (0.1) passes; 10,176 mg fails (ref L74)', () => {
    withinLimits(sale(J, [preRoll(1000, { quantity: 4 }), flower(10175), conc(1000, { quantity: 2 }), edible(100)]));
    overLimit(sale(J, [preRoll(1000, { quantity: 4 }), flower(10176), conc(1000, { quantity: 2 }), edible(100)]));
  });
});

// ---- Maryland -------------------------------------------------------------------------------

describe('US-MD (fourth pass)', () => {
  const J = 'US-MD';
  const basket = () => [flower(3500, { unitPriceCents: 4500 }), vape(500, { unitPriceCents: 5000, discountCents: 500 }), accessory(1000)];

  it('12% × $90 (after discount) = $10.80 on cannabis; the accessory keeps the 6% general sales tax: $0.60 (ref L119, L140)', () => {
    const r = sale(J, basket());
    allowed(r);
    expect(taxesOf(r)).toEqual({ MD_CANNABIS: 1080, MD_SALES: 60 });
    expect(money(r)).toEqual({ subtotal: 10000, tax: 1140, total: 11140 });
    linesAddUp(r);
  });

  it('9% → 12% at midnight Eastern, in UTC: 2025-07-01T03:59:59Z (06-30 23:59:59 EDT) → 9% × $90 = $8.10; 04:00:00Z → $10.80 (ref L27, L119; README 12% over the phased schedule)', () => {
    expect(taxesOf(sale(J, basket(), { at: '2025-07-01T03:59:59Z' })).MD_CANNABIS).toBe(810);
    expect(taxesOf(sale(J, basket(), { at: '2025-07-01T04:00:00Z' })).MD_CANNABIS).toBe(1080);
  });

  it('a patient: the cannabis is exempt, the accessory pays 6% (ref L119; README)', () => {
    expect(taxesOf(sale(J, basket(), { customer: patient(J) }))).toEqual({ MD_SALES: 60 });
  });

  it('no pack before adult-use began: 2023-07-01T03:59:59Z (06-30 EDT) has no rules in effect (ref L27, L52)', () => {
    expect(errorOf(() => sale(J, [flower(1000)], { at: '2023-07-01T03:59:59Z' })).code).toBe('NO_PACK_IN_EFFECT');
    expect(sale(J, [flower(1000)], { at: '2023-07-01T04:00:00Z' }).context.localDate).toBe('2023-07-01');
  });
});

// ---- Missouri -------------------------------------------------------------------------------

describe('US-MO (fourth pass)', () => {
  const J = 'US-MO';
  const basket = () => [flower(3500, { unitPriceCents: 4000 }), edible(100, { unitPriceCents: 2500 }), accessory(1000)];
  const STORE = { localSalesTaxRate: 0.04, localCannabisTaxRate: 0.03 };

  it('both taxes collected: 6% × $65 = $3.90; local marijuana 3% = $1.95; sales 4.225% + local 4% = 8.225% × $75 = $6.16875 → $6.17 (ref L120, L141; README none in another’s base)', () => {
    const r = sale(J, basket(), { store: STORE });
    allowed(r);
    expect(taxesOf(r)).toEqual({ MO_MARIJUANA: 390, MO_LOCAL_MARIJUANA: 195, MO_SALES: 617 });
    expect(money(r)).toEqual({ subtotal: 7500, tax: 1202, total: 8702 });
    linesAddUp(r);
  });

  it('medical: 4% × $65 = $2.60 + sales $6.17 (ref L120)', () => {
    const r = sale(J, basket(), { customer: patient(J), store: STORE });
    expect(taxesOf(r)).toEqual({ MO_MARIJUANA_MEDICAL: 260, MO_SALES: 617 });
  });

  it('3 oz equivalent exactly from multi-unit lines: 16 × 3.5 g + 699 mg flower (2 oz) + 4 × 1 g concentrate (½ oz) + 4 × 100 mg edibles (½ oz) = 85,048.5 passes; 700 mg loose fails (ref L76)', () => {
    withinLimits(sale(J, [flower(3500, { quantity: 16 }), flower(699), conc(1000, { quantity: 4 }), edible(100, { quantity: 4 })]));
    overLimit(sale(J, [flower(3500, { quantity: 16 }), flower(700), conc(1000, { quantity: 4 }), edible(100, { quantity: 4 })]));
  });
});

// ---- Ohio -----------------------------------------------------------------------------------

describe('US-OH (fourth pass)', () => {
  const J = 'US-OH';
  const basket = () => [flower(3500, { unitPriceCents: 4000, discountCents: 400 }), vape(500, { unitPriceCents: 5000 }), accessory(1000)];

  it('excise 10% × $86 = $8.60; sales 5.75% + county 1.25% = 7% × $96 = $6.72, excise not in its base (ref L121, L142)', () => {
    const r = sale(J, basket(), { store: { localSalesTaxRate: 0.0125 } });
    allowed(r);
    expect(taxesOf(r)).toEqual({ OH_EXCISE: 860, OH_SALES: 672 });
    expect(money(r)).toEqual({ subtotal: 9600, tax: 1532, total: 11132 });
    linesAddUp(r);
  });

  it('medical: sales tax only, $6.72 (ref L121)', () => {
    expect(taxesOf(sale(J, basket(), { customer: patient(J), store: { localSalesTaxRate: 0.0125 } }))).toEqual({ OH_SALES: 672 });
  });

  it('the June 2025 limits start at midnight Eastern, in UTC: 2025-06-04T03:59:59Z still 1 oz (28,350 mg refused); 04:00:00Z 2.5 oz (ref L31)', () => {
    overLimit(sale(J, [flower(28350)], { at: '2025-06-04T03:59:59Z' }));
    withinLimits(sale(J, [flower(28350), flower(28350), flower(14173)], { at: '2025-06-04T04:00:00Z' }));
  });

  it('medical tier I and tier II flower aggregate over 90 days: 4 oz tier I 60 days ago (½) + 75,126 mg tier II now (½ of 5.3 oz) passes; 75,127 mg fails (ref L100)', () => {
    const history = [bought(J, daysBefore(60), [flower(3500, { quantity: 32, thcPercent: 18 }), flower(1398, { thcPercent: 18 })])];
    withinLimits(sale(J, [flower(75126, { thcPercent: 28 })], { customer: patient(J), history }));
    overLimit(sale(J, [flower(75127, { thcPercent: 28 })], { customer: patient(J), history }));
  });
});

// ---- Ontario --------------------------------------------------------------------------------

describe('CA-ON (fourth pass)', () => {
  const J = 'CA-ON';

  it('HST 13% on everything, excise already in the shelf price: $35.00 + 4 × $4.99 + $25.00 = $79.96 → $10.3948 → $10.39 (ref L122, L143)', () => {
    const r = sale(J, [
      flower(3500, { unitPriceCents: 3500 }),
      one({ category: 'beverage', quantity: 4, unitPriceCents: 499, netWeightMg: 355000, thcMg: 10, thcMgPerServing: 10 }),
      accessory(2500),
    ]);
    allowed(r);
    expect(taxesOf(r)).toEqual({ ON_HST: 1039 });
    expect(money(r)).toEqual({ subtotal: 7996, tax: 1039, total: 9035 });
    linesAddUp(r);
  });

  it('rounding once per transaction: two $0.50 items → 13% × $1.00 = 13¢ (per line 2 × 7¢ = 14¢) (ref L122, L262)', () => {
    expect(sale(J, [accessory(50), accessory(50)]).taxCents).toBe(13);
  });

  it('30 g dried equivalent exactly from multi-unit lines: 20 g dried + 4 × 0.25 g concentrate (4 g) + 9 × 10 g edibles (6 g) passes; a 10,001 mg edible fails (ref L78)', () => {
    const ed = (mg: number, quantity = 1) => one({ category: 'edible', quantity, netWeightMg: mg, thcMg: 10, thcMgPerServing: 10 });
    withinLimits(sale(J, [flower(3500, { quantity: 5 }), flower(2500), conc(250, { quantity: 4 }), ed(10000, 9)]));
    overLimit(sale(J, [flower(3500, { quantity: 5 }), flower(2500), conc(250, { quantity: 4 }), ed(10000, 8), ed(10001)]));
  });

  it('hours in UTC (EST): 2025-11-15T13:59:59Z (08:59:59) closed, 14:00:00Z open; 2025-11-16T03:59:59Z (22:59:59) open, 04:00:00Z (23:00) closed (ref L187)', () => {
    refused(sale(J, [flower(1000)], { at: '2025-11-15T13:59:59Z' }), 'OUTSIDE_SALE_HOURS');
    allowed(sale(J, [flower(1000)], { at: '2025-11-15T14:00:00Z' }));
    allowed(sale(J, [flower(1000)], { at: '2025-11-16T03:59:59Z' }));
    refused(sale(J, [flower(1000)], { at: '2025-11-16T04:00:00Z' }), 'OUTSIDE_SALE_HOURS');
  });

  it('19+ on the store-local date, in UTC: born 2006-11-15, 2025-11-15T04:59:59Z (11-14 EST) underage, 14:00:00Z allowed (ref L55)', () => {
    const customer = adult(J, '2006-11-15');
    refused(sale(J, [flower(1000)], { customer, at: '2025-11-15T04:59:59Z' }), 'UNDERAGE');
    allowed(sale(J, [flower(1000)], { customer, at: '2025-11-15T14:00:00Z' }));
  });
});

// ---- what changes when ----------------------------------------------------------------------

describe('dated changes the reference names, as listJurisdictions reports them (fourth pass)', () => {
  const changes = (j: string) => listJurisdictions().find((s) => s.jurisdiction === j)!.changeDates;

  // A change date is the first store-local day the new value holds, never the last day of the old
  // one; a tax exemption that starts or ends is a change too (ref L21–33, "every rate and limit must
  // carry an effective-date range").
  it.each([
    ['US-CA', ['2025-07-01', '2025-10-01'], 'L25, L26: 19% from 2025-07-01, 15% again from 2025-10-01 (the pack ends with 2028-06-30)'],
    ['US-WA', ['2024-06-06', '2025-01-07', '2029-07-01'], 'L29: patient excise exemption from 2024-06-06, sunset after 2029-06-30; L237: caps on THC compounds other than Δ9 from 2025-01-07 (WAC 314-55-095 as amended)'],
    ['US-OR', ['2028-01-01'], 'L111: the cardholder exemption covers sales before 2028-01-01'],
    ['US-MD', ['2025-07-01'], 'L27: 12% from 2025-07-01'],
    ['US-NV', ['2024-01-01'], 'L30: SB 277 limits from 2024-01-01'],
    ['US-OH', ['2025-06-04', '2026-03-19'], 'L31, L32: June 2025 limits; SB 56 caps (README date)'],
    ['US-CO', ['2020-01-01', '2021-01-01', '2022-01-01'], 'L88, L153: delivery permits 2020 / 2021; patient concentrate limits 2022-01-01'],
    ['US-NY', ['2025-01-01'], 'L161: 30% of the vehicle ordered and paid from 2025-01-01'],
  ])('%s changes on %j (ref %s)', (j, dates) => {
    expect(changes(j as string)).toEqual(dates);
  });
});

// ---- more dated boundaries, exemptions and who pays -----------------------------------------

describe('more boundaries and exemptions (fourth pass)', () => {
  it('US-OR: the exemption end is read on the store’s own clock: a Boise-time store at 2028-01-01T06:59:59Z (12-31 23:59:59 MST) is exempt; at 07:00:00Z (01-01 00:00 MST, still 2027 in Los Angeles) it pays 17% (ref L111, L177 "local time")', () => {
    const J = 'US-OR';
    const cart = () => [flower(3500, { unitPriceCents: 10000 })];
    const store = { timezone: 'America/Boise' };
    expect(sale(J, cart(), { customer: patient(J), store, at: '2028-01-01T06:59:59Z' }).taxCents).toBe(0);
    const r = sale(J, cart(), { customer: patient(J), store, at: '2028-01-01T07:00:00Z' });
    expect(r.context.localDate).toBe('2028-01-01');
    expect(taxAt(r, 0.17)).toBe(1700);
  });

  it('US-OH: SB 56 flower cap from 2026-03-19 Eastern, in UTC: 36% flower sells at 2026-03-19T03:59:59Z (03-18 23:59:59 EDT), refused at 04:00:00Z (ref L32, L244; README date)', () => {
    const J = 'US-OH';
    expect(hasCode(sale(J, [flower(3500, { thcPercent: 36 })], { at: '2026-03-19T03:59:59Z' }), 'PRODUCT_NOT_PERMITTED')).toBe(false);
    notPermitted(sale(J, [flower(3500, { thcPercent: 36 })], { at: '2026-03-19T04:00:00Z' }));
  });

  it('US-NY: the distributor potency tax repeal (2024-06-01) changes nothing at the register: $100 flower → $9.00 + $4.00 on 2024-05-31 and on 2024-06-01, no other line (ref L28, L117)', () => {
    const J = 'US-NY';
    for (const date of ['2024-05-31', '2024-06-01']) {
      const r = sale(J, [flower(3500, { unitPriceCents: 10000 })], { at: at(J, date) });
      expect(taxesOf(r)).toEqual({ NY_CANNABIS_STATE: 900, NY_CANNABIS_LOCAL: 400 });
    }
  });

  it('US-IL: infused pre-rolls are "non-infused", taxed by adjusted THC: 5% Δ9 + 40% THCA = 40.08% → 25% of $20.00 = $5.00; no 20% line (ref L113)', () => {
    const r = sale('US-IL', [one({ category: 'infused_pre_roll', unitPriceCents: 2000, netWeightMg: 1000, thcMg: 400, thcPercent: 5, thcaPercent: 40 })]);
    expect(taxAt(r, 0.25)).toBe(500);
    expect(taxAt(r, 0.2)).toBe(0);
  });

  it('US-NV: a patient buying as medical: no 10% on the cannabis, 6.85% + 1.525% on all: $6.28 of the $75.00 basket (ref L115, L136)', () => {
    const J = 'US-NV';
    const r = sale(J, [flower(3500, { unitPriceCents: 5000, discountCents: 500 }), edible(100, { unitPriceCents: 2000 }), accessory(1000)], {
      customer: patient(J),
      store: { localSalesTaxRate: 0.01525 },
    });
    allowed(r);
    expect(taxesOf(r)).toEqual({ NV_SALES: 628 });
  });

  it('US-WA: a patient at a store without the medical endorsement pays both: $137.00 shelf holds $37.00; 6.5% × $100 = $6.50 (ref L110)', () => {
    const J = 'US-WA';
    const r = sale(J, [flower(3500, { unitPriceCents: 13700 })], { customer: patient(J), store: { medicalEndorsement: false } });
    expect(taxesOf(r)).toEqual({ WA_EXCISE: 3700, WA_SALES: 650 });
    expect(r.totalCents).toBe(14350);
  });

  it('US-AZ: a visiting patient’s home-state card is no card here (they cannot buy as patients) (ref L49, L225)', () => {
    refused(sale('US-AZ', [flower(1000)], { customer: patient('US-AZ', '1980-01-01', { jurisdiction: 'US-CA' }) }), 'MEDICAL_CARD_INVALID');
  });

  it('US-CA: a delivery is taxed like a counter sale: $100 flower delivered → $15.00 excise + 7.25% × $115 = $8.34 (ref L108, L152)', () => {
    const J = 'US-CA';
    const r = sale(J, [flower(3500, { unitPriceCents: 10000 })], delivery(at(J, TODAY, '15:00:00')));
    allowed(r);
    expect(taxesOf(r)).toEqual({ CA_EXCISE: 1500, CA_SALES: 834 });
  });
});

// ---- local rules on top of the state's ------------------------------------------------------

describe('local hours and mixed patient baskets (fourth pass)', () => {
  it('US-CO: a locality with narrower hours (8 am–7 pm, ref L175 example) is the store’s override of the state window: 18:59:59 open, 19:00:00 closed (ref L175)', () => {
    const J = 'US-CO';
    const req = (time: string): EvaluateRequest => ({ jurisdiction: J, at: at(J, TODAY, time), channel: 'in_store', customer: adult(J), lines: [flower(1000)] });
    const options = { overrides: { 'us-co.hours.sale': { close: '19:00' } } };
    allowed(evaluate(req('18:59:59'), options));
    refused(evaluate(req('19:00:00'), options), 'OUTSIDE_SALE_HOURS');
  });

  it('US-NY: a municipality that allows earlier sales (ref L183 "unless municipality allows") opens the store at 07:00 by override; without it 07:00 is closed (ref L183)', () => {
    const J = 'US-NY';
    const req: EvaluateRequest = { jurisdiction: J, at: at(J, TODAY, '07:00:00'), channel: 'in_store', customer: adult(J), lines: [flower(1000)] };
    refused(evaluate(req), 'OUTSIDE_SALE_HOURS');
    allowed(evaluate(req, { overrides: { 'us-ny.hours.sale': { open: '07:00' } } }));
  });

  it('US-WA: one patient basket, one DOH-compliant item and one not: $13.70 compliant → $10.00, nothing due; $27.40 non-compliant holds $7.40 excise and pays 6.5% × $20.00 = $1.30; total $38.70 (ref L29, L110)', () => {
    const J = 'US-WA';
    const r = sale(J, [edible(100, { unitPriceCents: 1370, dohCompliant: true }), flower(3500, { unitPriceCents: 2740, dohCompliant: false })], { customer: patient(J) });
    allowed(r);
    expect(taxesOf(r)).toEqual({ WA_EXCISE: 740, WA_SALES: 130 });
    expect(money(r)).toEqual({ subtotal: 3740, tax: 870, total: 3870 });
    linesAddUp(r);
  });
});
