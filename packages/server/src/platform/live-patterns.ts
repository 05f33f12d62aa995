import type { Logger } from './logger';

/**
 * The event types an outbox subscriber asks for, kept in step with data (subscriptions, rules).
 * The publisher reads `patterns` each time it publishes, so narrowing it means events nobody
 * wants cost no delivery row. It starts as ['*'] and stays so until the first load succeeded:
 * at start-up we would rather fan out too much than lose an event. Other processes' changes are
 * picked up within one refresh interval; this process's own changes at once (call refresh()).
 */
export class LivePatterns {
  readonly patterns: string[] = ['*'];
  private timer: NodeJS.Timeout | null = null;
  private loading: Promise<void> | null = null;
  private followUp: Promise<void> | null = null;

  constructor(
    private readonly load: () => Promise<string[]>,
    private readonly everyMs: number,
    private readonly logger: Logger,
  ) {}

  /**
   * Loads the patterns again. A load already running may have read before the change that
   * prompted this call, so the call then waits for it and loads once more (calls during that
   * wait share the one follow-up load).
   */
  refresh(): Promise<void> {
    if (!this.loading) {
      this.loading = this.load()
        .then((next) => {
          this.patterns.splice(0, this.patterns.length, ...[...new Set(next)].sort());
        })
        .catch((error) => this.logger.warn({ err: error }, 'could not refresh subscriber event types; keeping the last ones'))
        .finally(() => {
          this.loading = null;
        });
      return this.loading;
    }
    this.followUp ??= this.loading.then(() => {
      this.followUp = null;
      return this.refresh();
    });
    return this.followUp;
  }

  start(): void {
    const tick = () => {
      void this.refresh().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, this.everyMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.followUp;
    await this.loading;
  }
}
