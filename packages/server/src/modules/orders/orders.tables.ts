import type { ColumnType, Generated } from 'kysely';

// Kysely's view of the orders module's tables (migration 0031_create_orders.sql).
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;
type NullableJson = ColumnType<unknown, string | null | undefined, string | null>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface SalesCartTable {
  id: string;
  organization_id: string;
  store_id: string;
  customer_id: string;
  /** A linked caregiver buying for the patient customer_id (migration 0068). */
  caregiver_id: string | null;
  channel: 'pickup' | 'delivery';
  status: Generated<'open' | 'completed' | 'abandoned'>;
  lines: Json;
  fulfillment: NullableJson;
  coupon_codes: TextArray;
  reservation_id: string | null;
  hold_expires_at: Date | string | null;
  order_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SalesOrderTable {
  id: string;
  organization_id: string;
  store_id: string;
  number: Generated<number>;
  channel: 'in_store' | 'pickup' | 'delivery';
  status: string;
  cart_id: string | null;
  request_hash: string | null;
  customer_id: string | null;
  customer: Json;
  reservation_id: string | null;
  register_session_id: string | null;
  budtender_id: string | null;
  license_number: string;
  jurisdiction: string;
  timezone: string;
  pack_version: string | null;
  subtotal_cents: number;
  discount_cents: Generated<number>;
  tax_cents: Generated<number>;
  total_cents: number;
  refunded_cents: Generated<number>;
  taxes: Json;
  limits: Json;
  fulfillment: NullableJson;
  coupon_codes: TextArray;
  id_verification_id: string | null;
  status_reason: string | null;
  created_by: string | null;
  placed_at: Timestamp;
  completed_at: Date | string | null;
  updated_at: Timestamp;
}

export interface SalesOrderLineTable {
  id: string;
  order_id: string;
  line_no: number;
  sku_id: string;
  sku_code: string;
  title: string;
  category: string;
  unit: 'each' | 'mg';
  quantity: number;
  unit_price_cents: number;
  gross_cents: number;
  discount_cents: Generated<number>;
  total_cents: number;
  tax_cents: Generated<number>;
  taxes: Json;
  picks: Json;
  picked_labels: TextArray;
  price_override: NullableJson;
  returned_quantity: Generated<number>;
  /** Each promotion's discount on the line and its role (migration 0159); null on lines sold before. */
  promotions: NullableJson;
}

export interface SalesOrderTransitionTable {
  id: Generated<number>;
  order_id: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  actor_type: string;
  actor_id: string | null;
  occurred_at: Timestamp;
}

export interface SalesReturnTable {
  id: string;
  organization_id: string;
  store_id: string;
  order_id: string;
  kind: 'return' | 'void';
  reason: string;
  lines: Json;
  refund_cents: number;
  tax_refund_cents: Generated<number>;
  refund_to: 'original' | 'store_credit';
  refunds: Json;
  /** { pointsReturned, pointsClawedBack, shortfall } of the return (migration 0136); null without points. */
  loyalty: Json | null;
  /** A buy-X-get-Y reward kept after its qualifying item came back, taken off the refund (migration 0157). */
  promotion_clawback_cents: Generated<number>;
  promotion_clawback_tax_cents: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
}

/** The customer's signature at the hand-over (migration 0148). */
export interface SalesOrderSignatureTable {
  order_id: string;
  organization_id: string;
  printed_name: string;
  image_png_base64: string;
  image_sha256: string;
  signed_at: Timestamp;
  taken_by: string | null;
}

/** What a refund owed holds, an ended order's or a return's: its tries, claim and outcome (order-refunds.ts). */
interface RefundOwedColumns {
  order_id: string;
  organization_id: string;
  status: Generated<'owed' | 'refunded'>;
  attempts: Generated<number>;
  reason: Generated<string>;
  last_error: string | null;
  claimed_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  refunded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The refund an ended order owes (migration 0153), one per order. */
export interface OrderRefundTable extends RefundOwedColumns {
  /** The delivery run whose no-show owes it; null for a cancellation or a no-show at the counter. */
  run_id: string | null;
}

/** The refund a return or a void owes (migration 0157), one per return. */
export interface ReturnRefundTable extends RefundOwedColumns {
  return_id: string;
}

export interface OrderTables {
  sales_cart: SalesCartTable;
  sales_order: SalesOrderTable;
  sales_order_line: SalesOrderLineTable;
  sales_order_transition: SalesOrderTransitionTable;
  sales_return: SalesReturnTable;
  sales_order_signature: SalesOrderSignatureTable;
  order_refund: OrderRefundTable;
  return_refund: ReturnRefundTable;
}
