// The reports' SQL: a handful of aggregate statements over the sales of one store in one period,
// grouped by the store's local day. Nothing is read order by order into JavaScript; what comes back
// is one row per (day, channel), (day, product type, tax code), (day, tender), (day, kind of refund).
//
// These read the orders' and payments' tables (sales_order, sales_order_line, sales_return,
// payment) without writing them: a report is a read model over the modules that own them, and
// only a join in the database can add up thousands of orders without loading them. Their shape is
// documented in migrations 0030/0031 and docs/orders-and-checkout.md.
//
// Indexes: sales_order (store_id, completed_at) and sales_return (store_id, created_at), migration
// 0085; the lines, payments and earlier returns of those rows come by their order_id indexes.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/unit-of-work';
import type { ReportPeriod } from './report-period';

export interface PeriodScope extends ReportPeriod {
  storeId: string;
  timezone: string;
}

/** The period's first instant and the instant after its last day, at the store. */
function bounds(scope: PeriodScope): { start: RawBuilder<Date>; end: RawBuilder<Date> } {
  return {
    start: sql<Date>`((${scope.from}::date)::timestamp at time zone ${scope.timezone})`,
    end: sql<Date>`((${scope.to}::date + 1)::timestamp at time zone ${scope.timezone})`,
  };
}

/** The store-local date of an instant, as text (YYYY-MM-DD): pg would hand a date over as a local Date. */
const localDay = (column: RawBuilder<unknown>, timezone: string) => sql<string>`to_char((${column} at time zone ${timezone})::date, 'YYYY-MM-DD')`;

const num = (value: unknown) => Number(value ?? 0);

export interface OrderDayRow {
  day: string;
  channel: string;
  orders: number;
  grossCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
}

/**
 * Sales completed in the period, per day and channel. A sale counts on the day it was completed
 * (the register sale at once, an online order at its hand-over), voided ones included: the void
 * counts against the day it was made (voidRows).
 */
export async function orderDays(db: Db, scope: PeriodScope): Promise<OrderDayRow[]> {
  const { start, end } = bounds(scope);
  const { rows } = await sql<Record<string, unknown>>`
    select ${localDay(sql.ref('o.completed_at'), scope.timezone)} as day, o.channel,
           count(*) as orders,
           sum(o.subtotal_cents)::bigint as gross, sum(o.discount_cents)::bigint as discount,
           sum(o.tax_cents)::bigint as tax, sum(o.total_cents)::bigint as total
      from sales_order o
     where o.store_id = ${scope.storeId} and o.completed_at >= ${start} and o.completed_at < ${end}
     group by 1, 2`.execute(db);
  return rows.map((r) => ({
    day: String(r.day),
    channel: String(r.channel),
    orders: num(r.orders),
    grossCents: num(r.gross),
    discountCents: num(r.discount),
    taxCents: num(r.tax),
    totalCents: num(r.total),
  }));
}

export interface LineDayRow {
  day: string;
  cannabis: boolean;
  grossCents: number;
  discountCents: number;
  /** What the lines sold for after discounts, before added taxes (a waived included tax taken off). */
  linesCents: number;
}

/** The same sales' lines, per day and cannabis / non-cannabis (category `accessory`, as in checkout). */
export async function lineDays(db: Db, scope: PeriodScope): Promise<LineDayRow[]> {
  const { start, end } = bounds(scope);
  const { rows } = await sql<Record<string, unknown>>`
    select ${localDay(sql.ref('o.completed_at'), scope.timezone)} as day, (l.category <> 'accessory') as cannabis,
           sum(l.gross_cents)::bigint as gross, sum(l.discount_cents)::bigint as discount, sum(l.total_cents)::bigint as lines
      from sales_order o
      join sales_order_line l on l.order_id = o.id
     where o.store_id = ${scope.storeId} and o.completed_at >= ${start} and o.completed_at < ${end}
     group by 1, 2`.execute(db);
  return rows.map((r) => ({ day: String(r.day), cannabis: Boolean(r.cannabis), grossCents: num(r.gross), discountCents: num(r.discount), linesCents: num(r.lines) }));
}

export interface TaxDayRow {
  day: string;
  cannabis: boolean;
  code: string;
  label: string;
  includedInPrice: boolean;
  /** The rate charged (0.15 is 15 %); null for lines sold before Verdant kept it with the line. */
  rate: number | null;
  amountCents: number;
  /** What the lines that carried this tax sold for (after discounts, before added taxes). */
  taxedSalesCents: number;
}

/**
 * Runs a report's statements on one snapshot (REPEATABLE READ, READ ONLY), one after another: a
 * sale committing while the report is read is in every figure or in none, so the totals add up
 * while the store is trading, and one report holds one connection of the pool.
 */
export function onOneSnapshot<T>(db: Db, read: (snapshot: Db) => Promise<T>): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute((trx) => read(trx));
}

/**
 * What a line's tax was charged on: the engine's base for that line (an included tax such as
 * Washington's excise taken out, a tax it stacks on added), kept with the line's tax since
 * 2026-12-06; the line's total for lines sold before, which is the base wherever no tax is
 * included in the price or stacked.
 */
const taxBase = sql`coalesce((t.tax->>'baseCents')::bigint, l.total_cents)`;

/** The rate a line's tax was charged at, kept with it since 2026-12-07 (null before). */
const taxRate = sql`(t.tax->>'rate')::numeric`;
const rateOf = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** Tax charged on the same sales, from each line's tax lines (the engine's split of every tax). */
export async function taxDays(db: Db, scope: PeriodScope): Promise<TaxDayRow[]> {
  const { start, end } = bounds(scope);
  const { rows } = await sql<Record<string, unknown>>`
    select ${localDay(sql.ref('o.completed_at'), scope.timezone)} as day, (l.category <> 'accessory') as cannabis,
           t.tax->>'code' as code, coalesce((t.tax->>'includedInPrice')::boolean, false) as included,
           ${taxRate} as rate, max(t.tax->>'label') as label,
           sum((t.tax->>'amountCents')::bigint)::bigint as amount, sum(${taxBase})::bigint as taxed
      from sales_order o
      join sales_order_line l on l.order_id = o.id
     cross join lateral jsonb_array_elements(l.taxes) as t(tax)
     where o.store_id = ${scope.storeId} and o.completed_at >= ${start} and o.completed_at < ${end}
     group by 1, 2, 3, 4, 5`.execute(db);
  return rows.map((r) => ({
    day: String(r.day),
    cannabis: Boolean(r.cannabis),
    code: String(r.code),
    label: String(r.label ?? r.code),
    includedInPrice: Boolean(r.included),
    rate: rateOf(r.rate),
    amountCents: num(r.amount),
    taxedSalesCents: num(r.taxed),
  }));
}

export interface TenderDayRow {
  day: string;
  method: string;
  payments: number;
  amountCents: number;
  /** Cash only: what the store's cash rounding added (or took off) over the amount due. */
  roundingCents: number;
}

/** How the same sales were paid: their payments by tender, on the sale's day (not the payment's). */
export async function tenderDays(db: Db, scope: PeriodScope): Promise<TenderDayRow[]> {
  const { start, end } = bounds(scope);
  const { rows } = await sql<Record<string, unknown>>`
    select ${localDay(sql.ref('o.completed_at'), scope.timezone)} as day, p.provider as method,
           count(*) as payments, sum(p.amount_cents)::bigint as amount,
           sum(coalesce((p.details->>'roundingCents')::bigint, 0))::bigint as rounding
      from sales_order o
      join payment p on p.order_id = o.id
     where o.store_id = ${scope.storeId} and o.completed_at >= ${start} and o.completed_at < ${end}
     group by 1, 2`.execute(db);
  return rows.map((r) => ({ day: String(r.day), method: String(r.method), payments: num(r.payments), amountCents: num(r.amount), roundingCents: num(r.rounding) }));
}

export interface RefundDayRow {
  day: string;
  kind: 'return' | 'void';
  count: number;
  refundCents: number;
  taxRefundCents: number;
}

/** Returns and voids booked in the period, on the day they were booked, whenever the sale was. */
export async function refundDays(db: Db, scope: PeriodScope): Promise<RefundDayRow[]> {
  const { start, end } = bounds(scope);
  const { rows } = await sql<Record<string, unknown>>`
    select ${localDay(sql.ref('r.created_at'), scope.timezone)} as day, r.kind,
           count(*) as count, sum(r.refund_cents)::bigint as refund, sum(r.tax_refund_cents)::bigint as tax
      from sales_return r
     where r.store_id = ${scope.storeId} and r.created_at >= ${start} and r.created_at < ${end}
     group by 1, 2`.execute(db);
  return rows.map((r) => ({ day: String(r.day), kind: r.kind as 'return' | 'void', count: num(r.count), refundCents: num(r.refund), taxRefundCents: num(r.tax) }));
}

export interface RefundMethodDayRow {
  day: string;
  /** Where the money went: the tender refunded (cash, terminal, …), store_credit, or outstanding. */
  method: string;
  amountCents: number;
  /**
   * Cash only: what the store's cash rounding kept in the drawer over the cents refunded (the
   * cents refunded − the cash handed back, each part's `cashOutCents`); negative when it gave more.
   */
  roundingCents: number;
}

/**
 * Where the refunds of those returns and voids went, as recorded on each return after its money
 * moved: the original tender's method or store credit. What no refund was recorded for yet (a
 * processor that failed and awaits follow-up, or one still under way) is `outstanding`, so the
 * methods always add up to what was booked.
 *
 * A part refunded in cash to the original tender records the cash handed back for it
 * (`cashOutCents`, rounded with the store's cash unit), which differs from its cents as the sale's
 * cash payment differed from its amount: a sale's rounding is given back with its refund, so the
 * report's cash rounding is counted for refunds too, on the day the refund was booked.
 */
export async function refundMethodDays(db: Db, scope: PeriodScope): Promise<RefundMethodDayRow[]> {
  const { start, end } = bounds(scope);
  const { rows } = await sql<Record<string, unknown>>`
    select ${localDay(sql.ref('r.created_at'), scope.timezone)} as day, x.method,
           sum(x.amount)::bigint as amount, sum(x.rounding)::bigint as rounding
      from sales_return r
     cross join lateral (
             select e->>'destination' as method, (e->>'amountCents')::bigint as amount,
                    coalesce((e->>'amountCents')::bigint - (e->>'cashOutCents')::bigint, 0) as rounding
               from jsonb_array_elements(r.refunds) e
              where e->>'refundId' is not null
             union all
             select 'outstanding', r.refund_cents - coalesce((select sum((e->>'amountCents')::bigint)
                                                                 from jsonb_array_elements(r.refunds) e
                                                                where e->>'refundId' is not null), 0), 0
           ) x
     where r.store_id = ${scope.storeId} and r.created_at >= ${start} and r.created_at < ${end}
     group by 1, 2
    having sum(x.amount) <> 0 or sum(x.rounding) <> 0`.execute(db);
  return rows.map((r) => ({ day: String(r.day), method: String(r.method), amountCents: num(r.amount), roundingCents: num(r.rounding) }));
}

export interface TaxRefundDayRow {
  day: string;
  code: string;
  label: string;
  includedInPrice: boolean;
  rate: number | null;
  refundedCents: number;
  taxedSalesRefundedCents: number;
}

/**
 * Tax given back by the returns and voids booked in the period, per tax code and day.
 *
 * A return stores its refund and the added tax in it per line, not per tax code, so the codes are
 * worked out here the way the return worked out its cents: the units returned take the share
 * floor(amount × (before + n) / sold) − floor(amount × before / sold) of each of the line's taxes,
 * where `before` is what earlier returns of the line took back (returns of an order are booked one
 * at a time under the order's lock, in the order of their ids). Over a line returned in full every
 * code gets back exactly what it charged. The added taxes' shares are then made to add up to the
 * tax the return actually refunded (its `taxRefundCents`, a share of their sum, which can differ
 * by a cent per code): the difference goes to the line's largest added tax. The shares of a tax
 * contained in the price (Washington's excise) are reported as they are; the refund held them.
 */
export async function taxRefundDays(db: Db, scope: PeriodScope): Promise<TaxRefundDayRow[]> {
  const { start, end } = bounds(scope);
  const { rows } = await sql<Record<string, unknown>>`
    with booked as (
      select r.id, r.order_id
        from sales_return r
       where r.store_id = ${scope.storeId} and r.created_at >= ${start} and r.created_at < ${end}
    ),
    returned as (
      -- every return of those orders, earlier ones too: they decide which units' cents a later one took
      select r.id as return_id, r.order_id, r.created_at, e.ord as entry,
             (e.line->>'lineNo')::int as line_no, (e.line->>'quantity')::bigint as qty,
             coalesce((e.line->>'taxRefundCents')::bigint, 0) as tax_refund,
             coalesce(sum((e.line->>'quantity')::bigint) over (
               partition by r.order_id, (e.line->>'lineNo')::int
               order by r.id, e.ord rows between unbounded preceding and 1 preceding), 0)::bigint as before
        from sales_return r
       cross join lateral jsonb_array_elements(r.lines) with ordinality as e(line, ord)
       where r.order_id in (select order_id from booked)
    ),
    shares as (
      select x.return_id, x.created_at, x.entry, x.tax_refund,
             t.ord, t.tax->>'code' as code, t.tax->>'label' as label,
             coalesce((t.tax->>'includedInPrice')::boolean, false) as included, ${taxRate} as rate,
             (t.tax->>'amountCents')::bigint as amount,
             ((t.tax->>'amountCents')::bigint * (x.before + x.qty)) / l.quantity
               - ((t.tax->>'amountCents')::bigint * x.before) / l.quantity as share,
             (${taxBase} * (x.before + x.qty)) / l.quantity - (${taxBase} * x.before) / l.quantity as taxed
        from returned x
        join booked b on b.id = x.return_id
        join sales_order_line l on l.order_id = x.order_id and l.line_no = x.line_no
       cross join lateral jsonb_array_elements(l.taxes) with ordinality as t(tax, ord)
    ),
    settled as (
      select s.*,
             s.share + case
               when not s.included and row_number() over (partition by s.return_id, s.entry, s.included order by s.amount desc, s.ord) = 1
               then s.tax_refund - sum(case when s.included then 0 else s.share end) over (partition by s.return_id, s.entry)
               else 0 end as refunded
        from shares s
    )
    select ${localDay(sql.ref('created_at'), scope.timezone)} as day, code, included, rate, max(label) as label,
           sum(refunded)::bigint as refunded, sum(taxed)::bigint as taxed
      from settled
     group by 1, 2, 3, 4`.execute(db);
  return rows.map((r) => ({
    day: String(r.day),
    code: String(r.code),
    label: String(r.label ?? r.code),
    includedInPrice: Boolean(r.included),
    rate: rateOf(r.rate),
    refundedCents: num(r.refunded),
    taxedSalesRefundedCents: num(r.taxed),
  }));
}

/** How the product report groups what sold. */
export const PRODUCT_GROUPINGS = ['sku', 'product', 'category', 'brand'] as const;
export type ProductGrouping = (typeof PRODUCT_GROUPINGS)[number];

export interface ProductGroupRow {
  /** The SKU's or product's id, the category, the brand's id; null for products without a brand. */
  key: string | null;
  skuCode: string | null;
  registerName: string | null;
  /** A line's title as sold (SKU grouping), or the product's title (product grouping). */
  title: string | null;
  brandName: string | null;
  unitsSold: number;
  weightSoldMg: number;
  unitsReturned: number;
  weightReturnedMg: number;
  grossCents: number;
  discountCents: number;
  taxCents: number;
  refundCents: number;
}

/**
 * The group a line falls in. The category is the line's own (as sold, the one the sales report
 * splits cannabis from accessories by); SKU, product and brand are the catalog's, by the line's SKU.
 * Chosen from a fixed list, never from the request's text.
 */
const productKey: Record<ProductGrouping, RawBuilder<string | null>> = {
  sku: sql`m.sku_id::text`,
  product: sql`coalesce(k.product_id::text, m.sku_id::text)`,
  category: sql`m.category`,
  brand: sql`p.brand_id::text`,
};

/**
 * What sold in the period, per SKU, product, category or brand: the lines of the sales completed
 * in it (voided ones included, as in the sales report), and the units the returns and voids booked
 * in it took back with what they refunded (each return line's refundCents, its added tax included,
 * as the return stored it), whichever day the sale was. The lines are added up per (SKU, category)
 * first, so the catalog is joined to a few rows, not to every line.
 */
export async function productGroups(db: Db, scope: PeriodScope, groupBy: ProductGrouping): Promise<ProductGroupRow[]> {
  const { start, end } = bounds(scope);
  const { rows } = await sql<Record<string, unknown>>`
    with sold as (
      select l.sku_id, l.category, max(l.sku_code) as sku_code, max(l.title) as title,
             sum(l.quantity) filter (where l.unit = 'each') as units, sum(l.quantity) filter (where l.unit = 'mg') as mg,
             sum(l.gross_cents) as gross, sum(l.discount_cents) as discount, sum(l.tax_cents) as tax
        from sales_order o
        join sales_order_line l on l.order_id = o.id
       where o.store_id = ${scope.storeId} and o.completed_at >= ${start} and o.completed_at < ${end}
       group by 1, 2
    ),
    returned as (
      select l.sku_id, l.category, max(l.sku_code) as sku_code, max(l.title) as title,
             sum((e.line->>'quantity')::bigint) filter (where l.unit = 'each') as units,
             sum((e.line->>'quantity')::bigint) filter (where l.unit = 'mg') as mg,
             sum(coalesce((e.line->>'refundCents')::bigint, 0)) as refund
        from sales_return r
       cross join lateral jsonb_array_elements(r.lines) as e(line)
        join sales_order_line l on l.order_id = r.order_id and l.line_no = (e.line->>'lineNo')::int
       where r.store_id = ${scope.storeId} and r.created_at >= ${start} and r.created_at < ${end}
       group by 1, 2
    ),
    moved as (
      select sku_id, category, sku_code, title, units as units_sold, mg as mg_sold, 0 as units_returned, 0 as mg_returned,
             gross, discount, tax, 0 as refund
        from sold
      union all
      select sku_id, category, sku_code, title, 0, 0, units, mg, 0, 0, 0, refund
        from returned
    )
    select ${productKey[groupBy]} as key,
           max(coalesce(k.code, m.sku_code)) as sku_code, max(k.register_name) as register_name,
           ${groupBy === 'product' ? sql`coalesce(max(p.title), max(m.title))` : sql`max(m.title)`} as title, max(b.name) as brand_name,
           sum(m.units_sold)::bigint as units_sold, sum(m.mg_sold)::bigint as mg_sold,
           sum(m.units_returned)::bigint as units_returned, sum(m.mg_returned)::bigint as mg_returned,
           sum(m.gross)::bigint as gross, sum(m.discount)::bigint as discount, sum(m.tax)::bigint as tax, sum(m.refund)::bigint as refund
      from moved m
      left join sku k on k.id = m.sku_id
      left join product p on p.id = k.product_id
      left join brand b on b.id = p.brand_id
     group by 1`.execute(db);
  return rows.map((r) => ({
    key: r.key === null || r.key === undefined ? null : String(r.key),
    skuCode: r.sku_code === null ? null : String(r.sku_code),
    registerName: r.register_name === null ? null : String(r.register_name),
    title: r.title === null ? null : String(r.title),
    brandName: r.brand_name === null ? null : String(r.brand_name),
    unitsSold: num(r.units_sold),
    weightSoldMg: num(r.mg_sold),
    unitsReturned: num(r.units_returned),
    weightReturnedMg: num(r.mg_returned),
    grossCents: num(r.gross),
    discountCents: num(r.discount),
    taxCents: num(r.tax),
    refundCents: num(r.refund),
  }));
}

export interface BudtenderRow {
  /** The staff member the sale was credited to; null for sales credited to nobody (online orders nobody was named on). */
  budtenderId: string | null;
  name: string | null;
  orders: number;
  units: number;
  weightMg: number;
  grossCents: number;
  discountCents: number;
  totalCents: number;
  returns: number;
  returnRefundCents: number;
  voids: number;
  voidCents: number;
}

/**
 * The period's sales per budtender the sale was credited to (sales_order.budtender_id: who rang it
 * up at the register, or whoever was named on it), and the returns and voids booked in the period
 * against their sales, whichever day the sale was. Each part is added up on its own (orders, their
 * lines, the refunds) and the parts are then put side by side per budtender.
 */
export async function budtenderRows(db: Db, scope: PeriodScope): Promise<BudtenderRow[]> {
  const { start, end } = bounds(scope);
  const { rows } = await sql<Record<string, unknown>>`
    with sold as (
      select o.budtender_id, count(*) as orders, sum(o.total_cents) as total
        from sales_order o
       where o.store_id = ${scope.storeId} and o.completed_at >= ${start} and o.completed_at < ${end}
       group by 1
    ),
    lines as (
      select o.budtender_id, sum(l.quantity) filter (where l.unit = 'each') as units, sum(l.quantity) filter (where l.unit = 'mg') as mg,
             sum(l.gross_cents) as gross, sum(l.discount_cents) as discount
        from sales_order o
        join sales_order_line l on l.order_id = o.id
       where o.store_id = ${scope.storeId} and o.completed_at >= ${start} and o.completed_at < ${end}
       group by 1
    ),
    refunded as (
      select o.budtender_id,
             count(*) filter (where r.kind = 'return') as returns, sum(r.refund_cents) filter (where r.kind = 'return') as return_refund,
             count(*) filter (where r.kind = 'void') as voids, sum(r.refund_cents) filter (where r.kind = 'void') as void_amount
        from sales_return r
        join sales_order o on o.id = r.order_id
       where r.store_id = ${scope.storeId} and r.created_at >= ${start} and r.created_at < ${end}
       group by 1
    ),
    parts as (
      select budtender_id, orders, total, 0 as units, 0 as mg, 0 as gross, 0 as discount, 0 as returns, 0 as return_refund, 0 as voids, 0 as void_amount from sold
      union all
      select budtender_id, 0, 0, units, mg, gross, discount, 0, 0, 0, 0 from lines
      union all
      select budtender_id, 0, 0, 0, 0, 0, 0, returns, return_refund, voids, void_amount from refunded
    )
    select x.budtender_id, max(s.name) as name,
           sum(x.orders)::bigint as orders, sum(x.units)::bigint as units, sum(x.mg)::bigint as mg,
           sum(x.gross)::bigint as gross, sum(x.discount)::bigint as discount, sum(x.total)::bigint as total,
           sum(x.returns)::bigint as returns, sum(x.return_refund)::bigint as return_refund,
           sum(x.voids)::bigint as voids, sum(x.void_amount)::bigint as void_amount
      from parts x
      left join staff_user s on s.id::text = x.budtender_id
     group by 1`.execute(db);
  return rows.map((r) => ({
    budtenderId: r.budtender_id === null || r.budtender_id === undefined ? null : String(r.budtender_id),
    name: r.name === null || r.name === undefined ? null : String(r.name),
    orders: num(r.orders),
    units: num(r.units),
    weightMg: num(r.mg),
    grossCents: num(r.gross),
    discountCents: num(r.discount),
    totalCents: num(r.total),
    returns: num(r.returns),
    returnRefundCents: num(r.return_refund),
    voids: num(r.voids),
    voidCents: num(r.void_amount),
  }));
}
