-- Reports (modules/reports) add up a store's sales by the local day they were completed, and its
-- returns and voids by the day they were booked. Without these, every report reads every order of
-- the store (sales_order_store_status_idx is by status and placed_at, not by completion) and every
-- return of the organization. Partial: an order that is not completed (placed, cancelled) is never
-- in a report, and costs no entry until its hand-over.
create index sales_order_store_completed_idx on sales_order (store_id, completed_at) where completed_at is not null;
create index sales_return_store_created_idx on sales_return (store_id, created_at);
