import type { Db } from '../../platform/unit-of-work';
import type { Logger } from '../../platform/logger';
import { dispatchDueDeliveries, type DispatcherOptions } from './delivery-dispatcher';
import type { Subscriber } from './event-types';

/** Keeps this process working the delivery queue: woken after publishing, and on a timer. */
export class DeliveryWorker {
  readonly subscribers = new Map<string, Subscriber>();
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(
    private readonly db: Db,
    private readonly options: DispatcherOptions,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  register(subscriber: Subscriber): void {
    if (this.subscribers.has(subscriber.name)) throw new Error(`Subscriber ${subscriber.name} is registered twice`);
    this.subscribers.set(subscriber.name, subscriber);
  }

  list(): Subscriber[] {
    return [...this.subscribers.values()];
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      void this.wake().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.pollMs);
      });
    };
    this.timer = setTimeout(tick, this.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while ((await dispatchDueDeliveries(this.db, this.subscribers, this.options)) > 0 && !this.stopped);
        } while (this.again && !this.stopped);
      } catch (error) {
        this.logger.error({ err: error }, 'delivery pass failed; retrying on the next tick');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}
