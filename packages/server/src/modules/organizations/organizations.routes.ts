import { BUILT_IN_PACKS, HAND_OVER_MODES } from '@verdant/rules';
import { z } from 'zod';
import { assertEveryStore, assertStoreAccess, errorResponses, idParams, mutate, organizationOf, requireActor, somethingToChange, type RoutePlugin } from '../../platform/http';
import {
  createStore,
  getOrganization,
  getStore,
  isValidTimezone,
  listStores,
  STORE_STATUSES,
  updateStore,
} from './organizations.service';

const address = z
  .object({
    line1: z.string().max(200).optional(),
    line2: z.string().max(200).optional(),
    city: z.string().max(100).optional(),
    region: z.string().max(100).optional(),
    postalCode: z.string().max(20).optional(),
    country: z.string().max(2).optional(),
  })
  .strict();

const PACKED_JURISDICTIONS = BUILT_IN_PACKS.map((p) => p.jurisdiction).sort();

// The store's own choice of hand-over (no drive-through lane, no parking for curbside); the law
// stays in the packs, so a mode offered here is still refused where the pack does not allow it.
const pickupModesOffered = z
  .array(z.enum(HAND_OVER_MODES))
  .refine((modes) => modes.includes('in_store'), { message: 'in_store is always offered: include it' })
  .refine((modes) => new Set(modes).size === modes.length, { message: 'name each mode once' })
  .describe(
    'How the store offers to hand a pickup over (default all three): in_store (at the counter) always, curbside and drive_through where the store chooses to. ' +
      'A pickup may name a mode only where the store’s jurisdiction pack allows it and the store offers it (PUT /v1/carts/:id/fulfillment; GET /v1/public/stores/:storeId lists those as `pickupModes`). ' +
      'A list without in_store, or naming a mode twice, is 400 VALIDATION_FAILED at body.pickupModesOffered. Answered in HAND_OVER_MODES order.',
  );

const storeInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    licenseNumber: z.string().trim().min(1).max(100),
    // Only where a pack exists: a store elsewhere could not sell (every sale is judged by its pack).
    jurisdiction: z
      .string()
      .regex(/^[A-Z]{2}-[A-Z]{2}$/, 'a jurisdiction code such as US-CA')
      .refine((code) => PACKED_JURISDICTIONS.includes(code), { message: `a jurisdiction Verdant has a pack for: ${PACKED_JURISDICTIONS.join(', ')}` })
      .describe(`The store's jurisdiction; one Verdant has a pack for (${PACKED_JURISDICTIONS.join(', ')}), else 400 with the field path`),
    timezone: z.string().refine(isValidTimezone, 'an IANA timezone such as America/Los_Angeles'),
    address: address.optional(),
    medicalEndorsement: z
      .boolean()
      .optional()
      .describe('Whether the store holds its state’s medical endorsement, licence or registration (default true): in Washington patients are exempt from the cannabis excise and sales tax only at an endorsed store; in California a patient at a store without it (A-licensed) is served as adult use, 21+; in Oregon cardholders under 21 buy only at a store with it'),
    pickupModesOffered: pickupModesOffered.optional(),
  })
  .strict();

const storeStatus = z
  .enum(STORE_STATUSES)
  .describe(
    'open: it sells. closed: for a while (a renovation, a suspended license); retired: for good, it never opens again. A store not open takes no register sale or session, ' +
      'no new online cart or order, and its online menu is gone (409 STORE_NOT_OPEN); orders placed there can still be cancelled, returns and refunds, reports, ' +
      'counts, transfers out and destruction still work, so a closing store can be emptied.',
  );

/** A change of store: any field of a new store, or its status with the reason for it. */
const storeChanges = storeInput
  .partial()
  .extend({
    status: storeStatus.optional(),
    statusReason: z.string().trim().min(3).max(500).optional().describe('Why the store is closed, retired or opened again (required with status; kept in the audit log)'),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.status !== undefined && body.statusReason === undefined) ctx.addIssue({ code: 'custom', path: ['statusReason'], message: 'a reason is required to change the status' });
    if (body.statusReason !== undefined && body.status === undefined) ctx.addIssue({ code: 'custom', path: ['status'], message: 'a reason goes with a status' });
  });

const store = z
  .object({
    id: z.uuid(),
    organizationId: z.uuid(),
    name: z.string(),
    licenseNumber: z.string(),
    jurisdiction: z.string(),
    timezone: z.string(),
    address,
    medicalEndorsement: z.boolean(),
    status: storeStatus,
    statusReason: z.string().nullable().describe('Why the store was last closed, retired or opened again'),
    statusChangedAt: z.string().nullable(),
    pickupModesOffered: z
      .array(z.enum(HAND_OVER_MODES))
      .describe('The pickup hand-over modes the store offers: in_store always, then curbside and drive_through where it chooses to (whether its pack allows them is another matter)'),
  })
  .meta({ id: 'Store' });

export const organizationRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;

  api.get(
    '/v1/organization',
    {
      config: { permission: 'org:read' },
      schema: {
        tags: ['organization'],
        summary: 'The caller’s organization',
        response: { 200: z.object({ id: z.uuid(), name: z.string(), createdAt: z.string() }), ...errorResponses },
      },
    },
    async (request) => getOrganization(db, organizationOf(request)),
  );

  api.get(
    '/v1/stores',
    {
      config: { permission: 'stores:read' },
      schema: { tags: ['organization'], summary: 'List stores', response: { 200: z.object({ stores: z.array(store) }), ...errorResponses } },
    },
    async (request) => ({ stores: await listStores(db, organizationOf(request)) }),
  );

  api.get(
    '/v1/stores/:id',
    {
      config: { permission: 'stores:read' },
      schema: { tags: ['organization'], summary: 'One store', params: idParams, response: { 200: store, ...errorResponses } },
    },
    async (request) => getStore(db, organizationOf(request), request.params.id),
  );

  api.post(
    '/v1/stores',
    {
      config: { permission: 'stores:manage' },
      schema: {
        tags: ['organization'],
        summary: 'Open a store',
        description:
          'The store opens with its default inventory locations (vault, sales floor, display, quarantine, in transit) in the same transaction. ' +
          'Errors: 400 VALIDATION_FAILED with the field path; 409 LICENSE_TAKEN (path body.licenseNumber) for a license number another store uses, in any letter case; ' +
          '403 STORE_NOT_ALLOWED for staff limited to some stores. A refusal writes nothing.',
        body: storeInput,
        response: { 201: store, ...errorResponses },
      },
    },
    async (request, reply) => {
      // A store opened by staff limited to some stores would be one they could not work in.
      assertEveryStore(requireActor(request), 'open a store');
      return mutate(platform, request, reply, async (uow) => ({ status: 201, body: await createStore(uow, organizationOf(request), request.body) }));
    },
  );

  api.patch(
    '/v1/stores/:id',
    {
      config: { permission: 'stores:manage' },
      schema: {
        tags: ['organization'],
        summary: 'Change a store',
        description:
          'Only the fields sent change; an address replaces the whole address. Errors: 400 VALIDATION_FAILED with the field path (also for an empty body); ' +
          '409 LICENSE_TAKEN (path body.licenseNumber) for a license number another store uses, in any letter case; 409 STORE_HAS_TRANSFERS_IN_TRANSIT (path body.jurisdiction: another jurisdiction while a transfer to or from the store is in transit); 403 STORE_NOT_ALLOWED for a store outside the caller’s; 404 NOT_FOUND. A refusal writes nothing. ' +
          'A status is sent with its statusReason (400 at body.statusReason without one): closing, retiring or opening the store again is audited as store.closed, store.retired or store.reopened with the reason, ' +
          'and published as organizations.store.updated; 409 STORE_RETIRED (path body.status) for any status change of a retired store. ' +
          '`pickupModesOffered` narrows the pickup hand-over modes to those the store offers (in_store always, else 400 at body.pickupModesOffered); audited as store.updated. ' +
          'An open cart that named a mode no longer offered is refused at completion (422 PICKUP_MODE_NOT_OFFERED at cart.fulfillment.mode) until its pickup details are set again; orders already placed are handed over as placed.',
        params: idParams,
        body: somethingToChange(storeChanges),
        response: { 200: store, ...errorResponses },
      },
    },
    async (request, reply) => {
      assertStoreAccess(requireActor(request), request.params.id);
      return mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await updateStore(uow, organizationOf(request), request.params.id, request.body),
      }));
    },
  );
};
