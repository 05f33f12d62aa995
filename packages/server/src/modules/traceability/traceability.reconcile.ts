import type { MetrcClient, TraceAllotment } from '@verdant/metrc';
import { v7 as uuidv7 } from 'uuid';
import { AppError, notFound } from '../../platform/errors';
import { systemContext } from '../../platform/context';
import type { Platform } from '../../platform/platform';
import { inTransaction, type Db } from '../../platform/unit-of-work';
import { EngineUnavailable, type EngineRegistry, type StoreEngine } from './traceability.engines';
import { inventoryPort, ordersPort, type LocalPackage } from './traceability.ports';
import type { DifferenceKind } from './traceability.tables';
import { describeFailure } from './traceability.worker';

export const RECONCILIATION_DRIFT = 'traceability.reconciliation.drift';

interface StatePackage {
  label: string;
  itemName: string;
  quantity: number;
  unitOfMeasure: string;
  onHold: boolean;
  recalled: boolean;
}

export interface Difference {
  packageLabel: string;
  kind: DifferenceKind;
  local: { status: string; onHand: number; unit: string } | null;
  /** pendingSales: what our reports not filed yet (sales, and adjustments since) will still take, in local units. */
  state: { quantity: number; unitOfMeasure: string; onHold: boolean; recalled: boolean; pendingSales?: number } | null;
  action: string | null;
}

const MG_PER: Record<string, number> = { Grams: 1000, Milligrams: 1, Kilograms: 1_000_000, Ounces: 28_349.523125, Pounds: 453_592.37 };

/** A state quantity in our stock unit (each, or mg); null when the units cannot be compared. */
export function toLocalUnit(quantity: number, unitOfMeasure: string, unit: 'each' | 'mg'): number | null {
  if (unit === 'each') return unitOfMeasure === 'Each' ? quantity : null;
  const factor = MG_PER[unitOfMeasure];
  return factor === undefined ? null : Math.round(quantity * factor);
}

async function storeEngine(platform: Platform, engines: EngineRegistry, organizationId: string, storeId: string) {
  const row = await platform.database.db
    .selectFrom('trace_store_config as c')
    .innerJoin('store as s', 's.id', 'c.store_id')
    .select(['c.store_id', 'c.engine', 'c.base_url', 'c.license_number', 'c.credentials_encrypted', 'c.updated_at', 's.jurisdiction', 's.timezone'])
    .where('c.store_id', '=', storeId)
    .where('c.organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!row) throw notFound('Traceability settings for store', storeId);
  try {
    return { row, engine: engines.forStore(row) };
  } catch (error) {
    if (error instanceof EngineUnavailable) throw new AppError(409, 'TRACE_NOT_CONFIGURED', error.message);
    throw error;
  }
}

async function statePackages({ engine, metrc }: StoreEngine): Promise<StatePackage[]> {
  if (metrc) {
    const out: StatePackage[] = [];
    for await (const p of metrc.allPackages(engine.licenseNumber, 'active')) {
      out.push({ label: p.Label, itemName: p.Item?.Name ?? '', quantity: p.Quantity, unitOfMeasure: p.UnitOfMeasureName, onHold: p.IsOnHold, recalled: p.IsOnRecall });
    }
    return out;
  }
  if (!engine.listPackages) throw new EngineUnavailable(`${engine.name} offers no package list to reconcile against.`);
  return (await engine.listPackages()).map((p) => ({ label: p.label, itemName: p.itemName, quantity: p.quantity, unitOfMeasure: p.unitOfMeasure, onHold: p.onHold, recalled: false }));
}

/**
 * Quantities the state will still take from each package (local units) once our reports that have
 * not reached it land: sales (what they sold), adjustments (a destruction takes, a found count
 * gives back; signed in the state's unit), and voids and returns, which give back (we put the
 * goods back in their packages at once; the state restocks them when the void or the receipt's
 * rewrite lands), and online orders sold here and not yet handed over (nor out on a trip filed as
 * a sales delivery). Failed ones count too: the failed list shows them, and the package is not out
 * of step for any other reason.
 */
async function pendingAtState(db: Db, storeId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('trace_report')
    .select(['kind', 'order_id', 'payload'])
    .where('store_id', '=', storeId)
    .where('kind', 'in', ['sale', 'adjustment', 'void', 'return'])
    .where('status', 'in', ['queued', 'sending', 'failed'])
    .execute();
  const pending = new Map<string, number>();
  const add = (label: string, local: number) => pending.set(label, (pending.get(label) ?? 0) + local);
  const addLines = (lines: SoldLine[] | undefined, sign: 1 | -1) => {
    for (const line of lines ?? []) add(line.packageLabel, sign * (line.unit === 'g' ? Math.round(line.quantity * 1000) : line.quantity));
  };
  const voidedOrders: string[] = [];
  for (const { kind, order_id, payload } of rows) {
    if (kind === 'adjustment') {
      const a = payload as { packageLabel?: string; quantity?: number; unitOfMeasure?: string };
      if (!a.packageLabel || !Number.isFinite(a.quantity)) continue;
      const quantity = a.unitOfMeasure === 'Each' ? Number(a.quantity) : toLocalUnit(Number(a.quantity), String(a.unitOfMeasure), 'mg');
      if (quantity !== null) add(a.packageLabel, -quantity);
    } else if (kind === 'void') {
      if (order_id) voidedOrders.push(order_id);
    } else {
      addLines((payload as { lines?: SoldLine[] }).lines, kind === 'sale' ? 1 : -1);
    }
  }
  // Online orders sold here (their stock left our shelf when they were placed) are filed when
  // handed over, or as a sales delivery when their trip leaves: until then the state still holds them.
  for (const pick of await ordersPort.unreportedOpenOrderPicks(db, storeId)) add(pick.packageLabel, pick.quantity);
  if (voidedOrders.length > 0) {
    // A void carries no lines: it gives back what the sale sold less what returns gave back already.
    const sold = await db
      .selectFrom('trace_report')
      .select(['kind', 'payload'])
      .where('store_id', '=', storeId)
      .where('order_id', 'in', voidedOrders)
      .where('kind', 'in', ['sale', 'return'])
      .execute();
    for (const { kind, payload } of sold) addLines((payload as { lines?: SoldLine[] }).lines, kind === 'sale' ? -1 : 1);
  }
  return pending;
}

type SoldLine = { packageLabel: string; quantity: number; unit: string };

/** Compares both sides. Pure: the caller decides what to do about each difference. */
export function compareInventories(local: LocalPackage[], state: StatePackage[], pending: Map<string, number>): Difference[] {
  const out: Difference[] = [];
  const byLabel = new Map(state.map((p) => [p.label, p]));
  const seen = new Set<string>();
  for (const pkg of local) {
    const s = byLabel.get(pkg.label);
    const localView = { status: pkg.status, onHand: pkg.onHand, unit: pkg.unit };
    if (!s) {
      if (pkg.onHand > 0 && pkg.status !== 'finished') out.push({ packageLabel: pkg.label, kind: 'missing_in_state', local: localView, state: null, action: null });
      continue;
    }
    seen.add(pkg.label);
    const waiting = pending.get(pkg.label) ?? 0;
    const stateView = { quantity: s.quantity, unitOfMeasure: s.unitOfMeasure, onHold: s.onHold, recalled: s.recalled, pendingSales: waiting };
    const stateBlocked = s.onHold || s.recalled;
    const localBlocked = pkg.status === 'on_hold' || pkg.status === 'recalled' || pkg.status === 'quarantined';
    if (stateBlocked && !localBlocked) out.push({ packageLabel: pkg.label, kind: 'status_mismatch', local: localView, state: stateView, action: 'hold' });
    else if (!stateBlocked && (pkg.status === 'on_hold' || pkg.status === 'recalled')) out.push({ packageLabel: pkg.label, kind: 'status_mismatch', local: localView, state: stateView, action: null });
    const stateQty = toLocalUnit(s.quantity, s.unitOfMeasure, pkg.unit);
    // The state has not heard of sales and adjustments still queued: compare with what it will
    // hold once they land.
    const tolerance = pkg.unit === 'mg' ? 1 : 0;
    if (stateQty === null || Math.abs(stateQty - waiting - pkg.onHand) > tolerance) {
      out.push({ packageLabel: pkg.label, kind: 'quantity_mismatch', local: localView, state: stateView, action: null });
    }
  }
  for (const s of state) {
    if (!seen.has(s.label) && s.quantity > 0) {
      out.push({ packageLabel: s.label, kind: 'missing_locally', local: null, state: { quantity: s.quantity, unitOfMeasure: s.unitOfMeasure, onHold: s.onHold, recalled: s.recalled }, action: null });
    }
  }
  return out;
}

export interface ReconciliationView {
  id: string;
  storeId: string;
  trigger: 'schedule' | 'api';
  status: 'succeeded' | 'failed';
  checked: number;
  held: number;
  error: string | null;
  startedAt: string;
  finishedAt: string;
  differences: Difference[];
}

/**
 * Compares the store's packages with the state's. A package the state has on hold or recalled
 * is put on hold here at once (nothing more may be sold from it); every other difference is
 * recorded for a person to settle, and a `traceability.reconciliation.drift` event tells alerts.
 */
export async function reconcileStore(platform: Platform, engines: EngineRegistry, organizationId: string, storeId: string, trigger: 'schedule' | 'api'): Promise<ReconciliationView> {
  const startedAt = new Date();
  const { engine } = await storeEngine(platform, engines, organizationId, storeId);
  const id = uuidv7();
  let differences: Difference[] = [];
  let checked = 0;
  let error: string | null = null;
  try {
    const [state, local, pending] = await Promise.all([statePackages(engine), inventoryPort.storePackages(platform.database.db, organizationId, storeId), pendingAtState(platform.database.db, storeId)]);
    checked = new Set([...state.map((s) => s.label), ...local.map((l) => l.label)]).size;
    differences = compareInventories(local, state, pending);
  } catch (cause) {
    error = describeFailure(cause).message;
  }
  let held = 0;
  await inTransaction(platform.tx, systemContext(organizationId), async (uow) => {
    for (const d of differences) {
      if (d.action !== 'hold') continue;
      const why = d.state?.recalled ? 'recalled' : 'on hold';
      await inventoryPort.hold(uow, d.packageLabel, `The state has this package ${why} (reconciliation ${id}).`);
      d.action = 'held';
      held += 1;
    }
    await uow.trx
      .insertInto('trace_reconciliation')
      .values({ id, organization_id: organizationId, store_id: storeId, trigger, status: error ? 'failed' : 'succeeded', checked, differences: differences.length, held, error, started_at: startedAt })
      .execute();
    if (differences.length > 0) {
      await uow.trx
        .insertInto('trace_difference')
        .values(
          differences.map((d) => ({
            id: uuidv7(), reconciliation_id: id, organization_id: organizationId, store_id: storeId, package_label: d.packageLabel, kind: d.kind,
            local: d.local ? JSON.stringify(d.local) : null, state: d.state ? JSON.stringify(d.state) : null, action: d.action,
          })),
        )
        .execute();
      const counts: Record<string, number> = {};
      for (const d of differences) counts[d.kind] = (counts[d.kind] ?? 0) + 1;
      await uow.emit({
        type: RECONCILIATION_DRIFT, aggregateType: 'trace_reconciliation', aggregateId: id, storeId,
        payload: { reconciliationId: id, storeId, counts, held, differences: differences.slice(0, 50) },
      });
    }
    if (!error) await uow.trx.updateTable('trace_store_config').set({ last_reconciled_at: new Date() }).where('store_id', '=', storeId).execute();
    await uow.audit({ action: 'traceability.reconciliation.ran', entityType: 'trace_reconciliation', entityId: id, storeId, after: { trigger, checked, differences: differences.length, held, error } });
  });
  return { id, storeId, trigger, status: error ? 'failed' : 'succeeded', checked, held, error, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), differences };
}

export async function listReconciliations(db: Db, organizationId: string, storeId: string, limit = 20) {
  // A store of nobody, or of another organization, is 404, not an empty history.
  const store = await db.selectFrom('store').select('id').where('id', '=', storeId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!store) throw notFound('Store', storeId);
  const runs = await db.selectFrom('trace_reconciliation').selectAll().where('organization_id', '=', organizationId).where('store_id', '=', storeId).orderBy('started_at', 'desc').limit(limit).execute();
  const diffs = runs.length
    ? await db.selectFrom('trace_difference').selectAll().where('reconciliation_id', 'in', runs.map((r) => r.id)).orderBy('package_label').execute()
    : [];
  return runs.map(
    (r): ReconciliationView => ({
      id: r.id, storeId: r.store_id, trigger: r.trigger, status: r.status, checked: r.checked, held: r.held, error: r.error,
      startedAt: new Date(r.started_at).toISOString(), finishedAt: new Date(r.finished_at).toISOString(),
      differences: diffs.filter((d) => d.reconciliation_id === r.id).map((d) => ({ packageLabel: d.package_label, kind: d.kind, local: d.local as Difference['local'], state: d.state as Difference['state'], action: d.action })),
    }),
  );
}

// ---- pulls: incoming transfers, lab results -----------------------------------------------------

export interface PullResult {
  transfers: Array<{ manifestNumber: string; status: 'imported' | 'needs_mapping' | 'failed' | 'already_imported'; manifestId?: string; detail?: unknown }>;
  labResults: Array<{ packageLabel: string; batchId: string; status: 'recorded' | 'none' | 'failed'; reason?: string }>;
}

function requireMetrc(engine: StoreEngine): MetrcClient {
  if (!engine.metrc) throw new AppError(409, 'TRACE_PULL_UNSUPPORTED', `Pulling transfers and lab results is available for Metrc stores; this store uses ${engine.engine.name}.`);
  return engine.metrc;
}

/**
 * Imports the state's incoming transfers as receiving manifests (once per manifest number) and
 * lab results onto the batches of packages still waiting for one.
 */
export async function pullFromState(platform: Platform, engines: EngineRegistry, organizationId: string, storeId: string): Promise<PullResult> {
  const { engine } = await storeEngine(platform, engines, organizationId, storeId);
  const metrc = requireMetrc(engine);
  const license = engine.engine.licenseNumber;
  const db = platform.database.db;
  const result: PullResult = { transfers: [], labResults: [] };

  for await (const transfer of metrc.allIncomingTransfers(license)) {
    if (transfer.IsVoided) continue;
    const done = await db.selectFrom('trace_transfer_import').select(['status', 'manifest_id']).where('store_id', '=', storeId).where('manifest_number', '=', transfer.ManifestNumber).executeTakeFirst();
    if (done?.status === 'imported') {
      result.transfers.push({ manifestNumber: transfer.ManifestNumber, status: 'already_imported', manifestId: done.manifest_id ?? undefined });
      continue;
    }
    const packages = (await Promise.all((await metrc.listTransferDeliveries(license, transfer.Id)).map((d) => metrc.listDeliveryPackages(license, d.Id)))).flat();
    const names = [...new Set(packages.map((p) => p.ProductName))];
    const mappings = names.length
      ? await db.selectFrom('trace_item_mapping').selectAll().where('organization_id', '=', organizationId).where('state_item_name', 'in', names).execute()
      : [];
    const byName = new Map(mappings.map((m) => [m.state_item_name, m]));
    const missing = names.filter((n) => !byName.has(n));
    const record = async (status: 'imported' | 'needs_mapping' | 'failed', manifestId: string | null, detail: unknown) => {
      const values = { organization_id: organizationId, status, manifest_id: manifestId, detail: JSON.stringify(detail), updated_at: new Date() };
      await db.insertInto('trace_transfer_import').values({ store_id: storeId, manifest_number: transfer.ManifestNumber, ...values }).onConflict((oc) => oc.columns(['store_id', 'manifest_number']).doUpdateSet(values)).execute();
    };
    if (missing.length > 0) {
      const detail = { missingItemMappings: missing, message: 'Map these state item names to SKUs (PUT /v1/traceability/item-mappings), then pull again.' };
      await record('needs_mapping', null, detail);
      result.transfers.push({ manifestNumber: transfer.ManifestNumber, status: 'needs_mapping', detail });
      continue;
    }
    try {
      const manifest = await inTransaction(platform.tx, systemContext(organizationId), (uow) =>
        inventoryPort.createManifest(uow, storeId, {
          number: transfer.ManifestNumber,
          source: 'metrc',
          supplierName: transfer.ShipperFacilityName,
          supplierLicense: transfer.ShipperFacilityLicenseNumber,
          items: packages.map((p) => {
            const m = byName.get(p.ProductName)!;
            const expected = toLocalUnit(p.ShippedQuantity, p.ShippedUnitOfMeasureName, m.unit);
            if (expected === null) throw new AppError(422, 'TRACE_UNIT_MISMATCH', `Package ${p.PackageLabel} ships in ${p.ShippedUnitOfMeasureName}, but ${p.ProductName} is mapped to a SKU counted in ${m.unit}.`);
            return {
              packageLabel: p.PackageLabel, skuId: m.sku_id, unit: m.unit, expectedQuantity: expected,
              batch: { code: `${transfer.ManifestNumber}/${p.PackageLabel}`, producerLicense: transfer.ShipperFacilityLicenseNumber, producerName: transfer.ShipperFacilityName, sourcePackageLabels: [p.PackageLabel] },
            };
          }),
        }),
      );
      const manifestId = (manifest as { id?: string }).id ?? null;
      await record('imported', manifestId, { packages: packages.length });
      result.transfers.push({ manifestNumber: transfer.ManifestNumber, status: 'imported', manifestId: manifestId ?? undefined });
    } catch (error) {
      // Entered already: by an earlier pull that stopped before writing down its import, or by a
      // pull at the same moment. It is this transfer's manifest, not a failure to show for ever.
      const entered = error instanceof AppError && error.code === 'MANIFEST_EXISTS' ? await manifestAtStore(db, organizationId, storeId, transfer.ManifestNumber) : null;
      if (entered) {
        await record('imported', entered, { packages: packages.length });
        result.transfers.push({ manifestNumber: transfer.ManifestNumber, status: 'already_imported', manifestId: entered });
        continue;
      }
      const reason = error instanceof AppError ? `${error.code}: ${error.message}` : describeFailure(error).message;
      await record('failed', null, { reason });
      result.transfers.push({ manifestNumber: transfer.ManifestNumber, status: 'failed', detail: { reason } });
    }
  }

  // Lab results for packages whose batch still waits for one: on the shelf or on a manifest.
  const onShelf = await db
    .selectFrom('inventory_package as p')
    .innerJoin('inventory_batch as b', 'b.id', 'p.batch_id')
    .innerJoin('inventory_stock as s', 's.package_id', 'p.id')
    .select(['p.label', 'b.id as batch_id'])
    .where('p.organization_id', '=', organizationId)
    .where('s.store_id', '=', storeId)
    .where('b.lab_status', '=', 'pending')
    .execute();
  const onManifest = await db
    .selectFrom('inventory_manifest_item as i')
    .innerJoin('inventory_manifest as m', 'm.id', 'i.manifest_id')
    .innerJoin('inventory_batch as b', 'b.id', 'i.batch_id')
    .select(['i.package_label as label', 'b.id as batch_id'])
    .where('m.organization_id', '=', organizationId)
    .where('m.store_id', '=', storeId)
    .where('b.lab_status', '=', 'pending')
    .execute();
  const waiting = [...new Map([...onShelf, ...onManifest].map((w) => [w.batch_id, w])).values()];
  for (const w of waiting) {
    try {
      const pkg = await metrc.getPackage(license, w.label);
      const rows = (await metrc.listLabResults(license, pkg.Id)).filter((r) => r.RevokedDate === null);
      if (rows.length === 0) {
        result.labResults.push({ packageLabel: w.label, batchId: w.batch_id, status: 'none' });
        continue;
      }
      const first = rows[0];
      await inTransaction(platform.tx, systemContext(organizationId), (uow) =>
        inventoryPort.recordLabResult(uow, w.batch_id, {
          labName: first.LabFacilityName,
          labLicense: first.LabFacilityLicenseNumber,
          testedOn: first.TestPerformedDate.slice(0, 10),
          cannabinoids: rows.filter((r) => /thc|cbd|cbg|cbn/i.test(r.TestTypeName)).map((r) => ({ name: r.TestTypeName, percent: r.TestResultLevel })),
          terpenes: [],
          contaminants: rows.filter((r) => !/thc|cbd|cbg|cbn/i.test(r.TestTypeName)).map((r) => ({ panel: r.TestTypeName, status: r.TestPassed ? 'pass' : 'fail', detail: r.TestComment ?? undefined })),
        }),
      );
      result.labResults.push({ packageLabel: w.label, batchId: w.batch_id, status: 'recorded' });
    } catch (error) {
      result.labResults.push({ packageLabel: w.label, batchId: w.batch_id, status: 'failed', reason: describeFailure(error).message });
    }
  }
  await db.updateTable('trace_store_config').set({ last_pulled_at: new Date() }).where('store_id', '=', storeId).execute();
  return result;
}

/** The id of the store's receiving manifest with this number (a state manifest number), if any. */
async function manifestAtStore(db: Db, organizationId: string, storeId: string, number: string): Promise<string | null> {
  const row = await db.selectFrom('inventory_manifest').select('id').where('organization_id', '=', organizationId).where('store_id', '=', storeId).where('number', '=', number).executeTakeFirst();
  return row?.id ?? null;
}

// ---- patient allotments --------------------------------------------------------------------------

export interface AllotmentAnswer {
  patientLicenseNumber: string;
  status: 'ok' | 'not_found' | 'unavailable' | 'not_offered';
  allotment: TraceAllotment | null;
  fetchedAt: string | null;
  cached: boolean;
  reason: string | null;
}

const ALLOTMENT_TTL_MS = 60_000; // Metrc itself caches patient statuses up to 60 s

/** Patient allotments at check-in, cached 60 s per store and patient. */
export class AllotmentCache {
  private readonly entries = new Map<string, { at: number; answer: AllotmentAnswer }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(platform: Platform, engines: EngineRegistry, organizationId: string, storeId: string, patient: string): Promise<AllotmentAnswer> {
    const key = `${storeId}|${patient}`;
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < ALLOTMENT_TTL_MS) return { ...hit.answer, cached: true };
    const { engine } = await storeEngine(platform, engines, organizationId, storeId);
    const base = { patientLicenseNumber: patient, cached: false };
    if (!engine.engine.getPatientAllotment) return { ...base, status: 'not_offered', allotment: null, fetchedAt: null, reason: `${engine.engine.name} offers no allotment lookup.` };
    let answer: AllotmentAnswer;
    try {
      const allotment = await engine.engine.getPatientAllotment(patient);
      answer = { ...base, status: allotment ? 'ok' : 'not_found', allotment, fetchedAt: new Date(this.now()).toISOString(), reason: allotment ? null : 'The state has no such patient.' };
    } catch (error) {
      const failure = describeFailure(error);
      // Not cached: the next check-in asks again. The register falls back to manual entry.
      if (failure.kind === 'forbidden') return { ...base, status: 'not_offered', allotment: null, fetchedAt: null, reason: failure.message };
      return { ...base, status: 'unavailable', allotment: null, fetchedAt: null, reason: failure.message };
    }
    this.entries.set(key, { at: this.now(), answer });
    if (this.entries.size > 10_000) this.entries.delete(this.entries.keys().next().value as string);
    return answer;
  }
}
