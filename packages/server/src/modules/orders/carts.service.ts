// Online carts (pickup or delivery) for one customer at one store. Every change to the lines runs
// the rules engine against the customer's history (age, limits, product permitted) and answers the
// live limit meter; the stock hold is replaced in the same transaction so it always matches the
// lines, and its TTL restarts whenever the customer acts. Prices, promotions and taxes are always
// computed here from the catalog.
import { sql, type RawBuilder } from 'kysely';
import type { AddressType, EvaluateResponse, HandOverMode } from '@verdant/rules';
import { v7 as uuidv7 } from 'uuid';
import { AppError, notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { applyStorePromotions, NO_PROMOTIONS, priceLines, pricedSaleView, type PricedLineView, type RequestedLine } from '../checkout/pricing';
import {
  activeCaregiverBirthDateSql,
  assertCustomer,
  assertStoreOpen,
  blockedPath,
  caregiverRefusal,
  evaluateCheckout,
  getSkusForCheckout,
  localDate,
  pickupModeNotOffered,
  refreshReservation,
  releaseReservation,
  reserve,
  storeContext,
  storeNotOpen,
  type StoreStatus,
} from './ports';
import { addressJurisdiction } from './address-jurisdiction';

type Trx = UnitOfWork['trx'] | Db;

/** How long a cart holds stock after the customer's last action. */
export const CART_HOLD_SECONDS = Number(process.env.CART_HOLD_SECONDS ?? 900);
export const MAX_CART_LINES = 50;

export interface CartRow {
  id: string;
  organization_id: string;
  store_id: string;
  customer_id: string;
  caregiver_id: string | null;
  channel: 'pickup' | 'delivery';
  status: 'open' | 'completed' | 'abandoned';
  lines: unknown;
  fulfillment: unknown;
  coupon_codes: string[];
  reservation_id: string | null;
  hold_expires_at: Date | string | null;
  order_id: string | null;
  hold_live: boolean;
  /** The store's status, read with the cart (a primary-key probe in the same statement). */
  store_status: StoreStatus;
  /** The pickup hand-over modes the store offers now (in_store always), read with the cart too. */
  store_pickup_modes_offered: string[];
}

export type CartLineView = PricedLineView;

/** A cart: its fulfillment and hold, with the lines priced and checked now (pricedSaleView). */
export type CartView = {
  id: string;
  storeId: string;
  customerId: string;
  /** A linked caregiver buying for the customer (the patient), or null. */
  caregiverId: string | null;
  channel: 'pickup' | 'delivery';
  status: 'open' | 'completed' | 'abandoned';
  orderId: string | null;
  fulfillment: Record<string, unknown> | null;
  couponCodes: string[];
  hold: { reservationId: string; expiresAt: string } | null;
  /**
   * The store's status now. While it is not 'open' the cart is still shown, its lines priced as the
   * store prices them, but it sells nothing: lines set, a hold kept and completion are refused
   * (409 STORE_NOT_OPEN), until a closed store opens again.
   */
  storeStatus: StoreStatus;
} & ReturnType<typeof pricedSaleView>;

/** A cart row as CartRow types it (with whether its hold is still live, and its store's status). */
const cartColumns = sql`id, organization_id, store_id, customer_id, caregiver_id, channel, status, lines, fulfillment, coupon_codes, reservation_id,
  hold_expires_at, order_id, coalesce(hold_expires_at > now(), false) as hold_live,
  (select store.status from store where store.id = sales_cart.store_id) as store_status,
  (select store.pickup_modes_offered from store where store.id = sales_cart.store_id) as store_pickup_modes_offered`;

export async function loadCart(trx: Trx, organizationId: string, cartId: string, options: { lock?: boolean } = {}): Promise<CartRow> {
  const result = await sql<CartRow>`
    select ${cartColumns}
      from sales_cart where id = ${cartId} and organization_id = ${organizationId}
      ${options.lock ? sql`for update` : sql``}`.execute(trx);
  const row = result.rows[0];
  if (!row) throw notFound('Cart', cartId);
  return row;
}

export async function createCart(
  uow: UnitOfWork,
  input: { organizationId: string; storeId: string; customerId: string; caregiverId?: string; channel: 'pickup' | 'delivery' },
): Promise<CartView> {
  const store = await storeContext(uow.trx, input.organizationId, input.storeId);
  const caregiverId = input.caregiverId ?? null;
  if (uow.actor.type === 'customer' && !caregiverId) {
    // A shopper has one open cart per store and channel: a second browser tab (or a page loaded
    // again without the cart it remembered) starting a cart gets the one already open, with its
    // lines and hold, instead of a second cart holding the same stock. Carts started at once take
    // turns on the lock, so the second finds the first's.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`shop-cart:${input.customerId}:${input.storeId}:${input.channel}`}, 0))`.execute(uow.trx);
    const open = await openCartOf(uow.trx, { organizationId: input.organizationId, customerId: input.customerId, storeId: input.storeId, channel: input.channel, caregiverId: null });
    if (open) return viewCart(uow.trx, open);
  }
  const id = uuidv7();
  // A caregiver card on the link must be good on the store's day, as at every later step.
  const today = localDate(store.timezone);
  await uow.audit({
    action: 'orders.cart.created',
    entityType: 'cart',
    entityId: id,
    storeId: input.storeId,
    after: { customerId: input.customerId, channel: input.channel, ...(caregiverId ? { caregiverId } : {}) },
  });
  // One statement: the insert only if the store is open and the customer is the organization's
  // and not merged into another record (and the caregiver, if any, holds an active link to them),
  // its audit row, and the row as loadCart reads it. No row = a store not open, no such customer
  // or no such link; the transaction (audit row too) rolls back. The share lock orders a new cart against a merge of the customer,
  // which moves every cart of the duplicate (customers' customer-merge.ts).
  const pending = uow.takePendingWrites();
  const cart = (
    await sql<CartRow>`
      with cart_w as (
        insert into sales_cart (id, organization_id, store_id, customer_id, caregiver_id, channel, lines, coupon_codes, created_by)
        select ${id}, ${input.organizationId}, ${input.storeId}, c.id, ${caregiverId}::uuid, ${input.channel}, '[]'::jsonb, '{}'::text[], ${uow.actor.id}
          from customer c
          join store s on s.id = ${input.storeId} and s.organization_id = ${input.organizationId} and s.status = 'open'
         where c.id = ${input.customerId} and c.organization_id = ${input.organizationId} and c.merged_into_id is null
           ${caregiverId ? sql`and ${activeCaregiverBirthDateSql(input.organizationId, caregiverId, input.customerId, today)} is not null` : sql``}
           for share of c
        returning ${cartColumns}
      )${pending ? sql`, ${pending}` : sql``}
      select * from cart_w`.execute(uow.trx)
  ).rows[0];
  if (!cart) {
    // 409 STORE_NOT_OPEN for a store closed or retired, 404 for no such customer, 409
    // CUSTOMER_MERGED for a merged one; else it is the link.
    await assertStoreOpen(uow.trx, input.organizationId, input.storeId, ['body', 'storeId']);
    await assertCustomer(uow.trx, input.organizationId, input.customerId);
    if (caregiverId) throw await caregiverRefusal(uow.trx, input.organizationId, { caregiverId, patientId: input.customerId, onDate: today });
    throw notFound('Customer', input.customerId);
  }
  return viewCart(uow.trx, cart);
}

/**
 * Updates the cart row (`set` names the columns) and writes the transaction's buffered audit rows
 * and events in the same statement: a cart change costs one write round trip, not two.
 */
async function updateCart(uow: UnitOfWork, cartId: string, set: RawBuilder<unknown>): Promise<void> {
  const pending = uow.takePendingWrites();
  await sql`with cart_w as (update sales_cart set ${set}, updated_at = now() where id = ${cartId} returning 1)${pending ? sql`, ${pending}` : sql``}
            select 1`.execute(uow.trx);
}

/** The customer's open cart at a store for a channel (and caregiver), the newest if there are several. */
async function openCartOf(
  trx: Trx,
  input: { organizationId: string; customerId: string; storeId: string; channel: 'pickup' | 'delivery'; caregiverId: string | null; except?: string },
): Promise<CartRow | null> {
  const result = await sql<CartRow>`
    select ${cartColumns}
      from sales_cart
     where organization_id = ${input.organizationId} and customer_id = ${input.customerId} and store_id = ${input.storeId}
       and channel = ${input.channel} and status = 'open' and caregiver_id is not distinct from ${input.caregiverId}::uuid
       ${input.except ? sql`and id <> ${input.except}` : sql``}
     order by created_at desc, id desc
     limit 1`.execute(trx);
  return result.rows[0] ?? null;
}

/**
 * 409 CART_CLOSED for a cart that is no longer open, saying where the shopping went: the order a
 * completed cart became (`orderId`) and the customer's open cart at the store for the channel, if
 * any (`openCartId`). A browser tab still on a cart another tab placed or gave up follows these
 * rather than starting over.
 */
export async function cartClosed(trx: Trx, cart: CartRow): Promise<AppError> {
  const open = await openCartOf(trx, { organizationId: cart.organization_id, customerId: cart.customer_id, storeId: cart.store_id, channel: cart.channel, caregiverId: cart.caregiver_id, except: cart.id });
  return new AppError(409, 'CART_CLOSED', `The cart is ${cart.status}${cart.order_id ? ': its order was placed' : ''}.`, {
    cartId: cart.id,
    status: cart.status,
    orderId: cart.order_id,
    openCartId: open?.id ?? null,
  });
}

async function assertOpen(trx: Trx, cart: CartRow): Promise<void> {
  if (cart.status !== 'open') throw await cartClosed(trx, cart);
}

/**
 * What the rules judge a delivery cart by: the address type, the jurisdiction the address is in
 * (read from its region in the store's country), and the time it is to arrive. A time already
 * past is judged as now (a cart set yesterday for today noon, completed after noon, is a same-day
 * order now, with its cut-offs), so no past time escapes a same-day rule.
 */
export function deliveryFactsOf(
  fulfillment: unknown,
  at: Date,
  storeJurisdiction: string,
): { deliverAt?: string; addressType?: AddressType; addressJurisdiction?: string } {
  const f = (fulfillment ?? {}) as { deliverAt?: string; addressType?: AddressType; address?: { region?: string } };
  const future = f.deliverAt !== undefined && Date.parse(f.deliverAt) > at.getTime();
  const where = addressJurisdiction(storeJurisdiction, f.address?.region);
  return { ...(future ? { deliverAt: f.deliverAt } : {}), ...(f.addressType ? { addressType: f.addressType } : {}), ...(where ? { addressJurisdiction: where } : {}) };
}

/**
 * What the rules judge a pickup cart by: how it is handed over. Pickup details set before the mode
 * existed, or without one, are in the store (`in_store`).
 */
export function pickupFactsOf(fulfillment: unknown): { mode: HandOverMode } {
  const mode = (fulfillment as { mode?: HandOverMode } | null)?.mode;
  return { mode: mode ?? 'in_store' };
}

/**
 * Refuses (422 PICKUP_MODE_NOT_OFFERED, not logged) a pickup mode the cart's store does not offer,
 * as read with the cart; judged after the pack, at the details and at completion.
 */
export function assertPickupModeOffered(cart: Pick<CartRow, 'store_pickup_modes_offered'>, mode: HandOverMode, path: string[]): void {
  const refusal = pickupModeNotOffered(mode, cart.store_pickup_modes_offered, path);
  if (refusal) throw refusal;
}

/**
 * Prices and checks a cart's lines; throws 422 COMPLIANCE_BLOCKED with the meter when refused.
 * A store that is not open refuses them (409 STORE_NOT_OPEN), except for a read (`forView`): a
 * shopper whose store closed still sees their cart, told so by its `storeStatus`.
 */
async function evaluateCart(trx: Trx, cart: CartRow, lines: RequestedLine[], path: string[], options: { forView?: boolean } = {}) {
  const store = await storeContext(trx, cart.organization_id, cart.store_id);
  const skus = lines.length ? await getSkusForCheckout(trx, cart.organization_id, cart.store_id, [...new Set(lines.map((l) => l.skuId))]) : [];
  const priced = priceLines(skus, lines, { path, storeNotOpen: options.forView ? 'price' : 'refuse' });
  const at = new Date();
  // The same engine call as completion; usage limits are counted only at completion.
  const promotions = await applyStorePromotions(trx, priced.lines, {
    store,
    customerId: cart.customer_id,
    channel: cart.channel,
    couponCodes: cart.coupon_codes,
    at,
    mode: 'quote',
    path: ['cart', 'couponCodes'],
    linesPath: path,
  });
  const decision = await evaluateCheckout(trx, {
    store,
    customer: { id: cart.customer_id, ...(cart.caregiver_id ? { caregiverId: cart.caregiver_id } : {}) },
    channel: cart.channel,
    at,
    lines: priced.lines.map((l) => l.compliance),
    // A delivery cart is judged for when it is to arrive, as completion judges it.
    delivery: cart.channel === 'delivery' ? deliveryFactsOf(cart.fulfillment, at, store.jurisdiction) : null,
    // A pickup cart by its hand-over mode: a curbside or drive-through mode the pack no longer allows shows on the cart.
    pickup: cart.channel === 'pickup' ? pickupFactsOf(cart.fulfillment) : null,
    pathPrefix: path,
  });
  return { priced, decision, promotions };
}

function toView(cart: CartRow, evaluated: Awaited<ReturnType<typeof evaluateCart>> | null): CartView {
  return {
    id: cart.id,
    storeId: cart.store_id,
    customerId: cart.customer_id,
    caregiverId: cart.caregiver_id,
    channel: cart.channel,
    status: cart.status,
    orderId: cart.order_id,
    fulfillment: (cart.fulfillment ?? null) as Record<string, unknown> | null,
    couponCodes: cart.coupon_codes,
    hold: cart.reservation_id && cart.hold_expires_at ? { reservationId: cart.reservation_id, expiresAt: new Date(cart.hold_expires_at).toISOString() } : null,
    storeStatus: cart.store_status,
    ...pricedSaleView(evaluated?.priced.lines ?? [], evaluated?.decision ?? null, evaluated?.promotions ?? NO_PROMOTIONS),
  };
}

export async function viewCart(trx: Trx, cart: CartRow): Promise<CartView> {
  const lines = cart.lines as RequestedLine[];
  return toView(cart, lines.length ? await evaluateCart(trx, cart, lines, ['cart', 'lines'], { forView: true }) : null);
}

/**
 * Replaces the cart's lines: checked by the rules engine, then the old hold is released and a new
 * one placed for the whole cart in the same transaction. A refusal (limits, stock) changes nothing.
 * With `hold: false` (a shopper who may not hold stock yet: an unconfirmed e-mail address) the
 * lines are checked and priced as always but nothing is held; refreshCartHold holds them later.
 */
export async function setCartLines(
  uow: UnitOfWork,
  organizationId: string,
  cartId: string,
  lines: RequestedLine[],
  path: string[] = ['body', 'lines'],
  options: { hold?: boolean } = {},
): Promise<CartView> {
  const cart = await loadCart(uow.trx, organizationId, cartId, { lock: true });
  await assertOpen(uow.trx, cart);
  if (lines.length > MAX_CART_LINES) throw new AppError(422, 'CART_TOO_LARGE', `A cart holds at most ${MAX_CART_LINES} lines.`, { path });
  const evaluated = lines.length ? await evaluateCart(uow.trx, cart, lines, path) : null;
  if (evaluated && !evaluated.decision.allowed) {
    const at = blockedPath(evaluated.decision);
    throw new AppError(422, 'COMPLIANCE_BLOCKED', evaluated.decision.violations.map((v) => v.message).join(' '), {
      violations: evaluated.decision.violations,
      limits: evaluated.decision.limits,
      ...(at && { path: at }),
    });
  }
  if (cart.reservation_id) await releaseReservation(uow, cart.reservation_id, { reason: 'cart_changed' });
  let reservationId: string | null = null;
  let expiresAt: string | null = null;
  if (evaluated && options.hold !== false) {
    const reservation = await reserve(uow, {
      storeId: cart.store_id,
      lines: evaluated.priced.lines.map((l) => ({ skuId: l.skuId, quantity: l.stockQuantity, ...(l.packageLabel ? { packageLabel: l.packageLabel } : {}) })),
      ttlSeconds: CART_HOLD_SECONDS,
      reference: `cart:${cart.id}`,
    });
    reservationId = reservation.id;
    expiresAt = reservation.expiresAt;
  }
  const stored = lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity, ...(l.packageLabel ? { packageLabel: l.packageLabel } : {}) }));
  await updateCart(uow, cart.id, sql`lines = ${JSON.stringify(stored)}::jsonb, reservation_id = ${reservationId}::uuid, hold_expires_at = ${expiresAt}::timestamptz`);
  const updated: CartRow = { ...cart, lines: stored, reservation_id: reservationId, hold_expires_at: expiresAt, hold_live: reservationId !== null };
  return toView(updated, evaluated);
}

export async function addCartLine(uow: UnitOfWork, organizationId: string, cartId: string, line: RequestedLine): Promise<CartView> {
  const cart = await loadCart(uow.trx, organizationId, cartId, { lock: true });
  await assertOpen(uow.trx, cart);
  const lines = [...(cart.lines as RequestedLine[])];
  const same = lines.findIndex((l) => l.skuId === line.skuId && (l.packageLabel ?? null) === (line.packageLabel ?? null));
  if (same >= 0) lines[same] = { ...lines[same], quantity: lines[same].quantity + line.quantity };
  else lines.push(line);
  return setCartLines(uow, organizationId, cartId, lines, ['body']);
}

export async function updateCartLine(uow: UnitOfWork, organizationId: string, cartId: string, lineNo: number, quantity: number): Promise<CartView> {
  const cart = await loadCart(uow.trx, organizationId, cartId, { lock: true });
  await assertOpen(uow.trx, cart);
  const lines = [...(cart.lines as RequestedLine[])];
  if (lineNo < 0 || lineNo >= lines.length) throw new AppError(404, 'NOT_FOUND', 'Cart line not found.', { entity: 'Cart line', id: String(lineNo), path: ['params', 'lineNo'] });
  if (quantity === 0) lines.splice(lineNo, 1);
  else lines[lineNo] = { ...lines[lineNo], quantity };
  return setCartLines(uow, organizationId, cartId, lines, ['body']);
}

/** Restarts the hold's TTL (the customer is still shopping), or places it again if it lapsed. */
export async function refreshCartHold(uow: UnitOfWork, organizationId: string, cartId: string): Promise<CartView> {
  const cart = await loadCart(uow.trx, organizationId, cartId, { lock: true });
  await assertOpen(uow.trx, cart);
  // A store closed or retired holds nothing more for a cart, read with the cart at no extra statement.
  if (cart.store_status !== 'open') throw storeNotOpen(cart.store_status, ['params', 'id']);
  const lines = cart.lines as RequestedLine[];
  if (cart.reservation_id && cart.hold_live) {
    const reservation = await refreshReservation(uow, cart.reservation_id, { ttlSeconds: CART_HOLD_SECONDS }).catch((error: unknown) => {
      // The cart's copy of the expiry says live, but the hold ended without the cart: a manager
      // released it (POST /v1/inventory/reservations/:id/release), or the TTL sweeper expired it
      // as its time ran out. Nothing was written, so it is held again below; refusing left the
      // cart stuck, as completion then answers HOLD_EXPIRED and asks for exactly this call.
      if (error instanceof AppError && error.code === 'RESERVATION_NOT_HELD' && isEnded(error.details)) return null;
      throw error;
    });
    if (reservation) {
      await updateCart(uow, cart.id, sql`hold_expires_at = ${reservation.expiresAt}::timestamptz`);
      return viewCart(uow.trx, { ...cart, hold_expires_at: reservation.expiresAt });
    }
  }
  return setCartLines(uow, organizationId, cartId, lines, ['cart', 'lines']);
}

/** A reservation that ended without being sold (released or expired), as RESERVATION_NOT_HELD details say. */
const isEnded = (details: unknown) => {
  const status = (details as { status?: unknown } | null)?.status;
  return status === 'released' || status === 'expired';
};

export type Fulfillment =
  | { pickup: { name: string; phone: string; pickupAt?: string; mode?: HandOverMode } }
  | { delivery: { name: string; phone: string; address: Record<string, string>; deliverAt?: string; addressType?: AddressType; instructions?: string } };

export async function setCartFulfillment(uow: UnitOfWork, organizationId: string, cartId: string, input: Fulfillment): Promise<CartView> {
  const cart = await loadCart(uow.trx, organizationId, cartId, { lock: true });
  await assertOpen(uow.trx, cart);
  const kind = 'pickup' in input ? 'pickup' : 'delivery';
  if (kind !== cart.channel) {
    throw new AppError(422, 'FULFILLMENT_MISMATCH', `This is a ${cart.channel} cart.`, { path: ['body', kind] });
  }
  // A pickup's mode is stored even when left out, so the order (and the budtender) says how it is handed over.
  const details = 'pickup' in input ? { ...input.pickup, mode: input.pickup.mode ?? 'in_store' } : input.delivery;
  const updated: CartRow = { ...cart, fulfillment: details };
  const lines = cart.lines as RequestedLine[];
  // The cart judged with the new details, as the answer shows it: for a pickup, the engine's word
  // on the mode (the pack, the store's overrides, the store-local date) before anything is written.
  const evaluated = lines.length ? await evaluateCart(uow.trx, updated, lines, ['cart', 'lines'], { forView: true }) : null;
  const mode = 'pickup' in input ? pickupFactsOf(details).mode : null;
  if (mode !== null && mode !== 'in_store') {
    const decision = evaluated?.decision ?? (await pickupModeDecision(uow.trx, updated));
    const refused = decision.violations.filter((v) => v.code === 'PICKUP_MODE_NOT_ALLOWED');
    if (refused.length) {
      throw new AppError(422, 'COMPLIANCE_BLOCKED', refused.map((v) => v.message).join(' '), {
        violations: refused,
        limits: decision.limits,
        path: ['body', 'pickup', 'mode'],
      });
    }
    assertPickupModeOffered(cart, mode, ['body', 'pickup', 'mode']);
  }
  await uow.audit({
    action: 'orders.cart.fulfillment_set',
    entityType: 'cart',
    entityId: cart.id,
    storeId: cart.store_id,
    after: { kind, ...(mode !== null && { mode }) },
  });
  await updateCart(uow, cart.id, sql`fulfillment = ${JSON.stringify(details)}::jsonb`);
  return toView(updated, evaluated);
}

/** The engine's decision on an empty pickup cart: all that is judged is how it is to be handed over. */
async function pickupModeDecision(trx: Trx, cart: CartRow): Promise<EvaluateResponse> {
  const store = await storeContext(trx, cart.organization_id, cart.store_id);
  return evaluateCheckout(trx, {
    store,
    customer: { id: cart.customer_id, ...(cart.caregiver_id ? { caregiverId: cart.caregiver_id } : {}) },
    channel: 'pickup',
    at: new Date(),
    lines: [],
    pickup: pickupFactsOf(cart.fulfillment),
    pathPrefix: ['cart', 'lines'],
  });
}

export async function setCartCoupons(uow: UnitOfWork, organizationId: string, cartId: string, codes: string[]): Promise<CartView> {
  const cart = await loadCart(uow.trx, organizationId, cartId, { lock: true });
  await assertOpen(uow.trx, cart);
  await updateCart(uow, cart.id, sql`coupon_codes = ${codes}::text[]`);
  return viewCart(uow.trx, { ...cart, coupon_codes: codes });
}

export async function abandonCart(uow: UnitOfWork, organizationId: string, cartId: string): Promise<CartView> {
  const cart = await loadCart(uow.trx, organizationId, cartId, { lock: true });
  await assertOpen(uow.trx, cart);
  if (cart.reservation_id) await releaseReservation(uow, cart.reservation_id, { reason: 'cart_abandoned' });
  await uow.audit({ action: 'orders.cart.abandoned', entityType: 'cart', entityId: cart.id, storeId: cart.store_id });
  await updateCart(uow, cart.id, sql`status = 'abandoned', reservation_id = null, hold_expires_at = null`);
  return toView({ ...cart, status: 'abandoned', reservation_id: null, hold_expires_at: null }, null);
}
