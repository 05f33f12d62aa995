-- A state license number is one store's whatever its letter case: C10-0000001-LIC and
-- c10-0000001-lic are one license to the state, and the product import finds a store by its
-- price_<license> column without regard to case, so two stores whose numbers differed only in case
-- made that column name either store. Opening or changing a store to such a number is now
-- 409 LICENSE_TAKEN, as an exact match was (the unique key store_license_number_key stays).
create unique index store_license_number_any_case_key on store (lower(license_number));
