-- Failed staff sign-ins with an e-mail address that is no one's are counted and locked like an
-- account's: before, a real account answered 429 ACCOUNT_LOCKED after five wrong passwords while an
-- unknown address answered 401 forever, so five tries told anyone whether an address is staff.
-- Rows are kept only while they can matter (the sign-in prunes those untouched for a day).
create table staff_unknown_sign_in (
  email text primary key,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  updated_at timestamptz not null default now()
);
create index staff_unknown_sign_in_updated_at on staff_unknown_sign_in (updated_at);
