// ReceiptData from a stored order: every tax line with the label the tax engine gave it (so an
// excise tax is stated separately where the jurisdiction requires it), the package each unit came
// from, discounts and price overrides with their reasons, the promotions and points that paid
// for the rest, the points earned, tenders (last four digits only) and the licence number.
// A return or a void prints what it took back, each tax it reversed, and where the money went.
// A sale's receipt also carries what the store's jurisdiction asks of it for the order's channel
// (California's delivery request receipt: the customer's first name and number, the delivery
// address, the driver and who packed it, weights, the order time and a signature line; Illinois:
// each item's quantity and price), and nothing more: the
// customer is named only where the law asks for it. A delivery out for delivery has its delivery
// request receipt, for the customer to sign at the door; the completed sale's receipt prints the
// signature taken there.
import type { ReceiptContent } from '@verdant/rules';
import { AppError, conflict } from '../../platform/errors';
import type { Db } from '../../platform/unit-of-work';
import {
  renderReceiptEscPos,
  renderReceiptHtml,
  type ReceiptCustomer,
  type ReceiptData,
  type ReceiptDelivery,
  type ReceiptLineDiscount,
  type ReceiptLoyalty,
  type ReceiptSignature,
  type ReceiptStore,
  type ReceiptTaxLine,
  type ReceiptTender,
} from '../receipts';
import { signatureOf } from './hand-over-signature';
import { getOrder, type OrderLineView, type OrderView } from './orders.repository';
import { customerErased, promotionsOnOrder, receiptDriver, receiptFirstName, receiptPacker, storeContext, storeReceiptRequirements, unitNetWeights } from './ports';

type PaymentRow = { provider: string; amount_cents: number; tendered_cents: number | null; change_cents: number; authorization_ref: string; details: unknown };
type PaymentDetails = { cardLast4?: string | null; giftCardLast4?: string; last4?: string | null; roundingCents?: number };

/** A stored return's line, as returns.service books it. */
type ReturnedLine = {
  lineNo: number;
  quantity: number;
  refundCents: number;
  taxRefundCents: number;
  packages: Array<{ packageLabel: string; quantity: number }>;
  /** A buy-X-get-Y reward kept (returns.service promotionClawback): taken off the line's refund before tax, negative when given back. */
  promotionClawbacks?: Array<{ cents: number }>;
};
/** A stored return's refund to one payment. */
type ReturnRefund = { paymentId: string; amountCents: number; cashOutCents?: number; error?: string };

type PostalAddress = { line1?: string; line2?: string; city?: string; region?: string; postalCode?: string };

/** An address as a receipt prints it: street lines, then "City, RE 12345". */
function addressLines(address: PostalAddress): string[] {
  const cityLine = [address.city, [address.region, address.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [address.line1, address.line2, cityLine].filter((x): x is string => Boolean(x));
}

async function receiptStore(db: Db, organizationId: string, storeId: string): Promise<ReceiptStore> {
  const store = await storeContext(db, organizationId, storeId);
  return {
    name: store.name,
    addressLines: addressLines((store.address ?? {}) as PostalAddress),
    licenseNumber: store.licenseNumber,
    timezone: store.timezone,
  };
}

/** A payment as a tender line; `amountCents` is what this receipt moves on it (negative: refunded). */
function tenderOf(p: PaymentRow, amountCents: number): ReceiptTender {
  const details = (p.details ?? {}) as PaymentDetails;
  switch (p.provider) {
    case 'gift_card':
      return { kind: 'gift_card', amountCents, last4: details.last4 ?? details.giftCardLast4 ?? '????' };
    case 'store_credit':
      return { kind: 'store_credit', amountCents };
    default:
      return {
        kind: 'card',
        amountCents,
        last4: details.cardLast4 ?? details.last4 ?? '????',
        // The terminal's approval reference: what a refund or a dispute is matched on.
        ...(p.provider === 'terminal' ? { terminalRef: p.authorization_ref } : {}),
      };
  }
}

export async function receiptDataFor(db: Db, organizationId: string, orderId: string): Promise<ReceiptData> {
  const { view: order } = await getOrder(db, organizationId, orderId);
  // A receipt says a sale happened: an order still on its way (or cancelled, or a no-show) has none,
  // except the delivery request receipt, which the customer signs at the door before the goods
  // change hands (California): it is printed from the order out for delivery, with nothing on it
  // the hand-over would change but the time.
  const request = order.status === 'out_for_delivery' && order.channel === 'delivery';
  if (order.status !== 'completed' && order.status !== 'voided' && !request) {
    throw conflict('ORDER_NOT_COMPLETED', `Order ${order.number} is ${order.status.replace(/_/g, ' ')}: it has a receipt once it is completed.`, { orderId, status: order.status, path: ['params', 'id'] });
  }
  if (order.status === 'voided') {
    const voided = await db.selectFrom('sales_return').select('id').where('order_id', '=', orderId).where('organization_id', '=', organizationId).where('kind', '=', 'void').executeTakeFirst();
    if (voided) return returnReceiptData(db, organizationId, order, voided.id);
  }
  const store = await receiptStore(db, organizationId, order.storeId);
  // A request receipt is judged, and dated, for now: the day it is signed and handed over.
  const completedAt = request ? new Date().toISOString() : (order.completedAt ?? order.placedAt);
  const { requires, customer, delivery, weights } = await jurisdictionContent(db, organizationId, order, completedAt);
  const signature = order.status === 'completed' ? await printedSignature(db, organizationId, order) : null;
  const payments = await db.selectFrom('payment').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute();
  const promotions = order.discountCents > 0 ? await promotionsOnOrder(db, { organizationId, orderId }) : [];
  // Points spent and earned by this sale, as the ledger has them (reversals of a return are not
  // the sale's: its receipt says what happened at the sale).
  const points = order.customer.id
    ? await db.selectFrom('loyalty_entry').select(['kind', 'points', 'discount_cents']).where('organization_id', '=', organizationId).where('order_id', '=', orderId).where('kind', 'in', ['earn', 'redeem']).execute()
    : [];
  const redeemed = points.filter((p) => p.kind === 'redeem');
  const pointsRedeemed = -redeemed.reduce((sum, p) => sum + p.points, 0);
  const pointsDiscountCents = redeemed.reduce((sum, p) => sum + Number(p.discount_cents ?? 0), 0);
  const tenders: ReceiptTender[] = payments.map((p) =>
    p.provider === 'cash'
      ? { kind: 'cash', tenderedCents: Number(p.tendered_cents ?? p.amount_cents), changeCents: Number(p.change_cents), roundingCents: Number((p.details as PaymentDetails | null)?.roundingCents ?? 0) }
      : tenderOf(p, Number(p.amount_cents)),
  );
  const addedTaxCents = order.taxes.filter((t) => !t.includedInPrice).reduce((s, t) => s + t.amountCents, 0);
  return {
    store,
    order: {
      id: order.id,
      number: order.number,
      kind: order.status === 'voided' ? 'void' : request ? 'delivery_request' : 'sale',
      channel: order.channel,
      completedAt,
      ...(requires.includes('dateTime') ? { placedAt: order.placedAt } : {}),
    },
    ...(customer ? { customer } : {}),
    ...(delivery ? { delivery } : {}),
    lines: order.lines.map((l) => ({
      name: l.title,
      ...(l.picks.length === 1 ? { packageLabel: l.picks[0].packageLabel } : l.picks.length > 1 ? { packageLabel: l.picks.map((p) => p.packageLabel).join(', ') } : {}),
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      ...(l.priceOverride?.unitPriceCents !== undefined ? { notes: [`Price override: ${l.priceOverride.reason}`] } : {}),
      discounts: lineDiscounts(l),
      lineTotalCents: l.totalCents,
      ...(weights.has(l.lineNo) ? { weightMg: l.quantity * weights.get(l.lineNo)! } : {}),
    })),
    promotions: [
      ...promotions.map((p) => ({ label: p.label, ...(p.code ? { code: p.code } : {}), amountCents: p.amountCents })),
      ...(pointsDiscountCents > 0 ? [{ label: `Loyalty points (${pointsRedeemed} pts)`, amountCents: pointsDiscountCents }] : []),
    ],
    subtotalCents: order.lines.reduce((s, l) => s + l.totalCents, 0),
    discountCents: order.discountCents,
    taxes: order.taxes.filter((t) => t.amountCents > 0).map((t) => ({ label: t.label, amountCents: t.amountCents, includedInPrice: t.includedInPrice })),
    taxCents: addedTaxCents,
    totalCents: order.totalCents,
    tenders,
    ...(points.length > 0 ? { loyalty: { pointsEarned: points.filter((p) => p.kind === 'earn').reduce((sum, p) => sum + p.points, 0), pointsRedeemed } } : {}),
    footerLines: [],
    ...(order.status === 'voided' ? { references: { voidOf: order.number, ...(order.statusReason ? { reason: order.statusReason } : {}) } } : {}),
    ...(requires.length > 0 ? { requires } : {}),
    ...(signature ? { signature } : {}),
  };
}

/**
 * What the store's pack asks this sale's receipt to carry, and the data for it, read only when
 * asked for. The customer number is the customer record's id: Verdant assigns no other number,
 * the id is stable (a merge re-points the order to the record kept), is no secret (staff find the
 * record by it) and says nothing about the person. An erased customer keeps the number (the
 * delivery record stays for the retention period) but prints no name.
 */
async function jurisdictionContent(db: Db, organizationId: string, order: OrderView, completedAt: string) {
  const store = await storeContext(db, organizationId, order.storeId);
  const { contents: requires } = await storeReceiptRequirements(db, store, order.channel, new Date(completedAt), order.lines.map((l) => l.category));
  const wants = (c: ReceiptContent) => requires.includes(c);
  const customerId = order.customer.id;
  let customer: ReceiptCustomer | undefined;
  if (customerId && (wants('customerFirstName') || wants('customerNumber'))) {
    const firstName = wants('customerFirstName') ? await receiptFirstName(db, organizationId, customerId) : null;
    customer = { ...(firstName ? { firstName } : {}), ...(wants('customerNumber') ? { number: customerId } : {}) };
  }
  const weights = wants('itemWeight') ? await unitNetWeights(db, order.id, order.lines) : new Map<number, number>();
  return { requires, customer, delivery: await deliveryParties(db, organizationId, order, wants), weights };
}

/**
 * Where a delivery goes, its driver and who packed it, each read only where the pack asks for it.
 * The staff id is the employee number, as the customer's id is the customer number. The address
 * is the order's as the customer gave it: an erased customer's is gone from the order, and so from
 * the receipt.
 */
async function deliveryParties(db: Db, organizationId: string, order: OrderView, wants: (c: ReceiptContent) => boolean): Promise<ReceiptDelivery | undefined> {
  if (order.channel !== 'delivery') return undefined;
  const address = wants('deliveryAddress') ? addressLines(((order.fulfillment ?? {}) as { address?: PostalAddress }).address ?? {}) : [];
  const driver = wants('deliveryEmployee') ? await receiptDriver(db, organizationId, order.id) : null;
  const preparedBy = wants('preparingEmployee') ? await receiptPacker(db, organizationId, order.id) : null;
  const delivery: ReceiptDelivery = { ...(address.length > 0 ? { addressLines: address } : {}), ...(driver ? { driver } : {}), ...(preparedBy ? { preparedBy } : {}) };
  return Object.keys(delivery).length > 0 ? delivery : undefined;
}

/**
 * The signature taken at the hand-over, as a receipt prints it. It is the state's delivery record
 * and stays when the customer's data is erased, but a reprint then shows only when it was signed:
 * neither the name nor the handwriting, as the receipt stops naming the customer.
 */
async function printedSignature(db: Db, organizationId: string, order: OrderView): Promise<ReceiptSignature | null> {
  const signature = await signatureOf(db, organizationId, order.id);
  if (!signature) return null;
  if (order.customer.id && (await customerErased(db, organizationId, order.customer.id))) return { signedAt: signature.signedAt };
  return signature;
}

/** The receipt of one return (or the void) of an order of the caller's organization; 404 for another order's return. */
export async function returnReceiptDataFor(db: Db, organizationId: string, orderId: string, returnId: string): Promise<ReceiptData> {
  const { view: order } = await getOrder(db, organizationId, orderId);
  return returnReceiptData(db, organizationId, order, returnId);
}

/**
 * What a return or a void took back, as booked: each line's units (negative), the discount they
 * carried back, the line's refund before tax; each tax of the sale reversed on its own line; and
 * each refund to the tender it went to (cash after the store's rounding, store credit).
 *
 * A tax's part is worked out per tax, as the tax report does (reports' taxRefundDays): the units
 * returned take floor(amount × (before + n) / sold) − floor(amount × before / sold) of each of the
 * line's taxes, `before` being what earlier returns of the line took back, and the added taxes'
 * parts are settled to the tax the return refunded on the line's largest added tax. Sharing each
 * return's tax refund over the taxes by weight instead rounded every return on its own: seven
 * one-unit returns printed a cent more excise given back than the sale charged (and a cent less
 * sales tax), and the receipts disagreed with the tax report. This way the parts of a line
 * returned in full add up to exactly what each tax charged.
 */
async function returnReceiptData(db: Db, organizationId: string, order: OrderView, returnId: string): Promise<ReceiptData> {
  const row = await db.selectFrom('sales_return').selectAll().where('id', '=', returnId).where('order_id', '=', order.id).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) throw new AppError(404, 'NOT_FOUND', 'Return not found.', { entity: 'Return', id: returnId, path: ['params', 'returnId'] });
  const returned = row.lines as ReturnedLine[];
  // A refund the processor refused has not happened: it is not printed as paid back.
  const refunds = ((row.refunds ?? []) as ReturnRefund[]).filter((r) => !r.error);
  const payments = refunds.length > 0 ? await db.selectFrom('payment').selectAll().where('order_id', '=', order.id).execute() : [];
  const taxes = new Map<string, ReceiptTaxLine>(order.taxes.map((t) => [t.code, { label: t.label, amountCents: 0, includedInPrice: t.includedInPrice }]));
  const before = await returnedBefore(db, order.id, row.id);
  const lines = returned.map((r) => {
    const sold = order.lines.find((l) => l.lineNo === r.lineNo)!;
    const from = before.get(r.lineNo) ?? 0;
    before.set(r.lineNo, from + r.quantity);
    const part = (amount: number) => sliceOf(amount, from, r.quantity, sold.quantity);
    const netCents = r.refundCents - r.taxRefundCents;
    const shares = sold.taxes.map((t, i) => ({ tax: t, i, cents: part(t.amountCents) }));
    const added = shares.filter((x) => !x.tax.includedInPrice);
    if (added.length > 0) {
      const largest = [...added].sort((a, b) => b.tax.amountCents - a.tax.amountCents || a.i - b.i)[0];
      largest.cents += r.taxRefundCents - added.reduce((sum, x) => sum + x.cents, 0);
    }
    // A tax contained in the price comes back inside the line's refund: its part, for information.
    for (const x of shares) {
      const printed = taxes.get(x.tax.code) ?? { label: x.tax.label, amountCents: 0, includedInPrice: x.tax.includedInPrice };
      printed.amountCents -= x.cents;
      taxes.set(x.tax.code, printed);
    }
    // What the units were marked down by, as the sale's receipt says it: a customer's exemption
    // from a tax in the shelf price (a Washington patient's excise) is not a discount. The cent a
    // share rounds off goes to the exemption where the line had one, so neither prints an amount
    // the sale never had.
    const grossCents = r.quantity * sold.unitPriceCents;
    const exempted = sold.grossCents - sold.discountCents - sold.totalCents > 0;
    // The refund before the promotion's clawback: the line's discount as sold, the clawback apart.
    const clawbackCents = (r.promotionClawbacks ?? []).reduce((sum, c) => sum + c.cents, 0);
    const discountCents = exempted ? part(sold.discountCents) : grossCents - netCents - clawbackCents;
    const exemptCents = grossCents - netCents - clawbackCents - discountCents;
    return {
      name: sold.title,
      ...(r.packages.length > 0 ? { packageLabel: r.packages.map((p) => p.packageLabel).join(', ') } : {}),
      quantity: -r.quantity,
      unitPriceCents: sold.unitPriceCents,
      discounts: [
        ...(discountCents > 0 ? [{ label: 'Discount', amountCents: -discountCents }] : []),
        ...(exemptCents > 0 ? [{ label: 'Tax exemption', amountCents: -exemptCents }] : []),
        // Positive: the customer kept a reward the returned item qualified for; negative: given back with the reward.
        ...(clawbackCents !== 0 ? [{ label: clawbackCents > 0 ? 'Promotion no longer applies' : 'Promotion given back', amountCents: clawbackCents }] : []),
      ],
      lineTotalCents: -netCents,
    };
  });
  const tenders = refunds.map((refund): ReceiptTender => {
    const payment = payments.find((p) => p.id === refund.paymentId);
    if (row.refund_to === 'store_credit' || !payment) return { kind: 'store_credit', amountCents: -refund.amountCents };
    if (payment.provider !== 'cash') return tenderOf(payment, -refund.amountCents);
    const cashOutCents = refund.cashOutCents ?? refund.amountCents;
    return { kind: 'cash', tenderedCents: -cashOutCents, changeCents: 0, roundingCents: refund.amountCents - cashOutCents };
  });
  const subtotalCents = lines.reduce((s, l) => s + l.lineTotalCents, 0);
  const taxCents = -Number(row.tax_refund_cents);
  const references = row.kind === 'void' ? { voidOf: order.number, reason: row.reason } : { returnOf: order.number, reason: row.reason };
  return {
    store: await receiptStore(db, organizationId, order.storeId),
    order: { id: order.id, number: order.number, kind: row.kind, channel: order.channel, completedAt: new Date(row.created_at).toISOString() },
    lines,
    promotions: [],
    subtotalCents,
    discountCents: 0,
    taxes: [...taxes.values()].filter((t) => t.amountCents !== 0),
    taxCents,
    totalCents: -Number(row.refund_cents),
    tenders,
    // Points as the sale's receipt shows them, reversed: earned points taken back (negative), spent
    // points given back (a negative redemption).
    ...(row.loyalty ? { loyalty: returnedPoints(row.loyalty as { pointsReturned: number; pointsClawedBack: number; shortfall: number }) } : {}),
    footerLines: [],
    references,
  };
}

/** The share of `amount` that units before+1 … before+n of `of` carry (as returns.service books it). */
const sliceOf = (amount: number, before: number, n: number, of: number) => Math.floor((amount * (before + n)) / of) - Math.floor((amount * before) / of);

/**
 * Units of each line taken back by the order's returns booked before this one (returns of an
 * order are booked one at a time under its lock; their ids are time-ordered).
 */
async function returnedBefore(db: Db, orderId: string, returnId: string): Promise<Map<number, number>> {
  const earlier = await db.selectFrom('sales_return').select('lines').where('order_id', '=', orderId).where('id', '<', returnId).execute();
  const out = new Map<number, number>();
  for (const e of earlier) for (const l of e.lines as ReturnedLine[]) out.set(l.lineNo, (out.get(l.lineNo) ?? 0) + l.quantity);
  return out;
}

/**
 * A return's points on its receipt: the points the sale earned that left the balance (those the
 * customer had spent already cannot be taken back), and the points the sale spent given back.
 */
function returnedPoints(loyalty: { pointsReturned: number; pointsClawedBack: number; shortfall: number }): ReceiptLoyalty {
  return { pointsEarned: -loyalty.pointsClawedBack, pointsRedeemed: -loyalty.pointsReturned };
}

/**
 * A line's discounts as printed: the staff member's manual discount with its reason, and apart
 * from it whatever promotions and points took off the same line (the promotions are also named
 * under "Promotions applied"), so a reason is never printed against money it did not explain.
 * Last, a tax contained in the shelf price that this customer is exempt from (a Washington
 * patient's excise): the line costs that much less, and the paper says why.
 */
function lineDiscounts(line: OrderLineView): ReceiptLineDiscount[] {
  const manual = Math.min(line.priceOverride?.discountCents ?? 0, line.discountCents);
  const rest = line.discountCents - manual;
  const exempt = line.grossCents - line.discountCents - line.totalCents;
  return [
    ...(manual > 0 ? [{ label: `Discount: ${line.priceOverride!.reason}`, amountCents: manual }] : []),
    ...(rest > 0 ? [{ label: 'Discount', amountCents: rest }] : []),
    ...(exempt > 0 ? [{ label: 'Tax exemption', amountCents: exempt }] : []),
  ];
}

/** The receipt of the order (a sale, or its void), or with `returnId` of one of its returns. */
export async function renderReceipt(db: Db, organizationId: string, orderId: string, format: 'html' | 'escpos', width?: 42 | 48, returnId?: string) {
  const data = returnId ? await returnReceiptDataFor(db, organizationId, orderId, returnId) : await receiptDataFor(db, organizationId, orderId);
  return format === 'html' ? renderReceiptHtml(data) : renderReceiptEscPos(data, width ? { width } : undefined);
}
