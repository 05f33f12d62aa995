-- When a store began reporting to the state (its engine set to Metrc or BioTrack after none or
-- nothing). A sale completed before then was never filed, so a return or void of it has no
-- receipt to go against at the state and is failed for a person at once, instead of waiting for
-- a sale report that will never come. Stores reporting already are taken to have reported since
-- their settings were first saved, the earliest moment known.
alter table trace_store_config add column reporting_since timestamptz;
update trace_store_config set reporting_since = created_at where engine <> 'none';
