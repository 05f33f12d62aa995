// PostgreSQL only, from a review of the inventory module: a manifest entered twice at once (a
// double click without an Idempotency-Key) is one manifest and a 409 for the others, never a 500
// from the unique key; and two counts of the same shelf approved at once book the shortfall once
// (each approval locks the count's stock rows before it looks for another approved since).
import type { LightMyRequestResponse } from 'fastify';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStores, expectLedgerBalanced, newLabel, receivePackages, stockOf } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('inventory review races (PostgreSQL)', () => {
  let server: TestServer;
  let owner: string;
  let stores: { oakland: string; denver: string; berkeley: string };
  const db = () => server.platform.database.db;
  const outcome = (r: LightMyRequestResponse) => (r.statusCode < 300 ? String(r.statusCode) : `${r.statusCode} ${r.json().error?.code}`);
  const call = (method: string, url: string, body?: unknown) => server.request({ method, url, cookie: owner, body });

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    stores = await demoStores(server);
  });
  afterAll(() => server?.close());

  it('one manifest number entered 6 times at once: one manifest, five 409 MANIFEST_EXISTS', async () => {
    const number = `M-${randomUUID().slice(0, 8)}`;
    const enter = () =>
      call('POST', `/v1/stores/${stores.oakland}/manifests`, {
        number,
        items: [{ packageLabel: newLabel(), skuId: randomUUID(), unit: 'each', expectedQuantity: 5, batch: { code: `B-${randomUUID().slice(0, 6)}`, producerLicense: 'CCL20-0000123' } }],
      });
    const outcomes = (await Promise.all(Array.from({ length: 6 }, enter))).map(outcome).sort();
    expect(outcomes).toEqual(['201', '409 MANIFEST_EXISTS', '409 MANIFEST_EXISTS', '409 MANIFEST_EXISTS', '409 MANIFEST_EXISTS', '409 MANIFEST_EXISTS']);
    expect(await db().selectFrom('inventory_manifest').select('id').where('number', '=', number).execute()).toHaveLength(1);
  });

  it('two counts of one shelf approved at once: the shortfall is booked once', async () => {
    for (let round = 0; round < 4; round++) {
      const skuId = randomUUID();
      const label = newLabel();
      await receivePackages(server, owner, stores.oakland, [{ label, skuId, quantity: 10, locationCode: 'sales_floor' }]);
      const counts: string[] = [];
      for (let i = 0; i < 2; i++) {
        const id = (await call('POST', `/v1/stores/${stores.oakland}/counts`, { kind: 'cycle', locationCode: 'sales_floor', skuIds: [skuId] })).json().id;
        expect((await call('POST', `/v1/stores/${stores.oakland}/counts/${id}/lines`, { lines: [{ packageLabel: label, locationCode: 'sales_floor', countedQuantity: 8 }] })).statusCode).toBe(200);
        expect((await call('POST', `/v1/stores/${stores.oakland}/counts/${id}/submit`)).statusCode).toBe(200);
        counts.push(id);
      }
      const results = await Promise.all(counts.map((id) => call('POST', `/v1/stores/${stores.oakland}/counts/${id}/decision`, { decision: 'approve' })));
      expect(results.map(outcome).sort()).toEqual(['200', '409 COUNT_SUPERSEDED']);
      expect((await stockOf(db(), label)).map((r) => Number(r.on_hand))).toEqual([8]);
    }
    await expectLedgerBalanced(db());
  });
});
