/** An event as subscribers and SSE clients see it once it is published. */
export interface PublishedEvent {
  seq: number;
  eventId: string;
  type: string;
  organizationId: string | null;
  storeId: string | null;
  aggregateType: string;
  aggregateId: string;
  payload: unknown;
  createdAt: string;
}

/**
 * A subscriber gets every matching event at least once, so its handler must be idempotent.
 * A handler that throws is retried with backoff and dead-lettered after the configured tries.
 */
export interface Subscriber {
  name: string;
  /** Event types it wants; a trailing `*` matches a prefix (`inventory.*`). */
  eventTypes: string[];
  handle(event: PublishedEvent): Promise<void>;
}

export function typeMatches(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) =>
    pattern === '*' || (pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type),
  );
}

export function toPublishedEvent(row: {
  published_seq: number | null;
  event_id: string;
  type: string;
  organization_id: string | null;
  store_id: string | null;
  aggregate_type: string;
  aggregate_id: string;
  payload: unknown;
  created_at: Date;
}): PublishedEvent {
  return {
    seq: row.published_seq ?? 0,
    eventId: row.event_id,
    type: row.type,
    organizationId: row.organization_id,
    storeId: row.store_id,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    payload: row.payload,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
