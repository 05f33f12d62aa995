// Delivery runs. A driver takes one of the store's vehicles out with ready delivery orders loaded
// on it; the store's pack judges what one vehicle may carry over the whole load (retail value,
// goods without an order, the share ordered and paid before departure, cannabis weight) when an
// order is loaded and again at departure. Departure moves every order out for delivery; each stop
// ends delivered (the order completes with the ID checked at the door) or undelivered (a no-show:
// its goods go back to stock and the payment is refunded, as for any no-show).
//
// Every change locks the run's row first, so two loads onto one vehicle cannot both pass a cap
// that only one of them fits under.
//
// One driver is out on one vehicle at a time: a departure takes a lock on its driver and is refused
// while another run of the driver is out, so no one person carries two loads that together exceed
// what one vehicle may carry.
//
// Every stop of a run out is in its stop log: the order stops as they ended, and the stops the
// driver records on the way (fuel, rest, a break, traffic or safety), each with its reason and the
// server's time. The log is kept for every run, whatever the store's state, and so is the
// delivery inventory ledger (delivery.ledger.ts): what the vehicle carries after each stop that
// changes it, written in that stop's transaction. A no-show's refund is owed from its commit and
// retried until it is made (delivery.refunds.ts).
//
// A vehicle is corrected or retired on its own row (changeVehicle): never while it is out on a
// run, which keeps what its manifest and the state's filing were sent with. A departure and a new
// run take the vehicle's row too, so a change racing them is decided one after the other.
//
// Each order on a departing vehicle publishes delivery.stop.departed (what the state's delivery
// manifest needs: the sale, recipient, driver, vehicle) and each stop that ends publishes
// delivery.stop.ended; state reporting files them (docs/traceability.md, "Delivery orders").
import type { VehicleCheck, VehicleLoadOrder } from '@verdant/rules';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, conflict, notFound, unprocessable } from '../../platform/errors';
import { assertStoreAccess } from '../../platform/http';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { getSkusForCheckout } from '../catalog';
import { checkManualId, checkStoreVehicleLoad, storeFor, type IdCheckOutcome, type ManualIdInput, type StoreRef } from '../compliance';
import { completedPayload, DELIVERY_STOP_ENDED, findOrder, getOrder, refundsOwedOfRun, transitionOrder, type HandOverSignature, type OrderView, type RefundOwedView } from '../orders';
import { cashKeptCents, paymentsForOrder } from '../payments';
import { permissionsOf } from '../staff/permissions';
import { assertDepartureFileable, stateFilingsForRun, type StateFiling } from '../traceability';
import { afterStop, inventoryAboard, inventoryOf, recordInventory } from './delivery.ledger';
import { oweNoShowRefund } from './delivery.refunds';
import type { DeliveryRunStatus, DeliveryStopStatus, VehicleStopReason } from './delivery.tables';

type Trx = UnitOfWork['trx'] | Db;
type DeliveryAddressInput = { line1: string; line2?: string; city: string; region: string; postalCode: string };

export const DeliveryEvents = {
  runDeparted: 'delivery.run.departed',
  runReturned: 'delivery.run.returned',
  stopDeparted: 'delivery.stop.departed',
  stopEnded: DELIVERY_STOP_ENDED,
  vehicleStopped: 'delivery.run.stopped',
} as const;

// ---- vehicles -------------------------------------------------------------------------------

export interface VehicleView {
  id: string;
  storeId: string;
  name: string;
  make: string | null;
  model: string | null;
  licensePlate: string | null;
  active: boolean;
}

type VehicleRow = { id: string; store_id: string; name: string; make: string | null; model: string | null; license_plate: string | null; active: boolean };

const toVehicleView = (r: VehicleRow): VehicleView => ({ id: r.id, storeId: r.store_id, name: r.name, make: r.make, model: r.model, licensePlate: r.license_plate, active: r.active });

export interface NewVehicle {
  name: string;
  make?: string;
  model?: string;
  licensePlate?: string;
}

export async function addVehicle(uow: UnitOfWork, store: StoreRef, input: NewVehicle): Promise<VehicleView> {
  const row = await uow.trx
    .insertInto('delivery_vehicle')
    .values({ id: uuidv7(), organization_id: store.organizationId, store_id: store.id, name: input.name, make: input.make ?? null, model: input.model ?? null, license_plate: input.licensePlate ?? null })
    // The index's predicate as literal SQL, so PostgreSQL infers the partial index (names are unique
    // among the vehicles in service: a retired vehicle's name may be given again).
    .onConflict((oc) => oc.columns(['store_id', 'name']).where(sql<boolean>`active`).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw nameTaken(['body', 'name']);
  const view = toVehicleView(row);
  await uow.audit({ action: 'delivery.vehicle.added', entityType: 'delivery_vehicle', entityId: row.id, storeId: store.id, after: view });
  return view;
}

const nameTaken = (path: string[]) => conflict('VEHICLE_NAME_TAKEN', 'This store already has a vehicle in service with that name.', { path });

/** Each field optional; `null` clears the make, model or plate (a vehicle may be added without them). */
export interface VehicleChanges {
  name?: string;
  make?: string | null;
  model?: string | null;
  licensePlate?: string | null;
  /** false retires the vehicle, true brings a retired one back into service. */
  active?: boolean;
}

/**
 * Corrects a vehicle or retires it (or brings it back). A vehicle out on a run is left as the
 * manifest and the state's sales delivery were sent with: any change is refused (409 VEHICLE_OUT)
 * until it is back. One still loading may be corrected (departure checks and files the vehicle as
 * it is then) but not retired (409 VEHICLE_BUSY: call the run off first). The vehicle's row is
 * locked first, and a departure and a new run take it too, so a change and a departure racing are
 * decided one after the other. A name taken by another vehicle in service is left to the unique
 * index, so two renames racing to one name cannot both win. Nothing that differs, nothing written
 * (retiring twice is harmless).
 */
export async function changeVehicle(uow: UnitOfWork, store: StoreRef, vehicleId: string, changes: VehicleChanges): Promise<VehicleView> {
  const before = await uow.trx
    .selectFrom('delivery_vehicle')
    .selectAll()
    .where('id', '=', vehicleId)
    .where('organization_id', '=', store.organizationId)
    .where('store_id', '=', store.id)
    .forUpdate()
    .executeTakeFirst();
  if (!before) throw notFound('Vehicle', vehicleId);
  const was = toVehicleView(before);
  const differs = (Object.keys(changes) as (keyof VehicleChanges)[]).filter((k) => changes[k] !== undefined && changes[k] !== was[k]);
  if (differs.length === 0) return was;
  const run = await uow.trx.selectFrom('delivery_run').select(['id', 'status']).where('vehicle_id', '=', vehicleId).where('status', 'in', ['loading', 'out']).executeTakeFirst();
  if (run?.status === 'out') {
    throw conflict('VEHICLE_OUT', `${was.name} is out on a run: it keeps what its manifest and state filing were sent with until it is back.`, { path: ['params', 'vehicleId'], runId: run.id });
  }
  if (run && changes.active === false && was.active) {
    throw conflict('VEHICLE_BUSY', `${was.name} is being loaded for a run: call the run off before retiring it.`, { path: ['body', 'active'], runId: run.id, status: run.status });
  }
  const row = await uow.trx
    .updateTable('delivery_vehicle')
    .set({
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.make !== undefined && { make: changes.make }),
      ...(changes.model !== undefined && { model: changes.model }),
      ...(changes.licensePlate !== undefined && { license_plate: changes.licensePlate }),
      ...(changes.active !== undefined && { active: changes.active }),
    })
    .where('id', '=', vehicleId)
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((error: { code?: string; constraint?: string }) => {
      throw error.code === '23505' && error.constraint === 'delivery_vehicle_name_in_service' ? nameTaken(changes.name !== undefined ? ['body', 'name'] : ['body', 'active']) : error;
    });
  const view = toVehicleView(row);
  const action = was.active && !view.active ? 'delivery.vehicle.retired' : !was.active && view.active ? 'delivery.vehicle.reinstated' : 'delivery.vehicle.changed';
  await uow.audit({ action, entityType: 'delivery_vehicle', entityId: view.id, storeId: store.id, before: was, after: view });
  return view;
}

/** The store's vehicles by name: those in service, or every one with `includeRetired`. */
export async function listVehicles(db: Db, organizationId: string, storeId: string, options: { includeRetired?: boolean } = {}): Promise<VehicleView[]> {
  let q = db.selectFrom('delivery_vehicle').selectAll().where('organization_id', '=', organizationId).where('store_id', '=', storeId);
  if (!options.includeRetired) q = q.where('active', '=', true);
  const rows = await q.orderBy('name').orderBy('created_at').execute();
  return rows.map(toVehicleView);
}

// ---- runs -----------------------------------------------------------------------------------

export interface StopItemView {
  lineNo: number;
  skuCode: string;
  title: string;
  category: string;
  quantity: number;
  packageLabels: string[];
}

export interface StopView {
  seq: number;
  orderId: string;
  orderNumber: string;
  status: DeliveryStopStatus;
  /** The order's own status: `ready` on a stop still loaded means the store took it back. */
  orderStatus: string;
  reason: string | null;
  endedAt: string | null;
  customerId: string | null;
  /** The order's delivery details (name, phone, address, address type) as the customer gave them. */
  deliverTo: Record<string, unknown> | null;
  /** Retail value of the goods (before discounts and taxes), what the vehicle rules count. */
  valueCents: number;
  totalCents: number;
  /** Paid in full before departure by a tender other than cash (cash is collected at the door). */
  prepaid: boolean;
  /** The cash the driver collects at the door: the order's cash part (as the store rounds cash), 0 when paid ahead. */
  collectCents: number;
  items: StopItemView[];
  /**
   * How the state hears of this order on this trip: the Metrc sales delivery (its id once filed,
   * the manifest number a Nevada driver shows) or the receipt; null while nothing is filed.
   */
  stateFiling: StateFiling | null;
  /** What a no-show owes its customer, until the refund has gone through; null for other stops. */
  refund: RefundOwedView | null;
}

/** One entry of a run's stop log: an order stop as it ended, or a stop the vehicle made on the way. */
export interface StopLogEntry {
  kind: 'order' | 'other';
  at: string;
  /** The undelivered order's reason, or why the vehicle stopped (fuel, rest, break, traffic, safety, other). */
  reason: string | null;
  note: string | null;
  orderId: string | null;
  orderNumber: string | null;
  outcome: 'delivered' | 'undelivered' | null;
}

export interface RunView {
  id: string;
  storeId: string;
  vehicle: VehicleView;
  driverId: string;
  status: DeliveryRunStatus;
  unorderedValueCents: number;
  overrideReason: string | null;
  departedAt: string | null;
  returnedAt: string | null;
  createdAt: string;
  stops: StopView[];
  /** Every stop the vehicle made, in time order: the order stops that ended and the other stops recorded. */
  stopLog: StopLogEntry[];
  /** The pack's verdict on the load: as it stands while loading, as it was at departure after. */
  load: VehicleCheck;
  /**
   * Another run its driver is out on now, if any: such a run may be started and loaded, but does
   * not leave until the other is back (409 DRIVER_OUT), so the apps say so beforehand.
   */
  driverOut: { runId: string } | null;
}

type RunRow = {
  id: string;
  organization_id: string;
  store_id: string;
  vehicle_id: string;
  driver_id: string;
  status: DeliveryRunStatus;
  unordered_value_cents: string | number;
  departure_check: unknown;
  override_reason: string | null;
  departed_at: Date | null;
  returned_at: Date | null;
  created_at: Date;
};

type StopRow = { order_id: string; seq: number; status: DeliveryStopStatus; reason: string | null; ended_at: Date | null };
type VehicleStopRow = { reason: VehicleStopReason; note: string | null; stopped_at: Date };

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function runNotFound(runId: string) {
  return notFound('Delivery run', runId);
}

async function runRow(trx: Trx, organizationId: string, runId: string, lock: boolean): Promise<RunRow> {
  let q = trx.selectFrom('delivery_run').selectAll().where('id', '=', runId).where('organization_id', '=', organizationId);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw runNotFound(runId);
  return row as RunRow;
}

async function stopRows(trx: Trx, runId: string): Promise<StopRow[]> {
  return trx.selectFrom('delivery_stop').select(['order_id', 'seq', 'status', 'reason', 'ended_at']).where('run_id', '=', runId).orderBy('seq').execute();
}

async function vehicleStopRows(trx: Trx, runId: string): Promise<VehicleStopRow[]> {
  return trx.selectFrom('delivery_vehicle_stop').select(['reason', 'note', 'stopped_at']).where('run_id', '=', runId).orderBy('stopped_at').orderBy('id').execute();
}

/** The run's stop log: the order stops that ended and the vehicle's other stops, in time order. */
function stopLogOf(stops: StopView[], vehicleStops: VehicleStopRow[]): StopLogEntry[] {
  const orderStops = stops
    .filter((s) => s.status !== 'loaded' && s.endedAt)
    .map((s): StopLogEntry => ({ kind: 'order', at: s.endedAt!, reason: s.reason, note: null, orderId: s.orderId, orderNumber: s.orderNumber, outcome: s.status === 'delivered' ? 'delivered' : 'undelivered' }));
  const otherStops = vehicleStops.map((v): StopLogEntry => ({ kind: 'other', at: iso(v.stopped_at)!, reason: v.reason, note: v.note, orderId: null, orderNumber: null, outcome: null }));
  return [...orderStops, ...otherStops].sort((a, b) => a.at.localeCompare(b.at));
}

/** The stops' orders with what the vehicle rules count: value, prepaid, and the SKU facts of each line. */
async function loadedOrders(trx: Trx, organizationId: string, storeId: string, orders: OrderView[]): Promise<Array<{ order: VehicleLoadOrder; stop: Omit<StopView, 'seq' | 'status' | 'orderStatus' | 'reason' | 'endedAt' | 'stateFiling' | 'refund'> }>> {
  const skuIds = [...new Set(orders.flatMap((o) => o.lines.map((l) => l.skuId)))];
  const skus = new Map((await getSkusForCheckout(trx, organizationId, storeId, skuIds)).map((s) => [s.skuId, s]));
  const out = [];
  for (const order of orders) {
    const payments = await paymentsForOrder(trx, order.id);
    const paidAhead = payments.filter((p) => p.provider !== 'cash' && p.status === 'captured').reduce((sum, p) => sum + p.amountCents - p.refundedCents, 0);
    const prepaid = paidAhead >= order.totalCents;
    // A split order (part card, part cash) is not paid ahead, and the driver collects only its cash part.
    const collectCents = payments.filter((p) => p.provider === 'cash' && p.status === 'captured').reduce((sum, p) => sum + cashKeptCents(p), 0);
    const lines = order.lines.map((l) => {
      const sku = skus.get(l.skuId);
      return {
        category: l.category as VehicleLoadOrder['lines'][number]['category'],
        quantity: l.quantity - l.returnedQuantity,
        ...(sku?.netWeightMg != null ? { netWeightMg: sku.netWeightMg } : {}),
        ...(sku?.thcMg != null ? { thcMg: sku.thcMg } : {}),
        ...(sku?.thcPercent != null ? { thcPercent: sku.thcPercent } : {}),
      };
    });
    out.push({
      order: { ref: order.number, valueCents: order.subtotalCents, prepaid, lines },
      stop: {
        orderId: order.id,
        orderNumber: order.number,
        customerId: order.customer.id,
        deliverTo: order.fulfillment ?? null,
        valueCents: order.subtotalCents,
        totalCents: order.totalCents,
        prepaid,
        collectCents,
        items: order.lines.map((l) => ({ lineNo: l.lineNo, skuCode: l.skuCode, title: l.title, category: l.category, quantity: l.quantity, packageLabels: l.picks.map((p) => p.packageLabel) })),
      },
    });
  }
  return out;
}

/** `lock: 'share'` holds off a change to the vehicle (changeVehicle locks it) until this transaction ends. */
async function findVehicle(trx: Trx, organizationId: string, vehicleId: string, lock?: 'share'): Promise<VehicleView | null> {
  let q = trx.selectFrom('delivery_vehicle').selectAll().where('id', '=', vehicleId).where('organization_id', '=', organizationId);
  if (lock) q = q.forShare();
  const row = await q.executeTakeFirst();
  return row ? toVehicleView(row) : null;
}

async function vehicleOf(trx: Trx, organizationId: string, vehicleId: string): Promise<VehicleView> {
  const vehicle = await findVehicle(trx, organizationId, vehicleId);
  if (!vehicle) throw notFound('Vehicle', vehicleId);
  return vehicle;
}

/**
 * The run as the driver's manifest shows it. `judgePrepaid: false` judges the caps alone: while
 * loading, orders may still be paid, so the share paid ahead is judged at departure.
 */
async function buildRunView(trx: Trx, run: RunRow, options: { judgePrepaid: boolean }): Promise<RunView> {
  const stops = await stopRows(trx, run.id);
  const orders: OrderView[] = [];
  for (const s of stops) orders.push((await getOrder(trx, run.organization_id, s.order_id)).view);
  const loaded = await loadedOrders(trx, run.organization_id, run.store_id, orders);
  const filings = stops.length === 0 ? new Map<string, StateFiling>() : await stateFilingsForRun(trx, run.organization_id, run.id, stops.map((s) => s.order_id));
  const store = await storeFor(trx, run.organization_id, run.store_id);
  const onBoard = loaded.filter((_, i) => stops[i].status === 'loaded');
  const load =
    run.status === 'loading' || !run.departure_check
      ? {
          ...(await checkStoreVehicleLoad(trx, store, {
            orders: onBoard.map((l) => (options.judgePrepaid ? l.order : { ...l.order, prepaid: true })),
            unorderedValueCents: Number(run.unordered_value_cents),
          })),
          // Judged as if every order were paid ahead, but the share shown is the one paid now.
          prepaidValueCents: onBoard.reduce((sum, l) => sum + (l.order.prepaid ? l.order.valueCents : 0), 0),
        }
      : (run.departure_check as VehicleCheck);
  const refunds = await refundsOwedOfRun(trx, run.id);
  const stopViews = stops.map((s, i) => ({
    seq: s.seq,
    status: s.status,
    orderStatus: orders[i].status,
    reason: s.reason,
    endedAt: iso(s.ended_at),
    ...loaded[i].stop,
    stateFiling: filings.get(s.order_id) ?? null,
    refund: refunds.get(s.order_id) ?? null,
  }));
  return {
    id: run.id,
    storeId: run.store_id,
    vehicle: await vehicleOf(trx, run.organization_id, run.vehicle_id),
    driverId: run.driver_id,
    status: run.status,
    unorderedValueCents: Number(run.unordered_value_cents),
    overrideReason: run.override_reason,
    departedAt: iso(run.departed_at),
    returnedAt: iso(run.returned_at),
    createdAt: new Date(run.created_at).toISOString(),
    stops: stopViews,
    stopLog: stopLogOf(stopViews, await vehicleStopRows(trx, run.id)),
    load,
    driverOut: await driverOutOnAnother(trx, run),
  };
}

/** Another run of the run's driver that is out now (at most one: departures refuse a second). */
async function driverOutOnAnother(trx: Trx, run: RunRow): Promise<{ runId: string } | null> {
  const other = await trx.selectFrom('delivery_run').select('id').where('organization_id', '=', run.organization_id).where('driver_id', '=', run.driver_id).where('status', '=', 'out').where('id', '<>', run.id).executeTakeFirst();
  return other ? { runId: other.id } : null;
}

/** The store a run belongs to (for the route's store-scope check before the change locks the run). */
export async function storeOfRun(db: Db, organizationId: string, runId: string): Promise<string> {
  return (await runRow(db, organizationId, runId, false)).store_id;
}

export async function getRun(db: Db, organizationId: string, runId: string): Promise<RunView> {
  const run = await runRow(db, organizationId, runId, false);
  return buildRunView(db, run, { judgePrepaid: false });
}

export async function listRuns(db: Db, organizationId: string, filter: { storeId: string; status?: DeliveryRunStatus }) {
  let q = db
    .selectFrom('delivery_run as r')
    .innerJoin('delivery_vehicle as v', 'v.id', 'r.vehicle_id')
    .select((eb) => [
      'r.id',
      'r.store_id',
      'r.status',
      'r.driver_id',
      'r.departed_at',
      'r.returned_at',
      'r.created_at',
      'v.id as vehicle_id',
      'v.name as vehicle_name',
      eb.selectFrom('delivery_stop as s').select((e) => e.fn.countAll<number>().as('n')).whereRef('s.run_id', '=', 'r.id').as('stops'),
      sql<string[]>`array(select s.order_id::text from delivery_stop s where s.run_id = r.id and s.status = 'loaded' order by s.seq)`.as('on_board'),
    ])
    .where('r.organization_id', '=', organizationId)
    .where('r.store_id', '=', filter.storeId);
  if (filter.status) q = q.where('r.status', '=', filter.status);
  const rows = await q.orderBy('r.created_at', 'desc').limit(200).execute();
  return rows.map((r) => ({
    id: r.id,
    storeId: r.store_id,
    status: r.status,
    driverId: r.driver_id,
    vehicle: { id: r.vehicle_id, name: r.vehicle_name },
    stops: Number(r.stops ?? 0),
    onBoard: r.on_board ?? [],
    departedAt: iso(r.departed_at),
    returnedAt: iso(r.returned_at),
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export interface NewRun {
  storeId: string;
  vehicleId: string;
  /** Defaults to the staff member creating the run. */
  driverId?: string;
  unorderedValueCents?: number;
}

/** A driver (any active staff member who may deliver at the store) takes a free vehicle. */
export async function createRun(uow: UnitOfWork, store: StoreRef, input: NewRun): Promise<RunView> {
  // Locked against a retirement racing this run: one of the two sees the other.
  const vehicle = await findVehicle(uow.trx, store.organizationId, input.vehicleId, 'share');
  if (!vehicle || vehicle.storeId !== store.id) throw unprocessable('VEHICLE_NOT_FOUND', 'No such vehicle at this store.', { path: ['body', 'vehicleId'] });
  if (!vehicle.active) throw conflict('VEHICLE_RETIRED', `${vehicle.name} is retired: it starts no run.`, { path: ['body', 'vehicleId'], vehicleId: vehicle.id });
  const driverId = input.driverId ?? (uow.actor.type === 'staff' ? uow.actor.id : null);
  if (!driverId) throw new AppError(400, 'VALIDATION_FAILED', 'Name the driver (driverId): an API key drives no vehicle.', [{ path: ['body', 'driverId'], message: 'required' }]);
  assertMayDrive(uow.actor, driverId, 'start a run for someone else');
  const driver = await uow.trx
    .selectFrom('staff_user')
    .select(['id', 'role', 'store_ids', 'active'])
    .where('id', '=', driverId)
    .where('organization_id', '=', store.organizationId)
    .executeTakeFirst();
  const storeIds = (driver?.store_ids ?? []) as string[];
  if (!driver || !driver.active || !permissionsOf(driver.role).has('delivery:write') || (storeIds.length > 0 && !storeIds.includes(store.id))) {
    throw unprocessable('DRIVER_NOT_ALLOWED', 'The driver must be an active staff member who may deliver for this store.', { path: ['body', 'driverId'] });
  }
  const id = uuidv7();
  const created = await uow.trx
    .insertInto('delivery_run')
    .values({
      id,
      organization_id: store.organizationId,
      store_id: store.id,
      vehicle_id: vehicle.id,
      driver_id: driverId,
      unordered_value_cents: input.unorderedValueCents ?? 0,
      created_by: uow.actor.id,
    })
    // The index's predicate as literal SQL: with parameters, PostgreSQL cannot always infer the
    // partial index from it (and then refuses the statement).
    .onConflict((oc) => oc.column('vehicle_id').where(sql<boolean>`status in ('loading', 'out')`).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!created) throw conflict('VEHICLE_BUSY', `${vehicle.name} is already on a run that has not returned.`, { path: ['body', 'vehicleId'] });
  const view = await buildRunView(uow.trx, created as RunRow, { judgePrepaid: false });
  await uow.audit({ action: 'delivery.run.created', entityType: 'delivery_run', entityId: id, storeId: store.id, after: { vehicleId: vehicle.id, driverId, unorderedValueCents: view.unorderedValueCents } });
  return view;
}

export interface Override {
  reason: string;
}

/**
 * Violations of the vehicle rules refuse the change (422 DELIVERY_VEHICLE_LIMIT) unless a manager
 * with compliance:override gives a reason and every broken rule is one the pack lets a person lift.
 */
async function enforce(uow: UnitOfWork, run: RunRow, load: VehicleCheck, override: Override | undefined, step: 'load' | 'depart'): Promise<void> {
  if (load.violations.length === 0) return;
  const liftable = load.violations.every((v) => v.overridable);
  if (!override || !liftable || !uow.actor.permissions.has('compliance:override')) {
    const why = !override ? '' : !liftable ? ' (a broken rule cannot be overridden)' : ' (overriding needs compliance:override)';
    throw unprocessable('DELIVERY_VEHICLE_LIMIT', `${load.violations.map((v) => v.message).join('; ')}${why}.`, {
      violations: load.violations,
      valueCents: load.valueCents,
      prepaidValueCents: load.prepaidValueCents,
      amounts: load.amounts,
    });
  }
  await uow.audit({
    action: 'delivery.run.limit_overridden',
    entityType: 'delivery_run',
    entityId: run.id,
    storeId: run.store_id,
    after: { step, violations: load.violations.map((v) => ({ rule: v.rule, message: v.message })) },
    reason: override.reason,
  });
}

function mustBe(run: RunRow, status: DeliveryRunStatus, doing: string): void {
  if (run.status !== status) throw conflict('RUN_STATUS', `A run that is ${run.status} cannot ${doing}.`, { runId: run.id, status: run.status, needed: status });
}

async function lockedRun(uow: UnitOfWork, organizationId: string, runId: string): Promise<RunRow> {
  const run = await runRow(uow.trx, organizationId, runId, true);
  assertStoreAccess(uow.actor, run.store_id);
  assertMayDrive(uow.actor, run.driver_id, 'change this run');
  return run;
}

/**
 * A run is its driver's: anyone else (another driver, an API key) acts on it, or starts one for
 * someone else, only with delivery:dispatch (owners and managers). The system acts as it is.
 */
function assertMayDrive(actor: UnitOfWork['actor'], driverId: string, what: string): void {
  if (actor.type === 'system' || actor.id === driverId || actor.permissions.has('delivery:dispatch')) return;
  throw new AppError(403, 'FORBIDDEN', `Only the run's driver, or staff who dispatch deliveries (delivery:dispatch), can ${what}.`, { missing: 'delivery:dispatch' });
}

/** Loads a ready delivery order of the store onto a run that is loading. */
export async function loadOrder(uow: UnitOfWork, organizationId: string, runId: string, input: { orderId: string; override?: Override }): Promise<RunView> {
  const run = await lockedRun(uow, organizationId, runId);
  mustBe(run, 'loading', 'take more orders');
  const found = await findOrder(uow.trx, organizationId, input.orderId, { lock: true });
  if (!found) throw notFound('Order', input.orderId);
  const order = found.view;
  if (order.storeId !== run.store_id) throw unprocessable('ORDER_OTHER_STORE', 'The order is for another store.', { path: ['body', 'orderId'] });
  if (order.channel !== 'delivery') throw unprocessable('NOT_A_DELIVERY_ORDER', `Order ${order.number} is a ${order.channel} order.`, { path: ['body', 'orderId'] });
  if (order.status !== 'ready') throw conflict('ORDER_NOT_READY', `Order ${order.number} is ${order.status}; only ready orders are loaded.`, { path: ['body', 'orderId'], status: order.status });
  // The hand-over needs every package scanned, and nothing is scanned once the order is out: an
  // order loaded unscanned could not be handed over at the door.
  const unpicked = order.lines.filter((l) => l.picks.some((p) => !l.pickedLabels.includes(p.packageLabel)));
  if (unpicked.length > 0) {
    throw conflict('NOT_PICKED', `Scan the packages of every line of order ${order.number} before loading it.`, {
      path: ['body', 'orderId'],
      lines: unpicked.map((l) => ({ lineNo: l.lineNo, missing: l.picks.map((p) => p.packageLabel).filter((label) => !l.pickedLabels.includes(label)) })),
    });
  }
  const next = await sql<{ seq: number }>`select coalesce(max(seq), 0) + 1 as seq from delivery_stop where run_id = ${run.id}`.execute(uow.trx);
  const inserted = await uow.trx
    .insertInto('delivery_stop')
    .values({ id: uuidv7(), run_id: run.id, organization_id: organizationId, order_id: order.id, seq: Number(next.rows[0].seq) })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw conflict('ORDER_ALREADY_LOADED', `Order ${order.number} is already on a vehicle.`, { path: ['body', 'orderId'] });
  const view = await buildRunView(uow.trx, run, { judgePrepaid: false });
  await enforce(uow, run, view.load, input.override, 'load');
  await uow.audit({ action: 'delivery.run.order_loaded', entityType: 'delivery_run', entityId: run.id, storeId: run.store_id, after: { orderId: order.id, valueCents: view.load.valueCents } });
  return view;
}

/** Takes an order off a run that has not left. */
export async function unloadOrder(uow: UnitOfWork, organizationId: string, runId: string, orderId: string): Promise<RunView> {
  const run = await lockedRun(uow, organizationId, runId);
  mustBe(run, 'loading', 'unload orders');
  const removed = await uow.trx.deleteFrom('delivery_stop').where('run_id', '=', run.id).where('order_id', '=', orderId).returning('id').executeTakeFirst();
  if (!removed) throw notFound('Stop', orderId);
  await uow.audit({ action: 'delivery.run.order_unloaded', entityType: 'delivery_run', entityId: run.id, storeId: run.store_id, after: { orderId } });
  return buildRunView(uow.trx, run, { judgePrepaid: false });
}

/**
 * One delivery.stop.departed per order on a departing vehicle: what the state's delivery manifest
 * needs, as the vehicle leaves. The sale is orders.order.completed's shape (docs/events.md) with
 * the departure in place of the hand-over; of the recipient only the kind of address and the time
 * asked for (the name and address stay on the order); the driver and vehicle as they are now.
 */
async function stopDepartures(trx: Trx, run: RunRow, judged: RunView, departedAt: Date) {
  const store = await trx.selectFrom('store').select(['license_number', 'jurisdiction', 'timezone']).where('id', '=', run.store_id).executeTakeFirstOrThrow();
  const driver = await trx.selectFrom('staff_user').select(['id', 'name']).where('id', '=', run.driver_id).executeTakeFirstOrThrow();
  const stopIds = new Map(
    (await trx.selectFrom('delivery_stop').select(['id', 'order_id']).where('run_id', '=', run.id).execute()).map((r) => [r.order_id, r.id]),
  );
  const events = [];
  for (const stop of judged.stops) {
    const { view: order } = await getOrder(trx, run.organization_id, stop.orderId);
    const { completedAt: _handOver, ...sale } = completedPayload(order, { licenseNumber: store.license_number, jurisdiction: store.jurisdiction, timezone: store.timezone }, departedAt.toISOString());
    const to = (order.fulfillment ?? {}) as { addressType?: string; deliverAt?: string };
    events.push({
      type: DeliveryEvents.stopDeparted,
      aggregateType: 'delivery_stop',
      aggregateId: stopIds.get(stop.orderId) ?? stop.orderId,
      storeId: run.store_id,
      payload: {
        ...sale,
        runId: run.id,
        seq: stop.seq,
        stopCount: judged.stops.length,
        departedAt: departedAt.toISOString(),
        driver: { id: driver.id, name: driver.name },
        vehicle: { id: judged.vehicle.id, name: judged.vehicle.name, make: judged.vehicle.make, model: judged.vehicle.model, licensePlate: judged.vehicle.licensePlate },
        // No recipient name or address: the event stream and webhooks reach roles that may not
        // read orders. State reporting reads them from the order when it files.
        deliverTo: {
          ...(to.addressType ? { addressType: to.addressType } : {}),
          ...(to.deliverAt ? { deliverAt: to.deliverAt } : {}),
        },
      },
    });
  }
  return events;
}

/** delivery.stop.ended: the order was handed over, or brought back (a no-show, or to ride again). */
function stopEnded(run: RunRow, stop: { id: string; orderId: string; orderNumber: string }, outcome: { delivered: boolean; redeliver: boolean; reason: string | null; endedAt: Date }) {
  return {
    type: DeliveryEvents.stopEnded,
    aggregateType: 'delivery_stop',
    aggregateId: stop.id,
    storeId: run.store_id,
    payload: {
      runId: run.id,
      orderId: stop.orderId,
      orderNumber: stop.orderNumber,
      storeId: run.store_id,
      outcome: outcome.delivered ? 'delivered' : 'undelivered',
      redeliver: outcome.redeliver,
      reason: outcome.reason,
      endedAt: outcome.endedAt.toISOString(),
    },
  };
}

/** The vehicle leaves: the whole load is judged as it is now, and every order goes out for delivery. */
export async function departRun(uow: UnitOfWork, organizationId: string, runId: string, input: { override?: Override }): Promise<RunView> {
  const run = await lockedRun(uow, organizationId, runId);
  mustBe(run, 'loading', 'depart');
  // The vehicle leaves as it is filed: a correction racing the departure waits for it (and is then
  // refused, the vehicle being out), or goes first and is what the departure checks and files.
  await findVehicle(uow.trx, organizationId, run.vehicle_id, 'share');
  const stops = await stopRows(uow.trx, run.id);
  if (stops.length === 0) throw conflict('RUN_EMPTY', 'A vehicle leaves with at least one order.', { runId: run.id });
  await assertDriverNotOut(uow.trx, run);
  const aboard: OrderView[] = [];
  for (const s of stops) {
    const { view } = await getOrder(uow.trx, organizationId, s.order_id, { lock: true });
    if (view.status !== 'ready') throw conflict('ORDER_NOT_READY', `Order ${view.number} is ${view.status}; unload it before leaving.`, { orderId: view.id, status: view.status });
    aboard.push(view);
  }
  const judged = await buildRunView(uow.trx, run, { judgePrepaid: true });
  // Where each order is filed as a Metrc sales delivery as the vehicle leaves, what Metrc needs of
  // the vehicle and the addresses must be there now: they cannot change once it is out (422
  // STATE_FILING_INCOMPLETE, nothing written).
  await assertDepartureFileable(uow.trx, organizationId, run.store_id, {
    vehicle: judged.vehicle,
    orders: aboard.map((o) => ({ number: o.number, address: ((o.fulfillment ?? {}) as { address?: DeliveryAddressInput }).address ?? null })),
  });
  await enforce(uow, run, judged.load, input.override, 'depart');
  for (const s of stops) await transitionOrder(uow, organizationId, s.order_id, { to: 'out_for_delivery', reason: `delivery run ${run.id}` });
  const departedAt = new Date();
  const overrideReason = input.override && judged.load.violations.length > 0 ? input.override.reason : null;
  await uow.trx
    .updateTable('delivery_run')
    .set({ status: 'out', departed_at: departedAt, departure_check: JSON.stringify(judged.load), override_reason: overrideReason, updated_at: departedAt })
    .where('id', '=', run.id)
    .execute();
  // Judged before the orders left: each loaded stop's order is out for delivery now.
  const stopsOut = judged.stops.map((stop) => (stop.status === 'loaded' ? { ...stop, orderStatus: 'out_for_delivery' } : stop));
  const view: RunView = { ...judged, stops: stopsOut, status: 'out', departedAt: departedAt.toISOString(), overrideReason };
  // The ledger opens with the load as it leaves, the catalog's facts as they are now.
  await recordInventory(uow.trx, run, { event: 'departed', orderId: null, items: await inventoryOf(uow.trx, organizationId, run.store_id, aboard), at: departedAt });
  await uow.audit({ action: 'delivery.run.departed', entityType: 'delivery_run', entityId: run.id, storeId: run.store_id, after: { orders: stops.map((s) => s.order_id), load: judged.load } });
  await uow.emit({
    type: DeliveryEvents.runDeparted,
    aggregateType: 'delivery_run',
    aggregateId: run.id,
    storeId: run.store_id,
    payload: { runId: run.id, storeId: run.store_id, vehicleId: run.vehicle_id, driverId: run.driver_id, orderIds: stops.map((s) => s.order_id), valueCents: judged.load.valueCents },
  });
  await uow.emitMany(await stopDepartures(uow.trx, run, judged, departedAt));
  return view;
}

/**
 * One driver, one vehicle out at a time. Departures of one driver take the driver's lock, so two
 * of them racing are judged one after the other and the second sees the first out.
 */
async function assertDriverNotOut(trx: Trx, run: RunRow): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`delivery-driver:${run.driver_id}`}, 0))`.execute(trx);
  const other = await trx.selectFrom('delivery_run').select('id').where('driver_id', '=', run.driver_id).where('status', '=', 'out').where('id', '<>', run.id).executeTakeFirst();
  if (other) {
    throw conflict('DRIVER_OUT', 'The driver is out on another run: it returns before this vehicle leaves.', { path: ['params', 'runId'], driverId: run.driver_id, otherRunId: other.id });
  }
}

/**
 * A stop the vehicle makes on the way other than at a customer's door, for the run's stop log:
 * why (fuel, rest, a break, traffic or safety, or another reason told in the note) and when (the
 * server's time as the driver records it). Only while the run is out.
 */
export async function recordVehicleStop(uow: UnitOfWork, organizationId: string, runId: string, input: { reason: VehicleStopReason; note?: string }): Promise<RunView> {
  const run = await lockedRun(uow, organizationId, runId);
  mustBe(run, 'out', 'record a stop');
  const stoppedAt = new Date();
  const id = uuidv7();
  const note = input.note ?? null;
  await uow.trx.insertInto('delivery_vehicle_stop').values({ id, run_id: run.id, organization_id: organizationId, reason: input.reason, note, stopped_at: stoppedAt, recorded_by: uow.actor.id }).execute();
  await uow.audit({ action: 'delivery.run.stop_recorded', entityType: 'delivery_run', entityId: run.id, storeId: run.store_id, after: { stopId: id, reason: input.reason, note, stoppedAt: stoppedAt.toISOString() } });
  await uow.emit({
    type: DeliveryEvents.vehicleStopped,
    aggregateType: 'delivery_run',
    aggregateId: run.id,
    storeId: run.store_id,
    // The driver's note is read with the run; the event says why and when.
    payload: { runId: run.id, storeId: run.store_id, vehicleId: run.vehicle_id, driverId: run.driver_id, stopId: id, reason: input.reason, stoppedAt: stoppedAt.toISOString() },
  });
  return buildRunView(uow.trx, run, { judgePrepaid: true });
}

/**
 * A stop ends: delivered (the order completes; the hand-over checks every line was picked and
 * links the ID verification, the one given or the customer's latest) or undelivered: a no-show
 * (stock back, limit usage credited, points reversed; the caller refunds after commit), or, with
 * `redeliver`, brought back to the store still sold (the order returns to ready, to be loaded on
 * a later run; nothing is refunded).
 */
export async function endStop(
  uow: UnitOfWork,
  organizationId: string,
  runId: string,
  orderId: string,
  outcome: { delivered: true; idVerificationId?: string; signature?: HandOverSignature } | { delivered: false; reason: string; redeliver?: boolean },
): Promise<RunView> {
  const run = await lockedRun(uow, organizationId, runId);
  mustBe(run, 'out', 'end a stop');
  const stop = await uow.trx.selectFrom('delivery_stop').select(['id', 'status']).where('run_id', '=', run.id).where('order_id', '=', orderId).forUpdate().executeTakeFirst();
  if (!stop) throw notFound('Stop', orderId);
  if (stop.status !== 'loaded') throw conflict('STOP_ENDED', `This stop is already ${stop.status}.`, { orderId, status: stop.status });
  await assertOrderOut(uow.trx, organizationId, orderId);
  const aboard = await inventoryAboard(uow.trx, run);
  const order = outcome.delivered
    ? // The order's hand-over checks the pack's hours (422 OUTSIDE_SALE_HOURS), the ID and the signature.
      await transitionOrder(uow, organizationId, orderId, {
        to: 'completed',
        ...(outcome.idVerificationId ? { idVerificationId: outcome.idVerificationId } : {}),
        ...(outcome.signature ? { signature: outcome.signature } : {}),
      })
    : await transitionOrder(uow, organizationId, orderId, { to: outcome.redeliver ? 'ready' : 'no_show', reason: outcome.reason });
  const status: DeliveryStopStatus = outcome.delivered ? 'delivered' : 'undelivered';
  const endedAt = new Date();
  await uow.trx
    .updateTable('delivery_stop')
    .set({ status, reason: outcome.delivered ? null : outcome.reason, ended_at: endedAt })
    .where('id', '=', stop.id)
    .execute();
  const redeliver = !outcome.delivered && outcome.redeliver === true;
  await recordInventory(uow.trx, run, { event: outcome.delivered ? 'delivered' : redeliver ? 'brought_back' : 'undelivered', orderId, items: afterStop(aboard, orderId, outcome.delivered), at: endedAt });
  // A no-show's refund is owed from this commit on, whether or not the first try after it succeeds.
  if (!outcome.delivered && !redeliver) await oweNoShowRefund(uow.trx, run, orderId);
  await uow.audit({ action: `delivery.stop.${status}`, entityType: 'delivery_run', entityId: run.id, storeId: run.store_id, after: { orderId, ...(redeliver ? { redeliver } : {}) }, reason: outcome.delivered ? null : outcome.reason });
  await uow.emit(stopEnded(run, { id: stop.id, orderId, orderNumber: order.number }, { delivered: outcome.delivered, redeliver, reason: outcome.delivered ? null : outcome.reason, endedAt }));
  return buildRunView(uow.trx, run, { judgePrepaid: true });
}

/**
 * A stop's outcome is the driver's only while the order is out on the vehicle. A manager may have
 * taken it back to the store through the order itself (out for delivery → ready): the stop stays
 * loaded until the vehicle returns, but the order is at the store, so the driver can neither end
 * it as a no-show (its goods back on the shelf, the sale refunded) nor check an ID at a door it is
 * not at. The order's lock is taken after the run's and the stop's, as the transition would.
 */
async function assertOrderOut(trx: Trx, organizationId: string, orderId: string): Promise<OrderView> {
  const { view } = await getOrder(trx, organizationId, orderId, { lock: true });
  if (view.status !== 'out_for_delivery') {
    throw conflict('INVALID_TRANSITION', `Order ${view.number} is ${view.status.replace(/_/g, ' ')}, not out on this vehicle.`, { orderId, status: view.status });
  }
  return view;
}

/**
 * The ID the driver checked at the door, recorded for the order's customer as a hand check on the
 * delivery channel with the same refusals as at the counter (under age, expired: logged, answered,
 * the order stays out). Only on a loaded stop of a run out with its driver (or a dispatcher).
 */
export async function checkIdAtTheDoor(uow: UnitOfWork, organizationId: string, runId: string, orderId: string, document: ManualIdInput, pepper: string): Promise<IdCheckOutcome> {
  const run = await lockedRun(uow, organizationId, runId);
  mustBe(run, 'out', 'check an ID at the door');
  const stop = await uow.trx.selectFrom('delivery_stop').select(['status']).where('run_id', '=', run.id).where('order_id', '=', orderId).executeTakeFirst();
  if (!stop) throw notFound('Stop', orderId);
  if (stop.status !== 'loaded') throw conflict('STOP_ENDED', `This stop is already ${stop.status}.`, { orderId, status: stop.status });
  const order = await assertOrderOut(uow.trx, organizationId, orderId);
  if (!order.customer.id) throw unprocessable('NO_CUSTOMER', 'This order names no customer to check the ID of.', { path: ['body', 'idCheck'] });
  return checkManualId(uow, { organizationId, customerId: order.customer.id, storeId: run.store_id, channel: 'delivery', document, refusalFor: { source: 'delivery', orderId } }, pepper);
}

/**
 * The vehicle is back: every stop must have ended. A stop whose order was ended outside the run
 * (a manager completed or cancelled it through the order's own lifecycle) is closed to match.
 */
export async function returnRun(uow: UnitOfWork, organizationId: string, runId: string): Promise<RunView> {
  const run = await lockedRun(uow, organizationId, runId);
  mustBe(run, 'out', 'return');
  const open: string[] = [];
  for (const stop of (await stopRows(uow.trx, run.id)).filter((s) => s.status === 'loaded')) {
    const { view } = await getOrder(uow.trx, organizationId, stop.order_id, { lock: true });
    if (view.status === 'out_for_delivery') {
      open.push(stop.order_id);
      continue;
    }
    const status: DeliveryStopStatus = view.status === 'completed' ? 'delivered' : 'undelivered';
    const reason = status === 'delivered' ? null : `order ${view.status} outside the run`;
    const closed = await uow.trx
      .updateTable('delivery_stop')
      .set({ status, reason, ended_at: new Date() })
      .where('run_id', '=', run.id)
      .where('order_id', '=', stop.order_id)
      .returning('id')
      .executeTakeFirstOrThrow();
    // A hand-over a manager recorded through the order happened when the order completed.
    const endedAt = status === 'delivered' && view.completedAt ? new Date(view.completedAt) : new Date();
    await uow.emit(stopEnded(run, { id: closed.id, orderId: stop.order_id, orderNumber: view.number }, { delivered: status === 'delivered', redeliver: false, reason, endedAt }));
  }
  if (open.length > 0) throw conflict('STOPS_OPEN', 'Mark every stop delivered or undelivered before the vehicle returns.', { orderIds: open });
  const now = new Date();
  await uow.trx.updateTable('delivery_run').set({ status: 'returned', returned_at: now, updated_at: now }).where('id', '=', run.id).execute();
  // Back at the store: whatever rode back is unloaded there.
  await recordInventory(uow.trx, run, { event: 'returned', orderId: null, items: [], at: now });
  const back = await runRow(uow.trx, organizationId, run.id, false);
  const view = await buildRunView(uow.trx, back, { judgePrepaid: true });
  const delivered = view.stops.filter((s) => s.status === 'delivered').length;
  await uow.audit({ action: 'delivery.run.returned', entityType: 'delivery_run', entityId: run.id, storeId: run.store_id, after: { delivered, undelivered: view.stops.length - delivered } });
  await uow.emit({
    type: DeliveryEvents.runReturned,
    aggregateType: 'delivery_run',
    aggregateId: run.id,
    storeId: run.store_id,
    payload: { runId: run.id, storeId: run.store_id, vehicleId: run.vehicle_id, driverId: run.driver_id, delivered, undelivered: view.stops.length - delivered },
  });
  return view;
}

/** A run that never left is called off; its orders stay ready for another vehicle. */
export async function cancelRun(uow: UnitOfWork, organizationId: string, runId: string, reason: string): Promise<RunView> {
  const run = await lockedRun(uow, organizationId, runId);
  mustBe(run, 'loading', 'be cancelled');
  await uow.trx.deleteFrom('delivery_stop').where('run_id', '=', run.id).execute();
  await uow.trx.updateTable('delivery_run').set({ status: 'cancelled', updated_at: new Date() }).where('id', '=', run.id).execute();
  await uow.audit({ action: 'delivery.run.cancelled', entityType: 'delivery_run', entityId: run.id, storeId: run.store_id, reason });
  return buildRunView(uow.trx, await runRow(uow.trx, organizationId, run.id, false), { judgePrepaid: false });
}
