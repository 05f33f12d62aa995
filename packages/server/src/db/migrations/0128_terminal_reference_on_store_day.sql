-- A card terminal's approval reference names one payment of one store on one day, and that day is
-- the store's, not UTC's (migration 0083 took the UTC date): a store in California closing at
-- 22:00 crosses UTC midnight at 16:00, so the same approval typed for two sales of one evening was
-- taken as two payments, and a reference of yesterday evening refused this morning's sale.
--
-- captured_on becomes the store-local date of the payment, set when the row is written (a
-- generated column cannot read the store's timezone). Rows already written get the local date of
-- their store; where that makes two of them one payment under the new rule (accepted before, on
-- two UTC days), the later keeps no day (null: outside the index), so history stays as it was.
alter table payment drop column captured_on;
alter table payment add column captured_on date;

update payment p
   set captured_on = (p.created_at at time zone s.timezone)::date
  from store s
 where s.id = p.store_id;
update payment set captured_on = (created_at at time zone 'UTC')::date where captured_on is null;

with ranked as (
  select id, row_number() over (partition by organization_id, store_id, provider, authorization_ref, captured_on order by created_at, id) as n
    from payment
)
update payment p set captured_on = null from ranked r where r.id = p.id and r.n > 1;

create function payment_captured_on() returns trigger language plpgsql as $$
begin
  new.captured_on := (new.created_at at time zone coalesce((select s.timezone from store s where s.id = new.store_id), 'UTC'))::date;
  return new;
end
$$;
create trigger payment_captured_on before insert or update of created_at, store_id on payment
  for each row execute function payment_captured_on();

create unique index payment_authorization_idx on payment (organization_id, store_id, provider, authorization_ref, captured_on);
