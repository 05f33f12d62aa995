// The compliance module's door. Orders/checkout call these INSIDE their own UnitOfWork:
//   evaluateForCheckout(uow.trx, …)  → the engine's decision for the cart (history, overrides, local rates)
//   recordRefusal(uow, …)            → log a refused sale (commit it, then answer the error)
//   recordOverride(uow, …)           → a manager lifts a refusal where the pack allows
//   recordPurchase(uow, …)           → write the limit-usage lines when an order completes
//   creditPurchase(uow, …)           → give returned units back
export { evaluateForCheckout, type CheckoutCustomer, type CheckoutEvaluation, type CheckoutStore, type EvaluateForCheckoutInput } from './checkout-evaluation';
export {
  eventsCsv,
  findOverride,
  listEvents,
  overridability,
  recordOverride,
  recordRefusal,
  type ComplianceEventView,
  type EventFilter,
  type LoggedViolation,
  type RecordOverrideInput,
  type RecordRefusalInput,
} from './compliance-log';
export { checkManualId, checkScannedId, minimumAgeFor, type IdCheckOutcome, type ManualIdInput } from './id-check.service';
export { manualIdDocument } from './compliance.schemas';
export { localDate, runEvaluation, toAppError } from './rules-engine';
export { overridesFor, storeFor, taxRatesFor, storeRulesCacheInvalidation, StoreRuleEvents, type StoreRef } from './store-rules';
export {
  creditPurchase,
  historyFor,
  lockCustomerAllowance,
  recordPurchase,
  recordPurchaseSql,
  type Channel,
  type CreditPurchaseInput,
  type HistoryEntry,
  type RecordPurchaseInput,
  type UsageLine,
} from './usage-ledger';
export { checkStoreHandOver, checkStoreVehicleLoad } from './vehicle-load';
export { storeReceiptRequirements } from './receipt-rules';
export { pickupModeNotOffered, storePickupModes } from './store-pickup-modes';
export { packEndingCheck } from './pack-ending';
export { complianceRoutes } from './compliance.routes';
export { judgeListingsOf, refreshListingRefusals, registerListingRefusals, LISTING_SUBSCRIBER, type ListingScope } from './listing-refusals';
