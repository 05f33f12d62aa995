import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { backupName, listBackups, pruneBackups, restoreBackup, writeBackup } from '../../src/platform/backups';
import { loadConfig } from '../../src/platform/config';
import { createLogger } from '../../src/platform/logger';
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo-seed';
import { buildServer } from '../../src/server';
import { copyDir } from '../support/global-setup';
import { testDbKind } from '../support/test-database';

const run = promisify(execFile);
const serverRoot = fileURLToPath(new URL('../..', import.meta.url));

// The embedded database backs itself up while the server runs, and `verdant restore` makes a new
// data folder from a backup that holds everything: rows, the audit chain, and the key files that
// unlock customer data.
describe.skipIf(testDbKind !== 'pglite')('backups of the embedded database', () => {
  const root = mkdtempSync(join(tmpdir(), 'verdant-backups-'));
  const dataDir = join(root, 'data');
  const backupDir = join(root, 'backups');
  let server: Awaited<ReturnType<typeof buildServer>>;

  beforeAll(async () => {
    copyDir(inject('pgliteTemplateDir'), dataDir);
    const config = loadConfig({ DATA_DIR: dataDir, BACKUP_DIR: backupDir, BACKUP_EVERY_MINUTES: '60', BACKUP_KEEP: '2', LOG_LEVEL: 'silent' });
    server = await buildServer(config, { logger: createLogger('silent') });
    await seedDemo(server.platform);
  });
  afterAll(async () => {
    await server?.app.close();
    await server?.platform.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('writes one at start, and keeps the newest BACKUP_KEEP, readable by the owner only', async () => {
    await expect.poll(() => listBackups(backupDir).length, { timeout: 20_000 }).toBe(1);
    const [first] = listBackups(backupDir);
    expect(statSync(join(backupDir, first)).mode & 0o777).toBe(0o600);
    expect(readdirSync(backupDir).filter((name) => name.endsWith('.partial'))).toEqual([]);
    // Two more, then pruned to two: the oldest goes.
    await writeBackup(server.platform.database, backupDir, new Date(Date.now() + 60_000));
    await writeBackup(server.platform.database, backupDir, new Date(Date.now() + 120_000));
    expect(pruneBackups(backupDir, 2)).toEqual([join(backupDir, first)]);
    expect(listBackups(backupDir)).toHaveLength(2);
    const metrics = await server.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/verdant_backup_last_success_timestamp_seconds [1-9]/);
  });

  it('restores into a new folder everything the running store had, keys included; refuses a folder in use', async () => {
    const login = await server.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'owner@demo.verdant.test', password: DEMO_PASSWORD } });
    const cookie = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
    const created = await server.app.inject({ method: 'POST', url: '/v1/customers', headers: { cookie }, payload: { firstName: 'Bea', lastName: 'Backup', birthDate: '1980-02-02' } });
    expect(created.statusCode, created.body).toBe(201);
    const at = new Date(Date.now() + 180_000);
    const backup = await writeBackup(server.platform.database, backupDir, at);
    expect(backup.file.endsWith(backupName(at))).toBe(true);

    const restored = join(root, 'restored');
    const cli = await run('npx', ['tsx', 'src/cli/verdant.ts', 'restore', backup.file, '--data-dir', restored], { cwd: serverRoot, env: { ...process.env, LOG_LEVEL: 'silent' } });
    expect(cli.stdout).toMatch(/Restored .* [1-9]\d* customer\(s\)/);
    expect(cli.stdout).toContain('Audit chain intact');
    // The key files that seal customer data and state API keys came along, byte for byte.
    for (const name of readdirSync(join(dataDir, 'verdant-secrets'))) {
      expect(readFileSync(join(restored, 'verdant-secrets', name))).toEqual(readFileSync(join(dataDir, 'verdant-secrets', name)));
    }
    // A server on the restored folder has the customer made just before the backup.
    const config = loadConfig({ DATA_DIR: restored, LOG_LEVEL: 'silent' });
    const copy = await buildServer(config, { logger: createLogger('silent'), workers: false });
    try {
      const login2 = await copy.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'owner@demo.verdant.test', password: DEMO_PASSWORD } });
      const cookie2 = `verdant_session=${login2.cookies.find((c) => c.name === 'verdant_session')!.value}`;
      const found = await copy.app.inject({ method: 'GET', url: `/v1/customers/${created.json().id}`, headers: { cookie: cookie2 } });
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json().lastName).toBe('Backup');
    } finally {
      await copy.app.close();
      await copy.platform.close();
    }

    // Never over a folder that holds something.
    writeFileSync(join(root, 'busy.txt'), 'x');
    await expect(restoreBackup(backup.file, root)).rejects.toThrow(/is not empty/);
    // A restore starts the command line in a process of its own and a second server on an embedded
    // database: tens of seconds on a loaded machine (it passed 60 s under a load of 16).
  }, 180_000);

  it('is refused with PostgreSQL, which has its own tools', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x@localhost/y', BACKUP_DIR: backupDir })).toThrow(/embedded database only/);
  });
});
