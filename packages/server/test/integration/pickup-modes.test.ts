// Curbside and drive-through pickup, judged by the store's pack (regulations.md §5: California and
// Michigan allow both; Washington (L154) and Illinois (L157) ban drive-through; elsewhere the
// reference says nothing, so only in-store pickup is allowed). The mode is set with the pickup
// details (refused there with the engine's violation, nothing written), judged again at completion
// (a pack that changed since refuses, logged, nothing sold) and copied onto the order. A store may
// offer fewer modes than its pack allows (`pickupModesOffered`, its own choice): a mode it does not
// offer is 422 PICKUP_MODE_NOT_OFFERED, not a compliance refusal. The register's check takes a mode too.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidateStoreRules } from '../../src/modules/compliance/store-rules';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { packsApi, type PacksSku, type PacksStore } from '../support/packs-api';
import type { Json } from '../support/packs-cases';

const api = packsApi('Pickup modes');
const CONTACT = { name: 'Pat Pickup', phone: '+15555550100' };

describe('pickup hand-over modes judged by the store’s pack', () => {
  let wa: PacksStore;
  let il: PacksStore;
  let ca: PacksStore;
  const flower: Record<string, PacksSku> = {};

  beforeAll(async () => {
    await api.start();
    wa = await api.storeIn('US-WA', 'America/Los_Angeles');
    il = await api.storeIn('US-IL', 'America/Chicago');
    ca = await api.storeIn('US-CA', 'America/Los_Angeles');
    for (const [key, store] of [['wa', wa], ['il', il], ['ca', ca]] as const) flower[key] = await api.product(store, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 3000, 40);
  });
  afterAll(() => api.close());

  const db = () => api.db();
  const staff = (method: string, url: string, body?: unknown) => api.server.request({ method, url, cookie: api.manager, body });

  /** What setting the pickup details may have written: the cart's row and its audit rows. */
  async function cartState(cartId: string) {
    const cart = await db().selectFrom('sales_cart').select(['fulfillment', 'lines', 'reservation_id', 'status', 'updated_at']).where('id', '=', cartId).executeTakeFirstOrThrow();
    const audits = await sql<{ n: string }>`select count(*) as n from audit_log where entity_id = ${cartId} and action = 'orders.cart.fulfillment_set'`.execute(db());
    return { ...cart, fulfillmentAudits: Number(audits.rows[0].n) };
  }

  async function cartWithLine(store: PacksStore, sku: PacksSku) {
    const customerId = await api.adult('1980-01-01');
    const cartId = await api.newCart(store.id, customerId, 'pickup');
    const added = await api.addLine(cartId, { skuId: sku.id, quantity: 1 });
    expect(added.statusCode, added.body).toBe(200);
    return { cartId, customerId };
  }

  it.each([
    ['US-WA', () => wa, 'wa', 'us-wa.pickup.drive-through', ['S22'], 'likely'],
    ['US-IL', () => il, 'il', 'us-il.pickup.drive-through', ['S32'], 'sure'],
  ] as const)('%s: drive-through pickup details are 422 COMPLIANCE_BLOCKED at body.pickup.mode with the pack rule and source; the cart is unchanged', async (_j, store, key, rule, refs, confidence) => {
    const { cartId } = await cartWithLine(store(), flower[key]);
    const before = await cartState(cartId);
    const res = await api.fulfil(cartId, { pickup: { ...CONTACT, mode: 'drive_through' } });
    expect(res.statusCode, res.body).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe('COMPLIANCE_BLOCKED');
    expect(error.details.path).toEqual(['body', 'pickup', 'mode']);
    expect(error.details.violations).toEqual([
      expect.objectContaining({ code: 'PICKUP_MODE_NOT_ALLOWED', rule, confidence, overridable: false, lines: [], source: expect.objectContaining({ refs }) }),
    ]);
    expect(error.message).toMatch(/Drive-through pickup is not allowed/);
    expect(await cartState(cartId)).toEqual(before);
    expect(before.fulfillment).toBeNull();
  });

  it('US-WA: curbside, about which the pack says nothing, is refused as unanswered; an empty cart is refused too, and nothing is written', async () => {
    const customerId = await api.adult('1980-01-01');
    const cartId = await api.newCart(wa.id, customerId, 'pickup');
    const before = await cartState(cartId);
    const res = await api.fulfil(cartId, { pickup: { ...CONTACT, mode: 'curbside' } });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.details).toMatchObject({ path: ['body', 'pickup', 'mode'], violations: [{ code: 'PICKUP_MODE_NOT_ALLOWED', rule: 'us-wa.pickup.curbside.none' }] });
    expect(await cartState(cartId)).toEqual(before);
  });

  it('US-WA: pickup details without a mode are in the store, stored as in_store; naming in_store is the same', async () => {
    const { cartId } = await cartWithLine(wa, flower.wa);
    const res = await api.fulfil(cartId, { pickup: CONTACT });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().fulfillment).toEqual({ ...CONTACT, mode: 'in_store' });
    expect(res.json().allowed).toBe(true);
    expect((await cartState(cartId)).fulfillment).toEqual({ ...CONTACT, mode: 'in_store' });
    expect((await api.fulfil(cartId, { pickup: { ...CONTACT, mode: 'in_store' } })).statusCode).toBe(200);
  });

  it('a mode Verdant does not know is 400 VALIDATION_FAILED at body.pickup.mode, and a delivery cannot name one', async () => {
    const { cartId } = await cartWithLine(ca, flower.ca);
    const before = await cartState(cartId);
    const res = await api.fulfil(cartId, { pickup: { ...CONTACT, mode: 'window' } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details).toEqual([{ path: ['body', 'pickup', 'mode'], message: 'expected one of in_store, curbside, drive_through' }]);
    const wrongKind = await api.fulfil(cartId, { delivery: { ...CONTACT, mode: 'curbside', address: { line1: '1 Broadway', city: 'Oakland', region: 'CA', postalCode: '94607' } } });
    expect(wrongKind.statusCode, wrongKind.body).toBe(400);
    expect(await cartState(cartId)).toEqual(before);
  });

  it('US-CA: drive-through is allowed, stored, copied onto the order and shown in the pick queue', async () => {
    const { cartId } = await cartWithLine(ca, flower.ca);
    const res = await api.fulfil(cartId, { pickup: { ...CONTACT, mode: 'drive_through' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().fulfillment).toEqual({ ...CONTACT, mode: 'drive_through' });
    const placed = await api.complete(cartId);
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json().order as Json;
    expect(order.fulfillment).toEqual({ ...CONTACT, mode: 'drive_through' });
    expect((await staff('GET', `/v1/orders/${order.id}`)).json().fulfillment.mode).toBe('drive_through');
    const queue = (await staff('GET', `/v1/stores/${ca.id}/pick-queue`)).json().orders as Json[];
    expect(queue.find((o) => o.id === order.id)?.fulfillment.mode).toBe('drive_through');
  });

  it('the online store is told which modes the store’s pack allows today', async () => {
    const modes = async (store: PacksStore) => (await api.server.request({ method: 'GET', url: `/v1/public/stores/${store.id}` })).json().pickupModes;
    expect(await modes(ca)).toEqual(['in_store', 'curbside', 'drive_through']);
    expect(await modes(wa)).toEqual(['in_store']);
    expect(await modes(il)).toEqual(['in_store']);
  });

  it('completion judges the stored mode again: a pack that no longer allows curbside refuses the order at cart.fulfillment.mode, logged, nothing sold', async () => {
    const store = await api.storeIn('US-CA', 'America/Los_Angeles');
    const sku = await api.product(store, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 3000, 10);
    const { cartId, customerId } = await cartWithLine(store, sku);
    expect((await api.fulfil(cartId, { pickup: { ...CONTACT, mode: 'curbside' } })).statusCode).toBe(200);

    // The law changes after the details were set (here a store override of the pack's value,
    // written as a fixture: the API lets stores override only values the reference marks unsure).
    const { organization_id: organizationId } = await db().selectFrom('store').select('organization_id').where('id', '=', store.id).executeTakeFirstOrThrow();
    await inTransaction(api.server.platform.tx, systemContext(organizationId), async (uow) => {
      await uow.trx
        .insertInto('store_rule_override')
        .values({ id: uuidv7(), organization_id: organizationId, store_id: store.id, value_id: 'us-ca.pickup.curbside', value: JSON.stringify({ allowed: false }), reason: 'tests: curbside banned', created_by: null })
        .execute();
      invalidateStoreRules(uow, store.id);
    });

    const refused = await api.complete(cartId);
    expect(refused.statusCode, refused.body).toBe(422);
    const error = refused.json().error;
    expect(error.code).toBe('COMPLIANCE_BLOCKED');
    expect(error.details.path).toEqual(['cart', 'fulfillment', 'mode']);
    expect(error.details.violations).toEqual([expect.objectContaining({ code: 'PICKUP_MODE_NOT_ALLOWED', rule: 'us-ca.pickup.curbside', source: expect.objectContaining({ refs: ['S2'] }) })]);
    expect(error.details.refusalId).toEqual(expect.any(String));
    const orders = await db().selectFrom('sales_order').select('id').where('customer_id', '=', customerId).execute();
    expect(orders).toEqual([]);
    const logged = await db().selectFrom('compliance_event').select(['codes', 'source']).where('customer_id', '=', customerId).execute();
    expect(logged.map((e) => e.codes)).toEqual([['PICKUP_MODE_NOT_ALLOWED']]);
    expect((await db().selectFrom('sales_cart').select('status').where('id', '=', cartId).executeTakeFirstOrThrow()).status).toBe('open');

    // The store's answer follows, and in-store pickup still completes.
    expect((await api.server.request({ method: 'GET', url: `/v1/public/stores/${store.id}` })).json().pickupModes).toEqual(['in_store', 'drive_through']);
    expect((await api.fulfil(cartId, { pickup: { ...CONTACT, mode: 'in_store' } })).statusCode).toBe(200);
    const placed = await api.complete(cartId);
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json().order.fulfillment.mode).toBe('in_store');
  });

  // ---- the store's own offer ------------------------------------------------------------------

  const storeRow = (id: string) => db().selectFrom('store').select(['pickup_modes_offered']).where('id', '=', id).executeTakeFirstOrThrow();
  const publicModes = async (id: string) => (await api.server.request({ method: 'GET', url: `/v1/public/stores/${id}` })).json().pickupModes;
  const offer = (id: string, pickupModesOffered: unknown, cookie = api.manager) =>
    api.server.request({ method: 'PATCH', url: `/v1/stores/${id}`, cookie, body: { pickupModesOffered } });

  it('a store offers all three modes until it says otherwise; narrowing them is audited, shown in its read, and the online store offers pack ∩ store', async () => {
    const store = await api.storeIn('US-CA', 'America/Los_Angeles');
    expect((await staff('GET', `/v1/stores/${store.id}`)).json().pickupModesOffered).toEqual(['in_store', 'curbside', 'drive_through']);

    // Sent in any order, answered in the modes' own order.
    const narrowed = await offer(store.id, ['curbside', 'in_store']);
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    expect(narrowed.json().pickupModesOffered).toEqual(['in_store', 'curbside']);
    expect((await staff('GET', `/v1/stores/${store.id}`)).json().pickupModesOffered).toEqual(['in_store', 'curbside']);
    expect((await staff('GET', '/v1/stores')).json().stores.find((s: Json) => s.id === store.id).pickupModesOffered).toEqual(['in_store', 'curbside']);
    const audit = await db().selectFrom('audit_log').select(['before', 'after']).where('entity_id', '=', store.id).where('action', '=', 'store.updated').executeTakeFirstOrThrow();
    expect([(audit.before as Json).pickupModesOffered, (audit.after as Json).pickupModesOffered]).toEqual([['in_store', 'curbside', 'drive_through'], ['in_store', 'curbside']]);
    expect(await publicModes(store.id)).toEqual(['in_store', 'curbside']);

    // A store cannot widen its pack: Washington offering drive-through still lists only in_store.
    const waStore = await api.storeIn('US-WA', 'America/Los_Angeles');
    expect((await offer(waStore.id, ['in_store', 'drive_through'])).statusCode).toBe(200);
    expect(await publicModes(waStore.id)).toEqual(['in_store']);

    // Only in store, then all three again.
    expect((await offer(store.id, ['in_store'])).statusCode).toBe(200);
    expect(await publicModes(store.id)).toEqual(['in_store']);
    expect((await offer(store.id, ['in_store', 'curbside', 'drive_through'])).statusCode).toBe(200);
    expect(await publicModes(store.id)).toEqual(['in_store', 'curbside', 'drive_through']);
  });

  it.each([
    ['without in_store', ['curbside']],
    ['empty', []],
    ['naming a mode twice', ['in_store', 'curbside', 'curbside']],
    ['naming an unknown mode', ['in_store', 'window']],
    ['not a list', 'in_store'],
  ])('an offer %s is 400 VALIDATION_FAILED at body.pickupModesOffered, and nothing is written', async (_case, modes) => {
    const store = await api.storeIn('US-CA', 'America/Los_Angeles');
    const audits = async () => Number((await sql<{ n: string }>`select count(*) as n from audit_log where entity_id = ${store.id}`.execute(db())).rows[0].n);
    const before = { row: await storeRow(store.id), audits: await audits() };
    const res = await offer(store.id, modes);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details.map((d: Json) => (d.path as string[]).slice(0, 2))).toContainEqual(['body', 'pickupModesOffered']);
    expect({ row: await storeRow(store.id), audits: await audits() }).toEqual(before);
  });

  it('the offer is a store setting: a budtender may not change it (403), and nothing is written', async () => {
    const store = await api.storeIn('US-CA', 'America/Los_Angeles');
    const res = await offer(store.id, ['in_store'], api.budtender);
    expect(res.statusCode, res.body).toBe(403);
    expect((await storeRow(store.id)).pickup_modes_offered).toEqual(['in_store', 'curbside', 'drive_through']);
  });

  it('a mode the pack allows but the store does not offer is 422 PICKUP_MODE_NOT_OFFERED at body.pickup.mode: not logged, nothing written; the law is judged first', async () => {
    const store = await api.storeIn('US-CA', 'America/Los_Angeles');
    expect((await offer(store.id, ['in_store', 'curbside'])).statusCode).toBe(200);
    const customerId = await api.adult('1980-01-01');
    const cartId = await api.newCart(store.id, customerId, 'pickup');
    const before = await cartState(cartId);
    const refused = await api.fulfil(cartId, { pickup: { ...CONTACT, mode: 'drive_through' } });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error).toMatchObject({
      code: 'PICKUP_MODE_NOT_OFFERED',
      message: 'This store does not offer drive-through pickup: choose in-store or curbside pickup.',
      details: { path: ['body', 'pickup', 'mode'], mode: 'drive_through', offered: ['in_store', 'curbside'] },
    });
    expect(await cartState(cartId)).toEqual(before);
    expect(await db().selectFrom('compliance_event').select('id').where('customer_id', '=', customerId).execute()).toEqual([]);
    const curbside = await api.fulfil(cartId, { pickup: { ...CONTACT, mode: 'curbside' } });
    expect(curbside.statusCode, curbside.body).toBe(200);

    // Washington bans drive-through: a store not offering it either hears the law's refusal.
    const waStore = await api.storeIn('US-WA', 'America/Los_Angeles');
    expect((await offer(waStore.id, ['in_store'])).statusCode).toBe(200);
    const waCart = await api.newCart(waStore.id, await api.adult('1980-01-01'), 'pickup');
    const law = await api.fulfil(waCart, { pickup: { ...CONTACT, mode: 'drive_through' } });
    expect(law.statusCode, law.body).toBe(422);
    expect(law.json().error.code).toBe('COMPLIANCE_BLOCKED');
  });

  it('completion: a mode the store stopped offering after the cart named it is 422 PICKUP_MODE_NOT_OFFERED at cart.fulfillment.mode, not logged, nothing sold; picked again, it completes', async () => {
    const store = await api.storeIn('US-CA', 'America/Los_Angeles');
    const sku = await api.product(store, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 3000, 10);
    const { cartId, customerId } = await cartWithLine(store, sku);
    expect((await api.fulfil(cartId, { pickup: { ...CONTACT, mode: 'drive_through' } })).statusCode).toBe(200);
    expect((await offer(store.id, ['in_store', 'curbside'])).statusCode).toBe(200);

    const refused = await api.complete(cartId);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'PICKUP_MODE_NOT_OFFERED', details: { path: ['cart', 'fulfillment', 'mode'], mode: 'drive_through', offered: ['in_store', 'curbside'] } });
    expect(await db().selectFrom('sales_order').select('id').where('customer_id', '=', customerId).execute()).toEqual([]);
    expect(await db().selectFrom('compliance_event').select('id').where('customer_id', '=', customerId).execute()).toEqual([]);
    const cart = await db().selectFrom('sales_cart').select(['status', 'reservation_id']).where('id', '=', cartId).executeTakeFirstOrThrow();
    expect(cart.status).toBe('open');
    expect(cart.reservation_id).not.toBeNull();

    expect((await api.fulfil(cartId, { pickup: { ...CONTACT, mode: 'curbside' } })).statusCode).toBe(200);
    const placed = await api.complete(cartId);
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json().order.fulfillment.mode).toBe('curbside');
  });

  // ---- the register's check -------------------------------------------------------------------

  const walkIn = { kind: 'adult_use', birthDate: '1980-01-01' };
  const registerCheck = (body: Json) => api.server.request({ method: 'POST', url: '/v1/compliance/checks', cookie: api.budtender, body });

  it('the register’s compliance check judges a pickup’s mode as the cart does: the pack’s violation in the answer, the store’s offer as 422', async () => {
    const banned = await registerCheck({ storeId: wa.id, customer: walkIn, channel: 'pickup', lines: [], pickup: { mode: 'drive_through' } });
    expect(banned.statusCode, banned.body).toBe(200);
    expect(banned.json().allowed).toBe(false);
    expect(banned.json().violations).toEqual([expect.objectContaining({ code: 'PICKUP_MODE_NOT_ALLOWED', rule: 'us-wa.pickup.drive-through' })]);
    const inStore = await registerCheck({ storeId: wa.id, customer: walkIn, channel: 'pickup', lines: [], pickup: { mode: 'in_store' } });
    expect(inStore.json().allowed, inStore.body).toBe(true);

    const store = await api.storeIn('US-CA', 'America/Los_Angeles');
    const allowed = await registerCheck({ storeId: store.id, customer: walkIn, channel: 'pickup', lines: [], pickup: { mode: 'drive_through' } });
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect(allowed.json().allowed).toBe(true);
    expect((await offer(store.id, ['in_store', 'curbside'])).statusCode).toBe(200);
    const notOffered = await registerCheck({ storeId: store.id, customer: walkIn, channel: 'pickup', lines: [], pickup: { mode: 'drive_through' } });
    expect(notOffered.statusCode, notOffered.body).toBe(422);
    expect(notOffered.json().error).toMatchObject({ code: 'PICKUP_MODE_NOT_OFFERED', details: { path: ['body', 'pickup', 'mode'] } });
    expect((await registerCheck({ storeId: store.id, customer: walkIn, channel: 'pickup', lines: [], pickup: { mode: 'curbside' } })).json().allowed).toBe(true);
  });

  it('the register’s check takes pickup facts only with channel pickup (400 at body.pickup), and a mode it does not know is 400 at body.pickup.mode', async () => {
    const wrongChannel = await registerCheck({ storeId: ca.id, customer: walkIn, channel: 'in_store', lines: [], pickup: { mode: 'curbside' } });
    expect(wrongChannel.statusCode, wrongChannel.body).toBe(400);
    expect(wrongChannel.json().error.details).toContainEqual(expect.objectContaining({ path: ['body', 'pickup'] }));
    const unknown = await registerCheck({ storeId: ca.id, customer: walkIn, channel: 'pickup', lines: [], pickup: { mode: 'window' } });
    expect(unknown.statusCode, unknown.body).toBe(400);
    expect(unknown.json().error.details).toContainEqual(expect.objectContaining({ path: ['body', 'pickup', 'mode'] }));
  });
});
