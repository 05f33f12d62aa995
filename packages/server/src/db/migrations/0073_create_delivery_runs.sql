-- Delivery runs: a driver takes one of the store's vehicles out with delivery orders loaded on it.
-- What one vehicle may carry (retail value, goods without an order, the share ordered and paid
-- before it leaves, cannabis weight) is judged over the whole load from the store's pack when an
-- order is loaded and again at departure. Each stop ends delivered (the order completes, ID
-- checked at the door) or undelivered (the order becomes a no-show and its goods go back to stock).
create table delivery_vehicle (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  name text not null check (length(name) between 1 and 100),
  make text,
  model text,
  license_plate text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  unique (store_id, name)
);

create table delivery_run (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  vehicle_id uuid not null references delivery_vehicle (id),
  driver_id uuid not null references staff_user (id),
  status text not null default 'loading' check (status in ('loading', 'out', 'returned', 'cancelled')),
  -- Goods on board without an order (stock carried for sales on the road), declared by the store.
  unordered_value_cents bigint not null default 0 check (unordered_value_cents >= 0),
  -- The pack's verdict on the load at departure (checkVehicleLoad), and why a manager let it go.
  departure_check jsonb,
  override_reason text,
  departed_at timestamptz,
  returned_at timestamptz,
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One vehicle, one run at a time.
create unique index delivery_run_vehicle_busy on delivery_run (vehicle_id) where status in ('loading', 'out');
create index delivery_run_store_idx on delivery_run (store_id, created_at desc);

create table delivery_stop (
  id uuid primary key,
  run_id uuid not null references delivery_run (id),
  organization_id uuid not null references organization (id),
  order_id uuid not null references sales_order (id),
  seq integer not null check (seq >= 1),
  status text not null default 'loaded' check (status in ('loaded', 'delivered', 'undelivered')),
  reason text,
  ended_at timestamptz,
  created_at timestamptz not null default now(),
  unique (run_id, order_id),
  unique (run_id, seq)
);
-- An order rides one vehicle at a time.
create unique index delivery_stop_order_on_board on delivery_stop (order_id) where status = 'loaded';
