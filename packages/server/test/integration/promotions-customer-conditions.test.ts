// Promotions conditioned on who buys and on the brand: customer groups (staff give them; `medical`
// is derived from the card), a first purchase (no earlier order at any store of the organization
// that was not cancelled, a no-show or voided) and the `brands` line filter apply at a register
// sale, an online cart (view and completion) and in the preview alike, and not when unmet. The
// facts are read only when such a promotion could apply (no statement otherwise).
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyStorePromotions, priceLines } from '../../src/modules/checkout/pricing';
import { getSkusForCheckout, storeContext } from '../../src/modules/orders/ports';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { counted } from '../support/db-probes';
import { startTestServer, type TestServer } from '../support/test-server';
import { TEST_CUSTOMER_DATA_KEY } from './customers.fixtures';

interface Applied {
  promotionId: string;
  amountCents: number;
}

describe('promotions: customer groups, first purchase and brands at every sale', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  let fx: CheckoutFixture;
  let buyers: string[];
  let seq = 0;

  beforeAll(async () => {
    server = await startTestServer({ env: { CUSTOMER_DATA_KEY: TEST_CUSTOMER_DATA_KEY } });
    owner = await server.login('owner');
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 200 });
    buyers = await customers(server.platform.database.db, server.organizationId, 12);
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const call = (method: string, url: string, body?: unknown, cookie = manager) => server.request({ method, url, cookie, ...(body !== undefined ? { body } : {}) });
  const promotion = async (body: Record<string, unknown>) => {
    const r = await call('POST', '/v1/promotions', { storeId: fx.storeId, ...body }, owner);
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const archive = async (id: string) => expect((await call('DELETE', `/v1/promotions/${id}`, undefined, owner)).statusCode).toBeLessThan(300);
  /** Lets this process's event feed see the promotion change, so its cache invalidation is behind us. */
  const settle = async () => {
    await server.platform.sequencer.wake();
    await server.platform.feed.wake();
  };
  const appliedIds = (promotions: { applied: Applied[] }) => promotions.applied.map((a) => a.promotionId);

  const posSale = async (customerId: string | null, quantity = 1) => {
    const r = await call('POST', `/v1/stores/${fx.storeId}/pos-sales`, {
      id: uuidv7(),
      ...(customerId ? { customerId } : { customer: { kind: 'adult_use', birthDate: '1980-01-01' } }),
      lines: [{ skuId: fx.skuId, quantity }],
      tenders: [{ kind: 'simulator' }],
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };
  /** A pickup cart with the lines, ready to complete: its view. */
  const cart = async (customerId: string, quantity = 1) => {
    const created = await call('POST', '/v1/carts', { storeId: fx.storeId, customerId, channel: 'pickup' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect((await call('POST', `/v1/carts/${id}/lines`, { skuId: fx.skuId, quantity })).statusCode).toBe(200);
    const picked = await call('PUT', `/v1/carts/${id}/fulfillment`, { pickup: { name: 'Test Buyer', phone: '+15105550199' } });
    expect(picked.statusCode, picked.body).toBe(200);
    return picked.json();
  };
  const completeCart = async (cartId: string) => {
    const r = await call('POST', `/v1/carts/${cartId}/complete`, { tenders: [{ kind: 'simulator' }] });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };
  const preview = async (customerId: string | null, storeId = fx.storeId, at?: string) => {
    const r = await call('POST', `/v1/stores/${storeId}/promotions/preview`, {
      lines: [{ skuId: fx.skuId, quantity: 1 }],
      ...(customerId ? { customerId } : {}),
      ...(at ? { at } : {}),
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const customer = async (extra: Record<string, unknown> = {}) => {
    const r = await call('POST', '/v1/customers', { firstName: 'Group', lastName: `Buyer${++seq}`, birthDate: '1984-09-12', idJurisdiction: 'US-CA', ...extra });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id as string;
    const checked = await call('POST', `/v1/customers/${id}/id-verifications`, {
      storeId: fx.storeId,
      documentType: 'driver_license',
      issuingJurisdiction: 'US-CA',
      expiresOn: '2031-09-12',
      birthDate: '1984-09-12',
      idNumber: `G${Date.now() % 10_000_000}${seq}`,
    });
    expect(checked.statusCode, checked.body).toBe(201);
    return r.json();
  };

  it('groups are set on create and PATCH (sorted, each once), shown, audited; bad input is 400 at its path and changes nothing', async () => {
    const created = await customer({ groups: ['veteran', 'industry', 'veteran'] });
    expect(created.groups).toEqual(['industry', 'veteran']);
    const patched = await call('PATCH', `/v1/customers/${created.id}`, { groups: ['senior', 'veteran'] });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().groups).toEqual(['senior', 'veteran']);
    expect((await call('GET', `/v1/customers/${created.id}`)).json().groups).toEqual(['senior', 'veteran']);
    const audit = (await call('GET', `/v1/audit?entityType=customer&entityId=${created.id}`, undefined, owner)).json();
    expect(audit.entries[0]).toMatchObject({ action: 'customer.updated', before: { groups: ['industry', 'veteran'] }, after: { groups: ['senior', 'veteran'] } });

    const before = (await call('GET', `/v1/customers/${created.id}`)).json();
    const auditBefore = audit.entries.length;
    const bad: Array<[unknown, Array<string | number>]> = [
      [['Veteran'], ['body', 'groups', 0]],
      [['ok', 'has space'], ['body', 'groups', 1]],
      [['medical'], ['body', 'groups', 0]],
      [['x'.repeat(41)], ['body', 'groups', 0]],
      [[''], ['body', 'groups', 0]],
      [Array.from({ length: 21 }, (_, i) => `g${i}`), ['body', 'groups']],
      ['veteran', ['body', 'groups']],
    ];
    for (const [groups, path] of bad) {
      const r = await call('PATCH', `/v1/customers/${created.id}`, { groups });
      expect(r.statusCode, `${JSON.stringify(groups)} → ${r.body}`).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION_FAILED');
      expect(r.json().error.details.map((d: { path: unknown }) => d.path)).toContainEqual(path);
    }
    const refused = await call('POST', '/v1/customers', { firstName: 'No', lastName: 'Body', birthDate: '1984-09-12', groups: ['medical'] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.map((d: { path: unknown }) => d.path)).toContainEqual(['body', 'groups', 0]);
    expect((await call('GET', `/v1/customers/${created.id}`)).json()).toEqual(before);
    expect((await call('GET', `/v1/audit?entityType=customer&entityId=${created.id}`, undefined, owner)).json().entries).toHaveLength(auditBefore);
    // Twenty is allowed; [] clears.
    const twenty = Array.from({ length: 20 }, (_, i) => `g${String(i).padStart(2, '0')}`);
    expect((await call('PATCH', `/v1/customers/${created.id}`, { groups: twenty })).json().groups).toEqual(twenty);
    expect((await call('PATCH', `/v1/customers/${created.id}`, { groups: [] })).json().groups).toEqual([]);
  });

  it('giving or taking a group needs pricing:override: a budtender keeps a profile but cannot grant a group discount', async () => {
    const budtender = await server.login('budtender');
    const [someone] = await customers(db(), server.organizationId, 1);
    const given = await call('PATCH', `/v1/customers/${someone}`, { groups: ['staff'] }, budtender);
    expect([given.statusCode, given.json().error.code, given.json().error.details.path]).toEqual([403, 'FORBIDDEN', ['body', 'groups']]);
    const made = await call('POST', '/v1/customers', { firstName: 'Group', lastName: 'Less', birthDate: '1980-01-01', groups: ['staff'] }, budtender);
    expect([made.statusCode, made.json().error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await db().selectFrom('customer').select('groups').where('id', '=', someone).executeTakeFirstOrThrow()).groups).toEqual([]);
    // The rest of a profile is theirs to keep, the groups sent unchanged included.
    expect((await call('PATCH', `/v1/customers/${someone}`, { phone: '+15105550123', groups: [] }, budtender)).statusCode).toBe(200);
    expect((await call('PATCH', `/v1/customers/${someone}`, { groups: ['staff'] })).statusCode).toBe(200);
  });

  it('a promotion naming a group that is not a group code is refused at its path', async () => {
    const r = await call('POST', '/v1/promotions', { storeId: fx.storeId, name: 'Bad group', conditions: [{ type: 'customer_group', groups: ['veteran', 'Veterans Day'] }], action: { type: 'fixed_off_order', amountCents: 100 } }, owner);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.map((d: { path: unknown }) => d.path)).toEqual([['body', 'conditions', 0, 'groups', 1]]);
  });

  it('customer_group: applies to a member at the register, online and in the preview; not to others or a walk-in', async () => {
    const veteran = (await customer({ groups: ['veteran'] })).id as string;
    const other = (await customer({ groups: ['industry'] })).id as string;
    const deal = await promotion({ name: 'Veterans 20%', receiptLabel: 'VETERANS', conditions: [{ type: 'customer_group', groups: ['veteran', 'senior'] }], action: { type: 'percent_off_items', percent: 20, filter: { skus: [fx.skuCode] } } });
    const expected = Math.round(fx.priceCents * 0.2);
    try {
      expect(appliedIds(await preview(veteran))).toContain(deal);
      const sale = await posSale(veteran);
      expect(appliedIds(sale.promotions)).toContain(deal);
      expect(sale.order.discountCents).toBe(expected);

      const view = await cart(veteran);
      expect(appliedIds(view.promotions)).toContain(deal);
      const online = await completeCart(view.id);
      expect(appliedIds(online.promotions)).toContain(deal);
      expect(online.order.discountCents).toBe(expected);
      expect(online.order.totalCents).toBe(view.totals.totalCents);

      for (const id of [other, null]) {
        const p = await preview(id);
        expect(appliedIds(p)).not.toContain(deal);
        if (id) expect(p.rejected).toContainEqual(expect.objectContaining({ promotionId: deal, reason: 'CONDITION_NOT_MET', condition: 'customer_group' }));
        const s = await posSale(id);
        expect(appliedIds(s.promotions)).not.toContain(deal);
        expect(s.order.discountCents).toBe(0);
      }
      const otherView = await cart(other);
      expect(appliedIds(otherView.promotions)).not.toContain(deal);
      expect((await completeCart(otherView.id)).order.discountCents).toBe(0);

      // Leaving the group ends the deal at once.
      expect((await call('PATCH', `/v1/customers/${veteran}`, { groups: [] })).statusCode).toBe(200);
      expect(appliedIds(await preview(veteran))).not.toContain(deal);
      expect((await posSale(veteran)).order.discountCents).toBe(0);
    } finally {
      await archive(deal);
    }
  });

  it('the medical group: a medical customer while their card is unexpired, derived and never stored', async () => {
    const patient = (await customer()).id as string;
    const card = await call('PUT', `/v1/customers/${patient}/medical`, { cardNumber: `MMIC-${Date.now()}`, cardJurisdiction: 'US-CA', cardExpiresOn: '2035-12-31' });
    expect(card.statusCode, card.body).toBe(200);
    expect(card.json().groups).toEqual([]);
    const adult = (await customer()).id as string;
    const deal = await promotion({ name: 'Patients $3 off', conditions: [{ type: 'customer_group', groups: ['medical'] }], action: { type: 'fixed_off_order', amountCents: 300 } });
    try {
      expect(appliedIds(await preview(patient))).toContain(deal);
      expect(appliedIds(await preview(adult))).not.toContain(deal);
      // The group follows the card's expiry on the store-local date of the sale.
      expect(appliedIds(await preview(patient, fx.storeId, '2036-01-02T12:00:00-08:00'))).not.toContain(deal);
      const sale = await posSale(patient);
      expect(appliedIds(sale.promotions)).toContain(deal);
      expect(sale.order.discountCents).toBe(300);
      expect((await posSale(adult)).order.discountCents).toBe(0);
    } finally {
      await archive(deal);
    }
  });

  it('first_purchase: only a customer without an earlier order (any store; cancelled, no-show and voided ones do not count)', async () => {
    const sanFrancisco = (await db().selectFrom('store').select('id').where('organization_id', '=', server.organizationId).where('name', 'like', '%San Francisco%').executeTakeFirstOrThrow()).id;
    const deal = await promotion({ storeId: null, name: 'First visit $4 off', receiptLabel: 'FIRST', conditions: [{ type: 'first_purchase' }], action: { type: 'fixed_off_order', amountCents: 400 } });
    try {
      const [fresh, online, walkInCheck] = buyers;
      // At the register: the first sale gets it, the second does not.
      expect(appliedIds(await preview(fresh))).toContain(deal);
      const first = await posSale(fresh);
      expect(appliedIds(first.promotions)).toContain(deal);
      expect(first.order.discountCents).toBe(400);
      expect(appliedIds(await preview(fresh))).not.toContain(deal);
      expect(appliedIds(await preview(fresh, sanFrancisco))).not.toContain(deal); // any store of the organization
      const second = await posSale(fresh);
      expect(appliedIds(second.promotions)).not.toContain(deal);
      expect(second.order.discountCents).toBe(0);
      // A voided sale was never a purchase: with both voided, the next one is first again.
      for (const order of [first.order, second.order]) expect((await call('POST', `/v1/orders/${order.id}/void`, { reason: 'test void' })).statusCode).toBeLessThan(300);
      expect(appliedIds(await preview(fresh))).toContain(deal);

      // Online: the cart shows it and its completion applies it; once the order is placed (not
      // yet picked up) the customer has bought, at the register too.
      const view = await cart(online);
      expect(appliedIds(view.promotions)).toContain(deal);
      const placed = await completeCart(view.id);
      expect(appliedIds(placed.promotions)).toContain(deal);
      expect(placed.order.discountCents).toBe(400);
      expect(placed.order.status).toBe('placed');
      expect(appliedIds(await preview(online))).not.toContain(deal);
      expect((await posSale(online)).order.discountCents).toBe(0);
      // A cancelled order does not count either.
      const cancelled = await call('POST', `/v1/orders/${placed.order.id}/transitions`, { to: 'cancelled', reason: 'test cancel' });
      expect(cancelled.statusCode, cancelled.body).toBeLessThan(300);
      const rest = await db().selectFrom('sales_order').select('status').where('customer_id', '=', online).where('status', 'not in', ['cancelled']).execute();
      expect(rest).toHaveLength(1); // the register sale after it
      expect(appliedIds(await preview(online))).not.toContain(deal);

      // A walk-in without a profile is never a first purchase.
      expect(appliedIds(await preview(null))).not.toContain(deal);
      expect((await posSale(null)).order.discountCents).toBe(0);
      expect(appliedIds(await preview(walkInCheck))).toContain(deal);
    } finally {
      await archive(deal);
    }
  });

  it('brands: a filter on the product’s brand applies to its lines only', async () => {
    const product = await db().selectFrom('sku').innerJoin('product', 'product.id', 'sku.product_id').select(['product.brand_id']).where('sku.id', '=', fx.skuId).executeTakeFirstOrThrow();
    expect(product.brand_id).not.toBeNull();
    const brand = product.brand_id!;
    const otherBrand = (await db().selectFrom('brand').select('id').where('organization_id', '=', server.organizationId).where('id', '<>', brand).executeTakeFirstOrThrow()).id;
    const ours = await promotion({ name: 'Brand 15%', action: { type: 'percent_off_items', percent: 15, filter: { brands: [brand] } } });
    const theirs = await promotion({ name: 'Other brand 50%', action: { type: 'percent_off_items', percent: 50, filter: { brands: [otherBrand] } } });
    const expected = Math.round(fx.priceCents * 0.15);
    try {
      const p = await preview(buyers[3]);
      expect(appliedIds(p)).toContain(ours);
      expect(appliedIds(p)).not.toContain(theirs);
      const walkIn = await preview(null);
      expect(appliedIds(walkIn)).toContain(ours);
      const sale = await posSale(buyers[3]);
      expect(appliedIds(sale.promotions)).toEqual([ours]);
      expect(sale.order.discountCents).toBe(expected);
      const view = await cart(buyers[4]);
      expect(appliedIds(view.promotions)).toEqual([ours]);
      expect((await completeCart(view.id)).order.discountCents).toBe(expected);
    } finally {
      await archive(ours);
      await archive(theirs);
    }
    expect((await posSale(buyers[3])).order.discountCents).toBe(0);
  });

  it('a merge gives the kept record both records’ groups and purchases (no longer a first purchase); too many groups together is 409', async () => {
    const deal = await promotion({ storeId: null, name: 'First visit $4 off (merge)', conditions: [{ type: 'first_purchase' }], action: { type: 'fixed_off_order', amountCents: 400 } });
    try {
      const kept = (await customer({ groups: ['senior', 'veteran'] })).id as string;
      const duplicate = (await customer({ groups: ['industry', 'veteran'] })).id as string;
      expect((await posSale(duplicate)).order.discountCents).toBe(400);
      expect(appliedIds(await preview(kept))).toContain(deal);
      const merged = await call('POST', `/v1/customers/${kept}/merge`, { duplicateCustomerId: duplicate, reason: 'Same person, ID checked' });
      expect(merged.statusCode, merged.body).toBe(200);
      expect(merged.json().customer.groups).toEqual(['industry', 'senior', 'veteran']);
      expect(appliedIds(await preview(kept))).not.toContain(deal);

      const many = (await customer({ groups: Array.from({ length: 15 }, (_, i) => `a${i}`) })).id as string;
      const more = (await customer({ groups: Array.from({ length: 15 }, (_, i) => `b${i}`) })).id as string;
      const refused = await call('POST', `/v1/customers/${many}/merge`, { duplicateCustomerId: more, reason: 'Same person, ID checked' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'MERGE_TOO_MANY_GROUPS', details: { path: ['body', 'duplicateCustomerId'] } });
      expect((await call('GET', `/v1/customers/${more}`)).json()).toMatchObject({ mergedIntoId: null, groups: expect.arrayContaining(['b0']) });
    } finally {
      await archive(deal);
    }
  });

  it('the preview refuses an unknown customer (404 at body.customerId)', async () => {
    const r = await call('POST', `/v1/stores/${fx.storeId}/promotions/preview`, { lines: [{ skuId: fx.skuId, quantity: 1 }], customerId: uuidv7() });
    expect(r.statusCode).toBe(404);
    expect(r.json().error).toMatchObject({ code: 'NOT_FOUND', details: { path: ['body', 'customerId'] } });
  });

  it('costs a statement only when a promotion on groups or a first purchase could apply', async () => {
    const store = await storeContext(db(), server.organizationId, fx.storeId);
    const skus = await getSkusForCheckout(db(), server.organizationId, fx.storeId, [fx.skuId]);
    const statementsFor = async (customerId: string) => {
      await settle();
      const { lines } = priceLines(skus, [{ skuId: fx.skuId, quantity: 1 }], { path: ['body', 'lines'] });
      await applyStorePromotions(db(), lines, { store, customerId, channel: 'in_store', couponCodes: [], at: new Date(), mode: 'sale', path: ['body'], linesPath: ['body', 'lines'] }); // loads the cache
      const probe = counted(db());
      const priced = priceLines(skus, [{ skuId: fx.skuId, quantity: 1 }], { path: ['body', 'lines'] });
      const outcome = await applyStorePromotions(probe.db, priced.lines, { store, customerId, channel: 'in_store', couponCodes: [], at: new Date(), mode: 'sale', path: ['body'], linesPath: ['body', 'lines'] });
      return { statements: probe.statements, readCustomer: outcome.readCustomer === true };
    };
    // No such promotion (the demo's Gold deal is for accessories: not read either).
    expect(await statementsFor(buyers[5])).toEqual({ statements: 0, readCustomer: false });
    // One that cannot apply to these lines (another SKU): still nothing read.
    const elsewhere = await promotion({ name: 'Seniors, other SKU', conditions: [{ type: 'customer_group', groups: ['senior'] }], action: { type: 'percent_off_items', percent: 5, filter: { skus: ['NO-SUCH-SKU'] } } });
    try {
      expect(await statementsFor(buyers[5])).toEqual({ statements: 0, readCustomer: false });
    } finally {
      await archive(elsewhere);
    }
    // One that could: one statement (groups and first purchase together).
    const here = await promotion({ name: 'First or senior', conditions: [{ type: 'first_purchase' }, { type: 'customer_group', groups: ['senior'] }], action: { type: 'percent_off_items', percent: 5, filter: { skus: [fx.skuCode] } } });
    try {
      expect(await statementsFor(buyers[5])).toEqual({ statements: 1, readCustomer: true });
    } finally {
      await archive(here);
    }
  });
});
