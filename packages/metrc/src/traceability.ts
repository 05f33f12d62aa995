import { TraceabilityError, type TraceabilityEngineName } from './traceability-error';
import type { MetrcCustomerType } from './metrc-types';

/**
 * The one seam the server's traceability worker talks to, whatever the state runs (Metrc,
 * BioTrack). Our order id travels as `externalReceiptNumber`; it is how a sale whose answer was
 * lost is found again, so a retry never files a second receipt.
 */
export type TraceEngineName = TraceabilityEngineName;
export type TraceCustomerType = MetrcCustomerType;

/** Per-line taxes in cents; each maps to a Metrc per-line field (ExciseTax, CityTax …). */
export interface TraceLineTaxes {
  exciseCents?: number;
  cityCents?: number;
  countyCents?: number;
  municipalCents?: number;
  /** State sales tax (Metrc `SalesTax`). */
  salesCents?: number;
  discountCents?: number;
  /** Line amount before taxes (Metrc `SubTotal`). */
  subtotalCents?: number;
}

export interface TraceSaleLine {
  /** The state tag of the package sold from. */
  packageLabel: string;
  quantity: number;
  /** Metrc unit name: "Each", "Grams", "Ounces", "Milligrams" … */
  unitOfMeasure: string;
  /** What the customer paid for this line, in cents. */
  totalAmountCents: number;
  unitPriceCents?: number;
  taxes?: TraceLineTaxes;
}

export interface TraceSale {
  /** Our order id: the idempotency key at the state. */
  externalReceiptNumber: string;
  /** The instant of the sale; each engine formats it for its state (local, offset …). */
  salesDateTime: Date | string;
  /** IANA zone of the facility, e.g. "America/Los_Angeles". */
  timezone: string;
  customerType: TraceCustomerType;
  patientLicenseNumber?: string;
  caregiverLicenseNumber?: string;
  identificationMethod?: string;
  lines: TraceSaleLine[];
}

export interface TraceSaleRef {
  engine: TraceEngineName;
  /** The state's id for the sale (Metrc receipt Id, BioTrack TransactionID), as a string. */
  externalId: string;
  /** True when the state holds the sale but it was voided. */
  voided?: boolean;
}

export interface TraceAdjustment {
  packageLabel: string;
  /** Signed: negative takes stock out. */
  quantity: number;
  unitOfMeasure: string;
  /**
   * The state's reason, as most states name it (Metrc: `/packages/v2/adjust/reasons`). Where a
   * state keeps its own list (Oregon's is the regulator's), the engine files the first of `reason`
   * and `alternativeReasons` that the state's list has, spelled as the state spells it.
   */
  reason: string;
  alternativeReasons?: string[];
  note?: string;
  adjustedAt: Date | string;
  timezone: string;
}

export interface TracePackage {
  label: string;
  itemName: string;
  quantity: number;
  unitOfMeasure: string;
  onHold: boolean;
  /** False when the state would refuse a sale from it (hold, recall, untested, finished). */
  sellable: boolean;
  labTestingState?: string;
}

export interface TraceAllotment {
  patientLicenseNumber: string;
  active: boolean;
  /** Remaining allotment in ounces per bucket, as the state reports it. */
  availableOunces: { flower: number; concentrate: number; infused: number; thc: number };
}

export interface TraceabilityEngine {
  readonly name: TraceEngineName;
  /** The licence (facility) this engine reports for. */
  readonly licenseNumber: string;
  /** Files the sale. Throws TraceabilityError; check `outcomeUnknown` before retrying. */
  reportSale(sale: TraceSale, signal?: AbortSignal): Promise<TraceSaleRef>;
  findSaleByExternalNumber(externalReceiptNumber: string, signal?: AbortSignal): Promise<TraceSaleRef | null>;
  voidSale(externalId: string, signal?: AbortSignal): Promise<void>;
  reportAdjustment(adjustment: TraceAdjustment, signal?: AbortSignal): Promise<void>;
  listPackages?(signal?: AbortSignal): Promise<TracePackage[]>;
  getPatientAllotment?(patientLicenseNumber: string, signal?: AbortSignal): Promise<TraceAllotment | null>;
}

export interface ReportOnceResult extends TraceSaleRef {
  /** True when the sale was already at the state (an earlier attempt went through). */
  alreadyReported: boolean;
}

/**
 * Reports a sale at most once. Looks the external number up first (skip with
 * `lookupFirst: false` on a first attempt to save a GET), posts only when absent, and when the
 * post itself ends without a clear answer looks again before giving the error back. A sale that
 * was voided at the state is returned as found, never re-posted.
 */
export async function reportSaleOnce(
  engine: TraceabilityEngine,
  sale: TraceSale,
  options: { lookupFirst?: boolean; signal?: AbortSignal } = {},
): Promise<ReportOnceResult> {
  if (options.lookupFirst !== false) {
    const existing = await engine.findSaleByExternalNumber(sale.externalReceiptNumber, options.signal);
    if (existing !== null) return { ...existing, alreadyReported: true };
  }
  try {
    return { ...(await engine.reportSale(sale, options.signal)), alreadyReported: false };
  } catch (err) {
    if (!(err instanceof TraceabilityError) || !err.outcomeUnknown) throw err;
    // The write may have landed. One look now settles most cases; if the look fails too, the
    // original (retryable) error goes back and the next attempt looks first.
    const found = await engine.findSaleByExternalNumber(sale.externalReceiptNumber, options.signal).catch(() => null);
    if (found !== null) return { ...found, alreadyReported: true };
    throw err;
  }
}

/** Integer cents to the decimal dollars state APIs expect (1999 → 19.99). */
export function centsToDollars(cents: number): number {
  if (!Number.isInteger(cents)) throw new RangeError(`Money must be integer cents, got ${cents}`);
  return cents / 100;
}
