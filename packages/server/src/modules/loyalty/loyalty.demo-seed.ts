import type { UnitOfWork } from '../../platform/unit-of-work';
import { putProgram } from './loyalty.service';

/** 1 point per dollar; Gold from 1,000 lifetime points earns 1.25×; 100 points = $5 off, up to half an order. */
export async function seedDemoLoyalty(uow: UnitOfWork, organizationId: string): Promise<void> {
  await putProgram(uow, organizationId, {
    program: {
      earn: { pointsPerDollar: 1, excludedCategories: ['accessory'] },
      tiers: [
        { id: 'green', name: 'Green', minLifetimePoints: 0, multiplier: 1 },
        { id: 'gold', name: 'Gold', minLifetimePoints: 1_000, multiplier: 1.25 },
      ],
      redemption: { pointsPerBlock: 100, centsPerBlock: 500, minPoints: 100, maxPercentOfOrder: 50 },
    },
  });
}
