import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { PublishedEvent, Subscriber } from '../events/event-types';
import type { Db } from '../../platform/unit-of-work';
import { inventoryPort } from './traceability.ports';
import { dueAt, policyFor, type CustomerKind } from './traceability.policy';
import type { ReportKind } from './traceability.tables';

export const TRACE_SUBSCRIBER = 'traceability.reports';

/** Events the state hears about. Adjustment names follow inventory's `inventory.package.*`. */
export const REPORTED_EVENT_TYPES = [
  'orders.order.completed',
  'orders.order.voided',
  'orders.order.returned',
  'inventory.package.adjusted',
  'inventory.package.destroyed',
];

// Our adjustment reason codes → the state's reason names (Metrc's default list; see metrc-states).
export const STATE_ADJUSTMENT_REASONS: Record<string, string> = {
  destroyed: 'Waste',
  damaged: 'Waste',
  theft: 'Theft',
  theft_loss: 'Theft',
  moisture_loss: 'Drying',
  data_entry_error: 'Entry Error',
  found: 'Entry Error',
  sample: 'Entry Error',
  other: 'Entry Error',
  count_correction: 'Scale Variance',
};

interface Planned {
  kind: ReportKind;
  dedupeKey: string;
  orderId: string | null;
  occurredAt: string;
  customerKind?: CustomerKind;
  payload: Record<string, unknown>;
}

type P = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** Turns one event into the report it asks for, or null when it asks for none. */
export async function planReport(db: Db, event: PublishedEvent): Promise<Planned | null> {
  const p = (event.payload ?? {}) as P;
  switch (event.type) {
    case 'orders.order.completed': {
      const orderId = str(p.orderId) ?? event.aggregateId;
      const customer = (p.customer ?? {}) as P;
      return {
        kind: 'sale', dedupeKey: `sale:${orderId}`, orderId, occurredAt: str(p.completedAt) ?? event.createdAt,
        customerKind: customer.kind === 'medical' ? 'medical' : 'adult_use', payload: p,
      };
    }
    case 'orders.order.voided': {
      const orderId = str(p.orderId) ?? event.aggregateId;
      return { kind: 'void', dedupeKey: `void:${orderId}`, orderId, occurredAt: str(p.voidedAt) ?? event.createdAt, payload: p };
    }
    case 'orders.order.returned': {
      const orderId = str(p.orderId) ?? event.aggregateId;
      const returnId = str(p.returnId) ?? event.eventId;
      return { kind: 'return', dedupeKey: `return:${returnId}`, orderId, occurredAt: str(p.returnedAt) ?? event.createdAt, payload: p };
    }
    case 'inventory.package.adjusted':
    case 'inventory.package.destroyed': {
      const label = str(p.label) ?? str(p.packageLabel);
      if (!label || !event.organizationId) return null;
      // Stock units: each, or mg for weighed packages (inventory keeps integers).
      const unit = (str(p.unit) as 'each' | 'mg' | null) ?? (await inventoryPort.packageUnit(db, event.organizationId, label)) ?? 'each';
      const destroyed = event.type === 'inventory.package.destroyed';
      const raw = Number(destroyed ? p.quantity : (p.delta ?? p.quantity));
      if (!Number.isFinite(raw) || raw === 0) return null;
      const quantity = destroyed ? -Math.abs(raw) : raw;
      const reasonCode = str(p.reasonCode) ?? (destroyed ? 'destroyed' : 'other');
      return {
        kind: 'adjustment', dedupeKey: `adjustment:${event.eventId}`, orderId: null, occurredAt: event.createdAt,
        payload: {
          packageLabel: label,
          quantity: unit === 'mg' ? quantity / 1000 : quantity,
          unitOfMeasure: unit === 'mg' ? 'Grams' : 'Each',
          reason: STATE_ADJUSTMENT_REASONS[reasonCode] ?? 'Entry Error',
          note: [destroyed ? `Destroyed${str(p.method) ? ` (${String(p.method)})` : ''}` : null, str(p.note), reasonCode].filter(Boolean).join('; '),
        },
      };
    }
    default:
      return null;
  }
}

/**
 * Files one durable report row per event. The outbox delivers at least once; the unique
 * dedupe key makes the second delivery a no-op. Stores that report to no state get no rows.
 * Returns true when a new row was written.
 */
export async function enqueueReport(db: Db, event: PublishedEvent, now = new Date()): Promise<boolean> {
  const storeId = event.storeId ?? str((event.payload as P | null)?.storeId);
  if (!storeId || !event.organizationId) return false;
  const store = await db
    .selectFrom('trace_store_config as c')
    .innerJoin('store as s', 's.id', 'c.store_id')
    .select(['c.engine', 'c.mode', 'c.batch_minutes', 's.jurisdiction'])
    .where('c.store_id', '=', storeId)
    .where('s.organization_id', '=', event.organizationId)
    .executeTakeFirst();
  if (!store || store.engine === 'none') return false;
  const planned = await planReport(db, event);
  if (!planned) return false;
  const policy = policyFor(store.jurisdiction, new Date(planned.occurredAt));
  const due = dueAt({ policy, mode: store.mode, batchMinutes: store.batch_minutes, customerKind: planned.customerKind, now });
  const inserted = await db
    .insertInto('trace_report')
    .values({
      id: uuidv7(),
      organization_id: event.organizationId,
      store_id: storeId,
      kind: planned.kind,
      dedupe_key: planned.dedupeKey,
      event_id: event.eventId,
      order_id: planned.orderId,
      payload: JSON.stringify(planned.payload),
      occurred_at: new Date(planned.occurredAt),
      next_attempt_at: due,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export function traceSubscriber(db: Db, onEnqueued: () => void): Subscriber {
  return {
    name: TRACE_SUBSCRIBER,
    eventTypes: REPORTED_EVENT_TYPES,
    async handle(event) {
      if (await enqueueReport(db, event)) onEnqueued();
    },
  };
}

/** Reports waiting, and how long the oldest has waited: for dashboards and /metrics. */
export async function queueStats(db: Db, organizationId: string, storeId?: string) {
  let q = db
    .selectFrom('trace_report')
    .select([
      'store_id',
      sql<number>`count(*) filter (where status in ('queued', 'sending'))::int`.as('queued'),
      sql<number>`count(*) filter (where status = 'sending')::int`.as('sending'),
      sql<number>`count(*) filter (where status = 'failed')::int`.as('failed'),
      sql<number>`count(*) filter (where status = 'sent')::int`.as('sent'),
      sql<Date | null>`min(occurred_at) filter (where status in ('queued', 'sending'))`.as('oldest'),
    ])
    .where('organization_id', '=', organizationId)
    .groupBy('store_id');
  if (storeId) q = q.where('store_id', '=', storeId);
  const rows = await q.execute();
  const now = Date.now();
  return rows.map((r) => ({
    storeId: r.store_id,
    queued: Number(r.queued),
    sending: Number(r.sending),
    failed: Number(r.failed),
    sent: Number(r.sent),
    oldestQueuedAt: r.oldest ? new Date(r.oldest).toISOString() : null,
    oldestAgeSeconds: r.oldest ? Math.max(0, Math.round((now - new Date(r.oldest).getTime()) / 1000)) : 0,
  }));
}
