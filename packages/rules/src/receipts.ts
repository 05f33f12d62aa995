// What a sale's receipt must carry in a jurisdiction: the receipt rules of the pack in effect on
// the store-local date for the sale's channel, added up. Laying the receipt out is the caller's.
import { RECEIPT_CONTENTS, type Category, type Channel, type ReceiptContent } from './categories.ts';
import { inEffect, type Pack } from './pack-schema.ts';

export interface ReceiptRequirements {
  /** What the receipt must carry, each once, in RECEIPT_CONTENTS order. */
  contents: ReceiptContent[];
  /** Ids of the receipt rules that ask for it. */
  rules: string[];
}

/**
 * Nothing is required on a date the pack does not answer for (the sale was not judged by it either).
 * `categories` are the categories of the sale's lines: a rule that holds only for some categories
 * (Colorado's educational handout with concentrate) is left out when none of them was sold. A
 * caller that does not pass them is told every such rule too, since the engine cannot rule it out.
 */
export function receiptRequirements(pack: Pack, channel: Channel, date: string, categories?: readonly Category[]): ReceiptRequirements {
  if (!inEffect(pack.effective, date)) return { contents: [], rules: [] };
  const live = pack.receipts.filter(
    (r) => inEffect(r.effective, date) && r.channels.includes(channel) && (!r.categories || !categories || r.categories.some((c) => categories.includes(c))),
  );
  const wanted = new Set(live.flatMap((r) => r.contents));
  return { contents: RECEIPT_CONTENTS.filter((c) => wanted.has(c)), rules: live.map((r) => r.id) };
}
