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

  it('POST /v1/delivery-runs and its stops: nearly valid bodies never 5xx, and a refusal writes nothing', async () => {
    const db = server.platform.database.db;
    const store = await db.selectFrom('store').select('id').where('name', 'like', '%Oakland%').executeTakeFirstOrThrow();
    const vehicle = await db.selectFrom('delivery_vehicle').select('id').where('store_id', '=', store.id).executeTakeFirstOrThrow();
    const orderIds = (await db.selectFrom('sales_order').select('id').limit(3).execute()).map((o) => o.id);
    const runs = async () => Number((await db.selectFrom('delivery_run').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const stops = async () => Number((await db.selectFrom('delivery_stop').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const id = fc.oneof(fc.constantFrom(store.id, vehicle.id, ...orderIds), fc.uuid(), fc.string(), fc.integer());
    const runBody = fc.record(
      { storeId: id, vehicleId: id, driverId: fc.oneof(id, fc.constant(undefined)), unorderedValueCents: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(undefined)), extra: fc.oneof(fc.constant(undefined), fc.anything()) },
      { requiredKeys: [] },
    );
    const stopBody = fc.record({ orderId: id, override: fc.oneof(fc.constant(undefined), fc.record({ reason: fc.oneof(fc.string(), fc.integer()) }), fc.anything()) }, { requiredKeys: [] });
    // A run to load onto (its vehicle is then busy, so new runs on it are refused: 409).
    const run = await server.request({ method: 'POST', url: '/v1/delivery-runs', cookie: owner, body: { storeId: store.id, vehicleId: vehicle.id } });
    expect(run.statusCode, run.body).toBe(201);
    await fc.assert(
      fc.asyncProperty(fc.oneof(runBody, fc.anything()), fc.oneof(stopBody, fc.anything()), async (rb, sb) => {
        const before = { ...(await counts()), runs: await runs(), stops: await stops() };
        const created = await server.request({ method: 'POST', url: '/v1/delivery-runs', cookie: owner, headers: { 'content-type': 'application/json' }, body: JSON.stringify(rb ?? null) });
        const loaded = await server.request({ method: 'POST', url: `/v1/delivery-runs/${run.json().id}/stops`, cookie: owner, headers: { 'content-type': 'application/json' }, body: JSON.stringify(sb ?? null) });
        for (const response of [created, loaded]) {
          expect(response.statusCode, response.body).toBeLessThan(500);
          expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
          expect(response.json().error.code).toMatch(/^[A-Z_]+$/);
        }
        expect({ ...(await counts()), runs: await runs(), stops: await stops() }).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it('the online store: nearly valid sign-ups and cart lines never 5xx, and a refusal writes nothing', async () => {
    const db = server.platform.database.db;
    const store = await db.selectFrom('store').select('id').where('name', 'like', '%Oakland%').executeTakeFirstOrThrow();
    const skuIds = (await db.selectFrom('sku').select('id').limit(3).execute()).map((s) => s.id);
    const shoppers = async () => Number((await db.selectFrom('shopper_account').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const customersCount = async () => Number((await db.selectFrom('customer').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const held = async () => Number((await db.selectFrom('inventory_stock').select((eb) => eb.fn.sum<string>('reserved').as('n')).executeTakeFirstOrThrow()).n ?? 0);
    const signUp = await server.request({
      method: 'POST',
      url: `/v1/public/stores/${store.id}/shoppers`,
      body: { email: 'property@example.test', password: 'a-long-shopper-password', firstName: 'P', lastName: 'Q', birthDate: '1980-01-01' },
    });
    expect(signUp.statusCode, signUp.body).toBe(201);
    const shopper = String(signUp.headers['set-cookie']).split(';')[0];
    const cart = await server.request({ method: 'POST', url: '/v1/shop/carts', cookie: shopper, body: { storeId: store.id, channel: 'pickup' } });
    expect(cart.statusCode, cart.body).toBe(201);
    const text = fc.oneof(fc.string(), fc.integer(), fc.constant(''), fc.constant(null));
    const signUpBody = fc.record(
      {
        email: fc.oneof(fc.constant('property@example.test'), fc.emailAddress(), text),
        password: fc.oneof(fc.constant('short'), fc.string({ minLength: 10 }), text),
        firstName: text,
        lastName: text,
        birthDate: fc.oneof(fc.constantFrom('1990-02-30', '2020-01-01', '1990-13-01', 'yesterday'), text),
        phone: fc.oneof(fc.constant(undefined), text),
        extra: fc.oneof(fc.constant(undefined), fc.anything()),
      },
      { requiredKeys: [] },
    );
    const line = fc.record(
      { skuId: fc.oneof(fc.constantFrom(...skuIds), fc.uuid(), fc.string()), quantity: fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.double(), fc.string()), packageLabel: fc.oneof(fc.constant(undefined), fc.string()) },
      { requiredKeys: [] },
    );
    const linesBody = fc.oneof(fc.record({ lines: fc.oneof(fc.array(line, { maxLength: 60 }), fc.anything()) }, { requiredKeys: [] }), fc.anything());
    await fc.assert(
      fc.asyncProperty(fc.oneof(signUpBody, fc.anything()), linesBody, async (ub, lb) => {
        const before = { ...(await counts()), shoppers: await shoppers(), customers: await customersCount(), held: await held() };
        const created = await server.request({ method: 'POST', url: `/v1/public/stores/${store.id}/shoppers`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(ub ?? null) });
        const lines = await server.request({ method: 'PUT', url: `/v1/shop/carts/${cart.json().id}/lines`, cookie: shopper, headers: { 'content-type': 'application/json' }, body: JSON.stringify(lb ?? null) });
        for (const response of [created, lines]) {
          expect(response.statusCode, response.body).toBeLessThan(500);
          if (response.statusCode >= 400) expect(response.json().error.code).toMatch(/^[A-Z_]+$/);
        }
        // A body that happens to be valid may change things; two refusals change nothing.
        if (created.statusCode >= 400 && lines.statusCode >= 400) {
          expect({ ...(await counts()), shoppers: await shoppers(), customers: await customersCount(), held: await held() }).toEqual(before);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a new password from a reset link: random bodies and tokens never 5xx, and never change a password', async () => {
    const db = server.platform.database.db;
    const store = await db.selectFrom('store').select('id').where('name', 'like', '%Oakland%').executeTakeFirstOrThrow();
    const hashes = async () => (await db.selectFrom('shopper_account').select('password_hash').orderBy('customer_id').execute()).map((r) => r.password_hash);
    const body = fc.oneof(
      fc.anything(),
      fc.record(
        {
          token: fc.oneof(fc.base64String({ minLength: 20, maxLength: 60 }), fc.string(), fc.integer(), fc.constant(null)),
          password: fc.oneof(fc.string({ minLength: 10 }), fc.constant('short'), fc.integer()),
          extra: fc.oneof(fc.constant(undefined), fc.anything()),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = { ...(await counts()), hashes: await hashes() };
        const response = await server.request({ method: 'POST', url: `/v1/public/stores/${store.id}/shoppers/password`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(b ?? null) });
        expect(response.statusCode, response.body).toBeLessThan(500);
        expect(response.statusCode).toBe(400);
        // MALFORMED_JSON: a body the JSON parser refuses (a `__proto__` key, say) before validation.
        expect(['VALIDATION_FAILED', 'RESET_TOKEN_INVALID', 'MALFORMED_JSON']).toContain(response.json().error.code);
        const after = { ...(await counts()), hashes: await hashes() };
        // A malformed body writes nothing; a well-formed unknown token writes its one audit row.
        const audits = response.json().error.code === 'RESET_TOKEN_INVALID' ? 1 : 0;
        expect(after).toEqual({ ...before, audit: before.audit + audits });
      }),
      { numRuns: 100 },
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
