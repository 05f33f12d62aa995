import { mkdirSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ListenerConnection, type ListenerStatus, type ListenOptions } from './listener-connection';
import type { DB } from './schema';

export type { ListenerStatus, ListenOptions } from './listener-connection';

// int8 (bigserial ids, sequence numbers, counts) as JS numbers: every value Verdant keeps in
// int8 stays far below 2^53. numeric stays a string; money is integer cents, never numeric.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  db: Kysely<DB>;
  pool: pg.Pool;
  /**
   * Subscribe to a notification channel: NOTIFY across processes on PostgreSQL, in-process on
   * PGlite. On PostgreSQL a lost connection is re-established and `onReconnect` called, since
   * notifications sent meanwhile are lost (see ListenerConnection); PGlite never calls it.
   */
  listen(channel: string, onMessage: (payload: string) => void, options?: ListenOptions): Promise<() => Promise<void>>;
  /** Whether notifications are arriving (always, on PGlite), for metrics. */
  listenerStatus(): ListenerStatus;
  /** Send a notification outside any transaction. */
  notify(channel: string, payload: string): Promise<void>;
  /** The embedded database's whole data folder as a tar, taken between two statements (PGlite only). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent, the embedded PGlite database is used. */
  url?: string;
  /** PGlite data folder; 'memory://' keeps it in memory. */
  dataDir?: string;
  poolMax?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolMax ?? 10) : openPglite(options.dataDir ?? './data');
}

/**
 * Server-side prepared statements for the statements this process runs again and again.
 *
 * PostgreSQL parses, analyzes and plans every unnamed statement; for Verdant's larger CTE
 * statements (checkout, stock) that costs more CPU than executing them. A parameterized text
 * seen a second time gets a name, so each connection prepares it once and then only binds and
 * executes (PostgreSQL switches to a generic plan after five runs when that is not costlier).
 * The names are bounded (texts built with a variable number of placeholders would otherwise
 * grow the set without end): past the bound, new texts run unnamed as before.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  private seen = new Set<string>();
  constructor(
    private readonly maxNames = 500,
    private readonly maxTextLength = 20_000,
  ) {}

  nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    if (this.names.size >= this.maxNames || text.length > this.maxTextLength) return undefined;
    if (!this.seen.has(text)) {
      if (this.seen.size >= 5_000) this.seen = new Set();
      this.seen.add(text);
      return undefined;
    }
    this.seen.delete(text);
    const name = `verdant_${this.names.size + 1}`;
    this.names.set(text, name);
    return name;
  }
}

/** A pg client class whose parameterized queries use the shared statement names. */
export function preparingClient(names: StatementNames): typeof pg.Client {
  return class PreparingClient extends pg.Client {
    override query(...args: unknown[]): never {
      const [text, values] = args;
      if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && args.length === 2) {
        const name = names.nameFor(text);
        if (name) return (super.query as (...a: unknown[]) => never)({ name, text, values });
      }
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  } as unknown as typeof pg.Client;
}

async function openPostgres(url: string, poolMax: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: 10_000,
    Client: preparingClient(new StatementNames()),
  });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // One connection LISTENs for every subscription of this process, and comes back when it drops.
  const listener = new ListenerConnection({ url });
  return {
    kind: 'postgres',
    db,
    pool,
    listen: (channel, onMessage, options) => listener.listen(channel, onMessage, options),
    listenerStatus: () => listener.status(),
    async notify(channel, payload) {
      await sql`select pg_notify(${channel}, ${payload})`.execute(db);
    },
    async close() {
      await listener.close();
      await db.destroy();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  // PGlite is one session: a pool of one makes every Kysely transaction hold it exclusively.
  // The session outlives any pool client: a client is never closed for being idle, and a new one
  // (after an error) drops the prepared statements a previous client left in the session, since
  // it does not know their names (see StatementNames).
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0, Client: preparingClient(new StatementNames()) } as pg.PoolConfig);
  pool.on('connect', (client) => {
    client.query('deallocate all').catch(() => undefined);
  });
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // One process owns an embedded database, so notifications never need to leave it.
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  return {
    kind: 'pglite',
    db,
    pool,
    async listen(channel, onMessage) {
      bus.on(channel, onMessage);
      return async () => {
        bus.off(channel, onMessage);
      };
    },
    listenerStatus: () => ({ connected: true, reconnects: 0 }),
    async notify(channel, payload) {
      bus.emit(channel, payload);
    },
    // Uncompressed: the database waits only for the copy, not for gzip.
    dumpDataDir: () => pglite.dumpDataDir('none'),
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
