import {
  BioTrackClient,
  BioTrackEngine,
  MetrcClient,
  MetrcEngine,
  MetrcRateLimiter,
  type TraceabilityEngine,
  type TraceCustomerType,
  type TraceLineTaxes,
  type TraceSale,
} from '@verdant/metrc';
import type { Config } from '../../platform/config';
import { credentialBoxFor, type BioTrackCredentials, type MetrcCredentials } from './traceability.credentials';
import type { TraceStoreConfigTable } from './traceability.tables';

type ConfigRow = Pick<TraceStoreConfigTable, 'store_id' | 'engine' | 'base_url' | 'license_number' | 'credentials_encrypted'> & {
  updated_at: Date | string;
  jurisdiction: string;
};

/** A store's connection to its state system, with the raw Metrc client where one exists. */
export interface StoreEngine {
  engine: TraceabilityEngine;
  metrc: MetrcClient | null;
}

export class EngineUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineUnavailable';
  }
}

/**
 * Builds and caches one engine per store. The cache key holds the config row's updated_at, so a
 * changed key or URL takes effect on the next report without a restart. One GET limiter is shared
 * by every Metrc client of the process (Metrc limits GETs per facility and per integrator key).
 */
export class EngineRegistry {
  private readonly cache = new Map<string, { stamp: string; value: StoreEngine }>();
  private readonly limiter = new MetrcRateLimiter();

  constructor(private readonly config: Config) {}

  forStore(row: ConfigRow): StoreEngine {
    const stamp = `${new Date(row.updated_at).toISOString()}|${row.engine}|${row.base_url ?? ''}`;
    const hit = this.cache.get(row.store_id);
    if (hit && hit.stamp === stamp) return hit.value;
    const value = this.build(row);
    this.cache.set(row.store_id, { stamp, value });
    return value;
  }

  private build(row: ConfigRow): StoreEngine {
    if (row.engine === 'none') throw new EngineUnavailable('This store does not report to a state system (engine "none").');
    if (!row.credentials_encrypted) throw new EngineUnavailable('No state API keys are configured for this store.');
    const credentials = credentialBoxFor(this.config).open(row.credentials_encrypted, row.store_id);
    const timeoutMs = this.config.TRACE_TIMEOUT_MS;
    if (row.engine === 'metrc') {
      const keys = credentials as MetrcCredentials;
      const baseUrl = this.config.METRC_BASE_URL ?? row.base_url ?? undefined;
      const state = row.jurisdiction.slice(3);
      // Writes are never retried inside the client (the worker decides, after a lookup); GETs once.
      const client = new MetrcClient({ vendorKey: keys.vendorKey, userKey: keys.userKey, baseUrl, state, timeoutMs, getRetries: 1, maxRetryDelayMs: 2_000, rateLimiter: this.limiter });
      return { engine: new MetrcEngine({ client, licenseNumber: row.license_number }), metrc: client };
    }
    const keys = credentials as BioTrackCredentials;
    if (!row.base_url) throw new EngineUnavailable('BioTrack needs the state host as the store base URL.');
    const client = new BioTrackClient({ baseUrl: row.base_url, ubi: keys.ubi, username: keys.username, password: keys.password, timeoutMs });
    return { engine: new BioTrackEngine({ client, licenseNumber: row.license_number }), metrc: null };
  }
}

// ---- event payloads → state payloads -------------------------------------------------------------

/** `orders.order.completed` as docs/events.md defines it (the fields we read). */
export interface CompletedOrderPayload {
  orderId: string;
  orderNumber?: string;
  storeId: string;
  licenseNumber?: string;
  jurisdiction?: string;
  timezone: string;
  channel?: string;
  completedAt: string;
  /**
   * caregiverId: the linked caregiver who bought for the patient. The license numbers are not in
   * the event (it also goes to webhooks): the report worker reads them at sending time.
   */
  customer: { id: string | null; kind: 'adult_use' | 'medical'; caregiverId?: string; patientLicenseNumber?: string; caregiverLicenseNumber?: string };
  lines: Array<{
    lineId?: string;
    skuId?: string;
    packageLabel: string;
    quantity: number;
    unit: 'each' | 'g';
    unitPriceCents?: number;
    discountCents?: number;
    totalCents: number;
    taxes?: Array<{ code?: string; amountCents: number; metrcField?: string }>;
  }>;
}

export interface ReturnPayload {
  orderId: string;
  returnId: string;
  storeId: string;
  timezone?: string;
  returnedAt: string;
  lines: Array<{ packageLabel: string; quantity: number; unit: 'each' | 'g'; totalCents: number; restock?: string }>;
}

export const unitOfMeasure = (unit: 'each' | 'g' | 'mg'): string => (unit === 'each' ? 'Each' : unit === 'g' ? 'Grams' : 'Milligrams');

const TAX_FIELDS: Record<string, keyof TraceLineTaxes> = {
  ExciseTax: 'exciseCents',
  CityTax: 'cityCents',
  CountyTax: 'countyCents',
  MunicipalTax: 'municipalCents',
  SalesTax: 'salesCents',
};

/**
 * A caregiver who bought (caregiverId) makes it a Caregiver sale even when their card is not on
 * file: the state then refuses it for want of the number, and the failed list says so, rather
 * than recording the patient as having bought it themselves.
 */
function customerType(customer: Pick<CompletedOrderPayload['customer'], 'kind' | 'caregiverId' | 'caregiverLicenseNumber'>): TraceCustomerType {
  if (customer.kind !== 'medical') return 'Consumer';
  return customer.caregiverId || customer.caregiverLicenseNumber ? 'Caregiver' : 'Patient';
}

/** A medical sale with the license numbers the state asks for (read when sending: see the worker). */
export function withLicenseNumbers(sale: TraceSale, numbers: { patientLicenseNumber?: string; caregiverLicenseNumber?: string }): TraceSale {
  const patientLicenseNumber = sale.patientLicenseNumber ?? numbers.patientLicenseNumber;
  const caregiverLicenseNumber = sale.caregiverLicenseNumber ?? numbers.caregiverLicenseNumber;
  const byCaregiver = sale.customerType === 'Caregiver' || !!caregiverLicenseNumber;
  return { ...sale, patientLicenseNumber, caregiverLicenseNumber, customerType: byCaregiver ? 'Caregiver' : 'Patient' };
}

/** Our order as the state's sale: the order id is the external number, completedAt the sale time. */
export function toTraceSale(order: CompletedOrderPayload, timezone: string): TraceSale {
  return {
    externalReceiptNumber: order.orderId,
    salesDateTime: order.completedAt,
    timezone: order.timezone || timezone,
    customerType: customerType(order.customer),
    patientLicenseNumber: order.customer.patientLicenseNumber,
    caregiverLicenseNumber: order.customer.caregiverLicenseNumber,
    lines: order.lines.map((line) => {
      const taxes: TraceLineTaxes = {};
      for (const tax of line.taxes ?? []) {
        const field = tax.metrcField ? TAX_FIELDS[tax.metrcField] : undefined;
        if (field) taxes[field] = (taxes[field] ?? 0) + tax.amountCents;
      }
      if (line.discountCents) taxes.discountCents = line.discountCents;
      return {
        packageLabel: line.packageLabel,
        quantity: line.quantity,
        unitOfMeasure: unitOfMeasure(line.unit),
        totalAmountCents: line.totalCents,
        unitPriceCents: line.unitPriceCents,
        taxes,
      };
    }),
  };
}

/**
 * What the state's receipt should hold after returns: each line less what came back. Lines that
 * came back whole drop out; null when nothing is left (the receipt is voided instead).
 */
export function remainingAfterReturns(sale: TraceSale, returns: ReturnPayload[]): TraceSale | null {
  const returned = new Map<string, { quantity: number; cents: number }>();
  for (const r of returns) {
    for (const line of r.lines) {
      const key = `${line.packageLabel}|${unitOfMeasure(line.unit)}`;
      const was = returned.get(key) ?? { quantity: 0, cents: 0 };
      returned.set(key, { quantity: was.quantity + line.quantity, cents: was.cents + line.totalCents });
    }
  }
  const lines = [];
  for (const line of sale.lines) {
    const key = `${line.packageLabel}|${line.unitOfMeasure}`;
    const back = returned.get(key);
    if (!back) {
      lines.push(line);
      continue;
    }
    const take = Math.min(back.quantity, line.quantity);
    const cents = Math.min(back.cents, line.totalAmountCents);
    returned.set(key, { quantity: back.quantity - take, cents: back.cents - cents });
    const quantity = Math.round((line.quantity - take) * 1000) / 1000;
    if (quantity <= 0) continue;
    lines.push({ ...line, quantity, totalAmountCents: line.totalAmountCents - cents, taxes: keptTaxes(line.taxes, quantity / line.quantity) });
  }
  return lines.length === 0 ? null : { ...sale, lines };
}

/**
 * A line's taxes (and discount) for the part the customer kept, in proportion to the quantity:
 * the rewritten receipt is the whole receipt, so taxes left off it would vanish from what the
 * state holds of the sale.
 */
function keptTaxes(taxes: TraceLineTaxes | undefined, kept: number): TraceLineTaxes | undefined {
  if (!taxes) return undefined;
  const out: TraceLineTaxes = {};
  for (const [field, cents] of Object.entries(taxes) as Array<[keyof TraceLineTaxes, number | undefined]>) {
    if (cents !== undefined) out[field] = Math.round(cents * kept);
  }
  return out;
}
