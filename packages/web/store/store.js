// Verdant's online store: a store's menu (public), a shopper's account, a cart whose every change
// the server checks against the store's pack and the shopper's history (the limit meter shown is
// the server's), and a pickup order paid at the counter. Plain browser JavaScript over the HTTP
// API; the shopper's session is an httpOnly cookie the server sets. Where the store requires it, a
// shopper confirms their e-mail address (a link mailed to it) before their items are held and the
// order placed; until then the cart and its limit meter work, and the page says what is missing.
// A shopper has one open cart per store and channel, whatever the tab: a tab still on a cart
// another tab placed or gave up follows the server's answer to where the shopping went.

import { $, api, buttonFor, describeError, element, money, oneAtATime } from '../shared/ui.js';

const button = buttonFor(attempt);

const storeId = new URLSearchParams(location.search).get('store');
const state = { store: null, storeClosed: false, shopper: null, account: null, cart: null, channel: 'pickup', lastHoldRefresh: 0, live: new Map() };
/** Stock is held for the cart while the shopper is active: refreshed at most this often. */
const HOLD_REFRESH_MS = 60_000;
/** Products read from the menu at a time; "Show more" reads the next page. */
const MENU_PAGE = 48;

/**
 * An instant on the store's clock, with its zone's name: a pickup time or a hold means the time at
 * the store, whatever time zone the shopper's device is set to.
 */
const atStore = (iso, fields) => new Date(iso).toLocaleString([], { timeZone: state.store?.timezone, timeZoneName: 'short', ...fields });

function amount(value, unit) {
  if (unit === 'mg') return `${Number((value / 1000).toFixed(2))} g`;
  if (unit === 'mg_thc') return `${value} mg THC`;
  return `${value} units`;
}

function showMessage(id, text) {
  $(id).textContent = text ?? '';
  $(id).hidden = !text;
}

const showError = (error) => showMessage('error', error ? describeError(error) : null);

/** Runs an action, showing what the server refused. */
async function attempt(action) {
  showError(null);
  showMessage('notice', null);
  try {
    await action();
  } catch (error) {
    if (error.code === 'CART_CLOSED') return followClosedCart(error);
    if (error.code === 'STORE_NOT_OPEN') return showStoreClosed(error.details?.status);
    if (error.code !== 'UNAUTHENTICATED') return showError(error);
    // The session ended (it expired, or the shopper signed out in another tab): the server's words
    // are for API clients. The cart stays the shopper's, and comes back when they sign in.
    signedOut();
    $('account').hidden = false;
    showError(Object.assign(new Error('You are signed out: sign in again to carry on. Your cart is kept.'), { code: error.code }));
  }
}

/**
 * A form's submission, sent once at a time: a double click on its button (or Enter pressed twice)
 * sent it twice, and the second answer (an account opened already: EMAIL_TAKEN) was shown over
 * the first's.
 */
function onSubmit(id, action) {
  $(id).addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    oneAtATime(form, () => attempt(() => action(new FormData(form), form)), [...form.querySelectorAll('button[type=submit]')]);
  });
}

/**
 * A change of the cart (an item added, a quantity, the channel, the order placed), one at a time:
 * each is made from the cart the last one answered, and a double click on the first "Add to cart"
 * would otherwise start two carts, each holding stock.
 */
const changeCart = (action, disabled) => oneAtATime($('cart'), action, disabled);

/**
 * A store closed (for a while) or retired (for good) sells nothing: its menu and the basket are
 * not offered, and the page says so instead of showing the refusal. The shopper's orders stay.
 */
function showStoreClosed(status) {
  state.storeClosed = true;
  $('menu').hidden = true;
  $('cart').hidden = true;
  showMessage(
    'notice',
    status === 'retired'
      ? 'This store has closed for good and takes no more orders. Your orders are still here.'
      : 'This store is closed for now and takes no orders. Your orders are still here.',
  );
}

// ---- the menu ---------------------------------------------------------------------------------

/** The menu shown: its query, the cursor of its next page, and which search it is (a newer one supersedes an older one's pages). */
const menu = { query: {}, nextCursor: null, search: 0 };

function readMenu(query, cursor) {
  const params = new URLSearchParams({ limit: String(MENU_PAGE) });
  if (query.q) params.set('q', query.q);
  if (query.inStock) params.set('inStock', 'true');
  if (cursor) params.set('cursor', cursor);
  return api('GET', `/v1/public/stores/${storeId}/products?${params}`);
}

async function showMenu(query = {}) {
  const search = ++menu.search;
  Object.assign(menu, { query, nextCursor: null });
  $('more-products').hidden = true;
  const page = await readMenu(query);
  if (search !== menu.search) return;
  $('store-name').textContent = page.store.name;
  document.title = `${page.store.name} · Online store`;
  $('menu-count').textContent = `${page.total} product${page.total === 1 ? '' : 's'}`;
  $('products').replaceChildren(...page.products.map(renderProduct));
  showNextCursor(page.nextCursor);
}

/** The menu's next page, below the products shown. */
async function showMoreProducts() {
  const search = menu.search;
  if (!menu.nextCursor) return;
  const page = await readMenu(menu.query, menu.nextCursor);
  if (search !== menu.search) return;
  $('products').append(...page.products.map(renderProduct));
  showNextCursor(page.nextCursor);
}

function showNextCursor(cursor) {
  menu.nextCursor = cursor;
  $('more-products').hidden = !cursor;
}

$('more-products').addEventListener('click', () => oneAtATime($('more-products'), () => attempt(showMoreProducts), [$('more-products')]));

function renderProduct(product) {
  const about = [product.brand?.name, product.category.replace(/_/g, ' '), product.strainType].filter(Boolean).join(' · ');
  return element(
    'li',
    { className: 'product' },
    element('strong', { textContent: product.title }),
    element('div', { className: 'muted', textContent: about }),
    ...product.skus.map((sku) => {
      const potency = sku.thcPercent !== null ? `THC ${sku.thcPercent}%` : sku.thcMg !== null ? `${sku.thcMg} mg THC` : '';
      const row = element(
        'div',
        { className: 'sku', dataset: { skuId: sku.id, patientsOnly: String(sku.patientsOnly) } },
        `${sku.sizeLabel} · ${money(sku.priceCents)}`,
        element('span', { className: 'muted', textContent: potency }),
        element('span', { className: 'stock muted' }),
        button('Add to cart', () => changeCart(() => addToCart(sku.id))),
      );
      showStock(row, state.live.has(sku.id) ? state.live.get(sku.id) > 0 : sku.inStock);
      return row;
    }),
  );
}

/** Shows whether a SKU can be bought now (the menu's answer, then the live stream's). */
function showStock(row, inStock) {
  const patientsOnly = row.dataset.patientsOnly === 'true';
  row.querySelector('.stock').textContent = patientsOnly ? 'registered patients only' : inStock ? '' : 'out of stock';
  row.querySelector('button').disabled = patientsOnly || !inStock;
}

/**
 * The store's availability as it changes: an item that sells out at the register (or in someone's
 * cart) is shown out of stock here at once, and back when it returns; a store that closes says so
 * at once. EventSource reconnects by
 * itself and resumes from the last message it saw. It is opened before the menu is read, so no
 * change falls between the two.
 */
function followAvailability() {
  const stream = new EventSource(`/v1/public/stores/${storeId}/availability/stream`);
  stream.addEventListener('availability', (event) => {
    const { skuId, available } = JSON.parse(event.data);
    state.live.set(skuId, available); // a change seen live wins over the menu, which may have been read before it
    for (const row of document.querySelectorAll(`.sku[data-sku-id="${skuId}"]`)) showStock(row, available > 0);
  });
  // The stream's last message when the store closes or retires: the page says so at once, and the
  // stream is not opened again (the server would refuse it while the store is not open).
  stream.addEventListener('status', (event) => {
    stream.close();
    showStoreClosed(JSON.parse(event.data).status);
  });
  // A stream the server refused (the store closed before it reconnected: 409) is not retried by the
  // browser; the store's own answer then says whether it closed.
  stream.addEventListener('error', () => {
    if (stream.readyState !== EventSource.CLOSED || state.storeClosed) return;
    api('GET', `/v1/public/stores/${storeId}`).then(
      (store) => store.status !== 'open' && showStoreClosed(store.status),
      () => undefined,
    );
  });
}

$('search').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  attempt(() => showMenu({ q: String(form.get('q') ?? '').trim(), inStock: form.get('inStock') === 'on' }));
});

// ---- the shopper ------------------------------------------------------------------------------

const cartKey = () => `verdant.cart.${storeId}.${state.shopper?.id}`;

/** The store holds items and takes the order only once the shopper has confirmed their e-mail address. */
const mustConfirmEmail = () => Boolean(state.account?.emailVerificationRequired && !state.account.emailVerified);

async function signedIn({ customer, account }) {
  state.shopper = customer;
  state.account = account;
  $('who').textContent = `${customer.firstName} ${customer.lastName}`;
  $('show-account').hidden = true;
  $('show-orders').hidden = false;
  $('sign-out').hidden = false;
  $('account').hidden = true;
  showAccount();
  if (!state.storeClosed) await loadCart();
}

function signedOut() {
  state.shopper = null;
  state.account = null;
  state.cart = null;
  $('who').textContent = '';
  $('show-account').hidden = false;
  $('show-orders').hidden = true;
  $('sign-out').hidden = true;
  $('orders').hidden = true;
  showAccount();
  renderCart();
}

/** The banner and the note by the order button, while the e-mail address waits to be confirmed. */
function showAccount() {
  const waiting = mustConfirmEmail();
  $('verify-banner').hidden = !waiting;
  $('order-note').hidden = !waiting;
  if (!waiting) return;
  const email = state.account.email;
  $('verify-text').textContent = `Confirm your e-mail address to order: open the link we sent to ${email}.`;
  $('order-note').textContent = `You can place the order once your e-mail address is confirmed: open the link we sent to ${email}.`;
}

/** The server's word on the account (the address may have been confirmed in another tab or on another device). */
async function refreshAccount() {
  const { account } = await api('GET', '/v1/shop/me');
  const confirmedNow = mustConfirmEmail() && !(account.emailVerificationRequired && !account.emailVerified);
  state.account = account;
  showAccount();
  if (confirmedNow) await holdCart();
}

$('show-account').addEventListener('click', () => {
  $('account').hidden = false;
  $('account').scrollIntoView();
});

// Once signed in, the forms keep nothing: the next person at a shared screen must not find the
// e-mail and password filled in.
onSubmit('sign-in-form', async (form, formElement) => {
  const answer = await api('POST', `/v1/public/stores/${storeId}/shoppers/sign-in`, { email: form.get('email'), password: form.get('password') });
  formElement.reset();
  await signedIn(answer);
});

onSubmit('sign-up-form', async (form, formElement) => {
  const body = Object.fromEntries(form);
  if (!body.phone) delete body.phone;
  const answer = await api('POST', `/v1/public/stores/${storeId}/shoppers`, body);
  formElement.reset();
  await signedIn(answer);
  showMessage(
    'notice',
    mustConfirmEmail()
      ? `Your account is open. We sent a link to ${state.account.email}: open it to confirm your address, and then you can place your order.`
      : 'Your account is open.',
  );
});

// A forgotten password: the server mails a link back to this page with the token after `#reset=`.
onSubmit('reset-request-form', async (form) => {
  await api('POST', `/v1/public/stores/${storeId}/shoppers/password-reset`, { email: form.get('email') });
  showMessage('notice', 'If that e-mail has an account here, a link to set a new password is on its way. It works once, within an hour.');
});

const resetToken = () => new URLSearchParams(window.location.hash.slice(1)).get('reset');

/** Arrived from a reset e-mail (on load, or with this page already open): ask for the new password first. */
function offerNewPassword() {
  if (!resetToken()) return false;
  $('account').hidden = false;
  $('new-password-form').hidden = false;
  $('new-password-form').scrollIntoView();
  return true;
}
window.addEventListener('hashchange', offerNewPassword);

onSubmit('new-password-form', async (form, formElement) => {
  const answer = await api('POST', `/v1/public/stores/${storeId}/shoppers/password`, { token: resetToken(), password: form.get('password') });
  // The token is spent: keep it out of the address bar and the history.
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  formElement.reset();
  $('new-password-form').hidden = true;
  await signedIn(answer);
  showMessage('notice', 'Your new password is set, and you are signed in.');
});

// Confirming the e-mail address: the server mails a link back to this page with the token after
// `#verify=` (after the #, so the token never reaches a server log or a Referer header).
const verifyToken = () => new URLSearchParams(window.location.hash.slice(1)).get('verify');

async function confirmEmail() {
  const token = verifyToken();
  if (!token) return;
  // Opened or not, the token has done its work: keep it out of the address bar and the history.
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  await api('POST', `/v1/public/stores/${storeId}/shoppers/verify-email`, { token });
  if (state.shopper) {
    await refreshAccount();
    showMessage('notice', 'Your e-mail address is confirmed: you can place your order.');
  } else {
    showMessage('notice', 'Your e-mail address is confirmed. Sign in to place your order.');
  }
}
window.addEventListener('hashchange', () => attempt(confirmEmail));

$('resend-verification').addEventListener('click', () =>
  attempt(async () => {
    await api('POST', '/v1/shop/me/verification-email', { storeId });
    showMessage('notice', `A new link is on its way to ${state.account.email}. It works for 24 hours.`);
  }),
);

// Back from the mail in another tab: the banner follows what the server says now.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && state.shopper && mustConfirmEmail()) attempt(refreshAccount);
});

$('sign-out').addEventListener('click', () =>
  attempt(async () => {
    await api('POST', '/v1/shop/sign-out');
    // The name, phone and address typed for the order are the shopper's: not for the next person at the screen.
    $('checkout').reset();
    signedOut();
  }),
);

// ---- the cart ---------------------------------------------------------------------------------

/** The open cart remembered for this store and shopper, if the server still has it open. */
async function loadCart() {
  const cartId = localStorage.getItem(cartKey());
  state.cart = null;
  if (cartId) {
    try {
      const cart = await api('GET', `/v1/shop/carts/${cartId}`);
      if (cart.status === 'open') {
        state.cart = cart;
        state.channel = cart.channel;
      }
    } catch (error) {
      if (error.status !== 404) throw error;
    }
  }
  if (!state.cart) localStorage.removeItem(cartKey());
  renderCart();
}

/**
 * The cart to change: the one on screen, or else the shopper's open cart at this store for the
 * channel, which the server answers (another tab's, with its items) or starts.
 */
async function openCart() {
  if (state.cart) return state.cart;
  state.cart = await api('POST', '/v1/shop/carts', { storeId, channel: state.channel });
  localStorage.setItem(cartKey(), state.cart.id);
  return state.cart;
}

/**
 * The cart on screen was placed or given up in another tab (409 CART_CLOSED): the page follows the
 * shopping there rather than stay on a cart nothing can change. The server names the order the
 * cart became and the shopper's open cart at this store for the channel, if there is one: that
 * cart is shown; without one the cart here starts afresh.
 */
async function followClosedCart(error) {
  const { cartId } = error.details ?? {};
  // Two answers about one closed cart (a change and the hold's refresh): followed once.
  if (!state.cart || (cartId && cartId !== state.cart.id)) return;
  await changeCart(async () => {
    try {
      await leaveClosedCart(error.details ?? {});
    } catch (followError) {
      showError(followError);
    }
  });
}

/** Leaves the closed cart on screen for the open one the server named (`openCartId`), or none; says why. */
async function leaveClosedCart({ orderId, openCartId }) {
  state.cart = null;
  localStorage.removeItem(cartKey());
  try {
    // The order's number is what the shopper knows it by; without it the words still hold.
    const order = orderId ? await api('GET', `/v1/shop/orders/${orderId}`).catch(() => null) : null;
    const open = openCartId ? await api('GET', `/v1/shop/carts/${openCartId}`) : null;
    if (open?.status === 'open') {
      state.cart = open;
      state.channel = open.channel;
      localStorage.setItem(cartKey(), open.id);
    }
    const what = orderId ? `This cart was ordered in another tab or window${order ? `: order ${order.number}` : ''}.` : 'This cart was closed in another tab or window.';
    showMessage('notice', state.cart ? `${what} Here is the cart you have open now.` : `${what} Your cart here starts afresh.`);
  } finally {
    renderCart();
  }
}

/**
 * Pickup or delivery. A cart's channel is fixed (the pack may judge them differently), so a cart
 * with items moves to the shopper's cart of the other channel (the open one, its items kept, or a
 * new one): the items are added there first, checked by the server, and only then is the old cart
 * given up. A refusal leaves the old cart as it was.
 */
async function chooseChannel(channel) {
  let previous = state.cart;
  if (previous && previous.channel !== channel) {
    // The cart as the server has it now: another tab may have changed it, placed it or moved it
    // already (its items moved again would be counted twice).
    previous = await api('GET', `/v1/shop/carts/${previous.id}`);
    if (previous.status !== 'open') {
      // The shopper's cart of the chosen channel is shown instead: the one the other tab moved
      // the items to, if that is where they went.
      const open = await api('POST', '/v1/shop/carts', { storeId, channel });
      await leaveClosedCart({ orderId: previous.orderId, openCartId: open.lines.length > 0 ? open.id : null });
      state.channel = channel;
      return renderCart();
    }
  }
  if (!previous || previous.channel === channel || previous.lines.length === 0) {
    state.channel = channel;
    if (previous && previous.channel !== channel) {
      await api('DELETE', `/v1/shop/carts/${previous.id}`);
      state.cart = null;
    }
    return renderCart();
  }
  // The shopper's open cart of the other channel (one another tab started keeps its items, and
  // these join them), or a new one.
  const next = await api('POST', '/v1/shop/carts', { storeId, channel });
  const lines = next.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity }));
  for (const line of previous.lines) {
    const same = lines.find((l) => l.skuId === line.skuId);
    if (same) same.quantity += line.quantity;
    else lines.push({ skuId: line.skuId, quantity: line.quantity });
  }
  try {
    state.cart = await api('PUT', `/v1/shop/carts/${next.id}/lines`, { lines });
  } catch (error) {
    // Only an empty cart is given up: one with items is another tab's, and stays as it was.
    if (next.lines.length === 0) await api('DELETE', `/v1/shop/carts/${next.id}`);
    throw error;
  }
  state.channel = channel;
  localStorage.setItem(cartKey(), next.id);
  renderCart();
  // Another tab may have closed the old cart meanwhile: then there is nothing left to give up.
  await api('DELETE', `/v1/shop/carts/${previous.id}`).catch((error) => {
    if (error.code !== 'CART_CLOSED') throw error;
  });
}

for (const radio of document.querySelectorAll('#channel input[name=channel]')) {
  radio.addEventListener('change', () =>
    attempt(async () => {
      try {
        await changeCart(() => chooseChannel(radio.value));
      } finally {
        showChannel();
      }
    }),
  );
}

/**
 * How a pickup is collected: the modes the store's pack allows today (`pickupModes` of the store's
 * answer; the server judges the mode again when the details are sent). Only "inside the store" is
 * always allowed, so the choice is shown only where the pack allows more.
 */
function showPickupModes(delivery) {
  const allowed = state.store?.pickupModes ?? ['in_store'];
  const offered = !delivery && allowed.some((mode) => mode !== 'in_store');
  $('pickup-mode').hidden = !offered;
  for (const radio of $('pickup-mode').querySelectorAll('input[name=mode]')) {
    const shown = radio.value === 'in_store' || allowed.includes(radio.value);
    radio.closest('label').hidden = !shown;
    radio.disabled = !offered || !shown;
    if (!shown && radio.checked) $('pickup-mode').querySelector('input[value=in_store]').checked = true;
  }
}

/** The form follows the channel: an address for delivery, and where the order is paid. */
function showChannel() {
  const channel = state.cart?.channel ?? state.channel;
  for (const radio of document.querySelectorAll('#channel input[name=channel]')) radio.checked = radio.value === channel;
  const delivery = channel === 'delivery';
  showPickupModes(delivery);
  $('address').hidden = !delivery;
  for (const input of $('address').querySelectorAll('input')) input.required = delivery;
  $('pay-note').textContent = delivery
    ? 'You pay the driver at the door, who checks the ID you signed up with before handing the order over.'
    : 'You pay at pickup. Bring the ID you signed up with: it is checked when you collect the order.';
}

/** Sends the whole set of lines; the server answers the cart as it is (unchanged on a refusal). */
async function setLines(lines) {
  const cart = await openCart();
  try {
    state.cart = await api('PUT', `/v1/shop/carts/${cart.id}/lines`, { lines });
    state.lastHoldRefresh = Date.now();
  } finally {
    renderCart();
  }
}

async function addToCart(skuId) {
  if (!state.shopper) {
    $('account').hidden = false;
    throw Object.assign(new Error('Sign in or open an account to start a cart.'), { code: 'SIGN_IN_REQUIRED' });
  }
  // Opened first: the shopper's open cart may be another tab's, whose items stay in it.
  const lines = (await openCart()).lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity }));
  const existing = lines.find((l) => l.skuId === skuId);
  if (existing) existing.quantity += 1;
  else lines.push({ skuId, quantity: 1 });
  await setLines(lines);
}

/** Holds the cart's items again (after the address is confirmed, or a lapsed hold); the server checks the stock. */
async function holdCart() {
  if (!state.cart?.lines.length) return;
  try {
    state.cart = await api('POST', `/v1/shop/carts/${state.cart.id}/hold`);
    state.lastHoldRefresh = Date.now();
  } finally {
    renderCart();
  }
}

async function changeQuantity(lineNo, quantity) {
  const lines = state.cart.lines.map((l) => ({ skuId: l.skuId, quantity: l.lineNo === lineNo ? quantity : l.quantity })).filter((l) => l.quantity > 0);
  await setLines(lines);
}

function renderCart() {
  const cart = state.cart;
  showChannel();
  const lines = cart?.lines ?? [];
  $('cart-empty').hidden = lines.length > 0;
  $('cart-details').hidden = lines.length === 0;
  $('cart-lines').replaceChildren(
    ...lines.map((line) => {
      // Two sizes of one product are two lines: the size tells them apart.
      const name = line.sizeLabel ? `${line.title} ${line.sizeLabel}` : line.title;
      return element(
        'li',
        { className: 'cart-line', dataset: { skuId: line.skuId } },
        element('span', { className: 'quantity', textContent: String(line.quantity) }),
        ` × ${name} · ${money(line.totalCents)}`,
        button('−', () => changeCart(() => changeQuantity(line.lineNo, line.quantity - 1)), { ariaLabel: `One less ${name}` }),
        button('+', () => changeCart(() => changeQuantity(line.lineNo, line.quantity + 1)), { ariaLabel: `One more ${name}` }),
      );
    }),
  );
  if (!cart || lines.length === 0) return;
  $('limits').replaceChildren(
    ...cart.limits.map((limit) =>
      element(
        'li',
        { dataset: { limitId: limit.id } },
        `${limit.label}: ${amount(limit.used, limit.unit)} of ${amount(limit.max, limit.unit)}`,
        element('meter', { min: 0, max: limit.max, value: limit.used, high: limit.max * 0.8, optimum: 0 }),
      ),
    ),
  );
  const totals = [
    ['Subtotal', cart.totals.subtotalCents],
    ...(cart.totals.discountCents ? [['Discounts', -cart.totals.discountCents]] : []),
    ...cart.taxes.map((t) => [`${t.label}${t.includedInPrice ? ' (included)' : ''}`, t.amountCents]),
    ['Total', cart.totals.totalCents],
  ];
  $('totals').replaceChildren(...totals.flatMap(([label, cents]) => [element('dt', { textContent: label }), element('dd', { textContent: money(cents) })]));
  $('hold').textContent = cart.hold
    ? `Held for you until ${atStore(cart.hold.expiresAt, { hour: 'numeric', minute: '2-digit' })}.`
    : mustConfirmEmail()
      ? 'Not held yet: we hold your items once your e-mail address is confirmed.'
      : 'Not held: change the cart to hold the items again.';
}

$('checkout').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  attempt(() => changeCart(() => placeOrder(form), [...event.target.querySelectorAll('button[type=submit]')]));
});

/** What the shopper is told about collecting a placed pickup order, by how it is handed over. */
const PICKUP_READY = {
  in_store: 'We will have it ready for you.',
  curbside: 'We will have it ready and bring it out to your car.',
  drive_through: 'We will have it ready for you at the drive-through window.',
};

/** Sends the pickup or delivery details, holds the items if they are not held, and places the order. */
async function placeOrder(form) {
  const cartId = state.cart.id;
  const contact = { name: form.get('name'), phone: form.get('phone') };
  const delivery = state.cart.channel === 'delivery';
  const fulfillment = delivery
    ? {
        delivery: {
          ...contact,
          address: { line1: form.get('line1'), city: form.get('city'), region: form.get('region'), postalCode: form.get('postalCode') },
          addressType: form.get('addressType'),
        },
      }
    : { pickup: { ...contact, mode: form.get('mode') ?? 'in_store' } };
  state.cart = await api('PUT', `/v1/shop/carts/${cartId}/fulfillment`, fulfillment);
  // Items not held (the address was confirmed meanwhile, or the hold lapsed) are held first; a
  // shopper who has not confirmed their address is refused here, with the server's reason.
  if (!state.cart.hold || Date.parse(state.cart.hold.expiresAt) <= Date.now()) await holdCart();
  const { order } = await api('POST', `/v1/shop/carts/${cartId}/complete`, {});
  localStorage.removeItem(cartKey());
  state.cart = null;
  renderCart();
  showMessage('notice', `Order ${order.number} is placed: ${money(order.totalCents)}, ${delivery ? 'paid on delivery. We will bring it to you.' : `paid at pickup. ${PICKUP_READY[order.fulfillment?.mode] ?? PICKUP_READY.in_store}`}`);
}

// While the shopper is active, keep their items held (the server restarts the hold's clock).
for (const kind of ['pointerdown', 'keydown', 'scroll']) {
  addEventListener(kind, () => {
    if (!state.cart?.lines.length || mustConfirmEmail() || Date.now() - state.lastHoldRefresh < HOLD_REFRESH_MS) return;
    state.lastHoldRefresh = Date.now();
    attempt(async () => {
      state.cart = await api('POST', `/v1/shop/carts/${state.cart.id}/hold`);
      renderCart();
    });
  }, { passive: true });
}

// ---- orders -----------------------------------------------------------------------------------

/** Statuses in which the shopper may still call an order off (the server decides; this only hides the button). */
const CANCELLABLE = ['placed', 'accepted', 'packed', 'ready'];

/**
 * The refund a cancelled or no-show order owes, as the server reports it: pending while it is owed
 * (the server retries a refused refund by itself), refunded once it went through.
 */
function refundNote(refund) {
  if (!refund) return '';
  return refund.status === 'refunded' ? ' · Refunded' : ' · Refund pending';
}

async function showOrders() {
  const { orders } = await api('GET', '/v1/shop/orders');
  $('order-list').replaceChildren(
    ...(orders.length === 0
      ? [element('li', { className: 'muted', textContent: 'No orders yet.' })]
      : orders.map((o) =>
          element(
            'li',
            { dataset: { orderId: o.id } },
            `Order ${o.number} · ${atStore(o.placedAt, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })} · ${money(o.totalCents)} · ${o.status.replace(/_/g, ' ')}${refundNote(o.refund)} `,
            ...(CANCELLABLE.includes(o.status) ? [button('Cancel order', () => cancelOrder(o))] : []),
          ),
        )),
  );
  $('orders').hidden = false;
}

async function cancelOrder(order) {
  if (!window.confirm(`Cancel order ${order.number}?`)) return;
  try {
    await api('POST', `/v1/shop/orders/${order.id}/cancel`, {});
  } catch (error) {
    // Refused (the store moved the order on meanwhile): the list shows the order as it is now.
    if (error.code === 'ORDER_NOT_CANCELLABLE') await showOrders();
    throw error;
  }
  showMessage('notice', `Order ${order.number} is cancelled.`);
  await showOrders();
  // The order's share of the limit is given back: the open cart's meter is the server's again.
  if (state.cart) await changeCart(loadCart);
}

$('show-orders').addEventListener('click', () =>
  attempt(async () => {
    await showOrders();
    $('orders').scrollIntoView();
  }),
);

// ---- start --------------------------------------------------------------------------------------

async function start() {
  if (!storeId) throw Object.assign(new Error('Open this page with ?store=<store id> (npm start prints the demo stores’ links).'), { code: 'STORE_REQUIRED' });
  followAvailability();
  const menuShown = showMenu({ inStock: true }).catch((error) => {
    if (error.code !== 'STORE_NOT_OPEN') throw error;
  });
  [state.store] = await Promise.all([api('GET', `/v1/public/stores/${storeId}`), menuShown]);
  if (state.store.status !== 'open') {
    $('store-name').textContent = state.store.name;
    showStoreClosed(state.store.status);
  }
  try {
    await signedIn(await api('GET', '/v1/shop/me'));
  } catch (error) {
    if (error.status !== 401) throw error;
    signedOut();
  }
  offerNewPassword();
  await confirmEmail();
}

attempt(start);
