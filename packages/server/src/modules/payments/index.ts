export type { Authorization, PaymentProvider, Tender, TenderKind } from './payment-provider';
export { tenderKinds } from './payment-provider';
export {
  assertStoreCreditIsCustomers,
  authorizeTenders,
  cashRoundingCacheInvalidation,
  PaymentEvents,
  orderTenders,
  paymentsForOrder,
  paymentsOf,
  planTenders,
  recordPayments,
  recordPaymentsSql,
  refundPayment,
  roundCash,
  voidAuthorizations,
  type OrderTenderView,
  type PaymentView,
} from './payments.service';
export { creditStoreCredit, issueGiftCard, storeCreditBalance } from './stored-value';
export { paymentRoutes } from './payments.routes';
