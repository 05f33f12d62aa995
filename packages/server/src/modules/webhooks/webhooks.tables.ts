import type { ColumnType, Generated } from 'kysely';

// Kysely's view of the webhook tables (migration 0040_create_webhooks.sql).
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type TextArray = ColumnType<string[], string[], string[]>;

export type CircuitState = 'closed' | 'open' | 'half_open';
export type WebhookDeliveryStatus = 'pending' | 'processing' | 'succeeded' | 'failed';
export type AttemptOutcome = 'succeeded' | 'http_error' | 'timeout' | 'network_error';

export interface RetiredSecret {
  secret: string;
  hint: string;
  expiresAt: string;
}

export interface WebhookSubscriptionTable {
  id: string;
  organization_id: string;
  url: string;
  description: Generated<string>;
  event_types: TextArray;
  active: Generated<boolean>;
  secret: string;
  secret_hint: string;
  previous_secret: string | null;
  previous_secret_hint: string | null;
  previous_secret_expires_at: Date | null;
  circuit_state: Generated<CircuitState>;
  consecutive_failures: Generated<number>;
  circuit_opened_at: Date | null;
  circuit_retry_at: Date | null;
  probe_locked_until: Date | null;
  /** Migration 0063: which worker sends this endpoint's regular deliveries now. */
  sender_locked_until: Date | null;
  /** Migration 0106: secrets rotated away before `previous_secret`, still signing until their overlap ends. */
  retired_secrets: ColumnType<RetiredSecret[], string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveryTable {
  id: string;
  subscription_id: string;
  organization_id: string;
  event_id: string;
  event_type: string;
  /** Migration 0106: the event's published sequence number; deliveries are sent in its order. */
  event_seq: ColumnType<number, number, number>;
  body: string;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveryAttemptTable {
  id: Generated<number>;
  delivery_id: string;
  attempt: number;
  probe: Generated<boolean>;
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  outcome: AttemptOutcome;
  error: string | null;
}

export interface WebhookTables {
  webhook_subscription: WebhookSubscriptionTable;
  webhook_delivery: WebhookDeliveryTable;
  webhook_delivery_attempt: WebhookDeliveryAttemptTable;
}
