// The purchase history the limit engine sums: one row per order line a customer took home,
// written inside the order's own transaction, credited back on returns. History is read across
// every store and channel of the organization in the sale's jurisdiction: stricter than "per
// licensed retailer" (CA), never looser, and it is what stops a customer splitting a purchase
// between two of our stores; a purchase in another state is under that state's law, not this one's.
import type { HistoryLine } from '@verdant/rules';
import { sql, type RawBuilder } from 'kysely';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { activeCaregiverBirthDateSql, customerLimitsLockKey, rulesCustomerSql, type AllowancesFor, type PreVerifiedFor } from '../customers';
import { notFound } from '../../platform/errors';

export type Channel = 'in_store' | 'pickup' | 'delivery';

export interface UsageLine {
  /** Position of the line in the order; defaults to its index. Unique per order. */
  lineNo?: number;
  sku: string;
  category: HistoryLine['category'];
  quantity: number;
  unitPriceCents: number;
  netWeightMg?: number | null;
  thcMg?: number | null;
  thcPercent?: number | null;
  thcaPercent?: number | null;
  infused?: boolean;
}

export interface RecordPurchaseInput {
  organizationId: string;
  storeId: string;
  customerId: string;
  orderId: string;
  channel: Channel;
  occurredAt: Date | string;
  lines: UsageLine[];
}

/**
 * recordPurchase as a data-modifying CTE (`usage_w as (…)`) for the order's one write statement.
 * Same rows, same idempotence (a line already recorded is kept). Null when there are no lines.
 */
export function recordPurchaseSql(input: RecordPurchaseInput): RawBuilder<unknown> | null {
  if (input.lines.length === 0) return null;
  const occurredAt = new Date(input.occurredAt).toISOString();
  const rows = input.lines.map((line, index) => ({
    line_no: line.lineNo ?? index,
    sku: line.sku,
    category: line.category,
    quantity: line.quantity,
    net_weight_mg: line.netWeightMg ?? null,
    thc_mg: line.thcMg ?? null,
    thc_percent: line.thcPercent ?? null,
    thca_percent: line.thcaPercent ?? null,
    infused: line.infused ?? false,
    unit_price_cents: line.unitPriceCents,
  }));
  return sql`usage_w as (
    insert into purchase_usage_line (organization_id, store_id, customer_id, order_id, line_no, channel, occurred_at, sku, category,
      quantity, net_weight_mg, thc_mg, thc_percent, thca_percent, infused, unit_price_cents)
    select ${input.organizationId}::uuid, ${input.storeId}::uuid, ${input.customerId}::uuid, ${input.orderId}::uuid, x.line_no,
           ${input.channel}::text, ${occurredAt}::timestamptz, x.sku, x.category, x.quantity, x.net_weight_mg, x.thc_mg, x.thc_percent,
           x.thca_percent, x.infused, x.unit_price_cents
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(line_no int, sku text, category text, quantity bigint,
           net_weight_mg bigint, thc_mg numeric, thc_percent numeric, thca_percent numeric, infused boolean, unit_price_cents bigint)
    on conflict (order_id, line_no) do nothing
    returning 1)`;
}

/** Idempotent: recording the same order line twice keeps the first. Returns the lines written. */
export async function recordPurchase(uow: UnitOfWork, input: RecordPurchaseInput): Promise<{ recorded: number }> {
  if (input.lines.length === 0) return { recorded: 0 };
  const occurredAt = new Date(input.occurredAt);
  const rows = await uow.trx
    .insertInto('purchase_usage_line')
    .values(
      input.lines.map((line, index) => ({
        organization_id: input.organizationId,
        store_id: input.storeId,
        customer_id: input.customerId,
        order_id: input.orderId,
        line_no: line.lineNo ?? index,
        channel: input.channel,
        occurred_at: occurredAt,
        sku: line.sku,
        category: line.category,
        quantity: line.quantity,
        net_weight_mg: line.netWeightMg ?? null,
        thc_mg: line.thcMg ?? null,
        thc_percent: line.thcPercent ?? null,
        thca_percent: line.thcaPercent ?? null,
        infused: line.infused ?? false,
        unit_price_cents: line.unitPriceCents,
      })),
    )
    .onConflict((oc) => oc.columns(['order_id', 'line_no']).doNothing())
    .returning('id')
    .execute();
  return { recorded: rows.length };
}

/**
 * Jurisdictions whose limits count what was bought, returns or not. None is known: the reference
 * has no rule on returns, and limits measure what the customer holds, so a return credits the
 * usage back by default. A state that says otherwise gets a row here (with its source).
 */
export const NO_CREDIT_ON_RETURN: ReadonlyArray<{ jurisdiction: string; source: string }> = [];

export interface CreditPurchaseInput {
  orderId: string;
  /** Lines returned and how many units of each; absent = the whole order. */
  lines?: Array<{ lineNo: number; quantity: number }>;
  at?: Date | string;
}

/** Gives returned units back to the customer's allowance. Never credits more than was bought. */
export async function creditPurchase(uow: UnitOfWork, input: CreditPurchaseInput): Promise<{ credited: number; creditable: boolean }> {
  const first = await uow.trx
    .selectFrom('purchase_usage_line as u')
    .innerJoin('store as s', 's.id', 'u.store_id')
    .select(['u.organization_id', 's.jurisdiction'])
    .where('u.order_id', '=', input.orderId)
    .executeTakeFirst();
  if (!first || (uow.actor.organizationId && first.organization_id !== uow.actor.organizationId)) {
    throw notFound('Recorded purchase', input.orderId);
  }
  if (NO_CREDIT_ON_RETURN.some((r) => r.jurisdiction === first.jurisdiction)) return { credited: 0, creditable: false };
  const at = new Date(input.at ?? Date.now());
  let credited = 0;
  if (!input.lines) {
    const rows = await uow.trx
      .updateTable('purchase_usage_line')
      .set((eb) => ({ credited_quantity: eb.ref('quantity'), credited_at: at }))
      .where('order_id', '=', input.orderId)
      .whereRef('credited_quantity', '<', 'quantity')
      .returning('id')
      .execute();
    credited = rows.length;
  } else {
    for (const line of input.lines) {
      // One conditional UPDATE: the CHECK keeps credited_quantity <= quantity, LEAST keeps us under it.
      const rows = await uow.trx
        .updateTable('purchase_usage_line')
        .set((eb) => ({
          credited_quantity: eb.fn('least', [eb.ref('quantity'), eb('credited_quantity', '+', line.quantity)]),
          credited_at: at,
        }))
        .where('order_id', '=', input.orderId)
        .where('line_no', '=', line.lineNo)
        .returning('id')
        .execute();
      credited += rows.length;
    }
  }
  return { credited, creditable: true };
}

export interface HistoryEntry {
  at: string;
  lines: HistoryLine[];
}

/**
 * The customer's purchases since `since`, in the rules package's `history` shape: one entry per
 * order, across every store and channel of the organization in `jurisdiction`, returned units left out.
 */
export async function historyFor(
  db: Db,
  input: { organizationId: string; customerId: string; jurisdiction: string; since: Date | string; until?: Date | string; excludeOrderId?: string },
): Promise<HistoryEntry[]> {
  let query = db
    .selectFrom('purchase_usage_line')
    .selectAll()
    .where('organization_id', '=', input.organizationId)
    .where('customer_id', '=', input.customerId)
    .where('store_id', 'in', (eb) => eb.selectFrom('store').select('store.id').where('store.organization_id', '=', input.organizationId).where('store.jurisdiction', '=', input.jurisdiction))
    .where('occurred_at', '>=', new Date(input.since))
    .whereRef('credited_quantity', '<', 'quantity');
  if (input.until) query = query.where('occurred_at', '<=', new Date(input.until));
  if (input.excludeOrderId) query = query.where('order_id', '<>', input.excludeOrderId);
  const rows = await query.orderBy('occurred_at').orderBy('order_id').orderBy('line_no').execute();
  return historyEntries(rows);
}

type UsageRow = {
  order_id: string;
  occurred_at: Date | string | number;
  sku: string;
  category: string;
  quantity: number;
  credited_quantity: number;
  unit_price_cents: number;
  infused: boolean;
  net_weight_mg: number | string | null;
  thc_mg: number | string | null;
  thc_percent: number | string | null;
  thca_percent: number | string | null;
};

/** Usage rows (ordered by time, order, line) grouped into the engine's history entries. */
function historyEntries(rows: UsageRow[]): HistoryEntry[] {
  const entries = new Map<string, HistoryEntry>();
  for (const row of rows) {
    let entry = entries.get(row.order_id);
    if (!entry) entries.set(row.order_id, (entry = { at: new Date(row.occurred_at).toISOString(), lines: [] }));
    const line: HistoryLine = {
      sku: row.sku,
      category: row.category as HistoryLine['category'],
      quantity: Number(row.quantity) - Number(row.credited_quantity),
      unitPriceCents: Number(row.unit_price_cents),
      infused: row.infused,
    };
    if (row.net_weight_mg !== null) line.netWeightMg = Number(row.net_weight_mg);
    if (row.thc_mg !== null) line.thcMg = Number(row.thc_mg);
    if (row.thc_percent !== null) line.thcPercent = Number(row.thc_percent);
    if (row.thca_percent !== null) line.thcaPercent = Number(row.thca_percent);
    entry.lines.push(line);
  }
  return [...entries.values()];
}

/**
 * The customer (rules shape) and their history, in ONE statement: checkout's pre-check and its
 * re-check under the customer's lock each cost one round trip. Null customer = no such customer.
 * With `caregiverId`, the same statement also reads that caregiver's birth date if an active link
 * lets them buy for the customer (null = not linked); without it the statement is unchanged.
 */
export async function customerWithHistory(
  db: Db,
  input: {
    organizationId: string;
    customerId: string;
    since: Date;
    until: Date;
    excludeOrderId?: string;
    /**
     * Also count purchases recorded after `until`, as if made at `until`: the re-check under the
     * customer's lock must see a sale that committed after the pre-check's instant.
     */
    countLater?: boolean;
    /** A caregiver buying for the customer. */
    caregiverId?: string;
    /**
     * Only purchases at the organization's stores in this jurisdiction count: a state's limits
     * are on what is bought under its law (a Michigan purchase is not under Illinois's window).
     */
    jurisdiction: string;
    /** The store-local date of the sale: a caregiver card on the link that expired before it does not count. */
    caregiverCardValidOn?: string;
    /** Read the customer's unexpired limit allowances for this jurisdiction and store-local date. */
    allowancesFor?: AllowancesFor;
    /** Read whether the customer is pre-verified for a delivery from this jurisdiction on this store-local date. */
    preVerifiedFor?: PreVerifiedFor;
  },
): Promise<{ customer: unknown; history: HistoryEntry[]; caregiverBirthDate: string | null }> {
  const result = await sql<{ customer: unknown; history: UsageRow[]; caregiver?: string | null }>`
    select ${rulesCustomerSql(input.organizationId, input.customerId, input.allowancesFor, input.preVerifiedFor)} as customer,
           coalesce((select jsonb_agg(jsonb_build_object(
                      'order_id', u.order_id, 'occurred_at', floor(extract(epoch from u.occurred_at) * 1000)::bigint, 'sku', u.sku,
                      'category', u.category, 'quantity', u.quantity, 'credited_quantity', u.credited_quantity,
                      'unit_price_cents', u.unit_price_cents, 'infused', u.infused, 'net_weight_mg', u.net_weight_mg,
                      'thc_mg', u.thc_mg, 'thc_percent', u.thc_percent, 'thca_percent', u.thca_percent)
                      order by u.occurred_at, u.order_id, u.line_no)
                       from purchase_usage_line u
                      where u.organization_id = ${input.organizationId} and u.customer_id = ${input.customerId}
                        and u.store_id in (select s.id from store s where s.organization_id = ${input.organizationId} and s.jurisdiction = ${input.jurisdiction})
                        and u.occurred_at >= ${input.since} ${input.countLater ? sql`` : sql`and u.occurred_at <= ${input.until}`}
                        and u.credited_quantity < u.quantity
                        ${input.excludeOrderId ? sql`and u.order_id <> ${input.excludeOrderId}` : sql``}), '[]'::jsonb) as history${
             input.caregiverId ? sql`, ${activeCaregiverBirthDateSql(input.organizationId, input.caregiverId, input.customerId, input.caregiverCardValidOn)} as caregiver` : sql``}`.execute(db);
  const row = result.rows[0];
  const history = historyEntries(row.history);
  if (input.countLater) {
    const until = input.until.toISOString();
    for (const entry of history) if (entry.at > until) entry.at = until;
  }
  return { customer: row.customer, history, caregiverBirthDate: row.caregiver ?? null };
}


/**
 * Serialises checkouts of one customer: call first in the completing transaction, then evaluate
 * and record. A second checkout of the same customer waits here and then sees the first's usage.
 * It is the customer's limit lock (customerLimitsLockKey), the one checkout, register sales,
 * returns and changes to the customer take: a row lock here did not wait for any of them.
 */
export async function lockCustomerAllowance(db: Db, organizationId: string, customerId: string): Promise<void> {
  const row = await db.selectFrom('customer').select('id').where('id', '=', customerId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) throw notFound('Customer', customerId);
  await sql`select pg_advisory_xact_lock(hashtextextended(${customerLimitsLockKey(customerId)}, 0))`.execute(db);
}
