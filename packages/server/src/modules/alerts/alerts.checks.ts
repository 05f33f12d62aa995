import { sql } from 'kysely';
import type { Logger } from '../../platform/logger';
import type { Platform } from '../../platform/platform';
import type { Db } from '../../platform/unit-of-work';
import { raiseAlert, type RuleRow } from './alerts.service';
import { renderTemplate } from './alerts.templates';

/** One thing a periodic check found: an item stuck in some queue for too long. */
export interface AlertFinding {
  organizationId: string;
  storeId?: string | null;
  /** The condition, used by the rule's dedupe template as `{{key}}`. */
  key: string;
  /** This sighting; the same trigger never raises twice (e.g. `dead_letter:<id>:<time>`). */
  triggerKey: string;
  title: string;
  details?: Record<string, unknown>;
}

export interface AlertCheckContext {
  db: Db;
  /** Items older than this many minutes count. */
  thresholdMinutes: number;
  /** Only this organization's items, when the rule belongs to one. */
  organizationId: string | null;
}

/** A periodic check named by `queue_age` rules' `source`. Reads only; never writes. */
export type AlertCheck = (context: AlertCheckContext) => Promise<AlertFinding[]>;

// Process-wide: a module registers its checks once, whichever platform runs them.
const checks = new Map<string, AlertCheck>();

/**
 * Makes a check available to `queue_age` rules whose source is `source`. Modules register their
 * own (traceability: 'traceability.reports', the queue of reports waiting for the state).
 * Registering the same source again replaces the check.
 */
export function registerAlertCheck(source: string, check: AlertCheck): void {
  checks.set(source, check);
}

export function registeredAlertChecks(): string[] {
  return [...checks.keys()].sort();
}

/** Outbox deliveries that gave up (dead letters), grouped per subscriber. */
export const deadLettersCheck: AlertCheck = async ({ db, thresholdMinutes, organizationId }) => {
  let query = db
    .selectFrom('outbox_delivery as d')
    .innerJoin('outbox_event as e', 'e.id', 'd.event_id')
    .select(['d.id', 'd.subscriber', 'd.attempts', 'd.last_error', 'd.updated_at', 'e.organization_id', 'e.store_id', 'e.type', 'e.event_id'])
    .where('d.status', '=', 'dead')
    .where('e.organization_id', 'is not', null)
    .where('d.updated_at', '<=', sql<Date>`now() - make_interval(mins => ${thresholdMinutes})`);
  if (organizationId) query = query.where('e.organization_id', '=', organizationId);
  // Newest first: dead letters stay dead until someone retries them, and read oldest first, the
  // first 1,000 (all alerted on long ago) hid every later one from the check for good.
  const rows = await query.orderBy('d.updated_at', 'desc').orderBy('d.id', 'desc').limit(1000).execute();
  // One alert per subscriber, whichever stores its events were of: an alert of every store, so
  // each store's staff see it and only staff of every store settle it (its first dead letter's
  // store would hide the others' from their managers, and let that store's manager close them all).
  return rows.map((row) => ({
    organizationId: row.organization_id as string,
    storeId: null,
    key: `dead_letter:${row.subscriber}`,
    triggerKey: `dead_letter:${row.id}:${new Date(row.updated_at).getTime()}`,
    title: `Deliveries to ${row.subscriber} gave up after ${row.attempts} tries`,
    details: { deliveryId: row.id, subscriber: row.subscriber, eventId: row.event_id, eventType: row.type, storeId: row.store_id, attempts: row.attempts, lastError: row.last_error },
  }));
};
registerAlertCheck('outbox.dead_letters', deadLettersCheck);

/** Runs every active queue_age rule once. Returns how many new alerts were raised. */
export async function runAlertChecks(platform: Platform): Promise<number> {
  const { db } = platform.database;
  const rules = await db.selectFrom('alert_rule').selectAll().where('rule_type', '=', 'queue_age').execute();
  // An organization's rule replaces the built-in one with the same key, for that organization,
  // whatever its type (an event rule under a built-in check's key retires the check).
  const overridden = new Map<string, Set<string>>();
  const replacing = await db.selectFrom('alert_rule').select(['key', 'organization_id']).where('organization_id', 'is not', null).execute();
  for (const rule of replacing) overridden.set(rule.key, (overridden.get(rule.key) ?? new Set()).add(rule.organization_id!));
  let raised = 0;
  for (const rule of rules.filter((r) => r.active)) {
    const check = checks.get(rule.source as string);
    if (!check) continue; // its module has not registered the check (yet)
    const findings = (await check({ db, thresholdMinutes: rule.threshold_minutes ?? 0, organizationId: rule.organization_id })).filter(
      (finding) => rule.organization_id !== null || !overridden.get(rule.key)?.has(finding.organizationId),
    );
    // Most findings were seen on an earlier run: skip those without opening a transaction each.
    const seen = new Set<string>();
    for (let i = 0; i < findings.length; i += 500) {
      const chunk = findings.slice(i, i + 500);
      const rows = await db
        .selectFrom('alert_trigger')
        .select(['organization_id', 'trigger_key'])
        .where('organization_id', 'in', [...new Set(chunk.map((f) => f.organizationId))])
        .where('trigger_key', 'in', chunk.map((f) => `${rule.key}:${f.triggerKey}`))
        .execute();
      for (const row of rows) seen.add(`${row.organization_id} ${row.trigger_key}`);
    }
    for (const finding of findings) {
      if (seen.has(`${finding.organizationId} ${rule.key}:${finding.triggerKey}`)) continue;
      if (await raiseFromFinding(platform, rule, finding)) raised++;
    }
  }
  return raised;
}

async function raiseFromFinding(platform: Platform, rule: RuleRow, finding: AlertFinding): Promise<boolean> {
  const context = { ...finding, thresholdMinutes: rule.threshold_minutes, details: finding.details ?? {} };
  const result = await raiseAlert(platform, {
    organizationId: finding.organizationId,
    storeId: finding.storeId ?? null,
    ruleKey: rule.key,
    kind: renderTemplate(rule.kind, context, 100),
    severity: rule.severity,
    title: renderTemplate(rule.title_template, context),
    details: finding.details,
    dedupeKey: renderTemplate(rule.dedupe_template, context, 500),
    triggerKey: `${rule.key}:${finding.triggerKey}`,
  });
  return result?.created ?? false;
}

/** Runs the checks on a timer, one pass at a time. */
export class AlertCheckScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(
    private readonly platform: Platform,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      void this.runNow().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    this.timer = setTimeout(tick, this.intervalMs);
  }

  runNow(): Promise<unknown> {
    this.running ??= runAlertChecks(this.platform)
      .catch((error) => this.logger.error({ err: error }, 'alert checks failed; retrying on the next tick'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
