import type { Database } from '../db/database';
import { sql, type RawBuilder } from 'kysely';
import { AUDIT_SEAL_LOCK, planSeal, sealSql, unsealedAuditSql, type HashableRow } from '../modules/audit/audit-chain';
import { OUTBOX_PUBLISH_LOCK, publishSql, unpublishedSql } from '../modules/events/outbox-publisher';
import type { Subscriber } from '../modules/events/event-types';
import { BackgroundLoop } from './background-loop';
import type { Logger } from './logger';

export const PUBLISHED_CHANNEL = 'verdant_published';
const BATCH = 1000;

/**
 * Runs right after local commits (and on a timer, for work another process left behind): seals
 * audit rows into the hash chain and publishes outbox events, then tells every process's event
 * feed to look. Wake-ups that arrive while it runs are coalesced into one more pass.
 */
export class Sequencer {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly database: Database,
    private readonly subscribers: () => readonly Subscriber[],
    logger: Logger,
    pollMs: number,
  ) {
    this.loop = new BackgroundLoop(() => this.pass(), {
      pollMs,
      onError: (error) => logger.error({ err: error }, 'sequencer pass failed; retrying on the next tick'),
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Seals and publishes now, whether or not the timer runs (after a commit, in tests, in the CLI). */
  wake(): Promise<void> {
    return this.loop.drain();
  }

  private async pass(): Promise<void> {
    for (;;) {
      const { sealed, published, lastSeq } = await this.batch(BATCH);
      // On PostgreSQL the NOTIFY went out with the commit; PGlite's bus is in-process.
      if (published > 0 && this.database.kind !== 'postgres') await this.database.notify(PUBLISHED_CHANNEL, String(lastSeq));
      if (sealed < BATCH && published < BATCH) return;
    }
  }

  /**
   * One transaction, three statements: take both sequencer locks (and ask for generic plans); read both heads with the
   * unsealed audit rows and unpublished events; seal + publish + fan out + NOTIFY in one
   * data-modifying statement. The locks serialize sequencers of every process, and the read runs
   * after they are held, so it sees everything the previous holder wrote.
   */
  private async batch(limit: number): Promise<{ sealed: number; published: number; lastSeq: number }> {
    const subscribers = this.subscribers();
    const postgres = this.database.kind === 'postgres';
    return this.database.db.transaction().execute(async (trx) => {
      // Generic plans for this transaction's statements: the seal's shape is always the same, and
      // planning it afresh each pass (the custom-plan default) cost more than running it.
      await sql`select set_config('plan_cache_mode', 'force_generic_plan', true), pg_advisory_xact_lock(${AUDIT_SEAL_LOCK}), pg_advisory_xact_lock(${OUTBOX_PUBLISH_LOCK})`.execute(trx);
      const read = await sql<{ audit_seq: number; audit_hash: string | null; outbox_seq: number; audit: HashableRow[]; events: Array<[number, string]> }>`
        select a.last_seq as audit_seq, a.last_hash as audit_hash, o.last_seq as outbox_seq,
               ${unsealedAuditSql(limit)} as audit, ${unpublishedSql(limit)} as events
          from sequencer_state a, sequencer_state o
         where a.name = 'audit' and o.name = 'outbox'`.execute(trx);
      const head = read.rows[0];
      if (!head) throw new Error('sequencer_state is missing its audit/outbox rows');
      const parts: RawBuilder<unknown>[] = [];
      if (head.audit.length > 0) parts.push(sealSql(planSeal(head.audit, { lastSeq: Number(head.audit_seq), lastHash: head.audit_hash })));
      let lastSeq = Number(head.outbox_seq);
      if (head.events.length > 0) {
        const publish = publishSql(head.events.map(([id, type]) => ({ id: Number(id), type })), subscribers, lastSeq);
        parts.push(publish.sql);
        lastSeq = publish.lastSeq;
      }
      if (parts.length > 0) {
        const notify = postgres && head.events.length > 0 ? sql`pg_notify(${PUBLISHED_CHANNEL}, ${String(lastSeq)})` : sql`1`;
        await sql`with ${sql.join(parts, sql`, `)} select ${notify}`.execute(trx);
      }
      return { sealed: head.audit.length, published: head.events.length, lastSeq };
    });
  }
}
