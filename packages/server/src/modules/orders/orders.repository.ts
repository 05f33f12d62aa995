import { sql, type RawBuilder } from 'kysely';
import { notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import type { OrderChannel, OrderStatus } from './order-lifecycle';

type Trx = UnitOfWork['trx'] | Db;

export type OrderTax = {
  code: string;
  label: string;
  rate: number;
  amountCents: number;
  includedInPrice: boolean;
  metrcField?: string;
}

export type LineTax = {
  code: string;
  label: string;
  amountCents: number;
  /** What the tax was charged on, for this line (the engine's base: after included taxes come out, with the taxes it stacks on). Absent on lines sold before 2026-12-06. */
  baseCents?: number;
  /** The rate it was charged at (0.15 is 15 %). Absent on lines sold before 2026-12-07. */
  rate?: number;
  includedInPrice: boolean;
  metrcField?: string;
}

export type OrderPick = {
  packageId: string;
  packageLabel: string;
  locationId: string;
  /** In the package's unit: units, or milligrams. */
  quantity: number;
  unit: 'each' | 'mg';
}

/**
 * One promotion's part of a line, as the promotions engine allocated it at the sale (after a
 * manager's discount took its share). A buy-X-get-Y marks its reward lines `reward` (with what it
 * took off) and the lines that bought them `qualifying` (0 cents); a line paid for in part ("buy
 * one get one" on one line of two) carries both. Any other promotion is `discount`.
 */
export type LinePromotion = {
  promotionId: string;
  discountCents: number;
  role: 'discount' | 'reward' | 'qualifying';
  /** A buy-X-get-Y's terms as sold (buy x, get y, at most n times): a return judges the deal by them. */
  deal?: { buy: number; get: number; maxApplications?: number };
}

export type OrderLineView = {
  id: string;
  lineNo: number;
  skuId: string;
  skuCode: string;
  title: string;
  category: string;
  unit: 'each' | 'mg';
  quantity: number;
  unitPriceCents: number;
  grossCents: number;
  discountCents: number;
  totalCents: number;
  taxCents: number;
  taxes: LineTax[];
  picks: OrderPick[];
  pickedLabels: string[];
  priceOverride: { unitPriceCents?: number; discountCents?: number; reason: string; by: string | null } | null;
  returnedQuantity: number;
  /** What each promotion did to the line at the sale; null on lines sold before 2026-12-08 (not recorded). */
  promotions: LinePromotion[] | null;
}

export type OrderCustomerSnapshot = {
  id: string | null;
  kind: 'adult_use' | 'medical';
  /** The linked caregiver who bought for the patient, when one did (register sales). */
  caregiverId?: string;
  patientLicenseNumber?: string;
  caregiverLicenseNumber?: string;
}

export type OrderView = {
  id: string;
  number: string;
  storeId: string;
  channel: OrderChannel;
  status: OrderStatus;
  cartId: string | null;
  customer: OrderCustomerSnapshot;
  registerSessionId: string | null;
  budtenderId: string | null;
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
  refundedCents: number;
  taxes: OrderTax[];
  limits: unknown[];
  fulfillment: Record<string, unknown> | null;
  couponCodes: string[];
  idVerificationId: string | null;
  statusReason: string | null;
  placedAt: string;
  completedAt: string | null;
  lines: OrderLineView[];
}

/** Everything of an order row except what the database assigns (number, timestamps). */
export interface NewOrder {
  id: string;
  organizationId: string;
  storeId: string;
  channel: OrderChannel;
  status: OrderStatus;
  cartId: string | null;
  requestHash: string | null;
  customer: OrderCustomerSnapshot;
  reservationId: string | null;
  registerSessionId: string | null;
  budtenderId: string | null;
  licenseNumber: string;
  jurisdiction: string;
  timezone: string;
  packVersion: string | null;
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
  taxes: OrderTax[];
  limits: unknown[];
  fulfillment: Record<string, unknown> | null;
  couponCodes: string[];
  createdBy: string | null;
  completed: boolean;
}

/**
 * Inserts the order row. With `onConflict: 'nothing'` a row whose id is taken is not written and
 * null is returned: a POS sale resubmitted by its register waits here for the first to commit.
 */
export async function insertOrder(
  uow: UnitOfWork,
  order: NewOrder,
  options: {
    onConflict?: 'nothing';
    /** Also take this advisory lock (a key text), only if the row was inserted. */
    lockKey?: string;
    /** Also evaluate this condition in the same statement (answered as `checked`). */
    check?: RawBuilder<boolean>;
  } = {},
): Promise<{ number: string; placedAt: string; completedAt: string | null; checked: boolean | null } | null> {
  const insert = sql`${insertOrderSql(order)} ${options.onConflict === 'nothing' ? sql`on conflict (id) do nothing` : sql``} returning number, placed_at, completed_at`;
  const result = await (options.lockKey || options.check
    ? sql<{ number: number; placed_at: Date; completed_at: Date | null; checked: boolean | null }>`
        with o as (${insert})
        select o.*, ${options.lockKey ? sql`pg_advisory_xact_lock(hashtextextended(${options.lockKey}, 0))` : sql`null`} as locked,
               ${options.check ?? sql`null`} as checked
          from o`
    : sql<{ number: number; placed_at: Date; completed_at: Date | null; checked: null }>`${insert}`
  ).execute(uow.trx);
  const row = result.rows[0];
  if (!row) return null;
  return { ...insertedOrder(row), checked: row.checked ?? null };
}

export function insertedOrder(row: { number: number; placed_at: Date | string; completed_at: Date | string | null }) {
  return {
    number: String(row.number),
    placedAt: new Date(row.placed_at).toISOString(),
    completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
  };
}

/** The order row's INSERT (no RETURNING): for insertOrder, or as a CTE of the order's one write statement. */
export function insertOrderSql(order: NewOrder, options: { number?: number } = {}) {
  return sql`
    insert into sales_order (${options.number !== undefined ? sql`number, ` : sql``}id, organization_id, store_id, channel, status, cart_id, request_hash, customer_id, customer,
      reservation_id, register_session_id, budtender_id, license_number, jurisdiction, timezone, pack_version,
      subtotal_cents, discount_cents, tax_cents, total_cents, taxes, limits, fulfillment, coupon_codes, created_by, completed_at)
    values (${options.number !== undefined ? sql`${options.number}, ` : sql``}${order.id}, ${order.organizationId}, ${order.storeId}, ${order.channel}, ${order.status}, ${order.cartId},
      ${order.requestHash}, ${order.customer.id}, ${JSON.stringify(order.customer)}::jsonb, ${order.reservationId},
      ${order.registerSessionId}, ${order.budtenderId}, ${order.licenseNumber}, ${order.jurisdiction}, ${order.timezone},
      ${order.packVersion}, ${order.subtotalCents}, ${order.discountCents}, ${order.taxCents}, ${order.totalCents},
      ${JSON.stringify(order.taxes)}::jsonb, ${JSON.stringify(order.limits)}::jsonb,
      ${order.fulfillment === null ? null : JSON.stringify(order.fulfillment)}::jsonb, ${order.couponCodes}::text[],
      ${order.createdBy}, ${order.completed ? sql`now()` : sql`null`})`;
}

/**
 * The order's lines and first history row as data-modifying CTEs (`lines_w`, `history_w`) for the
 * order's one write statement (checkout adds limit usage, payments, audit and events to it).
 */
export function linesAndHistorySql(
  uow: UnitOfWork,
  orderId: string,
  lines: OrderLineView[],
  history: { from: OrderStatus | null; to: OrderStatus; reason?: string | null },
) {
  return sql`lines_w as (
      insert into sales_order_line (id, order_id, line_no, sku_id, sku_code, title, category, unit, quantity, unit_price_cents,
        gross_cents, discount_cents, total_cents, tax_cents, taxes, picks, price_override, promotions)
      select x.id, ${orderId}::uuid, x.line_no, x.sku_id, x.sku_code, x.title, x.category, x.unit, x.quantity, x.unit_price_cents,
             x.gross_cents, x.discount_cents, x.total_cents, x.tax_cents, x.taxes, x.picks, x.price_override, x.promotions
        from jsonb_to_recordset(${JSON.stringify(lineRows(lines))}::jsonb) as x(id uuid, line_no int, sku_id uuid, sku_code text, title text,
             category text, unit text, quantity bigint, unit_price_cents bigint, gross_cents bigint, discount_cents bigint,
             total_cents bigint, tax_cents bigint, taxes jsonb, picks jsonb, price_override jsonb, promotions jsonb)
      returning 1),
    history_w as (
      insert into sales_order_transition (order_id, from_status, to_status, reason, actor_type, actor_id)
      values (${orderId}, ${history.from}, ${history.to}, ${history.reason ?? null}, ${uow.actor.type}, ${uow.actor.id})
      returning 1)`;
}

function lineRows(lines: OrderLineView[]) {
  return lines.map((l) => ({
    id: l.id,
    line_no: l.lineNo,
    sku_id: l.skuId,
    sku_code: l.skuCode,
    title: l.title,
    category: l.category,
    unit: l.unit,
    quantity: l.quantity,
    unit_price_cents: l.unitPriceCents,
    gross_cents: l.grossCents,
    discount_cents: l.discountCents,
    total_cents: l.totalCents,
    tax_cents: l.taxCents,
    taxes: l.taxes,
    picks: l.picks,
    price_override: l.priceOverride,
    promotions: l.promotions,
  }));
}

/** The order's lines and its first history entry, in one statement. */
export async function insertLinesAndHistory(
  uow: UnitOfWork,
  orderId: string,
  lines: OrderLineView[],
  history: { from: OrderStatus | null; to: OrderStatus; reason?: string | null },
): Promise<void> {
  const rows = lineRows(lines);
  await sql`
    with l as (
      insert into sales_order_line (id, order_id, line_no, sku_id, sku_code, title, category, unit, quantity, unit_price_cents,
        gross_cents, discount_cents, total_cents, tax_cents, taxes, picks, price_override, promotions)
      select x.id, ${orderId}::uuid, x.line_no, x.sku_id, x.sku_code, x.title, x.category, x.unit, x.quantity, x.unit_price_cents,
             x.gross_cents, x.discount_cents, x.total_cents, x.tax_cents, x.taxes, x.picks, x.price_override, x.promotions
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, line_no int, sku_id uuid, sku_code text, title text,
             category text, unit text, quantity bigint, unit_price_cents bigint, gross_cents bigint, discount_cents bigint,
             total_cents bigint, tax_cents bigint, taxes jsonb, picks jsonb, price_override jsonb, promotions jsonb)
      returning 1
    )
    insert into sales_order_transition (order_id, from_status, to_status, reason, actor_type, actor_id)
    values (${orderId}, ${history.from}, ${history.to}, ${history.reason ?? null}, ${uow.actor.type}, ${uow.actor.id})`.execute(uow.trx);
}

export async function recordTransition(uow: UnitOfWork, orderId: string, from: OrderStatus | null, to: OrderStatus, reason: string | null): Promise<void> {
  await uow.trx
    .insertInto('sales_order_transition')
    .values({ order_id: orderId, from_status: from, to_status: to, reason, actor_type: uow.actor.type, actor_id: uow.actor.id })
    .execute();
}

type OrderRow = {
  id: string;
  organization_id: string;
  store_id: string;
  number: number;
  channel: string;
  status: string;
  cart_id: string | null;
  request_hash: string | null;
  customer_id: string | null;
  customer: unknown;
  reservation_id: string | null;
  register_session_id: string | null;
  budtender_id: string | null;
  license_number: string;
  jurisdiction: string;
  timezone: string;
  subtotal_cents: number;
  discount_cents: number;
  tax_cents: number;
  total_cents: number;
  refunded_cents: number;
  taxes: unknown;
  limits: unknown;
  fulfillment: unknown;
  coupon_codes: string[];
  id_verification_id: string | null;
  status_reason: string | null;
  placed_at: Date;
  completed_at: Date | string | null;
};

export interface StoredOrder {
  row: OrderRow;
  view: OrderView;
}

export function toLineView(l: {
  id: string;
  line_no: number;
  sku_id: string;
  sku_code: string;
  title: string;
  category: string;
  unit: 'each' | 'mg';
  quantity: number;
  unit_price_cents: number;
  gross_cents: number;
  discount_cents: number;
  total_cents: number;
  tax_cents: number;
  taxes: unknown;
  picks: unknown;
  picked_labels: string[];
  price_override: unknown;
  returned_quantity: number;
  promotions?: unknown;
}): OrderLineView {
  return {
    id: l.id,
    lineNo: l.line_no,
    skuId: l.sku_id,
    skuCode: l.sku_code,
    title: l.title,
    category: l.category,
    unit: l.unit,
    quantity: Number(l.quantity),
    unitPriceCents: Number(l.unit_price_cents),
    grossCents: Number(l.gross_cents),
    discountCents: Number(l.discount_cents),
    totalCents: Number(l.total_cents),
    taxCents: Number(l.tax_cents),
    taxes: (l.taxes ?? []) as LineTax[],
    picks: (l.picks ?? []) as OrderPick[],
    pickedLabels: l.picked_labels ?? [],
    priceOverride: (l.price_override ?? null) as OrderLineView['priceOverride'],
    returnedQuantity: Number(l.returned_quantity),
    promotions: (l.promotions ?? null) as LinePromotion[] | null,
  };
}

export function toOrderView(row: OrderRow, lines: OrderLineView[]): OrderView {
  return {
    id: row.id,
    number: String(row.number),
    storeId: row.store_id,
    channel: row.channel as OrderChannel,
    status: row.status as OrderStatus,
    cartId: row.cart_id,
    customer: row.customer as OrderCustomerSnapshot,
    registerSessionId: row.register_session_id,
    budtenderId: row.budtender_id,
    subtotalCents: Number(row.subtotal_cents),
    discountCents: Number(row.discount_cents),
    taxCents: Number(row.tax_cents),
    totalCents: Number(row.total_cents),
    refundedCents: Number(row.refunded_cents),
    taxes: (row.taxes ?? []) as OrderTax[],
    limits: (row.limits ?? []) as unknown[],
    fulfillment: (row.fulfillment ?? null) as Record<string, unknown> | null,
    couponCodes: row.coupon_codes ?? [],
    idVerificationId: row.id_verification_id,
    statusReason: row.status_reason,
    placedAt: new Date(row.placed_at).toISOString(),
    completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
    lines,
  };
}

/** The order and its lines; with `lock` the order row is locked for the rest of the transaction. */
export async function findOrder(trx: Trx, organizationId: string, orderId: string, options: { lock?: boolean } = {}): Promise<StoredOrder | null> {
  const row = await trx
    .selectFrom('sales_order')
    .selectAll()
    .where('id', '=', orderId)
    .where('organization_id', '=', organizationId)
    .$if(options.lock === true, (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!row) return null;
  const lines = await trx.selectFrom('sales_order_line').selectAll().where('order_id', '=', orderId).orderBy('line_no').execute();
  return { row: row as unknown as OrderRow, view: toOrderView(row as unknown as OrderRow, lines.map(toLineView)) };
}

export async function getOrder(trx: Trx, organizationId: string, orderId: string, options: { lock?: boolean } = {}): Promise<StoredOrder> {
  const found = await findOrder(trx, organizationId, orderId, options);
  if (!found) throw notFound('Order', orderId);
  return found;
}

/** A customer's orders, newest first (the online store's order history), without their lines. */
export async function listCustomerOrders(trx: Trx, organizationId: string, customerId: string, limit = 50): Promise<Array<Omit<OrderView, 'lines'>>> {
  const rows = await trx
    .selectFrom('sales_order')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .orderBy('placed_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => {
    const { lines: _lines, ...view } = toOrderView(row as unknown as OrderRow, []);
    return view;
  });
}

export interface OrderSearch {
  /** The number printed on the receipt. */
  number?: string;
  customerId?: string;
  channel?: OrderChannel;
  status?: OrderStatus;
  /** Placed at or after this instant. */
  from?: string;
  /** Placed before this instant. */
  to?: string;
  limit: number;
  /** Orders numbered below this one: the previous page's nextAfter. */
  after?: number;
}

/**
 * A store's orders, newest first, a page at a time, without their lines. Newest is by number:
 * numbers are drawn from one sequence as orders are written, so they follow the time of writing,
 * and the unique index on the number both orders the page and serves as its cursor. A lookup by
 * number is that index, one by customer the customer index; no index is added to sales_order for
 * this, as every one would cost each sale a write.
 */
export async function searchOrders(trx: Trx, organizationId: string, storeId: string, search: OrderSearch): Promise<{ orders: Array<Omit<OrderView, 'lines'>>; nextAfter: number | null }> {
  const rows = await trx
    .selectFrom('sales_order')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('store_id', '=', storeId)
    .$if(search.number !== undefined, (qb) => qb.where('number', '=', Number(search.number)))
    .$if(search.customerId !== undefined, (qb) => qb.where('customer_id', '=', search.customerId!))
    .$if(search.channel !== undefined, (qb) => qb.where('channel', '=', search.channel!))
    .$if(search.status !== undefined, (qb) => qb.where('status', '=', search.status!))
    .$if(search.from !== undefined, (qb) => qb.where('placed_at', '>=', new Date(search.from!)))
    .$if(search.to !== undefined, (qb) => qb.where('placed_at', '<', new Date(search.to!)))
    .$if(search.after !== undefined, (qb) => qb.where('number', '<', search.after!))
    .orderBy('number', 'desc')
    .limit(search.limit + 1)
    .execute();
  const more = rows.length > search.limit;
  const orders = rows.slice(0, search.limit).map((row) => {
    const { lines: _lines, ...view } = toOrderView(row as unknown as OrderRow, []);
    return view;
  });
  return { orders, nextAfter: more ? Number(orders[orders.length - 1].number) : null };
}

/** The store an order belongs to (for the caller's store access), without reading its lines. */
export async function storeOfOrder(trx: Trx, organizationId: string, orderId: string): Promise<string> {
  const row = await trx.selectFrom('sales_order').select('store_id').where('id', '=', orderId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) throw notFound('Order', orderId);
  return row.store_id;
}

/** The completion event (docs/events.md): one line per package the sale took stock from. */
export function completedPayload(order: OrderView, store: { licenseNumber: string; jurisdiction: string; timezone: string }, completedAt: string) {
  const lines = order.lines.flatMap((line) => {
    const picks = line.picks.length > 0 ? line.picks : [{ packageId: '', packageLabel: '', locationId: '', quantity: line.quantity, unit: line.unit }];
    const totalStock = picks.reduce((sum, p) => sum + p.quantity, 0);
    const share = (amount: number) => splitByWeights(amount, picks.map((p) => p.quantity), totalStock);
    const gross = share(line.grossCents);
    const discount = share(line.discountCents);
    const total = share(line.totalCents);
    const taxes = line.taxes.map((t) => ({ tax: t, parts: share(t.amountCents) }));
    return picks.map((pick, i) => ({
      lineId: line.id,
      skuId: line.skuId,
      packageLabel: pick.packageLabel,
      quantity: pick.unit === 'mg' ? Math.round(pick.quantity) / 1000 : pick.quantity,
      unit: pick.unit === 'mg' ? ('g' as const) : ('each' as const),
      // Per package: the unit price of what this package supplied (gross over its quantity).
      unitPriceCents: pick.unit === 'mg' ? line.unitPriceCents : pick.quantity > 0 ? Math.round(gross[i] / pick.quantity) : line.unitPriceCents,
      discountCents: discount[i],
      totalCents: total[i],
      taxes: taxes.map(({ tax, parts }) => ({
        code: tax.code,
        label: tax.label,
        amountCents: parts[i],
        ...(tax.metrcField ? { metrcField: tax.metrcField } : {}),
      })),
    }));
  });
  return {
    orderId: order.id,
    orderNumber: order.number,
    storeId: order.storeId,
    licenseNumber: store.licenseNumber,
    jurisdiction: store.jurisdiction,
    timezone: store.timezone,
    channel: order.channel,
    completedAt,
    customer: {
      id: order.customer.id,
      kind: order.customer.kind,
      ...(order.customer.caregiverId ? { caregiverId: order.customer.caregiverId } : {}),
      ...(order.customer.patientLicenseNumber ? { patientLicenseNumber: order.customer.patientLicenseNumber } : {}),
      ...(order.customer.caregiverLicenseNumber ? { caregiverLicenseNumber: order.customer.caregiverLicenseNumber } : {}),
    },
    lines,
    totals: { subtotalCents: order.subtotalCents, discountCents: order.discountCents, taxCents: order.taxCents, totalCents: order.totalCents },
  };
}

/** Splits an amount over weights by largest remainder: the parts always sum to the amount. */
export function splitByWeights(amount: number, weights: number[], total = weights.reduce((a, b) => a + b, 0)): number[] {
  if (weights.length === 1 || total <= 0) return weights.map((_, i) => (i === 0 ? amount : 0));
  const exact = weights.map((w) => (amount * w) / total);
  const parts = exact.map(Math.floor);
  let rest = amount - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) parts[order[k].i] += 1;
  return parts;
}
