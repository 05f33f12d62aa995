import type { ColumnType, Generated } from 'kysely';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableJson = ColumnType<unknown, string | null | undefined, string | null>;

export interface DeliveryVehicleTable {
  id: string;
  organization_id: string;
  store_id: string;
  name: string;
  make: string | null;
  model: string | null;
  license_plate: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export type DeliveryRunStatus = 'loading' | 'out' | 'returned' | 'cancelled';

export interface DeliveryRunTable {
  id: string;
  organization_id: string;
  store_id: string;
  vehicle_id: string;
  driver_id: string;
  status: Generated<DeliveryRunStatus>;
  unordered_value_cents: ColumnType<string | number, number | undefined, number>;
  departure_check: NullableJson;
  override_reason: string | null;
  departed_at: NullableTimestamp;
  returned_at: NullableTimestamp;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type DeliveryStopStatus = 'loaded' | 'delivered' | 'undelivered';

export interface DeliveryStopTable {
  id: string;
  run_id: string;
  organization_id: string;
  order_id: string;
  seq: number;
  status: Generated<DeliveryStopStatus>;
  reason: string | null;
  ended_at: NullableTimestamp;
  created_at: Generated<Date>;
}

/** Why a vehicle out on a run stopped other than at a customer's door. */
export const VEHICLE_STOP_REASONS = ['fuel', 'rest', 'break', 'traffic', 'safety', 'other'] as const;
export type VehicleStopReason = (typeof VEHICLE_STOP_REASONS)[number];

export interface DeliveryVehicleStopTable {
  id: string;
  run_id: string;
  organization_id: string;
  reason: VehicleStopReason;
  note: string | null;
  stopped_at: ColumnType<Date, Date | string, Date | string>;
  recorded_by: string | null;
  created_at: Generated<Date>;
}

/** What changed the vehicle's inventory: it left loaded, an order stop ended, or it came back. */
export type InventoryLedgerEvent = 'departed' | 'delivered' | 'undelivered' | 'brought_back' | 'returned';

export interface DeliveryInventoryLedgerTable {
  id: string;
  run_id: string;
  organization_id: string;
  seq: number;
  event: InventoryLedgerEvent;
  order_id: string | null;
  recorded_at: ColumnType<Date, Date | string, Date | string>;
  /** The items left in the vehicle after the stop (InventoryItem[] of delivery.ledger.ts). */
  items: ColumnType<unknown, string, string>;
}

export interface DeliveryTables {
  delivery_vehicle: DeliveryVehicleTable;
  delivery_run: DeliveryRunTable;
  delivery_stop: DeliveryStopTable;
  delivery_vehicle_stop: DeliveryVehicleStopTable;
  delivery_inventory_ledger: DeliveryInventoryLedgerTable;
}
