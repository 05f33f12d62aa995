// Receiving: an incoming manifest is opened, each package on it counted and accepted into a
// location (the vault unless another is chosen) or rejected with a reason, and the manifest
// closed, which marks what never came as not received. The server books the receipts, records
// short, over and damaged counts as discrepancies, and refuses what does not add up (more damaged
// than counted, a closed manifest); the panel shows the manifest as the server answers it.
// A manifest that came on paper or by e-mail is entered here, one line per package (state tag,
// SKU, unit, expected quantity, batch), by those who may receive; a refusal is shown at its line.

import { $, api, element } from '../shared/ui.js';
import {
  actInPanel,
  catalog,
  column,
  fieldsOf,
  fillTable,
  integer,
  loadPanel,
  locationsOf,
  onClick,
  onMarkedForm,
  pagedTable,
  person,
  quantity,
  row,
  showResult,
  skuName,
  skuOptions,
  state,
  stockUnit,
  unitWord,
  when,
} from './common.js';

const PANEL = 'manifest-panel';
const CREATE = 'manifest-create-panel';

/** The manifest on screen (as the server last answered it). */
let manifest = null;

export function forgetReceiving() {
  manifest = null;
  $('manifest-create-form').reset();
  $('manifest-create-lines').tBodies[0].replaceChildren();
  $('manifest-create-result').hidden = true;
  $(PANEL).hidden = true;
  $('manifest-result').hidden = true;
  $('manifest-list-status').value = '';
}

export function loadReceiving() {
  const mayReceive = state.me.permissions.includes('inventory:receive');
  $(CREATE).hidden = !mayReceive;
  return Promise.all([
    loadPanel('manifest-list-panel', () => showManifestList()),
    mayReceive ? loadPanel(CREATE, () => prepareManifestForm()) : null,
    manifest && manifest.storeId === state.storeId ? openManifest(manifest.id) : forgetOpenManifest(),
  ]);
}

function forgetOpenManifest() {
  manifest = null;
  $(PANEL).hidden = true;
}

const listColumns = [
  column('Manifest'),
  column('Supplier'),
  column('Entered'),
  column('Status'),
  column('Waiting', true),
  column('Accepted', true),
  column('Rejected', true),
  column('Not received', true),
  column('Items', true),
  column('Discrepancies', true),
  column(''),
];

const manifestList = pagedTable({
  table: 'manifest-list',
  more: 'manifest-list-older',
  columns: listColumns,
  key: 'manifests',
  empty: 'No manifest with that status at this store.',
  toRow: (m) =>
    row(
      listColumns,
      [
        m.number,
        [m.supplierName, m.supplierLicense].filter(Boolean).join(' · ') || m.source,
        when(m.createdAt),
        m.closedAt ? `closed ${when(m.closedAt)} by ${person(m.closedBy)}` : m.status,
        String(m.itemCounts.pending),
        String(m.itemCounts.accepted),
        String(m.itemCounts.rejected),
        String(m.itemCounts.notReceived),
        String(m.itemCounts.total),
        String(m.discrepancies),
        element('button', { type: 'button', textContent: 'Open', onclick: () => openManifest(m.id) }),
      ],
      { dataset: { manifestId: m.id, status: m.status } },
    ),
});

/** This store's manifests, newest first, as the server lists them (25 at a time). */
function showManifestList(older = false) {
  return manifestList(`/v1/stores/${state.storeId}/manifests`, { status: $('manifest-list-status').value, limit: 25 }, older);
}

$('manifest-list-status').addEventListener('change', () => loadPanel('manifest-list-panel', () => showManifestList()));
$('manifest-list-older').addEventListener('click', () => loadPanel('manifest-list-panel', () => showManifestList(true)));

// ---- entering a manifest ---------------------------------------------------------------------

/** The form with at least one line, its SKU lists filled from the catalog. */
async function prepareManifestForm() {
  const lines = $('manifest-create-lines').tBodies[0];
  if (lines.rows.length === 0) lines.append(manifestLine());
  await Promise.all([...lines.rows].map((line) => fillLineSkus(line)));
}

async function fillLineSkus(line) {
  const select = line.querySelector('[name=skuId]');
  const chosen = select.value;
  await skuOptions(select, { blank: 'Choose the SKU' });
  if (chosen) select.value = chosen;
}

const lineInput = (name, props = {}) => element('input', { name, autocomplete: 'off', ...props });

/** One package of the manifest: its state tag, SKU, unit, expected quantity, batch and expiry. */
function manifestLine() {
  const unit = element('select', { name: 'unit' }, element('option', { value: 'each', textContent: 'units' }), element('option', { value: 'mg', textContent: 'mg (by weight)' }));
  // A SKU is stocked in one unit (the server refuses another, UNIT_MISMATCH): choosing it sets it.
  const sku = element('select', {
    name: 'skuId',
    onchange: async () => {
      const chosen = (await catalog()).get(sku.value);
      if (chosen) unit.value = stockUnit(chosen);
    },
  });
  const line = element(
    'tr',
    {},
    element('td', {}, lineInput('packageLabel', { size: 24 })),
    element('td', {}, sku),
    element('td', {}, unit),
    element('td', { className: 'number' }, lineInput('expectedQuantity', { inputMode: 'numeric', size: 8 })),
    element('td', {}, lineInput('batchCode', { size: 12 })),
    element('td', {}, lineInput('producerLicense', { size: 16 })),
    element('td', {}, lineInput('expiresOn', { type: 'date' })),
    element('td', {}, element('button', { type: 'button', textContent: 'Remove', onclick: () => line.remove() })),
  );
  return line;
}

$('manifest-create-add-line').addEventListener('click', () =>
  actInPanel(CREATE, async () => {
    const line = manifestLine();
    $('manifest-create-lines').tBodies[0].append(line);
    await fillLineSkus(line);
  }),
);

/** The lines typed, as the API takes them (an empty line is left out; a half-typed one goes, and the server names what it lacks). */
function manifestItems() {
  const items = [];
  for (const line of $('manifest-create-lines').tBodies[0].rows) {
    const field = (name) => line.querySelector(`[name=${name}]`).value.trim();
    if (['packageLabel', 'skuId', 'expectedQuantity', 'batchCode', 'producerLicense'].every((name) => field(name) === '')) continue;
    items.push({
      line,
      item: {
        packageLabel: field('packageLabel').toUpperCase(),
        skuId: field('skuId'),
        unit: field('unit'),
        expectedQuantity: integer(field('expectedQuantity')),
        batch: { code: field('batchCode'), producerLicense: field('producerLicense') },
        ...(field('expiresOn') ? { expiresOn: field('expiresOn') } : {}),
      },
    });
  }
  return items;
}

/** The manifest's field or the line's control a refusal's path names (`body.items.2.batch.code`, …). */
function manifestFieldFor(typed) {
  return (path) => {
    if (path[0] !== 'body') return null;
    if (path[1] !== 'items' || typeof path[2] !== 'number') return typeof path[1] === 'string' ? path[1] : null;
    const line = typed[path[2]]?.line;
    if (!line) return null;
    const name = path[3] === 'batch' ? (path[4] === 'producerLicense' ? 'producerLicense' : 'batchCode') : path[3];
    return line.querySelector(`[name=${name}]`) ?? line.querySelector('[name=packageLabel]');
  };
}

const manifestLabels = { number: 'Manifest number', supplierName: 'Supplier', supplierLicense: 'Supplier’s license', items: 'Packages' };

let typedLines = [];
onMarkedForm(
  $('manifest-create-form'),
  CREATE,
  {
    fieldFor: (path) => manifestFieldFor(typedLines)(path),
    labelOf: (field) => (typeof field === 'string' ? (manifestLabels[field] ?? field) : `line ${typedLines.findIndex((t) => t.line.contains(field)) + 1}`),
  },
  async (form) => {
    const { number, supplierName, supplierLicense } = fieldsOf(form);
    typedLines = manifestItems();
    const entered = await api('POST', `/v1/stores/${state.storeId}/manifests`, {
      number,
      ...(supplierName ? { supplierName } : {}),
      ...(supplierLicense ? { supplierLicense } : {}),
      items: typedLines.map((t) => t.item),
    });
    form.reset();
    $('manifest-create-lines').tBodies[0].replaceChildren();
    await prepareManifestForm();
    showResult(CREATE, `Manifest ${entered.number} entered with ${entered.items.length} package${entered.items.length === 1 ? '' : 's'}: count and accept them below.`);
    await Promise.all([loadPanel('manifest-list-panel', () => showManifestList()), openManifest(entered.id)]);
  },
);

// ---- a manifest -------------------------------------------------------------------------------

function openManifest(id) {
  $(PANEL).hidden = false;
  $('manifest-result').hidden = true;
  return loadPanel(PANEL, async () => {
    const [view, locations] = await Promise.all([api('GET', `/v1/stores/${state.storeId}/manifests/${encodeURIComponent(id)}`), locationsOf(state.storeId)]);
    showManifest(view, locations);
  });
}

const itemColumns = [
  column('Package'),
  column('SKU'),
  column('Expected', true),
  column('Status'),
  column('Counted', true),
  column('Damaged', true),
  column('Accepted', true),
  column('Decision'),
  column('Into'),
  column('Reason'),
];

function showManifest(view, locations) {
  manifest = view;
  const open = view.status === 'open';
  $('manifest-title').textContent = `Manifest ${view.number} · ${view.status}`;
  $(PANEL).dataset.manifestId = view.id;
  $(PANEL).dataset.status = view.status;
  $('manifest-summary').textContent = [
    [view.supplierName, view.supplierLicense].filter(Boolean).join(' · ') || null,
    `source ${view.source}`,
    `${view.items.length} item${view.items.length === 1 ? '' : 's'}`,
    `id ${view.id}`,
  ]
    .filter(Boolean)
    .join(' · ');
  const rows = view.items.map((item) => {
    const pending = open && item.status === 'pending';
    // The expected quantity of a package counted by weight is shown in grams; what is typed goes to
    // the API as it is, in milligrams, so each field says its unit.
    const input = (name) => element('span', {}, element('input', { name, inputMode: 'numeric', size: 6 }), ` ${unitWord(item.unit)}`);
    const amount = (value) => (value === null ? '—' : quantity(value, item.unit));
    return row(
      itemColumns,
      [
        element('span', { className: 'mono', textContent: item.packageLabel }),
        skuName(item.skuId),
        quantity(item.expectedQuantity, item.unit),
        item.status.replaceAll('_', ' '),
        pending ? input('countedQuantity') : amount(item.countedQuantity),
        pending ? input('damagedQuantity') : amount(item.damagedQuantity),
        amount(item.acceptedQuantity),
        pending
          ? element('select', { name: 'decision' }, element('option', { value: 'accept', textContent: 'Accept' }), element('option', { value: 'reject', textContent: 'Reject' }))
          : null,
        // The server receives into the vault unless told otherwise; the vault is offered first.
        pending
          ? element(
              'select',
              { name: 'locationCode' },
              ...[...locations]
                .sort((a, b) => Number(b.code === 'vault') - Number(a.code === 'vault'))
                .map((l) => element('option', { value: l.code, textContent: l.code })),
            )
          : null,
        pending ? element('input', { name: 'reason', size: 18, autocomplete: 'off' }) : item.rejectionReason,
      ],
      { dataset: { packageLabel: item.packageLabel, status: item.status } },
    );
  });
  fillTable($('manifest-items'), itemColumns, rows, { empty: 'The manifest lists no package.' });
  const discrepancyColumns = [column('Package'), column('Kind'), column('Expected', true), column('Counted', true), column('By', true), column('Note')];
  fillTable(
    $('manifest-discrepancies'),
    discrepancyColumns,
    view.discrepancies.map((d) => {
      const unit = view.items.find((i) => i.packageLabel === d.packageLabel)?.unit;
      return row(discrepancyColumns, [d.packageLabel, d.kind, quantity(d.expectedQuantity, unit), quantity(d.countedQuantity, unit), quantity(d.quantity, unit), d.note], {
        dataset: { packageLabel: d.packageLabel, kind: d.kind },
      });
    }),
    { empty: 'Everything received so far matched the manifest.' },
  );
  $('manifest-open-actions').hidden = !open;
}

/** The packages counted on screen (a counted quantity typed), as the API takes them. */
function countedItems() {
  const items = [];
  for (const tr of $('manifest-items').querySelectorAll('tbody tr[data-status=pending]')) {
    const field = (name) => tr.querySelector(`[name=${name}]`)?.value.trim() ?? '';
    if (field('countedQuantity') === '') continue;
    const reason = field('reason');
    items.push({
      packageLabel: tr.dataset.packageLabel,
      countedQuantity: integer(field('countedQuantity')),
      ...(field('damagedQuantity') !== '' ? { damagedQuantity: integer(field('damagedQuantity')) } : {}),
      decision: field('decision'),
      ...(field('decision') === 'accept' ? { locationCode: field('locationCode') } : {}),
      ...(reason ? { reason } : {}),
    });
  }
  return items;
}

const manifestPath = (step) => `/v1/stores/${manifest.storeId}/manifests/${manifest.id}/${step}`;

onClick($('manifest-receive'), PANEL, async () => {
  const items = countedItems();
  // Nothing counted goes as nothing: the server says what a receipt needs.
  const [view, locations] = await Promise.all([api('POST', manifestPath('receive'), { items }), locationsOf(manifest.storeId)]);
  showManifest(view, locations);
  const done = items.map((i) => {
    const item = view.items.find((x) => x.packageLabel === i.packageLabel);
    return item.status === 'accepted' ? `${i.packageLabel} accepted ${quantity(item.acceptedQuantity, item.unit)} into ${i.locationCode}` : `${i.packageLabel} ${item.status}`;
  });
  showResult(PANEL, `Received: ${done.join('; ')}.`);
  await loadPanel('manifest-list-panel', () => showManifestList());
});

onClick($('manifest-close'), PANEL, async () => {
  const [view, locations] = await Promise.all([api('POST', manifestPath('close')), locationsOf(manifest.storeId)]);
  showManifest(view, locations);
  const missing = view.items.filter((i) => i.status === 'not_received').length;
  showResult(PANEL, `Closed${missing ? `: ${missing} package${missing === 1 ? '' : 's'} marked not received` : ''}.`);
  await loadPanel('manifest-list-panel', () => showManifestList());
});
