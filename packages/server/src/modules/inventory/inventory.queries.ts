import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { getSkusForCheckout } from '../catalog';
import { fifoOrder, type Candidate } from './inventory.allocation';
import {
  ensureStoreLocations,
  loadStore,
  lockStockRows,
  neverSellableKinds,
  organizationOfUow,
  publishAvailability,
  requiredLocationCodes,
  resolveLowStockAlert,
} from './inventory.ledger';
import { everyStore, inScope, storeNotAllowed, type StoreScope } from './inventory.scope';
import type { AlertKind, LocationKind } from './inventory.tables';

type Trx = UnitOfWork['trx'] | Db;

// ---- availability -------------------------------------------------------------------------

export interface LabProfile {
  batchId: string;
  batchCode: string;
  labStatus: string;
  testedOn: string | null;
  labName: string | null;
  certificateUrl: string | null;
  cannabinoids: unknown[];
  terpenes: unknown[];
}

export interface SkuAvailabilityView {
  skuId: string;
  available: number;
  onHand: number;
  reserved: number;
  /** What the next customer gets (FIFO pick): the package and its batch's lab profile. */
  next: { packageLabel: string; unit: string; expiresOn: string | null; batch: LabProfile | null } | null;
  packages: number;
}

/**
 * Sellable availability at a store (available = on hand - reserved over sellable stock) of the
 * given SKUs, or (skuIds null) of every SKU with sellable stock there, and the package a FIFO pick
 * would take next, with its lab profile.
 * `onlineMenuOnly` counts only the SKUs the store's online menu lists (a storefront_item row, as
 * for the public product search: priced at the store, active, confirmed, allowed there); any
 * other SKU, whatever is on the shelf, reads like one that does not exist: nothing available.
 */
export async function storeAvailability(db: Db, storeId: string, skuIds: string[] | null, options: { onlineMenuOnly?: boolean } = {}): Promise<SkuAvailabilityView[]> {
  if (skuIds?.length === 0) return [];
  const listed = options.onlineMenuOnly
    ? sql`and exists (select 1 from storefront_item i where i.store_id = s.store_id and i.sku_id = s.sku_id)`
    : sql``;
  const rows = await sql<Candidate>`
    select s.package_id, s.location_id, s.sku_id, s.on_hand, s.reserved, p.label, p.unit, p.batch_id,
           p.expires_on::text as expires_on, p.received_at, l.code as location_code
      from inventory_stock s
      join inventory_package p on p.id = s.package_id
      join inventory_location l on l.id = s.location_id
     where s.store_id = ${storeId} and ${skuIds ? sql`s.sku_id = any(${skuIds}::uuid[])` : sql`s.on_hand > 0`}
       ${listed}
       and p.status = 'active' and p.lab_status <> 'failed'
       and (p.expires_on is null or p.expires_on >= (select (now() at time zone st.timezone)::date from store st where st.id = ${storeId}))
       and l.sellable and l.active`.execute(db);
  const batchIds = [...new Set(rows.rows.flatMap((r) => (r.batch_id ? [r.batch_id] : [])))];
  const profiles = new Map<string, LabProfile>();
  if (batchIds.length) {
    const batches = await sql<{
      id: string;
      code: string;
      lab_status: string;
      tested_on: string | null;
      lab_name: string | null;
      certificate_url: string | null;
      cannabinoids: unknown[] | null;
      terpenes: unknown[] | null;
    }>`
      select b.id, b.code, b.lab_status, r.tested_on::text as tested_on, r.lab_name, r.certificate_url, r.cannabinoids, r.terpenes
        from inventory_batch b
        left join lateral (
          select * from inventory_lab_result r where r.batch_id = b.id
           order by r.tested_on desc, (r.status = 'failed') desc, r.created_at desc limit 1
        ) r on true
       where b.id = any(${batchIds}::uuid[])`.execute(db);
    for (const b of batches.rows) {
      profiles.set(b.id, {
        batchId: b.id,
        batchCode: b.code,
        labStatus: b.lab_status,
        testedOn: b.tested_on,
        labName: b.lab_name,
        certificateUrl: b.certificate_url,
        cannabinoids: b.cannabinoids ?? [],
        terpenes: b.terpenes ?? [],
      });
    }
  }
  const bySku = new Map<string, Candidate[]>();
  for (const row of rows.rows) bySku.set(row.sku_id, [...(bySku.get(row.sku_id) ?? []), row]);
  return [...new Set(skuIds ?? [...bySku.keys()].sort())].map((skuId) => {
    const mine = bySku.get(skuId) ?? [];
    const onHand = mine.reduce((s, r) => s + Number(r.on_hand), 0);
    const reserved = mine.reduce((s, r) => s + Number(r.reserved), 0);
    const next = mine.filter((r) => Number(r.on_hand) > Number(r.reserved)).sort(fifoOrder)[0];
    return {
      skuId,
      available: onHand - reserved,
      onHand,
      reserved,
      packages: new Set(mine.map((r) => r.package_id)).size,
      next: next
        ? { packageLabel: next.label, unit: next.unit, expiresOn: next.expires_on, batch: next.batch_id ? profiles.get(next.batch_id) ?? null : null }
        : null,
    };
  });
}

// ---- locations ----------------------------------------------------------------------------

export async function listLocations(db: Trx, organizationId: string, storeId: string) {
  await loadStore(db, organizationId, storeId);
  const rows = await db.selectFrom('inventory_location').selectAll().where('store_id', '=', storeId).where('organization_id', '=', organizationId).orderBy('code').execute();
  return rows.map(toLocationView);
}

export function toLocationView(row: { id: string; store_id: string; code: string; name: string; kind: LocationKind; sellable: boolean; active: boolean }) {
  return {
    id: row.id,
    storeId: row.store_id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    sellable: row.sellable,
    active: row.active,
    required: requiredLocationCodes.includes(row.code),
  };
}

/** Stock on the road or held back is never for sale, whatever the location is called. */
function assertMaySell(kind: LocationKind, sellable: boolean | undefined) {
  if (sellable && neverSellableKinds.includes(kind)) {
    throw new AppError(422, 'LOCATION_KIND_NOT_SELLABLE', `A ${kind.replaceAll('_', ' ')} location never holds stock for sale.`, { path: ['body', 'sellable'], kind });
  }
}

export async function createLocation(uow: UnitOfWork, storeId: string, input: { code: string; name: string; kind: LocationKind; sellable: boolean }) {
  const organizationId = organizationOfUow(uow);
  await loadStore(uow.trx, organizationId, storeId);
  assertMaySell(input.kind, input.sellable);
  await ensureStoreLocations(uow.trx, organizationId, storeId);
  const row = await uow.trx
    .insertInto('inventory_location')
    .values({ id: uuidv7(), organization_id: organizationId, store_id: storeId, ...input })
    .onConflict((oc) => oc.columns(['store_id', 'code']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError(409, 'LOCATION_EXISTS', `The store already has a location "${input.code}".`, { path: ['body', 'code'] });
  await uow.audit({ action: 'inventory.location.created', entityType: 'inventory_location', entityId: row.id, storeId, after: toLocationView(row) });
  return toLocationView(row);
}

function assertMayRetire(code: string) {
  if (requiredLocationCodes.includes(code)) {
    throw new AppError(409, 'LOCATION_REQUIRED', `The store cannot do without its ${code} location: receiving, transfers and returns use it.`, { path: ['body', 'active'], code });
  }
}

/** Renames, switches sellable on or off, or retires a location; availability follows at once. */
export async function updateLocation(uow: UnitOfWork, storeId: string, locationId: string, changes: { name?: string; sellable?: boolean; active?: boolean }) {
  const organizationId = organizationOfUow(uow);
  // Taking the location out of customers' reach: its stock rows first, then the location with NO
  // KEY UPDATE (a sale holding its stock locks takes KEY SHARE on it for its ledger row's foreign
  // key), so sales in flight commit first and later ones are refused. lockStockRows says more.
  if (changes.sellable === false || changes.active === false) {
    const owned = await uow.trx.selectFrom('inventory_location').select('code').where('id', '=', locationId).where('store_id', '=', storeId).where('organization_id', '=', organizationId).executeTakeFirst();
    // A location that cannot be retired is refused before any lock (the code never changes).
    if (owned && changes.active === false) assertMayRetire(owned.code);
    if (owned) await lockStockRows(uow.trx, { locationId });
  }
  const before = await uow.trx
    .selectFrom('inventory_location')
    .selectAll()
    .where('id', '=', locationId)
    .where('store_id', '=', storeId)
    .where('organization_id', '=', organizationId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!before) throw notFound('Location', locationId);
  assertMaySell(before.kind, changes.sellable);
  if (changes.active === false && before.active) assertMayRetire(before.code);
  if (changes.active === false) {
    const stocked = await uow.trx.selectFrom('inventory_stock').select('package_id').where('location_id', '=', locationId).where('on_hand', '>', 0).executeTakeFirst();
    if (stocked) throw new AppError(409, 'LOCATION_NOT_EMPTY', 'Move the stock out before retiring the location.', { path: ['body', 'active'] });
  }
  const row = await uow.trx
    .updateTable('inventory_location')
    .set({
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.sellable !== undefined && { sellable: changes.sellable }),
      ...(changes.active !== undefined && { active: changes.active }),
    })
    .where('id', '=', locationId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await uow.audit({ action: 'inventory.location.updated', entityType: 'inventory_location', entityId: locationId, storeId, before: toLocationView(before), after: toLocationView(row) });
  const skus = await uow.trx.selectFrom('inventory_stock').select('sku_id').distinct().where('location_id', '=', locationId).execute();
  await publishAvailability(uow, skus.map((s) => ({ storeId, skuId: s.sku_id })));
  return toLocationView(row);
}

// ---- reorder points and low stock ---------------------------------------------------------------

/**
 * Sets a SKU's reorder point at a store. Inventory keeps SKUs by id, so the catalog is asked first:
 * a point for a SKU the organization does not have would never be reached, and its low-stock alert
 * never raised (404, nothing stored).
 */
export async function setReorderPoint(uow: UnitOfWork, storeId: string, skuId: string, input: { reorderAt: number; reorderQuantity: number }) {
  const organizationId = organizationOfUow(uow);
  await loadStore(uow.trx, organizationId, storeId);
  const [sku] = await getSkusForCheckout(uow.trx, organizationId, storeId, [skuId]);
  if (!sku) throw new AppError(404, 'NOT_FOUND', 'SKU not found.', { entity: 'SKU', id: skuId, path: ['params', 'skuId'] });
  await uow.trx
    .insertInto('inventory_reorder_point')
    .values({ store_id: storeId, sku_id: skuId, organization_id: organizationId, reorder_at: input.reorderAt, reorder_quantity: input.reorderQuantity })
    .onConflict((oc) => oc.columns(['store_id', 'sku_id']).doUpdateSet({ reorder_at: input.reorderAt, reorder_quantity: input.reorderQuantity, updated_at: new Date() }))
    .execute();
  await uow.audit({ action: 'inventory.reorder_point.set', entityType: 'inventory_reorder_point', entityId: `${storeId}:${skuId}`, storeId, after: input });
  // Evaluate right away, so a point set above current stock raises its alert now.
  const [total] = await publishAvailability(uow, [{ storeId, skuId }]);
  return { storeId, skuId, ...input, available: total.available, low: total.available <= input.reorderAt };
}

/**
 * The store's reorder points, each with its SKU as the catalog names it (null for a point set on a
 * SKU the catalog no longer has, so that it can still be found and removed) and whether it is low
 * now. By product title and SKU code; unknown SKUs last.
 */
export async function listReorderPoints(db: Db, organizationId: string, storeId: string) {
  await loadStore(db, organizationId, storeId);
  const rows = await sql<{ sku_id: string; reorder_at: number; reorder_quantity: number; updated_at: Date; available: number }>`
    select r.sku_id, r.reorder_at, r.reorder_quantity, r.updated_at, coalesce(a.available_quantity, 0)::bigint as available
      from inventory_reorder_point r
      left join sku_store_availability a on a.store_id = r.store_id and a.sku_id = r.sku_id
     where r.store_id = ${storeId} and r.organization_id = ${organizationId}`.execute(db);
  const skus = new Map((await getSkusForCheckout(db, organizationId, storeId, rows.rows.map((r) => r.sku_id))).map((s) => [s.skuId, s]));
  const points = rows.rows.map((r) => {
    const sku = skus.get(r.sku_id);
    const available = Number(r.available);
    return {
      skuId: r.sku_id,
      code: sku?.code ?? null,
      title: sku?.title ?? null,
      sizeLabel: sku?.sizeLabel ?? null,
      reorderAt: Number(r.reorder_at),
      reorderQuantity: Number(r.reorder_quantity),
      available,
      low: available <= Number(r.reorder_at),
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  });
  const unknownLast = (p: (typeof points)[number]) => (p.title === null ? 1 : 0);
  return points.sort((a, b) => unknownLast(a) - unknownLast(b) || (a.title ?? '').localeCompare(b.title ?? '') || (a.code ?? '').localeCompare(b.code ?? '') || a.skuId.localeCompare(b.skuId));
}

/**
 * Removes a SKU's reorder point at a store. Its open low-stock alert is resolved with it: nothing
 * else would ever close it, as stock changes only look at SKUs that have a point.
 */
export async function deleteReorderPoint(uow: UnitOfWork, storeId: string, skuId: string): Promise<void> {
  const organizationId = organizationOfUow(uow);
  await loadStore(uow.trx, organizationId, storeId);
  const removed = await uow.trx
    .deleteFrom('inventory_reorder_point')
    .where('store_id', '=', storeId)
    .where('sku_id', '=', skuId)
    .where('organization_id', '=', organizationId)
    .returning(['reorder_at', 'reorder_quantity'])
    .executeTakeFirst();
  if (!removed) throw new AppError(404, 'NOT_FOUND', 'Reorder point not found.', { entity: 'Reorder point', id: skuId, path: ['params', 'skuId'] });
  await uow.audit({
    action: 'inventory.reorder_point.deleted',
    entityType: 'inventory_reorder_point',
    entityId: `${storeId}:${skuId}`,
    storeId,
    before: { reorderAt: Number(removed.reorder_at), reorderQuantity: Number(removed.reorder_quantity) },
  });
  await resolveLowStockAlert(uow, storeId, skuId, { reason: 'reorder_point_deleted' });
}

export async function lowStock(db: Db, organizationId: string, storeId: string) {
  await loadStore(db, organizationId, storeId);
  const rows = await sql<{ sku_id: string; reorder_at: number; reorder_quantity: number; available: number }>`
    select r.sku_id, r.reorder_at, r.reorder_quantity, coalesce(a.available_quantity, 0)::bigint as available
      from inventory_reorder_point r
      left join sku_store_availability a on a.store_id = r.store_id and a.sku_id = r.sku_id
     where r.store_id = ${storeId} and coalesce(a.available_quantity, 0) <= r.reorder_at
     order by r.sku_id`.execute(db);
  return rows.rows.map((r) => ({ skuId: r.sku_id, available: Number(r.available), reorderAt: Number(r.reorder_at), reorderQuantity: Number(r.reorder_quantity) }));
}

// ---- alerts ---------------------------------------------------------------------------------

/** Alerts newest first; a caller limited to some stores sees those stores' and the organization-wide ones. */
export async function listAlerts(
  db: Db,
  organizationId: string,
  filter: { storeId?: string; kind?: AlertKind; status?: 'open' | 'acknowledged' | 'resolved'; limit: number },
  scope: StoreScope = [],
) {
  let query = db.selectFrom('inventory_alert').selectAll().where('organization_id', '=', organizationId);
  if (filter.storeId) query = query.where('store_id', '=', filter.storeId);
  if (!everyStore(scope)) query = query.where((eb) => eb.or([eb('store_id', 'is', null), eb('store_id', 'in', [...scope])]));
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map((a) => ({
    id: a.id,
    kind: a.kind,
    status: a.status,
    storeId: a.store_id,
    skuId: a.sku_id,
    packageId: a.package_id,
    message: a.message,
    details: a.details as Record<string, unknown>,
    createdAt: new Date(a.created_at).toISOString(),
    acknowledgedAt: a.acknowledged_at ? new Date(a.acknowledged_at).toISOString() : null,
    acknowledgedBy: a.acknowledged_by,
  }));
}

export async function acknowledgeAlert(uow: UnitOfWork, alertId: string, input: { resolve?: boolean; note?: string }) {
  const organizationId = organizationOfUow(uow);
  const alert = await uow.trx.selectFrom('inventory_alert').select('store_id').where('id', '=', alertId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (alert && alert.store_id !== null && !inScope(uow.actor.storeIds, alert.store_id)) {
    throw storeNotAllowed('You do not have access to this store.', { storeId: alert.store_id });
  }
  const row = await uow.trx
    .updateTable('inventory_alert')
    .set({
      status: input.resolve ? 'resolved' : 'acknowledged',
      // Resolving an acknowledged alert keeps who acknowledged it and when.
      acknowledged_at: sql<Date>`coalesce(acknowledged_at, now())`,
      acknowledged_by: sql<string>`coalesce(acknowledged_by, ${uow.actor.id})`,
      ...(input.resolve && { resolved_at: new Date() }),
    })
    .where('id', '=', alertId)
    .where('organization_id', '=', organizationId)
    // Acknowledged once; resolved from open or acknowledged (an acknowledged alert still stands for
    // its condition and keeps a repeat from raising another, so a person must be able to end it).
    .where('status', 'in', input.resolve ? ['open', 'acknowledged'] : ['open'])
    .returning(['id', 'status', 'store_id'])
    .executeTakeFirst();
  if (!row) throw notFound(input.resolve ? 'Unresolved alert' : 'Open alert', alertId);
  await uow.audit({ action: 'inventory.alert.acknowledged', entityType: 'inventory_alert', entityId: alertId, storeId: row.store_id, after: { status: row.status }, reason: input.note ?? null });
  return { id: row.id, status: row.status };
}
