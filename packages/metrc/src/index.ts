// @verdant/metrc: Metrc v2 and BioTrack clients behind one traceability interface, and stateful
// simulators of both with fault injection. Depends on nothing but Node.
export * from './traceability-error';
export * from './metrc-errors';
export * from './metrc-types';
export * from './metrc-client';
export * from './metrc-states';
export * from './metrc-engine';
export * from './metrc-sales-delivery';
export * from './rate-limiter';
export * from './facility-time';
export * from './units';
export * from './traceability';
export * from './biotrack-client';
export * from './biotrack-engine';
export * from './simulator/metrc-simulator';
export * from './simulator/metrc-seed';
export type { PackagePatch, ShippedTransfer, ShipTransferInput, SimAdjustment } from './simulator/metrc-store';
export * from './simulator/biotrack-simulator';
export type { FaultAction, FaultKind, FaultMatch, FaultRule, FaultSpec, FaultControls } from './simulator/faults';
