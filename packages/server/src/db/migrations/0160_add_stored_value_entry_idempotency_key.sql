-- A refund to a gift card or to store credit is made under the idempotency key its caller names
-- (`order-refund:<order>:<payment>`, `return:<return>:<payment>`), the same on every try. The
-- ledger is Verdant's own, so the key is kept on the entry the credit writes: a try whose credit
-- committed but whose answer was lost (the process died, or recording the refund failed) is
-- answered by its retry with that entry instead of a second credit. The unique index decides, not
-- a read before the insert: two tries at once insert the same key, and the second waits for the
-- first and then finds its entry (payments/stored-value.ts creditOnce). Null for every other entry
-- (issues, loads, redemptions, voids, adjustments, credits made before this), which the index
-- leaves alone (nulls are distinct).
alter table stored_value_entry add column idempotency_key text;
create unique index stored_value_entry_idempotency_key_idx on stored_value_entry (idempotency_key);
