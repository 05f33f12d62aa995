// Loyalty points: earning, redeeming, tiers. Pure integer arithmetic; the server keeps the ledger
// of points and decides which cents are eligible (it knows the lines), this file only does the sums.
import { z } from 'zod';
import { allocateLargestRemainder } from './money-math.ts';

// Rates may have up to four decimals (1.25 points per dollar, ×1.5 tier) and are scaled to integers.
const SCALE = 10_000n;
const rate = z
  .number()
  .min(0)
  .max(1_000)
  .refine((n) => Math.abs(n * 10_000 - Math.round(n * 10_000)) < 1e-6, 'at most four decimals');

export const loyaltyProgramSchema = z
  .object({
    earn: z
      .object({
        pointsPerDollar: rate,
        /** How a fractional point is settled; floor never gives away points the store did not mean to. */
        rounding: z.enum(['floor', 'half_up', 'ceil']).default('floor'),
        /** Categories that earn nothing (e.g. accessories sold at cost, gift cards). */
        excludedCategories: z.array(z.string().min(1)).default([]),
        /** Cannabis earns nothing (for states that treat points on cannabis as an inducement). */
        excludeCannabis: z.boolean().default(false),
      })
      .strict(),
    /** Tiers by lifetime points; the highest one reached applies. */
    tiers: z
      .array(z.object({ id: z.string().min(1), name: z.string().min(1), minLifetimePoints: z.number().int().min(0), multiplier: rate }).strict())
      .default([]),
    redemption: z
      .object({
        /** Points are spent in blocks: `pointsPerBlock` points buy `centsPerBlock` cents off (e.g. 100 → 100). */
        pointsPerBlock: z.number().int().min(1),
        centsPerBlock: z.number().int().min(1),
        minPoints: z.number().int().min(0).default(0),
        /** Largest share of the order that points may pay for, in percent. */
        maxPercentOfOrder: z.number().min(0).max(100).default(100),
        /** false where a state forbids discounting cannabis through a loyalty scheme (MA). */
        allowOnCannabis: z.boolean().default(true),
      })
      .strict(),
  })
  .strict();

export type LoyaltyProgram = z.output<typeof loyaltyProgramSchema>;
export type LoyaltyProgramInput = z.input<typeof loyaltyProgramSchema>;
export type LoyaltyTier = LoyaltyProgram['tiers'][number];

function scaled(n: number): bigint {
  return BigInt(Math.round(n * 10_000));
}

/** The highest tier whose threshold the customer's lifetime points reach. */
export function tierFor(program: LoyaltyProgramInput, lifetimePoints: number): LoyaltyTier | undefined {
  let best: LoyaltyTier | undefined;
  for (const t of program.tiers ?? []) {
    if (t.minLifetimePoints <= lifetimePoints && (!best || t.minLifetimePoints > best.minLifetimePoints)) best = t;
  }
  return best;
}

export interface EarnLine {
  category: string;
  isCannabis: boolean;
  /** What the customer paid for the line after discounts, before added taxes. */
  netCents: number;
}

/** The cents that earn points: net line amounts minus excluded categories (and cannabis, if excluded). */
export function eligibleCentsForEarning(program: LoyaltyProgramInput, lines: readonly EarnLine[]): number {
  const excluded = new Set(program.earn.excludedCategories ?? []);
  let cents = 0;
  for (const l of lines) {
    if (excluded.has(l.category)) continue;
    if (program.earn.excludeCannabis && l.isCannabis) continue;
    cents += Math.max(0, l.netCents);
  }
  return cents;
}

export interface EarnResult {
  points: number;
  /** Tier multiplier used (1 without a tier). */
  multiplier: number;
}

/** Points for `eligibleCents`. `tier` is a tier id (from tierFor). Rounds once, on the final product. */
export function earnPoints(program: LoyaltyProgramInput, args: { eligibleCents: number; tier?: string }): EarnResult {
  const tier = args.tier === undefined ? undefined : (program.tiers ?? []).find((t) => t.id === args.tier);
  const multiplier = tier?.multiplier ?? 1;
  if (args.eligibleCents <= 0) return { points: 0, multiplier };
  // points = cents / 100 × rate × multiplier, exactly, as numerator / denominator.
  const numerator = BigInt(Math.floor(args.eligibleCents)) * scaled(program.earn.pointsPerDollar) * scaled(multiplier);
  const denominator = 100n * SCALE * SCALE;
  const whole = numerator / denominator;
  const rest = numerator % denominator;
  const rounding = program.earn.rounding ?? 'floor';
  const up = rest > 0n && (rounding === 'ceil' || (rounding === 'half_up' && rest * 2n >= denominator));
  return { points: Number(whole + (up ? 1n : 0n)), multiplier };
}

export type RedemptionLimit = 'none' | 'max_percent' | 'cannabis_excluded' | 'below_minimum';

export interface RedeemResult {
  pointsRedeemed: number;
  discountCents: number;
  /** What stopped the customer from redeeming everything they asked for. */
  limitedBy: RedemptionLimit;
}

/**
 * Turn the points a customer offers into cents off. `orderCents` is the order after promotions,
 * before taxes; `cannabisCents` its cannabis part, which is excluded where the program forbids
 * redeeming against cannabis. Only whole blocks are spent, so no point is spent for nothing, and
 * never fewer than `minPoints` (an order whose caps allow less spends none).
 */
export function redeemPoints(program: LoyaltyProgramInput, args: { points: number; orderCents: number; cannabisCents?: number }): RedeemResult {
  const r = program.redemption;
  const points = Math.max(0, Math.floor(args.points));
  if (points === 0 || points < (r.minPoints ?? 0)) return { pointsRedeemed: 0, discountCents: 0, limitedBy: points === 0 ? 'none' : 'below_minimum' };
  const order = Math.max(0, args.orderCents);
  const capByPercent = Number((BigInt(order) * BigInt(Math.round((r.maxPercentOfOrder ?? 100) * 100))) / 10_000n); // floor: never over the cap
  const capByCannabis = r.allowOnCannabis === false ? Math.max(0, order - Math.max(0, args.cannabisCents ?? 0)) : order;
  const cap = Math.min(capByPercent, capByCannabis);
  const wanted = Math.floor(points / r.pointsPerBlock);
  const blocks = Math.min(wanted, Math.floor(cap / r.centsPerBlock));
  const limitedBy: RedemptionLimit =
    blocks === wanted ? 'none' : capByCannabis < capByPercent ? 'cannabis_excluded' : 'max_percent';
  // The minimum holds for what is spent, not only for what is offered: an order whose cap takes
  // fewer points than the minimum takes none (limited by that cap).
  if (blocks * r.pointsPerBlock < (r.minPoints ?? 0)) return { pointsRedeemed: 0, discountCents: 0, limitedBy };
  return { pointsRedeemed: blocks * r.pointsPerBlock, discountCents: blocks * r.centsPerBlock, limitedBy };
}

/**
 * Spread an order-level amount (a points redemption, a manager's discount) over lines by largest
 * remainder, ties by line id, never more than a line's own amount. Lines marked ineligible
 * (e.g. cannabis when the program forbids it) receive nothing.
 */
export function allocateOrderDiscount(
  amountCents: number,
  lines: readonly { lineId: string; amountCents: number; eligible?: boolean }[],
): { lineId: string; amountCents: number }[] {
  const weights = lines.map((l) => (l.eligible === false ? 0 : Math.max(0, l.amountCents)));
  const capped = Math.min(Math.max(0, amountCents), weights.reduce((s, w) => s + w, 0));
  const parts = allocateLargestRemainder(capped, weights, lines.map((l) => l.lineId));
  return lines.map((l, i) => ({ lineId: l.lineId, amountCents: parts[i] }));
}
