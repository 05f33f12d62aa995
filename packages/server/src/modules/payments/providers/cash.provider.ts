import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../../platform/errors';
import { roundCash } from '../cash-rounding';
import type { PaymentProvider } from '../payment-provider';

/**
 * Cash: the payment keeps its share of the order (`amountCents`); what is due is that share rounded
 * to the store's cash unit, the customer hands over at least that (`tenderedCents`), the change is
 * the excess, and the rounding (due − amount, negative when rounded down) is kept in
 * `details.roundingCents` for the sales report. The drawer keeps tendered − change = the rounded
 * due, which may be below the amount (migration 0089's check). One cash tender per sale
 * (planTenders), so the cash total is rounded once.
 */
export const cashProvider: PaymentProvider = {
  kind: 'cash',
  async authorize(context, tender, amountCents) {
    const dueCents = roundCash(amountCents, context.cashRoundingCents);
    const tendered = tender.tenderedCents ?? dueCents;
    if (tendered < dueCents) {
      throw new AppError(422, 'TENDER_SHORT', `Cash handed over (${tendered}¢) is short of the ${dueCents}¢ due.`, {
        path: ['tenders', 'tenderedCents'],
        dueCents,
        tenderedCents: tendered,
      });
    }
    return {
      provider: 'cash',
      authorizationRef: `cash_${uuidv7()}`,
      amountCents,
      tenderedCents: tendered,
      changeCents: tendered - dueCents,
      details: { roundedDueCents: dueCents, roundingCents: dueCents - amountCents },
    };
  },
  async void() {
    // Cash not yet in the drawer: nothing to undo.
  },
  async refund() {
    return { refundRef: `cash_${uuidv7()}`, details: { paidOutFromDrawer: true } };
  },
};
