// Reports for owners and managers: sales by day and tax liability by code for a store and a
// period of its local dates, as JSON and CSV (reports:read). Read-only over the orders' and
// payments' tables; see README.md for what counts on which day.
export { salesReport, type SalesReport, type SalesDay, type SalesFigures, type ReportStore } from './sales-report';
export { taxReport, type TaxReport, type TaxDay, type TaxCodeFigures } from './tax-report';
export { salesCsv, taxCsv } from './reports.csv';
export { reportRoutes } from './reports.routes';
