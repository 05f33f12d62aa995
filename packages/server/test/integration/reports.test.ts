// Sales and tax reports (modules/reports) over real sales made through the API at the Oakland
// store (America/Los_Angeles): a cash sale, a card-terminal sale, a split tender with a coupon, a
// voided sale, an online pickup handed over, returns of earlier days' sales, and sales outside
// the period or at another store. The sales are then moved to chosen instants (as other suites
// move holds and times), around midnight and the start of daylight saving time on 2026-03-08,
// so each day's figures are known. Every figure is checked to the cent against what the orders,
// their payments and the returns answered, and the report's identities are checked on every day.
import { parse } from 'csv-parse/sync';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createStore } from '../../src/modules/organizations/organizations.service';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { newLabel, receivePackages } from '../support/inventory-fixtures';
import { openAroundTheClock } from '../support/open-hours';
import { startTestServer, type TestServer } from '../support/test-server';

type Tax = { code: string; label: string; amountCents: number; baseCents?: number; includedInPrice: boolean };
type Line = { lineNo: number; skuId: string; quantity: number; grossCents: number; discountCents: number; totalCents: number; taxCents: number; taxes: Tax[] };
type Order = { id: string; channel: string; subtotalCents: number; discountCents: number; taxCents: number; totalCents: number; taxes: Tax[]; lines: Line[] };
type Payment = { kind: string; amountCents: number };
type Return = {
  returnId: string;
  orderId: string;
  kind: 'return' | 'void';
  refundCents: number;
  taxRefundCents: number;
  refundTo: string;
  refunds: Array<{ amountCents: number; destination?: string }>;
  lines: Array<{ lineNo: number; quantity: number; refundCents: number }>;
};
type Sale = { order: Order; payments: Payment[]; day: string | null };
type Refund = { answer: Return; day: string | null };

const FROM = '2026-03-08';
const TO = '2026-03-11';
const DATES = ['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11'];

describe('reports: sales and tax by store-local day', () => {
  let server: TestServer;
  let manager: string;
  let budtender: string;
  let fx: CheckoutFixture;
  let accessory: CheckoutFixture;
  let blueDream7: CheckoutFixture;
  let sfFlower: CheckoutFixture;
  let budtenderId: string;
  let buyers: string[];
  const sales: Record<string, Sale> = {};
  const refunds: Record<string, Refund> = {};
  let theirStore: string;

  const db = () => server.platform.database.db;
  const call = (method: string, url: string, body?: unknown, cookie = manager) => server.request({ method, url, cookie, ...(body !== undefined ? { body } : {}) });
  const salesUrl = (query: string, storeId = fx.storeId) => `/v1/stores/${storeId}/reports/sales?${query}`;
  const taxUrl = (query: string, storeId = fx.storeId) => `/v1/stores/${storeId}/reports/tax?${query}`;

  async function posSale(body: Record<string, unknown>, storeId = fx.storeId): Promise<Order> {
    const response = await call('POST', `/v1/stores/${storeId}/pos-sales`, { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().order;
  }
  async function recordSale(name: string, order: Order, completedAt: string | null, day: string | null) {
    if (completedAt) await db().updateTable('sales_order').set({ completed_at: new Date(completedAt) }).where('id', '=', order.id).execute();
    const payments = await call('GET', `/v1/orders/${order.id}/payments`);
    expect(payments.statusCode, payments.body).toBe(200);
    sales[name] = { order, payments: payments.json().payments, day };
  }
  async function recordReturn(name: string, orderId: string, body: Record<string, unknown>, bookedAt: string, day: string | null, kind: 'returns' | 'void' = 'returns') {
    const response = await call('POST', `/v1/orders/${orderId}/${kind}`, body);
    expect(response.statusCode, response.body).toBe(201);
    const answer: Return = response.json();
    await db().updateTable('sales_return').set({ created_at: new Date(bookedAt) }).where('id', '=', answer.returnId).execute();
    refunds[name] = { answer, day };
  }

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    fx = await stockedSku(db(), server.organizationId, { quantity: 60 });
    accessory = await stockedSku(db(), server.organizationId, { code: 'VS-BATT-510', quantity: 20 });
    // Another SKU of fx's product (Blue Dream, 7 g): a product is its SKUs together.
    blueDream7 = await stockedSku(db(), server.organizationId, { code: 'HH-BD-7', quantity: 5 });
    budtenderId = (await db().selectFrom('staff_user').select('id').where('email', '=', 'budtender@demo.verdant.test').executeTakeFirstOrThrow()).id;
    sfFlower = await stockedSku(db(), server.organizationId, { quantity: 5, storeName: 'San Francisco' });
    buyers = await customers(db(), server.organizationId, 3);
    const coupon = await call('POST', '/v1/promotions', {
      storeId: fx.storeId,
      name: 'Report test: 10% off flower',
      receiptLabel: 'REPORT10',
      codes: ['REPORT10'],
      action: { type: 'percent_off_items', percent: 10, filter: { skus: [fx.skuCode] } },
    });
    expect(coupon.statusCode, coupon.body).toBe(201);

    // A: cash, flower and an accessory, one second before midnight of the day the clocks go forward.
    await recordSale(
      'A',
      await posSale({ lines: [{ skuId: fx.skuId, quantity: 2 }, { skuId: accessory.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] }),
      '2026-03-09T06:59:59Z',
      '2026-03-08',
    );
    // B: the card terminal, at the first second of the next day, credited to the budtender (the
    // manager rang up the others; the online pickup is credited to nobody).
    await recordSale(
      'B',
      await posSale({ budtenderId, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'terminal', terminalReference: 'RPT-0001', cardLast4: '4242' }] }),
      '2026-03-09T07:00:00Z',
      '2026-03-09',
    );
    // C: a customer's sale with a coupon, split between the terminal and cash.
    await recordSale(
      'C',
      await posSale({
        customerId: buyers[0],
        customer: undefined,
        lines: [{ skuId: fx.skuId, quantity: 3 }, { skuId: accessory.skuId, quantity: 2 }, { skuId: blueDream7.skuId, quantity: 1 }],
        couponCodes: ['REPORT10'],
        tenders: [{ kind: 'terminal', amountCents: 2000, terminalReference: 'RPT-0002', cardLast4: '1111' }, { kind: 'cash', tenderedCents: 100_000 }],
      }),
      '2026-03-09T20:00:00Z',
      '2026-03-09',
    );
    expect(sales.C.order.discountCents).toBeGreaterThan(0);
    // D: rung up by mistake and voided the same day.
    const voided = await posSale({ lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash' }] });
    await recordReturn('D-void', voided.id, { reason: 'rang up twice' }, '2026-03-10T18:05:00Z', '2026-03-10', 'void');
    await recordSale('D', voided, '2026-03-10T18:00:00Z', '2026-03-10');
    // E: an online pickup, paid when it was placed and counted when it was handed over.
    await recordSale('E', await pickupHandedOver(buyers[1]), '2026-03-10T19:00:00Z', '2026-03-10');
    // F: an online pickup placed and not handed over: not a sale yet.
    await placedPickup(buyers[2]);
    // G and H: just outside the period (Mar 7 23:59:59 PST; Mar 12 00:00 PDT), and one at San Francisco.
    await recordSale('G', await posSale({ lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash' }] }), '2026-03-08T07:59:59Z', null);
    await recordSale('H', await posSale({ lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash' }] }), '2026-03-12T07:00:00Z', null);
    await recordSale('SF', await posSale({ lines: [{ skuId: sfFlower.skuId, quantity: 1 }], tenders: [{ kind: 'cash' }] }, sfFlower.storeId), '2026-03-09T18:00:00Z', null);

    // Returns, each on the day it is booked: G's (a sale before the period) in full on Mar 10; one
    // of A's two flower units on Mar 11; C's flower one unit at a time on Mar 10 and Mar 11 (to
    // store credit), and an accessory; and one of B after the period.
    const back = (lines: Array<[number, number]>, refundTo = 'original') => ({ lines: lines.map(([lineNo, quantity]) => ({ lineNo, quantity, restock: 'sellable' })), reason: 'customer changed their mind', refundTo });
    await recordReturn('G-return', sales.G.order.id, back([[0, 1]]), '2026-03-10T17:00:00Z', '2026-03-10');
    await recordReturn('A-return', sales.A.order.id, back([[0, 1]]), '2026-03-11T17:00:00Z', '2026-03-11');
    await recordReturn('C-return-1', sales.C.order.id, back([[0, 1]], 'store_credit'), '2026-03-10T21:00:00Z', '2026-03-10');
    await recordReturn('C-return-2', sales.C.order.id, back([[0, 1], [1, 1]], 'store_credit'), '2026-03-11T21:00:00Z', '2026-03-11');
    await recordReturn('B-return', sales.B.order.id, back([[0, 1]]), '2026-03-12T17:00:00Z', null);

    const organizationId = uuidv7();
    theirStore = await inTransaction(server.platform.tx, systemContext(organizationId), async (uow) => {
      await createOrganization(uow, { id: organizationId, name: 'Elsewhere Cannabis' });
      return (await createStore(uow, organizationId, { name: 'Elsewhere Oakland', licenseNumber: `C10-ELSEWHERE-${organizationId.slice(-6)}`, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' })).id;
    });
  });
  afterAll(() => server?.close());

  async function cartWithFlower(customerId: string) {
    const cart = (await call('POST', '/v1/carts', { storeId: fx.storeId, customerId, channel: 'pickup' })).json();
    expect((await call('POST', `/v1/carts/${cart.id}/lines`, { skuId: fx.skuId, quantity: 1 })).statusCode).toBe(200);
    expect((await call('PUT', `/v1/carts/${cart.id}/fulfillment`, { pickup: { name: 'Pat', phone: '+15105550100' } })).statusCode).toBe(200);
    const placed = await call('POST', `/v1/carts/${cart.id}/complete`, { tenders: [{ kind: 'simulator' }] });
    expect(placed.statusCode, placed.body).toBe(201);
    return placed.json().order as Order;
  }
  const placedPickup = (customerId: string) => cartWithFlower(customerId);
  async function pickupHandedOver(customerId: string): Promise<Order> {
    const order = await cartWithFlower(customerId);
    const move = (to: string) => call('POST', `/v1/orders/${order.id}/transitions`, { to }, budtender);
    expect((await move('accepted')).statusCode).toBe(200);
    expect((await call('POST', `/v1/orders/${order.id}/picks`, { lineNo: 0, packageLabel: fx.packageLabel }, budtender)).statusCode).toBe(200);
    expect((await move('packed')).statusCode).toBe(200);
    expect((await move('ready')).statusCode).toBe(200);
    const handed = await move('completed');
    expect(handed.statusCode, handed.body).toBe(200);
    return handed.json();
  }

  // ---- what the orders say ------------------------------------------------------------------

  const isAccessory = (line: Line) => line.skuId === accessory.skuId;
  const sum = <T>(items: T[], f: (item: T) => number) => items.reduce((s, i) => s + f(i), 0);
  const addedTax = (taxes: Tax[]) => sum(taxes.filter((t) => !t.includedInPrice), (t) => t.amountCents);

  /** A day's figures computed from the order and return answers, in the report's shape. */
  function expectedDay(date: string) {
    const orders = Object.values(sales).filter((s) => s.day === date);
    const booked = Object.values(refunds).filter((r) => r.day === date);
    const lines = orders.flatMap((s) => s.order.lines);
    const partOf = (ls: Line[]) => ({
      grossCents: sum(ls, (l) => l.grossCents),
      discountCents: sum(ls, (l) => l.discountCents),
      netSalesCents: sum(ls, (l) => l.grossCents - l.discountCents),
      taxCents: sum(ls, (l) => sum(l.taxes, (t) => t.amountCents)),
      totalCents: sum(ls, (l) => l.totalCents + addedTax(l.taxes)),
    });
    const taxes = new Map<string, { code: string; amountCents: number; taxedSalesCents: number }>();
    for (const l of lines) {
      for (const t of l.taxes) {
        const into = taxes.get(t.code) ?? { code: t.code, amountCents: 0, taxedSalesCents: 0 };
        into.amountCents += t.amountCents;
        into.taxedSalesCents += t.baseCents ?? l.totalCents; // what the tax was charged on
        taxes.set(t.code, into);
      }
    }
    const tenders = new Map<string, { payments: number; amountCents: number }>();
    for (const p of orders.flatMap((s) => s.payments)) {
      const into = tenders.get(p.kind) ?? { payments: 0, amountCents: 0 };
      into.payments += 1;
      into.amountCents += p.amountCents;
      tenders.set(p.kind, into);
    }
    const returns = booked.filter((r) => r.answer.kind === 'return');
    const voids = booked.filter((r) => r.answer.kind === 'void');
    const byMethod = new Map<string, number>();
    for (const r of booked) for (const refund of r.answer.refunds) byMethod.set(refund.destination!, (byMethod.get(refund.destination!) ?? 0) + refund.amountCents);
    const totalCents = sum(orders, (s) => s.order.totalCents);
    return {
      orders: orders.length,
      grossCents: sum(orders, (s) => s.order.subtotalCents),
      discountCents: sum(orders, (s) => s.order.discountCents),
      taxCents: sum(orders, (s) => s.order.taxCents),
      addedTaxCents: sum(orders, (s) => addedTax(s.order.taxes)),
      totalCents,
      taxes: [...taxes.values()],
      tenders: Object.fromEntries(tenders),
      channels: Object.fromEntries(
        ['in_store', 'pickup', 'delivery'].map((channel) => {
          const of = orders.filter((s) => s.order.channel === channel);
          return [channel, { orders: of.length, netSalesCents: sum(of, (s) => s.order.subtotalCents - s.order.discountCents), totalCents: sum(of, (s) => s.order.totalCents) }];
        }),
      ),
      cannabis: partOf(lines.filter((l) => !isAccessory(l))),
      nonCannabis: partOf(lines.filter(isAccessory)),
      returns: { count: returns.length, refundCents: sum(returns, (r) => r.answer.refundCents), taxRefundCents: sum(returns, (r) => r.answer.taxRefundCents) },
      voids: { count: voids.length, amountCents: sum(voids, (r) => r.answer.refundCents), taxCents: sum(voids, (r) => r.answer.taxRefundCents) },
      refundsByMethod: Object.fromEntries(byMethod),
      netCollectedCents: totalCents - sum(booked, (r) => r.answer.refundCents),
    };
  }

  type Figures = Record<string, any>;
  /** The report's figures in the shape expectedDay builds, zero rows left out. */
  function reported(f: Figures) {
    return {
      orders: f.orders,
      grossCents: f.grossCents,
      discountCents: f.discountCents,
      taxCents: f.taxCents,
      addedTaxCents: f.addedTaxCents,
      totalCents: f.totalCents,
      taxes: f.taxes.filter((t: Figures) => t.amountCents !== 0).map((t: Figures) => ({ code: t.code, amountCents: t.amountCents, taxedSalesCents: t.taxedSalesCents })),
      tenders: Object.fromEntries(f.tenders.filter((t: Figures) => t.payments > 0).map((t: Figures) => [t.method, { payments: t.payments, amountCents: t.amountCents }])),
      channels: Object.fromEntries(f.channels.map((c: Figures) => [c.channel, { orders: c.orders, netSalesCents: c.netSalesCents, totalCents: c.totalCents }])),
      cannabis: f.cannabis,
      nonCannabis: f.nonCannabis,
      returns: f.returns,
      voids: f.voids,
      refundsByMethod: Object.fromEntries(f.refundsByMethod.map((r: Figures) => [r.method, r.amountCents])),
      netCollectedCents: f.netCollectedCents,
    };
  }

  /** The identities docs/reports.md promises, on one day or the totals. */
  function expectIdentities(f: Figures, where: string) {
    expect(f.netSalesCents, where).toBe(f.grossCents - f.discountCents);
    expect(f.totalCents, where).toBe(f.netSalesCents - f.includedTaxWaivedCents + f.addedTaxCents);
    expect(sum(f.taxes, (t: Figures) => t.amountCents), where).toBe(f.taxCents);
    expect(sum(f.taxes.filter((t: Figures) => !t.includedInPrice), (t: Figures) => t.amountCents), where).toBe(f.addedTaxCents);
    expect(sum(f.tenders, (t: Figures) => t.amountCents), `${where}: tenders = collected`).toBe(f.totalCents);
    for (const key of ['orders', 'grossCents', 'discountCents', 'netSalesCents', 'totalCents']) expect(sum(f.channels, (c: Figures) => c[key]), `${where}: channels ${key}`).toBe(f[key]);
    for (const key of ['grossCents', 'discountCents', 'netSalesCents', 'taxCents', 'totalCents']) expect(f.cannabis[key] + f.nonCannabis[key], `${where}: product types ${key}`).toBe(f[key]);
    expect(f.netCollectedCents, where).toBe(f.totalCents - f.returns.refundCents - f.voids.amountCents);
    expect(sum(f.refundsByMethod, (r: Figures) => r.amountCents), `${where}: refunds by method`).toBe(f.returns.refundCents + f.voids.amountCents);
  }

  // ---- the sales report ---------------------------------------------------------------------

  it('counts each sale on its store-local completion day and each refund on its own day, to the cent', async () => {
    const response = await call('GET', salesUrl(`from=${FROM}&to=${TO}`));
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ storeId: fx.storeId, storeName: 'Green Door Oakland', timezone: 'America/Los_Angeles', from: FROM, to: TO });
    expect(report.days.map((d: { date: string }) => d.date)).toEqual(DATES);
    for (const day of report.days) {
      expect(reported(day), day.date).toEqual(expectedDay(day.date));
      expectIdentities(day, day.date);
    }
    // The day boundaries: A one second before midnight on Mar 8, B at midnight on Mar 9; G (Mar 7,
    // 23:59:59 PST) and H (Mar 12, 00:00 PDT), F (not handed over) and San Francisco's sale are not in.
    expect(report.days.map((d: { orders: number }) => d.orders)).toEqual([1, 2, 2, 0]);
    expect(report.totals.orders).toBe(5);
    // Refunds count on their own day: G's sale is before the period, its return on Mar 10.
    expect(report.days[2].returns.count).toBe(2);
    expect(report.days[3].returns.count).toBe(2);
    // The void on its day; the voided sale still counts as sold that day, so the day nets it out.
    expect(report.days[2].voids).toEqual({ count: 1, amountCents: sales.D.order.totalCents, taxCents: addedTax(sales.D.order.taxes) });
    // The pickup is a pickup; the rest were rung at the register.
    expect(report.days[2].channels.find((c: { channel: string }) => c.channel === 'pickup')).toMatchObject({ orders: 1, totalCents: sales.E.order.totalCents });
    // The split sale: its terminal part and its cash part, each under its own tender.
    expect(reported(report.days[1]).tenders).toEqual({
      terminal: { payments: 2, amountCents: sales.B.order.totalCents + 2000 },
      cash: { payments: 1, amountCents: sales.C.order.totalCents - 2000 },
    });
    // Returns to store credit and to the cash drawer, as recorded.
    expect(reported(report.days[3]).refundsByMethod).toEqual({ cash: refunds['A-return'].answer.refundCents, store_credit: refunds['C-return-2'].answer.refundCents });

    // The totals are the days added up, and keep the same identities.
    expectIdentities(report.totals, 'totals');
    for (const key of ['orders', 'grossCents', 'discountCents', 'netSalesCents', 'taxCents', 'addedTaxCents', 'totalCents', 'netCollectedCents']) {
      expect(report.totals[key], key).toBe(sum(report.days, (d: Figures) => d[key]));
    }
    const all = Object.values(sales).filter((s) => s.day !== null);
    expect(report.totals.totalCents).toBe(sum(all, (s) => s.order.totalCents));
    expect(report.totals.discountCents).toBe(sum(all, (s) => s.order.discountCents));
    // Every tax code the orders carry, to the cent: from the orders' own tax lines.
    const orderTaxes = new Map<string, number>();
    for (const s of all) for (const t of s.order.taxes) orderTaxes.set(t.code, (orderTaxes.get(t.code) ?? 0) + t.amountCents);
    expect(new Map(report.totals.taxes.map((t: Tax) => [t.code, t.amountCents]))).toEqual(orderTaxes);
    expect(orderTaxes.size).toBeGreaterThan(1);
  });

  it('takes the store’s day: a one-day period has just that day, the clocks’ change included', async () => {
    const report = (await call('GET', salesUrl(`from=${FROM}&to=${FROM}`))).json();
    expect(report.days.map((d: { date: string }) => d.date)).toEqual([FROM]);
    expect(reported(report.days[0])).toEqual(expectedDay(FROM));
    expect(report.totals.orders).toBe(1);
    // Mar 7 has only G; Mar 12 only H and B's return.
    const before = (await call('GET', salesUrl('from=2026-03-07&to=2026-03-07'))).json();
    expect(before.totals).toMatchObject({ orders: 1, totalCents: sales.G.order.totalCents });
    const after = (await call('GET', salesUrl('from=2026-03-12&to=2026-03-12'))).json();
    expect(after.totals).toMatchObject({ orders: 1, totalCents: sales.H.order.totalCents, returns: { count: 1, refundCents: refunds['B-return'].answer.refundCents } });
    // San Francisco's report has its own sale only.
    const sf = (await call('GET', salesUrl(`from=${FROM}&to=${TO}`, sfFlower.storeId))).json();
    expect(sf.totals).toMatchObject({ orders: 1, totalCents: sales.SF.order.totalCents });
  });

  // ---- the tax report -----------------------------------------------------------------------

  it('the tax report: collected per code as the orders say, refunded as the returns gave back, liability the difference', async () => {
    const response = await call('GET', taxUrl(`from=${FROM}&to=${TO}`));
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    const sales_ = (await call('GET', salesUrl(`from=${FROM}&to=${TO}`))).json();
    expect(report).toMatchObject({ storeId: fx.storeId, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' });
    expect(report.days.map((d: { date: string }) => d.date)).toEqual(DATES);
    for (const [i, day] of report.days.entries()) {
      // Collected: the sales report's taxes of the day, code by code.
      for (const t of day.taxes) {
        const sold = sales_.days[i].taxes.find((x: Tax) => x.code === t.code)!;
        expect(t.collectedCents, `${day.date} ${t.code}`).toBe(sold.amountCents);
        expect(t.taxedSalesCents).toBe(sold.taxedSalesCents);
        expect(t.liabilityCents).toBe(t.collectedCents - t.refundedCents);
        expect(t.netTaxedSalesCents).toBe(t.taxedSalesCents - t.taxedSalesRefundedCents);
      }
      // Refunded: the added taxes add up to what the day's returns and voids gave back as tax.
      const booked = Object.values(refunds).filter((r) => r.day === day.date);
      expect(sum(day.taxes.filter((t: Tax) => !t.includedInPrice), (t: Figures) => t.refundedCents), day.date).toBe(sum(booked, (r) => r.answer.taxRefundCents));
      expect(day.collectedCents).toBe(sum(day.taxes, (t: Figures) => t.collectedCents));
      expect(day.refundedCents).toBe(sum(day.taxes, (t: Figures) => t.refundedCents));
      expect(day.liabilityCents).toBe(day.collectedCents - day.refundedCents);
    }
    // Refunded per code, to the cent: the units taken back take floor(amount × (before + n) / sold)
    // − floor(amount × before / sold) of each tax of their line, the added taxes then made to add
    // up to the tax the return refunded (the difference on the line's largest added tax). Worked
    // out here from the answers, return by return in the order they were made.
    const oracle = new Map<string, number>();
    const before = new Map<string, number>();
    const byId = (id: string) => Object.values(sales).find((s) => s.order.id === id)!.order;
    for (const { answer, day } of Object.values(refunds).sort((a, b) => a.answer.returnId.localeCompare(b.answer.returnId))) {
      for (const entry of (answer as unknown as { lines: Array<{ lineNo: number; quantity: number; taxRefundCents: number }> }).lines) {
        const line = byId(answer.orderId).lines.find((l) => l.lineNo === entry.lineNo)!;
        const key = `${answer.orderId}:${entry.lineNo}`;
        const b = before.get(key) ?? 0;
        before.set(key, b + entry.quantity);
        const shares = line.taxes.map((t) => ({ t, share: Math.floor((t.amountCents * (b + entry.quantity)) / line.quantity) - Math.floor((t.amountCents * b) / line.quantity) }));
        const added = shares.filter((x) => !x.t.includedInPrice);
        if (added.length > 0) {
          const largest = added.reduce((m, x) => (x.t.amountCents > m.t.amountCents ? x : m));
          largest.share += entry.taxRefundCents - sum(added, (x) => x.share);
        }
        if (day) for (const { t, share } of shares) oracle.set(`${day}|${t.code}`, (oracle.get(`${day}|${t.code}`) ?? 0) + share);
      }
    }
    for (const day of report.days) for (const t of day.taxes) expect(t.refundedCents, `${day.date} ${t.code}`).toBe(oracle.get(`${day.date}|${t.code}`) ?? 0);
    // A sale returned or voided in full gives back exactly what each code charged: Mar 10 has G's
    // full return and D's void, and one unit of C's three flower units (within a cent of a third).
    const cLine = sales.C.order.lines[0];
    for (const t of report.days[2].taxes) {
      const full = [sales.G, sales.D].flatMap((s) => s.order.taxes).filter((x) => x.code === t.code).reduce((s, x) => s + x.amountCents, 0);
      const third = (cLine.taxes.find((x) => x.code === t.code)?.amountCents ?? 0) / 3;
      expect(Math.abs(t.refundedCents - full - third), t.code).toBeLessThanOrEqual(1);
    }
    // The period's figures are the days added up.
    for (const t of report.taxes) {
      const days = report.days.map((d: Figures) => d.taxes.find((x: Tax) => x.code === t.code));
      for (const key of ['collectedCents', 'refundedCents', 'liabilityCents', 'taxedSalesCents', 'taxedSalesRefundedCents']) expect(t[key], `${t.code} ${key}`).toBe(sum(days, (d: Figures) => d[key]));
    }
    expect(report.totals).toEqual({
      collectedCents: sales_.totals.taxCents,
      refundedCents: sum(report.taxes, (t: Figures) => t.refundedCents),
      liabilityCents: sales_.totals.taxCents - sum(report.taxes, (t: Figures) => t.refundedCents),
    });
  });

  // ---- what sold, and who sold it -----------------------------------------------------------

  const productUrl = (query: string, storeId = fx.storeId) => `/v1/stores/${storeId}/reports/products?${query}`;
  const budtenderUrl = (query: string, storeId = fx.storeId) => `/v1/stores/${storeId}/reports/budtenders?${query}`;
  const PRODUCT_FIGURES = ['unitsSold', 'weightSoldMg', 'unitsReturned', 'weightReturnedMg', 'grossCents', 'discountCents', 'netSalesCents', 'taxCents', 'refundCents'];
  const saleOf = (orderId: string) => Object.values(sales).find((s) => s.order.id === orderId)!;

  /** Per SKU, from the order and return answers: the lines of the sales of `days`, and the return lines booked on them. */
  function expectedSkus(days: string[]) {
    const bySku = new Map<string, Figures>();
    const of = (skuId: string) => bySku.get(skuId) ?? bySku.set(skuId, Object.fromEntries(PRODUCT_FIGURES.map((k) => [k, 0]))).get(skuId)!;
    for (const s of Object.values(sales).filter((x) => x.day !== null && days.includes(x.day))) {
      for (const l of s.order.lines) {
        const f = of(l.skuId);
        f.unitsSold += l.quantity;
        f.grossCents += l.grossCents;
        f.discountCents += l.discountCents;
        f.netSalesCents += l.grossCents - l.discountCents;
        f.taxCents += sum(l.taxes, (t) => t.amountCents);
      }
    }
    for (const r of Object.values(refunds).filter((x) => x.day !== null && days.includes(x.day))) {
      for (const entry of r.answer.lines) {
        const f = of(saleOf(r.answer.orderId).order.lines.find((l) => l.lineNo === entry.lineNo)!.skuId);
        f.unitsReturned += entry.quantity;
        f.refundCents += entry.refundCents;
      }
    }
    return bySku;
  }

  /** The product report's totals are the sales report's, to the cent, and its groups add up to them. */
  function expectProductIdentities(report: Figures, sold: Figures, where: string) {
    for (const key of ['grossCents', 'discountCents', 'netSalesCents', 'taxCents']) expect(report.totals[key], `${where}: ${key}`).toBe(sold[key]);
    expect(report.totals.refundCents, `${where}: refunds`).toBe(sold.returns.refundCents + sold.voids.amountCents);
    for (const key of PRODUCT_FIGURES) expect(sum(report.groups, (g: Figures) => g[key]), `${where}: Σ ${key}`).toBe(report.totals[key]);
    for (const g of report.groups) expect(g.netSalesCents, `${where}: ${g.label}`).toBe(g.grossCents - g.discountCents);
    const nets = report.groups.map((g: Figures) => g.netSalesCents);
    expect(nets, `${where}: largest net first`).toEqual([...nets].sort((a, b) => b - a));
  }

  it('the product report: per SKU, product, category and brand, its totals the sales report’s to the cent', async () => {
    const sold = (await call('GET', salesUrl(`from=${FROM}&to=${TO}`))).json();
    expect(sold.totals.discountCents).toBeGreaterThan(0);
    expect(sold.totals.voids.count).toBe(1);

    const bySku = (await call('GET', productUrl(`from=${FROM}&to=${TO}`))).json();
    expect(bySku).toMatchObject({ storeId: fx.storeId, storeName: 'Green Door Oakland', timezone: 'America/Los_Angeles', from: FROM, to: TO, groupBy: 'sku' });
    expectProductIdentities(bySku, sold.totals, 'sku');
    const expected = expectedSkus(DATES);
    expect(new Map(bySku.groups.map((g: Figures) => [g.key, Object.fromEntries(PRODUCT_FIGURES.map((k) => [k, g[k]]))]))).toEqual(expected);
    // Sold in the period: A 2, B 1, C 3, D 1 (voided, counted sold and back), E 1; taken back: G's
    // (sold before the period), A's, C's two and D's void.
    expect(bySku.groups.find((g: Figures) => g.key === fx.skuId)).toMatchObject({ code: 'HH-BD-35', label: 'FLWR HH BD 3.5G HYB', unitsSold: 8, unitsReturned: 5 });
    expect(bySku.groups.find((g: Figures) => g.key === accessory.skuId)).toMatchObject({ code: 'VS-BATT-510', label: 'ACC 510 BATTERY', unitsSold: 3, unitsReturned: 1 });

    // By product: Blue Dream's two SKUs together.
    const byProduct = (await call('GET', productUrl(`from=${FROM}&to=${TO}&groupBy=product`))).json();
    expectProductIdentities(byProduct, sold.totals, 'product');
    const blueDream = byProduct.groups.find((g: Figures) => g.label === 'Blue Dream');
    for (const key of PRODUCT_FIGURES) expect(blueDream[key], key).toBe(expected.get(fx.skuId)![key] + expected.get(blueDream7.skuId)![key]);
    expect(byProduct.groups).toHaveLength(2);
    expect(blueDream.code).toBeNull();

    // By category: the accessories are the sales report's non-cannabis lines, flower its cannabis.
    const byCategory = (await call('GET', productUrl(`from=${FROM}&to=${TO}&groupBy=category`))).json();
    expectProductIdentities(byCategory, sold.totals, 'category');
    expect(byCategory.groups.map((g: Figures) => g.key)).toEqual(['flower', 'accessory']);
    for (const [key, part] of [['flower', 'cannabis'], ['accessory', 'nonCannabis']]) {
      const g = byCategory.groups.find((x: Figures) => x.key === key);
      expect([g.label, g.grossCents, g.discountCents, g.netSalesCents, g.taxCents]).toEqual([key, ...['grossCents', 'discountCents', 'netSalesCents', 'taxCents'].map((k) => sold.totals[part][k])]);
    }

    // By brand, and a product without one in its own group.
    const byBrand = (await call('GET', productUrl(`from=${FROM}&to=${TO}&groupBy=brand`))).json();
    expectProductIdentities(byBrand, sold.totals, 'brand');
    expect(byBrand.groups.map((g: Figures) => g.label)).toEqual(['Humboldt Heritage', 'Verdant Supply']);
    const battery = await db().selectFrom('sku').select('product_id').where('id', '=', accessory.skuId).executeTakeFirstOrThrow();
    const brand = await db().selectFrom('product').select(['brand_id', 'brand_name']).where('id', '=', battery.product_id).executeTakeFirstOrThrow();
    await db().updateTable('product').set({ brand_id: null, brand_name: null }).where('id', '=', battery.product_id).execute();
    try {
      const unbranded = (await call('GET', productUrl(`from=${FROM}&to=${TO}&groupBy=brand`))).json();
      expectProductIdentities(unbranded, sold.totals, 'no brand');
      expect(unbranded.groups.map((g: Figures) => [g.key, g.label])).toEqual([
        [byBrand.groups[0].key, 'Humboldt Heritage'],
        [null, 'No brand'],
      ]);
      expect(unbranded.groups[1].netSalesCents).toBe(sold.totals.nonCannabis.netSalesCents);
    } finally {
      await db().updateTable('product').set(brand).where('id', '=', battery.product_id).execute();
    }
  });

  it('the product report counts sales on their day and returns and voids on theirs, day by day as the sales report', async () => {
    const sold = (await call('GET', salesUrl(`from=${FROM}&to=${TO}`))).json();
    for (const [i, date] of DATES.entries()) {
      const report = (await call('GET', productUrl(`from=${date}&to=${date}`))).json();
      expectProductIdentities(report, sold.days[i], date);
      expect(new Map(report.groups.map((g: Figures) => [g.key, Object.fromEntries(PRODUCT_FIGURES.map((k) => [k, g[k]]))])), date).toEqual(expectedSkus([date]));
    }
    // Mar 10: D sold and voided the same day, E handed over, G's return (a sale of Mar 7) and one of C's units.
    const mar10 = (await call('GET', productUrl('from=2026-03-10&to=2026-03-10'))).json();
    expect(mar10.groups.find((g: Figures) => g.key === fx.skuId)).toMatchObject({ unitsSold: 2, unitsReturned: 3 });
    // Mar 12, after the period: H sold, and B's return.
    const mar12 = (await call('GET', productUrl('from=2026-03-12&to=2026-03-12'))).json();
    expect(mar12.totals).toMatchObject({ unitsSold: 1, unitsReturned: 1, refundCents: refunds['B-return'].answer.refundCents, netSalesCents: sales.H.order.subtotalCents - sales.H.order.discountCents });
  });

  it('the budtender report: each sale under who it was credited to, the online pickup under nobody, totals the sales report’s', async () => {
    const sold = (await call('GET', salesUrl(`from=${FROM}&to=${TO}`))).json();
    const response = await call('GET', budtenderUrl(`from=${FROM}&to=${TO}`));
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ storeId: fx.storeId, from: FROM, to: TO });
    for (const key of ['orders', 'grossCents', 'discountCents', 'netSalesCents', 'totalCents']) expect(report.totals[key], key).toBe(sold.totals[key]);
    expect(report.totals.returns).toEqual({ count: sold.totals.returns.count, refundCents: sold.totals.returns.refundCents });
    expect(report.totals.voids).toEqual({ count: sold.totals.voids.count, amountCents: sold.totals.voids.amountCents });
    for (const key of ['orders', 'units', 'weightMg', 'grossCents', 'discountCents', 'netSalesCents', 'totalCents']) expect(sum(report.budtenders, (b: Figures) => b[key]), key).toBe(report.totals[key]);
    for (const b of [...report.budtenders, report.totals]) expect(b.averageOrderCents, b.name).toBe(Math.round(b.netSalesCents / b.orders));

    const manager_ = await db().selectFrom('staff_user').select(['id', 'name']).where('email', '=', 'manager@demo.verdant.test').executeTakeFirstOrThrow();
    const budtender_ = await db().selectFrom('staff_user').select('name').where('id', '=', budtenderId).executeTakeFirstOrThrow();
    const expectedOf = (orders: Sale[], booked: Refund[]) => ({
      orders: orders.length,
      units: sum(orders, (s) => sum(s.order.lines, (l) => l.quantity)),
      netSalesCents: sum(orders, (s) => s.order.subtotalCents - s.order.discountCents),
      totalCents: sum(orders, (s) => s.order.totalCents),
      returns: { count: booked.filter((r) => r.answer.kind === 'return').length, refundCents: sum(booked.filter((r) => r.answer.kind === 'return'), (r) => r.answer.refundCents) },
      voids: { count: booked.filter((r) => r.answer.kind === 'void').length, amountCents: sum(booked.filter((r) => r.answer.kind === 'void'), (r) => r.answer.refundCents) },
    });
    const inPeriod = (r: Refund) => r.day !== null;
    // The manager: A, C and D, and the returns of A, C and G (G sold before the period) and D's void.
    expect(new Map(report.budtenders.map((b: Figures) => [b.budtenderId, b.name]))).toEqual(
      new Map([
        [manager_.id, manager_.name],
        [null, 'Online / no budtender'],
        [budtenderId, budtender_.name],
      ]),
    );
    const line = (id: string | null) => report.budtenders.find((b: Figures) => b.budtenderId === id);
    expect(line(manager_.id)).toMatchObject(expectedOf([sales.A, sales.C, sales.D], [refunds['G-return'], refunds['A-return'], refunds['C-return-1'], refunds['C-return-2'], refunds['D-void']].filter(inPeriod)));
    expect(line(budtenderId)).toMatchObject(expectedOf([sales.B], []));
    expect(line(null)).toMatchObject(expectedOf([sales.E], []));
    const nets = report.budtenders.map((b: Figures) => b.netSalesCents);
    expect(nets).toEqual([...nets].sort((a, b) => b - a));

    // Mar 12: H (the manager's) and the return of B's sale, a sale of the period before, on the budtender's line.
    const mar12 = (await call('GET', budtenderUrl('from=2026-03-12&to=2026-03-12'))).json();
    expect(mar12.budtenders.find((b: Figures) => b.budtenderId === budtenderId)).toMatchObject({ orders: 0, averageOrderCents: 0, returns: { count: 1, refundCents: refunds['B-return'].answer.refundCents } });
    expect(mar12.budtenders.find((b: Figures) => b.budtenderId === manager_.id)).toMatchObject(expectedOf([sales.H], []));
  });

  // ---- CSV ------------------------------------------------------------------------------------

  const dollars = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

  it('sales.csv and tax.csv hold the JSON report’s figures, a row per day and the totals', async () => {
    const report = (await call('GET', salesUrl(`from=${FROM}&to=${TO}`))).json();
    const csv = await call('GET', `/v1/stores/${fx.storeId}/reports/sales.csv?from=${FROM}&to=${TO}`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="sales-${FROM}-to-${TO}.csv"`);
    const rows: Array<Record<string, string>> = parse(csv.body, { columns: true });
    expect(rows.map((r) => r.date)).toEqual([...DATES, 'total']);
    for (const [i, f] of [...report.days, report.totals].entries()) {
      const r = rows[i];
      expect(Number(r.orders)).toBe(f.orders);
      expect([r.gross, r.discounts, r.net_sales, r.tax, r.added_tax, r.total_collected, r.net_collected]).toEqual(
        [f.grossCents, f.discountCents, f.netSalesCents, f.taxCents, f.addedTaxCents, f.totalCents, f.netCollectedCents].map(dollars),
      );
      for (const t of f.taxes) expect(r[`tax_${t.code}`], t.code).toBe(dollars(t.amountCents));
      for (const t of f.tenders) expect(r[`tender_${t.method}`], t.method).toBe(dollars(t.amountCents));
      expect([r.returns, r.returns_refunded, r.voids, r.voids_amount]).toEqual([String(f.returns.count), dollars(f.returns.refundCents), String(f.voids.count), dollars(f.voids.amountCents)]);
      expect([r.pickup_orders, r.cannabis_net_sales, r.non_cannabis_net_sales]).toEqual([
        String(f.channels.find((c: { channel: string }) => c.channel === 'pickup').orders),
        dollars(f.cannabis.netSalesCents),
        dollars(f.nonCannabis.netSalesCents),
      ]);
    }

    const tax = (await call('GET', taxUrl(`from=${FROM}&to=${TO}`))).json();
    const taxCsv = await call('GET', `/v1/stores/${fx.storeId}/reports/tax.csv?from=${FROM}&to=${TO}`);
    expect(taxCsv.statusCode, taxCsv.body).toBe(200);
    expect(taxCsv.headers['content-disposition']).toBe(`attachment; filename="tax-${FROM}-to-${TO}.csv"`);
    const taxRows: Array<Record<string, string>> = parse(taxCsv.body, { columns: true });
    const expected = [...tax.days.flatMap((d: Figures) => d.taxes.map((t: Figures) => ({ date: d.date, ...t }))), ...tax.taxes.map((t: Figures) => ({ date: 'total', ...t }))];
    expect(taxRows).toEqual(
      expected.map((t: Figures) => ({
        date: t.date,
        code: t.code,
        label: t.label,
        included_in_price: t.includedInPrice ? 'yes' : 'no',
        rate: t.rate === null ? '' : String(t.rate),
        taxed_sales: dollars(t.taxedSalesCents),
        collected: dollars(t.collectedCents),
        taxed_sales_refunded: dollars(t.taxedSalesRefundedCents),
        refunded: dollars(t.refundedCents),
        net_taxed_sales: dollars(t.netTaxedSalesCents),
        liability: dollars(t.liabilityCents),
      })),
    );
  });

  it('products.csv and budtenders.csv hold the JSON reports’ figures, a row per group and the totals', async () => {
    for (const groupBy of ['sku', 'brand']) {
      const report = (await call('GET', productUrl(`from=${FROM}&to=${TO}&groupBy=${groupBy}`))).json();
      const csv = await call('GET', `/v1/stores/${fx.storeId}/reports/products.csv?from=${FROM}&to=${TO}&groupBy=${groupBy}`);
      expect(csv.statusCode, csv.body).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toBe(`attachment; filename="products-by-${groupBy}-${FROM}-to-${TO}.csv"`);
      const rows: string[][] = parse(csv.body);
      const figures = (f: Figures) => [
        ...[f.unitsSold, f.weightSoldMg, f.unitsReturned, f.weightReturnedMg].map(String),
        ...[f.grossCents, f.discountCents, f.netSalesCents, f.taxCents, f.refundCents].map(dollars),
      ];
      expect(rows).toEqual([
        [groupBy, 'code', 'id', 'units_sold', 'weight_sold_mg', 'units_returned', 'weight_returned_mg', 'gross', 'discounts', 'net_sales', 'tax', 'refunded'],
        ...report.groups.map((g: Figures) => [g.label, g.code ?? '', g.key ?? '', ...figures(g)]),
        ['total', '', '', ...figures(report.totals)],
      ]);
      expect(rows.length).toBeGreaterThan(3);
    }

    const report = (await call('GET', budtenderUrl(`from=${FROM}&to=${TO}`))).json();
    const csv = await call('GET', `/v1/stores/${fx.storeId}/reports/budtenders.csv?from=${FROM}&to=${TO}`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="budtenders-${FROM}-to-${TO}.csv"`);
    const figures = (f: Figures) => [
      ...[f.orders, f.units, f.weightMg].map(String),
      ...[f.grossCents, f.discountCents, f.netSalesCents, f.averageOrderCents, f.totalCents].map(dollars),
      String(f.returns.count),
      dollars(f.returns.refundCents),
      String(f.voids.count),
      dollars(f.voids.amountCents),
    ];
    expect(parse(csv.body)).toEqual([
      ['budtender', 'id', 'orders', 'units', 'weight_mg', 'gross', 'discounts', 'net_sales', 'average_order', 'total_collected', 'returns', 'returns_refunded', 'voids', 'voids_amount'],
      ...report.budtenders.map((b: Figures) => [b.name, b.budtenderId ?? '', ...figures(b)]),
      ['total', '', ...figures(report.totals)],
    ]);
    expect(report.budtenders).toHaveLength(3);
  });

  // ---- who may read which store, and bad periods -----------------------------------------------

  it('an auditor reads them; a budtender may not; staff of other stores get 403; another organization’s store is 404', async () => {
    const auditor = await server.login('auditor');
    expect((await call('GET', salesUrl(`from=${FROM}&to=${TO}`), undefined, auditor)).statusCode).toBe(200);
    for (const url of [salesUrl(`from=${FROM}&to=${TO}`), taxUrl(`from=${FROM}&to=${TO}`), productUrl(`from=${FROM}&to=${TO}`), budtenderUrl(`from=${FROM}&to=${TO}`)]) {
      const refused = await call('GET', url, undefined, budtender);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('FORBIDDEN');
    }

    const owner = await server.login('owner');
    const denver = (await db().selectFrom('store').select('id').where('name', 'like', '%Denver%').executeTakeFirstOrThrow()).id;
    const email = `denver-manager-${uuidv7()}@demo.verdant.test`;
    const created = await call('POST', '/v1/staff', { email, name: 'Denver Manager', role: 'manager', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [denver] }, owner);
    expect(created.statusCode, created.body).toBe(201);
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
    const denverManager = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
    for (const path of ['sales', 'sales.csv', 'tax', 'tax.csv', 'products', 'products.csv', 'budtenders', 'budtenders.csv']) {
      const url = `/v1/stores/${fx.storeId}/reports/${path}?from=${FROM}&to=${TO}`;
      const refused = await call('GET', url, undefined, denverManager);
      expect(refused.statusCode, path).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'STORE_NOT_ALLOWED', details: { storeId: fx.storeId } });
      expect((await call('GET', `/v1/stores/${denver}/reports/${path}?from=${FROM}&to=${TO}`, undefined, denverManager)).statusCode, path).toBe(200);
      const theirs = await call('GET', `/v1/stores/${theirStore}/reports/${path}?from=${FROM}&to=${TO}`, undefined, owner);
      expect(theirs.statusCode, path).toBe(404);
      expect(theirs.json().error.code).toBe('NOT_FOUND');
      expect((await call('GET', `/v1/stores/${uuidv7()}/reports/${path}?from=${FROM}&to=${TO}`, undefined, owner)).statusCode).toBe(404);
    }
  });

  it('refuses a bad period with 400 at its field', async () => {
    const bad = async (query: string, path: Array<string | number>) => {
      for (const url of [salesUrl(query), taxUrl(query), `/v1/stores/${fx.storeId}/reports/sales.csv?${query}`, productUrl(query), budtenderUrl(query), `/v1/stores/${fx.storeId}/reports/products.csv?${query}`, `/v1/stores/${fx.storeId}/reports/budtenders.csv?${query}`]) {
        const response = await call('GET', url);
        expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
        expect(response.json().error.code).toBe('VALIDATION_FAILED');
        expect(response.json().error.details.map((d: { path: unknown }) => d.path), query).toContainEqual(path);
      }
    };
    await bad('from=2026-02-30&to=2026-03-01', ['querystring', 'from']);
    await bad('from=2026-03-01&to=2026-3-5', ['querystring', 'to']);
    await bad('from=0000-01-01&to=0000-01-02', ['querystring', 'from']);
    await bad('from=2999-01-01', ['querystring', 'to']); // to is today by default: before from
    await bad('from=2026-03-02&to=2026-03-01', ['querystring', 'to']);
    await bad('from=2025-01-01&to=2026-01-02', ['querystring', 'to']);
    await bad('from=2026-03-01&to=2026-03-02&storeId=x', ['querystring', 'storeId']);
    // What the product report is grouped by: one of four, and nothing else takes it.
    for (const url of [productUrl(`from=${FROM}&to=${TO}&groupBy=strain`), `/v1/stores/${fx.storeId}/reports/products.csv?groupBy=`]) {
      const response = await call('GET', url);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(response.json().error.details.map((d: { path: unknown }) => d.path)).toContainEqual(['querystring', 'groupBy']);
    }
    for (const url of [salesUrl(`from=${FROM}&groupBy=sku`), budtenderUrl(`from=${FROM}&groupBy=sku`)]) {
      const response = await call('GET', url);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.details.map((d: { path: unknown }) => d.path)).toContainEqual(['querystring', 'groupBy']);
    }
    // Left out, the period is this month so far at the store; `from` alone runs to today there.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date());
    const byDefault = (await call('GET', `/v1/stores/${fx.storeId}/reports/sales`)).json();
    expect([byDefault.from, byDefault.to]).toEqual([`${today.slice(0, 8)}01`, today]);
    expect((await call('GET', taxUrl(`from=${today.slice(0, 8)}01`))).json()).toMatchObject({ from: `${today.slice(0, 8)}01`, to: today });
    expect((await call('GET', salesUrl('to=2026-03-05'))).json()).toMatchObject({ from: '2026-03-01', to: '2026-03-05' });
    // A leap year's 366 days are one report.
    expect((await call('GET', salesUrl('from=2024-01-01&to=2024-12-31'))).json().days).toHaveLength(366);
  });

  it('a tax is reported on what it was charged on: Washington sales tax on the price without the excise it includes', async () => {
    const owner = await server.login('owner');
    const opened = await call('POST', '/v1/stores', { name: 'Report test Spokane', licenseNumber: `WA-${uuidv7().slice(-8)}`, jurisdiction: 'US-WA', timezone: 'America/Los_Angeles' }, owner);
    expect(opened.statusCode, opened.body).toBe(201);
    const spokane = opened.json().id as string;
    await openAroundTheClock(server.platform, [spokane]);
    expect((await call('PUT', `/v1/catalog/skus/${fx.skuId}/prices/${spokane}`, { priceCents: 10_000 }, owner)).statusCode).toBe(200);
    await receivePackages(server, owner, spokane, [{ label: newLabel(), skuId: fx.skuId, quantity: 5 }]);
    // The store's day before the sale and after it: the same day unless its midnight fell between.
    const storeDay = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date());
    const dayOfSale = storeDay();
    const order = await posSale({ lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] }, spokane);
    const line = await db().selectFrom('sales_order_line').select(['total_cents', 'taxes']).where('order_id', '=', order.id).executeTakeFirstOrThrow();
    const taxes = line.taxes as Array<{ code: string; amountCents: number; baseCents: number; includedInPrice: boolean }>;
    const included = taxes.filter((t) => t.includedInPrice);
    const added = taxes.filter((t) => !t.includedInPrice);
    expect(included.length, JSON.stringify(taxes)).toBeGreaterThan(0);
    expect(added.length, JSON.stringify(taxes)).toBeGreaterThan(0);
    // The added sales tax is charged on the price less the excise in it, not on the shelf price.
    for (const t of added) expect(t.baseCents).toBe(Number(line.total_cents) - included.reduce((sum, i) => sum + i.amountCents, 0));

    const report = (await call('GET', `/v1/stores/${spokane}/reports/tax?from=${dayOfSale}&to=${storeDay()}`)).json();
    for (const t of taxes) {
      expect(report.taxes.find((r: { code: string }) => r.code === t.code), t.code).toMatchObject({ collectedCents: t.amountCents, taxedSalesCents: t.baseCents });
    }
  });

  it('a tax code whose rate changed within the period is a row per rate, and a return gives back at its sale’s rate', async () => {
    // Oakland's city cannabis tax goes from 10 % to 12 % today; one sale before the change and
    // one after, both moved to April 2026, the first returned in part after the change.
    const owner = await server.login('owner');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date());
    const setRate = async (localCannabisTaxRate: number, effectiveFrom: string) => {
      const response = await call('POST', `/v1/stores/${fx.storeId}/tax-settings`, { localSalesTaxRate: 0.01, localCannabisTaxRate, effectiveFrom, reason: 'city council vote' }, owner);
      expect(response.statusCode, response.body).toBe(201);
    };
    await setRate(0.1, '2026-01-01');
    const before = await posSale({ lines: [{ skuId: fx.skuId, quantity: 2 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
    await setRate(0.12, today);
    const after = await posSale({ lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
    await db().updateTable('sales_order').set({ completed_at: new Date('2026-04-01T18:00:00Z') }).where('id', '=', before.id).execute();
    await db().updateTable('sales_order').set({ completed_at: new Date('2026-04-02T18:00:00Z') }).where('id', '=', after.id).execute();
    const returned = await call('POST', `/v1/orders/${before.id}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'customer changed their mind', refundTo: 'original' });
    expect(returned.statusCode, returned.body).toBe(201);
    await db().updateTable('sales_return').set({ created_at: new Date('2026-04-02T19:00:00Z') }).where('id', '=', returned.json().returnId).execute();

    const local = (order: Order) => order.lines[0].taxes.find((t) => t.code === 'CA_LOCAL_CANNABIS')!;
    expect([local(before), local(after)].map((t) => (t as Tax & { rate: number }).rate)).toEqual([0.1, 0.12]);
    const report = (await call('GET', taxUrl('from=2026-04-01&to=2026-04-02'))).json();
    const rows = report.taxes.filter((t: { code: string }) => t.code === 'CA_LOCAL_CANNABIS');
    expect(rows.map((t: { rate: number }) => t.rate)).toEqual([0.1, 0.12]);
    // The first sale's rate row: what it charged, and half of it back (one of two units).
    expect(rows[0]).toMatchObject({ collectedCents: local(before).amountCents, taxedSalesCents: local(before).baseCents, refundedCents: Math.floor(local(before).amountCents / 2) });
    expect(rows[1]).toMatchObject({ collectedCents: local(after).amountCents, taxedSalesCents: local(after).baseCents, refundedCents: 0 });
    // Every other code sold at one rate here, and each day lists every row of the period.
    for (const t of report.taxes) expect(report.taxes.filter((x: { code: string }) => x.code === t.code)).toHaveLength(t.code === 'CA_LOCAL_CANNABIS' ? 2 : 1);
    for (const d of report.days) expect(d.taxes.map((t: { code: string; rate: number }) => `${t.code}@${t.rate}`)).toEqual(report.taxes.map((t: { code: string; rate: number }) => `${t.code}@${t.rate}`));
    const csv: Array<Record<string, string>> = parse((await call('GET', `/v1/stores/${fx.storeId}/reports/tax.csv?from=2026-04-01&to=2026-04-02`)).body, { columns: true });
    expect(csv.filter((r) => r.date === 'total' && r.code === 'CA_LOCAL_CANNABIS').map((r) => r.rate)).toEqual(['0.1', '0.12']);
  });
});
