// A jurisdiction pack covers the dates its sources do: California's ends with AB 564's 15% excise
// window (2028-06-30), because the rate after it is not known yet. From the day after, every sale
// at the state's stores is refused (NO_PACK_IN_EFFECT) rather than taxed by a guess. The store
// must not learn that at the register: the alerts module's periodic check `compliance.packs`
// (built-in rule `compliance.pack_ending`, 60 days ahead; migration 0135) raises one alert per
// store whose pack ends within the rule's threshold, naming the date, so the operator updates
// Verdant to the release that carries the rules that follow.
import { resolvePack } from '@verdant/rules';
import type { AlertCheck } from '../alerts';
import { localDate } from './rules-engine';

const DAY_MS = 86_400_000;

/** Whole days from one calendar date to another (YYYY-MM-DD), negative when `to` is before `from`. */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The next calendar date after a YYYY-MM-DD one. */
const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/**
 * `now`: the clock (tests pass another). A pack ending counts when its last day is at most the
 * threshold away on the store's own calendar (threshold minutes read as whole days); a pack that
 * has ended is found too.
 */
export function packEndingCheck(now: () => Date = () => new Date()): AlertCheck {
  return async ({ db, thresholdMinutes, organizationId }) => {
    let query = db.selectFrom('store').select(['id', 'organization_id', 'name', 'jurisdiction', 'timezone']);
    if (organizationId) query = query.where('organization_id', '=', organizationId);
    const stores = await query.orderBy('id').execute();
    const withinDays = Math.floor(thresholdMinutes / 1440);
    return stores.flatMap((store) => {
      let pack;
      try {
        pack = resolvePack(store.jurisdiction);
      } catch {
        return [];
      }
      const lastDay = pack.effective.to;
      if (lastDay === null) return [];
      const today = localDate(store.timezone, now());
      const daysLeft = daysBetween(today, lastDay);
      if (daysLeft > withinDays) return [];
      const refusedFrom = dayAfter(lastDay);
      const when = daysLeft < 0 ? `ended on ${lastDay}` : `end on ${lastDay} (${daysLeft === 0 ? 'today' : `in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`})`;
      return [
        {
          organizationId: store.organization_id,
          storeId: store.id,
          key: `pack_ending:${store.id}`,
          // Once per pack version and end date: a release with a longer pack is a new condition.
          triggerKey: `pack_ending:${store.id}:${pack.version}:${lastDay}`,
          title: `The ${pack.name} rules ${when}: from ${refusedFrom} sales at ${store.name} are refused until Verdant is updated with the rules that follow`,
          details: { storeId: store.id, jurisdiction: pack.jurisdiction, packVersion: pack.version, lastDay, refusedFrom, daysLeft },
        },
      ];
    });
  };
}
