import { v7 as uuidv7 } from 'uuid';
import type { UnitOfWork } from '../../platform/unit-of-work';

/** One register per demo store. */
export async function seedDemoRegisters(uow: UnitOfWork, organizationId: string, storeIds: readonly string[]): Promise<void> {
  for (const storeId of storeIds) {
    await uow.trx.insertInto('register').values({ id: uuidv7(), organization_id: organizationId, store_id: storeId, name: 'Register 1' }).execute();
  }
}
