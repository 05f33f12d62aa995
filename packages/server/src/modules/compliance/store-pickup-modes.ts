// How a pickup may be handed over at a store on the store-local date: what the store's pack (with
// its overrides) allows, narrowed to what the store offers (its own choice, `pickupModesOffered`:
// no drive-through lane). The online store offers these modes. The engine judges the law itself
// when pickup details are set and at completion (pickup.mode of evaluate()), and the cart refuses
// a mode the store does not offer (PICKUP_MODE_NOT_OFFERED); this list only keeps the page from
// offering what would be refused.
import { allowedPickupModes, type HandOverMode } from '@verdant/rules';
import { AppError } from '../../platform/errors';
import type { Db } from '../../platform/unit-of-work';
import { rulesCall } from './rules-engine';
import type { StoreRef } from './store-rules';
import { storePackOn } from './vehicle-load';

/**
 * in_store while a pack is in effect; curbside and drive_through where a rule in effect allows them
 * and the store offers them. Empty on a date outside the pack.
 */
export async function storePickupModes(
  db: Db,
  store: Pick<StoreRef, 'id' | 'jurisdiction' | 'timezone'> & { pickupModesOffered: readonly string[] },
  at: Date = new Date(),
): Promise<HandOverMode[]> {
  const { date, pack } = await storePackOn(db, store, at);
  const allowed = pack ? rulesCall(() => allowedPickupModes(pack, date), []) : [];
  return allowed.filter((mode) => mode === 'in_store' || store.pickupModesOffered.includes(mode));
}

const MODE_NAMES: Record<HandOverMode, string> = { in_store: 'in-store', curbside: 'curbside', drive_through: 'drive-through' };

/**
 * 422 PICKUP_MODE_NOT_OFFERED, or undefined where the store offers the mode (in_store always): a
 * mode the store does not offer (its own choice, `pickupModesOffered` of PATCH /v1/stores/:id: no
 * drive-through lane). Not a compliance refusal: the law may allow the mode, the store does not do
 * it, so nothing goes to the compliance log. Callers judge it after the pack, so a mode the law
 * refuses is refused as such (and logged at completion).
 */
export function pickupModeNotOffered(mode: HandOverMode, offered: readonly string[], path: Array<string | number>): AppError | undefined {
  if (mode === 'in_store' || offered.includes(mode)) return undefined;
  const choices = offered.map((m) => MODE_NAMES[m as HandOverMode] ?? m).join(' or ');
  return new AppError(422, 'PICKUP_MODE_NOT_OFFERED', `This store does not offer ${MODE_NAMES[mode]} pickup: choose ${choices} pickup.`, { path, mode, offered: [...offered] });
}
