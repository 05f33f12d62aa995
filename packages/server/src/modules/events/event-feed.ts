import { BackgroundLoop } from '../../platform/background-loop';
import type { Db } from '../../platform/unit-of-work';
import { toPublishedEvent, typeMatches, type PublishedEvent } from './event-types';

type Listener = (event: PublishedEvent) => void;

/** Events the feed reads at a time. */
const PAGE = 500;
/** Events a replay page holds at most (memory per resuming client). */
const REPLAY_PAGE = 500;
/** Sequence numbers a replay page looks at most (work per statement, however few events match). */
const REPLAY_SCAN = 10_000;

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
    this.cursor = await this.publishedHead();
  }

  /** The last sequence number published in the database (this feed may not have read it yet). */
  async publishedHead(): Promise<number> {
    const row = await this.db
      .selectFrom('outbox_event')
      .select((eb) => eb.fn.max('published_seq').as('max'))
      .executeTakeFirst();
    return Number(row?.max ?? 0);
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
      // The next page by its numbers: the sequencer numbers events one after another and none is
      // deleted, so (cursor, cursor + page] holds the next page. Bounded on both sides, the
      // statement keeps one generic plan; open-ended, PostgreSQL planned it afresh on every read.
      const rows = await this.db
        .selectFrom('outbox_event')
        .selectAll()
        .where('published_seq', '>', this.cursor)
        .where('published_seq', '<=', this.cursor + PAGE)
        .orderBy('published_seq')
        .execute();
      for (const row of rows) {
        const event = toPublishedEvent(row);
        this.cursor = event.seq;
        for (const listener of this.listeners) listener(event);
      }
      if (rows.length < PAGE) return;
    }
  }

  /**
   * One page of the events after `afterSeq` up to `untilSeq` that `filter` lets through, oldest
   * first (for a client resuming with Last-Event-ID), and the position the next page starts from
   * (`untilSeq` once there is no more). The filter is applied in SQL and a page looks at no more
   * than REPLAY_SCAN sequence numbers: a client resuming from far back (an anonymous menu with
   * lastEventId=0) costs statements of bounded work that return only what it is sent.
   */
  async replayPage(afterSeq: number, untilSeq: number, filter: EventFilter): Promise<{ events: PublishedEvent[]; cursor: number }> {
    const end = Math.min(untilSeq, afterSeq + REPLAY_SCAN);
    if (end <= afterSeq) return { events: [], cursor: afterSeq };
    const rows = await replayQuery(this.db, afterSeq, end, filter).execute();
    const events = rows.map(toPublishedEvent);
    return { events, cursor: events.length === REPLAY_PAGE ? events[events.length - 1].seq : end };
  }
}

/**
 * The statement of one replay page: the events in (afterSeq, end] that `filter` lets through,
 * oldest first, at most REPLAY_PAGE. A menu's filter (organization, store, one type) is served by
 * the index outbox_event_replay_idx (migration 0096), which reads only the store's events of that
 * type in the window instead of every event of the window.
 */
export function replayQuery(db: Db, afterSeq: number, end: number, filter: EventFilter) {
  let query = db
    .selectFrom('outbox_event')
    .selectAll()
    .where('published_seq', '>', afterSeq)
    .where('published_seq', '<=', end)
    .where('organization_id', '=', filter.organizationId);
  if (filter.storeId) query = query.where('store_id', '=', filter.storeId);
  const stores = filter.stores ? [...filter.stores] : null;
  if (stores) query = query.where((eb) => (stores.length > 0 ? eb.or([eb('store_id', 'is', null), eb('store_id', 'in', stores)]) : eb('store_id', 'is', null)));
  const types = [...new Set(filter.types ?? ['*'])];
  if (!types.includes('*')) {
    query = query.where((eb) =>
      eb.or(types.map((pattern) => (pattern.endsWith('*') ? eb.fn<boolean>('starts_with', ['type', eb.val(pattern.slice(0, -1))]) : eb('type', '=', pattern)))),
    );
  }
  return query.orderBy('published_seq').limit(REPLAY_PAGE);
}

/** Which events a stream client is sent: read in SQL by a replay, checked by `eventMatches` live. */
export interface EventFilter {
  organizationId: string;
  /** Only this store's events. */
  storeId?: string;
  /** A caller limited to these stores gets their events and the organization's events without a store; absent or null, every store's. */
  stores?: readonly string[] | null;
  /** Event types, a trailing `*` matching a prefix; absent, every type. */
  types?: readonly string[];
}

export function eventMatches(filter: EventFilter, event: PublishedEvent): boolean {
  return (
    event.organizationId === filter.organizationId &&
    (!filter.storeId || event.storeId === filter.storeId) &&
    (!filter.stores || event.storeId === null || filter.stores.includes(event.storeId)) &&
    typeMatches(filter.types ?? ['*'], event.type)
  );
}
