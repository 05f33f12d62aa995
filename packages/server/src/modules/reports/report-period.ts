// A report's period: local dates at the store, both ends included (this month so far when not
// given). The server turns them into
// instants in SQL (`date::timestamp at time zone <the store's zone>`), so a day is the store's
// calendar day, 23 or 25 hours long when the clocks change.

/** The longest period one report covers: a year, leap day included. */
export const MAX_REPORT_DAYS = 366;

/** The earliest date a report takes (PostgreSQL has no year 0; nobody sold legal cannabis before this). */
export const EARLIEST_REPORT_DATE = '1970-01-01';

export interface ReportPeriod {
  /** First local date, YYYY-MM-DD. */
  from: string;
  /** Last local date, YYYY-MM-DD (included). */
  to: string;
}

const DAY_MS = 86_400_000;
const utcMidnight = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Days from `from` to `to`, both counted (1 for a single day); 0 or less when `to` comes first. */
export function daysInPeriod(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS) + 1;
}

/** Every date of the period in order, so a day without sales is a row of zeros, not a gap. */
export function datesOf(period: ReportPeriod): string[] {
  const count = daysInPeriod(period.from, period.to);
  const start = utcMidnight(period.from);
  return Array.from({ length: Math.max(count, 0) }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}

/**
 * The period asked for, this month so far at the store where a date is left out: `to` defaults to
 * today there, `from` to the first of `to`'s month. Null with the reason when it does not hold
 * (to before from, longer than MAX_REPORT_DAYS), for a 400 at `to`.
 */
export function periodAt(today: string, asked: { from?: string; to?: string }): { period: ReportPeriod } | { problem: string } {
  const to = asked.to ?? today;
  const from = asked.from ?? `${to.slice(0, 8)}01`;
  const days = daysInPeriod(from, to);
  if (days < 1) return { problem: 'to must not be before from' };
  if (days > MAX_REPORT_DAYS) return { problem: `a report covers at most ${MAX_REPORT_DAYS} days` };
  return { period: { from, to } };
}
