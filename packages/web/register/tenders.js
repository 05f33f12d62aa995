// How the customer pays at the register: besides cash, a debit or cashless-ATM payment taken on the
// stand-alone card terminal (the budtender keys the amount into it and types its approval
// reference here, and at most the card's last four digits: never a card number), a gift card
// (its code; the server tells the balance), and the store credit of the customer on record. Any
// of them together is a split tender; cash goes last and takes what is left, with change.
// The server splits the total over the tenders, rounds cash, gives the change and refuses a
// split that is short or over: this module only collects what was handed over and shows the answer.

import { $, api, element, money } from '../shared/ui.js';

const cents = (dollars) => Math.round(Number(dollars) * 100);
/** An amount field left empty means "what is left to pay" (the server's default for a tender). */
const optionalCents = (value) => (String(value ?? '').trim() === '' ? undefined : cents(value));

const KIND_NAMES = { cash: 'Cash', terminal: 'Card terminal', gift_card: 'Gift card', store_credit: 'Store credit', simulator: 'Card' };

let tenders = []; // { tender, note, customerId? }: the non-cash tenders, in the order handed over (store credit: whose)
let storeCredit = null; // { customerId, balanceCents } of the customer on record, as the server last said
let wiring = null;

/**
 * `customerId()` is the customer on record (or null), `totalCents()` the quoted total (or null),
 * `assertEditable()` throws while a sale is waiting for its answer, `changed()` redraws the basket.
 */
export function wireTenders({ onSubmit, button, customerId, totalCents, assertEditable, changed }) {
  wiring = { button, customerId, totalCents, assertEditable, changed };

  onSubmit('terminal-tender', async (form) => {
    assertEditable();
    const last4 = String(form.get('last4')).trim();
    const reference = String(form.get('reference')).trim();
    add({ kind: 'terminal', amountCents: cents(form.get('amount')), terminalReference: reference, ...(last4 ? { cardLast4: last4 } : {}) }, `approval ${reference}${last4 ? ` · card ••••${last4}` : ''}`);
    $('terminal-tender').reset();
  });

  onSubmit('gift-card-tender', async (form) => {
    assertEditable();
    const code = String(form.get('code')).trim();
    // The balance as the server has it: an unknown code is its 404, shown, and nothing is added.
    const card = await api('POST', '/v1/gift-cards/balance', { code });
    add({ kind: 'gift_card', giftCardCode: code, ...withAmount(form) }, `••••${card.last4} · balance ${money(card.balanceCents)}`);
    $('gift-card-tender').reset();
  });

  onSubmit('store-credit-tender', async (form) => {
    assertEditable();
    const customer = customerId();
    if (!customer) throw new Error('Store credit belongs to a customer on record: find the customer first.');
    await loadStoreCredit(customer);
    add({ kind: 'store_credit', ...withAmount(form) }, `balance ${money(storeCredit.balanceCents)}`, customer);
    $('store-credit-tender').reset();
  });
}

function withAmount(form) {
  const amountCents = optionalCents(form.get('amount'));
  return amountCents === undefined ? {} : { amountCents };
}

function add(tender, note, customerId) {
  tenders.push({ tender, note, ...(customerId ? { customerId } : {}) });
  wiring.changed();
}

/** A new sale: no tender yet. */
export function resetTenders() {
  tenders = [];
  for (const id of ['terminal-tender', 'gift-card-tender', 'store-credit-tender']) $(id).reset();
}

/**
 * The customer of the sale changed: their store credit, as the server has it (none for a walk-in).
 * Store credit offered by the customer before is theirs, not this one's: it is taken off the sale
 * (the sale names the customer it sends the credit of, so it would have spent this one's).
 */
export async function loadStoreCredit(customerId) {
  const kept = tenders.filter(({ tender, customerId: whose }) => tender.kind !== 'store_credit' || whose === customerId);
  if (kept.length !== tenders.length) {
    tenders = kept;
    wiring.changed();
  }
  storeCredit = customerId ? await api('GET', `/v1/store-credit/${customerId}`) : null;
  renderStoreCredit();
}

function renderStoreCredit() {
  $('store-credit-balance').textContent = storeCredit
    ? `Store credit of the customer on record: ${money(storeCredit.balanceCents)}`
    : 'Store credit belongs to a customer on record.';
}

/**
 * The sale's tenders: the others in the order handed over, then cash (what the customer handed
 * over, for change) when some was. Store credit is the sale's customer's, named when it is sent.
 */
export function tendersOfSale({ customerId, cashTenderedCents }) {
  const others = tenders.map(({ tender }) => (tender.kind === 'store_credit' ? { ...tender, ...(customerId ? { customerId } : {}) } : { ...tender }));
  return cashTenderedCents === null ? others : [...others, { kind: 'cash', tenderedCents: cashTenderedCents }];
}

/**
 * What a refused sale must not leave unsaid: the card terminal charged the customer for a sale
 * that did not happen. Sold once it is put right, the same payment serves; otherwise the charge
 * is voided on the terminal. Null when no terminal payment was taken.
 */
export function terminalChargesLeft() {
  const charged = tenders.filter(({ tender }) => tender.kind === 'terminal').map(({ tender }) => `${money(tender.amountCents)} (approval ${tender.terminalReference})`);
  if (charged.length === 0) return null;
  return `Nothing was sold, but the card terminal charged ${charged.join(' and ')}: sell with ${charged.length === 1 ? 'it' : 'them'} once the sale is put right, or void ${charged.length === 1 ? 'it' : 'them'} on the terminal.`;
}

/** The tenders so far, and what is left for cash of the server's total (cash is rounded by the server). */
export function renderTenders(locked) {
  $('tenders').replaceChildren(
    ...tenders.map(({ tender, note }, i) =>
      element(
        'li',
        { className: 'tender-line', dataset: { kind: tender.kind } },
        `${KIND_NAMES[tender.kind]} ${tender.amountCents === undefined ? 'what is left' : money(tender.amountCents)} · ${note} `,
        wiring.button('Remove', () => removeTender(i), { disabled: locked }),
      ),
    ),
  );
  for (const id of ['terminal-tender', 'gift-card-tender', 'store-credit-tender']) {
    for (const control of $(id).elements) control.disabled = locked;
  }
  const total = wiring.totalCents();
  const typed = tenders.reduce((sum, { tender }) => sum + (tender.amountCents ?? 0), 0);
  const takesTheRest = tenders.find(({ tender }) => tender.amountCents === undefined);
  $('left-for-cash').textContent =
    total === null || tenders.length === 0
      ? ''
      : takesTheRest
        ? `${KIND_NAMES[takesTheRest.tender.kind]} takes what is left of ${money(total)}.`
        : `Total ${money(total)} · other tenders ${money(typed)} · left for cash ${money(Math.max(0, total - typed))} (the server rounds cash and gives the change)`;
}

function removeTender(index) {
  wiring.assertEditable();
  tenders.splice(index, 1);
  wiring.changed();
}

/** What the sale's answer says was paid: each payment as recorded, and the change due. */
export function renderPayments(payments) {
  const cash = payments.filter((p) => p.provider === 'cash');
  const change = payments.reduce((sum, p) => sum + p.changeCents, 0);
  const tendered = cash.reduce((sum, p) => sum + (p.tenderedCents ?? p.amountCents), 0);
  $('change-due').textContent = cash.length > 0 ? `Cash ${money(tendered)} · Change due ${money(change)}` : 'No cash taken · no change due';
  $('payments').replaceChildren(...payments.map((p) => element('li', { className: 'payment', dataset: { provider: p.provider }, textContent: describePayment(p) })));
}

function describePayment(p) {
  const details = p.details ?? {};
  const left = (cents) => (typeof cents === 'number' ? ` · ${money(cents)} left` : '');
  switch (p.provider) {
    case 'cash':
      return `Cash ${money(p.amountCents)} · handed over ${money(p.tenderedCents ?? p.amountCents)} · change ${money(p.changeCents)}`;
    case 'terminal':
      return `Card terminal ${money(p.amountCents)} · approval ${p.authorizationRef}${details.cardLast4 ? ` · card ••••${details.cardLast4}` : ''}`;
    case 'gift_card':
      return `Gift card ••••${details.last4 ?? '????'} ${money(p.amountCents)}${left(details.balanceAfterCents)}`;
    case 'store_credit':
      return `Store credit ${money(p.amountCents)}${left(details.balanceAfterCents)}`;
    default:
      return `${KIND_NAMES[p.provider] ?? p.provider} ${money(p.amountCents)}`;
  }
}
