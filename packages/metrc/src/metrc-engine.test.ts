import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MetrcClient } from './metrc-client';
import { MetrcEngine, toMetrcReceipt } from './metrc-engine';
import { startMetrcSimulator, type MetrcSimulator } from './simulator/metrc-simulator';
import { DEMO_LICENSES, DEMO_PACKAGES, DEMO_USER_KEY, DEMO_VENDOR_KEY } from './simulator/metrc-seed';
import { reportSaleOnce, type TraceSale } from './traceability';
import { TraceabilityError } from './traceability-error';

const CA = DEMO_LICENSES.caRetail;
let sim: MetrcSimulator;
let engine: MetrcEngine;

function order(id: string, quantity = 2): TraceSale {
  return {
    externalReceiptNumber: id,
    salesDateTime: '2025-04-20T23:20:00.000Z',
    timezone: 'America/Los_Angeles',
    customerType: 'Consumer',
    lines: [
      {
        packageLabel: DEMO_PACKAGES.ca.prepack,
        quantity,
        unitOfMeasure: 'Each',
        totalAmountCents: 7000,
        unitPriceCents: 3500,
        taxes: { exciseCents: 1050, salesCents: 788, cityCents: 0 },
      },
    ],
  };
}

beforeAll(async () => {
  sim = await startMetrcSimulator();
  engine = new MetrcEngine({
    client: new MetrcClient({ vendorKey: DEMO_VENDOR_KEY, userKey: DEMO_USER_KEY, baseUrl: sim.url, timeoutMs: 5_000, getRetries: 0 }),
    licenseNumber: CA,
  });
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

describe('toMetrcReceipt', () => {
  it('sends facility-local time without offset, dollars, and only the taxes we know', () => {
    const receipt = toMetrcReceipt(order('o-1'));
    expect(receipt.SalesDateTime).toBe('2025-04-20T16:20:00');
    expect(receipt.Transactions[0]).toEqual({
      PackageLabel: DEMO_PACKAGES.ca.prepack,
      Quantity: 2,
      UnitOfMeasure: 'Each',
      TotalAmount: 70,
      Price: 35,
      ExciseTax: 10.5,
      SalesTax: 7.88,
      CityTax: 0,
    });
  });
});

describe('MetrcEngine', () => {
  it('reports a sale and finds it by our order id', async () => {
    const ref = await engine.reportSale(order('o-2'));
    expect(await engine.findSaleByExternalNumber('o-2')).toEqual({ engine: 'metrc', externalId: ref.externalId, voided: false });
    const stored = sim.control.receipts({ externalReceiptNumber: 'o-2' })[0];
    expect(stored?.Transactions[0]).toMatchObject({ ExciseTax: 10.5, SalesTax: 7.88, TotalPrice: 70 });
  });

  it('does not look up after a plain rejection', async () => {
    const err = await reportSaleOnce(engine, { ...order('o-bad'), lines: [{ ...order('o-bad').lines[0]!, packageLabel: DEMO_PACKAGES.ca.onHold }] }, { lookupFirst: false }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'invalid', retryable: false, outcomeUnknown: false });
    expect(sim.control.requests().map((r) => r.method)).toEqual(['POST']);
  });

  it('does not duplicate a sale whose answer was lost', async () => {
    sim.control.loseResponses(1, { method: 'POST', path: '/sales/v2/receipts' });
    const before = sim.control.quantity(DEMO_PACKAGES.ca.prepack) as number;

    const first = await reportSaleOnce(engine, order('o-lost'), { lookupFirst: false });
    expect(first.alreadyReported).toBe(true); // the post's answer was lost; the look-up found it

    const retry = await reportSaleOnce(engine, order('o-lost'));
    expect(retry).toMatchObject({ alreadyReported: true, externalId: first.externalId });
    expect(sim.control.receipts({ externalReceiptNumber: 'o-lost' })).toHaveLength(1);
    expect(sim.control.quantity(DEMO_PACKAGES.ca.prepack)).toBe(before - 2);
  });

  it('finds a sale that committed after the client timed out', async () => {
    const impatient = new MetrcEngine({
      client: new MetrcClient({ vendorKey: DEMO_VENDOR_KEY, userKey: DEMO_USER_KEY, baseUrl: sim.url, timeoutMs: 1_000, getRetries: 0 }),
      licenseNumber: CA,
    });
    // The write is answered 2.5 s late, well past the client's second (a 250 ms answer against a
    // 100 ms time-out could come first when a loaded machine ran the timer late).
    sim.control.slow(2_500, { count: 1, method: 'POST' });
    const err = await impatient.reportSale(order('o-slow')).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'timeout', outcomeUnknown: true });
    // The slow server finishes the write; the next attempt is a patient one (a 100 ms look-up can
    // time out too on a loaded machine, which is not what this test is about).
    for (let waited = 0; sim.control.receipts({ externalReceiptNumber: 'o-slow' }).length === 0; waited += 50) {
      if (waited > 10_000) throw new Error('the slow write never landed');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const patient = new MetrcEngine({
      client: new MetrcClient({ vendorKey: DEMO_VENDOR_KEY, userKey: DEMO_USER_KEY, baseUrl: sim.url, timeoutMs: 10_000, getRetries: 0 }),
      licenseNumber: CA,
    });
    expect(await reportSaleOnce(patient, order('o-slow'))).toMatchObject({ alreadyReported: true });
    expect(sim.control.receipts({ externalReceiptNumber: 'o-slow' })).toHaveLength(1);
  });

  it('gives the error back when the post failed and the look-up finds nothing', async () => {
    sim.control.failNext(1, 503, { method: 'POST' });
    const err = await reportSaleOnce(engine, order('o-503')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TraceabilityError);
    expect(err).toMatchObject({ kind: 'server', retryable: true, outcomeUnknown: true });
    expect(sim.control.requests().map((r) => `${r.method} ${r.status}`)).toEqual(['GET 404', 'POST 503', 'GET 404']);
    expect((await reportSaleOnce(engine, order('o-503'))).alreadyReported).toBe(false);
    expect(sim.control.receipts({ externalReceiptNumber: 'o-503' })).toHaveLength(1);
  });

  it('voids a sale (unfinalizing first) and restores stock; a voided sale is not re-posted', async () => {
    const before = sim.control.quantity(DEMO_PACKAGES.ca.prepack) as number;
    const ref = await engine.reportSale(order('o-void'));
    sim.control.store.setFinal(CA, [{ Id: Number(ref.externalId) }], true);
    await engine.voidSale(ref.externalId);
    expect(sim.control.quantity(DEMO_PACKAGES.ca.prepack)).toBe(before);
    const again = await reportSaleOnce(engine, order('o-void'));
    expect(again).toMatchObject({ alreadyReported: true, voided: true });
    expect(sim.control.receipts({ externalReceiptNumber: 'o-void' })).toHaveLength(1);
  });

  it('reports an adjustment with the facility-local date', async () => {
    await engine.reportAdjustment({
      packageLabel: DEMO_PACKAGES.ca.flower,
      quantity: -2,
      unitOfMeasure: 'Grams',
      reason: 'Waste',
      note: 'dropped jar',
      adjustedAt: '2025-04-21T02:00:00Z',
      timezone: 'America/Los_Angeles',
    });
    expect(sim.control.adjustments(CA)[0]).toMatchObject({ adjustmentDate: '2025-04-20', reason: 'Waste', quantity: -2 });
  });

  it('files an adjustment under the name the state’s own list gives its reason, and refuses one the list lacks before sending it', async () => {
    // A state whose regulator keeps its own list (as Oregon's does): no "Waste", but "Mandated Destruction".
    const own = (Name: string, RequiresNote = false) => ({ Name, RequiresNote, RequiresWasteWeight: false, RequiresImmatureWasteWeight: false, RequiresMatureWasteWeight: false });
    const stateSim = await startMetrcSimulator({ states: { CA: { adjustmentReasons: [own('Drying'), own('Entry Error', true), own('MANDATED DESTRUCTION', true)] } } });
    try {
      const client = new MetrcClient({ vendorKey: DEMO_VENDOR_KEY, userKey: DEMO_USER_KEY, baseUrl: stateSim.url, timeoutMs: 5_000, getRetries: 0 });
      const ownEngine = new MetrcEngine({ client, licenseNumber: CA });
      const adjustment = { packageLabel: DEMO_PACKAGES.ca.flower, quantity: -2, unitOfMeasure: 'Grams', note: 'Destroyed (grind)', adjustedAt: '2025-04-21T02:00:00Z', timezone: 'America/Los_Angeles' };
      await ownEngine.reportAdjustment({ ...adjustment, reason: 'Waste', alternativeReasons: ['Mandated Destruction'] });
      expect(stateSim.control.adjustments(CA).map((a) => a.reason)).toEqual(['MANDATED DESTRUCTION']);
      // The list is read once for both adjustments.
      const err = await ownEngine.reportAdjustment({ ...adjustment, reason: 'Theft' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TraceabilityError);
      expect(err).toMatchObject({ kind: 'invalid', retryable: false });
      expect((err as Error).message).toContain('Drying, Entry Error, MANDATED DESTRUCTION');
      expect(stateSim.control.adjustments(CA)).toHaveLength(1);
      expect(stateSim.control.requests().filter((r) => r.path.startsWith('/packages/v2/adjust/reasons'))).toHaveLength(1);
    } finally {
      await stateSim.close();
    }
  });

  it('answers no allotment, not a crash, when Metrc answers a patient status with an empty body', async () => {
    for (const body of ['', 'null']) {
      const empty = (async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })) as typeof fetch;
      const client = new MetrcClient({ vendorKey: DEMO_VENDOR_KEY, userKey: DEMO_USER_KEY, baseUrl: sim.url, getRetries: 0, fetch: empty });
      await expect(new MetrcEngine({ client, licenseNumber: DEMO_LICENSES.miRetail }).getPatientAllotment('MI-PT-UNKNOWN')).resolves.toBeNull();
    }
  });

  it('lists packages with a sellable flag', async () => {
    const packages = await engine.listPackages();
    const byLabel = new Map(packages.map((p) => [p.label, p]));
    expect(byLabel.get(DEMO_PACKAGES.ca.prepack)?.sellable).toBe(true);
    expect(byLabel.get(DEMO_PACKAGES.ca.onHold)).toMatchObject({ onHold: true, sellable: false });
    expect(byLabel.get(DEMO_PACKAGES.ca.untested)?.sellable).toBe(false);
  });
});
