export const PromotionEvents = {
  /** A promotion was created, replaced or archived; carts and registers re-price. */
  changed: 'promotions.promotion.changed',
  /** A sale took a promotion's last allowed use: checkouts stop offering it. */
  exhausted: 'promotions.promotion.exhausted',
  /** A void, cancel or return gave back a use of a promotion that had none left: it is offered again. */
  replenished: 'promotions.promotion.replenished',
} as const;
