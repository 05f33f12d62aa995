import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { assertOpenSession, recordCashSale } from '../../src/modules/registers';
import { permissionsOf } from '../../src/modules/staff/permissions';
import type { RequestContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { startTestServer, type TestServer } from '../support/test-server';

describe('registers: drawer sessions, check-in queue, parked carts', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let storeId: string;
  let otherStoreId: string;
  let staff: Array<{ id: string; role: string }>;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    const stores = (await server.request({ method: 'GET', url: '/v1/stores', cookie: manager })).json().stores;
    storeId = stores[0].id;
    otherStoreId = stores[1].id;
    staff = (await server.request({ method: 'GET', url: '/v1/staff', cookie: manager })).json().staff;
  });
  afterAll(() => server?.close());

  const idOf = (role: string) => staff.find((s) => s.role === role)!.id;
  const post = (url: string, body: unknown, cookie = manager) => server.request({ method: 'POST', url, cookie, body });

  /** A register signed in by the manager, operated by a budtender after a PIN switch. */
  async function registerCookie(): Promise<string> {
    const response = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email: 'manager@demo.verdant.test', password: DEMO_PASSWORD, storeId } });
    expect(response.statusCode).toBe(200);
    return `verdant_session=${response.cookies.find((c) => c.name === 'verdant_session')!.value}`;
  }

  async function newRegister(name: string): Promise<string> {
    const created = await post(`/v1/stores/${storeId}/registers`, { name });
    expect(created.statusCode).toBe(201);
    return created.json().id;
  }

  it('computes over/short against float + cash sales − change − drops − paid-outs + paid-ins', async () => {
    const registerId = await newRegister('Till 1');
    expect((await post(`/v1/stores/${storeId}/registers`, { name: 'Till 1' })).json().error.code).toBe('REGISTER_NAME_TAKEN');

    // Float counted by denomination: 10×$20 + 10×$10 + 20×$1 = $320.
    const opened = await post(`/v1/registers/${registerId}/sessions`, { float: { denominations: { '2000': 10, '1000': 10, '100': 20 } } });
    expect(opened.statusCode).toBe(201);
    const session = opened.json();
    expect(session.floatCents).toBe(32_000);
    expect((await post(`/v1/registers/${registerId}/sessions`, { float: { totalCents: 100 } })).json().error.code).toBe('REGISTER_ALREADY_OPEN');
    // Budtenders cannot open or close a drawer.
    expect((await post(`/v1/registers/${registerId}/sessions`, { float: { totalCents: 100 } }, budtender)).statusCode).toBe(403);

    // Two cash sales through the module door, as checkout will call it (one retried).
    const context: RequestContext = {
      actor: { type: 'staff', id: idOf('budtender'), organizationId: server.organizationId, role: 'budtender', permissions: permissionsOf('budtender'), storeIds: [] },
      requestId: 'test',
    };
    const orderA = uuidv7();
    await inTransaction(server.platform.tx, context, async (uow) => {
      await assertOpenSession(uow.trx, { registerSessionId: session.id, storeId });
      await recordCashSale(uow, { registerSessionId: session.id, cashInCents: 5_000, changeOutCents: 1_234, orderId: orderA });
      await recordCashSale(uow, { registerSessionId: session.id, cashInCents: 5_000, changeOutCents: 1_234, orderId: orderA });
    });
    await inTransaction(server.platform.tx, context, (uow) => recordCashSale(uow, { registerSessionId: session.id, cashInCents: 2_000, changeOutCents: 0, orderId: uuidv7() }));
    await expect(
      inTransaction(server.platform.tx, context, (uow) => assertOpenSession(uow.trx, { registerSessionId: session.id, storeId: otherStoreId })),
    ).rejects.toMatchObject({ code: 'REGISTER_NOT_OPEN' });

    // The register's owner switched to a budtender with a PIN: the budtender is recorded on the drop.
    const register = await registerCookie();
    expect((await post('/v1/auth/pin', { userId: idOf('budtender'), pin: '1234' }, register)).statusCode).toBe(200);
    const drop = await post(`/v1/register-sessions/${session.id}/drops`, { amountCents: 10_000, witnessId: idOf('manager') }, register);
    expect(drop.statusCode).toBe(200);
    // Blind count: the budtender is not shown expected cash.
    expect(drop.json().expectedCents).toBeUndefined();
    expect((await post(`/v1/register-sessions/${session.id}/paid-outs`, { amountCents: 1_500, reason: 'Ice for the cooler' }, register)).statusCode).toBe(200);
    expect((await post(`/v1/register-sessions/${session.id}/paid-ins`, { amountCents: 500, reason: 'Change from the bank' }, register)).statusCode).toBe(200);
    const noReason = await post(`/v1/register-sessions/${session.id}/paid-outs`, { amountCents: 100 }, register);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toEqual(['body', 'reason']);
    const tooMuch = await post(`/v1/register-sessions/${session.id}/drops`, { amountCents: 1_000_000 }, register);
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().error.code).toBe('INSUFFICIENT_DRAWER_CASH');
    expect((await post(`/v1/register-sessions/${session.id}/close`, { count: { totalCents: 1 } }, register)).statusCode).toBe(403);

    // expected = 32000 + (5000 + 2000) − 1234 − 10000 − 1500 + 500 = 26766
    const view = await server.request({ method: 'GET', url: `/v1/register-sessions/${session.id}`, cookie: manager });
    expect(view.json()).toMatchObject({ expectedCents: 26_766, cashSalesCents: 7_000, changeOutCents: 1_234, saleCount: 2 });

    const mismatch = await post(`/v1/register-sessions/${session.id}/close`, { count: { totalCents: 999, denominations: { '2000': 1 } } });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.details[0].path).toEqual(['body', 'count', 'totalCents']);
    const closed = await post(`/v1/register-sessions/${session.id}/close`, { count: { totalCents: 26_700 }, note: 'Short a little' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', expectedCents: 26_766, countedCents: 26_700, overShortCents: -66 });
    expect((await post(`/v1/register-sessions/${session.id}/drops`, { amountCents: 100 }, register)).json().error.code).toBe('REGISTER_NOT_OPEN');

    const reviewed = await post(`/v1/register-sessions/${session.id}/review`, { note: 'Counted twice, 66¢ short accepted' });
    expect(reviewed.json()).toMatchObject({ reviewNote: 'Counted twice, 66¢ short accepted' });
    expect((await post(`/v1/register-sessions/${session.id}/review`, { note: 'again' })).json().error.code).toBe('ALREADY_REVIEWED');

    const report = (await server.request({ method: 'GET', url: `/v1/register-sessions/${session.id}/report`, cookie: manager })).json();
    expect(report.events.map((e: { kind: string }) => e.kind)).toEqual(['open', 'cash_sale', 'cash_sale', 'drop', 'paid_out', 'paid_in', 'close', 'review']);
    const drops = report.events.find((e: { kind: string }) => e.kind === 'drop');
    expect(drops).toMatchObject({ actorId: idOf('budtender'), witnessId: idOf('manager'), amountCents: 10_000 });
    const bea = report.byStaff.find((s: { actorId: string }) => s.actorId === idOf('budtender'));
    expect(bea).toMatchObject({ cashSales: 2, cashSalesCents: 7_000, drops: 1, paidOuts: 1, paidIns: 1 });

    const audit = await server.platform.database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', session.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['register.session.opened', 'register.cash.drop', 'register.cash.paid_out', 'register.cash.paid_in', 'register.session.closed', 'register.session.reviewed']),
    );
    expect(audit.find((a) => a.action === 'register.cash.drop')?.actor_id).toBe(idOf('budtender'));

    // A new session can open after the close.
    expect((await post(`/v1/registers/${registerId}/sessions`, { float: { totalCents: 20_000 } })).statusCode).toBe(201);
    const list = (await server.request({ method: 'GET', url: `/v1/stores/${storeId}/registers`, cookie: budtender })).json();
    expect(list.items.find((r: { id: string }) => r.id === registerId).openSession).not.toBeNull();
  });

  it('runs the check-in queue: waiting → serving → done with wait times, one budtender wins a race, SSE-bound events', async () => {
    const walkIn = await post(`/v1/stores/${storeId}/queue`, { customerName: 'Sam at the door', idChecked: true }, budtender);
    expect(walkIn.statusCode).toBe(201);
    expect(walkIn.json()).toMatchObject({ status: 'waiting', source: 'walk_in', idChecked: true, idCheckedBy: idOf('budtender') });
    const customerId = (await server.platform.database.db.selectFrom('customer').select('id').where('organization_id', '=', server.organizationId).executeTakeFirstOrThrow()).id;
    const pickup = await post(`/v1/stores/${storeId}/queue`, { source: 'online_pickup', customerId }, budtender);
    expect(pickup.statusCode).toBe(201);
    const nobody = await post(`/v1/stores/${storeId}/queue`, { source: 'walk_in' }, budtender);
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().error.details[0].path).toEqual(['body', 'customerName']);

    // Backdate the check-in so the wait is measurable.
    await server.platform.database.db
      .updateTable('register_queue_entry')
      .set({ checked_in_at: new Date(Date.now() - 5 * 60_000) })
      .where('id', '=', walkIn.json().id)
      .execute();
    const queue = (await server.request({ method: 'GET', url: `/v1/stores/${storeId}/queue`, cookie: budtender })).json();
    expect(queue.items.map((i: { id: string }) => i.id)).toEqual([walkIn.json().id, pickup.json().id]);
    expect(queue.waitingCount).toBe(2);
    expect(queue.longestWaitSeconds).toBeGreaterThanOrEqual(299);

    const url = `/v1/stores/${storeId}/queue/${walkIn.json().id}`;
    const [a, b] = await Promise.all([
      server.request({ method: 'PATCH', url, cookie: budtender, body: { status: 'serving' } }),
      server.request({ method: 'PATCH', url, cookie: manager, body: { status: 'serving' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const serving = (a.statusCode === 200 ? a : b).json();
    expect(serving.status).toBe('serving');
    expect(serving.budtenderId).toBe(a.statusCode === 200 ? idOf('budtender') : idOf('manager'));
    expect(serving.waitSeconds).toBeGreaterThanOrEqual(299);
    expect(serving.waitSeconds).toBeLessThan(400);

    const done = await server.request({ method: 'PATCH', url, cookie: budtender, body: { status: 'done' } });
    expect(done.json()).toMatchObject({ status: 'done' });
    expect(done.json().serviceSeconds).toBeGreaterThanOrEqual(0);
    expect(done.json().waitSeconds).toBe(serving.waitSeconds);
    const back = await server.request({ method: 'PATCH', url, cookie: budtender, body: { status: 'serving' } });
    expect(back.statusCode).toBe(409);
    expect(back.json().error.code).toBe('QUEUE_TRANSITION_NOT_ALLOWED');

    // Assign a budtender to the pickup, then the customer leaves.
    const pickupUrl = `/v1/stores/${storeId}/queue/${pickup.json().id}`;
    const assigned = await server.request({ method: 'PATCH', url: pickupUrl, cookie: budtender, body: { budtenderId: idOf('budtender'), idChecked: true } });
    expect(assigned.json()).toMatchObject({ status: 'waiting', budtenderId: idOf('budtender'), idChecked: true });
    expect((await server.request({ method: 'PATCH', url: pickupUrl, cookie: budtender, body: { status: 'left' } })).json().status).toBe('left');
    expect((await server.request({ method: 'GET', url: `/v1/stores/${storeId}/queue`, cookie: budtender })).json().items).toHaveLength(0);
    const history = (await server.request({ method: 'GET', url: `/v1/stores/${storeId}/queue?status=done,left`, cookie: budtender })).json();
    expect(history.items).toHaveLength(2);

    const events = await server.platform.database.db
      .selectFrom('outbox_event')
      .select(['type', 'store_id', 'payload'])
      .where('type', '=', 'registers.queue.changed')
      .where('aggregate_id', '=', walkIn.json().id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => (e.payload as { change: string }).change)).toEqual(['checked_in', 'serving', 'done']);
    expect(events.every((e) => e.store_id === storeId)).toBe(true);
  });

  it('parks a cart on a register and resumes it once; expired carts cannot be resumed', async () => {
    const registerId = await newRegister('Till 2');
    const payload = { customerId: null, lines: [{ skuId: uuidv7(), quantity: 2 }], note: 'ID in the car' };
    const parked = await post(`/v1/registers/${registerId}/parked-carts`, { label: 'Blue jacket', payload, ttlMinutes: 30 }, budtender);
    expect(parked.statusCode).toBe(201);
    const list = (await server.request({ method: 'GET', url: `/v1/registers/${registerId}/parked-carts`, cookie: budtender })).json();
    expect(list.items.map((c: { label: string }) => c.label)).toEqual(['Blue jacket']);

    const resumeUrl = `/v1/registers/${registerId}/parked-carts/${parked.json().id}/resume`;
    const resumed = await post(resumeUrl, undefined, budtender);
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json()).toMatchObject({ status: 'resumed', payload });
    const again = await post(resumeUrl, undefined, budtender);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('PARKED_CART_GONE');

    const stale = await post(`/v1/registers/${registerId}/parked-carts`, { label: 'Old cart', payload: { lines: [] } }, budtender);
    await server.platform.database.db
      .updateTable('register_parked_cart')
      .set({ parked_at: new Date(Date.now() - 3_600_000), expires_at: new Date(Date.now() - 1_000) })
      .where('id', '=', stale.json().id)
      .execute();
    expect((await server.request({ method: 'GET', url: `/v1/registers/${registerId}/parked-carts`, cookie: budtender })).json().items).toHaveLength(0);
    const expired = await post(`/v1/registers/${registerId}/parked-carts/${stale.json().id}/resume`, undefined, budtender);
    expect(expired.json().error.code).toBe('PARKED_CART_EXPIRED');
    const tooBig = await post(`/v1/registers/${registerId}/parked-carts`, { label: 'Huge', payload: { blob: 'x'.repeat(70_000) } }, budtender);
    expect(tooBig.statusCode).toBe(400);
  });
});
