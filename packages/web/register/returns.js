// Returns and voids at the counter. The order is looked up by the number printed on its receipt
// (or its id), or found among the customer's orders at this store; its payments are shown before
// anything is taken back, in the order a refund to the original tenders reaches them, so the
// manager knows where the money will go. The manager chooses which units come back and where each
// goes (the sellable shelf it was sold from, quarantine for opened goods, or quarantine until
// inventory destroys it with a witness), and whether the money goes back to the original tenders
// or to the customer's store credit. A void undoes a whole sale of the same day. Who may do
// either, how much is refunded to which tender, and what is more than was sold are the server's:
// its refusals are shown as they come.
// With a drawer open here, the cash part of a refund is paid out of it (the drawer counts it).
// A return or a void shows its own receipt. One that got no answer is sent again unchanged, with
// its Idempotency-Key: the server answers what it booked instead of refunding it twice. A void
// that another register's return overtook (ORDER_CHANGED) is said in words and the sale read again.

import { $, api, element, money, oneAtATime } from '../shared/ui.js';

const when = (iso) => new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
const RESTOCK = [
  ['sellable', 'sellable'],
  ['quarantine', 'quarantine'],
  ['destroy', 'destroy (witnessed)'],
];
const DESTINATIONS = { cash: 'cash', terminal: 'the card terminal (refund it on the terminal too)', gift_card: 'the gift card', store_credit: 'store credit', simulator: 'the card' };
const KIND_NAMES = { cash: 'Cash', terminal: 'Card terminal', gift_card: 'Gift card', store_credit: 'Store credit', simulator: 'Card' };
const CHANNELS = { in_store: 'register sale', pickup: 'pickup', delivery: 'delivery' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let order = null; // the order as the server last gave it
let payments = []; // its payments, in the order a refund reaches them
let pending = null; // { orderId, kind, body, key }: a return or void sent without an answer, sent again as it was
let wiring = null;

/**
 * `drawerId()` is the open drawer session of this register, or null; `storeId()` its store;
 * `newId()` makes the Idempotency-Key of a return or a void.
 */
export function wireReturns({ attempt, onSubmit, button, drawerId, storeId, newId }) {
  wiring = { button, drawerId, storeId, newId };
  onSubmit('order-lookup', async (form) => {
    await lookUp(String(form.get('order')).trim());
    $('return-result').hidden = true;
  });
  onSubmit('order-customer-search', async (form) => findCustomers(String(form.get('q')).trim()));
  // Pressed twice before the answer, a return would be booked (and refunded) twice.
  $('make-return').addEventListener('click', () => oneAtATime($('make-return'), () => attempt(makeReturn)));
  $('void-sale').addEventListener('click', () => oneAtATime($('void-sale'), () => attempt(voidSale)));
}

/** Forgets the order on screen (signed out, or another register's). */
export function closeReturnOrder() {
  order = null;
  payments = [];
  $('return-order').hidden = true;
  $('return-result').hidden = true;
  $('return-receipt').removeAttribute('src');
  $('order-lookup').reset();
  $('order-customer-search').reset();
  $('order-customers').replaceChildren();
  $('order-results').replaceChildren();
}

function storeOrThrow() {
  const storeId = wiring.storeId();
  if (!storeId) throw new Error('Choose the store first: orders are looked up at this store.');
  return storeId;
}

/** The number on the receipt (with or without its #) at this store, or an order id. */
async function lookUp(typed) {
  const number = typed.replace(/^#/, '');
  if (/^[0-9]+$/.test(number)) {
    const { orders } = await api('GET', `/v1/stores/${storeOrThrow()}/orders?number=${number}`);
    if (orders.length === 0) throw new Error(`No order #${number} at this store.`);
    return openOrder(orders[0].id);
  }
  if (!UUID.test(typed)) throw new Error('Type the order number printed on the receipt, or the order ID.');
  return openOrder(typed);
}

async function findCustomers(q) {
  const { customers } = await api('GET', `/v1/customers?limit=20&q=${encodeURIComponent(q)}`);
  $('order-results').replaceChildren();
  $('order-customers').replaceChildren(
    ...(customers.length === 0
      ? [element('li', { className: 'muted', textContent: 'No customer found.' })]
      : customers.map((c) =>
          element(
            'li',
            { className: 'order-customer', dataset: { customerId: c.id } },
            `${c.firstName} ${c.lastName} · born ${c.birthDate}${c.phone ? ` · ${c.phone}` : ''} `,
            wiring.button('Their orders', () => customerOrders(c, null)),
          ),
        )),
  );
}

/** The customer's orders at this store, newest first, ten at a time (`after`: the page before's nextAfter). */
async function customerOrders(customer, after) {
  const page = await api('GET', `/v1/stores/${storeOrThrow()}/orders?customerId=${customer.id}&limit=10${after ? `&after=${after}` : ''}`);
  const rows = page.orders.map((o) =>
    element(
      'li',
      { className: 'order-result', dataset: { orderId: o.id } },
      `Order #${o.number} · ${CHANNELS[o.channel] ?? o.channel} of ${when(o.completedAt ?? o.placedAt)} · ${o.status} · ${money(o.totalCents)}${o.refundedCents > 0 ? ` · refunded ${money(o.refundedCents)}` : ''} `,
      wiring.button('Open', async () => {
        await openOrder(o.id);
        $('return-result').hidden = true;
      }),
    ),
  );
  const list = $('order-results');
  if (!after) list.replaceChildren(element('li', { className: 'muted', textContent: `Orders of ${customer.firstName} ${customer.lastName} at this store, newest first:` }));
  list.querySelector('.more-orders')?.remove();
  if (page.orders.length === 0 && !after) list.append(element('li', { className: 'muted', textContent: 'No orders at this store.' }));
  list.append(...rows);
  if (page.nextAfter) list.append(element('li', { className: 'more-orders' }, wiring.button('Older orders', () => customerOrders(customer, page.nextAfter))));
}

async function openOrder(orderId) {
  // The order and where its money came from, read together: the screen never shows one without the other.
  const [found, paid] = await Promise.all([api('GET', `/v1/orders/${encodeURIComponent(orderId)}`), api('GET', `/v1/orders/${encodeURIComponent(orderId)}/payments`)]);
  // Typed by its ID, an order of another store opened here: its goods would go back on that
  // store's shelf, and the cash out of this drawer was refused as a drawer "not open".
  if (found.storeId !== storeOrThrow()) throw new Error(`Order #${found.number} was sold at another store: it is returned or voided there.`);
  order = found;
  payments = paid.payments;
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
  renderPaymentsOf();
  // Each return starts from the safe defaults: no reason yet, the money back where it came from.
  $('return-reason').value = '';
  document.querySelector('#refund-to input[value=original]').checked = true;
  clearMarks();
  renderPending();
}

/** A return or void of this order that got no answer: its note, and the controls it was sent with held. */
function renderPending() {
  const held = Boolean(order && pending?.orderId === order.id);
  $('return-pending').hidden = !held;
  $('return-pending').textContent = !held
    ? ''
    : pending.kind === 'void'
      ? 'The last void got no answer: Void the sale sends the same void again.'
      : 'The last return got no answer: Return these items sends the same return again.';
  for (const control of $('return-order').querySelectorAll('.return-line input, .return-line select, #return-reason, #refund-to input, #void-restock')) control.disabled = held;
}

/**
 * What the order was paid with, as the server lists it: the order a refund to the original
 * tenders reaches them (the last tender taken first), what each has left to refund, and where
 * its money goes back. The first with something left is where the next refund starts.
 */
function renderPaymentsOf() {
  const next = payments.find((p) => p.refundableCents > 0);
  $('return-payments').replaceChildren(
    ...(payments.length === 0
      ? [element('li', { className: 'muted', textContent: 'No payment recorded (paid at pickup or at the door).' })]
      : payments.map((p) =>
          element('li', {
            className: p === next ? 'return-payment next-refund' : 'return-payment',
            dataset: { kind: p.kind, paymentId: p.id },
            textContent: [
              `${KIND_NAMES[p.kind] ?? p.kind} ${money(p.amountCents)}`,
              p.reference && `ref ${p.reference}`,
              p.last4 && `••••${p.last4}`,
              p.refundedCents > 0 && `refunded ${money(p.refundedCents)}`,
              p.refundableCents > 0 ? `${money(p.refundableCents)} refundable, back to ${DESTINATIONS[p.kind] ?? p.kind}` : 'nothing left to refund',
              p === next && 'the next refund starts here',
            ]
              .filter(Boolean)
              .join(' · '),
          }),
        )),
  );
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
  await send('return', () => {
    const lines = chosenLines();
    if (lines.length === 0) throw new Error('Type how many units of which items come back.');
    const refundTo = document.querySelector('#refund-to input:checked').value;
    return withDrawer({ lines, reason: $('return-reason').value.trim(), refundTo });
  });
}

async function voidSale() {
  await send('void', () => withDrawer({ reason: $('return-reason').value.trim(), restock: $('void-restock').value }));
}

/**
 * Sends a return or a void of the order on screen (`bodyOf()` reads it off the screen), with an
 * Idempotency-Key. An answered refusal took nothing back; without an answer it may have gone
 * through, so it is kept and sent again unchanged with the same key, which the server answers
 * with the return it booked (a second send without the key booked and refunded a second return).
 */
async function send(kind, bodyOf) {
  if (pending?.orderId !== order.id || pending.kind !== kind) {
    clearMarks();
    pending = { orderId: order.id, kind, body: bodyOf(), key: wiring.newId() };
  }
  const sent = pending;
  let result;
  try {
    result = await api('POST', `/v1/orders/${sent.orderId}/${kind === 'void' ? 'void' : 'returns'}`, sent.body, { 'Idempotency-Key': sent.key });
  } catch (error) {
    if (error.status !== undefined) {
      pending = null;
      markRefusal(error, sent.body.lines ?? []);
      if (error.code === 'ORDER_CHANGED' && order?.id === sent.orderId) await showOrderChanged(error);
    }
    renderPending();
    throw error;
  }
  pending = null;
  renderPending();
  await showResult(result);
}

/**
 * A void refused because a return of the sale (from another register) was booked while it was on
 * its way: nothing was voided. The sale is read again, so the screen shows what is left to void or
 * return, and the reason typed stays for the next try.
 */
async function showOrderChanged(error) {
  const reason = $('return-reason').value;
  error.message = 'Another register returned items of this sale meanwhile, so nothing was voided. The sale is shown as it is now: void what is left, or return it.';
  try {
    await openOrder(order.id);
  } catch {
    // The refusal is what matters; the screen keeps the sale as it was read before.
    error.message = 'Another register returned items of this sale meanwhile, so nothing was voided. Look the order up again to see what is left.';
    return;
  }
  $('return-reason').value = reason;
}

/** Where a refusal is: `[{ path }]` for a validation failure, `{ path }` for the others. */
const refusedPaths = (details) => (Array.isArray(details) ? details.map((d) => d?.path) : [details?.path]).filter(Array.isArray);

/**
 * Marks the fields a refusal names (a line of those sent, by its index; the reason; the refund's
 * destination) and names the item before the server's reason, as the screen shows items by name
 * and not by the line numbers the server counts in.
 */
function markRefusal(error, sentLines) {
  const names = [];
  for (const [where, field, index] of refusedPaths(error.details)) {
    if (where !== 'body') continue;
    let marked = null;
    if (field === 'lines' && sentLines[index]) {
      const lineNo = sentLines[index].lineNo;
      const li = $('return-lines').querySelector(`.return-line[data-line-no="${lineNo}"]`);
      marked = li?.querySelector('input');
      const title = order.lines.find((l) => l.lineNo === lineNo)?.title;
      if (marked && title) names.push(title);
    } else if (field === 'reason') {
      marked = $('return-reason');
      names.push('Reason');
    } else if (field === 'refundTo') {
      marked = $('refund-to');
      names.push('Refund to');
    }
    marked?.setAttribute('aria-invalid', 'true');
  }
  if (names.length > 0) error.message = `${[...new Set(names)].join(', ')}: ${error.message}`;
  $('return-order').querySelector('[aria-invalid]')?.focus();
}

function clearMarks() {
  for (const node of $('return-order').querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
}

/**
 * One payment's part of the refund. A part that is not cash handed back here is owed by the server
 * until it goes through (`refund`, retried by itself): it is shown as pending, not as follow-up.
 * Cash handed back at the register is never retried.
 */
function refundText(r, owed) {
  const retried = r.cashOutCents === undefined && owed && owed.status === 'owed';
  if (r.error) return retried ? `Refund of ${money(r.amountCents)} pending, retried automatically: ${r.error}` : `Refund of ${money(r.amountCents)} failed, needs follow-up: ${r.error}`;
  if (!r.refundId) return `Refund of ${money(r.amountCents)} pending`;
  return `${money(r.cashOutCents ?? r.amountCents)} back to ${DESTINATIONS[r.destination] ?? r.destination}`;
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
        // Cash goes back as the server reckoned it after the store's rounding (what the drawer pays out).
        textContent: refundText(r, result.refund),
      }),
    ),
    // A buy-X-get-Y reward the customer keeps though the item that earned it came back.
    ...(result.promotionClawbackCents
      ? [
          element('li', {
            className: 'promotion-clawback',
            textContent:
              result.promotionClawbackCents > 0
                ? `Promotion no longer applies: ${money(result.promotionClawbackCents)} (plus its tax) kept off the refund`
                : `Promotion given back: ${money(-result.promotionClawbackCents)} (plus its tax) added to the refund`,
          }),
        ]
      : []),
    ...(result.cashRefundCents ? [element('li', { className: 'refund-cash', textContent: `Pay ${money(result.cashRefundCents)} out of this drawer` })] : []),
  );
  // The return's (or the void's) own receipt, as a sale's is shown when it completes.
  $('return-receipt').src = `/v1/orders/${result.orderId}/returns/${result.returnId}/receipt`;
  $('return-result').hidden = false;
  await openOrder(order.id);
}
