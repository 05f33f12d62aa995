// What a stored promotion looks like. The server validates promotions with this schema when they
// are saved, so the engine can trust the shape it is handed. Conditions and actions are typed,
// self-describing records (the back office renders a form per `type`), never code or expressions.
import { z } from 'zod';
import { parseInstant } from '../instant.ts';

// On a real calendar day from year 1 (the server keeps it in a timestamp column, which refuses
// 30 February and year 0, while Date.parse reads 30 February as 2 March).
const instant = z
  .string()
  .refine((s) => !Number.isNaN(parseInstant(s)) && !s.startsWith('0000'), 'expected an ISO-8601 instant with offset, on a real calendar day');
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour)');
const cents = z.number().int().min(0).max(100_000_000_000);
const positiveCount = z.number().int().min(1).max(10_000);
// Two decimals at most (12.5 %, 33.33 %) so the engine can work in exact basis points.
const percent = z
  .number()
  .gt(0)
  .max(100)
  .refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-9, 'at most two decimals');
const ids = z.array(z.string().min(1).max(128)).max(1_000);

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const SALE_CHANNELS = ['in_store', 'pickup', 'delivery'] as const;
export type SaleChannel = (typeof SALE_CHANNELS)[number];

/**
 * Which cart lines something is about. Within one field any value matches (OR); across fields all
 * given fields must match (AND). An empty filter matches every line.
 */
export const itemFilterSchema = z
  .object({
    skus: ids.optional(),
    productIds: ids.optional(),
    categories: ids.optional(),
    brands: ids.optional(),
    /** true: cannabis lines only; false: non-cannabis (accessories, merch) only. */
    cannabis: z.boolean().optional(),
  })
  .strict();
export type ItemFilter = z.infer<typeof itemFilterSchema>;

export const conditionSchema = z.discriminatedUnion('type', [
  /** Cart subtotal before any promotion (optionally of matching lines only) reaches `cents`. */
  z.object({ type: z.literal('min_subtotal'), cents, filter: itemFilterSchema.optional() }).strict(),
  /** At least `minQuantity` units of matching lines are in the cart. */
  z.object({ type: z.literal('items'), filter: itemFilterSchema, minQuantity: positiveCount.default(1) }).strict(),
  z.object({ type: z.literal('customer_group'), groups: ids.min(1) }).strict(),
  z.object({ type: z.literal('loyalty_tier'), tiers: ids.min(1) }).strict(),
  /** Local calendar day in the store's timezone. */
  z.object({ type: z.literal('day_of_week'), days: z.array(z.enum(WEEKDAYS)).min(1) }).strict(),
  /**
   * Local clock window [start, end) in the store's timezone. A window may cross midnight
   * (22:00–02:00); with `days`, the hours after midnight belong to the day the window opened,
   * so "Friday 22:00–02:00" still holds at 01:00 on Saturday.
   */
  z.object({ type: z.literal('time_window'), start: clockTime, end: clockTime, days: z.array(z.enum(WEEKDAYS)).min(1).optional() }).strict(),
  z.object({ type: z.literal('first_purchase') }).strict(),
  z.object({ type: z.literal('channel'), channels: z.array(z.enum(SALE_CHANNELS)).min(1) }).strict(),
]);
export type Condition = z.output<typeof conditionSchema>;
export type ConditionInput = z.input<typeof conditionSchema>;
export type ConditionType = Condition['type'];

const tierSchema = z
  .object({
    /** Cents of matching subtotal or units of matching quantity, depending on `basis`. */
    min: z.number().int().min(1),
    percent: percent.optional(),
    amountCents: cents.optional(),
  })
  .strict()
  .refine((t) => (t.percent === undefined) !== (t.amountCents === undefined), 'a tier needs exactly one of percent or amountCents');

export const actionSchema = z.discriminatedUnion('type', [
  /** Percent off each matching line. */
  z.object({ type: z.literal('percent_off_items'), percent, filter: itemFilterSchema }).strict(),
  /** Fixed amount off each matching unit (per: 'unit') or each matching line (per: 'line'). */
  z.object({ type: z.literal('fixed_off_items'), amountCents: cents, per: z.enum(['unit', 'line']).default('unit'), filter: itemFilterSchema }).strict(),
  /** Percent off the order (optionally only the matching lines), spread over lines. */
  z.object({ type: z.literal('percent_off_order'), percent, filter: itemFilterSchema.optional() }).strict(),
  /** Fixed amount off the order (optionally only the matching lines), spread over lines. */
  z.object({ type: z.literal('fixed_off_order'), amountCents: cents, filter: itemFilterSchema.optional() }).strict(),
  /** Any `quantity` units from the set for `priceCents` together ("3 eighths for $100"). */
  z
    .object({
      type: z.literal('bundle_price'),
      filter: itemFilterSchema,
      quantity: z.number().int().min(2).max(100),
      priceCents: cents,
      maxApplications: positiveCount.optional(),
    })
    .strict(),
  /** Buy `buy.quantity` of one set, get `get.quantity` of another (default: the same set) at `get.percent` off; the cheapest units are the ones discounted. */
  z
    .object({
      type: z.literal('buy_x_get_y'),
      buy: z.object({ filter: itemFilterSchema, quantity: z.number().int().min(1).max(100) }).strict(),
      get: z.object({ filter: itemFilterSchema.optional(), quantity: z.number().int().min(1).max(100), percent: percent.default(100) }).strict(),
      maxApplications: positiveCount.optional(),
    })
    .strict(),
  /** The highest tier reached (by matching subtotal or quantity) gives a percent or amount off the matching lines. */
  z
    .object({
      type: z.literal('tiered'),
      basis: z.enum(['subtotal', 'quantity']),
      filter: itemFilterSchema.optional(),
      tiers: z.array(tierSchema).min(1).max(20),
    })
    .strict(),
]);
export type Action = z.output<typeof actionSchema>;
export type ActionInput = z.input<typeof actionSchema>;
export type ActionType = Action['type'];

export const promotionSchema = z
  .object({
    id: z.string().min(1).max(128),
    name: z.string().min(1).max(200),
    /** Short text for the receipt line; defaults to `name`. */
    receiptLabel: z.string().min(1).max(60).optional(),
    active: z.boolean().default(true),
    /** Coupon codes that unlock the promotion (matched case-insensitively). None: automatic. */
    codes: z.array(z.string().trim().min(1).max(64)).max(1_000).default([]),
    /** Validity [startsAt, endsAt). */
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    /** Lower runs first. Stackable promotions apply in this order, each on what the earlier ones left. */
    priority: z.number().int().min(0).max(1_000_000).default(100),
    /** An exclusive promotion is applied alone; the engine keeps whichever outcome saves the customer most. */
    stacking: z.enum(['stackable', 'exclusive']).default('stackable'),
    /** Part of a loyalty scheme (some states, e.g. MA, forbid discounting cannabis through one). */
    loyalty: z.boolean().default(false),
    /** Cap on what this promotion may take off one order. */
    maxDiscountCents: cents.optional(),
    conditions: z.array(conditionSchema).max(50).default([]),
    action: actionSchema,
  })
  .strict()
  .refine((p) => !p.startsAt || !p.endsAt || Date.parse(p.startsAt) < Date.parse(p.endsAt), {
    message: 'startsAt must be before endsAt',
    path: ['endsAt'],
  });

/** A validated promotion, as the engine receives it. */
export type Promotion = z.output<typeof promotionSchema>;
/** What a client may send when creating a promotion (defaults not yet filled). */
export type PromotionInput = z.input<typeof promotionSchema>;
