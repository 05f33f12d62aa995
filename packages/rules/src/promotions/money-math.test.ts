import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateLargestRemainder, basisPoints, percentOf } from './money-math.ts';

describe('percentOf', () => {
  it.each([
    [1005, 10, 101], // 100.5 rounds up
    [1004, 10, 100],
    [3333, 15, 500], // 499.95
    [999, 12.5, 125], // 124.875
    [1, 50, 1], // 0.5 rounds up
    [1, 49.99, 0],
    [0, 50, 0],
    [12_345, 100, 12_345],
  ])('%i × %d%% = %i', (cents, pct, expected) => {
    expect(percentOf(cents, pct)).toBe(expected);
  });

  it('clamps nonsense percentages instead of inventing money', () => {
    expect(basisPoints(-5)).toBe(0);
    expect(basisPoints(250)).toBe(10_000);
    expect(basisPoints(Number.NaN)).toBe(0);
  });
});

describe('allocateLargestRemainder', () => {
  it('splits by largest remainder, ties by key', () => {
    expect(allocateLargestRemainder(500, [1000, 2000, 333])).toEqual([150, 300, 50]);
    expect(allocateLargestRemainder(1000, [1, 1, 1], ['c', 'b', 'a'])).toEqual([333, 333, 334]);
    expect(allocateLargestRemainder(10, [0, 0])).toEqual([0, 0]);
  });

  it('parts sum to the total and never exceed their weight', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 20 }), fc.double({ min: 0, max: 1, noNaN: true }), (weights, share) => {
        const sum = weights.reduce((s, w) => s + w, 0);
        const total = Math.floor(sum * share);
        const parts = allocateLargestRemainder(total, weights);
        expect(parts.reduce((s, p) => s + p, 0)).toBe(sum === 0 ? 0 : total);
        parts.forEach((p, i) => {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(weights[i]);
        });
      }),
    );
  });
});
