import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cashKeptCents, cashPaidBackCents, cashRefundOutCents, roundCash } from './cash-rounding';

/** A cash payment as the cash provider records it: the rounded due handed over, or more. */
const cashPayment = fc
  .record({ amountCents: fc.integer({ min: 1, max: 1_000_000 }), unitCents: fc.constantFrom(1, 5, 10, 25), overCents: fc.integer({ min: 0, max: 10_000 }) })
  .map(({ amountCents, unitCents, overCents }) => {
    const due = roundCash(amountCents, unitCents);
    return { unitCents, payment: { amountCents, tenderedCents: due + overCents, changeCents: overCents } };
  });

describe('cash given back for refunds of a rounded cash payment', () => {
  it('refunding all of it gives back exactly what the drawer kept', () => {
    expect(cashPaidBackCents({ amountCents: 4440, tenderedCents: 5000, changeCents: 550 }, 4440, 25)).toBe(4450);
    expect(cashPaidBackCents({ amountCents: 16651, tenderedCents: 16650, changeCents: 0 }, 16651, 25)).toBe(16650);
  });

  it('rounds a part half-up with the unit, reckoned on the running refunded total', () => {
    const payment = { amountCents: 6435, tenderedCents: 6425, changeCents: 0 };
    expect([0, 2145, 4290, 6435].map((r) => cashPaidBackCents(payment, r, 25))).toEqual([0, 2150, 4300, 6425]);
    expect(cashRefundOutCents(payment, 4290, 2145, 25)).toBe(2125);
  });

  it('never gives back more than was kept, even when rounding a part up would', () => {
    // 37¢ due 25¢: 26¢ refunded rounds to 25¢, and nothing more comes out until the rest.
    const payment = { amountCents: 37, tenderedCents: 25, changeCents: 0 };
    expect([13, 26, 36, 37].map((r) => cashPaidBackCents(payment, r, 25))).toEqual([25, 25, 25, 25]);
  });

  it('any split of a payment into refunds: none negative, each a whole number of units, together exactly what was kept', () => {
    fc.assert(
      fc.property(cashPayment, fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 8 }), ({ unitCents, payment }, weights) => {
        // Cut the amount into parts in proportion to the weights (at least 1¢ each while cents last).
        const total = weights.reduce((s, w) => s + w, 0);
        const cuts = weights.map((_, i) => Math.floor((payment.amountCents * weights.slice(0, i + 1).reduce((s, w) => s + w, 0)) / total));
        const parts = cuts.map((cut, i) => cut - (i === 0 ? 0 : cuts[i - 1])).filter((c) => c > 0);
        let before = 0;
        const out = parts.map((cents) => {
          const given = cashRefundOutCents(payment, before, cents, unitCents);
          before += cents;
          return given;
        });
        expect(before).toBe(payment.amountCents);
        for (const given of out) expect(given).toBeGreaterThanOrEqual(0);
        for (const given of out) expect(given % unitCents).toBe(0);
        expect(out.reduce((s, g) => s + g, 0)).toBe(cashKeptCents(payment));
      }),
    );
  });
});
