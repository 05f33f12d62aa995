import { createHash, randomBytes } from 'node:crypto';

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function newSessionToken(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: sha256(token) };
}

// API keys look like `vk_<prefix>_<secret>`: the prefix finds the row, the secret is only
// stored as a SHA-256 (it is 32 random bytes, so a slow hash adds nothing).
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `vk_${prefix}_${secret}`, prefix, hash: sha256(secret) };
}

export function parseApiKey(value: string): { prefix: string; secretHash: string } | null {
  const match = /^vk_([0-9a-f]{12})_([A-Za-z0-9_-]{20,100})$/.exec(value);
  return match ? { prefix: match[1], secretHash: sha256(match[2]) } : null;
}
