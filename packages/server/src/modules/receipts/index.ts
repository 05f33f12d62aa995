// Receipts: pure rendering of a completed order for the printer, the screen and e-mail.
export type {
  ReceiptData,
  ReceiptChannel,
  ReceiptStore,
  ReceiptLine,
  ReceiptLineDiscount,
  ReceiptPromotion,
  ReceiptTaxLine,
  ReceiptTender,
  ReceiptLoyalty,
  ReceiptCustomer,
  ReceiptDelivery,
  ReceiptEmployee,
  ReceiptReferences,
  ReceiptSignature,
} from './receipt-data.ts';
export { renderReceiptHtml } from './receipt-html.ts';
export { renderReceiptEscPos, type EscPosOptions } from './receipt-escpos.ts';
export { formatCents, formatStoreTime, maskName, maskReference, toPrinterAscii } from './receipt-text.ts';
