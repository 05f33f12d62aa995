import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, notFound } from '../../platform/errors';
import { dateText } from '../../platform/sql-date';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { confirmPin, staffAtStore, type LoginPolicy } from '../staff';
import { assertQuantity, InventoryErrorCode, notAtStore, unknownPackage } from './inventory.errors';
import {
  applyStockChange,
  applyStockChangesSorted,
  handledLocation,
  assertStoreNotRetired,
  loadStore,
  lockStockRows,
  organizationOfUow,
  publishAvailability,
  raiseAlert,
  resolveAlerts,
  type StoreSku,
} from './inventory.ledger';
import { assertPackagesInScope, assertPackageVisible, inScope, type StoreScope } from './inventory.scope';
import type { LabStatus, PackageStatus, PackageUnit } from './inventory.tables';

type Trx = UnitOfWork['trx'] | Db;

// ---- batches and lab results -------------------------------------------------------------------

export interface BatchInput {
  code: string;
  producerLicense: string;
  producerName?: string | null;
  harvestDate?: string | null;
  productionDate?: string | null;
  sourcePackageLabels?: string[];
}

export interface Cannabinoid {
  name: string;
  percent?: number;
  mgPerG?: number;
  mg?: number;
}
export interface Terpene {
  name: string;
  percent: number;
}
export interface ContaminantPanel {
  panel: string;
  status: 'pass' | 'fail';
  detail?: string;
}

export interface LabResultInput {
  labName: string;
  labLicense?: string | null;
  testedOn: string;
  certificateUrl?: string | null;
  cannabinoids: Cannabinoid[];
  terpenes: Terpene[];
  contaminants: ContaminantPanel[];
}

export interface LabResultView extends LabResultInput {
  id: string;
  status: 'passed' | 'failed';
}

export interface BatchView {
  id: string;
  code: string;
  producerLicense: string;
  producerName: string | null;
  harvestDate: string | null;
  productionDate: string | null;
  sourcePackageLabels: string[];
  labStatus: LabStatus;
  labResults: LabResultView[];
}


/**
 * Creates the batch, or returns the existing one with the same code (imports and manifests repeat
 * them). `path` is where the batch is in the request (`["body"]`, a manifest's `["body", "items", i,
 * "batch"]`), so a refusal names the field that caused it.
 */
export async function upsertBatch(uow: UnitOfWork, organizationId: string, input: BatchInput, path: Array<string | number> = ['body']): Promise<{ id: string; created: boolean }> {
  const existing = await uow.trx
    .selectFrom('inventory_batch')
    .select(['id', 'producer_license'])
    .where('organization_id', '=', organizationId)
    .where('code', '=', input.code)
    .executeTakeFirst();
  if (existing) {
    if (existing.producer_license !== input.producerLicense) {
      throw new AppError(409, 'BATCH_PRODUCER_MISMATCH', `Batch ${input.code} exists with another producer license.`, {
        path: [...path, 'producerLicense'],
        existing: existing.producer_license,
      });
    }
    return { id: existing.id, created: false };
  }
  const id = uuidv7();
  await uow.trx
    .insertInto('inventory_batch')
    .values({
      id,
      organization_id: organizationId,
      code: input.code,
      producer_license: input.producerLicense,
      producer_name: input.producerName ?? null,
      harvest_date: input.harvestDate ?? null,
      production_date: input.productionDate ?? null,
      source_package_labels: input.sourcePackageLabels ?? [],
    })
    .onConflict((oc) => oc.columns(['organization_id', 'code']).doNothing())
    .execute();
  const row = await uow.trx
    .selectFrom('inventory_batch')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('code', '=', input.code)
    .executeTakeFirstOrThrow();
  if (row.id === id) {
    await uow.audit({ action: 'inventory.batch.created', entityType: 'inventory_batch', entityId: id, after: input });
  }
  return { id: row.id, created: row.id === id };
}

export async function createBatch(uow: UnitOfWork, input: BatchInput): Promise<BatchView> {
  const organizationId = organizationOfUow(uow);
  const { id, created } = await upsertBatch(uow, organizationId, input);
  if (!created) throw new AppError(409, 'BATCH_EXISTS', `Batch ${input.code} already exists.`, { path: ['body', 'code'], id });
  return getBatch(uow.trx, organizationId, id);
}

/**
 * Records a certificate of analysis. Any failed contaminant panel fails the result; the latest
 * test decides the batch's status, which is copied onto its packages so that the sellability
 * rule in the database can see it without a join to lab data.
 */
export async function recordLabResult(uow: UnitOfWork, batchId: string, input: LabResultInput): Promise<BatchView> {
  const organizationId = organizationOfUow(uow);
  const batch = await uow.trx
    .selectFrom('inventory_batch')
    .selectAll()
    .where('id', '=', batchId)
    .where('organization_id', '=', organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!batch) throw notFound('Batch', batchId);
  const status = input.contaminants.some((c) => c.status === 'fail') ? 'failed' : 'passed';
  const inBatch = await uow.trx.selectFrom('inventory_package').select('id').where('batch_id', '=', batchId).execute();
  await lockStockRows(uow.trx, { packageIds: inBatch.map((p) => p.id) });
  // A result decides what every store holding the batch may sell (a pass lifts a failure).
  await assertPackagesInScope(uow.trx, uow.actor.storeIds, inBatch.map((p) => p.id), `Batch ${batch.code}`);
  const id = uuidv7();
  await uow.trx
    .insertInto('inventory_lab_result')
    .values({
      id,
      organization_id: organizationId,
      batch_id: batchId,
      lab_name: input.labName,
      lab_license: input.labLicense ?? null,
      tested_on: input.testedOn,
      certificate_url: input.certificateUrl ?? null,
      status,
      cannabinoids: JSON.stringify(input.cannabinoids),
      terpenes: JSON.stringify(input.terpenes),
      contaminants: JSON.stringify(input.contaminants),
    })
    .execute();
  // Latest test date wins; on the same date a failure wins.
  const latest = await sql<{ status: LabStatus }>`
    select status from inventory_lab_result where batch_id = ${batchId}
     order by tested_on desc, (status = 'failed') desc, created_at desc limit 1`.execute(uow.trx);
  const labStatus = latest.rows[0].status;
  await uow.trx.updateTable('inventory_batch').set({ lab_status: labStatus }).where('id', '=', batchId).execute();
  const touched = await uow.trx
    .updateTable('inventory_package')
    .set({ lab_status: labStatus, updated_at: new Date() })
    .where('batch_id', '=', batchId)
    .returning(['id', 'sku_id'])
    .execute();
  await uow.audit({
    action: 'inventory.lab_result.recorded',
    entityType: 'inventory_batch',
    entityId: batchId,
    before: { labStatus: batch.lab_status },
    after: { labResultId: id, status, labStatus, packages: touched.length },
  });
  if (labStatus !== 'failed') {
    // A retest lifted the failure: the alert ends with it, so a later failure raises a new one.
    await resolveAlerts(uow, [`lab_failed:${batchId}`], { batchId, labResultId: id, labStatus });
  } else {
    await raiseAlert(uow, {
      organizationId,
      kind: 'lab_failed',
      dedupeKey: `lab_failed:${batchId}`,
      message: `Batch ${batch.code} failed lab testing; its ${touched.length} package(s) cannot be sold.`,
      details: { batchId, labResultId: id, failedPanels: input.contaminants.filter((c) => c.status === 'fail').map((c) => c.panel) },
    });
  }
  await publishAvailability(uow, await storeSkusOfPackages(uow.trx, touched.map((t) => t.id)));
  return getBatch(uow.trx, organizationId, batchId);
}

export async function getBatch(trx: Trx, organizationId: string, batchId: string): Promise<BatchView> {
  const batch = await trx
    .selectFrom('inventory_batch')
    .selectAll()
    .where('id', '=', batchId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!batch) throw notFound('Batch', batchId);
  const results = await trx.selectFrom('inventory_lab_result').selectAll().where('batch_id', '=', batchId).orderBy('tested_on').orderBy('created_at').orderBy('id').execute();
  return {
    id: batch.id,
    code: batch.code,
    producerLicense: batch.producer_license,
    producerName: batch.producer_name,
    harvestDate: dateText(batch.harvest_date),
    productionDate: dateText(batch.production_date),
    sourcePackageLabels: batch.source_package_labels,
    labStatus: batch.lab_status,
    labResults: results.map((r) => ({
      id: r.id,
      status: r.status,
      labName: r.lab_name,
      labLicense: r.lab_license,
      testedOn: dateText(r.tested_on)!,
      certificateUrl: r.certificate_url,
      cannabinoids: r.cannabinoids as Cannabinoid[],
      terpenes: r.terpenes as Terpene[],
      contaminants: r.contaminants as ContaminantPanel[],
    })),
  };
}

// ---- packages ---------------------------------------------------------------------------------

export interface NewPackage {
  label: string;
  skuId: string;
  batchId: string | null;
  unit: PackageUnit;
  receivedAt?: Date | string;
  packagedOn?: string | null;
  expiresOn?: string | null;
  source: string;
}

/** Inserts a package; a label that exists anywhere is a 409 LABEL_TAKEN. */
export async function insertPackage(uow: UnitOfWork, organizationId: string, input: NewPackage, path: Array<string | number> = ['label']): Promise<string> {
  const id = uuidv7();
  const batch = input.batchId
    ? await uow.trx.selectFrom('inventory_batch').select(['lab_status']).where('id', '=', input.batchId).where('organization_id', '=', organizationId).executeTakeFirst()
    : null;
  if (input.batchId && !batch) throw notFound('Batch', input.batchId);
  const inserted = await sql<{ id: string }>`
    insert into inventory_package (id, organization_id, label, sku_id, batch_id, unit, lab_status, received_at, packaged_on, expires_on, source)
    values (${id}, ${organizationId}, ${input.label}, ${input.skuId}, ${input.batchId}, ${input.unit}, ${batch?.lab_status ?? 'pending'},
            ${input.receivedAt ? new Date(input.receivedAt) : new Date()}, ${input.packagedOn ?? null}, ${input.expiresOn ?? null}, ${input.source})
    on conflict (label) do nothing
    returning id`.execute(uow.trx);
  if (inserted.rows.length === 0) {
    throw new AppError(409, InventoryErrorCode.LABEL_TAKEN, `Package label ${input.label} is already in use.`, { path, label: input.label });
  }
  return id;
}

export interface PackageStockView {
  storeId: string;
  locationId: string;
  locationCode: string;
  sellableLocation: boolean;
  onHand: number;
  reserved: number;
  available: number;
}

export interface PackageView {
  id: string;
  label: string;
  skuId: string;
  batchId: string | null;
  batchCode: string | null;
  unit: PackageUnit;
  status: PackageStatus;
  statusReason: string | null;
  labStatus: LabStatus;
  receivedAt: string;
  packagedOn: string | null;
  expiresOn: string | null;
  source: string;
  stock: PackageStockView[];
}

/** The packages with their stock rows; a caller limited to some stores sees the rows of those only. */
export async function packageViews(trx: Trx, organizationId: string, packageIds: string[], scope: StoreScope = []): Promise<PackageView[]> {
  if (packageIds.length === 0) return [];
  const packages = await trx
    .selectFrom('inventory_package as p')
    .leftJoin('inventory_batch as b', 'b.id', 'p.batch_id')
    .selectAll('p')
    .select('b.code as batch_code')
    .where('p.organization_id', '=', organizationId)
    .where('p.id', 'in', packageIds)
    .orderBy('p.label')
    .execute();
  const stock = await trx
    .selectFrom('inventory_stock as s')
    .innerJoin('inventory_location as l', 'l.id', 's.location_id')
    .select(['s.package_id', 's.store_id', 's.location_id', 'l.code', 'l.sellable', 's.on_hand', 's.reserved'])
    .where('s.package_id', 'in', packageIds)
    .orderBy('l.code')
    .execute();
  return packages.map((p) => ({
    id: p.id,
    label: p.label,
    skuId: p.sku_id,
    batchId: p.batch_id,
    batchCode: p.batch_code,
    unit: p.unit,
    status: p.status,
    statusReason: p.status_reason,
    labStatus: p.lab_status,
    receivedAt: new Date(p.received_at).toISOString(),
    packagedOn: dateText(p.packaged_on),
    expiresOn: dateText(p.expires_on),
    source: p.source,
    stock: stock
      .filter((s) => s.package_id === p.id && inScope(scope, s.store_id))
      .map((s) => ({
        storeId: s.store_id,
        locationId: s.location_id,
        locationCode: s.code,
        sellableLocation: s.sellable,
        onHand: Number(s.on_hand),
        reserved: Number(s.reserved),
        available: Number(s.on_hand) - Number(s.reserved),
      })),
  }));
}

export async function packageByLabel(trx: Trx, organizationId: string, label: string, path: Array<string | number> = ['params', 'label']) {
  const row = await trx
    .selectFrom('inventory_package')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('label', '=', label)
    .executeTakeFirst();
  if (!row) throw unknownPackage(label, path);
  return row;
}

export async function getPackage(trx: Trx, organizationId: string, label: string, scope: StoreScope = []): Promise<PackageView> {
  const row = await packageByLabel(trx, organizationId, label);
  await assertPackageVisible(trx, scope, row);
  return (await packageViews(trx, organizationId, [row.id], scope))[0];
}

export async function listPackages(
  db: Db,
  organizationId: string,
  storeId: string,
  filter: { skuId?: string; status?: PackageStatus; batchId?: string; limit: number; offset: number },
  scope: StoreScope = [],
): Promise<PackageView[]> {
  await loadStore(db, organizationId, storeId); // a store of nobody, or of another organization, is 404
  let query = db
    .selectFrom('inventory_package as p')
    .select('p.id')
    .where('p.organization_id', '=', organizationId)
    .where((eb) => eb.exists(eb.selectFrom('inventory_stock as s').select('s.package_id').whereRef('s.package_id', '=', 'p.id').where('s.store_id', '=', storeId)));
  if (filter.skuId) query = query.where('p.sku_id', '=', filter.skuId);
  if (filter.status) query = query.where('p.status', '=', filter.status);
  if (filter.batchId) query = query.where('p.batch_id', '=', filter.batchId);
  const ids = await query.orderBy('p.label').limit(filter.limit).offset(filter.offset).execute();
  return packageViews(db, organizationId, ids.map((r) => r.id), scope);
}

/**
 * A page of one package's ledger, oldest first; `nextAfter` names the last row when more follow.
 * A caller limited to some stores reads the rows of those stores only.
 */
export async function listMovements(db: Db, organizationId: string, label: string, page: { limit?: number; after?: number } = {}, scope: StoreScope = []) {
  const pkg = await packageByLabel(db, organizationId, label);
  await assertPackageVisible(db, scope, pkg);
  const limit = page.limit ?? 200;
  const rows = await db
    .selectFrom('inventory_movement as m')
    .innerJoin('inventory_location as l', 'l.id', 'm.location_id')
    .selectAll('m')
    .select('l.code as location_code')
    .where('m.package_id', '=', pkg.id)
    .$if(scope.length > 0, (qb) => qb.where('m.store_id', 'in', [...scope]))
    .$if(page.after !== undefined, (qb) => qb.where('m.id', '>', page.after as number))
    .orderBy('m.id')
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  const movements = rows.slice(0, limit).map((m) => ({
    id: m.id,
    kind: m.kind,
    storeId: m.store_id,
    locationCode: m.location_code,
    onHandDelta: Number(m.on_hand_delta),
    reservedDelta: Number(m.reserved_delta),
    reasonCode: m.reason_code,
    actorType: m.actor_type,
    actorId: m.actor_id,
    referenceType: m.reference_type,
    referenceId: m.reference_id,
    referenceData: m.reference_data as Record<string, unknown>,
    note: m.note,
    occurredAt: new Date(m.occurred_at).toISOString(),
  }));
  return { movements, nextAfter: more ? Number(movements[movements.length - 1].id) : null };
}

export async function storeSkusOfPackages(trx: Trx, packageIds: string[]): Promise<StoreSku[]> {
  if (packageIds.length === 0) return [];
  const rows = await trx.selectFrom('inventory_stock').select(['store_id', 'sku_id']).distinct().where('package_id', 'in', packageIds).execute();
  return rows.map((r) => ({ storeId: r.store_id, skuId: r.sku_id }));
}

// ---- status, adjustments, moves, destruction --------------------------------------------------------

const manualStatuses: PackageStatus[] = ['active', 'on_hold', 'quarantined', 'expired', 'finished'];

/**
 * Changes a package's status. 'recalled' is set only by a recall; lifting a recall needs the
 * inventory:recall permission. 'finished' needs the package to be empty everywhere.
 */
export async function setPackageStatus(uow: UnitOfWork, label: string, input: { status: PackageStatus; reason: string }): Promise<PackageView> {
  const organizationId = organizationOfUow(uow);
  if (!manualStatuses.includes(input.status)) {
    throw new AppError(422, InventoryErrorCode.INVALID_STATUS_CHANGE, 'Packages are recalled through a recall, not a status change.', { path: ['body', 'status'] });
  }
  // Stock rows first, then the package (lockStockRows says why). NO KEY UPDATE, not UPDATE: a sale
  // holding its stock locks inserts ledger rows whose foreign key takes KEY SHARE on the package.
  const found = await packageByLabel(uow.trx, organizationId, label);
  const packageId = found.id;
  await lockStockRows(uow.trx, { packageIds: [packageId] });
  // With its stock rows locked, where the package is cannot change before the status does.
  await assertPackageVisible(uow.trx, uow.actor.storeIds, found);
  await assertPackagesInScope(uow.trx, uow.actor.storeIds, [packageId], `Package ${label}`);
  const pkg = await uow.trx.selectFrom('inventory_package').selectAll().where('id', '=', packageId).forNoKeyUpdate().executeTakeFirstOrThrow();
  if (pkg.status === 'recalled' && !uow.actor.permissions.has('inventory:recall')) {
    throw new AppError(403, 'FORBIDDEN', 'Lifting a recall needs the permission "inventory:recall".', { permission: 'inventory:recall' });
  }
  if (input.status === 'finished') {
    const left = await uow.trx.selectFrom('inventory_stock').select('on_hand').where('package_id', '=', pkg.id).where('on_hand', '>', 0).executeTakeFirst();
    if (left) throw new AppError(409, InventoryErrorCode.INVALID_STATUS_CHANGE, 'A package with stock on hand cannot be finished.', { path: ['body', 'status'] });
  }
  await uow.trx
    .updateTable('inventory_package')
    .set({ status: input.status, status_reason: input.reason, updated_at: new Date() })
    .where('id', '=', pkg.id)
    .execute();
  await uow.audit({
    action: 'inventory.package.status_changed',
    entityType: 'inventory_package',
    entityId: pkg.id,
    before: { status: pkg.status },
    after: { status: input.status },
    reason: input.reason,
  });
  // One event per store holding its stock, so each store's stream (and only theirs) hears of it;
  // a package no store holds any more is the organization's.
  const held = await storeSkusOfPackages(uow.trx, [pkg.id]);
  const storeIds = [...new Set(held.map((h) => h.storeId))];
  await uow.emitMany(
    (storeIds.length > 0 ? storeIds : [null]).map((storeId) => ({
      type: 'inventory.package.status_changed',
      aggregateType: 'inventory_package',
      aggregateId: pkg.id,
      ...(storeId ? { storeId } : {}),
      payload: { packageId: pkg.id, label, ...(storeId ? { storeId } : {}), from: pkg.status, to: input.status, reason: input.reason },
    })),
  );
  await publishAvailability(uow, held);
  return (await packageViews(uow.trx, organizationId, [pkg.id], uow.actor.storeIds))[0];
}

/**
 * A package's quantity corrected by hand, written off (theft, loss) or set by an approved count:
 * `{ packageId, label, delta, unit, kind, reasonCode, note, locationCode }` (`delta` in the
 * package's unit; a count's reasonCode is `count_correction`).
 */
export const PACKAGE_ADJUSTED = 'inventory.package.adjusted';

export const adjustReasons = ['data_entry_error', 'found', 'damaged', 'sample', 'moisture_loss', 'theft', 'other'] as const;
export type AdjustReason = (typeof adjustReasons)[number];
export type AdjustKind = 'adjust' | 'theft_loss';

/**
 * Which kind each reason belongs to, and which way it moves stock. A theft is written off as
 * theft_loss (the ledger kind loss reports read), never as a plain correction, and a loss whose
 * cause is unknown is theft_loss with "other"; found stock only comes back; damage, samples and
 * drying only take stock away. An entry error and "other" go either way.
 */
export const adjustReasonRules: Record<AdjustReason, { kinds: readonly AdjustKind[]; direction: 'in' | 'out' | 'either' }> = {
  data_entry_error: { kinds: ['adjust'], direction: 'either' },
  found: { kinds: ['adjust'], direction: 'in' },
  damaged: { kinds: ['adjust'], direction: 'out' },
  sample: { kinds: ['adjust'], direction: 'out' },
  moisture_loss: { kinds: ['adjust'], direction: 'out' },
  theft: { kinds: ['theft_loss'], direction: 'out' },
  other: { kinds: ['adjust', 'theft_loss'], direction: 'either' },
};

function assertReasonFits(kind: AdjustKind, reasonCode: string, delta: number): void {
  const rule = adjustReasonRules[reasonCode as AdjustReason];
  if (!rule) return; // the route's schema names the reasons; a direct caller's own code is its business
  const refuse = (message: string) => new AppError(400, 'VALIDATION_FAILED', message, [{ path: ['body', 'reasonCode'], message }]);
  if (!rule.kinds.includes(kind)) {
    throw refuse(`"${reasonCode}" is not a reason for ${kind === 'theft_loss' ? 'a theft or loss' : 'a correction'}; it takes ${rule.kinds.join(' or ')}.`);
  }
  if ((rule.direction === 'in' && delta < 0) || (rule.direction === 'out' && delta > 0)) {
    throw refuse(`"${reasonCode}" ${rule.direction === 'in' ? 'adds stock: delta must be positive' : 'takes stock away: delta must be negative'}.`);
  }
}

/** A manual correction (or a theft/loss write-off) on one package at one location. */
export async function adjustPackage(
  uow: UnitOfWork,
  storeId: string,
  label: string,
  input: { locationCode: string; delta: number; kind: AdjustKind; reasonCode: string; note?: string },
): Promise<PackageView> {
  const organizationId = organizationOfUow(uow);
  // Only stock coming in depends on the store's status (a retired store takes none), so only then
  // is the row share-locked against a retirement committing meanwhile.
  const store = await loadStore(uow.trx, organizationId, storeId, { share: input.delta > 0 });
  assertQuantity(input.delta, ['body', 'delta'], { allowNegative: true });
  if (input.kind === 'theft_loss' && input.delta > 0) {
    throw new AppError(400, InventoryErrorCode.INVALID_QUANTITY, 'A theft or loss takes stock away: delta must be negative.', { path: ['body', 'delta'] });
  }
  assertReasonFits(input.kind, input.reasonCode, input.delta);
  if (input.delta > 0) assertStoreNotRetired(store, ['body', 'delta'], 'a correction upward');
  const pkg = await packageByLabel(uow.trx, organizationId, label);
  const location = await handledLocation(uow.trx, organizationId, storeId, input.locationCode, ['body', 'locationCode']);
  if (input.delta > 0) await assertPackageHasBeenAt(uow.trx, pkg, storeId, ['params', 'label']);
  const row = await applyStockChange(uow, {
    packageId: pkg.id,
    locationId: location.id,
    kind: input.kind,
    onHandDelta: input.delta,
    reservedDelta: 0,
    reasonCode: input.reasonCode,
    note: input.note ?? null,
    reference: { type: 'adjustment', id: uuidv7() },
  });
  if (!row) throw await shortage(uow.trx, pkg.id, location.id, -input.delta, ['body', 'delta']);
  await uow.audit({
    action: input.kind === 'theft_loss' ? 'inventory.package.loss_recorded' : 'inventory.package.adjusted',
    entityType: 'inventory_package',
    entityId: pkg.id,
    storeId,
    after: { locationCode: location.code, delta: input.delta, onHand: row.onHand },
    reason: input.reasonCode,
  });
  // The state's records follow every correction and write-off (traceability files it as an adjustment).
  await uow.emit({
    type: PACKAGE_ADJUSTED,
    aggregateType: 'inventory_package',
    aggregateId: pkg.id,
    storeId,
    payload: { packageId: pkg.id, label: pkg.label, delta: input.delta, unit: pkg.unit, kind: input.kind, reasonCode: input.reasonCode, note: input.note ?? null, locationCode: location.code },
  });
  await publishAvailability(uow, [{ storeId, skuId: pkg.sku_id }]);
  return (await packageViews(uow.trx, organizationId, [pkg.id], uow.actor.storeIds))[0];
}

/**
 * A correction or a count adds stock only to a package the store has held (a stock row at one of
 * its locations, even at zero): stock of a package the store never had arrives by receiving or a
 * transfer, which the state's records show, not by a number typed in. 409 PACKAGE_NOT_AT_STORE.
 */
export async function assertPackageHasBeenAt(trx: UnitOfWork['trx'], pkg: { id: string; label: string }, storeId: string, path: Array<string | number>): Promise<void> {
  const here = await trx.selectFrom('inventory_stock').select('package_id').where('package_id', '=', pkg.id).where('store_id', '=', storeId).limit(1).executeTakeFirst();
  if (!here) throw notAtStore(pkg.label, path);
}

/** Moves stock between two locations of one store (vault to sales floor, say). */
export async function movePackage(
  uow: UnitOfWork,
  storeId: string,
  label: string,
  input: { fromLocationCode: string; toLocationCode: string; quantity: number },
): Promise<PackageView> {
  const organizationId = organizationOfUow(uow);
  const store = await loadStore(uow.trx, organizationId, storeId, { share: true });
  assertQuantity(input.quantity, ['body', 'quantity']);
  assertStoreNotRetired(store, ['body', 'toLocationCode'], 'a move onto one of its locations');
  const pkg = await packageByLabel(uow.trx, organizationId, label);
  const from = await handledLocation(uow.trx, organizationId, storeId, input.fromLocationCode, ['body', 'fromLocationCode']);
  const to = await handledLocation(uow.trx, organizationId, storeId, input.toLocationCode, ['body', 'toLocationCode']);
  if (from.id === to.id) throw new AppError(400, 'SAME_LOCATION', 'From and to are the same location.', { path: ['body', 'toLocationCode'] });
  const reference = { type: 'move', id: uuidv7() };
  const [out, into] = await applyStockChangesSorted(uow, [
    { packageId: pkg.id, locationId: from.id, kind: 'transfer_out', onHandDelta: -input.quantity, reservedDelta: 0, reasonCode: 'move', reference },
    { packageId: pkg.id, locationId: to.id, kind: 'transfer_in', onHandDelta: input.quantity, reservedDelta: 0, reasonCode: 'move', reference },
  ]);
  if (!out) throw await shortage(uow.trx, pkg.id, from.id, input.quantity, ['body', 'quantity']);
  if (!into) throw new AppError(409, 'MOVE_REFUSED', 'The destination could not take the stock.');
  await uow.audit({
    action: 'inventory.package.moved',
    entityType: 'inventory_package',
    entityId: pkg.id,
    storeId,
    after: { from: from.code, to: to.code, quantity: input.quantity },
  });
  await publishAvailability(uow, [{ storeId, skuId: pkg.sku_id }]);
  return (await packageViews(uow.trx, organizationId, [pkg.id], uow.actor.storeIds))[0];
}

export const destructionMethods = ['grind_and_mix', 'compost', 'incineration', 'landfill_mixed', 'hazardous_waste_hauler'] as const;

/**
 * Destroys stock. Regulators want a witness: a second, different, active staff member of the
 * organization who works at the store, who confirms with their PIN. The method and reason go on
 * the ledger row.
 *
 * A witness PIN is a PIN like any other: a wrong one counts toward its holder's lockout, and a
 * locked account confirms nothing. That count must survive the refusal, so a refused witness is
 * answered (`ok: false`, for the caller to commit and send) rather than thrown; every other
 * refusal throws and writes nothing.
 */
export async function destroyPackage(
  uow: UnitOfWork,
  storeId: string,
  label: string,
  input: { locationCode: string; quantity: number; method: string; reasonCode: string; witnessId: string; witnessPin: string; note?: string },
  pinPolicy: LoginPolicy,
): Promise<{ ok: true; view: PackageView } | { ok: false; error: AppError }> {
  const organizationId = organizationOfUow(uow);
  await loadStore(uow.trx, organizationId, storeId);
  assertQuantity(input.quantity, ['body', 'quantity']);
  if (!uow.actor.id || input.witnessId === uow.actor.id) {
    throw new AppError(422, InventoryErrorCode.WITNESS_REQUIRED, 'The witness must be a different staff member.', { path: ['body', 'witnessId'] });
  }
  const confirmed = await confirmPin(uow, { organizationId, staffId: input.witnessId, pin: input.witnessPin }, pinPolicy);
  if (!confirmed.ok) {
    const locked = confirmed.error.code === 'ACCOUNT_LOCKED';
    return {
      ok: false,
      error: locked
        ? new AppError(422, InventoryErrorCode.WITNESS_REQUIRED, 'The witness’s account is locked after too many failed sign-ins; ask another witness.', { path: ['body', 'witnessId'] })
        : new AppError(422, InventoryErrorCode.WITNESS_REQUIRED, 'The witness could not be verified (unknown, inactive, or wrong PIN).', { path: ['body', 'witnessPin'] }),
    };
  }
  const witness = confirmed.staff;
  // A witness stands in the room where the stock is destroyed: someone who works at another store
  // only cannot have seen it (as they cannot take over this store's register). Checked after the
  // PIN, so only someone who knows it learns where its holder works; FOR SHARE, so a change of
  // their stores or a deactivation waits for this destruction or is seen by it.
  if ((await staffAtStore(uow.trx, organizationId, storeId, witness.id, { lock: true })) !== 'ok') {
    throw new AppError(422, InventoryErrorCode.WITNESS_REQUIRED, 'The witness does not work at this store.', { path: ['body', 'witnessId'] });
  }
  const pkg = await packageByLabel(uow.trx, organizationId, label);
  const location = await handledLocation(uow.trx, organizationId, storeId, input.locationCode, ['body', 'locationCode']);
  const destructionId = uuidv7();
  const row = await applyStockChange(uow, {
    packageId: pkg.id,
    locationId: location.id,
    kind: 'destroy',
    onHandDelta: -input.quantity,
    reservedDelta: 0,
    reasonCode: input.reasonCode,
    note: input.note ?? null,
    reference: { type: 'destruction', id: destructionId, data: { method: input.method, witnessId: witness.id, witnessName: witness.name } },
  });
  if (!row) throw await shortage(uow.trx, pkg.id, location.id, input.quantity, ['body', 'quantity']);
  await uow.audit({
    action: 'inventory.package.destroyed',
    entityType: 'inventory_package',
    entityId: pkg.id,
    storeId,
    after: { locationCode: location.code, quantity: input.quantity, method: input.method, witnessId: witness.id, destructionId },
    reason: input.reasonCode,
  });
  await uow.emit({
    type: 'inventory.package.destroyed',
    aggregateType: 'inventory_package',
    aggregateId: pkg.id,
    storeId,
    payload: { packageId: pkg.id, label, quantity: input.quantity, method: input.method, witnessId: witness.id },
  });
  await publishAvailability(uow, [{ storeId, skuId: pkg.sku_id }]);
  return { ok: true, view: (await packageViews(uow.trx, organizationId, [pkg.id], uow.actor.storeIds))[0] };
}

/** The 409 for a refused decrement, naming what was there. */
export async function shortage(trx: Trx, packageId: string, locationId: string, requested: number, path: Array<string | number>) {
  const row = await trx
    .selectFrom('inventory_stock')
    .select(['on_hand', 'reserved'])
    .where('package_id', '=', packageId)
    .where('location_id', '=', locationId)
    .executeTakeFirst();
  const onHand = Number(row?.on_hand ?? 0);
  const reserved = Number(row?.reserved ?? 0);
  return new AppError(409, InventoryErrorCode.INSUFFICIENT_STOCK, 'Not enough unreserved stock at that location.', {
    path,
    requested,
    onHand,
    reserved,
    available: onHand - reserved,
  });
}


/**
 * A SKU's unit may change only while none of its stock is counted in the old unit: a package's
 * quantities are units or milligrams as it was received, and a sale of the SKU asks for its
 * catalog unit, so five jars would be read as five milligrams (or 3.5 g as 3,500 units).
 * 409 SKU_UNIT_IN_USE at the unit; sell, adjust or destroy that stock first.
 */
export async function refuseSkuUnitChangeWithStock(trx: Db, sku: { organizationId: string; skuId: string; code: string; to: 'each' | 'weight' }, path: (string | number)[]): Promise<void> {
  const unit = sku.to === 'weight' ? 'mg' : 'each';
  const held = await trx
    .selectFrom('inventory_stock as s')
    .innerJoin('inventory_package as p', 'p.id', 's.package_id')
    .select('p.label')
    .distinct()
    .where('p.organization_id', '=', sku.organizationId)
    .where('p.sku_id', '=', sku.skuId)
    .where('p.unit', '!=', unit)
    .where('s.on_hand', '>', 0)
    .orderBy('p.label')
    .limit(5)
    .execute();
  if (held.length > 0) {
    throw new AppError(
      409,
      'SKU_UNIT_IN_USE',
      `Stock of SKU ${sku.code} is counted in ${unit === 'mg' ? 'units' : 'milligrams'} (package ${held.map((h) => h.label).join(', ')}): sell, adjust or destroy it before changing how the SKU is sold.`,
      { path, packageLabels: held.map((h) => h.label) },
    );
  }
}
