-- The refund an ended order owes its customer, whatever ended it: a delivery no-show, an online
-- order cancelled after it was paid (by staff or the shopper), or a no-show recorded through the
-- order. One record per order, written in the transaction that ends the order. The money moves
-- after commit (the processor is called outside any transaction): the request that ended the order
-- makes the first try, and an outbox subscriber (delivery.no-show-refunds for a run's no-show,
-- orders.refunds-owed for the others) retries with backoff until the row says refunded. A try
-- claims the row (claimed_until, fenced by attempts) so the request and the subscriber never
-- refund one order at the same time; each try asks the processor with the same idempotency key.
create table order_refund (
  order_id uuid primary key references sales_order (id),
  -- Only a delivery no-show has a run.
  run_id uuid references delivery_run (id),
  organization_id uuid not null references organization (id),
  status text not null default 'owed' check (status in ('owed', 'refunded')),
  -- What the refund is for, as the payment refunds record it.
  reason text not null default 'order ended',
  attempts integer not null default 0,
  -- Why the last try failed, while the refund is still owed.
  last_error text,
  claimed_until timestamptz,
  refunded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
