// The POST /v1/rules/evaluate contract. The zod schema is the authority (the server turns it into
// OpenAPI); `isWellFormedRequest` is a hand-written mirror used on the hot path because a full zod
// parse of a 10-line cart with 30 days of history costs more than the whole evaluation. The mirror
// may only ever be stricter than the schema: when it says no, evaluate() asks zod for the precise
// field path, and a property test checks that whatever the mirror accepts, zod accepts too.
import { z } from 'zod';
import {
  ADDRESS_TYPES,
  CATEGORIES,
  CHANNELS,
  CUSTOMER_KINDS,
  HAND_OVER_MODES,
  OTHER_THC_COMPOUNDS,
  PRODUCT_ATTRIBUTES,
  type AddressType,
  type Category,
  type Channel,
  type CustomerKind,
  type HandOverMode,
  type OtherThcCompound,
  type ProductAttribute,
} from './categories.ts';
import { isValidIsoDate, parseInstant } from './instant.ts';
import { JURISDICTION_RE as JURISDICTION_CODE } from './pack-schema.ts';

// Bounds keep every money and weight product inside exact double-precision integers.
export const MAX_LINES = 500;
export const MAX_HISTORY = 5_000;
export const MAX_QUANTITY = 10_000;
export const MAX_PRICE_CENTS = 100_000_000; // $1,000,000 a unit
export const MAX_WEIGHT_MG = 100_000_000; // 100 kg a unit
export const MAX_THC_MG = 10_000_000;
/** The most mg of one other THC compound a serving may state (a lab figure, not a limit). */
export const MAX_OTHER_THC_MG = 10_000;
/** Patient limit allowances: a handful per patient; a maximum in any limit unit up to 1,000 kg. */
export const MAX_LIMIT_ALLOWANCES = 32;
export const MAX_ALLOWANCE = 1_000_000_000;

/** At most 3 decimals: a thousandth of a mg (or unit) is finer than any scale weighs. */
export function hasAtMostThreeDecimals(x: number): boolean {
  return Math.abs(x * 1000 - Math.round(x * 1000)) <= 1e-6;
}

/** ISO-8601 instant with an explicit offset (or Z), on a real calendar day. */
export function isValidInstant(s: string): boolean {
  return !Number.isNaN(parseInstant(s));
}

export { isValidIsoDate };

/**
 * THC compounds other than Δ9 in one serving, in mg, by compound (OTHER_THC_COMPOUNDS), as the
 * product's certificate of analysis reports them. Absent (or null on a SKU) = not stated: each
 * pack's rule says what an unstated figure means. {} = stated, none found. A compound left out of
 * a stated object counts as 0. Shared with the server's catalog, so a SKU holds what a line takes.
 */
// Typed as a partial record: every compound is optional (zod infers a record keyed by an enum as total).
export const otherThcMgPerServingSchema: z.ZodType<Partial<Record<OtherThcCompound, number>>, Partial<Record<OtherThcCompound, number>>> = z
  .record(z.string().pipe(z.enum(OTHER_THC_COMPOUNDS)), z.number().min(0).max(MAX_OTHER_THC_MG).refine(hasAtMostThreeDecimals, 'at most 3 decimals'), {
    error: (issue) => (issue.code === 'invalid_key' ? `unknown THC compound; expected one of ${OTHER_THC_COMPOUNDS.join(', ')}` : undefined),
  })
  .describe(
    `THC compounds other than Δ9 in one serving, in mg (0–${MAX_OTHER_THC_MG.toLocaleString('en-US')}, at most 3 decimals), keyed by compound: ` +
      `${OTHER_THC_COMPOUNDS.join(', ')}. Δ9 is thcMgPerServing and THCA thcaPercent. Absent = not stated (the pack decides what that means); {} = none found.`,
  );

const instant = z.string().refine(isValidInstant, 'expected an ISO-8601 instant with offset, e.g. 2025-11-15T14:00:00-08:00');
const isoDate = z.string().refine(isValidIsoDate, 'expected a calendar date YYYY-MM-DD');
const rate = z.number().min(0).max(1);
const code = z.string().min(1).max(16);

const lineFields = {
  sku: z.string().min(1).max(128),
  category: z.enum(CATEGORIES),
  quantity: z.number().int().min(1).max(MAX_QUANTITY),
  /** Shelf price of one unit (tax-inclusive where the pack says shelf prices include tax). */
  unitPriceCents: z.number().int().min(0).max(MAX_PRICE_CENTS),
  /** Whole-line discount in cents, already applied by the promotion engine. */
  discountCents: z.number().int().min(0).max(MAX_PRICE_CENTS * MAX_QUANTITY).optional(),
  netWeightMg: z.number().int().min(0).max(MAX_WEIGHT_MG).optional(),
  thcMg: z.number().min(0).max(MAX_THC_MG).optional(),
  thcMgPerServing: z.number().min(0).max(MAX_THC_MG).optional(),
  otherThcMgPerServing: otherThcMgPerServingSchema.optional(),
  thcPercent: z.number().min(0).max(100).optional(),
  /** THCA %, for jurisdictions that tax by adjusted THC (Δ9 + 0.877 × THCA). */
  thcaPercent: z.number().min(0).max(100).optional(),
  infused: z.boolean().optional(),
  /** Catalog marks the item for registered patients only. */
  medicalOnly: z.boolean().optional(),
  /** WA: product meets DOH medical standards (needed for the patient tax exemption; default true). */
  dohCompliant: z.boolean().optional(),
  /** Lines sold together for one price share a bundle id. */
  bundleId: z.string().min(1).max(128).optional(),
  attributes: z
    .array(z.enum(PRODUCT_ATTRIBUTES))
    .max(PRODUCT_ATTRIBUTES.length)
    .optional()
    .describe('Product facts some packs prohibit whatever the category: perishable (e.g. cookies, brownies), contains_alcohol. Absent or [] = none.'),
};

export const lineSchema = z.object(lineFields);

/** Zod refinement for a list of allowances: each limit at most once (the second is the issue). */
export function noRepeatedLimit(list: { limit: string }[], ctx: z.RefinementCtx): void {
  list.forEach((a, i) => {
    if (list.findIndex((b) => b.limit === a.limit) < i) ctx.addIssue({ code: 'custom', path: [i, 'limit'], message: `limit ${a.limit} has two allowances` });
  });
}

export const limitAllowanceSchema = z
  .object({
    limit: z.string().min(1).max(128).describe('Id of a limit in the pack, e.g. "us-nj.limit.med-30-days" (see the pack’s limits[].id).'),
    max: z
      .number()
      .positive()
      .max(MAX_ALLOWANCE)
      .refine(hasAtMostThreeDecimals, 'at most 3 decimals')
      .describe('The patient’s own maximum for that limit, in the limit’s unit (mg, mg_thc or units) and window.'),
  })
  .strict();

export const limitAllowancesSchema = z
  .array(limitAllowanceSchema)
  .max(MAX_LIMIT_ALLOWANCES)
  .superRefine(noRepeatedLimit)
  .nullish()
  .describe(
    'Per-patient maximums set by the patient’s practitioner (a recommendation, waiver or certification), for limits the pack marks ' +
      '`patientAdjustable`. Applied only while the customer is served as medical and only to limits that apply to them; an allowance ' +
      'can only raise a limit (one at or below the pack’s maximum changes nothing, and the limits[] entry shows it). ' +
      '400 VALIDATION_FAILED with the field path when a limit id is not in the pack or the limit in effect on the sale date cannot be raised for a patient. ' +
      'The caller drops expired allowances before sending them.',
  );
export const historyLineSchema = z.object({ ...lineFields, unitPriceCents: lineFields.unitPriceCents.optional() });

export const evaluateRequestSchema = z.object({
  jurisdiction: code,
  at: instant,
  channel: z.enum(CHANNELS),
  customer: z.object({
    kind: z.enum(CUSTOMER_KINDS),
    birthDate: isoDate,
    /** Issuer of the customer's ID, e.g. US-IN; decides residency where limits differ by it. */
    idJurisdiction: code.optional(),
    /** Explicit residency wins over the one inferred from idJurisdiction. */
    residency: z.enum(['resident', 'non_resident']).optional(),
    medicalCard: z
      .object({
        number: z.string().min(1).max(64),
        jurisdiction: code,
        expiresOn: isoDate,
        /** registry_card (state/county card, default) or recommendation (physician letter only). */
        kind: z.enum(['registry_card', 'recommendation']).optional(),
      })
      .nullish(),
    caregiver: z
      .object({
        birthDate: isoDate.describe('The caregiver’s date of birth (YYYY-MM-DD).'),
      })
      .strict()
      .nullish()
      .describe(
        'The caregiver buying for a medical patient (Verdant’s register and checkout send it only for a caregiver linked to the patient). ' +
          'Consulted only when a medical patient is under the pack’s medical minimum age: the sale is then allowed where the pack lets minor patients ' +
          'buy through a caregiver and the caregiver is old enough; otherwise UNDERAGE. Ignored for adult-use customers and for adult patients.',
      ),
    limitAllowances: limitAllowancesSchema,
    deliveryPreVerified: z
      .boolean()
      .optional()
      .describe(
        'Whether the customer is pre-verified for delivery (Verdant’s server: an ID that staff checked in person, accepted and unexpired). ' +
          'Consulted only for a delivery under a pack whose delivery rules require it (US-MA): false or absent is then refused with ' +
          'DELIVERY_PRE_VERIFICATION_REQUIRED. Ignored elsewhere.',
      ),
  }),
  store: z
    .object({
      localSalesTaxRate: rate.optional(),
      localCannabisTaxRate: rate.optional(),
      /** IANA timezone of the store; defaults to the pack's. */
      timezone: z.string().min(1).max(64).optional(),
      /**
       * The store holds its state's medical endorsement or licence (default true): WA patient tax
       * exemptions need it, and in CA (M-licence) a patient at a store without it is served as adult-use.
       */
      medicalEndorsement: z.boolean().optional(),
    })
    .nullish(),
  history: z
    .array(z.object({ at: instant, lines: z.array(historyLineSchema).max(MAX_LINES) }))
    .max(MAX_HISTORY)
    .nullish(),
  delivery: z
    .object({
      orderedAt: instant.optional(),
      deliverAt: instant.optional(),
      addressType: z.enum(ADDRESS_TYPES).optional(),
      /** Where the delivery address is, as a jurisdiction code (US-NV); absent = not known. */
      addressJurisdiction: z.string().regex(JURISDICTION_CODE).optional(),
    })
    .nullish(),
  pickup: z
    .object({
      mode: z
        .enum(HAND_OVER_MODES)
        .optional()
        .describe(
          'How the pickup is handed over: in_store (at the counter; the default, always allowed), curbside or drive_through. ' +
            'A mode other than in_store is allowed only where the pack has a rule in effect on the sale date that allows it; a mode the pack bans, ' +
            'or about which it says nothing, is refused with PICKUP_MODE_NOT_ALLOWED.',
        ),
    })
    .nullish()
    .describe('Pickup facts. Consulted only when channel is pickup; ignored for in_store and delivery.'),
  lines: z.array(lineSchema).max(MAX_LINES),
});

export type EvaluateRequest = z.input<typeof evaluateRequestSchema>;
export type RequestLine = z.input<typeof lineSchema>;
export type HistoryLine = z.input<typeof historyLineSchema>;

// ---- hot-path mirror -------------------------------------------------------------------------

const CATEGORY_SET = new Set<string>(CATEGORIES);
const CHANNEL_SET = new Set<string>(CHANNELS);
const KIND_SET = new Set<string>(CUSTOMER_KINDS);
const ADDRESS_SET = new Set<string>(ADDRESS_TYPES);
const ATTRIBUTE_SET = new Set<string>(PRODUCT_ATTRIBUTES);
const HAND_OVER_SET = new Set<string>(HAND_OVER_MODES);
const OTHER_THC_SET = new Set<string>(OTHER_THC_COMPOUNDS);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max;
const optStr = (v: unknown, min: number, max: number): boolean => v === undefined || str(v, min, max);
const int = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const optInt = (v: unknown, min: number, max: number): boolean => v === undefined || int(v, min, max);
const num = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const optNum = (v: unknown, min: number, max: number): boolean => v === undefined || num(v, min, max);
const optBool = (v: unknown): boolean => v === undefined || typeof v === 'boolean';
const inst = (v: unknown): boolean => typeof v === 'string' && isValidInstant(v);

function attributesOk(v: unknown): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v) || v.length > PRODUCT_ATTRIBUTES.length) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string' || !ATTRIBUTE_SET.has(v[i])) return false;
  return true;
}

function otherThcOk(v: unknown): boolean {
  if (v === undefined) return true;
  if (!isObj(v) || Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const key of Object.keys(v)) {
    const mg = v[key];
    if (!OTHER_THC_SET.has(key) || !num(mg, 0, MAX_OTHER_THC_MG) || !hasAtMostThreeDecimals(mg as number)) return false;
  }
  return true;
}

/** Epoch ms of each history entry, filled by isWellFormedRequest so evaluate() parses once. */
export type HistoryInstants = number[];

function lineOk(l: unknown, priceRequired: boolean): boolean {
  if (!isObj(l)) return false;
  return (
    str(l.sku, 1, 128) &&
    typeof l.category === 'string' &&
    CATEGORY_SET.has(l.category) &&
    int(l.quantity, 1, MAX_QUANTITY) &&
    (priceRequired ? int(l.unitPriceCents, 0, MAX_PRICE_CENTS) : optInt(l.unitPriceCents, 0, MAX_PRICE_CENTS)) &&
    optInt(l.discountCents, 0, MAX_PRICE_CENTS * MAX_QUANTITY) &&
    optInt(l.netWeightMg, 0, MAX_WEIGHT_MG) &&
    optNum(l.thcMg, 0, MAX_THC_MG) &&
    optNum(l.thcMgPerServing, 0, MAX_THC_MG) &&
    otherThcOk(l.otherThcMgPerServing) &&
    optNum(l.thcPercent, 0, 100) &&
    optNum(l.thcaPercent, 0, 100) &&
    optBool(l.infused) &&
    optBool(l.medicalOnly) &&
    optBool(l.dohCompliant) &&
    optStr(l.bundleId, 1, 128) &&
    attributesOk(l.attributes)
  );
}

function allowancesOk(la: unknown): boolean {
  if (!Array.isArray(la) || la.length > MAX_LIMIT_ALLOWANCES) return false;
  for (let i = 0; i < la.length; i++) {
    const a: unknown = la[i];
    if (!isObj(a) || !str(a.limit, 1, 128) || !num(a.max, 0, MAX_ALLOWANCE) || a.max === 0 || !hasAtMostThreeDecimals(a.max as number)) return false;
    for (const key in a) if (key !== 'limit' && key !== 'max') return false; // the schema is strict
    for (let j = 0; j < i; j++) if ((la[j] as Obj).limit === a.limit) return false;
  }
  return true;
}

/** True only for requests the zod schema certainly accepts. */
export function isWellFormedRequest(r: unknown, historyMs?: HistoryInstants): r is EvaluateRequest {
  if (!isObj(r)) return false;
  if (!str(r.jurisdiction, 1, 16) || !inst(r.at) || typeof r.channel !== 'string' || !CHANNEL_SET.has(r.channel)) return false;
  const c = r.customer;
  if (!isObj(c) || typeof c.kind !== 'string' || !KIND_SET.has(c.kind)) return false;
  if (typeof c.birthDate !== 'string' || !isValidIsoDate(c.birthDate)) return false;
  if (!optStr(c.idJurisdiction, 1, 16)) return false;
  if (c.residency !== undefined && c.residency !== 'resident' && c.residency !== 'non_resident') return false;
  const card = c.medicalCard;
  if (card !== undefined && card !== null) {
    if (!isObj(card) || !str(card.number, 1, 64) || !str(card.jurisdiction, 1, 16)) return false;
    if (typeof card.expiresOn !== 'string' || !isValidIsoDate(card.expiresOn)) return false;
    if (card.kind !== undefined && card.kind !== 'registry_card' && card.kind !== 'recommendation') return false;
  }
  const cg = c.caregiver;
  if (cg !== undefined && cg !== null) {
    if (!isObj(cg) || typeof cg.birthDate !== 'string' || !isValidIsoDate(cg.birthDate)) return false;
    for (const key in cg) if (key !== 'birthDate') return false; // the schema is strict
  }
  const la = c.limitAllowances;
  if (la !== undefined && la !== null && !allowancesOk(la)) return false;
  if (!optBool(c.deliveryPreVerified)) return false;
  const s = r.store;
  if (s !== undefined && s !== null) {
    if (!isObj(s) || !optNum(s.localSalesTaxRate, 0, 1) || !optNum(s.localCannabisTaxRate, 0, 1)) return false;
    if (!optStr(s.timezone, 1, 64) || !optBool(s.medicalEndorsement)) return false;
  }
  const d = r.delivery;
  if (d !== undefined && d !== null) {
    if (!isObj(d)) return false;
    if ((d.orderedAt !== undefined && !inst(d.orderedAt)) || (d.deliverAt !== undefined && !inst(d.deliverAt))) return false;
    if (d.addressType !== undefined && (typeof d.addressType !== 'string' || !ADDRESS_SET.has(d.addressType))) return false;
    if (d.addressJurisdiction !== undefined && (typeof d.addressJurisdiction !== 'string' || !JURISDICTION_CODE.test(d.addressJurisdiction))) return false;
  }
  const p = r.pickup;
  if (p !== undefined && p !== null) {
    if (!isObj(p)) return false;
    if (p.mode !== undefined && (typeof p.mode !== 'string' || !HAND_OVER_SET.has(p.mode))) return false;
  }
  const h = r.history;
  if (h !== undefined && h !== null) {
    if (!Array.isArray(h) || h.length > MAX_HISTORY) return false;
    for (const entry of h) {
      if (!isObj(entry) || typeof entry.at !== 'string' || !Array.isArray(entry.lines) || entry.lines.length > MAX_LINES) return false;
      const ms = parseInstant(entry.at);
      if (Number.isNaN(ms)) return false;
      historyMs?.push(ms);
      for (const l of entry.lines) if (!lineOk(l, false)) return false;
    }
  }
  if (!Array.isArray(r.lines) || r.lines.length > MAX_LINES) return false;
  for (const l of r.lines) if (!lineOk(l, true)) return false;
  return true;
}

// Narrowed view used inside the engine (after validation).
export interface CheckedLine {
  sku: string;
  category: Category;
  quantity: number;
  unitPriceCents?: number;
  discountCents?: number;
  netWeightMg?: number;
  thcMg?: number;
  thcMgPerServing?: number;
  otherThcMgPerServing?: Partial<Record<OtherThcCompound, number>>;
  thcPercent?: number;
  thcaPercent?: number;
  infused?: boolean;
  medicalOnly?: boolean;
  dohCompliant?: boolean;
  bundleId?: string;
  attributes?: ProductAttribute[];
}

export interface CheckedRequest {
  jurisdiction: string;
  at: string;
  channel: Channel;
  customer: {
    kind: CustomerKind;
    birthDate: string;
    idJurisdiction?: string;
    residency?: 'resident' | 'non_resident';
    medicalCard?: { number: string; jurisdiction: string; expiresOn: string; kind?: 'registry_card' | 'recommendation' } | null;
    caregiver?: { birthDate: string } | null;
    limitAllowances?: { limit: string; max: number }[] | null;
    deliveryPreVerified?: boolean;
  };
  store?: { localSalesTaxRate?: number; localCannabisTaxRate?: number; timezone?: string; medicalEndorsement?: boolean } | null;
  history?: { at: string; lines: CheckedLine[] }[] | null;
  delivery?: { orderedAt?: string; deliverAt?: string; addressType?: AddressType; addressJurisdiction?: string } | null;
  pickup?: { mode?: HandOverMode } | null;
  lines: (CheckedLine & { unitPriceCents: number })[];
}
