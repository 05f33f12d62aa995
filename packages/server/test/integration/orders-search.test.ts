// Finding an order at the counter without its id: by the number on the receipt, by the customer,
// the channel, the status or when it was placed, newest first and a page at a time; and an order's
// payments, in the order a return refunds them, so the return screen can say where the money goes.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

type Summary = { id: string; number: string; channel: string; status: string; customer: { id: string | null }; placedAt: string; lines?: unknown };

describe('finding orders and their payments', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let fx: CheckoutFixture;
  let otherStoreId: string;
  let regular: string; // several orders
  let occasional: string;
  const regularOrders: Summary[] = []; // oldest first
  let walkInOrder: Summary;
  let pickupOrder: Summary;
  let voidedOrder: Summary;
  let split: { id: string; totalCents: number };
  const giftCode = '6000555544443333';

  const db = () => server.platform.database.db;
  const get = (url: string, cookie = budtender) => server.request({ method: 'GET', url, cookie });
  const search = async (query: string, cookie = budtender) => {
    const response = await get(`/v1/stores/${fx.storeId}/orders?${query}`, cookie);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { orders: Summary[]; nextAfter: number | null };
  };
  const posSale = async (body: Record<string, unknown>) => {
    const sale = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie: manager,
      body: { id: uuidv7(), lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }], ...body },
    });
    expect(sale.statusCode, sale.body).toBe(201);
    return sale.json().order;
  };

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    fx = await stockedSku(db(), server.organizationId, { quantity: 40 });
    [regular, occasional] = await customers(db(), server.organizationId, 2);
    const stores = (await get('/v1/stores', manager)).json().stores as Array<{ id: string }>;
    otherStoreId = stores.find((s) => s.id !== fx.storeId)!.id;

    for (let i = 0; i < 3; i++) regularOrders.push(await posSale({ customerId: regular }));
    walkInOrder = await posSale({ customer: { kind: 'adult_use', birthDate: '1980-01-01' } });
    await posSale({ customerId: occasional });
    voidedOrder = await posSale({ customerId: occasional });
    expect((await server.request({ method: 'POST', url: `/v1/orders/${voidedOrder.id}/void`, cookie: manager, body: { reason: 'rang up twice' } })).statusCode).toBe(201);
    // An online pickup order of the regular's, paid with the simulator's card.
    const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: fx.storeId, customerId: regular, channel: 'pickup' } })).json();
    await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie: manager, body: { skuId: fx.skuId, quantity: 1 } });
    await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat', phone: '+15105550100' } } });
    const placed = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });
    expect(placed.statusCode, placed.body).toBe(201);
    pickupOrder = placed.json().order;
    regularOrders.push(pickupOrder);

    // A split sale: a gift card, a terminal payment, the rest in cash.
    expect((await server.request({ method: 'POST', url: '/v1/gift-cards', cookie: manager, body: { amountCents: 1000, code: giftCode } })).statusCode).toBe(201);
    const order = await posSale({
      customerId: regular,
      lines: [{ skuId: fx.skuId, quantity: 2 }],
      tenders: [
        { kind: 'gift_card', giftCardCode: giftCode, amountCents: 1000 },
        { kind: 'terminal', amountCents: 500, terminalReference: 'TERM-8812', cardLast4: '4242' },
        { kind: 'cash', tenderedCents: 100_000 },
      ],
    });
    split = { id: order.id, totalCents: order.totalCents };
    regularOrders.push(order);
  });
  afterAll(() => server?.close());

  it('finds an order by the number on its receipt, without its lines', async () => {
    const { orders, nextAfter } = await search(`number=${walkInOrder.number}`);
    expect(orders.map((o) => o.id)).toEqual([walkInOrder.id]);
    expect(orders[0]).toMatchObject({ number: walkInOrder.number, channel: 'in_store', status: 'completed', customer: { id: null } });
    expect(orders[0].lines).toBeUndefined();
    expect(nextAfter).toBeNull();
    expect((await search('number=999999999')).orders).toEqual([]);
    // The same number is not found at another store.
    const elsewhere = await get(`/v1/stores/${otherStoreId}/orders?number=${walkInOrder.number}`, manager);
    expect(elsewhere.statusCode, elsewhere.body).toBe(200);
    expect(elsewhere.json().orders).toEqual([]);
  });

  it('lists a customer’s orders newest first, a page at a time', async () => {
    const newestFirst = [...regularOrders].reverse().map((o) => o.id);
    const all = await search(`customerId=${regular}`);
    expect(all.orders.map((o) => o.id)).toEqual(newestFirst);
    const numbers = all.orders.map((o) => Number(o.number));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));

    const first = await search(`customerId=${regular}&limit=2`);
    expect(first.orders.map((o) => o.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.nextAfter).toBe(Number(first.orders[1].number));
    const second = await search(`customerId=${regular}&limit=2&after=${first.nextAfter}`);
    expect(second.orders.map((o) => o.id)).toEqual(newestFirst.slice(2, 4));
    const third = await search(`customerId=${regular}&limit=2&after=${second.nextAfter}`);
    expect(third.orders.map((o) => o.id)).toEqual(newestFirst.slice(4));
    expect(third.nextAfter).toBeNull();
  });

  it('filters by channel, status and when placed, and the filters combine', async () => {
    expect((await search(`customerId=${regular}&channel=pickup`)).orders.map((o) => o.id)).toEqual([pickupOrder.id]);
    expect((await search(`customerId=${regular}&channel=in_store`)).orders).toHaveLength(regularOrders.length - 1);
    expect((await search(`customerId=${occasional}&status=voided`)).orders.map((o) => o.id)).toEqual([voidedOrder.id]);
    expect((await search('status=placed&channel=pickup')).orders.map((o) => o.id)).toContain(pickupOrder.id);
    const firstAt = regularOrders[0].placedAt;
    expect((await search(`customerId=${regular}&to=${encodeURIComponent(firstAt)}`)).orders).toEqual([]);
    expect((await search(`customerId=${regular}&from=${encodeURIComponent(firstAt)}`)).orders).toHaveLength(regularOrders.length);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await search(`customerId=${regular}&from=${encodeURIComponent(future)}`)).orders).toEqual([]);
  });

  it('answers a bad or unknown parameter with 400 and its path, another organization’s store with 404', async () => {
    const bad = async (query: string, path: Array<string | number>) => {
      const response = await get(`/v1/stores/${fx.storeId}/orders?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(response.json().error.details.map((d: { path: unknown }) => d.path), query).toContainEqual(path);
    };
    await bad('number=A1001', ['querystring', 'number']);
    await bad('customerId=someone', ['querystring', 'customerId']);
    await bad('channel=drive_through', ['querystring', 'channel']);
    await bad('status=lost', ['querystring', 'status']);
    await bad('from=yesterday', ['querystring', 'from']);
    await bad('from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', ['querystring', 'to']);
    await bad('limit=0', ['querystring', 'limit']);
    await bad('limit=101', ['querystring', 'limit']);
    await bad('after=-3', ['querystring', 'after']);
    await bad('colour=green', ['querystring', 'colour']);
    const unknownStore = await get(`/v1/stores/${uuidv7()}/orders`);
    expect(unknownStore.statusCode).toBe(404);
  });

  it('an order’s payments, in the order a return refunds them, with references and last four digits only', async () => {
    const response = await get(`/v1/orders/${split.id}/payments`);
    expect(response.statusCode, response.body).toBe(200);
    const { orderId, payments } = response.json();
    expect(orderId).toBe(split.id);
    const cashCents = split.totalCents - 1500;
    expect(payments).toMatchObject([
      { kind: 'cash', status: 'captured', amountCents: cashCents, refundedCents: 0, refundableCents: cashCents, tenderedCents: 100_000, reference: null, last4: null },
      { kind: 'terminal', amountCents: 500, refundedCents: 0, reference: 'TERM-8812', last4: '4242', tenderedCents: null, changeCents: 0 },
      { kind: 'gift_card', amountCents: 1000, refundedCents: 0, reference: null, last4: '3333' },
    ]);
    expect(response.body).not.toContain(giftCode);
    const rows = await db().selectFrom('payment').select(['id', 'amount_cents']).where('order_id', '=', split.id).execute();
    expect(payments.map((p: { id: string }) => p.id).sort()).toEqual(rows.map((r) => r.id).sort());

    // A return of one of the two units goes to the first listed (the cash), as the list said.
    const returned = await server.request({ method: 'POST', url: `/v1/orders/${split.id}/returns`, cookie: manager, body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'changed mind' } });
    expect(returned.statusCode, returned.body).toBe(201);
    const refund = returned.json().refundCents;
    expect(returned.json().refunds.map((r: { paymentId: string }) => r.paymentId)).toEqual([payments[0].id]);
    const after = (await get(`/v1/orders/${split.id}/payments`)).json().payments;
    expect(after[0]).toMatchObject({ kind: 'cash', status: 'partially_refunded', refundedCents: refund, refundableCents: cashCents - refund });
    expect(after.slice(1).map((p: { refundedCents: number }) => p.refundedCents)).toEqual([0, 0]);

    expect((await get(`/v1/orders/${uuidv7()}/payments`)).statusCode).toBe(404);
  });

  it('staff limited to another store are refused its orders, their payments and receipts (403 STORE_NOT_ALLOWED)', async () => {
    const email = `elsewhere-${uuidv7()}@demo.verdant.test`;
    const created = await server.request({
      method: 'POST',
      url: '/v1/staff',
      cookie: manager,
      body: { email, name: 'Elsewhere', role: 'budtender', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [otherStoreId] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
    expect(login.statusCode, login.body).toBe(200);
    const elsewhere = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
    const list = await get(`/v1/stores/${fx.storeId}/orders?number=${walkInOrder.number}`, elsewhere);
    expect(list.statusCode).toBe(403);
    expect(list.json().error.code).toBe('STORE_NOT_ALLOWED');
    const payments = await get(`/v1/orders/${split.id}/payments`, elsewhere);
    expect(payments.statusCode).toBe(403);
    expect(payments.json().error.code).toBe('STORE_NOT_ALLOWED');
    // Nor its receipt (which names the tenders and the customer's order).
    const receipt = await get(`/v1/orders/${split.id}/receipt`, elsewhere);
    expect(receipt.statusCode).toBe(403);
    expect(receipt.json().error.code).toBe('STORE_NOT_ALLOWED');
    // Their own store answers.
    expect((await get(`/v1/stores/${otherStoreId}/orders`, elsewhere)).statusCode).toBe(200);
  });
});
