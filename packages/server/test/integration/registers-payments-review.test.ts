// Registers and payments, second review: refusals that answered 500, named the wrong field or let
// in staff of another store. A parked cart over 64 KiB as PostgreSQL keeps it; unassigning the
// budtender of a customer being served; a tender a payment provider refuses (named at the tender,
// not at `tenders`); a gift card code with no digits; a drop whose amount and denominations
// disagree; a drop witness or queue budtender who works at another store; and a customer on record
// whose full name is longer than a queue entry keeps. Every refusal is a 4xx with a stable code and
// the request's field path, and writes nothing.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';
import { refusal } from '../support/refusals';

describe('registers and payments: review refusals', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let fx: CheckoutFixture;
  let registerId: string;
  let sessionId: string;

  const db = () => server.platform.database.db;
  const send = (cookie: string, method: string, url: string, body?: unknown) => server.request({ method, url, cookie, body });
  /** Rows a refused request must not have written. */
  const footprint = async () => {
    const tables = ['register_parked_cart', 'register_queue_entry', 'register_session_event', 'stored_value_account', 'stored_value_entry', 'payment', 'sales_order', 'audit_log', 'outbox_event'];
    const counts = await Promise.all(tables.map(async (t) => [t, Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(db())).rows[0].n)] as const));
    const drawers = await db().selectFrom('register_session').selectAll().orderBy('id').execute();
    const balances = await db().selectFrom('stored_value_account').select(['id', 'balance_cents']).orderBy('id').execute();
    return { counts: Object.fromEntries(counts), drawers, balances };
  };

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    fx = await stockedSku(db(), server.organizationId, { quantity: 20 });
    const register = await send(manager, 'POST', `/v1/stores/${fx.storeId}/registers`, { name: `Review ${uuidv7().slice(-6)}` });
    expect(register.statusCode, register.body).toBe(201);
    registerId = register.json().id;
    const opened = await send(manager, 'POST', `/v1/registers/${registerId}/sessions`, { float: { totalCents: 10_000 } });
    expect(opened.statusCode, opened.body).toBe(201);
    sessionId = opened.json().id;
  });
  afterAll(() => server?.close());

  it('a parked cart within 64 KiB as sent but over it as stored (accents, PostgreSQL’s spacing) is 400 at body.payload, not a 500', async () => {
    const before = await footprint();
    // 40,000 accented letters are 40,002 characters of JSON but 80,002 bytes; 30,000 zeros are
    // 60,001 characters as sent and 90,000 as PostgreSQL writes the array back ("0, 0, …").
    for (const payload of [{ note: 'é'.repeat(40_000) }, new Array(30_000).fill(0)]) {
      const parked = await send(budtender, 'POST', `/v1/registers/${registerId}/parked-carts`, { label: 'Big basket', payload });
      expect(refusal(parked), parked.body).toEqual({ status: 400, code: 'VALIDATION_FAILED', path: ['body', 'payload'] });
    }
    expect(await footprint()).toEqual(before);
    // A cart just under the limit is still parked.
    const fits = await send(budtender, 'POST', `/v1/registers/${registerId}/parked-carts`, { label: 'Fits', payload: { note: 'é'.repeat(30_000) } });
    expect(fits.statusCode, fits.body).toBe(201);
  });

  it('the budtender of a customer being served cannot be taken off (400 at body.budtenderId); a waiting customer’s can', async () => {
    const checkedIn = await send(budtender, 'POST', `/v1/stores/${fx.storeId}/queue`, { customerName: 'Robin at the door' });
    expect(checkedIn.statusCode, checkedIn.body).toBe(201);
    const url = `/v1/stores/${fx.storeId}/queue/${checkedIn.json().id}`;
    const entry = async () => db().selectFrom('register_queue_entry').selectAll().where('id', '=', checkedIn.json().id).executeTakeFirstOrThrow();

    // Served by nobody: refused, and the customer is still waiting.
    let before = await footprint();
    const servedByNobody = await send(budtender, 'PATCH', url, { status: 'serving', budtenderId: null });
    expect(refusal(servedByNobody), servedByNobody.body).toEqual({ status: 400, code: 'VALIDATION_FAILED', path: ['body', 'budtenderId'] });
    expect(await footprint()).toEqual(before);
    expect((await entry()).status).toBe('waiting');

    const serving = await send(budtender, 'PATCH', url, { status: 'serving' });
    expect(serving.statusCode, serving.body).toBe(200);
    const served = await entry();
    before = await footprint();
    const unassigned = await send(budtender, 'PATCH', url, { budtenderId: null });
    expect(refusal(unassigned), unassigned.body).toEqual({ status: 400, code: 'VALIDATION_FAILED', path: ['body', 'budtenderId'] });
    expect(await footprint()).toEqual(before);
    expect(await entry()).toEqual(served);

    // Finishing with nobody named, and unassigning a waiting customer, are fine.
    const done = await send(budtender, 'PATCH', url, { status: 'done', budtenderId: null });
    expect(done.statusCode, done.body).toBe(200);
    const waiting = await send(budtender, 'POST', `/v1/stores/${fx.storeId}/queue`, { customerName: 'Kim' });
    const waitingUrl = `/v1/stores/${fx.storeId}/queue/${waiting.json().id}`;
    expect((await send(budtender, 'PATCH', waitingUrl, { budtenderId: serving.json().budtenderId })).statusCode).toBe(200);
    const freed = await send(budtender, 'PATCH', waitingUrl, { budtenderId: null });
    expect(freed.statusCode, freed.body).toBe(200);
    expect(freed.json()).toMatchObject({ status: 'waiting', budtenderId: null });
  });

  it('a tender a payment provider refuses is named at that tender’s field in the request', async () => {
    const card = await send(manager, 'POST', '/v1/gift-cards', { amountCents: 100, code: '4000 1111 2222 3333' });
    expect(card.statusCode, card.body).toBe(201);
    const sale = (tenders: unknown[]) =>
      send(manager, 'POST', `/v1/stores/${fx.storeId}/pos-sales`, {
        id: uuidv7(),
        customer: { kind: 'adult_use', birthDate: '1980-01-01' },
        registerSessionId: sessionId,
        lines: [{ skuId: fx.skuId, quantity: 1 }],
        tenders,
      });
    const before = await footprint();
    const cases: Array<[unknown[], ReturnType<typeof refusal>]> = [
      [[{ kind: 'cash', tenderedCents: 1 }], { status: 422, code: 'TENDER_SHORT', path: ['body', 'tenders', 0, 'tenderedCents'] }],
      [[{ kind: 'terminal' }], { status: 400, code: 'VALIDATION_FAILED', path: ['body', 'tenders', 0, 'terminalReference'] }],
      [[{ kind: 'terminal', amountCents: 100, terminalReference: 'REVIEW-1' }, { kind: 'gift_card', amountCents: 100, giftCardCode: '9999 8888 7777 6666' }, { kind: 'cash' }], { status: 422, code: 'GIFT_CARD_UNKNOWN', path: ['body', 'tenders', 1, 'giftCardCode'] }],
      [[{ kind: 'terminal', amountCents: 100, terminalReference: 'REVIEW-2' }, { kind: 'gift_card', amountCents: 200, giftCardCode: '4000111122223333' }, { kind: 'cash' }], { status: 422, code: 'INSUFFICIENT_BALANCE', path: ['body', 'tenders', 1] }],
    ];
    for (const [tenders, expected] of cases) {
      const refused = await sale(tenders);
      expect(refusal(refused), refused.body).toEqual(expected);
    }
    expect(await footprint()).toEqual(before);
  });

  it('a gift card code is 8 to 32 digits: one of only spaces or dashes is 400 at body.code, and no card is made of it', async () => {
    const before = await footprint();
    for (const [url, body] of [
      ['/v1/gift-cards', { amountCents: 500, code: '--------' }],
      ['/v1/gift-cards', { amountCents: 500, code: '12 - 34 - 56' }],
      ['/v1/gift-cards/balance', { code: '        ' }],
      ['/v1/gift-cards/load', { amountCents: 500, code: '- - - - - -' }],
    ] as const) {
      const refused = await send(manager, 'POST', url, body);
      expect(refusal(refused), `${url} ${refused.body}`).toEqual({ status: 400, code: 'VALIDATION_FAILED', path: ['body', 'code'] });
    }
    expect(await footprint()).toEqual(before);
    // Spaces and dashes between digits are still how a card is typed.
    const typed = await send(manager, 'POST', '/v1/gift-cards', { amountCents: 500, code: '1234-5678 9012' });
    expect(typed.statusCode, typed.body).toBe(201);
    expect(typed.json()).toMatchObject({ last4: '9012', code: '123456789012' });
  });

  it('a drop whose amount and denominations disagree is 400 at body.amountCents, the field sent', async () => {
    const before = await footprint();
    const refused = await send(budtender, 'POST', `/v1/register-sessions/${sessionId}/drops`, { amountCents: 100, denominations: { '100': 2 } });
    expect(refusal(refused), refused.body).toEqual({ status: 400, code: 'VALIDATION_FAILED', path: ['body', 'amountCents'] });
    expect(await footprint()).toEqual(before);
    const agreed = await send(budtender, 'POST', `/v1/register-sessions/${sessionId}/drops`, { amountCents: 200, denominations: { '100': 2 } });
    expect(agreed.statusCode, agreed.body).toBe(200);
  });

  it('a drop’s witness and a queue’s budtender work at the store: staff limited to another store are refused (400 at the field)', async () => {
    const owner = await server.login('owner');
    const stores = (await send(owner, 'GET', '/v1/stores')).json().stores as Array<{ id: string }>;
    const elsewhere = stores.find((s) => s.id !== fx.storeId)!.id;
    const hire = async (storeIds: string[]) => {
      const made = await send(owner, 'POST', '/v1/staff', {
        email: `review-${uuidv7().slice(-12)}@demo.verdant.test`,
        name: 'Review Manager',
        role: 'manager',
        password: DEMO_PASSWORD,
        currentPassword: DEMO_PASSWORD,
        storeIds,
      });
      expect(made.statusCode, made.body).toBe(201);
      return made.json().id as string;
    };
    const away = await hire([elsewhere]);
    const here = await hire([fx.storeId]);
    const entry = await send(budtender, 'POST', `/v1/stores/${fx.storeId}/queue`, { customerName: 'Lee' });
    const entryUrl = `/v1/stores/${fx.storeId}/queue/${entry.json().id}`;

    const before = await footprint();
    const drop = await send(budtender, 'POST', `/v1/register-sessions/${sessionId}/drops`, { amountCents: 100, witnessId: away });
    expect(refusal(drop), drop.body).toEqual({ status: 400, code: 'VALIDATION_FAILED', path: ['body', 'witnessId'] });
    for (const body of [{ budtenderId: away }, { status: 'serving', budtenderId: away }]) {
      const assigned = await send(budtender, 'PATCH', entryUrl, body);
      expect(refusal(assigned), assigned.body).toEqual({ status: 400, code: 'VALIDATION_FAILED', path: ['body', 'budtenderId'] });
    }
    expect(await footprint()).toEqual(before);

    // Staff of this store (or of every store) are fine.
    const witnessed = await send(budtender, 'POST', `/v1/register-sessions/${sessionId}/drops`, { amountCents: 100, witnessId: here });
    expect(witnessed.statusCode, witnessed.body).toBe(200);
    const served = await send(budtender, 'PATCH', entryUrl, { status: 'serving', budtenderId: here });
    expect(served.statusCode, served.body).toBe(200);
  });

  it('a customer on record whose two names together pass 200 characters is checked in (the queue shows the first 200), not a 500', async () => {
    const [customerId] = await customers(db(), server.organizationId, 1);
    // Each name is within the 100 characters a customer record allows; with the space they are 201.
    await db().updateTable('customer').set({ first_name: 'A'.repeat(100), last_name: 'Z'.repeat(100) }).where('id', '=', customerId).execute();
    const checkedIn = await send(budtender, 'POST', `/v1/stores/${fx.storeId}/queue`, { customerId });
    expect(checkedIn.statusCode, checkedIn.body).toBe(201);
    expect(checkedIn.json().customerName).toBe(`${'A'.repeat(100)} ${'Z'.repeat(99)}`);
  });
});
