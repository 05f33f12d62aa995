// The evaluation result. A zod schema is exported for the server's OpenAPI document; the engine
// builds plain objects of the same shape (never parsed on the hot path).
import { z } from 'zod';
import { METRC_TAX_FIELDS } from './categories.ts';
import { confidenceSchema, sourceRefSchema } from './pack-schema.ts';

export const VIOLATION_CODES = [
  'UNDERAGE',
  'PURCHASE_LIMIT',
  'MEDICAL_CARD_INVALID',
  'OUTSIDE_SALE_HOURS',
  'DELIVERY_NOT_ALLOWED',
  'DELIVERY_PRE_VERIFICATION_REQUIRED',
  'DELIVERY_VEHICLE_LIMIT',
  'PRODUCT_NOT_PERMITTED',
  'PICKUP_MODE_NOT_ALLOWED',
] as const;
export type ViolationCode = (typeof VIOLATION_CODES)[number];

export const violationSchema = z.object({
  code: z.enum(VIOLATION_CODES),
  message: z.string(),
  /** Id of the pack value that was broken (or an engine rule id such as "line.medical-only"). */
  rule: z.string(),
  /** Indexes of the cart lines involved. */
  lines: z.array(z.number().int()),
  /** The pack lets a manager override this (the server logs who and why). */
  overridable: z.boolean(),
  confidence: confidenceSchema.optional(),
  source: sourceRefSchema.optional(),
});

export const limitUsageSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** Cart plus history in the window, in `unit`. */
  used: z.number(),
  max: z.number(),
  unit: z.enum(['mg', 'mg_thc', 'units']),
  remaining: z.number(),
  window: z.string(),
  confidence: confidenceSchema,
  allowance: z
    .object({
      max: z.number().describe('The patient’s allowance as sent, in `unit`.'),
      packMax: z.number().describe('The pack’s own maximum.'),
      applied: z.boolean().describe('True when the allowance raised `max`; false when it was not above the pack’s maximum.'),
    })
    .optional()
    .describe('Present when customer.limitAllowances named this limit; `max` is then the larger of the two.'),
});

export const taxLineSchema = z.object({
  code: z.string(),
  label: z.string(),
  rate: z.number(),
  baseCents: z.number().int(),
  amountCents: z.number().int(),
  includedInPrice: z.boolean(),
  metrcField: z.enum(METRC_TAX_FIELDS),
  /** The amount allocated to each cart line (largest remainder; sums to amountCents) for Metrc. */
  lines: z.array(z.object({ line: z.number().int(), baseCents: z.number().int(), amountCents: z.number().int() })),
});

export const receiptLineSchema = z.object({
  line: z.number().int(),
  sku: z.string(),
  /** unitPriceCents × quantity. */
  grossCents: z.number().int(),
  discountCents: z.number().int(),
  /** Tax contained in the shelf price that a tax-exempt customer does not pay. */
  exemptCents: z.number().int(),
  /** What the line costs before added taxes (gross − discount − exempt). */
  priceCents: z.number().int(),
  taxCents: z.number().int(),
  metrc: z.record(z.string(), z.number().int()),
});

export const evaluateResponseSchema = z.object({
  allowed: z.boolean(),
  violations: z.array(violationSchema),
  limits: z.array(limitUsageSchema),
  taxes: z.array(taxLineSchema),
  /** Sum of line prices after discounts (tax-inclusive where shelf prices include tax). */
  subtotalCents: z.number().int(),
  /** Every tax line, whether added or contained in the price. */
  taxCents: z.number().int(),
  /** subtotal + taxes not included in the price. */
  totalCents: z.number().int(),
  packVersion: z.string(),
  receiptLines: z.array(receiptLineSchema),
  context: z.object({
    jurisdiction: z.string(),
    timezone: z.string(),
    localDate: z.string(),
    localTime: z.string(),
    customerKind: z.enum(['adult_use', 'medical']),
    residency: z.enum(['resident', 'non_resident']),
  }),
});

export type Violation = z.output<typeof violationSchema>;
export type LimitUsage = z.output<typeof limitUsageSchema>;
export type TaxLine = z.output<typeof taxLineSchema>;
export type ReceiptLine = z.output<typeof receiptLineSchema>;
export type EvaluateResponse = z.output<typeof evaluateResponseSchema>;
