// The back office's stock screens (packages/web/office: office.js, settings.js, receiving.js,
// counts.js) in a real browser, from a second review of inventory: a SKU sold by weight is counted
// in milligrams by the server, and the Stock tab shows it in grams, so the Low stock list, the
// reorder points, a manifest's receipt and a count's report must too; and every field that sends
// a quantity of such a SKU as typed must say it is in milligrams (a receiver who read "3.5 g" and
// typed 3 received 3 mg). Also the Stock tab's Aging and expiry panel.
import type { Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStores, newLabel, receivePackages } from '../support/inventory-fixtures';
import { openOffice, type OfficeTab } from '../support/office-page';
import { startTestServer, type TestServer } from '../support/test-server';

describe('back office: stock of a SKU sold by weight (Chromium)', () => {
  let server: TestServer;
  let office: OfficeTab;
  let page: Page;
  let oakland: string;
  let berkeley: string;
  let denver: string;
  /** A bulk flower SKU sold by weight, with 3.5 g (3,500 mg) on the Oakland sales floor. */
  let skuId: string;
  const shelf = newLabel();
  /** A manifest of 3.5 g more of it, not received yet. */
  let manifestId: string;
  const incoming = newLabel();
  /** A cycle count of the SKU on the sales floor, open. */
  let countId: string;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    const owner = await server.login('owner');
    ({ oakland, berkeley, denver } = await demoStores(server));
    const code = `BULK-${randomUUID().slice(0, 6).toUpperCase()}`;
    const created = await server.request({
      method: 'POST',
      url: '/v1/catalog/products',
      cookie: owner,
      body: { title: 'Review Bulk Flower', category: 'flower', status: 'active', skus: [{ code, sizeLabel: '1g', unit: 'weight', netWeightMg: 1000, prices: [{ storeId: oakland, priceCents: 1200 }] }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    skuId = created.json().skus[0].id;
    await receivePackages(server, owner, oakland, [{ label: shelf, skuId, quantity: 3500, unit: 'mg' }]);
    const entered = await server.request({
      method: 'POST',
      url: `/v1/stores/${oakland}/manifests`,
      cookie: owner,
      body: { number: `M-${randomUUID().slice(0, 8)}`, items: [{ packageLabel: incoming, skuId, unit: 'mg', expectedQuantity: 3500, batch: { code: `B-${randomUUID().slice(0, 6)}`, producerLicense: 'CCL20-0000123' } }] },
    });
    expect(entered.statusCode, entered.body).toBe(201);
    manifestId = entered.json().id;
    const started = await server.request({ method: 'POST', url: `/v1/stores/${oakland}/counts`, cookie: owner, body: { kind: 'cycle', locationCode: 'sales_floor', skuIds: [skuId] } });
    expect(started.statusCode, started.body).toBe(201);
    countId = started.json().id;
    // Reorder at 5 g, order 28 g: the API counts this SKU in milligrams.
    const point = await server.request({ method: 'PUT', url: `/v1/stores/${oakland}/reorder-points/${skuId}`, cookie: owner, body: { reorderAt: 5000, reorderQuantity: 28000 } });
    expect(point.statusCode, point.body).toBe(200);
    office = await openOffice(server);
    page = office.page;
    await office.signInAs('manager@demo.verdant.test');
    await page.selectOption('#store', oakland);
  });
  afterAll(async () => {
    await office?.close();
    await server?.close();
  });

  it('the Low stock list shows a SKU sold by weight in grams, as the availability list does', async () => {
    await page.click('#tab-stock');
    const available = page.locator(`#availability tr[data-sku-id="${skuId}"]`);
    await available.waitFor();
    expect((await available.locator('td').allTextContents())[3]).toBe('3.5 g');
    const low = page.locator(`#low-stock tr[data-sku-id="${skuId}"]`);
    await low.waitFor();
    const [, shownAvailable, reorderAt, reorderQuantity] = await low.locator('td').allTextContents();
    expect([shownAvailable, reorderAt, reorderQuantity]).toEqual(['3.5 g', '5 g', '28 g']);
    expect(office.pageErrors).toEqual([]);
  });

  it('the Aging and expiry panel lists what expires within the days asked, in the server’s order, in grams, and shows a refused filter with its reason', async () => {
    // The shelf package expires in 3 days at Oakland and was received 40 days ago there.
    await sql`update inventory_package
                 set expires_on = (now() at time zone 'America/Los_Angeles')::date + 3,
                     received_at = (((now() at time zone 'America/Los_Angeles')::date - 40)::timestamp + time '12:00') at time zone 'America/Los_Angeles'
               where label = ${shelf}`.execute(db());
    await page.click('#tab-stock');
    await page.fill('#aging-within', '3');
    const [asked] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === `/v1/stores/${oakland}/inventory/aging` && new URL(r.url()).search === '?expiringWithinDays=3'),
      page.click('#aging-form button[type=submit]'),
    ]);
    expect(asked.status()).toBe(200);
    const listed = page.locator(`#aging-packages tr[data-label="${shelf}"]`);
    await listed.waitFor();
    const cells = await listed.locator('td').allTextContents();
    expect([cells[3], cells[4], cells[6], cells[8], cells[9], cells[11]]).toEqual(['sales_floor 3.5 g', '3.5 g', '3.5 g', '40', '31–60 days', 'in 3 days']);
    // The rows are the server's, in its order: nothing expiring later.
    const owner = await server.login('owner');
    const report = (await server.request({ method: 'GET', url: `/v1/stores/${oakland}/inventory/aging?expiringWithinDays=3`, cookie: owner })).json();
    expect(report.packages.map((p: { label: string }) => p.label)).toContain(shelf);
    expect(await page.locator('#aging-packages tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.label))).toEqual(report.packages.map((p: { label: string }) => p.label));
    const withinWeek = page.locator('#aging-expiry tr[data-bucket="within_7_days"] td');
    expect((await withinWeek.allTextContents())[1]).toBe(String(report.expiryBuckets.find((b: { bucket: string }) => b.bucket === 'within_7_days').packages));
    expect(await page.getAttribute('#aging-csv', 'href')).toBe(`/v1/stores/${oakland}/inventory/aging.csv?expiringWithinDays=3`);

    await page.fill('#aging-within', '-1');
    await page.click('#aging-form button[type=submit]');
    await expect.poll(() => office.refusal('aging-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await page.locator('#aging-panel .body').isHidden()).toBe(true);
    await page.fill('#aging-within', '');
    expect(office.pageErrors).toEqual([]);
  });

  it('the reorder points show grams, the form says it takes milligrams for such a SKU, and its answer is in grams', async () => {
    await page.click('#tab-settings');
    const listed = page.locator(`#reorder-points tr[data-sku-id="${skuId}"]`);
    await listed.waitFor();
    const [, reorderAt, reorderQuantity, available] = await listed.locator('td').allTextContents();
    expect([reorderAt, reorderQuantity, available]).toEqual(['5 g', '28 g', '3.5 g']);

    // "Change" fills the form with what the API holds (milligrams), and says so.
    await listed.locator('button', { hasText: 'Change' }).click();
    expect(await page.inputValue('#reorder-form input[name=reorderAt]')).toBe('5000');
    const form = page.locator('#reorder-form');
    await expect.poll(() => form.locator('label', { has: page.locator('input[name=reorderAt]') }).textContent()).toContain('mg');
    expect(await form.locator('label', { has: page.locator('input[name=reorderQuantity]') }).textContent()).toContain('mg');

    await page.fill('#reorder-form input[name=reorderAt]', '7000');
    const response = await office.answerTo(() => page.click('#reorder-form button[type=submit]'), `/v1/stores/${oakland}/reorder-points/${skuId}`);
    expect(response.status()).toBe(200);
    await expect.poll(() => office.result('reorder-panel').textContent()).toContain('reorder at 7 g, order 28 g. Available now 3.5 g');
    expect(await db().selectFrom('inventory_reorder_point').select(['reorder_at', 'reorder_quantity']).where('store_id', '=', oakland).where('sku_id', '=', skuId).executeTakeFirst()).toEqual({
      reorder_at: 7000,
      reorder_quantity: 28000,
    });

    // A SKU sold by the unit takes units.
    const unitSku = await page.locator('#reorder-sku option', { hasText: 'RR-SD-35' }).first().getAttribute('value');
    await page.selectOption('#reorder-sku', unitSku!);
    await expect.poll(() => form.locator('label', { has: page.locator('input[name=reorderAt]') }).textContent()).not.toContain('mg');
    expect(office.pageErrors).toEqual([]);
  });

  it('a manifest of a package counted by weight: expected in grams, the counted field says mg, and what was received is shown in grams', async () => {
    await page.click('#tab-receiving');
    const entry = page.locator(`#manifest-list tr[data-manifest-id="${manifestId}"]`);
    await entry.waitFor();
    await entry.locator('button').click();
    await expect.poll(() => page.locator('#manifest-panel').getAttribute('data-manifest-id')).toBe(manifestId);
    const item = page.locator(`#manifest-items tr[data-package-label="${incoming}"]`);
    expect(await item.locator('td').nth(2).textContent()).toBe('3.5 g');
    expect(await item.locator('td').nth(4).textContent()).toContain('mg');
    await item.locator('[name=countedQuantity]').fill('3400');
    const receipt = await office.answerTo(() => page.click('#manifest-receive'), `/v1/stores/${oakland}/manifests/${manifestId}/receive`);
    expect(receipt.status()).toBe(200);
    await expect.poll(() => office.result('manifest-panel').textContent()).toContain(`${incoming} accepted 3.4 g into vault`);
    const received = page.locator(`#manifest-items tr[data-package-label="${incoming}"]`);
    const [, , expected, , counted, , accepted] = await received.locator('td').allTextContents();
    expect([expected, counted, accepted]).toEqual(['3.5 g', '3.4 g', '3.4 g']);
    const [, , shortExpected, shortCounted, shortBy] = await page.locator(`#manifest-discrepancies tr[data-package-label="${incoming}"]`).locator('td').allTextContents();
    expect([shortExpected, shortCounted, shortBy]).toEqual(['3.5 g', '3.4 g', '0.1 g']);
    const row = await db().selectFrom('inventory_manifest_item').select('accepted_quantity').where('manifest_id', '=', manifestId).executeTakeFirstOrThrow();
    expect(Number(row.accepted_quantity)).toBe(3400);
    expect(office.pageErrors).toEqual([]);
  });

  it('a count of a package counted by weight: the counted field says mg, and the variance report is in grams', async () => {
    await page.click('#tab-counts');
    const entry = page.locator(`#count-list tr[data-count-id="${countId}"]`);
    await entry.waitFor();
    await entry.locator('button').click();
    await expect.poll(() => page.locator('#count-panel').getAttribute('data-count-id')).toBe(countId);
    const line = page.locator(`#count-lines tr[data-package-label="${shelf}"]`);
    expect(await line.locator('td').nth(4).textContent()).toContain('mg');
    await line.locator('input.counted').fill('3300');
    const submitted = await office.answerTo(() => page.click('#count-submit'), `/v1/stores/${oakland}/counts/${countId}/submit`);
    expect(submitted.status()).toBe(200);
    await expect.poll(() => page.locator('#count-panel').getAttribute('data-status')).toBe('submitted');
    const [, , , expected, counted, variance] = await page.locator(`#count-lines tr[data-package-label="${shelf}"]`).locator('td').allTextContents();
    expect([expected, counted, variance]).toEqual(['3.5 g', '3.3 g', '-0.2 g']);
    // The totals too: milligrams are never shown as a bare number beside grams.
    expect(await page.locator('#count-summary').textContent()).toContain('over +0 · short −0.2 g');
    expect(await office.result('count-panel').textContent()).toContain('(over +0, short −0.2 g)');
    expect(office.pageErrors).toEqual([]);
  });

  it('a transfer of a package counted by weight: what is here and what was shipped in grams, and the quantity fields say mg', async () => {
    await page.selectOption('#store', oakland);
    await page.click('#tab-transfers');
    const line = page.locator('#transfer-lines tbody tr').first();
    await line.locator('[name=packageLabel]').fill(shelf);
    await line.locator('[name=packageLabel]').dispatchEvent('change');
    await expect.poll(() => line.locator('.here').textContent()).toBe('sales_floor 3.5 g');
    expect(await line.locator('td').nth(1).textContent()).toContain('mg');
    await page.selectOption('#transfer-to', berkeley);
    await line.locator('[name=quantity]').fill('1500');
    const shipped = await office.answerTo(() => page.click('#transfer-form button[type=submit]'), '/v1/inventory/transfers');
    expect(shipped.status()).toBe(201);
    await expect.poll(() => office.result('transfer-ship-panel').textContent()).toContain(`${shelf} 1.5 g from sales_floor`);
    const item = page.locator(`#transfer-items tr[data-package-label="${shelf}"]`);
    await expect.poll(async () => (await item.locator('td').allTextContents())[2]).toBe('1.5 g');

    // At Berkeley: 1.25 g arrived.
    await page.selectOption('#store', berkeley);
    await expect.poll(() => item.locator('[name=receivedQuantity]').count()).toBe(1);
    expect(await item.locator('td').nth(3).textContent()).toContain('mg');
    await item.locator('[name=receivedQuantity]').fill('1250');
    const received = await office.answerTo(() => page.click('#transfer-receive'), `/v1/inventory/transfers/${(await shipped.json()).id}/receive`);
    expect(received.status()).toBe(200);
    await expect.poll(() => office.result('transfer-panel').textContent()).toContain(`${shelf} 1.25 g of 1.5 g into vault (0.25 g short`);
    const [, , shippedShown, receivedShown] = await item.locator('td').allTextContents();
    expect([shippedShown, receivedShown]).toEqual(['1.5 g', '1.25 g']);
    expect(office.pageErrors).toEqual([]);
  });

  it('stock of a SKU the catalog does not have (inventory keeps SKUs by id) is listed by its id, and the rest of the list still shows', async () => {
    const owner = await server.login('owner');
    const unknown = randomUUID();
    await receivePackages(server, owner, denver, [{ label: newLabel(), skuId: unknown, quantity: 4 }]);
    await page.selectOption('#store', denver);
    await page.click('#tab-stock');
    const listed = page.locator(`#availability tr[data-sku-id="${unknown}"]`);
    await listed.waitFor();
    const [product, , code, available] = await listed.locator('td').allTextContents();
    expect([product, code, available]).toEqual([`${unknown} (not in the catalog)`, '—', '4']);
    expect(await page.locator('#availability-panel .refusal').isHidden()).toBe(true);
    expect(office.pageErrors).toEqual([]);
  });
});
