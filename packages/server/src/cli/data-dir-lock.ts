// One process at a time opens an embedded database. PGlite keeps no lock of its own: a second
// process opening the DATA_DIR of a running server (`verdant create-user`, `migrate`, `audit
// verify` while `verdant serve` runs) works on its own copy of the pages, and whichever closes
// last writes its copy over the other's (a user created by the command, or rows the server wrote,
// are gone, half of a change can stay). So `verdant serve` holds the folder with a file naming
// its process, and every other command that would open the folder refuses while that process
// lives. A server killed without its cleanup leaves the file behind; a process id no longer
// running frees it.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_LOCK_FILE } from '../platform/backups';

/** The process id of the server holding `dataDir`, or null when none does (no file, or its process is gone). */
export function dataDirHolder(dataDir: string): number | null {
  const file = join(dataDir, SERVER_LOCK_FILE);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return isRunning(pid) ? pid : null;
}

/**
 * Holds `dataDir` for this process until it exits; throws when a live process holds it.
 * Returns what releases it (also done at exit).
 */
export function holdDataDir(dataDir: string): () => void {
  const holder = dataDirHolder(dataDir);
  if (holder !== null && holder !== process.pid) throw new DataDirInUseError(dataDir, holder);
  const file = join(dataDir, SERVER_LOCK_FILE);
  writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
  const release = () => {
    // Only our own: a later server may have taken the folder over.
    if (existsSync(file) && readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
  };
  process.once('exit', release);
  return release;
}

/** Throws when a running server holds `dataDir`: nothing else may open it meanwhile. */
export function assertDataDirFree(dataDir: string): void {
  const holder = dataDirHolder(dataDir);
  if (holder !== null && holder !== process.pid) throw new DataDirInUseError(dataDir, holder);
}

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `${dataDir} is open in a running Verdant server (process ${pid}); two processes must never open one embedded database. ` +
        'Stop the server first, or use its API (the audit chain: GET /v1/audit/verify). ' +
        `If no server runs, remove ${join(dataDir, SERVER_LOCK_FILE)}.`,
    );
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
