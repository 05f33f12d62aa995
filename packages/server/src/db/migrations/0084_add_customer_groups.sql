-- Customer groups: short codes staff give a customer (veteran, senior, industry …) that a
-- promotion's customer_group condition names. Lower-case letters, digits, _ and -, at most 40
-- characters each and 20 per customer, sorted and without repeats (the service keeps them so;
-- the check below refuses anything else). `medical` is not stored: it is derived at the sale
-- from the customer's kind and an unexpired medical card (customers.service promotionGroupsSql),
-- so it cannot outlive the card.
alter table customer add column groups text[] not null default '{}';
alter table customer add constraint customer_groups_check check (
  cardinality(groups) <= 20
  and array_position(groups, null) is null
  and (cardinality(groups) = 0 or array_to_string(groups, ',') ~ '^[a-z0-9_-]{1,40}(,[a-z0-9_-]{1,40})*$')
  and not ('medical' = any (groups))
);
