// The Reports tab: the store's sales and tax for a period of its own days (docs/reports.md). A date
// range, by default this month so far at the store; the sales by day with the period's totals, how
// they were paid, by channel and by product type; what sold (per SKU, product, category or brand)
// and per budtender; the tax liability per code for filing; and every report as CSV. Every figure is the server's (reports:read): the page only lays them out, and a
// refused period (a bad date, to before from, more than a year) is shown with the server's reason.

import { $, api, element, money } from '../shared/ui.js';
import { column, fillTable, loadPanel, query, row, state, storeDate } from './common.js';

const PANEL = 'reports-panel';

const channelWords = { in_store: 'In store', pickup: 'Pickup', delivery: 'Delivery' };
const methodWords = { cash: 'Cash', terminal: 'Card terminal', gift_card: 'Gift card', store_credit: 'Store credit', simulator: 'Card (simulator)', outstanding: 'Not refunded yet' };
const methodName = (method) => methodWords[method] ?? method;


/** The period this page filled in by itself (this month so far at the store), while nobody has changed it. */
let filledIn = null;

export function forgetReports() {
  filledIn = null;
  $('reports-form').reset();
  for (const id of ['reports-days', 'reports-tenders', 'reports-refunds', 'reports-channels', 'reports-products', 'reports-sold', 'reports-budtenders', 'reports-taxes']) $(id).replaceChildren();
  $('reports-summary').textContent = '';
  for (const id of ['reports-sales-csv', 'reports-tax-csv', 'reports-sold-csv', 'reports-budtenders-csv']) $(id).removeAttribute('href');
}

export function loadReports() {
  // This month so far at the store, unless a person chose a period: a period filled in for another
  // store (or an earlier day) is filled in again, as another store's day may be another date.
  const untouched = filledIn && $('reports-from').value === filledIn.from && $('reports-to').value === filledIn.to;
  if (untouched || (!$('reports-from').value && !$('reports-to').value)) {
    const today = storeDate();
    filledIn = { from: `${today.slice(0, 8)}01`, to: today };
    $('reports-from').value = filledIn.from;
    $('reports-to').value = filledIn.to;
  }
  return loadPanel(PANEL, showReports);
}

$('reports-form').addEventListener('submit', (event) => {
  event.preventDefault();
  loadPanel(PANEL, showReports);
});
$('reports-group-by').addEventListener('change', () => loadPanel(PANEL, showReports));

/** The reports asked for last: an earlier request answering after it is not laid over it. */
let lastAsked = null;

async function showReports() {
  // The dates go as typed: the server says what is wrong with a period.
  const period = query({ from: $('reports-from').value, to: $('reports-to').value });
  const base = `/v1/stores/${state.storeId}/reports`;
  const grouped = query({ from: $('reports-from').value, to: $('reports-to').value, groupBy: $('reports-group-by').value });
  const asked = Promise.all([
    api('GET', `${base}/sales${period}`),
    api('GET', `${base}/tax${period}`),
    api('GET', `${base}/products${grouped}`),
    api('GET', `${base}/budtenders${period}`),
  ]);
  lastAsked = asked;
  const [sales, tax, products, budtenders] = await asked;
  // Another store was chosen, or another period asked for, while this one was read (a year's
  // report takes seconds): what shows is that request's answer, or its refusal.
  if (asked !== lastAsked) return void (await lastAsked);
  $('reports-sales-csv').href = `${base}/sales.csv${period}`;
  $('reports-tax-csv').href = `${base}/tax.csv${period}`;
  $('reports-sold-csv').href = `${base}/products.csv${grouped}`;
  $('reports-budtenders-csv').href = `${base}/budtenders.csv${period}`;
  $('reports-summary').textContent =
    `${sales.storeName}, ${sales.from} to ${sales.to} (days in ${sales.timezone}): ${sales.totals.orders} sale${sales.totals.orders === 1 ? '' : 's'}, ` +
    `${money(sales.totals.netSalesCents)} net sales, ${money(sales.totals.totalCents)} collected, ${money(tax.totals.liabilityCents)} tax owed.`;
  showDays(sales);
  showTenders(sales.totals);
  showChannels(sales.totals);
  showSold(products);
  showBudtenders(budtenders);
  showTaxes(tax);
}

const dayColumns = [
  column('Date'),
  column('Sales', true),
  column('Gross', true),
  column('Discounts', true),
  column('Net sales', true),
  column('Tax', true),
  column('Collected', true),
  column('Returns', true),
  column('Voids', true),
  column('Net collected', true),
];

function dayCells(label, f) {
  const refunds = (count, cents) => (count === 0 ? '—' : `${count} · ${money(-cents)}`);
  return [
    label,
    String(f.orders),
    money(f.grossCents),
    money(f.discountCents),
    money(f.netSalesCents),
    money(f.taxCents),
    money(f.totalCents),
    refunds(f.returns.count, f.returns.refundCents),
    refunds(f.voids.count, f.voids.amountCents),
    money(f.netCollectedCents),
  ];
}

function showDays(sales) {
  const rows = sales.days.map((d) =>
    row(dayColumns, dayCells(d.date, d), { dataset: { date: d.date }, className: d.orders === 0 && d.returns.count === 0 && d.voids.count === 0 ? 'muted' : '' }),
  );
  fillTable($('reports-days'), dayColumns, rows, { empty: 'No day in this period.', footer: row(dayColumns, dayCells('Total', sales.totals), { id: 'reports-days-total' }) });
}

function showTenders(totals) {
  const columns = [column('Tender'), column('Payments', true), column('Amount', true)];
  const rows = totals.tenders.map((t) => row(columns, [methodName(t.method), String(t.payments), money(t.amountCents)], { dataset: { method: t.method } }));
  const footer = row(columns, ['Collected', String(totals.tenders.reduce((s, t) => s + t.payments, 0)), money(totals.totalCents)]);
  fillTable($('reports-tenders'), columns, rows, { empty: 'Nothing was paid in this period.', footer });
  if (totals.cashRoundingCents !== 0) $('reports-tenders').prepend(element('caption', { className: 'muted', textContent: `Cash rounding: ${money(totals.cashRoundingCents)} (not part of what was collected).` }));

  const refundColumns = [column('Refunded to'), column('Amount', true)];
  const refundRows = totals.refundsByMethod.map((r) => row(refundColumns, [methodName(r.method), money(r.amountCents)], { dataset: { method: r.method } }));
  fillTable($('reports-refunds'), refundColumns, refundRows, {
    empty: 'No return or void in this period.',
    footer: row(refundColumns, ['Refunded', money(totals.returns.refundCents + totals.voids.amountCents)]),
  });
}

function showChannels(totals) {
  const columns = [column('Channel'), column('Sales', true), column('Gross', true), column('Discounts', true), column('Net sales', true), column('Collected', true)];
  const rows = totals.channels.map((c) =>
    row(columns, [channelWords[c.channel] ?? c.channel, String(c.orders), money(c.grossCents), money(c.discountCents), money(c.netSalesCents), money(c.totalCents)], { dataset: { channel: c.channel } }),
  );
  fillTable($('reports-channels'), columns, rows);

  const productColumns = [column('Products'), column('Gross', true), column('Discounts', true), column('Net sales', true), column('Tax', true), column('Collected', true)];
  const part = (label, key) => row(productColumns, [label, ...['grossCents', 'discountCents', 'netSalesCents', 'taxCents', 'totalCents'].map((k) => money(totals[key][k]))], { dataset: { part: key } });
  fillTable($('reports-products'), productColumns, [part('Cannabis', 'cannabis'), part('Non-cannabis (accessories)', 'nonCannabis')]);
}

const groupWords = { sku: 'SKU', product: 'Product', category: 'Category', brand: 'Brand' };
/** Units, and the weight of SKUs sold by weight in grams, as one cell ("3 · 7 g"). */
const quantity = (units, mg) => [units > 0 || mg === 0 ? String(units) : '', mg > 0 ? `${Number((mg / 1000).toFixed(3))} g` : ''].filter(Boolean).join(' · ');

function showSold(report) {
  const columns = [column(groupWords[report.groupBy] ?? report.groupBy), column('Sold', true), column('Gross', true), column('Discounts', true), column('Net sales', true), column('Tax', true), column('Returned', true)];
  const returned = (f) => (f.unitsReturned === 0 && f.weightReturnedMg === 0 ? '—' : `${quantity(f.unitsReturned, f.weightReturnedMg)} · ${money(-f.refundCents)}`);
  const cells = (label, f) => [label, quantity(f.unitsSold, f.weightSoldMg), money(f.grossCents), money(f.discountCents), money(f.netSalesCents), money(f.taxCents), returned(f)];
  const label = (g) => (g.code ? element('span', {}, element('code', { textContent: g.code }), ` ${g.label}`) : g.label);
  const rows = report.groups.map((g) => row(columns, cells(label(g), g), { dataset: { key: g.key ?? '' } }));
  fillTable($('reports-sold'), columns, rows, { empty: 'Nothing was sold or returned in this period.', footer: row(columns, cells('Total', report.totals), { id: 'reports-sold-total' }) });
}

function showBudtenders(report) {
  const columns = [
    column('Budtender'),
    column('Sales', true),
    column('Units', true),
    column('Net sales', true),
    column('Average sale', true),
    column('Collected', true),
    column('Returns', true),
    column('Voids', true),
  ];
  const refunds = (count, cents) => (count === 0 ? '—' : `${count} · ${money(-cents)}`);
  const cells = (label, b) => [
    label,
    String(b.orders),
    quantity(b.units, b.weightMg),
    money(b.netSalesCents),
    money(b.averageOrderCents),
    money(b.totalCents),
    refunds(b.returns.count, b.returns.refundCents),
    refunds(b.voids.count, b.voids.amountCents),
  ];
  const rows = report.budtenders.map((b) => row(columns, cells(b.name, b), { dataset: { budtender: b.budtenderId ?? '' } }));
  fillTable($('reports-budtenders'), columns, rows, { empty: 'No sale in this period.', footer: row(columns, cells('Total', report.totals), { id: 'reports-budtenders-total' }) });
}

/** A tax rate as a filing states it (0.0725 → 7.25 %); a row of sales made before rates were kept has none. */
const percent = (rate) => (rate === null ? '—' : `${Number((rate * 100).toFixed(4))} %`);

function showTaxes(tax) {
  const columns = [column('Code'), column('Tax'), column('In the price'), column('Rate', true), column('Taxed sales, net of returns', true), column('Collected', true), column('Refunded', true), column('Owed', true)];
  const rows = tax.taxes.map((t) =>
    row(
      columns,
      [element('code', { textContent: t.code }), t.label, t.includedInPrice ? 'yes' : 'no', percent(t.rate), money(t.netTaxedSalesCents), money(t.collectedCents), money(t.refundedCents), money(t.liabilityCents)],
      { dataset: { code: t.code, rate: String(t.rate) } },
    ),
  );
  const footer = row(columns, ['Total', '', '', '', '', money(tax.totals.collectedCents), money(tax.totals.refundedCents), money(tax.totals.liabilityCents)], { id: 'reports-taxes-total' });
  fillTable($('reports-taxes'), columns, rows, { empty: 'No tax was charged or refunded in this period.', footer });
}
