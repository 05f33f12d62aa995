// Washington's caps on THC compounds other than Δ9 in a serving (regulations.md §9 Washington row,
// L237, sure; [S19] WAC 314-55-095(1)(a), in force from 2025-01-07 per the Cornell page the
// reference cites): "any single tetrahydrocannabinol compound other than delta-9 THC must not
// exceed 0.5 milligrams per serving, and the combined concentration of additional
// tetrahydrocannabinol compounds must not exceed 1.0 milligram per serving".
//
// A line states them as `otherThcMgPerServing: { [compound]: mg }` (OTHER_THC_COMPOUNDS); the pack's
// product rule `us-wa.product.other-thc-per-serving` caps each at 0.5 mg and their sum at 1 mg. A
// line that states no figures is sold (ifUnknown 'skip', an assumption: most WA products carry none).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OTHER_THC_COMPOUNDS } from './categories.ts';
import { evaluate } from './evaluate.ts';
import { packSchema } from './pack-schema.ts';
import { usWa } from './packs/us-wa.ts';
import { productRefusal } from './products.ts';
import { resolvePack } from './registry.ts';
import { evaluateRequestSchema, isWellFormedRequest, type EvaluateRequest, type RequestLine } from './request-schema.ts';
import { catchError, line, medical, request } from './testing/fixtures.ts';

const RULE = 'us-wa.product.other-thc-per-serving';
/** A 10-serving pack of 10 mg Δ9 gummies with these other compounds per serving (absent = not stated). */
const gummy = (other?: Record<string, number>, category: RequestLine['category'] = 'edible'): RequestLine =>
  line({ sku: `GUMMY-${JSON.stringify(other ?? null)}`, category, netWeightMg: 30_000, thcMg: 100, thcMgPerServing: 10, ...(other !== undefined && { otherThcMgPerServing: other }) });

const wa = (lines: RequestLine[], extra: Partial<EvaluateRequest> = {}) => evaluate(request('US-WA', lines, extra));
const refusals = (r: ReturnType<typeof evaluate>) => r.violations.filter((v) => v.rule === RULE);

describe('US-WA: THC compounds other than Δ9, at most 0.5 mg each and 1 mg combined per serving (WAC 314-55-095(1)(a), sure)', () => {
  it('the pack is 2026.12.16 and carries the rule with its source, confidence, date and the unknown-figures choice', () => {
    const pack = resolvePack('US-WA');
    expect(pack.version).toBe('2026.12.16');
    const rule = pack.productRules.find((r) => r.id === RULE)!;
    expect(rule).toMatchObject({
      customerKinds: ['adult_use'],
      categories: ['edible', 'beverage', 'tincture', 'capsule', 'topical'],
      otherThcMgPerServing: { maxEachMg: 0.5, maxCombinedMg: 1, ifUnknown: 'skip' },
      effective: { from: '2025-01-07', to: null },
      source: { refs: ['S19'] },
      confidence: 'sure',
      overridable: false,
    });
    expect(rule.note).toMatch(/assumption/i);
  });

  it('0.5 mg of Δ8 and 0.5 mg of THCP a serving (1 mg combined) sells: both caps are inclusive', () => {
    const r = wa([gummy({ delta8_thc: 0.5, thcp: 0.5 })]);
    expect(r.violations).toEqual([]);
    expect(r.allowed).toBe(true);
  });

  it('0.501 mg of one compound is refused with PRODUCT_NOT_PERMITTED, the rule, the line and the source', () => {
    const r = wa([line({ category: 'flower', netWeightMg: 3500, thcPercent: 20 }), gummy({ delta8_thc: 0.501 })]);
    expect(r.allowed).toBe(false);
    expect(r.violations).toEqual([
      expect.objectContaining({ code: 'PRODUCT_NOT_PERMITTED', rule: RULE, lines: [1], overridable: false, confidence: 'sure', source: expect.objectContaining({ refs: ['S19'] }) }),
    ]);
    expect(r.violations[0].message).toContain('delta8_thc 0.501 mg');
  });

  it('each compound under 0.5 mg but 1.001 mg combined is refused; the message names the sum', () => {
    const r = wa([gummy({ delta8_thc: 0.5, delta10_thc: 0.4, hhc: 0.101 })]);
    expect(refusals(r).map((v) => v.lines)).toEqual([[0]]);
    expect(refusals(r)[0].message).toContain('1.001 mg combined');
  });

  it('sums in thousandths of a mg: 0.1 + 0.2 + 0.3 + 0.4 is exactly 1 mg and sells', () => {
    // In doubles 0.1 + 0.2 + 0.3 + 0.4 = 1.0000000000000002: a float sum would refuse it.
    expect(refusals(wa([gummy({ delta8_thc: 0.1, delta10_thc: 0.2, thcv: 0.3, thcp: 0.4 })]))).toEqual([]);
  });

  it('every listed line over the cap is named; one under it is not', () => {
    const r = wa([gummy({ thcp: 0.6 }), gummy({ thcp: 0.2 }), gummy({ hhc: 0.5, thc_o_acetate: 0.6 })]);
    expect(refusals(r).map((v) => v.lines)).toEqual([[0, 2]]);
  });

  it('no figures on the line (unknown) sells: the WA rule skips it (assumption); an empty object (none found) sells too', () => {
    expect(wa([gummy()]).violations).toEqual([]);
    expect(wa([gummy({})]).violations).toEqual([]);
    expect(wa([gummy({ delta8_thc: 0 })]).violations).toEqual([]);
  });

  it('every cannabis-infused product is served by it (beverage, tincture, capsule, topical); concentrates and flower are not infused products', () => {
    for (const category of ['beverage', 'tincture', 'capsule', 'topical'] as const) {
      expect(refusals(wa([gummy({ delta8_thc: 0.6 }, category)])).length, category).toBe(1);
    }
    for (const category of ['vape', 'concentrate', 'flower', 'infused_pre_roll'] as const) {
      expect(refusals(wa([gummy({ delta8_thc: 0.6 }, category)])), category).toEqual([]);
    }
  });

  it('adult-use only, as the serving cap beside it: a registered patient is not refused by it', () => {
    expect(refusals(wa([gummy({ delta8_thc: 0.6 })], { customer: medical('US-WA') }))).toEqual([]);
  });

  it('in force from 2025-01-07 (the amended WAC 314-55-095): a sale on 2025-01-06 is not refused by it', () => {
    const over = [gummy({ delta8_thc: 0.6 })];
    expect(refusals(wa(over, { at: '2025-01-06T14:00:00-08:00' }))).toEqual([]);
    expect(refusals(wa(over, { at: '2025-01-07T14:00:00-08:00' })).length).toBe(1);
  });

  it('a jurisdiction without the rule sells the same gummy', () => {
    expect(evaluate(request('US-CO', [gummy({ delta8_thc: 0.6 })])).violations.filter((v) => v.code === 'PRODUCT_NOT_PERMITTED')).toEqual([]);
  });

  it('a menu leaves the over-cap gummy off for adult use (productRefusal)', () => {
    const { sku: _s, quantity: _q, unitPriceCents: _p, ...listing } = gummy({ thcp: 0.75 });
    expect(productRefusal(resolvePack('US-WA'), '2026-01-15', listing)).toMatchObject({ refusedTo: ['adult_use'], rules: [RULE] });
    expect(productRefusal(resolvePack('US-WA'), '2026-01-15', { ...listing, otherThcMgPerServing: { thcp: 0.5 } }).refusedTo).toEqual([]);
  });
});

describe('the line field otherThcMgPerServing: validated at its path', () => {
  it.each([
    ['an unknown compound', { delta8_thc: 0.1, cbd: 1 }, ['lines', 0, 'otherThcMgPerServing', 'cbd']],
    ['Δ9 itself (it is thcMgPerServing)', { delta9_thc: 1 }, ['lines', 0, 'otherThcMgPerServing', 'delta9_thc']],
    ['a negative figure', { thcp: -0.1 }, ['lines', 0, 'otherThcMgPerServing', 'thcp']],
    ['more than 10,000 mg', { thcp: 10_000.001 }, ['lines', 0, 'otherThcMgPerServing', 'thcp']],
    ['more than 3 decimals', { thcp: 0.0005 }, ['lines', 0, 'otherThcMgPerServing', 'thcp']],
    ['a string', { thcp: '0.5' }, ['lines', 0, 'otherThcMgPerServing', 'thcp']],
    ['not an object', [0.5], ['lines', 0, 'otherThcMgPerServing']],
  ])('%s is 400 VALIDATION_FAILED at the field', (_name, other, path) => {
    const e = catchError(() => evaluate(request('US-WA', [{ ...gummy(), otherThcMgPerServing: other as never }])));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.httpStatus).toBe(400);
    expect(e.details.issues!.map((i) => i.path)).toEqual([path]);
  });

  it('the compound list is what lab reports name, without Δ9 and THCA (thcMgPerServing, thcaPercent)', () => {
    expect(OTHER_THC_COMPOUNDS).toEqual(['delta8_thc', 'delta10_thc', 'exo_thc', 'thcv', 'delta8_thcv', 'thcp', 'thcb', 'thch', 'hhc', 'thc_o_acetate']);
  });

  it('the hot-path mirror never accepts what the schema refuses', () => {
    const figure = fc.oneof(fc.double({ min: -1, max: 10_001, noNaN: false }), fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 1000), fc.constant('1' as unknown as number));
    const key = fc.oneof(fc.constantFrom(...OTHER_THC_COMPOUNDS), fc.constantFrom('delta9_thc', 'cbd', '__proto__', 'constructor', ''));
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(key, figure, { maxKeys: 4 }), fc.constant(null), fc.constant([])), (other) => {
        const req = request('US-WA', [{ ...gummy(), otherThcMgPerServing: other as never }]);
        if (isWellFormedRequest(req)) expect(evaluateRequestSchema.safeParse(req).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the pack rule kind otherThcMgPerServing', () => {
  const withRule = (rule: Record<string, unknown>) => ({ ...usWa, productRules: [...usWa.productRules.filter((r) => r.id !== RULE), { ...usWa.productRules.find((r) => r.id === RULE)!, ...rule }] });
  const last = usWa.productRules.length - 1;

  it.each([
    ['no cap', { otherThcMgPerServing: { ifUnknown: 'skip' } }, ['productRules', last, 'otherThcMgPerServing']],
    ['a zero cap', { otherThcMgPerServing: { maxEachMg: 0 } }, ['productRules', last, 'otherThcMgPerServing', 'maxEachMg']],
    ['an unknown field', { otherThcMgPerServing: { maxEachMg: 0.5, maxTotalMg: 1 } }, ['productRules', last, 'otherThcMgPerServing']],
    ['an unknown choice', { otherThcMgPerServing: { maxEachMg: 0.5, ifUnknown: 'pass' } }, ['productRules', last, 'otherThcMgPerServing', 'ifUnknown']],
  ])('%s is refused by the pack schema', (_name, rule, path) => {
    const result = packSchema.safeParse(withRule(rule));
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path)).toContainEqual(path);
  });

  it('ifUnknown match: a line without figures is refused; error: 400 at the line’s field', () => {
    const pack = (ifUnknown: string) => ({ 'us-wa.product.other-thc-per-serving': { otherThcMgPerServing: { maxEachMg: 0.5, maxCombinedMg: 1, ifUnknown } } }) as never;
    expect(refusals(evaluate(request('US-WA', [gummy()]), { overrides: pack('match') })).map((v) => v.lines)).toEqual([[0]]);
    expect(refusals(evaluate(request('US-WA', [gummy({})]), { overrides: pack('match') }))).toEqual([]);
    const e = catchError(() => evaluate(request('US-WA', [gummy({ thcp: 0.1 }), gummy()]), { overrides: pack('error') }));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.details.path).toEqual(['lines', 1, 'otherThcMgPerServing']);
  });

  it('a cap on each compound alone, or on the sum alone', () => {
    const only = (caps: Record<string, number>) => ({ 'us-wa.product.other-thc-per-serving': { otherThcMgPerServing: caps } }) as never;
    const lines = [gummy({ thcp: 0.8 }), gummy({ thcp: 0.4, hhc: 0.4, delta8_thc: 0.4 })];
    expect(refusals(evaluate(request('US-WA', lines), { overrides: only({ maxEachMg: 0.5 }) })).map((v) => v.lines)).toEqual([[0]]);
    expect(refusals(evaluate(request('US-WA', lines), { overrides: only({ maxCombinedMg: 1 }) })).map((v) => v.lines)).toEqual([[1]]);
  });
});
