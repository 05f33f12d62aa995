import { sql, type Selectable } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, notFound } from '../../platform/errors';
import { assertEveryStore, assertStoreAccess } from '../../platform/http';
import type { Actor } from '../../platform/context';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { toPriceView, type PriceTier, type PriceView } from './catalog.model';
import { CatalogErrorCode, fieldError } from './catalog.errors';
import { CatalogEvents, currencyOf, type PriceIn } from './catalog.service';

type Path = (string | number)[];
type EntryRow = Selectable<DB['sku_price_schedule']>;

/**
 * One entry of a SKU's price schedule, its price history (migration 0154): an organization-wide
 * price (storeId null), a price set ahead, or a store's price set now (migration 0165, written with
 * its sku_price row). `scheduled` has not started and may be withdrawn; `started` has (it is in
 * force unless a later price replaced it); `ended` was ended by a removal. Started entries are a
 * record and never change.
 */
export interface ScheduledPriceView {
  id: string;
  storeId: string | null;
  priceCents: number;
  currency: string;
  tiers: PriceTier[];
  effectiveFrom: string;
  endedAt: string | null;
  status: 'scheduled' | 'started' | 'ended';
  createdAt: string;
}

const iso = (value: Date | string) => new Date(value).toISOString();
/** Who writes (or ends) an entry: the staff member, or null for an API key or the system. */
const createdByOf = (uow: UnitOfWork): string | null => (uow.actor.type === 'staff' ? uow.actor.id : null);

function toEntryView(row: EntryRow, now = Date.now()): ScheduledPriceView {
  return {
    id: row.id,
    storeId: row.store_id,
    priceCents: row.price_cents,
    currency: row.currency,
    tiers: (row.tiers ?? []) as PriceTier[],
    effectiveFrom: iso(row.effective_from),
    endedAt: row.ended_at === null ? null : iso(row.ended_at),
    status: row.ended_at !== null ? 'ended' : new Date(row.effective_from).getTime() > now ? 'scheduled' : 'started',
    createdAt: iso(row.created_at),
  };
}

/**
 * A start must be ahead: a past one would rewrite what sales were charged. A price that should
 * apply now leaves effectiveFrom out.
 */
export function assertStartAhead(effectiveFrom: string, path: Path): void {
  if (new Date(effectiveFrom).getTime() <= Date.now()) {
    throw fieldError(422, CatalogErrorCode.PRICE_START_PASSED, 'This start has passed; leave effectiveFrom out to price now, or give a later one.', path);
  }
}

async function skuOf(db: Db, organizationId: string, skuId: string): Promise<{ id: string; productId: string }> {
  const sku = await db.selectFrom('sku').select(['id', 'product_id']).where('organization_id', '=', organizationId).where('id', '=', skuId).executeTakeFirst();
  if (!sku) throw notFound('SKU', skuId);
  return { id: sku.id, productId: sku.product_id };
}

/**
 * Adds entries to the schedule, one per price (already checked: store, access, currency, start).
 * A second price for the same scope and start replaces the first, which has not started either.
 */
export async function schedulePrices(
  uow: UnitOfWork,
  organizationId: string,
  sku: { id: string; productId: string },
  prices: { storeId: string | null; priceCents: number; currency: string; tiers: PriceTier[]; effectiveFrom: string }[],
): Promise<ScheduledPriceView[]> {
  const views: ScheduledPriceView[] = [];
  for (const price of prices) {
    const replaced = await uow.trx
      .deleteFrom('sku_price_schedule')
      .where('sku_id', '=', sku.id)
      .where((eb) => (price.storeId === null ? eb('store_id', 'is', null) : eb('store_id', '=', price.storeId)))
      .where('effective_from', '=', price.effectiveFrom)
      .returningAll()
      .executeTakeFirst();
    const row = await uow.trx
      .insertInto('sku_price_schedule')
      .values({
        organization_id: organizationId,
        sku_id: sku.id,
        store_id: price.storeId,
        price_cents: price.priceCents,
        currency: price.currency,
        tiers: JSON.stringify(price.tiers),
        effective_from: price.effectiveFrom,
        created_by: createdByOf(uow),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = toEntryView(row);
    await uow.audit({
      action: 'catalog.price.scheduled',
      entityType: 'sku',
      entityId: sku.id,
      storeId: price.storeId ?? undefined,
      before: replaced ? toEntryView(replaced) : null,
      after,
    });
    views.push(after);
  }
  return views;
}

/**
 * Writes the store prices this transaction set now into the history: for each (store, SKU) whose
 * sku_price row it just wrote, a started entry of the store with the row's cents, currency and
 * tiers, effective from the row's updated_at (the transaction's now()), and who set it. The rule
 * in force (sku_price_in_force, migration 0155) takes a store's entry only when it started after
 * the row's updated_at, so this one never outranks the row: checkout charges and versions the row
 * as before, and the history holds every value the row has had, from when. One statement for any
 * number of prices (the import writes thousands). An entry this transaction already wrote at the
 * same start is replaced (a store priced twice in one transaction); a started entry of another
 * transaction is never changed.
 */
export async function recordStorePricesSetNow(uow: UnitOfWork, prices: readonly { storeId: string; skuId: string }[]): Promise<void> {
  if (prices.length === 0) return;
  const pairs = prices.map((p) => ({ store_id: p.storeId, sku_id: p.skuId }));
  await sql`insert into sku_price_schedule (organization_id, sku_id, store_id, price_cents, currency, tiers, effective_from, created_by)
    select pr.organization_id, pr.sku_id, pr.store_id, pr.price_cents, pr.currency, pr.tiers, pr.updated_at, ${createdByOf(uow)}::uuid
      from (select distinct store_id, sku_id from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as v(store_id uuid, sku_id uuid)) v
      join sku_price pr on pr.store_id = v.store_id and pr.sku_id = v.sku_id
    on conflict (sku_id, store_id, effective_from) do update
       set price_cents = excluded.price_cents, currency = excluded.currency, tiers = excluded.tiers, created_by = excluded.created_by, ended_at = null, ended_by = null
     where sku_price_schedule.created_at = now()`.execute(uow.trx);
}

/** The latest organization-wide entry in force now, if any. */
async function organizationPriceInForce(db: Db, skuId: string): Promise<EntryRow | undefined> {
  return db
    .selectFrom('sku_price_schedule')
    .selectAll()
    .where('sku_id', '=', skuId)
    .where('store_id', 'is', null)
    .where('ended_at', 'is', null)
    .where('effective_from', '<=', sql<Date>`now()`)
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * An organization-wide price is in one currency: the stores' when they all price in one, else
 * the one the request states (it then applies at the stores of that currency only).
 */
async function organizationCurrency(db: Db, organizationId: string, stated: string | undefined): Promise<string> {
  const stores = await db.selectFrom('store').select('jurisdiction').where('organization_id', '=', organizationId).execute();
  const currencies = [...new Set(stores.map((s) => currencyOf(s.jurisdiction)))].sort();
  if (stated !== undefined) {
    if (currencies.length > 0 && !currencies.includes(stated)) {
      throw fieldError(422, CatalogErrorCode.CURRENCY_MISMATCH, `The organization's stores price in ${currencies.join(', ')}, not ${stated}.`, ['body', 'currency']);
    }
    return stated;
  }
  if (currencies.length > 1) {
    throw fieldError(400, 'VALIDATION_FAILED', `The organization's stores price in ${currencies.join(' and ')}: state the currency of this price.`, ['body', 'currency']);
  }
  return currencies[0] ?? 'USD';
}

const EVERY_STORE_PRICE = 'set or remove an organization-wide price: it is the price at every store without its own';

/**
 * Sets a SKU's organization-wide price, now or from `effectiveFrom`. It is the price at every store
 * of the organization without one of its own, so it is for staff of every store.
 */
export async function setOrganizationPrice(
  uow: UnitOfWork,
  organizationId: string,
  skuId: string,
  input: Omit<PriceIn, 'storeId'> & { effectiveFrom?: string },
): Promise<ScheduledPriceView> {
  assertEveryStore(uow.actor, EVERY_STORE_PRICE);
  const sku = await skuOf(uow.trx, organizationId, skuId);
  const currency = await organizationCurrency(uow.trx, organizationId, input.currency);
  if (input.effectiveFrom !== undefined) {
    assertStartAhead(input.effectiveFrom, ['body', 'effectiveFrom']);
    const [view] = await schedulePrices(uow, organizationId, sku, [{ storeId: null, priceCents: input.priceCents, currency, tiers: input.tiers, effectiveFrom: input.effectiveFrom }]);
    return view;
  }
  const before = await organizationPriceInForce(uow.trx, sku.id);
  const row = await uow.trx
    .insertInto('sku_price_schedule')
    .values({
      organization_id: organizationId,
      sku_id: sku.id,
      store_id: null,
      price_cents: input.priceCents,
      currency,
      tiers: JSON.stringify(input.tiers),
      effective_from: sql<Date>`now()`,
      created_by: createdByOf(uow),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = toEntryView(row);
  const previous = before ? toEntryView(before) : null;
  await uow.audit({ action: 'catalog.price.changed', entityType: 'sku', entityId: sku.id, before: previous, after });
  await uow.emit(priceChangedEvent(sku, { priceCents: after.priceCents, previousPriceCents: previous?.priceCents ?? null, currency, tiers: after.tiers }));
  return after;
}

/** catalog.price.changed for the organization-wide price: no storeId, so every store's menu looks again. */
function priceChangedEvent(
  sku: { id: string; productId: string },
  change: { priceCents: number | null; previousPriceCents: number | null; currency: string; tiers: PriceTier[] },
) {
  return {
    type: CatalogEvents.priceChanged,
    aggregateType: 'sku',
    aggregateId: sku.id,
    payload: {
      skuId: sku.id,
      productId: sku.productId,
      storeId: null,
      scope: 'organization',
      ...change,
      changes: [{ skuId: sku.id, productId: sku.productId, priceCents: change.priceCents, previousPriceCents: change.previousPriceCents }],
    },
  };
}

/**
 * Ends a scope's started entries now (a store's, or the organization's with storeId null), saying
 * who ended them; they stay in the history. Answers the one that was in force, as a price view, or null.
 */
export async function endStartedEntries(uow: UnitOfWork, organizationId: string, skuId: string, storeId: string | null): Promise<PriceView | null> {
  const ended = await uow.trx
    .updateTable('sku_price_schedule')
    .set({ ended_at: sql<Date>`now()`, ended_by: createdByOf(uow) })
    .where('organization_id', '=', organizationId)
    .where('sku_id', '=', skuId)
    .where((eb) => (storeId === null ? eb('store_id', 'is', null) : eb('store_id', '=', storeId)))
    .where('ended_at', 'is', null)
    .where('effective_from', '<=', sql<Date>`now()`)
    .returningAll()
    .execute();
  const latest = ended.sort((a, b) => new Date(b.effective_from).getTime() - new Date(a.effective_from).getTime())[0];
  return latest ? toPriceView({ ...latest, store_id: latest.store_id ?? '', updated_at: new Date(latest.effective_from) }) : null;
}

/** Stops the organization-wide price now (scheduled ones stay: withdraw them one by one). */
export async function removeOrganizationPrice(uow: UnitOfWork, organizationId: string, skuId: string): Promise<void> {
  assertEveryStore(uow.actor, EVERY_STORE_PRICE);
  const sku = await skuOf(uow.trx, organizationId, skuId);
  const before = await endStartedEntries(uow, organizationId, sku.id, null);
  if (!before) throw notFound('Organization price', skuId);
  await uow.audit({ action: 'catalog.price.removed', entityType: 'sku', entityId: sku.id, before: { ...before, storeId: null } });
  await uow.emit(priceChangedEvent(sku, { priceCents: null, previousPriceCents: before.priceCents, currency: before.currency, tiers: [] }));
}

/**
 * Withdraws a price set ahead, before it starts. One that has started is part of the record of
 * what sales were charged: 409 PRICE_ALREADY_STARTED (set a new price instead). The row is locked
 * and its start compared with the transaction's now(), the instant checkout compares with.
 */
export async function withdrawScheduledPrice(uow: UnitOfWork, organizationId: string, skuId: string, entryId: string): Promise<void> {
  const entry = await uow.trx
    .selectFrom('sku_price_schedule')
    .selectAll()
    .select(sql<boolean>`effective_from <= now()`.as('started'))
    .where('organization_id', '=', organizationId)
    .where('sku_id', '=', skuId)
    .where('id', '=', entryId)
    .forUpdate()
    .executeTakeFirst();
  if (!entry) throw notFound('Scheduled price', entryId);
  if (entry.store_id === null) assertEveryStore(uow.actor, EVERY_STORE_PRICE);
  else assertStoreAccess(uow.actor, entry.store_id, ['params', 'entryId']);
  if (entry.started) {
    throw new AppError(409, CatalogErrorCode.PRICE_ALREADY_STARTED, 'This price has started and is part of the price history; set a new price instead.', [
      { path: ['params', 'entryId'], message: 'started at ' + iso(entry.effective_from) },
    ]);
  }
  await uow.trx.deleteFrom('sku_price_schedule').where('id', '=', entry.id).execute();
  await uow.audit({ action: 'catalog.price.withdrawn', entityType: 'sku', entityId: skuId, storeId: entry.store_id ?? undefined, before: toEntryView(entry) });
}

/**
 * A history entry, with who wrote it and who ended it by a removal: the staff member, or null for
 * an API key or the import without a person (and endedBy for an entry not ended, or ended before
 * migration 0165 recorded it).
 */
export interface PriceHistoryEntryView extends ScheduledPriceView {
  createdBy: { id: string; name: string } | null;
  endedBy: { id: string; name: string } | null;
}

/**
 * The price in force at a store now, as checkout charges it (sku_price_in_force, migration 0155):
 * the store's own (`entryId` its started entry, or null for its `sku_price` row) or the
 * organization's, in force since `since`.
 */
export interface PriceInForceView {
  storeId: string;
  source: 'store' | 'organization';
  entryId: string | null;
  priceCents: number;
  currency: string;
  tiers: PriceTier[];
  since: string;
}

/**
 * A SKU's prices over time, as the caller may see them: each of the caller's stores' own price as
 * last set (`prices`, in force since updatedAt unless a later started entry replaced it), every
 * organization-wide entry and the entries of the caller's stores (their prices set now and set
 * ahead), with who set them and who ended them, newest start
 * first (`entries`), and the price in force now at each of the caller's stores (`inForce`), read
 * through sku_price_in_force so it is the rule checkout applies, currency condition included. A
 * store where nothing is in force is absent. `actor.storeIds` empty: staff of every store, who see
 * every store's. `storeId` narrows all three to that store (and the organization's entries); a
 * store outside the caller's is 403 STORE_NOT_ALLOWED at querystring.storeId, as other per-store
 * reads answer it.
 */
export async function priceHistory(
  db: Db,
  organizationId: string,
  skuId: string,
  actor: Actor,
  storeId?: string,
): Promise<{ prices: PriceView[]; entries: PriceHistoryEntryView[]; inForce: PriceInForceView[] }> {
  if (storeId) assertStoreAccess(actor, storeId, ['querystring', 'storeId']);
  const sku = await skuOf(db, organizationId, skuId);
  // The stores whose prices are answered: the named one, else the caller's (null: every store).
  const stores: readonly string[] | null = storeId ? [storeId] : actor.storeIds.length > 0 ? actor.storeIds : null;
  let prices = db.selectFrom('sku_price').selectAll().where('sku_id', '=', sku.id).orderBy('store_id');
  let entries = db
    .selectFrom('sku_price_schedule as e')
    .leftJoin('staff_user as u', 'u.id', 'e.created_by')
    .leftJoin('staff_user as x', 'x.id', 'e.ended_by')
    .selectAll('e')
    .select(['u.id as created_by_id', 'u.name as created_by_name', 'x.id as ended_by_id', 'x.name as ended_by_name'])
    .where('e.sku_id', '=', sku.id)
    .orderBy('e.effective_from', 'desc')
    .orderBy('e.store_id');
  if (stores) {
    // A store's prices are that store's business; the organization's entries are every store's.
    prices = prices.where('store_id', '=', sql<string>`any(${[...stores]}::uuid[])`);
    entries = entries.where((eb) => eb.or([eb('e.store_id', '=', sql<string>`any(${[...stores]}::uuid[])`), eb('e.store_id', 'is', null)]));
  }
  const inForce = await sql<{ store_id: string; source: 'store' | 'organization'; entry_id: string | null; price_cents: number; currency: string; tiers: PriceTier[] | null; since: Date | string }>`
    select st.id as store_id, f.price_scope as source, picked.entry_id, f.price_cents, f.currency, f.tiers,
           coalesce(e.effective_from, pr.updated_at) as since
      from store st
      cross join lateral sku_price_in_force(st.id, ${sku.id}) f
      cross join lateral (select case when f.price_scope = 'store' then f.own_entry_id else f.org_entry_id end as entry_id) picked
      left join sku_price_schedule e on e.id = picked.entry_id
      left join sku_price pr on picked.entry_id is null and pr.store_id = st.id and pr.sku_id = ${sku.id}
     where st.organization_id = ${organizationId} and f.price_scope is not null
       ${stores === null ? sql`` : sql`and st.id = any(${[...stores]}::uuid[])`}
     order by st.name, st.id`.execute(db);
  const now = Date.now();
  return {
    prices: (await prices.execute()).map(toPriceView),
    entries: (await entries.execute()).map(({ created_by_id, created_by_name, ended_by_id, ended_by_name, ...row }) => ({
      ...toEntryView(row, now),
      createdBy: created_by_id === null || created_by_name === null ? null : { id: created_by_id, name: created_by_name },
      endedBy: ended_by_id === null || ended_by_name === null ? null : { id: ended_by_id, name: ended_by_name },
    })),
    inForce: inForce.rows.map((r) => ({
      storeId: r.store_id,
      source: r.source,
      entryId: r.entry_id,
      priceCents: r.price_cents,
      currency: r.currency,
      tiers: r.tiers ?? [],
      since: iso(r.since),
    })),
  };
}
