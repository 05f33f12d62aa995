/**
 * Metrc v2 wire shapes, PascalCase as on the wire. Only the fields a retailer uses are typed;
 * Metrc adds fields over time, so readers must tolerate extra ones.
 */

/** v2 list wrapper. Pages are 1-based; Metrc caps pageSize at 20. */
export interface MetrcListResponse<T> {
  Data: T[];
  Total: number;
  TotalRecords: number;
  PageSize: number;
  RecordsOnPage: number;
  Page: number;
  CurrentPage: number;
  TotalPages: number;
}

/** v2 write answer. v1 answered an empty 200, so `Ids` may be null on old paths. */
export interface MetrcWriteResult {
  Ids: number[] | null;
  Warnings: string[] | null;
}

export interface MetrcFacility {
  Name: string;
  DisplayName: string;
  Alias: string;
  License: { Number: string; StartDate: string; EndDate: string; LicenseType: string };
  FacilityType: {
    CanSellToConsumers: boolean;
    CanSellToPatients: boolean;
    CanSellToCaregivers: boolean;
    CanDeliverSalesToConsumers: boolean;
    CanTransferFromExternalFacilities: boolean;
    IsMedical: boolean;
    IsRetail: boolean;
  };
}

export interface MetrcUnitOfMeasureRow {
  Name: string;
  Abbreviation: string;
  QuantityType: 'CountBased' | 'WeightBased' | 'VolumeBased';
  IsBaseUnit: boolean;
  IsArchived: boolean;
}

export interface MetrcItem {
  Id: number;
  Name: string;
  ProductCategoryName: string;
  /** e.g. "Buds", "Concentrate", "InfusedEdible", "Other". Drives patient allotment buckets. */
  ProductCategoryType: string;
  QuantityType: 'CountBased' | 'WeightBased';
  UnitOfMeasureName: string;
  StrainName: string | null;
  UnitThcContent: number | null;
  UnitThcContentUnitOfMeasureName: string | null;
  /** Net weight of one unit of a count-based item, used for weight limits. */
  UnitWeight: number | null;
  UnitWeightUnitOfMeasureName: string | null;
  IsUsed: boolean;
  LastModified: string;
}

export type MetrcLabTestingState = 'NotSubmitted' | 'SubmittedForTesting' | 'TestPassed' | 'TestFailed' | 'Retest' | 'NotRequired';

export interface MetrcPackage {
  Id: number;
  Label: string;
  PackageType: string;
  SourcePackageLabels: string;
  LocationId: number | null;
  LocationName: string | null;
  Quantity: number;
  UnitOfMeasureName: string;
  UnitOfMeasureAbbreviation: string;
  PatientLicenseNumber: string | null;
  PackagedDate: string;
  ExpirationDate: string | null;
  InitialLabTestingState: MetrcLabTestingState;
  LabTestingState: MetrcLabTestingState;
  LabTestingStateDate: string | null;
  IsProductionBatch: boolean;
  ProductionBatchNumber: string | null;
  IsTradeSample: boolean;
  IsDonation: boolean;
  IsTestingSample: boolean;
  ProductRequiresRemediation: boolean;
  ReceivedDateTime: string | null;
  ReceivedFromManifestNumber: string | null;
  ReceivedFromFacilityLicenseNumber: string | null;
  IsOnHold: boolean;
  IsOnRecall: boolean;
  IsOnInvestigation: boolean;
  ArchivedDate: string | null;
  IsFinished: boolean;
  FinishedDate: string | null;
  IsOnRetailerDelivery: boolean;
  LastModified: string;
  Item: MetrcItem;
}

export interface MetrcPackageAdjustment {
  Label: string;
  /** Signed: negative reduces the package. */
  Quantity: number;
  UnitOfMeasure: string;
  AdjustmentReason: string;
  /** Facility-local `YYYY-MM-DD`. */
  AdjustmentDate: string;
  ReasonNote?: string | null;
}

export interface MetrcAdjustmentReason {
  Name: string;
  RequiresNote: boolean;
  RequiresWasteWeight: boolean;
  RequiresImmatureWasteWeight: boolean;
  RequiresMatureWasteWeight: boolean;
}

export type MetrcCustomerType = 'Consumer' | 'Patient' | 'Caregiver' | 'ExternalPatient' | 'NonResidentConsumer';

/** One line of a receipt as sent. Money is in dollars (Metrc decimals), taxes optional per line. */
export interface MetrcTransactionInput {
  PackageLabel: string;
  Quantity: number;
  UnitOfMeasure: string;
  TotalAmount: number;
  UnitThcPercent?: number | null;
  UnitThcContent?: number | null;
  UnitThcContentUnitOfMeasure?: string | null;
  UnitWeight?: number | null;
  UnitWeightUnitOfMeasure?: string | null;
  InvoiceNumber?: string | null;
  Price?: number | null;
  ExciseTax?: number | null;
  CityTax?: number | null;
  CountyTax?: number | null;
  MunicipalTax?: number | null;
  DiscountAmount?: number | null;
  SubTotal?: number | null;
  SalesTax?: number | null;
  QrCodes?: string[] | null;
}

export interface MetrcReceiptInput {
  /** Facility-local, no offset: `YYYY-MM-DDTHH:mm:ss`. */
  SalesDateTime: string;
  SalesCustomerType: MetrcCustomerType;
  ExternalReceiptNumber?: string | null;
  PatientLicenseNumber?: string | null;
  CaregiverLicenseNumber?: string | null;
  IdentificationMethod?: string | null;
  PatientRegistrationLocationId?: number | null;
  Transactions: MetrcTransactionInput[];
}

export interface MetrcReceiptUpdate extends MetrcReceiptInput {
  Id: number;
}

export interface MetrcReceiptTransaction {
  PackageId: number;
  PackageLabel: string;
  ProductName: string;
  ProductCategoryName: string;
  ItemStrainName: string | null;
  QuantitySold: number;
  UnitOfMeasureName: string;
  UnitOfMeasureAbbreviation: string;
  TotalPrice: number;
  ExciseTax: number | null;
  CityTax: number | null;
  CountyTax: number | null;
  MunicipalTax: number | null;
  DiscountAmount: number | null;
  SubTotal: number | null;
  SalesTax: number | null;
  SalesDeliveryState: string | null;
  ArchivedDate: string | null;
  RecordedDateTime: string;
  LastModified: string;
}

export interface MetrcReceipt {
  Id: number;
  ReceiptNumber: string;
  ExternalReceiptNumber: string | null;
  SalesDateTime: string;
  SalesCustomerType: MetrcCustomerType;
  PatientLicenseNumber: string | null;
  CaregiverLicenseNumber: string | null;
  IdentificationMethod: string | null;
  TotalPackages: number;
  TotalPrice: number;
  Transactions: MetrcReceiptTransaction[];
  IsFinal: boolean;
  /** Set when the receipt was voided (DELETE). */
  ArchivedDate: string | null;
  RecordedDateTime: string;
  RecordedByUserName: string;
  LastModified: string;
}

export interface MetrcIncomingTransfer {
  Id: number;
  ManifestNumber: string;
  ShipperFacilityLicenseNumber: string;
  ShipperFacilityName: string;
  TransporterFacilityLicenseNumber: string | null;
  DriverName: string | null;
  VehicleMake: string | null;
  VehicleModel: string | null;
  VehicleLicensePlateNumber: string | null;
  DeliveryId: number;
  RecipientFacilityLicenseNumber: string;
  ShipmentTypeName: string;
  ShipmentTransactionType: string;
  EstimatedDepartureDateTime: string;
  EstimatedArrivalDateTime: string;
  ActualDepartureDateTime: string | null;
  ActualArrivalDateTime: string | null;
  PackageCount: number;
  ReceivedPackageCount: number;
  DeliveryPackageCount: number;
  ReceivedDateTime: string | null;
  IsVoided: boolean;
  CreatedDateTime: string;
  LastModified: string;
}

export interface MetrcTransferDelivery {
  Id: number;
  RecipientFacilityLicenseNumber: string;
  RecipientFacilityName: string;
  ShipmentTypeName: string;
  EstimatedArrivalDateTime: string;
  ActualArrivalDateTime: string | null;
  DeliveryPackageCount: number;
  DeliveryReceivedPackageCount: number;
  ReceivedDateTime: string | null;
}

export interface MetrcDeliveryPackage {
  PackageId: number;
  PackageLabel: string;
  PackageType: string;
  ProductName: string;
  ProductCategoryName: string;
  ItemStrainName: string | null;
  ShippedQuantity: number;
  ShippedUnitOfMeasureName: string;
  ReceivedQuantity: number | null;
  ReceivedUnitOfMeasureName: string | null;
  ShipmentPackageState: string;
  LabTestingState: MetrcLabTestingState;
  ItemUnitThcContent: number | null;
  ItemUnitWeight: number | null;
}

export interface MetrcLabResult {
  PackageId: number;
  LabTestResultId: number;
  LabFacilityLicenseNumber: string;
  LabFacilityName: string;
  SourcePackageLabel: string;
  ProductName: string;
  TestPerformedDate: string;
  OverallPassed: boolean;
  ResultReleased: boolean;
  ResultReleaseDateTime: string | null;
  TestTypeName: string;
  TestPassed: boolean;
  TestResultLevel: number;
  TestComment: string | null;
  TestInformationalOnly: boolean;
  RevokedDate: string | null;
  ExpirationDateTime: string | null;
}

/** One registration of a patient; allotments are in ounces. */
export interface MetrcPatientStatus {
  PatientLicenseNumber: string;
  RegistrationNumber: string;
  Active: boolean;
  FlowerOuncesAllowed: number;
  ThcOuncesAllowed: number;
  ConcentrateOuncesAllowed: number;
  InfusedOuncesAllowed: number;
  FlowerOuncesPurchased: number;
  ThcOuncesPurchased: number;
  ConcentrateOuncesPurchased: number;
  InfusedOuncesPurchased: number;
  FlowerOuncesAvailable: number;
  ThcOuncesAvailable: number;
  ConcentrateOuncesAvailable: number;
  InfusedOuncesAvailable: number;
  PurchaseAmountDays: number;
  PatientLicenseExpirationDate: string;
  PatientRegistrationStartDate: string;
}

/**
 * A sales delivery as POSTed to `/sales/v2/deliveries`: the receipt's fields plus who carries it
 * where. The recipient's address travels as flat `RecipientAddress*` fields, as on Metrc's wire.
 * Created before the vehicle leaves: it is the delivery manifest the driver carries.
 */
export interface MetrcSalesDeliveryInput {
  /** Facility-local, no offset. */
  SalesDateTime: string;
  SalesCustomerType: MetrcCustomerType;
  PatientLicenseNumber?: string | null;
  CaregiverLicenseNumber?: string | null;
  IdentificationMethod?: string | null;
  ConsumerId?: string | null;
  DriverName: string;
  /** The driver's employee id or occupational licence (agent card) number at the state. */
  DriverEmployeeId: string;
  DriversLicenseNumber: string;
  PhoneNumberForQuestions: string;
  VehicleMake: string;
  VehicleModel: string;
  VehicleLicensePlateNumber: string;
  RecipientName?: string | null;
  RecipientAddressStreet1: string;
  RecipientAddressStreet2?: string | null;
  RecipientAddressCity: string;
  RecipientAddressCounty?: string | null;
  RecipientAddressState: string;
  RecipientAddressPostalCode: string;
  RecipientZoneId?: number | null;
  TransporterFacilityLicenseNumber?: string | null;
  PlannedRoute: string;
  /** Facility-local, no offset. */
  EstimatedDepartureDateTime: string;
  EstimatedArrivalDateTime: string;
  Transactions: MetrcTransactionInput[];
}

/** In transit until completed (accepted and/or returned packages) or voided. */
export type MetrcSalesDeliveryState = 'InTransit' | 'Delivered' | 'Voided';

export interface MetrcSalesDelivery {
  Id: number;
  SalesDateTime: string;
  SalesCustomerType: MetrcCustomerType;
  PatientLicenseNumber: string | null;
  ConsumerId: string | null;
  DriverName: string;
  DriverEmployeeId: string;
  DriversLicenseNumber: string;
  PhoneNumberForQuestions: string;
  VehicleMake: string;
  VehicleModel: string;
  VehicleLicensePlateNumber: string;
  RecipientName: string | null;
  RecipientAddressStreet1: string;
  RecipientAddressStreet2: string | null;
  RecipientAddressCity: string;
  RecipientAddressCounty: string | null;
  RecipientAddressState: string;
  RecipientAddressPostalCode: string;
  PlannedRoute: string;
  EstimatedDepartureDateTime: string;
  EstimatedArrivalDateTime: string;
  ActualArrivalDateTime: string | null;
  SalesDeliveryState: MetrcSalesDeliveryState;
  PaymentType: string | null;
  TotalPackages: number;
  TotalPrice: number;
  Transactions: MetrcReceiptTransaction[];
  AcceptedPackages: string[];
  ReturnedPackages: MetrcDeliveryReturn[];
  RecordedDateTime: string;
  VoidedDate: string | null;
  LastModified: string;
}

export interface MetrcDeliveryReturn {
  Label: string;
  ReturnQuantityVerified: number;
  ReturnUnitOfMeasure: string;
  /** One of `/sales/v2/deliveries/returnreasons`. */
  ReturnReason: string;
  ReturnReasonNote?: string | null;
}

/**
 * `PUT /sales/v2/deliveries/complete`: every package of the delivery is accepted, returned, or
 * (partly) both. PaymentType is needed when something was accepted.
 */
export interface MetrcSalesDeliveryCompletion {
  Id: number;
  /** Facility-local, no offset. */
  ActualArrivalDateTime: string;
  PaymentType?: string | null;
  AcceptedPackages: string[];
  ReturnedPackages: MetrcDeliveryReturn[];
}

export interface MetrcReturnReason {
  Name: string;
  RequiresNote: boolean;
}
