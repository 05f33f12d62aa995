import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFacilityDate, formatFacilityDateTime, formatRfc3339InZone, isFacilityLocalDateTime, parseFacilityDateTime, timeZoneOffsetMinutes } from './facility-time';

describe('formatFacilityDateTime', () => {
  it.each([
    ['2025-04-20T23:20:00Z', 'America/Los_Angeles', '2025-04-20T16:20:00'],
    ['2025-01-15T19:30:45Z', 'America/Denver', '2025-01-15T12:30:45'],
    ['2025-03-09T10:00:00Z', 'America/New_York', '2025-03-09T06:00:00'], // first hour of EDT
    ['2025-11-02T05:30:00Z', 'America/New_York', '2025-11-02T01:30:00'], // first 1:30 (EDT)
    ['2025-11-02T06:30:00Z', 'America/New_York', '2025-11-02T01:30:00'], // second 1:30 (EST)
    ['2025-06-01T00:00:00Z', 'Pacific/Guam', '2025-06-01T10:00:00'],
    ['2025-12-31T23:59:59Z', 'UTC', '2025-12-31T23:59:59'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(formatFacilityDateTime(instant, zone)).toBe(expected);
  });

  it('gives the facility-local date for adjustments', () => {
    expect(formatFacilityDate('2025-04-21T02:00:00Z', 'America/Los_Angeles')).toBe('2025-04-20');
  });

  it('refuses an unknown zone and a bad instant', () => {
    expect(() => formatFacilityDateTime(new Date(), 'America/Atlantis')).toThrow(RangeError);
    expect(() => formatFacilityDateTime('yesterday-ish', 'UTC')).toThrow(RangeError);
  });
});

describe('formatRfc3339InZone', () => {
  it('writes the offset with a colon', () => {
    expect(formatRfc3339InZone('2025-01-15T19:30:00Z', 'America/Denver')).toBe('2025-01-15T12:30:00-07:00');
    expect(formatRfc3339InZone('2025-07-15T19:30:00Z', 'Asia/Kolkata')).toBe('2025-07-16T01:00:00+05:30');
    expect(formatRfc3339InZone('2025-07-15T19:30:00Z', 'UTC')).toBe('2025-07-15T19:30:00+00:00');
  });
});

describe('parseFacilityDateTime', () => {
  it('inverts formatting across zones and DST changes (to the second)', () => {
    const zones = ['America/Los_Angeles', 'America/New_York', 'America/Denver', 'America/Chicago', 'Pacific/Guam', 'Europe/Berlin'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 }), fc.constantFrom(...zones), (seconds, zone) => {
        const instant = new Date(seconds * 1000);
        const local = formatFacilityDateTime(instant, zone);
        const back = parseFacilityDateTime(local, zone);
        // In the autumn overlap one wall time names two instants; the earlier one comes back.
        const ambiguous = timeZoneOffsetMinutes(seconds * 1000 - 3_600_000, zone) !== timeZoneOffsetMinutes(instant, zone);
        if (ambiguous) expect(formatFacilityDateTime(back, zone)).toBe(local);
        else expect(back.getTime()).toBe(instant.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('answers the earlier instant for a wall time of the autumn overlap', () => {
    expect(parseFacilityDateTime('2023-10-29T02:00:00', 'Europe/Berlin').toISOString()).toBe('2023-10-29T00:00:00.000Z');
    expect(parseFacilityDateTime('2023-11-05T01:30:00', 'America/Los_Angeles').toISOString()).toBe('2023-11-05T08:30:00.000Z');
    expect(parseFacilityDateTime('2023-11-05T00:30:00', 'America/Los_Angeles').toISOString()).toBe('2023-11-05T07:30:00.000Z');
  });

  it('recognises local forms and rejects offsets', () => {
    expect(isFacilityLocalDateTime('2025-04-20T16:20:00')).toBe(true);
    expect(isFacilityLocalDateTime('2025-04-20T16:20:00.000')).toBe(true);
    expect(isFacilityLocalDateTime('2025-04-20')).toBe(true);
    expect(isFacilityLocalDateTime('2025-04-20T16:20:00Z')).toBe(false);
    expect(isFacilityLocalDateTime('2025-04-20T16:20:00-07:00')).toBe(false);
  });
});
