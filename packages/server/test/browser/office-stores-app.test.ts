// The back office's Stores tab (packages/web/office/stores.js) in a real browser against a real
// server: the owner reads the organization's stores as the database has them, opens a new store
// (its jurisdiction from the server's packs, its timezone following the jurisdiction) that has its
// locations from the first answer, changes it, and is refused a license number in use and an empty
// name, at their fields, with nothing changed; an auditor and a manager limited to one store see
// what they may and are refused the rest by the server. The owner sets a store's payments (cash
// rounding, cash sales only into an open drawer), which the register's sales then follow.
import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { launchChromium } from '../support/browser';
import { customers, stockedSku } from '../support/checkout-fixtures';
import { officePage } from '../support/office-page';
import { staffId } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('back office stores (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let office: ReturnType<typeof officePage>;
  let url: string;
  let oakland: string;
  let denver: string;
  let denverManagerEmail: string;
  /** The store the first test opens, which the second looks at. */
  let berkeley: string;

  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const stores = await db().selectFrom('store').select(['id', 'license_number']).execute();
    oakland = stores.find((s) => s.license_number === 'C10-0000001-LIC')!.id;
    denver = stores.find((s) => s.license_number === '402R-00001')!.id;
    // A manager who works in Denver only.
    denverManagerEmail = `denver-manager-${uuidv7()}@demo.verdant.test`;
    const owner = await server.login('owner');
    const created = await server.request({
      method: 'POST',
      url: '/v1/staff',
      cookie: owner,
      body: { email: denverManagerEmail, name: 'Dora Denver', role: 'manager', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [denver] },
    });
    expect(created.statusCode, created.body).toBe(201);
    browser = await launchChromium();
    page = await browser.newPage();
    office = officePage(page);
    await page.goto(`${url}/app/office/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signInAs = (email: string) => office.signInAs(email);
  const answerTo = (click: () => Promise<void>, path: string) => office.answerTo(click, path);
  const refusal = (panel: string) => office.refusal(panel);
  const result = (panel: string) => office.result(panel);
  const listedIds = () => page.locator('#store-list tbody tr[data-store-id]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.storeId));
  const pickerIds = () => page.locator('#store option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  const invalidFields = (form: string) => page.locator(`#${form} [aria-invalid=true]`).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).name));

  const storeRows = () => db().selectFrom('store').selectAll().orderBy('name').execute();
  /** What a refused request must leave as it was (the workers keep running: only what is about stores is compared). */
  async function footprint() {
    return {
      stores: await storeRows(),
      locations: await db().selectFrom('inventory_location').select(['id', 'store_id', 'code', 'name', 'sellable', 'active']).orderBy('id').execute(),
      audit: await db().selectFrom('audit_log').select('id').where('entity_type', '=', 'store').orderBy('id').execute(),
      events: await db().selectFrom('outbox_event').select('event_id').where('type', 'like', 'organizations.store.%').orderBy('event_id').execute(),
    };
  }

  async function openStoresTab() {
    await page.click('#tab-stores');
    await page.locator('#store-list tbody tr[data-store-id]').first().waitFor();
  }

  it('the owner opens a store from the screen with its locations, changes it, and is refused a license in use and an empty name, which change nothing', async () => {
    const owner = await staffId(server, 'owner');
    await signInAs('owner@demo.verdant.test');
    await openStoresTab();
    // The list is the organization's stores by name, as the database has them, with their state reporting.
    expect(await listedIds()).toEqual((await storeRows()).map((s) => s.id));
    const oaklandRow = page.locator(`#store-list tr[data-store-id="${oakland}"]`);
    const reporting = await db().selectFrom('trace_store_config').select('engine').where('store_id', '=', oakland).executeTakeFirst();
    const [name, jurisdiction, license, timezone, engine] = await oaklandRow.locator('td').allTextContents();
    expect([name, jurisdiction, license, timezone, engine]).toEqual([
      'Green Door Oakland',
      'US-CA · California',
      'C10-0000001-LIC',
      'America/Los_Angeles',
      ({ metrc: 'Metrc', biotrack: 'BioTrack' } as Record<string, string>)[reporting?.engine ?? 'none'] ?? 'not connected',
    ]);

    // The jurisdictions offered are the server's packs; the timezone follows the one chosen.
    const form = page.locator('#store-create-form');
    const field = (name: string) => form.locator(`[name=${name}]`);
    const offered = () => field('jurisdiction').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    const packs = (await server.request({ method: 'GET', url: '/v1/rules/jurisdictions', cookie: await server.login('owner') })).json().jurisdictions;
    await expect.poll(offered).toEqual(packs.map((p: { jurisdiction: string }) => p.jurisdiction));
    await field('jurisdiction').selectOption('US-CO');
    expect(await field('timezone').inputValue()).toBe('America/Denver');
    await field('jurisdiction').selectOption('US-CA');
    expect(await field('timezone').inputValue()).toBe('America/Los_Angeles');

    // A license number Oakland has: refused at its field, nothing written.
    await field('name').fill('Green Door Berkeley');
    await field('licenseNumber').fill('C10-0000001-LIC');
    await field('line1').fill('2100 Shattuck Ave');
    await field('city').fill('Berkeley');
    await field('region').fill('CA');
    await field('postalCode').fill('94704');
    await field('country').fill('US');
    const before = await footprint();
    const taken = await answerTo(() => form.locator('button[type=submit]').click(), '/v1/stores');
    expect(taken.status()).toBe(409);
    await expect.poll(() => refusal('store-create-panel').textContent()).toContain('LICENSE_TAKEN');
    expect(await refusal('store-create-panel').textContent()).toContain('License number');
    expect(await invalidFields('store-create-form')).toEqual(['licenseNumber']);
    expect(await footprint()).toEqual(before);
    expect(await listedIds()).toEqual(before.stores.map((s) => s.id));

    // Fixed, it opens: the row, its five locations and the audit row, all in the database at the answer.
    await field('licenseNumber').fill('C10-0000777-LIC');
    const opened = await answerTo(() => form.locator('button[type=submit]').click(), '/v1/stores');
    expect(opened.status()).toBe(201);
    berkeley = (await opened.json()).id;
    const row = await db().selectFrom('store').selectAll().where('id', '=', berkeley).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      organization_id: server.organizationId,
      name: 'Green Door Berkeley',
      license_number: 'C10-0000777-LIC',
      jurisdiction: 'US-CA',
      timezone: 'America/Los_Angeles',
      address: { line1: '2100 Shattuck Ave', city: 'Berkeley', region: 'CA', postalCode: '94704', country: 'US' },
    });
    const locations = await db().selectFrom('inventory_location').select(['code', 'kind', 'sellable', 'active']).where('store_id', '=', berkeley).orderBy('code').execute();
    expect(locations.map((l) => l.code)).toEqual(['display', 'in_transit', 'quarantine', 'sales_floor', 'vault']);
    expect(locations.every((l) => l.active)).toBe(true);
    expect(locations.filter((l) => l.sellable).map((l) => l.code)).toContain('sales_floor');
    const [audit] = await db().selectFrom('audit_log').select(['actor_id', 'store_id']).where('action', '=', 'store.created').where('entity_id', '=', berkeley).execute();
    expect(audit).toEqual({ actor_id: owner, store_id: berkeley });
    await expect.poll(() => result('store-create-panel').textContent()).toContain('Opened Green Door Berkeley (US-CA, license C10-0000777-LIC). It has its locations: display, in transit, quarantine, sales floor, vault.');
    expect(await refusal('store-create-panel').isHidden()).toBe(true);
    expect(await invalidFields('store-create-form')).toEqual([]);
    expect(await field('name').inputValue()).toBe('');

    // The screen shows the new store opened, with the locations the database has, in the list and in the picker.
    await expect.poll(() => page.locator('#store-panel').getAttribute('data-store-id')).toBe(berkeley);
    expect(await page.locator('#store-title').textContent()).toBe('Green Door Berkeley');
    const shownCodes = await page.locator('#store-locations tbody tr[data-location-code]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.locationCode));
    expect(shownCodes).toEqual(locations.map((l) => l.code));
    await expect.poll(() => listedIds()).toEqual((await storeRows()).map((s) => s.id));
    expect(await pickerIds()).toContain(berkeley);

    // Changed: the name and the address, the rest as it was.
    const edit = page.locator('#store-edit-form');
    const editField = (name: string) => edit.locator(`[name=${name}]`);
    expect(await editField('name').inputValue()).toBe('Green Door Berkeley');
    expect(await editField('jurisdiction').inputValue()).toBe('US-CA');
    await editField('name').fill('Green Door Berkeley Hills');
    await editField('line1').fill('1500 Solano Ave');
    await editField('line2').fill('Suite 2');
    const saved = await answerTo(() => edit.locator('button[type=submit]').click(), `/v1/stores/${berkeley}`);
    expect(saved.status()).toBe(200);
    expect(saved.request().postDataJSON()).toEqual({ name: 'Green Door Berkeley Hills', address: { line1: '1500 Solano Ave', line2: 'Suite 2', city: 'Berkeley', region: 'CA', postalCode: '94704', country: 'US' } });
    await expect.poll(() => result('store-panel').textContent()).toContain('Saved Green Door Berkeley Hills: name, address changed.');
    expect(await db().selectFrom('store').selectAll().where('id', '=', berkeley).executeTakeFirstOrThrow()).toMatchObject({
      name: 'Green Door Berkeley Hills',
      license_number: 'C10-0000777-LIC',
      timezone: 'America/Los_Angeles',
      address: { line1: '1500 Solano Ave', line2: 'Suite 2', city: 'Berkeley' },
    });
    const [updated] = await db().selectFrom('audit_log').select(['actor_id', 'before', 'after']).where('action', '=', 'store.updated').where('entity_id', '=', berkeley).execute();
    expect([updated.actor_id, (updated.before as { name: string }).name, (updated.after as { name: string }).name]).toEqual([owner, 'Green Door Berkeley', 'Green Door Berkeley Hills']);
    await expect.poll(() => page.locator(`#store-list tr[data-store-id="${berkeley}"] td`).first().textContent()).toBe('Green Door Berkeley Hills');
    expect(await page.locator(`#store option[value="${berkeley}"]`).textContent()).toBe('Green Door Berkeley Hills (US-CA)');

    // The medical endorsement: shown held (a new store's default), withdrawn by unticking it alone.
    const endorsement = () => page.locator('#store-facts dt:text-is("Medical endorsement") + dd').textContent();
    expect(await endorsement()).toBe('held');
    expect(await editField('medicalEndorsement').isChecked()).toBe(true);
    await editField('medicalEndorsement').uncheck();
    const withdrawn = await answerTo(() => edit.locator('button[type=submit]').click(), `/v1/stores/${berkeley}`);
    expect(withdrawn.status()).toBe(200);
    expect(withdrawn.request().postDataJSON()).toEqual({ medicalEndorsement: false });
    expect((await db().selectFrom('store').select('medical_endorsement').where('id', '=', berkeley).executeTakeFirstOrThrow()).medical_endorsement).toBe(false);
    await expect.poll(endorsement).toBe('not held');
    expect(await editField('medicalEndorsement').isChecked()).toBe(false);

    // The pickup hand-over the store offers: all three (the default), in store always; no drive-through lane.
    const offeredShown = () => page.locator('#store-facts dt:text-is("Pickup hand-over offered") + dd').textContent();
    const modeBox = (mode: string) => edit.locator(`input[name=pickupModesOffered][value=${mode}]`);
    expect(await offeredShown()).toBe('In store, Curbside, Drive-through');
    expect(await modeBox('in_store').isDisabled()).toBe(true);
    expect(await modeBox('in_store').isChecked()).toBe(true);
    await modeBox('drive_through').uncheck();
    const narrowed = await answerTo(() => edit.locator('button[type=submit]').click(), `/v1/stores/${berkeley}`);
    expect(narrowed.status()).toBe(200);
    expect(narrowed.request().postDataJSON()).toEqual({ pickupModesOffered: ['in_store', 'curbside'] });
    await expect.poll(offeredShown).toBe('In store, Curbside');
    expect((await db().selectFrom('store').select('pickup_modes_offered').where('id', '=', berkeley).executeTakeFirstOrThrow()).pickup_modes_offered).toEqual(['in_store', 'curbside']);
    expect(await modeBox('drive_through').isChecked()).toBe(false);
    expect(await modeBox('curbside').isChecked()).toBe(true);

    // An empty name, then Denver's license number: refused at their fields, nothing changed.
    const unchanged = await footprint();
    await editField('name').fill('   ');
    const empty = await answerTo(() => edit.locator('button[type=submit]').click(), `/v1/stores/${berkeley}`);
    expect(empty.status()).toBe(400);
    await expect.poll(() => refusal('store-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await refusal('store-panel').textContent()).toContain('Name');
    expect(await invalidFields('store-edit-form')).toEqual(['name']);
    expect(await result('store-panel').isHidden()).toBe(true);
    await editField('name').fill('Green Door Berkeley Hills');
    await editField('licenseNumber').fill('402R-00001');
    const licensed = await answerTo(() => edit.locator('button[type=submit]').click(), `/v1/stores/${berkeley}`);
    expect(licensed.status()).toBe(409);
    expect(licensed.request().postDataJSON()).toEqual({ licenseNumber: '402R-00001' });
    await expect.poll(() => refusal('store-panel').textContent()).toContain('LICENSE_TAKEN');
    expect(await invalidFields('store-edit-form')).toEqual(['licenseNumber']);
    expect(await footprint()).toEqual(unchanged);

    // Closed for a renovation: refused without a reason at its field, then closed with one.
    const status = page.locator('#store-status-form');
    const statusShown = () => page.locator('#store-facts dt:text-is("Status") + dd').textContent();
    expect(await statusShown()).toBe('open');
    await status.locator('[name=status]').selectOption('closed');
    const noReason = await answerTo(() => status.locator('button[type=submit]').click(), `/v1/stores/${berkeley}`);
    expect(noReason.status()).toBe(400);
    await expect.poll(() => refusal('store-panel').textContent()).toContain('Reason');
    expect(await invalidFields('store-status-form')).toEqual(['statusReason']);
    expect(await footprint()).toEqual(unchanged);
    await status.locator('[name=statusReason]').fill('Renovation of the sales floor');
    const closed = await answerTo(() => status.locator('button[type=submit]').click(), `/v1/stores/${berkeley}`);
    expect(closed.status()).toBe(200);
    expect(closed.request().postDataJSON()).toEqual({ status: 'closed', statusReason: 'Renovation of the sales floor' });
    await expect.poll(() => result('store-panel').textContent()).toContain('Green Door Berkeley Hills is now closed (for a while).');
    expect(await db().selectFrom('store').select(['status', 'status_reason']).where('id', '=', berkeley).executeTakeFirstOrThrow()).toEqual({ status: 'closed', status_reason: 'Renovation of the sales floor' });
    expect(await db().selectFrom('audit_log').select(['actor_id', 'reason']).where('action', '=', 'store.closed').where('entity_id', '=', berkeley).execute()).toEqual([{ actor_id: owner, reason: 'Renovation of the sales floor' }]);
    expect(await statusShown()).toContain('closed (for a while) since');
    await expect.poll(() => page.locator(`#store-list tr[data-store-id="${berkeley}"]`).getAttribute('data-status')).toBe('closed');
    // Retired for good: no status is offered any more.
    expect(await status.locator('[name=status] option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['open', 'retired']);
    await status.locator('[name=status]').selectOption('retired');
    await status.locator('[name=statusReason]').fill('License surrendered');
    expect((await answerTo(() => status.locator('button[type=submit]').click(), `/v1/stores/${berkeley}`)).status()).toBe(200);
    await expect.poll(statusShown).toContain('retired (for good) since');
    expect(await status.isHidden()).toBe(true);

    // The owner goes to work in the new store: the picker has it, and the list marks it.
    await page.click('#store-work-here');
    await expect.poll(() => page.locator('#store').inputValue()).toBe(berkeley);
    await page.locator(`#store-list tr.current[data-store-id="${berkeley}"]`).waitFor();
  });

  it('an auditor reads the stores but is offered no change, and the server refuses one; a manager of Denver changes Denver only and opens no store', async () => {
    await signInAs('auditor@demo.verdant.test');
    await openStoresTab();
    expect(await listedIds()).toEqual((await storeRows()).map((s) => s.id));
    expect(await page.locator('#store-create-panel').isHidden()).toBe(true);
    await page.locator(`#store-list tr[data-store-id="${berkeley}"] button.open`).click();
    await expect.poll(() => page.locator('#store-panel').getAttribute('data-store-id')).toBe(berkeley);
    await page.locator('#store-locations tbody tr[data-location-code=vault]').waitFor();
    expect(await page.locator('#store-edit-form').isHidden()).toBe(true);
    // Sent anyway, with the auditor's session: refused, nothing changed.
    const before = await footprint();
    const refused = await page.evaluate(async (id) => {
      const response = await fetch(`/v1/stores/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Renamed by the auditor' }) });
      return { status: response.status, code: (await response.json()).error.code };
    }, berkeley);
    expect(refused).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await footprint()).toEqual(before);

    await signInAs(denverManagerEmail);
    await openStoresTab();
    // Every store is listed; the picker has the one this manager works in.
    expect(await listedIds()).toEqual((await storeRows()).map((s) => s.id));
    expect(await pickerIds()).toEqual([denver]);
    expect(await page.locator('#store-create-panel').isHidden()).toBe(true);
    await page.locator(`#store-list tr[data-store-id="${oakland}"] button.open`).click();
    await expect.poll(() => page.locator('#store-panel').getAttribute('data-store-id')).toBe(oakland);
    expect(await page.locator('#store-edit-form').isHidden()).toBe(true);
    await page.locator(`#store-list tr[data-store-id="${denver}"] button.open`).click();
    await expect.poll(() => page.locator('#store-panel').getAttribute('data-store-id')).toBe(denver);
    await page.locator('#store-edit-form').waitFor();
    const edit = page.locator('#store-edit-form');
    await edit.locator('[name=postalCode]').fill('80205');
    await edit.locator('button[type=submit]').click();
    await expect.poll(() => result('store-panel').textContent()).toContain('Saved Mile High Denver: address changed.');
    expect((await db().selectFrom('store').select('address').where('id', '=', denver).executeTakeFirstOrThrow()).address).toMatchObject({ postalCode: '80205', city: 'Denver' });
    const [changed] = await db().selectFrom('audit_log').select('actor_id').where('action', '=', 'store.updated').where('entity_id', '=', denver).execute();
    const manager = await db().selectFrom('staff_user').select('id').where('email', '=', denverManagerEmail).executeTakeFirstOrThrow();
    expect(changed.actor_id).toBe(manager.id);
    // Opening a store or changing Oakland, sent anyway: refused, nothing changed.
    const unchanged = await footprint();
    const attempts = await page.evaluate(async ({ oakland }) => {
      const send = async (method: string, path: string, body: unknown) => {
        const response = await fetch(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return [response.status, (await response.json()).error.code];
      };
      return [
        await send('POST', '/v1/stores', { name: 'Side store', licenseNumber: 'SIDE-1', jurisdiction: 'US-CO', timezone: 'America/Denver' }),
        await send('PATCH', `/v1/stores/${oakland}`, { name: 'Renamed from Denver' }),
      ];
    }, { oakland });
    expect(attempts).toEqual([
      [403, 'STORE_NOT_ALLOWED'],
      [403, 'STORE_NOT_ALLOWED'],
    ]);
    expect(await footprint()).toEqual(unchanged);
  });

  it('the owner sets a store’s cash rounding and “cash sales need an open drawer” from its panel, only what changes is sent, a refusal marks its field; others are offered no such form', async () => {
    await signInAs('owner@demo.verdant.test');
    await openStoresTab();
    const panel = page.locator('#store-payments-panel');
    const form = page.locator('#store-payments-form');
    const rounding = form.locator('[name=cashRoundingCents]');
    const drawer = form.locator('[name=cashDrawerRequired]');
    const settingsRow = () => db().selectFrom('store_payment_setting').select(['cash_rounding_cents', 'cash_drawer_required']).where('store_id', '=', oakland).executeTakeFirst();
    const facts = () => page.locator('#store-payments-facts dd').allTextContents();
    const sent: string[] = [];
    page.on('request', (r) => r.url().endsWith(`/v1/stores/${oakland}/payment-settings`) && r.method() !== 'GET' && sent.push(r.method()));

    await page.locator(`#store-list tr[data-store-id="${oakland}"] button.open`).click();
    await expect.poll(() => panel.getAttribute('data-store-id')).toBe(oakland);
    expect(await panel.isVisible()).toBe(true);
    expect(await page.locator('#store-payments-name').textContent()).toBe('Green Door Oakland');
    // The form starts from the store's settings as the server has them (to the cent and no drawer
    // for a store that never set them): Oakland takes cash without a drawer, as every store does
    // until it says otherwise.
    const before = await settingsRow();
    const roundingBefore = before?.cash_rounding_cents ?? 1;
    expect(before?.cash_drawer_required ?? false).toBe(false);
    await expect.poll(async () => [await rounding.inputValue(), await drawer.inputValue()]).toEqual([String(roundingBefore), 'false']);
    expect(await facts()).toEqual([roundingBefore === 1 ? 'none (to the cent)' : `to the nearest ${roundingBefore}¢`, 'no']);
    await form.locator('button[type=submit]').click();
    await expect.poll(() => result('store-payments-panel').textContent()).toBe('Nothing to save: the settings are as the server answered.');
    expect(sent).toEqual([]);

    // Both set: saved as sent, and the server's answer shown.
    await rounding.selectOption('25');
    await drawer.selectOption('true');
    const saved = await answerTo(() => form.locator('button[type=submit]').click(), `/v1/stores/${oakland}/payment-settings`);
    expect(saved.status()).toBe(200);
    expect(saved.request().postDataJSON()).toEqual({ cashRoundingCents: 25, cashDrawerRequired: true });
    expect(await settingsRow()).toEqual({ cash_rounding_cents: 25, cash_drawer_required: true });
    await expect.poll(() => result('store-payments-panel').textContent()).toBe('Saved the payments of Green Door Oakland: cash rounding to the nearest 25¢; cash sales need an open drawer.');
    expect(await facts()).toEqual(['to the nearest 25¢', 'yes']);
    expect([await rounding.inputValue(), await drawer.inputValue()]).toEqual(['25', 'true']);
    // The register's cash sale without its drawer is refused from now on.
    const fx = await stockedSku(db(), server.organizationId, { quantity: 5 });
    const [buyer] = await customers(db(), server.organizationId, 1);
    const sale = await server.request({
      method: 'POST',
      url: `/v1/stores/${oakland}/pos-sales`,
      cookie: await server.login('manager'),
      body: { id: uuidv7(), customerId: buyer, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
    });
    expect(sale.statusCode, sale.body).toBe(422);
    expect(sale.json().error).toMatchObject({ code: 'REGISTER_SESSION_REQUIRED', details: { path: ['body', 'registerSessionId'] } });

    // Only what differs from the answer is sent.
    await drawer.selectOption('false');
    const changed = await answerTo(() => form.locator('button[type=submit]').click(), `/v1/stores/${oakland}/payment-settings`);
    expect(changed.request().postDataJSON()).toEqual({ cashDrawerRequired: false });
    expect(await settingsRow()).toEqual({ cash_rounding_cents: 25, cash_drawer_required: false });
    await expect.poll(facts).toEqual(['to the nearest 25¢', 'no']);

    // A rounding the server does not take (sent as if the form offered it): refused at its field, nothing changed.
    await rounding.evaluate((select) => ((select as HTMLSelectElement).querySelector('option[value="10"]') as HTMLOptionElement).setAttribute('value', '3'));
    await rounding.selectOption('3');
    const refused = await answerTo(() => form.locator('button[type=submit]').click(), `/v1/stores/${oakland}/payment-settings`);
    expect(refused.status()).toBe(400);
    await expect.poll(() => refusal('store-payments-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await refusal('store-payments-panel').textContent()).toContain('Cash rounding');
    expect(await invalidFields('store-payments-form')).toEqual(['cashRoundingCents']);
    expect(await result('store-payments-panel').isHidden()).toBe(true);
    expect(await settingsRow()).toEqual({ cash_rounding_cents: 25, cash_drawer_required: false });

    // A manager of Denver gets the form for Denver only; an auditor for no store.
    await signInAs(denverManagerEmail);
    await openStoresTab();
    await page.locator(`#store-list tr[data-store-id="${oakland}"] button.open`).click();
    await expect.poll(() => page.locator('#store-panel').getAttribute('data-store-id')).toBe(oakland);
    expect(await panel.isHidden()).toBe(true);
    await page.locator(`#store-list tr[data-store-id="${denver}"] button.open`).click();
    await expect.poll(() => panel.getAttribute('data-store-id')).toBe(denver);
    expect(await panel.isVisible()).toBe(true);
    // Denver's own settings, not Oakland's.
    const denverRow = await db().selectFrom('store_payment_setting').select('cash_rounding_cents').where('store_id', '=', denver).executeTakeFirst();
    expect(await rounding.inputValue()).toBe(String(denverRow?.cash_rounding_cents ?? 1));
    await signInAs('auditor@demo.verdant.test');
    await openStoresTab();
    await page.locator(`#store-list tr[data-store-id="${denver}"] button.open`).click();
    await expect.poll(() => page.locator('#store-panel').getAttribute('data-store-id')).toBe(denver);
    expect(await panel.isHidden()).toBe(true);
  });
});
