import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeShorthand, type ProductCategory, type ShorthandSize, type StrainType } from './shorthand';

interface Case {
  name: string;
  category: ProductCategory | null;
  /** Fields that must match exactly; `null` means no size at all. */
  size: Partial<ShorthandSize> | null | 'any';
  strain: StrainType | null;
  brand?: string | null;
  /** Default false: well-formed names must not land in the review queue. */
  review?: boolean;
  /** Words the product name must contain (case-insensitive). */
  nameHas?: string;
}

// The store's own brand list, as the catalog module would pass it.
const STORE_BRANDS = [
  { name: 'Bloom Herbal' },
  { name: 'Gold Flora', aliases: ['GF'] },
  { name: 'Uncle Arnie\'s', aliases: ['Uncle Arnies'] },
];

const CASES: Case[] = [
  // Flower
  { name: 'FLWR BD 3.5G HYB', category: 'flower', size: { netWeightMg: 3500, sizeLabel: '3.5g' }, strain: 'hybrid', nameHas: 'Blue Dream' },
  { name: 'FLW | Sour Diesel | 1/8 | SAT', category: 'flower', size: { netWeightMg: 3500 }, strain: 'sativa', nameHas: 'Sour Diesel' },
  { name: 'Flower - Gelato 33 - 7g - Hybrid', category: 'flower', size: { netWeightMg: 7000 }, strain: 'hybrid', nameHas: 'Gelato 33' },
  { name: 'FLOWER GDP 14G IND', category: 'flower', size: { netWeightMg: 14000 }, strain: 'indica', nameHas: 'Granddaddy Purple' },
  { name: 'Blue Dream Flower 28g S', category: 'flower', size: { netWeightMg: 28000 }, strain: 'sativa' },
  { name: 'flwr_og_kush_eighth_i', category: 'flower', size: { netWeightMg: 3500 }, strain: 'indica', nameHas: 'og kush' },
  { name: 'FLWR Wedding Cake Quarter IND', category: 'flower', size: { netWeightMg: 7000 }, strain: 'indica' },
  { name: 'Glass House FLWR Forbidden Fruit 1/4 oz I', category: 'flower', size: { netWeightMg: 7000 }, strain: 'indica', brand: 'Glass House' },
  { name: 'FLWR HALF OZ GSC H', category: 'flower', size: { netWeightMg: 14000 }, strain: 'hybrid' },
  { name: 'Smalls - Runtz - 14g - Hyb', category: 'flower', size: { netWeightMg: 14000 }, strain: 'hybrid', nameHas: 'Runtz' },
  { name: 'FLWR 1OZ Shake Indica', category: 'flower', size: { netWeightMg: 28000 }, strain: 'indica' },
  { name: 'Bud 1g Jack Herer Sativa', category: 'flower', size: { netWeightMg: 1000 }, strain: 'sativa' },
  { name: 'Hash Plant 3.5g FLWR', category: 'flower', size: { netWeightMg: 3500 }, strain: null, nameHas: 'Hash Plant' },
  { name: 'FLWR OZ Gorilla Glue (H)', category: 'flower', size: { netWeightMg: 28000 }, strain: 'hybrid' },
  // Pre-rolls
  { name: 'Pr-Roll-BHerbal-1g', category: 'pre_roll', size: { netWeightMg: 1000 }, strain: null, brand: 'Bloom Herbal' },
  { name: 'PR 1G GELATO HYB', category: 'pre_roll', size: { netWeightMg: 1000 }, strain: 'hybrid', nameHas: 'GELATO' },
  { name: 'PRE-ROLL 0.5G BLUE DREAM S', category: 'pre_roll', size: { netWeightMg: 500 }, strain: 'sativa' },
  { name: 'Preroll 2x0.5g Northern Lights Indica', category: 'pre_roll', size: { netWeightMg: 1000, unitWeightMg: 500, packCount: 2, sizeLabel: '2x0.5g' }, strain: 'indica' },
  { name: 'Lowell Smokes 0.5g 7pk 3.5g Hybrid Pre-Roll', category: 'pre_roll', size: { netWeightMg: 3500, unitWeightMg: 500, packCount: 7 }, strain: 'hybrid', brand: 'Lowell Farms' },
  { name: 'PRJ 1G SFV OG I', category: 'pre_roll', size: { netWeightMg: 1000 }, strain: 'indica', nameHas: 'SFV OG' },
  { name: 'Jeeter Pre-Roll 1g Horchata H', category: 'pre_roll', size: { netWeightMg: 1000 }, strain: 'hybrid', brand: 'Jeeter' },
  { name: 'PR 5PK .5G PINEAPPLE EXPRESS HYB', category: 'pre_roll', size: { netWeightMg: 2500, unitWeightMg: 500, packCount: 5 }, strain: 'hybrid' },
  { name: 'Blunt 2g Purple Punch IND', category: 'pre_roll', size: { netWeightMg: 2000 }, strain: 'indica' },
  { name: 'Pre Roll 1g (I) Granddaddy Purple', category: 'pre_roll', size: { netWeightMg: 1000 }, strain: 'indica' },
  { name: 'Black Diamond PR 1g', category: 'pre_roll', size: { netWeightMg: 1000 }, strain: null, nameHas: 'Black Diamond' },
  { name: 'GF PR 1G Tangie S', category: 'pre_roll', size: { netWeightMg: 1000 }, strain: 'sativa', brand: 'Gold Flora' },
  // Infused pre-rolls
  { name: 'INF PR 1G GSC IND', category: 'infused_pre_roll', size: { netWeightMg: 1000 }, strain: 'indica' },
  { name: 'Infused Pre-Roll 1.5g Watermelon Zkittlez Indica', category: 'infused_pre_roll', size: { netWeightMg: 1500 }, strain: 'indica' },
  { name: 'Jeeter Infused PR 0.5G Blue Zkittlez S', category: 'infused_pre_roll', size: { netWeightMg: 500 }, strain: 'sativa', brand: 'Jeeter' },
  { name: 'Diamonds Infused Preroll 1g Hybrid', category: 'infused_pre_roll', size: { netWeightMg: 1000 }, strain: 'hybrid' },
  { name: 'PR LIVE RESIN 1G GELATO H', category: 'infused_pre_roll', size: { netWeightMg: 1000 }, strain: 'hybrid' },
  { name: 'Hash Hole 1.25g Hybrid', category: 'infused_pre_roll', size: { netWeightMg: 1250 }, strain: 'hybrid' },
  { name: 'IPR 2x.5g Kief Gelato I', category: 'infused_pre_roll', size: { netWeightMg: 1000, packCount: 2 }, strain: 'indica' },
  // Vapes
  { name: 'CART 0.5G SATIVA - BLUE DREAM', category: 'vape', size: { netWeightMg: 500 }, strain: 'sativa', nameHas: 'BLUE DREAM' },
  { name: 'STIIIZY POD 1G OG KUSH', category: 'vape', size: { netWeightMg: 1000 }, strain: null, brand: 'STIIIZY', nameHas: 'OG KUSH' },
  { name: 'CRT 1G LR GELATO HYB', category: 'vape', size: { netWeightMg: 1000 }, strain: 'hybrid' },
  { name: 'Raw Garden Refined Live Resin Cart 1g Hybrid', category: 'vape', size: { netWeightMg: 1000 }, strain: 'hybrid', brand: 'Raw Garden' },
  { name: 'DISP 0.3G Strawberry Cough SAT', category: 'vape', size: { netWeightMg: 300 }, strain: 'sativa' },
  { name: 'Disposable Vape 1g Indica Granddaddy Purple', category: 'vape', size: { netWeightMg: 1000 }, strain: 'indica' },
  { name: 'VAPE CART 500MG HYB', category: 'vape', size: { netWeightMg: 500 }, strain: 'hybrid' },
  { name: 'Heavy Hitters Cart 1G Distillate Indica', category: 'vape', size: { netWeightMg: 1000 }, strain: 'indica', brand: 'Heavy Hitters' },
  { name: 'STIIZY Pod .5g Biscotti Indica', category: 'vape', size: { netWeightMg: 500 }, strain: 'indica', brand: 'STIIIZY' },
  { name: 'PAX Era Pod 0.5g Hybrid', category: 'vape', size: { netWeightMg: 500 }, strain: 'hybrid', brand: 'PAX' },
  { name: 'AIO 1G Sour Tangie S', category: 'vape', size: { netWeightMg: 1000 }, strain: 'sativa' },
  { name: 'VAPE|1G|PINEAPPLE EXPRESS|SAT', category: 'vape', size: { netWeightMg: 1000 }, strain: 'sativa' },
  { name: 'Half Gram Cart Indica Purple Punch', category: 'vape', size: { netWeightMg: 500 }, strain: 'indica' },
  { name: 'cart .5g gelato h', category: 'vape', size: { netWeightMg: 500 }, strain: 'hybrid', nameHas: 'gelato' },
  // Concentrates
  { name: 'SHTR 1G GMO I', category: 'concentrate', size: { netWeightMg: 1000 }, strain: 'indica' },
  { name: 'Live Resin Badder 1g Hybrid Papaya', category: 'concentrate', size: { netWeightMg: 1000 }, strain: 'hybrid', nameHas: 'Papaya' },
  { name: 'BDR 1G LEMON CHERRY GELATO H', category: 'concentrate', size: { netWeightMg: 1000 }, strain: 'hybrid' },
  { name: 'WAX 1G SD S', category: 'concentrate', size: { netWeightMg: 1000 }, strain: 'sativa', nameHas: 'Sour Diesel' },
  { name: 'RSO 1G Syringe Indica', category: 'concentrate', size: { netWeightMg: 1000 }, strain: 'indica' },
  { name: 'CONC | Sugar | 1g | Hyb', category: 'concentrate', size: { netWeightMg: 1000 }, strain: 'hybrid' },
  { name: 'LIVE ROSIN 1G PAPAYA HYB', category: 'concentrate', size: { netWeightMg: 1000 }, strain: 'hybrid' },
  { name: 'THCa Diamonds 1g Sativa', category: 'concentrate', size: { netWeightMg: 1000 }, strain: 'sativa' },
  { name: 'Flower Rosin 2g Gelato', category: 'concentrate', size: { netWeightMg: 2000 }, strain: null },
  { name: 'Kief 2g', category: 'concentrate', size: { netWeightMg: 2000 }, strain: null },
  // Edibles
  { name: 'EDBL 100MG GUMMIES 10PK', category: 'edible', size: { thcMg: 100, packCount: 10, unitThcMg: 10 }, strain: null },
  { name: 'Wyld Gummies Marionberry 10pk 100mg', category: 'edible', size: { thcMg: 100, packCount: 10 }, strain: null, brand: 'Wyld', nameHas: 'Marionberry' },
  { name: 'Kiva Camino Gummies Pineapple Habanero 100mg 20ct Sativa', category: 'edible', size: { thcMg: 100, packCount: 20, unitThcMg: 5 }, strain: 'sativa', brand: 'Kiva' },
  { name: 'CHOC BAR 100MG MILK', category: 'edible', size: { thcMg: 100 }, strain: null },
  { name: 'Gumm 10x10mg Sour Watermelon', category: 'edible', size: { thcMg: 100, packCount: 10, unitThcMg: 10 }, strain: null },
  { name: 'Wana Sour Gummies 100mg 10pk Indica', category: 'edible', size: { thcMg: 100, packCount: 10 }, strain: 'indica', brand: 'Wana' },
  { name: 'Brownie 10mg', category: 'edible', size: { thcMg: 10 }, strain: null },
  { name: 'Kanha Nano Gummies 5mg 20pk', category: 'edible', size: { thcMg: 100, unitThcMg: 5, packCount: 20 }, strain: null, brand: 'Kanha' },
  { name: 'EDIBLE/CHOC/100MG/HYB', category: 'edible', size: { thcMg: 100 }, strain: 'hybrid' },
  { name: 'Uncle Arnies Chews 100mg 10ct 1:1', category: 'edible', size: { thcMg: 100, packCount: 10 }, strain: 'cbd', brand: "Uncle Arnie's" },
  // Beverages
  { name: 'BEV 10MG 12OZ LEMONADE', category: 'beverage', size: { thcMg: 10, volumeMl: 355 }, strain: null },
  { name: 'Keef Cola Orange Kush 10mg 12oz', category: 'beverage', size: { thcMg: 10, volumeMl: 355 }, strain: null, brand: 'Keef' },
  { name: 'DRINK 100MG 2OZ SHOT HYBRID', category: 'beverage', size: { thcMg: 100, volumeMl: 59 }, strain: 'hybrid' },
  { name: 'Seltzer 5mg 355ml Grapefruit', category: 'beverage', size: { thcMg: 5, volumeMl: 355 }, strain: null },
  { name: 'EDBL BEV 10MG 12 FL OZ', category: 'beverage', size: { thcMg: 10, volumeMl: 355 }, strain: null },
  // Tinctures
  { name: 'TINC 1000MG 30ML 1:1', category: 'tincture', size: { thcMg: 1000, volumeMl: 30 }, strain: 'cbd' },
  { name: 'CBD TINC 1000MG 30ML', category: 'tincture', size: { cbdMg: 1000, volumeMl: 30 }, strain: 'cbd' },
  { name: 'Tincture 300mg THC 1oz Indica', category: 'tincture', size: { thcMg: 300, volumeMl: 30 }, strain: 'indica' },
  { name: 'Papa & Barkley Releaf Drops 30ml 900mg 1:1', category: 'tincture', size: { thcMg: 900, volumeMl: 30 }, strain: 'cbd', brand: 'Papa & Barkley' },
  // Capsules
  { name: 'CAP 10MG 10CT IND', category: 'capsule', size: { thcMg: 100, unitThcMg: 10, packCount: 10 }, strain: 'indica' },
  { name: 'RSO CAPS 25MG 30CT', category: 'capsule', size: { thcMg: 750, unitThcMg: 25, packCount: 30 }, strain: null },
  { name: 'Breez Tablets 5mg 20ct', category: 'capsule', size: { thcMg: 100, unitThcMg: 5, packCount: 20 }, strain: null, brand: 'Breez' },
  { name: 'Capsules 100mg 10pk Sativa', category: 'capsule', size: { thcMg: 100, unitThcMg: 10, packCount: 10 }, strain: 'sativa' },
  // Topicals
  { name: 'TOP BALM 500MG 2OZ', category: 'topical', size: { thcMg: 500 }, strain: null },
  { name: 'Transdermal Patch 20mg Indica', category: 'topical', size: { thcMg: 20 }, strain: 'indica' },
  { name: 'Topical Lotion 200mg CBD', category: 'topical', size: { cbdMg: 200 }, strain: 'cbd' },
  // Seeds and plants
  { name: 'SEED 5PK GELATO FEM', category: 'seed', size: { packCount: 5 }, strain: null, nameHas: 'GELATO' },
  { name: 'Seeds Blue Dream 10pk Feminized Sativa', category: 'seed', size: { packCount: 10 }, strain: 'sativa' },
  { name: 'CLONE GSC HYB', category: 'plant', size: null, strain: 'hybrid' },
  { name: 'Plant - Immature - Wedding Cake', category: 'plant', size: null, strain: null },
  // Accessories
  { name: '510 Battery', category: 'accessory', size: null, strain: null },
  { name: 'ACC RAW PAPERS 1 1/4', category: 'accessory', size: 'any', strain: null },
  { name: 'Grinder 4pc Black', category: 'accessory', size: 'any', strain: null },
  { name: 'Lighter - Clipper', category: 'accessory', size: null, strain: null },
  { name: 'STIIIZY Battery Black', category: 'accessory', size: null, strain: null, brand: 'STIIIZY' },
  // Messy or ambiguous: these must go to the review queue.
  { name: 'Blue Dream', category: null, size: null, strain: null, review: true },
  { name: 'Kush Mints 3.5g', category: 'flower', size: { netWeightMg: 3500 }, strain: null, review: true },
  { name: 'MISC ITEM 123', category: null, size: null, strain: null, review: true },
  { name: '', category: null, size: null, strain: null, review: true },
  { name: '???', category: null, size: null, strain: null, review: true },
  { name: 'Tincture Gummies 10mg', category: 'tincture', size: { thcMg: 10 }, strain: null, review: true },
  { name: 'Gummies', category: 'edible', size: null, strain: null, review: true },
  { name: 'FLWR GELATO', category: 'flower', size: null, strain: null, review: true },
  { name: 'CART 1G W/ BATTERY', category: 'vape', size: { netWeightMg: 1000 }, strain: null, review: true },
  { name: 'Hash Plant 3.5g', category: 'plant', size: 'any', strain: null, review: true },
  { name: 'FLWR 3.5 GMO HYB', category: 'flower', size: { netWeightMg: 3500 }, strain: 'hybrid', review: true },
  { name: 'Infused 5pk 0.5g Watermelon', category: 'flower', size: 'any', strain: null, review: true },
  { name: 'EDBL 5000MG', category: 'edible', size: { thcMg: 5000 }, strain: null, review: true },
  { name: '1g', category: 'flower', size: { netWeightMg: 1000 }, strain: null, review: true },
  { name: 'FLWR 3.5G 7G Gelato', category: 'flower', size: 'any', strain: null, review: true },
  { name: 'Incredibles Mile High Mint Bar 100mg', category: 'edible', size: { thcMg: 100 }, strain: null, brand: 'Incredibles', review: true },
  { name: 'Papa & Barkley Releaf Balm 15ml 3:1 CBD', category: 'topical', size: { volumeMl: 15 }, strain: 'cbd', brand: 'Papa & Barkley', review: true },
  { name: 'Indica Sativa 1g Cart', category: 'vape', size: { netWeightMg: 1000 }, strain: 'hybrid', review: false },
];

describe('normalizeShorthand: register names', () => {
  it('has a realistic table of at least 60 names', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CASES)('$name', (c) => {
    const r = normalizeShorthand(c.name, { brands: STORE_BRANDS });
    expect(r.registerName).toBe(c.name);
    expect(r.category).toBe(c.category);
    if (c.size === null) expect(r.size).toBeNull();
    else if (c.size !== 'any') expect(r.size).toMatchObject(c.size);
    expect(r.strainType).toBe(c.strain);
    if (c.brand !== undefined) expect(r.brand).toBe(c.brand);
    expect(r.needsReview).toBe(c.review ?? false);
    if (c.nameHas) expect(r.name.toLowerCase()).toContain(c.nameHas.toLowerCase());
  });
});

describe('normalizeShorthand: confidence and review', () => {
  it('reports per-field confidences and review reasons', () => {
    const r = normalizeShorthand('Kush Mints 3.5g');
    expect(r.fieldConfidence.size).toBeGreaterThan(0.9);
    expect(r.fieldConfidence.category).toBeLessThan(0.7);
    expect(r.reviewReasons).toContain('category_inferred');
  });

  it('honours a custom review threshold', () => {
    const strict = normalizeShorthand('RSO CAPS 25MG 30CT', { reviewThreshold: 0.9 });
    const lax = normalizeShorthand('RSO CAPS 25MG 30CT', { reviewThreshold: 0.5 });
    expect(strict.confidence).toBe(lax.confidence);
    expect(strict.needsReview).toBe(true);
    expect(lax.needsReview).toBe(false);
  });

  it('flags a fuzzy brand match without blocking the result', () => {
    const r = normalizeShorthand('Pr-Roll-BHerbal-1g', { brands: STORE_BRANDS });
    expect(r.brand).toBe('Bloom Herbal');
    expect(r.fieldConfidence.brand).toBeLessThan(0.95);
    expect(r.reviewReasons).toContain('brand_fuzzy');
  });

  it('catches a one-letter typo in a long brand name', () => {
    expect(normalizeShorthand('Heavy Hiters Cart 1g Indica').brand).toBe('Heavy Hitters');
  });

  it('can leave the default brand list out', () => {
    expect(normalizeShorthand('Wyld Gummies 100mg', { useDefaultBrands: false }).brand).toBeNull();
  });

  it('keeps material words as qualifiers rather than in the name', () => {
    const r = normalizeShorthand('CRT 1G LR GELATO HYB');
    expect(r.qualifiers).toContain('live_resin');
    expect(r.name).toBe('GELATO');
  });

  it('reads ratio and potency percent', () => {
    const r = normalizeShorthand('FLWR 3.5G 27% Gelato H');
    expect(r.thcPercent).toBe(27);
    expect(normalizeShorthand('TINC 1000MG 30ML 1:1').ratio).toBe('1:1');
  });
});

describe('normalizeShorthand: properties', () => {
  it('never throws and keeps every confidence within [0, 1]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => {
        const r = normalizeShorthand(s);
        const all = [r.confidence, ...Object.values(r.fieldConfidence)];
        for (const v of all) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        expect(r.needsReview).toBe(r.confidence < 0.7);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on shorthand-like noise either', () => {
    const piece = fc.constantFrom(
      'FLWR', 'PR', 'INF', 'CART', '1/8', '3.5G', '2x0.5g', '100MG', '10PK', 'HYB', 'I', 'S', 'CBD', '1:1',
      '|', '-', '_', '/', 'Gelato', 'BHerbal', '0', '.5', 'oz', 'half', 'x', '999999999999mg', '1/0', '0x0g',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.constantFrom(' ', '-', '', '|'), (parts, sep) => {
        const r = normalizeShorthand(parts.join(sep), { brands: STORE_BRANDS, reviewThreshold: 0.7 });
        expect(r.confidence).toBeGreaterThanOrEqual(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
        if (r.size?.netWeightMg !== undefined) expect(Number.isInteger(r.size.netWeightMg)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('tolerates hostile input types and options', () => {
    expect(() => normalizeShorthand(undefined as unknown as string)).not.toThrow();
    expect(() => normalizeShorthand('FLWR 1g', { brands: [null as never, { name: 42 as never }], reviewThreshold: NaN })).not.toThrow();
    expect(() => normalizeShorthand('x'.repeat(100_000))).not.toThrow();
  });
});
