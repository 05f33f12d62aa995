import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// How a delivery is signed, and how a receiver checks it. Pure functions with no imports from
// the server, so a receiver written in TypeScript may copy this file as it is.
//
//   signed content:  `${deliveryId}.${timestamp}.${rawBody}`   (timestamp: Unix seconds)
//   signature:       hex HMAC-SHA256 of the signed content, keyed with the secret's UTF-8 bytes
//   header:          Verdant-Signature: v1=<hex>[,v1=<hex>]     (one per active secret)

export const SIGNATURE_VERSION = 'v1';
export const HEADER_DELIVERY_ID = 'verdant-delivery-id';
export const HEADER_TIMESTAMP = 'verdant-timestamp';
export const HEADER_SIGNATURE = 'verdant-signature';
export const HEADER_EVENT_TYPE = 'verdant-event-type';
export const HEADER_EVENT_ID = 'verdant-event-id';

export function computeSignature(secret: string, deliveryId: string, timestamp: number | string, rawBody: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${deliveryId}.${timestamp}.`);
  hmac.update(rawBody);
  return hmac.digest('hex');
}

/** The Verdant-Signature header value: one `v1=` entry per secret, the primary one first. */
export function signatureHeader(secrets: readonly string[], deliveryId: string, timestamp: number, rawBody: string | Buffer): string {
  return secrets.map((secret) => `${SIGNATURE_VERSION}=${computeSignature(secret, deliveryId, timestamp, rawBody)}`).join(',');
}

export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** What the API shows instead of a secret: enough to tell two apart, useless to sign with. */
export function secretHint(secret: string): string {
  return `${secret.startsWith('whsec_') ? 'whsec_' : ''}…${secret.slice(-4)}`;
}

export type VerifyFailure = 'missing_header' | 'bad_timestamp' | 'stale_timestamp' | 'no_signature' | 'signature_mismatch';

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: VerifyFailure };

export interface VerifyInput {
  /** The receiver's secret, or several while a rotation overlaps. */
  secret?: string;
  secrets?: readonly string[];
  /** Header values as received: Verdant-Delivery-Id, Verdant-Timestamp, Verdant-Signature. */
  deliveryId: string | undefined | null;
  timestamp: string | number | undefined | null;
  signature: string | undefined | null;
  /** The request body exactly as received, before any JSON parsing. */
  rawBody: string | Buffer;
  /** How far the timestamp may be from now, either way (default 300 s). */
  toleranceSeconds?: number;
  /** Unix seconds; for tests. */
  now?: number;
}

/**
 * Checks a delivery: the timestamp is recent, and at least one `v1=` signature in the header
 * matches one of the secrets. Comparison is constant-time. A receiver should also remember
 * delivery ids it processed, since deliveries are at least once.
 */
export function verifyWebhookSignature(input: VerifyInput): VerifyResult {
  const secrets = [...(input.secrets ?? []), ...(input.secret !== undefined ? [input.secret] : [])].filter((s) => s.length > 0);
  if (!input.deliveryId || input.timestamp === undefined || input.timestamp === null || input.timestamp === '' || !input.signature || secrets.length === 0) {
    return { ok: false, reason: 'missing_header' };
  }
  const timestampText = String(input.timestamp).trim();
  if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: 'bad_timestamp' };
  const timestamp = Number(timestampText);
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) return { ok: false, reason: 'stale_timestamp' };

  const offered = input.signature
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${SIGNATURE_VERSION}=`))
    .map((part) => part.slice(SIGNATURE_VERSION.length + 1))
    .filter((hex) => /^[0-9a-f]{64}$/i.test(hex))
    .map((hex) => Buffer.from(hex, 'hex'));
  if (offered.length === 0) return { ok: false, reason: 'no_signature' };
  for (const secret of secrets) {
    const expected = Buffer.from(computeSignature(secret, input.deliveryId, timestampText, input.rawBody), 'hex');
    if (offered.some((candidate) => timingSafeEqual(candidate, expected))) return { ok: true, timestamp };
  }
  return { ok: false, reason: 'signature_mismatch' };
}
