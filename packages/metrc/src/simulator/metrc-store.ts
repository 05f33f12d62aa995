import { formatFacilityDateTime, isFacilityLocalDateTime, normaliseLocal } from '../facility-time';
import type { MetrcStateProfile } from '../metrc-states';
import type {
  MetrcAdjustmentReason,
  MetrcCustomerType,
  MetrcDeliveryPackage,
  MetrcFacility,
  MetrcIncomingTransfer,
  MetrcItem,
  MetrcLabResult,
  MetrcLabTestingState,
  MetrcListResponse,
  MetrcPackage,
  MetrcPatientStatus,
  MetrcReceipt,
  MetrcReceiptTransaction,
  MetrcSalesDelivery,
  MetrcSalesDeliveryState,
  MetrcTransferDelivery,
} from '../metrc-types';
import { convertQuantity, findUnit, GRAMS_PER_OUNCE, roundQuantity, UnitMismatchError } from '../units';
import { asArray, asObject, badRequest, notFound, num, optNum, optStr, str, type Json } from './http-kit';
import type { MetrcSimulatorSeed, SeedFacility, SeedItem, SeedPackage, SeedPatient } from './metrc-seed';

/**
 * The simulator's in-memory Metrc: facilities, items, packages, receipts, adjustments, transfers,
 * lab results, patients and sales deliveries, with the rules a retailer trips over (on-hold,
 * recalled, untested and finished packages; unit mismatch; insufficient quantity; patient
 * allotments). Every write validates all rows before changing anything, so a rejected batch
 * leaves no trace, as Metrc does.
 */

export interface StoreOptions {
  profiles: Readonly<Record<string, MetrcStateProfile>>;
  now: () => Date;
  /** Longest lastModifiedStart..End window accepted (Metrc: reportedly 24 h). */
  lastModifiedMaxRangeHours: number;
}

export interface SimFacility {
  license: string;
  name: string;
  state: string;
  licenseType: string;
  timezone: string;
  profile: MetrcStateProfile;
  canSellToConsumers: boolean;
  canSellToPatients: boolean;
  canDeliverSalesToConsumers: boolean;
}

interface SimItem {
  id: number;
  license: string;
  name: string;
  category: string;
  categoryType: string;
  unit: string;
  strain: string | null;
  unitWeightGrams: number | null;
  unitThcMg: number | null;
  lastModified: string;
}

interface SimPackage {
  id: number;
  label: string;
  license: string;
  itemId: number;
  quantity: number;
  unit: string;
  labTestingState: MetrcLabTestingState;
  labTestingStateDate: string | null;
  onHold: boolean;
  recalled: boolean;
  finished: boolean;
  finishedDate: string | null;
  packagedDate: string;
  receivedFromManifest: string | null;
  receivedFromLicense: string | null;
  receivedDateTime: string | null;
  lastModified: string;
}

type AllotmentBucket = 'Flower' | 'Thc' | 'Concentrate' | 'Infused';

interface SaleLine {
  packageId: number;
  label: string;
  quantity: number;
  unit: string;
  /** Quantity taken from the package, in the package's own unit. */
  deducted: number;
  totalAmount: number;
  taxes: Record<TaxField, number | null>;
  allotment: { bucket: AllotmentBucket; ounces: number } | null;
  returned: number;
}

const TAX_FIELDS = ['ExciseTax', 'CityTax', 'CountyTax', 'MunicipalTax', 'DiscountAmount', 'SubTotal', 'SalesTax'] as const;
type TaxField = (typeof TAX_FIELDS)[number];

interface SaleHeader {
  salesDateTime: string;
  customerType: MetrcCustomerType;
  patientLicenseNumber: string | null;
  caregiverLicenseNumber: string | null;
  identificationMethod: string | null;
}

interface SimReceipt extends SaleHeader {
  id: number;
  license: string;
  externalReceiptNumber: string | null;
  lines: SaleLine[];
  isFinal: boolean;
  archivedDate: string | null;
  recordedDateTime: string;
  recordedBy: string;
  lastModified: string;
}

interface SimPatient {
  state: string;
  licenseNumber: string;
  registrationNumber: string;
  active: boolean;
  allowed: Record<AllotmentBucket, number>;
  purchaseAmountDays: number;
  expirationDate: string;
  startDate: string;
}

export interface SimAdjustment {
  id: number;
  license: string;
  label: string;
  quantity: number;
  unitOfMeasure: string;
  reason: string;
  note: string | null;
  adjustmentDate: string;
  recordedDateTime: string;
}

interface SimTransferPackage {
  label: string;
  itemName: string;
  category: string;
  categoryType: string;
  unit: string;
  strain: string | null;
  unitWeightGrams: number | null;
  unitThcMg: number | null;
  shippedQuantity: number;
  receivedQuantity: number | null;
  labTestingState: MetrcLabTestingState;
  state: 'Shipped' | 'Accepted';
  shipperPackageId: number;
}

interface SimTransfer {
  id: number;
  deliveryId: number;
  manifestNumber: string;
  shipperLicense: string;
  shipperName: string;
  recipientLicense: string;
  created: string;
  estimatedDeparture: string;
  estimatedArrival: string;
  receivedDateTime: string | null;
  lastModified: string;
  packages: SimTransferPackage[];
}

interface SimRecipientAddress {
  street1: string;
  street2: string | null;
  city: string;
  county: string | null;
  state: string;
  postalCode: string;
}

interface SimSalesDelivery extends SaleHeader {
  id: number;
  license: string;
  consumerId: string | null;
  driverName: string;
  driverEmployeeId: string;
  driversLicenseNumber: string;
  phoneNumberForQuestions: string;
  vehicleMake: string;
  vehicleModel: string;
  vehiclePlate: string;
  recipientName: string | null;
  recipientAddress: SimRecipientAddress;
  plannedRoute: string;
  estimatedDeparture: string;
  estimatedArrival: string;
  actualArrival: string | null;
  status: MetrcSalesDeliveryState;
  paymentType: string | null;
  accepted: string[];
  returned: Array<{ Label: string; ReturnQuantityVerified: number; ReturnUnitOfMeasure: string; ReturnReason: string; ReturnReasonNote: string | null }>;
  lines: SaleLine[];
  recordedDateTime: string;
  voidedDate: string | null;
  lastModified: string;
}

export interface ShipTransferInput {
  toLicense: string;
  fromLicense?: string;
  fromName?: string;
  manifestNumber?: string;
  estimatedArrival?: string;
  packages: Array<{
    label?: string;
    itemName: string;
    category?: string;
    categoryType?: string;
    quantity: number;
    unitOfMeasure: string;
    strain?: string;
    unitWeightGrams?: number;
    unitThcMg?: number;
    labTestingState?: MetrcLabTestingState;
  }>;
}

export interface ShippedTransfer {
  transferId: number;
  deliveryId: number;
  manifestNumber: string;
  labels: string[];
}

export interface PackagePatch {
  Quantity?: number;
  IsOnHold?: boolean;
  IsOnRecall?: boolean;
  IsFinished?: boolean;
  LabTestingState?: MetrcLabTestingState;
}

const CUSTOMER_TYPES: MetrcCustomerType[] = ['Consumer', 'Patient', 'Caregiver', 'ExternalPatient', 'NonResidentConsumer'];
const SELLABLE_LAB_STATES: MetrcLabTestingState[] = ['TestPassed', 'NotRequired'];
const MAX_PAGE_SIZE = 20;

export class MetrcStore {
  readonly facilities = new Map<string, SimFacility>();
  private readonly items = new Map<number, SimItem>();
  private readonly packages = new Map<number, SimPackage>();
  private readonly receipts = new Map<number, SimReceipt>();
  // Indexes, so look-ups stay flat when a benchmark has filed tens of thousands of receipts.
  private readonly packagesByLabel = new Map<string, SimPackage[]>();
  private readonly receiptsByExternal = new Map<string, number[]>();
  private readonly patients = new Map<string, SimPatient>();
  private readonly adjustments: SimAdjustment[] = [];
  private readonly transfers = new Map<number, SimTransfer>();
  private readonly labResultsByLabel = new Map<string, MetrcLabResult[]>();
  private readonly deliveries = new Map<number, SimSalesDelivery>();
  private nextId = { item: 5001, package: 100001, receipt: 1, adjustment: 1, transfer: 7001, delivery: 9001, lab: 3001, salesDelivery: 1 };
  private manifestSerial = 1;
  private shippedLabelSerial = 1;

  constructor(
    seed: MetrcSimulatorSeed,
    private readonly options: StoreOptions,
  ) {
    for (const f of seed.facilities) this.addFacility(f);
    for (const i of seed.items) this.addItem(i);
    for (const p of seed.packages) this.addPackage(p);
    for (const p of seed.patients) this.addPatient(p);
  }

  private stamp(): string {
    return this.options.now().toISOString();
  }

  // ---- seeding and control ----------------------------------------------------------------

  addFacility(f: SeedFacility): SimFacility {
    const profile = this.options.profiles[f.state.toUpperCase()];
    if (profile === undefined) throw new RangeError(`No Metrc state profile for ${f.state}`);
    const facility: SimFacility = {
      license: f.license,
      name: f.name,
      state: profile.code,
      licenseType: f.licenseType,
      timezone: f.timezone ?? profile.timezone,
      profile,
      canSellToConsumers: f.canSellToConsumers,
      canSellToPatients: f.canSellToPatients,
      canDeliverSalesToConsumers: f.canDeliverSalesToConsumers ?? false,
    };
    this.facilities.set(f.license, facility);
    return facility;
  }

  addItem(i: SeedItem): MetrcItem {
    const unit = findUnit(i.unitOfMeasure);
    if (unit === undefined) throw new RangeError(`Unknown unit ${i.unitOfMeasure}`);
    const item: SimItem = {
      id: this.nextId.item++,
      license: i.license,
      name: i.name,
      category: i.category,
      categoryType: i.categoryType,
      unit: unit.name,
      strain: i.strain ?? null,
      unitWeightGrams: i.unitWeightGrams ?? null,
      unitThcMg: i.unitThcMg ?? null,
      lastModified: this.stamp(),
    };
    this.items.set(item.id, item);
    return this.itemWire(item);
  }

  addPackage(p: SeedPackage): MetrcPackage {
    if (!this.facilities.has(p.license)) throw new RangeError(`Unknown licence ${p.license}`);
    if (this.packageByLabel(p.label, p.license) !== undefined) throw new RangeError(`Package ${p.label} already exists at ${p.license}`);
    const item = [...this.items.values()].find((i) => i.license === p.license && i.name === p.itemName);
    if (item === undefined) throw new RangeError(`No item "${p.itemName}" at ${p.license}`);
    const unit = findUnit(p.unitOfMeasure ?? item.unit);
    if (unit === undefined) throw new RangeError(`Unknown unit ${String(p.unitOfMeasure)}`);
    const now = this.stamp();
    const pkg: SimPackage = {
      id: this.nextId.package++,
      label: p.label,
      license: p.license,
      itemId: item.id,
      quantity: roundQuantity(p.quantity),
      unit: unit.name,
      labTestingState: p.labTestingState ?? 'TestPassed',
      labTestingStateDate: now.slice(0, 10),
      onHold: p.onHold ?? false,
      recalled: p.recalled ?? false,
      finished: p.finished ?? false,
      finishedDate: p.finished ? now.slice(0, 10) : null,
      packagedDate: now.slice(0, 10),
      receivedFromManifest: null,
      receivedFromLicense: null,
      receivedDateTime: null,
      lastModified: now,
    };
    this.insertPackage(pkg);
    if (pkg.labTestingState === 'TestPassed') this.addLabResult(pkg.label, true);
    return this.packageWire(pkg);
  }

  addPatient(p: SeedPatient): void {
    const profile = this.options.profiles[p.state.toUpperCase()];
    if (profile === undefined) throw new RangeError(`No Metrc state profile for ${p.state}`);
    this.patients.set(patientKey(profile.code, p.licenseNumber), {
      state: profile.code,
      licenseNumber: p.licenseNumber,
      registrationNumber: `REG-${p.licenseNumber}`,
      active: p.active ?? true,
      allowed: {
        Flower: p.flowerOuncesAllowed,
        Thc: p.thcOuncesAllowed ?? 0,
        Concentrate: p.concentrateOuncesAllowed,
        Infused: p.infusedOuncesAllowed,
      },
      purchaseAmountDays: p.purchaseAmountDays ?? 30,
      expirationDate: p.expirationDate ?? '2099-12-31',
      startDate: '2024-01-01',
    });
  }

  addLabResult(label: string, passed: boolean, testTypeName = 'Total Contaminants (Pass/Fail)'): MetrcLabResult {
    const row: MetrcLabResult = {
      PackageId: 0,
      LabTestResultId: this.nextId.lab++,
      LabFacilityLicenseNumber: 'LAB-0000001',
      LabFacilityName: 'Simulated Testing Laboratory',
      SourcePackageLabel: label,
      ProductName: '',
      TestPerformedDate: this.stamp().slice(0, 10),
      OverallPassed: passed,
      ResultReleased: true,
      ResultReleaseDateTime: this.stamp(),
      TestTypeName: testTypeName,
      TestPassed: passed,
      TestResultLevel: passed ? 0 : 1,
      TestComment: null,
      TestInformationalOnly: false,
      RevokedDate: null,
      ExpirationDateTime: null,
    };
    const rows = this.labResultsByLabel.get(label) ?? [];
    rows.push(row);
    this.labResultsByLabel.set(label, rows);
    return row;
  }

  patchPackage(label: string, patch: PackagePatch, license?: string): MetrcPackage {
    const pkg = this.packageByLabel(label, license);
    if (pkg === undefined) throw notFound(`Package ${label} was not found`);
    if (patch.Quantity !== undefined) pkg.quantity = roundQuantity(patch.Quantity);
    if (patch.IsOnHold !== undefined) pkg.onHold = patch.IsOnHold;
    if (patch.IsOnRecall !== undefined) pkg.recalled = patch.IsOnRecall;
    if (patch.IsFinished !== undefined) {
      pkg.finished = patch.IsFinished;
      pkg.finishedDate = patch.IsFinished ? this.stamp().slice(0, 10) : null;
    }
    if (patch.LabTestingState !== undefined) {
      pkg.labTestingState = patch.LabTestingState;
      pkg.labTestingStateDate = this.stamp().slice(0, 10);
    }
    pkg.lastModified = this.stamp();
    return this.packageWire(pkg);
  }

  shipTransfer(input: ShipTransferInput): ShippedTransfer {
    if (!this.facilities.has(input.toLicense)) throw badRequest(`Unknown recipient licence ${input.toLicense}`);
    if (!Array.isArray(input.packages) || input.packages.length === 0) throw badRequest('A manifest needs at least one package');
    const now = this.stamp();
    const manifestNumber = input.manifestNumber ?? String(this.manifestSerial++).padStart(10, '0');
    const fromLicense = input.fromLicense ?? 'C11-0000777-LIC';
    const transfer: SimTransfer = {
      id: this.nextId.transfer++,
      deliveryId: this.nextId.delivery++,
      manifestNumber,
      shipperLicense: fromLicense,
      shipperName: input.fromName ?? this.facilities.get(fromLicense)?.name ?? 'Simulated Distributor',
      recipientLicense: input.toLicense,
      created: now,
      estimatedDeparture: now,
      estimatedArrival: input.estimatedArrival ?? now,
      receivedDateTime: null,
      lastModified: now,
      packages: input.packages.map((p, i) => {
        const unit = findUnit(p.unitOfMeasure);
        if (unit === undefined) throw badRequest(`packages[${i}]: unknown unit ${p.unitOfMeasure}`);
        if (!(p.quantity > 0)) throw badRequest(`packages[${i}]: quantity must be positive`);
        const label = p.label ?? `1A4SHIP${String(this.shippedLabelSerial++).padStart(17, '0')}`;
        const state = p.labTestingState ?? 'TestPassed';
        if (state === 'TestPassed') this.addLabResult(label, true);
        return {
          label,
          itemName: p.itemName,
          category: p.category ?? (unit.quantityType === 'CountBased' ? 'Flower (packaged eighth - each)' : 'Flower'),
          categoryType: p.categoryType ?? 'Buds',
          unit: unit.name,
          strain: p.strain ?? null,
          unitWeightGrams: p.unitWeightGrams ?? null,
          unitThcMg: p.unitThcMg ?? null,
          shippedQuantity: roundQuantity(p.quantity),
          receivedQuantity: null,
          labTestingState: state,
          state: 'Shipped' as const,
          shipperPackageId: this.nextId.package++,
        };
      }),
    };
    this.transfers.set(transfer.id, transfer);
    return { transferId: transfer.id, deliveryId: transfer.deliveryId, manifestNumber, labels: transfer.packages.map((p) => p.label) };
  }

  /** Marks a manifest received: its packages become active packages at the recipient. */
  receiveTransfer(manifestNumber: string): MetrcPackage[] {
    const transfer = [...this.transfers.values()].find((t) => t.manifestNumber === manifestNumber);
    if (transfer === undefined) throw notFound(`Manifest ${manifestNumber} was not found`);
    if (transfer.receivedDateTime !== null) throw badRequest(`Manifest ${manifestNumber} was already received`);
    const now = this.stamp();
    const created: MetrcPackage[] = [];
    for (const tp of transfer.packages) {
      let item = [...this.items.values()].find((i) => i.license === transfer.recipientLicense && i.name === tp.itemName);
      if (item === undefined) {
        this.addItem({
          license: transfer.recipientLicense,
          name: tp.itemName,
          category: tp.category,
          categoryType: tp.categoryType,
          unitOfMeasure: tp.unit as SeedItem['unitOfMeasure'],
          strain: tp.strain ?? undefined,
          unitWeightGrams: tp.unitWeightGrams ?? undefined,
          unitThcMg: tp.unitThcMg ?? undefined,
        });
        item = [...this.items.values()].find((i) => i.license === transfer.recipientLicense && i.name === tp.itemName) as SimItem;
      }
      const pkg: SimPackage = {
        id: this.nextId.package++,
        label: tp.label,
        license: transfer.recipientLicense,
        itemId: item.id,
        quantity: tp.shippedQuantity,
        unit: tp.unit,
        labTestingState: tp.labTestingState,
        labTestingStateDate: now.slice(0, 10),
        onHold: false,
        recalled: false,
        finished: false,
        finishedDate: null,
        packagedDate: transfer.created.slice(0, 10),
        receivedFromManifest: transfer.manifestNumber,
        receivedFromLicense: transfer.shipperLicense,
        receivedDateTime: now,
        lastModified: now,
      };
      this.insertPackage(pkg);
      tp.receivedQuantity = tp.shippedQuantity;
      tp.state = 'Accepted';
      created.push(this.packageWire(pkg));
    }
    transfer.receivedDateTime = now;
    transfer.lastModified = now;
    return created;
  }

  adjustmentsLog(license?: string): SimAdjustment[] {
    return this.adjustments.filter((a) => license === undefined || a.license === license).map((a) => ({ ...a }));
  }

  allReceipts(license?: string): MetrcReceipt[] {
    return [...this.receipts.values()].filter((r) => license === undefined || r.license === license).map((r) => this.receiptWire(r));
  }

  allPackages(license?: string): MetrcPackage[] {
    return [...this.packages.values()].filter((p) => license === undefined || p.license === license).map((p) => this.packageWire(p));
  }

  findPackage(label: string, license?: string): MetrcPackage | undefined {
    const pkg = this.packageByLabel(label, license);
    return pkg === undefined ? undefined : this.packageWire(pkg);
  }

  patientStatus(state: string, licenseNumber: string): MetrcPatientStatus | undefined {
    const patient = this.patients.get(patientKey(state.toUpperCase(), licenseNumber));
    return patient === undefined ? undefined : this.patientWire(patient);
  }

  allSalesDeliveries(license?: string): MetrcSalesDelivery[] {
    return [...this.deliveries.values()].filter((d) => license === undefined || d.license === license).map((d) => this.deliveryWire(d));
  }

  // ---- reference --------------------------------------------------------------------------

  facilityWire(f: SimFacility): MetrcFacility {
    const isRetail = f.canSellToConsumers || f.canSellToPatients;
    return {
      Name: f.name,
      DisplayName: f.name,
      Alias: f.name,
      License: { Number: f.license, StartDate: '2024-01-01', EndDate: '2099-12-31', LicenseType: f.licenseType },
      FacilityType: {
        CanSellToConsumers: f.canSellToConsumers,
        CanSellToPatients: f.canSellToPatients,
        CanSellToCaregivers: f.canSellToPatients,
        CanDeliverSalesToConsumers: f.canDeliverSalesToConsumers,
        CanTransferFromExternalFacilities: true,
        IsMedical: f.canSellToPatients,
        IsRetail: isRetail,
      },
    };
  }

  // ---- packages ---------------------------------------------------------------------------

  listPackages(license: string, status: string, query: URLSearchParams): MetrcListResponse<MetrcPackage> {
    const filter = this.lastModifiedFilter(query);
    const rows = [...this.packages.values()].filter((p) => {
      if (p.license !== license || !filter(p.lastModified)) return false;
      if (status === 'active') return !p.finished;
      if (status === 'onhold') return !p.finished && p.onHold;
      if (status === 'inactive') return p.finished;
      throw notFound(`No such package list: ${status}`);
    });
    return paginate(rows.map((p) => this.packageWire(p)), query);
  }

  getPackage(license: string, labelOrId: string): MetrcPackage {
    const pkg = /^\d+$/.test(labelOrId) ? this.packages.get(Number(labelOrId)) : this.packageByLabel(labelOrId, license);
    if (pkg === undefined || pkg.license !== license) throw notFound(`Package ${labelOrId} was not found`);
    return this.packageWire(pkg);
  }

  adjustPackages(license: string, body: unknown): number[] {
    const facility = this.facility(license);
    const rows = asArray(body, 'adjustments');
    const planned = new Map<number, number>();
    const parsed = rows.map((raw, row) => {
      const where = `row ${row}`;
      const obj = asObject(raw, where);
      const label = str(obj, 'Label', where);
      const quantity = num(obj, 'Quantity', where);
      const unitName = str(obj, 'UnitOfMeasure', where);
      const reasonName = str(obj, 'AdjustmentReason', where);
      const date = str(obj, 'AdjustmentDate', where);
      const note = optStr(obj, 'ReasonNote', where);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw badRequest(`${where}: AdjustmentDate must be YYYY-MM-DD`);
      if (quantity === 0) throw badRequest(`${where}: Quantity cannot be zero`);
      const reason = facility.profile.adjustmentReasons.find((r) => r.Name.toLowerCase() === reasonName.toLowerCase());
      if (reason === undefined) throw badRequest(`${where}: "${reasonName}" is not an adjustment reason in ${facility.state}`);
      if (reason.RequiresNote && (note === null || note.trim() === '')) throw badRequest(`${where}: adjustment reason "${reason.Name}" requires a note`);
      const pkg = this.packageByLabel(label, license);
      if (pkg === undefined) throw badRequest(`${where}: Package ${label} does not exist at ${license}`);
      if (pkg.finished) throw badRequest(`${where}: Package ${label} is finished`);
      const delta = this.convertForPackage(quantity, unitName, pkg, where);
      const after = roundQuantity(pkg.quantity + (planned.get(pkg.id) ?? 0) + delta);
      if (after < 0) throw badRequest(`${where}: adjustment would make package ${label} negative (${after} ${pkg.unit})`);
      planned.set(pkg.id, (planned.get(pkg.id) ?? 0) + delta);
      return { pkg, quantity, unitName: findUnit(unitName)?.name ?? unitName, reason: reason.Name, note, date, delta };
    });
    const now = this.stamp();
    return parsed.map((a) => {
      a.pkg.quantity = roundQuantity(a.pkg.quantity + a.delta);
      a.pkg.lastModified = now;
      const record: SimAdjustment = {
        id: this.nextId.adjustment++,
        license,
        label: a.pkg.label,
        quantity: a.quantity,
        unitOfMeasure: a.unitName,
        reason: a.reason,
        note: a.note,
        adjustmentDate: a.date,
        recordedDateTime: now,
      };
      this.adjustments.push(record);
      return record.id;
    });
  }

  adjustmentReasons(license: string): readonly MetrcAdjustmentReason[] {
    return this.facility(license).profile.adjustmentReasons;
  }

  // ---- items ------------------------------------------------------------------------------

  listItems(license: string, query: URLSearchParams): MetrcListResponse<MetrcItem> {
    const filter = this.lastModifiedFilter(query);
    const rows = [...this.items.values()].filter((i) => i.license === license && filter(i.lastModified));
    return paginate(rows.map((i) => this.itemWire(i)), query);
  }

  // ---- receipts ---------------------------------------------------------------------------

  createReceipts(license: string, body: unknown, user: string): number[] {
    const facility = this.facility(license);
    const rows = asArray(body, 'receipts');
    const pending = new PendingUsage();
    const drafts = rows.map((raw, row) => {
      const obj = asObject(raw, `row ${row}`);
      const header = this.parseSaleHeader(facility, obj, `row ${row}`);
      const lines = this.planLines(facility, header, obj, `row ${row}`, pending);
      return { header, lines, external: optStr(obj, 'ExternalReceiptNumber', `row ${row}`) };
    });
    const now = this.stamp();
    return drafts.map((d) => {
      this.applyLines(d.lines, -1);
      const receipt: SimReceipt = {
        ...d.header,
        id: this.nextId.receipt++,
        license,
        externalReceiptNumber: d.external,
        lines: d.lines,
        isFinal: false,
        archivedDate: null,
        recordedDateTime: now,
        recordedBy: user,
        lastModified: now,
      };
      this.receipts.set(receipt.id, receipt);
      this.indexExternal(receipt, null);
      return receipt.id;
    });
  }

  updateReceipts(license: string, body: unknown): number[] {
    const facility = this.facility(license);
    const rows = asArray(body, 'receipts');
    const targets = rows.map((raw, row) => {
      const obj = asObject(raw, `row ${row}`);
      const receipt = this.receipts.get(num(obj, 'Id', `row ${row}`));
      if (receipt === undefined || receipt.license !== license) throw badRequest(`row ${row}: receipt ${String(obj.Id)} does not exist at ${license}`);
      if (receipt.archivedDate !== null) throw badRequest(`row ${row}: receipt ${receipt.id} is voided`);
      if (receipt.isFinal) throw badRequest(`row ${row}: receipt ${receipt.id} is finalized; unfinalize it first`);
      return { obj, receipt };
    });
    // Give the old lines back, plan the new ones against that state, and put the old ones back
    // if anything is rejected: JavaScript runs this without interleaving, so no one sees the gap.
    for (const t of targets) this.applyLines(t.receipt.lines, +1);
    let plans: Array<{ receipt: SimReceipt; header: SaleHeader; lines: SaleLine[]; external: string | null }>;
    try {
      const pending = new PendingUsage(targets.map((t) => t.receipt.id));
      plans = targets.map(({ obj, receipt }, row) => {
        const header = this.parseSaleHeader(facility, obj, `row ${row}`);
        const lines = this.planLines(facility, header, obj, `row ${row}`, pending);
        return { receipt, header, lines, external: optStr(obj, 'ExternalReceiptNumber', `row ${row}`) ?? receipt.externalReceiptNumber };
      });
    } catch (err) {
      for (const t of targets) this.applyLines(t.receipt.lines, -1);
      throw err;
    }
    const now = this.stamp();
    return plans.map((p) => {
      this.applyLines(p.lines, -1);
      const previous = p.receipt.externalReceiptNumber;
      Object.assign(p.receipt, p.header, { lines: p.lines, externalReceiptNumber: p.external, lastModified: now });
      if (previous !== p.external) this.indexExternal(p.receipt, previous);
      return p.receipt.id;
    });
  }

  voidReceipt(license: string, id: number): void {
    const receipt = this.receipts.get(id);
    if (receipt === undefined || receipt.license !== license) throw notFound(`Receipt ${id} was not found`);
    if (receipt.archivedDate !== null) throw badRequest(`Receipt ${id} is already voided`);
    if (receipt.isFinal) throw badRequest(`Receipt ${id} is finalized; unfinalize it before voiding`);
    this.applyLines(receipt.lines, +1);
    const now = this.stamp();
    receipt.archivedDate = now;
    receipt.lastModified = now;
  }

  setFinal(license: string, body: unknown, isFinal: boolean): number[] {
    const rows = asArray(body, 'receipt ids');
    const targets = rows.map((raw, row) => {
      const obj = asObject(raw, `row ${row}`);
      const receipt = this.receipts.get(num(obj, 'Id', `row ${row}`));
      if (receipt === undefined || receipt.license !== license) throw badRequest(`row ${row}: receipt ${String(obj.Id)} does not exist at ${license}`);
      if (receipt.archivedDate !== null) throw badRequest(`row ${row}: receipt ${receipt.id} is voided`);
      return receipt;
    });
    const now = this.stamp();
    for (const r of targets) {
      r.isFinal = isFinal;
      r.lastModified = now;
    }
    return targets.map((r) => r.id);
  }

  getReceipt(license: string, id: number): MetrcReceipt {
    const receipt = this.receipts.get(id);
    if (receipt === undefined || receipt.license !== license) throw notFound(`Receipt ${id} was not found`);
    return this.receiptWire(receipt);
  }

  /** A live receipt wins over a voided one with the same number; then the newest. */
  findReceiptByExternal(license: string, externalNumber: string): MetrcReceipt {
    const ids = this.receiptsByExternal.get(`${license}\u0000${externalNumber}`) ?? [];
    const matches = ids.map((id) => this.receipts.get(id) as SimReceipt);
    if (matches.length === 0) throw notFound(`No receipt with external number ${externalNumber}`);
    matches.sort((a, b) => Number(a.archivedDate !== null) - Number(b.archivedDate !== null) || b.id - a.id);
    return this.receiptWire(matches[0] as SimReceipt);
  }

  listReceipts(license: string, status: string, query: URLSearchParams): MetrcListResponse<MetrcReceipt> {
    const hasSalesDate = query.has('salesDateStart') || query.has('salesDateEnd');
    const hasLastModified = query.has('lastModifiedStart') || query.has('lastModifiedEnd');
    if (hasSalesDate && hasLastModified) throw badRequest('salesDateStart/End cannot be combined with lastModifiedStart/End');
    const modified = this.lastModifiedFilter(query);
    const salesDate = salesDateFilter(query);
    const rows = [...this.receipts.values()].filter((r) => {
      if (r.license !== license || !modified(r.lastModified) || !salesDate(r.salesDateTime)) return false;
      const inactive = r.isFinal || r.archivedDate !== null;
      if (status === 'active') return !inactive;
      if (status === 'inactive') return inactive;
      throw notFound(`No such receipt list: ${status}`);
    });
    return paginate(rows.map((r) => this.receiptWire(r)), query);
  }

  // ---- transfers and lab results ------------------------------------------------------------

  listIncomingTransfers(license: string, query: URLSearchParams): MetrcListResponse<MetrcIncomingTransfer> {
    const filter = this.lastModifiedFilter(query);
    const rows = [...this.transfers.values()].filter((t) => t.recipientLicense === license && filter(t.lastModified));
    return paginate(rows.map((t) => this.transferWire(t)), query);
  }

  transferDeliveries(license: string, transferId: number): MetrcListResponse<MetrcTransferDelivery> {
    const t = this.transfers.get(transferId);
    if (t === undefined || (t.recipientLicense !== license && t.shipperLicense !== license)) throw notFound(`Transfer ${transferId} was not found`);
    const recipient = this.facilities.get(t.recipientLicense);
    const received = t.packages.filter((p) => p.state === 'Accepted').length;
    return paginate(
      [
        {
          Id: t.deliveryId,
          RecipientFacilityLicenseNumber: t.recipientLicense,
          RecipientFacilityName: recipient?.name ?? t.recipientLicense,
          ShipmentTypeName: 'Transfer',
          EstimatedArrivalDateTime: t.estimatedArrival,
          ActualArrivalDateTime: t.receivedDateTime,
          DeliveryPackageCount: t.packages.length,
          DeliveryReceivedPackageCount: received,
          ReceivedDateTime: t.receivedDateTime,
        },
      ],
      new URLSearchParams(),
    );
  }

  deliveryPackages(license: string, deliveryId: number): MetrcListResponse<MetrcDeliveryPackage> {
    const t = [...this.transfers.values()].find((x) => x.deliveryId === deliveryId);
    if (t === undefined || (t.recipientLicense !== license && t.shipperLicense !== license)) throw notFound(`Delivery ${deliveryId} was not found`);
    return paginate(
      t.packages.map((p) => ({
        PackageId: p.shipperPackageId,
        PackageLabel: p.label,
        PackageType: 'Product',
        ProductName: p.itemName,
        ProductCategoryName: p.category,
        ItemStrainName: p.strain,
        ShippedQuantity: p.shippedQuantity,
        ShippedUnitOfMeasureName: p.unit,
        ReceivedQuantity: p.receivedQuantity,
        ReceivedUnitOfMeasureName: p.receivedQuantity === null ? null : p.unit,
        ShipmentPackageState: p.state,
        LabTestingState: p.labTestingState,
        ItemUnitThcContent: p.unitThcMg,
        ItemUnitWeight: p.unitWeightGrams,
      })),
      new URLSearchParams(),
    );
  }

  labResults(license: string, query: URLSearchParams): MetrcListResponse<MetrcLabResult> {
    const raw = query.get('packageId');
    if (raw === null || !/^\d+$/.test(raw)) throw badRequest('packageId is required');
    const pkg = this.packages.get(Number(raw));
    if (pkg === undefined || pkg.license !== license) throw notFound(`Package ${raw} was not found`);
    const item = this.items.get(pkg.itemId);
    const rows = (this.labResultsByLabel.get(pkg.label) ?? []).map((r) => ({ ...r, PackageId: pkg.id, ProductName: item?.name ?? '' }));
    return paginate(rows, query);
  }

  // ---- patients -----------------------------------------------------------------------------

  patientStatuses(license: string, patientLicenseNumber: string): MetrcPatientStatus[] {
    const facility = this.facility(license);
    const status = this.patientStatus(facility.state, patientLicenseNumber);
    if (status === undefined) throw notFound(`Patient ${patientLicenseNumber} was not found`);
    return [status];
  }

  // ---- sales deliveries ----------------------------------------------------------------------

  /**
   * A sales delivery is a sale that leaves in a vehicle: the packages are taken at once (as for a
   * receipt), and the driver, vehicle, recipient and route are what the manifest shows. Only a
   * facility licensed to deliver may file one, and only to an address in its own state.
   */
  createSalesDeliveries(license: string, body: unknown): number[] {
    const facility = this.facility(license);
    const rows = asArray(body, 'deliveries');
    if (!facility.canDeliverSalesToConsumers) throw badRequest(`Facility ${license} is not licensed to deliver sales to consumers`);
    const pending = new PendingUsage();
    const drafts = rows.map((raw, row) => {
      const where = `row ${row}`;
      const obj = asObject(raw, where);
      const header = this.parseSaleHeader(facility, obj, where);
      const required = (key: string) => str(obj, key, where).trim();
      const carrier = {
        driverName: required('DriverName'),
        driverEmployeeId: required('DriverEmployeeId'),
        driversLicenseNumber: required('DriversLicenseNumber'),
        phoneNumberForQuestions: required('PhoneNumberForQuestions'),
        vehicleMake: required('VehicleMake'),
        vehicleModel: required('VehicleModel'),
        vehiclePlate: required('VehicleLicensePlateNumber'),
        plannedRoute: required('PlannedRoute'),
      };
      const address: SimRecipientAddress = {
        street1: required('RecipientAddressStreet1'),
        street2: optStr(obj, 'RecipientAddressStreet2', where),
        city: required('RecipientAddressCity'),
        county: optStr(obj, 'RecipientAddressCounty', where),
        state: required('RecipientAddressState').toUpperCase(),
        postalCode: required('RecipientAddressPostalCode'),
      };
      if (address.state !== facility.state) throw badRequest(`${where}: RecipientAddressState ${address.state} is outside ${facility.state}; sales may be delivered only within the state`);
      const times = ['EstimatedDepartureDateTime', 'EstimatedArrivalDateTime'].map((key) => {
        const value = required(key);
        if (!isFacilityLocalDateTime(value)) throw badRequest(`${where}: ${key} must be facility-local time without an offset (YYYY-MM-DDTHH:mm:ss), got "${value}"`);
        return normaliseLocal(value);
      }) as [string, string];
      if (times[1] < times[0]) throw badRequest(`${where}: EstimatedArrivalDateTime is before EstimatedDepartureDateTime`);
      const lines = this.planLines(facility, header, obj, where, pending);
      return { header, carrier, address, times, lines, consumerId: optStr(obj, 'ConsumerId', where), recipientName: optStr(obj, 'RecipientName', where) };
    });
    const now = this.stamp();
    return drafts.map((d) => {
      this.applyLines(d.lines, -1);
      const delivery: SimSalesDelivery = {
        ...d.header,
        ...d.carrier,
        id: this.nextId.salesDelivery++,
        license,
        consumerId: d.consumerId,
        recipientName: d.recipientName,
        recipientAddress: d.address,
        estimatedDeparture: d.times[0],
        estimatedArrival: d.times[1],
        actualArrival: null,
        status: 'InTransit',
        paymentType: null,
        accepted: [],
        returned: [],
        lines: d.lines,
        recordedDateTime: now,
        voidedDate: null,
        lastModified: now,
      };
      this.deliveries.set(delivery.id, delivery);
      return delivery.id;
    });
  }

  /**
   * Completes deliveries still in transit. Every package of a delivery must be accounted for:
   * accepted by the customer, returned (with one of the state's return reasons, restocking the
   * package), or partly each. A delivery completed or voided before is refused, as is one of
   * another facility.
   */
  completeSalesDeliveries(license: string, body: unknown): number[] {
    const facility = this.facility(license);
    const rows = asArray(body, 'delivery completions');
    const seen = new Set<number>();
    const plans = rows.map((raw, row) => {
      const where = `row ${row}`;
      const obj = asObject(raw, where);
      const id = num(obj, 'Id', where);
      const delivery = this.deliveries.get(id);
      if (delivery === undefined || delivery.license !== license) throw badRequest(`${where}: delivery ${String(obj.Id)} does not exist at ${license}`);
      if (delivery.status !== 'InTransit') throw badRequest(`${where}: delivery ${delivery.id} is ${delivery.status} and cannot be completed`);
      if (seen.has(id)) throw badRequest(`${where}: delivery ${id} appears twice in the request`);
      seen.add(id);
      const arrival = str(obj, 'ActualArrivalDateTime', where);
      if (!isFacilityLocalDateTime(arrival)) throw badRequest(`${where}: ActualArrivalDateTime must be facility-local time without an offset (YYYY-MM-DDTHH:mm:ss), got "${arrival}"`);
      const onDelivery = new Set(delivery.lines.map((l) => l.label));
      const acceptedRaw = obj.AcceptedPackages ?? [];
      if (!Array.isArray(acceptedRaw) || acceptedRaw.some((l) => typeof l !== 'string')) throw badRequest(`${where}: AcceptedPackages must be a list of package labels`);
      const accepted = acceptedRaw as string[];
      for (const label of accepted) if (!onDelivery.has(label)) throw badRequest(`${where}: package ${label} is not on delivery ${delivery.id}`);
      if (new Set(accepted).size !== accepted.length) throw badRequest(`${where}: AcceptedPackages names a package twice`);
      const returnsRaw = obj.ReturnedPackages ?? [];
      if (!Array.isArray(returnsRaw)) throw badRequest(`${where}: ReturnedPackages must be a list`);
      const planned = new Map<SaleLine, number>();
      const returns = returnsRaw.map((r, i) => {
        const rw = `${where} return ${i}`;
        const ro = asObject(r, rw);
        const label = str(ro, 'Label', rw);
        const qty = num(ro, 'ReturnQuantityVerified', rw);
        const unitName = str(ro, 'ReturnUnitOfMeasure', rw);
        const reason = str(ro, 'ReturnReason', rw);
        const note = optStr(ro, 'ReturnReasonNote', rw);
        const known = facility.profile.deliveryReturnReasons.find((x) => x.Name.toLowerCase() === reason.toLowerCase());
        if (known === undefined) throw badRequest(`${rw}: "${reason}" is not a delivery return reason in ${facility.state}`);
        if (known.RequiresNote && note === null) throw badRequest(`${rw}: return reason "${known.Name}" requires a note`);
        // A package sold from twice on one delivery comes back against its lines in order.
        const lines = delivery.lines.filter((l) => l.label === label);
        if (lines.length === 0) throw badRequest(`${rw}: package ${label} is not on delivery ${delivery.id}`);
        const pkg = this.packages.get((lines[0] as SaleLine).packageId) as SimPackage;
        let back = this.convertForPackage(qty, unitName, pkg, rw);
        if (!(back > 0)) throw badRequest(`${rw}: ReturnQuantityVerified must be greater than zero`);
        const total = back;
        const parts: Array<{ line: SaleLine; amount: number }> = [];
        for (const line of lines) {
          const room = roundQuantity(line.deducted - line.returned - (planned.get(line) ?? 0));
          const take = Math.min(room, back);
          if (take > 0) {
            parts.push({ line, amount: take });
            planned.set(line, roundQuantity((planned.get(line) ?? 0) + take));
            back = roundQuantity(back - take);
          }
        }
        if (back > 1e-9) throw badRequest(`${rw}: cannot return more of package ${label} than was delivered`);
        return { label, total, parts, wire: { Label: label, ReturnQuantityVerified: qty, ReturnUnitOfMeasure: findUnit(unitName)?.name ?? unitName, ReturnReason: known.Name, ReturnReasonNote: note } };
      });
      for (const label of onDelivery) {
        const deducted = delivery.lines.filter((l) => l.label === label).reduce((sum, l) => sum + l.deducted - l.returned, 0);
        const back = returns.filter((r) => r.label === label).reduce((sum, r) => sum + r.total, 0);
        const whole = roundQuantity(deducted - back) <= 0;
        if (accepted.includes(label) && whole) throw badRequest(`${where}: package ${label} is returned in full and cannot also be accepted`);
        if (!accepted.includes(label) && back === 0) throw badRequest(`${where}: package ${label} of delivery ${delivery.id} is neither accepted nor returned`);
      }
      const paymentType = optStr(obj, 'PaymentType', where);
      if (accepted.length > 0 && paymentType === null) throw badRequest(`${where}: PaymentType is required when packages are accepted`);
      return { delivery, arrival: normaliseLocal(arrival), paymentType, accepted, returns };
    });
    const now = this.stamp();
    return plans.map((p) => {
      for (const r of p.returns) {
        for (const part of r.parts) {
          const pkg = this.packages.get(part.line.packageId) as SimPackage;
          pkg.quantity = roundQuantity(pkg.quantity + part.amount);
          pkg.lastModified = now;
          part.line.returned = roundQuantity(part.line.returned + part.amount);
        }
      }
      Object.assign(p.delivery, {
        status: 'Delivered',
        actualArrival: p.arrival,
        paymentType: p.paymentType,
        accepted: p.accepted,
        returned: p.returns.map((r) => r.wire),
        lastModified: now,
      });
      return p.delivery.id;
    });
  }

  /** DELETE: a delivery still in transit is voided and its packages restored. */
  voidSalesDelivery(license: string, id: number): void {
    const delivery = this.deliveries.get(id);
    if (delivery === undefined || delivery.license !== license) throw notFound(`Delivery ${id} was not found`);
    if (delivery.status !== 'InTransit') throw badRequest(`Delivery ${id} is ${delivery.status} and cannot be voided`);
    this.applyLines(delivery.lines, +1);
    const now = this.stamp();
    delivery.status = 'Voided';
    delivery.voidedDate = now;
    delivery.lastModified = now;
  }

  getSalesDelivery(license: string, id: number): MetrcSalesDelivery {
    const delivery = this.deliveries.get(id);
    if (delivery === undefined || delivery.license !== license) throw notFound(`Delivery ${id} was not found`);
    return this.deliveryWire(delivery);
  }

  listSalesDeliveries(license: string, status: string, query: URLSearchParams): MetrcListResponse<MetrcSalesDelivery> {
    const filter = this.lastModifiedFilter(query);
    const rows = [...this.deliveries.values()].filter((d) => {
      if (d.license !== license || !filter(d.lastModified)) return false;
      if (status === 'active') return d.status === 'InTransit';
      if (status === 'inactive') return d.status !== 'InTransit';
      throw notFound(`No such delivery list: ${status}`);
    });
    return paginate(rows.map((d) => this.deliveryWire(d)), query);
  }

  // ---- sale rules ---------------------------------------------------------------------------

  private parseSaleHeader(facility: SimFacility, obj: Json, where: string): SaleHeader {
    const salesDateTime = str(obj, 'SalesDateTime', where);
    // Metrc wants the facility's wall-clock time; an offset or Z means the caller sent UTC.
    if (!isFacilityLocalDateTime(salesDateTime)) {
      throw badRequest(`${where}: SalesDateTime must be facility-local time without an offset (YYYY-MM-DDTHH:mm:ss), got "${salesDateTime}"`);
    }
    const customerType = str(obj, 'SalesCustomerType', where) as MetrcCustomerType;
    if (!CUSTOMER_TYPES.includes(customerType)) throw badRequest(`${where}: unknown SalesCustomerType "${customerType}"`);
    const patientLicenseNumber = optStr(obj, 'PatientLicenseNumber', where);
    const caregiverLicenseNumber = optStr(obj, 'CaregiverLicenseNumber', where);
    const medical = customerType === 'Patient' || customerType === 'Caregiver' || customerType === 'ExternalPatient';
    if (medical && !facility.canSellToPatients) throw badRequest(`${where}: facility ${facility.license} cannot sell to patients`);
    if (!medical && !facility.canSellToConsumers) throw badRequest(`${where}: facility ${facility.license} cannot sell to consumers`);
    if ((customerType === 'Patient' || customerType === 'Caregiver') && patientLicenseNumber === null) {
      throw badRequest(`${where}: PatientLicenseNumber is required for ${customerType} sales`);
    }
    if (customerType === 'Caregiver' && caregiverLicenseNumber === null) throw badRequest(`${where}: CaregiverLicenseNumber is required for Caregiver sales`);
    return {
      salesDateTime: normaliseLocal(salesDateTime),
      customerType,
      patientLicenseNumber,
      caregiverLicenseNumber,
      identificationMethod: optStr(obj, 'IdentificationMethod', where),
    };
  }

  private planLines(facility: SimFacility, header: SaleHeader, obj: Json, where: string, pending: PendingUsage): SaleLine[] {
    const txs = obj.Transactions;
    if (!Array.isArray(txs) || txs.length === 0) throw badRequest(`${where}: Transactions must list at least one package`);
    const patient = this.salePatient(facility, header, where);
    const lines = txs.map((raw, i) => {
      const lw = `${where} transaction ${i}`;
      const t = asObject(raw, lw);
      const label = str(t, 'PackageLabel', lw);
      const quantity = num(t, 'Quantity', lw);
      const unitName = str(t, 'UnitOfMeasure', lw);
      const totalAmount = num(t, 'TotalAmount', lw);
      if (!(quantity > 0)) throw badRequest(`${lw}: Quantity must be greater than zero`);
      if (totalAmount < 0) throw badRequest(`${lw}: TotalAmount cannot be negative`);
      const pkg = this.packageByLabel(label, facility.license);
      if (pkg === undefined) throw badRequest(`${lw}: Package ${label} does not exist in the inventory of ${facility.license}`);
      if (pkg.finished) throw badRequest(`${lw}: Package ${label} is finished and cannot be sold`);
      if (pkg.onHold) throw badRequest(`${lw}: Package ${label} is on hold and cannot be sold`);
      if (pkg.recalled) throw badRequest(`${lw}: Package ${label} is on recall and cannot be sold`);
      if (!SELLABLE_LAB_STATES.includes(pkg.labTestingState)) {
        throw badRequest(`${lw}: Package ${label} has lab testing state ${pkg.labTestingState}; only TestPassed packages can be sold`);
      }
      const deducted = this.convertForPackage(quantity, unitName, pkg, lw);
      const left = roundQuantity(pkg.quantity - pending.packageUse(pkg.id) - deducted);
      if (left < 0) {
        throw badRequest(`${lw}: Package ${label} has ${roundQuantity(pkg.quantity - pending.packageUse(pkg.id))} ${pkg.unit} available; the sale needs ${deducted} ${pkg.unit}`);
      }
      pending.usePackage(pkg.id, deducted);
      const taxes = {} as Record<TaxField, number | null>;
      for (const f of TAX_FIELDS) taxes[f] = optNum(t, f, lw);
      const item = this.items.get(pkg.itemId) as SimItem;
      const allotment = patient === null ? null : allotmentUse(item, quantity, unitName);
      return { packageId: pkg.id, label, quantity, unit: findUnit(unitName)?.name ?? unitName, deducted, totalAmount, taxes, allotment, returned: 0 };
    });
    if (patient !== null) {
      for (const line of lines) {
        if (line.allotment === null) continue;
        const { bucket, ounces } = line.allotment;
        const available = roundQuantity(patient.allowed[bucket] - this.purchasedOunces(patient, bucket, pending.excludedReceipts) - pending.allotmentUse(patient, bucket));
        if (ounces > available + 1e-9) {
          throw badRequest(`${where}: patient ${patient.licenseNumber} has ${available} oz of ${bucket} available; the sale needs ${roundQuantity(ounces)} oz`);
        }
        pending.useAllotment(patient, bucket, ounces);
      }
    }
    return lines;
  }

  private salePatient(facility: SimFacility, header: SaleHeader, where: string): SimPatient | null {
    if (header.patientLicenseNumber === null || !facility.profile.endpoints.includes('patients.statuses')) return null;
    if (header.customerType !== 'Patient' && header.customerType !== 'Caregiver') return null;
    const patient = this.patients.get(patientKey(facility.state, header.patientLicenseNumber));
    if (patient === undefined) throw badRequest(`${where}: patient ${header.patientLicenseNumber} is not registered in ${facility.state}`);
    if (!patient.active) throw badRequest(`${where}: patient ${header.patientLicenseNumber} does not have an active registration`);
    return patient;
  }

  /**
   * Purchases inside the patient's window, derived from live receipts and deliveries rather than
   * kept as a counter, so a void gives the allotment back with no bookkeeping to drift.
   */
  private purchasedOunces(patient: SimPatient, bucket: AllotmentBucket, excluded: ReadonlySet<number> = new Set()): number {
    let total = 0;
    const since = this.options.now().getTime() - patient.purchaseAmountDays * 86_400_000;
    const sales: Array<{ license: string; header: SaleHeader; lines: SaleLine[] }> = [];
    for (const r of this.receipts.values()) if (r.archivedDate === null && !excluded.has(r.id)) sales.push({ license: r.license, header: r, lines: r.lines });
    for (const d of this.deliveries.values()) if (d.status !== 'Voided') sales.push({ license: d.license, header: d, lines: d.lines });
    for (const s of sales) {
      if (s.header.patientLicenseNumber !== patient.licenseNumber) continue;
      const facility = this.facilities.get(s.license);
      if (facility === undefined || facility.state !== patient.state) continue;
      if (s.header.salesDateTime < formatFacilityDateTime(since, facility.timezone)) continue;
      for (const line of s.lines) {
        if (line.allotment?.bucket !== bucket) continue;
        const kept = line.deducted === 0 ? 1 : (line.deducted - line.returned) / line.deducted;
        total += line.allotment.ounces * kept;
      }
    }
    return roundQuantity(total);
  }

  private applyLines(lines: SaleLine[], sign: 1 | -1): void {
    const now = this.stamp();
    for (const line of lines) {
      const pkg = this.packages.get(line.packageId);
      if (pkg === undefined) continue;
      const amount = sign === 1 ? line.deducted - line.returned : line.deducted;
      pkg.quantity = roundQuantity(pkg.quantity + sign * amount);
      pkg.lastModified = now;
    }
  }

  private convertForPackage(quantity: number, unitName: string, pkg: SimPackage, where: string): number {
    try {
      return convertQuantity(quantity, unitName, pkg.unit);
    } catch (err) {
      if (err instanceof UnitMismatchError) {
        throw badRequest(`${where}: unit of measure ${unitName} does not match package ${pkg.label}, which is tracked in ${pkg.unit}`);
      }
      throw err;
    }
  }

  // ---- lookup and wire shapes ------------------------------------------------------------

  facility(license: string): SimFacility {
    const f = this.facilities.get(license);
    if (f === undefined) throw notFound(`Facility ${license} was not found`);
    return f;
  }

  private packageByLabel(label: string, license?: string): SimPackage | undefined {
    return this.packagesByLabel.get(label)?.find((p) => license === undefined || p.license === license);
  }

  private insertPackage(pkg: SimPackage): void {
    this.packages.set(pkg.id, pkg);
    const same = this.packagesByLabel.get(pkg.label) ?? [];
    same.push(pkg);
    this.packagesByLabel.set(pkg.label, same);
  }

  private indexExternal(receipt: SimReceipt, previous: string | null): void {
    if (previous !== null) {
      const key = `${receipt.license}\u0000${previous}`;
      const ids = (this.receiptsByExternal.get(key) ?? []).filter((id) => id !== receipt.id);
      if (ids.length === 0) this.receiptsByExternal.delete(key);
      else this.receiptsByExternal.set(key, ids);
    }
    if (receipt.externalReceiptNumber !== null) {
      const key = `${receipt.license}\u0000${receipt.externalReceiptNumber}`;
      this.receiptsByExternal.set(key, [...(this.receiptsByExternal.get(key) ?? []), receipt.id]);
    }
  }

  private lastModifiedFilter(query: URLSearchParams): (stamp: string) => boolean {
    const startRaw = query.get('lastModifiedStart');
    const endRaw = query.get('lastModifiedEnd');
    if (startRaw === null && endRaw === null) return () => true;
    const start = startRaw === null ? null : Date.parse(startRaw);
    const end = endRaw === null ? null : Date.parse(endRaw);
    if ((start !== null && Number.isNaN(start)) || (end !== null && Number.isNaN(end))) throw badRequest('lastModifiedStart/End must be ISO-8601 date-times');
    const max = this.options.lastModifiedMaxRangeHours * 3_600_000;
    const from = start ?? (end as number) - max;
    const to = end ?? from + max;
    if (to < from) throw badRequest('lastModifiedEnd is before lastModifiedStart');
    if (to - from > max) throw badRequest(`The lastModified range cannot exceed ${this.options.lastModifiedMaxRangeHours} hours`);
    return (stamp) => {
      const t = Date.parse(stamp);
      return t >= from && t <= to;
    };
  }

  private itemWire(i: SimItem): MetrcItem {
    const unit = findUnit(i.unit);
    return {
      Id: i.id,
      Name: i.name,
      ProductCategoryName: i.category,
      ProductCategoryType: i.categoryType,
      QuantityType: unit?.quantityType ?? 'WeightBased',
      UnitOfMeasureName: i.unit,
      StrainName: i.strain,
      UnitThcContent: i.unitThcMg,
      UnitThcContentUnitOfMeasureName: i.unitThcMg === null ? null : 'Milligrams',
      UnitWeight: i.unitWeightGrams,
      UnitWeightUnitOfMeasureName: i.unitWeightGrams === null ? null : 'Grams',
      IsUsed: true,
      LastModified: i.lastModified,
    };
  }

  private packageWire(p: SimPackage): MetrcPackage {
    const item = this.items.get(p.itemId) as SimItem;
    return {
      Id: p.id,
      Label: p.label,
      PackageType: 'Product',
      SourcePackageLabels: '',
      LocationId: null,
      LocationName: null,
      Quantity: p.quantity,
      UnitOfMeasureName: p.unit,
      UnitOfMeasureAbbreviation: findUnit(p.unit)?.abbreviation ?? p.unit,
      PatientLicenseNumber: null,
      PackagedDate: p.packagedDate,
      ExpirationDate: null,
      InitialLabTestingState: p.labTestingState,
      LabTestingState: p.labTestingState,
      LabTestingStateDate: p.labTestingStateDate,
      IsProductionBatch: false,
      ProductionBatchNumber: null,
      IsTradeSample: false,
      IsDonation: false,
      IsTestingSample: false,
      ProductRequiresRemediation: false,
      ReceivedDateTime: p.receivedDateTime,
      ReceivedFromManifestNumber: p.receivedFromManifest,
      ReceivedFromFacilityLicenseNumber: p.receivedFromLicense,
      IsOnHold: p.onHold,
      IsOnRecall: p.recalled,
      IsOnInvestigation: false,
      ArchivedDate: null,
      IsFinished: p.finished,
      FinishedDate: p.finishedDate,
      IsOnRetailerDelivery: false,
      LastModified: p.lastModified,
      Item: this.itemWire(item),
    };
  }

  private lineWire(l: SaleLine, stamp: string, archived: string | null, deliveryState: string | null): MetrcReceiptTransaction {
    const pkg = this.packages.get(l.packageId);
    const item = pkg === undefined ? undefined : this.items.get(pkg.itemId);
    return {
      PackageId: l.packageId,
      PackageLabel: l.label,
      ProductName: item?.name ?? '',
      ProductCategoryName: item?.category ?? '',
      ItemStrainName: item?.strain ?? null,
      QuantitySold: l.quantity,
      UnitOfMeasureName: l.unit,
      UnitOfMeasureAbbreviation: findUnit(l.unit)?.abbreviation ?? l.unit,
      TotalPrice: l.totalAmount,
      ...l.taxes,
      SalesDeliveryState: deliveryState,
      ArchivedDate: archived,
      RecordedDateTime: stamp,
      LastModified: stamp,
    };
  }

  private receiptWire(r: SimReceipt): MetrcReceipt {
    return {
      Id: r.id,
      ReceiptNumber: String(r.id).padStart(10, '0'),
      ExternalReceiptNumber: r.externalReceiptNumber,
      SalesDateTime: r.salesDateTime,
      SalesCustomerType: r.customerType,
      PatientLicenseNumber: r.patientLicenseNumber,
      CaregiverLicenseNumber: r.caregiverLicenseNumber,
      IdentificationMethod: r.identificationMethod,
      TotalPackages: new Set(r.lines.map((l) => l.label)).size,
      TotalPrice: roundMoney(r.lines.reduce((s, l) => s + l.totalAmount, 0)),
      Transactions: r.lines.map((l) => this.lineWire(l, r.lastModified, r.archivedDate, null)),
      IsFinal: r.isFinal,
      ArchivedDate: r.archivedDate,
      RecordedDateTime: r.recordedDateTime,
      RecordedByUserName: r.recordedBy,
      LastModified: r.lastModified,
    };
  }

  private transferWire(t: SimTransfer): MetrcIncomingTransfer {
    const received = t.packages.filter((p) => p.state === 'Accepted').length;
    return {
      Id: t.id,
      ManifestNumber: t.manifestNumber,
      ShipperFacilityLicenseNumber: t.shipperLicense,
      ShipperFacilityName: t.shipperName,
      TransporterFacilityLicenseNumber: t.shipperLicense,
      DriverName: 'Sim Driver',
      VehicleMake: 'Ford',
      VehicleModel: 'Transit',
      VehicleLicensePlateNumber: 'SIM0001',
      DeliveryId: t.deliveryId,
      RecipientFacilityLicenseNumber: t.recipientLicense,
      ShipmentTypeName: 'Transfer',
      ShipmentTransactionType: 'Standard',
      EstimatedDepartureDateTime: t.estimatedDeparture,
      EstimatedArrivalDateTime: t.estimatedArrival,
      ActualDepartureDateTime: t.estimatedDeparture,
      ActualArrivalDateTime: t.receivedDateTime,
      PackageCount: t.packages.length,
      ReceivedPackageCount: received,
      DeliveryPackageCount: t.packages.length,
      ReceivedDateTime: t.receivedDateTime,
      IsVoided: false,
      CreatedDateTime: t.created,
      LastModified: t.lastModified,
    };
  }

  private patientWire(p: SimPatient): MetrcPatientStatus {
    const purchased = (b: AllotmentBucket) => this.purchasedOunces(p, b);
    const available = (b: AllotmentBucket) => Math.max(0, roundQuantity(p.allowed[b] - purchased(b)));
    return {
      PatientLicenseNumber: p.licenseNumber,
      RegistrationNumber: p.registrationNumber,
      Active: p.active,
      FlowerOuncesAllowed: p.allowed.Flower,
      ThcOuncesAllowed: p.allowed.Thc,
      ConcentrateOuncesAllowed: p.allowed.Concentrate,
      InfusedOuncesAllowed: p.allowed.Infused,
      FlowerOuncesPurchased: purchased('Flower'),
      ThcOuncesPurchased: purchased('Thc'),
      ConcentrateOuncesPurchased: purchased('Concentrate'),
      InfusedOuncesPurchased: purchased('Infused'),
      FlowerOuncesAvailable: available('Flower'),
      ThcOuncesAvailable: available('Thc'),
      ConcentrateOuncesAvailable: available('Concentrate'),
      InfusedOuncesAvailable: available('Infused'),
      PurchaseAmountDays: p.purchaseAmountDays,
      PatientLicenseExpirationDate: p.expirationDate,
      PatientRegistrationStartDate: p.startDate,
    };
  }

  private deliveryWire(d: SimSalesDelivery): MetrcSalesDelivery {
    return {
      Id: d.id,
      SalesDateTime: d.salesDateTime,
      SalesCustomerType: d.customerType,
      PatientLicenseNumber: d.patientLicenseNumber,
      ConsumerId: d.consumerId,
      DriverName: d.driverName,
      DriverEmployeeId: d.driverEmployeeId,
      DriversLicenseNumber: d.driversLicenseNumber,
      PhoneNumberForQuestions: d.phoneNumberForQuestions,
      VehicleMake: d.vehicleMake,
      VehicleModel: d.vehicleModel,
      VehicleLicensePlateNumber: d.vehiclePlate,
      RecipientName: d.recipientName,
      RecipientAddressStreet1: d.recipientAddress.street1,
      RecipientAddressStreet2: d.recipientAddress.street2,
      RecipientAddressCity: d.recipientAddress.city,
      RecipientAddressCounty: d.recipientAddress.county,
      RecipientAddressState: d.recipientAddress.state,
      RecipientAddressPostalCode: d.recipientAddress.postalCode,
      PlannedRoute: d.plannedRoute,
      EstimatedDepartureDateTime: d.estimatedDeparture,
      EstimatedArrivalDateTime: d.estimatedArrival,
      ActualArrivalDateTime: d.actualArrival,
      SalesDeliveryState: d.status,
      PaymentType: d.paymentType,
      TotalPackages: new Set(d.lines.map((l) => l.label)).size,
      TotalPrice: roundMoney(d.lines.reduce((s, l) => s + l.totalAmount, 0)),
      Transactions: d.lines.map((l) => this.lineWire(l, d.lastModified, d.voidedDate, d.status)),
      AcceptedPackages: [...d.accepted],
      ReturnedPackages: d.returned.map((r) => ({ ...r })),
      RecordedDateTime: d.recordedDateTime,
      VoidedDate: d.voidedDate,
      LastModified: d.lastModified,
    };
  }
}

/** Quantities and allotment already claimed by earlier rows of the same request. */
class PendingUsage {
  private readonly packages = new Map<number, number>();
  private readonly allotments = new Map<string, number>();
  readonly excludedReceipts: ReadonlySet<number>;

  constructor(excludedReceipts: number[] = []) {
    this.excludedReceipts = new Set(excludedReceipts);
  }

  packageUse(id: number): number {
    return this.packages.get(id) ?? 0;
  }

  usePackage(id: number, amount: number): void {
    this.packages.set(id, roundQuantity(this.packageUse(id) + amount));
  }

  allotmentUse(patient: SimPatient, bucket: AllotmentBucket): number {
    return this.allotments.get(`${patient.state}:${patient.licenseNumber}:${bucket}`) ?? 0;
  }

  useAllotment(patient: SimPatient, bucket: AllotmentBucket, ounces: number): void {
    const key = `${patient.state}:${patient.licenseNumber}:${bucket}`;
    this.allotments.set(key, (this.allotments.get(key) ?? 0) + ounces);
  }
}

function patientKey(state: string, licenseNumber: string): string {
  return `${state}:${licenseNumber}`;
}

function allotmentBucket(categoryType: string): AllotmentBucket | null {
  const t = categoryType.toLowerCase();
  if (t === 'buds' || t === 'shaketrim' || t === 'flower') return 'Flower';
  if (t === 'concentrate') return 'Concentrate';
  if (t.startsWith('infused')) return 'Infused';
  return null;
}

/** Ounces a sale line counts against the patient: by weight sold, or unit weight × count. */
function allotmentUse(item: SimItem, quantity: number, unitName: string): { bucket: AllotmentBucket; ounces: number } | null {
  const bucket = allotmentBucket(item.categoryType);
  if (bucket === null) return null;
  const unit = findUnit(unitName);
  if (unit?.quantityType === 'WeightBased') return { bucket, ounces: convertQuantity(quantity, unit.name, 'Ounces') };
  if (item.unitWeightGrams === null) return null;
  return { bucket, ounces: roundQuantity((quantity * item.unitWeightGrams) / GRAMS_PER_OUNCE) };
}

function salesDateFilter(query: URLSearchParams): (local: string) => boolean {
  const start = query.get('salesDateStart');
  const end = query.get('salesDateEnd');
  if (start === null && end === null) return () => true;
  for (const v of [start, end]) {
    if (v !== null && !isFacilityLocalDateTime(v)) throw badRequest('salesDateStart/End must be facility-local dates (YYYY-MM-DD or YYYY-MM-DDTHH:mm:ss)');
  }
  const from = start === null ? '' : normaliseLocal(start);
  // A bare end date includes the whole day.
  const to = end === null ? '\uffff' : /^\d{4}-\d{2}-\d{2}$/.test(end) ? `${end}T23:59:59` : normaliseLocal(end);
  return (local) => local >= from && local <= to;
}

function paginate<T>(rows: T[], query: URLSearchParams): MetrcListResponse<T> {
  const sizeRaw = query.get('pageSize');
  const numberRaw = query.get('pageNumber');
  if (sizeRaw === null && numberRaw === null) {
    // Paging is off by default in Metrc: everything in one wrapper.
    return { Data: rows, Total: rows.length, TotalRecords: rows.length, PageSize: rows.length, RecordsOnPage: rows.length, Page: 1, CurrentPage: 1, TotalPages: rows.length === 0 ? 0 : 1 };
  }
  const pageSize = sizeRaw === null ? MAX_PAGE_SIZE : Number(sizeRaw);
  const page = numberRaw === null ? 1 : Number(numberRaw);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw badRequest(`pageSize must be between 1 and ${MAX_PAGE_SIZE}`);
  if (!Number.isInteger(page) || page < 1) throw badRequest('pageNumber must be 1 or more');
  const data = rows.slice((page - 1) * pageSize, page * pageSize);
  return {
    Data: data,
    Total: rows.length,
    TotalRecords: rows.length,
    PageSize: pageSize,
    RecordsOnPage: data.length,
    Page: page,
    CurrentPage: page,
    TotalPages: Math.ceil(rows.length / pageSize),
  };
}

function roundMoney(n: number): number {
  return Math.round(n * 100) / 100;
}
