-- Delivery orders filed as Metrc sales deliveries (POST /sales/v2/deliveries when the vehicle
-- leaves, PUT …/complete at the door) where the state's Metrc has them, instead of a receipt at
-- hand-over (docs/traceability.md, "Delivery orders").
alter table trace_report drop constraint trace_report_kind_check;
alter table trace_report add constraint trace_report_kind_check
  check (kind in ('sale', 'void', 'return', 'adjustment', 'delivery', 'delivery_complete'));

-- Metrc's PhoneNumberForQuestions on every sales delivery: the store's number for questions.
alter table trace_store_config add column delivery_phone text
  check (delivery_phone is null or length(delivery_phone) between 3 and 40);

-- What the state knows a driver by: the employee id (or occupational licence, agent card) and
-- their driver's licence number, both on every sales delivery they carry. The licence number is
-- sealed like the state keys (AES-256-GCM, the staff id as additional data); people see a hint.
create table trace_driver (
  staff_id uuid primary key references staff_user (id),
  organization_id uuid not null references organization (id),
  employee_id text not null check (length(employee_id) between 1 and 100),
  drivers_license_encrypted text not null,
  drivers_license_hint text not null,
  updated_at timestamptz not null default now()
);
create index trace_driver_organization_idx on trace_driver (organization_id);
