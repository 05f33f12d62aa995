import { z } from 'zod';
import { assertEveryStore, errorResponses, idParams, mutate, organizationOf, requireActor, storesVisibleTo, type RoutePlugin } from '../../platform/http';
import { refreshRulePatterns } from './alerts.module';
import { changeAlertStatus, effectiveRules, getAlert, listAlerts, putRule, toRuleView } from './alerts.service';

const severity = z.enum(['info', 'warning', 'critical']);

const alert = z
  .object({
    id: z.uuid(),
    storeId: z.uuid().nullable(),
    ruleKey: z.string(),
    kind: z.string(),
    severity,
    title: z.string(),
    details: z.unknown(),
    sourceEventId: z.uuid().nullable(),
    sourceEventType: z.string().nullable(),
    status: z.enum(['open', 'acknowledged', 'resolved']),
    dedupeKey: z.string(),
    occurrences: z.number().describe('How many times the condition was seen while this alert was unresolved'),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolvedBy: z.string().nullable(),
  })
  .meta({ id: 'Alert' });

const rule = z
  .object({
    key: z.string(),
    builtIn: z.boolean(),
    ruleType: z.enum(['event', 'queue_age']),
    eventPattern: z.string().nullable(),
    resolveEventPattern: z.string().nullable().describe('The event that ends the condition: it resolves the unresolved alert with the same dedupe key'),
    source: z.string().nullable(),
    thresholdMinutes: z.number().nullable(),
    kind: z.string(),
    severity,
    titleTemplate: z.string(),
    dedupeTemplate: z.string(),
    active: z.boolean(),
  })
  .meta({ id: 'AlertRule' });

const ruleInput = z
  .object({
    ruleType: z.enum(['event', 'queue_age']),
    eventPattern: z.string().max(200).optional(),
    resolveEventPattern: z.string().max(200).optional(),
    source: z.string().regex(/^[a-z][a-z0-9_.-]{0,99}$/).optional(),
    thresholdMinutes: z.number().int().min(0).max(525_600).optional(),
    kind: z.string().trim().min(1).max(100),
    severity,
    titleTemplate: z.string().trim().min(1).max(300),
    dedupeTemplate: z.string().trim().min(1).max(300),
    active: z.boolean().optional(),
  })
  .strict();

// Optional: a POST with no body at all (no content type) arrives as null, not undefined.
const note = z.object({ note: z.string().trim().max(1000).optional() }).strict().nullish();

export const alertRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;
  const tags = ['alerts'];

  api.get(
    '/v1/alerts',
    {
      config: { permission: 'alerts:read' },
      schema: {
        tags,
        summary: 'Alerts, newest first',
        description: 'A caller limited to some stores sees those stores’ alerts and the organization-wide ones; a storeId outside theirs is 403 STORE_NOT_ALLOWED.',
        querystring: z
          .object({
            status: z.enum(['open', 'acknowledged', 'resolved', 'unresolved']).optional(),
            severity: severity.optional(),
            kind: z.string().max(100).optional(),
            storeId: z.uuid().optional(),
            before: z.uuid().optional().describe('Page: alerts older than this id'),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          })
          .strict(),
        response: { 200: z.object({ alerts: z.array(alert) }), ...errorResponses },
      },
    },
    async (request) => ({ alerts: await listAlerts(db, organizationOf(request), storesVisibleTo(requireActor(request), request.query.storeId), request.query) }),
  );

  api.get(
    '/v1/alerts/rules',
    {
      config: { permission: 'alerts:read' },
      schema: { tags, summary: 'Alert rules in force: built-in ones and the organization’s own', response: { 200: z.object({ rules: z.array(rule) }), ...errorResponses } },
    },
    async (request) => ({ rules: (await effectiveRules(db, organizationOf(request))).map(toRuleView) }),
  );

  api.put(
    '/v1/alerts/rules/:key',
    {
      config: { permission: 'alerts:manage' },
      schema: {
        tags,
        summary: 'Create or replace a rule; using a built-in rule’s key replaces it for this organization',
        description: 'Rules are the organization’s and watch every store, so they are for staff of every store: staff limited to some stores get 403 STORE_NOT_ALLOWED.',
        params: z.object({ key: z.string().regex(/^[a-z][a-z0-9_.-]{0,99}$/, 'lower-case letters, digits, . _ -') }).strict(),
        body: ruleInput,
        response: { 200: rule, ...errorResponses },
      },
    },
    async (request, reply) => {
      assertEveryStore(requireActor(request), 'set alert rules: they watch every store');
      const body = await mutate(platform, request, reply, async (uow) => ({ status: 200, body: await putRule(uow, organizationOf(request), request.params.key, request.body) }));
      await refreshRulePatterns(platform);
      return body;
    },
  );

  api.get(
    '/v1/alerts/:id',
    {
      config: { permission: 'alerts:read' },
      schema: { tags, summary: 'One alert', description: '403 STORE_NOT_ALLOWED for an alert of a store outside the caller’s; 404 NOT_FOUND.', params: idParams, response: { 200: alert, ...errorResponses } },
    },
    async (request) => getAlert(db, organizationOf(request), requireActor(request), request.params.id),
  );

  for (const [action, status] of [
    ['acknowledge', 'acknowledged'],
    ['resolve', 'resolved'],
  ] as const) {
    api.post(
      `/v1/alerts/:id/${action}`,
      {
        config: { permission: 'alerts:manage' },
        schema: {
          tags,
          summary: action === 'acknowledge' ? 'Acknowledge an open alert (someone is on it)' : 'Resolve an alert; a new occurrence raises a new one',
          description:
            '403 STORE_NOT_ALLOWED for an alert of a store outside the caller’s, and for an alert of no one store (it concerns every store) when the caller is limited to some stores; 404 NOT_FOUND. A refusal changes nothing.',
          params: idParams,
          body: note,
          response: { 200: alert, ...errorResponses },
        },
      },
      async (request, reply) =>
        mutate(platform, request, reply, async (uow) => ({
          status: 200,
          body: await changeAlertStatus(uow, organizationOf(request), request.params.id, status, request.body?.note ?? null),
        })),
    );
  }
};
