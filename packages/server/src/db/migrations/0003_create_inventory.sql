-- Inventory: locations inside stores, batches and their lab results, state-tagged packages,
-- stock counters per package x location, the append-only movement ledger, reservations,
-- receiving manifests, transfers, counts, reorder points, alerts and recalls.
--
-- Invariants live here, not only in the service:
--   * counters: on_hand >= 0, reserved >= 0, reserved <= on_hand (CHECK);
--   * a reservation increase or a sale/reserve ledger row is refused by trigger unless the
--     package is active, its lab result did not fail, it is not past expiry and the location
--     is sellable;
--   * the ledger is append-only (trigger) and every movement kind has a fixed sign (CHECK).
-- SKUs belong to the catalog module: referred to by id, no foreign key.

create table inventory_location (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  code text not null check (code ~ '^[a-z][a-z0-9_]{0,39}$'),
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('vault', 'sales_floor', 'display', 'backstock', 'quarantine', 'in_transit', 'receiving', 'other')),
  -- Which locations customers can be sold from is data, not code.
  sellable boolean not null default false,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  unique (store_id, code),
  unique (id, store_id)
);
create index inventory_location_org_idx on inventory_location (organization_id);

create table inventory_batch (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  code text not null check (length(code) between 1 and 100),
  producer_license text not null check (length(producer_license) between 1 and 100),
  producer_name text,
  harvest_date date,
  production_date date,
  source_package_labels text[] not null default '{}',
  -- The latest lab result decides: pending until one is recorded.
  lab_status text not null default 'pending' check (lab_status in ('pending', 'passed', 'failed')),
  created_at timestamptz not null default now(),
  unique (organization_id, code)
);
create index inventory_batch_producer_idx on inventory_batch (organization_id, producer_license);

create table inventory_lab_result (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  batch_id uuid not null references inventory_batch (id),
  lab_name text not null,
  lab_license text,
  tested_on date not null,
  certificate_url text,
  status text not null check (status in ('passed', 'failed')),
  -- [{ name, percent?, mgPerG?, mg? }]; [{ name, percent }]; [{ panel, status: pass|fail, detail? }]
  cannabinoids jsonb not null default '[]'::jsonb,
  terpenes jsonb not null default '[]'::jsonb,
  contaminants jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now()
);
create index inventory_lab_result_batch_idx on inventory_lab_result (batch_id, tested_on);

create table inventory_package (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  -- The state tag (Metrc UID style), unique across the whole installation.
  label text not null unique check (label ~ '^[0-9A-Z]{10,32}$'),
  sku_id uuid not null,
  batch_id uuid references inventory_batch (id),
  -- Quantities of an 'each' package are units; of a 'mg' package, milligrams.
  unit text not null check (unit in ('each', 'mg')),
  status text not null default 'active' check (status in ('active', 'on_hold', 'recalled', 'quarantined', 'expired', 'finished')),
  status_reason text,
  lab_status text not null default 'pending' check (lab_status in ('pending', 'passed', 'failed')),
  received_at timestamptz not null default now(),
  packaged_on date,
  expires_on date,
  source text not null default 'manual',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index inventory_package_sku_idx on inventory_package (organization_id, sku_id);
create index inventory_package_batch_idx on inventory_package (batch_id);

create table inventory_stock (
  package_id uuid not null references inventory_package (id),
  location_id uuid not null,
  store_id uuid not null,
  organization_id uuid not null,
  sku_id uuid not null,
  on_hand bigint not null default 0 check (on_hand >= 0),
  reserved bigint not null default 0 check (reserved >= 0),
  updated_at timestamptz not null default now(),
  primary key (package_id, location_id),
  foreign key (location_id, store_id) references inventory_location (id, store_id),
  constraint inventory_stock_reserved_within_on_hand check (reserved <= on_hand)
);
create index inventory_stock_store_sku_idx on inventory_stock (store_id, sku_id);

-- Sellable = active package, lab not failed, not past expiry, at an active sellable location.
create function inventory_stock_is_sellable(p_package_id uuid, p_location_id uuid) returns boolean
language sql stable as $$
  select exists (
    select 1
      from inventory_package p, inventory_location l
     where p.id = p_package_id
       and l.id = p_location_id
       and p.status = 'active'
       and p.lab_status <> 'failed'
       and (p.expires_on is null or p.expires_on >= current_date)
       and l.sellable
       and l.active)
$$;

-- Belt and braces under the service's conditional UPDATE: no write may raise a reservation on
-- stock that is not sellable, whatever code path issues it.
create function inventory_stock_guard() returns trigger
language plpgsql as $$
begin
  if new.reserved > old.reserved and not inventory_stock_is_sellable(new.package_id, new.location_id) then
    raise exception 'INVENTORY_NOT_SELLABLE: package % at location % cannot be reserved', new.package_id, new.location_id
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;
create trigger inventory_stock_guard before update on inventory_stock
  for each row when (new.reserved > old.reserved) execute function inventory_stock_guard();

create table inventory_movement (
  id bigserial primary key,
  organization_id uuid not null,
  store_id uuid not null,
  package_id uuid not null references inventory_package (id),
  location_id uuid not null references inventory_location (id),
  sku_id uuid not null,
  kind text not null check (kind in ('receive', 'sale', 'return', 'reserve', 'release', 'adjust', 'transfer_out', 'transfer_in', 'destroy', 'theft_loss', 'count_correction')),
  on_hand_delta bigint not null,
  reserved_delta bigint not null,
  reason_code text not null check (length(reason_code) between 1 and 60),
  actor_type text not null,
  actor_id text,
  reference_type text,
  reference_id text,
  -- Sales keep { orderId, customerId, channel } here so that a recall can name every buyer.
  reference_data jsonb not null default '{}'::jsonb,
  note text,
  occurred_at timestamptz not null default clock_timestamp(),
  constraint inventory_movement_signs check (
    (kind in ('receive', 'return', 'transfer_in') and on_hand_delta > 0 and reserved_delta = 0) or
    (kind in ('transfer_out', 'destroy', 'theft_loss') and on_hand_delta < 0 and reserved_delta = 0) or
    (kind in ('adjust', 'count_correction') and on_hand_delta <> 0 and reserved_delta = 0) or
    (kind = 'sale' and on_hand_delta < 0 and (reserved_delta = 0 or reserved_delta = on_hand_delta)) or
    (kind = 'reserve' and on_hand_delta = 0 and reserved_delta > 0) or
    (kind = 'release' and on_hand_delta = 0 and reserved_delta < 0)
  )
);
create index inventory_movement_stock_idx on inventory_movement (package_id, location_id);
create index inventory_movement_reference_idx on inventory_movement (reference_type, reference_id);
create index inventory_movement_sales_idx on inventory_movement (package_id) where kind = 'sale';
create index inventory_movement_store_time_idx on inventory_movement (store_id, occurred_at);

create function inventory_movement_guard() returns trigger
language plpgsql as $$
begin
  if tg_op <> 'INSERT' then
    raise exception 'inventory_movement is append-only' using errcode = 'insufficient_privilege';
  end if;
  if new.kind in ('sale', 'reserve') and not inventory_stock_is_sellable(new.package_id, new.location_id) then
    raise exception 'INVENTORY_NOT_SELLABLE: package % at location % cannot be sold or reserved', new.package_id, new.location_id
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;
create trigger inventory_movement_insert_guard before insert on inventory_movement
  for each row execute function inventory_movement_guard();
create trigger inventory_movement_append_only before update or delete on inventory_movement
  for each row execute function inventory_movement_guard();

create table inventory_reservation (
  id uuid primary key,
  organization_id uuid not null,
  store_id uuid not null references store (id),
  reference text not null check (length(reference) between 1 and 200),
  status text not null default 'held' check (status in ('held', 'converted', 'released', 'expired')),
  ttl_seconds integer not null check (ttl_seconds between 1 and 86400),
  expires_at timestamptz not null,
  order_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index inventory_reservation_due_idx on inventory_reservation (expires_at) where status = 'held';
create index inventory_reservation_reference_idx on inventory_reservation (organization_id, reference);

create table inventory_reservation_line (
  reservation_id uuid not null references inventory_reservation (id),
  line_no integer not null,
  pick_no integer not null,
  sku_id uuid not null,
  package_id uuid not null references inventory_package (id),
  location_id uuid not null,
  quantity bigint not null check (quantity > 0),
  primary key (reservation_id, line_no, pick_no)
);

create table inventory_alert (
  id uuid primary key,
  organization_id uuid not null,
  store_id uuid,
  kind text not null check (kind in ('drift', 'low_stock', 'receiving_discrepancy', 'transfer_discrepancy', 'recall', 'lab_failed')),
  status text not null default 'open' check (status in ('open', 'acknowledged', 'resolved')),
  sku_id uuid,
  package_id uuid,
  -- One open alert per condition: repeated detection does not pile up rows.
  dedupe_key text not null,
  message text not null,
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by text,
  resolved_at timestamptz
);
create unique index inventory_alert_open_idx on inventory_alert (dedupe_key) where status = 'open';
create index inventory_alert_org_idx on inventory_alert (organization_id, status, created_at);

create table inventory_reorder_point (
  store_id uuid not null references store (id),
  sku_id uuid not null,
  organization_id uuid not null,
  reorder_at bigint not null check (reorder_at >= 0),
  reorder_quantity bigint not null check (reorder_quantity > 0),
  updated_at timestamptz not null default now(),
  primary key (store_id, sku_id)
);

create table inventory_manifest (
  id uuid primary key,
  organization_id uuid not null,
  store_id uuid not null references store (id),
  number text not null check (length(number) between 1 and 100),
  source text not null default 'supplier' check (source in ('supplier', 'metrc')),
  supplier_name text,
  supplier_license text,
  status text not null default 'open' check (status in ('open', 'closed')),
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  closed_by text,
  unique (organization_id, number)
);

create table inventory_manifest_item (
  id uuid primary key,
  manifest_id uuid not null references inventory_manifest (id),
  line_no integer not null,
  package_label text not null check (package_label ~ '^[0-9A-Z]{10,32}$'),
  sku_id uuid not null,
  batch_id uuid references inventory_batch (id),
  unit text not null check (unit in ('each', 'mg')),
  expected_quantity bigint not null check (expected_quantity > 0),
  packaged_on date,
  expires_on date,
  status text not null default 'pending' check (status in ('pending', 'accepted', 'rejected', 'not_received')),
  counted_quantity bigint check (counted_quantity >= 0),
  damaged_quantity bigint check (damaged_quantity >= 0),
  accepted_quantity bigint check (accepted_quantity >= 0),
  location_id uuid,
  package_id uuid,
  rejection_reason text,
  received_at timestamptz,
  received_by text,
  unique (manifest_id, package_label),
  unique (manifest_id, line_no)
);

create table inventory_discrepancy (
  id uuid primary key,
  organization_id uuid not null,
  store_id uuid not null,
  source_type text not null check (source_type in ('manifest', 'transfer')),
  source_id uuid not null,
  package_label text not null,
  kind text not null check (kind in ('short', 'over', 'damaged')),
  expected_quantity bigint not null,
  counted_quantity bigint not null,
  quantity bigint not null check (quantity > 0),
  note text,
  actor_id text,
  created_at timestamptz not null default now()
);
create index inventory_discrepancy_source_idx on inventory_discrepancy (source_type, source_id);

create table inventory_transfer (
  id uuid primary key,
  organization_id uuid not null,
  from_store_id uuid not null references store (id),
  to_store_id uuid not null references store (id),
  status text not null default 'in_transit' check (status in ('in_transit', 'received')),
  note text,
  shipped_at timestamptz not null default now(),
  shipped_by text,
  received_at timestamptz,
  received_by text,
  check (from_store_id <> to_store_id)
);

create table inventory_transfer_item (
  transfer_id uuid not null references inventory_transfer (id),
  line_no integer not null,
  package_id uuid not null references inventory_package (id),
  from_location_id uuid not null,
  transit_location_id uuid not null,
  quantity bigint not null check (quantity > 0),
  received_quantity bigint check (received_quantity >= 0 and received_quantity <= quantity),
  to_location_id uuid,
  primary key (transfer_id, line_no),
  unique (transfer_id, package_id)
);

create table inventory_count (
  id uuid primary key,
  organization_id uuid not null,
  store_id uuid not null references store (id),
  kind text not null check (kind in ('full', 'cycle')),
  status text not null default 'open' check (status in ('open', 'submitted', 'approved', 'rejected')),
  location_id uuid,
  sku_ids uuid[],
  note text,
  created_by text,
  created_at timestamptz not null default now(),
  submitted_by text,
  submitted_at timestamptz,
  decided_by text,
  decided_at timestamptz
);

create table inventory_count_line (
  count_id uuid not null references inventory_count (id),
  package_id uuid not null references inventory_package (id),
  location_id uuid not null,
  sku_id uuid not null,
  -- expected is taken when the count is submitted; the correction applied on approval is
  -- counted - expected, so sales between submission and approval are not wiped out.
  expected_quantity bigint,
  counted_quantity bigint check (counted_quantity >= 0),
  counted_by text,
  counted_at timestamptz,
  primary key (count_id, package_id, location_id)
);

create table inventory_recall (
  id uuid primary key,
  organization_id uuid not null,
  scope_type text not null check (scope_type in ('batch', 'package', 'producer')),
  scope_value text not null,
  reason text not null,
  package_count integer not null,
  created_by text,
  created_at timestamptz not null default now()
);

-- What the storefront's "in stock at this store" facet reads: sellable quantity per store and SKU.
create view sku_store_availability as
select s.store_id,
       s.sku_id,
       sum(s.on_hand - s.reserved)::bigint as available_quantity
  from inventory_stock s
  join inventory_package p on p.id = s.package_id
  join inventory_location l on l.id = s.location_id
 where p.status = 'active'
   and p.lab_status <> 'failed'
   and (p.expires_on is null or p.expires_on >= current_date)
   and l.sellable
   and l.active
 group by s.store_id, s.sku_id;
