import { sql } from 'kysely';
import { permissions } from '../../src/modules/staff/permissions';
import type { RequestContext } from '../../src/platform/context';
import { AppError } from '../../src/platform/errors';
import type { Platform } from '../../src/platform/platform';
import { inTransaction, type UnitOfWork } from '../../src/platform/unit-of-work';
import { bulkReceive, ensureStoreLocations } from '../../src/modules/inventory/inventory.ledger';
import { v7 as uuidv7 } from 'uuid';

/** A staff context of the demo organization with every permission, for calling services directly. */
export function staffContext(organizationId: string, staffId: string | null = null): RequestContext {
  return {
    actor: { type: 'staff', id: staffId ?? 'test-staff', organizationId, permissions: new Set(permissions), storeIds: [] },
    requestId: null,
  };
}

export function run<T>(platform: Platform, context: RequestContext, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  return inTransaction(platform.tx, context, work);
}

/** Creates a package with stock at a location directly (no manifest), for setups. */
export async function stockPackage(
  platform: Platform,
  context: RequestContext,
  input: { storeId: string; label: string; skuId: string; quantity: number; locationCode?: string; expiresOn?: string | null; unit?: 'each' | 'mg' },
): Promise<string> {
  const organizationId = context.actor.organizationId!;
  return run(platform, context, async (uow) => {
    await ensureStoreLocations(uow.trx, organizationId, input.storeId);
    const location = await uow.trx
      .selectFrom('inventory_location')
      .select('id')
      .where('store_id', '=', input.storeId)
      .where('code', '=', input.locationCode ?? 'sales_floor')
      .executeTakeFirstOrThrow();
    const id = uuidv7();
    await uow.trx
      .insertInto('inventory_package')
      .values({ id, organization_id: organizationId, label: input.label, sku_id: input.skuId, batch_id: null, unit: input.unit ?? 'each', expires_on: input.expiresOn ?? null, received_at: new Date(), updated_at: new Date() })
      .execute();
    await bulkReceive(uow, [{ packageId: id, locationId: location.id, quantity: input.quantity }], 'test_setup', { type: 'test', id });
    return id;
  });
}

/**
 * NEGATIVE CONTROL, never used by the application: the classic read-then-write reservation
 * (read availability, decide in JavaScript, write an absolute value), as the Medusa issue shows.
 * Under concurrency it tells more clients "you got it" than there are units.
 */
export async function naiveReserveOne(platform: Platform, context: RequestContext, packageId: string, locationId: string): Promise<void> {
  await run(platform, context, async (uow) => {
    const row = await uow.trx.selectFrom('inventory_stock').select(['on_hand', 'reserved']).where('package_id', '=', packageId).where('location_id', '=', locationId).executeTakeFirstOrThrow();
    if (Number(row.on_hand) - Number(row.reserved) < 1) throw new AppError(409, 'INSUFFICIENT_STOCK', 'naive: none left');
    await sql`select pg_sleep(0.005)`.execute(uow.trx); // the gap between check and write that real traffic provides
    await uow.trx.updateTable('inventory_stock').set({ reserved: Number(row.reserved) + 1 }).where('package_id', '=', packageId).where('location_id', '=', locationId).execute();
    const pkg = await uow.trx.selectFrom('inventory_package').select('sku_id').where('id', '=', packageId).executeTakeFirstOrThrow();
    const location = await uow.trx.selectFrom('inventory_location').select('store_id').where('id', '=', locationId).executeTakeFirstOrThrow();
    await uow.trx
      .insertInto('inventory_movement')
      .values({
        organization_id: context.actor.organizationId!,
        store_id: location.store_id,
        package_id: packageId,
        location_id: locationId,
        sku_id: pkg.sku_id,
        kind: 'reserve',
        on_hand_delta: 0,
        reserved_delta: 1,
        reason_code: 'naive',
        actor_type: 'staff',
        actor_id: 'naive',
        reference_data: '{}',
      })
      .execute();
  });
}
