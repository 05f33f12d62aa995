// What a sale's receipt must carry in a jurisdiction: the receipt rules of the pack in effect on
// the store-local date for the sale's channel, added up. Laying the receipt out is the caller's.
import { RECEIPT_CONTENTS, type Channel, type ReceiptContent } from './categories.ts';
import { inEffect, type Pack } from './pack-schema.ts';

export interface ReceiptRequirements {
  /** What the receipt must carry, each once, in RECEIPT_CONTENTS order. */
  contents: ReceiptContent[];
  /** Ids of the receipt rules that ask for it. */
  rules: string[];
}

/** Nothing is required on a date the pack does not answer for (the sale was not judged by it either). */
export function receiptRequirements(pack: Pack, channel: Channel, date: string): ReceiptRequirements {
  if (!inEffect(pack.effective, date)) return { contents: [], rules: [] };
  const live = pack.receipts.filter((r) => inEffect(r.effective, date) && r.channels.includes(channel));
  const wanted = new Set(live.flatMap((r) => r.contents));
  return { contents: RECEIPT_CONTENTS.filter((c) => wanted.has(c)), rules: live.map((r) => r.id) };
}
