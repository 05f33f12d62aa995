import { z } from 'zod';
import { contextOf, errorResponses, idParams, mutate, organizationOf, somethingToChange, type RoutePlugin } from '../../platform/http';
import { CATEGORIES } from './catalog.model';
import {
  brandInputSchema,
  brandPatchSchema,
  brandSchema,
  priceHistoryEntrySchema,
  priceInForceSchema,
  priceSchema,
  productInputSchema,
  scheduledPriceInputSchema,
  scheduledPriceSchema,
  scheduledStorePriceInputSchema,
  productPatchSchema,
  productSchema,
  reviewCorrectionsSchema,
  reviewItemSchema,
  skuInputSchema,
  skuPatchSchema,
  skuSchema,
} from './catalog.schemas';
import {
  addSku,
  createBrand,
  createProduct,
  deleteBrand,
  getBrand,
  getProduct,
  getSku,
  listBrands,
  listProducts,
  removeSkuPrice,
  pricePaths,
  setSkuPrices,
  updateBrand,
  updateProduct,
  updateSku,
} from './catalog.service';
import { priceHistory, removeOrganizationPrice, setOrganizationPrice, withdrawScheduledPrice } from './price-schedule.service';
import { acceptReviewItem, listReviewItems, rejectReviewItem } from './review.service';
import { loadBrands } from './catalog.repository';
import { normalizeShorthand } from './shorthand';

const read = { permission: 'catalog:read' };
const write = { permission: 'catalog:write' };
const tags = ['catalog'];
/** Prices are each store's own: staff limited to some stores set them only there. */
const priceScope =
  'A price at a store outside the caller’s is 403 STORE_NOT_ALLOWED at its storeId (details.path), and nothing is saved. ' +
  'One price per store per request (a store priced twice is 400 VALIDATION_FAILED at the second storeId); quantity tiers never cost more per unit than fewer units (400 at the tier’s unitPriceCents).';
/** Prices set ahead. */
const scheduling =
  'effectiveFrom (optional) sets the price ahead: it waits in the schedule (GET …/price-history, withdraw with DELETE …/scheduled-prices/:entryId) and is in force from that instant, at checkout too; left out, the price takes effect now. ' +
  'A start that has passed is 422 PRICE_START_PASSED at effectiveFrom.';
/** What a SKU may not state, on create and on change. */
const skuRules =
  'SKU codes are unique in the organization in any letter case (the register finds a code whatever its case): 409 SKU_CODE_TAKEN, or DUPLICATE_SKU_CODE within one request, at the code. ' +
  'Lab figures must fit together: thcMgPerServing at most thcMg, and thcPercent + thcaPercent + cbdPercent at most 100 (400 VALIDATION_FAILED at the field).';

export const catalogRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;

  // ---- brands ----
  api.get(
    '/v1/catalog/brands',
    { config: read, schema: { tags, summary: 'List brands', response: { 200: z.object({ brands: z.array(brandSchema) }), ...errorResponses } } },
    async (request) => ({ brands: await listBrands(db, organizationOf(request)) }),
  );
  api.get(
    '/v1/catalog/brands/:id',
    { config: read, schema: { tags, summary: 'One brand', params: idParams, response: { 200: brandSchema, ...errorResponses } } },
    async (request) => getBrand(db, organizationOf(request), request.params.id),
  );
  api.post(
    '/v1/catalog/brands',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a brand',
        description:
          'Without a slug one is made from the name, with -2, -3… when another brand has it (names in other scripts, or apart only by accents, read as one slug). ' +
          '409 BRAND_NAME_TAKEN at body.name for a name another brand has in any letter case; 409 SLUG_TAKEN at body.slug for a slug the request gives that another brand has.',
        body: brandInputSchema,
        response: { 201: brandSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 201, body: await createBrand(uow, organizationOf(request), request.body) })),
  );
  api.patch(
    '/v1/catalog/brands/:id',
    {
      config: write,
      schema: { tags, summary: 'Change a brand', params: idParams, body: somethingToChange(brandPatchSchema), response: { 200: brandSchema, ...errorResponses } },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await updateBrand(uow, organizationOf(request), request.params.id, request.body),
      })),
  );
  api.delete(
    '/v1/catalog/brands/:id',
    {
      config: write,
      schema: { tags, summary: 'Delete a brand no product carries', params: idParams, response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => {
        await deleteBrand(uow, organizationOf(request), request.params.id);
        return { status: 204, body: null };
      }),
  );

  // ---- products and SKUs ----
  api.get(
    '/v1/catalog/products',
    {
      config: read,
      schema: {
        tags,
        summary: 'List products with their SKUs and prices (newest first)',
        querystring: z
          .object({
            q: z.string().trim().max(200).optional().describe('Part of a title, SKU code or register name, found with or without its accents (pina finds Piña), or a whole barcode'),
            code: z.string().max(100).optional().describe('A whole SKU code, in any letter case (as the register finds it)'),
            category: z.enum(CATEGORIES).optional(),
            brandId: z.uuid().optional(),
            status: z.enum(['active', 'archived']).optional(),
            reviewStatus: z.enum(['confirmed', 'needs_review', 'rejected']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.uuid().optional(),
          })
          .strict(),
        response: { 200: z.object({ products: z.array(productSchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      const { cursor, ...filter } = request.query;
      return listProducts(db, organizationOf(request), { ...filter, after: cursor });
    },
  );
  api.get(
    '/v1/catalog/products/:id',
    { config: read, schema: { tags, summary: 'One product', params: idParams, response: { 200: productSchema, ...errorResponses } } },
    async (request) => getProduct(db, organizationOf(request), request.params.id),
  );
  api.post(
    '/v1/catalog/products',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a product with its SKUs and store prices',
        description:
          'SKUs that give a registerName but leave size or cannabis content out get them from the shorthand normalizer; ' +
          'low-confidence guesses go to the review queue and stay off the storefront until accepted. Product images are http or https addresses (400 at the url otherwise). ' +
          skuRules +
          ' ' +
          priceScope,
        body: productInputSchema,
        response: { 201: productSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 201, body: await createProduct(uow, organizationOf(request), request.body) })),
  );
  api.patch(
    '/v1/catalog/products/:id',
    {
      config: write,
      schema: { tags, summary: 'Change a product', description: 'Product images are http or https addresses (400 VALIDATION_FAILED at the url otherwise).', params: idParams, body: somethingToChange(productPatchSchema), response: { 200: productSchema, ...errorResponses } },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await updateProduct(uow, organizationOf(request), request.params.id, request.body),
      })),
  );
  api.delete(
    '/v1/catalog/products/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Archive a product (orders and ledgers keep referring to it, so it is never deleted)',
        params: idParams,
        response: { 200: productSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await updateProduct(uow, organizationOf(request), request.params.id, { status: 'archived' }),
      })),
  );
  api.post(
    '/v1/catalog/products/:id/skus',
    {
      config: write,
      schema: { tags, summary: 'Add a SKU to a product', description: `${skuRules} ${priceScope}`, params: idParams, body: skuInputSchema, response: { 201: productSchema, ...errorResponses } },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 201,
        body: await addSku(uow, organizationOf(request), request.params.id, request.body),
      })),
  );
  api.get(
    '/v1/catalog/skus/:id',
    { config: read, schema: { tags, summary: 'One SKU with its prices', params: idParams, response: { 200: skuSchema, ...errorResponses } } },
    async (request) => getSku(db, organizationOf(request), request.params.id),
  );
  api.patch(
    '/v1/catalog/skus/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a SKU (setting its size or content confirms a guessed structure)',
        description:
          skuRules +
          ' The unit (each / weight) does not change while stock of the SKU is counted in the old one (units or milligrams): 409 SKU_UNIT_IN_USE at body.unit, with details.packageLabels.',
        params: idParams,
        body: somethingToChange(skuPatchSchema),
        response: { 200: productSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await updateSku(uow, organizationOf(request), request.params.id, request.body),
      })),
  );

  // ---- prices ----
  const skuStoreParams = z.object({ id: z.uuid(), storeId: z.uuid() }).strict();
  api.put(
    '/v1/catalog/skus/:id/prices/:storeId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Set the price of a SKU at a store, now or from a start (integer cents, optional quantity tiers)',
        description:
          '403 STORE_NOT_ALLOWED (details.path params.storeId) for a store outside the caller’s, and nothing is saved. Quantity tiers never cost more per unit than fewer units (400 VALIDATION_FAILED at the tier’s unitPriceCents). ' +
          scheduling,
        params: skuStoreParams,
        body: scheduledPriceInputSchema,
        response: { 200: z.object({ prices: z.array(priceSchema) }), ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: {
          prices: await setSkuPrices(uow, organizationOf(request), request.params.id, [{ ...request.body, storeId: request.params.storeId }], () => ({
            storePath: ['params', 'storeId'],
            currencyPath: ['body', 'currency'],
            effectivePath: ['body', 'effectiveFrom'],
          })),
        },
      })),
  );
  api.put(
    '/v1/catalog/skus/:id/prices',
    {
      config: write,
      schema: {
        tags,
        summary: 'Set the prices of a SKU at several stores, now or from a start',
        description: priceScope + ' ' + scheduling,
        params: idParams,
        body: z.object({ prices: z.array(scheduledStorePriceInputSchema).min(1).max(500) }).strict(),
        response: { 200: z.object({ prices: z.array(priceSchema) }), ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: {
          prices: await setSkuPrices(uow, organizationOf(request), request.params.id, request.body.prices, (i) => pricePaths(['body', 'prices', i])),
        },
      })),
  );
  api.delete(
    '/v1/catalog/skus/:id/prices/:storeId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Remove the store’s own price of a SKU (it then sells at the organization-wide price, if any)',
        description:
          '403 STORE_NOT_ALLOWED (details.path params.storeId) for a store outside the caller’s, and nothing is removed; 404 NOT_FOUND when the SKU has no price of the store’s own there. ' +
          'The store’s started entries in the price history (its prices set now and set ahead that have started) are ended, with who removed them (endedBy), and stay in the history; prices set ahead stay scheduled.',
        params: skuStoreParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => {
        await removeSkuPrice(uow, organizationOf(request), request.params.id, request.params.storeId);
        return { status: 204, body: null };
      }),
  );

  const organizationPriceRules =
    'For staff of every store (403 STORE_NOT_ALLOWED otherwise): it is the price at every store of the organization without its own price for the SKU; a store’s own price wins. ' +
    'In the stores’ currency; when they price in several, the request states one (400 VALIDATION_FAILED at body.currency otherwise) and the price applies at the stores of that currency.';
  api.put(
    '/v1/catalog/skus/:id/organization-price',
    {
      config: write,
      schema: {
        tags,
        summary: 'Set the organization-wide price of a SKU, now or from a start',
        description: organizationPriceRules + ' ' + scheduling,
        params: idParams,
        body: scheduledPriceInputSchema,
        response: { 200: scheduledPriceSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 200, body: await setOrganizationPrice(uow, organizationOf(request), request.params.id, request.body) })),
  );
  api.delete(
    '/v1/catalog/skus/:id/organization-price',
    {
      config: write,
      schema: {
        tags,
        summary: 'End the organization-wide price of a SKU now',
        description:
          'For staff of every store (403 STORE_NOT_ALLOWED otherwise). Stores without their own price stop selling the SKU; the ended price stays in the history, prices set ahead stay scheduled. 404 NOT_FOUND when none is in force.',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => {
        await removeOrganizationPrice(uow, organizationOf(request), request.params.id);
        return { status: 204, body: null };
      }),
  );
  api.get(
    '/v1/catalog/skus/:id/price-history',
    {
      config: read,
      schema: {
        tags,
        summary: 'The prices of a SKU over time: every price set at a store or organization-wide, now or ahead, and the price in force now',
        description:
          'Staff limited to some stores see those stores’ prices only; staff of every store see every store’s. ' +
          'prices: each of those stores’ own price as last set (in force since updatedAt, unless a later started entry replaced it). ' +
          'entries: every organization-wide price and every price of those stores, set now or ahead, newest start first, with their status, who set them (createdBy) and who removed them (endedBy); another store’s prices are left out. ' +
          'The price in force at a past instant T at a store is the latest of its entries started by T and not ended by T (endedAt null or later), else the latest organization-wide one so, in the store’s currency: what checkout charged then (a store’s history starts with the price it had when store prices set now began to be recorded). ' +
          'inForce: the price in force now at each of those stores, by the rule checkout charges (the organization-wide price only at stores of its currency); a store where none is in force (the SKU is not sold there) is absent. ' +
          'storeId narrows all three to that store (entries: its own and the organization’s); a store outside the caller’s is 403 STORE_NOT_ALLOWED at querystring.storeId.',
        params: idParams,
        querystring: z.object({ storeId: z.uuid().optional() }).strict(),
        response: { 200: z.object({ prices: z.array(priceSchema), entries: z.array(priceHistoryEntrySchema), inForce: z.array(priceInForceSchema) }), ...errorResponses },
      },
    },
    async (request) => priceHistory(db, organizationOf(request), request.params.id, contextOf(request).actor, request.query.storeId),
  );
  api.delete(
    '/v1/catalog/skus/:id/scheduled-prices/:entryId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Withdraw a price set ahead, before it starts',
        description:
          '409 PRICE_ALREADY_STARTED (details.path params.entryId) once it has started: it is part of the price history, set a new price instead. ' +
          'A store’s entry needs access to that store, an organization-wide one staff of every store (403 STORE_NOT_ALLOWED). 404 NOT_FOUND for an entry of no SKU of the organization.',
        params: z.object({ id: z.uuid(), entryId: z.uuid() }).strict(),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => {
        await withdrawScheduledPrice(uow, organizationOf(request), request.params.id, request.params.entryId);
        return { status: 204, body: null };
      }),
  );

  // ---- register names ----
  api.post(
    '/v1/catalog/normalize',
    {
      config: read,
      schema: {
        tags,
        summary: 'Read a POS register name into category, size, strain type and brand (preview; writes nothing)',
        body: z.object({ registerName: z.string().max(500), reviewThreshold: z.number().min(0).max(1).optional() }).strict(),
        response: { 200: z.record(z.string(), z.unknown()), ...errorResponses },
      },
    },
    async (request) => {
      const brands = (await loadBrands(db, organizationOf(request))).map((b) => ({ name: b.name, aliases: b.aliases }));
      return { ...normalizeShorthand(request.body.registerName, { brands, reviewThreshold: request.body.reviewThreshold }) };
    },
  );

  // ---- review queue ----
  api.get(
    '/v1/catalog/review',
    {
      config: read,
      schema: {
        tags,
        summary: 'Register names waiting for a person (oldest first)',
        querystring: z
          .object({
            status: z.enum(['pending', 'accepted', 'rejected']).default('pending'),
            limit: z.coerce.number().int().min(1).max(500).default(100),
            cursor: z.uuid().optional(),
          })
          .strict(),
        response: { 200: z.object({ items: z.array(reviewItemSchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) =>
      listReviewItems(db, organizationOf(request), { status: request.query.status, limit: request.query.limit, after: request.query.cursor }),
  );
  api.post(
    '/v1/catalog/review/:id/accept',
    {
      config: write,
      schema: {
        tags,
        summary: 'Accept a guess, with corrections; the SKU becomes sellable',
        description:
          'A unit correction is refused while stock of the SKU is counted in the old unit (409 SKU_UNIT_IN_USE at body.corrections.unit); thcMgPerServing at most thcMg and THC + THCA + CBD % at most 100 (400 VALIDATION_FAILED).',
        params: idParams,
        body: z.object({ corrections: reviewCorrectionsSchema.default({}) }).strict(),
        response: { 200: reviewItemSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await acceptReviewItem(uow, organizationOf(request), request.params.id, request.body.corrections),
      })),
  );
  api.post(
    '/v1/catalog/review/:id/reject',
    {
      config: write,
      schema: {
        tags,
        summary: 'Reject a guess; the SKU stays off sale until its structure is set by hand',
        params: idParams,
        body: z.object({ reason: z.string().trim().min(1).max(1000).optional() }).strict(),
        response: { 200: reviewItemSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await rejectReviewItem(uow, organizationOf(request), request.params.id, request.body.reason),
      })),
  );
};
