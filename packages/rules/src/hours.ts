// Sale hours: the local clock in the store's timezone must fall in [open, close).
import type { HoursRule } from './pack-schema.ts';
import type { Violation } from './response-schema.ts';

function seconds(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60;
}

export function withinHours(rule: HoursRule, secondOfDay: number): boolean {
  const open = seconds(rule.open);
  const close = seconds(rule.close);
  // A window that crosses midnight (e.g. 08:00–02:00) is open outside [close, open).
  return open <= close ? secondOfDay >= open && secondOfDay < close : secondOfDay >= open || secondOfDay < close;
}

export function checkHours(rules: HoursRule[], secondOfDay: number, what: string, localTime: string): Violation | undefined {
  for (const rule of rules) {
    if (withinHours(rule, secondOfDay)) continue;
    return {
      code: 'OUTSIDE_SALE_HOURS',
      message: `${what} at ${localTime} local time is outside ${rule.open}–${rule.close}`,
      rule: rule.id,
      lines: [],
      overridable: rule.overridable,
      confidence: rule.confidence,
      source: rule.source,
    };
  }
  return undefined;
}

export function clock(secondOfDay: number): string {
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}
