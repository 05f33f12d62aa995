-- Compliance: store-level rule overrides and local tax rates, the purchase-limit usage ledger,
-- and the compliance log (refusals and manager overrides).
-- Customers, orders and staff are referred to by id without foreign keys (other modules' rows).

-- A store's replacement for an 'unsure' value of its jurisdiction pack (passed to the rules
-- engine's `overrides` option). value_id is the pack value id, or "<id>@<effective from>".
create table store_rule_override (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  value_id text not null check (value_id ~ '^[a-z]{2}-[a-z0-9]{1,3}(\.[a-z0-9-]+)+(@\d{4}-\d{2}-\d{2})?$'),
  value jsonb not null check (jsonb_typeof(value) = 'object'),
  reason text not null check (length(reason) between 3 and 1000),
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (store_id, value_id)
);

-- Local add-on rates the pack takes from the store (city/county sales tax, local cannabis tax).
-- Rows of one store never overlap in time; the one in effect on the store-local date applies.
create table store_tax_setting (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  local_sales_tax_rate numeric(8, 6) not null check (local_sales_tax_rate >= 0 and local_sales_tax_rate <= 1),
  local_cannabis_tax_rate numeric(8, 6) not null check (local_cannabis_tax_rate >= 0 and local_cannabis_tax_rate <= 1),
  effective_from date not null,
  effective_to date,
  reason text,
  created_by text,
  created_at timestamptz not null default now(),
  check (effective_to is null or effective_to >= effective_from),
  unique (store_id, effective_from)
);

-- What each completed order put in the customer's hands, line by line: the history the limit
-- engine sums over its windows. Written in the order's own transaction; credited on returns.
create table purchase_usage_line (
  id bigserial primary key,
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  customer_id uuid not null,
  order_id uuid not null,
  line_no integer not null check (line_no >= 0),
  channel text not null check (channel in ('in_store', 'pickup', 'delivery')),
  occurred_at timestamptz not null,
  sku text not null,
  category text not null,
  quantity integer not null check (quantity > 0),
  net_weight_mg bigint check (net_weight_mg is null or net_weight_mg >= 0),
  thc_mg numeric(14, 3) check (thc_mg is null or thc_mg >= 0),
  thc_percent numeric(6, 3) check (thc_percent is null or (thc_percent >= 0 and thc_percent <= 100)),
  thca_percent numeric(6, 3) check (thca_percent is null or (thca_percent >= 0 and thca_percent <= 100)),
  infused boolean not null default false,
  unit_price_cents integer not null check (unit_price_cents >= 0),
  credited_quantity integer not null default 0 check (credited_quantity >= 0 and credited_quantity <= quantity),
  credited_at timestamptz,
  created_at timestamptz not null default now(),
  unique (order_id, line_no)
);
create index purchase_usage_customer_idx on purchase_usage_line (organization_id, customer_id, occurred_at);

-- Every compliance decision a person should be able to find later: refusals (ID expired,
-- underage, over a limit, …) and manager overrides, with who, where, when and why.
create table compliance_event (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid references store (id),
  kind text not null check (kind in ('refusal', 'override')),
  -- Where it happened: id_scan, id_check, register, checkout, api.
  source text not null check (length(source) between 1 and 40),
  customer_id uuid,
  order_id uuid,
  channel text check (channel is null or channel in ('in_store', 'pickup', 'delivery')),
  codes text[] not null,
  violations jsonb not null default '[]'::jsonb,
  reason text,
  -- An override names the refusal it lifts.
  refusal_id uuid references compliance_event (id),
  jurisdiction text,
  pack_version text,
  actor_type text not null,
  actor_id text,
  request_id text,
  occurred_at timestamptz not null default now(),
  check (kind <> 'override' or (reason is not null and length(reason) >= 3))
);
create index compliance_event_org_time_idx on compliance_event (organization_id, occurred_at);
create index compliance_event_store_time_idx on compliance_event (store_id, occurred_at);
create index compliance_event_customer_idx on compliance_event (customer_id, occurred_at);
create unique index compliance_event_one_override_idx on compliance_event (refusal_id) where kind = 'override';
