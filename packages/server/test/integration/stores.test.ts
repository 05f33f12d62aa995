// Opening and changing a store through the API. A store is usable from the answer to its POST:
// its default locations are written in the store's own transaction, not later by an event
// subscriber (this server runs no workers, so nothing is delivered behind the test's back), and
// registers, tax rates and state reporting work for it at once. Refusals (a license number in use,
// a missing or bad field, a role) name the field and write nothing.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku } from '../support/checkout-fixtures';
import { newLabel, receivePackages } from '../support/inventory-fixtures';
import { refusal } from '../support/refusals';
import { SseClient, type SseMessage } from '../support/sse-client';
import { startTestServer, type TestServer } from '../support/test-server';

describe('stores: opened whole, changed, refused without a trace', () => {
  let server: TestServer;
  let owner: string;
  let baseUrl: string;

  beforeAll(async () => {
    server = await startTestServer({ workers: false });
    owner = await server.login('owner');
    // A menu's live stream is read over a real socket.
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  const send = (method: string, url: string, body?: unknown, cookie = owner) => server.request({ method, url, cookie, body });

  /** What a refused request must leave as it was: stores, locations, audit rows and events. */
  async function footprint() {
    const count = async (table: 'store' | 'inventory_location' | 'audit_log' | 'outbox_event') =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    return {
      stores: await db().selectFrom('store').selectAll().orderBy('id').execute(),
      locations: await count('inventory_location'),
      audit: await count('audit_log'),
      events: await count('outbox_event'),
    };
  }

  it('a new store answers with its default locations already there, and registers, tax rates and state reporting work for it at once', async () => {
    const licenseNumber = `C10-${uuidv7().slice(-8)}`;
    const created = await send('POST', '/v1/stores', {
      name: 'Green Door Berkeley',
      licenseNumber,
      jurisdiction: 'US-CA',
      timezone: 'America/Los_Angeles',
      address: { line1: '2100 Shattuck Ave', city: 'Berkeley', region: 'CA', postalCode: '94704', country: 'US' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const store = created.json();
    expect(store).toMatchObject({ name: 'Green Door Berkeley', licenseNumber, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles', address: { city: 'Berkeley' } });

    const rows = await db().selectFrom('inventory_location').select(['code', 'kind', 'sellable', 'active']).where('store_id', '=', store.id).orderBy('code').execute();
    expect(rows.map((r) => [r.code, r.kind, r.active])).toEqual([
      ['display', 'display', true],
      ['in_transit', 'in_transit', true],
      ['quarantine', 'quarantine', true],
      ['sales_floor', 'sales_floor', true],
      ['vault', 'vault', true],
    ]);
    expect(rows.filter((r) => r.sellable).map((r) => r.code)).toContain('sales_floor');
    const listed = await send('GET', `/v1/stores/${store.id}/locations`);
    expect(listed.json().locations.map((l: { code: string }) => l.code)).toEqual(rows.map((r) => r.code));

    const register = await send('POST', `/v1/stores/${store.id}/registers`, { name: 'Register 1' });
    expect(register.statusCode, register.body).toBe(201);
    const tax = await send('POST', `/v1/stores/${store.id}/tax-settings`, { localSalesTaxRate: 0.01, localCannabisTaxRate: 0.02, effectiveFrom: '2030-01-01', reason: 'Berkeley rates' });
    expect(tax.statusCode, tax.body).toBe(201);
    const reporting = await send('GET', `/v1/stores/${store.id}/traceability`);
    expect(reporting.json()).toMatchObject({ storeId: store.id, engine: 'none', licenseNumber });
    const count = await send('POST', `/v1/stores/${store.id}/counts`, { kind: 'cycle', locationCode: 'vault' });
    expect(count.statusCode, count.body).toBe(201);
  });

  it('the same Idempotency-Key twice opens one store with one set of locations', async () => {
    const key = `open-${uuidv7()}`;
    const body = { name: 'Mile High Boulder', licenseNumber: `402R-${uuidv7().slice(-6)}`, jurisdiction: 'US-CO', timezone: 'America/Denver' };
    const first = await server.request({ method: 'POST', url: '/v1/stores', cookie: owner, body, headers: { 'idempotency-key': key } });
    const again = await server.request({ method: 'POST', url: '/v1/stores', cookie: owner, body, headers: { 'idempotency-key': key } });
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json().id).toBe(first.json().id);
    const stores = await db().selectFrom('store').select('id').where('license_number', '=', body.licenseNumber).execute();
    expect(stores).toHaveLength(1);
    const locations = await db().selectFrom('inventory_location').select('code').where('store_id', '=', first.json().id).execute();
    expect(locations).toHaveLength(5);
  });

  it('a license number in use, a missing or empty field and a jurisdiction without a pack are refused at their field and write nothing', async () => {
    const before = await footprint();
    const taken = await send('POST', '/v1/stores', { name: 'Copy of Oakland', licenseNumber: 'C10-0000001-LIC', jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'LICENSE_TAKEN', details: { path: ['body', 'licenseNumber'] } });

    const missing = await send('POST', '/v1/stores', { name: '  ', jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' });
    expect(missing.statusCode).toBe(400);
    const paths = missing.json().error.details.map((d: { path: string[] }) => d.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.licenseNumber']));

    // A zone Node knows and the database does not: the store's day is worked out in SQL.
    const oddZone = await send('POST', '/v1/stores', { name: 'Odd zone', licenseNumber: `X-${uuidv7()}`, jurisdiction: 'US-CA', timezone: 'US/Pacific-New' });
    expect([oddZone.statusCode, oddZone.json().error.details[0].path]).toEqual([400, ['body', 'timezone']]);
    const unpacked = await send('POST', '/v1/stores', { name: 'Elsewhere', licenseNumber: `X-${uuidv7()}`, jurisdiction: 'US-ZZ', timezone: 'America/Chicago' });
    expect(unpacked.statusCode).toBe(400);
    expect(unpacked.json().error.details[0].path).toEqual(['body', 'jurisdiction']);
    expect(await footprint()).toEqual(before);
  });

  it('a change names only what changes; an empty name, a license in use and a role without stores:manage are refused and change nothing', async () => {
    const { stores } = (await send('GET', '/v1/stores')).json();
    const denver = stores.find((s: { licenseNumber: string }) => s.licenseNumber === '402R-00001');
    const changed = await send('PATCH', `/v1/stores/${denver.id}`, { name: 'Mile High Denver Downtown', address: { line1: '1601 Champa St', city: 'Denver', region: 'CO', postalCode: '80202', country: 'US' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Mile High Denver Downtown', licenseNumber: '402R-00001', timezone: 'America/Denver', address: { line1: '1601 Champa St' } });
    const audit = await db().selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'store.updated').where('entity_id', '=', denver.id).executeTakeFirstOrThrow();
    expect([(audit.before as { name: string }).name, (audit.after as { name: string }).name]).toEqual(['Mile High Denver', 'Mile High Denver Downtown']);

    const others = { auditor: await server.login('auditor'), inventory: await server.login('inventory'), budtender: await server.login('budtender') };
    const before = await footprint();
    const empty = await send('PATCH', `/v1/stores/${denver.id}`, { name: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details[0].path).toEqual(['body', 'name']);
    const taken = await send('PATCH', `/v1/stores/${denver.id}`, { licenseNumber: 'C10-0000001-LIC' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'LICENSE_TAKEN', details: { path: ['body', 'licenseNumber'] } });
    for (const [role, cookie] of Object.entries(others)) {
      const renamed = await send('PATCH', `/v1/stores/${denver.id}`, { name: 'Not mine to rename' }, cookie);
      expect([role, renamed.statusCode, renamed.json().error.code]).toEqual([role, 403, 'FORBIDDEN']);
      const opened = await send('POST', '/v1/stores', { name: 'Not mine to open', licenseNumber: `N-${uuidv7()}`, jurisdiction: 'US-CO', timezone: 'America/Denver' }, cookie);
      expect([role, opened.statusCode, opened.json().error.code]).toEqual([role, 403, 'FORBIDDEN']);
    }
    expect(await footprint()).toEqual(before);
  });

  it('two stores opened, or changed, at once with one license number: one gets it, the other 409 LICENSE_TAKEN, never a 500', async () => {
    const outcome = (r: { statusCode: number; json(): { error?: { code?: string; details?: { path?: unknown } } } }) =>
      r.statusCode < 300 ? String(r.statusCode) : `${r.statusCode} ${r.json().error?.code} ${JSON.stringify(r.json().error?.details?.path)}`;
    for (let round = 0; round < 3; round++) {
      const licenseNumber = `C10-${uuidv7().slice(-8)}`;
      const open = (name: string) => send('POST', '/v1/stores', { name, licenseNumber, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' });
      const opened = await Promise.all([open(`Race A ${round}`), open(`Race B ${round}`)]);
      expect(opened.map(outcome).sort()).toEqual(['201', '409 LICENSE_TAKEN ["body","licenseNumber"]']);
      expect(await db().selectFrom('store').select('id').where('license_number', '=', licenseNumber).execute()).toHaveLength(1);

      const [a, b] = await Promise.all(
        ['C', 'D'].map(async (n) => (await send('POST', '/v1/stores', { name: `Race ${n} ${round}`, licenseNumber: `C10-${uuidv7().slice(-8)}`, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' })).json().id as string),
      );
      const wanted = `C10-${uuidv7().slice(-8)}`;
      const changed = await Promise.all([a, b].map((id) => send('PATCH', `/v1/stores/${id}`, { licenseNumber: wanted })));
      expect(changed.map(outcome).sort()).toEqual(['200', '409 LICENSE_TAKEN ["body","licenseNumber"]']);
    }
  });

  it('a store keeps its jurisdiction while a transfer to or from it is in transit, and a transfer racing the change is judged against one of them', async () => {
    const openStore = async (name: string) => {
      const opened = await send('POST', '/v1/stores', { name, licenseNumber: `C10-${uuidv7().slice(-8)}`, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' });
      expect(opened.statusCode, opened.body).toBe(201);
      return opened.json().id as string;
    };
    const [from, to] = [await openStore('Transit From'), await openStore('Transit To')];
    const label = newLabel();
    await receivePackages(server, owner, from, [{ label, skuId: uuidv7(), quantity: 10, locationCode: 'vault' }]);
    const ship = () => send('POST', '/v1/inventory/transfers', { fromStoreId: from, toStoreId: to, items: [{ packageLabel: label, quantity: 2 }] });
    const shipped = await ship();
    expect(shipped.statusCode, shipped.body).toBe(201);

    const before = await footprint();
    for (const id of [from, to]) {
      const moved = await send('PATCH', `/v1/stores/${id}`, { jurisdiction: 'US-CO', timezone: 'America/Denver' });
      expect(moved.statusCode, moved.body).toBe(409);
      expect(moved.json().error).toMatchObject({ code: 'STORE_HAS_TRANSFERS_IN_TRANSIT', details: { path: ['body', 'jurisdiction'], transferIds: [shipped.json().id] } });
    }
    expect(await footprint()).toEqual(before);
    // Other changes of the store are not held up.
    expect((await send('PATCH', `/v1/stores/${from}`, { name: 'Transit From, renamed' })).statusCode).toBe(200);

    const cancelled = await send('POST', `/v1/inventory/transfers/${shipped.json().id}/cancel`, { reason: 'store moving' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    // A new transfer and the change fired together: the transfer ships inside one jurisdiction, or
    // the store has moved first and the transfer is refused as crossing; never both.
    const [raced, changed] = await Promise.all([ship(), send('PATCH', `/v1/stores/${to}`, { jurisdiction: 'US-CO', timezone: 'America/Denver' })]);
    const outcomes = [raced, changed].map((r) => (r.statusCode < 300 ? String(r.statusCode) : `${r.statusCode} ${r.json().error.code}`));
    expect([['201', '409 STORE_HAS_TRANSFERS_IN_TRANSIT'], ['422 TRANSFER_ACROSS_JURISDICTIONS', '200']]).toContainEqual(outcomes);
  });

  it('a store that is not open takes no stock in (manifests, transfers shipped to it or received there); a transfer to a retired store goes back by its cancel', async () => {
    const openStore = async (name: string) => {
      const opened = await send('POST', '/v1/stores', { name, licenseNumber: `C10-${uuidv7().slice(-8)}`, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' });
      expect(opened.statusCode, opened.body).toBe(201);
      return opened.json().id as string;
    };
    const [from, to] = [await openStore('Sends Stock'), await openStore('Closing, Then Retired')];
    const label = newLabel();
    await receivePackages(server, owner, from, [{ label, skuId: uuidv7(), quantity: 10, locationCode: 'vault' }]);
    const shipped = (await send('POST', '/v1/inventory/transfers', { fromStoreId: from, toStoreId: to, items: [{ packageLabel: label, quantity: 3 }] })).json();
    const incoming = labelItem(newLabel());
    const manifest = (await send('POST', `/v1/stores/${to}/manifests`, { number: `M-${uuidv7().slice(-8)}`, items: [incoming] })).json();
    const onHand = async () =>
      db().selectFrom('inventory_stock as s').innerJoin('inventory_location as l', 'l.id', 's.location_id').innerJoin('inventory_package as p', 'p.id', 's.package_id')
        .select(['l.store_id', 'l.code', 's.on_hand']).where('p.label', '=', label).where('s.on_hand', '>', 0).orderBy('l.code').execute()
        .then((rows) => rows.map((r) => ({ ...r, on_hand: Number(r.on_hand) })));

    for (const [status, reason] of [['closed', 'License suspended by the state'], ['retired', 'License surrendered']]) {
      expect((await send('PATCH', `/v1/stores/${to}`, { status, statusReason: reason })).json().status).toBe(status);
      const before = { ...(await footprint()), stock: await onHand() };
      const refusals = [
        await send('POST', '/v1/inventory/transfers', { fromStoreId: from, toStoreId: to, items: [{ packageLabel: label, quantity: 1 }] }),
        await send('POST', `/v1/inventory/transfers/${shipped.id}/receive`, {}),
        await send('POST', `/v1/stores/${to}/manifests`, { number: `M-${uuidv7().slice(-8)}`, items: [labelItem(newLabel())] }),
        await send('POST', `/v1/stores/${to}/manifests/${manifest.id}/receive`, { items: [{ packageLabel: incoming.packageLabel, countedQuantity: 5, decision: 'accept' }] }),
      ].map(refusal);
      expect(refusals).toEqual([
        { status: 409, code: 'STORE_NOT_OPEN', path: ['body', 'toStoreId'] },
        { status: 409, code: 'STORE_NOT_OPEN', path: ['params', 'id'] },
        { status: 409, code: 'STORE_NOT_OPEN', path: ['params', 'storeId'] },
        { status: 409, code: 'STORE_NOT_OPEN', path: ['params', 'storeId'] },
      ]);
      expect({ ...(await footprint()), stock: await onHand() }).toEqual(before);
    }
    // The goods never left the sender's licence: its cancel brings them back to its vault.
    const cancelled = await send('POST', `/v1/inventory/transfers/${shipped.id}/cancel`, { reason: 'The receiving store was retired' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await onHand()).toEqual([{ store_id: from, code: 'vault', on_hand: 10 }]);
  });

  /** A manifest line for a package of an unknown SKU's batch, as the receiving screen enters one. */
  function labelItem(packageLabel: string) {
    return { packageLabel, skuId: uuidv7(), unit: 'each', expectedQuantity: 5, batch: { code: `B-${packageLabel.slice(-8)}`, producerLicense: 'CCL20-0000123' } };
  }

  it('a closed store sells nothing new (register, cart completion, online carts, menu, drawer) but cancels, counts and ships out; it opens again, and a retired one never does', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 10, storeName: 'San Francisco' });
    const [buyer, laterBuyer] = await customers(db(), server.organizationId, 2);
    const manager = await server.login('manager');
    const cartFor = async (customerId: string) => {
      const cart = (await send('POST', '/v1/carts', { storeId: fx.storeId, customerId, channel: 'pickup' }, manager)).json();
      expect((await send('POST', `/v1/carts/${cart.id}/lines`, { skuId: fx.skuId, quantity: 1 }, manager)).statusCode).toBe(200);
      expect((await send('PUT', `/v1/carts/${cart.id}/fulfillment`, { pickup: { name: 'Test Buyer', phone: '+15105550199' } }, manager)).statusCode).toBe(200);
      return cart.id as string;
    };
    const complete = (cartId: string) => send('POST', `/v1/carts/${cartId}/complete`, { tenders: [{ kind: 'simulator' }] }, manager);
    const placed = await complete(await cartFor(buyer));
    expect(placed.statusCode, placed.body).toBe(201);
    const waiting = await cartFor(laterBuyer); // held before the store closes, completed after
    const empty = (await send('POST', '/v1/carts', { storeId: fx.storeId, customerId: buyer, channel: 'delivery' }, manager)).json();
    const register = (await send('POST', `/v1/stores/${fx.storeId}/registers`, { name: 'Closing register' })).json();
    const otherRegister = (await send('POST', `/v1/stores/${fx.storeId}/registers`, { name: 'Open when it closes' })).json();
    const drawer = (await send('POST', `/v1/registers/${otherRegister.id}/sessions`, { float: { totalCents: 10_000 } }, manager)).json();
    const shopper = await server.request({
      method: 'POST',
      url: `/v1/public/stores/${fx.storeId}/shoppers`,
      body: { email: `closing-${uuidv7()}@example.test`, password: 'a long password', firstName: 'Sam', lastName: 'Shopper', birthDate: '1990-04-02' },
    });
    const shopperCookie = String(shopper.headers['set-cookie']).split(';')[0];

    const before = await footprint();
    const noReason = await send('PATCH', `/v1/stores/${fx.storeId}`, { status: 'closed' });
    expect(refusal(noReason)).toEqual({ status: 400, code: 'VALIDATION_FAILED', path: ['body', 'statusReason'] });
    const budtender = await send('PATCH', `/v1/stores/${fx.storeId}`, { status: 'closed', statusReason: 'Renovation' }, await server.login('budtender'));
    expect(budtender.statusCode).toBe(403);
    expect(await footprint()).toEqual(before);

    const closed = await send('PATCH', `/v1/stores/${fx.storeId}`, { status: 'closed', statusReason: 'Renovation of the sales floor' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', statusReason: 'Renovation of the sales floor' });
    expect(closed.json().statusChangedAt).toEqual(expect.any(String));
    const audit = await db().selectFrom('audit_log').select(['reason', 'before', 'after']).where('action', '=', 'store.closed').where('entity_id', '=', fx.storeId).executeTakeFirstOrThrow();
    expect([audit.reason, (audit.before as { status: string }).status, (audit.after as { status: string }).status]).toEqual(['Renovation of the sales floor', 'open', 'closed']);
    const event = await db().selectFrom('outbox_event').select('payload').where('type', '=', 'organizations.store.updated').where('store_id', '=', fx.storeId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect((event.payload as { store: { status: string } }).store.status).toBe('closed');
    // Closing a closed store again changes nothing of its status (no empty update, never a 500).
    const again = await send('PATCH', `/v1/stores/${fx.storeId}`, { status: 'closed', statusReason: 'Still closed' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ status: 'closed', statusReason: 'Renovation of the sales floor', statusChangedAt: closed.json().statusChangedAt });

    const ordersBefore = await db().selectFrom('sales_order').select('id').where('store_id', '=', fx.storeId).execute();
    const sale = await send('POST', `/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'simulator' }] }, manager);
    expect(refusal(sale)).toEqual({ status: 409, code: 'STORE_NOT_OPEN', path: ['body', 'lines'] });
    expect(refusal(await complete(waiting))).toEqual({ status: 409, code: 'STORE_NOT_OPEN', path: ['cart', 'lines'] });
    expect(refusal(await send('POST', `/v1/registers/${register.id}/sessions`, { float: { totalCents: 10_000 } }, manager))).toEqual({ status: 409, code: 'STORE_NOT_OPEN', path: ['params', 'registerId'] });
    const giftCard = await send('POST', `/v1/register-sessions/${drawer.id}/gift-card-sales`, { id: uuidv7(), kind: 'issue', amountCents: 2500, tenders: [{ kind: 'cash' }] }, manager);
    expect(refusal(giftCard)).toEqual({ status: 409, code: 'STORE_NOT_OPEN', path: ['params', 'sessionId'] });
    expect(refusal(await server.request({ method: 'POST', url: '/v1/shop/carts', cookie: shopperCookie, body: { storeId: fx.storeId, channel: 'pickup' } }))).toEqual({
      status: 409,
      code: 'STORE_NOT_OPEN',
      path: ['body', 'storeId'],
    });
    expect(refusal(await server.request({ method: 'GET', url: `/v1/public/stores/${fx.storeId}/products` }))).toEqual({ status: 409, code: 'STORE_NOT_OPEN', path: ['params', 'storeId'] });
    expect((await server.request({ method: 'GET', url: `/v1/public/stores/${fx.storeId}` })).json()).toMatchObject({ id: fx.storeId, status: 'closed' });
    const heldCarts = await db().selectFrom('sales_cart').select(['id', 'status', 'reservation_id', 'hold_expires_at']).where('store_id', '=', fx.storeId).orderBy('id').execute();
    expect(refusal(await send('POST', '/v1/carts', { storeId: fx.storeId, customerId: laterBuyer, channel: 'pickup' }, manager))).toEqual({ status: 409, code: 'STORE_NOT_OPEN', path: ['body', 'storeId'] });
    for (const cartId of [waiting, empty.id]) {
      expect(refusal(await send('POST', `/v1/carts/${cartId}/hold`, undefined, manager))).toEqual({ status: 409, code: 'STORE_NOT_OPEN', path: ['params', 'id'] });
    }
    expect(await db().selectFrom('sales_cart').select(['id', 'status', 'reservation_id', 'hold_expires_at']).where('store_id', '=', fx.storeId).orderBy('id').execute()).toEqual(heldCarts);
    // Shoppers are told the store is closed; staff still see the counts while it is emptied.
    const publicAvailability = `/v1/public/stores/${fx.storeId}/availability?skuIds=${fx.skuId}`;
    expect(refusal(await server.request({ method: 'GET', url: publicAvailability }))).toEqual({ status: 409, code: 'STORE_NOT_OPEN', path: ['params', 'storeId'] });
    expect(refusal(await server.request({ method: 'GET', url: `/v1/public/stores/${fx.storeId}/availability/stream` }))).toEqual({ status: 409, code: 'STORE_NOT_OPEN', path: ['params', 'storeId'] });
    const staffAvailability = await send('GET', `/v1/stores/${fx.storeId}/availability?skuIds=${fx.skuId}`, undefined, manager);
    expect(staffAvailability.json().items).toEqual([expect.objectContaining({ skuId: fx.skuId, available: expect.any(Number) })]);
    expect(await db().selectFrom('sales_order').select('id').where('store_id', '=', fx.storeId).execute()).toEqual(ordersBefore);
    expect(await db().selectFrom('sales_cart').select('status').where('id', '=', waiting).executeTakeFirstOrThrow()).toEqual({ status: 'open' });
    // The cart is still read, its lines priced, and says the store does not sell now; lines are refused.
    const heldCart = await send('GET', `/v1/carts/${waiting}`, undefined, manager);
    expect(heldCart.statusCode, heldCart.body).toBe(200);
    expect(heldCart.json()).toMatchObject({ storeStatus: 'closed', lines: [{ skuId: fx.skuId, quantity: 1, unitPriceCents: fx.priceCents }], totals: { subtotalCents: fx.priceCents } });
    expect(refusal(await send('POST', `/v1/carts/${waiting}/lines`, { skuId: fx.skuId, quantity: 1 }, manager))).toMatchObject({ status: 409, code: 'STORE_NOT_OPEN' });

    // What was sold can be called off; the stock can be counted and shipped out.
    const cancelled = await send('POST', `/v1/orders/${placed.json().order.id}/transitions`, { to: 'cancelled', reason: 'store closing' }, manager);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect((await send('POST', `/v1/stores/${fx.storeId}/counts`, { kind: 'cycle', locationCode: 'sales_floor' })).statusCode).toBe(201);
    expect((await send('POST', `/v1/register-sessions/${drawer.id}/close`, { count: { totalCents: 10_000 } }, manager)).statusCode).toBe(200);
    const oakland = (await send('GET', '/v1/stores')).json().stores.find((s: { name: string }) => s.name.includes('Oakland')).id;
    const shipped = await send('POST', '/v1/inventory/transfers', { fromStoreId: fx.storeId, toStoreId: oakland, items: [{ packageLabel: fx.packageLabel, quantity: 1, fromLocationCode: 'sales_floor' }] });
    expect(shipped.statusCode, shipped.body).toBe(201);

    const reopened = await send('PATCH', `/v1/stores/${fx.storeId}`, { status: 'open', statusReason: 'Renovation done' });
    expect(reopened.json()).toMatchObject({ status: 'open', statusReason: 'Renovation done' });
    expect((await server.request({ method: 'GET', url: publicAvailability })).json().items).toEqual([expect.objectContaining({ skuId: fx.skuId })]);
    expect((await send('GET', `/v1/carts/${waiting}`, undefined, manager)).json().storeStatus).toBe('open');
    expect(await db().selectFrom('audit_log').select('reason').where('action', '=', 'store.reopened').where('entity_id', '=', fx.storeId).executeTakeFirstOrThrow()).toEqual({ reason: 'Renovation done' });
    expect((await complete(waiting)).statusCode).toBe(201);

    const gone = (await send('POST', '/v1/stores', { name: 'Closing for good', licenseNumber: `C10-${uuidv7().slice(-8)}`, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' })).json();
    expect((await send('PATCH', `/v1/stores/${gone.id}`, { status: 'retired', statusReason: 'License surrendered' })).json().status).toBe('retired');
    const retired = await footprint();
    for (const status of ['open', 'closed']) {
      expect(refusal(await send('PATCH', `/v1/stores/${gone.id}`, { status, statusReason: 'Trying again' }))).toEqual({ status: 409, code: 'STORE_RETIRED', path: ['body', 'status'] });
    }
    expect(await footprint()).toEqual(retired);
  });
  it('an open menu stream is told, as its last message, that its store closed or retired, and ends; a closure undone before it opened is not sent', async () => {
    const store = (await send('POST', '/v1/stores', { name: 'Live Menu', licenseNumber: `C10-${uuidv7().slice(-8)}`, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' })).json();
    const path = `/v1/public/stores/${store.id}/availability/stream`;
    const follow = async (headers?: Record<string, string>) => {
      const stream = new SseClient(`${baseUrl}${path}`, headers);
      await stream.ready;
      return stream;
    };
    const change = async (status: string, statusReason: string) => {
      expect((await send('PATCH', `/v1/stores/${store.id}`, { status, statusReason })).json().status).toBe(status);
      await server.platform.sequencer.wake();
    };
    const told = async (stream: SseClient) => {
      await stream.waitFor((m) => m.some((x) => x.event === 'status'));
      await stream.ended;
      return stream.messages.map((m: SseMessage) => [m.event, JSON.parse(m.data)]);
    };

    const menu = await follow();
    await change('closed', 'Renovation of the sales floor');
    expect(await told(menu)).toEqual([['status', { storeId: store.id, status: 'closed' }]]);
    const closedAt = Number(menu.messages[0].id);
    // The browser's reconnection is refused while the store is closed.
    expect(refusal(await server.request({ method: 'GET', url: path, headers: { 'last-event-id': String(closedAt) } }))).toEqual({ status: 409, code: 'STORE_NOT_OPEN', path: ['params', 'storeId'] });

    // Opened again: a menu resuming from before the closure replays it, but the store sells now.
    await change('open', 'Renovation done');
    const resumed = await follow({ 'last-event-id': String(closedAt - 1) });
    await change('retired', 'License surrendered');
    expect(await told(resumed)).toEqual([['status', { storeId: store.id, status: 'retired' }]]);
  });

  it('a retired store takes no stock in by hand (corrections up, moves, returns to its shelves or quarantine) but still refunds goods returned to destroy; a closed store takes them', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 10, storeName: 'San Francisco' });
    const manager = await server.login('manager');
    const sold = await send('POST', `/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 4 }], tenders: [{ kind: 'simulator' }] }, manager);
    expect(sold.statusCode, sold.body).toBe(201);
    const orderId = sold.json().order.id as string;
    const pkg = `/v1/stores/${fx.storeId}/packages/${fx.packageLabel}`;
    const stockIn = {
      found: () => send('POST', `${pkg}/adjust`, { locationCode: 'sales_floor', delta: 1, reasonCode: 'found' }),
      move: () => send('POST', `${pkg}/move`, { fromLocationCode: 'sales_floor', toLocationCode: 'vault', quantity: 1 }),
      returned: (restock: string) => send('POST', `/v1/orders/${orderId}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock }], reason: 'Changed their mind' }, manager),
    };

    // Closed for a while: it will open again, so stock still comes in.
    expect((await send('PATCH', `/v1/stores/${fx.storeId}`, { status: 'closed', statusReason: 'Inventory week' })).statusCode).toBe(200);
    expect([(await stockIn.found()).statusCode, (await stockIn.move()).statusCode, (await stockIn.returned('sellable')).statusCode]).toEqual([200, 200, 201]);

    expect((await send('PATCH', `/v1/stores/${fx.storeId}`, { status: 'retired', statusReason: 'License surrendered' })).statusCode).toBe(200);
    const stock = () => db().selectFrom('inventory_stock').select(['location_id', 'on_hand']).where('package_id', '=', fx.packageId).orderBy('location_id').execute();
    const returns = () => db().selectFrom('sales_return').select('id').where('order_id', '=', orderId).execute();
    const before = { ...(await footprint()), stock: await stock(), returns: await returns() };
    const refusals = [
      await stockIn.found(),
      await stockIn.move(),
      await stockIn.returned('quarantine'),
      await send('POST', `/v1/orders/${orderId}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'destroy' }, { lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'Two back' }, manager),
      await send('POST', `/v1/orders/${orderId}/void`, { reason: 'Rung up by mistake' }, manager),
    ].map(refusal);
    expect(refusals).toEqual([
      { status: 409, code: 'STORE_RETIRED', path: ['body', 'delta'] },
      { status: 409, code: 'STORE_RETIRED', path: ['body', 'toLocationCode'] },
      { status: 409, code: 'STORE_RETIRED', path: ['body', 'lines', 0, 'restock'] },
      { status: 409, code: 'STORE_RETIRED', path: ['body', 'lines', 1, 'restock'] },
      { status: 409, code: 'STORE_RETIRED', path: ['body', 'restock'] },
    ]);
    expect({ ...(await footprint()), stock: await stock(), returns: await returns() }).toEqual(before);

    // Stock still leaves, and the money still goes back: the goods to quarantine, to be destroyed.
    expect((await send('POST', `${pkg}/adjust`, { locationCode: 'sales_floor', delta: -1, reasonCode: 'damaged' })).statusCode).toBe(200);
    const destroyed = await stockIn.returned('destroy');
    expect(destroyed.statusCode, destroyed.body).toBe(201);
    expect(destroyed.json()).toMatchObject({ refundCents: expect.any(Number), lines: [{ restock: 'destroy', packages: [{ locationCode: 'quarantine' }] }] });
    expect(destroyed.json().refundCents).toBeGreaterThan(0);
  });
});
