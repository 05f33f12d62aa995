import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCustomerSecrets, customerSecrets, KEY_FILE, parseMasterKey } from './customer-secrets';
import { idPrivacyRuleFor, retainedIdNumber } from './id-privacy';

const key = Buffer.alloc(32, 7);

describe('customer secrets', () => {
  it('round-trips any text, and a ciphertext only opens with its own row binding and key', () => {
    const secrets = createCustomerSecrets(key, 'env');
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.uuid(), (text, row) => {
        const stored = secrets.encrypt(text, row);
        expect(stored.startsWith(`v1:${secrets.keyId}:`)).toBe(true);
        if (text.length >= 4) expect(stored).not.toContain(text);
        expect(secrets.decrypt(stored, row)).toBe(text);
      }),
    );
    const stored = secrets.encrypt('MMIC-1234', 'row-a');
    expect(() => secrets.decrypt(stored, 'row-b')).toThrow(/integrity/);
    expect(() => createCustomerSecrets(Buffer.alloc(32, 8), 'env').decrypt(stored, 'row-a')).toThrow(/CUSTOMER_DATA_KEY|key/);
    const tampered = stored.slice(0, -2) + (stored.endsWith('AA') ? 'BB' : 'AA');
    expect(() => secrets.decrypt(tampered, 'row-a')).toThrow();
    // Same plaintext, different ciphertexts (random IV).
    expect(secrets.encrypt('x', 'r')).not.toBe(secrets.encrypt('x', 'r'));
  });

  it('derives separate keys for encryption and hashing', () => {
    const secrets = createCustomerSecrets(key, 'env');
    expect(secrets.pepper).toMatch(/^[0-9a-f]{64}$/);
    expect(secrets.pepper).not.toBe(key.toString('hex'));
  });

  it('accepts hex or base64 keys only of 32 bytes', () => {
    expect(parseMasterKey('ab'.repeat(32))?.length).toBe(32);
    expect(parseMasterKey(key.toString('base64'))?.length).toBe(32);
    expect(parseMasterKey('ab'.repeat(16))).toBeNull();
    expect(parseMasterKey('not a key')).toBeNull();
  });

  it('generates the embedded key once into DATA_DIR, private to the owner, and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdant-key-'));
    try {
      const first = customerSecrets({ DATA_DIR: dir, CUSTOMER_DATA_KEY: undefined });
      const file = join(dir, KEY_FILE);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const text = readFileSync(file, 'utf8');
      expect(parseMasterKey(text)).not.toBeNull();
      const again = createCustomerSecrets(parseMasterKey(text)!, 'file');
      expect(again.keyId).toBe(first.keyId);
      expect(first.source).toBe('file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ID privacy rules', () => {
  it('keeps mask and hash by default, hash only in New Jersey, mask only with consent in Massachusetts', () => {
    const number = { masked: '****1234', hash: 'f'.repeat(64) };
    expect(retainedIdNumber(idPrivacyRuleFor('US-CA', '2025-06-01'), number, false)).toEqual(number);
    expect(retainedIdNumber(idPrivacyRuleFor('US-NJ', '2025-06-01'), number, true)).toEqual({ masked: null, hash: number.hash });
    expect(retainedIdNumber(idPrivacyRuleFor('US-MA', '2025-06-01'), number, false)).toEqual({ masked: null, hash: number.hash });
    expect(retainedIdNumber(idPrivacyRuleFor('US-MA', '2025-06-01'), number, true)).toEqual(number);
  });
});
