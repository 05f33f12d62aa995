import { sql } from 'kysely';
import type { Db } from '../../platform/unit-of-work';
import { typeMatches, type Subscriber } from './event-types';

const PUBLISH_LOCK = 727_003;

/**
 * Gives committed events their published sequence number (the order every process and every
 * SSE client agrees on) and fans them out into one delivery row per interested subscriber.
 * Returns the last sequence number published, or null if there was nothing to do.
 */
export async function publishOutboxBatch(
  db: Db,
  subscribers: readonly Subscriber[],
  limit = 1000,
): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${PUBLISH_LOCK})`.execute(trx);
    const rows = await trx
      .selectFrom('outbox_event')
      .select(['id', 'type'])
      .where('published_seq', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
    if (rows.length === 0) return null;
    const state = await trx
      .selectFrom('sequencer_state')
      .select('last_seq')
      .where('name', '=', 'outbox')
      .executeTakeFirstOrThrow();
    const ids = rows.map((row) => row.id);
    const seqs = rows.map((_, index) => state.last_seq + index + 1);
    const lastSeq = state.last_seq + rows.length;
    await sql`
      update outbox_event e
      set published_seq = u.seq, published_at = clock_timestamp()
      from (select unnest(${ids}::bigint[]) as id, unnest(${seqs}::bigint[]) as seq) u
      where e.id = u.id`.execute(trx);
    await trx.updateTable('sequencer_state').set({ last_seq: lastSeq }).where('name', '=', 'outbox').execute();

    const deliveries = rows.flatMap((row) =>
      subscribers
        .filter((subscriber) => typeMatches(subscriber.eventTypes, row.type))
        .map((subscriber) => ({ event_id: row.id, subscriber: subscriber.name })),
    );
    for (let i = 0; i < deliveries.length; i += 1000) {
      await trx
        .insertInto('outbox_delivery')
        .values(deliveries.slice(i, i + 1000))
        .onConflict((oc) => oc.columns(['subscriber', 'event_id']).doNothing())
        .execute();
    }
    return lastSeq;
  });
}
