import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyStockChange } from '../../src/modules/inventory/inventory.ledger';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { startTestServer, type TestServer } from '../support/test-server';
import { demoStores, expectLedgerBalanced, newLabel, receivePackages, staffId, stockOf } from '../support/inventory-fixtures';

describe('inventory: sellability in the database, recall, destruction, bad input', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  let budtender: string;
  let inventory: string;
  let stores: { oakland: string; denver: string; berkeley: string };
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    inventory = await server.login('inventory');
    stores = await demoStores(server);
  });
  afterAll(() => server?.close());

  const reserve = (lines: unknown[], storeId = stores.oakland) =>
    server.request({ method: 'POST', url: `/v1/stores/${storeId}/reservations`, cookie: budtender, body: { lines, ttlSeconds: 600, reference: 'cart' } });
  const sell = (lines: unknown[], orderId: string = randomUUID(), extra: Record<string, unknown> = {}, storeId = stores.oakland) =>
    server.request({ method: 'POST', url: `/v1/stores/${storeId}/sales`, cookie: budtender, body: { lines, reference: { orderId, ...extra } } });

  it('never sells or reserves a held, recalled or lab-failed package: the service says 409 and the database refuses on its own', async () => {
    const skuId = randomUUID();
    const [held, failed] = [newLabel(), newLabel()];
    await receivePackages(server, inventory, stores.oakland, [
      { label: held, skuId, quantity: 5, batchCode: `OK-${held.slice(-6)}` },
      { label: failed, skuId, quantity: 5, batchCode: `BAD-${failed.slice(-6)}` },
    ]);
    const onHold = await server.request({ method: 'POST', url: `/v1/inventory/packages/${held}/status`, cookie: inventory, body: { status: 'on_hold', reason: 'label smudged' } });
    expect(onHold.statusCode, onHold.body).toBe(200);
    const badBatch = await db().selectFrom('inventory_batch').select('id').where('code', '=', `BAD-${failed.slice(-6)}`).executeTakeFirstOrThrow();
    const lab = await server.request({
      method: 'POST',
      url: `/v1/inventory/batches/${badBatch.id}/lab-results`,
      cookie: inventory,
      body: { labName: 'SC Labs', testedOn: '2026-08-02', cannabinoids: [], contaminants: [{ panel: 'pesticides', status: 'fail', detail: 'myclobutanil 0.4 ppm' }] },
    });
    expect(lab.json().labStatus).toBe('failed');

    for (const label of [held, failed]) {
      const scanned = await sell([{ skuId, quantity: 1, packageLabel: label }]);
      expect(scanned.statusCode).toBe(409);
      expect(scanned.json().error.code).toBe('PACKAGE_NOT_SELLABLE');
      expect(scanned.json().error.details.path).toEqual(['lines', 0, 'packageLabel']);
    }
    const fifo = await reserve([{ skuId, quantity: 1 }]);
    expect(fifo.statusCode).toBe(409);
    expect(fifo.json().error.code).toBe('INSUFFICIENT_STOCK');
    expect((await server.request({ method: 'GET', url: `/v1/public/stores/${stores.oakland}/availability?skuIds=${skuId}` })).json().items[0].available).toBe(0);

    // Around the service: a raw UPDATE that raises reserved on the held package is refused by the trigger…
    const heldPackage = await db().selectFrom('inventory_package').select('id').where('label', '=', held).executeTakeFirstOrThrow();
    await expect(sql`update inventory_stock set reserved = reserved + 1 where package_id = ${heldPackage.id}`.execute(db())).rejects.toThrow(/INVENTORY_NOT_SELLABLE/);
    // …a raw sale ledger row is refused too…
    const failedPackage = await db().selectFrom('inventory_package').select(['id']).where('label', '=', failed).executeTakeFirstOrThrow();
    const floor = await db().selectFrom('inventory_location').select('id').where('store_id', '=', stores.oakland).where('code', '=', 'sales_floor').executeTakeFirstOrThrow();
    await expect(
      sql`insert into inventory_movement (organization_id, store_id, package_id, location_id, sku_id, kind, on_hand_delta, reserved_delta, reason_code, actor_type)
          values (${server.organizationId}, ${stores.oakland}, ${failedPackage.id}, ${floor.id}, ${skuId}, 'sale', -1, 0, 'sale', 'system')`.execute(db()),
    ).rejects.toThrow(/INVENTORY_NOT_SELLABLE/);
    // …and the conditional UPDATE itself touches nothing, even when called directly.
    const direct = await inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) =>
      applyStockChange(uow, { packageId: failedPackage.id, locationId: floor.id, kind: 'sale', onHandDelta: -1, reservedDelta: 0, reasonCode: 'sale' }),
    );
    expect(direct).toBeNull();
    // The ledger is append-only.
    await expect(sql`delete from inventory_movement where package_id = ${failedPackage.id}`.execute(db())).rejects.toThrow(/append-only/);
    expect(await stockOf(db(), held)).toEqual([{ code: 'sales_floor', on_hand: 5, reserved: 0 }]);
    expect(await stockOf(db(), failed)).toEqual([{ code: 'sales_floor', on_hand: 5, reserved: 0 }]);

    // Released from hold: sellable again.
    await server.request({ method: 'POST', url: `/v1/inventory/packages/${held}/status`, cookie: inventory, body: { status: 'active', reason: 'relabelled' } });
    expect((await sell([{ skuId, quantity: 1 }])).json().lines[0].picks[0].packageLabel).toBe(held);
    await expectLedgerBalanced(db());
  });

  it('recalls a batch in one action, lists stock and every sale, and exports the sales as CSV', async () => {
    const skuId = randomUUID();
    const batchCode = `RC-${randomUUID().slice(0, 6)}`;
    const [a, b, other] = [newLabel(), newLabel(), newLabel()];
    await receivePackages(server, inventory, stores.oakland, [{ label: a, skuId, quantity: 10, batchCode, producerLicense: 'CCL20-RECALL1' }]);
    await receivePackages(server, inventory, stores.denver, [
      { label: b, skuId, quantity: 10, batchCode, producerLicense: 'CCL20-RECALL1' },
      { label: other, skuId, quantity: 10, batchCode: `CLEAN-${other.slice(-6)}` },
    ]);
    expect((await sell([{ skuId, quantity: 2, packageLabel: a }], 'order-r1', { customerId: 'cust-alice', channel: 'pos' })).statusCode).toBe(201);
    expect((await sell([{ skuId, quantity: 1, packageLabel: b }], 'order-r2', { customerId: 'cust-bob', channel: 'online' }, stores.denver)).statusCode).toBe(201);
    const pending = await reserve([{ skuId, quantity: 1, packageLabel: a }]);
    expect(pending.statusCode).toBe(201);
    const batch = await db().selectFrom('inventory_batch').select('id').where('code', '=', batchCode).executeTakeFirstOrThrow();

    const forbidden = await server.request({ method: 'POST', url: '/v1/inventory/recalls', cookie: inventory, body: { batchId: batch.id, reason: 'pesticide' } });
    expect(forbidden.statusCode).toBe(403);
    const recall = await server.request({ method: 'POST', url: '/v1/inventory/recalls', cookie: manager, body: { batchId: batch.id, reason: 'state recall 2026-114: pesticide' } });
    expect(recall.statusCode, recall.body).toBe(201);
    expect(recall.json().held).toBe(2);
    const statuses = await db().selectFrom('inventory_package').select(['label', 'status']).where('label', 'in', [a, b, other]).orderBy('label').execute();
    expect(Object.fromEntries(statuses.map((s) => [s.label, s.status]))).toEqual({ [a]: 'recalled', [b]: 'recalled', [other]: 'active' });
    // The held cart cannot turn into a sale any more.
    const convert = await server.request({ method: 'POST', url: `/v1/inventory/reservations/${pending.json().id}/convert`, cookie: budtender, body: { orderId: 'order-r3' } });
    expect(convert.statusCode).toBe(409);
    expect(convert.json().error.code).toBe('PACKAGE_NOT_SELLABLE');

    for (const query of [`batchId=${batch.id}`, 'producerLicense=CCL20-RECALL1']) {
      const trace = await server.request({ method: 'GET', url: `/v1/inventory/recalls/trace?${query}`, cookie: manager });
      expect(trace.statusCode, trace.body).toBe(200);
      const body = trace.json();
      expect(body.totals).toMatchObject({ packages: 2, onHand: { each: 17, mg: 0 }, sold: { each: 3, mg: 0 }, orders: 2, customers: 2 });
      expect(body.stock.map((s: { packageLabel: string; locationCode: string; onHand: number; reserved: number }) => [s.packageLabel, s.locationCode, s.onHand, s.reserved]).sort()).toEqual(
        [
          [a, 'sales_floor', 8, 1],
          [b, 'sales_floor', 9, 0],
        ].sort(),
      );
      expect(body.sales.map((s: { orderId: string; customerId: string; channel: string }) => [s.orderId, s.customerId, s.channel])).toEqual([
        ['order-r1', 'cust-alice', 'pos'],
        ['order-r2', 'cust-bob', 'online'],
      ]);
    }
    const csv = await server.request({ method: 'GET', url: `/v1/inventory/recalls/trace?packageLabel=${a}&format=csv`, cookie: manager });
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = parse(csv.body, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ order_id: 'order-r1', customer_id: 'cust-alice', channel: 'pos', package_label: a, quantity: '2', unit: 'each', store_id: stores.oakland });
    expect(rows[0].sold_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const scope = await server.request({ method: 'GET', url: `/v1/inventory/recalls/trace?batchId=${batch.id}&packageLabel=${a}`, cookie: manager });
    expect(scope.statusCode).toBe(400);
    expect(scope.json().error.code).toBe('RECALL_SCOPE');
    const lift = await server.request({ method: 'POST', url: `/v1/inventory/packages/${a}/status`, cookie: inventory, body: { status: 'active', reason: 'cleared' } });
    expect(lift.statusCode).toBe(403);
    const alert = (await server.request({ method: 'GET', url: '/v1/inventory/alerts?kind=recall', cookie: owner })).json().alerts;
    expect(alert[0].details.recallId).toBe(recall.json().id);
  });

  it('destroys stock only with a different, verified witness, and records method and witness on the ledger', async () => {
    const skuId = randomUUID();
    const label = newLabel();
    await receivePackages(server, inventory, stores.oakland, [{ label, skuId, quantity: 10, locationCode: 'quarantine' }]);
    const managerId = await staffId(server, 'manager');
    const inventoryId = await staffId(server, 'inventory');
    const destroy = (body: Record<string, unknown>) =>
      server.request({ method: 'POST', url: `/v1/stores/${stores.oakland}/packages/${label}/destroy`, cookie: inventory, body: { locationCode: 'quarantine', quantity: 4, method: 'grind_and_mix', reasonCode: 'damaged', ...body } });
    const self = await destroy({ witnessId: inventoryId, witnessPin: '1234' });
    expect(self.statusCode).toBe(422);
    expect(self.json().error).toMatchObject({ code: 'WITNESS_REQUIRED', details: { path: ['body', 'witnessId'] } });
    const wrongPin = await destroy({ witnessId: managerId, witnessPin: '0000' });
    expect(wrongPin.statusCode).toBe(422);
    expect(wrongPin.json().error.details.path).toEqual(['body', 'witnessPin']);
    const noWitness = await destroy({});
    expect(noWitness.statusCode).toBe(400);
    const tooMany = await destroy({ witnessId: managerId, witnessPin: '9999', quantity: 11 });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { path: ['body', 'quantity'], onHand: 10 } });
    const budtenderTry = await server.request({
      method: 'POST',
      url: `/v1/stores/${stores.oakland}/packages/${label}/destroy`,
      cookie: budtender,
      body: { locationCode: 'quarantine', quantity: 1, method: 'compost', reasonCode: 'damaged', witnessId: managerId, witnessPin: '9999' },
    });
    expect(budtenderTry.statusCode).toBe(403);
    const done = await destroy({ witnessId: managerId, witnessPin: '9999', note: 'water damage' });
    expect(done.statusCode, done.body).toBe(200);
    const movements = (await server.request({ method: 'GET', url: `/v1/inventory/packages/${label}/movements`, cookie: owner })).json().movements;
    expect(movements.at(-1)).toMatchObject({ kind: 'destroy', onHandDelta: -4, reasonCode: 'damaged', actorId: inventoryId, referenceData: { method: 'grind_and_mix', witnessId: managerId } });
    // The same ledger a page at a time: every row once, in order, and the last page says so.
    const pages: Array<Array<{ id: number }>> = [];
    let after: number | null | undefined;
    do {
      const page = (await server.request({ method: 'GET', url: `/v1/inventory/packages/${label}/movements?limit=2${after ? `&after=${after}` : ''}`, cookie: owner })).json();
      pages.push(page.movements);
      after = page.nextAfter;
    } while (after !== null);
    expect(pages.flat().map((m) => m.id)).toEqual(movements.map((m: { id: number }) => m.id));
    expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
    const unknownParam = await server.request({ method: 'GET', url: `/v1/inventory/packages/${label}/movements?before=5`, cookie: owner });
    expect(unknownParam.statusCode).toBe(400);
    expect(await stockOf(db(), label)).toEqual([{ code: 'quarantine', on_hand: 6, reserved: 0 }]);
    await expectLedgerBalanced(db());
  });

  it('answers bad input with 4xx, a stable code and the field path, and changes nothing', async () => {
    const skuId = randomUUID();
    const label = newLabel();
    const weighed = newLabel();
    await receivePackages(server, inventory, stores.oakland, [
      { label, skuId, quantity: 5 },
      { label: weighed, skuId: randomUUID(), quantity: 28_000, unit: 'mg' },
    ]);
    const before = await db().selectFrom('inventory_movement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const cases: Array<{ response: Promise<import('fastify').LightMyRequestResponse>; status: number; code: string; path: unknown[] }> = [
      { response: reserve([{ skuId, quantity: -1 }]), status: 400, code: 'VALIDATION_FAILED', path: ['body', 'lines', 0, 'quantity'] },
      { response: reserve([{ skuId, quantity: 1.5 }]), status: 400, code: 'VALIDATION_FAILED', path: ['body', 'lines', 0, 'quantity'] },
      { response: reserve([{ skuId, quantity: 1, unit: 'oz' }]), status: 400, code: 'VALIDATION_FAILED', path: ['body', 'lines', 0, 'unit'] },
      { response: reserve([{ skuId, quantity: 1, colour: 'green' }]), status: 400, code: 'VALIDATION_FAILED', path: ['body', 'lines', 0, 'colour'] },
      { response: sell([{ skuId, quantity: 1000, unit: 'mg' }]), status: 422, code: 'UNIT_MISMATCH', path: ['lines', 0, 'unit'] },
      { response: sell([{ skuId, quantity: 1000, unit: 'mg', packageLabel: label }]), status: 422, code: 'UNIT_MISMATCH', path: ['lines', 0, 'unit'] },
      { response: sell([{ skuId, quantity: 1, packageLabel: weighed }]), status: 422, code: 'PACKAGE_SKU_MISMATCH', path: ['lines', 0, 'packageLabel'] },
      { response: sell([{ skuId, quantity: 1, packageLabel: '1A4060300009ZZ9999999999' }]), status: 404, code: 'UNKNOWN_PACKAGE', path: ['lines', 0, 'packageLabel'] },
      {
        response: server.request({
          method: 'POST',
          url: '/v1/inventory/transfers',
          cookie: inventory,
          body: { fromStoreId: stores.oakland, toStoreId: stores.berkeley, items: [{ packageLabel: label, quantity: 6, fromLocationCode: 'sales_floor' }] },
        }),
        status: 409,
        code: 'INSUFFICIENT_STOCK',
        path: ['body', 'items', 0, 'quantity'],
      },
      {
        response: server.request({
          method: 'POST',
          url: `/v1/stores/${stores.oakland}/packages/${label}/adjust`,
          cookie: inventory,
          body: { locationCode: 'sales_floor', delta: -6, reasonCode: 'damaged' },
        }),
        status: 409,
        code: 'INSUFFICIENT_STOCK',
        path: ['body', 'delta'],
      },
      {
        response: server.request({
          method: 'POST',
          url: `/v1/stores/${stores.oakland}/manifests`,
          cookie: inventory,
          body: { number: `DUP-${label}`, items: [{ packageLabel: label, skuId, unit: 'each', expectedQuantity: 1, batch: { code: 'X', producerLicense: 'Y' } }] },
        }),
        status: 409,
        code: 'LABEL_TAKEN',
        path: ['body', 'items', 0, 'packageLabel'],
      },
      {
        response: server.request({
          method: 'POST',
          url: `/v1/stores/${stores.oakland}/manifests`,
          cookie: inventory,
          body: {
            number: `TWICE-${label}`,
            items: [0, 1].map(() => ({ packageLabel: '1A4060300009AA0000000001', skuId, unit: 'each', expectedQuantity: 1, batch: { code: 'X', producerLicense: 'Y' } })),
          },
        }),
        status: 409,
        code: 'LABEL_TAKEN',
        path: ['body', 'items', 1, 'packageLabel'],
      },
      {
        response: server.request({
          method: 'POST',
          url: `/v1/stores/${stores.oakland}/manifests`,
          cookie: inventory,
          body: { number: 'BAD-LABEL', items: [{ packageLabel: 'lower-case', skuId, unit: 'each', expectedQuantity: 1, batchId: randomUUID() }] },
        }),
        status: 400,
        code: 'VALIDATION_FAILED',
        path: ['body', 'items', 0, 'packageLabel'],
      },
      {
        response: server.request({ method: 'POST', url: `/v1/stores/${stores.oakland}/packages/${label}/move`, cookie: inventory, body: { fromLocationCode: 'sales_floor', toLocationCode: 'attic', quantity: 1 } }),
        status: 404,
        code: 'UNKNOWN_LOCATION',
        path: ['body', 'toLocationCode'],
      },
    ];
    for (const c of cases) {
      const response = await c.response;
      expect(response.statusCode, response.body).toBe(c.status);
      const error = response.json().error;
      expect(error.code).toBe(c.code);
      const path = Array.isArray(error.details) ? error.details[0].path : error.details.path;
      expect(path).toEqual(c.path);
    }
    const after = await db().selectFrom('inventory_movement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await stockOf(db(), label)).toEqual([{ code: 'sales_floor', on_hand: 5, reserved: 0 }]);
    // A store of another organization, or a staff member limited to another store, gets nothing.
    const foreign = await server.request({ method: 'GET', url: `/v1/stores/${randomUUID()}/locations`, cookie: owner });
    expect(foreign.statusCode).toBe(404);
  });
});
