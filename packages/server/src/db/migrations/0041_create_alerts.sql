-- Alerts: rules (built-in ones have no organization; an organization shadows one by key),
-- the alerts they raise, and the triggers already handled (so an event or a dead letter seen
-- twice raises nothing twice).

create table alert_rule (
  id uuid primary key,
  organization_id uuid references organization (id),
  key text not null check (key ~ '^[a-z][a-z0-9_.-]{0,99}$'),
  rule_type text not null check (rule_type in ('event', 'queue_age')),
  event_pattern text,
  source text,
  threshold_minutes integer check (threshold_minutes between 0 and 525600),
  kind text not null check (length(kind) between 1 and 100),
  severity text not null check (severity in ('info', 'warning', 'critical')),
  title_template text not null check (length(title_template) between 1 and 300),
  dedupe_template text not null check (length(dedupe_template) between 1 and 300),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((rule_type = 'event') = (event_pattern is not null)),
  check ((rule_type = 'queue_age') = (source is not null and threshold_minutes is not null))
);
create unique index alert_rule_builtin_key_idx on alert_rule (key) where organization_id is null;
create unique index alert_rule_organization_key_idx on alert_rule (organization_id, key) where organization_id is not null;

create table alert (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid,
  rule_key text not null,
  kind text not null,
  severity text not null check (severity in ('info', 'warning', 'critical')),
  title text not null,
  details jsonb not null default '{}'::jsonb,
  source_event_id uuid,
  source_event_type text,
  status text not null default 'open' check (status in ('open', 'acknowledged', 'resolved')),
  dedupe_key text not null,
  occurrences integer not null default 1 check (occurrences >= 1),
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by text,
  resolved_at timestamptz,
  resolved_by text,
  emailed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One unresolved alert per condition: a repeat counts an occurrence instead of a new alert.
create unique index alert_unresolved_dedupe_idx on alert (organization_id, dedupe_key) where status <> 'resolved';
create index alert_organization_idx on alert (organization_id, created_at desc);

create table alert_trigger (
  organization_id uuid not null,
  trigger_key text not null,
  alert_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (organization_id, trigger_key)
);

insert into alert_rule (id, organization_id, key, rule_type, event_pattern, source, threshold_minutes, kind, severity, title_template, dedupe_template) values
  ('01900000-0000-7000-8000-0000000a0001', null, 'traceability.report_failed', 'event', 'traceability.report.failed', null, null,
   'report_failed', 'critical', 'State report failed: {{payload.reason}}', 'report_failed:{{aggregateId}}'),
  ('01900000-0000-7000-8000-0000000a0002', null, 'traceability.report_queued', 'queue_age', null, 'traceability.reports', 30,
   'report_queued', 'warning', '{{title}}', '{{key}}'),
  ('01900000-0000-7000-8000-0000000a0003', null, 'outbox.dead_letters', 'queue_age', null, 'outbox.dead_letters', 0,
   'dead_letter', 'critical', '{{title}}', '{{key}}'),
  ('01900000-0000-7000-8000-0000000a0004', null, 'inventory.drift', 'event', 'inventory.drift.detected', null, null,
   'inventory_drift', 'critical', 'Inventory drift detected', 'drift:{{storeId}}:{{aggregateId}}'),
  ('01900000-0000-7000-8000-0000000a0005', null, 'inventory.receiving_discrepancy', 'event', 'inventory.receiving.discrepancy', null, null,
   'receiving_discrepancy', 'warning', 'Receiving discrepancy', 'receiving:{{aggregateId}}'),
  ('01900000-0000-7000-8000-0000000a0006', null, 'inventory.low_stock', 'event', 'inventory.stock.low', null, null,
   'low_stock', 'warning', 'Low stock', 'low_stock:{{storeId}}:{{aggregateId}}'),
  ('01900000-0000-7000-8000-0000000a0007', null, 'inventory.alert', 'event', 'inventory.alert.raised', null, null,
   'inventory_{{payload.kind}}', 'warning', '{{payload.message}}', 'inventory:{{aggregateId}}');
