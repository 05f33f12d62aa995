-- Storefront read model, product level: one row per (store, product) that the store's online menu
-- shows (it has at least one storefront_item row, migration 0012), with the product's attributes
-- and, rolled up over its sellable SKUs at the store, the min/max price and THC, bitmasks of the
-- THC and price buckets they fall in, and the last day one of them is in stock (and the same
-- roll-up over the SKUs in stock, for a search filtered on stock alone). Search reads
-- these ~6,400 rows per store instead of aggregating ~11,300 SKU rows on every request, and
-- storefront_item keeps only what is per SKU (price, THC, stock): its narrow rows are what a
-- search with a price, THC or stock filter reads.
--
-- Maintenance: the same commit-time flush. storefront_refresh (replaced below) first upserts or
-- deletes the SKU rows as before, then rolls up the (store, product) pairs that need it: the
-- product a changed SKU row belongs to now and the one it belonged to before (a SKU can move to
-- another product or leave the menu), and the products whose own attributes changed (a product
-- change marks all its SKUs). A sale that leaves a SKU in stock changes no SKU row and no product
-- attribute, so it writes nothing.
--
-- Why a second set of locks: two transactions changing different SKUs of one product at one store
-- (different SKU lock buckets) would each roll the product up from a snapshot without the other's
-- SKU change. So after its SKU rows are written, the flush takes transaction advisory locks per
-- (store, 32 hash buckets of the product) in sorted order and rolls up in a new statement (new
-- snapshot). Every transaction takes all its SKU locks before any product lock, and each kind in
-- sorted order, so no wait cycle can form.

-- The THC % and price buckets of search (THC_BUCKETS and PRICE_BUCKETS in
-- modules/search/search.service.ts; search.test.ts checks that they agree): bit n set = bucket n.
-- A bucket holds min <= value < max; the last one has no max.
create function storefront_thc_bit(thc numeric) returns integer
language sql immutable parallel safe as $$
  select case when thc < 15 then 1 when thc < 20 then 2 when thc < 25 then 4 when thc < 30 then 8 when thc >= 30 then 16 end
$$;

create function storefront_price_bit(price_cents integer) returns integer
language sql immutable parallel safe as $$
  select case when price_cents < 2000 then 1 when price_cents < 4000 then 2 when price_cents < 6000 then 4
              when price_cents < 10000 then 8 when price_cents >= 10000 then 16 end
$$;

-- storefront_item keeps the SKU-level facts only. The product attributes move to
-- storefront_product; words are matched on `product.search_vector` (its GIN index, migration
-- 0002), so the per-(store, SKU) copies of the document and their GIN index go. THC as `real` is
-- a narrow copy for search (numeric(5,2) values are exact as real and keep their order). Adding a
-- stored generated column rewrites the table, which also drops the removed columns' bytes.
drop index storefront_item_search_idx;
alter table storefront_item
  drop column title,
  drop column category,
  drop column strain_type,
  drop column brand_id,
  drop column effects,
  drop column search_vector;
alter table storefront_item add column thc real generated always as (thc_percent::real) stored;
-- A store's rows grouped by product, readable from the index alone (index-only scan, in product
-- order): the SKU-level pass of search, the page's SKUs and the roll-up all use it.
create index storefront_item_product_idx on storefront_item (store_id, product_id) include (price_cents, thc, in_stock_until);

create table storefront_product (
  store_id uuid not null,
  product_id uuid not null,
  organization_id uuid not null,
  min_price_cents integer not null,
  max_price_cents integer not null,
  -- Bit n set = some SKU of the product at the store falls in THC_BUCKETS[n] / PRICE_BUCKETS[n].
  thc_bits integer not null,
  price_bits integer not null,
  min_thc real,
  max_thc real,
  -- Max over its SKUs' storefront_item.in_stock_until: in stock today = in_stock_until >= current_date.
  in_stock_until date,
  -- The same roll-up over the SKUs in stock on the day of the roll-up, for a search whose only
  -- SKU-level filter is "in stock". That set is the in-stock set of every day d with
  -- stocked_after < d <= stocked_until (the latest in_stock_until among the SKUs not in it, the
  -- earliest among those in it); a day outside the window (a package's expiry passed since) makes
  -- search read this product's SKU rows instead.
  stocked_min_price_cents integer,
  stocked_max_price_cents integer,
  stocked_thc_bits integer not null,
  stocked_price_bits integer not null,
  stocked_min_thc real,
  stocked_max_thc real,
  stocked_after date not null,
  stocked_until date not null,
  brand_id uuid,
  category text not null,
  strain_type text,
  title text not null,
  effects text[] not null,
  primary key (store_id, product_id)
);

-- Rolls up the given (store, product) pairs: the product's attributes from `product`, the rest
-- from its storefront_item rows. Upserts the pairs that have rows (only when something changed)
-- and deletes the rest. PL/pgSQL so that a session plans the statement once, not on every call.
create function storefront_product_refresh(p_store_ids uuid[], p_product_ids uuid[]) returns void
language plpgsql volatile as $$
begin
  with pairs as (
    select distinct t.store_id, t.product_id from unnest(p_store_ids, p_product_ids) as t(store_id, product_id)
  ),
  rolled as materialized (
    select pairs.store_id, pairs.product_id, a.*, p.organization_id, p.brand_id, p.category, p.strain_type, p.title, p.effects
      from pairs
      cross join lateral (
        select count(*) as skus, min(i.price_cents) as min_price_cents, max(i.price_cents) as max_price_cents,
               coalesce(bit_or(storefront_thc_bit(i.thc_percent)), 0) as thc_bits,
               coalesce(bit_or(storefront_price_bit(i.price_cents)), 0) as price_bits,
               min(i.thc) as min_thc, max(i.thc) as max_thc, max(i.in_stock_until) as in_stock_until,
               min(i.price_cents) filter (where i.in_stock_until >= current_date) as stocked_min_price_cents,
               max(i.price_cents) filter (where i.in_stock_until >= current_date) as stocked_max_price_cents,
               coalesce(bit_or(storefront_thc_bit(i.thc_percent)) filter (where i.in_stock_until >= current_date), 0) as stocked_thc_bits,
               coalesce(bit_or(storefront_price_bit(i.price_cents)) filter (where i.in_stock_until >= current_date), 0) as stocked_price_bits,
               min(i.thc) filter (where i.in_stock_until >= current_date) as stocked_min_thc,
               max(i.thc) filter (where i.in_stock_until >= current_date) as stocked_max_thc,
               coalesce(max(i.in_stock_until) filter (where i.in_stock_until < current_date), '-infinity') as stocked_after,
               coalesce(min(i.in_stock_until) filter (where i.in_stock_until >= current_date), 'infinity') as stocked_until
          from storefront_item i where i.store_id = pairs.store_id and i.product_id = pairs.product_id) a
      left join product p on p.id = pairs.product_id
  ),
  gone as (
    delete from storefront_product sp using rolled
     where sp.store_id = rolled.store_id and sp.product_id = rolled.product_id and rolled.skus = 0
  )
  insert into storefront_product as sp (store_id, product_id, organization_id, min_price_cents, max_price_cents, thc_bits,
                                        price_bits, min_thc, max_thc, in_stock_until, stocked_min_price_cents,
                                        stocked_max_price_cents, stocked_thc_bits, stocked_price_bits, stocked_min_thc,
                                        stocked_max_thc, stocked_after, stocked_until, brand_id, category, strain_type,
                                        title, effects)
  select store_id, product_id, organization_id, min_price_cents, max_price_cents, thc_bits,
         price_bits, min_thc, max_thc, in_stock_until, stocked_min_price_cents,
         stocked_max_price_cents, stocked_thc_bits, stocked_price_bits, stocked_min_thc,
         stocked_max_thc, stocked_after, stocked_until, brand_id, category, strain_type, title, effects
    from rolled where skus > 0
  on conflict (store_id, product_id) do update
     set organization_id = excluded.organization_id, min_price_cents = excluded.min_price_cents,
         max_price_cents = excluded.max_price_cents, thc_bits = excluded.thc_bits, price_bits = excluded.price_bits,
         min_thc = excluded.min_thc, max_thc = excluded.max_thc, in_stock_until = excluded.in_stock_until,
         stocked_min_price_cents = excluded.stocked_min_price_cents, stocked_max_price_cents = excluded.stocked_max_price_cents,
         stocked_thc_bits = excluded.stocked_thc_bits, stocked_price_bits = excluded.stocked_price_bits,
         stocked_min_thc = excluded.stocked_min_thc, stocked_max_thc = excluded.stocked_max_thc,
         stocked_after = excluded.stocked_after, stocked_until = excluded.stocked_until,
         brand_id = excluded.brand_id, category = excluded.category, strain_type = excluded.strain_type,
         title = excluded.title, effects = excluded.effects
   where (sp.organization_id, sp.min_price_cents, sp.max_price_cents, sp.thc_bits, sp.price_bits, sp.min_thc, sp.max_thc,
          sp.in_stock_until, sp.stocked_min_price_cents, sp.stocked_max_price_cents, sp.stocked_thc_bits,
          sp.stocked_price_bits, sp.stocked_min_thc, sp.stocked_max_thc, sp.stocked_after, sp.stocked_until,
          sp.brand_id, sp.category, sp.strain_type, sp.title, sp.effects)
         is distinct from
         (excluded.organization_id, excluded.min_price_cents, excluded.max_price_cents, excluded.thc_bits,
          excluded.price_bits, excluded.min_thc, excluded.max_thc, excluded.in_stock_until,
          excluded.stocked_min_price_cents, excluded.stocked_max_price_cents, excluded.stocked_thc_bits,
          excluded.stocked_price_bits, excluded.stocked_min_thc, excluded.stocked_max_thc, excluded.stocked_after,
          excluded.stocked_until, excluded.brand_id, excluded.category, excluded.strain_type, excluded.title,
          excluded.effects);
end
$$;

-- Recomputes the given (store, SKU) pairs from the sources, as in 0012 (upserts the sellable ones
-- only when something changed, deletes the rest), then rolls up the products that need it.
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
  -- Every pair, with whether it is sellable now; a left join from the pairs (not a second look
  -- at a CTE) keeps both the delete and the upsert index lookups.
  src as materialized (
    select pairs.store_id, pairs.sku_id,
           coalesce(p.organization_id = store.organization_id
                    and p.status = 'active' and s.status = 'active' and s.review_status = 'confirmed'
                    and not (s.restricted_jurisdictions @> array[store.jurisdiction]), false) as listed,
           p.organization_id, p.id as product_id, p.title, p.category, p.strain_type, p.brand_id, p.effects,
           s.thc_percent, pr.price_cents,
           (select max(coalesce(pk.expires_on, 'infinity'::date))
              from inventory_stock st
              join inventory_package pk on pk.id = st.package_id
              join inventory_location l on l.id = st.location_id
             where st.store_id = pairs.store_id and st.sku_id = pairs.sku_id and st.on_hand > st.reserved
               and pk.status = 'active' and pk.lab_status <> 'failed' and l.sellable and l.active) as in_stock_until
      from pairs
      left join sku_price pr on pr.store_id = pairs.store_id and pr.sku_id = pairs.sku_id
      left join sku s on s.id = pr.sku_id
      left join product p on p.id = s.product_id
      left join store on store.id = pr.store_id
  ),
  -- The rows as they were (every part of one statement sees the snapshot from before its writes).
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
    insert into storefront_item as i (store_id, sku_id, organization_id, product_id, thc_percent, price_cents, in_stock_until)
    select store_id, sku_id, organization_id, product_id, thc_percent, price_cents, in_stock_until
      from src where listed
    on conflict (store_id, sku_id) do update
       set organization_id = excluded.organization_id, product_id = excluded.product_id,
           thc_percent = excluded.thc_percent, price_cents = excluded.price_cents, in_stock_until = excluded.in_stock_until
     where (i.organization_id, i.product_id, i.thc_percent, i.price_cents, i.in_stock_until)
           is distinct from
           (excluded.organization_id, excluded.product_id, excluded.thc_percent, excluded.price_cents, excluded.in_stock_until)
    returning i.store_id, i.sku_id, i.product_id
  ),
  -- Products shown at the store whose own attributes no longer match their row.
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
  -- A new statement, so a new snapshot: it sees the SKU rows of the transactions we waited for.
  perform storefront_product_refresh(stores, products);
end
$$;

-- Backfill: the products of the SKU rows there are.
select storefront_product_refresh(coalesce(array_agg(store_id), '{}'), coalesce(array_agg(product_id), '{}'))
  from (select distinct store_id, product_id from storefront_item) t;
