import { BioTrackClient, BioTrackError, type BioTrackDispense } from './biotrack-client';
import { formatRfc3339InZone } from './facility-time';
import {
  centsToDollars,
  type TraceAdjustment,
  type TraceabilityEngine,
  type TracePackage,
  type TraceSale,
  type TraceSaleRef,
} from './traceability';
import { convertQuantity, findUnit } from './units';

export interface BioTrackEngineOptions {
  client: BioTrackClient;
  /** The location (licence) the sales are dispensed from. */
  licenseNumber: string;
}

/** BioTrack counts weighed goods in grams and everything else in units. */
function toBioTrackQuantity(quantity: number, unitOfMeasure: string): number {
  const unit = findUnit(unitOfMeasure);
  if (unit === undefined) throw new RangeError(`Unknown unit of measure ${unitOfMeasure}`);
  return unit.quantityType === 'WeightBased' ? convertQuantity(quantity, unit.name, 'Grams') : quantity;
}

export function toBioTrackDispense(sale: TraceSale, locationLicense: string): BioTrackDispense {
  if (sale.lines.length === 0) throw new RangeError(`Sale ${sale.externalReceiptNumber} has no lines`);
  const medical = sale.customerType === 'Patient' || sale.customerType === 'Caregiver' || sale.customerType === 'ExternalPatient';
  return {
    LocationLicense: locationLicense,
    Type: medical ? 'MEDICAL' : 'RECREATIONAL',
    Datetime: formatRfc3339InZone(sale.salesDateTime, sale.timezone),
    RequestID: sale.externalReceiptNumber,
    ExternalID: sale.externalReceiptNumber,
    PatientCardKey: sale.patientLicenseNumber ?? null,
    Items: sale.lines.map((l) => {
      const t = l.taxes ?? {};
      const other = (t.cityCents ?? 0) + (t.countyCents ?? 0) + (t.municipalCents ?? 0) + (t.salesCents ?? 0);
      return {
        Barcode: l.packageLabel,
        Quantity: toBioTrackQuantity(l.quantity, l.unitOfMeasure),
        Price: centsToDollars(l.totalAmountCents),
        Tax: { Excise: centsToDollars(t.exciseCents ?? 0), Other: centsToDollars(other) },
      };
    }),
  };
}

/** TraceabilityEngine over the BioTrack v3 REST API for one location. */
export class BioTrackEngine implements TraceabilityEngine {
  readonly name = 'biotrack' as const;
  readonly licenseNumber: string;
  private readonly client: BioTrackClient;

  constructor(options: BioTrackEngineOptions) {
    this.client = options.client;
    this.licenseNumber = options.licenseNumber;
  }

  async reportSale(sale: TraceSale, signal?: AbortSignal): Promise<TraceSaleRef> {
    const res = await this.client.dispense(toBioTrackDispense(sale, this.licenseNumber), signal);
    if (typeof res?.TransactionID !== 'string') {
      throw new BioTrackError({ kind: 'malformed', method: 'POST', path: '/v1/dispense', message: 'BioTrack dispense answered without a TransactionID' });
    }
    return { engine: 'biotrack', externalId: res.TransactionID };
  }

  async findSaleByExternalNumber(externalReceiptNumber: string, signal?: AbortSignal): Promise<TraceSaleRef | null> {
    const found = await this.client.findDispenseByExternalId(this.licenseNumber, externalReceiptNumber, signal);
    return found === null ? null : { engine: 'biotrack', externalId: found.TransactionID, voided: found.Voided };
  }

  async voidSale(externalId: string, signal?: AbortSignal): Promise<void> {
    await this.client.voidDispense(externalId, signal);
  }

  async reportAdjustment(adjustment: TraceAdjustment, signal?: AbortSignal): Promise<void> {
    await this.client.adjustInventory(
      {
        LocationLicense: this.licenseNumber,
        Barcode: adjustment.packageLabel,
        Quantity: toBioTrackQuantity(adjustment.quantity, adjustment.unitOfMeasure),
        Reason: adjustment.reason,
        Note: adjustment.note ?? null,
      },
      signal,
    );
  }

  async listPackages(signal?: AbortSignal): Promise<TracePackage[]> {
    const lots = await this.client.listInventory(this.licenseNumber, signal);
    return lots.map((l) => ({
      label: l.Barcode,
      itemName: l.ProductName,
      quantity: l.Quantity,
      unitOfMeasure: l.UOM === 'g' ? 'Grams' : 'Each',
      onHold: l.OnHold,
      sellable: !l.OnHold && l.Quantity > 0,
    }));
  }
}
