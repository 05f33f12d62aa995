// The orders and checkout modules' only contact with other modules. Everything foreign comes
// through here, so that when a module's public door changes there is one file to adjust.
//
import type { AddressType, EvaluateResponse, HandOverMode, RequestLine } from '@verdant/rules';
import { sql } from 'kysely';
import { AppError } from '../../platform/errors';
import { ReadThroughCache } from '../../platform/read-through-cache';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import {
  creditPurchase as complianceCreditPurchase,
  evaluateForCheckout as complianceEvaluate,
  recordPurchase as complianceRecordPurchase,
  recordPurchaseSql,
  recordRefusal as complianceRecordRefusal,
  type LoggedViolation,
} from '../compliance';
export { storeReceiptRequirements } from '../compliance';
import { customerLimitsLockKey, listIdVerifications } from '../customers';
import type { ReceiptEmployee } from '../receipts';
export { activeCaregiverBirthDateSql, assertCustomer, caregiverRefusal } from '../customers';
export { assertStoreOpen, storeNotOpen, type StoreStatus } from '../organizations/organizations.service';

export {
  reserve,
  refreshReservation,
  releaseReservation,
  convertReservationToSale,
  sellDirect,
  returnToStock,
  assertStoreTakesReturnedGoods,
  getReservation,
  type ReservationView,
  type ReservationLineView,
  type SaleResult,
} from '../inventory';
export { catalogUnchangedSql, getSkusForCheckout, type CheckoutSku } from '../catalog';
export { recordPurchaseSql };
export {
  authorizeTenders,
  cashDrawerRefusal,
  voidAuthorizations,
  voidUncollectedCash,
  paymentReferenceRefusal,
  recordPayments,
  recordPaymentsSql,
  refundPayment,
  unansweredRefunds,
  paymentsForOrder,
  orderTenders,
  type Tender,
  type Authorization,
  type PaymentView,
} from '../payments';

type Trx = UnitOfWork['trx'] | Db;

// ---- store context ------------------------------------------------------------------------

export interface StoreContext {
  id: string;
  organizationId: string;
  name: string;
  licenseNumber: string;
  jurisdiction: string;
  timezone: string;
  address: unknown;
  medicalEndorsement: boolean;
}

// Stores change rarely (name, licence, jurisdiction, timezone, address); checkout reads them on
// every sale. A short per-process cache keeps that read off the hot path. A store change is
// dropped from it in every process (this one included) when its published
// organizations.store.updated arrives, milliseconds after the commit; STORE_CACHE_MS is the
// backstop. A read that was running meanwhile is not cached (ReadThroughCache).
const STORE_CACHE_MS = 5_000;
const storeCache = new ReadThroughCache<StoreContext>({ ttlMs: STORE_CACHE_MS });

export const storeContextCacheInvalidation = storeCache.invalidatedBy(['organizations.store.updated'], (event) => event.storeId);

export function storeContext(db: Trx, organizationId: string, storeId: string): Promise<StoreContext> {
  return storeCache.get(storeId, organizationId, async () => {
    const row = await db
      .selectFrom('store')
      .select(['id', 'name', 'license_number', 'jurisdiction', 'timezone', 'address', 'medical_endorsement'])
      .where('id', '=', storeId)
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'NOT_FOUND', 'Store not found.', { entity: 'Store', id: storeId });
    return {
      id: row.id,
      organizationId,
      name: row.name,
      licenseNumber: row.license_number,
      jurisdiction: row.jurisdiction,
      timezone: row.timezone,
      address: row.address,
      medicalEndorsement: row.medical_endorsement,
    };
  });
}

// ---- what a jurisdiction's receipt names ------------------------------------------------------

/**
 * The customer's first name as a receipt may print it: null once the customer's data was erased
 * (the record stays, the name is "Erased Customer"), or for a record that does not exist.
 */
export async function receiptFirstName(db: Trx, organizationId: string, customerId: string): Promise<string | null> {
  const row = await db.selectFrom('customer').select(['first_name', 'anonymized_at']).where('id', '=', customerId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row || row.anonymized_at) return null;
  return row.first_name.trim() || null;
}

/** Whether the customer's personal data was erased at their request (customers' anonymize). */
export async function customerErased(db: Trx, organizationId: string, customerId: string): Promise<boolean> {
  const row = await db.selectFrom('customer').select('anonymized_at').where('id', '=', customerId).where('organization_id', '=', organizationId).executeTakeFirst();
  return Boolean(row?.anonymized_at);
}

/** A staff member as a receipt names them where the law asks: the first name, and the staff id as their employee number. */
const asReceiptEmployee = (row: { id: string; name: string } | undefined): ReceiptEmployee | null =>
  row ? { firstName: row.name.trim().split(/\s+/)[0] || row.name, number: row.id } : null;

/**
 * The driver taking the order to the door, or who took it: the driver of its latest trip that did
 * not end undelivered (one brought back for later rode again on another run). Null before a run
 * took it, or once every trip brought it back.
 */
export async function receiptDriver(db: Trx, organizationId: string, orderId: string): Promise<ReceiptEmployee | null> {
  const row = await db
    .selectFrom('delivery_stop as s')
    .innerJoin('delivery_run as r', 'r.id', 's.run_id')
    .innerJoin('staff_user as u', 'u.id', 'r.driver_id')
    .select(['u.id', 'u.name'])
    .where('s.order_id', '=', orderId)
    .where('s.organization_id', '=', organizationId)
    .where('s.status', '<>', 'undelivered')
    .orderBy('s.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return asReceiptEmployee(row);
}

/** Who prepared the order: the staff member who last packed it (null when an API key or the system did). */
export async function receiptPacker(db: Trx, organizationId: string, orderId: string): Promise<ReceiptEmployee | null> {
  const row = await db
    .selectFrom('sales_order_transition as t')
    .innerJoin('staff_user as u', (join) => join.on(sql`u.id::text`, '=', sql.ref('t.actor_id')))
    .select(['u.id', 'u.name'])
    .where('t.order_id', '=', orderId)
    .where('t.to_status', '=', 'packed')
    .where('t.actor_type', '=', 'staff')
    .where('u.organization_id', '=', organizationId)
    .orderBy('t.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return asReceiptEmployee(row);
}

/**
 * Net weight of one unit of each line of an order (mg), by line number: as the sale recorded it
 * in the customer's limit usage (what the limits counted), else the SKU's net weight now (a sale
 * without a customer record keeps no usage). A line whose weight nobody states is absent.
 */
export async function unitNetWeights(db: Trx, orderId: string, lines: Array<{ lineNo: number; skuId: string }>): Promise<Map<number, number>> {
  const weights = new Map<number, number>();
  const usage = await db.selectFrom('purchase_usage_line').select(['line_no', 'net_weight_mg']).where('order_id', '=', orderId).execute();
  for (const u of usage) if (u.net_weight_mg !== null) weights.set(u.line_no, Number(u.net_weight_mg));
  const missing = lines.filter((l) => !weights.has(l.lineNo));
  if (missing.length > 0) {
    const skus = await db.selectFrom('sku').select(['id', 'net_weight_mg']).where('id', 'in', [...new Set(missing.map((l) => l.skuId))]).execute();
    for (const l of missing) {
      const mg = skus.find((s) => s.id === l.skuId)?.net_weight_mg;
      if (mg !== null && mg !== undefined) weights.set(l.lineNo, Number(mg));
    }
  }
  return weights;
}

// ---- customers and compliance ---------------------------------------------------------------

export interface CheckoutCustomer {
  /** Null for a walk-in whose ID was checked at the door (no profile, no history). */
  id: string | null;
  kind?: 'adult_use' | 'medical';
  birthDate?: string;
  idJurisdiction?: string;
  /** A caregiver linked to the patient `id`, buying for them (checked by compliance: 422 CAREGIVER_NOT_LINKED). */
  caregiverId?: string;
}

/**
 * The ID check a hand-over links to the order: the one named, which must be this customer's, or
 * else their latest; either way a document still valid on the store's date. 422 ID_NOT_VERIFIED
 * when there is none (or the named one is someone else's), 422 ID_EXPIRED when it has expired.
 */
export async function idVerificationForHandOver(db: Trx, input: { organizationId: string; customerId: string; today: string; named?: string }): Promise<string> {
  const list = await listIdVerifications(db as Db, input.organizationId, input.customerId);
  const check = input.named ? list.find((v) => v.id === input.named) : [...list].sort((a, b) => (a.verifiedAt < b.verifiedAt ? 1 : -1))[0];
  if (!check && input.named) {
    throw new AppError(422, 'ID_NOT_VERIFIED', 'That ID check is not one of this customer’s.', { path: ['body', 'idVerificationId'], customerId: input.customerId });
  }
  if (!check) throw new AppError(422, 'ID_NOT_VERIFIED', 'Verify the customer’s ID before the hand-over.', { customerId: input.customerId });
  if (check.expiresOn < input.today) {
    throw new AppError(422, 'ID_EXPIRED', `The ID on file expired on ${check.expiresOn}: check a current ID before the hand-over.`, {
      customerId: input.customerId,
      idVerificationId: check.id,
      expiresOn: check.expiresOn,
    });
  }
  return check.id;
}

export type CheckoutChannel = 'in_store' | 'pickup' | 'delivery';

export interface ComplianceLine extends RequestLine {
  /** Our own line number, kept through to the usage ledger. */
  lineNo: number;
}

/**
 * Serializes limit decisions of one customer: two registers selling to the same person at the
 * same moment cannot both pass against the same history. Held to the end of the transaction.
 */
export async function lockCustomerLimits(uow: UnitOfWork, customerId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${customerLimitsLockKey(customerId)}, 0))`.execute(uow.trx);
}

/**
 * The advisory-lock key of lockCustomerLimits, for callers that take it inside their own statement.
 * Owned by customers: its changes to a customer take the same lock.
 */
export { customerLimitsLockKey };

export interface EvaluateInput {
  store: StoreContext;
  customer: CheckoutCustomer;
  channel: CheckoutChannel;
  at: Date;
  lines: ComplianceLine[];
  delivery?: { deliverAt?: string; addressType?: AddressType } | null;
  /** A pickup's hand-over mode (carts.service pickupFactsOf); the engine consults it only for channel pickup. */
  pickup?: { mode?: HandOverMode } | null;
  pathPrefix?: Array<string | number>;
}

/**
 * The compliance module's decision for a cart (history, overrides, local rates), read in `trx`.
 * Carts and checkouts decide for now, so purchases recorded with a later time (a register whose
 * clock runs ahead, or a sale that committed since `at`) count as made at `at`: the pre-check, a
 * cart's meter and the re-check under the customer's lock read the history the same way, so they
 * agree, and they share one prepared statement and its cached plan.
 */
export async function evaluateCheckout(trx: Trx, input: EvaluateInput): Promise<EvaluateResponse> {
  const customer = input.customer.id
    ? { id: input.customer.id, ...(input.customer.caregiverId ? { caregiverId: input.customer.caregiverId } : {}) }
    : {
        kind: input.customer.kind ?? 'adult_use',
        birthDate: input.customer.birthDate!,
        ...(input.customer.idJurisdiction ? { idJurisdiction: input.customer.idJurisdiction } : {}),
      };
  return complianceEvaluate(trx as Db, {
    organizationId: input.store.organizationId,
    store: { id: input.store.id, jurisdiction: input.store.jurisdiction, timezone: input.store.timezone, medicalEndorsement: input.store.medicalEndorsement },
    customer: customer as never,
    channel: input.channel,
    at: input.at,
    lines: input.lines.map(({ lineNo: _lineNo, ...line }) => line),
    ...(input.delivery ? { delivery: { orderedAt: input.at.toISOString(), ...input.delivery } } : {}),
    ...(input.pickup ? { pickup: input.pickup } : {}),
    ...(input.pathPrefix ? { pathPrefix: input.pathPrefix as never } : {}),
    countLaterPurchases: true,
  });
}

export interface PurchaseRecord {
  organizationId: string;
  storeId: string;
  customerId: string;
  orderId: string;
  channel: CheckoutChannel;
  lines: ComplianceLine[];
}

/** Writes the limit usage of a completed sale, in the sale's transaction. */
export async function recordPurchase(uow: UnitOfWork, input: PurchaseRecord): Promise<void> {
  await complianceRecordPurchase(uow, purchaseRecord(input));
}

/** recordPurchase's input in the compliance module's shape (for recordPurchaseSql). */
export function purchaseRecord(input: PurchaseRecord) {
  return {
    organizationId: input.organizationId,
    storeId: input.storeId,
    customerId: input.customerId,
    orderId: input.orderId,
    channel: input.channel,
    occurredAt: new Date(),
    lines: input.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      category: l.category,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      netWeightMg: l.netWeightMg ?? null,
      thcMg: l.thcMg ?? null,
      thcPercent: l.thcPercent ?? null,
      // Kept with the usage, so a later sale's limits see the potency this one was decided on.
      thcaPercent: l.thcaPercent ?? null,
      infused: l.infused ?? false,
    })),
  };
}

/**
 * Where a 422 COMPLIANCE_BLOCKED of a cart points, besides the lines each violation names: a
 * customer the pack wants pre-verified for delivery is the cart's customer's matter (an ID to be
 * checked in person), not a line's; a pickup mode the pack does not allow is its pickup details';
 * absent for every other refusal, as before.
 */
export function blockedPath(decision: Pick<EvaluateResponse, 'violations'>): string[] | undefined {
  if (decision.violations.some((v) => v.code === 'DELIVERY_PRE_VERIFICATION_REQUIRED')) return ['cart', 'customerId'];
  // A pickup mode the pack does not allow (any more) is the pickup details' matter, not a line's.
  if (decision.violations.some((v) => v.code === 'PICKUP_MODE_NOT_ALLOWED')) return ['cart', 'fulfillment', 'mode'];
  return undefined;
}

/** Gives limit allowance back for returned or voided quantities (where the pack says so). */
export async function creditPurchase(uow: UnitOfWork, input: { orderId: string; lines?: Array<{ lineNo: number; quantity: number }> }): Promise<{ credited: number; creditable: boolean }> {
  return complianceCreditPurchase(uow, input);
}

/** Logs a blocked sale (who, when, why): committed even though the sale is refused. */
export async function recordRefusal(
  uow: UnitOfWork,
  input: { organizationId: string; storeId: string; customerId: string | null; channel: CheckoutChannel; source: string; decision: EvaluateResponse },
): Promise<string> {
  const event = await complianceRecordRefusal(uow, {
    organizationId: input.organizationId,
    storeId: input.storeId,
    customerId: input.customerId,
    channel: input.channel,
    source: input.source,
    violations: input.decision.violations,
    jurisdiction: input.decision.context.jurisdiction,
    packVersion: input.decision.packVersion,
  });
  return event.id;
}

/** Logs a refusal the order module decided itself (a hand-over's ID or hour): committed on its own. */
export async function recordComplianceRefusal(
  uow: UnitOfWork,
  input: { organizationId: string; storeId: string; customerId: string | null; orderId: string; channel: CheckoutChannel; source: string; violations: LoggedViolation[]; jurisdiction: string },
): Promise<string> {
  return (await complianceRecordRefusal(uow, input)).id;
}

// ---- promotions -------------------------------------------------------------------------------

// The store's promotions (cached briefly by the promotions module), the jurisdiction's guard, and
// coupon usage counted in the completion transaction. Pricing with them: checkout/pricing.ts.
export { promotionsForSale, complianceGuardFor, redeemCoupons, promotionsOnOrder, getPromotion, type SalePromotions } from '../promotions';
export { checkStoreHandOver, localDate, pickupModeNotOffered } from '../compliance';

// ---- registers and loyalty (the sale's drawer and points) ------------------------------------

export { assertOpenSession, recordCashSale, recordCashRefund } from '../registers';
export { activeLoyaltyProgram, earnForOrder, loyaltyAccount, redeemForOrder, redemptionProgram, reverseForOrder } from '../loyalty';
export { releaseCoupons } from '../promotions';
