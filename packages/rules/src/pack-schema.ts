// The shape of a jurisdiction pack. A pack is data: every value carries the dates it is in effect,
// the reference ([S#] ids) it comes from and how sure we are of it. The engine never branches on a
// jurisdiction code; adding a state means adding a file that passes this schema.
import { z } from 'zod';
import { ADDRESS_TYPES, CATEGORIES, CHANNELS, CUSTOMER_KINDS, METRC_TAX_FIELDS, PICKUP_MODES, PRODUCT_ATTRIBUTES, RECEIPT_CONTENTS } from './categories.ts';
import { isValidTimeZone } from './local-time.ts';
import { hasAtMostSixDecimals } from './rational.ts';

export const ISO_DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const JURISDICTION_RE = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
const HHMM_RE = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const ID_RE = /^[a-z]{2}-[a-z0-9]{1,3}(\.[a-z0-9-]+)+$/;

export const isoDateSchema = z.string().regex(ISO_DATE_RE, 'expected an ISO date YYYY-MM-DD');

/** Inclusive range of store-local calendar dates; `to: null` means open-ended. */
export const effectiveSchema = z
  .object({ from: isoDateSchema, to: isoDateSchema.nullable() })
  .refine((e) => e.to === null || e.from <= e.to, { message: 'effective.from must not be after effective.to' });

export const sourceRefSchema = z.object({
  /** Ids from the reference's source index, e.g. ["S1"]. */
  refs: z.array(z.string().regex(/^S\d+$/)).min(1),
  title: z.string().min(1),
});

export const confidenceSchema = z.enum(['sure', 'likely', 'unsure']);

/** Fields every pack value carries. */
const valueMeta = {
  /** Stable id, prefixed with the lower-case jurisdiction; store overrides address values by it. */
  id: z.string().regex(ID_RE, 'ids look like "us-ca.limit.au-flower"'),
  effective: effectiveSchema,
  source: sourceRefSchema,
  confidence: confidenceSchema,
  /** Why a reading was chosen where the reference is unsure or conflicting. */
  note: z.string().optional(),
  /** Whether a manager may override a violation of this rule (the server logs every override). */
  overridable: z.boolean().default(false),
  /**
   * Where only part of an unsure value is unsure (a product mapping, a mixing formula, how a
   * window is read) while the reference is sure of the rest (the figure itself): the fields that
   * are unsure. A store's override may replace only these; without it, any field but the value's
   * identity and marks.
   */
  unsureFields: z.array(z.string().min(1)).min(1).optional(),
};

const category = z.enum(CATEGORIES);
const customerKind = z.enum(CUSTOMER_KINDS);
const hhmm = z.string().regex(HHMM_RE, 'expected HH:MM (00:00–24:00)');
const positiveDecimal = z.number().positive().finite();

export const ageRuleSchema = z.object({
  ...valueMeta,
  customerKind,
  minAge: z.number().int().min(0).max(99),
  /**
   * Where only a store registered for medical sales may serve the youngest patients (Oregon: OMMP
   * cardholders 18–20 at retailers registered for medical sales), the minimum age at a store that
   * says it is not (request store.medicalEndorsement false). A patient between the two ages is
   * refused there; the caregiver path stays for patients under minAge.
   */
  minAgeAtStoreWithoutMedicalEndorsement: z.number().int().min(0).max(99).optional(),
});

/**
 * Medical patients under the medical minimum age (minor patients). Without a rule in effect they
 * are refused like any underage customer; with `allowed` they may buy through a linked caregiver
 * who is at least `caregiverMinAge`, and only in `categories` when the jurisdiction narrows them.
 */
export const minorPatientRuleSchema = z
  .object({
    ...valueMeta,
    /** A minor patient may buy through a linked caregiver (the caregiver makes the purchase). */
    allowed: z.boolean(),
    /** The caregiver's own minimum age on the store-local sale date; required when allowed. */
    caregiverMinAge: z.number().int().min(0).max(99).optional(),
    /** How sure caregiverMinAge is, where that differs from the rule's confidence (no source states it). */
    caregiverMinAgeConfidence: confidenceSchema.optional(),
    /** The only categories a minor patient may receive; absent = the medical rules alone decide. */
    categories: z.array(category).min(1).optional(),
  })
  .refine((r) => !r.allowed || r.caregiverMinAge !== undefined, { message: 'caregiverMinAge is required when allowed', path: ['caregiverMinAge'] });

export const medicalProgramSchema = z.object({
  ...valueMeta,
  /** False where medical sales do not happen at storefronts; medical customers are then served as adult-use. */
  offered: z.boolean(),
  /** Card issuers this jurisdiction accepts ("any" = reciprocity with every jurisdiction). */
  acceptedCardJurisdictions: z.union([z.literal('any'), z.array(z.string().regex(JURISDICTION_RE)).min(1)]),
  /**
   * What a patient must hold (medicalCard.kind): absent, any; ['registry_card'] where the state's
   * program is its registered patients, so a practitioner's recommendation alone is no card there.
   */
  acceptedCardKinds: z.array(z.enum(['registry_card', 'recommendation'])).min(1).optional(),
  /**
   * True where medical sales happen only at a store licensed for them (California's M-licence): at a
   * store that says it holds none (request store.medicalEndorsement false) a medical customer is
   * served as adult-use, with adult-use ages, limits and taxes. Absent = any store of the state.
   */
  requiresStoreMedicalEndorsement: z.boolean().optional(),
});

const thcBand = {
  /** Component/clause applies only to lines whose THC % is strictly above this. */
  thcPercentAbove: z.number().min(0).max(100).optional(),
  /** …and at most this. */
  thcPercentAtMost: z.number().min(0).max(100).optional(),
  /**
   * A line without THC % against a potency band: refuse the request (error), or assume the line
   * is (match) / is not (skip) in this band. Lets a pack say "unlabelled concentrate = top tier".
   */
  ifPotencyUnknown: z.enum(['error', 'match', 'skip']).default('error'),
};

/**
 * Band on the THC of one unit as sold (the line's thcMg: one can, one package), not a serving of
 * it: WA's "individual units containing no more than four milligrams of THC per unit".
 */
const unitThcBand = {
  /** Component applies only to lines whose THC per unit (mg) is strictly above this. */
  thcMgPerUnitAbove: z.number().min(0).optional(),
  /** …and at most this. */
  thcMgPerUnitAtMost: z.number().min(0).optional(),
  /** A line without thcMg against this band: refuse (error), or assume in (match) / out of (skip) it. */
  ifThcMgPerUnitUnknown: z.enum(['error', 'match', 'skip']).default('error'),
};

/** A band whose upper bound is not above its lower one selects no line: a pack mistake, not a rule. */
function rejectEmptyBands(c: { thcPercentAbove?: number; thcPercentAtMost?: number; thcMgPerUnitAbove?: number; thcMgPerUnitAtMost?: number }, ctx: z.RefinementCtx): void {
  if (c.thcPercentAbove !== undefined && c.thcPercentAtMost !== undefined && c.thcPercentAtMost <= c.thcPercentAbove)
    ctx.addIssue({ code: 'custom', path: ['thcPercentAtMost'], message: 'thcPercentAtMost must be above thcPercentAbove (the band is empty)' });
  if (c.thcMgPerUnitAbove !== undefined && c.thcMgPerUnitAtMost !== undefined && c.thcMgPerUnitAtMost <= c.thcMgPerUnitAbove)
    ctx.addIssue({ code: 'custom', path: ['thcMgPerUnitAtMost'], message: 'thcMgPerUnitAtMost must be above thcMgPerUnitAbove (the band is empty)' });
}

export const limitComponentSchema = z
  .object({
    categories: z.array(category).min(1),
    /** weight = netWeightMg × qty (mg); thc = thcMg × qty (mg); units = qty. */
    measure: z.enum(['weight', 'thc', 'units']),
    /** Equivalency: `per` of this measure counts as `equals` of the limit's unit (default 1:1). */
    per: positiveDecimal.default(1),
    equals: positiveDecimal.default(1),
    ...thcBand,
    ...unitThcBand,
  })
  .superRefine(rejectEmptyBands);

export const windowSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('transaction') }),
  /** The store-local calendar day. */
  z.object({ kind: z.literal('day') }),
  /** Today and the N−1 store-local days before it. */
  z.object({ kind: z.literal('rolling_days'), days: z.number().int().min(1).max(366) }),
  z.object({ kind: z.literal('calendar_month') }),
]);

/**
 * A limit a patient's practitioner may raise for that patient (a recommendation, waiver or
 * certification that sets a larger supply). The request then carries the patient's own maximum in
 * customer.limitAllowances; without this mark the engine refuses such an allowance.
 */
export const patientAdjustableSchema = z.object({
  source: sourceRefSchema,
  confidence: confidenceSchema,
  note: z.string().optional(),
});

export const limitSchema = z.object({
  ...valueMeta,
  label: z.string().min(1),
  customerKinds: z.array(customerKind).min(1),
  residency: z.enum(['resident', 'non_resident']).optional(),
  /** Age band the limit applies to (min inclusive, under exclusive). */
  customerAge: z.object({ min: z.number().int().optional(), under: z.number().int().optional() }).optional(),
  window: windowSchema,
  unit: z.enum(['mg', 'mg_thc', 'units']),
  max: positiveDecimal,
  /** Summed together: several components make an equivalency ("1 g concentrate = 3.5 g flower"). */
  components: z.array(limitComponentSchema).min(1),
  /** A practitioner may set a larger maximum for one patient (medical-only limits). */
  patientAdjustable: patientAdjustableSchema.optional(),
});

export const hoursSchema = z.object({
  ...valueMeta,
  /** Local time sales may start (inclusive). */
  open: hhmm,
  /** Local time sales must stop (exclusive); 24:00 = midnight. */
  close: hhmm,
});

/**
 * Where a delivery may go. Address types are judged only when the request names one
 * (`delivery.addressType`): a request without it passes both lists, because the type is the
 * customer's declaration and the place itself is checked at the door; requiring it would refuse
 * every delivery from a client that never sends it. To check every order, ask the customer for
 * the type (the server passes a delivery cart's fulfillment `addressType`).
 */
export const deliveryRuleSchema = z
  .object({
    ...valueMeta,
    customerKinds: z.array(customerKind).min(1),
    allowed: z.boolean(),
    /** The only places goods may be handed over ("residences only"); absent = any physical address. */
    addressTypes: z.array(z.enum(ADDRESS_TYPES)).min(1).optional(),
    /** Places goods may never be handed over ("any address except a school…"); absent = none. */
    excludedAddressTypes: z.array(z.enum(ADDRESS_TYPES)).min(1).optional(),
    /**
     * Goods go only to an address in the pack's own jurisdiction ("only to a physical address in
     * California"). Judged when the request names the address's jurisdiction
     * (`delivery.addressJurisdiction`; the server derives it from a delivery cart's address).
     */
    withinJurisdictionOnly: z.boolean().optional(),
    /** Same-day deliveries need the order before this local time. */
    sameDayOrderCutoff: hhmm.optional(),
    /** Largest order one delivery may carry (derived from a vehicle cap), in cents of retail value. */
    maxOrderValueCents: z.number().int().positive().optional(),
    /**
     * The customer must be pre-verified before a delivery order (Massachusetts: consumers are
     * verified before their first delivery; the ID is checked again at the door). Judged on the
     * request's `customer.deliveryPreVerified`: false or absent is refused, because a status nobody
     * established is not a verification. What counts as one is the caller's (the server's: an ID
     * staff checked in person).
     */
    requiresPreVerification: z.boolean().optional(),
  })
  .refine((r) => !r.addressTypes?.some((t) => r.excludedAddressTypes?.includes(t)), {
    message: 'an address type may not be both allowed and excluded',
    path: ['excludedAddressTypes'],
  });

/**
 * What one delivery vehicle may carry at a time, judged over everything loaded on it (a delivery
 * run), not per order: the retail value of the goods, the part of it without an order received
 * before departure, the share that must be ordered and paid before it leaves, and the cannabis it
 * holds counted like a limit (equivalency components).
 */
export const vehicleRuleSchema = z
  .object({
    ...valueMeta,
    label: z.string().min(1),
    /** Retail value of all goods in the vehicle at any time, in cents. */
    maxValueCents: z.number().int().positive().optional(),
    /** Of that value, goods without an order received and processed before departure, in cents. */
    maxUnorderedValueCents: z.number().int().min(0).optional(),
    /** Share of the vehicle's value that must be ordered and paid before it leaves (0.3 = 30 %). */
    minPrepaidShare: z.number().positive().max(1).optional(),
    /** Orders received and processed before departure that a vehicle carrying goods must hold (an empty vehicle breaks nothing). */
    minOrders: z.number().int().positive().optional(),
    /** Cannabis in the vehicle, summed like a limit's components. */
    maxAmount: z
      .object({ unit: z.enum(['mg', 'mg_thc', 'units']), max: positiveDecimal, components: z.array(limitComponentSchema).min(1) })
      .strict()
      .optional(),
  })
  .refine((r) => r.maxValueCents !== undefined || r.maxUnorderedValueCents !== undefined || r.minPrepaidShare !== undefined || r.minOrders !== undefined || r.maxAmount !== undefined, {
    message: 'a vehicle rule needs at least one of maxValueCents, maxUnorderedValueCents, minPrepaidShare, minOrders, maxAmount',
  });

/**
 * Caps on the THC compounds other than Δ9 in one serving (the line's otherThcMgPerServing):
 * Washington's "any single tetrahydrocannabinol compound other than delta-9 THC must not exceed
 * 0.5 milligrams per serving, and the combined concentration … 1.0 milligram". Both inclusive; the
 * sum is taken in thousandths of a mg (the figures' precision), so 0.1 + 0.2 + 0.3 + 0.4 is 1.
 */
export const otherThcCapSchema = z
  .object({
    /** Most mg of any one compound in a serving. */
    maxEachMg: positiveDecimal.optional(),
    /** Most mg of all of them together in a serving. */
    maxCombinedMg: positiveDecimal.optional(),
    /**
     * A line that states no figures (absent; `{}` states "none found"): refuse the request (error,
     * 400 at the line's otherThcMgPerServing), refuse the line (match) or sell it (skip).
     */
    ifUnknown: z.enum(['error', 'match', 'skip']).default('error'),
  })
  .strict()
  .refine((c) => c.maxEachMg !== undefined || c.maxCombinedMg !== undefined, { message: 'otherThcMgPerServing needs maxEachMg, maxCombinedMg or both' });

export const productRuleSchema = z.object({
  ...valueMeta,
  label: z.string().min(1),
  customerKinds: z.array(customerKind).min(1),
  categories: z.array(category).min(1),
  maxThcMgPerUnit: positiveDecimal.optional(),
  maxThcMgPerServing: positiveDecimal.optional(),
  otherThcMgPerServing: otherThcCapSchema.optional(),
  maxNetWeightMgPerUnit: positiveDecimal.optional(),
  maxThcPercent: positiveDecimal.optional(),
  /** The category may not be sold at all to these customers. */
  notSold: z.boolean().optional(),
  /** The rule applies only to lines carrying at least one of these attributes (absent = every line of its categories). */
  attributes: z.array(z.enum(PRODUCT_ATTRIBUTES)).min(1).optional(),
  /**
   * Lines of these categories at most this net weight per unit are outside the rule ("no alcohol
   * products except tinctures ≤ 100 ml"). A line that does not state its net weight is not excepted.
   */
  except: z.object({ categories: z.array(category).min(1), maxNetWeightMgPerUnit: positiveDecimal }).strict().optional(),
});

export const bundleRuleSchema = z.object({
  ...valueMeta,
  label: z.string().min(1),
  /** no_bundles: nothing cannabis may share one price; no_mixed_bundles: cannabis and non-cannabis may not. */
  kind: z.enum(['no_bundles', 'no_mixed_bundles']),
});

/**
 * What the receipt of a sale on one of `channels` must carry (California's delivery request
 * receipt, Illinois' items with quantity and price). Several rules in effect add up.
 */
export const receiptRuleSchema = z
  .object({
    ...valueMeta,
    label: z.string().min(1),
    channels: z.array(z.enum(CHANNELS)).min(1),
    contents: z.array(z.enum(RECEIPT_CONTENTS)).min(1),
    /**
     * The rule holds only for a sale with a line of one of these categories (Colorado: the
     * educational handout with concentrate sales); absent = every sale on its channels.
     */
    categories: z.array(category).min(1).optional(),
  })
  .refine((r) => new Set(r.channels).size === r.channels.length && new Set(r.contents).size === r.contents.length, {
    message: 'a receipt rule names each channel and each content once',
  });

/**
 * Whether an order may be handed over curbside or through a drive-through window (reference §5).
 * evaluate() judges a pickup's `pickup.mode` by it (pickup-modes.ts): a mode is allowed only where
 * a rule in effect says allowed. A jurisdiction the reference says nothing about has no rule, and
 * its curbside and drive-through pickups are refused.
 */
export const pickupModeRuleSchema = z.object({
  ...valueMeta,
  mode: z.enum(PICKUP_MODES),
  allowed: z.boolean(),
});

export const taxClauseSchema = z
  .object({
    /** Absent = every customer kind. */
    customerKinds: z.array(customerKind).min(1).optional(),
    categories: z.array(category).min(1),
    ...thcBand,
  })
  .superRefine(rejectEmptyBands);

export const taxExemptionSchema = z.object({
  effective: effectiveSchema,
  source: sourceRefSchema,
  confidence: confidenceSchema,
  note: z.string().optional(),
  /** medical_customer: a medical sale with a valid card; medical_card_holder: any sale to a valid card holder. */
  who: z.enum(['medical_customer', 'medical_card_holder']),
  /** Card kinds that qualify (absent = any valid card). */
  cardKinds: z.array(z.enum(['registry_card', 'recommendation'])).min(1).optional(),
  categories: z.array(category).min(1),
  requiresStoreMedicalEndorsement: z.boolean().optional(),
  requiresDohCompliantProduct: z.boolean().optional(),
});

export const taxSchema = z
  .object({
    ...valueMeta,
    /** Stable code on receipts and in the response, e.g. CA_EXCISE. Tiers of one tax get their own codes. */
    code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    label: z.string().min(1),
    metrcField: z.enum(METRC_TAX_FIELDS),
    /** The jurisdiction's own rate (decimal, ≤ 6 places). */
    rate: z.number().min(0).max(1).refine(hasAtMostSixDecimals, 'rates have at most 6 decimals'),
    /** Adds the store's local rate to this line (local sales tax rides on the state line). */
    storeRate: z.enum(['localSalesTaxRate', 'localCannabisTaxRate']).optional(),
    /**
     * The highest store rate the jurisdiction's law allows for storeRate ("local option up to 3%");
     * a store rate above it is refused (VALIDATION_FAILED at store.<storeRate>), not charged.
     */
    storeRateMax: z.number().min(0).max(1).refine(hasAtMostSixDecimals, 'rates have at most 6 decimals').optional(),
    /** The store rate must be a whole multiple of this ("0.25% steps"). */
    storeRateStep: z.number().positive().max(1).refine(hasAtMostSixDecimals, 'rates have at most 6 decimals').optional(),
    /** The shelf price already contains this tax; the engine backs it out. */
    includedInPrice: z.boolean().default(false),
    /** Codes of earlier taxes whose amounts are part of this tax's base. */
    basePlus: z.array(z.string()).default([]),
    appliesTo: z.array(taxClauseSchema).min(1),
    exemptions: z.array(taxExemptionSchema).default([]),
  })
  .refine((t) => !(t.includedInPrice && t.basePlus.length), {
    message: 'a tax included in the shelf price is backed out of the net price; it cannot have basePlus',
  })
  .refine((t) => t.storeRate !== undefined || (t.storeRateMax === undefined && t.storeRateStep === undefined), {
    message: 'storeRateMax and storeRateStep cap a store rate: they need storeRate',
    path: ['storeRateMax'],
  });

export const packSourceSchema = z.object({
  id: z.string().regex(/^S\d+$/),
  title: z.string().min(1),
  where: z.string().min(1),
});

const packObjectSchema = z.object({
  jurisdiction: z.string().regex(JURISDICTION_RE),
  name: z.string().min(1),
  /** Bumped whenever the data changes; echoed as packVersion on every evaluation. */
  version: z.string().regex(/^\d{4}\.\d{1,2}\.\d+$/),
  timezone: z.string().refine(isValidTimeZone, 'unknown IANA timezone'),
  currency: z.enum(['USD', 'CAD']),
  /** Dates this pack can answer for; outside them evaluation fails with NO_PACK_IN_EFFECT. */
  effective: effectiveSchema,
  sources: z.array(packSourceSchema).min(1),
  ages: z.array(ageRuleSchema).min(1),
  medicalProgram: z.array(medicalProgramSchema).min(1),
  /** Absent or empty = patients under the medical minimum age are refused. */
  minorPatients: z.array(minorPatientRuleSchema).default([]),
  limits: z.array(limitSchema),
  hours: z.array(hoursSchema),
  delivery: z.array(deliveryRuleSchema),
  /** Absent or empty = no rule for what one delivery vehicle carries. */
  deliveryVehicles: z.array(vehicleRuleSchema).default([]),
  productRules: z.array(productRuleSchema),
  bundleRules: z.array(bundleRuleSchema),
  taxes: z.array(taxSchema),
  /** Absent or empty = no jurisdiction requirement on receipts. */
  receipts: z.array(receiptRuleSchema).default([]),
  /** Absent or empty = the reference says nothing about curbside or drive-through hand-over: only in-store pickup is allowed. */
  pickupModes: z.array(pickupModeRuleSchema).default([]),
});

export const packSchema = packObjectSchema.superRefine((pack, ctx) => checkPackConsistency(pack, ctx));

export type PackInput = z.input<typeof packSchema>;
export type Pack = z.output<typeof packSchema>;
export type AgeRule = z.output<typeof ageRuleSchema>;
export type MedicalProgram = z.output<typeof medicalProgramSchema>;
export type MinorPatientRule = z.output<typeof minorPatientRuleSchema>;
export type LimitRule = z.output<typeof limitSchema>;
export type PatientAdjustable = z.output<typeof patientAdjustableSchema>;
export type LimitComponent = z.output<typeof limitComponentSchema>;
export type HoursRule = z.output<typeof hoursSchema>;
export type DeliveryRule = z.output<typeof deliveryRuleSchema>;
export type VehicleRule = z.output<typeof vehicleRuleSchema>;
export type ProductRule = z.output<typeof productRuleSchema>;
export type BundleRule = z.output<typeof bundleRuleSchema>;
export type TaxRule = z.output<typeof taxSchema>;
export type ReceiptRule = z.output<typeof receiptRuleSchema>;
export type PickupModeRule = z.output<typeof pickupModeRuleSchema>;
export type TaxExemption = z.output<typeof taxExemptionSchema>;
export type Effective = z.output<typeof effectiveSchema>;
export type SourceRef = z.output<typeof sourceRefSchema>;

type Ctx = z.RefinementCtx;
interface Versioned {
  id: string;
  effective: Effective;
  source: SourceRef;
}

export function inEffect(e: Effective, date: string): boolean {
  return e.from <= date && (e.to === null || date <= e.to);
}

function overlaps(a: Effective, b: Effective): boolean {
  return a.from <= (b.to ?? '9999-12-31') && b.from <= (a.to ?? '9999-12-31');
}

function checkPackConsistency(p: z.output<typeof packObjectSchema>, ctx: Ctx): void {
  const prefix = p.jurisdiction.toLowerCase() + '.';
  const sourceIds = new Set(p.sources.map((s) => s.id));
  const groups: [string, Versioned[]][] = [
    ['ages', p.ages],
    ['medicalProgram', p.medicalProgram],
    ['minorPatients', p.minorPatients],
    ['limits', p.limits],
    ['hours', p.hours],
    ['delivery', p.delivery],
    ['deliveryVehicles', p.deliveryVehicles],
    ['productRules', p.productRules],
    ['bundleRules', p.bundleRules],
    ['taxes', p.taxes],
    ['receipts', p.receipts],
    ['pickupModes', p.pickupModes],
  ];
  const seen = new Map<string, { group: string; ranges: Effective[] }>();
  for (const [group, items] of groups) {
    items.forEach((item, i) => {
      const path = [group, i];
      if (!item.id.startsWith(prefix)) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `id must start with "${prefix}"` });
      for (const ref of item.source.refs)
        if (!sourceIds.has(ref)) ctx.addIssue({ code: 'custom', path: [...path, 'source'], message: `source ${ref} is not in pack.sources` });
      if (!within(item.effective, p.effective))
        ctx.addIssue({ code: 'custom', path: [...path, 'effective'], message: 'value is effective outside the pack range' });
      const prior = seen.get(item.id);
      if (prior && prior.group !== group) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `id ${item.id} reused across groups` });
      if (prior?.ranges.some((r) => overlaps(r, item.effective)))
        ctx.addIssue({ code: 'custom', path: [...path, 'effective'], message: `versions of ${item.id} overlap in time` });
      if (prior) prior.ranges.push(item.effective);
      else seen.set(item.id, { group, ranges: [item.effective] });
    });
  }
  // Every date the pack answers for needs an age and a medical-program answer.
  for (const kind of ['adult_use', 'medical'] as const)
    requireCoverage(p.ages.filter((a) => a.customerKind === kind), p.effective, ['ages'], `minimum age (${kind})`, ctx);
  requireCoverage(p.medicalProgram, p.effective, ['medicalProgram'], 'medical program', ctx);
  // One answer per date for minor patients, whatever the ids.
  p.minorPatients.forEach((r, i) => {
    if (p.minorPatients.slice(0, i).some((q) => q.id !== r.id && overlaps(q.effective, r.effective)))
      ctx.addIssue({ code: 'custom', path: ['minorPatients', i, 'effective'], message: 'two minor-patient rules in effect on the same date' });
  });
  // A patient allowance raises a medical limit only: the engine applies it to medical customers.
  p.limits.forEach((l, i) => {
    if (!l.patientAdjustable) return;
    if (l.customerKinds.some((k) => k !== 'medical'))
      ctx.addIssue({ code: 'custom', path: ['limits', i, 'patientAdjustable'], message: 'only a medical-only limit can be patient-adjustable' });
    for (const ref of l.patientAdjustable.source.refs)
      if (!sourceIds.has(ref)) ctx.addIssue({ code: 'custom', path: ['limits', i, 'patientAdjustable', 'source'], message: `source ${ref} is not in pack.sources` });
  });
  // One answer per mode and date, whatever the ids.
  p.pickupModes.forEach((r, i) => {
    if (p.pickupModes.slice(0, i).some((q) => q.mode === r.mode && q.id !== r.id && overlaps(q.effective, r.effective)))
      ctx.addIssue({ code: 'custom', path: ['pickupModes', i, 'effective'], message: `two ${r.mode} rules in effect on the same date` });
  });
  // Tax codes are unique per date, and basePlus may only name taxes computed earlier.
  p.taxes.forEach((t, i) => {
    for (const e of t.exemptions)
      for (const ref of e.source.refs)
        if (!sourceIds.has(ref)) ctx.addIssue({ code: 'custom', path: ['taxes', i, 'exemptions'], message: `source ${ref} is not in pack.sources` });
    for (const code of t.basePlus) {
      const earlier = p.taxes.slice(0, i).some((u) => u.code === code);
      if (!earlier) ctx.addIssue({ code: 'custom', path: ['taxes', i, 'basePlus'], message: `basePlus ${code} must name an earlier tax` });
    }
    p.taxes.slice(0, i).forEach((u) => {
      if (u.code === t.code && u.id !== t.id)
        ctx.addIssue({ code: 'custom', path: ['taxes', i, 'code'], message: `code ${t.code} used by two ids` });
    });
  });
}

function within(inner: Effective, outer: Effective): boolean {
  return inner.from >= outer.from && (outer.to === null || (inner.to !== null && inner.to <= outer.to));
}

function requireCoverage(items: Versioned[], range: Effective, path: (string | number)[], what: string, ctx: Ctx): void {
  const sorted = [...items].sort((a, b) => a.effective.from.localeCompare(b.effective.from));
  let cursor = range.from;
  for (const item of sorted) {
    if (item.effective.from > cursor) break;
    if (item.effective.to === null) return;
    const next = nextDay(item.effective.to);
    if (next > cursor) cursor = next;
  }
  if (range.to !== null && cursor > range.to) return;
  ctx.addIssue({ code: 'custom', path, message: `no ${what} in effect on ${cursor}` });
}

export function nextDay(date: string): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
