// Sixth pass of acceptance cases, worked from /work/shared/reference/regulations.md alone. The first
// five passes cover each row's headline figures at their edges; this pass takes what they left:
// statements no case checked (WA's ten units "otherwise taken into the body", IL's county cannabis
// ROT on top of the municipal one, OH's SB 56 keeping the 10%, deliveries only inside the state,
// patient allotments verified on a delivery) and the exact first instant of every multi-day
// window (rolling 14/30/60/90 days and the calendar month), given as the wall-clock instant a
// register would send, with its real UTC offset: several windows open on 2025-11-02, the day
// daylight time ends, when midnight is still on the summer offset.
//
// Conventions: sales on 2025-11-15 at 14:00 store-local unless a case says otherwise; 1 oz =
// 28,349.5 mg (reference "Units"), NJ/NV 28,350 mg; every expected figure is worked by hand from
// the reference, none is read back from the code. Case names cite the section (§n) and the
// reference line (ref Lnn).
import { describe, expect, it } from 'vitest';
import { resolvePack } from '../index.ts';
import type { EvaluateResponse } from '../response-schema.ts';
import { codes, DAY, limitHits, run, type Customer, type Line } from '../testing/pass-cases.ts';


const adult = (j: string, idJurisdiction = j, birthDate = '1980-01-01'): Customer => ({ kind: 'adult_use', birthDate, idJurisdiction });
const patient = (j: string, o: { expiresOn?: string; birthDate?: string } = {}): Customer => ({
  kind: 'medical',
  birthDate: o.birthDate ?? '1980-01-01',
  idJurisdiction: j,
  medicalCard: { number: 'CARD-6', jurisdiction: j, expiresOn: o.expiresOn ?? '2030-12-31' },
});

const tax = (r: EvaluateResponse, code: string) => r.taxes.find((t) => t.code === code)?.amountCents;
const taxCodes = (r: EvaluateResponse) => r.taxes.map((t) => t.code);
const usage = (r: EvaluateResponse, id: string) => r.limits.find((l) => l.id === id);

const flower = (mg: number, extra: Partial<Line> = {}): Line => ({ category: 'flower', netWeightMg: mg, thcMg: 1, thcPercent: 20, ...extra });
const conc = (mg: number, extra: Partial<Line> = {}): Line => ({ category: 'concentrate', netWeightMg: mg, thcMg: Math.max(1, Math.floor(mg * 0.7)), thcPercent: 70, ...extra });
const edible = (thcMg: number, extra: Partial<Line> = {}): Line => ({ category: 'edible', netWeightMg: 50000, thcMg, thcMgPerServing: Math.min(10, thcMg), ...extra });
const topical = (quantity: number, extra: Partial<Line> = {}): Line => ({ category: 'topical', netWeightMg: 60000, thcMg: 100, quantity, ...extra });
const priced = (l: Line, cents: number): Line => ({ ...l, unitPriceCents: cents });

// ================================================================================================
describe('US-WA §2: "10 units otherwise taken into body" (ref L66; WAC 314-55-095)', () => {
  const J = 'US-WA';
  const RULE = 'us-wa.limit.au-other-units';

  it('§2 WA ten units of topical product in one transaction pass; an eleventh is refused by the units limit (ref L66)', () => {
    expect(codes(run(J, [topical(10)]))).toEqual([]);
    const r = run(J, [topical(11)]);
    expect(codes(r)).toEqual(['PURCHASE_LIMIT']);
    expect(limitHits(r)).toEqual([RULE]);
  });

  it('§2 WA units are counted across lines: 6 balms + 5 patches = 11 refused; 6 + 4 = 10 pass (ref L66)', () => {
    expect(limitHits(run(J, [topical(6), topical(4, { sku: 'PATCH' })]))).toEqual([]);
    expect(limitHits(run(J, [topical(6), topical(5, { sku: 'PATCH' })]))).toEqual([RULE]);
  });

  it('§2 WA the usage shows 10 of 10 units per transaction (ref L66)', () => {
    const u = usage(run(J, [topical(10)]), RULE);
    expect(u).toMatchObject({ used: 10, max: 10, unit: 'units', remaining: 0, window: 'transaction' });
  });

  it('§2 WA "any combination": 1 oz flower + 7 g concentrate + 16 oz solid + 10 topical units together pass (ref L66)', () => {
    const cart = [flower(28349), conc(1000, { quantity: 7 }), edible(100, { netWeightMg: 453592 }), topical(10)];
    expect(codes(run(J, cart))).toEqual([]);
  });

  it('§2 WA per transaction: ten units bought earlier today do not count against this sale (ref L66)', () => {
    const r = run(J, [topical(10)], { history: [{ at: '2025-11-15T09:00:00-08:00', lines: [topical(10)] }] });
    expect(codes(r)).toEqual([]);
  });

  it('§2/§3 WA the units limit is an adult-use transaction limit (the medical row lists no such amount): a database patient buys 11 (ref L66, L89)', () => {
    expect(limitHits(run(J, [topical(11)], { customer: patient(J) }))).toEqual([]);
  });

  it('§2 WA the value carries its source, "likely" (amount sure, category reading) and is overridable (lotions) (ref L66)', () => {
    const v = resolvePack(J).limits.find((l) => l.id === RULE)!;
    expect(v.source.refs).toContain('S19');
    expect(v.confidence).toBe('likely');
    expect(v.overridable).toBe(true);
    expect(resolvePack(J).version).toBe('2026.12.16'); // US-WA: the eighth pass added its drive-through ban; 2026.12.16 its caps on THC compounds other than Δ9
  });
});

// ================================================================================================
describe('US-IL §4: municipal cannabis ROT ≤3% plus county cannabis ROT ≤3% in municipalities, ≤3.75% unincorporated (ref L113)', () => {
  const J = 'US-IL';
  const f100 = priced(flower(3500), 10000);

  it('§4 IL a store in a municipality with 3% municipal + 3% county: cannabis ROT 6% × $100 = $6.00; excise $10.00; ROT 6.25% × $100 = $6.25; total $122.25 (ref L113, L134)', () => {
    const r = run(J, [f100], { store: { localCannabisTaxRate: 0.06 } });
    expect(tax(r, 'IL_EXCISE_10')).toBe(1000);
    expect(tax(r, 'IL_CANNABIS_ROT')).toBe(600);
    expect(tax(r, 'IL_ROT')).toBe(625);
    expect(r.totalCents).toBe(12225);
  });

  it('§4 IL unincorporated county 3.75%: $100 → $3.75; a 2.25% county rate (0.25% steps) on $33.33 → $0.749925 → $0.75 (ref L113, L262)', () => {
    expect(tax(run(J, [f100], { store: { localCannabisTaxRate: 0.0375 } }), 'IL_CANNABIS_ROT')).toBe(375);
    expect(tax(run(J, [priced(flower(3500), 3333)], { store: { localCannabisTaxRate: 0.0225 } }), 'IL_CANNABIS_ROT')).toBe(75);
  });

  it('§4 IL the cannabis ROTs are not on the accessory: flower $100 + tray $20 at 6% → $6.00 (ref L113)', () => {
    const r = run(J, [f100, { category: 'accessory', unitPriceCents: 2000 }], { store: { localCannabisTaxRate: 0.06 } });
    expect(tax(r, 'IL_CANNABIS_ROT')).toBe(600);
    expect(tax(r, 'IL_ROT')).toBe(750);
  });

  it('§4 IL medical: no cannabis ROT even at 6%, only the 1% state ROT: $1.00 (ref L113)', () => {
    const r = run(J, [f100], { customer: patient(J), store: { localCannabisTaxRate: 0.06 } });
    expect(taxCodes(r)).toEqual(['IL_ROT_MEDICAL']);
    expect(tax(r, 'IL_ROT_MEDICAL')).toBe(100);
  });
});

describe('US-IL §2/§8: residency from the ID state, however the register writes it (ref L69, L220)', () => {
  const J = 'US-IL';
  it('§8 IL an ID issued by "IL" or "us-il" is a resident: 30,000 mg passes; an Indiana ID is half: 15,001 mg refused (ref L69, L220)', () => {
    expect(codes(run(J, [flower(30000)], { customer: adult(J, 'IL') }))).toEqual([]);
    expect(codes(run(J, [flower(30000)], { customer: adult(J, 'us-il') }))).toEqual([]);
    expect(limitHits(run(J, [flower(15001)], { customer: adult(J, 'US-IN') }))).toEqual(['us-il.limit.au-nonresident-flower']);
    expect(limitHits(run(J, [flower(15000)], { customer: adult(J, 'IN') }))).toEqual([]);
  });
});

// ================================================================================================
// Rolling windows open at 00:00 store-local on the first day ("today and the N−1 days before").
// From 2025-11-15: 14 days → 2025-11-02 (the day DST ends: midnight is still on the summer offset),
// 30 days → 2025-10-17, 60 days → 2025-09-17, 90 days → 2025-08-18; the calendar month → 2025-11-01.
describe('§3 medical windows: the first instant of each window, at its real UTC offset', () => {
  it('§3 IL 14 days (2.5 oz = 70,873.75 mg): 60,000 mg at 2025-11-02T00:00:00-05:00 (CDT) counts: + 10,874 refused; at 2025-11-01T23:59:59-05:00 it does not (ref L92)', () => {
    const J = 'US-IL';
    const at = (t: string) => ({ customer: patient(J), history: [{ at: t, lines: [flower(60000)] }] });
    expect(limitHits(run(J, [flower(10873)], at('2025-11-02T00:00:00-05:00')))).toEqual([]);
    expect(limitHits(run(J, [flower(10874)], at('2025-11-02T00:00:00-05:00')))).toEqual(['us-il.limit.med-14-days']);
    expect(limitHits(run(J, [flower(10874)], at('2025-11-01T23:59:59-05:00')))).toEqual([]);
  });

  it('§3 NV 14 days (2.5 oz = 70,875 mg at 28.35 g): 60,000 mg at 2025-11-02T00:00:00-07:00 (PDT) counts: + 10,876 refused; at 2025-11-01T23:59:59-07:00 not (ref L94, L16)', () => {
    const J = 'US-NV';
    const at = (t: string) => ({ customer: patient(J), history: [{ at: t, lines: [flower(60000)] }] });
    expect(limitHits(run(J, [flower(10875)], at('2025-11-02T00:00:00-07:00')))).toEqual([]);
    expect(limitHits(run(J, [flower(10876)], at('2025-11-02T00:00:00-07:00')))).toEqual(['us-nv.limit.med-14-days']);
    expect(limitHits(run(J, [flower(10876)], at('2025-11-01T23:59:59-07:00')))).toEqual([]);
  });

  it('§3 AZ 14 calendar days (Arizona keeps MST all year): 60,000 mg at 2025-11-02T00:00:00-07:00 counts: + 10,874 refused; 2025-11-01T23:59:59-07:00 not (ref L95)', () => {
    const J = 'US-AZ';
    const at = (t: string) => ({ customer: patient(J), history: [{ at: t, lines: [flower(60000)] }] });
    expect(limitHits(run(J, [flower(10874)], at('2025-11-02T00:00:00-07:00')))).toEqual(['us-az.limit.med-14-days']);
    expect(limitHits(run(J, [flower(10874)], at('2025-11-01T23:59:59-07:00')))).toEqual([]);
  });

  it('§3 NJ 30 days (3 oz = 85,050 mg): 60,000 mg at 2025-10-17T00:00:00-04:00 counts: + 25,050 passes, + 25,051 refused; at 2025-10-16T23:59:59-04:00 not (ref L97)', () => {
    const J = 'US-NJ';
    const at = (t: string) => ({ customer: patient(J), history: [{ at: t, lines: [flower(60000)] }] });
    expect(limitHits(run(J, [flower(25050)], at('2025-10-17T00:00:00-04:00')))).toEqual([]);
    expect(limitHits(run(J, [flower(25051)], at('2025-10-17T00:00:00-04:00')))).toEqual(['us-nj.limit.med-30-days']);
    expect(limitHits(run(J, [flower(25051)], at('2025-10-16T23:59:59-04:00')))).toEqual([]);
  });

  it('§3 MD 30 days (120 g usable): 100 g at 2025-10-17T00:00:00-04:00 counts: + 20,001 mg refused; at 2025-10-16T23:59:59-04:00 not (ref L98)', () => {
    const J = 'US-MD';
    const at = (t: string) => ({ customer: patient(J), history: [{ at: t, lines: [flower(100000)] }] });
    expect(limitHits(run(J, [flower(20000)], at('2025-10-17T00:00:00-04:00')))).toEqual([]);
    expect(limitHits(run(J, [flower(20001)], at('2025-10-17T00:00:00-04:00')))).toEqual(['us-md.limit.med-usable-30-days']);
    expect(limitHits(run(J, [flower(20001)], at('2025-10-16T23:59:59-04:00')))).toEqual([]);
  });

  it('§3 MD 30 days (36 g THC) at the same edge: 30 g THC of concentrate at 2025-10-17T00:00:00-04:00 + 6,001 mg THC refused; a second earlier not (ref L98)', () => {
    const J = 'US-MD';
    const c = (thc: number): Line => ({ category: 'vape', netWeightMg: 1000, thcMg: thc, thcPercent: 80 });
    const at = (t: string) => ({ customer: patient(J), history: [{ at: t, lines: [c(30000)] }] });
    expect(limitHits(run(J, [c(6000)], at('2025-10-17T00:00:00-04:00')))).toEqual([]);
    expect(limitHits(run(J, [c(6001)], at('2025-10-17T00:00:00-04:00')))).toEqual(['us-md.limit.med-thc-30-days']);
    expect(limitHits(run(J, [c(6001)], at('2025-10-16T23:59:59-04:00')))).toEqual([]);
  });

  it('§3 MO 30 days (6 oz = 170,097 mg): 100 g at 2025-10-17T00:00:00-05:00 (CDT) counts: + 70,097 passes, + 70,098 refused; at 2025-10-16T23:59:59-05:00 not (ref L99)', () => {
    const J = 'US-MO';
    const at = (t: string) => ({ customer: patient(J), history: [{ at: t, lines: [flower(100000)] }] });
    expect(limitHits(run(J, [flower(70097)], at('2025-10-17T00:00:00-05:00')))).toEqual([]);
    expect(limitHits(run(J, [flower(70098)], at('2025-10-17T00:00:00-05:00')))).toEqual(['us-mo.limit.med-30-days']);
    expect(limitHits(run(J, [flower(70098)], at('2025-10-16T23:59:59-05:00')))).toEqual([]);
  });

  it('§3 MA 60 days (10 oz = 283,495 mg): 200 g at 2025-09-17T00:00:00-04:00 counts: + 83,495 passes, + 83,496 refused; at 2025-09-16T23:59:59-04:00 not (ref L93)', () => {
    const J = 'US-MA';
    const at = (t: string) => ({ customer: patient(J), history: [{ at: t, lines: [flower(200000)] }] });
    expect(limitHits(run(J, [flower(83495)], at('2025-09-17T00:00:00-04:00')))).toEqual([]);
    expect(limitHits(run(J, [flower(83496)], at('2025-09-17T00:00:00-04:00')))).toEqual(['us-ma.limit.med-60-days']);
    expect(limitHits(run(J, [flower(83496)], at('2025-09-16T23:59:59-04:00')))).toEqual([]);
  });

  it('§3 OH 90 days (tier I 8 oz = 226,796 mg): 200 g of 20% flower at 2025-08-18T00:00:00-04:00 counts: + 26,796 passes, + 26,797 refused; at 2025-08-17T23:59:59-04:00 not (ref L100)', () => {
    const J = 'US-OH';
    const at = (t: string) => ({ customer: patient(J), history: [{ at: t, lines: [flower(200000)] }] });
    expect(limitHits(run(J, [flower(26796)], at('2025-08-18T00:00:00-04:00')))).toEqual([]);
    expect(limitHits(run(J, [flower(26797)], at('2025-08-18T00:00:00-04:00')))).toEqual(['us-oh.limit.med-90-day-supply']);
    expect(limitHits(run(J, [flower(26797)], at('2025-08-17T23:59:59-04:00')))).toEqual([]);
  });

  it('§3 OR 32 oz per month: 8 oz on Nov 1 at 00:00:00-07:00 (PDT) and on Nov 3–5 fill 907,184 mg: 1 mg more refused; the Nov 1 purchase moved to Oct 31 23:59:59 leaves room (ref L90)', () => {
    const J = 'US-OR';
    const full = (first: string) => ({
      customer: patient(J),
      history: [first, '2025-11-03T12:00:00-08:00', '2025-11-04T12:00:00-08:00', '2025-11-05T12:00:00-08:00'].map((at) => ({ at, lines: [flower(226796)] })),
    });
    expect(limitHits(run(J, [flower(1)], full('2025-11-01T00:00:00-07:00')))).toEqual(['us-or.limit.med-usable-month']);
    expect(limitHits(run(J, [flower(1)], full('2025-10-31T23:59:59-07:00')))).toEqual([]);
  });

  it('§3 MI 10 oz per month: 2.5 oz on Nov 1 at 00:00:00-04:00 (EDT) and Nov 3–5 = 283,492 mg: + 3 mg passes, + 4 mg refused; from Oct 31 23:59:59 the month has room (ref L91)', () => {
    const J = 'US-MI';
    const month = (first: string) => ({
      customer: patient(J),
      history: [first, '2025-11-03T12:00:00-05:00', '2025-11-04T12:00:00-05:00', '2025-11-05T12:00:00-05:00'].map((at) => ({ at, lines: [flower(70873)] })),
    });
    expect(limitHits(run(J, [flower(3)], month('2025-11-01T00:00:00-04:00')))).toEqual([]);
    expect(limitHits(run(J, [flower(4)], month('2025-11-01T00:00:00-04:00')))).toEqual(['us-mi.limit.med-month']);
    expect(limitHits(run(J, [flower(4)], month('2025-10-31T23:59:59-04:00')))).toEqual([]);
  });

  it('§3 IL the 14-day window the day after DST starts (2026-03-08): on 2026-03-20 it opens 2026-03-07T00:00:00-06:00 (CST) (ref L92)', () => {
    const J = 'US-IL';
    const at = (t: string) => ({ date: '2026-03-20', customer: patient(J), history: [{ at: t, lines: [flower(60000)] }] });
    expect(limitHits(run(J, [flower(10874)], at('2026-03-07T00:00:00-06:00')))).toEqual(['us-il.limit.med-14-days']);
    expect(limitHits(run(J, [flower(10874)], at('2026-03-06T23:59:59-06:00')))).toEqual([]);
  });
});

// ================================================================================================
describe('§0/§4 OH SB 56 keeps the 10% (ref L32, L121)', () => {
  const J = 'US-OH';
  it('§0 OH $100 flower the day before and the day SB 56 takes effect (pack 2026-03-19): excise $10.00 and 5.75% sales $5.75 both days (ref L32, L121, L142)', () => {
    for (const date of ['2026-03-18', '2026-03-19']) {
      const r = run(J, [priced(flower(3500), 10000)], { date });
      expect(tax(r, 'OH_EXCISE')).toBe(1000);
      expect(tax(r, 'OH_SALES')).toBe(575);
      expect(r.totalCents).toBe(11575);
    }
  });
});

// ================================================================================================
describe('§5 delivery only inside the state', () => {
  it('§5 CA "only to a physical address in CA": an address in US-NV is refused, one in US-CA delivers (ref L152)', () => {
    const J = 'US-CA';
    const d = (addressJurisdiction: string) => ({ channel: 'delivery' as const, delivery: { addressType: 'residence' as const, addressJurisdiction } });
    expect(codes(run(J, [flower(3500)], d('US-CA')))).toEqual([]);
    const r = run(J, [flower(3500)], d('US-NV'));
    expect(codes(r)).toEqual(['DELIVERY_NOT_ALLOWED']);
    expect(r.violations[0].rule).toBe('us-ca.delivery.allowed');
  });

  it('§5 OR "only to a residence in Oregon": a Vancouver (US-WA) residence is refused, for a patient too; an Oregon one delivers (ref L155)', () => {
    const J = 'US-OR';
    const d = (addressJurisdiction: string) => ({ channel: 'delivery' as const, delivery: { addressType: 'residence' as const, addressJurisdiction } });
    expect(codes(run(J, [flower(3500)], d('US-OR')))).toEqual([]);
    expect(codes(run(J, [flower(3500)], d('US-WA')))).toEqual(['DELIVERY_NOT_ALLOWED']);
    expect(codes(run(J, [flower(3500)], { ...d('US-WA'), customer: patient(J) }))).toEqual(['DELIVERY_NOT_ALLOWED']);
  });
});

describe('§5 a delivery is still a sale: the patient allotment is checked before it leaves', () => {
  it('§5/§3 MD "verify 30-day supply before delivery": 100 g delivered 20 days ago + 20 g to the residence passes; 20,001 mg is PURCHASE_LIMIT, not a delivery refusal (ref L163, L98)', () => {
    const J = 'US-MD';
    const o = { channel: 'delivery' as const, customer: patient(J), delivery: { addressType: 'residence' as const }, history: [{ at: '2025-10-26T12:00:00-04:00', lines: [flower(100000)] }] };
    expect(codes(run(J, [flower(20000)], o))).toEqual([]);
    expect(codes(run(J, [flower(20001)], o))).toEqual(['PURCHASE_LIMIT']);
  });

  it('§5/§3 MI a patient’s delivery counts against 2.5 oz a day: 70,873 mg picked up this morning + 1 mg delivered refused (ref L156, L91)', () => {
    const J = 'US-MI';
    const o = { channel: 'delivery' as const, customer: patient(J), delivery: { addressType: 'residence' as const }, history: [{ at: '2025-11-15T09:00:00-05:00', lines: [flower(70873)] }] };
    expect(limitHits(run(J, [flower(1)], o))).toEqual(['us-mi.limit.med-day']);
  });

  it('§5/§2 NJ an adult-use delivery is per transaction: 28,350 mg delivered passes, 28,351 refused (ref L162, L74)', () => {
    const J = 'US-NJ';
    const o = { channel: 'delivery' as const };
    expect(codes(run(J, [flower(28350)], o))).toEqual([]);
    expect(limitHits(run(J, [flower(28351)], o))).toEqual(['us-nj.limit.au-equivalency']);
  });
});

describe('§5/§6 delivery hand-over inside the sale hours', () => {
  it('§5/§6 CO retail delivery handed over at 07:59:59 is refused (no sales midnight–8 am); 08:00:00 and 23:59:59 allowed (ref L153, L175)', () => {
    const J = 'US-CO';
    const at = (t: string) => ({ channel: 'delivery' as const, delivery: { orderedAt: '2025-11-15T07:00:00-07:00', deliverAt: `2025-11-15T${t}-07:00` } });
    expect(codes(run(J, [flower(3500)], { ...at('07:59:59'), time: '07:00:00' }))).toEqual(['OUTSIDE_SALE_HOURS']);
    expect(codes(run(J, [flower(3500)], { ...at('08:00:00'), time: '07:00:00' }))).toEqual([]);
    expect(codes(run(J, [flower(3500)], { ...at('23:59:59'), time: '07:00:00' }))).toEqual([]);
  });

  it('§6 IL a pickup is a sale at the counter: 05:59:59 refused, 06:00:00 allowed, 21:59:59 allowed, 22:00:00 refused (ref L179)', () => {
    const J = 'US-IL';
    const t = (time: string) => codes(run(J, [flower(3500)], { channel: 'pickup', time }));
    expect(t('05:59:59')).toEqual(['OUTSIDE_SALE_HOURS']);
    expect(t('06:00:00')).toEqual([]);
    expect(t('21:59:59')).toEqual([]);
    expect(t('22:00:00')).toEqual(['OUTSIDE_SALE_HOURS']);
  });
});

// ================================================================================================
describe('§1/§4 medical cards at their expiry date', () => {
  it('§1/§4 MD a card expiring today still exempts the sale from the 12%; expired yesterday it is MEDICAL_CARD_INVALID and the 12% is charged (ref L52, L119)', () => {
    const J = 'US-MD';
    const ok = run(J, [priced(flower(3500), 10000)], { customer: patient(J, { expiresOn: DAY }) });
    expect(codes(ok)).toEqual([]);
    expect(tax(ok, 'MD_CANNABIS')).toBeUndefined();
    const expired = run(J, [priced(flower(3500), 10000)], { customer: patient(J, { expiresOn: '2025-11-14' }) });
    expect(codes(expired)).toEqual(['MEDICAL_CARD_INVALID']);
    expect(tax(expired, 'MD_CANNABIS')).toBe(1200);
  });

  it('§4 MA a registration card expiring today exempts all three taxes; expired yesterday the $100 pays $10.75 + $6.25 (ref L47, L114)', () => {
    const J = 'US-MA';
    expect(run(J, [priced(flower(3500), 10000)], { customer: patient(J, { expiresOn: DAY }) }).taxCents).toBe(0);
    const r = run(J, [priced(flower(3500), 10000)], { customer: patient(J, { expiresOn: '2025-11-14' }) });
    expect(codes(r)).toEqual(['MEDICAL_CARD_INVALID']);
    expect(tax(r, 'MA_EXCISE')).toBe(1075);
    expect(tax(r, 'MA_SALES')).toBe(625);
  });
});

// ================================================================================================
describe('§2 equivalency of one concentrate or edible to flower, at the edge', () => {
  it('§2 CO 1 g concentrate = 3.5 g flower (28/8): 24,500 mg flower + 1 g passes, 24,501 refused (ref L65)', () => {
    expect(codes(run('US-CO', [flower(24500), conc(1000)]))).toEqual([]);
    expect(limitHits(run('US-CO', [flower(24501), conc(1000)]))).toEqual(['us-co.limit.au-equivalency']);
  });

  it('§2 CO 100 mg THC = 3.5 g flower (28 g / 800 mg): 24,500 mg + a 100 mg edible passes, 24,501 refused (ref L65)', () => {
    expect(codes(run('US-CO', [flower(24500), edible(100)]))).toEqual([]);
    expect(limitHits(run('US-CO', [flower(24501), edible(100)]))).toEqual(['us-co.limit.au-equivalency']);
  });

  it('§2 NJ 1 g concentrate = 5.67 g flower (28.35 / 5): 22,680 mg + 1 g passes, 22,681 refused; 100 mg ingestible = 2,835 mg: 25,515 passes, 25,516 refused (ref L74)', () => {
    expect(codes(run('US-NJ', [flower(22680), conc(1000)]))).toEqual([]);
    expect(limitHits(run('US-NJ', [flower(22681), conc(1000)]))).toEqual(['us-nj.limit.au-equivalency']);
    expect(codes(run('US-NJ', [flower(25515), edible(100)]))).toEqual([]);
    expect(limitHits(run('US-NJ', [flower(25516), edible(100)]))).toEqual(['us-nj.limit.au-equivalency']);
  });

  it('§2 MO 1 g concentrate = ⅛ oz (3,543.6875 mg): 81,504 mg flower + 1 g = 85,047.69 passes; 81,505 → 85,048.69 > 85,048.5 refused (ref L76)', () => {
    expect(codes(run('US-MO', [flower(81504), conc(1000)]))).toEqual([]);
    expect(limitHits(run('US-MO', [flower(81505), conc(1000)]))).toEqual(['us-mo.limit.au-equivalency']);
  });

  it('§2 MD 100 mg THC = 1.5 oz / 7.5 = 5,669.9 mg (combined reading): 36,854 mg flower + 100 mg passes, 36,855 refused (ref L75)', () => {
    expect(codes(run('US-MD', [flower(36854), edible(100)]))).toEqual([]);
    expect(limitHits(run('US-MD', [flower(36855), edible(100)]))).toEqual(['us-md.limit.au-equivalency']);
  });

  it('§2 ON 1 g concentrate = 4 g dried (0.25 g = 1 g): 26,000 mg + 1 g passes, 26,001 refused (ref L78)', () => {
    expect(codes(run('CA-ON', [flower(26000), conc(1000)], { time: '14:00:00' }))).toEqual([]);
    expect(limitHits(run('CA-ON', [flower(26001), conc(1000)]))).toEqual(['ca-on.limit.dried-equivalent']);
  });

  it('§2 MA 1 g of 50% concentrate (500 mg THC) = 1/10 oz: 25,514 mg flower + it passes, 25,515 refused (28,349.5 × 0.9 = 25,514.55) (ref L70)', () => {
    const c: Line = { category: 'concentrate', netWeightMg: 1000, thcMg: 500, thcPercent: 50 };
    expect(codes(run('US-MA', [flower(25514), c]))).toEqual([]);
    expect(limitHits(run('US-MA', [flower(25515), c]))).toEqual(['us-ma.limit.au-equivalency']);
  });
});

describe('§2 more equivalencies, with the usage the engine reports', () => {
  it('§2/§10.8 NV ¼ oz concentrate against 2.5 oz usable (combined reading): 1 g concentrate = 10 g usable: 60,875 mg (in ≤1 oz packages) + 1 g = 70,875 passes (used 70,875 of 70,875), 60,876 refused (ref L71, L240)', () => {
    const oz = flower(28350, { quantity: 2 });
    const ok = run('US-NV', [oz, flower(4175), conc(1000)]);
    expect(codes(ok)).toEqual([]);
    expect(usage(ok, 'us-nv.limit.au-equivalency')).toMatchObject({ used: 70875, max: 70875, remaining: 0 });
    const over = run('US-NV', [oz, flower(4176), conc(1000)]);
    expect(codes(over)).toEqual(['PURCHASE_LIMIT']);
    expect(limitHits(over)).toEqual(['us-nv.limit.au-equivalency']);
  });

  it('§2 CO the usage is flower-equivalent mg: 24,500 mg + 1 g concentrate is used 28,000 of 28,000 (ref L65)', () => {
    expect(usage(run('US-CO', [flower(24500), conc(1000)]), 'us-co.limit.au-equivalency')).toMatchObject({ used: 28000, max: 28000, remaining: 0, unit: 'mg', window: 'day' });
  });

  it('§2 MI concentrate (vapes too) counts toward 2.5 oz at its weight, not as the "7 g gaseous" form: 15 × 1 g vapes + 55,873 mg flower pass; 55,874 refused (ref L68)', () => {
    const vapes: Line = { category: 'vape', netWeightMg: 1000, thcMg: 800, thcPercent: 80, quantity: 15 };
    const ok = run('US-MI', [vapes, flower(55873)]);
    expect(codes(ok)).toEqual([]);
    expect(usage(ok, 'us-mi.limit.au-concentrate')).toMatchObject({ used: 15000, max: 15000 });
    expect(limitHits(run('US-MI', [vapes, flower(55874)]))).toEqual(['us-mi.limit.au-equivalency']);
  });

  it('§2 ON the packs carry the readings they rest on (MI gaseous form, ON fresh cannabis); MI at 2026.12.15 since the eighth pass, ON at 2026.12.9 (ref L68, L78)', () => {
    expect(resolvePack('US-MI').limits.find((l) => l.id === 'us-mi.limit.au-equivalency')!.note).toMatch(/gaseous/);
    expect(resolvePack('CA-ON').limits.find((l) => l.id === 'ca-on.limit.dried-equivalent')!.note).toMatch(/[Ff]resh/);
    expect(resolvePack('US-MI').version).toBe('2026.12.15');
    expect(resolvePack('CA-ON').version).toBe('2026.12.9');
  });
});

describe('§9 MD "adult-use may buy only …" (ref L242)', () => {
  const J = 'US-MD';
  it('§9 MD vape devices are on the list without the 1 g concentrate cap: a 2 g vape sells to an adult; a 1,001 mg concentrate does not (ref L242)', () => {
    expect(codes(run(J, [{ category: 'vape', netWeightMg: 2000, thcMg: 1600, thcPercent: 80 }]))).toEqual([]);
    expect(codes(run(J, [conc(1001)]))).toEqual(['PRODUCT_NOT_PERMITTED']);
  });

  it('§9 MD home-grow products and infused non-edibles are on the list: seeds, a plant and a topical sell to an adult (ref L242)', () => {
    const r = run(J, [{ category: 'seed', quantity: 10 }, { category: 'plant', quantity: 1 }, { category: 'topical', netWeightMg: 50000, thcMg: 100 }]);
    expect(codes(r)).toEqual([]);
  });
});

describe('§4 CA local stacking for patients (ref L108, L129)', () => {
  const J = 'US-CA';
  const f100 = priced(flower(3500), 10000);
  const mmic: Customer = { ...patient(J), medicalCard: { number: 'MMIC-123456789', jurisdiction: J, expiresOn: '2030-12-31', kind: 'registry_card' } };

  it('§4 CA MMIC holder, city cannabis tax 3% passed through: $3.00 joins the excise base → 15% × $103 = $15.45; no sales tax; pays $118.45 (ref L108)', () => {
    const r = run(J, [f100], { customer: mmic, store: { localCannabisTaxRate: 0.03, localSalesTaxRate: 0.01 } });
    expect(tax(r, 'CA_LOCAL_CANNABIS')).toBe(300);
    expect(tax(r, 'CA_EXCISE')).toBe(1545);
    expect(tax(r, 'CA_SALES')).toBeUndefined();
    expect(r.totalCents).toBe(11845);
  });

  it('§4 CA a patient with a recommendation only, same store: $3.00 + $15.45 + 8.25% × ($100 + $15.45) = $9.524625 → $9.52; pays $127.97 (ref L108, L129)', () => {
    const rec: Customer = { ...mmic, medicalCard: { ...mmic.medicalCard!, kind: 'recommendation' } };
    const r = run(J, [f100], { customer: rec, store: { localCannabisTaxRate: 0.03, localSalesTaxRate: 0.01 } });
    expect(tax(r, 'CA_EXCISE')).toBe(1545);
    expect(tax(r, 'CA_SALES')).toBe(952);
    expect(r.totalCents).toBe(12797);
  });
});
