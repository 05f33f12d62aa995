-- Items the store's compliance pack lets nobody buy stay off its online menu.
--
-- A product rule of the pack (an edible over its package cap, New Jersey's perishable edibles,
-- Illinois's alcohol products) refuses such an item at every sale; listing it only to refuse it at
-- "add to cart" is what customers of glued-together systems complain about. Which items a pack
-- refuses is decided by the rules engine (TypeScript, with the store's overrides and the rule's
-- effective dates), so the compliance module writes its verdicts here and the storefront refresh
-- reads them: a (store, SKU) pair with a row is not listed. Rows come and go as the catalog, the
-- store's overrides or the date change (modules/compliance/listing-refusals.ts); each insert or
-- delete marks its pair, and the commit-time flush (migration 0012) lists or delists it in the
-- same transaction.
create table storefront_pack_refusal (
  store_id uuid not null references store (id) on delete cascade,
  sku_id uuid not null references sku (id) on delete cascade,
  organization_id uuid not null,
  -- The pack's product rules that refuse it (ids), and the store-local date the verdict is for.
  rules text[] not null check (cardinality(rules) > 0),
  decided_on date not null,
  primary key (store_id, sku_id)
);
create index storefront_pack_refusal_sku_idx on storefront_pack_refusal (sku_id);

create function storefront_mark_pack_refusal() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    perform storefront_mark(string_agg(store_id::text || sku_id::text, ',') || ',') from old_rows;
  else
    perform storefront_mark(string_agg(store_id::text || sku_id::text, ',') || ',') from new_rows;
  end if;
  return null;
end
$$;
create trigger storefront_pack_refusal_insert after insert on storefront_pack_refusal
  referencing new table as new_rows for each statement execute function storefront_mark_pack_refusal();
create trigger storefront_pack_refusal_delete after delete on storefront_pack_refusal
  referencing old table as old_rows for each statement execute function storefront_mark_pack_refusal();

-- The refresh of migration 0060, with one more condition on `listed`: no refusal row.
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
                    and not (s.restricted_jurisdictions @> array[store.jurisdiction])
                    and not exists (select 1 from storefront_pack_refusal r where r.store_id = pairs.store_id and r.sku_id = pairs.sku_id), false) as listed,
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
