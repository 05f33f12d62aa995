-- The stops a vehicle out on a delivery run makes other than at a customer's door (fuel, rest, a
-- break, traffic or safety): with the order stops they make the run's stop log, every stop with
-- its reason and time. The time is the server's when the driver records the stop.
create table delivery_vehicle_stop (
  id uuid primary key,
  run_id uuid not null references delivery_run (id),
  organization_id uuid not null references organization (id),
  reason text not null check (reason in ('fuel', 'rest', 'break', 'traffic', 'safety', 'other')),
  note text check (length(note) between 1 and 500),
  -- 'other' says what the stop was for.
  check (reason <> 'other' or note is not null),
  stopped_at timestamptz not null,
  recorded_by text,
  created_at timestamptz not null default now()
);
create index delivery_vehicle_stop_run_idx on delivery_vehicle_stop (run_id, stopped_at);
