-- Online-store accounts. A shopper signs up at a store's storefront with e-mail and password; the
-- sign-up creates their customer record (the person: name, birth date, history, limits) and this
-- sign-in beside it. E-mail is unique per organization, as a chain's stores share customers.
-- Sessions keep only the SHA-256 of the cookie's token, as staff sessions do.
create table shopper_account (
  customer_id uuid primary key references customer (id),
  organization_id uuid not null references organization (id),
  email text not null check (email = lower(email) and length(email) between 3 and 320),
  password_hash text not null,
  failed_logins int not null default 0 check (failed_logins >= 0),
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, email)
);

create table shopper_session (
  id text primary key,
  customer_id uuid not null references shopper_account (customer_id),
  organization_id uuid not null references organization (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index shopper_session_customer_idx on shopper_session (customer_id);
