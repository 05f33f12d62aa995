// What a thermal printer would print from Verdant's ESC/POS bytes: the text lines, with the
// printer's commands (initialise, bold, alignment, code page, size, cut) taken out.
export function printedLines(bytes: Buffer): string[] {
  return bytes
    .toString('latin1')
    .replace(/\x1b[\x45\x61\x74]./g, '')
    .replace(/\x1b\x40/g, '')
    .replace(/\x1d\x21./g, '')
    .replace(/\x1d\x56../g, '')
    .split('\n');
}
