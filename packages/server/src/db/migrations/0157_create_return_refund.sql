-- The refund a return or a void owes its customer, owed and retried as an ended order's is
-- (order_refund, 0153; orders/order-refunds.ts runs both). One record per return, written in the
-- return's transaction when any part of its refund goes through a processor or to a ledger
-- (card, terminal, simulator, gift card, store credit); cash handed back at the register is paid
-- out of the drawer there and is not owed here. Its own table rather than a return_id column on
-- order_refund: order_refund is keyed one row per order (the delivery no-show upserts on it), and
-- a sale may have several returns.
create table return_refund (
  return_id uuid primary key references sales_return (id),
  order_id uuid not null references sales_order (id),
  organization_id uuid not null references organization (id),
  status text not null default 'owed' check (status in ('owed', 'refunded')),
  reason text not null default 'return',
  attempts integer not null default 0,
  last_error text,
  claimed_until timestamptz,
  refunded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index return_refund_order on return_refund (order_id);

-- A buy-X-get-Y reward the customer keeps after returning what qualified for it is taken off the
-- return's refund (returns.service.ts promotionClawback): the pre-tax cents and the added tax on
-- them. Negative when a later return of the reward gives back what an earlier one took.
alter table sales_return add column promotion_clawback_cents integer not null default 0;
alter table sales_return add column promotion_clawback_tax_cents integer not null default 0;
