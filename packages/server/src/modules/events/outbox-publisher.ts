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

// ---- statement builders for the sequencer's combined pass (platform/sequencer.ts) -------------

export const OUTBOX_PUBLISH_LOCK = PUBLISH_LOCK;

/** A jsonb scalar: up to `limit` unpublished events in id order, as [id, type] pairs. */
export function unpublishedSql(limit: number) {
  return sql`(select coalesce(jsonb_agg(jsonb_build_array(e.id, e.type) order by e.id), '[]'::jsonb)
       from (select id, type from outbox_event where published_seq is null order by id limit ${limit}) e)`;
}

/**
 * Data-modifying CTEs that give events their published sequence numbers (after `lastSeq`), move
 * the outbox head and insert one delivery row per interested subscriber. `published_seq is null`
 * changes nothing (read under the publish lock) and lets the plan use the partial index of
 * unpublished events, as the seal does (audit-chain.ts).
 */
export function publishSql(events: Array<{ id: number; type: string }>, subscribers: readonly Subscriber[], headSeq: number) {
  const ids = events.map((e) => e.id);
  const seqs = events.map((_, index) => headSeq + index + 1);
  const deliveries = events.flatMap((e) => subscribers.filter((s) => typeMatches(s.eventTypes, e.type)).map((s) => [e.id, s.name] as const));
  return {
    lastSeq: headSeq + events.length,
    sql: sql`publish_rows as (
        update outbox_event e set published_seq = u.seq, published_at = clock_timestamp()
          from (select unnest(${ids}::bigint[]) as id, unnest(${seqs}::bigint[]) as seq) u
         where e.id = u.id and e.published_seq is null
        returning 1),
      publish_head as (
        update sequencer_state set last_seq = ${headSeq + events.length} where name = 'outbox'
        returning 1),
      publish_fanout as (
        insert into outbox_delivery (event_id, subscriber)
        select * from unnest(${deliveries.map((d) => d[0])}::bigint[], ${deliveries.map((d) => d[1])}::text[])
        on conflict (subscriber, event_id) do nothing
        returning 1)`,
  };
}
