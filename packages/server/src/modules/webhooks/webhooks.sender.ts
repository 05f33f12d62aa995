import {
  HEADER_DELIVERY_ID,
  HEADER_EVENT_ID,
  HEADER_EVENT_TYPE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  signatureHeader,
} from './webhooks.signature';
import type { AttemptOutcome } from './webhooks.tables';

export interface OutgoingDelivery {
  id: string;
  url: string;
  eventId: string;
  eventType: string;
  body: string;
  /** Primary secret first; the previous one too while a rotation overlaps. */
  secrets: string[];
}

export interface AttemptResult {
  outcome: AttemptOutcome;
  statusCode: number | null;
  durationMs: number;
  /** A readable reason for the delivery log; null on success. Never contains a secret. */
  error: string | null;
  startedAt: Date;
}

const EXCERPT_BYTES = 2048;

/**
 * One HTTP attempt: POST the stored body, signed now, with a hard timeout covering the whole
 * exchange (connect, headers and the bit of response body we read). Redirects are not followed:
 * a receiver that moved must be updated, not guessed.
 */
export async function sendDelivery(delivery: OutgoingDelivery, timeoutMs: number): Promise<AttemptResult> {
  const startedAt = new Date();
  const started = performance.now();
  const timestamp = Math.floor(Date.now() / 1000);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const done = (outcome: AttemptOutcome, statusCode: number | null, error: string | null): AttemptResult => ({
    outcome,
    statusCode,
    error: error === null ? null : error.slice(0, 1000),
    durationMs: Math.max(0, Math.round(performance.now() - started)),
    startedAt,
  });
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      redirect: 'manual',
      signal: controller.signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Verdant-Webhooks/1',
        [HEADER_DELIVERY_ID]: delivery.id,
        [HEADER_TIMESTAMP]: String(timestamp),
        [HEADER_SIGNATURE]: signatureHeader(delivery.secrets, delivery.id, timestamp, delivery.body),
        [HEADER_EVENT_TYPE]: delivery.eventType,
        [HEADER_EVENT_ID]: delivery.eventId,
      },
      body: delivery.body,
    });
    const excerpt = await readExcerpt(response);
    if (response.status >= 200 && response.status < 300) return done('succeeded', response.status, null);
    return done('http_error', response.status, describeHttpFailure(response, excerpt));
  } catch (error) {
    if (controller.signal.aborted) return done('timeout', null, `Timed out after ${timeoutMs} ms waiting for the receiver.`);
    return done('network_error', null, describeNetworkFailure(error));
  } finally {
    clearTimeout(timer);
  }
}

async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
}

export function describeHttpFailure(response: { status: number; statusText: string; headers: Headers }, excerpt: string): string {
  const head = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (response.status >= 300 && response.status < 400) {
    return `${head}: redirect to ${response.headers.get('location') ?? '(no location)'}; webhooks do not follow redirects, update the URL.`;
  }
  const text = readableExcerpt(excerpt, response.headers.get('content-type') ?? '');
  return text ? `${head}: ${text}` : head;
}

/** An HTML error page becomes its title and some text; JSON and text stay as they are, shortened. */
export function readableExcerpt(excerpt: string, contentType: string): string {
  const trimmed = excerpt.trim();
  if (!trimmed) return '';
  if (/html/i.test(contentType) || /^<(!doctype|html)/i.test(trimmed)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed)?.[1]?.replace(/\s+/g, ' ').trim();
    const text = trimmed
      .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/\s+/g, ' ')
      .trim();
    const parts = [title ? `HTML page “${title}”` : 'HTML page', text && text !== title ? text.slice(0, 200) : ''].filter(Boolean);
    return parts.join(' — ');
  }
  return trimmed.replace(/\s+/g, ' ').slice(0, 300);
}

function describeNetworkFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string; address?: string; port?: number } })?.cause;
  const code = cause?.code;
  const where = cause?.address ? ` at ${cause.address}${cause.port ? `:${cause.port}` : ''}` : '';
  switch (code) {
    case 'ECONNREFUSED':
      return `Connection refused${where} (ECONNREFUSED): nothing is listening.`;
    case 'ENOTFOUND':
      return `Host not found (ENOTFOUND): ${cause?.message ?? ''}`.trim();
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `The receiver closed the connection (${code}).`;
    case 'EAI_AGAIN':
      return 'DNS lookup failed temporarily (EAI_AGAIN).';
    default: {
      const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
      return code ? `${message} (${code})` : message;
    }
  }
}
