// Selling a gift card at the counter: a new card (its code scanned or typed, or made up by the
// server and shown here once) or value added to a card the customer has, paid in cash (with the
// change the server gives after the store's cash rounding) or on the stand-alone card terminal
// (its approval reference, at most the card's last four digits). It is not a cannabis sale: no
// basket, tax, limits or points. The server keeps the cash in the drawer's count apart from
// sales; this screen only collects what was handed over and shows the server's answer: the
// balance, the change due and the receipt. A refusal is shown with its reason and sells nothing.
// A sale that got no answer is sent again unchanged, with its id: the server answers what it stored.

import { $, api, money } from '../shared/ui.js';

const cents = (dollars) => Math.round(Number(dollars) * 100);
/** 16 digits read in groups of four, as printed on cards. */
const grouped = (code) => code.replace(/(\d{4})(?=\d)/g, '$1 ');

let wiring = null;
let pending = null; // { sessionId, body }: a sale sent without an answer, sent again as it was

/**
 * `show(section)` switches the register's screen, `sessionId()` is the open drawer session (or
 * null), `newId()` makes the sale's own UUIDv7.
 */
export function wireGiftCards({ onSubmit, attempt, show, sessionId, newId }) {
  wiring = { show, sessionId, newId };
  $('show-gift-card').addEventListener('click', () => attempt(async () => open()));
  $('leave-gift-card').addEventListener('click', () => leave());
  $('gift-sale-next').addEventListener('click', () => leave());
  for (const radio of $('gift-card-sale').querySelectorAll('input[type=radio]')) radio.addEventListener('change', render);
  $('gift-sale-check').addEventListener('click', () => attempt(checkCard));
  onSubmit('gift-card-sale', sell);
}

function open() {
  if (!wiring.sessionId()) throw new Error('Open a drawer first: a gift card is paid for at the register.');
  $('gift-sale-done').hidden = true;
  $('gift-card-sale').hidden = false;
  render();
  wiring.show('gift-card');
  $('gift-sale-code').focus();
}

/** Back to the sale; a code shown once does not stay on the page. */
function leave() {
  $('gift-sale-code-shown').textContent = '';
  $('gift-sale-receipt').removeAttribute('src');
  if (!pending) {
    $('gift-card-sale').reset();
    $('gift-sale-card').textContent = '';
  }
  wiring.show('sale');
}

const choice = (name) => $('gift-card-sale').querySelector(`input[name=${name}]:checked`).value;

function render() {
  const load = choice('kind') === 'load';
  const terminal = choice('pay') === 'terminal';
  $('gift-sale-code').required = load;
  $('gift-sale-code-hint').textContent = load ? '(scan or type the code of the customer’s card)' : '(scan or type it; empty: the server makes one up and shows it once)';
  $('gift-sale-cash').hidden = terminal;
  $('gift-sale-terminal').hidden = !terminal;
  $('gift-sale-reference').required = terminal;
  // While a sale waits for its answer it is sent again as it was: nothing on it may change.
  for (const control of $('gift-card-sale').elements) control.disabled = Boolean(pending) && control.id !== 'gift-sale-submit';
  $('gift-sale-pending').hidden = !pending;
}

/** What the card holds now, as the server has it (an unknown code is its refusal, shown). */
async function checkCard() {
  const code = $('gift-sale-code').value.trim();
  if (!code) throw new Error('Scan or type the card’s code first.');
  $('gift-sale-card').textContent = '';
  const card = await api('POST', '/v1/gift-cards/balance', { code });
  $('gift-sale-card').textContent = `Card ••••${card.last4} holds ${money(card.balanceCents)}`;
}

function saleOf(form) {
  const kind = form.get('kind');
  const code = String(form.get('code') ?? '').trim();
  if (kind === 'load' && !code) throw new Error('Scan or type the code of the card to add value to.');
  const amountCents = cents(form.get('amount'));
  let tender;
  if (form.get('pay') === 'terminal') {
    const reference = String(form.get('reference') ?? '').trim();
    const last4 = String(form.get('last4') ?? '').trim();
    if (!reference) throw new Error('Type the terminal’s approval reference.');
    tender = { kind: 'terminal', terminalReference: reference, ...(last4 ? { cardLast4: last4 } : {}) };
  } else {
    const tendered = String(form.get('tendered') ?? '').trim();
    tender = tendered === '' ? { kind: 'cash' } : { kind: 'cash', tenderedCents: cents(tendered) };
  }
  return { id: wiring.newId(), kind, ...(code ? { code } : {}), amountCents, tenders: [tender] };
}

async function sell(form) {
  if (!pending) pending = { sessionId: wiring.sessionId(), body: saleOf(form) };
  let sale;
  try {
    sale = await api('POST', `/v1/register-sessions/${pending.sessionId}/gift-card-sales`, pending.body);
  } catch (error) {
    // A refusal sold nothing; without an answer the sale may have gone through and is kept.
    if (error.status !== undefined) pending = null;
    render();
    throw error;
  }
  pending = null;
  render();
  showSold(sale);
}

function showSold(sale) {
  const card = sale.giftCard;
  $('gift-sale-title').textContent =
    sale.kind === 'issue' ? `New gift card ••••${card.last4} sold · ${money(sale.amountCents)}` : `${money(sale.amountCents)} added to gift card ••••${card.last4}`;
  $('gift-sale-code-shown').hidden = !card.code;
  $('gift-sale-code-shown').textContent = card.code ? `Card code ${grouped(card.code)}: write it on the card for the customer now, it is not shown again.` : '';
  $('gift-sale-balance').textContent = `Balance now ${money(card.balanceCents)}`;
  const cash = sale.payments.filter((p) => p.provider === 'cash');
  const terminal = sale.payments.filter((p) => p.provider === 'terminal');
  $('gift-sale-change').textContent = [
    ...cash.map((p) => `Cash ${money(p.tenderedCents ?? p.amountCents)} · Change due ${money(p.changeCents)}`),
    ...terminal.map((p) => `Card terminal ${money(p.amountCents)} · approval ${p.authorizationRef}${p.cardLast4 ? ` · card ••••${p.cardLast4}` : ''}`),
  ].join(' · ');
  $('gift-sale-receipt').src = `/v1/gift-card-sales/${sale.id}/receipt`;
  $('gift-card-sale').reset();
  $('gift-card-sale').hidden = true;
  $('gift-sale-card').textContent = '';
  $('gift-sale-done').hidden = false;
}
