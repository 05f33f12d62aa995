// The back office's Customers tab (packages/web/office/customers.js) in a real browser against a
// real server: a manager finds a patient's record and the same person's online sign-up, opens the
// patient record (the card masked), and folds the sign-up into it from the screen — a merge
// without a reason refused first, with nothing changed — then the database holds the sign-up as
// merged, its order, usage line and sign-in on the patient record and the audit row, as the screen
// said; the merged record, opened by its id, points to the one kept. Two records that both hold a
// medical card are refused with the server's code and nothing changes; a budtender reads records
// but is offered no merge, and the server refuses one sent anyway; an inventory manager is refused
// the search in its panel. A manager erases a customer's personal data at their request from the
// screen (refused first without a reason, then while a cart of theirs is open, nothing changed),
// and the database holds the record erased as the screen said; a budtender is offered no erasure.
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { officePage } from '../support/office-page';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { staffId } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';
import { TEST_CUSTOMER_DATA_KEY } from '../integration/customers.fixtures';

describe('back office customers (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let office: ReturnType<typeof officePage>;
  let url: string;
  let fx: CheckoutFixture;
  let manager: string;
  /** The two patients of one name the second test refuses to merge, which the third looks at. */
  let okafor: { first: string; second: string };

  const db = () => server.platform.database.db;
  const staff = async (method: string, path: string, body?: unknown) => {
    const response = await server.request({ method, url: path, cookie: manager, body });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json();
  };

  beforeAll(async () => {
    server = await startTestServer({ env: { CUSTOMER_DATA_KEY: TEST_CUSTOMER_DATA_KEY } });
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    manager = await server.login('manager');
    fx = await stockedSku(db(), server.organizationId, { quantity: 20 });
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
  const listedIds = (table: string) => page.locator(`#${table} tbody tr[data-customer-id]`).evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.customerId));
  const fact = (term: string) => page.locator(`#customer-facts dd[data-fact="${term}"]`).textContent();

  /** An online-store sign-up at the Oakland store, as a shopper makes one; its customer id. */
  async function signUp(firstName: string, lastName: string, email: string, birthDate: string): Promise<string> {
    const response = await server.request({
      method: 'POST',
      url: `/v1/public/stores/${fx.storeId}/shoppers`,
      body: { email, password: 'a-long-shopper-password', firstName, lastName, birthDate },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().customer.id;
  }

  /** A customer added at the counter with a California registry card. */
  async function patient(firstName: string, lastName: string, birthDate: string, cardNumber: string): Promise<string> {
    const created = await staff('POST', '/v1/customers', { firstName, lastName, birthDate, idJurisdiction: 'US-CA', phone: '+1 510 555 0142' });
    await staff('PUT', `/v1/customers/${created.id}/medical`, { cardNumber, cardJurisdiction: 'US-CA', cardExpiresOn: '2035-12-31' });
    return created.id;
  }

  /** What a refused merge must leave as it was: both records and everything naming them, the audit rows and events about customers. */
  async function footprint(ids: string[]) {
    const named = async (table: string, column: string) =>
      (await sql<{ t: string }>`select t::text as t from ${sql.table(table)} t where ${sql.ref(`t.${column}`)} = any(${ids}::uuid[]) order by 1`.execute(db())).rows.map((r) => r.t);
    return {
      customers: await named('customer', 'id'),
      medical: await named('medical_patient', 'customer_id'),
      signIns: await named('shopper_account', 'customer_id'),
      orders: await named('sales_order', 'customer_id'),
      usage: await named('purchase_usage_line', 'customer_id'),
      verifications: await named('customer_id_verification', 'customer_id'),
      loyalty: await named('loyalty_account', 'customer_id'),
      audit: await db().selectFrom('audit_log').select('id').where('entity_type', '=', 'customer').orderBy('id').execute(),
      events: await db().selectFrom('outbox_event').select('event_id').where('type', 'like', 'customers.%').orderBy('event_id').execute(),
    };
  }

  async function openCustomersTab() {
    await page.click('#tab-customers');
    await page.locator('#customer-list tbody tr').first().waitFor();
  }

  async function searchFor(q: string, expected: number) {
    await page.fill('#customer-search-form [name=q]', q);
    await page.click('#customer-search-form button[type=submit]');
    await expect.poll(async () => (await listedIds('customer-list')).length).toBe(expected);
  }

  async function openRecord(id: string) {
    await page.locator(`#customer-list tr[data-customer-id="${id}"] button.open`).click();
    await expect.poll(() => page.locator('#customer-panel').getAttribute('data-customer-id')).toBe(id);
  }

  it('a manager folds a patient’s online sign-up into their patient record from the screen: refused without a reason, then merged as the database shows', async () => {
    const managerId = await staffId(server, 'manager');
    // The person signed up online as a stranger and bought there with that record at the counter;
    // the store knows them as a patient with a registry card.
    const email = `robin.quincey-${uuidv7()}@example.test`;
    const signUpId = await signUp('Robin', 'Quincey', email, '1984-09-12');
    const sale = await staff('POST', `/v1/stores/${fx.storeId}/pos-sales`, {
      id: uuidv7(),
      customerId: signUpId,
      lines: [{ skuId: fx.skuId, quantity: 1 }],
      tenders: [{ kind: 'cash', tenderedCents: 100_000 }],
    });
    const orderId = sale.order.id as string;
    const card = `MMIC-${Date.now()}`;
    const patientId = await patient('Robin', 'Quincey', '1984-09-12', card);
    const { card_number_masked: masked } = await db().selectFrom('medical_patient').select('card_number_masked').where('customer_id', '=', patientId).executeTakeFirstOrThrow();

    await signInAs('manager@demo.verdant.test');
    await openCustomersTab();
    // Both records, as the database has them: one a medical patient, the other an adult-use sign-up.
    await searchFor('quincey', 2);
    expect((await listedIds('customer-list')).sort()).toEqual([patientId, signUpId].sort());
    const cells = async (id: string) => (await page.locator(`#customer-list tr[data-customer-id="${id}"] td`).allTextContents()).slice(0, 6);
    expect(await cells(signUpId)).toEqual(['Quincey, Robin', expect.stringMatching(/^1984-09-12 \(\d+\)$/), 'adult use', email, '—', 'yes']);
    expect(await cells(patientId)).toEqual(['Quincey, Robin', expect.stringMatching(/^1984-09-12 \(\d+\)$/), 'medical patient', '—', '+15105550142', 'no']);

    // The patient record: the card masked (its number nowhere on the page), no sign-in, no order yet.
    await openRecord(patientId);
    expect(await page.locator('#customer-title').textContent()).toBe('Robin Quincey');
    expect(await page.locator('#customer-medical').textContent()).toContain(`US-CA registry card ${masked}, valid until 2035-12-31`);
    expect(await page.content()).not.toContain(card);
    expect(await fact('Online sign-in')).toBe('none');
    expect(await fact('Kind')).toBe('medical patient');
    await page.locator('#customer-orders-panel:not([hidden])').waitFor();
    await expect.poll(() => page.locator('#customer-orders tbody').textContent()).toContain('No order at your stores.');

    // The merge: the duplicate found by name (the record kept is marked, not offered), side by side.
    await page.click('#customer-merge-start');
    await page.locator('#customer-merge-panel:not([hidden])').waitFor();
    expect(await page.locator('#merge-kept-name').textContent()).toBe('Robin Quincey');
    await page.fill('#merge-search-form [name=q]', 'quincey');
    await page.click('#merge-search-form button[type=submit]');
    await expect.poll(async () => (await listedIds('merge-candidates')).length).toBe(2);
    expect(await page.locator(`#merge-candidates tr[data-customer-id="${patientId}"]`).textContent()).toContain('the record kept');
    expect(await page.locator(`#merge-candidates tr[data-customer-id="${patientId}"] button`).count()).toBe(0);
    await page.locator(`#merge-candidates tr[data-customer-id="${signUpId}"] button.choose`).click();
    await page.locator('#merge-pair:not([hidden])').waitFor();
    const compared = async (field: string) => page.locator(`#merge-compare tr[data-field="${field}"] td`).allTextContents();
    expect(await compared('Kind')).toEqual(['Kind', 'medical patient', 'adult use']);
    expect(await compared('Online sign-in')).toEqual(['Online sign-in', 'none', email]);
    expect(await compared('Medical card')).toEqual(['Medical card', `US-CA ${masked}, valid until 2035-12-31`, 'none']);
    expect(await compared('Born')).toEqual(['Born', expect.stringMatching(/^1984-09-12/), expect.stringMatching(/^1984-09-12/)]);
    expect(await page.locator('#merge-compare tr[data-field="Kind"]').getAttribute('class')).toBe('differs');
    expect(await page.locator('#merge-compare tr[data-field="Born"]').getAttribute('class')).toBe('');

    // No reason: the server refuses it at its field, and nothing changes.
    const before = await footprint([patientId, signUpId]);
    await page.click('#merge-form button[type=submit]');
    await page.locator('#merge-confirm:not([hidden])').waitFor();
    const unreasoned = await answerTo(() => page.click('#merge-confirm-yes'), `/v1/customers/${patientId}/merge`);
    expect(unreasoned.status()).toBe(400);
    await expect.poll(() => refusal('customer-merge-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await refusal('customer-merge-panel').textContent()).toContain('Reason');
    expect(await page.locator('#merge-form [name=reason]').getAttribute('aria-invalid')).toBe('true');
    expect(await result('customer-merge-panel').isHidden()).toBe(true);
    expect(await footprint([patientId, signUpId])).toEqual(before);

    // With the reason, confirmed: merged.
    await page.fill('#merge-form [name=reason]', 'California ID checked at the counter');
    await page.click('#merge-form button[type=submit]');
    expect(await page.locator('#merge-confirm-text').textContent()).toContain(`Fold Robin Quincey (born 1984-09-12, ${email}) into Robin Quincey’s record, because: “California ID checked at the counter”?`);
    const merged = await answerTo(() => page.click('#merge-confirm-yes'), `/v1/customers/${patientId}/merge`);
    expect(merged.status()).toBe(200);
    expect(merged.request().postDataJSON()).toEqual({ duplicateCustomerId: signUpId, reason: 'California ID checked at the counter' });
    expect(merged.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    const { moved } = await merged.json();
    expect(moved).toMatchObject({ orders: 1, purchaseUsageLines: 1, shopperAccount: true, medicalRecord: false });

    // The database: the sign-up merged into the patient, its order, usage line and sign-in moved, the audit row.
    const duplicate = await db().selectFrom('customer').select(['merged_into_id', 'merged_at']).where('id', '=', signUpId).executeTakeFirstOrThrow();
    expect(duplicate.merged_into_id).toBe(patientId);
    expect(duplicate.merged_at).not.toBeNull();
    expect((await db().selectFrom('sales_order').select('customer_id').where('id', '=', orderId).executeTakeFirstOrThrow()).customer_id).toBe(patientId);
    const usage = await db().selectFrom('purchase_usage_line').select('customer_id').where('order_id', '=', orderId).execute();
    expect(usage.length).toBeGreaterThan(0);
    expect(usage.every((u) => u.customer_id === patientId)).toBe(true);
    expect(await db().selectFrom('purchase_usage_line').select('id').where('customer_id', '=', signUpId).execute()).toEqual([]);
    expect((await db().selectFrom('shopper_account').select('customer_id').where('email', '=', email).executeTakeFirstOrThrow()).customer_id).toBe(patientId);
    const audit = await db().selectFrom('audit_log').select(['actor_id', 'reason', 'after']).where('action', '=', 'customer.merged').where('entity_id', '=', patientId).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: managerId, reason: 'California ID checked at the counter' });
    expect((audit[0].after as { moved: unknown }).moved).toEqual(moved);

    // The screen said what moved, in words, and shows the record kept as it is now.
    await expect.poll(() => result('customer-merge-panel').textContent()).toContain('Merged Robin Quincey into Robin Quincey. Moved to this record: 1 order, ');
    const said = await result('customer-merge-panel').textContent();
    expect(said).toContain('1 purchase line counted against the limits');
    expect(said).toContain('the online sign-in.');
    if (moved.loyaltyPoints) expect(said).toContain(`${moved.loyaltyPoints} point`);
    expect(await refusal('customer-merge-panel').isHidden()).toBe(true);
    expect(await page.locator('#merge-pair').isHidden()).toBe(true);
    await expect.poll(() => fact('Online sign-in')).toContain(`yes: ${email}`);
    // The test server sends no mail, so the sign-up never confirmed its address, and the record says so.
    expect(await fact('Online sign-in')).toContain('address not confirmed yet');
    expect(await fact('E-mail')).toBe(email); // the kept record had none, so it took the sign-up's
    await expect.poll(() => page.locator(`#customer-orders tr[data-order-id="${orderId}"]`).count()).toBe(1);
    // The sign-up is no longer offered by the search.
    await expect.poll(() => listedIds('customer-list')).toEqual([patientId]);

    // Opened later by its id, the merged record says where it went, and opens that one.
    await page.fill('#customer-open-form [name=id]', signUpId);
    await page.click('#customer-open-form button[type=submit]');
    await expect.poll(() => page.locator('#customer-panel').getAttribute('data-customer-id')).toBe(signUpId);
    expect(await page.locator('#customer-merged-note').isVisible()).toBe(true);
    expect(await page.locator('#customer-merged-text').textContent()).toContain('This record was merged into Robin Quincey on ');
    expect(await page.locator('#customer-merge-start').isHidden()).toBe(true);
    await expect.poll(() => page.locator('#customer-orders tbody').textContent()).toContain('its orders moved to the record it was merged into');
    await page.click('#customer-open-kept');
    await expect.poll(() => page.locator('#customer-panel').getAttribute('data-customer-id')).toBe(patientId);
    expect(await page.locator('#customer-merged-note').isHidden()).toBe(true);
    expect(await page.locator('#customer-merge-start').isVisible()).toBe(true);
  });

  it('two records that both hold a medical card are refused with the server’s code, and nothing changes', async () => {
    okafor = {
      first: await patient('Sam', 'Okafor', '1979-03-30', `MMIC-A-${Date.now()}`),
      second: await patient('Sam', 'Okafor', '1979-03-30', `MMIC-B-${Date.now()}`),
    };
    await signInAs('manager@demo.verdant.test');
    await openCustomersTab();
    await searchFor('okafor', 2);
    await openRecord(okafor.first);
    await page.click('#customer-merge-start');
    // Chosen by its id (as from an order or the audit log).
    await page.fill('#merge-id-form [name=id]', okafor.second);
    await page.click('#merge-id-form button[type=submit]');
    await page.locator('#merge-pair:not([hidden])').waitFor();
    expect(await page.locator('#customer-merge-panel').getAttribute('data-duplicate-id')).toBe(okafor.second);
    await page.fill('#merge-form [name=reason]', 'Same licence shown twice');
    const before = await footprint([okafor.first, okafor.second]);
    await page.click('#merge-form button[type=submit]');
    const refused = await answerTo(() => page.click('#merge-confirm-yes'), `/v1/customers/${okafor.first}/merge`);
    expect(refused.status()).toBe(409);
    await expect.poll(() => refusal('customer-merge-panel').textContent()).toContain('(MERGE_MEDICAL_RECORDS)');
    expect(await refusal('customer-merge-panel').textContent()).toContain('Both records hold a medical card');
    expect(await result('customer-merge-panel').isHidden()).toBe(true);
    expect(await footprint([okafor.first, okafor.second])).toEqual(before);
    expect(await db().selectFrom('audit_log').select('id').where('action', '=', 'customer.merged').where('entity_id', '=', okafor.first).execute()).toEqual([]);
  });

  it('a budtender reads a record but is offered no merge, and one sent anyway is 403 with nothing changed; an inventory manager is refused the search', async () => {
    await signInAs('budtender@demo.verdant.test');
    await openCustomersTab();
    await searchFor('okafor', 2);
    await openRecord(okafor.first);
    expect(await fact('Kind')).toBe('medical patient');
    expect(await page.locator('#customer-merge-start').isHidden()).toBe(true);
    expect(await page.locator('#customer-merge-panel').isHidden()).toBe(true);
    const before = await footprint([okafor.first, okafor.second]);
    const forced = await page.evaluate(
      async ({ kept, duplicate }) => {
        const response = await fetch(`/v1/customers/${kept}/merge`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ duplicateCustomerId: duplicate, reason: 'ID checked at the counter' }),
        });
        return { status: response.status, code: (await response.json()).error.code };
      },
      { kept: okafor.first, duplicate: okafor.second },
    );
    expect(forced).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await footprint([okafor.first, okafor.second])).toEqual(before);

    // A role without customers:read: the panel shows the server's refusal instead of an empty list.
    await signInAs('inventory@demo.verdant.test');
    await page.click('#tab-customers');
    await expect.poll(() => refusal('customer-search-panel').textContent()).toContain('FORBIDDEN');
    expect(await page.locator('#customer-search-panel .body').isHidden()).toBe(true);
    expect(await page.locator('#customer-panel').isHidden()).toBe(true);
  });
  it('a manager erases a customer’s personal data from the screen: refused while a cart is open and without a reason, then erased as the database shows; a budtender is offered no erasure', async () => {
    const managerId = await staffId(server, 'manager');
    const email = `casey.forget-${uuidv7()}@example.test`;
    const created = await staff('POST', '/v1/customers', { firstName: 'Casey', lastName: 'Forgetme', birthDate: '1988-06-23', email, phone: '+1 510 555 0177', idJurisdiction: 'US-CA' });
    const id = created.id as string;
    const checked = await server.request({
      method: 'POST',
      url: `/v1/customers/${id}/id-verifications`,
      cookie: manager,
      body: { storeId: fx.storeId, documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2034-01-01', birthDate: '1988-06-23', idNumber: 'F1234567' },
    });
    expect(checked.statusCode, checked.body).toBe(201);
    const sale = await staff('POST', `/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customerId: id, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
    const cart = await staff('POST', '/v1/carts', { storeId: fx.storeId, customerId: id, channel: 'pickup' });
    const profile = () => db().selectFrom('customer').select(['first_name', 'last_name', 'birth_date', 'email', 'phone', 'anonymized_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const erasures = () => db().selectFrom('audit_log').select(['actor_id', 'reason', 'after']).where('action', '=', 'customer.anonymized').where('entity_id', '=', id).execute();

    // A budtender reads the record but is offered no erasure.
    await signInAs('budtender@demo.verdant.test');
    await openCustomersTab();
    await searchFor('forgetme', 1);
    await openRecord(id);
    expect(await page.locator('#customer-erase-start').isHidden()).toBe(true);

    await signInAs('manager@demo.verdant.test');
    await openCustomersTab();
    await searchFor('forgetme', 1);
    await openRecord(id);
    expect(await page.locator('#customer-erase-start').isVisible()).toBe(true);
    await page.click('#customer-erase-start');
    await page.locator('#customer-erase-panel:not([hidden])').waitFor();
    expect(await page.locator('#erase-name').textContent()).toBe('Casey Forgetme');

    // No reason: refused at its field; a cart still open: refused with the server's reason. Nothing changes.
    const before = await footprint([id]);
    const unchanged = await profile();
    await page.click('#erase-form button[type=submit]');
    await page.locator('#erase-confirm:not([hidden])').waitFor();
    const unreasoned = await answerTo(() => page.click('#erase-confirm-yes'), `/v1/customers/${id}/anonymize`);
    expect(unreasoned.status()).toBe(400);
    await expect.poll(() => refusal('customer-erase-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await refusal('customer-erase-panel').textContent()).toContain('Reason');
    expect(await page.locator('#erase-form [name=reason]').getAttribute('aria-invalid')).toBe('true');

    await page.fill('#erase-form [name=reason]', 'Asked in person, California ID checked');
    await page.click('#erase-form button[type=submit]');
    expect(await page.locator('#erase-confirm-text').textContent()).toBe(
      `Erase the personal data of Casey Forgetme (born 1988-06-23, ${email}, +15105550177), because: “Asked in person, California ID checked”? ` +
        'Their names, contact, ID numbers and online sign-in go for good; their sales and compliance history stay. This cannot be undone.',
    );
    const busy = await answerTo(() => page.click('#erase-confirm-yes'), `/v1/customers/${id}/anonymize`);
    expect(busy.status()).toBe(409);
    await expect.poll(() => refusal('customer-erase-panel').textContent()).toContain('(CUSTOMER_HAS_OPEN_ORDERS)');
    expect(await refusal('customer-erase-panel').textContent()).toContain('0 order(s) not finished and 1 open cart(s)');
    expect(await result('customer-erase-panel').isHidden()).toBe(true);
    expect(await page.locator('#erase-form [name=reason]').getAttribute('aria-invalid')).toBeNull();
    expect(await footprint([id])).toEqual(before);
    expect(await profile()).toEqual(unchanged);
    expect(await erasures()).toEqual([]);

    // The cart abandoned, the same erasure sent again: erased.
    await staff('DELETE', `/v1/carts/${cart.id}`);
    await page.click('#erase-form button[type=submit]');
    const erased = await answerTo(() => page.click('#erase-confirm-yes'), `/v1/customers/${id}/anonymize`);
    expect(erased.status()).toBe(200);
    expect(erased.request().postDataJSON()).toEqual({ reason: 'Asked in person, California ID checked' });
    expect(erased.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    const answer = await erased.json();
    expect(answer).toMatchObject({ anonymized: true, erased: { idVerifications: 1, onlineSignIn: false } });

    // The database: the profile erased (the birth year kept), the ID check's number gone, the sale kept, the audit row.
    expect(await profile()).toMatchObject({ first_name: 'Erased', last_name: 'Customer', email: null, phone: null, anonymized_at: expect.anything() });
    expect(String((await sql<{ d: string }>`select birth_date::text as d from customer where id = ${id}`.execute(db())).rows[0].d)).toBe('1988-01-01');
    expect(await db().selectFrom('customer_id_verification').select(['id_number_masked', 'id_number_hash']).where('customer_id', '=', id).execute()).toEqual([{ id_number_masked: null, id_number_hash: null }]);
    expect((await db().selectFrom('sales_order').select('customer_id').where('id', '=', sale.order.id).executeTakeFirstOrThrow()).customer_id).toBe(id);
    const audit = await erasures();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: managerId, reason: 'Asked in person, California ID checked' });
    expect((audit[0].after as { erased: unknown }).erased).toEqual(answer.erased);

    // The screen said what was erased, in words, and shows the record erased, with nothing more to erase.
    await expect.poll(() => result('customer-erase-panel').textContent()).toContain('Erased: the name, birth day, e-mail, phone, ID number');
    expect(await result('customer-erase-panel').textContent()).toContain('the ID numbers of 1 ID check');
    expect(await refusal('customer-erase-panel').isHidden()).toBe(true);
    expect(await page.locator('#erase-form').isHidden()).toBe(true);
    await expect.poll(() => page.locator('#customer-title').textContent()).toBe('Erased Customer');
    expect(await fact('E-mail')).toBe('—');
    expect(await fact('Record')).toContain('personal data erased');
    expect(await page.locator('#customer-erase-start').isHidden()).toBe(true);
    expect(await page.locator('#customer-merge-start').isHidden()).toBe(true);
    expect(await page.content()).not.toContain(email);
  });

  it('ages and expiry dates are judged on the store’s day, not the day of the computer’s time zone', async () => {
    const dayIn = (timeZone: string, at = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
    const storeDay = dayIn('America/Los_Angeles'); // Oakland's clocks
    // A computer's time zone whose day is not the store's now: far east of it, or far west of it.
    const zone = dayIn('Pacific/Kiritimati') !== storeDay ? 'Pacific/Kiritimati' : 'Etc/GMT+12';
    const computerDay = dayIn(zone);
    expect(computerDay).not.toBe(storeDay);
    const earlier = computerDay < storeDay ? computerDay : storeDay;
    const later = computerDay < storeDay ? storeDay : computerDay;
    // Turns 21 on the later of the two days; the card runs out at the end of the earlier one.
    const born = `${Number(later.slice(0, 4)) - 21}${later.slice(4)}`;
    const id = await patient('Rowan', 'Daybreak', born, 'DAYB-4411');
    await staff('PUT', `/v1/customers/${id}/medical`, { cardNumber: 'DAYB-4411', cardJurisdiction: 'US-CA', cardExpiresOn: earlier });
    const storeIsLater = storeDay === later;

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: zone });
    try {
      await signInAs('manager@demo.verdant.test');
      await page.selectOption('#store', fx.storeId);
      await openCustomersTab();
      await searchFor('daybreak', 1);
      await openRecord(id);
      // As the store sees it: 21 and the card expired once its day is the later one; 20 and the card still good otherwise.
      expect(await fact('Born')).toBe(`${born} (${storeIsLater ? 21 : 20})`);
      expect(await page.locator('#customer-medical').textContent()).toContain(storeIsLater ? `expired on ${earlier}` : `valid until ${earlier}`);
    } finally {
      await cdp.send('Emulation.setTimezoneOverride', { timezoneId: '' });
      await cdp.detach();
    }
  });
});
