// Transfers between the organization's stores: a manager ships packages from the selected store to
// another one (each package from a location, the vault unless another is chosen); the goods wait
// in the sender's in-transit location, on the sender's license, until the receiving store takes
// them in, into the locations it chooses. A short arrival is received as it is: the server writes
// the difference off in transit, with a discrepancy and an alert. The server refuses what does not
// add up (more than is on hand, more received than shipped, a transfer already received), and the
// panel shows the transfer as the server answers it. A transfer shipped by mistake is cancelled by
// the sending store, with a reason, while it is still in transit: its packages go back to the
// locations they left from (the server refuses once the other store has received it).
//
// The list is the store's transfers out and in, from GET /v1/stores/:storeId/transfers; a transfer
// can also be opened by its id.

import { $, api, describeError, element } from '../shared/ui.js';
import {
  actInPanel,
  byUnit,
  catalog,
  column,
  fieldsOf,
  fillSelect,
  fillTable,
  integer,
  loadPanel,
  locationLabel,
  locationsOf,
  onClick,
  onSubmit,
  query,
  quantity,
  row,
  showResult,
  skuName,
  state,
  storeName,
  unitWord,
  when,
} from './common.js';

const SHIP = 'transfer-ship-panel';
const LIST = 'transfer-list-panel';
const PANEL = 'transfer-panel';

/** The transfer on screen (as the server last answered it). */
let transfer = null;
/** Counts the opens: an answer to an earlier one, arriving late, does not replace a later one. */
let opening = 0;

const involves = (t, storeId) => t.fromStoreId === storeId || t.toStoreId === storeId;

export function forgetTransfers() {
  transfer = null;
  opening += 1;
  $(PANEL).hidden = true;
  for (const id of ['transfer-ship-result', 'transfer-result']) $(id).hidden = true;
  $('transfer-form').reset();
  $('transfer-open-form').reset();
  $('transfer-cancel-form').reset();
  $('transfer-lines').tBodies[0].replaceChildren();
  $('transfer-list').replaceChildren();
}

export function loadTransfers() {
  return Promise.all([
    loadPanel(SHIP, fillShipForm),
    loadPanel(LIST, () => showTransferList()),
    // A transfer stays open while the selected store is one of its ends (the receiver switches to it).
    transfer && involves(transfer, state.storeId) ? openTransfer(transfer.id) : forgetOpenTransfer(),
  ]);
}

function forgetOpenTransfer() {
  transfer = null;
  opening += 1;
  $(PANEL).hidden = true;
}

// ---- shipping ---------------------------------------------------------------------------------

/**
 * The organization's other stores in this store's jurisdiction (cannabis does not cross a state
 * line; the server refuses it with TRANSFER_ACROSS_JURISDICTIONS), and this store's locations for
 * each package line.
 */
async function fillShipForm() {
  const here = state.organizationStores.find((s) => s.id === state.storeId);
  const others = state.organizationStores.filter((s) => s.id !== state.storeId && (!here || s.jurisdiction === here.jurisdiction));
  fillSelect($('transfer-to'), others.map((s) => ({ value: s.id, label: `${s.name} (${s.jurisdiction})` })), { blank: 'Choose the store' });
  const locations = await locationsOf(state.storeId);
  const lines = $('transfer-lines').tBodies[0];
  if (lines.rows.length === 0) lines.append(shipLine(locations));
  else for (const line of lines.rows) fillLineLocations(line, locations);
}

function fillLineLocations(line, locations) {
  const select = line.querySelector('[name=fromLocationCode]');
  // The server ships from the vault unless told otherwise; the vault is offered first.
  const sorted = [...locations].sort((a, b) => Number(b.code === 'vault') - Number(a.code === 'vault'));
  fillSelect(select, sorted.map((l) => ({ value: l.code, label: locationLabel(l) })));
}

/** One package line of the form: its state tag, quantity, location and what is here of it now. */
function shipLine(locations) {
  const label = element('input', { name: 'packageLabel', size: 26, autocomplete: 'off' });
  const amount = element('input', { name: 'quantity', inputMode: 'numeric', size: 8 });
  // The quantity goes to the API as typed: in milligrams for a package counted by weight.
  const unit = element('span', { className: 'muted unit' });
  const from = element('select', { name: 'fromLocationCode' });
  const here = element('span', { className: 'muted here' });
  const line = element(
    'tr',
    {},
    element('td', {}, label),
    element('td', { className: 'number' }, amount, unit),
    element('td', {}, from),
    element('td', {}, here),
    element('td', {}, element('button', { type: 'button', textContent: 'Remove', onclick: () => line.remove() })),
  );
  fillLineLocations(line, locations);
  // A location picked by hand is kept; otherwise the package's location here is chosen for it.
  from.addEventListener('change', () => (from.dataset.chosen = 'true'));
  label.addEventListener('change', () => showWhatIsHere(label.value, from, here, unit));
  return line;
}

/** Where the package is at this store and how much, to pick the location from (the server decides), and the unit its quantity is typed in. */
async function showWhatIsHere(text, from, here, unit) {
  const tag = text.trim().toUpperCase();
  here.textContent = '';
  unit.textContent = '';
  if (!tag) return;
  try {
    const pkg = await api('GET', `/v1/inventory/packages/${encodeURIComponent(tag)}`);
    unit.textContent = ` ${unitWord(pkg.unit)}`;
    const stock = pkg.stock.filter((s) => s.storeId === state.storeId && s.onHand > 0).sort((a, b) => b.onHand - a.onHand);
    here.textContent = stock.length ? stock.map((s) => `${s.locationCode} ${quantity(s.onHand, pkg.unit)}`).join(' · ') : 'none at this store';
    if (stock.length && !from.dataset.chosen && [...from.options].some((o) => o.value === stock[0].locationCode)) from.value = stock[0].locationCode;
  } catch (error) {
    here.textContent = describeError(error);
  }
}

$('transfer-add-line').addEventListener('click', () =>
  actInPanel(SHIP, async () => {
    $('transfer-lines').tBodies[0].append(shipLine(await locationsOf(state.storeId)));
  }),
);

/** The package lines typed (a state tag or a quantity), as the API takes them. */
function shipItems() {
  const items = [];
  for (const line of $('transfer-lines').tBodies[0].rows) {
    const field = (name) => line.querySelector(`[name=${name}]`).value.trim();
    if (field('packageLabel') === '' && field('quantity') === '') continue;
    items.push({ packageLabel: field('packageLabel').toUpperCase(), quantity: integer(field('quantity')), fromLocationCode: field('fromLocationCode') });
  }
  return items;
}

onSubmit($('transfer-form'), SHIP, async (form) => {
  // No destination or no line goes as it is: the server says what a transfer needs.
  const { toStoreId = '', note } = fieldsOf(form);
  const items = shipItems();
  const shipped = await api('POST', '/v1/inventory/transfers', { fromStoreId: state.storeId, toStoreId, ...(note ? { note } : {}), items });
  form.reset();
  $('transfer-lines').tBodies[0].replaceChildren(shipLine(await locationsOf(state.storeId)));
  const what = items.map((i) => `${i.packageLabel} ${quantity(i.quantity, shipped.items.find((x) => x.packageLabel === i.packageLabel)?.unit)} from ${i.fromLocationCode}`).join('; ');
  showResult(SHIP, `Shipped to ${storeName(shipped.toStoreId)}: ${what}. It is in transit until ${storeName(shipped.toStoreId)} receives it (transfer ${shipped.id}).`);
  await Promise.all([loadPanel(LIST, () => showTransferList()), openTransfer(shipped.id)]);
});

// ---- the list ---------------------------------------------------------------------------------

const PAGE = 25;
/** The last transfer of the list so far, for "Older transfers" (null when none is left). */
let olderThan = null;

const listColumns = [
  column('Shipped'),
  column('Direction'),
  column('Status'),
  column('Packages', true),
  column('Shipped', true),
  column('Received', true),
  column('Note'),
  column(''),
];

/** What the list and the panel say of a transfer's status. */
const statusText = (t) => (t.status === 'received' ? `received ${when(t.receivedAt)}` : t.status === 'cancelled' ? `cancelled ${when(t.cancelledAt)}` : 'in transit');

function listRow(t) {
  const received = t.status === 'received';
  return row(
    listColumns,
    [
      when(t.shippedAt),
      t.direction === 'outgoing' ? `to ${storeName(t.toStoreId)}` : `from ${storeName(t.fromStoreId)}`,
      statusText(t),
      String(t.lines),
      byUnit(t.shipped),
      received ? byUnit(t.received) : '—',
      t.note,
      element('button', { type: 'button', textContent: 'Open', onclick: () => openTransfer(t.id) }),
    ],
    { dataset: { transferId: t.id, status: t.status, direction: t.direction }, className: received && (t.received.each < t.shipped.each || t.received.mg < t.shipped.mg) ? 'variance' : '' },
  );
}

/** The store's transfers out and in, newest first, a page at a time (GET /v1/stores/:storeId/transfers). */
async function showTransferList(older = false) {
  const page = await api('GET', `/v1/stores/${state.storeId}/transfers${query({ limit: PAGE, after: older ? olderThan : null })}`);
  olderThan = page.nextAfter;
  const rows = page.transfers.map(listRow);
  if (older) $('transfer-list').tBodies[0].append(...rows);
  else fillTable($('transfer-list'), listColumns, rows, { empty: 'No transfer to or from this store.' });
  $('transfer-list-older').hidden = olderThan === null;
}

$('transfer-list-older').addEventListener('click', () => loadPanel(LIST, () => showTransferList(true)));

$('transfer-open-form').addEventListener('submit', (event) => {
  event.preventDefault();
  // As typed: the server says when it is not a transfer's id.
  openTransfer(event.target.elements.id.value.trim());
});

// ---- one transfer -----------------------------------------------------------------------------

function openTransfer(id) {
  const mine = ++opening;
  $(PANEL).hidden = false;
  $('transfer-result').hidden = true;
  return loadPanel(PANEL, async () => {
    const [view] = await Promise.all([api('GET', `/v1/inventory/transfers/${encodeURIComponent(id)}`), catalog()]);
    if (mine === opening) await showTransfer(view);
  });
}

const itemColumns = [column('Package'), column('SKU'), column('Shipped', true), column('Received', true), column('Into')];

/** The transfer; at the receiving store, while it is in transit, with what arrived and where it goes. */
async function showTransfer(view) {
  transfer = view;
  const receivable = view.status === 'in_transit' && view.toStoreId === state.storeId;
  // The sender may call it back until it is received.
  const cancellable = view.status === 'in_transit' && view.fromStoreId === state.storeId;
  const locations = receivable ? await locationsOf(view.toStoreId) : [];
  $('transfer-title').textContent = `Transfer from ${storeName(view.fromStoreId)} to ${storeName(view.toStoreId)} · ${view.status.replaceAll('_', ' ')}`;
  $(PANEL).dataset.transferId = view.id;
  $(PANEL).dataset.status = view.status;
  $('transfer-summary').textContent = [
    `shipped ${when(view.shippedAt)}`,
    view.receivedAt ? `received ${when(view.receivedAt)}` : null,
    view.cancelledAt ? `cancelled ${when(view.cancelledAt)}: ${view.cancelReason}` : null,
    view.note,
    `${view.items.length} package${view.items.length === 1 ? '' : 's'}`,
    `id ${view.id}`,
  ]
    .filter(Boolean)
    .join(' · ');
  const rows = view.items.map((item) =>
    row(
      itemColumns,
      [
        element('span', { className: 'mono', textContent: item.packageLabel }),
        skuName(item.skuId),
        quantity(item.quantity, item.unit),
        // What arrived is typed over what was shipped (as the API takes it: milligrams for a
        // package counted by weight); left as it is, all of it arrived.
        receivable
          ? element('span', {}, element('input', { name: 'receivedQuantity', inputMode: 'numeric', size: 8, value: String(item.quantity) }), ` ${unitWord(item.unit)}`)
          : item.receivedQuantity === null
            ? '—'
            : quantity(item.receivedQuantity, item.unit),
        receivable
          ? element(
              'select',
              { name: 'locationCode' },
              // The server receives into the vault unless told otherwise; the vault is offered first.
              ...[...locations]
                .sort((a, b) => Number(b.code === 'vault') - Number(a.code === 'vault'))
                .map((l) => element('option', { value: l.code, textContent: locationLabel(l) })),
            )
          : item.returnedToLocationCode
            ? `back to ${item.returnedToLocationCode}`
            : item.toLocationCode,
      ],
      {
        dataset: { packageLabel: item.packageLabel },
        className: item.receivedQuantity !== null && item.receivedQuantity < item.quantity ? 'variance' : '',
      },
    ),
  );
  fillTable($('transfer-items'), itemColumns, rows, { empty: 'The transfer lists no package.' });
  $('transfer-receive-actions').hidden = !receivable;
  $('transfer-cancel-form').hidden = !cancellable;
  const waiting = view.status === 'in_transit' && !receivable;
  const canSelect = state.stores.some((s) => s.id === view.toStoreId);
  $('transfer-waiting').textContent = waiting ? `In transit: ${storeName(view.toStoreId)} receives it when it arrives${canSelect ? ' (select that store to receive it here)' : ''}.` : '';
  $('transfer-waiting').hidden = !waiting;
}

/** What arrived of each package and where it goes, as the API takes it. */
function receivedItems() {
  return [...$('transfer-items').querySelectorAll('tbody tr[data-package-label]')].map((tr) => {
    const received = tr.querySelector('[name=receivedQuantity]').value.trim();
    return {
      packageLabel: tr.dataset.packageLabel,
      // Nothing typed goes as nothing: the server takes it as all of it.
      ...(received === '' ? {} : { receivedQuantity: integer(received) }),
      locationCode: tr.querySelector('[name=locationCode]').value,
    };
  });
}

onClick($('transfer-receive'), PANEL, async () => {
  const items = receivedItems();
  const view = await api('POST', `/v1/inventory/transfers/${transfer.id}/receive`, { items });
  await showTransfer(view);
  const done = view.items.map((item) => {
    const into = items.find((i) => i.packageLabel === item.packageLabel)?.locationCode ?? 'vault';
    const short = item.quantity - item.receivedQuantity;
    const amount = (value) => quantity(value, item.unit);
    return `${item.packageLabel} ${amount(item.receivedQuantity)} of ${amount(item.quantity)} into ${into}${short > 0 ? ` (${amount(short)} short: written off in transit, with a discrepancy and an alert)` : ''}`;
  });
  showResult(PANEL, `Received at ${storeName(view.toStoreId)}: ${done.join('; ')}.`);
  await loadPanel(LIST, () => showTransferList());
});

onSubmit($('transfer-cancel-form'), PANEL, async (form) => {
  // No reason goes as none: the server says a cancellation needs one.
  const { reason } = fieldsOf(form);
  const view = await api('POST', `/v1/inventory/transfers/${transfer.id}/cancel`, reason ? { reason } : {});
  form.reset();
  await showTransfer(view);
  const back = view.items.map((item) => `${item.packageLabel} ${quantity(item.quantity, item.unit)} to ${item.returnedToLocationCode}`);
  showResult(PANEL, `Cancelled the transfer to ${storeName(view.toStoreId)}: ${back.join('; ')}, back at ${storeName(view.fromStoreId)}.`);
  await loadPanel(LIST, () => showTransferList());
});
