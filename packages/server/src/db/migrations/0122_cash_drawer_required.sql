-- Whether a store takes register cash only into an open drawer session. Cash taken at the register
-- outside a drawer leaves the drawer's expected cash short of what is in it, so the close shows an
-- overage nobody can explain. Off for every store as it is (a store without registers, or with
-- registers that send no drawer, keeps selling); a store turns it on with
-- PUT /v1/stores/:id/payment-settings { cashDrawerRequired: true }.
alter table store_payment_setting add column cash_drawer_required boolean not null default false;
