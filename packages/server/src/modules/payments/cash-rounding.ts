/** Rounds a cash amount half-up to the store's smallest cash unit (1, 5, 10 or 25 cents). */
export function roundCash(amountCents: number, unitCents: number): number {
  if (unitCents <= 1) return amountCents;
  return Math.floor((amountCents + Math.floor(unitCents / 2)) / unitCents) * unitCents;
}

/** The part of a cash payment that decides what its drawer holds and gives back. */
export interface CashPaid {
  /** The payment's share of the order, before rounding. */
  amountCents: number;
  tenderedCents: number | null;
  changeCents: number;
}

/** What the drawer kept for a cash payment: handed over less change, i.e. the rounded amount due. */
export const cashKeptCents = (payment: CashPaid): number => (payment.tenderedCents ?? payment.amountCents) - payment.changeCents;

/**
 * The cash handed back in all once `refundedCents` of a cash payment are refunded. Refunding the
 * whole payment gives back exactly what the drawer kept for it (the rounding included); a part is
 * rounded half-up with the store's unit, as a sale is, and never passes what was kept. It is a
 * running figure, so each refund pays the difference of its value after and before that refund:
 * successive partial refunds always add up to what the drawer kept, and none is negative.
 */
export function cashPaidBackCents(payment: CashPaid, refundedCents: number, unitCents: number): number {
  const kept = cashKeptCents(payment);
  if (refundedCents >= payment.amountCents) return kept;
  return Math.min(kept, roundCash(Math.max(0, refundedCents), unitCents));
}

/** The cash one refund of `cents` hands back, after `beforeCents` of the payment were refunded. */
export const cashRefundOutCents = (payment: CashPaid, beforeCents: number, cents: number, unitCents: number): number =>
  cashPaidBackCents(payment, beforeCents + cents, unitCents) - cashPaidBackCents(payment, beforeCents, unitCents);
