import { DEMO_LICENSES } from '@verdant/metrc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database';
import { loadConfig } from '../../src/platform/config';
import { createLogger } from '../../src/platform/logger';
import { buildServer } from '../../src/server';
import { traceabilityOf } from '../../src/modules/traceability';
import { addSimPackages, connectCaStore, startTraceHarness, TEST_TRACE_KEY, waitUntil, writeSales, type TraceHarness } from '../integration/traceability-harness';

// Two server processes' worth of report workers on one PostgreSQL, with Metrc dropping answers
// and failing now and then: every sale reaches Metrc exactly once.
describe('traceability workers racing on one PostgreSQL', () => {
  let h: TraceHarness;
  let second: Awaited<ReturnType<typeof buildServer>>;

  beforeAll(async () => {
    h = await startTraceHarness({ TRACE_CONCURRENCY: '8' });
    await connectCaStore(h);
  });
  afterAll(async () => {
    await second?.platform.close().catch(() => undefined);
    await second?.app.close().catch(() => undefined);
    await h?.close();
  });

  it('files each of 300 sales once while two workers claim from the same queue', async () => {
    // The harness database's URL: the second process-equivalent opens its own pool on it.
    const dbUrl = await currentUrl(h);
    const config = loadConfig({ DATABASE_URL: dbUrl, LOG_LEVEL: 'silent', TRACE_CREDENTIALS_KEY: TEST_TRACE_KEY, TRACE_BACKOFF_BASE_MS: '20', TRACE_BACKOFF_MAX_MS: '200', TRACE_POLL_MS: '50', TRACE_CONCURRENCY: '8', TRACE_RECONCILE_MINUTES: '0', OUTBOX_POLL_MS: '50' });
    second = await buildServer(config, { database: await openDatabase({ url: dbUrl, poolMax: 10 }), logger: createLogger('silent') });
    const labels = addSimPackages(h.sim, 3, 2000, 1000);
    h.sim.control.loseResponses(10, { method: 'POST', path: '/sales/v2/receipts' });
    h.sim.control.failNext(10, 503, { method: 'POST', path: '/sales/v2/receipts' });
    const ids = await writeSales(h.platform, Array.from({ length: 300 }, (_, i) => ({ storeId: h.caStoreId, completedAt: new Date(Date.now() - i * 1000), lines: [{ packageLabel: labels[i % 3], quantity: 1 }] })), 25);
    const idSet = new Set(ids);
    await waitUntil(
      async () => (await h.platform.database.db.selectFrom('trace_report').select('id').where('order_id', 'in', ids).where('status', '=', 'sent').execute()).length === 300,
      60_000,
      '300 reports sent',
    );
    const receipts = h.sim.control.receipts({ license: DEMO_LICENSES.caRetail }).filter((r) => idSet.has(r.ExternalReceiptNumber!));
    expect(receipts).toHaveLength(300);
    expect(new Set(receipts.map((r) => r.ExternalReceiptNumber)).size).toBe(300);
    expect(labels.map((l) => h.sim.control.quantity(l))).toEqual([900, 900, 900]);
    // Nothing is left claimed.
    const leftover = await h.platform.database.db.selectFrom('trace_report').select('id').where('status', '=', 'sending').execute();
    expect(leftover).toHaveLength(0);
    // Both workers took part.
    expect(traceabilityOf(h.platform).worker.counters.sent).toBeGreaterThan(0);
    expect(traceabilityOf(second.platform).worker.counters.sent).toBeGreaterThan(0);
  }, 90_000);
});

async function currentUrl(h: TraceHarness): Promise<string> {
  const row = await h.platform.database.db
    .selectNoFrom((eb) => [eb.fn<string>('current_database', []).as('name')])
    .executeTakeFirstOrThrow();
  const admin = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  admin.pathname = `/${row.name}`;
  return admin.toString();
}
