// @verdant/rules — compliance and tax engine. Pure TypeScript, no I/O.
export { evaluate, parseEvaluateRequest, type EvaluateOptions } from './evaluate.ts';
export { listJurisdictions, summarizePack, type JurisdictionSummary } from './list-jurisdictions.ts';
export { RulesError, type RulesErrorCode, type RulesErrorDetails, type FieldPath } from './errors.ts';
export { evaluateRequestSchema, lineSchema, historyLineSchema, limitAllowanceSchema, noRepeatedLimit, otherThcMgPerServingSchema, MAX_LIMIT_ALLOWANCES, MAX_ALLOWANCE, MAX_OTHER_THC_MG, type EvaluateRequest, type RequestLine, type HistoryLine } from './request-schema.ts';
export { evaluateResponseSchema, violationSchema, limitUsageSchema, VIOLATION_CODES, type EvaluateResponse, type Violation, type ViolationCode, type LimitUsage, type TaxLine, type ReceiptLine } from './response-schema.ts';
export { packSchema, type Pack, type PackInput, type ReceiptRule, type PickupModeRule } from './pack-schema.ts';
export { isPatientAdjustableOn, patientAdjustableLimit, resolvePack, validatePack, type PackOptions, type PackOverrides } from './registry.ts';
export { BUILT_IN_PACKS } from './packs/index.ts';
export { productRefusal, type ListingLine } from './products.ts';
export { requiresDeliveryPreVerificationOn } from './delivery.ts';
export { receiptRequirements, type ReceiptRequirements } from './receipts.ts';
export { allowedPickupModes, pickupModeRule } from './pickup-modes.ts';
export { storeRateIssues, type StoreRateIssue, type StoreRates } from './store-rates.ts';
export { checkHandOverHours, checkVehicleLoad, type VehicleCheck, type VehicleLoad, type VehicleLoadLine, type VehicleLoadOrder } from './vehicle.ts';
export {
  CATEGORIES,
  CUSTOMER_KINDS,
  CHANNELS,
  ADDRESS_TYPES,
  PRODUCT_ATTRIBUTES,
  OTHER_THC_COMPOUNDS,
  METRC_TAX_FIELDS,
  RECEIPT_CONTENTS,
  PICKUP_MODES,
  HAND_OVER_MODES,
  type PickupMode,
  type HandOverMode,
  type Category,
  type CustomerKind,
  type Channel,
  type AddressType,
  type ProductAttribute,
  type OtherThcCompound,
  type MetrcTaxField,
  type ReceiptContent,
} from './categories.ts';
