// Receipts as the customer, the budtender and an inspector read them: the numbers on paper add up
// to what the order holds, a receipt is only printed for a sale that happened, and what a
// reconciliation needs (the terminal's reference) is on it.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { openAroundTheClock } from '../support/open-hours';
import { startTestServer, type TestServer } from '../support/test-server';
import { washingtonPatientAtStore } from '../support/washington-patient';
import { printedLines } from '../support/escpos-text';

/** The printed lines of an ESC/POS receipt (the commands this renderer sends dropped). */
/** The amount (in cents) printed flush right on the line that starts with `label`. */
function amountOn(lines: string[], label: string): number {
  const line = lines.find((l) => l.trimStart().startsWith(label) && /^\s+-?\$[\d,]+\.\d\d$/.test(l.trimStart().slice(label.length)));
  expect(line, `a line "${label}" in\n${lines.join('\n')}`).toBeDefined();
  const m = /(-?)\$([\d,]+)\.(\d\d)$/.exec(line!.trim())!;
  return (m[1] ? -1 : 1) * (Number(m[2].replace(/,/g, '')) * 100 + Number(m[3]));
}

describe('receipts: what is printed adds up and is only printed for a sale', () => {
  let server: TestServer;
  let manager: string;
  let owner: string;
  let fx: CheckoutFixture;
  let buyers: string[];

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    owner = await server.login('owner');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 40 });
    buyers = await customers(server.platform.database.db, server.organizationId, 2);
    await openAroundTheClock(server.platform, [fx.storeId]);
  });
  afterAll(() => server.close());

  const receipt = (id: string, format: 'html' | 'escpos' = 'html') => server.request({ method: 'GET', url: `/v1/orders/${id}/receipt?format=${format}`, cookie: manager });
  const posSale = async (body: Record<string, unknown>, storeId = fx.storeId) => {
    const id = uuidv7();
    const sale = await server.request({ method: 'POST', url: `/v1/stores/${storeId}/pos-sales`, cookie: manager, body: { id, ...body } });
    expect(sale.statusCode, sale.body).toBe(201);
    return sale.json();
  };

  it('prints the cash rounding: the cash handed over less the change is the total plus the rounding', async () => {
    const rounding = await server.request({ method: 'PUT', url: `/v1/stores/${fx.storeId}/payment-settings`, cookie: manager, body: { cashRoundingCents: 25 } });
    expect(rounding.statusCode, rounding.body).toBe(200);
    try {
      const sale = await posSale({ customerId: buyers[0], lines: [{ skuId: fx.skuId, quantity: 2, override: { discountCents: 333, reason: 'goodwill' } }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
      const roundingCents = sale.payments[0].details.roundingCents as number;
      expect(roundingCents).not.toBe(0);
      const lines = printedLines((await receipt(sale.order.id, 'escpos')).rawPayload);
      const total = amountOn(lines, 'TOTAL');
      expect(total).toBe(sale.order.totalCents);
      expect(amountOn(lines, 'Cash rounding')).toBe(roundingCents);
      expect(amountOn(lines, 'Cash') - amountOn(lines, 'Change due')).toBe(total + roundingCents);
      expect((await receipt(sale.order.id)).body).toContain('Cash rounding');
    } finally {
      await server.request({ method: 'PUT', url: `/v1/stores/${fx.storeId}/payment-settings`, cookie: manager, body: { cashRoundingCents: 1 } });
    }
  });

  it('refuses the receipt of an order that is not completed (placed, then cancelled) with a stable code', async () => {
    const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: fx.storeId, customerId: buyers[1], channel: 'pickup' } })).json();
    await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie: manager, body: { skuId: fx.skuId, quantity: 1 } });
    await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat', phone: '+15105550100' } } });
    const done = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });
    expect(done.statusCode, done.body).toBe(201);
    const order = done.json().order;
    expect(order.status).toBe('placed');
    for (const format of ['html', 'escpos'] as const) {
      const placed = await receipt(order.id, format);
      expect(placed.statusCode, placed.body).toBe(409);
      expect(placed.json().error).toMatchObject({ code: 'ORDER_NOT_COMPLETED', details: { status: 'placed', path: ['params', 'id'] } });
    }
    const cancelled = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/transitions`, cookie: manager, body: { to: 'cancelled', reason: 'customer called' } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const after = await receipt(order.id);
    expect(after.statusCode, after.body).toBe(409);
    expect(after.json().error).toMatchObject({ code: 'ORDER_NOT_COMPLETED', details: { status: 'cancelled' } });
  });

  it('prints a card payment’s terminal reference for reconciliation, and only the card’s last four digits', async () => {
    const sale = await posSale({ customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'terminal', terminalReference: 'TRM-55120', cardLast4: '4242' }] });
    const html = (await receipt(sale.order.id)).body;
    expect(html).toContain('****4242');
    expect(html).toContain('Terminal ref TRM-55120');
    const lines = printedLines((await receipt(sale.order.id, 'escpos')).rawPayload);
    expect(lines.some((l) => l.includes('Terminal ref TRM-55120'))).toBe(true);
  });

  it('a Washington patient’s excise exemption is on the paper: the lines add up to the subtotal', async () => {
    const { storeId: spokane, patientId } = await washingtonPatientAtStore(server, owner, fx.skuId, { storeName: 'Receipts Spokane', cardNumber: 'WA-REG-99887766' });
    const sale = await posSale({ customerId: patientId, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] }, spokane);
    const line = sale.order.lines[0];
    // The patient pays the shelf price less the excise it contains.
    expect(line.totalCents).toBeLessThan(line.grossCents - line.discountCents);
    const lines = printedLines((await receipt(sale.order.id, 'escpos')).rawPayload);
    expect(amountOn(lines, 'Subtotal')).toBe(line.totalCents);
    expect(amountOn(lines, 'Line total')).toBe(line.totalCents);
    expect(amountOn(lines, '1 x $100.00') + amountOn(lines, 'Tax exemption')).toBe(line.totalCents);
    expect(amountOn(lines, 'TOTAL')).toBe(sale.order.totalCents);
    // The medical card never prints in clear.
    expect(lines.join('\n')).not.toContain('99887766');
  });
  /** The tax lines printed between Subtotal and Total tax/TOTAL, in cents. */
  function taxesOn(lines: string[]): Record<string, number> {
    const from = lines.findIndex((l) => l.startsWith('Subtotal '));
    const to = lines.findIndex((l) => l.startsWith('Total tax ') || l.startsWith('TOTAL '));
    return Object.fromEntries(lines.slice(from + 1, to).map((l) => [l.replace(/\s+-?\$[\d,]+\.\d\d$/, ''), amountOn([l], l.replace(/\s+-?\$[\d,]+\.\d\d$/, ''))]));
  }

  it('a return prints its own receipt: the units taken back, each tax reversed on its own line, the refund to its tender', async () => {
    const sale = await posSale({ customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 2, override: { discountCents: 333, reason: 'goodwill' } }, { skuId: fx.skuId, quantity: 3 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
    const returned = await server.request({ method: 'POST', url: `/v1/orders/${sale.order.id}/returns`, cookie: manager, body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'changed mind', refundTo: 'original' } });
    expect(returned.statusCode, returned.body).toBe(201);
    const r = returned.json();
    const printed = await server.request({ method: 'GET', url: `/v1/orders/${sale.order.id}/returns/${r.returnId}/receipt?format=escpos`, cookie: manager });
    expect(printed.statusCode, printed.body).toBe(200);
    const lines = printedLines(printed.rawPayload);
    expect(lines).toContain('RETURN RECEIPT');
    expect(lines).toContain(`Return of order #${sale.order.number}`);
    expect(lines).toContain('Reason: changed mind');
    expect(amountOn(lines, '-1 x $45.00')).toBe(-4500);
    expect(amountOn(lines, 'Subtotal')).toBe(-(r.refundCents - r.taxRefundCents));
    const taxes = taxesOn(lines);
    expect(Object.keys(taxes)).toEqual(sale.order.taxes.map((t: { label: string }) => t.label));
    expect(Object.values(taxes).reduce((a, b) => a + b, 0)).toBe(-r.taxRefundCents);
    expect(amountOn(lines, 'TOTAL')).toBe(-r.refundCents);
    expect(amountOn(lines, 'Cash')).toBe(-r.refunds[0].cashOutCents);
    expect(lines.some((l) => l.startsWith('Change due'))).toBe(false);
    const html = await server.request({ method: 'GET', url: `/v1/orders/${sale.order.id}/returns/${r.returnId}/receipt`, cookie: manager });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('RETURN RECEIPT');
    // Another order's return is not this order's.
    const other = await posSale({ customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
    const mismatched = await server.request({ method: 'GET', url: `/v1/orders/${other.order.id}/returns/${r.returnId}/receipt`, cookie: manager });
    expect(mismatched.statusCode).toBe(404);
    expect(mismatched.json().error.code).toBe('NOT_FOUND');
  });

  it('a void after a partial return prints what the void took back and refunded, not the whole sale again', async () => {
    const sale = await posSale({ customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 2, override: { discountCents: 333, reason: 'goodwill' } }, { skuId: fx.skuId, quantity: 3 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
    const returned = await server.request({ method: 'POST', url: `/v1/orders/${sale.order.id}/returns`, cookie: manager, body: { lines: [{ lineNo: 1, quantity: 2, restock: 'sellable' }], reason: 'changed mind', refundTo: 'original' } });
    expect(returned.statusCode, returned.body).toBe(201);
    const voided = await server.request({ method: 'POST', url: `/v1/orders/${sale.order.id}/void`, cookie: manager, body: { reason: 'rang up twice' } });
    expect(voided.statusCode, voided.body).toBe(201);
    const v = voided.json();
    expect(v.refundCents).toBe(sale.order.totalCents - returned.json().refundCents);
    const lines = printedLines((await receipt(sale.order.id, 'escpos')).rawPayload);
    expect(lines).toContain('VOID RECEIPT');
    expect(lines).toContain(`Voids order #${sale.order.number}`);
    expect(amountOn(lines, '-2 x $45.00')).toBe(-9000);
    expect(amountOn(lines, '-1 x $45.00')).toBe(-4500);
    expect(amountOn(lines, 'TOTAL')).toBe(-v.refundCents);
    expect(Object.values(taxesOn(lines)).reduce((a, b) => a + b, 0)).toBe(-v.taxRefundCents);
  });
  it('a gift card sold for cash prints the cash rounding too', async () => {
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email: 'manager@demo.verdant.test', password: DEMO_PASSWORD, storeId: fx.storeId } });
    const register = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
    const staff = (await server.request({ method: 'GET', url: '/v1/staff', cookie: manager })).json().staff as Array<{ id: string; role: string }>;
    expect((await server.request({ method: 'POST', url: '/v1/auth/pin', cookie: register, body: { userId: staff.find((x) => x.role === 'budtender')!.id, pin: '1234' } })).statusCode).toBe(200);
    const till = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/registers`, cookie: manager, body: { name: `Till ${uuidv7().slice(-6)}` } });
    const session = await server.request({ method: 'POST', url: `/v1/registers/${till.json().id}/sessions`, cookie: manager, body: { float: { totalCents: 20_000 } } });
    expect(session.statusCode, session.body).toBe(201);
    await server.request({ method: 'PUT', url: `/v1/stores/${fx.storeId}/payment-settings`, cookie: manager, body: { cashRoundingCents: 5 } });
    try {
      const sold = await server.request({ method: 'POST', url: `/v1/register-sessions/${session.json().id}/gift-card-sales`, cookie: register, body: { id: uuidv7(), kind: 'issue', amountCents: 2503, tenders: [{ kind: 'cash', tenderedCents: 3000 }] } });
      expect(sold.statusCode, sold.body).toBe(201);
      expect(sold.json().changeDueCents).toBe(495);
      const printed = await server.request({ method: 'GET', url: `/v1/gift-card-sales/${sold.json().id}/receipt?format=escpos`, cookie: register });
      const lines = printedLines(printed.rawPayload);
      expect(amountOn(lines, 'TOTAL')).toBe(2503);
      expect(amountOn(lines, 'Cash rounding')).toBe(2);
      expect(amountOn(lines, 'Cash') - amountOn(lines, 'Change due')).toBe(2505);
    } finally {
      await server.request({ method: 'PUT', url: `/v1/stores/${fx.storeId}/payment-settings`, cookie: manager, body: { cashRoundingCents: 1 } });
    }
  });
});
