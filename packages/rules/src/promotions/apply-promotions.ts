// The promotion engine. Every channel (cart, POS, checkout) calls this one pure function, so the
// price a customer sees online is the price the register rings.
//
// Order of work:
//   1. pick the candidates: active, in their validity window, coupon entered if one is required,
//      every condition true on the cart as built;
//   2. build the outcomes: all stackable candidates together (in priority order, each on what the
//      earlier ones left), and each exclusive candidate alone;
//   3. keep the outcome that saves the customer most (ties: lowest priority number, then id).
// The compliance guard runs inside step 2 on every promotion as it is computed.
import { actionScope, capDiscount, computeAction, type CartState, type UnitDiscounts } from './actions.ts';
import { applyGuard, isLoyaltyPromotion } from './compliance-guard.ts';
import { conditionHolds, matchesFilter, type ConditionContext } from './conditions.ts';
import type {
  AppliedPromotion,
  ApplyPromotionsInput,
  ApplyPromotionsResult,
  LineResult,
  PromotionRejection,
} from './engine-types.ts';
import type { ItemFilter, PromotionInput } from './promotion-schema.ts';
import { storeClock } from './store-clock.ts';

/** Units are tracked one by one (see actions.ts); this bounds the work for absurd carts. */
export const MAX_CART_UNITS = 50_000;

export class PromotionInputError extends Error {
  constructor(
    readonly code: 'INVALID_LINE' | 'DUPLICATE_LINE_ID' | 'CART_TOO_LARGE' | 'INVALID_INSTANT' | 'INVALID_TIMEZONE',
    message: string,
  ) {
    super(message);
    this.name = 'PromotionInputError';
  }
}

interface Candidate {
  promotion: PromotionInput;
  code?: string;
}

interface Outcome {
  applied: AppliedPromotion[];
  rejected: PromotionRejection[];
  remaining: number[][];
  totalCents: number;
  /** (priority, id) of the promotion that leads this outcome, for tie-breaking. */
  lead?: Candidate;
}

const normalizeCode = (code: string) => code.trim().toUpperCase();
const byPriority = (a: PromotionInput, b: PromotionInput) =>
  (a.priority ?? 100) - (b.priority ?? 100) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function validateLines(input: ApplyPromotionsInput): void {
  const seen = new Set<string>();
  let units = 0;
  for (const l of input.lines) {
    if (seen.has(l.lineId)) throw new PromotionInputError('DUPLICATE_LINE_ID', `line id ${l.lineId} appears twice`);
    seen.add(l.lineId);
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > 10_000) {
      throw new PromotionInputError('INVALID_LINE', `line ${l.lineId}: quantity must be a whole number 1..10000`);
    }
    if (!Number.isSafeInteger(l.unitPriceCents) || l.unitPriceCents < 0) {
      throw new PromotionInputError('INVALID_LINE', `line ${l.lineId}: unitPriceCents must be a whole number of cents ≥ 0`);
    }
    units += l.quantity;
  }
  if (units > MAX_CART_UNITS) throw new PromotionInputError('CART_TOO_LARGE', `cart has ${units} units; at most ${MAX_CART_UNITS}`);
}

/** The lines a buy-X-get-Y's `buy` filter matched with a unit that still cost something and that it did not discount. */
function qualifyingLines(filter: ItemFilter | undefined, discounts: UnitDiscounts, state: CartState): string[] {
  const out: string[] = [];
  state.lines.forEach((l, i) => {
    if (matchesFilter(l, filter) && state.remaining[i].some((price, u) => price > 0 && discounts[i][u] === 0)) out.push(l.lineId);
  });
  return out.sort(); // by line id, as everything the engine answers, whatever order the lines came in
}

function runOutcome(candidates: readonly Candidate[], input: ApplyPromotionsInput): Outcome {
  const state: CartState = { lines: input.lines, remaining: input.lines.map((l) => new Array<number>(l.quantity).fill(l.unitPriceCents)) };
  const applied: AppliedPromotion[] = [];
  const rejected: PromotionRejection[] = [];
  let totalCents = 0;
  for (const c of candidates) {
    const p = c.promotion;
    let discounts: UnitDiscounts = computeAction(p.action, state);
    if (p.maxDiscountCents !== undefined) discounts = capDiscount(discounts, p.maxDiscountCents, state);
    const guarded = applyGuard(input.guard, p, discounts, state);
    const base = { promotionId: p.id, ...(c.code !== undefined ? { code: c.code } : {}) };
    if (guarded.verdict === 'reject') {
      rejected.push({ ...base, reason: 'COMPLIANCE_GUARD', lineIds: guarded.offendingLineIds });
      continue;
    }
    discounts = guarded.discounts;
    const allocations = discounts
      .map((units, i) => ({ lineId: input.lines[i].lineId, amountCents: units.reduce((s, d) => s + d, 0) }))
      .filter((a) => a.amountCents > 0);
    const amountCents = allocations.reduce((s, a) => s + a.amountCents, 0);
    if (amountCents === 0) {
      rejected.push(
        guarded.verdict === 'capped'
          ? { ...base, reason: 'COMPLIANCE_GUARD', lineIds: guarded.offendingLineIds }
          : { ...base, reason: 'NO_DISCOUNT' },
      );
      continue;
    }
    const qualifying = p.action.type === 'buy_x_get_y' ? qualifyingLines(p.action.buy.filter, discounts, state) : undefined;
    discounts.forEach((units, i) => units.forEach((d, u) => (state.remaining[i][u] -= d)));
    totalCents += amountCents;
    applied.push({
      ...base,
      name: p.name,
      receiptLabel: p.receiptLabel ?? p.name,
      amountCents,
      scope: actionScope(p.action),
      loyalty: isLoyaltyPromotion(p),
      cappedByGuard: guarded.verdict === 'capped',
      lineIds: allocations.map((a) => a.lineId),
      allocations,
      ...(qualifying ? { qualifyingLineIds: qualifying } : {}),
    });
  }
  return { applied, rejected, remaining: state.remaining, totalCents };
}

function leadKey(o: Outcome): PromotionInput | undefined {
  return o.applied.length > 0 ? o.lead?.promotion : undefined;
}

function better(a: Outcome, b: Outcome): boolean {
  if (a.totalCents !== b.totalCents) return a.totalCents > b.totalCents;
  const ka = leadKey(a);
  const kb = leadKey(b);
  if (!ka || !kb) return !!ka && !kb;
  return byPriority(ka, kb) < 0;
}

export function applyPromotions(input: ApplyPromotionsInput): ApplyPromotionsResult {
  validateLines(input);
  const epochMs = Date.parse(input.at);
  if (Number.isNaN(epochMs)) throw new PromotionInputError('INVALID_INSTANT', `at: ${input.at} is not an ISO-8601 instant`);
  let clock;
  try {
    clock = storeClock(epochMs, input.timezone);
  } catch {
    throw new PromotionInputError('INVALID_TIMEZONE', `timezone: ${input.timezone} is not an IANA timezone`);
  }
  const ctx: ConditionContext = { lines: input.lines, clock, channel: input.channel, customer: input.customer };

  // Codes as entered, keyed by their normalised form; the first spelling wins.
  const entered = new Map<string, string>();
  for (const raw of input.couponCodes ?? []) {
    const key = normalizeCode(raw);
    if (key && !entered.has(key)) entered.set(key, raw.trim());
  }
  const recognised = new Set<string>();
  const rejected: PromotionRejection[] = [];
  const candidates: Candidate[] = [];

  for (const p of [...input.promotions].sort(byPriority)) {
    const codes = (p.codes ?? []).map(normalizeCode);
    const matched = codes.find((c) => entered.has(c));
    for (const c of codes) if (entered.has(c)) recognised.add(c);
    if (codes.length > 0 && !matched) continue; // a coupon promotion nobody asked for
    const code = matched ? entered.get(matched) : undefined;
    const base = { promotionId: p.id, ...(code !== undefined ? { code } : {}) };
    // Automatic promotions that are switched off or out of their dates are simply not there;
    // a coupon that is gets a reason the customer can be told.
    if (p.active === false) {
      if (code !== undefined) rejected.push({ ...base, reason: 'COUPON_INACTIVE' });
      continue;
    }
    if (p.startsAt && epochMs < Date.parse(p.startsAt)) {
      if (code !== undefined) rejected.push({ ...base, reason: 'COUPON_NOT_YET_VALID' });
      continue;
    }
    if (p.endsAt && epochMs >= Date.parse(p.endsAt)) {
      if (code !== undefined) rejected.push({ ...base, reason: 'COUPON_EXPIRED' });
      continue;
    }
    const failed = (p.conditions ?? []).find((c) => !conditionHolds(c, ctx));
    if (failed) {
      rejected.push({ ...base, reason: 'CONDITION_NOT_MET', condition: failed.type });
      continue;
    }
    candidates.push({ promotion: p, ...(code !== undefined ? { code } : {}) });
  }

  const stackable = candidates.filter((c) => (c.promotion.stacking ?? 'stackable') === 'stackable');
  const exclusive = candidates.filter((c) => c.promotion.stacking === 'exclusive');
  const stackOutcome: Outcome = runOutcome(stackable, input);
  stackOutcome.lead = stackable.find((c) => stackOutcome.applied.some((a) => a.promotionId === c.promotion.id));
  let best = stackOutcome;
  const exclusiveOutcomes = exclusive.map((c) => ({ ...runOutcome([c], input), lead: c }));
  for (const o of exclusiveOutcomes) if (better(o, best)) best = o;

  // Whatever lost to the winner is NOT_STACKABLE if it would have saved something on its own terms.
  const blockedBy = best === stackOutcome ? 'stack' : best.lead?.promotion.id;
  const losers: Outcome[] = [stackOutcome, ...exclusiveOutcomes].filter((o) => o !== best);
  const lost = new Map<string, PromotionRejection>();
  for (const o of losers) {
    for (const a of o.applied) {
      lost.set(a.promotionId, { promotionId: a.promotionId, ...(a.code !== undefined ? { code: a.code } : {}), reason: 'NOT_STACKABLE', ...(blockedBy ? { blockedBy } : {}) });
    }
    for (const r of o.rejected) if (r.promotionId) lost.set(r.promotionId, r);
  }
  for (const r of best.rejected) if (r.promotionId) lost.set(r.promotionId, r);
  for (const c of candidates) {
    const r = lost.get(c.promotion.id);
    if (r) rejected.push(r);
  }
  for (const [key, raw] of entered) if (!recognised.has(key)) rejected.push({ code: raw, reason: 'COUPON_UNKNOWN' });

  const perLine = new Map<string, { promotionId: string; amountCents: number }[]>();
  for (const a of best.applied) {
    for (const al of a.allocations) {
      const list = perLine.get(al.lineId) ?? [];
      list.push({ promotionId: a.promotionId, amountCents: al.amountCents });
      perLine.set(al.lineId, list);
    }
  }
  const lines: LineResult[] = input.lines.map((l) => {
    const discounts = perLine.get(l.lineId) ?? [];
    const grossCents = l.unitPriceCents * l.quantity;
    const discountCents = discounts.reduce((s, d) => s + d.amountCents, 0);
    return { lineId: l.lineId, grossCents, discountCents, netCents: grossCents - discountCents, appliedPromotionIds: discounts.map((d) => d.promotionId), discounts };
  });
  const subtotalCents = lines.reduce((s, l) => s + l.grossCents, 0);
  return {
    lines,
    orderDiscountCents: best.applied.filter((a) => a.scope === 'order').reduce((s, a) => s + a.amountCents, 0),
    applied: best.applied,
    rejected,
    totals: { subtotalCents, discountCents: best.totalCents, totalCents: subtotalCents - best.totalCents },
  };
}
