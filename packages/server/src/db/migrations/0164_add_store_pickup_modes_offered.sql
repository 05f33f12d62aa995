-- How a store offers to hand a pickup over: a business choice of the store (a California store
-- without a drive-through lane offers in-store and curbside only), not a reading of the law, which
-- stays in the jurisdiction packs. A pickup may name a mode only where the pack allows it and the
-- store offers it. Every store keeps offering all three (nothing changes until a store says
-- otherwise), and in-store pickup, a sale on the licensed premises, is always offered.
alter table store
  add column pickup_modes_offered text[] not null default array['in_store', 'curbside', 'drive_through']
    check (
      pickup_modes_offered <@ array['in_store', 'curbside', 'drive_through']
      and 'in_store' = any (pickup_modes_offered)
    );
