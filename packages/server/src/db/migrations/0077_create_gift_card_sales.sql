-- Gift cards sold at the register: the customer pays (cash or the debit terminal) and a card is
-- issued, or an existing one loaded, with that amount. One row per sale, keyed by the register's
-- own id (a UUIDv7, as POS sales are), so a resubmitted sale is recognised and answered again.
-- The sale's payments point at it (payment.gift_card_sale_id; never at an order), and the drawer
-- counts its cash in counters of its own, apart from cannabis sales:
--
--   expected cash = float + cash sales − change given − cash refunds − drops − paid-outs + paid-ins
--                   + gift card cash
create table gift_card_sale (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  register_session_id uuid not null references register_session (id),
  kind text not null check (kind in ('issue', 'load')),
  -- The gift card (payments' stored_value_account), by id; its last four digits for receipts.
  account_id uuid not null,
  code_last4 text not null check (code_last4 ~ '^[0-9]{4}$'),
  amount_cents bigint not null check (amount_cents > 0),
  balance_after_cents bigint not null check (balance_after_cents >= amount_cents),
  -- Cash handed over and change given back (both 0 when paid on the card terminal alone).
  cash_in_cents bigint not null default 0 check (cash_in_cents >= 0),
  change_out_cents bigint not null default 0 check (change_out_cents >= 0 and change_out_cents <= cash_in_cents),
  -- A code the server made up (none was scanned), sealed with the customer data key, so that a
  -- register whose answer was lost can be shown it again; null when the code was scanned or typed.
  sealed_code text,
  request_hash text not null,
  sold_by text,
  created_at timestamptz not null default now()
);
create index gift_card_sale_session_idx on gift_card_sale (register_session_id, created_at);

alter table payment add column gift_card_sale_id uuid;
create index payment_gift_card_sale_idx on payment (gift_card_sale_id) where gift_card_sale_id is not null;
alter table payment add constraint payment_one_sale_check check (order_id is null or gift_card_sale_id is null);

alter table register_session
  add column gift_card_sale_count integer not null default 0 check (gift_card_sale_count >= 0),
  add column gift_card_sales_cents bigint not null default 0 check (gift_card_sales_cents >= 0),
  add column gift_card_cash_cents bigint not null default 0 check (gift_card_cash_cents >= 0);
-- Expected cash now includes the cash kept for gift cards: a drop of that cash must not break the
-- check that the drawer never holds less than nothing.
alter table register_session drop constraint register_session_check;
alter table register_session add constraint register_session_check
  check (float_cents + cash_sales_cents - change_out_cents - cash_refunds_cents - drops_cents - paid_out_cents + paid_in_cents
         + gift_card_cash_cents >= 0);

alter table register_session_event drop constraint register_session_event_kind_check;
alter table register_session_event add constraint register_session_event_kind_check
  check (kind in ('open', 'cash_sale', 'cash_refund', 'drop', 'paid_in', 'paid_out', 'close', 'review', 'gift_card_sale'));
alter table register_session_event add column gift_card_sale_id uuid;
-- A gift card sale moves the drawer once.
create unique index register_session_event_gift_card_sale_idx on register_session_event (gift_card_sale_id)
  where gift_card_sale_id is not null;
