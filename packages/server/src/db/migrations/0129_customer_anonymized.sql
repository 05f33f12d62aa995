-- A customer may ask the dispensary to erase their personal data (docs/customers-and-compliance.md,
-- "Erasing a customer's personal data"). The record stays, so that the sales, purchase-limit
-- usage, compliance events and audit rows naming it keep their meaning for the retention period;
-- its identifiers are erased and it is marked, taking nothing new.
alter table customer add column anonymized_at timestamptz;
