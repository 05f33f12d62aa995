-- An ID checked by hand may be a passport, issued by a country ("DE", "MX") rather than a state
-- ("US-CA"). The customer's ID issuer now takes either form; before, recording such a passport
-- failed on this check instead of being stored.
alter table customer drop constraint customer_id_jurisdiction_check;
alter table customer add constraint customer_id_jurisdiction_check
  check (id_jurisdiction is null or id_jurisdiction ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$');
