// What a manager sets for the store and the organization: reorder points per SKU (listed, changed
// and removed), the store's overrides of values its jurisdiction pack marks unsure (each with the
// reason the API requires), and the alert rules (on or off, severity, a queue's age threshold).
// The server validates each one — a reorder point against the catalog, an override against the
// pack, a rule against its type — and the panel shows its answer.

import { $, api, element } from '../shared/ui.js';
import {
  actInPanel,
  column,
  fieldsOf,
  fillSelect,
  fillTable,
  integer,
  loadPanel,
  onSubmit,
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

export function forgetSettings() {
  for (const id of ['reorder-result', 'rule-override-result', 'alert-rule-result']) $(id).hidden = true;
  $('reorder-form').reset();
  showReorderUnit();
  $('rule-override-form').reset();
}

export function loadSettings() {
  return Promise.all([loadPanel('reorder-panel', showReorderPoints), loadPanel('alert-rules-panel', showAlertRules)]);
}

// ---- reorder points -----------------------------------------------------------------------------

/** The unit the server counts a SKU's stock in, and so its reorder point: milligrams for a SKU sold by weight. */

// The lists show a SKU sold by weight in grams, but the form's numbers go to the API as they are
// typed, in milligrams for such a SKU: each field says which unit it takes for the chosen SKU.
const reorderUnits = ['reorderAt', 'reorderQuantity'].map((name) => {
  const unit = element('span', { className: 'reorder-unit muted' });
  $('reorder-form').elements[name].after(unit);
  return unit;
});

function showReorderUnit() {
  const skuId = $('reorder-sku').value;
  const unit = skuId ? stockUnit(state.skus?.get(skuId)) : null;
  const text = unit === null ? '' : ` ${unitWord(unit)}${unit === 'mg' ? ' (1 g = 1,000 mg)' : ''}`;
  for (const span of reorderUnits) span.textContent = text;
}

$('reorder-sku').addEventListener('change', showReorderUnit);

const reorderColumns = [column('SKU'), column('Reorder at', true), column('Reorder quantity', true), column('Available', true), column('Low'), column('Changed'), column('')];

/** The store's reorder points as the server lists them, and the SKUs the form offers. */
async function showReorderPoints() {
  const [{ reorderPoints }] = await Promise.all([api('GET', `/v1/stores/${state.storeId}/reorder-points`), skuOptions($('reorder-sku'), { blank: 'Choose a SKU' })]);
  showReorderUnit();
  const rows = reorderPoints.map((p) => {
    const unit = stockUnit(state.skus?.get(p.skuId));
    return row(
      reorderColumns,
      [
        // A point left on a SKU the catalog no longer has is shown by its id, so it can be removed.
        p.title ? `${p.title} ${p.sizeLabel ?? ''} (${p.code})` : element('span', { className: 'mono', textContent: `${p.skuId} (not in the catalog)` }),
        quantity(p.reorderAt, unit),
        quantity(p.reorderQuantity, unit),
        quantity(p.available, unit),
        p.low ? 'low' : '',
        when(p.updatedAt),
        element(
          'div',
          {},
          element('button', { type: 'button', textContent: 'Change', onclick: () => editReorderPoint(p) }),
          element('button', {
            type: 'button',
            className: 'remove',
            textContent: 'Remove',
            onclick: () =>
              actInPanel('reorder-panel', async () => {
                await api('DELETE', `/v1/stores/${state.storeId}/reorder-points/${encodeURIComponent(p.skuId)}`);
                await showReorderPoints();
                showResult('reorder-panel', `Removed the reorder point of ${p.title ? skuName(p.skuId) : p.skuId}: it is no longer watched for low stock here.`);
              }),
          }),
        ),
      ],
      { dataset: { skuId: p.skuId, low: String(p.low) }, className: p.low ? 'variance' : '' },
    );
  });
  fillTable($('reorder-points'), reorderColumns, rows, { empty: 'No reorder point is set at this store.' });
}

function editReorderPoint(p) {
  const form = $('reorder-form');
  form.elements.skuId.value = p.skuId;
  form.elements.reorderAt.value = String(p.reorderAt);
  form.elements.reorderQuantity.value = String(p.reorderQuantity);
  showReorderUnit();
  form.elements.reorderAt.focus();
}

onSubmit($('reorder-form'), 'reorder-panel', async (form) => {
  const { skuId = '', reorderAt, reorderQuantity } = fieldsOf(form);
  // No SKU chosen goes to the server as it is (an empty path segment), which says what is wrong.
  const point = await api('PUT', `/v1/stores/${state.storeId}/reorder-points/${encodeURIComponent(skuId)}`, {
    reorderAt: integer(reorderAt),
    reorderQuantity: integer(reorderQuantity),
  });
  await showReorderPoints();
  const unit = stockUnit(state.skus?.get(point.skuId));
  showResult(
    'reorder-panel',
    `${skuName(point.skuId)}: reorder at ${quantity(point.reorderAt, unit)}, order ${quantity(point.reorderQuantity, unit)}. Available now ${quantity(point.available, unit)}${point.low ? ' — at or below the point: it is listed under Low stock.' : '.'}`,
  );
});

// ---- rule overrides (on the Compliance tab, next to the packs they override) ---------------------

/** The store's pack's unsure values by id, with the reading the pack chose (its note). */
let unsureValues = new Map();

export function loadRuleOverrides() {
  return loadPanel('rule-overrides-panel', showRuleOverrides);
}

async function showRuleOverrides() {
  const jurisdiction = state.stores.find((s) => s.id === state.storeId)?.jurisdiction;
  const [{ overrides }, packs] = await Promise.all([
    api('GET', `/v1/stores/${state.storeId}/rule-overrides`),
    // The packs tell which values may be overridden; a role that may not read them still sees the overrides.
    api('GET', '/v1/rules/jurisdictions').catch((error) => {
      if (error.code === 'FORBIDDEN') return { jurisdictions: [] };
      throw error;
    }),
  ]);
  const pack = packs.jurisdictions.find((p) => p.jurisdiction === jurisdiction);
  // Keyed by what an override names: the id, or id@from where only some versions are unsure.
  unsureValues = new Map((pack?.unsure ?? []).map((u) => [u.overrideId, u]));
  const columns = [column('Pack value'), column('Overridden with'), column('Reason'), column('By'), column('Changed'), column('')];
  const rows = overrides.map((o) => {
    const reason = element('input', { className: 'remove-reason', size: 20, placeholder: 'Why go back to the pack', autocomplete: 'off' });
    return row(
      columns,
      [
        packValue(o.valueId),
        element('code', { textContent: JSON.stringify(o.value) }),
        o.reason,
        o.createdBy ? person(o.createdBy) : null,
        when(o.updatedAt),
        element(
          'div',
          {},
          element('button', { type: 'button', textContent: 'Change', onclick: () => editOverride(o) }),
          reason,
          element('button', {
            type: 'button',
            className: 'remove',
            textContent: 'Remove',
            onclick: () =>
              actInPanel('rule-overrides-panel', async () => {
                // The reason goes as typed: the server says when it is missing or too short.
                await api('DELETE', `/v1/stores/${state.storeId}/rule-overrides/${encodeURIComponent(o.valueId)}`, { reason: reason.value.trim() });
                await showRuleOverrides();
                showResult('rule-overrides-panel', `Removed: ${o.valueId} follows the pack again.`);
              }),
          }),
        ),
      ],
      { dataset: { valueId: o.valueId } },
    );
  });
  fillTable($('rule-overrides'), columns, rows, { empty: 'This store follows its pack as published.' });
  fillSelect(
    $('rule-override-value-id'),
    [...unsureValues.keys()].map((id) => ({ value: id, label: id })),
    { blank: pack ? 'Choose a value the pack marks unsure' : 'The store’s pack lists no unsure value' },
  );
  showPackNote();
}

/** A value's id, and the reading the pack published for it (the API gives its note, not the value itself). */
function packValue(valueId) {
  const note = (unsureValues.get(valueId) ?? unsureValues.get(valueId.split('@')[0]))?.note;
  return element('div', {}, element('code', { textContent: valueId }), ...(note ? [element('div', { className: 'muted', textContent: `Pack: ${note}` })] : []));
}

function showPackNote() {
  const unsure = unsureValues.get($('rule-override-value-id').value);
  const fields = unsure?.fields ? ` A store may replace only ${unsure.fields.join(', ')}; the rest is as the reference says.` : '';
  $('rule-override-pack-note').textContent = unsure?.note ? `The pack: ${unsure.note}${fields}` : fields.trim();
}

$('rule-override-value-id').addEventListener('change', showPackNote);

function editOverride(o) {
  const form = $('rule-override-form');
  if (![...form.elements.valueId.options].some((opt) => opt.value === o.valueId)) form.elements.valueId.append(element('option', { value: o.valueId, textContent: o.valueId }));
  form.elements.valueId.value = o.valueId;
  form.elements.value.value = JSON.stringify(o.value, null, 1);
  form.elements.reason.value = '';
  showPackNote();
  form.elements.reason.focus();
}

onSubmit($('rule-override-form'), 'rule-overrides-panel', async (form) => {
  const { valueId = '', value = '', reason } = fieldsOf(form);
  let replacement;
  try {
    replacement = JSON.parse(value);
  } catch (error) {
    // Not sent: only JSON can say which fields of the pack value to replace. No code is given, as
    // this is the page's own message, not the server's.
    throw new Error(`The replacement fields are not JSON, so nothing was sent: ${error.message}`);
  }
  const saved = await api('PUT', `/v1/stores/${state.storeId}/rule-overrides/${encodeURIComponent(valueId)}`, { value: replacement, reason });
  await showRuleOverrides();
  form.reset();
  showPackNote();
  showResult('rule-overrides-panel', `Saved: ${saved.valueId} is ${JSON.stringify(saved.value)} at this store (${saved.reason}).`);
});

// ---- alert rules ------------------------------------------------------------------------------

const ruleColumns = [column('Rule'), column('Raised by'), column('Kind'), column('Severity'), column('Threshold (min)', true), column('On'), column('')];

async function showAlertRules() {
  const { rules } = await api('GET', '/v1/alerts/rules');
  fillTable($('alert-rules'), ruleColumns, rules.map(ruleRow), { empty: 'No alert rule.' });
}

function ruleRow(rule) {
  const severity = element('select', { name: 'severity' }, ...['info', 'warning', 'critical'].map((s) => element('option', { value: s, textContent: s, selected: s === rule.severity })));
  const threshold = rule.ruleType === 'queue_age' ? element('input', { name: 'thresholdMinutes', inputMode: 'numeric', size: 6, value: rule.thresholdMinutes ?? '' }) : null;
  const active = element('input', { type: 'checkbox', name: 'active', checked: rule.active });
  // Alert rules are the organization's: staff of some stores read them; the server lets only staff of every store change them.
  const everyStore = state.me.storeIds.length === 0;
  const save = element('button', {
    type: 'button',
    textContent: 'Save',
    hidden: !everyStore,
    onclick: () =>
      actInPanel('alert-rules-panel', async () => {
        const saved = await api('PUT', `/v1/alerts/rules/${encodeURIComponent(rule.key)}`, ruleInput(rule, { severity: severity.value, active: active.checked, threshold: threshold?.value }));
        await showAlertRules();
        showResult(
          'alert-rules-panel',
          `Saved ${saved.key}: ${saved.active ? 'on' : 'off'}, ${saved.severity}${saved.ruleType === 'queue_age' ? `, after ${saved.thresholdMinutes} min` : ''}${rule.builtIn ? ' (this organization’s copy of the built-in rule)' : ''}.`,
        );
      }),
  });
  return row(
    ruleColumns,
    [
      element('div', {}, element('code', { textContent: rule.key }), rule.builtIn ? element('div', { className: 'muted', textContent: 'built in' }) : ''),
      rule.ruleType === 'event' ? `event ${rule.eventPattern}${rule.resolveEventPattern ? `, resolved by ${rule.resolveEventPattern}` : ''}` : `check ${rule.source}`,
      rule.kind,
      severity,
      threshold,
      active,
      save,
    ],
    { dataset: { ruleKey: rule.key, active: String(rule.active) } },
  );
}

/**
 * The rule as the PUT takes it: the API replaces a rule whole (a built-in one by the organization's
 * own copy), so every field goes back as the server gave it, with the changed ones.
 */
function ruleInput(rule, { severity, active, threshold }) {
  const input = { ruleType: rule.ruleType, kind: rule.kind, severity, titleTemplate: rule.titleTemplate, dedupeTemplate: rule.dedupeTemplate, active };
  if (rule.ruleType === 'event') {
    input.eventPattern = rule.eventPattern;
    if (rule.resolveEventPattern) input.resolveEventPattern = rule.resolveEventPattern;
  } else {
    input.source = rule.source;
    input.thresholdMinutes = integer(threshold ?? '');
  }
  return input;
}
