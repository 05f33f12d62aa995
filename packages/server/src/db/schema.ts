import type { PlatformTables } from './tables';
import type { CustomerTables } from '../modules/customers/customers.tables';
import type { ComplianceTables } from '../modules/compliance/compliance.tables';
import type { TraceabilityTables } from '../modules/traceability/traceability.tables';
import type { PaymentTables } from '../modules/payments/payments.tables';
import type { CatalogTables } from '../modules/catalog/catalog.tables';
import type { InventoryTables } from '../modules/inventory/inventory.tables';
import type { WebhookTables } from '../modules/webhooks/webhooks.tables';
import type { AlertTables } from '../modules/alerts/alerts.tables';
import type { OrderTables } from '../modules/orders/orders.tables';
import type { RegisterTables } from '../modules/registers/registers.tables';
import type { PromotionTables } from '../modules/promotions/promotions.tables';
import type { LoyaltyTables } from '../modules/loyalty/loyalty.tables';
import type { DeliveryTables } from '../modules/delivery/delivery.tables';

/**
 * Kysely's view of the whole database: every module's tables. A module that adds tables
 * declares them in its own `<module>.tables.ts` and is listed here.
 */
export interface DB extends PlatformTables, PaymentTables, CatalogTables, InventoryTables, WebhookTables, AlertTables, OrderTables, TraceabilityTables, CustomerTables, ComplianceTables, RegisterTables, PromotionTables, LoyaltyTables, DeliveryTables {}
