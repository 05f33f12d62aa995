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
import { gzip } from 'node:zlib';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Database } from '../db/database';
import { BackgroundLoop } from './background-loop';
import type { Logger } from './logger';

const gzipped = promisify(gzip);
const PREFIX = 'verdant-backup-';
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
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`No backup file at ${file}.`);
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(`${dataDir} is not empty: restore into a new folder, then point DATA_DIR at it.`);
  }
  mkdirSync(dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create({ dataDir, loadDataDir: new Blob([readFileSync(file)]) });
  await pglite.close();
}

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
