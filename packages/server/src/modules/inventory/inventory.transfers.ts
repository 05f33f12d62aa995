import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { assertQuantity, InventoryErrorCode } from './inventory.errors';
import {
  applyStockChangesSorted,
  assertStoreTakesStock,
  handledLocation,
  locationByCode,
  loadStore,
  lockGoingBack,
  organizationOfUow,
  publishAvailability,
  raiseAlert,
  stockAmountText,
  type StockChange,
} from './inventory.ledger';
import { packageByLabel, shortage } from './inventory.packages';
import { unknownCursor, type PageQuery } from './inventory.paging';
import type { TransferStatus } from './inventory.tables';

type Trx = UnitOfWork['trx'] | Db;

export interface TransferInput {
  fromStoreId: string;
  toStoreId: string;
  note?: string;
  items: Array<{ packageLabel: string; quantity: number; fromLocationCode?: string }>;
}

/**
 * Ships stock from one store to another: out of the source location and into the source
 * store's in-transit location (still on the sender's license until the receiver accepts it).
 */
export async function createTransfer(uow: UnitOfWork, input: TransferInput) {
  const organizationId = organizationOfUow(uow);
  if (input.fromStoreId === input.toStoreId) {
    throw new AppError(400, 'SAME_STORE', 'A transfer goes between two different stores.', { path: ['body', 'toStoreId'] });
  }
  // Both stores FOR SHARE: a store's jurisdiction cannot change under this decision, and one
  // changed afterwards finds this transfer in transit and is refused (guardStoreJurisdiction).
  const from = await loadStore(uow.trx, organizationId, input.fromStoreId, { share: true });
  const to = await loadStore(uow.trx, organizationId, input.toStoreId, { share: true });
  assertStoreTakesStock(to, ['body', 'toStoreId']);
  // Cannabis may not cross a state line, and each state's tracking system records only transfers
  // between its own licences: a transfer stays inside one jurisdiction.
  if (from.jurisdiction !== to.jurisdiction) {
    throw new AppError(422, 'TRANSFER_ACROSS_JURISDICTIONS', `${from.name} is in ${from.jurisdiction} and ${to.name} in ${to.jurisdiction}: cannabis may not be transferred between jurisdictions.`, {
      path: ['body', 'toStoreId'],
      fromJurisdiction: from.jurisdiction,
      toJurisdiction: to.jurisdiction,
    });
  }
  const transit = await locationByCode(uow.trx, organizationId, input.fromStoreId, 'in_transit', ['body', 'fromStoreId']);
  const id = uuidv7();
  const reference = { type: 'transfer', id };
  const items: Array<{ line: number; packageId: string; skuId: string; fromLocationId: string; quantity: number }> = [];
  const seen = new Set<string>();
  for (const [i, item] of input.items.entries()) {
    assertQuantity(item.quantity, ['body', 'items', i, 'quantity']);
    const pkg = await packageByLabel(uow.trx, organizationId, item.packageLabel, ['body', 'items', i, 'packageLabel']);
    if (seen.has(pkg.id)) {
      throw new AppError(400, 'DUPLICATE_LINE', `Package ${item.packageLabel} is listed twice.`, { path: ['body', 'items', i, 'packageLabel'] });
    }
    seen.add(pkg.id);
    const from = await handledLocation(uow.trx, organizationId, input.fromStoreId, item.fromLocationCode ?? 'vault', ['body', 'items', i, 'fromLocationCode']);
    items.push({ line: i, packageId: pkg.id, skuId: pkg.sku_id, fromLocationId: from.id, quantity: item.quantity });
  }
  await uow.trx
    .insertInto('inventory_transfer')
    .values({ id, organization_id: organizationId, from_store_id: input.fromStoreId, to_store_id: input.toStoreId, note: input.note ?? null, shipped_by: uow.actor.id })
    .execute();
  const changes: StockChange[] = items.flatMap((item) => [
    { packageId: item.packageId, locationId: item.fromLocationId, kind: 'transfer_out' as const, onHandDelta: -item.quantity, reservedDelta: 0, reasonCode: 'transfer_ship', reference },
    { packageId: item.packageId, locationId: transit.id, kind: 'transfer_in' as const, onHandDelta: item.quantity, reservedDelta: 0, reasonCode: 'transfer_ship', reference },
  ]);
  const applied = await applyStockChangesSorted(uow, changes);
  for (const [k, row] of applied.entries()) {
    if (row) continue;
    const item = items[Math.floor(k / 2)];
    throw await shortage(uow.trx, item.packageId, item.fromLocationId, item.quantity, ['body', 'items', item.line, 'quantity']);
  }
  await uow.trx
    .insertInto('inventory_transfer_item')
    .values(items.map((item) => ({ transfer_id: id, line_no: item.line, package_id: item.packageId, from_location_id: item.fromLocationId, transit_location_id: transit.id, quantity: item.quantity })))
    .execute();
  await uow.audit({ action: 'inventory.transfer.shipped', entityType: 'inventory_transfer', entityId: id, storeId: input.fromStoreId, after: input });
  await uow.emit({ type: 'inventory.transfer.shipped', aggregateType: 'inventory_transfer', aggregateId: id, storeId: input.fromStoreId, payload: { transferId: id, fromStoreId: input.fromStoreId, toStoreId: input.toStoreId } });
  await publishAvailability(uow, items.map((item) => ({ storeId: input.fromStoreId, skuId: item.skuId })));
  return getTransfer(uow.trx, organizationId, id);
}

/**
 * The receiving store takes the goods in: out of in-transit, into its location (vault by default).
 * A short receipt writes the missing quantity off in transit, with a discrepancy and an alert.
 */
export async function receiveTransfer(
  uow: UnitOfWork,
  transferId: string,
  input: { items?: Array<{ packageLabel: string; receivedQuantity?: number; locationCode?: string }> },
) {
  const organizationId = organizationOfUow(uow);
  const transfer = await lockTransfer(uow, organizationId, transferId);
  if (transfer.status !== 'in_transit') {
    throw new AppError(409, InventoryErrorCode.TRANSFER_NOT_IN_TRANSIT, `The transfer is ${transfer.status}.`, { transferId });
  }
  // A store closed or retired since the transfer was shipped takes nothing in: the sender cancels
  // it (its stock goes back where it left from), or, for a closed store, it waits for it to open.
  assertStoreTakesStock(await loadStore(uow.trx, organizationId, transfer.to_store_id, { share: true }), ['params', 'id']);
  const lines = await uow.trx
    .selectFrom('inventory_transfer_item as t')
    .innerJoin('inventory_package as p', 'p.id', 't.package_id')
    .selectAll('t')
    .select(['p.label', 'p.sku_id', 'p.unit'])
    .where('t.transfer_id', '=', transferId)
    .orderBy('t.line_no')
    .execute();
  // One line per package: of two, which says what arrived? Taking either would write the other off.
  const given = new Map<string, { packageLabel: string; receivedQuantity?: number; locationCode?: string; index: number }>();
  for (const [i, item] of (input.items ?? []).entries()) {
    if (given.has(item.packageLabel)) {
      throw new AppError(400, 'DUPLICATE_LINE', `Package ${item.packageLabel} is listed twice.`, { path: ['body', 'items', i, 'packageLabel'] });
    }
    given.set(item.packageLabel, { ...item, index: i });
  }
  for (const [label, item] of given) {
    if (!lines.some((l) => l.label === label)) {
      throw new AppError(404, 'UNKNOWN_TRANSFER_ITEM', `Package ${label} is not on this transfer.`, { path: ['body', 'items', item.index, 'packageLabel'] });
    }
  }
  const reference = { type: 'transfer', id: transferId };
  const changes: StockChange[] = [];
  const receipts: Array<{ line: number; to: string; received: number }> = [];
  for (const line of lines) {
    const item = given.get(line.label);
    const quantity = Number(line.quantity);
    const received = item?.receivedQuantity ?? quantity;
    const path = ['body', 'items', item?.index ?? line.line_no, 'receivedQuantity'];
    assertQuantity(received, path, { allowZero: true });
    if (received > quantity) throw new AppError(400, InventoryErrorCode.INVALID_QUANTITY, `Only ${quantity} were shipped.`, { path });
    const to = await handledLocation(uow.trx, organizationId, transfer.to_store_id, item?.locationCode ?? 'vault', ['body', 'items', item?.index ?? line.line_no, 'locationCode']);
    if (received > 0) {
      changes.push({ packageId: line.package_id, locationId: line.transit_location_id, kind: 'transfer_out', onHandDelta: -received, reservedDelta: 0, reasonCode: 'transfer_receive', reference });
      changes.push({ packageId: line.package_id, locationId: to.id, kind: 'transfer_in', onHandDelta: received, reservedDelta: 0, reasonCode: 'transfer_receive', reference });
    }
    if (received < quantity) {
      changes.push({ packageId: line.package_id, locationId: line.transit_location_id, kind: 'adjust', onHandDelta: received - quantity, reservedDelta: 0, reasonCode: 'transfer_shortage', reference });
    }
    receipts.push({ line: line.line_no, to: to.id, received });
  }
  const applied = await applyStockChangesSorted(uow, changes);
  if (applied.some((row) => row === null)) throw new AppError(409, 'TRANSFER_REFUSED', 'The in-transit stock does not match the transfer; run reconciliation.');
  for (const r of receipts) {
    await uow.trx
      .updateTable('inventory_transfer_item')
      .set({ received_quantity: r.received, to_location_id: r.to })
      .where('transfer_id', '=', transferId)
      .where('line_no', '=', r.line)
      .execute();
    const line = lines.find((l) => l.line_no === r.line)!;
    const quantity = Number(line.quantity);
    if (r.received < quantity) {
      await uow.trx
        .insertInto('inventory_discrepancy')
        .values({
          id: uuidv7(),
          organization_id: organizationId,
          store_id: transfer.to_store_id,
          source_type: 'transfer',
          source_id: transferId,
          package_label: line.label,
          kind: 'short',
          expected_quantity: quantity,
          counted_quantity: r.received,
          quantity: quantity - r.received,
          actor_id: uow.actor.id,
        })
        .execute();
      await raiseAlert(uow, {
        organizationId,
        kind: 'transfer_discrepancy',
        storeId: transfer.to_store_id,
        skuId: line.sku_id,
        packageId: line.package_id,
        dedupeKey: `transfer:${transferId}:${line.label}`,
        message: `Transfer ${transferId}: package ${line.label} arrived ${stockAmountText(quantity - r.received, line.unit)} short.`,
        details: { transferId, packageLabel: line.label, shipped: quantity, received: r.received },
      });
    }
  }
  await uow.trx.updateTable('inventory_transfer').set({ status: 'received', received_at: new Date(), received_by: uow.actor.id }).where('id', '=', transferId).execute();
  await uow.audit({ action: 'inventory.transfer.received', entityType: 'inventory_transfer', entityId: transferId, storeId: transfer.to_store_id, after: { receipts } });
  await uow.emit({ type: 'inventory.transfer.received', aggregateType: 'inventory_transfer', aggregateId: transferId, storeId: transfer.to_store_id, payload: { transferId } });
  await publishAvailability(uow, [
    ...lines.map((l) => ({ storeId: transfer.to_store_id, skuId: l.sku_id })),
    ...lines.map((l) => ({ storeId: transfer.from_store_id, skuId: l.sku_id })),
  ]);
  return getTransfer(uow.trx, organizationId, transferId);
}

/**
 * The sender calls a transfer back before the receiving store has taken it in: each package goes
 * from the sender's in-transit location back to the location it left from (the vault, when that
 * location was retired in the meantime). The transfer row is locked first, as receiving locks it,
 * so a cancel and a receive racing each other are judged one after the other: the second finds
 * the transfer no longer in transit (409 TRANSFER_NOT_IN_TRANSIT) and changes nothing.
 *
 * Nothing is queued for the state system: shipping is not reported by Verdant either (the goods
 * stay on the sender's licence while in transit, and the state's transfer manifests are made in
 * the state's own system), so there is no state record to undo. A manifest made there for this
 * shipment is voided there.
 */
export async function cancelTransfer(uow: UnitOfWork, transferId: string, input: { reason: string }) {
  const organizationId = organizationOfUow(uow);
  const transfer = await lockTransfer(uow, organizationId, transferId);
  const lines = await uow.trx
    .selectFrom('inventory_transfer_item as t')
    .innerJoin('inventory_package as p', 'p.id', 't.package_id')
    .select(['t.line_no', 't.package_id', 't.from_location_id', 't.transit_location_id', 't.quantity', 't.received_quantity', 'p.label', 'p.sku_id'])
    .where('t.transfer_id', '=', transferId)
    .orderBy('t.line_no')
    .execute();
  // Received (in part or whole) is final: the goods are at the other store, on its licence.
  if (transfer.status !== 'in_transit' || lines.some((l) => l.received_quantity !== null)) {
    throw new AppError(409, InventoryErrorCode.TRANSFER_NOT_IN_TRANSIT, `The transfer is ${transfer.status.replaceAll('_', ' ')}: only a transfer still in transit can be cancelled.`, {
      transferId,
      status: transfer.status,
    });
  }
  // Back to the locations they left from, or the vault where one was retired since (lockGoingBack):
  // never into a retired location.
  const vault = await locationByCode(uow.trx, organizationId, transfer.from_store_id, 'vault', ['params', 'id']);
  const back = await lockGoingBack(uow.trx, lines.map((l) => ({ packageId: l.package_id, locationId: l.from_location_id })), vault);
  const reference = { type: 'transfer', id: transferId };
  const returns = lines.map((l, i) => ({
    line: l.line_no,
    packageId: l.package_id,
    packageLabel: l.label,
    skuId: l.sku_id,
    transitLocationId: l.transit_location_id,
    locationId: back[i].id,
    locationCode: back[i].code,
    quantity: Number(l.quantity),
  }));
  const changes: StockChange[] = returns.flatMap((r) => [
    { packageId: r.packageId, locationId: r.transitLocationId, kind: 'transfer_out' as const, onHandDelta: -r.quantity, reservedDelta: 0, reasonCode: 'transfer_cancel', reference },
    { packageId: r.packageId, locationId: r.locationId, kind: 'transfer_in' as const, onHandDelta: r.quantity, reservedDelta: 0, reasonCode: 'transfer_cancel', reference },
  ]);
  const applied = await applyStockChangesSorted(uow, changes);
  if (applied.some((row) => row === null)) throw new AppError(409, 'TRANSFER_REFUSED', 'The in-transit stock does not match the transfer; run reconciliation.');
  for (const r of returns) {
    await uow.trx
      .updateTable('inventory_transfer_item')
      .set({ returned_to_location_id: r.locationId })
      .where('transfer_id', '=', transferId)
      .where('line_no', '=', r.line)
      .execute();
  }
  await uow.trx
    .updateTable('inventory_transfer')
    .set({ status: 'cancelled', cancelled_at: new Date(), cancelled_by: uow.actor.id, cancel_reason: input.reason })
    .where('id', '=', transferId)
    .execute();
  await uow.audit({
    action: 'inventory.transfer.cancelled',
    entityType: 'inventory_transfer',
    entityId: transferId,
    storeId: transfer.from_store_id,
    before: { status: transfer.status },
    after: { status: 'cancelled', returns: returns.map((r) => ({ packageLabel: r.packageLabel, quantity: r.quantity, locationCode: r.locationCode })) },
    reason: input.reason,
  });
  await uow.emit({
    type: 'inventory.transfer.cancelled',
    aggregateType: 'inventory_transfer',
    aggregateId: transferId,
    storeId: transfer.from_store_id,
    payload: { transferId, fromStoreId: transfer.from_store_id, toStoreId: transfer.to_store_id, reason: input.reason },
  });
  await publishAvailability(uow, returns.map((r) => ({ storeId: transfer.from_store_id, skuId: r.skuId })));
  return getTransfer(uow.trx, organizationId, transferId);
}

/** The transfer's row, locked: a receipt and a cancellation of one transfer are judged one after the other. */
async function lockTransfer(uow: UnitOfWork, organizationId: string, transferId: string) {
  const transfer = await uow.trx
    .selectFrom('inventory_transfer')
    .selectAll()
    .where('id', '=', transferId)
    .where('organization_id', '=', organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!transfer) throw notFound('Transfer', transferId);
  return transfer;
}

export async function getTransfer(trx: Trx, organizationId: string, transferId: string) {
  const transfer = await trx.selectFrom('inventory_transfer').selectAll().where('id', '=', transferId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!transfer) throw notFound('Transfer', transferId);
  const items = await trx
    .selectFrom('inventory_transfer_item as t')
    .innerJoin('inventory_package as p', 'p.id', 't.package_id')
    .innerJoin('inventory_location as f', 'f.id', 't.from_location_id')
    .leftJoin('inventory_location as r', 'r.id', 't.to_location_id')
    .leftJoin('inventory_location as b', 'b.id', 't.returned_to_location_id')
    .select(['t.line_no', 'p.label', 'p.sku_id', 'p.unit', 't.quantity', 't.received_quantity', 'f.code as from_code', 'r.code as to_code', 'b.code as returned_code'])
    .where('t.transfer_id', '=', transferId)
    .orderBy('t.line_no')
    .execute();
  return {
    ...transferHeader(transfer),
    items: items.map((i) => ({
      packageLabel: i.label,
      skuId: i.sku_id,
      unit: i.unit,
      quantity: Number(i.quantity),
      receivedQuantity: i.received_quantity === null ? null : Number(i.received_quantity),
      fromLocationCode: i.from_code,
      toLocationCode: i.to_code,
      returnedToLocationCode: i.returned_code,
    })),
  };
}

type TransferRow = {
  id: string;
  from_store_id: string;
  to_store_id: string;
  status: TransferStatus;
  note: string | null;
  shipped_at: Date | string;
  shipped_by: string | null;
  received_at: Date | string | null;
  received_by: string | null;
  cancelled_at: Date | string | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
};

const transferHeader = (t: TransferRow) => ({
  id: t.id,
  fromStoreId: t.from_store_id,
  toStoreId: t.to_store_id,
  status: t.status,
  note: t.note,
  shippedAt: new Date(t.shipped_at).toISOString(),
  shippedBy: t.shipped_by,
  receivedAt: t.received_at ? new Date(t.received_at).toISOString() : null,
  receivedBy: t.received_by,
  cancelledAt: t.cancelled_at ? new Date(t.cancelled_at).toISOString() : null,
  cancelledBy: t.cancelled_by,
  cancelReason: t.cancel_reason,
});

/**
 * A store's transfers, outgoing and incoming (or one direction), newest first, a page at a time,
 * each with its lines counted: shipped and received quantities per unit.
 */
export async function listTransfers(db: Db, organizationId: string, storeId: string, page: PageQuery<TransferStatus> & { direction?: 'outgoing' | 'incoming' }) {
  await loadStore(db, organizationId, storeId);
  const transfersOf = () => db.selectFrom('inventory_transfer as t').where('t.organization_id', '=', organizationId);
  const ofStore = (qb: ReturnType<typeof transfersOf>) =>
    page.direction === 'outgoing'
      ? qb.where('t.from_store_id', '=', storeId)
      : page.direction === 'incoming'
        ? qb.where('t.to_store_id', '=', storeId)
        : qb.where((eb) => eb.or([eb('t.from_store_id', '=', storeId), eb('t.to_store_id', '=', storeId)]));
  if (page.after !== undefined) {
    const known = await ofStore(transfersOf()).select('t.id').where('t.id', '=', page.after).executeTakeFirst();
    if (!known) throw unknownCursor('transfer');
  }
  const rows = await ofStore(transfersOf())
    .selectAll('t')
    .$if(page.status !== undefined, (qb) => qb.where('t.status', '=', page.status!))
    .$if(page.after !== undefined, (qb) => qb.where(sql<boolean>`(t.shipped_at, t.id) < (select c.shipped_at, c.id from inventory_transfer c where c.id = ${page.after!})`))
    .orderBy('t.shipped_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const shown = rows.slice(0, page.limit);
  const ids = shown.map((t) => t.id);
  const lines = ids.length
    ? await sql<{ transfer_id: string; lines: number; shipped_each: string; shipped_mg: string; received_each: string | null; received_mg: string | null }>`
        select i.transfer_id, count(*)::int as lines,
               coalesce(sum(i.quantity) filter (where p.unit = 'each'), 0)::text as shipped_each,
               coalesce(sum(i.quantity) filter (where p.unit = 'mg'), 0)::text as shipped_mg,
               coalesce(sum(i.received_quantity) filter (where p.unit = 'each'), 0)::text as received_each,
               coalesce(sum(i.received_quantity) filter (where p.unit = 'mg'), 0)::text as received_mg
          from inventory_transfer_item i join inventory_package p on p.id = i.package_id
         where i.transfer_id = any(${ids}::uuid[]) group by i.transfer_id`.execute(db)
    : { rows: [] };
  const byId = new Map(lines.rows.map((l) => [l.transfer_id, l]));
  return {
    transfers: shown.map((t) => {
      const l = byId.get(t.id);
      return {
        ...transferHeader(t),
        direction: t.from_store_id === storeId ? ('outgoing' as const) : ('incoming' as const),
        lines: l?.lines ?? 0,
        shipped: { each: Number(l?.shipped_each ?? 0), mg: Number(l?.shipped_mg ?? 0) },
        // Known once the transfer is received (every line is received at once).
        received: t.status === 'received' && l ? { each: Number(l.received_each), mg: Number(l.received_mg) } : null,
      };
    }),
    nextAfter: rows.length > page.limit ? shown[shown.length - 1].id : null,
  };
}

/**
 * A store with a transfer in transit, from it or to it, keeps its jurisdiction until the transfer
 * is received or cancelled: the transfer was allowed because both stores were in one jurisdiction,
 * and the goods would otherwise arrive across a state line (409 STORE_HAS_TRANSFERS_IN_TRANSIT).
 */
export async function refuseJurisdictionChangeInTransit(uow: UnitOfWork, store: { id: string; organizationId: string }): Promise<void> {
  const open = await uow.trx
    .selectFrom('inventory_transfer')
    .select(['id'])
    .where('organization_id', '=', store.organizationId)
    .where('status', '=', 'in_transit')
    .where((eb) => eb.or([eb('from_store_id', '=', store.id), eb('to_store_id', '=', store.id)]))
    .limit(5)
    .execute();
  if (open.length > 0) {
    throw new AppError(409, 'STORE_HAS_TRANSFERS_IN_TRANSIT', 'Transfers to or from this store are in transit: receive or cancel them before changing its jurisdiction.', {
      path: ['body', 'jurisdiction'],
      transferIds: open.map((t) => t.id),
    });
  }
}
