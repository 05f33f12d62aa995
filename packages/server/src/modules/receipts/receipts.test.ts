import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReceiptData } from './receipt-data.ts';
import { ESCPOS, pairLines, renderReceiptEscPos, wrap } from './receipt-escpos.ts';
import { renderReceiptHtml } from './receipt-html.ts';
import { formatCents, maskName, maskReference, toPrinterAscii } from './receipt-text.ts';
import { sampleReceipt } from './sample-receipt.ts';

/** Turn ESC/POS bytes back into printed lines, dropping the commands this renderer uses. */
function decode(bytes: Uint8Array): { lines: { text: string; double: boolean }[]; stray: number[] } {
  const lines: { text: string; double: boolean }[] = [];
  const stray: number[] = [];
  let text = '';
  let double = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x1b && bytes[i + 1] === 0x40) i += 1;
    else if (b === 0x1b && [0x45, 0x61, 0x74].includes(bytes[i + 1])) i += 2;
    else if (b === 0x1d && bytes[i + 1] === 0x21) {
      double = bytes[i + 2] !== 0;
      i += 2;
    } else if (b === 0x1d && bytes[i + 1] === 0x56) i += 3;
    else if (b === 0x0a) {
      lines.push({ text, double });
      text = '';
    } else if (b >= 0x20 && b <= 0x7e) text += String.fromCharCode(b);
    else stray.push(b);
  }
  return { lines, stray };
}

function hostile(): ReceiptData {
  const d = sampleReceipt();
  d.store.name = 'Bad <b>Store</b> & "Co"';
  d.lines[0].name = '<script>alert("x")</script> Grape Ape\u001b@\u001dV\u0000 Café — ½ oz “premium” 🌿';
  d.footerLines.push("<img src=x onerror='steal()'>");
  return d;
}

describe('receipt text helpers', () => {
  it.each([
    [0, '$0.00'],
    [5, '$0.05'],
    [123456789, '$1,234,567.89'],
    [-2000, '-$20.00'],
  ])('formatCents(%i) = %s', (cents, text) => expect(formatCents(cents)).toBe(text));

  it('masks customers', () => {
    expect(maskName('Jane Q. Doe')).toBe('Jane D.');
    expect(maskName('Cher')).toBe('Cher');
    expect(maskReference('415 555 0123')).toBe('****0123');
    expect(maskReference('123')).toBe('****');
  });

  it('folds text to printable ASCII and drops control bytes', () => {
    expect(toPrinterAscii('Café “OG” – ½ oz… 🌿\u001b@')).toBe('Cafe "OG" - 1/2 oz... ?@');
    expect(toPrinterAscii('Ünïcödé Straße')).toBe('Unicode Strasse');
  });

  it('prints a decomposed accent as its letter, drops invisible format characters, spaces line separators', () => {
    // "Café" typed as e + combining acute (macOS, pasted text) printed "Cafe?"; a zero-width space,
    // soft hyphen or byte-order mark pasted into a name printed "?" in the middle of a word.
    expect(toPrinterAscii('Cafe\u0301 Ve\u0301ronique')).toBe('Cafe Veronique');
    expect(toPrinterAscii('Blue\u200bDream Pre\u00adRoll\ufeff')).toBe('BlueDream PreRoll');
    expect(toPrinterAscii('\u0301')).toBe('');
    expect(toPrinterAscii('Line\u2028two\u2029three')).toBe('Line two three');
  });

  it('wraps and aligns within the width', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('abcdefghijkl', 5, 2)).toEqual(['  abc', '  def', '  ghi', '  jkl']);
    expect(pairLines('Subtotal', '$95.50', 20)).toEqual(['Subtotal      $95.50']);
    expect(pairLines('A rather long discount label', '-$1.00', 20, 2)).toEqual(['  A rather', '  long', '  discount', '  label       -$1.00']);
    expect(pairLines('Budtender', 'A name far too long for the line', 20)).toEqual(['Budtender', 'A name far too long', 'for the line']);
  });
});

describe('renderReceiptHtml', () => {
  const html = renderReceiptHtml(sampleReceipt());

  it('contains every required line', () => {
    for (const needle of [
      'Verdant Demo Dispensary',
      '1200 Market Street',
      'San Francisco, CA 94102',
      'License C10-0000123-LIC',
      'SALES RECEIPT',
      '#1042',
      '2025-11-15 14:05 PST',
      'In store',
      'Alex',
      'Jane D.',
      '****0123',
      'Blue Dream 3.5g Flower (Hybrid)',
      'Pkg 1A4060300002EE1000012345',
      '2 x $40.00',
      'Buy 1 get 1 50% off',
      '-$20.00',
      'Welcome 10% (WELCOME10)',
      'CA Cannabis Excise Tax 15%',
      '$12.30',
      'Sales Tax 8.625%',
      '$9.30',
      'Subtotal',
      '$95.50',
      'TOTAL',
      '$117.10',
      'Debit ****4242',
      'Terminal ref T-88213',
      'Change due',
      '$2.90',
      'Points earned',
      'GOVERNMENT WARNING',
      'The excise taxes are included in the total amount of this invoice.',
    ]) {
      expect(html, needle).toContain(needle);
    }
  });

  it('never prints the full card number or the customer in full', () => {
    expect(html).not.toContain('4242424242424242');
    expect(html).not.toContain('Doe');
    expect(html).not.toContain('4155550123');
  });

  it('is sized for 80 mm paper', () => {
    expect(html).toContain('size: 80mm auto');
    expect(html).toContain('width: 72mm');
  });

  it('escapes injected markup', () => {
    const h = renderReceiptHtml(hostile());
    expect(h).not.toMatch(/<script/i);
    expect(h).not.toMatch(/<img/i);
    expect(h).not.toContain('<b>Store');
    expect(h).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(h).toContain('Bad &lt;b&gt;Store&lt;/b&gt; &amp; &quot;Co&quot;');
    expect(h).toContain('onerror=&#39;steal()&#39;');
  });

  it('shows return references', () => {
    const d = sampleReceipt();
    d.order.kind = 'return';
    d.references = { returnOf: '1001', reason: 'Defective cartridge' };
    const h = renderReceiptHtml(d);
    expect(h).toContain('RETURN RECEIPT');
    expect(h).toContain('Return of order #1001');
    expect(h).toContain('Reason: Defective cartridge');
  });
});

describe('a gift card sold at the register', () => {
  function giftCardReceipt(): ReceiptData {
    const d = sampleReceipt();
    return {
      ...d,
      order: { id: '0193a6f2-7c1e-7a9b-8e2f-5d4c3b2a1f01', number: '', kind: 'gift_card', channel: 'in_store', completedAt: '2025-11-15T22:10:00Z' },
      budtender: undefined,
      customer: undefined,
      lines: [{ name: 'Gift card ****9012 (new card)', quantity: 1, unitPriceCents: 5000, discounts: [], lineTotalCents: 5000 }],
      promotions: [],
      subtotalCents: 5000,
      discountCents: 0,
      taxes: [],
      taxCents: 0,
      totalCents: 5000,
      tenders: [{ kind: 'cash', tenderedCents: 6000, changeCents: 1000 }],
      loyalty: undefined,
      giftCard: { last4: '6000123456789012', balanceCents: 5000 },
      footerLines: [],
    };
  }

  it('has its own title, the sale id instead of an order number, no tax, and the card’s balance (last four digits only)', () => {
    const { lines } = decode(renderReceiptEscPos(giftCardReceipt(), { width: 42 }));
    const text = lines.map((l) => l.text).join('\n');
    expect(text).toContain('GIFT CARD RECEIPT');
    expect(text).not.toContain('Order');
    expect(text).toContain('Sale ID\n0193a6f2-7c1e-7a9b-8e2f-5d4c3b2a1f01');
    expect(text).not.toMatch(/tax/i);
    expect(text).toContain(pairLines('Balance on ****9012', '$50.00', 42).join('\n'));
    expect(text).not.toContain('6000123456789012');
    expect(renderReceiptHtml(giftCardReceipt())).toContain('<title>Verdant Demo Dispensary - gift card</title>');
  });
});

describe('renderReceiptEscPos', () => {
  it.each([42, 48] as const)('starts with ESC @, ends with a cut, and fits %i columns', (width) => {
    const bytes = renderReceiptEscPos(hostile(), { width });
    expect([...bytes.slice(0, 2)]).toEqual([...ESCPOS.init]);
    expect([...bytes.slice(-4)]).toEqual([...ESCPOS.cut]);
    const { lines, stray } = decode(bytes);
    expect(stray).toEqual([]);
    for (const l of lines) expect(l.text.length * (l.double ? 2 : 1), l.text).toBeLessThanOrEqual(width);
    // The injected ESC @ / GS V in the product name reached the paper as text, not as commands.
    expect(bytes.filter((b, i) => b === 0x1b && bytes[i + 1] === 0x40)).toHaveLength(1);
  });

  it('aligns amounts flush right', () => {
    const { lines } = decode(renderReceiptEscPos(sampleReceipt(), { width: 48 }));
    const amountLines = lines.filter((l) => /\$[\d,]+\.\d\d$/.test(l.text));
    expect(amountLines.length).toBeGreaterThan(10);
    for (const l of amountLines) expect(l.text.length).toBe(48);
  });

  it('prints the total in bold and folds hostile names to safe text', () => {
    const bytes = renderReceiptEscPos(hostile(), { width: 42 });
    const text = String.fromCharCode(...bytes);
    expect(text).toContain(String.fromCharCode(...ESCPOS.boldOn) + 'TOTAL');
    const printed = decode(bytes).lines.map((l) => l.text).join(' ');
    expect(printed).toContain('Grape Ape@V Cafe - 1/2 oz "premium" ?');
  });

  it('pair lines never overflow and keep the amount flush right', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom(42, 48), fc.integer({ min: 0, max: 4 }), (left, right, width, indent) => {
        const l = toPrinterAscii(left);
        const r = toPrinterAscii(right).trim() || '$0.00';
        const lines = pairLines(l, r, width, indent);
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
        expect(lines[lines.length - 1].endsWith(r)).toBe(true);
        expect(lines[lines.length - 1].length).toBe(width);
      }),
    );
  });

  it('prints the sample receipt', () => {
    const { lines } = decode(renderReceiptEscPos(sampleReceipt(), { width: 42 }));
    expect(lines.map((l) => l.text).join('\n')).toBe(SAMPLE_42);
  });
});

const SAMPLE_42 = `Verdant Demo
Dispensary
1200 Market Street
San Francisco, CA 94102
(415) 555-0100
License C10-0000123-LIC
------------------------------------------
SALES RECEIPT
Order                                #1042
Date                  2025-11-15 14:05 PST
Channel                           In store
Budtender                             Alex
Customer                           Jane D.
Member                            ****0123
Order ID
0193a6f2-7c1e-7a9b-8e2f-5d4c3b2a1f00
------------------------------------------
Blue Dream 3.5g Flower (Hybrid)
  Pkg 1A4060300002EE1000012345
  2 x $40.00                        $80.00
  Buy 1 get 1 50% off              -$20.00
  Line total                        $60.00
Kiva Camino Gummies 100mg
  Pkg 1A4060300002EE1000067890
  1 x $22.00                        $22.00
Grinder
  1 x $15.00                        $15.00
  Welcome 10%                       -$1.50
  Line total                        $13.50
------------------------------------------
Promotions applied
  Buy 1 get 1 50% off              -$20.00
  Welcome 10% (WELCOME10)           -$1.50
You saved                           $21.50
Subtotal                            $95.50
CA Cannabis Excise Tax 15%          $12.30
Sales Tax 8.625%                     $9.30
Total tax                           $21.60
TOTAL                              $117.10
------------------------------------------
Debit ****4242                      $50.00
  Terminal ref T-88213
  Auth 083211
Cash                                $70.00
Change due                           $2.90
Points earned                           95
Points balance                        1280
------------------------------------------
GOVERNMENT WARNING: THIS PACKAGE CONTAINS
CANNABIS, A SCHEDULE I CONTROLLED
SUBSTANCE. KEEP OUT OF REACH OF CHILDREN
AND ANIMALS.
The excise taxes are included in the total
amount of this invoice.

`;
