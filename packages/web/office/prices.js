// The Prices tab: a SKU found by its code or product name (the catalog search), then its prices —
// the organization-wide price in force, the price in force at each of the signed-in person's
// stores (its own, else the organization's, else not sold there: the price history's `inForce`,
// which the server reads by the rule checkout charges), and the prices set ahead that have not
// started, with their start on the store's clocks and who set them (the entry's `createdBy`) — and what a manager
// changes: a store's own price, now or from a date and time ahead; the organization-wide price,
// now or ahead, or removed (staff of every store); a price set ahead withdrawn before it starts.
// For roles with `catalog:write` (office.js hides the tab from the others). Every decision is the
// server's (docs/catalog.md, "Prices in force"): a refusal is shown in the panel and at the field
// it names, and the prices are read again after each change the server took.

import { $, api, element, money } from '../shared/ui.js';
import { actionButton, centsFrom, clearMarks, column, fieldsOf, fillSelect, fillTable, instantAtStore, loadPanel, onClick, onMarkedForm, query, row, showResult, state, storeName } from './common.js';

const FIND = 'price-find-panel';
const PRICES = 'price-panel';

/** The SKU open in the prices panel (with its product's title), as last found. */
let opened = null;
/** Its price history (entries with who set them, the price in force at each store), as the server last answered it. */
let shown = null;

export function forgetPrices() {
  opened = null;
  shown = null;
  $(PRICES).hidden = true;
  delete $(PRICES).dataset.skuId;
  $('price-result').hidden = true;
  $('price-organization-confirm').hidden = true;
  $('price-find-results').replaceChildren();
  for (const form of [$('price-find-form'), $('price-store-form'), $('price-organization-form')]) {
    form.reset();
    clearMarks(form);
  }
}

export function loadPrices() {
  return opened ? loadPanel(PRICES, showPrices) : null;
}

/** A manager limited to some stores prices those; the organization-wide price is for staff of every store. */
const worksEverywhere = () => state.me.storeIds.length === 0;
const mayPrice = (storeId) => (storeId === null ? worksEverywhere() : state.stores.some((s) => s.id === storeId));

// ---- times on the store's clocks, and dollars ---------------------------------------------------

/** A store's time zone; the organization-wide price is typed and shown on the clocks of the store picked above. */
const zoneOf = (storeId) => state.stores.find((s) => s.id === (storeId ?? state.storeId))?.timezone;

/** An instant as the clocks of `zone` show it, with the zone's name. */
const whenIn = (iso, zone) =>
  new Date(iso).toLocaleString('en-US', { timeZone: zone, year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });

const priceWords = (p) => `${money(p.priceCents)}${p.currency === 'USD' ? '' : ` ${p.currency}`}`;
const tiersWords = (tiers) => (tiers.length ? tiers.map((t) => `${t.minQuantity}+ at ${money(t.unitPriceCents)}`).join(', ') : null);
const skuWords = (sku) => `${sku.title} ${sku.sizeLabel} (${sku.code})`;

// ---- finding a SKU ----------------------------------------------------------------------------

const findColumns = [column('Product'), column('Size'), column('SKU'), column('Status'), column('')];

$('price-find-form').addEventListener('submit', (event) => {
  event.preventDefault();
  loadPanel(FIND, findSkus);
});

async function findSkus() {
  const { q } = fieldsOf($('price-find-form'));
  const { products } = await api('GET', `/v1/catalog/products${query({ q, limit: 20 })}`);
  const skus = products.flatMap((p) => p.skus.map((s) => ({ ...s, title: p.title })));
  const rows = skus.map((sku) =>
    row(findColumns, [sku.title, sku.sizeLabel, sku.code, sku.status, element('button', { type: 'button', className: 'open', textContent: 'Prices', onclick: () => openSku(sku) })], {
      dataset: { skuId: sku.id },
      className: sku.status === 'active' ? '' : 'muted',
    }),
  );
  fillTable($('price-find-results'), findColumns, rows, { empty: 'No SKU matches.' });
  // A whole code (typed or scanned) opens its SKU; so does a search that finds one SKU.
  const exact = skus.filter((s) => s.code.toLowerCase() === q?.toLowerCase());
  const only = exact.length === 1 ? exact : skus;
  if (only.length === 1) await openSku(only[0]);
}

function openSku(sku) {
  opened = sku;
  $('price-result').hidden = true;
  $('price-organization-confirm').hidden = true;
  for (const form of [$('price-store-form'), $('price-organization-form')]) {
    form.reset();
    clearMarks(form);
  }
  $(PRICES).hidden = false;
  return loadPanel(PRICES, showPrices);
}

// ---- one SKU's prices -------------------------------------------------------------------------

/** The price in force at a store now, as the server read it (absent: not sold there). */
const inForceAt = (storeId, history) => history.inForce.find((p) => p.storeId === storeId) ?? null;

const storeColumns = [column('Store'), column('Price', true), column('Whose'), column('Since'), column('Quantity tiers')];
const scheduledColumns = [column('Where'), column('Price', true), column('Starts'), column('Set by'), column('Set at'), column('')];

async function showPrices() {
  const sku = opened;
  const history = await api('GET', `/v1/catalog/skus/${sku.id}/price-history`);
  if (sku !== opened) return; // another SKU was opened meanwhile
  shown = { history };
  $('price-title').textContent = `Prices of ${skuWords(sku)}`;

  const organization = history.entries.find((e) => e.storeId === null && e.status === 'started');
  $('price-organization').textContent = organization
    ? `${priceWords(organization)} at every store without its own price, since ${whenIn(organization.effectiveFrom, zoneOf(null))}.`
    : 'None: only stores with their own price sell this SKU.';
  $('price-organization').dataset.priceCents = organization ? String(organization.priceCents) : '';

  const rows = state.stores.map((store) => {
    const price = inForceAt(store.id, history);
    return row(
      storeColumns,
      [
        store.name,
        price ? priceWords(price) : null,
        price ? (price.source === 'store' ? 'the store’s own' : 'organization-wide') : 'not sold here',
        price ? whenIn(price.since, store.timezone) : null,
        price ? tiersWords(price.tiers) : null,
      ],
      {
        dataset: { storeId: store.id, source: price ? (price.source === 'store' ? 'own' : 'organization') : 'none', priceCents: price ? String(price.priceCents) : '' },
        className: price ? '' : 'muted',
      },
    );
  });
  fillTable($('price-stores'), storeColumns, rows, { empty: 'You work in no store.' });

  const scheduled = history.entries.filter((e) => e.status === 'scheduled' && (e.storeId === null || state.stores.some((s) => s.id === e.storeId)));
  const scheduledRows = [...scheduled].reverse().map((entry) =>
    row(
      scheduledColumns,
      [
        entry.storeId ? storeName(entry.storeId) : 'every store without its own price',
        priceWords(entry),
        whenIn(entry.effectiveFrom, zoneOf(entry.storeId)),
        entry.createdBy?.name ?? null,
        whenIn(entry.createdAt, zoneOf(entry.storeId)),
        mayPrice(entry.storeId) ? withdrawButton(entry) : '',
      ],
      { dataset: { entryId: entry.id, storeId: entry.storeId ?? '' } },
    ),
  );
  fillTable($('price-scheduled'), scheduledColumns, scheduledRows, { empty: 'No price is set ahead.' });

  fillSelect(
    $('price-store-form').elements.namedItem('storeId'),
    state.stores.map((s) => ({ value: s.id, label: s.name })),
    { selected: $('price-store-form').elements.namedItem('storeId').value || state.storeId },
  );
  $('price-organization-form').hidden = !worksEverywhere();
  $('price-organization-remove').hidden = !organization;
  for (const zone of document.querySelectorAll('#prices .price-zone')) zone.textContent = `${storeName(state.storeId)} (${zoneOf(null)})`;
  // Set last: the panel shows this SKU whole from here on.
  $(PRICES).dataset.skuId = sku.id;
}

function withdrawButton(entry) {
  return actionButton(
    PRICES,
    'Withdraw',
    async () => {
      await api('DELETE', `/v1/catalog/skus/${opened.id}/scheduled-prices/${entry.id}`);
      await showPrices();
      showResult(PRICES, `Withdrew ${priceWords(entry)} ${entry.storeId ? `at ${storeName(entry.storeId)}` : 'organization-wide'} from ${whenIn(entry.effectiveFrom, zoneOf(entry.storeId))}: it never starts.`);
    },
    { className: 'withdraw' },
  );
}

// ---- changing prices --------------------------------------------------------------------------

const labels = { price: 'Price', effectiveFrom: 'From', storeId: 'Store' };
const fieldFor = ([where, key]) => {
  if (where === 'params') return key === 'storeId' ? 'storeId' : null;
  if (where !== 'body') return null;
  return { priceCents: 'price', currency: 'price', tiers: 'price', effectiveFrom: 'effectiveFrom' }[key] ?? null;
};
const options = { fieldFor, labelOf: (name) => labels[name] ?? name, explain: true };

/** The body both price routes take: empty fields are left out, so the server says what is missing. */
function priceBody(form, zone) {
  const typed = fieldsOf(form);
  return { priceCents: centsFrom(typed.price), ...(typed.effectiveFrom ? { effectiveFrom: instantAtStore(typed.effectiveFrom, zone) } : {}) };
}

const startWords = (body, zone) => (body.effectiveFrom ? `from ${whenIn(body.effectiveFrom, zone)}` : 'from now');

onMarkedForm($('price-store-form'), PRICES, options, async (form) => {
  const storeId = form.elements.namedItem('storeId').value;
  const body = priceBody(form, zoneOf(storeId));
  await api('PUT', `/v1/catalog/skus/${opened.id}/prices/${storeId}`, body);
  form.elements.namedItem('price').value = '';
  form.elements.namedItem('effectiveFrom').value = '';
  await showPrices();
  showResult(PRICES, `${storeName(storeId)} sells ${skuWords(opened)} at ${money(body.priceCents)} ${startWords(body, zoneOf(storeId))}.`);
});

onMarkedForm($('price-organization-form'), PRICES, options, async (form) => {
  const body = priceBody(form, zoneOf(null));
  const saved = await api('PUT', `/v1/catalog/skus/${opened.id}/organization-price`, body);
  form.reset();
  await showPrices();
  showResult(PRICES, `Every store without its own price sells ${skuWords(opened)} at ${priceWords(saved)} ${startWords(body, zoneOf(null))}.`);
});

// Removing the organization-wide price stops every store without its own from selling the SKU: it is confirmed first, naming them.
$('price-organization-remove').addEventListener('click', () => {
  const stops = state.stores.filter((s) => inForceAt(s.id, shown.history)?.source === 'organization').map((s) => s.name);
  $('price-organization-stops').textContent = stops.length ? stops.join(', ') : 'none of your stores';
  $('price-organization-confirm').hidden = false;
});
$('price-organization-remove-cancel').addEventListener('click', () => {
  $('price-organization-confirm').hidden = true;
});
onClick($('price-organization-remove-confirm'), PRICES, async () => {
  await api('DELETE', `/v1/catalog/skus/${opened.id}/organization-price`);
  $('price-organization-confirm').hidden = true;
  await showPrices();
  showResult(PRICES, `Removed the organization-wide price of ${skuWords(opened)}: stores without their own price no longer sell it. Prices set ahead stay until withdrawn.`);
});
