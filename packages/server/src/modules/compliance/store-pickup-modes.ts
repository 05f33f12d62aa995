// How the store's pack (with its overrides) lets a pickup be handed over on the store-local date:
// the online store offers these modes. The engine judges the mode itself when pickup details are
// set and at completion (pickup.mode of evaluate()); this list only keeps the page from offering
// what would be refused.
import { allowedPickupModes, type HandOverMode } from '@verdant/rules';
import type { Db } from '../../platform/unit-of-work';
import { rulesCall } from './rules-engine';
import type { StoreRef } from './store-rules';
import { storePackOn } from './vehicle-load';

/** in_store always while a pack is in effect; curbside and drive_through where a rule in effect allows them. */
export async function storePickupModes(db: Db, store: Pick<StoreRef, 'id' | 'jurisdiction' | 'timezone'>, at: Date = new Date()): Promise<HandOverMode[]> {
  const { date, pack } = await storePackOn(db, store, at);
  return pack ? rulesCall(() => allowedPickupModes(pack, date), []) : [];
}
