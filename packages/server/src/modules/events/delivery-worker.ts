import type { Db } from '../../platform/unit-of-work';
import { BackgroundLoop } from '../../platform/background-loop';
import type { Logger } from '../../platform/logger';
import { dispatchDueDeliveries, type DispatcherOptions } from './delivery-dispatcher';
import type { Subscriber } from './event-types';

/** Keeps this process working the delivery queue: woken after publishing, and on a timer. */
export class DeliveryWorker {
  readonly subscribers = new Map<string, Subscriber>();
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly db: Db,
    private readonly options: DispatcherOptions,
    logger: Logger,
    pollMs: number,
  ) {
    this.loop = new BackgroundLoop(
      async () => {
        while ((await dispatchDueDeliveries(this.db, this.subscribers, this.options)) > 0 && !this.loop.stopping);
      },
      { pollMs, onError: (error) => logger.error({ err: error }, 'delivery pass failed; retrying on the next tick') },
    );
  }

  register(subscriber: Subscriber): void {
    if (this.subscribers.has(subscriber.name)) throw new Error(`Subscriber ${subscriber.name} is registered twice`);
    this.subscribers.set(subscriber.name, subscriber);
  }

  list(): Subscriber[] {
    return [...this.subscribers.values()];
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  wake(): Promise<void> {
    return this.loop.wake();
  }
}
