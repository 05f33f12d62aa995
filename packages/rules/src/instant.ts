// A strict, allocation-free reader for ISO-8601 instants with an offset
// (YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM)). History arrives as dozens of these per request;
// Date.parse plus a validating regex cost more than the rest of an evaluation.

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

export function validCalendarDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= DAYS_IN_MONTH[m] || (m === 2 && d === 29 && isLeapYear(y));
}

/** Two ASCII digits at `at` as a number, or -1. */
function d2(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function d4(s: string, at: number): number {
  const hi = d2(s, at);
  const lo = d2(s, at + 2);
  return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}

/** Epoch milliseconds, or NaN when the text is not such an instant on a real calendar day. */
export function parseInstant(s: string): number {
  const len = s.length;
  if (len < 17 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58) return NaN;
  const y = d4(s, 0);
  const mo = d2(s, 5);
  const d = d2(s, 8);
  const h = d2(s, 11);
  const mi = d2(s, 14);
  if (y < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || !validCalendarDay(y, mo, d)) return NaN;
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    sec = d2(s, i + 1);
    if (sec < 0 || sec > 59) return NaN;
    i += 3;
    if (s.charCodeAt(i) === 46) {
      let n = 0;
      i++;
      while (i < len) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        if (n < 3) ms = ms * 10 + c;
        n++;
        i++;
      }
      if (n === 0 || n > 9) return NaN;
      for (let k = n; k < 3; k++) ms *= 10;
    }
  }
  let offsetMin: number;
  const sign = s.charCodeAt(i);
  if (sign === 90 && i + 1 === len) offsetMin = 0;
  else if ((sign === 43 || sign === 45) && i + 6 === len && s.charCodeAt(i + 3) === 58) {
    const oh = d2(s, i + 1);
    const om = d2(s, i + 4);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
    offsetMin = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  } else return NaN;
  return (((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi - offsetMin) * 60 + sec) * 1000 + ms;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm; pure arithmetic). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function isValidIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const y = d4(s, 0);
  return y >= 0 && validCalendarDay(y, d2(s, 5), d2(s, 8));
}
