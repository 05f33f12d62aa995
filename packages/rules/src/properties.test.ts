// Invariants checked over generated carts (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from './categories.ts';
import { evaluate } from './evaluate.ts';
import { evaluateRequestSchema, isWellFormedRequest, type EvaluateRequest, type RequestLine } from './request-schema.ts';
import { ALL_JURISDICTIONS, medical, novAt } from './testing/fixtures.ts';

const lineArb: fc.Arbitrary<RequestLine> = fc.record({
  sku: fc.constantFrom('A', 'B', 'C'),
  category: fc.constantFrom(...CATEGORIES),
  quantity: fc.integer({ min: 1, max: 5 }),
  unitPriceCents: fc.integer({ min: 0, max: 50_000 }),
  netWeightMg: fc.integer({ min: 0, max: 20_000 }),
  thcMg: fc.integer({ min: 0, max: 2_000 }),
  thcPercent: fc.double({ min: 0, max: 95, noNaN: true }),
  discountCents: fc.constant(0),
});

const storeArb = fc.record({
  localSalesTaxRate: fc.integer({ min: 0, max: 4000 }).map((bp) => bp / 100_000),
  localCannabisTaxRate: fc.integer({ min: 0, max: 3000 }).map((bp) => bp / 100_000),
});

/**
 * The properties hold for the store rates a jurisdiction allows: a local rate above its cap is
 * refused (eighth pass, regulations.md §4). The generated rate is brought under the cap (IL: the
 * 0.25% step below it, at most 6%; NJ: at most 2%; OR, MO, MA: at most 3%).
 */
function withinLocalCaps(jurisdiction: string, store: { localSalesTaxRate: number; localCannabisTaxRate: number }) {
  const c = store.localCannabisTaxRate;
  if (jurisdiction === 'US-IL') return { ...store, localCannabisTaxRate: Math.floor(c * 400) / 400 };
  if (jurisdiction === 'US-NJ') return { ...store, localCannabisTaxRate: Math.min(c, 0.02) };
  return store;
}

const requestArb = fc
  .record({
    jurisdiction: fc.constantFrom(...ALL_JURISDICTIONS),
    medical: fc.boolean(),
    store: storeArb,
    lines: fc.array(lineArb, { minLength: 0, maxLength: 8 }),
    history: fc.array(fc.record({ hoursAgo: fc.integer({ min: 0, max: 24 * 40 }), lines: fc.array(lineArb, { maxLength: 3 }) }), { maxLength: 6 }),
  })
  .map(({ jurisdiction, medical: isMedical, store, lines, history }): EvaluateRequest => {
    const at = novAt(jurisdiction);
    return {
      jurisdiction,
      at,
      channel: 'in_store',
      customer: isMedical ? medical(jurisdiction) : { kind: 'adult_use', birthDate: '1980-01-01', idJurisdiction: jurisdiction },
      store: withinLocalCaps(jurisdiction, store),
      history: history.map((h) => ({ at: new Date(Date.parse(at) - h.hoursAgo * 3_600_000).toISOString(), lines: h.lines })),
      lines,
    };
  });

const usageById = (r: ReturnType<typeof evaluate>) => new Map(r.limits.map((l) => [l.id, l.used]));

describe('properties', () => {
  it('adding a line never lowers any limit usage', () => {
    fc.assert(
      fc.property(requestArb, lineArb, (req, extra) => {
        const before = usageById(evaluate(req));
        const after = usageById(evaluate({ ...req, lines: [...req.lines, extra] }));
        for (const [id, used] of before) expect(after.get(id)!).toBeGreaterThanOrEqual(used);
      }),
      { numRuns: 300 },
    );
  });

  it('taxes are never negative and totals add up', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        const r = evaluate(req);
        let added = 0;
        for (const t of r.taxes) {
          expect(t.amountCents).toBeGreaterThanOrEqual(0);
          expect(t.baseCents).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(t.amountCents)).toBe(true);
          expect(t.lines.reduce((a, l) => a + l.amountCents, 0)).toBe(t.amountCents);
          if (!t.includedInPrice) added += t.amountCents;
        }
        expect(r.totalCents).toBe(r.subtotalCents + added);
        expect(r.taxCents).toBe(r.taxes.reduce((a, t) => a + t.amountCents, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('limits, taxes and the verdict do not depend on line order', () => {
    fc.assert(
      fc.property(requestArb, fc.integer(), (req, seed) => {
        const order = req.lines.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
        const shuffled = { ...req, lines: order.map((i) => req.lines[i]) };
        const a = evaluate(req);
        const b = evaluate(shuffled);
        expect(b.limits).toEqual(a.limits);
        expect(b.allowed).toBe(a.allowed);
        expect(b.taxes.map((t) => [t.code, t.amountCents, t.baseCents])).toEqual(a.taxes.map((t) => [t.code, t.amountCents, t.baseCents]));
        expect(b.totalCents).toBe(a.totalCents);
      }),
      { numRuns: 300 },
    );
  });

  it('a cart over any limit is never allowed', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        const r = evaluate(req);
        const cartTouches = new Set(r.violations.filter((v) => v.code === 'PURCHASE_LIMIT').map((v) => v.rule));
        for (const l of r.limits) if (l.used > l.max && cartTouches.has(l.id)) expect(r.allowed).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the hot-path request check never accepts what the schema rejects', () => {
  const valid = requestArb;
  const mutated = fc.tuple(valid, fc.constantFrom('at', 'lines', 'customer', 'store', 'history', 'channel'), fc.anything()).map(([req, key, value]) => ({ ...req, [key]: value }));
  const lineMutated = fc
    .tuple(valid, fc.constantFrom('quantity', 'netWeightMg', 'thcMg', 'category', 'unitPriceCents', 'sku', 'thcPercent', 'attributes'), fc.oneof(fc.anything(), fc.double(), fc.integer({ min: -5, max: 5 })))
    .filter(([req]) => req.lines.length > 0)
    .map(([req, key, value]) => ({ ...req, lines: [{ ...req.lines[0], [key]: value }, ...req.lines.slice(1)] }));

  it('valid requests pass both', () => {
    fc.assert(
      fc.property(valid, (req) => {
        expect(evaluateRequestSchema.safeParse(req).success).toBe(true);
        expect(isWellFormedRequest(req)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('mutated requests: fast check ⇒ schema', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, lineMutated), (req) => {
        if (isWellFormedRequest(req)) expect(evaluateRequestSchema.safeParse(req).success).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('instants: fast check ⇒ schema, and agrees with Date.parse on what it accepts', () => {
    const instant = fc.oneof(
      fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string(),
      fc.constantFrom('2025-02-29T10:00:00Z', '2024-02-29T10:00:00+05:30', '2025-11-15T24:00:00Z', '2025-11-15T14:00-08:00', '2025-11-15T14:00:00.123456789-08:00'),
    );
    fc.assert(
      fc.property(instant, (at) => {
        const req = { jurisdiction: 'US-CA', at, channel: 'in_store', customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [] };
        if (isWellFormedRequest(req)) {
          expect(evaluateRequestSchema.safeParse(req).success).toBe(true);
          expect(Number.isNaN(Date.parse(at))).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
