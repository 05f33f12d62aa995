import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { METRC_STATE_PROFILES, type MetrcEndpointGroup, type MetrcStateProfile } from '../metrc-states';
import type { MetrcPackage, MetrcReceipt } from '../metrc-types';
import { DEFAULT_GET_RATE_LIMITS, type GetRateLimits } from '../rate-limiter';
import { UNITS_OF_MEASURE } from '../units';
import { addFaultControlRoutes, FaultControls, GetLimitEnforcer, type ControlHandler, type FaultAction } from './faults';
import { errorPageHtml, readBody, Router, sendHtml, sendJson, SimHttpError, type RouteParams } from './http-kit';
import { demoSeed, type MetrcSimulatorSeed, type SeedPackage, type SeedPatient } from './metrc-seed';
import { MetrcStore, type PackagePatch, type ShippedTransfer, type ShipTransferInput, type SimAdjustment, type SimFacility } from './metrc-store';

export interface MetrcSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Facilities, keys, items, packages and patients; the demo chain by default. */
  seed?: MetrcSimulatorSeed;
  /** Per-state overrides of the profile table (endpoints, zone, adjustment reasons). */
  states?: Record<string, Partial<Omit<MetrcStateProfile, 'code'>>>;
  /** Server-side GET limits; defaults to the community SDK limits, `null` turns them off. */
  rateLimits?: Partial<GetRateLimits> | null;
  /** 413 when a POST/PUT array holds more objects than this. Off by default. */
  objectLimit?: number | null;
  /** Longest lastModified window accepted (default 24 h). */
  lastModifiedMaxRangeHours?: number;
  /** When set, /__control/* requires header `x-control-token` with this value. */
  controlToken?: string;
  /** Clock for LastModified stamps and allotment windows. */
  now?: () => Date;
}

export interface RequestLogEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  licenseNumber: string | null;
  status: number | 'lost';
  /** What the fault plan did to this request, if anything. */
  fault: 'status' | 'html' | 'lost-response' | 'delay' | 'rate-limit' | 'object-limit' | null;
  /** Number of objects in a POST/PUT array body. */
  objects: number | null;
}

export interface ReceiptFilter {
  license?: string;
  externalReceiptNumber?: string;
  status?: 'active' | 'inactive' | 'voided' | 'final';
}

export interface MetrcSimulator {
  /** Base URL to give a MetrcClient, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  control: MetrcSimulatorControl;
  close(): Promise<void>;
}

interface ApiCall {
  store: MetrcStore;
  query: URLSearchParams;
  body: unknown;
  userName: string;
  licenses: readonly string[];
  /** Set on facility routes. */
  license: string;
  facility: SimFacility;
}

interface ApiRoute {
  scope: 'reference' | 'facility';
  group?: MetrcEndpointGroup;
  /** Sales routes also need a licence type that can sell. */
  sales?: boolean;
  run: (call: ApiCall, params: RouteParams) => unknown;
}

const MAX_LOG = 2000;

/** Inspection and fault injection, the same operations over JS and over HTTP (/__control). */
export class MetrcSimulatorControl extends FaultControls {
  rateLimits: GetRateLimits | null;
  enforcer: GetLimitEnforcer | null;
  store: MetrcStore;
  readonly log: RequestLogEntry[] = [];
  private seq = 0;

  constructor(
    private readonly makeStore: () => MetrcStore,
    private readonly initial: { rateLimits: GetRateLimits | null; objectLimit: number | null },
  ) {
    super();
    this.store = makeStore();
    this.rateLimits = initial.rateLimits;
    this.enforcer = initial.rateLimits === null ? null : new GetLimitEnforcer(initial.rateLimits);
    this.faultPlan.objectLimit = initial.objectLimit;
  }

  /** Back to the seed: state, faults, limits and the request log. */
  reset(): void {
    this.store = this.makeStore();
    this.faultPlan.clear();
    this.faultPlan.objectLimit = this.initial.objectLimit;
    this.setRateLimits(this.initial.rateLimits);
    this.log.length = 0;
  }

  // ---- limits --------------------------------------------------------------------------------

  setObjectLimit(limit: number | null): void {
    if (limit !== null && !(Number.isInteger(limit) && limit > 0)) throw new RangeError('objectLimit must be a positive integer or null');
    this.faultPlan.objectLimit = limit;
  }

  setRateLimits(limits: Partial<GetRateLimits> | null): void {
    this.rateLimits = limits === null ? null : { ...DEFAULT_GET_RATE_LIMITS, ...limits };
    this.enforcer = this.rateLimits === null ? null : new GetLimitEnforcer(this.rateLimits);
  }

  // ---- inspection ----------------------------------------------------------------------------

  receipts(filter: ReceiptFilter = {}): MetrcReceipt[] {
    return this.store.allReceipts(filter.license).filter((r) => {
      if (filter.externalReceiptNumber !== undefined && r.ExternalReceiptNumber !== filter.externalReceiptNumber) return false;
      if (filter.status === 'active') return !r.IsFinal && r.ArchivedDate === null;
      if (filter.status === 'inactive') return r.IsFinal || r.ArchivedDate !== null;
      if (filter.status === 'voided') return r.ArchivedDate !== null;
      if (filter.status === 'final') return r.IsFinal;
      return true;
    });
  }

  packages(license?: string): MetrcPackage[] {
    return this.store.allPackages(license);
  }

  package(label: string, license?: string): MetrcPackage | undefined {
    return this.store.findPackage(label, license);
  }

  /** Quantity of a package in its own unit, or undefined when unknown. */
  quantity(label: string, license?: string): number | undefined {
    return this.package(label, license)?.Quantity;
  }

  adjustments(license?: string): SimAdjustment[] {
    return this.store.adjustmentsLog(license);
  }

  salesDeliveries(license?: string) {
    return this.store.allSalesDeliveries(license);
  }

  patientStatus(state: string, patientLicenseNumber: string) {
    return this.store.patientStatus(state, patientLicenseNumber);
  }

  requests(): RequestLogEntry[] {
    return this.log.map((e) => ({ ...e }));
  }

  clearRequests(): void {
    this.log.length = 0;
  }

  // ---- state changes the real Metrc makes outside the API -------------------------------------

  addPackage(pkg: SeedPackage): MetrcPackage {
    return this.store.addPackage(pkg);
  }

  patchPackage(label: string, patch: PackagePatch, license?: string): MetrcPackage {
    return this.store.patchPackage(label, patch, license);
  }

  addPatient(patient: SeedPatient): void {
    this.store.addPatient(patient);
  }

  addLabResult(label: string, passed: boolean, testTypeName?: string) {
    return this.store.addLabResult(label, passed, testTypeName);
  }

  /** A distributor ships a manifest to a store: it shows up in the store's incoming transfers. */
  shipTransfer(input: ShipTransferInput): ShippedTransfer {
    return this.store.shipTransfer(input);
  }

  /** The store receives the manifest (done in the Metrc UI in real life): packages become active. */
  receiveTransfer(manifestNumber: string): MetrcPackage[] {
    return this.store.receiveTransfer(manifestNumber);
  }

  record(entry: Omit<RequestLogEntry, 'seq' | 'at'>): void {
    this.log.push({ seq: ++this.seq, at: new Date().toISOString(), ...entry });
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
  }
}

export async function startMetrcSimulator(options: MetrcSimulatorOptions = {}): Promise<MetrcSimulator> {
  const profiles: Record<string, MetrcStateProfile> = { ...METRC_STATE_PROFILES };
  for (const [code, override] of Object.entries(options.states ?? {})) {
    const upper = code.toUpperCase();
    const base = profiles[upper] ?? { code: upper, timezone: 'UTC', endpoints: [], adjustmentReasons: [], deliveryReturnReasons: [] };
    profiles[upper] = { ...base, ...override, code: upper };
  }
  const seed = options.seed ?? demoSeed();
  const now = options.now ?? (() => new Date());
  const control = new MetrcSimulatorControl(
    () => new MetrcStore(structuredClone(seed), { profiles, now, lastModifiedMaxRangeHours: options.lastModifiedMaxRangeHours ?? 24 }),
    {
      rateLimits: options.rateLimits === null ? null : { ...DEFAULT_GET_RATE_LIMITS, ...options.rateLimits },
      objectLimit: options.objectLimit ?? null,
    },
  );
  const vendorKeys = new Set(seed.vendorKeys);
  const users = new Map(seed.users.map((u) => [u.userKey, u]));
  const api = buildApiRouter();
  const controlRouter = buildControlRouter();
  const sockets = new Set<Socket>();
  let closed = false;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof SimHttpError) return sendJson(res, err.status, err.body);
      sendJson(res, 500, { Message: 'Simulator error' });
      // A bug in the simulator must be visible to whoever runs the tests.
      console.error('[metrc-simulator]', err);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/__control')) return handleControl(req, res, url, method);

    // The body is read before any delay, so a write the caller gave up on still commits, as it
    // would on a real server that was merely slow.
    const body = method === 'POST' || method === 'PUT' ? await readBody(req) : (await drain(req), undefined);
    const licenseNumber = url.searchParams.get('licenseNumber');
    const entry: Omit<RequestLogEntry, 'seq' | 'at'> = { method, path: url.pathname, licenseNumber, status: 200, fault: null, objects: null };
    const finish = (status: number | 'lost', fault: RequestLogEntry['fault'] = entry.fault) => control.record({ ...entry, status, fault });

    const decision = control.faultPlan.decide(method, url.pathname);
    if (decision.delayMs > 0) {
      entry.fault = 'delay';
      await delay(decision.delayMs);
      if (closed) return finish('lost');
    }
    if (decision.action !== null && decision.action.type !== 'lost-response') {
      return answerFault(res, decision.action, finish);
    }

    // Basic auth: vendor key as user name, user key as password. Metrc answers 401 with no body.
    const credentials = parseBasic(req.headers.authorization);
    const user = credentials === null ? undefined : users.get(credentials.userKey);
    if (credentials === null || !vendorKeys.has(credentials.vendorKey) || user === undefined) {
      sendJson(res, 401, undefined, { 'www-authenticate': 'Basic realm="Metrc API (simulated)"' });
      return finish(401);
    }

    const match = api.match(method, url.pathname);
    if (match === null) {
      sendJson(res, 404, { Message: 'No HTTP resource was found that matches the request URI.' });
      return finish(404);
    }
    if ('allowed' in match) {
      sendJson(res, 405, { Message: `The requested resource does not support http method '${method}'.` }, { allow: match.allowed.join(', ') });
      return finish(405);
    }
    const route = match.value;
    const store = control.store;
    let facility: SimFacility | undefined;
    if (route.scope === 'facility') {
      if (licenseNumber === null || licenseNumber.trim() === '') {
          sendJson(res, 400, { Message: 'licenseNumber is required' });
        return finish(400);
      }
      facility = store.facilities.get(licenseNumber);
      if (facility === undefined || !user.licenses.includes(licenseNumber)) {
          sendJson(res, 403, { Message: `User does not have access to facility ${licenseNumber}` });
        return finish(403);
      }
      const canSell = facility.canSellToConsumers || facility.canSellToPatients;
      if ((route.group !== undefined && !facility.profile.endpoints.includes(route.group)) || (route.sales === true && !canSell)) {
          sendJson(res, 403, { Message: 'No valid endpoint found' });
        return finish(403);
      }
    }

    if (method === 'GET' && control.enforcer !== null) {
      const enforcer = control.enforcer;
      const verdict = enforcer.admit(facility?.license, credentials.vendorKey);
      if (verdict !== null) {
        sendJson(res, 429, { Message: 'Too many requests. Please retry later.' }, { 'retry-after': String(verdict.retryAfterSeconds) });
        return finish(429, 'rate-limit');
      }
      const release = () => enforcer.done(facility?.license, credentials.vendorKey);
      // A caller that already hung up (during a delay) will not emit 'close' again.
      if (res.destroyed || req.socket.destroyed) release();
      else res.once('close', release);
    }

    if (Array.isArray(body)) {
      entry.objects = body.length;
      const limit = control.faultPlan.objectLimit;
      if (limit !== null && body.length > limit) {
        sendJson(res, 413, { Message: `The request contains ${body.length} objects; no more than ${limit} are allowed per request.` });
        return finish(413, 'object-limit');
      }
    }

    let status = 200;
    let payload: unknown;
    try {
      payload = route.run(
        { store, query: url.searchParams, body, userName: user.name, licenses: user.licenses, license: licenseNumber ?? '', facility: facility as SimFacility },
        match.params,
      );
    } catch (err) {
      if (!(err instanceof SimHttpError)) throw err;
      status = err.status;
      payload = err.body;
    }
    if (decision.action?.type === 'lost-response') {
      // The write is committed; the caller never hears about it. This is the case that makes
      // lookup-by-external-number necessary before any re-post.
      res.socket?.destroy();
      return finish('lost', 'lost-response');
    }
    sendJson(res, status, payload);
    return finish(status);
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
    if (options.controlToken !== undefined && req.headers['x-control-token'] !== options.controlToken) {
      await drain(req);
      return sendJson(res, 401, { error: 'control token required' });
    }
    const match = controlRouter.match(method, url.pathname);
    if (match === null || 'allowed' in match) {
      await drain(req);
      return sendJson(res, 404, { error: `no control endpoint ${method} ${url.pathname}` });
    }
    const body = method === 'POST' || method === 'PUT' || method === 'PATCH' ? await readBody(req) : (await drain(req), undefined);
    try {
      const result = match.value(control, { query: url.searchParams, body: (body ?? {}) as Record<string, unknown>, params: match.params });
      sendJson(res, 200, result === undefined ? { ok: true } : result);
    } catch (err) {
      if (err instanceof SimHttpError) return sendJson(res, err.status, { error: err.message });
      if (err instanceof RangeError || err instanceof TypeError) return sendJson(res, 400, { error: err.message });
      throw err;
    }
  }

  function answerFault(res: ServerResponse, action: Exclude<FaultAction, { type: 'lost-response' }>, finish: (s: number, f: RequestLogEntry['fault']) => void): void {
    if (action.type === 'html') {
      sendHtml(res, action.status, errorPageHtml(action.status, action.title));
      return finish(action.status, 'html');
    }
    const headers: Record<string, string> = action.retryAfterSeconds === undefined ? {} : { 'retry-after': String(action.retryAfterSeconds) };
    sendJson(res, action.status, { Message: action.message }, headers);
    finish(action.status, 'status');
  }

  const pendingDelays = new Set<() => void>();
  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pendingDelays.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      pendingDelays.add(done);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    control,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        for (const release of [...pendingDelays]) release();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function parseBasic(header: string | undefined): { vendorKey: string; userKey: string } | null {
  if (header === undefined || !/^basic /i.test(header)) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { vendorKey: decoded.slice(0, colon), userKey: decoded.slice(colon + 1) };
}

async function drain(req: IncomingMessage): Promise<void> {
  if (req.readableEnded) return;
  for await (const _ of req) {
    // discard
  }
}

function idParam(params: RouteParams, name = 'id'): number {
  const raw = params[name] ?? '';
  if (!/^\d+$/.test(raw)) throw new SimHttpError(404, `No record with id ${raw}`);
  return Number(raw);
}

const written = (ids: number[]) => ({ Ids: ids, Warnings: null });

function buildApiRouter(): Router<ApiRoute> {
  const r = new Router<ApiRoute>();
  const reference = (run: ApiRoute['run']): ApiRoute => ({ scope: 'reference', run });
  const facility = (group: MetrcEndpointGroup | undefined, run: ApiRoute['run'], sales = false): ApiRoute => ({ scope: 'facility', group, sales, run });

  r.add('GET', '/facilities/v2', reference((c) => [...c.store.facilities.values()].filter((f) => c.licenses.includes(f.license)).map((f) => c.store.facilityWire(f))));
  r.add('GET', '/unitsofmeasure/v2/active', reference(() =>
    UNITS_OF_MEASURE.map((u) => ({ Name: u.name, Abbreviation: u.abbreviation, QuantityType: u.quantityType, IsBaseUnit: u.toBase === 1, IsArchived: false })),
  ));
  r.add('GET', '/sales/v2/customertypes', reference(() => ['Consumer', 'Patient', 'Caregiver', 'ExternalPatient', 'NonResidentConsumer']));

  for (const status of ['active', 'onhold', 'inactive']) {
    r.add('GET', `/packages/v2/${status}`, facility('packages', (c) => c.store.listPackages(c.license, status, c.query)));
  }
  r.add('GET', '/packages/v2/adjust/reasons', facility('packages', (c) => c.store.adjustmentReasons(c.license)));
  r.add('POST', '/packages/v2/adjust', facility('packages', (c) => written(c.store.adjustPackages(c.license, c.body))));
  r.add('GET', '/packages/v2/:label', facility('packages', (c, p) => c.store.getPackage(c.license, p.label ?? '')));

  r.add('GET', '/items/v2/active', facility('items', (c) => c.store.listItems(c.license, c.query)));

  const receipts = (run: ApiRoute['run']) => facility('sales.receipts', run, true);
  r.add('POST', '/sales/v2/receipts', receipts((c) => written(c.store.createReceipts(c.license, c.body, c.userName))));
  r.add('PUT', '/sales/v2/receipts', receipts((c) => written(c.store.updateReceipts(c.license, c.body))));
  r.add('PUT', '/sales/v2/receipts/finalize', receipts((c) => written(c.store.setFinal(c.license, c.body, true))));
  r.add('PUT', '/sales/v2/receipts/unfinalize', receipts((c) => written(c.store.setFinal(c.license, c.body, false))));
  r.add('GET', '/sales/v2/receipts/active', receipts((c) => c.store.listReceipts(c.license, 'active', c.query)));
  r.add('GET', '/sales/v2/receipts/inactive', receipts((c) => c.store.listReceipts(c.license, 'inactive', c.query)));
  r.add('GET', '/sales/v2/receipts/external/:number', receipts((c, p) => c.store.findReceiptByExternal(c.license, p.number ?? '')));
  r.add('GET', '/sales/v2/receipts/:id', receipts((c, p) => c.store.getReceipt(c.license, idParam(p))));
  r.add('DELETE', '/sales/v2/receipts/:id', receipts((c, p) => {
    c.store.voidReceipt(c.license, idParam(p));
    return undefined;
  }));

  r.add('GET', '/transfers/v2/incoming', facility('transfers', (c) => c.store.listIncomingTransfers(c.license, c.query)));
  r.add('GET', '/transfers/v2/:id/deliveries', facility('transfers', (c, p) => c.store.transferDeliveries(c.license, idParam(p))));
  r.add('GET', '/transfers/v2/deliveries/:id/packages', facility('transfers', (c, p) => c.store.deliveryPackages(c.license, idParam(p))));

  r.add('GET', '/labtests/v2/results', facility('labtests', (c) => c.store.labResults(c.license, c.query)));

  r.add('GET', '/patients/v2/statuses/:number', facility('patients.statuses', (c, p) => c.store.patientStatuses(c.license, p.number ?? '')));

  const deliveries = (run: ApiRoute['run']) => facility('sales.deliveries', run, true);
  r.add('POST', '/sales/v2/deliveries', deliveries((c) => written(c.store.createSalesDeliveries(c.license, c.body))));
  r.add('PUT', '/sales/v2/deliveries/complete', deliveries((c) => written(c.store.completeSalesDeliveries(c.license, c.body))));
  r.add('GET', '/sales/v2/deliveries/active', deliveries((c) => c.store.listSalesDeliveries(c.license, 'active', c.query)));
  r.add('GET', '/sales/v2/deliveries/inactive', deliveries((c) => c.store.listSalesDeliveries(c.license, 'inactive', c.query)));
  r.add('GET', '/sales/v2/deliveries/returnreasons', deliveries((c) => c.store.facility(c.license).profile.deliveryReturnReasons));
  r.add('GET', '/sales/v2/deliveries/:id', deliveries((c, p) => c.store.getSalesDelivery(c.license, idParam(p))));
  r.add('DELETE', '/sales/v2/deliveries/:id', deliveries((c, p) => {
    c.store.voidSalesDelivery(c.license, idParam(p));
    return undefined;
  }));
  return r;
}

type MetrcControlHandler = ControlHandler<MetrcSimulatorControl>;

function buildControlRouter(): Router<MetrcControlHandler> {
  const r = new Router<MetrcControlHandler>();
  const optional = (q: URLSearchParams, key: string) => q.get(key) ?? undefined;

  r.add('GET', '/__control/health', () => ({ ok: true }));
  r.add('POST', '/__control/reset', (c) => c.reset());
  addFaultControlRoutes<MetrcSimulatorControl>((method, pattern, handler) => r.add(method, pattern, handler));
  r.add('POST', '/__control/object-limit', (c, { body }) => c.setObjectLimit(body.limit === null || body.limit === undefined ? null : Number(body.limit)));
  r.add('POST', '/__control/rate-limits', (c, { body }) => c.setRateLimits(body.limits === null ? null : ((body.limits ?? body) as Partial<GetRateLimits>)));

  r.add('GET', '/__control/receipts', (c, { query }) =>
    c.receipts({
      license: optional(query, 'license'),
      externalReceiptNumber: optional(query, 'externalReceiptNumber'),
      status: optional(query, 'status') as ReceiptFilter['status'],
    }),
  );
  r.add('GET', '/__control/packages', (c, { query }) => c.packages(optional(query, 'license')));
  r.add('POST', '/__control/packages', (c, { body }) => c.addPackage(body as unknown as SeedPackage));
  r.add('GET', '/__control/packages/:label', (c, { params, query }) => {
    const pkg = c.package(params.label ?? '', optional(query, 'license'));
    if (pkg === undefined) throw new SimHttpError(404, `Package ${params.label} was not found`);
    return pkg;
  });
  r.add('PATCH', '/__control/packages/:label', (c, { params, body, query }) => c.patchPackage(params.label ?? '', body as PackagePatch, optional(query, 'license')));
  r.add('POST', '/__control/packages/:label', (c, { params, body, query }) => c.patchPackage(params.label ?? '', body as PackagePatch, optional(query, 'license')));
  r.add('POST', '/__control/lab-results', (c, { body }) =>
    c.addLabResult(String(body.label), body.passed !== false, typeof body.testTypeName === 'string' ? body.testTypeName : undefined),
  );
  r.add('GET', '/__control/adjustments', (c, { query }) => c.adjustments(optional(query, 'license')));
  r.add('GET', '/__control/sales-deliveries', (c, { query }) => c.salesDeliveries(optional(query, 'license')));
  r.add('POST', '/__control/patients', (c, { body }) => c.addPatient(body as unknown as SeedPatient));
  r.add('GET', '/__control/patients/:state/:number', (c, { params }) => {
    const status = c.patientStatus(params.state ?? '', params.number ?? '');
    if (status === undefined) throw new SimHttpError(404, `Patient ${params.number} was not found`);
    return status;
  });
  r.add('POST', '/__control/transfers/ship', (c, { body }) => c.shipTransfer(body as unknown as ShipTransferInput));
  r.add('POST', '/__control/transfers/:manifest/receive', (c, { params }) => c.receiveTransfer(params.manifest ?? ''));
  r.add('GET', '/__control/requests', (c) => c.requests());
  r.add('DELETE', '/__control/requests', (c) => c.clearRequests());
  return r;
}
