-- Orders: online carts, orders of every channel with their lines (package picks and tax lines
-- snapshotted at the sale), the lifecycle history, and returns/voids.
--
-- Invariants that live here, not only in the service:
--   * one order per cart (unique cart_id): completing a cart twice returns the first order;
--   * a POS sale's id is the register's own UUIDv7, so a resubmitted sale hits the primary key;
--   * a line can never be returned beyond what was sold (returned_quantity <= quantity);
--   * money is integer cents, weights milligrams.
-- Stores are referenced; customers, stock, payments and staff by id (other modules' rows).

create sequence sales_order_number_seq;

create table sales_cart (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  customer_id uuid not null,
  channel text not null check (channel in ('pickup', 'delivery')),
  status text not null default 'open' check (status in ('open', 'completed', 'abandoned')),
  -- [{ skuId, quantity, packageLabel? }] in the order the customer added them.
  lines jsonb not null default '[]'::jsonb check (jsonb_typeof(lines) = 'array'),
  -- Pickup: { name, phone, pickupAt? }; delivery: { address, deliverAt?, addressType?, instructions? }.
  fulfillment jsonb,
  coupon_codes text[] not null default '{}',
  reservation_id uuid,
  -- Copy of the hold's expiry, so completion can refuse an expired hold without asking inventory.
  hold_expires_at timestamptz,
  order_id uuid,
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index sales_cart_store_idx on sales_cart (store_id, status, updated_at);
create index sales_cart_customer_idx on sales_cart (organization_id, customer_id);

create table sales_order (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  number bigint not null default nextval('sales_order_number_seq') unique,
  channel text not null check (channel in ('in_store', 'pickup', 'delivery')),
  status text not null check (status in ('placed', 'accepted', 'packed', 'ready', 'out_for_delivery', 'completed', 'cancelled', 'no_show', 'voided')),
  cart_id uuid unique,
  -- SHA-256 of a POS sale's body: the same id with a different sale is refused, not replayed.
  request_hash text,
  customer_id uuid,
  -- { kind, patientLicenseNumber?, caregiverLicenseNumber? } as it was at the sale.
  customer jsonb not null,
  reservation_id uuid,
  register_session_id uuid,
  budtender_id text,
  license_number text not null,
  jurisdiction text not null,
  timezone text not null,
  pack_version text,
  subtotal_cents bigint not null check (subtotal_cents >= 0),
  discount_cents bigint not null default 0 check (discount_cents >= 0),
  tax_cents bigint not null default 0 check (tax_cents >= 0),
  total_cents bigint not null check (total_cents >= 0),
  refunded_cents bigint not null default 0 check (refunded_cents >= 0 and refunded_cents <= total_cents),
  -- The rules engine's tax lines (code, label, rate, amount, included, metrcField, per-line split).
  taxes jsonb not null default '[]'::jsonb,
  limits jsonb not null default '[]'::jsonb,
  fulfillment jsonb,
  coupon_codes text[] not null default '{}',
  -- The ID check at hand-over (customers' verification record).
  id_verification_id uuid,
  status_reason text,
  created_by text,
  placed_at timestamptz not null default now(),
  completed_at timestamptz,
  updated_at timestamptz not null default now(),
  check ((status = 'completed') = (completed_at is not null) or status in ('voided'))
);
create index sales_order_store_status_idx on sales_order (store_id, status, placed_at);
create index sales_order_customer_idx on sales_order (organization_id, customer_id, placed_at);

create table sales_order_line (
  id uuid primary key,
  order_id uuid not null references sales_order (id),
  line_no integer not null check (line_no >= 0),
  sku_id uuid not null,
  sku_code text not null,
  title text not null,
  category text not null,
  -- Inventory base unit: 'each' (units) or 'mg' (weight SKUs sold by the milligram).
  unit text not null check (unit in ('each', 'mg')),
  quantity bigint not null check (quantity > 0),
  unit_price_cents bigint not null check (unit_price_cents >= 0),
  gross_cents bigint not null check (gross_cents >= 0),
  discount_cents bigint not null default 0 check (discount_cents >= 0 and discount_cents <= gross_cents),
  -- After discount, before taxes not included in the price.
  total_cents bigint not null check (total_cents >= 0),
  tax_cents bigint not null default 0 check (tax_cents >= 0),
  -- [{ code, label, amountCents, includedInPrice, metrcField }] for this line.
  taxes jsonb not null default '[]'::jsonb,
  -- [{ packageId, packageLabel, locationId, quantity, unit }]: where the stock came from.
  picks jsonb not null default '[]'::jsonb,
  -- Labels the budtender scanned while picking an online order.
  picked_labels text[] not null default '{}',
  -- { unitPriceCents?, discountCents?, reason, by }: a manual price change at the register.
  price_override jsonb,
  returned_quantity bigint not null default 0 check (returned_quantity >= 0 and returned_quantity <= quantity),
  unique (order_id, line_no)
);

create table sales_order_transition (
  id bigserial primary key,
  order_id uuid not null references sales_order (id),
  from_status text,
  to_status text not null,
  reason text,
  actor_type text not null,
  actor_id text,
  occurred_at timestamptz not null default now()
);
create index sales_order_transition_order_idx on sales_order_transition (order_id, id);

create table sales_return (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  order_id uuid not null references sales_order (id),
  kind text not null check (kind in ('return', 'void')),
  reason text not null check (length(reason) between 3 and 1000),
  -- [{ lineNo, quantity, restock, packageLabel, refundCents, taxRefundCents }]
  lines jsonb not null,
  refund_cents bigint not null check (refund_cents >= 0),
  tax_refund_cents bigint not null default 0 check (tax_refund_cents >= 0),
  refund_to text not null check (refund_to in ('original', 'store_credit')),
  refunds jsonb not null default '[]'::jsonb,
  created_by text,
  created_at timestamptz not null default now()
);
create index sales_return_order_idx on sales_return (order_id);
