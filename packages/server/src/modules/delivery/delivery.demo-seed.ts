import { v7 as uuidv7 } from 'uuid';
import type { UnitOfWork } from '../../platform/unit-of-work';

/** One delivery van per demo store, with the make, model and plate Metrc's sales deliveries need. */
export async function seedDemoVehicles(uow: UnitOfWork, organizationId: string, storeIds: readonly string[]): Promise<void> {
  for (const storeId of storeIds) {
    await uow.trx
      .insertInto('delivery_vehicle')
      .values({ id: uuidv7(), organization_id: organizationId, store_id: storeId, name: 'Demo van', make: 'Ford', model: 'Transit Connect', license_plate: '8VDN123' })
      .execute();
  }
}
