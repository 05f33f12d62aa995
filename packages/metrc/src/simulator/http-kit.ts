import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The few HTTP helpers both simulators need. No framework: the simulators must start in a few
 * milliseconds inside a test and depend on nothing but Node.
 */

/** An error that becomes an HTTP answer. `body` defaults to Metrc's `{ Message }` shape. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown = { Message: message },
  ) {
    super(message);
    this.name = 'SimHttpError';
  }
}

export const badRequest = (message: string) => new SimHttpError(400, message);
export const notFound = (message: string) => new SimHttpError(404, message);

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new SimHttpError(413, 'Request body too large');
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text === '' ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(html)) });
  res.end(html);
}

/** The kind of page a load balancer in front of a state system serves when it falls over. */
export function errorPageHtml(status: number, title: string): string {
  return `<!DOCTYPE html>
<html><head><title>${status} - ${title}</title><style>body{font-family:sans-serif}</style></head>
<body><h1>Server Error</h1><h2>${status} - ${title}</h2>
<p>The page cannot be displayed because an internal server error has occurred.</p></body></html>`;
}

export type RouteParams = Record<string, string>;

interface Route<T> {
  method: string;
  segments: string[];
  value: T;
}

export type RouteMatch<T> = { value: T; params: RouteParams } | { allowed: string[] } | null;

/** Matches `/sales/v2/receipts/:id` style patterns; literal segments win over parameters. */
export class Router<T> {
  private readonly routes: Route<T>[] = [];

  add(method: string, pattern: string, value: T): this {
    this.routes.push({ method, segments: split(pattern), value });
    // Literal routes first so `/packages/v2/active` is never taken for `/packages/v2/:label`.
    this.routes.sort((a, b) => paramCount(a) - paramCount(b));
    return this;
  }

  match(method: string, path: string): RouteMatch<T> {
    const parts = split(path);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (params === null) continue;
      if (route.method === method) return { value: route.value, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { allowed } : null;
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function paramCount(route: { segments: string[] }): number {
  return route.segments.filter((s) => s.startsWith(':')).length;
}

function matchSegments(pattern: string[], parts: string[]): RouteParams | null {
  if (pattern.length !== parts.length) return null;
  const params: RouteParams = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const v = parts[i] as string;
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(v);
      } catch {
        return null;
      }
    } else if (p.toLowerCase() !== v.toLowerCase()) return null;
  }
  return params;
}

// ---- tiny input readers: the simulator validates like Metrc does, with row-numbered messages ----

export type Json = Record<string, unknown>;

export function asArray(body: unknown, what: string): unknown[] {
  if (!Array.isArray(body)) throw badRequest(`The request body must be an array of ${what}`);
  if (body.length === 0) throw badRequest(`The request body must contain at least one ${what.replace(/s$/, '')}`);
  return body;
}

export function asObject(value: unknown, where: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest(`${where}: expected an object`);
  return value as Json;
}

export function str(obj: Json, key: string, where: string): string {
  const v = obj[key];
  if (typeof v !== 'string' || v.trim() === '') throw badRequest(`${where}: ${key} is required`);
  return v;
}

export function optStr(obj: Json, key: string, where: string): string | null {
  const v = obj[key];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw badRequest(`${where}: ${key} must be a string`);
  return v;
}

export function num(obj: Json, key: string, where: string): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw badRequest(`${where}: ${key} must be a number`);
  return v;
}

export function optNum(obj: Json, key: string, where: string): number | null {
  const v = obj[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw badRequest(`${where}: ${key} must be a number`);
  return v;
}
