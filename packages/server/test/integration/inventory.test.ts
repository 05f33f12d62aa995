import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepInventory } from '../../src/modules/inventory';
import { SseClient, type SseMessage } from '../support/sse-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { demoStores, expectLedgerBalanced, menuSku, newLabel, receivePackages, stockOf } from '../support/inventory-fixtures';

describe('inventory: receiving, reservations, sales and availability', () => {
  let server: TestServer;
  let owner: string;
  let budtender: string;
  let inventory: string;
  let stores: { oakland: string; denver: string };
  let baseUrl: string;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    owner = await server.login('owner');
    budtender = await server.login('budtender');
    inventory = await server.login('inventory');
    stores = await demoStores(server);
  });
  afterAll(() => server?.close());

  const reserve = (body: unknown, cookie = budtender, storeId = stores.oakland) =>
    server.request({ method: 'POST', url: `/v1/stores/${storeId}/reservations`, cookie, body });
  const sell = (body: unknown, cookie = budtender, storeId = stores.oakland) =>
    server.request({ method: 'POST', url: `/v1/stores/${storeId}/sales`, cookie, body });
  // The staff view: these SKUs are ids only, on no store's menu, so the public route answers nothing for them.
  const availability = async (skuId: string, storeId = stores.oakland) =>
    (await server.request({ method: 'GET', url: `/v1/stores/${storeId}/availability?skuIds=${skuId}`, cookie: owner })).json().items[0];

  it('seeds demo stock with default locations for the demo stores', async () => {
    const locations = await server.request({ method: 'GET', url: `/v1/stores/${stores.oakland}/locations`, cookie: owner });
    expect(locations.statusCode).toBe(200);
    const byCode = Object.fromEntries(locations.json().locations.map((l: { code: string; sellable: boolean }) => [l.code, l.sellable]));
    expect(byCode).toMatchObject({ vault: false, sales_floor: true, quarantine: false, in_transit: false });
    const seeded = await db().selectFrom('inventory_package').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', 'demo').executeTakeFirstOrThrow();
    expect(Number(seeded.n)).toBeGreaterThan(0);
    await expectLedgerBalanced(db());
  });

  it('receives a manifest with short, over and damaged counts, rejects a package, and refuses a closed manifest', async () => {
    const skuId = randomUUID();
    const [ok, short, over, damaged, rejected, never] = Array.from({ length: 6 }, () => newLabel());
    const created = await server.request({
      method: 'POST',
      url: `/v1/stores/${stores.oakland}/manifests`,
      cookie: inventory,
      body: {
        number: `MAN-${randomUUID().slice(0, 6)}`,
        supplierName: 'Humboldt Hills Farm',
        supplierLicense: 'CDPH-10002',
        items: [ok, short, over, damaged, rejected, never].map((label) => ({
          packageLabel: label,
          skuId,
          unit: 'each',
          expectedQuantity: 10,
          batch: { code: 'HH-2026-07', producerLicense: 'CCL20-0000777', harvestDate: '2026-07-01' },
        })),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const manifest = created.json();
    // A batch id that is not one of the organization's: 404 at the item, nothing written (it
    // used to reach the foreign key and answer 500).
    const unknownBatch = await server.request({
      method: 'POST',
      url: `/v1/stores/${stores.oakland}/manifests`,
      cookie: inventory,
      body: { number: `MAN-${randomUUID().slice(0, 6)}`, items: [{ packageLabel: newLabel(), skuId, unit: 'each', expectedQuantity: 1, batchId: randomUUID() }] },
    });
    expect(unknownBatch.statusCode, unknownBatch.body).toBe(404);
    expect(unknownBatch.json().error.details.path).toEqual(['body', 'items', 0, 'batchId']);
    const received = await server.request({
      method: 'POST',
      url: `/v1/stores/${stores.oakland}/manifests/${manifest.id}/receive`,
      cookie: inventory,
      body: {
        items: [
          { packageLabel: ok, countedQuantity: 10, decision: 'accept' },
          { packageLabel: short, countedQuantity: 8, decision: 'accept', locationCode: 'sales_floor' },
          { packageLabel: over, countedQuantity: 11, decision: 'accept' },
          { packageLabel: damaged, countedQuantity: 10, damagedQuantity: 3, decision: 'accept', reason: 'crushed jars' },
          { packageLabel: rejected, countedQuantity: 10, decision: 'reject', reason: 'wrong strain' },
        ],
      },
    });
    expect(received.statusCode, received.body).toBe(200);
    const body = received.json();
    expect(body.items.map((i: { status: string }) => i.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'rejected', 'pending']);
    expect(body.discrepancies.map((d: { packageLabel: string; kind: string; quantity: number }) => [d.packageLabel, d.kind, d.quantity])).toEqual(
      expect.arrayContaining([
        [short, 'short', 2],
        [over, 'over', 1],
        [damaged, 'damaged', 3],
      ]),
    );
    expect(await stockOf(db(), ok)).toEqual([{ code: 'vault', on_hand: 10, reserved: 0 }]);
    expect(await stockOf(db(), short)).toEqual([{ code: 'sales_floor', on_hand: 8, reserved: 0 }]);
    expect(await stockOf(db(), damaged)).toEqual([{ code: 'vault', on_hand: 7, reserved: 0 }]);
    expect(await db().selectFrom('inventory_package').select('id').where('label', '=', rejected).executeTakeFirst()).toBeUndefined();

    const alerts = (await server.request({ method: 'GET', url: `/v1/inventory/alerts?kind=receiving_discrepancy&storeId=${stores.oakland}`, cookie: owner })).json().alerts;
    expect(alerts.filter((a: { details: { manifestId: string } }) => a.details.manifestId === manifest.id)).toHaveLength(3);
    const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', manifest.id).execute();
    expect(audit.filter((a) => a.action === 'inventory.receiving.discrepancy')).toHaveLength(3);

    const again = await server.request({
      method: 'POST',
      url: `/v1/stores/${stores.oakland}/manifests/${manifest.id}/receive`,
      cookie: inventory,
      body: { items: [{ packageLabel: ok, countedQuantity: 10, decision: 'accept' }] },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('MANIFEST_ITEM_DONE');

    const closed = await server.request({ method: 'POST', url: `/v1/stores/${stores.oakland}/manifests/${manifest.id}/close`, cookie: inventory });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().items.at(-1).status).toBe('not_received');
    const late = await server.request({
      method: 'POST',
      url: `/v1/stores/${stores.oakland}/manifests/${manifest.id}/receive`,
      cookie: inventory,
      body: { items: [{ packageLabel: never, countedQuantity: 10, decision: 'accept' }] },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('MANIFEST_CLOSED');
    expect(await db().selectFrom('inventory_package').select('id').where('label', '=', never).executeTakeFirst()).toBeUndefined();
    await expectLedgerBalanced(db());
  });

  it('picks FIFO by expiry then received date, honours a scanned label, and says which batch comes next', async () => {
    const skuId = randomUUID();
    const [late, early, noExpiry] = [newLabel(), newLabel(), newLabel()];
    await receivePackages(server, inventory, stores.oakland, [
      { label: late, skuId, quantity: 5, expiresOn: '2099-06-01', batchCode: `LATE-${late.slice(-6)}` },
      { label: early, skuId, quantity: 5, expiresOn: '2099-01-01', batchCode: `EARLY-${early.slice(-6)}` },
      { label: noExpiry, skuId, quantity: 5, batchCode: `NOEXP-${noExpiry.slice(-6)}` },
    ]);
    // Lab profile on the batch that comes first.
    const earlyBatch = await db().selectFrom('inventory_batch').select('id').where('code', '=', `EARLY-${early.slice(-6)}`).executeTakeFirstOrThrow();
    const lab = await server.request({
      method: 'POST',
      url: `/v1/inventory/batches/${earlyBatch.id}/lab-results`,
      cookie: inventory,
      body: {
        labName: 'SC Labs',
        testedOn: '2026-08-01',
        certificateUrl: 'https://coa.example.test/early.pdf',
        cannabinoids: [{ name: 'THCa', percent: 27.3 }],
        terpenes: [{ name: 'limonene', percent: 1.1 }],
        contaminants: [{ panel: 'pesticides', status: 'pass' }],
      },
    });
    expect(lab.statusCode, lab.body).toBe(201);
    const next = await availability(skuId);
    expect(next).toMatchObject({ available: 15, next: { packageLabel: early, batch: { batchCode: `EARLY-${early.slice(-6)}`, labStatus: 'passed', cannabinoids: [{ name: 'THCa', percent: 27.3 }] } } });

    // 7 units: 5 from the earliest expiry, then 2 from the next; no-expiry stock last.
    const held = await reserve({ lines: [{ skuId, quantity: 7 }], ttlSeconds: 600, reference: 'cart-fifo' });
    expect(held.statusCode, held.body).toBe(201);
    expect(held.json().lines[0].picks.map((p: { packageLabel: string; quantity: number }) => [p.packageLabel, p.quantity])).toEqual([
      [early, 5],
      [late, 2],
    ]);
    // A scanned label forces that package even though FIFO would choose another.
    const scanned = await sell({ lines: [{ skuId, quantity: 1, packageLabel: noExpiry }], reference: { orderId: 'pos-1', channel: 'pos' } });
    expect(scanned.statusCode, scanned.body).toBe(201);
    expect(scanned.json().lines[0].picks[0].packageLabel).toBe(noExpiry);
    expect(await availability(skuId)).toMatchObject({ available: 7 });
    await expectLedgerBalanced(db());
  });

  it('aggregates lines for the same SKU, and refuses with per-line details when short, changing nothing', async () => {
    const skuId = randomUUID();
    const other = randomUUID();
    const label = newLabel();
    const otherLabel = newLabel();
    await receivePackages(server, inventory, stores.oakland, [
      { label, skuId, quantity: 5 },
      { label: otherLabel, skuId: other, quantity: 2 },
    ]);
    // Each line alone fits (3 <= 5) but together they do not: checked against one availability.
    const short = await reserve({
      lines: [
        { skuId, quantity: 3 },
        { skuId: other, quantity: 1 },
        { skuId, quantity: 3 },
      ],
      ttlSeconds: 600,
      reference: 'cart-short',
    });
    expect(short.statusCode).toBe(409);
    expect(short.json().error.code).toBe('INSUFFICIENT_STOCK');
    expect(short.json().error.details.lines).toEqual([{ line: 2, path: ['lines', 2, 'quantity'], skuId, requested: 3, available: 2 }]);
    expect(await stockOf(db(), label)).toEqual([{ code: 'sales_floor', on_hand: 5, reserved: 0 }]);
    expect(await stockOf(db(), otherLabel)).toEqual([{ code: 'sales_floor', on_hand: 2, reserved: 0 }]);
    const movements = await db().selectFrom('inventory_movement as m').innerJoin('inventory_package as p', 'p.id', 'm.package_id').select('m.kind').where('p.label', 'in', [label, otherLabel]).execute();
    expect(movements.map((m) => m.kind)).toEqual(['receive', 'receive']);

    const fits = await reserve({ lines: [{ skuId, quantity: 2 }, { skuId, quantity: 3 }], ttlSeconds: 600, reference: 'cart-fit' });
    expect(fits.statusCode, fits.body).toBe(201);
    expect(await stockOf(db(), label)).toEqual([{ code: 'sales_floor', on_hand: 5, reserved: 5 }]);
    await expectLedgerBalanced(db());
  });

  it('converts a hold into a sale once (idempotent), releases another, refreshes and expires a third', async () => {
    const skuId = randomUUID();
    const label = newLabel();
    await receivePackages(server, inventory, stores.oakland, [{ label, skuId, quantity: 10 }]);
    const a = (await reserve({ lines: [{ skuId, quantity: 2 }], ttlSeconds: 600, reference: 'cart-a' })).json();
    const b = (await reserve({ lines: [{ skuId, quantity: 3 }], ttlSeconds: 600, reference: 'cart-b' })).json();
    const c = (await reserve({ lines: [{ skuId, quantity: 4 }], ttlSeconds: 1, reference: 'cart-c' })).json();
    expect(await availability(skuId)).toMatchObject({ available: 1 });

    const convert = () =>
      server.request({ method: 'POST', url: `/v1/inventory/reservations/${a.id}/convert`, cookie: budtender, body: { orderId: 'order-a', customerId: 'cust-1', channel: 'online' } });
    const first = await convert();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'converted', orderId: 'order-a' });
    expect((await convert()).json()).toMatchObject({ status: 'converted', orderId: 'order-a' });
    expect(await stockOf(db(), label)).toEqual([{ code: 'sales_floor', on_hand: 8, reserved: 7 }]);

    const released = await server.request({ method: 'POST', url: `/v1/inventory/reservations/${b.id}/release`, cookie: budtender, body: {} });
    expect(released.json().status).toBe('released');
    const convertReleased = await server.request({ method: 'POST', url: `/v1/inventory/reservations/${b.id}/convert`, cookie: budtender, body: { orderId: 'order-b' } });
    expect(convertReleased.statusCode).toBe(409);
    expect(convertReleased.json().error.code).toBe('RESERVATION_NOT_HELD');

    const refreshed = await server.request({ method: 'POST', url: `/v1/inventory/reservations/${c.id}/refresh`, cookie: budtender, body: {} });
    expect(refreshed.statusCode).toBe(200);
    expect(new Date(refreshed.json().expiresAt).getTime()).toBeGreaterThanOrEqual(new Date(c.expiresAt).getTime());
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const swept = await sweepInventory(server.platform);
    expect(swept.expiredReservations).toBeGreaterThanOrEqual(1);
    const expired = await server.request({ method: 'GET', url: `/v1/inventory/reservations/${c.id}`, cookie: owner });
    expect(expired.json().status).toBe('expired');
    expect(await stockOf(db(), label)).toEqual([{ code: 'sales_floor', on_hand: 8, reserved: 0 }]);
    expect(await availability(skuId)).toMatchObject({ available: 8 });
    const events = await db().selectFrom('outbox_event').select('type').where('aggregate_id', '=', c.id).execute();
    expect(events.map((e) => e.type)).toContain('inventory.reservation.expired');
    await expectLedgerBalanced(db());
  });

  it('books returns back to stock, never more than the order took', async () => {
    const skuId = randomUUID();
    const label = newLabel();
    await receivePackages(server, inventory, stores.oakland, [{ label, skuId, quantity: 6 }]);
    const sale = await sell({ lines: [{ skuId, quantity: 4 }], reference: { orderId: 'order-ret', customerId: 'cust-9', channel: 'pos' } });
    expect(sale.statusCode).toBe(201);
    const back = await server.request({
      method: 'POST',
      url: `/v1/stores/${stores.oakland}/returns`,
      cookie: owner,
      body: { orderId: 'order-ret', lines: [{ packageLabel: label, quantity: 1 }, { packageLabel: label, quantity: 1, locationCode: 'quarantine' }] },
    });
    expect(back.statusCode, back.body).toBe(201);
    expect(await stockOf(db(), label)).toEqual([
      { code: 'quarantine', on_hand: 1, reserved: 0 },
      { code: 'sales_floor', on_hand: 3, reserved: 0 },
    ]);
    const tooMuch = await server.request({ method: 'POST', url: `/v1/stores/${stores.oakland}/returns`, cookie: owner, body: { orderId: 'order-ret', lines: [{ packageLabel: label, quantity: 3 }] } });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().error).toMatchObject({ code: 'RETURN_EXCEEDS_SALE', details: { path: ['lines', 0, 'quantity'], sold: 4, returned: 2 } });
    await expectLedgerBalanced(db());
  });

  it('emits inventory.availability.changed through the outbox to the SSE stream after a sale', async () => {
    // How fast it arrives is measured by bench/inventory-sse.bench.ts; a loaded CI machine can take
    // seconds, so the test waits for the event and judges what it says, not when it came.
    const skuId = randomUUID();
    const label = newLabel();
    await receivePackages(server, inventory, stores.oakland, [{ label, skuId, quantity: 9 }]);
    await server.platform.sequencer.wake();
    const stream = new SseClient(`${baseUrl}/v1/events/stream?storeId=${stores.oakland}&types=inventory.availability.changed`, { cookie: owner });
    await stream.ready;
    const sale = await sell({ lines: [{ skuId, quantity: 2 }], reference: { orderId: 'order-sse' } });
    expect(sale.statusCode).toBe(201);
    // The receipt's own event (9 on hand) may reach a stream opened just after it was published: the
    // sale's is the first one of the SKU that says anything else.
    const ofSale = (x: { data: string }) => JSON.parse(x.data).payload.skuId === skuId && JSON.parse(x.data).payload.onHand !== 9;
    const messages = await stream.waitFor((m) => m.some(ofSale));
    const event = JSON.parse(messages.find(ofSale)!.data);
    expect(event.payload).toEqual({ storeId: stores.oakland, skuId, available: 7, onHand: 7, reserved: 0 });
    stream.close();
  });

  it('streams a store’s availability to anyone as { skuId, available }, only that store’s and only of its online menu, resumable', async () => {
    const skuId = await menuSku(server, owner, stores.oakland, 'SSE-MENU-1');
    const offMenu = randomUUID(); // stocked at Oakland, on no menu: nothing is said about it
    const other = randomUUID();
    const label = newLabel();
    await receivePackages(server, inventory, stores.oakland, [{ label, skuId, quantity: 5 }, { label: newLabel(), skuId: offMenu, quantity: 5 }]);
    await receivePackages(server, inventory, stores.denver, [{ label: newLabel(), skuId: other, quantity: 5 }]);
    await server.platform.sequencer.wake();
    const url = `${baseUrl}/v1/public/stores/${stores.oakland}/availability/stream`;
    const stream = new SseClient(url);
    await stream.ready;
    expect((await sell({ lines: [{ skuId: offMenu, quantity: 1 }], reference: { orderId: 'order-public-sse-off-menu' } })).statusCode).toBe(201);
    expect((await sell({ lines: [{ skuId, quantity: 2 }], reference: { orderId: 'order-public-sse' } })).statusCode).toBe(201);
    const denverSale = await server.request({ method: 'POST', url: `/v1/stores/${stores.denver}/sales`, cookie: owner, body: { lines: [{ skuId: other, quantity: 1 }], reference: { orderId: 'order-public-sse-2', channel: 'pos' } } });
    expect(denverSale.statusCode).toBe(201);
    const mine = (m: SseMessage[]) => m.filter((x) => JSON.parse(x.data).skuId === skuId);
    const [message] = mine(await stream.waitFor((m) => mine(m).length > 0));
    expect(message.event).toBe('availability');
    expect(JSON.parse(message.data)).toEqual({ skuId, available: 3 }); // no counters, no store internals
    expect(stream.messages.every((m) => JSON.parse(m.data).skuId !== other && JSON.parse(m.data).skuId !== offMenu)).toBe(true);
    stream.close();

    // Reconnecting with the last id seen replays what came after it.
    expect((await sell({ lines: [{ skuId, quantity: 1 }], reference: { orderId: 'order-public-sse-3' } })).statusCode).toBe(201);
    await server.platform.sequencer.wake();
    const resumed = new SseClient(url, { 'last-event-id': String(message.id) });
    await resumed.ready;
    const [missed] = mine(await resumed.waitFor((m) => mine(m).length > 0));
    expect(JSON.parse(missed.data)).toEqual({ skuId, available: 2 });
    resumed.close();
    const unknown = await fetch(`${baseUrl}/v1/public/stores/${randomUUID()}/availability/stream`);
    expect(unknown.status).toBe(404);
  });

  it('exposes sku_store_availability for the storefront, counting only sellable stock', async () => {
    const skuId = randomUUID();
    const floor = newLabel();
    const vault = newLabel();
    await receivePackages(server, inventory, stores.denver, [
      { label: floor, skuId, quantity: 4 },
      { label: vault, skuId, quantity: 50, locationCode: 'vault' },
    ]);
    await reserve({ lines: [{ skuId, quantity: 1 }], ttlSeconds: 600, reference: 'cart-view' }, budtender, stores.denver);
    const view = await sql<{ available_quantity: number }>`select available_quantity from sku_store_availability where store_id = ${stores.denver} and sku_id = ${skuId}`.execute(db());
    expect(Number(view.rows[0].available_quantity)).toBe(3);
    const staff = await server.request({ method: 'GET', url: `/v1/stores/${stores.denver}/availability?skuIds=${skuId}`, cookie: budtender });
    expect(staff.json().items[0]).toMatchObject({ skuId, available: 3, onHand: 4, reserved: 1, next: { packageLabel: floor } });
    // Without skuIds, the whole store: every SKU with sellable stock, this one as above.
    const whole = (await server.request({ method: 'GET', url: `/v1/stores/${stores.denver}/availability`, cookie: budtender })).json().items as Array<{ skuId: string; onHand: number }>;
    expect(whole.find((i) => i.skuId === skuId)).toEqual(staff.json().items[0]);
    expect(whole.every((i) => i.onHand > 0)).toBe(true);
    const sellable = await sql<{ n: string }>`
      select count(distinct s.sku_id) as n from inventory_stock s join inventory_package p on p.id = s.package_id join inventory_location l on l.id = s.location_id
       where s.store_id = ${stores.denver} and s.on_hand > 0 and p.status = 'active' and p.lab_status <> 'failed' and (p.expires_on is null or p.expires_on >= current_date) and l.sellable and l.active`.execute(db());
    expect(whole).toHaveLength(Number(sellable.rows[0].n));
    expect((await server.request({ method: 'GET', url: `/v1/public/stores/${stores.denver}/availability` })).statusCode).toBe(400);
    // Making the vault sellable is data: availability follows at once.
    const vaultLocation = await db().selectFrom('inventory_location').select('id').where('store_id', '=', stores.denver).where('code', '=', 'vault').executeTakeFirstOrThrow();
    const patched = await server.request({ method: 'PATCH', url: `/v1/stores/${stores.denver}/locations/${vaultLocation.id}`, cookie: owner, body: { sellable: true } });
    expect(patched.statusCode).toBe(200);
    expect(await availability(skuId, stores.denver)).toMatchObject({ available: 53 });
    await server.request({ method: 'PATCH', url: `/v1/stores/${stores.denver}/locations/${vaultLocation.id}`, cookie: owner, body: { sellable: false } });
    expect(await availability(skuId, stores.denver)).toMatchObject({ available: 3 });
    const unknownStore = await server.request({ method: 'GET', url: `/v1/public/stores/${randomUUID()}/availability?skuIds=${skuId}` });
    expect(unknownStore.statusCode).toBe(404);
    const badIds = await server.request({ method: 'GET', url: `/v1/public/stores/${stores.denver}/availability?skuIds=nope` });
    expect(badIds.statusCode).toBe(400);
    expect(badIds.json().error.details[0].path).toEqual(['querystring', 'skuIds']);
  });
});
