// What a drawer's refusals say. A budtender counts blind, so a refused paid-out or drop does not
// tell them what the drawer should hold (managers are told); and a return whose drawer closed while
// it waited is refused as REGISTER_NOT_OPEN, not blamed on cash the drawer has.
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { waitUntilBlocked } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

describe('register refusals', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let fx: CheckoutFixture;

  const db = () => server.platform.database.db;
  const post = (cookie: string, url: string, body: unknown) => server.request({ method: 'POST', url, cookie, body });
  const refusal = (r: LightMyRequestResponse) => [r.statusCode, r.json().error?.code];

  async function openDrawer(floatCents: number): Promise<string> {
    const register = await post(manager, `/v1/stores/${fx.storeId}/registers`, { name: `Refusals ${uuidv7().slice(-8)}` });
    expect(register.statusCode, register.body).toBe(201);
    const opened = await post(manager, `/v1/registers/${register.json().id}/sessions`, { float: { totalCents: floatCents } });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json().id as string;
  }

  const drawerState = async (sessionId: string) => ({
    session: await db().selectFrom('register_session').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow(),
    events: (await db().selectFrom('register_session_event').select(['kind', 'amount_cents']).where('session_id', '=', sessionId).orderBy('id').execute()).map((e) => `${e.kind} ${e.amount_cents}`),
  });

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    fx = await stockedSku(db(), server.organizationId, { quantity: 20 });
  });
  afterAll(() => server?.close());

  it('a refused paid-out or drop does not tell a budtender what the drawer should hold; a manager is told', async () => {
    const sessionId = await openDrawer(12345);
    const shown = await server.request({ method: 'GET', url: `/v1/register-sessions/${sessionId}`, cookie: budtender });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json().expectedCents).toBeUndefined();
    const before = await drawerState(sessionId);

    for (const [path, body] of [
      ['paid-outs', { amountCents: 99_999_999, reason: 'probe' }],
      ['drops', { amountCents: 99_999_999 }],
      ['drops', { denominations: { '10000': 9_999 } }],
    ] as const) {
      const refused = await post(budtender, `/v1/register-sessions/${sessionId}/${path}`, body);
      expect(refusal(refused), refused.body).toEqual([409, 'INSUFFICIENT_DRAWER_CASH']);
      expect(refused.body).not.toContain('12345');
      expect(refused.json().error.details ?? {}).not.toHaveProperty('expectedCents');
    }
    expect(await drawerState(sessionId)).toEqual(before);

    const managerRefused = await post(manager, `/v1/register-sessions/${sessionId}/paid-outs`, { amountCents: 99_999_999, reason: 'probe' });
    expect(refusal(managerRefused)).toEqual([409, 'INSUFFICIENT_DRAWER_CASH']);
    expect(managerRefused.json().error.details).toMatchObject({ expectedCents: 12345, amountCents: 99_999_999 });
    expect(await drawerState(sessionId)).toEqual(before);
  });

  it.runIf(process.env.VERDANT_TEST_DB === 'postgres')('a return waiting on its drawer while the drawer is closed is refused REGISTER_NOT_OPEN, nothing changed', async () => {
    const sessionId = await openDrawer(1_000_000);
    const [customerId] = await customers(db(), server.organizationId, 1);
    const sale = await post(manager, `/v1/stores/${fx.storeId}/pos-sales`, {
      id: uuidv7(),
      customerId,
      lines: [{ skuId: fx.skuId, quantity: 2 }],
      tenders: [{ kind: 'cash' }],
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const orderId = sale.json().order.id as string;
    const drawerBefore = await drawerState(sessionId);

    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select id from register_session where id = $1 for update', [sessionId]);
      const close = post(manager, `/v1/register-sessions/${sessionId}/close`, { count: { totalCents: 1_000_000 } });
      expect(await waitUntilBlocked(holder, 1)).toBe(true);
      const ret = post(manager, `/v1/orders/${orderId}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'changed mind', registerSessionId: sessionId });
      expect(await waitUntilBlocked(holder, 2)).toBe(true);
      await holder.query('rollback');
      const [closed, returned] = await Promise.all([close, ret]);
      expect(closed.statusCode, closed.body).toBe(200);
      expect(refusal(returned), returned.body).toEqual([409, 'REGISTER_NOT_OPEN']);
    } finally {
      await holder.end();
    }

    const drawerAfter = await drawerState(sessionId);
    expect(drawerAfter.session).toMatchObject({ status: 'closed', cash_refunds_cents: drawerBefore.session.cash_refunds_cents });
    expect(drawerAfter.events).toEqual([...drawerBefore.events, 'close 1000000']);
    const line = await db().selectFrom('sales_order_line').select('returned_quantity').where('order_id', '=', orderId).executeTakeFirstOrThrow();
    expect(Number(line.returned_quantity)).toBe(0);
    expect(await db().selectFrom('sales_return').select('id').where('order_id', '=', orderId).execute()).toEqual([]);
  });
});
