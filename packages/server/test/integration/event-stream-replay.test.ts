import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStores, menuSku, newLabel, receivePackages } from '../support/inventory-fixtures';
import { SseClient, type SseMessage } from '../support/sse-client';
import { startTestServer, type TestServer } from '../support/test-server';

// A client resuming with Last-Event-ID after more events than one replay page (or the old cap of
// 10,000) must still get everything it missed, in order, once, and then the live events.
const OTHERS = 10_001;
const DENVER_SKU = randomUUID();

describe('resuming an event stream after more than 10,000 other events', () => {
  let server: TestServer;
  let owner: string;
  let baseUrl: string;
  let stores: { oakland: string; denver: string };
  /** The published head before the others were written: what the resuming client saw last. */
  let resumeFrom: number;
  let skuId: string; // on Oakland's online menu: the public stream speaks only of those
  let availabilitySeq: number;

  const db = () => server.platform.database.db;
  const receive = async (sku: string) => {
    await receivePackages(server, owner, stores.oakland, [{ label: newLabel(), skuId: sku, quantity: 7 }]);
    await server.platform.sequencer.wake();
  };
  const skuOf = (message: SseMessage) => JSON.parse(message.data).skuId as string | undefined;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    stores = await demoStores(server);
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    skuId = await menuSku(server, owner, stores.oakland, 'REPLAY-MENU-1');

    await server.platform.sequencer.wake();
    const head = await db().selectFrom('outbox_event').select((eb) => eb.fn.max('published_seq').as('max')).executeTakeFirstOrThrow();
    resumeFrom = Number(head.max);
    // Other events of the organization, in one statement, published by the sequencer like any
    // others: the same store's events of another type, and (every tenth) another store's availability.
    await sql`
      insert into outbox_event (event_id, type, organization_id, store_id, aggregate_type, aggregate_id, payload)
      select gen_random_uuid(),
             case when n % 10 = 0 then 'inventory.availability.changed' else 'platform.probe.recorded' end,
             ${server.organizationId}::uuid,
             case when n % 10 = 0 then ${stores.denver}::uuid else ${stores.oakland}::uuid end,
             'probe', n::text,
             case when n % 10 = 0
                  then jsonb_build_object('storeId', ${stores.denver}::text, 'skuId', ${DENVER_SKU}::text, 'available', n, 'onHand', n, 'reserved', 0)
                  else jsonb_build_object('n', n) end
        from generate_series(1, ${OTHERS}::int) n`.execute(db());
    await server.platform.sequencer.wake();
    // Then one availability change at Oakland, by a real delivery.
    await receive(skuId);
    const row = await db()
      .selectFrom('outbox_event')
      .select('published_seq')
      .where('type', '=', 'inventory.availability.changed')
      .where(sql<boolean>`payload->>'skuId' = ${skuId}`)
      .executeTakeFirstOrThrow();
    availabilitySeq = Number(row.published_seq);
    expect(availabilitySeq).toBeGreaterThan(resumeFrom + OTHERS);
    expect(server.platform.feed.position).toBeGreaterThanOrEqual(availabilitySeq);
  }, 180_000);
  afterAll(() => server?.close());

  it('public availability stream: the change after them arrives, and only that store’s availability', async () => {
    const stream = new SseClient(`${baseUrl}/v1/public/stores/${stores.oakland}/availability/stream`, { 'last-event-id': String(resumeFrom) });
    await stream.ready;
    const messages = await stream.waitFor((m) => m.some((x) => skuOf(x) === skuId), 20_000);
    stream.close();
    const mine = messages.find((x) => skuOf(x) === skuId)!;
    expect(mine).toMatchObject({ id: String(availabilitySeq), event: 'availability' });
    expect(JSON.parse(mine.data)).toEqual({ skuId, available: 7 });
    expect(messages.every((x) => x.event === 'availability' && skuOf(x) !== DENVER_SKU)).toBe(true);
  });

  it('staff stream filtered to the store and type: the change after them arrives', async () => {
    const stream = new SseClient(`${baseUrl}/v1/events/stream?storeId=${stores.oakland}&types=inventory.availability.*`, {
      cookie: owner,
      'last-event-id': String(resumeFrom),
    });
    await stream.ready;
    const messages = await stream.waitFor((m) => m.some((x) => JSON.parse(x.data).payload?.skuId === skuId), 20_000);
    stream.close();
    expect(messages.find((x) => JSON.parse(x.data).payload?.skuId === skuId)!.id).toBe(String(availabilitySeq));
    expect(messages.every((x) => x.event === 'inventory.availability.changed' && JSON.parse(x.data).storeId === stores.oakland)).toBe(true);
  });

  it('staff stream unfiltered: every event missed, in order, once, then what is published while it replays', async () => {
    const stream = new SseClient(`${baseUrl}/v1/events/stream?lastEventId=${resumeFrom}`, { cookie: owner });
    await stream.ready;
    // Published while the client is being replayed to: it must arrive once, after the others.
    const later = randomUUID();
    await receive(later);
    const messages = await stream.waitFor((m) => m.some((x) => JSON.parse(x.data).payload?.skuId === later), 30_000);
    await new Promise((r) => setTimeout(r, 200));
    stream.close();
    const ids = stream.messages.map((m) => Number(m.id));
    const published = await db()
      .selectFrom('outbox_event')
      .select('published_seq')
      .where('organization_id', '=', server.organizationId)
      .where('published_seq', '>', resumeFrom)
      .where('published_seq', '<=', Math.max(...ids))
      .orderBy('published_seq')
      .execute();
    expect(messages.length).toBeGreaterThan(OTHERS);
    expect(ids).toEqual(published.map((r) => Number(r.published_seq)));
  });

  it('the replay reads only the events the client is sent (filtered in SQL), page by page up to the head', async () => {
    const filter = { organizationId: server.organizationId, storeId: stores.oakland, types: ['inventory.availability.changed'] };
    const until = server.platform.feed.position;
    const read: number[] = [];
    for (let cursor = resumeFrom; cursor < until; ) {
      const page = await server.platform.feed.replayPage(cursor, until, filter);
      expect(page.cursor).toBeGreaterThan(cursor);
      for (const event of page.events) {
        expect(event).toMatchObject({ type: 'inventory.availability.changed', storeId: stores.oakland, organizationId: server.organizationId });
        read.push(event.seq);
      }
      cursor = page.cursor;
    }
    const matching = await db()
      .selectFrom('outbox_event')
      .select('published_seq')
      .where('organization_id', '=', server.organizationId)
      .where('store_id', '=', stores.oakland)
      .where('type', '=', 'inventory.availability.changed')
      .where('published_seq', '>', resumeFrom)
      .where('published_seq', '<=', until)
      .orderBy('published_seq')
      .execute();
    expect(read).toEqual(matching.map((r) => Number(r.published_seq)));
    expect(read).toContain(availabilitySeq);
  });

  it('refuses a Last-Event-ID that is not an id of the stream with 400 and the header named', async () => {
    for (const [url, cookie] of [
      [`/v1/events/stream`, owner],
      [`/v1/public/stores/${stores.oakland}/availability/stream`, undefined],
    ] as const) {
      for (const id of ['abc', '1.5', '-3', '99999999999999999999']) {
        const response = await server.request({ method: 'GET', url, cookie, headers: { 'last-event-id': id } });
        expect(response.statusCode, `${url} ${id}`).toBe(400);
        expect(response.json().error).toMatchObject({ code: 'INVALID_LAST_EVENT_ID', details: { path: ['headers', 'last-event-id'] } });
      }
    }
  });
  it('a blank lastEventId or Last-Event-ID is none: the stream starts at now, it does not replay every event there is', async () => {
    for (const [query, headers] of [
      ['?lastEventId=', {}],
      ['', { 'last-event-id': '' }],
    ] as const) {
      const stream = new SseClient(`${baseUrl}/v1/events/stream${query}`, { cookie: owner, ...headers });
      await stream.ready;
      const fresh = randomUUID();
      await receive(fresh);
      await stream.waitFor((m) => m.some((x) => JSON.parse(x.data).payload?.skuId === fresh), 20_000);
      stream.close();
      // Only what was published after it connected: nothing from before (the 10,001 others above).
      expect(Math.min(...stream.messages.map((m) => Number(m.id))), JSON.stringify(headers)).toBeGreaterThan(availabilitySeq);
    }
  });
});
