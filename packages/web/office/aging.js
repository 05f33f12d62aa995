// The Stock tab's "Aging and expiry" panel: the packages on hand at the store, how many days since
// each was received and to its expiry date (on the store's calendar), soonest expiry first, with
// the totals per age and expiry bucket, a filter of what expires within N days and the same list
// as CSV (docs/inventory.md, "Aging and expiry"). Every figure is the server's; a filter it
// refuses is shown with its reason in the panel.

import { $, api } from '../shared/ui.js';
import { byUnit, column, fillTable, loadPanel, query, quantity, row, state } from './common.js';

const PANEL = 'aging-panel';

const ageWords = { days_0_30: '0–30 days', days_31_60: '31–60 days', days_61_90: '61–90 days', days_over_90: 'Over 90 days' };
const expiryWords = { expired: 'Expired', within_7_days: 'Within 7 days', within_30_days: 'Within 8–30 days', later: 'Later', unknown: 'No expiry date' };
const statusWords = { active: 'Active', on_hold: 'On hold', recalled: 'Recalled', quarantined: 'Quarantined', expired: 'Expired', finished: 'Finished' };

/** How a package's label opens it (the package lookup of office.js). */
let linkTo = (label) => label;

export function forgetAging() {
  $('aging-form').reset();
  for (const id of ['aging-packages', 'aging-age', 'aging-expiry']) $(id).replaceChildren();
  $('aging-summary').textContent = '';
  $('aging-csv').removeAttribute('href');
}

export function loadAging(packageLink) {
  linkTo = packageLink;
  return loadPanel(PANEL, showAging);
}

$('aging-form').addEventListener('submit', (event) => {
  event.preventDefault();
  loadPanel(PANEL, showAging);
});

/** Days to expiry in words: "expired 3 days ago", "last day today", "in 5 days". */
function toExpiry(days) {
  if (days === null) return '—';
  if (days < 0) return `expired ${-days} day${days === -1 ? '' : 's'} ago`;
  if (days === 0) return 'last day today';
  return `in ${days} day${days === 1 ? '' : 's'}`;
}

const packageColumns = [
  column('Package'),
  column('SKU'),
  column('Status'),
  column('Where'),
  column('On hand', true),
  column('Reserved', true),
  column('Available', true),
  column('Received'),
  column('Days on hand', true),
  column('Age'),
  column('Expires'),
  column('Expiry'),
];

async function showAging() {
  // The number goes as typed: the server says what is wrong with it.
  const params = query({ expiringWithinDays: $('aging-within').value.trim() });
  const path = `/v1/stores/${state.storeId}/inventory/aging`;
  const report = await api('GET', `${path}${params}`);
  $('aging-csv').href = `${path}.csv${params}`;
  $('aging-summary').textContent =
    `${report.totals.packages} package${report.totals.packages === 1 ? '' : 's'} on hand (${byUnit(report.totals.onHand)}), ` +
    `${report.filter.expiringWithinDays === null ? '' : `expiring within ${report.filter.expiringWithinDays} days or expired, `}` +
    `counted on the store's calendar (${report.timezone}), today ${report.today}.`;

  const rows = report.packages.map((p) =>
    row(
      packageColumns,
      [
        linkTo(p.label),
        p.skuName ? `${p.skuName}${p.skuCode ? ` (${p.skuCode})` : ''}` : `${p.skuId} (not in the catalog)`,
        statusWords[p.status] ?? p.status,
        p.locations.map((l) => `${l.code} ${quantity(l.onHand, p.unit)}`).join(', '),
        quantity(p.onHand, p.unit),
        quantity(p.reserved, p.unit),
        quantity(p.available, p.unit),
        p.receivedOn,
        String(p.daysOnHand),
        ageWords[p.ageBucket],
        p.expiresOn,
        toExpiry(p.daysToExpiry),
      ],
      { dataset: { label: p.label, expiryBucket: p.expiryBucket }, className: p.expiryBucket === 'expired' ? 'variance' : '' },
    ),
  );
  fillTable($('aging-packages'), packageColumns, rows, { empty: report.filter.expiringWithinDays === null ? 'Nothing is on hand at this store.' : 'Nothing on hand expires that soon.' });

  const bucketColumns = (label) => [column(label), column('Packages', true), column('On hand', true), column('Available', true)];
  const bucketRows = (buckets, words, columns) =>
    buckets.map((b) => row(columns, [words[b.bucket] ?? b.bucket, String(b.packages), byUnit(b.onHand), byUnit(b.available)], { dataset: { bucket: b.bucket }, className: b.packages === 0 ? 'muted' : '' }));
  const ageColumns = bucketColumns('Since received');
  fillTable($('aging-age'), ageColumns, bucketRows(report.ageBuckets, ageWords, ageColumns));
  const expiryColumns = bucketColumns('Expires');
  fillTable($('aging-expiry'), expiryColumns, bucketRows(report.expiryBuckets, expiryWords, expiryColumns));
}
