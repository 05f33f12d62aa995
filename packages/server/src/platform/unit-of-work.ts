import type { Kysely, Transaction } from 'kysely';
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

/** Fired on the local process after a transaction that wrote audit rows or events commits. */
export type CommitSignal = (what: { audit: boolean; events: boolean }) => void;

/**
 * One business transaction: the changes, their audit rows and their outbox events commit or roll
 * back together. No network call may happen inside one (PGlite has one session; PostgreSQL row
 * locks would be held across it).
 */
export class UnitOfWork {
  private readonly afterCommitCallbacks: Array<() => void> = [];
  wroteAudit = false;
  wroteEvents = false;

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
    await this.trx
      .insertInto('audit_log')
      .values(
        entries.map((entry) => ({
          organization_id: actor.organizationId,
          store_id: entry.storeId ?? null,
          actor_type: actor.type,
          actor_id: actor.id,
          action: entry.action,
          entity_type: entry.entityType,
          entity_id: entry.entityId,
          before: entry.before === undefined ? null : JSON.stringify(entry.before),
          after: entry.after === undefined ? null : JSON.stringify(entry.after),
          reason: entry.reason ?? null,
          request_id: requestId,
        })),
      )
      .execute();
    this.wroteAudit = true;
  }

  async emit(event: DomainEvent): Promise<void> {
    await this.emitMany([event]);
  }

  async emitMany(events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.trx
      .insertInto('outbox_event')
      .values(
        events.map((event) => ({
          event_id: uuidv7(),
          type: event.type,
          organization_id: this.context.actor.organizationId,
          store_id: event.storeId ?? null,
          aggregate_type: event.aggregateType,
          aggregate_id: event.aggregateId,
          payload: JSON.stringify(event.payload),
        })),
      )
      .execute();
    this.wroteEvents = true;
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
    return work(uow);
  });
  if (uow) {
    uow.runAfterCommit();
    if (uow.wroteAudit || uow.wroteEvents) runner.onCommit({ audit: uow.wroteAudit, events: uow.wroteEvents });
  }
  return result;
}

export type Db = Kysely<DB>;
