// Completion of a sale, online or at the register. The shape of every completion:
//
//   1. pre-checks on the pool (no transaction): the cart or the sale id already has an order →
//      answer it; empty cart, expired hold, prices, taxes, compliance → refuse with nothing changed;
//   2. payment authorization, outside any transaction (a processor may take seconds);
//   3. ONE transaction: claim the cart (or the sale id), re-check limits against history under a
//      per-customer lock, take the stock, write order + lines + limit usage + payments + audit +
//      outbox events;
//   4. if 3 fails, the authorizations are voided (explicit compensation) and the error passes on.
//
// Retries are safe by natural key: unique sales_order(cart_id) for carts, the register's own
// UUIDv7 as the order id for POS sales. A duplicate arriving at the same moment waits on that key
// until the first commits, then voids its own authorization and answers the stored order.
import { createHash } from 'node:crypto';
import type { AddressType, EvaluateResponse } from '@verdant/rules';
import { sql, type RawBuilder } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { RequestContext } from '../../platform/context';
import { AppError, forbidden, notFound, underPath } from '../../platform/errors';
import { runIdempotent, type IdempotencyInput } from '../../platform/idempotency';
import type { Platform } from '../../platform/platform';
import { inTransaction, type Db, type UnitOfWork } from '../../platform/unit-of-work';
import { planTenders } from '../payments';
import {
  authorizeTenders,
  blockedPath,
  cashDrawerRefusal,
  paymentReferenceRefusal,
  catalogUnchangedSql,
  convertReservationToSale,
  evaluateCheckout,
  getSkusForCheckout,
  lockCustomerLimits,
  customerLimitsLockKey,
  promotionsForSale,
  purchaseRecord,
  recordPaymentsSql,
  recordPurchaseSql,
  recordRefusal,
  redeemCoupons,
  releaseReservation,
  sellDirect,
  storeContext,
  voidAuthorizations,
  type Authorization,
  type CheckoutChannel,
  type CheckoutCustomer,
  type CheckoutSku,
  type PaymentView,
  type ReservationLineView,
  type StoreContext,
  type Tender,
} from '../orders/ports';
import {
  completedPayload,
  findOrder,
  insertedOrder,
  insertOrder,
  insertOrderSql,
  linesAndHistorySql,
  type NewOrder,
  type OrderLineView,
  type OrderPick,
  type OrderView,
} from '../orders/orders.repository';
import { assertPickupModeOffered, cartClosed, deliveryFactsOf, loadCart, pickupFactsOf, type CartRow } from '../orders/carts.service';
import { staffAtStore } from '../staff';
import { applyStorePromotions, couponPathOf, NO_PROMOTIONS, priceLines, pricedSaleView, promotionsView, type PricedLine, type PromotionOutcome, type RequestedLine } from './pricing';
import { linkSale, planLoyalty, type LoyaltyPlan, type SaleLinkResult } from './sale-links';

export const ORDER_PLACED = 'orders.order.placed';
/** Both completions take the tenders in the request body. */
const TENDERS_PATH = ['body', 'tenders'] as const;
export const ORDER_COMPLETED = 'orders.order.completed';

export interface CompletionResult {
  order: OrderView;
  payments: PaymentView[];
  /** True when the answer is an order that existed before this call (a retry or a duplicate). */
  replayed: boolean;
  /** Promotions applied (receipt labels) and codes rejected, on a fresh completion. */
  promotions?: ReturnType<typeof promotionsView>;
  /** Points spent and earned by this sale (null: no customer, or no loyalty program). */
  loyalty?: SaleLoyalty | null;
}

/** The answer to a completed sale, as the routes send it (the `Completion` schema). */
export function completionAnswer(result: CompletionResult) {
  return {
    order: result.order,
    payments: result.payments.map((p) => ({ ...p })),
    ...(result.promotions ? { promotions: result.promotions } : {}),
    ...(result.loyalty !== undefined ? { loyalty: result.loyalty } : {}),
  };
}

export interface SaleLoyalty {
  pointsRedeemed: number;
  discountCents: number;
  pointsEarned: number;
}

const saleLoyalty = (plan: LoyaltyPlan | null, links: SaleLinkResult): SaleLoyalty | null =>
  plan ? { pointsRedeemed: links.pointsRedeemed, discountCents: links.loyaltyDiscountCents, pointsEarned: links.pointsEarned } : null;

class DuplicateCompletion extends Error {
  constructor(readonly orderId: string) {
    super('duplicate completion');
  }
}

class ComplianceBlocked extends Error {
  constructor(readonly decision: EvaluateResponse) {
    super('compliance blocked');
  }
}

function blockedError(decision: EvaluateResponse, refusalId: string | null) {
  const path = blockedPath(decision);
  return new AppError(422, 'COMPLIANCE_BLOCKED', decision.violations.map((v) => v.message).join(' '), {
    violations: decision.violations,
    limits: decision.limits,
    refusalId,
    ...(path && { path }),
  });
}

function organizationOf(context: RequestContext): string {
  const organizationId = context.actor.organizationId;
  if (!organizationId) throw new AppError(403, 'FORBIDDEN', 'This caller belongs to no organization.');
  return organizationId;
}

// ---- online carts -------------------------------------------------------------------------

export interface CompleteCartInput {
  cartId: string;
  tenders: Tender[];
  registerSessionId?: string;
  budtenderId?: string;
  /** Points the customer spends on this order (an order-level discount before tax). */
  loyaltyPoints?: number;
  /** Idempotency-Key header: optional, the cart id is the natural key. */
  idempotency?: IdempotencyInput;
}

export async function completeCart(platform: Platform, context: RequestContext, input: CompleteCartInput): Promise<CompletionResult> {
  const organizationId = organizationOf(context);
  const { db } = platform.database;
  const cart = await loadCart(db, organizationId, input.cartId);
  if (cart.order_id) {
    // The cart's order answers a retry; but a key its sender used for another request is refused
    // as everywhere else (409 IDEMPOTENCY_KEY_REUSED), not answered with this order.
    if (input.idempotency?.key !== undefined) await assertKeyNotReused(platform, context, input.idempotency);
    return answerStored(platform, organizationId, cart.order_id);
  }
  if (cart.status !== 'open') throw await cartClosed(db, cart);
  const requested = cart.lines as RequestedLine[];
  if (requested.length === 0) throw new AppError(422, 'CART_EMPTY', 'The cart has no lines.', { path: ['cart', 'lines'] });
  if (!cart.reservation_id || !cart.hold_live) {
    throw new AppError(409, 'HOLD_EXPIRED', 'The stock hold on this cart has expired; refresh the cart to hold the items again.', {
      cartId: cart.id,
      expiredAt: cart.hold_expires_at ? new Date(cart.hold_expires_at).toISOString() : null,
    });
  }
  if (!cart.fulfillment) {
    throw new AppError(422, 'FULFILLMENT_REQUIRED', `Set the ${cart.channel} details before completing.`, { path: ['cart', 'fulfillment'] });
  }
  const channel: CheckoutChannel = cart.channel;
  const customer: CheckoutCustomer = { id: cart.customer_id, ...(cart.caregiver_id ? { caregiverId: cart.caregiver_id } : {}) };
  const store = await storeContext(db, organizationId, cart.store_id);
  const orderId = uuidv7();
  const sale: SaleToPrice = {
    store,
    requested,
    customerId: cart.customer_id,
    orderId,
    channel,
    couponCodes: cart.coupon_codes,
    at: new Date(),
    paths: { lines: ['cart', 'lines'], couponCodes: ['cart', 'couponCodes'] },
  };
  const { at } = sale;
  const { priced, promotions } = await priceSale(db, sale);
  const pricedAs = pricingKey(priced.lines, promotions); // before loyalty adds its discount to the lines
  const deliveryFacts = channel === 'delivery' ? deliveryFactsOf(cart.fulfillment, at, store.jurisdiction) : null;
  // The pickup's hand-over mode is judged again: the pack (or its date) may have changed since it was set.
  const pickupFacts = channel === 'pickup' ? pickupFactsOf(cart.fulfillment) : null;
  const loyalty = await planLoyalty(db, { organizationId, customerId: customer.id, points: input.loyaltyPoints ?? 0, priced: priced.lines, store, at, path: ['body', 'loyaltyPoints'] });
  const decision = await evaluateCheckout(db, { store, customer, channel, at, lines: priced.lines.map((l) => l.compliance), delivery: deliveryFacts, pickup: pickupFacts, pathPrefix: ['cart', 'lines'] });
  if (!decision.allowed) throw await refuse(platform, context, { store, customer, channel, decision, source: 'checkout' });
  // A mode the store stopped offering after the cart named it: the shopper picks again (not logged:
  // the law allows it, the store does not do it).
  if (pickupFacts) assertPickupModeOffered(cart, pickupFacts.mode, ['cart', 'fulfillment', 'mode']);

  planTenders(decision.totalCents, input.tenders, TENDERS_PATH); // a malformed or short tender changes nothing
  const budtenderId = await saleBudtender(db, context, cart.store_id, input.budtenderId, null);
  const reference = cart.id;
  let authorizations: Authorization[];
  try {
    authorizations = await authorizeTenders(platform, context, {
      organizationId,
      storeId: cart.store_id,
      reference,
      amountDueCents: decision.totalCents,
      tenders: input.tenders,
      customerId: cart.customer_id,
      path: TENDERS_PATH,
    });
  } catch (error) {
    // The same completion sent twice at once: the first may have taken what the second was
    // refused for (writtenByTwin). Asked before the hold is released, which would take the
    // first's hold from under it.
    const twin = await writtenByTwin(error, async () => {
      const row = await db.selectFrom('sales_cart').select('order_id').where('id', '=', cart.id).forShare().executeTakeFirst();
      return row?.order_id ?? null;
    });
    if (twin) return answerStored(platform, organizationId, twin);
    // A declined payment gives the held stock back; the cart stays open and can be held again.
    if (error instanceof AppError && error.statusCode === 402) await releaseCartHold(platform, context, cart, 'payment_declined').catch(() => undefined);
    throw error;
  }

  try {
    const result = await inTransaction(platform.tx, context, async (uow) => {
      if (namesSomeoneElse(context, budtenderId)) await assertBudtenderAtStore(uow.trx, context, cart.store_id, budtenderId!, { lock: true });
      const work = async () => {
        // The claim and the customer's limit lock in one statement (the lock only if claimed).
        const claimed = (
          await sql<{ reservation_id: string; number: number; placed_at: Date; catalog_unchanged: boolean }>`
            with c as (
              update sales_cart set status = 'completed', order_id = ${orderId}, updated_at = now()
               where id = ${cart.id} and status = 'open' and reservation_id = ${cart.reservation_id} and hold_expires_at > now()
                 -- as priced and paid: lines, delivery details and coupons changed meanwhile are not sold stale
                 and lines = ${asJson(cart.lines)}::jsonb and fulfillment is not distinct from ${asJson(cart.fulfillment)}::jsonb
                 and coupon_codes = ${cart.coupon_codes}::text[]
              returning reservation_id
            )
            select c.reservation_id, pg_advisory_xact_lock(hashtextextended(${customerLimitsLockKey(customer.id!)}, 0)),
                   nextval('sales_order_number_seq') as number, now() as placed_at,
                   ${catalogUnchangedSql(organizationId, cart.store_id, priced.lines.map((l) => l.sku))} as catalog_unchanged
              from c`.execute(uow.trx)
        ).rows[0];
        if (!claimed) {
          const current = await uow.trx
            .selectFrom('sales_cart')
            .select(['order_id', 'status', 'reservation_id', sql<boolean>`hold_expires_at > now()`.as('live')])
            .where('id', '=', cart.id)
            .executeTakeFirstOrThrow();
          if (current.order_id) throw new DuplicateCompletion(current.order_id);
          if (current.status !== 'open') throw new AppError(409, 'CART_CLOSED', `The cart is ${current.status}.`, { cartId: cart.id });
          if (current.reservation_id === cart.reservation_id && current.live) {
            throw new AppError(409, 'CART_CHANGED', 'The cart changed (its lines, delivery details or coupons) while it was being completed; nothing was sold. Complete it again.', { cartId: cart.id });
          }
          throw new AppError(409, 'HOLD_EXPIRED', 'The stock hold on this cart expired before the order could be written.', { cartId: cart.id });
        }
        await assertPricingUnchanged(uow, sale, { key: pricedAs, promotions, skus: skusOf(priced.lines), catalogUnchanged: claimed.catalog_unchanged });
        const final = await recheckLimits(uow, { store, customer, channel, at, priced: priced.lines, delivery: deliveryFacts, pickup: pickupFacts, decision, locked: true });
        // Drawer, points and promotion uses before the stock: the stock row locks are what other
        // checkouts of the same items wait for, so they are taken as late as possible and held
        // for as few round trips as possible (linkSale does nothing without a register session
        // or a loyalty plan, redeemPromotions nothing without a promotion).
        const links = await linkSale(uow, {
          orderId,
          organizationId,
          storeId: cart.store_id,
          registerSessionId: input.registerSessionId ?? null,
          authorizations,
          priced: priced.lines,
          loyalty,
        });
        await redeemPromotions(uow, { organizationId, storeId: cart.store_id, orderId, customerId: customer.id, promotions, sale });
        let reservation;
        try {
          reservation = await convertReservationToSale(uow, cart.reservation_id!, { orderId, customerId: customer.id, channel });
        } catch (error) {
          if (error instanceof AppError && error.code === 'RESERVATION_NOT_HELD') {
            throw new AppError(409, 'HOLD_EXPIRED', 'The stock hold on this cart is no longer held.', { cartId: cart.id });
          }
          throw error;
        }
        const order = await writeOrder(uow, {
          orderId,
          organizationId,
          store,
          customer,
          channel,
          status: 'placed',
          cartId: cart.id,
          requestHash: null,
          reservationId: cart.reservation_id,
          registerSessionId: input.registerSessionId ?? null,
          budtenderId,
          fulfillment: cart.fulfillment as Record<string, unknown>,
          couponCodes: cart.coupon_codes,
          priced: priced.lines,
          decision: final,
          picks: picksOf(reservation.lines),
          authorizations,
          completed: false,
          promotions,
          // Drawn with the claim, so the order row can go into the one write statement.
          drawn: insertedOrder({ number: claimed.number, placed_at: claimed.placed_at, completed_at: null }),
        });
        return { status: 201, body: { ...order, loyalty: saleLoyalty(loyalty, links) } };
      };
      if (input.idempotency?.key === undefined) return { ...(await work()), replayed: false };
      return runIdempotent(uow, input.idempotency, work);
    });
    if (result.replayed) {
      await voidAuthorizations(platform, context, { organizationId, storeId: cart.store_id, reference }, authorizations);
      return answerStored(platform, organizationId, (result.body as CompletionResult).order.id);
    }
    return result.body as CompletionResult;
  } catch (error) {
    await voidAuthorizations(platform, context, { organizationId, storeId: cart.store_id, reference }, authorizations);
    if (error instanceof DuplicateCompletion) return answerStored(platform, organizationId, error.orderId);
    if (error instanceof ComplianceBlocked) throw await refuse(platform, context, { store, customer, channel, decision: error.decision, source: 'checkout' });
    throw (await paymentReferenceRefusal(db, error, { organizationId, storeId: cart.store_id, authorizations }, TENDERS_PATH)) ?? error;
  }
}

class KeyUnused extends Error {}

/**
 * Refuses an Idempotency-Key stored for a different request (409 IDEMPOTENCY_KEY_REUSED); a key
 * stored for this request, or not stored at all, passes, and nothing is written either way (the
 * claim of an unused key is rolled back).
 */
async function assertKeyNotReused(platform: Platform, context: RequestContext, idempotency: IdempotencyInput): Promise<void> {
  await inTransaction(platform.tx, context, (uow) =>
    runIdempotent(uow, idempotency, async () => {
      throw new KeyUnused();
    }),
  ).catch((error: unknown) => {
    if (!(error instanceof KeyUnused)) throw error;
  });
}

/** A jsonb column's value as read (pg parses it, PGlite may hand the text over) as JSON text for a comparison. */
const asJson = (value: unknown): string | null => (value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value));

async function releaseCartHold(platform: Platform, context: RequestContext, cart: CartRow, reason: string) {
  if (!cart.reservation_id) return;
  await inTransaction(platform.tx, context, async (uow) => {
    const updated = await uow.trx
      .updateTable('sales_cart')
      .set({ reservation_id: null, hold_expires_at: null, updated_at: new Date() })
      .where('id', '=', cart.id)
      .where('reservation_id', '=', cart.reservation_id)
      .where('status', '=', 'open')
      .returning('id')
      .executeTakeFirst();
    if (updated) await releaseReservation(uow, cart.reservation_id!, { reason });
  });
}

// ---- POS sales ----------------------------------------------------------------------------

export interface PosSaleInput {
  /** The register's own UUIDv7 for this sale: resubmitting it answers the stored sale. */
  id: string;
  storeId: string;
  customerId?: string;
  /** A caregiver linked to the patient in customerId, buying for them. */
  caregiverId?: string;
  /** A walk-in without a profile: the ID checked at the door. */
  customer?: { kind: 'adult_use'; birthDate: string; idJurisdiction?: string };
  lines: RequestedLine[];
  tenders: Tender[];
  couponCodes?: string[];
  /** The open drawer session the sale is rung on: checked open at this store; cash tenders count in it. */
  registerSessionId?: string;
  /** Defaults to the acting staff member (after a PIN switch, the budtender); naming another needs pos:manage. */
  budtenderId?: string;
  /** Points the customer spends on this sale (an order-level discount before tax). */
  loyaltyPoints?: number;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function saleHash(input: PosSaleInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

export async function completePosSale(platform: Platform, context: RequestContext, input: PosSaleInput): Promise<CompletionResult> {
  try {
    return await registerSaleCompletion(platform, context, input);
  } catch (error) {
    throw atCustomerField(error, input);
  }
}

/**
 * A register sale's refusals about who buys name the field: an unknown customer (404) at
 * body.customerId, a caregiver not linked to the patient, with an expired card or merged away at
 * body.caregiverId. The customers module answers them for any caller, without knowing the request.
 */
function atCustomerField(error: unknown, input: Pick<PosSaleInput, 'customerId' | 'caregiverId'>): unknown {
  if (!(error instanceof AppError) || error.details === null || typeof error.details !== 'object' || Array.isArray(error.details)) return error;
  const details = error.details as { path?: unknown; entity?: unknown; id?: unknown; customerId?: unknown };
  if (details.path !== undefined) return error;
  let path: string[] | null = null;
  if (error.code === 'NOT_FOUND' && details.entity === 'Customer') path = details.id === input.caregiverId && input.caregiverId !== input.customerId ? ['body', 'caregiverId'] : ['body', 'customerId'];
  else if (error.code === 'CAREGIVER_NOT_LINKED' || error.code === 'CAREGIVER_CARD_EXPIRED') path = ['body', 'caregiverId'];
  else if (error.code === 'CUSTOMER_MERGED') path = input.caregiverId && details.customerId === input.caregiverId ? ['body', 'caregiverId'] : ['body', 'customerId'];
  if (!path) return error;
  const copy = new AppError(error.statusCode, error.code, error.message, { ...details, path });
  copy.stack = error.stack;
  return copy;
}

async function registerSaleCompletion(platform: Platform, context: RequestContext, input: PosSaleInput): Promise<CompletionResult> {
  const organizationId = organizationOf(context);
  const { db } = platform.database;
  if (!UUID_V7.test(input.id)) {
    throw new AppError(400, 'VALIDATION_FAILED', 'A sale id is a UUIDv7 generated by the register.', [{ path: ['body', 'id'], message: 'expected a UUIDv7' }]);
  }
  const requestHash = saleHash(input);
  const existing = await db.selectFrom('sales_order').select(['id', 'request_hash', 'organization_id']).where('id', '=', input.id).executeTakeFirst();
  if (existing) return answerStoredSale(platform, organizationId, existing, requestHash);
  if (input.lines.length === 0) throw new AppError(422, 'CART_EMPTY', 'The sale has no lines.', { path: ['body', 'lines'] });
  const { customer, store, channel, sale: quoted } = await registerSale(db, context, input);
  // The sale's own order row is written (the claim) before it is priced again under the lock.
  const sale: SaleToPrice = { ...quoted, orderId: input.id };
  const { at } = sale;
  const { priced, promotions } = await priceSale(db, sale);
  const pricedAs = pricingKey(priced.lines, promotions); // before loyalty adds its discount to the lines
  const loyalty = await planLoyalty(db, { organizationId, customerId: customer.id, points: input.loyaltyPoints ?? 0, priced: priced.lines, store, at, path: ['body', 'loyaltyPoints'] });
  const decision = await evaluateCheckout(db, { store, customer, channel, at, lines: priced.lines.map((l) => l.compliance), pathPrefix: ['body', 'lines'] });
  if (!decision.allowed) throw await refuse(platform, context, { store, customer, channel, decision, source: 'register' });

  planTenders(decision.totalCents, input.tenders, TENDERS_PATH);
  // Cash at the register goes into its open drawer where the store requires it (nothing taken yet).
  const noDrawer = await cashDrawerRefusal(db, {
    storeId: input.storeId,
    takesCash: input.tenders.some((t) => t.kind === 'cash'),
    registerSessionId: input.registerSessionId,
    path: ['body', 'registerSessionId'],
  });
  if (noDrawer) throw noDrawer;
  const budtenderId = await saleBudtender(db, context, input.storeId, input.budtenderId, context.actor.type === 'staff' ? context.actor.id : null);
  const reference = input.id;
  const newOrder = orderRow({
    orderId: input.id,
    organizationId,
    store,
    customer,
    channel,
    status: 'completed',
    cartId: null,
    requestHash,
    reservationId: null,
    registerSessionId: input.registerSessionId ?? null,
    budtenderId,
    fulfillment: null,
    couponCodes: input.couponCodes ?? [],
    decision,
    priced: priced.lines,
    completed: true,
    createdBy: context.actor.id,
  });
  let authorizations: Authorization[];
  try {
    authorizations = await authorizeTenders(platform, context, {
      organizationId,
      storeId: input.storeId,
      reference,
      amountDueCents: decision.totalCents,
      tenders: input.tenders,
      // The patient of a caregiver's purchase: store credit is spent only for the sale's customer.
      customerId: customer.id,
      path: TENDERS_PATH,
    });
  } catch (error) {
    const twin = await writtenByTwin(error, () => claimedSale(db, newOrder));
    if (twin) return answerStoredSale(platform, organizationId, twin, requestHash);
    throw error;
  }
  try {
    return await inTransaction(platform.tx, context, async (uow) => {
      if (namesSomeoneElse(context, budtenderId)) await assertBudtenderAtStore(uow.trx, context, input.storeId, budtenderId!, { lock: true });
      // The order row first: it is the claim on the sale id. A resubmission waits here.
      // The claim and (for a known customer) the limit lock in one statement.
      const inserted = await insertOrder(uow, newOrder, {
        onConflict: 'nothing',
        ...(customer.id ? { lockKey: customerLimitsLockKey(customer.id) } : {}),
        check: catalogUnchangedSql(organizationId, input.storeId, priced.lines.map((l) => l.sku)),
      });
      if (!inserted) throw new DuplicateCompletion(input.id);
      await assertPricingUnchanged(uow, sale, { key: pricedAs, promotions, skus: skusOf(priced.lines), catalogUnchanged: inserted.checked === true });
      const final = await recheckLimits(uow, { store, customer, channel, at, priced: priced.lines, delivery: null, decision, locked: true });
      // Drawer, points and promotion uses before the stock, as for carts.
      const links = await linkSale(uow, {
        orderId: input.id,
        organizationId,
        storeId: input.storeId,
        registerSessionId: input.registerSessionId ?? null,
        authorizations,
        priced: priced.lines,
        loyalty,
      });
      await redeemPromotions(uow, { organizationId, storeId: input.storeId, orderId: input.id, customerId: customer.id, promotions, sale });
      // The stock's lines are the request's, in order: its refusals name the request's fields.
      const sold = await sellDirect(uow, {
        storeId: input.storeId,
        lines: priced.lines.map((l) => ({ skuId: l.skuId, quantity: l.stockQuantity, ...(l.packageLabel ? { packageLabel: l.packageLabel } : {}) })),
        reference: { orderId: input.id, customerId: customer.id, channel: 'pos' },
      }).catch((error: unknown) => {
        throw underPath(error, ['body']);
      });
      const written = await writeOrderRest(uow, {
        newOrder,
        inserted,
        store,
        customer,
        channel,
        priced: priced.lines,
        decision: final,
        picks: picksOf(sold.lines),
        authorizations,
        promotions,
      });
      return { ...written, loyalty: saleLoyalty(loyalty, links) };
    });
  } catch (error) {
    await voidAuthorizations(platform, context, { organizationId, storeId: input.storeId, reference }, authorizations);
    if (error instanceof DuplicateCompletion) {
      const stored = await db.selectFrom('sales_order').select(['id', 'request_hash', 'organization_id']).where('id', '=', input.id).executeTakeFirstOrThrow();
      return answerStoredSale(platform, organizationId, stored, requestHash);
    }
    if (error instanceof ComplianceBlocked) throw await refuse(platform, context, { store, customer, channel, decision: error.decision, source: 'register' });
    throw (await paymentReferenceRefusal(db, error, { organizationId, storeId: input.storeId, authorizations }, TENDERS_PATH)) ?? error;
  }
}

/**
 * How long a sale takes at most from its tenders being taken to its claim being written (the
 * order row of a register sale, the cart's row of an online one): a transaction's first statement.
 */
const TWIN_CLAIM_GAP_MS = 250;

class ProbeRolledBack extends Error {}

/**
 * After this request's tenders were refused: was the very same sale written meanwhile by a twin,
 * the same request sent again (a register whose answer was lost, a double tap)? Store credit and
 * gift cards are debited in a transaction of their own before the sale's, so the first of the two
 * takes the balance and the second is refused for it (422 INSUFFICIENT_BALANCE), as a processor
 * may decline a duplicate (402); answering that refusal for a sale that went through tells the
 * register it failed. `claimed` waits for a twin's uncommitted claim to commit or roll back and
 * answers what it wrote; it is asked at once and again after the moments between a twin's
 * tenders and its claim. Other refusals, and a sale nobody else is writing, answer as before.
 */
async function writtenByTwin<T>(error: unknown, claimed: () => Promise<T | null>): Promise<T | null> {
  if (!(error instanceof AppError) || !(error.statusCode === 402 || error.code === 'INSUFFICIENT_BALANCE')) return null;
  for (const pause of [0, TWIN_CLAIM_GAP_MS]) {
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    const found = await claimed();
    if (found) return found;
  }
  return null;
}

/**
 * The register sale with this id as stored, once any twin writing it has finished: inserting the
 * same id waits for a twin's uncommitted row; the insert is always rolled back.
 */
async function claimedSale(db: Db, row: NewOrder): Promise<{ id: string; request_hash: string | null; organization_id: string } | null> {
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`${insertOrderSql(row)} on conflict (id) do nothing`.execute(trx);
      throw new ProbeRolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof ProbeRolledBack)) throw error;
    });
  return (await db.selectFrom('sales_order').select(['id', 'request_hash', 'organization_id']).where('id', '=', row.id).executeTakeFirst()) ?? null;
}

/** What a register sale or quote is about: the customer, the store, and the sale to price. */
async function registerSale(db: Db, context: RequestContext, input: PosQuoteInput) {
  if (input.lines.some((l) => l.override) && !context.actor.permissions.has('pricing:override')) throw forbidden('pricing:override');
  if (!input.customerId && !input.customer) {
    throw new AppError(400, 'VALIDATION_FAILED', 'A sale needs the customer (customerId) or the checked ID (customer.birthDate).', [{ path: ['body', 'customerId'], message: 'required' }]);
  }
  const customer: CheckoutCustomer = input.customerId ? { id: input.customerId, ...(input.caregiverId && { caregiverId: input.caregiverId }) } : { id: null, ...input.customer! };
  const store = await storeContext(db, organizationOf(context), input.storeId);
  const channel: CheckoutChannel = 'in_store';
  const sale: SaleToPrice = {
    store,
    requested: input.lines,
    customerId: customer.id,
    channel,
    couponCodes: input.couponCodes ?? [],
    at: new Date(),
    paths: { lines: ['body', 'lines'], couponCodes: ['body', 'couponCodes'] },
  };
  return { customer, store, channel, sale };
}

export type PosQuoteInput = Pick<PosSaleInput, 'storeId' | 'customerId' | 'caregiverId' | 'customer' | 'lines' | 'couponCodes' | 'loyaltyPoints'>;

/**
 * What a register sale would be now, written nowhere: the lines priced with promotions and points,
 * the pack's verdict against the customer's history (violations and the limit meter), taxes and
 * the total — the same steps as completePosSale before its payment. The sale is checked again
 * when it is made; a refused quote is not logged, as nothing was attempted.
 */
export async function quotePosSale(platform: Platform, context: RequestContext, input: PosQuoteInput) {
  try {
    return await quoteRegisterSale(platform, context, input);
  } catch (error) {
    throw atCustomerField(error, input);
  }
}

async function quoteRegisterSale(platform: Platform, context: RequestContext, input: PosQuoteInput) {
  const { db } = platform.database;
  const { customer, store, channel, sale } = await registerSale(db, context, input);
  if (input.lines.length === 0) return { ...pricedSaleView([], null, NO_PROMOTIONS), loyalty: null };
  const { priced, promotions } = await priceSale(db, sale);
  const plan = await planLoyalty(db, { organizationId: store.organizationId, customerId: customer.id, points: input.loyaltyPoints ?? 0, priced: priced.lines, store, at: sale.at, path: ['body', 'loyaltyPoints'] });
  const decision = await evaluateCheckout(db, { store, customer, channel, at: sale.at, lines: priced.lines.map((l) => l.compliance), pathPrefix: ['body', 'lines'] });
  const redemption = plan?.redemption ?? null;
  return {
    ...pricedSaleView(priced.lines, decision, promotions),
    loyalty: redemption && { pointsOffered: redemption.pointsOffered, pointsRedeemed: redemption.pointsRedeemed, discountCents: redemption.discountCents, limitedBy: redemption.limitedBy },
  };
}

/**
 * The budtender credited with a register sale: the acting staff member (after a PIN switch, the
 * budtender at the register, not the register's owner). Naming someone else needs pos:manage.
 */
/**
 * Who a sale is credited to: the person named, else `byDefault` (a register sale: the person
 * acting). Crediting someone else takes pos:manage, and they must be a staff member of the
 * organization (404 at body.budtenderId), active and working at the store (422
 * BUDTENDER_NOT_AT_STORE): sales by budtender are what commissions and reports rest on. Naming
 * nobody, or oneself, costs no statement.
 */
async function saleBudtender(db: Db, context: RequestContext, storeId: string, named: string | undefined, byDefault: string | null): Promise<string | null> {
  const acting = context.actor.type === 'staff' ? context.actor.id : null;
  if (named === undefined) return byDefault;
  if (named === acting) return acting;
  if (!context.actor.permissions.has('pos:manage')) throw forbidden('pos:manage');
  await assertBudtenderAtStore(db, context, storeId, named);
  return named;
}

/**
 * The budtender named for a sale is one who may be credited with it (saleBudtender). Inside the
 * sale's transaction (`lock`) their row is read FOR SHARE, so a deactivation committed since the
 * check before payment is seen, and one coming later waits for the sale.
 */
async function assertBudtenderAtStore(db: Db | UnitOfWork['trx'], context: RequestContext, storeId: string, named: string, options: { lock?: boolean } = {}): Promise<void> {
  const path = ['body', 'budtenderId'];
  const standing = await staffAtStore(db, organizationOf(context), storeId, named, options);
  if (standing === 'unknown') throw new AppError(404, 'NOT_FOUND', 'No staff member of this organization has this id.', { entity: 'Staff member', id: named, path });
  if (standing === 'not_here') throw new AppError(422, 'BUDTENDER_NOT_AT_STORE', 'This person is not active at this store: a sale is credited to someone who works here.', { path });
}

/** Someone other than the person acting is credited with the sale: checked again in its transaction. */
const namesSomeoneElse = (context: RequestContext, budtenderId: string | null) => budtenderId !== null && budtenderId !== (context.actor.type === 'staff' ? context.actor.id : null);

async function answerStoredSale(platform: Platform, organizationId: string, existing: { id: string; request_hash: string | null; organization_id: string }, requestHash: string) {
  if (existing.organization_id !== organizationId) throw notFound('Order', existing.id);
  if (existing.request_hash !== requestHash) {
    throw new AppError(409, 'SALE_ID_REUSED', 'This sale id was used before for a different sale.', { id: existing.id });
  }
  return answerStored(platform, organizationId, existing.id);
}

// ---- shared steps -------------------------------------------------------------------------

async function answerStored(platform: Platform, organizationId: string, orderId: string): Promise<CompletionResult> {
  const { db } = platform.database;
  const stored = await findOrder(db, organizationId, orderId);
  if (!stored) throw notFound('Order', orderId);
  const [payments, points] = await Promise.all([
    db.selectFrom('payment').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('loyalty_entry').select(['kind', 'points', 'discount_cents']).where('organization_id', '=', organizationId).where('order_id', '=', orderId).where('kind', 'in', ['earn', 'redeem']).execute(),
  ]);
  const redeemed = points.filter((p) => p.kind === 'redeem');
  return {
    order: stored.view,
    loyalty: points.length
      ? {
          pointsRedeemed: -redeemed.reduce((sum, p) => sum + p.points, 0),
          discountCents: redeemed.reduce((sum, p) => sum + Number(p.discount_cents ?? 0), 0),
          pointsEarned: points.filter((p) => p.kind === 'earn').reduce((sum, p) => sum + p.points, 0),
        }
      : null,
    payments: payments.map((p) => ({
      id: p.id,
      provider: p.provider,
      status: p.status,
      amountCents: Number(p.amount_cents),
      tenderedCents: p.tendered_cents === null ? null : Number(p.tendered_cents),
      changeCents: Number(p.change_cents),
      refundedCents: Number(p.refunded_cents),
      authorizationRef: p.authorization_ref,
      details: (p.details ?? {}) as Record<string, unknown>,
    })),
    replayed: true,
  };
}

/**
 * The limit re-check inside the completion transaction: under the customer's lock, against the
 * history as it is now (another register may have sold to them since the pre-check).
 */
async function recheckLimits(
  uow: UnitOfWork,
  input: {
    store: StoreContext;
    customer: CheckoutCustomer;
    channel: CheckoutChannel;
    at: Date;
    priced: PricedLine[];
    delivery: ReturnType<typeof deliveryFactsOf> | null;
    pickup?: ReturnType<typeof pickupFactsOf> | null;
    decision: EvaluateResponse;
    /** The caller already holds the customer's lock (taken with its claim statement). */
    locked?: boolean;
  },
): Promise<EvaluateResponse> {
  if (!input.customer.id) return input.decision;
  if (!input.locked) await lockCustomerLimits(uow, input.customer.id);
  const decision = await evaluateCheckout(uow.trx, {
    store: input.store,
    customer: input.customer,
    channel: input.channel,
    at: input.at,
    lines: input.priced.map((l) => l.compliance),
    delivery: input.delivery,
    pickup: input.pickup,
  });
  if (!decision.allowed) throw new ComplianceBlocked(decision);
  if (decision.totalCents !== input.decision.totalCents) {
    throw new AppError(409, 'TOTAL_CHANGED', 'The total changed while the payment was being taken; please try again.', {
      authorizedCents: input.decision.totalCents,
      totalCents: decision.totalCents,
    });
  }
  return decision;
}

/**
 * What a sale was priced at before its payment was authorized: lines (price, discounts, and the
 * facts compliance counts) and the promotions applied with their amounts.
 */
function pricingKey(lines: PricedLine[], promotions: PromotionOutcome): string {
  return JSON.stringify({
    lines: lines.map((l) => [l.skuId, l.unitPriceCents, l.grossCents, l.discountCents, l.compliance]),
    applied: promotions.applied.map((a) => [a.promotionId, a.code ?? null, a.amountCents]),
  });
}

const skusOf = (lines: PricedLine[]): CheckoutSku[] => lines.map((l) => l.sku);

/** A sale to price: its lines, who buys, where and when. */
interface SaleToPrice {
  store: StoreContext;
  requested: RequestedLine[];
  customerId: string | null;
  /** The order this sale becomes (never counted against the customer's first purchase). */
  orderId?: string;
  channel: CheckoutChannel;
  couponCodes: string[];
  at: Date;
  /** Where the lines and the coupon codes sit in the caller's request, for error paths. */
  paths: { lines: string[]; couponCodes: string[] };
}

/**
 * The lines priced on the catalog read in `trx` (or on `skus`, rows known to be unchanged), and
 * the store's promotions applied to them.
 */
async function priceSale(trx: Db | UnitOfWork['trx'], sale: SaleToPrice, skus?: CheckoutSku[]) {
  skus ??= await getSkusForCheckout(trx, sale.store.organizationId, sale.store.id, [...new Set(sale.requested.map((l) => l.skuId))]);
  const priced = priceLines(skus, sale.requested, { path: sale.paths.lines });
  const promotions = await applyStorePromotions(trx, priced.lines, {
    store: sale.store,
    customerId: sale.customerId,
    ...(sale.orderId ? { orderId: sale.orderId } : {}),
    channel: sale.channel,
    couponCodes: sale.couponCodes,
    at: sale.at,
    mode: 'sale',
    path: sale.paths.couponCodes,
    linesPath: sale.paths.lines,
  });
  return { priced, promotions };
}

/**
 * The sale is priced again inside its transaction, on the catalog and promotions as they are now.
 * Pricing happens on the pool before the payment is authorized, so a price change, a SKU archived
 * or unpriced, or a promotion edited or archived can commit in between; without this the order
 * would be written (and the customer charged) on a catalog that no longer exists, and the limit
 * re-check would count stale compliance facts. A SKU no longer sellable answers as at pre-check
 * (422); any other difference is 409 TOTAL_CHANGED (the caller voids the authorization).
 */
async function assertPricingUnchanged(
  uow: UnitOfWork,
  sale: SaleToPrice,
  pricedAs: {
    /** pricingKey of the pre-check. */
    key: string;
    /** The pre-check's promotions outcome (what it was computed from: `readFrom`). */
    promotions: PromotionOutcome;
    /** The SKUs the pre-check priced on. */
    skus: CheckoutSku[];
    /** The claim statement found the catalog rows the pre-check read unchanged (catalogUnchangedSql). */
    catalogUnchanged: boolean;
  },
): Promise<void> {
  // The usual case costs no statement: the same catalog rows and the very same promotions (the
  // cached set) as the pre-check price the same, as `at` is the pre-check's. When facts about the
  // customer were read (loyalty tier, groups, first purchase: a promotion conditioned on them
  // could apply), they may have changed too: another sale to the customer may have committed
  // while this one's payment was taken, and two first orders must not both be first. So they are
  // read again here, under the customer's lock (taken by the claim), and the sale priced again;
  // on the SKUs already read when the catalog rows are unchanged.
  const basis = pricedAs.promotions.readFrom;
  if (pricedAs.catalogUnchanged && basis && !pricedAs.promotions.readCustomer) {
    const current = await promotionsForSale(uow.trx, { organizationId: sale.store.organizationId, storeId: sale.store.id });
    if (current === basis) return;
  }
  const again = await priceSale(uow.trx, sale, pricedAs.catalogUnchanged ? pricedAs.skus : undefined);
  if (pricingKey(again.priced.lines, again.promotions) !== pricedAs.key) {
    if (pricedAs.catalogUnchanged && samePromotions(basis, again.promotions.readFrom)) {
      // Same catalog, same promotions: what changed is the customer (another sale to them
      // committed first, their groups or their tier).
      throw new AppError(409, 'TOTAL_CHANGED', 'The customer’s discounts changed while the payment was being taken (another sale to them, or their groups or tier); please try again.', {
        reason: 'customer_changed',
      });
    }
    throw new AppError(409, 'TOTAL_CHANGED', 'Prices or promotions changed while the payment was being taken; please try again.', { reason: 'catalog_changed' });
  }
}

/**
 * The same promotions, for telling why a price changed: the very same cached set, or one read
 * again (the cache's entry expired while the payment was taken) with the same definitions.
 */
function samePromotions(a: PromotionOutcome['readFrom'], b: PromotionOutcome['readFrom']): boolean {
  if (a === undefined || b === undefined) return false;
  return a === b || JSON.stringify(a.promotions) === JSON.stringify(b.promotions);
}

async function refuse(
  platform: Platform,
  context: RequestContext,
  input: { store: StoreContext; customer: CheckoutCustomer; channel: CheckoutChannel; decision: EvaluateResponse; source: string },
): Promise<AppError> {
  // The refusal is itself a record (who, when, why): commit it, then answer the error.
  const refusalId = await inTransaction(platform.tx, context, (uow) =>
    recordRefusal(uow, {
      organizationId: input.store.organizationId,
      storeId: input.store.id,
      customerId: input.customer.id,
      channel: input.channel,
      source: input.source,
      decision: input.decision,
    }),
  ).catch((error) => {
    platform.logger.error({ err: error }, 'could not record a compliance refusal');
    return null;
  });
  return blockedError(input.decision, refusalId);
}

function picksOf(lines: ReservationLineView[]): Map<number, OrderPick[]> {
  const byLine = new Map<number, OrderPick[]>();
  for (const line of lines) {
    byLine.set(
      line.lineNo,
      line.picks.map((p) => ({ packageId: p.packageId, packageLabel: p.packageLabel, locationId: p.locationId, quantity: p.quantity, unit: p.unit })),
    );
  }
  return byLine;
}

interface OrderInput {
  orderId: string;
  organizationId: string;
  store: StoreContext;
  customer: CheckoutCustomer;
  channel: CheckoutChannel;
  status: 'placed' | 'completed';
  cartId: string | null;
  requestHash: string | null;
  reservationId: string | null;
  registerSessionId: string | null;
  budtenderId: string | null;
  fulfillment: Record<string, unknown> | null;
  couponCodes: string[];
  priced: PricedLine[];
  decision: EvaluateResponse;
  completed: boolean;
}

function orderRow(input: OrderInput & { createdBy: string | null }): NewOrder {
  const gross = input.priced.reduce((sum, l) => sum + l.grossCents, 0);
  const discount = input.priced.reduce((sum, l) => sum + l.discountCents, 0);
  return {
    id: input.orderId,
    organizationId: input.organizationId,
    storeId: input.store.id,
    channel: input.channel,
    status: input.status,
    cartId: input.cartId,
    requestHash: input.requestHash,
    customer: { id: input.customer.id, kind: input.decision.context.customerKind, ...(input.customer.caregiverId && { caregiverId: input.customer.caregiverId }) },
    reservationId: input.reservationId,
    registerSessionId: input.registerSessionId,
    budtenderId: input.budtenderId,
    licenseNumber: input.store.licenseNumber,
    jurisdiction: input.store.jurisdiction,
    timezone: input.store.timezone,
    packVersion: input.decision.packVersion,
    subtotalCents: gross,
    discountCents: discount,
    taxCents: input.decision.taxCents,
    totalCents: input.decision.totalCents,
    taxes: input.decision.taxes.map((t) => ({
      code: t.code,
      label: t.label,
      rate: t.rate,
      amountCents: t.amountCents,
      includedInPrice: t.includedInPrice,
      metrcField: t.metrcField,
    })),
    limits: input.decision.limits,
    fulfillment: input.fulfillment,
    couponCodes: input.couponCodes,
    createdBy: input.createdBy,
    completed: input.completed,
  };
}

function orderLines(priced: PricedLine[], decision: EvaluateResponse, picks: Map<number, OrderPick[]>, actorId: string | null): OrderLineView[] {
  return priced.map((line) => {
    const taxes = decision.taxes
      .map((t) => ({ tax: t, part: t.lines.find((x) => x.line === line.lineNo) }))
      .filter((x) => (x.part?.amountCents ?? 0) > 0)
      .map(({ tax, part }) => ({ code: tax.code, label: tax.label, amountCents: part!.amountCents, baseCents: part!.baseCents, rate: tax.rate, includedInPrice: tax.includedInPrice, metrcField: tax.metrcField }));
    const receipt = decision.receiptLines.find((r) => r.line === line.lineNo);
    return {
      id: uuidv7(),
      lineNo: line.lineNo,
      skuId: line.skuId,
      skuCode: line.sku.code,
      title: line.sku.title,
      category: line.sku.category,
      unit: line.stockUnit,
      quantity: line.quantity,
      unitPriceCents: line.unitPriceCents,
      grossCents: line.grossCents,
      discountCents: line.discountCents,
      totalCents: receipt?.priceCents ?? line.grossCents - line.discountCents,
      taxCents: taxes.reduce((sum, t) => sum + t.amountCents, 0),
      taxes,
      picks: picks.get(line.lineNo) ?? [],
      pickedLabels: [],
      priceOverride: line.override ? { ...line.override, by: actorId } : null,
      returnedQuantity: 0,
      promotions: line.promotions ?? [],
    };
  });
}

/**
 * Coupon (and limited promotion) usage, counted atomically: a coupon past its limit is 409 and
 * the whole sale rolls back (the caller voids the authorization). Nothing at all without promotions.
 */
async function redeemPromotions(
  uow: UnitOfWork,
  input: { organizationId: string; storeId: string; orderId: string; customerId: string | null | undefined; promotions: PromotionOutcome | undefined; sale: Pick<SaleToPrice, 'couponCodes' | 'paths'> },
) {
  if (!input.promotions || input.promotions.applied.length === 0) return;
  try {
    await redeemCoupons(uow, { organizationId: input.organizationId, storeId: input.storeId, orderId: input.orderId, applied: input.promotions.applied, customerId: input.customerId });
  } catch (error) {
    // A coupon's refusal names the coupon: its place among the codes sent (body.couponCodes[i])
    // or set on the cart (cart.couponCodes[i]).
    throw atCoupon(error, input.sale);
  }
}

function atCoupon(error: unknown, sale: Pick<SaleToPrice, 'couponCodes' | 'paths'>): unknown {
  if (!(error instanceof AppError) || !error.code.startsWith('COUPON_') || error.details === null || typeof error.details !== 'object' || Array.isArray(error.details)) return error;
  const details = error.details as { code?: string | null; path?: unknown };
  if (details.path !== undefined) return error;
  const at = couponPathOf(sale.couponCodes, details.code, sale.paths.couponCodes);
  if (!at.path) return error;
  const copy = new AppError(error.statusCode, error.code, error.message, { ...details, ...at });
  copy.stack = error.stack;
  return copy;
}

async function writeOrder(
  uow: UnitOfWork,
  input: OrderInput & { picks: Map<number, OrderPick[]>; authorizations: Authorization[]; promotions?: PromotionOutcome; drawn: { number: string; placedAt: string; completedAt: string | null } },
): Promise<CompletionResult> {
  const newOrder = orderRow({ ...input, createdBy: uow.actor.id });
  return writeOrderRest(uow, { ...input, newOrder, inserted: input.drawn, writeOrderRow: true });
}

/** Lines, history, limit usage, payments, audit and events of a freshly inserted order. */
async function writeOrderRest(
  uow: UnitOfWork,
  input: {
    newOrder: NewOrder;
    inserted: { number: string; placedAt: string; completedAt: string | null };
    /** The order row is not written yet (number and time drawn by the claim): write it below too. */
    writeOrderRow?: boolean;
    store: StoreContext;
    customer: CheckoutCustomer;
    channel: CheckoutChannel;
    priced: PricedLine[];
    decision: EvaluateResponse;
    picks: Map<number, OrderPick[]>;
    authorizations: Authorization[];
    promotions?: PromotionOutcome;
  },
): Promise<CompletionResult> {
  const { newOrder, inserted } = input;
  const lines = orderLines(input.priced, input.decision, input.picks, uow.actor.id);
  // The order (unless already written as the claim), its lines and history, the limit usage, the
  // payments, and every audit row and event of the transaction go to the database in ONE
  // statement at the end of this function; each module builds its own part of it.
  const writes: RawBuilder<unknown>[] = [];
  if (input.writeOrderRow) writes.push(sql`order_w as (${insertOrderSql(newOrder, { number: Number(inserted.number) })} returning 1)`);
  writes.push(linesAndHistorySql(uow, newOrder.id, lines, { from: null, to: newOrder.status as 'placed' | 'completed' }));
  if (input.customer.id) {
    const usage = recordPurchaseSql(purchaseRecord({
      organizationId: newOrder.organizationId,
      storeId: newOrder.storeId,
      customerId: input.customer.id,
      orderId: newOrder.id,
      channel: input.channel,
      lines: input.priced.map((l) => l.compliance),
    }));
    if (usage) writes.push(usage);
  }
  const paymentWrite = recordPaymentsSql({ organizationId: newOrder.organizationId, storeId: newOrder.storeId, orderId: newOrder.id, authorizations: input.authorizations });
  if (paymentWrite) writes.push(paymentWrite.sql);
  const payments = paymentWrite?.views ?? [];
  const order: OrderView = {
    id: newOrder.id,
    number: inserted.number,
    storeId: newOrder.storeId,
    channel: newOrder.channel,
    status: newOrder.status,
    cartId: newOrder.cartId,
    customer: newOrder.customer,
    registerSessionId: newOrder.registerSessionId,
    budtenderId: newOrder.budtenderId,
    subtotalCents: newOrder.subtotalCents,
    discountCents: newOrder.discountCents,
    taxCents: newOrder.taxCents,
    totalCents: newOrder.totalCents,
    refundedCents: 0,
    taxes: newOrder.taxes,
    limits: newOrder.limits,
    fulfillment: newOrder.fulfillment,
    couponCodes: newOrder.couponCodes,
    idVerificationId: null,
    statusReason: null,
    placedAt: inserted.placedAt,
    completedAt: inserted.completedAt,
    lines,
  };
  const overrides = lines.filter((l) => l.priceOverride);
  await uow.auditMany([
    {
      action: newOrder.status === 'completed' ? 'orders.order.completed' : 'orders.order.placed',
      entityType: 'order',
      entityId: order.id,
      storeId: order.storeId,
      after: { number: order.number, channel: order.channel, totalCents: order.totalCents, lines: lines.length, cartId: order.cartId },
    },
    ...overrides.map((l) => ({
      action: 'orders.price.overridden',
      entityType: 'order',
      entityId: order.id,
      storeId: order.storeId,
      before: { lineNo: l.lineNo, unitPriceCents: input.priced[l.lineNo].listUnitPriceCents },
      after: { lineNo: l.lineNo, unitPriceCents: l.unitPriceCents, discountCents: l.priceOverride?.discountCents ?? 0 },
      reason: l.priceOverride!.reason,
    })),
  ]);
  const summary = { orderId: order.id, orderNumber: order.number, storeId: order.storeId, channel: order.channel, customerId: order.customer.id, totalCents: order.totalCents };
  await uow.emitMany([
    newOrder.status === 'completed'
      ? { type: ORDER_COMPLETED, aggregateType: 'order', aggregateId: order.id, storeId: order.storeId, payload: completedPayload(order, input.store, inserted.completedAt!) }
      : { type: ORDER_PLACED, aggregateType: 'order', aggregateId: order.id, storeId: order.storeId, payload: summary },
  ]);
  const pending = uow.takePendingWrites();
  if (pending) writes.push(pending);
  await sql`with ${sql.join(writes, sql`, `)} select 1`.execute(uow.trx);
  return { order, payments, replayed: false, ...(input.promotions ? { promotions: promotionsView(input.promotions) } : {}) };
}
