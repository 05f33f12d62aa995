// Reports for owners and managers: sales by day, tax liability by code, what sold (per SKU,
// product, category, brand) and who sold it (per budtender) for a store and a period of its local dates, as JSON and CSV (reports:read). Read-only over the orders' and
// payments' tables; see README.md for what counts on which day.
export { salesReport, type SalesReport, type SalesDay, type SalesFigures, type ReportStore } from './sales-report';
export { taxReport, type TaxReport, type TaxDay, type TaxCodeFigures } from './tax-report';
export { productReport, type ProductReport, type ProductGroup, type ProductFigures } from './product-report';
export { budtenderReport, type BudtenderReport, type BudtenderLine, type BudtenderFigures } from './budtender-report';
export { budtenderCsv, productCsv, salesCsv, taxCsv } from './reports.csv';
export { reportRoutes } from './reports.routes';
