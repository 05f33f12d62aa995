-- A transfer shipped by mistake can be cancelled while it is still in transit: its stock goes back
-- to the sending store's locations, and the transfer keeps who cancelled it, when and why. A
-- transfer that was received stays received.
alter table inventory_transfer drop constraint inventory_transfer_status_check;
alter table inventory_transfer add constraint inventory_transfer_status_check
  check (status in ('in_transit', 'received', 'cancelled'));
alter table inventory_transfer
  add column cancelled_at timestamptz,
  add column cancelled_by text,
  add column cancel_reason text check (length(cancel_reason) between 1 and 500);
alter table inventory_transfer add constraint inventory_transfer_cancelled_check
  check ((status = 'cancelled') = (cancelled_at is not null) and (status <> 'cancelled' or cancel_reason is not null));
-- Where each package went back to: the location it left from, or the vault when that location was
-- retired in the meantime.
alter table inventory_transfer_item add column returned_to_location_id uuid references inventory_location (id);
