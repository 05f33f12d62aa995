// Delivery: allowed per customer kind, where it may go (and where it may never go, and whether
// only within the jurisdiction), same-day order cut-off, the largest order one delivery can carry,
// and whether the customer must be pre-verified first.
import type { CustomerKind } from './categories.ts';
import type { Snapshot } from './compile-pack.ts';
import { inEffect, type DeliveryRule, type Pack } from './pack-schema.ts';
import { clock } from './hours.ts';
import { parseInstant } from './instant.ts';
import { toLocal } from './local-time.ts';
import type { CheckedRequest } from './request-schema.ts';
import type { Violation, ViolationCode } from './response-schema.ts';

function violation(rule: DeliveryRule | undefined, message: string, fallbackRule: string, code: ViolationCode = 'DELIVERY_NOT_ALLOWED'): Violation {
  return {
    code,
    message,
    rule: rule?.id ?? fallbackRule,
    lines: [],
    overridable: rule?.overridable ?? false,
    confidence: rule?.confidence,
    source: rule?.source,
  };
}

/**
 * Whether a delivery rule of the pack in effect on the store-local `date` asks for a pre-verified
 * customer: a caller that must look the fact up (the server reads the customer's ID checks) asks
 * only where it is consulted.
 */
export function requiresDeliveryPreVerificationOn(pack: Pack, date: string): boolean {
  return pack.delivery.some((r) => r.requiresPreVerification === true && inEffect(r.effective, date));
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
    // Its own code: the customer can fix this one (an ID check in person), unlike the others.
    if (rule.requiresPreVerification && req.customer.deliveryPreVerified !== true)
      out.push(
        violation(
          rule,
          `Customers must be pre-verified before a delivery order in ${snap.pack.name}, and this customer is not: their ID has to be checked in person first (pickup is not affected)`,
          rule.id,
          'DELIVERY_PRE_VERIFICATION_REQUIRED',
        ),
      );
  }
  return out;
}
