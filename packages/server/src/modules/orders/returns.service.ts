// Returns and voids of completed sales. A return takes back some or all units of some lines
// (never more than sold: 422 RETURN_EXCEEDS_SALE), puts each item back where the manager decides
// (sellable shelf, quarantine, or quarantine pending witnessed destruction), credits the limit
// usage, reverses the tax of exactly those units, and refunds to the original tender or to store
// credit. A void is the same-day undo of a whole sale. Stock, order and limit usage change in one
// transaction; the money moves after it commits (processors are network calls) and each refund is
// recorded against the return. Which payments a return refunds, and how much of each, is decided
// in that transaction too (under the order's lock), so racing returns never reach for the same cents.
import { v7 as uuidv7 } from 'uuid';
import type { RequestContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { runIdempotent, type IdempotencyInput } from '../../platform/idempotency';
import type { Platform } from '../../platform/platform';
import { inTransaction, type UnitOfWork } from '../../platform/unit-of-work';
import { cashRefundOutCents, cashRoundingFor } from '../payments';
import { getOrder, type OrderLineView, type OrderView } from './orders.repository';
import { FIRST_TRY, oweReturnRefund, returnRefundOf, settleReturnRefund, type RefundOwedView } from './order-refunds';
import { eligibleCentsForEarning, type ItemFilter } from '@verdant/rules/promotions';
import {
  activeLoyaltyProgram,
  assertOpenSession,
  assertStoreTakesReturnedGoods,
  complianceGuardFor,
  creditPurchase,
  getPromotion,
  getSkusForCheckout,
  localDate,
  lockCustomerLimits,
  promotionsOnOrder,
  recordCashRefund,
  redemptionProgram,
  refundPayment,
  releaseCoupons,
  returnToStock,
  reverseForOrder,
  storeContext,
  unansweredRefunds,
} from './ports';

export const ORDER_RETURNED = 'orders.order.returned';
export const ORDER_VOIDED = 'orders.order.voided';

export type Restock = 'sellable' | 'quarantine' | 'destroy';

export interface ReturnInput {
  lines: Array<{ lineNo: number; quantity: number; restock: Restock }>;
  reason: string;
  refundTo: 'original' | 'store_credit';
  /** The open drawer the cash part of the refund is paid out of (counted as a cash refund there). */
  registerSessionId?: string;
  /**
   * A void: each line's returned quantity as the void read the order (its lines are what was left
   * then). A return booked since is refused as 409 ORDER_CHANGED under the order's lock.
   */
  voidOf?: ReadonlyArray<{ lineNo: number; returnedQuantity: number }>;
}

export interface ReturnResult {
  returnId: string;
  orderId: string;
  kind: 'return' | 'void';
  refundCents: number;
  taxRefundCents: number;
  refundTo: 'original' | 'store_credit';
  /** `packages[].locationCode`: where that package's units were put (see bookReturn). */
  lines: Array<{ lineNo: number; quantity: number; restock: Restock; refundCents: number; taxRefundCents: number; packages: Array<{ packageLabel: string; quantity: number; locationCode?: string }> }>;
  /**
   * Each payment's part of the refund; `cashOutCents` on a cash part refunded to the original
   * tender is the cash handed back for it (after the store's cash rounding).
   */
  refunds: Array<{ paymentId: string; amountCents: number; cashOutCents?: number; refundId?: string; destination?: string; error?: string }>;
  /** Loyalty reversed with this return (earned points clawed back, redeemed points given back). */
  loyalty?: { pointsReturned: number; pointsClawedBack: number; shortfall: number };
  /** Cash paid out of the drawer named by registerSessionId (after the store's cash rounding). */
  cashRefundCents?: number;
  /** A buy-X-get-Y reward kept though what qualified for it came back, taken off the refund before tax (negative: given back). */
  promotionClawbackCents?: number;
}

/** Part of a refund, assigned to one payment of the order. */
interface RefundPart {
  paymentId: string;
  provider: string;
  /** The payment's cents refunded (recorded on the payment, the return and the order). */
  amountCents: number;
  /** Cash refunded to the original tender: the cash handed back for it, rounded (see cashOut). */
  cashOutCents?: number;
}

/**
 * Whether a part of a return's refund is owed and retried (return_refund): every part but cash
 * refunded to the original tender, which the budtender hands back out of the drawer at the
 * register (recorded there in the return's transaction) and which is never retried.
 */
const retriedPart = (provider: string, refundTo: ReturnInput['refundTo']) => refundTo === 'store_credit' || provider !== 'cash';

interface PaymentToRefund {
  id: string;
  provider: string;
  amountCents: number;
  tenderedCents: number | null;
  changeCents: number;
}

/**
 * The cents [from, from + amount) of what the order was paid, laid over its payments newest first.
 * `from` is what earlier returns already refunded (the order's refunded_cents, read under its lock),
 * so every return gets its own cents of each payment, whatever order their refunds finish in.
 * `before` is what of that payment was refunded ahead of this part.
 */
function allocateRefund(paymentsNewestFirst: PaymentToRefund[], from: number, amount: number): Array<RefundPart & { payment: PaymentToRefund; before: number }> {
  const parts: Array<RefundPart & { payment: PaymentToRefund; before: number }> = [];
  let start = 0;
  for (const p of paymentsNewestFirst) {
    const end = start + p.amountCents;
    const cents = Math.min(end, from + amount) - Math.max(start, from);
    if (cents > 0) parts.push({ paymentId: p.id, provider: p.provider, amountCents: cents, payment: p, before: Math.max(0, from - start) });
    start = end;
  }
  return parts;
}

/**
 * The cash handed back for the parts on cash payments refunded to the original tender. The drawer
 * kept the rounded amount due for a cash payment, not its share of the order: refunding all of it
 * gives back exactly what was kept, and a part is rounded half-up with the store's cash unit,
 * reckoned on the payment's running refunded total so that its parts add up to what was kept
 * (payments.cashPaidBackCents). The payment, the return and the order record the unrounded cents.
 */
async function cashOut(uow: UnitOfWork, storeId: string, parts: Array<RefundPart & { payment: PaymentToRefund; before: number }>, refundTo: ReturnInput['refundTo']): Promise<RefundPart[]> {
  const onCash = refundTo === 'original' && parts.some((p) => p.provider === 'cash');
  const unitCents = onCash ? await cashRoundingFor(uow.trx, storeId) : 1;
  return parts.map(({ payment, before, ...part }) =>
    onCash && part.provider === 'cash' ? { ...part, cashOutCents: cashRefundOutCents(payment, before, part.amountCents, unitCents) } : part,
  );
}

/** The share of `amount` that `n` of `of` units carry; shares of 1..of units sum exactly to amount. */
const shareOf = (amount: number, n: number, of: number) => Math.floor((amount * n) / of);
const sliceOf = (amount: number, before: number, count: number, of: number) => shareOf(amount, before + count, of) - shareOf(amount, before, of);

/** Which packages (and how much of each, in stock units) `count` SKU units after `before` came from. */
function packagesFor(line: OrderLineView, before: number, count: number): Array<{ packageLabel: string; quantity: number }> {
  const perUnit = line.picks.reduce((s, p) => s + p.quantity, 0) / line.quantity;
  let skip = before * perUnit;
  let need = count * perUnit;
  const out: Array<{ packageLabel: string; quantity: number }> = [];
  for (const pick of line.picks) {
    const fromSkip = Math.min(skip, pick.quantity);
    skip -= fromSkip;
    const q = Math.min(need, pick.quantity - fromSkip);
    if (q > 0) out.push({ packageLabel: pick.packageLabel, quantity: q });
    need -= q;
  }
  return out;
}

/**
 * 409 STORE_RETIRED (at the first line restocked, or a void's `restock`) when goods would go back
 * on a retired store's shelves or into its quarantine: a retired store takes no stock in. The
 * money is another matter: a return whose every line is `destroy` still refunds there.
 */
async function refuseRestockAtRetiredStore(uow: UnitOfWork, organizationId: string, storeId: string, kind: 'return' | 'void', lines: ReturnInput['lines']): Promise<void> {
  const restocked = lines.findIndex((l) => l.restock !== 'destroy');
  if (restocked < 0) return;
  await assertStoreTakesReturnedGoods(uow.trx, organizationId, storeId, kind === 'void' ? ['body', 'restock'] : ['body', 'lines', restocked, 'restock']);
}

type ReturningLine = { line: OrderLineView; wanted: { quantity: number }; refundCents: number; taxRefundCents: number };
type StoredLine = { lineNo: number; promotionClawbacks?: Array<{ promotionId: string; cents: number; taxCents: number }> };

/** A line against a promotion's item filter, as the engine matches it (rules' matchesFilter). */
function inFilter(filter: ItemFilter | undefined, line: { sku: string; productId: string; category: string; brand: string | null; isCannabis: boolean }): boolean {
  if (!filter) return true;
  const has = (list: readonly string[] | undefined, value: string | null) => list === undefined || (value !== null && list.includes(value));
  return (
    has(filter.skus, line.sku) &&
    has(filter.productIds, line.productId) &&
    has(filter.categories, line.category) &&
    has(filter.brands, line.brand) &&
    (filter.cannabis === undefined || filter.cannabis === line.isCannabis)
  );
}

/** How many times a buy-X-get-Y still applies to units kept: only-buy, in-both and only-get units. */
function applicationsKept(x: number, y: number, max: number, units: { buyOnly: number; both: number; getOnly: number }): number {
  for (let k = Math.min(max, Math.floor((units.getOnly + units.both) / y)); k > 0; k--) {
    const bothAsGets = Math.max(0, k * y - units.getOnly);
    if (units.buyOnly + units.both - bothAsGets >= k * x) return k;
  }
  return 0;
}

/** A buy-X-get-Y as a return judges it: its terms, which lines bought and which got, and each reward line's discount from it. */
interface SoldDeal {
  promotionId: string;
  /** What it gave on the order. */
  amountCents: number;
  x: number;
  y: number;
  max: number;
  buys: (l: OrderLineView) => boolean;
  gets: (l: OrderLineView) => boolean;
  /** The part of the line's discount that is this promotion's. */
  discountOn: (l: OrderLineView) => number;
}

/**
 * The buy-X-get-Ys of the sale as recorded on its lines (orders/checkout: `promotions`, from the
 * engine's result): the lines it discounted are its rewards, with its own share of each line's
 * discount (not another promotion's on the same line), the lines marked `qualifying` bought them,
 * and its terms are those it was sold on. Null when a line was sold before this was recorded.
 */
function recordedDeals(view: OrderView): SoldDeal[] | null {
  if (view.lines.some((l) => l.promotions === null)) return null;
  const deals = new Map<string, SoldDeal>();
  const entry = (l: OrderLineView, id: string, role: 'reward' | 'qualifying') => l.promotions?.find((p) => p.promotionId === id && p.role === role);
  for (const line of view.lines) {
    for (const p of line.promotions ?? []) {
      if (p.role === 'discount' || !p.deal || deals.has(p.promotionId)) continue;
      const id = p.promotionId;
      deals.set(id, {
        promotionId: id,
        amountCents: view.lines.reduce((s, l) => s + (entry(l, id, 'reward')?.discountCents ?? 0), 0),
        x: p.deal.buy,
        y: p.deal.get,
        max: p.deal.maxApplications ?? Number.MAX_SAFE_INTEGER,
        buys: (l) => entry(l, id, 'qualifying') !== undefined,
        gets: (l) => (entry(l, id, 'reward')?.discountCents ?? 0) > 0,
        discountOn: (l) => entry(l, id, 'reward')?.discountCents ?? 0,
      });
    }
  }
  return [...deals.values()];
}

/**
 * For a sale whose lines did not record their promotions (sold before 2026-12-08): each
 * buy-X-get-Y the order redeemed (promotion_redemption), read as it stands now (an archived one
 * still counts; a deleted one is skipped), its reward lines those its `get` filter (default the
 * `buy` filter) matches that carry a discount, its qualifying lines those its `buy` filter matches,
 * by the catalog as it stands; the whole discount of a reward line counts as the deal's.
 */
async function inferredDeals(uow: UnitOfWork, organizationId: string, orderId: string, view: OrderView): Promise<SoldDeal[]> {
  const redeemed = await promotionsOnOrder(uow.trx, { organizationId, orderId });
  if (redeemed.length === 0) return [];
  const bogos: Array<{ promotionId: string; amountCents: number; action: Extract<Awaited<ReturnType<typeof getPromotion>>['promotion']['action'], { type: 'buy_x_get_y' }> }> = [];
  for (const r of redeemed) {
    const found = await getPromotion(uow.trx, organizationId, r.promotionId, { ...uow.actor, storeIds: [] } as Parameters<typeof getPromotion>[3]).catch(() => null);
    if (found?.promotion.action.type === 'buy_x_get_y') bogos.push({ promotionId: r.promotionId, amountCents: r.amountCents, action: found.promotion.action });
  }
  if (bogos.length === 0) return [];
  const skus = new Map((await getSkusForCheckout(uow.trx, organizationId, view.storeId, [...new Set(view.lines.map((l) => l.skuId))])).map((s) => [s.skuId, s]));
  const facts = (l: OrderLineView) => {
    const sku = skus.get(l.skuId);
    return { sku: l.skuCode, productId: sku?.productId ?? '', category: l.category, brand: sku?.brandId ?? null, isCannabis: l.category !== 'accessory' };
  };
  return bogos.map((p) => ({
    promotionId: p.promotionId,
    amountCents: p.amountCents,
    x: p.action.buy.quantity,
    y: p.action.get.quantity,
    max: p.action.maxApplications ?? Number.MAX_SAFE_INTEGER,
    buys: (l) => inFilter(p.action.buy.filter, facts(l)),
    gets: (l) => inFilter(p.action.get.filter ?? p.action.buy.filter, facts(l)),
    discountOn: (l) => l.discountCents,
  }));
}

/**
 * The buy-one-get-one return policy. Each buy-X-get-Y of the sale is judged as the sale recorded
 * it on its lines (recordedDeals), or, for a sale from before that was recorded, as inferred from
 * the promotion and the catalog now (inferredDeals). After this return, the reward the kept reward
 * units still hold (their share of the deal's discount on their lines, at most what it gave)
 * beyond what the kept units still qualify for (applicationsKept) is owed back: this return takes
 * what earlier returns have not taken yet off its qualifying lines' refund (before tax, at most
 * each line's refund; the added tax on it is not refunded either, in the line's proportion), or,
 * when that is less than earlier returns took (the reward came back), gives the difference back on
 * its reward lines with the tax taken on it. Returning both refunds what was paid; returning the
 * reward only refunds what it cost (nothing when free) as the paid item still qualifies.
 */
async function promotionClawback(
  uow: UnitOfWork,
  organizationId: string,
  orderId: string,
  view: OrderView,
  lines: ReturningLine[],
): Promise<Array<{ index: number; promotionId: string; cents: number; taxCents: number }>> {
  const bogos = recordedDeals(view) ?? (await inferredDeals(uow, organizationId, orderId, view));
  if (bogos.length === 0) return [];
  const earlier = await uow.trx.selectFrom('sales_return').select('lines').where('order_id', '=', orderId).execute();
  const now = new Map<number, number>();
  for (const l of lines) now.set(l.line.lineNo, (now.get(l.line.lineNo) ?? 0) + l.wanted.quantity);
  const kept = (l: OrderLineView) => l.quantity - l.returnedQuantity - (now.get(l.lineNo) ?? 0);
  const addedTax = (l: OrderLineView) => l.taxes.filter((t) => !t.includedInPrice).reduce((s, t) => s + t.amountCents, 0);
  const room = lines.map((l) => l.refundCents - l.taxRefundCents);
  const out: Array<{ index: number; promotionId: string; cents: number; taxCents: number }> = [];
  for (const p of bogos) {
    const { buys, gets } = p;
    const units = { buyOnly: 0, both: 0, getOnly: 0 };
    let held = 0;
    let keptRewardUnits = 0;
    for (const l of view.lines) {
      const k = kept(l);
      if (buys(l) && gets(l)) units.both += k;
      else if (buys(l)) units.buyOnly += k;
      else if (gets(l)) units.getOnly += k;
      const discount = p.discountOn(l);
      if (gets(l) && discount > 0) {
        held += Math.floor((discount * k) / l.quantity);
        keptRewardUnits += k;
      }
    }
    held = Math.min(held, p.amountCents);
    const applications = applicationsKept(p.x, p.y, p.max, units);
    const entitled = keptRewardUnits === 0 ? 0 : Math.floor((held * Math.min(keptRewardUnits, applications * p.y)) / keptRewardUnits);
    const owedAfter = held - entitled;
    let takenCents = 0;
    let takenTax = 0;
    for (const e of earlier) {
      for (const l of e.lines as StoredLine[]) {
        for (const c of l.promotionClawbacks ?? []) {
          if (c.promotionId !== p.promotionId) continue;
          takenCents += c.cents;
          takenTax += c.taxCents;
        }
      }
    }
    let delta = owedAfter - takenCents;
    if (delta > 0) {
      // Taken off the qualifying lines returned now, each at most its refund before tax.
      lines.forEach((l, index) => {
        if (delta <= 0 || !buys(l.line) || room[index] <= 0) return;
        const cents = Math.min(delta, room[index]);
        const lineNet = l.refundCents - l.taxRefundCents;
        const taxCents = Math.min(l.taxRefundCents, lineNet > 0 ? Math.round((addedTax(l.line) * cents) / l.line.totalCents) : 0);
        room[index] -= cents;
        delta -= cents;
        out.push({ index, promotionId: p.promotionId, cents, taxCents });
      });
    } else if (delta < 0 && takenCents > 0) {
      // Given back on a reward line returned now, with its share of the tax taken.
      const index = lines.findIndex((l) => gets(l.line));
      if (index >= 0) {
        const cents = delta;
        const taxCents = -Math.floor((takenTax * -delta) / takenCents);
        out.push({ index, promotionId: p.promotionId, cents, taxCents });
      }
    }
  }
  return out;
}

async function bookReturn(
  uow: UnitOfWork,
  organizationId: string,
  orderId: string,
  kind: 'return' | 'void',
  input: ReturnInput,
): Promise<ReturnResult & { order: OrderView; refundParts: RefundPart[] }> {
  const { view } = await getOrder(uow.trx, organizationId, orderId, { lock: true });
  if (view.status !== 'completed') {
    throw new AppError(409, 'INVALID_TRANSITION', `Only a completed sale can be ${kind === 'void' ? 'voided' : 'returned'}; this order is ${view.status}.`, { orderId, status: view.status });
  }
  // A void is of the sale as the person voiding it saw it. A return of it that committed since
  // (the two sent at once, from two registers) took some of what the void meant to take back: the
  // void is refused as a whole, with nothing written, rather than voiding what the return left
  // (which nobody asked for) or failing on units no longer there (a 422 naming body.lines, a field
  // the void does not have).
  if (kind === 'void' && input.voidOf?.some((seen) => view.lines.find((l) => l.lineNo === seen.lineNo)?.returnedQuantity !== seen.returnedQuantity)) {
    throw new AppError(409, 'ORDER_CHANGED', 'A return of this sale was booked while it was being voided; nothing was voided. Look at the sale again and void what is left, if anything.', {
      orderId,
      path: ['params', 'id'],
    });
  }
  // A void of nothing turned the sale "voided", counted a void in the day's report and told the
  // state and every webhook the sale was voided after its returns had undone it. Judged under the
  // order's lock, and answered as a void that returns overtook meanwhile is (they took what it
  // meant to take back).
  if (kind === 'void' && view.lines.every((l) => l.returnedQuantity >= l.quantity)) {
    throw new AppError(422, 'RETURN_EXCEEDS_SALE', 'Every unit of this sale was returned already: there is nothing left to void.', { orderId, path: ['params', 'id'] });
  }
  if (input.refundTo === 'store_credit' && !view.customer.id) {
    throw new AppError(422, 'STORE_CREDIT_NEEDS_CUSTOMER', 'A walk-in sale can only be refunded to the original tender.', { path: ['body', 'refundTo'] });
  }
  const addedTax = (l: OrderLineView) => l.taxes.filter((t) => !t.includedInPrice).reduce((s, t) => s + t.amountCents, 0);
  const seen = new Map<number, number>();
  const lines = input.lines.map((wanted, i) => {
    const line = view.lines.find((l) => l.lineNo === wanted.lineNo);
    if (!line) throw new AppError(404, 'NOT_FOUND', 'Order line not found.', { path: ['body', 'lines', i, 'lineNo'] });
    const already = line.returnedQuantity + (seen.get(line.lineNo) ?? 0);
    if (wanted.quantity > line.quantity - already) {
      throw new AppError(422, 'RETURN_EXCEEDS_SALE', `Line ${line.lineNo} sold ${line.quantity}; ${already} already returned.`, {
        path: ['body', 'lines', i, 'quantity'],
        sold: line.quantity,
        returned: already,
      });
    }
    seen.set(line.lineNo, (seen.get(line.lineNo) ?? 0) + wanted.quantity);
    const taxRefundCents = sliceOf(addedTax(line), already, wanted.quantity, line.quantity);
    const refundCents = sliceOf(line.totalCents, already, wanted.quantity, line.quantity) + taxRefundCents;
    return { line, wanted, already, refundCents, taxRefundCents, packages: packagesFor(line, already, wanted.quantity) };
  });

  await refuseRestockAtRetiredStore(uow, organizationId, view.storeId, kind, input.lines);

  // A buy-X-get-Y reward the customer keeps though what qualified for it comes back is taken off
  // this return's refund (and given back when the reward comes back later): see promotionClawback.
  const clawbacks = await promotionClawback(uow, organizationId, orderId, view, lines);
  for (const c of clawbacks) {
    const l = lines[c.index];
    l.refundCents -= c.cents + c.taxCents;
    l.taxRefundCents -= c.taxCents;
  }
  const promotionClawbackCents = clawbacks.reduce((s, c) => s + c.cents, 0);
  const promotionClawbackTaxCents = clawbacks.reduce((s, c) => s + c.taxCents, 0);

  const refundCents = lines.reduce((s, l) => s + l.refundCents, 0);
  const taxRefundCents = lines.reduce((s, l) => s + l.taxRefundCents, 0);
  const returnId = uuidv7();
  const resultLines = lines.map((l, i) => {
    const taken = clawbacks.filter((c) => c.index === i);
    return {
      lineNo: l.line.lineNo,
      quantity: l.wanted.quantity,
      restock: l.wanted.restock,
      refundCents: l.refundCents,
      taxRefundCents: l.taxRefundCents,
      packages: l.packages,
      // Kept on the stored return: a later return of the reward gives back what this one took.
      ...(taken.length > 0 ? { promotionClawbacks: taken.map((c) => ({ promotionId: c.promotionId, cents: c.cents, taxCents: c.taxCents })) } : {}),
    };
  });

  // The rows a sale also takes are taken in the sale's order: the customer's limit lock, the
  // drawer, their points, the promotions counted, and the stock last. Taking the stock first (as
  // this did) while a sale on the same drawer or coupon held it and waited for the stock
  // deadlocked, and one of the two answered 500.
  if (view.customer.id) await lockCustomerLimits(uow, view.customer.id);
  const orderUpdate = await uow.trx
    .updateTable('sales_order')
    .set((eb) => ({
      refunded_cents: eb('refunded_cents', '+', refundCents),
      updated_at: new Date(),
      ...(kind === 'void' ? { status: 'voided', status_reason: input.reason } : {}),
    }))
    .where('id', '=', orderId)
    .where((eb) => eb(eb('refunded_cents', '+', refundCents), '<=', eb.ref('total_cents')))
    .returning('id')
    .executeTakeFirst();
  if (!orderUpdate) throw new AppError(422, 'RETURN_EXCEEDS_SALE', 'The refund would exceed what the order was paid.', { orderId });
  // Decided here, under the order's lock, and not from the payments' refunded_cents after commit:
  // those are only written once a processor answers, so two returns refunding at the same time
  // both saw the same cents as free and sent them to the processor twice (or one failed, and the
  // drawer's count disagreed with the cash actually handed out).
  const payments = await uow.trx
    .selectFrom('payment')
    .select(['id', 'provider', 'amount_cents', 'tendered_cents', 'change_cents'])
    .where('order_id', '=', orderId)
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const refundParts = await cashOut(
    uow,
    view.storeId,
    allocateRefund(
      payments.map((p) => ({
        id: p.id,
        provider: p.provider,
        amountCents: Number(p.amount_cents),
        tenderedCents: p.tendered_cents === null ? null : Number(p.tendered_cents),
        changeCents: Number(p.change_cents),
      })),
      view.refundedCents,
      refundCents,
    ),
    input.refundTo,
  );
  // Drawer, points and coupons (before the stock, see above).
  const links = await linkReturn(uow, { organizationId, view, orderId, returnId, kind, input, lines, refundCents, taxRefundCents, refundParts });

  // Stock: back to the shelf it came from, or to quarantine (opened goods; goods to destroy,
  // which inventory destroys later with a witness).
  const stockLines = lines.flatMap((l) =>
    l.packages.map((p) => ({ ...p, ...(l.wanted.restock === 'sellable' ? {} : { locationCode: 'quarantine' }) })),
  );
  if (stockLines.length > 0) {
    const landed = await returnToStock(uow, { storeId: view.storeId, orderId, lines: stockLines, reasonCode: kind === 'void' ? 'sale_voided' : 'customer_return', note: input.reason });
    // Where each package landed, in the answer and on the stored return: goods marked sellable
    // whose shelf was retired since go to the vault (inventory's rule), where nothing sells
    // them. The manager was told "sellable" and the item quietly left the menu.
    let at = 0;
    for (const l of resultLines) l.packages = l.packages.map((p) => ({ ...p, locationCode: landed.lines[at++]?.locationCode ?? '' }));
  }
  for (const l of lines) {
    const updated = await uow.trx
      .updateTable('sales_order_line')
      .set((eb) => ({ returned_quantity: eb('returned_quantity', '+', l.wanted.quantity) }))
      .where('id', '=', l.line.id)
      .where((eb) => eb(eb('returned_quantity', '+', l.wanted.quantity), '<=', eb.ref('quantity')))
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw new AppError(422, 'RETURN_EXCEEDS_SALE', 'Another return of this line happened at the same time.', { lineNo: l.line.lineNo });
  }
  if (view.customer.id) await creditPurchase(uow, { orderId, lines: lines.map((l) => ({ lineNo: l.line.lineNo, quantity: l.wanted.quantity })) });

  await uow.trx
    .insertInto('sales_return')
    .values({
      id: returnId,
      organization_id: organizationId,
      store_id: view.storeId,
      order_id: orderId,
      kind,
      reason: input.reason,
      lines: JSON.stringify(resultLines),
      refund_cents: refundCents,
      tax_refund_cents: taxRefundCents,
      refund_to: input.refundTo,
      promotion_clawback_cents: promotionClawbackCents,
      promotion_clawback_tax_cents: promotionClawbackTaxCents,
      loyalty: links.loyalty && (links.loyalty.pointsReturned > 0 || links.loyalty.pointsClawedBack > 0 || links.loyalty.shortfall > 0) ? JSON.stringify(links.loyalty) : null,
      // Each payment's part as decided here; the tries fill in its refundId (or error) after commit.
      refunds: JSON.stringify(refundParts.map(({ provider: _provider, ...part }) => part)),
      created_by: uow.actor.id,
    })
    .execute();
  // Owed with the return: every part but cash handed back at the register is tried after commit
  // and retried by the outbox while it fails (order-refunds.ts).
  if (refundParts.some((p) => retriedPart(p.provider, input.refundTo))) {
    await oweReturnRefund(uow.trx, { organizationId, orderId, returnId, reason: `${kind}: ${input.reason}` });
  }
  if (kind === 'void') {
    await uow.trx
      .insertInto('sales_order_transition')
      .values({ order_id: orderId, from_status: view.status, to_status: 'voided', reason: input.reason, actor_type: uow.actor.type, actor_id: uow.actor.id })
      .execute();
  }
  const store = await storeContext(uow.trx, organizationId, view.storeId);
  const at = new Date().toISOString();
  await uow.audit({
    action: kind === 'void' ? 'orders.order.voided' : 'orders.order.returned',
    entityType: 'order',
    entityId: orderId,
    storeId: view.storeId,
    after: { returnId, refundCents, taxRefundCents, refundTo: input.refundTo, lines: resultLines },
    reason: input.reason,
  });
  await uow.emit(
    kind === 'void'
      ? { type: ORDER_VOIDED, aggregateType: 'order', aggregateId: orderId, storeId: view.storeId, payload: { orderId, returnId, storeId: view.storeId, licenseNumber: store.licenseNumber, voidedAt: at, reason: input.reason } }
      : {
          type: ORDER_RETURNED,
          aggregateType: 'order',
          aggregateId: orderId,
          storeId: view.storeId,
          payload: {
            orderId,
            returnId,
            storeId: view.storeId,
            licenseNumber: store.licenseNumber,
            timezone: store.timezone,
            returnedAt: at,
            lines: lines.flatMap((l) => {
              const weights = l.packages.map((p) => p.quantity);
              const total = weights.reduce((a, b) => a + b, 0);
              let left = l.refundCents - l.taxRefundCents;
              return l.packages.map((p, i) => {
                const cents = i === l.packages.length - 1 ? left : Math.floor(((l.refundCents - l.taxRefundCents) * p.quantity) / total);
                left -= cents;
                const unit = l.line.unit === 'mg' ? 'g' : 'each';
                return { packageLabel: p.packageLabel, quantity: unit === 'g' ? p.quantity / 1000 : p.quantity, unit, totalCents: cents, restock: l.wanted.restock };
              });
            }),
          },
        },
  );
  return { returnId, orderId, kind, refundCents, taxRefundCents, refundTo: input.refundTo, promotionClawbackCents, lines: resultLines, refunds: [], ...links, order: view, refundParts };
}

/**
 * The drawer, loyalty and coupons for a return or void, in its transaction and in that order (a
 * sale's, see bookReturn). The cash part of the refund (its parts on cash payments, rounded as
 * cashOut says) is paid out of the named drawer; points are reversed in proportion to the pre-tax
 * amount returned (all that is left when the sale is now fully returned); a void or full return
 * gives the coupon uses back.
 */
async function linkReturn(
  uow: UnitOfWork,
  r: {
    organizationId: string;
    view: OrderView;
    orderId: string;
    returnId: string;
    kind: 'return' | 'void';
    input: ReturnInput;
    lines: Array<{ line: OrderLineView; wanted: { quantity: number }; already: number; refundCents: number; taxRefundCents: number }>;
    refundCents: number;
    taxRefundCents: number;
    refundParts: RefundPart[];
  },
): Promise<Pick<ReturnResult, 'loyalty' | 'cashRefundCents'>> {
  const out: Pick<ReturnResult, 'loyalty' | 'cashRefundCents'> = {};
  if (r.input.registerSessionId) {
    await assertOpenSession(uow.trx, { registerSessionId: r.input.registerSessionId, storeId: r.view.storeId });
    const cash = r.refundParts.reduce((s, p) => s + (p.cashOutCents ?? 0), 0);
    if (cash > 0) await recordCashRefund(uow, { registerSessionId: r.input.registerSessionId, amountCents: cash, orderId: r.orderId, returnId: r.returnId });
    out.cashRefundCents = cash;
  }
  const returnedNow = new Map<number, number>();
  for (const l of r.lines) returnedNow.set(l.line.lineNo, (returnedNow.get(l.line.lineNo) ?? 0) + l.wanted.quantity);
  const fullyReturned = r.kind === 'void' || r.view.lines.every((l) => l.returnedQuantity + (returnedNow.get(l.lineNo) ?? 0) >= l.quantity);
  if (r.view.customer.id) {
    const ofCents = r.view.lines.reduce((s, l) => s + l.totalCents, 0);
    const reason = `${r.kind}: ${r.input.reason}`.slice(0, 500);
    const storeId = r.view.storeId;
    out.loyalty = await reverseForOrder(
      uow,
      fullyReturned
        ? { orderId: r.orderId, storeId, reason }
        : { orderId: r.orderId, storeId, portion: { cents: r.refundCents - r.taxRefundCents, ofCents }, ...(await earnPortionOf(uow, r)), ...(await redeemPortionOf(uow, r)), reason },
    );
  }
  if (fullyReturned) await releaseCoupons(uow, { orderId: r.orderId, storeId: r.view.storeId });
  return out;
}

/**
 * The part of the cents that earned points being returned: points were earned only on the lines
 * the program counts (not its excluded categories), so returning an item that earned nothing takes
 * back none of the points the kept items earned. Judged by the program in force now (the earn
 * entry does not keep which lines earned); no active program, no earn portion (the earned points
 * then follow the cents returned).
 */
async function earnPortionOf(
  uow: UnitOfWork,
  r: { organizationId: string; view: OrderView; lines: Array<{ line: OrderLineView; refundCents: number; taxRefundCents: number }> },
): Promise<{ earnPortion?: { cents: number; ofCents: number } }> {
  const program = await activeLoyaltyProgram(uow.trx, r.organizationId);
  if (!program) return {};
  const eligible = (line: OrderLineView, netCents: number) =>
    eligibleCentsForEarning(program, [{ category: line.category, isCannabis: line.category !== 'accessory', netCents }]);
  return {
    earnPortion: {
      cents: r.lines.reduce((s, l) => s + eligible(l.line, l.refundCents - l.taxRefundCents), 0),
      ofCents: r.view.lines.reduce((s, l) => s + eligible(l, l.totalCents), 0),
    },
  };
}

/**
 * The part of a points redemption being returned, where the redemption could not pay for every
 * line: a program or pack that keeps points off cannabis put the whole discount on the other lines
 * (sale-links), so returning the flower gives back none of the points that paid for the battery,
 * and returning the battery gives them back. Followed by those lines' prices (a line the points
 * paid for in full has nothing left to weigh). Where every line could carry points, they follow
 * the cents returned (no redeem portion). Judged by the program in force now and the pack on the
 * sale's day.
 */
async function redeemPortionOf(
  uow: UnitOfWork,
  r: { organizationId: string; view: OrderView; lines: Array<{ line: OrderLineView; wanted: { quantity: number } }> },
): Promise<{ redeemPortion?: { cents: number; ofCents: number } }> {
  const program = await activeLoyaltyProgram(uow.trx, r.organizationId);
  if (!program) return {};
  const store = await storeContext(uow.trx, r.organizationId, r.view.storeId);
  const soldOn = localDate(store.timezone, r.view.completedAt ?? r.view.placedAt);
  const cannabisExcluded = complianceGuardFor(store.jurisdiction, soldOn).forbidLoyaltyCannabisDiscounts === true;
  if (redemptionProgram(program, cannabisExcluded).redemption.allowOnCannabis !== false) return {};
  const carries = (line: OrderLineView) => line.category === 'accessory';
  return {
    redeemPortion: {
      cents: r.lines.filter((l) => carries(l.line)).reduce((s, l) => s + l.line.unitPriceCents * l.wanted.quantity, 0),
      ofCents: r.view.lines.filter(carries).reduce((s, l) => s + l.unitPriceCents * l.quantity, 0),
    },
  };
}

/** Refunds each part on its payment (after the return committed); a failed part is left for follow-up. */
async function refundMoney(
  platform: Platform,
  context: RequestContext,
  input: {
    organizationId: string;
    orderId: string;
    parts: Array<Omit<RefundPart, 'provider'>>;
    reason: string;
    /** What the refund is for (the return, the refund owed): with the payment, its idempotency key. */
    refundFor: string;
    toStoreCredit?: { customerId: string };
  },
): Promise<ReturnResult['refunds']> {
  const out: ReturnResult['refunds'] = [];
  for (const { paymentId, amountCents, cashOutCents } of input.parts) {
    const cash = cashOutCents === undefined ? {} : { cashOutCents };
    try {
      const refund = await refundPayment(platform, context, {
        organizationId: input.organizationId,
        paymentId,
        amountCents,
        reason: input.reason,
        idempotencyKey: `${input.refundFor}:${paymentId}`,
        ...(input.toStoreCredit ? { toStoreCredit: input.toStoreCredit } : {}),
      });
      out.push({ paymentId, amountCents, ...cash, refundId: refund.refundId, destination: refund.destination });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      platform.logger.error({ orderId: input.orderId, paymentId, err: message }, 'refund failed: needs follow-up');
      out.push({ paymentId, amountCents, ...cash, error: message });
    }
  }
  return out;
}

export async function returnOrder(
  platform: Platform,
  context: RequestContext,
  orderId: string,
  input: ReturnInput,
  kind: 'return' | 'void' = 'return',
  idempotency?: IdempotencyInput,
): Promise<ReturnResult & { replayed: boolean; refund: RefundOwedView | null }> {
  const organizationId = context.actor.organizationId!;
  if (input.refundTo === 'store_credit' && kind === 'void') {
    throw new AppError(400, 'VALIDATION_FAILED', 'A void refunds to the original tender.', [{ path: ['body', 'refundTo'], message: 'original only' }]);
  }
  // The key is claimed in the return's transaction: a retry (or the same request sent twice at
  // once, which waits on the key until the first commits) answers the stored return instead of
  // taking back more units and refunding them again.
  let toRefund: { parts: RefundPart[]; customerId: string | null } | undefined;
  const answer = await inTransaction(platform.tx, context, (uow) =>
    runIdempotent(uow, idempotency ?? { scope: '', key: undefined, body: null }, async () => {
      const { order, refundParts, ...result } = await bookReturn(uow, organizationId, orderId, kind, input);
      toRefund = { parts: refundParts, customerId: order.customer.id };
      return { status: 201, body: result as ReturnResult };
    }),
  );
  const returnId = answer.body.returnId;
  if (!answer.replayed && toRefund) {
    // Cash handed back at the register: recorded on its payment once, never retried.
    const cash = toRefund.parts.filter((p) => !retriedPart(p.provider, input.refundTo));
    if (cash.length > 0) {
      const made = await refundMoney(platform, context, { organizationId, orderId, parts: cash, reason: `${kind}: ${input.reason}`, refundFor: `return:${returnId}` });
      await mergeRefunds(platform, returnId, made);
    }
    // The rest is owed since the commit (return_refund): the request makes the first try; a
    // failure stays owed for the outbox (subscriber orders.refunds-owed), never thrown here.
    if (cash.length < toRefund.parts.length) await settleReturnRefund(platform, context, organizationId, returnId, FIRST_TRY);
  }
  // A replay answers what the first request has recorded so far (the money moved or is moving for it).
  const stored = await platform.database.db.selectFrom('sales_return').select('refunds').where('id', '=', returnId).executeTakeFirst();
  const refund = await returnRefundOf(platform.database.db, organizationId, returnId);
  return { ...answer.body, refunds: (stored?.refunds ?? []) as ReturnResult['refunds'], refund, replayed: answer.replayed || !toRefund };
}

/** Writes this try's outcome of some parts over the return's recorded refunds (one part per payment). */
async function mergeRefunds(platform: Platform, returnId: string, made: ReturnResult['refunds']): Promise<void> {
  const { db } = platform.database;
  const stored = await db.selectFrom('sales_return').select('refunds').where('id', '=', returnId).executeTakeFirstOrThrow();
  const byPayment = new Map(made.map((r) => [r.paymentId, r]));
  const refunds = ((stored.refunds ?? []) as ReturnResult['refunds']).map((r) => byPayment.get(r.paymentId) ?? r);
  await db.updateTable('sales_return').set({ refunds: JSON.stringify(refunds) }).where('id', '=', returnId).execute();
}

/**
 * One try at a return's refund owed (order-refunds.ts): the parts not refunded yet, but cash handed
 * back at the register, each under the key `return:<returnId>:<paymentId>` (the same on every try,
 * so a processor that refunded but whose answer was lost answers the retry with that refund).
 * Answers this try's parts (an `error` on those that failed).
 */
export async function refundReturnParts(platform: Platform, context: RequestContext, input: { organizationId: string; returnId: string }): Promise<ReturnResult['refunds']> {
  const { db } = platform.database;
  const stored = await db
    .selectFrom('sales_return')
    .select(['order_id', 'kind', 'reason', 'refund_to', 'refunds'])
    .where('id', '=', input.returnId)
    .where('organization_id', '=', input.organizationId)
    .executeTakeFirstOrThrow();
  const recorded = (stored.refunds ?? []) as ReturnResult['refunds'];
  const providers = new Map(
    recorded.length === 0
      ? []
      : (await db.selectFrom('payment').select(['id', 'provider']).where('id', 'in', recorded.map((r) => r.paymentId)).where('organization_id', '=', input.organizationId).execute()).map((p) => [p.id, p.provider] as const),
  );
  const pending = recorded.filter((r) => !r.refundId && retriedPart(providers.get(r.paymentId) ?? '', stored.refund_to));
  if (pending.length === 0) return [];
  const order = await db.selectFrom('sales_order').select('customer_id').where('id', '=', stored.order_id).executeTakeFirstOrThrow();
  const made = await refundMoney(platform, context, {
    organizationId: input.organizationId,
    orderId: stored.order_id,
    parts: pending.map((r) => ({ paymentId: r.paymentId, amountCents: r.amountCents, ...(r.cashOutCents === undefined ? {} : { cashOutCents: r.cashOutCents }) })),
    reason: `${stored.kind}: ${stored.reason}`,
    refundFor: `return:${input.returnId}`,
    ...(stored.refund_to === 'store_credit' && order.customer_id ? { toStoreCredit: { customerId: order.customer_id } } : {}),
  });
  await mergeRefunds(platform, input.returnId, made);
  return made;
}

/** A void: the whole sale, the same store-local day, back to the original tender. */
export async function voidOrder(
  platform: Platform,
  context: RequestContext,
  orderId: string,
  input: { reason: string; restock?: Restock; registerSessionId?: string },
  idempotency?: IdempotencyInput,
): Promise<ReturnResult & { replayed: boolean; refund: RefundOwedView | null }> {
  const organizationId = context.actor.organizationId!;
  const { view } = await getOrder(platform.database.db, organizationId, orderId);
  const store = await storeContext(platform.database.db, organizationId, view.storeId);
  const day = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: store.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
  // Only a completed sale is told it is too old to void. An order still on its way, cancelled or
  // voided already is refused for what it is, under the order's lock (409 INVALID_TRANSITION):
  // told to "make a return instead", the budtender was sent to a return that is refused as well.
  if (view.status === 'completed' && (!view.completedAt || day(view.completedAt) !== day(new Date().toISOString()))) {
    throw new AppError(409, 'VOID_NOT_SAME_DAY', 'Only a sale of the same store-local day can be voided; make a return instead.', { orderId, completedAt: view.completedAt });
  }
  return returnOrder(
    platform,
    context,
    orderId,
    {
      reason: input.reason,
      refundTo: 'original',
      ...(input.registerSessionId ? { registerSessionId: input.registerSessionId } : {}),
      lines: view.lines.filter((l) => l.quantity > l.returnedQuantity).map((l) => ({ lineNo: l.lineNo, quantity: l.quantity - l.returnedQuantity, restock: input.restock ?? 'sellable' })),
      voidOf: view.lines.map((l) => ({ lineNo: l.lineNo, returnedQuantity: l.returnedQuantity })),
    },
    'void',
    idempotency,
  );
}

/**
 * Refunds what is left of every payment of an ended order (the stock went back in its
 * transaction). One try of the refund it owes (order-refunds.ts), which keys each payment's refund
 * on the order: a retry after a lost answer is answered with the first refund.
 */
export async function refundLeftOfPayments(platform: Platform, context: RequestContext, input: { organizationId: string; orderId: string; reason: string }) {
  const { view } = await getOrder(platform.database.db, input.organizationId, input.orderId);
  const payments = await platform.database.db
    .selectFrom('payment')
    .select(['id', 'amount_cents', 'refunded_cents'])
    .where('order_id', '=', input.orderId)
    .where('organization_id', '=', input.organizationId)
    .where('status', '!=', 'voided') // cash never collected (voided at the cancel): nothing to give back
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const refundFor = `order-refund:${input.orderId}`;
  // A payment whose refund an earlier try claimed but never answered (it died, or its recording
  // failed) has nothing left by its refunded cents; that claim is finished under its key and
  // amount (the processor answers the first refund if it was made), not taken as done.
  const unanswered = await unansweredRefunds(platform.database.db, payments.map((p) => `${refundFor}:${p.id}`));
  let left = view.totalCents;
  const parts: Array<{ paymentId: string; amountCents: number }> = [];
  for (const p of payments) {
    const amountCents = unanswered.get(`${refundFor}:${p.id}`) ?? Math.min(left, Number(p.amount_cents) - Number(p.refunded_cents));
    if (amountCents <= 0) continue;
    parts.push({ paymentId: p.id, amountCents });
    left -= amountCents;
  }
  return refundMoney(platform, context, { organizationId: input.organizationId, orderId: input.orderId, parts, reason: input.reason, refundFor });
}
