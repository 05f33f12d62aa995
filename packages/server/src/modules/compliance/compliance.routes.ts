import { evaluateRequestSchema, evaluateResponseSchema, listJurisdictions } from '@verdant/rules';
import { z } from 'zod';
import { assertStoreAccess, errorResponses, errorSchema, idParams, mutate, organizationOf, requireActor, storesVisibleTo, type RoutePlugin } from '../../platform/http';
import { customerSecrets, secretDigest } from '../customers';
import { evaluateForCheckout } from './checkout-evaluation';
import { assertOwnReferences, eventsCsv, listEvents, recordOverride, recordRefusal } from './compliance-log';
import {
  checkInput,
  checkResult,
  complianceEvent,
  eventCsvQuery,
  eventListQuery,
  idScanInput,
  jurisdictionSummary,
  manualIdInput,
  overrideInput,
  refusalInput,
  ruleOverride,
  ruleOverrideInput,
  taxSetting,
  taxSettingInput,
  valueIdParams,
} from './compliance.schemas';
import { checkManualId, checkScannedId, type IdCheckOutcome } from './id-check.service';
import { rulesCall, runEvaluation } from './rules-engine';
import { pickupModeNotOffered } from './store-pickup-modes';
import { addTaxSetting, deleteRuleOverride, listRuleOverrides, listTaxSettings, overridesFor, putRuleOverride, storeFor, withdrawTaxSetting } from './store-rules';

const withUnprocessable = { ...errorResponses, 422: errorSchema };

/** The request's own URL (path and filters) continuing after `cursor`: the next page. */
function withCursor(url: string, cursor: string): string {
  const next = new URL(url, 'http://verdant.invalid');
  next.searchParams.set('cursor', cursor);
  return `${next.pathname}${next.search}`;
}

const idCheckResult = z
  .object({
    verification: z.object({
      id: z.uuid(),
      customerId: z.uuid(),
      storeId: z.uuid().nullable(),
      documentType: z.string(),
      issuingJurisdiction: z.string(),
      expiresOn: z.string(),
      method: z.enum(['scan', 'manual']),
      idNumberMasked: z.string().nullable(),
      idNumberHashed: z.boolean(),
      privacyRule: z.string(),
      verifiedBy: z.string().nullable(),
      verifiedByType: z.string(),
      verifiedAt: z.string(),
    }),
    ageYears: z.number().int(),
    minimumAge: z.number().int(),
    profileBirthDateCorrected: z.boolean(),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'IdCheckResult' });

/** An accepted check answers 201; a refusal answers its error *after* the refusal is committed. */
const idCheckAnswer = (outcome: IdCheckOutcome): { status: number; body: unknown } =>
  outcome.ok
    ? { status: 201, body: { verification: outcome.verification, ageYears: outcome.ageYears, minimumAge: outcome.minimumAge, profileBirthDateCorrected: outcome.profileBirthDateCorrected, warnings: outcome.warnings } }
    : { status: outcome.status, body: outcome.body };

export const complianceRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;

  // ---- rules API: the same engine checkout uses ---------------------------------------------

  api.post(
    '/v1/rules/evaluate',
    {
      config: { permission: 'rules:evaluate' },
      schema: {
        tags: ['rules'],
        summary: 'Evaluate a cart against a jurisdiction pack: purchase limits, age, card, hours, delivery, product caps and taxes',
        description:
          'Takes exactly the @verdant/rules request and returns its response. With ?storeId the store’s overrides of unsure pack values apply. ' +
          'A delivery under a pack that wants the customer pre-verified (US-MA) is refused (DELIVERY_PRE_VERIFICATION_REQUIRED) unless customer.deliveryPreVerified is true. ' +
          'Errors: 404 JURISDICTION_UNKNOWN; 422 NO_PACK_IN_EFFECT (date outside every effective range); 400 VALIDATION_FAILED with the field path.',
        querystring: z.object({ storeId: z.uuid().optional() }).strict(),
        body: evaluateRequestSchema,
        response: { 200: evaluateResponseSchema, ...withUnprocessable },
      },
    },
    async (request) => {
      let overrides;
      if (request.query.storeId) {
        const store = await storeFor(db, organizationOf(request), request.query.storeId);
        assertStoreAccess(requireActor(request), store.id);
        overrides = await overridesFor(db, store.id);
      }
      return runEvaluation(request.body, overrides);
    },
  );

  api.get(
    '/v1/rules/jurisdictions',
    {
      config: { permission: 'rules:evaluate' },
      schema: {
        tags: ['rules'],
        summary: 'Jurisdiction packs: effective ranges, sources, change dates and unsure values',
        response: { 200: z.object({ jurisdictions: z.array(jurisdictionSummary) }), ...errorResponses },
      },
    },
    async () => ({ jurisdictions: rulesCall(() => listJurisdictions(), []) }),
  );

  // ---- store rule overrides and local tax rates ---------------------------------------------

  api.get(
    '/v1/stores/:id/rule-overrides',
    {
      config: { permission: 'compliance:read' },
      schema: {
        tags: ['compliance'],
        summary: 'The store’s overrides of unsure pack values',
        description: '403 STORE_NOT_ALLOWED for a store outside the caller’s; 404 NOT_FOUND for an unknown store.',
        params: idParams,
        response: { 200: z.object({ overrides: z.array(ruleOverride) }), ...errorResponses },
      },
    },
    async (request) => {
      assertStoreAccess(requireActor(request), request.params.id);
      return { overrides: await listRuleOverrides(db, organizationOf(request), request.params.id) };
    },
  );

  api.put(
    '/v1/stores/:id/rule-overrides/:valueId',
    {
      config: { permission: 'compliance:override' },
      schema: {
        tags: ['compliance'],
        summary: 'Replace fields of an unsure pack value for this store (validated against the pack; audited with the reason)',
        params: valueIdParams,
        body: ruleOverrideInput,
        response: { 200: ruleOverride, ...withUnprocessable },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await putRuleOverride(uow, organizationOf(request), request.params.id, request.params.valueId, request.body),
      })),
  );

  api.delete(
    '/v1/stores/:id/rule-overrides/:valueId',
    {
      config: { permission: 'compliance:override' },
      schema: {
        tags: ['compliance'],
        summary: 'Go back to the pack’s value',
        params: valueIdParams,
        body: z.object({ reason: z.string().trim().min(3).max(1000) }).strict(),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => {
        await deleteRuleOverride(uow, organizationOf(request), request.params.id, request.params.valueId, request.body.reason);
        return { status: 204, body: null };
      }),
  );

  api.get(
    '/v1/stores/:id/tax-settings',
    {
      config: { permission: 'compliance:read' },
      schema: {
        tags: ['compliance'],
        summary: 'Local tax rate periods of the store',
        description: '403 STORE_NOT_ALLOWED for a store outside the caller’s; 404 NOT_FOUND for an unknown store.',
        params: idParams,
        response: { 200: z.object({ settings: z.array(taxSetting) }), ...errorResponses },
      },
    },
    async (request) => {
      assertStoreAccess(requireActor(request), request.params.id);
      return { settings: await listTaxSettings(db, organizationOf(request), request.params.id) };
    },
  );

  api.post(
    '/v1/stores/:id/tax-settings',
    {
      config: { permission: 'stores:manage' },
      schema: {
        tags: ['compliance'],
        summary: 'Start a new local tax rate period (the open one ends the day before)',
        description:
          "A rate above the cap the store's jurisdiction puts on local rates, or off its steps, on the period's first day, is 422 LOCAL_RATE_NOT_ALLOWED at the rate's field, " +
          "with the tax rule's id (e.g. Illinois' cannabis retailers' occupation taxes: at most 6% together, in 0.25% steps; Massachusetts, Oregon, Missouri: at most 3%; New Jersey: at most 2%).",
        params: idParams,
        body: taxSettingInput,
        response: { 201: taxSetting, ...withUnprocessable },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 201,
        body: await addTaxSetting(uow, organizationOf(request), request.params.id, request.body),
      })),
  );

  api.delete(
    '/v1/stores/:id/tax-settings/:settingId',
    {
      config: { permission: 'stores:manage' },
      schema: {
        tags: ['compliance'],
        summary: 'Withdraw a rate period that has not started yet (the period before it runs on)',
        description:
          'Only a period starting after today (store-local date): 409 TAX_SETTING_STARTED for one that has started, since sales were taxed by it. ' +
          'The period that was closed the day before the withdrawn one is extended to the withdrawn one’s end. To correct a future period, withdraw it and add the right one.',
        params: z.object({ id: z.uuid(), settingId: z.uuid() }).strict(),
        body: z.object({ reason: z.string().trim().min(3).max(1000) }).strict(),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => {
        await withdrawTaxSetting(uow, organizationOf(request), request.params.id, request.params.settingId, request.body.reason);
        return { status: 204, body: null };
      }),
  );

  // ---- the register's check, refusals and overrides -----------------------------------------

  api.post(
    '/v1/compliance/checks',
    {
      config: { permission: 'pos:sell' },
      schema: {
        tags: ['compliance'],
        summary: 'Check a cart for a customer at a store: history across every store and channel in its jurisdiction, store overrides and tax rates applied',
        description:
          'A pickup (channel pickup) may name its hand-over mode (`pickup.mode`), judged as a pickup cart’s: the pack first (a mode it does not allow is the violation PICKUP_MODE_NOT_ALLOWED ' +
          'in the answer, not logged until POST /v1/compliance/refusals), then the store’s offer (a mode the pack allows but the store does not offer is 422 PICKUP_MODE_NOT_OFFERED at body.pickup.mode).',
        body: checkInput,
        response: { 200: checkResult, ...withUnprocessable },
      },
    },
    async (request) => {
      const organizationId = organizationOf(request);
      const body = request.body;
      const store = await storeFor(db, organizationId, body.storeId);
      assertStoreAccess(requireActor(request), store.id);
      const decision = await evaluateForCheckout(db, {
        organizationId,
        store,
        customer: body.customerId ? { id: body.customerId, caregiverId: body.caregiverId } : { ...body.customer! },
        channel: body.channel,
        at: body.at ?? new Date(),
        lines: body.lines,
        delivery: body.delivery,
        pickup: body.pickup,
      });
      // The law first (its refusal is the answer's violation), then the store's own offer.
      const mode = body.pickup?.mode ?? 'in_store';
      if (mode !== 'in_store' && !decision.violations.some((v) => v.code === 'PICKUP_MODE_NOT_ALLOWED')) {
        const refusal = pickupModeNotOffered(mode, store.pickupModesOffered, ['body', 'pickup', 'mode']);
        if (refusal) throw refusal;
      }
      return decision;
    },
  );

  api.post(
    '/v1/compliance/refusals',
    {
      config: { permission: 'pos:sell' },
      schema: {
        tags: ['compliance'],
        summary: 'Log a refused sale at the register (overridability is decided from the pack, not the client)',
        description: '404 NOT_FOUND for a store, customer or order that is not the organization’s (a customerId or orderId at its field, details.path); nothing is logged.',
        body: refusalInput,
        response: { 201: complianceEvent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      assertStoreAccess(requireActor(request), request.body.storeId);
      return mutate(platform, request, reply, async (uow) => {
        await assertOwnReferences(uow.trx, organizationId, request.body);
        const violations = request.body.violations.map(({ code, message, rule, lines }) => ({ code, message, rule, ...(lines && { lines }) }));
        return { status: 201, body: await recordRefusal(uow, { organizationId, ...request.body, violations, source: request.body.source ?? 'register' }) };
      });
    },
  );

  api.post(
    '/v1/compliance/refusals/:id/override',
    {
      config: { permission: 'compliance:override' },
      schema: {
        tags: ['compliance'],
        summary: 'A manager lifts a refusal, with a reason — only where the pack lets every violation be overridden',
        description: 'An orderId that is not an order of the organization is 404 NOT_FOUND at body.orderId, and nothing is logged.',
        params: idParams,
        body: overrideInput,
        response: { 201: complianceEvent, ...withUnprocessable },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 201,
        body: await recordOverride(uow, { refusalId: request.params.id, reason: request.body.reason, orderId: request.body.orderId ?? null }),
      })),
  );

  api.get(
    '/v1/compliance/events',
    {
      config: { permission: 'compliance:read' },
      schema: {
        tags: ['compliance'],
        summary: 'Refusals and overrides, newest first, a page at a time',
        description:
          'At most 1000 events a page (limit, default 100; more is 400 VALIDATION_FAILED at querystring.limit). When more events match, nextCursor names ' +
          'the last one of the page and next is this URL continuing after it: follow it until nextCursor is null to read every event. A cursor that names no ' +
          'event of the organization is 400 at querystring.cursor.',
        querystring: eventListQuery,
        response: {
          200: z.object({
            events: z.array(complianceEvent),
            nextCursor: z.uuid().nullable().describe('Give as cursor for the next page; null on the last page'),
            next: z.string().nullable().describe('The URL of the next page (same filters), or null on the last page'),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const storeIds = storesVisibleTo(requireActor(request), request.query.storeId) ?? [];
      const page = await listEvents(db, organizationOf(request), { ...request.query, storeIds });
      return { ...page, next: page.nextCursor && withCursor(request.url, page.nextCursor) };
    },
  );

  api.get(
    '/v1/compliance/events.csv',
    {
      config: { permission: 'compliance:read' },
      schema: {
        tags: ['compliance'],
        summary: 'The same events as CSV, for regulators and spreadsheets',
        description:
          'At most 50,000 rows a file (limit). When more events match, the Link header names the next file (rel="next", same filters and a cursor) and ' +
          'X-Next-Cursor its cursor; without them the file holds every matching event.',
        querystring: eventCsvQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const storeIds = storesVisibleTo(requireActor(request), request.query.storeId) ?? [];
      const { events, nextCursor } = await listEvents(db, organizationOf(request), { ...request.query, storeIds });
      if (nextCursor) {
        reply.header('link', `<${withCursor(request.url, nextCursor)}>; rel="next"`);
        reply.header('x-next-cursor', nextCursor);
      }
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="compliance-events.csv"');
      return eventsCsv(events);
    },
  );

  // ---- ID checks (customers' documents, decided by compliance) -------------------------------

  api.post(
    '/v1/customers/:id/id-scans',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Check a scanned ID barcode (AAMVA PDF417 text): expired or under-age IDs are refused and logged; only a masked number and keyed hash are kept',
        params: idParams,
        body: idScanInput,
        response: { 201: idCheckResult, ...withUnprocessable },
      },
    },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      assertStoreAccess(requireActor(request), request.body.storeId);
      const secrets = customerSecrets(platform.config);
      return mutate(
        platform,
        request,
        reply,
        async (uow) =>
          idCheckAnswer(
            await checkScannedId(uow, { organizationId, customerId: request.params.id, storeId: request.body.storeId, channel: request.body.channel, raw: request.body.raw }, secrets.pepper),
          ),
        // The Idempotency-Key's request hash is unkeyed: the barcode (the ID number in it) goes in as a keyed digest.
        { body: { ...request.body, raw: secretDigest(secrets, request.body.raw) } },
      ) as never;
    },
  );

  api.post(
    '/v1/customers/:id/id-verifications',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Record an ID checked by hand (passport, military ID, unreadable barcode); same refusals as a scan',
        params: idParams,
        body: manualIdInput,
        response: { 201: idCheckResult, ...withUnprocessable },
      },
    },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      assertStoreAccess(requireActor(request), request.body.storeId);
      const secrets = customerSecrets(platform.config);
      const { storeId, channel, ...document } = request.body;
      return mutate(
        platform,
        request,
        reply,
        async (uow) => idCheckAnswer(await checkManualId(uow, { organizationId, customerId: request.params.id, storeId, channel, document }, secrets.pepper)),
        { body: { ...request.body, ...(document.idNumber !== undefined && { idNumber: secretDigest(secrets, document.idNumber) }) } },
      ) as never;
    },
  );
};
