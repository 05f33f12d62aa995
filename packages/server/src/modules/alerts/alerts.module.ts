import { LivePatterns } from '../../platform/live-patterns';
import type { Platform } from '../../platform/platform';
import { typeMatches, type PublishedEvent } from '../events/event-types';
import { AlertCheckScheduler } from './alerts.checks';
import { AlertMailer } from './alerts.email';
import { ALERT_RAISED, effectiveRules, raiseAlert, resolveAlertByKey } from './alerts.service';
import { renderTemplate } from './alerts.templates';

export const EVENT_RULES_SUBSCRIBER = 'alerts.events';
export const EMAIL_SUBSCRIBER = 'alerts.email';

const schedulers = new WeakMap<Platform, AlertCheckScheduler>();
const rulePatterns = new WeakMap<Platform, LivePatterns>();

/** How soon another process's new event rule takes effect here. */
const RULE_REFRESH_MS = 2000;

/** After a rule changed here: subscribe to its events from the next publish on. */
export async function refreshRulePatterns(platform: Platform): Promise<void> {
  await rulePatterns.get(platform)?.refresh();
}

/** This process's check scheduler (tests call runNow() instead of waiting for the interval). */
export function alertSchedulerOf(platform: Platform): AlertCheckScheduler | undefined {
  return schedulers.get(platform);
}

/** Applies the organization's event rules to one published event. Idempotent per (rule, event). */
export async function applyEventRules(platform: Platform, event: PublishedEvent): Promise<number> {
  // Alerts never come from alert events: that way lies a loop.
  if (!event.organizationId || event.type.startsWith('alerts.')) return 0;
  const active = (await effectiveRules(platform.database.db, event.organizationId, 'event')).filter((rule) => rule.active);
  const rules = active.filter((rule) => typeMatches([rule.event_pattern as string], event.type));
  let raised = 0;
  // The end of a condition: a rule's resolve event closes its alert with the same dedupe key.
  for (const rule of active.filter((r) => r.resolve_event_pattern && typeMatches([r.resolve_event_pattern], event.type))) {
    const context = { ...event, payload: event.payload ?? {}, ruleKey: rule.key };
    await resolveAlertByKey(platform, { organizationId: event.organizationId, ruleKey: rule.key, dedupeKey: renderTemplate(rule.dedupe_template, context, 500), sourceEventType: event.type });
  }
  for (const rule of rules) {
    const context = { ...event, payload: event.payload ?? {}, ruleKey: rule.key };
    const result = await raiseAlert(platform, {
      organizationId: event.organizationId,
      storeId: event.storeId,
      ruleKey: rule.key,
      kind: renderTemplate(rule.kind, context, 100),
      severity: rule.severity,
      title: renderTemplate(rule.title_template, context),
      details: { event: { id: event.eventId, type: event.type, aggregateType: event.aggregateType, aggregateId: event.aggregateId }, payload: event.payload },
      sourceEventId: event.eventId,
      sourceEventType: event.type,
      dedupeKey: renderTemplate(rule.dedupe_template, context, 500),
      triggerKey: `${rule.key}:event:${event.eventId}`,
    });
    if (result?.created) raised++;
  }
  return raised;
}

/**
 * Event rules and e-mail as outbox subscribers (at least once, retried), and the periodic
 * checks (dead letters, queues that are too old) on a timer. Call right after createPlatform.
 */
export function registerAlertSubscribers(platform: Platform, options: { start?: boolean } = {}): void {
  // Rules are data and may name any event: the subscriber asks for the union of their patterns
  // (organizations' own rules included) and the handler picks each organization's rules.
  const patterns = new LivePatterns(
    async () => {
      const rows = await platform.database.db
        .selectFrom('alert_rule')
        .select(['event_pattern', 'resolve_event_pattern'])
        .where('rule_type', '=', 'event')
        .where('active', '=', true)
        .execute();
      return rows.flatMap((row) => [row.event_pattern as string, ...(row.resolve_event_pattern ? [row.resolve_event_pattern] : [])]);
    },
    RULE_REFRESH_MS,
    platform.logger,
  );
  rulePatterns.set(platform, patterns);
  platform.deliveries.register({
    name: EVENT_RULES_SUBSCRIBER,
    eventTypes: patterns.patterns,
    async handle(event) {
      await applyEventRules(platform, event);
    },
  });
  const mailer = new AlertMailer(platform);
  platform.deliveries.register({ name: EMAIL_SUBSCRIBER, eventTypes: [ALERT_RAISED], handle: (event) => mailer.handle(event) });
  const scheduler = new AlertCheckScheduler(platform, platform.config.ALERT_CHECK_INTERVAL_MS, platform.logger);
  schedulers.set(platform, scheduler);
  if (options.start !== false) {
    scheduler.start();
    patterns.start();
  }
  platform.onClose(async () => {
    await patterns.stop();
    await scheduler.stop();
    mailer.close();
  });
}
