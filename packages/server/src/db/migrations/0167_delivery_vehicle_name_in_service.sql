-- A store's delivery vehicle can be retired (active = false): it starts no run and leaves the
-- store's list, its past runs stay readable, and its name may be given to a new vehicle. A name is
-- unique among the store's vehicles in service only; bringing a retired vehicle back while another
-- has its name is refused by this index.
alter table delivery_vehicle drop constraint delivery_vehicle_store_id_name_key;
create unique index delivery_vehicle_name_in_service on delivery_vehicle (store_id, name) where active;
