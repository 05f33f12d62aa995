// The one door from the server to @verdant/rules: every evaluation (the public rules API, the
// register, checkout) goes through `runEvaluation`, and every RulesError leaves as an AppError.
import {
  evaluate,
  resolvePack,
  RulesError,
  type EvaluateRequest,
  type EvaluateResponse,
  type Pack,
  type PackOverrides,
} from '@verdant/rules';
import { AppError } from '../../platform/errors';

export type FieldPath = (string | number)[];

/**
 * RulesError → AppError. Validation problems carry the platform's details shape
 * `[{ path, message }]`, with paths prefixed by where the request came from (e.g. ['body']).
 */
export function toAppError(error: RulesError, prefix: FieldPath = ['body']): AppError {
  if (error.code === 'VALIDATION_FAILED') {
    const issues = error.details.issues ?? [{ path: error.details.path, message: error.message }];
    return new AppError(
      400,
      'VALIDATION_FAILED',
      error.message,
      issues.map((issue) => ({ path: [...prefix, ...issue.path], message: issue.message })),
    );
  }
  const { path, issues: _issues, ...rest } = error.details;
  return new AppError(error.httpStatus, error.code, error.message, { path: [...prefix, ...path], ...rest });
}

export function rulesCall<T>(work: () => T, prefix: FieldPath = ['body']): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RulesError) throw toAppError(error, prefix);
    throw error;
  }
}

export function runEvaluation(request: EvaluateRequest, overrides?: PackOverrides, prefix: FieldPath = ['body']): EvaluateResponse {
  return rulesCall(() => evaluate(request, overrides ? { overrides } : undefined), prefix);
}

export function packFor(jurisdiction: string, overrides?: PackOverrides): Pack {
  return rulesCall(() => resolvePack(jurisdiction, overrides ? { overrides } : undefined), ['jurisdiction']);
}

/** The pack, or null when no pack exists for the jurisdiction. */
export function packOrNull(jurisdiction: string, overrides?: PackOverrides): Pack | null {
  try {
    return resolvePack(jurisdiction, overrides ? { overrides } : undefined);
  } catch (error) {
    if (error instanceof RulesError && error.code === 'JURISDICTION_UNKNOWN') return null;
    if (error instanceof RulesError) throw toAppError(error, []);
    throw error;
  }
}

export const PACK_GROUPS = ['ages', 'medicalProgram', 'minorPatients', 'limits', 'hours', 'delivery', 'deliveryVehicles', 'productRules', 'bundleRules', 'taxes', 'receipts'] as const;

export interface PackValue {
  id: string;
  effective: { from: string; to: string | null };
  confidence: 'sure' | 'likely' | 'unsure';
  overridable: boolean;
  unsureFields?: string[];
  source?: { refs: string[]; title: string };
  note?: string;
}

/** Every version of the value with this id, in whichever group it lives. */
export function packValues(pack: Pack, id: string): PackValue[] {
  const found: PackValue[] = [];
  for (const group of PACK_GROUPS) {
    for (const item of pack[group] as unknown as PackValue[]) if (item.id === id) found.push(item);
  }
  return found;
}

export const inEffect = (effective: { from: string; to: string | null }, date: string) =>
  effective.from <= date && (effective.to === null || date <= effective.to);

/** The longest history window any limit of the pack looks back over, in days (at least 1). */
export function longestWindowDays(pack: Pack): number {
  let days = 1;
  for (const limit of pack.limits) {
    const w = limit.window;
    if (w.kind === 'rolling_days') days = Math.max(days, w.days);
    else if (w.kind === 'calendar_month') days = Math.max(days, 31);
  }
  return days;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
// Every UTC offset in use since 1972 is a whole number of quarter hours, so the local date is the same across a
// quarter hour: checkout asks several times per sale, and Intl formatting is the costly part.
const QUARTER_HOUR_MS = 15 * 60_000;
const recentDates = new Map<string, string>();

/** The calendar date (YYYY-MM-DD) of an instant in a timezone. */
export function localDate(timeZone: string, at: Date | string | number = Date.now()): string {
  const instant = new Date(at);
  const key = `${timeZone}|${Math.floor(instant.getTime() / QUARTER_HOUR_MS)}`;
  const known = recentDates.get(key);
  if (known !== undefined) return known;
  let f = dateFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timeZone, f);
  }
  const date = f.format(instant);
  if (recentDates.size >= 1_000) recentDates.clear();
  recentDates.set(key, date);
  return date;
}

/** Whole years between a birth date and a date (both YYYY-MM-DD). */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = date.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
