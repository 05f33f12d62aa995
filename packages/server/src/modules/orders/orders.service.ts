// The order lifecycle after completion: transitions from the table in order-lifecycle.ts, the
// store's pick queue, package scans while picking, and the hand-over with the ID check.
import { sql } from 'kysely';
import { AppError } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { cashKeptCents, cashPaidBackCents, cashRoundingFor } from '../payments';
import { oweOrderRefund } from './order-refunds';
import { assertSignatureGiven, recordSignature, type HandOverSignature } from './hand-over-signature';
import { canTransition, nextStatuses, type OrderStatus } from './order-lifecycle';
import { completedPayload, getOrder, recordTransition, type OrderView } from './orders.repository';
import { assertOpenSession, cashDrawerRefusal, checkStoreHandOver, creditPurchase, idVerificationForHandOver, localDate, lockCustomerLimits, paymentsForOrder, recordCashSale, releaseCoupons, returnToStock, reverseForOrder, storeContext, voidUncollectedCash } from './ports';

export const ORDER_TRANSITIONED = 'orders.order.status_changed';
export const ORDER_COMPLETED = 'orders.order.completed';
export const ORDER_CANCELLED = 'orders.order.cancelled';

export function invalidTransition(order: { id: string; channel: string; status: string }, to: string) {
  return new AppError(409, 'INVALID_TRANSITION', `A ${order.channel} order cannot go from ${order.status} to ${to}.`, {
    orderId: order.id,
    from: order.status,
    to,
    allowed: nextStatuses(order.channel as 'pickup', order.status as OrderStatus),
  });
}

export interface TransitionInput {
  to: OrderStatus;
  reason?: string;
  /** Hand-over: the customer's ID verification record (defaults to their latest). */
  idVerificationId?: string;
  /** Hand-over at the counter: the open drawer the order's cash goes into (paid at pickup). */
  registerSessionId?: string;
  /** Hand-over: the customer's signature (required where the pack asks for a signature line). */
  signature?: HandOverSignature;
}

/**
 * The cash of an order paid at pickup goes into the drawer it is collected at, so the drawer's
 * expected cash includes it (else every pickup would count as over at the close): what a drawer
 * keeps for it, the rounded amount due (handed over − change), less any cash already handed back.
 * Once per order: an order completed at the counter on a drawer (`registerSessionId` on the order)
 * had its cash counted into that drawer by the sale itself, so handing it over at another drawer
 * counts nothing more (it did count it twice); at the same drawer, once per (drawer, order).
 */
async function cashIntoDrawer(uow: UnitOfWork, input: { order: OrderView; registerSessionId: string }): Promise<void> {
  const { order } = input;
  await assertOpenSession(uow.trx, { registerSessionId: input.registerSessionId, storeId: order.storeId });
  if (order.registerSessionId !== null) return;
  const cashPayments = (await paymentsForOrder(uow.trx, order.id)).filter((p) => p.provider === 'cash');
  const unitCents = cashPayments.some((p) => p.refundedCents > 0) ? await cashRoundingFor(uow.trx, order.storeId) : 1;
  const cash = cashPayments.reduce((sum, p) => sum + cashKeptCents(p) - cashPaidBackCents(p, p.refundedCents, unitCents), 0);
  if (cash > 0) await recordCashSale(uow, { registerSessionId: input.registerSessionId, orderId: order.id, cashInCents: cash, changeOutCents: 0 });
}

/**
 * Moves an order along its channel's table. Completing (hand-over) checks every line was picked
 * and links the ID verification; cancelling or a no-show puts the sold stock back on the shelf,
 * credits the limit usage and leaves the refund to the caller (see the route).
 */
export async function transitionOrder(uow: UnitOfWork, organizationId: string, orderId: string, input: TransitionInput): Promise<OrderView> {
  const { row, view } = await getOrder(uow.trx, organizationId, orderId, { lock: true });
  if (input.to === 'voided') throw new AppError(409, 'INVALID_TRANSITION', 'Use POST /v1/orders/:id/void to void a sale.', { orderId });
  if (!canTransition(view.channel, view.status, input.to)) throw invalidTransition(view, input.to);
  const store = await storeContext(uow.trx, organizationId, view.storeId);
  let idVerificationId: string | null = view.idVerificationId;
  // One instant for the hand-over: the signature is judged for the day the receipt is dated.
  const completedAt = input.to === 'completed' ? new Date() : null;
  if (input.to === 'completed') {
    // Goods change hands only within the pack's hours, at the counter as at the door: the state
    // report files the sale at this moment (California: 6 am–10 pm).
    const late = await checkStoreHandOver(uow.trx, store);
    if (late) throw new AppError(422, 'OUTSIDE_SALE_HOURS', late.message, { violations: [late] });
    // Every package a line was sold from is scanned: a line taken from two packages needs both.
    const unpicked = view.lines.filter((l) => l.picks.some((p) => !l.pickedLabels.includes(p.packageLabel)));
    if (unpicked.length > 0) {
      throw new AppError(409, 'NOT_PICKED', 'Scan the packages of every line before handing the order over.', {
        lines: unpicked.map((l) => ({ lineNo: l.lineNo, missing: l.picks.map((p) => p.packageLabel).filter((label) => !l.pickedLabels.includes(label)) })),
      });
    }
    if (view.customer.id) {
      idVerificationId = await idVerificationForHandOver(uow.trx, {
        organizationId,
        customerId: view.customer.id,
        today: localDate(store.timezone),
        ...(input.idVerificationId ? { named: input.idVerificationId } : {}),
      });
    }
    if (input.registerSessionId) await cashIntoDrawer(uow, { order: view, registerSessionId: input.registerSessionId });
    else if (view.channel === 'pickup' && view.registerSessionId === null) {
      // A pickup paid in cash is paid at the counter: where the store takes cash only into a
      // drawer, the hand-over names it (a delivery's cash is taken at the door, by the driver).
      // The setting (cached) first: a store that does not require it reads no payments here.
      const noDrawer = await cashDrawerRefusal(uow.trx, { storeId: view.storeId, takesCash: true, registerSessionId: null, path: ['body', 'registerSessionId'] });
      if (noDrawer && (await paymentsForOrder(uow.trx, view.id)).some((p) => p.provider === 'cash' && p.refundedCents < p.amountCents)) throw noDrawer;
    }
    // Last: the customer signs for goods that may change hands, so a refusal above (the ID, the
    // hour) is the one the driver hears first, and is logged.
    await assertSignatureGiven(uow.trx, store, view, completedAt!, input.signature);
  }
  if (input.to === 'cancelled' || input.to === 'no_show') {
    // Locks in a sale's order: the customer's limit lock, their points, the promotions counted, the
    // stock last. Taking the stock, then the points or a coupon, while a sale holds those and waits
    // for the stock would deadlock. Their limit usage is credited back under the first.
    if (view.customer.id) await lockCustomerLimits(uow, view.customer.id);
    // Points were earned (and spent) when the order was placed; coupon uses were counted then too.
    if (view.customer.id) await reverseForOrder(uow, { orderId, storeId: view.storeId, reason: `order ${input.to}` });
    await releaseCoupons(uow, { orderId, storeId: view.storeId });
    // The stock was sold to this order at completion: it goes back where it came from.
    const lines = view.lines.flatMap((l) => l.picks.map((p) => ({ packageLabel: p.packageLabel, quantity: p.quantity })));
    if (lines.length > 0) await returnToStock(uow, { storeId: view.storeId, orderId, lines, reasonCode: input.to === 'no_show' ? 'order_no_show' : 'order_cancelled' });
    if (view.customer.id) await creditPurchase(uow, { orderId, lines: view.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity })) });
    // Cash is taken at the hand-over unless the order was placed at a drawer: none came in.
    if (view.registerSessionId === null) await voidUncollectedCash(uow, { orderId, storeId: view.storeId, reason: `order ${input.to}: cash never collected` });
    // The refund is owed from this commit on, whether or not the request's try after it succeeds.
    await oweOrderRefund(uow.trx, { organizationId, orderId, reason: `order ${input.to}` });
  }
  if (completedAt && input.signature) await recordSignature(uow, { id: orderId, organizationId, storeId: view.storeId }, input.signature, completedAt);
  // A cancelled or no-show order is refunded in full (owed above, moved after this commits), as a
  // return records its refund on the order in its own transaction; cash never collected is voided above.
  const refundedCents = input.to === 'cancelled' || input.to === 'no_show' ? view.totalCents : view.refundedCents;
  await uow.trx
    .updateTable('sales_order')
    .set({
      status: input.to,
      status_reason: input.reason ?? null,
      id_verification_id: idVerificationId,
      updated_at: new Date(),
      refunded_cents: refundedCents,
      ...(completedAt ? { completed_at: completedAt } : {}),
    })
    .where('id', '=', orderId)
    .execute();
  await recordTransition(uow, orderId, view.status, input.to, input.reason ?? null);
  const next: OrderView = {
    ...view,
    status: input.to,
    statusReason: input.reason ?? null,
    idVerificationId,
    refundedCents,
    completedAt: completedAt ? completedAt.toISOString() : view.completedAt,
  };
  await uow.audit({
    action: `orders.order.${input.to}`,
    entityType: 'order',
    entityId: orderId,
    storeId: view.storeId,
    before: { status: view.status },
    after: { status: input.to, idVerificationId },
    reason: input.reason ?? null,
  });
  const events = [
    {
      type: ORDER_TRANSITIONED,
      aggregateType: 'order',
      aggregateId: orderId,
      storeId: view.storeId,
      payload: { orderId, orderNumber: view.number, storeId: view.storeId, channel: view.channel, from: view.status, to: input.to },
    },
  ];
  if (completedAt) {
    events.push({ type: ORDER_COMPLETED, aggregateType: 'order', aggregateId: orderId, storeId: view.storeId, payload: completedPayload(next, store, completedAt.toISOString()) as never });
  }
  if (input.to === 'cancelled' || input.to === 'no_show') {
    events.push({ type: ORDER_CANCELLED, aggregateType: 'order', aggregateId: orderId, storeId: view.storeId, payload: { orderId, storeId: view.storeId, status: input.to, reason: input.reason ?? null } as never });
  }
  await uow.emitMany(events);
  void row;
  return next;
}

/**
 * A package scanned while picking: its label must be one the sale took for that line (the SKU's
 * package). Anything else is 409 PACKAGE_MISMATCH and nothing is recorded.
 */
export async function scanPickedPackage(uow: UnitOfWork, organizationId: string, orderId: string, input: { lineNo: number; packageLabel: string }): Promise<OrderView> {
  const { view } = await getOrder(uow.trx, organizationId, orderId, { lock: true });
  // Until the hand-over: a package missed while packing can still be scanned at the counter.
  if (!['placed', 'accepted', 'packed', 'ready'].includes(view.status)) {
    throw new AppError(409, 'INVALID_TRANSITION', `Packages are scanned while the order is being picked, not when it is ${view.status}.`, { orderId, status: view.status });
  }
  const line = view.lines.find((l) => l.lineNo === input.lineNo);
  if (!line) throw new AppError(404, 'NOT_FOUND', 'Order line not found.', { path: ['body', 'lineNo'] });
  if (!line.picks.some((p) => p.packageLabel === input.packageLabel)) {
    throw new AppError(409, 'PACKAGE_MISMATCH', `Package ${input.packageLabel} is not what line ${input.lineNo} (${line.skuCode}) was sold from.`, {
      path: ['body', 'packageLabel'],
      expected: line.picks.map((p) => p.packageLabel),
    });
  }
  if (!line.pickedLabels.includes(input.packageLabel)) {
    await sql`update sales_order_line set picked_labels = array_append(picked_labels, ${input.packageLabel}) where id = ${line.id}`.execute(uow.trx);
    line.pickedLabels = [...line.pickedLabels, input.packageLabel];
  }
  await uow.audit({ action: 'orders.line.picked', entityType: 'order', entityId: orderId, storeId: view.storeId, after: { lineNo: input.lineNo, packageLabel: input.packageLabel } });
  return view;
}

/** Online orders of a store waiting to be picked, packed or handed over, oldest first. */
export async function pickQueue(db: Db, organizationId: string, storeId: string) {
  const rows = await db
    .selectFrom('sales_order')
    .select(['id', 'number', 'channel', 'status', 'customer_id', 'total_cents', 'placed_at', 'fulfillment'])
    .where('organization_id', '=', organizationId)
    .where('store_id', '=', storeId)
    .where('status', 'in', ['placed', 'accepted', 'packed', 'ready'])
    .orderBy('placed_at')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: String(r.number),
    channel: r.channel,
    status: r.status,
    customerId: r.customer_id,
    totalCents: Number(r.total_cents),
    placedAt: new Date(r.placed_at).toISOString(),
    fulfillment: (r.fulfillment ?? null) as Record<string, unknown> | null,
  }));
}
