// The loyalty module's public door: points earned, redeemed and reversed inside an order's own
// transaction, and the account a register or storefront shows.
export {
  earnForOrder,
  redeemForOrder,
  redemptionProgram,
  reverseForOrder,
  loyaltyAccount,
  loyaltyHistory,
  getProgram,
  activeLoyaltyProgram,
  loyaltyProgramCacheInvalidation,
  LoyaltyEvents,
  type LoyaltyAccountView,
  type LoyaltyEntryView,
  type LoyaltyProgramView,
} from './loyalty.service';
export { loyaltyRoutes } from './loyalty.routes';
export type { LoyaltyTables } from './loyalty.tables';
export { seedDemoLoyalty } from './loyalty.demo-seed';
