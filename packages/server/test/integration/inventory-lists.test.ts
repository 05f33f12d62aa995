// The store's lists the back office reads: manifests and counts (newest first, a page at a time,
// with their status, item counts and variance summaries) and reorder points (with the catalog's
// names, what is available and whether it is low; removing one is audited and closes its open
// low-stock alert). Each list is compared with the database; bad or unknown query parameters are
// 400 with their path, and the permissions are those of the store's other inventory reads/writes.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogSku, demoStores, newLabel, receivePackages, staffId } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('inventory: the store’s lists of manifests, counts and reorder points', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  let inventory: string;
  let budtender: string;
  let driver: string;
  let stores: { oakland: string; denver: string };
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
});
