import fc from 'fast-check';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guessStructure } from '../../src/modules/catalog/structure-guess';
import { defaultDispatcherOptions, dispatchDueDeliveries } from '../../src/modules/events/delivery-dispatcher';
import { queueForReview } from '../../src/modules/catalog/review.service';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { customers, newLabel, stockedSku } from '../support/checkout-fixtures';
import { addVehicle, readyDeliveryOrder } from '../support/delivery-fixtures';
import { openApiOperations, pathsOf, schemaArbitrary, valueAt, withValueAt, type ArbitraryContext, type JsonSchema, type Operation } from '../support/schema-arbitrary';
import { buildSecondOrganization, SECOND_ORG_MARKER, type SecondOrganization } from '../support/second-organization';
import { SseClient } from '../support/sse-client';
import { startTestServer, type TestServer } from '../support/test-server';

// One organization can never read, change or point at another's rows through the HTTP API.
//
// A second organization is built beside the demo one, with rows of every kind. Then, signed in as
// the demo organization's owner (and as a demo shopper on the shop routes), every operation of the
// OpenAPI document gets requests that name the second organization's rows:
//   - every id at once (their rows in the path, the query and the body),
//   - one field at a time, in requests that are otherwise about the demo organization's own rows:
//     requests built from the operation's schemas, and hand-written ones that are valid down to the
//     business rules, so the id is what decides.
// No answer is a 5xx; none shows an id, package label, e-mail, code or name of theirs that its
// request did not carry; a write naming one of their rows is refused and writes nothing that names
// it; a request naming one of their rows is answered exactly as one naming a row of nobody; the
// demo organization's reads after all of that show nothing of theirs; and their rows are, at the
// end, byte for byte what they were.

const RUNS = Number(process.env.CROSS_ORG_RUNS ?? 2);
const SEED = Number(process.env.CROSS_ORG_SEED ?? 20261207);
const NOT_OURS = new Set(['503 MAIL_NOT_CONFIGURED', '502 STATE_SYSTEM_ERROR']);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const IS_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Parts = Record<string, unknown>;
type Side = 'ours' | 'theirs';

// The table a path id names, by the segment before it.
const SEGMENT_TABLES: Record<string, string> = {
  staff: 'staff_user',
  'api-keys': 'api_key',
  stores: 'store',
  brands: 'brand',
  products: 'product',
  skus: 'sku',
  review: 'catalog_review_item',
  customers: 'customer',
  caregivers: 'caregiver_link',
  refusals: 'compliance_event',
  registers: 'register',
  'register-sessions': 'register_session',
  queue: 'register_queue_entry',
  'parked-carts': 'register_parked_cart',
  promotions: 'promotion',
  accounts: 'customer',
  webhooks: 'webhook_subscription',
  deliveries: 'webhook_delivery',
  alerts: 'alert',
  locations: 'inventory_location',
  batches: 'inventory_batch',
  reservations: 'inventory_reservation',
  manifests: 'inventory_manifest',
  transfers: 'inventory_transfer',
  counts: 'inventory_count',
  'reorder-points': 'sku',
  carts: 'sales_cart',
  orders: 'sales_order',
  stops: 'sales_order',
  'delivery-runs': 'delivery_run',
  reports: 'trace_report',
  'store-credit': 'customer',
};
// The table a field names, by its name; others by name (fooId → foo) or none.
const FIELD_TABLES: Record<string, string> = {
  storeId: 'store',
  storeIds: 'store',
  fromStoreId: 'store',
  toStoreId: 'store',
  customerId: 'customer',
  caregiverId: 'customer',
  caregiverCustomerId: 'customer',
  linkId: 'caregiver_link',
  userId: 'staff_user',
  driverId: 'staff_user',
  witnessId: 'staff_user',
  budtenderId: 'staff_user',
  actorId: 'staff_user',
  registerId: 'register',
  sessionId: 'register_session',
  registerSessionId: 'register_session',
  entryId: 'register_queue_entry',
  vehicleId: 'delivery_vehicle',
  runId: 'delivery_run',
  orderId: 'sales_order',
  batchId: 'inventory_batch',
  deliveryId: 'webhook_delivery',
  idVerificationId: 'customer_id_verification',
  brandId: 'brand',
  brands: 'brand',
  productIds: 'product',
  skuId: 'sku',
  skuIds: 'sku',
  skus: 'sku',
};
// Paging cursors name a row of what the route lists.
const CURSOR_TABLES: Array<[RegExp, string]> = [
  [/^\/v1\/inventory\/alerts/, 'inventory_alert'],
  [/^\/v1\/alerts/, 'alert'],
  [/\/deliveries$/, 'webhook_delivery'],
  [/^\/v1\/loyalty\/accounts/, 'loyalty_entry'],
  [/^\/v1\/traceability\/reports/, 'trace_report'],
  [/\/manifests$/, 'inventory_manifest'],
  [/\/counts$/, 'inventory_count'],
  [/^\/v1\/catalog\/products/, 'product'],
  [/^\/v1\/catalog\/review/, 'catalog_review_item'],
];
// Text fields that hold an id of the caller's choosing (an order reference as sent, a promotion's
// filter, an audit search): the server follows no reference, so only what answers show is judged.
const OPAQUE_ID_FIELDS = new Set(['orderId', 'customerId', 'entityId', 'actorId', 'budtenderId', 'productIds', 'skus', 'brands']);
// Names unique across all organizations, where a new row may not take one already used anywhere:
// a state's package tag. Refusing theirs is answering "taken", not showing it. A POS sale's own
// id, which an offline register chooses, is an order id: theirs is taken too, as is a gift card
// sale's. (A gift card's code is unique within an organization: theirs is a code like any other.)
const GLOBAL_NAMES = new Set([
  'POST /v1/stores/{storeId}/manifests packageLabel',
  'POST /v1/stores/{storeId}/pos-sales id',
  'POST /v1/register-sessions/{sessionId}/gift-card-sales id',
]);
// Inventory keeps a package's or a count's SKU as an id the catalog is not asked about
// (docs/inventory.md: "tied to a SKU id (catalog, no foreign key)"): their SKU id there is our own
// text, which the named case below receives into stock and then reads back.
const OPAQUE_BY_ROUTE = new Set(['POST /v1/stores/{storeId}/manifests skuId', 'POST /v1/stores/{storeId}/counts skuIds']);
// A gift card's code is unique within one organization (migration 0083): their code is digits
// like any other to us, which a run may well have issued to one of our own cards. Judged by what
// answers show, not by "answered as for nobody's".
const isGiftCardCode = (operation: { path: string }, name: string) =>
  name === 'giftCardCode' || (name === 'code' && (operation.path.startsWith('/v1/gift-cards') || operation.path.endsWith('/gift-card-sales')));

describe('cross-organization: no route reads, changes or points at another organization’s rows', () => {
  let server: TestServer;
  let owner: string;
  let shopper: string;
  let other: SecondOrganization;
  let our: Awaited<ReturnType<typeof buildOurRows>>;
  let operations: Operation[];
  let components: Record<string, JsonSchema>;
  /** Every uuid in the database before the second organization existed. */
  let ours: Set<string>;
  /** Every uuid the second organization brought. */
  let theirUuids: Set<string>;
  /** Their package labels and gift card code: naming one is naming their row. */
  let theirKeys: string[];
  /** Their customers' e-mails: never shown to another organization. */
  let theirTexts: string[];
  /** Their ids we wrote ourselves into our own rows as plain text (an order reference as sent). */
  const ourTextOfTheirs = new Set<string>();
  const idsByTable = { ours: new Map<string, string[]>(), theirs: new Map<string, string[]>() };
  /** Values of string fields that name a row by something other than a uuid. */
  const valuesByField = { ours: new Map<string, string[]>(), theirs: new Map<string, string[]>() };
  const pathValuesByName = { ours: new Map<string, string[]>(), theirs: new Map<string, string[]>() };
  let beforeRows: Map<string, string[]>;
  let lastAudit = 0;
  let lastEvent = 0;

  const db = () => server.platform.database.db;
  const settle = () => server.platform.sequencer.wake();

  /** Every row of every table as text (outbox deliveries with their event's organization). */
  async function dumpDatabase(): Promise<Map<string, string[]>> {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'
        and table_name not in ('schema_migration', 'sequencer_state', 'idempotency_key', 'outbox_delivery')
      order by table_name`.execute(db());
    const dump = new Map<string, string[]>();
    for (const { table_name: table } of tables.rows) {
      const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(table)} t`.execute(db());
      dump.set(table, rows.rows.map((r) => r.row));
    }
    const deliveries = await sql<{ row: string }>`
      select d::text || ' ' || coalesce(e.organization_id::text, '') as row from outbox_delivery d join outbox_event e on e.id = d.event_id`.execute(db());
    dump.set('outbox_delivery', deliveries.rows.map((r) => r.row));
    return dump;
  }

  const uuidsIn = (text: string) => (text.match(UUID) ?? []).map((u) => u.toLowerCase());
  const namesTheirs = (text: string) => uuidsIn(text).some((u) => theirUuids.has(u)) || theirKeys.some((t) => text.includes(t));
  /**
   * Whether a row names theirs other than as the text we wrote ourselves into our own rows (an
   * order reference as sent, a promotion's filter, their SKU id in our stock).
   */
  const beyondOurText = (row: string) => theirKeysIn(row).some((token) => !ourTextOfTheirs.has(token));
  /** Their ids, package labels and gift card code a text carries. */
  const theirKeysIn = (text: string) => [...new Set([...uuidsIn(text).filter((u) => theirUuids.has(u)), ...theirKeys.filter((t) => text.includes(t))])];

  /** Per table, the rows that name one of the second organization's rows (sorted). */
  function theirRows(dump: Map<string, string[]>): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [table, rows] of dump) out.set(table, rows.filter(namesTheirs).sort());
    return out;
  }

  async function positions() {
    const row = await sql<{ audit: string | null; events: string | null }>`
      select (select max(id) from audit_log) as audit, (select max(id) from outbox_event) as events`.execute(db());
    return { audit: Number(row.rows[0].audit ?? 0), events: Number(row.rows[0].events ?? 0) };
  }

  /**
   * The demo organization's own rows that the one-field requests start from, in the states the
   * routes want: an open cart with pickup details, an open drawer, orders placed, accepted, ready
   * and completed, a loading delivery run, an open manifest, count and transfer, a queue entry, a
   * refusal, a gift card, a review item, a shopper with a cart.
   */
  async function buildOurRows() {
    const post = async (url: string, body: unknown, cookie = owner) => {
      const response = await server.request({ method: 'POST', url, cookie, body });
      expect(response.statusCode, `POST ${url}: ${response.body}`).toBeLessThan(300);
      return response.json();
    };
    const put = async (url: string, body: unknown) => {
      const response = await server.request({ method: 'PUT', url, cookie: owner, body });
      expect(response.statusCode, `PUT ${url}: ${response.body}`).toBeLessThan(300);
      return response.json();
    };
    const organizationId = server.organizationId;
    // First, so the events of what follows are fanned out to it.
    const webhook = await post('/v1/webhooks', { url: 'https://ours.example.test/hook', eventTypes: ['orders.*'] });
    const stores = await db().selectFrom('store').select(['id', 'name']).where('organization_id', '=', organizationId).execute();
    const oakland = stores.find((s) => s.name.includes('Oakland'))!.id;
    const denver = stores.find((s) => s.name.includes('Denver'))!.id;
    const fx = await stockedSku(db(), organizationId, { quantity: 500, code: 'HH-BD-35' });
    const [buyer, buyer2, buyer3, buyer4] = await customers(db(), organizationId, 4);
    const seeded = async (firstName: string) => (await db().selectFrom('customer').select('id').where('organization_id', '=', organizationId).where('first_name', '=', firstName).executeTakeFirstOrThrow()).id;
    const patient = await seeded('Pat');
    const caregiver = await seeded('Casey');
    const staffOf = async (role: string) => (await db().selectFrom('staff_user').select('id').where('email', '=', `${role}@demo.verdant.test`).executeTakeFirstOrThrow()).id;
    const manager = await staffOf('manager');
    const driver = await staffOf('driver');
    const budtender = await staffOf('budtender');
    // The ID check of the customer whose ready order is handed over below.
    const idVerification = (await db().selectFrom('customer_id_verification').select('id').where('customer_id', '=', buyer4).executeTakeFirstOrThrow()).id;
    const product = (await db().selectFrom('sku').select('product_id').where('id', '=', fx.skuId).executeTakeFirstOrThrow()).product_id;
    const brand = (await db().selectFrom('product').select('brand_id').where('id', '=', product).executeTakeFirstOrThrow()).brand_id!;
    const batch = (await db().selectFrom('inventory_package').select('batch_id').where('id', '=', fx.packageId).executeTakeFirstOrThrow()).batch_id!;

    const signUp = await server.request({
      method: 'POST',
      url: `/v1/public/stores/${oakland}/shoppers`,
      body: { email: 'cross-org@example.test', password: 'a-long-shopper-password', firstName: 'C', lastName: 'O', birthDate: '1980-01-01' },
    });
    expect(signUp.statusCode, signUp.body).toBe(201);
    shopper = String(signUp.headers['set-cookie']).split(';')[0];
    const shopCart = await post('/v1/shop/carts', { storeId: oakland, channel: 'pickup' }, shopper);
    await server.request({ method: 'PUT', url: `/v1/shop/carts/${shopCart.id}/lines`, cookie: shopper, body: { lines: [{ skuId: fx.skuId, quantity: 1 }] } });

    const pickup = { pickup: { name: 'Pat Pickup', phone: '+15105550100' } };
    const cartWithLine = async (customerId: string) => {
      const cart = await post('/v1/carts', { storeId: oakland, customerId, channel: 'pickup' });
      await post(`/v1/carts/${cart.id}/lines`, { skuId: fx.skuId, quantity: 1 });
      await put(`/v1/carts/${cart.id}/fulfillment`, pickup);
      return cart.id as string;
    };
    const cart = await cartWithLine(buyer);
    const placedOrder = async (customerId: string) => (await post(`/v1/carts/${await cartWithLine(customerId)}/complete`, { tenders: [{ kind: 'simulator' }] })).order.id as string;
    const placed = await placedOrder(buyer2);
    const accepted = await placedOrder(buyer3);
    await post(`/v1/orders/${accepted}/transitions`, { to: 'accepted' });
    const ready = await placedOrder(buyer4);
    await post(`/v1/orders/${ready}/transitions`, { to: 'accepted' });
    await post(`/v1/orders/${ready}/picks`, { lineNo: 0, packageLabel: fx.packageLabel });
    await post(`/v1/orders/${ready}/transitions`, { to: 'packed' });
    await post(`/v1/orders/${ready}/transitions`, { to: 'ready' });
    const register = await post(`/v1/stores/${oakland}/registers`, { name: 'Cross-org till' });
    const session = await post(`/v1/registers/${register.id}/sessions`, { float: { totalCents: 50_000 } });
    const sale = await post(`/v1/stores/${oakland}/pos-sales`, { id: uuidv7(), customerId: buyer, registerSessionId: session.id, lines: [{ skuId: fx.skuId, quantity: 3 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
    const deliveryOrder = await readyDeliveryOrder(server, owner, fx, buyer2, 1);
    const vehicle = await addVehicle(server, owner, oakland, 'Cross-org van');
    const run = await post('/v1/delivery-runs', { storeId: oakland, vehicleId: vehicle, driverId: driver });
    const giftCardCode = '1111222233334444';
    await post('/v1/gift-cards', { amountCents: 5000, code: giftCardCode });
    const giftCardSale = await post(`/v1/register-sessions/${session.id}/gift-card-sales`, { id: uuidv7(), kind: 'load', code: giftCardCode, amountCents: 1000, tenders: [{ kind: 'cash' }] });
    const manifest = await post(`/v1/stores/${oakland}/manifests`, { number: 'CROSS-ORG-1', items: [{ packageLabel: newLabel('XO'), skuId: fx.skuId, unit: 'each', expectedQuantity: 2, batchId: batch }] });
    const count = await post(`/v1/stores/${oakland}/counts`, { kind: 'cycle', locationCode: 'sales_floor' });
    const berkeley = (await post('/v1/stores', { name: 'Cross-org Berkeley', licenseNumber: 'C10-CROSS-ORG', jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' })).id as string;
    const transfer = await post('/v1/inventory/transfers', { fromStoreId: oakland, toStoreId: berkeley, items: [{ packageLabel: fx.packageLabel, quantity: 2, fromLocationCode: 'sales_floor' }] });
    const queueEntry = await post(`/v1/stores/${oakland}/queue`, { source: 'walk_in', customerId: buyer });
    const refusal = await post('/v1/compliance/refusals', { storeId: oakland, customerId: buyer, channel: 'in_store', violations: [{ code: 'PURCHASE_LIMIT', message: 'over', rule: 'us-ca.limits.flower' }] });
    const promotion = await post('/v1/promotions', { name: 'Cross-org five off', codes: ['OURS5'], action: { type: 'fixed_off_order', amountCents: 500 } });
    await queueForReview(db(), organizationId, { skuId: fx.skuId, registerName: 'FLWR MYSTERY', guess: guessStructure('FLWR MYSTERY', {}), source: 'api' });
    const reviewItem = (await db().selectFrom('catalog_review_item').select('id').where('sku_id', '=', fx.skuId).executeTakeFirstOrThrow()).id;
    return {
      oakland, denver, berkeley, fx, buyer, patient, caregiver, manager, driver, budtender, idVerification, product, brand, batch,
      cart, placed, accepted, ready, sale: sale.order.id as string, deliveryOrder: deliveryOrder.id, vehicle, run: run.id as string,
      register: register.id as string, session: session.id as string, giftCardCode, giftCardSale: giftCardSale.id as string, manifest: manifest.id as string,
      manifestLabel: manifest.items[0].packageLabel as string, count: count.id as string, transfer: transfer.id as string,
      queueEntry: queueEntry.id as string, refusal: refusal.id as string, promotion: promotion.id as string, shopCart: shopCart.id as string,
      webhook: webhook.id as string, reviewItem,
    };
  }

  beforeAll(async () => {
    server = await startTestServer({ workers: false, env: { TRACE_CREDENTIALS_KEY: 'c'.repeat(64) } });
    owner = await server.login('owner');
    our = await buildOurRows();
    // What the background workers would do with our rows is done now, so that running them for the
    // second organization's rows (as its builder does) adds no rows of ours that look like theirs.
    await settle();
    while ((await dispatchDueDeliveries(db(), server.platform.deliveries.subscribers, defaultDispatcherOptions)) > 0);
    await settle();
    ours = new Set([...(await dumpDatabase()).values()].flat().flatMap(uuidsIn));

    other = await buildSecondOrganization(server);
    await queueForReview(db(), other.organizationId, { skuId: other.skuIds[0], registerName: 'QUOKKA MYSTERY', guess: guessStructure('QUOKKA MYSTERY', {}), source: 'api' });
    // A delivery of theirs that gave up, for the dead-letter routes.
    await sql`update outbox_delivery set status = 'dead', attempts = 8, last_error = 'endpoint down'
              where id = (select d.id from outbox_delivery d join outbox_event e on e.id = d.event_id
                          where e.organization_id = ${other.organizationId} order by d.id limit 1)`.execute(db());
    await settle();

    const dump = await dumpDatabase();
    theirUuids = new Set([...dump.values()].flat().flatMap(uuidsIn).filter((u) => !ours.has(u)));
    const labels = (await db().selectFrom('inventory_package').select('label').where('organization_id', '=', other.organizationId).execute()).map((r) => r.label);
    const emails = (await db().selectFrom('customer').select('email').where('organization_id', '=', other.organizationId).execute()).flatMap((r) => (r.email ? [r.email] : []));
    theirKeys = [...labels, other.giftCardCode];
    theirTexts = emails;
    beforeRows = theirRows(dump);

    // Ids by table and side: a row is theirs if its id came with the second organization.
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.columns
      where table_schema = current_schema() and column_name = 'id' and data_type = 'uuid'`.execute(db());
    for (const { table_name: table } of tables.rows) {
      const rows = await sql<{ id: string }>`select id from ${sql.table(table)} order by id`.execute(db());
      idsByTable.theirs.set(table, rows.rows.map((r) => r.id).filter((id) => theirUuids.has(id)));
      idsByTable.ours.set(table, rows.rows.map((r) => r.id).filter((id) => ours.has(id)).slice(0, 6));
    }
    // Our rows in the states the routes want (never the signed-in owner themself).
    const ourIds: Record<string, string[]> = {
      staff_user: [our.manager, our.budtender, our.driver],
      store: [our.oakland],
      customer: [our.buyer, our.patient],
      sku: [our.fx.skuId],
      product: [our.product],
      brand: [our.brand],
      sales_cart: [our.cart],
      sales_order: [our.placed, our.accepted, our.ready, our.sale],
      register: [our.register],
      register_session: [our.session],
      register_queue_entry: [our.queueEntry],
      delivery_vehicle: [our.vehicle],
      delivery_run: [our.run],
      inventory_manifest: [our.manifest],
      inventory_count: [our.count],
      inventory_transfer: [our.transfer],
      inventory_batch: [our.batch],
      compliance_event: [our.refusal],
      promotion: [our.promotion],
      customer_id_verification: [our.idVerification],
      webhook_subscription: [our.webhook],
      catalog_review_item: [our.reviewItem],
    };
    for (const [table, ids] of Object.entries(ourIds)) idsByTable.ours.set(table, ids);
    valuesByField.ours.set('packageLabel', [our.fx.packageLabel]);
    valuesByField.theirs.set('packageLabel', labels);
    valuesByField.ours.set('giftCardCode', [our.giftCardCode]);
    valuesByField.theirs.set('giftCardCode', [other.giftCardCode]);
    valuesByField.ours.set('couponCode', ['OURS5']);
    valuesByField.theirs.set('couponCode', [other.couponCode]);
    valuesByField.ours.set('currentPassword', [DEMO_PASSWORD]);
    const slugs = async (organizationId: string) => (await db().selectFrom('product').select('slug').where('organization_id', '=', organizationId).limit(4).execute()).map((r) => r.slug);
    pathValuesByName.ours.set('label', [our.fx.packageLabel]);
    pathValuesByName.theirs.set('label', labels);
    pathValuesByName.ours.set('slug', await slugs(server.organizationId));
    pathValuesByName.ours.set('patientLicense', ['CA-MMIC-0042-7781']);
    pathValuesByName.theirs.set('patientLicense', ['CA-QUOKKA-0001']);
    pathValuesByName.theirs.set('slug', await slugs(other.organizationId));
    const dead = await sql<{ id: number }>`select d.id from outbox_delivery d join outbox_event e on e.id = d.event_id where e.organization_id = ${other.organizationId} and d.status = 'dead'`.execute(db());
    pathValuesByName.theirs.set('dead-letter', dead.rows.map((r) => String(r.id)));
    pathValuesByName.ours.set('dead-letter', ['1']);

    // Streams never end; signing in and out is about credentials (see the named cases below).
    ({ operations, components } = await openApiOperations(server, (path) => path.endsWith('/stream') || ['/v1/auth/logout', '/v1/auth/login', '/v1/shop/sign-out'].includes(path)));
    // Reads first, deletions last: a request about our own cart needs the cart to exist.
    const rank = (o: Operation) => (o.method === 'GET' ? 0 : o.method === 'DELETE' ? 2 : 1);
    operations.sort((a, b) => rank(a) - rank(b));
    ({ audit: lastAudit, events: lastEvent } = await positions());
  }, 120_000);
  afterAll(() => server?.close());

  // ---- which ids suit a field ---------------------------------------------------------------

  const snake = (name: string) => name.replace(/-/g, '_').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const stem = (name: string) => name.replace(/Ids?$/, '').replace(/ies$/, 'y').replace(/s$/, '');

  function tableFor(name: string, operation?: Operation): string | undefined {
    if (FIELD_TABLES[name]) return FIELD_TABLES[name];
    if (['before', 'after', 'cursor'].includes(name) && operation) return CURSOR_TABLES.find(([pattern]) => pattern.test(operation.path))?.[1];
    const candidate = snake(stem(name));
    return idsByTable.theirs.has(candidate) ? candidate : undefined;
  }

  function idsFor(side: Side, name: string, operation?: Operation): string[] {
    const table = tableFor(name, operation);
    const ids = table ? (idsByTable[side].get(table) ?? []) : [];
    if (ids.length) return ids;
    return [...idsByTable[side].values()].flat().slice(0, side === 'theirs' ? 200 : 12);
  }

  /** Values of a string field that name a row: a package label, a gift card, a coupon code at checkout. */
  function valuesFor(side: Side, operation: Operation, field: string): string[] {
    if (field === 'code' && (operation.path.startsWith('/v1/gift-cards') || operation.path.endsWith('/gift-card-sales'))) return valuesByField[side].get('giftCardCode') ?? [];
    if (field === 'code' && operation.path.endsWith('/coupons')) return valuesByField[side].get('couponCode') ?? [];
    if (field === 'currentPassword') return valuesByField.ours.get(field)!;
    return valuesByField[side].get(field) ?? [];
  }

  const context = (side: Side, operation: Operation): ArbitraryContext => ({
    breakFields: false,
    components,
    idsFor: (field) => idsFor(side, field, operation),
    valuesFor: (field) => valuesFor(side, operation, field),
  });

  function pathTable(operation: Operation, name: string): string | undefined {
    const segments = operation.path.split('/');
    const before = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
    if (operation.path.startsWith('/v1/inventory/alerts/')) return 'inventory_alert';
    if (operation.path.startsWith('/v1/shop/') && name === 'id') return before === 'orders' ? 'sales_order' : 'sales_cart';
    return name === 'id' ? SEGMENT_TABLES[before] : (tableFor(name) ?? SEGMENT_TABLES[before]);
  }

  function pathValues(side: Side, operation: Operation, name: string, schema: JsonSchema): string[] {
    if (operation.path.startsWith('/v1/events/dead-letters/')) return pathValuesByName[side].get('dead-letter')!;
    if (operation.path.startsWith('/v1/shop/') && side === 'ours') return name === 'id' && operation.path.includes('/carts/') ? [our.shopCart] : [];
    if (operation.path.includes('/parked-carts/{cartId}') && name === 'cartId') return idsByTable[side].get('register_parked_cart') ?? [];
    if (schema.format !== 'uuid') return pathValuesByName[side].get(name) ?? [];
    const table = pathTable(operation, name);
    return table ? (idsByTable[side].get(table) ?? []) : [];
  }

  /** The schema of the value at `path` inside a body schema (the first variant that has it). */
  function schemaAt(schema: JsonSchema | undefined, path: (string | number)[]): JsonSchema | undefined {
    let current = resolve(schema);
    for (const step of path) {
      if (!current) return undefined;
      let next: JsonSchema | undefined;
      for (const variant of (current.anyOf ?? current.oneOf ?? [current]).map(resolve)) {
        next = typeof step === 'number' ? variant?.items : variant?.properties?.[step];
        if (next) break;
      }
      current = resolve(next);
    }
    return current;
  }
  function resolve(schema: JsonSchema | undefined): JsonSchema | undefined {
    if (schema?.$ref) return resolve(components[schema.$ref.replace('#/components/schemas/', '')]);
    const variants = schema?.anyOf ?? schema?.oneOf;
    // A nullable field: the variant that is not null.
    if (variants && variants.length === 2 && variants.some((v) => v.type === 'null')) return resolve(variants.find((v) => v.type !== 'null'));
    return schema;
  }

  /**
   * Their values for the field at `path` of one of our requests, and whether the field is opaque
   * text: a path id or uuid field gets their ids of the same kind; a package label, a gift card
   * code, a coupon code at checkout theirs; an id kept as plain text their ids.
   */
  function theirsFor(operation: Operation, key: string, path: (string | number)[], value: unknown): { values: string[]; opaque: boolean } {
    const none = { values: [] as string[], opaque: false };
    if (typeof value !== 'string') return none;
    if (key.startsWith('path:')) {
      const name = key.slice(5);
      const parameter = operation.parameters.find((p) => p.in === 'path' && p.name === name)!;
      return { values: pathValues('theirs', operation, name, parameter.schema), opaque: false };
    }
    const name = key === 'body' ? String([...path].reverse().find((p) => typeof p === 'string') ?? '') : key.slice(key.indexOf(':') + 1);
    const schema = key === 'body' ? schemaAt(operation.body, path) : resolve(operation.parameters.find((p) => `${p.in}:${p.name}` === key)?.schema);
    const itemName = typeof path[path.length - 1] === 'number' && name.endsWith('s') ? name.slice(0, -1) : name;
    const route = `${operation.method} ${operation.path} ${name}`;
    // A paging cursor orders by the id it is given: theirs pages like any id, and may show nothing.
    const cursor = ['before', 'after', 'cursor'].includes(name) && key.startsWith('query:');
    if (name === 'id' && operation.path.endsWith('/pos-sales')) return { values: idsByTable.theirs.get('sales_order') ?? [], opaque: true };
    if (name === 'id' && operation.path.endsWith('/gift-card-sales')) return { values: idsByTable.theirs.get('gift_card_sale') ?? [], opaque: true };
    if (schema?.format === 'uuid') return { values: idsFor('theirs', name, operation), opaque: cursor || OPAQUE_BY_ROUTE.has(route) || GLOBAL_NAMES.has(route) };
    // A comma-separated list of SKU ids in a query string.
    if (name === 'skuIds') return { values: idsFor('theirs', name), opaque: false };
    const named = name === 'currentPassword' ? [] : valuesFor('theirs', operation, itemName);
    if (named.length) return { values: named, opaque: GLOBAL_NAMES.has(`${operation.method} ${operation.path} ${name}`) || isGiftCardCode(operation, name) };
    if (OPAQUE_ID_FIELDS.has(name)) return { values: idsFor('theirs', name, operation), opaque: true };
    return none;
  }

  // ---- requests -----------------------------------------------------------------------------

  /** Parts of a request (`path:x`, `query:x`, `body`) whose ids are all of one side. */
  function requestArbitrary(operation: Operation, side: Side) {
    const parts: Record<string, fc.Arbitrary<unknown>> = {};
    for (const parameter of operation.parameters) {
      if (parameter.in === 'path') {
        const known = pathValues(side, operation, parameter.name, parameter.schema);
        parts[`path:${parameter.name}`] = known.length ? fc.constantFrom(...known) : schemaArbitrary(parameter.schema, context(side, operation), parameter.name);
      } else if (parameter.in === 'query') {
        const value = schemaArbitrary(parameter.schema, context(side, operation), parameter.name);
        parts[`query:${parameter.name}`] = parameter.required ? value : fc.option(value, { nil: undefined });
      }
    }
    if (operation.body) parts.body = schemaArbitrary(operation.body, context(side, operation));
    return fc.record(parts);
  }

  /** What a client sends afresh every time: a sale's own id, a manifest number, a new SKU code. */
  function fresh(operation: Operation, parts: Parts, keep: (string | number)[] | null): Parts {
    const body = parts.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') return parts;
    const copy = { ...body };
    const renew = (field: string, value: () => unknown) => {
      if (field in copy && !(keep && keep[0] === field)) copy[field] = value();
    };
    if (operation.path.endsWith('/pos-sales') || operation.path.endsWith('/gift-card-sales')) renew('id', uuidv7);
    if (operation.path.endsWith('/manifests')) renew('number', () => `XO-${uuidv7().slice(-12)}`);
    if (operation.path === '/v1/inventory/batches') renew('code', () => `XO-${uuidv7().slice(-12)}`);
    if (operation.path === '/v1/staff') renew('email', () => `xo-${uuidv7().slice(-12)}@example.test`);
    if ('currentPassword' in copy) copy.currentPassword = DEMO_PASSWORD;
    return { ...parts, body: copy };
  }

  function build(operation: Operation, parts: Parts) {
    let url = operation.path;
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(parts)) {
      const [where, name] = key.split(':');
      if (where === 'path') url = url.replace(`{${name}}`, encodeURIComponent(String(value)));
      else if (where === 'query' && value !== undefined) {
        if (Array.isArray(value)) for (const item of value) query.append(name, String(item));
        else query.append(name, typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
      }
    }
    const search = query.toString();
    const hasBody = 'body' in parts;
    return {
      method: operation.method,
      url: search ? `${url}?${search}` : url,
      cookie: operation.path.startsWith('/v1/shop/') ? shopper : operation.path.startsWith('/v1/public/') ? undefined : owner,
      headers: (hasBody ? { 'content-type': 'application/json' } : {}) as Record<string, string>,
      body: hasBody ? JSON.stringify(parts.body ?? null) : undefined,
    };
  }

  /** What of theirs an answer shows that its request did not carry (nor we wrote as our own text). */
  function leaked(requestText: string, responseText: string): string[] {
    const carried = [
      ...theirKeysIn(requestText),
      ...theirTexts.filter((t) => requestText.includes(t)),
      ...(requestText.match(new RegExp(`[\\w-]*${SECOND_ORG_MARKER}[\\w-]*`, 'gi')) ?? []),
      ...ourTextOfTheirs,
    ];
    let shown = responseText;
    for (const token of carried) shown = shown.split(token).join('');
    const found = [...theirKeysIn(shown), ...theirTexts.filter((t) => shown.includes(t))];
    if (new RegExp(SECOND_ORG_MARKER, 'i').test(shown)) found.push(`the name "${SECOND_ORG_MARKER}"`);
    return found;
  }

  /** The same request with each of their ids, labels and codes replaced by one of nobody. */
  function asIfNobody(request: ReturnType<typeof build>, tokens: string[]) {
    const stand = new Map(tokens.map((token) => [token, IS_UUID.test(token) ? uuidv7() : token.replace(/[A-Z0-9]/g, (c) => (c === '9' ? '8' : '9'))]));
    const replace = (text: string) => {
      let out = text;
      for (const [token, instead] of stand) out = out.split(token).join(instead);
      return out;
    };
    return { request: { ...request, url: replace(request.url), body: request.body === undefined ? undefined : replace(request.body) }, stand };
  }

  /** An answer with the ids and instants that differ between two otherwise equal requests made alike. */
  const normalize = (text: string, tokens: Iterable<string> = []) => {
    let out = text;
    for (const token of tokens) out = out.split(token).join('<theirs or nobody>');
    return out.replace(UUID, '<id>').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<t>');
  };
  const errorCode = (response: { statusCode: number; json(): unknown }) =>
    response.statusCode >= 400 ? (response.json() as { error?: { code?: unknown } }).error?.code : undefined;

  const seenStatuses = new Map<number, number>();
  const debugLines: string[] = [];
  let lastStatus = 0;

  /**
   * Sends one request and judges the answer; answers what was wrong, or null. `opaque`: their id
   * went into a field that is the caller's own text, so only what the answer shows is judged.
   * `strict`: the request names one of their rows in a field the server follows, and must be
   * answered exactly as for a row of nobody (otherwise only 2xx answers are compared).
   */
  async function problemWith(operation: Operation, parts: Parts, options: { opaque?: boolean; strict?: boolean; label?: string } = {}): Promise<string | null> {
    const request = build(operation, parts);
    const requestText = `${request.url} ${request.body ?? ''}`;
    const shown = `${request.method} ${requestText}`.slice(0, 500);
    const response = await server.request(request);
    seenStatuses.set(response.statusCode, (seenStatuses.get(response.statusCode) ?? 0) + 1);
    lastStatus = response.statusCode;
    const code = errorCode(response);
    if (process.env.CROSS_ORG_DEBUG && options.label) debugLines.push(`${operation.method} ${operation.path} ${options.label} ${response.statusCode} ${String(code ?? '')}`);
    if (response.statusCode >= 500 && !NOT_OURS.has(`${response.statusCode} ${String(code)}`)) return `${shown} → ${response.statusCode} ${response.body.slice(0, 300)}`;
    if (response.statusCode >= 400 && (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(code))) return `${shown} → ${response.statusCode} without a stable code`;
    const shows = leaked(requestText, response.body);

    // What the request wrote: audit rows and events since the last request.
    await settle();
    const now = await positions();
    const written = await sql<{ row: string }>`
      select a::text as row from audit_log a where a.id > ${lastAudit}
      union all select e::text from outbox_event e where e.id > ${lastEvent}`.execute(db());
    lastAudit = now.audit;
    lastEvent = now.events;
    if (shows.length) return `${shown} → ${response.statusCode} shows theirs: ${shows.slice(0, 5).join(', ')} in ${response.body.slice(0, 300)}`;
    if (options.opaque) {
      if (response.statusCode < 300) for (const token of theirKeysIn(requestText)) ourTextOfTheirs.add(token);
      return null;
    }
    const carried = theirKeysIn(requestText);
    const namingTheirs = written.rows.filter((r) => beyondOurText(r.row));
    if (namingTheirs.length) return `${shown} → ${response.statusCode} wrote a row naming their ${theirKeysIn(namingTheirs[0].row).join(', ')}: ${namingTheirs[0].row.slice(0, 300)}`;
    if (!carried.length) return null;
    if (response.statusCode < 300 && written.rows.length) return `${shown} → ${response.statusCode}: a write naming their ${carried.join(', ')} was accepted`;
    if (response.statusCode < 300 || options.strict) {
      // Answered as for a row that does not exist: same status and code (and body, if it succeeded).
      const { request: nobodyRequest, stand } = asIfNobody(request, carried);
      const nobody = await server.request(nobodyRequest);
      await settle();
      ({ audit: lastAudit, events: lastEvent } = await positions());
      const same =
        nobody.statusCode === response.statusCode && errorCode(nobody) === code && (response.statusCode >= 300 || normalize(nobody.body, stand.values()) === normalize(response.body, stand.keys()));
      if (!same) return `${shown} → ${response.statusCode} ${response.body.slice(0, 200)}, but for a row of nobody → ${nobody.statusCode} ${nobody.body.slice(0, 200)}`;
    }
    return null;
  }

  /** Each id-like field of a request about our rows, in turn, replaced by one of theirs. */
  async function oneFieldAtATime(operation: Operation, base: Parts, problems: Set<string>, strict: boolean): Promise<number> {
    let sent = 0;
    const publicRoute = operation.path.startsWith('/v1/public/');
    for (const key of Object.keys(base)) {
      // Their store in the path of a public route is their own public menu.
      if (publicRoute && key === 'path:storeId') continue;
      for (const path of key === 'body' ? pathsOf(base[key]) : [[]]) {
        const { values, opaque } = theirsFor(operation, key, path, key === 'body' ? valueAt(base[key], path) : base[key]);
        // Their first and last candidate, so runs repeat.
        for (const replacement of [...new Set([values[0], values[values.length - 1]])].filter(Boolean)) {
          sent++;
          const parts = fresh(operation, { ...base, [key]: key === 'body' ? withValueAt(base[key], path, replacement) : replacement }, key === 'body' ? path : null);
          const found = await problemWith(operation, parts, { opaque, strict: strict && !opaque, label: `${key}${path.length ? `:${path.join('.')}` : ''}` });
          if (found) problems.add(found);
        }
      }
    }
    return sent;
  }

  it('refuses a valid request about our rows once one field names theirs, exactly as for a row of nobody', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const [key, parts] of curatedRequests()) {
      const [method, path] = key.split(' ');
      const operation = operations.find((o) => o.method === method && o.path === path);
      expect(operation, key).toBeDefined();
      const problems = new Set<string>();
      sent += await oneFieldAtATime(operation!, parts, problems, true);
      if (problems.size) failures.push(`${key}:\n  ${[...problems].slice(0, 4).join('\n  ')}`);
    }
    console.log(`cross-organization, hand-written requests: ${sent} requests`);
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 600_000);

  it('named cases: a PIN, a witness, a register sign-in, a recall, their SKU in our stock, the event stream', async () => {
    const failures: string[] = [];
    const send = (method: string, url: string, body?: unknown, cookie: string | undefined = owner) => server.request({ method, url, cookie, body });
    /** Refused, and exactly as the same request naming nobody's row; showing nothing of theirs it did not name. */
    const expectLikeNobody = async (what: string, theirs: () => ReturnType<typeof send>, nobody: () => ReturnType<typeof send>, named: string) => {
      const a = await theirs();
      const b = await nobody();
      if (a.statusCode < 400 || a.statusCode !== b.statusCode || errorCode(a) !== errorCode(b)) failures.push(`${what}: theirs → ${a.statusCode} ${a.body.slice(0, 200)}; nobody → ${b.statusCode} ${b.body.slice(0, 200)}`);
      const shows = leaked(named, a.body);
      if (shows.length) failures.push(`${what} shows ${shows.join(', ')}`);
    };

    // A register (a manager's session) taken over with their manager's id and real PIN.
    const register = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email: 'manager@demo.verdant.test', password: DEMO_PASSWORD, storeId: our.oakland } });
    expect(register.statusCode, register.body).toBe(200);
    const registerCookie = `verdant_session=${register.cookies.find((c) => c.name === 'verdant_session')!.value}`;
    await expectLikeNobody(
      'PIN switch to their manager with their PIN',
      () => send('POST', '/v1/auth/pin', { userId: other.managerId, pin: other.managerPin }, registerCookie),
      () => send('POST', '/v1/auth/pin', { userId: uuidv7(), pin: other.managerPin }, registerCookie),
      other.managerId,
    );
    const me = (await send('GET', '/v1/auth/me', undefined, registerCookie)).json();
    if (JSON.stringify(me).includes(other.managerId)) failures.push(`the register acts as their manager: ${JSON.stringify(me)}`);

    // Their manager, with their PIN, as the witness of our destruction and of our cash drop.
    const destroy = (witnessId: string) => () =>
      send('POST', `/v1/stores/${our.oakland}/packages/${our.fx.packageLabel}/destroy`, { locationCode: 'sales_floor', quantity: 1, method: 'compost', reasonCode: 'damaged', witnessId, witnessPin: other.managerPin });
    await expectLikeNobody('their manager witnessing our destruction', destroy(other.managerId), destroy(uuidv7()), other.managerId);
    const drop = (witnessId: string) => () => send('POST', `/v1/register-sessions/${our.session}/drops`, { amountCents: 100, witnessId, reason: 'safe' });
    await expectLikeNobody('their manager witnessing our drop', drop(other.managerId), drop(uuidv7()), other.managerId);

    // Our manager signing a register in at their store.
    const login = (storeId: string) => () => server.request({ method: 'POST', url: '/v1/auth/login', body: { email: 'manager@demo.verdant.test', password: DEMO_PASSWORD, storeId } });
    await expectLikeNobody('our manager signing a register in at their store', login(other.storeId), login(uuidv7()), other.storeId);

    // A recall or trace by their producer's license reaches only our packages (we have none of theirs).
    await expectLikeNobody(
      'a recall by their producer license',
      () => send('POST', '/v1/inventory/recalls', { producerLicense: 'CCL20-QUOKKA', reason: 'theirs' }),
      () => send('POST', '/v1/inventory/recalls', { producerLicense: 'CCL20-NOBODY', reason: 'nobody' }),
      'CCL20-QUOKKA',
    );
    const trace = await send('GET', '/v1/inventory/recalls/trace?producerLicense=CCL20-QUOKKA');
    if (trace.statusCode !== 200 || JSON.parse(trace.body).totals.packages !== 0 || leaked('CCL20-QUOKKA', trace.body).length) failures.push(`trace by their producer license → ${trace.statusCode} ${trace.body.slice(0, 300)}`);

    // Their SKU id received into our stock (inventory keeps SKU ids unchecked): our reads of it
    // show the id we gave and nothing else of theirs.
    const label = newLabel('XS');
    const manifest = await send('POST', `/v1/stores/${our.oakland}/manifests`, { number: `XO-THEIR-SKU`, items: [{ packageLabel: label, skuId: other.skuIds[0], unit: 'each', expectedQuantity: 3, batchId: our.batch }] });
    expect(manifest.statusCode, manifest.body).toBe(201);
    ourTextOfTheirs.add(other.skuIds[0]);
    const received = await send('POST', `/v1/stores/${our.oakland}/manifests/${manifest.json().id}/receive`, { items: [{ packageLabel: label, countedQuantity: 3, decision: 'accept', locationCode: 'sales_floor' }] });
    expect(received.statusCode, received.body).toBe(200);
    for (const url of [
      `/v1/stores/${our.oakland}/availability?skuIds=${other.skuIds[0]}`,
      `/v1/public/stores/${our.oakland}/availability?skuIds=${other.skuIds[0]}`,
      `/v1/stores/${our.oakland}/packages?skuId=${other.skuIds[0]}`,
      `/v1/inventory/packages/${label}`,
      `/v1/stores/${our.oakland}/low-stock`,
      `/v1/public/stores/${our.oakland}/products?limit=100`,
    ]) {
      const read = await send('GET', url);
      const shows = leaked(url, read.body);
      if (read.statusCode >= 500 || shows.length) failures.push(`GET ${url} → ${read.statusCode} shows ${shows.join(', ')}: ${read.body.slice(0, 200)}`);
    }
    const sale = await send('POST', `/v1/stores/${our.oakland}/pos-sales`, { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: other.skuIds[0], quantity: 1, packageLabel: label }], tenders: [{ kind: 'simulator' }] });
    if (sale.statusCode < 400 || leaked(label, sale.body).length) failures.push(`a sale of their SKU from our stock → ${sale.statusCode} ${sale.body.slice(0, 300)}`);

    // Searches by their names, e-mails, codes and numbers find only ours.
    const idNumber = (await db().selectFrom('customer').select('id').where('id', '=', other.customerIds.adult).executeTakeFirstOrThrow()).id.slice(-8);
    for (const url of [
      `/v1/customers?q=${SECOND_ORG_MARKER}`,
      '/v1/customers?q=ada%40quokka.test',
      '/v1/customers?q=%2B15105550999',
      `/v1/customers?idNumber=Q${idNumber}&idJurisdiction=US-CA`,
      `/v1/catalog/products?q=${SECOND_ORG_MARKER}`,
      '/v1/catalog/products?code=QK-35',
      `/v1/catalog/brands`,
      `/v1/promotions?code=${other.couponCode}&includeArchived=true`,
      `/v1/audit?action=staff.created&limit=500`,
      `/v1/audit?entityType=store&limit=500`,
      `/v1/compliance/events?limit=500`,
      `/v1/webhooks/${our.webhook}/deliveries?limit=500`,
      `/v1/alerts?limit=500`,
      `/v1/traceability/reports?limit=500`,
      `/v1/traceability/queue`,
      `/v1/events/dead-letters`,
      `/v1/public/stores/${our.oakland}/products?q=${SECOND_ORG_MARKER}`,
      `/v1/public/stores/${our.oakland}/products/${(await db().selectFrom('product').select('slug').where('id', '=', other.productIds[0]).executeTakeFirstOrThrow()).slug}`,
    ]) {
      const read = await send('GET', url);
      const shows = leaked(url, read.body);
      if (read.statusCode >= 500 || shows.length) failures.push(`GET ${url} → ${read.statusCode} shows ${shows.join(', ')}: ${read.body.slice(0, 200)}`);
      if (url.includes(SECOND_ORG_MARKER) && read.statusCode === 200 && /"(customers|products|items)":\[\{/.test(read.body)) failures.push(`GET ${url} finds rows: ${read.body.slice(0, 200)}`);
    }

    // The event stream, replayed from the start: only our organization's events.
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address() as { port: number };
    const base = `http://127.0.0.1:${address.port}`;
    for (const url of [`${base}/v1/events/stream?lastEventId=0`, `${base}/v1/events/stream?lastEventId=0&storeId=${other.storeId}`, `${base}/v1/public/stores/${our.oakland}/availability/stream?lastEventId=0`]) {
      const stream = new SseClient(url, { cookie: owner });
      await stream.ready;
      await new Promise((resolve) => setTimeout(resolve, 300));
      stream.close();
      const text = stream.messages.map((m) => m.data).join('\n');
      const shows = leaked(url, text);
      if (shows.length) failures.push(`${url} replays ${shows.slice(0, 5).join(', ')}`);
      if (url.includes(other.storeId) && stream.messages.length) failures.push(`${url} replays ${stream.messages.length} events`);
    }
    ({ audit: lastAudit, events: lastEvent } = await positions());
    expect(failures, failures.join('\n')).toEqual([]);
  }, 60_000);

  it('answers every operation that names the other organization’s rows without showing or changing them', async () => {
    expect(operations.length).toBeGreaterThan(150);
    const failures: string[] = [];
    let sent = 0;
    for (const operation of operations) {
      const problems = new Set<string>();
      // All of their ids at once.
      if (!operation.path.startsWith('/v1/public/')) {
        // Their gift card code is digits like any other to us (isGiftCardCode): judged by what the
        // answer shows; the one-field pass below still judges each of their ids on these routes.
        const carriesCode = /^\/v1\/gift-cards|\/gift-card-sales$/.test(operation.path);
        for (const parts of fc.sample(requestArbitrary(operation, 'theirs'), { numRuns: RUNS, seed: SEED })) {
          sent++;
          const found = await problemWith(operation, fresh(operation, parts, null), { opaque: carriesCode });
          if (found) problems.add(found);
        }
      }
      // Requests about our own rows built from the schemas: the first few that get past
      // validation (sent, and judged, as they are), then one field at a time naming theirs.
      const bases: Parts[] = [];
      for (const candidate of fc.sample(requestArbitrary(operation, 'ours'), { numRuns: 4 * RUNS, seed: SEED + 1 })) {
        if (bases.length === RUNS) break;
        const parts = fresh(operation, candidate, null);
        sent++;
        const found = await problemWith(operation, parts);
        if (found) problems.add(found);
        if (lastStatus !== 400) bases.push(parts);
      }
      for (const base of bases) sent += await oneFieldAtATime(operation, base, problems, false);
      if (problems.size) failures.push(`${operation.method} ${operation.path}:\n  ${[...problems].slice(0, 4).join('\n  ')}`);
    }
    console.log(`cross-organization, every operation: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries(seenStatuses))}`);
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 600_000);

  it('after all that, the demo organization’s reads show nothing of theirs and their rows are as they were', async () => {
    const failures: string[] = [];
    for (const operation of operations.filter((o) => o.method === 'GET' && !o.path.startsWith('/v1/public/'))) {
      for (const parts of fc.sample(requestArbitrary(operation, 'ours'), { numRuns: RUNS, seed: SEED + 2 })) {
        const found = await problemWith(operation, parts);
        if (found) failures.push(found);
      }
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
    if (process.env.CROSS_ORG_DEBUG) (await import('node:fs')).writeFileSync(process.env.CROSS_ORG_DEBUG, debugLines.join('\n'));

    await settle();
    const afterRows = theirRows(await dumpDatabase());
    const changed: string[] = [];
    for (const [table, rows] of afterRows) {
      const before = new Set(beforeRows.get(table) ?? []);
      const after = new Set(rows);
      // A new row of ours that names theirs only as the text we gave it is ours; any other new or
      // changed row naming theirs is not.
      for (const row of rows) if (!before.has(row) && beyondOurText(row)) changed.push(`${table}: now ${row.slice(0, 300)}`);
      for (const row of before) if (!after.has(row)) changed.push(`${table}: was ${row.slice(0, 300)}`);
    }
    expect(changed, changed.join('\n')).toEqual([]);
  }, 600_000);

  /** Requests about our own rows, valid down to the business rules, each with several id fields. */
  function curatedRequests(): Array<[string, Parts]> {
    const o = our;
    const line = { skuId: o.fx.skuId, quantity: 1, packageLabel: o.fx.packageLabel };
    const checkLine = { sku: 'HH-BD-35', category: 'flower', quantity: 1, unitPriceCents: 4000, netWeightMg: 3500 };
    const filter = { skus: [o.fx.skuId], productIds: [o.product], brands: [o.brand] };
    return [
      ['GET /v1/auth/pin/staff', { 'query:storeId': o.oakland }],
      ['POST /v1/staff', { body: { email: 'x@example.test', name: 'New', role: 'budtender', password: 'a-long-password', storeIds: [o.oakland], currentPassword: DEMO_PASSWORD } }],
      ['PATCH /v1/staff/{id}', { 'path:id': o.budtender, body: { storeIds: [o.oakland, o.denver], currentPassword: DEMO_PASSWORD } }],
      ['GET /v1/audit', { 'query:entityId': o.cart, 'query:storeId': o.oakland, 'query:actorId': o.manager }],
      ['POST /v1/catalog/products', { body: { title: 'Cross-org new', category: 'flower', brandId: o.brand, skus: [{ code: 'XO-NEW-1', netWeightMg: 3500, prices: [{ storeId: o.oakland, priceCents: 1000 }] }] } }],
      ['PATCH /v1/catalog/products/{id}', { 'path:id': o.product, body: { brandId: o.brand } }],
      ['POST /v1/catalog/products/{id}/skus', { 'path:id': o.product, body: { code: 'XO-NEW-2', netWeightMg: 3500, prices: [{ storeId: o.oakland, priceCents: 1000 }] } }],
      ['PUT /v1/catalog/skus/{id}/prices/{storeId}', { 'path:id': o.fx.skuId, 'path:storeId': o.oakland, body: { priceCents: o.fx.priceCents } }],
      ['PUT /v1/catalog/skus/{id}/prices', { 'path:id': o.fx.skuId, body: { prices: [{ storeId: o.oakland, priceCents: o.fx.priceCents }] } }],
      ['GET /v1/catalog/products', { 'query:brandId': o.brand, 'query:cursor': o.product }],
      ['POST /v1/catalog/review/{id}/accept', { 'path:id': o.reviewItem, body: { corrections: { brandId: o.brand, netWeightMg: 3500 } } }],
      ['POST /v1/customers/{id}/caregivers', { 'path:id': o.patient, body: { caregiverCustomerId: o.caregiver } }],
      ['POST /v1/customers/{id}/id-verifications', { 'path:id': o.buyer, body: { storeId: o.oakland, documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2031-01-01', birthDate: '1985-06-15' } }],
      ['POST /v1/rules/evaluate', { 'query:storeId': o.oakland, body: { jurisdiction: 'US-CA', at: '2025-11-15T14:00:00-08:00', channel: 'in_store', customer: { kind: 'adult_use', birthDate: '1990-04-01' }, lines: [checkLine] } }],
      ['GET /v1/stores/{id}/rule-overrides', { 'path:id': o.oakland }],
      ['POST /v1/compliance/checks', { body: { storeId: o.oakland, customerId: o.buyer, channel: 'in_store', lines: [checkLine] } }],
      ['POST /v1/compliance/checks', { body: { storeId: o.oakland, customerId: o.patient, caregiverId: o.caregiver, channel: 'in_store', lines: [checkLine] } }],
      ['POST /v1/compliance/refusals', { body: { storeId: o.oakland, customerId: o.buyer, orderId: o.placed, channel: 'in_store', violations: [{ code: 'PURCHASE_LIMIT', message: 'over', rule: 'us-ca.limits.flower' }] } }],
      ['POST /v1/compliance/refusals/{id}/override', { 'path:id': o.refusal, body: { reason: 'regular', orderId: o.placed } }],
      ['GET /v1/compliance/events', { 'query:storeId': o.oakland, 'query:customerId': o.buyer }],
      ['POST /v1/customers/{id}/id-scans', { 'path:id': o.buyer, body: { storeId: o.oakland, raw: '@\n\x1e\rANSI 636014080102DL00410288ZC03290034DLDCAC\nDCSPUBLIC\nDACJOHN\nDBB19850615\nDBA20300101\nDAQD1234567\nDAJCA\n' } }],
      ['GET /v1/public/stores/{storeId}/availability', { 'path:storeId': o.oakland, 'query:skuIds': o.fx.skuId }],
      ['GET /v1/stores/{storeId}/availability', { 'path:storeId': o.oakland, 'query:skuIds': o.fx.skuId }],
      ['POST /v1/gift-cards/balance', { body: { code: o.giftCardCode } }],
      ['POST /v1/gift-cards/load', { body: { code: o.giftCardCode, amountCents: 100 } }],
      ['POST /v1/register-sessions/{sessionId}/drops', { 'path:sessionId': o.session, body: { amountCents: 100, witnessId: o.manager, reason: 'safe' } }],
      ['POST /v1/register-sessions/{sessionId}/gift-card-sales', { 'path:sessionId': o.session, body: { id: uuidv7(), kind: 'load', code: o.giftCardCode, amountCents: 100, tenders: [{ kind: 'cash' }] } }],
      ['GET /v1/gift-card-sales/{id}/receipt', { 'path:id': o.giftCardSale }],
      ['POST /v1/stores/{storeId}/queue', { 'path:storeId': o.oakland, body: { source: 'walk_in', customerId: o.buyer } }],
      ['POST /v1/stores/{storeId}/queue', { 'path:storeId': o.oakland, body: { source: 'online_pickup', customerName: 'Pick Up', orderId: o.ready } }],
      ['PATCH /v1/stores/{storeId}/queue/{entryId}', { 'path:storeId': o.oakland, 'path:entryId': o.queueEntry, body: { budtenderId: o.budtender } }],
      ['POST /v1/promotions', { body: { name: 'Cross-org items', storeId: o.oakland, conditions: [{ type: 'items', filter }], action: { type: 'percent_off_items', percent: 10, filter } } }],
      ['PUT /v1/promotions/{id}', { 'path:id': o.promotion, body: { name: 'Cross-org five off', codes: ['OURS5'], storeId: o.oakland, action: { type: 'fixed_off_items', amountCents: 100, filter } } }],
      ['GET /v1/promotions', { 'query:storeId': o.oakland }],
      ['POST /v1/stores/{storeId}/promotions/preview', { 'path:storeId': o.oakland, body: { lines: [{ skuId: o.fx.skuId, quantity: 1 }], couponCodes: ['OURS5'], customerId: o.buyer } }],
      ['GET /v1/loyalty/accounts/{customerId}', { 'path:customerId': o.buyer }],
      ['POST /v1/loyalty/accounts/{customerId}/adjustments', { 'path:customerId': o.buyer, body: { points: 10, reason: 'thanks' } }],
      ['GET /v1/store-credit/{customerId}', { 'path:customerId': o.buyer }],
      ['GET /v1/alerts', { 'query:storeId': o.oakland }],
      ['GET /v1/stores/{storeId}/packages', { 'path:storeId': o.oakland, 'query:skuId': o.fx.skuId, 'query:batchId': o.batch }],
      ['GET /v1/inventory/packages/{label}', { 'path:label': o.fx.packageLabel }],
      ['POST /v1/stores/{storeId}/packages/{label}/adjust', { 'path:storeId': o.oakland, 'path:label': o.fx.packageLabel, body: { locationCode: 'sales_floor', delta: 1, reasonCode: 'found' } }],
      ['POST /v1/stores/{storeId}/packages/{label}/move', { 'path:storeId': o.oakland, 'path:label': o.fx.packageLabel, body: { fromLocationCode: 'sales_floor', toLocationCode: 'vault', quantity: 1 } }],
      ['POST /v1/stores/{storeId}/packages/{label}/destroy', { 'path:storeId': o.oakland, 'path:label': o.fx.packageLabel, body: { locationCode: 'sales_floor', quantity: 1, method: 'compost', reasonCode: 'damaged', witnessId: o.manager, witnessPin: '9999' } }],
      ['POST /v1/inventory/packages/{label}/status', { 'path:label': o.fx.packageLabel, body: { status: 'active', reason: 'checked' } }],
      ['POST /v1/inventory/batches', { body: { code: 'XO-B', producerLicense: 'CCL20-0000123', sourcePackageLabels: [o.fx.packageLabel] } }],
      ['POST /v1/stores/{storeId}/reservations', { 'path:storeId': o.oakland, body: { lines: [line], ttlSeconds: 60, reference: 'xo' } }],
      ['POST /v1/stores/{storeId}/sales', { 'path:storeId': o.oakland, body: { lines: [line], reference: { orderId: 'xo-sale' } } }],
      ['POST /v1/stores/{storeId}/returns', { 'path:storeId': o.oakland, body: { orderId: 'xo-sale', lines: [{ packageLabel: o.fx.packageLabel, quantity: 1, locationCode: 'sales_floor' }] } }],
      ['POST /v1/stores/{storeId}/manifests', { 'path:storeId': o.oakland, body: { number: 'XO', items: [{ packageLabel: newLabel('XN'), skuId: o.fx.skuId, unit: 'each', expectedQuantity: 1, batchId: o.batch }] } }],
      ['POST /v1/stores/{storeId}/manifests/{id}/receive', { 'path:storeId': o.oakland, 'path:id': o.manifest, body: { items: [{ packageLabel: o.manifestLabel, countedQuantity: 2, decision: 'accept', locationCode: 'sales_floor' }] } }],
      ['POST /v1/inventory/transfers', { body: { fromStoreId: o.oakland, toStoreId: o.berkeley, items: [{ packageLabel: o.fx.packageLabel, quantity: 1, fromLocationCode: 'sales_floor' }] } }],
      ['POST /v1/inventory/transfers/{id}/receive', { 'path:id': o.transfer, body: { items: [{ packageLabel: o.fx.packageLabel, locationCode: 'sales_floor' }] } }],
      ['POST /v1/inventory/transfers/{id}/cancel', { 'path:id': o.transfer, body: { reason: 'shipped by mistake' } }],
      ['POST /v1/stores/{storeId}/counts', { 'path:storeId': o.oakland, body: { kind: 'cycle', skuIds: [o.fx.skuId] } }],
      ['POST /v1/stores/{storeId}/counts/{id}/lines', { 'path:storeId': o.oakland, 'path:id': o.count, body: { lines: [{ packageLabel: o.fx.packageLabel, locationCode: 'sales_floor', countedQuantity: 1 }] } }],
      ['PUT /v1/stores/{storeId}/reorder-points/{skuId}', { 'path:storeId': o.oakland, 'path:skuId': o.fx.skuId, body: { reorderAt: 1, reorderQuantity: 1 } }],
      ['GET /v1/inventory/alerts', { 'query:storeId': o.oakland }],
      ['GET /v1/inventory/recalls/trace', { 'query:batchId': o.batch }],
      ['GET /v1/inventory/recalls/trace', { 'query:packageLabel': o.fx.packageLabel }],
      ['POST /v1/inventory/recalls', { body: { batchId: o.batch, reason: 'lab' } }],
      ['POST /v1/inventory/recalls', { body: { packageLabel: o.fx.packageLabel, reason: 'lab' } }],
      ['POST /v1/carts', { body: { storeId: o.oakland, customerId: o.buyer, channel: 'pickup' } }],
      ['POST /v1/carts', { body: { storeId: o.oakland, customerId: o.patient, caregiverId: o.caregiver, channel: 'pickup' } }],
      ['POST /v1/carts/{id}/lines', { 'path:id': o.cart, body: line }],
      ['PUT /v1/carts/{id}/lines', { 'path:id': o.cart, body: { lines: [line] } }],
      ['PUT /v1/carts/{id}/coupons', { 'path:id': o.cart, body: { codes: ['OURS5'] } }],
      ['POST /v1/carts/{id}/complete', { 'path:id': o.cart, body: { tenders: [{ kind: 'gift_card', giftCardCode: o.giftCardCode, amountCents: 100 }, { kind: 'simulator' }], registerSessionId: o.session } }],
      ['POST /v1/carts/{id}/complete', { 'path:id': o.cart, body: { tenders: [{ kind: 'store_credit', customerId: o.buyer, amountCents: 100 }, { kind: 'simulator' }] } }],
      ['GET /v1/stores/{storeId}/orders', { 'path:storeId': o.oakland, 'query:customerId': o.buyer }],
      ['POST /v1/orders/{id}/picks', { 'path:id': o.accepted, body: { lineNo: 0, packageLabel: o.fx.packageLabel } }],
      ['POST /v1/orders/{id}/transitions', { 'path:id': o.ready, body: { to: 'completed', idVerificationId: o.idVerification, registerSessionId: o.session } }],
      ['POST /v1/orders/{id}/returns', { 'path:id': o.sale, body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'changed mind', registerSessionId: o.session } }],
      ['POST /v1/orders/{id}/void', { 'path:id': o.sale, body: { reason: 'mistake', registerSessionId: o.session } }],
      ['POST /v1/stores/{storeId}/pos-sales', { 'path:storeId': o.oakland, body: { id: uuidv7(), customerId: o.buyer, registerSessionId: o.session, lines: [line], couponCodes: ['OURS5'], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] } }],
      ['POST /v1/stores/{storeId}/pos-sales', { 'path:storeId': o.oakland, body: { id: uuidv7(), customerId: o.patient, caregiverId: o.caregiver, lines: [line], tenders: [{ kind: 'store_credit', customerId: o.buyer, amountCents: 1 }, { kind: 'simulator' }] } }],
      ['POST /v1/stores/{storeId}/pos-sales', { 'path:storeId': o.oakland, body: { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [line], budtenderId: o.budtender, tenders: [{ kind: 'gift_card', giftCardCode: o.giftCardCode, amountCents: 100 }, { kind: 'simulator' }] } }],
      ['POST /v1/stores/{storeId}/pos-quotes', { 'path:storeId': o.oakland, body: { customerId: o.buyer, lines: [line], couponCodes: ['OURS5'] } }],
      ['POST /v1/stores/{storeId}/pos-quotes', { 'path:storeId': o.oakland, body: { customerId: o.patient, caregiverId: o.caregiver, lines: [line] } }],
      ['POST /v1/delivery-runs', { body: { storeId: o.oakland, vehicleId: o.vehicle, driverId: o.driver } }],
      ['GET /v1/delivery-runs', { 'query:storeId': o.oakland }],
      ['POST /v1/delivery-runs/{runId}/stops', { 'path:runId': o.run, body: { orderId: o.deliveryOrder } }],
      ['POST /v1/shop/carts', { body: { storeId: o.oakland, channel: 'pickup' } }],
      ['PUT /v1/shop/carts/{id}/lines', { 'path:id': o.shopCart, body: { lines: [{ skuId: o.fx.skuId, quantity: 1 }] } }],
      ['GET /v1/traceability/reports', { 'query:storeId': o.oakland }],
      ['PUT /v1/traceability/item-mappings', { body: { mappings: [{ stateItemName: 'Cross-org flower', skuId: o.fx.skuId, unit: 'each' }] } }],
      ['GET /v1/stores/{storeId}/patients/{patientLicense}/allotment', { 'path:storeId': o.oakland, 'path:patientLicense': 'CA-MMIC-0042-7781' }],
    ];
  }
});
