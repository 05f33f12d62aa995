import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface PaymentTable {
  id: string;
  organization_id: string;
  store_id: string;
  order_id: string | null;
  /** A gift card sold at the register (0077); a payment is for an order or for such a sale. */
  gift_card_sale_id: Generated<string | null>;
  provider: string;
  status: string;
  amount_cents: number;
  tendered_cents: number | null;
  change_cents: Generated<number>;
  refunded_cents: Generated<number>;
  currency: Generated<string>;
  authorization_ref: string;
  details: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The UTC day of created_at (generated, 0083): a terminal approval code is unique per store and day. */
  captured_on: ColumnType<Date | string, never, never>;
}

export interface PaymentRefundTable {
  id: string;
  payment_id: string;
  amount_cents: number;
  reason: string;
  /** The provider's answer; null while the claim's refund is not confirmed (a try in flight, or one that died before recording it). */
  refund_ref: string | null;
  /** The refund's idempotency key (0163): one row per key. Null on refunds recorded before. */
  idempotency_key: string | null;
  created_at: Timestamp;
}

export interface StoredValueAccountTable {
  id: string;
  organization_id: string;
  kind: 'gift_card' | 'store_credit';
  code_hash: string | null;
  code_last4: string | null;
  customer_id: string | null;
  balance_cents: Generated<number>;
  currency: Generated<string>;
  created_at: Timestamp;
}

export interface StoredValueEntryTable {
  id: Generated<number>;
  account_id: string;
  amount_cents: number;
  reason: string;
  reference: string | null;
  created_at: Timestamp;
  /** The key a refund was credited under (0160): the same key credits once. Null on other entries. */
  idempotency_key: Generated<string | null>;
}

export interface StorePaymentSettingTable {
  store_id: string;
  cash_rounding_cents: Generated<number>;
  cash_drawer_required: Generated<boolean>;
  updated_at: Timestamp;
}

export interface PaymentTables {
  payment: PaymentTable;
  payment_refund: PaymentRefundTable;
  stored_value_account: StoredValueAccountTable;
  stored_value_entry: StoredValueEntryTable;
  store_payment_setting: StorePaymentSettingTable;
}
