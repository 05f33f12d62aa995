// The delivery module's door: vehicles, delivery runs and their manifests.
export { DeliveryEvents, getRun, type RunView, type VehicleView } from './delivery.service';
export { deliveryRoutes } from './delivery.routes';
export { seedDemoVehicles } from './delivery.demo-seed';
export type { DeliveryTables } from './delivery.tables';
