// A store's online menu leaves off what its pack lets nobody buy (migration 0071,
// modules/compliance/listing-refusals.ts): New Jersey's perishable edibles (regulations.md §9, S43),
// Ontario's edible package cap (unsure, so a store may override it, S47), Ohio's SB 56 flower cap
// from its effective date (S46). Changes reach the menu from their published events; the periodic
// pass (called here with a chosen date) catches rules taking effect.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSkusForCheckout } from '../../src/modules/catalog';
import { refreshListingRefusals } from '../../src/modules/compliance';
import { refreshStartedPrices } from '../../src/modules/search';
import { menuEventsPending } from '../support/db-probes';
import { startTestServer, type TestServer } from '../support/test-server';
import { createPricedProduct, createStore } from './customers.fixtures';

describe('online menus leave off what the store’s pack lets nobody buy', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  const db = () => server.platform.database.db;

  /** A product with one SKU priced at `storeId`; answers the SKU id and the product's slug. */
  async function product(storeId: string, title: string, category: string, sku: Record<string, unknown>) {
    const created = await createPricedProduct(server, owner, storeId, title, category, sku);
    return { skuId: created.skus[0].id, slug: created.slug };
  }

  const listed = async (storeId: string, skuId: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from storefront_item where store_id = ${storeId} and sku_id = ${skuId}`.execute(db())).rows[0].n === 1;
  const refusal = (storeId: string, skuId: string) =>
    db().selectFrom('storefront_pack_refusal').select(['rules', 'decided_on']).where('store_id', '=', storeId).where('sku_id', '=', skuId).executeTakeFirst();
  const page = async (storeId: string, slug: string) => (await server.request({ method: 'GET', url: `/v1/public/stores/${storeId}/products/${slug}` })).statusCode;

  /** Waits (up to 15 s) until the SKU's listing at the store is `expected`: the event is handled after the commit. */
  async function eventually(storeId: string, skuId: string, expected: boolean) {
    for (let i = 0; i < 150 && (await listed(storeId, skuId)) !== expected; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await listed(storeId, skuId)).toBe(expected);
  }

  /** Waits (up to 15 s) until every event is published and the menus' subscriber has handled all of its deliveries. */
  async function quiet() {
    expect(await menuEventsPending(db(), 150)).toBe(false);
  }

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    manager = await server.login('manager');
  });
  afterAll(() => server?.close());

  it('New Jersey: a perishable edible leaves the menu, comes back when the attribute is cleared, and leaves again', async () => {
    const nj = await createStore(server, owner, 'US-NJ', 'America/New_York', 'Menu Test Newark');
    const cookie = await product(nj.id, 'Menu Test Cookie', 'edible', { code: 'MENU-COOKIE', thcMg: 10, thcMgPerServing: 10, attributes: ['perishable'] });
    const gummy = await product(nj.id, 'Menu Test Gummy', 'edible', { code: 'MENU-GUMMY', thcMg: 10, thcMgPerServing: 10 });

    await eventually(nj.id, gummy.skuId, true);
    await eventually(nj.id, cookie.skuId, false);
    expect(await refusal(nj.id, cookie.skuId)).toMatchObject({ rules: ['us-nj.product.perishable-edible'] });
    expect(await page(nj.id, cookie.slug)).toBe(404);
    expect(await page(nj.id, gummy.slug)).toBe(200);
    const search = (await server.request({ method: 'GET', url: `/v1/public/stores/${nj.id}/products?q=menu%20test` })).json();
    expect(search.products.map((p: { slug: string }) => p.slug)).toEqual([gummy.slug]);

    const cleared = await server.request({ method: 'PATCH', url: `/v1/catalog/skus/${cookie.skuId}`, cookie: owner, body: { attributes: [] } });
    expect(cleared.statusCode, cleared.body).toBe(200);
    await eventually(nj.id, cookie.skuId, true);
    expect(await refusal(nj.id, cookie.skuId)).toBeUndefined();
    expect(await page(nj.id, cookie.slug)).toBe(200);

    const again = await server.request({ method: 'PATCH', url: `/v1/catalog/skus/${cookie.skuId}`, cookie: owner, body: { attributes: ['perishable'] } });
    expect(again.statusCode, again.body).toBe(200);
    await eventually(nj.id, cookie.skuId, false);

    // No longer priced at the store: its verdict goes with the price's event.
    const unpriced = await server.request({ method: 'DELETE', url: `/v1/catalog/skus/${cookie.skuId}/prices/${nj.id}`, cookie: owner });
    expect(unpriced.statusCode, unpriced.body).toBe(204);
    for (let i = 0; i < 150 && (await refusal(nj.id, cookie.skuId)); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await refusal(nj.id, cookie.skuId)).toBeUndefined();
  });

  it('Ontario: a store’s override of the unsure edible cap lists a 20 mg edible; removing it delists it again', async () => {
    const on = await createStore(server, owner, 'CA-ON', 'America/Toronto', 'Menu Test Toronto');
    const chocolate = await product(on.id, 'Menu Test Chocolate', 'edible', { code: 'MENU-CHOC-20', thcMg: 20, thcMgPerServing: 5 });
    await eventually(on.id, chocolate.skuId, false);
    expect(await refusal(on.id, chocolate.skuId)).toMatchObject({ rules: ['ca-on.product.edible-package'] });

    const url = `/v1/stores/${on.id}/rule-overrides/ca-on.product.edible-package`;
    const put = await server.request({ method: 'PUT', url, cookie: manager, body: { value: { maxThcMgPerUnit: 30 }, reason: 'Counsel reads the federal cap as per serving' } });
    expect(put.statusCode, put.body).toBe(200);
    await eventually(on.id, chocolate.skuId, true);

    const removed = await server.request({ method: 'DELETE', url, cookie: manager, body: { reason: 'Back to the pack value' } });
    expect(removed.statusCode, removed.body).toBe(204);
    await eventually(on.id, chocolate.skuId, false);
  });

  it('Ohio: the SB 56 flower cap delists 40 % flower from its effective date, not before', async () => {
    const oh = await createStore(server, owner, 'US-OH', 'America/New_York', 'Menu Test Columbus');
    const flower = await product(oh.id, 'Menu Test Strong Flower', 'flower', { code: 'MENU-FL-40', netWeightMg: 3500, thcMg: 1400, thcPercent: 40 });
    const mild = await product(oh.id, 'Menu Test Mild Flower', 'flower', { code: 'MENU-FL-20', netWeightMg: 3500, thcMg: 700, thcPercent: 20 });
    // 30 % THC + 8 % THCA: 30 + 0.877 × 8 = 37.016 % adjusted, over the cap as the sale would be.
    const withThca = await product(oh.id, 'Menu Test THCA Flower', 'flower', { code: 'MENU-FL-30A', netWeightMg: 3500, thcMg: 1050, thcPercent: 30, thcaPercent: 8 });
    await eventually(oh.id, flower.skuId, false);
    await eventually(oh.id, withThca.skuId, false);
    await quiet(); // no event-driven pass (on today's date) runs between the two below

    // The pass for a day before 2026-03-19 (store-local) lists it; the pass for a day after delists it.
    expect(await refreshListingRefusals(db(), { storeIds: [oh.id] }, new Date('2026-03-18T12:00:00-04:00'))).toEqual({ stores: 1, delisted: 0, relisted: 2, markedPatientsOnly: 0, unmarkedPatientsOnly: 0 });
    expect(await listed(oh.id, flower.skuId)).toBe(true);
    expect(await refreshListingRefusals(db(), { storeIds: [oh.id] }, new Date('2026-03-19T12:00:00-04:00'))).toEqual({ stores: 1, delisted: 2, relisted: 0, markedPatientsOnly: 0, unmarkedPatientsOnly: 0 });
    expect(await listed(oh.id, flower.skuId)).toBe(false);
    expect(await refusal(oh.id, flower.skuId)).toMatchObject({ rules: ['us-oh.product.sb56-flower-potency'] });
    expect(await listed(oh.id, withThca.skuId)).toBe(false);
    expect(await listed(oh.id, mild.skuId)).toBe(true);
    // Nothing changed since: a second pass writes nothing.
    expect(await refreshListingRefusals(db(), { storeIds: [oh.id] }, new Date('2026-03-19T12:00:00-04:00'))).toEqual({ stores: 1, delisted: 0, relisted: 0, markedPatientsOnly: 0, unmarkedPatientsOnly: 0 });
  });

  it('California: a tincture between the adult-use and the medicinal package caps stays listed, marked for patients only, until it is not', async () => {
    const sac = await createStore(server, owner, 'US-CA', 'America/Los_Angeles', 'Menu Test Sacramento');
    const strong = await product(sac.id, 'Menu Test Strong Tincture', 'tincture', { code: 'MENU-TINC-1500', thcMg: 1500 });
    const mild = await product(sac.id, 'Menu Test Mild Tincture', 'tincture', { code: 'MENU-TINC-900', thcMg: 900 });
    const marked = await product(sac.id, 'Menu Test Patient Balm', 'topical', { code: 'MENU-BALM-MED', thcMg: 100, medicalOnly: true });
    // Not allowed for adult use is for patients only too, as checkout sells it.
    const notAdultUse = await product(sac.id, 'Menu Test Patient Salve', 'topical', { code: 'MENU-SALVE-NAU', thcMg: 100, adultUseAllowed: false });
    const patientsOnly = async (slug: string) => {
      const answer = await server.request({ method: 'GET', url: `/v1/public/stores/${sac.id}/products/${slug}` });
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json().skus[0].patientsOnly as boolean;
    };
    for (let i = 0; i < 150 && !(await patientsOnly(strong.slug)); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await patientsOnly(strong.slug)).toBe(true);
    expect(await patientsOnly(mild.slug)).toBe(false);
    expect(await patientsOnly(marked.slug)).toBe(true);
    expect(await patientsOnly(notAdultUse.slug)).toBe(true);
    const salve = (await server.request({ method: 'GET', url: `/v1/public/stores/${sac.id}/products/${notAdultUse.slug}` })).json().skus[0];
    expect(salve).toMatchObject({ medicalOnly: true, patientsOnly: true });
    const salveFound = (await server.request({ method: 'GET', url: `/v1/public/stores/${sac.id}/products?q=menu%20test%20salve` })).json().products;
    expect(salveFound.map((p: { skus: { medicalOnly: boolean; patientsOnly: boolean }[] }) => p.skus[0])).toEqual([expect.objectContaining({ medicalOnly: true, patientsOnly: true })]);
    expect(await listed(sac.id, strong.skuId)).toBe(true);
    expect(await db().selectFrom('storefront_patients_only').select('rules').where('store_id', '=', sac.id).where('sku_id', '=', strong.skuId).executeTakeFirst()).toEqual({
      rules: ['us-ca.product.non-edible-package-au'],
    });
    // Search answers the same flag.
    const search = (await server.request({ method: 'GET', url: `/v1/public/stores/${sac.id}/products?q=menu%20test%20tincture` })).json();
    const flags = Object.fromEntries(search.products.map((p: { slug: string; skus: { patientsOnly: boolean }[] }) => [p.slug, p.skus[0].patientsOnly]));
    expect(flags).toEqual({ [strong.slug]: true, [mild.slug]: false });

    // Reformulated under the adult-use cap: the mark goes.
    const changed = await server.request({ method: 'PATCH', url: `/v1/catalog/skus/${strong.skuId}`, cookie: owner, body: { thcMg: 1000 } });
    expect(changed.statusCode, changed.body).toBe(200);
    for (let i = 0; i < 150 && (await patientsOnly(strong.slug)); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await patientsOnly(strong.slug)).toBe(false);
  });

  it('a SKU a price set ahead brings onto a menu is judged by the store’s pack in the price-start pass, not at the next listing pass', async () => {
    const oakland = await createStore(server, owner, 'US-CA', 'America/Los_Angeles', 'Menu Test Berkeley');
    const denver = await createStore(server, owner, 'US-CO', 'America/Denver', 'Menu Test Boulder');
    /** A product with one SKU and no price anywhere. */
    const unpriced = async (title: string, sku: Record<string, unknown>) => {
      const created = await server.request({ method: 'POST', url: '/v1/catalog/products', cookie: owner, body: { title, category: 'edible', skus: [{ ...sku, prices: [] }] } });
      expect(created.statusCode, created.body).toBe(201);
      return { skuId: created.json().skus[0].id as string, slug: created.json().slug as string };
    };
    // 500 mg a package: over California's edible cap for every customer, over Colorado's for adult use only.
    const strong = await unpriced('Menu Test Ahead Strong Gummies', { code: 'MENU-AHEAD-500', thcMg: 500, thcMgPerServing: 10 });
    const mild = await unpriced('Menu Test Ahead Mild Gummies', { code: 'MENU-AHEAD-100', thcMg: 100, thcMgPerServing: 10 });
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const put = (url: string, body: object) => server.request({ method: 'PUT', url, cookie: owner, body });
    const organizationWide = await put(`/v1/catalog/skus/${strong.skuId}/organization-price`, { priceCents: 3000, currency: 'USD', effectiveFrom: inAnHour });
    expect(organizationWide.statusCode, organizationWide.body).toBe(200);
    const atStore = await put(`/v1/catalog/skus/${mild.skuId}/prices/${oakland.id}`, { priceCents: 1200, effectiveFrom: inAnHour });
    expect(atStore.statusCode, atStore.body).toBe(200);
    // Every event handled (the products' own judged them unpriced: nothing to judge), then time
    // passes: the starts move to now, which no write the API makes announces.
    await quiet();
    await sql`update sku_price_schedule set effective_from = now() where sku_id = any(${[strong.skuId, mild.skuId]}::uuid[])`.execute(db());
    const charged = async (storeId: string, skuId: string) => (await getSkusForCheckout(db(), server.organizationId, storeId, [skuId]))[0].price?.priceCents ?? null;
    expect(await charged(oakland.id, mild.skuId)).toBe(1200);
    expect(await charged(oakland.id, strong.skuId)).toBe(3000);
    expect(await listed(oakland.id, mild.skuId)).toBe(false);

    const pass = await refreshStartedPrices(db());
    expect(pass.listingFailed).toBeNull();
    // The mild gummies are on the Berkeley menu at the price checkout charges, for everyone.
    expect(await listed(oakland.id, mild.skuId)).toBe(true);
    const mildPage = await server.request({ method: 'GET', url: `/v1/public/stores/${oakland.id}/products/${mild.slug}` });
    expect(mildPage.statusCode, mildPage.body).toBe(200);
    expect(mildPage.json().skus[0]).toMatchObject({ code: 'MENU-AHEAD-100', priceCents: 1200, patientsOnly: false });
    // The strong ones are priced at both stores from their start: California's pack refuses them to
    // everyone, so Berkeley's menu leaves them off at once; Colorado's sells them to patients.
    expect(await listed(oakland.id, strong.skuId)).toBe(false);
    expect(await refusal(oakland.id, strong.skuId)).toMatchObject({ rules: ['us-ca.product.edible-package'] });
    expect(await page(oakland.id, strong.slug)).toBe(404);
    expect(await listed(denver.id, strong.skuId)).toBe(true);
    const strongPage = await server.request({ method: 'GET', url: `/v1/public/stores/${denver.id}/products/${strong.slug}` });
    expect(strongPage.json().skus[0]).toMatchObject({ code: 'MENU-AHEAD-500', priceCents: 3000, patientsOnly: true });
    expect(pass.delisted).toBeGreaterThanOrEqual(1);
    expect(pass.markedPatientsOnly).toBeGreaterThanOrEqual(1);
    // The listing pass, when it comes, finds nothing left to change for them.
    const later = await refreshListingRefusals(db(), { storeIds: [oakland.id, denver.id] });
    expect(later).toMatchObject({ delisted: 0, relisted: 0, markedPatientsOnly: 0, unmarkedPatientsOnly: 0 });
  });

  it('a store whose stored override its pack no longer accepts is named, and the other stores are still brought up to date', async () => {
    const dayton = await createStore(server, owner, 'US-OH', 'America/New_York', 'Menu Test Dayton');
    const camden = await createStore(server, owner, 'US-NJ', 'America/New_York', 'Menu Test Camden');
    // As if saved under an earlier pack: a value the schema refuses today.
    await db()
      .insertInto('store_rule_override')
      .values({ id: uuidv7(), organization_id: server.organizationId, store_id: dayton.id, value_id: 'us-oh.product.sb56-flower-potency', value: JSON.stringify({ maxThcPercent: -1 }), reason: 'stale' })
      .execute();
    try {
      const brownie = await product(camden.id, 'Menu Test Brownie', 'edible', { code: 'MENU-BROWNIE', thcMg: 10, thcMgPerServing: 10, attributes: ['perishable'] });
      const failure = await refreshListingRefusals(db(), { organizationId: server.organizationId }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AggregateError);
      expect((failure as Error).message).toContain(dayton.id);
      expect((failure as Error).message).not.toContain(camden.id);
      expect(await refusal(camden.id, brownie.skuId)).toMatchObject({ rules: ['us-nj.product.perishable-edible'] });
      expect(await listed(camden.id, brownie.skuId)).toBe(false);
    } finally {
      await db().deleteFrom('store_rule_override').where('store_id', '=', dayton.id).execute();
    }
  });
});
