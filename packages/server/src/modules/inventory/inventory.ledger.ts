import { sql, type RawBuilder } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { getSkusForCheckout } from '../catalog';
import { storeNotOpen, storeRetired } from '../organizations/organizations.service';
import { translateDbError } from './inventory.errors';
import type { LocationKind, MovementKind, PackageUnit } from './inventory.tables';

// The one place stock counters change. Every change is a single SQL statement that moves the
// counters with a conditional UPDATE (or an upsert for increases) AND appends the ledger row, in
// one data-modifying CTE: the two can never diverge, and the guard in the WHERE clause is the
// same arithmetic as the CHECK constraints, so an over-draw touches zero rows instead of racing.

export const AVAILABILITY_CHANGED = 'inventory.availability.changed';
export const DRIFT_DETECTED = 'inventory.drift.detected';
export const ALERT_RAISED = 'inventory.alert.raised';
/** The condition of an inventory alert ended (aggregateId = the alert's id, as when raised). */
export const ALERT_RESOLVED = 'inventory.alert.resolved';

export interface MovementReference {
  type: string;
  id: string;
  data?: Record<string, unknown>;
}

export interface StockChange {
  packageId: string;
  locationId: string;
  kind: MovementKind;
  onHandDelta: number;
  reservedDelta: number;
  reasonCode: string;
  reference?: MovementReference;
  note?: string | null;
}

export interface StockRow {
  packageId: string;
  locationId: string;
  storeId: string;
  skuId: string;
  onHand: number;
  reserved: number;
  movementId: number;
}

/** Kinds that take goods away from customers' reach: only sellable stock may be used. */
const needsSellable = (kind: MovementKind) => kind === 'sale' || kind === 'reserve';

/**
 * Applies one change and appends its movement. Returns null when the guard refused it (not
 * enough stock, or not sellable for a sale/reservation): the caller decides how to report that.
 */
export async function applyStockChange(uow: UnitOfWork, change: StockChange): Promise<StockRow | null> {
  if (isIncreaseOnly(change)) await lockLandingLocations(uow.trx, [change], [change]);
  return applyOneStockChange(uow, change);
}

const isIncreaseOnly = (change: StockChange) => change.onHandDelta > 0 && change.reservedDelta === 0;

/** applyStockChange, for a caller that has locked an increase's landing location already. */
async function applyOneStockChange(uow: UnitOfWork, change: StockChange): Promise<StockRow | null> {
  const { actor } = uow;
  const dOn = change.onHandDelta;
  const dRes = change.reservedDelta;
  const ref = change.reference;
  const movementValues = sql`${change.kind}::text, ${dOn}::bigint, ${dRes}::bigint, ${change.reasonCode}::text,
    ${actor.type}::text, ${actor.id}::text, ${ref?.type ?? null}::text, ${ref?.id ?? null}::text,
    ${JSON.stringify(ref?.data ?? {})}::jsonb, ${change.note ?? null}::text`;
  const increaseOnly = isIncreaseOnly(change);
  const stockStatement = increaseOnly
    ? sql`insert into inventory_stock (package_id, location_id, store_id, organization_id, sku_id, on_hand, reserved)
          select p.id, l.id, l.store_id, p.organization_id, p.sku_id, ${dOn}::bigint, 0
            from inventory_package p, inventory_location l
           where p.id = ${change.packageId} and l.id = ${change.locationId} and l.organization_id = p.organization_id
          on conflict (package_id, location_id)
          do update set on_hand = inventory_stock.on_hand + excluded.on_hand, updated_at = now()
          returning *`
    : sql`update inventory_stock
             set on_hand = on_hand + ${dOn}::bigint, reserved = reserved + ${dRes}::bigint, updated_at = now()
           where package_id = ${change.packageId} and location_id = ${change.locationId}
             and on_hand + ${dOn}::bigint >= 0
             and reserved + ${dRes}::bigint >= 0
             and reserved + ${dRes}::bigint <= on_hand + ${dOn}::bigint
             ${needsSellable(change.kind) ? sql`and inventory_stock_is_sellable(package_id, location_id)` : sql``}
          returning *`;
  try {
    const result = await sql<{
      package_id: string;
      location_id: string;
      store_id: string;
      sku_id: string;
      on_hand: number;
      reserved: number;
      movement_id: number;
    }>`
      with s as (${stockStatement}),
      m as (
        insert into inventory_movement (organization_id, store_id, package_id, location_id, sku_id, kind, on_hand_delta,
          reserved_delta, reason_code, actor_type, actor_id, reference_type, reference_id, reference_data, note)
        select s.organization_id, s.store_id, s.package_id, s.location_id, s.sku_id, ${movementValues} from s
        returning id
      )
      select s.package_id, s.location_id, s.store_id, s.sku_id, s.on_hand, s.reserved, m.id as movement_id from s, m`.execute(uow.trx);
    const row = result.rows[0];
    if (!row) return null;
    return {
      packageId: row.package_id,
      locationId: row.location_id,
      storeId: row.store_id,
      skuId: row.sku_id,
      onHand: Number(row.on_hand),
      reserved: Number(row.reserved),
      movementId: Number(row.movement_id),
    };
  } catch (error) {
    throw translateDbError(error, { packageId: change.packageId, locationId: change.locationId, kind: change.kind });
  }
}

/**
 * Applies several changes in a fixed order (package id, then location id) so that two
 * transactions touching the same rows always lock them in the same order and cannot deadlock.
 * Callers aggregate demand per package x location first.
 */
export async function applyStockChangesSorted(uow: UnitOfWork, changes: StockChange[]): Promise<Array<StockRow | null>> {
  const order = changes.map((change, index) => ({ change, index }));
  order.sort((a, b) => compareKeys(a.change, b.change));
  // Every row of the call in key order, then the locations stock lands in, once: a change of this
  // call that takes a row after a landing location was locked would take them in the reverse of
  // a retirement's order.
  const landing = changes.filter(isIncreaseOnly);
  if (landing.length > 0) await lockLandingLocations(uow.trx, changes, landing);
  const results: Array<StockRow | null> = new Array(changes.length).fill(null);
  for (const { change, index } of order) results[index] = await applyOneStockChange(uow, change);
  return results;
}

/**
 * Applies many decreases/reservation changes of ONE kind in one statement (counters + ledger rows),
 * for rows the caller has ALREADY LOCKED in key order (allocateAndApply locks its candidates with
 * FOR UPDATE ORDER BY package, location): the guard is the same WHERE as applyStockChange, so a
 * refused key simply comes back null. Results are aligned with `changes`.
 */
export async function applyLockedStockChanges(
  uow: UnitOfWork,
  changes: Array<{ packageId: string; locationId: string; onHandDelta: number; reservedDelta: number }>,
  common: { kind: MovementKind; reasonCode: string; reference?: MovementReference; note?: string | null },
  /** Also answer these store x SKUs' totals after the change (for publishAvailability), in the same statement. */
  availabilityOf: StoreSku[] = [],
): Promise<{ rows: Array<StockRow | null>; availability: AvailabilityRow[] | null; at: Date | null }> {
  if (changes.length === 0) return { rows: [], availability: null, at: null };
  const { actor } = uow;
  const ref = common.reference;
  const pairs = dedupePairs(availabilityOf);
  try {
    const result = await sql<{ n: number; package_id: string; location_id: string; store_id: string; sku_id: string; on_hand: number; reserved: number; movement_id: number; availability: AvailabilityRow[] | null; at: Date }>`
      with d as (
        select * from unnest(${changes.map((c) => c.packageId)}::uuid[], ${changes.map((c) => c.locationId)}::uuid[],
                             ${changes.map((c) => c.onHandDelta)}::bigint[], ${changes.map((c) => c.reservedDelta)}::bigint[],
                             ${changes.map((_, i) => i)}::int[]) as t(package_id, location_id, d_on, d_res, n)
      ), s as (
        update inventory_stock st
           set on_hand = st.on_hand + d.d_on, reserved = st.reserved + d.d_res, updated_at = now()
          from d
         where st.package_id = d.package_id and st.location_id = d.location_id
           and st.on_hand + d.d_on >= 0 and st.reserved + d.d_res >= 0 and st.reserved + d.d_res <= st.on_hand + d.d_on
           ${needsSellable(common.kind) ? sql`and inventory_stock_is_sellable(st.package_id, st.location_id)` : sql``}
        returning d.n, d.d_on, d.d_res, st.*
      ), m as (
        insert into inventory_movement (organization_id, store_id, package_id, location_id, sku_id, kind, on_hand_delta,
          reserved_delta, reason_code, actor_type, actor_id, reference_type, reference_id, reference_data, note)
        select s.organization_id, s.store_id, s.package_id, s.location_id, s.sku_id, ${common.kind}::text, s.d_on, s.d_res,
               ${common.reasonCode}::text, ${actor.type}::text, ${actor.id}::text, ${ref?.type ?? null}::text, ${ref?.id ?? null}::text,
               ${JSON.stringify(ref?.data ?? {})}::jsonb, ${common.note ?? null}::text
          from s order by s.package_id, s.location_id
        returning id, package_id, location_id
      )${pairs.length > 0 ? sql`, ${availabilityAfterSql(sql`(select ${pairs.map((p) => p.storeId)}::uuid[] as stores, ${pairs.map((p) => p.skuId)}::uuid[] as skus)`)}` : sql``}
      select s.n, s.package_id, s.location_id, s.store_id, s.sku_id, s.on_hand, s.reserved, m.id as movement_id, now() as at,
             ${pairs.length > 0 ? sql`(select jsonb_agg(av) from av)` : sql`null::jsonb`} as availability
        from s join m on m.package_id = s.package_id and m.location_id = s.location_id`.execute(uow.trx);
    const out: Array<StockRow | null> = new Array(changes.length).fill(null);
    for (const row of result.rows) {
      out[row.n] = {
        packageId: row.package_id,
        locationId: row.location_id,
        storeId: row.store_id,
        skuId: row.sku_id,
        onHand: Number(row.on_hand),
        reserved: Number(row.reserved),
        movementId: Number(row.movement_id),
      };
    }
    // `at`: the transaction's now(), for callers that date rows they write later in it.
    return { rows: out, availability: pairs.length > 0 ? (result.rows[0]?.availability ?? []) : null, at: result.rows[0]?.at ?? null };
  } catch (error) {
    throw translateDbError(error, { kind: common.kind, packageIds: changes.map((c) => c.packageId) });
  }
}

/**
 * Locks every stock row of these packages (or of one location) in the order sales lock them
 * (package, location). A change that takes stock out of customers' reach — a status change, a
 * recall, a failed lab result, a location no longer sellable — calls this BEFORE it locks or
 * updates the package or location row. Sales decide sellability while holding their stock row
 * locks and commit later (order, payment, audit); without this lock such a sale could commit
 * after the change had answered, and be missing from a recall's trace. With it, the change waits
 * for the sales in flight, and sales that come later wait for the change and are then refused.
 */
export async function lockStockRows(trx: UnitOfWork['trx'], of: { packageIds: string[] } | { locationId: string }): Promise<void> {
  if ('packageIds' in of && of.packageIds.length === 0) return;
  const where = 'packageIds' in of ? sql`package_id = any(${of.packageIds}::uuid[])` : sql`location_id = ${of.locationId}`;
  await sql`select 1 from inventory_stock where ${where} order by package_id, location_id for update`.execute(trx);
}

/**
 * Stock coming into locations: the rows it lands on are made first where missing (at zero), then
 * every stock row these keys name is locked in key order (as sales lock them), then the locations
 * stock lands in, FOR SHARE, checked to be active. Retiring a location takes the same kinds of
 * locks in the same order (its stock rows, then the location), so the two are judged one after the
 * other: a retirement that committed first is seen here (404 UNKNOWN_LOCATION, nothing written),
 * and one that comes second waits for this transaction and then finds the stock (409
 * LOCATION_NOT_EMPTY). Without it a new package received or moved into a location being retired
 * could land in it unseen, and the location be retired holding stock. Making the landing rows
 * first means none can appear after the lock (another arrival committing one would otherwise be
 * locked by a retirement before us: a deadlock). The aggregate makes the row locks come before the
 * location's: no location row is emitted, so none locked, before every stock row is read.
 */
async function lockLandingLocations(
  trx: UnitOfWork['trx'],
  keys: Array<{ packageId: string; locationId: string }>,
  landing: Array<{ packageId: string; locationId: string }>,
): Promise<void> {
  const locationIds = [...new Set(landing.map((k) => k.locationId))];
  await makeLandingRows(trx, landing);
  const result = await sql<{ id: string; active: boolean }>`
    with landing as (
      select count(*) as n from (
        select 1 from inventory_stock s
          join unnest(${keys.map((k) => k.packageId)}::uuid[], ${keys.map((k) => k.locationId)}::uuid[]) as k(package_id, location_id)
            on s.package_id = k.package_id and s.location_id = k.location_id
         order by s.package_id, s.location_id
           for update of s) rows
    )
    select l.id, l.active from landing, inventory_location l
     where l.id = any(${locationIds}::uuid[])
     order by l.id
       for share of l`.execute(trx);
  const retired = locationIds.find((id) => !result.rows.some((l) => l.id === id && l.active));
  if (retired) throw new AppError(404, 'UNKNOWN_LOCATION', 'The location is no longer active: it was retired meanwhile. Choose another.', { locationId: retired });
}

/**
 * Makes the stock rows stock may land on where missing, at zero, in key order. Inserting a row
 * waits for another transaction inserting the same one; done while holding other stock row locks
 * that wait could close a cycle (a move into the vault that waits for a row we hold, while we wait
 * for its vault row). So it runs before a transaction takes any stock row lock: lockLandingLocations
 * starts with it, and callers that lock a package's rows early (a return, a cancelled transfer, an
 * import) call it first for every row they might land on.
 */
export async function makeLandingRows(trx: UnitOfWork['trx'], keys: Array<{ packageId: string; locationId: string }>): Promise<void> {
  if (keys.length === 0) return;
  const ordered = [...new Map(keys.map((k) => [`${k.packageId}|${k.locationId}`, k])).values()].sort(compareKeys);
  await sql`
    insert into inventory_stock (package_id, location_id, store_id, organization_id, sku_id, on_hand, reserved)
    select p.id, l.id, l.store_id, p.organization_id, p.sku_id, 0, 0
      from unnest(${ordered.map((k) => k.packageId)}::uuid[], ${ordered.map((k) => k.locationId)}::uuid[]) with ordinality as k(package_id, location_id, n)
      join inventory_package p on p.id = k.package_id
      join inventory_location l on l.id = k.location_id and l.organization_id = p.organization_id
     order by k.n
    on conflict (package_id, location_id) do nothing`.execute(trx);
}

/**
 * Goods going back to the locations they came from (a return, a cancelled transfer), each to the
 * vault instead where that location has been retired. The vault rows of goods whose location is
 * retired already are made before any lock (makeLandingRows, with `alsoLanding`, other rows the
 * caller will land on), then every stock row of the packages is locked, in the order retiring a
 * location locks them, and the locations are read again under those locks: a retirement either
 * committed before we look (the goods go to the vault) or waits and finds them back (409
 * LOCATION_NOT_EMPTY). Answers where each one goes, by its index.
 */
export async function lockGoingBack(
  trx: UnitOfWork['trx'],
  goods: Array<{ packageId: string; locationId: string }>,
  vault: { id: string; code: string },
  alsoLanding: Array<{ packageId: string; locationId: string }> = [],
): Promise<Array<{ id: string; code: string }>> {
  const locationIds = [...new Set(goods.map((g) => g.locationId))];
  const locations = () => trx.selectFrom('inventory_location').select(['id', 'code', 'active']).where('id', 'in', locationIds).execute();
  const retired = new Set((await locations()).filter((l) => !l.active).map((l) => l.id));
  await makeLandingRows(trx, [...goods.filter((g) => retired.has(g.locationId)).map((g) => ({ packageId: g.packageId, locationId: vault.id })), ...alsoLanding]);
  await lockStockRows(trx, { packageIds: [...new Set(goods.map((g) => g.packageId))] });
  const now = new Map((await locations()).map((l) => [l.id, l]));
  return goods.map((g) => {
    const there = now.get(g.locationId)!;
    return there.active ? { id: there.id, code: there.code } : vault;
  });
}

export function compareKeys(a: { packageId: string; locationId: string }, b: { packageId: string; locationId: string }): number {
  if (a.packageId !== b.packageId) return a.packageId < b.packageId ? -1 : 1;
  if (a.locationId !== b.locationId) return a.locationId < b.locationId ? -1 : 1;
  return 0;
}

// ---- availability: what every stock change tells the storefronts and registers -------------

export interface StoreSku {
  storeId: string;
  skuId: string;
}

export interface SkuAvailability extends StoreSku {
  available: number;
  onHand: number;
  reserved: number;
}

/** Sellable totals per store x SKU (sellable locations, active packages, lab not failed, not expired). */
export async function sellableTotals(trx: UnitOfWork['trx'], pairs: StoreSku[]): Promise<SkuAvailability[]> {
  const unique = dedupePairs(pairs);
  if (unique.length === 0) return [];
  const stores = [...new Set(unique.map((p) => p.storeId))];
  const skus = [...new Set(unique.map((p) => p.skuId))];
  const rows = await sql<{ store_id: string; sku_id: string; on_hand: number; reserved: number }>`
    select s.store_id, s.sku_id,
           coalesce(sum(s.on_hand) filter (where ok), 0)::bigint as on_hand,
           coalesce(sum(s.reserved) filter (where ok), 0)::bigint as reserved
      from (
        select s.*, (p.status = 'active' and p.lab_status <> 'failed'
                     and (p.expires_on is null or p.expires_on >= (now() at time zone st.timezone)::date) and l.sellable and l.active) as ok
          from inventory_stock s
          join inventory_package p on p.id = s.package_id
          join inventory_location l on l.id = s.location_id
          join store st on st.id = s.store_id
         where s.store_id = any(${stores}::uuid[]) and s.sku_id = any(${skus}::uuid[])
      ) s
     group by s.store_id, s.sku_id`.execute(trx);
  const byKey = new Map(rows.rows.map((r) => [`${r.store_id}|${r.sku_id}`, r]));
  return unique.map(({ storeId, skuId }) => {
    const row = byKey.get(`${storeId}|${skuId}`);
    const onHand = Number(row?.on_hand ?? 0);
    const reserved = Number(row?.reserved ?? 0);
    return { storeId, skuId, onHand, reserved, available: onHand - reserved };
  });
}

function dedupePairs(pairs: StoreSku[]): StoreSku[] {
  const seen = new Map<string, StoreSku>();
  for (const pair of pairs) seen.set(`${pair.storeId}|${pair.skuId}`, pair);
  return [...seen.values()].sort((a, b) => (a.storeId + a.skuId < b.storeId + b.skuId ? -1 : 1));
}

/** A row of inventory_sku_availability (migration 0062): a store x SKU's sellable totals and reorder point. */
export interface AvailabilityRow {
  store_id: string;
  sku_id: string;
  on_hand: number | string;
  reserved: number | string;
  point_organization_id: string | null;
  reorder_at: number | string | null;
  reorder_quantity: number | string | null;
  alert_open: boolean;
}

/**
 * CTEs `snap` and `av` for a statement whose CTE `d` keys stock rows (package_id, location_id) and
 * whose CTE `s` updated them (RETURNING at least store_id, sku_id, on_hand, reserved). `av` holds
 * the inventory_sku_availability rows (migration 0062) of `keys` (one row: `stores`, `skus`
 * arrays) as they are after this statement: every CTE of a statement sees its starting snapshot,
 * so the updated rows' snapshot values (`snap`) are replaced by their new ones. Their snapshot
 * values may also be older than the update (a sale that took the row lock inside the statement
 * waited for another's commit): the replacement uses the values the update produced, so the totals
 * are right either way.
 */
export function availabilityAfterSql(keys: RawBuilder<unknown>) {
  return sql`snap as (
        select st.store_id, st.sku_id, st.on_hand, st.reserved
          from inventory_stock st join d on d.package_id = st.package_id and d.location_id = st.location_id
      ), av as (
        select a.store_id, a.sku_id, a.point_organization_id, a.reorder_at, a.reorder_quantity, a.alert_open,
               a.on_hand - (select coalesce(sum(on_hand), 0) from snap where snap.store_id = a.store_id and snap.sku_id = a.sku_id)
                         + (select coalesce(sum(on_hand), 0) from s where s.store_id = a.store_id and s.sku_id = a.sku_id) as on_hand,
               a.reserved - (select coalesce(sum(reserved), 0) from snap where snap.store_id = a.store_id and snap.sku_id = a.sku_id)
                          + (select coalesce(sum(reserved), 0) from s where s.store_id = a.store_id and s.sku_id = a.sku_id) as reserved
          from ${keys} as keys, inventory_sku_availability(keys.stores, keys.skus) a
      )`;
}

/**
 * Emits `inventory.availability.changed` for each store x SKU touched, through the outbox (so it
 * reaches SSE clients right after commit), and raises or clears low-stock alerts.
 */
export async function publishAvailability(uow: UnitOfWork, pairs: StoreSku[], read?: AvailabilityRow[]): Promise<SkuAvailability[]> {
  const unique = dedupePairs(pairs);
  if (unique.length === 0) return [];
  // Totals, reorder points and whether a low-stock alert is open, in one call (migration 0062):
  // a sale of a SKU without a reorder point (the usual case) costs one read here, none when the
  // caller's own statement already read them (`read`, see convertReservationToSale).
  const rows = read ?? (await sql<AvailabilityRow>`select * from inventory_sku_availability(${unique.map((p) => p.storeId)}::uuid[], ${unique.map((p) => p.skuId)}::uuid[])`.execute(uow.trx)).rows;
  const byKey = new Map(rows.map((r) => [`${r.store_id}|${r.sku_id}`, r]));
  const totals: SkuAvailability[] = unique.map(({ storeId, skuId }) => {
    const row = byKey.get(`${storeId}|${skuId}`);
    const onHand = Number(row?.on_hand ?? 0);
    const reserved = Number(row?.reserved ?? 0);
    return { storeId, skuId, onHand, reserved, available: onHand - reserved };
  });
  await uow.emitMany(
    totals.map((t) => ({
      type: AVAILABILITY_CHANGED,
      aggregateType: 'sku',
      aggregateId: t.skuId,
      storeId: t.storeId,
      payload: { storeId: t.storeId, skuId: t.skuId, available: t.available, onHand: t.onHand, reserved: t.reserved },
    })),
  );
  for (const total of totals) {
    const point = byKey.get(`${total.storeId}|${total.skuId}`);
    if (!point || point.reorder_at === null) continue;
    const dedupeKey = `low_stock:${total.storeId}:${total.skuId}`;
    if (total.available <= Number(point.reorder_at)) {
      if (point.alert_open) continue; // raiseAlert would find the open one and do nothing
      // A reorder point is set on a SKU of the catalog, and counts in its unit (grams by weight).
      const [sku] = await getSkusForCheckout(uow.trx, point.point_organization_id!, total.storeId, [total.skuId]);
      const amount = (value: number | string | null) => stockAmountText(Number(value), sku?.unit === 'weight' ? 'mg' : 'each');
      await raiseAlert(uow, {
        organizationId: point.point_organization_id!,
        kind: 'low_stock',
        storeId: total.storeId,
        skuId: total.skuId,
        dedupeKey,
        message: `Available ${amount(total.available)} is at or below the reorder point ${amount(point.reorder_at)}; reorder ${amount(point.reorder_quantity)}.`,
        details: { available: total.available, reorderAt: Number(point.reorder_at), reorderQuantity: Number(point.reorder_quantity) },
      });
    } else if (point.alert_open) {
      await resolveLowStockAlert(uow, total.storeId, total.skuId, { available: total.available });
    }
  }
  return totals;
}

/** A total kept per unit: units of `each` packages and milligrams of `mg` ones are never added together. */
export type AmountsByUnit = Record<PackageUnit, number>;

/** Adds up amounts of packages of either unit, each unit apart. */
export function sumByUnit(rows: Iterable<{ amount: number; unit: PackageUnit }>): AmountsByUnit {
  const total: AmountsByUnit = { each: 0, mg: 0 };
  for (const { amount, unit } of rows) total[unit] += amount;
  return total;
}

// ---- alerts -------------------------------------------------------------------------------

/**
 * A quantity of stock as an alert's reader takes it: units as they are, milligrams in grams
 * ("3.5 g", as the back office shows stock), never a bare 3500 that reads as units.
 */
export function stockAmountText(amount: number, unit: PackageUnit): string {
  return unit === 'mg' ? `${Number((amount / 1000).toFixed(3))} g` : String(amount);
}

export interface NewAlert {
  organizationId: string;
  kind: 'drift' | 'low_stock' | 'receiving_discrepancy' | 'transfer_discrepancy' | 'recall' | 'lab_failed';
  storeId?: string | null;
  skuId?: string | null;
  packageId?: string | null;
  dedupeKey: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Opens an alert unless the same condition already has an unresolved one (open, or acknowledged:
 * seen is not over, migration 0098). Returns its id if new.
 */
export async function raiseAlert(uow: UnitOfWork, alert: NewAlert): Promise<string | null> {
  const id = uuidv7();
  const inserted = await sql<{ id: string }>`
    insert into inventory_alert (id, organization_id, store_id, kind, sku_id, package_id, dedupe_key, message, details)
    values (${id}, ${alert.organizationId}, ${alert.storeId ?? null}, ${alert.kind}, ${alert.skuId ?? null},
            ${alert.packageId ?? null}, ${alert.dedupeKey}, ${alert.message}, ${JSON.stringify(alert.details ?? {})}::jsonb)
    on conflict (dedupe_key) where status <> 'resolved' do nothing
    returning id`.execute(uow.trx);
  if (inserted.rows.length === 0) return null;
  await uow.emit({
    type: ALERT_RAISED,
    aggregateType: 'inventory_alert',
    aggregateId: id,
    storeId: alert.storeId ?? null,
    payload: { id, kind: alert.kind, storeId: alert.storeId ?? null, skuId: alert.skuId ?? null, message: alert.message, details: alert.details ?? {} },
  });
  return id;
}

// ---- stores and locations ---------------------------------------------------------------------

/** The locations every store starts with. Which are sellable is data; change it per store. */
export const defaultLocations: Array<{ code: string; name: string; kind: LocationKind; sellable: boolean }> = [
  { code: 'vault', name: 'Vault', kind: 'vault', sellable: false },
  { code: 'sales_floor', name: 'Sales floor', kind: 'sales_floor', sellable: true },
  { code: 'display', name: 'Display', kind: 'display', sellable: false },
  { code: 'quarantine', name: 'Quarantine', kind: 'quarantine', sellable: false },
  { code: 'in_transit', name: 'In transit', kind: 'in_transit', sellable: false },
];

/**
 * The locations the server itself reaches by code, so a store cannot do without them: receiving
 * and transfers take from and put into the vault unless told otherwise, shipping books into
 * in_transit, and opened goods that come back are returned to quarantine. They can be renamed but
 * not retired (409 LOCATION_REQUIRED). The sales floor and the display are the store's to retire.
 */
export const requiredLocationCodes: readonly string[] = ['vault', 'quarantine', 'in_transit'];

/**
 * Kinds whose stock is never offered for sale: goods on the road (still on the sender's licence,
 * not in any store) and goods held back. Creating or switching such a location to sellable is
 * 422 LOCATION_KIND_NOT_SELLABLE, and a CHECK constraint backs it (migration 0079).
 */
export const neverSellableKinds: readonly LocationKind[] = ['in_transit', 'quarantine'];

export function organizationOfUow(uow: UnitOfWork): string {
  const organizationId = uow.actor.organizationId;
  if (!organizationId) throw new AppError(403, 'FORBIDDEN', 'This caller belongs to no organization.');
  return organizationId;
}

/**
 * The store, checked to belong to the organization. `share` locks its row FOR SHARE until the
 * transaction ends, for a decision that rests on the store's jurisdiction (changing a store takes
 * the row FOR UPDATE, so it waits, or is seen).
 */
export async function loadStore(trx: UnitOfWork["trx"] | Db, organizationId: string, storeId: string, options: { share?: boolean } = {}) {
  const query = trx
    .selectFrom('store')
    .select(['id', 'organization_id', 'license_number', 'name', 'jurisdiction', 'status'])
    .where('id', '=', storeId)
    .where('organization_id', '=', organizationId);
  const store = await (options.share ? query.forShare() : query).executeTakeFirst();
  if (!store) throw notFound('Store', storeId);
  return store;
}

/**
 * 409 STORE_NOT_OPEN unless the store is open: a store closed (a suspended license, a renovation)
 * or retired takes no stock in, by a manifest or a transfer. Pass the store as loadStore read it
 * with `share`, so that a status change waits for the receipt, or the receipt for the change.
 */
export function assertStoreTakesStock(store: { status: string }, path: Array<string | number>): void {
  if (store.status !== 'open') throw storeNotOpen(store.status, path, 'no stock in');
}

/**
 * 409 STORE_RETIRED at a retired store, for stock that would come in there by hand: a correction
 * upward, a move onto one of its locations, goods returned to its shelves or quarantine. A retired
 * store is final: what it holds leaves by transfers out and witnessed destruction, both taken
 * straight from where the stock lies, so nothing needs to come in first. A closed store still
 * takes these (it opens again). Pass the store as loadStore read it with `share`, so that a
 * retirement waits for the change, or the change sees the retirement.
 */
export function assertStoreNotRetired(store: { status: string }, path: Array<string | number>, what: string): void {
  if (store.status === 'retired') throw storeRetired(path, `The store is retired: it takes no stock in (${what}); its stock leaves by transfers out and destruction.`);
}

/**
 * A return's goods put back into the store's stock (its shelves or its quarantine) are stock coming
 * in: refused at a retired store as assertStoreNotRetired says, with the store's row share-locked.
 * Goods that come back only to be destroyed are not asked about: the refund goes on.
 */
export async function assertStoreTakesReturnedGoods(trx: UnitOfWork['trx'], organizationId: string, storeId: string, path: Array<string | number>): Promise<void> {
  assertStoreNotRetired(await loadStore(trx, organizationId, storeId, { share: true }), path, 'goods returned to its shelves or quarantine');
}

export async function ensureStoreLocations(trx: UnitOfWork['trx'], organizationId: string, storeId: string): Promise<void> {
  await trx
    .insertInto('inventory_location')
    .values(defaultLocations.map((l) => ({ id: uuidv7(), organization_id: organizationId, store_id: storeId, ...l })))
    .onConflict((oc) => oc.columns(['store_id', 'code']).doNothing())
    .execute();
}

export interface LocationRow {
  id: string;
  store_id: string;
  code: string;
  kind: LocationKind;
  sellable: boolean;
  active: boolean;
}

/** A location of the store by code; the default ones are created the first time they are needed. */
export async function locationByCode(
  trx: UnitOfWork['trx'],
  organizationId: string,
  storeId: string,
  code: string,
  path: Array<string | number>,
): Promise<LocationRow> {
  const find = () =>
    trx
      .selectFrom('inventory_location')
      .select(['id', 'store_id', 'code', 'kind', 'sellable', 'active'])
      .where('store_id', '=', storeId)
      .where('organization_id', '=', organizationId)
      .where('code', '=', code)
      .executeTakeFirst();
  let row = await find();
  if (!row && defaultLocations.some((l) => l.code === code)) {
    await loadStore(trx, organizationId, storeId);
    await ensureStoreLocations(trx, organizationId, storeId);
    row = await find();
  }
  if (!row || !row.active) {
    throw new AppError(404, 'UNKNOWN_LOCATION', `No active location "${code}" in this store.`, { code, path });
  }
  return row;
}

/**
 * A location someone names for stock to be counted, adjusted, moved, destroyed, held, received or
 * shipped from. Stock in transit is on its way to another store: it moves only with its transfer
 * (received there, short if some is missing, or cancelled back here), never by hand, or the
 * transfer could no longer be received or cancelled (409 LOCATION_IN_TRANSIT).
 */
export async function handledLocation(
  trx: UnitOfWork['trx'],
  organizationId: string,
  storeId: string,
  code: string,
  path: Array<string | number>,
): Promise<LocationRow> {
  const location = await locationByCode(trx, organizationId, storeId, code, path);
  if (location.kind === 'in_transit') {
    throw new AppError(409, 'LOCATION_IN_TRANSIT', 'Stock in transit moves only with its transfer: receive the transfer at the other store (short if some is missing) or cancel it.', {
      code,
      path,
    });
  }
  return location;
}

/**
 * Receives many new stock rows in one statement (imports, demo data): counters and ledger rows
 * together, as in applyStockChange. Keys must be distinct within one call.
 */
export async function bulkReceive(
  uow: UnitOfWork,
  rows: Array<{ packageId: string; locationId: string; quantity: number }>,
  reasonCode: string,
  reference: MovementReference,
): Promise<void> {
  if (rows.length === 0) return;
  const { actor } = uow;
  await lockLandingLocations(uow.trx, rows, rows);
  const result = await sql<{ id: number }>`
    with input as (
      select * from unnest(${rows.map((r) => r.packageId)}::uuid[], ${rows.map((r) => r.locationId)}::uuid[], ${rows.map((r) => r.quantity)}::bigint[])
        as t(package_id, location_id, qty)
    ), s as (
      insert into inventory_stock (package_id, location_id, store_id, organization_id, sku_id, on_hand, reserved)
      select i.package_id, i.location_id, l.store_id, p.organization_id, p.sku_id, i.qty, 0
        from input i
        join inventory_package p on p.id = i.package_id
        join inventory_location l on l.id = i.location_id and l.organization_id = p.organization_id
      on conflict (package_id, location_id)
      do update set on_hand = inventory_stock.on_hand + excluded.on_hand, updated_at = now()
      returning package_id, location_id, store_id, organization_id, sku_id
    )
    insert into inventory_movement (organization_id, store_id, package_id, location_id, sku_id, kind, on_hand_delta,
      reserved_delta, reason_code, actor_type, actor_id, reference_type, reference_id, reference_data)
    select s.organization_id, s.store_id, s.package_id, s.location_id, s.sku_id, 'receive', i.qty, 0, ${reasonCode}::text,
           ${actor.type}::text, ${actor.id}::text, ${reference.type}::text, ${reference.id}::text, ${JSON.stringify(reference.data ?? {})}::jsonb
      from s join input i on i.package_id = s.package_id and i.location_id = s.location_id
    returning id`.execute(uow.trx);
  if (result.rows.length !== rows.length) {
    throw new AppError(409, 'RECEIVE_REFUSED', `Only ${result.rows.length} of ${rows.length} stock rows could be received.`);
  }
}

/**
 * Closes the SKU's unresolved low-stock alert, acknowledged or not (stock came back, or its reorder
 * point was removed).
 */
export async function resolveLowStockAlert(uow: UnitOfWork, storeId: string, skuId: string, why: Record<string, unknown>): Promise<void> {
  await resolveAlerts(uow, [`low_stock:${storeId}:${skuId}`], why);
}

/**
 * Closes the unresolved alerts (acknowledged or not) of conditions that ended, and publishes each,
 * so that the operator's alert raised from it closes too (alert rules). An alert left standing
 * after its condition ended would swallow the next occurrence (one unresolved alert per condition).
 */
export async function resolveAlerts(uow: UnitOfWork, dedupeKeys: string[], why: Record<string, unknown>): Promise<void> {
  if (dedupeKeys.length === 0) return;
  const resolved = await uow.trx
    .updateTable('inventory_alert')
    .set({ status: 'resolved', resolved_at: new Date() })
    .where(sql<boolean>`dedupe_key = any(${dedupeKeys}::text[])`)
    .where('status', '<>', 'resolved')
    .returning(['id', 'kind', 'store_id', 'sku_id'])
    .execute();
  await uow.emitMany(
    resolved.map((r) => ({
      type: ALERT_RESOLVED,
      aggregateType: 'inventory_alert',
      aggregateId: r.id,
      storeId: r.store_id,
      payload: { id: r.id, kind: r.kind, storeId: r.store_id, skuId: r.sku_id, ...why },
    })),
  );
}
