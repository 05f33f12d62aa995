// The budtender report: per budtender the period's sales were credited to (the one who rang the
// sale up, or was named on it), their sales — orders, units, net sales, average order, collected —
// and the returns and voids booked in the period against their sales, whichever day the sale was.
// Sales credited to nobody (online orders nobody was named on) are one group, `budtenderId: null`.
//
// It counts as the sales report does (docs/reports.md), so its totals are the sales report's:
//   Σ orders = orders;  Σ grossCents, discountCents, netSalesCents, totalCents = the same
//   Σ returns.count, returns.refundCents = returns.count, returns.refundCents;  the same for voids
import type { Db } from '../../platform/unit-of-work';
import { budtenderRows, onOneSnapshot, type PeriodScope } from './reports.repository';
import type { ReportStore } from './sales-report';

export interface BudtenderFigures {
  orders: number;
  units: number;
  weightMg: number;
  grossCents: number;
  discountCents: number;
  netSalesCents: number;
  /** netSalesCents ÷ orders, to the nearest cent; 0 without orders. */
  averageOrderCents: number;
  totalCents: number;
  returns: { count: number; refundCents: number };
  voids: { count: number; amountCents: number };
}

export interface BudtenderLine extends BudtenderFigures {
  budtenderId: string | null;
  name: string;
}

export interface BudtenderReport {
  storeId: string;
  storeName: string;
  timezone: string;
  from: string;
  to: string;
  budtenders: BudtenderLine[];
  totals: BudtenderFigures;
}

/** The words for sales credited to nobody. */
export const NO_BUDTENDER = 'Online / no budtender';

const average = (cents: number, orders: number) => (orders === 0 ? 0 : Math.round(cents / orders));

function figures(f: Omit<BudtenderFigures, 'netSalesCents' | 'averageOrderCents'>): BudtenderFigures {
  const netSalesCents = f.grossCents - f.discountCents;
  return { ...f, netSalesCents, averageOrderCents: average(netSalesCents, f.orders) };
}

export async function budtenderReport(db: Db, store: ReportStore, period: { from: string; to: string }): Promise<BudtenderReport> {
  const scope: PeriodScope = { storeId: store.id, timezone: store.timezone, ...period };
  const rows = await onOneSnapshot(db, (snapshot) => budtenderRows(snapshot, scope));
  const budtenders: BudtenderLine[] = rows.map((r) => ({
    budtenderId: r.budtenderId,
    name: r.budtenderId === null ? NO_BUDTENDER : (r.name ?? r.budtenderId),
    ...figures({
      orders: r.orders,
      units: r.units,
      weightMg: r.weightMg,
      grossCents: r.grossCents,
      discountCents: r.discountCents,
      totalCents: r.totalCents,
      returns: { count: r.returns, refundCents: r.returnRefundCents },
      voids: { count: r.voids, amountCents: r.voidCents },
    }),
  }));
  budtenders.sort((a, b) => b.netSalesCents - a.netSalesCents || a.name.localeCompare(b.name) || String(a.budtenderId).localeCompare(String(b.budtenderId)));
  const add = (key: 'orders' | 'units' | 'weightMg' | 'grossCents' | 'discountCents' | 'totalCents') => budtenders.reduce((s, b) => s + b[key], 0);
  const totals = figures({
    orders: add('orders'),
    units: add('units'),
    weightMg: add('weightMg'),
    grossCents: add('grossCents'),
    discountCents: add('discountCents'),
    totalCents: add('totalCents'),
    returns: { count: budtenders.reduce((s, b) => s + b.returns.count, 0), refundCents: budtenders.reduce((s, b) => s + b.returns.refundCents, 0) },
    voids: { count: budtenders.reduce((s, b) => s + b.voids.count, 0), amountCents: budtenders.reduce((s, b) => s + b.voids.amountCents, 0) },
  });
  return { storeId: store.id, storeName: store.name, timezone: store.timezone, from: period.from, to: period.to, budtenders, totals };
}
