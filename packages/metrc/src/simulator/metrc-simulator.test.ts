import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_LICENSES, DEMO_PACKAGES, DEMO_USER_KEY, DEMO_VENDOR_KEY } from './metrc-seed';
import { startMetrcSimulator, type MetrcSimulator } from './metrc-simulator';
import { FaultPlan } from './faults';

const CA = DEMO_LICENSES.caRetail;
const auth = { authorization: `Basic ${Buffer.from(`${DEMO_VENDOR_KEY}:${DEMO_USER_KEY}`).toString('base64')}` };
let sim: MetrcSimulator;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.url}/__control${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

const receipt = (label: string, qty: number, external?: string) => ({
  SalesDateTime: '2025-04-20T10:00:00',
  SalesCustomerType: 'Consumer',
  ExternalReceiptNumber: external,
  Transactions: [{ PackageLabel: label, Quantity: qty, UnitOfMeasure: 'Each', TotalAmount: 10 }],
});

beforeAll(async () => {
  sim = await startMetrcSimulator({ rateLimits: { perFacilityPerSecond: 3, perIntegratorPerSecond: 100 } });
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

describe('HTTP control API', () => {
  it('injects a 429 burst and an outage, lists and clears faults', async () => {
    expect((await control('POST', '/faults/rate-limit', { count: 2, retryAfterSeconds: 3 })).status).toBe(200);
    const first = await api('GET', '/facilities/v2');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await api('GET', '/facilities/v2')).status).toBe(429);
    expect((await api('GET', '/facilities/v2')).status).toBe(200);

    await control('POST', '/faults/outage', { durationMs: 60_000 });
    expect((await api('GET', '/facilities/v2')).status).toBe(503);
    expect((await api('POST', `/sales/v2/receipts?licenseNumber=${CA}`, [receipt(DEMO_PACKAGES.ca.prepack, 1)])).status).toBe(503);
    expect((await control('GET', '/faults')).body).toHaveLength(1);
    await control('DELETE', '/faults');
    expect((await api('GET', '/facilities/v2')).status).toBe(200);
    expect(sim.control.receipts()).toHaveLength(0);
  });

  it('limits a fault to a method and path prefix', async () => {
    await control('POST', '/faults/status', { count: 1, status: 500, method: 'POST', path: '/sales/v2/receipts' });
    expect((await api('GET', `/sales/v2/receipts/active?licenseNumber=${CA}`)).status).toBe(200);
    expect((await api('POST', `/sales/v2/receipts?licenseNumber=${CA}`, [receipt(DEMO_PACKAGES.ca.prepack, 1)])).status).toBe(500);
    expect((await api('POST', `/sales/v2/receipts?licenseNumber=${CA}`, [receipt(DEMO_PACKAGES.ca.prepack, 1)])).status).toBe(200);
  });

  it('commits a write whose response is lost', async () => {
    await control('POST', '/faults/lost-response', { count: 1, method: 'POST' });
    await expect(api('POST', `/sales/v2/receipts?licenseNumber=${CA}`, [receipt(DEMO_PACKAGES.ca.prepack, 1, 'lost-1')])).rejects.toThrow();
    const stored = await control('GET', '/receipts?externalReceiptNumber=lost-1');
    expect(stored.body).toHaveLength(1);
    expect(sim.control.requests().at(-1)).toMatchObject({ status: 'lost', fault: 'lost-response' });
  });

  it('serves an HTML error page', async () => {
    await control('POST', '/faults/html', { count: 1, status: 503 });
    const res = await fetch(`${sim.url}/facilities/v2`, { headers: auth });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('<title>503 - Service Unavailable</title>');
  });

  it('enforces an object limit set over HTTP', async () => {
    await control('POST', '/object-limit', { limit: 1 });
    const res = await api('POST', `/sales/v2/receipts?licenseNumber=${CA}`, [receipt(DEMO_PACKAGES.ca.prepack, 1), receipt(DEMO_PACKAGES.ca.prepack, 1)]);
    expect(res.status).toBe(413);
    expect(res.body.Message).toContain('no more than 1');
  });

  it('ships and receives a manifest, patches packages, and resets', async () => {
    const shipped = await control('POST', '/transfers/ship', { toLicense: CA, packages: [{ itemName: 'Tincture 30ml', quantity: 12, unitOfMeasure: 'Each', categoryType: 'InfusedNonEdible' }] });
    expect(shipped.status).toBe(200);
    const received = await control('POST', `/transfers/${shipped.body.manifestNumber}/receive`);
    expect(received.body[0]).toMatchObject({ Quantity: 12, ReceivedFromManifestNumber: shipped.body.manifestNumber });

    const patched = await control('PATCH', `/packages/${DEMO_PACKAGES.ca.prepack}`, { IsOnHold: true });
    expect(patched.body.IsOnHold).toBe(true);
    expect((await api('POST', `/sales/v2/receipts?licenseNumber=${CA}`, [receipt(DEMO_PACKAGES.ca.prepack, 1)])).status).toBe(400);

    await control('POST', '/reset');
    expect((await control('GET', `/packages/${DEMO_PACKAGES.ca.prepack}`)).body.IsOnHold).toBe(false);
    expect((await control('GET', `/packages?license=${CA}`)).body.some((p: { Label: string }) => p.Label === shipped.body.labels[0])).toBe(false);
  });

  it('answers 404 for unknown control endpoints and 400 for bad fault specs', async () => {
    expect((await control('GET', '/nope')).status).toBe(404);
    expect((await control('POST', '/faults', { kind: 'explode' })).status).toBe(400);
  });
});

describe('Metrc behaviour', () => {
  it('rate limits GETs per facility with 429 and Retry-After, never POSTs', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api('GET', `/packages/v2/active?licenseNumber=${CA}&pageNumber=1&pageSize=1`)).status);
    // The bucket holds 3 and refills at 3/s, so the burst passes and the calls right after it do not.
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toContain(429);
    for (let i = 0; i < 5; i++) expect((await api('POST', `/sales/v2/receipts?licenseNumber=${CA}`, [receipt(DEMO_PACKAGES.ca.prepack, 1)])).status).toBe(200);
  });

  it('answers 401 with no body for bad keys, 400 without a licence, 405 on a wrong method', async () => {
    const bad = await fetch(`${sim.url}/facilities/v2`, { headers: { authorization: 'Basic bm9wZTpub3Bl' } });
    expect(bad.status).toBe(401);
    expect(await bad.text()).toBe('');
    expect((await api('GET', '/packages/v2/active')).status).toBe(400);
    expect((await api('PUT', `/sales/v2/receipts/active?licenseNumber=${CA}`, [])).status).toBe(405);
  });

  it('caps the lastModified window at 24 hours', async () => {
    const start = new Date('2025-04-20T00:00:00Z').toISOString();
    const end = new Date('2025-04-21T00:00:01Z').toISOString();
    const res = await api('GET', `/packages/v2/active?licenseNumber=${CA}&lastModifiedStart=${start}&lastModifiedEnd=${end}`);
    expect(res.status).toBe(400);
    expect(res.body.Message).toContain('24 hours');
  });

  it('finds the live receipt by external number, ahead of a voided one', async () => {
    const first = await api('POST', `/sales/v2/receipts?licenseNumber=${CA}`, [receipt(DEMO_PACKAGES.ca.prepack, 1, 'dup')]);
    await api('DELETE', `/sales/v2/receipts/${first.body.Ids[0]}?licenseNumber=${CA}`);
    const second = await api('POST', `/sales/v2/receipts?licenseNumber=${CA}`, [receipt(DEMO_PACKAGES.ca.prepack, 1, 'dup')]);
    const found = await api('GET', `/sales/v2/receipts/external/dup?licenseNumber=${CA}`);
    expect(found.body.Id).toBe(second.body.Ids[0]);
    expect((await api('GET', `/sales/v2/receipts/external/none?licenseNumber=${CA}`)).status).toBe(404);
  });

  it('handles a few hundred receipts quickly (in-memory state)', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, batch) =>
        api('POST', `/sales/v2/receipts?licenseNumber=${CA}`, Array.from({ length: 10 }, (_, i) => receipt(DEMO_PACKAGES.ca.edibles, 0.25, `bulk-${batch}-${i}`))),
      ),
    );
    expect(sim.control.receipts({ license: CA })).toHaveLength(200);
    expect(sim.control.quantity(DEMO_PACKAGES.ca.edibles)).toBe(10);
  });
});

describe('FaultPlan', () => {
  it('stacks a delay with one other fault and expires by time', () => {
    let t = 0;
    const plan = new FaultPlan(() => t);
    plan.add({ kind: 'delay', delayMs: 50, count: 1 });
    plan.add({ kind: 'status', status: 500, count: 1 });
    plan.outage(1_000);
    expect(plan.decide('GET', '/x')).toEqual({ delayMs: 50, action: expect.objectContaining({ type: 'status', status: 500 }) });
    expect(plan.decide('GET', '/x').action).toMatchObject({ type: 'status', status: 503 });
    t = 1_001;
    expect(plan.decide('GET', '/x')).toEqual({ delayMs: 0, action: null });
  });
});
