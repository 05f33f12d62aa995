import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { BioTrackDispenseItem, BioTrackDispenseRecord, BioTrackInventoryLot, BioTrackSaleType } from '../biotrack-client';
import { roundQuantity } from '../units';
import { addFaultControlRoutes, FaultControls, type ControlHandler } from './faults';
import { asArray, asObject, errorPageHtml, num, optStr, readBody, Router, sendHtml, sendJson, SimHttpError, str, type Json } from './http-kit';

/**
 * A small stateful BioTrack v3 stand-in: sessions, inventory lots, dispenses (with RequestID
 * replay), voids and adjustments, plus the same fault injection as the Metrc simulator.
 * Errors answer `{ "Error": "…" }`.
 */
export interface BioTrackSimulatorSeed {
  ubi: string;
  username: string;
  password: string;
  locations: string[];
  lots: Array<BioTrackInventoryLot & { location: string }>;
}

export const BIOTRACK_DEMO = {
  ubi: '603000001',
  username: 'sim.budtender',
  password: 'sim-biotrack-pass-5c2e91',
  location: '400000001',
  lots: { flower: '6200000000000001', prerolls: '6200000000000002', onHold: '6200000000000003' },
} as const;

export function biotrackDemoSeed(): BioTrackSimulatorSeed {
  const location = BIOTRACK_DEMO.location;
  return {
    ubi: BIOTRACK_DEMO.ubi,
    username: BIOTRACK_DEMO.username,
    password: BIOTRACK_DEMO.password,
    locations: [location],
    lots: [
      { location, Barcode: BIOTRACK_DEMO.lots.flower, ProductName: 'Sour Diesel Flower', Quantity: 500, UOM: 'g', OnHold: false },
      { location, Barcode: BIOTRACK_DEMO.lots.prerolls, ProductName: 'Pre-roll 1g', Quantity: 40, UOM: 'ea', OnHold: false },
      { location, Barcode: BIOTRACK_DEMO.lots.onHold, ProductName: 'Tincture 30ml', Quantity: 12, UOM: 'ea', OnHold: true },
    ],
  };
}

export interface BioTrackSimulatorOptions {
  port?: number;
  host?: string;
  seed?: BioTrackSimulatorSeed;
  /** Session lifetime; BioTrack's JWTs last about 7 days. */
  sessionTtlMs?: number;
}

export interface BioTrackSimulator {
  url: string;
  port: number;
  control: BioTrackSimulatorControl;
  close(): Promise<void>;
}

interface Lot extends BioTrackInventoryLot {
  location: string;
}

interface BioTrackState {
  sessions: Map<string, number>;
  lots: Map<string, Lot>;
  dispenses: Map<string, BioTrackDispenseRecord & { RequestID: string }>;
  adjustments: Array<{ AdjustmentID: string; LocationLicense: string; Barcode: string; Quantity: number; Reason: string; Note: string | null }>;
  serial: number;
}

// RFC 3339 with a colon offset or Z, as BioTrack's Go parser demands.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const bioError = (status: number, message: string) => new SimHttpError(status, message, { Error: message });

export class BioTrackSimulatorControl extends FaultControls {
  state: BioTrackState;
  requestCount = 0;

  constructor(private readonly seed: BioTrackSimulatorSeed) {
    super();
    this.state = this.fresh();
  }

  private fresh(): BioTrackState {
    return {
      sessions: new Map(),
      lots: new Map(this.seed.lots.map((l) => [l.Barcode, { ...l }])),
      dispenses: new Map(),
      adjustments: [],
      serial: 1,
    };
  }

  reset(): void {
    this.state = this.fresh();
    this.faultPlan.clear();
    this.requestCount = 0;
  }

  /** Every open session becomes invalid; the next call gets 401 and the client logs in again. */
  expireSessions(): void {
    this.state.sessions.clear();
  }

  dispenses(): BioTrackDispenseRecord[] {
    return [...this.state.dispenses.values()].map(({ RequestID: _r, ...d }) => structuredClone(d));
  }

  inventory(location?: string): Lot[] {
    return [...this.state.lots.values()].filter((l) => location === undefined || l.location === location).map((l) => ({ ...l }));
  }

  quantity(barcode: string): number | undefined {
    return this.state.lots.get(barcode)?.Quantity;
  }

  adjustments() {
    return this.state.adjustments.map((a) => ({ ...a }));
  }
}

export async function startBioTrackSimulator(options: BioTrackSimulatorOptions = {}): Promise<BioTrackSimulator> {
  const seed = options.seed ?? biotrackDemoSeed();
  const ttl = options.sessionTtlMs ?? 7 * 24 * 3_600_000;
  const control = new BioTrackSimulatorControl(seed);
  const locations = new Set(seed.locations);
  type Handler = (body: Json, query: URLSearchParams) => unknown;
  const api = new Router<{ auth: boolean; run: Handler }>();
  const controlRouter = new Router<ControlHandler<BioTrackSimulatorControl>>();
  const sockets = new Set<Socket>();
  let closed = false;

  const s = () => control.state;
  const nextId = (prefix: string) => `${prefix}${String(s().serial++).padStart(8, '0')}`;
  const location = (value: unknown) => {
    if (typeof value !== 'string' || !locations.has(value)) throw bioError(403, `Location ${String(value)} is not licensed to this account`);
    return value;
  };

  api.add('POST', '/v1/login', {
    auth: false,
    run: (body) => {
      if (body.UBI !== seed.ubi || body.Username !== seed.username || body.Password !== seed.password) throw bioError(401, 'invalid credentials');
      const token = randomBytes(24).toString('base64url');
      s().sessions.set(token, Date.now() + ttl);
      return { Session: token };
    },
  });

  api.add('POST', '/v1/dispense', {
    auth: true,
    run: (body) => {
      const requestId = str(body, 'RequestID', 'dispense');
      const replay = [...s().dispenses.values()].find((d) => d.RequestID === requestId);
      if (replay !== undefined) return { TransactionID: replay.TransactionID };
      const loc = location(body.LocationLicense);
      const type = str(body, 'Type', 'dispense') as BioTrackSaleType;
      if (type !== 'RECREATIONAL' && type !== 'MEDICAL') throw bioError(400, `invalid Type ${type}`);
      const datetime = str(body, 'Datetime', 'dispense');
      if (!RFC3339.test(datetime)) throw bioError(400, `parsing time "${datetime}" as "2006-01-02T15:04:05Z07:00": cannot parse`);
      const patient = optStr(body, 'PatientCardKey', 'dispense');
      if (type === 'MEDICAL' && patient === null) throw bioError(400, 'PatientCardKey is required for MEDICAL sales');
      const planned = new Map<string, number>();
      const items = asArray(body.Items, 'items').map((raw, i): BioTrackDispenseItem => {
        const it = asObject(raw, `Items[${i}]`);
        const barcode = str(it, 'Barcode', `Items[${i}]`);
        const quantity = num(it, 'Quantity', `Items[${i}]`);
        const lot = s().lots.get(barcode);
        if (lot === undefined || lot.location !== loc) throw bioError(400, `Items[${i}]: barcode ${barcode} not found at ${loc}`);
        if (lot.OnHold) throw bioError(400, `Items[${i}]: barcode ${barcode} is on hold`);
        if (!(quantity > 0)) throw bioError(400, `Items[${i}]: quantity must be positive`);
        const left = roundQuantity(lot.Quantity - (planned.get(barcode) ?? 0) - quantity);
        if (left < 0) throw bioError(400, `Items[${i}]: insufficient quantity for ${barcode}`);
        planned.set(barcode, (planned.get(barcode) ?? 0) + quantity);
        const tax = (it.Tax ?? {}) as Json;
        return { Barcode: barcode, Quantity: quantity, Price: num(it, 'Price', `Items[${i}]`), Tax: { Excise: Number(tax.Excise ?? 0), Other: Number(tax.Other ?? 0) } };
      });
      for (const [barcode, qty] of planned) {
        const lot = s().lots.get(barcode) as Lot;
        lot.Quantity = roundQuantity(lot.Quantity - qty);
      }
      const record = { TransactionID: nextId('T'), ExternalID: optStr(body, 'ExternalID', 'dispense') ?? '', LocationLicense: loc, Type: type, Datetime: datetime, Voided: false, Items: items, RequestID: requestId };
      s().dispenses.set(record.TransactionID, record);
      return { TransactionID: record.TransactionID };
    },
  });

  api.add('GET', '/v1/dispense', {
    auth: true,
    run: (_b, query) => {
      const loc = location(query.get('LocationLicense'));
      const external = query.get('ExternalID');
      const rows = [...s().dispenses.values()].filter((d) => d.LocationLicense === loc && (external === null || d.ExternalID === external));
      return { Data: rows.map(({ RequestID: _r, ...d }) => d) };
    },
  });

  api.add('POST', '/v1/dispense/void', {
    auth: true,
    run: (body) => {
      const id = str(body, 'TransactionID', 'void');
      const d = s().dispenses.get(id);
      if (d === undefined) throw bioError(404, `transaction ${id} not found`);
      if (d.Voided) throw bioError(400, `transaction ${id} is already void`);
      for (const item of d.Items) {
        const lot = s().lots.get(item.Barcode);
        if (lot !== undefined) lot.Quantity = roundQuantity(lot.Quantity + item.Quantity);
      }
      d.Voided = true;
      return { Success: 1 };
    },
  });

  api.add('POST', '/v1/inventory/adjust', {
    auth: true,
    run: (body) => {
      const loc = location(body.LocationLicense);
      const barcode = str(body, 'Barcode', 'adjust');
      const quantity = num(body, 'Quantity', 'adjust');
      const reason = str(body, 'Reason', 'adjust');
      const lot = s().lots.get(barcode);
      if (lot === undefined || lot.location !== loc) throw bioError(400, `barcode ${barcode} not found at ${loc}`);
      const after = roundQuantity(lot.Quantity + quantity);
      if (after < 0) throw bioError(400, `adjustment would make ${barcode} negative`);
      lot.Quantity = after;
      const AdjustmentID = nextId('A');
      s().adjustments.push({ AdjustmentID, LocationLicense: loc, Barcode: barcode, Quantity: quantity, Reason: reason, Note: optStr(body, 'Note', 'adjust') });
      return { AdjustmentID };
    },
  });

  api.add('GET', '/v1/inventory', {
    auth: true,
    run: (_b, query) => {
      const loc = location(query.get('LocationLicense'));
      return { Data: control.inventory(loc).map(({ location: _l, ...lot }) => lot) };
    },
  });

  controlRouter.add('GET', '/__control/health', () => ({ ok: true }));
  controlRouter.add('POST', '/__control/reset', (c) => c.reset());
  controlRouter.add('POST', '/__control/sessions/expire', (c) => c.expireSessions());
  controlRouter.add('GET', '/__control/dispenses', (c) => c.dispenses());
  controlRouter.add('GET', '/__control/inventory', (c, { query }) => c.inventory(query.get('location') ?? undefined));
  controlRouter.add('GET', '/__control/adjustments', (c) => c.adjustments());
  addFaultControlRoutes<BioTrackSimulatorControl>((method, pattern, handler) => controlRouter.add(method, pattern, handler));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://biotrack.local');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = method === 'POST' || method === 'PUT' || method === 'PATCH' ? await readBody(req) : undefined;

    if (url.pathname.startsWith('/__control')) {
      const m = controlRouter.match(method, url.pathname);
      if (m === null || 'allowed' in m) return sendJson(res, 404, { error: `no control endpoint ${method} ${url.pathname}` });
      try {
        const result = m.value(control, { query: url.searchParams, body: (body ?? {}) as Record<string, unknown>, params: m.params });
        return sendJson(res, 200, result === undefined ? { ok: true } : result);
      } catch (err) {
        if (err instanceof RangeError || err instanceof TypeError) return sendJson(res, 400, { error: err.message });
        throw err;
      }
    }

    control.requestCount++;
    const decision = control.faultPlan.decide(method, url.pathname);
    if (decision.delayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
      // A caller that hung up during the delay does not undo its write: the body is in, so the
      // call still runs and commits, as on a real server that was merely slow (and as the Metrc
      // simulator does). Only the answer goes nowhere.
      if (closed) return;
    }
    const action = decision.action;
    if (action?.type === 'html') return sendHtml(res, action.status, errorPageHtml(action.status, action.title));
    if (action?.type === 'status') {
      return sendJson(res, action.status, { Error: action.message }, action.retryAfterSeconds === undefined ? {} : { 'retry-after': String(action.retryAfterSeconds) });
    }

    const m = api.match(method, url.pathname);
    if (m === null || 'allowed' in m) throw bioError(404, `no route ${method} ${url.pathname}`);
    if (m.value.auth) {
      const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const expires = token === undefined ? undefined : s().sessions.get(token);
      if (expires === undefined || expires < Date.now()) throw bioError(401, 'session expired or invalid');
    }
    const result = m.value.run(body === undefined ? {} : asObject(body, 'body'), url.searchParams);
    if (action?.type === 'lost-response') {
      res.socket?.destroy();
      return;
    }
    sendJson(res, 200, result);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof SimHttpError) {
        const body = err.body !== null && typeof err.body === 'object' && 'Error' in err.body ? err.body : { Error: err.message };
        return sendJson(res, err.status, body);
      }
      console.error('[biotrack-simulator]', err);
      sendJson(res, 500, { Error: 'simulator error' });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    port: address.port,
    control,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
