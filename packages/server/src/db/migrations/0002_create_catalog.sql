-- Catalog: brands, products, SKUs (the sellable variants), per-store prices and the review queue
-- for register names the shorthand normalizer could not read with confidence.
-- Other modules' rows (organization, store) are referred to by id, without foreign keys.

create table brand (
  id uuid primary key,
  organization_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  -- Spellings seen on registers ("STZY" for STIIIZY); fed to the shorthand normalizer.
  aliases text[] not null default '{}',
  description text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, slug)
);
create unique index brand_organization_name_idx on brand (organization_id, lower(name));

-- The storefront's search document. A SQL function so the generated column below stays one
-- readable expression; it is immutable because to_tsvector with an explicit configuration is.
-- Weights: A = title and brand, B = strain name and type, C = effects, D = description.
create function catalog_search_document(
  title text, brand text, strain_name text, strain_type text, effects text[], description text
) returns tsvector
language sql immutable parallel safe
as $$
  select setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
      || setweight(to_tsvector('english'::regconfig, coalesce(brand, '')), 'A')
      || setweight(to_tsvector('english'::regconfig, coalesce(strain_name, '') || ' ' || coalesce(strain_type, '')), 'B')
      || setweight(to_tsvector('english'::regconfig, coalesce(array_to_string(effects, ' '), '')), 'C')
      || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'D')
$$;

create table product (
  id uuid primary key,
  organization_id uuid not null,
  brand_id uuid references brand (id),
  -- Copy of brand.name so the search document can be a generated column; the catalog service
  -- rewrites it when a brand is renamed.
  brand_name text,
  title text not null check (length(title) between 1 and 300),
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  description text not null default '',
  category text not null check (category in (
    'flower', 'pre_roll', 'infused_pre_roll', 'vape', 'concentrate', 'edible', 'beverage',
    'tincture', 'capsule', 'topical', 'seed', 'plant', 'accessory')),
  strain_type text check (strain_type in ('indica', 'sativa', 'hybrid', 'cbd')),
  strain_name text,
  effects text[] not null default '{}',
  -- [{ "name": "myrcene", "percent": 0.8 }]
  terpenes jsonb not null default '[]'::jsonb check (jsonb_typeof(terpenes) = 'array'),
  -- [{ "url": "...", "alt": "..." }]
  images jsonb not null default '[]'::jsonb check (jsonb_typeof(images) = 'array'),
  seo_title text,
  seo_description text,
  status text not null default 'active' check (status in ('active', 'archived')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search_vector tsvector generated always as (
    catalog_search_document(title, brand_name, strain_name, strain_type, effects, description)
  ) stored,
  unique (organization_id, slug)
);
create index product_search_idx on product using gin (search_vector);
create index product_effects_idx on product using gin (effects);
create index product_organization_category_idx on product (organization_id, category);
create index product_brand_idx on product (brand_id);

create table sku (
  id uuid primary key,
  organization_id uuid not null,
  product_id uuid not null references product (id),
  -- The POS's own SKU code: the key imports upsert on.
  code text not null check (length(code) between 1 and 100),
  -- The name as the register shows it ("FLWR BD 3.5G HYB"), kept exactly as typed.
  register_name text,
  barcode text,
  size_label text not null default '' check (length(size_label) <= 100),
  unit text not null check (unit in ('each', 'weight')),
  -- Cannabis content of one sellable unit: what purchase limits and taxes count.
  net_weight_mg integer check (net_weight_mg >= 0),
  pack_count integer check (pack_count >= 1),
  thc_mg numeric(12, 3) check (thc_mg >= 0),
  thc_mg_per_serving numeric(12, 3) check (thc_mg_per_serving >= 0),
  thc_percent numeric(5, 2) check (thc_percent between 0 and 100),
  cbd_mg numeric(12, 3) check (cbd_mg >= 0),
  cbd_percent numeric(5, 2) check (cbd_percent between 0 and 100),
  infused boolean not null default false,
  -- Compliance flags read by checkout inside its transaction.
  medical_only boolean not null default false,
  adult_use_allowed boolean not null default true,
  -- Jurisdiction codes (US-CA) where this SKU may not be sold.
  restricted_jurisdictions text[] not null default '{}',
  -- confirmed: structure entered or checked by a person; needs_review: guessed from the register
  -- name with low confidence; rejected: the guess was refused and nobody has corrected it yet.
  review_status text not null default 'confirmed' check (review_status in ('confirmed', 'needs_review', 'rejected')),
  status text not null default 'active' check (status in ('active', 'archived')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (not (medical_only and adult_use_allowed)),
  unique (organization_id, code)
);
create index sku_product_idx on sku (product_id);
create index sku_barcode_idx on sku (organization_id, barcode) where barcode is not null;

-- Shelf price of a SKU at one store, integer minor units. Tiers are quantity breaks:
-- [{ "minQuantity": 2, "unitPriceCents": 1800 }], sorted by minQuantity, each cheaper than the last.
create table sku_price (
  organization_id uuid not null,
  store_id uuid not null,
  sku_id uuid not null references sku (id),
  price_cents integer not null check (price_cents >= 0),
  currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  tiers jsonb not null default '[]'::jsonb check (jsonb_typeof(tiers) = 'array'),
  updated_at timestamptz not null default now(),
  primary key (store_id, sku_id)
);
create index sku_price_sku_idx on sku_price (sku_id);

-- Register names the normalizer read with low confidence wait here for a person.
create table catalog_review_item (
  id uuid primary key,
  organization_id uuid not null,
  sku_id uuid not null references sku (id),
  register_name text not null,
  -- The normalizer's full answer, and which SKU fields were filled from it.
  suggestion jsonb not null,
  filled_fields text[] not null default '{}',
  confidence numeric(3, 2) not null,
  reasons text[] not null default '{}',
  source text not null check (source in ('import', 'api')),
  status text not null default 'pending' check (status in ('pending', 'accepted', 'rejected')),
  decided_by text,
  decided_at timestamptz,
  decision jsonb,
  created_at timestamptz not null default now()
);
create unique index catalog_review_item_pending_idx on catalog_review_item (sku_id) where status = 'pending';
create index catalog_review_item_org_status_idx on catalog_review_item (organization_id, status, created_at);
