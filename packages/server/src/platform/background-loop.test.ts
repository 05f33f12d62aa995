import { describe, expect, it } from 'vitest';
import { BackgroundLoop, backoffWithJitter } from './background-loop';

describe('background loop', () => {
  it('coalesces wake-ups during a pass into exactly one more pass', async () => {
    let passes = 0;
    let release!: () => void;
    const loop = new BackgroundLoop(
      async () => {
        passes++;
        if (passes === 1) await new Promise<void>((r) => (release = r));
      },
      { pollMs: 10_000, onError: () => undefined },
    );
    const first = loop.drain();
    await new Promise((r) => setTimeout(r, 5));
    void loop.drain();
    void loop.drain();
    void loop.drain();
    release();
    await first;
    expect(passes).toBe(2);
  });

  it('only wakes when started, reports errors instead of rejecting, and stops for good', async () => {
    const errors: unknown[] = [];
    let passes = 0;
    const loop = new BackgroundLoop(
      async () => {
        passes++;
        throw new Error('boom');
      },
      { pollMs: 10_000, onError: (error) => errors.push(error) },
    );
    await loop.wake();
    expect(passes).toBe(0);
    loop.start();
    await loop.wake();
    expect(passes).toBe(1);
    expect(errors).toHaveLength(1);
    await loop.stop();
    expect(loop.stopping).toBe(true);
    await loop.drain();
    expect(passes).toBe(1);
  });

  it('backs off exponentially with jitter in the upper half, capped', () => {
    expect(backoffWithJitter(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffWithJitter(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffWithJitter(4, 100, 10_000, () => 1)).toBe(800);
    expect(backoffWithJitter(30, 100, 10_000, () => 1)).toBe(10_000);
  });
});
