// Sending a dead-lettered delivery again. Two doors lead here: the events module's own
// (POST /v1/events/dead-letters/:id/retry, any subscriber, `events:manage`) and the managers' refunds
// owed (POST /v1/refunds-owed/:kind/:id/retry, `orders:refund`), so that both re-queue a delivery
// the same way and leave the same audit row on it.
import { assertStoreAccess } from '../../platform/http';
import type { UnitOfWork } from '../../platform/unit-of-work';

/**
 * In the caller's transaction: the dead delivery becomes due now with its tries counted from 0,
 * so the dispatcher gives it its full run of retries again. Undefined when it is not a dead letter
 * of the organization (unknown, delivered, or already sent again by someone else: the row is
 * locked first, so two sends re-queue it once). A delivery of an event of a store outside the
 * caller's is 403 STORE_NOT_ALLOWED. The caller wakes the dispatcher after commit.
 */
export async function resendDeadLetter(uow: UnitOfWork, organizationId: string, deliveryId: number): Promise<{ id: number; status: string } | undefined> {
  const dead = await uow.trx
    .selectFrom('outbox_delivery as d')
    .innerJoin('outbox_event as e', 'e.id', 'd.event_id')
    .select(['d.id', 'e.store_id'])
    .where('d.id', '=', deliveryId)
    .where('d.status', '=', 'dead')
    .where('e.organization_id', '=', organizationId)
    .forUpdate('d')
    .executeTakeFirst();
  if (!dead) return undefined;
  if (dead.store_id) assertStoreAccess(uow.actor, dead.store_id);
  const row = await uow.trx
    .updateTable('outbox_delivery')
    .set({ status: 'pending', attempts: 0, next_attempt_at: new Date(), locked_until: null, updated_at: new Date() })
    .where('id', '=', dead.id)
    .where('status', '=', 'dead')
    .returning(['id', 'status'])
    .executeTakeFirstOrThrow();
  await uow.audit({ action: 'events.dead_letter.retried', entityType: 'outbox_delivery', entityId: String(row.id), storeId: dead.store_id });
  return row;
}
