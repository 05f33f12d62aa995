-- A linked caregiver may shop online for a patient: the cart stays the patient's (their limits
-- and history apply, the order is theirs) and caregiver_id names who buys. The link is checked
-- when the cart is created and at every evaluation, completion included (422 CAREGIVER_NOT_LINKED
-- once it is revoked).
alter table sales_cart add column caregiver_id uuid;
alter table sales_cart
  add constraint sales_cart_caregiver_fk foreign key (caregiver_id, organization_id) references customer (id, organization_id);
