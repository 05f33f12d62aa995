// The refund a delivery no-show owes. It is the orders module's refund owed (order_refund,
// orders/order-refunds.ts: one record per ended order, claimed per try, each payment's refund keyed
// on the order so a lost answer is never refunded twice), with the run it happened on: the
// no-show's order transition writes what is owed, and endStop adds the run, so the stop shows it.
// The driver's request tries at once; the outbox subscriber below tries again with the
// dispatcher's backoff for as long as it is owed, and after the dispatcher's last try the delivery
// is dead-lettered, which raises the built-in alert outbox.dead_letters; a manager sends it again
// from the Refunds tab (POST /v1/refunds-owed/:kind/:id/retry). (The orders' subscriber, orders.refunds-owed, leaves a run's
// no-shows to this one.)
import { FIRST_TRY, NO_SHOW_REFUNDS, refundClaimEnd, settleOrThrow } from '../orders';
import type { Platform } from '../../platform/platform';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import type { PublishedEvent } from '../events/event-types';

type Trx = UnitOfWork['trx'] | Db;

export { NO_SHOW_REFUNDS };
const NO_SHOW_REASON = 'delivery not handed over';

/**
 * Written in the no-show's transaction, after the order's transition owed the refund: the run is
 * named on it. An order with nothing left to refund (cash never collected) is owed nothing, and
 * its stop shows that as refunded at the first try, as before.
 */
export async function oweNoShowRefund(trx: Trx, run: { id: string; organization_id: string }, orderId: string): Promise<void> {
  await trx
    .insertInto('order_refund')
    .values({ order_id: orderId, run_id: run.id, organization_id: run.organization_id, reason: NO_SHOW_REASON, attempts: FIRST_TRY, claimed_until: refundClaimEnd() })
    .onConflict((oc) => oc.column('order_id').doUpdateSet({ run_id: run.id, reason: NO_SHOW_REASON }))
    .execute();
}

/** The outbox subscriber: each no-show's delivery.stop.ended is retried until its refund is made. */
export function noShowRefundSubscriber(platform: Platform, stopEnded: string) {
  return {
    name: NO_SHOW_REFUNDS,
    eventTypes: [stopEnded],
    async handle(event: PublishedEvent) {
      const stop = event.payload as { orderId?: string; outcome?: string; redeliver?: boolean };
      if (!event.organizationId || !stop.orderId || stop.outcome !== 'undelivered' || stop.redeliver) return;
      await settleOrThrow(platform, event.organizationId, stop.orderId);
    },
  };
}
