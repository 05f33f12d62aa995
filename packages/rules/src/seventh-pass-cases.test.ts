// Seventh pass of acceptance cases, worked from /work/shared/reference/regulations.md read row by
// row (footnotes, confidence marks, the conflicts of §10 and the source index). The first six
// passes cover each row's figures at their edges; this pass checks what they left: statements of a
// row that no value carried (California's vehicle "must leave with ≥1 processed order"), marks the
// packs give differently from the reference (Ohio's SB 56 caps), local rates a jurisdiction's law
// rules out (Arizona, New York, Oregon, Maryland, Ontario), tax bases with exempt and non-cannabis
// lines in one basket, the first and last second of every state sale window, and the same-day
// order cut-off.
//
// Conventions: sales on 2025-11-15 at 14:00 store-local unless a case says otherwise; 1 oz =
// 28,349.5 mg (reference "Units"); each tax line rounded half-up to the cent (§10.12). Every
// expected figure is worked by hand from the reference, none is read back from the code. Case
// names cite the section (§n) and the reference line (ref Lnn).
import { describe, expect, it } from 'vitest';
import { checkVehicleLoad, listJurisdictions, resolvePack } from './index.ts';
import type { EvaluateResponse } from './response-schema.ts';
import { codes, DAY, limitHits, run, type Customer, type Line } from './testing/pass-cases.ts';


const adult = (j: string, idJurisdiction = j): Customer => ({ kind: 'adult_use', birthDate: '1980-01-01', idJurisdiction });
const card = (j: string, kind: 'registry_card' | 'recommendation' = 'registry_card') => ({ number: 'CARD-7', jurisdiction: j, expiresOn: '2030-12-31', kind });
const patient = (j: string, cardJurisdiction = j, kind: 'registry_card' | 'recommendation' = 'registry_card'): Customer => ({
  kind: 'medical',
  birthDate: '1980-01-01',
  idJurisdiction: j,
  medicalCard: card(cardJurisdiction, kind),
});

/** Every tax line as code → cents, in pack order. */
const taxes = (r: EvaluateResponse) => Object.fromEntries(r.taxes.map((t) => [t.code, t.amountCents]));

const flower = (mg: number, extra: Partial<Line> = {}): Line => ({ category: 'flower', netWeightMg: mg, thcMg: 1, thcPercent: 20, ...extra });
const conc = (mg: number, extra: Partial<Line> = {}): Line => ({ category: 'concentrate', netWeightMg: mg, thcMg: Math.max(1, Math.floor(mg * 0.7)), thcPercent: 70, ...extra });
const accessory = (cents: number): Line => ({ category: 'accessory', unitPriceCents: cents });
const priced = (l: Line, cents: number): Line => ({ ...l, unitPriceCents: cents });

/** The pack value with this id in effect on `date`. */
function value(j: string, id: string, date = DAY) {
  const p = resolvePack(j);
  const all = [...p.ages, ...p.limits, ...p.hours, ...p.delivery, ...p.deliveryVehicles, ...p.productRules, ...p.taxes];
  const v = all.find((x) => x.id === id && x.effective.from <= date && (x.effective.to === null || date <= x.effective.to));
  if (!v) throw new Error(`no ${id} in effect on ${date}`);
  return v;
}

// ================================================================================================
describe('§5 US-CA: the vehicle must leave with at least one processed order (ref L152, DCC §15418 [S7], likely)', () => {
  const J = 'US-CA';
  const order = (ref: string, valueCents: number) => ({ ref, valueCents, prepaid: true, lines: [] });

  it('§5 CA $100 of goods without an order and no order on board is refused by the vehicle rule; with one order it may leave (ref L152)', () => {
    const p = resolvePack(J);
    const alone = checkVehicleLoad(p, DAY, { orders: [], unorderedValueCents: 10000 });
    expect(alone.violations.map((v) => [v.code, v.rule, v.confidence])).toEqual([['DELIVERY_VEHICLE_LIMIT', 'us-ca.delivery.vehicle-load', 'likely']]);
    expect(checkVehicleLoad(p, DAY, { orders: [order('A', 5000)], unorderedValueCents: 10000 }).violations).toEqual([]);
  });

  it('§5 CA an empty vehicle carries no goods, so it breaks nothing (a run being loaded starts empty) (ref L152)', () => {
    expect(checkVehicleLoad(resolvePack(J), DAY, { orders: [], unorderedValueCents: 0 }).violations).toEqual([]);
  });

  it('§5 CA over $3,000 without an order and no order: both breaches are named (ref L152)', () => {
    const r = checkVehicleLoad(resolvePack(J), DAY, { orders: [], unorderedValueCents: 300001 });
    expect(r.violations.map((v) => v.rule)).toEqual(['us-ca.delivery.vehicle-load', 'us-ca.delivery.vehicle-load']);
    expect(r.violations.map((v) => v.message).join(' | ')).toMatch(/at least 1 order/);
  });

  it('§5 MI states no such rule: goods carried without an order are judged by its 15 oz only (ref L156)', () => {
    expect(checkVehicleLoad(resolvePack('US-MI'), DAY, { orders: [], unorderedValueCents: 10000 }).violations).toEqual([]);
  });
});

// ================================================================================================
describe('§9 US-OH: the SB 56 potency caps carry the reference mark "likely" (ref L244, §0 L32)', () => {
  const J = 'US-OH';

  it('§9 OH flower 35% and extract 70% caps are "likely", as the §9 row and the §0 row mark them (ref L244, L32)', () => {
    expect(value(J, 'us-oh.product.sb56-flower-potency', '2026-03-19').confidence).toBe('likely');
    expect(value(J, 'us-oh.product.sb56-extract-potency', '2026-03-19').confidence).toBe('likely');
  });

  it('§9 OH a 36% flower refused on 2026-04-01 says "likely"; it is not among the values a store may override (ref L244)', () => {
    const r = run(J, [flower(3500, { thcPercent: 36 })], { date: '2026-04-01' });
    expect(r.violations.map((v) => [v.code, v.rule, v.confidence])).toEqual([['PRODUCT_NOT_PERMITTED', 'us-oh.product.sb56-flower-potency', 'likely']]);
    const oh = listJurisdictions().find((s) => s.jurisdiction === J)!;
    expect(oh.unsure.map((u) => u.id)).not.toContain('us-oh.product.sb56-flower-potency');
    expect(oh.unsure.map((u) => u.id)).not.toContain('us-oh.product.sb56-extract-potency');
  });

  it('§9 OH 35.0% flower and 70.0% extract are at the caps and sold (ref L244 "≤35%", "≤70%")', () => {
    expect(codes(run(J, [flower(3500, { thcPercent: 35 }), conc(1000, { thcPercent: 70 })], { date: '2026-04-01' }))).toEqual([]);
  });
});

// ================================================================================================
describe('§4 tax bases with exempt and non-cannabis lines in one basket', () => {
  it('§4 CA adult-use: local cannabis tax in the excise base, the excise (not the local tax) in the sales base: $100 flower + $10 accessory, city 2% → 2.00, 15.30, 7.25% × 125.30 = 9.08 (ref L108, L129)', () => {
    const r = run('US-CA', [priced(flower(3500), 10000), accessory(1000)], { store: { localCannabisTaxRate: 0.02 } });
    expect(taxes(r)).toEqual({ CA_LOCAL_CANNABIS: 200, CA_EXCISE: 1530, CA_SALES: 908 });
  });

  it('§4 CA MMIC patient: excise and city tax still due; sales tax only on the accessory, 7.25% × 10.00 = 0.725 → 0.73 (ref L108 "sales tax exempt with county-issued MMIC", L262)', () => {
    const r = run('US-CA', [priced(flower(3500), 10000), accessory(1000)], { customer: patient('US-CA'), store: { localCannabisTaxRate: 0.02 } });
    expect(taxes(r)).toEqual({ CA_LOCAL_CANNABIS: 200, CA_EXCISE: 1530, CA_SALES: 73 });
  });

  it('§4 WA shelf $13.70 holds the 37% excise: 3.70 included, 6.5% sales on the pre-excise 10.00 = 0.65, total 14.35 (ref L110, L131)', () => {
    const r = run('US-WA', [priced(flower(3500), 1370)]);
    expect(taxes(r)).toEqual({ WA_EXCISE: 370, WA_SALES: 65 });
    expect(r.totalCents).toBe(1435);
  });

  it('§4 MI patient: no excise, 6% on the price alone: $100 → 6.00 (ref L112 "Medical: 6% sales tax, no excise")', () => {
    expect(taxes(run('US-MI', [priced(flower(3500), 10000)], { customer: patient('US-MI') }))).toEqual({ MI_SALES: 600 });
  });

  it('§4 NV card holder buying adult-use: no 10% excise, sales 6.85% on the price: $100 → 6.85 (ref L115 "exempt … whether buying medical or adult-use")', () => {
    const holder: Customer = { ...adult('US-NV'), medicalCard: card('US-NV') };
    expect(taxes(run('US-NV', [priced(flower(3500), 10000)], { customer: holder }))).toEqual({ NV_SALES: 685 });
  });

  it('§4 IL patient: 1% on cannabis without local rates; the accessory pays 6.25% + local 2.5% (ref L113, L134)', () => {
    const r = run('US-IL', [priced(flower(3500), 10000), accessory(1000)], { customer: patient('US-IL'), store: { localSalesTaxRate: 0.025, localCannabisTaxRate: 0.03 } });
    expect(taxes(r)).toEqual({ IL_ROT: 88, IL_ROT_MEDICAL: 100 });
  });

  it('§4 CO patient: 2.9% + local 4% = 6.90 on $100, no 15%; adult-use: 15% + local 4%, no 2.9% (ref L109, L130)', () => {
    const store = { localSalesTaxRate: 0.04 };
    expect(taxes(run('US-CO', [priced(flower(3500), 10000)], { customer: patient('US-CO'), store }))).toEqual({ CO_SALES: 690 });
    expect(taxes(run('US-CO', [priced(flower(3500), 10000)], { store }))).toEqual({ CO_RETAIL_MJ_SALES: 1500, CO_LOCAL_SALES: 400 });
  });

  it('§4 OH $100 with county 1.75%: 10.00 excise + 7.5% × 100 = 7.50; a patient pays the 7.50 only (ref L121)', () => {
    const store = { localSalesTaxRate: 0.0175 };
    expect(taxes(run('US-OH', [priced(flower(3500), 10000)], { store }))).toEqual({ OH_EXCISE: 1000, OH_SALES: 750 });
    expect(taxes(run('US-OH', [priced(flower(3500), 10000)], { customer: patient('US-OH'), store }))).toEqual({ OH_SALES: 750 });
  });

  it('§4 MO $100 adult-use, local 3%: 6.00 + 3.00 + 4.225% = 4.2250 → 4.23; patient 4.00 + 4.23 (ref L120, L141, L262)', () => {
    const store = { localCannabisTaxRate: 0.03 };
    expect(taxes(run('US-MO', [priced(flower(3500), 10000)], { store }))).toEqual({ MO_MARIJUANA: 600, MO_LOCAL_MARIJUANA: 300, MO_SALES: 423 });
    expect(taxes(run('US-MO', [priced(flower(3500), 10000)], { customer: patient('US-MO'), store }))).toEqual({ MO_MARIJUANA_MEDICAL: 400, MO_SALES: 423 });
  });

  it('§4 NJ $20.00 at 6.625% = 1.325 → 1.33 half-up (ref L118, L139, L262)', () => {
    expect(taxes(run('US-NJ', [priced(flower(3500), 2000)]))).toEqual({ NJ_SALES: 133 });
  });
});

// ================================================================================================
describe('§4 local rates a jurisdiction rules out are not charged', () => {
  const store = { localSalesTaxRate: 0.02, localCannabisTaxRate: 0.03 };

  it('§4 AZ no other local cannabis taxes (ARS 36-2864): $100 → MET 16.00 + TPT (5.6% + 2% local) 7.60, the 3% cannabis rate ignored (ref L116)', () => {
    expect(taxes(run('US-AZ', [priced(flower(3500), 10000)], { store }))).toEqual({ AZ_MET: 1600, AZ_TPT: 760 });
  });

  it('§4 NY no general sales tax on adult-use cannabis: $100 → 9.00 + 4.00 whatever the store rates; a patient pays no separate charge (ref L117, L138)', () => {
    expect(taxes(run('US-NY', [priced(flower(3500), 10000)], { store }))).toEqual({ NY_CANNABIS_STATE: 900, NY_CANNABIS_LOCAL: 400 });
    expect(run('US-NY', [priced(flower(3500), 10000)], { customer: patient('US-NY'), store }).taxes).toEqual([]);
  });

  it('§4 OR no sales tax: $100 → 17.00 + local 3.00 only (ref L111, L132)', () => {
    expect(taxes(run('US-OR', [priced(flower(3500), 10000)], { store }))).toEqual({ OR_MARIJUANA_STATE: 1700, OR_MARIJUANA_LOCAL: 300 });
  });

  it('§4 MD the cannabis tax replaces the sales tax and there is no local cannabis tax: $100 → 12.00 (ref L119, L140)', () => {
    expect(taxes(run('US-MD', [priced(flower(3500), 10000)], { store }))).toEqual({ MD_CANNABIS: 1200 });
  });

  it('§4 ON HST 13% only: $100 → 13.00 (ref L122, L143)', () => {
    expect(taxes(run('CA-ON', [priced(flower(3500), 10000)], { store }))).toEqual({ ON_HST: 1300 });
  });
});

// ================================================================================================
describe('§0/§4 dated rates at store-local midnight', () => {
  it('§0 MD 9% until 2025-06-30 23:59:59 EDT, 12% from 2025-07-01 00:00:00 EDT: $100 → 9.00 / 12.00 (ref L27, L119)', () => {
    expect(taxes(run('US-MD', [priced(flower(3500), 10000)], { at: '2025-06-30T23:59:59-04:00' }))).toEqual({ MD_CANNABIS: 900 });
    expect(taxes(run('US-MD', [priced(flower(3500), 10000)], { at: '2025-07-01T00:00:00-04:00' }))).toEqual({ MD_CANNABIS: 1200 });
  });

  it('§0 NY the repeal of the distributor potency tax on 2024-06-01 changes nothing at the register: 9% + 4% on both sides (ref L28, L117)', () => {
    for (const at of ['2024-05-31T23:59:59-04:00', '2024-06-01T00:00:00-04:00'])
      expect(taxes(run('US-NY', [priced(flower(3500), 10000)], { at })), at).toEqual({ NY_CANNABIS_STATE: 900, NY_CANNABIS_LOCAL: 400 });
  });

  it('§0 CA 19% ends with 2025-09-30 Pacific: 23:59:59 PDT 19.00, 00:00:00 PDT on 2025-10-01 15.00 (ref L25, L26)', () => {
    expect(taxes(run('US-CA', [priced(flower(3500), 10000)], { at: '2025-09-30T23:59:59-07:00' })).CA_EXCISE).toBe(1900);
    expect(taxes(run('US-CA', [priced(flower(3500), 10000)], { at: '2025-10-01T00:00:00-07:00' })).CA_EXCISE).toBe(1500);
  });
});

// ================================================================================================
describe('§6 sale windows: the first second open, the closing second closed', () => {
  const at = (j: string, time: string) => codes(run(j, [flower(1000)], { time }));
  const cases: [string, string, string[], string[]][] = [
    // jurisdiction, reference line, open seconds, closed seconds
    ['US-OR', 'L177 7:00 am–10:00 pm', ['07:00:00', '21:59:59'], ['06:59:59', '22:00:00']],
    ['US-IL', 'L179 6:00 am–10:00 pm', ['06:00:00', '21:59:59'], ['05:59:59', '22:00:00']],
    ['US-NY', 'L183 not 12:00 am–8:00 am', ['08:00:00', '23:59:59'], ['00:00:00', '07:59:59']],
    ['CA-ON', 'L187 9:00 am–11:00 pm', ['09:00:00', '22:59:59'], ['08:59:59', '23:00:00']],
    ['US-WA', 'L176 8:00 am–12:00 midnight', ['08:00:00', '23:59:59'], ['00:00:00', '07:59:59']],
    ['US-CO', 'L175 no sales midnight–8:00 am', ['08:00:00', '23:59:59'], ['00:00:00', '07:59:59']],
    ['US-CA', 'L174 6:00 am–10:00 pm Pacific', ['06:00:00', '21:59:59'], ['05:59:59', '22:00:00']],
  ];
  for (const [j, ref, open, closed] of cases)
    it(`§6 ${j} open at ${open.join(' and ')}, closed at ${closed.join(' and ')} (ref ${ref})`, () => {
      for (const t of open) expect(at(j, t), t).toEqual([]);
      for (const t of closed) expect(at(j, t), t).toEqual(['OUTSIDE_SALE_HOURS']);
    });

  it('§6 states whose hours are local or unconfirmed have no state window: 03:00 is not refused (ref L178, L180–L182, L184–L186)', () => {
    for (const j of ['US-MI', 'US-MA', 'US-NV', 'US-AZ', 'US-NJ', 'US-MD', 'US-MO', 'US-OH']) expect(at(j, '03:00:00'), j).toEqual([]);
  });
});

// ================================================================================================
describe('§5 US-OR: a bona fide order must be received before 8:00 pm the day delivery is requested (ref L155, OAR 845-025-2880 [S24], sure)', () => {
  const J = 'US-OR';
  const deliver = (orderedAt: string, deliverAt: string) =>
    codes(run(J, [flower(1000)], { channel: 'delivery', at: orderedAt, delivery: { addressType: 'residence', addressJurisdiction: 'US-OR', orderedAt, deliverAt } }));

  it('§5 OR received 19:59:59, delivered 21:00 the same day: allowed (ref L155)', () => {
    expect(deliver('2025-11-15T19:59:59-08:00', '2025-11-15T21:00:00-08:00')).toEqual([]);
  });
  it('§5 OR received 20:00:00, delivered 21:00 the same day: refused, 8 pm is not "before 8:00 pm" (ref L155)', () => {
    expect(deliver('2025-11-15T20:00:00-08:00', '2025-11-15T21:00:00-08:00')).toEqual(['DELIVERY_NOT_ALLOWED']);
  });
  it('§5 OR received 20:30, delivered the next morning at 10:00: allowed (ref L155 "the day delivery is requested")', () => {
    expect(deliver('2025-11-15T20:30:00-08:00', '2025-11-16T10:00:00-08:00')).toEqual([]);
  });
});

// ================================================================================================
describe('§1–§2 who may buy and how much', () => {
  it('§1 IL out-of-state medical patients are not served as patients: a Wisconsin card is refused (ref L46)', () => {
    expect(codes(run('US-IL', [flower(1000)], { customer: patient('US-IL', 'US-WI') }))).toEqual(['MEDICAL_CARD_INVALID']);
  });

  it('§1 MI and MO accept out-of-state cards; AZ visiting patients cannot buy (ref L45, L53, L49)', () => {
    expect(codes(run('US-MI', [flower(1000)], { customer: patient('US-MI', 'US-OH') }))).toEqual([]);
    expect(codes(run('US-MO', [flower(1000)], { customer: patient('US-MO', 'US-IL') }))).toEqual([]);
    expect(codes(run('US-AZ', [flower(1000)], { customer: patient('US-AZ', 'US-CA') }))).toEqual(['MEDICAL_CARD_INVALID']);
  });

  it('§2 IL a Wisconsin ID is a non-resident: 15,000 mg flower passes, 15,001 mg is over the half limit (ref L69 "decided by ID state", L220)', () => {
    const visitor = adult('US-IL', 'US-WI');
    expect(codes(run('US-IL', [flower(15000)], { customer: visitor }))).toEqual([]);
    expect(limitHits(run('US-IL', [flower(15001)], { customer: visitor }))).toEqual(['us-il.limit.au-nonresident-flower']);
  });

  it('§2 ON 29 g flower + 0.25 g concentrate = 30 g dried equivalent passes; one more mg of flower is over (ref L78 "0.25 g concentrate = 1 g dried")', () => {
    expect(codes(run('CA-ON', [flower(29000), conc(250)]))).toEqual([]);
    expect(limitHits(run('CA-ON', [flower(29001), conc(250)]))).toEqual(['ca-on.limit.dried-equivalent']);
  });

  it('§2 CO 14 g flower + 4 g concentrate = ½ + ½ of the ounce passes; one more mg of concentrate is over (ref L65 "flower/28 + conc/8 + mg/800 ≤ 1")', () => {
    expect(codes(run('US-CO', [flower(14000), conc(4000)]))).toEqual([]);
    expect(limitHits(run('US-CO', [flower(14000), conc(4001)]))).toEqual(['us-co.limit.au-equivalency']);
  });
});

describe('§3 values unsure only in part: the figure the reference is sure of is not a store’s to replace', () => {
  const unsureEntry = (j: string, id: string) => listJurisdictions().find((s) => s.jurisdiction === j)?.unsure.find((u) => u.id === id);

  it('§3 CA: the 8 g concentrate limit is sure, its mapping of products to concentrate unsure: only the components are listed (ref L64 "sure (limits); unsure (mg→g conversion)")', () => {
    expect(unsureEntry('US-CA', 'us-ca.limit.au-concentrate')).toMatchObject({ fields: ['components'] });
    expect(resolvePack('US-CA').limits.find((l) => l.id === 'us-ca.limit.au-concentrate')?.max).toBe(8000);
  });

  it('§3 NV: 2.5 oz / ¼ oz are sure, the mixing formula and mg mapping unsure: only the components are listed, in both versions (ref L71)', () => {
    const nv = listJurisdictions().find((s) => s.jurisdiction === 'US-NV')!;
    const entries = nv.unsure.filter((u) => u.id === 'us-nv.limit.au-equivalency');
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e.fields).toEqual(['components']);
  });

  it('§3 MI: 10 oz a month is the figure, "calendar month?" the doubt: only the window is listed (ref L91)', () => {
    expect(unsureEntry('US-MI', 'us-mi.limit.med-month')).toMatchObject({ fields: ['window'] });
  });

  it('a value unsure as a whole lists no fields: any of its fields is a store’s reading (§3 OR flower, ref L74)', () => {
    const or = listJurisdictions().find((s) => s.jurisdiction === 'US-OR')!;
    const whole = or.unsure.filter((u) => u.id.startsWith('us-or.limit.'));
    expect(whole.length).toBeGreaterThan(0);
    for (const e of whole) expect(e.fields).toBeUndefined();
  });
});
