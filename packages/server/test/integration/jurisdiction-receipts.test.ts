// Receipts that carry what the store's jurisdiction pack asks of them for the order's channel:
// California's delivery request receipt (regulations.md §5, [S8] BCC §5420: the customer's first
// name and the retailer's customer number, the goods with their weight, the total, the date and
// time, the customer's signature), Illinois' items each with quantity and price (§9, [S30] 86 IAC
// 423.115). Other channels print as they did, and an erased customer is never named.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, newLabel, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { addVehicle, DOOR_SIGNATURE, readyDeliveryOrder } from '../support/delivery-fixtures';
import { receivePackages } from '../support/inventory-fixtures';
import { openAroundTheClock } from '../support/open-hours';
import { startTestServer, type TestServer } from '../support/test-server';
import { printedLines } from '../support/escpos-text';

/** The printed lines of an ESC/POS receipt (the commands this renderer sends dropped). */
const SIGNATURE = 'Received by the customer (signature):';

describe('receipts carry what the jurisdiction requires for the channel', () => {
  let server: TestServer;
  let manager: string;
  let owner: string;
  let driver: string;
  let fx: CheckoutFixture;
  let buyers: string[];
  let vans = 0;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    owner = await server.login('owner');
    driver = await server.login('driver');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 40 });
    buyers = await customers(server.platform.database.db, server.organizationId, 4);
    await openAroundTheClock(server.platform, [fx.storeId]);
  });
  afterAll(() => server.close());

  const post = (url: string, body: unknown, cookie = manager) => server.request({ method: 'POST', url, cookie, body });
  const html = async (orderId: string) => {
    const r = await server.request({ method: 'GET', url: `/v1/orders/${orderId}/receipt?format=html`, cookie: manager });
    expect(r.statusCode, r.body).toBe(200);
    return r.body;
  };
  const escpos = async (orderId: string, width: 42 | 48 = 42) => {
    const r = await server.request({ method: 'GET', url: `/v1/orders/${orderId}/receipt?format=escpos&width=${width}`, cookie: manager });
    expect(r.statusCode, r.body).toBe(200);
    return printedLines(r.rawPayload);
  };
  const name = (customerId: string, first: string, last: string) =>
    sql`update customer set first_name = ${first}, last_name = ${last} where id = ${customerId}`.execute(server.platform.database.db);

  /** A delivery order of `quantity` units, taken out on a run and handed over at the door (ID on file). */
  async function deliveredOrder(customerId: string, quantity: number) {
    const order = await readyDeliveryOrder(server, manager, fx, customerId, quantity);
    const vehicleId = await addVehicle(server, manager, fx.storeId, `Receipts van ${++vans}`);
    const run = await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId }, driver);
    expect(run.statusCode, run.body).toBe(201);
    const runId = run.json().id as string;
    expect((await post(`/v1/delivery-runs/${runId}/stops`, { orderId: order.id }, driver)).statusCode).toBe(201);
    expect((await post(`/v1/delivery-runs/${runId}/depart`, {}, driver)).statusCode).toBe(200);
    const handed = await post(`/v1/delivery-runs/${runId}/stops/${order.id}/delivered`, { signature: DOOR_SIGNATURE }, driver);
    expect(handed.statusCode, handed.body).toBe(200);
    expect((await post(`/v1/delivery-runs/${runId}/return`, {}, driver)).statusCode).toBe(200);
    return order;
  }

  /** A pickup order of `quantity` units, paid online, picked and handed over at the counter. */
  async function pickedUpOrder(customerId: string, quantity: number) {
    const cart = (await post('/v1/carts', { storeId: fx.storeId, customerId, channel: 'pickup' })).json();
    expect((await post(`/v1/carts/${cart.id}/lines`, { skuId: fx.skuId, quantity })).statusCode).toBe(200);
    expect((await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat', phone: '+15105550100' } } })).statusCode).toBe(200);
    const placed = await post(`/v1/carts/${cart.id}/complete`, { tenders: [{ kind: 'simulator' }] });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json().order as { id: string; totalCents: number };
    expect((await post(`/v1/orders/${order.id}/transitions`, { to: 'accepted' })).statusCode).toBe(200);
    expect((await post(`/v1/orders/${order.id}/picks`, { lineNo: 0, packageLabel: fx.packageLabel })).statusCode).toBe(200);
    for (const to of ['packed', 'ready', 'completed']) {
      const moved = await post(`/v1/orders/${order.id}/transitions`, { to });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    return order;
  }

  it('a California delivery prints the delivery request receipt: first name only, customer number, weights, order and hand-over times, who signed at the door (HTML and ESC/POS)', async () => {
    await name(buyers[0], 'Rosalind', 'Quennell');
    const order = await deliveredOrder(buyers[0], 2);
    const stored = (await server.request({ method: 'GET', url: `/v1/orders/${order.id}`, cookie: manager })).json();
    expect(stored.status).toBe('completed');

    const page = await html(order.id);
    expect(page).toContain('Rosalind');
    expect(page).not.toContain('Quennell');
    expect(page).not.toContain('Rosalind Q.');
    expect(page).toContain('Customer no.');
    expect(page).toContain(buyers[0]);
    // 2 × the SKU's 3.5 g.
    expect(page).toContain('Net wt 7 g');
    expect(page).toContain('Ordered');
    expect(page).toContain('Delivered');
    expect(page).toContain(SIGNATURE);
    // Signed at the door (docs/delivery.md): who and when instead of the blank line.
    expect(page).toMatch(/Signed by Dee Livery at \d{4}-\d\d-\d\d \d\d:\d\d P[SD]T/);
    expect(page).not.toMatch(/X_{20,}/);

    for (const width of [42, 48] as const) {
      const lines = await escpos(order.id, width);
      const text = lines.join('\n');
      expect(lines.every((l) => l.length <= width), text).toBe(true);
      expect(lines.find((l) => l.startsWith('Customer ') && !l.startsWith('Customer no.'))).toMatch(/^Customer +Rosalind$/);
      expect(text).not.toContain('Quennell');
      expect(lines.some((l) => l.trim() === buyers[0] || l.endsWith(` ${buyers[0]}`)), text).toBe(true);
      expect(lines.some((l) => l.trim() === 'Net wt 7 g'), text).toBe(true);
      expect(lines.some((l) => /^Ordered +\d{4}-\d\d-\d\d \d\d:\d\d P[SD]T$/.test(l)), text).toBe(true);
      expect(lines.some((l) => /^Delivered +\d{4}-\d\d-\d\d \d\d:\d\d P[SD]T$/.test(l)), text).toBe(true);
      expect(lines.some((l) => l.startsWith('TOTAL') && l.endsWith(`$${(stored.totalCents / 100).toFixed(2)}`)), text).toBe(true);
      // The excise stays on its own line.
      expect(lines.some((l) => l.startsWith('California cannabis excise tax')), text).toBe(true);
      const signedAt = lines.indexOf(SIGNATURE);
      expect(signedAt, text).toBeGreaterThan(lines.findIndex((l) => l.startsWith('TOTAL')));
      expect(lines.slice(signedAt + 1).join(' '), text).toMatch(/^Signed by Dee Livery at \d{4}-\d\d-\d\d \d\d:\d\d P[SD]T/);
    }
  });

  it('a California pickup prints as before: no customer name or number, no weights, no signature line; the same customer’s delivery does', async () => {
    await name(buyers[1], 'Octavia', 'Pemberton');
    const pickup = await pickedUpOrder(buyers[1], 2);
    const delivery = await deliveredOrder(buyers[1], 1);

    const page = await html(pickup.id);
    const text = (await escpos(pickup.id)).join('\n');
    for (const printed of [page, text]) {
      expect(printed).not.toContain('Octavia');
      expect(printed).not.toContain('Pemberton');
      expect(printed).not.toContain('Customer no.');
      expect(printed).not.toContain(buyers[1]);
      expect(printed).not.toContain('Net wt');
      expect(printed).not.toContain(SIGNATURE);
      expect(printed).not.toContain('Ordered');
      expect(printed).not.toContain('Delivered');
      expect(printed).toContain('2 x $45.00');
    }
    expect(text).toMatch(/^Date +\d{4}-\d\d-\d\d \d\d:\d\d P[SD]T$/m);

    const delivered = (await escpos(delivery.id)).join('\n');
    expect(delivered).toContain('Octavia');
    expect(delivered).toContain(SIGNATURE);
    expect(delivered).toContain('Net wt 3.5 g');
  });

  it('an Illinois sale lists each item with its quantity and its price, and the excise apart from the price', async () => {
    const opened = await post('/v1/stores', { name: 'Receipts Springfield', licenseNumber: `IL-${uuidv7().slice(-8)}`, jurisdiction: 'US-IL', timezone: 'America/Chicago' }, owner);
    expect(opened.statusCode, opened.body).toBe(201);
    const springfield = opened.json().id as string;
    await openAroundTheClock(server.platform, [springfield]);
    expect((await server.request({ method: 'PUT', url: `/v1/catalog/skus/${fx.skuId}/prices/${springfield}`, cookie: owner, body: { priceCents: 4000 } })).statusCode).toBe(200);
    await receivePackages(server, owner, springfield, [{ label: newLabel(), skuId: fx.skuId, quantity: 5 }]);
    const sale = await post(`/v1/stores/${springfield}/pos-sales`, {
      id: uuidv7(),
      customer: { kind: 'adult_use', birthDate: '1980-01-01', idJurisdiction: 'US-IL' },
      lines: [{ skuId: fx.skuId, quantity: 2 }],
      tenders: [{ kind: 'cash', tenderedCents: 100_000 }],
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json().order;

    for (const width of [42, 48] as const) {
      const lines = await escpos(order.id, width);
      const text = lines.join('\n');
      const item = lines.find((l) => l.trimStart().startsWith('Qty '));
      expect(item, text).toMatch(/^ {2}Qty 2 @ \$40\.00 each +\$80\.00$/);
      expect(text).not.toContain('2 x $40.00');
      expect(lines.some((l) => l.startsWith('Cannabis purchaser excise tax')), text).toBe(true);
      // Nothing of California's delivery receipt.
      expect(text).not.toContain(SIGNATURE);
      expect(text).not.toContain('Net wt');
    }
    const page = await html(order.id);
    expect(page).toContain('Qty 2 @ $40.00 each');
  });

  it('an erased customer’s delivery receipt names nobody but keeps the customer number, the weights and the signature line', async () => {
    await name(buyers[2], 'Evangeline', 'Thistlewood');
    const order = await deliveredOrder(buyers[2], 1);
    expect((await escpos(order.id)).join('\n')).toContain('Evangeline');

    const erased = await post(`/v1/customers/${buyers[2]}/anonymize`, { reason: 'customer asked to be forgotten' }, owner);
    expect(erased.statusCode, erased.body).toBe(200);
    const page = await html(order.id);
    const lines = await escpos(order.id);
    const text = lines.join('\n');
    for (const printed of [page, text]) {
      expect(printed).not.toContain('Evangeline');
      expect(printed).not.toContain('Thistlewood');
      expect(printed).not.toContain('Erased');
      expect(printed).toContain('Customer no.');
      expect(printed).toContain(buyers[2]);
      expect(printed).toContain('Net wt 3.5 g');
      expect(printed).toContain(SIGNATURE);
      // The signature taken at the door stays the delivery record, but the reprint names nobody.
      expect(printed).toMatch(/Signed at \d{4}-\d\d-\d\d/);
      expect(printed).not.toContain('Dee Livery');
    }
    expect(page).not.toContain('<img');
    expect(lines.some((l) => /^Customer /.test(l) && !l.startsWith('Customer no.')), text).toBe(false);
  });
});
