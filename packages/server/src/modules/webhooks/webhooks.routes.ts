import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { conflict } from '../../platform/errors';
import { assertEveryStore, errorResponses, idParams, mutate, mutateOnce, organizationOf, requireActor, somethingToChange, type RoutePlugin } from '../../platform/http';
import type { Platform } from '../../platform/platform';
import type { UnitOfWork } from '../../platform/unit-of-work';
import { refreshFanOutPatterns, webhookWorkerOf } from './webhooks.module';
import {
  createSubscription,
  deleteSubscription,
  getDelivery,
  getSubscription,
  listDeliveries,
  listSubscriptions,
  redeliver,
  rotateSecret,
  updateSubscription,
} from './webhooks.service';

const subscription = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()),
    active: z.boolean(),
    secretHint: z.string().describe('The last characters of the signing secret; the secret itself is never shown again'),
    previousSecretHint: z.string().nullable(),
    previousSecretExpiresAt: z.string().nullable(),
    circuit: z.object({
      state: z.enum(['closed', 'open', 'half_open']),
      consecutiveFailures: z.number(),
      openedAt: z.string().nullable(),
      retryAt: z.string().nullable(),
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WebhookSubscription' });

const withSecret = subscription
  .extend({ secret: z.string().optional().describe('Present only when the server generated the secret: shown this once') })
  .meta({ id: 'WebhookSubscriptionWithSecret' });

const deliveryStatus = z.enum(['pending', 'processing', 'succeeded', 'failed']);

const delivery = z
  .object({
    id: z.uuid(),
    subscriptionId: z.uuid(),
    eventId: z.uuid(),
    eventType: z.string(),
    status: deliveryStatus,
    attempts: z.number(),
    lastStatusCode: z.number().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });

const attempt = z
  .object({
    attempt: z.number(),
    probe: z.boolean().describe('Sent as the half-open probe of an open circuit'),
    startedAt: z.string(),
    durationMs: z.number(),
    statusCode: z.number().nullable(),
    outcome: z.enum(['succeeded', 'http_error', 'timeout', 'network_error']),
    error: z.string().nullable(),
  })
  .meta({ id: 'WebhookDeliveryAttempt' });

// Shape only; what makes a URL or a pattern acceptable is checked by the service, which answers
// WEBHOOK_URL_INVALID / WEBHOOK_EVENT_PATTERN_INVALID with the field path.
const input = z
  .object({
    url: z.string().trim().min(1).max(2000),
    eventTypes: z.array(z.string().trim().min(1).max(200)).min(1).max(50),
    description: z.string().trim().max(500).optional(),
    active: z.boolean().optional(),
    secret: z.string().max(200).optional().describe('Bring your own secret (24+ visible ASCII characters); omit to have one generated'),
  })
  .strict();

const subscriptionParams = z.object({ id: z.uuid(), deliveryId: z.uuid() }).strict();

const shownOnce =
  'A generated secret is in this answer only: the answer an Idempotency-Key keeps leaves it out, so a retry with the same key is 409 WEBHOOK_SECRET_SHOWN_ONCE ' +
  'naming the subscription (details.webhookId); rotate its secret to get one you can read.';

/**
 * A write whose answer may carry a generated signing secret (creating a subscription, rotating its
 * secret): the answer an Idempotency-Key keeps is the subscription without it (the secret lives on
 * the subscription row, which signs with it, and nowhere else), and a retry of a lost answer is 409
 * WEBHOOK_SECRET_SHOWN_ONCE naming the subscription. A secret the caller brought is never echoed,
 * so its retry is an ordinary replay.
 */
async function withSecretShownOnce<T extends { id: string; secret?: string }>(
  platform: Platform,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  work: (uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  const shown: { secret?: string } = {};
  // A secret the caller brought stays out of what the Idempotency-Key hashes (a fast, unsalted
  // hash kept with the key), as a password or PIN does: a retry is the same request whatever it says.
  const sent = request.body as { secret?: string } | undefined;
  const identity = sent?.secret === undefined ? sent : { ...sent, secret: '<set>' };
  const { body, replayed } = await mutateOnce(
    platform,
    request,
    reply,
    async (uow) => {
      const { secret, ...view } = await work(uow);
      shown.secret = secret;
      return { status, body: view as Omit<T, 'secret'> };
    },
    { body: identity },
  );
  if (shown.secret !== undefined) return { ...body, secret: shown.secret } as T;
  const generated = sent?.secret === undefined;
  if (replayed && generated) {
    throw conflict(
      'WEBHOOK_SECRET_SHOWN_ONCE',
      'This request already made its signing secret, which was shown once and is not kept with the answer. Rotate the subscription’s secret to get a new one.',
      { webhookId: body.id },
    );
  }
  return body as T;
}

export const webhookRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;
  const tags = ['webhooks'];
  const permission = 'webhooks:manage';
  // A subscription receives the events of every store (and its deliveries show their bodies), so
  // webhooks are for staff of every store, like the organization's other settings.
  const everyStore = async (request: FastifyRequest) => assertEveryStore(requireActor(request), 'manage webhooks: a webhook receives the events of every store');
  const description = 'For staff of every store: a webhook receives the events of every store, so staff limited to some stores get 403 STORE_NOT_ALLOWED.';

  api.get(
    '/v1/webhooks',
    { config: { permission }, preHandler: everyStore, schema: { tags, summary: 'List webhook subscriptions', description, response: { 200: z.object({ webhooks: z.array(subscription) }), ...errorResponses } } },
    async (request) => ({ webhooks: await listSubscriptions(db, organizationOf(request)) }),
  );

  api.post(
    '/v1/webhooks',
    {
      config: { permission },
      preHandler: everyStore,
      schema: {
        tags,
        summary: 'Subscribe a URL to events; the generated signing secret is returned once',
        description: `${description} ${shownOnce}`,
        body: input,
        response: { 201: withSecret, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = await withSecretShownOnce(platform, request, reply, 201, (uow) => createSubscription(uow, organizationOf(request), request.body));
      await refreshFanOutPatterns(platform);
      return body;
    },
  );

  api.get(
    '/v1/webhooks/:id',
    { config: { permission }, preHandler: everyStore, schema: { tags, summary: 'One webhook subscription', description, params: idParams, response: { 200: subscription, ...errorResponses } } },
    async (request) => getSubscription(db, organizationOf(request), request.params.id),
  );

  api.patch(
    '/v1/webhooks/:id',
    {
      config: { permission },
      preHandler: everyStore,
      schema: {
        tags,
        summary: 'Change URL, event types, description or active flag',
        description,
        params: idParams,
        body: somethingToChange(input.omit({ secret: true }).partial().strict()),
        response: { 200: subscription, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = await mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await updateSubscription(uow, organizationOf(request), request.params.id, request.body),
      }));
      await refreshFanOutPatterns(platform);
      return body;
    },
  );

  api.delete(
    '/v1/webhooks/:id',
    { config: { permission }, preHandler: everyStore, schema: { tags, summary: 'Delete a subscription and its delivery log', description, params: idParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await mutate(platform, request, reply, async (uow) => {
        await deleteSubscription(uow, organizationOf(request), request.params.id);
        return { status: 204, body: null };
      });
      await refreshFanOutPatterns(platform);
      return null;
    },
  );

  api.post(
    '/v1/webhooks/:id/rotate-secret',
    {
      config: { permission },
      preHandler: everyStore,
      schema: {
        tags,
        summary: 'New signing secret; the old one keeps signing alongside until the overlap ends',
        description: `${description} ${shownOnce}`,
        params: idParams,
        body: z
          .object({
            overlapSeconds: z.number().int().min(0).max(7 * 86_400).default(86_400),
            secret: z.string().max(200).optional(),
          })
          .strict()
          .default({ overlapSeconds: 86_400 }),
        response: { 200: withSecret, ...errorResponses },
      },
    },
    async (request, reply) => withSecretShownOnce(platform, request, reply, 200, (uow) => rotateSecret(uow, organizationOf(request), request.params.id, request.body)),
  );

  api.get(
    '/v1/webhooks/:id/deliveries',
    {
      config: { permission },
      preHandler: everyStore,
      schema: {
        tags,
        summary: 'The delivery log of a subscription, newest first',
        description,
        params: idParams,
        querystring: z
          .object({
            status: deliveryStatus.optional(),
            eventType: z.string().max(200).optional(),
            before: z.uuid().optional().describe('Page: deliveries older than this id'),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          })
          .strict(),
        response: { 200: z.object({ deliveries: z.array(delivery) }), ...errorResponses },
      },
    },
    async (request) => ({ deliveries: await listDeliveries(db, organizationOf(request), request.params.id, request.query) }),
  );

  api.get(
    '/v1/webhooks/:id/deliveries/:deliveryId',
    {
      config: { permission },
      preHandler: everyStore,
      schema: {
        tags,
        summary: 'One delivery with the body sent and every attempt',
        description,
        params: subscriptionParams,
        response: { 200: delivery.extend({ body: z.unknown(), attemptLog: z.array(attempt) }), ...errorResponses },
      },
    },
    async (request) => getDelivery(db, organizationOf(request), request.params.id, request.params.deliveryId),
  );

  api.post(
    '/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      config: { permission },
      preHandler: everyStore,
      schema: {
        tags,
        summary: 'Send a delivery again (same delivery id and body, fresh tries)',
        description,
        params: subscriptionParams,
        response: { 202: delivery, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = await mutate(platform, request, reply, async (uow) => ({
        status: 202,
        body: await redeliver(uow, organizationOf(request), request.params.id, request.params.deliveryId),
      }));
      void webhookWorkerOf(platform)?.wake();
      return body;
    },
  );
};
