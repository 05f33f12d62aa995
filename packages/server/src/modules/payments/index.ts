export type { Authorization, PaymentProvider, Tender, TenderKind } from './payment-provider';
export { tenderKinds } from './payment-provider';
export {
  authorizeTenders,
  cashRoundingCacheInvalidation,
  PaymentEvents,
  paymentsForOrder,
  paymentsOf,
  planTenders,
  recordPayments,
  recordPaymentsSql,
  refundPayment,
  roundCash,
  voidAuthorizations,
  type PaymentView,
} from './payments.service';
export { creditStoreCredit, issueGiftCard, storeCreditBalance } from './stored-value';
export { paymentRoutes } from './payments.routes';
