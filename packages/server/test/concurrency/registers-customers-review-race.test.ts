// PostgreSQL only: races found by a review of registers and customers. Each failed before its fix:
// one customer checked in from several registers at the same moment made as many queue entries.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('registers and customers races (PostgreSQL)', () => {
  let server: TestServer;
  let budtender: string;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    budtender = await server.login('budtender');
  });
  afterAll(() => server.close());

  it('one customer checked in from 8 registers at once: one entry, the others 409 CUSTOMER_ALREADY_CHECKED_IN naming it, never a 500', async () => {
    const { storeId } = await stockedSku(db(), server.organizationId, { quantity: 1 });
    const [customerId] = await customers(db(), server.organizationId, 1);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        server.request({ method: 'POST', url: `/v1/stores/${storeId}/queue`, cookie: budtender, body: { customerId, source: i % 2 ? 'online_pickup' : 'walk_in' } }),
      ),
    );
    const outcomes = answers.map((a) => `${a.statusCode}${a.statusCode >= 400 ? ` ${a.json().error?.code}` : ''}`).sort();
    expect(outcomes).toEqual(['201', ...Array(7).fill('409 CUSTOMER_ALREADY_CHECKED_IN')]);
    const entry = answers.find((a) => a.statusCode === 201)!.json();
    for (const refused of answers.filter((a) => a.statusCode === 409)) expect(refused.json().error.details.entry.id).toBe(entry.id);
    const rows = await sql<{ n: number }>`select count(*)::int as n from register_queue_entry where customer_id = ${customerId}`.execute(db());
    expect(rows.rows[0].n).toBe(1);
    const audits = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'register.queue.checked_in' and entity_id = ${entry.id}`.execute(db());
    expect(audits.rows[0].n).toBe(1);
  });
});
