// The reports as CSV for a spreadsheet or the accountant: one row per day (per group, per budtender),
// then a `total` row, the same figures as the JSON answer. Amounts are in currency units with two decimals (12.34), written
// from the integer cents (never through a float); counts are whole numbers.
import { stringify } from 'csv-stringify/sync';
import type { BudtenderFigures, BudtenderReport } from './budtender-report';
import type { ProductFigures, ProductReport } from './product-report';
import type { SalesFigures, SalesReport } from './sales-report';
import { CHANNELS } from './sales-report';
import type { TaxCodeFigures, TaxReport } from './tax-report';

/** Cents as a decimal amount: 123456 → "1234.56", -5 → "-0.05". */
export function amount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Spreadsheets run cells that start with = + - @ as formulas; a label must not (as the compliance CSV). */
const cell = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** Column names from codes and tender methods: letters, digits and underscores only. */
const slug = (text: string) => text.replace(/[^A-Za-z0-9]+/g, '_');

export function salesCsv(report: SalesReport): string {
  const codes = report.totals.taxes;
  const methods = report.totals.tenders.map((t) => t.method);
  const columns = [
    'date',
    'orders',
    'gross',
    'discounts',
    'net_sales',
    'included_tax_waived',
    'tax',
    'added_tax',
    'total_collected',
    ...codes.map((t) => `tax_${slug(t.code)}${t.includedInPrice ? '_included' : ''}`),
    ...methods.map((m) => `tender_${slug(m)}`),
    'cash_rounding',
    ...CHANNELS.flatMap((c) => [`${c}_orders`, `${c}_net_sales`, `${c}_total`]),
    'cannabis_net_sales',
    'cannabis_tax',
    'non_cannabis_net_sales',
    'non_cannabis_tax',
    'returns',
    'returns_refunded',
    'returns_tax_refunded',
    'voids',
    'voids_amount',
    'voids_tax',
    'net_collected',
  ];
  const line = (date: string, f: SalesFigures) => [
    date,
    f.orders,
    amount(f.grossCents),
    amount(f.discountCents),
    amount(f.netSalesCents),
    amount(f.includedTaxWaivedCents),
    amount(f.taxCents),
    amount(f.addedTaxCents),
    amount(f.totalCents),
    ...codes.map((c) => amount(f.taxes.find((t) => t.code === c.code && t.includedInPrice === c.includedInPrice)?.amountCents ?? 0)),
    ...methods.map((m) => amount(f.tenders.find((t) => t.method === m)?.amountCents ?? 0)),
    amount(f.cashRoundingCents),
    ...CHANNELS.flatMap((c) => {
      const ch = f.channels.find((x) => x.channel === c)!;
      return [ch.orders, amount(ch.netSalesCents), amount(ch.totalCents)];
    }),
    amount(f.cannabis.netSalesCents),
    amount(f.cannabis.taxCents),
    amount(f.nonCannabis.netSalesCents),
    amount(f.nonCannabis.taxCents),
    f.returns.count,
    amount(f.returns.refundCents),
    amount(f.returns.taxRefundCents),
    f.voids.count,
    amount(f.voids.amountCents),
    amount(f.voids.taxCents),
    amount(f.netCollectedCents),
  ];
  return stringify([columns, ...report.days.map((d) => line(d.date, d)), line('total', report.totals)]);
}

export const TAX_CSV_COLUMNS = [
  'date',
  'code',
  'label',
  'included_in_price',
  'rate',
  'taxed_sales',
  'collected',
  'taxed_sales_refunded',
  'refunded',
  'net_taxed_sales',
  'liability',
] as const;

/** One row per day and tax code and rate (every one of the period, zeros included), then one `total` row per code and rate. */
export function taxCsv(report: TaxReport): string {
  const line = (date: string, t: TaxCodeFigures) => [
    date,
    t.code,
    cell(t.label),
    t.includedInPrice ? 'yes' : 'no',
    t.rate ?? '',
    amount(t.taxedSalesCents),
    amount(t.collectedCents),
    amount(t.taxedSalesRefundedCents),
    amount(t.refundedCents),
    amount(t.netTaxedSalesCents),
    amount(t.liabilityCents),
  ];
  const rows = [...report.days.flatMap((d) => d.taxes.map((t) => line(d.date, t))), ...report.taxes.map((t) => line('total', t))];
  return stringify([[...TAX_CSV_COLUMNS], ...rows]);
}

export const PRODUCT_CSV_FIGURES = ['units_sold', 'weight_sold_mg', 'units_returned', 'weight_returned_mg', 'gross', 'discounts', 'net_sales', 'tax', 'refunded'] as const;

/** One row per group, largest net sales first, then the `total` row (its code and id empty). */
export function productCsv(report: ProductReport): string {
  const figures = (f: ProductFigures) => [
    f.unitsSold,
    f.weightSoldMg,
    f.unitsReturned,
    f.weightReturnedMg,
    amount(f.grossCents),
    amount(f.discountCents),
    amount(f.netSalesCents),
    amount(f.taxCents),
    amount(f.refundCents),
  ];
  const rows = report.groups.map((g) => [cell(g.label), g.code === null ? '' : cell(g.code), g.key ?? '', ...figures(g)]);
  return stringify([[report.groupBy, 'code', 'id', ...PRODUCT_CSV_FIGURES], ...rows, ['total', '', '', ...figures(report.totals)]]);
}

export const BUDTENDER_CSV_FIGURES = [
  'orders',
  'units',
  'weight_mg',
  'gross',
  'discounts',
  'net_sales',
  'average_order',
  'total_collected',
  'returns',
  'returns_refunded',
  'voids',
  'voids_amount',
] as const;

/** One row per budtender, largest net sales first (sales credited to nobody with an empty id), then the `total` row. */
export function budtenderCsv(report: BudtenderReport): string {
  const figures = (f: BudtenderFigures) => [
    f.orders,
    f.units,
    f.weightMg,
    amount(f.grossCents),
    amount(f.discountCents),
    amount(f.netSalesCents),
    amount(f.averageOrderCents),
    amount(f.totalCents),
    f.returns.count,
    amount(f.returns.refundCents),
    f.voids.count,
    amount(f.voids.amountCents),
  ];
  const rows = report.budtenders.map((b) => [cell(b.name), b.budtenderId ?? '', ...figures(b)]);
  return stringify([['budtender', 'id', ...BUDTENDER_CSV_FIGURES], ...rows, ['total', '', ...figures(report.totals)]]);
}
