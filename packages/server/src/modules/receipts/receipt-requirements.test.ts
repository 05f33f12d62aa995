// A receipt laid out from what the jurisdiction requires (ReceiptData.requires): the signature
// room, the order time, item lines spelled out, weights; and nothing of it when nothing is required.
import { describe, expect, it } from 'vitest';
import type { ReceiptData } from './receipt-data.ts';
import { renderReceiptEscPos } from './receipt-escpos.ts';
import { renderReceiptHtml } from './receipt-html.ts';
import { formatWeight } from './receipt-text.ts';
import { sampleReceipt } from './sample-receipt.ts';

const printed = (data: ReceiptData, width: 42 | 48 = 42) =>
  Buffer.from(renderReceiptEscPos(data, { width }))
    .toString('latin1')
    .replace(/\x1b[\x45\x61\x74]./g, '')
    .replace(/\x1b\x40/g, '')
    .replace(/\x1d\x21./g, '')
    .replace(/\x1d\x56../g, '')
    .split('\n');

function deliveryReceipt(): ReceiptData {
  const data = sampleReceipt();
  data.order = { ...data.order, channel: 'delivery', placedAt: '2025-11-15T19:40:00Z' };
  data.customer = { firstName: 'Jane', number: '0193a6f2-7c1e-7a9b-8e2f-5d4c3b2a1f00' };
  data.lines[0].weightMg = 7000;
  data.requires = ['customerFirstName', 'customerNumber', 'itemWeight', 'dateTime', 'total', 'signatureLine', 'taxesStatedSeparately'];
  return data;
}

describe('receipts laid out from the jurisdiction’s requirements', () => {
  it.each([
    [0, '0 g'],
    [500, '0.5 g'],
    [3500, '3.5 g'],
    [28_500, '28.5 g'],
    [1_000_001, '1,000.001 g'],
  ])('formatWeight(%i) = %s', (mg, text) => expect(formatWeight(mg)).toBe(text));

  it.each([42, 48] as const)('a delivery request receipt at %i columns: first name as given, number in full, weight, both times, room to sign', (width) => {
    const lines = printed(deliveryReceipt(), width);
    expect(lines.every((l) => l.length <= width)).toBe(true);
    expect(lines).toContain(`Customer${' '.repeat(width - 12)}Jane`);
    expect(lines.some((l) => l.endsWith('0193a6f2-7c1e-7a9b-8e2f-5d4c3b2a1f00'))).toBe(true);
    expect(lines).toContain('  Net wt 7 g');
    expect(lines.some((l) => /^Ordered +2025-11-15 11:40 PST$/.test(l))).toBe(true);
    expect(lines.some((l) => /^Delivered +2025-11-15 14:05 PST$/.test(l))).toBe(true);
    const at = lines.indexOf('Received by the customer (signature):');
    expect(lines.slice(at + 1, at + 4)).toEqual(['', '', 'X' + '_'.repeat(35)]);
  });

  it('a sale the pack asks the educational handout for says it was given, on paper and in HTML; other sales do not', () => {
    const withHandout = { ...sampleReceipt(), requires: ['educationalHandout'] } as ReceiptData;
    expect(printed(withHandout).join(' ').replace(/\s+/g, ' ')).toContain("The state's educational handout was given with this sale.");
    expect(renderReceiptHtml(withHandout)).toContain('educational handout was given');
    expect(renderReceiptHtml(sampleReceipt())).not.toContain('educational handout');
  });

  it('HTML carries the same and leaves room to sign', () => {
    const html = renderReceiptHtml(deliveryReceipt());
    for (const text of ['Jane', 'Customer no.', 'Net wt 7 g', 'Ordered', 'Delivered', 'Received by the customer (signature):', 'X___']) expect(html).toContain(text);
    expect(html).toContain('class="s"');
  });

  it('a signed receipt prints who signed and when in place of the blank line: HTML with the image (escaped), ESC/POS as text only', () => {
    const data = { ...deliveryReceipt(), signature: { printedName: 'Jane <b>Doe</b>', signedAt: '2025-11-15T22:05:00Z', pngBase64: 'iVBORw0KGgo=' } };
    const html = renderReceiptHtml(data);
    expect(html).toContain('Signed by Jane &lt;b&gt;Doe&lt;/b&gt; at 2025-11-15 14:05 PST');
    expect(html).toContain('<img class="sig" src="data:image/png;base64,iVBORw0KGgo=" alt="Signature of Jane &lt;b&gt;Doe&lt;/b&gt;">');
    expect(html).not.toContain('X___');
    const lines = printed(data);
    expect(lines.join(' ')).toContain('Signed by Jane <b>Doe</b> at 2025-11-15 14:05 PST');
    expect(lines.every((l) => l.length <= 42)).toBe(true);
    expect(lines.join('\n')).not.toContain('iVBOR');
    expect(lines).not.toContain('X' + '_'.repeat(35));
    // The customer's data erased: when, not by whom.
    const erased = printed({ ...data, signature: { signedAt: data.signature.signedAt } }).join('\n');
    expect(erased).toContain('Signed at 2025-11-15 14:05 PST');
    expect(erased).not.toContain('Signed by');
    expect(erased).not.toContain('Doe');
  });

  it('a delivery request receipt, before the door: its own title, the time it was printed, the cash still due', () => {
    const data = deliveryReceipt();
    data.order = { ...data.order, kind: 'delivery_request' };
    data.tenders = [{ kind: 'cash', tenderedCents: 5_000, changeCents: 0 }];
    const text = printed(data).join('\n');
    expect(text).toContain('DELIVERY REQUEST RECEIPT');
    expect(text).toMatch(/^Printed +2025-11-15 14:05 PST$/m);
    expect(text).not.toContain('Delivered');
    expect(text).toMatch(/^Cash due at the door +\$50\.00$/m);
    expect(text).not.toContain('Change due');
    expect(text).toContain('X' + '_'.repeat(35));
  });

  it('item lines spelled out where each item’s quantity and price are required', () => {
    const data = sampleReceipt();
    data.requires = ['itemQuantityAndPrice'];
    const lines = printed(data);
    expect(lines.some((l) => /^ {2}Qty 2 @ \$40\.00 each +\$80\.00$/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('2 x $40.00'))).toBe(false);
  });

  it('without requirements the receipt is as before: masked name, no number, no weights, no order time, no signature', () => {
    const data = sampleReceipt();
    data.customer = { ...data.customer, number: undefined };
    const text = printed(data).join('\n');
    expect(text).toContain('Jane D.');
    expect(text).toContain('2 x $40.00');
    expect(text).toMatch(/^Date +/m);
    for (const absent of ['Ordered', 'Delivered', 'Net wt', 'signature', 'Customer no.']) expect(text).not.toContain(absent);
    // The order time prints only when the jurisdiction asks for it, even when the data has it.
    expect(printed({ ...data, order: { ...data.order, placedAt: '2025-11-15T19:40:00Z' } }).join('\n')).not.toContain('Ordered');
  });
});
