-- One worker at a time sends a subscription's regular deliveries: with several server processes
-- sharing the queue, per-row claims alone let two workers send one endpoint's backlog in
-- parallel, out of order. The sender lease on the subscription row serializes them (like
-- probe_locked_until does for the half-open probe); it expires if its worker dies.
alter table webhook_subscription add column sender_locked_until timestamptz;
