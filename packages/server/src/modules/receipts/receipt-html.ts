// Print- and e-mail-friendly HTML. Tables rather than flexbox because e-mail clients still render
// tables most reliably; the CSS fits the 72 mm printable width of 80 mm thermal paper.
import type { ReceiptData } from './receipt-data.ts';
import { receiptRows, type ReceiptRow } from './receipt-sections.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
@page { size: 80mm auto; margin: 4mm; }
body { margin: 0; background: #fff; color: #000; }
.receipt { width: 72mm; max-width: 100%; margin: 0 auto; font: 12px/1.35 "Courier New", Courier, monospace; }
.receipt table { width: 100%; border-collapse: collapse; }
.receipt td { padding: 0; vertical-align: top; word-break: break-word; }
.receipt .r { text-align: right; white-space: nowrap; padding-left: 2mm; }
.receipt .c { text-align: center; }
.receipt .b { font-weight: bold; }
.receipt .h { font-size: 16px; font-weight: bold; text-align: center; padding-bottom: 1mm; }
.receipt .s { height: 10mm; }
.receipt .sig { display: block; max-width: 100%; max-height: 25mm; margin: 1mm auto; }
.receipt hr { border: 0; border-top: 1px dashed #000; margin: 1.5mm 0; }
`.trim();

function indentStyle(indent: number | undefined): string {
  return indent ? ` style="padding-left:${indent}ch"` : '';
}

function rowHtml(row: ReceiptRow): string {
  switch (row.type) {
    case 'heading':
      return `<tr><td colspan="2" class="h">${escapeHtml(row.text)}</td></tr>`;
    case 'center':
      return `<tr><td colspan="2" class="c${row.bold ? ' b' : ''}">${escapeHtml(row.text)}</td></tr>`;
    case 'text':
      return `<tr><td colspan="2"${indentStyle(row.indent)}>${escapeHtml(row.text)}</td></tr>`;
    case 'pair': {
      const b = row.bold ? ' class="b"' : '';
      return `<tr${b}><td${indentStyle(row.indent)}>${escapeHtml(row.left)}</td><td class="r">${escapeHtml(row.right)}</td></tr>`;
    }
    case 'rule':
      return '<tr><td colspan="2"><hr></td></tr>';
    case 'space':
      return '<tr><td colspan="2" class="s"></td></tr>';
    case 'image':
      return `<tr><td colspan="2"><img class="sig" src="${escapeHtml(row.src)}" alt="${escapeHtml(row.alt)}"></td></tr>`;
  }
}

/** A complete HTML document; every piece of text from the data is escaped. */
export function renderReceiptHtml(data: ReceiptData): string {
  const body = receiptRows(data).map(rowHtml).join('\n');
  const title =
    data.order.kind === 'gift_card'
      ? `${data.store.name} - gift card`
      : `${data.store.name} - ${data.order.kind === 'delivery_request' ? 'delivery request' : 'order'} ${data.order.number}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<div class="receipt"><table>\n${body}\n</table></div>`,
    '</body></html>',
  ].join('\n');
}
