// Register (drawer) sessions. Expected cash = float + cash sales − change given − cash refunds −
// drops − paid-outs + paid-ins + gift card cash, kept as counters on the session row and moved by
// conditional UPDATEs; every movement is also an append-only event row naming the acting staff
// member (after a PIN switch, the budtender at the register, not the register's owner).
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, conflict, notFound } from '../../platform/errors';
import { storeNotOpen } from '../organizations/organizations.service';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { staffAtStore } from '../staff';
import type { RegisterEventKind } from './registers.tables';

type Trx = UnitOfWork['trx'] | Db;

/** Where a refusal about the drawer points: a sale, pickup or return names it in its body, the drawer's own routes in the URL. */
const SALE_SESSION_PATH = ['body', 'registerSessionId'];
const SESSION_PATH = ['params', 'sessionId'];

export const RegisterEvents = {
  sessionOpened: 'registers.session.opened',
  sessionClosed: 'registers.session.closed',
  cashMoved: 'registers.cash.moved',
  queueChanged: 'registers.queue.changed',
  /** A gift card issued or loaded at the register and paid for there. */
  giftCardSold: 'registers.gift_card.sold',
} as const;

/** US/CA cash denominations in cents; a count may give any of them with a whole number of pieces. */
export const DENOMINATIONS = [10000, 5000, 2000, 1000, 500, 200, 100, 50, 25, 10, 5, 1] as const;
export type Denominations = Partial<Record<string, number>>;

export function totalOf(denominations: Denominations): number {
  let total = 0;
  for (const [key, count] of Object.entries(denominations)) total += Number(key) * (count ?? 0);
  return total;
}

/** A count is given as a total or piece by piece (then the total is their sum). */
export function countedCents(input: { totalCents?: number; denominations?: Denominations }, path: (string | number)[]): number {
  if (input.denominations) {
    const total = totalOf(input.denominations);
    if (input.totalCents !== undefined && input.totalCents !== total) {
      throw new AppError(400, 'VALIDATION_FAILED', `The denominations add up to ${total}, not ${input.totalCents}.`, [{ path: [...path, 'totalCents'], message: `denominations total ${total}` }]);
    }
    return total;
  }
  if (input.totalCents === undefined) {
    throw new AppError(400, 'VALIDATION_FAILED', 'Give totalCents or denominations.', [{ path, message: 'totalCents or denominations required' }]);
  }
  return input.totalCents;
}

type SessionRow = {
  id: string;
  store_id: string;
  register_id: string;
  status: 'open' | 'closed';
  opened_by: string;
  opened_at: Date;
  float_cents: number;
  cash_sales_cents: number;
  change_out_cents: number;
  cash_refunds_cents: number;
  drops_cents: number;
  paid_in_cents: number;
  paid_out_cents: number;
  sale_count: number;
  gift_card_sale_count: number;
  gift_card_sales_cents: number;
  gift_card_cash_cents: number;
  closed_by: string | null;
  closed_at: Date | null;
  counted_cents: number | null;
  expected_cents: number | null;
  over_short_cents: number | null;
  close_note: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
};

export const expectedCashOf = (
  r: Pick<SessionRow, 'float_cents' | 'cash_sales_cents' | 'change_out_cents' | 'cash_refunds_cents' | 'drops_cents' | 'paid_in_cents' | 'paid_out_cents' | 'gift_card_cash_cents'>,
) => r.float_cents + r.cash_sales_cents - r.change_out_cents - r.cash_refunds_cents - r.drops_cents - r.paid_out_cents + r.paid_in_cents + r.gift_card_cash_cents;

export interface SessionView {
  id: string;
  storeId: string;
  registerId: string;
  status: 'open' | 'closed';
  openedBy: string;
  openedAt: string;
  floatCents: number;
  /**
   * The cash counters and expected cash are omitted for staff without pos:manage while the session
   * is open (a blind count): float plus the counters is expected cash, to the cent.
   */
  cashSalesCents?: number;
  changeOutCents?: number;
  cashRefundsCents?: number;
  dropsCents?: number;
  paidInCents?: number;
  paidOutCents?: number;
  saleCount: number;
  /** Gift cards sold (issued or loaded) on this session: how many, their value (any tender), the cash kept for them. */
  giftCardSaleCount: number;
  giftCardSalesCents: number;
  giftCardCashCents?: number;
  expectedCents?: number;
  closedBy: string | null;
  closedAt: string | null;
  countedCents: number | null;
  overShortCents: number | null;
  closeNote: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
}

export function toSessionView(r: SessionRow, showExpected = true): SessionView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  // A blind count hides the counters too: showing them and not their sum hid nothing.
  const cash =
    showExpected || r.status === 'closed'
      ? {
          cashSalesCents: r.cash_sales_cents,
          changeOutCents: r.change_out_cents,
          cashRefundsCents: r.cash_refunds_cents,
          dropsCents: r.drops_cents,
          paidInCents: r.paid_in_cents,
          paidOutCents: r.paid_out_cents,
          giftCardCashCents: r.gift_card_cash_cents,
          expectedCents: r.expected_cents ?? expectedCashOf(r),
        }
      : {};
  return {
    id: r.id,
    storeId: r.store_id,
    registerId: r.register_id,
    status: r.status,
    openedBy: r.opened_by,
    openedAt: new Date(r.opened_at).toISOString(),
    floatCents: r.float_cents,
    saleCount: r.sale_count,
    giftCardSaleCount: r.gift_card_sale_count,
    giftCardSalesCents: r.gift_card_sales_cents,
    ...cash,
    closedBy: r.closed_by,
    closedAt: iso(r.closed_at),
    countedCents: r.counted_cents,
    overShortCents: r.over_short_cents,
    closeNote: r.close_note,
    reviewedBy: r.reviewed_by,
    reviewedAt: iso(r.reviewed_at),
    reviewNote: r.review_note,
  };
}

export async function getSession(db: Trx, organizationId: string, sessionId: string): Promise<SessionRow> {
  const row = await db.selectFrom('register_session').selectAll().where('id', '=', sessionId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) throw notFound('Register session', sessionId);
  return row;
}

/** The session if it is open at this store; 409 REGISTER_NOT_OPEN otherwise. For sales. */
export async function assertOpenSession(trx: Trx, input: { registerSessionId: string; storeId: string }): Promise<SessionView> {
  const row = await trx.selectFrom('register_session').selectAll().where('id', '=', input.registerSessionId).executeTakeFirst();
  if (!row || row.store_id !== input.storeId || row.status !== 'open') {
    throw conflict('REGISTER_NOT_OPEN', 'This register session is not open at this store.', { path: SALE_SESSION_PATH, registerSessionId: input.registerSessionId, storeId: input.storeId });
  }
  return toSessionView(row);
}

async function recordEvent(
  uow: UnitOfWork,
  session: { id: string; organization_id: string; store_id: string },
  event: { kind: RegisterEventKind; amountCents?: number; changeOutCents?: number; orderId?: string | null; reason?: string | null; witnessId?: string | null; denominations?: Denominations | null },
): Promise<string> {
  const id = uuidv7();
  await uow.trx
    .insertInto('register_session_event')
    .values({
      id,
      session_id: session.id,
      organization_id: session.organization_id,
      store_id: session.store_id,
      kind: event.kind,
      amount_cents: event.amountCents ?? 0,
      change_out_cents: event.changeOutCents ?? 0,
      order_id: event.orderId ?? null,
      reason: event.reason ?? null,
      witness_id: event.witnessId ?? null,
      denominations: event.denominations ? JSON.stringify(event.denominations) : null,
      actor_type: uow.actor.type,
      actor_id: uow.actor.id,
    })
    .execute();
  return id;
}

export async function openSession(
  uow: UnitOfWork,
  input: { organizationId: string; registerId: string; float: { totalCents?: number; denominations?: Denominations } },
): Promise<SessionView> {
  // The store's status with the register: a store closed or retired opens no drawer to sell from.
  const register = await uow.trx
    .selectFrom('register')
    .innerJoin('store', 'store.id', 'register.store_id')
    .selectAll('register')
    .select('store.status as store_status')
    .where('register.id', '=', input.registerId)
    .where('register.organization_id', '=', input.organizationId)
    .executeTakeFirst();
  if (!register) throw notFound('Register', input.registerId);
  if (!register.active) throw conflict('REGISTER_INACTIVE', 'This register is switched off.', { path: ['params', 'registerId'] });
  if (register.store_status !== 'open') throw storeNotOpen(register.store_status, ['params', 'registerId']);
  const floatCents = countedCents(input.float, ['body', 'float']);
  const id = uuidv7();
  const row = await uow.trx
    .insertInto('register_session')
    .values({
      id,
      organization_id: input.organizationId,
      store_id: register.store_id,
      register_id: register.id,
      opened_by: uow.actor.id ?? 'unknown',
      float_cents: floatCents,
      float_denominations: input.float.denominations ? JSON.stringify(input.float.denominations) : null,
      closed_by: null,
      closed_at: null,
      counted_cents: null,
      counted_denominations: null,
      expected_cents: null,
      over_short_cents: null,
      close_note: null,
      reviewed_by: null,
      reviewed_at: null,
      review_note: null,
    })
    .onConflict((oc) => oc.column('register_id').where('status', '=', sql.lit('open')).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw conflict('REGISTER_ALREADY_OPEN', 'This register already has an open session; close it first.', { path: ['params', 'registerId'], registerId: register.id });
  await recordEvent(uow, row, { kind: 'open', amountCents: floatCents, denominations: input.float.denominations ?? null });
  const view = toSessionView(row);
  await uow.audit({ action: 'register.session.opened', entityType: 'register_session', entityId: id, storeId: row.store_id, after: view });
  await uow.emit({ type: RegisterEvents.sessionOpened, aggregateType: 'register_session', aggregateId: id, storeId: row.store_id, payload: { registerId: register.id, floatCents } });
  return view;
}

type Movement = 'drop' | 'paid_in' | 'paid_out';
const COLUMN: Record<Movement, 'drops_cents' | 'paid_in_cents' | 'paid_out_cents'> = { drop: 'drops_cents', paid_in: 'paid_in_cents', paid_out: 'paid_out_cents' };

const expectedSql = sql<number>`float_cents + cash_sales_cents - change_out_cents - cash_refunds_cents - drops_cents - paid_out_cents + paid_in_cents + gift_card_cash_cents`;

/** A cash drop to the safe, or a paid-in/paid-out with a reason. Cash out may not exceed the drawer. */
export async function moveCash(
  uow: UnitOfWork,
  input: { organizationId: string; sessionId: string; kind: Movement; amountCents: number; reason?: string | null; witnessId?: string | null; denominations?: Denominations },
): Promise<SessionView> {
  const session = await getSession(uow.trx, input.organizationId, input.sessionId);
  if (input.witnessId) {
    // A witness stands at the drawer: someone who works only at another store cannot have seen the drop.
    const witness = await staffAtStore(uow.trx, input.organizationId, session.store_id, input.witnessId, { lock: true });
    if (witness === 'unknown') throw new AppError(400, 'VALIDATION_FAILED', 'Unknown witness.', [{ path: ['body', 'witnessId'], message: 'no such active staff member' }]);
    if (witness === 'not_here') throw new AppError(400, 'VALIDATION_FAILED', 'The witness is not active staff of this store.', [{ path: ['body', 'witnessId'], message: 'not an active staff member of this store' }]);
    if (input.witnessId === uow.actor.id) throw new AppError(400, 'VALIDATION_FAILED', 'A witness must be someone else.', [{ path: ['body', 'witnessId'], message: 'same as the acting staff member' }]);
  }
  const column = COLUMN[input.kind];
  const outgoing = input.kind !== 'paid_in';
  const row = await uow.trx
    .updateTable('register_session')
    .set((eb) => ({ [column]: eb(column, '+', input.amountCents) }))
    .where('id', '=', session.id)
    .where('status', '=', 'open')
    .$if(outgoing, (q) => q.where(expectedSql, '>=', input.amountCents))
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    const now = await getSession(uow.trx, input.organizationId, input.sessionId);
    if (now.status !== 'open') throw conflict('REGISTER_NOT_OPEN', 'This register session is closed.', { path: SESSION_PATH });
    // A budtender counts blind: what the drawer should hold is for pos:manage, in a refusal too.
    if (!uow.actor.permissions.has('pos:manage')) {
      throw conflict('INSUFFICIENT_DRAWER_CASH', `The drawer does not hold ${input.amountCents} cents to take out.`, { amountCents: input.amountCents });
    }
    throw conflict('INSUFFICIENT_DRAWER_CASH', `The drawer should hold ${expectedCashOf(now)} cents; ${input.amountCents} cannot come out.`, {
      expectedCents: expectedCashOf(now),
      amountCents: input.amountCents,
    });
  }
  const eventId = await recordEvent(uow, row, { kind: input.kind, amountCents: input.amountCents, reason: input.reason, witnessId: input.witnessId, denominations: input.denominations ?? null });
  await uow.audit({
    action: `register.cash.${input.kind}`,
    entityType: 'register_session',
    entityId: row.id,
    storeId: row.store_id,
    after: { eventId, amountCents: input.amountCents, witnessId: input.witnessId ?? null, expectedCents: expectedCashOf(row) },
    reason: input.reason ?? null,
  });
  await uow.emit({ type: RegisterEvents.cashMoved, aggregateType: 'register_session', aggregateId: row.id, storeId: row.store_id, payload: { kind: input.kind, amountCents: input.amountCents } });
  // A budtender counts blind: expected cash, and the counters that add up to it, are for pos:manage.
  return toSessionView(row, uow.actor.permissions.has('pos:manage'));
}

/**
 * Cash taken for a sale and change handed back, inside the sale's transaction. Recorded once per
 * (session, order): a retried completion does not count the cash twice.
 */
export async function recordCashSale(
  uow: UnitOfWork,
  input: { registerSessionId: string; cashInCents: number; changeOutCents: number; orderId: string },
): Promise<void> {
  if (!Number.isInteger(input.cashInCents) || !Number.isInteger(input.changeOutCents) || input.cashInCents < 0 || input.changeOutCents < 0 || input.changeOutCents > input.cashInCents) {
    throw new AppError(400, 'INVALID_CASH', 'Cash in and change out are whole cents, and change cannot exceed cash in.', input);
  }
  const session = await uow.trx.selectFrom('register_session').select(['id', 'organization_id', 'store_id', 'status']).where('id', '=', input.registerSessionId).executeTakeFirst();
  if (!session || session.status !== 'open') throw conflict('REGISTER_NOT_OPEN', 'This register session is not open.', { path: SALE_SESSION_PATH, registerSessionId: input.registerSessionId });
  const claimed = await uow.trx
    .insertInto('register_session_event')
    .values({
      id: uuidv7(),
      session_id: session.id,
      organization_id: session.organization_id,
      store_id: session.store_id,
      kind: 'cash_sale',
      amount_cents: input.cashInCents,
      change_out_cents: input.changeOutCents,
      order_id: input.orderId,
      reason: null,
      witness_id: null,
      denominations: null,
      actor_type: uow.actor.type,
      actor_id: uow.actor.id,
    })
    .onConflict((oc) => oc.columns(['session_id', 'order_id', 'kind']).where('order_id', 'is not', null).where('return_id', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!claimed) return;
  const row = await uow.trx
    .updateTable('register_session')
    .set((eb) => ({
      cash_sales_cents: eb('cash_sales_cents', '+', input.cashInCents),
      change_out_cents: eb('change_out_cents', '+', input.changeOutCents),
      sale_count: eb('sale_count', '+', 1),
    }))
    .where('id', '=', session.id)
    .where('status', '=', 'open')
    .returning('id')
    .executeTakeFirst();
  if (!row) throw conflict('REGISTER_NOT_OPEN', 'This register session closed during the sale.', { path: SALE_SESSION_PATH, registerSessionId: input.registerSessionId });
}

/**
 * Cash handed back for a return. Recorded once per return when `returnId` is given (an order may be
 * returned in parts into the same drawer), else once per (session, order); cannot exceed the drawer.
 */
export async function recordCashRefund(uow: UnitOfWork, input: { registerSessionId: string; amountCents: number; orderId: string; returnId?: string }): Promise<void> {
  if (!Number.isInteger(input.amountCents) || input.amountCents <= 0) {
    throw new AppError(400, 'INVALID_CASH', 'A cash refund is a positive whole number of cents.', input);
  }
  const session = await uow.trx.selectFrom('register_session').select(['id', 'organization_id', 'store_id', 'status']).where('id', '=', input.registerSessionId).executeTakeFirst();
  if (!session || session.status !== 'open') throw conflict('REGISTER_NOT_OPEN', 'This register session is not open.', { path: SALE_SESSION_PATH, registerSessionId: input.registerSessionId });
  const claimed = await uow.trx
    .insertInto('register_session_event')
    .values({
      id: uuidv7(),
      session_id: session.id,
      organization_id: session.organization_id,
      store_id: session.store_id,
      kind: 'cash_refund',
      amount_cents: input.amountCents,
      change_out_cents: 0,
      order_id: input.orderId,
      return_id: input.returnId ?? null,
      reason: null,
      witness_id: null,
      denominations: null,
      actor_type: uow.actor.type,
      actor_id: uow.actor.id,
    })
    .onConflict((oc) =>
      input.returnId
        ? oc.column('return_id').where('return_id', 'is not', null).doNothing()
        : oc.columns(['session_id', 'order_id', 'kind']).where('order_id', 'is not', null).where('return_id', 'is', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  if (!claimed) return;
  const row = await uow.trx
    .updateTable('register_session')
    .set((eb) => ({ cash_refunds_cents: eb('cash_refunds_cents', '+', input.amountCents) }))
    .where('id', '=', session.id)
    .where('status', '=', 'open')
    .where(expectedSql, '>=', input.amountCents)
    .returning('id')
    .executeTakeFirst();
  if (!row) {
    // Missed because the session closed meanwhile (read again: the close has committed), or for want of cash.
    const now = await uow.trx.selectFrom('register_session').select('status').where('id', '=', session.id).executeTakeFirstOrThrow();
    if (now.status !== 'open') throw conflict('REGISTER_NOT_OPEN', 'This register session closed during the return.', { path: SALE_SESSION_PATH, registerSessionId: input.registerSessionId });
    throw conflict('INSUFFICIENT_DRAWER_CASH', 'The drawer does not hold enough cash for this refund.', { registerSessionId: input.registerSessionId });
  }
}

export async function closeSession(
  uow: UnitOfWork,
  input: { organizationId: string; sessionId: string; count: { totalCents?: number; denominations?: Denominations }; note?: string | null },
): Promise<SessionView> {
  const counted = countedCents(input.count, ['body', 'count']);
  const row = await uow.trx
    .updateTable('register_session')
    .set({
      status: 'closed',
      closed_by: uow.actor.id ?? 'unknown',
      closed_at: new Date(),
      counted_cents: counted,
      counted_denominations: input.count.denominations ? JSON.stringify(input.count.denominations) : null,
      expected_cents: expectedSql,
      over_short_cents: sql<number>`${counted}::bigint - (${expectedSql})`,
      close_note: input.note ?? null,
    })
    .where('id', '=', input.sessionId)
    .where('organization_id', '=', input.organizationId)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    await getSession(uow.trx, input.organizationId, input.sessionId);
    throw conflict('REGISTER_NOT_OPEN', 'This register session is already closed.', { path: SESSION_PATH });
  }
  await recordEvent(uow, row, { kind: 'close', amountCents: counted, reason: input.note ?? null, denominations: input.count.denominations ?? null });
  const view = toSessionView(row);
  await uow.audit({ action: 'register.session.closed', entityType: 'register_session', entityId: row.id, storeId: row.store_id, after: view, reason: input.note ?? null });
  await uow.emit({
    type: RegisterEvents.sessionClosed,
    aggregateType: 'register_session',
    aggregateId: row.id,
    storeId: row.store_id,
    payload: { registerId: row.register_id, expectedCents: row.expected_cents, countedCents: counted, overShortCents: row.over_short_cents },
  });
  return view;
}

/** A manager signs off a closed session's over/short, with a note. */
export async function reviewSession(uow: UnitOfWork, input: { organizationId: string; sessionId: string; note: string }): Promise<SessionView> {
  const row = await uow.trx
    .updateTable('register_session')
    .set({ reviewed_by: uow.actor.id, reviewed_at: new Date(), review_note: input.note })
    .where('id', '=', input.sessionId)
    .where('organization_id', '=', input.organizationId)
    .where('status', '=', 'closed')
    .where('reviewed_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    const now = await getSession(uow.trx, input.organizationId, input.sessionId);
    throw conflict(now.status === 'open' ? 'REGISTER_STILL_OPEN' : 'ALREADY_REVIEWED', now.status === 'open' ? 'Close the session before reviewing it.' : 'This session was already reviewed.', {
      path: SESSION_PATH,
    });
  }
  await recordEvent(uow, row, { kind: 'review', reason: input.note });
  const view = toSessionView(row);
  await uow.audit({ action: 'register.session.reviewed', entityType: 'register_session', entityId: row.id, storeId: row.store_id, after: { overShortCents: row.over_short_cents }, reason: input.note });
  return view;
}

export interface SessionReport {
  session: SessionView;
  events: Array<{
    id: string;
    kind: RegisterEventKind;
    amountCents: number;
    changeOutCents: number;
    orderId: string | null;
    giftCardSaleId: string | null;
    reason: string | null;
    witnessId: string | null;
    actorId: string | null;
    at: string;
  }>;
  /** Per acting staff member: what they put through the drawer, and the gift cards they sold. */
  byStaff: Array<{
    actorId: string | null;
    cashSales: number;
    cashSalesCents: number;
    changeOutCents: number;
    cashRefunds: number;
    cashRefundsCents: number;
    drops: number;
    dropsCents: number;
    paidOuts: number;
    paidOutCents: number;
    paidIns: number;
    paidInCents: number;
    giftCardSales: number;
    giftCardSalesCents: number;
    giftCardCashCents: number;
  }>;
  /** The gift cards sold on this session (not cannabis sales: no tax, limits or points), oldest first. */
  giftCardSales: GiftCardSaleSummary[];
}

export interface GiftCardSaleSummary {
  id: string;
  kind: 'issue' | 'load';
  last4: string;
  amountCents: number;
  balanceAfterCents: number;
  /** Cash kept for it (handed over − change); the rest was paid on the card terminal. */
  cashCents: number;
  actorId: string | null;
  at: string;
}

export async function sessionReport(db: Trx, organizationId: string, sessionId: string): Promise<SessionReport> {
  const session = await getSession(db, organizationId, sessionId);
  const [events, giftCards] = await Promise.all([
    db.selectFrom('register_session_event').selectAll().where('session_id', '=', sessionId).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('gift_card_sale').selectAll().where('register_session_id', '=', sessionId).orderBy('created_at').orderBy('id').execute(),
  ]);
  const byStaff = new Map<string | null, SessionReport['byStaff'][number]>();
  const staff = (actorId: string | null) => {
    const s = byStaff.get(actorId) ?? {
      actorId,
      cashSales: 0,
      cashSalesCents: 0,
      changeOutCents: 0,
      cashRefunds: 0,
      cashRefundsCents: 0,
      drops: 0,
      dropsCents: 0,
      paidOuts: 0,
      paidOutCents: 0,
      paidIns: 0,
      paidInCents: 0,
      giftCardSales: 0,
      giftCardSalesCents: 0,
      giftCardCashCents: 0,
    };
    byStaff.set(actorId, s);
    return s;
  };
  for (const e of events) {
    const s = staff(e.actor_id);
    if (e.kind === 'cash_sale') {
      s.cashSales += 1;
      s.cashSalesCents += e.amount_cents;
      s.changeOutCents += e.change_out_cents;
    } else if (e.kind === 'cash_refund') {
      // Cash handed back for a return: without it a short drawer could not be traced to who paid out.
      s.cashRefunds += 1;
      s.cashRefundsCents += e.amount_cents;
    } else if (e.kind === 'drop') {
      s.drops += 1;
      s.dropsCents += e.amount_cents;
    } else if (e.kind === 'paid_out') {
      s.paidOuts += 1;
      s.paidOutCents += e.amount_cents;
    } else if (e.kind === 'paid_in') {
      s.paidIns += 1;
      s.paidInCents += e.amount_cents;
    }
  }
  // Gift cards from their own rows: a card paid on the terminal alone moved no drawer cash (no event).
  for (const g of giftCards) {
    const s = staff(g.sold_by);
    s.giftCardSales += 1;
    s.giftCardSalesCents += g.amount_cents;
    s.giftCardCashCents += g.cash_in_cents - g.change_out_cents;
  }
  return {
    session: toSessionView(session),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      amountCents: e.amount_cents,
      changeOutCents: e.change_out_cents,
      orderId: e.order_id,
      giftCardSaleId: e.gift_card_sale_id,
      reason: e.reason,
      witnessId: e.witness_id,
      actorId: e.actor_id,
      at: new Date(e.created_at).toISOString(),
    })),
    byStaff: [...byStaff.values()],
    giftCardSales: giftCards.map((g) => ({
      id: g.id,
      kind: g.kind,
      last4: g.code_last4,
      amountCents: g.amount_cents,
      balanceAfterCents: g.balance_after_cents,
      cashCents: g.cash_in_cents - g.change_out_cents,
      actorId: g.sold_by,
      at: new Date(g.created_at).toISOString(),
    })),
  };
}
