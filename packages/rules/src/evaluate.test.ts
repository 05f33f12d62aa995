import { describe, expect, it } from 'vitest';
import { RulesError } from './errors.ts';
import { evaluate } from './evaluate.ts';
import { BUILT_IN_PACKS } from './packs/index.ts';
import { evaluateRequestSchema, type EvaluateRequest } from './request-schema.ts';
import { evaluateResponseSchema } from './response-schema.ts';
import { catchError, codes, line, medical, request } from './testing/fixtures.ts';


const SPEC_EXAMPLE: EvaluateRequest = {
  jurisdiction: 'US-CA',
  at: '2025-11-15T14:00:00-08:00',
  channel: 'in_store',
  customer: { kind: 'adult_use', birthDate: '1990-04-01', idJurisdiction: 'US-IN' },
  store: { localSalesTaxRate: 0.02, localCannabisTaxRate: 0.03 },
  lines: [{ sku: 'A1', category: 'flower', quantity: 9, unitPriceCents: 4000, netWeightMg: 3500, thcMg: 770, thcPercent: 22.0, infused: false }],
};

describe('evaluate(): the API contract', () => {
  it('answers the issue’s example request with the documented response shape', () => {
    const r = evaluate(SPEC_EXAMPLE);
    expect(evaluateResponseSchema.safeParse(r).success).toBe(true);
    expect(r.allowed).toBe(false);
    expect(r.violations).toMatchObject([{ code: 'PURCHASE_LIMIT', rule: 'us-ca.limit.au-non-concentrated', lines: [0], overridable: false }]);
    expect(r.limits[0]).toMatchObject({ id: 'us-ca.limit.au-non-concentrated', used: 31500, max: 28500, unit: 'mg' });
    expect(r.subtotalCents).toBe(36000);
    expect(r.totalCents).toBe(r.subtotalCents + r.taxes.filter((t) => !t.includedInPrice).reduce((a, t) => a + t.amountCents, 0));
    expect(r.packVersion).toBe('US-CA@2026.12.15');
    expect(r.taxes.every((t) => typeof t.label === 'string' && t.metrcField)).toBe(true);
  });

  it('accepts the request schema and the minimal optional-free request', () => {
    expect(evaluateRequestSchema.safeParse(SPEC_EXAMPLE).success).toBe(true);
    const minimal = { jurisdiction: 'US-CO', at: '2025-11-15T14:00:00-07:00', channel: 'pickup', customer: { kind: 'adult_use', birthDate: '1990-01-01' }, lines: [] };
    expect(evaluate(minimal as EvaluateRequest).allowed).toBe(true);
  });

  it('unknown jurisdiction → JURISDICTION_UNKNOWN (404)', () => {
    const e = catchError(() => evaluate({ ...SPEC_EXAMPLE, jurisdiction: 'US-XX' }));
    expect(e).toBeInstanceOf(RulesError);
    expect(e).toMatchObject({ code: 'JURISDICTION_UNKNOWN', httpStatus: 404, details: { path: ['jurisdiction'] } });
  });

  it('jurisdiction codes are case-insensitive', () => {
    expect(evaluate({ ...SPEC_EXAMPLE, jurisdiction: 'us-ca' }).packVersion).toBe('US-CA@2026.12.15');
  });

  it('a date outside every effective range → NO_PACK_IN_EFFECT (422) with a clear message', () => {
    const before = catchError(() => evaluate({ ...SPEC_EXAMPLE, at: '2019-05-01T12:00:00-07:00' }));
    expect(before).toMatchObject({ code: 'NO_PACK_IN_EFFECT', httpStatus: 422 });
    expect(before.message).toContain('2019-05-01');
    expect(before.message).toContain('2023-01-01 to 2028-06-30');
    const after = catchError(() => evaluate({ ...SPEC_EXAMPLE, at: '2028-07-01T12:00:00-07:00' }));
    expect(after.code).toBe('NO_PACK_IN_EFFECT');
  });

  it.each([
    ['negative weight', { lines: [{ ...SPEC_EXAMPLE.lines[0], netWeightMg: -1 }] }, ['lines', 0, 'netWeightMg']],
    ['fractional quantity', { lines: [line({ category: 'flower', netWeightMg: 1 }), { ...SPEC_EXAMPLE.lines[0], quantity: 1.5 }] }, ['lines', 1, 'quantity']],
    ['unknown category', { lines: [{ ...SPEC_EXAMPLE.lines[0], category: 'cookies' }] }, ['lines', 0, 'category']],
    ['instant without offset', { at: '2025-11-15T14:00:00' }, ['at']],
    ['impossible date', { customer: { ...SPEC_EXAMPLE.customer, birthDate: '1990-02-30' } }, ['customer', 'birthDate']],
    ['rate above 100%', { store: { localSalesTaxRate: 1.5 } }, ['store', 'localSalesTaxRate']],
  ])('%s → VALIDATION_FAILED (400) naming the field', (_name, patch, path) => {
    const e = catchError(() => evaluate({ ...SPEC_EXAMPLE, ...patch } as EvaluateRequest));
    expect(e).toMatchObject({ code: 'VALIDATION_FAILED', httpStatus: 400, details: { path } });
  });

  it('missing THC where a limit needs it → VALIDATION_FAILED naming the line and field', () => {
    const lines = [line({ category: 'flower', netWeightMg: 1000 }), line({ category: 'flower', netWeightMg: 1000 }), line({ category: 'edible', netWeightMg: 1000 })];
    const e = catchError(() => evaluate(request('US-CA', lines)));
    expect(e).toMatchObject({ code: 'VALIDATION_FAILED', httpStatus: 400, details: { path: ['lines', 2, 'thcMg'] } });
    expect(e.message).toContain('lines[2].thcMg');
  });

  it('missing weight where a limit counts by weight → VALIDATION_FAILED', () => {
    const e = catchError(() => evaluate(request('US-WA', [line({ category: 'concentrate', thcMg: 800 })])));
    expect(e.details.path).toEqual(['lines', 0, 'netWeightMg']);
  });

  it('RulesError serialises to the server’s error shape', () => {
    const e = catchError(() => evaluate({ ...SPEC_EXAMPLE, jurisdiction: 'ZZ-ZZ' }));
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({ code: 'JURISDICTION_UNKNOWN', message: expect.any(String), details: { path: ['jurisdiction'] } });
  });
});

describe('age and medical card', () => {
  const flower = [line({ category: 'flower', netWeightMg: 1000, thcMg: 200 })];

  it.each([
    ['US-CA', '2004-11-16', true],
    ['US-CA', '2004-11-15', false],
    ['CA-ON', '2006-11-15', false],
    ['CA-ON', '2006-11-16', true],
  ])('%s born %s is underage: %s', (jurisdiction, birthDate, underage) => {
    const r = evaluate(request(jurisdiction, flower, { customer: { kind: 'adult_use', birthDate } }));
    expect(codes(r).includes('UNDERAGE')).toBe(underage);
  });

  it('a 29 February birthday comes of age on 1 March', () => {
    const customer = { kind: 'adult_use' as const, birthDate: '2004-02-29' };
    expect(codes(evaluate(request('US-CO', flower, { customer, at: '2025-02-28T12:00:00-07:00' })))).toContain('UNDERAGE');
    expect(codes(evaluate(request('US-CO', flower, { customer, at: '2025-03-01T12:00:00-07:00' })))).not.toContain('UNDERAGE');
  });

  it('age is judged on the store-local date, not UTC', () => {
    // 21st birthday on 2025-11-16; 2025-11-16T02:00Z is still the 15th in Los Angeles.
    const customer = { kind: 'adult_use' as const, birthDate: '2004-11-16' };
    expect(codes(evaluate(request('US-CA', flower, { customer, at: '2025-11-16T02:00:00Z' })))).toContain('UNDERAGE');
  });

  it('medical customers: 18 is enough where the program allows it', () => {
    const customer = { ...medical('US-CA'), birthDate: '2007-01-01' };
    expect(codes(evaluate(request('US-CA', flower, { customer })))).toEqual([]);
  });

  it.each([
    ['no card', { ...medical('US-CA'), medicalCard: undefined }],
    ['expired card', medical('US-CA', { expiresOn: '2025-11-14' })],
    ['out-of-state card without reciprocity', medical('US-IL', { jurisdiction: 'US-MI' })],
  ])('%s → MEDICAL_CARD_INVALID', (_name, customer) => {
    const jurisdiction = customer.idJurisdiction ?? 'US-CA';
    const r = evaluate(request(jurisdiction, flower, { customer }));
    expect(codes(r)).toEqual(['MEDICAL_CARD_INVALID']);
    expect(r.allowed).toBe(false);
  });

  it('a card expiring today is still valid; reciprocity states accept other cards', () => {
    expect(codes(evaluate(request('US-CA', flower, { customer: medical('US-CA', { expiresOn: '2025-11-15' }) })))).toEqual([]);
    expect(codes(evaluate(request('US-MI', flower, { customer: medical('US-MI', { jurisdiction: 'US-OH' }) })))).toEqual([]);
  });
});

describe('sale hours in the store’s timezone', () => {
  const flower = [line({ category: 'flower', netWeightMg: 1000, thcMg: 200 })];
  it.each([
    ['US-CA', '2025-11-15T05:59:59-08:00', true],
    ['US-CA', '2025-11-15T06:00:00-08:00', false],
    ['US-CA', '2025-11-15T21:59:59-08:00', false],
    ['US-CA', '2025-11-15T22:00:00-08:00', true],
    ['US-CA', '2025-11-16T05:30:00Z', false], // 21:30 PST on the 15th → open
    ['US-IL', '2025-11-15T22:30:00-06:00', true],
    ['US-WA', '2025-11-15T23:59:00-08:00', false],
    ['US-WA', '2025-11-16T00:00:00-08:00', true],
    ['CA-ON', '2025-11-15T08:59:00-05:00', true],
    ['US-MI', '2025-11-15T03:00:00-05:00', false], // no state hours
  ])('%s at %s outside hours: %s', (jurisdiction, at, outside) => {
    expect(codes(evaluate(request(jurisdiction, flower, { at }))).includes('OUTSIDE_SALE_HOURS')).toBe(outside);
  });

  it('reads the offset of the instant, whatever zone it was written in', () => {
    // 2025-11-15T06:30:00Z is 22:30 on the 14th in Los Angeles → closed
    expect(codes(evaluate(request('US-CA', flower, { at: '2025-11-15T06:30:00Z' })))).toContain('OUTSIDE_SALE_HOURS');
  });

  it('the store may set its own timezone', () => {
    const r = evaluate(request('US-OR', flower, { at: '2025-11-15T21:30:00-07:00', store: { timezone: 'America/Boise' } }));
    expect(r.context).toMatchObject({ timezone: 'America/Boise', localTime: '21:30' });
    expect(() => evaluate(request('US-OR', flower, { store: { timezone: 'Mars/Olympus' } }))).toThrowError(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('a delivery is judged at its hand-over time', () => {
    const r = evaluate(request('US-CA', flower, { channel: 'delivery', at: '2025-11-15T14:00:00-08:00', delivery: { deliverAt: '2025-11-15T22:15:00-08:00' } }));
    expect(codes(r)).toEqual(['OUTSIDE_SALE_HOURS']);
  });
});

describe('delivery', () => {
  const flower = [line({ category: 'flower', netWeightMg: 1000, thcMg: 200 })];
  const deliver = (jurisdiction: string, extra: Partial<EvaluateRequest> = {}) => codes(evaluate(request(jurisdiction, flower, { channel: 'delivery', ...extra })));

  it.each([
    ['US-CA', []],
    ['US-IL', ['DELIVERY_NOT_ALLOWED']],
    ['US-WA', ['DELIVERY_NOT_ALLOWED']],
    ['US-MA', ['DELIVERY_PRE_VERIFICATION_REQUIRED']],
    ['US-AZ', ['DELIVERY_NOT_ALLOWED']],
  ])('%s adult-use delivery → %j', (jurisdiction, expected) => {
    expect(deliver(jurisdiction)).toEqual(expected);
  });

  it('per customer type: Colorado retail delivery only from 2021', () => {
    expect(deliver('US-CO', { at: '2020-06-01T12:00:00-06:00' })).toEqual(['DELIVERY_NOT_ALLOWED']);
    expect(deliver('US-CO', { at: '2020-06-01T12:00:00-06:00', customer: medical('US-CO') })).toEqual([]);
  });

  it('Oregon: residences only, and same-day orders before 8 pm', () => {
    expect(deliver('US-OR', { delivery: { addressType: 'hotel' } })).toEqual(['DELIVERY_NOT_ALLOWED']);
    expect(deliver('US-OR', { delivery: { addressType: 'residence' } })).toEqual([]);
    const late = { orderedAt: '2025-11-15T20:00:00-08:00', deliverAt: '2025-11-15T21:00:00-08:00', addressType: 'residence' as const };
    expect(deliver('US-OR', { at: late.orderedAt, delivery: late })).toEqual(['DELIVERY_NOT_ALLOWED']);
    const tomorrow = { ...late, deliverAt: '2025-11-16T10:00:00-08:00' };
    expect(deliver('US-OR', { at: late.orderedAt, delivery: tomorrow })).toEqual([]);
  });

  it('California: an order worth more than the $5,000 vehicle cap cannot be delivered', () => {
    const big = [line({ category: 'flower', quantity: 1, unitPriceCents: 500_001, netWeightMg: 1000, thcMg: 200 })];
    const r = evaluate(request('US-CA', big, { channel: 'delivery' }));
    expect(r.violations).toMatchObject([{ code: 'DELIVERY_NOT_ALLOWED', rule: 'us-ca.delivery.vehicle-cap', confidence: 'likely', overridable: true }]);
  });
});

describe('products', () => {
  it('per-package THC caps (edibles ≤100 mg, ≤10 mg a serving)', () => {
    const ok = line({ category: 'edible', netWeightMg: 1000, thcMg: 100, thcMgPerServing: 10 });
    expect(codes(evaluate(request('US-CA', [ok])))).toEqual([]);
    const strong = evaluate(request('US-CA', [ok, { ...ok, thcMg: 101 }]));
    expect(strong.violations).toMatchObject([{ code: 'PRODUCT_NOT_PERMITTED', rule: 'us-ca.product.edible-package', lines: [1] }]);
    expect(codes(evaluate(request('US-CA', [{ ...ok, thcMgPerServing: 11 }])))).toEqual(['PRODUCT_NOT_PERMITTED']);
  });

  it('caps can differ by customer kind (CA non-edibles: 1,000 mg adult-use, 2,000 mg medicinal)', () => {
    const tincture = [line({ category: 'tincture', netWeightMg: 30000, thcMg: 1500 })];
    expect(codes(evaluate(request('US-CA', tincture)))).toEqual(['PRODUCT_NOT_PERMITTED']);
    expect(codes(evaluate(request('US-CA', tincture, { customer: medical('US-CA') })))).toEqual([]);
  });

  it('Maryland: adult-use concentrates over 1 g are reserved for patients', () => {
    const wax = [line({ category: 'concentrate', netWeightMg: 2000, thcMg: 1500 })];
    expect(codes(evaluate(request('US-MD', wax)))).toEqual(['PRODUCT_NOT_PERMITTED']);
    expect(codes(evaluate(request('US-MD', wax, { customer: medical('US-MD') })))).toEqual([]);
  });

  it('medical-only catalog items are refused to adult-use customers', () => {
    const item = [line({ category: 'flower', netWeightMg: 1000, thcMg: 200, medicalOnly: true })];
    expect(evaluate(request('US-NJ', item)).violations).toMatchObject([{ code: 'PRODUCT_NOT_PERMITTED', rule: 'line.medical-only', lines: [0] }]);
    expect(codes(evaluate(request('US-NJ', item, { customer: medical('US-NJ') })))).toEqual([]);
  });

  it('Illinois: no bundles; Michigan: no cannabis + accessory bundles', () => {
    const a = line({ sku: 'F', category: 'flower', netWeightMg: 1000, thcMg: 200, thcPercent: 20, bundleId: 'B1' });
    const b = line({ sku: 'P', category: 'pre_roll', netWeightMg: 1000, thcMg: 200, thcPercent: 20, bundleId: 'B1' });
    const c = line({ sku: 'X', category: 'accessory', bundleId: 'B1' });
    expect(evaluate(request('US-IL', [a, b])).violations).toMatchObject([{ code: 'PRODUCT_NOT_PERMITTED', rule: 'us-il.bundle.none', lines: [0, 1] }]);
    expect(codes(evaluate(request('US-MI', [a, b])))).toEqual([]);
    expect(codes(evaluate(request('US-MI', [a, c])))).toEqual(['PRODUCT_NOT_PERMITTED']);
  });

  it('Ohio SB 56 potency caps start in March 2026', () => {
    const strong = [line({ category: 'flower', netWeightMg: 1000, thcMg: 380, thcPercent: 38 })];
    expect(codes(evaluate(request('US-OH', strong)))).toEqual([]);
    expect(codes(evaluate(request('US-OH', strong, { at: '2026-03-19T12:00:00-04:00' })))).toEqual(['PRODUCT_NOT_PERMITTED']);
  });
});

describe('store overrides and custom packs', () => {
  const flower = (mg: number) => [line({ category: 'flower', netWeightMg: mg, thcMg: 1 })];

  it('replace a value by id (Oregon store reading the 1 oz flyer)', () => {
    const overrides = { 'us-or.limit.au-usable': { max: 28349.5 } };
    expect(codes(evaluate(request('US-OR', flower(30000))))).toEqual([]);
    expect(codes(evaluate(request('US-OR', flower(30000)), { overrides }))).toEqual(['PURCHASE_LIMIT']);
  });

  it('a bare number replaces the main field (limit max, tax rate)', () => {
    expect(codes(evaluate(request('US-OR', flower(30000)), { overrides: { 'us-or.limit.au-usable': 28349.5 } }))).toEqual(['PURCHASE_LIMIT']);
    const r = evaluate(request('US-NJ', [line({ category: 'flower', unitPriceCents: 10000, netWeightMg: 1000, thcMg: 1 })], { store: { localCannabisTaxRate: 0.02 } }), {
      overrides: { 'us-nj.tax.sales': 0.07 },
    });
    expect(r.taxes.map((t) => [t.code, t.amountCents])).toEqual([['NJ_SALES', 700], ['NJ_MUNICIPAL', 200]]);
  });

  it('replace one dated version with id@from', () => {
    const overrides = { 'us-ca.tax.excise@2025-10-01': { rate: 0.16 } };
    const r = evaluate(request('US-CA', [line({ category: 'flower', unitPriceCents: 10000, netWeightMg: 1000, thcMg: 1 })]), { overrides });
    expect(r.taxes.find((t) => t.code === 'CA_EXCISE')?.amountCents).toBe(1600);
  });

  it('overrides for other jurisdictions are ignored; unknown ids and invalid values are refused', () => {
    expect(codes(evaluate(request('US-CA', flower(1000)), { overrides: { 'us-or.limit.au-usable': { max: 1 } } }))).toEqual([]);
    expect(catchError(() => evaluate(request('US-CA', flower(1000)), { overrides: { 'us-ca.limit.nope': { max: 1 } } })).code).toBe('VALIDATION_FAILED');
    expect(catchError(() => evaluate(request('US-CA', flower(1000)), { overrides: { 'us-ca.limit.au-non-concentrated': { max: -5 } } })).code).toBe('VALIDATION_FAILED');
  });

  it('a manager-overridable hours rule (local hours stricter than the state)', () => {
    const overrides = { 'us-co.hours.sale': { open: '09:00', close: '19:00', overridable: true } };
    const r = evaluate(request('US-CO', flower(1000), { at: '2025-11-15T19:30:00-07:00' }), { overrides });
    expect(r.violations).toMatchObject([{ code: 'OUTSIDE_SALE_HOURS', overridable: true }]);
  });

  it('options.packs replaces the built-in packs (adding a state is adding data)', () => {
    const ca = BUILT_IN_PACKS.find((p) => p.jurisdiction === 'US-CA')!;
    const json = JSON.stringify(ca).replaceAll('us-ca.', 'us-xx.').replaceAll('"US-CA"', '"US-XX"').replace('"California"', '"Test State"');
    const packs = [...BUILT_IN_PACKS, JSON.parse(json)];
    const r = evaluate({ ...request('US-XX', flower(28501)), at: '2025-11-15T14:00:00-08:00' }, { packs });
    expect(r.packVersion).toBe('US-XX@2026.12.15');
    expect(r.violations[0].rule).toBe('us-xx.limit.au-non-concentrated');
  });
});
