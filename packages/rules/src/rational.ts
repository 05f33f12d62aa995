// Exact arithmetic helpers. Pack data is written in decimals (0.0725, 28349.5); the engine turns
// every decimal into an integer ratio once, at compile time, so no float ever touches a total.

export interface Ratio {
  num: number;
  den: number;
}

export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

export function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

/** Exact ratio of a finite decimal as JavaScript prints it (shortest round-trip form). */
export function decimalToRatio(x: number): Ratio {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const text = String(x);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!m) throw new RangeError(`cannot read decimal: ${text}`);
  const digits = (m[2] ?? '') + (m[3] ?? '');
  let scale = (m[3] ?? '').length - Number(m[4] ?? 0);
  let num = Number(digits);
  let den = 1;
  if (scale > 0) den = 10 ** scale;
  else while (scale < 0) {
    num *= 10;
    scale++;
  }
  if (m[1]) num = -num;
  return reduce({ num, den });
}

export function reduce(r: Ratio): Ratio {
  const g = gcd(r.num, r.den) || 1;
  return { num: r.num / g, den: r.den / g };
}

export function divide(a: Ratio, b: Ratio): Ratio {
  return reduce({ num: a.num * b.den, den: a.den * b.num });
}

/** A rate such as 0.0725 as integer millionths (72500); rates in packs/stores have ≤ 6 decimals. */
export const MICRO = 1_000_000;

export function toMicro(rate: number): number {
  const micro = Math.round(rate * MICRO);
  if (Math.abs(rate * MICRO - micro) > 1e-6) throw new RangeError(`rate has more than 6 decimals: ${rate}`);
  return micro;
}

export function hasAtMostSixDecimals(rate: number): boolean {
  return Math.abs(rate * MICRO - Math.round(rate * MICRO)) <= 1e-6;
}

/** round(num / den) with halves rounded up; num ≥ 0, den > 0, both safe integers. */
export function roundHalfUp(num: number, den: number): number {
  const [q, r] = divMod(num, den);
  return 2 * r >= den ? q + 1 : q;
}

/** Floor division with remainder for safe non-negative integers (corrects float quotient drift). */
export function divMod(num: number, den: number): [number, number] {
  let q = Math.floor(num / den);
  let r = num - q * den;
  if (r < 0) {
    q -= 1;
    r += den;
  } else if (r >= den) {
    q += 1;
    r -= den;
  }
  return [q, r];
}

export function roundHalfUpBig(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r = num - q * den;
  return 2n * r >= den ? q + 1n : q;
}
