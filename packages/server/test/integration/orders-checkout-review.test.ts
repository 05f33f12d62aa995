// Review of the order lifecycle and the checkout core: each test here failed on the code it was
// written against, for the reason its name gives.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('orders and checkout review', () => {
  let server: TestServer;
  let manager: string;
  let fx: CheckoutFixture;
  let buyers: string[];
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(db(), server.organizationId, { quantity: 30 });
    buyers = await customers(db(), server.organizationId, 6);
  });
  afterAll(() => server.close());

  async function cartWithLine(customerId: string, quantity = 1) {
    const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: fx.storeId, customerId, channel: 'pickup' } })).json();
    const added = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie: manager, body: { skuId: fx.skuId, quantity } });
    expect(added.statusCode, added.body).toBe(200);
    const fulfilled = await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat', phone: '+15105550100' } } });
    expect(fulfilled.statusCode, fulfilled.body).toBe(200);
    return added.json() as { id: string; hold: { reservationId: string; expiresAt: string } };
  }

  it('a cart whose hold ended elsewhere (released by a manager) is held again by POST /hold, as the route says, and then sells', async () => {
    const cart = await cartWithLine(buyers[0], 2);
    const released = await server.request({ method: 'POST', url: `/v1/inventory/reservations/${cart.hold.reservationId}/release`, cookie: manager, body: { reason: 'stuck hold' } });
    expect(released.statusCode, released.body).toBe(200);
    expect((await ledgerMatches(db(), fx.packageId)).reserved).toBe(0);

    const held = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/hold`, cookie: manager });
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json().hold.reservationId).not.toBe(cart.hold.reservationId);
    const stock = await ledgerMatches(db(), fx.packageId);
    expect(stock).toMatchObject({ reserved: 2, ledgerReserved: 2 });

    const done = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });
    expect(done.statusCode, done.body).toBe(201);
    expect(await ledgerMatches(db(), fx.packageId)).toMatchObject({ reserved: 0, ledgerReserved: 0, onHand: stock.onHand - 2 });
  });

  it('a register sale refused by the stock names the request’s field: body.lines[i], as every other refusal of the route does', async () => {
    const other = await stockedSku(db(), server.organizationId, { code: 'HH-GDP-35', quantity: 2 });
    const sale = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie: manager,
      body: { id: uuidv7(), customerId: buyers[5], lines: [{ skuId: fx.skuId, quantity: 1 }, { skuId: fx.skuId, quantity: 1, packageLabel: other.packageLabel }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
    });
    expect(sale.statusCode, sale.body).toBe(422);
    expect(sale.json().error).toMatchObject({ code: 'PACKAGE_SKU_MISMATCH', details: { path: ['body', 'lines', 1, 'packageLabel'] } });
  });

  it('a promotion on a line a manager already discounted is recorded at what it took off, not at what it would have', async () => {
    const created = await server.request({
      method: 'POST',
      url: '/v1/promotions',
      cookie: manager,
      body: { storeId: fx.storeId, name: 'Review 20% off', receiptLabel: 'REVIEW 20%', action: { type: 'percent_off_items', percent: 20, filter: { skus: [fx.skuCode] } } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const other = await stockedSku(db(), server.organizationId, { code: 'HH-GDP-35', quantity: 2 });
    try {
      const id = uuidv7();
      const sale = await server.request({
        method: 'POST',
        url: `/v1/stores/${fx.storeId}/pos-sales`,
        cookie: manager,
        body: {
          id,
          customerId: buyers[4],
          lines: [{ skuId: fx.skuId, quantity: 1, override: { discountCents: fx.priceCents - 100, reason: 'damaged box' } }, { skuId: other.skuId, quantity: 1 }],
          tenders: [{ kind: 'cash', tenderedCents: 100_000 }],
        },
      });
      expect(sale.statusCode, sale.body).toBe(201);
      const body = sale.json();
      // $1.00 was left on the line: the promotion took $1.00 off, not 20% of the list price.
      expect(body.order.lines[0]).toMatchObject({ grossCents: fx.priceCents, discountCents: fx.priceCents });
      expect(body.promotions.applied).toEqual([expect.objectContaining({ promotionId: created.json().id, amountCents: 100 })]);
      const redemptions = await db().selectFrom('promotion_redemption').select('amount_cents').where('order_id', '=', id).execute();
      expect(redemptions.map((r) => Number(r.amount_cents))).toEqual([100]);
    } finally {
      await server.request({ method: 'DELETE', url: `/v1/promotions/${created.json().id}`, cookie: manager });
    }
  });

  it('a sale whose every unit was returned is not voided as well: 422 RETURN_EXCEEDS_SALE, and no void is recorded, audited or announced', async () => {
    const sale = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie: manager,
      body: { id: uuidv7(), customerId: buyers[1], lines: [{ skuId: fx.skuId, quantity: 2 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json().order;
    const returned = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/returns`, cookie: manager, body: { lines: [{ lineNo: 0, quantity: 2, restock: 'sellable' }], reason: 'changed their mind' } });
    expect(returned.statusCode, returned.body).toBe(201);
    expect(returned.json().refundCents).toBe(order.totalCents);

    const voided = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/void`, cookie: manager, body: { reason: 'rang up twice' } });
    expect(voided.statusCode, voided.body).toBe(422);
    expect(voided.json().error.code).toBe('RETURN_EXCEEDS_SALE');
    expect((await db().selectFrom('sales_order').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status).toBe('completed');
    expect(await db().selectFrom('sales_return').select('kind').where('order_id', '=', order.id).execute()).toEqual([{ kind: 'return' }]);
    expect(await db().selectFrom('outbox_event').select('id').where('aggregate_id', '=', order.id).where('type', '=', 'orders.order.voided').execute()).toEqual([]);
    expect(await db().selectFrom('audit_log').select('id').where('entity_id', '=', order.id).where('action', '=', 'orders.order.voided').execute()).toEqual([]);
  });
});
