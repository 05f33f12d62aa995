// The back office (packages/web/office) in a real browser against a real server: a wrong password,
// a manager reading the store's stock and one package's ledger, the audit log and its hash chain,
// a refusal in the compliance log, and roles the server refuses a section. What the screen shows
// is checked against the database.
import type { Browser, Page } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { launchChromium } from '../support/browser';
import { ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('back office app (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  let fx: CheckoutFixture;
  let refusalId: string;

  beforeAll(async () => {
    server = await startTestServer();
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
    // A ledger worth reading: received 20, 2 written off as damaged, 3 held for a cart.
    const adjusted = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/packages/${fx.packageLabel}/adjust`,
      cookie: manager,
      body: { locationCode: 'sales_floor', delta: -2, reasonCode: 'damaged', note: 'crushed jar' },
    });
    expect(adjusted.statusCode, adjusted.body).toBe(200);
    const held = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/reservations`,
      cookie: manager,
      body: { lines: [{ skuId: fx.skuId, quantity: 3 }], ttlSeconds: 600, reference: 'office-test-cart' },
    });
    expect(held.statusCode, held.body).toBe(201);
    const refused = await server.request({
      method: 'POST',
      url: '/v1/compliance/refusals',
      cookie: manager,
      body: {
        storeId: fx.storeId,
        channel: 'in_store',
        violations: [{ code: 'OFFICE_TEST_OVER_LIMIT', message: 'Over the daily flower limit', rule: 'limit.flower.daily' }],
      },
    });
    expect(refused.statusCode, refused.body).toBe(201);
    refusalId = refused.json().id;
    browser = await launchChromium();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const db = () => server.platform.database.db;
  const cells = (selector: string) => page.locator(selector).locator('td').allTextContents();

  async function signIn(role: 'manager' | 'inventory' | 'auditor') {
    await page.locator('#sign-in').waitFor();
    await page.fill('input[name=email]', `${role}@demo.verdant.test`);
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('#sign-in-form button[type=submit]');
    await page.locator('#office').waitFor();
  }

  async function signOut() {
    await page.click('#sign-out');
    await page.locator('#sign-in').waitFor();
  }

  it('a wrong password is shown as the server says it, and nothing else opens', async () => {
    await page.goto(`${url}/app/office/`);
    await page.locator('#sign-in').waitFor();
    await page.fill('input[name=email]', 'manager@demo.verdant.test');
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('#sign-in-form button[type=submit]');
    await expect.poll(() => page.locator('#error').textContent()).toContain('INVALID_CREDENTIALS');
    expect(await page.locator('#office').isHidden()).toBe(true);
  });

  it('a manager finds the stock in the availability list and reads the package’s ledger', async () => {
    await signIn('manager');
    await page.selectOption('#store', fx.storeId);
    const skuRow = `#availability tr[data-sku-id="${fx.skuId}"]`;
    await page.locator(skuRow).waitFor();
    const counted = await sql<{ on_hand: string; reserved: string }>`
      select sum(s.on_hand) as on_hand, sum(s.reserved) as reserved
        from inventory_stock s
        join inventory_package p on p.id = s.package_id
        join inventory_location l on l.id = s.location_id
       where s.store_id = ${fx.storeId} and s.sku_id = ${fx.skuId} and p.status = 'active' and l.sellable`.execute(db());
    const onHand = Number(counted.rows[0].on_hand);
    const reserved = Number(counted.rows[0].reserved);
    expect([onHand, reserved]).toEqual([18, 3]);
    const [, , code, available, shownOnHand, shownReserved, packages, next] = await cells(skuRow);
    expect(code).toBe(fx.skuCode);
    expect([available, shownOnHand, shownReserved, packages, next]).toEqual([String(onHand - reserved), String(onHand), String(reserved), '1', fx.packageLabel]);

    // People type state tags in any case; the lookup asks for the tag as the state writes it.
    await page.fill('#package-label', fx.packageLabel.toLowerCase());
    await page.click('#package-form button[type=submit]');
    await page.locator('#package-result').waitFor();
    expect(await page.locator('#package-summary').textContent()).toContain(fx.packageLabel);

    const movements = await db()
      .selectFrom('inventory_movement')
      .select(['id', 'kind', 'on_hand_delta', 'reserved_delta'])
      .where('package_id', '=', fx.packageId)
      .orderBy('id')
      .execute();
    expect(movements.map((m) => m.kind)).toEqual(['receive', 'adjust', 'reserve']);
    const shown = page.locator('#package-ledger tbody tr');
    expect(await shown.count()).toBe(movements.length);
    for (const [i, movement] of movements.entries()) {
      const line = shown.nth(i);
      expect(await line.getAttribute('data-movement-id')).toBe(String(movement.id));
      const [, kind, , onHandDelta, reservedDelta] = await line.locator('td').allTextContents();
      expect(kind).toBe(movement.kind);
      expect(Number(onHandDelta)).toBe(Number(movement.on_hand_delta));
      expect(Number(reservedDelta)).toBe(Number(movement.reserved_delta));
    }
    expect(await page.locator('#package-ledger tbody').textContent()).toContain('damaged — crushed jar');

    const ledger = await ledgerMatches(db(), fx.packageId);
    const [, count, , sumOnHand, sumReserved] = await cells('#package-ledger-total');
    expect(count).toBe('3 movements');
    expect([Number(sumOnHand), Number(sumReserved)]).toEqual([ledger.ledgerOnHand, ledger.ledgerReserved]);
    const [, , , totalOnHand, totalReserved, totalAvailable] = await cells('#package-stock-total');
    expect([Number(totalOnHand), Number(totalReserved), Number(totalAvailable)]).toEqual([ledger.onHand, ledger.reserved, ledger.onHand - ledger.reserved]);
    expect(await page.locator('#error').isHidden()).toBe(true);
  });

  it('the audit log shows the write-off, and the hash chain is reported intact', async () => {
    await page.click('#tab-audit');
    await page.fill('#audit-form input[name=entityType]', 'inventory_package');
    await page.fill('#audit-form input[name=entityId]', fx.packageId);
    await page.click('#audit-form button[type=submit]');
    const entry = await db()
      .selectFrom('audit_log')
      .select(['id', 'action'])
      .where('entity_type', '=', 'inventory_package')
      .where('entity_id', '=', fx.packageId)
      .where('action', '=', 'inventory.package.adjusted')
      .executeTakeFirstOrThrow();
    const entryRow = page.locator(`#audit-entries tr[data-audit-id="${entry.id}"]`);
    await entryRow.waitFor();
    expect(await entryRow.textContent()).toContain(entry.action);

    const sealed = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('chain_seq', 'is not', null).executeTakeFirstOrThrow();
    await page.click('#audit-verify');
    await expect.poll(() => page.locator('#audit-verify-result').getAttribute('class')).toBe('intact');
    const checked = Number(/^Intact: (\d+) entries checked/.exec((await page.locator('#audit-verify-result').textContent()) ?? '')?.[1]);
    expect(checked).toBeGreaterThanOrEqual(Number(sealed.n));
  });

  it('the refusal is in the compliance log and in its CSV export', async () => {
    await page.click('#tab-compliance');
    const event = page.locator(`#compliance-events tr[data-event-id="${refusalId}"]`);
    await event.waitFor();
    expect(await event.textContent()).toContain('OFFICE_TEST_OVER_LIMIT');
    expect(await event.getAttribute('data-kind')).toBe('refusal');
    const stored = await db().selectFrom('compliance_event').select(['kind', 'store_id']).where('id', '=', refusalId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ kind: 'refusal', store_id: fx.storeId });
    // The export link carries the session cookie like the page does.
    const csv = await page.request.get(new URL((await page.locator('#compliance-csv').getAttribute('href'))!, url).toString());
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('OFFICE_TEST_OVER_LIMIT');
  });

  it('each role sees the server’s refusal where it may not look, and the rest works', async () => {
    await signOut();
    await signIn('inventory');
    await page.click('#tab-compliance');
    const events = page.locator('#compliance-events-panel');
    await expect.poll(() => events.locator('.refusal').textContent()).toContain('FORBIDDEN');
    expect(await events.locator('.body').isHidden()).toBe(true);
    await page.click('#tab-audit');
    await expect.poll(() => page.locator('#audit-log-panel .refusal').textContent()).toContain('FORBIDDEN');
    await page.click('#tab-stock');
    await page.locator(`#availability tr[data-sku-id="${fx.skuId}"]`).waitFor();

    // An inspector reads the compliance log and the jurisdiction packs behind it.
    await signOut();
    await signIn('auditor');
    await page.click('#tab-compliance');
    await page.locator(`#compliance-events tr[data-event-id="${refusalId}"]`).waitFor();
    await expect.poll(() => page.locator('#jurisdictions-panel').textContent()).toContain('US-CA');
    expect(await page.locator('#jurisdictions-panel .refusal').isHidden()).toBe(true);
    expect(await page.locator('#error').isHidden()).toBe(true);
  });
});
