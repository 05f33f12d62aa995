// Returns and voids at the counter. The order is looked up by the id printed on its receipt; the
// manager chooses which units come back and where each goes (the sellable shelf it was sold from,
// quarantine for opened goods, or quarantine until inventory destroys it with a witness), and
// whether the money goes back to the original tenders or to the customer's store credit. A void
// undoes a whole sale of the same day. Who may do either, how much is refunded to which tender,
// and what is more than was sold are the server's: its refusals are shown as they come.
// With a drawer open here, the cash part of a refund is paid out of it (the drawer counts it).

import { $, api, element, money } from '../shared/ui.js';

const when = (iso) => new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
const RESTOCK = [
  ['sellable', 'sellable'],
  ['quarantine', 'quarantine'],
  ['destroy', 'destroy (witnessed)'],
];
const DESTINATIONS = { cash: 'cash', terminal: 'the card terminal (refund it on the terminal too)', gift_card: 'the gift card', store_credit: 'store credit', simulator: 'the card' };

let order = null; // the order as the server last gave it
let wiring = null;

/** `drawerId()` is the open drawer session of this register, or null. */
export function wireReturns({ attempt, onSubmit, drawerId }) {
  wiring = { drawerId };
  onSubmit('order-lookup', async (form) => {
    await openOrder(String(form.get('orderId')).trim());
    $('return-result').hidden = true;
  });
  $('make-return').addEventListener('click', () => attempt(makeReturn));
  $('void-sale').addEventListener('click', () => attempt(voidSale));
}

/** Forgets the order on screen (signed out, or another register's). */
export function closeReturnOrder() {
  order = null;
  $('return-order').hidden = true;
  $('order-lookup').reset();
}

async function openOrder(orderId) {
  order = await api('GET', `/v1/orders/${encodeURIComponent(orderId)}`);
  renderOrder();
}

function renderOrder() {
  $('return-order').hidden = false;
  $('return-number').textContent = order.number;
  $('return-status').textContent = order.status;
  $('return-summary').textContent = [
    `${order.channel === 'in_store' ? 'Register sale' : `${order.channel} order`} of ${when(order.completedAt ?? order.placedAt)}`,
    `total ${money(order.totalCents)}`,
    order.refundedCents > 0 && `refunded so far ${money(order.refundedCents)}`,
    order.customer.id ? 'customer on record' : 'walk-in (refunds go to the original tenders)',
    order.statusReason && `reason: ${order.statusReason}`,
  ]
    .filter(Boolean)
    .join(' · ');
  $('return-lines').replaceChildren(...order.lines.map(renderLine));
  // Each return starts from the safe defaults: no reason yet, the money back where it came from.
  $('return-reason').value = '';
  document.querySelector('#refund-to input[value=original]').checked = true;
}

function renderLine(line) {
  const quantity = element('input', { type: 'number', min: '0', step: '1', value: '0', name: 'quantity' });
  quantity.setAttribute('aria-label', `Units of ${line.title} coming back`);
  const restock = element('select', { name: 'restock' }, ...RESTOCK.map(([value, label]) => element('option', { value, textContent: label })));
  restock.setAttribute('aria-label', `Where ${line.title} goes`);
  return element(
    'li',
    { className: 'return-line', dataset: { lineNo: String(line.lineNo) } },
    `${line.title} · sold ${line.quantity} for ${money(line.totalCents)}${line.returnedQuantity > 0 ? ` · ${line.returnedQuantity} returned already` : ''} `,
    quantity,
    ' ',
    restock,
  );
}

/** The units chosen per line; more than was sold goes to the server, which refuses it. */
function chosenLines() {
  return [...$('return-lines').querySelectorAll('.return-line')]
    .map((li) => ({ lineNo: Number(li.dataset.lineNo), quantity: Number(li.querySelector('input').value), restock: li.querySelector('select').value }))
    .filter((line) => line.quantity !== 0);
}

const withDrawer = (body) => (wiring.drawerId() ? { ...body, registerSessionId: wiring.drawerId() } : body);

async function makeReturn() {
  const lines = chosenLines();
  if (lines.length === 0) throw new Error('Type how many units of which items come back.');
  const refundTo = document.querySelector('#refund-to input:checked').value;
  const result = await api('POST', `/v1/orders/${order.id}/returns`, withDrawer({ lines, reason: $('return-reason').value.trim(), refundTo }));
  await showResult(result);
}

async function voidSale() {
  const result = await api('POST', `/v1/orders/${order.id}/void`, withDrawer({ reason: $('return-reason').value.trim(), restock: $('void-restock').value }));
  await showResult(result);
}

/** What the server booked and refunded, then the order as it is now. */
async function showResult(result) {
  const names = new Map(order.lines.map((l) => [l.lineNo, l.title]));
  $('return-result-title').textContent = `${result.kind === 'void' ? 'Voided' : 'Returned'}: ${money(result.refundCents)} refunded (tax ${money(result.taxRefundCents)}) to ${result.refundTo === 'store_credit' ? 'store credit' : 'the original tenders'}`;
  $('return-refunds').replaceChildren(
    ...result.lines.map((l) => element('li', { className: 'returned-line', dataset: { lineNo: String(l.lineNo) }, textContent: `${names.get(l.lineNo) ?? `Line ${l.lineNo}`} × ${l.quantity} → ${l.restock} · ${money(l.refundCents)}` })),
    ...result.refunds.map((r) =>
      element('li', {
        className: r.error ? 'refund violation' : 'refund',
        dataset: { destination: r.destination ?? '' },
        textContent: r.error ? `Refund of ${money(r.amountCents)} failed, needs follow-up: ${r.error}` : `${money(r.amountCents)} back to ${DESTINATIONS[r.destination] ?? r.destination}`,
      }),
    ),
    ...(result.cashRefundCents ? [element('li', { className: 'refund-cash', textContent: `Pay ${money(result.cashRefundCents)} out of this drawer` })] : []),
  );
  $('return-result').hidden = false;
  await openOrder(order.id);
}
