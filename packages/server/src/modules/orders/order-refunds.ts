// The refund an ended order owes: an online order cancelled after it was paid (by staff or the
// shopper), a no-show at the counter, or a delivery no-show (delivery.refunds.ts adds its run).
// The transaction that ends the order writes what is owed (order_refund) beside the order's change
// and its orders.order.cancelled event; the money moves after commit, as the processor may call
// out over the network. The request that ended the order tries at once; an outbox subscriber tries
// again with the dispatcher's backoff for as long as it is owed, and after the dispatcher's last
// try the delivery is dead-lettered, which raises the built-in alert outbox.dead_letters; a manager
// sends it again from the Refunds tab (refund-retry.ts, POST /v1/refunds-owed/:kind/:id/retry).
//
// A try claims the row first (one conditional UPDATE, fenced by its attempt count), so the
// request and the subscriber never refund one order at once. The request's claim is written with
// the order's end: it has the first try; the subscriber finds the row claimed until then and comes
// back after its backoff (or takes over once the claim runs out, if the request died before
// trying). Two things keep a retry from refunding what was refunded: the payment's own claim on
// its refunded cents (refundPayment; a retry refunds only what is left, and a claim an earlier try
// left unanswered is finished under its key, never made twice, migration 0163), and the idempotency key
// each payment's refund carries (`order-refund:<order>:<payment>`, the same on every try), with
// which a processor that refunded but whose answer was lost answers the retry with that refund
// (a gift card or store credit keeps the key on its ledger entry, migration 0160).
//
// A return's or a void's refund is owed the same way (return_refund, migration 0157, one row per
// return; its own table because order_refund is keyed one row per order and the delivery no-show
// upserts on that key): written in the return's transaction when any part of it goes through a
// processor or to a ledger (card, terminal, simulator, gift card, store credit), tried by the
// return's request after commit, retried by this subscriber on orders.order.returned /
// orders.order.voided, each payment's part under `return:<returnId>:<paymentId>` on every try.
// Cash handed back at the register is paid out of the drawer there and never retried.
import { sql } from 'kysely';
import type { RequestContext } from '../../platform/context';
import { systemContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import type { Platform } from '../../platform/platform';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import type { PublishedEvent } from '../events/event-types';
import { ORDER_RETURNED, ORDER_VOIDED, refundLeftOfPayments, refundReturnParts } from './returns.service';

type Trx = UnitOfWork['trx'] | Db;

export const ORDER_REFUNDS = 'orders.refunds-owed';
/**
 * The subscriber that retries a delivery no-show's refund (delivery/delivery.refunds.ts registers it).
 * Named here because the orders module reads its deliveries too (refund-retry.ts), and delivery
 * depends on orders, not the other way round.
 */
export const NO_SHOW_REFUNDS = 'delivery.no-show-refunds';

/**
 * The event a delivery stop's end publishes (delivery's DeliveryEvents.stopEnded), which owes a
 * no-show's refund: named here for the same reason, refund-retry.ts reads its events too.
 */
export const DELIVERY_STOP_ENDED = 'delivery.stop.ended';

/** How long a try holds its claim: longer than a processor call, short enough that a crashed try is taken over. */
const CLAIM_SECONDS = 60;
export const refundClaimEnd = () => new Date(Date.now() + CLAIM_SECONDS * 1000);

export interface RefundOwedView {
  /** owed until every payment of the order is refunded; refunded after. */
  status: 'owed' | 'refunded';
  /** Tries so far (the request that ended the order, then the outbox's retries). */
  attempts: number;
  /** Why the last try failed, while it is owed. */
  lastError: string | null;
  refundedAt: string | null;
}

/** The request's claim on the first try, written with the order's end. */
export const FIRST_TRY = 1;

/**
 * In the transaction that cancels the order or records its no-show, after uncollected cash was
 * voided: the refund is owed from its commit on when any payment has cents left to give back (an
 * order paid only in cash at the hand-over owes nothing). The request holds the first try.
 */
export async function oweOrderRefund(trx: Trx, input: { organizationId: string; orderId: string; reason: string }): Promise<void> {
  await sql`
    insert into order_refund (order_id, organization_id, reason, attempts, claimed_until)
    select ${input.orderId}::uuid, ${input.organizationId}::uuid, ${input.reason}, ${FIRST_TRY}, ${refundClaimEnd()}
     where exists (select 1 from payment p where p.order_id = ${input.orderId}::uuid and p.status <> 'voided' and p.refunded_cents < p.amount_cents)
    on conflict (order_id) do nothing`.execute(trx);
}

const toView = (r: { status: 'owed' | 'refunded'; attempts: number; last_error: string | null; refunded_at: Date | null }): RefundOwedView => ({
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  refundedAt: r.refunded_at ? new Date(r.refunded_at).toISOString() : null,
});

/** The order's refund owed, or null when it owes none. */
export async function orderRefundOf(trx: Trx, organizationId: string, orderId: string): Promise<RefundOwedView | null> {
  const row = await trx
    .selectFrom('order_refund')
    .select(['status', 'attempts', 'last_error', 'refunded_at'])
    .where('order_id', '=', orderId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return row ? toView(row) : null;
}

/**
 * In the return's (or the void's) transaction: its refund is owed from the commit on when any part
 * of it is not cash handed back at the register (that is paid out of the drawer there, and never
 * retried). The request holds the first try, as an ended order's.
 */
export async function oweReturnRefund(trx: Trx, input: { organizationId: string; orderId: string; returnId: string; reason: string }): Promise<void> {
  await trx
    .insertInto('return_refund')
    .values({ return_id: input.returnId, order_id: input.orderId, organization_id: input.organizationId, reason: input.reason.slice(0, 500), attempts: FIRST_TRY, claimed_until: refundClaimEnd() })
    .execute();
}

/** A return's refund owed, or null when it owes none (refunded in cash at the register, or nothing to refund). */
export async function returnRefundOf(trx: Trx, organizationId: string, returnId: string): Promise<RefundOwedView | null> {
  const row = await trx
    .selectFrom('return_refund')
    .select(['status', 'attempts', 'last_error', 'refunded_at'])
    .where('return_id', '=', returnId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return row ? toView(row) : null;
}

/** The refunds owed by an order's returns and void, by return. */
export async function returnRefundsOfOrder(trx: Trx, organizationId: string, orderId: string): Promise<Map<string, RefundOwedView>> {
  const rows = await trx
    .selectFrom('return_refund')
    .select(['return_id', 'status', 'attempts', 'last_error', 'refunded_at'])
    .where('order_id', '=', orderId)
    .where('organization_id', '=', organizationId)
    .execute();
  return new Map(rows.map((r) => [r.return_id, toView(r)]));
}

/** The refunds owed by some orders (a shopper's order list), by order; an order that owes none is not in it. */
export async function orderRefundsOf(trx: Trx, organizationId: string, orderIds: readonly string[]): Promise<Map<string, RefundOwedView>> {
  if (orderIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('order_refund')
    .select(['order_id', 'status', 'attempts', 'last_error', 'refunded_at'])
    .where('order_id', 'in', [...orderIds])
    .where('organization_id', '=', organizationId)
    .execute();
  return new Map(rows.map((r) => [r.order_id, toView(r)]));
}

/** The refunds owed by a delivery run's no-shows, by order. */
export async function refundsOwedOfRun(trx: Trx, runId: string): Promise<Map<string, RefundOwedView>> {
  const rows = await trx.selectFrom('order_refund').select(['order_id', 'status', 'attempts', 'last_error', 'refunded_at']).where('run_id', '=', runId).execute();
  return new Map(rows.map((r) => [r.order_id, toView(r)]));
}

/**
 * What is owed: an ended order's refund (order_refund, one per order) or a return's or a void's
 * (return_refund, one per return, migration 0157). The two tables have the same columns but their
 * key, and one claim-try-record loop below serves both.
 */
type Owed = { table: 'order_refund'; key: 'order_id'; id: string } | { table: 'return_refund'; key: 'return_id'; id: string };
const ofOrder = (orderId: string): Owed => ({ table: 'order_refund', key: 'order_id', id: orderId });
const ofReturn = (returnId: string): Owed => ({ table: 'return_refund', key: 'return_id', id: returnId });
// Kysely types one table at a time; both tables share every column the loop touches but the key.
const tableOf = (owed: Owed) => owed.table as 'order_refund';
const keyOf = (owed: Owed) => owed.key as 'order_id';

/**
 * One try at the refund an order owes. `busy`: another try holds the claim; `none`: the order
 * owes nothing. `claimed`: the attempt this caller already holds (the request's first try), else
 * it claims the next one.
 */
export async function settleOrderRefund(
  platform: Platform,
  context: RequestContext,
  organizationId: string,
  orderId: string,
  claimed?: number,
): Promise<'refunded' | 'owed' | 'busy' | 'none'> {
  return settle(platform, context, organizationId, ofOrder(orderId), claimed);
}

/** One try at the refund a return or a void owes (as settleOrderRefund). */
export async function settleReturnRefund(
  platform: Platform,
  context: RequestContext,
  organizationId: string,
  returnId: string,
  claimed?: number,
): Promise<'refunded' | 'owed' | 'busy' | 'none'> {
  return settle(platform, context, organizationId, ofReturn(returnId), claimed);
}

async function settle(platform: Platform, context: RequestContext, organizationId: string, owed: Owed, claimed?: number): Promise<'refunded' | 'owed' | 'busy' | 'none'> {
  const { db } = platform.database;
  const claim = claimed !== undefined ? await heldTry(db, organizationId, owed, claimed) : await claimTry(db, organizationId, owed);
  if (!claim) {
    const row = await db.selectFrom(tableOf(owed)).select('status').where(keyOf(owed), '=', owed.id).where('organization_id', '=', organizationId).executeTakeFirst();
    return !row ? 'none' : row.status === 'refunded' ? 'refunded' : 'busy';
  }
  return tryRefund(platform, context, organizationId, owed, claim);
}

/** The try this caller holds, if the row is still owed under it (its claim was not taken over). */
async function heldTry(db: Db, organizationId: string, owed: Owed, attempt: number) {
  return db
    .selectFrom(tableOf(owed))
    .select(['attempts', 'reason', 'order_id'])
    .where(keyOf(owed), '=', owed.id)
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'owed')
    .where('attempts', '=', attempt)
    .executeTakeFirst();
}

/** Claims the next try: only an owed refund no other try holds (or whose claim ran out). */
async function claimTry(db: Db, organizationId: string, owed: Owed) {
  return db
    .updateTable(tableOf(owed))
    .set((eb) => ({ attempts: eb('attempts', '+', 1), claimed_until: refundClaimEnd(), updated_at: new Date() }))
    .where(keyOf(owed), '=', owed.id)
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'owed')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', new Date())]))
    .returning(['attempts', 'reason', 'order_id'])
    .executeTakeFirst();
}

async function tryRefund(
  platform: Platform,
  context: RequestContext,
  organizationId: string,
  owed: Owed,
  claim: { attempts: number; reason: string; order_id: string },
): Promise<'refunded' | 'owed'> {
  const { db } = platform.database;
  let error: string | null;
  try {
    const refunds =
      owed.table === 'order_refund'
        ? await refundLeftOfPayments(platform, context, { organizationId, orderId: claim.order_id, reason: claim.reason })
        : await refundReturnParts(platform, context, { organizationId, returnId: owed.id });
    const failed = refunds.filter((r) => r.error);
    error = failed.length === 0 ? null : failed.map((r) => r.error).join('; ');
  } catch (cause) {
    error = cause instanceof Error ? cause.message : String(cause);
  }
  // Only under this try's claim: a try that outlived its claim does not write over the next one's.
  await db
    .updateTable(tableOf(owed))
    .set({ status: error === null ? 'refunded' : 'owed', last_error: error?.slice(0, 2000) ?? null, refunded_at: error === null ? new Date() : null, claimed_until: null, updated_at: new Date() })
    .where(keyOf(owed), '=', owed.id)
    .where('status', '=', 'owed')
    .where('attempts', '=', claim.attempts)
    .execute();
  return error === null ? 'refunded' : 'owed';
}

/**
 * The first try at an ended order's refund, by the request that ended it, after commit. Answers
 * how it went; a failure stays owed for the outbox (never thrown at the caller, whose order has ended).
 */
export async function refundOrderPayments(platform: Platform, context: RequestContext, input: { organizationId: string; orderId: string }) {
  return settleOrderRefund(platform, context, input.organizationId, input.orderId, FIRST_TRY);
}

/** Throws while the refund is owed, so the dispatcher retries it with backoff and dead-letters it after its last try. */
export async function settleOrThrow(platform: Platform, organizationId: string, orderId: string): Promise<void> {
  return settleOwedOrThrow(platform, organizationId, ofOrder(orderId));
}

async function settleOwedOrThrow(platform: Platform, organizationId: string, owed: Owed): Promise<void> {
  const outcome = await settle(platform, systemContext(organizationId), organizationId, owed);
  if (outcome === 'busy') throw new Error('another try at this refund is under way');
  if (outcome === 'owed') {
    const row = await platform.database.db.selectFrom(tableOf(owed)).select('last_error').where(keyOf(owed), '=', owed.id).executeTakeFirst();
    throw new Error(`refund still owed: ${row?.last_error ?? 'unknown error'}`);
  }
}

/**
 * The outbox subscriber for refunds owed by orders ended through the order (cancelled, or a
 * no-show at the counter). A delivery no-show's refund is its run's: the subscriber
 * delivery.no-show-refunds retries it, so it is left alone here.
 */
export function orderRefundSubscriber(platform: Platform, orderCancelled: string) {
  return {
    name: ORDER_REFUNDS,
    eventTypes: [orderCancelled, ORDER_RETURNED, ORDER_VOIDED],
    async handle(event: PublishedEvent) {
      const ended = event.payload as { orderId?: string; returnId?: string };
      if (!event.organizationId || !ended.orderId) return;
      if (event.type === ORDER_RETURNED || event.type === ORDER_VOIDED) {
        // A return's or a void's refund owed (none for one refunded in cash only).
        if (!ended.returnId) return;
        const owed = await platform.database.db.selectFrom('return_refund').select('status').where('return_id', '=', ended.returnId).executeTakeFirst();
        if (!owed || owed.status === 'refunded') return;
        await settleOwedOrThrow(platform, event.organizationId, ofReturn(ended.returnId));
        return;
      }
      const row = await platform.database.db.selectFrom('order_refund').select(['status', 'run_id']).where('order_id', '=', ended.orderId).executeTakeFirst();
      if (!row || row.run_id !== null || row.status === 'refunded') return;
      await settleOrThrow(platform, event.organizationId, ended.orderId);
    },
  };
}

/** A refund owed, as the managers' list shows it (GET /v1/refunds-owed). */
export interface RefundOwedRow {
  /** The order's id for an ended order's refund, the return's for a return's or a void's: the row's cursor. */
  id: string;
  kind: 'order' | 'return';
  orderId: string;
  orderNumber: string;
  returnId: string | null;
  storeId: string;
  reason: string;
  status: 'owed' | 'refunded';
  /** What the refund gives back: an ended order's payments (but cash never collected), a return's parts that go through a processor or a ledger. */
  amountCents: number;
  /** What of it is not refunded yet. */
  outstandingCents: number;
  attempts: number;
  lastError: string | null;
  /** Since when it is owed (the commit that ended the order or booked the return). */
  owedSince: string;
  refundedAt: string | null;
}

/**
 * The refunds owed of an organization (or of some stores), newest first, a page at a time: both
 * tables in one statement. `after` is the previous page's nextAfter (the id of its last row);
 * the order is (created_at, id), compared in SQL. 400 at querystring.after for an id that names no
 * row of the list.
 */
export async function listRefundsOwed(
  db: Db,
  organizationId: string,
  query: { storeIds: readonly string[] | null; status?: 'owed' | 'refunded'; limit: number; after?: string },
): Promise<{ refunds: RefundOwedRow[]; nextAfter: string | null }> {
  if (query.after !== undefined) {
    const found = await sql<{ found: boolean }>`
      select exists (select 1 from order_refund where order_id = ${query.after}::uuid and organization_id = ${organizationId})
          or exists (select 1 from return_refund where return_id = ${query.after}::uuid and organization_id = ${organizationId}) as found`.execute(db);
    if (!found.rows[0]?.found) throw unknownRefundCursor();
  }
  const rows = await sql<{
    id: string;
    kind: 'order' | 'return';
    order_id: string;
    number: number;
    return_id: string | null;
    store_id: string;
    reason: string;
    status: 'owed' | 'refunded';
    amount_cents: number | string | null;
    outstanding_cents: number | string | null;
    attempts: number;
    last_error: string | null;
    created_at: Date;
    refunded_at: Date | null;
  }>`
    with owed as (
      select 'order' as kind, r.order_id as id, r.order_id, null::uuid as return_id, r.status, r.attempts, r.reason, r.last_error, r.created_at, r.refunded_at
        from order_refund r where r.organization_id = ${organizationId}
      union all
      select 'return', r.return_id, r.order_id, r.return_id, r.status, r.attempts, r.reason, r.last_error, r.created_at, r.refunded_at
        from return_refund r where r.organization_id = ${organizationId}
    ),
    cursor as (select created_at, id from owed where id = ${query.after ?? null}::uuid)
    select o.*, so.number, so.store_id,
           case when o.kind = 'order' then
             (select least(so.total_cents, coalesce(sum(p.amount_cents), 0)) from payment p where p.order_id = o.order_id and p.status <> 'voided')
           else
             (select coalesce(sum((e->>'amountCents')::bigint), 0) from sales_return sr cross join jsonb_array_elements(sr.refunds) e
                join payment p on p.id = (e->>'paymentId')::uuid
               where sr.id = o.return_id and (sr.refund_to = 'store_credit' or p.provider <> 'cash'))
           end as amount_cents,
           case when o.kind = 'order' then
             (select least(so.total_cents, coalesce(sum(p.amount_cents - p.refunded_cents), 0)) from payment p where p.order_id = o.order_id and p.status <> 'voided')
           else
             (select coalesce(sum((e->>'amountCents')::bigint), 0) from sales_return sr cross join jsonb_array_elements(sr.refunds) e
                join payment p on p.id = (e->>'paymentId')::uuid
               where sr.id = o.return_id and (sr.refund_to = 'store_credit' or p.provider <> 'cash') and e->>'refundId' is null)
           end as outstanding_cents
      from owed o
      join sales_order so on so.id = o.order_id and so.organization_id = ${organizationId}
     where (${query.status ?? null}::text is null or o.status = ${query.status ?? null})
       and (${query.storeIds === null} or so.store_id = any(${query.storeIds ?? []}::uuid[]))
       and (${query.after ?? null}::uuid is null or (o.created_at, o.id) < (select created_at, id from cursor))
     order by o.created_at desc, o.id desc
     limit ${query.limit + 1}`.execute(db);
  const page = rows.rows.slice(0, query.limit).map(
    (r): RefundOwedRow => ({
      id: r.id,
      kind: r.kind,
      orderId: r.order_id,
      orderNumber: String(r.number),
      returnId: r.return_id,
      storeId: r.store_id,
      reason: r.reason,
      status: r.status,
      amountCents: Number(r.amount_cents ?? 0),
      outstandingCents: r.status === 'refunded' ? 0 : Number(r.outstanding_cents ?? 0),
      attempts: r.attempts,
      lastError: r.last_error,
      owedSince: new Date(r.created_at).toISOString(),
      refundedAt: r.refunded_at ? new Date(r.refunded_at).toISOString() : null,
    }),
  );
  return { refunds: page, nextAfter: rows.rows.length > query.limit ? page[page.length - 1].id : null };
}

function unknownRefundCursor(): AppError {
  const message = 'not a refund of this list (pass the nextAfter of the previous page)';
  return new AppError(400, 'VALIDATION_FAILED', `Invalid request querystring: after: ${message}`, [{ path: ['querystring', 'after'], message }]);
}
