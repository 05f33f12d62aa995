/**
 * Client-side pacing of Metrc GETs. Metrc limits only GETs, per facility and per integrator
 * (vendor) key, both by rate and by concurrency. Writes are never paced here: they are rare, and
 * delaying a sale report to save a GET budget would be backwards.
 *
 * Defaults are the community SDK values (50/s per facility, 150/s per integrator, 10 and 30
 * concurrent), which track the lower later phases of Metrc's published ceilings (300/900).
 */
export interface GetRateLimits {
  perFacilityPerSecond: number;
  perIntegratorPerSecond: number;
  perFacilityConcurrent: number;
  perIntegratorConcurrent: number;
}

export const DEFAULT_GET_RATE_LIMITS: GetRateLimits = {
  perFacilityPerSecond: 50,
  perIntegratorPerSecond: 150,
  perFacilityConcurrent: 10,
  perIntegratorConcurrent: 30,
};

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Classic token bucket: `capacity` tokens, refilled continuously at `ratePerSecond`. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number = ratePerSecond,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0) || !(capacity >= 1)) throw new RangeError('TokenBucket needs a positive rate and capacity >= 1');
    this.tokens = capacity;
    this.updatedAt = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.updatedAt) / 1000) * this.ratePerSecond);
    this.updatedAt = t;
  }

  /** Milliseconds until a token is available (0 when one is there now). */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }

  /** Takes a token if one is there; otherwise returns how many ms until one will be. */
  tryTake(): { ok: true } | { ok: false; waitMs: number } {
    const waitMs = this.waitMs();
    if (waitMs > 0) return { ok: false, waitMs };
    this.tokens -= 1;
    return { ok: true };
  }

  available(): number {
    this.refill();
    return this.tokens;
  }
}

/** Counting semaphore with FIFO waiters. */
export class Semaphore {
  private inUse = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.inUse < this.limit) {
      this.inUse++;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    // Hand the slot straight to the next waiter so a newcomer cannot overtake it.
    if (next !== undefined) next();
    else this.inUse = Math.max(0, this.inUse - 1);
  }

  get active(): number {
    return this.inUse;
  }
}

/**
 * The burst the client allows itself: half a second's worth. Metrc counts a GET when it arrives,
 * not when it left, so a client that spent a whole second's burst and then paced at exactly the
 * limit would leave Metrc's bucket empty, and the first GET to arrive a few ms early would be
 * answered 429. Half the burst keeps half a second of slack for that jitter; the sustained rate
 * is unchanged.
 */
function burstFor(ratePerSecond: number): number {
  return Math.max(1, Math.floor(ratePerSecond / 2));
}

interface FacilityLane {
  bucket: TokenBucket;
  slots: Semaphore;
}

/**
 * One limiter per integrator (vendor) key. Share one instance between every client built with
 * the same vendor key in a process, so the integrator budget is counted once.
 */
export class MetrcRateLimiter {
  readonly limits: GetRateLimits;
  private readonly integratorBucket: TokenBucket;
  private readonly integratorSlots: Semaphore;
  private readonly facilities = new Map<string, FacilityLane>();

  constructor(limits: Partial<GetRateLimits> = {}, private readonly clock: Clock = systemClock) {
    this.limits = { ...DEFAULT_GET_RATE_LIMITS, ...limits };
    this.integratorBucket = new TokenBucket(this.limits.perIntegratorPerSecond, burstFor(this.limits.perIntegratorPerSecond), clock.now);
    this.integratorSlots = new Semaphore(this.limits.perIntegratorConcurrent);
  }

  private lane(facility: string): FacilityLane {
    let lane = this.facilities.get(facility);
    if (lane === undefined) {
      lane = {
        bucket: new TokenBucket(this.limits.perFacilityPerSecond, burstFor(this.limits.perFacilityPerSecond), this.clock.now),
        slots: new Semaphore(this.limits.perFacilityConcurrent),
      };
      this.facilities.set(facility, lane);
    }
    return lane;
  }

  /**
   * Waits for a rate token and a concurrency slot on both the facility and the integrator, and
   * returns the function that gives the slots back. Calls without a licence (reference data)
   * count against the integrator only.
   */
  async acquire(facility: string | undefined): Promise<() => void> {
    const lane = facility === undefined ? undefined : this.lane(facility);
    // Slots in a fixed order (facility, then integrator) so two callers cannot deadlock.
    await lane?.slots.acquire();
    await this.integratorSlots.acquire();
    try {
      // Take both tokens at once or neither, so a wait on one bucket does not burn the other.
      for (;;) {
        const waitMs = Math.max(lane?.bucket.waitMs() ?? 0, this.integratorBucket.waitMs());
        if (waitMs === 0) {
          lane?.bucket.tryTake();
          this.integratorBucket.tryTake();
          break;
        }
        await this.clock.sleep(waitMs);
      }
    } catch (err) {
      this.integratorSlots.release();
      lane?.slots.release();
      throw err;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.integratorSlots.release();
      lane?.slots.release();
    };
  }
}
