// Response schemas of the promotion routes. They mirror PromotionView (promotions.service.ts) and
// PreviewResult (promotions.preview.ts, the engine's ApplyPromotionsResult plus usage): the
// response schema also serializes the reply, so a field missing here would be dropped and a field
// of another type would turn the answer into a 500.
import { conditionSchema, promotionSchema, REJECTION_REASONS, type ConditionType } from '@verdant/rules/promotions';
import { z } from 'zod';

/** The engine's own promotion schema (the authority on the stored definition; it was parsed with it when saved). */
export const promotionDefinitionSchema = promotionSchema.meta({
  id: 'PromotionDefinition',
  description: 'The promotion as the engine runs it (conditions, action, codes, dates, stacking), with defaults filled in',
});

const conditionTypes = conditionSchema.options.map((o) => o.shape.type.value) as [ConditionType, ...ConditionType[]];

export const promotionViewSchema = z
  .object({
    id: z.uuid(),
    storeId: z.uuid().nullable().describe('Only at this store; null: every store of the organization'),
    maxUses: z.number().int().nullable().describe('Uses across all customers, counted at order completion; null: no limit'),
    maxUsesPerCustomer: z.number().int().nullable(),
    uses: z.number().int().describe('Uses so far (completed orders)'),
    version: z.number().int().describe('Goes up with every replace; send it back as ifVersion'),
    archived: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    promotion: promotionDefinitionSchema,
  })
  .meta({ id: 'Promotion', description: 'A stored promotion or coupon: the engine’s definition plus where and how often it may be used' });

export const promotionListSchema = z.object({ items: z.array(promotionViewSchema).describe('By priority, then id; at most 1000') });

const allocation = z.object({ lineId: z.string(), amountCents: z.number().int() });

export const promotionPreviewSchema = z
  .object({
    lines: z
      .array(
        z.object({
          lineId: z.string().describe('As sent, or the line’s position from 1'),
          grossCents: z.number().int(),
          discountCents: z.number().int(),
          netCents: z.number().int(),
          appliedPromotionIds: z.array(z.string()),
          discounts: z.array(z.object({ promotionId: z.string(), amountCents: z.number().int() })),
        }),
      )
      .describe('Same order as the request lines'),
    orderDiscountCents: z.number().int().describe('The part of the discount that came from order-level actions (already inside line discounts)'),
    applied: z
      .array(
        z.object({
          promotionId: z.string(),
          name: z.string(),
          receiptLabel: z.string(),
          code: z.string().optional().describe('The coupon code as entered'),
          amountCents: z.number().int(),
          scope: z.enum(['line', 'order']).describe('order: spread over lines by largest remainder; line: on lines directly'),
          loyalty: z.boolean(),
          cappedByGuard: z.boolean().describe('The compliance guard reduced this promotion'),
          lineIds: z.array(z.string()),
          allocations: z.array(allocation),
        }),
      )
      .describe('In application order'),
    rejected: z.array(
      z.object({
        promotionId: z.string().optional().describe('Absent only for COUPON_UNKNOWN'),
        code: z.string().optional(),
        reason: z.enum(REJECTION_REASONS),
        condition: z.enum(conditionTypes).optional().describe('For CONDITION_NOT_MET: the first condition that failed'),
        lineIds: z.array(z.string()).optional().describe('For COMPLIANCE_GUARD: the lines that would have broken the rule'),
        blockedBy: z.string().optional().describe('For NOT_STACKABLE: the exclusive promotion (or "stack") that won'),
      }),
    ),
    totals: z.object({ subtotalCents: z.number().int(), discountCents: z.number().int(), totalCents: z.number().int() }),
    at: z.iso.datetime({ offset: true }).describe('The instant priced at (as sent, or now)'),
    guard: z
      .object({ rules: z.array(z.object({ id: z.string(), refs: z.array(z.string()), title: z.string() })) })
      .describe('The jurisdiction rules that limited discounting at this store, with their sources'),
    usage: z.array(z.object({ promotionId: z.uuid(), uses: z.number().int(), maxUses: z.number().int().nullable() })).describe('Usage of the applied promotions'),
  })
  .meta({ id: 'PromotionPreview', description: 'What the lines would get from the store’s promotions and the given coupons' });
