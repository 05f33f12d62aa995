/**
 * AAMVA PDF417 driver-licence / ID-card parsing.
 *
 * An ID scanner at the door or the register sends the text of the barcode on the back of a
 * US or Canadian licence (AAMVA DL/ID Card Design Standard). We read only what a sale needs —
 * name, birth date, expiry, issuer, document type — and reject expired documents.
 *
 * Privacy (MA, NJ and others limit what a retailer may keep): the raw ID number never leaves this
 * function. Callers get a masked form for display and a keyed hash for "have we seen this ID"
 * look-ups. Address data is returned only when the caller asks for it (delivery).
 *
 * Pure: no I/O. `today` is passed in so the expiry decision is reproducible in tests and audits.
 */
import { createHmac } from 'node:crypto';

export type AamvaErrorCode =
  | 'AAMVA_MALFORMED'
  | 'AAMVA_MISSING_FIELD'
  | 'AAMVA_INVALID_DATE'
  | 'ID_EXPIRED'
  | 'INVALID_OPTIONS';

export type DocumentType = 'driver_license' | 'id_card';

export interface AamvaAddress {
  street: string;
  street2?: string;
  city: string;
  /** Two-letter state/province of the address (may differ from the issuer). */
  region: string;
  postalCode: string;
}

export interface AamvaLicense {
  firstName: string;
  middleName?: string;
  lastName: string;
  nameSuffix?: string;
  /** YYYY-MM-DD */
  birthDate: string;
  /** YYYY-MM-DD; `9999-12-31` for documents printed as never expiring. */
  expiresOn: string;
  issuedOn?: string;
  /** ISO 3166-2 code of the issuing authority, e.g. `US-CA`, `CA-ON`. */
  issuingJurisdiction: string;
  /** ISO 3166-1 alpha-2 country of the issuer: `US` or `CA`. */
  country: 'US' | 'CA';
  documentType: DocumentType;
  /** All but the last characters masked, e.g. `*****1234`. */
  idNumberMasked: string;
  /** HMAC-SHA256 (hex) of `<issuingJurisdiction>:<normalized number>` keyed with the pepper. */
  idNumberHash: string;
  sex?: 'M' | 'F' | 'X';
  aamvaVersion: number;
  jurisdictionVersion?: number;
  /** Issuer Identification Number from the header. Identifies the issuer, not the person. */
  iin: string;
  address?: AamvaAddress;
}

export type AamvaWarning =
  | 'no_pepper'
  | 'issuer_from_address'
  | 'issued_in_future'
  | 'date_order_swapped'
  | 'first_name_missing';

export type AamvaParseResult =
  | { ok: true; license: AamvaLicense; expired: false; ageYears: number; warnings: AamvaWarning[] }
  | {
      ok: false;
      code: AamvaErrorCode;
      message: string;
      field?: string;
      /** Present on ID_EXPIRED so the refusal can be logged with what was refused. */
      details?: { expiresOn?: string; issuingJurisdiction?: string; idNumberMasked?: string };
    };

export interface AamvaParseOptions {
  /** The store's local date, YYYY-MM-DD. An ID is valid through its expiry date. */
  today: string;
  /** Secret mixed into `idNumberHash` so a leaked table cannot be reversed by brute force. */
  pepper?: string;
  /** Return the cardholder address (delivery needs it; the register does not). */
  includeAddress?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Jurisdictions
// ---------------------------------------------------------------------------------------------

// Issuer Identification Numbers assigned by AAMVA (source: aamva.org "Issuer Identification
// Numbers (IIN)"). Only US and Canadian issuers: those are the documents this standard covers
// for our stores.
const IIN_TO_JURISDICTION: Record<string, string> = {
  '636000': 'US-VA', '636001': 'US-NY', '636002': 'US-MA', '636003': 'US-MD', '636004': 'US-NC',
  '636005': 'US-SC', '636006': 'US-CT', '636007': 'US-LA', '636008': 'US-MT', '636009': 'US-NM',
  '636010': 'US-FL', '636011': 'US-DE', '636012': 'CA-ON', '636013': 'CA-NS', '636014': 'US-CA',
  '636015': 'US-TX', '636016': 'CA-NL', '636017': 'CA-NB', '636018': 'US-IA', '636019': 'US-GU',
  '636020': 'US-CO', '636021': 'US-AR', '636022': 'US-KS', '636023': 'US-OH', '636024': 'US-VT',
  '636025': 'US-PA', '636026': 'US-AZ', '636028': 'CA-BC', '636029': 'US-OR', '636030': 'US-MO',
  '636031': 'US-WI', '636032': 'US-MI', '636033': 'US-AL', '636034': 'US-ND', '636035': 'US-IL',
  '636036': 'US-NJ', '636037': 'US-IN', '636038': 'US-MN', '636039': 'US-NH', '636040': 'US-UT',
  '636041': 'US-ME', '636042': 'US-SD', '636043': 'US-DC', '636044': 'CA-SK', '636045': 'US-WA',
  '636046': 'US-KY', '636047': 'US-HI', '636048': 'CA-MB', '636049': 'US-NV', '636050': 'US-ID',
  '636051': 'US-MS', '636052': 'US-RI', '636053': 'US-TN', '636054': 'US-NE', '636055': 'US-GA',
  '636058': 'US-OK', '636059': 'US-AK', '636060': 'US-WY', '636061': 'US-WV', '636062': 'US-VI',
  '604426': 'CA-PE', '604427': 'US-AS', '604428': 'CA-QC', '604429': 'CA-YT', '604430': 'US-MP',
  '604431': 'US-PR', '604432': 'CA-AB', '604433': 'CA-NU', '990876': 'CA-AB',
};

const US_REGIONS = new Set(
  (
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY ' +
    'NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI'
  ).split(' '),
);
const CA_REGIONS = new Set('AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' '));

/** `CA` → `US-CA`, `ON` → `CA-ON`; the two code sets do not overlap. */
export function jurisdictionFromRegion(region: string): string | null {
  const code = region.trim().toUpperCase();
  if (US_REGIONS.has(code)) return `US-${code}`;
  if (CA_REGIONS.has(code)) return `CA-${code}`;
  return null;
}

export function jurisdictionFromIin(iin: string): string | null {
  return IIN_TO_JURISDICTION[iin] ?? null;
}

// ---------------------------------------------------------------------------------------------
// ID number: mask and hash
// ---------------------------------------------------------------------------------------------

/** Upper-case letters and digits only: scanners and keyboards disagree on spaces and dashes. */
export function normalizeIdNumber(idNumber: string): string {
  return idNumber.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Shows at most the last 4 characters, and never more than half of a short number. */
export function maskIdNumber(idNumber: string): string {
  const n = normalizeIdNumber(idNumber);
  const visible = Math.min(4, Math.floor(n.length / 2));
  return '*'.repeat(n.length - visible) + n.slice(n.length - visible);
}

/**
 * Keyed hash of an ID number. The jurisdiction is part of the input because numbers are only
 * unique within one issuer. Use the same function for numbers typed in by hand so both match.
 * HMAC rather than a bare sha256(pepper + number): same cost, no length-extension pitfalls.
 */
export function hashIdNumber(idNumber: string, issuingJurisdiction: string, pepper = ''): string {
  return createHmac('sha256', pepper)
    .update(`${issuingJurisdiction.toUpperCase()}:${normalizeIdNumber(idNumber)}`)
    .digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

type DateOrder = 'MDY' | 'YMD';

/**
 * The standard says MMDDCCYY for the US and CCYYMMDD for Canada (and for every v1 card), but some
 * issuers get it wrong. The two layouts cannot both be valid for one value (a year starts 19/20,
 * a month never does), so trying the other order is safe.
 */
function parseAamvaDate(value: string, preferred: DateOrder): { date: string; swapped: boolean } | null {
  const digits = value.replace(/[^0-9]/g, '').slice(0, 8);
  if (digits.length !== 8) return null;
  const orders: DateOrder[] = preferred === 'MDY' ? ['MDY', 'YMD'] : ['YMD', 'MDY'];
  for (const order of orders) {
    const [y, m, d] =
      order === 'MDY'
        ? [Number(digits.slice(4, 8)), Number(digits.slice(0, 2)), Number(digits.slice(2, 4))]
        : [Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6, 8))];
    if (isRealDate(y, m, d)) return { date: iso(y, m, d), swapped: order !== preferred };
  }
  return null;
}

function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

// ---------------------------------------------------------------------------------------------
// Structure: header, subfile designators, data elements
// ---------------------------------------------------------------------------------------------

interface Header {
  iin: string;
  version: number;
  jurisdictionVersion?: number;
  designators: Array<{ type: string; offset: number; length: number }>;
  bodyStart: number;
}

const HEADER = /(?:ANSI|AAMVA) ?(\d{6})(\d{2})/i;

function readHeader(text: string): Header | null {
  const m = HEADER.exec(text);
  // The header sits right after "@", LF, RS, CR; scanners may prepend a symbology id ("]L2") or
  // whitespace, but a header deep inside the data is not a header.
  if (!m || m.index > 32) return null;
  const iin = m[1];
  const version = Number(m[2]);
  const after = m.index + m[0].length;
  const rest = text.slice(after);

  // v1 has no jurisdiction version; from v2 on it precedes the entry count. Try the layout the
  // version promises first, then the other, because issuers have shipped both.
  const withJur = /^(\d{2})(\d{2})((?:[A-Za-z]{2}\d{8})+)/.exec(rest);
  const withoutJur = /^(\d{2})((?:[A-Za-z]{2}\d{8})+)/.exec(rest);
  let jurisdictionVersion: number | undefined;
  let entries: number;
  let table: string;
  let consumed: number;
  if (withJur && (version >= 2 || !withoutJur)) {
    jurisdictionVersion = Number(withJur[1]);
    entries = Number(withJur[2]);
    table = withJur[3];
    consumed = 4;
  } else if (withoutJur) {
    entries = Number(withoutJur[1]);
    table = withoutJur[2];
    consumed = 2;
  } else {
    // Header without a designator table (some scanners drop it): skip the remaining header
    // digits, the elements follow directly.
    const digits = /^\d*/.exec(rest)?.[0].length ?? 0;
    return { iin, version, designators: [], bodyStart: after + digits };
  }
  const designators: Header['designators'] = [];
  const count = Math.max(1, Math.min(entries || 1, Math.floor(table.length / 10)));
  for (let i = 0; i < count; i++) {
    const d = table.slice(i * 10, i * 10 + 10);
    designators.push({ type: d.slice(0, 2).toUpperCase(), offset: Number(d.slice(2, 6)), length: Number(d.slice(6, 10)) });
  }
  return { iin, version, jurisdictionVersion, designators, bodyStart: after + consumed + count * 10 };
}

/** Element id → value, first occurrence wins (jurisdiction "Z" subfiles are ignored). */
function readElements(body: string): { elements: Map<string, string>; subfileTypes: string[] } {
  const elements = new Map<string, string>();
  const subfileTypes: string[] = [];
  for (const rawLine of body.split(/[\n\r\x1e\x1d]+/)) {
    const line = rawLine.replace(/^\s+/, '');
    // A subfile starts with its type ("DL"/"ID") glued to its first element ("DLDAQ…").
    const m = /^(DL|ID)?(D[A-Z]{2})(.*)$/i.exec(line);
    if (!m) continue;
    if (m[1]) subfileTypes.push(m[1].toUpperCase());
    const id = m[2].toUpperCase();
    const value = m[3].trim();
    if (!elements.has(id)) elements.set(id, value);
  }
  return { elements, subfileTypes };
}

// Issuers write these where a field is empty.
const EMPTY_VALUES = new Set(['', 'NONE', 'UNAVL', 'UNAVAIL', 'UNKNOWN', 'N/A', 'NA']);

// "NA" is also a family name (Korean 나) and a given name: in a name it is read as written.
const EMPTY_NAMES = new Set([...EMPTY_VALUES].filter((v) => v !== 'NA'));

function clean(value: string | undefined, empty: ReadonlySet<string> = EMPTY_VALUES): string | undefined {
  if (value === undefined) return undefined;
  const v = value.replace(/\s+/g, ' ').trim().toUpperCase();
  return empty.has(v) ? undefined : v;
}

const cleanName = (value: string | undefined) => clean(value, EMPTY_NAMES);

interface Names {
  first?: string;
  middle?: string;
  last?: string;
  suffix?: string;
}

/** v1 "DAA" full name: `LAST,FIRST,MIDDLE,SUFFIX` (some issuers use `$` or `@`). */
function splitFullName(full: string | undefined): Names {
  if (!full) return {};
  if (/[,$@]/.test(full)) {
    const [last, first, middle, suffix] = full.split(/[,$@]/).map((p) => cleanName(p));
    return { last, first, middle, suffix };
  }
  // Without separators the name is printed the way people read it: FIRST MIDDLE LAST.
  const words = full.split(' ').filter(Boolean);
  if (words.length === 1) return { last: words[0] };
  return { first: words[0], middle: words.slice(1, -1).join(' ') || undefined, last: words[words.length - 1] };
}

/** v2–v3 "DCT" given names: `FIRST,MIDDLE` or `FIRST MIDDLE`. */
function splitGivenNames(given: string | undefined): Names {
  if (!given) return {};
  const parts = given.includes(',') ? given.split(',') : given.split(' ');
  const [first, ...rest] = parts.map((p) => p.trim()).filter(Boolean);
  return { first: cleanName(first), middle: cleanName(rest.join(' ')) };
}

function fail(code: AamvaErrorCode, message: string, field?: string): AamvaParseResult {
  return field ? { ok: false, code, message, field } : { ok: false, code, message };
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/**
 * Parses the text an ID scanner sends from an AAMVA PDF417 barcode. Never throws; expired
 * documents come back as `{ ok: false, code: 'ID_EXPIRED' }`.
 */
export function parseAamva(raw: string, options: AamvaParseOptions): AamvaParseResult {
  const today = typeof options?.today === 'string' ? options.today : '';
  const t = ISO_DATE.exec(today);
  if (!t || !isRealDate(Number(t[1]), Number(t[2]), Number(t[3]))) {
    return fail('INVALID_OPTIONS', 'options.today must be a real date in YYYY-MM-DD form');
  }
  if (typeof raw !== 'string' || raw.trim() === '') {
    return fail('AAMVA_MALFORMED', 'No barcode data received');
  }

  // Scanner quirks: BOM, leading whitespace, CRLF line ends, a missing RS, lower-case output.
  const text = raw.slice(0, 10_000).replace(/^\uFEFF/, '').replace(/^\s+/, '').replace(/\r\n/g, '\n');
  const header = readHeader(text);
  if (!header) return fail('AAMVA_MALFORMED', 'Not an AAMVA barcode: no "ANSI" header with issuer number and version');

  const { elements, subfileTypes } = readElements(text.slice(header.bodyStart));
  if (elements.size === 0) return fail('AAMVA_MALFORMED', 'The barcode holds no readable data elements');

  const warnings: AamvaWarning[] = [];
  const get = (id: string) => clean(elements.get(id));
  const getName = (id: string) => cleanName(elements.get(id));

  // Issuer: the IIN names the issuing authority; the address state (DAJ; DAO on some v1 cards)
  // is only a fallback because people do live in a state other than the one that issued them.
  let jurisdiction = jurisdictionFromIin(header.iin);
  const region = get('DAJ') ?? get('DAO');
  if (!jurisdiction && region) {
    jurisdiction = jurisdictionFromRegion(region);
    if (jurisdiction) warnings.push('issuer_from_address');
  }
  if (!jurisdiction) {
    return fail('AAMVA_MISSING_FIELD', 'Issuing jurisdiction unknown: unrecognised issuer number and no address state', 'DAJ');
  }
  const country: 'US' | 'CA' = jurisdiction.startsWith('CA-') ? 'CA' : 'US';

  const documentTypes = [...header.designators.map((d) => d.type), ...subfileTypes];
  const documentType: DocumentType =
    documentTypes.includes('DL') || !documentTypes.includes('ID') ? 'driver_license' : 'id_card';

  const rawIdNumber = elements.get('DAQ');
  const idNumber = rawIdNumber === undefined ? '' : normalizeIdNumber(rawIdNumber);
  if (!idNumber || EMPTY_VALUES.has(idNumber)) return fail('AAMVA_MISSING_FIELD', 'The barcode has no ID number', 'DAQ');

  // Names moved between versions: v1 wrote DAA (full) or DAB/DAC/DAD; v2–v3 wrote DCS + DCT
  // (given names together); from v4 on DCS/DAC/DAD. A few old issuers used DBO/DBP/DBQ.
  const full = splitFullName(getName('DAA'));
  const given = splitGivenNames(getName('DCT'));
  const lastName = getName('DCS') ?? getName('DAB') ?? getName('DBO') ?? full.last;
  const firstName = getName('DAC') ?? given.first ?? getName('DBP') ?? full.first;
  const middleName = getName('DAD') ?? given.middle ?? getName('DBQ') ?? full.middle;
  const nameSuffix = getName('DCU') ?? getName('DAE') ?? full.suffix;
  if (!lastName) return fail('AAMVA_MISSING_FIELD', 'The barcode has no family name', 'DCS');
  if (!firstName) warnings.push('first_name_missing');

  const isCanadian = country === 'CA' || get('DCG') === 'CAN';
  const preferred: DateOrder = isCanadian || header.version <= 1 ? 'YMD' : 'MDY';
  const readDate = (id: string): { date?: string; present: boolean } => {
    const value = get(id);
    if (!value || /^0+$/.test(value)) return { present: false };
    const parsed = parseAamvaDate(value, preferred);
    if (!parsed) return { present: true };
    if (parsed.swapped && !warnings.includes('date_order_swapped')) warnings.push('date_order_swapped');
    return { date: parsed.date, present: true };
  };

  const dob = readDate('DBB');
  if (!dob.present) return fail('AAMVA_MISSING_FIELD', 'The barcode has no date of birth', 'DBB');
  if (!dob.date) return fail('AAMVA_INVALID_DATE', 'The date of birth is not a valid date', 'DBB');
  if (dob.date > today) return fail('AAMVA_INVALID_DATE', 'The date of birth is in the future', 'DBB');

  // Some issuers print "never expires" as all nines.
  const expiryRaw = get('DBA');
  let expiresOn: string | undefined;
  if (expiryRaw && /^9{8}$/.test(expiryRaw.replace(/[^0-9]/g, ''))) {
    expiresOn = '9999-12-31';
  } else {
    const exp = readDate('DBA');
    if (!exp.present) return fail('AAMVA_MISSING_FIELD', 'The barcode has no expiry date', 'DBA');
    if (!exp.date) return fail('AAMVA_INVALID_DATE', 'The expiry date is not a valid date', 'DBA');
    expiresOn = exp.date;
  }

  const issued = readDate('DBD');
  if (issued.date && issued.date > today) warnings.push('issued_in_future');

  const idNumberMasked = maskIdNumber(idNumber);
  // An ID is good through the last day printed on it.
  if (expiresOn < today) {
    return {
      ok: false,
      code: 'ID_EXPIRED',
      message: `The ID expired on ${expiresOn}`,
      field: 'DBA',
      details: { expiresOn, issuingJurisdiction: jurisdiction, idNumberMasked },
    };
  }

  const pepper = typeof options.pepper === 'string' ? options.pepper : '';
  if (!pepper) warnings.push('no_pepper');

  const sexCode = get('DBC');
  const sex = sexCode === '1' || sexCode === 'M' ? 'M' : sexCode === '2' || sexCode === 'F' ? 'F' : sexCode === '9' || sexCode === 'X' ? 'X' : undefined;

  const license: AamvaLicense = {
    firstName: firstName ?? '',
    lastName,
    birthDate: dob.date,
    expiresOn,
    issuingJurisdiction: jurisdiction,
    country,
    documentType,
    idNumberMasked,
    idNumberHash: hashIdNumber(idNumber, jurisdiction, pepper),
    aamvaVersion: header.version,
    iin: header.iin,
  };
  if (middleName) license.middleName = middleName;
  if (nameSuffix) license.nameSuffix = nameSuffix;
  if (issued.date) license.issuedOn = issued.date;
  if (sex) license.sex = sex;
  if (header.jurisdictionVersion !== undefined) license.jurisdictionVersion = header.jurisdictionVersion;

  if (options.includeAddress) {
    const street = get('DAG') ?? get('DAL');
    const city = get('DAI') ?? get('DAN');
    const postal = get('DAK') ?? get('DAP');
    if (street && city && region && postal) {
      // US ZIP codes come zero-padded to nine digits ("902100000"): drop an empty +4.
      const postalCode = /^\d{9}$/.test(postal) && postal.endsWith('0000') ? postal.slice(0, 5) : postal;
      license.address = { street, city, region, postalCode };
      const street2 = get('DAH') ?? get('DAM');
      if (street2) license.address.street2 = street2;
    }
  }

  return { ok: true, license, expired: false, ageYears: ageOn(dob.date, today), warnings };
}
