import { auditRoutes } from './modules/audit/audit.routes';
import { catalogRoutes } from './modules/catalog';
import { complianceRoutes } from './modules/compliance';
import { customerRoutes } from './modules/customers';
import { diagnosticsRoutes } from './modules/diagnostics/diagnostics.routes';
import { eventRoutes } from './modules/events/events.routes';
import { organizationRoutes } from './modules/organizations/organizations.routes';
import { paymentRoutes } from './modules/payments';
import { searchRoutes } from './modules/search';
import { staffRoutes } from './modules/staff/staff.routes';
import type { RoutePlugin } from './platform/http';
import { systemRoutes } from './platform/system.routes';
import { webhookRoutes } from './modules/webhooks';
import { alertRoutes } from './modules/alerts';
import { inventoryRoutes } from './modules/inventory';
import { traceabilityRoutes } from './modules/traceability';
import { orderRoutes } from './modules/orders';
import { checkoutRoutes } from './modules/checkout';
import { registerRoutes } from './modules/registers';
import { promotionRoutes } from './modules/promotions';
import { loyaltyRoutes } from './modules/loyalty';
import { deliveryRoutes } from './modules/delivery';
import { shopRoutes } from './modules/shop';
import { reportRoutes } from './modules/reports';

/** Every module's routes, in the order modules depend on each other. */
export const routeModules: RoutePlugin[] = [
  systemRoutes,
  staffRoutes,
  organizationRoutes,
  auditRoutes,
  eventRoutes,
  diagnosticsRoutes,
  catalogRoutes,
  customerRoutes,
  complianceRoutes,
  searchRoutes,
  paymentRoutes,
  registerRoutes,
  promotionRoutes,
  loyaltyRoutes,
  webhookRoutes,
  alertRoutes,
  inventoryRoutes,
  orderRoutes,
  checkoutRoutes,
  deliveryRoutes,
  shopRoutes,
  traceabilityRoutes,
  reportRoutes,
];
