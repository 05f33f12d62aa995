// What the back office's panels share: the session's state, building tables, and loading a panel
// or running one of its actions so that the server's refusal is shown in that panel. office.js and
// the panel modules (stock-actions.js, counts.js, receiving.js, transfers.js, settings.js,
// locations.js, tax-settings.js) import it.

import { $, api, describeError as describe, element, oneAtATime } from '../shared/ui.js';

export const state = {
  me: null,
  /** The stores the signed-in staff member works in (the store picker). */
  stores: [],
  /** Every store of the organization: a transfer may go to one the sender does not work in. */
  organizationStores: [],
  people: new Map(),
  storeId: null,
  tab: 'stock',
  skus: null,
  availability: [],
  packageLabel: null,
  auditBefore: null,
  /** Locations per store id, read once per session (a refresh reads them again). */
  locations: new Map(),
};

// A panel that meets a signed-out answer sends the page back to the sign-in; office.js says how.
let signedOut = () => {};
export function onSignedOut(handler) {
  signedOut = handler;
}

/** A query string of the given parameters, leaving out the empty ones. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');

/** A day at the chosen store (YYYY-MM-DD), on its clocks: the day its sales, taxes and expiry dates are judged by. */
export function storeDate(date = new Date()) {
  const timeZone = state.stores.find((s) => s.id === state.storeId)?.timezone;
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** Stock counts are integers: units for `each` packages, milligrams for `mg` ones (shown in grams). */
export function quantity(amount, unit) {
  return unit === 'mg' ? `${(amount / 1000).toLocaleString('en-US', { maximumFractionDigits: 3 })} g` : String(amount);
}
export const signed = (amount, unit) => (amount > 0 ? `+${quantity(amount, unit)}` : quantity(amount, unit));

/**
 * A total the API keeps per unit (`{ each, mg }`: units and milligrams are never added): the
 * units, then the weight in grams when there is any, each with `sign` in front ("+3, +1.5 g").
 */
export function byUnit(amounts, sign = '') {
  const parts = [];
  if (amounts.each !== 0 || amounts.mg === 0) parts.push(`${sign}${quantity(amounts.each, 'each')}`);
  if (amounts.mg !== 0) parts.push(`${sign}${quantity(amounts.mg, 'mg')}`);
  return parts.join(', ');
}

/** How a SKU's stock is counted: milligrams for one sold by weight, units otherwise. */
export const stockUnit = (sku) => (sku?.unit === 'weight' ? 'mg' : 'each');

/** What a quantity field of a package takes: the API counts `mg` packages in milligrams. */
export const unitWord = (unit) => (unit === 'mg' ? 'mg' : 'units');

export function storeName(storeId) {
  return (state.stores.find((s) => s.id === storeId) ?? state.organizationStores.find((s) => s.id === storeId))?.name ?? storeId ?? 'all stores';
}

export function skuName(skuId) {
  const sku = state.skus?.get(skuId);
  return sku ? `${sku.title} ${sku.sizeLabel} (${sku.code})` : skuId;
}

// Alerts name whoever handled them as `staff:<id>`; the other records give the bare id.
export const person = (ref) => (ref ? state.people.get(ref.replace(/^staff:/, '')) ?? ref : 'someone');

/** Who did it: the kind of actor and, when the id says more than the kind, the person (id on hover). */
export function actor(type, id) {
  if (!id || id === type) return type;
  return element('span', { textContent: `${type} ${person(id)}`, title: id });
}

// ---- reading what panels need -----------------------------------------------------------------

/** Every SKU of the organization with its product's title, paged through once per session. */
export async function catalog() {
  if (state.skus) return state.skus;
  const skus = new Map();
  let cursor = null;
  do {
    const page = await api('GET', `/v1/catalog/products${query({ limit: 200, cursor })}`);
    for (const product of page.products) for (const sku of product.skus) skus.set(sku.id, { ...sku, title: product.title });
    cursor = page.nextCursor;
  } while (cursor);
  state.skus = skus;
  return skus;
}

/** The SKUs a form offers: active ones, by product title and code. */
export async function skuOptions(select, { blank } = {}) {
  const skus = [...(await catalog()).values()].filter((s) => s.status === 'active').sort((a, b) => a.title.localeCompare(b.title) || a.code.localeCompare(b.code));
  fillSelect(select, skus.map((s) => ({ value: s.id, label: `${s.title} ${s.sizeLabel} (${s.code})` })), { blank });
}

/** The store's active locations (vault, sales floor, …), as the server lists them. */
export async function locationsOf(storeId) {
  if (!state.locations.has(storeId)) {
    const { locations } = await api('GET', `/v1/stores/${storeId}/locations`);
    state.locations.set(storeId, locations.filter((l) => l.active));
  }
  return state.locations.get(storeId);
}

export const locationLabel = (l) => `${l.code} — ${l.name}${l.sellable ? ' (sellable)' : ''}`;

// ---- building the page --------------------------------------------------------------------

/** A column of a table: its heading, and whether it holds numbers (right-aligned). */
export const column = (label, number = false) => ({ label, number });

export function row(columns, values, props = {}) {
  return element('tr', props, ...values.map((value, i) => element('td', { className: columns[i].number ? 'number' : '' }, value ?? '—')));
}

/**
 * A table of a store's list that the API gives a page at a time, newest first (`limit`, and
 * `after` = the previous page's `nextAfter`). `show(url, params)` reads the first page into the
 * table; `show(url, params, true)` adds the next one below it. The `more` button shows while more
 * follow.
 */
export function pagedTable({ table, more, columns, key, toRow, empty }) {
  let after = null;
  return async function show(url, params, older = false) {
    const page = await api('GET', `${url}${query({ ...params, after: older ? after : null })}`);
    const rows = page[key].map(toRow);
    if (older) $(table).tBodies[0].append(...rows);
    else fillTable($(table), columns, rows, { empty });
    after = page.nextAfter;
    $(more).hidden = after === null;
  };
}

export function fillTable(table, columns, rows, { empty = 'Nothing to show.', footer } = {}) {
  const head = element('thead', {}, element('tr', {}, ...columns.map((c) => element('th', { textContent: c.label, className: c.number ? 'number' : '' }))));
  const body = element('tbody', {}, ...(rows.length ? rows : [element('tr', {}, element('td', { colSpan: columns.length, className: 'muted', textContent: empty }))]));
  table.replaceChildren(head, body, ...(footer ? [element('tfoot', {}, footer)] : []));
}

/** Replaces a select's options; `blank` is the label of an empty first choice. */
export function fillSelect(select, options, { blank, selected } = {}) {
  const keep = selected ?? select.value;
  select.replaceChildren(
    ...(blank ? [element('option', { value: '', textContent: blank })] : []),
    ...options.map((o) => element('option', { value: o.value, textContent: o.label })),
  );
  if (options.some((o) => o.value === keep)) select.value = keep;
}

export function json(value) {
  return element('details', {}, element('summary', { textContent: 'details' }), element('pre', { textContent: JSON.stringify(value, null, 2) }));
}

/** A list folded under a count, so a long one does not push the rest of the page away. */
export function folded(noun, items, open) {
  if (items.length === 0) return null;
  const summary = element('summary', { textContent: `${items.length} ${noun}${items.length === 1 ? '' : 's'}` });
  return element('details', { open }, summary, element('ul', {}, ...items));
}

/** A form's fields by name; empty ones are left out, so the server says what is missing. */
export function fieldsOf(form) {
  const fields = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string' && value.trim() !== '') fields[name] = value.trim();
  return fields;
}

/**
 * A whole number as typed, for the API. Whatever else was typed goes as it is, so the server's
 * validation names the field, rather than the browser guessing a number.
 */
export function integer(text) {
  if (text === undefined || text.trim() === '') return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : text;
}

// ---- errors: the page's own, and each panel's -----------------------------------------------

/**
 * Loads a panel. A refusal (FORBIDDEN for this role, a bad filter, …) takes the place of the
 * panel's contents, so nobody mistakes an empty list for one they were not allowed to see.
 */
export async function loadPanel(panelId, work) {
  const panel = $(panelId);
  const body = panel.querySelector('.body');
  panel.querySelector('.refusal').hidden = true;
  try {
    await work();
    body.hidden = false;
  } catch (error) {
    if (error.code === 'UNAUTHENTICATED') return signedOut();
    showRefusal(panel, error);
    body.hidden = true;
  }
}

/**
 * Runs an action of a panel (acknowledge, adjust, receive, …); a refusal is shown above what stays
 * listed, and the panel's last answer (its `.result`) is cleared so it is not read as this one's.
 */
export async function actInPanel(panelId, work) {
  const panel = $(panelId);
  panel.querySelector('.refusal').hidden = true;
  const result = panel.querySelector('.result');
  if (result) result.hidden = true;
  try {
    await work();
  } catch (error) {
    if (error.code === 'UNAUTHENTICATED') return signedOut();
    showRefusal(panel, error);
  }
}

export function showRefusal(panel, error) {
  const refusal = panel.querySelector('.refusal');
  refusal.textContent = describe(error);
  refusal.hidden = false;
}

/** Shows what the server answered to a panel's action, in the panel's `.result`. */
export function showResult(panelId, text) {
  const result = $(panelId).querySelector('.result');
  result.textContent = text;
  result.hidden = false;
}

export function actionButton(panelId, label, work, props = {}) {
  const button = element('button', { type: 'button', textContent: label, onclick: () => oneAtATime(button, () => actInPanel(panelId, work), [button]), ...props });
  return button;
}


/** A button whose click is an action of its panel, sent once at a time (oneAtATime). */
export function onClick(button, panelId, work) {
  button.addEventListener('click', () => oneAtATime(button, () => actInPanel(panelId, work), [button]));
}

const submitButtons = (form) => [...form.querySelectorAll('button[type=submit]')];

// ---- refusals at their fields -------------------------------------------------------------------

/** Clears the marks, and the reasons beside them, that a refusal left on a form. */
export function clearMarks(form) {
  for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  for (const note of form.querySelectorAll('.why')) note.remove();
}

/** Where a refusal is: `[{ path, message }]` for a validation failure, `{ path }` for the others. */
function refusedPaths(error) {
  const details = error.details;
  if (Array.isArray(details)) return details.filter((d) => Array.isArray(d?.path));
  if (Array.isArray(details?.path)) return [{ path: details.path, message: error.message }];
  return [];
}

/** A field: an element (a line's control), a group of checkboxes (`data-field`) or a named control. */
function fieldOf(form, field) {
  if (field instanceof Element) return { marked: field, label: field.closest('label') ?? field.parentElement };
  const group = form.querySelector(`[data-field="${field}"]`);
  if (group) return { marked: group, label: group };
  const control = form.elements.namedItem(field);
  if (!(control instanceof Element)) return null;
  return { marked: control, label: control.closest('label') ?? control.parentElement };
}

/**
 * Runs a form's action. A refusal marks each field it names (`fieldFor` turns the error's path
 * into a field's name or element, or null), says why beside each when `explain`, focuses the
 * first, and names them (`labelOf`) before its reason, which the panel then shows.
 */
export async function markRefusals(form, { fieldFor, labelOf = (name) => name, explain = false }, work) {
  clearMarks(form);
  try {
    await work();
  } catch (error) {
    const reasons = new Map();
    for (const { path, message } of refusedPaths(error)) {
      const field = fieldFor(path);
      const found = field && fieldOf(form, field);
      if (found) reasons.set(field, { ...found, messages: [...(reasons.get(field)?.messages ?? []), message ?? error.message] });
    }
    for (const [field, { marked, label, messages }] of reasons) {
      marked.setAttribute('aria-invalid', 'true');
      if (explain) label.append(element('span', { className: 'why', dataset: { field: typeof field === 'string' ? field : (field.name ?? '') }, textContent: ` ${messages.join('; ')}` }));
    }
    if (reasons.size > 0) {
      const [first] = reasons.values();
      (first.marked.matches('input, select, textarea') ? first.marked : first.marked.querySelector('input, select, textarea'))?.focus();
      error.message = `${[...reasons.keys()].map((field) => labelOf(field)).join(', ')}: ${error.message}`;
    }
    throw error;
  }
}

/** A form whose submission is an action of its panel, its refusal marked at its fields (markRefusals), sent once at a time. */
export function onMarkedForm(form, panelId, options, work) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    oneAtATime(form, () => actInPanel(panelId, () => markRefusals(form, options, () => work(form))), submitButtons(form));
  });
}

/** A form whose submission is an action of its panel, sent once at a time (oneAtATime). */
export function onSubmit(form, panelId, work) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    oneAtATime(form, () => actInPanel(panelId, () => work(form)), submitButtons(form));
  });
}

// ---- times on a store's clocks, and dollars (promotions and prices) ----------------------------

/** A datetime-local value as the instant the API takes; whatever else was typed goes as it is. */
export function instantFrom(text) {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/**
 * A datetime-local value read as the time on the store's clocks (`timeZone`), as the instant the
 * API takes: the server judges a promotion's hours and a price's start at the store's time, so
 * 21:00 typed is 21:00 there, wherever the computer is. Whatever else was typed goes as it is.
 */
export function instantAtStore(text, timeZone) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text ?? '');
  if (!match || !timeZone) return instantFrom(text);
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const clock = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
  // How far the store's clocks are ahead of UTC at an instant (its offset changes with daylight saving).
  const offset = (instant) => {
    const parts = Object.fromEntries(clock.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
    return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute) - instant;
  };
  // Twice: the first guess may sit on the other side of a daylight-saving change.
  const guess = wall - offset(wall);
  return new Date(wall - offset(guess)).toISOString();
}

/**
 * Dollars as typed, as the integer cents the API takes ("12.5" → 1250), reading the digits rather
 * than multiplying a float. Anything else goes as it is, so the server's validation names the field.
 */
export function centsFrom(text) {
  if (text === undefined || text.trim() === '') return undefined;
  const match = /^(-?)\$?(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return text;
  const [, sign, dollars, decimals = ''] = match;
  return (sign ? -1 : 1) * (Number(dollars) * 100 + Number(decimals.padEnd(2, '0')));
}
