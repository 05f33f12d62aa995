// Who is buying: age gate, medical card, residency. Residency only matters where a pack has
// resident/non-resident limits (Illinois); it is read from the ID's issuer.
import type { CustomerKind } from './categories.ts';
import type { Snapshot } from './compile-pack.ts';
import { ageOn } from './local-time.ts';
import type { CheckedRequest } from './request-schema.ts';
import type { Violation } from './response-schema.ts';

/** "IL", "us-il" and "US-IL" all name Illinois when the pack is US-IL. */
export function sameJurisdiction(code: string, packJurisdiction: string): boolean {
  const c = code.trim().toUpperCase();
  return c === packJurisdiction || c === packJurisdiction.slice(packJurisdiction.indexOf('-') + 1);
}

/**
 * Explicit `customer.residency` wins; otherwise the ID issuer decides; with neither we cannot show
 * residency, so the customer gets the stricter non-resident treatment (the register can fix it by
 * sending idJurisdiction).
 */
export function residencyOf(req: CheckedRequest, packJurisdiction: string): 'resident' | 'non_resident' {
  const c = req.customer;
  if (c.residency) return c.residency;
  if (c.idJurisdiction) return sameJurisdiction(c.idJurisdiction, packJurisdiction) ? 'resident' : 'non_resident';
  return 'non_resident';
}

/** Medical customers where storefronts have no medical program are served as adult-use. */
export function effectiveKind(req: CheckedRequest, snap: Snapshot): CustomerKind {
  return req.customer.kind === 'medical' && !snap.medicalProgram.offered ? 'adult_use' : req.customer.kind;
}

export interface CardCheck {
  valid: boolean;
  problem?: string;
}

export function checkCard(req: CheckedRequest, snap: Snapshot, localDate: string): CardCheck {
  const card = req.customer.medicalCard;
  if (!card) return { valid: false, problem: 'no medical card on file' };
  if (card.expiresOn < localDate) return { valid: false, problem: `medical card expired on ${card.expiresOn}` };
  const accepted = snap.medicalProgram.acceptedCardJurisdictions;
  if (accepted !== 'any' && !accepted.some((j) => sameJurisdiction(card.jurisdiction, j)))
    return { valid: false, problem: `medical cards from ${card.jurisdiction} are not accepted in ${snap.pack.jurisdiction}` };
  return { valid: true };
}

export function checkAge(req: CheckedRequest, snap: Snapshot, kind: CustomerKind, localDate: string): Violation | undefined {
  const rule = snap.ages[kind];
  if (!rule) return undefined;
  const age = ageOn(req.customer.birthDate, localDate);
  if (age >= rule.minAge) return undefined;
  return {
    code: 'UNDERAGE',
    message: `${kind === 'medical' ? 'Medical' : 'Adult-use'} customers must be ${rule.minAge} or older (customer is ${Math.max(age, 0)})`,
    rule: rule.id,
    lines: [],
    overridable: rule.overridable,
    confidence: rule.confidence,
    source: rule.source,
  };
}

export function cardViolation(snap: Snapshot, check: CardCheck): Violation {
  const rule = snap.medicalProgram;
  return {
    code: 'MEDICAL_CARD_INVALID',
    message: `Medical sale needs a valid medical card: ${check.problem}`,
    rule: rule.id,
    lines: [],
    overridable: rule.overridable,
    confidence: rule.confidence,
    source: rule.source,
  };
}
