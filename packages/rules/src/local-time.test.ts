import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidIsoDate, parseInstant } from './instant.ts';
import { ageOn, offsetMs, startOfLocalDay, toLocal } from './local-time.ts';

describe('store-local time', () => {
  it('finds local midnight across DST changes', () => {
    expect(new Date(startOfLocalDay('America/Los_Angeles', 2025, 3, 9)).toISOString()).toBe('2025-03-09T08:00:00.000Z'); // PST midnight
    expect(new Date(startOfLocalDay('America/Los_Angeles', 2025, 3, 10)).toISOString()).toBe('2025-03-10T07:00:00.000Z'); // PDT midnight
    expect(new Date(startOfLocalDay('America/Los_Angeles', 2025, 11, 2)).toISOString()).toBe('2025-11-02T07:00:00.000Z');
    expect(new Date(startOfLocalDay('America/Los_Angeles', 2025, 11, 3)).toISOString()).toBe('2025-11-03T08:00:00.000Z');
    expect(new Date(startOfLocalDay('America/Phoenix', 2025, 7, 1)).toISOString()).toBe('2025-07-01T07:00:00.000Z'); // no DST
  });

  it('normalises overflowing days and months (window arithmetic)', () => {
    expect(startOfLocalDay('America/Chicago', 2025, 11, 1 - 13)).toBe(startOfLocalDay('America/Chicago', 2025, 10, 19));
    expect(startOfLocalDay('America/Chicago', 2025, 13, 1)).toBe(startOfLocalDay('America/Chicago', 2026, 1, 1));
  });

  it('toLocal agrees with Intl for arbitrary instants and zones', () => {
    const zones = ['America/Los_Angeles', 'America/Denver', 'America/Phoenix', 'America/Chicago', 'America/New_York', 'America/Toronto', 'America/St_Johns'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2035, 0, 1) }), fc.constantFrom(...zones), (ms, tz) => {
        const parts = Object.fromEntries(
          new Intl.DateTimeFormat('en-CA', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
            .formatToParts(ms)
            .map((p) => [p.type, p.value]),
        );
        const local = toLocal(tz, ms);
        expect(local.date).toBe(`${parts.year}-${parts.month}-${parts.day}`);
        expect(local.secondOfDay).toBe(Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second));
      }),
      { numRuns: 500 },
    );
  });

  it('caches offsets per quarter hour without crossing a DST switch', () => {
    const switchAt = Date.UTC(2025, 2, 9, 10); // 02:00 PST → 03:00 PDT
    expect(offsetMs('America/Los_Angeles', switchAt - 1)).toBe(-8 * 3600_000);
    expect(offsetMs('America/Los_Angeles', switchAt)).toBe(-7 * 3600_000);
  });

  it('ageOn counts whole years; 29 February turns on 1 March', () => {
    expect(ageOn('2004-11-16', '2025-11-15')).toBe(20);
    expect(ageOn('2004-11-16', '2025-11-16')).toBe(21);
    expect(ageOn('2004-02-29', '2025-02-28')).toBe(20);
    expect(ageOn('2004-02-29', '2025-03-01')).toBe(21);
    expect(ageOn('2004-02-29', '2024-02-29')).toBe(20);
  });
});

describe('instant and date reading', () => {
  it('parseInstant equals Date.parse for every ISO string it accepts', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1, 0, 1), max: Date.UTC(9999, 11, 31) }), fc.integer({ min: -14 * 60, max: 14 * 60 }), (ms, offMin) => {
        const iso = new Date(ms).toISOString(); // Z form
        expect(parseInstant(iso)).toBe(ms);
        const local = new Date(ms + offMin * 60_000).toISOString().slice(0, 23);
        const sign = offMin < 0 ? '-' : '+';
        const a = Math.abs(offMin);
        const withOffset = `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
        expect(parseInstant(withOffset)).toBe(ms);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['2025-11-15T14:00-08:00', true],
    ['2025-11-15T14:00:00.123456789Z', true],
    ['2024-02-29T00:00:00Z', true],
    ['2025-02-29T00:00:00Z', false],
    ['2025-11-15T24:00:00Z', false],
    ['2025-11-15T14:00:00', false],
    ['2025-11-15 14:00:00Z', false],
    ['2025-11-15T14:00:00+0800', false],
    ['2025-11-15T14:00:00.Z', false],
  ])('%s accepted: %s', (s, ok) => {
    expect(Number.isNaN(parseInstant(s))).toBe(!ok);
  });

  it('isValidIsoDate checks the calendar', () => {
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2023-02-29')).toBe(false);
    expect(isValidIsoDate('2023-13-01')).toBe(false);
    expect(isValidIsoDate('2023-1-01')).toBe(false);
  });
});
