-- A payment's provider reference and a gift card's code are unique within an organization, not
-- across every organization on the server: one organization's terminal approval or card code made
-- another's sale fail (and told it that the code existed there).
--
-- A card terminal's approval code names one payment of one store on one day. Approval codes are
-- short and repeat over time, so uniqueness for ever would, after enough sales, refuse a real card
-- payment; the same code typed for two sales of one store on one (UTC) day is a payment recorded
-- twice, and is refused (409 TERMINAL_REFERENCE_USED). The references Verdant makes itself (gift
-- card, store credit, cash, simulator) are unique anyway.
alter table payment add column captured_on date generated always as ((created_at at time zone 'UTC')::date) stored;
drop index payment_authorization_idx;
create unique index payment_authorization_idx on payment (organization_id, store_id, provider, authorization_ref, captured_on);

alter table stored_value_account drop constraint stored_value_account_code_hash_key;
create unique index stored_value_account_code_idx on stored_value_account (organization_id, code_hash);
