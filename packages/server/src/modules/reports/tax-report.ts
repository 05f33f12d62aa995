// The tax report, for filing: per tax code, what the store collected on the sales completed in the
// period and what it gave back on the returns and voids booked in it, and the difference it owes
// (liability = collected − refunded), per store-local day and for the period. A code whose rate
// changed within the period is one row per rate, as a filing declares it.
import type { Db } from '../../platform/unit-of-work';
import { datesOf } from './report-period';
import { onOneSnapshot, taxDays, taxRefundDays, type PeriodScope } from './reports.repository';
import type { ReportStore } from './sales-report';

export interface TaxCodeFigures {
  code: string;
  label: string;
  includedInPrice: boolean;
  /** The rate charged (0.15 is 15 %); null for sales made before Verdant kept the rate with the line. */
  rate: number | null;
  /** What the lines that carried the tax sold for, after discounts and before added taxes. */
  taxedSalesCents: number;
  collectedCents: number;
  /** The same, for the units taken back by returns and voids booked in the period. */
  taxedSalesRefundedCents: number;
  refundedCents: number;
  netTaxedSalesCents: number;
  liabilityCents: number;
}

export interface TaxTotals {
  collectedCents: number;
  refundedCents: number;
  liabilityCents: number;
}

export interface TaxDay extends TaxTotals {
  date: string;
  taxes: TaxCodeFigures[];
}

export interface TaxReport {
  storeId: string;
  storeName: string;
  jurisdiction: string;
  timezone: string;
  from: string;
  to: string;
  taxes: TaxCodeFigures[];
  days: TaxDay[];
  totals: TaxTotals;
}

type TaxKey = { code: string; includedInPrice: boolean; rate: number | null };
const keyOf = (t: TaxKey) => `${t.code}|${t.includedInPrice}|${t.rate}`;
const byKey = (a: TaxKey, b: TaxKey) =>
  a.code.localeCompare(b.code) || Number(a.includedInPrice) - Number(b.includedInPrice) || (a.rate ?? -1) - (b.rate ?? -1);

export async function taxReport(db: Db, store: ReportStore, period: { from: string; to: string }): Promise<TaxReport> {
  const scope: PeriodScope = { storeId: store.id, timezone: store.timezone, ...period };
  const [collected, refunded] = await onOneSnapshot(db, async (snapshot) => [await taxDays(snapshot, scope), await taxRefundDays(snapshot, scope)] as const);

  const labels = new Map<string, TaxKey & { label: string }>();
  for (const t of [...collected, ...refunded]) if (!labels.has(keyOf(t))) labels.set(keyOf(t), { code: t.code, label: t.label, includedInPrice: t.includedInPrice, rate: t.rate });
  const codes = [...labels.values()].sort(byKey);
  const zero = (): TaxCodeFigures[] =>
    codes.map((c) => ({ ...c, taxedSalesCents: 0, collectedCents: 0, taxedSalesRefundedCents: 0, refundedCents: 0, netTaxedSalesCents: 0, liabilityCents: 0 }));

  const days = new Map(datesOf(period).map((date) => [date, { date, taxes: zero(), collectedCents: 0, refundedCents: 0, liabilityCents: 0 } as TaxDay]));
  const dayOf = (date: string) => days.get(date) ?? days.set(date, { date, taxes: zero(), collectedCents: 0, refundedCents: 0, liabilityCents: 0 }).get(date)!;
  for (const t of collected) {
    const into = dayOf(t.day).taxes.find((x) => keyOf(x) === keyOf(t))!;
    into.collectedCents += t.amountCents;
    into.taxedSalesCents += t.taxedSalesCents;
  }
  for (const t of refunded) {
    const into = dayOf(t.day).taxes.find((x) => keyOf(x) === keyOf(t))!;
    into.refundedCents += t.refundedCents;
    into.taxedSalesRefundedCents += t.taxedSalesRefundedCents;
  }

  const taxes = zero();
  const totals: TaxTotals = { collectedCents: 0, refundedCents: 0, liabilityCents: 0 };
  const sorted = [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
  for (const d of sorted) {
    for (const t of d.taxes) {
      t.netTaxedSalesCents = t.taxedSalesCents - t.taxedSalesRefundedCents;
      t.liabilityCents = t.collectedCents - t.refundedCents;
      d.collectedCents += t.collectedCents;
      d.refundedCents += t.refundedCents;
      const into = taxes.find((x) => keyOf(x) === keyOf(t))!;
      for (const key of ['taxedSalesCents', 'collectedCents', 'taxedSalesRefundedCents', 'refundedCents', 'netTaxedSalesCents', 'liabilityCents'] as const) into[key] += t[key];
    }
    d.liabilityCents = d.collectedCents - d.refundedCents;
    totals.collectedCents += d.collectedCents;
    totals.refundedCents += d.refundedCents;
    totals.liabilityCents += d.liabilityCents;
  }
  return {
    storeId: store.id,
    storeName: store.name,
    jurisdiction: store.jurisdiction,
    timezone: store.timezone,
    from: period.from,
    to: period.to,
    taxes,
    days: sorted,
    totals,
  };
}
