-- A package may be sold through its expiry date, and "today" is the store's day, not UTC's. Until
-- now the sellability rule compared expiry with the database's current_date (UTC on our servers),
-- so in California a package expiring today stopped selling at 16:00 or 17:00 local time, and an
-- east-of-UTC store would have sold it for hours after its day had ended. Each rule now reads the
-- date at the store that holds the stock (store.timezone). Same columns, same plans otherwise.

create or replace function inventory_stock_is_sellable(p_package_id uuid, p_location_id uuid) returns boolean
language plpgsql stable as $$
begin
  return exists (
    select 1
      from inventory_package p, inventory_location l, store st
     where p.id = p_package_id
       and l.id = p_location_id
       and st.id = l.store_id
       and p.status = 'active'
       and p.lab_status <> 'failed'
       and (p.expires_on is null or p.expires_on >= (now() at time zone st.timezone)::date)
       and l.sellable
       and l.active);
end
$$;

create or replace function inventory_sku_availability(p_store_ids uuid[], p_sku_ids uuid[])
returns table (store_id uuid, sku_id uuid, on_hand bigint, reserved bigint, point_organization_id uuid,
               reorder_at bigint, reorder_quantity bigint, alert_open boolean)
language plpgsql stable
set plan_cache_mode = force_generic_plan
as $$
begin
  return query
    with k as (
      select k.store_id, k.sku_id, coalesce((now() at time zone st.timezone)::date, current_date) as today
        from unnest(p_store_ids, p_sku_ids) as k(store_id, sku_id)
        left join store st on st.id = k.store_id
    ), t as (
      select s.store_id, s.sku_id,
             coalesce(sum(s.on_hand) filter (where p.status = 'active' and p.lab_status <> 'failed'
                        and (p.expires_on is null or p.expires_on >= k.today) and l.sellable and l.active), 0)::bigint as on_hand,
             coalesce(sum(s.reserved) filter (where p.status = 'active' and p.lab_status <> 'failed'
                        and (p.expires_on is null or p.expires_on >= k.today) and l.sellable and l.active), 0)::bigint as reserved
        from inventory_stock s
        join k on k.store_id = s.store_id and k.sku_id = s.sku_id
        join inventory_package p on p.id = s.package_id
        join inventory_location l on l.id = s.location_id
       group by s.store_id, s.sku_id
    )
    select k.store_id, k.sku_id, coalesce(t.on_hand, 0)::bigint, coalesce(t.reserved, 0)::bigint,
           rp.organization_id, rp.reorder_at::bigint, rp.reorder_quantity::bigint,
           (rp.store_id is not null and exists (select 1 from inventory_alert a
              where a.dedupe_key = 'low_stock:' || k.store_id || ':' || k.sku_id and a.status <> 'resolved'))
      from k
      left join t on t.store_id = k.store_id and t.sku_id = k.sku_id
      left join inventory_reorder_point rp on rp.store_id = k.store_id and rp.sku_id = k.sku_id;
end
$$;

create or replace view sku_store_availability as
select s.store_id,
       s.sku_id,
       sum(s.on_hand - s.reserved)::bigint as available_quantity
  from inventory_stock s
  join inventory_package p on p.id = s.package_id
  join inventory_location l on l.id = s.location_id
  join store st on st.id = s.store_id
 where p.status = 'active'
   and p.lab_status <> 'failed'
   and (p.expires_on is null or p.expires_on >= (now() at time zone st.timezone)::date)
   and l.sellable
   and l.active
 group by s.store_id, s.sku_id;
