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
