// Washington's two liquid amounts (RCW 69.50.360(3)(c),(d)): 72 fl oz of infused liquid, unless it
// is packaged in units of at most 4 mg THC, and 200 mg THC of liquid in such units, independent of
// each other and of every other amount. Also the limit-component band on THC per unit that
// expresses them, and the pack check that refuses an empty band.
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { packSchema, type PackInput } from './pack-schema.ts';
import { BUILT_IN_PACKS } from './packs/index.ts';
import { resolvePack, validatePack } from './registry.ts';
import type { RequestLine } from './request-schema.ts';
import type { EvaluateResponse } from './response-schema.ts';
import { catchError, line, medical, request } from './testing/fixtures.ts';

const LOW_DOSE = 'us-wa.limit.au-liquid-low-dose';
const LIQUID = 'us-wa.limit.au-liquid-infused';
/** 12 US fl oz at 1 g/ml (12 × 29,573.5 mg); six of them are exactly 72 fl oz. */
const CAN_MG = 354882;

/** `quantity` beverages of `thcMg` THC each (a can or bottle); servings only when given. */
const drink = (quantity: number, thcMg: number | undefined, thcMgPerServing?: number, netWeightMg = CAN_MG): RequestLine =>
  line({
    sku: `BEV-${thcMg ?? 'X'}-${thcMgPerServing ?? 'X'}`,
    category: 'beverage',
    quantity,
    netWeightMg,
    ...(thcMg !== undefined && { thcMg }),
    ...(thcMgPerServing !== undefined && { thcMgPerServing }),
  });

const wa = (lines: RequestLine[]) => evaluate(request('US-WA', lines));
const refusedBy = (r: EvaluateResponse) => r.violations.filter((v) => v.code === 'PURCHASE_LIMIT').map((v) => v.rule);
const used = (r: EvaluateResponse, id: string) => r.limits.find((l) => l.id === id)?.used;

describe('US-WA adult-use: liquids in units of at most 4 mg THC', () => {
  it('200 mg THC of 2 mg cans (100 × 12 fl oz) passes: the 72 fl oz limit does not count them', () => {
    const r = wa([drink(100, 2, 2)]);
    expect(refusedBy(r)).toEqual([]);
    expect(used(r, LOW_DOSE)).toBe(200);
    expect(r.limits.find((l) => l.id === LOW_DOSE)).toMatchObject({ max: 200, unit: 'mg_thc', confidence: 'sure' });
    expect(used(r, LIQUID)).toBe(0);
  });

  it('202 mg THC of 2 mg cans is refused by the 200 mg limit alone', () => {
    const r = wa([drink(101, 2, 2)]);
    expect(r.allowed).toBe(false);
    expect(refusedBy(r)).toEqual([LOW_DOSE]);
    expect(r.violations[0]).toMatchObject({ rule: LOW_DOSE, lines: [0], source: { refs: ['S19'] } });
    expect(r.violations[0].message).toContain('202 of 200 mg THC');
  });

  it('72 fl oz of 10 mg cans passes; a seventh can is refused by the 72 fl oz limit', () => {
    const at = wa([drink(6, 10, 10)]);
    expect(refusedBy(at)).toEqual([]);
    expect(used(at, LIQUID)).toBe(6 * CAN_MG);
    expect(used(at, LOW_DOSE)).toBe(0);
    expect(refusedBy(wa([drink(7, 10, 10)]))).toEqual([LIQUID]);
    expect(refusedBy(wa([drink(6, 10, 10), drink(1, 10, 10, 1)]))).toEqual([LIQUID]); // one mg over
  });

  it('the two amounts are independent: 72 fl oz of 10 mg cans AND 200 mg in 2 mg cans in one sale', () => {
    const r = wa([drink(6, 10, 10), drink(100, 2, 2)]);
    expect(refusedBy(r)).toEqual([]);
    expect(used(r, LIQUID)).toBe(6 * CAN_MG);
    expect(used(r, LOW_DOSE)).toBe(200);
    // …and over either one is refused by that one only, naming only its own lines.
    const over = wa([drink(6, 10, 10), drink(101, 2, 2)]);
    expect(refusedBy(over)).toEqual([LOW_DOSE]);
    expect(over.violations[0].lines).toEqual([1]);
  });

  it('the unit is the can or bottle sold: a 10 mg bottle of 2 mg servings counts under 72 fl oz', () => {
    const r = wa([drink(7, 10, 2)]);
    expect(refusedBy(r)).toEqual([LIQUID]);
    expect(used(r, LOW_DOSE)).toBe(0);
  });

  it('a unit with no per-serving figure is judged by its own THC: 3 mg is a low-dose unit, 10 mg is not', () => {
    const low = wa([drink(66, 3)]); // 198 mg
    expect(refusedBy(low)).toEqual([]);
    expect(used(low, LOW_DOSE)).toBe(198);
    expect(used(low, LIQUID)).toBe(0);
    expect(refusedBy(wa([drink(67, 3)]))).toEqual([LOW_DOSE]);
    const high = wa([drink(6, 10)]);
    expect(used(high, LIQUID)).toBe(6 * CAN_MG);
    expect(refusedBy(wa([drink(7, 10)]))).toEqual([LIQUID]);
  });

  it('a beverage whose THC is unknown counts under the 72 fl oz limit, not the 200 mg one', () => {
    const r = wa([drink(6, undefined)]);
    expect(refusedBy(r)).toEqual([]);
    expect(used(r, LIQUID)).toBe(6 * CAN_MG);
    expect(used(r, LOW_DOSE)).toBe(0);
    expect(refusedBy(wa([drink(7, undefined)]))).toEqual([LIQUID]);
  });

  it('4 mg a unit is the edge: 4 mg is low-dose, 4.001 mg is not', () => {
    expect(used(wa([drink(1, 4, 4)]), LOW_DOSE)).toBe(4);
    expect(used(wa([drink(1, 4, 4)]), LIQUID)).toBe(0);
    expect(used(wa([drink(1, 4.001, 4.001)]), LOW_DOSE)).toBe(0);
    expect(used(wa([drink(1, 4.001, 4.001)]), LIQUID)).toBe(CAN_MG);
  });

  it('tinctures are liquids and capsules solids (RCW 69.50.360(3): infused product in liquid or solid form)', () => {
    const lowDose = wa([line({ category: 'tincture', quantity: 10, netWeightMg: 30000, thcMg: 3 })]);
    expect(refusedBy(lowDose)).toEqual([]);
    expect(used(lowDose, LOW_DOSE)).toBe(30);
    expect(used(lowDose, LIQUID)).toBe(0);
    const bottle = wa([line({ category: 'tincture', quantity: 1, netWeightMg: 30000, thcMg: 300 })]);
    expect(used(bottle, LIQUID)).toBe(30000);
    const capsules = wa([line({ category: 'capsule', quantity: 11, netWeightMg: 500, thcMg: 10 })]);
    expect(refusedBy(capsules)).toEqual([]);
    expect(used(capsules, 'us-wa.limit.au-solid-infused')).toBe(5500);
  });

  it('medical customers keep their own 216 fl oz limit; the 200 mg amount is adult-use', () => {
    const r = evaluate(request('US-WA', [drink(100, 2, 2)], { customer: medical('US-WA') }));
    expect(r.limits.map((l) => l.id)).not.toContain(LOW_DOSE);
    expect(used(r, 'us-wa.limit.med-liquid-infused')).toBe(100 * CAN_MG);
  });
});

// ---- the THC-per-unit band as a pack feature ------------------------------------------------------

const WA = BUILT_IN_PACKS.find((p) => p.jurisdiction === 'US-WA')!;

/** WA with its low-dose limit's one component replaced. */
function withLowDoseComponent(component: Record<string, unknown>): PackInput {
  return {
    ...WA,
    limits: WA.limits.map((l) => (l.id === LOW_DOSE ? { ...l, components: [{ categories: ['beverage'], measure: 'thc', ...component }] } : l)),
  } as PackInput;
}

describe('limit components: THC per unit band', () => {
  it('a line without thcMg against a band with no unknown-rule is refused with its field path', () => {
    const packs = [withLowDoseComponent({ thcMgPerUnitAtMost: 4 })];
    const err = catchError(() => evaluate(request('US-WA', [drink(1, 2, 2), drink(1, undefined)]), { packs }));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.path).toEqual(['lines', 1, 'thcMg']);
    expect(err.message).toContain(LOW_DOSE);
  });

  it('a band may combine a floor and a ceiling', () => {
    const packs = [withLowDoseComponent({ thcMgPerUnitAbove: 1, thcMgPerUnitAtMost: 4, ifThcMgPerUnitUnknown: 'skip' })];
    const r = evaluate(request('US-WA', [drink(10, 1), drink(10, 2)]), { packs });
    expect(used(r, LOW_DOSE)).toBe(20); // the 1 mg cans are outside (1, 4]
  });

  it.each([
    [{ thcMgPerUnitAbove: 4, thcMgPerUnitAtMost: 4 }, 'thcMgPerUnitAtMost'],
    [{ thcMgPerUnitAbove: 10, thcMgPerUnitAtMost: 4 }, 'thcMgPerUnitAtMost'],
    [{ thcPercentAbove: 35, thcPercentAtMost: 20 }, 'thcPercentAtMost'],
  ])('pack validation refuses the empty band %o', (band, field) => {
    const result = packSchema.safeParse(withLowDoseComponent(band));
    expect(result.success).toBe(false);
    const index = WA.limits.findIndex((l) => l.id === LOW_DOSE);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['limits', index, 'components', 0, field], message: expect.stringContaining('band is empty') })]);
    expect(catchError(() => validatePack(withLowDoseComponent(band))).code).toBe('PACK_INVALID');
  });

  it('a store override that empties a band is refused too', () => {
    const overrides = { [LIQUID]: { components: [{ categories: ['beverage'], measure: 'weight', thcMgPerUnitAbove: 4, thcMgPerUnitAtMost: 2 }] } };
    const err = catchError(() => resolvePack('US-WA', { overrides }));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.message).toContain('band is empty');
  });

  it('a tax clause with an empty potency band is refused', () => {
    const broken = { ...WA, taxes: WA.taxes.map((t, i) => (i === 0 ? { ...t, appliesTo: [{ categories: ['flower'], thcPercentAbove: 35, thcPercentAtMost: 35 }] } : t)) } as PackInput;
    expect(packSchema.safeParse(broken).success).toBe(false);
  });
});
