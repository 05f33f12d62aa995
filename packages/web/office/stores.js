// The organization's stores: listed with their jurisdiction, license, timezone and state-reporting
// engine; opened to see the store's details and locations; changed, and new ones opened, by those
// the server lets (stores:manage; opening a store also takes working in every store). The
// jurisdictions offered are the server's packs, and a store's timezone follows its jurisdiction's
// until someone types another. Every decision is the server's: a refusal is shown with its reason,
// the field it names is marked, and the lists are read again only after a change the server took.
// Those who may change a store open, close (for a while) or retire it (for good) with a reason;
// a retired store is offered no other status, as the server never opens one again.
// Those who may change a store also set its payments: the cash rounding, and whether register cash
// sales need an open drawer. The form starts from the settings the server answers
// (GET /v1/stores/:id/payment-settings) and sends only what differs from them.
// They also say how the store hands pickups over (`pickupModesOffered`: in store always, curbside
// and drive-through where it chooses to); the store's pack still decides what the law allows.

import { $, api, element } from '../shared/ui.js';
import { clearMarks, column, fillSelect, fillTable, loadPanel, onMarkedForm, row, showResult, state } from './common.js';

const LIST = 'store-list-panel';
const STORE = 'store-panel';
const PAYMENTS = 'store-payments-panel';
const CREATE = 'store-create-panel';

/** A store's fields as both forms show them; the address ones go in its `address` object. */
const fields = [
  { name: 'name', label: 'Name', size: 28 },
  { name: 'licenseNumber', label: 'License number', size: 20 },
  { name: 'jurisdiction', label: 'Jurisdiction' },
  { name: 'timezone', label: 'Timezone', size: 22 },
  { name: 'line1', label: 'Street', size: 28, address: true },
  { name: 'line2', label: 'Street, second line', size: 20, address: true },
  { name: 'city', label: 'City', size: 16, address: true },
  { name: 'region', label: 'State or region', size: 6, address: true },
  { name: 'postalCode', label: 'Postal code', size: 8, address: true },
  { name: 'country', label: 'Country (2 letters)', size: 3, address: true },
  // Washington exempts patients from its cannabis taxes only at an endorsed store; a new store has it
  // ticked, as the server's default.
  { name: 'medicalEndorsement', label: 'Holds the state’s medical endorsement', checkbox: true },
];
const labelOf = (name) => fields.find((f) => f.name === name)?.label ?? name;

/** The pickup hand-over modes, as the edit form offers them (in store is always offered). */
const handOverModes = { in_store: 'In store', curbside: 'Curbside', drive_through: 'Drive-through' };
const OFFERED = 'pickupModesOffered';
const OFFERED_LABEL = 'Pickup hand-over offered';

const engineNames = { metrc: 'Metrc', biotrack: 'BioTrack', none: 'not connected' };

/** The statuses a store can be given, as the screen names them. */
const statusNames = { open: 'open', closed: 'closed (for a while)', retired: 'retired (for good)' };
const statusLabels = { status: 'Status', statusReason: 'Reason' };

/** The server's jurisdiction packs (code, name, timezone), read once per session. */
let packs = null;
/** The store whose panel is open. */
let opened = null;
/** The payment settings the server answered for the open store (null until one is saved here). */
let payments = null;

const may = (permission) => state.me?.permissions.includes(permission) ?? false;
/** Opening a store: the permission, and staff of every store (the server refuses the others). */
const mayOpenStores = () => may('stores:manage') && state.me.storeIds.length === 0;
const mayChange = (store) => may('stores:manage') && (state.me.storeIds.length === 0 || state.me.storeIds.includes(store.id));

/**
 * The organization's stores as the server listed them: the ones the signed-in staff member works
 * in go in the store picker, which keeps its store while that is still one of them.
 */
export function useStores(stores) {
  state.organizationStores = stores;
  state.stores = state.me.storeIds.length > 0 ? stores.filter((s) => state.me.storeIds.includes(s.id)) : stores;
  if (!state.stores.some((s) => s.id === state.storeId)) state.storeId = state.stores[0]?.id ?? null;
  $('store').replaceChildren(...state.stores.map((s) => element('option', { value: s.id, textContent: `${s.name} (${s.jurisdiction})` })));
  if (state.storeId) $('store').value = state.storeId;
}

export function forgetStores() {
  packs = null;
  opened = null;
  payments = null;
  $(STORE).hidden = true;
  $(PAYMENTS).hidden = true;
  delete $(STORE).dataset.storeId;
  delete $(PAYMENTS).dataset.storeId;
  for (const id of ['store-result', 'store-create-result', 'store-payments-result']) $(id).hidden = true;
  for (const form of [$('store-create-form'), $('store-edit-form'), $('store-status-form'), $('store-payments-form')]) {
    form.reset();
    clearMarks(form);
  }
  $('store-create-form').dataset.timezoneTyped = 'false';
}

export function loadStores() {
  $(CREATE).hidden = !mayOpenStores();
  return Promise.all([
    loadPanel(LIST, showStores),
    mayOpenStores() ? loadPanel(CREATE, () => jurisdictionOptions($('store-create-form'), '')) : null,
    opened ? loadPanel(STORE, () => showStore(opened.id)) : null,
  ]);
}

// ---- reading --------------------------------------------------------------------------------

/** The packs, for those who may read them (owners and managers, who open stores, may). */
async function jurisdictions() {
  if (!packs) packs = may('rules:evaluate') ? (await api('GET', '/v1/rules/jurisdictions')).jurisdictions : [];
  return packs;
}

const packOf = (code) => packs?.find((p) => p.jurisdiction === code);
const jurisdictionName = (code) => (packOf(code) ? `${code} · ${packOf(code).name}` : code);

/**
 * Each store's state-reporting engine, or null for a role that may not read them (the column is
 * left out); a store outside the caller's stores is refused by the server and shown as unknown.
 */
async function reportingEngines(stores) {
  if (!may('traceability:read')) return null;
  const engines = await Promise.all(
    stores.map((s) =>
      api('GET', `/v1/stores/${s.id}/traceability`).then(
        (settings) => settings.engine,
        (error) => {
          if (error.status === 403) return null;
          throw error;
        },
      ),
    ),
  );
  return new Map(stores.map((s, i) => [s.id, engines[i]]));
}

const addressLine = (a) => [a.line1, a.line2, a.city, [a.region, a.postalCode].filter(Boolean).join(' '), a.country].filter(Boolean).join(', ') || null;

async function showStores() {
  const [{ stores }] = await Promise.all([api('GET', '/v1/stores'), jurisdictions()]);
  useStores(stores);
  const engines = await reportingEngines(stores);
  const columns = [column('Name'), column('Jurisdiction'), column('License'), column('Timezone'), ...(engines ? [column('State reporting')] : []), column('Address'), column('Status'), column('')];
  const rows = stores.map((s) =>
    row(
      columns,
      [
        s.name,
        jurisdictionName(s.jurisdiction),
        s.licenseNumber,
        s.timezone,
        ...(engines ? [engines.get(s.id) ? engineNames[engines.get(s.id)] ?? engines.get(s.id) : null] : []),
        addressLine(s.address),
        s.status,
        element('button', { type: 'button', className: 'open', textContent: 'Open', onclick: () => openStore(s.id) }),
      ],
      { dataset: { storeId: s.id, licenseNumber: s.licenseNumber, status: s.status }, className: [s.id === state.storeId ? 'current' : '', s.status === 'open' ? '' : 'muted'].filter(Boolean).join(' ') },
    ),
  );
  fillTable($('store-list'), columns, rows, { empty: 'The organization has no store yet.' });
}

function openStore(id) {
  $('store-result').hidden = true;
  $('store-payments-result').hidden = true;
  $(STORE).hidden = false;
  $(STORE).scrollIntoView({ block: 'start' });
  return loadPanel(STORE, () => showStore(id));
}

/** The store's locations, or null for a role that may not read them or a store outside the caller's. */
async function locationsOf(store) {
  if (!may('inventory:read')) return null;
  try {
    return (await api('GET', `/v1/stores/${store.id}/locations`)).locations;
  } catch (error) {
    if (error.status === 403) return null;
    throw error;
  }
}

/** The store's details, its locations and, for those who may change it, the form; answers its locations. */
async function showStore(id) {
  const store = await api('GET', `/v1/stores/${id}`);
  opened = store;
  $(STORE).hidden = false;
  $('store-title').textContent = store.name;
  const [engines, locations] = await Promise.all([reportingEngines([store]), locationsOf(store)]);
  const engine = engines?.get(store.id);
  const facts = [
    ['Jurisdiction', jurisdictionName(store.jurisdiction)],
    ['License number', store.licenseNumber],
    ['Timezone', `${store.timezone} (now ${new Date().toLocaleString(undefined, { timeZone: store.timezone, hour: '2-digit', minute: '2-digit', weekday: 'short' })})`],
    ['Address', addressLine(store.address) ?? '—'],
    ['Medical endorsement', store.medicalEndorsement ? 'held' : 'not held'],
    [OFFERED_LABEL, store.pickupModesOffered.map((mode) => handOverModes[mode] ?? mode).join(', ')],
    ['Status', statusFact(store)],
    ...(engines ? [['State reporting', engine ? engineNames[engine] ?? engine : '—']] : []),
    ['Id', store.id],
  ];
  $('store-facts').replaceChildren(...facts.flatMap(([term, value]) => [element('dt', { textContent: term }), element('dd', { textContent: value })]));
  $('store-work-here').hidden = !state.stores.some((s) => s.id === store.id) || state.storeId === store.id;

  const columns = [column('Code'), column('Name'), column('Kind'), column('Sellable')];
  $('store-locations-heading').hidden = locations === null;
  $('store-locations').hidden = locations === null;
  if (locations) {
    const rows = locations.map((l) => row(columns, [element('code', { textContent: l.code }), l.name, l.kind.replaceAll('_', ' '), l.sellable ? 'sellable' : 'not sellable'], { dataset: { locationCode: l.code }, className: l.active ? '' : 'muted' }));
    fillTable($('store-locations'), columns, rows, { empty: 'This store has no location yet.' });
  }

  const form = $('store-edit-form');
  form.hidden = !mayChange(store);
  if (!form.hidden) {
    clearMarks(form);
    await jurisdictionOptions(form, store.jurisdiction);
    for (const f of fields) {
      const input = form.elements.namedItem(f.name);
      if (f.checkbox) input.checked = store[f.name];
      else input.value = (f.address ? store.address[f.name] : store[f.name]) ?? '';
    }
    for (const box of form.querySelectorAll(`input[name=${OFFERED}]`)) box.checked = box.value === 'in_store' || store.pickupModesOffered.includes(box.value);
    // The timezone follows a change of jurisdiction only while it is the jurisdiction's own.
    form.dataset.timezoneTyped = String(store.timezone !== packOf(store.jurisdiction)?.timezone);
  }
  showStatusForm(store);
  // The store's payment settings, for those who may change them (the form starts from them).
  payments = mayChange(store) ? await api('GET', `/v1/stores/${store.id}/payment-settings`) : null;
  showPayments(store);
  // Set last: the panel shows this store whole from here on.
  $(STORE).dataset.storeId = store.id;
  return locations;
}

// ---- status ---------------------------------------------------------------------------------

/** The store's status as its facts show it: since when and why, once it has been changed. */
function statusFact(store) {
  if (!store.statusChangedAt) return statusNames[store.status];
  return `${statusNames[store.status]} since ${new Date(store.statusChangedAt).toLocaleString()}: ${store.statusReason}`;
}

/** The status form offers the statuses the store can go to: none for a retired store. */
function showStatusForm(store) {
  const form = $('store-status-form');
  form.hidden = !mayChange(store) || store.status === 'retired';
  if (form.hidden) return;
  clearMarks(form);
  form.reset();
  const options = Object.keys(statusNames)
    .filter((status) => status !== store.status)
    .map((status) => ({ value: status, label: statusNames[status] }));
  fillSelect(form.elements.namedItem('status'), options, {});
}

onMarkedForm(
  $('store-status-form'),
  STORE,
  { fieldFor: (path) => (path[0] === 'body' && Object.hasOwn(statusLabels, path[1]) ? path[1] : null), labelOf: (name) => statusLabels[name] ?? name },
  async (form) => {
    const status = form.elements.namedItem('status').value;
    const reason = form.elements.namedItem('statusReason').value.trim();
    // An empty reason is sent as none, so the server names the field.
    const saved = await api('PATCH', `/v1/stores/${opened.id}`, { status, ...(reason ? { statusReason: reason } : {}) });
    await Promise.all([showStore(saved.id), showStores()]);
    showResult(STORE, `${saved.name} is now ${statusNames[saved.status]}.`);
  },
);

// ---- payments -------------------------------------------------------------------------------

const roundingName = (cents) => (cents === 1 ? 'none (to the cent)' : `to the nearest ${cents}¢`);
const paymentLabels = { cashRoundingCents: 'Cash rounding', cashDrawerRequired: 'Cash sales need an open drawer' };

/** The payments form of the open store, for those who may change it; another store's answer is not kept. */
function showPayments(store) {
  const panel = $(PAYMENTS);
  panel.hidden = !mayChange(store);
  if (payments?.storeId !== store.id) payments = null;
  if (panel.hidden) {
    delete panel.dataset.storeId;
    return;
  }
  $('store-payments-name').textContent = store.name;
  const form = $('store-payments-form');
  clearMarks(form);
  panel.querySelector('.refusal').hidden = true;
  form.elements.namedItem('cashRoundingCents').value = payments ? String(payments.cashRoundingCents) : '';
  form.elements.namedItem('cashDrawerRequired').value = payments ? String(payments.cashDrawerRequired) : '';
  $('store-payments-facts').replaceChildren(
    ...(payments
      ? [
          ['Cash rounding', roundingName(payments.cashRoundingCents)],
          ['Cash sales need an open drawer', payments.cashDrawerRequired ? 'yes' : 'no'],
        ]
      : [['Settings now', 'not shown until saved here']]
    ).flatMap(([term, value]) => [element('dt', { textContent: term }), element('dd', { textContent: value })]),
  );
  panel.dataset.storeId = store.id;
}

/** What the form changes: each setting chosen that differs from the server's last answer. */
function paymentChanges(form) {
  const changes = {};
  const rounding = form.elements.namedItem('cashRoundingCents').value;
  const drawer = form.elements.namedItem('cashDrawerRequired').value;
  if (rounding !== '' && Number(rounding) !== payments?.cashRoundingCents) changes.cashRoundingCents = Number(rounding);
  if (drawer !== '' && (drawer === 'true') !== payments?.cashDrawerRequired) changes.cashDrawerRequired = drawer === 'true';
  return changes;
}

$('store-work-here').addEventListener('click', () => {
  // The picker's own handler reads the tab again for the chosen store.
  $('store').value = opened.id;
  $('store').dispatchEvent(new Event('change'));
});

// ---- the forms ------------------------------------------------------------------------------

/** Builds a form's fields (one list for both forms, so they cannot drift apart). */
function buildFields(form) {
  const inputs = fields.map((f) => {
    if (f.checkbox) return element('label', {}, element('input', { type: 'checkbox', name: f.name, defaultChecked: true, checked: true }), ` ${f.label}`);
    const input =
      f.name === 'jurisdiction'
        ? element('select', { name: f.name })
        : element('input', { name: f.name, size: f.size, autocomplete: 'off' });
    if (f.name === 'timezone') input.setAttribute('list', 'store-timezones');
    return element('label', {}, `${f.label} `, input);
  });
  // How pickups are handed over is changed here; a new store offers all three, as the server's default.
  const modes =
    form.id === 'store-edit-form'
      ? [
          element(
            'fieldset',
            { className: 'pickup-modes-offered' },
            element('legend', { textContent: `${OFFERED_LABEL} (the store’s pack must allow it too)` }),
            ...Object.entries(handOverModes).map(([mode, label]) =>
              element('label', {}, element('input', { type: 'checkbox', name: OFFERED, value: mode, defaultChecked: true, checked: true, disabled: mode === 'in_store' }), ` ${label}${mode === 'in_store' ? ' (always)' : ''}`),
            ),
          ),
        ]
      : [];
  form
    .querySelector('.store-fields')
    .replaceChildren(element('div', {}, ...inputs.slice(0, 4)), element('div', {}, ...inputs.slice(4, -1)), element('div', {}, ...inputs.slice(-1)), ...modes);
  const jurisdiction = form.elements.namedItem('jurisdiction');
  const timezone = form.elements.namedItem('timezone');
  jurisdiction.addEventListener('change', () => {
    const pack = packOf(jurisdiction.value);
    if (pack && form.dataset.timezoneTyped !== 'true') timezone.value = pack.timezone;
  });
  timezone.addEventListener('input', () => (form.dataset.timezoneTyped = String(timezone.value.trim() !== '')));
  form.addEventListener('reset', () => (form.dataset.timezoneTyped = 'false'));
}

/** The jurisdictions the server has packs for; a store's own stays offered even if it has none. */
async function jurisdictionOptions(form, current) {
  const options = (await jurisdictions()).map((p) => ({ value: p.jurisdiction, label: `${p.jurisdiction} · ${p.name}` }));
  if (current && !options.some((o) => o.value === current)) options.unshift({ value: current, label: current });
  fillSelect(form.elements.namedItem('jurisdiction'), options, { blank: current ? undefined : 'Choose…', selected: current || undefined });
}

/** The form's fields, trimmed, the address ones apart (only those filled in). */
function valuesOf(form) {
  const values = { address: {} };
  for (const f of fields) {
    if (f.checkbox) {
      values[f.name] = form.elements.namedItem(f.name).checked;
      continue;
    }
    const value = form.elements.namedItem(f.name).value.trim();
    if (f.address) {
      if (value !== '') values.address[f.name] = value;
    } else values[f.name] = value;
  }
  return values;
}

/** A new store: empty fields are left out, so the server names what is missing. */
function newStore({ address, ...values }) {
  const body = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
  return Object.keys(address).length > 0 ? { ...body, address } : body;
}

/**
 * What differs from the store: each field that changed, as typed (an emptied name goes, and the
 * server refuses it), and the whole address when any part of it changed (it replaces the old one).
 */
function changesTo(store, { address, ...values }) {
  const changes = Object.fromEntries(Object.entries(values).filter(([name, value]) => value !== store[name]));
  const before = Object.fromEntries(Object.entries(store.address).filter(([, value]) => value !== undefined && value !== ''));
  const sameAddress = Object.keys(before).length === Object.keys(address).length && Object.entries(address).every(([name, value]) => before[name] === value);
  return sameAddress ? changes : { ...changes, address };
}

/** The form field a refusal's path names (`body.name`, `body.address.city`, …), if the form has it. */
function fieldRefused(path) {
  if (path[0] !== 'body') return null;
  const name = path[1] === 'address' && path.length > 2 ? path[2] : path[1];
  return fields.some((f) => f.name === name) ? name : null;
}

function onStoreForm(form, panelId, work) {
  buildFields(form);
  onMarkedForm(form, panelId, { fieldFor: fieldRefused, labelOf }, work);
}

onStoreForm($('store-create-form'), CREATE, async (form) => {
  const created = await api('POST', '/v1/stores', newStore(valuesOf(form)));
  form.reset();
  $('store-result').hidden = true;
  $(STORE).hidden = false;
  const [locations] = await Promise.all([showStore(created.id), showStores()]);
  const where = locations ? ` It has its locations: ${locations.map((l) => l.name.toLowerCase()).join(', ')}.` : '';
  showResult(CREATE, `Opened ${created.name} (${created.jurisdiction}, license ${created.licenseNumber}).${where}`);
});

/** The modes ticked, in store always; sent only when they differ from the store's. */
function offeredChange(store, form) {
  const modes = [...form.querySelectorAll(`input[name=${OFFERED}]`)].filter((box) => box.value === 'in_store' || box.checked).map((box) => box.value);
  return modes.join() === store.pickupModesOffered.join() ? {} : { [OFFERED]: modes };
}

onStoreForm($('store-edit-form'), STORE, async (form) => {
  const changes = { ...changesTo(opened, valuesOf(form)), ...offeredChange(opened, form) };
  const names = Object.keys(changes).map((name) => (name === 'address' ? 'address' : name === OFFERED ? OFFERED_LABEL.toLowerCase() : labelOf(name).toLowerCase()));
  if (names.length === 0) {
    showResult(STORE, 'Nothing to save: every field is as the store has it.');
    return;
  }
  const saved = await api('PATCH', `/v1/stores/${opened.id}`, changes);
  await Promise.all([showStore(saved.id), showStores()]);
  showResult(STORE, `Saved ${saved.name}: ${names.join(', ')} changed.`);
});

onMarkedForm(
  $('store-payments-form'),
  PAYMENTS,
  { fieldFor: (path) => (path[0] === 'body' && Object.hasOwn(paymentLabels, path[1]) ? path[1] : null), labelOf: (name) => paymentLabels[name] ?? name },
  async (form) => {
    const store = opened;
    const changes = paymentChanges(form);
    if (Object.keys(changes).length === 0) {
      showResult(PAYMENTS, payments ? 'Nothing to save: the settings are as the server answered.' : 'Nothing to save: choose a cash rounding or whether cash sales need an open drawer.');
      return;
    }
    const saved = await api('PUT', `/v1/stores/${store.id}/payment-settings`, changes);
    payments = saved;
    showPayments(store);
    showResult(
      PAYMENTS,
      `Saved the payments of ${store.name}: cash rounding ${roundingName(saved.cashRoundingCents)}; cash sales ${saved.cashDrawerRequired ? 'need' : 'do not need'} an open drawer.`,
    );
  },
);

// Suggestions for the timezone fields: every IANA zone the browser knows (the server checks).
$('stores').append(
  element('datalist', { id: 'store-timezones' }, ...(Intl.supportedValuesOf?.('timeZone') ?? []).map((zone) => element('option', { value: zone }))),
);
