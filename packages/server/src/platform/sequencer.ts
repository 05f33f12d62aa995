import type { Database } from '../db/database';
import { sealAuditBatch } from '../modules/audit/audit-chain';
import { publishOutboxBatch } from '../modules/events/outbox-publisher';
import type { Subscriber } from '../modules/events/event-types';
import type { Logger } from './logger';

export const PUBLISHED_CHANNEL = 'verdant_published';

/**
 * Runs right after local commits (and on a timer, for work another process left behind): seals
 * audit rows into the hash chain and publishes outbox events, then tells every process's event
 * feed to look. Wake-ups that arrive while it runs are coalesced into one more pass.
 */
export class Sequencer {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly subscribers: () => readonly Subscriber[],
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

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
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again && !this.stopped);
      } catch (error) {
        this.logger.error({ err: error }, 'sequencer pass failed; retrying on the next tick');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async pass(): Promise<void> {
    const { db } = this.database;
    while ((await sealAuditBatch(db)) === 1000);
    let published: number | null = null;
    for (;;) {
      const last = await publishOutboxBatch(db, this.subscribers());
      if (last === null) break;
      published = last;
    }
    if (published !== null) await this.database.notify(PUBLISHED_CHANNEL, String(published));
  }
}
