-- Two product facts the jurisdiction packs tax by, stated per SKU (each SKU is its own labelled,
-- tested package, as thc_percent is):
--
-- thca_percent: the label's THCA %, apart from thc_percent (Δ9-THC). Illinois taxes by adjusted
-- THC = Δ9 + 0.877 × THCA (over 35 % is 25 %, else 10 %), so a flower of 30 % THC and 8 % THCA is
-- a 37 % flower. Null: the label states no THCA (THC % alone is compared).
--
-- doh_compliant: the product meets Washington's Department of Health standards for medical
-- cannabis. A recognition-card patient at a medically endorsed store is exempt from the excise and
-- sales tax only on such products, so a product nobody has certified is not: false until someone
-- says so, never assumed.
alter table sku
  add column thca_percent numeric(5, 2) check (thca_percent between 0 and 100),
  add column doh_compliant boolean not null default false;
