// The compliance log: every refusal (ID expired, underage, over a limit, outside hours, …) and
// every manager override, with who, where, when and why. Rows are written in the caller's
// transaction (a refused sale records its refusal and commits it before answering the error),
// audited, and announced as events so alerts and reports can follow them.
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { keptCustomerId } from '../customers';
import { inEffect, localDate, packOrNull, packValues, type PackValue } from './rules-engine';
import { overridesFor } from './store-rules';
import type { Channel } from './usage-ledger';

export interface LoggedViolation {
  code: string;
  message: string;
  rule: string;
  lines?: number[];
  /** As decided by the server from pack data, never as sent by a client. */
  overridable?: boolean;
  [extra: string]: unknown;
}

export interface ComplianceEventView {
  id: string;
  kind: 'refusal' | 'override';
  source: string;
  storeId: string | null;
  customerId: string | null;
  orderId: string | null;
  channel: Channel | null;
  codes: string[];
  violations: LoggedViolation[];
  reason: string | null;
  refusalId: string | null;
  jurisdiction: string | null;
  packVersion: string | null;
  actorType: string;
  actorId: string | null;
  occurredAt: string;
}

type EventRow = {
  id: string;
  kind: string;
  source: string;
  store_id: string | null;
  customer_id: string | null;
  order_id: string | null;
  channel: string | null;
  codes: string[];
  violations: unknown;
  reason: string | null;
  refusal_id: string | null;
  jurisdiction: string | null;
  pack_version: string | null;
  actor_type: string;
  actor_id: string | null;
  occurred_at: Date;
};

const toView = (r: EventRow): ComplianceEventView => ({
  id: r.id,
  kind: r.kind as ComplianceEventView['kind'],
  source: r.source,
  storeId: r.store_id,
  customerId: r.customer_id,
  orderId: r.order_id,
  channel: r.channel as Channel | null,
  codes: r.codes,
  violations: r.violations as LoggedViolation[],
  reason: r.reason,
  refusalId: r.refusal_id,
  jurisdiction: r.jurisdiction,
  packVersion: r.pack_version,
  actorType: r.actor_type,
  actorId: r.actor_id,
  occurredAt: new Date(r.occurred_at).toISOString(),
});

async function storeJurisdiction(db: Db, organizationId: string, storeId: string) {
  const store = await db.selectFrom('store').select(['jurisdiction', 'timezone']).where('id', '=', storeId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!store) throw notFound('Store', storeId);
  return store;
}

/**
 * The pack value each violation names, in effect on the store-local date under the store's
 * overrides (undefined for an engine rule such as "line.medical-only", or where no pack answers),
 * and the pack's version.
 */
async function namedPackValues(
  db: Db,
  input: { organizationId: string; storeId: string; at: Date | string; violations: Array<Pick<LoggedViolation, 'rule'>> },
): Promise<{ packVersion: string | null; values: Array<PackValue | undefined> }> {
  const store = await storeJurisdiction(db, input.organizationId, input.storeId);
  const pack = packOrNull(store.jurisdiction, await overridesFor(db, input.storeId));
  if (!pack) return { packVersion: null, values: input.violations.map(() => undefined) };
  const date = localDate(store.timezone, input.at);
  // Written as the engine writes it in its answers (`US-CA@2026.12.6`).
  return { packVersion: `${pack.jurisdiction}@${pack.version}`, values: input.violations.map((v) => packValues(pack, v.rule).find((value) => inEffect(value.effective, date))) };
}

/**
 * Whether each violation may be overridden, decided from the store's pack (with the store's
 * overrides) on the store-local date: a violation is overridable only if the pack value it names
 * says so. Engine rules that are not pack values (e.g. "line.medical-only") never are.
 */
export async function overridability(
  db: Db,
  input: { organizationId: string; storeId: string; at: Date | string; violations: Array<Pick<LoggedViolation, 'rule'>> },
): Promise<boolean[]> {
  return (await namedPackValues(db, input)).values.map((value) => value?.overridable === true);
}

/**
 * The customer and order a client names in a refusal or override must be the caller's own: another
 * organization's (or nobody's) is 404 at its field, so no log of one tenant points at another's
 * rows. Checkout and the ID check log refusals for a customer they have already loaded, so only
 * what a client sends goes through here. Read directly: orders depends on compliance, so
 * compliance cannot use orders' door (as the registers' queue reads an order).
 */
export async function assertOwnReferences(db: Db, organizationId: string, refs: { customerId?: string | null; orderId?: string | null }): Promise<void> {
  if (refs.customerId) {
    const customer = await db.selectFrom('customer').select('id').where('id', '=', refs.customerId).where('organization_id', '=', organizationId).executeTakeFirst();
    if (!customer) throw new AppError(404, 'NOT_FOUND', 'Customer not found.', { entity: 'Customer', id: refs.customerId, path: ['body', 'customerId'] });
  }
  if (refs.orderId) {
    const order = await db.selectFrom('sales_order').select('id').where('id', '=', refs.orderId).where('organization_id', '=', organizationId).executeTakeFirst();
    if (!order) throw new AppError(404, 'NOT_FOUND', 'Order not found.', { entity: 'Order', id: refs.orderId, path: ['body', 'orderId'] });
  }
}

export interface RecordRefusalInput {
  /** Defaults to the acting caller's organization. */
  organizationId?: string;
  storeId: string | null;
  customerId?: string | null;
  orderId?: string | null;
  channel?: Channel | null;
  /** id_scan, id_check, register, checkout, api … */
  source: string;
  violations: LoggedViolation[];
  jurisdiction?: string | null;
  packVersion?: string | null;
  at?: Date | string;
}

function organizationFor(uow: UnitOfWork, given?: string): string {
  const organizationId = given ?? uow.actor.organizationId;
  if (!organizationId) throw new AppError(500, 'NO_ORGANIZATION', 'A compliance event needs an organization.');
  return organizationId;
}

/** Logs a refused sale or ID. Overridability is recomputed from pack data, whatever was passed in. */
export async function recordRefusal(uow: UnitOfWork, input: RecordRefusalInput): Promise<ComplianceEventView> {
  const organizationId = organizationFor(uow, input.organizationId);
  const at = new Date(input.at ?? Date.now());
  // Overridability, confidence and source come from the pack value each violation names, whoever
  // logs it: a refusal the register or an ID check logs names its rule's source like checkout's.
  const named = input.storeId ? await namedPackValues(uow.trx, { organizationId, storeId: input.storeId, at, violations: input.violations }) : null;
  const violations = input.violations.map((v, i) => {
    const value = named?.values[i];
    return {
      ...v,
      overridable: value?.overridable === true,
      ...(value && { confidence: value.confidence, ...(value.source && { source: value.source }) }),
    };
  });
  let jurisdiction = input.jurisdiction ?? null;
  if (!jurisdiction && input.storeId) jurisdiction = (await storeJurisdiction(uow.trx, organizationId, input.storeId)).jurisdiction;
  // A refusal is the person's: logged after their record was merged into another (a sale refused
  // just before the merge, a register still showing the old record), it names the record kept.
  const customerId = input.customerId ? await keptCustomerId(uow.trx, organizationId, input.customerId, { share: true }) : null;
  const row = await uow.trx
    .insertInto('compliance_event')
    .values({
      id: uuidv7(),
      organization_id: organizationId,
      store_id: input.storeId,
      kind: 'refusal',
      source: input.source,
      customer_id: customerId,
      order_id: input.orderId ?? null,
      channel: input.channel ?? null,
      codes: [...new Set(violations.map((v) => v.code))],
      violations: JSON.stringify(violations),
      jurisdiction,
      pack_version: input.packVersion ?? named?.packVersion ?? null,
      actor_type: uow.actor.type,
      actor_id: uow.actor.id,
      request_id: uow.context.requestId,
      occurred_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = toView(row);
  await uow.audit({
    action: 'compliance.refusal.recorded',
    entityType: 'compliance_event',
    entityId: view.id,
    storeId: view.storeId,
    after: { kind: view.kind, source: view.source, customerId: view.customerId, orderId: view.orderId, channel: view.channel, codes: view.codes, rules: violations.map((v) => v.rule) },
  });
  await uow.emit({
    type: 'compliance.refusal.recorded',
    aggregateType: 'compliance_event',
    aggregateId: view.id,
    storeId: view.storeId,
    payload: { eventId: view.id, source: view.source, customerId: view.customerId, orderId: view.orderId, codes: view.codes },
  });
  return view;
}

export interface RecordOverrideInput {
  /** The refusal being lifted (its violations are the ones overridden). */
  refusalId: string;
  reason: string;
  orderId?: string | null;
}

/**
 * A manager lifts a refusal, with a reason. Allowed only when the caller holds
 * compliance:override and every violation of the refusal is overridable under the pack; one
 * override per refusal. Returns the override event; checkout proceeds by naming it.
 */
export async function recordOverride(uow: UnitOfWork, input: RecordOverrideInput): Promise<ComplianceEventView> {
  if (!uow.actor.permissions.has('compliance:override')) throw forbidden('compliance:override');
  const organizationId = organizationFor(uow);
  const refusal = await uow.trx
    .selectFrom('compliance_event')
    .selectAll()
    .where('id', '=', input.refusalId)
    .where('organization_id', '=', organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!refusal || refusal.kind !== 'refusal') throw notFound('Refusal', input.refusalId);
  await assertOwnReferences(uow.trx, organizationId, { orderId: input.orderId });
  if (refusal.store_id && uow.actor.storeIds.length > 0 && !uow.actor.storeIds.includes(refusal.store_id)) {
    throw new AppError(403, 'STORE_NOT_ALLOWED', 'You do not have access to this store.', { storeId: refusal.store_id });
  }
  const violations = refusal.violations as LoggedViolation[];
  // Re-derived now: a pack edit since the refusal can only make an override harder, never easier.
  const allowed = refusal.store_id
    ? await overridability(uow.trx, { organizationId, storeId: refusal.store_id, at: refusal.occurred_at, violations })
    : violations.map(() => false);
  const blocked = violations.filter((_, i) => !allowed[i] || violations[i].overridable === false);
  if (blocked.length > 0 || violations.length === 0) {
    throw new AppError(422, 'OVERRIDE_NOT_ALLOWED', `The pack does not let a manager override: ${blocked.map((v) => `${v.code} (${v.rule})`).join(', ') || 'nothing to override'}.`, {
      refusalId: refusal.id,
      violations: blocked.map((v) => ({ code: v.code, rule: v.rule })),
    });
  }
  const existing = await uow.trx.selectFrom('compliance_event').select('id').where('refusal_id', '=', refusal.id).where('kind', '=', 'override').executeTakeFirst();
  if (existing) throw new AppError(409, 'ALREADY_OVERRIDDEN', 'This refusal was already overridden.', { overrideId: existing.id });
  const row = await uow.trx
    .insertInto('compliance_event')
    .values({
      id: uuidv7(),
      organization_id: organizationId,
      store_id: refusal.store_id,
      kind: 'override',
      source: refusal.source,
      customer_id: refusal.customer_id,
      order_id: input.orderId ?? refusal.order_id,
      channel: refusal.channel,
      codes: refusal.codes,
      violations: JSON.stringify(violations),
      reason: input.reason,
      refusal_id: refusal.id,
      jurisdiction: refusal.jurisdiction,
      pack_version: refusal.pack_version,
      actor_type: uow.actor.type,
      actor_id: uow.actor.id,
      request_id: uow.context.requestId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = toView(row);
  await uow.audit({
    action: 'compliance.override.recorded',
    entityType: 'compliance_event',
    entityId: view.id,
    storeId: view.storeId,
    after: { refusalId: refusal.id, customerId: view.customerId, codes: view.codes, rules: violations.map((v) => v.rule) },
    reason: input.reason,
  });
  await uow.emit({
    type: 'compliance.override.recorded',
    aggregateType: 'compliance_event',
    aggregateId: view.id,
    storeId: view.storeId,
    payload: { eventId: view.id, refusalId: refusal.id, customerId: view.customerId, codes: view.codes },
  });
  return view;
}

/** An override event, for checkout to check the one it was handed (same customer, unused order). */
export async function findOverride(db: Db, organizationId: string, overrideId: string): Promise<ComplianceEventView | null> {
  const row = await db.selectFrom('compliance_event').selectAll().where('id', '=', overrideId).where('organization_id', '=', organizationId).where('kind', '=', 'override').executeTakeFirst();
  return row ? toView(row) : null;
}

export interface EventFilter {
  storeId?: string;
  customerId?: string;
  kind?: 'refusal' | 'override';
  source?: string;
  from?: string;
  to?: string;
  limit?: number;
  /** The last event of the page before (its id): the page continues after it, newest first. */
  cursor?: string;
  /** Stores the caller may see; empty = all. */
  storeIds?: readonly string[];
}

/** The most events one page of GET /v1/compliance/events holds, and one CSV file. */
export const EVENTS_PAGE_MAX = 1000;
export const EVENTS_CSV_MAX = 50_000;

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * A date alone is a day at the event's store, as the reports' periods are: `from` its first
 * instant, `to` included through its last (the next day's first instant is the bound). An event
 * with no store goes by UTC.
 */
const dayStartAtStore = (day: string, plusDays: number) =>
  sql<Date>`((${day}::date + ${plusDays}::int)::timestamp at time zone coalesce((select st.timezone from store st where st.id = compliance_event.store_id), 'UTC'))`;

/**
 * A page of events, newest first (occurred_at, then id), and the cursor of the next page when
 * there are more: an inspector reads every event by following it. A cursor that names no event of
 * the organization is 400 at `querystring.cursor`.
 */
export async function listEvents(db: Db, organizationId: string, filter: EventFilter): Promise<{ events: ComplianceEventView[]; nextCursor: string | null }> {
  const limit = filter.limit ?? 100;
  let query = db.selectFrom('compliance_event').selectAll().where('organization_id', '=', organizationId);
  if (filter.storeId) query = query.where('store_id', '=', filter.storeId);
  if (filter.storeIds && filter.storeIds.length > 0) query = query.where('store_id', 'in', [...filter.storeIds]);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.source) query = query.where('source', '=', filter.source);
  if (filter.from) query = query.where('occurred_at', '>=', isDay(filter.from) ? dayStartAtStore(filter.from, 0) : new Date(filter.from));
  if (filter.to) query = query.where('occurred_at', '<', isDay(filter.to) ? dayStartAtStore(filter.to, 1) : new Date(filter.to));
  if (filter.cursor) {
    const after = await db.selectFrom('compliance_event').select('id').where('id', '=', filter.cursor).where('organization_id', '=', organizationId).executeTakeFirst();
    if (!after) throw badRequest('VALIDATION_FAILED', 'The cursor names no compliance event.', [{ path: ['querystring', 'cursor'], message: 'not a cursor this list gave' }]);
    // Compared in SQL, to the microsecond: the event's time read into JavaScript would lose it.
    query = query.where(sql<boolean>`(occurred_at, id) < (select c.occurred_at, c.id from compliance_event c where c.id = ${filter.cursor})`);
  }
  // One more than the page: whether there is a next page, without an empty last one.
  const rows = await query
    .orderBy('occurred_at', 'desc')
    .orderBy(sql`id`, 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return { events: page.map(toView), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

export const CSV_COLUMNS = [
  'occurred_at',
  'kind',
  'source',
  'store_id',
  'jurisdiction',
  'customer_id',
  'order_id',
  'channel',
  'codes',
  'rules',
  'messages',
  'reason',
  'refusal_id',
  'actor_type',
  'actor_id',
  'pack_version',
  'id',
] as const;

/** Spreadsheets run cells that start with = + - @ as formulas; text a person typed must not. */
const cell = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/**
 * Every cell goes through `cell`, not only the messages and the reason: a register logs a refusal
 * with its own codes, rule ids and pack version, so any text column can start with "=".
 */
export function eventsCsv(events: ComplianceEventView[]): string {
  return stringify(
    events.map((e) => {
      const row: Record<(typeof CSV_COLUMNS)[number], string> = {
        occurred_at: e.occurredAt,
        kind: e.kind,
        source: e.source,
        store_id: e.storeId ?? '',
        jurisdiction: e.jurisdiction ?? '',
        customer_id: e.customerId ?? '',
        order_id: e.orderId ?? '',
        channel: e.channel ?? '',
        codes: e.codes.join('|'),
        rules: e.violations.map((v) => v.rule).join('|'),
        messages: e.violations.map((v) => v.message).join(' | '),
        reason: e.reason ?? '',
        refusal_id: e.refusalId ?? '',
        actor_type: e.actorType,
        actor_id: e.actorId ?? '',
        pack_version: e.packVersion ?? '',
        id: e.id,
      };
      return Object.fromEntries(Object.entries(row).map(([column, text]) => [column, cell(text)]));
    }),
    { header: true, columns: [...CSV_COLUMNS] },
  );
}
