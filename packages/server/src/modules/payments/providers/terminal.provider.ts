import { v7 as uuidv7 } from 'uuid';
import { badRequest } from '../../../platform/errors';
import type { PaymentProvider } from '../payment-provider';

// Debit and cashless-ATM payments run on a stand-alone terminal the budtender keys the amount
// into. Verdant records the terminal's approval reference and at most the last four digits;
// card data never reaches it. Voids and refunds are done on the terminal and recorded here.
export const terminalProvider: PaymentProvider = {
  kind: 'terminal',
  async authorize(_context, tender, amountCents) {
    if (!tender.terminalReference) {
      throw badRequest('VALIDATION_FAILED', 'A terminal payment needs the terminal’s approval reference.', [
        { path: ['tenders', 'terminalReference'], message: 'required for terminal payments' },
      ]);
    }
    return {
      provider: 'terminal',
      authorizationRef: tender.terminalReference,
      amountCents,
      tenderedCents: null,
      changeCents: 0,
      details: { cardLast4: tender.cardLast4 ?? null },
    };
  },
  async void() {
    // Recorded as voided; the budtender voids it on the terminal (the receipt says so).
  },
  async refund(_context, payment, amountCents, idempotencyKey) {
    // Keyed on the terminal by the budtender: the key is kept so a retry is matched to the refund keyed.
    return { refundRef: `terminal_refund_${uuidv7()}`, details: { original: payment.authorizationRef, amountCents, onTerminal: true, idempotencyKey } };
  },
};
