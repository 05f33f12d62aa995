-- The fencing token of a report worker's claim. `attempts` used to serve as one, but a manual
-- resend sets it back to 0, so a later claim could give it the very value a stalled process still
-- held, and that process would post the report too. claim_seq only grows: every claim raises it
-- and nothing resets it, so a claim that was taken over never matches again.
alter table trace_report add column claim_seq bigint not null default 0 check (claim_seq >= 0);
