// Shared by the traceability benchmarks: an in-process Verdant (PGlite in a temporary folder, or
// a fresh PostgreSQL database) with the demo seeded, a Metrc simulator on 127.0.0.1 (real HTTP),
// the demo California store connected to it, and sales written through the outbox exactly as the
// orders module writes them.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_LICENSES, DEMO_USER_KEY, DEMO_VENDOR_KEY, demoLabel, startMetrcSimulator, type MetrcReceipt, type ReceiptFilter, type SeedPackage } from '../packages/metrc/src/index';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../packages/server/src/platform/config';
import { createLogger } from '../packages/server/src/platform/logger';
import { systemContext } from '../packages/server/src/platform/context';
import { inTransaction } from '../packages/server/src/platform/unit-of-work';
import type { Platform } from '../packages/server/src/platform/platform';
import { buildServer } from '../packages/server/src/server';
import { DEMO_ORGANIZATION_ID, seedDemo } from '../packages/server/src/seed/demo-seed';
import { putSettings } from '../packages/server/src/modules/traceability';
import { freshPostgres, type BenchDatabase } from './lib/bench-server';

export const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};

/**
 * The simulator, driven through its control API. `process` (the default) runs it in its own
 * process, as Metrc is remote: in one process its HTTP answers would wait behind PGlite, which
 * runs queries on the main thread, and the bench would measure that instead of Verdant.
 */
export interface SimHandle {
  url: string;
  outage(ms: number): Promise<void>;
  addPackage(pkg: SeedPackage): Promise<void>;
  receipts(filter?: ReceiptFilter): Promise<MetrcReceipt[]>;
  quantity(label: string): Promise<number>;
  close(): Promise<void>;
}

async function inProcessSim(): Promise<SimHandle> {
  const sim = await startMetrcSimulator({ port: 0, host: '127.0.0.1' });
  return {
    url: sim.url,
    async outage(ms) { sim.control.outage(ms); },
    async addPackage(pkg) { sim.control.addPackage(pkg); },
    async receipts(filter) { return sim.control.receipts(filter); },
    async quantity(label) { return sim.control.quantity(label) ?? NaN; },
    close: () => sim.close(),
  };
}

async function processSim(): Promise<SimHandle> {
  const main = fileURLToPath(new URL('../packages/metrc/src/simulator-main.ts', import.meta.url));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', () => reject(new Error(`simulator exited: ${out}`)));
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/__control${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    url,
    async outage(ms) { await call('POST', '/faults/outage', { durationMs: ms }); },
    async addPackage(pkg) { await call('POST', '/packages', pkg); },
    async receipts(filter = {}) {
      const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined) as Array<[string, string]>);
      return (await call('GET', `/receipts?${q}`)) as MetrcReceipt[];
    },
    async quantity(label) { return ((await call('GET', `/packages/${label}`)) as { Quantity: number }).Quantity; },
    async close() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export interface TraceBench {
  platform: Platform;
  sim: SimHandle;
  caStoreId: string;
  close(): Promise<void>;
}

export async function startTraceBench(kind: BenchDatabase, env: Record<string, string> = {}, simMode = arg('sim', 'process')): Promise<TraceBench> {
  const sim = simMode === 'in-process' ? await inProcessSim() : await processSim();
  const dataDir = mkdtempSync(join(tmpdir(), 'verdant-trace-bench-'));
  const pg = kind === 'postgres' ? await freshPostgres(`verdant_trace_bench_${process.pid}`) : null;
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    OUTBOX_POLL_MS: '100',
    TRACE_CREDENTIALS_KEY: 'b'.repeat(64),
    TRACE_POLL_MS: '100',
    TRACE_RECONCILE_MINUTES: '0',
    DB_POOL_MAX: '20',
    ...(pg ? { DATABASE_URL: pg.url } : {}),
    ...env,
  });
  const { platform } = await buildServer(config, { logger: createLogger('error') });
  await seedDemo(platform);
  const store = await platform.database.db.selectFrom('store').select('id').where('license_number', '=', DEMO_LICENSES.caRetail).executeTakeFirstOrThrow();
  await inTransaction(platform.tx, systemContext(DEMO_ORGANIZATION_ID), (uow) =>
    putSettings(uow, config, DEMO_ORGANIZATION_ID, store.id, {
      engine: 'metrc', baseUrl: sim.url, licenseNumber: DEMO_LICENSES.caRetail, credentials: { vendorKey: DEMO_VENDOR_KEY, userKey: DEMO_USER_KEY },
    }),
  );
  return {
    platform,
    sim,
    caStoreId: store.id,
    async close() {
      await platform.close();
      await sim.close();
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function addSimPackages(sim: SimHandle, count: number, quantity: number): Promise<string[]> {
  const labels = Array.from({ length: count }, (_, i) => demoLabel('0100', 5000 + i));
  for (const label of labels) await sim.addPackage({ license: DEMO_LICENSES.caRetail, label, itemName: 'Pre-roll 1g', quantity });
  return labels;
}

/** One `orders.order.completed` per sale (docs/events.md), written in batches of `perTransaction`. */
export async function writeSales(platform: Platform, storeId: string, sales: Array<{ completedAt: Date; label: string; quantity: number }>, perTransaction = 50): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < sales.length; i += perTransaction) {
    await inTransaction(platform.tx, systemContext(DEMO_ORGANIZATION_ID), (uow) =>
      uow.emitMany(
        sales.slice(i, i + perTransaction).map((s) => {
          const orderId = uuidv7();
          ids.push(orderId);
          return {
            type: 'orders.order.completed', aggregateType: 'order', aggregateId: orderId, storeId,
            payload: {
              orderId, orderNumber: orderId.slice(-6), storeId, licenseNumber: DEMO_LICENSES.caRetail, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles',
              channel: 'in_store', completedAt: s.completedAt.toISOString(), customer: { id: null, kind: 'adult_use' },
              lines: [{ lineId: `${orderId}-0`, skuId: orderId, packageLabel: s.label, quantity: s.quantity, unit: 'each', unitPriceCents: 1200, discountCents: 0, totalCents: 1200 * s.quantity, taxes: [] }],
              totals: { subtotalCents: 1200 * s.quantity, discountCents: 0, taxCents: 0, totalCents: 1200 * s.quantity },
            },
          };
        }),
      ),
    );
  }
  return ids;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
