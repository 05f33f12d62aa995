// Product-level rules: per-package caps, products not sold to a customer kind (or not with a given
// attribute, such as perishable), medical-only items, and prohibited bundles.
import { attributeMask, CANNABIS_CATEGORIES, categoryMask, CUSTOMER_KINDS, type CustomerKind } from './categories.ts';
import { KIND_BIT, type Snapshot } from './compile-pack.ts';
import { validationError } from './errors.ts';
import type { Pack, ProductRule } from './pack-schema.ts';
import { snapshotFor } from './registry.ts';
import { potencyOf } from './limits.ts';
import type { CheckedLine, CheckedRequest } from './request-schema.ts';
import type { Violation } from './response-schema.ts';

const CANNABIS_MASK = categoryMask(CANNABIS_CATEGORIES);

export function checkProducts(snap: Snapshot, req: CheckedRequest, masks: number[], kind: CustomerKind): Violation[] {
  const out: Violation[] = [];
  const lines = req.lines;
  const kindBit = KIND_BIT[kind];
  let attributes: number[] | undefined; // per line, computed once a rule needs them
  for (const { rule, kindMask, mask, attributeMask: needs, exceptMask } of snap.productRules) {
    if ((kindMask & kindBit) === 0) continue;
    const lineAttributes = needs !== 0 ? (attributes ??= lines.map((l) => attributeMask(l.attributes))) : undefined;
    const exceptCap = rule.except?.maxNetWeightMgPerUnit;
    const bad: number[] = [];
    let overs: string[] | undefined; // what each line's other THC compounds exceed, for the message
    for (let i = 0; i < lines.length; i++) {
      if ((mask & masks[i]) === 0) continue;
      if (lineAttributes && (needs & lineAttributes[i]) === 0) continue;
      const l = lines[i];
      // The exception has to be shown: a line that does not state its net weight stays under the rule.
      if (exceptCap !== undefined && (exceptMask & masks[i]) !== 0 && l.netWeightMg !== undefined && l.netWeightMg <= exceptCap) continue;
      // Caps are checked where the line carries the data; limits (which need it) already refuse
      // a line without the THC or weight they count.
      let offends = rule.notSold === true;
      if (rule.maxThcMgPerUnit !== undefined && l.thcMg !== undefined && l.thcMg > rule.maxThcMgPerUnit) offends = true;
      if (rule.maxThcMgPerServing !== undefined && l.thcMgPerServing !== undefined && l.thcMgPerServing > rule.maxThcMgPerServing) offends = true;
      if (rule.maxNetWeightMgPerUnit !== undefined && l.netWeightMg !== undefined && l.netWeightMg > rule.maxNetWeightMgPerUnit) offends = true;
      const potency = potencyOf(l);
      if (rule.maxThcPercent !== undefined && potency !== undefined && potency > rule.maxThcPercent) offends = true;
      if (rule.otherThcMgPerServing !== undefined) {
        const over = otherThcOver(rule.otherThcMgPerServing, rule.id, l, i);
        if (over !== undefined) {
          offends = true;
          if (over) (overs ??= []).push(`line ${i}: ${over}`);
        }
      }
      if (offends) bad.push(i);
    }
    if (bad.length)
      out.push({
        code: 'PRODUCT_NOT_PERMITTED',
        message: `${rule.label} (line${bad.length > 1 ? 's' : ''} ${bad.join(', ')}${overs ? `; ${overs.join('; ')}` : ''})`,
        rule: rule.id,
        lines: bad,
        overridable: rule.overridable,
        confidence: rule.confidence,
        source: rule.source,
      });
  }

  if (kind === 'adult_use') {
    const medicalOnly = lines.flatMap((l, i) => (l.medicalOnly ? [i] : []));
    if (medicalOnly.length)
      out.push({
        code: 'PRODUCT_NOT_PERMITTED',
        message: `Medical-only products cannot be sold to adult-use customers (lines ${medicalOnly.join(', ')})`,
        rule: 'line.medical-only',
        lines: medicalOnly,
        overridable: false,
      });
  }

  if (snap.bundleRules.length) {
    const bundles = new Map<string, number[]>();
    lines.forEach((l, i) => {
      if (l.bundleId === undefined) return;
      const group = bundles.get(l.bundleId);
      if (group) group.push(i);
      else bundles.set(l.bundleId, [i]);
    });
    for (const rule of snap.bundleRules) {
      for (const [id, group] of bundles) {
        if (group.length < 2) continue;
        const cannabis = group.filter((i) => (masks[i] & CANNABIS_MASK) !== 0).length;
        const broken = rule.kind === 'no_bundles' ? cannabis > 0 : cannabis > 0 && cannabis < group.length;
        if (!broken) continue;
        out.push({
          code: 'PRODUCT_NOT_PERMITTED',
          message: `${rule.label} (bundle ${id})`,
          rule: rule.id,
          lines: group,
          overridable: rule.overridable,
          confidence: rule.confidence,
          source: rule.source,
        });
      }
    }
  }
  return out;
}

/**
 * Whether a line's other THC compounds break the cap: undefined when they do not, else what they
 * exceed ('' for a line refused because it states none, under ifUnknown 'match'). Figures carry at
 * most 3 decimals, so comparing and summing whole thousandths of a mg is exact.
 */
function otherThcOver(cap: NonNullable<ProductRule['otherThcMgPerServing']>, ruleId: string, l: CheckedLine, i: number): string | undefined {
  const figures = l.otherThcMgPerServing;
  if (figures === undefined) {
    if (cap.ifUnknown === 'error') {
      throw validationError(['lines', i, 'otherThcMgPerServing'], `THC compounds other than Δ9 per serving are required: ${ruleId} caps them ({} when none were found)`);
    }
    return cap.ifUnknown === 'match' ? '' : undefined;
  }
  const each = cap.maxEachMg === undefined ? undefined : Math.round(cap.maxEachMg * 1000);
  const problems: string[] = [];
  let sum = 0;
  for (const [compound, mg] of Object.entries(figures)) {
    const milli = Math.round((mg as number) * 1000);
    sum += milli;
    if (each !== undefined && milli > each) problems.push(`${compound} ${mg} mg over ${cap.maxEachMg} mg`);
  }
  if (cap.maxCombinedMg !== undefined && sum > Math.round(cap.maxCombinedMg * 1000)) problems.push(`${sum / 1000} mg combined over ${cap.maxCombinedMg} mg`);
  return problems.length ? problems.join(', ') : undefined;
}

/** What a listing knows of an item: a request line without quantity, price or bundle. */
export type ListingLine = Omit<CheckedLine, 'quantity' | 'sku' | 'bundleId'>;

/**
 * Who the pack lets buy one unit of this item on `date`, for a storefront's menu: `refused` when
 * every customer kind the pack serves (it has an age rule for) is refused by a product rule (or,
 * for adult use, by the line's medicalOnly mark), and `refusedTo` the kinds that are, so a menu can
 * leave the item off or mark it for patients only. The sale itself is still decided by `evaluate`.
 * `rules` names the product rules that refuse it to any kind.
 */
export function productRefusal(pack: Pack, date: string, line: ListingLine): { refused: boolean; refusedTo: CustomerKind[]; rules: string[] } {
  const snap = snapshotFor(pack, date);
  const req = { lines: [{ ...line, sku: 'listing', quantity: 1, unitPriceCents: 0 }] } as unknown as CheckedRequest;
  const masks = [categoryMask([line.category])];
  const rules = new Set<string>();
  const refusedTo: CustomerKind[] = [];
  let servedKinds = 0;
  for (const kind of CUSTOMER_KINDS) {
    if (!snap.ages[kind]) continue;
    servedKinds++;
    const violations = checkProducts(snap, req, masks, kind);
    if (violations.length === 0) continue;
    refusedTo.push(kind);
    for (const v of violations) rules.add(v.rule);
  }
  return { refused: servedKinds > 0 && refusedTo.length === servedKinds, refusedTo, rules: [...rules].sort() };
}
