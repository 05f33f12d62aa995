import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { resolvePack, snapshotFor } from './registry.ts';
import type { EvaluateRequest, RequestLine } from './request-schema.ts';
import type { EvaluateResponse } from './response-schema.ts';
import { ALL_JURISDICTIONS, line, medical, request } from './testing/fixtures.ts';

const DATE = '2025-11-15';
const limitViolations = (r: EvaluateResponse) => r.violations.filter((v) => v.code === 'PURCHASE_LIMIT').map((v) => v.rule);
const usage = (r: EvaluateResponse, id: string) => r.limits.find((l) => l.id === id)!;

describe('every limit of every pack: exactly at the limit passes, one unit over fails', () => {
  const cases: { name: string; id: string; build: (extra: number) => EvaluateRequest }[] = [];
  for (const jurisdiction of ALL_JURISDICTIONS) {
    const snap = snapshotFor(resolvePack(jurisdiction), DATE);
    for (const limit of snap.limits) {
      const rule = limit.rule;
      rule.components.forEach((component, c) => {
        const compiled = limit.components[c];
        const step = component.measure === 'thc' ? 1000 : 1; // 1 mg THC is 1000 raw µg
        const atLimit = Math.floor(limit.maxScaled / (compiled.factor * step));
        const kind = rule.customerKinds[0];
        const age = rule.customerAge?.min ?? 30;
        const thcPercent = component.thcPercentAbove !== undefined ? component.thcPercentAbove + 1 : (component.thcPercentAtMost ?? 20);
        // Inside a THC-per-unit band: above its floor, or (counted by THC) as 1 mg units under its ceiling.
        const unitThc = component.thcMgPerUnitAbove !== undefined ? component.thcMgPerUnitAbove + 1 : 1;
        const smallUnits = component.measure === 'thc' && component.thcMgPerUnitAtMost !== undefined;
        cases.push({
          name: `${rule.id} [${component.categories[0]} by ${component.measure}] ${atLimit}`,
          id: rule.id,
          build: (extra) => {
            const n = atLimit + extra;
            const l: RequestLine =
              component.measure === 'weight'
                ? line({ category: component.categories[0], netWeightMg: n, thcMg: unitThc, thcPercent })
                : smallUnits
                  ? line({ category: component.categories[0], quantity: n, netWeightMg: 1000, thcMg: 1, thcPercent })
                  : component.measure === 'thc'
                    ? line({ category: component.categories[0], netWeightMg: 1000, thcMg: n, thcPercent })
                    : line({ category: component.categories[0], quantity: n, netWeightMg: 1000, thcMg: unitThc, thcPercent });
            const customer = kind === 'medical' ? medical(jurisdiction) : { kind, birthDate: '1980-01-01', idJurisdiction: jurisdiction };
            customer.birthDate = `${2025 - age}-06-01`;
            if (rule.residency) customer.residency = rule.residency;
            return request(jurisdiction, [l], { customer });
          },
        });
      });
    }
  }

  it('covers all 15 packs', () => {
    expect(new Set(cases.map((c) => c.id.slice(0, 5))).size).toBe(15);
  });

  it.each(cases)('$name', ({ id, build }) => {
    const at = evaluate(build(0));
    expect(limitViolations(at)).not.toContain(id);
    expect(usage(at, id).used).toBeLessThanOrEqual(usage(at, id).max);
    const over = evaluate(build(1));
    expect(limitViolations(over)).toContain(id);
    expect(over.allowed).toBe(false);
    expect(usage(over, id).used).toBeGreaterThan(usage(over, id).max);
    expect(over.violations.find((v) => v.rule === id)?.lines).toEqual([0]);
  });
});

type Case = [string, string, RequestLine[], string[], Partial<EvaluateRequest>?];
const flower = (mg: number) => line({ category: 'flower', netWeightMg: mg, thcMg: 1 });
const conc = (mg: number, thcMg = 1) => line({ category: 'concentrate', netWeightMg: mg, thcMg });
const edible = (thcMg: number) => line({ category: 'edible', netWeightMg: 10000, thcMg });
const seeds = (n: number) => line({ category: 'seed', quantity: n, netWeightMg: 10 });

// Amounts straight from regulations.md §2–3 (independent of the pack files).
describe('reference amounts, adult-use', () => {
  const cases: Case[] = [
    ['CA 28.5 g flower and 8 g concentrate are separate limits', 'US-CA', [flower(28500), conc(8000)], []],
    ['CA 28.5 g + 1 mg flower', 'US-CA', [flower(28501)], ['us-ca.limit.au-non-concentrated']],
    ['CA edible THC counts toward the 8 g concentrate', 'US-CA', [conc(7900), edible(100)], []],
    ['CA edible THC over the 8 g concentrate', 'US-CA', [conc(7900), edible(101)], ['us-ca.limit.au-concentrate']],
    ['CO ½ oz flower + 4 g concentrate = 1 oz equivalent', 'US-CO', [flower(14000), conc(4000)], []],
    ['CO 800 mg THC edibles = 1 oz', 'US-CO', [edible(800)], []],
    ['CO 14 g flower + 4 g concentrate + 1 mg THC', 'US-CO', [flower(14000), conc(4000), edible(1)], ['us-co.limit.au-equivalency']],
    ['WA 1 oz flower AND 7 g concentrate in one transaction', 'US-WA', [flower(28349), conc(7000)], []],
    ['WA 7 g + 1 mg concentrate', 'US-WA', [conc(7001)], ['us-wa.limit.au-concentrate']],
    ['OR 2 oz flower (newer reading)', 'US-OR', [flower(56699)], []],
    ['OR 10 seeds / 11 seeds', 'US-OR', [seeds(11)], ['us-or.limit.au-seeds']],
    ['MI 2.5 oz with 15 g of it concentrate', 'US-MI', [flower(55873), conc(15000)], []],
    ['MI 15 g + 1 mg concentrate', 'US-MI', [conc(15001)], ['us-mi.limit.au-concentrate']],
    ['MA 5 g active THC in concentrate = 1 oz', 'US-MA', [conc(6000, 5000)], []],
    ['MA 500 mg THC in edibles = 1 oz', 'US-MA', [edible(500)], []],
    ['MA 501 mg THC in edibles', 'US-MA', [edible(501)], ['us-ma.limit.au-equivalency']],
    ['NV 2.5 oz usable (28.35 g an ounce)', 'US-NV', [flower(70875)], []],
    ['NV 2.5 oz + 1 mg usable', 'US-NV', [flower(70876)], ['us-nv.limit.au-equivalency']],
    ['NV ¼ oz concentrate', 'US-NV', [conc(7087)], []],
    ['NV ¼ oz + 1 mg concentrate', 'US-NV', [conc(7088)], ['us-nv.limit.au-equivalency']],
    ['AZ 1 oz of which 5 g concentrate', 'US-AZ', [flower(23349), conc(5000)], []],
    ['AZ concentrate over 5 g inside the ounce', 'US-AZ', [flower(10000), conc(5001)], ['us-az.limit.au-concentrate']],
    ['AZ ounce total over', 'US-AZ', [flower(23350), conc(5000)], ['us-az.limit.au-total']],
    ['NY 3 oz AND 24 g concentrated', 'US-NY', [flower(85048), conc(24000)], []],
    ['NJ ½ oz flower + 2 g concentrate', 'US-NJ', [flower(14175), conc(2000)], []],
    ['NJ 1,000 mg ingestible THC', 'US-NJ', [edible(100), { ...edible(100), quantity: 9 }], []],
    ['NJ 1,001 mg ingestible THC', 'US-NJ', [edible(100), { ...edible(100), quantity: 9 }, edible(1)], ['us-nj.limit.au-equivalency']],
    ['MD 1.5 oz flower', 'US-MD', [flower(42524)], []],
    ['MD 750 mg THC', 'US-MD', [{ ...edible(75), quantity: 10 }], []],
    ['MD ¾ oz flower + 6 g concentrate (equivalency)', 'US-MD', [flower(21262), conc(6000)], []],
    ['MD ¾ oz flower + 6 g + 1 mg concentrate', 'US-MD', [flower(21263), conc(6000)], ['us-md.limit.au-equivalency']],
    ['MO 3 oz or 24 g concentrate', 'US-MO', [conc(24000)], []],
    ['MO 1 oz + 8 g concentrate + 800 mg THC', 'US-MO', [flower(28349), conc(8000), { ...edible(80), quantity: 10 }], []],
    ['OH 2.5 oz flower AND 15,000 mg THC', 'US-OH', [flower(70873), { ...line({ category: 'vape', netWeightMg: 1000, thcMg: 750 }), quantity: 20 }], []],
    ['OH 15,001 mg THC', 'US-OH', [{ ...line({ category: 'vape', netWeightMg: 1000, thcMg: 750 }), quantity: 20 }, edible(1)], ['us-oh.limit.au-non-flower-thc']],
    ['ON 30 g dried', 'CA-ON', [flower(30000)], []],
    ['ON 7.5 g concentrate = 30 g', 'CA-ON', [conc(7500)], []],
    ['ON 7.5 g + 1 mg concentrate', 'CA-ON', [conc(7501)], ['ca-on.limit.dried-equivalent']],
    ['ON 15 g dried + 15 seeds', 'CA-ON', [flower(15000), seeds(15)], []],
    ['ON 450 g solid edibles = 30 g', 'CA-ON', [line({ category: 'edible', netWeightMg: 450000, thcMg: 10 })], []],
  ];
  it.each(cases)('%s', (_name, jurisdiction, lines, expected, extra) => {
    expect(limitViolations(evaluate(request(jurisdiction, lines, extra)))).toEqual(expected);
  });
});

describe('dated limit changes', () => {
  it('NV: 1 oz (28.35 g) before SB 277, 2.5 oz from 2024-01-01', () => {
    const before = { at: '2023-12-31T14:00:00-08:00' };
    expect(limitViolations(evaluate(request('US-NV', [flower(28350)], before)))).toEqual([]);
    expect(limitViolations(evaluate(request('US-NV', [flower(28351)], before)))).toEqual(['us-nv.limit.au-equivalency']);
    expect(limitViolations(evaluate(request('US-NV', [flower(28351)], { at: '2024-01-01T09:00:00-08:00' })))).toEqual([]);
  });

  it('OH: 1 oz flower a day until 2025-06-03, 2.5 oz from 2025-06-04', () => {
    expect(limitViolations(evaluate(request('US-OH', [flower(28350)], { at: '2025-06-03T14:00:00-04:00' })))).toEqual(['us-oh.limit.au-flower']);
    expect(limitViolations(evaluate(request('US-OH', [flower(70873)], { at: '2025-06-04T14:00:00-04:00' })))).toEqual([]);
  });
});

describe('adult-use vs medical', () => {
  it('CA: 8 oz dried flower for a patient, 28.5 g for an adult', () => {
    const lines = [flower(226796)];
    expect(limitViolations(evaluate(request('US-CA', lines, { customer: medical('US-CA') })))).toEqual([]);
    expect(limitViolations(evaluate(request('US-CA', [flower(226797)], { customer: medical('US-CA') })))).toEqual(['us-ca.limit.med-dried-flower']);
    expect(limitViolations(evaluate(request('US-CA', lines)))).toEqual(['us-ca.limit.au-non-concentrated']);
  });

  it('CA: the medical flower limit allows a manager override (recommendation for more)', () => {
    const r = evaluate(request('US-CA', [flower(226797)], { customer: medical('US-CA') }));
    expect(r.violations[0]).toMatchObject({ code: 'PURCHASE_LIMIT', overridable: true });
    expect(evaluate(request('US-CA', [flower(28501)])).violations[0].overridable).toBe(false);
  });

  it('CO: medical concentrate is 8 g a day at 21+, 2 g at 18–20', () => {
    const adult = medical('US-CO');
    const young = { ...medical('US-CO'), birthDate: '2006-01-01' };
    expect(limitViolations(evaluate(request('US-CO', [conc(8000)], { customer: adult })))).toEqual([]);
    expect(limitViolations(evaluate(request('US-CO', [conc(2001)], { customer: young })))).toEqual(['us-co.limit.med-concentrate-18-20']);
    expect(limitViolations(evaluate(request('US-CO', [conc(2000)], { customer: young })))).toEqual([]);
  });

  it('MD: patients get 120 g and 36 g THC per 30 days, independently', () => {
    const r = evaluate(request('US-MD', [flower(120000), { ...conc(1000, 1000), quantity: 36 }], { customer: medical('US-MD') }));
    expect(limitViolations(r)).toEqual([]);
  });

  it('OH: tier II flower (>23% THC) uses up the 90-day supply faster', () => {
    const tier1 = line({ category: 'flower', netWeightMg: 150252, thcMg: 1, thcPercent: 23 });
    const tier2 = line({ category: 'flower', netWeightMg: 150253, thcMg: 1, thcPercent: 30 });
    expect(limitViolations(evaluate(request('US-OH', [tier1], { customer: medical('US-OH') })))).toEqual([]);
    expect(limitViolations(evaluate(request('US-OH', [tier2], { customer: medical('US-OH') })))).toEqual(['us-oh.limit.med-90-day-supply']);
  });

  it('ON: a medical customer is served under the adult-use rules', () => {
    const r = evaluate(request('CA-ON', [flower(30001)], { customer: medical('CA-ON') }));
    expect(r.context.customerKind).toBe('adult_use');
    expect(limitViolations(r)).toEqual(['ca-on.limit.dried-equivalent']);
  });
});

describe('Illinois residency', () => {
  const il = (customer: Partial<EvaluateRequest['customer']>, lines: RequestLine[]) =>
    evaluate(request('US-IL', lines, { customer: { kind: 'adult_use', birthDate: '1980-01-01', ...customer } }));

  it('residents (Illinois ID) may buy 30 g, 5 g, 500 mg', () => {
    const r = il({ idJurisdiction: 'US-IL' }, [flower(30000), conc(5000), { ...edible(100), quantity: 5 }]);
    expect(limitViolations(r)).toEqual([]);
    expect(r.context.residency).toBe('resident');
  });

  it('non-residents (out-of-state ID) get half: 15 g, 2.5 g, 250 mg', () => {
    expect(limitViolations(il({ idJurisdiction: 'US-IN' }, [flower(15000), conc(2500), { ...edible(50), quantity: 5 }]))).toEqual([]);
    expect(limitViolations(il({ idJurisdiction: 'US-IN' }, [flower(15001), conc(2501), { ...edible(50), quantity: 5 }, edible(1)]))).toEqual([
      'us-il.limit.au-nonresident-flower',
      'us-il.limit.au-nonresident-concentrate',
      'us-il.limit.au-nonresident-infused',
    ]);
  });

  it('a two-letter ID code works, explicit residency wins, unknown residency is treated as non-resident', () => {
    expect(il({ idJurisdiction: 'IL' }, [flower(30000)]).context.residency).toBe('resident');
    expect(il({ idJurisdiction: 'US-WI', residency: 'resident' }, [flower(30000)]).context.residency).toBe('resident');
    const unknown = il({}, [flower(30000)]);
    expect(unknown.context.residency).toBe('non_resident');
    expect(limitViolations(unknown)).toEqual(['us-il.limit.au-nonresident-flower']);
  });
});

describe('windows: cart plus history in the store’s timezone', () => {
  const history = (at: string, lines: RequestLine[]) => ({ at, lines });

  it('CA per day: earlier purchases today count, yesterday’s do not (Los Angeles midnight)', () => {
    const base = { at: '2025-11-15T14:00:00-08:00' };
    const today = history('2025-11-15T08:00:00Z', [flower(20000)]); // 00:00 PST
    const yesterday = history('2025-11-15T07:59:59Z', [flower(20000)]); // 23:59:59 PST on the 14th
    const ok = evaluate(request('US-CA', [flower(8500)], { ...base, history: [today, yesterday] }));
    expect(usage(ok, 'us-ca.limit.au-non-concentrated').used).toBe(28500);
    expect(limitViolations(ok)).toEqual([]);
    expect(limitViolations(evaluate(request('US-CA', [flower(8501)], { ...base, history: [today] })))).toEqual(['us-ca.limit.au-non-concentrated']);
  });

  it('a cart that adds nothing to an exhausted limit is not blocked by it', () => {
    const r = evaluate(request('US-CA', [line({ category: 'accessory' })], { history: [history('2025-11-15T10:00:00-08:00', [flower(30000)])] }));
    expect(r.allowed).toBe(true);
    expect(usage(r, 'us-ca.limit.au-non-concentrated').used).toBe(30000);
  });

  it('WA per transaction: history does not count', () => {
    const r = evaluate(request('US-WA', [flower(28000)], { history: [history('2025-11-15T09:00:00-08:00', [flower(28000)])] }));
    expect(usage(r, 'us-wa.limit.au-usable').used).toBe(28000);
  });

  it('IL medical rolling 14 days: day 13 back counts, day 14 back does not', () => {
    const customer = medical('US-IL');
    const at = '2025-11-15T14:00:00-06:00';
    const d13 = history('2025-11-02T00:00:00-05:00', [flower(60000)]); // 2 Nov 00:00 Chicago (CDT ends 2 Nov 02:00)
    const d14 = history('2025-11-01T23:59:59-05:00', [flower(60000)]);
    expect(limitViolations(evaluate(request('US-IL', [flower(10874)], { at, customer, history: [d14] })))).toEqual([]);
    expect(limitViolations(evaluate(request('US-IL', [flower(10874)], { at, customer, history: [d13] })))).toEqual(['us-il.limit.med-14-days']);
    expect(limitViolations(evaluate(request('US-IL', [flower(10873)], { at, customer, history: [d13] })))).toEqual([]);
  });

  it('MI medical calendar month: the 1st counts, the last day of the previous month does not', () => {
    const customer = medical('US-MI');
    const first = history('2025-11-01T00:00:00-04:00', [flower(70000)]);
    const prev = history('2025-10-31T23:59:00-04:00', [flower(70000), flower(70000), flower(70000)]);
    const more = [70000, 70000].map((mg) => history('2025-11-05T12:00:00-05:00', [flower(mg)]));
    const r = evaluate(request('US-MI', [flower(70000)], { customer, history: [first, prev, ...more] }));
    expect(usage(r, 'us-mi.limit.med-month').used).toBe(280000);
    expect(limitViolations(r)).toEqual([]);
    const over = evaluate(request('US-MI', [flower(3496)], { customer, history: [first, ...more, history('2025-11-10T12:00:00-05:00', [flower(70000)])] }));
    expect(limitViolations(over)).toEqual(['us-mi.limit.med-month']);
  });

  it('missing THC where a limit counts by THC names the history line', () => {
    const h = history('2025-11-15T09:00:00-08:00', [line({ category: 'edible', netWeightMg: 1000 })]);
    expect(() => evaluate(request('US-CA', [flower(1000)], { history: [h] }))).toThrowError(
      expect.objectContaining({ code: 'VALIDATION_FAILED', httpStatus: 400, details: expect.objectContaining({ path: ['history', 0, 'lines', 0, 'thcMg'] }) }),
    );
  });
});
