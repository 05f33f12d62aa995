-- Orders ↔ registers. sales_order already carries register_session_id and budtender_id (0031);
-- this adds what linking them needs:
--  * a cash refund is counted once per RETURN (a sale may be returned in parts, or returned and
--    then voided, into the same drawer), so refund events carry the return id and are unique on
--    it; cash sales stay unique per (session, order);
--  * the orders rung on a session can be listed without a scan.
alter table register_session_event add column return_id uuid;

drop index register_session_event_sale_idx;
create unique index register_session_event_sale_idx on register_session_event (session_id, order_id, kind)
  where order_id is not null and return_id is null;
create unique index register_session_event_return_idx on register_session_event (return_id)
  where return_id is not null;

create index sales_order_register_session_idx on sales_order (register_session_id)
  where register_session_id is not null;
