// Whether the outbox still tries a refund owed, and the managers' "try again" for one it gave up
// on (docs/orders-and-checkout.md, "The list of refunds owed"). A refund owed is retried by the
// outbox delivery of the event that made it owed: orders.refunds-owed's delivery of the order's
// orders.order.cancelled (a cancellation, a no-show at the counter) or of the return's
// orders.order.returned / orders.order.voided, and delivery.no-show-refunds's delivery of a
// delivery no-show's delivery.stop.ended. After the dispatcher's last try that delivery is dead
// (alert outbox.dead_letters) and nothing tries the refund again until it is sent again, which is
// what the action here does, through the events module's resend, the one the dead-letters route uses.
//
// Read from the deliveries not done only (the outbox's partial indexes on pending/processing and
// on dead), so a page of the list does not read the delivered history of the outbox. Until the
// sequencer publishes the event there is no delivery at all, only the event (read through the
// partial index of unpublished events): its outbox try is due as soon as it is published, so the
// refund is waiting for a try, not tried by nobody.
import { sql } from 'kysely';
import { conflict, notFound } from '../../platform/errors';
import { assertStoreAccess } from '../../platform/http';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { resendDeadLetter } from '../events/dead-letters';
import { DELIVERY_STOP_ENDED, NO_SHOW_REFUNDS, ORDER_REFUNDS } from './order-refunds';
import { ORDER_CANCELLED } from './orders.service';
import { ORDER_RETURNED, ORDER_VOIDED } from './returns.service';

type Trx = UnitOfWork['trx'] | Db;

export type RefundOwedKind = 'order' | 'return';

/** Where the outbox is with a refund owed. */
export interface RefundRetryState {
  /** Owed, and every delivery that retried it gave up after its last try: nothing tries it again until it is sent again. */
  deadLettered: boolean;
  /**
   * When the outbox tries it next (a time past is due now); before the outbox has published the
   * event that made it owed, the time that event was written (due as soon as it is published);
   * null while a try is under way, or when nothing will try it.
   */
  nextTryAt: string | null;
}

interface RefundDeliveries {
  dead: number[];
  /** Due times of pending deliveries, and the written times of events not published yet. */
  pending: Date[];
  processing: number;
}

const keyOf = (kind: RefundOwedKind, id: string) => `${kind}:${id}`;

/** The deliveries not done of the refunds named (an ended order's by the order's id, a return's by the return's), and their events not published yet. */
async function deliveriesOf(trx: Trx, organizationId: string, refunds: ReadonlyArray<{ kind: RefundOwedKind; id: string }>): Promise<Map<string, RefundDeliveries>> {
  const byRefund = new Map<string, RefundDeliveries>();
  const orderIds = refunds.filter((r) => r.kind === 'order').map((r) => r.id);
  const returnIds = refunds.filter((r) => r.kind === 'return').map((r) => r.id);
  if (orderIds.length === 0 && returnIds.length === 0) return byRefund;
  const returnTypes = [ORDER_RETURNED, ORDER_VOIDED];
  const orderTypes = [ORDER_CANCELLED, DELIVERY_STOP_ENDED];
  const refundIdOf = sql`case when e.type = any(${returnTypes}::text[]) then e.payload->>'returnId' else e.payload->>'orderId' end`;
  const kindOf = sql`case when e.type = any(${returnTypes}::text[]) then 'return' else 'order' end`;
  // An event not published yet is read as a delivery due when it was written ('unpublished').
  const rows = await sql<{ id: number | string; status: 'pending' | 'processing' | 'dead' | 'unpublished'; next_attempt_at: Date; kind: RefundOwedKind; refund_id: string }>`
    select d.id, d.status, d.next_attempt_at, ${kindOf} as kind, ${refundIdOf} as refund_id
      from outbox_delivery d
      join outbox_event e on e.id = d.event_id
     where (d.status = 'dead' or d.status in ('pending', 'processing'))
       and e.organization_id = ${organizationId}::uuid
       and ((d.subscriber = ${ORDER_REFUNDS} and e.type = ${ORDER_CANCELLED} and e.payload->>'orderId' = any(${orderIds}::text[]))
         or (d.subscriber = ${NO_SHOW_REFUNDS} and e.payload->>'orderId' = any(${orderIds}::text[]))
         or (d.subscriber = ${ORDER_REFUNDS} and e.type = any(${returnTypes}::text[]) and e.payload->>'returnId' = any(${returnIds}::text[])))
    union all
    select e.id, 'unpublished', e.created_at, ${kindOf}, ${refundIdOf}
      from outbox_event e
     where e.published_seq is null
       and e.organization_id = ${organizationId}::uuid
       and ((e.type = any(${orderTypes}::text[]) and e.payload->>'orderId' = any(${orderIds}::text[]))
         or (e.type = any(${returnTypes}::text[]) and e.payload->>'returnId' = any(${returnIds}::text[])))`.execute(trx);
  for (const row of rows.rows) {
    const key = keyOf(row.kind, row.refund_id);
    const entry = byRefund.get(key) ?? { dead: [], pending: [], processing: 0 };
    if (row.status === 'dead') entry.dead.push(Number(row.id));
    else if (row.status === 'pending' || row.status === 'unpublished') entry.pending.push(new Date(row.next_attempt_at));
    else entry.processing += 1;
    byRefund.set(key, entry);
  }
  return byRefund;
}

function stateOf(status: 'owed' | 'refunded', deliveries: RefundDeliveries | undefined): RefundRetryState {
  if (status === 'refunded' || !deliveries) return { deadLettered: false, nextTryAt: null };
  const live = deliveries.pending.length + deliveries.processing;
  const next = deliveries.processing > 0 || deliveries.pending.length === 0 ? null : new Date(Math.min(...deliveries.pending.map((d) => d.getTime())));
  return { deadLettered: live === 0 && deliveries.dead.length > 0, nextTryAt: next ? next.toISOString() : null };
}

/** Each refund with where the outbox is with it (GET /v1/refunds-owed adds it to every row of a page). */
export async function withRetryState<T extends { kind: RefundOwedKind; id: string; status: 'owed' | 'refunded' }>(
  db: Db,
  organizationId: string,
  refunds: readonly T[],
): Promise<Array<T & RefundRetryState>> {
  const owed = refunds.filter((r) => r.status === 'owed');
  const deliveries = await deliveriesOf(db, organizationId, owed);
  return refunds.map((r) => ({ ...r, ...stateOf(r.status, deliveries.get(keyOf(r.kind, r.id))) }));
}

/** The refund owed as the retry answers it: the list's row but its amounts. */
export interface RetriedRefund extends RefundRetryState {
  id: string;
  kind: RefundOwedKind;
  orderId: string;
  orderNumber: string;
  returnId: string | null;
  storeId: string;
  status: 'owed' | 'refunded';
  attempts: number;
  lastError: string | null;
}

/**
 * In the request's transaction: sends again the dead-lettered deliveries of a refund owed, so the
 * outbox tries it now and gives it its full run of retries again. 404 NOT_FOUND (params.id) for a
 * refund of neither table of the organization; 403 STORE_NOT_ALLOWED for one of a store outside the
 * caller's; 409 REFUND_ALREADY_MADE once refunded; 409 REFUND_ALREADY_RETRYING while the outbox
 * still tries it (details.nextTryAt when it is waiting for its next try, or for its event to be
 * published: then the time the event was written). Writes the audit row
 * `orders.refund.retried`; the events module's resend writes `events.dead_letter.retried` per delivery.
 */
export async function retryRefundOwed(uow: UnitOfWork, organizationId: string, kind: RefundOwedKind, id: string): Promise<RetriedRefund> {
  const refund = await refundOwed(uow.trx, organizationId, kind, id);
  if (!refund) throw notFound('Refund owed', id);
  assertStoreAccess(uow.actor, refund.storeId, ['params', 'id']);
  if (refund.status === 'refunded') {
    throw conflict('REFUND_ALREADY_MADE', 'This refund was made; there is nothing to try again.', { kind, id, refundedAt: refund.refundedAt });
  }
  const deliveries = (await deliveriesOf(uow.trx, organizationId, [{ kind, id }])).get(keyOf(kind, id));
  const state = stateOf('owed', deliveries);
  if (!state.deadLettered) throw alreadyRetrying(kind, id, state.nextTryAt);
  const resent: number[] = [];
  for (const deliveryId of deliveries!.dead) {
    const row = await resendDeadLetter(uow, organizationId, deliveryId);
    if (row) resent.push(row.id);
  }
  // Another request sent it again between the read and the lock: it is being retried already.
  if (resent.length === 0) throw alreadyRetrying(kind, id, null);
  await uow.audit({
    action: 'orders.refund.retried',
    entityType: kind === 'order' ? 'order_refund' : 'return_refund',
    entityId: id,
    storeId: refund.storeId,
    before: { attempts: refund.attempts, lastError: refund.lastError, deadLettered: true },
    after: { outboxDeliveryIds: resent },
  });
  const { refundedAt: _refundedAt, ...shown } = refund;
  return { ...shown, ...stateOf('owed', (await deliveriesOf(uow.trx, organizationId, [{ kind, id }])).get(keyOf(kind, id))) };
}

function alreadyRetrying(kind: RefundOwedKind, id: string, nextTryAt: string | null) {
  const when = nextTryAt === null ? '' : Date.parse(nextTryAt) <= Date.now() ? '; its next try is due now' : `; its next try is at ${nextTryAt}`;
  return conflict('REFUND_ALREADY_RETRYING', `This refund is still being tried again by itself${when}. Only a refund whose automatic tries ended can be sent again.`, {
    kind,
    id,
    nextTryAt,
  });
}

async function refundOwed(trx: Trx, organizationId: string, kind: RefundOwedKind, id: string) {
  const row =
    kind === 'order'
      ? await trx
          .selectFrom('order_refund as r')
          .innerJoin('sales_order as so', 'so.id', 'r.order_id')
          .select(['r.order_id', sql<string | null>`null::uuid`.as('return_id'), 'r.status', 'r.attempts', 'r.last_error', 'r.refunded_at', 'so.store_id', 'so.number'])
          .where('r.order_id', '=', id)
          .where('r.organization_id', '=', organizationId)
          .executeTakeFirst()
      : await trx
          .selectFrom('return_refund as r')
          .innerJoin('sales_order as so', 'so.id', 'r.order_id')
          .select(['r.order_id', 'r.return_id', 'r.status', 'r.attempts', 'r.last_error', 'r.refunded_at', 'so.store_id', 'so.number'])
          .where('r.return_id', '=', id)
          .where('r.organization_id', '=', organizationId)
          .executeTakeFirst();
  if (!row) return undefined;
  return {
    id,
    kind,
    orderId: row.order_id,
    orderNumber: String(row.number),
    returnId: row.return_id,
    storeId: row.store_id,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    refundedAt: row.refunded_at ? new Date(row.refunded_at).toISOString() : null,
  };
}
