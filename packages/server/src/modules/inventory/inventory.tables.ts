import type { ColumnType, Generated } from 'kysely';

// Kysely's view of the tables the inventory module owns (migration 0003_create_inventory.sql).
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type DateOnly = ColumnType<string | null, string | null | undefined, string | null>;
type Json = ColumnType<unknown, string | undefined, string>;
type Bigint = ColumnType<number, number | undefined, number>;

export type PackageStatus = 'active' | 'on_hold' | 'recalled' | 'quarantined' | 'expired' | 'finished';
export type LabStatus = 'pending' | 'passed' | 'failed';
export type PackageUnit = 'each' | 'mg';
export type LocationKind = 'vault' | 'sales_floor' | 'display' | 'backstock' | 'quarantine' | 'in_transit' | 'receiving' | 'other';
export type MovementKind =
  | 'receive'
  | 'sale'
  | 'return'
  | 'reserve'
  | 'release'
  | 'adjust'
  | 'transfer_out'
  | 'transfer_in'
  | 'destroy'
  | 'theft_loss'
  | 'count_correction';
export type ReservationStatus = 'held' | 'converted' | 'released' | 'expired';
export type AlertKind = 'drift' | 'low_stock' | 'receiving_discrepancy' | 'transfer_discrepancy' | 'recall' | 'lab_failed';

export interface InventoryLocationTable {
  id: string;
  organization_id: string;
  store_id: string;
  code: string;
  name: string;
  kind: LocationKind;
  sellable: Generated<boolean>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface InventoryBatchTable {
  id: string;
  organization_id: string;
  code: string;
  producer_license: string;
  producer_name: string | null;
  harvest_date: DateOnly;
  production_date: DateOnly;
  source_package_labels: ColumnType<string[], string[] | undefined, string[]>;
  lab_status: Generated<LabStatus>;
  created_at: Timestamp;
}

export interface InventoryLabResultTable {
  id: string;
  organization_id: string;
  batch_id: string;
  lab_name: string;
  lab_license: string | null;
  tested_on: ColumnType<string, string, string>;
  certificate_url: string | null;
  status: 'passed' | 'failed';
  cannabinoids: Json;
  terpenes: Json;
  contaminants: Json;
  created_at: Timestamp;
}

export interface InventoryPackageTable {
  id: string;
  organization_id: string;
  label: string;
  sku_id: string;
  batch_id: string | null;
  unit: PackageUnit;
  status: Generated<PackageStatus>;
  status_reason: string | null;
  lab_status: Generated<LabStatus>;
  received_at: Timestamp;
  packaged_on: DateOnly;
  expires_on: DateOnly;
  source: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InventoryStockTable {
  package_id: string;
  location_id: string;
  store_id: string;
  organization_id: string;
  sku_id: string;
  on_hand: Bigint;
  reserved: Bigint;
  updated_at: Timestamp;
}

export interface InventoryMovementTable {
  id: Generated<number>;
  organization_id: string;
  store_id: string;
  package_id: string;
  location_id: string;
  sku_id: string;
  kind: MovementKind;
  on_hand_delta: number;
  reserved_delta: number;
  reason_code: string;
  actor_type: string;
  actor_id: string | null;
  reference_type: string | null;
  reference_id: string | null;
  reference_data: Json;
  note: string | null;
  occurred_at: Timestamp;
}

export interface InventoryReservationTable {
  id: string;
  organization_id: string;
  store_id: string;
  reference: string;
  status: Generated<ReservationStatus>;
  ttl_seconds: number;
  expires_at: Timestamp;
  order_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InventoryReservationLineTable {
  reservation_id: string;
  line_no: number;
  pick_no: number;
  sku_id: string;
  package_id: string;
  location_id: string;
  quantity: number;
}

export interface InventoryAlertTable {
  id: string;
  organization_id: string;
  store_id: string | null;
  kind: AlertKind;
  status: Generated<'open' | 'acknowledged' | 'resolved'>;
  sku_id: string | null;
  package_id: string | null;
  dedupe_key: string;
  message: string;
  details: Json;
  created_at: Timestamp;
  acknowledged_at: NullableTimestamp;
  acknowledged_by: string | null;
  resolved_at: NullableTimestamp;
}

export interface InventoryReorderPointTable {
  store_id: string;
  sku_id: string;
  organization_id: string;
  reorder_at: number;
  reorder_quantity: number;
  updated_at: Timestamp;
}

export interface InventoryManifestTable {
  id: string;
  organization_id: string;
  store_id: string;
  number: string;
  source: Generated<'supplier' | 'metrc'>;
  supplier_name: string | null;
  supplier_license: string | null;
  status: Generated<'open' | 'closed'>;
  created_at: Timestamp;
  closed_at: NullableTimestamp;
  closed_by: string | null;
}

export interface InventoryManifestItemTable {
  id: string;
  manifest_id: string;
  line_no: number;
  package_label: string;
  sku_id: string;
  batch_id: string | null;
  unit: PackageUnit;
  expected_quantity: number;
  packaged_on: DateOnly;
  expires_on: DateOnly;
  status: Generated<'pending' | 'accepted' | 'rejected' | 'not_received'>;
  counted_quantity: number | null;
  damaged_quantity: number | null;
  accepted_quantity: number | null;
  location_id: string | null;
  package_id: string | null;
  rejection_reason: string | null;
  received_at: NullableTimestamp;
  received_by: string | null;
}

export interface InventoryDiscrepancyTable {
  id: string;
  organization_id: string;
  store_id: string;
  source_type: 'manifest' | 'transfer';
  source_id: string;
  package_label: string;
  kind: 'short' | 'over' | 'damaged';
  expected_quantity: number;
  counted_quantity: number;
  quantity: number;
  note: string | null;
  actor_id: string | null;
  created_at: Timestamp;
}

export interface InventoryTransferTable {
  id: string;
  organization_id: string;
  from_store_id: string;
  to_store_id: string;
  status: Generated<TransferStatus>;
  note: string | null;
  shipped_at: Timestamp;
  shipped_by: string | null;
  received_at: NullableTimestamp;
  received_by: string | null;
  cancelled_at: NullableTimestamp;
  cancelled_by: string | null;
  cancel_reason: string | null;
}

export type TransferStatus = 'in_transit' | 'received' | 'cancelled';

export interface InventoryTransferItemTable {
  transfer_id: string;
  line_no: number;
  package_id: string;
  from_location_id: string;
  transit_location_id: string;
  quantity: number;
  received_quantity: number | null;
  to_location_id: string | null;
  returned_to_location_id: string | null;
}

export interface InventoryCountTable {
  id: string;
  organization_id: string;
  store_id: string;
  kind: 'full' | 'cycle';
  status: Generated<'open' | 'submitted' | 'approved' | 'rejected'>;
  location_id: string | null;
  sku_ids: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
  submitted_by: string | null;
  submitted_at: NullableTimestamp;
  decided_by: string | null;
  decided_at: NullableTimestamp;
}

export interface InventoryCountLineTable {
  count_id: string;
  package_id: string;
  location_id: string;
  sku_id: string;
  expected_quantity: number | null;
  counted_quantity: number | null;
  counted_by: string | null;
  counted_at: NullableTimestamp;
}

export interface InventoryRecallTable {
  id: string;
  organization_id: string;
  scope_type: 'batch' | 'package' | 'producer';
  scope_value: string;
  reason: string;
  package_count: number;
  created_by: string | null;
  created_at: Timestamp;
}

export interface SkuStoreAvailabilityView {
  store_id: string;
  sku_id: string;
  available_quantity: number;
}

export interface InventoryTables {
  inventory_location: InventoryLocationTable;
  inventory_batch: InventoryBatchTable;
  inventory_lab_result: InventoryLabResultTable;
  inventory_package: InventoryPackageTable;
  inventory_stock: InventoryStockTable;
  inventory_movement: InventoryMovementTable;
  inventory_reservation: InventoryReservationTable;
  inventory_reservation_line: InventoryReservationLineTable;
  inventory_alert: InventoryAlertTable;
  inventory_reorder_point: InventoryReorderPointTable;
  inventory_manifest: InventoryManifestTable;
  inventory_manifest_item: InventoryManifestItemTable;
  inventory_discrepancy: InventoryDiscrepancyTable;
  inventory_transfer: InventoryTransferTable;
  inventory_transfer_item: InventoryTransferItemTable;
  inventory_count: InventoryCountTable;
  inventory_count_line: InventoryCountLineTable;
  inventory_recall: InventoryRecallTable;
  sku_store_availability: SkuStoreAvailabilityView;
}
