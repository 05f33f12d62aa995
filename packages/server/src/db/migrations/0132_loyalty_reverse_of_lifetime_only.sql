-- A return or void of a sale whose earned points the customer has already spent takes none of the
-- balance back (nothing is left to take), but the points still stop counting towards the tier: the
-- lifetime total drops. That change was made without a ledger entry, so the account's lifetime
-- total no longer matched the ledger's last `lifetime_after`. A `reverse` entry may now move no
-- points of the balance (points = 0) and record only the lifetime total after it.
alter table loyalty_entry drop constraint loyalty_entry_points_check;
alter table loyalty_entry add constraint loyalty_entry_points_check check (points <> 0 or kind = 'reverse');
