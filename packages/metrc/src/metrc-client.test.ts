import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatFacilityDateTime } from './facility-time';
import { collect, eachRecord, MetrcClient, type MetrcClientOptions } from './metrc-client';
import { MetrcError } from './metrc-errors';
import { startMetrcSimulator, type MetrcSimulator } from './simulator/metrc-simulator';
import { DEMO_FILLER_PACKAGES, DEMO_LICENSES, DEMO_OTHER_USER_KEY, DEMO_PACKAGES, DEMO_PATIENTS, DEMO_USER_KEY, DEMO_VENDOR_KEY } from './simulator/metrc-seed';
import type { MetrcListResponse, MetrcReceiptInput } from './metrc-types';

const CA = DEMO_LICENSES.caRetail;
const MI = DEMO_LICENSES.miRetail;
let sim: MetrcSimulator;

function client(overrides: Partial<MetrcClientOptions> = {}): MetrcClient {
  return new MetrcClient({ vendorKey: DEMO_VENDOR_KEY, userKey: DEMO_USER_KEY, baseUrl: sim.url, timeoutMs: 10_000, getRetries: 0, ...overrides });
}

async function failure(promise: Promise<unknown>): Promise<MetrcError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(MetrcError);
    return err as MetrcError;
  }
  throw new Error('expected the call to fail');
}

function sale(label: string, quantity: number, unit: string, extra: Partial<MetrcReceiptInput> = {}): MetrcReceiptInput {
  return {
    SalesDateTime: '2025-04-20T16:20:00',
    SalesCustomerType: 'Consumer',
    Transactions: [{ PackageLabel: label, Quantity: quantity, UnitOfMeasure: unit, TotalAmount: 35 }],
    ...extra,
  };
}

beforeAll(async () => {
  sim = await startMetrcSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.control.reset();
});

describe('authentication and scope', () => {
  it('maps bad keys to unauthorized, not retryable', async () => {
    const err = await failure(client({ userKey: 'not-a-real-user-key' }).getFacilities());
    expect(err.kind).toBe('unauthorized');
    expect(err.status).toBe(401);
    expect(err.retryable).toBe(false);
  });

  it('maps a licence the user cannot reach to forbidden', async () => {
    const err = await failure(client().listPackages(DEMO_LICENSES.foreign, 'active'));
    expect(err.kind).toBe('forbidden');
    expect(err.message).toContain(DEMO_LICENSES.foreign);
    // The other licensee can read it with their own key.
    const theirs = await client({ userKey: DEMO_OTHER_USER_KEY }).listPackages(DEMO_LICENSES.foreign, 'active');
    expect(theirs.Data.map((p) => p.Label)).toContain(DEMO_PACKAGES.foreign.prepack);
  });

  it('refuses sales endpoints to a licence type that cannot sell', async () => {
    const err = await failure(client().createReceipts(DEMO_LICENSES.caDistributor, [sale(DEMO_PACKAGES.ca.prepack, 1, 'Each')]));
    expect(err.kind).toBe('forbidden');
  });

  it('takes a 401 that names an endpoint the licence lacks for forbidden, not for bad keys', async () => {
    // Metrc answers an endpoint that is off for the licence type with 401 or 403 and this message;
    // keys it does not know get a 401 with no body.
    const offEndpoint = (async () =>
      new Response(JSON.stringify({ Message: 'No valid endpoint found' }), { status: 401, headers: { 'content-type': 'application/json' } })) as typeof fetch;
    const err = await failure(client({ fetch: offEndpoint }).getPatientStatuses(CA, 'CA-PT-1'));
    expect(err).toMatchObject({ kind: 'forbidden', status: 401, retryable: false });
    const badKeys = (async () => new Response(null, { status: 401 })) as typeof fetch;
    expect((await failure(client({ fetch: badKeys }).getFacilities())).kind).toBe('unauthorized');
  });

  it('lists only the facilities of the user', async () => {
    const facilities = await client().getFacilities();
    expect(facilities.map((f) => f.License.Number).sort()).toEqual([CA, DEMO_LICENSES.caDistributor, MI].sort());
  });

  it('never puts keys in error messages or serialised errors', async () => {
    const secretUser = 'user-key-that-must-not-leak-42';
    const errors = [
      await failure(client({ userKey: secretUser }).getFacilities()),
      await failure(client({ userKey: secretUser, baseUrl: 'http://127.0.0.1:1' }).getFacilities()),
    ];
    sim.control.htmlErrors(1);
    errors.push(await failure(client().getFacilities()));
    for (const err of errors) {
      const text = `${err.message} ${JSON.stringify(err)} ${String(err.stack)}`;
      for (const secret of [secretUser, DEMO_VENDOR_KEY, DEMO_USER_KEY, Buffer.from(`${DEMO_VENDOR_KEY}:${secretUser}`).toString('base64')]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(JSON.stringify(client())).not.toContain(DEMO_USER_KEY);
  });
});

describe('paging', () => {
  it('walks every page of the v2 wrapper, 20 at a time', async () => {
    const first = await client().listPackages(CA, 'active', { pageNumber: 1, pageSize: 20 });
    const activeCount = 6 + DEMO_FILLER_PACKAGES; // the seed's active packages
    expect(first).toMatchObject({ Total: activeCount, PageSize: 20, Page: 1, TotalPages: 2, RecordsOnPage: 20 });
    const all = await collect(client().allPackages(CA, 'active'));
    expect(all).toHaveLength(activeCount);
    expect(new Set(all.map((p) => p.Label)).size).toBe(activeCount);
    expect(sim.control.requests().filter((r) => r.path === '/packages/v2/active')).toHaveLength(3);
  });

  it('keeps walking while TotalPages says there is more, and to a short page when it is missing', async () => {
    const rows = Array.from({ length: 45 }, (_, i) => i);
    // A server that pages by 10 whatever is asked: the short pages are not the end.
    const capped = await collect(
      eachRecord(async (page) => {
        const data = rows.slice((page - 1) * 10, page * 10);
        return { Data: data, Total: 45, TotalRecords: 45, PageSize: 10, RecordsOnPage: data.length, Page: page, CurrentPage: page, TotalPages: 5 };
      }),
    );
    expect(capped).toEqual(rows);
    // A wrapper without TotalPages: full pages go on, the short one ends the walk.
    const bare = await collect(eachRecord(async (page, size) => ({ Data: rows.slice((page - 1) * size, page * size) }) as MetrcListResponse<number>));
    expect(bare).toEqual(rows);
  });

  it('rejects page sizes over 20 before calling', async () => {
    await expect(client().listPackages(CA, 'active', { pageSize: 50 })).rejects.toThrow(RangeError);
  });

  it('lists on-hold and inactive packages separately', async () => {
    const onHold = await client().listPackages(CA, 'onhold');
    expect(onHold.Data.map((p) => p.Label)).toEqual([DEMO_PACKAGES.ca.onHold]);
    const inactive = await client().listPackages(CA, 'inactive');
    expect(inactive.Data.map((p) => p.Label)).toEqual([DEMO_PACKAGES.ca.finished]);
  });
});

describe('failures', () => {
  it('maps 429 to rate_limited with the Retry-After in ms', async () => {
    sim.control.rateLimitBurst(1, 7);
    const err = await failure(client().getFacilities());
    expect(err).toMatchObject({ kind: 'rate_limited', status: 429, retryable: true, retryAfterMs: 7_000 });
  });

  it('retries a GET after a short 429 and succeeds', async () => {
    sim.control.rateLimitBurst(1, 0);
    const facilities = await client({ getRetries: 2 }).getFacilities();
    expect(facilities.length).toBeGreaterThan(0);
    expect(sim.control.requests().map((r) => r.status)).toEqual([429, 200]);
  });

  it('leaves no abort listener behind on the caller\'s signal after retried GETs', async () => {
    const signal = new AbortController().signal;
    sim.control.rateLimitBurst(2, 0);
    await client({ getRetries: 2 }).getFacilities(signal);
    // A worker that passes one long-lived signal to every call must not collect a listener per retry.
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('turns an HTML 500 page into a readable server error', async () => {
    sim.control.htmlErrors(1, 500);
    const err = await failure(client().listPackages(CA, 'active'));
    expect(err.kind).toBe('server');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('500 - Internal Server Error');
    expect(err.message).not.toContain('<');
  });

  it('maps 503 during an outage window to a retryable server error', async () => {
    sim.control.outage(60_000);
    const err = await failure(client().getFacilities());
    expect(err).toMatchObject({ kind: 'server', status: 503, retryable: true });
    sim.control.clearFaults();
    await expect(client().getFacilities()).resolves.toHaveLength(3);
  });

  it('times out a slow answer', async () => {
    // The answer comes a second late; the client gives up at its 100 ms, well before it (a 400 ms
    // answer left a loaded machine too little room to tell the two apart).
    sim.control.slow(1000, { count: 1 });
    const started = Date.now();
    const err = await failure(client({ timeoutMs: 100 }).getFacilities());
    expect(err.kind).toBe('timeout');
    expect(err.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('maps a refused connection to network', async () => {
    const err = await failure(client({ baseUrl: 'http://127.0.0.1:1' }).getFacilities());
    expect(err.kind).toBe('network');
    expect(err.retryable).toBe(true);
  });

  it('answers 413 when a POST carries more objects than allowed', async () => {
    sim.control.setObjectLimit(2);
    const receipts = [1, 2, 3].map(() => sale(DEMO_PACKAGES.ca.prepack, 1, 'Each'));
    const err = await failure(client().createReceipts(CA, receipts));
    expect(err).toMatchObject({ kind: 'too_large', status: 413, retryable: false });
    expect(sim.control.receipts()).toHaveLength(0);
    await expect(client().createReceipts(CA, receipts.slice(0, 2))).resolves.toMatchObject({ Ids: [1, 2] });
  });

  it('marks a write whose answer was lost as outcome-unknown, and the lookup finds it', async () => {
    sim.control.loseResponses(1, { method: 'POST', path: '/sales/v2/receipts' });
    const err = await failure(client().createReceipts(CA, [sale(DEMO_PACKAGES.ca.prepack, 2, 'Each', { ExternalReceiptNumber: 'order-lost-1' })]));
    expect(err.kind).toBe('network');
    expect(err.outcomeUnknown).toBe(true);
    const found = await client().findReceiptByExternalNumber(CA, 'order-lost-1');
    expect(found?.Transactions[0]?.QuantitySold).toBe(2);
    expect(sim.control.receipts({ externalReceiptNumber: 'order-lost-1' })).toHaveLength(1);
    expect(await client().findReceiptByExternalNumber(CA, 'never-sent')).toBeNull();
  });

  it('prefers the live receipt when Metrc answers several for one external number', async () => {
    // Metrc takes a duplicate external number; a voided copy must not hide the live one, or a
    // void would be skipped and the live sale left standing at the state.
    const voided = { Id: 7, ExternalReceiptNumber: 'order-dup', ArchivedDate: '2025-04-20T17:00:00Z' };
    const live = { Id: 9, ExternalReceiptNumber: 'order-dup', ArchivedDate: null };
    const answers = [[voided, live], { Data: [voided, live] }];
    for (const answer of answers) {
      const several = (async () => new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } })) as typeof fetch;
      expect((await client({ fetch: several }).findReceiptByExternalNumber(CA, 'order-dup'))?.Id).toBe(9);
    }
  });
});

describe('sales receipts', () => {
  it('decrements the package, voids back, and moves between active and inactive', async () => {
    const c = client();
    const before = sim.control.quantity(DEMO_PACKAGES.ca.prepack) as number;
    const { Ids } = await c.createReceipts(CA, [sale(DEMO_PACKAGES.ca.prepack, 3, 'Each', { ExternalReceiptNumber: 'order-1' })]);
    const id = Ids?.[0] as number;
    expect(sim.control.quantity(DEMO_PACKAGES.ca.prepack)).toBe(before - 3);
    expect((await c.listReceipts(CA, 'active')).Data.map((r) => r.Id)).toEqual([id]);

    await c.voidReceipt(CA, id);
    expect(sim.control.quantity(DEMO_PACKAGES.ca.prepack)).toBe(before);
    const voided = await c.getReceipt(CA, id);
    expect(voided.ArchivedDate).not.toBeNull();
    expect((await c.listReceipts(CA, 'active')).Data).toHaveLength(0);
    expect((await c.listReceipts(CA, 'inactive')).Data.map((r) => r.Id)).toEqual([id]);
  });

  it('updates a receipt against the restored quantity', async () => {
    const c = client();
    const before = sim.control.quantity(DEMO_PACKAGES.ca.prepack) as number;
    const id = (await c.createReceipts(CA, [sale(DEMO_PACKAGES.ca.prepack, 3, 'Each')])).Ids?.[0] as number;
    await c.updateReceipts(CA, [{ Id: id, ...sale(DEMO_PACKAGES.ca.prepack, 5, 'Each') }]);
    expect(sim.control.quantity(DEMO_PACKAGES.ca.prepack)).toBe(before - 5);
    // A rejected update leaves the original sale in place.
    await failure(c.updateReceipts(CA, [{ Id: id, ...sale(DEMO_PACKAGES.ca.onHold, 1, 'Each') }]));
    expect(sim.control.quantity(DEMO_PACKAGES.ca.prepack)).toBe(before - 5);
  });

  it('finalizes and unfinalizes; a finalized receipt cannot be voided', async () => {
    const c = client();
    const id = (await c.createReceipts(CA, [sale(DEMO_PACKAGES.ca.prepack, 1, 'Each')])).Ids?.[0] as number;
    await c.finalizeReceipts(CA, [id]);
    expect((await c.getReceipt(CA, id)).IsFinal).toBe(true);
    expect((await failure(c.voidReceipt(CA, id))).kind).toBe('invalid');
    await c.unfinalizeReceipts(CA, [id]);
    await c.voidReceipt(CA, id);
    expect((await c.getReceipt(CA, id)).ArchivedDate).not.toBeNull();
  });

  it('filters receipts by facility-local sales date', async () => {
    const c = client();
    await c.createReceipts(CA, [
      sale(DEMO_PACKAGES.ca.prepack, 1, 'Each', { SalesDateTime: '2025-04-19T23:59:00' }),
      sale(DEMO_PACKAGES.ca.prepack, 1, 'Each', { SalesDateTime: '2025-04-20T00:01:00' }),
    ]);
    const day = await c.listReceipts(CA, 'active', { salesDateStart: '2025-04-20', salesDateEnd: '2025-04-20' });
    expect(day.Data.map((r) => r.SalesDateTime)).toEqual(['2025-04-20T00:01:00']);
    const mixed = await failure(c.listReceipts(CA, 'active', { salesDateStart: '2025-04-20', lastModifiedStart: new Date() }));
    expect(mixed.kind).toBe('invalid');
  });

  it('rejects sales from on-hold, recalled, untested and finished packages', async () => {
    const c = client();
    for (const [label, why] of [
      [DEMO_PACKAGES.ca.onHold, 'on hold'],
      [DEMO_PACKAGES.ca.recalled, 'recall'],
      [DEMO_PACKAGES.ca.untested, 'TestPassed'],
      [DEMO_PACKAGES.ca.finished, 'finished'],
    ] as const) {
      const err = await failure(c.createReceipts(CA, [sale(label, 1, 'Each')]));
      expect(err.kind).toBe('invalid');
      expect(err.message).toContain(why);
    }
    expect(sim.control.receipts()).toHaveLength(0);
  });

  it('converts between weight units and rejects a count/weight mismatch', async () => {
    const c = client();
    const before = sim.control.quantity(DEMO_PACKAGES.ca.flower) as number;
    await c.createReceipts(CA, [sale(DEMO_PACKAGES.ca.flower, 0.125, 'Ounces')]);
    expect(sim.control.quantity(DEMO_PACKAGES.ca.flower)).toBeCloseTo(before - 3.543690390625, 5);
    const err = await failure(c.createReceipts(CA, [sale(DEMO_PACKAGES.ca.prepack, 3.5, 'Grams')]));
    expect(err.kind).toBe('invalid');
    expect(err.message).toMatch(/unit of measure Grams does not match/);
  });

  it('rejects the whole batch when one receipt oversells', async () => {
    const before = sim.control.quantity(DEMO_PACKAGES.ca.prepack) as number;
    const err = await failure(client().createReceipts(CA, [sale(DEMO_PACKAGES.ca.prepack, before - 1, 'Each'), sale(DEMO_PACKAGES.ca.prepack, 2, 'Each')]));
    expect(err.message).toContain('row 1');
    expect(sim.control.quantity(DEMO_PACKAGES.ca.prepack)).toBe(before);
  });

  it('rejects a SalesDateTime carrying an offset', async () => {
    const err = await failure(client().createReceipts(CA, [sale(DEMO_PACKAGES.ca.prepack, 1, 'Each', { SalesDateTime: '2025-04-20T23:20:00Z' })]));
    expect(err.message).toContain('facility-local');
  });
});

describe('patients, packages, transfers, lab results, deliveries', () => {
  it('reduces a patient allotment in ounces and gives it back on void', async () => {
    const c = client();
    const before = (await c.getPatientStatuses(MI, DEMO_PATIENTS.mi))[0];
    expect(before?.FlowerOuncesAvailable).toBe(2.5);
    const local = formatFacilityDateTime(new Date(), 'America/Detroit');
    const id = (await c.createReceipts(MI, [
      { SalesDateTime: local, SalesCustomerType: 'Patient', PatientLicenseNumber: DEMO_PATIENTS.mi, Transactions: [{ PackageLabel: DEMO_PACKAGES.mi.flower, Quantity: 14, UnitOfMeasure: 'Grams', TotalAmount: 140 }] },
    ])).Ids?.[0] as number;
    const after = (await c.getPatientStatuses(MI, DEMO_PATIENTS.mi))[0];
    expect(after?.FlowerOuncesPurchased).toBeCloseTo(14 / 28.349523125, 5);
    expect(after?.FlowerOuncesAvailable).toBeCloseTo(2.5 - 14 / 28.349523125, 5);

    const over = await failure(c.createReceipts(MI, [
      { SalesDateTime: local, SalesCustomerType: 'Patient', PatientLicenseNumber: DEMO_PATIENTS.mi, Transactions: [{ PackageLabel: DEMO_PACKAGES.mi.flower, Quantity: 2.5, UnitOfMeasure: 'Ounces', TotalAmount: 500 }] },
    ]));
    expect(over.message).toContain('oz of Flower available');

    await c.voidReceipt(MI, id);
    expect((await c.getPatientStatuses(MI, DEMO_PATIENTS.mi))[0]?.FlowerOuncesAvailable).toBe(2.5);
  });

  it('has no patient status endpoint in California', async () => {
    const err = await failure(client().getPatientStatuses(CA, DEMO_PATIENTS.mi));
    expect(err.kind).toBe('forbidden');
  });

  it('adjusts a package with a state reason and refuses unknown reasons', async () => {
    const c = client();
    const reasons = await c.getAdjustmentReasons(CA);
    expect(reasons.map((r) => r.Name)).toContain('Scale Variance');
    const before = sim.control.quantity(DEMO_PACKAGES.ca.flower) as number;
    await c.adjustPackages(CA, [{ Label: DEMO_PACKAGES.ca.flower, Quantity: -1.5, UnitOfMeasure: 'Grams', AdjustmentReason: 'Scale Variance', AdjustmentDate: '2025-04-20' }]);
    expect(sim.control.quantity(DEMO_PACKAGES.ca.flower)).toBeCloseTo(before - 1.5, 6);
    const bad = await failure(c.adjustPackages(CA, [{ Label: DEMO_PACKAGES.ca.flower, Quantity: -1, UnitOfMeasure: 'Grams', AdjustmentReason: 'Ate it', AdjustmentDate: '2025-04-20' }]));
    expect(bad.message).toContain('not an adjustment reason in CA');
    const noNote = await failure(c.adjustPackages(CA, [{ Label: DEMO_PACKAGES.ca.flower, Quantity: -1, UnitOfMeasure: 'Grams', AdjustmentReason: 'Theft', AdjustmentDate: '2025-04-20' }]));
    expect(noNote.message).toContain('requires a note');
  });

  it('gets a package by label and 404s an unknown one', async () => {
    const pkg = await client().getPackage(CA, DEMO_PACKAGES.ca.prepack);
    expect(pkg).toMatchObject({ Label: DEMO_PACKAGES.ca.prepack, UnitOfMeasureName: 'Each', Item: { Name: 'Blue Dream 3.5g' } });
    expect((await failure(client().getPackage(CA, '1A4000000000000000009999'))).kind).toBe('not_found');
  });

  it('shows a manifest shipped by control as incoming, with deliveries, packages and lab results', async () => {
    const c = client();
    const shipped = sim.control.shipTransfer({
      toLicense: CA,
      fromLicense: DEMO_LICENSES.caDistributor,
      packages: [
        { itemName: 'Sour Diesel 3.5g', quantity: 48, unitOfMeasure: 'Each', unitWeightGrams: 3.5 },
        { itemName: 'Sour Diesel Flower', quantity: 454, unitOfMeasure: 'Grams' },
      ],
    });
    const incoming = await collect(c.allIncomingTransfers(CA));
    expect(incoming).toHaveLength(1);
    expect(incoming[0]).toMatchObject({ ManifestNumber: shipped.manifestNumber, PackageCount: 2, ReceivedDateTime: null });
    const deliveries = await c.listTransferDeliveries(CA, incoming[0]?.Id as number);
    expect(deliveries.map((d) => d.Id)).toEqual([shipped.deliveryId]);
    const packages = await c.listDeliveryPackages(CA, shipped.deliveryId);
    expect(packages.map((p) => p.PackageLabel)).toEqual(shipped.labels);

    sim.control.receiveTransfer(shipped.manifestNumber);
    const received = await c.getPackage(CA, shipped.labels[0] as string);
    expect(received).toMatchObject({ Quantity: 48, ReceivedFromManifestNumber: shipped.manifestNumber, LabTestingState: 'TestPassed' });
    const results = await c.listLabResults(CA, received.Id);
    expect(results[0]).toMatchObject({ PackageId: received.Id, OverallPassed: true, SourcePackageLabel: received.Label });
    await c.createReceipts(CA, [sale(received.Label, 1, 'Each')]);
    expect(sim.control.quantity(received.Label, CA)).toBe(47);
  });

  it('runs a sales delivery: create reduces, a return restocks, void restores', async () => {
    const c = client();
    const before = sim.control.quantity(DEMO_PACKAGES.ca.prepack) as number;
    const delivery = {
      SalesDateTime: '2025-04-20T12:00:00',
      SalesCustomerType: 'Consumer' as const,
      DriverEmployeeId: 'E1',
      DriverName: 'Dana Driver',
      DriversLicenseNumber: 'D1234567',
      PhoneNumberForQuestions: '555-0100',
      VehicleMake: 'Toyota',
      VehicleModel: 'Prius',
      VehicleLicensePlateNumber: '8ABC123',
      RecipientName: 'Casey',
      RecipientAddressStreet1: '1 Main St',
      RecipientAddressCity: 'Oakland',
      RecipientAddressState: 'CA',
      RecipientAddressPostalCode: '94601',
      PlannedRoute: 'I-880 N',
      EstimatedDepartureDateTime: '2025-04-20T12:05:00',
      EstimatedArrivalDateTime: '2025-04-20T12:40:00',
      Transactions: [{ PackageLabel: DEMO_PACKAGES.ca.prepack, Quantity: 4, UnitOfMeasure: 'Each', TotalAmount: 140 }],
    };
    const [first, second] = (await c.createSalesDeliveries(CA, [delivery, delivery])).Ids as number[];
    expect(sim.control.quantity(DEMO_PACKAGES.ca.prepack)).toBe(before - 8);
    const reasons = await c.getDeliveryReturnReasons(CA);
    await c.completeSalesDeliveries(CA, [
      {
        Id: first as number,
        ActualArrivalDateTime: '2025-04-20T12:38:00',
        PaymentType: 'Cash',
        AcceptedPackages: [],
        ReturnedPackages: [{ Label: DEMO_PACKAGES.ca.prepack, ReturnQuantityVerified: 1, ReturnUnitOfMeasure: 'Each', ReturnReason: reasons[0]?.Name as string }],
      },
    ]);
    expect(sim.control.quantity(DEMO_PACKAGES.ca.prepack)).toBe(before - 7);
    await c.voidSalesDelivery(CA, second as number);
    expect(sim.control.quantity(DEMO_PACKAGES.ca.prepack)).toBe(before - 3);
    expect((await c.getSalesDelivery(CA, first as number)).SalesDeliveryState).toBe('Delivered');
    expect((await c.listSalesDeliveries(CA, 'inactive')).Data).toHaveLength(2);
  });
});
