// ReceiptData from a stored order: every tax line with the label the tax engine gave it (so an
// excise tax is stated separately where the jurisdiction requires it), the package each unit came
// from, discounts and price overrides with their reasons, the promotions and points that paid
// for the rest, the points earned, tenders (last four digits only) and the licence number.
import type { Db } from '../../platform/unit-of-work';
import { renderReceiptEscPos, renderReceiptHtml, type ReceiptData, type ReceiptLineDiscount, type ReceiptTender } from '../receipts';
import { getOrder, type OrderLineView } from './orders.repository';
import { promotionsOnOrder, storeContext } from './ports';

export async function receiptDataFor(db: Db, organizationId: string, orderId: string): Promise<ReceiptData> {
  const { view: order } = await getOrder(db, organizationId, orderId);
  const store = await storeContext(db, organizationId, order.storeId);
  const payments = await db.selectFrom('payment').selectAll().where('order_id', '=', orderId).orderBy('created_at').execute();
  const promotions = order.discountCents > 0 ? await promotionsOnOrder(db, { organizationId, orderId }) : [];
  // Points spent and earned by this sale, as the ledger has them (reversals of a return are not
  // the sale's: its receipt says what happened at the sale).
  const points = order.customer.id
    ? await db.selectFrom('loyalty_entry').select(['kind', 'points', 'discount_cents']).where('organization_id', '=', organizationId).where('order_id', '=', orderId).where('kind', 'in', ['earn', 'redeem']).execute()
    : [];
  const redeemed = points.filter((p) => p.kind === 'redeem');
  const pointsRedeemed = -redeemed.reduce((sum, p) => sum + p.points, 0);
  const pointsDiscountCents = redeemed.reduce((sum, p) => sum + Number(p.discount_cents ?? 0), 0);
  const address = (store.address ?? {}) as { line1?: string; line2?: string; city?: string; region?: string; postalCode?: string };
  const cityLine = [address.city, [address.region, address.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const tenders: ReceiptTender[] = payments.map((p) => {
    const details = (p.details ?? {}) as { cardLast4?: string; giftCardLast4?: string; last4?: string };
    switch (p.provider) {
      case 'cash':
        return { kind: 'cash', tenderedCents: Number(p.tendered_cents ?? p.amount_cents), changeCents: Number(p.change_cents) };
      case 'gift_card':
        return { kind: 'gift_card', amountCents: Number(p.amount_cents), last4: details.last4 ?? details.giftCardLast4 ?? '????' };
      case 'store_credit':
        return { kind: 'store_credit', amountCents: Number(p.amount_cents) };
      default:
        return { kind: 'card', amountCents: Number(p.amount_cents), last4: details.cardLast4 ?? details.last4 ?? '????' };
    }
  });
  const addedTaxCents = order.taxes.filter((t) => !t.includedInPrice).reduce((s, t) => s + t.amountCents, 0);
  return {
    store: {
      name: store.name,
      addressLines: [address.line1, address.line2, cityLine].filter((x): x is string => Boolean(x)),
      licenseNumber: store.licenseNumber,
      timezone: store.timezone,
    },
    order: {
      id: order.id,
      number: order.number,
      kind: order.status === 'voided' ? 'void' : 'sale',
      channel: order.channel,
      completedAt: order.completedAt ?? order.placedAt,
    },
    lines: order.lines.map((l) => ({
      name: l.title,
      ...(l.picks.length === 1 ? { packageLabel: l.picks[0].packageLabel } : l.picks.length > 1 ? { packageLabel: l.picks.map((p) => p.packageLabel).join(', ') } : {}),
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      ...(l.priceOverride?.unitPriceCents !== undefined ? { notes: [`Price override: ${l.priceOverride.reason}`] } : {}),
      discounts: lineDiscounts(l),
      lineTotalCents: l.totalCents,
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
  };
}

/**
 * A line's discounts as printed: the staff member's manual discount with its reason, and apart
 * from it whatever promotions and points took off the same line (the promotions are also named
 * under "Promotions applied"), so a reason is never printed against money it did not explain.
 */
function lineDiscounts(line: OrderLineView): ReceiptLineDiscount[] {
  const manual = Math.min(line.priceOverride?.discountCents ?? 0, line.discountCents);
  const rest = line.discountCents - manual;
  return [
    ...(manual > 0 ? [{ label: `Discount: ${line.priceOverride!.reason}`, amountCents: manual }] : []),
    ...(rest > 0 ? [{ label: 'Discount', amountCents: rest }] : []),
  ];
}

export async function renderReceipt(db: Db, organizationId: string, orderId: string, format: 'html' | 'escpos', width?: 42 | 48) {
  const data = await receiptDataFor(db, organizationId, orderId);
  return format === 'html' ? renderReceiptHtml(data) : renderReceiptEscPos(data, width ? { width } : undefined);
}
