import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

// Random bodies at the sign-in route and at a write route: never a 5xx, and a refused request
// writes nothing (no store row, no audit row, no event).
describe('random bodies never cause a 5xx or a partial write', () => {
  let server: TestServer;
  let owner: string;
  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
  });
  afterAll(() => server?.close());

  const counts = async () => {
    const db = server.platform.database.db;
    const [stores, audit, events] = await Promise.all([
      db.selectFrom('store').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      db.selectFrom('outbox_event').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { stores: Number(stores.n), audit: Number(audit.n), events: Number(events.n) };
  };

  const nearlyValidStore = fc.record(
    {
      name: fc.oneof(fc.string(), fc.integer(), fc.constant(''), fc.constant(null)),
      licenseNumber: fc.oneof(fc.string(), fc.constant(undefined), fc.array(fc.string())),
      jurisdiction: fc.oneof(fc.constantFrom('US-CA', 'us-ca', 'XX', 'US-CAL'), fc.string()),
      timezone: fc.oneof(fc.constantFrom('America/Denver', 'Nowhere/City', ''), fc.string()),
      address: fc.oneof(fc.object(), fc.constant(undefined), fc.string()),
      extra: fc.oneof(fc.constant(undefined), fc.anything()),
    },
    { requiredKeys: [] },
  );
  const anyBody = fc.oneof(fc.anything(), fc.json(), nearlyValidStore, fc.string());

  it('POST /v1/stores', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, async (body) => {
        const before = await counts();
        const payload = typeof body === 'string' ? body : JSON.stringify(body === undefined ? null : body);
        const response = await server.request({
          method: 'POST',
          url: '/v1/stores',
          cookie: owner,
          headers: { 'content-type': 'application/json' },
          body: payload,
        });
        expect(response.statusCode).toBeLessThan(500);
        expect(response.json().error ?? response.json().id).toBeDefined();
        if (response.statusCode >= 400) {
          expect(response.json().error.code).toMatch(/^[A-Z_]+$/);
          expect(await counts()).toEqual(before);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('POST /v1/auth/login', async () => {
    const loginBody = fc.oneof(
      fc.anything(),
      fc.record({ email: fc.oneof(fc.emailAddress(), fc.string()), password: fc.oneof(fc.string(), fc.integer()) }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(loginBody, async (body) => {
        const before = await counts();
        const response = await server.request({
          method: 'POST',
          url: '/v1/auth/login',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body === undefined ? null : body),
        });
        expect(response.statusCode).toBeLessThan(500);
        const after = await counts();
        expect(after.stores).toBe(before.stores);
        // A validation failure writes nothing; a well-formed failed sign-in writes its one audit row.
        if (response.statusCode === 400) expect(after).toEqual(before);
        if (response.statusCode === 401) expect(after.audit).toBe(before.audit + 1);
      }),
      { numRuns: 150 },
    );
  });
});
