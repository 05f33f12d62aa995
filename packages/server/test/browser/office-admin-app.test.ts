// The back office's administration (packages/web/office: transfers.js, locations.js,
// vehicles.js, tax-settings.js) in a real browser against a real server: a manager ships a package
// from Oakland to Berkeley and Berkeley receives it short; the inventory manager, who may not read
// the audit log, finds it in the store's list and opens it by its id; a manager cancels a transfer
// shipped by mistake and the stock goes back; a manager adds, renames, switches and retires a
// location (the vault, quarantine and in transit offer no retiring); a manager adds, corrects and
// retires a delivery vehicle; a manager adds local tax rate periods. Each step is checked in the
// database (the transfer, its items and statuses, the stock and the ledger at both stores, the
// discrepancy and the alert; the location rows; the vehicle rows; the tax rate rows; the audit
// rows), and each feature has refusals — more than is on hand or than was shipped, a cancellation
// without a reason, a code the store has, a sellable in-transit location, a location that holds
// stock, a vehicle name another vehicle has, a rate over 100 %, a second period on one day, a
// role — after which the database is checked unchanged.
import type { Browser, Page, Response } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { launchChromium } from '../support/browser';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { demoStores, expectLedgerBalanced, staffId } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

type Role = 'manager' | 'inventory' | 'auditor';

describe('back office administration: transfers, locations, tax rates (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  /** A package of 20 at the Oakland sales floor, the one shipped to Berkeley. */
  let fx: CheckoutFixture;
  let stores: { oakland: string; denver: string; berkeley: string };
  /** The transfer the first test ships, which the second opens by its id. */
  let transferId: string;
  let signedIn: Role | null = null;

  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    fx = await stockedSku(db(), server.organizationId, { quantity: 20 });
    stores = await demoStores(server);
    expect(fx.storeId).toBe(stores.oakland);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${url}/app/office/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * Signs the role in (signing out whoever is signed in) and selects the store; `fresh` signs in
   * again even if the role is signed in, as another person of that role at another store would.
   */
  async function signInAs(role: Role, storeId: string, { fresh = false } = {}) {
    if (signedIn !== role || fresh) {
      if (signedIn) await page.click('#sign-out');
      await page.locator('#sign-in').waitFor();
      await page.fill('input[name=email]', `${role}@demo.verdant.test`);
      await page.fill('input[name=password]', DEMO_PASSWORD);
      await page.click('#sign-in-form button[type=submit]');
      await page.locator('#office').waitFor();
      signedIn = role;
    }
    await page.selectOption('#store', storeId);
  }

  /** Clicks and waits for the server's answer to the request it sends. */
  async function answerTo(click: () => Promise<void>, path: string | RegExp): Promise<Response> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() !== 'GET' && (typeof path === 'string' ? r.url().includes(path) : path.test(r.url()))),
      click(),
    ]);
    return response;
  }

  const refusal = (panel: string) => page.locator(`#${panel} .refusal`);
  const result = (panel: string) => page.locator(`#${panel} .result`);
  const listedIds = (table: string, key: string) => page.locator(`#${table} tbody tr[data-${key}]`).evaluateAll((rows, k) => rows.map((r) => (r as HTMLElement).getAttribute(`data-${k}`)), key);
  const optionValues = (select: string) => page.locator(`${select} option`).evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));

  async function locationId(storeId: string, code: string): Promise<string> {
    return (await db().selectFrom('inventory_location').select('id').where('store_id', '=', storeId).where('code', '=', code).executeTakeFirstOrThrow()).id;
  }

  /**
   * The package's stock rows with the ledger beside each, as `store:location` → [on hand, reserved,
   * ledger on hand, ledger reserved]: the counters must equal the ledger at every store.
   */
  async function stockAndLedger(packageId: string) {
    const rows = await sql<{ store: string; code: string; on_hand: string; reserved: string; l_on: string; l_res: string }>`
      select case s.store_id when ${stores.oakland}::uuid then 'oakland' when ${stores.berkeley}::uuid then 'berkeley' else s.store_id::text end as store,
             l.code, s.on_hand, s.reserved,
             (select coalesce(sum(m.on_hand_delta), 0) from inventory_movement m where m.package_id = s.package_id and m.location_id = s.location_id) as l_on,
             (select coalesce(sum(m.reserved_delta), 0) from inventory_movement m where m.package_id = s.package_id and m.location_id = s.location_id) as l_res
        from inventory_stock s join inventory_location l on l.id = s.location_id
       where s.package_id = ${packageId} order by 1, 2`.execute(db());
    return Object.fromEntries(rows.rows.map((r) => [`${r.store}:${r.code}`, [Number(r.on_hand), Number(r.reserved), Number(r.l_on), Number(r.l_res)]]));
  }

  /** On hand per `store:location` with the check that each counter is its ledger. */
  async function onHandEqualsLedger(packageId: string) {
    const rows = await stockAndLedger(packageId);
    for (const [key, [onHand, reserved, ledgerOnHand, ledgerReserved]] of Object.entries(rows)) expect([key, onHand, reserved]).toEqual([key, ledgerOnHand, ledgerReserved]);
    return Object.fromEntries(Object.entries(rows).map(([key, [onHand]]) => [key, onHand]));
  }

  async function transferRows() {
    return db().selectFrom('inventory_transfer').selectAll().orderBy('shipped_at', 'desc').orderBy('id', 'desc').execute();
  }

  async function transferMovements(id: string) {
    const rows = await sql<{ id: string; store_id: string; code: string; kind: string; on_hand_delta: string; reason_code: string }>`
      select m.id, m.store_id, l.code, m.kind, m.on_hand_delta, m.reason_code from inventory_movement m join inventory_location l on l.id = m.location_id
       where m.reference_type = 'transfer' and m.reference_id = ${id} order by m.id`.execute(db());
    const store = (storeId: string) => (storeId === stores.oakland ? 'oakland' : storeId === stores.berkeley ? 'berkeley' : storeId);
    return rows.rows.map((r) => [store(r.store_id), r.code, r.kind, Number(r.on_hand_delta), r.reason_code]).sort((a, b) => String(a).localeCompare(String(b)));
  }

  const auditRows = (action: string) => db().selectFrom('audit_log').select(['id', 'entity_id', 'store_id', 'actor_id', 'before', 'after', 'reason']).where('action', '=', action).orderBy('id').execute();

  /** Everything a refused transfer action must leave as it was. */
  async function transferWorld() {
    return {
      transfers: await db().selectFrom('inventory_transfer').selectAll().orderBy('id').execute(),
      items: await db().selectFrom('inventory_transfer_item').selectAll().orderBy('transfer_id').orderBy('line_no').execute(),
      stock: await stockAndLedger(fx.packageId),
      movements: (await db().selectFrom('inventory_movement').select('id').where('package_id', '=', fx.packageId).orderBy('id').execute()).map((m) => Number(m.id)),
      discrepancies: await db().selectFrom('inventory_discrepancy').select('id').where('source_type', '=', 'transfer').execute(),
      audit: (await db().selectFrom('audit_log').select('id').where('entity_type', '=', 'inventory_transfer').execute()).length,
    };
  }

  it('a manager ships a package from Oakland to Berkeley and Berkeley receives it two short; more than is on hand and more than was shipped are refused and change nothing', async () => {
    const manager = await staffId(server, 'manager');
    await signInAs('manager', stores.oakland);
    await page.click('#tab-transfers');
    // Any other store of the organization may receive; not the store that ships.
    await page.locator(`#transfer-to option[value="${stores.berkeley}"]`).waitFor({ state: 'attached' });
    // Denver is in another state: not offered as a destination.
    expect(await page.locator(`#transfer-to option[value="${stores.denver}"]`).count()).toBe(0);
    const others = (
      await db().selectFrom('store').select('id').where('organization_id', '=', server.organizationId).where('id', '<>', stores.oakland).where('jurisdiction', '=', 'US-CA').execute()
    ).map((s) => s.id);
    expect((await optionValues('#transfer-to')).filter(Boolean).sort()).toEqual(others.sort());
    await expect.poll(() => page.locator('#transfer-list tbody').textContent()).toContain('No transfer to or from this store');

    const line = page.locator('#transfer-lines tbody tr').first();
    // State tags are typed any way; what is here of the package is shown beside it.
    await line.locator('[name=packageLabel]').fill(fx.packageLabel.toLowerCase());
    await line.locator('[name=quantity]').fill('25');
    await expect.poll(() => line.locator('.here').textContent()).toBe('sales_floor 20');
    expect(await line.locator('[name=fromLocationCode]').inputValue()).toBe('sales_floor');
    await page.selectOption('#transfer-to', stores.berkeley);
    await page.fill('#transfer-form input[name=note]', 'restock Berkeley');

    // More than is on hand: refused, and nothing is written.
    const before = await transferWorld();
    expect(before.transfers).toEqual([]);
    const refused = await answerTo(() => page.click('#transfer-form button[type=submit]'), '/v1/inventory/transfers');
    expect(refused.status()).toBe(409);
    await expect.poll(() => refusal('transfer-ship-panel').textContent()).toContain('INSUFFICIENT_STOCK');
    expect(await result('transfer-ship-panel').isHidden()).toBe(true);
    expect(await transferWorld()).toEqual(before);
    expect(await onHandEqualsLedger(fx.packageId)).toEqual({ 'oakland:sales_floor': 20 });

    await line.locator('[name=quantity]').fill('8');
    await page.click('#transfer-form button[type=submit]');
    await expect.poll(() => result('transfer-ship-panel').textContent()).toContain(`Shipped to Green Door Berkeley: ${fx.packageLabel} 8 from sales_floor`);
    expect(await refusal('transfer-ship-panel').isHidden()).toBe(true);
    await expect.poll(() => page.locator('#transfer-panel').getAttribute('data-status')).toBe('in_transit');
    transferId = (await page.locator('#transfer-panel').getAttribute('data-transfer-id'))!;
    expect(await result('transfer-ship-panel').textContent()).toContain(transferId);

    // The transfer, its item and its movements, as the database has them.
    const [shipped] = await transferRows();
    expect(shipped).toMatchObject({ id: transferId, from_store_id: stores.oakland, to_store_id: stores.berkeley, status: 'in_transit', note: 'restock Berkeley', shipped_by: manager, received_at: null, received_by: null });
    const items = await db().selectFrom('inventory_transfer_item').selectAll().where('transfer_id', '=', transferId).execute();
    expect(items.map((i) => ({ ...i, quantity: Number(i.quantity) }))).toEqual([
      {
        transfer_id: transferId,
        line_no: 0,
        package_id: fx.packageId,
        from_location_id: await locationId(stores.oakland, 'sales_floor'),
        transit_location_id: await locationId(stores.oakland, 'in_transit'),
        quantity: 8,
        received_quantity: null,
        to_location_id: null,
        returned_to_location_id: null,
      },
    ]);
    // Out of the sales floor, into Oakland's in-transit location: still on Oakland's license.
    expect(await onHandEqualsLedger(fx.packageId)).toEqual({ 'oakland:in_transit': 8, 'oakland:sales_floor': 12 });
    expect(await transferMovements(transferId)).toEqual(
      [
        ['oakland', 'sales_floor', 'transfer_out', -8, 'transfer_ship'],
        ['oakland', 'in_transit', 'transfer_in', 8, 'transfer_ship'],
      ].sort((a, b) => String(a).localeCompare(String(b))),
    );
    const [shippedAudit] = await auditRows('inventory.transfer.shipped');
    expect(shippedAudit).toMatchObject({ entity_id: transferId, store_id: stores.oakland, actor_id: manager });
    expect(shippedAudit.after).toMatchObject({ fromStoreId: stores.oakland, toStoreId: stores.berkeley, items: [{ packageLabel: fx.packageLabel, quantity: 8, fromLocationCode: 'sales_floor' }] });

    // Listed at Oakland as outgoing and in transit; the sender cannot receive it.
    const listed = page.locator(`#transfer-list tr[data-transfer-id="${transferId}"]`);
    await listed.waitFor();
    expect([await listed.getAttribute('data-status'), await listed.getAttribute('data-direction')]).toEqual(['in_transit', 'outgoing']);
    const [, direction, status, packages, shippedQuantity, receivedQuantity, note] = await listed.locator('td').allTextContents();
    expect([direction, status, packages, shippedQuantity, receivedQuantity, note]).toEqual(['to Green Door Berkeley', 'in transit', '1', '8', '—', 'restock Berkeley']);
    expect(await listedIds('transfer-list', 'transfer-id')).toEqual((await transferRows()).map((t) => t.id));
    expect(await page.locator('#transfer-receive-actions').isHidden()).toBe(true);
    expect(await page.locator('#transfer-waiting').textContent()).toContain('Green Door Berkeley receives it');
    await expectLedgerBalanced(db());

    // Berkeley's manager finds it in Berkeley's list, incoming, and opens it to take it in.
    await signInAs('manager', stores.berkeley, { fresh: true });
    await page.click('#tab-transfers');
    expect(await page.locator('#transfer-panel').isHidden()).toBe(true);
    const incoming = page.locator(`#transfer-list tr[data-transfer-id="${transferId}"]`);
    await expect.poll(() => incoming.getAttribute('data-direction')).toBe('incoming');
    expect(await incoming.locator('td').nth(1).textContent()).toBe('from Green Door Oakland');
    await incoming.locator('button').click();
    await page.locator('#transfer-receive-actions').waitFor();
    const item = page.locator(`#transfer-items tr[data-package-label="${fx.packageLabel}"]`);
    expect(await item.locator('[name=receivedQuantity]').inputValue()).toBe('8');
    expect(await optionValues(`#transfer-items tr[data-package-label="${fx.packageLabel}"] [name=locationCode]`)).toContain('vault');

    // More than was shipped: refused, and the transfer is still in transit with nothing moved.
    const inTransit = await transferWorld();
    await item.locator('[name=receivedQuantity]').fill('9');
    const tooMany = await answerTo(() => page.click('#transfer-receive'), `/v1/inventory/transfers/${transferId}/receive`);
    expect(tooMany.status()).toBe(400);
    await expect.poll(() => refusal('transfer-panel').textContent()).toContain('INVALID_QUANTITY');
    expect(await refusal('transfer-panel').textContent()).toContain('Only 8 were shipped');
    expect(await transferWorld()).toEqual(inTransit);
    expect(await auditRows('inventory.transfer.received')).toEqual([]);

    await item.locator('[name=receivedQuantity]').fill('6');
    await item.locator('[name=locationCode]').selectOption('vault');
    await page.click('#transfer-receive');
    await expect.poll(() => page.locator('#transfer-panel').getAttribute('data-status')).toBe('received');
    expect(await result('transfer-panel').textContent()).toContain(`Received at Green Door Berkeley: ${fx.packageLabel} 6 of 8 into vault (2 short`);
    expect(await refusal('transfer-panel').isHidden()).toBe(true);
    expect(await page.locator('#transfer-receive-actions').isHidden()).toBe(true);

    const [received] = await transferRows();
    expect(received).toMatchObject({ id: transferId, status: 'received', received_by: manager });
    expect(received.received_at).not.toBeNull();
    const receivedItem = await db().selectFrom('inventory_transfer_item').select(['received_quantity', 'to_location_id']).where('transfer_id', '=', transferId).executeTakeFirstOrThrow();
    expect({ ...receivedItem, received_quantity: Number(receivedItem.received_quantity) }).toEqual({ received_quantity: 6, to_location_id: await locationId(stores.berkeley, 'vault') });
    // Six into Berkeley's vault, two written off in transit: Oakland's in-transit location is empty.
    expect(await onHandEqualsLedger(fx.packageId)).toEqual({ 'berkeley:vault': 6, 'oakland:in_transit': 0, 'oakland:sales_floor': 12 });
    expect(await transferMovements(transferId)).toEqual(
      [
        ['oakland', 'sales_floor', 'transfer_out', -8, 'transfer_ship'],
        ['oakland', 'in_transit', 'transfer_in', 8, 'transfer_ship'],
        ['oakland', 'in_transit', 'transfer_out', -6, 'transfer_receive'],
        ['berkeley', 'vault', 'transfer_in', 6, 'transfer_receive'],
        ['oakland', 'in_transit', 'adjust', -2, 'transfer_shortage'],
      ].sort((a, b) => String(a).localeCompare(String(b))),
    );
    const discrepancies = await db().selectFrom('inventory_discrepancy').select(['store_id', 'package_label', 'kind', 'expected_quantity', 'counted_quantity', 'quantity']).where('source_id', '=', transferId).execute();
    expect(discrepancies.map((d) => [d.store_id, d.package_label, d.kind, Number(d.expected_quantity), Number(d.counted_quantity), Number(d.quantity)])).toEqual([
      [stores.berkeley, fx.packageLabel, 'short', 8, 6, 2],
    ]);
    const alert = await db().selectFrom('inventory_alert').select(['store_id', 'kind', 'status']).where('dedupe_key', '=', `transfer:${transferId}:${fx.packageLabel}`).executeTakeFirstOrThrow();
    expect(alert).toEqual({ store_id: stores.berkeley, kind: 'transfer_discrepancy', status: 'open' });
    const [receivedAudit] = await auditRows('inventory.transfer.received');
    expect(receivedAudit).toMatchObject({ entity_id: transferId, store_id: stores.berkeley, actor_id: manager });

    // The list follows: received, 8 shipped, 6 arrived.
    await expect.poll(() => incoming.getAttribute('data-status')).toBe('received');
    const [, , , , shippedAtBerkeley, receivedAtBerkeley] = await incoming.locator('td').allTextContents();
    expect([shippedAtBerkeley, receivedAtBerkeley]).toEqual(['8', '6']);
    expect(await page.locator(`#transfer-items tr[data-package-label="${fx.packageLabel}"] td`).nth(3).textContent()).toBe('6');
    await expectLedgerBalanced(db());
    expect(await page.locator('#error').isHidden()).toBe(true);
  });

  it('the inventory manager, who may not read the audit log, finds the transfer in the store’s list and opens it by its id', async () => {
    await signInAs('inventory', stores.berkeley);
    await page.click('#tab-transfers');
    // The list is the store's own (GET /v1/stores/:storeId/transfers), not the audit log.
    const listed = page.locator(`#transfer-list tr[data-transfer-id="${transferId}"]`);
    await listed.waitFor();
    expect(await listed.getAttribute('data-direction')).toBe('incoming');
    await page.fill('#transfer-open-form input[name=id]', transferId);
    await page.click('#transfer-open-form button[type=submit]');
    await expect.poll(() => page.locator('#transfer-panel').getAttribute('data-transfer-id')).toBe(transferId);
    expect(await page.locator('#transfer-panel').getAttribute('data-status')).toBe('received');
    expect(await page.locator('#transfer-title').textContent()).toBe('Transfer from Green Door Oakland to Green Door Berkeley · received');
    expect(await page.locator('#transfer-receive-actions').isHidden()).toBe(true);

    // Not an id the server knows: its answer, not an empty page.
    await page.fill('#transfer-open-form input[name=id]', 'not-a-transfer');
    await page.click('#transfer-open-form button[type=submit]');
    await expect.poll(() => refusal('transfer-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await page.locator('#transfer-panel .body').isHidden()).toBe(true);
  });

  it('a manager who shipped by mistake cancels the transfer with a reason: the stock goes back to the sales floor, with the ledger; the receiving store is not offered to cancel, and no reason is refused and changes nothing', async () => {
    const manager = await staffId(server, 'manager');
    await signInAs('manager', stores.oakland, { fresh: true });
    await page.click('#tab-transfers');
    const line = page.locator('#transfer-lines tbody tr').first();
    await line.locator('[name=packageLabel]').fill(fx.packageLabel);
    await line.locator('[name=quantity]').fill('5');
    await expect.poll(() => line.locator('.here').textContent()).toBe('sales_floor 12');
    expect(await line.locator('[name=fromLocationCode]').inputValue()).toBe('sales_floor');
    await page.selectOption('#transfer-to', stores.berkeley);
    await page.click('#transfer-form button[type=submit]');
    await expect.poll(() => result('transfer-ship-panel').textContent()).toContain(`Shipped to Green Door Berkeley: ${fx.packageLabel} 5 from sales_floor`);
    await expect.poll(() => page.locator('#transfer-panel').getAttribute('data-status')).toBe('in_transit');
    const id = (await page.locator('#transfer-panel').getAttribute('data-transfer-id'))!;
    expect(id).not.toBe(transferId);
    expect(await onHandEqualsLedger(fx.packageId)).toEqual({ 'berkeley:vault': 6, 'oakland:in_transit': 5, 'oakland:sales_floor': 7 });
    // The sender may cancel it; it cannot receive it.
    await page.locator('#transfer-cancel-form').waitFor();
    expect(await page.locator('#transfer-receive-actions').isHidden()).toBe(true);

    // At the receiving store the same transfer is received, not cancelled.
    await page.selectOption('#store', stores.berkeley);
    await page.locator('#transfer-receive-actions').waitFor();
    expect(await page.locator('#transfer-panel').getAttribute('data-transfer-id')).toBe(id);
    expect(await page.locator('#transfer-cancel-form').isHidden()).toBe(true);
    await page.selectOption('#store', stores.oakland);
    await page.locator('#transfer-cancel-form').waitFor();

    // Without a reason: refused, and nothing moves.
    const inTransit = await transferWorld();
    const noReason = await answerTo(() => page.click('#transfer-cancel-form button[type=submit]'), `/v1/inventory/transfers/${id}/cancel`);
    expect(noReason.status()).toBe(400);
    await expect.poll(() => refusal('transfer-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await transferWorld()).toEqual(inTransit);
    expect(await auditRows('inventory.transfer.cancelled')).toEqual([]);

    await page.fill('#transfer-cancel-form input[name=reason]', 'Shipped the wrong package');
    await page.click('#transfer-cancel-form button[type=submit]');
    await expect.poll(() => page.locator('#transfer-panel').getAttribute('data-status')).toBe('cancelled');
    expect(await result('transfer-panel').textContent()).toBe(`Cancelled the transfer to Green Door Berkeley: ${fx.packageLabel} 5 to sales_floor, back at Green Door Oakland.`);
    expect(await refusal('transfer-panel').isHidden()).toBe(true);
    expect(await page.locator('#transfer-cancel-form').isHidden()).toBe(true);
    expect(await page.locator('#transfer-summary').textContent()).toContain('Shipped the wrong package');
    expect(await page.locator(`#transfer-items tr[data-package-label="${fx.packageLabel}"] td`).nth(4).textContent()).toBe('back to sales_floor');

    // The database: the transfer cancelled with who and why, the five back on the sales floor, the
    // ledger showing them leave in transit and arrive where they left from, and the audit row.
    const row = await db().selectFrom('inventory_transfer').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'cancelled', cancelled_by: manager, cancel_reason: 'Shipped the wrong package', received_at: null, received_by: null });
    expect(row.cancelled_at).not.toBeNull();
    const item = await db().selectFrom('inventory_transfer_item').select(['received_quantity', 'returned_to_location_id']).where('transfer_id', '=', id).executeTakeFirstOrThrow();
    expect(item).toEqual({ received_quantity: null, returned_to_location_id: await locationId(stores.oakland, 'sales_floor') });
    expect(await onHandEqualsLedger(fx.packageId)).toEqual({ 'berkeley:vault': 6, 'oakland:in_transit': 0, 'oakland:sales_floor': 12 });
    expect(await transferMovements(id)).toEqual(
      [
        ['oakland', 'sales_floor', 'transfer_out', -5, 'transfer_ship'],
        ['oakland', 'in_transit', 'transfer_in', 5, 'transfer_ship'],
        ['oakland', 'in_transit', 'transfer_out', -5, 'transfer_cancel'],
        ['oakland', 'sales_floor', 'transfer_in', 5, 'transfer_cancel'],
      ].sort((a, b) => String(a).localeCompare(String(b))),
    );
    const [cancelledAudit] = await auditRows('inventory.transfer.cancelled');
    expect(cancelledAudit).toMatchObject({ entity_id: id, store_id: stores.oakland, actor_id: manager, reason: 'Shipped the wrong package' });
    // The list says so too.
    const listed = page.locator(`#transfer-list tr[data-transfer-id="${id}"]`);
    await expect.poll(() => listed.getAttribute('data-status')).toBe('cancelled');
    expect(await listed.locator('td').nth(2).textContent()).toMatch(/^cancelled /);
    await expectLedgerBalanced(db());
    expect(await page.locator('#error').isHidden()).toBe(true);
  });

  it('a manager adds a location, renames it, makes it not sellable and retires it; the locations the store needs offer no retiring; a code the store has, a sellable in-transit location and retiring a location with stock are refused and change nothing', async () => {
    const locationRows = () =>
      db().selectFrom('inventory_location').select(['id', 'code', 'name', 'kind', 'sellable', 'active']).where('store_id', '=', stores.oakland).orderBy('code').execute();
    const locationAudit = async () => (await db().selectFrom('audit_log').select('id').where('entity_type', '=', 'inventory_location').execute()).length;
    await signInAs('manager', stores.oakland);
    await page.click('#tab-settings');
    await page.locator('#locations tr[data-location-code="vault"]').waitFor();
    // The list is the store's locations in the database, by code, retired ones included.
    expect(await listedIds('locations', 'location-code')).toEqual((await locationRows()).map((l) => l.code));
    // The locations the server works with by code are not offered for retiring (the others are);
    // in transit and quarantine are not offered for sale.
    for (const code of ['vault', 'quarantine', 'in_transit', 'display']) {
      const tr = page.locator(`#locations tr[data-location-code="${code}"]`);
      expect([code, await tr.getAttribute('data-required'), await tr.locator('button.retire').count()]).toEqual([code, String(code !== 'display'), code === 'display' ? 1 : 0]);
    }
    for (const code of ['quarantine', 'in_transit']) expect(await page.locator(`#locations tr[data-location-code="${code}"] button.sellable`).count()).toBe(0);
    expect(await page.locator('#locations tr[data-location-code="vault"] button.sellable').count()).toBe(1);

    const form = page.locator('#location-form');
    await form.locator('input[name=code]').fill('back_room');
    await form.locator('input[name=name]').fill('Back room');
    await form.locator('select[name=kind]').selectOption('backstock');
    await form.locator('input[name=sellable]').check();
    await form.locator('button[type=submit]').click();
    await expect.poll(() => result('locations-panel').textContent()).toContain('Added back_room (“Back room”, backstock), sellable');
    const added = (await locationRows()).find((l) => l.code === 'back_room');
    expect(added).toMatchObject({ name: 'Back room', kind: 'backstock', sellable: true, active: true });
    const [created] = await auditRows('inventory.location.created');
    expect(created).toMatchObject({ entity_id: added!.id, store_id: stores.oakland, actor_id: await staffId(server, 'manager') });
    const shown = page.locator('#locations tr[data-location-code="back_room"]');
    await shown.waitFor();
    expect([await shown.getAttribute('data-sellable'), await shown.getAttribute('data-active')]).toEqual(['true', 'true']);
    expect(await listedIds('locations', 'location-code')).toEqual((await locationRows()).map((l) => l.code));

    // A code the store has already: refused, nothing added or changed.
    const before = await locationRows();
    const audited = await locationAudit();
    await form.locator('input[name=code]').fill('vault');
    await form.locator('input[name=name]').fill('Second vault');
    const duplicate = await answerTo(() => form.locator('button[type=submit]').click(), `/v1/stores/${stores.oakland}/locations`);
    expect(duplicate.status()).toBe(409);
    await expect.poll(() => refusal('locations-panel').textContent()).toContain('LOCATION_EXISTS');
    expect(await locationRows()).toEqual(before);
    expect(await locationAudit()).toBe(audited);

    // A sellable in-transit location: refused at its field, nothing added.
    await form.locator('input[name=code]').fill('second_van');
    await form.locator('input[name=name]').fill('Second van');
    await form.locator('select[name=kind]').selectOption('in_transit');
    await form.locator('input[name=sellable]').check();
    const sellableTransit = await answerTo(() => form.locator('button[type=submit]').click(), `/v1/stores/${stores.oakland}/locations`);
    expect(sellableTransit.status()).toBe(422);
    await expect.poll(() => refusal('locations-panel').textContent()).toContain('LOCATION_KIND_NOT_SELLABLE');
    expect(await locationRows()).toEqual(before);
    expect(await locationAudit()).toBe(audited);

    // The other panels offer the new location: a transfer may ship from it.
    await page.click('#tab-transfers');
    await expect.poll(() => optionValues('#transfer-lines tbody tr:first-child [name=fromLocationCode]')).toContain('back_room');
    // Back on the settings, the list is read again: wait for the new rows before typing into one.
    await shown.evaluate((tr) => ((tr as HTMLElement).dataset.stale = 'true'));
    await page.click('#tab-settings');
    await page.locator('#locations tr[data-location-code="back_room"]:not([data-stale])').waitFor();

    await shown.locator('input.location-name').fill('Back stockroom');
    await shown.locator('button.rename').click();
    await expect.poll(() => result('locations-panel').textContent()).toContain('Renamed back_room: “Back stockroom”');
    expect((await locationRows()).find((l) => l.code === 'back_room')).toMatchObject({ name: 'Back stockroom', sellable: true, active: true });
    const [renamed] = await auditRows('inventory.location.updated');
    expect([renamed.entity_id, (renamed.before as { name: string }).name, (renamed.after as { name: string }).name]).toEqual([added!.id, 'Back room', 'Back stockroom']);
    expect(await shown.locator('input.location-name').inputValue()).toBe('Back stockroom');

    await shown.locator('button.sellable').click();
    await expect.poll(() => shown.getAttribute('data-sellable')).toBe('false');
    expect(await result('locations-panel').textContent()).toContain('back_room is not sellable now');
    expect((await locationRows()).find((l) => l.code === 'back_room')).toMatchObject({ sellable: false, active: true });

    // The sales floor holds the package's 12: it cannot be retired, and stays as it was.
    const holding = await locationRows();
    const auditedBefore = await locationAudit();
    const notEmpty = await answerTo(() => page.locator('#locations tr[data-location-code="sales_floor"] button.retire').click(), `/locations/${await locationId(stores.oakland, 'sales_floor')}`);
    expect(notEmpty.status()).toBe(409);
    await expect.poll(() => refusal('locations-panel').textContent()).toContain('LOCATION_NOT_EMPTY');
    expect(await locationRows()).toEqual(holding);
    expect(await locationAudit()).toBe(auditedBefore);
    expect(await page.locator('#locations tr[data-location-code="sales_floor"]').getAttribute('data-active')).toBe('true');

    await shown.locator('button.retire').click();
    await expect.poll(() => shown.getAttribute('data-active')).toBe('false');
    expect(await result('locations-panel').textContent()).toContain('Retired back_room');
    expect((await locationRows()).find((l) => l.code === 'back_room')).toMatchObject({ name: 'Back stockroom', sellable: false, active: false });
    const updates = await auditRows('inventory.location.updated');
    expect(updates.map((u) => [u.entity_id, (u.after as { sellable: boolean }).sellable, (u.after as { active: boolean }).active])).toEqual([
      [added!.id, true, true],
      [added!.id, false, true],
      [added!.id, false, false],
    ]);
    expect(await listedIds('locations', 'location-code')).toEqual((await locationRows()).map((l) => l.code));
    // A retired location is offered nowhere else.
    await page.click('#tab-transfers');
    await page.locator('#transfer-lines tbody tr:first-child [name=fromLocationCode] option[value=vault]').waitFor({ state: 'attached' });
    await expect.poll(() => optionValues('#transfer-lines tbody tr:first-child [name=fromLocationCode]')).not.toContain('back_room');
  });

  it('a manager adds a delivery vehicle without a plate, adds the plate, and retires it; a name another vehicle has is refused at its field and changes nothing', async () => {
    const vehicleRow = (name: string) => db().selectFrom('delivery_vehicle').select(['id', 'name', 'make', 'model', 'license_plate', 'active']).where('store_id', '=', stores.oakland).where('name', '=', name).executeTakeFirst();
    await signInAs('manager', stores.oakland);
    await page.click('#tab-settings');
    await page.locator('#vehicles tbody').waitFor();
    const add = page.locator('#vehicle-form');
    await add.locator('input[name=name]').fill('Office van');
    await add.locator('input[name=make]').fill('Ford');
    await add.locator('input[name=model]').fill('Transit');
    await add.locator('button[type=submit]').click();
    await expect.poll(() => result('vehicles-panel').textContent()).toContain('Added Office van. Without its plate');
    const added = (await vehicleRow('Office van'))!;
    expect(added).toMatchObject({ make: 'Ford', model: 'Transit', license_plate: null, active: true });
    const shown = page.locator(`#vehicles tr[data-vehicle-id="${added.id}"]`);

    // The demo's van has the name: refused at the name field, nothing changed.
    const edit = page.locator('#vehicle-edit-form');
    await shown.locator('button.edit').click();
    await edit.locator('input[name=name]').fill('Demo van');
    await edit.locator('input[name=licensePlate]').fill('8OFC123');
    const taken = await answerTo(() => edit.locator('button[type=submit]').click(), `/delivery-vehicles/${added.id}`);
    expect(taken.status()).toBe(409);
    await expect.poll(() => refusal('vehicles-panel').textContent()).toContain('VEHICLE_NAME_TAKEN');
    expect(await edit.locator('input[name=name]').getAttribute('aria-invalid')).toBe('true');
    expect(await vehicleRow('Office van')).toEqual(added);

    await edit.locator('input[name=name]').fill('Office van');
    await edit.locator('button[type=submit]').click();
    await expect.poll(() => result('vehicles-panel').textContent()).toContain('Saved Office van: plate changed.');
    expect(await vehicleRow('Office van')).toMatchObject({ license_plate: '8OFC123', active: true });
    expect(await edit.isHidden()).toBe(true);

    await shown.locator('button.retire').click();
    await expect.poll(() => shown.getAttribute('data-active')).toBe('false');
    expect(await result('vehicles-panel').textContent()).toContain('Retired Office van');
    expect(await vehicleRow('Office van')).toMatchObject({ license_plate: '8OFC123', active: false });
    expect((await auditRows('delivery.vehicle.retired')).map((a) => a.entity_id)).toEqual([added.id]);
  });

  it('a manager adds local tax rate periods and the open one is closed the day before, and withdraws one that has not started; a rate over 100 %, a withdrawal without a reason, a second period on one day and an auditor are refused and change nothing', async () => {
    const manager = await staffId(server, 'manager');
    const taxRows = async () =>
      (
        await sql<{ id: string; sales: string; cannabis: string; from: string; to: string | null; reason: string | null; created_by: string }>`
          select id, local_sales_tax_rate::text as sales, local_cannabis_tax_rate::text as cannabis, effective_from::text as from, effective_to::text as to, reason, created_by
            from store_tax_setting where store_id = ${stores.oakland} order by effective_from`.execute(db())
      ).rows;
    const taxAudit = async () => (await db().selectFrom('audit_log').select('id').where('entity_type', '=', 'store_tax_setting').execute()).length;
    const initial = await taxRows();
    await signInAs('manager', stores.oakland);
    await page.click('#tab-settings');
    await page.locator('#tax-settings tbody').waitFor();
    await expect.poll(() => listedIds('tax-settings', 'setting-id')).toEqual(initial.map((r) => r.id));

    const form = page.locator('#tax-form');
    const fill = async (sales: string, cannabis: string, from: string, reason: string) => {
      await form.locator('input[name=localSalesTaxRate]').fill(sales);
      await form.locator('input[name=localCannabisTaxRate]').fill(cannabis);
      await form.locator('input[name=effectiveFrom]').fill(from);
      await form.locator('input[name=reason]').fill(reason);
    };
    await fill('1.25', '4', '2031-01-01', 'City ordinance 2030-14');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => result('tax-panel').textContent()).toContain('From 2031-01-01: 1.25 % local sales tax, 4 % local cannabis tax.');
    const first = (await taxRows()).find((r) => r.from === '2031-01-01');
    expect(first).toMatchObject({ sales: '0.012500', cannabis: '0.040000', to: null, reason: 'City ordinance 2030-14', created_by: manager });
    const [addedAudit] = await auditRows('compliance.tax_setting.added');
    expect(addedAudit).toMatchObject({ entity_id: first!.id, store_id: stores.oakland, actor_id: manager, reason: 'City ordinance 2030-14' });
    const listed = page.locator(`#tax-settings tr[data-setting-id="${first!.id}"]`);
    await listed.waitFor();
    const [from, until, sales, cannabis, reason] = await listed.locator('td').allTextContents();
    expect([from, until, sales, cannabis, reason]).toEqual(['2031-01-01', 'open', '1.25 %', '4 %', 'City ordinance 2030-14']);

    // A rate over 100 %: refused at its field, nothing stored.
    const before = await taxRows();
    const audited = await taxAudit();
    await fill('150', '4', '2032-01-01', 'typo');
    const tooHigh = await answerTo(() => form.locator('button[type=submit]').click(), '/tax-settings');
    expect(tooHigh.status()).toBe(400);
    await expect.poll(() => refusal('tax-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await refusal('tax-panel').textContent()).toContain('localSalesTaxRate');
    expect(await taxRows()).toEqual(before);
    expect(await taxAudit()).toBe(audited);

    // A second period starting the same day: refused, nothing stored.
    await fill('2', '4', '2031-01-01', 'again');
    const sameDay = await answerTo(() => form.locator('button[type=submit]').click(), '/tax-settings');
    expect(sameDay.status()).toBe(409);
    await expect.poll(() => refusal('tax-panel').textContent()).toContain('TAX_SETTING_EXISTS');
    expect(await taxRows()).toEqual(before);
    expect(await taxAudit()).toBe(audited);

    await fill('1.5', '4.125', '2031-07-01', 'County measure K');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => result('tax-panel').textContent()).toContain('From 2031-07-01: 1.5 % local sales tax, 4.125 % local cannabis tax. The period from 2031-01-01 now ends 2031-06-30.');
    expect(await refusal('tax-panel').isHidden()).toBe(true);
    const after = await taxRows();
    expect(after.filter((r) => r.from >= '2031-01-01').map((r) => [r.from, r.to, r.sales, r.cannabis, r.reason])).toEqual([
      ['2031-01-01', '2031-06-30', '0.012500', '0.040000', 'City ordinance 2030-14'],
      ['2031-07-01', null, '0.015000', '0.041250', 'County measure K'],
    ]);
    const [closed] = await auditRows('compliance.tax_setting.closed');
    expect(closed).toMatchObject({ entity_id: first!.id, store_id: stores.oakland, actor_id: manager });
    expect((closed.after as { effectiveTo: string }).effectiveTo).toBe('2031-06-30');
    await expect.poll(() => listedIds('tax-settings', 'setting-id')).toEqual(after.map((r) => r.id));
    expect(await listed.locator('td').nth(1).textContent()).toBe('2031-06-30');

    // The 2031-07-01 period has not started: withdrawn (a reason is required), the one before runs on.
    const second = after.find((r) => r.from === '2031-07-01')!;
    const secondRow = page.locator(`#tax-settings tr[data-setting-id="${second.id}"]`);
    const withdrawAudited = await taxAudit();
    const noReason = await answerTo(() => secondRow.locator('button.withdraw').click(), `/tax-settings/${second.id}`);
    expect(noReason.status()).toBe(400);
    await expect.poll(() => refusal('tax-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await taxRows()).toEqual(after);
    expect(await taxAudit()).toBe(withdrawAudited);
    await secondRow.locator('input[name=withdrawReason]').fill('Measure K failed at the ballot');
    await secondRow.locator('button.withdraw').click();
    await expect.poll(() => result('tax-panel').textContent()).toContain('Withdrew the period from 2031-07-01. The period from 2031-01-01 now stays open.');
    const remaining = await taxRows();
    expect(remaining.filter((r) => r.from >= '2031-01-01').map((r) => [r.from, r.to])).toEqual([['2031-01-01', null]]);
    const [withdrawn] = await auditRows('compliance.tax_setting.withdrawn');
    expect(withdrawn).toMatchObject({ entity_id: second.id, store_id: stores.oakland, actor_id: manager, reason: 'Measure K failed at the ballot' });
    const [extended] = await auditRows('compliance.tax_setting.extended');
    expect(extended).toMatchObject({ entity_id: first!.id, actor_id: manager });
    await expect.poll(() => listedIds('tax-settings', 'setting-id')).toEqual(remaining.map((r) => r.id));

    // An auditor reads the rates but may not add one.
    await signInAs('auditor', stores.oakland);
    await page.click('#tab-settings');
    await expect.poll(() => listedIds('tax-settings', 'setting-id')).toEqual(remaining.map((r) => r.id));
    const auditedNow = await taxAudit();
    await fill('3', '4', '2032-01-01', 'not mine to change');
    const forbidden = await answerTo(() => form.locator('button[type=submit]').click(), '/tax-settings');
    expect(forbidden.status()).toBe(403);
    await expect.poll(() => refusal('tax-panel').textContent()).toContain('stores:manage');
    expect(await taxRows()).toEqual(remaining);
    expect(await taxAudit()).toBe(auditedNow);
  });
});
