import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, assertAllFound, notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { getSkusForCheckout } from '../catalog';
import { assertQuantity, InventoryErrorCode, translateDbError, unitMismatch } from './inventory.errors';
import { applyStockChange, assertStoreTakesStock, handledLocation, loadStore, organizationOfUow, publishAvailability, raiseAlert, stockAmountText } from './inventory.ledger';
import { insertPackage, upsertBatch, type BatchInput } from './inventory.packages';
import { unknownCursor, type PageQuery } from './inventory.paging';
import type { PackageUnit } from './inventory.tables';

export interface ManifestItemInput {
  packageLabel: string;
  skuId: string;
  unit: PackageUnit;
  expectedQuantity: number;
  batchId?: string;
  batch?: BatchInput;
  packagedOn?: string;
  expiresOn?: string;
}

export interface ManifestInput {
  number: string;
  source?: 'supplier' | 'metrc';
  supplierName?: string;
  supplierLicense?: string;
  items: ManifestItemInput[];
}

export interface ReceiptInput {
  packageLabel: string;
  countedQuantity: number;
  damagedQuantity?: number;
  decision: 'accept' | 'reject';
  locationCode?: string;
  reason?: string;
}

type Trx = UnitOfWork['trx'] | Db;

/** Every batchId named by the items is a batch of this organization: else 404 at the first item naming another. */
async function assertOwnBatches(uow: UnitOfWork, organizationId: string, ids: (string | undefined)[]) {
  const named = [...new Set(ids.filter((id): id is string => id !== undefined))];
  if (named.length === 0) return;
  const found = new Set((await uow.trx.selectFrom('inventory_batch').select('id').where('organization_id', '=', organizationId).where('id', 'in', named).execute()).map((r) => r.id));
  assertAllFound(ids, found, 'Batch', (i) => ['body', 'items', i, 'batchId']);
}

/**
 * A SKU is counted in one unit: units, or milligrams. A quantity on a sale line is in that unit, so
 * a package of the SKU received in the other unit would be sold by the wrong measure (3 g of flower
 * taken as 3 units). Each item's unit must be the catalog's for the SKU (sold by weight: mg), or,
 * for a SKU the catalog does not have (inventory keeps SKUs by id), the unit of the organization's
 * packages of it and of the manifest's earlier items of it: 422 UNIT_MISMATCH at the item's unit.
 */
async function assertOneUnitPerSku(uow: UnitOfWork, organizationId: string, storeId: string, items: ManifestItemInput[]) {
  const skuIds = [...new Set(items.map((item) => item.skuId))];
  const unitOf = new Map<string, PackageUnit>();
  for (const sku of await getSkusForCheckout(uow.trx, organizationId, storeId, skuIds)) unitOf.set(sku.skuId, sku.unit === 'weight' ? 'mg' : 'each');
  const held = await uow.trx
    .selectFrom('inventory_package')
    .select(['sku_id', 'unit'])
    .distinct()
    .where('organization_id', '=', organizationId)
    .where('sku_id', 'in', skuIds)
    .orderBy('sku_id')
    .orderBy('unit')
    .execute();
  for (const row of held) if (!unitOf.has(row.sku_id)) unitOf.set(row.sku_id, row.unit);
  items.forEach((item, i) => {
    const unit = unitOf.get(item.skuId);
    if (unit === undefined) unitOf.set(item.skuId, item.unit);
    else if (unit !== item.unit) {
      throw unitMismatch(['body', 'items', i, 'unit'], `SKU ${item.skuId} is counted in ${unit}, not ${item.unit}.`, { packageUnit: unit });
    }
  });
}

/** An incoming manifest (from a supplier today, from Metrc later), received package by package. */
export async function createManifest(uow: UnitOfWork, storeId: string, input: ManifestInput) {
  const organizationId = organizationOfUow(uow);
  assertStoreTakesStock(await loadStore(uow.trx, organizationId, storeId, { share: true }), ['params', 'storeId']);
  const seen = new Map<string, number>();
  input.items.forEach((item, i) => {
    assertQuantity(item.expectedQuantity, ['body', 'items', i, 'expectedQuantity']);
    const first = seen.get(item.packageLabel);
    if (first !== undefined) {
      throw new AppError(409, InventoryErrorCode.LABEL_TAKEN, `Label ${item.packageLabel} appears twice in the manifest (items ${first} and ${i}).`, {
        path: ['body', 'items', i, 'packageLabel'],
      });
    }
    seen.set(item.packageLabel, i);
    if (!item.batchId && !item.batch) {
      throw new AppError(400, 'VALIDATION_FAILED', 'Each item names its batch (batchId or batch).', [{ path: ['body', 'items', i, 'batchId'], message: 'required' }]);
    }
  });
  await assertOwnBatches(uow, organizationId, input.items.map((item) => item.batchId));
  await assertOneUnitPerSku(uow, organizationId, storeId, input.items);
  const taken = await uow.trx.selectFrom('inventory_package').select('label').where('label', 'in', [...seen.keys()]).execute();
  if (taken.length > 0) {
    const i = seen.get(taken[0].label)!;
    throw new AppError(409, InventoryErrorCode.LABEL_TAKEN, `Package label ${taken[0].label} is already in use.`, { path: ['body', 'items', i, 'packageLabel'] });
  }
  // The number is claimed by the insert itself: the same manifest entered twice at once (a double
  // click) waits for the first and then finds it, instead of failing on the unique key (a 500).
  const id = uuidv7();
  const claimed = await uow.trx
    .insertInto('inventory_manifest')
    .values({
      id,
      organization_id: organizationId,
      store_id: storeId,
      number: input.number,
      source: input.source ?? 'supplier',
      supplier_name: input.supplierName ?? null,
      supplier_license: input.supplierLicense ?? null,
    })
    .onConflict((oc) => oc.columns(['organization_id', 'number']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!claimed) {
    const exists = await uow.trx.selectFrom('inventory_manifest').select('id').where('organization_id', '=', organizationId).where('number', '=', input.number).executeTakeFirstOrThrow();
    throw new AppError(409, 'MANIFEST_EXISTS', `Manifest ${input.number} was already entered.`, { path: ['body', 'number'], id: exists.id });
  }
  const items = [];
  for (const [i, item] of input.items.entries()) {
    const batchId = item.batchId ?? (await upsertBatch(uow, organizationId, item.batch!, ['body', 'items', i, 'batch'])).id;
    items.push({
      id: uuidv7(),
      manifest_id: id,
      line_no: i,
      package_label: item.packageLabel,
      sku_id: item.skuId,
      batch_id: batchId,
      unit: item.unit,
      expected_quantity: item.expectedQuantity,
      packaged_on: item.packagedOn ?? null,
      expires_on: item.expiresOn ?? null,
    });
  }
  try {
    if (items.length) await uow.trx.insertInto('inventory_manifest_item').values(items).execute();
  } catch (error) {
    throw translateDbError(error);
  }
  await uow.audit({ action: 'inventory.manifest.created', entityType: 'inventory_manifest', entityId: id, storeId, after: { number: input.number, items: items.length } });
  return getManifest(uow.trx, organizationId, storeId, id);
}

/**
 * Receives some of a manifest's packages with the quantities actually counted. Short, over and
 * damaged counts each create a discrepancy record, an alert and an audit entry. Accepted
 * packages are created and received into the chosen location (the vault by default).
 */
export async function receiveManifestItems(uow: UnitOfWork, storeId: string, manifestId: string, input: { items: ReceiptInput[] }) {
  const organizationId = organizationOfUow(uow);
  const manifest = await uow.trx
    .selectFrom('inventory_manifest')
    .selectAll()
    .where('id', '=', manifestId)
    .where('organization_id', '=', organizationId)
    .where('store_id', '=', storeId)
    .forUpdate()
    .executeTakeFirst();
  if (!manifest) throw notFound('Manifest', manifestId);
  if (manifest.status === 'closed') {
    throw new AppError(409, InventoryErrorCode.MANIFEST_CLOSED, `Manifest ${manifest.number} is closed; nothing more can be received against it.`, { manifestId });
  }
  assertStoreTakesStock(await loadStore(uow.trx, organizationId, storeId, { share: true }), ['params', 'storeId']);
  const items = await uow.trx.selectFrom('inventory_manifest_item').selectAll().where('manifest_id', '=', manifestId).execute();
  const byLabel = new Map(items.map((item) => [item.package_label, item]));
  const touched: Array<{ storeId: string; skuId: string }> = [];
  const seen = new Set<string>();
  for (const [i, receipt] of input.items.entries()) {
    const path = ['body', 'items', i];
    const item = byLabel.get(receipt.packageLabel);
    if (!item) throw new AppError(404, 'UNKNOWN_MANIFEST_ITEM', `Package ${receipt.packageLabel} is not on this manifest.`, { path: [...path, 'packageLabel'] });
    if (item.status !== 'pending' || seen.has(receipt.packageLabel)) {
      throw new AppError(409, InventoryErrorCode.MANIFEST_ITEM_DONE, `Package ${receipt.packageLabel} was already ${item.status === 'pending' ? 'received in this request' : item.status}.`, {
        path: [...path, 'packageLabel'],
      });
    }
    seen.add(receipt.packageLabel);
    assertQuantity(receipt.countedQuantity, [...path, 'countedQuantity'], { allowZero: true });
    const damaged = receipt.damagedQuantity ?? 0;
    assertQuantity(damaged, [...path, 'damagedQuantity'], { allowZero: true });
    if (damaged > receipt.countedQuantity) {
      throw new AppError(400, InventoryErrorCode.INVALID_QUANTITY, 'More damaged than counted.', { path: [...path, 'damagedQuantity'] });
    }
    const now = new Date();
    if (receipt.decision === 'reject') {
      await uow.trx
        .updateTable('inventory_manifest_item')
        .set({ status: 'rejected', counted_quantity: receipt.countedQuantity, damaged_quantity: damaged, accepted_quantity: 0, rejection_reason: receipt.reason ?? null, received_at: now, received_by: uow.actor.id })
        .where('id', '=', item.id)
        .execute();
      await uow.audit({
        action: 'inventory.manifest.item_rejected',
        entityType: 'inventory_manifest',
        entityId: manifestId,
        storeId,
        after: { packageLabel: item.package_label, counted: receipt.countedQuantity },
        reason: receipt.reason ?? null,
      });
      continue;
    }
    const accepted = receipt.countedQuantity - damaged;
    if (accepted <= 0) {
      throw new AppError(422, 'NOTHING_TO_ACCEPT', 'Nothing good is left to accept; reject the package instead.', { path: [...path, 'countedQuantity'] });
    }
    const location = await handledLocation(uow.trx, organizationId, storeId, receipt.locationCode ?? 'vault', [...path, 'locationCode']);
    const packageId = await insertPackage(
      uow,
      organizationId,
      {
        label: item.package_label,
        skuId: item.sku_id,
        batchId: item.batch_id,
        unit: item.unit,
        receivedAt: now,
        packagedOn: item.packaged_on,
        expiresOn: item.expires_on,
        source: `manifest:${manifest.number}`,
      },
      [...path, 'packageLabel'],
    );
    await applyStockChange(uow, {
      packageId,
      locationId: location.id,
      kind: 'receive',
      onHandDelta: accepted,
      reservedDelta: 0,
      reasonCode: 'manifest_receipt',
      reference: { type: 'manifest', id: manifestId, data: { number: manifest.number, supplierLicense: manifest.supplier_license } },
    });
    await uow.trx
      .updateTable('inventory_manifest_item')
      .set({ status: 'accepted', counted_quantity: receipt.countedQuantity, damaged_quantity: damaged, accepted_quantity: accepted, location_id: location.id, package_id: packageId, received_at: now, received_by: uow.actor.id })
      .where('id', '=', item.id)
      .execute();
    await uow.audit({
      action: 'inventory.manifest.item_accepted',
      entityType: 'inventory_manifest',
      entityId: manifestId,
      storeId,
      after: { packageLabel: item.package_label, packageId, expected: Number(item.expected_quantity), counted: receipt.countedQuantity, damaged, accepted, location: location.code },
    });
    const expected = Number(item.expected_quantity);
    const discrepancies: Array<{ kind: 'short' | 'over' | 'damaged'; quantity: number }> = [];
    if (receipt.countedQuantity < expected) discrepancies.push({ kind: 'short', quantity: expected - receipt.countedQuantity });
    if (receipt.countedQuantity > expected) discrepancies.push({ kind: 'over', quantity: receipt.countedQuantity - expected });
    if (damaged > 0) discrepancies.push({ kind: 'damaged', quantity: damaged });
    for (const d of discrepancies) {
      await uow.trx
        .insertInto('inventory_discrepancy')
        .values({
          id: uuidv7(),
          organization_id: organizationId,
          store_id: storeId,
          source_type: 'manifest',
          source_id: manifestId,
          package_label: item.package_label,
          kind: d.kind,
          expected_quantity: expected,
          counted_quantity: receipt.countedQuantity,
          quantity: d.quantity,
          note: receipt.reason ?? null,
          actor_id: uow.actor.id,
        })
        .execute();
      await raiseAlert(uow, {
        organizationId,
        kind: 'receiving_discrepancy',
        storeId,
        skuId: item.sku_id,
        packageId,
        dedupeKey: `receiving:${manifestId}:${item.package_label}:${d.kind}`,
        message: `Manifest ${manifest.number}, package ${item.package_label}: ${d.kind} by ${stockAmountText(d.quantity, item.unit)} (expected ${stockAmountText(expected, item.unit)}, counted ${stockAmountText(receipt.countedQuantity, item.unit)}).`,
        details: { manifestId, packageLabel: item.package_label, kind: d.kind, quantity: d.quantity, expected, counted: receipt.countedQuantity },
      });
      await uow.audit({
        action: 'inventory.receiving.discrepancy',
        entityType: 'inventory_manifest',
        entityId: manifestId,
        storeId,
        after: { packageLabel: item.package_label, kind: d.kind, quantity: d.quantity, expected, counted: receipt.countedQuantity },
        reason: receipt.reason ?? null,
      });
    }
    touched.push({ storeId, skuId: item.sku_id });
  }
  await uow.emit({ type: 'inventory.manifest.received', aggregateType: 'inventory_manifest', aggregateId: manifestId, storeId, payload: { manifestId, items: input.items.length } });
  await publishAvailability(uow, touched);
  return getManifest(uow.trx, organizationId, storeId, manifestId);
}

/** Closes the manifest: anything still pending is marked not received, and nothing more can be received. */
export async function closeManifest(uow: UnitOfWork, storeId: string, manifestId: string) {
  const organizationId = organizationOfUow(uow);
  const closed = await uow.trx
    .updateTable('inventory_manifest')
    .set({ status: 'closed', closed_at: new Date(), closed_by: uow.actor.id })
    .where('id', '=', manifestId)
    .where('organization_id', '=', organizationId)
    .where('store_id', '=', storeId)
    .where('status', '=', 'open')
    .returning(['id', 'number'])
    .executeTakeFirst();
  if (!closed) {
    await getManifest(uow.trx, organizationId, storeId, manifestId);
    throw new AppError(409, InventoryErrorCode.MANIFEST_CLOSED, 'The manifest is already closed.', { manifestId });
  }
  const notReceived = await uow.trx
    .updateTable('inventory_manifest_item')
    .set({ status: 'not_received' })
    .where('manifest_id', '=', manifestId)
    .where('status', '=', 'pending')
    .returning('package_label')
    .execute();
  await uow.audit({ action: 'inventory.manifest.closed', entityType: 'inventory_manifest', entityId: manifestId, storeId, after: { notReceived: notReceived.map((r) => r.package_label) } });
  await uow.emit({ type: 'inventory.manifest.closed', aggregateType: 'inventory_manifest', aggregateId: manifestId, storeId, payload: { manifestId, number: closed.number } });
  return getManifest(uow.trx, organizationId, storeId, manifestId);
}

export async function getManifest(trx: Trx, organizationId: string, storeId: string, manifestId: string) {
  const manifest = await trx
    .selectFrom('inventory_manifest')
    .selectAll()
    .where('id', '=', manifestId)
    .where('organization_id', '=', organizationId)
    .where('store_id', '=', storeId)
    .executeTakeFirst();
  if (!manifest) throw notFound('Manifest', manifestId);
  const items = await trx.selectFrom('inventory_manifest_item').selectAll().where('manifest_id', '=', manifestId).orderBy('line_no').execute();
  const discrepancies = await trx
    .selectFrom('inventory_discrepancy')
    .selectAll()
    .where('source_type', '=', 'manifest')
    .where('source_id', '=', manifestId)
    .orderBy('created_at')
    .execute();
  const n = (v: number | null) => (v === null ? null : Number(v));
  return {
    id: manifest.id,
    storeId: manifest.store_id,
    number: manifest.number,
    source: manifest.source,
    supplierName: manifest.supplier_name,
    supplierLicense: manifest.supplier_license,
    status: manifest.status,
    items: items.map((i) => ({
      packageLabel: i.package_label,
      skuId: i.sku_id,
      batchId: i.batch_id,
      unit: i.unit,
      expectedQuantity: Number(i.expected_quantity),
      status: i.status,
      countedQuantity: n(i.counted_quantity),
      damagedQuantity: n(i.damaged_quantity),
      acceptedQuantity: n(i.accepted_quantity),
      packageId: i.package_id,
      rejectionReason: i.rejection_reason,
    })),
    discrepancies: discrepancies.map((d) => ({
      packageLabel: d.package_label,
      kind: d.kind,
      expectedQuantity: Number(d.expected_quantity),
      countedQuantity: Number(d.counted_quantity),
      quantity: Number(d.quantity),
      note: d.note,
    })),
  };
}

/**
 * The store's manifests, newest first, a page at a time, each with how many of its items are
 * pending, accepted, rejected or never came, and how many discrepancies receiving recorded.
 */
export async function listManifests(db: Db, organizationId: string, storeId: string, page: PageQuery<'open' | 'closed'>) {
  await loadStore(db, organizationId, storeId);
  if (page.after !== undefined) {
    const known = await db.selectFrom('inventory_manifest').select('id').where('id', '=', page.after).where('store_id', '=', storeId).where('organization_id', '=', organizationId).executeTakeFirst();
    if (!known) throw unknownCursor('manifest');
  }
  const rows = await db
    .selectFrom('inventory_manifest as m')
    .selectAll('m')
    .where('m.organization_id', '=', organizationId)
    .where('m.store_id', '=', storeId)
    .$if(page.status !== undefined, (qb) => qb.where('m.status', '=', page.status!))
    // Compared in SQL: the cursor's time has microseconds a JavaScript Date would drop.
    .$if(page.after !== undefined, (qb) => qb.where(sql<boolean>`(m.created_at, m.id) < (select c.created_at, c.id from inventory_manifest c where c.id = ${page.after!})`))
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const shown = rows.slice(0, page.limit);
  const ids = shown.map((m) => m.id);
  const items = ids.length
    ? await sql<{ manifest_id: string; total: number; pending: number; accepted: number; rejected: number; not_received: number }>`
        select manifest_id, count(*)::int as total,
               (count(*) filter (where status = 'pending'))::int as pending,
               (count(*) filter (where status = 'accepted'))::int as accepted,
               (count(*) filter (where status = 'rejected'))::int as rejected,
               (count(*) filter (where status = 'not_received'))::int as not_received
          from inventory_manifest_item where manifest_id = any(${ids}::uuid[]) group by manifest_id`.execute(db)
    : { rows: [] };
  const discrepancies = ids.length
    ? await sql<{ source_id: string; n: number }>`
        select source_id, count(*)::int as n from inventory_discrepancy
         where source_type = 'manifest' and source_id = any(${ids}::uuid[]) group by source_id`.execute(db)
    : { rows: [] };
  const itemsOf = new Map(items.rows.map((r) => [r.manifest_id, r]));
  const discrepanciesOf = new Map(discrepancies.rows.map((r) => [r.source_id, Number(r.n)]));
  return {
    manifests: shown.map((m) => {
      const counts = itemsOf.get(m.id);
      return {
        id: m.id,
        storeId: m.store_id,
        number: m.number,
        source: m.source,
        supplierName: m.supplier_name,
        supplierLicense: m.supplier_license,
        status: m.status,
        createdAt: new Date(m.created_at).toISOString(),
        closedAt: m.closed_at ? new Date(m.closed_at).toISOString() : null,
        closedBy: m.closed_by,
        itemCounts: {
          total: Number(counts?.total ?? 0),
          pending: Number(counts?.pending ?? 0),
          accepted: Number(counts?.accepted ?? 0),
          rejected: Number(counts?.rejected ?? 0),
          notReceived: Number(counts?.not_received ?? 0),
        },
        discrepancies: discrepanciesOf.get(m.id) ?? 0,
      };
    }),
    nextAfter: rows.length > page.limit ? shown[shown.length - 1].id : null,
  };
}
