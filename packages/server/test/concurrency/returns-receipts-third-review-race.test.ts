// PostgreSQL only: one-unit returns of one line sent at once, from several registers. However
// they interleave, the units come back once each, and the taxes their receipts give back add up,
// tax by tax, to what the sale charged: the excise reversed on paper is the excise collected.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';
import { printedLines } from '../support/escpos-text';

const SOLD = 7;

/** The tax lines printed between Subtotal and Total tax/TOTAL of an ESC/POS receipt, by label, in cents. */
function printedTaxes(bytes: Buffer): Record<string, number> {
  const lines = printedLines(bytes);
  const from = lines.findIndex((l) => l.startsWith('Subtotal '));
  const to = lines.findIndex((l) => l.startsWith('Total tax ') || l.startsWith('TOTAL '));
  const amount = /\s+(-?)\$([\d,]+)\.(\d\d)$/;
  return Object.fromEntries(
    lines.slice(from + 1, to).map((l) => {
      const m = amount.exec(l)!;
      return [l.replace(amount, ''), (m[1] ? -1 : 1) * (Number(m[2].replace(/,/g, '')) * 100 + Number(m[3]))];
    }),
  );
}

describe('one-unit returns of one line at once (PostgreSQL): receipts give back each tax as charged', () => {
  let server: TestServer;
  let cookie: string;
  let fx: CheckoutFixture;
  let buyer: string;

  beforeAll(async () => {
    server = await startTestServer();
    cookie = await server.login('manager');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
    [buyer] = await customers(server.platform.database.db, server.organizationId, 1);
  });
  afterAll(() => server.close());

  it(`12 one-unit returns of a ${SOLD}-unit line at once: ${SOLD} booked, the refunds are what was paid, each tax on the receipts is what the sale charged`, async () => {
    const sold = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie,
      body: { id: uuidv7(), customerId: buyer, lines: [{ skuId: fx.skuId, quantity: SOLD, override: { discountCents: 7, reason: 'odd cents' } }], tenders: [{ kind: 'cash', tenderedCents: 1_000_000 }] },
    });
    expect(sold.statusCode, sold.body).toBe(201);
    const order = sold.json().order as { id: string; totalCents: number; lines: Array<{ taxes: Array<{ label: string; amountCents: number }> }> };
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        server.request({ method: 'POST', url: `/v1/orders/${order.id}/returns`, cookie, body: { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: `one of many ${i}`, refundTo: 'original' } }),
      ),
    );
    const booked = results.filter((r) => r.statusCode === 201).map((r) => r.json() as { returnId: string; refundCents: number; taxRefundCents: number });
    expect(booked).toHaveLength(SOLD);
    for (const r of results.filter((x) => x.statusCode !== 201)) expect(r.json().error.code).toBe('RETURN_EXCEEDS_SALE');
    expect(booked.reduce((s, r) => s + r.refundCents, 0)).toBe(order.totalCents);

    const reversed: Record<string, number> = {};
    for (const r of booked) {
      const printed = await server.request({ method: 'GET', url: `/v1/orders/${order.id}/returns/${r.returnId}/receipt?format=escpos`, cookie });
      expect(printed.statusCode).toBe(200);
      const taxes = printedTaxes(printed.rawPayload);
      expect(Object.values(taxes).reduce((a, b) => a + b, 0)).toBe(-r.taxRefundCents);
      for (const [label, cents] of Object.entries(taxes)) reversed[label] = (reversed[label] ?? 0) - cents;
    }
    expect(reversed).toEqual(Object.fromEntries(order.lines[0].taxes.map((t) => [t.label, t.amountCents])));
  });
});
