// The server-bound helpers the acceptance cases of the packs through the API
// (integration/packs-through-the-api*.test.ts) share: one server per file with the demo
// organization's people logged in, and the stores, products, customers, sales, checks and carts the
// cases are made of. Reading an engine answer and store-local clock arithmetic live in
// packs-cases.ts.
//
//   const api = packsApi('Packs API4');
//   beforeAll(() => api.start());
//   afterAll(() => api.close());
//   const { storeIn, product, adult, quote } = api;
//
// The functions may be taken apart at describe time: they reach the server only when called.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { expect } from 'vitest';
import { createCustomer, createStore, TEST_CUSTOMER_DATA_KEY } from '../integration/customers.fixtures';
import { stockedSku } from './checkout-fixtures';
import type { Json } from './packs-cases';
import { startTestServer, type TestServer } from './test-server';

export interface PacksSku {
  id: string;
  code: string;
}

export interface PacksStore {
  id: string;
  name: string;
  timezone: string;
}

/** A register line: `quantity` units of a catalog SKU, with a manager's override if any. */
export type PacksLine = { skuId: string; quantity: number; override?: { unitPriceCents?: number; discountCents?: number; reason: string } };

/** A medical card on file: its kind, expiry and the allowances a certifier set (need compliance:override). */
export interface PacksCard {
  kind?: 'registry_card' | 'recommendation';
  expiresOn?: string;
  limitAllowances?: Json[];
}

/** `label` names this file's stores and products (e.g. 'Packs API4'), so rows say where they came from. */
export function packsApi(label: string) {
  let current: TestServer | undefined;
  const cookies = { owner: '', manager: '', budtender: '' };
  const server = (): TestServer => {
    if (!current) throw new Error('packsApi: start() has not run');
    return current;
  };
  const db = () => server().platform.database.db;
  let seq = 0;
  const uniq = () => `${process.pid}-${++seq}`;
  const tag = label.replace(/^Packs API/, 'P').replace(/\s+/g, '') || 'P';
  const who = (customer: string | Json) => (typeof customer === 'string' ? { customerId: customer } : { customer });

  /** Starts the file's server, logs in its owner, manager and budtender, and withdraws the demo promotions so stores sell at list price. */
  async function start(): Promise<TestServer> {
    current = await startTestServer({ env: { CUSTOMER_DATA_KEY: TEST_CUSTOMER_DATA_KEY } });
    cookies.owner = await current.login('owner');
    cookies.manager = await current.login('manager');
    cookies.budtender = await current.login('budtender');
    // The discounts these cases look at are the ones a case gives.
    await sql`update promotion set active = false, archived_at = now()`.execute(db());
    return current;
  }

  async function close(): Promise<void> {
    await current?.close();
  }

  async function waitForFloor(storeId: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const floor = await db().selectFrom('inventory_location').select('id').where('store_id', '=', storeId).where('code', '=', 'sales_floor').executeTakeFirst();
      if (floor) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A store of the jurisdiction, open around the clock (store override of the pack's hours). */
  async function storeIn(jurisdiction: string, timezone: string): Promise<PacksStore> {
    const name = `${label} ${jurisdiction} ${uniq()}`;
    const store = await createStore(server(), cookies.owner, jurisdiction, timezone, name);
    await waitForFloor(store.id);
    return { id: store.id, name, timezone };
  }

  /** A store of the jurisdiction with no overrides at all: the pack's own sale hours apply. */
  async function storeAsPacked(jurisdiction: string, timezone: string): Promise<PacksStore> {
    const name = `${label} packed ${jurisdiction} ${uniq()}`;
    const res = await server().request({ method: 'POST', url: '/v1/stores', cookie: cookies.owner, body: { name, licenseNumber: `${tag}-${jurisdiction}-${uniq()}-${Date.now()}`, jurisdiction, timezone } });
    if (res.statusCode !== 201) throw new Error(`store: ${res.statusCode} ${res.body}`);
    return { id: res.json().id, name, timezone };
  }

  /** A catalog product with one SKU priced at the store, and `stock` units on its sales floor. */
  async function product(store: { id: string; name: string }, category: string, sku: Json, priceCents: number, stock = 0): Promise<PacksSku> {
    const code = `${tag}-${uniq()}`;
    const res = await server().request({
      method: 'POST',
      url: '/v1/catalog/products',
      cookie: cookies.owner,
      body: { title: `${label} ${category} ${code}`, category, skus: [{ code, sizeLabel: 'unit', ...sku, prices: [{ storeId: store.id, priceCents }] }] },
    });
    if (res.statusCode !== 201) throw new Error(`product: ${res.statusCode} ${res.body}`);
    const id = res.json().skus[0].id as string;
    if (stock > 0) await stockedSku(db(), server().organizationId, { code, quantity: stock, storeName: store.name });
    return { id, code };
  }

  /** An adult-use customer on file. */
  async function adult(birthDate = '1980-01-01', idJurisdiction?: string): Promise<string> {
    return (await createCustomer(server(), cookies.budtender, { firstName: 'Pat', lastName: `Adult${uniq()}`, birthDate, ...(idJurisdiction ? { idJurisdiction } : {}) })).id;
  }

  /** A medical customer on file with a card of `cardJurisdiction` (valid to 2030-12-31 unless told). */
  async function patient(cardJurisdiction: string, card: PacksCard = {}, birthDate = '1980-01-01'): Promise<string> {
    const c = await createCustomer(server(), cookies.budtender, { firstName: 'Pia', lastName: `Patient${uniq()}`, birthDate, kind: 'medical', idJurisdiction: cardJurisdiction });
    const res = await server().request({
      method: 'PUT',
      url: `/v1/customers/${c.id}/medical`,
      // Allowances need compliance:override.
      cookie: card.limitAllowances ? cookies.owner : cookies.budtender,
      body: {
        cardNumber: `CARD-${uniq()}`,
        cardJurisdiction,
        cardExpiresOn: card.expiresOn ?? '2030-12-31',
        ...(card.kind ? { cardKind: card.kind } : {}),
        ...(card.limitAllowances ? { limitAllowances: card.limitAllowances } : {}),
      },
    });
    if (res.statusCode !== 200) throw new Error(`medical: ${res.statusCode} ${res.body}`);
    return c.id;
  }

  async function linkCaregiver(patientId: string, caregiverId: string): Promise<void> {
    const link = await server().request({ method: 'POST', url: `/v1/customers/${patientId}/caregivers`, cookie: cookies.budtender, body: { caregiverCustomerId: caregiverId } });
    if (link.statusCode !== 201) throw new Error(`caregiver link: ${link.statusCode} ${link.body}`);
  }

  /** A register quote; `customer` is a customer id or a walk-in's facts. */
  async function quote(storeId: string, customer: string | Json, lines: PacksLine[], extra: { caregiverId?: string; couponCodes?: string[] } = {}): Promise<Json> {
    const res = await server().request({
      method: 'POST',
      url: `/v1/stores/${storeId}/pos-quotes`,
      cookie: cookies.manager,
      body: { ...who(customer), lines, ...(extra.caregiverId && { caregiverId: extra.caregiverId }), ...(extra.couponCodes && { couponCodes: extra.couponCodes }) },
    });
    if (res.statusCode !== 200) throw new Error(`quote: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  /** A register sale paid in cash; answers the order. */
  async function sell(storeId: string, customer: string | Json, lines: PacksLine[], extra: { caregiverId?: string } = {}): Promise<Json> {
    const res = await server().request({
      method: 'POST',
      url: `/v1/stores/${storeId}/pos-sales`,
      cookie: cookies.manager,
      body: { id: uuidv7(), ...who(customer), lines, ...(extra.caregiverId && { caregiverId: extra.caregiverId }), tenders: [{ kind: 'cash', tenderedCents: 10_000_000 }] },
    });
    if (res.statusCode !== 201) throw new Error(`sale: ${res.statusCode} ${res.body}`);
    return res.json().order;
  }

  /** The compliance check (takes `at`, so it serves cases that need a fixed instant). */
  async function check(body: Json): Promise<Json> {
    const res = await server().request({ method: 'POST', url: '/v1/compliance/checks', cookie: cookies.budtender, body });
    if (res.statusCode !== 200) throw new Error(`check: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  /** Moves an order's recorded limit usage to another instant (as if the sale had been made then). */
  async function madeAt(orderId: string, at: string): Promise<void> {
    const moved = await sql`update purchase_usage_line set occurred_at = ${at}::timestamptz where order_id = ${orderId}`.execute(db());
    expect(Number(moved.numAffectedRows)).toBeGreaterThan(0);
  }

  async function returnUnits(orderId: string, lineNo: number, quantity: number): Promise<Json> {
    const res = await server().request({
      method: 'POST',
      url: `/v1/orders/${orderId}/returns`,
      cookie: cookies.manager,
      body: { lines: [{ lineNo, quantity, restock: 'sellable' }], reason: 'customer brought it back', refundTo: 'original' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  async function taxSetting(storeId: string, body: { localSalesTaxRate: number; localCannabisTaxRate: number; effectiveFrom: string }): Promise<void> {
    const res = await server().request({ method: 'POST', url: `/v1/stores/${storeId}/tax-settings`, cookie: cookies.owner, body: { ...body, reason: 'city and county rates' } });
    if (res.statusCode !== 201) throw new Error(`tax setting: ${res.statusCode} ${res.body}`);
  }

  async function newCart(storeId: string, customerId: string, channel: 'pickup' | 'delivery'): Promise<string> {
    const res = await server().request({ method: 'POST', url: '/v1/carts', cookie: cookies.manager, body: { storeId, customerId, channel } });
    if (res.statusCode !== 201) throw new Error(`cart: ${res.statusCode} ${res.body}`);
    return res.json().id;
  }
  const addLine = (cartId: string, line: PacksLine) => server().request({ method: 'POST', url: `/v1/carts/${cartId}/lines`, cookie: cookies.manager, body: line });
  const fulfil = (cartId: string, body: Json) => server().request({ method: 'PUT', url: `/v1/carts/${cartId}/fulfillment`, cookie: cookies.manager, body });
  const complete = (cartId: string) => server().request({ method: 'POST', url: `/v1/carts/${cartId}/complete`, cookie: cookies.manager, body: { tenders: [{ kind: 'simulator' }] } });
  /** A cart's delivery fulfilment body. */
  const delivery = (address: Json, addressType = 'residence', deliverAt?: string) => ({
    delivery: { name: 'Dee Livery', phone: '+15035550100', address, addressType, ...(deliverAt ? { deliverAt } : {}) },
  });

  return {
    start,
    close,
    get server() {
      return server();
    },
    get owner() {
      return cookies.owner;
    },
    get manager() {
      return cookies.manager;
    },
    get budtender() {
      return cookies.budtender;
    },
    db,
    uniq,
    waitForFloor,
    storeIn,
    storeAsPacked,
    product,
    adult,
    patient,
    linkCaregiver,
    quote,
    sell,
    check,
    madeAt,
    returnUnits,
    taxSetting,
    newCart,
    addLine,
    fulfil,
    complete,
    delivery,
  };
}

export type PacksApi = ReturnType<typeof packsApi>;
