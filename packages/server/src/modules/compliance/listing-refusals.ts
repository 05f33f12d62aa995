// Which priced SKUs a store's pack lets nobody buy, written to storefront_pack_refusal so the
// online menu leaves them off (migration 0071), and which it sells to patients only, written to
// storefront_patients_only so the menu marks them (0072). The sale is still decided by the engine
// at every cart line and checkout; this only keeps the menu from offering what checkout would refuse.
//
// When: a change to a product, a SKU's price, a store or a store's overrides is handled from its
// published event (a durable subscriber: at least once, retried), and every store is looked at
// again on a timer (LISTING_REFUSAL_INTERVAL_MS) and at start, so a rule taking effect at midnight,
// or a new pack version, reaches the menu within one interval. A price set ahead starts with no event: the
// search module's price-start pass judges its SKUs in its own transaction (judgeListingsOf).
import { productRefusal, type ListingLine, type Pack } from '@verdant/rules';
import { sql } from 'kysely';
import { listingSkus, type ListingSku } from '../catalog';
import type { PublishedEvent } from '../events/event-types';
import { BackgroundLoop } from '../../platform/background-loop';
import type { Platform } from '../../platform/platform';
import type { Db } from '../../platform/unit-of-work';
import { inEffect, localDate, packOrNull } from './rules-engine';
import { overridesFor } from './store-rules';

/** Narrows a refresh; absent fields mean every store of the organization, every SKU. */
export interface ListingScope {
  organizationId?: string;
  storeIds?: readonly string[];
  productIds?: readonly string[];
  skuIds?: readonly string[];
}

export interface ListingRefreshResult {
  stores: number;
  /** SKUs that left a menu (refused to everyone) and that came back. */
  delisted: number;
  relisted: number;
  /** SKUs newly marked patients-only, and no longer. */
  markedPatientsOnly: number;
  unmarkedPatientsOnly: number;
}

function listingLine(sku: ListingSku): ListingLine {
  return {
    category: sku.category,
    ...(sku.netWeightMg !== null && { netWeightMg: sku.netWeightMg }),
    ...(sku.thcMg !== null && { thcMg: sku.thcMg }),
    ...(sku.thcMgPerServing !== null && { thcMgPerServing: sku.thcMgPerServing }),
    ...(sku.otherThcMgPerServing !== null && { otherThcMgPerServing: sku.otherThcMgPerServing }),
    ...(sku.thcPercent !== null && { thcPercent: sku.thcPercent }),
    // Ohio's flower cap counts THCA as THC: a flower only over it with its THCA is off the menu too.
    ...(sku.thcaPercent !== null && { thcaPercent: sku.thcaPercent }),
    infused: sku.infused,
    medicalOnly: sku.medicalOnly,
    ...(sku.attributes.length > 0 && { attributes: sku.attributes }),
  };
}

// Per database handle (one per process): the published_seq up to which a whole pass, per
// organization or over all of them, has covered the events.
const ALL_ORGANIZATIONS = '*';
const covered = new WeakMap<object, Map<string, number>>();

function noteCovered(db: Db, organization: string, seq: number): void {
  let byOrganization = covered.get(db);
  if (!byOrganization) covered.set(db, (byOrganization = new Map()));
  byOrganization.set(organization, Math.max(byOrganization.get(organization) ?? 0, seq));
}

/** True when a whole pass that started after this event was published has already run here. */
function alreadyCovered(db: Db, event: PublishedEvent): boolean {
  const byOrganization = covered.get(db);
  if (!byOrganization) return false;
  const seq = Math.max(byOrganization.get(ALL_ORGANIZATIONS) ?? 0, event.organizationId ? (byOrganization.get(event.organizationId) ?? 0) : 0);
  return event.seq <= seq;
}

/**
 * Makes a verdict table hold exactly `wanted` (SKU → rules) for the store, among the SKUs in
 * scope (null: all of the store's rows). Answers how many rows came and went.
 */
async function syncVerdicts(
  trx: Db,
  table: 'storefront_pack_refusal' | 'storefront_patients_only',
  store: { storeId: string; organizationId: string; date: string },
  wanted: ReadonlyMap<string, string[]>,
  inScope: readonly string[] | null,
): Promise<{ added: number; removed: number }> {
  let existing = trx.selectFrom(table).select(['sku_id', 'rules']).where('store_id', '=', store.storeId);
  if (inScope) existing = existing.where('sku_id', '=', sql<string>`any(${inScope}::uuid[])`);
  const had = new Map((await existing.execute()).map((r) => [r.sku_id, r.rules]));
  const gone = [...had.keys()].filter((id) => !wanted.has(id));
  const added = [...wanted].filter(([id]) => !had.has(id));
  const changed = [...wanted].filter(([id, rules]) => had.has(id) && had.get(id)!.join(',') !== rules.join(','));
  if (gone.length) await trx.deleteFrom(table).where('store_id', '=', store.storeId).where('sku_id', 'in', gone).execute();
  if (added.length) {
    await trx
      .insertInto(table)
      .values(added.map(([skuId, rules]) => ({ store_id: store.storeId, sku_id: skuId, organization_id: store.organizationId, rules, decided_on: store.date })))
      .execute();
  }
  for (const [skuId, rules] of changed) {
    await trx.updateTable(table).set({ rules, decided_on: store.date }).where('store_id', '=', store.storeId).where('sku_id', '=', skuId).execute();
  }
  return { added: added.length, removed: gone.length };
}

/** A store's pack cannot be built (a stored override it no longer accepts): nothing was written for the store. */
class StorePackError extends Error {
  constructor(
    readonly storeId: string,
    readonly reason: unknown,
  ) {
    super(`the pack of store ${storeId} cannot be built: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

type StoreRow = { id: string; organization_id: string; jurisdiction: string; timezone: string };
type StoreOutcome = Omit<ListingRefreshResult, 'stores'>;

/**
 * Judges the SKUs in scope at one store against its pack and writes the verdicts, in the caller's
 * transaction, under the store's lock (two passes judging one store take turns). The refusal
 * table's triggers mark the pairs whose row came or went, and the commit lists or delists them.
 */
async function judgeStore(trx: Db, store: StoreRow, narrow: { productIds?: readonly string[]; skuIds?: readonly string[] }, at: Date): Promise<StoreOutcome> {
  const date = localDate(store.timezone, at);
  await sql`select pg_advisory_xact_lock(hashtextextended(${`listing_refusal:${store.id}`}, 0))`.execute(trx);
  const overrides = await overridesFor(trx, store.id);
  let pack: Pack | null;
  try {
    pack = packOrNull(store.jurisdiction, overrides);
  } catch (error) {
    throw new StorePackError(store.id, error);
  }
  const packInEffect: Pack | null = pack && inEffect(pack.effective, date) ? pack : null;
  const skus = await listingSkus(trx, [store.id], narrow);
  const refused = new Map<string, string[]>();
  const patientsOnly = new Map<string, string[]>();
  if (packInEffect) {
    // Many SKUs share their facts (sizes of one product line): judge each set of facts once.
    const verdicts = new Map<string, ReturnType<typeof productRefusal>>();
    for (const sku of skus) {
      const line = listingLine(sku);
      const key = JSON.stringify(line);
      let verdict = verdicts.get(key);
      if (!verdict) verdicts.set(key, (verdict = productRefusal(packInEffect, date, line)));
      if (verdict.refused) refused.set(sku.skuId, verdict.rules);
      else if (verdict.refusedTo.includes('adult_use')) patientsOnly.set(sku.skuId, verdict.rules);
    }
  }
  // The rows in scope now: all of the store's, or those of the SKUs named and just read (a SKU
  // named by its price event but no longer priced loses its row here; a retired SKU or product
  // is not read, and its rows, which list nothing, go on the next full pass).
  const inScope = narrow.productIds !== undefined || narrow.skuIds !== undefined ? [...new Set([...(narrow.skuIds ?? []), ...skus.map((s) => s.skuId)])] : null;
  const row = { storeId: store.id, organizationId: store.organization_id, date };
  const listing = await syncVerdicts(trx, 'storefront_pack_refusal', row, refused, inScope);
  const marks = await syncVerdicts(trx, 'storefront_patients_only', row, patientsOnly, inScope);
  return { delisted: listing.added, relisted: listing.removed, markedPatientsOnly: marks.added, unmarkedPatientsOnly: marks.removed };
}

function addOutcome(result: ListingRefreshResult, outcome: StoreOutcome): void {
  result.stores++;
  result.delisted += outcome.delisted;
  result.relisted += outcome.relisted;
  result.markedPatientsOnly += outcome.markedPatientsOnly;
  result.unmarkedPatientsOnly += outcome.unmarkedPatientsOnly;
}

/**
 * Brings storefront_pack_refusal and storefront_patients_only in line with the packs for the
 * stores (and SKUs) in scope: one transaction per store, under a per-store lock so two processes
 * refreshing the same store take turns. The refusal table's triggers mark the pairs whose row came
 * or went, and the commit lists or delists them.
 */
export async function refreshListingRefusals(db: Db, scope: ListingScope = {}, at: Date = new Date()): Promise<ListingRefreshResult> {
  const result: ListingRefreshResult = { stores: 0, delisted: 0, relisted: 0, markedPatientsOnly: 0, unmarkedPatientsOnly: 0 };
  if (scope.storeIds?.length === 0 || scope.productIds?.length === 0 || scope.skuIds?.length === 0) return result;
  // A pass over every store (of one organization, or of all) covers every event published before
  // it started: its transactions begin after those commits. Noted so their deliveries can skip.
  const whole = !scope.storeIds && !scope.productIds && !scope.skuIds;
  const publishedBefore = whole
    ? Number((await db.selectFrom('outbox_event').select((eb) => eb.fn.max('published_seq').as('max')).executeTakeFirst())?.max ?? 0)
    : 0;
  let stores = db.selectFrom('store').select(['id', 'organization_id', 'jurisdiction', 'timezone']);
  if (scope.organizationId) stores = stores.where('organization_id', '=', scope.organizationId);
  if (scope.storeIds) stores = stores.where('id', 'in', [...scope.storeIds]);
  const failed: { storeId: string; error: unknown }[] = [];
  for (const store of await stores.orderBy('id').execute()) {
    const outcome = await db
      .transaction()
      .execute((trx) => judgeStore(trx, store, { productIds: scope.productIds, skuIds: scope.skuIds }, at))
      .catch((error: unknown) => {
        // One store's trouble (an override its pack no longer accepts) does not hold up the others.
        failed.push({ storeId: store.id, error: error instanceof StorePackError ? error.reason : error });
        return null;
      });
    if (outcome) addOutcome(result, outcome);
  }
  if (whole && failed.length === 0) noteCovered(db, scope.organizationId ?? ALL_ORGANIZATIONS, publishedBefore);
  if (failed.length) throw storesFailed(failed);
  return result;
}

function storesFailed(failed: { storeId: string; error: unknown }[]): AggregateError {
  return new AggregateError(
    failed.map((f) => f.error),
    `listing refusals could not be brought up to date for store${failed.length > 1 ? 's' : ''} ${failed.map((f) => f.storeId).join(', ')}`,
  );
}

/**
 * Judges SKUs at stores inside the caller's transaction (the search module's price-start pass,
 * which marks the same pairs for the menu's refresh): a SKU whose price set ahead has just started
 * is listed, left off or marked for patients at that commit, as any other priced SKU, rather than
 * at the next periodic pass. The stores are locked in id order. A store whose pack cannot be built
 * (a stored override the pack no longer accepts) is skipped and named in `failed`, so the others
 * and the caller's own work go on; the periodic pass names it too. An SQL error ends the caller's
 * transaction, as any statement of it.
 */
export async function judgeListingsOf(
  trx: Db,
  pairs: ReadonlyArray<{ storeId: string; skuId: string }>,
  at: Date = new Date(),
): Promise<ListingRefreshResult & { failed: AggregateError | null }> {
  const result: ListingRefreshResult = { stores: 0, delisted: 0, relisted: 0, markedPatientsOnly: 0, unmarkedPatientsOnly: 0 };
  const skusByStore = new Map<string, Set<string>>();
  for (const { storeId, skuId } of pairs) skusByStore.set(storeId, (skusByStore.get(storeId) ?? new Set()).add(skuId));
  if (skusByStore.size === 0) return { ...result, failed: null };
  const stores = await trx
    .selectFrom('store')
    .select(['id', 'organization_id', 'jurisdiction', 'timezone'])
    .where('id', 'in', [...skusByStore.keys()])
    .orderBy('id')
    .execute();
  const failed: { storeId: string; error: unknown }[] = [];
  for (const store of stores) {
    try {
      addOutcome(result, await judgeStore(trx, store, { skuIds: [...skusByStore.get(store.id)!] }, at));
    } catch (error) {
      // A pack refused before anything was written for the store; any other error (an SQL one
      // has ended the transaction) is the caller's.
      if (!(error instanceof StorePackError)) throw error;
      failed.push({ storeId: store.id, error: error.reason });
    }
  }
  return { ...result, failed: failed.length ? storesFailed(failed) : null };
}

/** The events after which some store's menu may need another look, and where to look. */
export const LISTING_EVENT_TYPES = [
  'catalog.product.created',
  'catalog.product.updated',
  'catalog.products.imported',
  'catalog.price.changed',
  'compliance.rule_override.changed',
  'organizations.store.created',
  'organizations.store.updated',
];

export function listingScopeOf(event: PublishedEvent): ListingScope {
  const organizationId = event.organizationId ?? undefined;
  if (event.aggregateType === 'product') return { organizationId, productIds: [event.aggregateId] };
  if (event.aggregateType === 'sku') return { organizationId, skuIds: [event.aggregateId], ...(event.storeId && { storeIds: [event.storeId] }) };
  if (event.type.startsWith('organizations.store.') || event.type === 'compliance.rule_override.changed') {
    return { organizationId, storeIds: [event.storeId ?? event.aggregateId] };
  }
  return { organizationId };
}

export const LISTING_SUBSCRIBER = 'compliance.listing-refusals';

/** Wires the event subscriber and the periodic pass into a process. */
export function registerListingRefusals(platform: Platform, options: { start?: boolean } = {}): void {
  const logger = platform.logger.child({ module: 'compliance', worker: 'listing-refusals' });
  const db = platform.database.db;
  const report = (result: ListingRefreshResult, why: string) => {
    if (result.delisted || result.relisted || result.markedPatientsOnly || result.unmarkedPatientsOnly) logger.info({ ...result, why }, 'online menus follow the packs');
  };
  platform.deliveries.register({
    name: LISTING_SUBSCRIBER,
    eventTypes: LISTING_EVENT_TYPES,
    async handle(event) {
      // The demo seed's own pass, or the start pass, already took in the events before it (a
      // fresh catalog's hundreds of product and price events cost nothing more).
      if (alreadyCovered(db, event)) return;
      report(await refreshListingRefusals(db, listingScopeOf(event)), event.type);
    },
  });
  const loop = new BackgroundLoop(async () => report(await refreshListingRefusals(db), 'periodic'), {
    pollMs: platform.config.LISTING_REFUSAL_INTERVAL_MS,
    onError: (error) => logger.error({ err: error }, 'listing refusal pass failed; retrying on the next tick'),
  });
  if (options.start !== false) {
    loop.start();
    void loop.wake();
  }
  platform.onClose(() => loop.stop());
}
