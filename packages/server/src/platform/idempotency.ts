import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { badRequest, conflict } from './errors';
import type { UnitOfWork } from './unit-of-work';

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/** A request's Idempotency-Key: who and which route it is scoped to, and what it hashes. */
export interface IdempotencyInput {
  scope: string;
  key: string | undefined;
  body: unknown;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');
}

/**
 * Runs `work` at most once per (scope, key). The key row is claimed inside the same transaction
 * as the work and holds the response, so a retry after a lost answer, or a duplicate sent at the
 * same moment (it waits on the key's unique index until the first commits), gets the stored
 * answer. The same key with a different body is a 409. If the work fails, the transaction and
 * the claim roll back together, so the client may retry.
 */
export async function runIdempotent<T>(
  uow: UnitOfWork,
  options: IdempotencyInput,
  work: () => Promise<{ status: number; body: T }>,
): Promise<StoredResponse<T>> {
  if (options.key === undefined) return { ...(await work()), replayed: false };
  if (!KEY_PATTERN.test(options.key)) {
    throw badRequest('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-200 visible ASCII characters.', {
      path: ['headers', 'idempotency-key'],
    });
  }
  const hash = requestHash(options.body);
  const claimed = await sql<{ scope: string }>`
    insert into idempotency_key (scope, key, request_hash, response_status)
    values (${options.scope}, ${options.key}, ${hash}, 0)
    on conflict do nothing
    returning scope`.execute(uow.trx);
  if (claimed.rows.length === 0) {
    const stored = await uow.trx
      .selectFrom('idempotency_key')
      .selectAll()
      .where('scope', '=', options.scope)
      .where('key', '=', options.key)
      .executeTakeFirstOrThrow();
    if (stored.request_hash !== hash) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used before with a different request body.', {
        key: options.key,
      });
    }
    return { status: stored.response_status, body: stored.response_body as T, replayed: true };
  }
  const result = await work();
  await uow.trx
    .updateTable('idempotency_key')
    .set({ response_status: result.status, response_body: JSON.stringify(result.body ?? null) })
    .where('scope', '=', options.scope)
    .where('key', '=', options.key)
    .execute();
  return { ...result, replayed: false };
}
