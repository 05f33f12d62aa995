import type { FastifyRequest } from 'fastify';
import { badRequest } from '../../platform/errors';
import { assertStoreAccess, errorResponses, organizationOf, requireActor, type RoutePlugin } from '../../platform/http';
import type { Platform } from '../../platform/platform';
import { localDate, storeFor } from '../compliance';
import { MAX_REPORT_DAYS, periodAt, type ReportPeriod } from './report-period';
import { budtenderReport } from './budtender-report';
import { productReport } from './product-report';
import { budtenderCsv, productCsv, salesCsv, taxCsv } from './reports.csv';
import { budtenderReportSchema, periodQuery, productQuery, productReportSchema, reportParams, salesReportSchema, taxReportSchema } from './reports.schemas';
import { salesReport, type ReportStore } from './sales-report';
import { taxReport } from './tax-report';

const scopeNote =
  `from and to are dates at the store, in its timezone, both included, at most ${MAX_REPORT_DAYS} days (by default this month so far at the store): a bad date, to before from or a longer period is 400 VALIDATION_FAILED at its path. ` +
  'Staff limited to other stores get 403 STORE_NOT_ALLOWED; a store of another organization is 404.';

const salesDescription =
  'Per day and for the period: sales completed (counted on the day of completion — a register sale at once, an online order at its hand-over), gross, discounts, net, ' +
  'tax by code, total collected, tenders, channels, cannabis and non-cannabis lines; returns (on the day they were booked, whichever day the sale was) and voids ' +
  '(on the day of the void; the voided sale still counts on its own day). Money in integer cents. ' +
  'netSalesCents = grossCents − discountCents; totalCents = netSalesCents − includedTaxWaivedCents + addedTaxCents = Σ tenders; ' +
  'netCollectedCents = totalCents − returns.refundCents − voids.amountCents. ';

const taxDescription =
  'Per tax code, per day and for the period: tax collected on the sales completed, tax refunded by the returns and voids booked, and the liability (collected − refunded). ' +
  'A refund of an earlier period’s sale lowers the liability of the period it was booked in. ';

const productDescription =
  'What sold, per SKU (by default), product, category (as the line was sold) or brand (products without one in a "No brand" group), ordered by net sales, largest first: ' +
  'units and milligrams sold (SKUs sold by weight apart), gross, discounts, net and tax of the sales completed in the period (a sale voided later included, as in the sales report), ' +
  'and the units taken back and refunded (added tax included) by the returns and voids booked in it, whichever day the sale was. Money in integer cents. ' +
  'The totals are the sales report’s for the same period: Σ grossCents, discountCents, netSalesCents, taxCents = its grossCents, discountCents, netSalesCents, taxCents; ' +
  'Σ refundCents = returns.refundCents + voids.amountCents. ';

const budtenderDescription =
  'Per budtender the sales were credited to (who rang them up, or was named on them; sales credited to nobody, such as online orders, in one group with budtenderId null), ordered by net sales: ' +
  'orders, units, gross, discounts, net, average order (net ÷ orders), collected, and the returns and voids booked in the period against their sales, whichever day the sale was. Money in integer cents. ' +
  'The totals are the sales report’s for the same period: orders, gross, discounts, net, totalCents, returns and voids. ';

const csvNote = 'The JSON report’s figures as CSV, one row per day and a total row; amounts in currency units with two decimals. ';

/**
 * The store the report is about, the caller's to read (403 STORE_NOT_ALLOWED) and their
 * organization's (404), and the period at that store (this month so far unless given).
 */
async function reportScope(
  platform: Platform,
  request: FastifyRequest & { params: { storeId: string }; query: { from?: string; to?: string } },
): Promise<{ store: ReportStore; period: ReportPeriod }> {
  assertStoreAccess(requireActor(request), request.params.storeId, ['params', 'storeId']);
  const store = await storeFor(platform.database.db, organizationOf(request), request.params.storeId);
  const asked = periodAt(localDate(store.timezone), request.query);
  if ('problem' in asked) throw badRequest('VALIDATION_FAILED', asked.problem, [{ path: ['querystring', 'to'], message: asked.problem }]);
  return { store: { id: store.id, name: store.name, timezone: store.timezone, jurisdiction: store.jurisdiction }, period: asked.period };
}

export const reportRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;

  api.get(
    '/v1/stores/:storeId/reports/sales',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags: ['reports'],
        summary: 'Sales by day: orders, gross, discounts, net, tax by code, tenders, channels, returns and voids',
        description: salesDescription + scopeNote,
        params: reportParams,
        querystring: periodQuery,
        response: { 200: salesReportSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { store, period } = await reportScope(platform, request);
      return salesReport(db, store, period);
    },
  );

  api.get(
    '/v1/stores/:storeId/reports/sales.csv',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags: ['reports'],
        summary: 'The sales report as CSV',
        description: csvNote + scopeNote,
        params: reportParams,
        querystring: periodQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { store, period } = await reportScope(platform, request);
      const report = await salesReport(db, store, period);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="sales-${report.from}-to-${report.to}.csv"`);
      return salesCsv(report);
    },
  );

  api.get(
    '/v1/stores/:storeId/reports/tax',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags: ['reports'],
        summary: 'Tax liability by code and day, for filing: collected, refunded, owed',
        description: taxDescription + scopeNote,
        params: reportParams,
        querystring: periodQuery,
        response: { 200: taxReportSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { store, period } = await reportScope(platform, request);
      return taxReport(db, store, period);
    },
  );

  api.get(
    '/v1/stores/:storeId/reports/tax.csv',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags: ['reports'],
        summary: 'The tax report as CSV',
        description: 'One row per day and tax code, then a total row per code; amounts in currency units with two decimals. ' + scopeNote,
        params: reportParams,
        querystring: periodQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { store, period } = await reportScope(platform, request);
      const report = await taxReport(db, store, period);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="tax-${report.from}-to-${report.to}.csv"`);
      return taxCsv(report);
    },
  );

  api.get(
    '/v1/stores/:storeId/reports/products',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags: ['reports'],
        summary: 'What sold, per SKU, product, category or brand: units, gross, discounts, net, tax, returns',
        description: productDescription + scopeNote,
        params: reportParams,
        querystring: productQuery,
        response: { 200: productReportSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { store, period } = await reportScope(platform, request);
      return productReport(db, store, period, request.query.groupBy);
    },
  );

  api.get(
    '/v1/stores/:storeId/reports/products.csv',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags: ['reports'],
        summary: 'The product report as CSV',
        description: 'One row per group, largest net sales first, then a total row; amounts in currency units with two decimals. ' + scopeNote,
        params: reportParams,
        querystring: productQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { store, period } = await reportScope(platform, request);
      const report = await productReport(db, store, period, request.query.groupBy);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="products-by-${report.groupBy}-${report.from}-to-${report.to}.csv"`);
      return productCsv(report);
    },
  );

  api.get(
    '/v1/stores/:storeId/reports/budtenders',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags: ['reports'],
        summary: 'Sales per budtender: orders, units, net, average order, returns and voids of their sales',
        description: budtenderDescription + scopeNote,
        params: reportParams,
        querystring: periodQuery,
        response: { 200: budtenderReportSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { store, period } = await reportScope(platform, request);
      return budtenderReport(db, store, period);
    },
  );

  api.get(
    '/v1/stores/:storeId/reports/budtenders.csv',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags: ['reports'],
        summary: 'The budtender report as CSV',
        description: 'One row per budtender, largest net sales first, then a total row; amounts in currency units with two decimals. ' + scopeNote,
        params: reportParams,
        querystring: periodQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { store, period } = await reportScope(platform, request);
      const report = await budtenderReport(db, store, period);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="budtenders-${report.from}-to-${report.to}.csv"`);
      return budtenderCsv(report);
    },
  );
};
