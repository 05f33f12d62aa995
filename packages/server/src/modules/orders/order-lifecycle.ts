// The order state machine as data: one transition table per channel. A transition that is not in
// the table is refused (409 INVALID_TRANSITION) before anything is written.
//
//   in_store (POS):  completed at once; completed → voided (same-day error).
//   pickup:          placed → accepted → packed → ready → completed (hand-over)
//   delivery:        placed → accepted → packed → ready → out_for_delivery → completed;
//                    out_for_delivery → ready (brought back undelivered, to ride again)
//   every non-final state → cancelled | no_show (holds released).

export const ORDER_STATUSES = ['placed', 'accepted', 'packed', 'ready', 'out_for_delivery', 'completed', 'cancelled', 'no_show', 'voided'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type OrderChannel = 'in_store' | 'pickup' | 'delivery';

/** States an order cannot leave except by a void (completed) or not at all. */
export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['completed', 'cancelled', 'no_show', 'voided']);

const ends = { cancelled: true, no_show: true } as const;

export const TRANSITIONS: Readonly<Record<OrderChannel, Readonly<Partial<Record<OrderStatus, readonly OrderStatus[]>>>>> = {
  in_store: {
    completed: ['voided'],
  },
  pickup: {
    placed: ['accepted', ...keys(ends)],
    accepted: ['packed', ...keys(ends)],
    packed: ['ready', ...keys(ends)],
    ready: ['completed', ...keys(ends)],
    completed: ['voided'],
  },
  delivery: {
    placed: ['accepted', ...keys(ends)],
    accepted: ['packed', ...keys(ends)],
    packed: ['ready', ...keys(ends)],
    ready: ['out_for_delivery', ...keys(ends)],
    // Back to ready: the driver brought the order back to the store to deliver it on a later run.
    out_for_delivery: ['completed', 'ready', ...keys(ends)],
    completed: ['voided'],
  },
};

function keys<T extends object>(o: T): Array<keyof T & OrderStatus> {
  return Object.keys(o) as Array<keyof T & OrderStatus>;
}

export function canTransition(channel: OrderChannel, from: OrderStatus, to: OrderStatus): boolean {
  return (TRANSITIONS[channel][from] ?? []).includes(to);
}

export function nextStatuses(channel: OrderChannel, from: OrderStatus): readonly OrderStatus[] {
  return TRANSITIONS[channel][from] ?? [];
}

/** Stock is still held (not yet sold) in these states: leaving them to cancelled/no_show releases it. */
export function holdsStock(status: OrderStatus): boolean {
  return status === 'placed' || status === 'accepted' || status === 'packed' || status === 'ready' || status === 'out_for_delivery';
}

/** Hand-over states: the transition that makes the sale final and emits orders.order.completed. */
export function completesSale(to: OrderStatus): boolean {
  return to === 'completed';
}
