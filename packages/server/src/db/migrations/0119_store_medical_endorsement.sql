-- Whether a store holds its state's medical endorsement. Washington exempts patients from the
-- cannabis excise and sales tax only at a medically endorsed store (regulations §3, WA DOR); the
-- rules engine has always judged the exemption by the store's endorsement, but no store could say
-- it had none, so every Washington store exempted patients. Stores keep the engine's default,
-- endorsed; one without the endorsement says so through PATCH /v1/stores/:id.
alter table store add column medical_endorsement boolean not null default true;
