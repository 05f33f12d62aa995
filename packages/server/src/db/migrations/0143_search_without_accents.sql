-- A shopper types "pina colada" for "Piña Colada" and "creme brulee" for "Crème Brûlée" (a phone
-- keyboard, a US layout): the search document held the words with their accents, so neither was
-- found, although the product's own slug ("pina-colada") drops them. The document is now built from
-- the text with its accents taken off (decomposed, combining marks removed, composed again), and
-- the menu's search folds the shopper's words the same way, so an accent typed or left out finds
-- the product either way.
--
-- And SKU codes are one organization's in any letter case (the register looks a scanned code up
-- without regard to case); the catalog checks that by upper(code), which this index serves.
create or replace function catalog_search_fold(value text) returns text
language sql immutable parallel safe
as $$
  select normalize(regexp_replace(normalize(coalesce(value, ''), NFKD), '[\u0300-\u036f]', '', 'g'), NFC)
$$;

drop index product_search_idx;
alter table product drop column search_vector;

create or replace function catalog_search_document(
  title text, brand text, strain_name text, strain_type text, effects text[], description text
) returns tsvector
language sql immutable parallel safe
as $$
  select setweight(to_tsvector('english'::regconfig, catalog_search_fold(title)) || to_tsvector('simple'::regconfig, catalog_search_fold(title)), 'A')
      || setweight(to_tsvector('english'::regconfig, catalog_search_fold(brand)) || to_tsvector('simple'::regconfig, catalog_search_fold(brand)), 'A')
      || setweight(to_tsvector('english'::regconfig, catalog_search_fold(coalesce(strain_name, '') || ' ' || coalesce(strain_type, '')))
                   || to_tsvector('simple'::regconfig, catalog_search_fold(strain_name)), 'B')
      || setweight(to_tsvector('english'::regconfig, catalog_search_fold(array_to_string(effects, ' ')))
                   || to_tsvector('simple'::regconfig, catalog_search_fold(array_to_string(effects, ' '))), 'C')
      || setweight(to_tsvector('english'::regconfig, catalog_search_fold(description)), 'D')
$$;

alter table product add column search_vector tsvector generated always as (
  catalog_search_document(title, brand_name, strain_name, strain_type, effects, description)
) stored;
create index product_search_idx on product using gin (search_vector);

create index sku_code_any_case_idx on sku (organization_id, upper(code));
