-- Product facts some jurisdictions prohibit whatever the category (the rules' PRODUCT_ATTRIBUTES):
-- perishable (New Jersey sells no perishable edibles) and contains_alcohol (Illinois sells no
-- alcohol products except tinctures of at most 100 ml). Checkout, carts and register sales send
-- them on every line to the compliance engine. The API writes each value once, so a row never
-- holds more values than the engine takes on a line.
alter table sku add column attributes text[] not null default '{}';
alter table sku
  add constraint sku_attributes_known check (attributes <@ array['perishable', 'contains_alcohol']::text[] and cardinality(attributes) <= 2);
