-- Whether a redemption took one of the customer's uses (promotion_customer_usage). Releasing a
-- redemption (void, cancel, full return) gave a per-customer use back whenever the order had a
-- customer, also for a sale made before the promotion had a per-customer limit: one that never took
-- one. The customer's count then went below their real uses and the limit let them use the coupon
-- again. Now the redemption records what it took, and only that is given back.
alter table promotion_redemption add column customer_counted boolean not null default false;

-- Rows from before: a per-customer use was taken when the sale had a customer and the promotion
-- had a per-customer limit; the limit it has now is the best record of that there is.
update promotion_redemption r
   set customer_counted = true
  from promotion p
 where p.id = r.promotion_id
   and r.customer_id is not null
   and r.counted
   and p.max_uses_per_customer is not null;
