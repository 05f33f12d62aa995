/**
 * Keys for customer data at rest.
 *
 * One 256-bit master key (CUSTOMER_DATA_KEY, or a key file generated once into DATA_DIR for the
 * embedded demo) is split with HKDF into two purpose keys, so the same secret is never used for
 * two jobs:
 *   - `encrypt`/`decrypt`: AES-256-GCM for medical card numbers. The stored form is
 *     `v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url). The key id (first 8 hex of a hash of the
 *     key) makes a wrong key a clear error instead of garbage, and lets a future rotation tell
 *     old rows from new. The row id and field name are the GCM additional data, so a ciphertext
 *     copied onto another customer's row does not decrypt.
 *   - `pepper`: the HMAC key for ID-number and card-number hashes (`hashIdNumber`), so a leaked
 *     table cannot be reversed by trying every licence number.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors';

export interface CustomerSecrets {
  /** Where the key came from: the environment or the generated key file. */
  source: 'env' | 'file';
  keyId: string;
  pepper: string;
  encrypt(plaintext: string, aad: string): string;
  decrypt(stored: string, aad: string): string;
}

export const KEY_FILE = join('verdant-secrets', 'customer-data.key');

/** 64 hex characters, or base64/base64url of 32 bytes. */
export function parseMasterKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return bytes;
  }
  return null;
}

/**
 * Reads the key file, or creates it (exclusive create, mode 0600) when it does not exist yet.
 * Two processes racing to create it agree: the loser reads the winner's key.
 */
function keyFromFile(dataDir: string): Buffer {
  const path = join(dataDir, KEY_FILE);
  try {
    return mustParse(readFileSync(path, 'utf8'), path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(join(dataDir, 'verdant-secrets'), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
    chmodSync(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return mustParse(readFileSync(path, 'utf8'), path);
}

function mustParse(text: string, where: string): Buffer {
  const key = parseMasterKey(text);
  if (!key) throw new AppError(500, 'CUSTOMER_DATA_KEY_INVALID', `The customer data key in ${where} is not 32 bytes of hex or base64.`);
  return key;
}

function derive(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.from('verdant.customers'), Buffer.from(purpose), 32));
}

export function createCustomerSecrets(master: Buffer, source: CustomerSecrets['source']): CustomerSecrets {
  const encryptionKey = derive(master, 'aes-256-gcm:v1');
  const pepper = derive(master, 'id-hash-pepper:v1').toString('hex');
  const keyId = createHash('sha256').update(encryptionKey).digest('hex').slice(0, 8);
  return {
    source,
    keyId,
    pepper,
    encrypt(plaintext, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      cipher.setAAD(Buffer.from(aad));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v1', keyId, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join(':');
    },
    decrypt(stored, aad) {
      const [version, id, iv, tag, data] = stored.split(':');
      if (version !== 'v1' || !iv || !tag || data === undefined) {
        throw new AppError(500, 'CIPHERTEXT_INVALID', 'A stored encrypted value is damaged.');
      }
      if (id !== keyId) {
        throw new AppError(500, 'CUSTOMER_DATA_KEY_MISMATCH', `This value was encrypted with key ${id}; the server has key ${keyId}. Restore the original CUSTOMER_DATA_KEY.`);
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(aad));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new AppError(500, 'CIPHERTEXT_INVALID', 'A stored encrypted value failed its integrity check.');
      }
    },
  };
}

/**
 * A keyed digest of a secret a request carries (an ID or card number, a scanned barcode), for what
 * has to recognise the request again without keeping the secret: an Idempotency-Key's request hash
 * is a plain SHA-256, and with the other fields of the request on file anyone holding the table
 * could find the number by trying every number of its shape. The pepper makes that impossible.
 */
export function secretDigest(secrets: Pick<CustomerSecrets, 'pepper'>, text: string): string {
  return createHmac('sha256', secrets.pepper).update(text).digest('hex');
}

const cache = new Map<string, CustomerSecrets>();

/**
 * The process's customer secrets: CUSTOMER_DATA_KEY when set; otherwise the key file in DATA_DIR
 * (generated on first use). Resolved lazily so a server that never touches medical cards or ID
 * hashes needs no key at all.
 */
export function customerSecrets(config: Pick<Config, 'CUSTOMER_DATA_KEY' | 'DATA_DIR'>): CustomerSecrets {
  const cacheKey = config.CUSTOMER_DATA_KEY ? `env:${config.CUSTOMER_DATA_KEY}` : `file:${config.DATA_DIR}`;
  let secrets = cache.get(cacheKey);
  if (!secrets) {
    secrets = config.CUSTOMER_DATA_KEY
      ? createCustomerSecrets(mustParse(config.CUSTOMER_DATA_KEY, 'CUSTOMER_DATA_KEY'), 'env')
      : createCustomerSecrets(keyFromFile(config.DATA_DIR), 'file');
    cache.set(cacheKey, secrets);
  }
  return secrets;
}
