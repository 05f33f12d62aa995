// Store credit is money the store owes one customer: it pays only for that customer's own sale.
// A register sale for a walk-in (or for someone else) that names another customer's store credit,
// and an online cart completed with it, are refused before any money moves — no order, no payment,
// no ledger entry on the credit or on a gift card of the same split, the stock and the hold as
// they were — while the customer's own credit still pays.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('store credit pays only for its own customer', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let fx: CheckoutFixture;
  let owner: string; // holds the store credit
  let someoneElse: string;
  let creditId: string;
  let gift: { id: string; code: string };

  const db = () => server.platform.database.db;
  const walkIn = { kind: 'adult_use', birthDate: '1980-01-01' } as const;
  const sale = (body: Record<string, unknown>) =>
    server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie: budtender, body: { id: uuidv7(), lines: [{ skuId: fx.skuId, quantity: 1 }], ...body } });

  /** A stored-value account's balance and its ledger (entries, oldest first). */
  const account = async (id: string) => ({
    balance: Number((await db().selectFrom('stored_value_account').select('balance_cents').where('id', '=', id).executeTakeFirstOrThrow()).balance_cents),
    entries: (await db().selectFrom('stored_value_entry').select(['amount_cents', 'reason']).where('account_id', '=', id).orderBy('id').execute()).map((e) => [e.reason, Number(e.amount_cents)]),
  });
  /** What a refused sale must not have written: its order, payments, audit rows naming it. */
  const nothingWrittenFor = async (saleId: string) => {
    expect(await db().selectFrom('sales_order').select('id').where('id', '=', saleId).execute()).toHaveLength(0);
    expect(await db().selectFrom('payment').select('id').where('order_id', '=', saleId).execute()).toHaveLength(0);
    expect(await db().selectFrom('stored_value_entry').select('id').where('reference', '=', saleId).execute()).toHaveLength(0);
  };
  const refusal = (response: { statusCode: number; json(): { error: { code: string; details: { path: unknown } } } }, path: unknown[]) => {
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'STORE_CREDIT_NOT_CUSTOMERS', details: { path } });
  };

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    fx = await stockedSku(db(), server.organizationId, { quantity: 20 });
    [owner, someoneElse] = await customers(db(), server.organizationId, 2);
    // $200.00 of goodwill credit for the owner, and a $50.00 gift card.
    creditId = uuidv7();
    await db().insertInto('stored_value_account').values({ id: creditId, organization_id: server.organizationId, kind: 'store_credit', code_hash: null, code_last4: null, customer_id: owner, balance_cents: 20_000 } as never).execute();
    await db().insertInto('stored_value_entry').values({ account_id: creditId, amount_cents: 20_000, reason: 'adjust', reference: 'test goodwill' }).execute();
    const card = await server.request({ method: 'POST', url: '/v1/gift-cards', cookie: manager, body: { amountCents: 5000 } });
    expect(card.statusCode, card.body).toBe(201);
    gift = { id: card.json().id, code: card.json().code };
  });
  afterAll(() => server?.close());

  it('a walk-in’s register sale cannot spend a customer’s store credit: 422 with the tender’s path, nothing written', async () => {
    const stock = await ledgerMatches(db(), fx.packageId);
    const id = uuidv7();
    const refused = await sale({ id, customer: walkIn, tenders: [{ kind: 'store_credit', customerId: owner }] });
    refusal(refused, ['body', 'tenders', 0, 'customerId']);
    await nothingWrittenFor(id);
    expect(await account(creditId)).toEqual({ balance: 20_000, entries: [['adjust', 20_000]] });
    expect((await ledgerMatches(db(), fx.packageId)).onHand).toBe(stock.onHand);
    expect(await db().selectFrom('audit_log').select('id').where('action', '=', 'store_credit.redeemed').where('entity_id', '=', creditId).execute()).toHaveLength(0);
  });

  it('a customer’s sale cannot spend another customer’s credit, even as the second tender of a split: the gift card before it is not touched', async () => {
    const id = uuidv7();
    const refused = await sale({ id, customerId: someoneElse, tenders: [{ kind: 'gift_card', giftCardCode: gift.code, amountCents: 1000 }, { kind: 'store_credit', customerId: owner }] });
    refusal(refused, ['body', 'tenders', 1, 'customerId']);
    await nothingWrittenFor(id);
    expect(await account(creditId)).toEqual({ balance: 20_000, entries: [['adjust', 20_000]] });
    // Refused before any tender was taken: no debit-and-void pair on the gift card either.
    expect(await account(gift.id)).toEqual({ balance: 5000, entries: [['issue', 5000]] });
  });

  it('store credit without the customer is refused before any money moves (400, the field path)', async () => {
    const id = uuidv7();
    const refused = await sale({ id, customerId: owner, tenders: [{ kind: 'gift_card', giftCardCode: gift.code, amountCents: 1000 }, { kind: 'store_credit' }] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: ['body', 'tenders', 1, 'customerId'] }] });
    await nothingWrittenFor(id);
    expect(await account(gift.id)).toEqual({ balance: 5000, entries: [['issue', 5000]] });
  });

  it('the customer’s own credit pays for their sale', async () => {
    const paid = await sale({ customerId: owner, tenders: [{ kind: 'store_credit', customerId: owner }] });
    expect(paid.statusCode, paid.body).toBe(201);
    const { order, payments } = paid.json();
    expect(payments).toMatchObject([{ provider: 'store_credit', amountCents: order.totalCents }]);
    expect(await account(creditId)).toEqual({ balance: 20_000 - order.totalCents, entries: [['adjust', 20_000], ['redeem', -order.totalCents]] });
  });

  it('an online cart is completed the same way: another customer’s credit is refused with the hold intact; the cart customer’s own pays', async () => {
    const created = await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: fx.storeId, customerId: someoneElse, channel: 'pickup' } });
    expect(created.statusCode, created.body).toBe(201);
    const cartId = created.json().id;
    expect((await server.request({ method: 'POST', url: `/v1/carts/${cartId}/lines`, cookie: manager, body: { skuId: fx.skuId, quantity: 1 } })).statusCode).toBe(200);
    expect((await server.request({ method: 'PUT', url: `/v1/carts/${cartId}/fulfillment`, cookie: manager, body: { pickup: { name: 'Test Buyer', phone: '+15105550199' } } })).statusCode).toBe(200);
    const held = await db().selectFrom('sales_cart').select(['status', 'reservation_id', 'hold_expires_at', 'order_id']).where('id', '=', cartId).executeTakeFirstOrThrow();
    const stock = await ledgerMatches(db(), fx.packageId);
    const before = await account(creditId);

    const refused = await server.request({ method: 'POST', url: `/v1/carts/${cartId}/complete`, cookie: manager, body: { tenders: [{ kind: 'store_credit', customerId: owner }] } });
    refusal(refused, ['body', 'tenders', 0, 'customerId']);
    expect(await db().selectFrom('sales_cart').select(['status', 'reservation_id', 'hold_expires_at', 'order_id']).where('id', '=', cartId).executeTakeFirstOrThrow()).toEqual(held);
    expect(await ledgerMatches(db(), fx.packageId)).toEqual(stock);
    expect(await db().selectFrom('sales_order').select('id').where('cart_id', '=', cartId).execute()).toHaveLength(0);
    expect(await account(creditId)).toEqual(before);

    // The cart's own customer has no credit yet: a goodwill credit, then it pays.
    const goodwill = uuidv7();
    await db().insertInto('stored_value_account').values({ id: goodwill, organization_id: server.organizationId, kind: 'store_credit', code_hash: null, code_last4: null, customer_id: someoneElse, balance_cents: 20_000 } as never).execute();
    const paid = await server.request({ method: 'POST', url: `/v1/carts/${cartId}/complete`, cookie: manager, body: { tenders: [{ kind: 'store_credit', customerId: someoneElse }] } });
    expect(paid.statusCode, paid.body).toBe(201);
    expect(paid.json().payments).toMatchObject([{ provider: 'store_credit', amountCents: paid.json().order.totalCents }]);
    expect((await account(goodwill)).balance).toBe(20_000 - paid.json().order.totalCents);
    expect(await account(creditId)).toEqual(before);
  });
});
