import type { LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/platform/config';
import type { RegisteredRoute } from '../../src/platform/app';
import type { Api } from '../../src/platform/http';
import type { Platform } from '../../src/platform/platform';
import { createLogger } from '../../src/platform/logger';
import { DEMO_ORGANIZATION_ID, DEMO_PASSWORD, seedDemo } from '../../src/seed/demo-seed';
import { buildServer } from '../../src/server';
import type { DispatcherOptions } from '../../src/modules/events/delivery-dispatcher';
import { openAroundTheClock } from './open-hours';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestServer {
  app: Api;
  platform: Platform;
  routes: RegisteredRoute[];
  testDb: TestDatabase;
  organizationId: string;
  /** Signs a demo staff member in and returns the Cookie header value. */
  login(role: 'owner' | 'manager' | 'budtender' | 'inventory' | 'driver' | 'auditor'): Promise<string>;
  request(options: {
    method: string;
    url: string;
    cookie?: string;
    body?: unknown;
    headers?: Record<string, string>;
  }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startTestServer(
  options: { env?: Record<string, string>; dispatcher?: Partial<DispatcherOptions>; workers?: boolean; seed?: boolean } = {},
): Promise<TestServer> {
  // The demo organization comes from the seeded template unless this server seeds under keys of
  // its own (customer data sealed with another CUSTOMER_DATA_KEY) or not at all.
  const seed = options.seed !== false;
  const fromTemplate = seed && options.env?.CUSTOMER_DATA_KEY === undefined;
  const testDb = await createTestDatabase({ seeded: fromTemplate });
  const config: Config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    OUTBOX_POLL_MS: '200',
    LOGIN_RATE_PER_MINUTE: '10000',
    ...options.env,
  });
  const { app, platform, routes } = await buildServer(config, {
    database: testDb.database,
    logger: createLogger(config.LOG_LEVEL),
    dispatcher: { baseBackoffMs: 50, maxBackoffMs: 200, ...options.dispatcher },
    workers: options.workers,
  });
  if (seed) {
    if (!fromTemplate) await seedDemo(platform);
    const stores = await platform.database.db.selectFrom('store').select('id').where('organization_id', '=', DEMO_ORGANIZATION_ID).execute();
    await openAroundTheClock(platform, stores.map((s) => s.id));
    await platform.sequencer.wake();
  }
  // A server cloned from the seeded template holds a session of each demo role, signed in there.
  const cookies = new Map<string, string>(fromTemplate ? Object.entries(inject('demoSessions')) : []);
  const server: TestServer = {
    app,
    platform,
    routes,
    testDb,
    organizationId: DEMO_ORGANIZATION_ID,
    async login(role) {
      const cached = cookies.get(role);
      if (cached) return cached;
      const response = await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: `${role}@demo.verdant.test`, password: DEMO_PASSWORD },
      });
      if (response.statusCode !== 200) throw new Error(`login ${role} failed: ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'verdant_session');
      if (!cookie) throw new Error('no session cookie');
      const header = `verdant_session=${cookie.value}`;
      cookies.set(role, header);
      return header;
    },
    request({ method, url, cookie, body, headers }) {
      return app.inject({
        method: method as 'GET',
        url,
        headers: { ...(cookie ? { cookie } : {}), ...headers },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
    },
    async close() {
      await app.close();
      await platform.close().catch(() => undefined);
      await testDb.drop();
    },
  };
  return server;
}
