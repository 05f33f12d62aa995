import { auditRoutes } from './modules/audit/audit.routes';
import { diagnosticsRoutes } from './modules/diagnostics/diagnostics.routes';
import { eventRoutes } from './modules/events/events.routes';
import { organizationRoutes } from './modules/organizations/organizations.routes';
import { staffRoutes } from './modules/staff/staff.routes';
import type { RoutePlugin } from './platform/http';
import { systemRoutes } from './platform/system.routes';

/** Every module's routes, in the order modules depend on each other. */
export const routeModules: RoutePlugin[] = [
  systemRoutes,
  staffRoutes,
  organizationRoutes,
  auditRoutes,
  eventRoutes,
  diagnosticsRoutes,
];
