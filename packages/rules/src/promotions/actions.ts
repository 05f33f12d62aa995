// What each action takes off, unit by unit. Units are tracked separately because the law cares
// about units: "buy one get one free" makes one unit free, which a jurisdiction may forbid even
// though the line as a whole is only half off. Every function returns a discount per unit, never
// more than what the unit still costs.
import { matchesFilter } from './conditions.ts';
import type { PromotionLine } from './engine-types.ts';
import { allocateLargestRemainder, percentOf } from './money-math.ts';
import type { ActionInput as Action, ItemFilter } from './promotion-schema.ts';

export interface CartState {
  lines: readonly PromotionLine[];
  /** What each unit of each line still costs after the promotions applied so far. */
  remaining: number[][];
}

export type UnitDiscounts = number[][];

interface UnitRef {
  line: number;
  unit: number;
  price: number;
}

export function zeroDiscounts(state: CartState): UnitDiscounts {
  return state.remaining.map((units) => units.map(() => 0));
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

const unitKeys = new Map<number, string[]>();
function unitOrder(count: number): string[] {
  let keys = unitKeys.get(count);
  if (!keys) {
    keys = Array.from({ length: count }, (_, i) => String(i).padStart(6, '0'));
    if (unitKeys.size < 1_000) unitKeys.set(count, keys);
  }
  return keys;
}

/** Spread `amount` over one line's units in proportion to what each still costs. */
export function spreadOverUnits(amount: number, unitWeights: readonly number[]): number[] {
  return allocateLargestRemainder(amount, unitWeights, unitOrder(unitWeights.length));
}

/** Spread an order-level `amount` over lines (largest remainder, ties by line id), then over each line's units. */
export function spreadOverLines(amount: number, lineIdx: readonly number[], weights: UnitDiscounts, state: CartState): UnitDiscounts {
  const out = zeroDiscounts(state);
  const totals = lineIdx.map((i) => sum(weights[i]));
  const perLine = allocateLargestRemainder(amount, totals, lineIdx.map((i) => state.lines[i].lineId));
  lineIdx.forEach((i, k) => {
    out[i] = spreadOverUnits(perLine[k], weights[i]);
  });
  return out;
}

function matchingLines(state: CartState, filter: ItemFilter | undefined): number[] {
  const idx: number[] = [];
  state.lines.forEach((l, i) => {
    if (matchesFilter(l, filter)) idx.push(i);
  });
  return idx;
}

function remainingOf(state: CartState, lineIdx: readonly number[]): number {
  let s = 0;
  for (const i of lineIdx) s += sum(state.remaining[i]);
  return s;
}

/** Units of matching lines that still cost something, ordered by price then line id then unit. */
function units(state: CartState, filter: ItemFilter | undefined, direction: 'asc' | 'desc'): UnitRef[] {
  const refs: UnitRef[] = [];
  for (const i of matchingLines(state, filter)) {
    state.remaining[i].forEach((price, unit) => {
      if (price > 0) refs.push({ line: i, unit, price });
    });
  }
  const sign = direction === 'asc' ? 1 : -1;
  refs.sort((a, b) => {
    if (a.price !== b.price) return sign * (a.price - b.price);
    const ka = state.lines[a.line].lineId;
    const kb = state.lines[b.line].lineId;
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a.unit - b.unit;
  });
  return refs;
}

function orderLevel(state: CartState, filter: ItemFilter | undefined, amountFor: (base: number) => number): UnitDiscounts {
  const idx = matchingLines(state, filter);
  const base = remainingOf(state, idx);
  const amount = Math.min(base, Math.max(0, amountFor(base)));
  return spreadOverLines(amount, idx, state.remaining, state);
}

function bundlePrice(action: Extract<Action, { type: 'bundle_price' }>, state: CartState): UnitDiscounts {
  const out = zeroDiscounts(state);
  // Most expensive units first: the bundle is there to move premium product, and the customer
  // would otherwise ask the budtender to ring the pricey ones into it anyway.
  const pool = units(state, action.filter, 'desc');
  const max = Math.min(Math.floor(pool.length / action.quantity), action.maxApplications ?? Infinity);
  for (let k = 0; k < max; k++) {
    const group = pool.slice(k * action.quantity, (k + 1) * action.quantity);
    const gross = sum(group.map((u) => u.price));
    const discount = gross - action.priceCents;
    if (discount <= 0) break; // later groups are cheaper still
    const parts = allocateLargestRemainder(
      discount,
      group.map((u) => u.price),
      group.map((u) => `${state.lines[u.line].lineId}\u0000${String(u.unit).padStart(6, '0')}`),
    );
    group.forEach((u, j) => {
      out[u.line][u.unit] += parts[j];
    });
  }
  return out;
}

function buyXGetY(action: Extract<Action, { type: 'buy_x_get_y' }>, state: CartState): UnitDiscounts {
  const out = zeroDiscounts(state);
  const x = action.buy.quantity;
  const y = action.get.quantity;
  const percent = action.get.percent ?? 100;
  // The discounted units are the cheapest eligible ones ("cheapest free"); k applications need
  // k·y of them plus k·x other units that qualify as the purchase.
  const buyLines = new Set(matchingLines(state, action.buy.filter));
  // Among units of one price, those that cannot count as the purchase are given first: which one
  // is free then never decides whether the deal applies (it did, by line id, so the price of
  // "buy a Harlequin, get a Harlequin or a Haze" at one price depended on the order of scanning).
  const gets = units(state, action.get.filter ?? action.buy.filter, 'asc').sort(
    (a, b) => a.price - b.price || Number(buyLines.has(a.line)) - Number(buyLines.has(b.line)),
  );
  let buyCount = 0;
  for (const i of buyLines) for (const price of state.remaining[i]) if (price > 0) buyCount++;
  // alsoBuy[n]: how many of the n cheapest get-units would otherwise have counted as purchases.
  const alsoBuy = [0];
  for (const u of gets) alsoBuy.push(alsoBuy[alsoBuy.length - 1] + (buyLines.has(u.line) ? 1 : 0));
  let k = Math.min(Math.floor(gets.length / y), action.maxApplications ?? Infinity);
  while (k > 0 && buyCount - alsoBuy[k * y] < k * x) k--;
  for (const u of gets.slice(0, k * y)) out[u.line][u.unit] = percentOf(u.price, percent);
  return out;
}

function tiered(action: Extract<Action, { type: 'tiered' }>, state: CartState): UnitDiscounts {
  const idx = matchingLines(state, action.filter);
  // Thresholds read the cart as built (like conditions); the discount applies to what is left.
  let measure = 0;
  for (const i of idx) {
    const l = state.lines[i];
    measure += action.basis === 'subtotal' ? l.unitPriceCents * l.quantity : l.quantity;
  }
  let tier: (typeof action.tiers)[number] | undefined;
  for (const t of action.tiers) if (t.min <= measure && (!tier || t.min > tier.min)) tier = t;
  if (!tier) return zeroDiscounts(state);
  const chosen = tier;
  return orderLevel(state, action.filter, (base) => (chosen.percent !== undefined ? percentOf(base, chosen.percent) : (chosen.amountCents ?? 0)));
}

export function actionScope(action: Action): 'line' | 'order' {
  return action.type === 'percent_off_order' || action.type === 'fixed_off_order' || action.type === 'tiered' ? 'order' : 'line';
}

/** The discount `action` would give on the cart as it stands, capped so no unit goes below zero. */
export function computeAction(action: Action, state: CartState): UnitDiscounts {
  let raw: UnitDiscounts;
  switch (action.type) {
    case 'percent_off_items': {
      raw = zeroDiscounts(state);
      for (const i of matchingLines(state, action.filter)) {
        raw[i] = spreadOverUnits(percentOf(sum(state.remaining[i]), action.percent), state.remaining[i]);
      }
      break;
    }
    case 'fixed_off_items': {
      raw = zeroDiscounts(state);
      for (const i of matchingLines(state, action.filter)) {
        const rem = state.remaining[i];
        raw[i] =
          (action.per ?? 'unit') === 'unit'
            ? rem.map((r) => Math.min(r, action.amountCents))
            : spreadOverUnits(Math.min(sum(rem), action.amountCents), rem);
      }
      break;
    }
    case 'percent_off_order':
      raw = orderLevel(state, action.filter, (base) => percentOf(base, action.percent));
      break;
    case 'fixed_off_order':
      raw = orderLevel(state, action.filter, () => action.amountCents);
      break;
    case 'bundle_price':
      raw = bundlePrice(action, state);
      break;
    case 'buy_x_get_y':
      raw = buyXGetY(action, state);
      break;
    case 'tiered':
      raw = tiered(action, state);
      break;
  }
  return raw.map((line, i) => line.map((d, u) => Math.max(0, Math.min(d, state.remaining[i][u]))));
}

/** Scale a computed discount down to `cap` cents, keeping its shape (largest remainder, ties by line id). */
export function capDiscount(discounts: UnitDiscounts, cap: number, state: CartState): UnitDiscounts {
  const total = sum(discounts.map(sum));
  if (total <= cap) return discounts;
  const lineIdx = discounts.map((_, i) => i);
  return spreadOverLines(cap, lineIdx, discounts, state);
}
