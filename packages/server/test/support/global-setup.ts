import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProvidedContext } from 'vitest';
import type { TestProject } from 'vitest/node';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database';
import { defaultDispatcherOptions, dispatchDueDeliveries } from '../../src/modules/events/delivery-dispatcher';
import type { Platform } from '../../src/platform/platform';
import { migrate } from '../../src/db/migrate';
import { loadConfig } from '../../src/platform/config';
import { createLogger } from '../../src/platform/logger';
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo-seed';
import { buildServer } from '../../src/server';

// Migrate once per run into a template; every test file then starts from a copy of it:
// CREATE DATABASE … TEMPLATE on PostgreSQL, a copied data folder on PGlite (reopening a data
// folder takes well under a second; a fresh initdb takes several). A second template holds the
// demo organization as well: seeding it took about 1.2 s of every test server's start (hashing
// the demo staff's passwords and PINs, the catalog, stock and registers of three stores), and
// the suite starts some 250 of them. A server that seeds under other keys (its own
// CUSTOMER_DATA_KEY) or none at all starts from the migrated one.

// An existing database to connect to while creating and dropping the per-test databases.
export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    pgliteTemplateDir: string;
    /** The template with the demo organization seeded (test-server's default). */
    pgSeededTemplate: string;
    pgliteSeededTemplateDir: string;
    /** The Cookie header of a session of each demo role, signed in in the seeded template. */
    demoSessions: Record<DemoRole, string>;
  }
}

export const DEMO_ROLES = ['owner', 'manager', 'budtender', 'inventory', 'driver', 'auditor'] as const;
export type DemoRole = (typeof DEMO_ROLES)[number];

interface Templates {
  provided: Pick<ProvidedContext, 'pgTemplate' | 'pgSeededTemplate' | 'pgliteTemplateDir' | 'pgliteSeededTemplateDir' | 'demoSessions'>;
  teardown(): Promise<void>;
}

// The projects on one kind of database (on PostgreSQL: integration, concurrency, browser) share
// one pair of templates per run; the last project to finish drops them.
const built = new Map<string, { templates: Promise<Templates>; users: number }>();

export default async function setup(project: TestProject) {
  const kind = process.env.VERDANT_TEST_DB ?? project.config.env?.VERDANT_TEST_DB ?? 'pglite';
  let entry = built.get(kind);
  if (!entry) built.set(kind, (entry = { templates: buildTemplates(kind), users: 0 }));
  entry.users++;
  const { provided, teardown } = await entry.templates;
  for (const [key, value] of Object.entries(provided)) project.provide(key as keyof Templates['provided'], value as never);
  return async () => {
    if (--entry.users > 0) return;
    built.delete(kind);
    await teardown();
  };
}

async function buildTemplates(kind: string): Promise<Templates> {
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
    const seeded = `${template}_seeded`;
    await admin.query(`create database "${seeded}" template "${template}"`);
    const demoSessions = await seedInto(await openDatabase({ url: withDatabase(adminUrl, seeded), poolMax: 2 }));
    const provided = { pgTemplate: template, pgSeededTemplate: seeded, pgliteTemplateDir: '', pgliteSeededTemplateDir: '', demoSessions };
    const teardown = async () => {
      for (const name of [seeded, template]) await admin.query(`drop database if exists "${name}" with (force)`).catch(() => undefined);
      await admin.end();
    };
    return { provided, teardown };
  }
  const dir = join(tmpdir(), `verdant-pglite-template-${runId}`);
  mkdirSync(dir, { recursive: true });
  const database = await openDatabase({ dataDir: dir });
  await migrate(database);
  await database.close();
  const seededDir = `${dir}-seeded`;
  copyDir(dir, seededDir);
  const demoSessions = await seedInto(await openDatabase({ dataDir: seededDir }));
  const provided = { pgTemplate: '', pgSeededTemplate: '', pgliteTemplateDir: dir, pgliteSeededTemplateDir: seededDir, demoSessions };
  const teardown = async () => {
    for (const folder of [seededDir, dir]) rmSync(folder, { recursive: true, force: true });
  };
  return { provided, teardown };
}

/**
 * The demo organization, seeded as a test server seeds it (the same default configuration, so the
 * same customer-data key file), with no background workers; the database is closed after.
 */
async function seedInto(database: Database): Promise<Record<DemoRole, string>> {
  const config = loadConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_PER_MINUTE: '10000' });
  const { app, platform } = await buildServer(config, { database, logger: createLogger('silent'), workers: false });
  try {
    await seedDemo(platform);
    await deliverSeedEvents(platform);
    // Each demo role signed in once, in the template: a test server cloned from it starts with
    // these sessions, so login(role) checks no password (a scrypt and a write per role and file).
    const sessions = {} as Record<DemoRole, string>;
    for (const role of DEMO_ROLES) {
      const response = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: `${role}@demo.verdant.test`, password: DEMO_PASSWORD } });
      const cookie = response.cookies.find((c) => c.name === 'verdant_session');
      if (response.statusCode !== 200 || !cookie) throw new Error(`template login ${role} failed: ${response.body}`);
      sessions[role] = `verdant_session=${cookie.value}`;
    }
    return sessions;
  } finally {
    await app.close();
    await platform.close().catch(() => undefined);
    await database.close().catch(() => undefined);
  }
}

/**
 * The seed's events published and delivered once, in the template, as a server's workers would
 * after the seed: its audit rows sealed, its some 180 events numbered and every subscriber's
 * delivery done (menus judged, alerts evaluated, …). Otherwise every test server cloned from the
 * template started by working through them, beside its first requests (about 0.5–1 s of CPU each).
 */
async function deliverSeedEvents(platform: Platform): Promise<void> {
  const { db } = platform.database;
  const open = async () =>
    (
      await sql<{ n: number }>`select (select count(*) from outbox_event where published_seq is null)::int
                                 + (select count(*) from outbox_delivery where status in ('pending', 'processing'))::int as n`.execute(db)
    ).rows[0].n;
  for (const deadline = Date.now() + 120_000; ; ) {
    await platform.sequencer.wake();
    while ((await dispatchDueDeliveries(db, platform.deliveries.subscribers, defaultDispatcherOptions)) > 0);
    if ((await open()) === 0) return;
    if (Date.now() > deadline) throw new Error('the seed’s events were not all delivered in the template');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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

/**
 * A copy of a PGlite data folder (some 1,500 files, 44 MB): `cp -r` takes about 70 ms where
 * Node's cpSync took 330 ms, paid once per PGlite test file.
 */
export function copyDir(from: string, to: string) {
  if (!existsSync(from)) throw new Error(`PGlite template ${from} is missing`);
  execFileSync('cp', ['-r', '--', from, to]);
}
