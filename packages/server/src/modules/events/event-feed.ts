import { BackgroundLoop } from '../../platform/background-loop';
import type { Db } from '../../platform/unit-of-work';
import { toPublishedEvent, type PublishedEvent } from './event-types';

type Listener = (event: PublishedEvent) => void;

/**
 * This process's view of the published event stream. It follows published_seq, woken by the
 * local sequencer and by NOTIFY from other processes, and hands each event to the SSE clients
 * connected here. The outbox table is the source; notifications are only a hint to look.
 */
export class EventFeed {
  private cursor = 0;
  private readonly listeners = new Set<Listener>();
  // Woken, never on a timer: the sequencer and NOTIFY say when there is something to read.
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly db: Db,
    onError: (error: unknown) => void = () => undefined,
  ) {
    this.loop = new BackgroundLoop(() => this.drain(), { pollMs: 0, onError });
  }

  /** Stops following the stream; waits for a read under way. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  async start(): Promise<void> {
    const row = await this.db
      .selectFrom('outbox_event')
      .select((eb) => eb.fn.max('published_seq').as('max'))
      .executeTakeFirst();
    this.cursor = Number(row?.max ?? 0);
  }

  get position(): number {
    return this.cursor;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get clientCount(): number {
    return this.listeners.size;
  }

  /** Reads what was published since the cursor; coalesces wake-ups that arrive while reading. Never rejects. */
  wake(): Promise<void> {
    return this.loop.drain();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await this.db
        .selectFrom('outbox_event')
        .selectAll()
        .where('published_seq', '>', this.cursor)
        .orderBy('published_seq')
        .limit(500)
        .execute();
      for (const row of rows) {
        const event = toPublishedEvent(row);
        this.cursor = event.seq;
        for (const listener of this.listeners) listener(event);
      }
      if (rows.length < 500) return;
    }
  }

  /** Events after `afterSeq` (for a client resuming with Last-Event-ID), oldest first. */
  async replay(afterSeq: number, untilSeq: number, organizationId: string | null): Promise<PublishedEvent[]> {
    let query = this.db
      .selectFrom('outbox_event')
      .selectAll()
      .where('published_seq', '>', afterSeq)
      .where('published_seq', '<=', untilSeq)
      .orderBy('published_seq')
      .limit(10_000);
    if (organizationId) query = query.where('organization_id', '=', organizationId);
    return (await query.execute()).map(toPublishedEvent);
  }
}
