-- A register whose acting budtender was deactivated stays signed in, but nobody acts on it until
-- the next budtender switches in with their PIN (it never falls back to its owner on its own).
-- Set means locked; a locked session has no acting budtender.
alter table staff_session add column pin_required_since timestamptz;
alter table staff_session add constraint staff_session_locked_has_no_actor check (pin_required_since is null or active_user_id is null);
-- Deactivation finds the registers where the person is acting.
create index staff_session_active_user_idx on staff_session (active_user_id) where active_user_id is not null and revoked_at is null;
-- Registers refused so far because their acting budtender was deactivated are locked now (and do
-- not come back as that person if they are reactivated).
update staff_session s
   set active_user_id = null, pin_required_since = now()
  from staff_user u
 where u.id = s.active_user_id and not u.active and s.revoked_at is null;
