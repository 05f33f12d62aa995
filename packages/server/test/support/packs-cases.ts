// What the acceptance cases of the packs through the API (integration/packs-through-the-api*.ts)
// share: store-local clock arithmetic and readers of an engine answer (a quote, a check, a cart).

export type Json = Record<string, any>;

/** The UTC offset of a timezone at an instant, in minutes (e.g. -480 for Pacific standard time). */
function offsetMinutes(timeZone: string, instantMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(new Date(instantMs))
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - instantMs) / 60_000);
}

/** The instant (ISO, UTC) of a store-local wall-clock date and time. */
export function localInstant(timeZone: string, date: string, time: string): string {
  const wall = Date.parse(`${date}T${time}Z`);
  let utc = wall - offsetMinutes(timeZone, wall) * 60_000;
  utc = wall - offsetMinutes(timeZone, utc) * 60_000;
  return new Date(utc).toISOString();
}

/** The store-local calendar date of an instant. */
export function localDateOf(timeZone: string, at: Date | string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const taxOf = (r: Json, code: string): number | undefined => (r.taxes as Array<{ code: string; amountCents: number }>).find((t) => t.code === code)?.amountCents;
export const taxCodes = (r: Json): string[] => (r.taxes as Array<{ code: string; amountCents: number }>).filter((t) => t.amountCents > 0).map((t) => t.code).sort();
export const codes = (r: Json): string[] => (r.violations as Array<{ code: string }>).map((v) => v.code);
export const rules = (r: Json): string[] => (r.violations as Array<{ rule: string }>).map((v) => v.rule);
/** The purchase-limit rules an answer breaks, sorted. */
export const limitRules = (r: Json): string[] => (r.violations as Array<{ code: string; rule: string }>).filter((v) => v.code === 'PURCHASE_LIMIT').map((v) => v.rule).sort();
