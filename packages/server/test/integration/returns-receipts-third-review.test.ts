// Returns, voids and their receipts, a third look: what several partial returns of one line give
// back tax by tax, split tenders, the store's midnight, and what the paper says.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { refusal } from '../support/refusals';
import { startTestServer, type TestServer } from '../support/test-server';
import { washingtonPatientAtStore } from '../support/washington-patient';
import { printedLines } from '../support/escpos-text';

/** The printed lines of an ESC/POS receipt (the commands this renderer sends dropped). */
const AMOUNT = /\s+(-?)\$([\d,]+)\.(\d\d)$/;
const cents = (line: string) => {
  const m = AMOUNT.exec(line)!;
  return (m[1] ? -1 : 1) * (Number(m[2].replace(/,/g, '')) * 100 + Number(m[3]));
};

/** The tax lines printed between Subtotal and Total tax/TOTAL, by label, in cents. */
function taxesOn(lines: string[]): Record<string, number> {
  const from = lines.findIndex((l) => l.startsWith('Subtotal '));
  const to = lines.findIndex((l) => l.startsWith('Total tax ') || l.startsWith('TOTAL '));
  return Object.fromEntries(lines.slice(from + 1, to).map((l) => [l.replace(AMOUNT, ''), cents(l)]));
}

describe('returns, voids and receipts: third review', () => {
  let server: TestServer;
  let manager: string;
  let fx: CheckoutFixture;
  let buyers: string[];

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 200 });
    buyers = await customers(server.platform.database.db, server.organizationId, 4);
  });
  afterAll(() => server.close());

  const posSale = async (body: Record<string, unknown>) => {
    const sale = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie: manager, body: { id: uuidv7(), ...body } });
    expect(sale.statusCode, sale.body).toBe(201);
    return sale.json();
  };
  const returnOf = (orderId: string, body: Record<string, unknown>) => server.request({ method: 'POST', url: `/v1/orders/${orderId}/returns`, cookie: manager, body });
  const returnReceipt = (orderId: string, returnId: string, format: 'html' | 'escpos' = 'escpos') =>
    server.request({ method: 'GET', url: `/v1/orders/${orderId}/returns/${returnId}/receipt?format=${format}`, cookie: manager });

  it('seven one-unit returns of a line give back each tax exactly as charged: the excise on the return receipts adds up to the excise on the sale, never a cent more', async () => {
    const sale = await posSale({ customerId: buyers[0], lines: [{ skuId: fx.skuId, quantity: 7, override: { discountCents: 7, reason: 'odd cents' } }], tenders: [{ kind: 'cash', tenderedCents: 1_000_000 }] });
    const line = sale.order.lines[0];
    const charged = Object.fromEntries((line.taxes as Array<{ label: string; amountCents: number }>).map((t) => [t.label, t.amountCents]));
    expect(Object.keys(charged)).toHaveLength(2);
    const reversed: Record<string, number> = {};
    let refunded = 0;
    for (let i = 0; i < 7; i++) {
      const r = await returnOf(sale.order.id, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'one at a time', refundTo: 'original' });
      expect(r.statusCode, r.body).toBe(201);
      refunded += r.json().refundCents;
      const printed = await returnReceipt(sale.order.id, r.json().returnId);
      const taxes = taxesOn(printedLines(printed.rawPayload));
      expect(Object.values(taxes).reduce((a, b) => a + b, 0)).toBe(-r.json().taxRefundCents);
      for (const [label, amount] of Object.entries(taxes)) reversed[label] = (reversed[label] ?? 0) - amount;
    }
    expect(refunded).toBe(sale.order.totalCents);
    expect(reversed).toEqual(charged);
  });

  it('split tenders (gift card, card, cash): returns go to the last tender first, never more to one than it paid, and add up to what was paid', async () => {
    const card = (await server.request({ method: 'POST', url: '/v1/gift-cards', cookie: manager, body: { amountCents: 3000 } })).json();
    const sale = await posSale({
      customerId: buyers[1],
      lines: [{ skuId: fx.skuId, quantity: 3 }],
      tenders: [{ kind: 'gift_card', amountCents: 3000, giftCardCode: card.code }, { kind: 'terminal', amountCents: 5000, terminalReference: 'TRM-1', cardLast4: '4242' }, { kind: 'cash', tenderedCents: 100_000 }],
    });
    const paid = new Map<string, number>((sale.payments as Array<{ id: string; amountCents: number }>).map((p) => [p.id, p.amountCents]));
    const refunded = new Map<string, number>();
    const kindOf = new Map<string, string>((sale.payments as Array<{ id: string; kind?: string; provider?: string }>).map((p) => [p.id, p.kind ?? p.provider ?? '']));
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await returnOf(sale.order.id, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'one at a time', refundTo: 'original' });
      expect(r.statusCode, r.body).toBe(201);
      for (const part of r.json().refunds) if (order.at(-1) !== kindOf.get(part.paymentId)) order.push(kindOf.get(part.paymentId)!);
      for (const part of r.json().refunds) {
        expect(part.error).toBeUndefined();
        refunded.set(part.paymentId, (refunded.get(part.paymentId) ?? 0) + part.amountCents);
      }
    }
    expect(refunded).toEqual(paid);
    expect(order).toEqual(['cash', 'terminal', 'gift_card']);
    const balance = (await server.request({ method: 'POST', url: '/v1/gift-cards/balance', cookie: manager, body: { code: card.code } })).json();
    expect(balance.balanceCents).toBe(3000);
  });

  it('a walk-in’s return to store credit is refused at body.refundTo and changes nothing', async () => {
    const sale = await posSale({ customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
    const r = await returnOf(sale.order.id, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'no receipt', refundTo: 'store_credit' });
    expect(refusal(r)).toEqual({ status: 422, code: 'STORE_CREDIT_NEEDS_CUSTOMER', path: ['body', 'refundTo'] });
    const db = server.platform.database.db;
    expect(await db.selectFrom('sales_return').select('id').where('order_id', '=', sale.order.id).execute()).toHaveLength(0);
    expect(Number((await db.selectFrom('sales_order_line').select('returned_quantity').where('order_id', '=', sale.order.id).executeTakeFirstOrThrow()).returned_quantity)).toBe(0);
  });

  it('a void is judged by the store’s day: a sale a minute before the store’s midnight is not voided after it', async () => {
    const db = server.platform.database.db;
    const store = await db.selectFrom('store').select('timezone').where('id', '=', fx.storeId).executeTakeFirstOrThrow();
    const midnight = await sql<{ at: Date }>`select (date_trunc('day', now() at time zone ${store.timezone}) at time zone ${store.timezone}) as at`.execute(db);
    const before = new Date(midnight.rows[0].at.getTime() - 60_000);
    const sale = await posSale({ customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
    await sql`update sales_order set completed_at = ${before}, placed_at = ${before} where id = ${sale.order.id}`.execute(db);
    const voided = await server.request({ method: 'POST', url: `/v1/orders/${sale.order.id}/void`, cookie: manager, body: { reason: 'rang up twice' } });
    expect(refusal(voided)).toMatchObject({ status: 409, code: 'VOID_NOT_SAME_DAY' });
    const after = new Date(midnight.rows[0].at.getTime() + 60_000);
    if (after.getTime() < Date.now()) {
      await sql`update sales_order set completed_at = ${after}, placed_at = ${after} where id = ${sale.order.id}`.execute(db);
      const ok = await server.request({ method: 'POST', url: `/v1/orders/${sale.order.id}/void`, cookie: manager, body: { reason: 'rang up twice' } });
      expect(ok.statusCode, ok.body).toBe(201);
    }
  });

  it('customer and product text is escaped in the HTML receipt and folded to printable ASCII within the paper’s width on ESC/POS', async () => {
    const sale = await posSale({ customerId: buyers[2], lines: [{ skuId: fx.skuId, quantity: 2 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
    const title = '<img src=x onerror=alert(1)> Crème brûlée “Kush” — 大麻 Ünïcödé \u001b@ '.repeat(3);
    await sql`update sales_order_line set title = ${title} where order_id = ${sale.order.id}`.execute(server.platform.database.db);
    const r = await returnOf(sale.order.id, { lines: [{ lineNo: 0, quantity: 1, restock: 'quarantine' }], reason: '<script>alert("x")</script> opened', refundTo: 'original' });
    expect(r.statusCode, r.body).toBe(201);
    const html = (await returnReceipt(sale.order.id, r.json().returnId, 'html')).body;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
    for (const width of [42, 48]) {
      for (const path of [`/v1/orders/${sale.order.id}/receipt`, `/v1/orders/${sale.order.id}/returns/${r.json().returnId}/receipt`]) {
        const bytes = (await server.request({ method: 'GET', url: `${path}?format=escpos&width=${width}`, cookie: manager })).rawPayload;
        const lines = printedLines(bytes);
        for (const l of lines) {
          expect(l.length, l).toBeLessThanOrEqual(width);
          expect(/^[\x20-\x7e]*$/.test(l), l).toBe(true);
        }
        expect(lines.join('\n')).toContain('Creme brulee "Kush" -');
      }
    }
  });

  it('a return after a price override gives back what was paid for those units, not the shelf price', async () => {
    const sale = await posSale({ customerId: buyers[3], lines: [{ skuId: fx.skuId, quantity: 3, override: { unitPriceCents: 1999, reason: 'damaged box' } }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
    const line = sale.order.lines[0];
    expect(line.unitPriceCents).toBe(1999);
    const a = await returnOf(sale.order.id, { lines: [{ lineNo: 0, quantity: 2, restock: 'sellable' }], reason: 'changed mind', refundTo: 'store_credit' });
    expect(a.statusCode, a.body).toBe(201);
    const b = await returnOf(sale.order.id, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'changed mind', refundTo: 'store_credit' });
    expect(b.statusCode, b.body).toBe(201);
    expect(a.json().refundCents + b.json().refundCents).toBe(sale.order.totalCents);
    expect(a.json().refundCents - a.json().taxRefundCents).toBe(Math.floor((line.totalCents * 2) / 3));
  });

  it('grams sold by weight come back in milligrams: part to quarantine, part to the shelf, the limit credited by the grams returned', async () => {
    const db = server.platform.database.db;
    const bulk = await stockedSku(db, server.organizationId, { code: 'RR-SD-1G', quantity: 20_000 });
    await sql`update inventory_package set unit = 'mg' where id = ${bulk.packageId}`.execute(db);
    const sale = await posSale({ customerId: buyers[0], lines: [{ skuId: bulk.skuId, quantity: 5 }], tenders: [{ kind: 'cash', tenderedCents: 1_000_000 }] });
    const onHand = async (code: string) =>
      Number(
        (
          await db
            .selectFrom('inventory_stock as s')
            .innerJoin('inventory_location as l', 'l.id', 's.location_id')
            .select('s.on_hand')
            .where('s.package_id', '=', bulk.packageId)
            .where('l.code', '=', code)
            .executeTakeFirst()
        )?.on_hand ?? 0,
      );
    expect(await onHand('sales_floor')).toBe(15_000);
    const a = await returnOf(sale.order.id, { lines: [{ lineNo: 0, quantity: 2, restock: 'quarantine' }], reason: 'opened bag', refundTo: 'original' });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json().lines[0].packages).toEqual([{ packageLabel: bulk.packageLabel, quantity: 2000, locationCode: 'quarantine' }]);
    const b = await returnOf(sale.order.id, { lines: [{ lineNo: 0, quantity: 3, restock: 'sellable' }], reason: 'sealed', refundTo: 'original' });
    expect(b.statusCode, b.body).toBe(201);
    expect(await onHand('sales_floor')).toBe(18_000);
    expect(await onHand('quarantine')).toBe(2_000);
    expect(a.json().refundCents + b.json().refundCents).toBe(sale.order.totalCents);
    const usage = await db.selectFrom('purchase_usage_line').select(['quantity', 'credited_quantity']).where('order_id', '=', sale.order.id).executeTakeFirstOrThrow();
    expect(Number(usage.credited_quantity)).toBe(Number(usage.quantity));
    const event = await db.selectFrom('outbox_event').select('payload').where('aggregate_id', '=', sale.order.id).where('type', '=', 'orders.order.returned').orderBy('id').execute();
    expect(event.map((e) => (e.payload as { lines: Array<{ quantity: number; unit: string }> }).lines.map((l) => [l.quantity, l.unit]))).toEqual([[[2, 'g']], [[3, 'g']]]);
  });

  it('a return marked sellable whose shelf was retired since says where the goods went (the vault, where nothing sells them)', async () => {
    const db = server.platform.database.db;
    const own = await stockedSku(db, server.organizationId, { code: 'HH-BD-35', quantity: 2 });
    const display = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/locations`, cookie: manager, body: { code: `disp_${uuidv7().slice(-6)}`, name: 'Pop-up shelf', kind: 'display', sellable: true } });
    expect(display.statusCode, display.body).toBe(201);
    const moved = await server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/packages/${own.packageLabel}/move`, cookie: manager, body: { fromLocationCode: 'sales_floor', toLocationCode: display.json().code, quantity: 2 } });
    expect(moved.statusCode, moved.body).toBe(200);
    const sale = await posSale({ customerId: buyers[1], lines: [{ skuId: own.skuId, quantity: 2, packageLabel: own.packageLabel }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
    const retired = await server.request({ method: 'PATCH', url: `/v1/stores/${fx.storeId}/locations/${display.json().id}`, cookie: manager, body: { active: false } });
    expect(retired.statusCode, retired.body).toBe(200);
    const r = await returnOf(sale.order.id, { lines: [{ lineNo: 0, quantity: 2, restock: 'sellable' }], reason: 'sealed, unopened', refundTo: 'original' });
    expect(r.statusCode, r.body).toBe(201);
    const where = await db
      .selectFrom('inventory_stock as s')
      .innerJoin('inventory_location as l', 'l.id', 's.location_id')
      .select(['l.code', 's.on_hand'])
      .where('s.package_id', '=', own.packageId)
      .where('s.on_hand', '>', 0)
      .execute();
    expect(where.map((w) => ({ code: w.code, onHand: Number(w.on_hand) }))).toEqual([{ code: 'vault', onHand: 2 }]);
    expect(r.json().lines[0].packages).toEqual([{ packageLabel: own.packageLabel, quantity: 2, locationCode: 'vault' }]);
    const stored = await db.selectFrom('sales_return').select('lines').where('id', '=', r.json().returnId).executeTakeFirstOrThrow();
    expect((stored.lines as Array<{ packages: unknown[] }>)[0].packages).toEqual([{ packageLabel: own.packageLabel, quantity: 2, locationCode: 'vault' }]);
  });

  it('a Washington patient’s return says the excise exemption as the sale did, not as a discount, and the lines add up', async () => {
    const owner = await server.login('owner');
    const { storeId: spokane, patientId } = await washingtonPatientAtStore(server, owner, fx.skuId, { storeName: 'Returns Spokane', cardNumber: 'WA-REG-11223344' });
    const sold = await server.request({ method: 'POST', url: `/v1/stores/${spokane}/pos-sales`, cookie: owner, body: { id: uuidv7(), customerId: patientId, lines: [{ skuId: fx.skuId, quantity: 3 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] } });
    expect(sold.statusCode, sold.body).toBe(201);
    const sale = sold.json();
    const line = sale.order.lines[0];
    expect(line.totalCents).toBeLessThan(line.grossCents - line.discountCents);
    const r = await server.request({ method: 'POST', url: `/v1/orders/${sale.order.id}/returns`, cookie: owner, body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: 'wrong strain', refundTo: 'original' } });
    expect(r.statusCode, r.body).toBe(201);
    const printed = await server.request({ method: 'GET', url: `/v1/orders/${sale.order.id}/returns/${r.json().returnId}/receipt?format=escpos`, cookie: owner });
    const lines = printedLines(printed.rawPayload);
    const on = (label: string) => cents(lines.find((l) => l.trimStart().startsWith(label))!);
    expect(lines.some((l) => l.trimStart().startsWith('Discount'))).toBe(false);
    expect(on('-1 x $100.00') + on('Tax exemption')).toBe(on('Line total'));
    expect(on('Line total')).toBe(-(r.json().refundCents - r.json().taxRefundCents));
  });
});
