import { z } from 'zod';
import { assertStoreAccess, contextOf, errorResponses, mutate, mutateOnce, organizationOf, queryFlag, requireActor, somethingToChange, type RoutePlugin } from '../../platform/http';
import { manualIdDocument, storeFor } from '../compliance';
import { customerSecrets, secretDigest } from '../customers';
import { handOverRefusalsLogged, handOverSignatureSchema, refundOrderPayments } from '../orders';
import { inventoryLedger } from './delivery.ledger';
import { NO_SHOW_REFUNDS, noShowRefundSubscriber } from './delivery.refunds';
import { inventoryLedgerSchema, runListSchema, runSchema, vehicleListSchema, vehicleSchema } from './delivery.schemas';
import { addVehicle, cancelRun, changeVehicle, checkIdAtTheDoor, createRun, DeliveryEvents, departRun, endStop, getRun, listRuns, listVehicles, loadOrder, recordVehicleStop, returnRun, storeOfRun, unloadOrder } from './delivery.service';
import { VEHICLE_STOP_REASONS } from './delivery.tables';

const storeParams = z.object({ storeId: z.uuid() }).strict();
const vehicleParams = z.object({ storeId: z.uuid(), vehicleId: z.uuid() }).strict();
// A vehicle's make, model and plate, as Metrc's sales deliveries carry them.
const vehicleName = z.string().trim().min(1).max(100);
const vehicleMake = z.string().trim().min(1).max(100);
const vehicleModel = z.string().trim().min(1).max(100);
const licensePlate = z.string().trim().min(1).max(20);
const runParams = z.object({ runId: z.uuid() }).strict();
const stopParams = z.object({ runId: z.uuid(), orderId: z.uuid() }).strict();
const reason = z.string().trim().min(3).max(500);
const override = z
  .object({ reason })
  .strict()
  .describe('Leave over an overridable vehicle rule: needs compliance:override; the reason is audited');

export const deliveryRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;
  const runInScope = async (request: Parameters<typeof organizationOf>[0], runId: string) => {
    assertStoreAccess(requireActor(request), await storeOfRun(db, organizationOf(request), runId));
  };
  // A no-show's refund that the driver's request could not make is retried from the outbox.
  if (!platform.deliveries.subscribers.has(NO_SHOW_REFUNDS)) platform.deliveries.register(noShowRefundSubscriber(platform, DeliveryEvents.stopEnded));

  // ---- vehicles -------------------------------------------------------------------------------

  api.post(
    '/v1/stores/:storeId/delivery-vehicles',
    {
      config: { permission: 'stores:manage' },
      schema: {
        tags: ['delivery'],
        summary: 'Add a delivery vehicle to a store',
        description: 'The name is unique among the store’s vehicles in service (409 VEHICLE_NAME_TAKEN at body.name); a retired vehicle’s name may be given again. Where the store files Metrc sales deliveries, a vehicle leaves only with its make, model and plate (422 STATE_FILING_INCOMPLETE at departure).',
        params: storeParams,
        body: z.object({ name: vehicleName, make: vehicleMake.optional(), model: vehicleModel.optional(), licensePlate: licensePlate.optional() }).strict(),
        response: { 201: vehicleSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      assertStoreAccess(requireActor(request), request.params.storeId);
      const store = await storeFor(db, organizationOf(request), request.params.storeId);
      return mutate(platform, request, reply, async (uow) => ({ status: 201, body: await addVehicle(uow, store, request.body) }));
    },
  );

  api.patch(
    '/v1/stores/:storeId/delivery-vehicles/:vehicleId',
    {
      config: { permission: 'stores:manage' },
      schema: {
        tags: ['delivery'],
        summary: 'Correct a delivery vehicle, retire it or bring it back',
        description:
          'Each field optional, at least one; null clears the make, model or plate. The same checks as adding one (409 VEHICLE_NAME_TAKEN at body.name for a name another vehicle in service has, also when two renames race). ' +
          '`active: false` retires the vehicle: it starts no run (409 VEHICLE_RETIRED), leaves the list unless includeRetired=true, keeps its past runs readable, and its name may be given to a new vehicle; retiring a retired one changes nothing. `active: true` brings it back (409 VEHICLE_NAME_TAKEN while another vehicle in service has its name). ' +
          'A vehicle out on a run keeps what its manifest and state filing were sent with: any change is 409 VEHICLE_OUT (`details.runId`) until it returns. One being loaded may be corrected (departure checks it as it is then) but not retired (409 VEHICLE_BUSY, `details.runId`: call the run off first). ' +
          'A vehicle of another store is 404. Audited (before and after).',
        params: vehicleParams,
        body: somethingToChange(
          z
            .object({
              name: vehicleName.optional(),
              make: vehicleMake.nullable().optional(),
              model: vehicleModel.nullable().optional(),
              licensePlate: licensePlate.nullable().optional(),
              active: z.boolean().optional().describe('false retires the vehicle, true brings it back into service'),
            })
            .strict(),
        ),
        response: { 200: vehicleSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      assertStoreAccess(requireActor(request), request.params.storeId);
      const store = await storeFor(db, organizationOf(request), request.params.storeId);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await changeVehicle(uow, store, request.params.vehicleId, request.body) }));
    },
  );

  api.get(
    '/v1/stores/:storeId/delivery-vehicles',
    {
      config: { permission: 'delivery:read' },
      schema: {
        tags: ['delivery'],
        summary: 'Delivery vehicles of a store',
        description: 'The vehicles in service; with includeRetired=true the retired ones too (`active: false`).',
        params: storeParams,
        querystring: z.object({ includeRetired: queryFlag().optional() }).strict(),
        response: { 200: vehicleListSchema, ...errorResponses },
      },
    },
    async (request) => {
      assertStoreAccess(requireActor(request), request.params.storeId);
      const store = await storeFor(db, organizationOf(request), request.params.storeId);
      return { items: await listVehicles(db, store.organizationId, store.id, { includeRetired: request.query.includeRetired }) };
    },
  );

  // ---- runs -----------------------------------------------------------------------------------

  api.post(
    '/v1/delivery-runs',
    {
      config: { permission: 'delivery:write' },
      schema: {
        tags: ['delivery'],
        summary: 'Start loading a vehicle for a delivery run',
        description:
          'The driver defaults to the signed-in staff member; any active staff member who may deliver at the store can be named. One run per vehicle until it returns (409 VEHICLE_BUSY); a retired vehicle starts none (409 VEHICLE_RETIRED). ' +
          'unorderedValueCents declares goods carried without an order, which some packs cap (California $3,000). ' +
          'A driver out on another run may be given one: it is not refused, and `driverOut` names the run they are out on (this one leaves only once that one is back, 409 DRIVER_OUT).',
        body: z
          .object({
            storeId: z.uuid(),
            vehicleId: z.uuid(),
            driverId: z.uuid().optional(),
            unorderedValueCents: z.number().int().min(0).max(100_000_000).optional(),
          })
          .strict(),
        response: { 201: runSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      assertStoreAccess(requireActor(request), request.body.storeId);
      const store = await storeFor(db, organizationOf(request), request.body.storeId);
      return mutate(platform, request, reply, async (uow) => ({ status: 201, body: await createRun(uow, store, request.body) }));
    },
  );

  api.get(
    '/v1/delivery-runs',
    {
      config: { permission: 'delivery:read' },
      schema: {
        tags: ['delivery'],
        summary: 'Delivery runs of a store',
        description: '404 NOT_FOUND for a store that is not the organization’s.',
        querystring: z.object({ storeId: z.uuid(), status: z.enum(['loading', 'out', 'returned', 'cancelled']).optional() }).strict(),
        response: { 200: runListSchema, ...errorResponses },
      },
    },
    async (request) => {
      assertStoreAccess(requireActor(request), request.query.storeId);
      // A store of no run and no store at all are not the same answer: 404 for the latter.
      const store = await storeFor(db, organizationOf(request), request.query.storeId);
      return { items: await listRuns(db, store.organizationId, request.query) };
    },
  );

  api.get(
    '/v1/delivery-runs/:runId',
    {
      config: { permission: 'delivery:read' },
      schema: {
        tags: ['delivery'],
        summary: 'A delivery run with its manifest and the pack’s verdict on its load',
        description: 'While loading, `load` is the verdict on the load as it stands (the share paid ahead is judged at departure); after departure, the verdict the vehicle left with.',
        params: runParams,
        response: { 200: runSchema, ...errorResponses },
      },
    },
    async (request) => {
      const run = await getRun(db, organizationOf(request), request.params.runId);
      assertStoreAccess(requireActor(request), run.storeId);
      return run;
    },
  );

  api.get(
    '/v1/delivery-runs/:runId/inventory-ledger',
    {
      config: { permission: 'delivery:read' },
      schema: {
        tags: ['delivery'],
        summary: 'The run’s delivery inventory ledger: what the vehicle carried after each stop',
        description:
          'One entry per stop that changed what the vehicle carries, in stop order: the departure (the load as it left), each order stop as it ended (handed over: its packages are gone; a no-show or brought back: they ride back, `returning`) and the return (empty). ' +
          'Each lists every package left in the vehicle with its product type, brand, retail value, package label (track-and-trace id) and weight, as they were at that stop: written in the stop’s transaction, a later catalog edit changes nothing. Kept for every run, whatever the state (California asks for it, 4 CCR §15418).',
        params: runParams,
        response: { 200: inventoryLedgerSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { storeId, ...ledger } = await inventoryLedger(db, organizationOf(request), request.params.runId);
      assertStoreAccess(requireActor(request), storeId);
      return ledger;
    },
  );

  api.post(
    '/v1/delivery-runs/:runId/stops',
    {
      config: { permission: 'delivery:write' },
      schema: {
        tags: ['delivery'],
        summary: 'Load a ready delivery order onto the vehicle',
        description:
          'The order must be a delivery order of the run’s store in status ready (409 ORDER_NOT_READY), on no other vehicle (409 ORDER_ALREADY_LOADED). ' +
          'The whole load is judged against the pack’s vehicle rules: over a cap is 422 DELIVERY_VEHICLE_LIMIT and nothing is loaded, unless an override is given where the pack allows one.',
        params: runParams,
        body: z.object({ orderId: z.uuid(), override: override.optional() }).strict(),
        response: { 201: runSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await runInScope(request, request.params.runId);
      return mutate(platform, request, reply, async (uow) => ({ status: 201, body: await loadOrder(uow, organizationOf(request), request.params.runId, request.body) }));
    },
  );

  api.delete(
    '/v1/delivery-runs/:runId/stops/:orderId',
    {
      config: { permission: 'delivery:write' },
      schema: { tags: ['delivery'], summary: 'Take an order off a vehicle that has not left', params: stopParams, response: { 200: runSchema, ...errorResponses } },
    },
    async (request, reply) => {
      await runInScope(request, request.params.runId);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await unloadOrder(uow, organizationOf(request), request.params.runId, request.params.orderId) }));
    },
  );

  api.post(
    '/v1/delivery-runs/:runId/depart',
    {
      config: { permission: 'delivery:write' },
      schema: {
        tags: ['delivery'],
        summary: 'The vehicle leaves: the load is judged again and every order goes out for delivery',
        description:
          'Judges the whole load on the day it leaves, the share ordered and paid ahead included (New York 30 %); 422 DELIVERY_VEHICLE_LIMIT refuses the departure and changes nothing. ' +
          'An order that is no longer ready (cancelled meanwhile) is 409 ORDER_NOT_READY: unload it first. ' +
          'Where the store files delivery orders as Metrc sales deliveries, a vehicle without make, model or plate, or an order whose address has no street, city, postal code or a state Metrc knows (a two-letter code or a US state name), ' +
          'is 422 STATE_FILING_INCOMPLETE (`details.missing` names each) and changes nothing. The verdict is kept on the run. ' +
          'One driver is out on one vehicle at a time: while another run of the same driver is out, 409 DRIVER_OUT (`details.otherRunId`) and nothing changes.',
        params: runParams,
        // Optional: a POST with no body at all (no content type) arrives as null, not undefined.
        body: z.object({ override: override.optional() }).strict().nullish(),
        response: { 200: runSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await runInScope(request, request.params.runId);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await departRun(uow, organizationOf(request), request.params.runId, request.body ?? {}) }));
    },
  );

  api.post(
    '/v1/delivery-runs/:runId/stops/:orderId/delivered',
    {
      config: { permission: 'delivery:write' },
      schema: {
        tags: ['delivery'],
        summary: 'Hand the order over at the door',
        description:
          'Completes the order: every line must have been picked, and the customer’s ID verification is linked: the ID checked at the door (`idCheck`, recorded for the order’s customer as a hand check on the delivery channel, with the counter’s refusals: 422 UNDERAGE, ID_EXPIRED…, logged, the order stays out), else the one named, else their latest (422 ID_NOT_VERIFIED without one, ID_EXPIRED for an expired one); outside the pack’s hours 422 OUTSIDE_SALE_HOURS. Each refusal is written to the compliance log and named in the error (`details.refusalId`). ' +
          'Where the store’s pack asks for the customer’s signature on the delivery receipt (California), `signature` is required: the printed name and the PNG the customer drew, after the other checks; 422 SIGNATURE_REQUIRED at body.signature without it, and nothing changes (no ID recorded, the order stays out). ' +
          'The delivery request receipt to sign is GET /v1/orders/:id/receipt while the order is out; after the hand-over it prints who signed. ' +
          'An order no longer out on this vehicle (a manager took it back to the store or ended it through the order itself) is 409 INVALID_TRANSITION, and no ID is checked. ' +
          'Only the run’s driver, or staff with delivery:dispatch (403 FORBIDDEN).',
        params: stopParams,
        body: z
          .object({
            idVerificationId: z.uuid().optional().describe('An ID check on file to link (one of this customer’s)'),
            idCheck: manualIdDocument.optional().describe('The ID the driver checked at the door, typed from the document; not with idVerificationId'),
            signature: handOverSignatureSchema.optional(),
          })
          .strict()
          .refine((b) => !(b.idCheck && b.idVerificationId), { message: 'either idCheck or idVerificationId, not both', path: ['idCheck'] })
          .nullish(),
        response: { 200: runSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await runInScope(request, request.params.runId);
      const organizationId = organizationOf(request);
      const { runId, orderId } = request.params;
      const { idCheck, idVerificationId, signature } = request.body ?? {};
      return handOverRefusalsLogged(platform, contextOf(request), { organizationId, orderId, source: 'delivery' }, () =>
        mutate(platform, request, reply, async (uow) => {
          let linked = idVerificationId;
          if (idCheck) {
            // Recorded in the hand-over's transaction; a refused document commits its log row and is the answer.
            const checked = await checkIdAtTheDoor(uow, organizationId, runId, orderId, idCheck, customerSecrets(platform.config).pepper);
            if (!checked.ok) return { status: checked.status, body: checked.body as never };
            linked = checked.verification.id;
          }
          return { status: 200, body: await endStop(uow, organizationId, runId, orderId, { delivered: true, ...(linked ? { idVerificationId: linked } : {}), ...(signature ? { signature } : {}) }) };
        },
        // The Idempotency-Key's request hash is unkeyed: it names the ID number by a keyed digest.
        idCheck?.idNumber !== undefined ? { body: { ...request.body, idCheck: { ...idCheck, idNumber: secretDigest(customerSecrets(platform.config), idCheck.idNumber) } } } : {}),
      );
    },
  );

  api.post(
    '/v1/delivery-runs/:runId/stops/:orderId/undelivered',
    {
      config: { permission: 'delivery:write' },
      schema: {
        tags: ['delivery'],
        summary: 'The order could not be handed over',
        description:
          'By default the order becomes a no-show: its goods go back to stock at the store, the limit usage is credited, and the refund is owed (the stop’s `refund`), written with the change and tried after it commits; a refund the processor refuses stays owed with its reason and is retried with backoff by the outbox (subscriber delivery.no-show-refunds) until it goes through, never twice; after its last try the built-in alert outbox.dead_letters is raised. ' +
          'With `redeliver: true` the driver brings the order back to deliver later: it stays sold and paid, returns to `ready`, and can be loaded on another run. ' +
          'An order no longer out on this vehicle (a manager took it back to the store or ended it through the order itself) is 409 INVALID_TRANSITION and changes nothing. ' +
          'With an Idempotency-Key, a retry answers the stored result and refunds nothing again.',
        params: stopParams,
        body: z
          .object({
            reason,
            redeliver: z.boolean().default(false).describe('Bring the order back to the store to deliver on a later run (the order returns to ready) instead of ending it as a no-show'),
          })
          .strict(),
        response: { 200: runSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await runInScope(request, request.params.runId);
      const organizationId = organizationOf(request);
      const answer = await mutateOnce(platform, request, reply, async (uow) => ({
        status: 200,
        body: await endStop(uow, organizationId, request.params.runId, request.params.orderId, { delivered: false, reason: request.body.reason, redeliver: request.body.redeliver }),
      }));
      if (answer.replayed || request.body.redeliver) return answer.body;
      // The refund is owed from the commit on, and this request holds its first try (the outbox retries a failure).
      await refundOrderPayments(platform, contextOf(request), { organizationId, orderId: request.params.orderId });
      return getRun(db, organizationId, request.params.runId);
    },
  );

  api.post(
    '/v1/delivery-runs/:runId/vehicle-stops',
    {
      config: { permission: 'delivery:write' },
      schema: {
        tags: ['delivery'],
        summary: 'Record a stop the vehicle made other than at a customer’s door',
        description:
          'For the run’s stop log (`stopLog` of the run): why the vehicle stopped (fuel, rest, break, traffic, safety, or other with a note saying why) and when, the server’s time as it is recorded. ' +
          'Only while the run is out (409 RUN_STATUS otherwise, nothing written); only the run’s driver, or staff with delivery:dispatch (403 FORBIDDEN). Audited; publishes delivery.run.stopped.',
        params: runParams,
        body: z
          .object({
            reason: z.enum(VEHICLE_STOP_REASONS),
            note: z.string().trim().min(1).max(500).optional().describe('What the stop was for; required with reason other'),
          })
          .strict()
          .refine((b) => b.reason !== 'other' || b.note !== undefined, { message: 'say what the stop was for', path: ['note'] }),
        response: { 201: runSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await runInScope(request, request.params.runId);
      return mutate(platform, request, reply, async (uow) => ({ status: 201, body: await recordVehicleStop(uow, organizationOf(request), request.params.runId, request.body) }));
    },
  );

  api.post(
    '/v1/delivery-runs/:runId/return',
    {
      config: { permission: 'delivery:write' },
      schema: {
        tags: ['delivery'],
        summary: 'The vehicle is back',
        description: 'Every stop must be delivered or undelivered first (409 STOPS_OPEN). No body, or an empty object.',
        params: runParams,
        body: z.object({}).strict().nullish(),
        response: { 200: runSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await runInScope(request, request.params.runId);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await returnRun(uow, organizationOf(request), request.params.runId) }));
    },
  );

  api.post(
    '/v1/delivery-runs/:runId/cancel',
    {
      config: { permission: 'delivery:write' },
      schema: {
        tags: ['delivery'],
        summary: 'Call off a run that has not left; its orders stay ready',
        params: runParams,
        body: z.object({ reason }).strict(),
        response: { 200: runSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await runInScope(request, request.params.runId);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await cancelRun(uow, organizationOf(request), request.params.runId, request.body.reason) }));
    },
  );

};
