import type { ColumnType, Generated } from 'kysely';

// Kysely's view of the tables the traceability module owns (migrations 0050_create_traceability.sql,
// 0065_add_trace_report_claim_seq.sql, 0082_add_trace_sales_deliveries.sql).
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | undefined, string>;

export type TraceEngineSetting = 'metrc' | 'biotrack' | 'none';
/** delivery / delivery_complete: a delivery order filed as a Metrc sales delivery (docs/traceability.md). */
export type ReportKind = 'sale' | 'void' | 'return' | 'adjustment' | 'delivery' | 'delivery_complete';
export type ReportStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'resolved';
export type DifferenceKind = 'quantity_mismatch' | 'missing_in_state' | 'missing_locally' | 'status_mismatch';

export interface TraceStoreConfigTable {
  store_id: string;
  organization_id: string;
  engine: TraceEngineSetting;
  base_url: string | null;
  license_number: string;
  credentials_encrypted: string | null;
  credentials_hint: string | null;
  mode: Generated<'realtime' | 'batched'>;
  batch_minutes: Generated<number>;
  block_sales_when_down: boolean | null;
  consecutive_failures: Generated<number>;
  paused_until: NullableTimestamp;
  last_error: string | null;
  last_success_at: NullableTimestamp;
  last_reconciled_at: NullableTimestamp;
  last_pulled_at: NullableTimestamp;
  /** Metrc's PhoneNumberForQuestions on the store's sales deliveries. */
  delivery_phone: string | null;
  /** Since when the store reports to the state (engine not none); null while it does not. */
  reporting_since: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A driver's state identifiers for sales deliveries; the licence number sealed (staff id as AAD). */
export interface TraceDriverTable {
  staff_id: string;
  organization_id: string;
  employee_id: string;
  drivers_license_encrypted: string;
  drivers_license_hint: string;
  updated_at: Timestamp;
}

export interface TraceReportTable {
  id: string;
  organization_id: string;
  store_id: string;
  kind: ReportKind;
  dedupe_key: string;
  event_id: string;
  order_id: string | null;
  payload: Json;
  occurred_at: Timestamp;
  status: Generated<ReportStatus>;
  attempts: Generated<number>;
  /** Fencing token of the current claim: raised by every claim, never reset (a resend resets attempts). */
  claim_seq: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: NullableTimestamp;
  needs_lookup: Generated<boolean>;
  external_id: string | null;
  already_reported: boolean | null;
  last_error: string | null;
  last_error_kind: string | null;
  sent_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  resolved_at: NullableTimestamp;
  resolved_by: string | null;
  resolution_note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TraceReconciliationTable {
  id: string;
  organization_id: string;
  store_id: string;
  trigger: 'schedule' | 'api';
  status: 'succeeded' | 'failed';
  checked: Generated<number>;
  differences: Generated<number>;
  held: Generated<number>;
  error: string | null;
  started_at: Timestamp;
  finished_at: Timestamp;
}

export interface TraceDifferenceTable {
  id: string;
  reconciliation_id: string;
  organization_id: string;
  store_id: string;
  package_label: string;
  kind: DifferenceKind;
  local: Json | null;
  state: Json | null;
  action: string | null;
  created_at: Timestamp;
}

export interface TraceItemMappingTable {
  organization_id: string;
  state_item_name: string;
  sku_id: string;
  unit: 'each' | 'mg';
  updated_at: Timestamp;
}

export interface TraceTransferImportTable {
  store_id: string;
  manifest_number: string;
  organization_id: string;
  status: 'imported' | 'needs_mapping' | 'failed';
  manifest_id: string | null;
  detail: Json;
  updated_at: Timestamp;
}

export interface TraceabilityTables {
  trace_store_config: TraceStoreConfigTable;
  trace_report: TraceReportTable;
  trace_reconciliation: TraceReconciliationTable;
  trace_difference: TraceDifferenceTable;
  trace_item_mapping: TraceItemMappingTable;
  trace_transfer_import: TraceTransferImportTable;
  trace_driver: TraceDriverTable;
}
