import { ADDRESS_TYPES, CHANNELS, evaluateResponseSchema, HAND_OVER_MODES, lineSchema } from '@verdant/rules';
import { z } from 'zod';
import { birthDate, calendarDate } from '../../platform/sql-date';
import { idIssuer } from '../customers';

const isoDate = calendarDate;
const instant = z.iso.datetime({ offset: true });
const jurisdictionCode = z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'an ISO 3166-2 code such as US-CA');
export const channel = z.enum(CHANNELS);

export const jurisdictionSummary = z
  .object({
    jurisdiction: z.string(),
    name: z.string(),
    version: z.string(),
    timezone: z.string(),
    currency: z.string(),
    effective: z.object({ from: z.string(), to: z.string().nullable() }),
    sources: z.array(z.object({ id: z.string(), title: z.string(), where: z.string() })),
    changeDates: z.array(z.string()),
    unsure: z.array(
      z.object({
        id: z.string(),
        overrideId: z.string().describe('What a store override names: the id when every version of the value is unsure, else id@from for each unsure version'),
        fields: z
          .array(z.string())
          .optional()
          .describe('Where only part of the value is unsure (a product mapping, how a window is read): the fields a store override may replace; the rest is as sure as the reference says'),
        note: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'JurisdictionSummary' });

export const ruleOverride = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    valueId: z.string(),
    value: z.record(z.string(), z.unknown()),
    reason: z.string(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'RuleOverride' });

export const valueIdParams = z
  .object({
    id: z.uuid(),
    valueId: z.string().regex(/^[a-z]{2}-[a-z0-9]{1,3}(\.[a-z0-9-]+)+(@\d{4}-\d{2}-\d{2})?$/, 'a pack value id such as us-ca.limit.au-concentrate'),
  })
  .strict();

export const ruleOverrideInput = z
  .object({
    value: z.record(z.string(), z.unknown()),
    reason: z.string().trim().min(3).max(1000),
  })
  .strict();

export const taxSetting = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    localSalesTaxRate: z.number(),
    localCannabisTaxRate: z.number(),
    effectiveFrom: z.string(),
    effectiveTo: z.string().nullable(),
    reason: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'StoreTaxSetting' });

const rate = z.number().min(0).max(1).refine((n) => Math.abs(n * 1e6 - Math.round(n * 1e6)) < 1e-6, 'at most 6 decimals');

export const taxSettingInput = z
  .object({
    localSalesTaxRate: rate,
    localCannabisTaxRate: rate,
    effectiveFrom: isoDate,
    effectiveTo: isoDate.nullish(),
    reason: z.string().trim().min(1).max(1000).nullish(),
  })
  .strict();

const violation = z.object({
  code: z.string(),
  message: z.string(),
  rule: z.string(),
  lines: z.array(z.number().int()).optional(),
  overridable: z.boolean().optional(),
}).loose();

export const complianceEvent = z
  .object({
    id: z.uuid(),
    kind: z.enum(['refusal', 'override']),
    source: z.string(),
    storeId: z.uuid().nullable(),
    customerId: z.uuid().nullable(),
    orderId: z.uuid().nullable(),
    channel: channel.nullable(),
    codes: z.array(z.string()),
    violations: z.array(violation),
    reason: z.string().nullable(),
    refusalId: z.uuid().nullable(),
    jurisdiction: z.string().nullable(),
    packVersion: z.string().nullable(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    occurredAt: z.string(),
  })
  .meta({ id: 'ComplianceEvent' });

export const eventQuery = z
  .object({
    storeId: z.uuid().optional(),
    customerId: z.uuid().optional(),
    kind: z.enum(['refusal', 'override']).optional(),
    source: z.string().min(1).max(40).optional(),
    from: z
      .union([instant, isoDate])
      .optional()
      .describe('At or after this instant; a date alone (YYYY-MM-DD) is from the start of that day at the event’s store'),
    to: z
      .union([instant, isoDate])
      .optional()
      .describe('Before this instant; a date alone (YYYY-MM-DD) is through the end of that day at the event’s store (the day included)'),
    cursor: z.uuid().optional().describe('The nextCursor of the page before: the list continues after that event'),
  })
  .strict();

/** GET /v1/compliance/events: pages of at most 1000 (more is a 400 at querystring.limit, never cut silently). */
export const eventListQuery = eventQuery.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Events per page, at most 1000; follow nextCursor (or next) for the rest'),
});

/** GET /v1/compliance/events.csv: files of at most 50,000 rows; the Link header (rel="next") names the rest. */
export const eventCsvQuery = eventQuery.extend({
  limit: z.coerce.number().int().min(1).max(50_000).default(50_000).describe('Rows per file, at most 50,000; a Link header with rel="next" names the next file when there are more'),
});

export const refusalInput = z
  .object({
    storeId: z.uuid(),
    customerId: z.uuid().nullish(),
    orderId: z.uuid().nullish(),
    channel,
    source: z.enum(['register', 'checkout', 'id_check']).optional(),
    violations: z
      .array(
        z
          .object({
            code: z.string().min(1).max(64),
            message: z.string().min(1).max(1000),
            rule: z.string().min(1).max(200),
            lines: z.array(z.number().int().min(0)).max(500).optional(),
            // A check's violations may be sent as they came: these are decided again from the pack, whatever is sent.
            overridable: z.boolean().optional(),
            confidence: z.enum(['sure', 'likely', 'unsure']).optional(),
            source: z.object({ refs: z.array(z.string().max(20)).max(20), title: z.string().max(500) }).strict().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(50)
      .describe('The violations as POST /v1/compliance/checks answered them; overridable, confidence and source are taken from the pack value each rule names, not from the request.'),
    packVersion: z.string().max(40).nullish(),
  })
  .strict();

export const overrideInput = z.object({ reason: z.string().trim().min(3).max(1000), orderId: z.uuid().nullish() }).strict();

const rulesCustomer = z
  .object({
    kind: z.enum(['adult_use', 'medical']),
    birthDate: isoDate,
    idJurisdiction: jurisdictionCode.optional(),
    medicalCard: z.object({ number: z.string().min(1).max(64), jurisdiction: z.string().min(1).max(16), expiresOn: isoDate, kind: z.enum(['registry_card', 'recommendation']).optional() }).nullish(),
  })
  .strict();

export const checkInput = z
  .object({
    storeId: z.uuid(),
    customerId: z.uuid().optional(),
    caregiverId: z
      .uuid()
      .optional()
      .describe(
        'A caregiver (customer id) buying for the patient in customerId. Must be linked to the patient (else 422 CAREGIVER_NOT_LINKED), with any caregiver card ' +
          'on the link unexpired on the store-local date (else 422 CAREGIVER_CARD_EXPIRED); a caregiver record merged into another is 409 CUSTOMER_MERGED; ' +
          'the patient’s limits and history apply, and a patient under the medical minimum age is allowed only where the pack lets minor patients buy through a caregiver old enough.',
      ),
    /** A walk-in without a profile: no history is counted. */
    customer: rulesCustomer.optional(),
    channel,
    at: instant.optional(),
    lines: z.array(lineSchema).max(500),
    delivery: z
      .object({
        orderedAt: instant.optional(),
        deliverAt: instant.optional(),
        addressType: z.enum(ADDRESS_TYPES).optional(),
        addressJurisdiction: jurisdictionCode.optional().describe('Where the address is (US-NV): packs that deliver only within their jurisdiction refuse another; absent, not judged'),
      })
      .strict()
      .optional(),
    pickup: z
      .object({
        mode: z
          .enum(HAND_OVER_MODES)
          .optional()
          .describe(
            'How the pickup is to be handed over: in_store (the default, always allowed), curbside or drive_through. Judged as a pickup cart’s: a mode the store’s pack does not allow ' +
              'is the violation PICKUP_MODE_NOT_ALLOWED in the answer; a mode the pack allows but the store does not offer (its pickupModesOffered) is 422 PICKUP_MODE_NOT_OFFERED at body.pickup.mode.',
          ),
      })
      .strict()
      .optional()
      .describe('Pickup facts, with channel pickup only (else 400 at body.pickup): an online pickup order checked at the register before it is handed over, or a what-if.'),
  })
  .strict()
  .refine((b) => b.pickup === undefined || b.channel === 'pickup', { message: 'pickup facts go with channel pickup', path: ['pickup'] })
  .refine((b) => (b.customerId === undefined) !== (b.customer === undefined), {
    message: 'send exactly one of customerId (a customer on record) or customer (a walk-in)',
    path: ['customerId'],
  })
  .refine((b) => b.caregiverId === undefined || b.customerId !== undefined, { message: 'a caregiver buys for a patient on file: send customerId', path: ['caregiverId'] });

export const checkResult = evaluateResponseSchema
  .extend({
    applied: z.object({
      historySince: z.string(),
      historyPurchases: z.number().int(),
      allowancesNotApplied: z
        .array(z.string())
        .describe('Limit allowances on the patient’s record that the pack in effect no longer lets a practitioner raise: not applied (the pack maximum holds) until the record is corrected.'),
      overrides: z.array(z.string()),
      localSalesTaxRate: z.number(),
      localCannabisTaxRate: z.number(),
      taxSettingId: z.string().nullable(),
    }),
  })
  .meta({ id: 'ComplianceCheck' });

export const idScanInput = z
  .object({
    storeId: z.uuid(),
    /** The text the PDF417 scanner sends (AAMVA DL/ID). Parsed in memory, never stored. */
    raw: z.string().min(1).max(8192),
    channel: channel.optional(),
  })
  .strict();

export const manualIdInput = z
  .object({
    storeId: z.uuid(),
    documentType: z.enum(['driver_license', 'id_card', 'passport', 'military_id', 'tribal_id', 'other']),
    issuingJurisdiction: idIssuer,
    expiresOn: isoDate,
    birthDate,
    idNumber: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9 -]{4,40}$/, '4–40 letters and digits')
      // Spaces and dashes are dropped before masking and hashing: "----" left nothing to keep (a 500).
      .refine((n) => n.replace(/[^A-Za-z0-9]/g, '').length >= 4, 'at least 4 letters or digits')
      .optional(),
    channel: channel.optional(),
  })
  .strict();

/** The document of a hand-checked ID, where the store and channel are known from elsewhere (a delivery's hand-over). */
export const manualIdDocument = manualIdInput.omit({ storeId: true, channel: true });
