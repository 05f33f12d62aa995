// Shared set-up for the traceability suites: a Verdant server whose logs are captured, a Metrc
// simulator on 127.0.0.1 (real HTTP), and sales written through the outbox exactly as the orders
// module writes them (docs/events.md). Not a test file itself.
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { DEMO_LICENSES, DEMO_USER_KEY, DEMO_VENDOR_KEY, demoLabel, startMetrcSimulator, type MetrcSimulator, type MetrcSimulatorOptions } from '@verdant/metrc';
import { v7 as uuidv7 } from 'uuid';
import { inject } from 'vitest';
import { loadConfig } from '../../src/platform/config';
import { redactPaths } from '../../src/platform/logger';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import type { Platform } from '../../src/platform/platform';
import { buildServer } from '../../src/server';
import { DEMO_ORGANIZATION_ID, DEMO_PASSWORD, seedDemo } from '../../src/seed/demo-seed';
import { traceabilityOf } from '../../src/modules/traceability';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { openAroundTheClock } from '../support/open-hours';

export const TEST_TRACE_KEY = 'a'.repeat(64);

export interface TraceHarness {
  platform: Platform;
  app: Awaited<ReturnType<typeof buildServer>>['app'];
  sim: MetrcSimulator;
  logs: string[];
  caStoreId: string;
  denverStoreId: string;
  login(role: 'owner' | 'manager' | 'budtender' | 'auditor' | 'inventory' | 'driver'): Promise<string>;
  request(options: { method: string; url: string; cookie?: string; body?: unknown }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startTraceHarness(env: Record<string, string> = {}, options: { simulator?: MetrcSimulatorOptions } = {}): Promise<TraceHarness> {
  const sim = await startMetrcSimulator({ port: 0, host: '127.0.0.1', ...options.simulator });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  // The demo organization comes from the seeded template, as startTestServer's does (see
  // docs/testing.md, "Two templates"), unless the caller seals customer data under a key of its own.
  const fromTemplate = env.CUSTOMER_DATA_KEY === undefined;
  const testDb: TestDatabase = await createTestDatabase({ seeded: fromTemplate });
  const config = loadConfig({
    LOG_LEVEL: 'debug',
    OUTBOX_POLL_MS: '50',
    LOGIN_RATE_PER_MINUTE: '10000',
    TRACE_CREDENTIALS_KEY: TEST_TRACE_KEY,
    TRACE_BACKOFF_BASE_MS: '20',
    TRACE_BACKOFF_MAX_MS: '200',
    TRACE_TIMEOUT_MS: '700',
    TRACE_POLL_MS: '50',
    TRACE_MAX_ATTEMPTS: '8',
    TRACE_RECONCILE_MINUTES: '0',
    ...env,
  });
  const logger = pino({ level: 'debug', redact: { paths: redactPaths, censor: '[redacted]' } }, sink);
  const { app, platform } = await buildServer(config, { database: testDb.database, logger, dispatcher: { baseBackoffMs: 20, maxBackoffMs: 100 } });
  if (!fromTemplate) await seedDemo(platform);
  await platform.sequencer.wake();
  const stores = await platform.database.db.selectFrom('store').select(['id', 'license_number', 'jurisdiction']).execute();
  // Sales must not depend on the hour the suite runs at (see support/open-hours.ts).
  await openAroundTheClock(platform, stores.map((s) => s.id));
  const caStoreId = stores.find((s) => s.license_number === DEMO_LICENSES.caRetail)!.id;
  // The demo's Colorado store (the demo has a second California store too).
  const denverStoreId = stores.find((s) => s.jurisdiction === 'US-CO')!.id;
  // A database cloned from the seeded template holds a session of each demo role, signed in there.
  const cookies = new Map<string, string>(fromTemplate ? Object.entries(inject('demoSessions')) : []);
  const harness: TraceHarness = {
    platform,
    app,
    sim,
    logs,
    caStoreId,
    denverStoreId,
    async login(role) {
      const cached = cookies.get(role);
      if (cached) return cached;
      const response = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: `${role}@demo.verdant.test`, password: DEMO_PASSWORD } });
      if (response.statusCode !== 200) throw new Error(`login ${role} failed: ${response.body}`);
      const cookie = `verdant_session=${response.cookies.find((c) => c.name === 'verdant_session')!.value}`;
      cookies.set(role, cookie);
      return cookie;
    },
    request({ method, url, cookie, body }) {
      return app.inject({ method: method as 'GET', url, headers: cookie ? { cookie } : {}, ...(body !== undefined ? { payload: body as object } : {}) });
    },
    async close() {
      await app.close();
      await platform.close().catch(() => undefined);
      await testDb.drop();
      await sim.close();
    },
  };
  return harness;
}

/** Connects the demo California store to the simulator. */
export async function connectCaStore(h: TraceHarness, overrides: Record<string, unknown> = {}) {
  const owner = await h.login('owner');
  const response = await h.request({
    method: 'PUT',
    url: `/v1/stores/${h.caStoreId}/traceability`,
    cookie: owner,
    body: { engine: 'metrc', baseUrl: h.sim.url, licenseNumber: DEMO_LICENSES.caRetail, credentials: { vendorKey: DEMO_VENDOR_KEY, userKey: DEMO_USER_KEY }, ...overrides },
  });
  if (response.statusCode !== 200) throw new Error(`connect failed: ${response.body}`);
  return response.json();
}

/** Adds `count` packages of 1,000 pre-rolls to the simulator's CA facility and returns their labels. */
export function addSimPackages(sim: MetrcSimulator, count: number, firstSerial: number, quantity = 1000): string[] {
  const labels: string[] = [];
  for (let i = 0; i < count; i++) {
    const label = demoLabel('0100', firstSerial + i);
    sim.control.addPackage({ license: DEMO_LICENSES.caRetail, label, itemName: 'Pre-roll 1g', quantity });
    labels.push(label);
  }
  return labels;
}

export interface SaleSpec {
  storeId: string;
  orderId?: string;
  completedAt: Date;
  lines: Array<{ packageLabel: string; quantity: number; unit?: 'each' | 'g' }>;
  customer?: { id: string | null; kind: 'adult_use' | 'medical'; patientLicenseNumber?: string };
  timezone?: string;
  jurisdiction?: string;
}

/** The `orders.order.completed` payload of docs/events.md. */
export function completedPayload(s: SaleSpec & { orderId: string }) {
  return {
    orderId: s.orderId,
    orderNumber: `T-${s.orderId.slice(-6)}`,
    storeId: s.storeId,
    licenseNumber: DEMO_LICENSES.caRetail,
    jurisdiction: s.jurisdiction ?? 'US-CA',
    timezone: s.timezone ?? 'America/Los_Angeles',
    channel: 'in_store',
    completedAt: s.completedAt.toISOString(),
    customer: s.customer ?? { id: null, kind: 'adult_use' },
    lines: s.lines.map((l, i) => ({
      lineId: `${s.orderId}-${i}`,
      skuId: uuidv7(),
      packageLabel: l.packageLabel,
      quantity: l.quantity,
      unit: l.unit ?? 'each',
      unitPriceCents: 1500,
      discountCents: 0,
      totalCents: Math.round(1500 * l.quantity),
      taxes: [{ code: 'CA_EXCISE', label: 'Cannabis excise', amountCents: Math.round(225 * l.quantity), metrcField: 'ExciseTax' }],
    })),
    totals: { subtotalCents: 0, discountCents: 0, taxCents: 0, totalCents: 0 },
  };
}

/** Writes sales through the outbox, many per transaction, as the orders module would. Returns the order ids. */
export async function writeSales(platform: Platform, sales: SaleSpec[], perTransaction = 50): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < sales.length; i += perTransaction) {
    await inTransaction(platform.tx, systemContext(DEMO_ORGANIZATION_ID), async (uow) => {
      await uow.emitMany(
        sales.slice(i, i + perTransaction).map((s) => {
          const orderId = s.orderId ?? uuidv7();
          ids.push(orderId);
          return { type: 'orders.order.completed', aggregateType: 'order', aggregateId: orderId, storeId: s.storeId, payload: completedPayload({ ...s, orderId }) };
        }),
      );
    });
  }
  return ids;
}

export async function writeEvent(platform: Platform, type: string, storeId: string, aggregateId: string, payload: Record<string, unknown>) {
  await inTransaction(platform.tx, systemContext(DEMO_ORGANIZATION_ID), (uow) => uow.emit({ type, aggregateType: 'order', aggregateId, storeId, payload }));
}

export async function waitUntil(check: () => Promise<boolean> | boolean, ms = 20_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function reportOf(platform: Platform, dedupeKey: string) {
  return platform.database.db.selectFrom('trace_report').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirst();
}

export const wakeTrace = (platform: Platform) => traceabilityOf(platform).worker.wake();
