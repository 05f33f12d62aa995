-- Promotions per organization (optionally one store), stored as the engine's promotion document
-- (validated by promotionSchema on save), plus the columns the server filters and counts on.
-- Coupon codes are unique per organization, case-insensitively (code_key = trimmed upper case,
-- the engine's own normalization). Usage limits are counters moved by one conditional UPDATE at
-- order completion, so a limit holds under any number of concurrent checkouts.

create table promotion (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid references store (id),
  name text not null check (length(name) between 1 and 200),
  active boolean not null,
  starts_at timestamptz,
  ends_at timestamptz,
  priority integer not null check (priority >= 0),
  has_codes boolean not null,
  definition jsonb not null,
  max_uses integer check (max_uses is null or max_uses >= 1),
  max_uses_per_customer integer check (max_uses_per_customer is null or max_uses_per_customer >= 1),
  uses integer not null default 0 check (uses >= 0),
  version integer not null default 1 check (version >= 1),
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  archived_at timestamptz,
  check (max_uses is null or uses <= max_uses),
  check (starts_at is null or ends_at is null or starts_at < ends_at)
);
create index promotion_org_idx on promotion (organization_id, store_id) where archived_at is null;

create table promotion_code (
  organization_id uuid not null references organization (id),
  code_key text not null check (code_key = upper(btrim(code_key)) and length(code_key) between 1 and 64),
  code text not null,
  promotion_id uuid not null references promotion (id),
  primary key (organization_id, code_key)
);
create index promotion_code_promotion_idx on promotion_code (promotion_id);

create table promotion_customer_usage (
  promotion_id uuid not null references promotion (id),
  customer_id uuid not null,
  uses integer not null check (uses >= 0),
  primary key (promotion_id, customer_id)
);

-- One row per (order, promotion) that applied; `counted` says whether it moved the usage counters
-- (coupons and limited promotions do; unlimited automatic promotions are only recorded, so that
-- popular deals do not serialize every checkout on one counter row).
create table promotion_redemption (
  id uuid primary key,
  organization_id uuid not null,
  promotion_id uuid not null references promotion (id),
  order_id uuid not null,
  customer_id uuid,
  code text,
  amount_cents bigint not null check (amount_cents >= 0),
  counted boolean not null,
  status text not null default 'redeemed' check (status in ('redeemed', 'released')),
  redeemed_at timestamptz not null default now(),
  released_at timestamptz,
  unique (order_id, promotion_id),
  check ((status = 'released') = (released_at is not null))
);
create index promotion_redemption_promotion_idx on promotion_redemption (promotion_id, redeemed_at);
