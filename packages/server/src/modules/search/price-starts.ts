import { BUILT_IN_PACKS } from '@verdant/rules';
import { sql } from 'kysely';
import { judgeListingsOf } from '../compliance';
import { BackgroundLoop } from '../../platform/background-loop';
import type { Platform } from '../../platform/platform';
import type { Db } from '../../platform/unit-of-work';

// A price set ahead starts with no write: checkout compares its start with now(), but the online
// menu's read model (storefront_item) changes only when something marks its (store, SKU) pairs.
// This pass marks the pairs of every entry that started since the last pass; the commit-time flush
// (migration 0012) then reads the price in force (sku_price_in_force, migration 0155). It runs at
// the next start's instant when that is within a pass interval, and every PRICE_START_PASS_MS
// anyway (an entry scheduled by another process, a process that was down), so a start reaches the
// menu at its instant, or at the latest PRICE_START_PASS_MS after it.
//
// A SKU a store did not price before comes onto its menu at the start, and nothing else announces
// it (a price set ahead emits no event). So the same transaction judges the started pairs against
// the stores' packs (compliance's judgeListingsOf, the judgment the listing pass makes): the commit
// lists, leaves off, or marks for patients the SKU as checkout will sell it, not at the next
// periodic listing pass.

/** The longest a started price waits for the menu (when its start was not known to this process). */
export const PRICE_START_PASS_MS = 60_000;

/**
 * Entries written by a transaction still open when a pass covered their start (a start a few
 * seconds ahead) are looked at again by the passes of the next GRACE: those created that recently.
 */
const GRACE = sql`interval '5 minutes'`;

export interface PriceStartPassResult {
  /** Store x SKU pairs marked for the refresh. */
  pairs: number;
  /** Of those, SKUs the stores' packs left off the menu, and marked for patients only, in the same commit. */
  delisted: number;
  markedPatientsOnly: number;
  /** Stores whose pack could not be built (their started SKUs wait for the periodic listing pass), or null. */
  listingFailed: AggregateError | null;
  /** Milliseconds from this pass's now() to the next start of an entry, if any. */
  nextStartInMs: number | null;
}

/**
 * Judges against the stores' packs, and marks for the menus' refresh, the pairs of the entries
 * started since the last pass (one transaction; its commit refreshes them). Passes of several
 * processes take turns on the one row that says how far they have gone.
 */
export async function refreshStartedPrices(db: Db): Promise<PriceStartPassResult> {
  return db.transaction().execute(async (trx) => {
    const { passed_through: passed } = (
      await sql<{ passed_through: Date }>`select passed_through from storefront_price_start_pass for update`.execute(trx)
    ).rows[0];
    const pairs = (
      await sql<{ store_id: string; sku_id: string }>`
        with started as (
          select e.organization_id, e.store_id, e.sku_id from sku_price_schedule e
           where e.effective_from > ${passed}::timestamptz - ${GRACE} and e.effective_from <= now() and e.ended_at is null
             and (e.effective_from > ${passed}::timestamptz or e.created_at > ${passed}::timestamptz - ${GRACE})
             -- A price set now (its entry starts as it is written) marked its pairs by its own write,
             -- and its event had its listing judged: only prices set ahead start with no write.
             and e.effective_from > e.created_at
        )
        select distinct x.store_id, x.sku_id from started e
         cross join lateral storefront_entry_pairs(e.organization_id, e.store_id, e.sku_id) x
         order by 1, 2`.execute(trx)
    ).rows.map((r) => ({ storeId: r.store_id, skuId: r.sku_id }));
    // Judged first, in this transaction: its now() is the one the started entries were read at, so
    // the SKUs judged are those priced by them, and the commit refreshes the pairs with the verdicts.
    const judged = await judgeListingsOf(trx, pairs);
    // Nothing started: nothing to mark, nor to move on from (the next pass looks from the same instant).
    if (pairs.length > 0) {
      await sql`select storefront_mark(${pairs.map((p) => p.storeId + p.skuId).join(',') + ','})`.execute(trx);
      await sql`update storefront_price_start_pass set passed_through = now()`.execute(trx);
    }
    const next = (
      await sql<{ ms: number | null }>`
        select (extract(epoch from min(effective_from) - now()) * 1000)::float8 as ms
          from sku_price_schedule where effective_from > now() and ended_at is null`.execute(trx)
    ).rows[0];
    return {
      pairs: pairs.length,
      delisted: judged.delisted,
      markedPatientsOnly: judged.markedPatientsOnly,
      listingFailed: judged.failed,
      nextStartInMs: next?.ms ?? null,
    };
  });
}

/**
 * The currency of every built-in jurisdiction pack, for SQL (sku_price_in_force): the packs are
 * TypeScript, and an organization-wide price applies only at stores of its currency.
 */
export async function copyPackCurrencies(db: Db): Promise<void> {
  const jurisdictions = BUILT_IN_PACKS.map((p) => p.jurisdiction.toUpperCase());
  const currencies = BUILT_IN_PACKS.map((p) => p.currency);
  await sql`
    insert into storefront_jurisdiction_currency (jurisdiction, currency)
    select * from unnest(${jurisdictions}::text[], ${currencies}::text[])
    on conflict (jurisdiction) do update set currency = excluded.currency
     where storefront_jurisdiction_currency.currency is distinct from excluded.currency`.execute(db);
}

const registered = new WeakSet<Platform>();

/**
 * The menus' read model prices in SQL (migration 0155): it is given the packs' currencies, and
 * (with `start`) the pass that marks the pairs of prices set ahead when they start runs in this
 * process (once per platform), stopped with it. Tests that drive it by hand start no pass.
 */
export async function registerPriceStarts(platform: Platform, options: { start: boolean }): Promise<void> {
  await copyPackCurrencies(platform.database.db);
  if (!options.start || registered.has(platform)) return;
  registered.add(platform);
  const logger = platform.logger.child({ module: 'search', worker: 'price-starts' });
  let atStart: NodeJS.Timeout | null = null;
  const loop = new BackgroundLoop(
    async () => {
      const result = await refreshStartedPrices(platform.database.db);
      if (result.pairs > 0) {
        logger.info({ pairs: result.pairs, delisted: result.delisted, markedPatientsOnly: result.markedPatientsOnly }, 'online menus show prices that started');
      }
      if (result.listingFailed) logger.error({ err: result.listingFailed }, 'started prices could not be judged against some stores’ packs; the listing pass retries');
      if (atStart) clearTimeout(atStart);
      atStart = null;
      if (result.nextStartInMs !== null && result.nextStartInMs < PRICE_START_PASS_MS && !loop.stopping) {
        atStart = setTimeout(() => void loop.wake(), Math.max(0, result.nextStartInMs) + 50);
        atStart.unref();
      }
    },
    { pollMs: PRICE_START_PASS_MS, onError: (error) => logger.error({ err: error }, 'price-start pass failed; retrying on the next tick') },
  );
  loop.start();
  platform.onClose(async () => {
    if (atStart) clearTimeout(atStart);
    await loop.stop();
  });
}
