-- An inventory alert stands for its condition until the condition ends (resolved), whether or not
-- someone has acknowledged it: acknowledging says "seen", not "over". Until now only an open alert
-- kept a repeat from raising a new one, so an acknowledged low-stock alert was raised again by the
-- very next sale (a new alert, event, webhook and e-mail each time), and, as only open alerts were
-- resolved, the acknowledged one was never resolved when stock came back. As the operator alerts
-- do (docs/webhooks.md, dedupe), one unresolved alert per condition.

-- Conditions with more than one unresolved alert (an acknowledged one and the open one raised
-- after it): the newest stays, the older ones are resolved.
update inventory_alert a
   set status = 'resolved', resolved_at = coalesce(a.resolved_at, now())
 where a.status <> 'resolved'
   and exists (select 1 from inventory_alert b
                where b.dedupe_key = a.dedupe_key and b.status <> 'resolved'
                  and (b.created_at, b.id) > (a.created_at, a.id));

drop index inventory_alert_open_idx;
create unique index inventory_alert_unresolved_idx on inventory_alert (dedupe_key) where status <> 'resolved';

-- What every stock change reads to decide whether a low-stock alert must be raised or resolved:
-- as in 0062, with `alert_open` now meaning an unresolved alert (open or acknowledged).
create or replace function inventory_sku_availability(p_store_ids uuid[], p_sku_ids uuid[])
returns table (store_id uuid, sku_id uuid, on_hand bigint, reserved bigint, point_organization_id uuid,
               reorder_at bigint, reorder_quantity bigint, alert_open boolean)
language plpgsql stable
set plan_cache_mode = force_generic_plan
as $$
begin
  return query
    with k as (
      select * from unnest(p_store_ids, p_sku_ids) as k(store_id, sku_id)
    ), t as (
      select s.store_id, s.sku_id,
             coalesce(sum(s.on_hand) filter (where p.status = 'active' and p.lab_status <> 'failed'
                        and (p.expires_on is null or p.expires_on >= current_date) and l.sellable and l.active), 0)::bigint as on_hand,
             coalesce(sum(s.reserved) filter (where p.status = 'active' and p.lab_status <> 'failed'
                        and (p.expires_on is null or p.expires_on >= current_date) and l.sellable and l.active), 0)::bigint as reserved
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
