-- A shopper who forgot their password asks for a link by e-mail. The token is made when the mail
-- is sent (so it never rides in an event, where webhooks could see it) and kept only as its
-- SHA-256; it is good once, for an hour, and a new password spends every open token of the account.
create table shopper_password_reset (
  id text primary key,
  customer_id uuid not null references shopper_account (customer_id),
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index shopper_password_reset_customer_idx on shopper_password_reset (customer_id);

-- Mail sent to shoppers (order updates, reset links): one row per event mailed, so an event
-- delivered again (at least once) is not mailed twice.
create table shopper_mail (
  event_id uuid primary key,
  customer_id uuid not null references shopper_account (customer_id),
  kind text not null check (length(kind) between 1 and 60),
  sent_at timestamptz not null default now()
);
