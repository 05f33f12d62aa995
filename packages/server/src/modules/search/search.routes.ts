import { z } from 'zod';
import { blankIsAbsent, errorResponses, type RoutePlugin } from '../../platform/http';
import { CATEGORIES, STRAIN_TYPES } from '../catalog';
import { getStoreProduct, searchStoreProducts, SEARCH_SORTS } from './search.service';

/** `a,b` or repeated `?x=a&x=b` → ['a', 'b']. */
const list = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]))
        .map((v) => (typeof v === 'string' ? v.trim() : v))
        .filter((v) => v !== ''),
    z.array(item).max(max),
  );


const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');

const searchQuerystring = z
  .object({
    q: z
      .string()
      .max(200)
      .optional()
      .describe('Words of the title, brand, strain, effects or description; the last one is read as a prefix. Letter case and accents do not matter ("pina" finds "Piña Colada").'),
    category: list(z.enum(CATEGORIES), CATEGORIES.length).optional(),
    strainType: list(z.enum(STRAIN_TYPES), STRAIN_TYPES.length).optional(),
    brand: list(z.string().regex(/^[a-z0-9-]{1,120}$/, 'a brand slug'), 50).optional(),
    effects: list(z.string().regex(/^[a-z][a-z -]{0,39}$/, 'an effect such as relaxed'), 20).optional(),
    thcMin: blankIsAbsent(z.coerce.number().min(0).max(100)).describe('Minimum THC %'),
    thcMax: blankIsAbsent(z.coerce.number().min(0).max(100)).describe('Maximum THC %'),
    priceMin: blankIsAbsent(z.coerce.number().int().min(0).max(2_147_483_647)).describe('Minimum price in cents'),
    priceMax: blankIsAbsent(z.coerce.number().int().min(0).max(2_147_483_647)).describe('Maximum price in cents'),
    inStock: booleanParam.optional(),
    sort: z.enum(SEARCH_SORTS).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(24),
    // A cursor holds the last product's title (up to 300 characters), base64url-encoded.
    cursor: z.string().max(2_000).optional(),
  })
  .strict();

const facetCount = z.object({ value: z.string(), label: z.string().optional(), count: z.number() });
const rangeFacet = z.object({
  min: z.number().nullable(),
  max: z.number().nullable(),
  buckets: z.array(z.object({ key: z.string(), min: z.number(), max: z.number().nullable(), count: z.number() })),
});
const searchSku = z.object({
  id: z.string(),
  code: z.string(),
  sizeLabel: z.string(),
  unit: z.string(),
  netWeightMg: z.number().nullable(),
  thcMg: z.number().nullable(),
  thcPercent: z.number().nullable(),
  cbdMg: z.number().nullable(),
  cbdPercent: z.number().nullable(),
  medicalOnly: z.boolean().describe('The catalog marks the SKU for registered patients only (medical-only, or not allowed for adult use).'),
  patientsOnly: z
    .boolean()
    .describe('Only registered patients may buy it at this store: marked medical-only, or the store’s compliance pack refuses it to adult-use customers (e.g. above the adult-use package cap).'),
  priceCents: z.number(),
  currency: z.string(),
  tiers: z.array(z.object({ minQuantity: z.number(), unitPriceCents: z.number() })),
  inStock: z.boolean(),
});
const searchProduct = z
  .object({
    id: z.string(),
    title: z.string(),
    slug: z.string(),
    brand: z.object({ name: z.string(), slug: z.string() }).nullable(),
    category: z.string(),
    strainType: z.string().nullable(),
    strainName: z.string().nullable(),
    effects: z.array(z.string()),
    images: z.array(z.object({ url: z.string(), alt: z.string().optional() })),
    seoDescription: z.string(),
    minPriceCents: z.number(),
    maxThcPercent: z.number().nullable(),
    rank: z.number().nullable(),
    skus: z.array(searchSku),
  })
  .meta({ id: 'StorefrontProduct' });

const storeParams = z.object({ storeId: z.uuid() }).strict();

export const searchRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;

  api.get(
    '/v1/public/stores/:storeId/products',
    {
      config: { public: true },
      schema: {
        tags: ['storefront'],
        summary: 'Search a store’s menu: full text, facets with counts, store prices and stock',
        description:
          'Lists the active, confirmed SKUs with a price at the store, except those restricted in its jurisdiction and those its compliance pack lets no customer buy (an edible over the package cap, a product attribute the pack prohibits); such items are refused at checkout too. 409 STORE_NOT_OPEN while the store is closed or retired.',
        security: [],
        params: storeParams,
        querystring: searchQuerystring,
        response: {
          200: z.object({
            store: z.object({ id: z.string(), name: z.string() }),
            total: z.number(),
            products: z.array(searchProduct),
            nextCursor: z.string().nullable(),
            facets: z.object({
              category: z.array(facetCount),
              strainType: z.array(facetCount),
              brand: z.array(facetCount),
              effects: z.array(facetCount),
              thcPercent: rangeFacet,
              price: rangeFacet,
              inStock: z.object({ count: z.number(), total: z.number() }),
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => searchStoreProducts(db, request.params.storeId, request.query),
  );

  api.get(
    '/v1/public/stores/:storeId/products/:slug',
    {
      config: { public: true },
      schema: {
        tags: ['storefront'],
        summary: 'One product page of a store’s menu, with SEO fields',
        security: [],
        params: z.object({ storeId: z.uuid(), slug: z.string().regex(/^[a-z0-9-]{1,120}$/) }).strict(),
        response: {
          200: searchProduct.extend({
            description: z.string(),
            terpenes: z.array(z.object({ name: z.string(), percent: z.number().optional() })),
            seo: z.object({ title: z.string(), description: z.string(), canonicalSlug: z.string() }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => getStoreProduct(db, request.params.storeId, request.params.slug),
  );
};
