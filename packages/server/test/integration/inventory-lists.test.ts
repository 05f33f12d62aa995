// The store's lists the back office reads: manifests and counts (newest first, a page at a time,
// with their status, item counts and variance summaries) and reorder points (with the catalog's
// names, what is available and whether it is low; removing one is audited and closes its open
// low-stock alert). Each list is compared with the database; bad or unknown query parameters are
// 400 with their path, and the permissions are those of the store's other inventory reads/writes.
// Also the store's aging and expiry list (what is on hand, days since received and to expiry on the
// store's calendar, buckets and their totals, the expiring-within filter, CSV).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { catalogSku, demoStores, newLabel, receivePackages, staffId } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('inventory: the store’s lists of manifests, counts and reorder points', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  let inventory: string;
  let budtender: string;
  let driver: string;
  let stores: { oakland: string; denver: string; berkeley: string };
  const db = () => server.platform.database.db;
  const get = (cookie: string, url: string) => server.request({ method: 'GET', url, cookie });

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    manager = await server.login('manager');
    inventory = await server.login('inventory');
    budtender = await server.login('budtender');
    driver = await server.login('driver');
    stores = await demoStores(server);
  });
  afterAll(() => server?.close());

  /** Every page of a list, following nextAfter. */
  async function allPages<T>(url: string, key: string, limit: number): Promise<{ rows: T[]; pages: number }> {
    const rows: T[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await get(manager, `${url}${url.includes('?') ? '&' : '?'}limit=${limit}${after ? `&after=${after}` : ''}`);
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json();
      expect(body[key].length).toBeLessThanOrEqual(limit);
      rows.push(...body[key]);
      after = body.nextAfter;
      pages += 1;
      if (after) expect(after).toBe(body[key][body[key].length - 1].id);
    } while (after);
    return { rows, pages };
  }

  async function expectBadQuery(url: string, path: Array<string | number>) {
    const refused = await get(manager, url);
    expect(refused.statusCode, `${url}: ${refused.body}`).toBe(400);
    expect(refused.json().error.code).toBe('VALIDATION_FAILED');
    expect(refused.json().error.details.map((d: { path: unknown }) => d.path)).toContainEqual(path);
  }

  describe('manifests', () => {
    const numbers: string[] = [];

    beforeAll(async () => {
      // Five at Oakland: two received whole, one received short and closed, two left open; one at Denver.
      for (let i = 0; i < 5; i++) {
        const manifest = await server.request({
          method: 'POST',
          url: `/v1/stores/${stores.oakland}/manifests`,
          cookie: inventory,
          body: {
            number: `LIST-${i}-${randomUUID().slice(0, 6)}`,
            supplierName: 'Humboldt Haze Farms',
            items: [0, 1, 2].map(() => ({ packageLabel: newLabel(), skuId: randomUUID(), unit: 'each', expectedQuantity: 4, batch: { code: `B-LIST-${i}`, producerLicense: 'CCL20-0000123' } })),
          },
        });
        expect(manifest.statusCode, manifest.body).toBe(201);
        numbers.push(manifest.json().number);
        const items = manifest.json().items as Array<{ packageLabel: string }>;
        const path = `/v1/stores/${stores.oakland}/manifests/${manifest.json().id}`;
        if (i === 1) {
          const received = await server.request({
            method: 'POST',
            url: `${path}/receive`,
            cookie: inventory,
            body: {
              items: [
                { packageLabel: items[0].packageLabel, countedQuantity: 3, decision: 'accept' },
                { packageLabel: items[1].packageLabel, countedQuantity: 4, decision: 'reject', reason: 'wrong strain' },
              ],
            },
          });
          expect(received.statusCode, received.body).toBe(200);
          expect((await server.request({ method: 'POST', url: `${path}/close`, cookie: inventory })).statusCode).toBe(200);
        }
      }
      await receivePackages(server, inventory, stores.denver, [{ label: newLabel(), skuId: randomUUID(), quantity: 2 }]);
    });

    it('lists the store’s manifests newest first, page by page, with their items counted by status, as the database has them', async () => {
      const { rows, pages } = await allPages<Record<string, unknown>>(`/v1/stores/${stores.oakland}/manifests`, 'manifests', 2);
      const expected = await sql<{ id: string; number: string; status: string; total: string; pending: string; accepted: string; rejected: string; not_received: string; discrepancies: string }>`
        select m.id, m.number, m.status,
               (select count(*) from inventory_manifest_item i where i.manifest_id = m.id) as total,
               (select count(*) from inventory_manifest_item i where i.manifest_id = m.id and i.status = 'pending') as pending,
               (select count(*) from inventory_manifest_item i where i.manifest_id = m.id and i.status = 'accepted') as accepted,
               (select count(*) from inventory_manifest_item i where i.manifest_id = m.id and i.status = 'rejected') as rejected,
               (select count(*) from inventory_manifest_item i where i.manifest_id = m.id and i.status = 'not_received') as not_received,
               (select count(*) from inventory_discrepancy d where d.source_type = 'manifest' and d.source_id = m.id) as discrepancies
          from inventory_manifest m where m.store_id = ${stores.oakland}
         order by m.created_at desc, m.id desc`.execute(db());
      expect(expected.rows.length).toBeGreaterThanOrEqual(5);
      expect(pages).toBe(Math.ceil(expected.rows.length / 2));
      expect(rows.map((m) => ({ id: m.id, number: m.number, status: m.status, itemCounts: m.itemCounts, discrepancies: m.discrepancies }))).toEqual(
        expected.rows.map((r) => ({
          id: r.id,
          number: r.number,
          status: r.status,
          itemCounts: { total: Number(r.total), pending: Number(r.pending), accepted: Number(r.accepted), rejected: Number(r.rejected), notReceived: Number(r.not_received) },
          discrepancies: Number(r.discrepancies),
        })),
      );
      // The newest one entered is first; the short one shows its receipt and its close.
      expect(rows[0].number).toBe(numbers[4]);
      const short = rows.find((m) => m.number === numbers[1])!;
      expect(short).toMatchObject({
        status: 'closed',
        supplierName: 'Humboldt Haze Farms',
        closedBy: await staffId(server, 'inventory'),
        itemCounts: { total: 3, pending: 0, accepted: 1, rejected: 1, notReceived: 1 },
        discrepancies: 1,
      });
      expect(Date.parse(short.closedAt as string)).toBeGreaterThanOrEqual(Date.parse(short.createdAt as string));
      expect(rows.every((m) => m.storeId === stores.oakland)).toBe(true);
    });

    it('filters by status; the budtender may read it and the driver may not', async () => {
      const closed = await get(budtender, `/v1/stores/${stores.oakland}/manifests?status=closed`);
      expect(closed.statusCode, closed.body).toBe(200);
      const inDb = await db().selectFrom('inventory_manifest').select('id').where('store_id', '=', stores.oakland).where('status', '=', 'closed').orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      expect(closed.json().manifests.map((m: { id: string }) => m.id)).toEqual(inDb.map((m) => m.id));
      expect(closed.json().nextAfter).toBeNull();
      const open = (await get(manager, `/v1/stores/${stores.oakland}/manifests?status=open&limit=200`)).json().manifests;
      expect(open.length).toBeGreaterThanOrEqual(4);
      expect(open.every((m: { status: string }) => m.status === 'open')).toBe(true);
      const refused = await get(driver, `/v1/stores/${stores.oakland}/manifests`);
      expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'FORBIDDEN']);
    });

    it('refuses bad and unknown query parameters with their path, and a cursor from another store', async () => {
      const base = `/v1/stores/${stores.oakland}/manifests`;
      await expectBadQuery(`${base}?limit=0`, ['querystring', 'limit']);
      await expectBadQuery(`${base}?limit=201`, ['querystring', 'limit']);
      await expectBadQuery(`${base}?limit=two`, ['querystring', 'limit']);
      await expectBadQuery(`${base}?status=received`, ['querystring', 'status']);
      await expectBadQuery(`${base}?after=17`, ['querystring', 'after']);
      await expectBadQuery(`${base}?sort=asc`, ['querystring', 'sort']);
      const denver = await db().selectFrom('inventory_manifest').select('id').where('store_id', '=', stores.denver).executeTakeFirstOrThrow();
      await expectBadQuery(`${base}?after=${denver.id}`, ['querystring', 'after']);
      await expectBadQuery(`${base}?after=${uuidv7()}`, ['querystring', 'after']);
      const unknownStore = await get(owner, `/v1/stores/${uuidv7()}/manifests`);
      expect([unknownStore.statusCode, unknownStore.json().error.code]).toEqual([404, 'NOT_FOUND']);
    });
  });

  describe('counts', () => {
    const started: Array<{ id: string; kind: string }> = [];

    beforeAll(async () => {
      const skuId = randomUUID();
      const label = newLabel();
      await receivePackages(server, inventory, stores.denver, [{ label, skuId, quantity: 6, locationCode: 'vault' }]);
      const start = async (cookie: string, body: object) => {
        const count = await server.request({ method: 'POST', url: `/v1/stores/${stores.denver}/counts`, cookie, body });
        expect(count.statusCode, count.body).toBe(201);
        started.push({ id: count.json().id, kind: count.json().kind });
        return count.json().id as string;
      };
      const step = async (cookie: string, id: string, path: string, body?: object) => {
        const answer = await server.request({ method: 'POST', url: `/v1/stores/${stores.denver}/counts/${id}/${path}`, cookie, body });
        expect(answer.statusCode, answer.body).toBe(200);
      };
      // Approved with a shortage, rejected with an overage, submitted, and two left open.
      const approved = await start(inventory, { kind: 'cycle', skuIds: [skuId], note: 'vault check' });
      await step(inventory, approved, 'lines', { lines: [{ packageLabel: label, locationCode: 'vault', countedQuantity: 5 }] });
      await step(inventory, approved, 'submit');
      await step(manager, approved, 'decision', { decision: 'approve' });
      const rejected = await start(manager, { kind: 'cycle', locationCode: 'vault' });
      await step(manager, rejected, 'lines', { lines: [{ packageLabel: label, locationCode: 'vault', countedQuantity: 9 }] }); // 5 there since the approval
      await step(manager, rejected, 'submit');
      await step(manager, rejected, 'decision', { decision: 'reject', note: 'recount' });
      const submitted = await start(inventory, { kind: 'full' });
      await step(inventory, submitted, 'submit');
      await start(inventory, { kind: 'cycle', locationCode: 'sales_floor' });
      await start(manager, { kind: 'full', note: 'year end' });
    });

    it('lists the store’s counts newest first, page by page, with kind, scope, who started each and the variance report’s numbers', async () => {
      const { rows } = await allPages<Record<string, unknown>>(`/v1/stores/${stores.denver}/counts`, 'counts', 2);
      const inDb = await db()
        .selectFrom('inventory_count as c')
        .leftJoin('inventory_location as l', 'l.id', 'c.location_id')
        .select(['c.id', 'c.kind', 'c.status', 'c.created_by', 'c.sku_ids', 'c.note', 'c.decided_by', 'l.code'])
        .where('c.store_id', '=', stores.denver)
        .orderBy('c.created_at', 'desc')
        .orderBy('c.id', 'desc')
        .execute();
      expect(rows.map((c) => [c.id, c.kind, c.status, c.createdBy, c.skuIds, c.note, c.decidedBy, c.locationCode])).toEqual(
        inDb.map((c) => [c.id, c.kind, c.status, c.created_by, c.sku_ids, c.note, c.decided_by, c.code]),
      );
      expect(rows.map((c) => c.id)).toEqual([...started].reverse().map((c) => c.id));
      // Each summary is the one the count's own report gives.
      for (const listed of rows) {
        const report = (await get(manager, `/v1/stores/${stores.denver}/counts/${listed.id}`)).json();
        expect(listed.summary, String(listed.id)).toEqual(report.summary);
      }
      const [openFull, openCycle, submitted, rejected, approved] = rows;
      expect(approved).toMatchObject({ status: 'approved', createdBy: await staffId(server, 'inventory'), decidedBy: await staffId(server, 'manager'), summary: { withVariance: 1, short: { each: 1, mg: 0 }, over: { each: 0, mg: 0 } } });
      expect(rejected).toMatchObject({ status: 'rejected', locationCode: 'vault', skuIds: null, createdBy: await staffId(server, 'manager'), summary: { withVariance: 1, over: { each: 4, mg: 0 }, short: { each: 0, mg: 0 } } });
      expect(submitted).toMatchObject({ kind: 'full', status: 'submitted', decidedAt: null });
      expect(typeof submitted.submittedAt).toBe('string');
      expect(openCycle).toMatchObject({ kind: 'cycle', status: 'open', locationCode: 'sales_floor', submittedAt: null, summary: { withVariance: 0 } });
      expect(openFull).toMatchObject({ kind: 'full', status: 'open', note: 'year end' });
    });

    it('filters by status; the inventory manager may read it and the driver may not', async () => {
      const open = await get(inventory, `/v1/stores/${stores.denver}/counts?status=open`);
      expect(open.statusCode, open.body).toBe(200);
      expect(open.json().counts.map((c: { id: string }) => c.id)).toEqual([started[4].id, started[3].id]);
      expect((await get(manager, `/v1/stores/${stores.denver}/counts?status=approved`)).json().counts.map((c: { id: string }) => c.id)).toEqual([started[0].id]);
      expect((await get(manager, `/v1/stores/${stores.oakland}/counts`)).json()).toEqual({ counts: [], nextAfter: null });
      const refused = await get(driver, `/v1/stores/${stores.denver}/counts`);
      expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'FORBIDDEN']);
    });

    it('refuses bad and unknown query parameters with their path, and a cursor from another list', async () => {
      const base = `/v1/stores/${stores.denver}/counts`;
      await expectBadQuery(`${base}?status=closed`, ['querystring', 'status']);
      await expectBadQuery(`${base}?limit=-1`, ['querystring', 'limit']);
      await expectBadQuery(`${base}?limit=1.5`, ['querystring', 'limit']);
      await expectBadQuery(`${base}?kind=full`, ['querystring', 'kind']);
      await expectBadQuery(`${base}?after=nope`, ['querystring', 'after']);
      const manifest = await db().selectFrom('inventory_manifest').select('id').where('store_id', '=', stores.denver).executeTakeFirstOrThrow();
      await expectBadQuery(`${base}?after=${manifest.id}`, ['querystring', 'after']);
    });
  });

  describe('reorder points', () => {
    let first: { skuId: string; code: string; title: string };
    let second: { skuId: string; code: string; title: string };
    /** A point stored for a SKU the catalog does not have (as the API accepted before it asked the catalog). */
    const orphan = uuidv7();

    beforeAll(async () => {
      first = await catalogSku(server, owner, `AA-${randomUUID().slice(0, 6).toUpperCase()}`);
      second = await catalogSku(server, owner, `BB-${randomUUID().slice(0, 6).toUpperCase()}`);
      await receivePackages(server, inventory, stores.oakland, [{ label: newLabel(), skuId: second.skuId, quantity: 12 }]);
      for (const [skuId, reorderAt] of [
        [first.skuId, 4],
        [second.skuId, 5],
      ] as const) {
        const set = await server.request({ method: 'PUT', url: `/v1/stores/${stores.oakland}/reorder-points/${skuId}`, cookie: inventory, body: { reorderAt, reorderQuantity: 24 } });
        expect(set.statusCode, set.body).toBe(200);
      }
      await db().insertInto('inventory_reorder_point').values({ store_id: stores.oakland, sku_id: orphan, organization_id: server.organizationId, reorder_at: 1, reorder_quantity: 2 }).execute();
    });

    it('lists the store’s points with the catalog’s names, what is available now and whether it is low', async () => {
      const listed = await get(budtender, `/v1/stores/${stores.oakland}/reorder-points`);
      expect(listed.statusCode, listed.body).toBe(200);
      const points = listed.json().reorderPoints as Array<Record<string, unknown>>;
      const inDb = await db().selectFrom('inventory_reorder_point').select(['sku_id', 'reorder_at', 'reorder_quantity']).where('store_id', '=', stores.oakland).execute();
      expect(points.map((p) => [p.skuId, p.reorderAt, p.reorderQuantity]).sort()).toEqual(inDb.map((r) => [r.sku_id, Number(r.reorder_at), Number(r.reorder_quantity)]).sort());
      const mine = points.filter((p) => [first.skuId, second.skuId, orphan].includes(p.skuId as string));
      expect(mine).toEqual([
        expect.objectContaining({ skuId: first.skuId, code: first.code, title: first.title, sizeLabel: '3.5g', reorderAt: 4, reorderQuantity: 24, available: 0, low: true }),
        expect.objectContaining({ skuId: second.skuId, code: second.code, title: second.title, reorderAt: 5, available: 12, low: false }),
        expect.objectContaining({ skuId: orphan, code: null, title: null, sizeLabel: null, reorderAt: 1, reorderQuantity: 2, available: 0, low: true }),
      ]);
      // Unknown SKUs come last, after every named one.
      expect(points[points.length - 1].skuId).toBe(orphan);
      // Low is what the low-stock list says.
      const low = (await get(manager, `/v1/stores/${stores.oakland}/low-stock`)).json().items.map((i: { skuId: string }) => i.skuId);
      expect(points.filter((p) => p.low).map((p) => p.skuId).sort()).toEqual([...low].sort());
      expect((await get(manager, `/v1/stores/${stores.denver}/reorder-points`)).json()).toEqual({ reorderPoints: [] });
      expect((await get(driver, `/v1/stores/${stores.oakland}/reorder-points`)).statusCode).toBe(403);
    });

    it('removes a point (audited) and resolves its open low-stock alert; a role without inventory:write and an unknown point are refused and change nothing', async () => {
      const url = `/v1/stores/${stores.oakland}/reorder-points/${first.skuId}`;
      const alert = () =>
        db().selectFrom('inventory_alert').select(['id', 'status']).where('dedupe_key', '=', `low_stock:${stores.oakland}:${first.skuId}`).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      expect((await alert()).status).toBe('open');
      const point = () => db().selectFrom('inventory_reorder_point').select(['reorder_at', 'reorder_quantity']).where('store_id', '=', stores.oakland).where('sku_id', '=', first.skuId).executeTakeFirst();

      const refused = await server.request({ method: 'DELETE', url, cookie: budtender });
      expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'FORBIDDEN']);
      expect(await point()).toEqual({ reorder_at: 4, reorder_quantity: 24 });

      const requestId = uuidv7();
      const removed = await server.request({ method: 'DELETE', url, cookie: inventory, headers: { 'x-request-id': requestId } });
      expect(removed.statusCode, removed.body).toBe(204);
      expect(removed.body).toBe('');
      expect(await point()).toBeUndefined();
      const audit = await db().selectFrom('audit_log').select(['action', 'entity_type', 'entity_id', 'store_id', 'before', 'actor_id']).where('request_id', '=', requestId).execute();
      expect(audit).toEqual([
        {
          action: 'inventory.reorder_point.deleted',
          entity_type: 'inventory_reorder_point',
          entity_id: `${stores.oakland}:${first.skuId}`,
          store_id: stores.oakland,
          before: { reorderAt: 4, reorderQuantity: 24 },
          actor_id: await staffId(server, 'inventory'),
        },
      ]);
      const closed = await alert();
      expect(closed.status).toBe('resolved');
      const resolvedEvent = await db().selectFrom('outbox_event').select('payload').where('type', '=', 'inventory.alert.resolved').where('aggregate_id', '=', closed.id).executeTakeFirstOrThrow();
      expect(resolvedEvent.payload).toMatchObject({ id: closed.id, skuId: first.skuId, reason: 'reorder_point_deleted' });
      expect((await get(manager, `/v1/stores/${stores.oakland}/reorder-points`)).json().reorderPoints.map((p: { skuId: string }) => p.skuId)).not.toContain(first.skuId);

      const again = await server.request({ method: 'DELETE', url, cookie: inventory });
      expect(again.statusCode).toBe(404);
      expect(again.json().error).toMatchObject({ code: 'NOT_FOUND', details: { path: ['params', 'skuId'] } });
      const bad = await server.request({ method: 'DELETE', url: `/v1/stores/${stores.oakland}/reorder-points/not-a-sku`, cookie: inventory });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.map((d: { path: unknown }) => d.path)).toContainEqual(['params', 'skuId']);

      // A point left on a SKU the catalog no longer has can still be removed.
      expect((await server.request({ method: 'DELETE', url: `/v1/stores/${stores.oakland}/reorder-points/${orphan}`, cookie: manager })).statusCode).toBe(204);
    });
  });

  describe('aging and expiry', () => {
    // At Berkeley (America/Los_Angeles), which holds only these. Received (set in the database, as
    // the API receives today only) and expiring relative to today at the store:
    //   old:   10 units, 3 held for a cart, received 100 days ago, expires in 40 days  → over 90, later
    //   split: 5 in the vault + 4 on the floor, received 45 days ago, expires in 5   → 31–60, within 7
    //   bulk:  3,500 mg, received today, no expiry date                              → 0–30, unknown
    //   held:  on hold, 2 units, received 70 days ago, expired yesterday             → 61–90, expired
    //   quar:  quarantined, 6 units in quarantine, received 20 days ago at 23:30 in
    //          California (the next day in UTC), expires in 20 days                  → 0–30, within 30
    //   last:  1 unit, received 10 days ago, expires today (its last day for sale)   → 0–30, within 7
    // and at Oakland one expiring tomorrow that Berkeley's list must not show, and two packages in
    // transit between the stores, which no list shows.
    const pkgs = { old: newLabel(), split: newLabel(), bulk: newLabel(), held: newLabel(), quar: newLabel(), last: newLabel() };
    const oaklandLabel = newLabel();
    let sku: { skuId: string; code: string; title: string };
    let today: string;
    /** An inventory manager limited to Oakland. */
    let oaklandOnly: string;
    let vaultId: string;
    const base = () => `/v1/stores/${stores.berkeley}/inventory/aging`;
    const plus = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

    beforeAll(async () => {
      sku = await catalogSku(server, owner, `AG-${randomUUID().slice(0, 6).toUpperCase()}`);
      const other = randomUUID();
      await receivePackages(server, inventory, stores.berkeley, [
        { label: pkgs.old, skuId: sku.skuId, quantity: 10 },
        { label: pkgs.split, skuId: other, quantity: 9, locationCode: 'vault' },
        { label: pkgs.held, skuId: other, quantity: 2 },
        { label: pkgs.quar, skuId: other, quantity: 6, locationCode: 'quarantine' },
        { label: pkgs.last, skuId: other, quantity: 1 },
      ]);
      await receivePackages(server, inventory, stores.berkeley, [{ label: pkgs.bulk, skuId: randomUUID(), quantity: 3500, unit: 'mg' }]);
      await receivePackages(server, inventory, stores.oakland, [{ label: oaklandLabel, skuId: other, quantity: 7 }]);
      // Stock on the road between Berkeley and Oakland, both ways, shipped and not received: in
      // transit, on no shelf, so in neither store's list.
      const onTheRoad = [newLabel(), newLabel()];
      await receivePackages(server, inventory, stores.berkeley, [{ label: onTheRoad[0], skuId: other, quantity: 4, locationCode: 'vault' }]);
      await receivePackages(server, inventory, stores.oakland, [{ label: onTheRoad[1], skuId: other, quantity: 3, locationCode: 'vault' }]);
      for (const [from, to, label, quantity] of [
        [stores.berkeley, stores.oakland, onTheRoad[0], 4],
        [stores.oakland, stores.berkeley, onTheRoad[1], 3],
      ] as const) {
        const shipped = await server.request({ method: 'POST', url: '/v1/inventory/transfers', cookie: owner, body: { fromStoreId: from, toStoreId: to, items: [{ packageLabel: label, quantity }] } });
        expect(shipped.statusCode, shipped.body).toBe(201);
      }
      const moved = await server.request({ method: 'POST', url: `/v1/stores/${stores.berkeley}/packages/${pkgs.split}/move`, cookie: inventory, body: { fromLocationCode: 'vault', toLocationCode: 'sales_floor', quantity: 4 } });
      expect(moved.statusCode, moved.body).toBe(200);
      const reserved = await server.request({ method: 'POST', url: `/v1/stores/${stores.berkeley}/reservations`, cookie: manager, body: { lines: [{ skuId: sku.skuId, quantity: 3, packageLabel: pkgs.old }], ttlSeconds: 3600, reference: `cart-${randomUUID()}` } });
      expect(reserved.statusCode, reserved.body).toBe(201);
      for (const [label, status] of [
        [pkgs.held, 'on_hold'],
        [pkgs.quar, 'quarantined'],
      ] as const) {
        const changed = await server.request({ method: 'POST', url: `/v1/inventory/packages/${label}/status`, cookie: manager, body: { status, reason: 'aging test' } });
        expect(changed.statusCode, changed.body).toBe(200);
      }
      today = (await sql<{ today: string }>`select (now() at time zone 'America/Los_Angeles')::date::text as today`.execute(db())).rows[0].today;
      const set = async (label: string, receivedDaysAgo: number, expiresIn: number | null, localTime = '12:00') =>
        sql`update inventory_package
               set received_at = ((${today}::date - ${receivedDaysAgo}::int)::timestamp + ${localTime}::time) at time zone 'America/Los_Angeles',
                   expires_on = ${expiresIn === null ? null : plus(expiresIn)}::date
             where label = ${label}`.execute(db());
      await set(pkgs.old, 100, 40);
      await set(pkgs.split, 45, 5);
      await set(pkgs.bulk, 0, null, '00:05');
      await set(pkgs.held, 70, -1);
      await set(pkgs.quar, 20, 20, '23:30');
      await set(pkgs.last, 10, 0);
      await sql`update inventory_package set expires_on = ${today}::date + 1 where label = ${oaklandLabel}`.execute(db());
      vaultId = (await db().selectFrom('inventory_location').select('id').where('store_id', '=', stores.berkeley).where('code', '=', 'vault').executeTakeFirstOrThrow()).id;

      const email = `aging-${uuidv7()}@demo.verdant.test`;
      const hired = await server.request({ method: 'POST', url: '/v1/staff', cookie: owner, body: { email, name: 'Oakland Inventory', role: 'inventory_manager', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [stores.oakland] } });
      expect(hired.statusCode, hired.body).toBe(201);
      const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
      expect(login.statusCode, login.body).toBe(200);
      oaklandOnly = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
    });

    it('lists what is on hand at the store, soonest expiry first then oldest, with days on the store’s calendar and the buckets', async () => {
      const answer = await get(inventory, base());
      expect(answer.statusCode, answer.body).toBe(200);
      const body = answer.json();
      expect(body).toMatchObject({ storeId: stores.berkeley, timezone: 'America/Los_Angeles', today, filter: { expiringWithinDays: null, locationId: null, status: null } });
      const shown = body.packages.map((p: Record<string, unknown>) => [p.label, p.status, p.onHand, p.reserved, p.available, p.receivedOn, p.daysOnHand, p.expiresOn, p.daysToExpiry, p.ageBucket, p.expiryBucket]);
      expect(shown).toEqual([
        [pkgs.held, 'on_hold', 2, 0, 2, plus(-70), 70, plus(-1), -1, 'days_61_90', 'expired'],
        [pkgs.last, 'active', 1, 0, 1, plus(-10), 10, today, 0, 'days_0_30', 'within_7_days'],
        [pkgs.split, 'active', 9, 0, 9, plus(-45), 45, plus(5), 5, 'days_31_60', 'within_7_days'],
        // Received at 23:30 in California, 20 days ago there (19 in UTC).
        [pkgs.quar, 'quarantined', 6, 0, 6, plus(-20), 20, plus(20), 20, 'days_0_30', 'within_30_days'],
        [pkgs.old, 'active', 10, 3, 7, plus(-100), 100, plus(40), 40, 'days_over_90', 'later'],
        [pkgs.bulk, 'active', 3500, 0, 3500, today, 0, null, null, 'days_0_30', 'unknown'],
      ]);
      const byLabel = new Map(body.packages.map((p: { label: string }) => [p.label, p]));
      expect(byLabel.get(pkgs.split)).toMatchObject({ unit: 'each', locations: [{ code: 'sales_floor', onHand: 4, reserved: 0 }, { code: 'vault', onHand: 5, reserved: 0 }] });
      expect(byLabel.get(pkgs.quar)).toMatchObject({ locations: [{ code: 'quarantine', onHand: 6 }] });
      expect(byLabel.get(pkgs.old)).toMatchObject({ skuId: sku.skuId, skuCode: sku.code, skuName: `${sku.title} 3.5g`, locations: [{ code: 'sales_floor', onHand: 10, reserved: 3 }] });
      expect(byLabel.get(pkgs.bulk)).toMatchObject({ unit: 'mg', skuCode: null, skuName: null });
      expect(byLabel.has(oaklandLabel)).toBe(false);
      // Units and milligrams apart, over the packages listed.
      const t = (packages: number, each: number, mg: number, available = each) => ({ packages, onHand: { each, mg }, available: { each: available, mg } });
      expect(body.ageBuckets).toEqual([
        { bucket: 'days_0_30', ...t(3, 7, 3500) },
        { bucket: 'days_31_60', ...t(1, 9, 0) },
        { bucket: 'days_61_90', ...t(1, 2, 0) },
        { bucket: 'days_over_90', ...t(1, 10, 0, 7) },
      ]);
      expect(body.expiryBuckets).toEqual([
        { bucket: 'expired', ...t(1, 2, 0) },
        { bucket: 'within_7_days', ...t(2, 10, 0) },
        { bucket: 'within_30_days', ...t(1, 6, 0) },
        { bucket: 'later', ...t(1, 10, 0, 7) },
        { bucket: 'unknown', ...t(1, 0, 3500) },
      ]);
      expect(body.totals).toEqual({ packages: 6, onHand: { each: 28, mg: 3500 }, reserved: { each: 3, mg: 0 }, available: { each: 25, mg: 3500 } });
      // What the database holds at Berkeley, outside transit, is what is listed.
      const inDb = await sql<{ label: string; on_hand: string }>`
        select p.label, sum(s.on_hand)::bigint as on_hand from inventory_stock s join inventory_package p on p.id = s.package_id join inventory_location l on l.id = s.location_id
         where s.store_id = ${stores.berkeley} and l.kind <> 'in_transit' group by p.label having sum(s.on_hand) > 0`.execute(db());
      expect(body.packages.map((p: { label: string; onHand: number }) => [p.label, p.onHand]).sort()).toEqual(inDb.rows.map((r) => [r.label, Number(r.on_hand)]).sort());
    });

    it('filters to what expires within N days (the expired included), a location or a status, totals following', async () => {
      const labels = async (q: string) => {
        const answer = await get(manager, `${base()}${q}`);
        expect(answer.statusCode, answer.body).toBe(200);
        return answer.json();
      };
      expect((await labels('?expiringWithinDays=5')).packages.map((p: { label: string }) => p.label)).toEqual([pkgs.held, pkgs.last, pkgs.split]);
      const none = await labels('?expiringWithinDays=0');
      expect(none.packages.map((p: { label: string }) => p.label)).toEqual([pkgs.held, pkgs.last]);
      expect(none.filter.expiringWithinDays).toBe(0);
      expect(none.totals).toMatchObject({ packages: 2, onHand: { each: 3, mg: 0 } });
      expect(none.expiryBuckets.map((b: { packages: number }) => b.packages)).toEqual([1, 1, 0, 0, 0]);
      expect((await labels('?expiringWithinDays=3650')).packages.map((p: { label: string }) => p.label)).toEqual([pkgs.held, pkgs.last, pkgs.split, pkgs.quar, pkgs.old]);
      const vault = await labels(`?locationId=${vaultId}`);
      expect(vault.packages.map((p: { label: string; onHand: number }) => [p.label, p.onHand])).toEqual([[pkgs.split, 5]]);
      expect((await labels('?status=quarantined')).packages.map((p: { label: string }) => p.label)).toEqual([pkgs.quar]);
    });

    it('refuses bad input with its path, another store’s staff, roles without inventory:read and stores of nobody', async () => {
      for (const bad of ['-1', '3651', '1.5', 'abc', '', '1e3']) await expectBadQuery(`${base()}?expiringWithinDays=${bad}`, ['querystring', 'expiringWithinDays']);
      await expectBadQuery(`${base()}?expiringWithinDays=1&expiringWithinDays=2`, ['querystring', 'expiringWithinDays']);
      await expectBadQuery(`${base()}?locationId=vault`, ['querystring', 'locationId']);
      const oaklandVault = await db().selectFrom('inventory_location').select('id').where('store_id', '=', stores.oakland).where('code', '=', 'vault').executeTakeFirstOrThrow();
      await expectBadQuery(`${base()}?locationId=${oaklandVault.id}`, ['querystring', 'locationId']);
      await expectBadQuery(`${base()}?status=gone`, ['querystring', 'status']);
      await expectBadQuery(`${base()}?days=3`, ['querystring', 'days']);
      await expectBadQuery(`${base()}.csv?expiringWithinDays=x`, ['querystring', 'expiringWithinDays']);
      for (const url of [base(), `${base()}.csv`]) {
        const refused = await get(oaklandOnly, url);
        expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'STORE_NOT_ALLOWED']);
        const driverRefused = await get(driver, url);
        expect([driverRefused.statusCode, driverRefused.json().error.code]).toEqual([403, 'FORBIDDEN']);
        const nobody = await get(manager, url.replace(stores.berkeley, uuidv7()));
        expect([nobody.statusCode, nobody.json().error.code]).toEqual([404, 'NOT_FOUND']);
      }
      // The Oakland-limited one reads Oakland's, which has its own package and not Berkeley's.
      const own = await get(oaklandOnly, `/v1/stores/${stores.oakland}/inventory/aging`);
      expect(own.statusCode, own.body).toBe(200);
      const ownLabels = own.json().packages.map((p: { label: string }) => p.label);
      expect(ownLabels).toContain(oaklandLabel);
      expect(ownLabels).not.toContain(pkgs.old);
    });

    it('gives the same rows as CSV, a header first, quantities as integers in each package’s unit', async () => {
      const json = (await get(manager, `${base()}?expiringWithinDays=30`)).json();
      const csv = await get(manager, `${base()}.csv?expiringWithinDays=30`);
      expect(csv.statusCode, csv.body).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toBe(`attachment; filename="inventory-aging-${today}.csv"`);
      const lines = csv.body.trimEnd().split('\n');
      expect(lines[0]).toBe('package_label,sku_id,sku_code,sku_name,status,unit,on_hand,reserved,available,locations,received_on,days_on_hand,expires_on,days_to_expiry,age_bucket,expiry_bucket');
      expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(json.packages.map((p: { label: string }) => p.label));
      const split = lines.find((l) => l.startsWith(pkgs.split))!.split(',');
      expect(split.slice(4)).toEqual(['active', 'each', '9', '0', '9', 'sales_floor:4 vault:5', plus(-45), '45', plus(5), '5', 'days_31_60', 'within_7_days']);
      expect(lines.some((l) => l.startsWith(pkgs.old))).toBe(false); // expires in 40 days
      const all = (await get(manager, `${base()}.csv`)).body.trimEnd().split('\n');
      const old = all.find((l) => l.startsWith(pkgs.old))!.split(',');
      expect(old.slice(1, 9)).toEqual([sku.skuId, sku.code, `${sku.title} 3.5g`, 'active', 'each', '10', '3', '7']);
      const bulk = all.find((l) => l.startsWith(pkgs.bulk))!.split(',');
      expect([bulk[2], bulk[3], bulk[5], bulk[6], bulk[12], bulk[13], bulk[15]]).toEqual(['', '', 'mg', '3500', '', '', 'unknown']);
    });
  });
});
