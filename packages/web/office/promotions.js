// The Promotions tab: the organization's promotions and coupons listed (archived ones on request),
// one opened with what it gives and when, in words, its codes, limits and uses; a new one made
// with a typed form for the deals the engine runs (a percent or an amount off the order or off
// chosen items, a bundle price, buy some get more; a minimum spend, days, hours and channels;
// coupon codes with their use limits; dates, priority, stacking); one switched on or off, its
// dates, order and limits changed (a replace guarded by its version), or archived; and a basket
// previewed at the store picked, as the server prices it (each line's discounts, the codes it turns
// down and why). For roles with `promotions:manage` (office.js hides the tab from the others). The
// server decides everything: a refusal is shown in its panel and at the field it names.

import { $, api, element, money, oneAtATime } from '../shared/ui.js';
import { actInPanel, catalog, centsFrom, clearMarks, column, fillSelect, fillTable, instantAtStore, integer, loadPanel, onClick, onMarkedForm, query, row, showResult, skuName, skuOptions, state, storeName, when } from './common.js';

const LIST = 'promotion-list-panel';
const PROMOTION = 'promotion-panel';
const CREATE = 'promotion-create-panel';
const PREVIEW = 'promotion-preview-panel';

/** The promotions as last listed, by id (the preview names the ones it mentions). */
let listed = new Map();
/** The promotion open in its panel, as the server last answered it. */
let opened = null;
/** The catalog's products (categories, products and SKU codes for the form), read once per session. */
let products = null;
/** The store the preview's answer on screen was priced at. */
let previewedAt = null;

export function forgetPromotions() {
  listed = new Map();
  opened = null;
  products = null;
  previewedAt = null;
  $(PROMOTION).hidden = true;
  delete $(PROMOTION).dataset.promotionId;
  for (const id of ['promotion-list-result', 'promotion-result', 'promotion-create-result']) $(id).hidden = true;
  for (const id of ['promotion-list-form', 'promotion-edit-form', 'promotion-archive-form', 'promotion-create-form', 'promotion-preview-form']) {
    $(id).reset();
    clearMarks($(id));
  }
  $('promotion-archive-confirm').hidden = true;
  $('preview-lines').replaceChildren();
  $('preview-answer').hidden = true;
  fillItemChoices($('promotion-create-form'));
  showDealFields($('promotion-create-form'));
}

export function loadPromotions() {
  if (state.skus === null) products = null; // the Refresh button reads the catalog again
  return Promise.all([
    loadPanel(LIST, showPromotions),
    loadPanel(CREATE, prepareCreateForm),
    loadPanel(PREVIEW, preparePreview),
    opened ? loadPanel(PROMOTION, () => showPromotion(opened.id)) : null,
  ]);
}

/**
 * A manager limited to some stores is offered changes to those stores' promotions only, as on the
 * Stores tab; a promotion of every store is changed by staff of every store.
 */
const worksEverywhere = () => state.me.storeIds.length === 0;
const mayChange = (view) => !view.archived && (worksEverywhere() || (view.storeId !== null && state.me.storeIds.includes(view.storeId)));

// ---- reading the catalog for the form and the words --------------------------------------------

/** Every product with its category and SKU codes, paged through once (one read shared by callers). */
function catalogProducts() {
  products ??= (async () => {
    const list = [];
    let cursor = null;
    do {
      const page = await api('GET', `/v1/catalog/products${query({ limit: 200, cursor })}`);
      list.push(...page.products);
      cursor = page.nextCursor;
    } while (cursor);
    return list;
  })().catch((error) => {
    products = null;
    throw error;
  });
  return products;
}

/** Products, SKUs by code and categories, from the last catalog read (for the words). */
let known = { products: new Map(), skus: new Map() };

async function readCatalog() {
  const list = await catalogProducts();
  known = {
    products: new Map(list.map((p) => [p.id, p])),
    skus: new Map(list.flatMap((p) => p.skus.map((s) => [s.code, { ...s, title: p.title }]))),
  };
  return list;
}

// ---- promotions in words ----------------------------------------------------------------------

const percentWords = (p) => `${p.toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;
const categoryWords = (c) => c.replaceAll('_', ' ');
const dayNames = { sun: 'Sunday', mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday' };
const dayOrder = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const daysWords = (days) => [...days].sort((a, b) => dayOrder.indexOf(a) - dayOrder.indexOf(b)).map((d) => dayNames[d] ?? d).join(', ');
const channelNames = { in_store: 'at the counter', pickup: 'for pickup', delivery: 'for delivery' };
const or = (words) => words.join(' or ');

/** Which items a filter matches, e.g. "flower or vape items" or "Blue Dream 3.5g (HH-BD-35)". */
function itemsWords(filter) {
  if (!filter || Object.keys(filter).length === 0) return 'every item';
  const parts = [];
  if (filter.categories) parts.push(filter.categories.length ? `${or(filter.categories.map(categoryWords))} items` : 'no category');
  if (filter.productIds) parts.push(filter.productIds.length ? or(filter.productIds.map((id) => known.products.get(id)?.title ?? `product ${id}`)) : 'no product');
  if (filter.skus) {
    const sku = (code) => (known.skus.has(code) ? `${known.skus.get(code).title} ${known.skus.get(code).sizeLabel} (${code})` : code);
    parts.push(filter.skus.length ? or(filter.skus.map(sku)) : 'no SKU');
  }
  if (filter.brands) parts.push(`brand ${or(filter.brands)}`);
  if (filter.cannabis === true) parts.push('cannabis items only');
  if (filter.cannabis === false) parts.push('non-cannabis items only');
  return parts.join(', and of those ');
}

function actionWords(action) {
  const scope = (filter) => (filter ? ` (on ${itemsWords(filter)})` : '');
  const times = (n) => (n ? `, at most ${n} time${n === 1 ? '' : 's'} per order` : '');
  switch (action.type) {
    case 'percent_off_order':
      return `${percentWords(action.percent)} off the order${scope(action.filter)}`;
    case 'fixed_off_order':
      return `${money(action.amountCents)} off the order${scope(action.filter)}`;
    case 'percent_off_items':
      return `${percentWords(action.percent)} off ${itemsWords(action.filter)}`;
    case 'fixed_off_items':
      return `${money(action.amountCents)} off each ${action.per === 'line' ? 'line' : 'unit'} of ${itemsWords(action.filter)}`;
    case 'bundle_price':
      return `any ${action.quantity} of ${itemsWords(action.filter)} for ${money(action.priceCents)}${times(action.maxApplications)}`;
    case 'buy_x_get_y': {
      const got = action.get.filter ? itemsWords(action.get.filter) : 'the same';
      const price = action.get.percent >= 100 ? 'free' : `at ${percentWords(action.get.percent)} off`;
      return `buy ${action.buy.quantity} of ${itemsWords(action.buy.filter)}, get ${action.get.quantity} more of ${got} ${price} (the cheapest units)${times(action.maxApplications)}`;
    }
    case 'tiered': {
      const from = (min) => (action.basis === 'subtotal' ? money(min) : `${min} units`);
      const tiers = action.tiers.map((t) => `from ${from(t.min)}: ${t.percent !== undefined ? percentWords(t.percent) : money(t.amountCents)} off`);
      return `by the ${action.basis === 'subtotal' ? 'amount spent' : 'number of units'} on ${itemsWords(action.filter)}: ${tiers.join('; ')}`;
    }
    default:
      return action.type;
  }
}

function conditionWords(c) {
  switch (c.type) {
    case 'min_subtotal':
      return `the basket comes to at least ${money(c.cents)}${c.filter ? ` of ${itemsWords(c.filter)}` : ''} before discounts`;
    case 'items':
      return `at least ${c.minQuantity ?? 1} of ${itemsWords(c.filter)} in the basket`;
    case 'customer_group':
      return `the customer is in the group ${or(c.groups)}`;
    case 'loyalty_tier':
      return `the customer’s loyalty tier is ${or(c.tiers)}`;
    case 'day_of_week':
      return `on ${daysWords(c.days)} (the store’s day)`;
    case 'time_window':
      return `from ${c.start} to ${c.end}${c.days ? ` on ${daysWords(c.days)}` : ''} (the store’s time)`;
    case 'first_purchase':
      return 'the customer’s first purchase';
    case 'channel':
      return `sold ${or(c.channels.map((ch) => channelNames[ch] ?? ch))}`;
    default:
      return c.type;
  }
}

/** What a failed condition of the preview was about, from its type alone. */
const conditionTopics = {
  min_subtotal: 'the minimum spend',
  items: 'the items it needs',
  customer_group: 'the customer group',
  loyalty_tier: 'the loyalty tier',
  day_of_week: 'the day of the week',
  time_window: 'the time of day',
  first_purchase: 'a first purchase',
  channel: 'how it is sold',
};

function statusOf(view, now = Date.now()) {
  const p = view.promotion;
  if (view.archived) return 'archived';
  if (!p.active) return 'off';
  if (view.maxUses !== null && view.uses >= view.maxUses) return 'used up';
  if (p.endsAt && Date.parse(p.endsAt) <= now) return 'ended';
  if (p.startsAt && Date.parse(p.startsAt) > now) return 'starts later';
  return 'on';
}

/**
 * The time zone a promotion's dates are typed and shown in: its store's clocks, or, for one of
 * every store, the zone they all share. Stores in several zones leave it to this computer's clock,
 * and the dates say so.
 */
function zoneOf(storeId) {
  if (storeId) return state.stores.find((s) => s.id === storeId)?.timezone;
  const zones = new Set(state.stores.map((s) => s.timezone));
  return zones.size === 1 ? [...zones][0] : undefined;
}

/** An instant as the clocks of `zone` (this computer's when none) show it, with the zone's name. */
const whenIn = (iso, zone) =>
  new Date(iso).toLocaleString('en-US', { timeZone: zone, year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });

function datesWords(view) {
  const p = view.promotion;
  if (!p.startsAt && !p.endsAt) return 'no end date';
  const zone = zoneOf(view.storeId);
  return [p.startsAt ? `from ${whenIn(p.startsAt, zone)}` : null, p.endsAt ? `until ${whenIn(p.endsAt, zone)}` : null].filter(Boolean).join(' ');
}

function usesWords(view) {
  const all = view.maxUses === null ? `${view.uses} (no limit)` : `${view.uses} of ${view.maxUses}`;
  return view.maxUsesPerCustomer === null ? all : `${all} · ${view.maxUsesPerCustomer} per customer`;
}

const whereWords = (view) => (view.storeId ? storeName(view.storeId) : 'every store');

// ---- the list ---------------------------------------------------------------------------------

const listColumns = [column('Name'), column('Where'), column('Status'), column('Dates'), column('Priority', true), column('Coupon codes'), column('Uses'), column('')];

async function showPromotions() {
  const includeArchived = $('promotion-list-form').elements.namedItem('includeArchived').checked;
  // The flag is sent only when ticked: without it the server leaves archived promotions out.
  const [{ items }] = await Promise.all([api('GET', `/v1/promotions${query({ includeArchived: includeArchived ? 'true' : null })}`), readCatalog()]);
  listed = new Map(items.map((v) => [v.id, v]));
  const rows = items.map((view) => {
    const p = view.promotion;
    const status = statusOf(view);
    return row(
      listColumns,
      [
        p.name,
        whereWords(view),
        status,
        datesWords(view),
        String(p.priority),
        p.codes.length ? element('span', { className: 'mono', textContent: p.codes.join(', ') }) : 'none (automatic)',
        usesWords(view),
        element(
          'div',
          {},
          element('button', { type: 'button', className: 'open', textContent: 'Open', onclick: () => openPromotion(view.id) }),
          ...(mayChange(view)
            ? [element('button', { type: 'button', className: 'switch', textContent: p.active ? 'Switch off' : 'Switch on', onclick: (event) => oneAtATime(event.target, () => actInPanel(LIST, () => switchPromotion(view, LIST)), [event.target]) })]
            : []),
        ),
      ],
      { dataset: { promotionId: view.id, status }, className: view.archived || !p.active ? 'muted' : view.id === opened?.id ? 'current' : '' },
    );
  });
  fillTable($('promotion-list'), listColumns, rows, { empty: includeArchived ? 'The organization has no promotion.' : 'No promotion is live or planned: create one below.' });
}

$('promotion-list-form').addEventListener('change', () => loadPanel(LIST, showPromotions));

// ---- one promotion ----------------------------------------------------------------------------

function openPromotion(id) {
  $('promotion-result').hidden = true;
  $(PROMOTION).hidden = false;
  $(PROMOTION).scrollIntoView({ block: 'start' });
  return loadPanel(PROMOTION, () => showPromotion(id));
}

async function showPromotion(id) {
  const [view] = await Promise.all([api('GET', `/v1/promotions/${id}`), readCatalog()]);
  opened = view;
  const p = view.promotion;
  $(PROMOTION).hidden = false;
  $('promotion-title').textContent = p.name;
  const always = p.codes.length ? 'whenever a code is entered' : 'every sale';
  const conditions = p.conditions.length ? element('ul', {}, ...p.conditions.map((c) => element('li', { textContent: conditionWords(c) }))) : always;
  const facts = [
    ['status', 'Status', statusOf(view)],
    ['gives', 'Gives', actionWords(p.action)],
    ['when', 'When', conditions],
    ['codes', 'Coupon codes', p.codes.length ? p.codes.join(', ') : 'none: it applies by itself'],
    ['where', 'Where', whereWords(view)],
    ['dates', 'Dates', datesWords(view)],
    ['priority', 'Priority', `${p.priority} (lower applies first)`],
    ['stacking', 'Stacking', p.stacking === 'exclusive' ? 'exclusive: applies alone, when that saves the customer most' : 'stacks with other promotions'],
    ['max-discount', 'Off one order, at most', p.maxDiscountCents === undefined ? 'no cap' : money(p.maxDiscountCents)],
    ['uses', 'Uses', usesWords(view)],
    ['receipt', 'On the receipt', p.receiptLabel ?? p.name],
    ['loyalty', 'Loyalty scheme', p.loyalty ? 'yes' : 'no'],
    ['version', 'Created', `${when(view.createdAt)}${view.updatedAt === view.createdAt ? '' : `; last changed ${when(view.updatedAt)} (version ${view.version})`}`],
    ['id', 'Id', view.id],
  ];
  $('promotion-facts').replaceChildren(
    ...facts.flatMap(([key, term, value]) => [element('dt', { textContent: term }), element('dd', { dataset: { fact: key } }, value)]),
  );
  $('promotion-changes').hidden = !mayChange(view);
  $('promotion-switch').textContent = p.active ? 'Switch off' : 'Switch on';
  $('promotion-archive-confirm').hidden = true;
  fillEditForm(view);
  // Set last: the panel shows this promotion whole from here on.
  $(PROMOTION).dataset.promotionId = view.id;
}

/** The promotion as the server keeps it, with `changes` over it, as the replace route takes it. */
function replacementOf(view, changes) {
  const { id: _id, ...definition } = view.promotion;
  return { ...definition, storeId: view.storeId, maxUses: view.maxUses, maxUsesPerCustomer: view.maxUsesPerCustomer, ...changes, ifVersion: view.version };
}

/** Replaces a promotion with `changes` and shows it again; the server's version guards someone else's edit. */
async function replace(view, changes) {
  const saved = await api('PUT', `/v1/promotions/${view.id}`, replacementOf(view, changes));
  await Promise.all([showPromotions(), opened?.id === saved.id ? showPromotion(saved.id) : null]);
  return saved;
}

async function switchPromotion(view, panel) {
  const saved = await replace(view, { active: !view.promotion.active });
  showResult(panel, saved.promotion.active ? `${saved.promotion.name} is switched on.` : `${saved.promotion.name} is switched off: it applies to no sale until it is switched on again.`);
}

onClick($('promotion-switch'), PROMOTION, () => switchPromotion(opened, PROMOTION));

/** A datetime-local field's value for an instant, on the clocks of `zone` (this computer's when none). */
function localInput(iso, zone) {
  if (!iso) return '';
  const clock = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const part = Object.fromEntries(clock.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}`;
}

const dollarsOf = (cents) => (cents === undefined || cents === null ? '' : (cents / 100).toFixed(2));

/** A number as typed (a percent may have decimals); anything else goes as it is. */
function numberFrom(text) {
  if (text === undefined || text.trim() === '') return undefined;
  const number = Number(text.trim());
  return Number.isFinite(number) ? number : text;
}

const codesFrom = (text) => text.split(/[\s,]+/).filter(Boolean);

/** The change form's fields, each with how it shows the promotion and what it sends. */
const editFields = [
  { name: 'startsAt', shown: (v) => localInput(v.promotion.startsAt, zoneOf(v.storeId)), sent: (t, v) => instantAtStore(t, zoneOf(v.storeId)) },
  { name: 'endsAt', shown: (v) => localInput(v.promotion.endsAt, zoneOf(v.storeId)), sent: (t, v) => instantAtStore(t, zoneOf(v.storeId)) },
  { name: 'priority', shown: (v) => String(v.promotion.priority), sent: (t) => integer(t) },
  { name: 'stacking', shown: (v) => v.promotion.stacking, sent: (t) => t },
  { name: 'codes', shown: (v) => v.promotion.codes.join(', '), sent: codesFrom },
  { name: 'maxUses', shown: (v) => String(v.maxUses ?? ''), sent: (t) => integer(t) ?? null },
  { name: 'maxUsesPerCustomer', shown: (v) => String(v.maxUsesPerCustomer ?? ''), sent: (t) => integer(t) ?? null },
  { name: 'maxDiscount', key: 'maxDiscountCents', shown: (v) => dollarsOf(v.promotion.maxDiscountCents), sent: centsFrom },
];

const fieldLabels = {
  name: 'Name',
  receiptLabel: 'On the receipt',
  storeId: 'Where',
  actionType: 'Deal',
  percent: 'Percent off',
  amount: 'Amount off',
  per: 'Per',
  bundleQuantity: 'Items in the bundle',
  bundlePrice: 'Bundle price',
  buyQuantity: 'Buy',
  getQuantity: 'Get',
  getPercent: 'Percent off what is got',
  maxApplications: 'Times per order',
  items: 'Chosen items',
  minSubtotal: 'Minimum spend',
  days: 'Days',
  timeStart: 'From (time)',
  timeEnd: 'To (time)',
  channels: 'Sold',
  codes: 'Coupon codes',
  maxUses: 'Uses in all',
  maxUsesPerCustomer: 'Uses per customer',
  maxDiscount: 'Off one order',
  startsAt: 'Starts',
  endsAt: 'Ends',
  priority: 'Priority',
  stacking: 'Stacking',
  active: 'Active',
  loyalty: 'Loyalty scheme',
  couponCodes: 'Coupon codes',
  channel: 'Sold',
  at: 'At',
};
const labelOf = (name) => fieldLabels[name] ?? (/^lines\.(\d+)\./.test(name) ? `Line ${Number(name.split('.')[1]) + 1}` : name);

function fillEditForm(view) {
  const form = $('promotion-edit-form');
  clearMarks(form);
  form.elements.namedItem('active').checked = view.promotion.active;
  for (const f of editFields) form.elements.namedItem(f.name).value = f.shown(view);
}

onPromotionForm($('promotion-edit-form'), PROMOTION, editFieldFor, async (form) => {
  const view = opened;
  const changes = {};
  const named = [];
  if (form.elements.namedItem('active').checked !== view.promotion.active) {
    changes.active = form.elements.namedItem('active').checked;
    named.push('active');
  }
  for (const f of editFields) {
    const typed = form.elements.namedItem(f.name).value.trim();
    if (typed === f.shown(view)) continue;
    changes[f.key ?? f.name] = f.sent(typed, view);
    named.push(f.name);
  }
  if (named.length === 0) {
    showResult(PROMOTION, 'Nothing to save: every field is as the promotion has it.');
    return;
  }
  const saved = await replace(view, changes);
  showResult(PROMOTION, `Saved ${saved.promotion.name}: ${named.map((n) => labelOf(n).toLowerCase()).join(', ')} changed.`);
});

function editFieldFor([where, key]) {
  if (where !== 'body') return null;
  return key === 'maxDiscountCents' ? 'maxDiscount' : key;
}

$('promotion-archive-form').addEventListener('submit', (event) => {
  event.preventDefault();
  $('promotion-archive-question').textContent = `Archive ${opened.promotion.name}? It stops applying at once and cannot be switched on again${opened.promotion.codes.length ? `; its codes (${opened.promotion.codes.join(', ')}) become free for another promotion` : ''}.`;
  $('promotion-archive-confirm').hidden = false;
});

$('promotion-archive-no').addEventListener('click', () => ($('promotion-archive-confirm').hidden = true));

$('promotion-archive-yes').addEventListener('click', () =>
  actInPanel(PROMOTION, async () => {
    $('promotion-archive-confirm').hidden = true;
    const reason = $('promotion-archive-form').elements.namedItem('reason').value.trim();
    const archived = await api('DELETE', `/v1/promotions/${opened.id}${query({ reason })}`);
    $('promotion-archive-form').reset();
    await Promise.all([showPromotion(archived.id), showPromotions()]);
    const codes = archived.promotion.codes;
    showResult(PROMOTION, `Archived ${archived.promotion.name}${codes.length ? `; its codes (${codes.join(', ')}) are free again` : ''}. Orders that used it keep it.`);
  }),
);

// ---- a new promotion --------------------------------------------------------------------------

async function prepareCreateForm() {
  const form = $('promotion-create-form');
  const list = await readCatalog();
  // A manager limited to some stores makes promotions for those stores (see mayChange).
  const stores = state.stores.map((s) => ({ value: s.id, label: s.name }));
  fillSelect(form.elements.namedItem('storeId'), worksEverywhere() ? [{ value: '', label: 'Every store' }, ...stores] : stores);
  fillItemChoices(form, list);
  showDealFields(form);
}

/** The choices under "Chosen", for what "On" says: the catalog's categories, products or SKUs. */
function fillItemChoices(form, list = []) {
  const kind = form.elements.namedItem('itemsKind').value;
  const select = form.elements.namedItem('items');
  const active = list.filter((p) => p.status === 'active');
  const byTitle = (a, b) => a.label.localeCompare(b.label);
  const choices = {
    categories: () => [...new Set(active.map((p) => p.category))].sort().map((c) => ({ value: c, label: categoryWords(c) })),
    products: () => active.map((p) => ({ value: p.id, label: p.title })).sort(byTitle),
    skus: () => active.flatMap((p) => p.skus.filter((s) => s.status === 'active').map((s) => ({ value: s.code, label: `${p.title} ${s.sizeLabel} (${s.code})` }))).sort(byTitle),
  }[kind];
  const chosen = new Set([...select.selectedOptions].map((o) => o.value));
  select.replaceChildren(...(choices ? choices() : []).map((c) => element('option', { value: c.value, textContent: c.label, selected: chosen.has(c.value) })));
  form.querySelector('[data-items]').hidden = !choices;
}

/** Shows the fields the chosen deal takes (each labelled with the deals it belongs to). */
function showDealFields(form) {
  const type = form.elements.namedItem('actionType').value;
  for (const label of form.querySelectorAll('[data-for]')) label.hidden = !label.dataset.for.split(' ').includes(type);
}

$('promotion-create-form').elements.namedItem('actionType').addEventListener('change', (event) => showDealFields(event.target.form));
$('promotion-create-form').elements.namedItem('itemsKind').addEventListener('change', (event) => actInPanel(CREATE, async () => fillItemChoices(event.target.form, await catalogProducts())));

/** A refusal of the form's own, before anything is sent, shown as the server's are. */
function formRefusal(message, path) {
  return Object.assign(new Error(message), { details: [{ path, message }] });
}

/** The items "On" names, as the engine's filter. */
function filterOf(form) {
  const kind = form.elements.namedItem('itemsKind').value;
  const chosen = [...form.elements.namedItem('items').selectedOptions].map((o) => o.value);
  if (kind === 'all') return {};
  if (kind === 'cannabis') return { cannabis: true };
  if (kind === 'non_cannabis') return { cannabis: false };
  // An empty list would match nothing: a promotion that can never apply.
  if (chosen.length === 0) throw formRefusal(`Choose at least one of the ${kind === 'skus' ? 'SKUs' : kind} listed, or another choice under “On”.`, ['body', 'action', 'filter']);
  return { [{ categories: 'categories', products: 'productIds', skus: 'skus' }[kind]]: chosen };
}

function actionOf(form, typed) {
  const type = typed.actionType;
  const filter = filterOf(form);
  const orderScope = Object.keys(filter).length ? { filter } : {}; // every item: the whole order
  switch (type) {
    case 'percent_off_order':
      return { type, percent: numberFrom(typed.percent), ...orderScope };
    case 'percent_off_items':
      return { type, percent: numberFrom(typed.percent), filter };
    case 'fixed_off_order':
      return { type, amountCents: centsFrom(typed.amount), ...orderScope };
    case 'fixed_off_items':
      return { type, amountCents: centsFrom(typed.amount), per: typed.per, filter };
    case 'bundle_price':
      return { type, filter, quantity: integer(typed.bundleQuantity), priceCents: centsFrom(typed.bundlePrice), maxApplications: integer(typed.maxApplications) };
    case 'buy_x_get_y':
      return {
        type,
        buy: { filter, quantity: integer(typed.buyQuantity) },
        get: { quantity: integer(typed.getQuantity), percent: numberFrom(typed.getPercent) },
        maxApplications: integer(typed.maxApplications),
      };
    default:
      return { type };
  }
}

/**
 * The conditions the form asks for, each with the field its refusal is shown at (by the rest of the
 * refused path): a minimum spend, the days (with hours, a window on those days), the channels.
 */
function conditionsOf(form, typed) {
  const conditions = [];
  const days = [...form.querySelectorAll('[name=days]:checked')].map((c) => c.value);
  const channels = [...form.querySelectorAll('[name=channels]:checked')].map((c) => c.value);
  if (typed.minSubtotal !== undefined) conditions.push({ condition: { type: 'min_subtotal', cents: centsFrom(typed.minSubtotal) }, field: () => 'minSubtotal' });
  if (typed.timeStart !== undefined || typed.timeEnd !== undefined) {
    conditions.push({
      condition: { type: 'time_window', start: typed.timeStart, end: typed.timeEnd, ...(days.length ? { days } : {}) },
      field: ([key]) => ({ start: 'timeStart', end: 'timeEnd', days: 'days' })[key] ?? (typed.timeStart === undefined ? 'timeStart' : 'timeEnd'),
    });
  } else if (days.length) conditions.push({ condition: { type: 'day_of_week', days }, field: () => 'days' });
  // Every channel ticked: no condition. None ticked goes as it is, and the server says why not.
  if (channels.length < 3) conditions.push({ condition: { type: 'channel', channels }, field: () => 'channels' });
  return conditions;
}

/** The form as the create route takes it; empty fields are left out, so the server names what is missing. */
function newPromotion(form) {
  const typed = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string' && value.trim() !== '' && !['days', 'channels', 'items'].includes(name)) typed[name] = value.trim();
  const conditions = conditionsOf(form, typed);
  const body = {
    name: typed.name,
    receiptLabel: typed.receiptLabel,
    ...(typed.storeId ? { storeId: typed.storeId } : {}),
    action: actionOf(form, typed),
    ...(conditions.length ? { conditions: conditions.map((c) => c.condition) } : {}),
    ...(typed.codes ? { codes: codesFrom(typed.codes) } : {}),
    maxUses: integer(typed.maxUses),
    maxUsesPerCustomer: integer(typed.maxUsesPerCustomer),
    maxDiscountCents: centsFrom(typed.maxDiscount),
    startsAt: instantAtStore(typed.startsAt, zoneOf(typed.storeId)),
    endsAt: instantAtStore(typed.endsAt, zoneOf(typed.storeId)),
    priority: integer(typed.priority),
    stacking: typed.stacking,
    active: form.elements.namedItem('active').checked,
    loyalty: form.elements.namedItem('loyalty').checked,
  };
  return { body, conditionFields: conditions.map((c) => c.field) };
}

/** Which field of the new-promotion form a refused path names. */
function createFieldFor(conditionFields) {
  const actionFields = { percent: 'percent', amountCents: 'amount', per: 'per', filter: 'items', priceCents: 'bundlePrice', quantity: 'bundleQuantity', maxApplications: 'maxApplications' };
  return ([where, key, ...rest]) => {
    if (where !== 'body') return null;
    if (key === 'action') {
      const [part, sub] = rest;
      if (part === 'buy') return sub === 'quantity' ? 'buyQuantity' : 'items';
      if (part === 'get') return { quantity: 'getQuantity', percent: 'getPercent' }[sub] ?? 'items';
      return actionFields[part] ?? 'actionType';
    }
    if (key === 'conditions') return typeof rest[0] === 'number' ? conditionFields[rest[0]]?.(rest.slice(1)) ?? null : null;
    return key === 'maxDiscountCents' ? 'maxDiscount' : key;
  };
}

{
  const form = $('promotion-create-form');
  let conditionFields = [];
  onPromotionForm(form, CREATE, (path) => createFieldFor(conditionFields)(path), async () => {
    conditionFields = [];
    const built = newPromotion(form);
    conditionFields = built.conditionFields;
    const created = await api('POST', '/v1/promotions', built.body);
    form.reset();
    fillItemChoices(form, await catalogProducts());
    showDealFields(form);
    $(PROMOTION).hidden = false;
    await Promise.all([showPromotion(created.id), showPromotions()]);
    const p = created.promotion;
    showResult(CREATE, `Created ${p.name} for ${whereWords(created)}: ${actionWords(p.action)}${p.codes.length ? `, with the code${p.codes.length === 1 ? '' : 's'} ${p.codes.join(', ')}` : ', applied by itself'}. It is ${statusOf(created)}.`);
  });
}

// ---- refusals at their fields -----------------------------------------------------------------

function onPromotionForm(form, panelId, fieldFor, work) {
  onMarkedForm(form, panelId, { fieldFor, labelOf, explain: true }, work);
}

// ---- the preview ------------------------------------------------------------------------------

async function preparePreview() {
  if (previewedAt !== state.storeId) $('preview-answer').hidden = true; // priced at another store
  if ($('preview-lines').children.length === 0) await addPreviewLine();
  else await Promise.all([...$('preview-lines').querySelectorAll('select')].map((select) => skuOptions(select)));
}

/** One line of the basket: a SKU and its quantity. Names follow the line's place (lines.0.skuId, …). */
async function addPreviewLine() {
  const select = element('select', { className: 'sku' });
  const line = element(
    'div',
    { className: 'preview-line' },
    element('label', {}, 'SKU ', select),
    element('label', {}, 'Quantity ', element('input', { className: 'quantity', inputMode: 'numeric', size: 4, value: '1', autocomplete: 'off' })),
    element('button', {
      type: 'button',
      className: 'remove',
      textContent: 'Remove',
      onclick: () => {
        line.remove();
        numberPreviewLines();
      },
    }),
  );
  $('preview-lines').append(line);
  numberPreviewLines();
  await skuOptions(select);
}

function numberPreviewLines() {
  [...$('preview-lines').children].forEach((line, i) => {
    line.querySelector('select.sku').name = `lines.${i}.skuId`;
    line.querySelector('input.quantity').name = `lines.${i}.quantity`;
    line.querySelector('button.remove').hidden = i === 0 && $('preview-lines').children.length === 1;
  });
}

$('preview-add-line').addEventListener('click', () => actInPanel(PREVIEW, addPreviewLine));

function previewFieldFor([where, key, index, field]) {
  if (where !== 'body') return null;
  if (key === 'lines') return typeof index === 'number' ? `lines.${index}.${field === 'quantity' ? 'quantity' : 'skuId'}` : 'lines.0.skuId';
  return key;
}

onPromotionForm($('promotion-preview-form'), PREVIEW, previewFieldFor, async (form) => {
  const lines = [...$('preview-lines').children].map((line) => ({ skuId: line.querySelector('select.sku').value, quantity: integer(line.querySelector('input.quantity').value) }));
  const storeId = state.storeId;
  const at = instantAtStore(form.elements.namedItem('at').value, zoneOf(storeId));
  $('preview-answer').hidden = true;
  const answer = await api('POST', `/v1/stores/${storeId}/promotions/preview`, {
    channel: form.elements.namedItem('channel').value,
    lines,
    couponCodes: codesFrom(form.elements.namedItem('couponCodes').value),
    ...(at ? { at } : {}),
  });
  await catalog();
  previewedAt = storeId;
  showPreview(answer, lines);
});

const promotionName = (id) => listed.get(id)?.promotion.name ?? id;

const rejectionWords = {
  COUPON_UNKNOWN: () => 'no promotion has this code',
  COUPON_EXPIRED: () => 'the promotion has ended',
  COUPON_NOT_YET_VALID: () => 'the promotion has not started yet',
  COUPON_INACTIVE: () => 'the promotion is switched off, or all its uses are used',
  CONDITION_NOT_MET: (r) => `a condition is not met${r.condition ? `: ${conditionTopics[r.condition] ?? r.condition}` : ''}`,
  NOT_STACKABLE: (r) => `it does not stack, and ${r.blockedBy === 'stack' ? 'the other promotions together save more' : `${promotionName(r.blockedBy)} saves more`}`,
  COMPLIANCE_GUARD: (r) => `the state’s rules forbid this discount on ${r.lineIds?.length ? `line ${r.lineIds.join(', ')}` : 'these items'}`,
  NO_DISCOUNT: () => 'it takes nothing off this basket',
};

function showPreview(answer, lines) {
  const usage = new Map(answer.usage.map((u) => [u.promotionId, u]));
  const columns = [column('Line'), column('SKU'), column('Quantity', true), column('Price', true), column('Discount', true), column('To pay', true), column('Discounts')];
  const rows = answer.lines.map((l, i) =>
    row(
      columns,
      [
        l.lineId,
        skuName(lines[i].skuId),
        String(lines[i].quantity),
        money(l.grossCents),
        l.discountCents ? money(-l.discountCents) : null,
        money(l.netCents),
        l.discounts.length ? l.discounts.map((d) => `${promotionName(d.promotionId)} ${money(-d.amountCents)}`).join('; ') : null,
      ],
      { dataset: { lineId: l.lineId, skuId: lines[i].skuId } },
    ),
  );
  const { subtotalCents, discountCents, totalCents } = answer.totals;
  const footer = row(columns, ['Total', '', '', money(subtotalCents), money(-discountCents), money(totalCents), ''], { id: 'preview-total' });
  fillTable($('preview-priced'), columns, rows, { footer });

  $('preview-applied').replaceChildren(
    ...(answer.applied.length === 0
      ? [element('li', { className: 'muted', textContent: 'No promotion applies to this basket.' })]
      : answer.applied.map((a) => {
          const used = usage.get(a.promotionId);
          const uses = used ? (used.maxUses === null ? ` · used ${used.uses} time${used.uses === 1 ? '' : 's'}` : ` · used ${used.uses} of ${used.maxUses}`) : '';
          const how = a.scope === 'order' ? 'off the order, spread over its lines' : 'off the lines';
          return element('li', { dataset: { promotionId: a.promotionId, code: a.code ?? '' } }, `${a.name}${a.code ? ` (code ${a.code})` : ''}: ${money(-a.amountCents)} ${how}${a.cappedByGuard ? ', reduced to what the state’s rules allow' : ''}${uses}`);
        })),
  );
  $('preview-rejected').replaceChildren(
    ...(answer.rejected.length === 0
      ? [element('li', { className: 'muted', textContent: 'Nothing was turned down.' })]
      : answer.rejected.map((r) =>
          element(
            'li',
            { dataset: { reason: r.reason, code: r.code ?? '', promotionId: r.promotionId ?? '' } },
            `${r.code ? `Code ${r.code}` : promotionName(r.promotionId)}${r.code && r.promotionId ? ` (${promotionName(r.promotionId)})` : ''}: ${(rejectionWords[r.reason] ?? (() => 'not applied'))(r)} `,
            element('code', { textContent: r.reason }),
          ),
        )),
  );
  const rules = answer.guard.rules;
  $('preview-guard').textContent = `This store’s state limits discounts: ${rules.map((r) => `${r.title} (${r.refs.join(', ')})`).join('; ')}.`;
  $('preview-guard').hidden = rules.length === 0;
  $('preview-answer').hidden = false;
}
