import { describe, expect, it } from 'vitest';
import { kindForStatus, parseRetryAfter, scrub } from './http-call';

describe('http-call helpers', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2025-04-20T16:20:00Z');
    expect(parseRetryAfter('Sun, 20 Apr 2025 16:20:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('maps statuses to kinds', () => {
    expect([400, 401, 403, 404, 405, 413, 429, 500, 503].map(kindForStatus)).toEqual([
      'invalid', 'unauthorized', 'forbidden', 'not_found', 'invalid', 'too_large', 'rate_limited', 'server', 'server',
    ]);
  });

  it('scrubs every secret, however often it appears, and ignores trivially short ones', () => {
    expect(scrub('key abcd1234 and abcd1234 again; x', ['abcd1234', 'x'])).toBe('key [redacted] and [redacted] again; x');
  });
});
