// Which limits a jurisdiction puts on discounting, as the engine's ComplianceGuard.
// Bundle rules come from the jurisdiction pack (data with effective dates and sources). The pack
// schema has no field for loyalty-scheme rules yet, so those live in the small table below, each
// with its source from the reference (shared/reference/regulations.md) and its dates, never as a
// branch on a state code.
import { resolvePack, type Pack } from '@verdant/rules';
import type { ComplianceGuard } from '@verdant/rules/promotions';

export interface PromotionRule {
  id: string;
  jurisdiction: string;
  effective: { from: string; to: string | null };
  guard: Partial<ComplianceGuard>;
  source: { refs: string[]; title: string };
  confidence: 'sure' | 'likely' | 'unsure';
  note?: string;
}

export const PROMOTION_RULES: readonly PromotionRule[] = [
  {
    id: 'us-ma.promotion.no-loyalty-cannabis-discount',
    jurisdiction: 'US-MA',
    effective: { from: '2018-11-20', to: null },
    guard: { forbidLoyaltyCannabisDiscounts: true },
    source: { refs: ['S35', 'S33'], title: 'No free or discounted cannabis through loyalty schemes (935 CMR 500; vendor summary)' },
    confidence: 'likely',
    note: 'The reference cites a vendor summary; loyalty points may still be redeemed against non-cannabis items (program allowOnCannabis: false).',
  },
];

const inEffect = (e: { from: string; to: string | null }, date: string) => e.from <= date && (e.to === null || date <= e.to);

/** Where a rule in the guard came from, for the preview answer and the audit trail. */
export interface GuardSource {
  id: string;
  refs: string[];
  title: string;
}

/**
 * The guard for a store in `jurisdiction` on the store-local `date` (YYYY-MM-DD, default today in
 * UTC). A jurisdiction without a pack gets no guard beyond the table above.
 */
export function complianceGuardWithSources(jurisdiction: string, date = new Date().toISOString().slice(0, 10)): { guard: ComplianceGuard; sources: GuardSource[] } {
  const guard: ComplianceGuard = {};
  const sources: GuardSource[] = [];
  let pack: Pack | undefined;
  try {
    pack = resolvePack(jurisdiction);
  } catch {
    pack = undefined;
  }
  for (const rule of pack?.bundleRules ?? []) {
    if (!inEffect(rule.effective, date)) continue;
    // 'no_bundles' forbids any one-price bundle with cannabis; 'no_mixed_bundles' one of cannabis
    // with non-cannabis items. The latter is also refused when a promotion is saved, but an
    // organization-wide bundle saved before the organization had such a store reaches it too.
    if (rule.kind === 'no_bundles') guard.forbidCannabisBundles = true;
    else guard.forbidMixedCannabisBundles = true;
    sources.push({ id: rule.id, refs: rule.source.refs, title: rule.source.title });
  }
  for (const rule of PROMOTION_RULES) {
    if (rule.jurisdiction !== jurisdiction.toUpperCase() || !inEffect(rule.effective, date)) continue;
    Object.assign(guard, rule.guard);
    sources.push({ id: rule.id, refs: rule.source.refs, title: rule.source.title });
  }
  return { guard, sources };
}

export function complianceGuardFor(jurisdiction: string, date?: string): ComplianceGuard {
  return complianceGuardWithSources(jurisdiction, date).guard;
}

/** Jurisdictions (from the packs) whose bundle rules forbid mixing cannabis with other items. */
export function mixedBundleRule(jurisdiction: string, date = new Date().toISOString().slice(0, 10)) {
  try {
    return resolvePack(jurisdiction).bundleRules.find((r) => r.kind === 'no_mixed_bundles' && inEffect(r.effective, date));
  } catch {
    return undefined;
  }
}
