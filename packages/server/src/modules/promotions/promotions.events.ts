export const PromotionEvents = {
  /** A promotion was created, replaced or archived; carts and registers re-price. */
  changed: 'promotions.promotion.changed',
} as const;
