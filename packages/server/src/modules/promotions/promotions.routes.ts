import { promotionSchema, SALE_CHANNELS } from '@verdant/rules/promotions';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { assertStoreAccess, errorResponses, idParams, mutate, organizationOf, queryFlag, requireActor, storesVisibleTo, type RoutePlugin } from '../../platform/http';
import { previewPromotions } from './promotions.preview';
import { promotionListSchema, promotionPreviewSchema, promotionViewSchema } from './promotions.schemas';
import { archivePromotion, createPromotion, getPromotion, listPromotions, replacePromotion, type PromotionWrite } from './promotions.service';

// The request body is the engine's promotion (its own field schemas, so the API and the engine
// cannot disagree) without the id, plus where and how often it may be used. The service parses it
// again with promotionSchema itself, which stays the authority.
const { id: _id, ...engineFields } = promotionSchema.shape;
const limits = {
  storeId: z.uuid().nullable().optional().describe('Only at this store; absent or null: every store of the organization'),
  maxUses: z.number().int().min(1).max(100_000_000).nullable().optional().describe('Uses across all customers, counted at order completion'),
  maxUsesPerCustomer: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .nullable()
    .optional()
    .describe('Uses per customer, counted at order completion; for coupons only (with codes: 400 at this field on an automatic promotion)'),
};
const promotionBody = z
  .object({ ...engineFields, ...limits })
  .strict()
  .refine((p) => !p.startsAt || !p.endsAt || Date.parse(p.startsAt) < Date.parse(p.endsAt), { message: 'startsAt must be before endsAt', path: ['endsAt'] });
const replaceBody = z
  .object({ ...engineFields, ...limits, ifVersion: z.number().int().min(1).optional() })
  .strict()
  .refine((p) => !p.startsAt || !p.endsAt || Date.parse(p.startsAt) < Date.parse(p.endsAt), { message: 'startsAt must be before endsAt', path: ['endsAt'] });

const storeRule =
  'Staff limited to some stores make, change and archive only their stores’ promotions, and none for every store (403 STORE_NOT_ALLOWED, at body.storeId when the body chose it); ' +
  'they list and read their stores’ promotions and every store’s.';

const customerConditions =
  ' Conditions on the customer are honoured at every sale with a customer (cart view and completion, register quote and sale, preview): `loyalty_tier` (the loyalty account’s tier), ' +
  '`customer_group` (the groups staff gave the customer, PATCH /v1/customers/:id, plus `medical` for a medical customer with an unexpired card on file; ' +
  'group codes are lower-case letters, digits, _ and -, at most 40 characters, else 400 at body.conditions.N.groups.M), and `first_purchase` (the customer has no order ' +
  'at any store of the organization that was not cancelled, a no-show or voided; decided again under the customer’s lock at completion, so two first orders cannot both get it). ' +
  'A walk-in without a profile meets none of them. The `brands` filter takes brand ids (GET /v1/catalog/brands) and matches the SKU’s product’s brand.';

export const promotionRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;

  api.post(
    '/v1/promotions',
    { config: { permission: 'promotions:manage' }, schema: { tags: ['promotions'], summary: 'Create a promotion or coupon', description: storeRule + customerConditions, body: promotionBody, response: { 201: promotionViewSchema, ...errorResponses } } },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      return mutate(platform, request, reply, async (uow) => ({ status: 201, body: await createPromotion(uow, organizationId, request.body as PromotionWrite) }));
    },
  );

  api.get(
    '/v1/promotions',
    {
      config: { permission: 'promotions:manage' },
      schema: {
        tags: ['promotions'],
        summary: 'Promotions of the organization (those of one store plus organization-wide ones with storeId)',
        querystring: z.object({ storeId: z.uuid().optional(), code: z.string().trim().min(1).max(64).optional(), includeArchived: queryFlag().optional() }).strict(),
        response: { 200: promotionListSchema, ...errorResponses },
      },
    },
    async (request) => ({
      items: await listPromotions(db, organizationOf(request), { ...request.query, visibleStores: storesVisibleTo(requireActor(request), request.query.storeId) }),
    }),
  );

  api.get(
    '/v1/promotions/:id',
    { config: { permission: 'promotions:manage' }, schema: { tags: ['promotions'], summary: 'One promotion', params: idParams, response: { 200: promotionViewSchema, ...errorResponses } } },
    async (request) => getPromotion(db, organizationOf(request), request.params.id, requireActor(request)),
  );

  api.put(
    '/v1/promotions/:id',
    { config: { permission: 'promotions:manage' }, schema: { tags: ['promotions'], summary: 'Replace a promotion (ifVersion guards concurrent edits)', description: storeRule + customerConditions, params: idParams, body: replaceBody, response: { 200: promotionViewSchema, ...errorResponses } } },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      return mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await replacePromotion(uow, organizationId, request.params.id, request.body as PromotionWrite & { ifVersion?: number }),
      }));
    },
  );

  api.delete(
    '/v1/promotions/:id',
    {
      config: { permission: 'promotions:manage' },
      schema: {
        tags: ['promotions'],
        summary: 'Archive a promotion (its codes become free; past redemptions stay)',
        description: storeRule,
        params: idParams,
        querystring: z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict(),
        response: { 200: promotionViewSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await archivePromotion(uow, organizationOf(request), request.params.id, request.query.reason ?? null),
      })),
  );

  api.post(
    '/v1/stores/:storeId/promotions/preview',
    {
      config: { permission: 'catalog:read' },
      schema: {
        tags: ['promotions'],
        summary: 'Price lines with the store’s promotions and coupons, as completion will (usage limits are enforced at completion)',
        description:
          'With `customerId`, the customer’s loyalty tier, groups (with `medical` on the store-local date of `at`) and whether they have bought before (as of now, at any store of the ' +
          'organization) are applied as completion applies them; an unknown customer is 404 and a merged record 409 CUSTOMER_MERGED, at body.customerId. Without it, ' +
          'no condition on the customer is met (a walk-in). Naming a customer needs `customers:read` as well (403 FORBIDDEN at body.customerId): the answer tells their groups, ' +
          'tier and whether they have bought before.',
        params: z.object({ storeId: z.uuid() }).strict(),
        body: z
          .object({
            channel: z.enum(SALE_CHANNELS).default('in_store'),
            lines: z
              .array(z.object({ lineId: z.string().min(1).max(64).optional(), skuId: z.uuid(), quantity: z.number().int().min(1).max(10_000) }).strict())
              .min(1)
              .max(200),
            couponCodes: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
            customerId: z.uuid().optional(),
            at: z.iso.datetime({ offset: true }).optional(),
          })
          .strict(),
        response: { 200: promotionPreviewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      assertStoreAccess(actor, request.params.storeId);
      // Whether a discount applies tells the customer's groups (medical), tier and first purchase.
      if (request.body.customerId && !actor.permissions.has('customers:read')) {
        throw new AppError(403, 'FORBIDDEN', 'Pricing for a named customer needs the permission "customers:read".', { permission: 'customers:read', path: ['body', 'customerId'] });
      }
      return previewPromotions(db, { organizationId: organizationOf(request), storeId: request.params.storeId, ...request.body });
    },
  );
};
