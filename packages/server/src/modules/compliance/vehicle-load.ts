// What one delivery vehicle may carry, judged from the store's pack (with its rule overrides) on
// the store-local date. The delivery module calls this for a run's whole load.
import { checkHandOverHours, checkVehicleLoad, type VehicleCheck, type VehicleLoad, type Violation } from '@verdant/rules';
import type { Db } from '../../platform/unit-of-work';
import { inEffect, localDate, packOrNull, rulesCall } from './rules-engine';
import { overridesFor, storeRulesFor, type StoreRef } from './store-rules';

/** The pack's verdict on a load; a store whose jurisdiction has no pack in effect has no vehicle rules. */
export async function checkStoreVehicleLoad(db: Db, store: StoreRef, load: VehicleLoad, at: Date = new Date()): Promise<VehicleCheck> {
  const date = localDate(store.timezone, at);
  const pack = packOrNull(store.jurisdiction, await overridesFor(db, store.id));
  if (!pack || !inEffect(pack.effective, date)) {
    const valueCents = load.orders.reduce((sum, o) => sum + o.valueCents, 0) + (load.unorderedValueCents ?? 0);
    const prepaidValueCents = load.orders.reduce((sum, o) => sum + (o.prepaid ? o.valueCents : 0), 0);
    return { packVersion: '', date, valueCents, prepaidValueCents, unorderedValueCents: load.unorderedValueCents ?? 0, amounts: [], rules: [], violations: [] };
  }
  return rulesCall(() => checkVehicleLoad(pack, date, load), []);
}

/** The pack's hours (with the store's overrides) at the moment goods are handed over at the door. */
export async function checkStoreHandOver(db: Db, store: StoreRef, at: Date = new Date()): Promise<Violation | undefined> {
  const date = localDate(store.timezone, at);
  const pack = packOrNull(store.jurisdiction, (await storeRulesFor(db, store.id)).overrides);
  if (!pack || !inEffect(pack.effective, date)) return undefined;
  return rulesCall(() => checkHandOverHours(pack, store.timezone, at.getTime()), []);
}
