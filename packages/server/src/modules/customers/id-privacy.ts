/**
 * What an ID verification may keep, by the jurisdiction of the store that checks the ID.
 *
 * The rules packs (packages/rules) describe sales; they have no field for record-keeping limits,
 * so these few facts live here as data, with the same effective-date and source discipline.
 * Nowhere is the raw ID number or an image of the ID kept: scans are parsed in memory and only
 * the fields below reach the database.
 *
 *   masked_and_hash  last ≤4 characters (to read back to the customer) + keyed hash (to find the
 *                    customer when the same ID is scanned again).
 *   hash_only        the keyed hash alone: nothing a person can read off the record.
 *   consent          masked_and_hash only if the customer gave data-retention consent, else hash_only.
 */
export type IdNumberRetention = 'masked_and_hash' | 'hash_only' | 'consent';

export interface IdPrivacyRule {
  id: string;
  jurisdiction: string;
  idNumber: IdNumberRetention;
  effective: { from: string; to: string | null };
  source: string;
  confidence: 'sure' | 'likely' | 'unsure';
  note?: string;
}

export const DEFAULT_ID_PRIVACY: IdPrivacyRule = {
  id: 'default',
  jurisdiction: '*',
  idNumber: 'masked_and_hash',
  effective: { from: '2000-01-01', to: null },
  source: 'Verdant default: never keep the number or an image; mask + keyed hash only',
  confidence: 'sure',
};

export const ID_PRIVACY_RULES: readonly IdPrivacyRule[] = [
  {
    id: 'us-nj.id.no-copy',
    jurisdiction: 'US-NJ',
    idNumber: 'hash_only',
    effective: { from: '2022-04-21', to: null },
    source: '[S43] N.J.A.C. 17:30-14.3: log that the ID was examined; must not keep a copy of the ID; collect no personal information beyond what a liquor retailer would',
    confidence: 'sure',
    note: 'A keyed hash is not a copy and reveals nothing; it only recognises the same document next time.',
  },
  {
    id: 'us-ma.id.consent',
    jurisdiction: 'US-MA',
    idNumber: 'consent',
    effective: { from: '2018-11-20', to: null },
    source: '[S35] 935 CMR 500.140: no personal information beyond a typical retail transaction without voluntary written consent',
    confidence: 'sure',
  },
];

export function idPrivacyRuleFor(jurisdiction: string, date: string): IdPrivacyRule {
  const code = jurisdiction.toUpperCase();
  return (
    ID_PRIVACY_RULES.find((r) => r.jurisdiction === code && r.effective.from <= date && (r.effective.to === null || date <= r.effective.to)) ??
    DEFAULT_ID_PRIVACY
  );
}

/** What to keep of an ID number under a rule: the masked form may be dropped, the raw never reaches here. */
export function retainedIdNumber(
  rule: IdPrivacyRule,
  number: { masked: string | null; hash: string | null },
  consentDataRetention: boolean,
): { masked: string | null; hash: string | null } {
  const keepMasked = rule.idNumber === 'masked_and_hash' || (rule.idNumber === 'consent' && consentDataRetention);
  return { masked: keepMasked ? number.masked : null, hash: number.hash };
}
