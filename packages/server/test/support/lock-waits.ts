// Race tests hold a lock from a connection of their own and start requests that must queue behind
// it. These say when they do: the backends of this database waiting on a lock, read from the
// holding connection (a waiting request's query text can lag; pg_blocking_pids does not).
import type pg from 'pg';

/**
 * A query of pg_stat_activity that sees the backends of now. The holder asks inside its open
 * transaction, where PostgreSQL keeps the list of backends it first read until the transaction
 * ends: a request on a pool connection opened after that read never showed, and a test waited for
 * a lock queue that had formed long before.
 */
export async function currentActivity(client: pg.Client, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  await client.query('select pg_stat_clear_snapshot()');
  return client.query(text, values);
}

/** How many backends of this database are waiting on a lock now. */
export async function blockedBackends(client: pg.Client): Promise<number> {
  const blocked = await currentActivity(client, 'select count(*)::int as n from pg_stat_activity where datname = current_database() and cardinality(pg_blocking_pids(pid)) > 0');
  return blocked.rows[0].n as number;
}

/** Waits (up to 10 s) until `check` holds; false when it never did. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  for (let waited = 0; waited < timeoutMs; waited += 20) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/**
 * Waits until at least `count` backends wait on a lock: up to 30 s, since a loaded CI machine can
 * take a while to bring a request from its start to its first locked write (it returns as soon as
 * they wait, so a longer bound costs nothing when all is well).
 */
export const waitUntilBlocked = (client: pg.Client, count: number) => waitUntil(async () => (await blockedBackends(client)) >= count, 30_000);
