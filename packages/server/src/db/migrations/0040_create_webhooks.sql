-- Outbound webhooks: subscriptions (with their signing secrets and circuit breaker), one delivery
-- row per (subscription, event), and every HTTP attempt of a delivery.

create table webhook_subscription (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  url text not null check (length(url) between 8 and 2000),
  description text not null default '' check (length(description) <= 500),
  event_types text[] not null check (cardinality(event_types) between 1 and 50),
  active boolean not null default true,
  -- The signing secrets are needed in clear to compute HMACs; they never leave the server except
  -- once, when the server generates one. The hint (last characters) is what the API shows.
  secret text not null,
  secret_hint text not null,
  previous_secret text,
  previous_secret_hint text,
  previous_secret_expires_at timestamptz,
  -- Circuit breaker, shared by every process through this row.
  circuit_state text not null default 'closed' check (circuit_state in ('closed', 'open', 'half_open')),
  consecutive_failures integer not null default 0 check (consecutive_failures >= 0),
  circuit_opened_at timestamptz,
  circuit_retry_at timestamptz,
  probe_locked_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((previous_secret is null) = (previous_secret_expires_at is null))
);
create index webhook_subscription_organization_idx on webhook_subscription (organization_id);

create table webhook_delivery (
  id uuid primary key,
  subscription_id uuid not null references webhook_subscription (id) on delete cascade,
  organization_id uuid not null,
  event_id uuid not null,
  event_type text not null,
  -- The exact bytes that are signed and sent, so a retry or a redelivery sends the same body.
  body text not null,
  status text not null default 'pending' check (status in ('pending', 'processing', 'succeeded', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_status_code integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (subscription_id, event_id)
);
create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where status in ('pending', 'processing');
create index webhook_delivery_subscription_idx on webhook_delivery (subscription_id, created_at desc);

create table webhook_delivery_attempt (
  id bigserial primary key,
  delivery_id uuid not null references webhook_delivery (id) on delete cascade,
  attempt integer not null,
  probe boolean not null default false,
  started_at timestamptz not null,
  duration_ms integer not null check (duration_ms >= 0),
  status_code integer,
  outcome text not null check (outcome in ('succeeded', 'http_error', 'timeout', 'network_error')),
  error text
);
create index webhook_delivery_attempt_delivery_idx on webhook_delivery_attempt (delivery_id, id);
