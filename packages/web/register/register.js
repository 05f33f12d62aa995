// Verdant's register for budtenders: sign in, open (or use) a drawer, serve the check-in queue,
// build a basket by scanning or picking, override a line's price with a reason, apply coupon codes,
// redeem the customer's loyalty points, park a basket and resume it, watch the server's compliance
// verdict and limit meter, take cash, card-terminal, gift card and store-credit tenders (split as
// the customer pays), complete the sale and show the receipt and the points it earned and spent;
// sell a gift card (paid in cash or on the card terminal); close the drawer with a count. Online
// orders are worked here too: the store's pick queue, package scans, the ID check and the
// hand-over; and returns and voids of sales.
// Plain browser JavaScript over the HTTP API (the session cookie the sign-in sets): every price,
// limit, refusal, amount of change, refund and order step is the server's.
// Tenders, coupons, loyalty points, parked baskets, returns and gift card sales live in their own modules next to this one.

import { $, api, attemptFor, buttonFor, element, money, oneAtATime, wireStaffSession } from '../shared/ui.js';
import { couponCodesOfSale, keptCoupons, renderCoupons, resetCoupons, wireCoupons } from './coupons.js';
import { wireGiftCards } from './gift-cards.js';
import { loadLoyalty, loyaltyPointsOfSale, offeredPoints, redemptionOf, renderLoyalty, resetLoyalty, showPointsOfSale, wireLoyalty } from './loyalty.js';
import { loadParked, wireParkedCarts } from './parked-carts.js';
import { closeReturnOrder, wireReturns } from './returns.js';
import { loadStoreCredit, renderPayments, renderTenders, resetTenders, tendersOfSale, terminalChargesLeft, wireTenders } from './tenders.js';

const attempt = attemptFor(() => showSignIn());
const plainButton = buttonFor(attempt);

const PACKAGE_LABEL = /^[0-9A-Z]{10,32}$/;

const state = {
  me: null,
  names: new Map(), // staff id → name, from sign-in, PIN switches and the staff list
  pinStaff: [], // who may switch in with a PIN at this store
  switchedIn: false,
  storeId: null,
  session: null, // { id, registerId, registerName }
  skus: new Map(), // skuId → { sku, product }: the facts the compliance check needs
  pickList: [], // skuIds priced at the store
  available: new Map(), // skuId → sellable units
  customer: null, // { id?, name, birthDate? }
  queueEntryId: null,
  basket: [], // { skuId, packageLabel?, quantity, override? }: override is { unitPriceCents | discountCents, reason }
  overrideLine: null, // the basket line whose price-override form is open
  quote: null, // { lines, totals, check, promotions, loyaltyPoints, loyalty } the server gave for the basket as it is
  quoteSeq: 0,
  pendingSale: null, // a sale sent without an answer: sent again unchanged, with its id
  pickOrder: null, // the online order open in the pick queue, as the server last gave it
  idCheck: null, // { orderId, result }: what the server answered to the last ID check recorded here
};

const cents = (dollars) => Math.round(Number(dollars) * 100);
const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const when = (iso) => new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
const withoutNulls = (object) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null && value !== undefined));

/** A UUIDv7 (time-ordered, as the server's ids): the register names its sale before sending it. */
function uuidv7() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let ms = Date.now();
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const SECTIONS = ['sign-in', 'till', 'sale', 'done', 'closed', 'pickup', 'returns', 'gift-card'];

function show(section) {
  for (const id of SECTIONS) $(id).hidden = id !== section;
}


/**
 * The app's buttons: each runs its action through `attempt`, once at a time (a second Serve or
 * Hand over was sent, refused and shown after the first had gone through).
 */
function button(label, onClick, props) {
  const made = plainButton(label, () => oneAtATime(made, onClick), props);
  return made;
}

/** A form's submission, sent once at a time (`eachTime`: every submission, as scans are queued). */
function onSubmit(id, action, { eachTime = false } = {}) {
  $(id).addEventListener('submit', (event) => {
    event.preventDefault();
    const run = () => attempt(() => action(new FormData(event.target)));
    if (eachTime) run();
    else oneAtATime(event.target, run);
  });
}

// ---- who is at the register: sign-in and PIN switches ----------------------------------------

function showSignIn() {
  state.me = null;
  state.pinStaff = [];
  state.switchedIn = false;
  state.storeId = null;
  state.session = null;
  state.pickOrder = null;
  state.idCheck = null;
  closeReturnOrder();
  renderWho();
  show('sign-in');
}

wireStaffSession({
  attempt,
  onSignedIn: (staff) => {
    state.names.set(staff.id, staff.name);
    return start();
  },
  onSignedOut: showSignIn,
});

/** Who acts now (a PIN switch changes it), and who may switch in. */
async function refreshActor() {
  state.me = await api('GET', '/v1/auth/me');
  await loadPinStaff();
  renderWho();
}

/** The PIN pad's names: staff with a PIN at the register's store (a locked register may read them). */
async function loadPinStaff() {
  const { staff } = await api('GET', `/v1/auth/pin/staff${state.storeId ? `?storeId=${state.storeId}` : ''}`);
  for (const s of staff) state.names.set(s.id, s.name);
  state.pinStaff = staff;
  $('pin-user').replaceChildren(...staff.map((s) => element('option', { value: s.id, textContent: `${s.name} (${s.role})` })));
}

async function start() {
  await refreshActor();
  if (state.me.pinRequired) return;
  const { stores } = await api('GET', '/v1/stores');
  const mine = state.me.storeIds.length > 0 ? stores.filter((s) => state.me.storeIds.includes(s.id)) : stores;
  $('store').replaceChildren(...mine.map((s) => element('option', { value: s.id, textContent: s.name })));
  state.storeId = mine[0]?.id ?? null;
  await showTill();
}

function renderWho() {
  const me = state.me;
  $('who').textContent = !me ? '' : me.pinRequired ? 'Locked: switch in with a PIN' : (state.names.get(me.id) ?? me.role ?? '');
  $('sign-out').hidden = !me;
  $('pin-form').hidden = !me || state.pinStaff.length === 0;
  $('end-turn').hidden = !me || !state.switchedIn;
  // Online orders belong to a store: a locked register, or one without a store yet, has none to show.
  $('show-pickups').hidden = !me || me.pinRequired || !state.storeId;
  $('show-returns').hidden = !me || me.pinRequired;
}

/**
 * Someone else acts now (a PIN switch, an end of turn): the basket is quoted again for them, as
 * what the server allows (a price override, for one) depends on who asks.
 */
async function afterActorChange() {
  if (state.session && state.basket.length > 0 && !state.pendingSale && !$('sale').hidden) await quote();
}

onSubmit('pin-form', async (form) => {
  const { staff } = await api('POST', '/v1/auth/pin', { userId: form.get('userId'), pin: form.get('pin') });
  state.names.set(staff.id, staff.name);
  state.switchedIn = true;
  $('pin').value = '';
  // A locked register had nothing loaded yet; otherwise the budtender carries on where it stands.
  if (!state.storeId) return start();
  await refreshActor();
  await afterActorChange();
});

$('end-turn').addEventListener('click', () =>
  attempt(async () => {
    await api('DELETE', '/v1/auth/pin');
    state.switchedIn = false;
    await refreshActor();
    await afterActorChange();
  }),
);

// ---- the till: store, register, drawer session ------------------------------------------------

$('store').addEventListener('change', (event) =>
  attempt(async () => {
    state.storeId = event.target.value;
    await showTill();
  }),
);

async function showTill() {
  state.session = null;
  $('open-session').hidden = true;
  show('till');
  if (!state.storeId) return;
  await loadPinStaff();
  renderWho();
  const { items } = await api('GET', `/v1/stores/${state.storeId}/registers`);
  $('register-list').replaceChildren(
    ...(items.length === 0
      ? [element('li', { className: 'muted', textContent: 'This store has no register.' })]
      : items.map((r) => element('li', {}, button(registerLabel(r), () => chooseRegister(r), { disabled: !r.active, dataset: { registerId: r.id } })))),
  );
}

function registerLabel(register) {
  if (!register.active) return `${register.name} · switched off`;
  return register.openSession ? `${register.name} · drawer open since ${clock(register.openSession.openedAt)}` : `${register.name} · closed`;
}

let registerToOpen = null;

async function chooseRegister(register) {
  if (register.openSession) return startSelling({ id: register.openSession.id, registerId: register.id, registerName: register.name });
  registerToOpen = register;
  $('open-title').textContent = `Open ${register.name}`;
  $('open-session').hidden = false;
  $('float').focus();
}

onSubmit('open-session', async (form) => {
  const session = await api('POST', `/v1/registers/${registerToOpen.id}/sessions`, { float: { totalCents: cents(form.get('float')) } });
  await startSelling({ id: session.id, registerId: registerToOpen.id, registerName: registerToOpen.name });
});

async function startSelling(session) {
  state.session = session;
  $('drawer-title').textContent = `${session.registerName} · drawer open`;
  $('close-form').hidden = true;
  newSale();
  show('sale');
  await Promise.all([loadQueue(), loadProducts(), loadParked()]);
}

$('change-register').addEventListener('click', () =>
  attempt(async () => {
    assertEditable();
    await showTill();
  }),
);
$('show-close').addEventListener('click', () => {
  $('close-form').hidden = !$('close-form').hidden;
});

onSubmit('close-form', async (form) => {
  const closed = await api('POST', `/v1/register-sessions/${state.session.id}/close`, { count: { totalCents: cents(form.get('counted')) } });
  state.session = null;
  $('close-form').reset();
  const rows = [
    ['Float', closed.floatCents, 'float'],
    ['Cash sales', closed.cashSalesCents, 'cash-sales'],
    ['Change given', closed.changeOutCents, 'change-out'],
    // Every line of what is expected, so the count adds up: cash paid out for returns and voids too.
    ['Cash refunds paid out', closed.cashRefundsCents, 'cash-refunds'],
    ['Dropped to the safe', closed.dropsCents, 'drops'],
    ['Paid in', closed.paidInCents, 'paid-in'],
    ['Paid out', closed.paidOutCents, 'paid-out'],
    ['Gift cards sold (cash kept)', closed.giftCardCashCents, 'gift-card-cash'],
    ['Expected', closed.expectedCents, 'expected'],
    ['Counted', closed.countedCents, 'counted-total'],
    [closed.overShortCents < 0 ? 'Short' : closed.overShortCents > 0 ? 'Over' : 'Over/short', Math.abs(closed.overShortCents), 'over-short'],
  ];
  $('close-result').replaceChildren(...rows.flatMap(([label, value, id]) => [element('dt', { textContent: label }), element('dd', { id, textContent: money(value) })]));
  show('closed');
});

$('back-to-till').addEventListener('click', () => attempt(showTill));

// ---- the check-in queue and the customer --------------------------------------------------------

async function loadQueue() {
  const { items } = await api('GET', `/v1/stores/${state.storeId}/queue`);
  $('queue').replaceChildren(
    ...(items.length === 0
      ? [element('li', { className: 'muted', textContent: 'Nobody is waiting.' })]
      : items.map((entry) =>
          element(
            'li',
            { className: 'queue-entry', dataset: { entryId: entry.id } },
            `${entry.customerName ?? 'Customer on record'} · ${entry.status === 'waiting' ? `waiting ${Math.round(entry.waitSeconds / 60)} min` : `served by ${state.names.get(entry.budtenderId) ?? 'a budtender'}`}${entry.idChecked ? ' · ID checked' : ''} `,
            entry.status === 'waiting' ? button('Serve', () => serve(entry)) : button('Continue', () => takeFromQueue(entry)),
          ),
        )),
  );
}

$('refresh-queue').addEventListener('click', () => attempt(loadQueue));

async function serve(entry) {
  assertEditable();
  const serving = await api('PATCH', `/v1/stores/${state.storeId}/queue/${entry.id}`, { status: 'serving' });
  await takeFromQueue(serving);
  await loadQueue();
}

async function takeFromQueue(entry) {
  state.queueEntryId = entry.id;
  // An entry without a customer record is a walk-in: the birth date comes from the walk-in form.
  await setCustomer(entry.customerId ? { id: entry.customerId, name: entry.customerName ?? 'Customer on record' } : { name: entry.customerName ?? 'Walk-in' });
}

onSubmit('customer-search', async (form) => {
  const { customers } = await api('GET', `/v1/customers?limit=20&q=${encodeURIComponent(form.get('q'))}`);
  $('customer-results').replaceChildren(
    ...(customers.length === 0
      ? [element('li', { className: 'muted', textContent: 'No customer found.' })]
      : customers.map((c) => {
          const name = `${c.firstName} ${c.lastName}`;
          return element(
            'li',
            { className: 'customer-result', dataset: { customerId: c.id } },
            `${name} · born ${c.birthDate} · ${c.kind === 'medical' ? 'medical' : 'adult use'}${c.phone ? ` · ${c.phone}` : ''} `,
            button('Select', () => setCustomer({ id: c.id, name })),
          );
        })),
  );
});

// A walk-in checked in by name keeps it; a customer on record chosen before is not this walk-in.
onSubmit('walk-in', (form) => setCustomer({ name: state.customer && !state.customer.id ? state.customer.name : 'Walk-in', birthDate: form.get('birthDate') }));

/** `points`: the points a parked sale had offered (a new customer starts with none). */
async function setCustomer(customer, points = null) {
  assertEditable();
  state.customer = customer;
  resetLoyalty(customer?.id ?? null, points);
  renderCustomer();
  $('customer-results').replaceChildren();
  await Promise.all([quote(), loadStoreCredit(customer?.id ?? null), loadLoyalty()]);
}

function renderCustomer() {
  const customer = state.customer;
  $('customer').textContent = !customer
    ? 'No customer yet.'
    : `${customer.name}${customer.birthDate ? ` · walk-in, born ${customer.birthDate}` : customer.id ? '' : ' · needs a birth date (walk-in)'}`;
}

/** How the API names the customer: the record, or a walk-in's birth date. */
function customerOfSale() {
  if (state.customer?.id) return { customerId: state.customer.id };
  if (state.customer?.birthDate) return { customer: { kind: 'adult_use', birthDate: state.customer.birthDate } };
  return null;
}

// ---- products: the store's list, scans ------------------------------------------------------

function remember(product, sku) {
  state.skus.set(sku.id, { product, sku });
}

const priceAt = (sku) => sku.prices.find((p) => p.storeId === state.storeId)?.priceCents ?? null;
const titleOf = (skuId) => {
  const { product, sku } = state.skus.get(skuId);
  return `${product.title} ${sku.sizeLabel}`;
};

async function loadProducts() {
  const { products } = await api('GET', '/v1/catalog/products?status=active&limit=200');
  for (const product of products) for (const sku of product.skus) remember(product, sku);
  state.pickList = [...state.skus.values()]
    .filter(({ sku }) => sku.status === 'active' && priceAt(sku) !== null)
    .sort((a, b) => titleOf(a.sku.id).localeCompare(titleOf(b.sku.id)))
    .map(({ sku }) => sku.id);
  await loadAvailability();
}

/** What the store has to sell now: one call for every SKU with stock (the rest have none). */
async function loadAvailability() {
  const { items } = await api('GET', `/v1/stores/${state.storeId}/availability`);
  state.available = new Map(items.map((item) => [item.skuId, item.available]));
  renderProducts();
}

function renderProducts() {
  const filter = $('product-filter').value.trim().toLowerCase();
  const shown = state.pickList.filter((skuId) => {
    const { sku } = state.skus.get(skuId);
    return !filter || [titleOf(skuId), sku.code, sku.registerName, sku.barcode].some((text) => text?.toLowerCase().includes(filter));
  });
  $('products').replaceChildren(
    ...shown.map((skuId) =>
      element(
        'li',
        { className: 'product', dataset: { skuId } },
        `${titleOf(skuId)} · ${money(priceAt(state.skus.get(skuId).sku))} · ${state.available.get(skuId) ?? 0} available `,
        button('Add', () => addToBasket(skuId)),
      ),
    ),
  );
}

$('product-filter').addEventListener('input', renderProducts);

// A scanner types a code and Enter, and the next one right after: the field is cleared as soon as
// a code is taken (clearing it after the lookup wiped the next code being typed), and the codes
// are looked up one after another, so the basket's lines come in the order they were scanned.
let scans = Promise.resolve();
onSubmit('scan', (form) => {
  const code = String(form.get('code')).trim();
  $('scan-code').value = '';
  $('scan-code').focus();
  const scanned = scans.then(() => scan(code));
  scans = scanned.catch(() => {});
  return scanned;
}, { eachTime: true });

/** A package label sells that package; otherwise the code is a barcode or SKU code. */
async function scan(code) {
  if (PACKAGE_LABEL.test(code.toUpperCase())) {
    const pkg = await packageByLabel(code.toUpperCase());
    if (pkg) return addToBasket(pkg.skuId, pkg.label);
  }
  const { products } = await api('GET', `/v1/catalog/products?status=active&q=${encodeURIComponent(code)}`);
  for (const product of products) for (const sku of product.skus) remember(product, sku);
  const exact = products.flatMap((p) => p.skus).filter((s) => s.barcode === code || s.code.toUpperCase() === code.toUpperCase());
  if (exact.length === 1) return addToBasket(exact[0].id);
  $('product-filter').value = code;
  renderProducts();
  throw new Error(products.length === 0 ? `Nothing matches ${code}.` : `${code} matches several products: pick one from the list.`);
}

async function packageByLabel(label) {
  try {
    return await api('GET', `/v1/inventory/packages/${label}`);
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}

/** A scanned package's SKU may be outside the loaded list: its facts are read once. */
async function ensureSku(skuId) {
  if (state.skus.has(skuId)) return;
  const sku = await api('GET', `/v1/catalog/skus/${skuId}`);
  remember(await api('GET', `/v1/catalog/products/${sku.productId}`), sku);
}

// ---- the basket, priced and checked by the server --------------------------------------------

function newSale() {
  state.customer = null;
  state.queueEntryId = null;
  state.basket = [];
  state.overrideLine = null;
  state.quote = null;
  ++state.quoteSeq; // a quote still on its way is for the sale that went
  renderCustomer();
  $('customer-results').replaceChildren();
  $('pay').reset();
  $('walk-in').reset();
  resetTenders();
  resetCoupons();
  resetLoyalty(null);
  loadStoreCredit(null);
  renderBasket();
  renderQuote();
}

/**
 * A parked basket back on screen: its customer, its lines (overrides too), its coupon codes, the
 * points offered and its queue entry, quoted again.
 */
async function restoreSale(payload) {
  const lines = Array.isArray(payload.lines) ? payload.lines : [];
  for (const line of lines) await ensureSku(line.skuId);
  state.basket = lines.map((line) => ({ ...line }));
  state.queueEntryId = payload.queueEntryId ?? null;
  resetCoupons(payload.couponCodes);
  await setCustomer(payload.customer ?? null, payload.loyaltyPoints ?? null);
}

/** While a sale is unanswered, the basket is what was sent: it must be sent again unchanged. */
function assertEditable() {
  if (state.pendingSale) throw new Error('The last sale got no answer: press Complete sale to send it again before changing anything.');
}

async function addToBasket(skuId, packageLabel) {
  assertEditable();
  await ensureSku(skuId);
  const line = state.basket.find((l) => l.skuId === skuId && l.packageLabel === packageLabel);
  if (line) line.quantity += 1;
  else state.basket.push(withoutNulls({ skuId, packageLabel, quantity: 1 }));
  await quote();
}

async function setQuantity(index, quantity) {
  assertEditable();
  if (!Number.isInteger(quantity) || quantity < 1) throw new Error('A quantity is a whole number of at least 1.');
  state.basket[index].quantity = quantity;
  await quote();
}

async function removeLine(index) {
  assertEditable();
  state.basket.splice(index, 1);
  state.overrideLine = null;
  await quote();
}

/**
 * A manual price or discount on a line, with the reason. The server decides who may (a
 * budtender's quote is refused with FORBIDDEN): refused, the line keeps the price it had.
 */
async function applyOverride(index, override) {
  assertEditable();
  if (!customerOfSale()) throw new Error('Choose the customer first: the override is checked with the register quote.');
  const line = state.basket[index];
  const before = line.override;
  line.override = override;
  state.overrideLine = null;
  try {
    await quote();
  } catch (error) {
    if (before) line.override = before;
    else delete line.override;
    await quote().catch(() => undefined);
    throw error;
  }
}

async function removeOverride(index) {
  assertEditable();
  delete state.basket[index].override;
  await quote();
}

function toggleOverrideForm(index) {
  assertEditable();
  state.overrideLine = state.overrideLine === index ? null : index;
  renderBasket();
}

/**
 * Asks the server what the sale would be. With a customer, the register quote: prices, promotions
 * and coupons, the points offered, the pack's verdict against their history (the limit meter),
 * taxes and the total, by the same steps the sale takes. Without one yet, the promotions preview
 * (coupons too): prices before tax. Answers the quote drawn, or null (an empty basket, or the
 * basket changed meanwhile).
 */
async function quote() {
  const ticket = ++state.quoteSeq;
  // No number stays on screen that the server did not give for this basket.
  state.quote = null;
  renderBasket();
  renderQuote();
  if (state.basket.length === 0) return null;
  const customer = customerOfSale();
  const body = customer
    ? { ...customer, lines: state.basket, ...couponCodesOfSale(), ...loyaltyPointsOfSale() }
    : { channel: 'in_store', lines: state.basket.map((l) => ({ skuId: l.skuId, quantity: l.quantity })), ...couponCodesOfSale() };
  const answer = customer ? await api('POST', `/v1/stores/${state.storeId}/pos-quotes`, body) : await api('POST', `/v1/stores/${state.storeId}/promotions/preview`, body);
  if (ticket !== state.quoteSeq) return null; // the basket changed meanwhile; its own quote is coming
  const promotions = customer ? answer.promotions : { applied: answer.applied, rejected: answer.rejected };
  state.quote = {
    lines: answer.lines.map((l) => ({ priceCents: l.netCents ?? l.grossCents - l.discountCents, discountCents: l.discountCents, unitPriceCents: l.unitPriceCents })),
    totals: answer.totals,
    check: customer ? answer : null,
    promotions,
    loyaltyPoints: body.loyaltyPoints ?? null,
    // What the server says the points do: { pointsOffered, pointsRedeemed, discountCents, limitedBy }.
    loyalty: customer ? (answer.loyalty ?? null) : null,
  };
  renderBasket();
  renderQuote();
  return state.quote;
}

/** What the basket's lines are drawn from, bar the prices: while it holds, a redraw leaves the fields be. */
let drawnBasket = null;

function renderBasket() {
  const priced = state.quote?.lines ?? [];
  const locked = Boolean(state.pendingSale);
  const priceText = (i) => (priced[i] ? ` ${money(priced[i].priceCents)}${priced[i].discountCents > 0 ? ` (−${money(priced[i].discountCents)})` : ''} ` : ' ');
  const shape = JSON.stringify([state.basket, locked, state.overrideLine]);
  if (shape === drawnBasket && state.basket.length > 0) {
    // Only the prices changed (a quote answering): the quantity fields stay as they are, so
    // nothing being typed in one (a selection, the caret) is disturbed.
    state.basket.forEach((line, i) => {
      const row = $('basket').querySelector(`li.line[data-line="${i}"]`);
      row.querySelector('.price').textContent = priceText(i);
      if (line.override) row.querySelector('.override').textContent = overrideText(line.override, priced[i]);
    });
  } else {
    drawnBasket = shape;
    drawBasketLines(priced, locked, priceText);
  }
  $('pending').hidden = !state.pendingSale;
  $('tendered').disabled = locked;
  renderTenders(locked);
  renderCoupons(state.quote, locked);
  renderLoyalty(state.quote, locked);
}

/** The basket's lines drawn anew. A quantity being typed survives: its value and the focus move to the new field. */
function drawBasketLines(priced, locked, priceText) {
  const active = document.activeElement;
  const typing = active instanceof HTMLInputElement && active.dataset.quantityOf !== undefined ? { index: active.dataset.quantityOf, value: active.value } : null;
  $('basket').replaceChildren(
    ...(state.basket.length === 0
      ? [element('li', { className: 'muted', textContent: 'The basket is empty.' })]
      : state.basket.map((line, i) => {
          const quantity = element('input', { type: 'number', min: '1', step: '1', value: String(line.quantity), disabled: locked, dataset: { quantityOf: String(i) } });
          quantity.setAttribute('aria-label', `Quantity of ${titleOf(line.skuId)}`);
          const commit = () => {
            if (Number(quantity.value) !== line.quantity) attempt(() => setQuantity(i, Number(quantity.value)));
          };
          quantity.addEventListener('change', commit);
          quantity.addEventListener('blur', commit);
          return element(
            'li',
            { className: 'line', dataset: { skuId: line.skuId, line: String(i) } },
            `${titleOf(line.skuId)}${line.packageLabel ? ` · package ${line.packageLabel}` : ''} `,
            quantity,
            element('span', { className: 'price', textContent: priceText(i) }),
            ...(line.override ? [element('span', { className: 'override', textContent: overrideText(line.override, priced[i]) }), ' '] : []),
            button('Remove', () => removeLine(i), { disabled: locked }),
            line.override
              ? button('Remove override', () => removeOverride(i), { disabled: locked })
              : button('Price…', () => toggleOverrideForm(i), { disabled: locked }),
            ...(state.overrideLine === i && !locked ? [overrideForm(i)] : []),
          );
        })),
  );
  if (typing) {
    const field = $('basket').querySelector(`input[data-quantity-of="${typing.index}"]`);
    if (field && !field.disabled) {
      field.value = typing.value;
      field.focus();
    }
  }
}

/** The override as the server priced it (its unit price and discount), with the reason given. */
function overrideText(override, priced) {
  const what =
    override.unitPriceCents !== undefined
      ? `unit price ${money(priced?.unitPriceCents ?? override.unitPriceCents)}`
      : `${money(priced?.discountCents ?? override.discountCents)} off`;
  return `override: ${what} · “${override.reason}”`;
}

function overrideForm(index) {
  const kind = element(
    'select',
    { name: 'kind' },
    element('option', { value: 'unitPriceCents', textContent: 'New unit price ($)' }),
    element('option', { value: 'discountCents', textContent: 'Discount on the line ($)' }),
  );
  kind.setAttribute('aria-label', 'Override kind');
  const amount = element('input', { name: 'amount', type: 'number', min: '0', step: '0.01', required: true });
  amount.setAttribute('aria-label', 'Override amount ($)');
  const reason = element('input', { name: 'reason', maxLength: 500, required: true, autocomplete: 'off', placeholder: 'Reason' });
  reason.setAttribute('aria-label', 'Override reason');
  const form = element(
    'form',
    { className: 'override-form' },
    kind,
    amount,
    reason,
    element('button', { type: 'submit', textContent: 'Apply' }),
    button('Cancel', () => toggleOverrideForm(index)),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(() => applyOverride(index, { [kind.value]: cents(amount.value), reason: reason.value.trim() }));
  });
  return form;
}

function renderQuote() {
  const check = state.quote?.check;
  const verdict = $('verdict');
  verdict.className = !check ? '' : check.allowed ? 'allowed' : 'blocked';
  verdict.textContent = !state.quote
    ? ''
    : !check
      ? 'Pick a customer to check limits and taxes.'
      : check.allowed
        ? 'Allowed'
        : `Refused: ${[...new Set(check.violations.map((v) => v.code))].join(', ')}`;
  $('violations').replaceChildren(...(check?.violations ?? []).map((v) => element('li', { className: 'violation', textContent: `${v.code}: ${v.message}` })));
  $('limits').replaceChildren(...(check?.limits ?? []).map(renderLimit));
  renderDiscounts();
  const totals = state.quote?.totals;
  const rows = !totals
    ? []
    : [
        ['Subtotal', totals.subtotalCents, 'subtotal'],
        ...(totals.discountCents > 0 ? [['Discounts', -totals.discountCents, 'discount']] : []),
        ...(check ? [['Tax', totals.taxCents, 'tax']] : []),
        [check ? 'Total' : 'Total before tax', totals.totalCents, 'total'],
      ];
  $('totals').replaceChildren(...rows.flatMap(([label, value, id]) => [element('dt', { textContent: label }), element('dd', { id, textContent: money(value) })]));
}

/** The discounts of the quote: each promotion the server applied (by name, with its coupon code), and the points. */
function renderDiscounts() {
  const applied = state.quote?.promotions.applied ?? [];
  const redeemed = redemptionOf(state.quote);
  $('discounts').replaceChildren(
    ...applied.map((a) =>
      element('li', { className: 'discount', dataset: { promotionId: a.promotionId }, textContent: `${a.name}${a.code ? ` · coupon ${a.code}` : ''} ${money(-a.amountCents)}` }),
    ),
    ...(redeemed && redeemed.discountCents > 0
      ? [element('li', { className: 'discount', dataset: { kind: 'points' }, textContent: `Loyalty points${redeemed.points === null ? '' : ` (${redeemed.points})`} ${money(-redeemed.discountCents)}` })]
      : []),
  );
}

function renderLimit(limit) {
  const meter = element('meter', { min: 0, max: limit.max, value: Math.min(limit.used, limit.max), high: limit.max * 0.8, optimum: 0 });
  meter.setAttribute('aria-label', limit.label);
  return element(
    'li',
    { className: 'limit', dataset: { limitId: limit.id } },
    `${limit.label}: ${amount(limit.used, limit.unit)} of ${amount(limit.max, limit.unit)} (${amount(limit.remaining, limit.unit)} left, per ${limit.window}) `,
    meter,
  );
}

function amount(value, unit) {
  if (unit === 'mg') return `${Number((value / 1000).toFixed(2))} g`;
  if (unit === 'mg_thc') return `${Number(value.toFixed(1))} mg THC`;
  return `${value} ${value === 1 ? 'unit' : 'units'}`;
}

// ---- payment and the sale ----------------------------------------------------------------------

onSubmit('pay', async (form) => {
  if (!state.pendingSale) {
    const cash = String(form.get('tendered') ?? '').trim();
    const tenders = tendersOfSale({ customerId: state.customer?.id ?? null, cashTenderedCents: cash === '' ? null : cents(cash) });
    if (tenders.length === 0) throw new Error('Add a tender, or type the cash handed over.');
    state.pendingSale = {
      id: uuidv7(),
      ...customerOfSale(),
      registerSessionId: state.session.id,
      lines: state.basket.map((l) => ({ ...l })),
      ...couponCodesOfSale(),
      ...loyaltyPointsOfSale(),
      tenders,
    };
  }
  let sale;
  try {
    sale = await api('POST', `/v1/stores/${state.storeId}/pos-sales`, state.pendingSale);
  } catch (error) {
    // An answered refusal sold nothing. Without an answer the sale may have gone through: it is
    // kept, and sent again with the same id the server answers with what it stored.
    if (error.status !== undefined) {
      state.pendingSale = null;
      const charged = terminalChargesLeft();
      if (charged) error.message = `${error.message} ${charged}`;
    }
    renderBasket();
    throw error;
  }
  state.pendingSale = null;
  showDone(sale);
  if (state.queueEntryId) await api('PATCH', `/v1/stores/${state.storeId}/queue/${state.queueEntryId}`, { status: 'done' });
  await showPointsOfSale(sale);
});

function showDone({ order, payments }) {
  $('done-title').textContent = `Sale ${order.number} complete · ${money(order.totalCents)}`;
  renderPayments(payments);
  $('receipt').src = `/v1/orders/${order.id}/receipt`;
  show('done');
}

$('next-customer').addEventListener('click', () =>
  attempt(async () => {
    newSale();
    show('sale');
    await Promise.all([loadQueue(), loadAvailability()]);
  }),
);

// ---- online orders: the pick queue, picking, the ID check and the hand-over ------------------

/**
 * The usual next step of an order in the queue, offered as its button. The server's transition
 * table decides (a step it does not allow comes back as 409 INVALID_TRANSITION, shown). A
 * delivery order that is ready leaves with its driver (the driver app), not from the counter.
 */
const NEXT_STEP = {
  placed: { to: 'accepted', label: 'Accept' },
  accepted: { to: 'packed', label: 'Packed' },
  packed: { to: 'ready', label: 'Ready for pickup' },
  ready: { to: 'completed', label: 'Hand over', channel: 'pickup' },
};
const inQueue = (order) => Object.hasOwn(NEXT_STEP, order.status);
const nextStep = (order) => {
  const step = NEXT_STEP[order.status];
  return step && (!step.channel || step.channel === order.channel) ? step : null;
};

const DOCUMENT_NAMES = { driver_license: 'driver license', id_card: 'state ID card', passport: 'passport', military_id: 'military ID', tribal_id: 'tribal ID', other: 'document' };
const quantityOf = (line) => (line.unit === 'mg' ? `${Number((line.quantity / 1000).toFixed(3))} g` : `× ${line.quantity}`);

/** Where Back goes from the pickup orders or the returns: the screen they were opened from. */
let sectionBefore = 'till';

function showAside(section) {
  const current = SECTIONS.find((id) => !$(id).hidden);
  if (current && current !== 'pickup' && current !== 'returns') sectionBefore = current;
  show(section);
}

$('show-pickups').addEventListener('click', () =>
  attempt(async () => {
    // An order opened at another store stays there.
    if (state.pickOrder?.storeId !== state.storeId) closeOrder();
    showAside('pickup');
    await refreshPickups();
  }),
);
$('leave-pickups').addEventListener('click', () => show(sectionBefore));
$('refresh-pickups').addEventListener('click', () => attempt(refreshPickups));

/** The queue and the open order as the server has them now: another budtender may have moved either. */
async function refreshPickups() {
  await Promise.all([loadPickQueue(), state.pickOrder ? openOrder(state.pickOrder.id) : null]);
}

/**
 * How a pickup is handed over, for the budtender: a curbside or drive-through order is taken out to
 * the customer's car or window. An in-store pickup (or one placed before the mode existed) says nothing.
 */
const HAND_OVER = { curbside: 'CURBSIDE: take it out to the car', drive_through: 'DRIVE-THROUGH: hand it over at the window' };
const handOverOf = (order) => (order.channel === 'pickup' ? HAND_OVER[order.fulfillment?.mode] : undefined);

async function loadPickQueue() {
  const { orders } = await api('GET', `/v1/stores/${state.storeId}/pick-queue`);
  $('pick-queue').replaceChildren(
    ...(orders.length === 0
      ? [element('li', { className: 'muted', textContent: 'No online order is waiting.' })]
      : orders.map((order) =>
          element(
            'li',
            { className: 'pick-entry', dataset: { orderId: order.id } },
            `Order ${order.number} · ${order.status} · ${order.channel} for ${order.fulfillment?.name ?? 'a customer on record'}${handOverOf(order) ? ` · ${handOverOf(order)}` : ''} · ${money(order.totalCents)} · placed ${clock(order.placedAt)} `,
            button('Open', () => openOrder(order.id)),
          ),
        )),
  );
}

function closeOrder() {
  state.pickOrder = null;
  state.idCheck = null;
  $('pick-order').hidden = true;
}

/** The order with its lines and picks, who it is for, and the ID check the hand-over would link. */
async function openOrder(orderId) {
  const order = await api('GET', `/v1/orders/${orderId}`);
  const [customer, checks] = order.customer.id
    ? await Promise.all([api('GET', `/v1/customers/${order.customer.id}`), api('GET', `/v1/customers/${order.customer.id}/id-verifications`)])
    : [null, { verifications: [] }];
  if (state.pickOrder?.id !== order.id) {
    // What was typed or answered for another order's customer is not this one's.
    state.idCheck = null;
    $('id-check').reset();
  }
  state.pickOrder = order;
  renderOrder(order, customer, checks.verifications[0] ?? null);
}

function renderOrder(order, customer, latestCheck) {
  const open = inQueue(order);
  $('pick-order').hidden = false;
  $('pick-number').textContent = order.number;
  $('pick-status').textContent = order.status;
  const contact = order.fulfillment ?? {};
  $('pick-customer').textContent = [
    customer ? `${customer.firstName} ${customer.lastName} · born ${customer.birthDate}` : 'No customer record',
    contact.name && `${order.channel} for ${contact.name}`,
    contact.phone,
    contact.pickupAt && `wanted ${when(contact.pickupAt)}`,
    handOverOf(order),
    `${money(order.totalCents)}, paid at ${order.channel === 'delivery' ? 'the door' : 'pickup'}`,
    order.completedAt && `handed over at ${clock(order.completedAt)}`,
    order.statusReason && `reason: ${order.statusReason}`,
  ]
    .filter(Boolean)
    .join(' · ');
  $('pick-lines').replaceChildren(...order.lines.map((line) => renderPickLine(order, line, open)));
  const step = open ? nextStep(order) : null;
  $('pick-actions').replaceChildren(
    ...(step ? [button(step.label, () => moveOrder(order, step.to))] : []),
    ...(open ? [button('Cancel…', () => callOff(order, 'cancelled')), button('No-show…', () => callOff(order, 'no_show'))] : []),
  );
  renderIdCheck(customer, latestCheck, open);
}

/** A line, the package(s) the sale took it from, and what has been scanned against it. */
function renderPickLine(order, line, open) {
  const picked = line.pickedLabels ?? [];
  const from = line.picks.map((p) => p.packageLabel);
  return element(
    'li',
    { className: 'pick-line', dataset: { lineNo: String(line.lineNo) } },
    `${line.title} ${quantityOf(line)} · from package ${from.join(', ') || '(none)'} · `,
    picked.length > 0 ? element('span', { className: 'picked', textContent: `picked ${picked.join(', ')}` }) : 'not picked yet',
    // A line sold from several packages takes a scan of each.
    ...(open && picked.length < from.length ? [pickForm(order, line)] : []),
  );
}

function pickForm(order, line) {
  const label = element('input', { name: 'packageLabel', autocomplete: 'off', required: true });
  label.setAttribute('aria-label', `Package label picked for ${line.title}`);
  const form = element('form', { className: 'pick-scan' }, label, element('button', { type: 'submit', textContent: 'Picked' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(() => recordPick(order, line, label.value));
  });
  return form;
}

/** The scanned label goes to the server, which refuses a package the line was not sold from. */
async function recordPick(order, line, label) {
  await thenRefresh(() => api('POST', `/v1/orders/${order.id}/picks`, { lineNo: line.lineNo, packageLabel: label.trim().toUpperCase() }));
  // The scanner goes on to the next line still to pick.
  $('pick-lines').querySelector('input')?.focus();
}

/** A hand-over at this register puts the order's cash (paid at pickup) into its open drawer. */
async function moveOrder(order, to, reason) {
  const drawer = to === 'completed' && order.channel === 'pickup' ? state.session?.id : null;
  await thenRefresh(() => api('POST', `/v1/orders/${order.id}/transitions`, withoutNulls({ to, reason, registerSessionId: drawer })));
}

/** Cancelling or a no-show puts the stock back and refunds: the server wants the reason why. */
async function callOff(order, to) {
  const reason = prompt(to === 'no_show' ? `Why is order ${order.number} a no-show?` : `Why is order ${order.number} cancelled?`);
  if (reason === null) return; // the budtender thought better of it
  await moveOrder(order, to, reason.trim());
}

/** An action on the open order, then the order and the queue as they are now, refused or not. */
async function thenRefresh(action) {
  try {
    await action();
  } finally {
    await refreshPickups();
  }
}

function describeCheck(check) {
  const number = check.idNumberMasked ? ` (${check.idNumberMasked})` : '';
  return `Latest ID check: ${DOCUMENT_NAMES[check.documentType] ?? check.documentType} from ${check.issuingJurisdiction}${number}, expires ${check.expiresOn}, checked ${when(check.verifiedAt)}`;
}

function renderIdCheck(customer, latestCheck, open) {
  // The hand-over links the customer's latest accepted check; without a customer record there is none to link.
  $('id-check').hidden = !open || !customer;
  const answer = state.idCheck?.result;
  $('id-status').textContent = !customer
    ? ''
    : [
        latestCheck ? describeCheck(latestCheck) : 'No ID check on record for this customer.',
        answer && `Age ${answer.ageYears} (at least ${answer.minimumAge} here)`,
        answer?.profileBirthDateCorrected && 'the account’s birth date was corrected from the ID',
        ...(answer?.warnings ?? []),
      ]
        .filter(Boolean)
        .join(' · ');
}

/** What the budtender read on the document; the server refuses an expired or under-age ID and logs it. */
onSubmit('id-check', async (form) => {
  const order = state.pickOrder;
  const result = await api(
    'POST',
    `/v1/customers/${order.customer.id}/id-verifications`,
    withoutNulls({
      storeId: order.storeId,
      channel: order.channel,
      documentType: form.get('documentType'),
      issuingJurisdiction: String(form.get('issuingJurisdiction')).trim().toUpperCase(),
      expiresOn: form.get('expiresOn'),
      birthDate: form.get('birthDate'),
      idNumber: String(form.get('idNumber')).trim() || null,
    }),
  );
  state.idCheck = { orderId: order.id, result };
  $('id-check').reset();
  await openOrder(order.id);
});

// ---- the modules: tenders, coupons, loyalty points, parked baskets, returns and voids ---------

wireTenders({
  onSubmit,
  button,
  customerId: () => state.customer?.id ?? null,
  totalCents: () => (state.quote?.check ? state.quote.totals.totalCents : null),
  assertEditable,
  changed: renderBasket,
});

wireCoupons({ onSubmit, button, requote: quote, hasLines: () => state.basket.length > 0, assertEditable });

wireLoyalty({
  onSubmit,
  attempt,
  requote: quote,
  hasLines: () => state.basket.length > 0,
  assertEditable,
  // Only the points panel: the account and the rules arriving change nothing else, and rebuilding
  // the basket's lines would swap a quantity field out from under someone typing in it.
  redraw: () => renderLoyalty(state.quote, Boolean(state.pendingSale)),
});

wireParkedCarts({
  attempt,
  button,
  registerId: () => state.session.registerId,
  current: () => ({ customer: state.customer, basket: state.basket, queueEntryId: state.queueEntryId, couponCodes: keptCoupons(), loyaltyPoints: offeredPoints() }),
  restore: restoreSale,
  cleared: newSale,
  assertEditable,
  nameOf: (staffId) => state.names.get(staffId) ?? 'a colleague',
});

wireReturns({ attempt, onSubmit, button, drawerId: () => state.session?.id ?? null, storeId: () => state.storeId, newId: uuidv7 });

wireGiftCards({ onSubmit, attempt, show, sessionId: () => state.session?.id ?? null, newId: uuidv7 });

$('show-returns').addEventListener('click', () => showAside('returns'));
$('leave-returns').addEventListener('click', () => show(sectionBefore));

// Signed in already (the session cookie)? Go straight to the registers.
attempt(start);
