import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { openDatabase } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';

// Migrate once per run into a template; every test file then starts from a copy of it:
// CREATE DATABASE … TEMPLATE on PostgreSQL, a copied data folder on PGlite (reopening a data
// folder takes well under a second; a fresh initdb takes several).

// An existing database to connect to while creating and dropping the per-test databases.
export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    pgliteTemplateDir: string;
  }
}

export default async function setup(project: TestProject) {
  const kind = process.env.VERDANT_TEST_DB ?? project.config.env?.VERDANT_TEST_DB;
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    // Leftovers of runs that were killed: databases whose creating process is gone. Databases of
    // runs still going (another developer's, a parallel run) are left alone.
    const stale = await admin.query<{ datname: string }>("select datname from pg_database where datname ~ '^verdant_t(pl_)?[0-9]+_'");
    for (const { datname } of stale.rows) {
      const pid = Number(/^verdant_t(?:pl_)?(\d+)_/.exec(datname)?.[1]);
      if (!isAlive(pid)) await admin.query(`drop database if exists "${datname}" with (force)`).catch(() => undefined);
    }
    const template = `verdant_tpl_${runId}`;
    await admin.query(`create database "${template}"`);
    const database = await openDatabase({ url: withDatabase(adminUrl, template), poolMax: 2 });
    await migrate(database);
    await database.close();
    project.provide('pgTemplate', template);
    project.provide('pgliteTemplateDir', '');
    return async () => {
      await admin.query(`drop database if exists "${template}" with (force)`).catch(() => undefined);
      await admin.end();
    };
  }
  const dir = join(tmpdir(), `verdant-pglite-template-${runId}`);
  mkdirSync(dir, { recursive: true });
  const database = await openDatabase({ dataDir: dir });
  await migrate(database);
  await database.close();
  project.provide('pgTemplate', '');
  project.provide('pgliteTemplateDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function copyDir(from: string, to: string) {
  if (!existsSync(from)) throw new Error(`PGlite template ${from} is missing`);
  cpSync(from, to, { recursive: true });
}
