-- State traceability (Metrc, BioTrack): per-store connection settings, the durable queue of
-- reports filed by the outbox subscriber, reconciliation runs and their differences, Metrc item →
-- SKU mappings for incoming transfers, and the transfers already imported.

create table trace_store_config (
  store_id uuid primary key references store (id),
  organization_id uuid not null references organization (id),
  engine text not null check (engine in ('metrc', 'biotrack', 'none')),
  -- Null: the engine's public host for the store's state. Set: a proxy, a sandbox, the simulator.
  base_url text check (base_url is null or base_url ~ '^https?://'),
  license_number text not null check (length(license_number) between 1 and 100),
  -- AES-256-GCM of the engine's keys (v1:<key id>:<iv>:<tag>:<ciphertext>); never returned by the
  -- API. The hint (last characters of the user key) is what people see.
  credentials_encrypted text,
  credentials_hint text,
  mode text not null default 'realtime' check (mode in ('realtime', 'batched')),
  batch_minutes integer not null default 5 check (batch_minutes between 1 and 1440),
  -- Sell while the state system is down? Null: the state's policy decides (default: keep selling).
  block_sales_when_down boolean,
  -- Circuit breaker over the state system, shared by every process through this row.
  consecutive_failures integer not null default 0 check (consecutive_failures >= 0),
  paused_until timestamptz,
  last_error text,
  last_success_at timestamptz,
  last_reconciled_at timestamptz,
  last_pulled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index trace_store_config_organization_idx on trace_store_config (organization_id);

create table trace_report (
  id uuid primary key,
  organization_id uuid not null,
  store_id uuid not null,
  kind text not null check (kind in ('sale', 'void', 'return', 'adjustment')),
  -- One report per business fact (sale:<orderId>, void:<orderId>, return:<returnId>, …), so a
  -- redelivered or re-emitted event never files twice.
  dedupe_key text not null unique,
  event_id uuid not null,
  order_id text,
  payload jsonb not null,
  -- When the fact happened (the sale's completedAt): what the state is told, however late.
  occurred_at timestamptz not null,
  status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed', 'resolved')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  -- An earlier attempt may have reached the state (lost answer, crash mid-call): look it up first.
  needs_lookup boolean not null default false,
  external_id text,
  already_reported boolean,
  last_error text,
  last_error_kind text,
  sent_at timestamptz,
  failed_at timestamptz,
  resolved_at timestamptz,
  resolved_by uuid,
  resolution_note text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index trace_report_due_idx on trace_report (next_attempt_at) where status in ('queued', 'sending');
create index trace_report_store_status_idx on trace_report (store_id, status, occurred_at);
create index trace_report_order_idx on trace_report (order_id) where order_id is not null;
create index trace_report_event_idx on trace_report (event_id);

create table trace_reconciliation (
  id uuid primary key,
  organization_id uuid not null,
  store_id uuid not null,
  trigger text not null check (trigger in ('schedule', 'api')),
  status text not null check (status in ('succeeded', 'failed')),
  checked integer not null default 0,
  differences integer not null default 0,
  held integer not null default 0,
  error text,
  started_at timestamptz not null,
  finished_at timestamptz not null default now()
);
create index trace_reconciliation_store_idx on trace_reconciliation (store_id, started_at desc);

create table trace_difference (
  id uuid primary key,
  reconciliation_id uuid not null references trace_reconciliation (id) on delete cascade,
  organization_id uuid not null,
  store_id uuid not null,
  package_label text not null,
  kind text not null check (kind in ('quantity_mismatch', 'missing_in_state', 'missing_locally', 'status_mismatch')),
  local jsonb,
  state jsonb,
  action text,
  created_at timestamptz not null default now()
);
create index trace_difference_run_idx on trace_difference (reconciliation_id);

create table trace_item_mapping (
  organization_id uuid not null,
  state_item_name text not null check (length(state_item_name) between 1 and 300),
  sku_id uuid not null,
  unit text not null check (unit in ('each', 'mg')),
  updated_at timestamptz not null default now(),
  primary key (organization_id, state_item_name)
);

create table trace_transfer_import (
  store_id uuid not null,
  manifest_number text not null,
  organization_id uuid not null,
  status text not null check (status in ('imported', 'needs_mapping', 'failed')),
  manifest_id uuid,
  detail jsonb not null default '{}'::jsonb,
  updated_at timestamptz not null default now(),
  primary key (store_id, manifest_number)
);
