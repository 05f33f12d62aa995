import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface LoyaltyProgramTable {
  organization_id: string;
  /** The engine's loyalty program document (loyaltyProgramSchema output). */
  definition: Json;
  active: Generated<boolean>;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface LoyaltyAccountTable {
  organization_id: string;
  customer_id: string;
  balance_points: Generated<number>;
  lifetime_points: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type LoyaltyEntryKind = 'earn' | 'redeem' | 'reverse' | 'adjust';

export interface LoyaltyEntryTable {
  id: string;
  organization_id: string;
  customer_id: string;
  kind: LoyaltyEntryKind;
  points: number;
  balance_after: number;
  lifetime_after: number;
  order_id: string | null;
  discount_cents: number | null;
  reversed_points: Generated<number>;
  reverses_entry_id: string | null;
  reason: string | null;
  actor_type: string;
  actor_id: string | null;
  created_at: Generated<Date>;
}

export interface LoyaltyTables {
  loyalty_program: LoyaltyProgramTable;
  loyalty_account: LoyaltyAccountTable;
  loyalty_entry: LoyaltyEntryTable;
}
