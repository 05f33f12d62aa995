-- A shopper confirms their e-mail address before ordering online (holding stock, placing the
-- order) where this Verdant sends mail (SHOP_EMAIL_VERIFICATION; docs/orders-and-checkout.md):
-- order news and receipts go to that address, and throwaway sign-ups must not hold stock.
alter table shopper_account add column email_verified_at timestamptz;

-- Accounts opened before confirmation existed are taken as confirmed (as of this migration):
-- they signed up under the rules of the day, their order news and receipts have been going to
-- that address, and stopping the store's regular shoppers at their next order for a step they
-- were never offered would turn them away for little gain. docs/orders-and-checkout.md says how
-- an operator asks them to confirm all the same.
update shopper_account set email_verified_at = now();

-- A confirmation belongs to the address confirmed: whatever changes the sign-in's e-mail makes
-- it unconfirmed again, whichever code does it.
create function shopper_account_email_changed() returns trigger language plpgsql as $$
begin
  new.email_verified_at := null;
  return new;
end
$$;
create trigger shopper_account_email_changed before update of email on shopper_account
  for each row when (new.email is distinct from old.email) execute function shopper_account_email_changed();

-- One row per confirmation mail asked for (at sign-up, or again by the shopper), written in the
-- request's transaction, so the hourly allowance of links is counted exactly. The token is made
-- when the mail is written (never in an event, where webhooks could see it) and kept only as its
-- SHA-256. It works for the address it was mailed to, for 24 hours; confirming spends every open
-- link of the account. The rows follow the account when staff merge two records (on update cascade).
create table shopper_email_verification (
  id uuid primary key,
  customer_id uuid not null references shopper_account (customer_id) on update cascade,
  organization_id uuid not null references organization (id),
  store_id uuid not null references store (id),
  email text not null check (email = lower(email) and length(email) between 3 and 320),
  token_hash text unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  used_at timestamptz,
  check ((token_hash is null) = (expires_at is null))
);
create index shopper_email_verification_customer_idx on shopper_email_verification (customer_id, created_at);
