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

/**
 * Medical customers are served as adult-use where storefronts have no medical program, and at a
 * store without the medical licence the program requires (an unstated endorsement is held).
 */
export function effectiveKind(req: CheckedRequest, snap: Snapshot): CustomerKind {
  if (req.customer.kind !== 'medical') return req.customer.kind;
  const program = snap.medicalProgram;
  if (!program.offered) return 'adult_use';
  if (program.requiresStoreMedicalEndorsement && req.store?.medicalEndorsement === false) return 'adult_use';
  return 'medical';
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
  const kinds = snap.medicalProgram.acceptedCardKinds;
  if (kinds && !kinds.includes(card.kind ?? 'registry_card'))
    return { valid: false, problem: `a practitioner's recommendation without a registry card is not a medical card in ${snap.pack.jurisdiction}` };
  return { valid: true };
}

/**
 * The age gate. `age` is the customer's age on the store-local date. A medical patient under the
 * medical minimum age passes only through a caregiver the pack accepts for minor patients; lines
 * outside the categories a minor patient may receive are then refused line by line. A caregiver
 * changes nothing for adult-use customers or adult patients. Violations go to `out`.
 */
export function checkAge(
  req: CheckedRequest,
  snap: Snapshot,
  kind: CustomerKind,
  age: number,
  localDate: string,
  masks: number[],
  out: Violation[],
): void {
  const rule = snap.ages[kind];
  if (!rule) return;
  const storeMinAge = req.store?.medicalEndorsement === false ? rule.minAgeAtStoreWithoutMedicalEndorsement : undefined;
  if (storeMinAge !== undefined && age >= rule.minAge && age < storeMinAge) {
    out.push(underage(rule, `Medical customers under ${storeMinAge} buy only at a store registered for medical sales (customer is ${age})`));
    return;
  }
  if (age >= rule.minAge) return;
  const shown = Math.max(age, 0);
  if (kind !== 'medical') {
    out.push(underage(rule, `Adult-use customers must be ${rule.minAge} or older (customer is ${shown})`));
    return;
  }
  const base = `Medical customers must be ${rule.minAge} or older (customer is ${shown})`;
  const minor = snap.minorPatients;
  const caregiver = req.customer.caregiver;
  if (!minor?.rule.allowed) {
    const why = caregiver
      ? `${snap.pack.jurisdiction} rules do not let a patient under ${rule.minAge} buy through a caregiver`
      : `no caregiver is buying for the patient, and ${snap.pack.jurisdiction} rules do not let a patient under ${rule.minAge} buy through one`;
    // An explicit "not allowed" rule is the value that refused; without one, the age rule is.
    out.push(minor ? underage(minor.rule, `${base}; ${why}`) : underage(rule, `${base}; ${why}`));
    return;
  }
  const m = minor.rule;
  if (!caregiver) {
    out.push(underage(rule, `${base}; a patient under ${rule.minAge} buys through a linked caregiver, and none is on this sale`));
    return;
  }
  const minAge = m.caregiverMinAge!;
  const caregiverAge = ageOn(caregiver.birthDate, localDate);
  if (caregiverAge < minAge) {
    out.push({
      ...underage(m, `A caregiver buying for a patient under ${rule.minAge} must be ${minAge} or older (caregiver is ${Math.max(caregiverAge, 0)})`),
      confidence: m.caregiverMinAgeConfidence ?? m.confidence,
    });
    return;
  }
  if (minor.mask === -1) return;
  const bad: number[] = [];
  for (let i = 0; i < masks.length; i++) if ((masks[i] & minor.mask) === 0) bad.push(i);
  if (bad.length)
    out.push({
      code: 'PRODUCT_NOT_PERMITTED',
      message: `A patient under ${rule.minAge} may receive only ${m.categories!.join(', ')} products (line${bad.length > 1 ? 's' : ''} ${bad.join(', ')})`,
      rule: m.id,
      lines: bad,
      overridable: m.overridable,
      confidence: m.confidence,
      source: m.source,
    });
}

function underage(rule: { id: string; overridable: boolean; confidence: Violation['confidence']; source: Violation['source'] }, message: string): Violation {
  return { code: 'UNDERAGE', message, rule: rule.id, lines: [], overridable: rule.overridable, confidence: rule.confidence, source: rule.source };
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
