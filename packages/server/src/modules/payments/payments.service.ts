import { sql, type RawBuilder } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Platform } from '../../platform/platform';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors';
import { ReadThroughCache } from '../../platform/read-through-cache';
import type { RequestContext } from '../../platform/context';
import { inTransaction, type Db, type UnitOfWork } from '../../platform/unit-of-work';
import { roundCash } from './cash-rounding';
import type { Authorization, PaymentProvider, ProviderContext, Tender, TenderKind } from './payment-provider';
import { cashProvider } from './providers/cash.provider';
import { PaymentSimulator } from './providers/simulator.provider';
import { storedValueProvider } from './providers/stored-value.provider';
import { creditOnce, existingStoreCreditAccount, storeCreditAccount } from './stored-value';
import { keptCustomerId } from '../customers';
import { terminalProvider } from './providers/terminal.provider';

export interface Payments {
  providers: ReadonlyMap<TenderKind, PaymentProvider>;
  simulator: PaymentSimulator;
}

const byPlatform = new WeakMap<Platform, Payments>();

/** The payment providers of one running platform (the simulator's settings are per platform). */
export function paymentsOf(platform: Platform): Payments {
  let payments = byPlatform.get(platform);
  if (!payments) {
    const simulator = new PaymentSimulator();
    payments = {
      simulator,
      providers: new Map<TenderKind, PaymentProvider>([
        ['cash', cashProvider],
        ['terminal', terminalProvider],
        ['gift_card', storedValueProvider('gift_card')],
        ['store_credit', storedValueProvider('store_credit')],
        ['simulator', simulator],
      ]),
    };
    byPlatform.set(platform, payments);
  }
  return payments;
}

export const PaymentEvents = {
  /** A store's payment settings (its cash rounding rule, whether cash needs a drawer) changed. */
  settingsChanged: 'payments.payment_settings.changed',
} as const;

/** A store's payment settings (store_payment_setting; a store without a row has the defaults). */
export interface PaymentSettings {
  /** Cash totals are rounded to this many cents (1 = no rounding). */
  cashRoundingCents: number;
  /** Register cash is taken only into an open drawer session (see cashDrawerRefusal). */
  cashDrawerRequired: boolean;
}

const DEFAULT_SETTINGS: PaymentSettings = { cashRoundingCents: 1, cashDrawerRequired: false };

// The settings are read on every authorization and change almost never: cached per store for
// PAYMENT_SETTINGS_CACHE_MS. A change through this process drops the entry (again after commit,
// and a read that raced it is not cached); every other process drops it when it sees the
// published payments.payment_settings.changed (cashRoundingCacheInvalidation). The TTL is the backstop.
const PAYMENT_SETTINGS_CACHE_MS = 5_000;
const settingsCache = new ReadThroughCache<PaymentSettings>({ ttlMs: PAYMENT_SETTINGS_CACHE_MS });

export const cashRoundingCacheInvalidation = settingsCache.invalidatedBy([PaymentEvents.settingsChanged], (event) => event.storeId);

/**
 * Changes a store's payment settings; what `change` leaves out stays as it is. Answers the
 * settings as they are now.
 */
export async function setPaymentSettings(uow: UnitOfWork, storeId: string, change: Partial<PaymentSettings>): Promise<PaymentSettings> {
  settingsCache.invalidateOnCommit(uow, storeId);
  const set = {
    ...(change.cashRoundingCents !== undefined ? { cash_rounding_cents: change.cashRoundingCents } : {}),
    ...(change.cashDrawerRequired !== undefined ? { cash_drawer_required: change.cashDrawerRequired } : {}),
    updated_at: new Date(),
  };
  const row = await uow.trx
    .insertInto('store_payment_setting')
    .values({ store_id: storeId, ...set })
    .onConflict((oc) => oc.column('store_id').doUpdateSet(set))
    .returning(['cash_rounding_cents', 'cash_drawer_required'])
    .executeTakeFirstOrThrow();
  const settings: PaymentSettings = { cashRoundingCents: row.cash_rounding_cents, cashDrawerRequired: row.cash_drawer_required };
  await uow.audit({ action: 'store.payment_settings.changed', entityType: 'store', entityId: storeId, storeId, after: { ...change } });
  await uow.emit({ type: PaymentEvents.settingsChanged, aggregateType: 'store', aggregateId: storeId, storeId, payload: { storeId, ...settings } });
  return settings;
}

/** The store's payment settings, cached. */
export function paymentSettingsFor(db: Db, storeId: string): Promise<PaymentSettings> {
  return settingsCache.get(storeId, async () => {
    const row = await db.selectFrom('store_payment_setting').select(['cash_rounding_cents', 'cash_drawer_required']).where('store_id', '=', storeId).executeTakeFirst();
    return row ? { cashRoundingCents: row.cash_rounding_cents, cashDrawerRequired: row.cash_drawer_required } : DEFAULT_SETTINGS;
  });
}

/** The store's smallest cash unit in cents (1 = no rounding), cached. */
export async function cashRoundingFor(db: Db, storeId: string): Promise<number> {
  return (await paymentSettingsFor(db, storeId)).cashRoundingCents;
}

/**
 * Cash taken at the register lands in an open drawer session, or the drawer's expected cash at
 * the close is short of what is in it. Where the store requires it (`cashDrawerRequired`), a sale
 * or hand-over taking cash without naming the drawer is refused before anything is taken:
 * 422 REGISTER_SESSION_REQUIRED at `path` (the request's registerSessionId). Answers the
 * refusal, or null when there is none (no cash, a drawer named, or a store that does not require it).
 */
export async function cashDrawerRefusal(db: Db, input: { storeId: string; takesCash: boolean; registerSessionId: string | null | undefined; path: ReadonlyArray<string | number> }): Promise<AppError | null> {
  if (!input.takesCash || input.registerSessionId) return null;
  if (!(await paymentSettingsFor(db, input.storeId)).cashDrawerRequired) return null;
  return new AppError(422, 'REGISTER_SESSION_REQUIRED', 'This store takes cash only into an open drawer: name the register session (registerSessionId) the cash goes into.', {
    path: [...input.path],
  });
}

/** Where the tenders sit in the caller's request, for error paths (e.g. ['body', 'tenders']). */
export type TendersPath = ReadonlyArray<string | number>;

/**
 * Splits the amount due over the tenders in the order given: each non-cash tender takes its
 * stated amount (or what remains), cash takes what is left and may be handed over in excess
 * (change). Refuses a split that does not cover the total or overpays with a non-cash tender.
 * When nothing is due the plan is empty: no tenders, or cash without an amount, and no payment row.
 *
 * Cash is one tender per sale (400 CASH_TENDER_REPEATED at the second one's `kind`): the store's
 * cash rounding applies to the cash total once, and cash split into several tenders would be
 * rounded once each (four 12¢ cash tenders round to nothing at a 25¢ unit).
 */
export function planTenders(amountDueCents: number, tenders: Tender[], path: TendersPath = ['tenders']): Array<{ tender: Tender; amountCents: number }> {
  if (tenders.length === 0 && amountDueCents > 0) {
    throw new AppError(422, 'TENDER_SHORT', 'No tender was given for an amount due.', { path: [...path], dueCents: amountDueCents });
  }
  const firstCash = tenders.findIndex((t) => t.kind === 'cash');
  const repeatedCash = tenders.findIndex((t, index) => t.kind === 'cash' && index !== firstCash);
  if (repeatedCash >= 0) {
    throw badRequest('CASH_TENDER_REPEATED', 'Cash is one tender: give the cash handed over once, for all of the cash part.', {
      path: [...path, repeatedCash, 'kind'],
      cashTenderIndex: firstCash,
    });
  }
  if (amountDueCents === 0) {
    // Nothing is due (a price overridden to nothing, an accessory given away): no tender takes
    // anything and the sale is paid as it stands. A register that sends its usual "cash, whatever
    // is due" is answered the same; a tender that names an amount is more than the sale needs.
    const stated = tenders.findIndex((t) => t.kind !== 'cash' || t.amountCents !== undefined);
    if (stated >= 0) throw badRequest('TENDER_EXCESS', 'Nothing is due: a tender for an amount is more than the total needs.', { path: [...path, stated] });
    return [];
  }
  const plan: Array<{ tender: Tender; amountCents: number }> = [];
  let remaining = amountDueCents;
  tenders.forEach((tender, index) => {
    if (remaining <= 0) throw badRequest('TENDER_EXCESS', 'More tenders than the total needs.', { path: [...path, index] });
    let amount: number;
    if (tender.kind === 'cash') {
      amount = tender.amountCents ?? remaining;
      if (index !== tenders.length - 1 && tender.amountCents === undefined) {
        throw badRequest('VALIDATION_FAILED', 'Cash without an amount must be the last tender.', { path: [...path, index, 'amountCents'] });
      }
    } else {
      amount = tender.amountCents ?? remaining;
    }
    if (!Number.isInteger(amount) || amount <= 0) {
      throw badRequest('VALIDATION_FAILED', 'A tender amount is a positive whole number of cents.', { path: [...path, index, 'amountCents'] });
    }
    if (amount > remaining) {
      throw badRequest('TENDER_EXCESS', 'A tender is larger than what remains due; only cash can be over (for change).', {
        path: [...path, index, 'amountCents'],
        remainingCents: remaining,
      });
    }
    plan.push({ tender, amountCents: amount });
    remaining -= amount;
  });
  if (remaining > 0) {
    throw new AppError(422, 'TENDER_SHORT', `Tenders cover ${amountDueCents - remaining}¢ of ${amountDueCents}¢.`, {
      path: [...path],
      dueCents: amountDueCents,
      shortCents: remaining,
    });
  }
  return plan;
}

/**
 * Store credit is money the store owes one customer, so it pays only for that customer's own
 * sale: the tender must name the sale's customer (for a caregiver buying for a patient, the
 * patient, whose order it is and whose store credit a return of it would fill). A walk-in has no
 * store credit. Checked on the tenders as sent, before any of them is taken, so a refusal moves
 * no money; it reads nothing (the sale's customer is already known), so a sale costs no statement
 * more for it.
 */
export function assertStoreCreditIsCustomers(tenders: Tender[], saleCustomerId: string | null, path: TendersPath = ['tenders']): void {
  tenders.forEach((tender, index) => {
    if (tender.kind !== 'store_credit') return;
    const at = [...path, index, 'customerId'];
    if (!tender.customerId) throw badRequest('VALIDATION_FAILED', 'Store credit needs the customer whose credit it is.', [{ path: at, message: 'required for store credit' }]);
    if (tender.customerId !== saleCustomerId) {
      throw new AppError(
        422,
        'STORE_CREDIT_NOT_CUSTOMERS',
        saleCustomerId === null ? 'A walk-in sale cannot be paid with store credit: it belongs to a customer on record.' : 'Store credit pays only for its own customer’s sale.',
        { path: at },
      );
    }
  });
}

export interface AuthorizeInput {
  organizationId: string;
  storeId: string;
  reference: string;
  amountDueCents: number;
  tenders: Tender[];
  /** Whose sale this is (null for a walk-in): store credit may only be theirs. */
  customerId: string | null;
  /** Where the tenders sit in the request, for error paths; default ['tenders']. */
  path?: TendersPath;
}

/**
 * Authorizes every tender, outside any business transaction. If one fails, those already
 * authorized are voided before the error is passed on, so a failed payment leaves no money held.
 */
export async function authorizeTenders(platform: Platform, request: RequestContext, input: AuthorizeInput): Promise<Authorization[]> {
  const { providers } = paymentsOf(platform);
  const plan = planTenders(input.amountDueCents, input.tenders, input.path);
  assertStoreCreditIsCustomers(input.tenders, input.customerId, input.path);
  const context: ProviderContext = {
    runner: platform.tx,
    request,
    organizationId: input.organizationId,
    storeId: input.storeId,
    reference: input.reference,
    cashRoundingCents: await cashRoundingFor(platform.database.db, input.storeId),
    saleCustomerId: input.customerId,
  };
  const done: Authorization[] = [];
  try {
    for (const [index, { tender, amountCents }] of plan.entries()) {
      const provider = providers.get(tender.kind);
      if (!provider) throw badRequest('VALIDATION_FAILED', `Unknown tender ${tender.kind}.`, { path: [...(input.path ?? ['tenders']), index, 'kind'] });
      done.push(await provider.authorize(context, tender, amountCents).catch((error: unknown) => Promise.reject(atTender(error, input.path ?? ['tenders'], index))));
    }
    return done;
  } catch (error) {
    await voidAuthorizations(platform, request, input, done);
    throw error;
  }
}

/**
 * A provider names its refusals at `tenders` (`["tenders", "giftCardCode"]`): it is handed one
 * tender and does not know where the request put it. Its field is that tender's, in the request
 * (`["body", "tenders", 1, "giftCardCode"]`). Anything else passes through.
 */
function atTender(error: unknown, path: TendersPath, index: number): unknown {
  if (!(error instanceof AppError) || error.details === null || typeof error.details !== 'object') return error;
  const moved = (entry: unknown): unknown => {
    const at = (entry as { path?: unknown } | null)?.path;
    return Array.isArray(at) && at[0] === 'tenders' ? { ...(entry as object), path: [...path, index, ...at.slice(1)] } : entry;
  };
  const details = Array.isArray(error.details) ? error.details.map(moved) : moved(error.details);
  const copy = new AppError(error.statusCode, error.code, error.message, details);
  copy.stack = error.stack;
  return copy;
}

/**
 * The compensation: undoes authorizations whose order was not written. A void that fails is
 * logged loudly and returned, for the caller to record for follow-up; it never hides the
 * original error.
 */
export async function voidAuthorizations(
  platform: Platform,
  request: RequestContext,
  input: Pick<AuthorizeInput, 'organizationId' | 'storeId' | 'reference'>,
  authorizations: Authorization[],
): Promise<Array<{ authorization: Authorization; error: string }>> {
  const { providers } = paymentsOf(platform);
  const context: ProviderContext = {
    runner: platform.tx,
    request,
    organizationId: input.organizationId,
    storeId: input.storeId,
    reference: input.reference,
    cashRoundingCents: 1,
  };
  const failures: Array<{ authorization: Authorization; error: string }> = [];
  for (const authorization of [...authorizations].reverse()) {
    try {
      await providers.get(authorization.provider)?.void(context, authorization);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      platform.logger.error({ provider: authorization.provider, authorizationRef: authorization.authorizationRef, err: message }, 'payment void failed: needs follow-up');
      failures.push({ authorization, error: message });
    }
  }
  return failures;
}

export interface PaymentView {
  id: string;
  provider: string;
  status: string;
  amountCents: number;
  tenderedCents: number | null;
  changeCents: number;
  refundedCents: number;
  authorizationRef: string;
  details: Record<string, unknown>;
}

/**
 * recordPayments as a data-modifying CTE (`payments_w as (…)`) for the order's one write
 * statement, with the views it will have written (ids are drawn here; nothing else is computed
 * by the database). Null when there is nothing to record.
 */
export function recordPaymentsSql(input: { organizationId: string; storeId: string; orderId: string; authorizations: Authorization[] }): { views: PaymentView[]; sql: RawBuilder<unknown> } | null {
  if (input.authorizations.length === 0) return null;
  const rows = input.authorizations.map((a) => ({
    id: uuidv7(),
    provider: a.provider,
    status: 'captured',
    amount_cents: a.amountCents,
    tendered_cents: a.tenderedCents,
    change_cents: a.changeCents,
    refunded_cents: 0,
    authorization_ref: a.authorizationRef,
    details: a.details ?? {},
  }));
  return {
    views: rows.map(toPaymentView),
    sql: sql`payments_w as (
      insert into payment (id, organization_id, store_id, order_id, provider, status, amount_cents, tendered_cents, change_cents, authorization_ref, details)
      select x.id, ${input.organizationId}::uuid, ${input.storeId}::uuid, ${input.orderId}::uuid, x.provider, x.status, x.amount_cents,
             x.tendered_cents, x.change_cents, x.authorization_ref, x.details
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, provider text, status text, amount_cents bigint,
             tendered_cents bigint, change_cents bigint, authorization_ref text, details jsonb)
      returning 1)`,
  };
}

/** Records the authorized tenders against the order, inside the order's transaction. */
export async function recordPayments(
  uow: UnitOfWork,
  input: { organizationId: string; storeId: string; orderId: string; authorizations: Authorization[] },
): Promise<PaymentView[]> {
  if (input.authorizations.length === 0) return [];
  const rows = await uow.trx.insertInto('payment').values(paymentRows(input, { order_id: input.orderId })).returningAll().execute();
  return rows.map(toPaymentView);
}

/** The payment rows of authorized tenders, captured, for what they paid (an order or a gift card sale). */
function paymentRows(
  input: { organizationId: string; storeId: string; authorizations: Authorization[] },
  paidFor: { order_id: string } | { order_id: null; gift_card_sale_id: string },
) {
  return input.authorizations.map((a) => ({
    id: uuidv7(),
    organization_id: input.organizationId,
    store_id: input.storeId,
    ...paidFor,
    provider: a.provider,
    status: 'captured',
    amount_cents: a.amountCents,
    tendered_cents: a.tenderedCents,
    change_cents: a.changeCents,
    authorization_ref: a.authorizationRef,
    details: JSON.stringify(a.details),
  }));
}

const referenceKey = (provider: string, reference: string) => `${provider}:${reference}`;

/** 409 TERMINAL_REFERENCE_USED at the first tender whose reference is taken, or repeats one ahead of it. */
function referenceUsed(authorizations: Authorization[], taken: (key: string) => boolean, path: TendersPath): AppError {
  const seen = new Set<string>();
  const index = authorizations.findIndex((a) => {
    const key = referenceKey(a.provider, a.authorizationRef);
    const used = taken(key) || seen.has(key);
    seen.add(key);
    return used;
  });
  return new AppError(409, 'TERMINAL_REFERENCE_USED', 'This card terminal approval reference is already recorded for another payment.', {
    path: [...path, Math.max(index, 0), 'terminalReference'],
  });
}

/**
 * A sale's payments are written by the order's own statement, and a provider reference names one
 * payment of the store on the store's day (a unique index, migrations 0083 and 0128): a card terminal's approval
 * reference recorded there today (an earlier sale, or typed twice in this one) makes that
 * statement fail. Called with the error after the sale's transaction rolled back: the refusal
 * (409 TERMINAL_REFERENCE_USED at the tender) for that failure, null for any other error.
 */
export async function paymentReferenceRefusal(
  db: Db,
  error: unknown,
  sale: { organizationId: string; storeId: string; authorizations: Authorization[] },
  path: TendersPath,
): Promise<AppError | null> {
  const { authorizations } = sale;
  const failure = error as { code?: string; constraint?: string } | null;
  if (failure?.code !== '23505' || failure.constraint !== 'payment_authorization_idx' || authorizations.length === 0) return null;
  const recorded = await db
    .selectFrom('payment')
    .select(['provider', 'authorization_ref'])
    .where('organization_id', '=', sale.organizationId)
    .where('store_id', '=', sale.storeId)
    // The store's day, as the payment's own (migration 0128): not the UTC date.
    .where('captured_on', '=', sql<string>`(now() at time zone (select s.timezone from store s where s.id = ${sale.storeId}))::date`)
    .where((eb) => eb.or(authorizations.map((a) => eb.and([eb('provider', '=', a.provider), eb('authorization_ref', '=', a.authorizationRef)]))))
    .execute();
  const taken = new Set(recorded.map((r) => referenceKey(r.provider, r.authorization_ref)));
  return referenceUsed(authorizations, (key) => taken.has(key), path);
}

/**
 * Records the tenders taken for a gift card sold at the register (no order), inside the sale's
 * transaction. A card terminal's approval reference names one payment: one already recorded (a
 * reference typed twice, or from an earlier sale) is 409 TERMINAL_REFERENCE_USED at its tender,
 * and the caller's transaction rolls back.
 */
export async function recordGiftCardSalePayments(
  uow: UnitOfWork,
  input: { organizationId: string; storeId: string; giftCardSaleId: string; authorizations: Authorization[]; path: TendersPath },
): Promise<PaymentView[]> {
  if (input.authorizations.length === 0) return [];
  const rows = await uow.trx
    .insertInto('payment')
    .values(paymentRows(input, { order_id: null, gift_card_sale_id: input.giftCardSaleId }))
    .onConflict((oc) => oc.columns(['organization_id', 'store_id', 'provider', 'authorization_ref', 'captured_on']).doNothing())
    .returningAll()
    .execute();
  if (rows.length < input.authorizations.length) {
    // The first tender not written: its reference was recorded before, or by a tender ahead of it.
    const written = new Set(rows.map((r) => referenceKey(r.provider, r.authorization_ref)));
    throw referenceUsed(input.authorizations, (key) => !written.has(key), input.path);
  }
  // The order the tenders were given in (the ids are time-ordered).
  return rows.sort((a, b) => (a.id < b.id ? -1 : 1)).map(toPaymentView);
}

type PaymentRow = {
  id: string;
  provider: string;
  status: string;
  amount_cents: number;
  tendered_cents: number | null;
  change_cents: number;
  refunded_cents: number;
  authorization_ref: string;
  details: unknown;
};
export const toPaymentView = (row: PaymentRow): PaymentView => ({
  id: row.id,
  provider: row.provider,
  status: row.status,
  amountCents: row.amount_cents,
  tenderedCents: row.tendered_cents,
  changeCents: row.change_cents,
  refundedCents: row.refunded_cents,
  authorizationRef: row.authorization_ref,
  details: (row.details ?? {}) as Record<string, unknown>,
});

export async function paymentsForOrder(db: Db, orderId: string): Promise<PaymentView[]> {
  const rows = await db.selectFrom('payment').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toPaymentView);
}

/** A payment of an order as a return screen shows it: where a refund of it goes, never card data. */
export interface OrderTenderView {
  id: string;
  /** The tender it was paid with. */
  kind: TenderKind;
  /** voided: cash of an online order cancelled before the hand-over, never collected (nothing to refund). */
  status: 'captured' | 'partially_refunded' | 'refunded' | 'voided';
  amountCents: number;
  /** Refunded so far, as recorded (a refund that failed and awaits follow-up is not in it). */
  refundedCents: number;
  refundableCents: number;
  tenderedCents: number | null;
  changeCents: number;
  /** The card terminal's approval reference or the processor's reference; null for cash and stored value. */
  reference: string | null;
  /** Last four digits of the card or gift card, when known. */
  last4: string | null;
  paidAt: string;
}

const CARD_KINDS = new Set(['terminal', 'simulator']);

/**
 * An order's payments in the order a return refunds them: the last tender taken first (as
 * returns.service lays a refund over them), so the first with something refundable is where the
 * next refund goes.
 */
export async function orderTenders(db: Db, organizationId: string, orderId: string): Promise<OrderTenderView[]> {
  const rows = await db
    .selectFrom('payment')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => {
    const details = (row.details ?? {}) as { cardLast4?: string | null; last4?: string | null };
    const amountCents = Number(row.amount_cents);
    const refundedCents = Number(row.refunded_cents);
    const card = CARD_KINDS.has(row.provider);
    return {
      id: row.id,
      kind: row.provider as TenderKind,
      status: row.status as OrderTenderView['status'],
      amountCents,
      refundedCents,
      refundableCents: row.status === 'voided' ? 0 : amountCents - refundedCents,
      tenderedCents: row.tendered_cents === null ? null : Number(row.tendered_cents),
      changeCents: Number(row.change_cents),
      reference: card ? row.authorization_ref : null,
      last4: (card ? details.cardLast4 : row.provider === 'gift_card' ? details.last4 : null) ?? null,
      paidAt: new Date(row.created_at).toISOString(),
    };
  });
}

/**
 * Refunds part or all of a payment, once per idempotency key: claims the amount on the payment,
 * refunds through its provider (outside a transaction), then records it. `toStoreCredit` sends
 * the money to the customer's store credit instead of the original tender (claim, credit and
 * record in one transaction).
 *
 * The claim writes the refund's row (payment_refund, keyed, migration 0163) in the transaction
 * that moves the payment's refunded cents, and the record fills in the provider's answer. A retry
 * under the same key therefore never claims again: a key already answered is answered with its
 * refund, and a key claimed but never answered (a try that died, or whose recording failed, after
 * the money may have moved) is finished: the provider is asked again under the key, which answers
 * the first refund if it was made, and the answer is recorded on that claim.
 */
export async function refundPayment(
  platform: Platform,
  request: RequestContext,
  input: RefundInput & { toStoreCredit?: { customerId: string } },
): Promise<{ refundId: string; refundRef: string; destination: string }> {
  const { db } = platform.database;
  const payment = await db
    .selectFrom('payment')
    .select(['id', 'store_id', 'order_id', 'provider', 'amount_cents', 'refunded_cents', 'authorization_ref', 'details'])
    .where('id', '=', input.paymentId)
    .where('organization_id', '=', input.organizationId)
    .executeTakeFirst();
  if (!payment) throw notFound('Payment', input.paymentId);
  if (!Number.isInteger(input.amountCents) || input.amountCents <= 0) throw exceedsPayment(Number(payment.amount_cents) - Number(payment.refunded_cents));
  const destination = input.toStoreCredit ? 'store_credit' : payment.provider;
  if (input.toStoreCredit) {
    // Store credit is our own ledger: claim, credit and record commit together. The credit comes
    // first, under the idempotency key: a key already credited is a try that committed all three
    // but whose answer was lost, and its retry answers that refund (no second claim or credit).
    const customerId = input.toStoreCredit.customerId;
    return inTransaction(platform.tx, request, async (uow) => {
      const credit = await creditAsStoreCredit(uow, input.organizationId, customerId, input.amountCents, payment.id, input.idempotencyKey);
      if (credit.replayed) {
        const earlier = await uow.trx.selectFrom('payment_refund').select('id').where('payment_id', '=', payment.id).where('refund_ref', '=', credit.refundRef).executeTakeFirst();
        if (!earlier) throw keyReused(input.idempotencyKey);
        return { refundId: earlier.id, refundRef: credit.refundRef, destination };
      }
      const claim = await claimRefund(uow, payment.id, input, credit.refundRef);
      // The key names a refund to the original tender: this is not its retry.
      if (!claim.claimed) throw keyReused(input.idempotencyKey);
      await auditRefund(uow, payment, input, destination, credit.refundRef);
      return { refundId: claim.id, refundRef: credit.refundRef, destination };
    });
  }
  const claim = await inTransaction(platform.tx, request, (uow) => claimRefund(uow, payment.id, input, null));
  if (claim.refundRef !== null) return { refundId: claim.id, refundRef: claim.refundRef, destination };
  // A provider may call out over the network, so it runs between the claim and the record. If it
  // fails the claim is released: nothing is refunded, or a refund was made whose answer was lost,
  // and the retry's same key is answered with it by the provider. A crash in between (or a record
  // that fails) leaves the claim unanswered: its retry finishes it, never claims the cents twice.
  const { providers } = paymentsOf(platform);
  const context: ProviderContext = {
    runner: platform.tx,
    request,
    organizationId: input.organizationId,
    storeId: payment.store_id,
    reference: payment.order_id ?? payment.id,
    cashRoundingCents: 1,
  };
  let refundRef: string;
  try {
    ({ refundRef } = await (providers.get(payment.provider as TenderKind) as PaymentProvider).refund(
      context,
      { authorizationRef: payment.authorization_ref, details: payment.details as Record<string, unknown> },
      input.amountCents,
      input.idempotencyKey,
    ));
  } catch (error) {
    await inTransaction(platform.tx, request, (uow) => releaseClaim(uow, payment.id, claim.id, input.amountCents)).catch((release) =>
      platform.logger.error({ paymentId: payment.id, err: String(release) }, 'refund claim not released: needs follow-up'),
    );
    throw error;
  }
  const recorded = await inTransaction(platform.tx, request, async (uow) => {
    // Normally this try's own claim, unanswered. Another try at the key may have answered it first
    // (the same refund, so its answer stands), or released it after failing: then this try, whose
    // refund was made, claims again with its answer.
    const keyed = await claimRefund(uow, payment.id, input, refundRef);
    if (keyed.refundRef !== null && !keyed.claimed) return keyed;
    if (!keyed.claimed) await uow.trx.updateTable('payment_refund').set({ refund_ref: refundRef }).where('id', '=', keyed.id).execute();
    await auditRefund(uow, payment, input, destination, refundRef);
    return { id: keyed.id, refundRef };
  });
  return { refundId: recorded.id, refundRef: recorded.refundRef as string, destination };
}

interface RefundInput {
  organizationId: string;
  paymentId: string;
  amountCents: number;
  reason: string;
  /**
   * Names what the refund is for (the refund owed or the return, and this payment), the same on
   * every try: the payment records one refund per key, and the provider answers a key it has
   * refunded with that refund, never a second one.
   */
  idempotencyKey: string;
}

const exceedsPayment = (refundableCents: number) =>
  new AppError(422, 'REFUND_EXCEEDS_PAYMENT', 'The refund is larger than what is left of the payment.', { path: ['amountCents'], refundableCents });

const keyReused = (idempotencyKey: string) => conflict('IDEMPOTENCY_KEY_REUSED', 'This refund idempotency key was used for another refund.', { idempotencyKey });

/**
 * The key's refund on the payment, claimed by this call (`claimed`) or by an earlier or concurrent
 * try, locked until the caller commits. A new claim writes the refund's row and moves the
 * payment's refunded cents in the caller's transaction (422 REFUND_EXCEEDS_PAYMENT when the
 * payment has not that much left); `refundRef` is the provider's answer, null until it is
 * recorded. The unique key decides, not a read before the insert: a second try waits for the
 * first's commit and then finds its row. The key used for another payment or amount is 409
 * IDEMPOTENCY_KEY_REUSED.
 */
async function claimRefund(
  uow: UnitOfWork,
  paymentId: string,
  input: RefundInput,
  refundRef: string | null,
): Promise<{ id: string; refundRef: string | null; claimed: boolean }> {
  // A row found gone was released meanwhile by a try that failed: claim it again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = uuidv7();
    const inserted = await uow.trx
      .insertInto('payment_refund')
      .values({ id, payment_id: paymentId, amount_cents: input.amountCents, reason: input.reason, refund_ref: refundRef, idempotency_key: input.idempotencyKey })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      if (!(await moveRefunded(uow, paymentId, input.amountCents))) {
        const left = await uow.trx.selectFrom('payment').select(['amount_cents', 'refunded_cents']).where('id', '=', paymentId).executeTakeFirstOrThrow();
        throw exceedsPayment(Number(left.amount_cents) - Number(left.refunded_cents));
      }
      return { id, refundRef, claimed: true };
    }
    const keyed = await uow.trx
      .selectFrom('payment_refund')
      .select(['id', 'payment_id', 'amount_cents', 'refund_ref'])
      .where('idempotency_key', '=', input.idempotencyKey)
      .forUpdate()
      .executeTakeFirst();
    if (!keyed) continue;
    if (keyed.payment_id !== paymentId || Number(keyed.amount_cents) !== input.amountCents) throw keyReused(input.idempotencyKey);
    return { id: keyed.id, refundRef: keyed.refund_ref, claimed: false };
  }
  throw new AppError(409, 'REFUND_CONFLICT', 'Other tries at this refund are under way; try again.');
}

/** Undoes a claim whose refund failed, unless a try at the same key has answered it meanwhile. */
async function releaseClaim(uow: UnitOfWork, paymentId: string, claimId: string, amountCents: number): Promise<void> {
  const released = await uow.trx.deleteFrom('payment_refund').where('id', '=', claimId).where('refund_ref', 'is', null).returning('id').executeTakeFirst();
  if (released) await moveRefunded(uow, paymentId, -amountCents);
}

async function auditRefund(uow: UnitOfWork, payment: { id: string; store_id: string }, input: RefundInput, destination: string, refundRef: string): Promise<void> {
  await uow.audit({
    action: 'payment.refunded',
    entityType: 'payment',
    entityId: payment.id,
    storeId: payment.store_id,
    after: { amountCents: input.amountCents, destination, refundRef },
    reason: input.reason,
  });
}

/**
 * Of these refund idempotency keys, those whose refund was claimed on its payment but never
 * answered (a try that died, or whose recording failed, between the claim and the record), with
 * the cents each claimed: the retry of such a refund finishes it under the same key and amount.
 */
export async function unansweredRefunds(db: Db, idempotencyKeys: readonly string[]): Promise<Map<string, number>> {
  if (idempotencyKeys.length === 0) return new Map();
  const rows = await db
    .selectFrom('payment_refund')
    .select(['idempotency_key', 'amount_cents'])
    .where('idempotency_key', 'in', [...idempotencyKeys])
    .where('refund_ref', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.idempotency_key as string, Number(r.amount_cents)]));
}

/**
 * An online order to be paid in cash is paid at the hand-over (into the drawer it is handed over
 * at), so an order cancelled or not collected before then holds no cash: its cash payment is
 * voided, not refunded. A refund recorded cash paid out of the store for money that never came
 * in, and a register reading the order's payments would hand it back. Only cash not yet taken at
 * a drawer: the caller knows the order was placed without one. In the cancel's transaction.
 */
export async function voidUncollectedCash(uow: UnitOfWork, input: { orderId: string; storeId: string; reason: string }): Promise<void> {
  const voided = await uow.trx
    .updateTable('payment')
    .set({ status: 'voided', updated_at: new Date() })
    .where('order_id', '=', input.orderId)
    .where('provider', '=', 'cash')
    .where('status', '=', 'captured')
    .where('refunded_cents', '=', 0)
    .returning(['id', 'amount_cents'])
    .execute();
  for (const payment of voided) {
    await uow.audit({
      action: 'payment.voided',
      entityType: 'payment',
      entityId: payment.id,
      storeId: input.storeId,
      before: { status: 'captured' },
      after: { status: 'voided', amountCents: Number(payment.amount_cents), collected: false },
      reason: input.reason,
    });
  }
}

/**
 * Moves a payment's refunded amount by `deltaCents` (a refund's claim, or its release), its status
 * following; false, and nothing changed, if that would leave 0..amount.
 */
async function moveRefunded(uow: UnitOfWork, paymentId: string, deltaCents: number): Promise<boolean> {
  const updated = await uow.trx
    .updateTable('payment')
    .set((eb) => ({
      refunded_cents: eb('refunded_cents', '+', deltaCents),
      status: eb
        .case()
        .when(eb('refunded_cents', '+', deltaCents), '=', eb.ref('amount_cents'))
        .then('refunded')
        .when(eb('refunded_cents', '+', deltaCents), '=', 0)
        .then('captured')
        .else('partially_refunded')
        .end(),
      updated_at: new Date(),
    }))
    .where('id', '=', paymentId)
    .where((eb) => eb.and([eb(eb('refunded_cents', '+', deltaCents), '>=', 0), eb(eb('refunded_cents', '+', deltaCents), '<=', eb.ref('amount_cents'))]))
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

async function creditAsStoreCredit(uow: UnitOfWork, organizationId: string, customerId: string, amountCents: number, paymentId: string, idempotencyKey: string) {
  // A record merged since the return was answered: its credit goes to the record kept. A try made
  // before the merge credited the merged record's own account, which its retry accepts as the key's.
  const kept = await keptCustomerId(uow.trx, organizationId, customerId, { share: true });
  const accountId = await storeCreditAccount(uow, organizationId, kept);
  const priorAccountId = kept === customerId ? undefined : await existingStoreCreditAccount(uow.trx, organizationId, customerId);
  const credit = await creditOnce(uow, { accountId, priorAccountId, amountCents, reason: 'refund', reference: paymentId, idempotencyKey });
  return { replayed: credit.replayed, refundRef: `store_credit_${credit.accountId}_${paymentId}_${credit.entryId}` };
}

export { roundCash };
