// Store-local calendar arithmetic. Compliance days, sale hours and effective dates are all in the
// store's IANA timezone; requests carry instants with an offset. Intl is slow to call, so the UTC
// offset is cached per 15-minute bucket (every modern offset and DST switch falls on a quarter hour).

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();
const dayStartCache = new Map<string, number>();
const CACHE_LIMIT = 50_000;
const BUCKET_MS = 15 * 60_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (formatters.has(timeZone)) return true;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of local time from UTC in milliseconds at the given instant. */
export function offsetMs(timeZone: string, epochMs: number): number {
  const bucket = Math.floor(epochMs / BUCKET_MS);
  const key = timeZone + '|' + bucket;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const probe = bucket * BUCKET_MS;
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  for (const p of formatter(timeZone).formatToParts(probe)) {
    switch (p.type) {
      case 'year': y = Number(p.value); break;
      case 'month': mo = Number(p.value); break;
      case 'day': d = Number(p.value); break;
      case 'hour': h = Number(p.value); break;
      case 'minute': mi = Number(p.value); break;
      case 'second': s = Number(p.value); break;
    }
  }
  const off = Date.UTC(y, mo - 1, d, h, mi, s) - probe;
  if (offsetCache.size > CACHE_LIMIT) offsetCache.clear();
  offsetCache.set(key, off);
  return off;
}

export interface LocalMoment {
  /** YYYY-MM-DD in the store's timezone. */
  date: string;
  year: number;
  month: number;
  day: number;
  /** Seconds since local midnight. */
  secondOfDay: number;
}

export function toLocal(timeZone: string, epochMs: number): LocalMoment {
  const local = new Date(epochMs + offsetMs(timeZone, epochMs));
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const day = local.getUTCDate();
  return {
    date: isoDate(year, month, day),
    year,
    month,
    day,
    secondOfDay: local.getUTCHours() * 3600 + local.getUTCMinutes() * 60 + local.getUTCSeconds(),
  };
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/**
 * First instant of a local calendar day. Month/day may overflow (day 0, day 32): they are
 * normalised like Date.UTC does, which makes "N days before" arithmetic trivial.
 */
export function startOfLocalDay(timeZone: string, year: number, month: number, day: number): number {
  const midnight = Date.UTC(year, month - 1, day);
  const key = timeZone + '|' + midnight;
  const hit = dayStartCache.get(key);
  if (hit !== undefined) return hit;
  // Guess with the offset at local midnight read as UTC, then correct once for a DST change between.
  let t = midnight - offsetMs(timeZone, midnight);
  const off = offsetMs(timeZone, t);
  t = midnight - off;
  // Where midnight does not exist (a DST gap at 00:00), the day starts at the switch itself.
  if (offsetMs(timeZone, t) !== off) t = midnight - offsetMs(timeZone, t);
  if (dayStartCache.size > CACHE_LIMIT) dayStartCache.clear();
  dayStartCache.set(key, t);
  return t;
}

/** Whole years between a birth date and a local date; a 29 February birthday turns on 1 March. */
export function ageOn(birthDate: string, onDate: string): number {
  const by = Number(birthDate.slice(0, 4));
  const bmd = birthDate.slice(5);
  const y = Number(onDate.slice(0, 4));
  const md = onDate.slice(5);
  return y - by - (md < bmd ? 1 : 0);
}

