import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { startTestServer, type TestServer } from '../support/test-server';
import { storesByJurisdiction, TEST_CUSTOMER_DATA_KEY } from './customers.fixtures';

const AT = '2025-11-15T14:00:00-08:00';
const adult = { kind: 'adult_use', birthDate: '1990-04-01', idJurisdiction: 'US-CA' };
const flower = (quantity: number) => ({ sku: 'FLOWER-3.5', category: 'flower', quantity, unitPriceCents: 4000, netWeightMg: 3500, thcMg: 770, thcPercent: 22, infused: false });
const edible = { sku: 'GUMMY-100', category: 'edible', quantity: 1, unitPriceCents: 2000, netWeightMg: 50000, thcMg: 100, thcMgPerServing: 10, infused: true };
const cart = (jurisdiction: string, lines: unknown[], extra: Record<string, unknown> = {}) => ({
  jurisdiction,
  at: AT,
  channel: 'in_store',
  customer: adult,
  lines,
  ...extra,
});

describe('rules API', () => {
  let server: TestServer;
  let owner: string;
  let budtender: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { CUSTOMER_DATA_KEY: TEST_CUSTOMER_DATA_KEY } });
    owner = await server.login('owner');
    budtender = await server.login('budtender');
  });
  afterAll(() => server?.close());

  const evaluate = (body: unknown, cookie = budtender, query = '') =>
    server.request({ method: 'POST', url: `/v1/rules/evaluate${query}`, cookie, body });

  it('meters California limits and stacks its taxes', async () => {
    const response = await evaluate(
      cart('US-CA', [flower(2), edible, { sku: 'LIGHTER', category: 'accessory', quantity: 1, unitPriceCents: 500 }], {
        store: { localSalesTaxRate: 0.0225, localCannabisTaxRate: 0.03 },
      }),
    );
    expect(response.statusCode).toBe(200);
    const result = response.json();
    expect(result.allowed).toBe(true);
    expect(result.packVersion).toMatch(/^US-CA@/);
    const limit = (id: string) => result.limits.find((l: { id: string }) => l.id === id);
    expect(limit('us-ca.limit.au-non-concentrated')).toMatchObject({ used: 7000, max: 28500, unit: 'mg' });
    expect(limit('us-ca.limit.au-concentrate')).toMatchObject({ used: 100, max: 8000 });
    const codes = result.taxes.map((t: { code: string }) => t.code);
    expect(codes).toEqual(expect.arrayContaining(['CA_EXCISE', 'CA_SALES', 'CA_LOCAL_CANNABIS']));
    const sales = result.taxes.find((t: { code: string }) => t.code === 'CA_SALES');
    expect(sales.rate).toBeCloseTo(0.095, 6);
    const added = result.taxes.filter((t: { includedInPrice: boolean }) => !t.includedInPrice).reduce((s: number, t: { amountCents: number }) => s + t.amountCents, 0);
    expect(result.totalCents).toBe(result.subtotalCents + added);
  });

  it('answers for several jurisdictions with their own packs', async () => {
    for (const jurisdiction of ['US-CO', 'US-WA', 'US-NJ', 'US-IL']) {
      const response = await evaluate(cart(jurisdiction, [flower(1)], { customer: { ...adult, idJurisdiction: jurisdiction } }));
      expect(response.statusCode, `${jurisdiction}: ${response.body}`).toBe(200);
      const result = response.json();
      expect(result.packVersion.startsWith(`${jurisdiction}@`)).toBe(true);
      expect(result.context.jurisdiction).toBe(jurisdiction);
      expect(result.limits.length).toBeGreaterThan(0);
      expect(result.limits.some((l: { used: number }) => l.used > 0)).toBe(true);
      expect(result.taxes.length).toBeGreaterThan(0);
    }
  });

  it('refuses a cart over the limit with the rule and the lines that broke it', async () => {
    const result = (await evaluate(cart('US-CA', [edible, flower(9)]))).json();
    expect(result.allowed).toBe(false);
    expect(result.violations).toEqual([
      expect.objectContaining({ code: 'PURCHASE_LIMIT', rule: 'us-ca.limit.au-non-concentrated', lines: [1], overridable: false }),
    ]);
  });

  it('answers an unknown jurisdiction with 404 JURISDICTION_UNKNOWN', async () => {
    const response = await evaluate(cart('US-XX', [flower(1)]));
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ code: 'JURISDICTION_UNKNOWN', details: { path: ['body', 'jurisdiction'] } });
  });

  it('answers a date outside every effective range with 422 and the range', async () => {
    const response = await evaluate({ ...cart('US-CA', [flower(1)]), at: '2030-01-02T12:00:00-08:00' });
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error.code).toBe('NO_PACK_IN_EFFECT');
    expect(error.message).toContain('2030-01-02');
    expect(error.message).toContain('2028-06-30');
    expect(error.details.path).toEqual(['body', 'at']);
  });

  it('answers negative weights with 400 naming the line and field', async () => {
    const response = await evaluate(cart('US-CA', [flower(1), { ...flower(1), netWeightMg: -5 }]));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
    expect(response.json().error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: ['body', 'lines', 1, 'netWeightMg'] })]));
  });

  it('answers missing THC where a limit counts THC with 400 at body.lines[i].thcMg', async () => {
    const { thcMg: _thc, ...noThc } = edible;
    const response = await evaluate(cart('US-CA', [flower(1), noThc]));
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details[0].path).toEqual(['body', 'lines', 1, 'thcMg']);
    expect(error.message).toContain('lines[1].thcMg');
  });

  it('rejects unknown categories through the schema, and shows the schema in OpenAPI', async () => {
    const response = await evaluate(cart('US-CA', [{ ...flower(1), category: 'mushroom' }]));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].path).toEqual(['body', 'lines', 0, 'category']);
    const doc = (await server.request({ method: 'GET', url: '/openapi.json' })).json();
    const post = doc.paths['/v1/rules/evaluate'].post;
    expect(post.requestBody).toBeDefined();
    expect(JSON.stringify(post.requestBody)).toContain('unitPriceCents');
    expect(doc.paths['/v1/rules/jurisdictions'].get).toBeDefined();
  });

  it('lets an integration API key with rules:evaluate call it, and not one without', async () => {
    const withScope = await server.request({ method: 'POST', url: '/v1/api-keys', cookie: owner, body: { name: 'storefront', scopes: ['rules:evaluate'], currentPassword: DEMO_PASSWORD } });
    const without = await server.request({ method: 'POST', url: '/v1/api-keys', cookie: owner, body: { name: 'menu board', scopes: ['stores:read'], currentPassword: DEMO_PASSWORD } });
    expect(withScope.statusCode).toBe(201);
    const ok = await server.request({ method: 'POST', url: '/v1/rules/evaluate', headers: { authorization: `Bearer ${withScope.json().key}` }, body: cart('US-CA', [flower(1)]) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().allowed).toBe(true);
    const denied = await server.request({ method: 'POST', url: '/v1/rules/evaluate', headers: { authorization: `Bearer ${without.json().key}` }, body: cart('US-CA', [flower(1)]) });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'rules:evaluate' } });
    const list = await server.request({ method: 'GET', url: '/v1/rules/jurisdictions', headers: { authorization: `Bearer ${withScope.json().key}` } });
    expect(list.statusCode).toBe(200);
    expect((await server.request({ method: 'POST', url: '/v1/rules/evaluate', body: cart('US-CA', [flower(1)]) })).statusCode).toBe(401);
    expect((await evaluate(cart('US-CA', [flower(1)]), await server.login('driver'))).statusCode).toBe(403);
  });

  it('lists the packs with effective ranges, sources and unsure values', async () => {
    const response = await server.request({ method: 'GET', url: '/v1/rules/jurisdictions', cookie: budtender });
    expect(response.statusCode).toBe(200);
    const ca = response.json().jurisdictions.find((j: { jurisdiction: string }) => j.jurisdiction === 'US-CA');
    expect(ca.effective).toEqual({ from: '2023-01-01', to: '2028-06-30' });
    expect(ca.sources.length).toBeGreaterThan(0);
    expect(ca.sources[0]).toMatchObject({ id: expect.stringMatching(/^S\d+$/), title: expect.any(String) });
    expect(ca.changeDates).toContain('2025-07-01');
    expect(ca.unsure.find((u: { id: string }) => u.id === 'us-ca.limit.au-concentrate')).toMatchObject({ fields: ['components'] });
  });

  it('applies a store’s audited override of an unsure pack value, and refuses overrides of sure values', async () => {
    const manager = await server.login('manager');
    const { 'US-CA': oakland } = await storesByJurisdiction(server, owner);
    const url = `/v1/stores/${oakland.id}/rule-overrides/us-ca.limit.au-concentrate`;
    const concentrate = { sku: 'WAX-5G', category: 'concentrate', quantity: 1, unitPriceCents: 6000, netWeightMg: 5000, thcMg: 900, thcPercent: 70 };
    const countProductsDouble = [
      { categories: ['concentrate', 'vape'], measure: 'weight' },
      { categories: ['edible', 'beverage', 'tincture', 'capsule', 'topical', 'infused_pre_roll'], measure: 'thc', per: 1, equals: 2 },
    ];

    expect((await server.request({ method: 'PUT', url, cookie: budtender, body: { value: { max: 4000 }, reason: 'county reading' } })).statusCode).toBe(403);
    const bad = await server.request({ method: 'PUT', url, cookie: manager, body: { value: { components: [] }, reason: 'typo' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path[0]).toBe('body');
    const protectedField = await server.request({ method: 'PUT', url, cookie: manager, body: { value: { overridable: true }, reason: 'let me' } });
    expect(protectedField.statusCode).toBe(400);
    const sure = await server.request({
      method: 'PUT',
      url: `/v1/stores/${oakland.id}/rule-overrides/us-ca.limit.au-non-concentrated`,
      cookie: manager,
      body: { value: { max: 56000 }, reason: 'more please' },
    });
    expect(sure.statusCode).toBe(422);
    expect(sure.json().error.code).toBe('RULE_NOT_OVERRIDABLE');
    // The 8 g itself is sure (§15409); only how products count toward it is unsure.
    const figure = await server.request({ method: 'PUT', url, cookie: manager, body: { value: { max: 16000 }, reason: 'more please' } });
    expect(figure.statusCode).toBe(422);
    expect(figure.json().error).toMatchObject({ code: 'RULE_NOT_OVERRIDABLE', details: { field: 'max', unsureFields: ['components'], path: ['body', 'value', 'max'] } });
    const mixed = await server.request({ method: 'PUT', url, cookie: manager, body: { value: { max: 4000, components: countProductsDouble }, reason: 'both' } });
    expect(mixed.statusCode).toBe(422);

    const put = await server.request({ method: 'PUT', url, cookie: manager, body: { value: { components: countProductsDouble }, reason: 'Counsel counts 1 mg THC in products as 2 mg of concentrate' } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ valueId: 'us-ca.limit.au-concentrate', value: { components: countProductsDouble } });

    // 5 g of wax and 2,000 mg THC of gummies: 7 g by the pack, 9 g by the store's reading.
    const basket = [concentrate, { ...edible, quantity: 20 }];
    const withStore = (await evaluate(cart('US-CA', basket), budtender, `?storeId=${oakland.id}`)).json();
    expect(withStore.allowed).toBe(false);
    expect(withStore.violations[0]).toMatchObject({ code: 'PURCHASE_LIMIT', rule: 'us-ca.limit.au-concentrate' });
    const plain = (await evaluate(cart('US-CA', basket))).json();
    expect(plain.allowed).toBe(true);

    const listed = await server.request({ method: 'GET', url: `/v1/stores/${oakland.id}/rule-overrides`, cookie: budtender });
    expect(listed.statusCode).toBe(403);
    const overrides = (await server.request({ method: 'GET', url: `/v1/stores/${oakland.id}/rule-overrides`, cookie: manager })).json().overrides;
    // The test stores' own hours override (test/support/open-hours.ts) is the other one.
    expect(overrides.map((o: { valueId: string }) => o.valueId).sort()).toEqual(['us-ca.hours.sale', 'us-ca.limit.au-concentrate']);
    const audit = await server.request({ method: 'GET', url: `/v1/audit?entityType=store_rule_override&entityId=${put.json().id}`, cookie: owner });
    expect(audit.json().entries[0]).toMatchObject({ action: 'compliance.rule_override.created', reason: 'Counsel counts 1 mg THC in products as 2 mg of concentrate' });

    const removed = await server.request({ method: 'DELETE', url, cookie: manager, body: { reason: 'back to the pack' } });
    expect(removed.statusCode).toBe(204);
    expect((await evaluate(cart('US-CA', basket), budtender, `?storeId=${oakland.id}`)).json().allowed).toBe(true);
  });
});
