import { describe, expect, it } from 'vitest';
import { MetrcRateLimiter, Semaphore, TokenBucket, type Clock } from './rate-limiter';

/** A clock that only moves when someone sleeps, so tests are exact and instant. */
function fakeClock(): Clock & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
  };
}

describe('TokenBucket', () => {
  it('allows a burst of capacity, then one token per 1/rate seconds', () => {
    let t = 0;
    const bucket = new TokenBucket(10, 10, () => t);
    for (let i = 0; i < 10; i++) expect(bucket.tryTake().ok).toBe(true);
    expect(bucket.tryTake()).toEqual({ ok: false, waitMs: 100 });
    t += 100;
    expect(bucket.tryTake().ok).toBe(true);
  });
});

describe('Semaphore', () => {
  it('hands slots over in FIFO order', async () => {
    const s = new Semaphore(1);
    await s.acquire();
    const order: number[] = [];
    const a = s.acquire().then(() => order.push(1));
    const b = s.acquire().then(() => order.push(2));
    s.release();
    await a;
    s.release();
    await b;
    expect(order).toEqual([1, 2]);
  });
});

describe('MetrcRateLimiter', () => {
  it('paces GETs at the per-facility rate', async () => {
    const clock = fakeClock();
    const limiter = new MetrcRateLimiter({ perFacilityPerSecond: 5, perIntegratorPerSecond: 100 }, clock);
    for (let i = 0; i < 10; i++) (await limiter.acquire('LIC-1'))();
    // 2 from the burst (half a second's worth), then 8 more at 200 ms each.
    expect(clock.now()).toBe(1600);
  });

  it('counts every facility against the integrator budget', async () => {
    const clock = fakeClock();
    const limiter = new MetrcRateLimiter({ perFacilityPerSecond: 100, perIntegratorPerSecond: 4 }, clock);
    for (const lic of ['A', 'B', 'C', 'D', 'E', 'F']) (await limiter.acquire(lic))();
    // 2 from the integrator's burst, then 4 more at 250 ms each.
    expect(clock.now()).toBe(1000);
  });

  it('leaves Metrc slack for arrival jitter: a server bucket at the same limit refuses no paced GET', async () => {
    const clock = fakeClock();
    const limiter = new MetrcRateLimiter({}, clock);
    // Metrc's side: the same 50 GETs a second per facility as a full token bucket, each GET
    // reaching it 0 to 15 ms after it left, in order.
    let arrival = 0;
    const metrc = new TokenBucket(50, 50, () => arrival);
    let refused = 0;
    for (let i = 0; i < 300; i++) {
      (await limiter.acquire('LIC-1'))();
      arrival = Math.max(arrival, clock.now() + ((i * 7) % 16));
      if (!metrc.tryTake().ok) refused++;
    }
    expect(refused).toBe(0);
  });

  it('caps concurrent GETs per facility', async () => {
    const limiter = new MetrcRateLimiter({ perFacilityConcurrent: 2, perFacilityPerSecond: 1000, perIntegratorPerSecond: 1000 });
    const r1 = await limiter.acquire('A');
    await limiter.acquire('A');
    let third = false;
    const pending = limiter.acquire('A').then((release) => {
      third = true;
      return release;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(third).toBe(false);
    r1();
    (await pending)();
    expect(third).toBe(true);
  });
});
