import type { ColumnType, Generated } from 'kysely';

// Kysely's view of the alert tables (migration 0041_create_alerts.sql).
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertStatus = 'open' | 'acknowledged' | 'resolved';
export type AlertRuleType = 'event' | 'queue_age';

export interface AlertRuleTable {
  id: string;
  organization_id: string | null;
  key: string;
  rule_type: AlertRuleType;
  event_pattern: string | null;
  /** The event that ends the condition: resolves this rule's unresolved alert with the same dedupe key. */
  resolve_event_pattern: string | null;
  source: string | null;
  threshold_minutes: number | null;
  /** A template, like the title: `inventory_{{payload.kind}}`. */
  kind: string;
  severity: AlertSeverity;
  title_template: string;
  dedupe_template: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AlertTable {
  id: string;
  organization_id: string;
  store_id: string | null;
  rule_key: string;
  kind: string;
  severity: AlertSeverity;
  title: string;
  details: Json;
  source_event_id: string | null;
  source_event_type: string | null;
  status: Generated<AlertStatus>;
  dedupe_key: string;
  occurrences: Generated<number>;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  emailed_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AlertTriggerTable {
  organization_id: string;
  trigger_key: string;
  alert_id: string;
  created_at: Timestamp;
}

export interface AlertTables {
  alert_rule: AlertRuleTable;
  alert: AlertTable;
  alert_trigger: AlertTriggerTable;
}
