import type { TraceabilityError, TraceabilityErrorInit, TraceabilityErrorKind } from './traceability-error';

/**
 * One HTTP exchange with a state system, shared by the Metrc and BioTrack clients: deadline by
 * AbortController, body parsing, and mapping of every failure to a typed error whose message is
 * readable by a budtender's manager and never carries a key.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpCallRequest {
  method: HttpMethod;
  /** Path plus query string, e.g. `/packages/v2/active?licenseNumber=X`. */
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpCallContext {
  engineLabel: string;
  baseUrl: string;
  fetch: typeof fetch;
  /** Strings that must never appear in an error message (keys, passwords, session tokens). */
  secrets: () => string[];
  makeError: (init: TraceabilityErrorInit) => TraceabilityError;
}

export interface HttpCallResult {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
}

const MAX_SNIPPET = 240;

export async function callJson(ctx: HttpCallContext, req: HttpCallRequest): Promise<HttpCallResult> {
  const url = joinUrl(ctx.baseUrl, req.path);
  if (req.signal?.aborted) throw req.signal.reason;
  const deadline = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    deadline.abort();
  }, req.timeoutMs);
  const onCallerAbort = () => deadline.abort();
  req.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const fail = (kind: TraceabilityErrorKind, detail: string, extra: Partial<TraceabilityErrorInit> = {}) =>
    ctx.makeError({
      kind,
      method: req.method,
      path: req.path,
      message: scrub(`${ctx.engineLabel} ${req.method} ${req.path} failed: ${detail}`, ctx.secrets()),
      ...extra,
      details: extra.details?.map((d) => scrub(d, ctx.secrets())),
    });

  try {
    let response: Response;
    let text: string;
    try {
      const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      response = await ctx.fetch(url, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: deadline.signal,
      });
      text = await response.text();
    } catch (err) {
      if (req.signal?.aborted) throw req.signal.reason ?? err;
      if (timedOut) throw fail('timeout', `no complete answer within ${req.timeoutMs} ms`);
      throw fail('network', networkReason(err));
    }

    const contentType = response.headers.get('content-type') ?? '';
    if (response.status >= 400) {
      const messages = errorMessages(text, contentType);
      // Metrc answers an endpoint that is off for the licence type with 401 as well as 403, saying
      // "No valid endpoint found"; keys it rejects get a bare 401. The keys are fine in that case,
      // so it must not read as "check the keys".
      const offEndpoint = response.status === 401 && messages.some((m) => /no valid endpoint/i.test(m));
      const kind = offEndpoint ? 'forbidden' : kindForStatus(response.status);
      const retryAfterMs = kind === 'rate_limited' || kind === 'server' ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
      const summary = messages.length > 0 ? messages.join('; ') : response.statusText || 'no message';
      throw fail(kind, `HTTP ${response.status}: ${summary}`, {
        status: response.status,
        retryAfterMs,
        details: messages,
      });
    }

    if (text.trim() === '') return { status: response.status, headers: response.headers, body: undefined };
    try {
      return { status: response.status, headers: response.headers, body: JSON.parse(text) };
    } catch {
      const what = looksLikeHtml(text, contentType) ? `an HTML page (${htmlSummary(text)})` : `non-JSON text (${snippet(text)})`;
      throw fail('malformed', `HTTP ${response.status} answered with ${what}`, { status: response.status });
    }
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onCallerAbort);
  }
}

export function kindForStatus(status: number): TraceabilityErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'invalid';
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Replace every secret (and the Basic-auth blob built from them) with a marker. */
export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join('[redacted]');
  }
  return out;
}

function errorMessages(text: string, contentType: string): string[] {
  if (text.trim() === '') return [];
  try {
    return collectMessages(JSON.parse(text));
  } catch {
    if (looksLikeHtml(text, contentType)) return [`HTML error page: ${htmlSummary(text)}`];
    return [snippet(text)];
  }
}

// Metrc answers `{ Message }`, sometimes an array of `{ row, message }`; BioTrack uses `{ Error }`.
function collectMessages(value: unknown): string[] {
  if (typeof value === 'string') return [snippet(value)];
  if (Array.isArray(value)) return value.flatMap(collectMessages).slice(0, 20);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const found: string[] = [];
    const row = record.row ?? record.Row;
    for (const key of ['Message', 'message', 'Error', 'error', 'ExceptionMessage']) {
      const v = record[key];
      if (typeof v === 'string' && v.trim() !== '') found.push(snippet(row !== undefined ? `row ${String(row)}: ${v}` : v));
    }
    const nested = record.Errors ?? record.errors;
    if (Array.isArray(nested)) found.push(...collectMessages(nested));
    return found;
  }
  return [];
}

function looksLikeHtml(text: string, contentType: string): boolean {
  return contentType.includes('html') || /^\s*<(!doctype|html|head|body)/i.test(text);
}

function htmlSummary(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1];
  const parts = [title, heading]
    .filter((p): p is string => p !== undefined)
    .map((p) => decodeEntities(p.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim())
    .filter((p, i, all) => p !== '' && all.indexOf(p) === i);
  if (parts.length > 0) return snippet(parts.join(' — '));
  return snippet(decodeEntities(html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]+>/g, ' ')));
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

function snippet(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SNIPPET ? `${flat.slice(0, MAX_SNIPPET)}…` : flat;
}

function networkReason(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur instanceof Error && depth < 4; depth++) {
    const code = (cur as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${cur.message} (${code})` : cur.message);
    cur = (cur as { cause?: unknown }).cause;
  }
  return parts.length > 0 ? `network error: ${parts.join(': ')}` : 'network error';
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
