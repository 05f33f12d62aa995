// The compliance guard runs on each promotion after its discount is computed and before it is
// committed, so a promotion that breaks a jurisdiction's rule never reaches a later promotion's base.
// It only ever looks at cannabis units; accessories may be discounted or given away freely.
import type { CartState, UnitDiscounts } from './actions.ts';
import type { ComplianceGuard } from './engine-types.ts';
import type { PromotionInput } from './promotion-schema.ts';

export interface GuardOutcome {
  discounts: UnitDiscounts;
  /** Lines where the promotion broke a rule (empty when it is clean). */
  offendingLineIds: string[];
  /** reject: drop the promotion; cap: `discounts` already limited to what is allowed. */
  verdict: 'clean' | 'reject' | 'capped';
}

/** A loyalty scheme is anything marked as one or reserved to a loyalty tier. */
export function isLoyaltyPromotion(p: PromotionInput): boolean {
  return p.loyalty === true || (p.conditions ?? []).some((c) => c.type === 'loyalty_tier');
}

export function guardActive(guard: ComplianceGuard | undefined): boolean {
  return (
    !!guard &&
    (guard.forbidFreeCannabis === true ||
      guard.forbidCannabisDiscounts === true ||
      guard.forbidLoyaltyCannabisDiscounts === true ||
      guard.forbidCannabisBundles === true ||
      guard.forbidMixedCannabisBundles === true ||
      (guard.minimumPriceCents ?? 0) > 0)
  );
}

/**
 * The bundle's discounted units include cannabis and non-cannabis ones. Judged on the whole
 * promotion, not group by group: two bundles of one promotion, one of eighths and one of
 * batteries, count as mixed too (the guard sees discounts, not groups), which errs on the lawful side.
 */
function mixesCannabis(discounts: UnitDiscounts, state: CartState): boolean {
  let cannabis = false;
  let other = false;
  discounts.forEach((units, i) => {
    if (!units.some((d) => d > 0)) return;
    if (state.lines[i].isCannabis) cannabis = true;
    else other = true;
  });
  return cannabis && other;
}

export function applyGuard(guard: ComplianceGuard | undefined, promotion: PromotionInput, discounts: UnitDiscounts, state: CartState): GuardOutcome {
  if (!guardActive(guard) || !guard) return { discounts, offendingLineIds: [], verdict: 'clean' };
  const bundle = promotion.action.type === 'bundle_price';
  // A mixed bundle is put right by taking the cannabis out of it (no bundle discount on cannabis).
  const noDiscount =
    guard.forbidCannabisDiscounts === true ||
    (guard.forbidLoyaltyCannabisDiscounts === true && isLoyaltyPromotion(promotion)) ||
    (guard.forbidCannabisBundles === true && bundle) ||
    (guard.forbidMixedCannabisBundles === true && bundle && mixesCannabis(discounts, state));
  const floor = Math.max(0, guard.minimumPriceCents ?? (guard.forbidFreeCannabis ? 1 : 0));
  const offending = new Set<string>();
  const limited = discounts.map((units, i) => {
    const line = state.lines[i];
    if (!line.isCannabis) return units;
    return units.map((d, u) => {
      if (d <= 0) return d;
      const allowed = noDiscount ? 0 : Math.max(0, state.remaining[i][u] - floor);
      if (d <= allowed) return d;
      offending.add(line.lineId);
      return allowed;
    });
  });
  if (offending.size === 0) return { discounts, offendingLineIds: [], verdict: 'clean' };
  const offendingLineIds = [...offending].sort();
  return guard.onViolation === 'cap'
    ? { discounts: limited, offendingLineIds, verdict: 'capped' }
    : { discounts, offendingLineIds, verdict: 'reject' };
}
