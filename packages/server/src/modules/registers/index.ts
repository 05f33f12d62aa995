// The registers module's public door: what a POS sale needs from the drawer it is rung on.
export { assertOpenSession, recordCashSale, recordCashRefund, expectedCashOf, RegisterEvents, type SessionView } from './registers.sessions';
export { registerRoutes } from './registers.routes';
export type { RegisterTables } from './registers.tables';
export { seedDemoRegisters } from './registers.demo-seed';
