-- Payments: tenders authorized against an order, refunds, and stored-value accounts (gift cards,
-- store credit) kept as ledgers with a guarded balance. Card data is never stored: an external
-- terminal's reference and the last four digits at most.

create table payment (
  id uuid primary key,
  organization_id uuid not null,
  store_id uuid not null,
  order_id uuid,
  provider text not null,
  status text not null check (status in ('authorized', 'captured', 'voided', 'refunded', 'partially_refunded')),
  amount_cents bigint not null check (amount_cents > 0),
  tendered_cents bigint check (tendered_cents is null or tendered_cents >= amount_cents),
  change_cents bigint not null default 0 check (change_cents >= 0),
  refunded_cents bigint not null default 0 check (refunded_cents >= 0 and refunded_cents <= amount_cents),
  currency text not null default 'USD',
  authorization_ref text not null,
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index payment_order_idx on payment (order_id);
create unique index payment_authorization_idx on payment (provider, authorization_ref);

create table payment_refund (
  id uuid primary key,
  payment_id uuid not null references payment (id),
  amount_cents bigint not null check (amount_cents > 0),
  reason text not null,
  refund_ref text not null,
  created_at timestamptz not null default now()
);

create table stored_value_account (
  id uuid primary key,
  organization_id uuid not null,
  kind text not null check (kind in ('gift_card', 'store_credit')),
  -- Gift cards are found by the SHA-256 of their code; only the last four digits are kept readable.
  code_hash text unique,
  code_last4 text,
  customer_id uuid,
  balance_cents bigint not null default 0 check (balance_cents >= 0),
  currency text not null default 'USD',
  created_at timestamptz not null default now()
);
create unique index stored_value_store_credit_idx on stored_value_account (organization_id, customer_id) where kind = 'store_credit';

create table stored_value_entry (
  id bigserial primary key,
  account_id uuid not null references stored_value_account (id),
  amount_cents bigint not null check (amount_cents <> 0),
  reason text not null check (reason in ('issue', 'load', 'redeem', 'void', 'refund', 'adjust')),
  reference text,
  created_at timestamptz not null default now()
);
create index stored_value_entry_account_idx on stored_value_entry (account_id, id);

create table store_payment_setting (
  store_id uuid primary key,
  -- Cash totals are rounded to this many cents (1 = no rounding; 5 where pennies are not used).
  cash_rounding_cents integer not null default 1 check (cash_rounding_cents in (1, 5, 10, 25)),
  updated_at timestamptz not null default now()
);
