// PostgreSQL only: state-reporting writes fired at once, from a review. Item mappings saved by
// several requests at once that name the same state items in different orders; pulls of the same
// incoming transfer at once.
import { DEMO_LICENSES } from '@verdant/metrc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANIZATION_ID } from '../../src/seed/demo-seed';
import { connectCaStore, startTraceHarness, type TraceHarness } from '../integration/traceability-harness';

describe('traceability writes at once (PostgreSQL)', () => {
  let h: TraceHarness;
  let owner: string;

  beforeAll(async () => {
    h = await startTraceHarness();
    owner = await h.login('owner');
    await connectCaStore(h);
  }, 30_000);
  afterAll(() => h?.close());

  it('item mappings saved at once naming the same items in opposite orders all succeed (no deadlock, no 500)', async () => {
    const skus = await h.platform.database.db.selectFrom('sku').select('id').where('organization_id', '=', DEMO_ORGANIZATION_ID).orderBy('id').limit(2).execute();
    const names = Array.from({ length: 6 }, (_, i) => `Review Item ${i}`);
    const mappings = names.map((stateItemName, i) => ({ stateItemName, skuId: skus[i % 2].id, unit: 'each' as const }));
    const put = (list: typeof mappings) => h.request({ method: 'PUT', url: '/v1/traceability/item-mappings', cookie: owner, body: { mappings: list } });
    expect((await put(mappings)).statusCode).toBe(200);
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => put(i % 2 === 0 ? mappings : [...mappings].reverse())));
      expect(answers.map((a) => (a.statusCode === 200 ? 200 : `${a.statusCode} ${a.body}`))).toEqual(answers.map(() => 200));
    }
    const saved = await h.platform.database.db.selectFrom('trace_item_mapping').select('state_item_name').where('organization_id', '=', DEMO_ORGANIZATION_ID).where('state_item_name', 'in', names).execute();
    expect(saved).toHaveLength(names.length);
  });

  it('pulls of the same transfer at once import it once, and none of them calls it failed', async () => {
    const db = h.platform.database.db;
    const sku = await db.selectFrom('sku').select('id').where('organization_id', '=', DEMO_ORGANIZATION_ID).orderBy('id').executeTakeFirstOrThrow();
    expect((await h.request({ method: 'PUT', url: '/v1/traceability/item-mappings', cookie: owner, body: { mappings: [{ stateItemName: 'Live Resin 1g', skuId: sku.id, unit: 'each' }] } })).statusCode).toBe(200);
    const shipped = [1, 2, 3].map(() => h.sim.control.shipTransfer({ toLicense: DEMO_LICENSES.caRetail, fromLicense: DEMO_LICENSES.caDistributor, packages: [{ itemName: 'Live Resin 1g', quantity: 6, unitOfMeasure: 'Each' }] }));
    const numbers = shipped.map((t) => t.manifestNumber);
    const answers = await Promise.all(Array.from({ length: 4 }, () => h.request({ method: 'POST', url: `/v1/stores/${h.caStoreId}/traceability/pull`, cookie: owner })));
    for (const answer of answers) {
      expect(answer.statusCode, answer.body).toBe(200);
      const mine = (answer.json().transfers as Array<{ manifestNumber: string; status: string }>).filter((t) => numbers.includes(t.manifestNumber));
      expect(mine.map((t) => t.status).filter((status) => status !== 'imported' && status !== 'already_imported'), answer.body).toEqual([]);
    }
    const recorded = await db.selectFrom('trace_transfer_import').select('status').where('manifest_number', 'in', numbers).execute();
    expect(recorded.map((r) => r.status)).toEqual(numbers.map(() => 'imported'));
    expect(await db.selectFrom('inventory_manifest').select('id').where('number', 'in', numbers).execute()).toHaveLength(numbers.length);
  });
});
