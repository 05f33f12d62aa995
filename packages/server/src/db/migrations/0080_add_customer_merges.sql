-- Two records of one person (an online sign-up and the patient record the store already had, or
-- two records made at the register) are merged by staff after checking ID: everything that names
-- the duplicate moves to the kept record, and the duplicate stays, marked, so that its id still
-- resolves for the audit log, events and old receipts. A merged record takes no new sales, carts,
-- check-ins or sign-ins (409 CUSTOMER_MERGED). A record merged into one that is merged later
-- follows it (the merge re-points it), so merged_into_id is always one hop to a live record.
alter table customer add column merged_into_id uuid;
alter table customer add column merged_at timestamptz;
alter table customer
  add constraint customer_merged_into_fk foreign key (merged_into_id, organization_id) references customer (id, organization_id);
alter table customer add constraint customer_merged_into_check check (merged_into_id is null or merged_into_id <> id);
alter table customer add constraint customer_merged_at_check check ((merged_into_id is null) = (merged_at is null));
create index customer_merged_into_idx on customer (merged_into_id) where merged_into_id is not null;
-- A merge finds the duplicate's rows by customer in every table, under both customers' limit
-- locks (their sales wait meanwhile); these two had no index by customer.
create index register_queue_entry_customer_idx on register_queue_entry (customer_id) where customer_id is not null;
create index promotion_redemption_customer_idx on promotion_redemption (customer_id) where customer_id is not null;

-- The online-store sign-in moves with the person: its sessions, reset links and mail log follow
-- the account's key, so a shopper signed in on the duplicate shops as the kept record at once.
alter table shopper_session drop constraint shopper_session_customer_id_fkey;
alter table shopper_session
  add constraint shopper_session_customer_id_fkey foreign key (customer_id) references shopper_account (customer_id) on update cascade;
alter table shopper_password_reset drop constraint shopper_password_reset_customer_id_fkey;
alter table shopper_password_reset
  add constraint shopper_password_reset_customer_id_fkey foreign key (customer_id) references shopper_account (customer_id) on update cascade;
alter table shopper_mail drop constraint shopper_mail_customer_id_fkey;
alter table shopper_mail
  add constraint shopper_mail_customer_id_fkey foreign key (customer_id) references shopper_account (customer_id) on update cascade;
