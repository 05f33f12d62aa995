import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { calendarDate } from '../../platform/sql-date';
import { systemContext } from '../../platform/context';
import { AppError, errorBody } from '../../platform/errors';
import { assertStoreAccess, errorResponses, mutate, organizationOf, requireActor, somethingToChange, storesVisibleTo, type RoutePlugin } from '../../platform/http';
import { inTransaction } from '../../platform/unit-of-work';
import { agingCsv, inventoryAging } from './inventory.aging';
import { decideCount, getCount, listCounts, recordCountLines, startCount, submitCount } from './inventory.counts';
import { ensureStoreLocations } from './inventory.ledger';
import { assertStoreOpen, checkEveryJurisdictionChange, setUpEveryNewStore } from '../organizations/organizations.service';
import { checkEverySkuUnitChange } from '../catalog';
import {
  adjustPackage,
  adjustReasons,
  createBatch,
  destroyPackage,
  destructionMethods,
  getBatch,
  getPackage,
  listMovements,
  listPackages,
  movePackage,
  recordLabResult,
  refuseSkuUnitChangeWithStock,
  setPackageStatus,
} from './inventory.packages';
import {
  acknowledgeAlert,
  createLocation,
  deleteReorderPoint,
  listAlerts,
  listLocations,
  listReorderPoints,
  lowStock,
  setReorderPoint,
  storeAvailability,
  updateLocation,
} from './inventory.queries';
import { issueRecall, recallSalesCsv, traceRecall, type RecallScope } from './inventory.recall';
import { closeManifest, createManifest, getManifest, listManifests, receiveManifestItems } from './inventory.receiving';
import { reconcileInventory } from './inventory.reconciliation';
import {
  convertReservationToSale,
  getReservation,
  MAX_TTL_SECONDS,
  refreshReservation,
  releaseReservation,
  reserve,
  returnToStock,
  sellDirect,
  storeOfReservation,
} from './inventory.reservations';
import {
  acknowledgedAlertSchema,
  agingSchema,
  batchSchema,
  countListSchema,
  countSchema,
  inventoryAlertListSchema,
  locationListSchema,
  locationSchema,
  lowStockListSchema,
  manifestListSchema,
  manifestSchema,
  movementListSchema,
  packageListSchema,
  packageSchema,
  publicStoreAvailabilitySchema,
  recallSchema,
  recallTraceSchema,
  reconciliationSchema,
  reorderPointListSchema,
  reorderPointSchema,
  reservationSchema,
  saleSchema,
  stockReturnSchema,
  storeAvailabilitySchema,
  transferListSchema,
  transferSchema,
} from './inventory.schemas';
import { cancelTransfer, createTransfer, getTransfer, listTransfers, receiveTransfer, refuseJurisdictionChangeInTransit } from './inventory.transfers';

// ---- schemas ------------------------------------------------------------------------------

const label = z.string().regex(/^[0-9A-Z]{10,32}$/, 'a state tag: 10-32 capital letters and digits');
const locationCode = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a location code such as vault or sales_floor');
const quantity = z.number().int().positive().max(1e12);
const unit = z.enum(['each', 'mg']);
const isoDate = calendarDate;
const storeParams = z.object({ storeId: z.uuid() }).strict();
const storeAndId = z.object({ storeId: z.uuid(), id: z.uuid() }).strict();
const labelParams = z.object({ label }).strict();
const idParams = z.object({ id: z.uuid() }).strict();
const storeAndLabel = z.object({ storeId: z.uuid(), label }).strict();
const storeAndSku = z.object({ storeId: z.uuid(), skuId: z.uuid() }).strict();
const skuIdsQuery = z
  .object({
    skuIds: z
      .string()
      .max(200 * 37)
      .transform((value, ctx) => {
        const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
        if (ids.length === 0 || ids.length > 200 || ids.some((id) => !z.uuid().safeParse(id).success)) {
          ctx.addIssue({ code: 'custom', message: '1 to 200 comma-separated SKU ids' });
          return z.NEVER;
        }
        return ids;
      }),
  })
  .strict();

const stockLine = z
  .object({ skuId: z.uuid(), quantity, packageLabel: label.optional(), unit: unit.optional() })
  .strict();
const lines = z.array(stockLine).min(1).max(200);
const saleReference = z
  .object({ orderId: z.string().min(1).max(200), customerId: z.string().max(200).nullable().optional(), channel: z.string().max(40).optional() })
  .strict();

const batchInput = z
  .object({
    code: z.string().trim().min(1).max(100),
    producerLicense: z.string().trim().min(1).max(100),
    producerName: z.string().max(200).optional(),
    harvestDate: isoDate.optional(),
    productionDate: isoDate.optional(),
    sourcePackageLabels: z.array(label).max(100).optional(),
  })
  .strict();

const labResultInput = z
  .object({
    labName: z.string().trim().min(1).max(200),
    labLicense: z.string().max(100).optional(),
    testedOn: isoDate,
    certificateUrl: z.url().max(2000).optional(),
    cannabinoids: z
      .array(z.object({ name: z.string().min(1).max(40), percent: z.number().min(0).max(100).optional(), mgPerG: z.number().min(0).max(1000).optional(), mg: z.number().min(0).optional() }).strict())
      .max(50),
    terpenes: z.array(z.object({ name: z.string().min(1).max(60), percent: z.number().min(0).max(100) }).strict()).max(50).default([]),
    contaminants: z.array(z.object({ panel: z.string().min(1).max(60), status: z.enum(['pass', 'fail']), detail: z.string().max(500).optional() }).strict()).max(50),
  })
  .strict();

function storeOf(request: FastifyRequest): string {
  const { storeId } = request.params as { storeId: string };
  assertStoreAccess(requireActor(request), storeId);
  return storeId;
}

/** The stores of a caller limited to some (empty: every store), for reads reached by label or id. */
const scopeOf = (request: FastifyRequest) => requireActor(request).storeIds;

/** A store's list, newest first, a page at a time (see inventory.paging.ts). */
const pageQuery = <S extends z.ZodEnum>(status: S) =>
  z
    .object({
      status: status.optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      after: z.uuid().optional().describe('Only what comes after this one (the previous page’s nextAfter)'),
    })
    .strict();

// What the routes reached by label or id answer to a caller limited to other stores.
const storeScoped = ' A caller limited to other stores gets 403 STORE_NOT_ALLOWED.';

const tags = ['inventory'];
// Answers are described in inventory.schemas.ts; errors always have the one error shape.
const ok = <S extends z.ZodType>(schema: S) => ({ 200: schema, ...errorResponses });
const created = <S extends z.ZodType>(schema: S) => ({ 201: schema, ...errorResponses });

export const inventoryRoutes: RoutePlugin = (api, platform) => {
  const { config } = platform;
  /** A witness's PIN counts toward their lockout as a PIN switch does. */
  const pinPolicy = { maxFailures: config.LOGIN_MAX_FAILURES, lockoutMinutes: config.LOGIN_LOCKOUT_MINUTES, sessionTtlHours: config.SESSION_TTL_HOURS };
  const { db } = platform.database;

  /** A reservation's store is fixed when it is taken: checked before the write, which then changes nothing on a refusal. */
  const reservationInScope = async (request: FastifyRequest) => {
    const actor = requireActor(request);
    if (actor.storeIds.length === 0) return; // staff of every store: nothing to read
    const { id } = request.params as { id: string };
    assertStoreAccess(actor, await storeOfReservation(db, organizationOf(request), id));
  };

  // Every new store gets the default locations in the transaction that opens it, so the answer to
  // "open a store" is a store every screen can work in at once; the subscriber below is the
  // backstop for stores opened before that (idempotent: deliveries come at least once).
  setUpEveryNewStore('inventory.default-locations', (uow, store) => ensureStoreLocations(uow.trx, store.organizationId, store.id));
  checkEveryJurisdictionChange('inventory.transfers-in-transit', (uow, store) => refuseJurisdictionChangeInTransit(uow, store));
  checkEverySkuUnitChange('inventory.stock-in-the-old-unit', refuseSkuUnitChangeWithStock);
  if (!platform.deliveries.subscribers.has('inventory.default-locations')) {
    platform.deliveries.register({
      name: 'inventory.default-locations',
      eventTypes: ['organizations.store.created'],
      async handle(event) {
        if (!event.organizationId || !event.storeId) return;
        await inTransaction(platform.tx, systemContext(event.organizationId), (uow) =>
          ensureStoreLocations(uow.trx, event.organizationId!, event.storeId!),
        );
      },
    });
  }

  // ---- locations ----
  api.get(
    '/v1/stores/:storeId/locations',
    { config: { permission: 'inventory:read' }, schema: { tags, summary: 'Locations of a store (vault, sales floor, …)', params: storeParams, response: ok(locationListSchema) } },
    async (request) => ({ locations: await listLocations(db, organizationOf(request), storeOf(request)) }),
  );
  api.post(
    '/v1/stores/:storeId/locations',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Add a location; whether it is sellable is data',
        params: storeParams,
        body: z
          .object({
            code: locationCode,
            name: z.string().trim().min(1).max(200),
            kind: z.enum(['vault', 'sales_floor', 'display', 'backstock', 'quarantine', 'in_transit', 'receiving', 'other']),
            sellable: z.boolean().default(false),
          })
          .strict(),
        response: created(locationSchema),
      },
    },
    async (request, reply) => mutate(platform, request, reply, async (uow) => ({ status: 201, body: await createLocation(uow, storeOf(request), request.body) })),
  );
  api.patch(
    '/v1/stores/:storeId/locations/:id',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Rename a location, make it sellable or not, or retire it',
        params: storeAndId,
        body: somethingToChange(z.object({ name: z.string().trim().min(1).max(200).optional(), sellable: z.boolean().optional(), active: z.boolean().optional() }).strict()),
        response: ok(locationSchema),
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 200, body: await updateLocation(uow, storeOf(request), request.params.id, request.body) })),
  );

  // ---- availability ----
  api.get(
    '/v1/stores/:storeId/availability',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'Sellable availability per SKU, with the next FIFO package and its lab profile',
        description: 'skuIds: up to 200 SKUs; without it, every SKU with sellable stock at the store (by SKU id). A store that is closed or retired answers too: its stock is counted, moved and shipped out while it is emptied.',
        params: storeParams,
        querystring: skuIdsQuery.partial(),
        response: ok(storeAvailabilitySchema),
      },
    },
    async (request) => {
      const storeId = storeOf(request);
      await listLocations(db, organizationOf(request), storeId); // checks the store belongs to the caller
      return { storeId, items: await storeAvailability(db, storeId, request.query.skuIds ?? null) };
    },
  );
  api.get(
    '/v1/public/stores/:storeId/availability',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Public: what a shopper can buy at this store now (reservations counted), and which batch they get',
        description:
          'Answers for the SKUs the store’s online menu lists (those `GET /v1/public/stores/{storeId}/products` shows). ' +
          'Any other id (archived, not priced at the store, restricted or refused there, another organization’s, unknown) is answered alike, as nothing available: ' +
          '`available` 0, `inStock` false, no batch, whatever is on the shelf. ' +
          'A store that is closed or retired answers 409 STORE_NOT_OPEN (path params.storeId), as its menu does: a storefront shows it closed ' +
          '(`GET /v1/public/stores/{storeId}` gives its status). Staff keep reading its stock with `GET /v1/stores/{storeId}/availability`.',
        params: storeParams,
        querystring: skuIdsQuery,
        response: ok(publicStoreAvailabilitySchema),
      },
    },
    async (request) => {
      const { storeId } = request.params;
      // Shoppers are told a store closed or retired sells nothing now (409 STORE_NOT_OPEN).
      await assertStoreOpen(db, null, storeId, ['params', 'storeId']);
      // Off the menu is off the record: its stock and lab results are the store's business.
      const items = await storeAvailability(db, storeId, request.query.skuIds, { onlineMenuOnly: true });
      return {
        storeId,
        items: items.map((item) => ({
          skuId: item.skuId,
          available: item.available,
          inStock: item.available > 0,
          nextBatch: item.next?.batch
            ? {
                code: item.next.batch.batchCode,
                labStatus: item.next.batch.labStatus,
                testedOn: item.next.batch.testedOn,
                labName: item.next.batch.labName,
                certificateUrl: item.next.batch.certificateUrl,
                cannabinoids: item.next.batch.cannabinoids,
                terpenes: item.next.batch.terpenes,
              }
            : null,
          nextExpiresOn: item.next?.expiresOn ?? null,
        })),
      };
    },
  );

  // ---- packages ----
  api.get(
    '/v1/stores/:storeId/packages',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'Packages with stock at this store',
        params: storeParams,
        querystring: z
          .object({
            skuId: z.uuid().optional(),
            batchId: z.uuid().optional(),
            status: z.enum(['active', 'on_hold', 'recalled', 'quarantined', 'expired', 'finished']).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
            offset: z.coerce.number().int().min(0).default(0),
          })
          .strict(),
        response: ok(packageListSchema),
      },
    },
    async (request) => ({ packages: await listPackages(db, organizationOf(request), storeOf(request), request.query, scopeOf(request)) }),
  );
  // ---- aging and expiry ----
  const agingQuery = z
    .object({
      // Digits only: a number coerced from '' or ' ' would be 0, the strictest filter, not a mistake shown.
      expiringWithinDays: z
        .string()
        .regex(/^\d{1,4}$/, 'a whole number of days, 0 to 3650')
        .transform(Number)
        .pipe(z.number().int().min(0).max(3650))
        .optional()
        .describe('Only packages whose expiry date is at most this many days from today at the store (0–3650), those already expired included'),
      locationId: z.uuid().optional().describe('Only the stock at this location of the store'),
      status: z.enum(['active', 'on_hold', 'recalled', 'quarantined', 'expired', 'finished']).optional(),
    })
    .strict();
  const agingDescription =
    'For each package with stock on hand at the store (summed over its locations, goods in transit left out): SKU, on hand, reserved, available, status, ' +
    'where it is, the date it was received and the days since, its expiry date and the days to it, and its age bucket (days_0_30, days_31_60, days_61_90, days_over_90) ' +
    'and expiry bucket (expired: before today; within_7_days: 0–7; within_30_days: 8–30; later; unknown: no date). Days are the store’s calendar days (its timezone), ' +
    'as sellability counts expiry: a package sells through its expiry date (daysToExpiry 0). Totals per bucket, in units and milligrams apart, over the packages listed. ' +
    'Soonest expiry first (no date last), then oldest. A bad or unknown parameter, or a locationId that is not one of the store’s, is 400 VALIDATION_FAILED with its path. ' +
    '403 STORE_NOT_ALLOWED for a store outside the caller’s; 404 NOT_FOUND for another organization’s store or none.';
  const agingOf = (request: FastifyRequest<{ Querystring: z.infer<typeof agingQuery> }>) =>
    inventoryAging(db, organizationOf(request), storeOf(request), request.query);
  api.get(
    '/v1/stores/:storeId/inventory/aging',
    {
      config: { permission: 'inventory:read' },
      schema: { tags, summary: 'Aging and expiry: what is on hand at the store, how old, and what expires soon', description: agingDescription, params: storeParams, querystring: agingQuery, response: ok(agingSchema) },
    },
    async (request) => agingOf(request),
  );
  api.get(
    '/v1/stores/:storeId/inventory/aging.csv',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'Aging and expiry as CSV',
        description:
          'The same packages, in the same order, one row each under a header: package_label, sku_id, sku_code, sku_name, status, unit, on_hand, reserved, available, ' +
          'locations (code:on_hand, space-separated), received_on, days_on_hand, expires_on, days_to_expiry, age_bucket, expiry_bucket. Quantities are integers in the package’s unit ' +
          '(units, or milligrams for unit mg); an unknown date or day count is empty. ' +
          agingDescription,
        params: storeParams,
        querystring: agingQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const report = await agingOf(request);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="inventory-aging-${report.today}.csv"`);
      return agingCsv(report);
    },
  );
  api.get(
    '/v1/inventory/packages/:label',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'One package by its state tag, with stock per location',
        description:
          'A caller limited to some stores sees the stock rows of those stores, and gets 403 STORE_NOT_ALLOWED for a package with no stock row at any of them. 404 UNKNOWN_PACKAGE for an unknown label.',
        params: labelParams,
        response: ok(packageSchema),
      },
    },
    async (request) => getPackage(db, organizationOf(request), request.params.label, scopeOf(request)),
  );
  api.get(
    '/v1/inventory/packages/:label/movements',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'The ledger of one package, oldest first, a page at a time',
        description:
          'A caller limited to some stores reads the rows of those stores, and gets 403 STORE_NOT_ALLOWED for a package with no stock row at any of them. 404 UNKNOWN_PACKAGE for an unknown label.',
        params: labelParams,
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(1000).default(200),
            after: z.coerce.number().int().min(0).optional().describe('Only movements after this one (the previous page’s nextAfter)'),
          })
          .strict(),
        response: ok(movementListSchema),
      },
    },
    async (request) => listMovements(db, organizationOf(request), request.params.label, request.query, scopeOf(request)),
  );
  api.post(
    '/v1/inventory/packages/:label/status',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Put a package on hold, quarantine it, release it, or finish it',
        description:
          'The status applies wherever the package is, so a caller limited to some stores gets 403 STORE_NOT_ALLOWED unless every store holding stock of it is one of theirs (and the package has a stock row at one). ' +
          '422 INVALID_STATUS_CHANGE for recalled (a recall does that); 409 INVALID_STATUS_CHANGE to finish a package with stock; 403 FORBIDDEN to lift a recall without inventory:recall; 404 UNKNOWN_PACKAGE.',
        params: labelParams,
        body: z.object({ status: z.enum(['active', 'on_hold', 'quarantined', 'expired', 'finished', 'recalled']), reason: z.string().trim().min(1).max(500) }).strict(),
        response: ok(packageSchema),
      },
    },
    async (request, reply) => mutate(platform, request, reply, async (uow) => ({ status: 200, body: await setPackageStatus(uow, request.params.label, request.body) })),
  );
  api.post(
    '/v1/stores/:storeId/packages/:label/adjust',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Correct a package’s quantity at a location, or write off a theft or loss',
        description:
          'Reasons fit their kind and direction: theft only as theft_loss; found only adds stock; damaged, sample, moisture_loss and theft only take it away; data_entry_error (a correction only) and other go either way. ' +
          'A mismatch is 400 VALIDATION_FAILED at body.reasonCode; a theft_loss with a positive delta is 400 INVALID_QUANTITY; taking more than is unreserved there is 409 INSUFFICIENT_STOCK. ' +
          'A positive delta at a retired store is 409 STORE_RETIRED (path body.delta): it takes no stock in (an approved count still books what is found there); a closed store takes it.',
        params: storeAndLabel,
        body: z
          .object({
            locationCode,
            delta: z.number().int().refine((v) => v !== 0, 'may not be zero'),
            kind: z.enum(['adjust', 'theft_loss']).default('adjust'),
            reasonCode: z.enum(adjustReasons),
            note: z.string().max(1000).optional(),
          })
          .strict(),
        response: ok(packageSchema),
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 200, body: await adjustPackage(uow, storeOf(request), request.params.label, request.body) })),
  );
  api.post(
    '/v1/stores/:storeId/packages/:label/move',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Move stock between locations of the store',
        description:
          '409 STORE_RETIRED (path body.toLocationCode) at a retired store: nothing comes onto its locations any more; its stock leaves by transfers out and destruction, ' +
          'both taken from where it lies. A closed store still moves stock.',
        params: storeAndLabel,
        body: z.object({ fromLocationCode: locationCode, toLocationCode: locationCode, quantity }).strict(),
        response: ok(packageSchema),
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 200, body: await movePackage(uow, storeOf(request), request.params.label, request.body) })),
  );
  api.post(
    '/v1/stores/:storeId/packages/:label/destroy',
    {
      config: { permission: 'inventory:destroy' },
      schema: {
        tags,
        summary: 'Destroy stock, witnessed by a second staff member (PIN)',
        params: storeAndLabel,
        body: z
          .object({
            locationCode,
            quantity,
            method: z.enum(destructionMethods),
            reasonCode: z.enum(['expired', 'damaged', 'recall', 'failed_lab', 'returned', 'other']),
            witnessId: z.uuid(),
            witnessPin: z.string().regex(/^\d{4,8}$/),
            note: z.string().max(1000).optional(),
          })
          .strict(),
        response: ok(packageSchema),
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => {
        const destroyed = await destroyPackage(uow, storeOf(request), request.params.label, request.body, pinPolicy);
        // A refused witness is committed (its PIN failure counts toward the lockout) and answered.
        if (!destroyed.ok) return { status: destroyed.error.statusCode, body: errorBody(destroyed.error.code, destroyed.error.message, destroyed.error.details) as never };
        return { status: 200, body: destroyed.view };
      }),
  );

  // ---- batches and lab results ----
  api.post(
    '/v1/inventory/batches',
    { config: { permission: 'inventory:write' }, schema: { tags, summary: 'Record a batch (harvest or production lot)', body: batchInput, response: created(batchSchema) } },
    async (request, reply) => mutate(platform, request, reply, async (uow) => ({ status: 201, body: await createBatch(uow, request.body) })),
  );
  api.get(
    '/v1/inventory/batches/:id',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'A batch with its lab results',
        description: 'A batch is the organization’s (its packages may sit in several stores) and says nothing of any store’s stock, so any caller with inventory:read may read it.',
        params: idParams,
        response: ok(batchSchema),
      },
    },
    async (request) => getBatch(db, organizationOf(request), request.params.id),
  );
  api.post(
    '/v1/inventory/batches/:id/lab-results',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Record a certificate of analysis; a failed panel makes the batch unsellable',
        description:
          'The result decides what every store holding the batch may sell, so a caller limited to some stores gets 403 STORE_NOT_ALLOWED unless each package of the batch has a stock row at one of theirs and every store holding stock of it is one of theirs. 404 NOT_FOUND for an unknown batch.',
        params: idParams,
        body: labResultInput,
        response: created(batchSchema),
      },
    },
    async (request, reply) => mutate(platform, request, reply, async (uow) => ({ status: 201, body: await recordLabResult(uow, request.params.id, request.body) })),
  );

  // ---- reservations and sales ----
  api.post(
    '/v1/stores/:storeId/reservations',
    {
      config: { permission: 'pos:sell' },
      schema: {
        tags,
        summary: 'Hold stock for a cart or order (TTL); packages picked FIFO unless scanned',
        params: storeParams,
        body: z.object({ lines, ttlSeconds: z.number().int().min(1).max(MAX_TTL_SECONDS), reference: z.string().min(1).max(200) }).strict(),
        response: created(reservationSchema),
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 201, body: await reserve(uow, { storeId: storeOf(request), ...request.body }) })),
  );
  api.get(
    '/v1/inventory/reservations/:id',
    { config: { permission: 'inventory:read' }, schema: { tags, summary: 'A reservation and its package picks', description: `404 NOT_FOUND for an unknown id.${storeScoped}`, params: idParams, response: ok(reservationSchema) } },
    async (request) => {
      const view = await getReservation(db, organizationOf(request), request.params.id);
      assertStoreAccess(requireActor(request), view.storeId);
      return view;
    },
  );
  api.post(
    '/v1/inventory/reservations/:id/refresh',
    {
      config: { permission: 'pos:sell' },
      schema: {
        tags,
        summary: 'Keep a hold alive',
        description: `409 RESERVATION_NOT_HELD when it ended; 404 NOT_FOUND for an unknown id.${storeScoped}`,
        params: idParams,
        body: z.object({ ttlSeconds: z.number().int().min(1).max(MAX_TTL_SECONDS).optional() }).strict(),
        response: ok(reservationSchema),
      },
    },
    async (request, reply) => {
      await reservationInScope(request);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await refreshReservation(uow, request.params.id, request.body) }));
    },
  );
  api.post(
    '/v1/inventory/reservations/:id/release',
    {
      config: { permission: 'pos:sell' },
      schema: {
        tags,
        summary: 'Give held stock back',
        description: `Releasing twice is harmless; 409 RESERVATION_NOT_HELD for a converted one; 404 NOT_FOUND for an unknown id.${storeScoped}`,
        params: idParams,
        body: z.object({ reason: z.string().max(60).optional() }).strict(),
        response: ok(reservationSchema),
      },
    },
    async (request, reply) => {
      await reservationInScope(request);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await releaseReservation(uow, request.params.id, request.body) }));
    },
  );
  api.post(
    '/v1/inventory/reservations/:id/convert',
    {
      config: { permission: 'pos:sell' },
      schema: {
        tags,
        summary: 'Turn a hold into a sale for an order',
        description: `Again for the same order: the same answer, nothing changes. 409 RESERVATION_NOT_HELD or PACKAGE_NOT_SELLABLE; 404 NOT_FOUND for an unknown id.${storeScoped}`,
        params: idParams,
        body: saleReference,
        response: ok(reservationSchema),
      },
    },
    async (request, reply) => {
      await reservationInScope(request);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await convertReservationToSale(uow, request.params.id, request.body) }));
    },
  );
  api.post(
    '/v1/stores/:storeId/sales',
    {
      config: { permission: 'pos:sell' },
      schema: { tags, summary: 'A register sale without a hold (FIFO, or the scanned package)', params: storeParams, body: z.object({ lines, reference: saleReference }).strict(), response: created(saleSchema) },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 201, body: await sellDirect(uow, { storeId: storeOf(request), ...request.body }) })),
  );
  api.post(
    '/v1/stores/:storeId/returns',
    {
      config: { permission: 'orders:refund' },
      schema: {
        tags,
        summary: 'Put returned goods back on hand (never more than the order took)',
        params: storeParams,
        body: z
          .object({
            orderId: z.string().min(1).max(200),
            lines: z.array(z.object({ packageLabel: label, quantity, locationCode: locationCode.optional() }).strict()).min(1).max(200),
            reasonCode: z.enum(['customer_return', 'wrong_item', 'defective', 'order_cancelled']).default('customer_return'),
            note: z.string().max(1000).optional(),
          })
          .strict(),
        response: created(stockReturnSchema),
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 201, body: await returnToStock(uow, { storeId: storeOf(request), ...request.body }) })),
  );

  // ---- receiving ----
  api.post(
    '/v1/stores/:storeId/manifests',
    {
      config: { permission: 'inventory:receive' },
      schema: {
        tags,
        summary: 'Enter an incoming manifest',
        description: '409 STORE_NOT_OPEN (path params.storeId) at a store that is closed or retired: it takes no stock in.',
        params: storeParams,
        body: z
          .object({
            number: z.string().trim().min(1).max(100),
            source: z.enum(['supplier', 'metrc']).default('supplier'),
            supplierName: z.string().max(200).optional(),
            supplierLicense: z.string().max(100).optional(),
            items: z
              .array(
                z
                  .object({
                    packageLabel: label,
                    skuId: z.uuid(),
                    unit,
                    expectedQuantity: quantity,
                    batchId: z.uuid().optional(),
                    batch: batchInput.optional(),
                    packagedOn: isoDate.optional(),
                    expiresOn: isoDate.optional(),
                  })
                  .strict(),
              )
              .min(1)
              .max(1000),
          })
          .strict(),
        response: created(manifestSchema),
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 201, body: await createManifest(uow, storeOf(request), request.body) })),
  );
  api.get(
    '/v1/stores/:storeId/manifests',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'The store’s manifests, newest first, a page at a time, with their items counted by status',
        description:
          'status: open or closed. limit: 1-200 (default 50). after: the previous page’s nextAfter (null on the last page). ' +
          'A bad or unknown parameter, or an after that is not a manifest of this store, is 400 VALIDATION_FAILED with its path. 403 STORE_NOT_ALLOWED for a store outside the caller’s; 404 NOT_FOUND for an unknown store.',
        params: storeParams,
        querystring: pageQuery(z.enum(['open', 'closed'])),
        response: ok(manifestListSchema),
      },
    },
    async (request) => listManifests(db, organizationOf(request), storeOf(request), request.query),
  );
  api.get(
    '/v1/stores/:storeId/manifests/:id',
    { config: { permission: 'inventory:read' }, schema: { tags, summary: 'A manifest, its items and discrepancies', params: storeAndId, response: ok(manifestSchema) } },
    async (request) => getManifest(db, organizationOf(request), storeOf(request), request.params.id),
  );
  api.post(
    '/v1/stores/:storeId/manifests/:id/receive',
    {
      config: { permission: 'inventory:receive' },
      schema: {
        tags,
        summary: 'Receive packages of a manifest with counted quantities; accept or reject each',
        description: '409 STORE_NOT_OPEN (path params.storeId) at a store that is closed or retired: it takes no stock in, and nothing is received.',
        params: storeAndId,
        body: z
          .object({
            items: z
              .array(
                z
                  .object({
                    packageLabel: label,
                    countedQuantity: z.number().int().min(0).max(1e12),
                    damagedQuantity: z.number().int().min(0).max(1e12).optional(),
                    decision: z.enum(['accept', 'reject']),
                    locationCode: locationCode.optional(),
                    reason: z.string().max(500).optional(),
                  })
                  .strict(),
              )
              .min(1)
              .max(1000),
          })
          .strict(),
        response: ok(manifestSchema),
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 200, body: await receiveManifestItems(uow, storeOf(request), request.params.id, request.body) })),
  );
  api.post(
    '/v1/stores/:storeId/manifests/:id/close',
    { config: { permission: 'inventory:receive' }, schema: { tags, summary: 'Close a manifest', params: storeAndId, response: ok(manifestSchema) } },
    async (request, reply) => mutate(platform, request, reply, async (uow) => ({ status: 200, body: await closeManifest(uow, storeOf(request), request.params.id) })),
  );

  // ---- transfers ----
  api.post(
    '/v1/inventory/transfers',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Ship stock to another store (it goes in transit)',
        description: '409 STORE_NOT_OPEN (path body.toStoreId) when the receiving store is closed or retired: it takes no stock in. A store that is not open still ships out.',
        body: z
          .object({
            fromStoreId: z.uuid(),
            toStoreId: z.uuid(),
            note: z.string().max(1000).optional(),
            items: z.array(z.object({ packageLabel: label, quantity, fromLocationCode: locationCode.optional() }).strict()).min(1).max(500),
          })
          .strict(),
        response: created(transferSchema),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      assertStoreAccess(actor, request.body.fromStoreId);
      return mutate(platform, request, reply, async (uow) => ({ status: 201, body: await createTransfer(uow, request.body) }));
    },
  );
  api.get(
    '/v1/stores/:storeId/transfers',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'The store’s transfers out and in, newest first, a page at a time',
        description:
          'direction: outgoing or incoming (default both). status: in_transit, received or cancelled. limit: 1-200 (default 50). after: the previous page’s nextAfter. ' +
          'A bad or unknown parameter, or an after that is not a transfer of this store, is 400 VALIDATION_FAILED with its path. 403 STORE_NOT_ALLOWED for a store outside the caller’s.',
        params: storeParams,
        querystring: pageQuery(z.enum(['in_transit', 'received', 'cancelled'])).extend({ direction: z.enum(['outgoing', 'incoming']).optional() }).strict(),
        response: ok(transferListSchema),
      },
    },
    async (request) => listTransfers(db, organizationOf(request), storeOf(request), request.query),
  );
  api.get(
    '/v1/inventory/transfers/:id',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'A transfer',
        description: 'Readable by callers with access to the sending or the receiving store; others get 403 STORE_NOT_ALLOWED. 404 NOT_FOUND for an unknown id.',
        params: idParams,
        response: ok(transferSchema),
      },
    },
    async (request) => {
      const transfer = await getTransfer(db, organizationOf(request), request.params.id);
      const actor = requireActor(request);
      // Either end may read it: the sender follows it in transit, the receiver expects it.
      if (actor.storeIds.length > 0 && !actor.storeIds.includes(transfer.fromStoreId)) assertStoreAccess(actor, transfer.toStoreId);
      return transfer;
    },
  );
  api.post(
    '/v1/inventory/transfers/:id/receive',
    {
      config: { permission: 'inventory:receive' },
      schema: {
        tags,
        summary: 'Receive a transfer at the destination store',
        description:
          '409 STORE_NOT_OPEN (path params.id) when the receiving store is closed or retired: nothing is received; the transfer stays in transit until that store opens again, ' +
          'or the sender cancels it (POST /v1/inventory/transfers/{id}/cancel) and its stock goes back where it left from.',
        params: idParams,
        body: z
          .object({
            items: z
              .array(z.object({ packageLabel: label, receivedQuantity: z.number().int().min(0).max(1e12).optional(), locationCode: locationCode.optional() }).strict())
              .max(500)
              .optional(),
          })
          .strict(),
        response: ok(transferSchema),
      },
    },
    async (request, reply) => {
      const transfer = await getTransfer(db, organizationOf(request), request.params.id);
      assertStoreAccess(requireActor(request), transfer.toStoreId);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await receiveTransfer(uow, request.params.id, request.body) }));
    },
  );
  api.post(
    '/v1/inventory/transfers/:id/cancel',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Cancel a transfer still in transit: its stock goes back to the sending store',
        description:
          'The sending store calls back a transfer the receiving store has not received: each package goes from the sender’s in-transit location back to the location it left from ' +
          '(the vault, if that location was retired since), and the transfer is cancelled with who, when and the reason. A transfer received (in whole or in part) or already cancelled is ' +
          '409 TRANSFER_NOT_IN_TRANSIT and nothing changes. 403 STORE_NOT_ALLOWED for a caller without the sending store; 404 NOT_FOUND for an unknown id.',
        params: idParams,
        body: z.object({ reason: z.string().trim().min(1).max(500).describe('Why it is called back; kept on the transfer and in the audit log') }).strict(),
        response: ok(transferSchema),
      },
    },
    async (request, reply) => {
      const transfer = await getTransfer(db, organizationOf(request), request.params.id);
      // The sender's call: the goods are still on its licence.
      assertStoreAccess(requireActor(request), transfer.fromStoreId);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await cancelTransfer(uow, request.params.id, request.body) }));
    },
  );

  // ---- counts ----
  api.post(
    '/v1/stores/:storeId/counts',
    {
      config: { permission: 'inventory:count' },
      schema: {
        tags,
        summary: 'Start a full or cycle count',
        params: storeParams,
        body: z
          .object({ kind: z.enum(['full', 'cycle']), locationCode: locationCode.optional(), skuIds: z.array(z.uuid()).max(500).optional(), note: z.string().max(1000).optional() })
          .strict(),
        response: created(countSchema),
      },
    },
    async (request, reply) => mutate(platform, request, reply, async (uow) => ({ status: 201, body: await startCount(uow, storeOf(request), request.body) })),
  );
  api.get(
    '/v1/stores/:storeId/counts',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'The store’s counts, newest first, a page at a time, with who started each and its variance summary',
        description:
          'status: open, submitted, approved or rejected. limit: 1-200 (default 50). after: the previous page’s nextAfter (null on the last page). ' +
          'A bad or unknown parameter, or an after that is not a count of this store, is 400 VALIDATION_FAILED with its path. 403 STORE_NOT_ALLOWED for a store outside the caller’s; 404 NOT_FOUND for an unknown store.',
        params: storeParams,
        querystring: pageQuery(z.enum(['open', 'submitted', 'approved', 'rejected'])),
        response: ok(countListSchema),
      },
    },
    async (request) => listCounts(db, organizationOf(request), storeOf(request), request.query),
  );
  api.get(
    '/v1/stores/:storeId/counts/:id',
    { config: { permission: 'inventory:read' }, schema: { tags, summary: 'A count and its variance report', params: storeAndId, response: ok(countSchema) } },
    async (request) => getCount(db, organizationOf(request), storeOf(request), request.params.id),
  );
  api.post(
    '/v1/stores/:storeId/counts/:id/lines',
    {
      config: { permission: 'inventory:count' },
      schema: {
        tags,
        summary: 'Record counted quantities',
        params: storeAndId,
        body: z
          .object({ lines: z.array(z.object({ packageLabel: label, locationCode, countedQuantity: z.number().int().min(0).max(1e12) }).strict()).min(1).max(1000) })
          .strict(),
        response: ok(countSchema),
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 200, body: await recordCountLines(uow, storeOf(request), request.params.id, request.body) })),
  );
  api.post(
    '/v1/stores/:storeId/counts/:id/submit',
    { config: { permission: 'inventory:count' }, schema: { tags, summary: 'Submit the count: freezes the variance report', params: storeAndId, response: ok(countSchema) } },
    async (request, reply) => mutate(platform, request, reply, async (uow) => ({ status: 200, body: await submitCount(uow, storeOf(request), request.params.id) })),
  );
  api.post(
    '/v1/stores/:storeId/counts/:id/decision',
    {
      config: { permission: 'inventory:approve' },
      schema: {
        tags,
        summary: 'Approve (book count corrections) or reject a submitted count',
        params: storeAndId,
        body: z.object({ decision: z.enum(['approve', 'reject']), note: z.string().max(1000).optional() }).strict(),
        response: ok(countSchema),
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 200, body: await decideCount(uow, storeOf(request), request.params.id, request.body) })),
  );

  // ---- reorder points, alerts, reconciliation ----
  api.put(
    '/v1/stores/:storeId/reorder-points/:skuId',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Set the reorder point of a SKU at a store',
        description: '404 NOT_FOUND (path params.skuId) for a SKU the catalog does not have, and nothing is stored. 403 STORE_NOT_ALLOWED for a store outside the caller’s.',
        params: storeAndSku,
        body: z.object({ reorderAt: z.number().int().min(0).max(1e12), reorderQuantity: quantity }).strict(),
        response: ok(reorderPointSchema),
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 200, body: await setReorderPoint(uow, storeOf(request), request.params.skuId, request.body) })),
  );
  api.get(
    '/v1/stores/:storeId/reorder-points',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'The store’s reorder points, with each SKU’s code and title, what is available now and whether it is low',
        description: '403 STORE_NOT_ALLOWED for a store outside the caller’s; 404 NOT_FOUND for an unknown store.',
        params: storeParams,
        response: ok(reorderPointListSchema),
      },
    },
    async (request) => ({ reorderPoints: await listReorderPoints(db, organizationOf(request), storeOf(request)) }),
  );
  api.delete(
    '/v1/stores/:storeId/reorder-points/:skuId',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Remove the reorder point of a SKU at a store (audited); its open low-stock alert is resolved',
        description: '404 NOT_FOUND (path params.skuId) when the SKU has no reorder point at the store. 403 STORE_NOT_ALLOWED for a store outside the caller’s.',
        params: storeAndSku,
        response: { 204: z.null().describe('Removed'), ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => {
        await deleteReorderPoint(uow, storeOf(request), request.params.skuId);
        return { status: 204, body: null };
      }),
  );
  api.get(
    '/v1/stores/:storeId/low-stock',
    { config: { permission: 'inventory:read' }, schema: { tags, summary: 'SKUs at or below their reorder point', params: storeParams, response: ok(lowStockListSchema) } },
    async (request) => ({ items: await lowStock(db, organizationOf(request), storeOf(request)) }),
  );
  api.get(
    '/v1/inventory/alerts',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'Inventory alerts (drift, low stock, receiving discrepancies, recalls, failed labs)',
        description:
          'Newest first. A caller limited to some stores sees those stores’ alerts and the organization-wide ones (recalls, failed labs); a storeId outside theirs is 403 STORE_NOT_ALLOWED.',
        querystring: z
          .object({
            storeId: z.uuid().optional(),
            kind: z.enum(['drift', 'low_stock', 'receiving_discrepancy', 'transfer_discrepancy', 'recall', 'lab_failed']).optional(),
            status: z.enum(['open', 'acknowledged', 'resolved']).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          })
          .strict(),
        response: ok(inventoryAlertListSchema),
      },
    },
    async (request) => {
      storesVisibleTo(requireActor(request), request.query.storeId); // a named store outside the caller's is 403
      return { alerts: await listAlerts(db, organizationOf(request), request.query, scopeOf(request)) };
    },
  );
  api.post(
    '/v1/inventory/alerts/:id/acknowledge',
    {
      config: { permission: 'inventory:write' },
      schema: {
        tags,
        summary: 'Acknowledge or resolve an alert',
        description: `Acknowledging needs an open alert, resolving an open or acknowledged one (an acknowledged alert still stands for its condition: a repeat raises no new alert until it is resolved); otherwise 404 NOT_FOUND.${storeScoped}`,
        params: idParams,
        body: z.object({ resolve: z.boolean().optional(), note: z.string().max(1000).optional() }).strict(),
        response: ok(acknowledgedAlertSchema),
      },
    },
    async (request, reply) => mutate(platform, request, reply, async (uow) => ({ status: 200, body: await acknowledgeAlert(uow, request.params.id, request.body) })),
  );
  api.post(
    '/v1/inventory/reconciliations',
    {
      config: { permission: 'inventory:approve' },
      schema: {
        tags,
        summary: 'Recompute counters from the ledger now; drift raises alerts',
        description: 'Every store of the organization, or a caller limited to some stores: those stores.',
        response: ok(reconciliationSchema),
      },
    },
    async (request, reply) => mutate(platform, request, reply, async (uow) => ({ status: 200, body: await reconcileInventory(uow) })),
  );

  // ---- recall ----
  const recallScope = z
    .object({ batchId: z.uuid().optional(), packageLabel: label.optional(), producerLicense: z.string().trim().min(1).max(100).optional() })
    .strict();
  const toScope = (input: { batchId?: string; packageLabel?: string; producerLicense?: string }, where: 'query' | 'body'): RecallScope => {
    const given = [input.batchId && { batchId: input.batchId }, input.packageLabel && { packageLabel: input.packageLabel }, input.producerLicense && { producerLicense: input.producerLicense }].filter(
      Boolean,
    ) as RecallScope[];
    if (given.length !== 1) {
      throw new AppError(400, 'RECALL_SCOPE', 'Name exactly one of batchId, packageLabel or producerLicense.', { path: [where] });
    }
    return given[0];
  };
  api.get(
    '/v1/inventory/recalls/trace',
    {
      config: { permission: 'inventory:recall' },
      schema: {
        tags,
        summary: 'For a batch, package or producer: stock on hand per location and every sale (CSV with format=csv)',
        description:
          'A caller limited to some stores reads what those stores hold and sold (the packages with a stock row there). 400 RECALL_SCOPE unless exactly one of batchId, packageLabel or producerLicense is given.',
        querystring: recallScope.extend({ format: z.enum(['json', 'csv']).default('json') }).strict(),
        response: {
          200: {
            description: 'The trace as JSON, or with format=csv the sales as CSV',
            content: { 'application/json': { schema: recallTraceSchema }, 'text/csv': { schema: z.string().describe('One row per sale: order_id, customer_id, channel, sold_at, store_id, package_label, sku_id, quantity, unit') } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const trace = await traceRecall(db, organizationOf(request), toScope(request.query, 'query'), scopeOf(request));
      if (request.query.format === 'csv') {
        reply.header('content-type', 'text/csv; charset=utf-8');
        // The scope's value is the caller's text: only safe characters go into the header.
        const name = `recall-${trace.scope.type}-${trace.scope.value}`.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
        reply.header('content-disposition', `attachment; filename="${name}.csv"`);
        return recallSalesCsv(trace);
      }
      return trace;
    },
  );
  api.post(
    '/v1/inventory/recalls',
    {
      config: { permission: 'inventory:recall' },
      schema: {
        tags,
        summary: 'Recall: put every package in scope on hold, in every store, at once',
        description:
          'A caller limited to some stores gets 403 STORE_NOT_ALLOWED unless each package in scope has a stock row at one of theirs and every store holding stock of them is one of theirs; the trace answered is theirs (see the trace). 404 NOTHING_TO_RECALL; 400 RECALL_SCOPE.',
        body: recallScope.extend({ reason: z.string().trim().min(1).max(1000) }).strict(),
        response: created(recallSchema),
      },
    },
    async (request, reply) => {
      const scope = toScope(request.body, 'body');
      return mutate(platform, request, reply, async (uow) => ({ status: 201, body: await issueRecall(uow, { ...scope, reason: request.body.reason }) }));
    },
  );
};
