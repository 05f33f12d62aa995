// Receipt rules: what a sale's receipt must carry per jurisdiction and channel, read from the pack
// on the store-local date (regulations.md §5 CA delivery row [S8]; §9 IL [S30]; §4 CA/IL/NJ taxes).
import { describe, expect, it } from 'vitest';
import { RECEIPT_CONTENTS } from './categories.ts';
import { packSchema, type PackInput } from './pack-schema.ts';
import { BUILT_IN_PACKS } from './packs/index.ts';
import { receiptRequirements } from './receipts.ts';
import { resolvePack, validatePack } from './registry.ts';

const DAY = '2025-11-15';
const input = (code: string) => BUILT_IN_PACKS.find((p) => p.jurisdiction === code)! as PackInput;

describe('receipt requirements from the packs', () => {
  it('US-CA delivery: the delivery request receipt (first name, customer number, weights, total, date and time, signature; the delivery address, the driver and the packer) and the excise on its own line', () => {
    const r = receiptRequirements(resolvePack('US-CA'), 'delivery', DAY);
    expect(r.contents).toEqual([
      'customerFirstName',
      'customerNumber',
      'deliveryAddress',
      'deliveryEmployee',
      'preparingEmployee',
      'itemWeight',
      'dateTime',
      'total',
      'signatureLine',
      'taxesStatedSeparately',
    ]);
    expect(r.rules).toEqual(['us-ca.receipt.delivery-request', 'us-ca.receipt.delivery-request-parties', 'us-ca.receipt.excise-separately']);
  });

  it('US-CA: the delivery address and the employees come from the text of §5420 the reference cites (S8), dated and graded like the rest of the receipt', () => {
    const parties = resolvePack('US-CA').receipts.find((r) => r.id === 'us-ca.receipt.delivery-request-parties')!;
    expect(parties).toMatchObject({ channels: ['delivery'], contents: ['deliveryAddress', 'deliveryEmployee', 'preparingEmployee'], effective: { from: '2023-01-01', to: '2028-06-30' }, confidence: 'likely' });
    expect(parties.source.refs).toEqual(['S8']);
    expect(parties.note).toMatch(/S8/);
  });

  it.each(['in_store', 'pickup'] as const)('US-CA %s: only the excise stated separately (no customer data on the receipt)', (channel) => {
    expect(receiptRequirements(resolvePack('US-CA'), channel, DAY)).toEqual({ contents: ['taxesStatedSeparately'], rules: ['us-ca.receipt.excise-separately'] });
  });

  it.each(['in_store', 'pickup', 'delivery'] as const)('US-IL %s: each item with its quantity and price, the excise apart from the price', (channel) => {
    const r = receiptRequirements(resolvePack('US-IL'), channel, DAY);
    expect(r.contents).toEqual(['itemQuantityAndPrice', 'taxesStatedSeparately']);
    expect(r.rules).toEqual(['us-il.receipt.items', 'us-il.receipt.excise-separately']);
  });

  it('US-NJ: the municipal transfer tax stated separately; a pack without receipt rules (US-MI) requires nothing', () => {
    expect(receiptRequirements(resolvePack('US-NJ'), 'in_store', DAY).contents).toEqual(['taxesStatedSeparately']);
    expect(receiptRequirements(resolvePack('US-MI'), 'delivery', DAY)).toEqual({ contents: [], rules: [] });
    // US-CO asks only for its concentrate handout (eighth pass): nothing for a flower sale.
    expect(receiptRequirements(resolvePack('US-CO'), 'delivery', DAY, ['flower'])).toEqual({ contents: [], rules: [] });
  });

  it('nothing is required on a date the pack does not answer for (CA ends 2028-06-30)', () => {
    expect(receiptRequirements(resolvePack('US-CA'), 'delivery', '2028-06-30').contents).toContain('signatureLine');
    expect(receiptRequirements(resolvePack('US-CA'), 'delivery', '2028-07-01')).toEqual({ contents: [], rules: [] });
  });

  it('a rule applies from its effective date, on the store-local day it starts', () => {
    const ca = input('US-CA');
    const dated = { ...ca, receipts: [{ ...ca.receipts![0], effective: { from: '2026-01-01', to: null } }] };
    // An open-ended rule in a pack that ends is outside the pack's range: the schema says so.
    expect(packSchema.safeParse(dated).success).toBe(false);
    const pack = validatePack({ ...dated, receipts: [{ ...ca.receipts![0], effective: { from: '2026-01-01', to: '2028-06-30' } }] });
    expect(receiptRequirements(pack, 'delivery', '2025-12-31').contents).toEqual([]);
    expect(receiptRequirements(pack, 'delivery', '2026-01-01').contents).toContain('customerFirstName');
  });

  it('every receipt rule carries dates, a source the pack lists and a confidence; the packs are at 2026.12.15 since the eighth pass (CO handout, CA pickup modes, IL and NJ rate caps)', () => {
    for (const code of ['US-CA', 'US-IL', 'US-NJ', 'US-CO']) {
      const pack = resolvePack(code);
      expect(pack.version, code).toBe('2026.12.15');
      expect(pack.receipts.length, code).toBeGreaterThan(0);
      for (const r of pack.receipts) {
        expect(r.id.startsWith(code.toLowerCase() + '.receipt.')).toBe(true);
        expect(r.source.refs.every((ref) => pack.sources.some((s) => s.id === ref))).toBe(true);
        expect(['sure', 'likely']).toContain(r.confidence);
        expect(r.contents.every((c) => (RECEIPT_CONTENTS as readonly string[]).includes(c))).toBe(true);
      }
    }
    expect(resolvePack('US-CA').receipts.find((r) => r.id === 'us-ca.receipt.delivery-request')!.source.refs).toContain('S8');
    expect(resolvePack('US-IL').receipts.find((r) => r.id === 'us-il.receipt.items')!.source.refs).toEqual(['S30']);
  });
});

describe('receipt rule schema', () => {
  const ca = input('US-CA');
  const rule = ca.receipts![0];
  const withRule = (r: Record<string, unknown>) => packSchema.safeParse({ ...ca, receipts: [{ ...rule, ...r }] });

  it('accepts the built-in rule and a pack without any (the group is optional)', () => {
    expect(withRule({}).success).toBe(true);
    const { receipts: _receipts, ...without } = ca;
    const parsed = packSchema.safeParse(without);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.receipts).toEqual([]);
  });

  it.each([
    ['an unknown content', { contents: ['customerLastName'] }],
    ['no content', { contents: [] }],
    ['a content named twice', { contents: ['total', 'total'] }],
    ['no channel', { channels: [] }],
    ['an unknown channel', { channels: ['drive_through'] }],
    ['a source the pack does not list', { source: { refs: ['S99'], title: 'nowhere' } }],
    ['another jurisdiction’s id', { id: 'us-il.receipt.delivery-request' }],
    ['no confidence', { confidence: undefined }],
  ])('rejects %s', (_what, patch) => {
    expect(withRule(patch).success).toBe(false);
  });

  it('rejects two versions of one receipt rule in effect on the same day', () => {
    const twice = { ...ca, receipts: [rule, { ...rule, effective: { from: '2025-01-01', to: '2025-12-31' } }] };
    const result = packSchema.safeParse(twice);
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((i) => i.message.includes('overlap'))).toBe(true);
  });
});
