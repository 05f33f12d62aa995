// The typed client (packages/sdk) against a running server over real HTTP, and its types kept in
// step with the server: src/schema.ts must be what the server's OpenAPI document renders to now.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerdantClient, type VerdantClient } from '../../../sdk/src/index';
import { renderSchema } from '../../../sdk/src/render-schema';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { startTestServer, type TestServer } from '../support/test-server';

describe('the typed client (packages/sdk)', () => {
  let server: TestServer;
  let baseUrl: string;
  let client: VerdantClient;

  beforeAll(async () => {
    server = await startTestServer();
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const owner = await server.login('owner');
    const created = await server.request({
      method: 'POST',
      url: '/v1/api-keys',
      cookie: owner,
      body: { name: 'sdk test', scopes: ['stores:read'], currentPassword: DEMO_PASSWORD },
    });
    expect(created.statusCode, created.body).toBe(201);
    client = createVerdantClient({ baseUrl: `${baseUrl}/`, apiKey: created.json().key });
  });
  afterAll(() => server?.close());

  it('has the types of the OpenAPI document the server serves now (after an API change: npm run sdk:generate)', async () => {
    const document = (await server.request({ method: 'GET', url: '/openapi.json' })).json();
    const committed = readFileSync(fileURLToPath(new URL('../../../sdk/src/schema.ts', import.meta.url)), 'utf8');
    const current = await renderSchema(document);
    expect(current === committed, 'packages/sdk/src/schema.ts is stale: run npm run sdk:generate').toBe(true);
  });

  it('reads with an API key, searches the public menu, and answers errors with their stable code', async () => {
    const stores = await client.GET('/v1/stores');
    expect(stores.response.status).toBe(200);
    const oakland = stores.data!.stores.find((s) => s.name.includes('Oakland'))!;
    expect(oakland).toBeDefined();

    const menu = await client.GET('/v1/public/stores/{storeId}/products', { params: { path: { storeId: oakland.id }, query: { q: 'blue', limit: 5 } } });
    expect(menu.response.status).toBe(200);
    expect(menu.data!.products.length).toBeGreaterThan(0);
    const page = await client.GET('/v1/public/stores/{storeId}/products/{slug}', { params: { path: { storeId: oakland.id, slug: menu.data!.products[0].slug } } });
    expect(page.response.status).toBe(200);
    expect(typeof page.data!.skus[0].patientsOnly).toBe('boolean');

    const bad = await client.GET('/v1/public/stores/{storeId}/products', { params: { path: { storeId: 'not-a-store' } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });

    const beyondScope = await client.GET('/v1/staff');
    expect(beyondScope.response.status).toBe(403);
    expect(beyondScope.error).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});
