// Delivery vehicles: what one vehicle may carry at a time. Unlike the delivery rules, which judge
// one order, these judge a load — every order on a delivery run — against the pack's vehicle
// rules: retail value, goods without an order, the share ordered and paid before departure, and
// the cannabis on board counted like a limit (equivalency components).
import type { Category } from './categories.ts';
import { RulesError, validationError } from './errors.ts';
import { evaluateLimit, measureLine, type MeasuredLine } from './limits.ts';
import { checkHours, clock } from './hours.ts';
import { toLocal } from './local-time.ts';
import type { Pack } from './pack-schema.ts';
import { snapshotFor } from './registry.ts';
import type { CheckedLine } from './request-schema.ts';
import type { LimitUsage, Violation } from './response-schema.ts';

/** One item on board, as a limit counts it. */
export interface VehicleLoadLine {
  category: Category;
  quantity: number;
  netWeightMg?: number;
  thcMg?: number;
  thcPercent?: number;
  thcaPercent?: number;
}

export interface VehicleLoadOrder {
  /** The caller's name for the order (an order number), echoed in messages. */
  ref: string;
  /** Retail value of the order's goods, in cents. */
  valueCents: number;
  /** Paid in full before the vehicle leaves. */
  prepaid: boolean;
  lines: VehicleLoadLine[];
}

export interface VehicleLoad {
  orders: VehicleLoadOrder[];
  /** Goods on board without an order (stock carried for sales on the road), in cents. */
  unorderedValueCents?: number;
}

export interface VehicleCheck {
  packVersion: string;
  date: string;
  valueCents: number;
  prepaidValueCents: number;
  unorderedValueCents: number;
  /** The cannabis caps in effect, with what the load uses of them. */
  amounts: LimitUsage[];
  /** The vehicle rules in effect, by id. */
  rules: string[];
  violations: Violation[];
}

const DOLLARS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const money = (cents: number) => `$${DOLLARS.format(cents / 100)}`;

/**
 * Judges a vehicle's load against the pack's vehicle rules on a store-local date. `lines` of a
 * violation are indexes into `load.orders` (the orders the rule counts), not cart lines.
 */
export function checkVehicleLoad(pack: Pack, date: string, load: VehicleLoad): VehicleCheck {
  const snap = snapshotFor(pack, date);
  const orderedValue = load.orders.reduce((sum, o) => sum + o.valueCents, 0);
  const unordered = load.unorderedValueCents ?? 0;
  const value = orderedValue + unordered;
  const prepaid = load.orders.reduce((sum, o) => sum + (o.prepaid ? o.valueCents : 0), 0);
  const everyOrder = load.orders.map((_, i) => i);
  const violations: Violation[] = [];
  const amounts: LimitUsage[] = [];

  // Every line of every order, measured once; `entry` remembers the order for error paths.
  const owner: Array<[number, number]> = [];
  const measured: MeasuredLine[] = [];
  load.orders.forEach((order, o) =>
    order.lines.forEach((line, l) => {
      owner.push([o, l]);
      measured.push(measureLine(line as CheckedLine, -1, measured.length));
    }),
  );

  for (const { rule, amount } of snap.deliveryVehicles) {
    const broken = (message: string, lines: number[]) =>
      violations.push({ code: 'DELIVERY_VEHICLE_LIMIT', message, rule: rule.id, lines, overridable: rule.overridable, confidence: rule.confidence, source: rule.source });
    if (rule.maxValueCents !== undefined && value > rule.maxValueCents)
      broken(`${rule.label}: ${money(value)} of goods on board, at most ${money(rule.maxValueCents)}`, everyOrder);
    if (rule.maxUnorderedValueCents !== undefined && unordered > rule.maxUnorderedValueCents)
      broken(`${rule.label}: ${money(unordered)} of goods without an order, at most ${money(rule.maxUnorderedValueCents)}`, []);
    // Goods may only ride with orders on board; an empty vehicle is not leaving with goods.
    if (rule.minOrders !== undefined && value > 0 && load.orders.length < rule.minOrders)
      broken(`${rule.label}: ${load.orders.length} order${load.orders.length === 1 ? '' : 's'} on board with ${money(value)} of goods, at least ${rule.minOrders} order${rule.minOrders === 1 ? '' : 's'} needed`, everyOrder);
    if (rule.minPrepaidShare !== undefined && value > 0 && prepaid < rule.minPrepaidShare * value)
      broken(
        `${rule.label}: ${money(prepaid)} of ${money(value)} ordered and paid before departure, at least ${Math.round(rule.minPrepaidShare * 1000) / 10} % needed`,
        everyOrder.filter((i) => !load.orders[i].prepaid),
      );
    if (amount) {
      let outcome;
      try {
        outcome = evaluateLimit(amount, measured, []);
      } catch (error) {
        throw onOrderPath(error, owner);
      }
      amounts.push(outcome.usage);
      if (outcome.violation) {
        const orders = [...new Set(outcome.violation.lines.map((i) => owner[i][0]))];
        broken(`${rule.label}: ${outcome.violation.message.replace(`${rule.label}: `, '').replace(' (per transaction)', '')} on board`, orders);
      }
    }
  }
  return {
    packVersion: snap.packVersion,
    date,
    valueCents: value,
    prepaidValueCents: prepaid,
    unorderedValueCents: unordered,
    amounts,
    rules: snap.deliveryVehicles.map((v) => v.rule.id),
    violations,
  };
}

/** A missing measure reported at ['orders', o, 'lines', l, field] rather than the flattened index. */
function onOrderPath(error: unknown, owner: Array<[number, number]>): unknown {
  if (!(error instanceof RulesError) || error.code !== 'VALIDATION_FAILED') return error;
  const [where, index, field] = error.details.path;
  if (where !== 'lines' || typeof index !== 'number' || !owner[index]) return error;
  const [o, l] = owner[index];
  const message = error.details.issues?.[0]?.message ?? error.message;
  return validationError(['orders', o, 'lines', l, ...(field === undefined ? [] : [field])], message);
}

/**
 * Whether goods may be handed over at the door at `atMs`: the pack's hours on that store-local day
 * (California: customers receive deliveries only 6 am–10 pm; New York: during posted hours).
 * Undefined when the hand-over is within them or the pack states none.
 */
export function checkHandOverHours(pack: Pack, timeZone: string, atMs: number): Violation | undefined {
  const local = toLocal(timeZone, atMs);
  const snap = snapshotFor(pack, local.date);
  return checkHours(snap.hours, local.secondOfDay, 'Hand-over', clock(local.secondOfDay));
}
