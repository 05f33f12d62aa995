// Counts: someone starts a full count of the store or a cycle count of a location or a SKU, enters
// what is on the shelves package by package, and submits; the server then shows what it expected
// (on hand when each line was counted) and computes the variances. Nothing changes in stock until a manager
// approves, which books the variances as count corrections; a rejection changes nothing. The
// browser shows the count as the server answers it, variances included.

import { $, api, element } from '../shared/ui.js';
import {
  byUnit,
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
  pagedTable,
  person,
  quantity,
  row,
  showResult,
  signed,
  skuName,
  skuOptions,
  state,
  unitWord,
  when,
} from './common.js';

const PANEL = 'count-panel';

/** The count on screen (as the server last answered it). */
let count = null;

export function forgetCounts() {
  count = null;
  $(PANEL).hidden = true;
  $('count-result').hidden = true;
  $('count-start-form').reset();
  $('count-list-status').value = '';
}

export function loadCounts() {
  return Promise.all([
    loadPanel('count-start-panel', fillStartForm),
    loadPanel('count-list-panel', () => showCountList()),
    // A count of another store is not this store's business; one of this store is read afresh.
    count && count.storeId === state.storeId ? openCount(count.id) : forgetOpenCount(),
  ]);
}

function forgetOpenCount() {
  count = null;
  $(PANEL).hidden = true;
}

async function fillStartForm() {
  const locations = await locationsOf(state.storeId);
  const options = locations.map((l) => ({ value: l.code, label: locationLabel(l) }));
  fillSelect($('count-location'), options, { blank: 'Every location' });
  fillSelect($('count-found-location'), options);
  await skuOptions($('count-sku'), { blank: 'Every SKU' });
}

const listColumns = [
  column('Started'),
  column('By'),
  column('Kind'),
  column('Scope'),
  column('Status'),
  column('Lines', true),
  column('Counted', true),
  column('With variance', true),
  column('Over', true),
  column('Short', true),
  column(''),
];

/** What a count covers: a location and/or SKUs for a cycle count, every location for a full one. */
function scopeOf(c) {
  const parts = [c.locationCode, ...(c.skuIds ?? []).map(skuName)].filter(Boolean);
  return parts.length ? parts.join(', ') : 'every location';
}

const countList = pagedTable({
  table: 'count-list',
  more: 'count-list-older',
  columns: listColumns,
  key: 'counts',
  empty: 'No count with that status at this store.',
  toRow: (c) =>
    row(
      listColumns,
      [
        when(c.createdAt),
        person(c.createdBy),
        c.kind,
        scopeOf(c),
        c.decidedBy ? `${c.status} by ${person(c.decidedBy)}` : c.status,
        String(c.summary.lines),
        String(c.summary.counted),
        String(c.summary.withVariance),
        byUnit(c.summary.over, '+'),
        byUnit(c.summary.short, '−'),
        element('button', { type: 'button', textContent: 'Open', onclick: () => openCount(c.id) }),
      ],
      { dataset: { countId: c.id, status: c.status } },
    ),
});

/** This store's counts, newest first, as the server lists them (25 at a time). */
function showCountList(older = false) {
  return countList(`/v1/stores/${state.storeId}/counts`, { status: $('count-list-status').value, limit: 25 }, older);
}

$('count-list-status').addEventListener('change', () => loadPanel('count-list-panel', () => showCountList()));
$('count-list-older').addEventListener('click', () => loadPanel('count-list-panel', () => showCountList(true)));

function openCount(id) {
  $(PANEL).hidden = false;
  $('count-result').hidden = true;
  return loadPanel(PANEL, async () => {
    showCount(await api('GET', `/v1/stores/${state.storeId}/counts/${encodeURIComponent(id)}`));
  });
}

onSubmit($('count-start-form'), 'count-start-panel', async (form) => {
  const { skuId, ...fields } = fieldsOf(form);
  const started = await api('POST', `/v1/stores/${state.storeId}/counts`, { ...fields, ...(skuId ? { skuIds: [skuId] } : {}) });
  $(PANEL).hidden = false;
  $('count-result').hidden = true;
  showCount(started);
  showResult(PANEL, `Count started: ${started.summary.lines} line${started.summary.lines === 1 ? '' : 's'} to count.`);
  await loadPanel('count-list-panel', () => showCountList());
});

/**
 * The lines' variances of one sign added up per unit, as shown: units and milligrams are never
 * added together (the API's summary adds them as they are), and milligrams are shown in grams.
 */
function varianceTotal(lines, sign) {
  const sums = new Map();
  for (const l of lines) if (l.variance !== null && Math.sign(l.variance) === sign) sums.set(l.unit, (sums.get(l.unit) ?? 0) + Math.abs(l.variance));
  return sums.size === 0 ? '0' : [...sums].map(([unit, sum]) => quantity(sum, unit)).join(' and ');
}

const lineColumns = [column('Location'), column('Package'), column('SKU'), column('Expected', true), column('Counted', true), column('Variance', true)];

function showCount(view) {
  count = view;
  const open = view.status === 'open';
  $('count-title').textContent = `${view.kind === 'full' ? 'Full' : 'Cycle'} count · ${view.status}`;
  $(PANEL).dataset.countId = view.id;
  $(PANEL).dataset.status = view.status;
  const { summary } = view;
  $('count-summary').textContent = [
    `${summary.lines} line${summary.lines === 1 ? '' : 's'}`,
    `${summary.counted} counted`,
    `${summary.withVariance} with a variance`,
    `over +${varianceTotal(view.lines, 1)}`,
    `short −${varianceTotal(view.lines, -1)}`,
    `id ${view.id}`,
  ].join(' · ');
  const rows = view.lines.map((l) =>
    row(
      lineColumns,
      [
        l.locationCode,
        element('span', { className: 'mono', textContent: l.packageLabel }),
        skuName(l.skuId),
        // Expected is shown once the count is submitted: while it is open, the counter counts blind.
        l.expectedQuantity === null ? '—' : quantity(l.expectedQuantity, l.unit),
        // A package counted by weight is shown in grams, but what is typed goes to the API as it
        // is, in milligrams: the field says so.
        open
          ? element(
              'span',
              {},
              element('input', { className: 'counted', inputMode: 'numeric', size: 8, value: l.countedQuantity ?? '', dataset: { packageLabel: l.packageLabel, locationCode: l.locationCode } }),
              ` ${unitWord(l.unit)}`,
            )
          : l.countedQuantity === null ? '—' : quantity(l.countedQuantity, l.unit),
        l.variance === null ? '—' : signed(l.variance, l.unit),
      ],
      { dataset: { packageLabel: l.packageLabel, locationCode: l.locationCode }, className: l.variance ? 'variance' : '' },
    ),
  );
  fillTable($('count-lines'), lineColumns, rows, { empty: 'Nothing with stock was in the count’s scope; add what you find.' });
  $('count-open-actions').hidden = !open;
  $('count-decision').hidden = view.status !== 'submitted';
}

/** Counted quantities typed and not saved yet, as the API takes them. */
function typedLines() {
  const lines = [];
  for (const input of $('count-lines').querySelectorAll('input.counted')) {
    const line = count.lines.find((l) => l.packageLabel === input.dataset.packageLabel && l.locationCode === input.dataset.locationCode);
    if (input.value.trim() === '' || String(line?.countedQuantity) === input.value.trim()) continue;
    lines.push({ packageLabel: input.dataset.packageLabel, locationCode: input.dataset.locationCode, countedQuantity: integer(input.value) });
  }
  return lines;
}

const countPath = (step = '') => `/v1/stores/${count.storeId}/counts/${count.id}${step}`;

onClick($('count-save'), PANEL, async () => {
  const lines = typedLines();
  // Nothing typed goes as nothing: the server says a count needs a line.
  showCount(await api('POST', countPath('/lines'), { lines }));
  showResult(PANEL, `Saved ${lines.length} counted quantit${lines.length === 1 ? 'y' : 'ies'}.`);
});

onSubmit($('count-found-form'), PANEL, async (form) => {
  const fields = fieldsOf(form);
  const line = { ...fields, packageLabel: fields.packageLabel?.toUpperCase(), countedQuantity: integer(fields.countedQuantity) };
  showCount(await api('POST', countPath('/lines'), { lines: [line] }));
  showResult(PANEL, `Added ${line.packageLabel} at ${line.locationCode}.`);
  form.reset();
});

onClick($('count-submit'), PANEL, async () => {
  // What is typed is part of the count: it is saved before the count is submitted.
  const lines = typedLines();
  if (lines.length > 0) showCount(await api('POST', countPath('/lines'), { lines }));
  const submitted = await api('POST', countPath('/submit'));
  showCount(submitted);
  const { summary } = submitted;
  showResult(
    PANEL,
    `Submitted: ${summary.withVariance} variance${summary.withVariance === 1 ? '' : 's'} (over +${varianceTotal(submitted.lines, 1)}, short −${varianceTotal(submitted.lines, -1)}) wait for a manager.`,
  );
  await loadPanel('count-list-panel', () => showCountList());
});

for (const [button, decision] of [
  ['count-approve', 'approve'],
  ['count-reject', 'reject'],
]) {
  onClick($(button), PANEL, async () => {
    const note = $('count-decision-note').value.trim();
    const decided = await api('POST', countPath('/decision'), { decision, ...(note ? { note } : {}) });
    showCount(decided);
    $('count-decision-note').value = '';
    showResult(
      PANEL,
      decided.status === 'approved'
        ? `Approved: ${decided.summary.withVariance} count correction${decided.summary.withVariance === 1 ? '' : 's'} booked.`
        : 'Rejected: stock is as it was.',
    );
    await loadPanel('count-list-panel', () => showCountList());
  });
}
