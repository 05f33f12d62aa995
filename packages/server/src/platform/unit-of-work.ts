import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../db/database';
import type { DB } from '../db/schema';
import type { RequestContext } from './context';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  storeId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export interface DomainEvent {
  /** Past tense, `<module>.<entity>.<verb>`, e.g. `inventory.availability.changed`. */
  type: string;
  aggregateType: string;
  aggregateId: string;
  storeId?: string | null;
  payload: Record<string, unknown>;
}

/** An event a committed transaction of this process wrote, before it is published (no sequence number yet). */
export interface CommittedEvent extends DomainEvent {
  organizationId: string | null;
}

/** Fired on the local process after a transaction that wrote audit rows or events commits. */
export type CommitSignal = (what: { audit: boolean; events: boolean; emitted: readonly CommittedEvent[] }) => void;

/**
 * One business transaction: the changes, their audit rows and their outbox events commit or roll
 * back together. No network call may happen inside one (PGlite has one session; PostgreSQL row
 * locks would be held across it).
 */
export class UnitOfWork {
  private readonly afterCommitCallbacks: Array<() => void> = [];
  // Audit rows and events are buffered and written in one statement just before COMMIT (or
  // folded into the caller's last statement with takePendingWrites): a sale that writes five
  // events and three audit rows pays one round trip for them, not eight.
  private pendingAudit: Array<Record<string, unknown>> = [];
  private pendingEvents: Array<Record<string, unknown>> = [];
  private pendingStatements = new Map<string, RawBuilder<unknown>>();
  wroteAudit = false;
  wroteEvents = false;
  /** The events this transaction wrote, for this process's own listeners once it commits. */
  readonly emitted: CommittedEvent[] = [];

  constructor(
    readonly trx: Transaction<DB>,
    readonly context: RequestContext,
  ) {}

  get actor() {
    return this.context.actor;
  }

  afterCommit(callback: () => void): void {
    this.afterCommitCallbacks.push(callback);
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.auditMany([entry]);
  }

  async auditMany(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const { actor, requestId } = this.context;
    for (const entry of entries) {
      this.pendingAudit.push({
        organization_id: actor.organizationId,
        store_id: entry.storeId ?? null,
        actor_type: actor.type,
        actor_id: actor.id,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId,
        before: entry.before === undefined ? null : entry.before,
        after: entry.after === undefined ? null : entry.after,
        reason: entry.reason ?? null,
        request_id: requestId,
      });
    }
    this.wroteAudit = true;
  }

  async emit(event: DomainEvent): Promise<void> {
    await this.emitMany([event]);
  }

  async emitMany(events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const event of events) {
      this.pendingEvents.push({
        event_id: uuidv7(),
        type: event.type,
        organization_id: this.context.actor.organizationId,
        store_id: event.storeId ?? null,
        aggregate_type: event.aggregateType,
        aggregate_id: event.aggregateId,
        payload: event.payload,
      });
      this.emitted.push({ ...event, organizationId: this.context.actor.organizationId });
    }
    this.wroteEvents = true;
  }

  /**
   * A write whose outcome the caller does not need to read: it runs with the buffered audit rows
   * and events, as the data-modifying CTE `name as (statement)` of the caller's last statement or
   * just before COMMIT. A later deferred write may read an earlier one's RETURNING by its name.
   * Its errors (a constraint) still roll the transaction back.
   */
  deferWrite(name: string, statement: RawBuilder<unknown>): void {
    if (!/^[a-z][a-z0-9_]*$/.test(name) || this.pendingStatements.has(name)) throw new Error(`deferWrite: bad or repeated name ${name}`);
    this.pendingStatements.set(name, statement);
  }

  /**
   * `prefix`, or `prefix_2`, `prefix_3`… when a deferred write of this transaction already uses it:
   * for a module that may defer the same kind of write twice. The statement's text (and so its
   * prepared plan) stays the same in the usual case of one.
   */
  deferredName(prefix: string): string {
    let name = prefix;
    for (let n = 2; this.pendingStatements.has(name); n++) name = `${prefix}_${n}`;
    return name;
  }

  /**
   * The buffered audit rows, events and deferred writes as data-modifying CTEs (`audit_w as (…),
   * outbox_w as (…)`, then each deferred write) for a caller's last statement, or null when nothing is pending. The buffer is emptied: the
   * caller must execute the statement (in this transaction) before committing.
   */
  takePendingWrites(): RawBuilder<unknown> | null {
    const parts: RawBuilder<unknown>[] = [];
    if (this.pendingAudit.length > 0) {
      parts.push(sql`audit_w as (
        insert into audit_log (organization_id, store_id, actor_type, actor_id, action, entity_type, entity_id, before, after, reason, request_id)
        select x.organization_id, x.store_id, x.actor_type, x.actor_id, x.action, x.entity_type, x.entity_id, x.before, x.after, x.reason, x.request_id
          from jsonb_to_recordset(${JSON.stringify(this.pendingAudit.map((row, n) => ({ ...row, n })))}::jsonb) as x(organization_id uuid, store_id uuid,
               actor_type text, actor_id text, action text, entity_type text, entity_id text, before jsonb, after jsonb, reason text, request_id text, n int)
         order by x.n
        returning 1)`);
    }
    if (this.pendingEvents.length > 0) {
      parts.push(sql`outbox_w as (
        insert into outbox_event (event_id, type, organization_id, store_id, aggregate_type, aggregate_id, payload)
        select x.event_id, x.type, x.organization_id, x.store_id, x.aggregate_type, x.aggregate_id, x.payload
          from jsonb_to_recordset(${JSON.stringify(this.pendingEvents.map((row, n) => ({ ...row, n })))}::jsonb) as x(event_id uuid, type text, organization_id uuid,
               store_id uuid, aggregate_type text, aggregate_id text, payload jsonb, n int)
         order by x.n
        returning 1)`);
    }
    for (const [name, statement] of this.pendingStatements) parts.push(sql`${sql.raw(name)} as (${statement})`);
    this.pendingAudit = [];
    this.pendingEvents = [];
    this.pendingStatements = new Map();
    return parts.length === 0 ? null : sql.join(parts, sql`, `);
  }

  /** Writes what is buffered (one statement). inTransaction calls it just before COMMIT. */
  async flush(): Promise<void> {
    const pending = this.takePendingWrites();
    if (pending) await sql`with ${pending} select 1`.execute(this.trx);
  }

  runAfterCommit(): void {
    for (const callback of this.afterCommitCallbacks) {
      try {
        callback();
      } catch {
        // An after-commit hook must never turn a committed change into an error for the caller.
      }
    }
  }
}

export interface TransactionRunner {
  database: Database;
  onCommit: CommitSignal;
}

export async function inTransaction<T>(
  runner: TransactionRunner,
  context: RequestContext,
  work: (uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  let uow: UnitOfWork | undefined;
  const result = await runner.database.db.transaction().execute(async (trx) => {
    uow = new UnitOfWork(trx, context);
    const result = await work(uow);
    await uow.flush();
    return result;
  });
  if (uow) {
    uow.runAfterCommit();
    if (uow.wroteAudit || uow.wroteEvents) runner.onCommit({ audit: uow.wroteAudit, events: uow.wroteEvents, emitted: uow.emitted });
  }
  return result;
}

export type Db = Kysely<DB>;
