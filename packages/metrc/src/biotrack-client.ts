import { callJson, type HttpCallContext, type HttpMethod } from './http-call';
import { TraceabilityError, type TraceabilityErrorInit } from './traceability-error';

/**
 * Client for the BioTrack "v3" REST API (New Mexico's `v3.api.nm.trace.biotrackthc.net`).
 * Public evidence covers login and dispense (openthc/pos Commit.php, BioTrack Postman docs);
 * void, inventory adjust, inventory list and dispense lookup follow the same conventions and
 * are what our simulator implements. Check them against the state's docs before going live.
 */
export class BioTrackError extends TraceabilityError {
  constructor(init: TraceabilityErrorInit) {
    super('biotrack', init);
    this.name = 'BioTrackError';
  }
}

export interface BioTrackClientOptions {
  baseUrl: string;
  /** Company UBI (Unified Business Identifier). */
  ubi: string;
  username: string;
  password: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type BioTrackSaleType = 'RECREATIONAL' | 'MEDICAL';

export interface BioTrackDispenseItem {
  /** Inventory barcode (the state tag). */
  Barcode: string;
  /** Grams for weighed goods, units for counted ones. */
  Quantity: number;
  /** Dollars for the line. */
  Price: number;
  Tax: { Excise: number; Other: number };
}

export interface BioTrackDispense {
  LocationLicense: string;
  Type: BioTrackSaleType;
  /** RFC 3339 with a colon in the offset ("-06:00"); BioTrack's Go parser rejects "-0600". */
  Datetime: string;
  /** Idempotency key: a replayed RequestID answers with the first TransactionID. */
  RequestID: string;
  ExternalID: string;
  PatientCardKey?: string | null;
  Items: BioTrackDispenseItem[];
}

export interface BioTrackDispenseRecord {
  TransactionID: string;
  ExternalID: string;
  LocationLicense: string;
  Type: BioTrackSaleType;
  Datetime: string;
  Voided: boolean;
  Items: BioTrackDispenseItem[];
}

export interface BioTrackInventoryAdjust {
  LocationLicense: string;
  Barcode: string;
  /** Signed change, in the lot's unit. */
  Quantity: number;
  Reason: string;
  Note?: string | null;
}

export interface BioTrackInventoryLot {
  Barcode: string;
  ProductName: string;
  Quantity: number;
  /** "g" or "ea". */
  UOM: 'g' | 'ea';
  OnHold: boolean;
}

export class BioTrackClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly http: HttpCallContext;
  readonly #credentials: { UBI: string; Username: string; Password: string };
  #session: string | null = null;
  #loggingIn: Promise<string> | null = null;

  constructor(options: BioTrackClientOptions) {
    if (!options.ubi || !options.username || !options.password) throw new TypeError('BioTrackClient needs ubi, username and password');
    this.baseUrl = options.baseUrl;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.#credentials = { UBI: options.ubi, Username: options.username, Password: options.password };
    this.http = {
      engineLabel: 'BioTrack',
      baseUrl: options.baseUrl,
      fetch: options.fetch ?? globalThis.fetch,
      secrets: () => [options.password, ...(this.#session === null ? [] : [this.#session])],
      makeError: (init) => new BioTrackError(init),
    };
  }

  /** Opens a session (a JWT, about 7 days). Called lazily by every other method. */
  async login(signal?: AbortSignal): Promise<void> {
    this.#session = null;
    await this.session(signal);
  }

  private session(signal?: AbortSignal): Promise<string> {
    if (this.#session !== null) return Promise.resolve(this.#session);
    // One login for a burst of concurrent calls. It runs on no caller's signal (its own deadline
    // bounds it), and each caller waits on it with its own: one caller giving up must not fail
    // the others that share the login.
    this.#loggingIn ??= callJson(this.http, { method: 'POST', path: '/v1/login', body: this.#credentials, timeoutMs: this.timeoutMs })
      .then((res) => {
        const token = (res.body as { Session?: unknown } | undefined)?.Session;
        if (typeof token !== 'string' || token === '') {
          throw new BioTrackError({ kind: 'malformed', method: 'POST', path: '/v1/login', message: 'BioTrack login answered without a Session' });
        }
        this.#session = token;
        return token;
      })
      .finally(() => {
        this.#loggingIn = null;
      });
    return untilAborted(this.#loggingIn, signal);
  }

  dispense(sale: BioTrackDispense, signal?: AbortSignal): Promise<{ TransactionID: string }> {
    return this.request('POST', '/v1/dispense', sale, signal);
  }

  async findDispenseByExternalId(locationLicense: string, externalId: string, signal?: AbortSignal): Promise<BioTrackDispenseRecord | null> {
    const qs = new URLSearchParams({ LocationLicense: locationLicense, ExternalID: externalId });
    const body = await this.request<{ Data?: BioTrackDispenseRecord[] }>('GET', `/v1/dispense?${qs}`, undefined, signal);
    const rows = body?.Data ?? [];
    return rows.find((r) => !r.Voided) ?? rows[0] ?? null;
  }

  async voidDispense(transactionId: string, signal?: AbortSignal): Promise<void> {
    await this.request('POST', '/v1/dispense/void', { TransactionID: transactionId }, signal);
  }

  adjustInventory(adjustment: BioTrackInventoryAdjust, signal?: AbortSignal): Promise<{ AdjustmentID: string }> {
    return this.request('POST', '/v1/inventory/adjust', adjustment, signal);
  }

  async listInventory(locationLicense: string, signal?: AbortSignal): Promise<BioTrackInventoryLot[]> {
    const body = await this.request<{ Data?: BioTrackInventoryLot[] }>('GET', `/v1/inventory?${new URLSearchParams({ LocationLicense: locationLicense })}`, undefined, signal);
    return body?.Data ?? [];
  }

  /** Authenticated call; an expired session (401) is renewed once, which is safe because a 401 did nothing. */
  async request<T>(method: HttpMethod, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.session(signal);
      try {
        const res = await callJson(this.http, { method, path, body, headers: { authorization: `Bearer ${token}` }, timeoutMs: this.timeoutMs, signal });
        return res.body as T;
      } catch (err) {
        if (err instanceof BioTrackError && err.kind === 'unauthorized' && attempt === 0) {
          if (this.#session === token) this.#session = null;
          continue;
        }
        throw err;
      }
    }
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl };
  }
}

/** `promise`, or the signal's reason as soon as the signal aborts, whichever comes first. */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
