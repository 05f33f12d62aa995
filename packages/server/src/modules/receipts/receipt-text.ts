// Text helpers shared by both renderers: money, masking, store-local time, and folding text
// to plain ASCII for thermal printers.

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  const dollars = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/** "Jane Q. Doe" → "Jane D."; staff see the customer, the receipt does not carry their full name. */
export function maskName(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '';
  if (parts.length === 1) return parts[0];
  return `${parts[0]} ${Array.from(parts[parts.length - 1])[0]}.`;
}

/** Keep the last four characters; never the whole reference. */
export function maskReference(reference: string): string {
  const compact = reference.replace(/\s+/g, '');
  return compact.length <= 4 ? '****' : `****${compact.slice(-4)}`;
}

/** Last four digits of a card or gift-card number, whatever the caller handed in. */
export function lastFour(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.slice(-4).padStart(4, '*');
}

/** 3500 → "3.5 g"; whole milligrams, no float rounding. */
export function formatWeight(mg: number): string {
  const whole = Math.trunc(mg);
  const grams = Math.floor(whole / 1000).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = String(whole % 1000).padStart(3, '0').replace(/0+$/, '');
  return `${grams}${rest ? `.${rest}` : ''} g`;
}

const stamp = new Map<string, Intl.DateTimeFormat>();

/** "2025-11-14 12:00 PST" in the store's timezone. */
export function formatStoreTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  let f = stamp.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
    stamp.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(ms)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

export const CHANNEL_LABELS = { in_store: 'In store', pickup: 'Pickup', delivery: 'Delivery' } as const;

// Characters a decomposition does not reduce to ASCII, spelled the way a person would.
const SPELLED: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u2032': "'", '\u00b4': "'", '`': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u2033': '"', '\u00ab': '"', '\u00bb': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2026': '...', '\u2022': '*', '\u00b7': '*', '\u00d7': 'x', '\u00f7': '/',
  '\u00a9': '(c)', '\u00ae': '(R)', '\u2122': 'TM', '\u20ac': 'EUR', '\u00a3': 'GBP', '\u00a5': 'JPY', '\u00a2': 'c',
  '\u00b0': ' deg', '\u00b5': 'u', '\u03bc': 'u', '\u0394': 'D', '\u03b4': 'd', '\u00bd': '1/2', '\u00bc': '1/4', '\u00be': '3/4',
  '\u00df': 'ss', '\u00e6': 'ae', '\u00c6': 'AE', '\u0153': 'oe', '\u0152': 'OE', '\u00f8': 'o', '\u00d8': 'O',
  '\u0142': 'l', '\u0141': 'L', '\u0111': 'd', '\u0110': 'D', '\u00f0': 'd', '\u00d0': 'D', '\u00fe': 'th', '\u00de': 'Th',
  '\u00a0': ' ', '\u2007': ' ', '\u2009': ' ', '\u202f': ' ', '\u2028': ' ', '\u2029': ' ', '\t': ' ', '\n': ' ', '\r': ' ',
};

const INVISIBLE = /^[\p{M}\p{Cf}]$/u;

/**
 * Printable ASCII only (0x20–0x7E). Accents are dropped (é → e), typographic marks spelled
 * plainly, and anything else — control bytes above all, which could inject printer commands
 * from a product name — becomes "?". ASCII prints the same on every code page.
 */
export function toPrinterAscii(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e) {
      out += ch;
      continue;
    }
    const spelled = SPELLED[ch];
    if (spelled !== undefined) {
      out += spelled;
      continue;
    }
    // A combining mark (the accent of an "e" typed as e + U+0301, a variation selector) belongs to
    // the letter before it, already printed; an invisible format character (zero-width space, soft
    // hyphen, byte-order mark) prints nothing. Neither may become a "?" in the middle of a word.
    if (INVISIBLE.test(ch)) continue;
    const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    out += base.length > 0 && /^[\x20-\x7e]+$/.test(base) ? base : code < 0x20 || code === 0x7f ? '' : '?';
  }
  return out;
}
