// Coupon codes on the register's basket. The budtender types the code the customer shows; it goes
// to the server with the basket (the register quote, or the promotions preview before a customer
// is chosen), and the server's promotions engine says whether it applies and for how much. A code
// the server turns down (unknown, expired, not yet valid, switched off or used up, its condition
// not met, not combinable with what applies, not allowed by the state's rules) is shown with the
// server's reason and is not kept: the basket is what it was. The sale sends the codes kept; the
// server counts a coupon's uses when the sale completes, so a coupon used up meanwhile is its
// refusal then (COUPON_LIMIT_REACHED), shown, with nothing sold.

import { $, element, money } from '../shared/ui.js';

/** What the engine's rejection reasons mean at the counter; the reason code is shown with it. */
const REASONS = {
  COUPON_UNKNOWN: 'no coupon has this code',
  COUPON_EXPIRED: 'the coupon has expired',
  COUPON_NOT_YET_VALID: 'the coupon is not valid yet',
  COUPON_INACTIVE: 'the coupon is switched off or used up',
  CONDITION_NOT_MET: 'the basket does not meet its condition',
  NOT_STACKABLE: 'it cannot be combined with a promotion that applies',
  COMPLIANCE_GUARD: 'the state’s rules do not allow this discount here',
  NO_DISCOUNT: 'nothing in the basket is discounted by it',
};

const CONDITIONS = {
  min_subtotal: 'a minimum spend',
  items: 'certain items in the basket',
  customer_group: 'a customer group',
  loyalty_tier: 'a loyalty tier',
  day_of_week: 'certain days',
  time_window: 'certain hours',
  first_purchase: 'a first purchase',
  channel: 'another channel',
};

/** The engine matches codes trimmed and case-insensitively: the register keeps them that way. */
const normalize = (code) => String(code ?? '').trim().toUpperCase();

let codes = []; // the codes kept on this sale, in the order entered
let wiring = null;

/**
 * `requote()` asks the server for the basket as it is now and answers the quote (null when the
 * basket is empty or a newer quote is on its way), `hasLines()` says whether there is a basket to
 * check a code against, `assertEditable()` throws while a sale is waiting for its answer.
 */
export function wireCoupons({ onSubmit, button, requote, hasLines, assertEditable }) {
  wiring = { button, requote, hasLines, assertEditable };
  onSubmit('coupon-form', async (form) => {
    await apply(normalize(form.get('code')));
    $('coupon-form').reset();
  });
}

/** The codes the quote and the sale send (none: the field is left out). */
export function couponCodesOfSale() {
  return codes.length > 0 ? { couponCodes: [...codes] } : {};
}

/** A new sale (no code), or a parked one back with the codes it had. */
export function resetCoupons(kept = []) {
  codes = Array.isArray(kept) ? kept.map(normalize).filter(Boolean) : [];
  $('coupon-form').reset();
}

export const keptCoupons = () => [...codes];

async function apply(code) {
  wiring.assertEditable();
  if (!code) throw new Error('Type the coupon code.');
  if (!wiring.hasLines()) throw new Error('Add the items first: the server checks a coupon against the basket.');
  if (codes.includes(code)) throw new Error(`Coupon ${code} is on this sale already.`);
  codes.push(code);
  let quote;
  try {
    quote = await wiring.requote();
  } catch (error) {
    // Refused outright (used up: COUPON_LIMIT_REACHED; more codes than a sale takes): not kept.
    await forget(code);
    throw error;
  }
  const rejected = quote?.promotions.rejected.find((r) => normalize(r.code) === code);
  if (rejected) {
    await forget(code);
    throw refusal(code, rejected, quote);
  }
}

/** Takes a code back off the sale and quotes the basket without it. */
async function forget(code) {
  codes = codes.filter((c) => c !== code);
  await wiring.requote().catch(() => undefined);
}

async function remove(code) {
  wiring.assertEditable();
  codes = codes.filter((c) => c !== code);
  await wiring.requote();
}

/** The server's rejection as an error the register shows: what it means, and the reason's code. */
function refusal(code, rejected, quote) {
  const error = new Error(`Coupon ${code} not applied: ${explain(rejected, quote)}.`);
  error.code = rejected.reason;
  return error;
}

function explain(rejected, quote) {
  const text = REASONS[rejected.reason] ?? 'the server turned it down';
  if (rejected.reason === 'CONDITION_NOT_MET' && rejected.condition) return `${text} (${CONDITIONS[rejected.condition] ?? rejected.condition})`;
  if (rejected.reason === 'NOT_STACKABLE' && rejected.blockedBy) {
    const winner = quote?.promotions.applied.find((a) => a.promotionId === rejected.blockedBy);
    return winner ? `${text} (${winner.name})` : text;
  }
  return text;
}

/**
 * The codes on the sale and what the server's latest quote made of each: applied (its promotion's
 * name and amount), or not applied with the reason (a basket change can undo a condition).
 */
export function renderCoupons(quote, locked) {
  $('coupons').replaceChildren(
    ...codes.map((code) => {
      const applied = quote?.promotions.applied.find((a) => normalize(a.code) === code);
      const rejected = quote?.promotions.rejected.find((r) => normalize(r.code) === code);
      const status = applied
        ? `${applied.name} · ${money(-applied.amountCents)}`
        : rejected
          ? `not applied: ${explain(rejected, quote)} (${rejected.reason})`
          : 'checked with the basket';
      return element(
        'li',
        { className: `coupon${applied ? ' applied' : rejected ? ' rejected' : ''}`, dataset: { code } },
        `Coupon ${code} · ${status} `,
        wiring.button('Remove', () => remove(code), { disabled: locked }),
      );
    }),
  );
  for (const control of $('coupon-form').elements) control.disabled = locked;
}
