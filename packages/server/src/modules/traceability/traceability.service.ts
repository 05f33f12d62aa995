import { sql } from 'kysely';
import type { Config } from '../../platform/config';
import { AppError, assertAllFound, notFound } from '../../platform/errors';
import { assertStoreAccess } from '../../platform/http';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { ownSkuIds } from '../catalog';
import { credentialBoxFor, hintOf, type TraceCredentials } from './traceability.credentials';
import { deliveryFilingFor, policyFor } from './traceability.policy';
import type { ReportKind, ReportStatus } from './traceability.tables';

export interface StoreSettingsInput {
  engine: 'metrc' | 'biotrack' | 'none';
  licenseNumber?: string;
  baseUrl?: string | null;
  mode?: 'realtime' | 'batched';
  batchMinutes?: number;
  blockSalesWhenDown?: boolean | null;
  /** Metrc's PhoneNumberForQuestions on the store's sales deliveries; null clears it. */
  deliveryPhone?: string | null;
  credentials?: { vendorKey: string; userKey: string } | { ubi: string; username: string; password: string };
}

export interface StoreSettingsView {
  storeId: string;
  engine: 'metrc' | 'biotrack' | 'none';
  licenseNumber: string;
  baseUrl: string | null;
  mode: 'realtime' | 'batched';
  batchMinutes: number;
  credentialsHint: string | null;
  credentialsSet: boolean;
  /** What the state's policy says, and what this store does. */
  policy: { jurisdiction: string; realtimeFor: string[]; maxDelayMinutes: number; blockSalesWhenDown: boolean; source: string; confidence: string };
  blockSalesWhenDown: boolean;
  /** How this store's delivery orders reach the state (its engine and the state's policy). */
  deliveryFiling: 'sales_delivery' | 'receipt';
  deliveryPhone: string | null;
  circuit: { state: 'closed' | 'open'; consecutiveFailures: number; pausedUntil: string | null; lastError: string | null };
  lastSuccessAt: string | null;
  lastReconciledAt: string | null;
  updatedAt: string;
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

async function storeOf(db: Db | UnitOfWork['trx'], organizationId: string, storeId: string) {
  const store = await db.selectFrom('store').select(['id', 'jurisdiction', 'timezone', 'license_number']).where('id', '=', storeId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!store) throw notFound('Store', storeId);
  return store;
}

export async function getSettings(db: Db, config: Config, organizationId: string, storeId: string): Promise<StoreSettingsView> {
  const store = await storeOf(db, organizationId, storeId);
  const row = await db.selectFrom('trace_store_config').selectAll().where('store_id', '=', storeId).executeTakeFirst();
  const policy = policyFor(store.jurisdiction, new Date(), store.timezone);
  const policyView = { jurisdiction: policy.jurisdiction, realtimeFor: policy.realtimeFor, maxDelayMinutes: policy.maxDelayMinutes, blockSalesWhenDown: policy.blockSalesWhenDown, source: policy.source, confidence: policy.confidence };
  if (!row) {
    return {
      storeId, engine: 'none', licenseNumber: store.license_number, baseUrl: null, mode: 'realtime', batchMinutes: 5, credentialsHint: null, credentialsSet: false,
      policy: policyView, blockSalesWhenDown: policy.blockSalesWhenDown, deliveryFiling: 'receipt', deliveryPhone: null,
      circuit: { state: 'closed', consecutiveFailures: 0, pausedUntil: null, lastError: null },
      lastSuccessAt: null, lastReconciledAt: null, updatedAt: new Date(0).toISOString(),
    };
  }
  return {
    storeId,
    engine: row.engine,
    licenseNumber: row.license_number,
    baseUrl: row.base_url,
    mode: row.mode,
    batchMinutes: row.batch_minutes,
    credentialsHint: row.credentials_hint,
    credentialsSet: row.credentials_encrypted !== null,
    policy: policyView,
    blockSalesWhenDown: row.block_sales_when_down ?? policy.blockSalesWhenDown,
    deliveryFiling: deliveryFilingFor(store.jurisdiction, row.engine, new Date(), store.timezone),
    deliveryPhone: row.delivery_phone,
    circuit: {
      state: row.consecutive_failures >= config.TRACE_CIRCUIT_FAILURES ? 'open' : 'closed',
      consecutiveFailures: row.consecutive_failures,
      pausedUntil: iso(row.paused_until),
      lastError: row.last_error,
    },
    lastSuccessAt: iso(row.last_success_at),
    lastReconciledAt: iso(row.last_reconciled_at),
    updatedAt: iso(row.updated_at)!,
  };
}

function keysSuit(config: Config, engine: StoreSettingsInput['engine'], sealed: string, storeId: string): boolean {
  if (engine === 'none') return true;
  try {
    const keys = credentialBoxFor(config).open(sealed, storeId);
    return ('vendorKey' in keys) === (engine === 'metrc');
  } catch {
    return false;
  }
}

/** Sets a store's state connection. Keys are sealed before they touch the database or the audit log. */
export async function putSettings(uow: UnitOfWork, config: Config, organizationId: string, storeId: string, input: StoreSettingsInput): Promise<StoreSettingsView> {
  const store = await storeOf(uow.trx, organizationId, storeId);
  const policy = policyFor(store.jurisdiction, new Date(), store.timezone);
  const mode = input.mode ?? 'realtime';
  const batchMinutes = input.batchMinutes ?? 5;
  if (mode === 'batched' && (policy.maxDelayMinutes === 0 || batchMinutes > policy.maxDelayMinutes)) {
    throw new AppError(422, 'TRACE_POLICY_REALTIME', `${store.jurisdiction} wants sales reported within ${policy.maxDelayMinutes} minutes (${policy.source}).`, { path: ['body', 'mode'] });
  }
  if (input.credentials) {
    const metrcKeys = 'vendorKey' in input.credentials;
    if (input.engine === 'metrc' && !metrcKeys) throw new AppError(400, 'VALIDATION_FAILED', 'Metrc needs vendorKey and userKey.', [{ path: ['body', 'credentials'], message: 'vendorKey and userKey' }]);
    if (input.engine === 'biotrack' && metrcKeys) throw new AppError(400, 'VALIDATION_FAILED', 'BioTrack needs ubi, username and password.', [{ path: ['body', 'credentials'], message: 'ubi, username, password' }]);
  }
  const before = await uow.trx.selectFrom('trace_store_config').selectAll().where('store_id', '=', storeId).executeTakeFirst();
  const licenseNumber = input.licenseNumber ?? before?.license_number ?? store.license_number;
  if (input.engine !== 'none') await assertLicenseOfNoOtherStore(uow, organizationId, storeId, licenseNumber);
  // Keys entered for one state system are kept only while they suit the engine: switching from
  // BioTrack to Metrc without new keys leaves the store without keys, not with the wrong kind.
  const keepKeys = !input.credentials && before?.credentials_encrypted != null && keysSuit(config, input.engine, before.credentials_encrypted, storeId);
  const sealed = input.credentials ? credentialBoxFor(config).seal(input.credentials as TraceCredentials, storeId) : keepKeys ? before.credentials_encrypted : null;
  const hint = input.credentials ? hintOf(input.credentials as TraceCredentials) : keepKeys ? before.credentials_hint : null;
  const values = {
    organization_id: organizationId,
    engine: input.engine,
    base_url: input.baseUrl === undefined ? (before?.base_url ?? null) : input.baseUrl,
    license_number: licenseNumber,
    credentials_encrypted: sealed,
    credentials_hint: hint,
    mode,
    batch_minutes: batchMinutes,
    block_sales_when_down: input.blockSalesWhenDown === undefined ? (before?.block_sales_when_down ?? null) : input.blockSalesWhenDown,
    delivery_phone: input.deliveryPhone === undefined ? (before?.delivery_phone ?? null) : input.deliveryPhone,
    reporting_since: input.engine === 'none' ? null : before && before.engine !== 'none' ? (before.reporting_since ?? new Date()) : new Date(),
    consecutive_failures: 0,
    paused_until: null,
    updated_at: new Date(),
  };
  await uow.trx
    .insertInto('trace_store_config')
    .values({ store_id: storeId, ...values })
    .onConflict((oc) => oc.column('store_id').doUpdateSet(values))
    .execute();
  // Reports a longer batch still holds (never tried yet) fall due by the new settings: a store
  // turned to real time sends them now, not when the old batch would have ended.
  if (input.engine !== 'none') {
    const latest = new Date(Date.now() + (mode === 'realtime' ? 0 : batchMinutes * 60_000));
    await uow.trx
      .updateTable('trace_report')
      .set({ next_attempt_at: latest, updated_at: new Date() })
      .where('store_id', '=', storeId)
      .where('status', '=', 'queued')
      .where('attempts', '=', 0)
      .where('next_attempt_at', '>', latest)
      .execute();
  }
  const shown = (r: typeof before) => r && { engine: r.engine, licenseNumber: r.license_number, baseUrl: r.base_url, mode: r.mode, batchMinutes: r.batch_minutes, credentialsHint: r.credentials_hint, deliveryPhone: r.delivery_phone };
  await uow.audit({
    action: 'traceability.settings.changed', entityType: 'store', entityId: storeId, storeId,
    before: shown(before) ?? null,
    after: { engine: values.engine, licenseNumber: values.license_number, baseUrl: values.base_url, mode, batchMinutes, credentialsHint: hint, credentialsChanged: !!input.credentials, deliveryPhone: values.delivery_phone },
  });
  const view = await getSettings(uow.trx as unknown as Db, config, organizationId, storeId);
  return view;
}

/**
 * A store reports under its own licence. The organization's state keys usually serve every store's
 * licence, so another store's licence here would file this store's sales as that store's, import
 * that store's incoming transfers here, and hold packages here by that store's state records: for
 * a manager limited to this store, a reach into a store not theirs. 409 TRACE_LICENSE_IN_USE.
 */
async function assertLicenseOfNoOtherStore(uow: UnitOfWork, organizationId: string, storeId: string, licenseNumber: string): Promise<void> {
  const store = await uow.trx.selectFrom('store').select('id').where('organization_id', '=', organizationId).where('license_number', '=', licenseNumber).where('id', '<>', storeId).executeTakeFirst();
  const reporting = await uow.trx
    .selectFrom('trace_store_config')
    .select('store_id')
    .where('organization_id', '=', organizationId)
    .where('license_number', '=', licenseNumber)
    .where('engine', '<>', 'none')
    .where('store_id', '<>', storeId)
    .executeTakeFirst();
  if (store || reporting) {
    throw new AppError(409, 'TRACE_LICENSE_IN_USE', `Licence ${licenseNumber} is another store's; each store reports to the state under its own licence.`, { path: ['body', 'licenseNumber'] });
  }
}

/** Whether a store must refuse sales right now: only where the policy (or the store) says so and the state is down. */
export async function salesBlocked(db: Db, config: Config, organizationId: string, storeId: string): Promise<{ blocked: boolean; reason: string | null }> {
  const view = await getSettings(db, config, organizationId, storeId);
  if (!view.blockSalesWhenDown || view.engine === 'none' || view.circuit.state === 'closed') return { blocked: false, reason: null };
  return { blocked: true, reason: `The state system is not answering and ${view.policy.jurisdiction} does not allow sales without it (${view.policy.source}).` };
}

// ---- reports ---------------------------------------------------------------------------------------

export interface ReportView {
  id: string;
  storeId: string;
  kind: ReportKind;
  orderId: string | null;
  status: ReportStatus;
  attempts: number;
  occurredAt: string;
  nextAttemptAt: string | null;
  externalId: string | null;
  alreadyReported: boolean | null;
  reason: string | null;
  reasonKind: string | null;
  sentAt: string | null;
  failedAt: string | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
  createdAt: string;
}

type ReportRow = {
  id: string; store_id: string; kind: ReportKind; order_id: string | null; status: ReportStatus; attempts: number; occurred_at: Date; next_attempt_at: Date;
  external_id: string | null; already_reported: boolean | null; last_error: string | null; last_error_kind: string | null; sent_at: Date | null; failed_at: Date | null;
  resolved_at: Date | null; resolution_note: string | null; created_at: Date;
};

export const toReportView = (r: ReportRow): ReportView => ({
  id: r.id,
  storeId: r.store_id,
  kind: r.kind,
  orderId: r.order_id,
  status: r.status,
  attempts: r.attempts,
  occurredAt: iso(r.occurred_at)!,
  nextAttemptAt: r.status === 'queued' || r.status === 'sending' ? iso(r.next_attempt_at) : null,
  externalId: r.external_id,
  alreadyReported: r.already_reported,
  reason: r.last_error,
  reasonKind: r.last_error_kind,
  sentAt: iso(r.sent_at),
  failedAt: iso(r.failed_at),
  resolvedAt: iso(r.resolved_at),
  resolutionNote: r.resolution_note,
  createdAt: iso(r.created_at)!,
});

const reportColumns = [
  'id', 'store_id', 'kind', 'order_id', 'status', 'attempts', 'occurred_at', 'next_attempt_at', 'external_id', 'already_reported', 'last_error',
  'last_error_kind', 'sent_at', 'failed_at', 'resolved_at', 'resolution_note', 'created_at',
] as const;

export async function listReports(
  db: Db,
  organizationId: string,
  filter: { storeId?: string; storeIds?: readonly string[]; status?: ReportStatus; kind?: ReportKind; orderId?: string; limit?: number; before?: string },
): Promise<ReportView[]> {
  let q = db.selectFrom('trace_report').select(reportColumns).where('organization_id', '=', organizationId);
  if (filter.storeId) q = q.where('store_id', '=', filter.storeId);
  if (filter.storeIds) q = q.where('store_id', 'in', filter.storeIds);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.orderId) q = q.where('order_id', '=', filter.orderId);
  if (filter.before) q = q.where('id', '<', filter.before);
  const rows = await q.orderBy('id', 'desc').limit(filter.limit ?? 100).execute();
  return rows.map(toReportView);
}

/** A report to resend or resolve: 404 for another organization's, 403 STORE_NOT_ALLOWED for another store's. */
async function reportForUpdate(uow: UnitOfWork, organizationId: string, id: string) {
  const row = await uow.trx.selectFrom('trace_report').select(reportColumns).where('id', '=', id).where('organization_id', '=', organizationId).forUpdate().executeTakeFirst();
  if (!row) throw notFound('Report', id);
  assertStoreAccess(uow.actor, row.store_id);
  return row;
}

/**
 * Sends a failed (or resolved) report again: fresh tries, and a lookup first in case it got through.
 * Resetting `attempts` is safe for the workers: their claims are fenced by `claim_seq`, which only grows.
 */
export async function resendReport(uow: UnitOfWork, organizationId: string, id: string): Promise<ReportView> {
  const row = await reportForUpdate(uow, organizationId, id);
  if (row.status !== 'failed' && row.status !== 'resolved') {
    throw new AppError(409, 'TRACE_REPORT_NOT_FAILED', `Only failed or resolved reports can be resent; this one is ${row.status}.`, { status: row.status });
  }
  const updated = await uow.trx
    .updateTable('trace_report')
    .set({ status: 'queued', attempts: 0, next_attempt_at: new Date(), needs_lookup: true, failed_at: null, resolved_at: null, resolved_by: null, resolution_note: null, updated_at: new Date() })
    .where('id', '=', id)
    .returning(reportColumns)
    .executeTakeFirstOrThrow();
  // A manual resend also lets the store's paused reporting try again at once.
  await uow.trx.updateTable('trace_store_config').set({ paused_until: null }).where('store_id', '=', row.store_id).execute();
  await wakeReportsWaitingOn(uow, row);
  await uow.audit({ action: 'traceability.report.resent', entityType: 'trace_report', entityId: id, storeId: row.store_id, before: { status: row.status, attempts: row.attempts, reason: row.last_error }, after: { status: 'queued' } });
  return toReportView(updated);
}

/**
 * The reports of the same order that wait for this one (a void or a return for its sale, a
 * delivery's completion for its filing) are looked at again at once: a report waiting on a failed
 * one sleeps for minutes (BLOCKED_RECHECK_MS in the worker) until a person resends or resolves it.
 */
async function wakeReportsWaitingOn(uow: UnitOfWork, row: { id: string; store_id: string; order_id: string | null }): Promise<void> {
  if (!row.order_id) return;
  await uow.trx
    .updateTable('trace_report')
    .set({ next_attempt_at: new Date(), updated_at: new Date() })
    .where('store_id', '=', row.store_id)
    .where('order_id', '=', row.order_id)
    .where('status', '=', 'queued')
    .where('kind', 'in', ['void', 'return', 'delivery_complete'])
    .where('id', '<>', row.id)
    .execute();
}

/** Marks a failed report handled by hand (entered in the state's UI, say), with a note. */
export async function resolveReport(uow: UnitOfWork, organizationId: string, id: string, note: string): Promise<ReportView> {
  const row = await reportForUpdate(uow, organizationId, id);
  if (row.status !== 'failed') throw new AppError(409, 'TRACE_REPORT_NOT_FAILED', `Only failed reports can be marked resolved; this one is ${row.status}.`, { status: row.status });
  const updated = await uow.trx
    .updateTable('trace_report')
    .set({ status: 'resolved', resolved_at: new Date(), resolved_by: uow.actor.id && /^[0-9a-f-]{36}$/.test(uow.actor.id) ? uow.actor.id : null, resolution_note: note, updated_at: new Date() })
    .where('id', '=', id)
    .returning(reportColumns)
    .executeTakeFirstOrThrow();
  await wakeReportsWaitingOn(uow, row);
  await uow.audit({ action: 'traceability.report.resolved', entityType: 'trace_report', entityId: id, storeId: row.store_id, before: { status: row.status, reason: row.last_error }, after: { status: 'resolved' }, reason: note });
  return toReportView(updated);
}

/** Queue health per store, for dashboards and alert rules. */
export async function circuitStates(db: Db, config: Config, organizationId: string) {
  const rows = await db
    .selectFrom('trace_store_config')
    .select(['store_id', 'engine', 'consecutive_failures', 'paused_until', 'last_error', 'last_success_at'])
    .where('organization_id', '=', organizationId)
    .execute();
  return new Map(
    rows.map((r) => [
      r.store_id,
      { engine: r.engine, circuit: r.consecutive_failures >= config.TRACE_CIRCUIT_FAILURES ? ('open' as const) : ('closed' as const), lastError: r.last_error, lastSuccessAt: iso(r.last_success_at) },
    ]),
  );
}

/** Sales reported late (queued through an outage or retried): the over-limit review starts from these. */
export async function lateSales(db: Db, organizationId: string, input: { storeId?: string; storeIds?: readonly string[]; since: Date; lateAfterSeconds: number }) {
  let q = db
    .selectFrom('trace_report')
    .select(['id', 'store_id', 'order_id', 'payload', 'occurred_at', 'sent_at', 'status', 'attempts'])
    .where('organization_id', '=', organizationId)
    // A delivery order filed as a Metrc sales delivery is its sale (filed when the vehicle left).
    .where('kind', 'in', ['sale', 'delivery'])
    .where('occurred_at', '>=', input.since)
    .where((eb) =>
      eb.or([
        eb('status', 'in', ['queued', 'sending', 'failed']),
        eb('attempts', '>', 1),
        // A resent report restarts its attempts; its claims keep counting.
        eb('claim_seq', '>', 1),
        eb(sql`extract(epoch from (sent_at - occurred_at))`, '>', input.lateAfterSeconds),
      ]),
    );
  if (input.storeId) q = q.where('store_id', '=', input.storeId);
  if (input.storeIds) q = q.where('store_id', 'in', input.storeIds);
  return q.orderBy('occurred_at').execute();
}

/**
 * Maps state item names to the organization's SKUs, for importing transfers. A SKU id that is not
 * one of the organization's (another organization's, or nobody's) is 404 at its mapping and
 * nothing is saved: an imported package would otherwise be stocked as another tenant's SKU.
 */
export async function saveItemMappings(uow: UnitOfWork, organizationId: string, mappings: Array<{ stateItemName: string; skuId: string; unit: 'each' | 'mg' }>): Promise<{ saved: number }> {
  const own = await ownSkuIds(uow.trx, organizationId, mappings.map((m) => m.skuId));
  assertAllFound(mappings.map((m) => m.skuId), own, 'SKU', (i) => ['body', 'mappings', i, 'skuId']);
  // Rows are written in name order, so requests naming the same items in other orders wait for
  // each other instead of deadlocking (a 500). The sort is stable: a name given twice keeps its last.
  const inLockOrder = [...mappings].sort((a, b) => (a.stateItemName < b.stateItemName ? -1 : a.stateItemName > b.stateItemName ? 1 : 0));
  for (const m of inLockOrder) {
    const values = { sku_id: m.skuId, unit: m.unit, updated_at: new Date() };
    await uow.trx.insertInto('trace_item_mapping').values({ organization_id: organizationId, state_item_name: m.stateItemName, ...values }).onConflict((oc) => oc.columns(['organization_id', 'state_item_name']).doUpdateSet(values)).execute();
  }
  await uow.audit({ action: 'traceability.item_mappings.saved', entityType: 'organization', entityId: organizationId, after: { mappings } });
  return { saved: mappings.length };
}
