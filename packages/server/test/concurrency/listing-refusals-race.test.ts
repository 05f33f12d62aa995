// PostgreSQL only: the menus' pass against the packs (modules/compliance/listing-refusals.ts) races
// itself and the catalog. Periodic passes of several processes, event-driven passes and catalog
// edits all write storefront_pack_refusal for one store at once. What must hold: no pass fails (no
// duplicate row, no deadlock with the storefront's commit-time refresh), and once the edits' events
// are handled, the menu is exactly what the SKUs' current attributes call for, with no extra pass.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTING_SUBSCRIBER, refreshListingRefusals } from '../../src/modules/compliance';
import { menuEventsPending } from '../support/db-probes';
import { startTestServer, type TestServer } from '../support/test-server';
import { createPricedProduct, createStore } from '../integration/customers.fixtures';

const SKUS = 12;
const PASSES = 8;

describe('menu passes racing each other and catalog edits (PostgreSQL)', () => {
  let server: TestServer;
  let owner: string;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
  });
  afterAll(() => server?.close());

  it('concurrent passes and attribute flips end with exactly the perishable edibles off the menu', async () => {
    const store = await createStore(server, owner, 'US-NJ', 'America/New_York', 'Menu Race Trenton');
    const skuIds: string[] = [];
    for (let i = 0; i < SKUS; i++) {
      const created = await createPricedProduct(server, owner, store.id, `Menu Race Edible ${i}`, 'edible', {
        code: `MENU-RACE-${i}`,
        thcMg: 10,
        thcMgPerServing: 10,
        attributes: i % 2 === 0 ? ['perishable'] : [],
      });
      skuIds.push(created.skus[0].id);
    }

    // Every SKU's attribute flips while passes over the whole store run, twice over.
    const flips = skuIds.map((id, i) =>
      server.request({ method: 'PATCH', url: `/v1/catalog/skus/${id}`, cookie: owner, body: { attributes: i % 2 === 0 ? [] : ['perishable'] } }),
    );
    const passes = Array.from({ length: PASSES }, () => refreshListingRefusals(db(), { storeIds: [store.id] }));
    const outcomes = await Promise.allSettled([...flips, ...passes]);
    for (const outcome of outcomes) expect(outcome.status, outcome.status === 'rejected' ? String(outcome.reason) : '').toBe('fulfilled');
    for (const outcome of outcomes.slice(0, SKUS)) expect((outcome as PromiseFulfilledResult<{ statusCode: number }>).value.statusCode).toBe(200);

    // Wait for the edits' events to be published and handled; then check without another pass.
    expect(await menuEventsPending(db(), 200)).toBe(false);
    expect(await db().selectFrom('outbox_delivery').select('id').where('subscriber', '=', LISTING_SUBSCRIBER).where('status', '=', 'dead').execute()).toEqual([]);

    const perishable = new Set(skuIds.filter((_, i) => i % 2 === 1));
    const refused = new Set(
      (await db().selectFrom('storefront_pack_refusal').select('sku_id').where('store_id', '=', store.id).execute()).map((r) => r.sku_id),
    );
    const listed = new Set(
      (await sql<{ sku_id: string }>`select sku_id from storefront_item where store_id = ${store.id}`.execute(db())).rows.map((r) => r.sku_id),
    );
    expect([...refused].sort()).toEqual([...perishable].sort());
    expect([...listed].sort()).toEqual(skuIds.filter((id) => !perishable.has(id)).sort());
  });
});
