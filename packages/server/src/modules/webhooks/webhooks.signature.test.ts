import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEventPattern, webhookUrlProblem } from './webhooks.patterns';
import { computeSignature, generateSecret, secretHint, signatureHeader, verifyWebhookSignature } from './webhooks.signature';

describe('webhook signatures', () => {
  const now = 1_750_000_000;
  const body = '{"type":"orders.order.placed","data":{"total":1250}}';

  it('verifies what it signs, with either secret of a rotation', () => {
    const [a, b] = [generateSecret(), generateSecret()];
    const signature = signatureHeader([a, b], 'd-1', now, body);
    expect(signature).toMatch(/^v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    for (const secret of [a, b]) {
      expect(verifyWebhookSignature({ secret, deliveryId: 'd-1', timestamp: String(now), signature, rawBody: body, now })).toEqual({ ok: true, timestamp: now });
    }
    expect(verifyWebhookSignature({ secrets: [generateSecret(), b], deliveryId: 'd-1', timestamp: now, signature, rawBody: Buffer.from(body), now }).ok).toBe(true);
  });

  it('rejects a changed body, id or timestamp, a stale timestamp and a foreign secret', () => {
    const secret = generateSecret();
    const signature = signatureHeader([secret], 'd-1', now, body);
    const base = { secret, deliveryId: 'd-1', timestamp: String(now), signature, rawBody: body, now };
    expect(verifyWebhookSignature({ ...base, rawBody: `${body} ` })).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verifyWebhookSignature({ ...base, deliveryId: 'd-2' })).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verifyWebhookSignature({ ...base, secret: generateSecret() })).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verifyWebhookSignature({ ...base, now: now + 301 })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verifyWebhookSignature({ ...base, now: now + 301, toleranceSeconds: 600 }).ok).toBe(true);
    expect(verifyWebhookSignature({ ...base, timestamp: '12abc' })).toEqual({ ok: false, reason: 'bad_timestamp' });
    expect(verifyWebhookSignature({ ...base, signature: undefined })).toEqual({ ok: false, reason: 'missing_header' });
    expect(verifyWebhookSignature({ ...base, signature: 'v0=abc' })).toEqual({ ok: false, reason: 'no_signature' });
  });

  it('never accepts a signature made with another secret (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string(), (s1, s2, raw) => {
        fc.pre(s1 !== s2);
        const signature = `v1=${computeSignature(s1, 'id', now, raw)}`;
        expect(verifyWebhookSignature({ secret: s2, deliveryId: 'id', timestamp: now, signature, rawBody: raw, now }).ok).toBe(false);
        expect(verifyWebhookSignature({ secret: s1, deliveryId: 'id', timestamp: now, signature, rawBody: raw, now }).ok).toBe(true);
      }),
    );
  });

  it('shows only a hint of a secret', () => {
    const secret = generateSecret();
    expect(secretHint(secret)).toBe(`whsec_…${secret.slice(-4)}`);
    expect(secretHint(secret)).not.toContain(secret.slice(6, 20));
  });
});

describe('subscription input', () => {
  it.each(['*', 'orders.order.placed', 'inventory.*', 'inventory.stock.*', 'alerts.alert.raised'])('accepts the pattern %s', (p) => {
    expect(isEventPattern(p)).toBe(true);
  });
  it.each(['', 'inventory.', 'inventory*', '*.placed', 'Orders.x', 'a..b', 'a.*.b', 'a b', 'inv/*'])('refuses the pattern %j', (p) => {
    expect(isEventPattern(p)).toBe(false);
  });
  it('names what is wrong with a URL', () => {
    expect(webhookUrlProblem('https://example.com/hooks')).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/x')).toBeNull();
    expect(webhookUrlProblem('example.com/hooks')).toBe('not an absolute URL');
    expect(webhookUrlProblem('ftp://example.com')).toBe('must be http:// or https://');
    expect(webhookUrlProblem('https://u:p@example.com')).toMatch(/credentials/);
  });
});
