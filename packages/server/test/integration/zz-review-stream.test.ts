import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { SseClient } from '../support/sse-client';
import { startTestServer, type TestServer } from '../support/test-server';

describe('zz review: availability stream resume', () => {
  let server: TestServer;
  let fx: CheckoutFixture;
  let baseUrl: string;
  beforeAll(async () => {
    server = await startTestServer();
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => server?.close());

  it('a menu reconnecting with Last-Event-ID gets the availability change it missed, however busy the organization was', async () => {
    const db = server.platform.database.db;
    await server.platform.sequencer.wake();
    const start = Number((await sql<{ m: string }>`select coalesce(max(published_seq), 0) as m from outbox_event`.execute(db)).rows[0].m);
    // The organization is busy while the menu is away: 10,001 events of other kinds (orders, audits, …).
    await sql`insert into outbox_event (event_id, type, organization_id, store_id, aggregate_type, aggregate_id, payload)
              select gen_random_uuid(), 'zz.filler', ${server.organizationId}::uuid, null, 'zz', g::text, '{}'::jsonb from generate_series(1, ${Number(process.env.ZZ_FILL ?? 10001)}::int) g`.execute(db);
    await sql`insert into outbox_event (event_id, type, organization_id, store_id, aggregate_type, aggregate_id, payload)
              values (${randomUUID()}::uuid, 'inventory.availability.changed', ${server.organizationId}::uuid, ${fx.storeId}::uuid, 'sku', ${fx.skuId}, ${JSON.stringify({ skuId: fx.skuId, available: 7 })}::jsonb)`.execute(db);
    await server.platform.sequencer.wake();
    await new Promise((r) => setTimeout(r, 500));
    const resumed = new SseClient(`${baseUrl}/v1/public/stores/${fx.storeId}/availability/stream`, { 'last-event-id': String(start) });
    await resumed.ready;
    try {
      const got = await resumed.waitFor((m) => m.some((x) => JSON.parse(x.data).skuId === fx.skuId), 5000).catch(() => resumed.messages);
      console.log('messages', got.length);
      expect(got.some((x) => JSON.parse(x.data).skuId === fx.skuId && JSON.parse(x.data).available === 7)).toBe(true);
    } finally {
      resumed.close();
    }
  });
});
