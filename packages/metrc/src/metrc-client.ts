import { callJson, type HttpCallContext, type HttpMethod } from './http-call';
import { MetrcError } from './metrc-errors';
import { MetrcRateLimiter, type GetRateLimits } from './rate-limiter';
import type {
  MetrcAdjustmentReason,
  MetrcDeliveryPackage,
  MetrcFacility,
  MetrcIncomingTransfer,
  MetrcItem,
  MetrcLabResult,
  MetrcListResponse,
  MetrcPackage,
  MetrcPackageAdjustment,
  MetrcPatientStatus,
  MetrcReceipt,
  MetrcReceiptInput,
  MetrcReceiptUpdate,
  MetrcReturnReason,
  MetrcSalesDelivery,
  MetrcSalesDeliveryCompletion,
  MetrcSalesDeliveryInput,
  MetrcTransferDelivery,
  MetrcUnitOfMeasureRow,
  MetrcWriteResult,
} from './metrc-types';

export interface MetrcClientOptions {
  /** Integrator (software vendor) key: the Basic-auth username. */
  vendorKey: string;
  /** Licensee user's key: the Basic-auth password. Its permissions bound every call. */
  userKey: string;
  /** Two-letter state code; picks `https://api-{st}.metrc.com`. Ignored when baseUrl is set. */
  state?: string;
  /** Use `https://sandbox-api-{st}.metrc.com`. */
  sandbox?: boolean;
  /** Full base URL, e.g. the simulator's or METRC_BASE_URL. Wins over state. */
  baseUrl?: string;
  /** Deadline per HTTP exchange (default 30 s). */
  timeoutMs?: number;
  /**
   * Automatic retries of GETs on retryable failures (default 2). Writes are never retried here:
   * a write whose answer was lost must be looked up first, which is the caller's decision.
   */
  getRetries?: number;
  /** Longest wait before a GET retry; a longer Retry-After is surfaced as the error instead. */
  maxRetryDelayMs?: number;
  /** Share one limiter between clients of the same vendor key; `null` disables pacing. */
  rateLimiter?: MetrcRateLimiter | null;
  /** Limits for the limiter this client builds when none is given. */
  rateLimits?: Partial<GetRateLimits>;
  fetch?: typeof fetch;
}

export interface PageQuery {
  /** 1-based. Paging is off unless pageNumber or pageSize is sent. */
  pageNumber?: number;
  /** At most 20. */
  pageSize?: number;
}

export type DateParam = Date | string;

export interface LastModifiedQuery extends PageQuery {
  /** ISO-8601 with offset. Metrc caps the window (24 h by default in the simulator). */
  lastModifiedStart?: DateParam;
  lastModifiedEnd?: DateParam;
}

export interface ReceiptQuery extends LastModifiedQuery {
  /** Facility-local date or date-time. Do not combine with lastModified*. */
  salesDateStart?: string;
  salesDateEnd?: string;
}

export type PackageListStatus = 'active' | 'onhold' | 'inactive';
export type RecordStatus = 'active' | 'inactive';

export const METRC_MAX_PAGE_SIZE = 20;

export function metrcBaseUrl(state: string, sandbox = false): string {
  const st = state.trim().toLowerCase();
  if (!/^[a-z]{2}$/.test(st)) throw new RangeError(`Not a two-letter state code: ${state}`);
  return sandbox ? `https://sandbox-api-${st}.metrc.com` : `https://api-${st}.metrc.com`;
}

/** Yields every record of a paged v2 list, one page at a time. */
export async function* eachRecord<T>(
  fetchPage: (pageNumber: number, pageSize: number) => Promise<MetrcListResponse<T>>,
  pageSize = METRC_MAX_PAGE_SIZE,
): AsyncGenerator<T> {
  for (let page = 1; ; page++) {
    const result = await fetchPage(page, pageSize);
    yield* result.Data;
    // TotalPages is authoritative: a page shorter than asked is not the end while it says more
    // (a server may page smaller than asked). Without it, a short page ends the walk. An empty
    // page always does, so a wrong TotalPages cannot loop for ever.
    if (result.Data.length === 0) return;
    const totalPages = typeof result.TotalPages === 'number' ? result.TotalPages : undefined;
    if (totalPages !== undefined ? page >= totalPages : result.Data.length < pageSize) return;
  }
}

export async function collect<T>(records: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of records) out.push(r);
  return out;
}

interface RequestOptions {
  license?: string;
  query?: Record<string, string | number | boolean | Date | undefined | null>;
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Metrc API v2 client. Stateless apart from the GET limiter; safe to share. Every facility call
 * takes the licence number first because one user key usually serves several stores.
 */
export class MetrcClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly getRetries: number;
  private readonly maxRetryDelayMs: number;
  private readonly limiter: MetrcRateLimiter | null;
  private readonly http: HttpCallContext;
  // A true private field: `console.log(client)`, JSON.stringify and spreads cannot reach the keys.
  readonly #authorization: string;

  constructor(options: MetrcClientOptions) {
    if (!options.vendorKey || !options.userKey) throw new TypeError('MetrcClient needs vendorKey and userKey');
    if (options.baseUrl === undefined && options.state === undefined) {
      throw new TypeError('MetrcClient needs a state or a baseUrl');
    }
    this.baseUrl = options.baseUrl ?? metrcBaseUrl(options.state as string, options.sandbox);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.getRetries = options.getRetries ?? 2;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
    this.limiter = options.rateLimiter === undefined ? new MetrcRateLimiter(options.rateLimits) : options.rateLimiter;
    const basic = Buffer.from(`${options.vendorKey}:${options.userKey}`).toString('base64');
    this.#authorization = `Basic ${basic}`;
    const secrets = [options.vendorKey, options.userKey, basic];
    this.http = {
      engineLabel: 'Metrc',
      baseUrl: this.baseUrl,
      fetch: options.fetch ?? globalThis.fetch,
      secrets: () => secrets,
      makeError: (init) => new MetrcError(init),
    };
  }

  // ---- reference data -------------------------------------------------------------------

  getFacilities(signal?: AbortSignal): Promise<MetrcFacility[]> {
    return this.request<MetrcFacility[]>('GET', '/facilities/v2', { signal });
  }

  async getUnitsOfMeasure(signal?: AbortSignal): Promise<MetrcUnitOfMeasureRow[]> {
    return listData(await this.request<MetrcUnitOfMeasureRow[] | MetrcListResponse<MetrcUnitOfMeasureRow>>('GET', '/unitsofmeasure/v2/active', { signal }));
  }

  async getCustomerTypes(signal?: AbortSignal): Promise<string[]> {
    return listData(await this.request<string[] | MetrcListResponse<string>>('GET', '/sales/v2/customertypes', { signal }));
  }

  // ---- packages ---------------------------------------------------------------------------

  listPackages(license: string, status: PackageListStatus, query: LastModifiedQuery = {}, signal?: AbortSignal): Promise<MetrcListResponse<MetrcPackage>> {
    return this.list<MetrcPackage>(`/packages/v2/${status}`, license, query, signal);
  }

  allPackages(license: string, status: PackageListStatus, query: Omit<LastModifiedQuery, keyof PageQuery> = {}): AsyncGenerator<MetrcPackage> {
    return eachRecord((pageNumber, pageSize) => this.listPackages(license, status, { ...query, pageNumber, pageSize }));
  }

  getPackage(license: string, label: string, signal?: AbortSignal): Promise<MetrcPackage> {
    return this.request<MetrcPackage>('GET', `/packages/v2/${encodeURIComponent(label)}`, { license, signal });
  }

  adjustPackages(license: string, adjustments: MetrcPackageAdjustment[], signal?: AbortSignal): Promise<MetrcWriteResult> {
    return this.write('POST', '/packages/v2/adjust', license, adjustments, signal);
  }

  async getAdjustmentReasons(license: string, signal?: AbortSignal): Promise<MetrcAdjustmentReason[]> {
    return listData(await this.request<MetrcAdjustmentReason[] | MetrcListResponse<MetrcAdjustmentReason>>('GET', '/packages/v2/adjust/reasons', { license, signal }));
  }

  // ---- items ------------------------------------------------------------------------------

  listItems(license: string, query: LastModifiedQuery = {}, signal?: AbortSignal): Promise<MetrcListResponse<MetrcItem>> {
    return this.list<MetrcItem>('/items/v2/active', license, query, signal);
  }

  allItems(license: string): AsyncGenerator<MetrcItem> {
    return eachRecord((pageNumber, pageSize) => this.listItems(license, { pageNumber, pageSize }));
  }

  // ---- sales receipts ---------------------------------------------------------------------

  createReceipts(license: string, receipts: MetrcReceiptInput[], signal?: AbortSignal): Promise<MetrcWriteResult> {
    return this.write('POST', '/sales/v2/receipts', license, receipts, signal);
  }

  updateReceipts(license: string, receipts: MetrcReceiptUpdate[], signal?: AbortSignal): Promise<MetrcWriteResult> {
    return this.write('PUT', '/sales/v2/receipts', license, receipts, signal);
  }

  /** DELETE = void: Metrc restores the package quantities and moves the receipt to inactive. */
  async voidReceipt(license: string, id: number, signal?: AbortSignal): Promise<void> {
    await this.request('DELETE', `/sales/v2/receipts/${encodeURIComponent(String(id))}`, { license, signal });
  }

  finalizeReceipts(license: string, ids: number[], signal?: AbortSignal): Promise<MetrcWriteResult> {
    return this.write('PUT', '/sales/v2/receipts/finalize', license, ids.map((Id) => ({ Id })), signal);
  }

  unfinalizeReceipts(license: string, ids: number[], signal?: AbortSignal): Promise<MetrcWriteResult> {
    return this.write('PUT', '/sales/v2/receipts/unfinalize', license, ids.map((Id) => ({ Id })), signal);
  }

  getReceipt(license: string, id: number, signal?: AbortSignal): Promise<MetrcReceipt> {
    return this.request<MetrcReceipt>('GET', `/sales/v2/receipts/${encodeURIComponent(String(id))}`, { license, signal });
  }

  /** `active` = unfinalized and not voided; `inactive` = finalized or voided. */
  listReceipts(license: string, status: RecordStatus, query: ReceiptQuery = {}, signal?: AbortSignal): Promise<MetrcListResponse<MetrcReceipt>> {
    return this.list<MetrcReceipt>(`/sales/v2/receipts/${status}`, license, query, signal);
  }

  allReceipts(license: string, status: RecordStatus, query: Omit<ReceiptQuery, keyof PageQuery> = {}): AsyncGenerator<MetrcReceipt> {
    return eachRecord((pageNumber, pageSize) => this.listReceipts(license, status, { ...query, pageNumber, pageSize }));
  }

  /**
   * `GET /sales/v2/receipts/external/{n}`: the way to learn whether a POST whose answer was lost
   * was committed. Null when Metrc has no receipt with that external number.
   */
  async findReceiptByExternalNumber(license: string, externalReceiptNumber: string, signal?: AbortSignal): Promise<MetrcReceipt | null> {
    try {
      const body = await this.request<MetrcReceipt | MetrcListResponse<MetrcReceipt> | MetrcReceipt[] | undefined>(
        'GET',
        `/sales/v2/receipts/external/${encodeURIComponent(externalReceiptNumber)}`,
        { license, signal },
      );
      if (body === undefined || body === null) return null;
      // Metrc takes duplicate external numbers; of several, a live receipt wins over a voided one,
      // so a void or a rewrite reaches the sale that still stands.
      const rows = Array.isArray(body) ? body : 'Data' in body && Array.isArray(body.Data) ? body.Data : null;
      if (rows !== null) return rows.find((r) => r.ArchivedDate === null) ?? rows[0] ?? null;
      return body as MetrcReceipt;
    } catch (err) {
      if (err instanceof MetrcError && err.kind === 'not_found') return null;
      throw err;
    }
  }

  // ---- transfers --------------------------------------------------------------------------

  listIncomingTransfers(license: string, query: LastModifiedQuery = {}, signal?: AbortSignal): Promise<MetrcListResponse<MetrcIncomingTransfer>> {
    return this.list<MetrcIncomingTransfer>('/transfers/v2/incoming', license, query, signal);
  }

  allIncomingTransfers(license: string, query: Omit<LastModifiedQuery, keyof PageQuery> = {}): AsyncGenerator<MetrcIncomingTransfer> {
    return eachRecord((pageNumber, pageSize) => this.listIncomingTransfers(license, { ...query, pageNumber, pageSize }));
  }

  async listTransferDeliveries(license: string, transferId: number, signal?: AbortSignal): Promise<MetrcTransferDelivery[]> {
    return listData(await this.request<MetrcListResponse<MetrcTransferDelivery>>('GET', `/transfers/v2/${transferId}/deliveries`, { license, signal }));
  }

  /** `{id}` is a delivery id (from listTransferDeliveries), not a manifest number. */
  async listDeliveryPackages(license: string, deliveryId: number, signal?: AbortSignal): Promise<MetrcDeliveryPackage[]> {
    return listData(await this.request<MetrcListResponse<MetrcDeliveryPackage>>('GET', `/transfers/v2/deliveries/${deliveryId}/packages`, { license, signal }));
  }

  // ---- lab results ------------------------------------------------------------------------

  async listLabResults(license: string, packageId: number, signal?: AbortSignal): Promise<MetrcLabResult[]> {
    return listData(await this.request<MetrcListResponse<MetrcLabResult>>('GET', '/labtests/v2/results', { license, query: { packageId }, signal }));
  }

  // ---- patients ---------------------------------------------------------------------------

  /** One row per registration; allotments in ounces. Metrc caches these up to 60 s. */
  async getPatientStatuses(license: string, patientLicenseNumber: string, signal?: AbortSignal): Promise<MetrcPatientStatus[]> {
    const body = await this.request<MetrcPatientStatus[] | MetrcPatientStatus | MetrcListResponse<MetrcPatientStatus>>(
      'GET',
      `/patients/v2/statuses/${encodeURIComponent(patientLicenseNumber)}`,
      { license, signal },
    );
    if (Array.isArray(body)) return body;
    // An empty answer (no body, or `null`) means no registration, as for a receipt look-up.
    if (body === undefined || body === null) return [];
    if (typeof body === 'object' && 'Data' in body) return listData(body);
    return [body as MetrcPatientStatus];
  }

  // ---- sales deliveries -------------------------------------------------------------------

  createSalesDeliveries(license: string, deliveries: MetrcSalesDeliveryInput[], signal?: AbortSignal): Promise<MetrcWriteResult> {
    return this.write('POST', '/sales/v2/deliveries', license, deliveries, signal);
  }

  completeSalesDeliveries(license: string, completions: MetrcSalesDeliveryCompletion[], signal?: AbortSignal): Promise<MetrcWriteResult> {
    return this.write('PUT', '/sales/v2/deliveries/complete', license, completions, signal);
  }

  async voidSalesDelivery(license: string, id: number, signal?: AbortSignal): Promise<void> {
    await this.request('DELETE', `/sales/v2/deliveries/${id}`, { license, signal });
  }

  getSalesDelivery(license: string, id: number, signal?: AbortSignal): Promise<MetrcSalesDelivery> {
    return this.request<MetrcSalesDelivery>('GET', `/sales/v2/deliveries/${id}`, { license, signal });
  }

  listSalesDeliveries(license: string, status: RecordStatus, query: LastModifiedQuery = {}, signal?: AbortSignal): Promise<MetrcListResponse<MetrcSalesDelivery>> {
    return this.list<MetrcSalesDelivery>(`/sales/v2/deliveries/${status}`, license, query, signal);
  }

  async getDeliveryReturnReasons(license: string, signal?: AbortSignal): Promise<MetrcReturnReason[]> {
    return listData(await this.request<MetrcReturnReason[] | MetrcListResponse<MetrcReturnReason>>('GET', '/sales/v2/deliveries/returnreasons', { license, signal }));
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private async list<T>(path: string, license: string, query: LastModifiedQuery & ReceiptQuery, signal?: AbortSignal): Promise<MetrcListResponse<T>> {
    if (query.pageSize !== undefined && (query.pageSize < 1 || query.pageSize > METRC_MAX_PAGE_SIZE)) {
      throw new RangeError(`Metrc pageSize must be 1..${METRC_MAX_PAGE_SIZE}`);
    }
    const body = await this.request<unknown>('GET', path, { license, query: { ...query }, signal });
    if (body === null || typeof body !== 'object' || !Array.isArray((body as { Data?: unknown }).Data)) {
      throw new MetrcError({ kind: 'malformed', method: 'GET', path, message: `Metrc GET ${path} answered without the v2 list wrapper (no Data array)` });
    }
    return body as MetrcListResponse<T>;
  }

  private async write(method: 'POST' | 'PUT', path: string, license: string, body: unknown[], signal?: AbortSignal): Promise<MetrcWriteResult> {
    const result = await this.request<Partial<MetrcWriteResult> | undefined>(method, path, { license, body, signal });
    return { Ids: result?.Ids ?? null, Warnings: result?.Warnings ?? null };
  }

  /** Low-level call for endpoints this client has no method for yet. */
  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const fullPath = withQuery(path, { licenseNumber: options.license, ...options.query });
    const headers = { authorization: this.#authorization };
    if (method !== 'GET') {
      const res = await callJson(this.http, { method, path: fullPath, headers, body: options.body, timeoutMs: this.timeoutMs, signal: options.signal });
      return res.body as T;
    }
    for (let attempt = 0; ; attempt++) {
      const release = this.limiter === null ? () => {} : await this.limiter.acquire(options.license);
      try {
        const res = await callJson(this.http, { method, path: fullPath, headers, timeoutMs: this.timeoutMs, signal: options.signal });
        return res.body as T;
      } catch (err) {
        if (!(err instanceof MetrcError) || !err.retryable || attempt >= this.getRetries) throw err;
        const delay = err.retryAfterMs ?? Math.min(this.maxRetryDelayMs, 200 * 2 ** attempt);
        if (delay > this.maxRetryDelayMs) throw err;
        release();
        await sleep(delay, options.signal);
      } finally {
        release();
      }
    }
  }

  /** Never print keys, whatever logger inspects the client. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, timeoutMs: this.timeoutMs };
  }
}

function listData<T>(body: T[] | MetrcListResponse<T>): T[] {
  if (Array.isArray(body)) return body;
  if (body !== null && typeof body === 'object' && Array.isArray(body.Data)) return body.Data;
  return [];
}

function withQuery(path: string, query: Record<string, string | number | boolean | Date | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    params.set(key, value instanceof Date ? value.toISOString() : String(value));
  }
  const qs = params.toString();
  return qs === '' ? path : `${path}?${qs}`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    // The listener goes when the wait ends, or a long-lived signal collects one per retry.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
