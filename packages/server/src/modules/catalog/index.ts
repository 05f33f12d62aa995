// The catalog's public door: what other modules (checkout, orders, inventory, search) may use.
export {
  CATEGORIES,
  STRAIN_TYPES,
  SKU_UNITS,
  WEIGHT_COUNTED,
  THC_COUNTED,
  slugify,
  unitPriceFor,
  toProductView,
  type Category,
  type SkuUnit,
  type PriceTier,
  type BrandView,
  type ProductView,
  type SkuView,
  type PriceView,
} from './catalog.model';
export {
  assertStoreSells,
  catalogUnchangedSql,
  getSkusForCheckout,
  checkoutUnitPrice,
  skuEngineFactsByCode,
  type CheckoutSku,
  type SkuEngineFacts,
  type SkuSelector,
} from './checkout-read';
export { listingSkus, type ListingSku } from './listing-read';
export { CatalogEvents, checkEverySkuUnitChange, getProduct, getSku, ownSkuIds, listProducts, createProduct, updateProduct, addSku, updateSku, setSkuPrices } from './catalog.service';
export { CatalogErrorCode } from './catalog.errors';
export { catalogRoutes } from './catalog.routes';
export { importProducts, type ImportOptions, type ImportSummary } from './product-import';
export { seedDemoCatalog } from './demo-catalog';
export type { CatalogTables } from './catalog.tables';
