// What one delivery vehicle may carry, judged from the store's pack (with its rule overrides) on
// the store-local date. The delivery module calls this for a run's whole load.
import { checkHandOverHours, checkVehicleLoad, type VehicleCheck, type VehicleLoad, type Violation } from '@verdant/rules';
import type { Db } from '../../platform/unit-of-work';
import { inEffect, localDate, packOrNull, rulesCall } from './rules-engine';
import { storeRulesFor, type StoreRef } from './store-rules';

/** The store's pack with its overrides (read through the store-rules cache), if one is in effect on the store-local date. */
export async function storePackOn(db: Db, store: Pick<StoreRef, 'id' | 'jurisdiction' | 'timezone'>, at: Date) {
  const date = localDate(store.timezone, at);
  const pack = packOrNull(store.jurisdiction, (await storeRulesFor(db, store.id)).overrides);
  return { date, pack: pack && inEffect(pack.effective, date) ? pack : null };
}

/** The pack's verdict on a load; a store whose jurisdiction has no pack in effect has no vehicle rules. */
export async function checkStoreVehicleLoad(db: Db, store: StoreRef, load: VehicleLoad, at: Date = new Date()): Promise<VehicleCheck> {
  const { date, pack } = await storePackOn(db, store, at);
  if (!pack) {
    const valueCents = load.orders.reduce((sum, o) => sum + o.valueCents, 0) + (load.unorderedValueCents ?? 0);
    const prepaidValueCents = load.orders.reduce((sum, o) => sum + (o.prepaid ? o.valueCents : 0), 0);
    return { packVersion: '', date, valueCents, prepaidValueCents, unorderedValueCents: load.unorderedValueCents ?? 0, amounts: [], rules: [], violations: [] };
  }
  return rulesCall(() => checkVehicleLoad(pack, date, load), []);
}

/** The pack's hours (with the store's overrides) at the moment goods are handed over at the door. */
export async function checkStoreHandOver(db: Db, store: StoreRef, at: Date = new Date()): Promise<Violation | undefined> {
  const { pack } = await storePackOn(db, store, at);
  return pack ? rulesCall(() => checkHandOverHours(pack, store.timezone, at.getTime()), []) : undefined;
}
