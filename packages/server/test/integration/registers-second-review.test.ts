// Registers and drawers, a second review. A budtender counts the drawer blind: the session they
// read (or get back from a drop) must not add up to what it should hold. A sale, pickup or return
// rung onto a drawer that is closed or belongs to another store names the field that chose it.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';
import { refusal } from '../support/refusals';

describe('registers and drawers: second review', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let owner: string;
  let fx: CheckoutFixture;
  let otherStoreId: string;

  const db = () => server.platform.database.db;
  const send = (cookie: string, method: string, url: string, body?: unknown) => server.request({ method, url, cookie, body });
  const counts = async () => {
    const tables = ['register_session_event', 'sales_order', 'payment', 'audit_log', 'outbox_event'];
    const rows = await Promise.all(tables.map(async (t) => [t, Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(db())).rows[0].n)] as const));
    return { counts: Object.fromEntries(rows), drawers: await db().selectFrom('register_session').selectAll().orderBy('id').execute() };
  };
  async function openDrawer(storeId: string, floatCents = 10_000): Promise<string> {
    const register = await send(owner, 'POST', `/v1/stores/${storeId}/registers`, { name: `Second ${uuidv7().slice(-8)}` });
    expect(register.statusCode, register.body).toBe(201);
    const opened = await send(owner, 'POST', `/v1/registers/${register.json().id}/sessions`, { float: { totalCents: floatCents } });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json().id;
  }

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    owner = await server.login('owner');
    fx = await stockedSku(db(), server.organizationId, { quantity: 20 });
    const stores = (await send(owner, 'GET', '/v1/stores')).json().stores as Array<{ id: string }>;
    otherStoreId = stores.find((s) => s.id !== fx.storeId)!.id;
  });
  afterAll(() => server?.close());

  it('a budtender counting blind cannot add up expected cash from the session’s counters (read, or answered by a drop)', async () => {
    const sessionId = await openDrawer(fx.storeId, 10_000);
    const sale = await send(manager, 'POST', `/v1/stores/${fx.storeId}/pos-sales`, {
      id: uuidv7(),
      customer: { kind: 'adult_use', birthDate: '1980-01-01' },
      registerSessionId: sessionId,
      lines: [{ skuId: fx.skuId, quantity: 1 }],
      tenders: [{ kind: 'cash', tenderedCents: 100_000 }],
    });
    expect(sale.statusCode, sale.body).toBe(201);
    expect((await send(manager, 'POST', `/v1/register-sessions/${sessionId}/paid-ins`, { amountCents: 700, reason: 'change fund' })).statusCode).toBe(200);
    const expected = (await send(manager, 'GET', `/v1/register-sessions/${sessionId}`)).json().expectedCents as number;
    expect(expected).toBeGreaterThan(10_700);

    const read = (await send(budtender, 'GET', `/v1/register-sessions/${sessionId}`)).json();
    const dropped = await send(budtender, 'POST', `/v1/register-sessions/${sessionId}/drops`, { amountCents: 100 });
    expect(dropped.statusCode, dropped.body).toBe(200);
    for (const view of [read, dropped.json()]) {
      expect(view.expectedCents).toBeUndefined();
      // What the app shows a budtender mid-shift must not give the figure away.
      const sum =
        view.floatCents + (view.cashSalesCents ?? 0) - (view.changeOutCents ?? 0) - (view.cashRefundsCents ?? 0) - (view.dropsCents ?? 0) - (view.paidOutCents ?? 0) + (view.paidInCents ?? 0) + (view.giftCardCashCents ?? 0);
      expect([expected, expected - 100]).not.toContain(sum);
      for (const counter of ['cashSalesCents', 'changeOutCents', 'cashRefundsCents', 'dropsCents', 'paidInCents', 'paidOutCents', 'giftCardCashCents']) expect(view).not.toHaveProperty(counter);
    }
    // A manager still sees every line, and once closed everyone does (the count is done).
    const full = (await send(manager, 'GET', `/v1/register-sessions/${sessionId}`)).json();
    expect(full).toMatchObject({ floatCents: 10_000, paidInCents: 700, dropsCents: 100, expectedCents: expected - 100 });
    const closed = await send(manager, 'POST', `/v1/register-sessions/${sessionId}/close`, { count: { totalCents: expected - 100 } });
    expect(closed.json()).toMatchObject({ overShortCents: 0 });
    expect((await send(budtender, 'GET', `/v1/register-sessions/${sessionId}`)).json()).toMatchObject({ status: 'closed', paidInCents: 700, expectedCents: expected - 100 });
  });

  it('a sale or pickup on a closed drawer or another store’s is 409 REGISTER_NOT_OPEN at body.registerSessionId, nothing written', async () => {
    const elsewhere = await openDrawer(otherStoreId);
    const closed = await openDrawer(fx.storeId);
    expect((await send(manager, 'POST', `/v1/register-sessions/${closed}/close`, { count: { totalCents: 10_000 } })).statusCode).toBe(200);
    const before = await counts();
    for (const registerSessionId of [elsewhere, closed, uuidv7()]) {
      const sale = await send(manager, 'POST', `/v1/stores/${fx.storeId}/pos-sales`, {
        id: uuidv7(),
        customer: { kind: 'adult_use', birthDate: '1980-01-01' },
        registerSessionId,
        lines: [{ skuId: fx.skuId, quantity: 1 }],
        tenders: [{ kind: 'cash' }],
      });
      expect(refusal(sale), sale.body).toEqual({ status: 409, code: 'REGISTER_NOT_OPEN', path: ['body', 'registerSessionId'] });
    }
    expect(await counts()).toEqual(before);
  });

  it('a drop, paid-in, paid-out or close of a closed drawer is 409 REGISTER_NOT_OPEN at params.sessionId', async () => {
    const sessionId = await openDrawer(fx.storeId);
    expect((await send(manager, 'POST', `/v1/register-sessions/${sessionId}/close`, { count: { totalCents: 10_000 } })).statusCode).toBe(200);
    const before = await counts();
    for (const [path, body] of [
      ['drops', { amountCents: 100 }],
      ['paid-ins', { amountCents: 100, reason: 'coins' }],
      ['paid-outs', { amountCents: 100, reason: 'ice' }],
      ['close', { count: { totalCents: 10_000 } }],
    ] as const) {
      const refused = await send(manager, 'POST', `/v1/register-sessions/${sessionId}/${path}`, body);
      expect(refusal(refused), `${path} ${refused.body}`).toEqual({ status: 409, code: 'REGISTER_NOT_OPEN', path: ['params', 'sessionId'] });
    }
    expect(await counts()).toEqual(before);
  });

  it('opening an open register, and reviewing an open or reviewed drawer, are refused at the URL’s id', async () => {
    const register = await send(owner, 'POST', `/v1/stores/${fx.storeId}/registers`, { name: `Second ${uuidv7().slice(-8)}` });
    const registerId = register.json().id as string;
    const opened = await send(manager, 'POST', `/v1/registers/${registerId}/sessions`, { float: { totalCents: 5_000 } });
    expect(opened.statusCode, opened.body).toBe(201);
    const sessionId = opened.json().id as string;
    const before = await counts();
    const again = await send(manager, 'POST', `/v1/registers/${registerId}/sessions`, { float: { totalCents: 5_000 } });
    expect(refusal(again), again.body).toEqual({ status: 409, code: 'REGISTER_ALREADY_OPEN', path: ['params', 'registerId'] });
    const early = await send(manager, 'POST', `/v1/register-sessions/${sessionId}/review`, { note: 'too soon' });
    expect(refusal(early), early.body).toEqual({ status: 409, code: 'REGISTER_STILL_OPEN', path: ['params', 'sessionId'] });
    expect(await counts()).toEqual(before);
    expect((await send(manager, 'POST', `/v1/register-sessions/${sessionId}/close`, { count: { totalCents: 5_000 } })).statusCode).toBe(200);
    expect((await send(manager, 'POST', `/v1/register-sessions/${sessionId}/review`, { note: 'even' })).statusCode).toBe(200);
    const twice = await send(manager, 'POST', `/v1/register-sessions/${sessionId}/review`, { note: 'again' });
    expect(refusal(twice), twice.body).toEqual({ status: 409, code: 'ALREADY_REVIEWED', path: ['params', 'sessionId'] });
    // A register switched off cannot open.
    await db().updateTable('register').set({ active: false }).where('id', '=', registerId).execute();
    const off = await send(manager, 'POST', `/v1/registers/${registerId}/sessions`, { float: { totalCents: 5_000 } });
    expect(refusal(off), off.body).toEqual({ status: 409, code: 'REGISTER_INACTIVE', path: ['params', 'registerId'] });
  });
});
