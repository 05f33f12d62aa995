/**
 * Error shape shared by every traceability engine (Metrc, BioTrack).
 *
 * The outbox worker in the server only needs two answers from a failed call: "may I try again?"
 * (`retryable`) and "how long should I wait?" (`retryAfterMs`). `kind` says why, so a dashboard can
 * show "Metrc rejected the keys" instead of a stack trace.
 */
export type TraceabilityErrorKind =
  | 'unauthorized' // 401: vendor or user key wrong, or session expired
  | 'forbidden' // 403 (or a 401 saying "No valid endpoint found"): no access to this licence, or the endpoint is off in this state
  | 'not_found' // 404
  | 'invalid' // 400/405/409/422: the state rejected the payload (on-hold package, unit mismatch …)
  | 'too_large' // 413: too many objects in one POST/PUT array; split the batch
  | 'rate_limited' // 429: wait `retryAfterMs`
  | 'server' // 5xx (including HTML error pages)
  | 'timeout' // no answer within the client's deadline; the write MAY have been committed
  | 'network' // connection refused/reset, socket closed mid-answer; the write MAY have been committed
  | 'malformed'; // a 2xx answer that is not the JSON we expect (HTML page, truncated body)

export type TraceabilityEngineName = 'metrc' | 'biotrack';

const RETRYABLE: Record<TraceabilityErrorKind, boolean> = {
  unauthorized: false,
  forbidden: false,
  not_found: false,
  invalid: false,
  too_large: false,
  rate_limited: true,
  server: true,
  timeout: true,
  network: true,
  malformed: true,
};

export interface TraceabilityErrorInit {
  kind: TraceabilityErrorKind;
  message: string;
  status?: number;
  method?: string;
  /** Path and query of the request; never contains keys (they travel in headers). */
  path?: string;
  retryAfterMs?: number;
  /** The state's own message(s), already scrubbed of secrets. */
  details?: string[];
  cause?: unknown;
}

export class TraceabilityError extends Error {
  readonly engine: TraceabilityEngineName;
  readonly kind: TraceabilityErrorKind;
  readonly status?: number;
  readonly method?: string;
  readonly path?: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly details: string[];
  /**
   * True when a write may have been committed although we saw no clear answer: timeout, reset
   * socket, garbled 2xx, or a 5xx (a server can fail after its commit). Before re-posting a sale,
   * look it up by external number.
   */
  readonly outcomeUnknown: boolean;

  constructor(engine: TraceabilityEngineName, init: TraceabilityErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'TraceabilityError';
    this.engine = engine;
    this.kind = init.kind;
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.retryable = RETRYABLE[init.kind];
    this.retryAfterMs = init.retryAfterMs;
    this.details = init.details ?? [];
    this.outcomeUnknown =
      init.method !== undefined &&
      init.method !== 'GET' &&
      (init.kind === 'timeout' || init.kind === 'network' || init.kind === 'malformed' || init.kind === 'server');
  }

  /** Plain object for logs and API error details: no cause chain, no headers, no keys. */
  toJSON(): Record<string, unknown> {
    return {
      engine: this.engine,
      kind: this.kind,
      status: this.status,
      method: this.method,
      path: this.path,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      outcomeUnknown: this.outcomeUnknown,
      message: this.message,
      details: this.details,
    };
  }
}

export function isRetryableKind(kind: TraceabilityErrorKind): boolean {
  return RETRYABLE[kind];
}
