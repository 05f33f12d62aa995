// A store's delivery vehicles: listed as the server has them, retired ones included (muted);
// added with a name, make, model and plate; corrected (a field emptied clears the make, model or
// plate, and an emptied name goes as typed, for the server to refuse); retired, or brought back.
// Every decision is the server's: a name another vehicle in service has, a vehicle out on a run
// (which keeps what its manifest and the state's filing were sent with until it is back), one being
// loaded that cannot be retired yet. A refusal is marked at the field it names, and the list is
// read again after each change the server took. Changing vehicles takes stores:manage; without it
// the list is shown with no forms.

import { $, api, element } from '../shared/ui.js';
import { actionButton, clearMarks, column, fillTable, loadPanel, onMarkedForm, row, showResult, state } from './common.js';

const PANEL = 'vehicles-panel';
const labels = { name: 'Name', make: 'Make', model: 'Model', licensePlate: 'Plate' };
const labelOf = (name) => labels[name] ?? name;

/** The vehicle whose edit form is open. */
let editing = null;

const mayChange = () => state.me?.permissions.includes('stores:manage') ?? false;
const vehiclesUrl = () => `/v1/stores/${state.storeId}/delivery-vehicles`;

export function forgetVehicles() {
  editing = null;
  $('vehicle-result').hidden = true;
  for (const form of [$('vehicle-form'), $('vehicle-edit-form')]) {
    form.reset();
    clearMarks(form);
  }
  $('vehicle-edit-form').hidden = true;
}

export function loadVehicles() {
  // Another store picked: its vehicles, and no form open on the last store's.
  if (editing && editing.storeId !== state.storeId) closeEdit();
  $('vehicle-form').hidden = !mayChange();
  return loadPanel(PANEL, showVehicles);
}

const columns = [column('Name'), column('Make'), column('Model'), column('Plate'), column('Status'), column('')];

async function showVehicles() {
  const { items } = await api('GET', `${vehiclesUrl()}?includeRetired=true`);
  fillTable($('vehicles'), columns, items.map(vehicleRow), { empty: 'This store has no delivery vehicle yet.' });
}

function vehicleRow(v) {
  const actions = mayChange()
    ? [
        element('button', { type: 'button', className: 'edit', textContent: 'Edit', onclick: () => openEdit(v) }),
        actionButton(PANEL, v.active ? 'Retire' : 'Bring back', () => setActive(v, !v.active), { className: v.active ? 'retire' : 'restore' }),
      ]
    : [];
  return row(columns, [v.name, v.make ?? '—', v.model ?? '—', v.licensePlate ?? '—', v.active ? 'in service' : 'retired', element('div', {}, ...actions)], {
    dataset: { vehicleId: v.id, active: String(v.active) },
    className: v.active ? '' : 'muted',
  });
}

async function setActive(v, active) {
  const saved = await api('PATCH', `${vehiclesUrl()}/${v.id}`, { active });
  await showVehicles();
  showResult(PANEL, saved.active ? `${saved.name} is in service again.` : `Retired ${saved.name}: it starts no run, and its name may be given to another vehicle.`);
}

// ---- correcting one ---------------------------------------------------------------------------

function openEdit(v) {
  const form = $('vehicle-edit-form');
  editing = v;
  clearMarks(form);
  $('vehicle-edit-name').textContent = v.name;
  for (const name of Object.keys(labels)) form.elements.namedItem(name).value = v[name] ?? '';
  form.hidden = false;
  form.elements.namedItem('licensePlate').focus();
}

function closeEdit() {
  editing = null;
  const form = $('vehicle-edit-form');
  form.reset();
  clearMarks(form);
  form.hidden = true;
}

/** What differs from the vehicle: an emptied make, model or plate is cleared (null), an emptied name goes as typed. */
function changesTo(v, form) {
  const changes = {};
  for (const name of Object.keys(labels)) {
    const typed = form.elements.namedItem(name).value.trim();
    const value = typed === '' && name !== 'name' ? null : typed;
    if (value !== (v[name] ?? null)) changes[name] = value;
  }
  return changes;
}

/** The form field a refusal's path names (`body.licensePlate`, …). */
const fieldRefused = (path) => (path[0] === 'body' && Object.hasOwn(labels, path[1]) ? path[1] : null);

onMarkedForm($('vehicle-edit-form'), PANEL, { fieldFor: fieldRefused, labelOf, explain: true }, async (form) => {
  const changes = changesTo(editing, form);
  if (Object.keys(changes).length === 0) {
    showResult(PANEL, 'Nothing to save: every field is as the vehicle has it.');
    return;
  }
  const saved = await api('PATCH', `${vehiclesUrl()}/${editing.id}`, changes);
  closeEdit();
  await showVehicles();
  showResult(PANEL, `Saved ${saved.name}: ${Object.keys(changes).map((name) => labelOf(name).toLowerCase()).join(', ')} changed.`);
});

$('vehicle-edit-cancel').addEventListener('click', closeEdit);

// ---- adding one -------------------------------------------------------------------------------

onMarkedForm($('vehicle-form'), PANEL, { fieldFor: fieldRefused, labelOf, explain: true }, async (form) => {
  // Empty fields are left out: the server names a missing name, and a vehicle may be added
  // without its make, model or plate (it cannot leave on a run filed with Metrc without them).
  const body = {};
  for (const name of Object.keys(labels)) {
    const typed = form.elements.namedItem(name).value.trim();
    if (typed !== '') body[name] = typed;
  }
  const created = await api('POST', vehiclesUrl(), body);
  form.reset();
  await showVehicles();
  const missing = ['make', 'model', 'licensePlate'].filter((name) => !created[name]).map((name) => labelOf(name).toLowerCase());
  showResult(PANEL, `Added ${created.name}.${missing.length > 0 ? ` Without its ${missing.join(', ')}, it cannot leave on a run the state hears of as a Metrc sales delivery.` : ''}`);
});
