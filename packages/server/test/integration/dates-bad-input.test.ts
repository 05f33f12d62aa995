// Dates the database cannot store, or that cannot be a birth date, are 400 at their field and
// write nothing: year 0000 (PostgreSQL has none; it answered 500), a birth date before 1900 or
// after today, wherever a person's birth date is taken (a customer record, an online sign-up, a
// walk-in sale) and wherever a stored date is (a package's dates).
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('dates: refused at their field, nothing written', () => {
  let server: TestServer;
  let manager: string;
  let fx: CheckoutFixture;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 5 });
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const refusedAt = (answer: { statusCode: number; json: () => { error: { code: string; details: Array<{ path: unknown[] }> } } }, path: unknown[]) => {
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.code).toBe('VALIDATION_FAILED');
    expect(answer.json().error.details.map((d) => d.path)).toContainEqual(path);
  };

  it('a customer record, an online sign-up and a walk-in sale refuse year 0000, 1899 and a birth date after today', async () => {
    const customers = async () => Number((await db().selectFrom('customer').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const orders = async () => Number((await db().selectFrom('sales_order').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const [customersBefore, ordersBefore] = [await customers(), await orders()];
    for (const birthDate of ['0000-01-01', '1899-12-31', tomorrow]) {
      refusedAt(await server.request({ method: 'POST', url: '/v1/customers', cookie: manager, body: { firstName: 'Ada', lastName: 'Zero', birthDate } }), ['body', 'birthDate']);
      refusedAt(
        await server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers`, body: { email: `zero-${uuidv7()}@example.test`, password: 'a-long-enough-password', firstName: 'Ada', lastName: 'Zero', birthDate } }),
        ['body', 'birthDate'],
      );
      refusedAt(
        await server.request({
          method: 'POST',
          url: `/v1/stores/${fx.storeId}/pos-sales`,
          cookie: manager,
          body: { id: uuidv7(), customer: { kind: 'adult_use', birthDate }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
        }),
        ['body', 'customer', 'birthDate'],
      );
    }
    expect([await customers(), await orders()]).toEqual([customersBefore, ordersBefore]);
    // The edges are fine.
    const made = await server.request({ method: 'POST', url: '/v1/customers', cookie: manager, body: { firstName: 'Ada', lastName: 'Old', birthDate: '1900-01-01' } });
    expect(made.statusCode, made.body).toBe(201);
  });
});
