import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, badRequest, notFound } from '../../platform/errors';
import type { Actor } from '../../platform/context';
import type { Db } from '../../platform/unit-of-work';
import { blankIsAbsent, errorResponses, mutate, organizationOf, requireActor, storesVisibleTo, type RoutePlugin } from '../../platform/http';
import { SESSION_COOKIE } from '../../platform/session-cookie';
import { staffActorNow } from '../staff';
import { onlineMenuSkuIds, ONLINE_MENU_CACHE_MS } from '../search';
import { assertStoreOpen, type StoreStatus } from '../organizations/organizations.service';
import { resendDeadLetter } from './dead-letters';
import { eventMatches, type EventFilter } from './event-feed';
import type { PublishedEvent } from './event-types';

const HEARTBEAT_MS = 15_000;
/** How often a signed-in stream checks that its caller may still read it (deactivated, signed out, moved). */
const RECHECK_MS = 5_000;
/** Open public availability streams a server keeps at most (each holds a socket and a subscription). */
const PUBLIC_STREAMS_MAX = 2_000;

export const eventRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;
  const open = new Set<ServerResponse>();
  const publicStreams = new Set<ServerResponse>();
  // Long-lived streams would hold shutdown open; end them first so in-flight requests can drain.
  api.addHook('preClose', async () => {
    for (const response of open) response.end(() => response.socket?.destroy());
  });

  api.get(
    '/v1/events/stream',
    {
      config: { permission: 'events:read' },
      schema: {
        tags: ['events'],
        summary: 'Live domain events as Server-Sent Events; resume with Last-Event-ID',
        description:
          'Each message has `id` (the event’s published sequence number), `event` (its type) and `data` (JSON). ' +
          'Reconnect with the Last-Event-ID header (or lastEventId query parameter) to receive what was missed, however much, in order, then the live events; ' +
          'a Last-Event-ID that is not a whole number is 400 INVALID_LAST_EVENT_ID; a blank one (header or parameter) is none, and the stream starts at now. ' +
          'A caller limited to some stores receives those stores’ events and the organization’s own events without a store; a storeId outside theirs is 403 STORE_NOT_ALLOWED. ' +
          'The stream ends (within 5 s) when its caller is deactivated, signed out, their key revoked, or their role or stores change: reconnecting with Last-Event-ID is judged on who they are then. ' +
          'A Last-Event-ID past the last event published (a client of the database before a restore) resumes from the last one.',
        querystring: z
          .object({
            storeId: z.uuid().optional(),
            types: z.string().max(1000).optional().describe('Comma-separated event types; a trailing * matches a prefix'),
            lastEventId: blankIsAbsent(z.coerce.number().int().min(0)),
          })
          .strict(),
      },
    },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      const { storeId } = request.query;
      // Checked before the stream opens: naming another store is 403, as for every list.
      const opened = requireActor(request);
      const stores = storesVisibleTo(opened, storeId);
      const types = request.query.types?.split(',').map((t) => t.trim()).filter(Boolean) ?? ['*'];
      await streamEvents(request, reply, {
        filter: { organizationId, storeId, stores, types },
        resumeFrom: request.query.lastEventId,
        message: (event) => ({ type: event.type, data: event }),
        // The filter was made for the caller as they were when the stream opened; a stream stays
        // open for hours. Deactivated, signed out, key revoked, locked register, another role or
        // other stores: the stream ends, and the client's reconnection (with Last-Event-ID, so
        // nothing is lost) is judged on who they are now.
        stillAllowed: async () => {
          const now = await actorNow(db, request);
          return now !== null && now.permissions.has('events:read') && now.organizationId === opened.organizationId && sameStores(now.storeIds, opened.storeIds);
        },
      });
    },
  );

  api.get(
    '/v1/public/stores/:storeId/availability/stream',
    {
      config: { public: true },
      schema: {
        tags: ['storefront'],
        summary: 'Public: a store’s availability as it changes, as Server-Sent Events (for menus and storefronts)',
        description:
          'One `availability` message `{ skuId, available }` per stock change at the store (a sale at the register, a hold, a delivery, a recount): a menu shows ' +
          'an item selling out in the store at once. Only for the SKUs the store’s online menu lists (those `GET /v1/public/stores/{storeId}/products` shows; a change to the menu ' +
          `reaches open streams within ${ONLINE_MENU_CACHE_MS / 1000} s): nothing is sent about any other. ` +
          'Each message has `id`; reconnect with Last-Event-ID (or lastEventId) to receive what was missed, however much, in order ' +
          '(a Last-Event-ID that is not a whole number is 400 INVALID_LAST_EVENT_ID; a blank one is none). ' +
          `At most ${PUBLIC_STREAMS_MAX} open at once per server (503 STREAMS_FULL). ` +
          'A store that is closed or retired opens no stream (409 STORE_NOT_OPEN, path params.storeId); staff follow its stock on `GET /v1/events/stream`. ' +
          'When the store closes or retires while a stream is open, the stream sends one last message, `status` `{ storeId, status }` (`closed` or `retired`), and ends: ' +
          'the menu shows the store closed and closes its EventSource (reconnecting would be 409 STORE_NOT_OPEN).',
        security: [],
        params: z.object({ storeId: z.uuid() }).strict(),
        querystring: z.object({ lastEventId: blankIsAbsent(z.coerce.number().int().min(0)) }).strict(),
      },
    },
    async (request, reply) => {
      const { storeId } = request.params;
      // Every event published up to here was committed before the status is read below, so a
      // closure the read does not see comes after this position: the stream starts from it and
      // cannot miss that closure.
      const statusReadFrom = platform.feed.position;
      const { organizationId } = await assertStoreOpen(db, null, storeId, ['params', 'storeId']);
      if (publicStreams.size >= PUBLIC_STREAMS_MAX) throw new AppError(503, 'STREAMS_FULL', 'Too many live menus are open on this server; try again shortly.');
      let menu = await onlineMenuSkuIds(db, storeId, { fresh: true });
      let menuReadAt = Date.now();
      await streamEvents(request, reply, {
        filter: { organizationId, storeId, types: ['inventory.availability.changed', STORE_UPDATED] },
        resumeFrom: request.query.lastEventId ?? statusReadFrom,
        // What a shopper may see: the item and how many can be bought, not the counters behind it,
        // and only of the SKUs the store's online menu lists (as the public availability read).
        message: (event) => {
          // A closure published before the status was read is history: the read saw the store open again since.
          if (event.type === STORE_UPDATED) return event.seq > statusReadFrom ? storeStatusMessage(event) : null;
          const { skuId, available } = event.payload as { skuId: string; available: number };
          if (Date.now() - menuReadAt >= ONLINE_MENU_CACHE_MS) {
            menuReadAt = Date.now();
            onlineMenuSkuIds(db, storeId).then(
              (skuIds) => (menu = skuIds),
              (error) => request.log.warn({ err: error }, 'could not read the online menu again; the stream keeps the last one'),
            );
          }
          return menu.has(skuId) ? { type: 'availability', data: { skuId, available } } : null;
        },
        track: publicStreams,
      });
    },
  );

  /**
   * Serves events as Server-Sent Events until the client goes: those `filter` lets through, each
   * as the type and data `message` makes of it, from `resumeFrom` (the Last-Event-ID header wins)
   * or from now.
   */
  async function streamEvents(
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      filter: EventFilter;
      resumeFrom: number | undefined;
      /** The message an event becomes; null sends nothing for it, and `last` ends the stream after it. */
      message: (event: PublishedEvent) => StreamMessage | null;
      track?: Set<ServerResponse>;
      /** Checked every RECHECK_MS: false ends the stream. */
      stillAllowed?: () => Promise<boolean>;
    },
  ): Promise<void> {
    const header = request.headers['last-event-id'];
    // A blank one is none, as a blank `lastEventId=` is: it must not replay every event there is.
    const lastEventId = (Array.isArray(header) ? header[0] : header)?.trim() || undefined;
    // The ids this server sends are whole numbers; anything else cannot say where the client stopped.
    if (lastEventId !== undefined && !/^\d{1,15}$/.test(lastEventId)) {
      throw badRequest('INVALID_LAST_EVENT_ID', 'Last-Event-ID must be the id of a message of this stream (a whole number).', { path: ['headers', 'last-event-id'] });
    }
    const asked = Number(lastEventId ?? options.resumeFrom ?? NaN);
    // An id past everything this database has published was handed out by another history of it
    // (a restored backup numbers its events again from below what clients saw): resuming "after"
    // it would send nothing until the new numbers pass the old ones. Resume from the head instead.
    const resumeFrom = asked > platform.feed.position ? Math.min(asked, await platform.feed.publishedHead()) : asked;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': String(request.id),
    });
    raw.write(`retry: 2000\n: connected\n\n`);
    open.add(raw);
    options.track?.add(raw);

    // Shutdown ends the response before its close event: nothing may be written after that.
    const write = (text: string) => (raw.writableEnded || raw.destroyed ? true : raw.write(text));
    let lastSent = Number.isFinite(resumeFrom) ? resumeFrom : platform.feed.position;
    const send = (event: PublishedEvent) => {
      if (event.seq <= lastSent || !eventMatches(options.filter, event)) return;
      lastSent = event.seq;
      const message = options.message(event);
      if (!message) return;
      write(`id: ${event.seq}\nevent: ${message.type}\ndata: ${JSON.stringify(message.data)}\n\n`);
      if (message.last) raw.end();
    };
    // Until the replay has caught up with what the feed handed out, the feed's events are not
    // kept here (a busy store would grow that list without bound): the replay reads them back.
    let live = !Number.isFinite(resumeFrom);
    const unsubscribe = platform.feed.subscribe((event) => {
      if (live) send(event);
    });
    const heartbeat = setInterval(() => write(`: keep-alive\n\n`), HEARTBEAT_MS);
    let closed = false;
    const { stillAllowed } = options;
    const recheck = stillAllowed
      ? setInterval(() => {
          stillAllowed().then(
            (allowed) => {
              if (!allowed && !closed) raw.end();
            },
            // The database not answering says nothing about the caller: keep the stream, check again.
            (error) => request.log.warn({ err: error }, 'could not check a stream’s caller; checking again shortly'),
          );
        }, RECHECK_MS)
      : null;
    const close = () => {
      closed = true;
      clearInterval(heartbeat);
      if (recheck) clearInterval(recheck);
      unsubscribe();
      open.delete(raw);
      options.track?.delete(raw);
    };
    request.raw.on('close', close);
    raw.on('close', close);
    if (live) return;

    // Page by page from the table up to the feed's position, then live. The feed hands out events
    // in seq order, synchronously as it moves its position: once the replay has read up to the
    // position seen in the same turn that switches to live, every event up to it was replayed and
    // every later one is yet to come from the feed. Nothing is missed, nothing sent twice.
    try {
      let cursor = resumeFrom;
      for (;;) {
        const until = platform.feed.position;
        if (cursor >= until) break;
        const page = await platform.feed.replayPage(cursor, until, options.filter);
        if (closed) return;
        for (const event of page.events) send(event);
        // A last message (the store closed) ended the stream: nothing more is read for it.
        if (raw.writableEnded) return;
        cursor = page.cursor;
        // A slow client holds the replay, not the server's memory.
        if (raw.writableNeedDrain && !closed) await drained(raw);
        if (closed) return;
      }
      live = true;
    } catch (error) {
      // At shutdown the response is ended before the database closes: that is no failure.
      if (raw.writableEnded) return;
      request.log.error({ err: error }, 'replaying events to a stream failed; the client reconnects from the last id it got');
      raw.end();
    }
  }

  /** Resolves when the response can take more, or when it is gone. */
  function drained(raw: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        raw.off('drain', done);
        raw.off('close', done);
        resolve();
      };
      raw.on('drain', done);
      raw.on('close', done);
    });
  }

  const deadLetter = z
    .object({
      id: z.number(),
      subscriber: z.string(),
      attempts: z.number(),
      lastError: z.string().nullable(),
      updatedAt: z.string(),
      event: z.object({ seq: z.number().nullable(), type: z.string(), storeId: z.uuid().nullable(), aggregateType: z.string(), aggregateId: z.string(), payload: z.unknown() }),
    })
    .meta({ id: 'DeadLetter' });

  api.get(
    '/v1/events/dead-letters',
    {
      config: { permission: 'events:manage' },
      schema: {
        tags: ['events'],
        summary: 'Deliveries that gave up after their last try',
        description: 'A caller limited to some stores sees those of their stores’ events and of the organization’s own events without a store.',
        querystring: z.object({ subscriber: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
        response: { 200: z.object({ deadLetters: z.array(deadLetter) }), ...errorResponses },
      },
    },
    async (request) => {
      let query = db
        .selectFrom('outbox_delivery as d')
        .innerJoin('outbox_event as e', 'e.id', 'd.event_id')
        .select(['d.id', 'd.subscriber', 'd.attempts', 'd.last_error', 'd.updated_at', 'e.published_seq', 'e.type', 'e.store_id', 'e.aggregate_type', 'e.aggregate_id', 'e.payload'])
        .where('d.status', '=', 'dead')
        .where('e.organization_id', '=', organizationOf(request));
      if (request.query.subscriber) query = query.where('d.subscriber', '=', request.query.subscriber);
      const stores = storesVisibleTo(requireActor(request));
      if (stores) query = query.where((eb) => eb.or([eb('e.store_id', 'is', null), eb('e.store_id', 'in', [...stores])]));
      const rows = await query.orderBy('d.id').limit(request.query.limit).execute();
      return {
        deadLetters: rows.map((row) => ({
          id: row.id,
          subscriber: row.subscriber,
          attempts: row.attempts,
          lastError: row.last_error,
          updatedAt: new Date(row.updated_at).toISOString(),
          event: { seq: row.published_seq, type: row.type, storeId: row.store_id, aggregateType: row.aggregate_type, aggregateId: row.aggregate_id, payload: row.payload },
        })),
      };
    },
  );

  api.post(
    '/v1/events/dead-letters/:id/retry',
    {
      config: { permission: 'events:manage' },
      schema: {
        tags: ['events'],
        summary: 'Send a dead-lettered delivery again',
        description: '403 STORE_NOT_ALLOWED for a delivery of an event of a store outside the caller’s; 404 NOT_FOUND for an unknown id or one not dead. A refusal changes nothing.',
        params: z.object({ id: z.coerce.number().int().positive() }).strict(),
        response: { 202: z.object({ id: z.number(), status: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      const body = await mutate(platform, request, reply, async (uow) => {
        const row = await resendDeadLetter(uow, organizationId, request.params.id);
        if (!row) throw notFound('Dead letter', String(request.params.id));
        return { status: 202, body: row };
      });
      void platform.deliveries.wake();
      return body;
    },
  );
};

/** A message of a stream: its SSE event type and data; `last` ends the stream once it is sent. */
interface StreamMessage {
  type: string;
  data: unknown;
  last?: boolean;
}

/** Published with the store whenever it changes: its name, its address, its status. */
const STORE_UPDATED = 'organizations.store.updated';

/**
 * A menu's stream is of a store that sells: a change that leaves it closed or retired is the
 * stream's last message (its status, nothing else of the store), and any other change of the
 * store is none of the shopper's business.
 */
function storeStatusMessage(event: PublishedEvent): StreamMessage | null {
  const { store } = event.payload as { store: { id: string; status: StoreStatus } };
  return store.status === 'open' ? null : { type: 'status', data: { storeId: store.id, status: store.status }, last: true };
}

/** The caller as their credential says now (the server's onRequest hook does the same at the start). */
function actorNow(db: Db, request: FastifyRequest): Promise<Actor | null> {
  return staffActorNow(db, { authorization: request.headers.authorization, sessionCookie: request.cookies[SESSION_COOKIE] });
}

const sameStores = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));
