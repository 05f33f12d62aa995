// The back office's Staff tab (packages/web/office/staff.js) in a real browser against a real
// server: the owner adds a budtender from the screen (a short password, an e-mail in use and a
// missing confirmation refused first, at their fields, with nobody created), who then signs in
// through the API; changes their role and deactivates them (each signs them out) and reactivates
// them; sets a driver's state credentials, whose licence number never comes back to the page; adds
// a register to the store in the picker (a name in use refused at its field); creates an API key,
// shown once, that calls the API within its permissions, and revokes it, after which it is
// refused. A manager is offered no API keys and no owner role; an auditor reads the people and
// changes nothing; a budtender, an inventory manager and a driver do not see the tab.
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { openOffice, type OfficeTab } from '../support/office-page';
import { staffId } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

// The key state credentials are sealed with in this test (else one would be made under ./data).
const TRACE_CREDENTIALS_KEY = 'c'.repeat(64);

describe('back office staff (Chromium)', () => {
  let server: TestServer;
  let page: Page;
  let office: OfficeTab;
  let oakland: string;

  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer({ env: { TRACE_CREDENTIALS_KEY } });
    oakland = (await db().selectFrom('store').select('id').where('license_number', '=', 'C10-0000001-LIC').executeTakeFirstOrThrow()).id;
    office = await openOffice(server);
    page = office.page;
  });
  afterAll(async () => {
    await office?.close();
    await server?.close();
  });

  const signInAs = (email: string) => office.signInAs(email);
  const answerTo = (click: () => Promise<void>, path: string) => office.answerTo(click, path);
  const refusal = (panel: string) => office.refusal(panel);
  const result = (panel: string) => office.result(panel);
  const invalidFields = (form: string) => page.locator(`#${form} [aria-invalid=true]`).evaluateAll((marked) => marked.map((m) => (m as HTMLInputElement).name));
  const listedStaff = () => page.locator('#staff-list tbody tr[data-staff-id]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.staffId));
  const personFact = (term: string) => page.locator(`#staff-person-facts dd[data-fact="${term}"]`).textContent();
  const login = (email: string, password: string) => server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password } });
  const withKey = (key: string, path: string) => server.request({ method: 'GET', url: path, headers: { authorization: `Bearer ${key}` } });

  /** What a refused staff write must leave as it was. */
  async function staffFootprint() {
    return {
      staff: await db().selectFrom('staff_user').select(['id', 'email', 'role', 'store_ids', 'active', 'password_hash', 'pin_hash']).orderBy('id').execute(),
      audit: await db().selectFrom('audit_log').select('id').where('action', 'in', ['staff.created', 'staff.updated']).orderBy('id').execute(),
    };
  }

  async function openStaffTab() {
    await page.click('#tab-staff');
    await page.locator('#staff-list tbody tr[data-staff-id]').first().waitFor();
  }

  async function openPerson(id: string) {
    await page.locator(`#staff-list tr[data-staff-id="${id}"] button.open`).click();
    await expect.poll(() => page.locator('#staff-person-panel').getAttribute('data-staff-id')).toBe(id);
  }

  it('the owner adds a budtender (refusals first, at their fields, creating nobody), who signs in; then changes their role, deactivates and reactivates them', async () => {
    await signInAs('owner@demo.verdant.test');
    await openStaffTab();
    const everyone = await db().selectFrom('staff_user').select('id').where('organization_id', '=', server.organizationId).execute();
    expect((await listedStaff()).sort()).toEqual(everyone.map((s) => s.id).sort());
    const budtenderRow = page.locator(`#staff-list tr[data-staff-id="${await staffId(server, 'budtender')}"] td`);
    expect((await budtenderRow.allTextContents()).slice(0, 6)).toEqual(['Bea Budtender', 'budtender@demo.verdant.test', 'budtender', 'every store', 'yes', 'set']);

    const form = page.locator('#staff-create-form');
    const field = (name: string) => form.locator(`[name=${name}]`);
    const submit = () => answerTo(() => form.locator('button[type=submit]').click(), '/v1/staff');
    const email = `rosa-${uuidv7()}@demo.verdant.test`;
    await field('name').fill('Rosa Rivera');
    await field('email').fill(email);
    await field('role').selectOption('budtender');
    await form.locator(`input[name=store][value="${oakland}"]`).check();
    await field('pin').fill('4321');
    await field('currentPassword').fill(DEMO_PASSWORD);

    // A password too short: refused at its field, nobody created.
    const before = await staffFootprint();
    await field('password').fill('short');
    const short = await submit();
    expect(short.status()).toBe(400);
    await expect.poll(() => refusal('staff-create-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await refusal('staff-create-panel').textContent()).toContain('Password');
    expect(await invalidFields('staff-create-form')).toEqual(['password']);

    // An e-mail someone has: refused at the e-mail.
    await field('password').fill('a-long-enough-password');
    await field('email').fill('budtender@demo.verdant.test');
    const taken = await submit();
    expect(taken.status()).toBe(409);
    await expect.poll(() => refusal('staff-create-panel').textContent()).toContain('EMAIL_TAKEN');
    expect(await invalidFields('staff-create-form')).toEqual(['email']);

    // Without the owner's own password: refused at that field.
    await field('email').fill(email);
    await field('currentPassword').fill('');
    const unconfirmed = await submit();
    expect(unconfirmed.status()).toBe(403);
    await expect.poll(() => refusal('staff-create-panel').textContent()).toContain('REAUTHENTICATION_REQUIRED');
    expect(await invalidFields('staff-create-form')).toEqual(['currentPassword']);
    expect(await staffFootprint()).toEqual(before);
    expect((await listedStaff()).length).toBe(before.staff.length);

    // Confirmed: added, as typed.
    await field('currentPassword').fill(DEMO_PASSWORD);
    const added = await submit();
    expect(added.status()).toBe(201);
    expect(added.request().postDataJSON()).toEqual({
      name: 'Rosa Rivera',
      email,
      role: 'budtender',
      password: 'a-long-enough-password',
      pin: '4321',
      storeIds: [oakland],
      currentPassword: DEMO_PASSWORD,
    });
    const rosa = (await added.json()).id as string;
    expect(await db().selectFrom('staff_user').select(['name', 'email', 'role', 'store_ids', 'active']).where('id', '=', rosa).executeTakeFirstOrThrow()).toEqual({
      name: 'Rosa Rivera',
      email,
      role: 'budtender',
      store_ids: [oakland],
      active: true,
    });
    await expect.poll(() => result('staff-create-panel').textContent()).toContain(`Added Rosa Rivera (budtender, Green Door Oakland) with a register PIN. They sign in as ${email}`);
    expect(await refusal('staff-create-panel').isHidden()).toBe(true);
    expect(await invalidFields('staff-create-form')).toEqual([]);
    expect(await field('password').inputValue()).toBe('');
    expect(await field('currentPassword').inputValue()).toBe('');
    await expect.poll(listedStaff).toContain(rosa);
    expect(await page.locator(`#staff-list tr[data-staff-id="${rosa}"] td`).allTextContents()).toEqual(['Rosa Rivera', email, 'budtender', 'Green Door Oakland', 'yes', 'set', 'Open']);

    // They sign in with what the owner gave them.
    const signedIn = await login(email, 'a-long-enough-password');
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json().staff).toMatchObject({ id: rosa, role: 'budtender', storeIds: [oakland], hasPin: true });
    const rosaCookie = `verdant_session=${signedIn.cookies.find((c) => c.name === 'verdant_session')!.value}`;

    // A new role: refused without the owner's password (nothing changed), then saved, which signs them out.
    await openPerson(rosa);
    expect(await personFact('Role')).toBe('budtender');
    const edit = page.locator('#staff-edit-form');
    const editField = (name: string) => edit.locator(`[name=${name}]`);
    const save = () => answerTo(() => edit.locator('button[type=submit]').click(), `/v1/staff/${rosa}`);
    await editField('role').selectOption('inventory_manager');
    const unchanged = await staffFootprint();
    const refused = await save();
    expect(refused.status()).toBe(403);
    await expect.poll(() => refusal('staff-person-panel').textContent()).toContain('REAUTHENTICATION_REQUIRED');
    expect(await invalidFields('staff-edit-form')).toEqual(['currentPassword']);
    expect(await staffFootprint()).toEqual(unchanged);
    await editField('currentPassword').fill(DEMO_PASSWORD);
    const promoted = await save();
    expect(promoted.status()).toBe(200);
    expect(promoted.request().postDataJSON()).toEqual({ role: 'inventory_manager', currentPassword: DEMO_PASSWORD });
    await expect.poll(() => result('staff-person-panel').textContent()).toContain('Saved Rosa Rivera: role inventory manager.');
    expect(await personFact('Role')).toBe('inventory manager');
    expect((await db().selectFrom('staff_user').select('role').where('id', '=', rosa).executeTakeFirstOrThrow()).role).toBe('inventory_manager');
    await expect.poll(() => page.locator(`#staff-list tr[data-staff-id="${rosa}"] td`).nth(2).textContent()).toBe('inventory manager');
    expect((await server.request({ method: 'GET', url: '/v1/auth/me', cookie: rosaCookie })).statusCode).toBe(401);

    // Deactivated (no password needed to take access away): they can no longer sign in.
    expect(await editField('currentPassword').inputValue()).toBe('');
    await editField('active').uncheck();
    const deactivated = await save();
    expect(deactivated.status()).toBe(200);
    expect(deactivated.request().postDataJSON()).toEqual({ active: false });
    await expect.poll(() => result('staff-person-panel').textContent()).toContain('Saved Rosa Rivera: deactivated');
    expect((await db().selectFrom('staff_user').select('active').where('id', '=', rosa).executeTakeFirstOrThrow()).active).toBe(false);
    await expect.poll(() => page.locator(`#staff-list tr[data-staff-id="${rosa}"] td`).nth(4).textContent()).toBe('no (deactivated)');
    expect((await login(email, 'a-long-enough-password')).statusCode).toBe(401);

    // Reactivated with the owner's password: they sign in again.
    await editField('active').check();
    await editField('currentPassword').fill(DEMO_PASSWORD);
    expect((await save()).status()).toBe(200);
    await expect.poll(() => result('staff-person-panel').textContent()).toContain('Saved Rosa Rivera: reactivated.');
    expect((await login(email, 'a-long-enough-password')).statusCode).toBe(200);
    expect(office.pageErrors).toEqual([]);
  });

  it('the owner sets a driver’s state credentials; the licence number is refused when missing and never comes back to the page', async () => {
    await signInAs('owner@demo.verdant.test');
    await openStaffTab();
    const driver = await staffId(server, 'driver');
    await openPerson(driver);
    const panel = page.locator('#staff-credentials-panel');
    await expect.poll(() => panel.getAttribute('data-staff-id')).toBe(driver);
    expect(await panel.isVisible()).toBe(true);
    const form = page.locator('#staff-credentials-form');
    const put = () => answerTo(() => form.locator('button[type=submit]').click(), `/v1/staff/${driver}/state-credentials`);
    const licence = 'D7654321';
    await form.locator('[name=employeeId]').fill('CA-EMP-0042');
    const missing = await put();
    expect(missing.status()).toBe(400);
    await expect.poll(() => refusal('staff-credentials-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await invalidFields('staff-credentials-form')).toEqual(['driversLicenseNumber']);
    expect(await db().selectFrom('trace_driver').selectAll().where('staff_id', '=', driver).execute()).toEqual([]);

    await form.locator('[name=driversLicenseNumber]').fill(licence);
    const set = await put();
    expect(set.status()).toBe(200);
    await expect.poll(() => result('staff-credentials-panel').textContent()).toContain('Set Dana Driver’s state credentials');
    const stored = await db().selectFrom('trace_driver').selectAll().where('staff_id', '=', driver).executeTakeFirstOrThrow();
    expect(stored.employee_id).toBe('CA-EMP-0042');
    expect(stored.drivers_license_encrypted).not.toContain(licence);
    expect(await page.locator('#staff-credentials-facts dd[data-fact="Employee id"]').textContent()).toBe('CA-EMP-0042');
    expect(await page.locator('#staff-credentials-facts dd[data-fact="Driver’s licence"]').textContent()).toBe('on file (ends 4321)');
    // The number is nowhere on the page, neither in its text nor in a field.
    expect(await form.locator('[name=driversLicenseNumber]').inputValue()).toBe('');
    const everything = await page.evaluate(() => document.body.innerHTML + [...document.querySelectorAll('input')].map((i) => i.value).join(' '));
    expect(everything).not.toContain(licence);
    expect(office.pageErrors).toEqual([]);
  });

  it('the owner adds a register to the store in the picker (a name in use refused at its field), creates an API key shown once that works, and revokes it', async () => {
    await signInAs('owner@demo.verdant.test');
    await page.selectOption('#store', oakland);
    await openStaffTab();
    const registers = () => db().selectFrom('register').select(['id', 'name']).where('store_id', '=', oakland).orderBy('name').execute();
    const listedRegisters = () => page.locator('#register-list tbody tr[data-register-id]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.name));
    await expect.poll(listedRegisters).toEqual((await registers()).map((r) => r.name));
    expect(await page.locator('#staff-registers-store').textContent()).toBe('Green Door Oakland');

    const registerForm = page.locator('#register-create-form');
    const addRegister = () => answerTo(() => registerForm.locator('button[type=submit]').click(), `/v1/stores/${oakland}/registers`);
    await registerForm.locator('[name=name]').fill('Register 1');
    const before = await registers();
    const taken = await addRegister();
    expect(taken.status()).toBe(409);
    await expect.poll(() => refusal('staff-registers-panel').textContent()).toContain('REGISTER_NAME_TAKEN');
    expect(await invalidFields('register-create-form')).toEqual(['name']);
    expect(await registers()).toEqual(before);
    await registerForm.locator('[name=name]').fill('Express lane');
    const added = await addRegister();
    expect(added.status()).toBe(201);
    await expect.poll(() => result('staff-registers-panel').textContent()).toContain('Added Express lane to Green Door Oakland.');
    expect((await registers()).map((r) => r.name)).toContain('Express lane');
    await expect.poll(listedRegisters).toEqual((await registers()).map((r) => r.name));

    // An API key: refused without the owner's password, then created and shown once.
    const keys = () => db().selectFrom('api_key').select(['id', 'name', 'scopes', 'revoked_at']).orderBy('id').execute();
    const keyForm = page.locator('#api-key-create-form');
    const create = () => answerTo(() => keyForm.locator('button[type=submit]').click(), '/v1/api-keys');
    await keyForm.locator('[name=name]').fill('Menu export');
    await keyForm.locator('input[name=scope][value="stores:read"]').check();
    await keyForm.locator('input[name=scope][value="catalog:read"]').check();
    const noKeys = await keys();
    const unconfirmed = await create();
    expect(unconfirmed.status()).toBe(403);
    await expect.poll(() => refusal('staff-keys-panel').textContent()).toContain('REAUTHENTICATION_REQUIRED');
    expect(await invalidFields('api-key-create-form')).toEqual(['currentPassword']);
    expect(await keys()).toEqual(noKeys);
    expect(await page.locator('#api-key-secret').isHidden()).toBe(true);

    await keyForm.locator('[name=currentPassword]').fill(DEMO_PASSWORD);
    const created = await create();
    expect(created.status()).toBe(201);
    const answer = await created.json();
    expect(created.request().postDataJSON()).toEqual({ name: 'Menu export', scopes: ['catalog:read', 'stores:read'], currentPassword: DEMO_PASSWORD });
    await page.locator('#api-key-secret').waitFor();
    expect(await page.locator('#api-key-secret').textContent()).toContain('shown once');
    expect(await page.locator('#api-key-secret-value').inputValue()).toBe(answer.key);
    const keyRow = page.locator(`#api-key-list tr[data-key-id="${answer.id}"]`);
    await keyRow.waitFor();
    expect(await keyRow.locator('td').nth(5).textContent()).toBe('active');
    // Only a hash is kept, and the list shows only the key's start.
    const storedKey = await db().selectFrom('api_key').selectAll().where('id', '=', answer.id).executeTakeFirstOrThrow();
    // The secret is what follows `vk_<prefix>_`; it is base64url, so it may hold '_' itself.
    const secret = /^vk_[0-9a-f]{12}_(.+)$/.exec(answer.key)![1];
    expect(storedKey.key_hash).not.toContain(secret);
    expect(await page.locator('#api-key-list').textContent()).not.toContain(answer.key);

    // It calls the API within its permissions, and is refused beyond them.
    expect((await withKey(answer.key, '/v1/stores')).statusCode).toBe(200);
    expect((await withKey(answer.key, '/v1/staff')).statusCode).toBe(403);

    // Once copied, the key is gone from the page.
    await page.click('#api-key-secret-done');
    expect(await page.locator('#api-key-secret').isHidden()).toBe(true);
    const everything = await page.evaluate(() => document.body.innerHTML + [...document.querySelectorAll('input')].map((i) => i.value).join(' '));
    expect(everything).not.toContain(answer.key);

    // Revoked after confirming: refused from then on.
    await keyRow.locator('button.revoke').click();
    expect(await page.locator('#api-key-revoke-text').textContent()).toContain('Revoke Menu export');
    const revoked = await answerTo(() => page.click('#api-key-revoke-yes'), `/v1/api-keys/${answer.id}`);
    expect(revoked.status()).toBe(200);
    await expect.poll(() => result('staff-keys-panel').textContent()).toContain('Revoked Menu export');
    await expect.poll(() => keyRow.locator('td').nth(5).textContent()).toContain('revoked');
    expect(await keyRow.locator('button.revoke').count()).toBe(0);
    expect((await db().selectFrom('api_key').select('revoked_at').where('id', '=', answer.id).executeTakeFirstOrThrow()).revoked_at).not.toBeNull();
    expect((await withKey(answer.key, '/v1/stores')).statusCode).toBe(401);
    expect(office.pageErrors).toEqual([]);
  });

  it('a manager is offered no API keys and no owner role; an auditor reads the people and changes nothing; a budtender, an inventory manager and a driver do not see the tab', async () => {
    await signInAs('manager@demo.verdant.test');
    await openStaffTab();
    expect(await page.locator('#staff-create-panel').isVisible()).toBe(true);
    expect(await page.locator('#staff-registers-panel').isVisible()).toBe(true);
    expect(await page.locator('#staff-keys-panel').isHidden()).toBe(true);
    const roles = await page.locator('#staff-create-form [name=role] option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(roles).toEqual(['manager', 'budtender', 'inventory_manager', 'driver', 'auditor']);
    // Sent anyway: the server refuses a manager the keys.
    const keys = await page.evaluate(async () => (await fetch('/v1/api-keys')).status);
    expect(keys).toBe(403);
    // The owner is not the manager's to change: no form, and the server refuses it sent anyway.
    await openPerson(await staffId(server, 'owner'));
    expect(await page.locator('#staff-edit-form').isHidden()).toBe(true);
    await openPerson(await staffId(server, 'budtender'));
    expect(await page.locator('#staff-edit-form').isVisible()).toBe(true);
    const ownerUntouched = await staffFootprint();
    const takeover = await page.evaluate(async (id) => {
      const response = await fetch(`/v1/staff/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ active: false }) });
      return { status: response.status, code: (await response.json()).error.code };
    }, await staffId(server, 'owner'));
    expect(takeover).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await staffFootprint()).toEqual(ownerUntouched);

    await signInAs('auditor@demo.verdant.test');
    await openStaffTab();
    expect((await listedStaff()).length).toBeGreaterThan(0);
    for (const panel of ['staff-create-panel', 'staff-registers-panel', 'staff-keys-panel']) expect(await page.locator(`#${panel}`).isHidden()).toBe(true);
    await openPerson(await staffId(server, 'budtender'));
    expect(await page.locator('#staff-edit-form').isHidden()).toBe(true);
    const before = await staffFootprint();
    const refused = await page.evaluate(async (id) => {
      const response = await fetch(`/v1/staff/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ active: false }) });
      return { status: response.status, code: (await response.json()).error.code };
    }, await staffId(server, 'budtender'));
    expect(refused).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await staffFootprint()).toEqual(before);

    for (const who of ['budtender', 'inventory', 'driver']) {
      await signInAs(`${who}@demo.verdant.test`);
      expect(await page.locator('#tab-staff').isHidden(), who).toBe(true);
      expect(await page.locator('#tab-stock').isVisible(), who).toBe(true);
    }
    expect(office.pageErrors).toEqual([]);
  });
});
