// The online store's own routes as its app uses them: the store's facts it shows times by.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

describe('online store routes (review)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('answers a store’s name and time zone to anyone, so its online store shows times on the store’s clock; an unknown store is 404, a bad id 400 at the id', async () => {
    const stores = await server.platform.database.db.selectFrom('store').select(['id', 'name', 'timezone']).where('organization_id', '=', server.organizationId).execute();
    const denver = stores.find((s) => s.timezone === 'America/Denver')!;
    const answer = await server.request({ method: 'GET', url: `/v1/public/stores/${denver.id}` });
    expect(answer.statusCode, answer.body).toBe(200);
    // Colorado's pack says nothing about curbside or drive-through: a pickup there is in the store.
    expect(answer.json()).toEqual({ id: denver.id, name: denver.name, timezone: 'America/Denver', status: 'open', pickupModes: ['in_store'] });

    const unknown = await server.request({ method: 'GET', url: '/v1/public/stores/01900000-0000-7000-8000-00000000abcd' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('NOT_FOUND');
    const bad = await server.request({ method: 'GET', url: '/v1/public/stores/not-a-store' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toEqual(['params', 'storeId']);
  });
});
