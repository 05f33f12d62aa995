// What a manager changes on one package at the selected store: its quantity (a correction or a
// theft/loss, with a reason), its location, its status (hold, quarantine, release) and its
// destruction, which a second staff member witnesses with their PIN. The server decides each one
// (the role, stock below zero, the witness); the panel shows its answer, and the package is read
// again so its stock and ledger show the movement the server booked.

import { $, api } from '../shared/ui.js';
import { fieldsOf, fillSelect, integer, loadPanel, locationLabel, locationsOf, onSubmit, quantity, showResult, signed, state, storeName, unitWord } from './common.js';

const PANEL = 'package-actions-panel';

/** The package the forms act on, and how to read it again after a change. */
let current = null;

/** Hides the forms: no package is looked up (or another is being looked up). */
export function forgetPackageActions() {
  current = null;
  $(PANEL).hidden = true;
  $('package-action-result').hidden = true;
  for (const form of $(PANEL).querySelectorAll('form')) form.reset();
}

/** Shows the forms for this package at the selected store; `reload` reads the package again. */
export async function showPackageActions(pkg, reload) {
  const same = current?.pkg.label === pkg.label && current.storeId === state.storeId;
  current = { pkg, reload, storeId: state.storeId };
  if (!same) $('package-action-result').hidden = true;
  $(PANEL).hidden = false;
  $('package-actions-store').textContent = storeName(state.storeId);
  for (const span of $(PANEL).querySelectorAll('.package-unit')) span.textContent = unitWord(pkg.unit);
  await loadPanel(PANEL, async () => {
    const [locations, witnesses] = await Promise.all([locationsOf(state.storeId), api('GET', `/v1/auth/pin/staff?storeId=${state.storeId}`)]);
    const here = new Map(pkg.stock.filter((s) => s.storeId === state.storeId).map((s) => [s.locationCode, s]));
    // Where the package is first (that is what one adjusts, moves or destroys), with what is there.
    const withStock = [...locations].sort((a, b) => Number(here.has(b.code)) - Number(here.has(a.code)));
    const options = withStock.map((l) => ({
      value: l.code,
      label: here.has(l.code) ? `${locationLabel(l)}: ${quantity(here.get(l.code).onHand, pkg.unit)} on hand` : locationLabel(l),
    }));
    for (const select of $(PANEL).querySelectorAll('select.package-locations')) fillSelect(select, options, { selected: same ? undefined : options[0]?.value });
    for (const select of $(PANEL).querySelectorAll('select.store-locations')) fillSelect(select, locations.map((l) => ({ value: l.code, label: locationLabel(l) })));
    // Who can witness: active staff with a PIN at this store (the list the register's PIN pad uses).
    fillSelect(
      $('destroy-witness'),
      witnesses.staff.map((s) => ({ value: s.id, label: `${s.name} (${s.role})` })),
      { blank: 'Choose the witness' },
    );
  });
}

/** Stock of the package at a location of the selected store, from a package the server returned. */
function onHandAt(pkg, locationCode) {
  const stock = pkg.stock.find((s) => s.storeId === current.storeId && s.locationCode === locationCode);
  return quantity(stock?.onHand ?? 0, pkg.unit);
}

/** Sends one change of the package; the answer is shown and the package read again. */
async function change(method, path, body, describe) {
  const { pkg, reload } = current;
  const answer = await api(method, path, body);
  showResult(PANEL, describe(answer, pkg));
  await reload();
}

const storePath = (action) => `/v1/stores/${current.storeId}/packages/${encodeURIComponent(current.pkg.label)}/${action}`;

onSubmit($('adjust-form'), PANEL, async (form) => {
  const fields = fieldsOf(form);
  const body = { ...fields, delta: integer(fields.delta) };
  await change('POST', storePath('adjust'), body, (answer) =>
    `Adjusted by ${signed(body.delta, answer.unit)} at ${body.locationCode} (${body.reasonCode}): ${onHandAt(answer, body.locationCode)} on hand there now.`,
  );
  form.elements.delta.value = '';
  form.elements.note.value = '';
});

onSubmit($('move-form'), PANEL, async (form) => {
  const fields = fieldsOf(form);
  const body = { ...fields, quantity: integer(fields.quantity) };
  await change('POST', storePath('move'), body, (answer) =>
    `Moved ${quantity(body.quantity, answer.unit)} from ${body.fromLocationCode} (${onHandAt(answer, body.fromLocationCode)} left) to ${body.toLocationCode} (${onHandAt(answer, body.toLocationCode)} there now).`,
  );
  form.elements.quantity.value = '';
});

onSubmit($('status-form'), PANEL, async (form) => {
  const body = fieldsOf(form);
  await change('POST', `/v1/inventory/packages/${encodeURIComponent(current.pkg.label)}/status`, body, (answer) =>
    `The package is ${answer.status.replaceAll('_', ' ')} now${answer.statusReason ? ` (${answer.statusReason})` : ''}.`,
  );
  form.elements.reason.value = '';
});

onSubmit($('destroy-form'), PANEL, async (form) => {
  const fields = fieldsOf(form);
  const body = { ...fields, quantity: integer(fields.quantity) };
  const witness = form.elements.witnessId.selectedOptions[0]?.textContent;
  try {
    await change('POST', storePath('destroy'), body, (answer) =>
      `Destroyed ${quantity(body.quantity, answer.unit)} at ${body.locationCode} (${body.method.replaceAll('_', ' ')}), witnessed by ${witness}: ${onHandAt(answer, body.locationCode)} left there.`,
    );
  } finally {
    // A PIN is not left in the page, whatever the server answered.
    form.elements.witnessPin.value = '';
  }
  form.elements.quantity.value = '';
  form.elements.note.value = '';
});
