import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../../src/modules/events/event-types';
import { SseClient } from '../support/sse-client';
import { startTestServer, type TestServer } from '../support/test-server';

describe('outbox, subscribers and the live event stream', () => {
  let server: TestServer;
  let owner: string;
  let baseUrl: string;
  const received: PublishedEvent[] = [];
  let failuresLeft = 2;

  beforeAll(async () => {
    server = await startTestServer({ env: { OUTBOX_MAX_ATTEMPTS: '3' } });
    // A subscriber that fails twice, then works: delivered at least once, after retries.
    server.platform.deliveries.register({
      name: 'test.flaky',
      eventTypes: ['platform.probe.*'],
      async handle(event) {
        if (failuresLeft-- > 0) throw new Error('flaky receiver');
        received.push(event);
      },
    });
    server.platform.deliveries.register({
      name: 'test.broken',
      eventTypes: ['organizations.store.created'],
      async handle() {
        throw new Error('receiver is down');
      },
    });
    owner = await server.login('owner');
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => server?.close());

  // Generous: retries with backoff on a loaded CI machine can take seconds; it returns when done.
  const waitUntil = async (check: () => Promise<boolean> | boolean, ms = 20_000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('retries a failing subscriber with backoff until it succeeds', async () => {
    const response = await server.request({ method: 'POST', url: '/v1/diagnostics/probe', cookie: owner, body: { note: 'retry me' } });
    expect(response.statusCode).toBe(201);
    await waitUntil(() => received.length === 1);
    expect(received[0]).toMatchObject({ type: 'platform.probe.recorded', payload: { note: 'retry me' } });
    // The handler has run; the dispatcher marks the delivery done when it commits, just after.
    const delivery = () => server.platform.database.db.selectFrom('outbox_delivery').selectAll().where('subscriber', '=', 'test.flaky').executeTakeFirstOrThrow();
    await waitUntil(async () => (await delivery()).status !== 'processing');
    expect(await delivery()).toMatchObject({ status: 'done', attempts: 3 });
  });

  it('dead-letters after the last try, shows it by API, and sends it again on request', async () => {
    const created = await server.request({
      method: 'POST',
      url: '/v1/stores',
      cookie: owner,
      body: { name: 'Dead Letter Store', licenseNumber: 'DL-1', jurisdiction: 'US-NV', timezone: 'America/Los_Angeles' },
    });
    expect(created.statusCode).toBe(201);
    let dead: Array<{ id: number; subscriber: string; attempts: number; lastError: string; event: { aggregateId: string } }> = [];
    await waitUntil(async () => {
      const list = await server.request({ method: 'GET', url: '/v1/events/dead-letters?subscriber=test.broken', cookie: owner });
      dead = list.json().deadLetters;
      return dead.length > 0;
    });
    expect(dead[0]).toMatchObject({ subscriber: 'test.broken', attempts: 3, lastError: 'receiver is down', event: { aggregateId: created.json().id } });
    const retry = await server.request({ method: 'POST', url: `/v1/events/dead-letters/${dead[0].id}/retry`, cookie: owner });
    expect(retry.statusCode).toBe(202);
    const again = await server.request({ method: 'POST', url: `/v1/events/dead-letters/${dead[0].id}/retry`, cookie: owner });
    expect(again.statusCode).toBe(404);
    await waitUntil(async () => {
      const row = await server.platform.database.db.selectFrom('outbox_delivery').select(['status', 'attempts']).where('id', '=', dead[0].id).executeTakeFirstOrThrow();
      return row.status === 'dead' && row.attempts === 3;
    });
  });

  it('streams events over SSE with store and type filters, and resumes from Last-Event-ID', async () => {
    const stores = (await server.request({ method: 'GET', url: '/v1/stores', cookie: owner })).json().stores;
    const [oakland, denver] = stores.filter((s: { name: string }) => /Oakland|Denver/.test(s.name));
    const all = new SseClient(`${baseUrl}/v1/events/stream`, { cookie: owner });
    const onlyOakland = new SseClient(`${baseUrl}/v1/events/stream?storeId=${oakland.id}&types=organizations.store.*`, { cookie: owner });
    // Streams without Last-Event-ID start at the feed's position when they connect: both must be
    // connected before the changes are made, or they would not be sent.
    await Promise.all([all.ready, onlyOakland.ready]);
    await server.request({ method: 'PATCH', url: `/v1/stores/${denver.id}`, cookie: owner, body: { name: 'Mile High Denver 2' } });
    await server.request({ method: 'PATCH', url: `/v1/stores/${oakland.id}`, cookie: owner, body: { name: 'Green Door Oakland 2' } });
    await server.request({ method: 'POST', url: '/v1/diagnostics/probe', cookie: owner, body: {} });

    const messages = await all.waitFor((m) => m.some((x) => x.event === 'platform.probe.recorded'));
    expect(messages.map((m) => m.event)).toEqual(['organizations.store.updated', 'organizations.store.updated', 'platform.probe.recorded']);
    const filtered = await onlyOakland.waitFor((m) => m.length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(filtered).toHaveLength(1);
    expect(JSON.parse(filtered[0].data)).toMatchObject({ storeId: oakland.id, type: 'organizations.store.updated' });
    all.close();
    onlyOakland.close();

    // A client that saw the first event reconnects and gets exactly the two it missed.
    const resumed = new SseClient(`${baseUrl}/v1/events/stream`, { cookie: owner, 'last-event-id': messages[0].id as string });
    const replay = await resumed.waitFor((m) => m.length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(replay.map((m) => m.id)).toEqual([messages[1].id, messages[2].id]);
    resumed.close();
  });

  it('refuses the stream without events:read', async () => {
    const response = await server.request({ method: 'GET', url: '/v1/events/stream' });
    expect(response.statusCode).toBe(401);
  });
});
