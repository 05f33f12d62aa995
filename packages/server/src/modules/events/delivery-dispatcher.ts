import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/schema';
import { backoffWithJitter } from '../../platform/background-loop';
import type { Db } from '../../platform/unit-of-work';
import { toPublishedEvent, type Subscriber } from './event-types';

export interface DispatcherOptions {
  maxAttempts: number;
  /** First retry delay; doubles each attempt, with jitter, capped at maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** How long a claimed delivery stays ours before another worker may take it over. */
  leaseMs: number;
  batchSize: number;
}

export const defaultDispatcherOptions: DispatcherOptions = {
  maxAttempts: 8,
  baseBackoffMs: 1000,
  maxBackoffMs: 10 * 60_000,
  leaseMs: 30_000,
  batchSize: 50,
};

export function backoffMs(attempt: number, options: DispatcherOptions, random = Math.random): number {
  return backoffWithJitter(attempt, options.baseBackoffMs, options.maxBackoffMs, random);
}

/**
 * Claims due deliveries with FOR UPDATE SKIP LOCKED, so any number of processes can work the same
 * queue, runs the subscriber's handler outside the claim transaction, and records the outcome.
 * Returns how many deliveries it worked.
 */
export async function dispatchDueDeliveries(
  db: Db,
  subscribers: ReadonlyMap<string, Subscriber>,
  options: DispatcherOptions,
): Promise<number> {
  const names = [...subscribers.keys()];
  if (names.length === 0) return 0;
  const claimedAt = performance.now();
  const claimed = await sql<{
    id: number;
    subscriber: string;
    attempts: number;
    event_id: number;
  }>`
    update outbox_delivery d
    set status = 'processing', attempts = d.attempts + 1,
        locked_until = clock_timestamp() + make_interval(secs => ${options.leaseMs / 1000}),
        updated_at = clock_timestamp()
    where d.id in (
      select id from outbox_delivery
      where subscriber = any(${names}::text[])
        and ((status = 'pending' and next_attempt_at <= clock_timestamp())
          or (status = 'processing' and locked_until < clock_timestamp()))
      order by id
      limit ${options.batchSize}
      for update skip locked)
    returning d.id, d.subscriber, d.attempts, d.event_id`.execute(db);
  if (claimed.rows.length === 0) return 0;

  const events = await db
    .selectFrom('outbox_event')
    .selectAll()
    .where(
      'id',
      'in',
      claimed.rows.map((row) => row.event_id),
    )
    .execute();
  const eventsById = new Map(events.map((event) => [event.id, toPublishedEvent(event)]));

  // In event order per subscriber, so a subscriber sees one aggregate's changes in order.
  claimed.rows.sort((a, b) => a.event_id - b.event_id);
  for (const delivery of claimed.rows) {
    // The whole batch was claimed for one lease, and handlers run one after another: past half
    // the lease, renew this delivery's claim before handling it, and leave it alone when another
    // worker has already taken it over (its lease ran out while earlier ones were handled).
    if (performance.now() - claimedAt > options.leaseMs / 2 && !(await renewClaim(db, delivery, options))) continue;
    const subscriber = subscribers.get(delivery.subscriber);
    const event = eventsById.get(delivery.event_id);
    let error: string | null = null;
    try {
      if (!subscriber || !event) throw new Error('subscriber or event vanished');
      await subscriber.handle(event);
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    if (error === null) {
      await db
        .updateTable('outbox_delivery')
        .set({ status: 'done', locked_until: null, last_error: null, updated_at: new Date() })
        .where('id', '=', delivery.id)
        .where((eb) => ourClaim(eb, delivery))
        .execute();
    } else if (delivery.attempts >= options.maxAttempts) {
      await db
        .updateTable('outbox_delivery')
        .set({ status: 'dead', locked_until: null, last_error: error.slice(0, 2000), updated_at: new Date() })
        .where('id', '=', delivery.id)
        .where((eb) => ourClaim(eb, delivery))
        .execute();
    } else {
      await db
        .updateTable('outbox_delivery')
        .set({
          status: 'pending',
          locked_until: null,
          last_error: error.slice(0, 2000),
          next_attempt_at: new Date(Date.now() + backoffMs(delivery.attempts, options)),
          updated_at: new Date(),
        })
        .where('id', '=', delivery.id)
        .where((eb) => ourClaim(eb, delivery))
        .execute();
    }
  }
  return claimed.rows.length;
}

/**
 * The delivery is still under this worker's claim: claiming counts an attempt, so a worker that
 * took it over after our lease ran out has moved `attempts` on. An outcome recorded without this
 * would overwrite the newer claim's (a delivery done by the other worker sent again, or
 * dead-lettered although it was delivered).
 */
function ourClaim(eb: ExpressionBuilder<DB, 'outbox_delivery'>, delivery: { attempts: number }) {
  return eb.and([eb('status', '=', 'processing'), eb('attempts', '=', delivery.attempts)]);
}

/** Extends this worker's lease on a delivery; false when the claim is no longer ours. */
async function renewClaim(db: Db, delivery: { id: number; attempts: number }, options: DispatcherOptions): Promise<boolean> {
  const renewed = await db
    .updateTable('outbox_delivery')
    .set({ locked_until: sql`clock_timestamp() + make_interval(secs => ${options.leaseMs / 1000})` })
    .where('id', '=', delivery.id)
    .where((eb) => ourClaim(eb, delivery))
    .returning('id')
    .executeTakeFirst();
  return renewed !== undefined;
}
