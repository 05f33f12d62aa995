import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

describe('platform HTTP basics', () => {
  let server: TestServer;
  let owner: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { BODY_LIMIT_BYTES: '4096' } });
    owner = await server.login('owner');
  });
  afterAll(() => server?.close());

  it('answers health and readiness, with the database kind', async () => {
    const health = await server.request({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', database: server.platform.database.kind });
    expect((await server.request({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    server.platform.state.ready = false;
    const notReady = await server.request({ method: 'GET', url: '/readyz' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json().error.code).toBe('NOT_READY');
    server.platform.state.ready = true;
  });

  it('gives every response a request id, and echoes one the client sent', async () => {
    const generated = await server.request({ method: 'GET', url: '/healthz' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await server.request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'register-7-req-42' } });
    expect(echoed.headers['x-request-id']).toBe('register-7-req-42');
  });

  it('serves an OpenAPI 3.1 document that lists the routes, and a docs page', async () => {
    const doc = (await server.request({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/stores', '/v1/auth/login', '/v1/events/stream', '/v1/audit']));
    expect(doc.paths['/v1/stores'].post.requestBody).toBeDefined();
    // Named schemas are components, and every $ref in the document resolves to one.
    const refs = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.add(value);
          else walk(value);
        }
      }
    };
    walk(doc);
    const components = doc.components?.schemas ?? {};
    const dangling = [...refs].filter((ref) => !ref.startsWith('#/components/schemas/') || !components[ref.slice('#/components/schemas/'.length)]);
    expect(dangling).toEqual([]);
    for (const name of ['Order', 'Cart', 'RegisterSession', 'Promotion', 'LoyaltyAccount']) expect(components[name]?.properties, name).toBeDefined();
    const docs = await server.request({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('exposes Prometheus metrics with per-route latency, outbox lag and pool use', async () => {
    await server.request({ method: 'GET', url: '/v1/stores', cookie: owner });
    const metrics = await server.request({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('verdant_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/v1/stores",status_code="200"}');
    expect(metrics.body).toMatch(/verdant_outbox_lag_seconds\{stage="publish"\} [\d.e-]+/);
    expect(metrics.body).toMatch(/verdant_db_pool_connections\{state="max"\} \d+/);
  });

  it('answers malformed JSON, unknown fields, wrong types, big bodies and bad ids with 4xx and one error shape', async () => {
    const malformed = await server.request({
      method: 'POST',
      url: '/v1/stores',
      cookie: owner,
      headers: { 'content-type': 'application/json' },
      body: '{"name": "x",',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('MALFORMED_JSON');

    const unknownField = await server.request({
      method: 'POST',
      url: '/v1/stores',
      cookie: owner,
      body: { name: 'A', licenseNumber: 'L-1', jurisdiction: 'US-CA', timezone: 'America/Los_Angeles', color: 'green' },
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: ['body', 'color'] }] });

    const wrongType = await server.request({
      method: 'POST',
      url: '/v1/stores',
      cookie: owner,
      body: { name: 42, licenseNumber: 'L-1', jurisdiction: 'california', timezone: 'Mars/Base' },
    });
    expect(wrongType.statusCode).toBe(400);
    const paths = wrongType.json().error.details.map((d: { path: string[] }) => d.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.jurisdiction', 'body.timezone']));

    const big = await server.request({
      method: 'POST',
      url: '/v1/stores',
      cookie: owner,
      body: { name: 'x'.repeat(10_000), licenseNumber: 'L', jurisdiction: 'US-CA', timezone: 'UTC' },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');

    const badId = await server.request({ method: 'GET', url: '/v1/stores/not-a-uuid', cookie: owner });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details[0].path).toEqual(['params', 'id']);

    const missing = await server.request({ method: 'GET', url: '/v1/stores/01900000-0000-7000-8000-0000000000ff', cookie: owner });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');

    const noRoute = await server.request({ method: 'GET', url: '/v1/nothing-here', cookie: owner });
    expect(noRoute.statusCode).toBe(404);
    expect(noRoute.json().error.code).toBe('ROUTE_NOT_FOUND');

    const stores = await server.request({ method: 'GET', url: '/v1/stores', cookie: owner });
    // The demo's stores, by name: two in California (transfers stay inside a state), one in Colorado.
    expect(stores.json().stores.map((s: { name: string; jurisdiction: string }) => [s.name, s.jurisdiction])).toEqual([
      ['Green Door Oakland', 'US-CA'],
      ['Green Door San Francisco', 'US-CA'],
      ['Mile High Denver', 'US-CO'],
    ]);
  });

  it('refuses text the database cannot store, malformed or overlong URL parts and empty changes: 4xx, one error shape, nothing written', async () => {
    const audit = async () => Number((await server.platform.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await audit();
    const store = (await server.request({ method: 'GET', url: '/v1/stores', cookie: owner })).json().stores[0];
    // A NUL character or half a surrogate pair: PostgreSQL refuses both, so the API does first.
    const nul = await server.request({ method: 'PATCH', url: `/v1/stores/${store.id}`, cookie: owner, body: { name: 'a\u0000b' } });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: ['body', 'name'] }] });
    const surrogate = await server.request({ method: 'PATCH', url: `/v1/stores/${store.id}`, cookie: owner, headers: { 'content-type': 'application/json' }, body: '{"name":"x\\ud800"}' });
    expect(surrogate.statusCode).toBe(400);
    expect(surrogate.json().error.details[0].path).toEqual(['body', 'name']);
    const inQuery = await server.request({ method: 'GET', url: '/v1/audit?entityType=a%00b', cookie: owner });
    expect(inQuery.statusCode).toBe(400);
    expect(inQuery.json().error.details[0].path).toEqual(['querystring', 'entityType']);
    // The router's own refusals use the API's error shape.
    const badEscape = await server.request({ method: 'GET', url: '/v1/stores/%zz', cookie: owner });
    expect(badEscape.statusCode).toBe(400);
    expect(badEscape.json().error.code).toBe('BAD_URL');
    const longPart = await server.request({ method: 'GET', url: `/v1/stores/${'a'.repeat(300)}`, cookie: owner });
    expect(longPart.statusCode).toBe(414);
    expect(longPart.json().error.code).toBe('URL_TOO_LONG');
    // A change that names no field (it used to be a SQL syntax error and a 500).
    const empty = await server.request({ method: 'PATCH', url: `/v1/stores/${store.id}`, cookie: owner, body: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('VALIDATION_FAILED');
    // Emoji and other scripts are ordinary text.
    const fine = await server.request({ method: 'PATCH', url: `/v1/stores/${store.id}`, cookie: owner, body: { name: `${store.name} 🌿` } });
    expect(fine.statusCode, fine.body).toBe(200);
    expect(await audit()).toBe(before + 1);
  });

  it('creates and changes a store, writing audit rows and events with it', async () => {
    const created = await server.request({
      method: 'POST',
      url: '/v1/stores',
      cookie: owner,
      body: { name: 'Harbor Portland', licenseNumber: '050-10001', jurisdiction: 'US-OR', timezone: 'America/Los_Angeles' },
    });
    expect(created.statusCode).toBe(201);
    const store = created.json();
    const duplicate = await server.request({
      method: 'POST',
      url: '/v1/stores',
      cookie: owner,
      body: { name: 'Other', licenseNumber: '050-10001', jurisdiction: 'US-OR', timezone: 'America/Los_Angeles' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('LICENSE_TAKEN');
    const patched = await server.request({ method: 'PATCH', url: `/v1/stores/${store.id}`, cookie: owner, body: { name: 'Harbor PDX' } });
    expect(patched.statusCode).toBe(200);
    const audit = await server.request({ method: 'GET', url: `/v1/audit?entityType=store&entityId=${store.id}`, cookie: owner });
    const actions = audit.json().entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['store.updated', 'store.created']);
    expect(audit.json().entries[0].before.name).toBe('Harbor Portland');
    expect(audit.json().entries[0].after.name).toBe('Harbor PDX');
    const events = await server.platform.database.db.selectFrom('outbox_event').select('type').where('aggregate_id', '=', store.id).execute();
    expect(events.map((e) => e.type).sort()).toEqual(['organizations.store.created', 'organizations.store.updated']);
  });

  it('opens stores only where a jurisdiction pack exists: a store elsewhere could not sell', async () => {
    const count = async () => (await server.platform.database.db.selectFrom('store').select('id').execute()).length;
    const before = await count();
    // Texas has no adult-use law; Germany allows no retail sale at all (only non-profit clubs).
    for (const jurisdiction of ['US-TX', 'DE-BE']) {
      const refused = await server.request({ method: 'POST', url: '/v1/stores', cookie: owner, body: { name: 'Elsewhere', licenseNumber: `X-${jurisdiction}`, jurisdiction, timezone: 'America/Chicago' } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: ['body', 'jurisdiction'] }] });
      expect(refused.json().error.details[0].message).toContain('US-CA');
    }
    const store = (await server.request({ method: 'GET', url: '/v1/stores', cookie: owner })).json().stores[0];
    const moved = await server.request({ method: 'PATCH', url: `/v1/stores/${store.id}`, cookie: owner, body: { jurisdiction: 'US-TX' } });
    expect(moved.statusCode).toBe(400);
    expect(await count()).toBe(before);
    expect((await server.request({ method: 'GET', url: `/v1/stores/${store.id}`, cookie: owner })).json().jurisdiction).toBe(store.jurisdiction);
  });
});
