export type { Authorization, PaymentProvider, Tender, TenderKind } from './payment-provider';
export { tenderKinds } from './payment-provider';
export { cashKeptCents, cashPaidBackCents, cashRefundOutCents } from './cash-rounding';
export {
  assertStoreCreditIsCustomers,
  authorizeTenders,
  cashDrawerRefusal,
  cashRoundingCacheInvalidation,
  cashRoundingFor,
  PaymentEvents,
  orderTenders,
  paymentSettingsFor,
  paymentsForOrder,
  paymentReferenceRefusal,
  paymentsOf,
  planTenders,
  recordGiftCardSalePayments,
  recordPayments,
  recordPaymentsSql,
  refundPayment,
  roundCash,
  unansweredRefunds,
  voidAuthorizations,
  voidUncollectedCash,
  type OrderTenderView,
  type PaymentView,
} from './payments.service';
export { creditStoreCredit, issueGiftCard, loadGiftCard, newGiftCardCode, storeCreditBalance, type StoredValueView } from './stored-value';
export { paymentRoutes } from './payments.routes';
