// ESC/POS bytes for 80 mm thermal printers (42 columns in font A on most 72 mm heads, 48 on
// others). Only printable ASCII is ever sent as text, so a product name cannot smuggle in a
// printer command and the receipt prints the same whatever code page the printer is set to.
import type { ReceiptData } from './receipt-data.ts';
import { receiptRows, type ReceiptRow } from './receipt-sections.ts';
import { toPrinterAscii } from './receipt-text.ts';

export interface EscPosOptions {
  width: 42 | 48;
}

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

export const ESCPOS = {
  init: [ESC, 0x40],
  /** Code page 0 (PC437); we only send ASCII, but a known state beats whatever the last job left. */
  codePage: [ESC, 0x74, 0x00],
  boldOn: [ESC, 0x45, 0x01],
  boldOff: [ESC, 0x45, 0x00],
  alignLeft: [ESC, 0x61, 0x00],
  alignCenter: [ESC, 0x61, 0x01],
  doubleSize: [GS, 0x21, 0x11],
  normalSize: [GS, 0x21, 0x00],
  /** Feed to the cutter and partial cut (function B), so the last line is not cut through. */
  cut: [GS, 0x56, 0x42, 0x03],
} as const;

/** Word-wrap to `width` columns; words longer than a line are split. Every line has `indent` spaces first. */
export function wrap(text: string, width: number, indent = 0): string[] {
  const room = Math.max(1, width - indent);
  const pad = ' '.repeat(Math.min(indent, width - 1));
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ').filter((w) => w.length > 0)) {
    let w = word;
    while (w.length > room) {
      if (current) {
        lines.push(current);
        current = '';
      }
      lines.push(w.slice(0, room));
      w = w.slice(room);
    }
    if (!current) current = w;
    else if (current.length + 1 + w.length <= room) current += ' ' + w;
    else {
      lines.push(current);
      current = w;
    }
  }
  if (current || lines.length === 0) lines.push(current);
  return lines.map((l) => pad + l);
}

/** Label on the left, amount flush right on the last line; the label wraps if it must. */
export function pairLines(left: string, right: string, width: number, indent = 0): string[] {
  if (right.length >= width) return [...wrap(left, width, indent), ...wrap(right, width)];
  const room = width - right.length - 1;
  if (room - indent < 6) return [...wrap(left, width, indent), right.padStart(width)];
  const lines = wrap(left, room, indent);
  const last = lines.pop()!;
  return [...lines, last + ' '.repeat(width - last.length - right.length) + right];
}

function center(line: string, width: number): string {
  // The printer centres (ESC a 1); trailing spaces would shift it, so trim.
  return line.trim().slice(0, width);
}

class Bytes {
  private readonly parts: number[] = [];
  cmd(bytes: readonly number[]): this {
    this.parts.push(...bytes);
    return this;
  }
  line(text: string): this {
    for (let i = 0; i < text.length; i++) this.parts.push(text.charCodeAt(i));
    this.parts.push(LF);
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

function emit(out: Bytes, row: ReceiptRow, width: number): void {
  switch (row.type) {
    case 'heading': {
      // Double width halves the columns.
      out.cmd(ESCPOS.alignCenter).cmd(ESCPOS.boldOn).cmd(ESCPOS.doubleSize);
      for (const l of wrap(toPrinterAscii(row.text), Math.floor(width / 2))) out.line(center(l, Math.floor(width / 2)));
      out.cmd(ESCPOS.normalSize).cmd(ESCPOS.boldOff).cmd(ESCPOS.alignLeft);
      return;
    }
    case 'center': {
      out.cmd(ESCPOS.alignCenter);
      if (row.bold) out.cmd(ESCPOS.boldOn);
      for (const l of wrap(toPrinterAscii(row.text), width)) out.line(center(l, width));
      if (row.bold) out.cmd(ESCPOS.boldOff);
      out.cmd(ESCPOS.alignLeft);
      return;
    }
    case 'text':
      for (const l of wrap(toPrinterAscii(row.text), width, row.indent ?? 0)) out.line(l);
      return;
    case 'pair': {
      if (row.bold) out.cmd(ESCPOS.boldOn);
      for (const l of pairLines(toPrinterAscii(row.left), toPrinterAscii(row.right), width, row.indent ?? 0)) out.line(l);
      if (row.bold) out.cmd(ESCPOS.boldOff);
      return;
    }
    case 'rule':
      out.line('-'.repeat(width));
      return;
    case 'space':
      out.line('').line('');
      return;
    case 'image':
      // Text only: the printed name and the time under it say who signed.
      return;
  }
}

export function renderReceiptEscPos(data: ReceiptData, options: EscPosOptions = { width: 42 }): Uint8Array {
  const width = options.width;
  const out = new Bytes().cmd(ESCPOS.init).cmd(ESCPOS.codePage).cmd(ESCPOS.alignLeft);
  for (const row of receiptRows(data)) emit(out, row, width);
  return out.cmd([LF, LF]).cmd(ESCPOS.cut).done();
}
