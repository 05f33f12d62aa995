import { DEMO_LICENSES, DEMO_PATIENTS, DEMO_USER_KEY, DEMO_VENDOR_KEY } from '@verdant/metrc';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPurchase } from '../../src/modules/compliance';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { DEMO_ORGANIZATION_ID } from '../../src/seed/demo-seed';
import { completedPayload, connectCaStore, reportOf, startTraceHarness, waitUntil, type TraceHarness } from './traceability-harness';

describe('traceability: pulls, reconciliation, allotments and the over-limit review', () => {
  let h: TraceHarness;
  let owner: string;
  let miStoreId: string;

  beforeAll(async () => {
    h = await startTraceHarness();
    owner = await h.login('owner');
    await connectCaStore(h);
    const created = await h.request({
      method: 'POST', url: '/v1/stores', cookie: owner,
      body: { name: 'Lakeshore Provisioning', licenseNumber: DEMO_LICENSES.miRetail, jurisdiction: 'US-MI', timezone: 'America/Detroit' },
    });
    expect(created.statusCode).toBe(201);
    miStoreId = created.json().id;
    const put = await h.request({
      method: 'PUT', url: `/v1/stores/${miStoreId}/traceability`, cookie: owner,
      body: { engine: 'metrc', baseUrl: h.sim.url, licenseNumber: DEMO_LICENSES.miRetail, credentials: { vendorKey: DEMO_VENDOR_KEY, userKey: DEMO_USER_KEY } },
    });
    expect(put.statusCode).toBe(200);
  });
  afterAll(() => h?.close());

  const localPackages = () =>
    h.platform.database.db
      .selectFrom('inventory_package as p')
      .innerJoin('inventory_stock as s', 's.package_id', 'p.id')
      .select((eb) => ['p.label', 'p.unit', 'p.status', 'p.sku_id', eb.fn.sum<number>('s.on_hand').as('on_hand')])
      .where('s.store_id', '=', h.caStoreId)
      .groupBy(['p.label', 'p.unit', 'p.status', 'p.sku_id'])
      .having((eb) => eb.fn.sum('s.on_hand'), '>', 0)
      .orderBy('p.label')
      .execute();

  it('reconciles packages with the state: holds what the state holds, classifies every difference, tells alerts', async () => {
    const local = await localPackages();
    expect(local.length).toBeGreaterThan(2);
    const asState = (p: (typeof local)[number], extra: number) =>
      p.unit === 'each'
        ? { itemName: 'Pre-roll 1g', quantity: Number(p.on_hand) + extra }
        : { itemName: 'Blue Dream Flower', quantity: (Number(p.on_hand) + extra * 1000) / 1000 };
    const [held, short, same] = local;
    h.sim.control.addPackage({ license: DEMO_LICENSES.caRetail, label: held.label, ...asState(held, 0), onHold: true });
    h.sim.control.addPackage({ license: DEMO_LICENSES.caRetail, label: short.label, ...asState(short, 5) });
    h.sim.control.addPackage({ license: DEMO_LICENSES.caRetail, label: same.label, ...asState(same, 0) });

    const budtender = await h.login('budtender');
    expect((await h.request({ method: 'POST', url: `/v1/stores/${h.caStoreId}/traceability/reconcile`, cookie: budtender })).statusCode).toBe(403);
    const run = await h.request({ method: 'POST', url: `/v1/stores/${h.caStoreId}/traceability/reconcile`, cookie: owner });
    expect(run.statusCode).toBe(200);
    const body = run.json() as { id: string; held: number; status: string; differences: Array<{ packageLabel: string; kind: string; action: string | null }> };
    expect(body).toMatchObject({ status: 'succeeded', held: 1 });
    const of = (label: string) => body.differences.filter((d) => d.packageLabel === label).map((d) => [d.kind, d.action]);
    expect(of(held.label)).toEqual([['status_mismatch', 'held']]);
    expect(of(short.label)).toEqual([['quantity_mismatch', null]]);
    expect(of(same.label)).toEqual([]);
    expect(body.differences.some((d) => d.kind === 'missing_locally')).toBe(true); // the simulator's own demo packages
    expect(body.differences.some((d) => d.kind === 'missing_in_state')).toBe(true); // the rest of our demo stock

    const status = await h.platform.database.db.selectFrom('inventory_package').select('status').where('label', '=', held.label).executeTakeFirstOrThrow();
    expect(status.status).toBe('on_hold');
    const drift = await h.platform.database.db.selectFrom('outbox_event').select('payload').where('type', '=', 'traceability.reconciliation.drift').where('aggregate_id', '=', body.id).executeTakeFirst();
    expect(drift?.payload).toMatchObject({ held: 1, counts: { status_mismatch: 1, quantity_mismatch: 1 } });
    const list = await h.request({ method: 'GET', url: `/v1/stores/${h.caStoreId}/traceability/reconciliations`, cookie: owner });
    expect(list.json().reconciliations[0]).toMatchObject({ id: body.id, held: 1 });
  });

  it('imports an incoming transfer as a receiving manifest once its items are mapped, with lab results onto its batches', async () => {
    const shipped = h.sim.control.shipTransfer({
      toLicense: DEMO_LICENSES.caRetail, fromLicense: DEMO_LICENSES.caDistributor,
      packages: [{ itemName: 'Live Resin 1g', quantity: 24, unitOfMeasure: 'Each' }],
    });
    const first = await h.request({ method: 'POST', url: `/v1/stores/${h.caStoreId}/traceability/pull`, cookie: owner });
    expect(first.statusCode).toBe(200);
    const mine = (r: { transfers: Array<{ manifestNumber: string; status: string; detail?: { missingItemMappings?: string[] } }> }) => r.transfers.find((t) => t.manifestNumber === shipped.manifestNumber)!;
    expect(mine(first.json())).toMatchObject({ status: 'needs_mapping', detail: { missingItemMappings: ['Live Resin 1g'] } });

    const sku = (await localPackages()).find((p) => p.unit === 'each')!.sku_id;
    const mapped = await h.request({ method: 'PUT', url: '/v1/traceability/item-mappings', cookie: owner, body: { mappings: [{ stateItemName: 'Live Resin 1g', skuId: sku, unit: 'each' }] } });
    expect(mapped.statusCode).toBe(200);
    // The store accepts the transfer in Metrc; its packages (and their lab results) become ours there.
    h.sim.control.receiveTransfer(shipped.manifestNumber);
    const second = await h.request({ method: 'POST', url: `/v1/stores/${h.caStoreId}/traceability/pull`, cookie: owner });
    const imported = mine(second.json()) as { status: string; manifestId?: string };
    expect(imported.status).toBe('imported');
    const manifest = await h.platform.database.db.selectFrom('inventory_manifest').selectAll().where('number', '=', shipped.manifestNumber).executeTakeFirstOrThrow();
    expect(manifest).toMatchObject({ store_id: h.caStoreId, source: 'metrc', supplier_license: DEMO_LICENSES.caDistributor });
    const items = await h.platform.database.db.selectFrom('inventory_manifest_item').selectAll().where('manifest_id', '=', manifest.id).execute();
    expect(items.map((i) => [i.package_label, Number(i.expected_quantity)])).toEqual([[shipped.labels[0], 24]]);
    expect(second.json().labResults).toEqual(expect.arrayContaining([expect.objectContaining({ packageLabel: shipped.labels[0], status: 'recorded' })]));
    const batch = await h.platform.database.db.selectFrom('inventory_batch').select('lab_status').where('id', '=', items[0].batch_id!).executeTakeFirstOrThrow();
    expect(batch.lab_status).toBe('passed');
    // Pulling again imports nothing twice.
    const third = await h.request({ method: 'POST', url: `/v1/stores/${h.caStoreId}/traceability/pull`, cookie: owner });
    expect(mine(third.json()).status).toBe('already_imported');
  });

  it("reads a patient's allotment at check-in, cached up to 60 s; says plainly where the state offers none", async () => {
    const budtender = await h.login('budtender');
    const url = `/v1/stores/${miStoreId}/patients/${DEMO_PATIENTS.mi}/allotment`;
    const first = await h.request({ method: 'GET', url, cookie: budtender });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'ok', cached: false, allotment: { active: true, availableOunces: { flower: 2.5 } } });
    const before = h.sim.control.requests().length;
    const second = await h.request({ method: 'GET', url, cookie: budtender });
    expect(second.json()).toMatchObject({ status: 'ok', cached: true });
    expect(h.sim.control.requests().length).toBe(before);
    const unknown = await h.request({ method: 'GET', url: `/v1/stores/${miStoreId}/patients/MI-PT-99999/allotment`, cookie: budtender });
    expect(unknown.json()).toMatchObject({ status: 'not_found' });
    const ca = await h.request({ method: 'GET', url: `/v1/stores/${h.caStoreId}/patients/${DEMO_PATIENTS.mi}/allotment`, cookie: budtender });
    expect(ca.json().status).toBe('not_offered');
    h.sim.control.outage(1000);
    const down = await h.request({ method: 'GET', url: `/v1/stores/${miStoreId}/patients/MI-PT-00043/allotment`, cookie: budtender });
    expect(down.json()).toMatchObject({ status: 'unavailable' });
    expect(down.json().reason).toMatch(/503/);
    h.sim.control.clearFaults();
  });

  it('after an outage, names the queued sales that broke a limit (Michigan medical 2.5 oz a day)', async () => {
    const customerId = uuidv7();
    const twoOunces = 56_699;
    h.sim.control.outage(1500);
    const orders: string[] = [];
    // Both sales on one Detroit day: 30 and 10 minutes ago, or late yesterday evening when today
    // began less than half an hour ago (the limit is per store-local day).
    const clock = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Detroit', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(new Date());
    const sinceMidnight = Number(clock.find((p) => p.type === 'hour')!.value) * 60 + Number(clock.find((p) => p.type === 'minute')!.value);
    const offsets = sinceMidnight >= 31 ? [30, 10] : [sinceMidnight + 40, sinceMidnight + 20];
    for (const minutesAgo of offsets) {
      const orderId = uuidv7();
      orders.push(orderId);
      const completedAt = new Date(Date.now() - minutesAgo * 60_000);
      await inTransaction(h.platform.tx, systemContext(DEMO_ORGANIZATION_ID), async (uow) => {
        await recordPurchase(uow, {
          organizationId: DEMO_ORGANIZATION_ID, storeId: miStoreId, customerId, orderId, channel: 'in_store', occurredAt: completedAt,
          lines: [{ sku: 'BD-FLOWER-2OZ', category: 'flower', quantity: 1, unitPriceCents: 30000, netWeightMg: twoOunces }],
        });
        const payload = completedPayload({
          storeId: miStoreId, orderId, completedAt, jurisdiction: 'US-MI', timezone: 'America/Detroit',
          customer: { id: customerId, kind: 'medical', patientLicenseNumber: DEMO_PATIENTS.mi },
          lines: [{ packageLabel: 'not-at-the-state', quantity: 56.699, unit: 'g' }],
        });
        await uow.emit({ type: 'orders.order.completed', aggregateType: 'order', aggregateId: orderId, storeId: miStoreId, payload });
      });
    }
    await waitUntil(async () => (await reportOf(h.platform, `sale:${orders[1]}`)) !== undefined, 10_000, 'the reports to queue');
    const response = await h.request({ method: 'GET', url: `/v1/traceability/over-limit?storeId=${miStoreId}&lateAfterSeconds=0`, cookie: owner });
    expect(response.statusCode).toBe(200);
    const report = response.json() as { lateSalesChecked: number; overLimit: Array<{ orderId: string; violations: Array<{ rule: string }> }> };
    expect(report.lateSalesChecked).toBe(2);
    expect(report.overLimit.map((o) => o.orderId)).toEqual([orders[1]]);
    expect(report.overLimit[0].violations.map((v) => v.rule)).toContain('us-mi.limit.med-day');
    h.sim.control.clearFaults();
  });
});
