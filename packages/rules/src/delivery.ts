// Delivery: allowed per customer kind, where it may go (and where it may never go, and whether
// only within the jurisdiction), same-day
// order cut-off, and the largest order one delivery can carry.
import type { CustomerKind } from './categories.ts';
import type { Snapshot } from './compile-pack.ts';
import type { DeliveryRule } from './pack-schema.ts';
import { clock } from './hours.ts';
import { parseInstant } from './instant.ts';
import { toLocal } from './local-time.ts';
import type { CheckedRequest } from './request-schema.ts';
import type { Violation } from './response-schema.ts';

function violation(rule: DeliveryRule | undefined, message: string, fallbackRule: string): Violation {
  return {
    code: 'DELIVERY_NOT_ALLOWED',
    message,
    rule: rule?.id ?? fallbackRule,
    lines: [],
    overridable: rule?.overridable ?? false,
    confidence: rule?.confidence,
    source: rule?.source,
  };
}

export function checkDelivery(
  snap: Snapshot,
  req: CheckedRequest,
  kind: CustomerKind,
  timeZone: string,
  atMs: number,
  subtotalCents: number,
): Violation[] {
  const rules = snap.delivery.filter((r) => r.customerKinds.includes(kind));
  const who = kind === 'medical' ? 'medical' : 'adult-use';
  if (rules.length === 0)
    return [violation(undefined, `${snap.pack.name} has no delivery rule for ${who} customers; delivery is not allowed`, `${snap.pack.jurisdiction.toLowerCase()}.delivery.none`)];
  const out: Violation[] = [];
  const d = req.delivery ?? undefined;
  for (const rule of rules) {
    if (!rule.allowed) {
      out.push(violation(rule, `Delivery to ${who} customers is not allowed in ${snap.pack.name}`, rule.id));
      continue;
    }
    // An absent address type passes both lists (see deliveryRuleSchema).
    if (rule.addressTypes && d?.addressType && !rule.addressTypes.includes(d.addressType))
      out.push(violation(rule, `Delivery to address type ${d.addressType} is not allowed in ${snap.pack.name} (only ${rule.addressTypes.join(', ')})`, rule.id));
    if (rule.excludedAddressTypes && d?.addressType && rule.excludedAddressTypes.includes(d.addressType))
      out.push(violation(rule, `Delivery to address type ${d.addressType} is not allowed in ${snap.pack.name} (excluded: ${rule.excludedAddressTypes.join(', ')})`, rule.id));
    // An address whose jurisdiction is not known passes, as an absent address type does.
    if (rule.withinJurisdictionOnly && d?.addressJurisdiction && d.addressJurisdiction !== snap.pack.jurisdiction)
      out.push(violation(rule, `Delivery from a store in ${snap.pack.name} goes only to an address in ${snap.pack.name} (this one is in ${d.addressJurisdiction})`, rule.id));
    if (rule.sameDayOrderCutoff) {
      const ordered = toLocal(timeZone, d?.orderedAt ? parseInstant(d.orderedAt) : atMs);
      const delivered = toLocal(timeZone, d?.deliverAt ? parseInstant(d.deliverAt) : atMs);
      const [h, m] = rule.sameDayOrderCutoff.split(':').map(Number);
      if (ordered.date === delivered.date && ordered.secondOfDay >= h * 3600 + m * 60)
        out.push(violation(rule, `Same-day delivery orders must be received before ${rule.sameDayOrderCutoff} (received ${clock(ordered.secondOfDay)})`, rule.id));
    }
    if (rule.maxOrderValueCents !== undefined && subtotalCents > rule.maxOrderValueCents)
      out.push(violation(rule, `A delivery may carry at most $${(rule.maxOrderValueCents / 100).toFixed(2)} of goods`, rule.id));
  }
  return out;
}
