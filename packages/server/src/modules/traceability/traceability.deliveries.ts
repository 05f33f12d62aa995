// Delivery orders filed as Metrc sales deliveries: the event payloads the delivery module
// publishes, what Metrc is sent when the vehicle leaves and when each stop ends, the drivers' state
// identifiers, and the filing each stop of a run has (the driver's manifest shows it).
import type { TraceDeliveryCompletion, TraceDeliveryReturn, TraceSale, TraceSalesDelivery } from '@verdant/metrc';
import type { Config } from '../../platform/config';
import type { Actor } from '../../platform/context';
import { AppError } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { assertMayChangeStaffMember, assertMayReadStaffMember } from '../staff';
import { credentialBoxFor, type TraceCredentials } from './traceability.credentials';
import { EngineUnavailable, unitOfMeasure, type CompletedOrderPayload } from './traceability.engines';
import { deliveryFilingFor } from './traceability.policy';
import type { ReportStatus } from './traceability.tables';

/** `delivery.stop.departed` (docs/events.md): the sale as it leaves in the vehicle, and who carries it where. */
export interface DeliveryDepartedPayload extends Omit<CompletedOrderPayload, 'completedAt'> {
  runId: string;
  seq: number;
  stopCount: number;
  departedAt: string;
  driver: { id: string; name: string };
  vehicle: { id: string; name: string; make: string | null; model: string | null; licensePlate: string | null };
  /**
   * When and to what kind of place. The recipient's name and address are not in the event (the
   * live stream and webhooks carry it to roles that may not read orders): the worker reads them
   * from the order when it files (events from before this carried them; they are used only when
   * the order is gone).
   */
  deliverTo: {
    addressType?: string;
    deliverAt?: string;
    name?: string | null;
    address?: DeliveryAddress | null;
  };
}

export interface DeliveryAddress {
  line1: string;
  line2?: string;
  city: string;
  region: string;
  postalCode: string;
}

/** `delivery.stop.ended`: handed over, or brought back (a no-show; `redeliver` when it rides again). */
export interface DeliveryEndedPayload {
  runId: string;
  orderId: string;
  orderNumber?: string;
  storeId: string;
  outcome: 'delivered' | 'undelivered';
  redeliver?: boolean;
  reason: string | null;
  endedAt: string;
}

/**
 * Metrc wants an estimated arrival per delivery; Verdant plans no routes. Without a time the
 * customer asked for, each stop is reckoned this many minutes after the one before it, in loading
 * order (an estimate for the manifest, not a promise to anyone).
 */
export const ESTIMATED_MINUTES_PER_STOP = 30;

/**
 * Verdant's "not delivered" (no-show, or brought back to ride again) as one of the state's return
 * reasons (`GET /sales/v2/deliveries/returnreasons`): the first of these the state offers. Metrc
 * has no "nobody home"; the closest is the customer not taking the goods. The driver's own words
 * go in the note.
 */
export const NOT_DELIVERED_RETURN_REASONS = ['Customer Refused', 'Customer Rejected', 'Undeliverable', 'Other'] as const;

/**
 * PaymentType on a completed delivery, by the tender that paid most of the order. Metrc's list
 * (`/sales/v2/paymenttypes`) is per state; these are the plain names, to be replaced by a state's
 * own list where it differs.
 */
export const METRC_PAYMENT_TYPES: Record<string, string> = {
  cash: 'Cash',
  terminal: 'Card',
  simulator: 'Card',
  gift_card: 'Gift Card',
  store_credit: 'Store Credit',
};

/**
 * US state names as customers type them, to the two-letter code Metrc wants for the recipient's
 * state (RecipientAddressState). A region that is neither a code nor one of these names is refused
 * at departure (departureGaps).
 */
const US_STATE_CODES: Record<string, string> = {
  alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO', connecticut: 'CT', delaware: 'DE',
  'district of columbia': 'DC', 'washington dc': 'DC', 'washington d.c.': 'DC', florida: 'FL', georgia: 'GA', hawaii: 'HI', idaho: 'ID',
  illinois: 'IL', indiana: 'IN', iowa: 'IA', kansas: 'KS', kentucky: 'KY', louisiana: 'LA', maine: 'ME', maryland: 'MD',
  massachusetts: 'MA', michigan: 'MI', minnesota: 'MN', mississippi: 'MS', missouri: 'MO', montana: 'MT', nebraska: 'NE', nevada: 'NV',
  'new hampshire': 'NH', 'new jersey': 'NJ', 'new mexico': 'NM', 'new york': 'NY', 'north carolina': 'NC', 'north dakota': 'ND',
  ohio: 'OH', oklahoma: 'OK', oregon: 'OR', pennsylvania: 'PA', 'rhode island': 'RI', 'south carolina': 'SC', 'south dakota': 'SD',
  tennessee: 'TN', texas: 'TX', utah: 'UT', vermont: 'VT', virginia: 'VA', washington: 'WA', 'west virginia': 'WV', wisconsin: 'WI',
  wyoming: 'WY', 'puerto rico': 'PR', guam: 'GU', 'u.s. virgin islands': 'VI', 'virgin islands': 'VI',
};

/** The two-letter state code of an address's region ("ca", "California" → "CA"), or null when it names none. */
export function stateCode(region: string): string | null {
  const r = region.trim().replace(/\s+/g, ' ');
  if (/^[A-Za-z]{2}$/.test(r)) return r.toUpperCase();
  return US_STATE_CODES[r.toLowerCase()] ?? null;
}

/**
 * What a sales delivery needs that is fixed once the vehicle leaves: the vehicle (make, model,
 * plate) and each order's address, with a region that is a state. Empty when all is there. The
 * driver's state identifiers and the store's phone are read when filing, so they can still be
 * put on file after departure; these cannot.
 */
export function departureGaps(input: {
  vehicle: { name: string; make: string | null; model: string | null; licensePlate: string | null };
  orders: Array<{ number: string; address: DeliveryAddress | null }>;
}): string[] {
  const gaps: string[] = [];
  const absent = (['make', 'model', 'licensePlate'] as const).filter((k) => !input.vehicle[k]?.trim());
  if (absent.length > 0) gaps.push(`the ${absent.join(', ')} of vehicle ${input.vehicle.name}`);
  for (const o of input.orders) {
    const a = o.address;
    if (!a || !a.line1?.trim() || !a.city?.trim() || !a.region?.trim() || !a.postalCode?.trim()) gaps.push(`a full delivery address (street, city, state, postal code) on order ${o.number}`);
    else if (!stateCode(a.region)) gaps.push(`a state Metrc knows in the address of order ${o.number} ("${a.region}" is not a US state or two-letter state code)`);
  }
  return gaps;
}

/**
 * Refuses a departure whose sales deliveries Metrc could never take (422 STATE_FILING_INCOMPLETE),
 * where the store files delivery orders as Metrc sales deliveries; elsewhere, and for stores that
 * report to no state, it lets every departure through. Changes nothing.
 */
export async function assertDepartureFileable(
  db: Db | UnitOfWork['trx'],
  organizationId: string,
  storeId: string,
  input: Parameters<typeof departureGaps>[0],
  on: Date = new Date(),
): Promise<void> {
  const store = await db
    .selectFrom('trace_store_config as c')
    .innerJoin('store as s', 's.id', 'c.store_id')
    .select(['c.engine', 's.jurisdiction', 's.timezone'])
    .where('c.store_id', '=', storeId)
    .where('s.organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!store || deliveryFilingFor(store.jurisdiction, store.engine, on, store.timezone) !== 'sales_delivery') return;
  const gaps = departureGaps(input);
  if (gaps.length === 0) return;
  throw new AppError(
    422,
    'STATE_FILING_INCOMPLETE',
    `This store files each delivery with Metrc as a sales delivery when the vehicle leaves, and Metrc needs ${gaps.join('; ')}. ` +
      'These are fixed once the vehicle leaves, so it cannot leave without them: take another vehicle, or unload the order.',
    { missing: gaps },
  );
}

/** Something Metrc requires is not on file: the report says what, and is tried again as usual. */
export class DeliveryNotReady extends EngineUnavailable {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryNotReady';
  }
}

/**
 * The sales delivery Metrc is sent for one order on one trip. `sale` already carries the medical
 * license numbers (read when sending). Throws DeliveryNotReady, naming what to fill in, when
 * something Metrc requires is not on file.
 */
export function toSalesDelivery(input: {
  payload: DeliveryDepartedPayload;
  /** Whom and where to: read from the order when filing (not carried in the event). */
  recipient: { name: string | null; address: DeliveryAddress | null };
  sale: TraceSale;
  reference: string;
  storeName: string;
  driver: { employeeId: string; driversLicenseNumber: string } | null;
  phoneNumberForQuestions: string | null;
}): TraceSalesDelivery {
  const { payload: p, driver } = input;
  // What can still be put on file (read on every try), and what was fixed when the vehicle left.
  const missing: string[] = [];
  if (!driver) missing.push(`${p.driver.name}'s state employee id and driver's licence number (PUT /v1/staff/${p.driver.id}/state-credentials)`);
  if (!input.phoneNumberForQuestions) missing.push("the store's phone number for delivery questions (deliveryPhone in PUT /v1/stores/:storeId/traceability)");
  const address = input.recipient.address;
  const fixed = departureGaps({ vehicle: p.vehicle, orders: [{ number: p.orderNumber ?? p.orderId, address }] });
  if (missing.length > 0 || fixed.length > 0) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`Metrc needs ${missing.join('; ')} on the sales delivery. Once on file, the delivery is filed on its next try (or resend it).`);
    if (fixed.length > 0) {
      parts.push(
        `Metrc needs ${fixed.join('; ')}, which cannot be changed for this trip (the vehicle and address are the ones it left with): ` +
          'file this delivery in Metrc by hand and mark this report resolved.',
      );
    }
    throw new DeliveryNotReady(parts.join(' '));
  }
  const departed = new Date(p.departedAt);
  const asked = p.deliverTo.deliverAt ? new Date(p.deliverTo.deliverAt) : null;
  const arrival = asked && asked > departed ? asked : new Date(departed.getTime() + p.seq * ESTIMATED_MINUTES_PER_STOP * 60_000);
  const a = address!;
  const region = stateCode(a.region)!;
  const to = [a.line1, a.line2, a.city, `${region} ${a.postalCode}`].filter(Boolean).join(', ');
  return {
    sale: input.sale,
    reference: input.reference,
    recipientName: input.recipient.name,
    address: { street1: a.line1, street2: a.line2 ?? null, city: a.city, state: region, postalCode: a.postalCode },
    driver: { name: p.driver.name, employeeId: driver!.employeeId, driversLicenseNumber: driver!.driversLicenseNumber },
    vehicle: { make: p.vehicle.make!, model: p.vehicle.model!, licensePlate: p.vehicle.licensePlate! },
    phoneNumberForQuestions: input.phoneNumberForQuestions!,
    plannedRoute: `Stop ${p.seq} of ${p.stopCount}, in loading order, from ${input.storeName} to ${to} (order ${p.orderNumber ?? p.orderId})`,
    estimatedDeparture: departed,
    estimatedArrival: arrival,
  };
}

/**
 * How a delivery is completed: handed over, every package accepted; not delivered, every package
 * returned in full with the mapped reason and the driver's words as the note.
 */
export function toCompletion(input: {
  deliveryId: number;
  departed: DeliveryDepartedPayload;
  ended: DeliveryEndedPayload;
  timezone: string;
  paymentType: string | null;
  returnReason: string | null;
}): TraceDeliveryCompletion {
  const { departed, ended } = input;
  const base = { deliveryId: input.deliveryId, arrivedAt: ended.endedAt, timezone: input.timezone };
  if (ended.outcome === 'delivered') {
    return { ...base, paymentType: input.paymentType, accepted: [...new Set(departed.lines.map((l) => l.packageLabel))], returned: [] };
  }
  if (!input.returnReason) throw new DeliveryNotReady('No return reason to complete the delivery with.');
  const note = `${ended.redeliver ? 'Brought back to the store to deliver later' : 'Not delivered, back to the store'}${ended.reason ? `: ${ended.reason}` : ''}`.slice(0, 500);
  const byPackage = new Map<string, TraceDeliveryReturn>();
  for (const line of departed.lines) {
    const unit = unitOfMeasure(line.unit);
    const key = `${line.packageLabel}|${unit}`;
    const was = byPackage.get(key);
    const quantity = Math.round(((was?.quantity ?? 0) + line.quantity) * 1000) / 1000;
    byPackage.set(key, { packageLabel: line.packageLabel, quantity, unitOfMeasure: unit, reason: input.returnReason, note });
  }
  return { ...base, paymentType: null, accepted: [], returned: [...byPackage.values()] };
}

/** PaymentType for an order's payments: the tender that paid the most, in Metrc's words. */
export function metrcPaymentType(payments: Array<{ provider: string; amountCents: number; refundedCents: number }>): string | null {
  const byProvider = new Map<string, number>();
  for (const p of payments) byProvider.set(p.provider, (byProvider.get(p.provider) ?? 0) + p.amountCents - p.refundedCents);
  const top = [...byProvider.entries()].sort((a, b) => b[1] - a[1])[0];
  return top ? (METRC_PAYMENT_TYPES[top[0]] ?? 'Other') : null;
}

// ---- the driver's manifest ---------------------------------------------------------------------

export interface StateFiling {
  /** sales_delivery: filed with Metrc as the trip's delivery manifest; receipt: a sale at hand-over. */
  kind: 'sales_delivery' | 'receipt';
  status: ReportStatus;
  /** The state's id once filed: the Metrc sales delivery id (or receipt id). */
  externalId: string | null;
  /** Why the last try failed, while it has not gone through. */
  reason: string | null;
}

/** What each order of a run was filed as, for this trip. */
export async function stateFilingsForRun(db: Db | UnitOfWork['trx'], organizationId: string, runId: string, orderIds: readonly string[]): Promise<Map<string, StateFiling>> {
  const out = new Map<string, StateFiling>();
  if (orderIds.length === 0) return out;
  const keys = orderIds.flatMap((o) => [`delivery:${o}:${runId}`, `sale:${o}`]);
  const rows = await db
    .selectFrom('trace_report')
    .select(['order_id', 'kind', 'status', 'external_id', 'last_error'])
    .where('organization_id', '=', organizationId)
    .where('dedupe_key', 'in', keys)
    .execute();
  // The trip's sales delivery wins over a receipt (there is never both for one order).
  for (const r of [...rows].sort((a, b) => Number(a.kind === 'delivery') - Number(b.kind === 'delivery'))) {
    if (!r.order_id) continue;
    out.set(r.order_id, {
      kind: r.kind === 'delivery' ? 'sales_delivery' : 'receipt',
      status: r.status,
      externalId: r.external_id,
      reason: r.status === 'sent' || r.status === 'resolved' ? null : r.last_error,
    });
  }
  return out;
}

// ---- drivers' state identifiers ------------------------------------------------------------------

export interface DriverCredentialsInput {
  employeeId: string;
  driversLicenseNumber: string;
}

export interface DriverCredentialsView {
  staffId: string;
  employeeId: string | null;
  driversLicenseHint: string | null;
  updatedAt: string | null;
}

const aad = (staffId: string) => `driver:${staffId}`;
const hint = (value: string) => `…${Array.from(value).slice(-4).join('')}`;

/**
 * What the state knows a staff member by, as the caller may read it: the store part of the rule
 * for changing a person (they work only at stores of the caller's; 403 STORE_NOT_ALLOWED).
 */
export async function getDriverCredentials(db: Db, actor: Actor, organizationId: string, staffId: string): Promise<DriverCredentialsView> {
  await assertMayReadStaffMember(db, actor, organizationId, staffId);
  return driverCredentialsOf(db, organizationId, staffId);
}

async function driverCredentialsOf(db: Db, organizationId: string, staffId: string): Promise<DriverCredentialsView> {
  const row = await db.selectFrom('trace_driver').selectAll().where('staff_id', '=', staffId).where('organization_id', '=', organizationId).executeTakeFirst();
  return { staffId, employeeId: row?.employee_id ?? null, driversLicenseHint: row?.drivers_license_hint ?? null, updatedAt: row ? new Date(row.updated_at).toISOString() : null };
}

/**
 * Sets what the state knows a driver by. The licence number is sealed; the audit log sees a hint.
 * Whoever may change the person may set it (PATCH /v1/staff/:id's rule: rank and stores), so a
 * manager of one store cannot rewrite another store's driver's, or an owner's, identifiers.
 */
export async function putDriverCredentials(uow: UnitOfWork, config: Config, organizationId: string, staffId: string, input: DriverCredentialsInput): Promise<DriverCredentialsView> {
  await assertMayChangeStaffMember(uow, organizationId, staffId);
  const employeeId = input.employeeId.trim();
  const licence = input.driversLicenseNumber.trim();
  if (!employeeId || !licence) throw new AppError(400, 'VALIDATION_FAILED', 'Both the employee id and the driver’s licence number are needed.', [{ path: ['body'], message: 'employeeId and driversLicenseNumber' }]);
  const sealed = credentialBoxFor(config).seal({ driversLicenseNumber: licence } as unknown as TraceCredentials, aad(staffId));
  const values = { organization_id: organizationId, employee_id: employeeId, drivers_license_encrypted: sealed, drivers_license_hint: hint(licence), updated_at: new Date() };
  await uow.trx.insertInto('trace_driver').values({ staff_id: staffId, ...values }).onConflict((oc) => oc.column('staff_id').doUpdateSet(values)).execute();
  await uow.audit({ action: 'traceability.driver.changed', entityType: 'staff_user', entityId: staffId, after: { employeeId, driversLicenseHint: values.drivers_license_hint } });
  return driverCredentialsOf(uow.trx as unknown as Db, organizationId, staffId);
}

/** The driver's identifiers in clear, for the report worker only (when it sends). */
export async function driverForDelivery(db: Db, config: Config, organizationId: string, staffId: string): Promise<{ employeeId: string; driversLicenseNumber: string } | null> {
  const row = await db.selectFrom('trace_driver').select(['employee_id', 'drivers_license_encrypted']).where('staff_id', '=', staffId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) return null;
  const opened = credentialBoxFor(config).open(row.drivers_license_encrypted, aad(staffId)) as unknown as { driversLicenseNumber: string };
  return { employeeId: row.employee_id, driversLicenseNumber: opened.driversLicenseNumber };
}
