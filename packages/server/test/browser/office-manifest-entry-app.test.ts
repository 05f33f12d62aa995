// Entering a manifest in the back office's Receiving tab (packages/web/office/receiving.js) in a
// real browser against a real server: the inventory manager types a supplier's manifest line by
// line; a line the server refuses is marked at its field with nothing entered; once right, the
// manifest is entered as typed, listed and opened for counting. An auditor is not offered the form.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOffice, type OfficeTab } from '../support/office-page';
import { startTestServer, type TestServer } from '../support/test-server';

describe('back office: entering a manifest (Chromium)', () => {
  let server: TestServer;
  let office: OfficeTab;
  let page: Page;
  let oakland: string;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    oakland = (await db().selectFrom('store').select('id').where('license_number', '=', 'C10-0000001-LIC').executeTakeFirstOrThrow()).id;
    office = await openOffice(server);
    page = office.page;
  });
  afterAll(async () => {
    await office?.close();
    await server?.close();
  });

  const manifestsNumbered = (number: string) => db().selectFrom('inventory_manifest').select('id').where('number', '=', number).execute();

  async function openReceiving() {
    await page.selectOption('#store', oakland);
    await page.click('#tab-receiving');
    await page.locator('#manifest-create-form [name=skuId] option[value]:not([value=""])').first().waitFor({ state: 'attached' });
  }

  /** A line of the form; its SKU by code, or the SKU listed at the line's position. */
  async function typeLine(index: number, line: { tag: string; expected: string; batch: string; producer: string; skuCode?: string }) {
    const row = page.locator('#manifest-create-lines tbody tr').nth(index);
    await row.locator('[name=packageLabel]').fill(line.tag);
    const option = line.skuCode ? row.locator('[name=skuId] option', { hasText: `(${line.skuCode})` }) : row.locator('[name=skuId] option').nth(index + 1);
    const sku = await option.getAttribute('value');
    await row.locator('[name=skuId]').selectOption(sku!);
    await row.locator('[name=expectedQuantity]').fill(line.expected);
    await row.locator('[name=batchCode]').fill(line.batch);
    await row.locator('[name=producerLicense]').fill(line.producer);
    return sku!;
  }

  it('a manifest typed line by line is refused at the line that lacks its batch, then entered as typed and opened', async () => {
    await office.signInAs('inventory@demo.verdant.test');
    await openReceiving();
    const number = `PAPER-${Date.now()}`;
    await page.fill('#manifest-create-form [name=number]', number);
    await page.fill('#manifest-create-form [name=supplierName]', 'Emerald Farms');
    await page.fill('#manifest-create-form [name=supplierLicense]', 'CDPH-10003156');
    const first = await typeLine(0, { tag: '1A4FF0300000029000001001', expected: '12', batch: 'EF-2026-11', producer: 'CCL20-0000123' });
    await page.click('#manifest-create-add-line');
    // A SKU sold by weight: choosing it sets the line's unit to mg (the server refuses another unit).
    const second = await typeLine(1, { tag: '1a4ff0300000029000001002', expected: '3500', batch: '', producer: 'CCL20-0000123', skuCode: 'RR-SD-1G' });
    await expect.poll(() => page.locator('#manifest-create-lines tbody tr').nth(1).locator('[name=unit]').inputValue()).toBe('mg');
    expect(await page.locator('#manifest-create-lines tbody tr').nth(0).locator('[name=unit]').inputValue()).toBe('each');

    const path = `/v1/stores/${oakland}/manifests`;
    const refused = await office.answerTo(() => page.click('#manifest-create-form button[type=submit]'), path);
    expect(refused.status()).toBe(400);
    const invalid = await page.locator('#manifest-create-form [aria-invalid=true]').evaluateAll((nodes) => nodes.map((n) => [(n as HTMLInputElement).name, n.closest('tr')?.rowIndex ?? null]));
    expect(invalid).toEqual([['batchCode', 2]]); // the second line (row 0 is the header)
    await expect.poll(() => office.refusal('manifest-create-panel').textContent()).toMatch(/^line 2: /);
    expect(await manifestsNumbered(number)).toEqual([]);

    await page.locator('#manifest-create-lines tbody tr').nth(1).locator('[name=batchCode]').fill('EF-2026-12');
    const entered = await office.answerTo(() => page.click('#manifest-create-form button[type=submit]'), path);
    expect(entered.status()).toBe(201);
    expect(await page.locator('#manifest-create-form [aria-invalid=true]').count()).toBe(0);
    await expect.poll(() => office.result('manifest-create-panel').textContent()).toContain(`Manifest ${number} entered with 2 packages`);

    const [manifest] = await manifestsNumbered(number);
    const items = await db()
      .selectFrom('inventory_manifest_item')
      .select(['package_label', 'sku_id', 'unit', 'expected_quantity', 'status'])
      .where('manifest_id', '=', manifest.id)
      .orderBy('package_label')
      .execute();
    expect(items.map((i) => [i.package_label, i.sku_id, i.unit, Number(i.expected_quantity), i.status])).toEqual([
      ['1A4FF0300000029000001001', first, 'each', 12, 'pending'],
      ['1A4FF0300000029000001002', second, 'mg', 3500, 'pending'],
    ]);
    // Listed, opened for counting, and the form ready for the next one.
    await page.locator(`#manifest-list tr[data-manifest-id="${manifest.id}"]`).waitFor();
    await expect.poll(() => page.locator('#manifest-title').textContent()).toContain(number);
    expect(await page.locator('#manifest-items tbody tr').count()).toBe(2);
    expect(await page.locator('#manifest-create-lines tbody tr').count()).toBe(1);
    expect(await page.inputValue('#manifest-create-form [name=number]')).toBe('');
    expect(office.pageErrors).toEqual([]);
  });

  it('an auditor sees the manifests but is not offered the form', async () => {
    await office.signInAs('auditor@demo.verdant.test');
    await page.selectOption('#store', oakland);
    await page.click('#tab-receiving');
    await page.locator('#manifest-list-panel .body').waitFor();
    expect(await page.locator('#manifest-create-panel').isHidden()).toBe(true);
    expect(office.pageErrors).toEqual([]);
  });
});
