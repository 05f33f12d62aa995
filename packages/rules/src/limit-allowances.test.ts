// Per-patient limit allowances: a practitioner's recommendation, waiver or certification raises a
// medical limit for one patient. Reference: regulations.md §3 "Medical limits" (lines 85–100):
// CA L87 "more if recommendation says so" (sure), IL L92 "IDPH waiver can raise" (sure), MA L93
// "certifier may set more" (sure 60-day, likely 10 oz), NY L96 "set by practitioner" (likely; the NY
// pack models no medical limit), NJ L97 "unless practitioner says more" (likely).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RulesError } from './errors.ts';
import { evaluate } from './evaluate.ts';
import { packSchema } from './pack-schema.ts';
import { BUILT_IN_PACKS } from './packs/index.ts';
import { usNj } from './packs/us-nj.ts';
import { evaluateRequestSchema, isWellFormedRequest, MAX_LIMIT_ALLOWANCES, type EvaluateRequest, type RequestLine } from './request-schema.ts';
import { catchError, codes, line, medical, novAt, request } from './testing/fixtures.ts';

const NJ_MED = 'us-nj.limit.med-30-days';
const NJ_MED_MAX = 85050; // 3 × 28,350 mg
/** `grams` one-gram flower units. */
const flower = (grams: number): RequestLine => line({ sku: 'FL', category: 'flower', quantity: grams, netWeightMg: 1000, thcMg: 200, thcPercent: 20 });

type Allowances = EvaluateRequest['customer']['limitAllowances'];
const patient = (jurisdiction: string, limitAllowances?: Allowances): EvaluateRequest['customer'] => ({
  ...medical(jurisdiction),
  ...(limitAllowances !== undefined && { limitAllowances }),
});
const sale = (jurisdiction: string, customer: EvaluateRequest['customer'], lines: RequestLine[], extra: Partial<EvaluateRequest> = {}) =>
  evaluate(request(jurisdiction, lines, { customer, ...extra }));
const usageOf = (r: ReturnType<typeof evaluate>, id: string) => r.limits.find((l) => l.id === id);

const EXPECTED: Record<string, 'sure' | 'likely' | 'unsure'> = {
  'us-ca.limit.med-dried-flower': 'sure',
  'us-ca.limit.med-immature-plants': 'likely',
  'us-il.limit.med-14-days': 'sure',
  'us-ma.limit.med-60-days': 'likely',
  [NJ_MED]: 'likely',
};

describe('patient-adjustable limits in the packs (ref §3 L87–L97)', () => {
  it('exactly the medical limits the reference lets a practitioner raise carry the mark, with a source and confidence', () => {
    const marked: Record<string, string> = {};
    for (const pack of BUILT_IN_PACKS)
      for (const l of pack.limits) {
        if (!l.patientAdjustable) continue;
        marked[l.id] = l.patientAdjustable.confidence;
        expect(l.customerKinds).toEqual(['medical']);
        expect(l.patientAdjustable.source.refs.length).toBeGreaterThan(0);
      }
    expect(marked).toEqual(EXPECTED);
  });

  it('the pack schema refuses the mark on a limit adult-use customers have, or citing a source the pack lacks', () => {
    const au = usNj.limits.find((l) => l.id === 'us-nj.limit.au-equivalency')!;
    const med = usNj.limits.find((l) => l.id === NJ_MED)!;
    const withMark = packSchema.safeParse({ ...usNj, limits: [{ ...au, patientAdjustable: med.patientAdjustable }, med] });
    expect(withMark.success).toBe(false);
    expect(withMark.error?.issues.map((i) => i.path.join('.'))).toContain('limits.0.patientAdjustable');
    const badSource = packSchema.safeParse({ ...usNj, limits: [au, { ...med, patientAdjustable: { source: { refs: ['S1'], title: 'elsewhere' }, confidence: 'sure' } }] });
    expect(badSource.success).toBe(false);
    expect(badSource.error?.issues.map((i) => i.path.join('.'))).toContain('limits.1.patientAdjustable.source');
  });
});

describe('customer.limitAllowances raises a patient-adjustable medical limit', () => {
  it('without an allowance the pack maximum refuses; with one the patient buys up to it, and one gram more is refused', () => {
    const plain = sale('US-NJ', patient('US-NJ'), [flower(86)]);
    expect(plain.violations).toMatchObject([{ code: 'PURCHASE_LIMIT', rule: NJ_MED }]);

    const allowance = [{ limit: NJ_MED, max: 120_000 }];
    const upTo = sale('US-NJ', patient('US-NJ', allowance), [flower(120)]);
    expect(upTo.violations).toEqual([]);
    expect(upTo.allowed).toBe(true);
    expect(usageOf(upTo, NJ_MED)).toMatchObject({ used: 120_000, max: 120_000, remaining: 0, allowance: { max: 120_000, packMax: NJ_MED_MAX, applied: true } });

    const over = sale('US-NJ', patient('US-NJ', allowance), [flower(121)]);
    expect(over.allowed).toBe(false);
    expect(over.violations).toMatchObject([{ code: 'PURCHASE_LIMIT', rule: NJ_MED, lines: [0] }]);
    expect(over.violations[0].message).toBe('Medical 3 oz per 30 days: 121,000 of 120,000 mg (rolling 30 days; patient allowance, pack maximum 85,050)');
  });

  it('purchases earlier in the window count against the raised maximum', () => {
    const history = [{ at: novAt('US-NJ', '12:00:00', '2025-11-05'), lines: [flower(100)] }];
    const allowance = [{ limit: NJ_MED, max: 120_000 }];
    expect(sale('US-NJ', patient('US-NJ', allowance), [flower(20)], { history }).allowed).toBe(true);
    expect(codes(sale('US-NJ', patient('US-NJ', allowance), [flower(21)], { history }))).toEqual(['PURCHASE_LIMIT']);
  });

  it('works in each marked pack, in the limit’s own unit (Illinois mg, California plants)', () => {
    const il = sale('US-IL', patient('US-IL', [{ limit: 'us-il.limit.med-14-days', max: 100_000 }]), [flower(100)]);
    expect(il.violations).toEqual([]);
    expect(usageOf(il, 'us-il.limit.med-14-days')?.max).toBe(100_000);
    expect(codes(sale('US-IL', patient('US-IL'), [flower(100)]))).toEqual(['PURCHASE_LIMIT']);

    const plants = line({ sku: 'CL', category: 'plant', quantity: 20 });
    expect(codes(sale('US-CA', patient('US-CA'), [plants]))).toEqual(['PURCHASE_LIMIT']);
    const ca = sale('US-CA', patient('US-CA', [{ limit: 'us-ca.limit.med-immature-plants', max: 20 }]), [plants]);
    expect(ca.violations).toEqual([]);
    expect(usageOf(ca, 'us-ca.limit.med-immature-plants')).toMatchObject({ max: 20, unit: 'units', allowance: { packMax: 12, applied: true } });
  });

  it('an allowance at or below the pack maximum changes nothing, and the usage entry says so', () => {
    const r = sale('US-NJ', patient('US-NJ', [{ limit: NJ_MED, max: 50_000 }]), [flower(60)]);
    expect(r.allowed).toBe(true);
    expect(usageOf(r, NJ_MED)).toMatchObject({ max: NJ_MED_MAX, allowance: { max: 50_000, packMax: NJ_MED_MAX, applied: false } });
    expect(codes(sale('US-NJ', patient('US-NJ', [{ limit: NJ_MED, max: NJ_MED_MAX }]), [flower(86)]))).toEqual(['PURCHASE_LIMIT']);
  });

  it('adult-use customers are unaffected: medical limits do not apply to them, so nothing is raised', () => {
    const customer = { kind: 'adult_use' as const, birthDate: '1980-01-01', idJurisdiction: 'US-NJ', limitAllowances: [{ limit: NJ_MED, max: 120_000 }] };
    const r = sale('US-NJ', customer, [flower(29)]);
    expect(r.violations).toMatchObject([{ code: 'PURCHASE_LIMIT', rule: 'us-nj.limit.au-equivalency' }]);
    expect(r.limits.map((l) => l.id)).toEqual(['us-nj.limit.au-equivalency']);
    expect(r.limits[0].allowance).toBeUndefined();
  });

  it('an empty or null list is the same as none', () => {
    for (const limitAllowances of [[], null]) expect(codes(sale('US-NJ', patient('US-NJ', limitAllowances), [flower(86)]))).toEqual(['PURCHASE_LIMIT']);
  });
});

describe('allowances the pack does not support are refused with the field path (400)', () => {
  it.each([
    ['a limit the pack does not mark patient-adjustable', 'US-NJ', 'us-nj.limit.au-equivalency', 'cannot be raised for a patient'],
    ['a medical limit of a pack without the mark (Maryland)', 'US-MD', 'us-md.limit.med-usable-30-days', 'cannot be raised for a patient'],
    ['an unknown limit id', 'US-NJ', 'us-nj.limit.med-90-days', 'the US-NJ pack has no limit us-nj.limit.med-90-days'],
    ['another pack’s limit', 'US-NJ', 'us-ca.limit.med-dried-flower', 'has no limit'],
  ])('%s → VALIDATION_FAILED', (_name, jurisdiction, limit, message) => {
    const customer = patient(jurisdiction, [{ limit, max: 999_999 }]);
    const e = catchError(() => sale(jurisdiction, customer, [flower(1)]));
    expect(e).toBeInstanceOf(RulesError);
    expect(e).toMatchObject({ code: 'VALIDATION_FAILED', httpStatus: 400, details: { path: ['customer', 'limitAllowances', 0, 'limit'] } });
    expect(e.message).toContain(message);
  });

  it('a refused allowance refuses the request for adult-use customers too (the request is wrong, not the sale)', () => {
    const customer = { kind: 'adult_use' as const, birthDate: '1980-01-01', limitAllowances: [{ limit: 'us-nj.limit.au-equivalency', max: 99_999 }] };
    expect(catchError(() => sale('US-NJ', customer, [flower(1)]))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('customer.limitAllowances in the request', () => {
  const base = request('US-NJ', [flower(1)], { customer: patient('US-NJ') });
  const withAllowances = (limitAllowances: unknown) => ({ ...base, customer: { ...base.customer, limitAllowances } }) as EvaluateRequest;

  it.each([
    ['max zero', [{ limit: NJ_MED, max: 0 }], ['customer', 'limitAllowances', 0, 'max']],
    ['max negative', [{ limit: NJ_MED, max: -5 }], ['customer', 'limitAllowances', 0, 'max']],
    ['max a string', [{ limit: NJ_MED, max: '100' }], ['customer', 'limitAllowances', 0, 'max']],
    ['max with 4 decimals', [{ limit: NJ_MED, max: 100.0001 }], ['customer', 'limitAllowances', 0, 'max']],
    ['max too large', [{ limit: NJ_MED, max: 2e9 }], ['customer', 'limitAllowances', 0, 'max']],
    ['missing limit', [{ max: 100 }], ['customer', 'limitAllowances', 0, 'limit']],
    ['empty limit', [{ limit: '', max: 100 }], ['customer', 'limitAllowances', 0, 'limit']],
    ['unknown field', [{ limit: NJ_MED, max: 100, expiresOn: '2030-01-01' }], ['customer', 'limitAllowances', 0]],
    ['same limit twice', [{ limit: NJ_MED, max: 100_000 }, { limit: NJ_MED, max: 110_000 }], ['customer', 'limitAllowances', 1, 'limit']],
    ['not an array', { limit: NJ_MED, max: 100 }, ['customer', 'limitAllowances']],
    ['too many', Array.from({ length: MAX_LIMIT_ALLOWANCES + 1 }, (_, i) => ({ limit: `us-nj.limit.x${i}`, max: 1 })), ['customer', 'limitAllowances']],
  ])('%s → VALIDATION_FAILED (400) naming the field', (_name, limitAllowances, path) => {
    const e = catchError(() => evaluate(withAllowances(limitAllowances)));
    expect(e).toBeInstanceOf(RulesError);
    expect(e).toMatchObject({ code: 'VALIDATION_FAILED', httpStatus: 400, details: { path } });
  });

  it('well-formed lists pass the hot-path check (no zod parse)', () => {
    expect(isWellFormedRequest(withAllowances([{ limit: NJ_MED, max: 120_000.5 }]))).toBe(true);
    expect(isWellFormedRequest(withAllowances([]))).toBe(true);
    expect(isWellFormedRequest(withAllowances(null))).toBe(true);
  });

  it('the hot-path request check never accepts allowances the schema rejects', () => {
    const entry = fc.oneof(
      fc.anything(),
      fc.record({ limit: fc.oneof(fc.string(), fc.constantFrom(NJ_MED, 'us-nj.limit.au-equivalency')), max: fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, 1.5, 1.2345, 2e9, 1e9)) }),
      fc.dictionary(fc.constantFrom('limit', 'max', 'toString', 'expiresOn'), fc.constantFrom(NJ_MED, 100, null)),
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.array(entry, { maxLength: 4 }), fc.array(fc.constant({ limit: NJ_MED, max: 1 }), { maxLength: 3 })), (list) => {
        const req = withAllowances(list);
        if (isWellFormedRequest(req)) expect(evaluateRequestSchema.safeParse(req).success).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
