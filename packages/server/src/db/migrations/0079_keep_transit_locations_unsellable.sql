-- Stock on the road (in_transit) or held back (quarantine) is never offered for sale. The API
-- refuses making such a location sellable (422 LOCATION_KIND_NOT_SELLABLE); this check backs it.
-- A location of these kinds that was made sellable before is made not sellable first: its stock
-- was never the store's to sell.
update inventory_location set sellable = false where sellable and kind in ('in_transit', 'quarantine');
alter table inventory_location add constraint inventory_location_never_sellable_kind_check
  check (not (sellable and kind in ('in_transit', 'quarantine')));
