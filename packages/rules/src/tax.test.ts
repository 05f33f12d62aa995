import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import type { EvaluateRequest } from './request-schema.ts';
import type { EvaluateResponse } from './response-schema.ts';
import { allocate } from './tax.ts';
import { LOCAL_RATES, MIXED_BASKET, line, medical, novAt, request } from './testing/fixtures.ts';

const taxMap = (r: EvaluateResponse) => Object.fromEntries(r.taxes.map((t) => [t.code, t.amountCents]));

/** New Jersey's municipal transfer tax is at most 2% (regulations.md L118): a 3% store rate is refused there. */
const storeRates = (jurisdiction: string) => (jurisdiction === 'US-NJ' ? { ...LOCAL_RATES, localCannabisTaxRate: 0.02 } : LOCAL_RATES);

function mixed(jurisdiction: string, extra: Partial<EvaluateRequest> = {}): EvaluateResponse {
  return evaluate(request(jurisdiction, MIXED_BASKET, { store: storeRates(jurisdiction), ...extra }));
}

// Mixed basket: cannabis $125.00 (flower $40 @22%, 2 × edible $20, vape $45 @80%) + accessory $15.
// Store: local sales 2%, local cannabis 3%. Expected values worked by hand from regulations.md §4.
describe('tax stacks on the mixed basket, to the cent (adult-use, 2025-11-15)', () => {
  const cases: [string, Record<string, number>, number][] = [
    // local 3% of 12500 = 375; excise 15% of (12500 + 375) = 1931.25; sales 9.25% of (14000 + 1931) = 1473.6
    ['US-CA', { CA_LOCAL_CANNABIS: 375, CA_EXCISE: 1931, CA_SALES: 1474 }, 17780],
    // 15% special sales tax; local special 3%; 2.9% + 2% only on the accessory; local 2% on cannabis
    ['US-CO', { CO_RETAIL_MJ_SALES: 1875, CO_LOCAL_MJ: 375, CO_SALES: 74, CO_LOCAL_SALES: 250 }, 16574],
    // 37% excise backed out of 12500: 3375.9 → 3376 (included); sales 8.5% of (9124 + 1500) = 903.04
    ['US-WA', { WA_EXCISE: 3376, WA_SALES: 903 }, 14903],
    ['US-OR', { OR_MARIJUANA_STATE: 2125, OR_MARIJUANA_LOCAL: 375 }, 16500],
    // excise 10% of 12500; sales 8% of (14000 + 1250)
    ['US-MI', { MI_EXCISE: 1250, MI_SALES: 1220 }, 16470],
    // flower 22% → 10%, vape 80% → 25%, edibles infused → 20%; ROT 8.25% of 14000 (excise not in base)
    ['US-IL', { IL_EXCISE_10: 400, IL_EXCISE_25: 1125, IL_EXCISE_20: 800, IL_CANNABIS_ROT: 375, IL_ROT: 1155 }, 17855],
    // all three on the price: 10.75% of 12500 = 1343.75; 8.25% of 14000; 3% of 12500
    ['US-MA', { MA_EXCISE: 1344, MA_SALES: 1155, MA_LOCAL: 375 }, 16874],
    // excise 10%; sales 8.85% of 14000 excluding the excise = 1239
    ['US-NV', { NV_EXCISE: 1250, NV_SALES: 1239 }, 16489],
    // MET 16%; TPT 7.6% of 14000, MET excluded
    ['US-AZ', { AZ_MET: 2000, AZ_TPT: 1064 }, 17064],
    ['US-NY', { NY_CANNABIS_STATE: 1125, NY_CANNABIS_LOCAL: 500 }, 15625],
    // sales 8.625% of 14000 = 1207.5 → 1208; municipal 2% (its cap, L118) of 12500
    ['US-NJ', { NJ_SALES: 1208, NJ_MUNICIPAL: 250 }, 15458],
    // 12% on cannabis; the accessory keeps the 6% general sales tax
    ['US-MD', { MD_CANNABIS: 1500, MD_SALES: 90 }, 15590],
    // 6% + local 3% on cannabis; sales 6.225% of 14000 = 871.5 → 872
    ['US-MO', { MO_MARIJUANA: 750, MO_LOCAL_MARIJUANA: 375, MO_SALES: 872 }, 15997],
    // excise 10%; sales 7.75% of 14000 (excise not in base)
    ['US-OH', { OH_EXCISE: 1250, OH_SALES: 1085 }, 16335],
    ['CA-ON', { ON_HST: 1820 }, 15820],
  ];

  it.each(cases)('%s', (jurisdiction, expected, total) => {
    const r = mixed(jurisdiction);
    expect(taxMap(r)).toEqual(expected);
    expect(r.subtotalCents).toBe(14000);
    expect(r.totalCents).toBe(total);
    expect(r.taxCents).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
  });
});

describe('medical exemptions on the mixed basket', () => {
  const cases: [string, Record<string, number>][] = [
    ['US-CA', { CA_LOCAL_CANNABIS: 375, CA_EXCISE: 1931, CA_SALES: 139 }], // MMIC: no sales tax on cannabis
    ['US-CO', { CO_SALES: 686 }], // 2.9% + local, no 15%
    ['US-OR', {}],
    ['US-MI', { MI_SALES: 1120 }],
    ['US-IL', { IL_ROT_MEDICAL: 125, IL_ROT: 124 }],
    ['US-MA', { MA_SALES: 124 }],
    ['US-NV', { NV_SALES: 1239 }],
    ['US-AZ', { AZ_TPT: 1064 }],
    ['US-NY', {}],
    ['US-NJ', { NJ_SALES: 129 }],
    ['US-MD', { MD_SALES: 90 }],
    ['US-MO', { MO_MARIJUANA_MEDICAL: 500, MO_SALES: 872 }],
    ['US-OH', { OH_SALES: 1085 }],
  ];
  it.each(cases)('%s', (jurisdiction, expected) => {
    expect(taxMap(mixed(jurisdiction, { customer: medical(jurisdiction) }))).toEqual(expected);
  });

  it('CA: a doctor recommendation alone does not earn the sales-tax exemption', () => {
    const r = mixed('US-CA', { customer: medical('US-CA', { kind: 'recommendation' }) });
    expect(taxMap(r).CA_SALES).toBe(1474);
  });

  it('NV: a card holder buying adult-use is still exempt from the 10% excise', () => {
    const customer = { ...medical('US-NV'), kind: 'adult_use' as const };
    expect(taxMap(mixed('US-NV', { customer }))).toEqual({ NV_SALES: 1239 });
  });

  it('WA: patients stop paying the included excise from 2024-06-06 (price drops by it)', () => {
    const r = mixed('US-WA', { customer: medical('US-WA') });
    expect(taxMap(r)).toEqual({ WA_SALES: 128 });
    expect(r.subtotalCents).toBe(14000 - 3376);
    expect(r.totalCents).toBe(10624 + 128);
    expect(r.receiptLines.reduce((a, l) => a + l.exemptCents, 0)).toBe(3376);
  });

  it('WA: before 2024-06-06 patients paid the excise but not the sales tax on cannabis', () => {
    const r = mixed('US-WA', { customer: medical('US-WA'), at: '2024-06-05T14:00:00-07:00' });
    expect(taxMap(r)).toEqual({ WA_EXCISE: 3376, WA_SALES: 128 });
    expect(r.totalCents).toBe(14000 + 128);
  });

  it('WA: a store without the medical endorsement charges patients in full', () => {
    const r = mixed('US-WA', { customer: medical('US-WA'), store: { ...LOCAL_RATES, medicalEndorsement: false } });
    expect(taxMap(r)).toEqual({ WA_EXCISE: 3376, WA_SALES: 903 });
  });

  it('OR: the cardholder exemption ends for sales from 2028-01-01', () => {
    const r = mixed('US-OR', { customer: medical('US-OR', { expiresOn: '2029-01-01' }), at: '2028-01-03T14:00:00-08:00' });
    expect(taxMap(r)).toEqual({ OR_MARIJUANA_STATE: 2125, OR_MARIJUANA_LOCAL: 375 });
  });
});

describe('California excise rate changes at store-local midnight', () => {
  const flower = [line({ category: 'flower', unitPriceCents: 10000, netWeightMg: 3500, thcMg: 700 })];
  const excise = (at: string) => evaluate(request('US-CA', flower, { at })).taxes.find((t) => t.code === 'CA_EXCISE')!;
  it.each([
    ['2025-06-30T21:59:59-07:00', 0.15, 1500],
    ['2025-07-01T06:59:59Z', 0.15, 1500], // still 30 June in Los Angeles
    ['2025-07-01T07:00:00Z', 0.19, 1900],
    ['2025-07-01T06:00:00-07:00', 0.19, 1900],
    ['2025-09-30T21:59:00-07:00', 0.19, 1900],
    ['2025-10-01T06:00:00-07:00', 0.15, 1500],
    ['2028-06-30T12:00:00-07:00', 0.15, 1500],
  ])('%s → %s', (at, rate, amount) => {
    const t = excise(at);
    expect(t.rate).toBe(rate);
    expect(t.amountCents).toBe(amount);
  });
});

describe('worked examples from regulations.md', () => {
  it('MI R 205.141: $100 → $10.00 excise + 6% × $110 = $6.60', () => {
    const r = evaluate(request('US-MI', [line({ category: 'flower', unitPriceCents: 10000, netWeightMg: 3500 })]));
    expect(taxMap(r)).toEqual({ MI_EXCISE: 1000, MI_SALES: 660 });
    expect(r.totalCents).toBe(11660);
  });

  it('OH: $100 → $10 excise + 7.5% × $100 = $7.50 (county 1.75%)', () => {
    const r = evaluate(request('US-OH', [line({ category: 'flower', unitPriceCents: 10000, netWeightMg: 3500 })], { store: { localSalesTaxRate: 0.0175 } }));
    expect(taxMap(r)).toEqual({ OH_EXCISE: 1000, OH_SALES: 750 });
  });

  it('IL 86 IAC 423.115: a $135 basket of non-infused ≤35% items pays 10% = $13.50', () => {
    const r = evaluate(
      request('US-IL', [
        line({ category: 'flower', unitPriceCents: 5000, netWeightMg: 3500, thcPercent: 25 }),
        line({ category: 'pre_roll', unitPriceCents: 3500, netWeightMg: 1000, thcPercent: 20 }),
        line({ category: 'concentrate', unitPriceCents: 5000, netWeightMg: 1000, thcPercent: 35 }),
      ]),
    );
    expect(taxMap(r).IL_EXCISE_10).toBe(1350);
  });
});

describe('Illinois potency tiers', () => {
  const excise = (l: Parameters<typeof line>[0]) =>
    taxMap(evaluate(request('US-IL', [line({ netWeightMg: 1000, thcMg: 100, unitPriceCents: 10000, ...l })])));
  it('35.0% is the top of the 10% tier; above it is 25%', () => {
    expect(excise({ category: 'flower', thcPercent: 35 })).toMatchObject({ IL_EXCISE_10: 1000 });
    expect(excise({ category: 'flower', thcPercent: 35.01 })).toMatchObject({ IL_EXCISE_25: 2500 });
  });
  it('uses adjusted THC = Δ9 + 0.877 × THCA', () => {
    expect(excise({ category: 'flower', thcPercent: 1, thcaPercent: 38 })).toMatchObject({ IL_EXCISE_10: 1000 }); // 1 + 33.33 = 34.33
    expect(excise({ category: 'flower', thcPercent: 5, thcaPercent: 35 })).toMatchObject({ IL_EXCISE_25: 2500 }); // 5 + 30.70 = 35.70
    // Exactly at the boundary: 6.82199 + 0.877 × 32.13 = 35.00000 (in floating point 35.00000000000001).
    expect(excise({ category: 'flower', thcPercent: 6.82199, thcaPercent: 32.13 })).toMatchObject({ IL_EXCISE_10: 1000 });
    expect(excise({ category: 'flower', thcPercent: 6.822, thcaPercent: 32.13 })).toMatchObject({ IL_EXCISE_25: 2500 });
  });
  it('vapes and infused pre-rolls are taxed by potency; edibles at 20%', () => {
    expect(excise({ category: 'vape', thcPercent: 85 })).toMatchObject({ IL_EXCISE_25: 2500 });
    expect(excise({ category: 'infused_pre_roll', thcPercent: 30 })).toMatchObject({ IL_EXCISE_10: 1000 });
    expect(excise({ category: 'edible', thcMg: 100 })).toMatchObject({ IL_EXCISE_20: 2000 });
  });
  it('without a THC % on the line, flower is taxed at 10% and concentrates at 25%', () => {
    expect(excise({ category: 'flower' })).toMatchObject({ IL_EXCISE_10: 1000 });
    expect(excise({ category: 'vape' })).toMatchObject({ IL_EXCISE_25: 2500 });
  });

  it('a pack that requires potency refuses a line without it, naming the field', () => {
    const overrides = { 'us-il.tax.excise-10': { appliesTo: [{ customerKinds: ['adult_use'], categories: ['flower'], thcPercentAtMost: 35 }] } };
    expect(() => evaluate(request('US-IL', [line({ category: 'flower', netWeightMg: 1000 })]), { overrides })).toThrowError(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.objectContaining({ path: ['lines', 0, 'thcPercent'] }) }),
    );
  });
});

describe('rounding and allocation', () => {
  it('rounds each tax line once, half up, on the basket (not per line)', () => {
    // three lines of $0.10 at 15%: per line 1.5¢ each would round to 6¢; once on 30¢ → 4.5 → 5¢
    const lines = [1, 2, 3].map((i) => line({ sku: `F${i}`, category: 'flower', unitPriceCents: 10, netWeightMg: 100 }));
    const r = evaluate(request('US-CA', lines));
    const excise = r.taxes.find((t) => t.code === 'CA_EXCISE')!;
    expect(excise.amountCents).toBe(5);
    expect(excise.lines.map((l) => l.amountCents).reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('per-line Metrc fields add up to the receipt', () => {
    const r = mixed('US-CA');
    for (const t of r.taxes) {
      const sum = r.receiptLines.reduce((a, l) => a + (l.metrc[t.metrcField] ?? 0), 0);
      expect(sum).toBe(r.taxes.filter((u) => u.metrcField === t.metrcField).reduce((a, u) => a + u.amountCents, 0));
    }
    expect(r.receiptLines[0].metrc).toEqual({ CityTax: 120, ExciseTax: 618, SalesTax: 427 });
  });

  it('discounts reduce the base and are reported as DiscountAmount', () => {
    const r = evaluate(request('US-MI', [line({ category: 'flower', unitPriceCents: 10000, discountCents: 2000, netWeightMg: 3500 })]));
    expect(taxMap(r)).toEqual({ MI_EXCISE: 800, MI_SALES: 528 });
    expect(r.subtotalCents).toBe(8000);
    expect(r.receiptLines[0].metrc.DiscountAmount).toBe(2000);
  });

  it('a discount larger than the line is rejected', () => {
    expect(() => evaluate(request('US-MI', [line({ category: 'flower', unitPriceCents: 100, discountCents: 200, netWeightMg: 1 })]))).toThrowError(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.objectContaining({ path: ['lines', 0, 'discountCents'] }) }),
    );
  });

  it('allocate() splits a rounded total by largest remainder', () => {
    expect(allocate([1, 1, 1], [3, 3, 3])).toEqual({ total: 1, perLine: [1, 0, 0] });
    expect(allocate([0, 5, 7], [2, 2, 2])).toEqual({ total: 6, perLine: [0, 3, 3] });
    // mixed denominators take the exact (BigInt) path
    const r = allocate([10, 20], [3, 7]);
    expect(r.total).toBe(6); // 3.33 + 2.86 = 6.19
    expect(r.perLine.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('a store override can make WA shelf prices include the sales tax too', () => {
    const overrides = { 'us-wa.tax.sales': { includedInPrice: true } };
    const r = evaluate(request('US-WA', [line({ category: 'flower', unitPriceCents: 1435, netWeightMg: 3500 })]), { overrides });
    // 1435 / 1.435 = 1000 net: excise 370 and sales 65 both inside the price
    expect(taxMap(r)).toEqual({ WA_EXCISE: 370, WA_SALES: 65 });
    expect(r.totalCents).toBe(1435);
  });

  it('WA: excise is backed out of the shelf price and sales tax is added on the pre-excise price', () => {
    const r = evaluate(request('US-WA', [line({ category: 'flower', unitPriceCents: 1370, netWeightMg: 3500 })]));
    expect(r.taxes).toMatchObject([
      { code: 'WA_EXCISE', baseCents: 1000, amountCents: 370, includedInPrice: true, rate: 0.37 },
      { code: 'WA_SALES', baseCents: 1000, amountCents: 65, includedInPrice: false },
    ]);
    expect(r.totalCents).toBe(1435);
  });

  it('uses the dated Maryland rate: 9% through 2025-06-30, 12% from 2025-07-01', () => {
    const flower = [line({ category: 'flower', unitPriceCents: 10000, netWeightMg: 3500 })];
    expect(taxMap(evaluate(request('US-MD', flower, { at: '2025-06-30T20:00:00-04:00' })))).toEqual({ MD_CANNABIS: 900 });
    expect(taxMap(evaluate(request('US-MD', flower, { at: '2025-07-01T09:00:00-04:00' })))).toEqual({ MD_CANNABIS: 1200 });
  });

  it('never taxes an empty cart', () => {
    const r = evaluate(request('US-CA', [], { at: novAt('US-CA') }));
    expect(r.taxes).toEqual([]);
    expect(r.totalCents).toBe(0);
  });
});
