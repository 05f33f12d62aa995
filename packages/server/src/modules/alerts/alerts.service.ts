import { sql, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { systemActor, systemContext, type Actor } from '../../platform/context';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors';
import { assertEveryStore, assertStoreAccess } from '../../platform/http';
import type { Platform } from '../../platform/platform';
import { inTransaction, type Db, type UnitOfWork } from '../../platform/unit-of-work';
import type { AlertRuleTable, AlertRuleType, AlertSeverity, AlertStatus, AlertTable } from './alerts.tables';
import { templateProblem } from './alerts.templates';
import { registeredAlertChecks } from './alerts.checks';

export const ALERT_RAISED = 'alerts.alert.raised';
export const ALERT_ACKNOWLEDGED = 'alerts.alert.acknowledged';
export const ALERT_RESOLVED = 'alerts.alert.resolved';

const severityRank: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };
export const severityAtLeast = (severity: AlertSeverity, minimum: AlertSeverity) => severityRank[severity] >= severityRank[minimum];

export interface NewAlert {
  organizationId: string;
  storeId?: string | null;
  ruleKey: string;
  kind: string;
  severity: AlertSeverity;
  title: string;
  details?: Record<string, unknown>;
  sourceEventId?: string | null;
  sourceEventType?: string | null;
  /** The condition: while an alert with this key is unresolved, a repeat only counts an occurrence. */
  dedupeKey: string;
  /** This sighting of the condition (an event id, a dead letter): seen twice, counted once. */
  triggerKey: string;
}

export interface AlertView {
  id: string;
  storeId: string | null;
  ruleKey: string;
  kind: string;
  severity: AlertSeverity;
  title: string;
  details: unknown;
  sourceEventId: string | null;
  sourceEventType: string | null;
  status: AlertStatus;
  dedupeKey: string;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function toAlertView(row: Selectable<AlertTable>): AlertView {
  return {
    id: row.id,
    storeId: row.store_id,
    ruleKey: row.rule_key,
    kind: row.kind,
    severity: row.severity,
    title: row.title,
    details: row.details,
    sourceEventId: row.source_event_id,
    sourceEventType: row.source_event_type,
    status: row.status,
    dedupeKey: row.dedupe_key,
    occurrences: row.occurrences,
    firstSeenAt: iso(row.first_seen_at) as string,
    lastSeenAt: iso(row.last_seen_at) as string,
    acknowledgedAt: iso(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: iso(row.resolved_at),
    resolvedBy: row.resolved_by,
  };
}

/**
 * Raises an alert in its own transaction (system actor). Returns the alert and whether it is new.
 * A trigger seen before does nothing; a condition already alerted and unresolved counts one more
 * occurrence and raises no new event, so a repeating condition does not spam.
 */
export async function raiseAlert(platform: Platform, alert: NewAlert): Promise<{ id: string; created: boolean } | null> {
  return inTransaction(platform.tx, systemContext(alert.organizationId), (uow) => raiseAlertIn(uow, alert));
}

export async function raiseAlertIn(uow: UnitOfWork, alert: NewAlert): Promise<{ id: string; created: boolean } | null> {
  const id = uuidv7();
  const trigger = await uow.trx
    .insertInto('alert_trigger')
    .values({ organization_id: alert.organizationId, trigger_key: alert.triggerKey.slice(0, 500), alert_id: id })
    .onConflict((oc) => oc.columns(['organization_id', 'trigger_key']).doNothing())
    .returning('alert_id')
    .executeTakeFirst();
  if (!trigger) return null;
  const now = new Date();
  const row = await uow.trx
    .insertInto('alert')
    .values({
      id,
      organization_id: alert.organizationId,
      store_id: alert.storeId ?? null,
      rule_key: alert.ruleKey,
      kind: alert.kind.slice(0, 100) || 'alert',
      severity: alert.severity,
      title: alert.title.slice(0, 300) || alert.ruleKey,
      details: JSON.stringify(alert.details ?? {}),
      source_event_id: alert.sourceEventId ?? null,
      source_event_type: alert.sourceEventType ?? null,
      dedupe_key: alert.dedupeKey.slice(0, 500),
      first_seen_at: now,
      last_seen_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'dedupe_key'])
        .where('status', '<>', sql.lit('resolved'))
        .doUpdateSet((eb) => ({ occurrences: eb('alert.occurrences', '+', 1), last_seen_at: now, updated_at: now })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  const created = row.id === id;
  if (!created) {
    await uow.trx.updateTable('alert_trigger').set({ alert_id: row.id }).where('organization_id', '=', alert.organizationId).where('trigger_key', '=', alert.triggerKey.slice(0, 500)).execute();
    return { id: row.id, created };
  }
  const view = toAlertView(row);
  await uow.audit({ action: 'alerts.alert.raised', entityType: 'alert', entityId: id, storeId: view.storeId, after: view });
  await uow.emit({ type: ALERT_RAISED, aggregateType: 'alert', aggregateId: id, storeId: view.storeId, payload: { ...view } });
  return { id, created };
}

export interface AlertFilter {
  status?: AlertStatus | 'unresolved';
  severity?: AlertSeverity;
  kind?: string;
  storeId?: string;
  before?: string;
  limit: number;
}

/** `storeIds`: the stores the caller may see (storesVisibleTo), or null for every store. */
export async function listAlerts(db: Db, organizationId: string, storeIds: readonly string[] | null, filter: AlertFilter): Promise<AlertView[]> {
  let query = db.selectFrom('alert').selectAll().where('organization_id', '=', organizationId);
  if (filter.status === 'unresolved') query = query.where('status', '<>', 'resolved');
  else if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.severity) query = query.where('severity', '=', filter.severity);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.storeId) query = query.where('store_id', '=', filter.storeId);
  if (filter.before) query = query.where('id', '<', filter.before);
  // Staff limited to some stores see those stores' alerts and the organization-wide ones.
  if (storeIds) query = query.where((eb) => eb.or([eb('store_id', 'is', null), eb('store_id', 'in', [...storeIds])]));
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(toAlertView);
}

/** 404 for another organization's alert; 403 STORE_NOT_ALLOWED for one of a store outside the caller's. */
export async function getAlert(db: Db, organizationId: string, actor: Actor, id: string): Promise<AlertView> {
  const row = await db.selectFrom('alert').selectAll().where('id', '=', id).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) throw notFound('Alert', id);
  if (row.store_id !== null) assertStoreAccess(actor, row.store_id);
  return toAlertView(row);
}

/** open → acknowledged → resolved (or open → resolved). Each step is audited and emitted. */
export async function changeAlertStatus(
  uow: UnitOfWork,
  organizationId: string,
  id: string,
  to: 'acknowledged' | 'resolved',
  note: string | null,
): Promise<AlertView> {
  const { actor } = uow;
  const before = await uow.trx.selectFrom('alert').selectAll().where('id', '=', id).where('organization_id', '=', organizationId).forUpdate().executeTakeFirst();
  if (!before) throw notFound('Alert', id);
  // An alert of no one store (a dead letter, a stuck queue) concerns every store: staff limited to
  // some stores see it, but settling it would take it off the open list of those who run them all.
  if (before.store_id !== null) assertStoreAccess(actor, before.store_id);
  else assertEveryStore(actor, 'acknowledge or resolve an alert that concerns every store');
  if (before.status === 'resolved') throw conflict('ALERT_ALREADY_RESOLVED', 'This alert is resolved already.');
  if (to === 'acknowledged' && before.status === 'acknowledged') throw conflict('ALERT_ALREADY_ACKNOWLEDGED', 'This alert is acknowledged already.');
  const now = new Date();
  const by = `${actor.type}:${actor.id ?? 'unknown'}`;
  const row = await uow.trx
    .updateTable('alert')
    .set(
      to === 'acknowledged'
        ? { status: 'acknowledged', acknowledged_at: now, acknowledged_by: by, updated_at: now }
        : { status: 'resolved', resolved_at: now, resolved_by: by, updated_at: now },
    )
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = toAlertView(row);
  await uow.audit({
    action: to === 'acknowledged' ? 'alerts.alert.acknowledged' : 'alerts.alert.resolved',
    entityType: 'alert',
    entityId: id,
    storeId: view.storeId,
    before: { status: before.status },
    after: { status: view.status },
    reason: note,
  });
  await uow.emit({
    type: to === 'acknowledged' ? ALERT_ACKNOWLEDGED : ALERT_RESOLVED,
    aggregateType: 'alert',
    aggregateId: id,
    storeId: view.storeId,
    payload: { id, kind: view.kind, severity: view.severity, title: view.title, status: view.status, by, note },
  });
  return view;
}

/**
 * The condition ended (a rule's resolve event): resolves the unresolved alert of this rule with
 * this dedupe key, in its own transaction, as the system acting for that event. Nothing to
 * resolve (or resolved meanwhile) is not an error.
 */
export async function resolveAlertByKey(platform: Platform, input: { organizationId: string; ruleKey: string; dedupeKey: string; sourceEventType: string }): Promise<string | null> {
  const context = { ...systemContext(input.organizationId), actor: { ...systemActor, organizationId: input.organizationId, id: input.sourceEventType } };
  return inTransaction(platform.tx, context, async (uow) => {
    const open = await uow.trx
      .selectFrom('alert')
      .select('id')
      .where('organization_id', '=', input.organizationId)
      .where('rule_key', '=', input.ruleKey)
      .where('dedupe_key', '=', input.dedupeKey.slice(0, 500))
      .where('status', '<>', 'resolved')
      .executeTakeFirst();
    if (!open) return null;
    try {
      await changeAlertStatus(uow, input.organizationId, open.id, 'resolved', `condition ended (${input.sourceEventType})`);
    } catch (error) {
      if (error instanceof AppError && error.code === 'ALERT_ALREADY_RESOLVED') return null;
      throw error;
    }
    return open.id;
  });
}

// ---- rules ----------------------------------------------------------------------------------

export interface RuleView {
  key: string;
  builtIn: boolean;
  ruleType: AlertRuleType;
  eventPattern: string | null;
  resolveEventPattern: string | null;
  source: string | null;
  thresholdMinutes: number | null;
  kind: string;
  severity: AlertSeverity;
  titleTemplate: string;
  dedupeTemplate: string;
  active: boolean;
}

export type RuleRow = Selectable<AlertRuleTable>;

export function toRuleView(row: RuleRow): RuleView {
  return {
    key: row.key,
    builtIn: row.organization_id === null,
    ruleType: row.rule_type,
    eventPattern: row.event_pattern,
    resolveEventPattern: row.resolve_event_pattern,
    source: row.source,
    thresholdMinutes: row.threshold_minutes,
    kind: row.kind,
    severity: row.severity,
    titleTemplate: row.title_template,
    dedupeTemplate: row.dedupe_template,
    active: row.active,
  };
}

/** The rules in force for an organization: its own, and the built-in ones it did not replace. */
export async function effectiveRules(db: Db, organizationId: string, ruleType?: AlertRuleType): Promise<RuleRow[]> {
  const rows = await db
    .selectFrom('alert_rule')
    .selectAll()
    .where((eb) => eb.or([eb('organization_id', 'is', null), eb('organization_id', '=', organizationId)]))
    .orderBy('key')
    .execute();
  // Replacing is by key whatever the type: an own queue_age rule retires the built-in event rule
  // of its key too, so which built-ins are replaced is worked out before filtering by type.
  const own = new Set(rows.filter((r) => r.organization_id !== null).map((r) => r.key));
  return rows.filter((r) => (r.organization_id !== null || !own.has(r.key)) && (!ruleType || r.rule_type === ruleType));
}

export interface RuleInput {
  ruleType: AlertRuleType;
  eventPattern?: string;
  resolveEventPattern?: string;
  source?: string;
  thresholdMinutes?: number;
  kind: string;
  severity: AlertSeverity;
  titleTemplate: string;
  dedupeTemplate: string;
  active?: boolean;
}

const EVENT_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;

/** Creates or replaces the organization's rule with this key (replacing a built-in one shadows it). */
export async function putRule(uow: UnitOfWork, organizationId: string, key: string, input: RuleInput): Promise<RuleView> {
  const problems: Array<{ path: Array<string | number>; message: string }> = [];
  if (input.ruleType === 'event') {
    if (!input.eventPattern || !EVENT_PATTERN.test(input.eventPattern)) problems.push({ path: ['body', 'eventPattern'], message: 'an event type or a prefix such as "inventory.*"' });
    else if (input.eventPattern === '*' || input.eventPattern.startsWith('alerts.')) problems.push({ path: ['body', 'eventPattern'], message: 'alerts cannot be raised from alert events' });
    if (input.resolveEventPattern !== undefined && (!EVENT_PATTERN.test(input.resolveEventPattern) || input.resolveEventPattern === '*' || input.resolveEventPattern.startsWith('alerts.'))) {
      problems.push({ path: ['body', 'resolveEventPattern'], message: 'an event type or a prefix such as "inventory.*", not an alert event' });
    }
  } else {
    // A check no module registers would never run: the rule would watch nothing, silently.
    if (!input.source || !registeredAlertChecks().includes(input.source)) {
      problems.push({ path: ['body', 'source'], message: `the name of a registered check: ${registeredAlertChecks().join(', ')}` });
    }
    if (input.thresholdMinutes === undefined) problems.push({ path: ['body', 'thresholdMinutes'], message: 'required for a queue_age rule' });
  }
  for (const field of ['kind', 'titleTemplate', 'dedupeTemplate'] as const) {
    const problem = templateProblem(input[field]);
    if (problem) problems.push({ path: ['body', field], message: problem });
  }
  if (problems.length > 0) throw badRequest('ALERT_RULE_INVALID', problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; '), problems);

  const values = {
    rule_type: input.ruleType,
    event_pattern: input.ruleType === 'event' ? (input.eventPattern as string) : null,
    resolve_event_pattern: input.ruleType === 'event' ? (input.resolveEventPattern ?? null) : null,
    source: input.ruleType === 'queue_age' ? (input.source as string) : null,
    threshold_minutes: input.ruleType === 'queue_age' ? (input.thresholdMinutes as number) : null,
    kind: input.kind,
    severity: input.severity,
    title_template: input.titleTemplate,
    dedupe_template: input.dedupeTemplate,
    active: input.active ?? true,
    updated_at: new Date(),
  };
  const lockOwn = () => uow.trx.selectFrom('alert_rule').selectAll().where('organization_id', '=', organizationId).where('key', '=', key).forUpdate().executeTakeFirst();
  let before = await lockOwn();
  let row: RuleRow | undefined;
  if (!before) {
    // `for update` locks nothing while the rule does not exist: two first PUTs of a key both get
    // here. The loser of the insert waits for the winner and then replaces its rule, as a PUT
    // that came second does.
    row = await uow.trx
      .insertInto('alert_rule')
      .values({ id: uuidv7(), organization_id: organizationId, key, ...values })
      .onConflict((oc) => oc.columns(['organization_id', 'key']).where('organization_id', 'is not', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) before = await lockOwn();
  }
  if (before) row = await uow.trx.updateTable('alert_rule').set(values).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
  if (!row) throw conflict('ALERT_RULE_CHANGED', 'This rule changed while it was being saved; send the request again.');
  const view = toRuleView(row);
  await uow.audit({ action: before ? 'alerts.rule.updated' : 'alerts.rule.created', entityType: 'alert_rule', entityId: row.id, before: before ? toRuleView(before) : undefined, after: view });
  return view;
}
