// Massachusetts delivers only to a customer pre-verified before the order (regulations.md L158,
// L221; pack rule us-ma.delivery.pre-verification). In Verdant a customer is pre-verified by an ID
// that staff checked in person at a store of the jurisdiction, accepted and unexpired. The refusal
// comes at every check of a delivery cart (add-to-cart, the staff's and the shopper's) and again at
// completion, where it is logged and nothing else is written. Pickup and other states' packs are
// not affected.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packsApi, type PacksSku, type PacksStore } from '../support/packs-api';
import type { Json } from '../support/packs-cases';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';

const api = packsApi('Pre-verification');
const RULE = 'us-ma.delivery.pre-verification';
const BOSTON = { line1: '1 Beacon St', city: 'Boston', region: 'MA', postalCode: '02108' };
const OAKLAND = { line1: '1 Broadway', city: 'Oakland', region: 'CA', postalCode: '94607' };
const PASSWORD = 'a-long-shopper-password';

describe('Massachusetts delivery pre-verification', () => {
  let ma: PacksStore;
  let ca: PacksStore;
  let maFlower: PacksSku;
  let caFlower: PacksSku;

  beforeAll(async () => {
    await api.start();
    ma = await api.storeIn('US-MA', 'America/New_York');
    ca = await api.storeIn('US-CA', 'America/Los_Angeles');
    maFlower = await api.product(ma, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 3000, 40);
    caFlower = await api.product(ca, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 3000, 40);
  });
  afterAll(() => api.close());

  const server = () => api.server;
  const db = () => api.db();
  const staff = (method: string, url: string, body?: unknown, cookie = api.manager) => server().request({ method, url, cookie, body });
  const codes = (r: { json(): Json }) => (r.json().error?.details?.violations ?? []).map((v: Json) => v.code);

  /** An ID checked by hand by the budtender at `storeId` (accepted: valid and of age). */
  async function checkIdInPerson(customerId: string, storeId: string, expiresOn = '2035-06-30') {
    const checked = await staff(
      'POST',
      `/v1/customers/${customerId}/id-verifications`,
      { storeId, documentType: 'driver_license', issuingJurisdiction: 'US-MA', expiresOn, birthDate: '1980-01-01' },
      api.budtender,
    );
    expect(checked.statusCode, checked.body).toBe(201);
    return checked.json().verification.id as string;
  }

  /** A staff cart of `channel` for the customer at the store, with one unit of `sku` asked for. */
  async function cartWithLine(store: PacksStore, sku: PacksSku, customerId: string, channel: 'pickup' | 'delivery') {
    const cartId = await api.newCart(store.id, customerId, channel);
    const added = await api.addLine(cartId, { skuId: sku.id, quantity: 1 });
    return { cartId, added };
  }

  const deliveryTo = (address: Json) => api.delivery(address);

  /** What a refused completion may not have written, and the one thing it writes: its log entry. */
  async function writtenFor(customerId: string, skuId: string) {
    const counts = (
      await sql<{ orders: string; usage: string; payments: string; on_hand: string; reserved: string }>`
        select (select count(*) from sales_order where customer_id = ${customerId}) as orders,
               (select count(*) from purchase_usage_line where customer_id = ${customerId}) as usage,
               (select count(*) from payment p join sales_order o on o.id = p.order_id where o.customer_id = ${customerId}) as payments,
               (select coalesce(sum(on_hand), 0) from inventory_stock where sku_id = ${skuId}) as on_hand,
               (select coalesce(sum(reserved), 0) from inventory_stock where sku_id = ${skuId}) as reserved`.execute(db())
    ).rows[0];
    return {
      orders: Number(counts.orders),
      usage: Number(counts.usage),
      payments: Number(counts.payments),
      stock: [Number(counts.on_hand), Number(counts.reserved)],
      carts: (await db().selectFrom('sales_cart').select(['status', 'order_id']).where('customer_id', '=', customerId).orderBy('created_at').execute()).map((c) => `${c.status}:${c.order_id ?? '-'}`),
      refusals: (await db().selectFrom('compliance_event').select(['source', 'channel', 'codes', 'jurisdiction', 'pack_version']).where('customer_id', '=', customerId).orderBy('occurred_at').execute()).map(
        (e) => ({ ...e }),
      ),
    };
  }

  it('an unverified customer’s delivery cart is refused at add-to-cart with the stable code and a path, holding nothing; a pickup cart of the same customer is not', async () => {
    const customerId = await api.adult('1980-01-01', 'US-MA');
    const before = await writtenFor(customerId, maFlower.id);
    const { added } = await cartWithLine(ma, maFlower, customerId, 'delivery');
    expect(added.statusCode, added.body).toBe(422);
    const error = added.json().error;
    expect(error.code).toBe('COMPLIANCE_BLOCKED');
    expect(error.details.path).toEqual(['cart', 'customerId']);
    expect(error.details.violations).toEqual([
      expect.objectContaining({ code: 'DELIVERY_PRE_VERIFICATION_REQUIRED', rule: RULE, confidence: 'sure', overridable: false, lines: [], source: expect.objectContaining({ refs: ['S33', 'S35'] }) }),
    ]);
    expect(error.message).toContain('pre-verified before a delivery order in Massachusetts');
    // Nothing held, nothing logged: a cart's check is not a sale.
    const after = await writtenFor(customerId, maFlower.id);
    expect(after.stock).toEqual(before.stock);
    expect(after.refusals).toEqual([]);

    // The compliance check says the same for the customer on file.
    const check = await api.check({ storeId: ma.id, customerId, channel: 'delivery', lines: [{ sku: 'X', category: 'flower', quantity: 1, unitPriceCents: 3000, netWeightMg: 3500, thcMg: 700 }] });
    expect(check.violations.map((v: Json) => v.code)).toEqual(['DELIVERY_PRE_VERIFICATION_REQUIRED']);

    // Pickup from the same store, the same customer: not a delivery, not judged.
    const pickup = await cartWithLine(ma, maFlower, customerId, 'pickup');
    expect(pickup.added.statusCode, pickup.added.body).toBe(200);
    expect((await api.fulfil(pickup.cartId, { pickup: { name: 'Pat Adult', phone: '+16175550100' } })).statusCode).toBe(200);
    const placed = await api.complete(pickup.cartId);
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json().order).toMatchObject({ channel: 'pickup', customer: { id: customerId } });
  });

  it('the same customer after an ID check in person at a Massachusetts store: the delivery order is placed', async () => {
    const customerId = await api.adult('1980-01-01', 'US-MA');
    expect((await cartWithLine(ma, maFlower, customerId, 'delivery')).added.statusCode).toBe(422);

    await checkIdInPerson(customerId, ma.id);
    const { cartId, added } = await cartWithLine(ma, maFlower, customerId, 'delivery');
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().violations ?? []).toEqual([]);
    expect((await api.fulfil(cartId, deliveryTo(BOSTON))).statusCode).toBe(200);
    const placed = await api.complete(cartId);
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json().order).toMatchObject({ channel: 'delivery', status: 'placed', customer: { id: customerId } });
    const check = await api.check({ storeId: ma.id, customerId, channel: 'delivery', lines: [{ sku: 'X', category: 'flower', quantity: 1, unitPriceCents: 3000, netWeightMg: 3500, thcMg: 700 }] });
    expect(check.allowed).toBe(true);
  });

  it('neither an ID checked at a store of another state nor one an integration recorded with an API key pre-verifies for Massachusetts', async () => {
    const customerId = await api.adult('1980-01-01', 'US-MA');
    await checkIdInPerson(customerId, ca.id);
    const key = await staff('POST', '/v1/api-keys', { name: 'ID service', scopes: ['customers:write'], currentPassword: DEMO_PASSWORD }, api.owner);
    expect(key.statusCode, key.body).toBe(201);
    const byKey = await server().request({
      method: 'POST',
      url: `/v1/customers/${customerId}/id-verifications`,
      headers: { authorization: `Bearer ${key.json().key}` },
      body: { storeId: ma.id, documentType: 'driver_license', issuingJurisdiction: 'US-MA', expiresOn: '2035-06-30', birthDate: '1980-01-01' },
    });
    expect(byKey.statusCode, byKey.body).toBe(201);
    const { added } = await cartWithLine(ma, maFlower, customerId, 'delivery');
    expect(added.statusCode, added.body).toBe(422);
    expect(codes(added)).toEqual(['DELIVERY_PRE_VERIFICATION_REQUIRED']);
  });

  it('completion checks again: a cart filled while the ID was good is refused once it has expired, with only the compliance log written', async () => {
    const customerId = await api.adult('1980-01-01', 'US-MA');
    const verificationId = await checkIdInPerson(customerId, ma.id);
    const { cartId, added } = await cartWithLine(ma, maFlower, customerId, 'delivery');
    expect(added.statusCode, added.body).toBe(200);
    expect((await api.fulfil(cartId, deliveryTo(BOSTON))).statusCode).toBe(200);
    // The document ran out between the cart and the order (its last valid day was yesterday).
    await sql`update customer_id_verification set expires_on = current_date - 2 where id = ${verificationId}`.execute(db());

    const before = await writtenFor(customerId, maFlower.id);
    const refused = await api.complete(cartId);
    expect(refused.statusCode, refused.body).toBe(422);
    const error = refused.json().error;
    expect(error.code).toBe('COMPLIANCE_BLOCKED');
    expect(error.details.path).toEqual(['cart', 'customerId']);
    expect(error.details.violations.map((v: Json) => `${v.code} ${v.rule}`)).toEqual([`DELIVERY_PRE_VERIFICATION_REQUIRED ${RULE}`]);
    expect(error.details.refusalId).toEqual(expect.any(String));

    const after = await writtenFor(customerId, maFlower.id);
    expect({ ...after, refusals: undefined }).toEqual({ ...before, refusals: undefined });
    expect(after.carts).toEqual(['open:-']);
    expect(after.refusals).toEqual([
      ...before.refusals,
      { source: 'checkout', channel: 'delivery', codes: ['DELIVERY_PRE_VERIFICATION_REQUIRED'], jurisdiction: 'US-MA', pack_version: 'US-MA@2026.12.15' },
    ]);

    // Checked again in person (a current document): the same cart completes.
    await checkIdInPerson(customerId, ma.id, '2036-01-31');
    const placed = await api.complete(cartId);
    expect(placed.statusCode, placed.body).toBe(201);
  });

  it('a shopper of the Massachusetts store sees the refusal in the online store, and orders delivery once their ID was checked in person', async () => {
    const email = `ma-shopper-${api.uniq()}@example.test`;
    const signedUp = await server().request({
      method: 'POST',
      url: `/v1/public/stores/${ma.id}/shoppers`,
      body: { email, password: PASSWORD, firstName: 'Mae', lastName: 'Shopper', birthDate: '1985-03-04', phone: '+1 617 555 0100' },
    });
    expect(signedUp.statusCode, signedUp.body).toBe(201);
    const cookie = String(signedUp.headers['set-cookie']).split(';')[0];
    const customerId = signedUp.json().customer.id as string;
    const shop = (method: string, url: string, body?: unknown) => server().request({ method, url, cookie, body });

    const cart = await shop('POST', '/v1/shop/carts', { storeId: ma.id, channel: 'delivery' });
    expect(cart.statusCode, cart.body).toBe(201);
    const cartId = cart.json().id as string;
    const refused = await shop('PUT', `/v1/shop/carts/${cartId}/lines`, { lines: [{ skuId: maFlower.id, quantity: 1 }] });
    expect(refused.statusCode, refused.body).toBe(422);
    // The online store shows the error's message (shared/ui.js describeError): it says what to do.
    expect(refused.json().error).toMatchObject({ code: 'COMPLIANCE_BLOCKED', details: { path: ['cart', 'customerId'] } });
    expect(refused.json().error.message).toMatch(/pre-verified .* ID has to be checked in person/);

    await checkIdInPerson(customerId, ma.id);
    const held = await shop('PUT', `/v1/shop/carts/${cartId}/lines`, { lines: [{ skuId: maFlower.id, quantity: 1 }] });
    expect(held.statusCode, held.body).toBe(200);
    expect((await shop('PUT', `/v1/shop/carts/${cartId}/fulfillment`, deliveryTo(BOSTON))).statusCode).toBe(200);
    const placed = await shop('POST', `/v1/shop/carts/${cartId}/complete`, {});
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json().order).toMatchObject({ channel: 'delivery', customer: { id: customerId } });
  });

  it('a California delivery is not affected: a customer Massachusetts refuses for want of a check gets a California delivery without one', async () => {
    const customerId = await api.adult('1980-01-01', 'US-CA');
    expect(codes((await cartWithLine(ma, maFlower, customerId, 'delivery')).added)).toEqual(['DELIVERY_PRE_VERIFICATION_REQUIRED']);
    const rows = await db().selectFrom('customer_id_verification').select('id').where('customer_id', '=', customerId).execute();
    expect(rows).toEqual([]);

    const { cartId, added } = await cartWithLine(ca, caFlower, customerId, 'delivery');
    expect(added.statusCode, added.body).toBe(200);
    expect((await api.fulfil(cartId, deliveryTo(OAKLAND))).statusCode).toBe(200);
    const placed = await api.complete(cartId);
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json().order).toMatchObject({ channel: 'delivery', customer: { id: customerId } });

    // The engine's own route: the fact is consulted under the Massachusetts pack only.
    const evaluate = (jurisdiction: string, customer: Json) =>
      server().request({
        method: 'POST',
        url: '/v1/rules/evaluate',
        cookie: api.owner,
        // Mid-afternoon in each store's zone: inside California's delivery hours.
        body: { jurisdiction, at: jurisdiction === 'US-CA' ? '2026-12-01T14:00:00-08:00' : '2026-12-01T14:00:00-05:00', channel: 'delivery', customer, lines: [{ sku: 'X', category: 'flower', quantity: 1, unitPriceCents: 3000, netWeightMg: 3500, thcMg: 700 }] },
      });
    const unverified = { kind: 'adult_use', birthDate: '1980-01-01' };
    const maAnswer = (await evaluate('US-MA', unverified)).json();
    expect(maAnswer.violations.map((v: Json) => v.code)).toEqual(['DELIVERY_PRE_VERIFICATION_REQUIRED']);
    expect(maAnswer.packVersion).toBe('US-MA@2026.12.15');
    expect((await evaluate('US-MA', { ...unverified, deliveryPreVerified: true })).json().allowed).toBe(true);
    expect((await evaluate('US-CA', unverified)).json().violations).toEqual([]);
  });
});
