// The promotions module's public door: stored promotions for the engine, the compliance guard per
// jurisdiction, and coupon usage counted atomically at order completion.
export { loadActivePromotions, promotionsForSale, invalidatePromotionCache, promotionCacheInvalidation, type SalePromotions, getPromotion, listPromotions, codeKey, type PromotionView, type PromotionWrite } from './promotions.service';
export { complianceGuardFor, complianceGuardWithSources, PROMOTION_RULES, type PromotionRule, type GuardSource } from './compliance-guard';
export { redeemCoupons, releaseCoupons, promotionsOnOrder, type RedeemCouponsInput, type RedeemedPromotion } from './coupon-redemption';
export { customerPromotionFacts, type CustomerPromotionFacts } from './customer-facts';
export { previewPromotions, type PreviewInput, type PreviewResult } from './promotions.preview';
export { PromotionEvents } from './promotions.events';
export { promotionRoutes } from './promotions.routes';
export type { PromotionTables } from './promotions.tables';
export { seedDemoPromotions } from './promotions.demo-seed';
