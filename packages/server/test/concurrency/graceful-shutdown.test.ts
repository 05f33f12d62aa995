import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config';
import { createLogger } from '../../src/platform/logger';
import { seedDemo } from '../../src/seed/demo-seed';
import { startServer, type RunningServer } from '../../src/server';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// An in-flight request finishes during shutdown: a PATCH is held up by a row lock taken from
// outside, shutdown starts, the lock is let go, and the PATCH still answers 200 and commits.
describe('graceful shutdown', () => {
  let testDb: TestDatabase;
  let server: RunningServer;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', SHUTDOWN_TIMEOUT_MS: '10000' });
    server = await startServer(config, { database: testDb.database, logger: createLogger('silent') });
    await seedDemo(server.platform);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('finishes in-flight requests before closing, and refuses new ones meanwhile', async () => {
    const address = server.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const login = await fetch(`${base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@demo.verdant.test', password: 'verdant-demo' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const { stores } = await (await fetch(`${base}/v1/stores`, { headers: { cookie } })).json();
    const storeId = stores[0].id as string;

    const locker = new pg.Client({ connectionString: testDb.url as string });
    await locker.connect();
    await locker.query('begin');
    await locker.query('select id from store where id = $1 for update', [storeId]);

    const inFlight = fetch(`${base}/v1/stores/${storeId}`, {
      method: 'PATCH',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Renamed during shutdown' }),
    });
    await new Promise((r) => setTimeout(r, 300));
    const stopping = server.stop();
    await new Promise((r) => setTimeout(r, 200));
    expect(server.platform.state.ready).toBe(false);
    await locker.query('commit');
    await locker.end();

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect((await response.json()).name).toBe('Renamed during shutdown');
    await stopping;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
}, 30_000);
