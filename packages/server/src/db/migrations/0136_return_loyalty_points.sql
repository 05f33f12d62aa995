-- What a return or void did to the customer's points (points given back that had paid, points
-- taken back that the sale had earned, and those the customer had spent already), kept on the
-- return: its receipt prints them, as the sale's receipt prints the points spent and earned.
-- Null where the sale had no points (or the return was booked before this column).
alter table sales_return add column loyalty jsonb;
