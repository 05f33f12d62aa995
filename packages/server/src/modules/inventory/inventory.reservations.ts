import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { allocateAndApply, type StockLine, type StockPick } from './inventory.allocation';
import { assertQuantity, InventoryErrorCode, notSellable, translateDbError } from './inventory.errors';
import {
  applyStockChangesSorted,
  availabilityAfterSql,
  compareKeys,
  handledLocation,
  loadStore,
  locationByCode,
  lockGoingBack,
  organizationOfUow,
  publishAvailability,
  type AvailabilityRow,
  type StockChange,
} from './inventory.ledger';
import type { ReservationStatus } from './inventory.tables';

export const RESERVATION_CREATED = 'inventory.reservation.created';
export const RESERVATION_CONVERTED = 'inventory.reservation.converted';
export const RESERVATION_RELEASED = 'inventory.reservation.released';
export const RESERVATION_EXPIRED = 'inventory.reservation.expired';
export const STOCK_SOLD = 'inventory.stock.sold';
export const STOCK_RETURNED = 'inventory.stock.returned';

export const MAX_TTL_SECONDS = 86_400;

export interface ReservationLineView {
  lineNo: number;
  skuId: string;
  quantity: number;
  picks: Array<Omit<StockPick, 'lineNo' | 'skuId'>>;
}

export interface ReservationView {
  id: string;
  storeId: string;
  reference: string;
  status: ReservationStatus;
  ttlSeconds: number;
  expiresAt: string;
  orderId: string | null;
  lines: ReservationLineView[];
}

/** What a sale records so that a recall can find the buyer: order, customer and channel. */
export interface SaleReference {
  orderId: string;
  customerId?: string | null;
  channel?: 'pos' | 'online' | 'delivery' | 'pickup' | string;
}

export interface SaleResult {
  storeId: string;
  orderId: string;
  lines: ReservationLineView[];
}

function groupLines(picks: StockPick[]): ReservationLineView[] {
  const lines = new Map<number, ReservationLineView>();
  for (const pick of picks) {
    const line = lines.get(pick.lineNo) ?? { lineNo: pick.lineNo, skuId: pick.skuId, quantity: 0, picks: [] };
    line.quantity += pick.quantity;
    const { lineNo: _l, skuId: _s, ...rest } = pick;
    line.picks.push(rest);
    lines.set(pick.lineNo, line);
  }
  return [...lines.values()].sort((a, b) => a.lineNo - b.lineNo);
}

function assertTtl(ttlSeconds: number, path: Array<string | number>) {
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
    throw new AppError(400, 'INVALID_TTL', `ttlSeconds must be a whole number from 1 to ${MAX_TTL_SECONDS}.`, { path });
  }
}

/**
 * Holds stock for a cart or an order until `ttlSeconds` from now. Packages are picked FIFO
 * unless a label is given. Throws 409 INSUFFICIENT_STOCK with per-line details.
 * Runs inside the caller's UnitOfWork (the orders module reserves inside its own transaction).
 */
export async function reserve(
  uow: UnitOfWork,
  input: { storeId: string; lines: StockLine[]; ttlSeconds: number; reference: string },
): Promise<ReservationView> {
  const organizationId = organizationOfUow(uow);
  assertTtl(input.ttlSeconds, ['ttlSeconds']);
  const id = uuidv7();
  const { picks, availability, at } = await withStoreCheck(uow, organizationId, input.storeId, () =>
    allocateAndApply(uow, {
      organizationId,
      storeId: input.storeId,
      lines: input.lines,
      kind: 'reserve',
      reasonCode: 'hold',
      reference: { type: 'reservation', id, data: { reference: input.reference } },
    }),
  );
  const pickNo = new Map<number, number>();
  const lineRows = picks.map((p) => {
    const n = (pickNo.get(p.lineNo) ?? 0) + 1;
    pickNo.set(p.lineNo, n);
    return { line_no: p.lineNo, pick_no: n, sku_id: p.skuId, package_id: p.packageId, location_id: p.locationId, quantity: p.quantity };
  });
  // The reservation and its lines ride on the transaction's last statement (nothing reads them
  // before COMMIT): two round trips fewer while the stock rows are locked. The expiry is the
  // transaction's now() (answered by the stock statement) + TTL, as the caller is told.
  const expiresAt = new Date(at.getTime() + input.ttlSeconds * 1000).toISOString();
  const name = uow.deferredName('reservation_w');
  uow.deferWrite(
    name,
    sql`insert into inventory_reservation (id, organization_id, store_id, reference, status, ttl_seconds, expires_at)
        values (${id}, ${organizationId}, ${input.storeId}, ${input.reference}, 'held', ${input.ttlSeconds}, ${expiresAt}::timestamptz)
        returning id`,
  );
  uow.deferWrite(
    `${name}_lines`,
    sql`insert into inventory_reservation_line (reservation_id, line_no, pick_no, sku_id, package_id, location_id, quantity)
        select ${id}::uuid, x.line_no, x.pick_no, x.sku_id, x.package_id, x.location_id, x.quantity
          from jsonb_to_recordset(${JSON.stringify(lineRows)}::jsonb)
               as x(line_no int, pick_no int, sku_id uuid, package_id uuid, location_id uuid, quantity bigint)
        returning 1`,
  );
  const view: ReservationView = {
    id,
    storeId: input.storeId,
    reference: input.reference,
    status: 'held',
    ttlSeconds: input.ttlSeconds,
    expiresAt,
    orderId: null,
    lines: groupLines(picks),
  };
  await uow.audit({ action: 'inventory.reservation.created', entityType: 'inventory_reservation', entityId: id, storeId: input.storeId, after: view });
  await uow.emit({ type: RESERVATION_CREATED, aggregateType: 'inventory_reservation', aggregateId: id, storeId: input.storeId, payload: { reservation: view } });
  await publishAvailability(uow, picks.map((p) => ({ storeId: input.storeId, skuId: p.skuId })), availability ?? undefined);
  return view;
}

/** Pushes a held reservation's expiry to now + ttl (the cart is still being used). */
export async function refreshReservation(uow: UnitOfWork, reservationId: string, options: { ttlSeconds?: number } = {}): Promise<ReservationView> {
  const organizationId = organizationOfUow(uow);
  if (options.ttlSeconds !== undefined) assertTtl(options.ttlSeconds, ['ttlSeconds']);
  const updated = await sql<{ id: string }>`
    update inventory_reservation
       set ttl_seconds = coalesce(${options.ttlSeconds ?? null}::integer, ttl_seconds),
           expires_at = now() + make_interval(secs => coalesce(${options.ttlSeconds ?? null}::integer, ttl_seconds)),
           updated_at = now()
     where id = ${reservationId} and organization_id = ${organizationId} and status = 'held'
     returning id`.execute(uow.trx);
  if (updated.rows.length === 0) await throwNotHeld(uow.trx, organizationId, reservationId);
  const view = await getReservation(uow.trx, organizationId, reservationId);
  await uow.audit({ action: 'inventory.reservation.refreshed', entityType: 'inventory_reservation', entityId: reservationId, storeId: view.storeId, after: { expiresAt: view.expiresAt } });
  return view;
}

/** Gives the held stock back. Releasing twice is harmless; releasing a converted one is a 409. */
export async function releaseReservation(uow: UnitOfWork, reservationId: string, options: { reason?: string } = {}): Promise<ReservationView> {
  const organizationId = organizationOfUow(uow);
  const ended = await endReservation(uow, organizationId, reservationId, 'released', options.reason ?? 'released');
  if (!ended) {
    const current = await getReservation(uow.trx, organizationId, reservationId);
    if (current.status === 'released' || current.status === 'expired') return current;
    throw notHeld(current.status, reservationId);
  }
  return ended;
}

/**
 * Ends a held reservation (released or expired) and moves its counters back, one conditional
 * UPDATE per package x location in sorted order. Returns null if it was not held any more.
 */
export async function endReservation(
  uow: UnitOfWork,
  organizationId: string | null,
  reservationId: string,
  status: 'released' | 'expired',
  reasonCode: string,
): Promise<ReservationView | null> {
  const claimed = await uow.trx
    .updateTable('inventory_reservation')
    .set({ status, updated_at: new Date() })
    .where('id', '=', reservationId)
    .where('status', '=', 'held')
    .$if(organizationId !== null, (qb) => qb.where('organization_id', '=', organizationId!))
    .returning(['id', 'store_id', 'organization_id'])
    .executeTakeFirst();
  if (!claimed) return null;
  const lines = await reservationLines(uow.trx, reservationId);
  const changes = aggregate(lines).map<StockChange>((d) => ({
    packageId: d.packageId,
    locationId: d.locationId,
    kind: 'release',
    onHandDelta: 0,
    reservedDelta: -d.quantity,
    reasonCode,
    reference: { type: 'reservation', id: reservationId },
  }));
  const applied = await applyStockChangesSorted(uow, changes);
  if (applied.some((row) => row === null)) {
    throw new AppError(409, 'RESERVATION_COUNTERS_MISMATCH', 'The held quantity is no longer reserved on the stock row; run reconciliation.', { reservationId });
  }
  const view = await getReservation(uow.trx, claimed.organization_id, reservationId);
  await uow.audit({
    action: status === 'released' ? 'inventory.reservation.released' : 'inventory.reservation.expired',
    entityType: 'inventory_reservation',
    entityId: reservationId,
    storeId: claimed.store_id,
    reason: reasonCode,
  });
  await uow.emit({
    type: status === 'released' ? RESERVATION_RELEASED : RESERVATION_EXPIRED,
    aggregateType: 'inventory_reservation',
    aggregateId: reservationId,
    storeId: claimed.store_id,
    payload: { reservationId, reference: view.reference, reason: reasonCode },
  });
  await publishAvailability(uow, lines.map((l) => ({ storeId: claimed.store_id, skuId: l.sku_id })));
  return view;
}

/**
 * Turns a held reservation into sale movements for the order (reserved and on hand both go
 * down). Calling it again for the same order returns the same answer and changes nothing.
 */
export async function convertReservationToSale(
  uow: UnitOfWork,
  reservationId: string,
  sale: Omit<SaleReference, 'orderId'> & { orderId: string },
): Promise<ReservationView> {
  const organizationId = organizationOfUow(uow);
  const { actor } = uow;
  const referenceData = { orderId: sale.orderId, customerId: sale.customerId ?? null, channel: sale.channel ?? null, reservationId };
  // ONE statement: claim the hold, lock its stock rows in key order (no deadlock between two
  // conversions), move reserved and on hand down under the same guard as applyStockChange,
  // append the ledger rows, and answer the lines with their packages. A key the guard refuses is
  // missing from `applied`; the caller's transaction then rolls back everything.
  let converted;
  try {
    converted = await sql<{
      store_id: string;
      reference: string;
      ttl_seconds: number;
      expires_at: Date;
      wanted: number;
      applied: string[] | null;
      lines: Array<{ line_no: number; pick_no: number; sku_id: string; package_id: string; location_id: string; quantity: number; label: string; batch_id: string | null; unit: 'each' | 'mg'; code: string }>;
      availability: AvailabilityRow[] | null;
    }>`
      with r as (
        update inventory_reservation set status = 'converted', order_id = ${sale.orderId}, updated_at = now()
         where id = ${reservationId} and organization_id = ${organizationId} and status = 'held'
        returning id, store_id, reference, ttl_seconds, expires_at
      ), l as (
        select rl.line_no, rl.pick_no, rl.sku_id, rl.package_id, rl.location_id, rl.quantity
          from inventory_reservation_line rl join r on r.id = rl.reservation_id
      ), d as (
        select package_id, location_id, sum(quantity)::bigint as q from l group by package_id, location_id
      ), lk as (
        select st.package_id, st.location_id
          from inventory_stock st join d on d.package_id = st.package_id and d.location_id = st.location_id
         order by st.package_id, st.location_id
           for update of st
      ), s as (
        update inventory_stock st
           set on_hand = st.on_hand - d.q, reserved = st.reserved - d.q, updated_at = now()
          from d join lk on lk.package_id = d.package_id and lk.location_id = d.location_id
         where st.package_id = d.package_id and st.location_id = d.location_id
           and st.on_hand - d.q >= 0 and st.reserved - d.q >= 0 and st.reserved - d.q <= st.on_hand - d.q
           and inventory_stock_is_sellable(st.package_id, st.location_id)
        returning st.organization_id, st.store_id, st.package_id, st.location_id, st.sku_id, d.q, st.on_hand, st.reserved
      ), ${availabilityAfterSql(sql`(select array_agg(r.store_id) as stores, array_agg(k.sku_id) as skus from r, (select distinct sku_id from l) k)`)}, m as (
        insert into inventory_movement (organization_id, store_id, package_id, location_id, sku_id, kind, on_hand_delta,
          reserved_delta, reason_code, actor_type, actor_id, reference_type, reference_id, reference_data, note)
        select s.organization_id, s.store_id, s.package_id, s.location_id, s.sku_id, 'sale', -s.q, -s.q, 'sale',
               ${actor.type}::text, ${actor.id}::text, 'order', ${sale.orderId}::text, ${JSON.stringify(referenceData)}::jsonb, null
          from s order by s.package_id, s.location_id
        returning 1
      )
      select r.store_id, r.reference, r.ttl_seconds, r.expires_at,
             (select count(*) from d)::int as wanted,
             (select array_agg(s.package_id::text || '|' || s.location_id::text) from s) as applied,
             (select count(*) from m)::int as moved,
             (select coalesce(jsonb_agg(jsonb_build_object('line_no', l.line_no, 'pick_no', l.pick_no, 'sku_id', l.sku_id,
                       'package_id', l.package_id, 'location_id', l.location_id, 'quantity', l.quantity, 'label', p.label,
                       'batch_id', p.batch_id, 'unit', p.unit, 'code', loc.code) order by l.line_no, l.pick_no), '[]'::jsonb)
                from l join inventory_package p on p.id = l.package_id join inventory_location loc on loc.id = l.location_id) as lines,
             (select jsonb_agg(av) from av) as availability
        from r`.execute(uow.trx);
  } catch (error) {
    throw translateDbError(error, { reservationId });
  }
  const claimed = converted.rows[0];
  if (!claimed) {
    const current = await getReservation(uow.trx, organizationId, reservationId);
    if (current.status === 'converted' && current.orderId === sale.orderId) return current;
    throw notHeld(current.status, reservationId);
  }
  const applied = new Set(claimed.applied ?? []);
  if (applied.size < claimed.wanted) {
    const refused = claimed.lines.find((l) => !applied.has(`${l.package_id}|${l.location_id}`));
    throw notSellable({ reservationId, packageId: refused?.package_id });
  }
  const view: ReservationView = {
    id: reservationId,
    storeId: claimed.store_id,
    reference: claimed.reference,
    status: 'converted',
    ttlSeconds: claimed.ttl_seconds,
    expiresAt: new Date(claimed.expires_at).toISOString(),
    orderId: sale.orderId,
    lines: groupLines(
      claimed.lines.map((l) => ({
        lineNo: l.line_no,
        skuId: l.sku_id,
        packageId: l.package_id,
        packageLabel: l.label,
        locationId: l.location_id,
        locationCode: l.code,
        batchId: l.batch_id,
        unit: l.unit,
        quantity: Number(l.quantity),
      })),
    ),
  };
  await uow.audit({ action: 'inventory.reservation.converted', entityType: 'inventory_reservation', entityId: reservationId, storeId: claimed.store_id, after: { orderId: sale.orderId } });
  await uow.emit({
    type: RESERVATION_CONVERTED,
    aggregateType: 'inventory_reservation',
    aggregateId: reservationId,
    storeId: claimed.store_id,
    payload: { reservationId, orderId: sale.orderId, lines: view.lines },
  });
  await publishAvailability(uow, claimed.lines.map((l) => ({ storeId: claimed.store_id, skuId: l.sku_id })), claimed.availability ?? []);
  return view;
}

/**
 * Runs a stock operation of a store without reading the store first: the operation only finds
 * stock of that store in the caller's organization, so a missing store shows up as a failure;
 * only then is the store looked up, to answer 404 for it as before.
 */
async function withStoreCheck<T>(uow: UnitOfWork, organizationId: string, storeId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) await loadStore(uow.trx, organizationId, storeId);
    throw error;
  }
}

/** A POS sale without a prior hold: packages picked FIFO (or the scanned one) and decremented. */
export async function sellDirect(uow: UnitOfWork, input: { storeId: string; lines: StockLine[]; reference: SaleReference }): Promise<SaleResult> {
  const organizationId = organizationOfUow(uow);
  const { orderId, customerId, channel } = input.reference;
  const { picks, availability } = await withStoreCheck(uow, organizationId, input.storeId, () =>
    allocateAndApply(uow, {
      organizationId,
      storeId: input.storeId,
      lines: input.lines,
      kind: 'sale',
      reasonCode: 'sale',
      reference: { type: 'order', id: orderId, data: { orderId, customerId: customerId ?? null, channel: channel ?? 'pos' } },
    }),
  );
  const result: SaleResult = { storeId: input.storeId, orderId, lines: groupLines(picks) };
  await uow.audit({ action: 'inventory.stock.sold', entityType: 'order', entityId: orderId, storeId: input.storeId, after: result });
  await uow.emit({ type: STOCK_SOLD, aggregateType: 'order', aggregateId: orderId, storeId: input.storeId, payload: result as unknown as Record<string, unknown> });
  await publishAvailability(uow, picks.map((p) => ({ storeId: input.storeId, skuId: p.skuId })), availability ?? undefined);
  return result;
}

export interface ReturnLine {
  packageLabel: string;
  quantity: number;
  /** Where the goods go back to; defaults to where they were sold from. Use 'quarantine' for opened goods. */
  locationCode?: string;
}

/**
 * Puts sold goods back on hand. A return can never exceed what the order took from that
 * package (minus earlier returns); concurrent returns of one order are serialized.
 */
export async function returnToStock(
  uow: UnitOfWork,
  input: { storeId: string; orderId: string; lines: ReturnLine[]; reasonCode?: string; note?: string },
): Promise<{ storeId: string; orderId: string; lines: Array<{ packageLabel: string; locationCode: string; quantity: number }> }> {
  const organizationId = organizationOfUow(uow);
  await loadStore(uow.trx, organizationId, input.storeId);
  if (input.lines.length === 0) throw new AppError(400, 'VALIDATION_FAILED', 'At least one line is needed.', [{ path: ['lines'], message: 'empty' }]);
  input.lines.forEach((l, i) => assertQuantity(l.quantity, ['lines', i, 'quantity']));
  await sql`select pg_advisory_xact_lock(hashtext(${`inventory-return:${organizationId}:${input.orderId}`}))`.execute(uow.trx);
  const out: Array<{ packageLabel: string; locationCode: string; quantity: number }> = [];
  const changes: StockChange[] = [];
  const skus: string[] = [];
  const wanted = new Map<string, number>();
  const lines: Array<{ line: ReturnLine; packageId: string; skuId: string; location: { id: string; code: string }; named: boolean }> = [];
  for (const [i, line] of input.lines.entries()) {
    const history = await sql<{ package_id: string; sku_id: string; sold: number; returned: number; location_id: string }>`
      select m.package_id, m.sku_id,
             (-sum(m.on_hand_delta) filter (where m.kind = 'sale'))::bigint as sold,
             coalesce(sum(m.on_hand_delta) filter (where m.kind = 'return'), 0)::bigint as returned,
             (array_agg(m.location_id order by m.id) filter (where m.kind = 'sale'))[1] as location_id
        from inventory_movement m
        join inventory_package p on p.id = m.package_id
       where m.reference_type = 'order' and m.reference_id = ${input.orderId}
         and m.organization_id = ${organizationId} and m.store_id = ${input.storeId}
         and p.label = ${line.packageLabel}
       group by m.package_id, m.sku_id`.execute(uow.trx);
    const sold = history.rows[0];
    const already = wanted.get(line.packageLabel) ?? 0;
    if (!sold || Number(sold.sold ?? 0) - Number(sold.returned) - already < line.quantity) {
      throw new AppError(409, InventoryErrorCode.RETURN_EXCEEDS_SALE, `Order ${input.orderId} did not sell that much of package ${line.packageLabel}.`, {
        path: ['lines', i, 'quantity'],
        sold: Number(sold?.sold ?? 0),
        returned: Number(sold?.returned ?? 0) + already,
      });
    }
    wanted.set(line.packageLabel, already + line.quantity);
    const named = line.locationCode ? await handledLocation(uow.trx, organizationId, input.storeId, line.locationCode, ['lines', i, 'locationCode']) : null;
    lines.push({ line, packageId: sold.package_id, skuId: sold.sku_id, location: named ?? { id: sold.location_id, code: '' }, named: named !== null });
  }
  // Goods go back where they were sold from, unless that location was retired since: then to the
  // vault (lockGoingBack). Lines sent to a named location (quarantine) land there: their rows are
  // made before the packages' rows are locked too.
  const unnamed = lines.filter((l) => !l.named);
  if (unnamed.length > 0) {
    const vault = await locationByCode(uow.trx, organizationId, input.storeId, 'vault', ['lines']);
    const named = lines.filter((l) => l.named).map((l) => ({ packageId: l.packageId, locationId: l.location.id }));
    const back = await lockGoingBack(uow.trx, unnamed.map((l) => ({ packageId: l.packageId, locationId: l.location.id })), vault, named);
    unnamed.forEach((l, i) => (l.location = back[i]));
  }
  for (const l of lines) {
    changes.push({
      packageId: l.packageId,
      locationId: l.location.id,
      kind: 'return',
      onHandDelta: l.line.quantity,
      reservedDelta: 0,
      reasonCode: input.reasonCode ?? 'customer_return',
      reference: { type: 'order', id: input.orderId, data: { orderId: input.orderId } },
      note: input.note ?? null,
    });
    skus.push(l.skuId);
    out.push({ packageLabel: l.line.packageLabel, locationCode: l.location.code, quantity: l.line.quantity });
  }
  const applied = await applyStockChangesSorted(uow, changes);
  if (applied.some((r) => r === null)) throw new AppError(409, 'RETURN_REFUSED', 'The return could not be booked.');
  const result = { storeId: input.storeId, orderId: input.orderId, lines: out };
  await uow.audit({ action: 'inventory.stock.returned', entityType: 'order', entityId: input.orderId, storeId: input.storeId, after: result, reason: input.reasonCode ?? 'customer_return' });
  await uow.emit({ type: STOCK_RETURNED, aggregateType: 'order', aggregateId: input.orderId, storeId: input.storeId, payload: result });
  await publishAvailability(uow, skus.map((skuId) => ({ storeId: input.storeId, skuId })));
  return result;
}

// ---- reads and helpers --------------------------------------------------------------------

type Trx = UnitOfWork['trx'] | Db;

async function reservationLines(trx: Trx, reservationId: string) {
  return trx
    .selectFrom('inventory_reservation_line')
    .selectAll()
    .where('reservation_id', '=', reservationId)
    .orderBy('line_no')
    .orderBy('pick_no')
    .execute();
}

function aggregate(lines: Array<{ package_id: string; location_id: string; quantity: number }>) {
  const byKey = new Map<string, { packageId: string; locationId: string; quantity: number }>();
  for (const l of lines) {
    const key = `${l.package_id}|${l.location_id}`;
    const entry = byKey.get(key) ?? { packageId: l.package_id, locationId: l.location_id, quantity: 0 };
    entry.quantity += Number(l.quantity);
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort(compareKeys);
}

/** The store a reservation holds stock at (it never changes), for the caller's store check. */
export async function storeOfReservation(trx: Trx, organizationId: string, reservationId: string): Promise<string> {
  const row = await trx.selectFrom('inventory_reservation').select('store_id').where('id', '=', reservationId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) throw notFound('Reservation', reservationId);
  return row.store_id;
}

export async function getReservation(trx: Trx, organizationId: string, reservationId: string): Promise<ReservationView> {
  const row = await trx
    .selectFrom('inventory_reservation')
    .selectAll()
    .where('id', '=', reservationId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!row) throw notFound('Reservation', reservationId);
  const lines = await trx
    .selectFrom('inventory_reservation_line as r')
    .innerJoin('inventory_package as p', 'p.id', 'r.package_id')
    .innerJoin('inventory_location as l', 'l.id', 'r.location_id')
    .select(['r.line_no', 'r.pick_no', 'r.sku_id', 'r.package_id', 'r.location_id', 'r.quantity', 'p.label', 'p.batch_id', 'p.unit', 'l.code'])
    .where('r.reservation_id', '=', reservationId)
    .orderBy('r.line_no')
    .orderBy('r.pick_no')
    .execute();
  return {
    id: row.id,
    storeId: row.store_id,
    reference: row.reference,
    status: row.status,
    ttlSeconds: row.ttl_seconds,
    expiresAt: new Date(row.expires_at).toISOString(),
    orderId: row.order_id,
    lines: groupLines(
      lines.map((l) => ({
        lineNo: l.line_no,
        skuId: l.sku_id,
        packageId: l.package_id,
        packageLabel: l.label,
        locationId: l.location_id,
        locationCode: l.code,
        batchId: l.batch_id,
        unit: l.unit,
        quantity: Number(l.quantity),
      })),
    ),
  };
}

function notHeld(status: string, reservationId: string) {
  return new AppError(409, InventoryErrorCode.RESERVATION_NOT_HELD, `The reservation is ${status}, not held.`, { reservationId, status });
}

async function throwNotHeld(trx: Trx, organizationId: string, reservationId: string): Promise<never> {
  const current = await getReservation(trx, organizationId, reservationId);
  throw notHeld(current.status, reservationId);
}

/**
 * Expires the caller organization's held reservations whose time is up, oldest first. Safe to
 * run from several processes at once (SKIP LOCKED; the status update decides who ends one).
 */
export async function expireDueReservations(uow: UnitOfWork, limit = 100): Promise<number> {
  const organizationId = organizationOfUow(uow);
  const due = await sql<{ id: string }>`
    select id from inventory_reservation
     where status = 'held' and expires_at < now() and organization_id = ${organizationId}
     order by expires_at
     limit ${limit}
       for update skip locked`.execute(uow.trx);
  let expired = 0;
  for (const { id } of due.rows) {
    if (await endReservation(uow, organizationId, id, 'expired', 'ttl_expired')) expired += 1;
  }
  return expired;
}
