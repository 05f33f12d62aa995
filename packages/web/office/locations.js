// A store's locations (vault, sales floor, a back room, …): listed as the server has them, retired
// ones included; added with a code, a name, a kind and whether stock there is offered for sale;
// renamed, made sellable or not, retired (once empty) or brought back. The locations the server
// works with by code (vault, quarantine, in transit: `required`) are not offered for retiring. The
// server refuses a code the store already has, one that is not a code, retiring a location that
// still holds stock or that the store needs, and making an in-transit or quarantine location
// sellable; the panel shows its answer and reads the list again. The other panels' location lists follow, as the
// store's locations are read again after each change.

import { $, api, element } from '../shared/ui.js';
import { actInPanel, column, fieldsOf, fillTable, loadPanel, onSubmit, row, showResult, state } from './common.js';

const PANEL = 'locations-panel';
/** Kinds the server never lets be sellable (mirrored here only to leave the button out). */
const neverSellable = ['in_transit', 'quarantine'];

export function forgetLocations() {
  $('location-result').hidden = true;
  $('location-form').reset();
}

export function loadLocations() {
  return loadPanel(PANEL, showLocations);
}

const columns = [column('Code'), column('Name'), column('Kind'), column('Sellable'), column('Status'), column('')];

/** The store's locations, every one of them, by code (the server's order). */
async function showLocations() {
  const { locations } = await api('GET', `/v1/stores/${state.storeId}/locations`);
  // What the other panels offer (moves, counts, receiving, transfers) is this list's active part.
  state.locations.set(state.storeId, locations.filter((l) => l.active));
  fillTable($('locations'), columns, locations.map(locationRow), { empty: 'This store has no location yet.' });
}

function locationRow(l) {
  const name = element('input', { className: 'location-name', value: l.name, size: 22, autocomplete: 'off' });
  const change = (body, describe) => () =>
    actInPanel(PANEL, async () => {
      const saved = await api('PATCH', `/v1/stores/${state.storeId}/locations/${l.id}`, body);
      await showLocations();
      showResult(PANEL, describe(saved));
    });
  return row(
    columns,
    [
      element('code', { textContent: l.code }),
      name,
      l.kind.replaceAll('_', ' '),
      l.sellable ? 'sellable' : 'not sellable',
      l.active ? 'active' : 'retired',
      element(
        'div',
        {},
        // The name goes as typed: the server says when it is empty.
        element('button', { type: 'button', className: 'rename', textContent: 'Rename', onclick: () => change({ name: name.value.trim() }, (s) => `Renamed ${s.code}: “${s.name}”.`)() }),
        // Stock in transit or in quarantine is never for sale (the server refuses it,
        // LOCATION_KIND_NOT_SELLABLE): such a location is not offered "Make sellable".
        ...(neverSellable.includes(l.kind) && !l.sellable
          ? []
          : [
              element('button', {
                type: 'button',
                className: 'sellable',
                textContent: l.sellable ? 'Make not sellable' : 'Make sellable',
                onclick: change({ sellable: !l.sellable }, (s) =>
                  s.sellable ? `${s.code} is sellable now: its stock counts as available to sell.` : `${s.code} is not sellable now: its stock is no longer offered for sale.`,
                ),
              }),
            ]),
        // The vault, quarantine and in transit are the store's for good (the server refuses to
        // retire them, LOCATION_REQUIRED): no Retire button, but one retired before can come back.
        ...(l.required && l.active
          ? []
          : [
              element('button', {
                type: 'button',
                className: l.active ? 'retire' : 'restore',
                textContent: l.active ? 'Retire' : 'Bring back',
                onclick: change({ active: !l.active }, (s) => (s.active ? `${s.code} is in use again.` : `Retired ${s.code}: it is no longer offered for stock.`)),
              }),
            ]),
      ),
    ],
    { dataset: { locationId: l.id, locationCode: l.code, sellable: String(l.sellable), active: String(l.active), required: String(l.required) }, className: l.active ? '' : 'muted' },
  );
}

onSubmit($('location-form'), PANEL, async (form) => {
  // Code and name go as typed (empty ones left out): the server names what is wrong with them.
  const { code, name, kind } = fieldsOf(form);
  const created = await api('POST', `/v1/stores/${state.storeId}/locations`, { code, name, kind, sellable: form.elements.sellable.checked });
  await showLocations();
  form.reset();
  showResult(PANEL, `Added ${created.code} (“${created.name}”, ${created.kind.replaceAll('_', ' ')}), ${created.sellable ? 'sellable' : 'not sellable'}.`);
});
