// Sale hours follow the wall clock: a test selling at the demo California store at 23:00 Pacific
// would be refused (OUTSIDE_SALE_HOURS), so the suite would pass or fail by the time of day. The
// tests' stores therefore stay open around the clock, through a store override of each hours value
// of their pack written here (the API lets stores override only values the reference marks unsure;
// a test fixture may go further). Hours themselves are tested with explicit instants: the rules
// package's reference cases, and the compliance check's `at`.
import { resolvePack } from '@verdant/rules';
import { v7 as uuidv7 } from 'uuid';
import { invalidateStoreRules } from '../../src/modules/compliance/store-rules';
import { systemContext } from '../../src/platform/context';
import type { Platform } from '../../src/platform/platform';
import { inTransaction } from '../../src/platform/unit-of-work';

export async function openAroundTheClock(platform: Platform, storeIds: readonly string[]): Promise<void> {
  await setStoreHours(platform, storeIds, { open: '00:00', close: '24:00' });
}

/**
 * One whole hour of the store's local clock that starts an hour after the current one ends: a
 * window that leaves out the moment now by at least an hour. (The hour right after the current
 * one would take the moment in if the clock turned the hour between setting the window and the
 * check, as it can on a slow machine at hh:59.)
 */
export function hoursExcludingNow(timeZone: string): { open: string; close: string } {
  const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return { open: hh((hour + 2) % 24), close: hour + 3 === 24 ? '24:00' : hh((hour + 3) % 24) };
}

/** Overrides every hours value of each store's pack with the given window. */
export async function setStoreHours(platform: Platform, storeIds: readonly string[], window: { open: string; close: string }): Promise<void> {
  if (storeIds.length === 0) return;
  const stores = await platform.database.db.selectFrom('store').select(['id', 'organization_id', 'jurisdiction']).where('id', 'in', [...storeIds]).execute();
  for (const store of stores) {
    let hoursIds: string[];
    try {
      hoursIds = [...new Set(resolvePack(store.jurisdiction).hours.map((h) => h.id))];
    } catch {
      continue; // no pack for the jurisdiction: no hours
    }
    if (hoursIds.length === 0) continue;
    await inTransaction(platform.tx, systemContext(store.organization_id), async (uow) => {
      for (const valueId of hoursIds) {
        await uow.trx
          .insertInto('store_rule_override')
          .values({ id: uuidv7(), organization_id: store.organization_id, store_id: store.id, value_id: valueId, value: JSON.stringify(window), reason: 'tests: hours set by the fixture', created_by: null })
          .onConflict((oc) => oc.columns(['store_id', 'value_id']).doUpdateSet({ value: JSON.stringify(window) }))
          .execute();
      }
      invalidateStoreRules(uow, store.id);
    });
  }
}
