// What traceability needs from other modules, in one place. Compliance goes through its door.
// Inventory's door (index.ts) does not export package holds, manifests or lab results yet, so
// those are reached here (and only here) by file; when its door grows, only these imports change.
// Reads of inventory tables are kept to labels, units, statuses and on-hand counters; of delivery's,
// to how stops ended; of orders', to where a delivery order goes (read when sending, so that the
// recipient's name and address stay out of events) and what open online orders took off the shelf.
import { sql } from 'kysely';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { setPackageStatus, recordLabResult, type LabResultInput } from '../inventory/inventory.packages';
import { createManifest, type ManifestInput } from '../inventory/inventory.receiving';
import { historyFor, type HistoryEntry } from '../compliance';

export type { LabResultInput, ManifestInput, HistoryEntry };

export interface LocalPackage {
  id: string;
  label: string;
  unit: 'each' | 'mg';
  status: string;
  batchId: string | null;
  /** On hand across the store's locations, in the package unit (each, or mg). */
  onHand: number;
}

export const inventoryPort = {
  /** The store's packages that hold or held stock, with their on-hand totals. */
  async storePackages(db: Db, organizationId: string, storeId: string): Promise<LocalPackage[]> {
    const rows = await db
      .selectFrom('inventory_package as p')
      .innerJoin('inventory_stock as s', 's.package_id', 'p.id')
      .select((eb) => ['p.id', 'p.label', 'p.unit', 'p.status', 'p.batch_id', eb.fn.sum<number>('s.on_hand').as('on_hand')])
      .where('p.organization_id', '=', organizationId)
      .where('s.store_id', '=', storeId)
      .groupBy(['p.id', 'p.label', 'p.unit', 'p.status', 'p.batch_id'])
      .execute();
    return rows.map((r) => ({ id: r.id, label: r.label, unit: r.unit, status: r.status, batchId: r.batch_id, onHand: Number(r.on_hand) }));
  },

  async packageUnit(db: Db, organizationId: string, label: string): Promise<'each' | 'mg' | null> {
    const row = await db.selectFrom('inventory_package').select('unit').where('organization_id', '=', organizationId).where('label', '=', label).executeTakeFirst();
    return row?.unit ?? null;
  },

  hold(uow: UnitOfWork, label: string, reason: string) {
    return setPackageStatus(uow, label, { status: 'on_hold', reason });
  },

  createManifest(uow: UnitOfWork, storeId: string, input: ManifestInput) {
    return createManifest(uow, storeId, input);
  },

  recordLabResult(uow: UnitOfWork, batchId: string, input: LabResultInput) {
    return recordLabResult(uow, batchId, input);
  },
};

export const deliveryPort = {
  /**
   * How an order's stop on a run ended, or null while it is on board. Read by the intake when a
   * departure is filed after the stop already ended (events delivered out of order). The delivery
   * module's door cannot serve it: delivery reads traceability's door for the manifest.
   */
  async stopOutcome(db: Db, runId: string, orderId: string): Promise<{ status: 'delivered' | 'undelivered'; reason: string | null; endedAt: Date } | null> {
    const row = await db.selectFrom('delivery_stop').select(['status', 'reason', 'ended_at']).where('run_id', '=', runId).where('order_id', '=', orderId).executeTakeFirst();
    if (!row || row.status === 'loaded') return null;
    return { status: row.status, reason: row.reason, endedAt: row.ended_at ? new Date(row.ended_at) : new Date() };
  },

  /** Each of these runs' stop for the order: loaded (on board), delivered or undelivered. */
  async stopStatuses(db: Db, orderId: string, runIds: readonly string[]): Promise<Map<string, 'loaded' | 'delivered' | 'undelivered'>> {
    if (runIds.length === 0) return new Map();
    const rows = await db.selectFrom('delivery_stop').select(['run_id', 'status']).where('order_id', '=', orderId).where('run_id', 'in', [...runIds]).execute();
    return new Map(rows.map((r) => [r.run_id, r.status]));
  },
};

export interface DeliveryRecipient {
  name: string | null;
  address: { line1: string; line2?: string; city: string; region: string; postalCode: string } | null;
}

export const ordersPort = {
  /**
   * The packages taken by the store's online orders that are sold here but not yet at the state:
   * placed and not handed over, and on no trip the state holds (a sales delivery filed and not
   * completed as brought back). Local units (each, mg).
   */
  async unreportedOpenOrderPicks(db: Db, storeId: string): Promise<{ packageLabel: string; quantity: number }[]> {
    const rows = await sql<{ package_label: string; quantity: string }>`
      select p."packageLabel" as package_label, sum(p.quantity)::text as quantity
        from sales_order o
        join sales_order_line l on l.order_id = o.id
        cross join lateral jsonb_to_recordset(l.picks) as p("packageLabel" text, quantity numeric)
       where o.store_id = ${storeId}
         and o.status in ('placed', 'accepted', 'packed', 'ready', 'out_for_delivery')
         and not exists (
           select 1 from trace_report d
            where d.order_id = o.id::text and d.kind = 'delivery' and d.status = 'sent'
              and not exists (select 1 from trace_report c
                               where c.order_id = o.id::text and c.kind = 'delivery_complete' and c.status = 'sent'
                                 and c.dedupe_key = 'delivery-complete:' || substr(d.dedupe_key, length('delivery:') + 1)))
       group by p."packageLabel"`.execute(db);
    return rows.rows.map((r) => ({ packageLabel: r.package_label, quantity: Number(r.quantity) }));
  },


  /** When an order was completed (a sale), or null when it was not or does not exist. */
  async completedAt(db: Db, organizationId: string, orderId: string): Promise<Date | null> {
    const row = await db.selectFrom('sales_order').select('completed_at').where('id', '=', orderId).where('organization_id', '=', organizationId).executeTakeFirst();
    return row?.completed_at ? new Date(row.completed_at) : null;
  },

  /** The name and address a delivery order goes to, as the customer gave them; null for no such order. */
  async deliverTo(db: Db, organizationId: string, orderId: string): Promise<DeliveryRecipient | null> {
    const row = await db.selectFrom('sales_order').select('fulfillment').where('id', '=', orderId).where('organization_id', '=', organizationId).executeTakeFirst();
    if (!row) return null;
    const to = (typeof row.fulfillment === 'string' ? JSON.parse(row.fulfillment) : (row.fulfillment ?? {})) as { name?: string; address?: DeliveryRecipient['address'] };
    return { name: to.name ?? null, address: to.address ?? null };
  },
};

export const compliancePort = {
  historyFor(db: Db, input: { organizationId: string; customerId: string; jurisdiction: string; since: Date | string; until?: Date | string; excludeOrderId?: string }): Promise<HistoryEntry[]> {
    return historyFor(db, input);
  },
};
