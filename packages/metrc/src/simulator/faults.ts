import { randomUUID } from 'node:crypto';
import { TokenBucket, type GetRateLimits } from '../rate-limiter';

/**
 * Fault injection shared by the Metrc and BioTrack simulators. Tests and the demo script ask for
 * the failures that real state systems produce (429 bursts, 5xx, hours-long outages, slowness,
 * HTML error pages from a proxy, answers lost after the write committed) and the simulator plays
 * them on matching requests. Control endpoints are never affected.
 */
export type FaultKind =
  /** Answer with `status` (429 gets a Retry-After) without touching state. */
  | 'status'
  /** Answer with an HTML error page and `status` (default 500) without touching state. */
  | 'html'
  /** Run the request, commit the change, then destroy the socket without answering. */
  | 'lost-response'
  /** Wait `delayMs` before handling (stacks with one other fault). */
  | 'delay';

export interface FaultMatch {
  /** GET, POST, PUT or DELETE; any when absent. */
  method?: string;
  /** Path prefix, e.g. `/sales/v2/receipts`; any when absent. */
  path?: string;
}

export interface FaultSpec extends FaultMatch {
  kind: FaultKind;
  /** Matching requests to affect. Without it: all of them while `durationMs` runs, or just one. */
  count?: number;
  /** How long the fault stays armed; forever (until count is used up) when absent. */
  durationMs?: number;
  status?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
  message?: string;
}

export interface FaultRule extends FaultSpec {
  id: string;
  /** Remaining matching requests, or null for "until it expires". */
  remaining: number | null;
  /** Epoch ms when the rule stops, or null. */
  until: number | null;
}

export type FaultAction =
  | { type: 'status'; status: number; retryAfterSeconds?: number; message: string }
  | { type: 'html'; status: number; title: string }
  | { type: 'lost-response' };

export interface FaultDecision {
  delayMs: number;
  action: FaultAction | null;
}

const STATUS_TITLES: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export class FaultPlan {
  private rules: FaultRule[] = [];
  /** Max objects in a POST/PUT array before 413; null = no limit. */
  objectLimit: number | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  add(spec: FaultSpec): FaultRule {
    validateSpec(spec);
    const rule: FaultRule = {
      ...spec,
      id: randomUUID(),
      remaining: spec.count ?? (spec.durationMs === undefined ? 1 : null),
      until: spec.durationMs === undefined ? null : this.now() + spec.durationMs,
    };
    this.rules.push(rule);
    return { ...rule };
  }

  /** Every call fails with `status` (default 503) for `durationMs`. */
  outage(durationMs: number, status = 503): FaultRule {
    return this.add({ kind: 'status', status, durationMs, message: 'The service is temporarily unavailable (simulated outage).' });
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
    this.objectLimit = null;
  }

  list(): FaultRule[] {
    this.expire();
    return this.rules.map((r) => ({ ...r }));
  }

  /** Consumes the matching rules for one request: delays add up, the first other fault wins. */
  decide(method: string, path: string): FaultDecision {
    this.expire();
    let delayMs = 0;
    let action: FaultAction | null = null;
    for (const rule of this.rules) {
      if (!matches(rule, method, path)) continue;
      if (rule.kind === 'delay') {
        delayMs += rule.delayMs ?? 0;
        consume(rule);
        continue;
      }
      if (action !== null) continue;
      action = toAction(rule);
      consume(rule);
    }
    this.rules = this.rules.filter((r) => r.remaining === null || r.remaining > 0);
    return { delayMs, action };
  }

  private expire(): void {
    const t = this.now();
    this.rules = this.rules.filter((r) => r.until === null || r.until > t);
  }
}

function consume(rule: FaultRule): void {
  if (rule.remaining !== null) rule.remaining -= 1;
}

function matches(rule: FaultMatch, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false;
  if (rule.path !== undefined && !path.toLowerCase().startsWith(rule.path.toLowerCase())) return false;
  return true;
}

function toAction(rule: FaultRule): FaultAction {
  if (rule.kind === 'lost-response') return { type: 'lost-response' };
  const status = rule.status ?? (rule.kind === 'html' ? 500 : 503);
  if (rule.kind === 'html') return { type: 'html', status, title: STATUS_TITLES[status] ?? 'Error' };
  return {
    type: 'status',
    status,
    retryAfterSeconds: rule.retryAfterSeconds ?? (status === 429 ? 1 : undefined),
    message: rule.message ?? (status === 429 ? 'Too many requests. Please retry later.' : `${STATUS_TITLES[status] ?? 'Error'} (simulated)`),
  };
}

function validateSpec(spec: FaultSpec): void {
  const kinds: FaultKind[] = ['status', 'html', 'lost-response', 'delay'];
  if (!kinds.includes(spec.kind)) throw new RangeError(`Unknown fault kind: ${String(spec.kind)}`);
  if (spec.count !== undefined && !(Number.isInteger(spec.count) && spec.count > 0)) throw new RangeError('count must be a positive integer');
  if (spec.durationMs !== undefined && !(spec.durationMs > 0)) throw new RangeError('durationMs must be positive');
  if (spec.status !== undefined && !(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599)) {
    throw new RangeError('status must be an HTTP error status (400-599)');
  }
  if (spec.kind === 'delay' && !(typeof spec.delayMs === 'number' && spec.delayMs >= 0)) throw new RangeError('a delay fault needs delayMs');
}

/**
 * Server-side GET limits, as Metrc enforces them: a token bucket and a concurrency cap per
 * facility and per integrator key. Over the limit the answer is 429 with Retry-After.
 */
export class GetLimitEnforcer {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly inFlight = new Map<string, number>();

  constructor(readonly limits: GetRateLimits) {}

  /** Returns null when admitted (call `done` later), or the seconds to wait. */
  admit(facility: string | undefined, integrator: string): { retryAfterSeconds: number } | null {
    const keys: Array<[string, number, number]> = [[`i:${integrator}`, this.limits.perIntegratorPerSecond, this.limits.perIntegratorConcurrent]];
    if (facility !== undefined) keys.push([`f:${facility}`, this.limits.perFacilityPerSecond, this.limits.perFacilityConcurrent]);
    for (const [key, , concurrent] of keys) {
      if ((this.inFlight.get(key) ?? 0) >= concurrent) return { retryAfterSeconds: 1 };
    }
    let wait = 0;
    for (const [key, rate] of keys) wait = Math.max(wait, this.bucket(key, rate).waitMs());
    if (wait > 0) return { retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
    for (const [key, rate] of keys) {
      this.bucket(key, rate).tryTake();
      this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    }
    return null;
  }

  done(facility: string | undefined, integrator: string): void {
    for (const key of [`i:${integrator}`, ...(facility === undefined ? [] : [`f:${facility}`])]) {
      this.inFlight.set(key, Math.max(0, (this.inFlight.get(key) ?? 0) - 1));
    }
  }

  private bucket(key: string, rate: number): TokenBucket {
    let b = this.buckets.get(key);
    if (b === undefined) {
      b = new TokenBucket(rate, rate);
      this.buckets.set(key, b);
    }
    return b;
  }
}

/**
 * The fault-injection half of a simulator's control surface, shared by both simulators so a test
 * writes `control.outage(5_000)` the same way for Metrc and BioTrack.
 */
export class FaultControls {
  readonly faultPlan = new FaultPlan();

  fault(spec: FaultSpec): FaultRule {
    return this.faultPlan.add(spec);
  }

  /** The next `count` matching calls get HTTP `status` (429 carries Retry-After). */
  failNext(count: number, status = 503, options: FaultMatch & { retryAfterSeconds?: number } = {}): FaultRule {
    return this.fault({ kind: 'status', count, status, ...options });
  }

  /** A 429 burst: the next `count` matching calls are rate limited. */
  rateLimitBurst(count: number, retryAfterSeconds = 1, match: FaultMatch = {}): FaultRule {
    return this.fault({ kind: 'status', status: 429, count, retryAfterSeconds, ...match });
  }

  /** Every API call fails (503 by default) for `durationMs`. */
  outage(durationMs: number, status = 503): FaultRule {
    return this.faultPlan.outage(durationMs, status);
  }

  /** Adds `delayMs` to matching calls: the next `count`, or all for `durationMs`, or all until cleared. */
  slow(delayMs: number, options: FaultMatch & { count?: number; durationMs?: number } = {}): FaultRule {
    const unbounded = options.count === undefined && options.durationMs === undefined;
    return this.fault({ kind: 'delay', delayMs, ...options, ...(unbounded ? { durationMs: 24 * 3_600_000 } : {}) });
  }

  /** The next `count` matching calls get an HTML error page instead of JSON. */
  htmlErrors(count: number, status = 500, match: FaultMatch = {}): FaultRule {
    return this.fault({ kind: 'html', count, status, ...match });
  }

  /** The next `count` matching calls are committed, then the socket is destroyed unanswered. */
  loseResponses(count: number, match: FaultMatch = {}): FaultRule {
    return this.fault({ kind: 'lost-response', count, ...match });
  }

  faults(): FaultRule[] {
    return this.faultPlan.list();
  }

  /** Removes the armed faults (the object limit stays; set it to null to lift it). */
  clearFaults(): void {
    const limit = this.faultPlan.objectLimit;
    this.faultPlan.clear();
    this.faultPlan.objectLimit = limit;
  }
}

export type ControlRequest = { query: URLSearchParams; body: Record<string, unknown>; params: Record<string, string> };
export type ControlHandler<C> = (control: C, req: ControlRequest) => unknown;

/** Registers the /__control/faults* endpoints on a control router. */
export function addFaultControlRoutes<C extends FaultControls>(add: (method: string, pattern: string, handler: ControlHandler<C>) => void): void {
  const match = (b: Record<string, unknown>): FaultMatch => ({
    ...(typeof b.method === 'string' ? { method: b.method } : {}),
    ...(typeof b.path === 'string' ? { path: b.path } : {}),
  });
  const count = (b: Record<string, unknown>) => (typeof b.count === 'number' ? b.count : 1);
  const numberOr = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);

  add('GET', '/__control/faults', (c) => c.faults());
  add('POST', '/__control/faults', (c, { body }) => c.fault(body as unknown as FaultSpec));
  add('DELETE', '/__control/faults', (c) => c.clearFaults());
  add('POST', '/__control/faults/status', (c, { body }) =>
    c.failNext(count(body), numberOr(body.status, 503), {
      ...match(body),
      ...(typeof body.retryAfterSeconds === 'number' ? { retryAfterSeconds: body.retryAfterSeconds } : {}),
    }),
  );
  add('POST', '/__control/faults/rate-limit', (c, { body }) => c.rateLimitBurst(count(body), numberOr(body.retryAfterSeconds, 1), match(body)));
  add('POST', '/__control/faults/outage', (c, { body }) => c.outage(Number(body.durationMs), numberOr(body.status, 503)));
  add('POST', '/__control/faults/slow', (c, { body }) =>
    c.slow(Number(body.delayMs), {
      ...match(body),
      ...(typeof body.count === 'number' ? { count: body.count } : {}),
      ...(typeof body.durationMs === 'number' ? { durationMs: body.durationMs } : {}),
    }),
  );
  add('POST', '/__control/faults/html', (c, { body }) => c.htmlErrors(count(body), numberOr(body.status, 500), match(body)));
  add('POST', '/__control/faults/lost-response', (c, { body }) => c.loseResponses(count(body), match(body)));
}
