/**
 * Metrc wants `SalesDateTime` in the facility's wall-clock time with no offset
 * ("2016-10-04T16:44:53"), not UTC. BioTrack v3 wants RFC 3339 with a colon in the offset
 * ("-06:00"; its Go parser rejects "-0600"). Both are derived here from one instant and the
 * facility's IANA time zone, using only Intl so no tz database ships with us.
 */

export type Instant = Date | string | number;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatterCache.get(timeZone);
  if (f === undefined) {
    // Throws RangeError for an unknown zone, which is what we want: a typo must not shift sales.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatterCache.set(timeZone, f);
  }
  return f;
}

export function toDate(instant: Instant): Date {
  const d = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a valid instant: ${String(instant)}`);
  return d;
}

function wallClock(instant: Instant, timeZone: string): WallClock {
  const parts = formatter(timeZone).formatToParts(toDate(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DDTHH:mm:ss` in the facility's zone: the Metrc `SalesDateTime` format. */
export function formatFacilityDateTime(instant: Instant, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** `YYYY-MM-DD` in the facility's zone: Metrc `AdjustmentDate`, receipt date filters. */
export function formatFacilityDate(instant: Instant, timeZone: string): string {
  return formatFacilityDateTime(instant, timeZone).slice(0, 10);
}

/** Offset of the zone from UTC at that instant, in minutes (e.g. -420 for PDT). */
export function timeZoneOffsetMinutes(instant: Instant, timeZone: string): number {
  const d = toDate(instant);
  const w = wallClock(d, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const truncated = Math.floor(d.getTime() / 1000) * 1000;
  return Math.round((asUtc - truncated) / 60_000);
}

/** RFC 3339 with the facility's offset, e.g. `2024-03-09T14:05:00-07:00` (BioTrack v3). */
export function formatRfc3339InZone(instant: Instant, timeZone: string): string {
  const offset = timeZoneOffsetMinutes(instant, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${formatFacilityDateTime(instant, timeZone)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/** True for `YYYY-MM-DD`, `YYYY-MM-DDTHH:mm[:ss[.fff]]` with no zone designator. */
export function isFacilityLocalDateTime(value: string): boolean {
  return LOCAL_PATTERN.test(value);
}

/**
 * The instant a facility-local wall-clock time denotes. In the autumn DST overlap the earlier
 * instant wins; a time skipped by the spring jump is moved forward by the gap, as clocks do.
 */
export function parseFacilityDateTime(local: string, timeZone: string): Date {
  const m = LOCAL_PATTERN.exec(local);
  if (m === null) throw new RangeError(`Not a facility-local date-time: ${local}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  // Two passes converge for every real zone: guess with the offset at the wall time read as UTC,
  // then correct with the offset at the guess. In the autumn overlap a wall time names two
  // instants and both passes can land on the later one, so the offsets from three hours either
  // side are tried too, and the earliest instant that shows this wall time is the answer. A wall
  // time in the spring gap names none: the later guess is kept, as before.
  const first = wall - timeZoneOffsetMinutes(wall, timeZone) * 60_000;
  const second = wall - timeZoneOffsetMinutes(first, timeZone) * 60_000;
  const around = [-3, 3].map((hours) => wall - timeZoneOffsetMinutes(wall + hours * 3_600_000, timeZone) * 60_000);
  const wanted = normaliseLocal(local);
  const matching = [first, second, ...around].filter((t) => formatFacilityDateTime(t, timeZone) === wanted);
  return new Date(matching.length > 0 ? Math.min(...matching) : Math.max(first, second));
}

/** Pads a short local form to `YYYY-MM-DDTHH:mm:ss` so strings compare in time order. */
export function normaliseLocal(local: string): string {
  const m = LOCAL_PATTERN.exec(local);
  if (m === null) throw new RangeError(`Not a facility-local date-time: ${local}`);
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}`;
}
