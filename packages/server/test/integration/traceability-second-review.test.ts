// Regression tests from a second review of state reporting: when batched reports fall due, what a
// store's change of settings does to reports already queued, and the state's adjustment reasons.
import { DEMO_LICENSES } from '@verdant/metrc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, customerSecrets, linkCaregiver, setMedicalPatient } from '../../src/modules/customers';
import { traceabilityOf } from '../../src/modules/traceability';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { DEMO_ORGANIZATION_ID } from '../../src/seed/demo-seed';
import { addSimPackages, connectCaStore, reportOf, startTraceHarness, waitUntil, writeSales, type TraceHarness } from './traceability-harness';

describe('traceability second review', () => {
  let h: TraceHarness;

  beforeAll(async () => {
    h = await startTraceHarness();
    await h.login('owner');
    await connectCaStore(h);
  });
  afterAll(() => h?.close());

  const queued = (key: string) => waitUntil(async () => (await reportOf(h.platform, key)) !== undefined, 20_000, `${key} to be queued`);

  it('a batched sale that reaches reporting late (an offline register) is still due within the state’s longest delay from the sale', async () => {
    // California: batched reports may wait a day at most (24 h from the sale).
    await connectCaStore(h, { mode: 'batched', batchMinutes: 1440 });
    try {
      const [label] = addSimPackages(h.sim, 1, 9600, 100);
      const completedAt = new Date(Date.now() - 20 * 3600_000);
      const [orderId] = await writeSales(h.platform, [{ storeId: h.caStoreId, completedAt, lines: [{ packageLabel: label, quantity: 1 }] }]);
      await queued(`sale:${orderId}`);
      const report = (await reportOf(h.platform, `sale:${orderId}`))!;
      // Due 24 h after the sale (4 h from now), not 24 h after it reached us.
      expect(new Date(report.next_attempt_at).getTime()).toBeLessThanOrEqual(completedAt.getTime() + 24 * 3600_000);
    } finally {
      await connectCaStore(h);
    }
  });

  it('a store switched from batched to real-time reporting sends the reports its batch still held', async () => {
    await connectCaStore(h, { mode: 'batched', batchMinutes: 600 });
    const [label] = addSimPackages(h.sim, 1, 9601, 100);
    const [orderId] = await writeSales(h.platform, [{ storeId: h.caStoreId, completedAt: new Date(), lines: [{ packageLabel: label, quantity: 1 }] }]);
    await queued(`sale:${orderId}`);
    expect((await reportOf(h.platform, `sale:${orderId}`))!.status).toBe('queued');
    // The manager turns batching off: the state should hear of the sale now, not in ten hours.
    await connectCaStore(h, { mode: 'realtime' });
    await waitUntil(async () => (await reportOf(h.platform, `sale:${orderId}`))?.status === 'sent', 10_000, 'the held sale to be sent');
    expect(h.sim.control.receipts({ license: DEMO_LICENSES.caRetail, externalReceiptNumber: orderId })).toHaveLength(1);
  });

  it('a caregiver’s purchase whose caregiver card is not on file is not filed as the patient’s own purchase', async () => {
    const worker = traceabilityOf(h.platform).worker;
    const secrets = customerSecrets(h.platform.config);
    const { patientId, caregiverId } = await inTransaction(h.platform.tx, systemContext(DEMO_ORGANIZATION_ID), async (uow) => {
      const patient = await createCustomer(uow, DEMO_ORGANIZATION_ID, { firstName: 'Pat', lastName: 'Second', birthDate: '1970-03-04', kind: 'medical', idJurisdiction: 'US-CA' });
      const caregiver = await createCustomer(uow, DEMO_ORGANIZATION_ID, { firstName: 'Care', lastName: 'Nocard', birthDate: '1975-05-06', kind: 'medical', idJurisdiction: 'US-CA' });
      await setMedicalPatient(uow, DEMO_ORGANIZATION_ID, patient.id, { cardNumber: 'CA-MMIC-445566', cardJurisdiction: 'US-CA', cardExpiresOn: '2030-01-01' }, secrets);
      // Linked without the caregiver's card.
      await linkCaregiver(uow, DEMO_ORGANIZATION_ID, patient.id, { caregiverCustomerId: caregiver.id }, secrets);
      return { patientId: patient.id, caregiverId: caregiver.id };
    });
    const { maxAttempts } = worker.options;
    worker.options.maxAttempts = 2;
    try {
      const [label] = addSimPackages(h.sim, 1, 9602, 50);
      const [orderId] = await writeSales(h.platform, [
        { storeId: h.caStoreId, completedAt: new Date(), customer: { id: patientId, kind: 'medical', caregiverId } as never, lines: [{ packageLabel: label, quantity: 1 }] },
      ]);
      await waitUntil(async () => ['sent', 'failed'].includes((await reportOf(h.platform, `sale:${orderId}`))?.status ?? ''), 20_000, 'the caregiver sale to settle');
      // The state is not told the patient bought it themselves: it asks for the caregiver's number.
      expect(h.sim.control.receipts({ license: DEMO_LICENSES.caRetail, externalReceiptNumber: orderId })).toEqual([]);
      const report = (await reportOf(h.platform, `sale:${orderId}`))!;
      expect(report.status).toBe('failed');
      expect(report.last_error).toMatch(/CaregiverLicenseNumber is required/);
    } finally {
      worker.options.maxAttempts = maxAttempts;
    }
  });
});
