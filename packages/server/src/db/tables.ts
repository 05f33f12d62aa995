import type { ColumnType, Generated } from 'kysely';

// Kysely's view of the tables. Each module owns its tables; this file only gathers them.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface OrganizationTable {
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface StoreTable {
  id: string;
  organization_id: string;
  name: string;
  license_number: string;
  jurisdiction: string;
  timezone: string;
  address: Json;
  /** Holds its state's medical endorsement (Washington: patients' tax exemptions), 0119. */
  medical_endorsement: Generated<boolean>;
  /** open, closed (for a while) or retired (for good), with why and when it last changed, 0150. */
  status: Generated<'open' | 'closed' | 'retired'>;
  status_reason: string | null;
  status_changed_at: Date | null;
  /** The pickup hand-over modes the store offers (in_store always), its own choice within its pack's, 0164. */
  pickup_modes_offered: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Timestamp;
}

export interface StaffUserTable {
  id: string;
  organization_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  pin_hash: string | null;
  store_ids: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: Timestamp;
}

/** Failed sign-ins with an address that is no staff member's, counted as an account's are (0110). */
export interface StaffUnknownSignInTable {
  email: string;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  updated_at: Generated<Date>;
}

export interface StaffSessionTable {
  id: string;
  user_id: string;
  active_user_id: string | null;
  store_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Date | null;
  /** Locked register: its acting budtender's turn was ended (deactivated, new password or PIN, store taken away); only a PIN switch unlocks it (0066). */
  pin_required_since: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface ApiKeyTable {
  id: string;
  organization_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string[];
  created_by: string | null;
  created_at: Timestamp;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  organization_id: string | null;
  store_id: string | null;
  actor_type: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json | null;
  after: Json | null;
  reason: string | null;
  request_id: string | null;
  chain_seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

export interface OutboxEventTable {
  id: Generated<number>;
  event_id: string;
  type: string;
  organization_id: string | null;
  store_id: string | null;
  aggregate_type: string;
  aggregate_id: string;
  payload: Json;
  created_at: Timestamp;
  published_seq: number | null;
  published_at: Date | null;
}

export interface OutboxDeliveryTable {
  id: Generated<number>;
  event_id: number;
  subscriber: string;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  response_status: number;
  response_body: Json | null;
  created_at: Timestamp;
}

export interface SequencerStateTable {
  name: string;
  last_seq: number;
  last_hash: string | null;
}

export interface SchemaMigrationTable {
  version: string;
  name: string;
  checksum: string;
  applied_at: Timestamp;
}

export interface PlatformTables {
  organization: OrganizationTable;
  store: StoreTable;
  staff_user: StaffUserTable;
  staff_session: StaffSessionTable;
  staff_unknown_sign_in: StaffUnknownSignInTable;
  api_key: ApiKeyTable;
  audit_log: AuditLogTable;
  outbox_event: OutboxEventTable;
  outbox_delivery: OutboxDeliveryTable;
  idempotency_key: IdempotencyKeyTable;
  sequencer_state: SequencerStateTable;
  schema_migration: SchemaMigrationTable;
}
