import { describe, expect, it } from 'vitest';
import type { ReceiptData } from './receipt-data.ts';
import { renderReceiptHtml } from './receipt-html.ts';
import { receiptRows } from './receipt-sections.ts';
import { sampleReceipt } from './sample-receipt.ts';

function cashOnly(tender: ReceiptData['tenders'][number]): ReceiptData {
  return { ...sampleReceipt(), tenders: [tender] };
}

describe('cash on the receipt', () => {
  it('prints the store’s cash rounding, so the cash less the change is the total plus the rounding', () => {
    // $117.10 rounded to 25¢ is $117.00: $120.00 handed over, $3.00 back.
    const rows = receiptRows(cashOnly({ kind: 'cash', tenderedCents: 12_000, changeCents: 300, roundingCents: -10 }));
    const pairs = rows.flatMap((r) => (r.type === 'pair' ? [[r.left, r.right]] : []));
    expect(pairs).toContainEqual(['Cash rounding', '-$0.10']);
    expect(pairs.map(([left]) => left).slice(-5, -2)).toEqual(['Cash rounding', 'Cash', 'Change due']);
    expect(renderReceiptHtml(cashOnly({ kind: 'cash', tenderedCents: 12_000, changeCents: 300, roundingCents: -10 }))).toContain('Cash rounding');
  });

  it('prints no rounding line when nothing was rounded, and no change on cash paid back', () => {
    const sale = receiptRows(cashOnly({ kind: 'cash', tenderedCents: 12_000, changeCents: 290, roundingCents: 0 }));
    expect(sale.some((r) => r.type === 'pair' && r.left === 'Cash rounding')).toBe(false);
    const refund = receiptRows({ ...cashOnly({ kind: 'cash', tenderedCents: -5_345, changeCents: 0, roundingCents: 1 }), order: { ...sampleReceipt().order, kind: 'return' } });
    const pairs = refund.flatMap((r) => (r.type === 'pair' ? [r.left] : []));
    expect(pairs).toContain('Cash');
    expect(pairs).not.toContain('Change due');
  });
});
