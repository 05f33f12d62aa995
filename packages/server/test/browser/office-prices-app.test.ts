// The back office's Prices tab (packages/web/office/prices.js) in a real browser against a real
// server: a manager finds a SKU by its code, sets the organization-wide price now and one store's
// own price from a date ahead (typed on that store's clocks), sees both listed — the organization's
// in force at the store without its own price, the one set ahead with its start and who set it —
// withdraws the one set ahead, and the database (sku_price_schedule, sku_price) holds what the
// screen said. Who set a price and what is in force come with the price history (no audit read). A start that has passed is refused at its field and writes nothing; a role without
// `catalog:write` is not offered the tab.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOffice, type OfficeTab } from '../support/office-page';
import { startTestServer, type TestServer } from '../support/test-server';

describe('back office prices (Chromium)', () => {
  let server: TestServer;
  let page: Page;
  let office: OfficeTab;
  let skuId: string;
  let denver: string;
  let sanFrancisco: string;
  let managerId: string;

  const db = () => server.platform.database.db;
  const storeId = async (licenseNumber: string) => (await db().selectFrom('store').select('id').where('license_number', '=', licenseNumber).executeTakeFirstOrThrow()).id;
  /**
   * What the price tables hold for the SKU: the organization's entries and the ones set ahead (a
   * store price set now is an entry of the price history too, written with its sku_price row, so
   * it is left to storePrices here).
   */
  async function prices() {
    return {
      schedule: await db()
        .selectFrom('sku_price_schedule')
        .select(['id', 'store_id', 'price_cents', 'effective_from', 'ended_at', 'created_by'])
        .where('sku_id', '=', skuId)
        .where((eb) => eb.or([eb('store_id', 'is', null), eb('effective_from', '>', eb.ref('created_at'))]))
        .orderBy('effective_from')
        .execute(),
      storePrices: await db().selectFrom('sku_price').select(['store_id', 'price_cents', 'updated_at']).where('sku_id', '=', skuId).orderBy('store_id').execute(),
    };
  }

  beforeAll(async () => {
    server = await startTestServer();
    skuId = (await db().selectFrom('sku').select('id').where('organization_id', '=', server.organizationId).where('code', '=', 'HH-BD-35').executeTakeFirstOrThrow()).id;
    denver = await storeId('402R-00001');
    sanFrancisco = await storeId('C10-0000003-LIC');
    managerId = (await db().selectFrom('staff_user').select('id').where('email', '=', 'manager@demo.verdant.test').executeTakeFirstOrThrow()).id;
    // San Francisco without a price of its own: the organization-wide one is what it sells at.
    const removed = await server.request({ method: 'DELETE', url: `/v1/catalog/skus/${skuId}/prices/${sanFrancisco}`, cookie: await server.login('owner') });
    expect(removed.statusCode, removed.body).toBe(204);
    office = await openOffice(server);
    page = office.page;
  });
  afterAll(async () => {
    await office?.close();
    await server?.close();
  });

  const panel = '#price-panel';
  const storeRow = (id: string) => page.locator(`#price-stores tr[data-store-id="${id}"]`);
  const scheduledRows = () => page.locator('#price-scheduled tbody tr[data-entry-id]');

  it('a manager sets the organization price and a store price ahead, sees both, withdraws the one ahead, and a passed start is refused at its field', async () => {
    await office.signInAs('manager@demo.verdant.test');
    // Who set a price and what is in force come with the price history: the tab reads no audit log.
    const auditReads: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/v1/audit')) auditReads.push(request.url());
    });
    await page.click('#tab-prices');
    await page.fill('#price-find-form [name=q]', 'hh-bd-35');
    await page.click('#price-find-form button[type=submit]');
    // Its SKUs are listed (the product's other sizes too), and the one whose whole code was typed opens by itself.
    await expect.poll(() => page.locator('#price-find-results tbody tr[data-sku-id]').count()).toBeGreaterThan(1);
    await expect.poll(() => page.locator(panel).getAttribute('data-sku-id')).toBe(skuId);
    expect(await page.locator('#price-title').textContent()).toContain('(HH-BD-35)');
    expect(await page.locator('#price-organization').textContent()).toContain('None');
    expect(await storeRow(sanFrancisco).getAttribute('data-source')).toBe('none');

    // The organization-wide price, now.
    const orgForm = page.locator('#price-organization-form');
    await orgForm.locator('[name=price]').fill('39.50');
    const setOrg = await office.answerTo(() => orgForm.locator('button[type=submit]').click(), `/v1/catalog/skus/${skuId}/organization-price`);
    expect(setOrg.status(), await setOrg.text()).toBe(200);
    expect(setOrg.request().postDataJSON()).toEqual({ priceCents: 3950 });
    await expect.poll(() => office.result('price-panel').textContent()).toContain('at $39.50 from now');
    expect(await page.locator('#price-organization').getAttribute('data-price-cents')).toBe('3950');
    await expect.poll(() => storeRow(sanFrancisco).getAttribute('data-source')).toBe('organization');
    expect(await storeRow(sanFrancisco).textContent()).toContain('$39.50');

    // Denver's own price, from 7 March 2031 00:00 on Denver's clocks (MST, UTC−7).
    const storeForm = page.locator('#price-store-form');
    await storeForm.locator('[name=storeId]').selectOption(denver);
    await storeForm.locator('[name=price]').fill('30');
    await storeForm.locator('[name=effectiveFrom]').fill('2031-03-07T00:00');
    const setAhead = await office.answerTo(() => storeForm.locator('button[type=submit]').click(), `/v1/catalog/skus/${skuId}/prices/${denver}`);
    expect(setAhead.status(), await setAhead.text()).toBe(200);
    expect(setAhead.request().postDataJSON()).toEqual({ priceCents: 3000, effectiveFrom: '2031-03-07T07:00:00.000Z' });
    await expect.poll(() => scheduledRows().count()).toBe(1);
    const ahead = scheduledRows().first();
    const aheadText = await ahead.textContent();
    expect(aheadText).toContain('Mile High Denver');
    expect(aheadText).toContain('$30.00');
    expect(aheadText).toContain('Mar 7, 2031, 12:00 AM MST');
    expect(aheadText).toContain('Marcus Manager');
    const entryId = await ahead.getAttribute('data-entry-id');
    // Denver still sells at its own price until then, as the screen says.
    const denverShown = Number(await storeRow(denver).getAttribute('data-price-cents'));
    expect(await storeRow(denver).getAttribute('data-source')).toBe('own');

    // The database as the screen said: the organization's entry started, Denver's waiting, each by the manager.
    let now = await prices();
    expect(now.schedule.map((e) => ({ ...e, effective_from: new Date(e.effective_from).toISOString() }))).toEqual([
      expect.objectContaining({ store_id: null, price_cents: 3950, ended_at: null, created_by: managerId }),
      { id: entryId, store_id: denver, price_cents: 3000, effective_from: '2031-03-07T07:00:00.000Z', ended_at: null, created_by: managerId },
    ]);
    expect(now.storePrices.find((p) => p.store_id === denver)?.price_cents).toBe(denverShown);
    expect(now.storePrices.some((p) => p.store_id === sanFrancisco)).toBe(false);

    // A start that has passed: refused at its field, nothing written.
    const before = await prices();
    await storeForm.locator('[name=price]').fill('28');
    await storeForm.locator('[name=effectiveFrom]').fill('2020-01-01T09:00');
    const refused = await office.answerTo(() => storeForm.locator('button[type=submit]').click(), `/v1/catalog/skus/${skuId}/prices/${denver}`);
    expect(refused.status()).toBe(422);
    await expect.poll(() => office.refusal('price-panel').textContent()).toContain('PRICE_START_PASSED');
    expect(await storeForm.locator('[name=effectiveFrom]').getAttribute('aria-invalid')).toBe('true');
    expect(await storeForm.locator('.why[data-field=effectiveFrom]').textContent()).toContain('This start has passed');
    expect(await prices()).toEqual(before);

    // Withdrawn before it starts: gone from the screen and from the schedule.
    const withdrawn = await office.answerTo(() => ahead.locator('button.withdraw').click(), `/v1/catalog/skus/${skuId}/scheduled-prices/${entryId}`);
    expect(withdrawn.status()).toBe(204);
    await expect.poll(() => scheduledRows().count()).toBe(0);
    await expect.poll(() => office.result('price-panel').textContent()).toContain('Withdrew $30.00 at Mile High Denver');
    now = await prices();
    expect(now.schedule).toEqual([expect.objectContaining({ store_id: null, price_cents: 3950, ended_at: null })]);
    expect(now.storePrices).toEqual(before.storePrices);

    // The organization-wide price removed, after naming the stores that stop selling the SKU: ended, kept as history.
    await page.click('#price-organization-remove');
    expect(await page.locator('#price-organization-stops').textContent()).toBe('Green Door San Francisco');
    const removed = await office.answerTo(() => page.click('#price-organization-remove-confirm'), `/v1/catalog/skus/${skuId}/organization-price`);
    expect(removed.status()).toBe(204);
    await expect.poll(() => storeRow(sanFrancisco).getAttribute('data-source')).toBe('none');
    expect(await page.locator('#price-organization').textContent()).toContain('None');
    expect((await prices()).schedule).toEqual([expect.objectContaining({ store_id: null, price_cents: 3950, ended_at: expect.any(Date) })]);

    expect(auditReads).toEqual([]);

    // A budtender (no catalog:write) is not offered the tab.
    await office.signInAs('budtender@demo.verdant.test');
    expect(await page.locator('#tab-prices').isHidden()).toBe(true);
    expect(office.pageErrors).toEqual([]);
  });
});
