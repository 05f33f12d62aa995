// State traceability: sales, voids, returns and adjustments reported to Metrc/BioTrack from the
// outbox; failed-report list; pulls (transfers, lab results, allotments) and reconciliation.
export { registerTraceability, traceabilityOf, type Traceability } from './traceability.module';
export { traceabilityRoutes } from './traceability.routes';
export { REPORT_SENT, REPORT_FAILED, describeFailure } from './traceability.worker';
export { RECONCILIATION_DRIFT, compareInventories, reconcileStore } from './traceability.reconcile';
export { REPORTED_EVENT_TYPES, TRACE_SUBSCRIBER, enqueueReport, queueStats } from './traceability.intake';
export { deliveryFilingFor, policyFor, REPORTING_POLICIES, type DeliveryFiling, type ReportingPolicy } from './traceability.policy';
export { assertDepartureFileable, stateFilingsForRun, type StateFiling } from './traceability.deliveries';
export { salesBlocked, putSettings, getSettings, type StoreSettingsInput } from './traceability.service';
export type { TraceabilityTables } from './traceability.tables';
export { startDemoMetrcSimulator } from './traceability.demo';
