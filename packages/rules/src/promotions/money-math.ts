// Integer-cent arithmetic shared by promotions and loyalty. Percentages arrive as numbers with at
// most two decimals (12.5 %, 33.33 %); they are turned into basis points first so every product is
// an exact integer and "round half-up once per computed amount" means exactly that.

/** 12.5 → 1250. Clamped to 0..10000 so a bad percentage can never create a negative discount. */
export function basisPoints(percent: number): number {
  if (!Number.isFinite(percent)) return 0;
  return Math.min(10_000, Math.max(0, Math.round(percent * 100)));
}

/** cents × percent, rounded half-up to a whole cent. */
export function percentOf(cents: number, percent: number): number {
  if (cents <= 0) return 0;
  const bp = basisPoints(percent);
  // cents ≤ 1e12 and bp ≤ 1e4 keep the product under 2^53; larger carts fall back to BigInt.
  const product = cents * bp;
  if (Number.isSafeInteger(product)) return Math.floor((product + 5_000) / 10_000);
  return Number((BigInt(cents) * BigInt(bp) + 5_000n) / 10_000n);
}

/**
 * Split `total` into integer parts proportional to `weights` (largest-remainder / Hamilton).
 * Parts sum exactly to `total` (when the weights sum to more than zero) and no part exceeds its
 * weight when total ≤ Σweights. Ties in the remainder go to the lower `order` key, which callers set
 * from line ids so the split never depends on the order lines arrived in.
 */
export function allocateLargestRemainder(total: number, weights: readonly number[], order?: readonly string[]): number[] {
  const n = weights.length;
  const parts = new Array<number>(n).fill(0);
  if (total <= 0 || n === 0) return parts;
  let sum = 0;
  let max = 0;
  for (const w of weights) {
    const c = Math.max(0, w);
    sum += c;
    if (c > max) max = c;
  }
  if (sum === 0) return parts;
  // Exact in doubles while total × weight stays below 2^53 (every real cart); BigInt beyond.
  if (!Number.isSafeInteger(total * max) || !Number.isSafeInteger(sum)) return allocateBig(total, weights, order);
  const remainders = new Array<number>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const product = total * Math.max(0, weights[i]);
    const r = product % sum;
    const q = (product - r) / sum;
    parts[i] = q;
    given += q;
    remainders[i] = r;
  }
  let left = total - given;
  if (left === 0) return parts;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => remainders[b] - remainders[a] || tieBreak(a, b, order));
  for (let k = 0; left > 0 && k < n; k++, left--) parts[idx[k]] += 1;
  return parts;
}

function tieBreak(a: number, b: number, order: readonly string[] | undefined): number {
  const ka = order ? order[a] : '';
  const kb = order ? order[b] : '';
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a - b;
}

function allocateBig(total: number, weights: readonly number[], order?: readonly string[]): number[] {
  const n = weights.length;
  const parts = new Array<number>(n).fill(0);
  let sum = 0n;
  for (const w of weights) sum += BigInt(Math.max(0, w));
  const t = BigInt(total);
  const remainders: bigint[] = [];
  let given = 0n;
  for (let i = 0; i < n; i++) {
    const w = BigInt(Math.max(0, weights[i]));
    const q = (t * w) / sum;
    parts[i] = Number(q);
    given += q;
    remainders.push((t * w) % sum);
  }
  let left = Number(t - given);
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => (remainders[a] !== remainders[b] ? (remainders[a] > remainders[b] ? -1 : 1) : tieBreak(a, b, order)));
  for (let k = 0; left > 0 && k < n; k++, left--) parts[idx[k]] += 1;
  return parts;
}
