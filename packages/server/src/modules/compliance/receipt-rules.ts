// What the store's pack (with its overrides) requires a sale's receipt to carry, on the sale's
// store-local date: the orders module lays the receipt out from it.
import { receiptRequirements, type Category, type Channel, type ReceiptRequirements } from '@verdant/rules';
import type { Db } from '../../platform/unit-of-work';
import { rulesCall } from './rules-engine';
import type { StoreRef } from './store-rules';
import { storePackOn } from './vehicle-load';

/**
 * A store whose jurisdiction has no pack in effect on that date requires nothing. `categories` are
 * the categories the sale's lines are of: a rule for some categories only (Colorado's educational
 * handout with concentrate) is then left out of a sale without them; without them it is listed.
 */
export async function storeReceiptRequirements(db: Db, store: Pick<StoreRef, 'id' | 'jurisdiction' | 'timezone'>, channel: Channel, at: Date, categories?: readonly string[]): Promise<ReceiptRequirements> {
  const { date, pack } = await storePackOn(db, store, at);
  return pack ? rulesCall(() => receiptRequirements(pack, channel, date, categories as readonly Category[] | undefined), []) : { contents: [], rules: [] };
}
