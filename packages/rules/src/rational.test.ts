import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalToRatio, roundHalfUp, toMicro } from './rational.ts';

describe('exact arithmetic helpers', () => {
  it('reads decimals as exact ratios', () => {
    expect(decimalToRatio(28349.5)).toEqual({ num: 56699, den: 2 });
    expect(decimalToRatio(0.0725)).toEqual({ num: 29, den: 400 });
    expect(decimalToRatio(70873.75)).toEqual({ num: 283495, den: 4 });
    expect(decimalToRatio(1e21)).toEqual({ num: 1e21, den: 1 });
  });

  it('reads rates as integer millionths and refuses finer ones', () => {
    expect(toMicro(0.0725)).toBe(72500);
    expect(toMicro(0.06625)).toBe(66250);
    expect(toMicro(0.04225 + 0.02)).toBe(62250);
    expect(() => toMicro(0.0000001)).toThrow();
  });

  it('rounds halves up and agrees with BigInt arithmetic', () => {
    expect(roundHalfUp(45, 10)).toBe(5);
    expect(roundHalfUp(44, 10)).toBe(4);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 52 }), fc.integer({ min: 1, max: 2_000_000 }), (num, den) => {
        const q = BigInt(num) / BigInt(den);
        const r = BigInt(num) % BigInt(den);
        const expected = Number(2n * r >= BigInt(den) ? q + 1n : q);
        expect(roundHalfUp(num, den)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
