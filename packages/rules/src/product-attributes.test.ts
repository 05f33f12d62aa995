// Product attributes on a line (perishable, contains_alcohol) and the product rules that match them.
// Reference: regulations.md §9 "Product caps, packaging and prohibited combinations":
// New Jersey perishable edibles not sold (likely, S43); Illinois no alcohol products except
// tinctures ≤ 100 ml (sure, S30 86 IAC 423.115, S32).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRODUCT_ATTRIBUTES } from './categories.ts';
import { RulesError } from './errors.ts';
import { evaluate } from './evaluate.ts';
import { packSchema } from './pack-schema.ts';
import { usIl } from './packs/us-il.ts';
import { evaluateRequestSchema, isWellFormedRequest, type EvaluateRequest, type RequestLine } from './request-schema.ts';
import { catchError, codes, line, medical, request } from './testing/fixtures.ts';

const COOKIE = line({ sku: 'COOKIE', category: 'edible', netWeightMg: 30_000, thcMg: 10, thcMgPerServing: 10, attributes: ['perishable'] });
const GUMMY = line({ sku: 'GUMMY', category: 'edible', netWeightMg: 30_000, thcMg: 10, thcMgPerServing: 10 });
const FLOWER = line({ sku: 'FL', category: 'flower', netWeightMg: 3500, thcMg: 700, thcPercent: 20 });
/** A tincture of `ml` millilitres (net weight read at 1 g/ml), alcohol-based unless said otherwise. */
const tincture = (ml: number | undefined, alcohol = true) =>
  line({ sku: `TINC-${ml}`, category: 'tincture', thcMg: 100, ...(ml !== undefined && { netWeightMg: ml * 1000 }), ...(alcohol && { attributes: ['contains_alcohol'] }) });
const SPIKED_SELTZER = line({ sku: 'SELTZER', category: 'beverage', netWeightMg: 355_000, thcMg: 5, attributes: ['contains_alcohol'] });
const SELTZER = line({ sku: 'SELTZER-0', category: 'beverage', netWeightMg: 355_000, thcMg: 5 });

const productViolations = (r: ReturnType<typeof evaluate>) => r.violations.filter((v) => v.code === 'PRODUCT_NOT_PERMITTED');

describe('New Jersey: perishable edibles are not sold (S43, likely)', () => {
  it('refuses a perishable edible with its line index and the pack rule', () => {
    const r = evaluate(request('US-NJ', [FLOWER, COOKIE]));
    expect(r.allowed).toBe(false);
    expect(productViolations(r)).toEqual([
      expect.objectContaining({ rule: 'us-nj.product.perishable-edible', lines: [1], overridable: false, confidence: 'likely', source: expect.objectContaining({ refs: ['S43'] }) }),
    ]);
  });

  it('refuses it to a medical patient too', () => {
    const r = evaluate(request('US-NJ', [COOKIE], { customer: medical('US-NJ') }));
    expect(productViolations(r).map((v) => v.rule)).toEqual(['us-nj.product.perishable-edible']);
  });

  it('sells a shelf-stable edible, and lines without attributes are unaffected', () => {
    const r = evaluate(request('US-NJ', [GUMMY, FLOWER, line({ ...GUMMY, sku: 'GUMMY-2', attributes: [] })]));
    expect(codes(r)).toEqual([]);
    expect(r.allowed).toBe(true);
  });

  it('only edibles: a perishable-marked topical is not this rule’s concern', () => {
    const r = evaluate(request('US-NJ', [line({ sku: 'BALM', category: 'topical', thcMg: 50, attributes: ['perishable'] })]));
    expect(productViolations(r)).toEqual([]);
  });

  it('a jurisdiction without the rule sells the perishable edible', () => {
    expect(productViolations(evaluate(request('US-CA', [COOKIE])))).toEqual([]);
  });
});

describe('Illinois: no alcohol products except tinctures of at most 100 ml (S30, S32, sure)', () => {
  it('refuses an alcohol beverage', () => {
    const r = evaluate(request('US-IL', [SPIKED_SELTZER]));
    expect(r.allowed).toBe(false);
    expect(productViolations(r)).toEqual([
      expect.objectContaining({ rule: 'us-il.product.alcohol', lines: [0], overridable: false, confidence: 'sure', source: expect.objectContaining({ refs: ['S30', 'S32'] }) }),
    ]);
  });

  it('sells an alcohol tincture of exactly 100 ml', () => {
    const r = evaluate(request('US-IL', [tincture(100)]));
    expect(codes(r)).toEqual([]);
  });

  it('refuses an alcohol tincture of 101 ml', () => {
    const r = evaluate(request('US-IL', [tincture(100), tincture(101)]));
    expect(productViolations(r)).toEqual([expect.objectContaining({ rule: 'us-il.product.alcohol', lines: [1] })]);
  });

  it('refuses an alcohol tincture that does not state its volume (the exception must be shown)', () => {
    expect(productViolations(evaluate(request('US-IL', [tincture(undefined)]))).map((v) => v.lines)).toEqual([[0]]);
  });

  it('refuses medical patients as well, naming every offending line', () => {
    const r = evaluate(request('US-IL', [SPIKED_SELTZER, FLOWER, tincture(250)], { customer: medical('US-IL') }));
    expect(productViolations(r)).toEqual([expect.objectContaining({ rule: 'us-il.product.alcohol', lines: [0, 2] })]);
  });

  it('lines without contains_alcohol are unaffected, whatever their size', () => {
    const r = evaluate(request('US-IL', [SELTZER, tincture(250, false), line({ ...GUMMY, attributes: ['perishable'] })]));
    expect(productViolations(r)).toEqual([]);
  });

  it('New Jersey has no alcohol rule', () => {
    expect(productViolations(evaluate(request('US-NJ', [SPIKED_SELTZER])))).toEqual([]);
  });
});

describe('line.attributes in the request', () => {
  const withAttributes = (attributes: unknown) => request('US-IL', [{ ...GUMMY, attributes } as RequestLine]);

  it.each([
    ['unknown attribute', ['perishable', 'frozen'], ['lines', 0, 'attributes', 1]],
    ['not a string', [1], ['lines', 0, 'attributes', 0]],
    ['not an array', 'perishable', ['lines', 0, 'attributes']],
    ['too many', ['perishable', 'perishable', 'perishable'], ['lines', 0, 'attributes']],
  ])('%s → VALIDATION_FAILED (400) naming the field', (_name, attributes, path) => {
    const e = catchError(() => evaluate(withAttributes(attributes)));
    expect(e).toBeInstanceOf(RulesError);
    expect(e).toMatchObject({ code: 'VALIDATION_FAILED', httpStatus: 400, details: { path } });
  });

  it('well-formed lists pass the hot-path check (no zod parse)', () => {
    for (const attributes of [[], ['perishable'], ['contains_alcohol', 'perishable'], undefined])
      expect(isWellFormedRequest(withAttributes(attributes))).toBe(true);
  });

  it('the hot-path request check never accepts attributes the schema rejects', () => {
    const attributes = fc.oneof(
      fc.anything(),
      fc.array(fc.oneof(fc.constantFrom(...PRODUCT_ATTRIBUTES), fc.string(), fc.anything()), { maxLength: 4 }),
      fc.array(fc.constantFrom(...PRODUCT_ATTRIBUTES, 'PERISHABLE', 'alcohol', ''), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(attributes, fc.boolean(), (a, inHistory) => {
        const req: EvaluateRequest = inHistory
          ? { ...request('US-IL', []), history: [{ at: '2025-11-14T12:00:00-06:00', lines: [{ ...GUMMY, attributes: a } as RequestLine] }] }
          : withAttributes(a);
        if (isWellFormedRequest(req)) expect(evaluateRequestSchema.safeParse(req).success).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('product rule attributes and exceptions in a pack', () => {
  const withRule = (rule: Record<string, unknown>) => ({ ...usIl, productRules: [{ ...usIl.productRules[0], ...rule }] });

  it('the built-in rule passes the pack schema', () => {
    expect(packSchema.safeParse(usIl).success).toBe(true);
  });

  it.each([
    ['unknown attribute', { attributes: ['frozen'] }, ['productRules', 0, 'attributes', 0]],
    ['empty attributes', { attributes: [] }, ['productRules', 0, 'attributes']],
    ['exception without a cap', { except: { categories: ['tincture'] } }, ['productRules', 0, 'except', 'maxNetWeightMgPerUnit']],
    ['exception with an unknown field', { except: { categories: ['tincture'], maxNetWeightMgPerUnit: 1, maxMl: 100 } }, ['productRules', 0, 'except']],
  ])('%s is refused by the pack schema', (_name, rule, path) => {
    const result = packSchema.safeParse(withRule(rule));
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path)).toContainEqual(path);
  });
});
