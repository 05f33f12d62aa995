import { z } from 'zod';
import { tenderKinds } from '../payments';

export const cents = z.number().int().min(0).max(100_000_00);

export const tenderSchema = z
  .object({
    kind: z.enum(tenderKinds),
    amountCents: z.number().int().positive().max(100_000_00).optional(),
    tenderedCents: z.number().int().positive().max(100_000_00).optional(),
    terminalReference: z.string().min(1).max(100).optional(),
    cardLast4: z.string().regex(/^[0-9]{4}$/).optional(),
    giftCardCode: z.string().min(8).max(32).optional(),
    customerId: z
      .uuid()
      .optional()
      .describe('Store credit: whose it is. Must be the sale’s customer (the patient of a caregiver’s purchase); else 422 STORE_CREDIT_NOT_CUSTOMERS, and a walk-in has none'),
  })
  .strict();

export const lineInputSchema = z
  .object({
    skuId: z.uuid(),
    quantity: z.number().int().min(1).max(1000),
    /** A scanned state tag forces that package. */
    packageLabel: z.string().regex(/^[0-9A-Z]{10,32}$/).optional(),
  })
  .strict();

export const posLineSchema = lineInputSchema
  .extend({
    override: z
      .object({
        unitPriceCents: cents.optional(),
        discountCents: cents.optional(),
        reason: z.string().min(3).max(500),
      })
      .strict()
      .refine((o) => o.unitPriceCents !== undefined || o.discountCents !== undefined, 'give unitPriceCents or discountCents')
      .optional(),
  })
  .strict();

const taxLine = z
  .object({ code: z.string(), label: z.string(), amountCents: z.number(), baseCents: z.number().optional().describe('What this tax was charged on, for the line (absent on sales before 2026-12-06)'), rate: z.number().optional().describe('The rate it was charged at, 0.15 for 15 % (absent on sales before 2026-12-07)'), includedInPrice: z.boolean() })
  .loose();

export const orderLineSchema = z
  .object({
    id: z.uuid(),
    lineNo: z.number(),
    skuId: z.uuid(),
    skuCode: z.string(),
    title: z.string(),
    unit: z.enum(['each', 'mg']),
    quantity: z.number(),
    unitPriceCents: z.number(),
    grossCents: z.number(),
    discountCents: z.number(),
    totalCents: z.number(),
    taxCents: z.number(),
    taxes: z.array(taxLine),
    picks: z.array(z.object({ packageLabel: z.string(), quantity: z.number(), unit: z.string() }).loose()),
    pickedLabels: z.array(z.string()).describe('Package labels scanned while picking an online order (POST /v1/orders/{id}/picks)'),
    returnedQuantity: z.number(),
    promotions: z
      .array(
        z.object({
          promotionId: z.uuid(),
          discountCents: z.number().int().describe('What this promotion took off this line (0 for a qualifying line)'),
          role: z
            .enum(['discount', 'reward', 'qualifying'])
            .describe('A buy-X-get-Y: `reward` on the lines it discounted, `qualifying` on the lines that bought them (a line paid for in part is both); any other promotion: `discount`'),
          deal: z
            .object({ buy: z.number().int(), get: z.number().int(), maxApplications: z.number().int().optional() })
            .optional()
            .describe('A buy-X-get-Y’s terms as sold: buy x, get y, at most maxApplications times'),
        }),
      )
      .nullable()
      .optional()
      .describe(
        'Which promotion discounted this line and by how much, recorded from the promotions engine at the sale; a return’s buy-X-get-Y clawback is judged by it. ' +
          'null on lines sold before 2026-12-08, which did not record it (their returns infer it from the promotion and the catalog as they stand now).',
      ),
  })
  .loose();

export const orderSchema = z
  .object({
    id: z.uuid(),
    number: z.string(),
    storeId: z.uuid(),
    channel: z.enum(['in_store', 'pickup', 'delivery']),
    status: z.string(),
    cartId: z.uuid().nullable(),
    customer: z.object({ id: z.uuid().nullable(), kind: z.enum(['adult_use', 'medical']) }).loose(),
    subtotalCents: z.number(),
    discountCents: z.number(),
    taxCents: z.number(),
    totalCents: z.number(),
    refundedCents: z.number(),
    taxes: z.array(taxLine),
    fulfillment: z.record(z.string(), z.unknown()).nullable().describe('Pickup or delivery details of an online order'),
    statusReason: z.string().nullable().describe('Why the order was cancelled, not delivered, …'),
    idVerificationId: z.uuid().nullable().describe('The ID check linked at hand-over'),
    placedAt: z.string(),
    completedAt: z.string().nullable(),
    lines: z.array(orderLineSchema),
  })
  .loose()
  .meta({ id: 'Order' });

/** An order without its lines, as lists answer it. */
export const orderSummarySchema = orderSchema.omit({ lines: true }).meta({ id: 'OrderSummary' });

/** A payment of an order as a return screen needs it: what it paid, what is refunded, where a refund goes. */
export const orderTenderSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(tenderKinds).describe('The tender it was paid with; a refund to the original tender goes back there'),
    status: z
      .enum(['captured', 'partially_refunded', 'refunded', 'voided'])
      .describe('voided: cash of an online order cancelled (or not collected) before the hand-over, never taken, so nothing is refunded'),
    amountCents: z.number(),
    refundedCents: z.number().describe('Refunded so far, as recorded (a refund that failed and awaits follow-up is not in it)'),
    refundableCents: z.number(),
    tenderedCents: z.number().nullable().describe('Cash handed over (cash tenders)'),
    changeCents: z.number(),
    reference: z.string().nullable().describe('The card terminal’s approval reference or the processor’s reference; null for cash, gift cards and store credit'),
    last4: z.string().nullable().describe('Last four digits of the card or the gift card, when known; never more'),
    paidAt: z.string(),
  })
  .meta({ id: 'OrderTender' });

export const paymentSchema = z
  .object({
    id: z.uuid(),
    provider: z.string(),
    status: z.string(),
    amountCents: z.number(),
    tenderedCents: z.number().nullable().optional().describe('Cash handed over (cash tenders), from which changeCents is given back.'),
    changeCents: z.number(),
    refundedCents: z.number().optional(),
    authorizationRef: z.string().nullable().optional().describe('The processor’s or terminal’s reference; never card data.'),
  })
  .loose();

/** Promotions the engine applied (receipt labels) and entered codes it rejected (with the reason). */
export const promotionsAnswerSchema = z.object({
  applied: z.array(z.object({ promotionId: z.string(), name: z.string(), label: z.string(), code: z.string().optional(), amountCents: z.number() })),
  rejected: z.array(
    z.object({
      promotionId: z.string().optional(),
      code: z.string().optional(),
      reason: z.string(),
      condition: z.string().optional(),
      lineIds: z.array(z.string()).optional(),
      blockedBy: z.string().optional(),
    }),
  ),
});

export const saleLoyaltySchema = z
  .object({
    pointsRedeemed: z.number().int().describe('Points the sale spent'),
    discountCents: z.number().int().describe('The discount those points paid for'),
    pointsEarned: z.number().int().describe('Points the sale earned (on the total after discounts)'),
  })
  .meta({ id: 'SaleLoyalty' });

export const completionSchema = z
  .object({
    order: orderSchema,
    payments: z.array(paymentSchema),
    promotions: promotionsAnswerSchema.optional(),
    loyalty: saleLoyaltySchema.nullable().optional().describe('Points spent and earned; null without a known customer or a loyalty program'),
  })
  .meta({ id: 'Completion' });

/** A register quote: the lines priced and checked now, the pack's verdict and the limit meter. */
export const quoteSchema = z
  .object({
    lines: z.array(
      z
        .object({ lineNo: z.number(), skuId: z.uuid(), skuCode: z.string(), title: z.string(), sizeLabel: z.string().describe('The SKU’s size, e.g. 3.5g'), quantity: z.number(), unitPriceCents: z.number(), discountCents: z.number(), totalCents: z.number(), taxCents: z.number() })
        .loose(),
    ),
    allowed: z.boolean(),
    violations: z.array(z.object({ code: z.string(), message: z.string() }).loose()),
    limits: z.array(z.object({ id: z.string(), label: z.string(), used: z.number(), max: z.number(), remaining: z.number(), unit: z.string() }).loose()),
    taxes: z.array(z.object({ code: z.string(), label: z.string(), amountCents: z.number(), includedInPrice: z.boolean() })),
    totals: z.object({ subtotalCents: z.number(), discountCents: z.number(), taxCents: z.number(), totalCents: z.number() }),
    promotions: promotionsAnswerSchema,
    loyalty: z
      .object({
        pointsOffered: z.number().int(),
        pointsRedeemed: z.number().int().describe('What the program lets this basket spend of the points offered (whole blocks, within its caps)'),
        discountCents: z.number().int(),
        limitedBy: z.string().describe('What bounded the redemption (the points offered, a cap, the basket)'),
      })
      .nullable()
      .describe('The points redemption asked for with loyaltyPoints, as the sale would make it; null when none was asked'),
  })
  .meta({ id: 'PosQuote' });

