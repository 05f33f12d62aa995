// The delivery inventory ledger: what a vehicle out on a run carries, after each stop that changes
// it (California, 4 CCR §15418: product type, brand, retail value, track-and-trace id and weight
// of every item, updated after each stop; regulations.md §5). Verdant keeps it for every run,
// whatever the store's state: like the stop log it is a record and refuses nothing.
//
// It is recorded, not derived: the brand's name and the SKU's weight are the catalog's, which may
// be edited after the run, and the ledger must say what the vehicle carried as the driver saw it.
// The departure writes the load as it leaves; each order stop writes the previous entry with that
// order's packages handed over (gone) or riding back to the store (`returning`: a no-show's goods
// and an order brought back stay in the vehicle until it is back); the return writes it empty.
// Each entry is written in the stop's own transaction, under the run's lock, so entries follow
// the stops one for one and in their order.
import { v7 as uuidv7 } from 'uuid';
import { notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { getSkusForCheckout } from '../catalog';
import { getOrder, type OrderView } from '../orders';
import type { InventoryLedgerEvent } from './delivery.tables';

type Trx = UnitOfWork['trx'] | Db;

/** One package of an order line in the vehicle. */
export interface InventoryItem {
  orderId: string;
  orderNumber: string;
  lineNo: number;
  skuCode: string;
  title: string;
  /** The product type (the catalog's category: flower, edible, vape…). */
  category: string;
  brand: string | null;
  /** The package's label: its state track-and-trace id where the store reports to one. */
  packageLabel: string;
  /** In the line's unit: units, or milligrams for goods sold by weight. */
  quantity: number;
  unit: 'each' | 'mg';
  /** The package's share of the line's retail value, before discounts and taxes (what the vehicle caps count). */
  retailValueCents: number;
  /** Net cannabis weight, when the SKU states one (or the quantity, for goods sold by weight). */
  weightMg: number | null;
  /** for_delivery: on its way to the customer; returning: riding back to the store (not handed over). */
  status: 'for_delivery' | 'returning';
}

export interface InventoryLedgerEntry {
  seq: number;
  event: InventoryLedgerEvent;
  /** The order whose stop changed the load; null for the departure and the return. */
  orderId: string | null;
  at: string;
  /** What remained in the vehicle after the stop. */
  items: InventoryItem[];
  valueCents: number;
}

/** The packages of the orders loaded, as the catalog describes them now. */
export async function inventoryOf(trx: Trx, organizationId: string, storeId: string, orders: OrderView[]): Promise<InventoryItem[]> {
  const skuIds = [...new Set(orders.flatMap((o) => o.lines.map((l) => l.skuId)))];
  const skus = new Map((await getSkusForCheckout(trx, organizationId, storeId, skuIds)).map((s) => [s.skuId, s]));
  const brandIds = [...new Set([...skus.values()].map((s) => s.brandId).filter((id): id is string => id !== null))];
  const brands = new Map(
    brandIds.length === 0 ? [] : (await trx.selectFrom('brand').select(['id', 'name']).where('organization_id', '=', organizationId).where('id', 'in', brandIds).execute()).map((b) => [b.id, b.name]),
  );
  return orders.flatMap((order) =>
    order.lines.flatMap((line) => {
      const sku = skus.get(line.skuId);
      const values = splitCents(line.grossCents, line.picks.map((p) => p.quantity));
      return line.picks.map((pick, i): InventoryItem => ({
        orderId: order.id,
        orderNumber: order.number,
        lineNo: line.lineNo,
        skuCode: line.skuCode,
        title: line.title,
        category: line.category,
        brand: sku?.brandId ? (brands.get(sku.brandId) ?? null) : null,
        packageLabel: pick.packageLabel,
        quantity: pick.quantity,
        unit: line.unit,
        retailValueCents: values[i],
        weightMg: line.unit === 'mg' ? pick.quantity : sku?.netWeightMg != null ? sku.netWeightMg * pick.quantity : null,
        status: 'for_delivery',
      }));
    }),
  );
}

/** A line's value shared between its packages by quantity, in whole cents that add up to it. */
function splitCents(totalCents: number, quantities: number[]): number[] {
  const whole = quantities.reduce((sum, q) => sum + q, 0);
  if (whole === 0) return quantities.map((_, i) => (i === 0 ? totalCents : 0));
  const shares = quantities.map((q) => Math.floor((totalCents * q) / whole));
  shares[shares.length - 1] += totalCents - shares.reduce((sum, s) => sum + s, 0);
  return shares;
}

/** Appends an entry; the caller holds the run's lock, so the numbering cannot race. */
export async function recordInventory(trx: Trx, run: { id: string; organization_id: string }, entry: { event: InventoryLedgerEvent; orderId: string | null; items: InventoryItem[]; at: Date }): Promise<void> {
  const last = await trx.selectFrom('delivery_inventory_ledger').select((eb) => eb.fn.max('seq').as('seq')).where('run_id', '=', run.id).executeTakeFirst();
  await trx
    .insertInto('delivery_inventory_ledger')
    .values({ id: uuidv7(), run_id: run.id, organization_id: run.organization_id, seq: Number(last?.seq ?? 0) + 1, event: entry.event, order_id: entry.orderId, recorded_at: entry.at, items: JSON.stringify(entry.items) })
    .execute();
}

/**
 * What the vehicle carries now: the last entry's items. A run that left before the ledger was kept
 * has none, so its orders still on board are read instead.
 */
export async function inventoryAboard(trx: Trx, run: { id: string; organization_id: string; store_id: string }): Promise<InventoryItem[]> {
  const last = await trx.selectFrom('delivery_inventory_ledger').select('items').where('run_id', '=', run.id).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  if (last) return last.items as InventoryItem[];
  const loaded = await trx.selectFrom('delivery_stop').select('order_id').where('run_id', '=', run.id).where('status', '=', 'loaded').orderBy('seq').execute();
  const orders: OrderView[] = [];
  for (const s of loaded) orders.push((await getOrder(trx, run.organization_id, s.order_id)).view);
  return inventoryOf(trx, run.organization_id, run.store_id, orders);
}

/** The inventory after an order stop ended: handed over, its packages are gone; otherwise they ride back. */
export function afterStop(items: InventoryItem[], orderId: string, delivered: boolean): InventoryItem[] {
  return delivered ? items.filter((i) => i.orderId !== orderId) : items.map((i) => (i.orderId === orderId ? { ...i, status: 'returning' as const } : i));
}

export async function inventoryLedger(db: Db, organizationId: string, runId: string): Promise<{ runId: string; storeId: string; entries: InventoryLedgerEntry[]; remaining: InventoryItem[] }> {
  const run = await db.selectFrom('delivery_run').select(['id', 'store_id']).where('id', '=', runId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!run) throw notFound('Delivery run', runId);
  const rows = await db.selectFrom('delivery_inventory_ledger').selectAll().where('run_id', '=', run.id).orderBy('seq').execute();
  const entries = rows.map((r): InventoryLedgerEntry => {
    const items = r.items as InventoryItem[];
    return { seq: r.seq, event: r.event, orderId: r.order_id, at: new Date(r.recorded_at).toISOString(), items, valueCents: items.reduce((sum, i) => sum + i.retailValueCents, 0) };
  });
  return { runId: run.id, storeId: run.store_id, entries, remaining: entries.at(-1)?.items ?? [] };
}
