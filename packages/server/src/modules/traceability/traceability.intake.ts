import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { PublishedEvent, Subscriber } from '../events/event-types';
import type { Db } from '../../platform/unit-of-work';
import { deliveryPort, inventoryPort } from './traceability.ports';
import { deliveryFilingFor, dueAt, policyFor, type CustomerKind } from './traceability.policy';
import type { ReportKind } from './traceability.tables';

export const TRACE_SUBSCRIBER = 'traceability.reports';

/** Events the state hears about. Adjustment names follow inventory's `inventory.package.*`. */
export const REPORTED_EVENT_TYPES = [
  'orders.order.completed',
  'orders.order.voided',
  'orders.order.returned',
  'inventory.package.adjusted',
  'inventory.package.destroyed',
  'delivery.stop.departed',
  'delivery.stop.ended',
];

/**
 * Our adjustment reason codes → the state's reason names, in order of preference: Metrc's common
 * names first ("Drying", "Entry Error", "Scale Variance", … — market-and-metrc.md §2), then the
 * names of states that keep their own list (Oregon's is the regulator's, wiki-or.metrc.com/source/
 * adjustments). The Metrc engine files the first one the state's list has.
 */
export const STATE_ADJUSTMENT_REASONS: Record<string, [string, ...string[]]> = {
  destroyed: ['Waste', 'Mandated Destruction'],
  damaged: ['Waste', 'Mandated Destruction'],
  theft: ['Theft'],
  theft_loss: ['Theft'],
  moisture_loss: ['Drying'],
  data_entry_error: ['Entry Error'],
  found: ['Entry Error'],
  sample: ['Entry Error'],
  other: ['Entry Error'],
  count_correction: ['Scale Variance', 'Entry Error'],
};

interface Planned {
  kind: ReportKind;
  dedupeKey: string;
  orderId: string | null;
  occurredAt: string;
  customerKind?: CustomerKind;
  /** The sale's channel (orders.order.completed): a delivery order may be filed another way. */
  channel?: string | null;
  /** Due at once whatever the store's batching: a delivery's manifest exists before the vehicle leaves. */
  realtime?: boolean;
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
        customerKind: customer.kind === 'medical' ? 'medical' : 'adult_use', channel: str(p.channel), payload: p,
      };
    }
    case 'delivery.stop.departed': {
      const orderId = str(p.orderId);
      const runId = str(p.runId);
      if (!orderId || !runId) return null;
      const customer = (p.customer ?? {}) as P;
      return {
        kind: 'delivery', dedupeKey: `delivery:${orderId}:${runId}`, orderId, occurredAt: str(p.departedAt) ?? event.createdAt,
        customerKind: customer.kind === 'medical' ? 'medical' : 'adult_use', realtime: true, payload: p,
      };
    }
    case 'delivery.stop.ended': {
      const orderId = str(p.orderId);
      const runId = str(p.runId);
      if (!orderId || !runId) return null;
      return { kind: 'delivery_complete', dedupeKey: `delivery-complete:${orderId}:${runId}`, orderId, occurredAt: str(p.endedAt) ?? event.createdAt, realtime: true, payload: p };
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
      const [reason, ...alternativeReasons] = STATE_ADJUSTMENT_REASONS[reasonCode] ?? STATE_ADJUSTMENT_REASONS.other;
      return {
        kind: 'adjustment', dedupeKey: `adjustment:${event.eventId}`, orderId: null, occurredAt: event.createdAt,
        payload: {
          packageLabel: label,
          quantity: unit === 'mg' ? quantity / 1000 : quantity,
          unitOfMeasure: unit === 'mg' ? 'Grams' : 'Each',
          reason,
          alternativeReasons,
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
  const organizationId = event.organizationId;
  const store = await db
    .selectFrom('trace_store_config as c')
    .innerJoin('store as s', 's.id', 'c.store_id')
    .select(['c.engine', 'c.mode', 'c.batch_minutes', 's.jurisdiction', 's.timezone'])
    .where('c.store_id', '=', storeId)
    .where('s.organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!store || store.engine === 'none') return false;
  const planned = await planReport(db, event);
  if (!planned) return false;
  const policy = policyFor(store.jurisdiction, new Date(planned.occurredAt), store.timezone);
  const due = planned.realtime ? now : dueAt({ policy, mode: store.mode, batchMinutes: store.batch_minutes, customerKind: planned.customerKind, now, occurredAt: new Date(planned.occurredAt) });
  const insert = async (trx: Db, row: Planned) => {
    const values = {
      id: uuidv7(),
      organization_id: organizationId,
      store_id: storeId,
      kind: row.kind,
      dedupe_key: row.dedupeKey,
      event_id: event.eventId,
      order_id: row.orderId,
      payload: JSON.stringify(row.payload),
      occurred_at: new Date(row.occurredAt),
      next_attempt_at: due,
    };
    const write = trx.insertInto('trace_report').values(values).onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('id');
    if (row.kind !== 'sale' || !row.orderId) return (await write.executeTakeFirst()) !== undefined;
    // A void or return of this sale filed before it (their events' deliveries are retried apart)
    // waits for it; a new sale report wakes them, in the same statement.
    const inserted = await trx
      .with('filed', () => write)
      .with('woken', (db) =>
        db
          .updateTable('trace_report')
          .set({ next_attempt_at: sql<Date>`clock_timestamp()`, updated_at: new Date() })
          .where('order_id', '=', row.orderId)
          .where('store_id', '=', storeId)
          .where('status', '=', 'queued')
          .where('kind', 'in', ['void', 'return'])
          .where(sql<boolean>`exists (select 1 from filed)`)
          .returning('id'),
      )
      .selectFrom('filed')
      .select('id')
      .executeTakeFirst();
    return inserted !== undefined;
  };
  const deliveryOrder = planned.kind === 'delivery' || planned.kind === 'delivery_complete' || (planned.kind === 'sale' && planned.channel === 'delivery');
  if (!deliveryOrder || !planned.orderId) return insert(db, planned);
  // A delivery order takes exactly one path to the state: a sales delivery per trip (completed at
  // the door) or a receipt at hand-over. Whichever of its events comes first decides, under a lock
  // per order, so events that arrive out of order (a retried delivery) cannot file both.
  const filing = deliveryFilingFor(store.jurisdiction, store.engine, new Date(planned.occurredAt), store.timezone);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`trace-order:${planned.orderId}`}))`.execute(trx);
    const rows = await deliveryPath(trx, planned, filing);
    let wrote = false;
    for (const row of rows) wrote = (await insert(trx, row)) || wrote;
    return wrote;
  });
}

/**
 * The reports a delivery order's event asks for on its one path:
 * - departure: a sales delivery, where the store files them and no receipt was filed for the order
 *   (an order that left before Verdant filed sales deliveries keeps its receipt path). If the stop
 *   already ended (its event came first and found nothing to complete), the completion too.
 * - stop ended: the completion of that trip's sales delivery, if one was filed.
 * - hand-over (orders.order.completed): a receipt, unless a trip filed as a sales delivery is still
 *   out or was handed over (filedAsSalesDelivery).
 */
async function deliveryPath(trx: Db, planned: Planned, filing: 'sales_delivery' | 'receipt'): Promise<Planned[]> {
  const orderId = planned.orderId as string;
  const exists = async (where: { dedupeKey?: string; kind?: ReportKind }) => {
    let q = trx.selectFrom('trace_report').select('id').where('order_id', '=', orderId);
    if (where.dedupeKey) q = q.where('dedupe_key', '=', where.dedupeKey);
    if (where.kind) q = q.where('kind', '=', where.kind);
    return (await q.limit(1).executeTakeFirst()) !== undefined;
  };
  const runId = str(planned.payload.runId);
  switch (planned.kind) {
    case 'sale':
      return (await filedAsSalesDelivery(trx, orderId)) ? [] : [planned];
    case 'delivery_complete':
      return runId && (await exists({ dedupeKey: `delivery:${orderId}:${runId}` })) ? [planned] : [];
    case 'delivery': {
      if (filing !== 'sales_delivery' || !runId || (await exists({ dedupeKey: `sale:${orderId}` }))) return [];
      const stop = await deliveryPort.stopOutcome(trx, runId, orderId);
      if (!stop) return [planned];
      const ended = {
        runId, orderId, orderNumber: str(planned.payload.orderNumber), storeId: str(planned.payload.storeId),
        outcome: stop.status, redeliver: false, reason: stop.reason, endedAt: stop.endedAt.toISOString(),
      };
      return [planned, { kind: 'delivery_complete', dedupeKey: `delivery-complete:${orderId}:${runId}`, orderId, occurredAt: ended.endedAt, realtime: true, payload: ended }];
    }
    default:
      return [planned];
  }
}

/**
 * The order goes to the state as a sales delivery: a trip filed for it is still on the vehicle or
 * was handed over (a trip whose stop is gone counts too: never risk a second sale). Trips that all
 * came back (not delivered, or closed as not delivered when the run returned) are completed in
 * Metrc with every package returned, so they sold nothing: the sale is filed as a receipt when the
 * order is completed another way (a manager moving it through the order itself), and a void or
 * return goes against that receipt. Decided on the stops as they are when the event is worked.
 */
export async function filedAsSalesDelivery(db: Db, orderId: string, storeId?: string): Promise<boolean> {
  let q = db.selectFrom('trace_report').select('dedupe_key').where('order_id', '=', orderId).where('kind', '=', 'delivery');
  if (storeId) q = q.where('store_id', '=', storeId);
  const prefix = `delivery:${orderId}:`;
  const runIds = (await q.execute()).map((r) => r.dedupe_key).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  if (runIds.length === 0) return false;
  const stops = await deliveryPort.stopStatuses(db, orderId, runIds);
  return runIds.some((runId) => stops.get(runId) !== 'undelivered');
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

/**
 * Reports per status, and how long the oldest not yet sent has waited: for dashboards and
 * /metrics. Each report is counted once: `queued` waits for its turn, `sending` is with the state
 * system now (the oldest-waiting age covers both).
 */
export async function queueStats(db: Db, organizationId: string, storeId?: string) {
  let q = db
    .selectFrom('trace_report')
    .select([
      'store_id',
      sql<number>`count(*) filter (where status = 'queued')::int`.as('queued'),
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
