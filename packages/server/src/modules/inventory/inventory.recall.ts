import { stringify } from 'csv-stringify/sync';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { lockStockRows, organizationOfUow, publishAvailability, raiseAlert, sumByUnit, type AmountsByUnit } from './inventory.ledger';
import { storeSkusOfPackages } from './inventory.packages';
import { assertPackagesInScope, everyStore, type StoreScope } from './inventory.scope';

type Trx = UnitOfWork['trx'] | Db;

export type RecallScope = { batchId: string } | { packageLabel: string } | { producerLicense: string };

function scopeOf(scope: RecallScope): { type: 'batch' | 'package' | 'producer'; value: string } {
  if ('batchId' in scope) return { type: 'batch', value: scope.batchId };
  if ('packageLabel' in scope) return { type: 'package', value: scope.packageLabel };
  return { type: 'producer', value: scope.producerLicense };
}

async function packagesInScope(trx: Trx, organizationId: string, scope: RecallScope) {
  let query = trx
    .selectFrom('inventory_package as p')
    .leftJoin('inventory_batch as b', 'b.id', 'p.batch_id')
    .select(['p.id', 'p.label', 'p.sku_id', 'p.status', 'p.unit', 'b.code as batch_code', 'b.producer_license'])
    .where('p.organization_id', '=', organizationId);
  if ('batchId' in scope) query = query.where('p.batch_id', '=', scope.batchId);
  else if ('packageLabel' in scope) query = query.where('p.label', '=', scope.packageLabel);
  else query = query.where('b.producer_license', '=', scope.producerLicense);
  return query.orderBy('p.label').execute();
}

/** The packages with a stock row (of any quantity, past or present) at one of the stores. */
async function stockedAt<P extends { id: string }>(trx: Trx, packages: P[], stores: StoreScope): Promise<P[]> {
  if (packages.length === 0) return [];
  const rows = await trx
    .selectFrom('inventory_stock')
    .select('package_id')
    .distinct()
    .where('package_id', 'in', packages.map((p) => p.id))
    .where('store_id', 'in', [...stores])
    .execute();
  const seen = new Set(rows.map((r) => r.package_id));
  return packages.filter((p) => seen.has(p.id));
}

export interface RecallTrace {
  scope: { type: string; value: string };
  packages: Array<{ packageId: string; label: string; skuId: string; batchCode: string | null; producerLicense: string | null; status: string; unit: string }>;
  stock: Array<{ packageLabel: string; storeId: string; locationCode: string; onHand: number; reserved: number }>;
  sales: Array<{ orderId: string | null; customerId: string | null; channel: string | null; soldAt: string; storeId: string; packageLabel: string; skuId: string; quantity: number; unit: string; movementId: number }>;
  totals: { packages: number; onHand: AmountsByUnit; sold: AmountsByUnit; orders: number; customers: number };
}

/**
 * Everything a recall needs to know: the packages, where their stock is, and who bought from them.
 * A caller limited to some stores (`stores`) reads what those stores hold and sold: the packages
 * with a stock row there, and their stock and sales there.
 */
export async function traceRecall(trx: Trx, organizationId: string, scope: RecallScope, stores: StoreScope = []): Promise<RecallTrace> {
  const found = await packagesInScope(trx, organizationId, scope);
  const packages = everyStore(stores) ? found : await stockedAt(trx, found, stores);
  const ids = packages.map((p) => p.id);
  const label = new Map(packages.map((p) => [p.id, p]));
  const stock = ids.length
    ? await trx
        .selectFrom('inventory_stock as s')
        .innerJoin('inventory_location as l', 'l.id', 's.location_id')
        .select(['s.package_id', 's.store_id', 'l.code', 's.on_hand', 's.reserved'])
        .where('s.package_id', 'in', ids)
        .where('s.on_hand', '>', 0)
        .$if(!everyStore(stores), (qb) => qb.where('s.store_id', 'in', [...stores]))
        .orderBy('s.store_id')
        .orderBy('l.code')
        .execute()
    : [];
  const sales = ids.length
    ? await trx
        .selectFrom('inventory_movement')
        .select(['id', 'package_id', 'store_id', 'sku_id', 'on_hand_delta', 'reference_id', 'reference_data', 'occurred_at'])
        .where('package_id', 'in', ids)
        .where('kind', '=', 'sale')
        .$if(!everyStore(stores), (qb) => qb.where('store_id', 'in', [...stores]))
        .orderBy('occurred_at')
        .orderBy('id')
        .execute()
    : [];
  const saleRows = sales.map((m) => {
    const data = (m.reference_data ?? {}) as { orderId?: string; customerId?: string | null; channel?: string | null };
    return {
      orderId: data.orderId ?? m.reference_id,
      customerId: data.customerId ?? null,
      channel: data.channel ?? null,
      soldAt: new Date(m.occurred_at).toISOString(),
      storeId: m.store_id,
      packageLabel: label.get(m.package_id)!.label,
      skuId: m.sku_id,
      quantity: -Number(m.on_hand_delta),
      unit: label.get(m.package_id)!.unit,
      movementId: m.id,
    };
  });
  const stockRows = stock.map((s) => ({
    packageLabel: label.get(s.package_id)!.label,
    unit: label.get(s.package_id)!.unit,
    storeId: s.store_id,
    locationCode: s.code,
    onHand: Number(s.on_hand),
    reserved: Number(s.reserved),
  }));
  return {
    scope: scopeOf(scope),
    packages: packages.map((p) => ({
      packageId: p.id,
      label: p.label,
      skuId: p.sku_id,
      batchCode: p.batch_code,
      producerLicense: p.producer_license,
      status: p.status,
      unit: p.unit,
    })),
    stock: stockRows.map(({ unit: _unit, ...row }) => row),
    sales: saleRows,
    totals: {
      packages: packages.length,
      onHand: sumByUnit(stockRows.map((r) => ({ amount: r.onHand, unit: r.unit }))),
      sold: sumByUnit(saleRows.map((r) => ({ amount: r.quantity, unit: r.unit }))),
      orders: new Set(saleRows.map((r) => r.orderId)).size,
      customers: new Set(saleRows.flatMap((r) => (r.customerId ? [r.customerId] : []))).size,
    },
  };
}

/** Spreadsheets run cells that start with = + - @ as formulas; references a register sent must not (as the compliance CSV). */
const cell = (text: string | null) => (text !== null && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/**
 * The recall's sales, one row per sale. Order, customer and channel are the caller's text (an
 * integration's own order references), so each goes through `cell`: the file is opened in a
 * spreadsheet by whoever calls the buyers.
 */
export function recallSalesCsv(trace: RecallTrace): string {
  const rows = trace.sales.map((sale) => ({ ...sale, orderId: cell(sale.orderId), customerId: cell(sale.customerId), channel: cell(sale.channel) }));
  return stringify(rows, {
    header: true,
    columns: [
      { key: 'orderId', header: 'order_id' },
      { key: 'customerId', header: 'customer_id' },
      { key: 'channel', header: 'channel' },
      { key: 'soldAt', header: 'sold_at' },
      { key: 'storeId', header: 'store_id' },
      { key: 'packageLabel', header: 'package_label' },
      { key: 'skuId', header: 'sku_id' },
      { key: 'quantity', header: 'quantity' },
      { key: 'unit', header: 'unit' },
    ],
  });
}

/**
 * One action: every package in scope goes to status 'recalled', which the database's
 * sellability rule refuses for any new reservation or sale, at once, in every store.
 */
export async function issueRecall(uow: UnitOfWork, input: RecallScope & { reason: string }) {
  const organizationId = organizationOfUow(uow);
  const scope = scopeOf(input);
  const packages = await packagesInScope(uow.trx, organizationId, input);
  if (packages.length === 0) throw new AppError(404, 'NOTHING_TO_RECALL', 'No package matches this recall.', { path: ['body'], scope });
  const ids = packages.map((p) => p.id);
  // Sales in flight commit before the recall (and so appear in its trace); later ones are refused.
  await lockStockRows(uow.trx, { packageIds: ids });
  // Recalled stock cannot be sold anywhere: a caller limited to some stores recalls only their
  // stores' packages that no other store holds (they can still take their own stock off sale by
  // moving it to quarantine).
  await assertPackagesInScope(uow.trx, uow.actor.storeIds, ids, `The recall of ${scope.type} ${scope.value}`);
  const changed = await uow.trx
    .updateTable('inventory_package')
    .set({ status: 'recalled', status_reason: input.reason, updated_at: new Date() })
    .where('id', 'in', ids)
    .where('status', '<>', 'recalled')
    .returning(['id', 'label', 'status'])
    .execute();
  const id = uuidv7();
  await uow.trx
    .insertInto('inventory_recall')
    .values({ id, organization_id: organizationId, scope_type: scope.type, scope_value: scope.value, reason: input.reason, package_count: packages.length, created_by: uow.actor.id })
    .execute();
  await uow.audit({
    action: 'inventory.recall.issued',
    entityType: 'inventory_recall',
    entityId: id,
    after: { scope, packages: packages.map((p) => p.label), newlyHeld: changed.length },
    reason: input.reason,
  });
  await raiseAlert(uow, {
    organizationId,
    kind: 'recall',
    dedupeKey: `recall:${id}`,
    message: `Recall of ${scope.type} ${scope.value}: ${packages.length} package(s) held.`,
    details: { recallId: id, scope },
  });
  await uow.emit({ type: 'inventory.recall.issued', aggregateType: 'inventory_recall', aggregateId: id, payload: { recallId: id, scope, packageIds: ids, reason: input.reason } });
  await publishAvailability(uow, await storeSkusOfPackages(uow.trx, ids));
  const trace = await traceRecall(uow.trx, organizationId, input, uow.actor.storeIds);
  return { id, held: changed.length, trace };
}
