// Request builders shared by the tests (not exported from the package).
import type { RulesError } from '../errors.ts';
import type { EvaluateRequest, RequestLine } from '../request-schema.ts';
import type { EvaluateResponse } from '../response-schema.ts';

/** The offset of each pack's timezone in mid-November 2025 (standard time). */
export const NOV_OFFSET: Record<string, string> = {
  'US-CA': '-08:00', 'US-WA': '-08:00', 'US-OR': '-08:00', 'US-NV': '-08:00',
  'US-CO': '-07:00', 'US-AZ': '-07:00',
  'US-IL': '-06:00', 'US-MO': '-06:00',
  'US-MI': '-05:00', 'US-MA': '-05:00', 'US-NY': '-05:00', 'US-NJ': '-05:00', 'US-MD': '-05:00', 'US-OH': '-05:00', 'CA-ON': '-05:00',
};

export const ALL_JURISDICTIONS = Object.keys(NOV_OFFSET);

/** 2025-11-15 at 14:00 store-local time. */
export function novAt(jurisdiction: string, time = '14:00:00', date = '2025-11-15'): string {
  return `${date}T${time}${NOV_OFFSET[jurisdiction]}`;
}

export function line(partial: Partial<RequestLine> & Pick<RequestLine, 'category'>): RequestLine {
  return { sku: `SKU-${partial.category}`, quantity: 1, unitPriceCents: 1000, ...partial };
}

export function request(jurisdiction: string, lines: RequestLine[], extra: Partial<EvaluateRequest> = {}): EvaluateRequest {
  return {
    jurisdiction,
    at: novAt(jurisdiction),
    channel: 'in_store',
    customer: { kind: 'adult_use', birthDate: '1980-01-01', idJurisdiction: jurisdiction },
    ...extra,
    lines,
  };
}

export function medical(jurisdiction: string, extra: Partial<NonNullable<EvaluateRequest['customer']['medicalCard']>> = {}): EvaluateRequest['customer'] {
  return {
    kind: 'medical',
    birthDate: '1980-01-01',
    idJurisdiction: jurisdiction,
    medicalCard: { number: 'CARD-1', jurisdiction, expiresOn: '2027-01-01', ...extra },
  };
}

/**
 * The standard mixed basket for tax tests: flower $40 (22% THC), 2 × edible $20, vape $45 (80%),
 * accessory $15. Cannabis $125.00, accessory $15.00.
 */
export const MIXED_BASKET: RequestLine[] = [
  { sku: 'FL', category: 'flower', quantity: 1, unitPriceCents: 4000, netWeightMg: 3500, thcMg: 770, thcPercent: 22 },
  { sku: 'ED', category: 'edible', quantity: 2, unitPriceCents: 2000, netWeightMg: 40000, thcMg: 100, thcMgPerServing: 10 },
  { sku: 'VP', category: 'vape', quantity: 1, unitPriceCents: 4500, netWeightMg: 500, thcMg: 400, thcPercent: 80 },
  { sku: 'AC', category: 'accessory', quantity: 1, unitPriceCents: 1500 },
];

export const LOCAL_RATES = { localSalesTaxRate: 0.02, localCannabisTaxRate: 0.03 };

/** The violation codes of a response, in order. */
export const codes = (r: EvaluateResponse) => r.violations.map((v) => v.code);

/** The RulesError `fn` throws (fails the test if it throws nothing). */
export function catchError(fn: () => unknown): RulesError {
  try {
    fn();
  } catch (e) {
    return e as RulesError;
  }
  throw new Error('expected a RulesError');
}

/** Each pack's timezone, for cases that state store-local dates and clock times. */
export const PACK_TIMEZONE: Record<string, string> = {
  'US-CA': 'America/Los_Angeles',
  'US-CO': 'America/Denver',
  'US-WA': 'America/Los_Angeles',
  'US-OR': 'America/Los_Angeles',
  'US-MI': 'America/Detroit',
  'US-IL': 'America/Chicago',
  'US-MA': 'America/New_York',
  'US-NV': 'America/Los_Angeles',
  'US-AZ': 'America/Phoenix',
  'US-NY': 'America/New_York',
  'US-NJ': 'America/New_York',
  'US-MD': 'America/New_York',
  'US-MO': 'America/Chicago',
  'US-OH': 'America/New_York',
  'CA-ON': 'America/Toronto',
};

/** The day the reference cases are set on unless they say otherwise. */
export const CASE_DAY = '2025-11-15';

/** The UTC offset ("-07:00") of a timezone around an instant. */
export function offsetOf(timeZone: string, ms: number): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName')!.value;
  return name === 'GMT' ? '+00:00' : name.slice(3);
}

/** An instant at a store-local date and clock time in the jurisdiction's timezone (no case falls on a DST change day). */
export function localInstant(jurisdiction: string, date = CASE_DAY, time = '14:00:00'): string {
  return `${date}T${time}${offsetOf(PACK_TIMEZONE[jurisdiction]!, Date.parse(`${date}T12:00:00Z`))}`;
}

/** The calendar date `n` days before `date`. */
export function daysBefore(n: number, date = CASE_DAY): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}
