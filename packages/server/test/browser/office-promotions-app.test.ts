// The back office's Promotions tab (packages/web/office/promotions.js) in a real browser against a
// real server: a manager creates a coupon promotion through the form (exactly the body the create
// route takes, the database row as the form said), finds it listed and opened in words, previews
// a basket at the store where the code gives its discount and one where the server turns the code
// down (the minimum spend, an unknown code, then switched off), and switches it off. Refusals — a
// percent over 100 with an end before the start, a code another promotion holds, an end before the
// start in the change form — are shown at their fields and change nothing in the database (and
// items chosen by category with none ticked are not sent at all); a new limit and priority are
// saved; an archived promotion leaves the list, frees its code and comes back with "Show
// archived". Roles without `promotions:manage` are not offered the tab.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOffice, type OfficeTab } from '../support/office-page';
import { startTestServer, type TestServer } from '../support/test-server';

/** Dollars as the office shows them; a discount with its minus sign (U+2212). */
const money = (cents: number) => `${cents < 0 ? '−' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;

describe('back office promotions (Chromium)', () => {
  let server: TestServer;
  let page: Page;
  let office: OfficeTab;
  let manager: string;
  let oakland: string;
  let flower: { id: string; priceCents: number }; // HH-BD-35 at Oakland
  let battery: { id: string; priceCents: number }; // VS-BATT-510, an accessory
  /** The promotion the first test creates, which the second archives. */
  let springId: string;

  const db = () => server.platform.database.db;

  /** Every promotion of the organization through the API, archived ones included. */
  async function promotionsByApi() {
    const response = await server.request({ method: 'GET', url: '/v1/promotions?includeArchived=true', cookie: manager });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items as Array<{ id: string; version: number; archived: boolean; promotion: { name: string; active: boolean } }>;
  }
  /** What a refused write must leave as it was: the promotions, their codes and the audit rows about them. */
  async function footprint() {
    return {
      promotions: await db().selectFrom('promotion').selectAll().orderBy('id').execute(),
      codes: await db().selectFrom('promotion_code').selectAll().orderBy('code_key').execute(),
      audit: await db().selectFrom('audit_log').select('id').where('entity_type', '=', 'promotion').orderBy('id').execute(),
    };
  }

  async function skuAtOakland(code: string) {
    const sku = await db().selectFrom('sku').select('id').where('organization_id', '=', server.organizationId).where('code', '=', code).executeTakeFirstOrThrow();
    const price = await db().selectFrom('sku_price').select('price_cents').where('sku_id', '=', sku.id).where('store_id', '=', oakland).executeTakeFirstOrThrow();
    return { id: sku.id, priceCents: Number(price.price_cents) };
  }

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    oakland = (await db().selectFrom('store').select('id').where('license_number', '=', 'C10-0000001-LIC').executeTakeFirstOrThrow()).id;
    flower = await skuAtOakland('HH-BD-35');
    battery = await skuAtOakland('VS-BATT-510');
    office = await openOffice(server);
    page = office.page;
  });
  afterAll(async () => {
    await office?.close();
    await server?.close();
  });

  const answerTo = (click: () => Promise<void>, path: string) => office.answerTo(click, path);
  const refusal = (panel: string) => office.refusal(panel);
  const result = (panel: string) => office.result(panel);
  const createForm = () => page.locator('#promotion-create-form');
  const field = (name: string) => createForm().locator(`[name=${name}]`);
  const invalidFields = (form: string) => page.locator(`#${form} [aria-invalid=true]`).evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).getAttribute('name') ?? (n as HTMLElement).dataset.field));
  const whyAt = (form: string, name: string) => page.locator(`#${form} .why[data-field="${name}"]`).textContent();
  const listedIds = () => page.locator('#promotion-list tbody tr[data-promotion-id]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.promotionId));
  const listedRow = (id: string) => page.locator(`#promotion-list tr[data-promotion-id="${id}"]`);
  const fact = (key: string) => page.locator(`#promotion-facts dd[data-fact="${key}"]`).textContent();

  async function openPromotionsTab() {
    await page.click('#tab-promotions');
    await page.locator('#promotion-list tbody tr[data-promotion-id]').first().waitFor();
  }

  /** The preview form: these lines (SKU id, quantity) and codes, answered by the server. */
  async function preview(lines: Array<[string, number]>, codes: string) {
    const form = page.locator('#promotion-preview-form');
    while ((await form.locator('.preview-line').count()) < lines.length) await page.click('#preview-add-line');
    while ((await form.locator('.preview-line').count()) > lines.length) await form.locator('.preview-line button.remove').last().click();
    for (const [i, [skuId, quantity]] of lines.entries()) {
      await form.locator(`[name="lines.${i}.skuId"]`).selectOption(skuId);
      await form.locator(`[name="lines.${i}.quantity"]`).fill(String(quantity));
    }
    await form.locator('[name=couponCodes]').fill(codes);
    const answer = await answerTo(() => form.locator('button[type=submit]').click(), `/v1/stores/${oakland}/promotions/preview`);
    expect(answer.status(), await answer.text()).toBe(200);
    await page.locator('#preview-answer').waitFor();
    return answer;
  }

  it('a manager creates a coupon from the form, finds it listed and described, previews where it applies and where its code is turned down, and switches it off', async () => {
    await office.signInAs('manager@demo.verdant.test');
    await page.selectOption('#store', oakland);
    await openPromotionsTab();
    // The list is the organization's live promotions (the demo's two), in the server's order.
    expect(await listedIds()).toEqual((await promotionsByApi()).filter((p) => !p.archived).map((p) => p.id));

    // 20 % off flower with the code SPRING20, from a $50 basket, at Oakland, for a month.
    await field('name').fill('Spring flower: 20% off');
    await field('receiptLabel').fill('SPRING20');
    await field('storeId').selectOption(oakland);
    await field('actionType').selectOption('percent_off_items');
    expect(await field('amount').isHidden()).toBe(true);
    await field('percent').fill('20');
    await field('itemsKind').selectOption('categories');
    await field('items').selectOption(['flower']);
    await field('minSubtotal').fill('50');
    await field('codes').fill('SPRING20');
    await field('maxUses').fill('100');
    await field('maxUsesPerCustomer').fill('1');
    await field('startsAt').fill('2024-03-01T09:00');
    await field('endsAt').fill('2099-04-01T09:00');
    await field('priority').fill('50');
    const created = await answerTo(() => createForm().locator('button[type=submit]').click(), '/v1/promotions');
    expect(created.status(), await created.text()).toBe(201);
    // Exactly what the create route takes: the engine's promotion and where and how often.
    expect(created.request().postDataJSON()).toEqual({
      name: 'Spring flower: 20% off',
      receiptLabel: 'SPRING20',
      storeId: oakland,
      action: { type: 'percent_off_items', percent: 20, filter: { categories: ['flower'] } },
      conditions: [{ type: 'min_subtotal', cents: 5000 }],
      codes: ['SPRING20'],
      maxUses: 100,
      maxUsesPerCustomer: 1,
      // Typed as times on the store's clocks (Pacific): standard time in March 2024, daylight time in April 2099.
      startsAt: '2024-03-01T17:00:00.000Z',
      endsAt: '2099-04-01T16:00:00.000Z',
      priority: 50,
      stacking: 'stackable',
      active: true,
      loyalty: false,
    });
    springId = (await created.json()).id;
    const row = await db().selectFrom('promotion').selectAll().where('id', '=', springId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ organization_id: server.organizationId, store_id: oakland, name: 'Spring flower: 20% off', active: true, priority: 50, has_codes: true, max_uses: 100, max_uses_per_customer: 1, uses: 0, version: 1 });
    expect((await db().selectFrom('promotion_code').select('code').where('promotion_id', '=', springId).execute()).map((c) => c.code)).toEqual(['SPRING20']);
    await expect.poll(() => result('promotion-create-panel').textContent()).toContain('Created Spring flower: 20% off for Green Door Oakland: 20 % off flower items, with the code SPRING20. It is on.');
    expect(await field('name').inputValue()).toBe('');

    // Listed where the server puts it (priority 50 before the demo's 100), and opened in words.
    await expect.poll(listedIds).toEqual((await promotionsByApi()).filter((p) => !p.archived).map((p) => p.id));
    expect((await listedIds())[0]).toBe(springId);
    const cells = await listedRow(springId).locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['Spring flower: 20% off', 'Green Door Oakland', 'on']);
    expect(cells.slice(4, 7)).toEqual(['50', 'SPRING20', '0 of 100 · 1 per customer']);
    await expect.poll(() => page.locator('#promotion-panel').getAttribute('data-promotion-id')).toBe(springId);
    expect(await fact('gives')).toBe('20 % off flower items');
    expect(await fact('when')).toBe('the basket comes to at least $50.00 before discounts');
    expect(await fact('codes')).toBe('SPRING20');
    expect(await fact('uses')).toBe('0 of 100 · 1 per customer');

    // Two eighths of flower and a battery with the code: 20 % off the flower only, as the server says.
    const applies = await preview([[flower.id, 2], [battery.id, 1]], 'spring20');
    const answer = await applies.json();
    const discount = Math.round((2 * flower.priceCents * 20) / 100);
    expect(answer.applied.map((a: { promotionId: string; amountCents: number }) => [a.promotionId, a.amountCents])).toEqual([[springId, discount]]);
    const applied = page.locator(`#preview-applied li[data-promotion-id="${springId}"]`);
    expect(await applied.textContent()).toBe(`Spring flower: 20% off (code spring20): ${money(-discount)} off the lines · used 0 of 100`);
    const lineCells = (skuId: string) => page.locator(`#preview-priced tr[data-sku-id="${skuId}"] td`).allTextContents();
    expect((await lineCells(flower.id)).slice(2)).toEqual(['2', money(2 * flower.priceCents), money(-discount), money(2 * flower.priceCents - discount), `Spring flower: 20% off ${money(-discount)}`]);
    expect((await lineCells(battery.id)).slice(4, 6)).toEqual(['—', money(battery.priceCents)]);
    expect(await page.locator('#preview-total td').nth(5).textContent()).toBe(money(answer.totals.totalCents));
    expect(answer.totals.totalCents).toBe(2 * flower.priceCents + battery.priceCents - discount);

    // One eighth ($45) is under the $50 minimum: the code is turned down, with the reason.
    const under = await (await preview([[flower.id, 1]], 'SPRING20')).json();
    expect(under.rejected).toContainEqual({ promotionId: springId, code: 'SPRING20', reason: 'CONDITION_NOT_MET', condition: 'min_subtotal' });
    const turnedDown = page.locator(`#preview-rejected li[data-code="SPRING20"]`);
    expect(await turnedDown.textContent()).toBe('Code SPRING20 (Spring flower: 20% off): a condition is not met: the minimum spend CONDITION_NOT_MET');
    expect(await page.locator('#preview-applied li').allTextContents()).toEqual(['No promotion applies to this basket.']);
    // An unknown code, beside it.
    await preview([[flower.id, 2]], 'NOPE10');
    expect(await page.locator('#preview-rejected li[data-code="NOPE10"]').textContent()).toBe('Code NOPE10: no promotion has this code COUPON_UNKNOWN');

    // Switched off from its panel: the whole promotion replaced with active false, guarded by its version.
    expect(await page.locator('#promotion-switch').textContent()).toBe('Switch off');
    const switched = await answerTo(() => page.click('#promotion-switch'), `/v1/promotions/${springId}`);
    expect(switched.status()).toBe(200);
    expect(switched.request().method()).toBe('PUT');
    expect(switched.request().postDataJSON()).toMatchObject({ name: 'Spring flower: 20% off', active: false, codes: ['SPRING20'], storeId: oakland, maxUses: 100, maxUsesPerCustomer: 1, ifVersion: 1 });
    expect(switched.request().postDataJSON().id).toBeUndefined();
    await expect.poll(() => result('promotion-panel').textContent()).toContain('Spring flower: 20% off is switched off');
    expect(await db().selectFrom('promotion').select(['active', 'version', 'max_uses', 'starts_at']).where('id', '=', springId).executeTakeFirstOrThrow()).toMatchObject({
      active: false,
      version: 2,
      max_uses: 100,
      starts_at: row.starts_at,
    });
    await expect.poll(() => listedRow(springId).getAttribute('data-status')).toBe('off');
    expect(await page.locator('#promotion-switch').textContent()).toBe('Switch on');
    // Off, the code gives nothing where it gave 20 %.
    await preview([[flower.id, 2]], 'SPRING20');
    expect(await page.locator('#preview-rejected li[data-code="SPRING20"]').getAttribute('data-reason')).toBe('COUPON_INACTIVE');
  });

  it('refusals are shown at their fields and change nothing; the change form and archiving go through the server', async () => {
    await office.signInAs('manager@demo.verdant.test');
    await openPromotionsTab();
    const before = await footprint();
    const count = (await promotionsByApi()).length;

    // A percent over 100 and an end before the start: refused by the route, at both fields.
    await field('name').fill('Too generous');
    await field('actionType').selectOption('percent_off_order');
    await field('percent').fill('150');
    await field('startsAt').fill('2099-05-02T10:00');
    await field('endsAt').fill('2099-05-01T10:00');
    const refused = await answerTo(() => createForm().locator('button[type=submit]').click(), '/v1/promotions');
    expect(refused.status()).toBe(400);
    const error = (await refused.json()).error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.map((d: { path: unknown[] }) => d.path)).toEqual([
      ['body', 'action', 'percent'],
      ['body', 'endsAt'],
    ]);
    await expect.poll(() => refusal('promotion-create-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await refusal('promotion-create-panel').textContent()).toMatch(/^Percent off, Ends: /);
    expect(await invalidFields('promotion-create-form')).toEqual(['percent', 'endsAt']);
    expect(await whyAt('promotion-create-form', 'percent')).toContain('<=100');
    expect(await whyAt('promotion-create-form', 'endsAt')).toContain('startsAt must be before endsAt');
    expect(await result('promotion-create-panel').isHidden()).toBe(true);
    expect(await footprint()).toEqual(before);
    expect((await promotionsByApi()).length).toBe(count);

    // Fixed, but with the demo's code: 409 at the codes field, nothing written.
    await field('percent').fill('15');
    await field('startsAt').fill('');
    await field('endsAt').fill('');
    await field('codes').fill('welcome10');
    const taken = await answerTo(() => createForm().locator('button[type=submit]').click(), '/v1/promotions');
    expect(taken.status()).toBe(409);
    await expect.poll(() => refusal('promotion-create-panel').textContent()).toContain('COUPON_CODE_TAKEN');
    expect(await invalidFields('promotion-create-form')).toEqual(['codes']);
    expect(await footprint()).toEqual(before);

    // Items chosen by category with none ticked: the form says so and sends nothing.
    await field('codes').fill('');
    await field('actionType').selectOption('percent_off_items');
    await field('itemsKind').selectOption('categories');
    let sent = 0;
    const countCreates = (r: { method(): string; url(): string }) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/v1/promotions') sent += 1;
    };
    page.on('request', countCreates);
    await createForm().locator('button[type=submit]').click();
    await expect.poll(() => invalidFields('promotion-create-form')).toEqual(['items']);
    page.off('request', countCreates);
    expect(sent).toBe(0);
    expect(await footprint()).toEqual(before);

    // The change form: an end before the start is refused at its field; then a new limit is saved.
    await listedRow(springId).locator('button.open').click();
    await expect.poll(() => page.locator('#promotion-panel').getAttribute('data-promotion-id')).toBe(springId);
    const edit = page.locator('#promotion-edit-form');
    const version = (await promotionsByApi()).find((p) => p.id === springId)!.version;
    await edit.locator('[name=endsAt]').fill('2020-01-01T00:00');
    const early = await answerTo(() => edit.locator('button[type=submit]').click(), `/v1/promotions/${springId}`);
    expect(early.status()).toBe(400);
    await expect.poll(() => invalidFields('promotion-edit-form')).toEqual(['endsAt']);
    expect(await refusal('promotion-panel').textContent()).toContain('Ends: ');
    expect(await footprint()).toEqual(before);
    await edit.locator('[name=endsAt]').fill('2099-04-01T09:00');
    await edit.locator('[name=maxUses]').fill('250');
    await edit.locator('[name=priority]').fill('40');
    const saved = await answerTo(() => edit.locator('button[type=submit]').click(), `/v1/promotions/${springId}`);
    expect(saved.status()).toBe(200);
    expect(saved.request().postDataJSON()).toMatchObject({ maxUses: 250, priority: 40, ifVersion: version, active: false });
    await expect.poll(() => result('promotion-panel').textContent()).toBe('Saved Spring flower: 20% off: priority, uses in all changed.');
    expect(await invalidFields('promotion-edit-form')).toEqual([]);
    expect(await db().selectFrom('promotion').select(['max_uses', 'priority', 'version']).where('id', '=', springId).executeTakeFirstOrThrow()).toEqual({ max_uses: 250, priority: 40, version: version + 1 });

    // Archived after a confirmation: gone from the list, its code free, back with "Show archived".
    await page.fill('#promotion-archive-form [name=reason]', 'Spring is over');
    await page.click('#promotion-archive-form button[type=submit]');
    await expect.poll(() => page.locator('#promotion-archive-question').textContent()).toContain('its codes (SPRING20) become free');
    const archived = await answerTo(() => page.click('#promotion-archive-yes'), `/v1/promotions/${springId}`);
    expect(archived.status()).toBe(200);
    expect(archived.request().method()).toBe('DELETE');
    expect(new URL(archived.url()).searchParams.get('reason')).toBe('Spring is over');
    await expect.poll(() => result('promotion-panel').textContent()).toContain('Archived Spring flower: 20% off; its codes (SPRING20) are free again.');
    expect((await db().selectFrom('promotion').select('archived_at').where('id', '=', springId).executeTakeFirstOrThrow()).archived_at).not.toBeNull();
    expect(await db().selectFrom('promotion_code').select('code').where('promotion_id', '=', springId).execute()).toEqual([]);
    expect(await page.locator('#promotion-changes').isHidden()).toBe(true);
    expect(await fact('status')).toBe('archived');
    await expect.poll(listedIds).not.toContain(springId);
    await page.check('#promotion-list-form [name=includeArchived]');
    await expect.poll(() => listedRow(springId).getAttribute('data-status')).toBe('archived');
    expect(await listedRow(springId).locator('button.switch').count()).toBe(0);
  });

  it('roles without promotions:manage are not offered the tab', async () => {
    for (const email of ['budtender@demo.verdant.test', 'auditor@demo.verdant.test', 'inventory@demo.verdant.test']) {
      await office.signInAs(email);
      await expect.poll(() => page.locator('#who').textContent()).not.toBe('manager');
      expect(await page.locator('#tab-promotions').isHidden(), email).toBe(true);
      expect(await page.locator('#promotions').isHidden(), email).toBe(true);
    }
    await office.signInAs('manager@demo.verdant.test');
    await page.locator('#tab-promotions').waitFor();
    // The list, its opened promotion and what was typed belong to the last session: all gone.
    await page.click('#tab-promotions');
    await page.locator('#promotion-list tbody tr[data-promotion-id]').first().waitFor();
    expect(await page.locator('#promotion-panel').isHidden()).toBe(true);
    expect(await page.locator('#preview-answer').isHidden()).toBe(true);
    expect(await page.locator('#promotion-list-form [name=includeArchived]').isChecked()).toBe(false);
  });

  it('the preview’s time is the store’s, as its time windows are, whatever the time zone of the computer', async () => {
    // An evening deal at Oakland (Pacific time), from 20:00 to 22:00 there.
    const created = await server.request({
      method: 'POST',
      url: '/v1/promotions',
      cookie: manager,
      body: { name: 'Evening 10', storeId: oakland, action: { type: 'percent_off_order', percent: 10 }, conditions: [{ type: 'time_window', start: '20:00', end: '22:00' }], codes: ['EVENING10'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const eveningId = created.json().id;
    // The manager's computer is in Tokyo, far from the store.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Tokyo' });
    try {
      await office.signInAs('manager@demo.verdant.test');
      await page.selectOption('#store', oakland);
      await openPromotionsTab();
      await page.fill('#promotion-preview-form [name=at]', '2099-06-01T21:00');
      const answer = await preview([[flower.id, 1]], 'EVENING10');
      // 21:00 typed is 21:00 at the store: 04:00 the next day in UTC (Pacific daylight time).
      expect(answer.request().postDataJSON().at).toBe('2099-06-02T04:00:00.000Z');
      const applied = page.locator(`#preview-applied li[data-promotion-id="${eveningId}"]`);
      expect(await applied.textContent()).toContain('Evening 10 (code EVENING10)');
      expect(await page.locator('#preview-rejected li[data-code="EVENING10"]').count()).toBe(0);

      // A promotion's dates are typed, saved and shown on the store's clocks too.
      await field('name').fill('Summer weekend');
      await field('storeId').selectOption(oakland);
      await field('actionType').selectOption('percent_off_order');
      await field('percent').fill('5');
      await field('startsAt').fill('2099-07-01T09:00');
      await field('endsAt').fill('2099-07-03T21:30');
      const summer = await answerTo(() => createForm().locator('button[type=submit]').click(), '/v1/promotions');
      expect(summer.status(), await summer.text()).toBe(201);
      expect(summer.request().postDataJSON()).toMatchObject({ startsAt: '2099-07-01T16:00:00.000Z', endsAt: '2099-07-04T04:30:00.000Z' });
      const summerId = (await summer.json()).id as string;
      // The form's own refresh of the list is over once it says what it created.
      await expect.poll(() => result('promotion-create-panel').textContent()).toContain('Created Summer weekend');
      await expect.poll(() => listedRow(summerId).count()).toBe(1);
      const dates = (await listedRow(summerId).locator('td').allTextContents())[3];
      expect(dates).toMatch(/from Jul 1, 2099, 9:00\sAM PDT until Jul 3, 2099, 9:30\sPM PDT/);
      // Created, it is open (the form opened it before saying so): the change form shows its dates
      // as they were typed, and a changed end is read on the store's clocks. (Opening it again here
      // would read it again, and that read could refill the form over what is typed next.)
      expect(await page.locator('#promotion-panel').getAttribute('data-promotion-id')).toBe(summerId);
      const edit = page.locator('#promotion-edit-form');
      expect(await edit.locator('[name=startsAt]').inputValue()).toBe('2099-07-01T09:00');
      expect(await edit.locator('[name=endsAt]').inputValue()).toBe('2099-07-03T21:30');
      await edit.locator('[name=endsAt]').fill('2099-07-03T22:00');
      expect(await edit.locator('[name=endsAt]').inputValue()).toBe('2099-07-03T22:00');
      const changed = await answerTo(() => edit.locator('button[type=submit]').click(), `/v1/promotions/${summerId}`);
      expect(changed.status(), await changed.text()).toBe(200);
      expect(changed.request().postDataJSON()).toMatchObject({ startsAt: '2099-07-01T16:00:00.000Z', endsAt: '2099-07-04T05:00:00.000Z' });
    } finally {
      await cdp.send('Emulation.setTimezoneOverride', { timezoneId: '' });
      await cdp.detach();
    }
  });
});
