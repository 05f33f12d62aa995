// A medical sale is filed with the license numbers the state asks for. They are not in the
// orders.order.completed event (webhooks carry it too): the report worker reads the patient's card,
// and the caregiver's when one bought, and decrypts them when sending.
import { DEMO_LICENSES } from '@verdant/metrc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, customerSecrets, linkCaregiver, setMedicalPatient } from '../../src/modules/customers';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { DEMO_ORGANIZATION_ID } from '../../src/seed/demo-seed';
import { addSimPackages, connectCaStore, reportOf, startTraceHarness, waitUntil, writeSales, type TraceHarness } from './traceability-harness';

describe('traceability: medical sales carry the patient and caregiver license numbers', () => {
  let h: TraceHarness;
  let patientId: string;
  let caregiverId: string;
  let bareId: string;

  beforeAll(async () => {
    h = await startTraceHarness();
    await connectCaStore(h);
    const secrets = customerSecrets(h.platform.config);
    await inTransaction(h.platform.tx, systemContext(DEMO_ORGANIZATION_ID), async (uow) => {
      const patient = await createCustomer(uow, DEMO_ORGANIZATION_ID, { firstName: 'Pat', lastName: 'Ient', birthDate: '1970-03-04', kind: 'medical', idJurisdiction: 'US-CA' });
      const caregiver = await createCustomer(uow, DEMO_ORGANIZATION_ID, { firstName: 'Care', lastName: 'Giver', birthDate: '1975-05-06', kind: 'medical', idJurisdiction: 'US-CA' });
      const bare = await createCustomer(uow, DEMO_ORGANIZATION_ID, { firstName: 'No', lastName: 'Card', birthDate: '1980-01-01', kind: 'medical', idJurisdiction: 'US-CA' });
      await setMedicalPatient(uow, DEMO_ORGANIZATION_ID, patient.id, { cardNumber: 'CA-MMIC-778899', cardJurisdiction: 'US-CA', cardExpiresOn: '2030-01-01' }, secrets);
      await linkCaregiver(uow, DEMO_ORGANIZATION_ID, patient.id, { caregiverCustomerId: caregiver.id, card: { number: 'CG-112233', jurisdiction: 'US-CA', expiresOn: '2030-01-01' } }, secrets);
      patientId = patient.id;
      caregiverId = caregiver.id;
      bareId = bare.id;
    });
  });
  afterAll(() => h?.close());

  const receiptFor = (orderId: string) => h.sim.control.receipts({ license: DEMO_LICENSES.caRetail, externalReceiptNumber: orderId });

  it('files a patient sale with the card number, and a caregiver sale with both', async () => {
    const [a, b] = addSimPackages(h.sim, 2, 7100, 50);
    const completedAt = new Date(Date.now() - 60_000);
    const [patientSale, caregiverSale] = await writeSales(h.platform, [
      { storeId: h.caStoreId, completedAt, customer: { id: patientId, kind: 'medical' }, lines: [{ packageLabel: a, quantity: 1 }] },
      { storeId: h.caStoreId, completedAt, customer: { id: patientId, kind: 'medical', caregiverId } as never, lines: [{ packageLabel: b, quantity: 1 }] },
    ]);
    for (const id of [patientSale, caregiverSale]) await waitUntil(async () => (await reportOf(h.platform, `sale:${id}`))?.status === 'sent', 20_000, `sale ${id}`);
    expect(receiptFor(patientSale)[0]).toMatchObject({ SalesCustomerType: 'Patient', PatientLicenseNumber: 'CA-MMIC-778899' });
    expect(receiptFor(caregiverSale)[0]).toMatchObject({ SalesCustomerType: 'Caregiver', PatientLicenseNumber: 'CA-MMIC-778899', CaregiverLicenseNumber: 'CG-112233' });
    // The numbers are read when sending, never written into the event or the report row.
    const stored = await h.platform.database.db.selectFrom('outbox_event').select('payload').where('aggregate_id', 'in', [patientSale, caregiverSale]).execute();
    const reports = await h.platform.database.db.selectFrom('trace_report').selectAll().where('order_id', 'in', [patientSale, caregiverSale]).execute();
    expect(JSON.stringify([stored, reports])).not.toMatch(/778899|112233/);
  });

  it('a medical sale without a card on file fails with the state’s reason, not silently', async () => {
    const [c] = addSimPackages(h.sim, 1, 7200, 50);
    const [orderId] = await writeSales(h.platform, [{ storeId: h.caStoreId, completedAt: new Date(), customer: { id: bareId, kind: 'medical' }, lines: [{ packageLabel: c, quantity: 1 }] }]);
    await waitUntil(async () => (await reportOf(h.platform, `sale:${orderId}`))?.status === 'failed', 20_000, 'the failed report');
    expect((await reportOf(h.platform, `sale:${orderId}`))?.last_error).toMatch(/PatientLicenseNumber is required/);
    expect(receiptFor(orderId)).toHaveLength(0);
  });
});
