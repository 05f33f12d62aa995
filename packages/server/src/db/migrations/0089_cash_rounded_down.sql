-- Cash rounded down. A cash payment keeps its share of the order (amount_cents); what is due is that
-- share rounded to the store's cash unit, which is below it when rounding goes down (16651¢ is
-- 16650¢ at a 25¢ unit), and the customer hands over at least that. The old check
-- (tendered ≥ amount) refused every such sale with a 500. The rounding is recorded with the payment
-- (details.roundingCents = rounded due − amount, the sales report adds it up), so for cash the
-- check is now exact: the drawer keeps tendered − change, which is the rounded due, within half of
-- the largest unit (25¢) of the amount. Every other tender still hands over at least its amount.
alter table payment drop constraint payment_check;
alter table payment add constraint payment_tendered_covers_due check (
  tendered_cents is null
  or (provider <> 'cash' and tendered_cents >= amount_cents)
  or (provider = 'cash'
      and coalesce((details ->> 'roundingCents')::bigint, 0) between -12 and 12
      and tendered_cents - change_cents = amount_cents + coalesce((details ->> 'roundingCents')::bigint, 0))
);
