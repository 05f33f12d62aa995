// The back office's Reports tab (packages/web/office/reports.js) in a real browser against a real
// server: after register sales (cash with an accessory, the card terminal) and a return, the owner
// opens the tab on this month so far at the store, and the page shows the server's figures — each
// day, the totals, tenders, channels, products, what sold and per budtender, and the tax to file — with CSV links that download
// the same figures. A period the server refuses is shown with its reason; a budtender is not
// offered the tab.
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { openOffice, type OfficeTab } from '../support/office-page';
import { startTestServer, type TestServer } from '../support/test-server';

/** Dollars as the office shows them; a refund with its minus sign (U+2212). */
const money = (cents: number) => `${cents < 0 ? '−' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;
/** Amounts as the CSV writes them. */
const decimal = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

type Figures = Record<string, any>;

describe('back office reports (Chromium)', () => {
  let server: TestServer;
  let page: Page;
  let office: OfficeTab;
  let url: string;
  let owner: string;
  let fx: CheckoutFixture;
  let accessory: CheckoutFixture;
  let from: string;
  let today: string;

  const db = () => server.platform.database.db;
  const call = (method: string, path: string, body?: unknown) => server.request({ method, url: path, cookie: owner, ...(body !== undefined ? { body } : {}) });

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    fx = await stockedSku(db(), server.organizationId, { quantity: 20 });
    accessory = await stockedSku(db(), server.organizationId, { code: 'VS-BATT-510', quantity: 5 });
    const [buyer] = await customers(db(), server.organizationId, 1);
    const sale = async (body: Record<string, unknown>) => {
      const response = await call('POST', `/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customerId: buyer, ...body });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().order;
    };
    const cash = await sale({ lines: [{ skuId: fx.skuId, quantity: 2 }, { skuId: accessory.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
    await sale({ lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'terminal', terminalReference: 'OFFICE-RPT-1', cardLast4: '4242' }] });
    const back = await call('POST', `/v1/orders/${cash.id}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'wrong strain', refundTo: 'original' });
    expect(back.statusCode, back.body).toBe(201);

    const day = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
    today = day(new Date());
    from = `${today.slice(0, 8)}01`;

    office = await openOffice(server);
    page = office.page;
    url = office.url;
  });
  afterAll(async () => {
    await office?.close();
    await server?.close();
  });

  const texts = (selector: string) => page.locator(selector).locator('td').allTextContents();

  it('shows this month so far at the store: every day, the totals, tenders, channels, products and the tax to file, as the API has them', async () => {
    await office.signInAs('owner@demo.verdant.test');
    await page.click('#tab-reports');
    await page.locator('#reports-days-total').waitFor();
    expect(await page.inputValue('#reports-from')).toBe(from);
    expect(await page.inputValue('#reports-to')).toBe(today);

    const sales = (await call('GET', `/v1/stores/${fx.storeId}/reports/sales?from=${from}&to=${today}`)).json();
    const tax = (await call('GET', `/v1/stores/${fx.storeId}/reports/tax?from=${from}&to=${today}`)).json();
    expect(sales.totals.orders).toBe(2);
    expect(sales.totals.returns.count).toBe(1);

    const dayCells = (label: string, f: Figures) => [
      label,
      String(f.orders),
      money(f.grossCents),
      money(f.discountCents),
      money(f.netSalesCents),
      money(f.taxCents),
      money(f.totalCents),
      f.returns.count === 0 ? '—' : `${f.returns.count} · ${money(-f.returns.refundCents)}`,
      f.voids.count === 0 ? '—' : `${f.voids.count} · ${money(-f.voids.amountCents)}`,
      money(f.netCollectedCents),
    ];
    // Every day of the period is a row, today's with the sales; the footer is the totals.
    expect(await page.locator('#reports-days tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.date))).toEqual(sales.days.map((d: Figures) => d.date));
    expect(await texts(`#reports-days tr[data-date="${today}"]`)).toEqual(dayCells(today, sales.days.at(-1)));
    expect(await texts('#reports-days-total')).toEqual(dayCells('Total', sales.totals));

    // Tenders: cash and the terminal, adding up to what was collected; the refund went back in cash.
    for (const t of sales.totals.tenders) expect((await texts(`#reports-tenders tr[data-method="${t.method}"]`)).slice(1)).toEqual([String(t.payments), money(t.amountCents)]);
    expect((await texts('#reports-tenders tfoot tr')).at(-1)).toBe(money(sales.totals.totalCents));
    expect(await texts('#reports-refunds tr[data-method="cash"]')).toEqual(['Cash', money(sales.totals.returns.refundCents)]);

    expect(await texts('#reports-channels tr[data-channel="in_store"]')).toEqual(['In store', '2', ...['grossCents', 'discountCents', 'netSalesCents', 'totalCents'].map((k) => money(sales.totals[k]))]);
    for (const part of ['cannabis', 'nonCannabis']) {
      expect((await texts(`#reports-products tr[data-part="${part}"]`)).slice(1)).toEqual(['grossCents', 'discountCents', 'netSalesCents', 'taxCents', 'totalCents'].map((k) => money(sales.totals[part][k])));
    }
    expect(sales.totals.nonCannabis.netSalesCents).toBe(accessory.priceCents);

    // The tax to file: each code at its rate as the tax report has it, and what is owed in all.
    expect(tax.taxes.length).toBeGreaterThan(1);
    for (const t of tax.taxes) {
      expect(await texts(`#reports-taxes tr[data-code="${t.code}"]`)).toEqual([
        t.code,
        t.label,
        t.includedInPrice ? 'yes' : 'no',
        `${Number((t.rate * 100).toFixed(4))} %`,
        money(t.netTaxedSalesCents),
        money(t.collectedCents),
        money(t.refundedCents),
        money(t.liabilityCents),
      ]);
    }
    expect((await texts('#reports-taxes-total')).slice(-3)).toEqual([money(tax.totals.collectedCents), money(tax.totals.refundedCents), money(tax.totals.liabilityCents)]);
    expect(await page.textContent('#reports-summary')).toContain(`${money(tax.totals.liabilityCents)} tax owed`);
  });

  it('shows what sold and who sold it, their totals the sales report’s, with their CSV downloads', async () => {
    const sales = (await call('GET', `/v1/stores/${fx.storeId}/reports/sales?from=${from}&to=${today}`)).json();
    const products = (await call('GET', `/v1/stores/${fx.storeId}/reports/products?from=${from}&to=${today}`)).json();
    const budtenders = (await call('GET', `/v1/stores/${fx.storeId}/reports/budtenders?from=${from}&to=${today}`)).json();
    const sold = (f: Figures) => [String(f.unitsSold), money(f.grossCents), money(f.discountCents), money(f.netSalesCents), money(f.taxCents), f.unitsReturned === 0 ? '—' : `${f.unitsReturned} · ${money(-f.refundCents)}`];
    // Per SKU: the flower (3 sold, 1 returned) and the accessory, the totals the sales report's.
    expect(await page.locator('#reports-sold tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.key))).toEqual([fx.skuId, accessory.skuId]);
    expect((await texts(`#reports-sold tr[data-key="${fx.skuId}"]`)).slice(1)).toEqual(sold(products.groups[0]));
    expect(products.groups[0]).toMatchObject({ unitsSold: 3, unitsReturned: 1 });
    expect(await texts('#reports-sold-total')).toEqual(['Total', ...sold(products.totals)]);
    expect([products.totals.grossCents, products.totals.netSalesCents, products.totals.taxCents]).toEqual([sales.totals.grossCents, sales.totals.netSalesCents, sales.totals.taxCents]);
    // The owner rang both sales up: one budtender line, the totals the sales report's.
    const owner_ = budtenders.budtenders[0];
    expect(budtenders.budtenders).toHaveLength(1);
    const line = (f: Figures) => [String(f.orders), String(f.units), money(f.netSalesCents), money(f.averageOrderCents), money(f.totalCents), f.returns.count === 0 ? '—' : `${f.returns.count} · ${money(-f.returns.refundCents)}`, '—'];
    expect(await texts(`#reports-budtenders tr[data-budtender="${owner_.budtenderId}"]`)).toEqual([owner_.name, ...line(owner_)]);
    expect(await texts('#reports-budtenders-total')).toEqual(['Total', ...line(budtenders.totals)]);
    expect([budtenders.totals.orders, budtenders.totals.netSalesCents, budtenders.totals.totalCents]).toEqual([sales.totals.orders, sales.totals.netSalesCents, sales.totals.totalCents]);

    // By brand, and the CSV link follows the choice.
    await page.selectOption('#reports-group-by', 'brand');
    await expect.poll(() => page.locator('#reports-sold th').first().textContent()).toBe('Brand');
    expect(await page.locator('#reports-sold tbody td:first-child').allTextContents()).toEqual(['Humboldt Heritage', 'Verdant Supply']);
    expect(await texts('#reports-sold-total')).toEqual(['Total', ...sold(products.totals)]);
    const csv = await page.request.get(new URL((await page.locator('#reports-sold-csv').getAttribute('href'))!, url).toString());
    expect(csv.headers()['content-disposition']).toBe(`attachment; filename="products-by-brand-${from}-to-${today}.csv"`);
    expect(parse(await csv.text()).at(-1)).toEqual(['total', '', '', '4', '0', '1', '0', ...[products.totals.grossCents, products.totals.discountCents, products.totals.netSalesCents, products.totals.taxCents, products.totals.refundCents].map(decimal)]);
    const byBudtender = await page.request.get(new URL((await page.locator('#reports-budtenders-csv').getAttribute('href'))!, url).toString());
    const budtenderRows: Array<Record<string, string>> = parse(await byBudtender.text(), { columns: true });
    expect(budtenderRows.map((r) => [r.budtender, r.net_sales])).toEqual([
      [owner_.name, decimal(owner_.netSalesCents)],
      ['total', decimal(budtenders.totals.netSalesCents)],
    ]);
    await page.selectOption('#reports-group-by', 'sku');
    await expect.poll(() => page.locator('#reports-sold th').first().textContent()).toBe('SKU');
  });

  it('the CSV links download the same figures, a row per day and the totals', async () => {
    const sales = (await call('GET', `/v1/stores/${fx.storeId}/reports/sales?from=${from}&to=${today}`)).json();
    const salesCsv = await page.request.get(new URL((await page.locator('#reports-sales-csv').getAttribute('href'))!, url).toString());
    expect(salesCsv.status()).toBe(200);
    expect(salesCsv.headers()['content-disposition']).toBe(`attachment; filename="sales-${from}-to-${today}.csv"`);
    const rows: Array<Record<string, string>> = parse(await salesCsv.text(), { columns: true });
    expect(rows.map((r) => r.date)).toEqual([...sales.days.map((d: Figures) => d.date), 'total']);
    for (const [i, f] of [...sales.days, sales.totals].entries()) {
      expect([rows[i].orders, rows[i].gross, rows[i].discounts, rows[i].net_sales, rows[i].tax, rows[i].total_collected, rows[i].returns_refunded, rows[i].net_collected]).toEqual([
        String(f.orders),
        ...[f.grossCents, f.discountCents, f.netSalesCents, f.taxCents, f.totalCents, f.returns.refundCents, f.netCollectedCents].map(decimal),
      ]);
      for (const t of f.tenders) expect(rows[i][`tender_${t.method}`]).toBe(decimal(t.amountCents));
    }

    const tax = (await call('GET', `/v1/stores/${fx.storeId}/reports/tax?from=${from}&to=${today}`)).json();
    const taxCsv = await page.request.get(new URL((await page.locator('#reports-tax-csv').getAttribute('href'))!, url).toString());
    expect(taxCsv.status()).toBe(200);
    const taxRows: Array<Record<string, string>> = parse(await taxCsv.text(), { columns: true });
    const totals = taxRows.filter((r) => r.date === 'total');
    expect(totals.map((r) => [r.code, r.collected, r.refunded, r.liability])).toEqual(tax.taxes.map((t: Figures) => [t.code, decimal(t.collectedCents), decimal(t.refundedCents), decimal(t.liabilityCents)]));
    expect(taxRows.filter((r) => r.date === today).map((r) => r.code)).toEqual(tax.taxes.map((t: Figures) => t.code));
  });

  it('shows the server’s refusal of a period, and keeps the figures hidden until a good one', async () => {
    await page.fill('#reports-from', today);
    await page.fill('#reports-to', '2020-01-01');
    await page.click('#reports-form button[type=submit]');
    await expect.poll(() => office.refusal('reports-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await page.locator('#reports-panel .body').isHidden()).toBe(true);
    await page.fill('#reports-from', from);
    await page.fill('#reports-to', today);
    await page.click('#reports-form button[type=submit]');
    await page.locator('#reports-panel .body').waitFor();
    expect(await office.refusal('reports-panel').isHidden()).toBe(true);
    // Another period: a leap February, every day a row.
    await page.fill('#reports-from', '2024-02-01');
    await page.fill('#reports-to', '2024-02-29');
    await page.click('#reports-form button[type=submit]');
    await expect.poll(() => page.locator('#reports-days tbody tr').count()).toBe(29);
    expect(await texts('#reports-days-total')).toEqual(['Total', '0', ...Array(5).fill(money(0)), '—', '—', money(0)]);
  });

  it('a budtender is not offered the tab', async () => {
    await office.signInAs('budtender@demo.verdant.test');
    expect(await page.locator('#tab-reports').isHidden()).toBe(true);
    await office.signInAs('owner@demo.verdant.test');
    expect(await page.locator('#tab-reports').isHidden()).toBe(false);
    // Whoever signed in before left no period behind.
    await page.click('#tab-reports');
    await page.locator('#reports-days-total').waitFor();
    expect(await page.inputValue('#reports-from')).toBe(from);
  });
});
