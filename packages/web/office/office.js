// Verdant's back office: what an owner, a manager or an inspector checks in a day — the store's
// stock, its packages' age and expiry (aging.js) and one package's ledger, refusals and overrides, state reporting, the audit log and its
// hash chain, and alerts — and what a manager changes: a package's stock and status
// (stock-actions.js), counts (counts.js), receiving (receiving.js), transfers between stores
// (transfers.js), reorder points, rule overrides and alert rules (settings.js), the store's
// locations (locations.js), delivery vehicles (vehicles.js) and local tax rates
// (tax-settings.js), the organization's stores (stores.js: listed, opened, changed and new ones
// opened), customers (customers.js: found,
// opened, and a duplicate record merged into the one kept), promotions and coupon codes
// (promotions.js), SKU prices at the stores, organization-wide and set ahead (prices.js), sales
// and tax reports (reports.js), the refunds owed to customers (refunds.js) and staff, registers and API keys
// (staff.js). Plain browser JavaScript over
// the HTTP API (the session cookie the sign-in sets); every decision is the server's. Each panel
// loads on its own, so when the server refuses the signed-in role one panel, that panel shows the
// server's code and the others still work.

import { $, api, attemptFor, element, showError, wireStaffSession } from '../shared/ui.js';
import {
  actionButton,
  actor,
  catalog,
  column,
  fillTable,
  folded,
  json,
  loadPanel,
  onSignedOut,
  person,
  quantity,
  query,
  row,
  signed,
  skuName,
  state,
  stockUnit,
  storeName,
  when,
} from './common.js';
import { forgetAging, loadAging } from './aging.js';
import { forgetCounts, loadCounts } from './counts.js';
import { forgetCustomers, loadCustomers } from './customers.js';
import { forgetLocations, loadLocations } from './locations.js';
import { forgetPrices, loadPrices } from './prices.js';
import { forgetPromotions, loadPromotions } from './promotions.js';
import { forgetReceiving, loadReceiving } from './receiving.js';
import { forgetRefunds, loadRefunds } from './refunds.js';
import { forgetReports, loadReports } from './reports.js';
import { forgetSettings, loadRuleOverrides, loadSettings } from './settings.js';
import { forgetStaff, loadStaff } from './staff.js';
import { forgetStores, loadStores, useStores } from './stores.js';
import { forgetPackageActions, showPackageActions } from './stock-actions.js';
import { forgetTaxSettings, loadTaxSettings } from './tax-settings.js';
import { forgetTransfers, loadTransfers } from './transfers.js';
import { forgetVehicles, loadVehicles } from './vehicles.js';

/** Runs an action outside any panel (sign-in, the store picker), showing what the server refused. */
const attempt = attemptFor(() => showSignIn());
onSignedOut(() => showSignIn());

// ---- sign-in and the store ------------------------------------------------------------------

function showSignIn() {
  state.me = null;
  $('who').textContent = '';
  $('sign-out').hidden = true;
  $('store-picker').hidden = true;
  $('office').hidden = true;
  $('sign-in').hidden = false;
}

wireStaffSession({ attempt, onSignedIn: () => start(), onSignedOut: showSignIn });

async function start() {
  state.me = await api('GET', '/v1/auth/me');
  const { stores } = await api('GET', '/v1/stores');
  state.storeId = null; // the first of this person's stores
  useStores(stores);
  state.people = await staffNames();
  $('tab-stores').hidden = !state.me.permissions.includes('stores:read');
  $('tab-promotions').hidden = !state.me.permissions.includes('promotions:manage');
  $('tab-prices').hidden = !state.me.permissions.includes('catalog:write');
  $('tab-reports').hidden = !state.me.permissions.includes('reports:read');
  $('tab-refunds').hidden = !state.me.permissions.includes('orders:refund');
  $('tab-staff').hidden = !state.me.permissions.includes('staff:read');
  $('who').textContent = state.me.role ?? '';
  $('sign-out').hidden = false;
  $('store-picker').hidden = false;
  $('sign-in').hidden = true;
  $('office').hidden = false;
  forgetLastSession();
  await openTab('stock');
}

/** Staff names by id for the "by" columns; a role that may not list the staff sees ids instead. */
async function staffNames() {
  try {
    const { staff } = await api('GET', '/v1/staff');
    return new Map(staff.map((s) => [s.id, s.name]));
  } catch (error) {
    if (error.code === 'FORBIDDEN') return new Map();
    throw error;
  }
}

/** Whoever signs in next sees nothing of what the last person had open. */
function forgetLastSession() {
  state.skus = null;
  state.locations.clear();
  state.packageLabel = null;
  $('package-result').hidden = true;
  $('package-label').value = '';
  forgetPackageActions();
  forgetAging();
  forgetCounts();
  forgetReceiving();
  forgetTransfers();
  forgetSettings();
  forgetLocations();
  forgetVehicles();
  forgetTaxSettings();
  forgetStores();
  forgetCustomers();
  forgetPromotions();
  forgetPrices();
  forgetReports();
  forgetRefunds();
  forgetStaff();
  $('audit-verify-result').replaceChildren();
  $('resend-result').hidden = true;
}

$('store').addEventListener('change', (event) => {
  state.storeId = event.target.value;
  openTab(state.tab);
});

// ---- tabs -----------------------------------------------------------------------------------

const tabs = {
  stock: loadStock,
  counts: loadCounts,
  receiving: loadReceiving,
  transfers: loadTransfers,
  customers: loadCustomers,
  promotions: loadPromotions,
  prices: loadPrices,
  reports: loadReports,
  refunds: loadRefunds,
  compliance: loadCompliance,
  reporting: loadReporting,
  audit: loadAudit,
  alerts: loadAlerts,
  settings: () => Promise.all([loadSettings(), loadLocations(), loadVehicles(), loadTaxSettings()]),
  stores: loadStores,
  staff: loadStaff,
};

/** Shows a tab and loads it afresh: the questions it answers are about now. */
function openTab(name) {
  state.tab = name;
  for (const tab of document.querySelectorAll('#tabs [role=tab]')) tab.setAttribute('aria-selected', String(tab.dataset.tab === name));
  for (const id of Object.keys(tabs)) $(id).hidden = id !== name;
  return tabs[name]();
}

for (const tab of document.querySelectorAll('#tabs [role=tab]')) tab.addEventListener('click', () => openTab(tab.dataset.tab));

$('refresh').addEventListener('click', () => {
  state.skus = null; // the catalog and the locations may have changed too
  state.locations.clear();
  openTab(state.tab);
});

// ---- stock ----------------------------------------------------------------------------------

function loadStock() {
  return Promise.all([
    loadPanel('availability-panel', showAvailability),
    loadPanel('low-stock-panel', showLowStock),
    loadPanel('packages-panel', showPackagesByStatus),
    loadAging(packageLink),
    loadPanel('inventory-alerts-panel', showInventoryAlerts),
    state.packageLabel ? loadPanel('package-panel', () => lookUpPackage(state.packageLabel)) : null,
  ]);
}

/** Every SKU with stock at the store (one call), named from the catalog. */
async function showAvailability() {
  const [{ items }] = await Promise.all([api('GET', `/v1/stores/${state.storeId}/availability`), catalog()]);
  state.availability = items;
  renderAvailability();
}

/** The unit the server counts a SKU's stock in: milligrams for a SKU sold by weight. */

const availabilityColumns = [
  column('Product'),
  column('Size'),
  column('SKU'),
  column('Available', true),
  column('On hand', true),
  column('Reserved', true),
  column('Packages', true),
  column('Sold next'),
  column('Lab'),
];

/**
 * Inventory keeps SKUs by id (a manifest may name one the catalog does not have): its stock is
 * listed under the id, not dropped, and does not take the rest of the list down with it.
 */
const notInCatalog = (skuId) => ({ title: `${skuId} (not in the catalog)`, sizeLabel: null, code: null, status: null });

function renderAvailability() {
  const filter = $('availability-filter').value.trim().toLowerCase();
  const rows = state.availability
    .map((item) => ({ item, sku: state.skus.get(item.skuId) ?? notInCatalog(item.skuId) }))
    // Archived SKUs stay listed while stock of them is left.
    .filter(({ item, sku }) => sku.status === 'active' || item.onHand > 0)
    .filter(({ sku }) => !filter || `${sku.title} ${sku.sizeLabel ?? ''} ${sku.code ?? ''}`.toLowerCase().includes(filter))
    .sort((a, b) => a.sku.title.localeCompare(b.sku.title) || (a.sku.code ?? '').localeCompare(b.sku.code ?? ''))
    .map(({ item, sku }) => {
      const unit = item.next?.unit ?? stockUnit(sku);
      return row(
        availabilityColumns,
        [
          sku.title,
          sku.sizeLabel,
          sku.code,
          quantity(item.available, unit),
          quantity(item.onHand, unit),
          quantity(item.reserved, unit),
          String(item.packages),
          item.next ? packageLink(item.next.packageLabel) : null,
          item.next?.batch ? `${item.next.batch.labStatus} · ${item.next.batch.batchCode}` : null,
        ],
        { dataset: { skuId: item.skuId }, className: item.available > 0 ? '' : 'muted' },
      );
    });
  fillTable($('availability'), availabilityColumns, rows, { empty: filter ? 'No SKU matches.' : 'The catalog has no SKUs.' });
}

$('availability-filter').addEventListener('input', renderAvailability);

function packageLink(label) {
  return element('button', { type: 'button', className: 'link mono', textContent: label, onclick: () => showPackage(label) });
}

async function showLowStock() {
  await catalog();
  const { items } = await api('GET', `/v1/stores/${state.storeId}/low-stock`);
  const columns = [column('SKU'), column('Available', true), column('Reorder at', true), column('Reorder quantity', true)];
  const rows = items.map((i) => {
    const unit = stockUnit(state.skus.get(i.skuId));
    return row(columns, [skuName(i.skuId), quantity(i.available, unit), quantity(i.reorderAt, unit), quantity(i.reorderQuantity, unit)], { dataset: { skuId: i.skuId } });
  });
  fillTable($('low-stock'), columns, rows, { empty: 'Nothing is at or below its reorder point.' });
}

// Enough to find the held or quarantined packages a manager releases; the list is by label.
const PACKAGES_LIMIT = 100;

/** The store's packages with the chosen status (on hold, by default: those wait for someone). */
async function showPackagesByStatus() {
  const [{ packages }] = await Promise.all([api('GET', `/v1/stores/${state.storeId}/packages${query({ status: $('packages-status').value, limit: PACKAGES_LIMIT })}`), catalog()]);
  const columns = [column('Package'), column('SKU'), column('Why'), column('On hand here', true), column('Expires')];
  const rows = packages.map((p) => {
    const here = p.stock.filter((s) => s.storeId === state.storeId).reduce((sum, s) => sum + s.onHand, 0);
    return row(columns, [packageLink(p.label), skuName(p.skuId), p.statusReason, quantity(here, p.unit), p.expiresOn], { dataset: { label: p.label } });
  });
  fillTable($('packages'), columns, rows, { empty: 'No package of this store has that status.' });
  $('packages-more').hidden = packages.length < PACKAGES_LIMIT;
}

$('packages-status').addEventListener('change', () => loadPanel('packages-panel', showPackagesByStatus));

async function showInventoryAlerts() {
  // Open and acknowledged ones: resolved alerts are history, and would crowd out the live ones.
  const [open, acknowledged] = await Promise.all(
    ['open', 'acknowledged'].map((status) => api('GET', `/v1/inventory/alerts${query({ storeId: state.storeId, status, limit: 100 })}`)),
  );
  const alerts = [...open.alerts, ...acknowledged.alerts];
  $('inventory-alerts').replaceChildren(
    ...(alerts.length === 0 ? [element('li', { className: 'muted', textContent: 'No open inventory alert.' })] : alerts.map(inventoryAlertCard)),
  );
}

function inventoryAlertCard(alert) {
  const decide = (resolve) => async () => {
    await api('POST', `/v1/inventory/alerts/${alert.id}/acknowledge`, { resolve });
    await showInventoryAlerts();
  };
  return element(
    'li',
    { dataset: { alertId: alert.id } },
    element('strong', { textContent: `${alert.kind.replaceAll('_', ' ')} · ${alert.status}` }),
    element('div', { textContent: alert.message }),
    element('div', {
      className: 'muted',
      textContent: [alert.skuId ? skuName(alert.skuId) : null, `raised ${when(alert.createdAt)}`, alert.acknowledgedAt ? `acknowledged ${when(alert.acknowledgedAt)} by ${person(alert.acknowledgedBy)}` : null]
        .filter(Boolean)
        .join(' · '),
    }),
    ...(alert.status === 'open' ? [actionButton('inventory-alerts-panel', 'Acknowledge', decide(false))] : []),
    actionButton('inventory-alerts-panel', 'Resolve', decide(true)),
  );
}

// ---- one package: where it is and its ledger ------------------------------------------------

$('package-form').addEventListener('submit', (event) => {
  event.preventDefault();
  showPackage($('package-label').value);
});

function showPackage(label) {
  // State tags are capital letters and digits; people type them any way.
  const tag = label.trim().toUpperCase();
  $('package-label').value = tag;
  state.packageLabel = tag;
  forgetPackageActions(); // the last package's actions, until this one is found
  $('package-panel').scrollIntoView({ block: 'start' });
  return loadPanel('package-panel', () => lookUpPackage(tag));
}

// The ledger is read a page at a time, up to this many movements (a package's whole life, as a rule).
const LEDGER_LIMIT = 5000;

/** A package's ledger, oldest first, page after page, up to LEDGER_LIMIT movements. */
async function ledgerOf(path) {
  const movements = [];
  let after = null;
  do {
    const page = await api('GET', `${path}/movements?limit=1000${after === null ? '' : `&after=${after}`}`);
    movements.push(...page.movements);
    after = page.nextAfter;
  } while (after !== null && movements.length < LEDGER_LIMIT);
  return { movements, complete: after === null };
}

async function lookUpPackage(label) {
  const path = `/v1/inventory/packages/${encodeURIComponent(label)}`;
  const [pkg, { movements, complete }] = await Promise.all([api('GET', path), ledgerOf(path)]);
  await catalog();
  $('package-summary').textContent = [
    `${pkg.label} · ${skuName(pkg.skuId)}`,
    `${pkg.status}${pkg.statusReason ? ` (${pkg.statusReason})` : ''}`,
    `lab ${pkg.labStatus}`,
    `batch ${pkg.batchCode ?? '—'}`,
    `received ${when(pkg.receivedAt)} from ${pkg.source}`,
    `expires ${pkg.expiresOn ?? '—'}`,
  ].join(' · ');
  $('package-summary').dataset.status = pkg.status;
  renderPackageStock(pkg);
  renderLedger(pkg, movements, complete);
  // After a change the package is read again, so its stock and ledger show what the server booked,
  // and so are the tab's other lists it changes: the SKU's availability and low stock (an
  // adjustment, a destruction, a hold), the list by status, and the alerts a change may raise.
  await showPackageActions(pkg, () =>
    Promise.all([
      loadPanel('package-panel', () => lookUpPackage(pkg.label)),
      loadPanel('availability-panel', showAvailability),
      loadPanel('low-stock-panel', showLowStock),
      loadPanel('packages-panel', showPackagesByStatus),
      loadPanel('inventory-alerts-panel', showInventoryAlerts),
    ]),
  );
}

function renderPackageStock(pkg) {
  const columns = [column('Store'), column('Location'), column('Sellable'), column('On hand', true), column('Reserved', true), column('Available', true)];
  const rows = pkg.stock.map((s) =>
    row(columns, [storeName(s.storeId), s.locationCode, s.sellableLocation ? 'yes' : 'no', quantity(s.onHand, pkg.unit), quantity(s.reserved, pkg.unit), quantity(s.available, pkg.unit)], {
      dataset: { locationCode: s.locationCode },
    }),
  );
  const total = (key) => quantity(pkg.stock.reduce((sum, s) => sum + s[key], 0), pkg.unit);
  const footer = row(columns, ['Total', '', '', total('onHand'), total('reserved'), total('available')], { id: 'package-stock-total' });
  fillTable($('package-stock'), columns, rows, { empty: 'No stock anywhere.', footer });
}

/** What caused a movement; a destruction also names its method and witness, as regulators ask. */
function reference(m) {
  if (!m.referenceType) return null;
  const { method, witnessName } = m.referenceData ?? {};
  const witnessed = m.referenceType === 'destruction' && witnessName ? ` (${method}, witnessed by ${witnessName})` : '';
  return `${m.referenceType} ${m.referenceId ?? ''}${witnessed}`;
}

/** The ledger oldest first, with the on-hand balance after each movement and the sums underneath. */
function renderLedger(pkg, movements, complete) {
  const columns = [
    column('When'),
    column('Movement'),
    column('Where'),
    column('On hand', true),
    column('Reserved', true),
    column('On hand after', true),
    column('Reason'),
    column('Reference'),
    column('By'),
  ];
  let balance = 0;
  const rows = movements.map((m) => {
    balance += m.onHandDelta;
    return row(
      columns,
      [
        when(m.occurredAt),
        m.kind.replaceAll('_', ' '),
        `${storeName(m.storeId)} · ${m.locationCode}`,
        signed(m.onHandDelta, pkg.unit),
        signed(m.reservedDelta, pkg.unit),
        quantity(balance, pkg.unit),
        [m.reasonCode, m.note].filter(Boolean).join(' — '),
        reference(m),
        actor(m.actorType, m.actorId),
      ],
      { dataset: { movementId: m.id, kind: m.kind } },
    );
  });
  const sum = (key) => movements.reduce((total, m) => total + m[key], 0);
  const footer = row(columns, ['Sum', `${movements.length} movement${movements.length === 1 ? '' : 's'}`, '', signed(sum('onHandDelta'), pkg.unit), signed(sum('reservedDelta'), pkg.unit), '', '', '', ''], {
    id: 'package-ledger-total',
  });
  fillTable($('package-ledger'), columns, rows, { empty: 'No movement recorded.', footer });
  $('package-ledger-note').textContent = `Only the first ${LEDGER_LIMIT} movements are shown, so the sums leave out later ones.`;
  $('package-ledger-note').hidden = complete;
}

// ---- compliance -----------------------------------------------------------------------------

function loadCompliance() {
  return Promise.all([
    loadPanel('compliance-events-panel', showComplianceEvents),
    loadPanel('jurisdictions-panel', showJurisdictions),
    loadRuleOverrides(),
  ]);
}

$('compliance-kind').addEventListener('change', () => loadPanel('compliance-events-panel', showComplianceEvents));

async function showComplianceEvents() {
  const filter = { storeId: state.storeId, kind: $('compliance-kind').value };
  $('compliance-csv').href = `/v1/compliance/events.csv${query(filter)}`;
  const { events } = await api('GET', `/v1/compliance/events${query({ ...filter, limit: 200 })}`);
  const columns = [column('When'), column('Kind'), column('Where'), column('Violations'), column('Reason'), column('Customer'), column('By'), column('Pack')];
  const rows = events.map((e) =>
    row(
      columns,
      [
        when(e.occurredAt),
        e.kind,
        [e.source, e.channel?.replaceAll('_', ' ')].filter(Boolean).join(' · '),
        element('ul', {}, ...e.violations.map((v) => element('li', {}, element('code', { textContent: v.code }), ` ${v.message}${v.overridable ? ' (overridable)' : ''}`))),
        e.reason,
        e.customerId ? element('span', { className: 'mono', textContent: e.customerId }) : null,
        actor(e.actorType, e.actorId),
        [e.jurisdiction, e.packVersion].filter(Boolean).join(' ') || null,
      ],
      { dataset: { eventId: e.id, kind: e.kind } },
    ),
  );
  fillTable($('compliance-events'), columns, rows, { empty: 'No refusal or override at this store.' });
}

async function showJurisdictions() {
  const { jurisdictions } = await api('GET', '/v1/rules/jurisdictions');
  const mine = state.stores.find((s) => s.id === state.storeId)?.jurisdiction;
  // The store's own pack first: that is the one its sales are checked against.
  const packs = [...jurisdictions].sort((a, b) => (b.jurisdiction === mine) - (a.jurisdiction === mine) || a.jurisdiction.localeCompare(b.jurisdiction));
  const columns = [column('Jurisdiction'), column('Version'), column('In force'), column('Sources'), column('Changes on'), column('Unsure values')];
  const rows = packs.map((p) => {
    const current = p.jurisdiction === mine;
    return row(
      columns,
      [
        `${p.jurisdiction} · ${p.name}${current ? ' (this store)' : ''}`,
        p.version,
        `${p.effective.from} – ${p.effective.to ?? 'open'}`,
        folded('source', p.sources.map((s) => element('li', { textContent: `${s.id}: ${s.title} (${s.where})` })), current),
        p.changeDates.join(', ') || null,
        folded('unsure value', p.unsure.map((u) => element('li', {}, element('code', { textContent: u.overrideId }), u.note ? ` ${u.note}` : '')), current),
      ],
      { dataset: { jurisdiction: p.jurisdiction }, className: current ? 'current' : '' },
    );
  });
  fillTable($('jurisdictions'), columns, rows, { empty: 'No jurisdiction pack is loaded.' });
}

// ---- state reporting ------------------------------------------------------------------------

function loadReporting() {
  $('resend-result').hidden = true;
  return Promise.all([loadPanel('queue-panel', showQueue), loadPanel('failed-reports-panel', showFailedReports)]);
}

function age(seconds) {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

async function showQueue() {
  const { stores } = await api('GET', `/v1/traceability/queue${query({ storeId: state.storeId })}`);
  const queue = stores.find((s) => s.storeId === state.storeId);
  if (!queue) {
    $('queue').replaceChildren(element('p', { className: 'muted', textContent: 'This store has sent no state report yet.' }));
    return;
  }
  const circuit = { closed: 'sending normally', open: 'paused after repeated failures' }[queue.circuit] ?? '—';
  const facts = [
    ['Queued', String(queue.queued)],
    ['Sending', String(queue.sending)],
    ['Failed', String(queue.failed)],
    ['Sent', String(queue.sent)],
    ['Oldest waiting', queue.oldestQueuedAt ? `${age(queue.oldestAgeSeconds)} (since ${when(queue.oldestQueuedAt)})` : 'nothing waits'],
    ['Connection to the state', circuit],
    ['Last error', queue.lastError ?? '—'],
    ['Last success', when(queue.lastSuccessAt)],
  ];
  const list = element('dl', { className: 'facts' }, ...facts.flatMap(([term, value]) => [element('dt', { textContent: term }), element('dd', { textContent: value })]));
  $('queue').replaceChildren(list);
}

async function showFailedReports() {
  const { reports } = await api('GET', `/v1/traceability/reports${query({ status: 'failed', storeId: state.storeId, limit: 100 })}`);
  $('failed-reports').replaceChildren(
    ...(reports.length === 0 ? [element('li', { className: 'muted', textContent: 'No failed report.' })] : reports.map(failedReportCard)),
  );
}

function failedReportCard(report) {
  return element(
    'li',
    { dataset: { reportId: report.id } },
    element('strong', { textContent: `${report.kind} report · ${report.attempts} attempt${report.attempts === 1 ? '' : 's'} · failed ${when(report.failedAt)}` }),
    element('div', { textContent: `${report.reason ?? 'No reason given'}${report.reasonKind ? ` (${report.reasonKind})` : ''}` }),
    element('div', { className: 'muted', textContent: [report.orderId ? `order ${report.orderId}` : null, `happened ${when(report.occurredAt)}`].filter(Boolean).join(' · ') }),
    actionButton('failed-reports-panel', 'Send again', async () => {
      const sent = await api('POST', `/v1/traceability/reports/${report.id}/resend`);
      $('resend-result').textContent = `The ${sent.kind} report is ${sent.status} again.`;
      $('resend-result').hidden = false;
      await Promise.all([loadPanel('queue-panel', showQueue), showFailedReports()]);
    }),
  );
}

// ---- audit ----------------------------------------------------------------------------------

function loadAudit() {
  return loadPanel('audit-log-panel', () => searchAudit(false));
}

$('audit-form').addEventListener('submit', (event) => {
  event.preventDefault();
  loadPanel('audit-log-panel', () => searchAudit(false));
});

$('audit-older').addEventListener('click', () => loadPanel('audit-log-panel', () => searchAudit(true)));

const AUDIT_PAGE = 50;
const auditColumns = [column('#', true), column('When'), column('Action'), column('Entity'), column('By'), column('Store'), column('Reason'), column('Change')];

/** Newest entries matching the form; `older` adds the next page below the ones shown. */
async function searchAudit(older) {
  const form = Object.fromEntries(new FormData($('audit-form')));
  const page = await api('GET', `/v1/audit${query({ ...form, limit: AUDIT_PAGE, before: older ? state.auditBefore : null })}`);
  state.auditBefore = page.nextCursor;
  const rows = page.entries.map((e) =>
    row(
      auditColumns,
      [
        String(e.id),
        when(e.occurredAt),
        element('code', { textContent: e.action }),
        `${e.entityType}${e.entityId ? ` ${e.entityId}` : ''}`,
        actor(e.actorType, e.actorId),
        e.storeId ? storeName(e.storeId) : null,
        e.reason,
        e.before === null && e.after === null ? null : json({ before: e.before, after: e.after }),
      ],
      { dataset: { auditId: e.id } },
    ),
  );
  if (older) $('audit-entries').tBodies[0].append(...rows);
  else fillTable($('audit-entries'), auditColumns, rows, { empty: 'No audit entry matches.' });
  $('audit-older').hidden = page.nextCursor === null;
}

$('audit-verify').addEventListener('click', () =>
  loadPanel('audit-verify-panel', async () => {
    $('audit-verify-result').textContent = 'Checking…';
    $('audit-verify-result').className = 'muted';
    const result = await api('GET', '/v1/audit/verify');
    const unsealed = result.unsealed ? `; ${result.unsealed} newest not sealed yet` : '';
    if (result.ok) {
      $('audit-verify-result').textContent = `Intact: ${result.checked} entries checked${unsealed} (${new Date().toLocaleTimeString()}).`;
      $('audit-verify-result').className = 'intact';
    } else {
      const at = result.firstBreak;
      $('audit-verify-result').textContent = `Broken at entry ${at.auditId ?? '(missing)'}, chain position ${at.chainSeq}: ${at.message} (${at.problem}). ${result.checked} entries checked${unsealed}.`;
      $('audit-verify-result').className = 'broken';
    }
  }),
);

// ---- alerts ---------------------------------------------------------------------------------

function loadAlerts() {
  return loadPanel('alerts-panel', showAlerts);
}

$('alerts-status').addEventListener('change', loadAlerts);

async function showAlerts() {
  const { alerts } = await api('GET', `/v1/alerts${query({ status: $('alerts-status').value, limit: 100 })}`);
  $('alert-list').replaceChildren(...(alerts.length === 0 ? [element('li', { className: 'muted', textContent: 'No alert.' })] : alerts.map(alertCard)));
}

function alertCard(alert) {
  const change = (action) => async () => {
    await api('POST', `/v1/alerts/${alert.id}/${action}`, {});
    await showAlerts();
  };
  const handled = [
    alert.acknowledgedAt ? `acknowledged ${when(alert.acknowledgedAt)} by ${person(alert.acknowledgedBy)}` : null,
    alert.resolvedAt ? `resolved ${when(alert.resolvedAt)} by ${person(alert.resolvedBy)}` : null,
  ];
  return element(
    'li',
    { dataset: { alertId: alert.id }, className: alert.severity },
    element('strong', { textContent: `${alert.severity} · ${alert.title}` }),
    element('div', {
      className: 'muted',
      textContent: [alert.kind, storeName(alert.storeId), alert.status, `${alert.occurrences}× since ${when(alert.firstSeenAt)}, last ${when(alert.lastSeenAt)}`, ...handled]
        .filter(Boolean)
        .join(' · '),
    }),
    ...(alert.details ? [json(alert.details)] : []),
    ...(alert.status === 'open' ? [actionButton('alerts-panel', 'Acknowledge', change('acknowledge'))] : []),
    ...(alert.status !== 'resolved' ? [actionButton('alerts-panel', 'Resolve', change('resolve'))] : []),
  );
}

// Signed in already (the session cookie)? Go straight to the office.
attempt(start);
