// The inventory module's public door. Orders, checkout and POS call the stock functions inside
// their own UnitOfWork, so a sale and its stock movement commit together.
export {
  reserve,
  refreshReservation,
  releaseReservation,
  convertReservationToSale,
  sellDirect,
  returnToStock,
  getReservation,
  RESERVATION_CREATED,
  RESERVATION_CONVERTED,
  RESERVATION_RELEASED,
  RESERVATION_EXPIRED,
  type ReservationView,
  type ReservationLineView,
  type SaleReference,
  type SaleResult,
  type ReturnLine,
} from './inventory.reservations';
export type { StockLine, StockPick } from './inventory.allocation';
export { AVAILABILITY_CHANGED, DRIFT_DETECTED, ALERT_RAISED, assertStoreTakesReturnedGoods, sellableTotals, type SkuAvailability } from './inventory.ledger';
export { storeAvailability, type SkuAvailabilityView } from './inventory.queries';
export { InventoryErrorCode } from './inventory.errors';
export { importInventory, parseImportRow, catalogSkuResolver, type InventoryImportOptions, type InventoryImportResult } from './inventory.import';
export { startInventoryWorkers, sweepInventory, reconcileAll, type InventoryWorkers } from './inventory.workers';
export { reconcileInventory } from './inventory.reconciliation';
export { seedDemoInventory } from './inventory.demo-seed';
export { inventoryRoutes } from './inventory.routes';
export type { InventoryTables } from './inventory.tables';
