-- A customer is in a store's check-in queue once while waiting or being served: checked in twice
-- (two budtenders at the door, a double tap, an online pickup arrival while already waiting) they
-- showed twice, were counted twice in the wait times and could be served by two budtenders.
-- The same for an online order picked up: one open entry per order.
--
-- Entries already doubled are closed before the index is made: the earliest open entry of the
-- customer (or order) at the store stays, a later one is marked left now (one being served wins
-- over one waiting, so nobody's service is cut off).
with ranked as (
  select id, row_number() over (partition by store_id, customer_id order by (status = 'serving') desc, checked_in_at, id) as n
    from register_queue_entry
   where customer_id is not null and status in ('waiting', 'serving')
)
update register_queue_entry e
   set status = 'left', finished_at = clock_timestamp(), note = left(coalesce(e.note || ' ', '') || '[closed: checked in twice]', 500)
  from ranked r
 where r.id = e.id and r.n > 1;

with ranked as (
  select id, row_number() over (partition by store_id, order_id order by (status = 'serving') desc, checked_in_at, id) as n
    from register_queue_entry
   where order_id is not null and status in ('waiting', 'serving')
)
update register_queue_entry e
   set status = 'left', finished_at = clock_timestamp(), note = left(coalesce(e.note || ' ', '') || '[closed: checked in twice]', 500)
  from ranked r
 where r.id = e.id and r.n > 1;

create unique index register_queue_open_customer_idx on register_queue_entry (store_id, customer_id)
  where customer_id is not null and status in ('waiting', 'serving');
create unique index register_queue_open_order_idx on register_queue_entry (store_id, order_id)
  where order_id is not null and status in ('waiting', 'serving');
