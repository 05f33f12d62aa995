-- The online menu shows the price checkout charges: the price in force at the store (docs/catalog.md,
-- "Prices in force"), not only the store's sku_price row. Until now storefront_item (migration 0012,
-- refreshed as in 0071) read sku_price alone, so a store without its own price did not list a SKU
-- priced organization-wide, and a price set ahead did not show once it started.
--
-- 1. sku_price_in_force(store, SKU): the one statement of the rule, read by checkout
--    (catalog/checkout-read.ts), the menu and the listing check: the store's own price
--    (its sku_price row, in force since updated_at, or, when later, its latest started entry),
--    else the latest started organization-wide entry when it is in the store's currency, else no
--    row's worth of price (all nulls). A single-SELECT `language sql stable` set-returning
--    function, so the planner inlines it as the same two laterals (no call per row).
-- 2. The store's currency in SQL: its jurisdiction pack's (rules), which SQL cannot read. The
--    search module copies every built-in pack's currency into storefront_jurisdiction_currency
--    when a server starts (search.routes.ts); absent = USD, as catalog's currencyOf answers for a
--    jurisdiction without a pack. Seeded here with the one non-USD pack there is (0111).
-- 3. storefront_item keeps the currency and tiers of the price it shows, so the menu's SKU answers
--    come from the one row its filters, sorts and roll-ups read (no second look at sku_price).
-- 4. Writes that change a price in force mark their (store, SKU) pairs: entries of the schedule
--    (an organization-wide one: every store of the organization), and SKU, product and store
--    changes now mark the pairs priced organization-wide or by a schedule entry too.
-- 5. A price set ahead starts with no write at all: the search module's price-start pass
--    (price-starts.ts) marks the pairs of entries started since its last pass, at the next start's
--    instant or within a minute. storefront_price_start_pass holds how far it has gone.

create table storefront_jurisdiction_currency (
  jurisdiction text primary key,
  currency text not null check (currency ~ '^[A-Z]{3}$')
);
insert into storefront_jurisdiction_currency values ('CA-ON', 'CAD');

create function sku_price_in_force(p_store_id uuid, p_sku_id uuid)
returns table (price_scope text, price_cents integer, currency text, tiers jsonb, own_entry_id uuid, org_entry_id uuid, price_row_version text)
language sql stable as $$
  select case when own_entry.id is not null or pr.sku_id is not null then 'store' when org_entry.id is not null then 'organization' end,
         coalesce(own_entry.price_cents, pr.price_cents, org_entry.price_cents),
         case when own_entry.id is not null then own_entry.currency when pr.sku_id is not null then pr.currency else org_entry.currency end,
         case when own_entry.id is not null then own_entry.tiers when pr.sku_id is not null then pr.tiers else org_entry.tiers end,
         own_entry.id, org_entry.id,
         -- The store's price row's version (its xmin): a price set now changes it, and checkout's
         -- completion compares it with the quote's.
         pr.xmin::text
    from (select 1) one
    left join sku_price pr on pr.sku_id = p_sku_id and pr.store_id = p_store_id
    left join lateral (
      select e.id, e.price_cents, e.currency, e.tiers from sku_price_schedule e
       where e.sku_id = p_sku_id and e.store_id = p_store_id and e.effective_from <= now() and e.ended_at is null
         and e.effective_from > coalesce(pr.updated_at, '-infinity')
       order by e.effective_from desc limit 1) own_entry on true
    -- An organization-wide price is in one currency: it prices nothing at a store of another.
    left join lateral (
      select e.id, e.price_cents, e.currency, e.tiers from sku_price_schedule e
       where e.sku_id = p_sku_id and e.store_id is null and e.effective_from <= now() and e.ended_at is null
         and e.currency = coalesce((select c.currency from store s join storefront_jurisdiction_currency c on c.jurisdiction = upper(s.jurisdiction)
                                     where s.id = p_store_id), 'USD')
       order by e.effective_from desc limit 1) org_entry on true
$$;

-- The (store, SKU) pairs some price may be in force at, narrowed to the given stores and SKUs (null:
-- any): a store's sku_price rows and its own schedule entries, and every store of the organization
-- for a SKU with an organization-wide entry. Entries not ended only; whether one has started is for
-- the refresh to judge.
create function storefront_priced_pairs(p_store_ids uuid[], p_sku_ids uuid[])
returns table (store_id uuid, sku_id uuid)
language sql stable as $$
  select pr.store_id, pr.sku_id from sku_price pr
   where (p_store_ids is null or pr.store_id = any(p_store_ids)) and (p_sku_ids is null or pr.sku_id = any(p_sku_ids))
  union
  select e.store_id, e.sku_id from sku_price_schedule e
   where e.store_id is not null and e.ended_at is null
     and (p_store_ids is null or e.store_id = any(p_store_ids)) and (p_sku_ids is null or e.sku_id = any(p_sku_ids))
  union
  select s.id, e.sku_id from sku_price_schedule e join store s on s.organization_id = e.organization_id
   where e.store_id is null and e.ended_at is null
     and (p_store_ids is null or s.id = any(p_store_ids)) and (p_sku_ids is null or e.sku_id = any(p_sku_ids))
$$;

-- The pass finds entries by their start.
create index sku_price_schedule_start_idx on sku_price_schedule (effective_from);

alter table storefront_item
  add column currency text not null default 'USD',
  add column tiers jsonb not null default '[]'::jsonb;

-- The refresh of migration 0071, reading the price in force (and listing a pair only when there is
-- one) instead of the store's sku_price row, and keeping its currency and tiers.
create or replace function storefront_refresh(p_store_ids uuid[], p_sku_ids uuid[]) returns void
language plpgsql volatile as $$
declare
  stores uuid[];
  products uuid[];
  bucket record;
begin
  with pairs as (
    select distinct t.store_id, t.sku_id from unnest(p_store_ids, p_sku_ids) as t(store_id, sku_id)
  ),
  src as materialized (
    select pairs.store_id, pairs.sku_id,
           coalesce(pr.price_cents is not null and p.organization_id = store.organization_id
                    and p.status = 'active' and s.status = 'active' and s.review_status = 'confirmed'
                    and not (s.restricted_jurisdictions @> array[store.jurisdiction])
                    and not exists (select 1 from storefront_pack_refusal r where r.store_id = pairs.store_id and r.sku_id = pairs.sku_id), false) as listed,
           p.organization_id, p.id as product_id, p.title, p.category, p.strain_type, p.brand_id, p.effects,
           s.thc_percent, pr.price_cents, pr.currency, pr.tiers,
           (select max(coalesce(pk.expires_on, 'infinity'::date))
              from inventory_stock st
              join inventory_package pk on pk.id = st.package_id
              join inventory_location l on l.id = st.location_id
             where st.store_id = pairs.store_id and st.sku_id = pairs.sku_id and st.on_hand > st.reserved
               and pk.status = 'active' and pk.lab_status <> 'failed' and l.sellable and l.active) as in_stock_until
      from pairs
      left join lateral sku_price_in_force(pairs.store_id, pairs.sku_id) pr on true
      left join sku s on s.id = pairs.sku_id
      left join product p on p.id = s.product_id
      left join store on store.id = pairs.store_id
  ),
  prior as materialized (
    select i.store_id, i.sku_id, i.product_id
      from pairs join storefront_item i on i.store_id = pairs.store_id and i.sku_id = pairs.sku_id
  ),
  gone as (
    delete from storefront_item i using src
     where i.store_id = src.store_id and i.sku_id = src.sku_id and not src.listed
    returning i.store_id, i.product_id
  ),
  put as (
    insert into storefront_item as i (store_id, sku_id, organization_id, product_id, thc_percent, price_cents, currency, tiers, in_stock_until)
    select store_id, sku_id, organization_id, product_id, thc_percent, price_cents, currency, tiers, in_stock_until
      from src where listed
    on conflict (store_id, sku_id) do update
       set organization_id = excluded.organization_id, product_id = excluded.product_id, thc_percent = excluded.thc_percent,
           price_cents = excluded.price_cents, currency = excluded.currency, tiers = excluded.tiers, in_stock_until = excluded.in_stock_until
     where (i.organization_id, i.product_id, i.thc_percent, i.price_cents, i.currency, i.tiers, i.in_stock_until)
           is distinct from
           (excluded.organization_id, excluded.product_id, excluded.thc_percent, excluded.price_cents, excluded.currency, excluded.tiers, excluded.in_stock_until)
    returning i.store_id, i.sku_id, i.product_id
  ),
  changed_product as (
    select src.store_id, src.product_id
      from src join storefront_product sp on sp.store_id = src.store_id and sp.product_id = src.product_id
     where src.listed
       and (sp.organization_id, sp.title, sp.category, sp.strain_type, sp.brand_id, sp.effects)
           is distinct from (src.organization_id, src.title, src.category, src.strain_type, src.brand_id, src.effects)
  ),
  affected as (
    select store_id, product_id from gone
    union select store_id, product_id from put
    union select prior.store_id, prior.product_id from put join prior on prior.store_id = put.store_id and prior.sku_id = put.sku_id
    union select store_id, product_id from changed_product
  )
  select array_agg(store_id), array_agg(product_id) into stores, products from affected;

  if stores is null then
    return;
  end if;
  for bucket in
    select distinct hashtextextended('storefront_product:' || s::text || ':' || (hashtext(p::text) & 31)::text, 0) as key
      from unnest(stores, products) as t(s, p)
     order by 1
  loop
    perform pg_advisory_xact_lock(bucket.key);
  end loop;
  perform storefront_product_refresh(stores, products);
end
$$;

-- ---- what marks pairs now -------------------------------------------------------------------

-- The pairs one schedule entry prices: its store's, or every store of the organization.
create function storefront_entry_pairs(p_organization_id uuid, p_store_id uuid, p_sku_id uuid)
returns table (store_id uuid, sku_id uuid)
language sql stable as $$
  select p_store_id, p_sku_id where p_store_id is not null
  union all
  select s.id, p_sku_id from store s where p_store_id is null and s.organization_id = p_organization_id
$$;

-- A schedule entry written, ended or withdrawn: its pairs, when it has started (one set ahead
-- changes nothing now; the price-start pass takes it at its start). Moving a start is no write the
-- API makes (time moves starts into the past without any), so an update marks only when what the
-- entry prices or whether it has ended changed.
create function storefront_mark_price_schedule() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    perform storefront_mark(string_agg(t.store_id::text || t.sku_id::text, ',') || ',')
       from (select distinct x.store_id, x.sku_id from old_rows e
               cross join lateral storefront_entry_pairs(e.organization_id, e.store_id, e.sku_id) x
              where e.effective_from <= now()) t;
  elsif tg_op = 'UPDATE' then
    perform storefront_mark(string_agg(t.store_id::text || t.sku_id::text, ',') || ',')
       from (select distinct x.store_id, x.sku_id
               from new_rows n join old_rows o on o.id = n.id
               cross join lateral (select n.organization_id, n.store_id, n.sku_id, n.effective_from
                                   union all select o.organization_id, o.store_id, o.sku_id, o.effective_from) e
               cross join lateral storefront_entry_pairs(e.organization_id, e.store_id, e.sku_id) x
              where e.effective_from <= now()
                and (n.store_id, n.sku_id, n.price_cents, n.currency, n.tiers, n.ended_at)
                    is distinct from (o.store_id, o.sku_id, o.price_cents, o.currency, o.tiers, o.ended_at)) t;
  else
    perform storefront_mark(string_agg(t.store_id::text || t.sku_id::text, ',') || ',')
       from (select distinct x.store_id, x.sku_id from new_rows e
               cross join lateral storefront_entry_pairs(e.organization_id, e.store_id, e.sku_id) x
              where e.effective_from <= now()) t;
  end if;
  return null;
end
$$;
create trigger storefront_price_schedule_insert after insert on sku_price_schedule
  referencing new table as new_rows for each statement execute function storefront_mark_price_schedule();
create trigger storefront_price_schedule_update after update on sku_price_schedule
  referencing new table as new_rows old table as old_rows for each statement execute function storefront_mark_price_schedule();
create trigger storefront_price_schedule_delete after delete on sku_price_schedule
  referencing old table as old_rows for each statement execute function storefront_mark_price_schedule();

-- SKU, product and store changes (as in 0012) mark every pair a price may be in force at, not only
-- the pairs with a sku_price row: a SKU priced organization-wide is on menus too.
create or replace function storefront_mark_sku() returns trigger
language plpgsql as $$
begin
  perform storefront_mark(string_agg(pp.store_id::text || pp.sku_id::text, ',') || ',')
     from storefront_priced_pairs(null, (
            select coalesce(array_agg(n.id), '{}') from new_rows n join old_rows o on o.id = n.id
             where (n.product_id, n.status, n.review_status, n.restricted_jurisdictions, n.thc_percent)
                   is distinct from (o.product_id, o.status, o.review_status, o.restricted_jurisdictions, o.thc_percent))) pp;
  return null;
end
$$;

create or replace function storefront_mark_product() returns trigger
language plpgsql as $$
begin
  perform storefront_mark(string_agg(pp.store_id::text || pp.sku_id::text, ',') || ',')
     from storefront_priced_pairs(null, (
            select coalesce(array_agg(s.id), '{}') from new_rows n join old_rows o on o.id = n.id
              join sku s on s.product_id = n.id
             where (n.organization_id, n.title, n.category, n.strain_type, n.brand_id, n.effects, n.status, n.search_vector)
                   is distinct from (o.organization_id, o.title, o.category, o.strain_type, o.brand_id, o.effects, o.status, o.search_vector))) pp;
  return null;
end
$$;

create or replace function storefront_mark_store() returns trigger
language plpgsql as $$
begin
  perform storefront_mark(string_agg(pp.store_id::text || pp.sku_id::text, ',') || ',')
     from storefront_priced_pairs((
            select coalesce(array_agg(n.id), '{}') from new_rows n join old_rows o on o.id = n.id
             where (n.jurisdiction, n.organization_id) is distinct from (o.jurisdiction, o.organization_id)), null) pp;
  return null;
end
$$;

-- A store's sku_price row: its tiers and currency are on the menu now, and a row written again
-- (updated_at) replaces a started entry of the store even at the same cents.
create or replace function storefront_mark_sku_price() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    perform storefront_mark(string_agg(store_id::text || sku_id::text, ',') || ',') from old_rows;
  elsif tg_op = 'UPDATE' then
    perform storefront_mark(string_agg(n.store_id::text || n.sku_id::text || ',' || o.store_id::text || o.sku_id::text, ',') || ',')
       from new_rows n join old_rows o on o.store_id = n.store_id and o.sku_id = n.sku_id
      where (n.price_cents, n.currency, n.tiers, n.updated_at, n.organization_id)
            is distinct from (o.price_cents, o.currency, o.tiers, o.updated_at, o.organization_id);
  else
    perform storefront_mark(string_agg(store_id::text || sku_id::text, ',') || ',') from new_rows;
  end if;
  return null;
end
$$;

-- A new store of a chain lists what is priced organization-wide from the start.
create function storefront_mark_new_store() returns trigger
language plpgsql as $$
begin
  perform storefront_mark(string_agg(pp.store_id::text || pp.sku_id::text, ',') || ',')
     from storefront_priced_pairs((select coalesce(array_agg(id), '{}') from new_rows), null) pp;
  return null;
end
$$;
create trigger storefront_store_insert after insert on store
  referencing new table as new_rows for each statement execute function storefront_mark_new_store();

-- How far the price-start pass has gone: entries that started up to here have marked their pairs.
create table storefront_price_start_pass (
  id boolean primary key default true check (id),
  passed_through timestamptz not null
);
insert into storefront_price_start_pass values (true, now());

-- Backfill: every row shown (its currency and tiers) and every pair a price may be in force at.
select storefront_refresh(coalesce(array_agg(store_id), '{}'), coalesce(array_agg(sku_id), '{}'))
  from (select store_id, sku_id from storefront_item
        union select store_id, sku_id from storefront_priced_pairs(null, null)) t;
