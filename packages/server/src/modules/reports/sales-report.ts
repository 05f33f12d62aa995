// The sales report: per store-local day and for the whole period, what was sold (gross, discounts,
// net, tax by code, total collected), how it was paid, by channel and by product type, and what
// returns and voids gave back. Built from the aggregate rows of reports.repository.ts; this file
// only puts them in place, a handful of rows per day.
//
// Identities every day and the totals keep (docs/reports.md):
//   netSalesCents   = grossCents − discountCents
//   totalCents      = netSalesCents − includedTaxWaivedCents + addedTaxCents
//   taxCents        = Σ taxes[].amountCents;  addedTaxCents = Σ taxes[] not included in the price
//   Σ tenders[].amountCents = totalCents
//   Σ channels[].x = x;  cannabis.x + nonCannabis.x = x
//   netCollectedCents = totalCents − returns.refundCents − voids.amountCents
//   Σ refundsByMethod[].amountCents = returns.refundCents + voids.amountCents
import type { Db } from '../../platform/unit-of-work';
import { datesOf } from './report-period';
import { lineDays, onOneSnapshot, orderDays, refundDays, refundMethodDays, taxDays, tenderDays, type PeriodScope } from './reports.repository';

export const CHANNELS = ['in_store', 'pickup', 'delivery'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface SalesPart {
  grossCents: number;
  discountCents: number;
  netSalesCents: number;
  taxCents: number;
  totalCents: number;
}

export interface SalesFigures {
  orders: number;
  grossCents: number;
  discountCents: number;
  netSalesCents: number;
  includedTaxWaivedCents: number;
  taxCents: number;
  addedTaxCents: number;
  totalCents: number;
  taxes: Array<{ code: string; label: string; includedInPrice: boolean; taxedSalesCents: number; amountCents: number }>;
  tenders: Array<{ method: string; payments: number; amountCents: number }>;
  cashRoundingCents: number;
  channels: Array<{ channel: Channel; orders: number; grossCents: number; discountCents: number; netSalesCents: number; totalCents: number }>;
  cannabis: SalesPart;
  nonCannabis: SalesPart;
  returns: { count: number; refundCents: number; taxRefundCents: number };
  voids: { count: number; amountCents: number; taxCents: number };
  refundsByMethod: Array<{ method: string; amountCents: number }>;
  netCollectedCents: number;
}

export interface SalesDay extends SalesFigures {
  date: string;
}

export interface SalesReport {
  storeId: string;
  storeName: string;
  timezone: string;
  from: string;
  to: string;
  days: SalesDay[];
  totals: SalesFigures;
}

export interface ReportStore {
  id: string;
  name: string;
  timezone: string;
  jurisdiction: string;
}

const part = (): SalesPart => ({ grossCents: 0, discountCents: 0, netSalesCents: 0, taxCents: 0, totalCents: 0 });

/** Every figure at zero, with a row for each tax code, tender and channel the period has, in a fixed order. */
function emptyFigures(codes: Array<{ code: string; label: string; includedInPrice: boolean }>, methods: string[]): SalesFigures {
  return {
    orders: 0,
    grossCents: 0,
    discountCents: 0,
    netSalesCents: 0,
    includedTaxWaivedCents: 0,
    taxCents: 0,
    addedTaxCents: 0,
    totalCents: 0,
    taxes: codes.map((c) => ({ ...c, taxedSalesCents: 0, amountCents: 0 })),
    tenders: methods.map((method) => ({ method, payments: 0, amountCents: 0 })),
    cashRoundingCents: 0,
    channels: CHANNELS.map((channel) => ({ channel, orders: 0, grossCents: 0, discountCents: 0, netSalesCents: 0, totalCents: 0 })),
    cannabis: part(),
    nonCannabis: part(),
    returns: { count: 0, refundCents: 0, taxRefundCents: 0 },
    voids: { count: 0, amountCents: 0, taxCents: 0 },
    refundsByMethod: [],
    netCollectedCents: 0,
  };
}

/** Methods in the order a person reads a tender list: cash first, then cards, stored value, the rest. */
const METHOD_ORDER = ['cash', 'terminal', 'gift_card', 'store_credit', 'simulator'];
export const byMethod = (a: string, b: string) => {
  const rank = (m: string) => (METHOD_ORDER.includes(m) ? METHOD_ORDER.indexOf(m) : METHOD_ORDER.length);
  return rank(a) - rank(b) || a.localeCompare(b);
};
const taxKey = (t: { code: string; includedInPrice: boolean }) => `${t.code}|${t.includedInPrice}`;

/** Adds `b` into `a`, figure by figure (the lists match by their key). */
function addInto(a: SalesFigures, b: SalesFigures): void {
  const scalars = ['orders', 'grossCents', 'discountCents', 'netSalesCents', 'includedTaxWaivedCents', 'taxCents', 'addedTaxCents', 'totalCents', 'cashRoundingCents', 'netCollectedCents'] as const;
  for (const key of scalars) a[key] += b[key];
  for (const t of b.taxes) {
    const into = a.taxes.find((x) => taxKey(x) === taxKey(t))!;
    into.taxedSalesCents += t.taxedSalesCents;
    into.amountCents += t.amountCents;
  }
  for (const t of b.tenders) {
    const into = a.tenders.find((x) => x.method === t.method)!;
    into.payments += t.payments;
    into.amountCents += t.amountCents;
  }
  for (const c of b.channels) {
    const into = a.channels.find((x) => x.channel === c.channel)!;
    for (const key of ['orders', 'grossCents', 'discountCents', 'netSalesCents', 'totalCents'] as const) into[key] += c[key];
  }
  for (const which of ['cannabis', 'nonCannabis'] as const) for (const key of Object.keys(a[which]) as Array<keyof SalesPart>) a[which][key] += b[which][key];
  a.returns.count += b.returns.count;
  a.returns.refundCents += b.returns.refundCents;
  a.returns.taxRefundCents += b.returns.taxRefundCents;
  a.voids.count += b.voids.count;
  a.voids.amountCents += b.voids.amountCents;
  a.voids.taxCents += b.voids.taxCents;
  for (const r of b.refundsByMethod) {
    const into = a.refundsByMethod.find((x) => x.method === r.method);
    if (into) into.amountCents += r.amountCents;
    else a.refundsByMethod.push({ ...r });
  }
  a.refundsByMethod.sort((x, y) => byMethod(x.method, y.method));
}

export async function salesReport(db: Db, store: ReportStore, period: { from: string; to: string }): Promise<SalesReport> {
  const scope: PeriodScope = { storeId: store.id, timezone: store.timezone, ...period };
  const [orders, lines, taxes, tenders, refunds, refundMethods] = await onOneSnapshot(db, async (snapshot) => [
    await orderDays(snapshot, scope),
    await lineDays(snapshot, scope),
    await taxDays(snapshot, scope),
    await tenderDays(snapshot, scope),
    await refundDays(snapshot, scope),
    await refundMethodDays(snapshot, scope),
  ] as const);

  const codes = [...new Map(taxes.map((t) => [taxKey(t), { code: t.code, label: t.label, includedInPrice: t.includedInPrice }])).values()].sort(
    (a, b) => a.code.localeCompare(b.code) || Number(a.includedInPrice) - Number(b.includedInPrice),
  );
  const methods = [...new Set(tenders.map((t) => t.method))].sort(byMethod);
  const days = new Map(datesOf(period).map((date) => [date, { date, ...emptyFigures(codes, methods) } as SalesDay]));
  // A row's day is always in the period (the statements bound it by the same instants), but a row
  // outside it would be a bug to see, not a crash.
  const dayOf = (date: string) => days.get(date) ?? days.set(date, { date, ...emptyFigures(codes, methods) }).get(date)!;

  for (const o of orders) {
    const d = dayOf(o.day);
    d.orders += o.orders;
    const channel = d.channels.find((c) => c.channel === o.channel);
    if (channel) {
      channel.orders += o.orders;
      channel.grossCents += o.grossCents;
      channel.discountCents += o.discountCents;
      channel.netSalesCents += o.grossCents - o.discountCents;
      channel.totalCents += o.totalCents;
    }
  }
  for (const l of lines) {
    const d = dayOf(l.day);
    d.grossCents += l.grossCents;
    d.discountCents += l.discountCents;
    const p = l.cannabis ? d.cannabis : d.nonCannabis;
    p.grossCents += l.grossCents;
    p.discountCents += l.discountCents;
    p.netSalesCents += l.grossCents - l.discountCents;
    // The waived part of an included tax is all that separates the net from what the lines sold for.
    d.includedTaxWaivedCents += l.grossCents - l.discountCents - l.linesCents;
    p.totalCents += l.linesCents;
  }
  for (const t of taxes) {
    const d = dayOf(t.day);
    const into = d.taxes.find((x) => taxKey(x) === taxKey(t))!;
    into.amountCents += t.amountCents;
    into.taxedSalesCents += t.taxedSalesCents;
    d.taxCents += t.amountCents;
    const p = t.cannabis ? d.cannabis : d.nonCannabis;
    p.taxCents += t.amountCents;
    if (!t.includedInPrice) {
      d.addedTaxCents += t.amountCents;
      p.totalCents += t.amountCents;
    }
  }
  for (const t of tenders) {
    const d = dayOf(t.day);
    const into = d.tenders.find((x) => x.method === t.method)!;
    into.payments += t.payments;
    into.amountCents += t.amountCents;
    if (t.method === 'cash') d.cashRoundingCents += t.roundingCents;
  }
  for (const r of refunds) {
    const d = dayOf(r.day);
    if (r.kind === 'void') d.voids = { count: d.voids.count + r.count, amountCents: d.voids.amountCents + r.refundCents, taxCents: d.voids.taxCents + r.taxRefundCents };
    else d.returns = { count: d.returns.count + r.count, refundCents: d.returns.refundCents + r.refundCents, taxRefundCents: d.returns.taxRefundCents + r.taxRefundCents };
  }
  for (const r of refundMethods) {
    const d = dayOf(r.day);
    // The cash rounding a refund gave back (or kept) is the drawer's too: a voided cash sale
    // nets to no rounding on its day, as the drawer does.
    d.cashRoundingCents += r.roundingCents;
    if (r.amountCents === 0) continue;
    const into = d.refundsByMethod.find((x) => x.method === r.method);
    if (into) into.amountCents += r.amountCents;
    else d.refundsByMethod.push({ method: r.method, amountCents: r.amountCents });
  }

  const totals = emptyFigures(codes, methods);
  const sorted = [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
  for (const d of sorted) {
    d.netSalesCents = d.grossCents - d.discountCents;
    d.totalCents = d.netSalesCents - d.includedTaxWaivedCents + d.addedTaxCents;
    d.netCollectedCents = d.totalCents - d.returns.refundCents - d.voids.amountCents;
    d.refundsByMethod.sort((x, y) => byMethod(x.method, y.method));
    addInto(totals, d);
  }
  return { storeId: store.id, storeName: store.name, timezone: store.timezone, from: period.from, to: period.to, days: sorted, totals };
}
