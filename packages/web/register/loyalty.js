// Loyalty points at the register. With a customer on record on the sale, their balance and tier as
// the server keeps them, the program's redemption rules, and a way to spend points on this sale:
// the points offered go to the server with the basket, whose engine turns them into whole blocks
// of cents off within the program's limits (a minimum, a share of the order, cannabis where a
// state forbids it) and spreads them over the lines before tax. The quote's discount is what the
// points take off; a redemption the server refuses (below the minimum, more than the balance, no
// program) is shown and not kept. After the sale, the points the server earned and spent on it,
// read from the customer's ledger.

import { $, api, money } from '../shared/ui.js';

let customerId = null; // the sale's customer on record, or null (nobody yet, or a walk-in)
let account = null; // { balancePoints, tier, nextTier, programActive } as the server last said
let program = null; // the organization's program ({ program: { redemption, … } }), or null without one
let points = null; // the points offered on this sale, or null
let wiring = null;

/**
 * `requote()` quotes the basket again (and answers the quote), `hasLines()` says whether there is a
 * basket, `assertEditable()` throws while a sale is waiting for its answer, `redraw()` draws the
 * basket and its quote again.
 */
export function wireLoyalty({ onSubmit, attempt, requote, hasLines, assertEditable, redraw }) {
  wiring = { requote, hasLines, assertEditable, redraw };
  onSubmit('points-form', async (form) => {
    await offer(Number(form.get('points')));
    $('points-form').reset();
  });
  $('no-points').addEventListener('click', () =>
    attempt(async () => {
      assertEditable();
      points = null;
      await requote();
    }),
  );
}

/** The points the quote and the sale send (none: the field is left out). */
export function loyaltyPointsOfSale() {
  return customerId && points ? { loyaltyPoints: points } : {};
}

export const offeredPoints = () => points;

/** The sale's customer changed (or a new sale): nothing offered, unless a parked sale had points. */
export function resetLoyalty(newCustomerId, offered = null) {
  customerId = newCustomerId ?? null;
  account = null;
  points = customerId && Number.isInteger(offered) && offered > 0 ? offered : null;
  $('points-form').reset();
  $('points-result').hidden = true;
}

/** The customer's balance and tier, and the program's rules, as the server has them now. */
export async function loadLoyalty() {
  const asked = customerId;
  if (!asked) return;
  const [found, rules] = await Promise.all([
    api('GET', `/v1/loyalty/accounts/${asked}?limit=1`),
    api('GET', '/v1/loyalty/program').catch((error) => {
      if (error.status === 404) return null; // no program: the account says so too
      throw error;
    }),
  ]);
  if (asked !== customerId) return; // another customer meanwhile: theirs is on its way
  account = found;
  program = rules;
  wiring.redraw();
}

async function offer(offered) {
  wiring.assertEditable();
  if (!customerId) throw new Error('Points belong to a customer on record: find the customer first.');
  if (!Number.isInteger(offered) || offered < 1) throw new Error('Points are a whole number of at least 1.');
  if (!wiring.hasLines()) throw new Error('Add the items first: the server works out what the points take off the basket.');
  const before = points;
  points = offered;
  try {
    await wiring.requote();
  } catch (error) {
    // Refused (LOYALTY_REDEMPTION_NOT_POSSIBLE, LOYALTY_INSUFFICIENT_POINTS, …): the sale is as it was.
    points = before;
    await wiring.requote().catch(() => undefined);
    throw error;
  }
}

/** What the points take off in this quote, as the server's quote says. */
export function redemptionOf(quote) {
  if (!quote?.loyaltyPoints || !quote.loyalty) return null;
  return { offered: quote.loyalty.pointsOffered, points: quote.loyalty.pointsRedeemed, discountCents: quote.loyalty.discountCents };
}

function describeAccount() {
  if (!account) return 'Reading the points balance…';
  if (!account.programActive) return 'No loyalty program is active: points are neither earned nor spent.';
  const tier = account.tier ? ` · tier ${account.tier.name}` : '';
  const next = account.nextTier ? ` · ${account.nextTier.pointsNeeded} more lifetime points to ${account.nextTier.name}` : '';
  return `${account.balancePoints} points to spend${tier}${next}`;
}

function describeRules() {
  const rules = account?.programActive ? program?.program?.redemption : null;
  if (!rules) return '';
  return [
    `${rules.pointsPerBlock} points = ${money(rules.centsPerBlock)} off`,
    rules.minPoints > 0 && `at least ${rules.minPoints} points`,
    rules.maxPercentOfOrder < 100 && `at most ${rules.maxPercentOfOrder}% of the sale`,
    rules.allowOnCannabis === false && 'not on cannabis',
    'only whole blocks are spent',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The customer's points, the rules, and what this quote spends (or the form to offer some). */
export function renderLoyalty(quote, locked) {
  $('loyalty').hidden = !customerId;
  if (!customerId) return;
  $('loyalty-account').textContent = describeAccount();
  $('loyalty-rules').textContent = describeRules();
  const redeemed = points ? redemptionOf(quote) : null;
  $('loyalty-redeemed').textContent = !points
    ? ''
    : !redeemed
      ? `${points} points offered: the quote says what they take off.`
      : `Redeeming ${redeemed.points ?? redeemed.offered} points for ${money(-redeemed.discountCents)}${redeemed.points !== null && redeemed.points !== redeemed.offered ? ` (${redeemed.offered} offered: the server spends whole blocks within the program’s limits)` : ''}`;
  $('points-form').hidden = account !== null && !account.programActive;
  $('no-points').hidden = !points;
  for (const control of $('points-form').elements) control.disabled = locked;
}

/** After the sale: the points the server says it earned and spent, and the balance now. */
export async function showPointsOfSale(sale) {
  $('points-result').hidden = true;
  const loyalty = sale.loyalty;
  if (!sale.order.customer.id || !loyalty) return;
  const now = await api('GET', `/v1/loyalty/accounts/${sale.order.customer.id}?limit=1`);
  $('points-result').textContent = [
    `Points earned ${loyalty.pointsEarned}`,
    loyalty.pointsRedeemed > 0 ? `spent ${loyalty.pointsRedeemed} (${money(loyalty.discountCents)} off)` : 'none spent',
    `balance now ${now.balancePoints}`,
  ].join(' · ');
  $('points-result').hidden = false;
}
