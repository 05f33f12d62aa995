-- The price history holds every price change, not only organization-wide prices and prices set
-- ahead (docs/catalog.md, "Price history"). Until now a store's price set now was only its
-- sku_price row, overwritten by the next one; what it was before was in the audit log alone, so
-- the history could not say what a SKU cost at a store on a past day.
--
-- 1. A store price set now (PUT …/prices, a product's or SKU's prices, the import) writes, in the
--    transaction that writes its sku_price row, a started entry of the store in sku_price_schedule:
--    the same cents, currency and tiers, effective_from = now() (the row's updated_at) and
--    created_by. sku_price_in_force (0155) is unchanged: it takes a store entry only when it
--    started after the row's updated_at, so this entry (equal to it) never wins over the row, and
--    checkout charges, and versions its quote (the row's xmin), as before. sku_price stays the
--    store's current price, which the menu, the import and checkout read.
-- 2. A removal (DELETE …/prices/:storeId, DELETE …/organization-price) ends the scope's started
--    entries as before, and now says who ended them: ended_by.
-- 3. Backfill: each current sku_price row becomes an entry started at its updated_at, set by the
--    staff member whose audit row (catalog.price.changed) wrote that exact row, else by nobody
--    known (the audit row's after.updatedAt is the row's updated_at to the millisecond). The values
--    a store had before its current row are not rebuilt: the audit log still has them, and the
--    history of a store starts with its current price. Running this file again adds nothing.

alter table sku_price_schedule add column if not exists ended_by uuid;

insert into sku_price_schedule (organization_id, sku_id, store_id, price_cents, currency, tiers, effective_from, created_at, created_by)
select pr.organization_id, pr.sku_id, pr.store_id, pr.price_cents, pr.currency, pr.tiers, pr.updated_at, pr.updated_at,
       (select a.actor_id::uuid from audit_log a
         where a.entity_type = 'sku' and a.entity_id = pr.sku_id::text and a.action = 'catalog.price.changed'
           and a.store_id = pr.store_id and a.actor_type = 'staff'
           and (a.after->>'updatedAt')::timestamptz = date_trunc('milliseconds', pr.updated_at)
         order by a.id desc limit 1)
  from sku_price pr
on conflict do nothing;
