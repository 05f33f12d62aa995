-- The sellability test every stock write runs (the conditional UPDATE of a sale and the guard
-- trigger of a hold) as PL/pgSQL instead of an SQL function: PL/pgSQL keeps its query plan for
-- the session, where an SQL function called per row was planned again on every call (about a
-- third of a millisecond of database CPU per checkout). Same rule, same result.
create or replace function inventory_stock_is_sellable(p_package_id uuid, p_location_id uuid) returns boolean
language plpgsql stable as $$
begin
  return exists (
    select 1
      from inventory_package p, inventory_location l
     where p.id = p_package_id
       and l.id = p_location_id
       and p.status = 'active'
       and p.lab_status <> 'failed'
       and (p.expires_on is null or p.expires_on >= current_date)
       and l.sellable
       and l.active);
end
$$;
