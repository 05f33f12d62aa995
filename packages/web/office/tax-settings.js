// The store's local tax rates: the city or county sales tax and the local cannabis tax its
// jurisdiction's pack adds to the state's, one period after another (never overlapping). A manager
// adds a period from a date, with an optional end and a reason; the server closes the period open
// on that day the day before, and refuses a rate outside 0–100 %, a second period starting the same
// day, or one that runs into a later period. A period that has not started yet can be withdrawn,
// with a reason (the period before it then runs on); one that has started is history. Rates are
// typed and shown in percent; the API takes fractions (0.0925 for 9.25 %).

import { $, api, element } from '../shared/ui.js';
import { actionButton, column, fieldsOf, fillTable, loadPanel, onSubmit, person, row, showResult, state, storeDate, when } from './common.js';

const PANEL = 'tax-panel';

/** The periods as the server last listed them, to say which one a new period closed. */
let periods = [];

export function forgetTaxSettings() {
  periods = [];
  $('tax-result').hidden = true;
  $('tax-form').reset();
}

export function loadTaxSettings() {
  return loadPanel(PANEL, showTaxSettings);
}

/**
 * A percentage as typed, as the fraction the API takes, moving the decimal point in the text (9.25
 * → 0.0925, exactly, which dividing a float by 100 is not). Anything that is not a plain decimal
 * number goes as it is, so the server's validation names the field.
 */
function rateFromPercent(text) {
  if (text === undefined) return undefined;
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign, digits, decimals = ''] = match;
  const whole = digits.padStart(3, '0');
  return Number(`${sign}${whole.slice(0, -2)}.${whole.slice(-2)}${decimals}`);
}

const percent = (rate) => `${(rate * 100).toLocaleString('en-US', { maximumFractionDigits: 4 })} %`;


const columns = [column('From'), column('Until'), column('Local sales tax', true), column('Local cannabis tax', true), column('Reason'), column('By'), column('Entered'), column('')];

async function showTaxSettings() {
  const { settings } = await api('GET', `/v1/stores/${state.storeId}/tax-settings`);
  periods = settings;
  const today = storeDate();
  const rows = settings.map((s) => {
    const current = s.effectiveFrom <= today && (s.effectiveTo === null || s.effectiveTo >= today);
    return row(
      columns,
      [
        s.effectiveFrom,
        s.effectiveTo ?? 'open',
        percent(s.localSalesTaxRate),
        percent(s.localCannabisTaxRate),
        s.reason,
        s.createdBy ? person(s.createdBy) : null,
        when(s.createdAt),
        s.effectiveFrom > today ? withdrawControl(s) : '',
      ],
      { dataset: { settingId: s.id, effectiveFrom: s.effectiveFrom, current: String(current) }, className: current ? 'current' : '' },
    );
  });
  fillTable($('tax-settings'), columns, rows, { empty: 'No local rate is set: sales here carry the state’s taxes only.' });
  // Which period applies today, in words, under the table.
  const now = settings.find((s) => s.effectiveFrom <= today && (s.effectiveTo === null || s.effectiveTo >= today));
  $('tax-settings').prepend(
    element('caption', {
      className: 'muted',
      textContent: now ? `In effect today (${today}): ${percent(now.localSalesTaxRate)} local sales tax, ${percent(now.localCannabisTaxRate)} local cannabis tax.` : `No local rate is in effect today (${today}).`,
    }),
  );
}

/** A period that has not started: a reason and the button that withdraws it. */
function withdrawControl(period) {
  const reason = element('input', { name: 'withdrawReason', size: 24, autocomplete: 'off', placeholder: 'Why it is withdrawn' });
  return element(
    'div',
    {},
    reason,
    actionButton(
      PANEL,
      'Withdraw',
      async () => {
        const before = new Map(periods.map((p) => [p.id, p]));
        // The reason goes as typed: the server says when it is missing or too short.
        await api('DELETE', `/v1/stores/${state.storeId}/tax-settings/${period.id}`, { reason: reason.value });
        await showTaxSettings();
        const extended = periods.filter((p) => before.has(p.id) && before.get(p.id).effectiveTo !== p.effectiveTo);
        showResult(
          PANEL,
          [
            `Withdrew the period from ${period.effectiveFrom}.`,
            ...extended.map((p) => `The period from ${p.effectiveFrom} now ${p.effectiveTo ? `ends ${p.effectiveTo}` : 'stays open'}.`),
          ].join(' '),
        );
      },
      { className: 'withdraw' },
    ),
  );
}

onSubmit($('tax-form'), PANEL, async (form) => {
  const fields = fieldsOf(form);
  const before = new Map(periods.map((p) => [p.id, p]));
  // Empty fields are left out: the server says which ones a period needs.
  const added = await api('POST', `/v1/stores/${state.storeId}/tax-settings`, {
    localSalesTaxRate: rateFromPercent(fields.localSalesTaxRate),
    localCannabisTaxRate: rateFromPercent(fields.localCannabisTaxRate),
    effectiveFrom: fields.effectiveFrom,
    ...(fields.effectiveTo ? { effectiveTo: fields.effectiveTo } : {}),
    ...(fields.reason ? { reason: fields.reason } : {}),
  });
  await showTaxSettings();
  form.reset();
  const closed = periods.filter((p) => before.has(p.id) && before.get(p.id).effectiveTo !== p.effectiveTo);
  showResult(
    PANEL,
    [
      `From ${added.effectiveFrom}${added.effectiveTo ? ` until ${added.effectiveTo}` : ''}: ${percent(added.localSalesTaxRate)} local sales tax, ${percent(added.localCannabisTaxRate)} local cannabis tax.`,
      ...closed.map((p) => `The period from ${p.effectiveFrom} now ends ${p.effectiveTo}.`),
    ].join(' '),
  );
});
