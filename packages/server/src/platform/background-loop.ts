/**
 * Runs a pass in the background: when woken, and on a timer for work nobody woke it for (a
 * crashed process's leftovers, a retry that came due). Wake-ups that arrive during a pass are
 * coalesced into exactly one more pass. A pass that throws is reported and tried again on the
 * next tick; the loop itself never rejects.
 */
export class BackgroundLoop {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private closed = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly options: { pollMs: number; onError: (error: unknown) => void },
  ) {}

  /** True once stop() was called: long passes check it to end early. */
  get stopping(): boolean {
    return this.closed;
  }

  start(): void {
    this.started = true;
    this.closed = false;
    const tick = () => {
      if (!this.started) return;
      void this.drain().finally(() => {
        if (this.started) this.timer = setTimeout(tick, this.options.pollMs);
      });
    };
    this.timer = setTimeout(tick, this.options.pollMs);
  }

  async stop(): Promise<void> {
    this.started = false;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Runs a pass soon if the loop was started; does nothing otherwise. */
  wake(): Promise<void> {
    return this.started ? this.drain() : Promise.resolve();
  }

  /** Runs passes now, started or not (tests drive workers by hand), until no wake-up is pending. */
  drain(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again && !this.closed);
      } catch (error) {
        this.options.onError(error);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}

/**
 * Exponential backoff with jitter in the upper half: retries of one failing endpoint spread out
 * without any of them coming early.
 */
export function backoffWithJitter(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + random() * 0.5));
}
