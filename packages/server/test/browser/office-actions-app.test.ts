// The back office's actions (packages/web/office: stock-actions.js, counts.js, receiving.js,
// settings.js) in a real browser against a real server: a manager adjusts, moves, holds, releases
// and destroys a package; a count is started, counted and submitted by the inventory manager and
// approved by a manager; a manifest is received and closed; reorder points are set and removed,
// rule overrides and alert rules set. Each step is checked in the database (counters, ledger rows
// and their reasons, count, manifest, override and rule rows), the lists of counts, manifests and
// reorder points are the database's, and each feature has a refusal — a role the server refuses,
// or a value it refuses — after which the database is checked unchanged.
import type { Browser, Page, Response } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { launchChromium } from '../support/browser';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { expectLedgerBalanced, newLabel, staffId, stockOf } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

type Role = 'manager' | 'inventory' | 'budtender' | 'auditor';

describe('back office actions (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  /** A package of 20 at the Oakland sales floor for the stock changes. */
  let fx: CheckoutFixture;
  /** A package of 20 of another SKU for the cycle count. */
  let counted: CheckoutFixture;
  /** Two manifests entered at Oakland: one the manager receives, one left open for refusals. */
  let manifest: { id: string; labels: { a: string; b: string; c: string; d: string } };
  let untouched: { id: string; label: string };
  let signedIn: Role | null = null;

  const db = () => server.platform.database.db;

  async function skuIdOf(code: string): Promise<string> {
    const sku = await db().selectFrom('sku').select('id').where('organization_id', '=', server.organizationId).where('code', '=', code).executeTakeFirstOrThrow();
    return sku.id;
  }

  async function enterManifest(cookie: string, items: Array<{ label: string; code: string; expected: number }>): Promise<string> {
    const created = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/manifests`,
      cookie,
      body: {
        number: `M-${newLabel().slice(-10)}`,
        supplierName: 'Humboldt Haze Farms',
        supplierLicense: 'CCL20-0000123',
        items: await Promise.all(
          items.map(async (item) => ({
            packageLabel: item.label,
            skuId: await skuIdOf(item.code),
            unit: 'each',
            expectedQuantity: item.expected,
            batch: { code: `B-${item.label.slice(-8)}`, producerLicense: 'CCL20-0000123' },
          })),
        ),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id;
  }

  beforeAll(async () => {
    server = await startTestServer();
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    fx = await stockedSku(db(), server.organizationId, { quantity: 20 });
    counted = await stockedSku(db(), server.organizationId, { code: 'HH-GDP-35', quantity: 20 });
    const manager = await server.login('manager');
    const labels = { a: newLabel(), b: newLabel(), c: newLabel(), d: newLabel() };
    manifest = {
      labels,
      id: await enterManifest(manager, [
        { label: labels.a, code: 'HH-GDP-7', expected: 10 },
        { label: labels.b, code: 'HH-GDP-14', expected: 6 },
        { label: labels.c, code: 'RR-SD-35', expected: 4 },
        { label: labels.d, code: 'RR-WC-35', expected: 2 },
      ]),
    };
    const label = newLabel();
    untouched = { label, id: await enterManifest(manager, [{ label, code: 'HH-GDP-7', expected: 3 }]) };
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${url}/app/office/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Signs the role in (signing out whoever is signed in), at the Oakland store. */
  async function signInAs(role: Role) {
    if (signedIn === role) return;
    if (signedIn) {
      await page.click('#sign-out');
    }
    await page.locator('#sign-in').waitFor();
    await page.fill('input[name=email]', `${role}@demo.verdant.test`);
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('#sign-in-form button[type=submit]');
    await page.locator('#office').waitFor();
    await page.selectOption('#store', fx.storeId);
    signedIn = role;
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

  async function lookUp(label: string) {
    await page.click('#tab-stock');
    await page.fill('#package-label', label);
    await page.click('#package-form button[type=submit]');
    await page.locator('#package-actions-panel').waitFor();
    await page.locator('#adjust-form select[name=locationCode] option[value=sales_floor]').waitFor({ state: 'attached' });
  }

  /** What a refused change must leave as it was: the package's counters, status and ledger. */
  async function packageState(packageId: string) {
    const stock = await sql<{ code: string; on_hand: string; reserved: string }>`
      select l.code, s.on_hand, s.reserved from inventory_stock s join inventory_location l on l.id = s.location_id
       where s.package_id = ${packageId} order by l.code`.execute(db());
    const pkg = await db().selectFrom('inventory_package').select(['status', 'status_reason']).where('id', '=', packageId).executeTakeFirstOrThrow();
    const ledger = await db().selectFrom('inventory_movement').select('id').where('package_id', '=', packageId).orderBy('id').execute();
    return { stock: stock.rows.map((r) => [r.code, Number(r.on_hand), Number(r.reserved)]), ...pkg, ledger: ledger.map((m) => Number(m.id)) };
  }

  async function lastMovements(packageId: string, count: number) {
    const rows = await sql<{ id: string; kind: string; code: string; on_hand_delta: string; reason_code: string; note: string | null; reference_type: string | null; reference_id: string | null; reference_data: Record<string, unknown> }>`
      select m.id, m.kind, l.code, m.on_hand_delta, m.reason_code, m.note, m.reference_type, m.reference_id, m.reference_data
        from inventory_movement m join inventory_location l on l.id = m.location_id
       where m.package_id = ${packageId} order by m.id desc limit ${count}`.execute(db());
    return rows.rows.reverse().map((r) => ({ ...r, id: Number(r.id), on_hand_delta: Number(r.on_hand_delta) }));
  }

  /** Labels of the packages on hold with stock rows at the store, as the database has them. */
  async function heldAt(storeId: string): Promise<string[]> {
    const rows = await sql<{ label: string }>`
      select p.label from inventory_package p
       where p.status = 'on_hold' and exists (select 1 from inventory_stock s where s.package_id = p.id and s.store_id = ${storeId})`.execute(db());
    return rows.rows.map((r) => r.label).sort();
  }

  /** The ids a list shows, top to bottom (its rows carry them as data attributes). */
  const listedIds = (table: string, key: string) => page.locator(`#${table} tbody tr[data-${key}]`).evaluateAll((rows, k) => rows.map((r) => (r as HTMLElement).getAttribute(`data-${k}`)), key);

  /** The store's counts or manifests newest first, as the database orders them. */
  async function newestFirst(table: 'inventory_count' | 'inventory_manifest', storeId: string) {
    const rows = await db().selectFrom(table).select(['id', 'status']).where('store_id', '=', storeId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows;
  }

  const onHand = async (label: string) => Object.fromEntries((await stockOf(db(), label)).map((s) => [s.code, Number(s.on_hand)]));

  /** The ledger on screen has the movement, with its kind and delta. */
  async function expectLedgerRow(id: number, kind: string, delta: number) {
    const line = page.locator(`#package-ledger tr[data-movement-id="${id}"]`);
    await line.waitFor();
    const [, shownKind, , shownDelta] = await line.locator('td').allTextContents();
    expect([shownKind, Number(shownDelta)]).toEqual([kind.replaceAll('_', ' '), delta]);
    return line;
  }

  it('a manager adjusts with a reason, moves, holds and releases, and destroys with a witness; each answer is shown and the ledger has the movement', async () => {
    await signInAs('manager');
    await lookUp(fx.packageLabel);
    expect(await page.locator('#package-actions-store').textContent()).toContain('Oakland');

    // Below zero: the server refuses, and the counters and the ledger are as they were.
    const before = await packageState(fx.packageId);
    await page.selectOption('#adjust-form select[name=locationCode]', 'sales_floor');
    await page.fill('#adjust-form input[name=delta]', '-100');
    await page.selectOption('#adjust-form select[name=reasonCode]', 'damaged');
    await page.click('#adjust-form button[type=submit]');
    await expect.poll(() => refusal('package-actions-panel').textContent()).toContain('INSUFFICIENT_STOCK');
    expect(await packageState(fx.packageId)).toEqual(before);
    expect(before.stock).toEqual([['sales_floor', 20, 0]]);

    await page.fill('#adjust-form input[name=delta]', '-3');
    await page.fill('#adjust-form input[name=note]', 'dropped jar');
    await page.click('#adjust-form button[type=submit]');
    await expect.poll(() => result('package-actions-panel').textContent()).toContain('17 on hand there now');
    expect(await refusal('package-actions-panel').isHidden()).toBe(true);
    expect(await onHand(fx.packageLabel)).toEqual({ sales_floor: 17 });
    const [adjusted] = await lastMovements(fx.packageId, 1);
    expect(adjusted).toMatchObject({ kind: 'adjust', code: 'sales_floor', on_hand_delta: -3, reason_code: 'damaged', note: 'dropped jar', reference_type: 'adjustment' });
    expect(await (await expectLedgerRow(adjusted.id, 'adjust', -3)).textContent()).toContain('damaged — dropped jar');

    await page.selectOption('#move-form select[name=fromLocationCode]', 'sales_floor');
    await page.selectOption('#move-form select[name=toLocationCode]', 'vault');
    await page.fill('#move-form input[name=quantity]', '5');
    await page.click('#move-form button[type=submit]');
    await expect.poll(() => result('package-actions-panel').textContent()).toContain('Moved 5 from sales_floor (12 left) to vault (5 there now)');
    expect(await onHand(fx.packageLabel)).toEqual({ sales_floor: 12, vault: 5 });
    // Both rows of a move are booked by one statement, in lock order: sort them to compare.
    const [into, out] = (await lastMovements(fx.packageId, 2)).sort((x, y) => x.kind.localeCompare(y.kind));
    expect([out, into]).toMatchObject([
      { kind: 'transfer_out', code: 'sales_floor', on_hand_delta: -5, reason_code: 'move', reference_type: 'move' },
      { kind: 'transfer_in', code: 'vault', on_hand_delta: 5, reason_code: 'move', reference_type: 'move', reference_id: out.reference_id },
    ]);
    await expectLedgerRow(out.id, 'transfer_out', -5);
    await expectLedgerRow(into.id, 'transfer_in', 5);

    await page.selectOption('#status-form select[name=status]', 'on_hold');
    await page.fill('#status-form input[name=reason]', 'lab recheck');
    await page.click('#status-form button[type=submit]');
    await expect.poll(() => page.locator('#package-summary').getAttribute('data-status')).toBe('on_hold');
    expect(await result('package-actions-panel').textContent()).toContain('on hold now (lab recheck)');
    expect(await db().selectFrom('inventory_package').select(['status', 'status_reason']).where('id', '=', fx.packageId).executeTakeFirstOrThrow()).toEqual({ status: 'on_hold', status_reason: 'lab recheck' });
    // The list of held packages is the store's held packages in the database, this one among them.
    const held = page.locator(`#packages tr[data-label="${fx.packageLabel}"]`);
    await held.waitFor();
    expect(await held.textContent()).toContain('lab recheck');
    expect((await page.locator('#packages tbody tr[data-label]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.label))).sort()).toEqual(await heldAt(fx.storeId));
    await page.selectOption('#status-form select[name=status]', 'active');
    await page.fill('#status-form input[name=reason]', 'lab confirmed');
    await page.click('#status-form button[type=submit]');
    await expect.poll(() => page.locator('#package-summary').getAttribute('data-status')).toBe('active');
    expect(await db().selectFrom('inventory_package').select(['status', 'status_reason']).where('id', '=', fx.packageId).executeTakeFirstOrThrow()).toEqual({ status: 'active', status_reason: 'lab confirmed' });
    await expect.poll(() => held.count()).toBe(0);

    // A wrong PIN: the witness is not verified, nothing is destroyed, and the PIN leaves the page.
    const witness = await staffId(server, 'budtender');
    await page.selectOption('#destroy-form select[name=locationCode]', 'vault');
    await page.fill('#destroy-form input[name=quantity]', '2');
    await page.selectOption('#destroy-form select[name=method]', 'incineration');
    await page.selectOption('#destroy-form select[name=reasonCode]', 'damaged');
    await page.selectOption('#destroy-form select[name=witnessId]', witness);
    await page.fill('#destroy-form input[name=witnessPin]', '0000');
    const beforeDestroy = await packageState(fx.packageId);
    await page.click('#destroy-form button[type=submit]');
    await expect.poll(() => refusal('package-actions-panel').textContent()).toContain('WITNESS_REQUIRED');
    expect(await page.inputValue('#destroy-form input[name=witnessPin]')).toBe('');
    expect(await packageState(fx.packageId)).toEqual(beforeDestroy);

    await page.fill('#destroy-form input[name=witnessPin]', '1234');
    await page.click('#destroy-form button[type=submit]');
    await expect.poll(() => result('package-actions-panel').textContent()).toContain('witnessed by Bea Budtender (budtender): 3 left there');
    expect(await onHand(fx.packageLabel)).toEqual({ sales_floor: 12, vault: 3 });
    const [destroyed] = await lastMovements(fx.packageId, 1);
    expect(destroyed).toMatchObject({ kind: 'destroy', code: 'vault', on_hand_delta: -2, reason_code: 'damaged', reference_type: 'destruction' });
    expect(destroyed.reference_data).toMatchObject({ method: 'incineration', witnessId: witness, witnessName: 'Bea Budtender' });
    expect(await (await expectLedgerRow(destroyed.id, 'destroy', -2)).textContent()).toContain('witnessed by Bea Budtender');

    // The screen's totals are the counters, and the counters are the ledger.
    const [, , , totalOnHand] = await page.locator('#package-stock-total td').allTextContents();
    expect(Number(totalOnHand)).toBe(15);
    const [, movements, , sum] = await page.locator('#package-ledger-total td').allTextContents();
    expect([movements, Number(sum)]).toEqual([`${(await packageState(fx.packageId)).ledger.length} movements`, 15]);
    await expectLedgerBalanced(db());
    expect(await page.locator('#error').isHidden()).toBe(true);
  });

  it('a budtender and an auditor are refused stock changes by the server, and nothing changes', async () => {
    const before = await packageState(fx.packageId);
    await signInAs('budtender');
    await lookUp(fx.packageLabel);
    await page.selectOption('#adjust-form select[name=reasonCode]', 'found');
    await page.fill('#adjust-form input[name=delta]', '1');
    const adjust = await answerTo(() => page.click('#adjust-form button[type=submit]'), '/adjust');
    expect(adjust.status()).toBe(403);
    await expect.poll(() => refusal('package-actions-panel').textContent()).toContain('FORBIDDEN');
    expect(await refusal('package-actions-panel').textContent()).toContain('inventory:write');

    await signInAs('auditor');
    await lookUp(fx.packageLabel);
    await page.selectOption('#status-form select[name=status]', 'quarantined');
    await page.fill('#status-form input[name=reason]', 'looks off');
    const status = await answerTo(() => page.click('#status-form button[type=submit]'), '/status');
    expect(status.status()).toBe(403);
    await expect.poll(() => refusal('package-actions-panel').textContent()).toContain('FORBIDDEN');
    await page.fill('#destroy-form input[name=quantity]', '1');
    const destroy = await answerTo(() => page.click('#destroy-form button[type=submit]'), '/destroy');
    expect(destroy.status()).toBe(403);
    await expect.poll(() => refusal('package-actions-panel').textContent()).toContain('inventory:destroy');
    expect(await result('package-actions-panel').isHidden()).toBe(true);
    expect(await packageState(fx.packageId)).toEqual(before);
  });

  it('the inventory manager counts and submits, the server computes the variances, and only a manager’s approval books them', async () => {
    await signInAs('inventory');
    await page.click('#tab-counts');
    // The store's counts, as the server lists them: none yet.
    await expect.poll(() => page.locator('#count-list tbody').textContent()).toContain('No count with that status');
    expect(await refusal('count-list-panel').isHidden()).toBe(true);
    await page.locator('#count-sku option[value="' + counted.skuId + '"]').waitFor({ state: 'attached' });
    await page.selectOption('#count-start-form select[name=kind]', 'cycle');
    await page.selectOption('#count-sku', counted.skuId);
    await page.fill('#count-start-form input[name=note]', 'shelf check');
    await page.click('#count-start-form button[type=submit]');
    await expect.poll(() => page.locator('#count-panel').getAttribute('data-status')).toBe('open');
    const countId = (await page.locator('#count-panel').getAttribute('data-count-id'))!;
    const count = await db().selectFrom('inventory_count').select(['kind', 'status', 'sku_ids', 'note', 'store_id']).where('id', '=', countId).executeTakeFirstOrThrow();
    expect(count).toEqual({ kind: 'cycle', status: 'open', sku_ids: [counted.skuId], note: 'shelf check', store_id: counted.storeId });
    // Every package of the SKU with stock at the store is in scope; only the one counted stays.
    const scoped = await db().selectFrom('inventory_count_line').select('package_id').where('count_id', '=', countId).execute();
    expect(scoped.map((l) => l.package_id)).toContain(counted.packageId);
    expect(await page.locator('#count-lines tbody tr').count()).toBe(scoped.length);

    // Starting it lists it, open, with what it covers and who started it.
    const started = page.locator(`#count-list tr[data-count-id="${countId}"]`);
    await started.waitFor();
    expect(await started.getAttribute('data-status')).toBe('open');
    expect(await started.textContent()).toContain('cycle');
    expect(await listedIds('count-list', 'count-id')).toEqual((await newestFirst('inventory_count', counted.storeId)).map((c) => c.id));

    const line = page.locator(`#count-lines tr[data-package-label="${counted.packageLabel}"]`);
    await line.locator('input.counted').fill('18');
    await page.click('#count-submit');
    await expect.poll(() => page.locator('#count-panel').getAttribute('data-status')).toBe('submitted');
    const [, , , expected, countedShown, variance] = await page.locator(`#count-lines tr[data-package-label="${counted.packageLabel}"] td`).allTextContents();
    expect([expected, countedShown, variance]).toEqual(['20', '18', '-2']);
    expect(await result('count-panel').textContent()).toContain('short −2');
    await expect.poll(() => started.getAttribute('data-status')).toBe('submitted');
    // The list's numbers are the count's: 1 line counted, 1 variance, short 2.
    const [, , , , , lineCount, countedCount, withVariance, , short] = await started.locator('td').allTextContents();
    expect([lineCount, countedCount, withVariance, short]).toEqual(['1', '1', '1', '−2']);
    const lines = await db().selectFrom('inventory_count_line').select(['package_id', 'expected_quantity', 'counted_quantity']).where('count_id', '=', countId).execute();
    expect(lines.map((l) => ({ ...l, expected_quantity: Number(l.expected_quantity), counted_quantity: Number(l.counted_quantity) }))).toEqual([
      { package_id: counted.packageId, expected_quantity: 20, counted_quantity: 18 },
    ]);

    // Counting is not deciding: the approval is refused, and stock is as it was.
    const before = await packageState(counted.packageId);
    const refused = await answerTo(() => page.click('#count-approve'), '/decision');
    expect(refused.status()).toBe(403);
    await expect.poll(() => refusal('count-panel').textContent()).toContain('inventory:approve');
    expect((await db().selectFrom('inventory_count').select('status').where('id', '=', countId).executeTakeFirstOrThrow()).status).toBe('submitted');
    expect(await packageState(counted.packageId)).toEqual(before);
    expect(before.stock).toEqual([['sales_floor', 20, 0]]);

    await signInAs('manager');
    await page.click('#tab-counts');
    const listed = page.locator(`#count-list tr[data-count-id="${countId}"]`);
    await listed.waitFor();
    expect(await listed.getAttribute('data-status')).toBe('submitted');
    await listed.locator('button').click();
    await expect.poll(() => page.locator('#count-panel').getAttribute('data-status')).toBe('submitted');
    await page.fill('#count-decision-note', 'recount confirmed');
    await page.click('#count-approve');
    await expect.poll(() => page.locator('#count-panel').getAttribute('data-status')).toBe('approved');
    expect(await result('count-panel').textContent()).toContain('1 count correction booked');
    await expect.poll(() => page.locator(`#count-list tr[data-count-id="${countId}"]`).getAttribute('data-status')).toBe('approved');
    // Filtered by status, the list is the database's counts with that status.
    await page.selectOption('#count-list-status', 'approved');
    await expect.poll(() => listedIds('count-list', 'count-id')).toEqual((await newestFirst('inventory_count', counted.storeId)).filter((c) => c.status === 'approved').map((c) => c.id));
    await page.selectOption('#count-list-status', '');
    const decided = await db().selectFrom('inventory_count').select(['status', 'decided_by']).where('id', '=', countId).executeTakeFirstOrThrow();
    expect(decided).toEqual({ status: 'approved', decided_by: await staffId(server, 'manager') });
    expect(await onHand(counted.packageLabel)).toEqual({ sales_floor: 18 });
    const [correction] = await lastMovements(counted.packageId, 1);
    expect(correction).toMatchObject({ kind: 'count_correction', on_hand_delta: -2, reason_code: 'count_variance', reference_type: 'count', reference_id: countId, note: 'recount confirmed' });
    await expectLedgerBalanced(db());
  });

  it('a manager receives a manifest line by line and closes it; a receipt that does not add up changes nothing', async () => {
    const { a, b, c, d } = manifest.labels;
    await signInAs('manager');
    await page.click('#tab-receiving');
    const entry = page.locator(`#manifest-list tr[data-manifest-id="${manifest.id}"]`);
    await entry.waitFor();
    expect(await entry.getAttribute('data-status')).toBe('open');
    // The list is the store's manifests, newest first, as the database has them.
    expect(await listedIds('manifest-list', 'manifest-id')).toEqual((await newestFirst('inventory_manifest', fx.storeId)).map((m) => m.id));
    await entry.locator('button').click();
    await expect.poll(() => page.locator('#manifest-panel').getAttribute('data-manifest-id')).toBe(manifest.id);
    const item = (label: string) => page.locator(`#manifest-items tr[data-package-label="${label}"]`);

    // More damaged than counted: the whole receipt is refused, the good line with it.
    await item(a).locator('[name=countedQuantity]').fill('10');
    await item(b).locator('[name=countedQuantity]').fill('5');
    await item(b).locator('[name=damagedQuantity]').fill('6');
    await page.click('#manifest-receive');
    await expect.poll(() => refusal('manifest-panel').textContent()).toContain('INVALID_QUANTITY');
    const items = () => db().selectFrom('inventory_manifest_item').select(['package_label', 'status', 'counted_quantity', 'damaged_quantity', 'accepted_quantity', 'rejection_reason']).where('manifest_id', '=', manifest.id).orderBy('line_no').execute();
    expect((await items()).map((i) => i.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(await db().selectFrom('inventory_package').select('id').where('label', 'in', [a, b, c, d]).execute()).toEqual([]);
    expect(await db().selectFrom('inventory_discrepancy').select('id').where('source_id', '=', manifest.id).execute()).toEqual([]);

    await item(b).locator('[name=damagedQuantity]').fill('1');
    await item(b).locator('[name=locationCode]').selectOption('sales_floor');
    await item(c).locator('[name=countedQuantity]').fill('4');
    await item(c).locator('[name=decision]').selectOption('reject');
    await item(c).locator('[name=reason]').fill('wrong strain');
    await page.click('#manifest-receive');
    await expect.poll(() => result('manifest-panel').textContent()).toContain(`${a} accepted 10 into vault; ${b} accepted 4 into sales_floor; ${c} rejected`);
    expect((await items()).map((i) => ({ ...i, counted_quantity: i.counted_quantity === null ? null : Number(i.counted_quantity), damaged_quantity: i.damaged_quantity === null ? null : Number(i.damaged_quantity), accepted_quantity: i.accepted_quantity === null ? null : Number(i.accepted_quantity) }))).toEqual([
      { package_label: a, status: 'accepted', counted_quantity: 10, damaged_quantity: 0, accepted_quantity: 10, rejection_reason: null },
      { package_label: b, status: 'accepted', counted_quantity: 5, damaged_quantity: 1, accepted_quantity: 4, rejection_reason: null },
      { package_label: c, status: 'rejected', counted_quantity: 4, damaged_quantity: 0, accepted_quantity: 0, rejection_reason: 'wrong strain' },
      { package_label: d, status: 'pending', counted_quantity: null, damaged_quantity: null, accepted_quantity: null, rejection_reason: null },
    ]);
    expect(await onHand(a)).toEqual({ vault: 10 });
    expect(await onHand(b)).toEqual({ sales_floor: 4 });
    expect(await db().selectFrom('inventory_package').select('id').where('label', '=', c).execute()).toEqual([]);
    const receipts = await sql<{ label: string; kind: string; on_hand_delta: string; reason_code: string; reference_id: string }>`
      select p.label, m.kind, m.on_hand_delta, m.reason_code, m.reference_id from inventory_movement m join inventory_package p on p.id = m.package_id
       where p.label in (${a}, ${b}) order by p.label`.execute(db());
    expect(receipts.rows.map((r) => [r.label, r.kind, Number(r.on_hand_delta), r.reason_code, r.reference_id]).sort()).toEqual(
      [
        [a, 'receive', 10, 'manifest_receipt', manifest.id],
        [b, 'receive', 4, 'manifest_receipt', manifest.id],
      ].sort(),
    );
    const discrepancies = await db().selectFrom('inventory_discrepancy').select(['package_label', 'kind', 'quantity']).where('source_id', '=', manifest.id).orderBy('kind').execute();
    expect(discrepancies.map((x) => [x.package_label, x.kind, Number(x.quantity)])).toEqual([
      [b, 'damaged', 1],
      [b, 'short', 1],
    ]);
    expect(await page.locator(`#manifest-discrepancies tr[data-package-label="${b}"]`).count()).toBe(2);

    await page.click('#manifest-close');
    await expect.poll(() => page.locator('#manifest-panel').getAttribute('data-status')).toBe('closed');
    expect(await result('manifest-panel').textContent()).toContain('1 package marked not received');
    expect((await db().selectFrom('inventory_manifest').select('status').where('id', '=', manifest.id).executeTakeFirstOrThrow()).status).toBe('closed');
    expect((await items()).map((i) => i.status)).toEqual(['accepted', 'accepted', 'rejected', 'not_received']);
    expect(await page.locator('#manifest-open-actions').isHidden()).toBe(true);
    // The list follows: closed, 2 accepted, 1 rejected, 1 never came, 2 discrepancies.
    await expect.poll(() => entry.getAttribute('data-status')).toBe('closed');
    const [, , , , waiting, accepted, rejected, notReceived, total, shortOrDamaged] = await entry.locator('td').allTextContents();
    expect([waiting, accepted, rejected, notReceived, total, shortOrDamaged]).toEqual(['0', '2', '1', '1', '4', '2']);
    await page.selectOption('#manifest-list-status', 'open');
    await expect.poll(() => listedIds('manifest-list', 'manifest-id')).toEqual((await newestFirst('inventory_manifest', fx.storeId)).filter((m) => m.status === 'open').map((m) => m.id));
    expect(await listedIds('manifest-list', 'manifest-id')).toContain(untouched.id);
    await page.selectOption('#manifest-list-status', '');
    await expectLedgerBalanced(db());
  });

  it('an auditor opens a manifest but the server refuses the receipt and the close; it stays open and untouched', async () => {
    await signInAs('auditor');
    await page.click('#tab-receiving');
    // An auditor reads the list (inventory:read) and opens the manifest from it.
    await page.locator(`#manifest-list tr[data-manifest-id="${untouched.id}"] button`).click();
    await expect.poll(() => page.locator('#manifest-panel').getAttribute('data-manifest-id')).toBe(untouched.id);
    await page.locator(`#manifest-items tr[data-package-label="${untouched.label}"] [name=countedQuantity]`).fill('3');
    const receive = await answerTo(() => page.click('#manifest-receive'), '/receive');
    expect(receive.status()).toBe(403);
    await expect.poll(() => refusal('manifest-panel').textContent()).toContain('inventory:receive');
    const close = await answerTo(() => page.click('#manifest-close'), '/close');
    expect(close.status()).toBe(403);
    await expect.poll(() => refusal('manifest-panel').isVisible()).toBe(true);
    expect((await db().selectFrom('inventory_manifest').select('status').where('id', '=', untouched.id).executeTakeFirstOrThrow()).status).toBe('open');
    const item = await db().selectFrom('inventory_manifest_item').select(['status', 'counted_quantity']).where('manifest_id', '=', untouched.id).executeTakeFirstOrThrow();
    expect(item).toEqual({ status: 'pending', counted_quantity: null });
    expect(await db().selectFrom('inventory_package').select('id').where('label', '=', untouched.label).execute()).toEqual([]);
  });

  it('a manager sets a reorder point, sees it listed as the server says (low or not) and removes it; a reorder quantity of zero and an auditor’s removal are refused and change nothing', async () => {
    await signInAs('manager');
    await page.click('#tab-settings');
    await page.locator(`#reorder-sku option[value="${fx.skuId}"]`).waitFor({ state: 'attached' });
    await page.selectOption('#reorder-sku', fx.skuId);
    await page.fill('#reorder-form input[name=reorderAt]', '15');
    await page.fill('#reorder-form input[name=reorderQuantity]', '24');
    await page.click('#reorder-form button[type=submit]');
    await expect.poll(() => result('reorder-panel').textContent()).toContain('reorder at 15, order 24');
    const available = await sql<{ available_quantity: string }>`
      select available_quantity from sku_store_availability where store_id = ${fx.storeId} and sku_id = ${fx.skuId}`.execute(db());
    const now = Number(available.rows[0]?.available_quantity ?? 0);
    expect(now).toBe(12); // 20 − 3 adjusted − 5 moved to the vault (not sellable)
    expect(await result('reorder-panel').textContent()).toContain(`Available now ${now} — at or below the point`);
    const point = () => db().selectFrom('inventory_reorder_point').select(['reorder_at', 'reorder_quantity']).where('store_id', '=', fx.storeId).where('sku_id', '=', fx.skuId).executeTakeFirst();
    expect(await point()).toEqual({ reorder_at: 15, reorder_quantity: 24 });
    // The list is the store's points in the database; this one is low.
    const listedPoint = page.locator(`#reorder-points tr[data-sku-id="${fx.skuId}"]`);
    await listedPoint.waitFor();
    expect(await listedPoint.getAttribute('data-low')).toBe('true');
    const [sku, reorderAtShown, quantityShown, availableShown] = await listedPoint.locator('td').allTextContents();
    expect(sku).toContain(fx.skuCode);
    expect([reorderAtShown, quantityShown, availableShown].map(Number)).toEqual([15, 24, now]);
    const points = async () => (await db().selectFrom('inventory_reorder_point').select('sku_id').where('store_id', '=', fx.storeId).execute()).map((r) => r.sku_id).sort();
    expect((await listedIds('reorder-points', 'sku-id')).sort()).toEqual(await points());

    await page.fill('#reorder-form input[name=reorderQuantity]', '0');
    await page.click('#reorder-form button[type=submit]');
    await expect.poll(() => refusal('reorder-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await refusal('reorder-panel').textContent()).toContain('reorderQuantity');
    expect(await point()).toEqual({ reorder_at: 15, reorder_quantity: 24 });

    // Low stock now lists it, as the server computes it.
    await page.click('#tab-stock');
    const low = page.locator(`#low-stock tr[data-sku-id="${fx.skuId}"]`);
    await low.waitFor();
    const [, shownAvailable, reorderAt] = await low.locator('td').allTextContents();
    expect([Number(shownAvailable), Number(reorderAt)]).toEqual([now, 15]);

    // An auditor sees the list but may not remove a point.
    await signInAs('auditor');
    await page.click('#tab-settings');
    await listedPoint.waitFor();
    const refused = await answerTo(() => listedPoint.locator('button.remove').click(), `/reorder-points/${fx.skuId}`);
    expect(refused.status()).toBe(403);
    await expect.poll(() => refusal('reorder-panel').textContent()).toContain('inventory:write');
    expect(await point()).toEqual({ reorder_at: 15, reorder_quantity: 24 });

    // The manager removes it: gone from the database and the list, and no longer low stock.
    await signInAs('manager');
    await page.click('#tab-settings');
    await listedPoint.waitFor();
    await listedPoint.locator('button.remove').click();
    await expect.poll(() => result('reorder-panel').textContent()).toContain('Removed the reorder point');
    expect(await point()).toBeUndefined();
    await expect.poll(() => listedPoint.count()).toBe(0);
    expect((await listedIds('reorder-points', 'sku-id')).sort()).toEqual(await points());
    const removed = await db().selectFrom('audit_log').select(['action', 'before']).where('entity_id', '=', `${fx.storeId}:${fx.skuId}`).where('action', '=', 'inventory.reorder_point.deleted').executeTakeFirstOrThrow();
    expect(removed.before).toEqual({ reorderAt: 15, reorderQuantity: 24 });
    await page.click('#tab-stock');
    await page.locator('#low-stock tbody').waitFor();
    await expect.poll(() => low.count()).toBe(0);
  });

  it('a manager overrides an unsure pack value, changes it and goes back to the pack; values and removals the server refuses change nothing', async () => {
    const valueId = 'us-ca.limit.au-concentrate';
    const stored = () => db().selectFrom('store_rule_override').select(['value', 'reason']).where('store_id', '=', fx.storeId).where('value_id', '=', valueId).executeTakeFirst();
    await signInAs('manager');
    await page.click('#tab-compliance');
    await page.locator(`#rule-override-value-id option[value="${valueId}"]`).waitFor({ state: 'attached' });
    await page.selectOption('#rule-override-value-id', valueId);
    // What the pack chose for the value is shown next to it.
    const packNote = await page.locator('#rule-override-pack-note').textContent();
    expect(packNote).toContain('No official mg→g conversion');
    expect(packNote).toContain('A store may replace only components');
    // Only the product mapping of the 8 g is unsure; a reading counts each mg of THC in products as 2 (then 3) mg of concentrate.
    const counting = (equals: number) => ({
      components: [
        { categories: ['concentrate', 'vape'], measure: 'weight' },
        { categories: ['edible', 'beverage', 'tincture', 'capsule', 'topical', 'infused_pre_roll'], measure: 'thc', per: 1, equals },
      ],
    });
    const form = page.locator('#rule-override-form');
    await form.locator('textarea[name=value]').fill(JSON.stringify(counting(2)));
    await form.locator('input[name=reason]').fill('Counsel counts 1 mg THC in products as 2 mg');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => result('rule-overrides-panel').textContent()).toContain(`Saved: ${valueId} is {"components":`);
    expect(await stored()).toEqual({ value: counting(2), reason: 'Counsel counts 1 mg THC in products as 2 mg' });
    const shown = page.locator(`#rule-overrides tr[data-value-id="${valueId}"]`);
    expect(await shown.textContent()).toContain('Pack: No official mg→g conversion');

    // A value the pack cannot take: refused, the stored one stays.
    await shown.locator('button', { hasText: 'Change' }).click();
    expect(await page.inputValue('#rule-override-value-id')).toBe(valueId);
    await form.locator('textarea[name=value]').fill('{ "components": [] }');
    await form.locator('input[name=reason]').fill('typo');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => refusal('rule-overrides-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await stored()).toEqual({ value: counting(2), reason: 'Counsel counts 1 mg THC in products as 2 mg' });
    // The 8 g itself is as the reference says: refused, the stored reading stays.
    await form.locator('textarea[name=value]').fill('{ "max": 4000 }');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => refusal('rule-overrides-panel').textContent()).toContain('RULE_NOT_OVERRIDABLE');
    expect(await stored()).toEqual({ value: counting(2), reason: 'Counsel counts 1 mg THC in products as 2 mg' });

    await form.locator('textarea[name=value]').fill(JSON.stringify(counting(3)));
    await form.locator('input[name=reason]').fill('Second opinion: 3 mg');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => stored()).toEqual({ value: counting(3), reason: 'Second opinion: 3 mg' });
    const changed = await db().selectFrom('audit_log').select('reason').where('action', '=', 'compliance.rule_override.changed').where('store_id', '=', fx.storeId).executeTakeFirstOrThrow();
    expect(changed.reason).toBe('Second opinion: 3 mg');

    // Going back to the pack needs a reason the server accepts.
    const remove = () => page.locator(`#rule-overrides tr[data-value-id="${valueId}"] button.remove`).click();
    await remove();
    await expect.poll(() => refusal('rule-overrides-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await stored()).toEqual({ value: counting(3), reason: 'Second opinion: 3 mg' });
    await page.locator(`#rule-overrides tr[data-value-id="${valueId}"] input.remove-reason`).fill('Back to the pack');
    await remove();
    await expect.poll(() => result('rule-overrides-panel').textContent()).toContain(`Removed: ${valueId} follows the pack again`);
    expect(await stored()).toBeUndefined();
    const deleted = await db().selectFrom('audit_log').select('reason').where('action', '=', 'compliance.rule_override.deleted').where('store_id', '=', fx.storeId).executeTakeFirstOrThrow();
    expect(deleted.reason).toBe('Back to the pack');
    expect(await page.locator(`#rule-overrides tr[data-value-id="${valueId}"]`).count()).toBe(0);
  });

  it('alert rules: the inventory manager is refused; a manager turns a rule off and changes a queue’s threshold, and a bad threshold is refused', async () => {
    const own = (key: string) =>
      db().selectFrom('alert_rule').select(['active', 'threshold_minutes', 'severity', 'event_pattern', 'source']).where('organization_id', '=', server.organizationId).where('key', '=', key).executeTakeFirst();
    const lowStock = '#alert-rules tr[data-rule-key="inventory.low_stock"]';
    const queued = '#alert-rules tr[data-rule-key="traceability.report_queued"]';

    await signInAs('inventory');
    await page.click('#tab-settings');
    await page.locator(lowStock).waitFor();
    await page.locator(`${lowStock} input[name=active]`).uncheck();
    const refused = await answerTo(() => page.locator(`${lowStock} button`).click(), '/v1/alerts/rules/');
    expect(refused.status()).toBe(403);
    await expect.poll(() => refusal('alert-rules-panel').textContent()).toContain('alerts:manage');
    expect(await own('inventory.low_stock')).toBeUndefined();

    await signInAs('manager');
    await page.click('#tab-settings');
    await page.locator(lowStock).waitFor();
    await page.locator(`${lowStock} input[name=active]`).uncheck();
    await page.locator(`${lowStock} button`).click();
    await expect.poll(() => page.locator(lowStock).getAttribute('data-active')).toBe('false');
    expect(await result('alert-rules-panel').textContent()).toContain('Saved inventory.low_stock: off');
    expect(await own('inventory.low_stock')).toEqual({ active: false, threshold_minutes: null, severity: 'warning', event_pattern: 'inventory.stock.low', source: null });

    await page.fill(`${queued} input[name=thresholdMinutes]`, '-5');
    await page.locator(`${queued} button`).click();
    await expect.poll(() => refusal('alert-rules-panel').textContent()).toContain('VALIDATION_FAILED');
    expect(await own('traceability.report_queued')).toBeUndefined();
    await page.fill(`${queued} input[name=thresholdMinutes]`, '45');
    await page.selectOption(`${queued} select[name=severity]`, 'critical');
    await page.locator(`${queued} button`).click();
    await expect.poll(() => result('alert-rules-panel').textContent()).toContain('Saved traceability.report_queued: on, critical, after 45 min');
    expect(await own('traceability.report_queued')).toEqual({ active: true, threshold_minutes: 45, severity: 'critical', event_pattern: null, source: 'traceability.reports' });
    expect(await page.inputValue(`${queued} input[name=thresholdMinutes]`)).toBe('45');
  });

  it('a double click on a stock change sends it once: one adjustment is booked, and the availability list on the tab shows it', async () => {
    await signInAs('manager');
    await lookUp(fx.packageLabel);
    const before = await onHand(fx.packageLabel);
    const movements = (await packageState(fx.packageId)).ledger.length;
    await page.selectOption('#adjust-form select[name=locationCode]', 'sales_floor');
    await page.fill('#adjust-form input[name=delta]', '-1');
    await page.selectOption('#adjust-form select[name=reasonCode]', 'damaged');
    const sent: string[] = [];
    const count = (request: { method(): string; url(): string }) => request.method() === 'POST' && request.url().endsWith('/adjust') && sent.push(request.url());
    page.on('request', count);
    await page.dblclick('#adjust-form button[type=submit]');
    await expect.poll(() => result('package-actions-panel').textContent()).toContain(`${before.sales_floor - 1} on hand there now`);
    page.off('request', count);
    expect(sent).toHaveLength(1);
    expect(await onHand(fx.packageLabel)).toEqual({ ...before, sales_floor: before.sales_floor - 1 });
    expect((await packageState(fx.packageId)).ledger.length).toBe(movements + 1);
    expect(await refusal('package-actions-panel').isHidden()).toBe(true);
    // The availability list on the same tab follows the change: the SKU's counters as the server has them now.
    const available = await server.request({ method: 'GET', url: `/v1/stores/${fx.storeId}/availability`, cookie: await server.login('manager') });
    const item = (available.json().items as Array<{ skuId: string; available: number; onHand: number }>).find((i) => i.skuId === fx.skuId)!;
    const cells = () => page.locator(`#availability tr[data-sku-id="${fx.skuId}"] td`).allTextContents();
    await expect.poll(async () => (await cells()).slice(3, 5)).toEqual([String(item.available), String(item.onHand)]);
  });
});
