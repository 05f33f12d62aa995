// The engine's contract: what a channel (cart, POS, checkout) hands in and what it gets back.
import type { ConditionType, PromotionInput, SaleChannel } from './promotion-schema.ts';

export interface PromotionLine {
  /** Unique within the cart; also the tie-breaker that makes results independent of line order. */
  lineId: string;
  sku: string;
  productId?: string;
  category: string;
  brand?: string;
  /** Whole units, 1..10,000. */
  quantity: number;
  unitPriceCents: number;
  isCannabis: boolean;
}

export interface PromotionCustomer {
  id?: string;
  groups?: string[];
  loyaltyTier?: string;
  isFirstPurchase?: boolean;
}

/**
 * Jurisdiction limits on discounting, applied to each promotion after it is computed. The server
 * fills this from the store's jurisdiction pack; the engine never knows which state it is in.
 */
export interface ComplianceGuard {
  /** No cannabis unit may leave for nothing (a BOGO on cannabis is a gift). */
  forbidFreeCannabis?: boolean;
  /** No discount of any kind on cannabis lines. */
  forbidCannabisDiscounts?: boolean;
  /** No discount on cannabis through a loyalty scheme (promotions marked `loyalty` or conditioned on a loyalty tier). */
  forbidLoyaltyCannabisDiscounts?: boolean;
  /** No "N for one price" bundles that include cannabis. */
  forbidCannabisBundles?: boolean;
  /** No "N for one price" bundles that put cannabis together with non-cannabis items (excise with non-excise items). */
  forbidMixedCannabisBundles?: boolean;
  /** Floor per cannabis unit after discounts (penny-sale rule). Defaults to 1 cent when forbidFreeCannabis is set. */
  minimumPriceCents?: number;
  /** reject (default): drop the whole promotion; cap: keep it but limit the offending units to what is allowed. */
  onViolation?: 'reject' | 'cap';
}

export interface ApplyPromotionsInput {
  /** ISO-8601 instant with offset. */
  at: string;
  /** The store's IANA timezone; day-of-week and time-window conditions are read in it. */
  timezone: string;
  channel: SaleChannel;
  customer?: PromotionCustomer;
  lines: PromotionLine[];
  /** Stored promotions (validated by promotionSchema when saved). Inactive or expired ones may be included. */
  promotions: PromotionInput[];
  couponCodes?: string[];
  guard?: ComplianceGuard;
}

export const REJECTION_REASONS = [
  'COUPON_UNKNOWN',
  'COUPON_EXPIRED',
  'COUPON_NOT_YET_VALID',
  'COUPON_INACTIVE',
  'CONDITION_NOT_MET',
  'NOT_STACKABLE',
  'COMPLIANCE_GUARD',
  'NO_DISCOUNT',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface PromotionRejection {
  /** Absent only for COUPON_UNKNOWN. */
  promotionId?: string;
  code?: string;
  reason: RejectionReason;
  /** For CONDITION_NOT_MET: the first condition that failed (lets the UI say "spend $20 more"). */
  condition?: ConditionType;
  /** For COMPLIANCE_GUARD: the lines that would have broken the rule. */
  lineIds?: string[];
  /** For NOT_STACKABLE: the exclusive promotion (or stack) that won. */
  blockedBy?: string;
}

export interface LineAllocation {
  lineId: string;
  amountCents: number;
}

export interface AppliedPromotion {
  promotionId: string;
  name: string;
  receiptLabel: string;
  /** The coupon code as entered; the server increments its usage on completion. */
  code?: string;
  amountCents: number;
  /** 'order' actions are spread over lines by largest remainder; 'line' actions hit lines directly. */
  scope: 'line' | 'order';
  loyalty: boolean;
  /** The compliance guard reduced this promotion (guard mode 'cap'). */
  cappedByGuard: boolean;
  lineIds: string[];
  allocations: LineAllocation[];
  /**
   * buy_x_get_y only: the lines that bought the reward — those its `buy` filter matched with a
   * unit still costing something that this promotion did not discount (a line paid for in part,
   * "buy one get one" on one line of two, is both a reward in `allocations` and qualifying here).
   * Recorded on the order, so a return judges the deal by what it was at the sale.
   */
  qualifyingLineIds?: string[];
}

export interface LineResult {
  lineId: string;
  grossCents: number;
  discountCents: number;
  netCents: number;
  appliedPromotionIds: string[];
  discounts: { promotionId: string; amountCents: number }[];
}

export interface ApplyPromotionsResult {
  /** Same order as the input lines. */
  lines: LineResult[];
  /** The part of the discount that came from order-level actions (already inside line discounts). */
  orderDiscountCents: number;
  /** In application order. */
  applied: AppliedPromotion[];
  rejected: PromotionRejection[];
  totals: { subtotalCents: number; discountCents: number; totalCents: number };
}
