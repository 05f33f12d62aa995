import type { FastifyRequest } from 'fastify';
import { badRequest } from '../../platform/errors';
import { assertStoreAccess, errorResponses, organizationOf, requireActor, type RoutePlugin } from '../../platform/http';
import type { Platform } from '../../platform/platform';
import { localDate, storeFor } from '../compliance';
import { MAX_REPORT_DAYS, periodAt, type ReportPeriod } from './report-period';
import { salesCsv, taxCsv } from './reports.csv';
import { periodQuery, reportParams, salesReportSchema, taxReportSchema } from './reports.schemas';
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

const csvNote = 'The JSON report’s figures as CSV, one row per day and a total row; amounts in currency units with two decimals. ';

/**
 * The store the report is about, the caller's to read (403 STORE_NOT_ALLOWED) and their
 * organization's (404), and the period at that store (this month so far unless given).
 */
async function reportScope(
  platform: Platform,
  request: FastifyRequest<{ Params: { storeId: string }; Querystring: { from?: string; to?: string } }>,
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
};
