import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const cli = fileURLToPath(new URL('../../packages/server/src/cli/verdant.ts', import.meta.url));
export const benchAdminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type BenchDatabase = 'pglite' | 'postgres';

/** A fresh PostgreSQL database for one benchmark; dropped by the returned function. */
export async function freshPostgres(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: benchAdminUrl });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(benchAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: benchAdminUrl });
      await a.connect();
      await a.query(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

/**
 * Runs `verdant serve` in its own process (so the load generator does not share its event loop)
 * with the demo seeded, on PGlite in a temporary folder or on a fresh PostgreSQL database.
 */
export async function startBenchServer(kind: BenchDatabase, port: number, env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'verdant-bench-'));
  const pgdb = kind === 'postgres' ? await freshPostgres(`verdant_bench_${port}`) : null;
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      DATA_DIR: dataDir,
      LOGIN_RATE_PER_MINUTE: '10000',
      DB_POOL_MAX: '20',
      ...(pgdb ? { DATABASE_URL: pgdb.url } : {}),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('bench server exited');
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // starting
    }
    if (Date.now() > deadline) throw new Error('bench server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  // Seeding runs right after listen; wait until the demo staff can sign in.
  let cookie = '';
  for (let i = 0; i < 100 && !cookie; i++) {
    const response = await fetch(`${url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@demo.verdant.test', password: 'verdant-demo' }),
    });
    if (response.ok) cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
    else await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    cookie,
    databaseUrl: pgdb?.url ?? null,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
      await pgdb?.drop();
    },
  };
}
