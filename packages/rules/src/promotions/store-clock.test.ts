// The store's clock is read once per timezone and UTC minute: the same answers as reading it every
// time, across minutes, days, zones with odd offsets and daylight-saving changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storeClock } from './store-clock.ts';

const ZONES = ['America/Los_Angeles', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Africa/Monrovia', 'UTC'];

/** The clock as Intl reads it, with no cache. */
function readDirectly(epochMs: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(new Date(epochMs));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return { weekday: part('weekday').toLowerCase().slice(0, 3), minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

describe('storeClock', () => {
  it('answers as Intl does for any instant, read in any order (1970–2100)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(...ZONES)), { minLength: 1, maxLength: 20 }), (reads) => {
        for (const [epochMs, zone] of reads) {
          expect(storeClock(epochMs, zone)).toEqual(readDirectly(epochMs, zone));
          // The same UTC minute again (its last millisecond), now answered from the last read.
          const sameMinute = Math.floor(epochMs / 60_000) * 60_000 + 59_999;
          expect(storeClock(sameMinute, zone)).toEqual(readDirectly(sameMinute, zone));
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('a caller changing the answer changes nothing for the next caller', () => {
    const at = Date.UTC(2026, 11, 7, 18, 30, 5);
    const first = storeClock(at, 'America/Los_Angeles');
    first.minute = 0;
    expect(storeClock(at + 1000, 'America/Los_Angeles')).toEqual({ weekday: 'mon', minute: 10 * 60 + 30 });
  });
});
