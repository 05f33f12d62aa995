// Where a delivery may go: the address types packs allow (`addressTypes`) or exclude
// (`excludedAddressTypes`). Reference: regulations.md §5 "Delivery" (lines 148–167): California
// L152, Oregon L155, Michigan L156, Massachusetts L158, Maryland L163.
import { describe, expect, it } from 'vitest';
import { ADDRESS_TYPES, type AddressType } from './categories.ts';
import { evaluate } from './evaluate.ts';
import { packSchema } from './pack-schema.ts';
import { usCa } from './packs/us-ca.ts';
import { evaluateRequestSchema, isWellFormedRequest, type EvaluateRequest } from './request-schema.ts';
import type { EvaluateResponse } from './response-schema.ts';
import { catchError, codes, line, medical, request } from './testing/fixtures.ts';

const FLOWER = line({ sku: 'FL', category: 'flower', netWeightMg: 1000, thcMg: 200, thcPercent: 20 });

type Kind = 'adult_use' | 'medical';

/** A customer pre-verified for delivery, so only the address is judged (Massachusetts asks for both). */
function customerOf(jurisdiction: string, kind: Kind): EvaluateRequest['customer'] {
  return { ...(kind === 'medical' ? medical(jurisdiction) : request(jurisdiction, []).customer), deliveryPreVerified: true };
}

function deliver(jurisdiction: string, kind: Kind, addressType?: AddressType): EvaluateResponse {
  return evaluate(
    request(jurisdiction, [FLOWER], {
      channel: 'delivery',
      delivery: addressType === undefined ? {} : { addressType },
      customer: customerOf(jurisdiction, kind),
    }),
  );
}

const except = (...types: AddressType[]) => ADDRESS_TYPES.filter((t) => !types.includes(t));

/** Per jurisdiction and customer kind: the address types that may receive a delivery. */
const ALLOWED: [jurisdiction: string, kind: Kind, allowed: readonly AddressType[], rule: string][] = [
  // L152: any physical address in CA, not publicly owned/leased land, K-12 schools, day care or youth centers.
  ['US-CA', 'adult_use', except('public_land', 'school', 'day_care', 'youth_center'), 'us-ca.delivery.allowed'],
  ['US-CA', 'medical', except('public_land', 'school', 'day_care', 'youth_center'), 'us-ca.delivery.allowed'],
  // L155: only to a residence (not dorms, hotels, motels, B&Bs, commercial).
  ['US-OR', 'adult_use', ['residence'], 'us-or.delivery.residence'],
  ['US-OR', 'medical', ['residence'], 'us-or.delivery.residence'],
  // L156: adult-use to the residential address or a designated consumption establishment; medical to the patient's residence.
  ['US-MI', 'adult_use', ['residence', 'consumption_establishment'], 'us-mi.delivery.adult-use'],
  ['US-MI', 'medical', ['residence'], 'us-mi.delivery.residence'],
  // L158: ID checked at the residence.
  ['US-MA', 'adult_use', ['residence'], 'us-ma.delivery.residence'],
  ['US-MA', 'medical', ['residence'], 'us-ma.delivery.residence'],
  // L163: medical to a private residence or an inpatient facility; adult-use delivery names no place.
  ['US-MD', 'medical', ['residence', 'inpatient_facility'], 'us-md.delivery.medical'],
  ['US-MD', 'adult_use', ADDRESS_TYPES, 'us-md.delivery.adult-use'],
];

describe('delivery address types', () => {
  describe.each(ALLOWED)('%s %s', (jurisdiction, kind, allowed, rule) => {
    it.each(ADDRESS_TYPES.map((t) => [t, allowed.includes(t)] as const))('%s allowed: %s', (addressType, ok) => {
      const r = deliver(jurisdiction, kind, addressType);
      if (ok) {
        expect(codes(r)).toEqual([]);
        return;
      }
      expect(r.allowed).toBe(false);
      expect(r.violations).toHaveLength(1);
      expect(r.violations[0]).toMatchObject({ code: 'DELIVERY_NOT_ALLOWED', rule, confidence: 'sure', overridable: false });
      expect(r.violations[0].message).toContain(addressType);
    });

    it('no address type given: not judged', () => {
      expect(codes(deliver(jurisdiction, kind))).toEqual([]);
      expect(codes(evaluate(request(jurisdiction, [FLOWER], { channel: 'delivery', delivery: null, customer: customerOf(jurisdiction, kind) })))).toEqual([]);
    });
  });

  it('California names the excluded type and what is excluded, for adult-use and medical alike', () => {
    const school = deliver('US-CA', 'adult_use', 'school').violations[0];
    expect(school.message).toBe('Delivery to address type school is not allowed in California (excluded: public_land, school, day_care, youth_center)');
    expect(school.source?.refs).toEqual(['S4', 'S5']);
    expect(deliver('US-CA', 'medical', 'public_land').violations[0].message).toContain('address type public_land');
    expect(codes(deliver('US-CA', 'adult_use', 'hotel'))).toEqual([]);
    expect(codes(deliver('US-CA', 'medical', 'inpatient_facility'))).toEqual([]);
  });

  it('Oregon: a dormitory is not a residence', () => {
    const r = deliver('US-OR', 'adult_use', 'dormitory');
    expect(r.violations).toMatchObject([{ code: 'DELIVERY_NOT_ALLOWED', rule: 'us-or.delivery.residence' }]);
    expect(r.violations[0].message).toBe('Delivery to address type dormitory is not allowed in Oregon (only residence)');
  });

  it('Michigan: a consumption establishment is adult-use only', () => {
    expect(codes(deliver('US-MI', 'adult_use', 'consumption_establishment'))).toEqual([]);
    expect(deliver('US-MI', 'medical', 'consumption_establishment').violations).toMatchObject([{ code: 'DELIVERY_NOT_ALLOWED', rule: 'us-mi.delivery.residence' }]);
  });

  it('Maryland: an inpatient facility is medical, the adult-use rule names no place', () => {
    expect(codes(deliver('US-MD', 'medical', 'inpatient_facility'))).toEqual([]);
    expect(deliver('US-MD', 'medical', 'hotel').violations).toMatchObject([{ code: 'DELIVERY_NOT_ALLOWED', rule: 'us-md.delivery.medical' }]);
    expect(codes(deliver('US-MD', 'adult_use', 'inpatient_facility'))).toEqual([]);
  });

  it('an address type is not judged for pickup or in-store sales', () => {
    const r = evaluate(request('US-CA', [FLOWER], { channel: 'pickup', delivery: { addressType: 'school' } }));
    expect(codes(r)).toEqual([]);
  });
});

describe('the request accepts exactly the address types', () => {
  const withType = (addressType: unknown) => ({ ...request('US-CA', [FLOWER], { channel: 'delivery' }), delivery: { addressType } }) as EvaluateRequest;

  it.each([...ADDRESS_TYPES, 'campus', 'School', '', 7, null])('%j: fast check and schema agree', (addressType) => {
    const req = withType(addressType);
    expect(isWellFormedRequest(req)).toBe(evaluateRequestSchema.safeParse(req).success);
    expect(isWellFormedRequest(req)).toBe((ADDRESS_TYPES as readonly unknown[]).includes(addressType));
  });

  it('an unknown address type is VALIDATION_FAILED at delivery.addressType', () => {
    const e = catchError(() => evaluate(withType('campus')));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(e.details)).toContain('"addressType"');
  });
});

describe('pack schema: excludedAddressTypes', () => {
  const withDelivery = (rule: Record<string, unknown>) => ({ ...usCa, delivery: [{ ...usCa.delivery[0], ...rule }] });

  it('a type may not be both allowed and excluded', () => {
    const r = packSchema.safeParse(withDelivery({ addressTypes: ['residence', 'school'], excludedAddressTypes: ['school'] }));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['delivery', 0, 'excludedAddressTypes'], message: 'an address type may not be both allowed and excluded' });
  });

  it('an empty or unknown exclusion is refused', () => {
    expect(packSchema.safeParse(withDelivery({ excludedAddressTypes: [] })).success).toBe(false);
    expect(packSchema.safeParse(withDelivery({ excludedAddressTypes: ['campus'] })).success).toBe(false);
    expect(packSchema.safeParse(withDelivery({ addressTypes: ['residence'], excludedAddressTypes: ['school'] })).success).toBe(true);
  });
});

// L152: California delivers "only to a physical address in CA"; L155: Oregon "only to a residence in Oregon".
describe('delivery only within the jurisdiction', () => {
  const to = (jurisdiction: string, addressJurisdiction: string | undefined) =>
    evaluate(
      request(jurisdiction, [FLOWER], {
        channel: 'delivery',
        delivery: { addressType: 'residence', ...(addressJurisdiction && { addressJurisdiction }) },
      }),
    );

  it.each([
    ['US-CA', 'US-NV', 'us-ca.delivery.allowed'],
    ['US-CA', 'US-OR', 'us-ca.delivery.allowed'],
    ['US-OR', 'US-WA', 'us-or.delivery.residence'],
  ])('%s refuses a delivery to an address in %s', (jurisdiction, address, rule) => {
    const r = to(jurisdiction, address);
    expect(r.allowed).toBe(false);
    expect(r.violations).toMatchObject([{ code: 'DELIVERY_NOT_ALLOWED', rule, overridable: false, confidence: 'sure' }]);
    expect(r.violations[0].message).toContain(`this one is in ${address}`);
  });

  it.each([
    ['US-CA', 'US-CA'],
    ['US-OR', 'US-OR'],
    // Where the address's jurisdiction is not known, it passes (as an absent address type does).
    ['US-CA', undefined],
    // Michigan and Massachusetts name no such rule in the reference.
    ['US-MI', 'US-OH'],
  ])('%s delivers to an address in %s', (jurisdiction, address) => {
    expect(to(jurisdiction, address).violations.filter((v) => v.code === 'DELIVERY_NOT_ALLOWED')).toEqual([]);
  });

  it('an address jurisdiction that is no jurisdiction code is a malformed request', () => {
    const bad = request('US-CA', [FLOWER], { channel: 'delivery', delivery: { addressJurisdiction: 'Nevada' } }) as EvaluateRequest;
    expect(isWellFormedRequest(bad)).toBe(false);
    expect(evaluateRequestSchema.safeParse(bad).success).toBe(false);
  });
});
