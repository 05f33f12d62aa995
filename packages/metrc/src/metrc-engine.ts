import { formatFacilityDate, formatFacilityDateTime } from './facility-time';
import type { MetrcClient } from './metrc-client';
import { MetrcError } from './metrc-errors';
import type { MetrcReceipt, MetrcReceiptInput, MetrcTransactionInput } from './metrc-types';
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
export class MetrcEngine implements TraceabilityEngine {
  readonly name = 'metrc' as const;
  readonly licenseNumber: string;
  private readonly client: MetrcClient;

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
    await this.client.adjustPackages(
      this.licenseNumber,
      [
        {
          Label: adjustment.packageLabel,
          Quantity: adjustment.quantity,
          UnitOfMeasure: adjustment.unitOfMeasure,
          AdjustmentReason: adjustment.reason,
          AdjustmentDate: formatFacilityDate(adjustment.adjustedAt, adjustment.timezone),
          ReasonNote: adjustment.note ?? null,
        },
      ],
      signal,
    );
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
