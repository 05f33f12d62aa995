// Sales deliveries over real HTTP: what the simulator accepts and refuses, as Metrc does, and the
// client helpers that file and complete a delivery once even when an answer is lost.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MetrcClient } from '../metrc-client';
import { MetrcError } from '../metrc-errors';
import { completeSalesDeliveryOnce, fileSalesDeliveryOnce, findSalesDeliveryByReference, pickReturnReason, type TraceSalesDelivery } from '../metrc-sales-delivery';
import type { MetrcSalesDeliveryCompletion, MetrcSalesDeliveryInput } from '../metrc-types';
import { DEMO_LICENSES, DEMO_PACKAGES, DEMO_USER_KEY, DEMO_VENDOR_KEY, demoSeed } from './metrc-seed';
import { startMetrcSimulator, type MetrcSimulator } from './metrc-simulator';

const CA = DEMO_LICENSES.caRetail;
const NO_DELIVERY_LICENCE = 'C10-0000055-LIC';
const OHIO = 'OH-DISP-0001';
const PREPACK = DEMO_PACKAGES.ca.prepack;
let sim: MetrcSimulator;

const client = () => new MetrcClient({ vendorKey: DEMO_VENDOR_KEY, userKey: DEMO_USER_KEY, baseUrl: sim.url, timeoutMs: 10_000, getRetries: 0, rateLimiter: null });

async function failure(promise: Promise<unknown>): Promise<MetrcError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(MetrcError);
    return err as MetrcError;
  }
  throw new Error('expected the call to fail');
}

function delivery(extra: Partial<MetrcSalesDeliveryInput> = {}): MetrcSalesDeliveryInput {
  return {
    SalesDateTime: '2025-04-20T12:00:00',
    SalesCustomerType: 'Consumer',
    DriverName: 'Dana Driver',
    DriverEmployeeId: 'EMP-0042',
    DriversLicenseNumber: 'D1234567',
    PhoneNumberForQuestions: '+1-510-555-0100',
    VehicleMake: 'Ford',
    VehicleModel: 'Transit',
    VehicleLicensePlateNumber: '8ABC123',
    RecipientName: 'Dee Livery',
    RecipientAddressStreet1: '1 Main St',
    RecipientAddressCity: 'Oakland',
    RecipientAddressState: 'CA',
    RecipientAddressPostalCode: '94607',
    PlannedRoute: 'Stop 1 of 1: I-880 N to 1 Main St',
    EstimatedDepartureDateTime: '2025-04-20T12:05:00',
    EstimatedArrivalDateTime: '2025-04-20T12:40:00',
    Transactions: [
      { PackageLabel: PREPACK, Quantity: 2, UnitOfMeasure: 'Each', TotalAmount: 70 },
      { PackageLabel: DEMO_PACKAGES.ca.flower, Quantity: 3.5, UnitOfMeasure: 'Grams', TotalAmount: 45 },
    ],
    ...extra,
  };
}

function completion(id: number, extra: Partial<MetrcSalesDeliveryCompletion> = {}): MetrcSalesDeliveryCompletion {
  return { Id: id, ActualArrivalDateTime: '2025-04-20T12:38:00', PaymentType: 'Cash', AcceptedPackages: [PREPACK, DEMO_PACKAGES.ca.flower], ReturnedPackages: [], ...extra };
}

beforeAll(async () => {
  const seed = demoSeed();
  seed.facilities.push(
    { license: NO_DELIVERY_LICENCE, name: 'Counter Only Dispensary', state: 'CA', licenseType: 'Retailer', canSellToConsumers: true, canSellToPatients: false, canDeliverSalesToConsumers: false },
    { license: OHIO, name: 'Buckeye Dispensary', state: 'OH', licenseType: 'Dispensary', canSellToConsumers: true, canSellToPatients: true, canDeliverSalesToConsumers: true },
  );
  seed.users[0]?.licenses.push(NO_DELIVERY_LICENCE, OHIO);
  for (const license of [NO_DELIVERY_LICENCE, OHIO]) {
    seed.items.push({ license, name: 'Blue Dream 3.5g', category: 'Flower (packaged eighth - each)', categoryType: 'Buds', unitOfMeasure: 'Each', unitWeightGrams: 3.5 });
  }
  seed.packages.push({ license: NO_DELIVERY_LICENCE, label: '1A4055000000000000000001', itemName: 'Blue Dream 3.5g', quantity: 10 });
  seed.packages.push({ license: OHIO, label: '1A4077000000000000000001', itemName: 'Blue Dream 3.5g', quantity: 10 });
  sim = await startMetrcSimulator({ port: 0, seed, rateLimits: null });
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

describe('POST /sales/v2/deliveries', () => {
  it('files the manifest: packages leave at once, and the driver, vehicle, recipient and route are kept', async () => {
    const c = client();
    const before = sim.control.quantity(PREPACK) as number;
    const [id] = (await c.createSalesDeliveries(CA, [delivery({ RecipientAddressStreet2: 'Apt 4' })])).Ids as number[];
    expect(sim.control.quantity(PREPACK)).toBe(before - 2);
    const stored = await c.getSalesDelivery(CA, id as number);
    expect(stored).toMatchObject({
      SalesDeliveryState: 'InTransit',
      DriverName: 'Dana Driver',
      DriverEmployeeId: 'EMP-0042',
      DriversLicenseNumber: 'D1234567',
      VehicleMake: 'Ford',
      VehicleModel: 'Transit',
      VehicleLicensePlateNumber: '8ABC123',
      RecipientName: 'Dee Livery',
      RecipientAddressStreet1: '1 Main St',
      RecipientAddressStreet2: 'Apt 4',
      RecipientAddressCity: 'Oakland',
      RecipientAddressState: 'CA',
      RecipientAddressPostalCode: '94607',
      EstimatedArrivalDateTime: '2025-04-20T12:40:00',
      TotalPackages: 2,
      TotalPrice: 115,
      ActualArrivalDateTime: null,
    });
    expect(stored.Transactions.map((t) => [t.PackageLabel, t.QuantitySold])).toEqual([[PREPACK, 2], [DEMO_PACKAGES.ca.flower, 3.5]]);
    expect((await c.listSalesDeliveries(CA, 'active')).Data.map((d) => d.Id)).toEqual([id]);
  });

  it.each([
    'DriverName',
    'DriverEmployeeId',
    'DriversLicenseNumber',
    'PhoneNumberForQuestions',
    'VehicleMake',
    'VehicleModel',
    'VehicleLicensePlateNumber',
    'RecipientAddressStreet1',
    'RecipientAddressCity',
    'RecipientAddressState',
    'RecipientAddressPostalCode',
    'PlannedRoute',
    'EstimatedDepartureDateTime',
    'EstimatedArrivalDateTime',
  ] as const)('refuses a delivery without %s, and files nothing', async (field) => {
    const before = sim.control.quantity(PREPACK);
    const body = { ...delivery(), [field]: field === 'DriverName' ? '  ' : undefined } as unknown as MetrcSalesDeliveryInput;
    const err = await failure(client().createSalesDeliveries(CA, [delivery({ RecipientName: 'First row is fine' }), body]));
    expect(err).toMatchObject({ kind: 'invalid', status: 400 });
    expect(err.message).toContain(`row 1: ${field} is required`);
    expect(sim.control.quantity(PREPACK)).toBe(before);
    expect(sim.control.salesDeliveries(CA)).toHaveLength(0);
  });

  it('refuses packages the licence does not hold, quantities it does not have, and times or addresses Metrc would not take', async () => {
    const c = client();
    const cases: Array<[Partial<MetrcSalesDeliveryInput>, string]> = [
      [{ Transactions: [{ PackageLabel: '1A4000000000000000009999', Quantity: 1, UnitOfMeasure: 'Each', TotalAmount: 1 }] }, 'does not exist in the inventory of'],
      [{ Transactions: [{ PackageLabel: DEMO_PACKAGES.foreign.prepack, Quantity: 1, UnitOfMeasure: 'Each', TotalAmount: 1 }] }, 'does not exist in the inventory of'],
      [{ Transactions: [{ PackageLabel: PREPACK, Quantity: 101, UnitOfMeasure: 'Each', TotalAmount: 1 }] }, 'available; the sale needs'],
      [{ Transactions: [{ PackageLabel: PREPACK, Quantity: 0, UnitOfMeasure: 'Each', TotalAmount: 1 }] }, 'Quantity must be greater than zero'],
      [{ Transactions: [{ PackageLabel: DEMO_PACKAGES.ca.onHold, Quantity: 1, UnitOfMeasure: 'Each', TotalAmount: 1 }] }, 'on hold'],
      [{ Transactions: [] }, 'Transactions must list at least one package'],
      [{ RecipientAddressState: 'NV' }, 'outside CA'],
      [{ EstimatedDepartureDateTime: '2025-04-20T19:05:00Z' }, 'facility-local'],
      [{ EstimatedArrivalDateTime: '2025-04-20T12:00:00' }, 'before EstimatedDepartureDateTime'],
    ];
    for (const [extra, message] of cases) {
      const err = await failure(c.createSalesDeliveries(CA, [delivery(extra)]));
      expect(err.status, message).toBe(400);
      expect(err.message).toContain(message);
    }
    // Two rows that each fit but not together: nothing is filed.
    const err = await failure(c.createSalesDeliveries(CA, [
      delivery({ Transactions: [{ PackageLabel: PREPACK, Quantity: 60, UnitOfMeasure: 'Each', TotalAmount: 1 }] }),
      delivery({ Transactions: [{ PackageLabel: PREPACK, Quantity: 60, UnitOfMeasure: 'Each', TotalAmount: 1 }] }),
    ]));
    expect(err.message).toContain('row 1');
    expect(sim.control.quantity(PREPACK)).toBe(100);
    expect(sim.control.salesDeliveries()).toHaveLength(0);
  });

  it('refuses a facility that may not deliver, and answers 403 where the state has no sales deliveries', async () => {
    const c = client();
    const counter = await failure(c.createSalesDeliveries(NO_DELIVERY_LICENCE, [delivery({ Transactions: [{ PackageLabel: '1A4055000000000000000001', Quantity: 1, UnitOfMeasure: 'Each', TotalAmount: 1 }] })]));
    expect(counter.message).toContain('not licensed to deliver');
    const ohio = await failure(c.createSalesDeliveries(OHIO, [delivery({ RecipientAddressState: 'OH', Transactions: [{ PackageLabel: '1A4077000000000000000001', Quantity: 1, UnitOfMeasure: 'Each', TotalAmount: 1 }] })]));
    expect(ohio).toMatchObject({ kind: 'forbidden', status: 403 });
    expect((await failure(c.getDeliveryReturnReasons(OHIO))).kind).toBe('forbidden');
    // Ohio files receipts instead.
    expect((await c.createReceipts(OHIO, [{ SalesDateTime: '2025-04-20T12:00:00', SalesCustomerType: 'Consumer', Transactions: [{ PackageLabel: '1A4077000000000000000001', Quantity: 1, UnitOfMeasure: 'Each', TotalAmount: 1 }] }])).Ids).toHaveLength(1);
  });
});

describe('PUT /sales/v2/deliveries/complete', () => {
  it('completes with what the customer accepted, once; an unknown or completed delivery is refused', async () => {
    const c = client();
    const [id] = (await c.createSalesDeliveries(CA, [delivery()])).Ids as number[];
    expect((await failure(c.completeSalesDeliveries(CA, [completion(999_999)]))).message).toContain('delivery 999999 does not exist');
    await c.completeSalesDeliveries(CA, [completion(id as number)]);
    const done = await c.getSalesDelivery(CA, id as number);
    expect(done).toMatchObject({ SalesDeliveryState: 'Delivered', ActualArrivalDateTime: '2025-04-20T12:38:00', PaymentType: 'Cash', AcceptedPackages: [PREPACK, DEMO_PACKAGES.ca.flower], ReturnedPackages: [] });
    expect(sim.control.quantity(PREPACK)).toBe(98);
    const again = await failure(c.completeSalesDeliveries(CA, [completion(id as number)]));
    expect(again.message).toContain('is Delivered and cannot be completed');
    expect((await failure(c.voidSalesDelivery(CA, id as number))).message).toContain('cannot be voided');
    expect((await c.listSalesDeliveries(CA, 'inactive')).Data.map((d) => d.Id)).toEqual([id]);
    // Another licensee's delivery is not ours to complete.
    const foreign = await failure(c.completeSalesDeliveries(DEMO_LICENSES.caDistributor, [completion(id as number)]));
    expect(foreign.status).toBe(403);
  });

  it('returns packages with a state reason (restocking them); every package must be accounted for', async () => {
    const c = client();
    const [id] = (await c.createSalesDeliveries(CA, [delivery()])).Ids as number[];
    const reasons = await c.getDeliveryReturnReasons(CA);
    expect(reasons.map((r) => r.Name)).toEqual(['Spoilage', 'Theft', 'Customer Refused']);
    const back = (label: string, quantity: number, unit: string, reason = 'Customer Refused', note: string | null = 'nobody home') => ({
      Label: label, ReturnQuantityVerified: quantity, ReturnUnitOfMeasure: unit, ReturnReason: reason, ReturnReasonNote: note,
    });
    const refusals: Array<[Partial<MetrcSalesDeliveryCompletion>, string]> = [
      [{ AcceptedPackages: [PREPACK] }, `package ${DEMO_PACKAGES.ca.flower} of delivery ${id} is neither accepted nor returned`],
      [{ AcceptedPackages: [PREPACK, '1A4000000000000000009999'] }, 'is not on delivery'],
      [{ AcceptedPackages: [], ReturnedPackages: [back(PREPACK, 2, 'Each', 'Lost'), back(DEMO_PACKAGES.ca.flower, 3.5, 'Grams')] }, '"Lost" is not a delivery return reason in CA'],
      [{ AcceptedPackages: [], ReturnedPackages: [back(PREPACK, 2, 'Each', 'Theft', null), back(DEMO_PACKAGES.ca.flower, 3.5, 'Grams')] }, 'requires a note'],
      [{ AcceptedPackages: [], ReturnedPackages: [back(PREPACK, 3, 'Each'), back(DEMO_PACKAGES.ca.flower, 3.5, 'Grams')] }, 'cannot return more'],
      [{ AcceptedPackages: [DEMO_PACKAGES.ca.flower], ReturnedPackages: [back(PREPACK, 2, 'Each'), back(DEMO_PACKAGES.ca.flower, 3.5, 'Grams')] }, 'returned in full and cannot also be accepted'],
      [{ AcceptedPackages: [PREPACK], ReturnedPackages: [back(DEMO_PACKAGES.ca.flower, 1, 'Each')] }, 'does not match package'],
      [{ ActualArrivalDateTime: '2025-04-20T19:38:00.000Z' }, 'facility-local'],
      [{ PaymentType: null }, 'PaymentType is required when packages are accepted'],
    ];
    for (const [extra, message] of refusals) {
      const err = await failure(c.completeSalesDeliveries(CA, [completion(id as number, extra)]));
      expect(err.message, message).toContain(message);
    }
    expect((await c.getSalesDelivery(CA, id as number)).SalesDeliveryState).toBe('InTransit');
    const flowerBefore = sim.control.quantity(DEMO_PACKAGES.ca.flower) as number;
    // Nobody home: everything comes back to the store; no payment was taken.
    await c.completeSalesDeliveries(CA, [completion(id as number, { PaymentType: null, AcceptedPackages: [], ReturnedPackages: [back(PREPACK, 2, 'Each'), back(DEMO_PACKAGES.ca.flower, 3.5, 'Grams')] })]);
    expect(sim.control.quantity(PREPACK)).toBe(100);
    expect(sim.control.quantity(DEMO_PACKAGES.ca.flower)).toBeCloseTo(flowerBefore + 3.5, 6);
    expect((await c.getSalesDelivery(CA, id as number)).ReturnedPackages).toEqual([back(PREPACK, 2, 'Each'), back(DEMO_PACKAGES.ca.flower, 3.5, 'Grams')]);
    // A partial return: the rest of the package stays sold.
    const [partial] = (await c.createSalesDeliveries(CA, [delivery()])).Ids as number[];
    await c.completeSalesDeliveries(CA, [completion(partial as number, { ReturnedPackages: [back(PREPACK, 1, 'Each')] })]);
    expect(sim.control.quantity(PREPACK)).toBe(99);
  });
});

describe('filing and completing once', () => {
  const ours = (reference: string, quantity = 1): TraceSalesDelivery => ({
    sale: {
      externalReceiptNumber: 'order-1',
      salesDateTime: new Date('2025-04-20T19:00:00Z'),
      timezone: 'America/Los_Angeles',
      customerType: 'Consumer',
      lines: [{ packageLabel: PREPACK, quantity, unitOfMeasure: 'Each', totalAmountCents: 3500, unitPriceCents: 3500 }],
    },
    reference,
    recipientName: 'Dee Livery',
    address: { street1: '1 Main St', city: 'Oakland', state: 'CA', postalCode: '94607' },
    driver: { name: 'Dana Driver', employeeId: 'EMP-0042', driversLicenseNumber: 'D1234567' },
    vehicle: { make: 'Ford', model: 'Transit', licensePlate: '8ABC123' },
    phoneNumberForQuestions: '+1-510-555-0100',
    plannedRoute: 'Stop 1 of 1',
    estimatedDeparture: new Date('2025-04-20T19:00:00Z'),
    estimatedArrival: new Date('2025-04-20T19:30:00Z'),
  });

  it('a POST whose answer is lost is found by its reference, not filed again', async () => {
    const c = client();
    await c.createSalesDeliveries(CA, [delivery({ PlannedRoute: 'Someone else [ref other]' })]);
    sim.control.loseResponses(1, { method: 'POST', path: '/sales/v2/deliveries' });
    const since = new Date(Date.now() - 60_000);
    const filed = await fileSalesDeliveryOnce(c, CA, ours('delivery:o1:r1', 3), { since });
    expect(filed.alreadyReported).toBe(true);
    const mine = sim.control.salesDeliveries(CA).filter((d) => d.PlannedRoute.endsWith('[ref delivery:o1:r1]'));
    expect(mine.map((d) => d.Id)).toEqual([filed.id]);
    expect(mine[0]).toMatchObject({ SalesDateTime: '2025-04-20T12:00:00', EstimatedArrivalDateTime: '2025-04-20T12:30:00', PlannedRoute: 'Stop 1 of 1 [ref delivery:o1:r1]' });
    // Asked to look first (a retry), it files nothing new.
    expect(await fileSalesDeliveryOnce(c, CA, ours('delivery:o1:r1', 3), { since, lookupFirst: true })).toEqual({ id: filed.id, alreadyReported: true });
    expect(sim.control.quantity(PREPACK)).toBe(100 - 2 - 3);

    // Completed since: still found, in the inactive list.
    sim.control.loseResponses(1, { method: 'PUT', path: '/sales/v2/deliveries/complete' });
    const done = await completeSalesDeliveryOnce(c, CA, { deliveryId: filed.id, arrivedAt: new Date('2025-04-20T19:25:00Z'), timezone: 'America/Los_Angeles', paymentType: 'Cash', accepted: [PREPACK], returned: [] });
    expect(done).toEqual({ alreadyReported: true });
    expect(await completeSalesDeliveryOnce(c, CA, { deliveryId: filed.id, arrivedAt: new Date(), timezone: 'America/Los_Angeles', paymentType: 'Cash', accepted: [PREPACK], returned: [] })).toEqual({ alreadyReported: true });
    expect((await findSalesDeliveryByReference(c, CA, 'delivery:o1:r1', { since }))?.SalesDeliveryState).toBe('Delivered');
    expect(await findSalesDeliveryByReference(c, CA, 'delivery:o1:r2', { since })).toBeNull();
  });

  it('picks the first preferred return reason the state offers', () => {
    const reasons = [{ Name: 'Spoilage', RequiresNote: false }, { Name: 'Customer Refused', RequiresNote: false }];
    expect(pickReturnReason(reasons, ['Customer Rejected', 'customer refused'])?.Name).toBe('Customer Refused');
    expect(pickReturnReason(reasons, ['Undeliverable'])).toBeNull();
  });
});
