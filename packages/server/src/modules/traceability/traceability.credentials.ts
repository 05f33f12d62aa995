/**
 * State API keys at rest. AES-256-GCM under a key from TRACE_CREDENTIALS_KEY, or a key file
 * generated once into DATA_DIR/verdant-secrets/ (the embedded demo). The store id is the GCM
 * additional data, so a ciphertext copied onto another store's row does not decrypt. Plain keys
 * exist only in memory, inside the engine clients; the API shows a hint (last 4 characters).
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors';

export interface MetrcCredentials {
  vendorKey: string;
  userKey: string;
}
export interface BioTrackCredentials {
  ubi: string;
  username: string;
  password: string;
}
export type TraceCredentials = MetrcCredentials | BioTrackCredentials;

export interface CredentialBox {
  seal(credentials: TraceCredentials, storeId: string): string;
  open(stored: string, storeId: string): TraceCredentials;
}

function parseKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length === 32 ? bytes : null;
}

function keyFile(dataDir: string): Buffer {
  const dir = join(dataDir, 'verdant-secrets');
  const path = join(dir, 'traceability.key');
  try {
    const key = parseKey(readFileSync(path, 'utf8'));
    if (key) return key;
    throw new AppError(500, 'TRACE_KEY_INVALID', `The traceability key in ${path} is not 32 bytes of hex or base64.`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
    chmodSync(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return keyFile(dataDir);
}

export function createCredentialBox(master: Buffer): CredentialBox {
  const key = Buffer.from(hkdfSync('sha256', master, Buffer.from('verdant.traceability'), Buffer.from('aes-256-gcm:v1'), 32));
  const keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  const b64 = (b: Buffer) => b.toString('base64url');
  return {
    seal(credentials, storeId) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(storeId));
      const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
      return ['v1', keyId, b64(iv), b64(cipher.getAuthTag()), b64(body)].join(':');
    },
    open(stored, storeId) {
      const [version, id, iv, tag, body] = stored.split(':');
      if (version !== 'v1' || id !== keyId || !iv || !tag || body === undefined) {
        throw new AppError(500, 'TRACE_CREDENTIALS_UNREADABLE', 'The stored state API keys were sealed with another key; enter them again.');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(storeId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      return JSON.parse(plain) as TraceCredentials;
    },
  };
}

const boxes = new WeakMap<Config, CredentialBox>();

/** The process's box, made on first use (so a server that never stores keys never writes a key file). */
export function credentialBoxFor(config: Config): CredentialBox {
  let box = boxes.get(config);
  if (!box) {
    const fromEnv = config.TRACE_CREDENTIALS_KEY ? parseKey(config.TRACE_CREDENTIALS_KEY) : null;
    box = createCredentialBox(fromEnv ?? keyFile(config.DATA_DIR));
    boxes.set(config, box);
  }
  return box;
}

/**
 * What people may see of a key: its last four characters, and only when they are at most half of
 * it. The hint is in every settings answer and in the audit log, so a short password (BioTrack
 * accepts any) shows none of its characters rather than all of them.
 */
export function hintOf(credentials: TraceCredentials): string {
  const secret = 'userKey' in credentials ? credentials.userKey : credentials.password;
  // By code point: slicing UTF-16 units could keep half of a character.
  const characters = Array.from(secret);
  return characters.length >= 8 ? `…${characters.slice(-4).join('')}` : '…';
}
