// The Staff tab: the organization's people (role, stores, active, whether they have a register
// PIN), opened to change their name, role, stores, password or PIN, or to deactivate and
// reactivate them, with a driver's state credentials for Metrc deliveries (the licence number is
// write-only: only its hint comes back); people added with their role, stores, password and PIN;
// the registers of the store in the picker, listed and added; and the organization's API keys,
// listed, created (the key shown once, as the server answers it) and revoked. Each panel is offered
// to the roles whose permissions it needs (staff:read and staff:manage, traceability:read and
// :manage, pos:sell and pos:manage, apikeys:manage); granting anything needs the acting person's own
// password, which the server checks. Every decision is the server's: a refusal is shown with its
// reason, the field it names is marked, and the lists are read again after a change it took.

import { $, api, element } from '../shared/ui.js';
import { actInPanel, clearMarks, column, fillTable, folded, loadPanel, onMarkedForm, person, row, showResult, state, storeName, when } from './common.js';

const LIST = 'staff-list-panel';
const PERSON = 'staff-person-panel';
const CREDENTIALS = 'staff-credentials-panel';
const CREATE = 'staff-create-panel';
const REGISTERS = 'staff-registers-panel';
const KEYS = 'staff-keys-panel';

/** The roles the API takes (POST /v1/staff's `role`), as the screen says them. */
const roleWords = { owner: 'owner', manager: 'manager', budtender: 'budtender', inventory_manager: 'inventory manager', driver: 'driver', auditor: 'auditor' };

/** What each form's fields are called on the screen, to name them in a refusal. */
const labels = {
  name: 'Name',
  email: 'E-mail',
  role: 'Role',
  storeIds: 'Works in',
  active: 'Active',
  password: 'Password',
  pin: 'PIN',
  currentPassword: 'Your own password',
  employeeId: 'Employee id',
  driversLicenseNumber: 'Driver’s licence number',
  scopes: 'Permissions',
};

/** The people as the server last listed them. */
let people = [];
/** The person whose panel is open, as the server last answered. */
let opened = null;
/** The API keys as last listed, and the one a revoke waits to be confirmed for. */
let keys = [];
let revoking = null;

const may = (permission) => state.me?.permissions.includes(permission) ?? false;
const roleName = (role) => roleWords[role] ?? role;
const storesText = (storeIds) => (storeIds.length === 0 ? 'every store' : storeIds.map(storeName).join(', '));

export function forgetStaff() {
  people = [];
  opened = null;
  keys = [];
  revoking = null;
  for (const id of [PERSON, CREDENTIALS]) $(id).hidden = true;
  delete $(PERSON).dataset.staffId;
  delete $(CREDENTIALS).dataset.staffId;
  for (const id of ['staff-person-result', 'staff-credentials-result', 'staff-create-result', 'register-create-result', 'api-key-result', 'api-key-revoke-confirm']) $(id).hidden = true;
  for (const form of ['staff-edit-form', 'staff-credentials-form', 'staff-create-form', 'register-create-form', 'api-key-create-form']) {
    $(form).reset();
    clearMarks($(form));
  }
  hideSecret();
}

/** The tab, read afresh; a key shown once is not shown again. */
export function loadStaff() {
  hideSecret();
  $('api-key-revoke-confirm').hidden = true;
  $(CREATE).hidden = !may('staff:manage');
  $(REGISTERS).hidden = !may('pos:sell');
  // API keys act in every store: the server lets only staff of every store make or list them.
  const mayKeys = may('apikeys:manage') && state.me.storeIds.length === 0;
  $(KEYS).hidden = !mayKeys;
  return Promise.all([
    loadPanel(LIST, showPeople),
    may('staff:manage') ? loadPanel(CREATE, () => prepareCreateForm()) : null,
    opened ? loadPanel(PERSON, () => showPerson(opened.id)) : null,
    may('pos:sell') ? loadPanel(REGISTERS, showRegisters) : null,
    mayKeys ? loadPanel(KEYS, showKeys) : null,
  ]);
}

// ---- people -----------------------------------------------------------------------------------

const PEOPLE_COLUMNS = [column('Name'), column('E-mail'), column('Role'), column('Works in'), column('Active'), column('PIN'), column('')];

async function showPeople() {
  const { staff } = await api('GET', '/v1/staff');
  people = staff;
  // The "by" columns of the other tabs name people from here, so someone added is named at once.
  state.people = new Map(staff.map((s) => [s.id, s.name]));
  const sorted = [...staff].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
  const rows = sorted.map((s) =>
    row(
      PEOPLE_COLUMNS,
      [
        s.name,
        s.email,
        roleName(s.role),
        storesText(s.storeIds),
        s.active ? 'yes' : 'no (deactivated)',
        s.hasPin ? 'set' : 'none',
        element('button', { type: 'button', className: 'open', textContent: 'Open', onclick: () => openPerson(s.id) }),
      ],
      { dataset: { staffId: s.id, email: s.email }, className: [s.id === opened?.id ? 'current' : '', s.active ? '' : 'muted'].filter(Boolean).join(' ') },
    ),
  );
  fillTable($('staff-list'), PEOPLE_COLUMNS, rows, { empty: 'Nobody yet.' });
}

function openPerson(id) {
  $('staff-person-result').hidden = true;
  $('staff-credentials-result').hidden = true;
  // Until this person is read, nothing of the last one is shown as if it were theirs.
  delete $(PERSON).dataset.staffId;
  delete $(CREDENTIALS).dataset.staffId;
  $(CREDENTIALS).hidden = true;
  $(PERSON).hidden = false;
  $(PERSON).scrollIntoView({ block: 'start' });
  return loadPanel(PERSON, () => showPerson(id));
}

/** Reads a person (the list is the only read the API has) and shows them, their form and their credentials. */
async function showPerson(id) {
  const { staff } = await api('GET', '/v1/staff');
  people = staff;
  const found = staff.find((s) => s.id === id);
  if (!found) throw Object.assign(new Error('This person is no longer listed.'), { code: 'NOT_FOUND' });
  opened = found;
  $('staff-person-title').textContent = found.name;
  const facts = [
    ['E-mail', found.email],
    ['Role', roleName(found.role)],
    ['Works in', storesText(found.storeIds)],
    ['Active', found.active ? 'yes: may sign in' : 'no: deactivated, cannot sign in or switch in'],
    ['Register PIN', found.hasPin ? 'set' : 'none'],
    ['Id', found.id],
  ];
  $('staff-person-facts').replaceChildren(...facts.flatMap(([term, value]) => [element('dt', { textContent: term }), element('dd', { textContent: value, dataset: { fact: term } })]));
  for (const tr of $('staff-list').querySelectorAll('tr[data-staff-id]')) tr.classList.toggle('current', tr.dataset.staffId === found.id);

  const form = $('staff-edit-form');
  form.hidden = !may('staff:manage') || !mayChangePerson(found);
  if (!form.hidden) fillEditForm(form, found);
  await showCredentials(found);
  // Set last: the panel shows this person whole from here on.
  $(PERSON).dataset.staffId = found.id;
  return found;
}

/**
 * Whether the signed-in person may change this one, as the server judges it (assertMayManage): an
 * owner only by an owner, and someone limited to some stores only people limited to those stores.
 * The server decides; this only spares a form it would refuse.
 */
function mayChangePerson(person) {
  if (person.role === 'owner' && state.me.role !== 'owner') return false;
  const mine = state.me.storeIds;
  return mine.length === 0 || (person.storeIds.length > 0 && person.storeIds.every((id) => mine.includes(id)));
}

/**
 * The roles a form offers, `selected` chosen (else a budtender): an owner is made only by an owner
 * (the server refuses anyone else), though an owner's own role stays shown as theirs (`held`).
 */
function roleOptions(select, selected, held) {
  const offered = Object.keys(roleWords).filter((r) => r !== 'owner' || state.me.role === 'owner' || r === held);
  // A form reset goes back to a budtender, the role most people added have.
  select.replaceChildren(...offered.map((r) => element('option', { value: r, textContent: roleName(r), defaultSelected: r === 'budtender' })));
  select.value = offered.includes(selected) ? selected : 'budtender';
}

/** The organization's stores as ticks (none ticked: every store); those given are ticked. */
function storeChoices(form, ticked) {
  const fieldset = form.querySelector('.staff-stores');
  const legend = fieldset.querySelector('legend');
  const stores = state.organizationStores.length ? state.organizationStores : state.stores;
  fieldset.replaceChildren(
    legend,
    ...stores.map((s) => element('label', {}, element('input', { type: 'checkbox', name: 'store', value: s.id, checked: ticked.includes(s.id) }), ` ${s.name}`)),
  );
}

const tickedStores = (form) => [...form.querySelectorAll('input[name=store]:checked')].map((input) => input.value);

function fillEditForm(form, found) {
  form.reset();
  clearMarks(form);
  form.elements.namedItem('name').value = found.name;
  roleOptions(form.elements.namedItem('role'), found.role, found.role);
  storeChoices(form, found.storeIds);
  form.elements.namedItem('active').checked = found.active;
  form.querySelector('.staff-remove-pin').hidden = !found.hasPin;
}

const sameStores = (a, b) => a.length === b.length && [...a].sort().every((id, i) => id === [...b].sort()[i]);

/**
 * What differs from the person: a changed name, role, stores or active, and a new password or
 * PIN when one is typed (the name and secrets as typed: the server judges them).
 */
function changesTo(found, form) {
  const value = (name) => form.elements.namedItem(name).value;
  const changes = {};
  if (value('name').trim() !== found.name) changes.name = value('name');
  if (value('role') !== found.role) changes.role = value('role');
  const stores = tickedStores(form);
  if (!sameStores(stores, found.storeIds)) changes.storeIds = stores;
  const active = form.elements.namedItem('active').checked;
  if (active !== found.active) changes.active = active;
  if (value('password') !== '') changes.password = value('password');
  if (value('pin').trim() !== '') changes.pin = value('pin').trim();
  else if (form.elements.namedItem('removePin').checked && found.hasPin) changes.pin = null;
  return changes;
}

function changesInWords(changes) {
  return [
    changes.name !== undefined && `name ${changes.name.trim()}`,
    changes.role !== undefined && `role ${roleName(changes.role)}`,
    changes.storeIds !== undefined && `works in ${storesText(changes.storeIds)}`,
    changes.active === false && 'deactivated (signed out everywhere)',
    changes.active === true && 'reactivated',
    changes.password !== undefined && 'new password',
    typeof changes.pin === 'string' && 'new PIN',
    changes.pin === null && 'PIN removed',
  ].filter(Boolean);
}

onForm($('staff-edit-form'), PERSON, async (form) => {
  const changes = changesTo(opened, form);
  if (Object.keys(changes).length === 0) {
    showResult(PERSON, 'Nothing to save: every field is as the person has it.');
    return;
  }
  const confirmation = form.elements.namedItem('currentPassword').value;
  const saved = await api('PATCH', `/v1/staff/${opened.id}`, { ...changes, ...(confirmation ? { currentPassword: confirmation } : {}) });
  await Promise.all([showPerson(saved.id), showPeople()]);
  showResult(PERSON, `Saved ${saved.name}: ${changesInWords(changes).join(', ')}.`);
});

// ---- a driver's state credentials ---------------------------------------------------------------

/**
 * The person's state credentials, for those who may read them: shown for a driver, or for anyone
 * who has some set. The licence number never comes back, only its last characters.
 */
async function showCredentials(found) {
  if (!may('traceability:read')) {
    $(CREDENTIALS).hidden = true;
    return;
  }
  $(CREDENTIALS).hidden = found.role !== 'driver';
  await loadPanel(CREDENTIALS, async () => {
    const credentials = await api('GET', `/v1/staff/${found.id}/state-credentials`);
    $(CREDENTIALS).hidden = found.role !== 'driver' && credentials.employeeId === null;
    const facts = [
      ['Employee id', credentials.employeeId ?? 'not set'],
      ['Driver’s licence', credentials.driversLicenseHint ? `on file (ends ${credentials.driversLicenseHint.replace(/^…/, '')})` : 'not set'],
      ['Set', credentials.updatedAt ? when(credentials.updatedAt) : '—'],
    ];
    $('staff-credentials-facts').replaceChildren(...facts.flatMap(([term, value]) => [element('dt', { textContent: term }), element('dd', { textContent: value, dataset: { fact: term } })]));
    const form = $('staff-credentials-form');
    form.hidden = !may('traceability:manage') || !mayChangePerson(found);
    clearMarks(form);
    form.elements.namedItem('employeeId').value = credentials.employeeId ?? '';
    form.elements.namedItem('driversLicenseNumber').value = '';
    $(CREDENTIALS).dataset.staffId = found.id;
  });
}

onForm($('staff-credentials-form'), CREDENTIALS, async (form) => {
  const driver = opened;
  // As typed: the server says what is missing.
  await api('PUT', `/v1/staff/${driver.id}/state-credentials`, {
    employeeId: form.elements.namedItem('employeeId').value,
    driversLicenseNumber: form.elements.namedItem('driversLicenseNumber').value,
  });
  await showCredentials(driver);
  showResult(CREDENTIALS, `Set ${driver.name}’s state credentials; the licence number is sealed and not shown again.`);
});

// ---- adding a person ----------------------------------------------------------------------------

function prepareCreateForm() {
  const form = $('staff-create-form');
  const role = form.elements.namedItem('role');
  roleOptions(role, role.value);
  storeChoices(form, tickedStores(form));
}

onForm($('staff-create-form'), CREATE, async (form) => {
  const value = (name) => form.elements.namedItem(name).value;
  const stores = tickedStores(form);
  // Empty fields are left out, so the server names what is missing; the passwords go as typed.
  const body = {
    ...(value('name').trim() ? { name: value('name') } : {}),
    ...(value('email').trim() ? { email: value('email').trim() } : {}),
    role: value('role'),
    ...(value('password') ? { password: value('password') } : {}),
    ...(value('pin').trim() ? { pin: value('pin').trim() } : {}),
    ...(stores.length ? { storeIds: stores } : {}),
    ...(value('currentPassword') ? { currentPassword: value('currentPassword') } : {}),
  };
  const created = await api('POST', '/v1/staff', body);
  form.reset();
  prepareCreateForm();
  await showPeople();
  showResult(
    CREATE,
    `Added ${created.name} (${roleName(created.role)}, ${storesText(created.storeIds)})${created.hasPin ? ' with a register PIN' : ''}. They sign in as ${created.email} with the password you gave.`,
  );
});

// ---- registers of the store in the picker -------------------------------------------------------

const REGISTER_COLUMNS = [column('Name'), column('Active'), column('Drawer')];

async function showRegisters() {
  $('staff-registers-store').textContent = storeName(state.storeId);
  $('register-create-form').hidden = !may('pos:manage');
  const { items } = await api('GET', `/v1/stores/${state.storeId}/registers`);
  const rows = items.map((r) =>
    row(REGISTER_COLUMNS, [r.name, r.active ? 'yes' : 'switched off', r.openSession ? `open since ${when(r.openSession.openedAt)} by ${person(r.openSession.openedBy)}` : 'closed'], {
      dataset: { registerId: r.id, name: r.name },
    }),
  );
  fillTable($('register-list'), REGISTER_COLUMNS, rows, { empty: 'This store has no register yet.' });
}

onForm($('register-create-form'), REGISTERS, async (form) => {
  const storeId = state.storeId;
  const name = form.elements.namedItem('name').value;
  const created = await api('POST', `/v1/stores/${storeId}/registers`, name.trim() ? { name } : {});
  form.reset();
  await showRegisters();
  showResult(REGISTERS, `Added ${created.name} to ${storeName(created.storeId)}. Its drawer is opened at the register.`);
});

// ---- API keys -----------------------------------------------------------------------------------

const KEY_COLUMNS = [column('Name'), column('Key starts'), column('Permissions'), column('Created'), column('Last used'), column('Status'), column('')];

async function showKeys() {
  const { apiKeys } = await api('GET', '/v1/api-keys');
  keys = apiKeys;
  const newestFirst = [...apiKeys].sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt));
  const rows = newestFirst.map((k) =>
    row(
      KEY_COLUMNS,
      [
        k.name,
        element('code', { textContent: `vk_${k.prefix}_…` }),
        folded('permission', k.scopes.map((scope) => element('li', { textContent: scope })), false),
        when(k.createdAt),
        k.lastUsedAt ? when(k.lastUsedAt) : 'never',
        k.revokedAt ? `revoked ${when(k.revokedAt)}` : 'active',
        k.revokedAt ? '' : element('button', { type: 'button', className: 'revoke', textContent: 'Revoke…', onclick: () => askToRevoke(k) }),
      ],
      { dataset: { keyId: k.id, prefix: k.prefix }, className: k.revokedAt ? 'muted' : '' },
    ),
  );
  fillTable($('api-key-list'), KEY_COLUMNS, rows, { empty: 'No API key yet.' });
  scopeChoices();
}

/** The permissions a key may hold: the caller's own (the server refuses any other). */
function scopeChoices() {
  const form = $('api-key-create-form');
  const fieldset = form.querySelector('.staff-scopes');
  const ticked = new Set([...fieldset.querySelectorAll('input:checked')].map((input) => input.value));
  fieldset.replaceChildren(
    fieldset.querySelector('legend'),
    ...state.me.permissions.map((p) => element('label', {}, element('input', { type: 'checkbox', name: 'scope', value: p, checked: ticked.has(p) }), ` ${p}`)),
  );
}

function askToRevoke(key) {
  revoking = key;
  $('api-key-revoke-text').textContent = `Revoke ${key.name} (vk_${key.prefix}_…)? Whatever calls the API with it is refused from now on, and it cannot be turned back on.`;
  $('api-key-revoke-confirm').hidden = false;
  $('api-key-revoke-yes').focus();
}

$('api-key-revoke-no').addEventListener('click', () => {
  revoking = null;
  $('api-key-revoke-confirm').hidden = true;
});

$('api-key-revoke-yes').addEventListener('click', () =>
  actInPanel(KEYS, async () => {
    $('api-key-revoke-confirm').hidden = true;
    const key = revoking;
    revoking = null;
    const revoked = await api('DELETE', `/v1/api-keys/${key.id}`);
    await showKeys();
    showResult(KEYS, `Revoked ${revoked.name} (vk_${revoked.prefix}_…) at ${when(revoked.revokedAt)}.`);
  }),
);

onForm($('api-key-create-form'), KEYS, async (form) => {
  hideSecret();
  const name = form.elements.namedItem('name').value;
  const confirmation = form.elements.namedItem('currentPassword').value;
  const scopes = [...form.querySelectorAll('input[name=scope]:checked')].map((input) => input.value);
  const created = await api('POST', '/v1/api-keys', {
    ...(name.trim() ? { name } : {}),
    scopes,
    ...(confirmation ? { currentPassword: confirmation } : {}),
  });
  form.reset();
  await showKeys();
  showSecret(created);
  showResult(KEYS, `Created ${created.name} with ${created.scopes.length} permission${created.scopes.length === 1 ? '' : 's'}.`);
});

/** The key as the server answered it, once: nothing keeps it after the box is closed. */
function showSecret(created) {
  $('api-key-secret-name').textContent = created.name;
  const input = $('api-key-secret-value');
  input.value = created.key;
  $('api-key-secret').hidden = false;
  input.focus();
  input.select();
}

function hideSecret() {
  $('api-key-secret-value').value = '';
  $('api-key-secret-name').textContent = '';
  $('api-key-secret').hidden = true;
}

$('api-key-secret-done').addEventListener('click', hideSecret);
$('api-key-secret-value').addEventListener('focus', (event) => event.target.select());

// ---- refusals at their fields -------------------------------------------------------------------

/** A form whose submission is an action of its panel, its refusal shown at the fields under `body` it names. */
function onForm(form, panelId, work) {
  onMarkedForm(form, panelId, { fieldFor: (path) => (path[0] === 'body' && typeof path[1] === 'string' ? path[1] : null), labelOf: (name) => labels[name] ?? name }, work);
}
