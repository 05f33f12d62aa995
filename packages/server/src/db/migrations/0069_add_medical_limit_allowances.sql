-- Per-patient limit allowances: a practitioner's recommendation, waiver or certification that sets
-- a larger supply for one patient than a medical limit of the jurisdiction pack. Each entry is
-- { limit, max, documentedBy, expiresOn }: `limit` is a pack limit id the pack marks
-- patient-adjustable, `max` is in that limit's unit, `expiresOn` the last day it applies. Checkout
-- reads the unexpired entries for the store's jurisdiction with the customer (same statement).
alter table medical_patient add column limit_allowances jsonb not null default '[]'::jsonb;
alter table medical_patient
  add constraint medical_patient_limit_allowances_array check (jsonb_typeof(limit_allowances) = 'array');
