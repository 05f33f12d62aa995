// The product report: what sold in the period, per SKU, product, category or brand — units and
// weight sold and taken back, gross, discounts, net sales, tax and what returns and voids refunded —
// ordered by net sales, largest first, with the period's totals.
//
// It counts as the sales report does (docs/reports.md): a sale's lines on the day it was completed,
// a voided sale's too, and the units returns and voids took back on the day they were booked. So
// its totals are the sales report's for the same period, to the cent:
//   Σ grossCents = grossCents;  Σ discountCents = discountCents;  Σ netSalesCents = netSalesCents
//   Σ taxCents = taxCents;      Σ refundCents = returns.refundCents + voids.amountCents
import type { Db } from '../../platform/unit-of-work';
import { onOneSnapshot, productGroups, type PeriodScope, type ProductGrouping } from './reports.repository';
import type { ReportStore } from './sales-report';

export interface ProductFigures {
  /** Units of SKUs sold by the unit. */
  unitsSold: number;
  /** Milligrams of SKUs sold by weight. */
  weightSoldMg: number;
  unitsReturned: number;
  weightReturnedMg: number;
  grossCents: number;
  discountCents: number;
  netSalesCents: number;
  taxCents: number;
  refundCents: number;
}

export interface ProductGroup extends ProductFigures {
  key: string | null;
  /** The SKU's code when grouped by SKU; null otherwise. */
  code: string | null;
  label: string;
}

export interface ProductReport {
  storeId: string;
  storeName: string;
  timezone: string;
  from: string;
  to: string;
  groupBy: ProductGrouping;
  groups: ProductGroup[];
  totals: ProductFigures;
}

/** The words for a group without a brand; its key is null. */
export const NO_BRAND = 'No brand';

const FIGURES = ['unitsSold', 'weightSoldMg', 'unitsReturned', 'weightReturnedMg', 'grossCents', 'discountCents', 'netSalesCents', 'taxCents', 'refundCents'] as const;

export async function productReport(db: Db, store: ReportStore, period: { from: string; to: string }, groupBy: ProductGrouping): Promise<ProductReport> {
  const scope: PeriodScope = { storeId: store.id, timezone: store.timezone, ...period };
  const rows = await onOneSnapshot(db, (snapshot) => productGroups(snapshot, scope, groupBy));
  const labelOf: Record<ProductGrouping, (r: (typeof rows)[number]) => string> = {
    sku: (r) => r.registerName ?? r.title ?? r.skuCode ?? String(r.key),
    product: (r) => r.title ?? String(r.key),
    category: (r) => String(r.key),
    brand: (r) => (r.key === null ? NO_BRAND : (r.brandName ?? String(r.key))),
  };
  const groups: ProductGroup[] = rows.map((r) => ({
    key: r.key,
    code: groupBy === 'sku' ? r.skuCode : null,
    label: labelOf[groupBy](r),
    unitsSold: r.unitsSold,
    weightSoldMg: r.weightSoldMg,
    unitsReturned: r.unitsReturned,
    weightReturnedMg: r.weightReturnedMg,
    grossCents: r.grossCents,
    discountCents: r.discountCents,
    netSalesCents: r.grossCents - r.discountCents,
    taxCents: r.taxCents,
    refundCents: r.refundCents,
  }));
  groups.sort((a, b) => b.netSalesCents - a.netSalesCents || b.refundCents - a.refundCents || a.label.localeCompare(b.label) || String(a.key).localeCompare(String(b.key)));
  const totals = Object.fromEntries(FIGURES.map((k) => [k, 0])) as unknown as ProductFigures;
  for (const g of groups) for (const k of FIGURES) totals[k] += g[k];
  return { storeId: store.id, storeName: store.name, timezone: store.timezone, from: period.from, to: period.to, groupBy, groups, totals };
}
