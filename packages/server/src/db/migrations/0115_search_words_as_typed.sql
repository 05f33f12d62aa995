-- The menu finds products while a shopper types, reading the last word as a prefix. The search
-- document held only English stems ("wedding" is 'wed', "relaxed" is 'relax'), so a word typed
-- part way past its stem ("wedd", "weddin", "relaxe") matched nothing until it was finished. The
-- document now also holds the words of the title, brand, strain and effects as written (the
-- 'simple' configuration), which the word being typed is matched against as well; finished words
-- are still matched on their stems, so "dreams" finds "Dream".
drop index product_search_idx;
alter table product drop column search_vector;

create or replace function catalog_search_document(
  title text, brand text, strain_name text, strain_type text, effects text[], description text
) returns tsvector
language sql immutable parallel safe
as $$
  select setweight(to_tsvector('english'::regconfig, coalesce(title, '')) || to_tsvector('simple'::regconfig, coalesce(title, '')), 'A')
      || setweight(to_tsvector('english'::regconfig, coalesce(brand, '')) || to_tsvector('simple'::regconfig, coalesce(brand, '')), 'A')
      || setweight(to_tsvector('english'::regconfig, coalesce(strain_name, '') || ' ' || coalesce(strain_type, ''))
                   || to_tsvector('simple'::regconfig, coalesce(strain_name, '')), 'B')
      || setweight(to_tsvector('english'::regconfig, coalesce(array_to_string(effects, ' '), ''))
                   || to_tsvector('simple'::regconfig, coalesce(array_to_string(effects, ' '), '')), 'C')
      || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'D')
$$;

alter table product add column search_vector tsvector generated always as (
  catalog_search_document(title, brand_name, strain_name, strain_type, effects, description)
) stored;
create index product_search_idx on product using gin (search_vector);
