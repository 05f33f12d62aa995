// Day of week and minute of day in the store's timezone. Promotions ("Happy hour 4–6 pm",
// "Wax Wednesday") are written in store-local time, while carts carry instants.
import { WEEKDAYS, type Weekday } from './promotion-schema.ts';

export interface StoreClock {
  weekday: Weekday;
  /** Minutes since local midnight. */
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The clock read last for each timezone, by UTC minute. formatToParts is the costly part of
 * pricing a sale's promotions, and every sale in the same minute reads the same clock: once
 * every zone's UTC offset is a whole number of minutes (from 1973 on; Monrovia's -0:44:30 was
 * the last exception), an instant's local weekday and minute depend only on its UTC minute.
 */
const lastRead = new Map<string, { utcMinute: number; clock: StoreClock }>();
const WHOLE_MINUTE_OFFSETS_FROM = Date.UTC(1973, 0, 1);

/** Throws a RangeError for an unknown timezone, like Intl does. */
export function storeClock(epochMs: number, timeZone: string): StoreClock {
  const utcMinute = Math.floor(epochMs / 60_000);
  const last = lastRead.get(timeZone);
  if (last && last.utcMinute === utcMinute) return { ...last.clock };
  const clock = readClock(epochMs, timeZone);
  if (epochMs >= WHOLE_MINUTE_OFFSETS_FROM) lastRead.set(timeZone, { utcMinute, clock: { ...clock } });
  return clock;
}

function readClock(epochMs: number, timeZone: string): StoreClock {
  let weekday: Weekday = 'sun';
  let hour = 0;
  let minute = 0;
  for (const part of formatter(timeZone).formatToParts(epochMs)) {
    if (part.type === 'weekday') weekday = part.value.slice(0, 3).toLowerCase() as Weekday;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday, minute: hour * 60 + minute };
}

export function previousWeekday(day: Weekday): Weekday {
  return WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7];
}

export function clockMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
