-- Platform tables: organizations and stores, staff and their credentials, the audit log,
-- the event outbox and its deliveries, idempotency keys, and the sequencer's cursor rows.

create table organization (
  id uuid primary key,
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);

create table store (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  name text not null check (length(name) between 1 and 200),
  license_number text not null unique,
  jurisdiction text not null check (jurisdiction ~ '^[A-Z]{2}-[A-Z]{2}$'),
  timezone text not null,
  address jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index store_organization_idx on store (organization_id);

create table staff_user (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  email text not null unique check (email = lower(email)),
  name text not null,
  role text not null check (role in ('owner', 'manager', 'budtender', 'inventory_manager', 'driver', 'auditor')),
  password_hash text not null,
  pin_hash text,
  store_ids uuid[] not null default '{}',
  active boolean not null default true,
  failed_logins integer not null default 0 check (failed_logins >= 0),
  locked_until timestamptz,
  created_at timestamptz not null default now()
);
create index staff_user_organization_idx on staff_user (organization_id);

-- The token itself is never stored: id is the SHA-256 of the cookie value.
create table staff_session (
  id text primary key,
  user_id uuid not null references staff_user (id),
  -- On a register, the budtender who signed in with a PIN acts instead of the session owner.
  active_user_id uuid references staff_user (id),
  store_id uuid references store (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index staff_session_user_idx on staff_session (user_id);

create table api_key (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  name text not null,
  prefix text not null unique,
  key_hash text not null,
  scopes text[] not null,
  created_by uuid references staff_user (id),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);

-- Append-only. Rows are written unsealed inside the business transaction; the sequencer seals
-- them just after commit (chain_seq, prev_hash, hash) so that no checkout waits on the chain.
create table audit_log (
  id bigserial primary key,
  occurred_at timestamptz not null default date_trunc('milliseconds', clock_timestamp()),
  organization_id uuid,
  store_id uuid,
  actor_type text not null,
  actor_id text,
  action text not null,
  entity_type text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  reason text,
  request_id text,
  chain_seq bigint unique,
  prev_hash text,
  hash text
);
create index audit_log_unsealed_idx on audit_log (id) where chain_seq is null;
create index audit_log_entity_idx on audit_log (entity_type, entity_id, occurred_at);
create index audit_log_actor_idx on audit_log (actor_id, occurred_at);
create index audit_log_org_time_idx on audit_log (organization_id, occurred_at);

-- published_seq is given by the sequencer after commit, in one order every process agrees on;
-- SSE clients resume from it (Last-Event-ID).
create table outbox_event (
  id bigserial primary key,
  event_id uuid not null unique,
  type text not null,
  organization_id uuid,
  store_id uuid,
  aggregate_type text not null,
  aggregate_id text not null,
  payload jsonb not null,
  created_at timestamptz not null default clock_timestamp(),
  published_seq bigint unique,
  published_at timestamptz
);
create index outbox_event_unpublished_idx on outbox_event (id) where published_seq is null;

create table outbox_delivery (
  id bigserial primary key,
  event_id bigint not null references outbox_event (id),
  subscriber text not null,
  status text not null default 'pending' check (status in ('pending', 'processing', 'done', 'dead')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (subscriber, event_id)
);
create index outbox_delivery_due_idx on outbox_delivery (next_attempt_at) where status in ('pending', 'processing');
create index outbox_delivery_dead_idx on outbox_delivery (id) where status = 'dead';

create table idempotency_key (
  scope text not null,
  key text not null,
  request_hash text not null,
  response_status integer not null,
  response_body jsonb,
  created_at timestamptz not null default now(),
  primary key (scope, key)
);

create table sequencer_state (
  name text primary key,
  last_seq bigint not null default 0,
  last_hash text
);
insert into sequencer_state (name, last_seq, last_hash) values ('audit', 0, null), ('outbox', 0, null);
