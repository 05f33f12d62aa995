-- Storefront read model: one narrow row per (store, SKU) that the store's online menu shows,
-- with everything search filters, sorts and counts facets on (product attributes, the search
-- document, the store's price and whether it is in stock). Search reads this one table instead
-- of joining prices, SKUs, products and the aggregating availability view for every request.
--
-- A row exists exactly when the SKU is sellable online at the store: it has a price there, the
-- product and the SKU are active, the SKU is confirmed (not waiting for review) and it is not
-- restricted in the store's jurisdiction.
--
-- Maintenance: triggers on the sources (sku_price, sku, product, store, inventory_stock,
-- inventory_package, inventory_location) note which (store, SKU) pairs a statement touched;
-- one deferred trigger recomputes those pairs from the sources at COMMIT, in the same
-- transaction. Triggers rather than calls from the services because every writer is then
-- covered: the API, the set-based CSV import, review decisions, brand renames (they rewrite
-- product.brand_name), recalls, expiry sweeps, location switches and operators' SQL fixes.
--
-- Why at commit, under advisory locks taken in sorted order: two transactions that change the
-- stock of one SKU at one store (different packages) would otherwise each recompute "in stock"
-- from a snapshot without the other's change and could both leave a stale answer (write skew).
-- The lock makes the second wait for the first's commit; its recomputation then runs with a new
-- snapshot (READ COMMITTED) and sees both. Locks are per (store, hash bucket of the SKU), taken
-- in one sorted pass at commit, so they cannot deadlock with each other, are held only for the
-- commit itself, and a large import takes at most 32 per store.

create table storefront_item (
  store_id uuid not null,
  sku_id uuid not null,
  organization_id uuid not null,
  product_id uuid not null,
  title text not null,
  category text not null,
  strain_type text,
  brand_id uuid,
  effects text[] not null,
  search_vector tsvector not null,
  thc_percent numeric(5, 2),
  price_cents integer not null,
  -- Last day some sellable package of the SKU at the store has units not reserved
  -- ('infinity' when one never expires); null = none. In stock today = in_stock_until >= current_date,
  -- which is exactly sku_store_availability.available_quantity > 0, and stays right as days pass.
  in_stock_until date,
  primary key (store_id, sku_id)
);
create index storefront_item_search_idx on storefront_item using gin (search_vector);
create index storefront_item_sku_idx on storefront_item (sku_id);

-- Recomputes the given (store, SKU) pairs from the sources: upserts the sellable ones (only
-- when something changed, so a sale that leaves a SKU in stock writes nothing) and deletes the rest.
create function storefront_refresh(p_store_ids uuid[], p_sku_ids uuid[]) returns void
language sql volatile as $$
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
           p.organization_id, p.id as product_id, p.title, p.category, p.strain_type,
           p.brand_id, p.effects, p.search_vector, s.thc_percent, pr.price_cents,
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
  gone as (
    delete from storefront_item i using src
     where i.store_id = src.store_id and i.sku_id = src.sku_id and not src.listed
  )
  insert into storefront_item as i (store_id, sku_id, organization_id, product_id, title, category, strain_type,
                                    brand_id, effects, search_vector, thc_percent, price_cents, in_stock_until)
  select store_id, sku_id, organization_id, product_id, title, category, strain_type,
         brand_id, effects, search_vector, thc_percent, price_cents, in_stock_until
    from src where listed
  on conflict (store_id, sku_id) do update
     set organization_id = excluded.organization_id, product_id = excluded.product_id, title = excluded.title,
         category = excluded.category, strain_type = excluded.strain_type, brand_id = excluded.brand_id,
         effects = excluded.effects, search_vector = excluded.search_vector, thc_percent = excluded.thc_percent,
         price_cents = excluded.price_cents, in_stock_until = excluded.in_stock_until
   where (i.organization_id, i.product_id, i.title, i.category, i.strain_type, i.brand_id, i.effects,
          i.search_vector, i.thc_percent, i.price_cents, i.in_stock_until)
         is distinct from
         (excluded.organization_id, excluded.product_id, excluded.title, excluded.category, excluded.strain_type,
          excluded.brand_id, excluded.effects, excluded.search_vector, excluded.thc_percent, excluded.price_cents,
          excluded.in_stock_until)
$$;

-- One row per transaction that has pairs waiting; its deferred trigger does the work at commit.
create table storefront_refresh_request (id bigserial primary key);

-- Pending pairs live in a transaction-local setting (rolled back with a savepoint, gone at the
-- end of the transaction): "<store uuid><sku uuid>," repeated.
create function storefront_mark(p_pairs text) returns void
language plpgsql volatile as $$
declare
  pending text := coalesce(current_setting('verdant.storefront_pending', true), '');
begin
  if p_pairs is null or p_pairs = '' then
    return;
  end if;
  if pending = '' then
    insert into storefront_refresh_request default values;
  end if;
  perform set_config('verdant.storefront_pending', pending || p_pairs, true);
end
$$;

create function storefront_flush() returns trigger
language plpgsql volatile as $$
declare
  pending text := coalesce(current_setting('verdant.storefront_pending', true), '');
  bucket record;
  stores uuid[];
  skus uuid[];
begin
  delete from storefront_refresh_request where id = new.id;
  if pending = '' then
    return null;
  end if;
  perform set_config('verdant.storefront_pending', '', true);
  select array_agg(substr(x, 1, 36)::uuid), array_agg(substr(x, 37, 36)::uuid)
    into stores, skus
    from (select distinct x from unnest(string_to_array(pending, ',')) as x where x <> '') t;
  for bucket in
    select distinct hashtextextended('storefront:' || s::text || ':' || (hashtext(k::text) & 31)::text, 0) as key
      from unnest(stores, skus) as t(s, k)
     order by 1
  loop
    perform pg_advisory_xact_lock(bucket.key);
  end loop;
  -- A new statement, so a new snapshot: it sees what the transactions we waited for committed.
  perform storefront_refresh(stores, skus);
  return null;
end
$$;

create constraint trigger storefront_refresh_request_flush
  after insert on storefront_refresh_request deferrable initially deferred
  for each row execute function storefront_flush();

-- ---- what each source table marks --------------------------------------------------------

create function storefront_mark_sku_price() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    perform storefront_mark(string_agg(store_id::text || sku_id::text, ',') || ',') from old_rows;
  elsif tg_op = 'UPDATE' then
    perform storefront_mark(string_agg(n.store_id::text || n.sku_id::text || ',' || o.store_id::text || o.sku_id::text, ',') || ',')
       from new_rows n join old_rows o on o.store_id = n.store_id and o.sku_id = n.sku_id
      where (n.price_cents, n.organization_id) is distinct from (o.price_cents, o.organization_id);
  else
    perform storefront_mark(string_agg(store_id::text || sku_id::text, ',') || ',') from new_rows;
  end if;
  return null;
end
$$;
create trigger storefront_sku_price_insert after insert on sku_price
  referencing new table as new_rows for each statement execute function storefront_mark_sku_price();
create trigger storefront_sku_price_update after update on sku_price
  referencing new table as new_rows old table as old_rows for each statement execute function storefront_mark_sku_price();
create trigger storefront_sku_price_delete after delete on sku_price
  referencing old table as old_rows for each statement execute function storefront_mark_sku_price();

-- A new SKU has no price yet (its prices' own inserts mark it), so only updates matter here.
create function storefront_mark_sku() returns trigger
language plpgsql as $$
begin
  perform storefront_mark(string_agg(pr.store_id::text || pr.sku_id::text, ',') || ',')
     from new_rows n join old_rows o on o.id = n.id
     join sku_price pr on pr.sku_id = n.id
    where (n.product_id, n.status, n.review_status, n.restricted_jurisdictions, n.thc_percent)
          is distinct from (o.product_id, o.status, o.review_status, o.restricted_jurisdictions, o.thc_percent);
  return null;
end
$$;
create trigger storefront_sku_update after update on sku
  referencing new table as new_rows old table as old_rows for each statement execute function storefront_mark_sku();

create function storefront_mark_product() returns trigger
language plpgsql as $$
begin
  perform storefront_mark(string_agg(pr.store_id::text || pr.sku_id::text, ',') || ',')
     from new_rows n join old_rows o on o.id = n.id
     join sku s on s.product_id = n.id
     join sku_price pr on pr.sku_id = s.id
    where (n.organization_id, n.title, n.category, n.strain_type, n.brand_id, n.effects, n.status, n.search_vector)
          is distinct from (o.organization_id, o.title, o.category, o.strain_type, o.brand_id, o.effects, o.status, o.search_vector);
  return null;
end
$$;
create trigger storefront_product_update after update on product
  referencing new table as new_rows old table as old_rows for each statement execute function storefront_mark_product();

create function storefront_mark_store() returns trigger
language plpgsql as $$
begin
  perform storefront_mark(string_agg(pr.store_id::text || pr.sku_id::text, ',') || ',')
     from new_rows n join old_rows o on o.id = n.id
     join sku_price pr on pr.store_id = n.id
    where (n.jurisdiction, n.organization_id) is distinct from (o.jurisdiction, o.organization_id);
  return null;
end
$$;
create trigger storefront_store_update after update on store
  referencing new table as new_rows old table as old_rows for each statement execute function storefront_mark_store();

-- Stock: any change of counters, of a package's sellability (status, lab result, expiry) or of a
-- location's (sellable, active). Pairs without a price are skipped by the refresh.
create function storefront_mark_stock() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    perform storefront_mark(string_agg(store_id::text || sku_id::text, ',') || ',')
       from (select distinct store_id, sku_id from old_rows) t;
  elsif tg_op = 'UPDATE' then
    perform storefront_mark(string_agg(store_id::text || sku_id::text, ',') || ',')
       from (select n.store_id, n.sku_id from new_rows n join old_rows o on o.package_id = n.package_id and o.location_id = n.location_id
              where (n.on_hand > n.reserved) is distinct from (o.on_hand > o.reserved)
                 or (n.store_id, n.sku_id) is distinct from (o.store_id, o.sku_id)
             union
             select o.store_id, o.sku_id from new_rows n join old_rows o on o.package_id = n.package_id and o.location_id = n.location_id
              where (n.store_id, n.sku_id) is distinct from (o.store_id, o.sku_id)) t;
  else
    perform storefront_mark(string_agg(store_id::text || sku_id::text, ',') || ',')
       from (select distinct store_id, sku_id from new_rows where on_hand > reserved) t;
  end if;
  return null;
end
$$;
create trigger storefront_stock_insert after insert on inventory_stock
  referencing new table as new_rows for each statement execute function storefront_mark_stock();
create trigger storefront_stock_update after update on inventory_stock
  referencing new table as new_rows old table as old_rows for each statement execute function storefront_mark_stock();
create trigger storefront_stock_delete after delete on inventory_stock
  referencing old table as old_rows for each statement execute function storefront_mark_stock();

create function storefront_mark_package() returns trigger
language plpgsql as $$
begin
  perform storefront_mark(string_agg(store_id::text || sku_id::text, ',') || ',')
     from (select distinct st.store_id, st.sku_id
             from new_rows n join old_rows o on o.id = n.id
             join inventory_stock st on st.package_id = n.id
            where (n.status, n.lab_status, n.expires_on) is distinct from (o.status, o.lab_status, o.expires_on)) t;
  return null;
end
$$;
create trigger storefront_package_update after update on inventory_package
  referencing new table as new_rows old table as old_rows for each statement execute function storefront_mark_package();

create function storefront_mark_location() returns trigger
language plpgsql as $$
begin
  perform storefront_mark(string_agg(store_id::text || sku_id::text, ',') || ',')
     from (select distinct st.store_id, st.sku_id
             from new_rows n join old_rows o on o.id = n.id
             join inventory_stock st on st.location_id = n.id
            where (n.sellable, n.active) is distinct from (o.sellable, o.active)) t;
  return null;
end
$$;
create trigger storefront_location_update after update on inventory_location
  referencing new table as new_rows old table as old_rows for each statement execute function storefront_mark_location();

-- Backfill what the catalog and inventory already hold.
select storefront_refresh(coalesce(array_agg(store_id), '{}'), coalesce(array_agg(sku_id), '{}')) from sku_price;
