import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canConvert, convertQuantity, findUnit, UnitMismatchError } from './units';

describe('units of measure', () => {
  it.each([
    [1, 'Ounces', 'Grams', 28.349523],
    [1, 'Pounds', 'Ounces', 16],
    [3500, 'Milligrams', 'Grams', 3.5],
    [1, 'Kilograms', 'Grams', 1000],
    [7, 'Each', 'Each', 7],
  ])('%d %s is %d %s', (qty, from, to, expected) => {
    expect(convertQuantity(qty, from, to)).toBeCloseTo(expected, 6);
  });

  it('refuses count ↔ weight and unknown units', () => {
    expect(() => convertQuantity(1, 'Each', 'Grams')).toThrow(UnitMismatchError);
    expect(() => convertQuantity(1, 'Grams', 'Furlongs')).toThrow(UnitMismatchError);
    expect(canConvert('Ounces', 'Milligrams')).toBe(true);
    expect(canConvert('Each', 'Ounces')).toBe(false);
  });

  it('finds units by name or abbreviation', () => {
    expect(findUnit('g')?.name).toBe('Grams');
    expect(findUnit('ounces')?.name).toBe('Ounces');
  });

  it('round-trips weights within rounding', () => {
    const weights = ['Milligrams', 'Grams', 'Kilograms', 'Ounces', 'Pounds'];
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 10_000, noNaN: true }), fc.constantFrom(...weights), fc.constantFrom(...weights), (qty, a, b) => {
        const there = convertQuantity(qty, a, b);
        const back = convertQuantity(there, b, a);
        const unitA = findUnit(a)?.toBase as number;
        const unitB = findUnit(b)?.toBase as number;
        // One rounding to 1e-6 of unit B, seen from unit A, plus one more in A.
        expect(Math.abs(back - qty)).toBeLessThanOrEqual((1e-6 * unitB) / unitA + 1e-6);
      }),
    );
  });
});
