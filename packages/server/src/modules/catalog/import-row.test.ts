import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapHeaders, parseCategory, parseCurrency, parseInstant, parseTiers, parseOtherThc, parsePercent, parsePriceCents, parseStrainType, parseUnit, parseWeightMg } from './import-row';
import { slugify, unitPriceFor } from './catalog.model';

describe('POS export cells', () => {
  it('reads prices as exact cents and refuses negative or malformed ones', () => {
    expect(parsePriceCents('$45.00')).toEqual({ cents: 4500 });
    expect(parsePriceCents('45')).toEqual({ cents: 4500 });
    expect(parsePriceCents('1,045.5')).toEqual({ cents: 104550 });
    expect(parsePriceCents('0.07')).toEqual({ cents: 7 });
    expect(parsePriceCents('-5.00')).toEqual({ error: 'NEGATIVE_PRICE' });
    expect(parsePriceCents('$-5')).toEqual({ error: 'NEGATIVE_PRICE' });
    expect(parsePriceCents('(5.00)')).toEqual({ error: 'NEGATIVE_PRICE' });
    expect(parsePriceCents('4.999')).toEqual({ error: 'INVALID_PRICE' });
    expect(parsePriceCents('ten')).toEqual({ error: 'INVALID_PRICE' });
    // The API's bound: $1,000,000.00 is a price, a cent more is not.
    expect(parsePriceCents('1,000,000.00')).toEqual({ cents: 100_000_000 });
    expect(parsePriceCents('1000000.01')).toEqual({ error: 'INVALID_PRICE' });
    expect(parsePriceCents('9,999,999.99')).toEqual({ error: 'INVALID_PRICE' });
  });

  it('round-trips every cent amount through its decimal text (no float drift)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), (cents) => {
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
        expect(parsePriceCents(text)).toEqual({ cents });
      }),
    );
  });

  it('reads weights, percents, categories, strain types and units', () => {
    expect(parseWeightMg('3.5g', 'g')).toBe(3500);
    expect(parseWeightMg('3.5', 'g')).toBe(3500);
    expect(parseWeightMg('3500', 'mg')).toBe(3500);
    expect(parseWeightMg('1oz', 'g')).toBe(28350);
    expect(parseWeightMg('lots', 'g')).toBeNull();
    expect(parsePercent('24.5%')).toBe(24.5);
    expect(parsePercent('140')).toBeNull();
    expect(parseCategory('Pre-Rolls')).toBe('pre_roll');
    expect(parseCategory('Cartridges')).toBe('vape');
    expect(parseCategory('spaceship')).toBeNull();
    expect(parseStrainType('Indica Dominant Hybrid')).toBe('hybrid');
    expect(parseStrainType('ruderalis')).toBeNull();
    expect(parseUnit('EA')).toBe('each');
    expect(parseUnit('grams')).toBe('weight');
    expect(parseUnit('crate')).toBeNull();
  });

  it('maps header aliases and price columns, and names what is missing', () => {
    const map = mapHeaders(['SKU Code', 'Register Name', 'Net Weight (mg)', 'Price C10-1', 'Colour']);
    expect([...map.fields.values()]).toEqual(['code', 'registerName', 'netWeight']);
    expect(map.netWeightUnit).toBe('mg');
    expect([...map.prices.values()]).toEqual(['C10-1']);
    expect(map.ignored).toEqual(['Colour']);
    expect(map.problems).toEqual([]);
    expect(mapHeaders(['name']).problems.length).toBe(2);
  });

  it('reads THCA % apart from THC %, and the DOH-compliant flag', () => {
    const map = mapHeaders(['SKU', 'THC %', 'THCA %', 'thca_pct', 'DOH Compliant']);
    expect([...map.fields.values()]).toEqual(['code', 'thcPercent', 'thcaPercent', 'dohCompliant']);
    // Two columns for THCA are one too many, as for any field.
    expect(map.problems).toContain('Columns "THCA %" and "thca_pct" both give thcaPercent.');
    expect([...mapHeaders(['sku', 'thca', 'doh']).fields.values()]).toEqual(['code', 'thcaPercent', 'dohCompliant']);
  });

  it('reads other THC compounds per serving as the API keys them, in the API\'s bounds', () => {
    // In the catalog's order of compounds, whatever the cell's order, so a re-import compares equal.
    expect(parseOtherThc('thcp=0.1; Delta8-THC = 0.4mg')).toEqual({ value: { delta8_thc: 0.4, thcp: 0.1 } });
    expect(JSON.stringify((parseOtherThc('thcp:0.1|delta8_thc:0.4') as { value: object }).value)).toBe('{"delta8_thc":0.4,"thcp":0.1}');
    // Stated, none found: {} (an empty cell is the caller's: not stated).
    expect(parseOtherThc('none')).toEqual({ value: {} });
    expect(parseOtherThc('delta8_thc=10000')).toEqual({ value: { delta8_thc: 10_000 } });
    expect(parseOtherThc('delta9_thc=1')).toMatchObject({ error: 'UNKNOWN_THC_COMPOUND', message: expect.stringContaining('delta9_thc') });
    expect(parseOtherThc('thcp=10000.5')).toMatchObject({ error: 'INVALID_THC' });
    expect(parseOtherThc('thcp=0.0001')).toMatchObject({ error: 'INVALID_THC', message: expect.stringContaining('3 decimals') });
    expect(parseOtherThc('thcp=-1')).toMatchObject({ error: 'INVALID_THC' });
    expect(parseOtherThc('thcp=lots')).toMatchObject({ error: 'INVALID_THC' });
    expect(parseOtherThc('0.4')).toMatchObject({ error: 'INVALID_THC' });
    expect(parseOtherThc('thcp=0.1;thcp=0.2')).toMatchObject({ error: 'INVALID_THC', message: expect.stringContaining('twice') });
  });

  it('reads a price start as an instant with its offset, and maps the start and organization-wide price columns', () => {
    expect(parseInstant('2031-03-07T00:00:00-08:00')).toBe('2031-03-07T00:00:00-08:00');
    expect(parseInstant('2031-03-07T08:00:00Z')).toBe('2031-03-07T08:00:00Z');
    expect(parseInstant('2031-03-07T00:00:00')).toBeNull(); // no offset: whose midnight?
    expect(parseInstant('2031-03-07')).toBeNull();
    expect(parseInstant('2031-02-30T00:00:00Z')).toBeNull();
    const map = mapHeaders(['sku', 'name', 'Price Effective From', 'price_*', 'other_thc_mg_per_serving']);
    expect([...map.fields.values()]).toEqual(['code', 'registerName', 'priceEffectiveFrom', 'organizationPrice', 'otherThcMgPerServing']);
    // The organization-wide price is a price column: a file may price nowhere else.
    expect(map.problems).toEqual([]);
    expect(map.prices.size).toBe(0);
    expect([...mapHeaders(['sku', 'name', 'organization_price']).fields.values()]).toContain('organizationPrice');
  });

  it('reads quantity tiers and a currency, and maps the tiers and currency columns', () => {
    expect(parseTiers('3=16.00; 7=14.50')).toEqual({ tiers: [{ minQuantity: 3, unitPriceCents: 1600 }, { minQuantity: 7, unitPriceCents: 1450 }] });
    expect(parseTiers('28: $1,000.00 | 56:900')).toEqual({ tiers: [{ minQuantity: 28, unitPriceCents: 100000 }, { minQuantity: 56, unitPriceCents: 90000 }] });
    expect(parseTiers('None')).toEqual({ tiers: [] });
    expect(parseTiers('3=45,00')).toMatchObject({ error: 'INVALID_TIERS' }); // a decimal comma, never $4,500.00
    expect(parseTiers('three=10')).toMatchObject({ error: 'INVALID_TIERS' });
    expect(parseTiers('3=-1')).toMatchObject({ error: 'INVALID_TIERS' });
    expect(parseCurrency(' cad ')).toBe('CAD');
    expect(parseCurrency('dollars')).toBeNull();
    const map = mapHeaders(['sku', 'name', 'price_C10-1-LIC', 'Tiers C10-1-LIC', 'price_*', 'tiers_*', 'Organization Price Currency']);
    expect([...map.prices.values()]).toEqual(['C10-1-LIC']);
    expect([...map.tiers.values()]).toEqual(['C10-1-LIC']);
    expect([...map.fields.values()]).toEqual(['code', 'registerName', 'organizationPrice', 'organizationPriceTiers', 'organizationPriceCurrency']);
    expect(map.problems).toEqual([]);
  });
});

describe('catalog helpers', () => {
  it('makes URL-safe slugs', () => {
    expect(slugify('Blue Dream 3.5g (Hybrid)')).toBe('blue-dream-3-5g-hybrid');
    expect(slugify('Café & Crème')).toBe('cafe-and-creme');
    expect(slugify('!!!')).toBe('item');
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(slugify(text)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      }),
    );
  });

  it('applies the best quantity tier the quantity reaches', () => {
    const price = { priceCents: 1500, tiers: [{ minQuantity: 7, unitPriceCents: 1300 }, { minQuantity: 28, unitPriceCents: 1000 }] };
    expect(unitPriceFor(price, 1)).toBe(1500);
    expect(unitPriceFor(price, 7)).toBe(1300);
    expect(unitPriceFor(price, 30)).toBe(1000);
  });
});
