-- A PIN switch now refuses staff limited to other stores than the register's, and taking a store
-- away from the acting budtender locks its registers. Registers someone already switched into
-- outside their stores are locked now, as a deactivation locks them (0066): the next budtender
-- switches in with a PIN.
update staff_session s
   set active_user_id = null, pin_required_since = now()
  from staff_user u
 where u.id = s.active_user_id
   and s.user_id <> u.id
   and s.revoked_at is null
   and s.store_id is not null
   and cardinality(u.store_ids) > 0
   and not (s.store_id = any (u.store_ids));
