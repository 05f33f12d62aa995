import { formatFacilityDateTime } from './facility-time';
import { eachRecord, type MetrcClient } from './metrc-client';
import { toMetrcReceipt } from './metrc-engine';
import { MetrcError } from './metrc-errors';
import type { MetrcDeliveryReturn, MetrcReturnReason, MetrcSalesDelivery, MetrcSalesDeliveryInput } from './metrc-types';
import type { TraceSale } from './traceability';
import { TraceabilityError } from './traceability-error';

/**
 * Retail deliveries filed as Metrc sales deliveries (`/sales/v2/deliveries`), the manifest a
 * driver carries, instead of receipts. Metrc gives a sales delivery no external number, so the
 * caller's reference travels at the end of the planned route (`[ref …]`): that is how a POST whose
 * answer was lost is found again, and why a retry never files a second delivery.
 */

export interface TraceDeliveryAddress {
  street1: string;
  street2?: string | null;
  city: string;
  county?: string | null;
  /** Two-letter state code. */
  state: string;
  postalCode: string;
}

export interface TraceSalesDelivery {
  /** What the vehicle carries, as for a receipt: lines, customer, sale time, the facility's zone. */
  sale: TraceSale;
  /** Unique per filing (one order on one vehicle trip); written into PlannedRoute. */
  reference: string;
  recipientName: string | null;
  address: TraceDeliveryAddress;
  /** employeeId: what the state knows the driver by (employee id, occupational licence, agent card). */
  driver: { name: string; employeeId: string; driversLicenseNumber: string };
  vehicle: { make: string; model: string; licensePlate: string };
  phoneNumberForQuestions: string;
  /** The route in words; the reference is appended. */
  plannedRoute: string;
  estimatedDeparture: Date | string;
  estimatedArrival: Date | string;
}

export interface TraceDeliveryReturn {
  packageLabel: string;
  quantity: number;
  unitOfMeasure: string;
  /** One of the state's return reasons (`/sales/v2/deliveries/returnreasons`). */
  reason: string;
  note?: string | null;
}

export interface TraceDeliveryCompletion {
  deliveryId: number;
  arrivedAt: Date | string;
  timezone: string;
  /** Needed when something was accepted. */
  paymentType?: string | null;
  accepted: string[];
  returned: TraceDeliveryReturn[];
}

const ROUTE_LIMIT = 1000;

export function routeWithReference(route: string, reference: string): string {
  const tag = ` [ref ${reference}]`;
  return route.slice(0, ROUTE_LIMIT - tag.length) + tag;
}

export function carriesReference(delivery: Pick<MetrcSalesDelivery, 'PlannedRoute'>, reference: string): boolean {
  return typeof delivery.PlannedRoute === 'string' && delivery.PlannedRoute.endsWith(`[ref ${reference}]`);
}

/** Our delivery as Metrc's POST body. Times are facility-local without an offset, as Metrc wants. */
export function toMetrcSalesDelivery(d: TraceSalesDelivery): MetrcSalesDeliveryInput {
  const { ExternalReceiptNumber: _none, ...receipt } = toMetrcReceipt(d.sale);
  const tz = d.sale.timezone;
  return {
    ...receipt,
    DriverName: d.driver.name,
    DriverEmployeeId: d.driver.employeeId,
    DriversLicenseNumber: d.driver.driversLicenseNumber,
    PhoneNumberForQuestions: d.phoneNumberForQuestions,
    VehicleMake: d.vehicle.make,
    VehicleModel: d.vehicle.model,
    VehicleLicensePlateNumber: d.vehicle.licensePlate,
    RecipientName: d.recipientName,
    RecipientAddressStreet1: d.address.street1,
    RecipientAddressStreet2: d.address.street2 ?? null,
    RecipientAddressCity: d.address.city,
    RecipientAddressCounty: d.address.county ?? null,
    RecipientAddressState: d.address.state,
    RecipientAddressPostalCode: d.address.postalCode,
    PlannedRoute: routeWithReference(d.plannedRoute, d.reference),
    EstimatedDepartureDateTime: formatFacilityDateTime(d.estimatedDeparture, tz),
    EstimatedArrivalDateTime: formatFacilityDateTime(d.estimatedArrival, tz),
  };
}

const DAY_MS = 24 * 3600_000;
/** How far back a lookup reads completed deliveries, in Metrc's 24-hour lastModified windows. */
const LOOKUP_DAYS = 14;

/**
 * The delivery carrying `reference`, or null. Reads the active list, then the inactive one (a
 * delivery may have been completed or voided since) from `since` on, one 24-hour window at a time.
 */
export async function findSalesDeliveryByReference(
  client: MetrcClient,
  license: string,
  reference: string,
  options: { since: Date; now?: Date; signal?: AbortSignal },
): Promise<MetrcSalesDelivery | null> {
  for await (const d of eachRecord((pageNumber, pageSize) => client.listSalesDeliveries(license, 'active', { pageNumber, pageSize }, options.signal))) {
    if (carriesReference(d, reference)) return d;
  }
  const end = (options.now ?? new Date()).getTime();
  let from = Math.max(options.since.getTime(), end - LOOKUP_DAYS * DAY_MS);
  while (from < end) {
    const to = Math.min(from + DAY_MS, end);
    const window = { lastModifiedStart: new Date(from), lastModifiedEnd: new Date(to) };
    for await (const d of eachRecord((pageNumber, pageSize) => client.listSalesDeliveries(license, 'inactive', { ...window, pageNumber, pageSize }, options.signal))) {
      if (carriesReference(d, reference)) return d;
    }
    from = to;
  }
  return null;
}

export interface FiledDelivery {
  /** Metrc's id of the sales delivery. */
  id: number;
  /** True when an earlier attempt had already filed it. */
  alreadyReported: boolean;
}

/**
 * Files a sales delivery at most once: looks the reference up first when asked (an earlier attempt
 * may have landed), posts, and after a POST without a clear answer looks again before giving the
 * error back.
 */
export async function fileSalesDeliveryOnce(
  client: MetrcClient,
  license: string,
  delivery: TraceSalesDelivery,
  options: { lookupFirst?: boolean; since: Date; signal?: AbortSignal },
): Promise<FiledDelivery> {
  const find = () => findSalesDeliveryByReference(client, license, delivery.reference, { since: options.since, signal: options.signal });
  if (options.lookupFirst) {
    const found = await find();
    if (found !== null) return { id: found.Id, alreadyReported: true };
  }
  const body = toMetrcSalesDelivery(delivery);
  try {
    const result = await client.createSalesDeliveries(license, [body], options.signal);
    const id = result.Ids?.[0];
    if (id !== undefined) return { id, alreadyReported: false };
    const found = await find();
    if (found !== null) return { id: found.Id, alreadyReported: false };
    throw new MetrcError({ kind: 'malformed', method: 'POST', path: '/sales/v2/deliveries', message: 'Metrc accepted the delivery but returned no id, and no delivery carries its reference' });
  } catch (err) {
    if (!(err instanceof TraceabilityError) || !err.outcomeUnknown) throw err;
    const found = await find().catch(() => null);
    if (found !== null) return { id: found.Id, alreadyReported: true };
    throw err;
  }
}

export function toMetrcCompletion(c: TraceDeliveryCompletion) {
  const returned: MetrcDeliveryReturn[] = c.returned.map((r) => ({
    Label: r.packageLabel,
    ReturnQuantityVerified: r.quantity,
    ReturnUnitOfMeasure: r.unitOfMeasure,
    ReturnReason: r.reason,
    ReturnReasonNote: r.note ?? null,
  }));
  return {
    Id: c.deliveryId,
    ActualArrivalDateTime: formatFacilityDateTime(c.arrivedAt, c.timezone),
    PaymentType: c.paymentType ?? null,
    AcceptedPackages: c.accepted,
    ReturnedPackages: returned,
  };
}

/**
 * Completes a delivery once. Metrc refuses to complete a delivery twice, so the delivery is read
 * first: one already completed (an earlier attempt whose answer was lost) is a success, one that
 * was voided is an error worth a person's look.
 */
export async function completeSalesDeliveryOnce(
  client: MetrcClient,
  license: string,
  completion: TraceDeliveryCompletion,
  signal?: AbortSignal,
): Promise<{ alreadyReported: boolean }> {
  const path = '/sales/v2/deliveries/complete';
  const state = async () => (await client.getSalesDelivery(license, completion.deliveryId, signal)).SalesDeliveryState;
  const before = await state();
  if (before === 'Delivered') return { alreadyReported: true };
  if (before === 'Voided') {
    throw new MetrcError({ kind: 'invalid', method: 'PUT', path, message: `Metrc delivery ${completion.deliveryId} was voided; there is nothing to complete` });
  }
  try {
    await client.completeSalesDeliveries(license, [toMetrcCompletion(completion)], signal);
    return { alreadyReported: false };
  } catch (err) {
    if (!(err instanceof TraceabilityError) || !err.outcomeUnknown) throw err;
    const after = await state().catch(() => null);
    if (after === 'Delivered') return { alreadyReported: true };
    throw err;
  }
}

/** The first of `preferred` the state offers (names compared without case), or null. */
export function pickReturnReason(reasons: readonly MetrcReturnReason[], preferred: readonly string[]): MetrcReturnReason | null {
  for (const name of preferred) {
    const hit = reasons.find((r) => r.Name.toLowerCase() === name.toLowerCase());
    if (hit) return hit;
  }
  return null;
}
