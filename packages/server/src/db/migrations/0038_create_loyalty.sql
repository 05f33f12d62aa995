-- Loyalty: one program per organization (the engine's loyaltyProgramSchema document), an account
-- per customer with counters guarded by CHECKs, and an append-only points ledger.
-- Balance moves by one conditional UPDATE (balance_points >= n), so it never goes negative under
-- concurrent redemptions.

create table loyalty_program (
  organization_id uuid primary key references organization (id),
  definition jsonb not null,
  active boolean not null default true,
  version integer not null default 1 check (version >= 1),
  updated_by text,
  updated_at timestamptz not null default now()
);

create table loyalty_account (
  organization_id uuid not null references organization (id),
  customer_id uuid not null,
  balance_points integer not null default 0 check (balance_points >= 0),
  lifetime_points integer not null default 0 check (lifetime_points >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, customer_id)
);

create table loyalty_entry (
  id uuid primary key,
  organization_id uuid not null,
  customer_id uuid not null,
  kind text not null check (kind in ('earn', 'redeem', 'reverse', 'adjust')),
  -- Signed: what the entry did to the balance.
  points integer not null check (points <> 0),
  balance_after integer not null check (balance_after >= 0),
  lifetime_after integer not null check (lifetime_after >= 0),
  order_id uuid,
  discount_cents bigint check (discount_cents is null or discount_cents >= 0),
  -- For earn/redeem: how many of its points were reversed since (partial returns reverse part).
  reversed_points integer not null default 0 check (reversed_points >= 0 and reversed_points <= abs(points)),
  reverses_entry_id uuid references loyalty_entry (id),
  reason text check (reason is null or length(reason) between 1 and 500),
  actor_type text not null,
  actor_id text,
  created_at timestamptz not null default clock_timestamp(),
  check ((kind = 'earn' and points > 0 and order_id is not null)
      or (kind = 'redeem' and points < 0 and order_id is not null and discount_cents is not null)
      or (kind = 'reverse' and reverses_entry_id is not null)
      or (kind = 'adjust' and reason is not null))
);
create index loyalty_entry_customer_idx on loyalty_entry (organization_id, customer_id, created_at desc);
create index loyalty_entry_order_idx on loyalty_entry (order_id) where order_id is not null;
-- One earn and one redemption per order.
create unique index loyalty_entry_order_kind_idx on loyalty_entry (order_id, kind) where kind in ('earn', 'redeem');
