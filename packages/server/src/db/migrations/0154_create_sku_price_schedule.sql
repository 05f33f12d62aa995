-- A SKU's price schedule: organization-wide prices (store_id null: the price at every store of
-- the organization that has none of its own) and prices set ahead ("from Friday 00:00, $30"),
-- at a store or organization-wide. The price in force at a store is its own (the latest of its
-- sku_price row, in force since updated_at, and its entries here that have started), else the
-- latest organization-wide entry that has started. Checkout reads it in the statement that reads
-- the SKU (catalog/checkout-read.ts), so no sale pays for an extra round trip, and no clock has to
-- copy an entry anywhere when it starts: the read compares with now().
--
-- Entries are a record: one that has started is never changed or deleted (a removal ends it,
-- ended_at), one that has not may be withdrawn (deleted). sku_price keeps its one row per store
-- and SKU, which the storefront read model and the import rely on.
create table sku_price_schedule (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null,
  sku_id uuid not null references sku (id),
  store_id uuid,
  price_cents integer not null check (price_cents >= 0),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  tiers jsonb not null default '[]'::jsonb check (jsonb_typeof(tiers) = 'array'),
  effective_from timestamptz not null,
  ended_at timestamptz check (ended_at >= effective_from),
  created_at timestamptz not null default now(),
  created_by uuid
);

-- One entry per SKU, scope (a store, or the organization: nulls not distinct) and start; the
-- same index serves "the latest started entry of this SKU at this scope" (a backward range scan).
create unique index sku_price_schedule_scope_start_idx
  on sku_price_schedule (sku_id, store_id, effective_from) nulls not distinct;
