import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | undefined, string>;
type NullableJson = ColumnType<unknown, string | null | undefined, string | null>;

export interface RegisterTable {
  id: string;
  organization_id: string;
  store_id: string;
  name: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface RegisterSessionTable {
  id: string;
  organization_id: string;
  store_id: string;
  register_id: string;
  status: Generated<'open' | 'closed'>;
  opened_by: string;
  opened_at: Generated<Date>;
  float_cents: number;
  float_denominations: NullableJson;
  cash_sales_cents: Generated<number>;
  change_out_cents: Generated<number>;
  cash_refunds_cents: Generated<number>;
  drops_cents: Generated<number>;
  paid_in_cents: Generated<number>;
  paid_out_cents: Generated<number>;
  sale_count: Generated<number>;
  gift_card_sale_count: Generated<number>;
  gift_card_sales_cents: Generated<number>;
  gift_card_cash_cents: Generated<number>;
  closed_by: string | null;
  closed_at: NullableTimestamp;
  counted_cents: number | null;
  counted_denominations: NullableJson;
  expected_cents: number | null;
  over_short_cents: number | null;
  close_note: string | null;
  reviewed_by: string | null;
  reviewed_at: NullableTimestamp;
  review_note: string | null;
}

export type RegisterEventKind = 'open' | 'cash_sale' | 'cash_refund' | 'drop' | 'paid_in' | 'paid_out' | 'close' | 'review' | 'gift_card_sale';

export interface RegisterSessionEventTable {
  id: string;
  session_id: string;
  organization_id: string;
  store_id: string;
  kind: RegisterEventKind;
  amount_cents: Generated<number>;
  change_out_cents: Generated<number>;
  order_id: string | null;
  /** Cash refunds: the return they paid out (0039), the idempotency key of a refund. */
  return_id: Generated<string | null>;
  /** Gift card sales (0077): the sale whose cash this is, once per sale. */
  gift_card_sale_id: Generated<string | null>;
  reason: string | null;
  witness_id: string | null;
  denominations: NullableJson;
  actor_type: string;
  actor_id: string | null;
  created_at: Generated<Date>;
}

export type QueueStatus = 'waiting' | 'serving' | 'done' | 'left';

export interface RegisterQueueEntryTable {
  id: string;
  organization_id: string;
  store_id: string;
  source: 'walk_in' | 'online_pickup';
  customer_id: string | null;
  customer_name: string | null;
  order_id: string | null;
  id_checked: Generated<boolean>;
  id_checked_by: string | null;
  id_checked_at: NullableTimestamp;
  status: Generated<QueueStatus>;
  budtender_id: string | null;
  note: string | null;
  created_by: string | null;
  checked_in_at: Generated<Date>;
  serving_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface RegisterParkedCartTable {
  id: string;
  organization_id: string;
  store_id: string;
  register_id: string;
  label: string;
  payload: Json;
  status: Generated<'parked' | 'resumed' | 'discarded'>;
  parked_by: string | null;
  parked_at: Timestamp;
  expires_at: Timestamp;
  resumed_by: string | null;
  resumed_at: NullableTimestamp;
}

/** A gift card issued or loaded at the register and paid for there (0077). */
export interface GiftCardSaleTable {
  /** The register's own UUIDv7: resubmitting the sale answers the stored one. */
  id: string;
  organization_id: string;
  store_id: string;
  register_session_id: string;
  kind: 'issue' | 'load';
  /** The gift card (payments' stored_value_account), by id. */
  account_id: string;
  code_last4: string;
  amount_cents: number;
  balance_after_cents: number;
  cash_in_cents: number;
  change_out_cents: number;
  /** A code the server generated, sealed; null when it was scanned or typed. */
  sealed_code: string | null;
  request_hash: string;
  sold_by: string | null;
  created_at: Generated<Date>;
}

export interface RegisterTables {
  register: RegisterTable;
  register_session: RegisterSessionTable;
  register_session_event: RegisterSessionEventTable;
  register_queue_entry: RegisterQueueEntryTable;
  register_parked_cart: RegisterParkedCartTable;
  gift_card_sale: GiftCardSaleTable;
}
