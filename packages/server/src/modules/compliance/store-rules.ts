// Per-store adjustments to the jurisdiction pack: overrides of values the reference marks
// 'unsure' (a manager's documented reading, passed to the engine's `overrides` option) and the
// local tax rates the pack takes from the store, each with effective dates.
import type { PackOverrides } from '@verdant/rules';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { assertStoreAccess } from '../../platform/http';
import { AppError, conflict, notFound } from '../../platform/errors';
import { ReadThroughCache } from '../../platform/read-through-cache';
import { dateText } from '../../platform/sql-date';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { inEffect, localDate, packFor, packValues, rulesCall } from './rules-engine';
import { resolvePack, storeRateIssues } from '@verdant/rules';

export interface StoreRef {
  id: string;
  organizationId: string;
  jurisdiction: string;
  timezone: string;
  name: string;
  medicalEndorsement: boolean;
}

/** A store as the compliance routes judge it, with the pickup hand-over modes it offers (in_store always). */
export async function storeFor(db: Db, organizationId: string, storeId: string): Promise<StoreRef & { pickupModesOffered: string[] }> {
  const row = await db
    .selectFrom('store')
    .select(['id', 'organization_id', 'jurisdiction', 'timezone', 'name', 'medical_endorsement', 'pickup_modes_offered'])
    .where('id', '=', storeId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!row) throw notFound('Store', storeId);
  return {
    id: row.id,
    organizationId: row.organization_id,
    jurisdiction: row.jurisdiction,
    timezone: row.timezone,
    name: row.name,
    medicalEndorsement: row.medical_endorsement,
    pickupModesOffered: row.pickup_modes_offered,
  };
}

// ---- rule overrides ---------------------------------------------------------------------------

export interface RuleOverrideView {
  id: string;
  storeId: string;
  valueId: string;
  value: Record<string, unknown>;
  reason: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Fields an override may not replace: identity, provenance, and who may lift a violation. */
const PROTECTED_FIELDS = ['id', 'effective', 'source', 'confidence', 'overridable', 'unsureFields'];

const toOverride = (r: {
  id: string;
  store_id: string;
  value_id: string;
  value: unknown;
  reason: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}): RuleOverrideView => ({
  id: r.id,
  storeId: r.store_id,
  valueId: r.value_id,
  value: r.value as Record<string, unknown>,
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

export async function listRuleOverrides(db: Db, organizationId: string, storeId: string): Promise<RuleOverrideView[]> {
  await storeFor(db, organizationId, storeId);
  const rows = await db.selectFrom('store_rule_override').selectAll().where('store_id', '=', storeId).orderBy('value_id').execute();
  return rows.map(toOverride);
}

// Overrides objects are cached by content so the engine (which caches validated packs per
// overrides object) validates a store's overrides once, not on every checkout.
const overrideObjects = new Map<string, PackOverrides>();

/** The engine's `overrides` option for a store, or undefined when it has none. */
export async function overridesFor(db: Db, storeId: string): Promise<PackOverrides | undefined> {
  const rows = await db.selectFrom('store_rule_override').select(['value_id', 'value']).where('store_id', '=', storeId).orderBy('value_id').execute();
  if (rows.length === 0) return undefined;
  const overrides: PackOverrides = {};
  for (const row of rows) overrides[row.value_id] = row.value as Record<string, unknown>;
  const key = JSON.stringify(overrides);
  const cached = overrideObjects.get(key);
  if (cached) return cached;
  if (overrideObjects.size > 1000) overrideObjects.clear();
  overrideObjects.set(key, overrides);
  return overrides;
}

/**
 * A value only partly unsure (its figure sure, its product mapping or window not) lists its unsure
 * fields: a store's reading may replace those, never the figure the reference is sure of.
 */
function assertOnlyUnsureFields(valueId: string, versions: { unsureFields?: string[] }[], value: Record<string, unknown>) {
  const unsureFields = versions.find((v) => v.unsureFields)?.unsureFields;
  if (!unsureFields) return;
  const settledField = Object.keys(value).find((k) => !unsureFields.includes(k));
  if (settledField === undefined) return;
  throw new AppError(
    422,
    'RULE_NOT_OVERRIDABLE',
    `Only ${unsureFields.join(', ')} of ${valueId} ${unsureFields.length > 1 ? 'are' : 'is'} unsure in the pack; "${settledField}" is as the reference says and a store may not replace it.`,
    { valueId, field: settledField, unsureFields, path: ['body', 'value', settledField] },
  );
}

export async function putRuleOverride(
  uow: UnitOfWork,
  organizationId: string,
  storeId: string,
  valueId: string,
  input: { value: Record<string, unknown>; reason: string },
): Promise<RuleOverrideView> {
  assertStoreAccess(uow.actor, storeId);
  const store = await storeFor(uow.trx, organizationId, storeId);
  const [id, from] = valueId.split('@');
  const versions = packValues(packFor(store.jurisdiction), id).filter((v) => from === undefined || v.effective.from === from);
  if (versions.length === 0) {
    throw notFound(`Value ${valueId} in the ${store.jurisdiction} pack`);
  }
  if (!versions.some((v) => v.confidence === 'unsure')) {
    throw new AppError(422, 'RULE_NOT_OVERRIDABLE', `${valueId} is marked ${versions[0].confidence} in the pack; stores may only override values the reference marks unsure.`, {
      valueId,
      confidence: versions[0].confidence,
    });
  }
  // An id without "@<from>" replaces every version of the value (the engine's rule), so each one
  // must be unsure: a later version marked unsure does not open an earlier sure or likely one.
  const settled = versions.find((v) => v.confidence !== 'unsure');
  if (settled) {
    const unsureVersions = versions.filter((v) => v.confidence === 'unsure').map((v) => `${id}@${v.effective.from}`);
    throw new AppError(
      422,
      'RULE_NOT_OVERRIDABLE',
      `${valueId} from ${settled.effective.from} is marked ${settled.confidence} in the pack; override only its unsure version${unsureVersions.length > 1 ? 's' : ''}: ${unsureVersions.join(', ')}.`,
      { valueId, confidence: settled.confidence, unsureVersions },
    );
  }
  const protectedField = Object.keys(input.value).find((k) => PROTECTED_FIELDS.includes(k));
  if (protectedField) {
    throw new AppError(400, 'VALIDATION_FAILED', `An override cannot change "${protectedField}".`, [{ path: ['body', 'value', protectedField], message: 'not overridable' }]);
  }
  assertOnlyUnsureFields(valueId, versions, input.value);
  // Validate with every other override of the store in place, exactly as checkout will use them.
  const existing = (await overridesFor(uow.trx, storeId)) ?? {};
  rulesCall(() => resolvePack(store.jurisdiction, { overrides: { ...existing, [valueId]: input.value } }), ['body', 'value']);

  const before = await uow.trx.selectFrom('store_rule_override').selectAll().where('store_id', '=', storeId).where('value_id', '=', valueId).forUpdate().executeTakeFirst();
  invalidateStoreRules(uow, storeId);
  const now = new Date();
  const row = await uow.trx
    .insertInto('store_rule_override')
    .values({
      id: uuidv7(),
      organization_id: organizationId,
      store_id: storeId,
      value_id: valueId,
      value: JSON.stringify(input.value),
      reason: input.reason,
      created_by: uow.actor.id,
    })
    .onConflict((oc) =>
      oc.columns(['store_id', 'value_id']).doUpdateSet({ value: JSON.stringify(input.value), reason: input.reason, created_by: uow.actor.id, updated_at: now }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = toOverride(row);
  await uow.audit({
    action: before ? 'compliance.rule_override.changed' : 'compliance.rule_override.created',
    entityType: 'store_rule_override',
    entityId: view.id,
    storeId,
    before: before ? toOverride(before) : undefined,
    after: view,
    reason: input.reason,
  });
  await uow.emit({ type: StoreRuleEvents.overrideChanged, aggregateType: 'store', aggregateId: storeId, storeId, payload: { storeId, valueId } });
  return view;
}

export async function deleteRuleOverride(uow: UnitOfWork, organizationId: string, storeId: string, valueId: string, reason: string): Promise<void> {
  assertStoreAccess(uow.actor, storeId);
  await storeFor(uow.trx, organizationId, storeId);
  invalidateStoreRules(uow, storeId);
  const row = await uow.trx.deleteFrom('store_rule_override').where('store_id', '=', storeId).where('value_id', '=', valueId).returningAll().executeTakeFirst();
  if (!row) throw notFound('Rule override', valueId);
  await uow.audit({ action: 'compliance.rule_override.deleted', entityType: 'store_rule_override', entityId: row.id, storeId, before: toOverride(row), reason });
  await uow.emit({ type: StoreRuleEvents.overrideChanged, aggregateType: 'store', aggregateId: storeId, storeId, payload: { storeId, valueId } });
}

// ---- the per-process cache checkout reads through ------------------------------------------------

// Overrides and tax periods change a few times a year; checkout needs them on every sale (twice:
// the pre-check and the re-check under the customer's lock). They are cached per store for
// STORE_RULES_CACHE_MS. A change made through this process drops the entry at once and again after
// its commit, and a read that raced the change is not cached (ReadThroughCache); every other
// process drops it when it sees the change's published event (storeRulesCacheInvalidation), the
// TTL being the backstop. Effective dates are applied on every read, so a period starting at
// midnight applies at midnight whatever the cache holds.
export const STORE_RULES_CACHE_MS = 5_000;

export const StoreRuleEvents = {
  /** A rule override of the store was set or removed. */
  overrideChanged: 'compliance.rule_override.changed',
  /** A local tax period of the store was added (the open one closed). */
  taxSettingChanged: 'compliance.tax_setting.changed',
} as const;

interface StoreRules {
  overrides: PackOverrides | undefined;
  taxRatesOn(date: string): { localSalesTaxRate: number; localCannabisTaxRate: number; settingId: string | null };
}

const storeRulesCache = new ReadThroughCache<StoreRules>({ ttlMs: STORE_RULES_CACHE_MS });

export const storeRulesCacheInvalidation = storeRulesCache.invalidatedBy([StoreRuleEvents.overrideChanged, StoreRuleEvents.taxSettingChanged], (event) => event.storeId);

/** Call in any transaction that changes a store's overrides or tax periods. */
export function invalidateStoreRules(uow: UnitOfWork, storeId: string): void {
  storeRulesCache.invalidateOnCommit(uow, storeId);
}

/** The store's overrides and tax periods, through the cache (see above). */
export function storeRulesFor(db: Db, storeId: string): Promise<StoreRules> {
  return storeRulesCache.get(storeId, async () => {
    const overrides = await overridesFor(db, storeId);
    const periods = (await db.selectFrom('store_tax_setting').selectAll().where('store_id', '=', storeId).orderBy('effective_from', 'desc').execute()).map(toTaxSetting);
    return { overrides, taxRatesOn: (date) => ratesOn(periods, date) };
  });
}

function ratesOn(periods: TaxSettingView[], date: string) {
  const hit = periods.filter((r) => r.effectiveFrom <= date).find((r) => inEffect({ from: r.effectiveFrom, to: r.effectiveTo }, date));
  return hit
    ? { localSalesTaxRate: hit.localSalesTaxRate, localCannabisTaxRate: hit.localCannabisTaxRate, settingId: hit.id }
    : { localSalesTaxRate: 0, localCannabisTaxRate: 0, settingId: null };
}

// ---- local tax rates --------------------------------------------------------------------------

export interface TaxSettingView {
  id: string;
  storeId: string;
  localSalesTaxRate: number;
  localCannabisTaxRate: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  reason: string | null;
  createdBy: string | null;
  createdAt: string;
}


const toTaxSetting = (r: {
  id: string;
  store_id: string;
  local_sales_tax_rate: string;
  local_cannabis_tax_rate: string;
  effective_from: Date | string;
  effective_to: Date | string | null;
  reason: string | null;
  created_by: string | null;
  created_at: Date;
}): TaxSettingView => ({
  id: r.id,
  storeId: r.store_id,
  localSalesTaxRate: Number(r.local_sales_tax_rate),
  localCannabisTaxRate: Number(r.local_cannabis_tax_rate),
  effectiveFrom: dateText(r.effective_from),
  effectiveTo: dateText(r.effective_to),
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
});

export async function listTaxSettings(db: Db, organizationId: string, storeId: string): Promise<TaxSettingView[]> {
  await storeFor(db, organizationId, storeId);
  const rows = await db.selectFrom('store_tax_setting').selectAll().where('store_id', '=', storeId).orderBy('effective_from').execute();
  return rows.map(toTaxSetting);
}

/**
 * The store's rate periods, read under a lock of the store's periods. Row locks alone are not
 * enough: a period added meanwhile is a row the waiting reader never sees (and with no periods
 * there is nothing to lock), so two additions at once both closed the same period, left two
 * open, or hit the unique start date (a 500).
 */
async function lockedTaxSettings(uow: UnitOfWork, storeId: string): Promise<TaxSettingView[]> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`store-tax-settings:${storeId}`}, 0))`.execute(uow.trx);
  return (await uow.trx.selectFrom('store_tax_setting').selectAll().where('store_id', '=', storeId).execute()).map(toTaxSetting);
}

/**
 * 422 LOCAL_RATE_NOT_ALLOWED, at the rate's field, for a local rate the store's pack caps or puts
 * in steps (Illinois' cannabis ROT: at most 6% in 0.25% steps) and this one breaks, on the day the
 * period starts. Refused when it is set, so no sale is later refused for the store's setting.
 */
function refuseRatesTheLawCaps(store: StoreRef, rates: { localSalesTaxRate: number; localCannabisTaxRate: number; effectiveFrom: string }): void {
  const issues = storeRateIssues(packFor(store.jurisdiction), rates.effectiveFrom, rates);
  if (issues.length === 0) return;
  throw new AppError(
    422,
    'LOCAL_RATE_NOT_ALLOWED',
    issues.map((i) => i.message).join('; '),
    issues.map((i) => ({ path: ['body', ...i.path.slice(1)], message: i.message, rule: i.rule })),
  );
}

/**
 * Adds a rate period. The new period starts on `effectiveFrom`; the period that was open then is
 * closed the day before, so periods never overlap and history stays as it was.
 */
export async function addTaxSetting(
  uow: UnitOfWork,
  organizationId: string,
  storeId: string,
  input: { localSalesTaxRate: number; localCannabisTaxRate: number; effectiveFrom: string; effectiveTo?: string | null; reason?: string | null },
): Promise<TaxSettingView> {
  assertStoreAccess(uow.actor, storeId);
  const store = await storeFor(uow.trx, organizationId, storeId);
  if (input.effectiveTo && input.effectiveTo < input.effectiveFrom) {
    throw new AppError(400, 'VALIDATION_FAILED', 'effectiveTo is before effectiveFrom.', [{ path: ['body', 'effectiveTo'], message: 'before effectiveFrom' }]);
  }
  refuseRatesTheLawCaps(store, input);
  const rows = await lockedTaxSettings(uow, storeId);
  invalidateStoreRules(uow, storeId);
  if (rows.some((r) => r.effectiveFrom === input.effectiveFrom)) {
    throw conflict('TAX_SETTING_EXISTS', `A rate period already starts on ${input.effectiveFrom}.`, { path: ['body', 'effectiveFrom'] });
  }
  const newTo = input.effectiveTo ?? null;
  for (const r of rows) {
    const overlaps = r.effectiveFrom <= (newTo ?? '9999-12-31') && input.effectiveFrom <= (r.effectiveTo ?? '9999-12-31');
    if (!overlaps) continue;
    if (r.effectiveFrom < input.effectiveFrom) {
      // The earlier open period ends the day before the new one starts.
      const to = dayBefore(input.effectiveFrom);
      await uow.trx.updateTable('store_tax_setting').set({ effective_to: to }).where('id', '=', r.id).execute();
      await uow.audit({ action: 'compliance.tax_setting.closed', entityType: 'store_tax_setting', entityId: r.id, storeId, before: r, after: { ...r, effectiveTo: to } });
    } else {
      throw conflict('TAX_SETTING_OVERLAP', `The rate period starting ${r.effectiveFrom} overlaps this one; end this one before it.`, { path: ['body', 'effectiveTo'] });
    }
  }
  const row = await uow.trx
    .insertInto('store_tax_setting')
    .values({
      id: uuidv7(),
      organization_id: organizationId,
      store_id: storeId,
      local_sales_tax_rate: input.localSalesTaxRate,
      local_cannabis_tax_rate: input.localCannabisTaxRate,
      effective_from: input.effectiveFrom,
      effective_to: newTo,
      reason: input.reason ?? null,
      created_by: uow.actor.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = toTaxSetting(row);
  await uow.audit({ action: 'compliance.tax_setting.added', entityType: 'store_tax_setting', entityId: view.id, storeId, after: view, reason: input.reason ?? null });
  await uow.emit({ type: StoreRuleEvents.taxSettingChanged, aggregateType: 'store', aggregateId: storeId, storeId, payload: { storeId, effectiveFrom: view.effectiveFrom } });
  return view;
}

/**
 * Withdraws a rate period that has not started yet (store-local date), for a period entered by
 * mistake or a rate change that was called off. A period that has started is history, and sales
 * were taxed by it: it is changed only by starting a new one. The period that was closed the day
 * before the withdrawn one runs on as if it had never been added (to the withdrawn one's end).
 */
export async function withdrawTaxSetting(uow: UnitOfWork, organizationId: string, storeId: string, settingId: string, reason: string): Promise<void> {
  assertStoreAccess(uow.actor, storeId);
  const store = await storeFor(uow.trx, organizationId, storeId);
  const rows = await lockedTaxSettings(uow, storeId);
  const withdrawn = rows.find((r) => r.id === settingId);
  if (!withdrawn) throw notFound('Tax rate period', settingId);
  const today = localDate(store.timezone);
  if (withdrawn.effectiveFrom <= today) {
    throw conflict('TAX_SETTING_STARTED', `The rate period started on ${withdrawn.effectiveFrom} (today is ${today} at the store): sales were taxed by it, so it stays; start a new period instead.`, {
      path: ['params', 'settingId'],
    });
  }
  invalidateStoreRules(uow, storeId);
  await uow.trx.deleteFrom('store_tax_setting').where('id', '=', settingId).execute();
  await uow.audit({ action: 'compliance.tax_setting.withdrawn', entityType: 'store_tax_setting', entityId: settingId, storeId, before: withdrawn, reason });
  const previous = rows.find((r) => r.effectiveTo !== null && r.effectiveTo === dayBefore(withdrawn.effectiveFrom));
  if (previous) {
    await uow.trx.updateTable('store_tax_setting').set({ effective_to: withdrawn.effectiveTo }).where('id', '=', previous.id).execute();
    await uow.audit({
      action: 'compliance.tax_setting.extended', entityType: 'store_tax_setting', entityId: previous.id, storeId,
      before: previous, after: { ...previous, effectiveTo: withdrawn.effectiveTo }, reason,
    });
  }
  await uow.emit({ type: StoreRuleEvents.taxSettingChanged, aggregateType: 'store', aggregateId: storeId, storeId, payload: { storeId, effectiveFrom: withdrawn.effectiveFrom } });
}

function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** The store's local rates on a store-local date (zero when none is configured). */
export async function taxRatesFor(db: Db, storeId: string, date: string): Promise<{ localSalesTaxRate: number; localCannabisTaxRate: number; settingId: string | null }> {
  const rows = await db.selectFrom('store_tax_setting').selectAll().where('store_id', '=', storeId).where('effective_from', '<=', date).orderBy('effective_from', 'desc').execute();
  return ratesOn(rows.map(toTaxSetting), date);
}
