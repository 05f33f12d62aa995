-- Registers: the tills of a store, their cash sessions (float → sales, drops, paid-ins/outs →
-- counted close with over/short), the customer check-in queue and parked carts.
-- Money is integer cents. Staff are referred to by actor id (text), like the audit log; the
-- acting budtender (after a PIN switch) is recorded on every cash event.

create table register (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  name text not null check (length(name) between 1 and 100),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  unique (store_id, name)
);
create index register_store_idx on register (store_id);

-- Counters move in one conditional UPDATE each; expected cash is derived from them and may never
-- go below zero (a drop or paid-out cannot take out cash the drawer does not hold).
create table register_session (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  register_id uuid not null references register (id),
  status text not null default 'open' check (status in ('open', 'closed')),
  opened_by text not null,
  opened_at timestamptz not null default now(),
  float_cents bigint not null check (float_cents >= 0),
  float_denominations jsonb,
  cash_sales_cents bigint not null default 0 check (cash_sales_cents >= 0),
  change_out_cents bigint not null default 0 check (change_out_cents >= 0),
  cash_refunds_cents bigint not null default 0 check (cash_refunds_cents >= 0),
  drops_cents bigint not null default 0 check (drops_cents >= 0),
  paid_in_cents bigint not null default 0 check (paid_in_cents >= 0),
  paid_out_cents bigint not null default 0 check (paid_out_cents >= 0),
  sale_count integer not null default 0 check (sale_count >= 0),
  closed_by text,
  closed_at timestamptz,
  counted_cents bigint check (counted_cents is null or counted_cents >= 0),
  counted_denominations jsonb,
  expected_cents bigint,
  over_short_cents bigint,
  close_note text check (close_note is null or length(close_note) <= 1000),
  reviewed_by text,
  reviewed_at timestamptz,
  review_note text check (review_note is null or length(review_note) <= 1000),
  check (float_cents + cash_sales_cents - change_out_cents - cash_refunds_cents - drops_cents - paid_out_cents + paid_in_cents >= 0),
  check ((status = 'open') = (closed_at is null)),
  check (status = 'open' or (counted_cents is not null and expected_cents is not null and closed_by is not null
         and over_short_cents = counted_cents - expected_cents)),
  check (reviewed_at is null or status = 'closed')
);
-- One open session per register.
create unique index register_session_open_idx on register_session (register_id) where status = 'open';
create index register_session_store_idx on register_session (store_id, opened_at desc);

-- Append-only: every movement of drawer cash, with who did it.
create table register_session_event (
  id uuid primary key,
  session_id uuid not null references register_session (id),
  organization_id uuid not null,
  store_id uuid not null,
  kind text not null check (kind in ('open', 'cash_sale', 'cash_refund', 'drop', 'paid_in', 'paid_out', 'close', 'review')),
  amount_cents bigint not null default 0 check (amount_cents >= 0),
  change_out_cents bigint not null default 0 check (change_out_cents >= 0),
  order_id uuid,
  reason text check (reason is null or length(reason) <= 500),
  witness_id text,
  denominations jsonb,
  actor_type text not null,
  actor_id text,
  created_at timestamptz not null default clock_timestamp(),
  check (kind not in ('paid_in', 'paid_out') or reason is not null)
);
create index register_session_event_session_idx on register_session_event (session_id, created_at);
-- A sale moves the drawer once, however often completion is retried.
create unique index register_session_event_sale_idx on register_session_event (session_id, order_id, kind)
  where order_id is not null;

create table register_queue_entry (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  source text not null check (source in ('walk_in', 'online_pickup')),
  customer_id uuid,
  customer_name text check (customer_name is null or length(customer_name) between 1 and 200),
  order_id uuid,
  id_checked boolean not null default false,
  id_checked_by text,
  id_checked_at timestamptz,
  status text not null default 'waiting' check (status in ('waiting', 'serving', 'done', 'left')),
  budtender_id text,
  note text check (note is null or length(note) <= 500),
  created_by text,
  checked_in_at timestamptz not null default clock_timestamp(),
  serving_at timestamptz,
  finished_at timestamptz,
  check (customer_id is not null or customer_name is not null),
  check (id_checked = (id_checked_at is not null)),
  check (status <> 'waiting' or serving_at is null),
  check (status not in ('serving', 'done') or serving_at is not null),
  check ((status in ('done', 'left')) = (finished_at is not null)),
  check (status <> 'serving' or budtender_id is not null)
);
create index register_queue_open_idx on register_queue_entry (store_id, checked_in_at) where status in ('waiting', 'serving');
create index register_queue_store_idx on register_queue_entry (store_id, checked_in_at desc);

create table register_parked_cart (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  register_id uuid not null references register (id),
  label text not null check (length(label) between 1 and 100),
  payload jsonb not null check (octet_length(payload::text) <= 65536),
  status text not null default 'parked' check (status in ('parked', 'resumed', 'discarded')),
  parked_by text,
  parked_at timestamptz not null default now(),
  expires_at timestamptz not null,
  resumed_by text,
  resumed_at timestamptz,
  check (expires_at > parked_at),
  check ((status = 'parked') = (resumed_at is null))
);
create index register_parked_cart_register_idx on register_parked_cart (register_id, parked_at) where status = 'parked';
