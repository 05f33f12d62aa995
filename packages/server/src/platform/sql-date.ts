import { z } from 'zod';

/**
 * A SQL `date` as YYYY-MM-DD. pg hands dates over as a Date at local midnight (read back in local
 * time), PGlite and raw SQL as text. Years are written with four digits, so year 1 is 0001.
 */
export function dateText(value: Date | string): string;
export function dateText(value: Date | string | null | undefined): string | null;
export function dateText(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(value.getFullYear(), 4)}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

/** A calendar date the database can store: YYYY-MM-DD from year 1 (there is no year 0000). */
export const calendarDate = z.iso.date().refine((d) => d >= '0001-01-01', 'There is no year 0000.');

/** Today's date where the day has begun earliest (UTC+14): no birth date anywhere is after it. */
const latestToday = () => new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);

/** A person's birth date: a calendar date from 1900 up to today. */
export const birthDate = z.iso.date().refine((d) => d >= '1900-01-01' && d <= latestToday(), 'A birth date is a day from 1900-01-01 up to today.');
