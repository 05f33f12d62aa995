// Condition checks. Every condition reads the cart as the customer built it (before any
// promotion), so whether a promotion qualifies never depends on which other promotions ran first.
import type { PromotionCustomer, PromotionLine } from './engine-types.ts';
import type { ConditionInput as Condition, ItemFilter, SaleChannel } from './promotion-schema.ts';
import { clockMinutes, previousWeekday, type StoreClock } from './store-clock.ts';

export interface ConditionContext {
  lines: readonly PromotionLine[];
  clock: StoreClock;
  channel: SaleChannel;
  customer?: PromotionCustomer;
}

function includes(list: readonly string[] | undefined, value: string | undefined): boolean {
  return list === undefined || (value !== undefined && list.includes(value));
}

export function matchesFilter(line: PromotionLine, filter: ItemFilter | undefined): boolean {
  if (!filter) return true;
  return (
    includes(filter.skus, line.sku) &&
    includes(filter.productIds, line.productId) &&
    includes(filter.categories, line.category) &&
    includes(filter.brands, line.brand) &&
    (filter.cannabis === undefined || filter.cannabis === line.isCannabis)
  );
}

function inTimeWindow(c: Extract<Condition, { type: 'time_window' }>, clock: StoreClock): boolean {
  const start = clockMinutes(c.start);
  const end = clockMinutes(c.end);
  const now = clock.minute;
  if (start === end) return c.days === undefined || c.days.includes(clock.weekday); // all day
  if (start < end) return now >= start && now < end && (c.days === undefined || c.days.includes(clock.weekday));
  // Crosses midnight: the late part belongs to today, the early part to yesterday's window.
  if (now >= start) return c.days === undefined || c.days.includes(clock.weekday);
  if (now < end) return c.days === undefined || c.days.includes(previousWeekday(clock.weekday));
  return false;
}

export function conditionHolds(condition: Condition, ctx: ConditionContext): boolean {
  switch (condition.type) {
    case 'min_subtotal': {
      let sum = 0;
      for (const l of ctx.lines) if (matchesFilter(l, condition.filter)) sum += l.unitPriceCents * l.quantity;
      return sum >= condition.cents;
    }
    case 'items': {
      let units = 0;
      for (const l of ctx.lines) if (matchesFilter(l, condition.filter)) units += l.quantity;
      return units >= (condition.minQuantity ?? 1);
    }
    case 'customer_group':
      return (ctx.customer?.groups ?? []).some((g) => condition.groups.includes(g));
    case 'loyalty_tier':
      return ctx.customer?.loyaltyTier !== undefined && condition.tiers.includes(ctx.customer.loyaltyTier);
    case 'day_of_week':
      return condition.days.includes(ctx.clock.weekday);
    case 'time_window':
      return inTimeWindow(condition, ctx.clock);
    case 'first_purchase':
      return ctx.customer?.isFirstPurchase === true;
    case 'channel':
      return condition.channels.includes(ctx.channel);
  }
}
