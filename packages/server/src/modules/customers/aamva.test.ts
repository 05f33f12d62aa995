import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashIdNumber, maskIdNumber, parseAamva, type AamvaParseResult } from './aamva';

const TODAY = '2025-06-15';
const PEPPER = 'test-pepper';

interface Sample {
  version: number;
  iin: string;
  jurisdictionVersion?: number;
  type?: 'DL' | 'ID';
  elements: Array<[string, string]>;
  /** Add a jurisdiction-specific "Z" subfile after the standard one. */
  zSubfile?: boolean;
}

// Builds barcode text the way the standard lays it out: compliance "@", LF, RS, CR, "ANSI ",
// IIN, version, [jurisdiction version], entry count, subfile designators with real offsets.
function build(sample: Sample): string {
  const type = sample.type ?? 'DL';
  const subfiles: Array<[string, string]> = [
    [type, `${type}${sample.elements.map(([id, v]) => `${id}${v}`).join('\n')}\r`],
  ];
  if (sample.zSubfile) subfiles.push(['ZC', 'ZCZCAY\nZCBCORR LENS\r']);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const prefix =
    `@\n\x1e\rANSI ${sample.iin}${pad(sample.version, 2)}` +
    (sample.version >= 2 ? pad(sample.jurisdictionVersion ?? 0, 2) : '') +
    pad(subfiles.length, 2);
  let offset = prefix.length + subfiles.length * 10;
  let table = '';
  for (const [t, body] of subfiles) {
    table += `${t}${pad(offset, 4)}${pad(body.length, 4)}`;
    offset += body.length;
  }
  return prefix + table + subfiles.map(([, body]) => body).join('');
}

// A California licence in the current (v10) layout.
const CA_V10: Sample = {
  version: 10,
  iin: '636014',
  jurisdictionVersion: 0,
  zSubfile: true,
  elements: [
    ['DCA', 'C'],
    ['DCB', 'NONE'],
    ['DCD', 'NONE'],
    ['DBA', '08312029'],
    ['DCS', 'MORALES'],
    ['DAC', 'ANA'],
    ['DAD', 'LUCIA'],
    ['DBD', '08312021'],
    ['DBB', '08311990'],
    ['DBC', '2'],
    ['DAY', 'BRO'],
    ['DAU', '064 IN'],
    ['DAG', '1200 ELM ST'],
    ['DAI', 'SACRAMENTO'],
    ['DAJ', 'CA'],
    ['DAK', '958140000'],
    ['DAQ', 'D1234567'],
    ['DCF', '08/31/2021623A1/BBFD/29'],
    ['DCG', 'USA'],
    ['DDE', 'N'],
    ['DDF', 'N'],
    ['DDG', 'N'],
  ],
};

function expectOk(result: AamvaParseResult) {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result;
}

function expectFail(result: AamvaParseResult) {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

const replace = (sample: Sample, id: string, value: string | null): Sample => ({
  ...sample,
  elements: value === null ? sample.elements.filter(([k]) => k !== id) : sample.elements.map(([k, v]) => [k, k === id ? value : v]),
});

describe('parseAamva: versions and layouts', () => {
  it('reads a v10 California driver licence', () => {
    const r = expectOk(parseAamva(build(CA_V10), { today: TODAY, pepper: PEPPER }));
    expect(r.license).toMatchObject({
      firstName: 'ANA',
      middleName: 'LUCIA',
      lastName: 'MORALES',
      birthDate: '1990-08-31',
      expiresOn: '2029-08-31',
      issuedOn: '2021-08-31',
      issuingJurisdiction: 'US-CA',
      country: 'US',
      documentType: 'driver_license',
      idNumberMasked: '****4567',
      sex: 'F',
      aamvaVersion: 10,
      jurisdictionVersion: 0,
      iin: '636014',
    });
    expect(r.license.idNumberHash).toBe(hashIdNumber('D1234567', 'US-CA', PEPPER));
    expect(r.license.idNumberHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.ageYears).toBe(34);
    expect(r.expired).toBe(false);
    expect(r.license.address).toBeUndefined();
  });

  it('reads a v9 New York ID card (ID subfile)', () => {
    const r = expectOk(
      parseAamva(
        build({
          version: 9,
          iin: '636001',
          jurisdictionVersion: 1,
          type: 'ID',
          elements: [
            ['DAQ', '123 456 789'],
            ['DCS', 'OKAFOR'],
            ['DAC', 'CHIDI'],
            ['DAD', 'NONE'],
            ['DBB', '02141988'],
            ['DBA', '02142030'],
            ['DBD', '01102022'],
            ['DBC', '1'],
            ['DAJ', 'NY'],
            ['DCG', 'USA'],
          ],
        }),
        { today: TODAY, pepper: PEPPER },
      ),
    );
    expect(r.license.documentType).toBe('id_card');
    expect(r.license.issuingJurisdiction).toBe('US-NY');
    expect(r.license.middleName).toBeUndefined(); // "NONE" is the issuer's way of saying empty
    expect(r.license.sex).toBe('M');
    expect(r.license.idNumberMasked).toBe('*****6789');
    expect(r.license.idNumberHash).toBe(hashIdNumber('123456789', 'US-NY', PEPPER));
  });

  it('reads a v8 Ontario licence with Canadian CCYYMMDD dates', () => {
    const r = expectOk(
      parseAamva(
        build({
          version: 8,
          iin: '636012',
          jurisdictionVersion: 1,
          elements: [
            ['DAQ', 'T1234-56789-01234'],
            ['DCS', 'TREMBLAY'],
            ['DAC', 'LUC'],
            ['DBB', '19850704'],
            ['DBA', '20270704'],
            ['DBD', '20220601'],
            ['DAJ', 'ON'],
            ['DCG', 'CAN'],
            ['DBC', '1'],
          ],
        }),
        { today: TODAY, pepper: PEPPER },
      ),
    );
    expect(r.license).toMatchObject({
      birthDate: '1985-07-04',
      expiresOn: '2027-07-04',
      issuedOn: '2022-06-01',
      issuingJurisdiction: 'CA-ON',
      country: 'CA',
      idNumberMasked: '***********1234',
    });
    expect(r.warnings).not.toContain('date_order_swapped');
  });

  it('reads a v1 (AAMVA DL/ID-2000) card: DAA full name, CCYYMMDD dates, no jurisdiction version', () => {
    const raw = build({
      version: 1,
      iin: '636020',
      elements: [
        ['DAQ', '981234567'],
        ['DAA', 'PUBLIC,JOHN,QUINCY'],
        ['DBB', '19700102'],
        ['DBA', '20260102'],
        ['DBD', '20210102'],
        ['DAJ', 'CO'],
        ['DBC', 'M'],
      ],
    });
    expect(raw).toContain('ANSI 6360200101DL');
    const r = expectOk(parseAamva(raw, { today: TODAY, pepper: PEPPER }));
    expect(r.license).toMatchObject({
      firstName: 'JOHN',
      middleName: 'QUINCY',
      lastName: 'PUBLIC',
      birthDate: '1970-01-02',
      expiresOn: '2026-01-02',
      issuingJurisdiction: 'US-CO',
      aamvaVersion: 1,
      sex: 'M',
    });
    expect(r.license.jurisdictionVersion).toBeUndefined();
  });

  it('reads a v3 card: DCS family name + DCT given names', () => {
    const r = expectOk(
      parseAamva(
        build({
          version: 3,
          iin: '636045',
          jurisdictionVersion: 0,
          elements: [
            ['DAQ', 'WDLABC12345Z'],
            ['DCS', 'NGUYEN'],
            ['DCT', 'MAI,THI'],
            ['DBB', '11301979'],
            ['DBA', '11302028'],
            ['DAJ', 'WA'],
          ],
        }),
        { today: TODAY, pepper: PEPPER },
      ),
    );
    expect(r.license).toMatchObject({ firstName: 'MAI', middleName: 'THI', lastName: 'NGUYEN', issuingJurisdiction: 'US-WA', aamvaVersion: 3 });
  });

  it('reads legacy DBO/DBP/DBQ names (v2) and a "never expires" date', () => {
    const r = expectOk(
      parseAamva(
        build({
          version: 2,
          iin: '636026',
          jurisdictionVersion: 0,
          elements: [
            ['DAQ', 'B01234567'],
            ['DBO', 'YAZZIE'],
            ['DBP', 'ROBERT'],
            ['DBQ', 'LEE'],
            ['DBB', '03151950'],
            ['DBA', '99999999'],
            ['DAJ', 'AZ'],
          ],
        }),
        { today: TODAY, pepper: PEPPER },
      ),
    );
    expect(r.license).toMatchObject({ firstName: 'ROBERT', middleName: 'LEE', lastName: 'YAZZIE', expiresOn: '9999-12-31', issuingJurisdiction: 'US-AZ' });
  });

  it('accepts a US issuer that wrote its dates in the Canadian order, with a warning', () => {
    const r = expectOk(parseAamva(build(replace(replace(CA_V10, 'DBB', '19900831'), 'DBA', '20290831')), { today: TODAY, pepper: PEPPER }));
    expect(r.license.birthDate).toBe('1990-08-31');
    expect(r.license.expiresOn).toBe('2029-08-31');
    expect(r.warnings).toContain('date_order_swapped');
  });

  it('falls back to the address state when the issuer number is unknown', () => {
    const sample = { ...CA_V10, iin: '999999' };
    const r = expectOk(parseAamva(build(sample), { today: TODAY, pepper: PEPPER }));
    expect(r.license.issuingJurisdiction).toBe('US-CA');
    expect(r.warnings).toContain('issuer_from_address');
  });

  it('returns the address only when asked, with an empty ZIP+4 dropped', () => {
    const r = expectOk(parseAamva(build(CA_V10), { today: TODAY, pepper: PEPPER, includeAddress: true }));
    expect(r.license.address).toEqual({ street: '1200 ELM ST', city: 'SACRAMENTO', region: 'CA', postalCode: '95814' });
  });
});

describe('parseAamva: rejections', () => {
  it('rejects an expired ID', () => {
    const r = expectFail(parseAamva(build(replace(CA_V10, 'DBA', '06142025')), { today: TODAY, pepper: PEPPER }));
    expect(r.code).toBe('ID_EXPIRED');
    expect(r.field).toBe('DBA');
    expect(r.details).toEqual({ expiresOn: '2025-06-14', issuingJurisdiction: 'US-CA', idNumberMasked: '****4567' });
  });

  it('accepts an ID on its expiry day', () => {
    const r = expectOk(parseAamva(build(replace(CA_V10, 'DBA', '06152025')), { today: TODAY, pepper: PEPPER }));
    expect(r.license.expiresOn).toBe(TODAY);
  });

  it('rejects a barcode without a date of birth', () => {
    const r = expectFail(parseAamva(build(replace(CA_V10, 'DBB', null)), { today: TODAY }));
    expect(r).toMatchObject({ code: 'AAMVA_MISSING_FIELD', field: 'DBB' });
  });

  it('rejects impossible and future birth dates', () => {
    expect(expectFail(parseAamva(build(replace(CA_V10, 'DBB', '13451990')), { today: TODAY }))).toMatchObject({
      code: 'AAMVA_INVALID_DATE',
      field: 'DBB',
    });
    expect(expectFail(parseAamva(build(replace(CA_V10, 'DBB', '01012030')), { today: TODAY }))).toMatchObject({
      code: 'AAMVA_INVALID_DATE',
      field: 'DBB',
    });
  });

  it('rejects a barcode without an ID number or family name', () => {
    expect(expectFail(parseAamva(build(replace(CA_V10, 'DAQ', null)), { today: TODAY }))).toMatchObject({ code: 'AAMVA_MISSING_FIELD', field: 'DAQ' });
    expect(expectFail(parseAamva(build(replace(CA_V10, 'DCS', null)), { today: TODAY }))).toMatchObject({ code: 'AAMVA_MISSING_FIELD', field: 'DCS' });
  });

  it('rejects malformed input', () => {
    for (const raw of ['', '   ', 'hello world', '@\n\x1e\rANSI ', 'DAQ123\nDCSDOE\nDBB01011990', '@\n\x1e\rANSI 636014100002DL00410000']) {
      const r = expectFail(parseAamva(raw, { today: TODAY }));
      expect(['AAMVA_MALFORMED', 'AAMVA_MISSING_FIELD']).toContain(r.code);
    }
    expect(expectFail(parseAamva('hello', { today: TODAY })).code).toBe('AAMVA_MALFORMED');
  });

  it('rejects a bad `today` option instead of guessing', () => {
    expect(expectFail(parseAamva(build(CA_V10), { today: '15/06/2025' })).code).toBe('INVALID_OPTIONS');
    expect(expectFail(parseAamva(build(CA_V10), { today: '2025-02-30' })).code).toBe('INVALID_OPTIONS');
  });
});

describe('parseAamva: scanner quirks', () => {
  const clean = expectOk(parseAamva(build(CA_V10), { today: TODAY, pepper: PEPPER }));
  const quirks: Array<[string, (s: string) => string]> = [
    ['missing record separator', (s) => s.replace('\x1e', '')],
    ['CRLF line ends', (s) => s.replace(/\n/g, '\r\n')],
    ['CR-only line ends', (s) => s.replace(/\n/g, '\r')],
    ['leading whitespace', (s) => `  \n\t${s}`],
    ['lower-case output', (s) => s.toLowerCase()],
    ['symbology prefix and no compliance byte', (s) => `]L2${s.slice(1)}`],
    ['byte-order mark', (s) => `\uFEFF${s}`],
  ];
  it.each(quirks)('%s', (_label, mutate) => {
    const r = expectOk(parseAamva(mutate(build(CA_V10)), { today: TODAY, pepper: PEPPER }));
    expect(r.license).toEqual(clean.license);
  });
});

describe('parseAamva: the raw ID number never leaks', () => {
  it('is neither in successes nor in failures', () => {
    const results = [
      parseAamva(build(CA_V10), { today: TODAY, pepper: PEPPER, includeAddress: true }),
      parseAamva(build(replace(CA_V10, 'DBA', '01012020')), { today: TODAY, pepper: PEPPER }),
      parseAamva(build(replace(CA_V10, 'DBB', null)), { today: TODAY, pepper: PEPPER }),
    ];
    for (const r of results) {
      const json = JSON.stringify(r);
      expect(json).not.toContain('D1234567');
      expect(json).not.toContain('1234567');
    }
  });

  it('hash depends on the pepper and the issuer, not on formatting', () => {
    expect(hashIdNumber('d123-4567', 'us-ca', 'p')).toBe(hashIdNumber('D1234567', 'US-CA', 'p'));
    expect(hashIdNumber('D1234567', 'US-CA', 'p')).not.toBe(hashIdNumber('D1234567', 'US-CA', 'q'));
    expect(hashIdNumber('D1234567', 'US-CA', 'p')).not.toBe(hashIdNumber('D1234567', 'US-NV', 'p'));
  });

  it('warns when no pepper is configured', () => {
    expect(expectOk(parseAamva(build(CA_V10), { today: TODAY })).warnings).toContain('no_pepper');
  });

  it('masks short numbers without revealing most of them', () => {
    expect(maskIdNumber('12345678')).toBe('****5678');
    expect(maskIdNumber('1234')).toBe('**34');
    expect(maskIdNumber('7')).toBe('*');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('parseAamva: properties', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const r = parseAamva(s, { today: TODAY });
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on damaged real barcodes, and only accepts what it could read', () => {
    const base = build(CA_V10);
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(base.length), fc.string({ maxLength: 8 }), (from, len, insert) => {
        const start = Math.min(from, base.length);
        const damaged = base.slice(0, start) + insert + base.slice(Math.min(base.length, start + (len % 12)));
        const r = parseAamva(damaged, { today: TODAY, pepper: PEPPER });
        if (r.ok) {
          expect(r.license.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(r.license.expiresOn >= TODAY).toBe(true);
          expect(JSON.stringify(r)).not.toContain('D1234567');
        }
      }),
      { numRuns: 3000 },
    );
  });
});
