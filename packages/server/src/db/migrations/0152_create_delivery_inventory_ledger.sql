-- California's delivery inventory ledger (4 CCR §15418, regulations.md §5): what a vehicle out on
-- a delivery run carries, updated after each stop that changes it. One row per such stop (the
-- departure, each order stop as it ends, the return), written in the stop's own transaction, with
-- the whole inventory left in the vehicle as it stood then: the items' product type, brand and
-- weight are the catalog's at that moment, which a later edit of the catalog must not rewrite.
-- Append-only.
create table delivery_inventory_ledger (
  id uuid primary key,
  run_id uuid not null references delivery_run (id),
  organization_id uuid not null references organization (id),
  seq integer not null check (seq >= 1),
  event text not null check (event in ('departed', 'delivered', 'undelivered', 'brought_back', 'returned')),
  -- The order whose stop changed the load (none for the departure and the return).
  order_id uuid references sales_order (id),
  recorded_at timestamptz not null,
  -- What remains in the vehicle after the stop, one element per package of an order line.
  items jsonb not null check (jsonb_typeof(items) = 'array'),
  unique (run_id, seq)
);
