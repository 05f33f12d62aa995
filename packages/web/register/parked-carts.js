// Parked baskets: a customer's basket set aside on this register ("went back to the car for their
// ID") while the budtender serves the next one, and resumed later. The server keeps the register's
// own JSON (customer, lines, coupon codes, points offered, queue entry) under a label, lets it
// expire, and hands it back once: a basket resumed or discarded elsewhere meanwhile is its
// refusal, shown.

import { $, api, element, oneAtATime } from '../shared/ui.js';

const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

let wiring = null;

/**
 * `registerId()` is the register whose drawer is open, `current()` the sale on screen
 * ({ customer, basket, queueEntryId, couponCodes, loyaltyPoints }), `restore(payload)` puts a
 * parked one back on screen, `cleared()` starts the next sale, `nameOf(staffId)` names who parked it.
 */
export function wireParkedCarts({ attempt, button, registerId, current, restore, cleared, assertEditable, nameOf }) {
  wiring = { button, registerId, current, restore, cleared, assertEditable, nameOf };
  // Pressed twice before the answer, the basket would be parked twice.
  $('park').addEventListener('click', () => oneAtATime($('park'), () => attempt(park)));
  $('refresh-parked').addEventListener('click', () => attempt(loadParked));
}

const labelOf = ({ customer, basket }) => {
  const items = basket.reduce((sum, line) => sum + line.quantity, 0);
  return `${customer?.name ?? 'No customer yet'} · ${items} ${items === 1 ? 'item' : 'items'}`;
};

async function park() {
  wiring.assertEditable();
  const sale = wiring.current();
  if (sale.basket.length === 0) throw new Error('The basket is empty: there is nothing to park.');
  await api('POST', `/v1/registers/${wiring.registerId()}/parked-carts`, {
    label: labelOf(sale),
    payload: { customer: sale.customer, queueEntryId: sale.queueEntryId, lines: sale.basket, couponCodes: sale.couponCodes, loyaltyPoints: sale.loyaltyPoints },
  });
  wiring.cleared();
  await loadParked();
}

/** The register's parked baskets, oldest first, as the server has them now (expired ones are gone). */
export async function loadParked() {
  const { items } = await api('GET', `/v1/registers/${wiring.registerId()}/parked-carts`);
  $('parked').replaceChildren(
    ...items.map((cart) =>
      element(
        'li',
        { className: 'parked-cart', dataset: { cartId: cart.id } },
        `${cart.label} · parked ${clock(cart.parkedAt)}${cart.parkedBy ? ` by ${wiring.nameOf(cart.parkedBy)}` : ''} `,
        wiring.button('Resume', () => resume(cart)),
        wiring.button('Discard', () => discard(cart)),
      ),
    ),
  );
}

async function resume(cart) {
  wiring.assertEditable();
  if (wiring.current().basket.length > 0) throw new Error('Park or finish the basket on screen before resuming another.');
  try {
    const resumed = await api('POST', `/v1/registers/${wiring.registerId()}/parked-carts/${cart.id}/resume`);
    await wiring.restore(resumed.payload ?? {});
  } finally {
    // Resumed here or, refused, resumed elsewhere: either way the list is the server's again.
    await loadParked();
  }
}

async function discard(cart) {
  if (!confirm(`Discard the parked basket "${cart.label}"?`)) return;
  try {
    await api('POST', `/v1/registers/${wiring.registerId()}/parked-carts/${cart.id}/discard`);
  } finally {
    await loadParked();
  }
}
