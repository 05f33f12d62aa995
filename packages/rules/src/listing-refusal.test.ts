// productRefusal: whether a storefront should leave an item off the menu because nobody the pack
// serves may buy it. It must agree with evaluate(): an item it calls refused is refused to every
// customer kind by evaluate, and one it lets through is sold to some kind.
// Reference: regulations.md §9 (CA edible caps and non-edible caps by program, likely, S14; NJ
// perishable edibles, likely, S43; IL alcohol products except tinctures ≤ 100 ml, sure, S30/S32).
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { productRefusal, type ListingLine } from './products.ts';
import { resolvePack } from './registry.ts';
import { line, medical, request } from './testing/fixtures.ts';

const DATE = '2026-03-02';
const refusal = (jurisdiction: string, item: ListingLine) => productRefusal(resolvePack(jurisdiction), DATE, item);

describe('productRefusal', () => {
  it('refuses what every customer kind is refused (CA edible over 100 mg a package: adult use and medicinal alike)', () => {
    expect(refusal('US-CA', { category: 'edible', thcMg: 200, thcMgPerServing: 10 })).toEqual({
      refused: true,
      refusedTo: ['adult_use', 'medical'],
      rules: ['us-ca.product.edible-package'],
    });
    expect(refusal('US-CA', { category: 'edible', thcMg: 100, thcMgPerServing: 10 })).toEqual({ refused: false, refusedTo: [], rules: [] });
  });

  it('lists what one kind may still buy, saying who is refused (CA tincture of 1,500 mg: over the adult-use cap, within the medicinal one)', () => {
    expect(refusal('US-CA', { category: 'tincture', thcMg: 1500 })).toEqual({ refused: false, refusedTo: ['adult_use'], rules: ['us-ca.product.non-edible-package-au'] });
    expect(refusal('US-CA', { category: 'tincture', thcMg: 2500 })).toEqual({
      refused: true,
      refusedTo: ['adult_use', 'medical'],
      rules: ['us-ca.product.non-edible-package-au', 'us-ca.product.non-edible-package-medical'],
    });
  });

  it('follows product attributes and their exceptions (NJ perishable edibles; IL alcohol except tinctures ≤ 100 ml)', () => {
    expect(refusal('US-NJ', { category: 'edible', thcMg: 10, thcMgPerServing: 10, attributes: ['perishable'] }).refused).toBe(true);
    expect(refusal('US-NJ', { category: 'edible', thcMg: 10, thcMgPerServing: 10 }).refused).toBe(false);
    expect(refusal('US-IL', { category: 'beverage', thcMg: 5, netWeightMg: 355_000, attributes: ['contains_alcohol'] })).toMatchObject({ refused: true, rules: ['us-il.product.alcohol'] });
    expect(refusal('US-IL', { category: 'tincture', thcMg: 100, netWeightMg: 30_000, attributes: ['contains_alcohol'] }).refused).toBe(false);
    expect(refusal('US-IL', { category: 'tincture', thcMg: 100, attributes: ['contains_alcohol'] }).refused).toBe(true); // the exception has to be shown
  });

  it('keeps medical-only items listed where the pack serves patients, refused to adult use', () => {
    expect(refusal('US-CA', { category: 'flower', netWeightMg: 3500, thcPercent: 20, medicalOnly: true })).toEqual({ refused: false, refusedTo: ['adult_use'], rules: ['line.medical-only'] });
  });

  it('agrees with evaluate() for every pack and a spread of items', () => {
    const items: ListingLine[] = [
      { category: 'edible', thcMg: 10, thcMgPerServing: 5, netWeightMg: 20_000 },
      { category: 'edible', thcMg: 150, thcMgPerServing: 15, netWeightMg: 20_000 },
      { category: 'edible', thcMg: 10, thcMgPerServing: 10, netWeightMg: 20_000, attributes: ['perishable'] },
      { category: 'beverage', thcMg: 5, netWeightMg: 355_000, attributes: ['contains_alcohol'] },
      { category: 'tincture', thcMg: 900, netWeightMg: 30_000 },
      { category: 'concentrate', thcMg: 800, netWeightMg: 1000, thcPercent: 80 },
      { category: 'flower', thcMg: 1400, netWeightMg: 3500, thcPercent: 40 },
      { category: 'capsule', thcMg: 1200, thcMgPerServing: 100, netWeightMg: 10_000 },
    ];
    for (const jurisdiction of ['US-CA', 'US-CO', 'US-WA', 'US-IL', 'US-NJ', 'US-MD', 'US-NV', 'US-OH', 'US-AZ']) {
      for (const item of items) {
        const { refused, refusedTo } = refusal(jurisdiction, item);
        const refusedToKind = (kind: 'adult_use' | 'medical') => {
          const customer = kind === 'medical' ? { customer: medical(jurisdiction) } : {};
          const r = evaluate({ ...request(jurisdiction, [line({ sku: 'X', ...item, quantity: 1 })], customer), at: `${DATE}T18:00:00Z` });
          return r.violations.some((v) => v.code === 'PRODUCT_NOT_PERMITTED');
        };
        const pack = resolvePack(jurisdiction);
        const kinds = (['adult_use', 'medical'] as const).filter((k) => pack.ages.some((a) => a.customerKind === k));
        expect({ jurisdiction, item, refused, refusedTo }).toEqual({ jurisdiction, item, refused: kinds.every(refusedToKind), refusedTo: kinds.filter(refusedToKind) });
      }
    }
  });
});
