// Who a sale is credited to. At the register, the person acting unless someone else is named; on a
// cart, nobody unless named. Naming someone else takes pos:manage, and that person must be a staff
// member of the organization (404) who is active and works at the store (422
// BUDTENDER_NOT_AT_STORE): a refused sale writes nothing and takes no payment.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentsOf } from '../../src/modules/payments';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('checkout: the budtender a sale is credited to', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let fx: CheckoutFixture;
  let buyer: string;
  const ids: Record<string, string> = {};
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer({ workers: false });
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    fx = await stockedSku(db(), server.organizationId, { quantity: 100 });
    [buyer] = await customers(db(), server.organizationId, 1);
    const owner = await server.login('owner');
    const denver = (await db().selectFrom('store').select('id').where('name', 'like', '%Denver%').executeTakeFirstOrThrow()).id;
    for (const [name, body] of [
      ['oakland', { storeIds: [fx.storeId] }],
      ['denver', { storeIds: [denver] }],
      ['gone', {}],
    ] as const) {
      const made = await server.request({
        method: 'POST',
        url: '/v1/staff',
        cookie: owner,
        body: { email: `${name}-${uuidv7()}@demo.verdant.test`, name: `Budtender ${name}`, role: 'budtender', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, ...body },
      });
      expect(made.statusCode, made.body).toBe(201);
      ids[name] = made.json().id;
    }
    expect((await server.request({ method: 'PATCH', url: `/v1/staff/${ids.gone}`, cookie: owner, body: { active: false } })).statusCode).toBe(200);
    ids.budtender = (await db().selectFrom('staff_user').select('id').where('email', '=', 'budtender@demo.verdant.test').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => server?.close());

  const posSale = (cookie: string, budtenderId?: string, id = uuidv7()) =>
    server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie,
      body: {
        id,
        customer: { kind: 'adult_use', birthDate: '1980-01-01' },
        lines: [{ skuId: fx.skuId, quantity: 1 }],
        tenders: [{ kind: 'cash', tenderedCents: 100_000 }],
        ...(budtenderId ? { budtenderId } : {}),
      },
    });
  const creditedTo = async (orderId: string) => (await db().selectFrom('sales_order').select('budtender_id').where('id', '=', orderId).executeTakeFirstOrThrow()).budtender_id;

  it('at the register the acting person by default; a manager credits a budtender of the store', async () => {
    const own = await posSale(budtender);
    expect(own.statusCode, own.body).toBe(201);
    expect(await creditedTo(own.json().order.id)).toBe(ids.budtender);
    const named = await posSale(manager, ids.oakland);
    expect(named.statusCode, named.body).toBe(201);
    expect(await creditedTo(named.json().order.id)).toBe(ids.oakland);
  });

  it('someone unknown, of another store or deactivated is refused at body.budtenderId, and nothing is sold', async () => {
    const before = await db().selectFrom('sales_order').select('id').execute();
    for (const [who, expected] of [
      [uuidv7(), [404, 'NOT_FOUND']],
      [ids.denver, [422, 'BUDTENDER_NOT_AT_STORE']],
      [ids.gone, [422, 'BUDTENDER_NOT_AT_STORE']],
    ] as const) {
      const refused = await posSale(manager, who);
      expect([refused.statusCode, refused.json().error.code, refused.json().error.details.path], who).toEqual([...expected, ['body', 'budtenderId']]);
    }
    const notAnId = await posSale(manager, 'bea');
    expect([notAnId.statusCode, notAnId.json().error.details[0].path]).toEqual([400, ['body', 'budtenderId']]);
    // A budtender may not credit their sale to someone else.
    const other = await posSale(budtender, ids.oakland);
    expect([other.statusCode, other.json().error.code]).toEqual([403, 'FORBIDDEN']);
    expect(await db().selectFrom('sales_order').select('id').execute()).toHaveLength(before.length);
  });

  it('a cart is credited to nobody unless named, and to whom it names under the same rules', async () => {
    const cart = async () => {
      const made = await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: fx.storeId, customerId: buyer, channel: 'pickup' } });
      const id = made.json().id as string;
      expect((await server.request({ method: 'PUT', url: `/v1/carts/${id}/lines`, cookie: manager, body: { lines: [{ skuId: fx.skuId, quantity: 1 }] } })).statusCode).toBe(200);
      expect((await server.request({ method: 'PUT', url: `/v1/carts/${id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat', phone: '+15105550100' } } })).statusCode).toBe(200);
      return id;
    };
    const complete = (id: string, budtenderId?: string) =>
      server.request({ method: 'POST', url: `/v1/carts/${id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }], ...(budtenderId ? { budtenderId } : {}) } });
    const refused = await complete(await cart(), ids.denver);
    expect([refused.statusCode, refused.json().error.code]).toEqual([422, 'BUDTENDER_NOT_AT_STORE']);
    const plain = await complete(await cart());
    expect(plain.statusCode, plain.body).toBe(201);
    expect(await creditedTo(plain.json().order.id)).toBeNull();
    const named = await complete(await cart(), ids.oakland);
    expect(named.statusCode, named.body).toBe(201);
    expect(await creditedTo(named.json().order.id)).toBe(ids.oakland);
  });

  it('a budtender deactivated while the payment is taken is not credited: the sale is refused and the payment voided', async () => {
    const owner = await server.login('owner');
    const made = await server.request({
      method: 'POST',
      url: '/v1/staff',
      cookie: owner,
      body: { email: `leaving-${uuidv7()}@demo.verdant.test`, name: 'Leaving Budtender', role: 'budtender', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [fx.storeId] },
    });
    const leaving = made.json().id as string;
    const simulator = paymentsOf(server.platform).simulator;
    const authorizedBefore = new Set(simulator.authorized.keys());
    // The processor is asked, and answers only once the budtender is deactivated: the deactivation
    // lands while the payment is taken, however long the sale took to get there (a fixed 150 ms
    // wait let a slow machine deactivate before the sale had even checked the budtender).
    const authorize = simulator.authorize;
    let asked!: () => void;
    const paymentAsked = new Promise<void>((resolve) => (asked = resolve));
    let answer!: () => void;
    const deactivated = new Promise<void>((resolve) => (answer = resolve));
    simulator.authorize = async function (this: typeof simulator, ...args: Parameters<typeof authorize>) {
      asked();
      await deactivated;
      return authorize.apply(this, args);
    };
    try {
      const id = uuidv7();
      const selling = server.request({
        method: 'POST',
        url: `/v1/stores/${fx.storeId}/pos-sales`,
        cookie: manager,
        body: { id, customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'simulator' }], budtenderId: leaving },
      });
      await paymentAsked;
      expect((await server.request({ method: 'PATCH', url: `/v1/staff/${leaving}`, cookie: owner, body: { active: false } })).statusCode).toBe(200);
      answer();
      const refused = await selling;
      expect([refused.statusCode, refused.json().error.code]).toEqual([422, 'BUDTENDER_NOT_AT_STORE']);
      expect(await db().selectFrom('sales_order').select('id').where('id', '=', id).execute()).toEqual([]);
      expect(await db().selectFrom('payment').select('id').where('order_id', '=', id).execute()).toEqual([]);
      // What the simulator authorized for this sale was voided.
      const authorized = [...simulator.authorized.keys()].filter((ref) => !authorizedBefore.has(ref));
      expect(authorized.length).toBeGreaterThan(0);
      expect(authorized.every((ref) => simulator.voided.has(ref))).toBe(true);
    } finally {
      answer();
      simulator.authorize = authorize;
    }
  });
});
