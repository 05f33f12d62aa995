-- Which promotion discounted which line, from the promotions engine's own result at the sale:
-- [{"promotionId", "discountCents", "role"}], role 'reward' or 'qualifying' for a buy-X-get-Y
-- (a line paid for in part carries both), 'discount' for any other promotion; [] when none did.
-- Written by the completion's one insert of the lines (no statement added). A return's
-- buy-X-get-Y clawback reads it (orders/returns.service.ts). Null: a line sold before this was
-- recorded; a return of it infers the allocation from the promotion and the catalog as they stand.
alter table sales_order_line add column promotions jsonb;
