// Delivery to a customer pre-verified before the order: a delivery rule's `requiresPreVerification`
// judged on the request's customer.deliveryPreVerified. Reference: regulations.md §5 "Delivery",
// Massachusetts L158 ("Consumers must be pre-verified before first delivery order"), and L221.
import { describe, expect, it } from 'vitest';
import { requiresDeliveryPreVerificationOn } from './delivery.ts';
import { evaluate } from './evaluate.ts';
import { packSchema } from './pack-schema.ts';
import { BUILT_IN_PACKS } from './packs/index.ts';
import { usCa } from './packs/us-ca.ts';
import { usMa } from './packs/us-ma.ts';
import { evaluateRequestSchema, isWellFormedRequest, type EvaluateRequest } from './request-schema.ts';
import { catchError, codes, line, medical, request } from './testing/fixtures.ts';

const FLOWER = line({ sku: 'FL', category: 'flower', netWeightMg: 1000, thcMg: 200, thcPercent: 20 });
type Customer = EvaluateRequest['customer'];
const adult = (j: string, extra: Partial<Customer> = {}): Customer => ({ kind: 'adult_use', birthDate: '1980-01-01', idJurisdiction: j, ...extra });

function deliver(j: string, customer: Customer, extra: Partial<EvaluateRequest> = {}) {
  return evaluate(request(j, [FLOWER], { channel: 'delivery', delivery: { addressType: 'residence' }, customer, ...extra }));
}

describe('Massachusetts: consumers are pre-verified before a delivery order (ref L158)', () => {
  it.each([
    ['adult-use, not known', adult('US-MA')],
    ['adult-use, not pre-verified', adult('US-MA', { deliveryPreVerified: false })],
    ['medical, not known', medical('US-MA')],
    ['medical, not pre-verified', { ...medical('US-MA'), deliveryPreVerified: false }],
  ])('%s: refused with its own code', (_, customer) => {
    const r = deliver('US-MA', customer);
    expect(r.allowed).toBe(false);
    expect(r.violations).toEqual([
      {
        code: 'DELIVERY_PRE_VERIFICATION_REQUIRED',
        message:
          'Customers must be pre-verified before a delivery order in Massachusetts, and this customer is not: their ID has to be checked in person first (pickup is not affected)',
        rule: 'us-ma.delivery.pre-verification',
        lines: [],
        overridable: false,
        confidence: 'sure',
        source: { refs: ['S33', 'S35'], title: expect.stringContaining('pre-verified') },
      },
    ]);
  });

  it.each([
    ['adult-use', adult('US-MA', { deliveryPreVerified: true })],
    ['medical', { ...medical('US-MA'), deliveryPreVerified: true }],
  ])('%s, pre-verified: allowed', (_, customer) => {
    expect(codes(deliver('US-MA', customer))).toEqual([]);
  });

  it('pickup and in-store sales do not ask for it', () => {
    for (const channel of ['pickup', 'in_store'] as const) expect(codes(evaluate(request('US-MA', [FLOWER], { channel, customer: adult('US-MA', { deliveryPreVerified: false }) })))).toEqual([]);
  });

  it('a pre-verified customer is still held to the other delivery rules: both refusals are named', () => {
    const r = deliver('US-MA', adult('US-MA'), { delivery: { addressType: 'hotel' } });
    expect(codes(r)).toEqual(['DELIVERY_NOT_ALLOWED', 'DELIVERY_PRE_VERIFICATION_REQUIRED']);
    expect(codes(deliver('US-MA', adult('US-MA', { deliveryPreVerified: true }), { delivery: { addressType: 'hotel' } }))).toEqual(['DELIVERY_NOT_ALLOWED']);
  });

  it('the pack carries the rule with its source, dates and confidence (since version 2026.12.11)', () => {
    const pack = packSchema.parse(usMa);
    expect(pack.version >= '2026.12.11').toBe(true);
    expect(pack.delivery.find((r) => r.requiresPreVerification)).toMatchObject({
      id: 'us-ma.delivery.pre-verification',
      customerKinds: ['adult_use', 'medical'],
      allowed: true,
      effective: { from: '2018-11-20', to: null },
      confidence: 'sure',
      overridable: false,
      source: { refs: ['S33', 'S35'] },
    });
  });
});

describe('packs without the rule', () => {
  it.each(['US-CA', 'US-MI', 'US-NV', 'US-NJ'])('%s: the fact is not consulted', (j) => {
    expect(codes(deliver(j, adult(j)))).toEqual([]);
    expect(codes(deliver(j, adult(j, { deliveryPreVerified: false })))).toEqual([]);
  });

  it('requiresDeliveryPreVerificationOn: only Massachusetts among the built-in packs, and only while the rule is in effect', () => {
    const asks = BUILT_IN_PACKS.map((p) => packSchema.parse(p)).filter((p) => requiresDeliveryPreVerificationOn(p, '2026-12-11')).map((p) => p.jurisdiction);
    expect(asks).toEqual(['US-MA']);
    const ma = packSchema.parse(usMa);
    expect(requiresDeliveryPreVerificationOn(ma, '2018-11-20')).toBe(true);
    const ended = { ...ma, delivery: ma.delivery.map((r) => (r.requiresPreVerification ? { ...r, effective: { from: '2018-11-20', to: '2025-12-31' } } : r)) };
    expect(requiresDeliveryPreVerificationOn(ended, '2025-12-31')).toBe(true);
    expect(requiresDeliveryPreVerificationOn(ended, '2026-01-01')).toBe(false);
  });
});

describe('a pack that asks it of one customer kind only', () => {
  // A supplied pack: California's, with a second delivery rule for medical customers only.
  const pack = {
    ...usCa,
    jurisdiction: 'US-CA',
    delivery: [
      ...usCa.delivery,
      {
        id: 'us-ca.delivery.patients-verified', customerKinds: ['medical'], allowed: true, requiresPreVerification: true,
        effective: usCa.effective, source: { refs: ['S4'], title: 'test' }, confidence: 'sure',
      },
    ],
  } as typeof usCa;

  it('judges that kind and no other', () => {
    const options = { packs: [pack] };
    const run = (customer: Customer) => evaluate(request('US-CA', [FLOWER], { channel: 'delivery', customer }), options);
    expect(codes(run(adult('US-CA')))).toEqual([]);
    expect(run(medical('US-CA')).violations).toMatchObject([{ code: 'DELIVERY_PRE_VERIFICATION_REQUIRED', rule: 'us-ca.delivery.patients-verified' }]);
    expect(codes(run({ ...medical('US-CA'), deliveryPreVerified: true }))).toEqual([]);
  });

  it('the field is a boolean', () => {
    expect(packSchema.safeParse({ ...pack, delivery: [{ ...pack.delivery[1], requiresPreVerification: 'yes' }] }).success).toBe(false);
  });
});

describe('the request field', () => {
  const withFact = (deliveryPreVerified: unknown) => ({ ...request('US-MA', [FLOWER], { channel: 'delivery' }), customer: { ...adult('US-MA'), deliveryPreVerified } }) as EvaluateRequest;

  it.each([true, false, undefined, 'true', 1, null])('%j: fast check and schema agree', (value) => {
    const req = withFact(value);
    expect(isWellFormedRequest(req)).toBe(evaluateRequestSchema.safeParse(req).success);
    expect(isWellFormedRequest(req)).toBe(typeof value === 'boolean' || value === undefined);
  });

  it('anything but a boolean is VALIDATION_FAILED at customer.deliveryPreVerified', () => {
    const e = catchError(() => evaluate(withFact('yes')));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.details.path).toEqual(['customer', 'deliveryPreVerified']);
  });
});
