import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/unit-of-work';

// The audit chain. Rows are inserted unsealed by the business transaction; sealAuditBatch gives
// them a chain position and a hash just after commit, in the order they became visible. One
// global chain, but sealing is not on any request's path, so it never serializes checkouts.

const SEAL_LOCK = 727_002;

export interface HashableRow {
  id: number;
  occurred_at: Date;
  organization_id: string | null;
  store_id: string | null;
  actor_type: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  request_id: string | null;
}

export function auditRowHash(row: HashableRow, chainSeq: number, prevHash: string | null): string {
  const canonical = JSON.stringify([
    chainSeq,
    prevHash,
    row.id,
    new Date(row.occurred_at).toISOString(),
    row.organization_id,
    row.store_id,
    row.actor_type,
    row.actor_id,
    row.action,
    row.entity_type,
    row.entity_id,
    row.before ?? null,
    row.after ?? null,
    row.reason,
    row.request_id,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Seals up to `limit` unsealed rows; returns how many. Safe to call from many processes. */
export async function sealAuditBatch(db: Db, limit = 1000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${SEAL_LOCK})`.execute(trx);
    const rows = await trx
      .selectFrom('audit_log')
      .selectAll()
      .where('chain_seq', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
    if (rows.length === 0) return 0;
    const state = await trx
      .selectFrom('sequencer_state')
      .select(['last_seq', 'last_hash'])
      .where('name', '=', 'audit')
      .executeTakeFirstOrThrow();
    let seq = state.last_seq;
    let prev = state.last_hash;
    const ids: number[] = [];
    const seqs: number[] = [];
    const prevs: Array<string | null> = [];
    const hashes: string[] = [];
    for (const row of rows) {
      seq += 1;
      const hash = auditRowHash(row as HashableRow, seq, prev);
      ids.push(row.id);
      seqs.push(seq);
      prevs.push(prev);
      hashes.push(hash);
      prev = hash;
    }
    await sql`
      update audit_log a
      set chain_seq = u.seq, prev_hash = u.prev, hash = u.hash
      from (select unnest(${ids}::bigint[]) as id, unnest(${seqs}::bigint[]) as seq,
                   unnest(${prevs}::text[]) as prev, unnest(${hashes}::text[]) as hash) u
      where a.id = u.id`.execute(trx);
    await trx
      .updateTable('sequencer_state')
      .set({ last_seq: seq, last_hash: prev })
      .where('name', '=', 'audit')
      .execute();
    return rows.length;
  });
}

// ---- statement builders for the sequencer's combined pass (platform/sequencer.ts) -------------
// The sequencer seals audit rows and publishes events in ONE transaction of three statements
// (lock, read, write); these give it the audit chain's part of the read and of the write.

/** A jsonb scalar: up to `limit` unsealed rows in id order, every column the hash covers. */
export function unsealedAuditSql(limit: number) {
  return sql`(select coalesce(jsonb_agg(to_jsonb(a) order by a.id), '[]'::jsonb)
       from (select id, occurred_at, organization_id, store_id, actor_type, actor_id, action, entity_type, entity_id,
                    before, after, reason, request_id
               from audit_log where chain_seq is null order by id limit ${limit}) a)`;
}

export interface SealPlan {
  ids: number[];
  seqs: number[];
  prevs: Array<string | null>;
  hashes: string[];
  lastSeq: number;
  lastHash: string | null;
}

/** Chain positions and hashes for rows read by unsealedAuditSql, after the stored head. */
export function planSeal(rows: HashableRow[], head: { lastSeq: number; lastHash: string | null }): SealPlan {
  let seq = head.lastSeq;
  let prev = head.lastHash;
  const plan: SealPlan = { ids: [], seqs: [], prevs: [], hashes: [], lastSeq: seq, lastHash: prev };
  for (const row of rows) {
    seq += 1;
    const hash = auditRowHash(row, seq, prev);
    plan.ids.push(Number(row.id));
    plan.seqs.push(seq);
    plan.prevs.push(prev);
    plan.hashes.push(hash);
    prev = hash;
  }
  plan.lastSeq = seq;
  plan.lastHash = prev;
  return plan;
}

/**
 * Data-modifying CTEs that apply a seal plan and move the chain head. `chain_seq is null` changes
 * nothing (the rows were read unsealed under the seal lock) but lets the plan find them through the
 * small partial index of unsealed rows: the sequencer's generic plan otherwise hash-joins against a
 * scan of the whole table while the table is small (one scan per pass on a young database).
 */
export function sealSql(plan: SealPlan) {
  return sql`seal_rows as (
      update audit_log a set chain_seq = u.seq, prev_hash = u.prev, hash = u.hash
        from (select unnest(${plan.ids}::bigint[]) as id, unnest(${plan.seqs}::bigint[]) as seq,
                     unnest(${plan.prevs}::text[]) as prev, unnest(${plan.hashes}::text[]) as hash) u
       where a.id = u.id and a.chain_seq is null
      returning 1),
    seal_head as (
      update sequencer_state set last_seq = ${plan.lastSeq}, last_hash = ${plan.lastHash} where name = 'audit'
      returning 1)`;
}

export const AUDIT_SEAL_LOCK = SEAL_LOCK;

export interface ChainBreak {
  auditId: number | null;
  chainSeq: number;
  problem: 'edited' | 'missing' | 'reordered' | 'tail_deleted';
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  unsealed: number;
  firstBreak: ChainBreak | null;
}

/** Walks the whole chain in order and names the first row that does not hold. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<VerifyResult> {
  // The head is read first and the walk stops at it: sequencers keep sealing while this runs, and
  // a head read after the walk (a later snapshot) would count rows sealed meanwhile as deleted.
  // Rows and head are moved in one transaction, so any head we see has all its rows visible.
  const state = await db
    .selectFrom('sequencer_state')
    .select(['last_seq', 'last_hash'])
    .where('name', '=', 'audit')
    .executeTakeFirstOrThrow();
  let expectedSeq = 1;
  let prevHash: string | null = null;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('chain_seq', '>=', expectedSeq)
      .where('chain_seq', '<=', state.last_seq)
      .orderBy('chain_seq')
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      const seq = row.chain_seq as number;
      if (seq !== expectedSeq) {
        return broken(checked, db, {
          auditId: row.id,
          chainSeq: expectedSeq,
          problem: 'missing',
          message: `Audit row at chain position ${expectedSeq} is missing (deleted); the chain resumes at position ${seq} (audit id ${row.id}).`,
        });
      }
      if (row.prev_hash !== prevHash) {
        return broken(checked, db, {
          auditId: row.id,
          chainSeq: seq,
          problem: 'reordered',
          message: `Audit row ${row.id} (chain position ${seq}) does not point at the row before it.`,
        });
      }
      const expected = auditRowHash(row as unknown as HashableRow, seq, prevHash);
      if (expected !== row.hash) {
        return broken(checked, db, {
          auditId: row.id,
          chainSeq: seq,
          problem: 'edited',
          message: `Audit row ${row.id} (chain position ${seq}) was changed after it was sealed.`,
        });
      }
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < pageSize) break;
  }
  if (state.last_seq !== expectedSeq - 1 || state.last_hash !== prevHash) {
    return broken(checked, db, {
      auditId: null,
      chainSeq: expectedSeq,
      problem: 'tail_deleted',
      message: `The chain ends at position ${expectedSeq - 1} but ${state.last_seq} rows were sealed: the last rows were deleted.`,
    });
  }
  return { ok: true, checked, unsealed: await countUnsealed(db), firstBreak: null };
}

async function broken(checked: number, db: Db, firstBreak: ChainBreak): Promise<VerifyResult> {
  return { ok: false, checked, unsealed: await countUnsealed(db), firstBreak };
}

async function countUnsealed(db: Db): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('chain_seq', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
