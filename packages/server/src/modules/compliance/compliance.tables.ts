import type { ColumnType, Generated } from 'kysely';

// Kysely's view of the compliance module's tables (migration 0021_create_compliance.sql).
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;
type DateColumn = ColumnType<Date | string, string, string>;
/** numeric columns come back from pg as strings; we write numbers. */
type Decimal = ColumnType<string, number, number>;
type NullableDecimal = ColumnType<string | null, number | null | undefined, number | null>;

export interface StoreRuleOverrideTable {
  id: string;
  organization_id: string;
  store_id: string;
  value_id: string;
  value: Json;
  reason: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StoreTaxSettingTable {
  id: string;
  organization_id: string;
  store_id: string;
  local_sales_tax_rate: Decimal;
  local_cannabis_tax_rate: Decimal;
  effective_from: DateColumn;
  effective_to: ColumnType<Date | string | null, string | null | undefined, string | null>;
  reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface PurchaseUsageLineTable {
  id: Generated<number>;
  organization_id: string;
  store_id: string;
  customer_id: string;
  order_id: string;
  line_no: number;
  channel: string;
  occurred_at: Timestamp;
  sku: string;
  category: string;
  quantity: number;
  net_weight_mg: number | null;
  thc_mg: NullableDecimal;
  thc_percent: NullableDecimal;
  thca_percent: NullableDecimal;
  infused: Generated<boolean>;
  unit_price_cents: number;
  credited_quantity: Generated<number>;
  credited_at: Date | string | null;
  created_at: Timestamp;
}

export interface ComplianceEventTable {
  id: string;
  organization_id: string;
  store_id: string | null;
  kind: string;
  source: string;
  customer_id: string | null;
  order_id: string | null;
  channel: string | null;
  codes: ColumnType<string[], string[], string[]>;
  violations: Json;
  reason: string | null;
  refusal_id: string | null;
  jurisdiction: string | null;
  pack_version: string | null;
  actor_type: string;
  actor_id: string | null;
  request_id: string | null;
  occurred_at: Timestamp;
}

/** SKUs a store's pack lets nobody buy: left off its online menu (migration 0071). */
export interface StorefrontPackRefusalTable {
  store_id: string;
  sku_id: string;
  organization_id: string;
  rules: string[];
  decided_on: DateColumn;
}

/** SKUs a store's pack sells to patients only: listed, marked patientsOnly (migration 0072). */
export type StorefrontPatientsOnlyTable = StorefrontPackRefusalTable;

export interface ComplianceTables {
  store_rule_override: StoreRuleOverrideTable;
  store_tax_setting: StoreTaxSettingTable;
  purchase_usage_line: PurchaseUsageLineTable;
  compliance_event: ComplianceEventTable;
  storefront_pack_refusal: StorefrontPackRefusalTable;
  storefront_patients_only: StorefrontPatientsOnlyTable;
}
