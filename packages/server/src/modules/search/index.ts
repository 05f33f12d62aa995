// Storefront search: public product listing with facets for one store.
export { onlineMenuSkuIds, ONLINE_MENU_CACHE_MS, searchStoreProducts, toPrefixQuery, type SearchQuery, type SearchResult, type SearchProduct } from './search.service';
export { searchRoutes } from './search.routes';
export { refreshStartedPrices, registerPriceStarts } from './price-starts';
