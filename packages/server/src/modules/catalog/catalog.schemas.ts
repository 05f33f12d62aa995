import { otherThcMgPerServingSchema } from '@verdant/rules';
import { z } from 'zod';
import { CATEGORIES, SKU_ATTRIBUTES, SKU_UNITS, STRAIN_TYPES } from './catalog.model';
import { MAX_PRICE_CENTS } from './import-row';

// Request and response schemas of the catalog API. Inputs are .strict(): an unknown field is a 400
// with its path, never silently dropped.

const jurisdiction = z.string().regex(/^[A-Z]{2}-[A-Z]{2}$/, 'a jurisdiction code such as US-CA');
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case letters, digits and single dashes').max(120);
const cents = z.number().int('whole cents').min(0, 'must not be negative').max(MAX_PRICE_CENTS);
const milligrams = z.number().min(0, 'must not be negative').max(10_000_000);
const percent = z.number().min(0).max(100);
const skuAttributes = z
  .array(z.enum(SKU_ATTRIBUTES))
  .superRefine((list, ctx) => {
    list.forEach((a, i) => {
      if (list.indexOf(a) < i) ctx.addIssue({ code: 'custom', path: [i], message: `${a} is listed twice` });
    });
  })
  .describe(
    'Product facts the compliance rules match on: perishable (e.g. cookies, brownies: New Jersey sells no perishable edibles) and ' +
      'contains_alcohol (Illinois sells no alcohol products except tinctures of at most 100 ml, read from netWeightMg at 1 g/ml). ' +
      'Checkout, carts and register sales refuse such lines with PRODUCT_NOT_PERMITTED where the store’s jurisdiction prohibits them.',
  );

// Facts the packs tax by, sent with every line of a sale to the compliance engine.
const thcaPercent = percent.describe(
  'THCA % on the label, apart from thcPercent (Δ9-THC). Where a pack taxes by adjusted THC (Illinois: THC + 0.877 × THCA, over 35 % taxed 25 % ' +
    'instead of 10 %) checkout counts it; null or absent: the label states no THCA and THC % alone is compared.',
);
const dohCompliant = z
  .boolean()
  .describe(
    'The product meets Washington Department of Health standards for medical cannabis. A recognition-card patient at a medically endorsed ' +
      'Washington store is exempt from the excise and sales tax only on such products; false (the default) until someone certifies it, so an ' +
      'uncertified product is never exempt.',
  );

const otherThcMgPerServing = otherThcMgPerServingSchema.describe(
  'THC compounds other than Δ9 in one serving, in mg (0–10,000, at most 3 decimals), keyed by compound as the certificate of analysis names them: ' +
    'delta8_thc, delta10_thc, exo_thc, thcv, delta8_thcv, thcp, thcb, thch, hhc, thc_o_acetate (Δ9 is thcMgPerServing, THCA thcaPercent). ' +
    'Washington sells an infused product only with at most 0.5 mg of each and 1 mg combined a serving: checkout, carts and register sales refuse ' +
    'it with PRODUCT_NOT_PERMITTED (rule us-wa.product.other-thc-per-serving). null or absent: not stated (Washington sells it); {}: none found. ' +
    'An unknown compound is 400 VALIDATION_FAILED at its key.',
);

export const priceTiersSchema = z
  .array(z.object({ minQuantity: z.number().int().min(2).max(10_000), unitPriceCents: cents }).strict())
  .max(20)
  .superRefine((tiers, ctx) => {
    for (let i = 1; i < tiers.length; i++) {
      if (tiers[i].minQuantity <= tiers[i - 1].minQuantity) {
        ctx.addIssue({ code: 'custom', path: [i, 'minQuantity'], message: 'tiers must be sorted by minQuantity, each larger than the last' });
      }
    }
  });

export const priceInputSchema = z
  .object({
    priceCents: cents,
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
      .optional()
      .describe('The store’s currency (its jurisdiction’s: USD, CAD in Ontario), the default; another is 422 CURRENCY_MISMATCH'),
    tiers: priceTiersSchema.default([]),
  })
  .strict()
  // A tier is a quantity discount: buying more never costs more per unit than buying less
  // (a typed 1300 for 130 would charge the seventh gram more than the sixth).
  .superRefine((price, ctx) => {
    price.tiers.forEach((tier, i) => {
      const below = i === 0 ? price.priceCents : price.tiers[i - 1].unitPriceCents;
      if (tier.unitPriceCents > below) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'unitPriceCents'], message: `at most ${below}, the unit price for fewer` });
      }
    });
  });

export const storePriceInputSchema = priceInputSchema.extend({ storeId: z.uuid() }).strict();

const effectiveFrom = z.iso
  .datetime({ offset: true })
  .optional()
  .describe(
    'When the price starts, an instant with its offset ("2027-03-05T00:00:00-08:00" for Friday 00:00 in California). Left out, the price takes ' +
      'effect now. A start that has passed is 422 PRICE_START_PASSED at this field: past prices are a record.',
  );
/** A price set through the price routes: now, or ahead from effectiveFrom. */
export const scheduledPriceInputSchema = priceInputSchema.extend({ effectiveFrom }).strict();
export const scheduledStorePriceInputSchema = storePriceInputSchema.extend({ effectiveFrom }).strict();

export const brandInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    slug: slug.optional(),
    aliases: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
    description: z.string().max(5000).default(''),
  })
  .strict();

export const brandPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    slug,
    aliases: z.array(z.string().trim().min(1).max(100)).max(50),
    description: z.string().max(5000),
  })
  .partial()
  .strict();

const skuFields = {
  code: z.string().trim().min(1).max(100),
  registerName: z.string().trim().min(1).max(300).nullable(),
  barcode: z.string().trim().regex(/^[0-9A-Za-z-]{4,64}$/, '4 to 64 letters, digits or dashes').nullable(),
  sizeLabel: z.string().trim().max(100),
  unit: z.enum(SKU_UNITS),
  netWeightMg: z.number().int('whole milligrams').min(0).max(10_000_000).nullable(),
  packCount: z.number().int().min(1).max(10_000).nullable(),
  thcMg: milligrams.nullable(),
  thcMgPerServing: milligrams.nullable(),
  otherThcMgPerServing: otherThcMgPerServing.nullable(),
  thcPercent: percent.nullable(),
  thcaPercent: thcaPercent.nullable(),
  cbdMg: milligrams.nullable(),
  cbdPercent: percent.nullable(),
  infused: z.boolean(),
  dohCompliant: dohCompliant,
  medicalOnly: z.boolean(),
  adultUseAllowed: z.boolean(),
  restrictedJurisdictions: z.array(jurisdiction).max(100),
  attributes: skuAttributes,
  status: z.enum(['active', 'archived']),
};

export const skuInputSchema = z
  .object({
    ...skuFields,
    registerName: skuFields.registerName.optional(),
    barcode: skuFields.barcode.optional(),
    sizeLabel: skuFields.sizeLabel.optional(),
    unit: skuFields.unit.default('each'),
    netWeightMg: skuFields.netWeightMg.optional(),
    packCount: skuFields.packCount.optional(),
    thcMg: skuFields.thcMg.optional(),
    thcMgPerServing: skuFields.thcMgPerServing.optional(),
    otherThcMgPerServing: skuFields.otherThcMgPerServing.optional(),
    thcPercent: skuFields.thcPercent.optional(),
    thcaPercent: skuFields.thcaPercent.optional(),
    cbdMg: skuFields.cbdMg.optional(),
    cbdPercent: skuFields.cbdPercent.optional(),
    infused: skuFields.infused.optional(),
    dohCompliant: skuFields.dohCompliant.default(false),
    medicalOnly: skuFields.medicalOnly.default(false),
    adultUseAllowed: skuFields.adultUseAllowed.optional(),
    restrictedJurisdictions: skuFields.restrictedJurisdictions.default([]),
    attributes: skuFields.attributes.default([]),
    status: skuFields.status.default('active'),
    prices: z.array(storePriceInputSchema).max(500).default([]),
  })
  .strict();
export type SkuInput = z.infer<typeof skuInputSchema>;

export const skuPatchSchema = z.object(skuFields).partial().strict();
export type SkuPatch = z.infer<typeof skuPatchSchema>;

const terpene = z.object({ name: z.string().trim().min(1).max(60), percent: percent.optional() }).strict();
// The public menu hands these to every storefront as they are: a javascript: or data: URL would be
// a script or a page of the catalog's author's choosing in a shopper's browser.
const image = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: 'an http or https address of an image' })
      .max(2000)
      .describe('An http or https address: storefronts show it as it is (javascript:, data: and other schemes are 400)'),
    alt: z.string().max(300).optional(),
  })
  .strict();
const effect = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z -]{0,39}$/, 'a word or two such as relaxed or pain relief');

const productFields = {
  title: z.string().trim().min(1).max(300),
  slug,
  brandId: z.uuid().nullable(),
  description: z.string().max(20_000),
  category: z.enum(CATEGORIES),
  strainType: z.enum(STRAIN_TYPES).nullable(),
  strainName: z.string().trim().min(1).max(200).nullable(),
  effects: z.array(effect).max(30),
  terpenes: z.array(terpene).max(30),
  images: z.array(image).max(30),
  seoTitle: z.string().trim().max(70).nullable(),
  seoDescription: z.string().trim().max(320).nullable(),
  status: z.enum(['active', 'archived']),
};

export const productInputSchema = z
  .object({
    ...productFields,
    slug: slug.optional(),
    brandId: productFields.brandId.optional(),
    description: productFields.description.default(''),
    strainType: productFields.strainType.optional(),
    strainName: productFields.strainName.optional(),
    effects: productFields.effects.default([]),
    terpenes: productFields.terpenes.default([]),
    images: productFields.images.default([]),
    seoTitle: productFields.seoTitle.optional(),
    seoDescription: productFields.seoDescription.optional(),
    status: productFields.status.default('active'),
    skus: z.array(skuInputSchema).max(200).default([]),
  })
  .strict();
export type ProductInput = z.infer<typeof productInputSchema>;

export const productPatchSchema = z.object(productFields).partial().strict();
export type ProductPatch = z.infer<typeof productPatchSchema>;

/** What a reviewer may correct when accepting a normalizer guess. */
export const reviewCorrectionsSchema = z
  .object({
    category: productFields.category,
    strainType: productFields.strainType,
    brandId: productFields.brandId,
    sizeLabel: skuFields.sizeLabel,
    unit: skuFields.unit,
    netWeightMg: skuFields.netWeightMg,
    packCount: skuFields.packCount,
    thcMg: skuFields.thcMg,
    thcMgPerServing: skuFields.thcMgPerServing,
    thcPercent: skuFields.thcPercent,
    cbdMg: skuFields.cbdMg,
  })
  .partial()
  .strict();
export type ReviewCorrections = z.infer<typeof reviewCorrectionsSchema>;

// ---- responses ------------------------------------------------------------------------------

export const priceSchema = z
  .object({
    storeId: z.uuid(),
    priceCents: z.number(),
    currency: z.string(),
    tiers: z.array(z.object({ minQuantity: z.number(), unitPriceCents: z.number() })),
    updatedAt: z.string(),
  })
  .meta({ id: 'SkuPrice' });

export const scheduledPriceSchema = z
  .object({
    id: z.uuid(),
    storeId: z.uuid().nullable().describe('Null for the organization-wide price: the price at every store without its own'),
    priceCents: z.number(),
    currency: z.string(),
    tiers: z.array(z.object({ minQuantity: z.number(), unitPriceCents: z.number() })),
    effectiveFrom: z.string(),
    endedAt: z.string().nullable().describe('When a removal ended it; null otherwise'),
    status: z.enum(['scheduled', 'started', 'ended']).describe('scheduled: not started, may be withdrawn; started and ended: part of the record'),
    createdAt: z.string(),
  })
  .meta({ id: 'SkuScheduledPrice' });

export const priceHistoryEntrySchema = scheduledPriceSchema
  .extend({
    createdBy: z
      .object({ id: z.uuid(), name: z.string() })
      .nullable()
      .describe('The staff member who set it; null when an API key or the import without a person wrote it'),
    endedBy: z
      .object({ id: z.uuid(), name: z.string() })
      .nullable()
      .describe('The staff member whose removal ended it; null while not ended, when an API key ended it, or for an entry ended before this was recorded'),
  })
  .meta({ id: 'SkuPriceHistoryEntry' });

export const priceInForceSchema = z
  .object({
    storeId: z.uuid(),
    source: z.enum(['store', 'organization']).describe('store: the store’s own price; organization: the organization-wide price, in the store’s currency'),
    entryId: z.uuid().nullable().describe('The schedule entry in force; null when it is the store’s own price as last set (prices[])'),
    priceCents: z.number(),
    currency: z.string(),
    tiers: z.array(z.object({ minQuantity: z.number(), unitPriceCents: z.number() })),
    since: z.string().describe('When this price came into force: the entry’s start, or the store price’s updatedAt'),
  })
  .meta({ id: 'SkuPriceInForce' });

export const brandSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    aliases: z.array(z.string()),
    description: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Brand' });

export const skuSchema = z
  .object({
    id: z.uuid(),
    productId: z.uuid(),
    code: z.string(),
    registerName: z.string().nullable(),
    barcode: z.string().nullable(),
    sizeLabel: z.string(),
    unit: z.enum(SKU_UNITS),
    netWeightMg: z.number().nullable(),
    packCount: z.number().nullable(),
    thcMg: z.number().nullable(),
    thcMgPerServing: z.number().nullable(),
    otherThcMgPerServing: otherThcMgPerServing.nullable(),
    thcPercent: z.number().nullable(),
    thcaPercent: thcaPercent.nullable(),
    cbdMg: z.number().nullable(),
    cbdPercent: z.number().nullable(),
    infused: z.boolean(),
    dohCompliant,
    medicalOnly: z.boolean(),
    adultUseAllowed: z.boolean(),
    restrictedJurisdictions: z.array(z.string()),
    attributes: z.array(z.enum(SKU_ATTRIBUTES)),
    reviewStatus: z.enum(['confirmed', 'needs_review', 'rejected']),
    status: z.enum(['active', 'archived']),
    prices: z.array(priceSchema),
  })
  .meta({ id: 'Sku' });

export const productSchema = z
  .object({
    id: z.uuid(),
    brandId: z.uuid().nullable(),
    brandName: z.string().nullable(),
    title: z.string(),
    slug: z.string(),
    description: z.string(),
    category: z.enum(CATEGORIES),
    strainType: z.enum(STRAIN_TYPES).nullable(),
    strainName: z.string().nullable(),
    effects: z.array(z.string()),
    terpenes: z.array(z.object({ name: z.string(), percent: z.number().optional() })),
    images: z.array(z.object({ url: z.string(), alt: z.string().optional() })),
    seo: z.object({ title: z.string(), description: z.string(), canonicalSlug: z.string() }),
    status: z.enum(['active', 'archived']),
    createdAt: z.string(),
    updatedAt: z.string(),
    skus: z.array(skuSchema),
  })
  .meta({ id: 'Product' });

export const reviewItemSchema = z
  .object({
    id: z.uuid(),
    skuId: z.uuid(),
    skuCode: z.string(),
    productId: z.uuid(),
    registerName: z.string(),
    suggestion: z.unknown(),
    filledFields: z.array(z.string()),
    confidence: z.number(),
    reasons: z.array(z.string()),
    source: z.string(),
    status: z.enum(['pending', 'accepted', 'rejected']),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decision: z.unknown(),
    createdAt: z.string(),
  })
  .meta({ id: 'CatalogReviewItem' });
