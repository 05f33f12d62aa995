import { TraceabilityError } from '@verdant/metrc';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { assertEveryStore, assertStoreAccess, errorResponses, mutate, organizationOf, requireActor, storesVisibleTo, type RoutePlugin } from '../../platform/http';
import { queueStats } from './traceability.intake';
import { traceabilityOf } from './traceability.module';
import { overLimitAfterOutage } from './traceability.overlimit';
import { pullFromState, reconcileStore, listReconciliations } from './traceability.reconcile';
import { describeFailure } from './traceability.worker';
import { circuitStates, getSettings, listReports, putSettings, resendReport, resolveReport, saveItemMappings } from './traceability.service';
import { getDriverCredentials, putDriverCredentials } from './traceability.deliveries';

const storeParams = z.object({ storeId: z.uuid() }).strict();
const reportParams = z.object({ id: z.uuid() }).strict();

const metrcKeys = z.object({ vendorKey: z.string().min(1).max(500), userKey: z.string().min(1).max(500) }).strict();
const biotrackKeys = z.object({ ubi: z.string().min(1).max(100), username: z.string().min(1).max(200), password: z.string().min(1).max(500) }).strict();

const settingsInput = z
  .object({
    engine: z.enum(['metrc', 'biotrack', 'none']),
    licenseNumber: z.string().trim().min(1).max(100).optional(),
    baseUrl: z.string().regex(/^https?:\/\//, 'an http:// or https:// URL').max(500).nullable().optional(),
    mode: z.enum(['realtime', 'batched']).optional(),
    batchMinutes: z.number().int().min(1).max(1440).optional(),
    blockSalesWhenDown: z.boolean().nullable().optional(),
    deliveryPhone: z.string().trim().min(3).max(40).nullable().optional().describe('The store’s number for questions, on every Metrc sales delivery (PhoneNumberForQuestions)'),
    credentials: z.union([metrcKeys, biotrackKeys]).optional().describe('Write-only: sealed at rest, never returned'),
  })
  .strict();

const settingsView = z
  .object({
    storeId: z.uuid(),
    engine: z.enum(['metrc', 'biotrack', 'none']),
    licenseNumber: z.string(),
    baseUrl: z.string().nullable(),
    mode: z.enum(['realtime', 'batched']),
    batchMinutes: z.number(),
    credentialsHint: z.string().nullable(),
    credentialsSet: z.boolean(),
    policy: z.object({ jurisdiction: z.string(), realtimeFor: z.array(z.string()), maxDelayMinutes: z.number(), blockSalesWhenDown: z.boolean(), source: z.string(), confidence: z.string() }),
    blockSalesWhenDown: z.boolean(),
    deliveryFiling: z.enum(['sales_delivery', 'receipt']).describe('How delivery orders reach the state: Metrc sales deliveries (filed as the vehicle leaves, completed at the door) or receipts at hand-over'),
    deliveryPhone: z.string().nullable(),
    circuit: z.object({ state: z.enum(['closed', 'open']), consecutiveFailures: z.number(), pausedUntil: z.string().nullable(), lastError: z.string().nullable() }),
    lastSuccessAt: z.string().nullable(),
    lastReconciledAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TraceabilitySettings' });

const reportStatus = z.enum(['queued', 'sending', 'sent', 'failed', 'resolved']);
const reportKind = z.enum(['sale', 'void', 'return', 'adjustment', 'delivery', 'delivery_complete']);
const report = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    kind: reportKind,
    orderId: z.string().nullable(),
    status: reportStatus,
    attempts: z.number(),
    occurredAt: z.string(),
    nextAttemptAt: z.string().nullable(),
    externalId: z.string().nullable(),
    alreadyReported: z.boolean().nullable(),
    reason: z.string().nullable().describe('Why the last try failed, in words'),
    reasonKind: z.string().nullable(),
    sentAt: z.string().nullable(),
    failedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolutionNote: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'TraceReport' });

const stats = z.object({
  stores: z.array(
    z.object({
      storeId: z.string(),
      queued: z.number().describe('Reports waiting for their turn (not counting those being sent)'),
      sending: z.number().describe('Reports with the state system now'),
      failed: z.number().describe('Reports that need a person (see GET /v1/traceability/failed)'),
      sent: z.number(),
      oldestQueuedAt: z.string().nullable().describe('When the oldest report not yet sent (queued or sending) happened'),
      oldestAgeSeconds: z.number(),
      circuit: z.enum(['closed', 'open']).nullable(),
      lastError: z.string().nullable(),
      lastSuccessAt: z.string().nullable(),
    }),
  ),
});

const staffParams = z.object({ id: z.uuid() }).strict();
const driverCredentials = z
  .object({
    staffId: z.uuid(),
    employeeId: z.string().nullable().describe('What the state knows the driver by: employee id, occupational licence or agent card number'),
    driversLicenseHint: z.string().nullable().describe('Last characters of the driver’s licence number (the number is sealed at rest)'),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'DriverStateCredentials' });

const difference = z.object({
  packageLabel: z.string(),
  kind: z.enum(['quantity_mismatch', 'missing_in_state', 'missing_locally', 'status_mismatch']),
  local: z.unknown().nullable(),
  state: z.unknown().nullable(),
  action: z.string().nullable(),
});
const reconciliation = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    trigger: z.enum(['schedule', 'api']),
    status: z.enum(['succeeded', 'failed']),
    checked: z.number(),
    held: z.number(),
    error: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string(),
    differences: z.array(difference),
  })
  .meta({ id: 'TraceReconciliation' });

export const traceabilityRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;
  const { config } = platform;
  const tags = ['traceability'];
  const read = 'traceability:read';
  const manage = 'traceability:manage';
  const storeScope = (request: Parameters<typeof requireActor>[0], storeId: string) => assertStoreAccess(requireActor(request), storeId);

  api.get(
    '/v1/stores/:storeId/traceability',
    { config: { permission: read }, schema: { tags, summary: "A store's state-reporting settings (keys are never shown)", params: storeParams, response: { 200: settingsView, ...errorResponses } } },
    async (request) => {
      storeScope(request, request.params.storeId);
      return getSettings(db, config, organizationOf(request), request.params.storeId);
    },
  );

  api.put(
    '/v1/stores/:storeId/traceability',
    { config: { permission: manage }, schema: { tags, summary: 'Connect a store to Metrc or BioTrack (or none); real-time or batched', params: storeParams, body: settingsInput, response: { 200: settingsView, ...errorResponses } } },
    async (request, reply) => {
      storeScope(request, request.params.storeId);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await putSettings(uow, config, organizationOf(request), request.params.storeId, request.body) }));
    },
  );

  api.get(
    '/v1/traceability/reports',
    {
      config: { permission: read },
      schema: {
        tags,
        summary: 'State reports; status=failed is the failed-reports list, with the reason of each',
        querystring: z.object({ storeId: z.uuid().optional(), status: reportStatus.optional(), kind: reportKind.optional(), orderId: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(500).optional(), before: z.uuid().optional() }).strict(),
        response: { 200: z.object({ reports: z.array(report) }), ...errorResponses },
      },
    },
    async (request) => {
      const storeIds = storesVisibleTo(requireActor(request), request.query.storeId);
      return { reports: await listReports(db, organizationOf(request), { ...request.query, ...(storeIds ? { storeIds } : {}) }) };
    },
  );

  api.post(
    '/v1/traceability/reports/:id/resend',
    {
      config: { permission: manage },
      schema: {
        tags,
        summary: 'Send a failed report again (looks it up at the state first)',
        description: '409 TRACE_REPORT_NOT_FAILED unless failed or resolved; 403 STORE_NOT_ALLOWED for a report of a store outside the caller’s; 404 NOT_FOUND. A refusal changes nothing.',
        params: reportParams,
        response: { 202: report, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = await mutate(platform, request, reply, async (uow) => ({ status: 202, body: await resendReport(uow, organizationOf(request), request.params.id) }));
      void traceabilityOf(platform).worker.wake();
      return body;
    },
  );

  api.post(
    '/v1/traceability/reports/:id/resolve',
    {
      config: { permission: manage },
      schema: {
        tags,
        summary: 'Mark a failed report handled by hand',
        description: '409 TRACE_REPORT_NOT_FAILED unless failed; 403 STORE_NOT_ALLOWED for a report of a store outside the caller’s; 404 NOT_FOUND. A refusal changes nothing.',
        params: reportParams,
        body: z.object({ note: z.string().trim().min(3).max(1000) }).strict(),
        response: { 200: report, ...errorResponses },
      },
    },
    async (request, reply) => mutate(platform, request, reply, async (uow) => ({ status: 200, body: await resolveReport(uow, organizationOf(request), request.params.id, request.body.note) })),
  );

  api.get(
    '/v1/traceability/queue',
    { config: { permission: read }, schema: { tags, summary: 'Queue health per store: queued count, oldest age, failures, circuit', querystring: z.object({ storeId: z.uuid().optional() }).strict(), response: { 200: stats, ...errorResponses } } },
    async (request) => {
      const organizationId = organizationOf(request);
      const visible = storesVisibleTo(requireActor(request), request.query.storeId);
      const [rows, circuits] = await Promise.all([queueStats(db, organizationId, request.query.storeId), circuitStates(db, config, organizationId)]);
      return {
        stores: rows.filter((r) => !visible || visible.includes(r.storeId)).map((r) => {
          const c = circuits.get(r.storeId);
          return { ...r, circuit: c?.circuit ?? null, lastError: c?.lastError ?? null, lastSuccessAt: c?.lastSuccessAt ?? null };
        }),
      };
    },
  );

  api.get(
    '/v1/traceability/over-limit',
    {
      config: { permission: read },
      schema: {
        tags,
        summary: 'Sales reported late (an outage, retries) that turn out to exceed purchase limits',
        querystring: z.object({ storeId: z.uuid().optional(), since: z.iso.datetime({ offset: true }).optional(), lateAfterSeconds: z.coerce.number().int().min(0).max(86_400).optional() }).strict(),
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    async (request) => {
      const storeIds = storesVisibleTo(requireActor(request), request.query.storeId);
      const since = request.query.since ? new Date(request.query.since) : new Date(Date.now() - 7 * 24 * 3600_000);
      return overLimitAfterOutage(db, organizationOf(request), { storeId: request.query.storeId, ...(storeIds ? { storeIds } : {}), since, lateAfterSeconds: request.query.lateAfterSeconds ?? 60 });
    },
  );

  api.post(
    '/v1/stores/:storeId/traceability/reconcile',
    { config: { permission: manage }, schema: { tags, summary: "Compare the store's packages with the state's now; holds what the state holds", params: storeParams, response: { 200: reconciliation, ...errorResponses } } },
    async (request) => {
      storeScope(request, request.params.storeId);
      const t = traceabilityOf(platform);
      return reconcileStore(platform, t.engines, organizationOf(request), request.params.storeId, 'api');
    },
  );

  api.get(
    '/v1/stores/:storeId/traceability/reconciliations',
    { config: { permission: read }, schema: { tags, summary: 'Recent reconciliations and their differences', params: storeParams, response: { 200: z.object({ reconciliations: z.array(reconciliation) }), ...errorResponses } } },
    async (request) => {
      storeScope(request, request.params.storeId);
      return { reconciliations: await listReconciliations(db, organizationOf(request), request.params.storeId) };
    },
  );

  api.post(
    '/v1/stores/:storeId/traceability/pull',
    { config: { permission: manage }, schema: { tags, summary: 'Import incoming transfers as receiving manifests, and lab results onto batches', params: storeParams, response: { 200: z.unknown(), ...errorResponses } } },
    async (request) => {
      storeScope(request, request.params.storeId);
      const t = traceabilityOf(platform);
      try {
        return await pullFromState(platform, t.engines, organizationOf(request), request.params.storeId);
      } catch (error) {
        // The state system failed or refused: say so (502), not "something went wrong on our side".
        // What was imported before the failure stays imported; pulling again resumes.
        if (!(error instanceof TraceabilityError)) throw error;
        const failure = describeFailure(error);
        throw new AppError(502, 'STATE_SYSTEM_ERROR', failure.message, { kind: failure.kind });
      }
    },
  );

  api.put(
    '/v1/traceability/item-mappings',
    {
      config: { permission: manage },
      schema: {
        tags,
        summary: 'Map state item names to SKUs, for importing transfers',
        description:
          'The mappings are the organization’s, used by every store’s imports, so they are for staff of every store: staff limited to some stores get 403 STORE_NOT_ALLOWED. ' +
          'A skuId that is not one of the organization’s SKUs is 404 NOT_FOUND at its mapping (details.path), and nothing is saved.',
        body: z.object({ mappings: z.array(z.object({ stateItemName: z.string().trim().min(1).max(300), skuId: z.uuid(), unit: z.enum(['each', 'mg']) }).strict()).min(1).max(500) }).strict(),
        response: { 200: z.object({ saved: z.number() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      assertEveryStore(requireActor(request), 'map state item names: the mappings serve every store');
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await saveItemMappings(uow, organizationOf(request), request.body.mappings) }));
    },
  );

  api.get(
    '/v1/staff/:id/state-credentials',
    {
      config: { permission: read },
      schema: {
        tags,
        summary: 'What the state knows a driver by, for Metrc sales deliveries (the licence number shown as a hint)',
        description: 'A caller limited to some stores reads only people who work only at stores of theirs (else 403 STORE_NOT_ALLOWED). 404 NOT_FOUND for an unknown staff member.',
        params: staffParams,
        response: { 200: driverCredentials, ...errorResponses },
      },
    },
    async (request) => getDriverCredentials(db, requireActor(request), organizationOf(request), request.params.id),
  );

  api.put(
    '/v1/staff/:id/state-credentials',
    {
      config: { permission: manage },
      schema: {
        tags,
        summary: 'Set what the state knows a driver by: employee id and driver’s licence number, on every Metrc sales delivery they carry',
        description:
          'Whoever may change the person (PATCH /v1/staff/:id) may set it: the person’s role must have no permission the caller lacks (else 403 FORBIDDEN), and a caller limited to some stores ' +
          'sets it only for people who work only at stores of theirs (else 403 STORE_NOT_ALLOWED). 404 NOT_FOUND for an unknown staff member. A refusal changes nothing.',
        params: staffParams,
        body: z.object({ employeeId: z.string().trim().min(1).max(100), driversLicenseNumber: z.string().trim().min(1).max(50).describe('Write-only: sealed at rest') }).strict(),
        response: { 200: driverCredentials, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 200, body: await putDriverCredentials(uow, config, organizationOf(request), request.params.id, request.body) })),
  );

  api.get(
    '/v1/stores/:storeId/patients/:patientLicense/allotment',
    {
      // The path carries a patient's card number, which is kept encrypted everywhere else: the
      // request and response lines (info) that would write the URL to the log are left out.
      logLevel: 'warn',
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary: "A patient's remaining allotment from the state (cached up to 60 s)",
        params: z.object({ storeId: z.uuid(), patientLicense: z.string().trim().min(1).max(64) }).strict(),
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    async (request) => {
      storeScope(request, request.params.storeId);
      const t = traceabilityOf(platform);
      return t.allotments.get(platform, t.engines, organizationOf(request), request.params.storeId, request.params.patientLicense);
    },
  );
};
