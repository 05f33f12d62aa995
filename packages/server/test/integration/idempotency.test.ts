import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

describe('Idempotency-Key', () => {
  let server: TestServer;
  let owner: string;
  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
  });
  afterAll(() => server?.close());

  const body = { name: 'Idem Store', licenseNumber: 'IDEM-1', jurisdiction: 'US-AZ', timezone: 'America/Phoenix' };
  const create = (key: string, payload: object = body) =>
    server.request({ method: 'POST', url: '/v1/stores', cookie: owner, body: payload, headers: { 'idempotency-key': key } });

  it('replays the stored answer for a retry and does the work once', async () => {
    const first = await create('store-abc');
    const second = await create('store-abc');
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    const rows = await server.platform.database.db.selectFrom('store').select('id').where('license_number', '=', 'IDEM-1').execute();
    expect(rows).toHaveLength(1);
  });

  it('answers 409 when the same key comes with a different body, and changes nothing', async () => {
    const reused = await create('store-abc', { ...body, name: 'Another name' });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const row = await server.platform.database.db.selectFrom('store').select('name').where('license_number', '=', 'IDEM-1').executeTakeFirstOrThrow();
    expect(row.name).toBe('Idem Store');
  });

  it('does not keep a key whose request failed, so the client can fix and retry', async () => {
    const failed = await create('store-def', { ...body, licenseNumber: 'IDEM-1' });
    expect(failed.statusCode).toBe(409);
    expect(failed.json().error.code).toBe('LICENSE_TAKEN');
    const fixed = await create('store-def', { ...body, licenseNumber: 'IDEM-2' });
    expect(fixed.statusCode).toBe(201);
  });

  it('rejects a malformed key', async () => {
    const response = await create('x'.repeat(300));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('INVALID_IDEMPOTENCY_KEY');
  });

  it('runs the work once when the same key arrives many times at once', async () => {
    const payload = { ...body, licenseNumber: 'IDEM-RACE' };
    const responses = await Promise.all(Array.from({ length: 8 }, () => create('race-key', payload)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    const rows = await server.platform.database.db.selectFrom('store').select('id').where('license_number', '=', 'IDEM-RACE').execute();
    expect(rows).toHaveLength(1);
  });
});
