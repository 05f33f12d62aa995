import fc from 'fast-check';
import { MetrcError, metrcStateProfile, toMetrcSalesDelivery } from '@verdant/metrc';
import { describe, expect, it } from 'vitest';
import { createCredentialBox } from './traceability.credentials';
import { remainingAfterReturns, toTraceSale, type CompletedOrderPayload } from './traceability.engines';
import { DeliveryNotReady, metrcPaymentType, stateCode, toCompletion, toSalesDelivery, type DeliveryDepartedPayload } from './traceability.deliveries';
import { deliveryFilingFor, dueAt, policyFor, REPORTING_POLICIES } from './traceability.policy';
import { compareInventories, toLocalUnit } from './traceability.reconcile';
import { describeFailure, traceBackoffMs } from './traceability.worker';

const order = (lines: CompletedOrderPayload['lines']): CompletedOrderPayload => ({
  orderId: 'o-1', storeId: 's', timezone: 'America/Detroit', completedAt: '2025-04-20T23:20:00.000Z', customer: { id: 'c', kind: 'medical', patientLicenseNumber: 'MI-1' }, lines,
});

describe('reporting policy', () => {
  it('has a source and a valid date range on every row', () => {
    for (const p of REPORTING_POLICIES) {
      expect(p.source.length).toBeGreaterThan(10);
      expect(p.effective.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it.each([
    ['US-MA', 'batched', 'adult_use', 0],
    ['US-MI', 'batched', 'medical', 0],
    ['US-MI', 'batched', 'adult_use', 15],
    ['US-CA', 'realtime', 'adult_use', 0],
    ['US-ZZ', 'batched', 'adult_use', 15],
  ] as const)('%s %s %s → due in %d min', (jurisdiction, mode, kind, minutes) => {
    const now = new Date('2025-06-01T12:00:00Z');
    const due = dueAt({ policy: policyFor(jurisdiction, now), mode, batchMinutes: 15, customerKind: kind, now });
    expect((due.getTime() - now.getTime()) / 60_000).toBe(minutes);
  });

  it('a policy row starting on a date holds from the store’s midnight, not from midnight UTC', () => {
    // Michigan's row holds from 2019-12-01: 03:00 UTC that day is still 30 November in Detroit.
    const evening = new Date('2019-12-01T03:00:00Z');
    expect(policyFor('US-MI', evening, 'America/Detroit').system).toBe('none');
    expect(policyFor('US-MI', evening, 'America/Detroit').realtimeFor).toEqual([]);
    const morning = new Date('2019-12-01T05:30:00Z'); // 00:30 in Detroit
    expect(policyFor('US-MI', morning, 'America/Detroit')).toMatchObject({ system: 'metrc', realtimeFor: ['medical'] });
  });

  it('never blocks sales unless a rule says so', () => {
    expect(policyFor('US-CA').blockSalesWhenDown).toBe(false);
    expect(policyFor('US-ZZ').blockSalesWhenDown).toBe(false);
    expect(policyFor('US-IL').blockSalesWhenDown).toBe(true);
  });
});

describe('delivery filing', () => {
  it('files sales deliveries exactly where the state’s Metrc has them (the Metrc package’s endpoint table agrees)', () => {
    for (const p of REPORTING_POLICIES.filter((r) => r.system === 'metrc')) {
      const hasThem = metrcStateProfile(p.jurisdiction.slice(3))?.endpoints.includes('sales.deliveries') ?? false;
      expect(p.deliveryFiling, p.jurisdiction).toBe(hasThem ? 'sales_delivery' : 'receipt');
    }
    for (const p of REPORTING_POLICIES.filter((r) => r.system !== 'metrc')) expect(p.deliveryFiling, p.jurisdiction).toBe('receipt');
  });

  it.each([
    ['US-CA', 'metrc', 'sales_delivery'],
    ['US-NV', 'metrc', 'sales_delivery'],
    ['US-OH', 'metrc', 'receipt'],
    ['US-CA', 'biotrack', 'receipt'],
    ['US-CA', 'none', 'receipt'],
    ['US-IL', 'biotrack', 'receipt'],
    // No policy row: Metrc's endpoint table decides.
    ['US-MT', 'metrc', 'sales_delivery'],
    ['US-WV', 'metrc', 'receipt'],
    ['US-ZZ', 'metrc', 'receipt'],
  ] as const)('%s on %s → %s', (jurisdiction, engine, filing) => {
    expect(deliveryFilingFor(jurisdiction, engine)).toBe(filing);
  });

  const departed = (over: Partial<DeliveryDepartedPayload> = {}): DeliveryDepartedPayload => ({
    orderId: 'o-9', orderNumber: '1042', storeId: 's', timezone: 'America/Los_Angeles', customer: { id: 'c', kind: 'adult_use' },
    lines: [
      { packageLabel: 'A', quantity: 2, unit: 'each', totalCents: 7000 },
      { packageLabel: 'A', quantity: 1, unit: 'each', totalCents: 3500 },
      { packageLabel: 'B', quantity: 3.5, unit: 'g', totalCents: 4500 },
    ],
    runId: 'r-1', seq: 2, stopCount: 3, departedAt: '2025-04-20T19:00:00.000Z',
    driver: { id: 'd', name: 'Dana Driver' },
    vehicle: { id: 'v', name: 'Van 1', make: 'Ford', model: 'Transit', licensePlate: '8ABC123' },
    deliverTo: { name: 'Dee', address: { line1: '1 Main St', city: 'Oakland', region: 'ca', postalCode: '94607' } },
    ...over,
  });
  const build = (payload: DeliveryDepartedPayload, driver: { employeeId: string; driversLicenseNumber: string } | null = { employeeId: 'E', driversLicenseNumber: 'D' }, phone: string | null = '555-0100') =>
    toSalesDelivery({ payload, recipient: { name: payload.deliverTo.name ?? null, address: payload.deliverTo.address ?? null }, sale: toTraceSale({ ...payload, completedAt: payload.departedAt }, 'UTC'), reference: 'ref-1', storeName: 'Green Door', driver, phoneNumberForQuestions: phone });

  it('builds the manifest: departure as the sale time, an arrival per stop unless the customer asked for one', () => {
    const wire = toMetrcSalesDelivery(build(departed()));
    expect(wire).toMatchObject({
      SalesDateTime: '2025-04-20T12:00:00', EstimatedDepartureDateTime: '2025-04-20T12:00:00', EstimatedArrivalDateTime: '2025-04-20T13:00:00',
      RecipientAddressState: 'CA', DriverEmployeeId: 'E', VehicleLicensePlateNumber: '8ABC123',
      PlannedRoute: 'Stop 2 of 3, in loading order, from Green Door to 1 Main St, Oakland, CA 94607 (order 1042) [ref ref-1]',
    });
    expect('ExternalReceiptNumber' in wire).toBe(false);
    const asked = toMetrcSalesDelivery(build(departed({ deliverTo: { ...departed().deliverTo, deliverAt: '2025-04-20T22:15:00.000Z' } })));
    expect(asked.EstimatedArrivalDateTime).toBe('2025-04-20T15:15:00');
  });

  it('names everything Metrc needs that is not on file', () => {
    const bare = departed({ vehicle: { id: 'v', name: 'Van 1', make: null, model: 'Transit', licensePlate: null }, deliverTo: { name: null, address: null } });
    const err = (() => {
      try {
        build(bare, null, null);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a refusal');
    })();
    expect(err).toBeInstanceOf(DeliveryNotReady);
    expect(err.message).toContain("Dana Driver's state employee id");
    expect(err.message).toContain('phone number for delivery questions');
    expect(err.message).toContain('the make, licensePlate of vehicle Van 1');
    expect(err.message).toContain('a full delivery address (street, city, state, postal code) on order 1042');
    // The driver and phone can be put on file and the delivery resent; the vehicle and address cannot.
    expect(err.message).toContain('Once on file, the delivery is filed on its next try');
    expect(err.message).toContain('cannot be changed for this trip');
  });

  it('writes a US state name as its two-letter code; a region that is no state is named', () => {
    const named = departed({ deliverTo: { name: 'Dee', address: { line1: '1 Main St', city: 'Oakland', region: ' California ', postalCode: '94607' } } });
    expect(toMetrcSalesDelivery(build(named)).RecipientAddressState).toBe('CA');
    expect(stateCode('new  york')).toBe('NY');
    expect(stateCode('Bavaria')).toBeNull();
    const bad = departed({ deliverTo: { name: 'Dee', address: { line1: '1 Main St', city: 'Oakland', region: 'Bavaria', postalCode: '94607' } } });
    expect(() => build(bad)).toThrow(/"Bavaria" is not a US state/);
    expect(() => build(bad)).not.toThrow(/next try/);
  });

  it('completes: handed over, everything accepted; not delivered, everything returned per package with the reason and the driver’s words', () => {
    const ended = { runId: 'r-1', orderId: 'o-9', storeId: 's', reason: null, endedAt: '2025-04-20T19:40:00.000Z' };
    expect(toCompletion({ deliveryId: 7, departed: departed(), ended: { ...ended, outcome: 'delivered' }, timezone: 'America/Los_Angeles', paymentType: 'Cash', returnReason: null })).toEqual({
      deliveryId: 7, arrivedAt: ended.endedAt, timezone: 'America/Los_Angeles', paymentType: 'Cash', accepted: ['A', 'B'], returned: [],
    });
    const back = toCompletion({ deliveryId: 7, departed: departed(), ended: { ...ended, outcome: 'undelivered', reason: 'nobody home', redeliver: true }, timezone: 'UTC', paymentType: null, returnReason: 'Customer Refused' });
    expect(back.accepted).toEqual([]);
    expect(back.returned).toEqual([
      { packageLabel: 'A', quantity: 3, unitOfMeasure: 'Each', reason: 'Customer Refused', note: 'Brought back to the store to deliver later: nobody home' },
      { packageLabel: 'B', quantity: 3.5, unitOfMeasure: 'Grams', reason: 'Customer Refused', note: 'Brought back to the store to deliver later: nobody home' },
    ]);
  });

  it('names the payment by the tender that paid most', () => {
    expect(metrcPaymentType([{ provider: 'cash', amountCents: 1000, refundedCents: 0 }, { provider: 'terminal', amountCents: 3000, refundedCents: 0 }])).toBe('Card');
    expect(metrcPaymentType([{ provider: 'cash', amountCents: 5000, refundedCents: 0 }])).toBe('Cash');
    expect(metrcPaymentType([])).toBeNull();
  });
});

describe('sale mapping', () => {
  it('keeps the sale instant and maps units, taxes and the patient', () => {
    const sale = toTraceSale(order([{ packageLabel: 'A', quantity: 3.5, unit: 'g', totalCents: 4000, discountCents: 500, taxes: [{ amountCents: 400, metrcField: 'ExciseTax' }, { amountCents: 264, metrcField: 'SalesTax' }, { amountCents: 10 }] }]), 'UTC');
    expect(sale).toMatchObject({ externalReceiptNumber: 'o-1', salesDateTime: '2025-04-20T23:20:00.000Z', timezone: 'America/Detroit', customerType: 'Patient', patientLicenseNumber: 'MI-1' });
    expect(sale.lines[0]).toMatchObject({ unitOfMeasure: 'Grams', quantity: 3.5, totalAmountCents: 4000, taxes: { exciseCents: 400, salesCents: 264, discountCents: 500 } });
  });

  it('returns: what is left never goes below zero and nothing is invented', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ label: fc.constantFrom('A', 'B', 'C'), qty: fc.integer({ min: 1, max: 10 }) }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.record({ label: fc.constantFrom('A', 'B', 'C', 'D'), qty: fc.integer({ min: 1, max: 12 }) }), { maxLength: 5 }),
        (sold, back) => {
          const sale = toTraceSale(order(sold.map((l) => ({ packageLabel: l.label, quantity: l.qty, unit: 'each', totalCents: l.qty * 100 }))), 'UTC');
          const left = remainingAfterReturns(sale, [{ orderId: 'o-1', returnId: 'r', storeId: 's', returnedAt: '', lines: back.map((b) => ({ packageLabel: b.label, quantity: b.qty, unit: 'each', totalCents: b.qty * 100 })) }]);
          const soldBy = (label: string) => sold.filter((l) => l.label === label).reduce((n, l) => n + l.qty, 0);
          const backBy = (label: string) => back.filter((l) => l.label === label).reduce((n, l) => n + l.qty, 0);
          for (const label of ['A', 'B', 'C']) {
            const kept = (left?.lines ?? []).filter((l) => l.packageLabel === label).reduce((n, l) => n + l.quantity, 0);
            expect(kept).toBe(Math.max(0, soldBy(label) - backBy(label)));
          }
          for (const line of left?.lines ?? []) expect(line.quantity).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe('reconciliation', () => {
  it('converts state units to ours', () => {
    expect(toLocalUnit(3.5, 'Grams', 'mg')).toBe(3500);
    expect(toLocalUnit(1, 'Ounces', 'mg')).toBe(28350);
    expect(toLocalUnit(4, 'Each', 'each')).toBe(4);
    expect(toLocalUnit(4, 'Grams', 'each')).toBeNull();
  });

  it('classifies every difference and asks to hold what the state holds', () => {
    const local = [
      { id: '1', label: 'HELD', unit: 'each' as const, status: 'active', batchId: null, onHand: 5 },
      { id: '2', label: 'SHORT', unit: 'each' as const, status: 'active', batchId: null, onHand: 5 },
      { id: '3', label: 'PENDING', unit: 'each' as const, status: 'active', batchId: null, onHand: 5 },
      { id: '4', label: 'OURS', unit: 'mg' as const, status: 'active', batchId: null, onHand: 1000 },
      { id: '5', label: 'LOCALHOLD', unit: 'each' as const, status: 'on_hold', batchId: null, onHand: 2 },
    ];
    const state = [
      { label: 'HELD', itemName: '', quantity: 5, unitOfMeasure: 'Each', onHold: false, recalled: true },
      { label: 'SHORT', itemName: '', quantity: 7, unitOfMeasure: 'Each', onHold: false, recalled: false },
      { label: 'PENDING', itemName: '', quantity: 8, unitOfMeasure: 'Each', onHold: false, recalled: false },
      { label: 'THEIRS', itemName: '', quantity: 1, unitOfMeasure: 'Grams', onHold: false, recalled: false },
      { label: 'LOCALHOLD', itemName: '', quantity: 2, unitOfMeasure: 'Each', onHold: false, recalled: false },
    ];
    const diffs = compareInventories(local, state, new Map([['PENDING', 3]]));
    expect(diffs.map((d) => [d.packageLabel, d.kind, d.action])).toEqual([
      ['HELD', 'status_mismatch', 'hold'],
      ['SHORT', 'quantity_mismatch', null],
      ['OURS', 'missing_in_state', null],
      ['LOCALHOLD', 'status_mismatch', null],
      ['THEIRS', 'missing_locally', null],
    ]);
  });
});

describe('failures and secrets', () => {
  it('explains failures in words and never quotes markup', () => {
    const html = describeFailure(new MetrcError({ kind: 'server', status: 500, method: 'POST', path: '/sales/v2/receipts', message: 'Metrc POST /sales/v2/receipts failed: HTTP 500 (Runtime Error)' }));
    expect(html).toMatchObject({ kind: 'server', transport: true, outcomeUnknown: true });
    expect(html.message).toMatch(/^Metrc answered with a server error \(500\)/);
    const limited = describeFailure(new MetrcError({ kind: 'rate_limited', status: 429, method: 'POST', message: 'slow down', retryAfterMs: 3000 }));
    expect(limited).toMatchObject({ retryAfterMs: 3000, transport: false, outcomeUnknown: false });
    expect(describeFailure(new RangeError('Sale o-1 has no lines')).kind).toBe('internal');
  });

  it('backs off exponentially with jitter, capped', () => {
    const o = { baseBackoffMs: 100, maxBackoffMs: 1000 };
    expect(traceBackoffMs(1, o, () => 0)).toBe(50);
    expect(traceBackoffMs(3, o, () => 1)).toBe(400);
    expect(traceBackoffMs(10, o, () => 1)).toBe(1000);
  });

  it('seals keys to one store: another store id, or another key, cannot open them', () => {
    const box = createCredentialBox(Buffer.alloc(32, 7));
    const sealed = box.seal({ vendorKey: 'v-key', userKey: 'u-key' }, 'store-1');
    expect(sealed).not.toContain('u-key');
    expect(box.open(sealed, 'store-1')).toEqual({ vendorKey: 'v-key', userKey: 'u-key' });
    expect(() => box.open(sealed, 'store-2')).toThrow();
    expect(() => createCredentialBox(Buffer.alloc(32, 8)).open(sealed, 'store-1')).toThrow(/sealed with another key/);
  });
});
