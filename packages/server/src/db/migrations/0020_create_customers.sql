-- Customers: profiles, ID verifications, medical patients and their caregivers.
--
-- Privacy is a schema property here, not only a service rule:
--   * no column can hold a raw government ID number or an image of an ID: verifications keep a
--     masked form (last <= 4 characters) and a keyed hash, or less where the store's jurisdiction
--     forbids keeping a copy of the ID (see modules/customers/id-privacy.ts);
--   * medical card numbers are stored AES-256-GCM encrypted (v1:<key id>:<iv>:<tag>:<data>),
--     with a masked form for display and a keyed hash to find duplicates.
-- Stores are referred to by id; staff by actor id (text), like the audit log.

create table customer (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  first_name text not null check (length(first_name) between 1 and 100),
  last_name text not null check (length(last_name) between 1 and 100),
  birth_date date not null,
  email text check (email is null or (email = lower(email) and length(email) <= 320)),
  -- Digits only (and a leading +), so a search for "(510) 555-0100" finds "+15105550100".
  phone text check (phone is null or phone ~ '^\+?[0-9]{4,20}$'),
  kind text not null default 'adult_use' check (kind in ('adult_use', 'medical')),
  -- Issuer of the customer's ID (residency where limits depend on it), ISO 3166-2 like US-CA.
  id_jurisdiction text check (id_jurisdiction is null or id_jurisdiction ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$'),
  consent_marketing boolean not null default false,
  consent_data_retention boolean not null default false,
  consent_updated_at timestamptz,
  -- From the latest accepted ID verification (what the privacy policy let us keep).
  id_number_masked text check (id_number_masked is null or id_number_masked ~ '^\*+[A-Z0-9]{0,4}$'),
  id_number_hash text check (id_number_hash is null or id_number_hash ~ '^[0-9a-f]{64}$'),
  id_verified_at timestamptz,
  id_expires_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id)
);
create index customer_org_name_idx on customer (organization_id, lower(last_name), lower(first_name));
create index customer_org_email_idx on customer (organization_id, email) where email is not null;
create index customer_org_phone_idx on customer (organization_id, phone) where phone is not null;
create index customer_org_id_hash_idx on customer (organization_id, id_number_hash) where id_number_hash is not null;

create table customer_id_verification (
  id uuid primary key,
  organization_id uuid not null,
  customer_id uuid not null,
  store_id uuid references store (id),
  document_type text not null check (document_type in ('driver_license', 'id_card', 'passport', 'military_id', 'tribal_id', 'other')),
  issuing_jurisdiction text not null check (length(issuing_jurisdiction) between 2 and 16),
  expires_on date not null,
  method text not null check (method in ('scan', 'manual')),
  id_number_masked text check (id_number_masked is null or id_number_masked ~ '^\*+[A-Z0-9]{0,4}$'),
  id_number_hash text check (id_number_hash is null or id_number_hash ~ '^[0-9a-f]{64}$'),
  -- The privacy rule that decided what was kept, e.g. "us-nj.id.no-copy" or "default".
  privacy_rule text not null,
  verified_by_type text not null,
  verified_by text,
  verified_at timestamptz not null default now(),
  foreign key (customer_id, organization_id) references customer (id, organization_id)
);
create index customer_id_verification_customer_idx on customer_id_verification (customer_id, verified_at desc);

create table medical_patient (
  customer_id uuid primary key,
  organization_id uuid not null,
  card_number_encrypted text not null check (card_number_encrypted like 'v1:%'),
  card_number_masked text not null,
  card_number_hash text not null check (card_number_hash ~ '^[0-9a-f]{64}$'),
  card_jurisdiction text not null check (card_jurisdiction ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$'),
  card_kind text not null default 'registry_card' check (card_kind in ('registry_card', 'recommendation')),
  card_expires_on date not null,
  physician_name text check (physician_name is null or length(physician_name) <= 200),
  physician_license text check (physician_license is null or length(physician_license) <= 100),
  recommendation_issued_on date,
  recommendation_expires_on date,
  -- Grams etc. a recommendation allows above the pack limit are recorded as overrides, not here.
  notes text check (notes is null or length(notes) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (customer_id, organization_id) references customer (id, organization_id),
  unique (organization_id, card_number_hash)
);

-- A caregiver is a customer who may buy for a patient; the patient's limits apply to such sales.
create table caregiver_link (
  id uuid primary key,
  organization_id uuid not null,
  caregiver_customer_id uuid not null,
  patient_customer_id uuid not null,
  card_number_encrypted text check (card_number_encrypted is null or card_number_encrypted like 'v1:%'),
  card_number_masked text,
  card_jurisdiction text check (card_jurisdiction is null or card_jurisdiction ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$'),
  card_expires_on date,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  check (caregiver_customer_id <> patient_customer_id),
  foreign key (caregiver_customer_id, organization_id) references customer (id, organization_id),
  foreign key (patient_customer_id, organization_id) references customer (id, organization_id)
);
create unique index caregiver_link_active_idx on caregiver_link (caregiver_customer_id, patient_customer_id) where revoked_at is null;
create index caregiver_link_patient_idx on caregiver_link (patient_customer_id) where revoked_at is null;
