-- A refund recorded on a payment carries the idempotency key of the refund it records
-- (`order-refund:<order>:<payment>`, `return:<return>:<payment>`), the same on every try. The row
-- is now written with the payment's claim on its refunded cents, in the same transaction, and its
-- answer (refund_ref) is filled in once the money has moved: a row without refund_ref is a claim
-- whose refund was not confirmed yet (a try in flight, or one that died or lost its recording).
-- A retry under the same key finds that row and finishes it instead of claiming the cents a
-- second time, and a key already answered is answered with its refund. The unique index decides,
-- not a read before the insert, so two tries at once claim once (payments.service.ts
-- refundPayment). Null on refunds recorded before this, which the index leaves alone.
alter table payment_refund add column idempotency_key text;
alter table payment_refund alter column refund_ref drop not null;
create unique index payment_refund_idempotency_key_idx on payment_refund (idempotency_key);
