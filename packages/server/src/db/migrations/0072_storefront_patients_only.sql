-- Items a store's pack sells to registered patients but refuses to adult-use customers (a
-- California tincture between the adult-use and the medicinal package caps, Maryland's
-- higher-potency edibles): the menu keeps them and marks them `patientsOnly`, so a shopper learns
-- it before the cart does. Written with storefront_pack_refusal by the same pass
-- (modules/compliance/listing-refusals.ts); it changes no listing, so it needs no trigger.
create table storefront_patients_only (
  store_id uuid not null references store (id) on delete cascade,
  sku_id uuid not null references sku (id) on delete cascade,
  organization_id uuid not null,
  -- The rules that refuse it to adult-use customers (ids), and the store-local date of the verdict.
  rules text[] not null check (cardinality(rules) > 0),
  decided_on date not null,
  primary key (store_id, sku_id)
);
create index storefront_patients_only_sku_idx on storefront_patients_only (sku_id);
