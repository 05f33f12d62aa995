// Builders shared by the promotion tests.
import type { ApplyPromotionsInput, PromotionLine } from './engine-types.ts';
import type { ActionInput, PromotionInput } from './promotion-schema.ts';

export function line(lineId: string, unitPriceCents: number, quantity = 1, extra: Partial<PromotionLine> = {}): PromotionLine {
  return { lineId, sku: `SKU-${lineId}`, category: 'flower', quantity, unitPriceCents, isCannabis: true, ...extra };
}

export function accessory(lineId: string, unitPriceCents: number, quantity = 1, extra: Partial<PromotionLine> = {}): PromotionLine {
  return line(lineId, unitPriceCents, quantity, { category: 'accessory', isCannabis: false, ...extra });
}

export function promo(id: string, action: ActionInput, extra: Partial<PromotionInput> = {}): PromotionInput {
  return { id, name: `Promotion ${id}`, action, ...extra };
}

export const TEN_OFF_ORDER: ActionInput = { type: 'percent_off_order', percent: 10 };

/** Friday 2025-11-14 12:00 in Los Angeles. */
export const FRIDAY_NOON_LA = '2025-11-14T12:00:00-08:00';

export function cart(lines: PromotionLine[], promotions: PromotionInput[], extra: Partial<ApplyPromotionsInput> = {}): ApplyPromotionsInput {
  return { at: FRIDAY_NOON_LA, timezone: 'America/Los_Angeles', channel: 'in_store', lines, promotions, ...extra };
}
