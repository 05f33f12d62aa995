import { formatFacilityDate, formatFacilityDateTime } from './facility-time';
import type { MetrcClient } from './metrc-client';
import { MetrcError } from './metrc-errors';
import type { MetrcAdjustmentReason, MetrcReceipt, MetrcReceiptInput, MetrcTransactionInput } from './metrc-types';
import {
  centsToDollars,
  type TraceAdjustment,
  type TraceAllotment,
  type TraceabilityEngine,
  type TracePackage,
  type TraceSale,
  type TraceSaleLine,
  type TraceSaleRef,
} from './traceability';

export interface MetrcEngineOptions {
  client: MetrcClient;
  licenseNumber: string;
}

const SELLABLE = new Set(['TestPassed', 'NotRequired']);

/** Maps our sale to a Metrc receipt. Exported for tests and for callers building batches. */
export function toMetrcReceipt(sale: TraceSale): MetrcReceiptInput {
  if (sale.lines.length === 0) throw new RangeError(`Sale ${sale.externalReceiptNumber} has no lines`);
  return {
    SalesDateTime: formatFacilityDateTime(sale.salesDateTime, sale.timezone),
    SalesCustomerType: sale.customerType,
    ExternalReceiptNumber: sale.externalReceiptNumber,
    PatientLicenseNumber: sale.patientLicenseNumber ?? null,
    CaregiverLicenseNumber: sale.caregiverLicenseNumber ?? null,
    IdentificationMethod: sale.identificationMethod ?? null,
    Transactions: sale.lines.map(toMetrcTransaction),
  };
}

function toMetrcTransaction(line: TraceSaleLine): MetrcTransactionInput {
  const t = line.taxes ?? {};
  const dollars = (c: number | undefined) => (c === undefined ? null : centsToDollars(c));
  const tx: MetrcTransactionInput = {
    PackageLabel: line.packageLabel,
    Quantity: line.quantity,
    UnitOfMeasure: line.unitOfMeasure,
    TotalAmount: centsToDollars(line.totalAmountCents),
  };
  // Per-line tax fields are optional in Metrc (Bulletin 109); send only what we know.
  const optional: Partial<MetrcTransactionInput> = {
    Price: dollars(line.unitPriceCents),
    ExciseTax: dollars(t.exciseCents),
    CityTax: dollars(t.cityCents),
    CountyTax: dollars(t.countyCents),
    MunicipalTax: dollars(t.municipalCents),
    SalesTax: dollars(t.salesCents),
    DiscountAmount: dollars(t.discountCents),
    SubTotal: dollars(t.subtotalCents),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== null) (tx as unknown as Record<string, unknown>)[key] = value;
  return tx;
}

function ref(receipt: MetrcReceipt): TraceSaleRef {
  return { engine: 'metrc', externalId: String(receipt.Id), voided: receipt.ArchivedDate !== null };
}

/** TraceabilityEngine over the Metrc v2 API for one licence. */
/** How long the state's list of adjustment reasons is kept before it is read again. */
const REASONS_TTL_MS = 60 * 60_000;

export class MetrcEngine implements TraceabilityEngine {
  readonly name = 'metrc' as const;
  readonly licenseNumber: string;
  private readonly client: MetrcClient;
  private reasons: { readAt: number; list: MetrcAdjustmentReason[] } | null = null;

  constructor(options: MetrcEngineOptions) {
    this.client = options.client;
    this.licenseNumber = options.licenseNumber;
  }

  async reportSale(sale: TraceSale, signal?: AbortSignal): Promise<TraceSaleRef> {
    const result = await this.client.createReceipts(this.licenseNumber, [toMetrcReceipt(sale)], signal);
    const id = result.Ids?.[0];
    if (id !== undefined) return { engine: 'metrc', externalId: String(id) };
    // Old-style empty answer: the receipt exists, learn its id by external number.
    const found = await this.findSaleByExternalNumber(sale.externalReceiptNumber, signal);
    if (found === null) {
      throw new MetrcError({ kind: 'malformed', method: 'POST', path: '/sales/v2/receipts', message: 'Metrc accepted the receipt but returned no id and the receipt cannot be found by its external number' });
    }
    return found;
  }

  async findSaleByExternalNumber(externalReceiptNumber: string, signal?: AbortSignal): Promise<TraceSaleRef | null> {
    const receipt = await this.client.findReceiptByExternalNumber(this.licenseNumber, externalReceiptNumber, signal);
    return receipt === null ? null : ref(receipt);
  }

  /** Voids the receipt; a finalized one is unfinalized first, as Metrc requires. */
  async voidSale(externalId: string, signal?: AbortSignal): Promise<void> {
    const id = Number(externalId);
    if (!Number.isInteger(id)) throw new RangeError(`Not a Metrc receipt id: ${externalId}`);
    const receipt = await this.client.getReceipt(this.licenseNumber, id, signal);
    if (receipt.ArchivedDate !== null) return;
    if (receipt.IsFinal) await this.client.unfinalizeReceipts(this.licenseNumber, [id], signal);
    await this.client.voidReceipt(this.licenseNumber, id, signal);
  }

  async reportAdjustment(adjustment: TraceAdjustment, signal?: AbortSignal): Promise<void> {
    const reason = await this.stateReason(adjustment, signal);
    await this.client.adjustPackages(
      this.licenseNumber,
      [
        {
          Label: adjustment.packageLabel,
          Quantity: adjustment.quantity,
          UnitOfMeasure: adjustment.unitOfMeasure,
          AdjustmentReason: reason,
          AdjustmentDate: formatFacilityDate(adjustment.adjustedAt, adjustment.timezone),
          ReasonNote: adjustment.note ?? null,
        },
      ],
      signal,
    );
  }

  /**
   * The name the state's list gives the adjustment's reason: the first of its reason and
   * alternatives found there (read once an hour). A state whose list has none of them refuses the
   * adjustment before it is sent, as the state would, naming what the list holds, for a person to
   * decide; a state that lists no reasons at all is sent the reason as it is.
   */
  private async stateReason(adjustment: TraceAdjustment, signal?: AbortSignal): Promise<string> {
    if (!this.reasons || Date.now() - this.reasons.readAt > REASONS_TTL_MS) {
      this.reasons = { readAt: Date.now(), list: await this.client.getAdjustmentReasons(this.licenseNumber, signal) };
    }
    const { list } = this.reasons;
    if (list.length === 0) return adjustment.reason;
    const wanted = [adjustment.reason, ...(adjustment.alternativeReasons ?? [])];
    for (const name of wanted) {
      const found = list.find((r) => r.Name.toLowerCase() === name.toLowerCase());
      if (found) return found.Name;
    }
    throw new MetrcError({
      kind: 'invalid',
      method: 'POST',
      path: '/packages/v2/adjust',
      message: `The state's adjustment reasons (${list.map((r) => r.Name).join(', ')}) include none of ${wanted.join(', ')}: choose the state's reason and record the adjustment in Metrc, then mark this report resolved`,
    });
  }

  async listPackages(): Promise<TracePackage[]> {
    const out: TracePackage[] = [];
    for await (const p of this.client.allPackages(this.licenseNumber, 'active')) {
      out.push({
        label: p.Label,
        itemName: p.Item?.Name ?? '',
        quantity: p.Quantity,
        unitOfMeasure: p.UnitOfMeasureName,
        onHold: p.IsOnHold,
        sellable: !p.IsOnHold && !p.IsOnRecall && !p.IsFinished && SELLABLE.has(p.LabTestingState),
        labTestingState: p.LabTestingState,
      });
    }
    return out;
  }

  async getPatientAllotment(patientLicenseNumber: string, signal?: AbortSignal): Promise<TraceAllotment | null> {
    let statuses;
    try {
      statuses = await this.client.getPatientStatuses(this.licenseNumber, patientLicenseNumber, signal);
    } catch (err) {
      if (err instanceof MetrcError && err.kind === 'not_found') return null;
      throw err;
    }
    const s = statuses.find((x) => x.Active) ?? statuses[0];
    if (s === undefined) return null;
    return {
      patientLicenseNumber: s.PatientLicenseNumber,
      active: s.Active,
      availableOunces: { flower: s.FlowerOuncesAvailable, concentrate: s.ConcentrateOuncesAvailable, infused: s.InfusedOuncesAvailable, thc: s.ThcOuncesAvailable },
    };
  }
}
