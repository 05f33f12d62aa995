// Backups of the embedded database while the store stays open.
//
// With BACKUP_DIR set, the server writes the whole data folder (the database and, when the keys
// live there, DATA_DIR/verdant-secrets) as one gzipped tar at start and every
// BACKUP_EVERY_MINUTES, keeping the newest BACKUP_KEEP. A backup is taken between two statements
// (PGlite runs one at a time), so it is what a crash at that moment would have left: the
// database replays its log when the copy is opened, and a transaction open at that moment is
// simply not there. `verdant restore FILE` makes a new data folder from one.
//
// PostgreSQL is backed up with its own tools (see docs/operations.md).
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Database } from '../db/database';
import { BackgroundLoop } from './background-loop';
import type { Logger } from './logger';

const gzipped = promisify(gzip);
const gunzipped = promisify(gunzip);
const PREFIX = 'verdant-backup-';
/**
 * The file `verdant serve` holds its embedded data folder with (cli/data-dir-lock.ts). A backup
 * taken while the server runs carries it; a restored folder is nobody's yet.
 */
export const SERVER_LOCK_FILE = 'verdant-server.pid';
const SUFFIX = '.tar.gz';

export interface BackupFile {
  file: string;
  bytes: number;
  at: Date;
}

/** `verdant-backup-20261206T140502Z.tar.gz`: names sort by time. */
export function backupName(at: Date): string {
  return `${PREFIX}${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}${SUFFIX}`;
}

/** The backups in a folder, oldest first. */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.startsWith(PREFIX) && name.endsWith(SUFFIX))
    .sort();
}

/**
 * Writes one backup into `dir`: to a temporary name first, then renamed, so a folder never holds
 * half a backup under a backup's name. Readable by the owner only: it holds customer data, and
 * the keys that unlock it when they live in the data folder.
 */
export async function writeBackup(database: Database, dir: string, at = new Date(), onDumped?: (heldMs: number) => void): Promise<BackupFile> {
  if (!database.dumpDataDir) throw new Error('Only the embedded database is backed up by Verdant; back up PostgreSQL with its own tools.');
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const dump = await database.dumpDataDir();
  onDumped?.(Math.round(performance.now() - started));
  // Compressed after the database is free again, off the event loop (zlib's thread pool).
  const bytes = await gzipped(Buffer.from(await dump.arrayBuffer()));
  const file = join(dir, backupName(at));
  const partial = `${file}.partial`;
  writeFileSync(partial, bytes, { mode: 0o600 });
  chmodSync(partial, 0o600);
  renameSync(partial, file);
  return { file, bytes: bytes.length, at };
}

/** Removes all but the newest `keep` backups; answers the files removed. */
export function pruneBackups(dir: string, keep: number): string[] {
  const names = listBackups(dir);
  const removed = names.slice(0, Math.max(0, names.length - keep)).map((name) => join(dir, name));
  for (const file of removed) rmSync(file, { force: true });
  return removed;
}

/**
 * Makes `dataDir` from a backup. Refuses a folder that exists and is not empty, so a restore
 * never mixes two databases or overwrites the one in use.
 */
export async function restoreBackup(file: string, dataDir: string): Promise<void> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new RestoreError(`No backup file at ${file}.`);
  const existed = existsSync(dataDir);
  if (existed && readdirSync(dataDir).length > 0) {
    throw new RestoreError(`${dataDir} is not empty: restore into a new folder, then point DATA_DIR at it.`);
  }
  // Unpacked here first: a backup cut short (a full disk, a copy interrupted) is named as such,
  // before anything is written. (Left to PGlite, it failed with zlib's "unexpected end of file"
  // and a second, unhandled rejection of the same error.)
  let tar: Buffer;
  try {
    tar = await gunzipped(readFileSync(file));
  } catch (error) {
    throw new RestoreError(`${file} is not a whole backup (${(error as Error).message}): it was cut short or damaged; restore another one.`);
  }
  mkdirSync(dataDir, { recursive: true });
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create({ dataDir, loadDataDir: new Blob([new Uint8Array(tar)]) });
    await pglite.close();
  } catch (error) {
    // Nothing half-restored stays behind: the folder was empty or absent, and is so again.
    if (existed) for (const name of readdirSync(dataDir)) rmSync(join(dataDir, name), { recursive: true, force: true });
    else rmSync(dataDir, { recursive: true, force: true });
    throw new RestoreError(`${file} could not be opened as a Verdant database (${(error as Error).message}); restore another backup.`);
  }
  // The server the backup was taken from may still run: its process id must not hold the copy.
  rmSync(join(dataDir, SERVER_LOCK_FILE), { force: true });
  keepSecretsOwnerOnly(dataDir);
}

/** The folder of the key files that unlock customer data and state API keys, when they live in the data folder. */
const SECRETS_DIR = 'verdant-secrets';

/**
 * PGlite unpacks a backup without its file modes: the key files came out readable and writable
 * by every user of the machine (0666, the folder 0755). They go back to what the server makes
 * them: the folder 0700, its files 0600.
 */
function keepSecretsOwnerOnly(dataDir: string): void {
  const dir = join(dataDir, SECRETS_DIR);
  if (!existsSync(dir)) return;
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) chmodSync(join(dir, name), 0o600);
}

/** A restore refused or failed for a reason the operator can act on (printed without a stack). */
export class RestoreError extends Error {}

export interface BackupSchedule {
  /** Runs a backup now (and prunes); resolves when it is written. */
  runNow(): Promise<void>;
  lastSuccess(): BackupFile | null;
  failures(): number;
  stop(): Promise<void>;
}

/** Backs the embedded database up at start and every `everyMinutes`, keeping the newest `keep`. */
export function scheduleBackups(database: Database, options: { dir: string; everyMinutes: number; keep: number; logger: Logger }): BackupSchedule {
  let last: BackupFile | null = null;
  let failed = 0;
  let heldMs = 0;
  const loop = new BackgroundLoop(
    async () => {
      const started = performance.now();
      const written = await writeBackup(database, options.dir, new Date(), (ms) => (heldMs = ms));
      const removed = pruneBackups(options.dir, options.keep);
      last = written;
      options.logger.info({ file: written.file, bytes: written.bytes, ms: Math.round(performance.now() - started), databaseHeldMs: heldMs, removed: removed.length }, 'backup written');
    },
    {
      pollMs: options.everyMinutes * 60_000,
      onError: (error) => {
        failed++;
        options.logger.error({ err: error, dir: options.dir }, 'backup failed');
      },
    },
  );
  loop.start();
  void loop.wake();
  return {
    runNow: () => loop.drain(),
    lastSuccess: () => last,
    failures: () => failed,
    stop: () => loop.stop(),
  };
}

/** `verdant_backup_last_success_timestamp_seconds` (0 before the first) and `verdant_backup_failures_total`. */
export function registerBackupMetrics(registry: Registry, schedule: BackupSchedule): void {
  new Gauge({
    name: 'verdant_backup_last_success_timestamp_seconds',
    help: 'When the last backup of the embedded database was written (Unix time; 0: none yet). Alert when it is older than two intervals.',
    registers: [registry],
    collect() {
      this.set((schedule.lastSuccess()?.at.getTime() ?? 0) / 1000);
    },
  });
  new Counter({
    name: 'verdant_backup_failures_total',
    help: 'Backups of the embedded database that failed (full disk, unwritable BACKUP_DIR).',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(schedule.failures());
    },
  });
}
