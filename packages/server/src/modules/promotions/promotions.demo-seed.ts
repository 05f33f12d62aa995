import type { UnitOfWork } from '../../platform/unit-of-work';
import { createPromotion } from './promotions.service';

/**
 * Demo promotions that never change a price unasked: a welcome coupon (once per customer) and a
 * deal reserved to the Gold loyalty tier.
 */
export async function seedDemoPromotions(uow: UnitOfWork, organizationId: string): Promise<void> {
  await createPromotion(uow, organizationId, {
    name: 'Welcome: 10% off your first visit',
    receiptLabel: 'WELCOME10',
    codes: ['WELCOME10'],
    maxUsesPerCustomer: 1,
    maxUses: 1_000,
    action: { type: 'percent_off_order', percent: 10 },
  });
  await createPromotion(uow, organizationId, {
    name: 'Gold members: 15% off accessories',
    loyalty: true,
    conditions: [{ type: 'loyalty_tier', tiers: ['gold'] }],
    action: { type: 'percent_off_items', percent: 15, filter: { cannabis: false } },
  });
}
