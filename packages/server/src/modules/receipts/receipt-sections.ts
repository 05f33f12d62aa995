// The receipt's content, in order, as layout-neutral rows. Both renderers walk the same rows, so a
// line that is legally required cannot be on the e-mailed receipt and missing from the printed one.
import type { ReceiptData, ReceiptDelivery, ReceiptEmployee, ReceiptTender } from './receipt-data.ts';
import { CHANNEL_LABELS, formatCents, formatStoreTime, formatWeight, lastFour, maskName, maskReference } from './receipt-text.ts';

export type ReceiptRow =
  | { type: 'heading'; text: string }
  | { type: 'center'; text: string; bold?: boolean }
  | { type: 'text'; text: string; indent?: number }
  | { type: 'pair'; left: string; right: string; indent?: number; bold?: boolean }
  | { type: 'rule' }
  /** Blank room to write in (a signature). */
  | { type: 'space' }
  /** A picture (the signature as drawn) where the medium shows one; a printer skips it. */
  | { type: 'image'; src: string; alt: string };

const TITLES = { sale: 'SALES RECEIPT', return: 'RETURN RECEIPT', void: 'VOID RECEIPT', gift_card: 'GIFT CARD RECEIPT', delivery_request: 'DELIVERY REQUEST RECEIPT' } as const;

function tenderRows(t: ReceiptTender, beforeHandOver: boolean): ReceiptRow[] {
  switch (t.kind) {
    case 'cash':
      // Before the door the cash is still to be paid: what is due, not what was tendered.
      if (beforeHandOver) return [{ type: 'pair', left: 'Cash due at the door', right: formatCents(t.tenderedCents - t.changeCents), bold: true }];
      return [
        ...(t.roundingCents ? [{ type: 'pair', left: 'Cash rounding', right: formatCents(t.roundingCents) } as const] : []),
        { type: 'pair', left: 'Cash', right: formatCents(t.tenderedCents) },
        // Cash paid back (a refund, negative) has no change.
        ...(t.tenderedCents >= 0 ? [{ type: 'pair', left: 'Change due', right: formatCents(t.changeCents), bold: true } as const] : []),
      ];
    case 'card': {
      const rows: ReceiptRow[] = [{ type: 'pair', left: `${t.brand ?? 'Card'} ****${lastFour(t.last4)}`, right: formatCents(t.amountCents) }];
      if (t.terminalRef) rows.push({ type: 'text', text: `Terminal ref ${t.terminalRef}`, indent: 2 });
      if (t.authCode) rows.push({ type: 'text', text: `Auth ${t.authCode}`, indent: 2 });
      return rows;
    }
    case 'gift_card': {
      const rows: ReceiptRow[] = [{ type: 'pair', left: `Gift card ****${lastFour(t.last4)}`, right: formatCents(t.amountCents) }];
      if (t.remainingBalanceCents !== undefined) rows.push({ type: 'pair', left: 'Remaining balance', right: formatCents(t.remainingBalanceCents), indent: 2 });
      return rows;
    }
    case 'store_credit':
      return [{ type: 'pair', left: 'Store credit', right: formatCents(t.amountCents) }];
    case 'loyalty_points':
      return [{ type: 'pair', left: `Points (${t.points} pts)`, right: formatCents(t.amountCents) }];
  }
}

/** An employee by first name, their number on the next row (a number prints in full). */
function employeeRows(role: string, employee: ReceiptEmployee): ReceiptRow[] {
  return [
    { type: 'pair', left: role, right: employee.firstName },
    { type: 'pair', left: 'Employee no.', right: employee.number },
  ];
}

/** Where a delivery goes, who takes it there and who prepared it, as far as the caller set them. */
function deliveryRows(delivery: ReceiptDelivery): ReceiptRow[] {
  const rows: ReceiptRow[] = [];
  if (delivery.addressLines?.length) {
    rows.push({ type: 'text', text: 'Deliver to' });
    for (const line of delivery.addressLines) rows.push({ type: 'text', text: line, indent: 2 });
  }
  if (delivery.driver) rows.push(...employeeRows('Driver', delivery.driver));
  if (delivery.preparedBy) rows.push(...employeeRows('Prepared by', delivery.preparedBy));
  return rows;
}

// Long enough to sign on, short enough for 42 columns and the 72 mm HTML column.
export const EDUCATIONAL_HANDOUT = "The state's educational handout was given with this sale.";
const SIGNATURE_LINE = 'X' + '_'.repeat(35);

export function receiptRows(data: ReceiptData): ReceiptRow[] {
  const rows: ReceiptRow[] = [];
  const { store, order } = data;
  const requires = new Set(data.requires ?? []);

  rows.push({ type: 'heading', text: store.name });
  for (const line of store.addressLines) rows.push({ type: 'center', text: line });
  if (store.phone) rows.push({ type: 'center', text: store.phone });
  rows.push({ type: 'center', text: `License ${store.licenseNumber}` });
  rows.push({ type: 'rule' });

  rows.push({ type: 'center', text: TITLES[order.kind], bold: true });
  if (order.kind !== 'gift_card') rows.push({ type: 'pair', left: 'Order', right: `#${order.number}` });
  const datedOrder = requires.has('dateTime') && order.placedAt !== undefined;
  if (datedOrder) rows.push({ type: 'pair', left: 'Ordered', right: formatStoreTime(order.placedAt!, store.timezone) });
  const dateLabel = order.kind === 'delivery_request' ? 'Printed' : datedOrder && order.channel === 'delivery' ? 'Delivered' : 'Date';
  rows.push({ type: 'pair', left: dateLabel, right: formatStoreTime(order.completedAt, store.timezone) });
  rows.push({ type: 'pair', left: 'Channel', right: CHANNEL_LABELS[order.channel] });
  if (data.budtender) rows.push({ type: 'pair', left: 'Budtender', right: data.budtender.name });
  if (data.customer?.firstName) rows.push({ type: 'pair', left: 'Customer', right: data.customer.firstName });
  else if (data.customer?.name) rows.push({ type: 'pair', left: 'Customer', right: maskName(data.customer.name) });
  if (data.customer?.number) rows.push({ type: 'pair', left: 'Customer no.', right: data.customer.number });
  if (data.customer?.reference) rows.push({ type: 'pair', left: data.customer.referenceLabel ?? 'Member', right: maskReference(data.customer.reference) });
  if (data.delivery) rows.push(...deliveryRows(data.delivery));
  const refs = data.references;
  if (refs?.returnOf) rows.push({ type: 'text', text: `Return of order #${refs.returnOf}` });
  if (refs?.voidOf) rows.push({ type: 'text', text: `Voids order #${refs.voidOf}` });
  if (refs?.reason) rows.push({ type: 'text', text: `Reason: ${refs.reason}` });
  rows.push({ type: 'text', text: `${order.kind === 'gift_card' ? 'Sale' : 'Order'} ID ${order.id}` });
  rows.push({ type: 'rule' });

  for (const line of data.lines) {
    rows.push({ type: 'text', text: line.name });
    if (line.packageLabel) rows.push({ type: 'text', text: `Pkg ${line.packageLabel}`, indent: 2 });
    if (line.weightMg !== undefined) rows.push({ type: 'text', text: `Net wt ${formatWeight(line.weightMg)}`, indent: 2 });
    // Spelled out where the law asks for each item's quantity and price, so nobody has to know the "2 x $40.00" convention.
    const quantityAndPrice = requires.has('itemQuantityAndPrice')
      ? `Qty ${line.quantity} @ ${formatCents(line.unitPriceCents)} each`
      : `${line.quantity} x ${formatCents(line.unitPriceCents)}`;
    rows.push({ type: 'pair', left: quantityAndPrice, right: formatCents(line.quantity * line.unitPriceCents), indent: 2 });
    for (const note of line.notes ?? []) rows.push({ type: 'text', text: note, indent: 2 });
    for (const d of line.discounts) rows.push({ type: 'pair', left: d.label, right: formatCents(-d.amountCents), indent: 2 });
    if (line.discounts.length > 0) rows.push({ type: 'pair', left: 'Line total', right: formatCents(line.lineTotalCents), indent: 2 });
  }
  rows.push({ type: 'rule' });

  if (data.promotions.length > 0) {
    rows.push({ type: 'text', text: 'Promotions applied' });
    for (const p of data.promotions) rows.push({ type: 'pair', left: p.code ? `${p.label} (${p.code})` : p.label, right: formatCents(-p.amountCents), indent: 2 });
  }
  if (data.discountCents !== 0) rows.push({ type: 'pair', left: 'You saved', right: formatCents(data.discountCents) });
  rows.push({ type: 'pair', left: 'Subtotal', right: formatCents(data.subtotalCents) });
  for (const t of data.taxes) {
    rows.push({ type: 'pair', left: t.includedInPrice ? `${t.label} (included)` : t.label, right: formatCents(t.amountCents) });
  }
  if (data.taxes.length > 1) rows.push({ type: 'pair', left: 'Total tax', right: formatCents(data.taxCents) });
  rows.push({ type: 'pair', left: 'TOTAL', right: formatCents(data.totalCents), bold: true });
  rows.push({ type: 'rule' });

  for (const t of data.tenders) rows.push(...tenderRows(t, order.kind === 'delivery_request'));
  if (data.giftCard) rows.push({ type: 'pair', left: `Balance on ****${lastFour(data.giftCard.last4)}`, right: formatCents(data.giftCard.balanceCents), bold: true });
  if (data.loyalty) {
    rows.push({ type: 'pair', left: 'Points earned', right: String(data.loyalty.pointsEarned) });
    if (data.loyalty.pointsRedeemed !== 0) rows.push({ type: 'pair', left: 'Points redeemed', right: String(data.loyalty.pointsRedeemed) });
    if (data.loyalty.balance !== undefined) rows.push({ type: 'pair', left: 'Points balance', right: String(data.loyalty.balance) });
  }
  const signed = data.signature;
  if (signed) {
    rows.push({ type: 'rule' });
    rows.push({ type: 'text', text: 'Received by the customer (signature):' });
    const at = formatStoreTime(signed.signedAt, store.timezone);
    if (signed.pngBase64) rows.push({ type: 'image', src: `data:image/png;base64,${signed.pngBase64}`, alt: `Signature of ${signed.printedName ?? 'the customer'}` });
    rows.push({ type: 'text', text: signed.printedName ? `Signed by ${signed.printedName} at ${at}` : `Signed at ${at}` });
  } else if (requires.has('signatureLine')) {
    rows.push({ type: 'rule' });
    rows.push({ type: 'text', text: 'Received by the customer (signature):' });
    rows.push({ type: 'space' });
    rows.push({ type: 'text', text: SIGNATURE_LINE });
  }
  if (requires.has('educationalHandout')) {
    // Colorado: a concentrate sold comes with the state's educational handout; the receipt says it
    // was given, so the budtender is reminded at the printer and the customer has it in writing.
    rows.push({ type: 'rule' });
    rows.push({ type: 'text', text: EDUCATIONAL_HANDOUT });
  }
  if (data.footerLines.length > 0) {
    rows.push({ type: 'rule' });
    for (const f of data.footerLines) rows.push({ type: 'text', text: f });
  }
  return rows;
}
