-- A store closes for a while (a renovation, a suspended license) or for good. While it is not open
-- it sells nothing (no register sale, no new online cart or order, no menu); what was sold there
-- can still be cancelled, returned and refunded, and its stock counted, moved out and destroyed
-- (docs/operations.md, "Closing a store"). A retired store never opens again: the service refuses
-- it, and this trigger refuses it to any other writer too.
alter table store
  add column status text not null default 'open' check (status in ('open', 'closed', 'retired')),
  add column status_reason text,
  add column status_changed_at timestamptz;

create or replace function store_retired_stays_retired() returns trigger
language plpgsql
as $$
begin
  if old.status = 'retired' and new.status <> 'retired' then
    raise exception 'store % is retired and cannot be reopened', old.id using errcode = 'check_violation';
  end if;
  return new;
end
$$;

create trigger store_retired_stays_retired
  before update of status on store
  for each row execute function store_retired_stays_retired();
