import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface PromotionTable {
  id: string;
  organization_id: string;
  store_id: string | null;
  name: string;
  active: boolean;
  starts_at: NullableTimestamp;
  ends_at: NullableTimestamp;
  priority: number;
  has_codes: boolean;
  /** The engine's promotion document, id = this row's id. */
  definition: Json;
  max_uses: number | null;
  max_uses_per_customer: number | null;
  uses: Generated<number>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  archived_at: NullableTimestamp;
}

export interface PromotionCodeTable {
  organization_id: string;
  code_key: string;
  code: string;
  promotion_id: string;
}

export interface PromotionCustomerUsageTable {
  promotion_id: string;
  customer_id: string;
  uses: number;
}

export interface PromotionRedemptionTable {
  id: string;
  organization_id: string;
  promotion_id: string;
  order_id: string;
  customer_id: string | null;
  code: string | null;
  amount_cents: number;
  counted: boolean;
  /** The redemption took one of the customer's uses (promotion_customer_usage); a release gives back only that. */
  customer_counted: Generated<boolean>;
  status: Generated<'redeemed' | 'released'>;
  redeemed_at: Generated<Date>;
  released_at: NullableTimestamp;
}

export interface PromotionTables {
  promotion: PromotionTable;
  promotion_code: PromotionCodeTable;
  promotion_customer_usage: PromotionCustomerUsageTable;
  promotion_redemption: PromotionRedemptionTable;
}
