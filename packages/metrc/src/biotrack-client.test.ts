import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BioTrackClient, BioTrackError } from './biotrack-client';
import { BioTrackEngine, toBioTrackDispense } from './biotrack-engine';
import { BIOTRACK_DEMO, startBioTrackSimulator, type BioTrackSimulator } from './simulator/biotrack-simulator';
import { reportSaleOnce, type TraceSale } from './traceability';

let sim: BioTrackSimulator;

// A patient client unless a test is about time-outs: a loaded CI machine can take more than a
// second to answer a login. The time-out tests give the client a second and make the simulator
// answer 2.5 s late, so a slow machine cannot blur the two (100 ms let a plain login time out).
const TIMEOUT_MS = 1_000;
const LATE_MS = 2_500;

function client(overrides: { password?: string; timeoutMs?: number } = {}): BioTrackClient {
  return new BioTrackClient({ baseUrl: sim.url, ubi: BIOTRACK_DEMO.ubi, username: BIOTRACK_DEMO.username, password: overrides.password ?? BIOTRACK_DEMO.password, timeoutMs: overrides.timeoutMs ?? 10_000 });
}

function sale(id: string, grams = 3.5): TraceSale {
  return {
    externalReceiptNumber: id,
    salesDateTime: '2025-01-15T19:30:00Z',
    timezone: 'America/Denver',
    customerType: 'Consumer',
    lines: [{ packageLabel: BIOTRACK_DEMO.lots.flower, quantity: grams, unitOfMeasure: 'Grams', totalAmountCents: 4000, taxes: { exciseCents: 480, salesCents: 300, cityCents: 100 } }],
  };
}

beforeAll(async () => {
  sim = await startBioTrackSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

describe('toBioTrackDispense', () => {
  it('sends RFC 3339 with a colon offset, grams, and excise apart from other taxes', () => {
    const d = toBioTrackDispense({ ...sale('x'), lines: [{ ...sale('x').lines[0]!, quantity: 0.125, unitOfMeasure: 'Ounces' }] }, BIOTRACK_DEMO.location);
    expect(d.Datetime).toBe('2025-01-15T12:30:00-07:00');
    expect(d).toMatchObject({ Type: 'RECREATIONAL', RequestID: 'x', ExternalID: 'x' });
    expect(d.Items[0]).toEqual({ Barcode: BIOTRACK_DEMO.lots.flower, Quantity: 3.54369, Price: 40, Tax: { Excise: 4.8, Other: 4 } });
  });
});

describe('BioTrackClient and engine', () => {
  it('logs in, dispenses, finds by external id and voids', async () => {
    const engine = new BioTrackEngine({ client: client(), licenseNumber: BIOTRACK_DEMO.location });
    const ref = await engine.reportSale(sale('bt-1'));
    expect(sim.control.quantity(BIOTRACK_DEMO.lots.flower)).toBe(496.5);
    expect(await engine.findSaleByExternalNumber('bt-1')).toEqual({ engine: 'biotrack', externalId: ref.externalId, voided: false });
    await engine.voidSale(ref.externalId);
    expect(sim.control.quantity(BIOTRACK_DEMO.lots.flower)).toBe(500);
    expect(await engine.findSaleByExternalNumber('bt-1')).toMatchObject({ voided: true });
  });

  it('adjusts inventory and lists lots', async () => {
    const engine = new BioTrackEngine({ client: client(), licenseNumber: BIOTRACK_DEMO.location });
    await engine.reportAdjustment({ packageLabel: BIOTRACK_DEMO.lots.prerolls, quantity: -2, unitOfMeasure: 'Each', reason: 'Damaged', adjustedAt: new Date(), timezone: 'America/Denver' });
    const lots = await engine.listPackages();
    expect(lots.find((l) => l.label === BIOTRACK_DEMO.lots.prerolls)).toMatchObject({ quantity: 38, unitOfMeasure: 'Each', sellable: true });
    expect(lots.find((l) => l.label === BIOTRACK_DEMO.lots.onHold)).toMatchObject({ onHold: true, sellable: false });
  });

  it('renews an expired session once, transparently', async () => {
    const c = client();
    await c.login();
    sim.control.expireSessions();
    await expect(c.listInventory(BIOTRACK_DEMO.location)).resolves.toHaveLength(3);
  });

  it('does not fail a call because another caller sharing its login gave up', async () => {
    const c = client();
    // The login answers a second late, so the first caller has surely given up (at 30 ms) while it
    // is still on its way (a 150 ms login could finish first when a loaded machine ran the abort late).
    sim.control.slow(1000, { path: '/v1/login', count: 1 });
    const impatient = new AbortController();
    const first = c.listInventory(BIOTRACK_DEMO.location, impatient.signal);
    const second = c.listInventory(BIOTRACK_DEMO.location);
    setTimeout(() => impatient.abort(new Error('the first caller gave up')), 30);
    await expect(first).rejects.toThrow('the first caller gave up');
    await expect(second).resolves.toHaveLength(3);
  });

  it('rejects bad credentials as unauthorized without leaking the password', async () => {
    const secret = 'wrong-password-do-not-print';
    const err = await client({ password: secret }).listInventory(BIOTRACK_DEMO.location).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BioTrackError);
    expect(err).toMatchObject({ kind: 'unauthorized', engine: 'biotrack' });
    expect(`${(err as Error).message} ${JSON.stringify(err)}`).not.toContain(secret);
  });

  it('rejects a dispense from an on-hold lot', async () => {
    const engine = new BioTrackEngine({ client: client(), licenseNumber: BIOTRACK_DEMO.location });
    const err = await engine.reportSale({ ...sale('bt-hold'), lines: [{ packageLabel: BIOTRACK_DEMO.lots.onHold, quantity: 1, unitOfMeasure: 'Each', totalAmountCents: 2500 }] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'invalid' });
    expect((err as Error).message).toContain('on hold');
  });

  it('does not duplicate a dispense whose answer was lost', async () => {
    const engine = new BioTrackEngine({ client: client(), licenseNumber: BIOTRACK_DEMO.location });
    await client().login(); // so the login itself is not the lost call
    sim.control.loseResponses(1, { method: 'POST', path: '/v1/dispense' });
    const first = await reportSaleOnce(engine, sale('bt-lost'), { lookupFirst: false });
    expect(first.alreadyReported).toBe(true);
    await reportSaleOnce(engine, sale('bt-lost'));
    expect(sim.control.dispenses().filter((d) => d.ExternalID === 'bt-lost')).toHaveLength(1);
    expect(sim.control.quantity(BIOTRACK_DEMO.lots.flower)).toBe(496.5);
  });

  it('maps outages, HTML pages and timeouts like the Metrc client', async () => {
    const c = client({ timeoutMs: TIMEOUT_MS });
    await c.login();
    sim.control.outage(60_000);
    await expect(c.listInventory(BIOTRACK_DEMO.location)).rejects.toMatchObject({ kind: 'server', status: 503, retryable: true });
    sim.control.clearFaults();
    sim.control.htmlErrors(1, 502);
    await expect(c.listInventory(BIOTRACK_DEMO.location)).rejects.toMatchObject({ kind: 'server', status: 502 });
    sim.control.slow(LATE_MS, { count: 1 });
    await expect(c.listInventory(BIOTRACK_DEMO.location)).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('commits a write whose caller gave up during a slow answer, as a real server would', async () => {
    const c = client({ timeoutMs: TIMEOUT_MS });
    await c.login();
    sim.control.slow(LATE_MS, { method: 'POST', path: '/v1/inventory/adjust', count: 1 });
    const adjust = { LocationLicense: BIOTRACK_DEMO.location, Barcode: BIOTRACK_DEMO.lots.prerolls, Quantity: -2, Reason: 'Damaged' };
    await expect(c.adjustInventory(adjust)).rejects.toMatchObject({ kind: 'timeout', outcomeUnknown: true });
    // BioTrack had the whole request: it finishes the write after the caller gave up.
    for (let waited = 0; sim.control.adjustments().length === 0; waited += 50) {
      if (waited > 10_000) throw new Error('the slow write never landed');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // A caller that posts again without checking files it twice.
    expect(sim.control.adjustments()).toHaveLength(1);
    expect(sim.control.quantity(BIOTRACK_DEMO.lots.prerolls)).toBe(38);
  });
});
