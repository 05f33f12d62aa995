-- THC compounds other than Δ9 in one serving of the SKU, in mg, by compound, as its certificate of
-- analysis reports them: {"delta8_thc": 0.4, "thcp": 0.125}. Washington caps each at 0.5 mg and
-- their sum at 1 mg per serving (WAC 314-55-095(1)(a)); the compliance engine judges the figures
-- (the rules' otherThcMgPerServing line fact). Null: the SKU states none (each pack decides what
-- that means; Washington sells it). {}: stated, none found. The API validates the keys (the rules'
-- OTHER_THC_COMPOUNDS), the range and 3 decimals; the constraint keeps any writer to the same
-- shape: an object of the known compounds, each a number from 0 to 10,000.
alter table sku add column other_thc_mg_per_serving jsonb;
alter table sku
  add constraint sku_other_thc_mg_per_serving_shape check (
    other_thc_mg_per_serving is null
    or (
      jsonb_typeof(other_thc_mg_per_serving) = 'object'
      and other_thc_mg_per_serving - array['delta8_thc', 'delta10_thc', 'exo_thc', 'thcv', 'delta8_thcv', 'thcp', 'thcb', 'thch', 'hhc', 'thc_o_acetate'] = '{}'::jsonb
      and not jsonb_path_exists(other_thc_mg_per_serving, '$.* ? (@.type() != "number" || @ < 0 || @ > 10000)')
    )
  );
