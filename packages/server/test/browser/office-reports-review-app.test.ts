// The back office's Reports tab, second review: an answer that comes back after a later request
// (another store chosen meanwhile, or another period asked for) laid the earlier store's or
// period's figures over the ones chosen, so the page showed a report of a store that was no
// longer selected. This test failed on the code it was written against.
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOffice, type OfficeTab } from '../support/office-page';
import { startTestServer, type TestServer } from '../support/test-server';

describe('back office reports: answers in the order they were asked (Chromium)', () => {
  let server: TestServer;
  let office: OfficeTab;
  let page: Page;
  let oakland: string;
  let denver: string;

  beforeAll(async () => {
    server = await startTestServer();
    const stores = await server.platform.database.db.selectFrom('store').select(['id', 'name']).where('organization_id', '=', server.organizationId).execute();
    oakland = stores.find((s) => s.name === 'Green Door Oakland')!.id;
    denver = stores.find((s) => s.name === 'Mile High Denver')!.id;
    office = await openOffice(server);
    page = office.page;
  });
  afterAll(async () => {
    await office?.close();
    await server?.close();
  });

  it('a slow report of the store left behind does not replace the report of the store chosen since', async () => {
    await office.signInAs('owner@demo.verdant.test');
    await page.selectOption('#store', oakland);
    // Oakland's sales report is held until Denver's has been shown.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let oaklandAsked = false;
    await page.route(`**/v1/stores/${oakland}/reports/sales?*`, async (route: Route) => {
      oaklandAsked = true;
      await held;
      await route.continue();
    });
    await page.click('#tab-reports');
    await expect.poll(() => oaklandAsked).toBe(true);
    await page.selectOption('#store', denver);
    await expect.poll(() => page.textContent('#reports-summary')).toContain('Mile High Denver');
    const denverCsv = await page.getAttribute('#reports-sales-csv', 'href');
    expect(denverCsv).toContain(denver);

    const oaklandAnswered = page.waitForResponse((r) => r.url().includes(`/v1/stores/${oakland}/reports/sales`));
    release();
    await oaklandAnswered;
    await page.waitForTimeout(200);
    expect(await page.textContent('#reports-summary')).toContain('Mile High Denver');
    expect(await page.textContent('#reports-summary')).not.toContain('Oakland');
    expect(await page.getAttribute('#reports-sales-csv', 'href')).toBe(denverCsv);
    expect(office.pageErrors).toEqual([]);
  });
  it('the period filled in for one store is filled in again for the next, whose day may be another date; a period a person chose stays', async () => {
    // 07:30 UTC on 1 December: still 30 November in Oakland (23:30), already 1 December in Denver (00:30).
    await page.clock.setFixedTime(new Date('2026-12-01T07:30:00Z'));
    try {
      await page.reload();
      await office.signInAs('owner@demo.verdant.test');
      await page.selectOption('#store', oakland);
      await page.click('#tab-reports');
      await expect.poll(() => page.inputValue('#reports-to')).toBe('2026-11-30');
      expect(await page.inputValue('#reports-from')).toBe('2026-11-01');
      await page.selectOption('#store', denver);
      await expect.poll(() => page.inputValue('#reports-to')).toBe('2026-12-01');
      expect(await page.inputValue('#reports-from')).toBe('2026-12-01');
      await expect.poll(() => page.textContent('#reports-summary')).toContain('Mile High Denver, 2026-12-01 to 2026-12-01');
      // A period typed by a person is theirs: kept when the store changes.
      await page.fill('#reports-from', '2026-10-01');
      await page.fill('#reports-to', '2026-10-31');
      await page.click('#reports-form button[type=submit]');
      await page.selectOption('#store', oakland);
      await expect.poll(() => page.textContent('#reports-summary')).toContain('Green Door Oakland, 2026-10-01 to 2026-10-31');
    } finally {
      await page.clock.resume();
    }
  });
});
